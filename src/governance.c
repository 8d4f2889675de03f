/*-------------------------------------------------------------------------
 *
 * governance.c
 *	  Governance of agent runs: their lifecycle, approval before running,
 *	  the governance event log and who may record an approval.
 *
 * agent_run_lifecycle() (BEFORE INSERT OR UPDATE OF status on agent_runs)
 * moves a run only along its lifecycle, stamps started_at and completed_at,
 * counts retries, and lets a run enter running only when every rule of
 * running_rules[] (governance_rules.c) passes.  agentgov_running_allowed()
 * evaluates that one ordered list for both the trigger and
 * governance_check(), which explains the same decision without acting on
 * it.
 *
 * governance_event_guard() (BEFORE INSERT OR UPDATE on governance_events)
 * fills created_by and correlation_id from the actor context, refuses a
 * created_at in the future, and refuses an approving event recorded by a
 * VIEWER or a non-member.  governance_event_effects() (AFTER) cancels an
 * unfinished run when an approved emergency_stop is recorded, and locks the
 * run for any other event that withdraws an approval.
 * record_governance_event() is how a client records an event.
 *
 * Locking.  A transition to running holds the run's row lock (its UPDATE's
 * own).  Every event that withdraws an approval (a rejection, an
 * emergency_stop, a circuit_breaker) takes the same lock, FOR NO KEY UPDATE
 * on the run row, before its transaction commits; an approved emergency_stop
 * takes it by updating the run to cancelled.  So a transition to running
 * and a withdrawal serialise on the run row.  If the withdrawal commits
 * first, the transition waits for it, then finds the run cancelled or reads
 * the events with the latest snapshot (also under REPEATABLE READ, as
 * foreign-key checks do) and sees the withdrawal.  If the transition commits
 * first, the emergency stop then finds the run running and cancels it.
 * Approvals take no lock: they cannot make a run unsafe.
 *
 * The rules read governance data through the access layer, like a
 * foreign-key check, whatever the writer's row-level security (see
 * governance_rules.c).  SPI statements the triggers run are run as the
 * table owner with row-level security off, for the same reason.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "access.h"
#include "governance.h"
#include "membership.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/skey.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "catalog/pg_class.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/tuptable.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(agent_run_lifecycle);
PG_FUNCTION_INFO_V1(governance_event_guard);
PG_FUNCTION_INFO_V1(governance_event_effects);
PG_FUNCTION_INFO_V1(governance_check);
PG_FUNCTION_INFO_V1(record_governance_event);

/* ----------------------------------------------------------------
 * Vocabularies
 * ----------------------------------------------------------------
 */

/* agentgov.agent_run_status, in the enum's order. */
typedef enum RunStatus
{
	RS_QUEUED,
	RS_INITIALIZING,
	RS_PENDING_APPROVAL,
	RS_APPROVED,
	RS_RUNNING,
	RS_COMPLETED,
	RS_FAILED,
	RS_CANCELLED,
	RS_BLOCKED,
	RS_RETRIED,
	RS_COUNT
} RunStatus;

static const char *const run_status_names[RS_COUNT] = {
	"queued", "initializing", "pending_approval", "approved", "running",
	"completed", "failed", "cancelled", "blocked", "retried"
};

#define STATUS_BIT(s)	(1 << (s))

/*
 * Where each status may go.  completed, cancelled and retried go nowhere.
 * Any unfinished run may be blocked: the circuit breaker of usage.c blocks
 * a run that usage pushed past its max_cost_limit whatever its state.
 */
static const int next_statuses[RS_COUNT] = {
	[RS_QUEUED] = STATUS_BIT(RS_PENDING_APPROVAL) | STATUS_BIT(RS_BLOCKED),
	[RS_INITIALIZING] = STATUS_BIT(RS_PENDING_APPROVAL) | STATUS_BIT(RS_BLOCKED),
	[RS_PENDING_APPROVAL] = STATUS_BIT(RS_APPROVED) | STATUS_BIT(RS_BLOCKED) |
	STATUS_BIT(RS_CANCELLED),
	[RS_APPROVED] = STATUS_BIT(RS_RUNNING) | STATUS_BIT(RS_BLOCKED) |
	STATUS_BIT(RS_CANCELLED),
	[RS_RUNNING] = STATUS_BIT(RS_COMPLETED) | STATUS_BIT(RS_FAILED) |
	STATUS_BIT(RS_CANCELLED) | STATUS_BIT(RS_BLOCKED),
	[RS_BLOCKED] = STATUS_BIT(RS_PENDING_APPROVAL),
	[RS_FAILED] = STATUS_BIT(RS_QUEUED),
};

