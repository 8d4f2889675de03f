/*-------------------------------------------------------------------------
 *
 * quality.c
 *	  socrates' quality metrics and maturity score.
 *
 * quality_metric_passed() fills or checks quality_metrics.passed
 * (metric_value >= threshold).  maturity_follows() keeps
 * projects.maturity_score equal to the mean, over the categories of the
 * setting agentgov.maturity_categories, of the latest maturity_tracking
 * score in each (a category without scores counts 0), and
 * check_maturity_score() refuses any other value written to the column.
 *
 * Locking: a maturity_tracking write locks its project row FOR NO KEY
 * UPDATE (as a gate decision does) and then recounts in a statement of its
 * own, which in READ COMMITTED sees every score committed before the lock
 * was granted.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "gates.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"
#include "utils/varlena.h"

PG_FUNCTION_INFO_V1(quality_metric_passed);
PG_FUNCTION_INFO_V1(maturity_follows);
PG_FUNCTION_INFO_V1(maturity_truncated);
PG_FUNCTION_INFO_V1(check_maturity_score);
PG_FUNCTION_INFO_V1(refresh_maturity);

/* Width of maturity_tracking.category, in characters. */
#define MATURITY_CATEGORY_MAXLEN 100

/* The parsed agentgov.maturity_categories (one malloc'd block). */
typedef struct MaturityCategories
{
	int			count;
	char	   *names[FLEXIBLE_ARRAY_MEMBER];
} MaturityCategories;

static char *maturity_categories_text = NULL;
static MaturityCategories *maturity_categories = NULL;

/* Cached plans. */
static SPIPlanPtr maturity_sum_plan = NULL;
static SPIPlanPtr set_maturity_plan = NULL;
static SPIPlanPtr reset_maturity_plan = NULL;

/* ----------------------------------------------------------------
 * quality_metric_passed: BEFORE INSERT OR UPDATE ROW on quality_metrics
 *
 * passed follows metric_value >= threshold.  Left NULL it is filled in;
 * given, it must agree.  On UPDATE a passed the statement leaves as it was
 * follows new values; one it changes must agree.  Without a threshold
 * passed is the caller's to give.
 * ----------------------------------------------------------------
 */
Datum
quality_metric_passed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	HeapTuple	tuple;
	int			att_value;
	int			att_threshold;
	int			att_passed;
	Datum		value;
	Datum		threshold;
	Datum		passed;
	bool		value_null;
	bool		threshold_null;
	bool		passed_null;
	bool		expected;
	bool		isnull = false;

	agentgov_check_trigger(fcinfo, "quality_metric_passed",
						   AG_ON_INSERT | AG_ON_UPDATE, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	tupdesc = RelationGetDescr(rel);
	tuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
		trigdata->tg_newtuple : trigdata->tg_trigtuple;
	att_value = agentgov_attnum(rel, "metric_value");
	att_threshold = agentgov_attnum(rel, "threshold");
	att_passed = agentgov_attnum(rel, "passed");

	value = heap_getattr(tuple, att_value, tupdesc, &value_null);
	threshold = heap_getattr(tuple, att_threshold, tupdesc, &threshold_null);
	passed = heap_getattr(tuple, att_passed, tupdesc, &passed_null);
	if (value_null)
		return PointerGetDatum(tuple);	/* NOT NULL reports it */
	if (threshold_null)
	{
		if (passed_null)
			ereport(ERROR,
					(errcode(ERRCODE_NOT_NULL_VIOLATION),
					 errmsg("a quality metric without a threshold needs passed"),
					 errdetail("passed follows metric_value >= threshold; with no threshold it must be given.")));
		return PointerGetDatum(tuple);
	}

	expected = DatumGetInt32(DirectFunctionCall2(numeric_cmp, value, threshold)) >= 0;
	if (!passed_null && DatumGetBool(passed) != expected)
	{
		bool		old_null = true;
		Datum		old = (Datum) 0;

		if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
			old = heap_getattr(trigdata->tg_trigtuple, att_passed, tupdesc, &old_null);
		if (old_null || DatumGetBool(old) != DatumGetBool(passed))
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("passed = %s contradicts metric_value and threshold",
							DatumGetBool(passed) ? "true" : "false"),
					 errdetail("metric_value %s is %s threshold %s.",
							   agentgov_numeric_text(DatumGetNumeric(value)),
							   expected ? "at or above" : "below",
							   agentgov_numeric_text(DatumGetNumeric(threshold))),
					 errhint("Leave passed out to have it filled in.")));
	}
	if (!passed_null && DatumGetBool(passed) == expected)
		return PointerGetDatum(tuple);
	passed = BoolGetDatum(expected);
	return PointerGetDatum(heap_modify_tuple_by_cols(tuple, tupdesc, 1, &att_passed,
													 &passed, &isnull));
}

