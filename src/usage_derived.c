/*-------------------------------------------------------------------------
 *
 * usage_derived.c
 *	  The tables derived from usage_events: their write protection and
 *	  rebuild_usage_rollups().
 *
 * usage_rollups, usage_kind_rollups and budget_periods hold what agentgov
 * derives from the usage ledger (sums per bucket, the alert state of each
 * budget period).  usage_derived_guard(), a BEFORE row trigger (and BEFORE
 * TRUNCATE statement trigger) on each of them, refuses INSERT, UPDATE,
 * DELETE and TRUNCATE from every role, the owner and superusers included
 * (AG005), unless the write comes from agentgov's own code, which runs it
 * inside agentgov_with_derived_writes(): the one entry point that opens
 * them, kept as a per-backend depth counter restored on error.  Deletes
 * made by the cascade of a deleted organization (rollups) or budget
 * (budget_periods) get through: the row they hang on is gone; so do
 * deletes of budget periods that ended before the previous period of their
 * budget began (expire_budget_periods()).  With
 * session_replication_role = replica (pg_restore) ordinary triggers do not
 * fire, so a restore loads the tables as dumped.
 *
 * rebuild_usage_rollups(org_id) recomputes usage_rollups and
 * usage_kind_rollups from the events of one organization (NULL: all).
 * Buckets older than the latest purge cutoff (purge_usage_events() removes
 * events and keeps their rollups, and logs the cutoff in audit_log) are
 * kept as they are: only the days whose events are all still there are
 * recomputed.  It locks usage_events in SHARE mode (no usage is written
 * meanwhile; reads go on) and both rollup tables in EXCLUSIVE mode, until
 * the transaction ends.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(usage_derived_guard);
PG_FUNCTION_INFO_V1(rebuild_usage_rollups);

/* Seconds between two progress NOTICEs of a rebuild. */
#define REBUILD_NOTICE_SECS 5

/* ----------------------------------------------------------------
 * The exemption: agentgov_with_derived_writes
 * ----------------------------------------------------------------
 */
static int	derived_write_depth = 0;

void
agentgov_with_derived_writes(void (*fn) (void *arg), void *arg)
{
	int			saved = derived_write_depth;

	derived_write_depth++;
	PG_TRY();
	{
		fn(arg);
	}
	PG_FINALLY();
	{
		derived_write_depth = saved;
	}
	PG_END_TRY();
}

/* ----------------------------------------------------------------
 * usage_derived_guard: BEFORE INSERT/UPDATE/DELETE row and BEFORE TRUNCATE
 * statement trigger.  TG_ARGV[0]: the table whose deletion cascades to the
 * rows, organizations (org_id) or budget_limits (org_id, budget_id).
 * ----------------------------------------------------------------
 */
static SPIPlanPtr org_alive_plan = NULL;
static SPIPlanPtr budget_alive_plan = NULL;

/*
 * Whether a row may be deleted from `rel` without agentgov: its parent is
 * gone (the cascade of a deleted organization or budget), or, for
 * budget_periods, its period ended before the previous period of its
 * budget began (what expire_budget_periods() removes: the alert state of a
 * period no usage can reach any more).
 */
static bool
parent_gone(Relation rel, const char *parent, HeapTuple tuple)
{
	TupleDesc	tupdesc = RelationGetDescr(rel);
	Oid			argtypes[3] = {UUIDOID, UUIDOID, DATEOID};
	Datum		args[3];
	bool		isnull;
	bool		by_budget = strcmp(parent, "budget_limits") == 0;
	AgentgovPrivileged saved;
	bool		gone;

	if (!by_budget && strcmp(parent, "organizations") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("usage_derived_guard expects organizations or budget_limits, not \"%s\"",
						parent)));
	args[0] = heap_getattr(tuple, agentgov_attnum(rel, "org_id"), tupdesc, &isnull);
	if (isnull)
		return false;
	if (by_budget)
	{
		args[1] = heap_getattr(tuple, agentgov_attnum(rel, "budget_id"), tupdesc, &isnull);
		if (isnull)
			return false;
		args[2] = heap_getattr(tuple, agentgov_attnum(rel, "period_end"), tupdesc, &isnull);
		if (isnull)
			return false;
	}

	agentgov_spi_connect();
	agentgov_begin_privileged(rel->rd_rel->relowner, &saved);
	if (by_budget)
		agentgov_spi_run(agentgov_plan(&budget_alive_plan,
									   "SELECT 1 FROM agentgov.budget_limits b"
									   " WHERE b.org_id = $1 AND b.id = $2"
									   "   AND $3 >= agentgov.period_start(b.period,"
									   "              agentgov.period_start(b.period,"
									   "                (now() AT TIME ZONE 'UTC')::date) - 1)",
									   3, argtypes),
						 args, NULL, true, 1, SPI_OK_SELECT);
	else
		agentgov_spi_run(agentgov_plan(&org_alive_plan,
									   "SELECT 1 FROM agentgov.organizations WHERE id = $1",
									   1, argtypes),
						 args, NULL, true, 1, SPI_OK_SELECT);
	gone = (SPI_processed == 0);
	agentgov_end_privileged(&saved);
	SPI_finish();
	return gone;
}