/* Statuses a new run may start in. */
#define INSERT_STATUSES \
	(STATUS_BIT(RS_QUEUED) | STATUS_BIT(RS_INITIALIZING) | STATUS_BIT(RS_PENDING_APPROVAL))

/* Statuses an approved emergency_stop cancels. */
#define UNFINISHED_STATUSES \
	(STATUS_BIT(RS_QUEUED) | STATUS_BIT(RS_INITIALIZING) | \
	 STATUS_BIT(RS_PENDING_APPROVAL) | STATUS_BIT(RS_APPROVED) | \
	 STATUS_BIT(RS_RUNNING) | STATUS_BIT(RS_BLOCKED))

/* Does this event withdraw earlier approvals of its run? */
bool
agentgov_event_withdraws(EventKind kind, bool approved)
{
	return !approved || kind == EV_EMERGENCY_STOP || kind == EV_CIRCUIT_BREAKER;
}

/* The EventKind of an event type's label. */
EventKind
agentgov_event_kind(const char *type)
{
	if (strcmp(type, "pre_agent_spawn") == 0)
		return EV_PRE_AGENT_SPAWN;
	if (strcmp(type, "consensus_check") == 0)
		return EV_CONSENSUS_CHECK;
	if (strcmp(type, "emergency_stop") == 0)
		return EV_EMERGENCY_STOP;
	if (strcmp(type, "circuit_breaker") == 0)
		return EV_CIRCUIT_BREAKER;
	return EV_OTHER;
}

/* ----------------------------------------------------------------
 * Catalog helpers
 * ----------------------------------------------------------------
 */

/* The label of an enum value, copied into label[NAMEDATALEN]. */
void
agentgov_enum_label(Datum value, char *label)
{
	HeapTuple	tup = SearchSysCache1(ENUMOID, value);

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for enum value %u", DatumGetObjectId(value));
	strlcpy(label, NameStr(((Form_pg_enum) GETSTRUCT(tup))->enumlabel), NAMEDATALEN);
	ReleaseSysCache(tup);
}

/* The RunStatus of an agent_run_status value. */
static RunStatus
run_status_of(Datum value)
{
	char		label[NAMEDATALEN];

	agentgov_enum_label(value, label);
	for (int i = 0; i < RS_COUNT; i++)
		if (strcmp(run_status_names[i], label) == 0)
			return (RunStatus) i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown agent run status \"%s\"", label)));
	pg_unreachable();
}

/* An int4 column that must not be NULL (the schema declares it NOT NULL). */
static int32
int_column(HeapTuple tuple, TupleDesc tupdesc, const char *colname)
{
	bool		isnull;
	Datum		value = agentgov_column(tuple, tupdesc, colname, &isnull);

	return isnull ? 0 : DatumGetInt32(value);
}

/* ----------------------------------------------------------------
 * agent_run_lifecycle: BEFORE INSERT OR UPDATE OF status on agent_runs
 * ----------------------------------------------------------------
 */

/* "a, b or c" for the statuses in a STATUS_BIT mask. */
static char *
describe_statuses(int mask)
{
	StringInfoData buf;
	int			left = 0;

	for (int i = 0; i < RS_COUNT; i++)
		if (mask & STATUS_BIT(i))
			left++;
	initStringInfo(&buf);
	for (int i = 0; i < RS_COUNT; i++)
	{
		if (!(mask & STATUS_BIT(i)))
			continue;
		appendStringInfoString(&buf, run_status_names[i]);
		left--;
		if (left > 1)
			appendStringInfoString(&buf, ", ");
		else if (left == 1)
			appendStringInfoString(&buf, " or ");
	}
	return buf.data;
}