/* ----------------------------------------------------------------
 * Maturity: agentgov.maturity_categories and projects.maturity_score
 * ----------------------------------------------------------------
 */

/*
 * Check hook of agentgov.maturity_categories: a comma-separated list of
 * distinct, non-empty category names of at most 100 characters (double
 * quotes allow commas and spaces in a name).  The parsed list goes to
 * *extra, malloc'd as the GUC machinery requires.
 */
static bool
check_maturity_categories(char **newval, void **extra, GucSource source)
{
	char	   *raw = pstrdup(*newval == NULL ? "" : *newval);
	List	   *names;
	const char *problem = NULL;
	ListCell   *lc;
	Size		size;
	MaturityCategories *parsed = NULL;

	if (!SplitGUCList(raw, ',', &names))
		problem = "List syntax is invalid.";
	else if (names == NIL)
		problem = "Name at least one maturity category.";
	size = offsetof(MaturityCategories, names) + list_length(names) * sizeof(char *);
	foreach(lc, names)
	{
		const char *name = lfirst(lc);

		if (problem != NULL)
			break;
		if (pg_mbstrlen(name) > MATURITY_CATEGORY_MAXLEN)
			problem = psprintf("Category \"%s\" is longer than %d characters.",
							   name, MATURITY_CATEGORY_MAXLEN);
		for (ListCell *prev = list_head(names); prev != lc && problem == NULL;
			 prev = lnext(names, prev))
			if (strcmp(lfirst(prev), name) == 0)
				problem = psprintf("Category \"%s\" is listed twice.", name);
		size += strlen(name) + 1;
	}

	if (problem == NULL)
	{
		parsed = (MaturityCategories *) malloc(size);
		if (parsed == NULL)
		{
			GUC_check_errcode(ERRCODE_OUT_OF_MEMORY);
			problem = "Out of memory.";
		}
	}
	if (problem != NULL)
		GUC_check_errdetail("%s", problem);
	else
	{
		char	   *p = (char *) &parsed->names[list_length(names)];

		parsed->count = 0;
		foreach(lc, names)
		{
			strcpy(p, lfirst(lc));
			parsed->names[parsed->count++] = p;
			p += strlen(p) + 1;
		}
		*extra = parsed;
	}
	list_free(names);
	pfree(raw);
	return problem == NULL;
}

static void
assign_maturity_categories(const char *newval, void *extra)
{
	maturity_categories = (MaturityCategories *) extra;
}

/*
 * Called from _PG_init.  The default is every category the socrates seed
 * names (its questions.category list, which "matches specification
 * categories"); the seed counts 12 maturity categories but names only these
 * ten, and inventing two would skew every score.
 */
void
agentgov_define_quality_settings(void)
{
	DefineCustomStringVariable("agentgov.maturity_categories",
							   "Categories whose latest maturity_tracking scores make up projects.maturity_score.",
							   "A comma-separated list; a category without scores counts 0.  Set it per database (ALTER DATABASE ... SET) and call agentgov.refresh_maturity() on existing projects after a change.",
							   &maturity_categories_text,
							   "goals, requirements, tech_stack, scalability, security, "
							   "performance, testing, monitoring, data_retention, disaster_recovery",
							   PGC_SUSET, GUC_LIST_INPUT,
							   check_maturity_categories, assign_maturity_categories, NULL);
}

