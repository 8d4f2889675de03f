/*-------------------------------------------------------------------------
 *
 * budgets.c
 *	  Budget periods, spend, alerts and the block-budget rule of run starts.
 *
 * A budget (budget_limits) caps the spend of an org, a project, an agent or
 * an agent kind per UTC calendar day, ISO week (from Monday) or calendar
 * month.  No reset job exists: a period's spend is the sum of the rollups of
 * its days (usage_kind_rollups for agent kinds), so a new period starts at
 * zero and a purge of raw events changes nothing.
 *
 * Alerts.  The usage statement trigger (usage.c) finds the periods of the
 * active budgets its rows reached and records them in a per-transaction
 * set; usage_budget_alerts(), a deferred constraint trigger on
 * usage_events queued once per statement, runs when the transaction commits
 * (or prepares, or at SET CONSTRAINTS ... IMMEDIATE).  Its writes to
 * budget_periods go through agentgov_with_derived_writes().  It locks those budget_periods rows
 * (creating them), in (org, budget, period) order, then reads the spend with a
 * snapshot taken after the lock, and the first transaction to see
 * alert_threshold x amount reached (or the amount exceeded) sends the
 * notification and marks the period.  The checks of transactions covered
 * by one budget period are serialized on its row, each from its check to
 * its commit, and a lock is released only once its holder's commit is
 * visible: so the last of concurrent writers sees every other one, and the
 * alert is sent exactly once however many sessions cross the threshold
 * together, and is not lost when none of them crosses it alone.  Taking
 * the lock at commit keeps it short: writers are serialized only for the
 * length of the check, not of their transaction.  Periods whose two alerts
 * are sent are not locked any more.  Alerts go to the active ADMIN members
 * of the org, one notification each; the period row records the alert even
 * if the org has no admin.
 *
 * Block budgets.  agentgov_budgets_admit_run() locks (FOR NO KEY UPDATE, in
 * id order) the active block budgets covering a run about to start, then
 * reads spend and the reservations of running runs with a snapshot taken
 * after the lock, so of two runs racing for the last dollars the second
 * sees the first running (also under REPEATABLE READ).  Usage statements
 * never lock budget_limits rows (their budget_periods foreign key only takes
 * KEY SHARE), so run starts and usage never wait for each other there.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgroids.h"
#include "utils/datetime.h"
#include "commands/trigger.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(period_start);
PG_FUNCTION_INFO_V1(period_end);
PG_FUNCTION_INFO_V1(usage_spent);
PG_FUNCTION_INFO_V1(budget_check);
PG_FUNCTION_INFO_V1(usage_budget_alerts);

/* The periods of agentgov.aggregation_period. */
typedef enum BudgetPeriod
{
	PERIOD_DAILY,
	PERIOD_WEEKLY,
	PERIOD_MONTHLY
} BudgetPeriod;

static const char *const period_labels[] = {"daily", "weekly", "monthly"};

/* A budget_periods row a usage statement locked. */
typedef struct LockedPeriod
{
	pg_uuid_t	org_id;
	pg_uuid_t	budget_id;
	DateADT		start;
	DateADT		end;
} LockedPeriod;

/* A budget_limits row, as the rules need it. */
typedef struct Budget
{
	Datum		id;				/* uuid */
	Datum		org_id;			/* uuid */
	char	   *name;
	Datum		amount;			/* numeric */
	Datum		threshold;		/* numeric */
	BudgetPeriod period;
	char	   *scope_type;
	bool		has_scope_id;
	Datum		scope_id;		/* uuid */
	char	   *scope_kind;		/* agent kind label, or NULL */
	char	   *action;
} Budget;

/* The budget_limits columns read into a Budget, in this order. */
#define BUDGET_COLUMNS \
	"b.id, b.org_id, b.name::text, b.amount_usd, b.alert_threshold, b.period::text," \
	" b.scope_type::text, b.scope_id, b.scope_agent_type::text, b.action_on_exceed::text"
#define BUDGET_NCOLUMNS 10

/* ----------------------------------------------------------------
 * Periods
 * ----------------------------------------------------------------
 */
static BudgetPeriod
parse_period(const char *label)
{
	for (int i = 0; i < lengthof(period_labels); i++)
		if (strcmp(label, period_labels[i]) == 0)
			return (BudgetPeriod) i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown budget period \"%s\"", label),
			 errhint("Use daily, weekly or monthly.")));
	pg_unreachable();
}

/* [start, end) of the period containing `day`. */
static void
period_bounds(BudgetPeriod period, DateADT day, DateADT *start, DateADT *end)
{
	int			jd;
	int			year,
				month,
				mday;

	if (DATE_NOT_FINITE(day))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("an infinite date has no period")));
	jd = day + POSTGRES_EPOCH_JDATE;
	switch (period)
	{
		case PERIOD_DAILY:
			*start = day;
			*end = day + 1;
			break;
		case PERIOD_WEEKLY:
			/* j2day: 0 = Sunday; ISO weeks start on Monday. */
			*start = day - (j2day(jd) + 6) % 7;
			*end = *start + 7;
			break;
		case PERIOD_MONTHLY:
			j2date(jd, &year, &month, &mday);
			*start = date2j(year, month, 1) - POSTGRES_EPOCH_JDATE;
			*end = (month == 12 ? date2j(year + 1, 1, 1) : date2j(year, month + 1, 1))
				- POSTGRES_EPOCH_JDATE;
			break;
	}
	if (!IS_VALID_DATE(*start) || !IS_VALID_DATE(*end))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range for a period")));
}