/* Raise AG004 unless the run may move from `from` to `to`. */
static void
check_transition(HeapTuple oldtuple, HeapTuple newtuple, TupleDesc tupdesc,
				 RunStatus from, RunStatus to, Datum id, Datum org_id)
{
	const char *from_name = run_status_names[from];
	const char *to_name = run_status_names[to];

	if (next_statuses[from] & STATUS_BIT(to))
	{
		int32		retries,
					max_retries;
		bool		isnull;

		if (from != RS_FAILED)
			return;
		retries = int_column(oldtuple, tupdesc, "retry_count");
		max_retries = DatumGetInt32(agentgov_column(newtuple, tupdesc, "max_retries", &isnull));
		if (isnull || retries < max_retries)
			return;				/* NOT NULL reports a NULL */
		ereport(ERROR,
				(errcode(ERRCODE_AG_TRANSITION),
				 errmsg("agent run %s cannot move from %s to %s",
						agentgov_uuid_str(id), from_name, to_name),
				 errdetail("The run has used all its retries (retry_count %d, max_retries %d).",
						   retries, max_retries)));
	}

	/* An approved emergency stop cancels a run in any unfinished state. */
	if (to == RS_CANCELLED && (UNFINISHED_STATUSES & STATUS_BIT(from)) &&
		agentgov_emergency_stop_recorded(org_id, id))
		return;

	if (next_statuses[from] == 0)
		ereport(ERROR,
				(errcode(ERRCODE_AG_TRANSITION),
				 errmsg("agent run %s cannot move from %s to %s",
						agentgov_uuid_str(id), from_name, to_name),
				 errdetail("%s is a final state.", from_name)));
	ereport(ERROR,
			(errcode(ERRCODE_AG_TRANSITION),
			 errmsg("agent run %s cannot move from %s to %s",
					agentgov_uuid_str(id), from_name, to_name),
			 errdetail("From %s a run may move to %s.", from_name,
					   describe_statuses(next_statuses[from])),
			 to == RS_CANCELLED && (UNFINISHED_STATUSES & STATUS_BIT(from)) ?
			 errhint("An approved emergency_stop event cancels a run in any unfinished state.") : 0));
}

/* Refuse the transition to running unless every running rule passes. */
static void
check_running_rules(Relation rel, HeapTuple newtuple, RunStatus from,
					Datum id, Datum org_id)
{
	AgentgovRun run;
	AgentgovRefusal refusal;

	run.id = id;
	run.org_id = org_id;
	run.status = run_status_names[from];
	run.tuple = newtuple;
	run.tupdesc = RelationGetDescr(rel);
	run.rel = rel;
	/* The latest snapshot: see withdrawals committed while we waited. */
	run.snapshot = RegisterSnapshot(GetLatestSnapshot());
	if (!agentgov_running_allowed(&run, &refusal, NULL))
		agentgov_raise_refusal(&refusal);
	UnregisterSnapshot(run.snapshot);
}

/* Attribute numbers of the agent_runs columns the trigger reads or sets. */
typedef struct RunColumns
{
	int			id;
	int			org_id;
	int			status;
	int			retry_count;
	int			started_at;
	int			completed_at;
} RunColumns;

