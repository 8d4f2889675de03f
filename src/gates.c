/*-------------------------------------------------------------------------
 *
 * gates.c
 *	  Phase-gate policies and decisions.  Indicator scoring is in
 *	  gate_scoring.c, quality metrics and the maturity score in quality.c.
 *
 * gate_threshold() and gate_decide() expose the policy and the decision
 * rule.
 *
 * Gate decisions.  check_gate_decision() guards phase_gate_decisions:
 *	- on INSERT it scores the indicators, reads the gate policy in force for
 *	  the organization, fills score, target_threshold and decision when they
 *	  are not given and refuses them (23514) when they disagree; the decider
 *	  must be a MEMBER or ADMIN of the organization (42501); the gate must end
 *	  the project's current phase (AG004); the project's status becomes the
 *	  outcome and a PASS moves it to the next phase.
 *	- on UPDATE a decision's record is immutable (AG004) except for an
 *	  override: a change of decision with override_by, an ADMIN of the
 *	  organization (42501), and a reason.  The override applies to the latest
 *	  decision of the gate while the project is still in the gate's phase
 *	  (AG004), moves the project as a fresh decision would, stamps
 *	  override_at and writes an OVERRIDE row to audit_log.
 * evaluate_gate() and override_gate() are the client entry points; they
 * insert and update through the trigger, so direct writes follow the very
 * same rules.
 *
 * Locking:
 *	- A gate decision (insert or override) locks its project row FOR NO KEY
 *	  UPDATE before reading the project's phase and keeps the lock to the end
 *	  of the transaction: concurrent decisions for one project run one after
 *	  the other, and the second sees the first's move (READ COMMITTED) or
 *	  fails with a serialization error (REPEATABLE READ and SERIALIZABLE).
 *	  NO KEY UPDATE does not conflict with the FOR KEY SHARE locks that the
 *	  foreign-key checks of the project's child rows take.
 *	- An override locks its decision row (the UPDATE does), then the project.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "gates.h"
#include "membership.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

PG_FUNCTION_INFO_V1(gate_threshold);
PG_FUNCTION_INFO_V1(gate_decide);
PG_FUNCTION_INFO_V1(evaluate_gate);
PG_FUNCTION_INFO_V1(override_gate);
PG_FUNCTION_INFO_V1(check_gate_decision);

/* Labels of the gate_decision enum, by GateOutcome. */
static const char *const outcome_label[] = {"PASS", "CONDITIONAL", "FAIL"};

/* projects.status after a decision with that outcome. */
static const char *const outcome_status[] = {"PASSED", "CONDITIONAL", "FAILED"};

/* A gate, the phase it ends and the phase a PASS moves the project to. */
typedef struct GateMove
{
	const char *gate;
	const char *entry;
	const char *next;
} GateMove;

static const GateMove gate_moves[] = {
	{"VRC", "DISCOVER", "DEFINE"},
	{"VCD", "DEFINE", "DESIGN"},
	{"DSP", "DESIGN", "DEVELOP"},
	{"MDP", "DEVELOP", "DEPLOY"},
};

/* Threshold and conditional margin of a gate, from gate_policies. */
typedef struct GatePolicy
{
	int32		threshold;
	int32		margin;
} GatePolicy;

/* Cached plans. */
static SPIPlanPtr policy_plan = NULL;
static SPIPlanPtr project_org_plan = NULL;
static SPIPlanPtr lock_project_plan = NULL;
static SPIPlanPtr move_project_plan = NULL;
static SPIPlanPtr artifact_project_plan = NULL;
static SPIPlanPtr later_decision_plan = NULL;
static SPIPlanPtr insert_decision_plan = NULL;
static SPIPlanPtr override_decision_plan = NULL;

/* ----------------------------------------------------------------
 * Small helpers
 * ----------------------------------------------------------------
 */

/* The gate a gate_phase label names. */
static const GateMove *
gate_move(const char *gate)
{
	for (int i = 0; i < lengthof(gate_moves); i++)
		if (strcmp(gate_moves[i].gate, gate) == 0)
			return &gate_moves[i];
	elog(ERROR, "unknown gate \"%s\"", gate);
	return NULL;				/* keep the compiler quiet */
}