Datum
usage_derived_guard(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	const char *relname;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"usage_derived_guard\" must be fired BEFORE a write")));
	if (trigdata->tg_trigger->tgnargs != 1)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("usage_derived_guard expects one argument, the parent table")));
	relname = RelationGetRelationName(trigdata->tg_relation);

	/* pg_restore loads the rows as they were dumped (src/restore.c) */
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	if (derived_write_depth > 0)
	{
		if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
			return PointerGetDatum(trigdata->tg_newtuple);
		return PointerGetDatum(trigdata->tg_trigtuple);
	}
	if (TRIGGER_FIRED_BY_DELETE(trigdata->tg_event) &&
		TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) &&
		parent_gone(trigdata->tg_relation, trigdata->tg_trigger->tgargs[0],
					trigdata->tg_trigtuple))
		return PointerGetDatum(trigdata->tg_trigtuple);

	ereport(ERROR,
			(errcode(ERRCODE_AG_APPEND_ONLY),
			 errmsg("table \"%s\" is maintained by agentgov", relname),
			 errdetail("Its rows are derived from usage_events and are written only by agentgov's own triggers and functions."),
			 errhint("agentgov.rebuild_usage_rollups() recomputes the rollups from the events.")));
	pg_unreachable();
}

/* ----------------------------------------------------------------
 * rebuild_usage_rollups(org_id uuid DEFAULT NULL)
 *	 -> (organizations, events, rollup_buckets, kind_buckets, kept_buckets,
 *		 rebuilt_from)
 * ----------------------------------------------------------------
 */
typedef struct Rebuild
{
	Datum		org_id;			/* uuid, or 0 for all */
	bool		all;
	DateADT		from;			/* first day rebuilt */
	int64		organizations;
	int64		events;
	int64		buckets;
	int64		kind_buckets;
	int64		kept;
} Rebuild;

