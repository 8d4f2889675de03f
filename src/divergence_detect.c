/*-------------------------------------------------------------------------
 *
 * divergence_detect.c
 *	  Applying the divergence rule (divergence.c) to a project's data.
 *
 * analyze_cascade() turns a divergence into a cascade recommendation;
 * detect_divergences() compares the assumptions of a project's approved
 * artifacts with its latest telemetry and files reports.
 *
 * Locking: detect_divergences() takes a transaction-scoped advisory lock
 * (DIVERGENCE_LOCK_KEY, hash of the project id) so that concurrent runs for
 * one project file each divergence once; a unique key on (org_id,
 * artifact_id, metric_name, telemetry_id) backs it up under REPEATABLE READ,
 * where a concurrent duplicate is a serialization failure.
 * analyze_cascade() locks the divergence report FOR SHARE while it writes
 * the analysis, so the classification it read cannot change under it.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "divergence.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_collation_d.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/formatting.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(analyze_cascade);
PG_FUNCTION_INFO_V1(detect_divergences);

/* First key of detect_divergences()'s advisory lock: "AGDV". */
#define DIVERGENCE_LOCK_KEY		0x41474456

/* cascade_recommendation, indexed by DivergenceClass. */
static const char *const recommendation_labels[NUM_CLASSES] = {"SKIP", "REEXECUTE", "FULL_REDESIGN"};

/* ----------------------------------------------------------------
 * Helpers for the functions that run queries
 * ----------------------------------------------------------------
 */

/* Text of column `col` of row `row` of the last SPI result, or NULL. */
static char *
spi_text(int row, int col)
{
	return SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col);
}

/* ----------------------------------------------------------------
 * analyze_cascade
 * ----------------------------------------------------------------
 */

/* Cached plans. */
static SPIPlanPtr divergence_for_cascade_plan = NULL;
static SPIPlanPtr upsert_cascade_plan = NULL;

/* Compare two jsonb strings, for sorting. */
static int
compare_strings(const void *a, const void *b)
{
	const JsonbValue *x = (const JsonbValue *) a;
	const JsonbValue *y = (const JsonbValue *) b;
	int			cmp = memcmp(x->val.string.val, y->val.string.val,
							 Min(x->val.string.len, y->val.string.len));

	if (cmp != 0)
		return cmp;
	return (x->val.string.len > y->val.string.len) - (x->val.string.len < y->val.string.len);
}

/* JSON type name of a jsonb value, for messages. */
static const char *
json_value_type(const JsonbValue *v)
{
	switch (v->type)
	{
		case jbvNull:
			return "null";
		case jbvString:
			return "string";
		case jbvNumeric:
			return "number";
		case jbvBool:
			return "boolean";
		case jbvBinary:
			return JsonContainerIsObject(v->val.binary.data) ? "object" : "array";
		default:
			return "value";
	}
}

/* JSON type name of a jsonb document, for messages. */
static char *
jsonb_type_name(Jsonb *jb)
{
	return text_to_cstring(DatumGetTextPP(DirectFunctionCall1(jsonb_typeof, JsonbPGetDatum(jb))));
}

/*
 * Number of items in an affected_* argument, which must be a JSON array of
 * distinct non-empty strings.
 */
static int
count_affected(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	Jsonb	   *jb;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	JsonbValue *items;
	int			n = 0;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a JSON array of strings, not NULL", argname),
				 errhint("Pass '[]' when nothing is affected.")));
	jb = PG_GETARG_JSONB_P(argno);
	if (!JB_ROOT_IS_ARRAY(jb) || JB_ROOT_IS_SCALAR(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a JSON array of strings", argname),
				 errdetail("The value is a JSON %s.", jsonb_type_name(jb))));

	items = palloc(sizeof(JsonbValue) * Max(JB_ROOT_COUNT(jb), 1));
	it = JsonbIteratorInit(&jb->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok != WJB_ELEM)
			continue;
		if (v.type != jbvString)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must be a JSON array of strings", argname),
					 errdetail("Element %d is a JSON %s.", n, json_value_type(&v))));
		if (v.val.string.len == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must not contain empty strings", argname),
					 errdetail("Element %d is empty.", n)));
		items[n++] = v;
	}

	qsort(items, n, sizeof(JsonbValue), compare_strings);
	for (int i = 1; i < n; i++)
		if (compare_strings(&items[i - 1], &items[i]) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s lists \"%s\" more than once", argname,
							pnstrdup(items[i].val.string.val, items[i].val.string.len))));
	pfree(items);
	return n;
}