/* The outcome a gate_decision label names. */
static GateOutcome
outcome_from_label(const char *label)
{
	for (int i = 0; i < lengthof(outcome_label); i++)
		if (strcmp(outcome_label[i], label) == 0)
			return (GateOutcome) i;
	elog(ERROR, "unknown gate decision \"%s\"", label);
	return GATE_FAIL;			/* keep the compiler quiet */
}

/* Label of an enum value. */
static char *
enum_label(Datum value)
{
	return DatumGetCString(DirectFunctionCall1(enum_out, value));
}

/* The value of enum type typid with the given label. */
static Datum
enum_value(Oid typid, const char *label)
{
	return DirectFunctionCall2(enum_in, CStringGetDatum(label),
							   ObjectIdGetDatum(typid));
}

/* The gate decision PASS, CONDITIONAL or FAIL. */
static GateOutcome
decide(int32 score, int32 threshold, int32 margin, bool floor_failed)
{
	if (floor_failed)
		return GATE_FAIL;
	if (score >= threshold)
		return GATE_PASS;
	if (score >= threshold - margin)
		return GATE_CONDITIONAL;
	return GATE_FAIL;
}

/* Text of the first column of the first row SPI returned; NULL for no row. */
static char *
spi_first_text(void)
{
	if (SPI_processed == 0)
		return NULL;
	return SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
}

/* Column `attnum` of the first row SPI returned. */
static Datum
spi_column(int attnum, bool *isnull)
{
	return SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc,
						 attnum, isnull);
}

/* ----------------------------------------------------------------
 * Gate policies and decisions
 * ----------------------------------------------------------------
 */

/*
 * The policy in force for a gate: the organization's own row, else the
 * default row (org_id NULL).  Must be connected to SPI.
 */
static void
lookup_policy(const char *gate, Datum org_id, bool org_isnull, GatePolicy *policy)
{
	Oid			argtypes[2] = {TEXTOID, UUIDOID};
	Datum		values[2];
	char		nulls[2] = {' ', org_isnull ? 'n' : ' '};
	bool		isnull;

	values[0] = CStringGetTextDatum(gate);
	values[1] = org_id;
	agentgov_spi_run(agentgov_plan(&policy_plan,
						   "SELECT threshold, conditional_margin"
						   "  FROM agentgov.gate_policies"
						   " WHERE phase OPERATOR(pg_catalog.=) $1::agentgov.gate_phase"
						   "   AND (org_id OPERATOR(pg_catalog.=) $2 OR org_id IS NULL)"
						   " ORDER BY org_id NULLS LAST LIMIT 1",
						   2, argtypes),
			 values, nulls, true, 1, SPI_OK_SELECT);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("no gate policy for gate %s", gate),
				 errhint("CREATE EXTENSION seeds a default policy per gate (org_id NULL); restore the missing row.")));
	policy->threshold = DatumGetInt32(spi_column(1, &isnull));
	policy->margin = DatumGetInt32(spi_column(2, &isnull));
}

/* gate_threshold(phase gate_phase, org_id uuid DEFAULT NULL) -> integer */
Datum
gate_threshold(PG_FUNCTION_ARGS)
{
	GatePolicy	policy;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	agentgov_spi_connect();
	lookup_policy(enum_label(PG_GETARG_DATUM(0)),
				  PG_ARGISNULL(1) ? (Datum) 0 : PG_GETARG_DATUM(1),
				  PG_ARGISNULL(1), &policy);
	SPI_finish();
	PG_RETURN_INT32(policy.threshold);
}

/* Raise unless an argument of gate_decide() lies in 0..100. */
static void
check_percentage_arg(const char *argname, int32 value)
{
	if (value < 0 || value > 100)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be between 0 and 100", argname),
				 errdetail("Got %d.", value)));
}