/* The period of an aggregation_period argument, cached per call site. */
static BudgetPeriod
period_arg(FunctionCallInfo fcinfo, int argno)
{
	typedef struct PeriodCache
	{
		int			n;
		Oid			oids[lengthof(period_labels)];
		BudgetPeriod periods[lengthof(period_labels)];
	} PeriodCache;
	Oid			value = PG_GETARG_OID(argno);
	PeriodCache *cache = (PeriodCache *) fcinfo->flinfo->fn_extra;
	BudgetPeriod period;

	if (cache == NULL)
		cache = fcinfo->flinfo->fn_extra =
			MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(PeriodCache));
	for (int i = 0; i < cache->n; i++)
		if (cache->oids[i] == value)
			return cache->periods[i];
	period = parse_period(DatumGetCString(DirectFunctionCall1(enum_out, ObjectIdGetDatum(value))));
	if (cache->n < lengthof(period_labels))
	{
		cache->oids[cache->n] = value;
		cache->periods[cache->n++] = period;
	}
	return period;
}

/* period_start(period, day) -> date */
Datum
period_start(PG_FUNCTION_ARGS)
{
	DateADT		start,
				end;

	period_bounds(period_arg(fcinfo, 0), PG_GETARG_DATEADT(1), &start, &end);
	PG_RETURN_DATEADT(start);
}

/* period_end(period, day) -> date: the first day after the period. */
Datum
period_end(PG_FUNCTION_ARGS)
{
	DateADT		start,
				end;

	period_bounds(period_arg(fcinfo, 0), PG_GETARG_DATEADT(1), &start, &end);
	PG_RETURN_DATEADT(end);
}

/* The UTC calendar day of a timestamp. */
static DateADT
utc_day(TimestampTz at)
{
	int64		day;

	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("an infinite timestamp has no budget period")));
	day = at / USECS_PER_DAY;
	if (at % USECS_PER_DAY < 0)
		day--;
	return (DateADT) day;
}

/* ----------------------------------------------------------------
 * Formatting
 * ----------------------------------------------------------------
 */

/* A date as YYYY-MM-DD whatever DateStyle says. */
static char *
iso_date(DateADT day)
{
	int			year,
				month,
				mday;

	j2date(day + POSTGRES_EPOCH_JDATE, &year, &month, &mday);
	return psprintf("%04d-%02d-%02d", year, month, mday);
}

/* "2026-11-20" for a day, "2026-11-16 to 2026-11-22" for longer periods. */
static char *
period_text(DateADT start, DateADT end)
{
	if (end - start == 1)
		return iso_date(start);
	return psprintf("%s to %s", iso_date(start), iso_date(end - 1));
}

/* An amount of USD with at least two decimals and no trailing zeros beyond. */
static char *
money_text(Datum amount)
{
	char	   *s = DatumGetCString(DirectFunctionCall1(numeric_out, amount));
	char	   *dot = strchr(s, '.');
	int			len = strlen(s);

	if (dot == NULL)
		return psprintf("%s.00", s);
	while (len > (dot - s) + 3 && s[len - 1] == '0')
		s[--len] = '\0';
	if (len == (dot - s) + 2)
		return psprintf("%s0", s);
	return s;
}

static bool
numeric_greater(Datum a, Datum b)
{
	return DatumGetBool(DirectFunctionCall2(numeric_gt, a, b));
}

static Datum
numeric_plus(Datum a, Datum b)
{
	return DirectFunctionCall2(numeric_add, a, b);
}

/* ----------------------------------------------------------------
 * Reading budgets and spend (connected to SPI)
 * ----------------------------------------------------------------
 */

/* Execute a kept plan, with `snapshot` when given; raise on failure. */
static void
exec_read(SPIPlanPtr plan, Datum *values, const char *nulls, Snapshot snapshot)
{
	int			ret;

	if (snapshot != NULL)
		ret = SPI_execute_snapshot(plan, values, nulls, snapshot, InvalidSnapshot,
								   true, false, 0);
	else
		ret = SPI_execute_plan(plan, values, nulls, true, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(ret));
}

/* A Budget from row `row` of SPI_tuptable, columns BUDGET_COLUMNS from `first`. */
static void
budget_from_row(Budget *b, uint64 row, int first)
{
	HeapTuple	t = SPI_tuptable->vals[row];
	TupleDesc	d = SPI_tuptable->tupdesc;
	bool		isnull;

	b->id = SPI_getbinval(t, d, first, &isnull);
	b->org_id = SPI_getbinval(t, d, first + 1, &isnull);
	b->name = SPI_getvalue(t, d, first + 2);
	b->amount = SPI_getbinval(t, d, first + 3, &isnull);
	b->threshold = SPI_getbinval(t, d, first + 4, &isnull);
	b->period = parse_period(SPI_getvalue(t, d, first + 5));
	b->scope_type = SPI_getvalue(t, d, first + 6);
	b->scope_id = SPI_getbinval(t, d, first + 7, &b->has_scope_id);
	b->has_scope_id = !b->has_scope_id;
	b->scope_kind = SPI_getvalue(t, d, first + 8);
	b->action = SPI_getvalue(t, d, first + 9);
}

static SPIPlanPtr spend_plans[4];

/*
 * Spend of budget `b` over the days [from, to), from the rollups: the org's,
 * its project's or its agent's usage_rollups, or its kind's
 * usage_kind_rollups.  Read with `snapshot` (NULL: the active one).
 */