/* The lifecycle trigger: transitions, the running rules, stamps and retries. */
Datum
agent_run_lifecycle(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	HeapTuple	newtuple;
	HeapTuple	oldtuple;
	RunColumns	col;
	RunStatus	from,
				to;
	Datum		id,
				org_id,
				value;
	bool		isnull;
	int			cols[3];
	Datum		values[3];
	bool		nulls[3];
	int			ncols = 0;
	Datum		now = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());

	agentgov_check_trigger(fcinfo, "agent_run_lifecycle", AG_ON_INSERT | AG_ON_UPDATE, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	tupdesc = RelationGetDescr(rel);
	agentgov_trigger_rows(trigdata, &oldtuple, &newtuple);
	col.id = agentgov_attnum_cached(rel, "id");
	col.org_id = agentgov_attnum_cached(rel, "org_id");
	col.status = agentgov_attnum_cached(rel, "status");
	col.retry_count = agentgov_attnum_cached(rel, "retry_count");
	col.started_at = agentgov_attnum_cached(rel, "started_at");
	col.completed_at = agentgov_attnum_cached(rel, "completed_at");

	/* A NULL in these NOT NULL columns is left to the constraint to report. */
	id = heap_getattr(newtuple, col.id, tupdesc, &isnull);
	if (isnull)
		return PointerGetDatum(newtuple);
	org_id = heap_getattr(newtuple, col.org_id, tupdesc, &isnull);
	if (isnull)
		return PointerGetDatum(newtuple);
	value = heap_getattr(newtuple, col.status, tupdesc, &isnull);
	if (isnull)
		return PointerGetDatum(newtuple);
	to = run_status_of(value);

	if (oldtuple == NULL)
	{
		if (!(INSERT_STATUSES & STATUS_BIT(to)))
			ereport(ERROR,
					(errcode(ERRCODE_AG_TRANSITION),
					 errmsg("agent run %s cannot start in status %s",
							agentgov_uuid_str(id), run_status_names[to]),
					 errdetail("A new run starts in %s.", describe_statuses(INSERT_STATUSES))));
		/* A new run has neither started nor finished. */
		cols[ncols] = col.started_at;
		nulls[ncols++] = true;
		cols[ncols] = col.completed_at;
		nulls[ncols++] = true;
	}
	else
	{
		from = run_status_of(heap_getattr(oldtuple, col.status, tupdesc, &isnull));
		if (from == to)
			return PointerGetDatum(newtuple);
		check_transition(oldtuple, newtuple, tupdesc, from, to, id, org_id);

		if (to == RS_RUNNING)
		{
			check_running_rules(rel, newtuple, from, id, org_id);
			/* The first start of this attempt; a resumed run keeps it. */
			value = heap_getattr(oldtuple, col.started_at, tupdesc, &isnull);
			cols[ncols] = col.started_at;
			values[ncols] = isnull ? now : value;
			nulls[ncols++] = false;
		}
		else if (to == RS_COMPLETED || to == RS_FAILED || to == RS_CANCELLED)
		{
			cols[ncols] = col.completed_at;
			values[ncols] = now;
			nulls[ncols++] = false;
		}
		else if (from == RS_FAILED && to == RS_QUEUED)
		{
			/* A retry: a new attempt that has neither started nor finished. */
			value = heap_getattr(oldtuple, col.retry_count, tupdesc, &isnull);
			cols[ncols] = col.retry_count;
			values[ncols] = Int32GetDatum(DatumGetInt32(value) + 1);
			nulls[ncols++] = false;
			cols[ncols] = col.started_at;
			nulls[ncols++] = true;
			cols[ncols] = col.completed_at;
			nulls[ncols++] = true;
		}
	}

	if (ncols == 0)
		return PointerGetDatum(newtuple);
	return PointerGetDatum(heap_modify_tuple_by_cols(newtuple, tupdesc, ncols, cols,
													 values, nulls));
}

/* ----------------------------------------------------------------
 * governance_event_guard: BEFORE INSERT OR UPDATE on governance_events
 * ----------------------------------------------------------------
 */

/* Raise 42501 unless user_id is a MEMBER or ADMIN of the organization. */
static void
require_approver(Datum org_id, Datum user_id, const char *who)
{
	char	   *role = agentgov_member_role(org_id, user_id);
	char	   *user = agentgov_uuid_str(user_id);
	char	   *org = agentgov_uuid_str(org_id);

	if (role == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("user %s may not record an approving governance event", user),
				 errdetail("%s is not a member of organization %s.", who, org),
				 errhint("Approving needs a MEMBER or ADMIN of the run's organization.")));
	if (strcmp(role, "VIEWER") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("user %s may not record an approving governance event", user),
				 errdetail("%s is a VIEWER of organization %s.", who, org),
				 errhint("Approving needs a MEMBER or ADMIN of the run's organization.")));
}

/*
 * Who records an approving event must be allowed to approve: the acting
 * user (agentgov.user_id or the jwt sub), and the user created_by names
 * when it is a uuid.  A component name in created_by with no acting user is
 * a system component, which may approve.
 */
static void
check_recorder(Datum org_id, bool has_actor, pg_uuid_t *actor, const char *created_by)
{
	pg_uuid_t	named;

	if (has_actor)
		require_approver(org_id, UUIDPGetDatum(actor), "The acting user");
	if (created_by != NULL && agentgov_parse_uuid(created_by, &named) &&
		!(has_actor && memcmp(named.data, actor->data, UUID_LEN) == 0))
		require_approver(org_id, UUIDPGetDatum(&named), "The user named by created_by");
}