/* gate_decide(score, threshold, margin DEFAULT 10, floor_failed DEFAULT false) -> gate_decision */
Datum
gate_decide(PG_FUNCTION_ARGS)
{
	int32		score = PG_GETARG_INT32(0);
	int32		threshold = PG_GETARG_INT32(1);
	int32		margin = PG_GETARG_INT32(2);
	bool		floor_failed = PG_GETARG_BOOL(3);
	Oid			typid = get_fn_expr_rettype(fcinfo->flinfo);

	check_percentage_arg("score", score);
	check_percentage_arg("threshold", threshold);
	check_percentage_arg("margin", margin);
	if (!OidIsValid(typid))
		typid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
								CStringGetDatum("gate_decision"),
								ObjectIdGetDatum(get_namespace_oid(AGENTGOV_SCHEMA, false)));
	PG_RETURN_DATUM(enum_value(typid,
							   outcome_label[decide(score, threshold, margin, floor_failed)]));
}

Datum
agentgov_project_org(Datum project_id)
{
	Oid			argtypes[1] = {UUIDOID};
	bool		isnull;

	agentgov_spi_run(agentgov_plan(&project_org_plan,
						   "SELECT org_id FROM agentgov.projects"
						   " WHERE id OPERATOR(pg_catalog.=) $1 LIMIT 2",
						   1, argtypes),
			 &project_id, NULL, true, 2, SPI_OK_SELECT);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("project %s does not exist", agentgov_uuid_str(project_id))));
	if (SPI_processed > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("project id %s is ambiguous", agentgov_uuid_str(project_id)),
				 errdetail("Projects of several organizations have this id.")));
	return spi_column(1, &isnull);
}

char *
agentgov_lock_project(Datum org_id, Datum project_id)
{
	Oid			argtypes[2] = {UUIDOID, UUIDOID};
	Datum		values[2] = {org_id, project_id};

	agentgov_spi_run(agentgov_plan(&lock_project_plan,
						   "SELECT phase FROM agentgov.projects"
						   " WHERE org_id OPERATOR(pg_catalog.=) $1"
						   "   AND id OPERATOR(pg_catalog.=) $2"
						   " FOR NO KEY UPDATE",
						   2, argtypes),
			 values, NULL, false, 1, SPI_OK_SELECT);
	return spi_first_text();
}

/*
 * Raise AG004 unless the project is in the phase the gate ends; `verb`
 * says what was attempted ("decided", "overridden").
 */
static void
check_gate_phase(const GateMove *move, const char *phase, Datum project_id,
				 const char *verb)
{
	if (strcmp(phase, move->entry) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_AG_TRANSITION),
				 errmsg("gate %s cannot be %s for a project in phase %s",
						move->gate, verb, phase),
				 errdetail("Gate %s ends phase %s; project %s is in phase %s.",
						   move->gate, move->entry,
						   agentgov_uuid_str(project_id), phase)));
}

/* Record a gate outcome on its project: status, and the next phase on PASS. */
static void
move_project(Datum org_id, Datum project_id, const GateMove *move,
			 GateOutcome outcome, Datum actor)
{
	Oid			argtypes[5] = {UUIDOID, UUIDOID, TEXTOID, TEXTOID, UUIDOID};
	Datum		values[5];

	values[0] = org_id;
	values[1] = project_id;
	values[2] = CStringGetTextDatum(outcome == GATE_PASS ? move->next : move->entry);
	values[3] = CStringGetTextDatum(outcome_status[outcome]);
	values[4] = actor;
	agentgov_spi_run(agentgov_plan(&move_project_plan,
						   "UPDATE agentgov.projects"
						   "   SET phase = $3::agentgov.project_phase,"
						   "       status = $4::agentgov.project_status,"
						   "       last_updated_by = $5"
						   " WHERE org_id OPERATOR(pg_catalog.=) $1"
						   "   AND id OPERATOR(pg_catalog.=) $2",
						   5, argtypes),
			 values, NULL, false, 0, SPI_OK_UPDATE);
}

/* How errdetail describes a role: "a VIEWER", "not a member of it". */
static const char *
describe_role(const char *role)
{
	return role == NULL ? "not a member of it" : psprintf("a %s", role);
}

