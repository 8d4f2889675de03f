/*-------------------------------------------------------------------------
 *
 * maintenance.c
 *	  Retention settings for agentgov.cleanup_old_data().
 *
 * Three settings hold the retention periods of the assistant seed's policy:
 *	agentgov.retention_governance_events	default '7 years'
 *	agentgov.retention_user_sessions		default '2 years'
 *	agentgov.retention_completed_runs		default '1 year'
 *	agentgov.retention_usage_events			default '2 years' (apply_retention())
 * Each must be a positive interval; a bad value is refused when it is set.
 * retention_interval() reads one of them for the SQL clean-up function;
 * calling it loads this library, so the settings are always defined and
 * validated by the time they are used.
 *
 * Locking: none.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"

#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/guc.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(retention_interval);

static char *retention_governance_events = NULL;
static char *retention_user_sessions = NULL;
static char *retention_completed_runs = NULL;
static char *retention_usage_events = NULL;

/*
 * Parse an interval without throwing: GUC check hooks must report, not
 * raise.  This follows interval_in() but returns false on any error.
 */
static bool
parse_interval_quietly(const char *str, Interval *result)
{
	char		workbuf[256];
	char	   *field[MAXDATEFIELDS];
	int			ftype[MAXDATEFIELDS];
	int			nf;
	int			dtype;
	int			dterr;
	struct pg_itm_in itm_in;

	dterr = ParseDateTime(str, workbuf, sizeof(workbuf), field, ftype,
						  MAXDATEFIELDS, &nf);
	if (dterr == 0)
		dterr = DecodeInterval(field, ftype, nf, INTERVAL_FULL_RANGE,
							   &dtype, &itm_in);
	if (dterr == DTERR_BAD_FORMAT)
		dterr = DecodeISO8601Interval(unconstify(char *, str), &dtype, &itm_in);
	if (dterr != 0 || dtype != DTK_DELTA)
		return false;
	return itmin2interval(&itm_in, result) == 0;
}

/* An interval is a usable retention period when it is longer than zero. */
static bool
interval_is_positive(const Interval *span)
{
	Interval	zero = {0};

	return DatumGetBool(DirectFunctionCall2(interval_gt,
											IntervalPGetDatum(span),
											IntervalPGetDatum(&zero)));
}

static bool
check_retention(char **newval, void **extra, GucSource source)
{
	Interval	span;

	if (*newval == NULL || !parse_interval_quietly(*newval, &span))
	{
		GUC_check_errdetail("The value must be an interval such as '2 years'.");
		return false;
	}
	if (!interval_is_positive(&span))
	{
		GUC_check_errdetail("A retention period must be longer than zero.");
		return false;
	}
	return true;
}

static void
define_retention(const char *name, const char *desc, char **var, const char *dflt)
{
	DefineCustomStringVariable(name, desc, NULL, var, dflt, PGC_SUSET, 0,
							   check_retention, NULL, NULL);
}

/* Called from _PG_init. */
void
agentgov_define_maintenance_settings(void)
{
	define_retention("agentgov.retention_governance_events",
					 "How long cleanup_old_data() keeps governance events.",
					 &retention_governance_events, "7 years");
	define_retention("agentgov.retention_user_sessions",
					 "How long cleanup_old_data() keeps ended user sessions.",
					 &retention_user_sessions, "2 years");
	define_retention("agentgov.retention_completed_runs",
					 "How long cleanup_old_data() keeps completed agent runs.",
					 &retention_completed_runs, "1 year");
	define_retention("agentgov.retention_usage_events",
					 "How long apply_retention() keeps raw usage events (rollups keep their totals).",
					 &retention_usage_events, "2 years");
}

/* retention_interval(what text) -> interval */
Datum
retention_interval(PG_FUNCTION_ARGS)
{
	char	   *what = text_to_cstring(PG_GETARG_TEXT_PP(0));
	const char *value;

	if (strcmp(what, "governance_events") == 0)
		value = retention_governance_events;
	else if (strcmp(what, "user_sessions") == 0)
		value = retention_user_sessions;
	else if (strcmp(what, "completed_runs") == 0)
		value = retention_completed_runs;
	else if (strcmp(what, "usage_events") == 0)
		value = retention_usage_events;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown retention setting \"%s\"", what),
				 errhint("Use governance_events, user_sessions, completed_runs or usage_events.")));

	PG_RETURN_DATUM(DirectFunctionCall3(interval_in,
										CStringGetDatum(value),
										ObjectIdGetDatum(InvalidOid),
										Int32GetDatum(-1)));
}