/* Does this change make the row an approval it was not before? */
static bool
becomes_approving(HeapTuple oldtuple, HeapTuple newtuple, Relation rel)
{
	TupleDesc	tupdesc = RelationGetDescr(rel);
	const char *decisive[] = {"approved", "event_type", "run_id", "org_id", "created_by"};
	bool		isnull;

	if (!DatumGetBool(heap_getattr(newtuple, agentgov_attnum_cached(rel, "approved"), tupdesc, &isnull)) ||
		isnull)
		return false;
	if (oldtuple == NULL)
		return true;
	for (int i = 0; i < lengthof(decisive); i++)
	{
		int			attnum = agentgov_attnum_cached(rel, decisive[i]);
		Form_pg_attribute att = TupleDescAttr(tupdesc, attnum - 1);
		bool		oldnull,
					newnull;
		Datum		oldval = heap_getattr(oldtuple, attnum, tupdesc, &oldnull);
		Datum		newval = heap_getattr(newtuple, attnum, tupdesc, &newnull);

		if (oldnull != newnull ||
			(!newnull && !datumIsEqual(oldval, newval, att->attbyval, att->attlen)))
			return true;
	}
	return false;
}

/* Fill created_by and correlation_id; refuse future dates and unfit approvers. */
Datum
governance_event_guard(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	HeapTuple	newtuple;
	HeapTuple	oldtuple;
	pg_uuid_t	actor;
	pg_uuid_t	correlation;
	bool		has_actor = agentgov_current_user(&actor);
	bool		isnull;
	Datum		value;
	char	   *created_by = NULL;
	int			cols[2];
	Datum		values[2];
	bool		nulls[2] = {false, false};
	int			ncols = 0;

	agentgov_check_trigger(fcinfo, "governance_event_guard", AG_ON_INSERT | AG_ON_UPDATE, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	tupdesc = RelationGetDescr(rel);
	agentgov_trigger_rows(trigdata, &oldtuple, &newtuple);

	/* The order of events decides; an event may not claim to be later than now. */
	value = heap_getattr(newtuple, agentgov_attnum_cached(rel, "created_at"), tupdesc, &isnull);
	if (!isnull && DatumGetTimestampTz(value) > GetCurrentTimestamp())
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("governance event created_at %s is in the future",
						DatumGetCString(DirectFunctionCall1(timestamptz_out, value))),
				 errdetail("Events are ordered by created_at; an approval cannot be dated after later decisions.")));

	value = heap_getattr(newtuple, agentgov_attnum_cached(rel, "created_by"), tupdesc, &isnull);
	if (!isnull)
		created_by = TextDatumGetCString(value);
	else if (has_actor)
	{
		/* The acting user recorded it. */
		cols[ncols] = agentgov_attnum_cached(rel, "created_by");
		values[ncols++] = CStringGetTextDatum(agentgov_uuid_str(UUIDPGetDatum(&actor)));
	}

	if (heap_attisnull(newtuple, agentgov_attnum_cached(rel, "correlation_id"), tupdesc) &&
		agentgov_current_correlation(&correlation))
	{
		pg_uuid_t  *copy = palloc(sizeof(pg_uuid_t));

		*copy = correlation;
		cols[ncols] = agentgov_attnum_cached(rel, "correlation_id");
		values[ncols++] = UUIDPGetDatum(copy);
	}

	if (becomes_approving(oldtuple, newtuple, rel))
	{
		value = heap_getattr(newtuple, agentgov_attnum_cached(rel, "org_id"), tupdesc, &isnull);
		if (!isnull)
			check_recorder(value, has_actor, &actor, created_by);
	}

	if (ncols == 0)
		return PointerGetDatum(newtuple);
	return PointerGetDatum(heap_modify_tuple_by_cols(newtuple, tupdesc, ncols, cols,
													 values, nulls));
}

/* ----------------------------------------------------------------
 * governance_event_effects: AFTER INSERT OR UPDATE on governance_events
 * ----------------------------------------------------------------
 */
static SPIPlanPtr cancel_run_plan = NULL;
static SPIPlanPtr lock_run_plan = NULL;