/* Raise 42501 unless the decider is a MEMBER or ADMIN of the org. */
static void
check_decider(Datum org_id, Datum user_id)
{
	char	   *role = agentgov_member_role(org_id, user_id);

	if (role == NULL || strcmp(role, "VIEWER") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("user %s may not decide gates of organization %s",
						agentgov_uuid_str(user_id), agentgov_uuid_str(org_id)),
				 errdetail("Gates are decided by MEMBERs and ADMINs; the user is %s.",
						   describe_role(role))));
}

/* Raise 42501 unless the user is an ADMIN of the org. */
static void
check_admin(Datum org_id, Datum user_id)
{
	char	   *role = agentgov_member_role(org_id, user_id);

	if (role == NULL || strcmp(role, "ADMIN") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("user %s may not override gates of organization %s",
						agentgov_uuid_str(user_id), agentgov_uuid_str(org_id)),
				 errdetail("Only an ADMIN of the organization may override a gate decision; the user is %s.",
						   describe_role(role))));
}

/* Raise 42501 when the session names an actor other than `user_id`. */
static void
check_acting_user(Datum user_id, const char *column)
{
	pg_uuid_t	actor;

	if (!agentgov_current_user(&actor))
		return;
	if (memcmp(&actor, DatumGetUUIDP(user_id), sizeof(pg_uuid_t)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("%s must be the acting user", column),
				 errdetail("The session acts as %s, not as %s.",
						   agentgov_uuid_str(UUIDPGetDatum(&actor)),
						   agentgov_uuid_str(user_id))));
}

/* Raise 23503 when the artifact belongs to another project. */
static void
check_artifact_project(Datum org_id, Datum artifact_id, Datum project_id)
{
	Oid			argtypes[2] = {UUIDOID, UUIDOID};
	Datum		values[2] = {org_id, artifact_id};
	Datum		owner;
	bool		isnull;

	agentgov_spi_run(agentgov_plan(&artifact_project_plan,
						   "SELECT project_id FROM agentgov.artifacts"
						   " WHERE org_id OPERATOR(pg_catalog.=) $1"
						   "   AND id OPERATOR(pg_catalog.=) $2",
						   2, argtypes),
			 values, NULL, true, 1, SPI_OK_SELECT);
	if (SPI_processed == 0)
		return;					/* the foreign key reports it */
	owner = spi_column(1, &isnull);
	if (!DatumGetBool(DirectFunctionCall2(uuid_eq, owner, project_id)))
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("artifact %s belongs to another project",
						agentgov_uuid_str(artifact_id)),
				 errdetail("A gate decision of project %s can only cite that project's artifacts.",
						   agentgov_uuid_str(project_id))));
}

/* ----------------------------------------------------------------
 * check_gate_decision: BEFORE INSERT OR UPDATE ROW on phase_gate_decisions
 * ----------------------------------------------------------------
 */

/* Column numbers of phase_gate_decisions, looked up by name. */
typedef struct DecisionColumns
{
	int			id;
	int			org_id;
	int			project_id;
	int			artifact_id;
	int			phase;
	int			score;
	int			target_threshold;
	int			decision;
	int			indicators;
	int			decided_by;
	int			override_by;
	int			override_reason;
	int			override_at;
} DecisionColumns;

static void
decision_columns(Relation rel, DecisionColumns *c)
{
	c->id = agentgov_attnum(rel, "id");
	c->org_id = agentgov_attnum(rel, "org_id");
	c->project_id = agentgov_attnum(rel, "project_id");
	c->artifact_id = agentgov_attnum(rel, "artifact_id");
	c->phase = agentgov_attnum(rel, "phase");
	c->score = agentgov_attnum(rel, "score");
	c->target_threshold = agentgov_attnum(rel, "target_threshold");
	c->decision = agentgov_attnum(rel, "decision");
	c->indicators = agentgov_attnum(rel, "indicators");
	c->decided_by = agentgov_attnum(rel, "decided_by");
	c->override_by = agentgov_attnum(rel, "override_by");
	c->override_reason = agentgov_attnum(rel, "override_reason");
	c->override_at = agentgov_attnum(rel, "override_at");
}