/* The configured categories as a text[] Datum. */
static Datum
maturity_category_array(void)
{
	Datum	   *elems = palloc(sizeof(Datum) * maturity_categories->count);

	for (int i = 0; i < maturity_categories->count; i++)
		elems[i] = CStringGetTextDatum(maturity_categories->names[i]);
	return PointerGetDatum(construct_array(elems, maturity_categories->count,
										   TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * The maturity a project's scores give now: the mean, over the configured
 * categories, of each category's latest score (0 for none), rounded half
 * away from zero.  Ties in calculated_at go to the higher score.  Must be
 * connected to SPI; reads with a fresh snapshot.
 */
static int32
compute_maturity(Datum org_id, Datum project_id)
{
	Oid			argtypes[3] = {UUIDOID, UUIDOID, TEXTARRAYOID};
	Datum		values[3] = {org_id, project_id, maturity_category_array()};
	int64		sum;
	int64		count = maturity_categories->count;
	bool		isnull;

	agentgov_spi_run(agentgov_plan(&maturity_sum_plan,
						   "SELECT COALESCE(pg_catalog.sum(score), 0) FROM ("
						   " SELECT DISTINCT ON (category) score"
						   "   FROM agentgov.maturity_tracking"
						   "  WHERE org_id OPERATOR(pg_catalog.=) $1"
						   "    AND project_id OPERATOR(pg_catalog.=) $2"
						   "    AND category OPERATOR(pg_catalog.=) ANY ($3)"
						   "  ORDER BY category, calculated_at DESC, score DESC) AS latest",
						   3, argtypes),
			 values, NULL, false, 1, SPI_OK_SELECT);
	sum = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	return (int32) ((2 * sum + count) / (2 * count));
}

/*
 * Lock a project and bring its maturity_score up to date; false when the
 * project is gone (a cascaded delete).  Must be connected to SPI.
 */
static bool
refresh_project_maturity(Datum org_id, Datum project_id, int32 *score)
{
	Oid			argtypes[3] = {UUIDOID, UUIDOID, INT4OID};
	Datum		values[3] = {org_id, project_id, (Datum) 0};

	if (agentgov_lock_project(org_id, project_id) == NULL)
		return false;
	*score = compute_maturity(org_id, project_id);
	values[2] = Int32GetDatum(*score);
	agentgov_spi_run(agentgov_plan(&set_maturity_plan,
						   "UPDATE agentgov.projects SET maturity_score = $3"
						   " WHERE org_id OPERATOR(pg_catalog.=) $1"
						   "   AND id OPERATOR(pg_catalog.=) $2"
						   "   AND maturity_score OPERATOR(pg_catalog.<>) $3",
						   3, argtypes),
			 values, NULL, false, 0, SPI_OK_UPDATE);
	return true;
}

/* True when an UPDATE of maturity_tracking changed what maturity depends on. */
static bool
maturity_inputs_changed(Relation rel, HeapTuple oldtup, HeapTuple newtup)
{
	static const char *const inputs[] = {
		"org_id", "project_id", "category", "score", "calculated_at"
	};

	for (int i = 0; i < lengthof(inputs); i++)
		if (!agentgov_same_value(RelationGetDescr(rel), oldtup, newtup,
						agentgov_attnum(rel, inputs[i])))
			return true;
	return false;
}

/*
 * maturity_follows: AFTER INSERT OR UPDATE OR DELETE ROW on maturity_tracking.
 * Recounts the maturity of the row's project (both projects when an UPDATE
 * moves a row).
 */
Datum
maturity_follows(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	HeapTuple	rows[2];
	int			nrows = 0;
	int			att_org;
	int			att_project;
	int32		score;

	agentgov_check_trigger(fcinfo, "maturity_follows",
						   AG_ON_INSERT | AG_ON_UPDATE | AG_ON_DELETE, false);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	tupdesc = RelationGetDescr(rel);
	att_org = agentgov_attnum(rel, "org_id");
	att_project = agentgov_attnum(rel, "project_id");

	if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		if (!maturity_inputs_changed(rel, trigdata->tg_trigtuple, trigdata->tg_newtuple))
			return PointerGetDatum(NULL);
		rows[nrows++] = trigdata->tg_trigtuple;
		if (!agentgov_same_value(tupdesc, trigdata->tg_trigtuple, trigdata->tg_newtuple, att_org) ||
			!agentgov_same_value(tupdesc, trigdata->tg_trigtuple, trigdata->tg_newtuple, att_project))
			rows[nrows++] = trigdata->tg_newtuple;
	}
	else
		rows[nrows++] = trigdata->tg_trigtuple;

	agentgov_spi_connect();
	for (int i = 0; i < nrows; i++)
	{
		bool		isnull;

		(void) refresh_project_maturity(heap_getattr(rows[i], att_org, tupdesc, &isnull),
										heap_getattr(rows[i], att_project, tupdesc, &isnull),
										&score);
	}
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* maturity_truncated: AFTER TRUNCATE on maturity_tracking: every maturity is 0. */
Datum
maturity_truncated(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo) ||
		!TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event) ||
		!TRIGGER_FIRED_AFTER(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"maturity_truncated\" must be fired AFTER TRUNCATE")));
	agentgov_spi_connect();
	agentgov_spi_run(agentgov_plan(&reset_maturity_plan,
						   "UPDATE agentgov.projects SET maturity_score = 0"
						   " WHERE maturity_score OPERATOR(pg_catalog.<>) 0",
						   0, NULL),
			 NULL, NULL, false, 0, SPI_OK_UPDATE);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/*
 * check_maturity_score: BEFORE INSERT OR UPDATE OF maturity_score ROW on
 * projects.  A new project has no scores, so its maturity is 0; a changed
 * maturity_score must be the one maturity_tracking gives.
 */