/* Cancel the run on an approved emergency_stop; lock it on other withdrawals. */
Datum
governance_event_effects(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	HeapTuple	oldtuple;
	HeapTuple	tuple;
	char		type[NAMEDATALEN];
	EventKind	kind;
	bool		approved;
	bool		isnull;
	Datum		args[2];
	Oid			argtypes[2] = {UUIDOID, UUIDOID};
	AgentgovSavedUser saved;
	SPIPlanPtr	plan;
	int			ret;

	agentgov_check_trigger(fcinfo, "governance_event_effects", AG_ON_INSERT | AG_ON_UPDATE, false);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	tupdesc = RelationGetDescr(rel);
	agentgov_trigger_rows(trigdata, &oldtuple, &tuple);

	agentgov_enum_label(heap_getattr(tuple, agentgov_attnum_cached(rel, "event_type"), tupdesc, &isnull), type);
	kind = agentgov_event_kind(type);
	approved = DatumGetBool(heap_getattr(tuple, agentgov_attnum_cached(rel, "approved"), tupdesc, &isnull));
	if (!agentgov_event_withdraws(kind, approved))
		return PointerGetDatum(NULL);
	args[0] = heap_getattr(tuple, agentgov_attnum_cached(rel, "org_id"), tupdesc, &isnull);
	args[1] = heap_getattr(tuple, agentgov_attnum_cached(rel, "run_id"), tupdesc, &isnull);

	agentgov_spi_connect();
	agentgov_begin_as_owner(RelationGetRelid(rel), &saved);
	if (kind == EV_EMERGENCY_STOP && approved)
		plan = agentgov_plan(&cancel_run_plan,
							 "UPDATE agentgov.agent_runs SET status = 'cancelled' "
							 "WHERE org_id OPERATOR(pg_catalog.=) $1 AND id OPERATOR(pg_catalog.=) $2 "
							 "AND status OPERATOR(pg_catalog.<>) ALL "
							 "('{completed,failed,cancelled,retried}'::agentgov.agent_run_status[])",
							 2, argtypes);
	else
		plan = agentgov_plan(&lock_run_plan,
							 "SELECT 1 FROM agentgov.agent_runs "
							 "WHERE org_id OPERATOR(pg_catalog.=) $1 AND id OPERATOR(pg_catalog.=) $2 "
							 "FOR NO KEY UPDATE",
							 2, argtypes);
	ret = SPI_execute_plan(plan, args, NULL, false, 0);
	if (ret != SPI_OK_UPDATE && ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	agentgov_end_as_owner(&saved);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* ----------------------------------------------------------------
 * SQL-callable
 * ----------------------------------------------------------------
 */
static SPIPlanPtr run_row_plan = NULL;
static SPIPlanPtr run_org_plan = NULL;
static SPIPlanPtr insert_event_plan = NULL;

/* Raise unless a run query found exactly one row. */
static void
require_one_run(Datum run_id)
{
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("agent run %s does not exist", agentgov_uuid_str(run_id))));
	if (SPI_processed > 1)
		ereport(ERROR,
				(errcode(ERRCODE_CARDINALITY_VIOLATION),
				 errmsg("agent run id %s is not unique", agentgov_uuid_str(run_id)),
				 errdetail("Runs of %d organizations have this id.", (int) SPI_processed)));
}

/*
 * governance_check(run_id) -> (allowed, reason): would the run be allowed
 * to enter running now?  Evaluates the running rules without acting; the
 * run is read as the caller sees it (row-level security applies).
 */
Datum
governance_check(PG_FUNCTION_ARGS)
{
	Datum		run_id = PG_GETARG_DATUM(0);
	MemoryContext callercxt = CurrentMemoryContext;
	TupleDesc	resultdesc;
	Oid			argtypes[1] = {UUIDOID};
	AgentgovRun run;
	AgentgovRefusal refusal;
	StringInfoData why;
	Datum		result[2];
	bool		nulls[2] = {false, false};
	bool		isnull;
	int			ret;

	if (get_call_result_type(fcinfo, NULL, &resultdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "governance_check must return a composite type");
	resultdesc = BlessTupleDesc(resultdesc);

	agentgov_spi_connect();
	ret = SPI_execute_plan(agentgov_plan(&run_row_plan,
										 "SELECT * FROM agentgov.agent_runs "
										 "WHERE id OPERATOR(pg_catalog.=) $1",
										 1, argtypes),
						   &run_id, NULL, true, 2);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	require_one_run(run_id);

	/* The rules allocate their answers where the result is built. */
	MemoryContextSwitchTo(callercxt);
	run.id = run_id;
	run.tuple = SPI_tuptable->vals[0];
	run.tupdesc = SPI_tuptable->tupdesc;
	run.rel = NULL;
	run.org_id = agentgov_column(run.tuple, run.tupdesc, "org_id", &isnull);
	run.status = run_status_names[run_status_of(agentgov_column(run.tuple, run.tupdesc,
															 "status", &isnull))];
	run.snapshot = GetActiveSnapshot();
	initStringInfo(&why);
	if (agentgov_running_allowed(&run, &refusal, &why))
	{
		result[0] = BoolGetDatum(true);
		result[1] = CStringGetTextDatum(why.len > 0 ? why.data : "every rule passes");
	}
	else
	{
		result[0] = BoolGetDatum(false);
		result[1] = CStringGetTextDatum(psprintf("%s. %s", refusal.message, refusal.detail));
	}
	SPI_finish();
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(resultdesc, result, nulls)));
}