/* Raise 23514 when a given value of a decision disagrees with the rules. */
static void
check_given_int(HeapTuple tuple, TupleDesc tupdesc, int attnum, int32 expected,
				const char *column, const char *why)
{
	bool		isnull;
	int32		given = DatumGetInt32(heap_getattr(tuple, attnum, tupdesc, &isnull));

	if (!isnull && given != expected)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("%s %d of the gate decision disagrees with %s", column, given, why),
				 errdetail("It must be %d; leave it out to have it filled in.", expected)));
}

/* Raise 23514 when a given decision disagrees with the computed one. */
static void
check_given_decision(HeapTuple tuple, TupleDesc tupdesc, int attnum,
					 GateOutcome expected, const IndicatorScore *scored,
					 const GatePolicy *policy)
{
	char	   *given = SPI_getvalue(tuple, tupdesc, attnum);

	if (given == NULL || strcmp(given, outcome_label[expected]) == 0)
		return;
	if (scored->floor_failed >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("decision %s of the gate decision disagrees with its indicators", given),
				 errdetail("indicators[%d] is below its floor (min), which makes the decision FAIL.",
						   scored->floor_failed)));
	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 errmsg("decision %s of the gate decision disagrees with its score", given),
			 errdetail("Score %d against threshold %d with a conditional margin of %d gives %s.",
					   scored->score, policy->threshold, policy->margin,
					   outcome_label[expected])));
}

/* INSERT: score and check the decision, fill what is missing, move the project. */
static HeapTuple
gate_decision_inserted(TriggerData *trigdata)
{
	Relation	rel = trigdata->tg_relation;
	TupleDesc	tupdesc = RelationGetDescr(rel);
	HeapTuple	tuple = trigdata->tg_trigtuple;
	DecisionColumns col;
	Datum		org_id;
	Datum		project_id;
	Datum		artifact_id;
	Datum		decided_by;
	Datum		indicators;
	bool		org_null;
	bool		project_null;
	bool		artifact_null;
	bool		decider_null;
	bool		indicators_null;
	char	   *gate;
	const GateMove *move;
	IndicatorScore scored;
	GatePolicy	policy;
	GateOutcome outcome;
	char	   *phase;
	int			cols[3];
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	decision_columns(rel, &col);
	org_id = heap_getattr(tuple, col.org_id, tupdesc, &org_null);
	project_id = heap_getattr(tuple, col.project_id, tupdesc, &project_null);
	artifact_id = heap_getattr(tuple, col.artifact_id, tupdesc, &artifact_null);
	decided_by = heap_getattr(tuple, col.decided_by, tupdesc, &decider_null);
	indicators = heap_getattr(tuple, col.indicators, tupdesc, &indicators_null);
	gate = SPI_getvalue(tuple, tupdesc, col.phase);
	if (org_null || project_null || gate == NULL)
		return tuple;			/* NOT NULL reports it */
	/* score comes first in the table and would be blamed for these */
	if (indicators_null || decider_null)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("column \"%s\" of a gate decision must not be null",
						indicators_null ? "indicators" : "decided_by")));
	move = gate_move(gate);

	if (!heap_attisnull(tuple, col.override_by, tupdesc) ||
		!heap_attisnull(tuple, col.override_reason, tupdesc) ||
		!heap_attisnull(tuple, col.override_at, tupdesc))
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("a new gate decision cannot carry an override"),
				 errhint("Record the decision, then override it with agentgov.override_gate().")));

	agentgov_score_indicators(DatumGetJsonbP(indicators), &scored);

	agentgov_spi_connect();
	lookup_policy(gate, org_id, false, &policy);
	outcome = decide(scored.score, policy.threshold, policy.margin,
					 scored.floor_failed >= 0);
	check_given_int(tuple, tupdesc, col.score, scored.score, "score", "its indicators");
	check_given_int(tuple, tupdesc, col.target_threshold, policy.threshold,
					"target_threshold", "the gate policy in force");
	check_given_decision(tuple, tupdesc, col.decision, outcome, &scored, &policy);
	check_decider(org_id, decided_by);
	if (!artifact_null)
		check_artifact_project(org_id, artifact_id, project_id);

	phase = agentgov_lock_project(org_id, project_id);
	if (phase != NULL)
	{
		check_gate_phase(move, phase, project_id, "decided");
		move_project(org_id, project_id, move, outcome, decided_by);
	}
	SPI_finish();

	cols[0] = col.score;
	values[0] = Int32GetDatum(scored.score);
	cols[1] = col.target_threshold;
	values[1] = Int32GetDatum(policy.threshold);
	cols[2] = col.decision;
	values[2] = enum_value(TupleDescAttr(tupdesc, col.decision - 1)->atttypid,
						   outcome_label[outcome]);
	return heap_modify_tuple_by_cols(tuple, tupdesc, 3, cols, values, nulls);
}