static Datum
budget_spend(const Budget *b, DateADT from, DateADT to, Snapshot snapshot)
{
	static const char *const scopes[4] = {"global", "project", "agent", "agent_type"};
	static const char *const queries[4] = {
		"SELECT coalesce(sum(cost_usd), 0) FROM agentgov.usage_rollups"
		" WHERE org_id = $1 AND bucket_date >= $4 AND bucket_date < $5",
		"SELECT coalesce(sum(cost_usd), 0) FROM agentgov.usage_rollups"
		" WHERE org_id = $1 AND project_id = $2 AND bucket_date >= $4 AND bucket_date < $5",
		"SELECT coalesce(sum(cost_usd), 0) FROM agentgov.usage_rollups"
		" WHERE org_id = $1 AND agent_id = $2 AND bucket_date >= $4 AND bucket_date < $5",
		"SELECT coalesce(sum(cost_usd), 0) FROM agentgov.usage_kind_rollups"
		" WHERE org_id = $1 AND agent_kind = $3::agentgov.agent_kind"
		"   AND bucket_date >= $4 AND bucket_date < $5",
	};
	Oid			argtypes[5] = {UUIDOID, UUIDOID, TEXTOID, DATEOID, DATEOID};
	Datum		args[5];
	char		nulls[5] = "     ";
	int			scope = -1;
	bool		isnull;

	for (int i = 0; i < lengthof(scopes); i++)
		if (strcmp(b->scope_type, scopes[i]) == 0)
			scope = i;
	if (scope < 0)
		elog(ERROR, "unknown budget scope \"%s\"", b->scope_type);
	args[0] = b->org_id;
	args[1] = b->scope_id;
	nulls[1] = b->has_scope_id ? ' ' : 'n';
	args[2] = b->scope_kind ? CStringGetTextDatum(b->scope_kind) : (Datum) 0;
	nulls[2] = b->scope_kind ? ' ' : 'n';
	args[3] = DateADTGetDatum(from);
	args[4] = DateADTGetDatum(to);
	exec_read(agentgov_plan(&spend_plans[scope], queries[scope], 5, argtypes),
			  args, nulls, snapshot);
	return SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
}

/* ----------------------------------------------------------------
 * usage_spent(budget_id uuid, at timestamptz) -> numeric
 * ----------------------------------------------------------------
 */
static SPIPlanPtr budget_by_id_plan = NULL;

Datum
usage_spent(PG_FUNCTION_ARGS)
{
	Datum		budget_id = PG_GETARG_DATUM(0);
	DateADT		day = utc_day(PG_GETARG_TIMESTAMPTZ(1));
	Oid			argtypes[1] = {UUIDOID};
	Budget		b;
	DateADT		start,
				end;
	Datum		spent;
	int			level;

	/* The queries' operators are pg_catalog's whatever the caller's path. */
	level = agentgov_safe_search_path();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	exec_read(agentgov_plan(&budget_by_id_plan,
							"SELECT " BUDGET_COLUMNS " FROM agentgov.budget_limits b WHERE b.id = $1",
							1, argtypes),
			  &budget_id, NULL, NULL);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("budget %s does not exist", agentgov_uuid_str(budget_id))));
	budget_from_row(&b, 0, 1);
	period_bounds(b.period, day, &start, &end);
	spent = SPI_datumTransfer(budget_spend(&b, start, end, NULL), false, -1);
	SPI_finish();
	agentgov_restore_search_path(level);
	PG_RETURN_DATUM(spent);
}

/* ----------------------------------------------------------------
 * Alerts: called by the usage statement trigger (usage.c), connected
 * to SPI and running as the owner
 * ----------------------------------------------------------------
 */
static SPIPlanPtr coverage_plan = NULL;
static SPIPlanPtr lock_plan = NULL;
static SPIPlanPtr period_state_plan = NULL;
static SPIPlanPtr notify_plan = NULL;
static SPIPlanPtr mark_plan = NULL;

/*
 * The periods of the active budgets covering `scopes`, in (org, budget,
 * period) order, leaving out those whose two alerts are already sent.
 */
