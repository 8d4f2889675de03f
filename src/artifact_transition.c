/*-------------------------------------------------------------------------
 *
 * artifact_transition.c
 *	  The SQL-callable moves of the artifact lifecycle:
 *	  artifact_transition() and supersede_specification().  The lifecycle
 *	  itself is enforced by the triggers of versioning.c, which these
 *	  functions write through.
 *
 * Locking: both functions lock the row they change (FOR NO KEY UPDATE)
 * before reading its state: of two concurrent calls the second sees the
 * first one's result, or fails with 40001 at REPEATABLE READ and above.
 * They run as the calling user.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "versioning.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/uuid.h"

PG_FUNCTION_INFO_V1(artifact_transition);
PG_FUNCTION_INFO_V1(supersede_specification);

/* Operators in SPI queries are schema-qualified: search_path is the caller's. */
#define EQ " OPERATOR(pg_catalog.=) "

/* Longest rationale audit_log.rationale holds. */
#define RATIONALE_MAX_CHARS 1000

/* Cached plans. */
static SPIPlanPtr lock_artifact_plan = NULL;
static SPIPlanPtr transition_plan = NULL;
static SPIPlanPtr lock_spec_plan = NULL;
static SPIPlanPtr supersede_plan = NULL;

/* Raise 22004 when argument `argno` (named `name`) is NULL. */
static void
require_arg(FunctionCallInfo fcinfo, int argno, const char *funcname, const char *name)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: %s must not be NULL", funcname, name)));
}

/*
 * Run `query` (cached in *plan), which locks the row with id $1 of the
 * table holding `what`, and raise when there is no such row.  SPI must be
 * connected; the row is SPI_tuptable->vals[0].
 */
static void
lock_row_by_id(SPIPlanPtr *plan, const char *query, Datum id, const char *what)
{
	Oid			argtypes[1] = {UUIDOID};

	agentgov_spi_run(agentgov_plan(plan, query, 1, argtypes), &id, NULL, false, 2, SPI_OK_SELECT);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("%s %s does not exist", what, agentgov_uuid_str(id))));
	if (SPI_processed > 1)
		elog(ERROR, "%s id %s is not unique", what, agentgov_uuid_str(id));
}

/* A uuid Datum holding a copy of *value. */
static Datum
uuid_datum(const pg_uuid_t *value)
{
	pg_uuid_t  *copy = (pg_uuid_t *) palloc(sizeof(pg_uuid_t));

	*copy = *value;
	return UUIDPGetDatum(copy);
}

/*
 * artifact_transition(artifact_id, to_status, actor, rationale) -> artifacts
 *
 * Locks the artifact, moves it to to_status (with approved_by = actor for
 * APPROVED; the trigger checks the lifecycle and the approver).  Its audit
 * row, written by audit_row(), is annotated APPROVE for approvals and UPDATE
 * otherwise, with the actor and the rationale.
 */
Datum
artifact_transition(PG_FUNCTION_ARGS)
{
	const char *fn = "artifact_transition";
	Datum		artifact_id;
	char	   *to;
	pg_uuid_t	actor;
	char	   *from;
	Datum		args[4];
	char		nulls[4] = {' ', ' ', ' ', ' '};
	Oid			types[4] = {UUIDOID, UUIDOID, TEXTOID, UUIDOID};
	bool		isnull;
	Datum		result;

	require_arg(fcinfo, 0, fn, "artifact_id");
	require_arg(fcinfo, 1, fn, "to_status");
	artifact_id = PG_GETARG_DATUM(0);
	to = DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(1)));
	if (!PG_ARGISNULL(2))
		actor = *PG_GETARG_UUID_P(2);
	else if (!agentgov_current_user(&actor))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: actor must not be NULL when no acting user is set", fn),
				 errhint("Pass the acting user, or set it with agentgov.set_actor().")));
	if (!PG_ARGISNULL(3) &&
		DatumGetInt32(DirectFunctionCall1(textlen, PG_GETARG_DATUM(3))) > RATIONALE_MAX_CHARS)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
				 errmsg("%s: rationale is longer than %d characters", fn, RATIONALE_MAX_CHARS)));

	agentgov_spi_connect();
	lock_row_by_id(&lock_artifact_plan,
				   "SELECT org_id, status::text FROM agentgov.artifacts"
				   " WHERE id" EQ "$1 FOR NO KEY UPDATE",
				   artifact_id, "artifact");
	args[0] = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	from = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
	if (strcmp(from, to) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_AG_TRANSITION),
				 errmsg("artifact %s is already in status %s",
						agentgov_uuid_str(artifact_id), to)));
	agentgov_check_artifact_transition(from, to);

	args[1] = artifact_id;
	args[2] = CStringGetTextDatum(to);
	args[3] = uuid_datum(&actor);

	/* The audit row audit_row() writes for this change says what it means. */
	agentgov_audit_annotate("artifacts", agentgov_uuid_str(artifact_id),
							strcmp(to, "APPROVED") == 0 ? "APPROVE" : "UPDATE", &actor,
							PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3)));
	agentgov_spi_run(agentgov_plan(&transition_plan,
						  "UPDATE agentgov.artifacts a"
						  "   SET status = $3::agentgov.artifact_status,"
						  "       approved_by = CASE WHEN $3" EQ "'APPROVED'"
						  "                          THEN $4 ELSE a.approved_by END"
						  " WHERE a.org_id" EQ "$1 AND a.id" EQ "$2"
						  " RETURNING a",
						  4, types),
			args, nulls, false, 0, SPI_OK_UPDATE_RETURNING);
	if (SPI_processed != 1)
		elog(ERROR, "artifact %s was not updated", agentgov_uuid_str(artifact_id));
	result = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		elog(ERROR, "artifact %s was not returned", agentgov_uuid_str(artifact_id));
	result = SPI_datumTransfer(result, false, -1);
	SPI_finish();
	PG_RETURN_DATUM(result);
}