/*
 * Raise AG004 when an UPDATE changes what a decision recorded.  artifact_id
 * may be cleared: the foreign key does that when the artifact is deleted.
 */
static void
check_record_unchanged(Relation rel, HeapTuple oldtup, HeapTuple newtup,
					   const DecisionColumns *col)
{
	static const char *const recorded[] = {
		"id", "org_id", "project_id", "phase", "score", "target_threshold",
		"indicators", "decided_by", "rationale", "created_at", "decided_at"
	};
	TupleDesc	tupdesc = RelationGetDescr(rel);

	for (int i = 0; i < lengthof(recorded); i++)
		if (!agentgov_same_value(tupdesc, oldtup, newtup, agentgov_attnum(rel, recorded[i])))
			ereport(ERROR,
					(errcode(ERRCODE_AG_TRANSITION),
					 errmsg("column \"%s\" of a gate decision cannot be changed", recorded[i]),
					 errdetail("A gate decision is a record; only an override changes its decision."),
					 errhint("Record a new decision with agentgov.evaluate_gate(), or override this one with agentgov.override_gate().")));
	if (!agentgov_same_value(tupdesc, oldtup, newtup, col->artifact_id) &&
		!heap_attisnull(newtup, col->artifact_id, tupdesc))
		ereport(ERROR,
				(errcode(ERRCODE_AG_TRANSITION),
				 errmsg("column \"artifact_id\" of a gate decision cannot be changed"),
				 errdetail("It can only be cleared, as deleting the artifact does.")));
}

/* Raise AG004 when a later decision of the same gate supersedes this one. */
static void
check_latest_decision(Datum org_id, Datum project_id, const char *gate,
					  Datum decided_at, Datum decision_id)
{
	Oid			argtypes[4] = {UUIDOID, UUIDOID, TEXTOID, TIMESTAMPTZOID};
	Datum		values[4];

	values[0] = org_id;
	values[1] = project_id;
	values[2] = CStringGetTextDatum(gate);
	values[3] = decided_at;
	agentgov_spi_run(agentgov_plan(&later_decision_plan,
						   "SELECT 1 FROM agentgov.phase_gate_decisions"
						   " WHERE org_id OPERATOR(pg_catalog.=) $1"
						   "   AND project_id OPERATOR(pg_catalog.=) $2"
						   "   AND phase OPERATOR(pg_catalog.=) $3::agentgov.gate_phase"
						   "   AND decided_at OPERATOR(pg_catalog.>) $4"
						   " LIMIT 1",
						   4, argtypes),
			 values, NULL, false, 1, SPI_OK_SELECT);
	if (SPI_processed > 0)
		ereport(ERROR,
				(errcode(ERRCODE_AG_TRANSITION),
				 errmsg("gate decision %s is superseded by a later decision of gate %s",
						agentgov_uuid_str(decision_id), gate),
				 errhint("Override the latest decision of the gate.")));
}

/* Raise unless an override reason has some text in it. */
static char *
override_reason(HeapTuple tuple, TupleDesc tupdesc, int attnum)
{
	char	   *reason = SPI_getvalue(tuple, tupdesc, attnum);
	const char *p = reason;

	while (p != NULL && *p != '\0' && isspace((unsigned char) *p))
		p++;
	if (p == NULL || *p == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("an override of a gate decision needs a reason")));
	return reason;
}