/*
 * Days to re-execute (2-7) and to redesign (14-21): one more day for every
 * two affected items, features and code modules alike, up to the cap.
 */
static void
cascade_days(int items, int *reexecution, int *redesign)
{
	*reexecution = 2 + Min(items / 2, 5);
	*redesign = 14 + Min(items / 2, 7);
}

/*
 * analyze_cascade(divergence_id uuid, affected_features jsonb,
 *				   affected_code_modules jsonb) -> cascade_analyses
 */
Datum
analyze_cascade(PG_FUNCTION_ARGS)
{
	Datum		divergence_id;
	int			items;
	int			reexecution;
	int			redesign;
	int			cls;
	int			level;
	Datum		org_id;
	Datum		args[7];
	Oid			lookup_types[1] = {UUIDOID};
	Oid			upsert_types[7] = {UUIDOID, UUIDOID, JSONBOID, JSONBOID, INT4OID, INT4OID, TEXTOID};
	bool		isnull;
	Datum		result;
	char	   *label;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("divergence_id must not be NULL")));
	divergence_id = PG_GETARG_DATUM(0);
	items = count_affected(fcinfo, 1, "affected_features") +
		count_affected(fcinfo, 2, "affected_code_modules");
	cascade_days(items, &reexecution, &redesign);

	level = agentgov_safe_search_path();
	agentgov_spi_connect();

	agentgov_spi_run(agentgov_plan(&divergence_for_cascade_plan,
						  "SELECT d.org_id, d.classification::text"
						  "  FROM agentgov.divergence_reports d"
						  " WHERE d.id = $1"
						  "   FOR SHARE",
						  1, lookup_types),
			&divergence_id, NULL, false, 0, SPI_OK_SELECT);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("divergence report %s does not exist", agentgov_uuid_str(divergence_id))));
	if (SPI_processed > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("divergence report id %s is ambiguous", agentgov_uuid_str(divergence_id)),
				 errdetail("It names a divergence report in more than one organization.")));
	org_id = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	label = spi_text(0, 2);
	cls = agentgov_label_index(agentgov_divergence_class_labels, NUM_CLASSES, label);
	if (cls < 0)
		elog(ERROR, "unexpected divergence classification \"%s\"", label);

	args[0] = org_id;
	args[1] = divergence_id;
	args[2] = PG_GETARG_DATUM(1);
	args[3] = PG_GETARG_DATUM(2);
	args[4] = Int32GetDatum(reexecution);
	args[5] = Int32GetDatum(redesign);
	args[6] = CStringGetTextDatum(recommendation_labels[cls]);
	agentgov_spi_run(agentgov_plan(&upsert_cascade_plan,
						  "INSERT INTO agentgov.cascade_analyses AS c"
						  "       (org_id, divergence_id, affected_features, affected_code_modules,"
						  "        reexecution_scope_days, full_redesign_days, recommendation)"
						  " VALUES ($1, $2, $3, $4, $5, $6, $7::agentgov.cascade_recommendation)"
						  " ON CONFLICT (org_id, divergence_id) DO UPDATE"
						  "    SET affected_features = excluded.affected_features,"
						  "        affected_code_modules = excluded.affected_code_modules,"
						  "        reexecution_scope_days = excluded.reexecution_scope_days,"
						  "        full_redesign_days = excluded.full_redesign_days,"
						  "        recommendation = excluded.recommendation"
						  " RETURNING c",
						  7, upsert_types),
			args, NULL, false, 0, SPI_OK_INSERT_RETURNING);
	if (SPI_processed != 1)
		elog(ERROR, "cascade analysis upsert returned " UINT64_FORMAT " rows", SPI_processed);
	result = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	result = SPI_datumTransfer(result, false, -1);

	SPI_finish();
	agentgov_restore_search_path(level);
	PG_RETURN_DATUM(result);
}