static List *
covering_periods(const AgentgovUsageScope *scopes, int nscopes)
{
	static const Oid types[5] = {UUIDOID, DATEOID, UUIDOID, UUIDOID, TEXTOID};
	Oid			argtypes[5] = {UUIDARRAYOID, DATEARRAYOID, UUIDARRAYOID, UUIDARRAYOID, TEXTARRAYOID};
	Datum		args[5];
	AgentgovColumns columns;
	List	   *periods = NIL;

	agentgov_columns_init(&columns, 5, types, nscopes);
	for (int i = 0; i < nscopes; i++)
	{
		const AgentgovUsageScope *sc = &scopes[i];

		agentgov_columns_set(&columns, 0, i, UUIDPGetDatum(&sc->org_id), false);
		agentgov_columns_set(&columns, 1, i, DateADTGetDatum(sc->day), false);
		agentgov_columns_set(&columns, 2, i, UUIDPGetDatum(&sc->project_id), !sc->has_project);
		agentgov_columns_set(&columns, 3, i, UUIDPGetDatum(&sc->agent_id), !sc->has_agent);
		agentgov_columns_set(&columns, 4, i,
							 sc->agent_kind ? CStringGetTextDatum(sc->agent_kind) : (Datum) 0,
							 sc->agent_kind == NULL);
	}
	agentgov_columns_arrays(&columns, args);

	if (SPI_execute_plan(agentgov_plan(&coverage_plan,
									   "SELECT DISTINCT b.org_id, b.id,"
									   "       agentgov.period_start(b.period, c.day) AS start,"
									   "       agentgov.period_end(b.period, c.day)"
									   "  FROM (SELECT unnest($1) AS org_id, unnest($2) AS day,"
									   "               unnest($3) AS project_id, unnest($4) AS agent_id,"
									   "               unnest($5) AS agent_kind) c"
									   "  JOIN agentgov.budget_limits b ON b.org_id = c.org_id"
									   " WHERE b.is_active"
									   "   AND CASE b.scope_type"
									   "         WHEN 'global' THEN true"
									   "         WHEN 'project' THEN b.scope_id = c.project_id"
									   "         WHEN 'agent' THEN b.scope_id = c.agent_id"
									   "         ELSE b.scope_agent_type::text = c.agent_kind END"
									   "   AND NOT EXISTS ("
									   "         SELECT FROM agentgov.budget_periods p"
									   "          WHERE p.org_id = b.org_id AND p.budget_id = b.id"
									   "            AND p.period_start = agentgov.period_start(b.period, c.day)"
									   "            AND p.warned_at IS NOT NULL AND p.exceeded_at IS NOT NULL)"
									   " ORDER BY 1, 2, 3",
									   5, argtypes),
						 args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not find the budgets covering usage");
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		TupleDesc	d = SPI_tuptable->tupdesc;
		LockedPeriod *p = palloc0(sizeof(LockedPeriod));
		bool		isnull;

		p->org_id = *DatumGetUUIDP(SPI_getbinval(t, d, 1, &isnull));
		p->budget_id = *DatumGetUUIDP(SPI_getbinval(t, d, 2, &isnull));
		p->start = DatumGetDateADT(SPI_getbinval(t, d, 3, &isnull));
		p->end = DatumGetDateADT(SPI_getbinval(t, d, 4, &isnull));
		periods = lappend(periods, p);
	}
	return periods;
}

/*
 * Lock the budget_periods rows of `periods` (creating missing ones), in
 * the order given.  DO UPDATE ... WHERE false locks an existing row
 * without writing a new version of it.
 */
static void
lock_periods(LockedPeriod **periods, int n)
{
	static const Oid types[4] = {UUIDOID, UUIDOID, DATEOID, DATEOID};
	Oid			argtypes[4] = {UUIDARRAYOID, UUIDARRAYOID, DATEARRAYOID, DATEARRAYOID};
	Datum		args[4];
	AgentgovColumns columns;

	agentgov_columns_init(&columns, 4, types, n);
	for (int i = 0; i < n; i++)
	{
		agentgov_columns_set(&columns, 0, i, UUIDPGetDatum(&periods[i]->org_id), false);
		agentgov_columns_set(&columns, 1, i, UUIDPGetDatum(&periods[i]->budget_id), false);
		agentgov_columns_set(&columns, 2, i, DateADTGetDatum(periods[i]->start), false);
		agentgov_columns_set(&columns, 3, i, DateADTGetDatum(periods[i]->end), false);
	}
	agentgov_columns_arrays(&columns, args);
	if (SPI_execute_plan(agentgov_plan(&lock_plan,
									   "INSERT INTO agentgov.budget_periods AS p"
									   "       (org_id, budget_id, period_start, period_end)"
									   " SELECT unnest($1), unnest($2), unnest($3), unnest($4)"
									   " ON CONFLICT ON CONSTRAINT budget_periods_period_key"
									   " DO UPDATE SET period_end = excluded.period_end WHERE false",
									   4, argtypes),
						 args, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not lock the budget periods");
}

/* Notify the org's admins that a budget crossed a threshold. */
static void
notify_admins(const Budget *b, const LockedPeriod *p, Datum spent, bool critical)
{
	Oid			argtypes[8] = {UUIDOID, DATEOID, DATEOID, TEXTOID, TEXTOID, TEXTOID,
	NUMERICOID, UUIDOID};
	Datum		args[8];
	char	   *percent;
	char	   *title;
	StringInfoData message;

	percent = DatumGetCString(DirectFunctionCall1(numeric_out,
												  DirectFunctionCall2(numeric_round,
																	  DirectFunctionCall2(numeric_mul, b->threshold,
																						  NumericGetDatum(int64_to_numeric(100))),
																	  Int32GetDatum(0))));
	initStringInfo(&message);
	appendStringInfo(&message, "%s USD spent of %s USD in the %s period %s (UTC).",
					 money_text(spent), money_text(b->amount), period_labels[b->period],
					 period_text(p->start, p->end));
	if (critical)
	{
		title = psprintf("Budget \"%s\" exceeded its %s amount", b->name, period_labels[b->period]);
		if (strcmp(b->action, "block") == 0)
			appendStringInfoString(&message,
								   " New runs it covers are refused until the period ends.");
	}
	else
	{
		title = psprintf("Budget \"%s\" reached %s%% of its %s amount", b->name, percent,
						 period_labels[b->period]);
		appendStringInfo(&message, " The alert threshold is %s%%.", percent);
	}

	args[0] = UUIDPGetDatum(&p->org_id);
	args[1] = DateADTGetDatum(p->start);
	args[2] = DateADTGetDatum(p->end);
	args[3] = CStringGetTextDatum(title);
	args[4] = CStringGetTextDatum(message.data);
	args[5] = CStringGetTextDatum(critical ? "critical" : "warning");
	args[6] = spent;
	args[7] = UUIDPGetDatum(&p->budget_id);
	if (SPI_execute_plan(agentgov_plan(&notify_plan,
									   "INSERT INTO agentgov.notifications"
									   "       (org_id, user_id, type, title, message, severity,"
									   "        project_id, agent_id, metadata)"
									   " SELECT b.org_id, m.user_id, 'budget_alert', $4, $5,"
									   "        $6::agentgov.notification_severity,"
									   "        (SELECT p.id FROM agentgov.projects p"
									   "          WHERE b.scope_type = 'project'"
									   "            AND p.org_id = b.org_id AND p.id = b.scope_id),"
									   "        (SELECT a.id FROM agentgov.agents a"
									   "          WHERE b.scope_type = 'agent' AND a.id = b.scope_id"
									   "            AND (a.org_id IS NULL OR a.org_id = b.org_id)),"
									   "        jsonb_build_object('related_entity_type', 'budget_limit',"
									   "                           'related_entity_id', b.id, 'budget_name', b.name,"
									   "                           'period', b.period, 'period_start', $2,"
									   "                           'period_end', $3, 'spent_usd', $7,"
									   "                           'amount_usd', b.amount_usd,"
									   "                           'alert_threshold', b.alert_threshold,"
									   "                           'action_on_exceed', b.action_on_exceed)"
									   "   FROM agentgov.budget_limits b"
									   "   JOIN agentgov.organization_members m"
									   "     ON m.org_id = b.org_id AND m.role = 'ADMIN'"
									   "   JOIN agentgov.users u ON u.id = m.user_id AND u.is_active"
									   "  WHERE b.org_id = $1 AND b.id = $8"
									   "  ORDER BY m.user_id",
									   8, argtypes),
						 args, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not insert the budget notification");
}

/*
 * With the periods locked, send the warning and critical notifications of
 * those whose threshold the spend (read with a snapshot taken after the
 * lock) now reaches, once per budget and period.
 */
static void
send_alerts(LockedPeriod **periods, int n)
{
	Oid			argtypes[6] = {UUIDOID, UUIDOID, DATEOID, BOOLOID, BOOLOID, NUMERICOID};

	/* Make the transaction's own writes visible to the snapshots below. */
	CommandCounterIncrement();
	for (int i = 0; i < n; i++)
	{
		LockedPeriod *p = periods[i];
		Snapshot	snapshot = GetLatestSnapshot();
		Datum		args[6];
		Budget		b;
		bool		warned;
		bool		exceeded;
		bool		isnull;
		bool		warn;
		bool		critical;
		Datum		spent;

		args[0] = UUIDPGetDatum(&p->org_id);
		args[1] = UUIDPGetDatum(&p->budget_id);
		args[2] = DateADTGetDatum(p->start);
		exec_read(agentgov_plan(&period_state_plan,
								"SELECT p.warned_at IS NOT NULL, p.exceeded_at IS NOT NULL, "
								BUDGET_COLUMNS
								"  FROM agentgov.budget_periods p"
								"  JOIN agentgov.budget_limits b ON b.org_id = p.org_id AND b.id = p.budget_id"
								" WHERE p.org_id = $1 AND p.budget_id = $2 AND p.period_start = $3",
								3, argtypes),
				  args, NULL, snapshot);
		if (SPI_processed != 1)
			continue;			/* the budget was deleted meanwhile */
		warned = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		exceeded = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
		if (warned && exceeded)
			continue;
		budget_from_row(&b, 0, 3);

		spent = budget_spend(&b, p->start, p->end, snapshot);
		warn = !warned && !numeric_greater(DirectFunctionCall2(numeric_mul, b.amount, b.threshold),
										   spent);
		critical = !exceeded && numeric_greater(spent, b.amount);
		if (!warn && !critical)
			continue;
		if (warn)
			notify_admins(&b, p, spent, false);
		if (critical)
			notify_admins(&b, p, spent, true);

		args[3] = BoolGetDatum(warn);
		args[4] = BoolGetDatum(critical);
		args[5] = spent;
		if (SPI_execute_plan(agentgov_plan(&mark_plan,
										   "UPDATE agentgov.budget_periods"
										   "   SET warned_at = CASE WHEN $4 THEN now() ELSE warned_at END,"
										   "       warned_spend = CASE WHEN $4 THEN $6 ELSE warned_spend END,"
										   "       exceeded_at = CASE WHEN $5 THEN now() ELSE exceeded_at END,"
										   "       exceeded_spend = CASE WHEN $5 THEN $6 ELSE exceeded_spend END"
										   " WHERE org_id = $1 AND budget_id = $2 AND period_start = $3",
										   6, argtypes),
							 args, NULL, false, 0) != SPI_OK_UPDATE)
			elog(ERROR, "could not mark the budget period");
	}
}

/* ----------------------------------------------------------------
 * The commit-time alert check
 * ----------------------------------------------------------------
 */

/*
 * The budget periods the transaction's usage statements reached and the
 * check has not yet handled (hash of LockedPeriod, zero-padded keys).
 * Lives in a child of TopTransactionContext, forgotten when the transaction
 * ends.  Periods reached by a subtransaction that rolls back stay: checking
 * a period is harmless, as the check reads the spend from the database.
 */
static HTAB *pending_periods = NULL;
static MemoryContext pending_cxt = NULL;

static void
forget_pending(void *arg)
{
	pending_periods = NULL;
	pending_cxt = NULL;
}

/* Set *arg when the budget_limits row is active. */
static void
note_active(HeapTuple tuple, TupleDesc desc, void *arg)
{
	bool		isnull;

	if (DatumGetBool(heap_getattr(tuple, SPI_fnumber(desc, "is_active"), desc, &isnull)))
		*(bool *) arg = true;
}

/* Set *arg when the budget_limits row is an active block budget. */
static void
note_active_block(HeapTuple tuple, TupleDesc desc, void *arg)
{
	bool		isnull;
	Datum		action;

	if (!DatumGetBool(heap_getattr(tuple, SPI_fnumber(desc, "is_active"), desc, &isnull)))
		return;
	action = heap_getattr(tuple, SPI_fnumber(desc, "action_on_exceed"), desc, &isnull);
	if (!isnull && strcmp(DatumGetCString(DirectFunctionCall1(enum_out, action)), "block") == 0)
		*(bool *) arg = true;
}

/* Whether the organization has an active block budget, read as committed now. */
static bool
any_active_block_budget(Datum org_id)
{
	Snapshot	snapshot = RegisterSnapshot(GetLatestSnapshot());
	bool		found = false;

	agentgov_for_rows_equal("budget_limits", "budget_limits_pkey", "org_id", F_UUID_EQ,
							org_id, snapshot, note_active_block, &found);
	UnregisterSnapshot(snapshot);
	return found;
}

/* Whether any of the scopes' organizations has an active budget. */
static bool
any_active_budget(const AgentgovUsageScope *scopes, int nscopes)
{
	Snapshot	snapshot = RegisterSnapshot(GetLatestSnapshot());
	bool		found = false;

	for (int i = 0; i < nscopes && !found; i++)
	{
		/* Scopes of one org are usually adjacent: test each org once. */
		if (i > 0 && memcmp(&scopes[i].org_id, &scopes[i - 1].org_id, UUID_LEN) == 0)
			continue;
		agentgov_for_rows_equal("budget_limits", "budget_limits_pkey", "org_id", F_UUID_EQ,
								UUIDPGetDatum(&scopes[i].org_id), snapshot, note_active, &found);
	}
	UnregisterSnapshot(snapshot);
	return found;
}

void
agentgov_budget_note_usage(const AgentgovUsageScope *scopes, int nscopes)
{
	List	   *periods;
	ListCell   *lc;

	/* Most orgs have no budget: find out without a query. */
	if (nscopes == 0 || !any_active_budget(scopes, nscopes))
		return;
	periods = covering_periods(scopes, nscopes);
	if (periods == NIL)
		return;
	if (pending_periods == NULL)
	{
		HASHCTL		ctl;
		MemoryContextCallback *callback;

		pending_cxt = AllocSetContextCreate(TopTransactionContext,
											"agentgov pending budget periods",
											ALLOCSET_SMALL_SIZES);
		callback = MemoryContextAlloc(pending_cxt, sizeof(MemoryContextCallback));
		callback->func = forget_pending;
		callback->arg = NULL;
		MemoryContextRegisterResetCallback(pending_cxt, callback);
		ctl.keysize = sizeof(LockedPeriod);
		ctl.entrysize = sizeof(LockedPeriod);
		ctl.hcxt = pending_cxt;
		pending_periods = hash_create("agentgov pending budget periods", 16, &ctl,
									  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	foreach(lc, periods)
	{
		bool		found;

		(void) hash_search(pending_periods, lfirst(lc), HASH_ENTER, &found);
	}
}

/* Lock order of budget periods: org, budget, period start. */
static int
period_cmp(const void *a, const void *b)
{
	const LockedPeriod *x = *(LockedPeriod *const *) a;
	const LockedPeriod *y = *(LockedPeriod *const *) b;
	int			c;

	if ((c = memcmp(&x->org_id, &y->org_id, UUID_LEN)) != 0)
		return c;
	if ((c = memcmp(&x->budget_id, &y->budget_id, UUID_LEN)) != 0)
		return c;
	return x->start < y->start ? -1 : x->start > y->start ? 1 : 0;
}

/* The periods one alert check locks and checks. */
typedef struct PeriodCheck
{
	LockedPeriod **periods;
	int			n;
} PeriodCheck;

/* Lock the periods and send their alerts (writes budget_periods). */
static void
check_periods(void *arg)
{
	PeriodCheck *check = (PeriodCheck *) arg;

	lock_periods(check->periods, check->n);
	send_alerts(check->periods, check->n);
}

/*
 * usage_budget_alerts: deferred AFTER INSERT constraint trigger on
 * usage_events.  Its WHEN condition, usage_alert_due(), queues it for the
 * first row of each statement only; it fires at commit (or SET CONSTRAINTS
 * ... IMMEDIATE), and the first firing checks every period recorded so far,
 * the others find nothing to do.
 */
Datum
usage_budget_alerts(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	LockedPeriod **periods;
	HASH_SEQ_STATUS seq;
	LockedPeriod *p;
	int			n = 0;
	AgentgovPrivileged saved;
	PeriodCheck check;

	agentgov_check_trigger(fcinfo, "usage_budget_alerts", AG_ON_INSERT, false);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	if (pending_periods == NULL)
		return PointerGetDatum(NULL);

	/* Take the periods out of the set first: what the check writes adds none. */
	periods = palloc(Max(hash_get_num_entries(pending_periods), 1) * sizeof(LockedPeriod *));
	hash_seq_init(&seq, pending_periods);
	while ((p = hash_seq_search(&seq)) != NULL)
	{
		periods[n] = palloc(sizeof(LockedPeriod));
		*periods[n++] = *p;
	}
	MemoryContextDelete(pending_cxt);	/* forget_pending resets the pointers */
	qsort(periods, n, sizeof(LockedPeriod *), period_cmp);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	agentgov_begin_privileged(trigdata->tg_relation->rd_rel->relowner, &saved);
	check.periods = periods;
	check.n = n;
	agentgov_with_derived_writes(check_periods, &check);
	agentgov_end_privileged(&saved);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* ----------------------------------------------------------------
 * Block budgets at run start
 * ----------------------------------------------------------------
 */
static SPIPlanPtr run_agent_plan = NULL;
static SPIPlanPtr block_budgets_plan = NULL;
static SPIPlanPtr block_budgets_lock_plan = NULL;
static SPIPlanPtr reserved_plan = NULL;

/*
 * The run's agent kind (its agent's kind, else its agent_type) and its
 * estimate (estimated_cost, else its agent's cost_per_execution_usd, else 0).
 */
static void
run_kind_and_estimate(HeapTuple run, TupleDesc tupdesc, char **kind, Datum *estimate)
{
	bool		estimate_null;
	bool		isnull;
	Datum		agent_id;
	Datum		agent_type;
	Oid			argtypes[1] = {UUIDOID};

	*kind = NULL;
	*estimate = agentgov_column(run, tupdesc, "estimated_cost", &estimate_null);
	agent_id = agentgov_column(run, tupdesc, "agent_id", &isnull);
	if (!isnull)
	{
		exec_read(agentgov_plan(&run_agent_plan,
								"SELECT kind::text, cost_per_execution_usd FROM agentgov.agents WHERE id = $1",
								1, argtypes),
				  &agent_id, NULL, NULL);
		if (SPI_processed == 1)
		{
			Datum		cost = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc,
											 2, &isnull);

			*kind = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
			if (estimate_null && !isnull)
			{
				*estimate = cost;
				estimate_null = false;
			}
		}
	}
	if (estimate_null)
		*estimate = NumericGetDatum(int64_to_numeric(0));
	if (*kind == NULL)
	{
		agent_type = agentgov_column(run, tupdesc, "agent_type", &isnull);
		if (!isnull)
			*kind = TextDatumGetCString(agent_type);
	}
}

bool
agentgov_budgets_admit_run(HeapTuple run, TupleDesc tupdesc, bool lock,
						   AgentgovBudgetRefusal *refusal, StringInfo why)
{
	MemoryContext caller_cxt = CurrentMemoryContext;
	AgentgovPrivileged saved;
	Oid			argtypes[5] = {UUIDOID, UUIDOID, UUIDOID, TEXTOID, DATEOID};
	Oid			reserved_types[5] = {UUIDOID, UUIDOID, TEXTOID, UUIDOID, TEXTOID};
	Datum		args[5];
	char		nulls[5] = "     ";
	bool		isnull;
	Datum		run_id = agentgov_column(run, tupdesc, "id", &isnull);
	Datum		org_id;
	char	   *kind;
	Datum		estimate;
	DateADT		today = utc_day(GetCurrentTransactionStartTimestamp());
	uint64		nbudgets;
	Budget	   *budgets;
	Snapshot	snapshot;
	bool		admitted = true;

	if (isnull)
		elog(ERROR, "agent run without id");
	org_id = agentgov_column(run, tupdesc, "org_id", &isnull);
	if (isnull)
		elog(ERROR, "agent run without org_id");

	/*
	 * Most orgs have no block budget: find out without a query, and skip the
	 * privileged, locking check.  A budget committed after this read is one
	 * a concurrent start could not have waited for either.
	 */
	if (!any_active_block_budget(org_id))
	{
		if (why != NULL)
			appendStringInfoString(why, "no active block budget covers the run");
		return true;
	}

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	agentgov_begin_privileged(agentgov_table_owner("budget_limits"), &saved);
	run_kind_and_estimate(run, tupdesc, &kind, &estimate);

	/* The covering block budgets, in id order, locked when asked to. */
	args[0] = org_id;
	args[1] = agentgov_column(run, tupdesc, "project_id", &isnull);
	nulls[1] = isnull ? 'n' : ' ';
	args[2] = agentgov_column(run, tupdesc, "agent_id", &isnull);
	nulls[2] = isnull ? 'n' : ' ';
	args[3] = kind ? CStringGetTextDatum(kind) : (Datum) 0;
	nulls[3] = kind ? ' ' : 'n';
	args[4] = DateADTGetDatum(today);
#define BLOCK_BUDGETS_QUERY \
	"SELECT " BUDGET_COLUMNS \
	"  FROM agentgov.budget_limits b" \
	" WHERE b.org_id = $1 AND b.is_active AND b.action_on_exceed = 'block'" \
	"   AND CASE b.scope_type" \
	"         WHEN 'global' THEN true" \
	"         WHEN 'project' THEN b.scope_id = $2" \
	"         WHEN 'agent' THEN b.scope_id = $3" \
	"         ELSE b.scope_agent_type::text = $4 END" \
	" ORDER BY b.id"
	if (lock)
	{
		if (SPI_execute_plan(agentgov_plan(&block_budgets_lock_plan,
										   BLOCK_BUDGETS_QUERY " FOR NO KEY UPDATE OF b",
										   4, argtypes),
							 args, nulls, false, 0) != SPI_OK_SELECT)
			elog(ERROR, "could not lock the block budgets");
	}
	else
		exec_read(agentgov_plan(&block_budgets_plan, BLOCK_BUDGETS_QUERY, 4, argtypes),
				  args, nulls, NULL);
	nbudgets = SPI_processed;
	budgets = palloc(Max(nbudgets, 1) * sizeof(Budget));
	for (uint64 i = 0; i < nbudgets; i++)
		budget_from_row(&budgets[i], i, 1);

	/* What the lock protects is read with a snapshot taken after it. */
	snapshot = GetLatestSnapshot();
	for (uint64 i = 0; i < nbudgets && admitted; i++)
	{
		Budget	   *b = &budgets[i];
		DateADT		start,
					end;
		Datum		spent;
		Datum		reserved;
		int64		running;
		Datum		total;

		period_bounds(b->period, today, &start, &end);
		spent = budget_spend(b, start, end, snapshot);

		args[0] = org_id;
		args[1] = run_id;
		args[2] = CStringGetTextDatum(b->scope_type);
		args[3] = b->scope_id;
		nulls[3] = b->has_scope_id ? ' ' : 'n';
		args[4] = b->scope_kind ? CStringGetTextDatum(b->scope_kind) : (Datum) 0;
		nulls[4] = b->scope_kind ? ' ' : 'n';
		nulls[1] = nulls[2] = ' ';
		exec_read(agentgov_plan(&reserved_plan,
								"SELECT coalesce(sum(greatest(coalesce(r.estimated_cost,"
								"                    a.cost_per_execution_usd, 0) - r.cost_usd, 0)), 0),"
								"       count(*)"
								"  FROM agentgov.agent_runs r"
								"  LEFT JOIN agentgov.agents a ON a.id = r.agent_id"
								" WHERE r.org_id = $1 AND r.status = 'running' AND r.id <> $2"
								"   AND CASE $3"
								"         WHEN 'global' THEN true"
								"         WHEN 'project' THEN r.project_id = $4"
								"         WHEN 'agent' THEN r.agent_id = $4"
								"         ELSE coalesce(a.kind::text, r.agent_type) = $5 END",
								5, reserved_types),
				  args, nulls, snapshot);
		reserved = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		running = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
		total = numeric_plus(numeric_plus(spent, reserved), estimate);

		if (numeric_greater(total, b->amount))
		{
			MemoryContext old = MemoryContextSwitchTo(caller_cxt);

			refusal->message = psprintf("block budget \"%s\" has spent %s of %s USD and cannot cover this run",
										b->name, money_text(spent), money_text(b->amount));
			refusal->detail = psprintf("In its %s period %s (UTC): %s USD spent + %s USD reserved by %lld other running %s + %s USD estimated for run %s = %s USD, more than %s USD.",
									   period_labels[b->period], period_text(start, end),
									   money_text(spent), money_text(reserved),
									   (long long) running, running == 1 ? "run" : "runs",
									   money_text(estimate), agentgov_uuid_str(run_id),
									   money_text(total), money_text(b->amount));
			refusal->hint = pstrdup("The run can start when running runs finish, in the next period, or once amount_usd is raised.");
			MemoryContextSwitchTo(old);
			admitted = false;
		}
		else if (why != NULL)
		{
			MemoryContext old = MemoryContextSwitchTo(caller_cxt);

			appendStringInfo(why, "%sblock budget \"%s\": %s spent + %s reserved + %s estimated <= %s USD",
							 i > 0 ? "; " : "", b->name, money_text(spent), money_text(reserved),
							 money_text(estimate), money_text(b->amount));
			MemoryContextSwitchTo(old);
		}
	}
	if (admitted && nbudgets == 0 && why != NULL)
		appendStringInfoString(why, "no active block budget covers the run");

	agentgov_end_privileged(&saved);
	SPI_finish();
	return admitted;
}

void
agentgov_budget_raise(const AgentgovBudgetRefusal *refusal)
{
	ereport(ERROR,
			(errcode(ERRCODE_AG_BUDGET_EXHAUSTED),
			 errmsg("%s", refusal->message),
			 errdetail("%s", refusal->detail),
			 refusal->hint ? errhint("%s", refusal->hint) : 0));
	pg_unreachable();
}

/* budget_check(run_id uuid, lock boolean, OUT allowed, OUT reason) */
Datum
budget_check(PG_FUNCTION_ARGS)
{
	Datum		run_id = PG_GETARG_DATUM(0);
	bool		lock = PG_GETARG_BOOL(1);
	Oid			argtypes[1] = {UUIDOID};
	TupleDesc	result_desc;
	AgentgovBudgetRefusal refusal;
	StringInfoData why;
	bool		allowed;
	Datum		values[2];
	bool		nulls[2] = {false, false};
	MemoryContext fn_cxt = CurrentMemoryContext;
	int			level;

	if (get_call_result_type(fcinfo, NULL, &result_desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "budget_check must return a composite type");
	result_desc = BlessTupleDesc(result_desc);
	initStringInfo(&why);

	/*
	 * The run is read as the caller sees it, but with pg_catalog's = : an
	 * operator on the caller's search_path must not pick the row.
	 */
	level = agentgov_safe_search_path();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT * FROM agentgov.agent_runs WHERE id = $1",
							  1, argtypes, &run_id, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read agent_runs");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("agent run %s does not exist", agentgov_uuid_str(run_id))));
	/* The refusal and the note must outlive this SPI connection. */
	MemoryContextSwitchTo(fn_cxt);
	allowed = agentgov_budgets_admit_run(SPI_tuptable->vals[0], SPI_tuptable->tupdesc,
										 lock, &refusal, &why);
	SPI_finish();
	agentgov_restore_search_path(level);

	values[0] = BoolGetDatum(allowed);
	values[1] = CStringGetTextDatum(allowed ? why.data
									: psprintf("%s. %s", refusal.message, refusal.detail));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(result_desc, values, nulls)));
}