/* The first UTC day whose events no purge has touched (-infinity: all). */
static DateADT
first_complete_day(void)
{
	bool		isnull;
	Datum		cutoff;
	DateADT		day;

	if (SPI_execute("SELECT max((new_values OPERATOR(pg_catalog.->>) 'cutoff')::pg_catalog.timestamptz)"
					"  FROM agentgov.audit_log"
					" WHERE action OPERATOR(pg_catalog.=) 'PURGE'"
					"   AND table_name OPERATOR(pg_catalog.=) 'usage_events'",
					true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the purges of usage_events");
	cutoff = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
	{
		DATE_NOBEGIN(day);
		return day;
	}
	/* Events before the cutoff are gone: its day is complete only from midnight. */
	day = DatumGetDateADT(DirectFunctionCall1(timestamp_date,
											  DirectFunctionCall2(timestamptz_zone,
																  CStringGetTextDatum("UTC"),
																  cutoff)));
	if (DatumGetTimestamp(DirectFunctionCall2(timestamptz_zone, CStringGetTextDatum("UTC"), cutoff)) !=
		DatumGetTimestamp(DirectFunctionCall1(date_timestamp, DateADTGetDatum(day))))
		day++;
	return day;
}

/* Run a query with (org_id, from_day); returns SPI_processed. */
static uint64
run_org_query(const char *query, Datum org_id, DateADT from, int expected)
{
	Oid			argtypes[2] = {UUIDOID, DATEOID};
	Datum		args[2] = {org_id, DateADTGetDatum(from)};
	int			ret = SPI_execute_with_args(query, 2, argtypes, args, NULL, false, 0);

	if (ret != expected)
		elog(ERROR, "rebuild_usage_rollups: SPI_execute_with_args failed: %s",
			 SPI_result_code_string(ret));
	return SPI_processed;
}

/* Rebuild the rollups of one organization. */
static void
rebuild_org(Rebuild *rb, Datum org_id)
{
	bool		isnull;

	run_org_query("DELETE FROM agentgov.usage_rollups"
				  " WHERE org_id = $1 AND bucket_date >= $2", org_id, rb->from, SPI_OK_DELETE);
	rb->buckets += run_org_query("INSERT INTO agentgov.usage_rollups"
								 "       (org_id, bucket_date, project_id, agent_id, model,"
								 "        events, tokens_in, tokens_out, cost_usd, unpriced_events)"
								 " SELECT org_id, usage_date, project_id, agent_id, model, count(*),"
								 "        sum(tokens_in), sum(tokens_out), coalesce(sum(cost_usd), 0),"
								 "        count(*) FILTER (WHERE cost_usd IS NULL)"
								 "   FROM agentgov.usage_events"
								 "  WHERE org_id = $1 AND usage_date >= $2"
								 "  GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5",
								 org_id, rb->from, SPI_OK_INSERT);
	run_org_query("DELETE FROM agentgov.usage_kind_rollups"
				  " WHERE org_id = $1 AND bucket_date >= $2", org_id, rb->from, SPI_OK_DELETE);
	rb->kind_buckets += run_org_query("INSERT INTO agentgov.usage_kind_rollups"
									  "       (org_id, bucket_date, agent_kind,"
									  "        events, tokens_in, tokens_out, cost_usd, unpriced_events)"
									  " SELECT org_id, usage_date, agent_kind, count(*),"
									  "        sum(tokens_in), sum(tokens_out), coalesce(sum(cost_usd), 0),"
									  "        count(*) FILTER (WHERE cost_usd IS NULL)"
									  "   FROM agentgov.usage_events"
									  "  WHERE org_id = $1 AND usage_date >= $2 AND agent_kind IS NOT NULL"
									  "  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
									  org_id, rb->from, SPI_OK_INSERT);
	run_org_query("SELECT (SELECT count(*) FROM agentgov.usage_events"
				  "         WHERE org_id = $1 AND usage_date >= $2),"
				  "       (SELECT count(*) FROM agentgov.usage_rollups"
				  "         WHERE org_id = $1 AND bucket_date < $2)"
				  "     + (SELECT count(*) FROM agentgov.usage_kind_rollups"
				  "         WHERE org_id = $1 AND bucket_date < $2)",
				  org_id, rb->from, SPI_OK_SELECT);
	rb->events += DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	rb->kept += DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	rb->organizations++;
}

/* The body of a rebuild, with the derived tables open to it. */
static void
rebuild_all(void *arg)
{
	Rebuild    *rb = (Rebuild *) arg;
	Oid			argtypes[1] = {UUIDOID};
	SPITupleTable *orgs;
	uint64		norgs;
	TimestampTz last_notice = GetCurrentTimestamp();

	if (SPI_execute("LOCK TABLE agentgov.usage_events IN SHARE MODE;"
					"LOCK TABLE agentgov.usage_rollups, agentgov.usage_kind_rollups IN EXCLUSIVE MODE",
					false, 0) != SPI_OK_UTILITY)
		elog(ERROR, "could not lock the usage tables");
	rb->from = first_complete_day();

	if (SPI_execute_with_args(rb->all ? "SELECT id FROM agentgov.organizations ORDER BY id"
							  : "SELECT id FROM agentgov.organizations WHERE id = $1",
							  rb->all ? 0 : 1, argtypes, &rb->org_id, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read organizations");
	if (!rb->all && SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("organization %s does not exist", agentgov_uuid_str(rb->org_id))));
	orgs = SPI_tuptable;
	norgs = SPI_processed;
	for (uint64 i = 0; i < norgs; i++)
	{
		bool		isnull;
		Datum		org_id = SPI_getbinval(orgs->vals[i], orgs->tupdesc, 1, &isnull);

		CHECK_FOR_INTERRUPTS();
		rebuild_org(rb, org_id);
		if (TimestampDifferenceExceeds(last_notice, GetCurrentTimestamp(),
									   REBUILD_NOTICE_SECS * 1000))
		{
			ereport(NOTICE,
					(errmsg("rebuilt the usage rollups of %llu of %llu organizations (%lld events so far)",
							(unsigned long long) (i + 1), (unsigned long long) norgs,
							(long long) rb->events)));
			last_notice = GetCurrentTimestamp();
		}
	}
}

Datum
rebuild_usage_rollups(PG_FUNCTION_ARGS)
{
	Rebuild		rb = {0};
	TupleDesc	tupdesc;
	Datum		values[6];
	bool		nulls[6] = {false};
	AgentgovPrivileged saved;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "rebuild_usage_rollups must return a composite type");
	rb.all = PG_ARGISNULL(0);
	if (!rb.all)
		rb.org_id = PG_GETARG_DATUM(0);

	agentgov_spi_connect();
	agentgov_begin_privileged(agentgov_table_owner("usage_rollups"), &saved);
	agentgov_with_derived_writes(rebuild_all, &rb);
	agentgov_end_privileged(&saved);
	SPI_finish();

	values[0] = Int64GetDatum(rb.organizations);
	values[1] = Int64GetDatum(rb.events);
	values[2] = Int64GetDatum(rb.buckets);
	values[3] = Int64GetDatum(rb.kind_buckets);
	values[4] = Int64GetDatum(rb.kept);
	values[5] = DateADTGetDatum(rb.from);
	nulls[5] = DATE_NOT_FINITE(rb.from);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls)));
}