/*
 * supersede_specification(spec_id, content, source, confidence) -> uuid
 *
 * Locks the specification, refuses one that is no longer current, inserts
 * its successor (same org, project, conversation and category) and marks
 * the old row superseded by it.
 */
Datum
supersede_specification(PG_FUNCTION_ARGS)
{
	const char *fn = "supersede_specification";
	Datum		spec_id;
	Datum		args[5];
	char		nulls[5] = {' ', ' ', ' ', ' ', ' '};
	Oid			types[5] = {UUIDOID, UUIDOID, TEXTOID, TEXTOID, NUMERICOID};
	bool		isnull;
	Datum		result;

	require_arg(fcinfo, 0, fn, "spec_id");
	require_arg(fcinfo, 1, fn, "content");
	require_arg(fcinfo, 2, fn, "source");
	spec_id = PG_GETARG_DATUM(0);

	agentgov_spi_connect();
	lock_row_by_id(&lock_spec_plan,
				   "SELECT org_id, is_current, superseded_by::text"
				   "  FROM agentgov.specifications"
				   " WHERE id" EQ "$1 FOR NO KEY UPDATE",
				   spec_id, "specification");
	if (!DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull)))
	{
		char	   *successor = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3);

		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("specification %s has already been superseded",
						agentgov_uuid_str(spec_id)),
				 successor != NULL ?
				 errdetail("It was superseded by specification %s.", successor) :
				 errdetail("It is no longer current."),
				 errhint("Supersede the current specification instead.")));
	}

	args[0] = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	args[1] = spec_id;
	args[2] = PG_GETARG_DATUM(1);
	args[3] = CStringGetTextDatum(DatumGetCString(DirectFunctionCall1(enum_out,
																	  PG_GETARG_DATUM(2))));
	args[4] = PG_ARGISNULL(3) ? (Datum) 0 : PG_GETARG_DATUM(3);
	nulls[4] = PG_ARGISNULL(3) ? 'n' : ' ';
	agentgov_spi_run(agentgov_plan(&supersede_plan,
						  "WITH successor AS ("
						  "  INSERT INTO agentgov.specifications (org_id, project_id, conversation_id,"
						  "         category, content, source, confidence)"
						  "  SELECT s.org_id, s.project_id, s.conversation_id, s.category,"
						  "         $3, $4::agentgov.spec_source, $5"
						  "    FROM agentgov.specifications s"
						  "   WHERE s.org_id" EQ "$1 AND s.id" EQ "$2"
						  "  RETURNING id"
						  ")"
						  " UPDATE agentgov.specifications s"
						  "    SET is_current = false, superseded_at = pg_catalog.now(),"
						  "        superseded_by = successor.id"
						  "   FROM successor"
						  "  WHERE s.org_id" EQ "$1 AND s.id" EQ "$2"
						  " RETURNING successor.id",
						  5, types),
			args, nulls, false, 0, SPI_OK_UPDATE_RETURNING);
	if (SPI_processed != 1)
		elog(ERROR, "specification %s was not superseded", agentgov_uuid_str(spec_id));
	result = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	result = SPI_datumTransfer(result, false, UUID_LEN);
	SPI_finish();
	PG_RETURN_DATUM(result);
}