/* ----------------------------------------------------------------
 * detect_divergences
 * ----------------------------------------------------------------
 */

/* Cached plans. */
static SPIPlanPtr project_org_plan = NULL;
static SPIPlanPtr artifacts_plan = NULL;
static SPIPlanPtr latest_telemetry_plan = NULL;
static SPIPlanPtr file_report_plan = NULL;

/* One assumption of an artifact, validated. */
typedef struct Assumption
{
	char	   *metric;
	char	   *value;
	int			tier;
	DivergenceType type;
} Assumption;

/* What detect_divergences() carries from one assumption to the next. */
typedef struct Detection
{
	Datum		org_id;
	Datum		project_id;
	Oid			metric_type;	/* agentgov.metric_name */
	Tuplestorestate *results;
} Detection;

/* Divergence type a metric implies when the assumption names none. */
static int
default_type(const char *metric)
{
	if (strcmp(metric, "latency_p50") == 0)
		return DIV_LATENCY_MISS;
	if (strcmp(metric, "user_adoption") == 0 || strcmp(metric, "feature_usage") == 0)
		return DIV_FEATURE_ADOPTION_MISS;
	return -1;
}

/* A member of an assumption object, or NULL when absent. */
static JsonbValue *
member(JsonbContainer *obj, const char *key)
{
	return getKeyJsonValueFromContainer(obj, key, strlen(key), NULL);
}

/* A jsonb string as a C string. */
static char *
string_value(const JsonbValue *v)
{
	return pnstrdup(v->val.string.val, v->val.string.len);
}

/*
 * Validate one element of an artifact's assumptions.  Returns NULL when it
 * is well formed, else a sentence saying what is wrong.
 */
static char *
read_assumption(const JsonbValue *elem, int default_tier, Oid metric_type, Assumption *out)
{
	JsonbContainer *obj;
	JsonbValue *v;
	int			trimmed_len;
	const char *trimmed;

	if (elem->type != jbvBinary || !JsonContainerIsObject(elem->val.binary.data))
		return psprintf("The assumption is a JSON %s, not an object.", json_value_type(elem));
	obj = elem->val.binary.data;

	v = member(obj, "metric");
	if (v == NULL)
		return pstrdup("\"metric\" is missing.");
	if (v->type != jbvString)
		return psprintf("\"metric\" is a JSON %s, not a string.", json_value_type(v));
	out->metric = string_value(v);
	if (!OidIsValid(agentgov_enum_label_oid(metric_type, out->metric)))
		return psprintf("\"metric\" \"%s\" is not a value of type agentgov.metric_name.", out->metric);

	v = member(obj, "value");
	if (v == NULL)
		return pstrdup("\"value\" is missing.");
	if (v->type == jbvString)
		out->value = string_value(v);
	else if (v->type == jbvNumeric)
		out->value = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
	else
		return psprintf("\"value\" is a JSON %s, not a string or a number.", json_value_type(v));
	trimmed = out->value;
	trimmed_len = strlen(out->value);
	agentgov_trim_span(&trimmed, &trimmed_len);
	if (trimmed_len == 0)
		return pstrdup("\"value\" is empty.");
	if (pg_mbstrlen(out->value) > MAX_VALUE_CHARS)
		return psprintf("\"value\" is longer than %d characters.", MAX_VALUE_CHARS);

	v = member(obj, "evidence_tier");
	if (v == NULL)
		out->tier = default_tier;
	else
	{
		out->tier = -1;
		if (v->type == jbvString)
		{
			char	   *label = string_value(v);

			out->tier = agentgov_label_index(agentgov_tier_labels, NUM_TIERS, label);
		}
		if (out->tier < 0)
			return pstrdup("\"evidence_tier\" must be one of \"E0\", \"E1\", \"E2\", \"E3\" and \"E4\".");
	}

	v = member(obj, "type");
	if (v == NULL)
	{
		out->type = default_type(out->metric);
		if ((int) out->type < 0)
			return psprintf("Metric %s implies no divergence type, so \"type\" is required.", out->metric);
	}
	else
	{
		int			type = -1;

		if (v->type == jbvString)
			type = agentgov_label_index(agentgov_divergence_type_labels, NUM_TYPES, string_value(v));
		if (type < 0)
			return pstrdup("\"type\" must be a value of type agentgov.divergence_type.");
		out->type = type;
	}
	return NULL;
}