Datum
check_maturity_score(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	HeapTuple	tuple;
	int			att_score;
	int32		given;
	int32		expected = 0;
	bool		isnull;

	agentgov_check_trigger(fcinfo, "check_maturity_score",
						   AG_ON_INSERT | AG_ON_UPDATE, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	tupdesc = RelationGetDescr(rel);
	att_score = agentgov_attnum(rel, "maturity_score");
	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		tuple = trigdata->tg_trigtuple;
	else
	{
		tuple = trigdata->tg_newtuple;
		if (agentgov_same_value(tupdesc, trigdata->tg_trigtuple, tuple, att_score))
			return PointerGetDatum(tuple);
	}
	given = DatumGetInt32(heap_getattr(tuple, att_score, tupdesc, &isnull));
	if (isnull)
		return PointerGetDatum(tuple);	/* NOT NULL reports it */

	if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		agentgov_spi_connect();
		expected = compute_maturity(heap_getattr(tuple, agentgov_attnum(rel, "org_id"), tupdesc, &isnull),
									heap_getattr(tuple, agentgov_attnum(rel, "id"), tupdesc, &isnull));
		SPI_finish();
	}
	if (given != expected)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("maturity_score %d disagrees with the project's maturity_tracking scores", given),
				 errdetail("The mean of the latest score in each of the %d categories of agentgov.maturity_categories is %d.",
						   maturity_categories->count, expected),
				 errhint("maturity_score follows maturity_tracking; insert scores there.")));
	return PointerGetDatum(tuple);
}

/* refresh_maturity(project_id uuid) -> integer: recount one project's maturity. */
Datum
refresh_maturity(PG_FUNCTION_ARGS)
{
	Datum		project_id = PG_GETARG_DATUM(0);
	int32		score = 0;

	agentgov_spi_connect();
	(void) refresh_project_maturity(agentgov_project_org(project_id), project_id, &score);
	SPI_finish();
	PG_RETURN_INT32(score);
}