/* Raise if a required argument is NULL. */
static void
require_arg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", name)));
}

/*
 * record_governance_event(run_id, event_type, framework, approved, reason,
 * details, created_by) -> uuid: record a governance decision about a run,
 * in the run's organization.  The triggers on governance_events do the
 * rest: who may approve, the actor and correlation id, and the effect of an
 * emergency stop.  The run is looked up as the caller sees it.
 */
Datum
record_governance_event(PG_FUNCTION_ARGS)
{
	Oid			run_argtypes[1] = {UUIDOID};
	Oid			argtypes[8] = {UUIDOID, UUIDOID, TEXTOID, TEXTOID, BOOLOID,
	TEXTOID, JSONBOID, TEXTOID};
	Datum		args[8];
	char		argnulls[8] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
	char		label[NAMEDATALEN];
	Datum		run_id;
	Datum		event_id;
	bool		isnull;
	int			ret;

	require_arg(fcinfo, 0, "run_id");
	require_arg(fcinfo, 1, "event_type");
	require_arg(fcinfo, 2, "framework");
	require_arg(fcinfo, 3, "approved");
	run_id = PG_GETARG_DATUM(0);
	if (!PG_ARGISNULL(5))
	{
		Jsonb	   *details = PG_GETARG_JSONB_P(5);

		if (!JB_ROOT_IS_OBJECT(details) || JB_ROOT_IS_SCALAR(details))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("details must be a JSON object")));
		args[6] = JsonbPGetDatum(details);
	}
	else
		args[6] = DirectFunctionCall1(jsonb_in, CStringGetDatum("{}"));

	args[1] = run_id;
	agentgov_enum_label(PG_GETARG_DATUM(1), label);
	args[2] = CStringGetTextDatum(label);
	agentgov_enum_label(PG_GETARG_DATUM(2), label);
	args[3] = CStringGetTextDatum(label);
	args[4] = PG_GETARG_DATUM(3);
	if (PG_ARGISNULL(4))
		argnulls[5] = 'n';
	else
		args[5] = PG_GETARG_DATUM(4);
	if (PG_ARGISNULL(6))
		argnulls[7] = 'n';
	else
		args[7] = PG_GETARG_DATUM(6);

	agentgov_spi_connect();
	ret = SPI_execute_plan(agentgov_plan(&run_org_plan,
										 "SELECT org_id FROM agentgov.agent_runs "
										 "WHERE id OPERATOR(pg_catalog.=) $1",
										 1, run_argtypes),
						   &run_id, NULL, false, 2);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	require_one_run(run_id);
	args[0] = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

	ret = SPI_execute_plan(agentgov_plan(&insert_event_plan,
										 "INSERT INTO agentgov.governance_events "
										 "(org_id, run_id, event_type, framework, approved, "
										 "decision_reason, decision_details, created_by) "
										 "VALUES ($1, $2, $3::agentgov.governance_event_type, "
										 "$4::agentgov.governance_framework, $5, $6, $7, $8) "
										 "RETURNING id",
										 8, argtypes),
						   args, argnulls, false, 1);
	if (ret != SPI_OK_INSERT_RETURNING || SPI_processed != 1)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	event_id = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	event_id = SPI_datumTransfer(event_id, false, UUID_LEN);
	SPI_finish();
	PG_RETURN_DATUM(event_id);
}