/* Report a malformed assumption; detection goes on with the next one. */
static void
warn_malformed(const char *artifact, int index, const char *detail)
{
	ereport(WARNING,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("artifact %s has a malformed assumption at index %d", artifact, index),
			 errdetail_internal("%s", detail),
			 errhint("Each assumption is an object {\"metric\": ..., \"value\": ..., \"evidence_tier\": ...}; this one is skipped.")));
}

/*
 * Compare one assumption with the latest telemetry of its metric and file a
 * report when it diverges and has not been filed yet: not from this
 * observation, and not with the same classification as the latest report
 * for this artifact and metric.  Reports are stamped with clock_timestamp()
 * so that "latest" stays well defined within one transaction.
 */
static void
check_assumption(Detection *det, Datum artifact_id, const Assumption *a)
{
	Oid			telemetry_types[3] = {UUIDOID, UUIDOID, TEXTOID};
	Oid			file_types[11] = {
		UUIDOID, UUIDOID, UUIDOID, TEXTOID, TEXTOID, TEXTOID,
		TEXTOID, TEXTOID, TEXTOID, UUIDOID, TEXTOID
	};
	Datum		args[11];
	Datum		telemetry_id;
	char	   *actual;
	int			observed;
	int			delta;
	DivergenceClass cls;
	bool		isnull;

	args[0] = det->org_id;
	args[1] = det->project_id;
	args[2] = CStringGetTextDatum(a->metric);
	agentgov_spi_run(agentgov_plan(&latest_telemetry_plan,
						  "SELECT t.id,"
						  "       trim_scale(t.metric_value)::text ||"
						  "       CASE WHEN t.unit = '%' THEN '%'"
						  "            WHEN btrim(t.unit) IN ('', 'count', 'rate', 'score') THEN ''"
						  "            ELSE ' ' || btrim(t.unit) END,"
						  "       t.evidence_tier::text"
						  "  FROM agentgov.telemetry t"
						  " WHERE t.org_id = $1 AND t.project_id = $2"
						  "   AND t.metric_name = $3::agentgov.metric_name"
						  " ORDER BY t.observed_at DESC, t.created_at DESC, t.id DESC"
						  " LIMIT 1",
						  3, telemetry_types),
			args, NULL, false, 1, SPI_OK_SELECT);
	if (SPI_processed == 0)
	{
		SPI_freetuptable(SPI_tuptable);
		return;					/* nothing observed yet */
	}
	telemetry_id = datumCopy(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull),
							 false, UUID_LEN);
	actual = spi_text(0, 2);
	observed = Min(agentgov_label_index(agentgov_tier_labels, NUM_TIERS, spi_text(0, 3)), agentgov_telemetry_evidence_tier);
	SPI_freetuptable(SPI_tuptable);

	delta = agentgov_tier_distance(a->tier, observed);
	cls = agentgov_classify_values(a->type, a->value, strlen(a->value), actual, strlen(actual),
						  delta, DEFAULT_COLLATION_OID);
	if (cls == DIV_COSMETIC)
		return;

	args[2] = artifact_id;
	args[3] = CStringGetTextDatum(agentgov_divergence_type_labels[a->type]);
	args[4] = CStringGetTextDatum(a->metric);
	args[5] = CStringGetTextDatum(a->value);
	args[6] = CStringGetTextDatum(actual);
	args[7] = CStringGetTextDatum(agentgov_tier_labels[a->tier]);
	args[8] = CStringGetTextDatum(agentgov_tier_labels[observed]);
	args[9] = telemetry_id;
	args[10] = CStringGetTextDatum(agentgov_divergence_class_labels[cls]);
	agentgov_spi_run(agentgov_plan(&file_report_plan,
						  "INSERT INTO agentgov.divergence_reports AS r"
						  "       (org_id, project_id, artifact_id, divergence_type, metric_name,"
						  "        assumed_value, actual_value, assumption_evidence_tier,"
						  "        telemetry_evidence_tier, telemetry_id, detected_at, created_at)"
						  " SELECT $1, $2, $3, $4::agentgov.divergence_type, $5::agentgov.metric_name,"
						  "        $6, $7, $8::agentgov.evidence_tier, $9::agentgov.evidence_tier, $10,"
						  "        c.now, c.now"
						  "   FROM (SELECT clock_timestamp() AS now) c"
						  "  WHERE NOT EXISTS ("
						  "        SELECT FROM agentgov.divergence_reports d"
						  "         WHERE d.org_id = $1 AND d.artifact_id = $3"
						  "           AND d.metric_name = $5::agentgov.metric_name AND d.telemetry_id = $10)"
						  "    AND (SELECT d.classification FROM agentgov.divergence_reports d"
						  "          WHERE d.org_id = $1 AND d.artifact_id = $3"
						  "            AND d.metric_name = $5::agentgov.metric_name"
						  "          ORDER BY d.detected_at DESC, d.created_at DESC, d.id DESC"
						  "          LIMIT 1)"
						  "        IS DISTINCT FROM $11::agentgov.divergence_classification"
						  " ON CONFLICT (org_id, artifact_id, metric_name, telemetry_id) DO NOTHING"
						  " RETURNING r",
						  11, file_types),
			args, NULL, false, 0, SPI_OK_INSERT_RETURNING);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		Datum		row = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);
		HeapTupleHeader td = DatumGetHeapTupleHeader(row);
		HeapTupleData tuple;

		tuple.t_len = HeapTupleHeaderGetDatumLength(td);
		ItemPointerSetInvalid(&tuple.t_self);
		tuple.t_tableOid = InvalidOid;
		tuple.t_data = td;
		tuplestore_puttuple(det->results, &tuple);
	}
	SPI_freetuptable(SPI_tuptable);
}