/*
 * UPDATE: the record is immutable; a change of decision is an override by
 * an ADMIN, applied to the project like a fresh decision and audited.
 */
static HeapTuple
gate_decision_updated(TriggerData *trigdata)
{
	Relation	rel = trigdata->tg_relation;
	TupleDesc	tupdesc = RelationGetDescr(rel);
	HeapTuple	oldtup = trigdata->tg_trigtuple;
	HeapTuple	newtup = trigdata->tg_newtuple;
	DecisionColumns col;
	Datum		id;
	Datum		org_id;
	Datum		project_id;
	Datum		by;
	bool		isnull;
	bool		by_null;
	char	   *gate;
	char	   *old_decision;
	char	   *new_decision;
	char	   *reason;
	char	   *phase;
	const GateMove *move;
	GateOutcome outcome;
	int			attnum;
	Datum		stamp;
	bool		stamp_null = false;

	decision_columns(rel, &col);
	check_record_unchanged(rel, oldtup, newtup, &col);
	if (agentgov_same_value(tupdesc, oldtup, newtup, col.decision) &&
		agentgov_same_value(tupdesc, oldtup, newtup, col.override_by) &&
		agentgov_same_value(tupdesc, oldtup, newtup, col.override_reason) &&
		agentgov_same_value(tupdesc, oldtup, newtup, col.override_at))
		return newtup;

	id = heap_getattr(oldtup, col.id, tupdesc, &isnull);
	org_id = heap_getattr(oldtup, col.org_id, tupdesc, &isnull);
	project_id = heap_getattr(oldtup, col.project_id, tupdesc, &isnull);
	gate = SPI_getvalue(oldtup, tupdesc, col.phase);
	old_decision = SPI_getvalue(oldtup, tupdesc, col.decision);
	new_decision = SPI_getvalue(newtup, tupdesc, col.decision);
	by = heap_getattr(newtup, col.override_by, tupdesc, &by_null);
	move = gate_move(gate);

	if (new_decision == NULL)
		return newtup;			/* NOT NULL reports it */
	if (strcmp(old_decision, new_decision) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_AG_TRANSITION),
				 errmsg("gate decision %s is already %s", agentgov_uuid_str(id), old_decision),
				 errdetail("An override changes the decision; its override columns change only with it.")));
	if (by_null)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("only an override by an ADMIN can change a gate decision"),
				 errhint("Use agentgov.override_gate(decision_id, by, reason, new_decision).")));
	reason = override_reason(newtup, tupdesc, col.override_reason);
	check_acting_user(by, "override_by");
	outcome = outcome_from_label(new_decision);

	agentgov_spi_connect();
	check_admin(org_id, by);
	phase = agentgov_lock_project(org_id, project_id);
	if (phase == NULL)
		elog(ERROR, "project %s of gate decision %s is missing",
			 agentgov_uuid_str(project_id), agentgov_uuid_str(id));
	check_latest_decision(org_id, project_id, gate,
						  heap_getattr(oldtup, agentgov_attnum(rel, "decided_at"), tupdesc, &isnull),
						  id);
	check_gate_phase(move, phase, project_id, "overridden");
	move_project(org_id, project_id, move, outcome, by);
	/* audit_row() records this change as the OVERRIDE it is. */
	agentgov_audit_annotate("phase_gate_decisions", agentgov_uuid_str(id), "OVERRIDE",
							DatumGetUUIDP(by), reason);
	SPI_finish();

	attnum = col.override_at;
	stamp = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
	return heap_modify_tuple_by_cols(newtup, tupdesc, 1, &attnum, &stamp, &stamp_null);
}