/* Check every assumption of one artifact. */
static void
check_artifact(Detection *det, Datum artifact_id, int default_tier, Jsonb *assumptions,
			   MemoryContext itemcxt)
{
	char	   *artifact = agentgov_uuid_str(artifact_id);
	JsonbIterator *it;
	JsonbValue	elem;
	JsonbIteratorToken tok;
	List	   *seen = NIL;
	int			index = 0;

	if (!JB_ROOT_IS_ARRAY(assumptions) || JB_ROOT_IS_SCALAR(assumptions))
	{
		ereport(WARNING,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("artifact %s has malformed assumptions", artifact),
				 errdetail("\"assumptions\" is a JSON %s, not an array.", jsonb_type_name(assumptions)),
				 errhint("Its assumptions are skipped.")));
		return;
	}

	it = JsonbIteratorInit(&assumptions->root);
	while ((tok = JsonbIteratorNext(&it, &elem, true)) != WJB_DONE)
	{
		Assumption a = {NULL, NULL, 0, DIV_PERSONA_MISMATCH};
		char	   *problem;
		MemoryContext oldcxt;

		if (tok != WJB_ELEM)
			continue;
		oldcxt = MemoryContextSwitchTo(itemcxt);
		problem = read_assumption(&elem, default_tier, det->metric_type, &a);
		if (problem == NULL && list_member(seen, makeString(a.metric)))
			problem = psprintf("Metric %s is assumed earlier in the same artifact.", a.metric);
		if (problem != NULL)
			warn_malformed(artifact, index, problem);
		else
			check_assumption(det, artifact_id, &a);
		MemoryContextSwitchTo(oldcxt);
		if (problem == NULL)
			seen = lappend(seen, makeString(pstrdup(a.metric)));
		MemoryContextReset(itemcxt);
		index++;
	}
}