Datum
check_gate_decision(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	agentgov_check_trigger(fcinfo, "check_gate_decision",
						   AG_ON_INSERT | AG_ON_UPDATE, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		return PointerGetDatum(gate_decision_inserted(trigdata));
	return PointerGetDatum(gate_decision_updated(trigdata));
}

/* ----------------------------------------------------------------
 * evaluate_gate() and override_gate()
 * ----------------------------------------------------------------
 */

/* Raise 22004 when one of the first `nargs` arguments is NULL. */
static void
check_required_args(FunctionCallInfo fcinfo, const char *const *argnames, int nargs)
{
	for (int i = 0; i < nargs; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not be null", argnames[i])));
}

/* The whole-row result of an INSERT or UPDATE ... RETURNING d, out of SPI. */
static Datum
returned_row(void)
{
	bool		isnull;

	return SPI_datumTransfer(spi_column(1, &isnull), false, -1);
}

/*
 * evaluate_gate(project_id, phase, indicators, decided_by, rationale
 *				 [, artifact_id]) -> phase_gate_decisions
 * Inserts the decision; check_gate_decision() scores it and moves the project.
 */
Datum
evaluate_gate(PG_FUNCTION_ARGS)
{
	static const char *const argnames[] = {
		"project_id", "phase", "indicators", "decided_by", "rationale"
	};
	Oid			argtypes[7] = {UUIDOID, UUIDOID, UUIDOID, TEXTOID, JSONBOID, UUIDOID, TEXTOID};
	Datum		values[7];
	char		nulls[7] = {' ', ' ', PG_ARGISNULL(5) ? 'n' : ' ', ' ', ' ', ' ', ' '};
	Datum		result;

	check_required_args(fcinfo, argnames, lengthof(argnames));
	agentgov_spi_connect();
	values[0] = agentgov_project_org(PG_GETARG_DATUM(0));
	values[1] = PG_GETARG_DATUM(0);
	values[2] = PG_ARGISNULL(5) ? (Datum) 0 : PG_GETARG_DATUM(5);
	values[3] = CStringGetTextDatum(enum_label(PG_GETARG_DATUM(1)));
	values[4] = PG_GETARG_DATUM(2);
	values[5] = PG_GETARG_DATUM(3);
	values[6] = PG_GETARG_DATUM(4);
	agentgov_spi_run(agentgov_plan(&insert_decision_plan,
						   "INSERT INTO agentgov.phase_gate_decisions AS d"
						   " (org_id, project_id, artifact_id, phase, indicators, decided_by, rationale)"
						   " VALUES ($1, $2, $3, $4::agentgov.gate_phase, $5, $6, $7)"
						   " RETURNING d",
						   7, argtypes),
			 values, nulls, false, 0, SPI_OK_INSERT_RETURNING);
	result = returned_row();
	SPI_finish();
	PG_RETURN_DATUM(result);
}

/*
 * override_gate(decision_id, by, reason, new_decision) -> phase_gate_decisions
 * Updates the decision; check_gate_decision() checks and applies the override.
 */
Datum
override_gate(PG_FUNCTION_ARGS)
{
	static const char *const argnames[] = {"decision_id", "by", "reason", "new_decision"};
	Oid			argtypes[4] = {UUIDOID, UUIDOID, TEXTOID, TEXTOID};
	Datum		values[4];
	Datum		result;

	check_required_args(fcinfo, argnames, lengthof(argnames));
	agentgov_spi_connect();
	values[0] = PG_GETARG_DATUM(0);
	values[1] = PG_GETARG_DATUM(1);
	values[2] = PG_GETARG_DATUM(2);
	values[3] = CStringGetTextDatum(enum_label(PG_GETARG_DATUM(3)));
	agentgov_spi_run(agentgov_plan(&override_decision_plan,
						   "UPDATE agentgov.phase_gate_decisions AS d"
						   "   SET decision = $4::agentgov.gate_decision,"
						   "       override_by = $2, override_reason = $3"
						   " WHERE id OPERATOR(pg_catalog.=) $1"
						   " RETURNING d",
						   4, argtypes),
			 values, NULL, false, 0, SPI_OK_UPDATE_RETURNING);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gate decision %s does not exist",
						agentgov_uuid_str(PG_GETARG_DATUM(0)))));
	if (SPI_processed > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gate decision id %s is ambiguous",
						agentgov_uuid_str(PG_GETARG_DATUM(0))),
				 errdetail("Decisions of several organizations have this id.")));
	result = returned_row();
	SPI_finish();
	PG_RETURN_DATUM(result);
}