/* Lock out concurrent detections for the same project until commit. */
static void
lock_project_detection(Datum project_id)
{
	int32		key = DatumGetInt32(DirectFunctionCall1(uuid_hash, project_id));

	(void) DirectFunctionCall2(pg_advisory_xact_lock_int4,
							   Int32GetDatum(DIVERGENCE_LOCK_KEY), Int32GetDatum(key));
}

/* detect_divergences(project_id uuid) -> setof divergence_reports */
Datum
detect_divergences(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Detection	det;
	Oid			project_types[1] = {UUIDOID};
	Oid			artifact_types[2] = {UUIDOID, UUIDOID};
	Datum		args[2];
	SPITupleTable *artifacts;
	uint64		nartifacts;
	MemoryContext itemcxt;
	int			level;
	bool		isnull;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("project_id must not be NULL")));
	det.project_id = PG_GETARG_DATUM(0);
	(void) agentgov_divergence_thresholds();	/* refuse early when out of order */

	InitMaterializedSRF(fcinfo, 0);
	det.results = rsinfo->setResult;
	det.metric_type = agentgov_type_oid("metric_name");

	level = agentgov_safe_search_path();
	agentgov_spi_connect();

	agentgov_spi_run(agentgov_plan(&project_org_plan,
						  "SELECT p.org_id FROM agentgov.projects p WHERE p.id = $1",
						  1, project_types),
			&det.project_id, NULL, false, 0, SPI_OK_SELECT);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("project %s does not exist", agentgov_uuid_str(det.project_id))));
	if (SPI_processed > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("project id %s is ambiguous", agentgov_uuid_str(det.project_id)),
				 errdetail("It names a project in more than one organization.")));
	det.org_id = datumCopy(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull),
						   false, UUID_LEN);
	SPI_freetuptable(SPI_tuptable);

	lock_project_detection(det.project_id);

	args[0] = det.org_id;
	args[1] = det.project_id;
	agentgov_spi_run(agentgov_plan(&artifacts_plan,
						  "SELECT a.id, a.evidence_tier::text, a.content -> 'assumptions'"
						  "  FROM agentgov.artifacts a"
						  " WHERE a.org_id = $1 AND a.project_id = $2"
						  "   AND a.status IN ('APPROVED', 'DEPLOYED')"
						  "   AND jsonb_typeof(a.content) = 'object'"
						  "   AND jsonb_typeof(a.content -> 'assumptions') <> 'null'"
						  " ORDER BY a.type, a.version, a.id",
						  2, artifact_types),
			args, NULL, false, 0, SPI_OK_SELECT);
	artifacts = SPI_tuptable;
	nartifacts = SPI_processed;

	itemcxt = AllocSetContextCreate(CurrentMemoryContext, "detect_divergences",
									ALLOCSET_DEFAULT_SIZES);
	for (uint64 i = 0; i < nartifacts; i++)
	{
		HeapTuple	row = artifacts->vals[i];
		Datum		artifact_id = SPI_getbinval(row, artifacts->tupdesc, 1, &isnull);
		char	   *tier = SPI_getvalue(row, artifacts->tupdesc, 2);
		Jsonb	   *assumptions = DatumGetJsonbP(SPI_getbinval(row, artifacts->tupdesc, 3, &isnull));

		check_artifact(&det, artifact_id, agentgov_label_index(agentgov_tier_labels, NUM_TIERS, tier),
					   assumptions, itemcxt);
	}

	SPI_finish();
	agentgov_restore_search_path(level);
	return (Datum) 0;
}
