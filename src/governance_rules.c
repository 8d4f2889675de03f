/*-------------------------------------------------------------------------
 *
 * governance_rules.c
 *	  The rules of the running transition of agent runs, and the
 *	  governance data they read.
 *
 * agentgov_running_allowed() evaluates running_rules[], in order, for both
 * the trigger agent_run_lifecycle() and governance_check() (governance.c).
 * The rules read governance_events and validation_results through their
 * indexes (access.c) and memberships through membership.c, rather than
 * through SPI (the approval rule reads a run's events newest first and
 * stops at the latest approval): that is what makes the check cheap, and
 * like a foreign-key check it sees every row whatever the writer's
 * row-level security.
 *
 * Locking: AccessShareLock on the tables and indexes read, kept to the end
 * of the transaction as the executor keeps them; the block-budget rule
 * locks budgets (budgets.c).  See governance.c for how a transition to
 * running and a withdrawal of approval serialise on the run row.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "access.h"
#include "governance.h"

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


/* One governance event of a run, as the rules need it. */
typedef struct RunEvent
{
	Datum		id;				/* uuid, palloc'd */
	char		type[NAMEDATALEN];
	EventKind	kind;
	bool		approved;
	TimestampTz created_at;
} RunEvent;

/*
 * A scan for the rows of rel whose uuid columns attnums[] equal values[],
 * through `indexoid` (an index leading with those columns) in `direction`,
 * or, with InvalidOid, through the index that serves the keys, if any, else
 * the table (access.c).
 */
static void
key_scan_begin(AgentgovScan *scan, Relation rel, int nkeys, const AttrNumber *attnums,
			   const Datum *values, Snapshot snapshot, Oid indexoid,
			   ScanDirection direction)
{
	AgentgovKey keys[2];

	Assert(nkeys == 1 || nkeys == 2);
	for (int i = 0; i < nkeys; i++)
	{
		keys[i].attnum = attnums[i];
		keys[i].eqproc = F_UUID_EQ;
		keys[i].value = values[i];
	}
	agentgov_scan_begin(scan, rel, indexoid, snapshot, direction, nkeys, keys, NULL);
}

/* A column of the run's row: through the attnum cache in the trigger. */
Datum
agentgov_run_column(const AgentgovRun *run, const char *colname, bool *isnull)
{
	if (run->rel != NULL)
		return heap_getattr(run->tuple, agentgov_attnum_cached(run->rel, colname), run->tupdesc, isnull);
	return agentgov_column(run->tuple, run->tupdesc, colname, isnull);
}

/* ----------------------------------------------------------------
 * Governance data, read through the indexes
 * ----------------------------------------------------------------
 */

/* Newest first; at equal times, withdrawing events before approvals. */
static int
compare_events_newest_first(const void *a, const void *b)
{
	const RunEvent *ea = (const RunEvent *) a;
	const RunEvent *eb = (const RunEvent *) b;
	bool		wa = agentgov_event_withdraws(ea->kind, ea->approved);
	bool		wb = agentgov_event_withdraws(eb->kind, eb->approved);

	if (ea->created_at != eb->created_at)
		return ea->created_at > eb->created_at ? -1 : 1;
	return (int) wb - (int) wa;
}

/*
 * The governance events of a run, newest first, read with `snapshot`.
 * Through an index on (run_id, created_at) they stream from a backward
 * scan, so that a reader that stops early reads only the events it needs;
 * without such an index they are all read and sorted first.  Events recorded
 * at the same time (one transaction) come in no particular order from the
 * stream; sorted, withdrawals come first.
 */
typedef struct EventCursor
{
	Relation	rel;
	Datum		org_id;
	AttrNumber	org_att,
				id_att,
				type_att,
				approved_att,
				created_att;
	bool		streaming;
	bool		has_floor;		/* events older than floor are not wanted */
	TimestampTz floor;
	AgentgovScan scan;			/* streaming */
	RunEvent   *events;			/* sorted, when not streaming */
	int			nevents;
	int			next;
} EventCursor;

/* Read the event in the scan's slot; false if it is another org's. */
static bool
read_event(EventCursor *cursor, RunEvent *event)
{
	TupleTableSlot *slot = cursor->scan.slot;
	bool		isnull;
	Datum		value = slot_getattr(slot, cursor->org_att, &isnull);

	if (isnull || !DatumGetBool(DirectFunctionCall2(uuid_eq, value, cursor->org_id)))
		return false;
	event->id = datumCopy(slot_getattr(slot, cursor->id_att, &isnull), false, UUID_LEN);
	agentgov_enum_label(slot_getattr(slot, cursor->type_att, &isnull), event->type);
	event->kind = agentgov_event_kind(event->type);
	event->approved = DatumGetBool(slot_getattr(slot, cursor->approved_att, &isnull));
	event->created_at = DatumGetTimestampTz(slot_getattr(slot, cursor->created_att, &isnull));
	return true;
}

/* Open the cursor on the events of a run of org_id. */
static void
event_cursor_open(EventCursor *cursor, Datum org_id, Datum run_id, Snapshot snapshot)
{
	Relation	rel = agentgov_open_tenant_table("governance_events", org_id, AccessShareLock);
	AttrNumber	run_att = agentgov_attnum_cached(rel, "run_id");
	Oid			ordered;
	int			size;

	cursor->rel = rel;
	cursor->org_id = org_id;
	cursor->org_att = agentgov_attnum_cached(rel, "org_id");
	cursor->id_att = agentgov_attnum_cached(rel, "id");
	cursor->type_att = agentgov_attnum_cached(rel, "event_type");
	cursor->approved_att = agentgov_attnum_cached(rel, "approved");
	cursor->created_att = agentgov_attnum_cached(rel, "created_at");
	cursor->next = 0;
	cursor->has_floor = false;

	ordered = agentgov_index_for(rel, 2, (AttrNumber[]) {run_att, cursor->created_att});
	cursor->streaming = OidIsValid(ordered);
	key_scan_begin(&cursor->scan, rel, 1, &run_att, &run_id, snapshot, ordered,
				   cursor->streaming ? BackwardScanDirection : ForwardScanDirection);
	if (cursor->streaming)
		return;

	cursor->nevents = 0;
	size = 8;
	cursor->events = palloc(size * sizeof(RunEvent));
	while (agentgov_scan_next(&cursor->scan))
	{
		if (cursor->nevents == size)
		{
			size *= 2;
			cursor->events = repalloc(cursor->events, size * sizeof(RunEvent));
		}
		if (read_event(cursor, &cursor->events[cursor->nevents]))
			cursor->nevents++;
	}
	qsort(cursor->events, cursor->nevents, sizeof(RunEvent), compare_events_newest_first);
}

/* Events older than `floor` are not wanted: the cursor ends before them. */
static void
event_cursor_set_floor(EventCursor *cursor, TimestampTz floor)
{
	cursor->has_floor = true;
	cursor->floor = floor;
}

/* The next event, newest first, into *event; false when there are no more. */
static bool
event_cursor_next(EventCursor *cursor, RunEvent *event)
{
	if (!cursor->streaming)
	{
		if (cursor->next >= cursor->nevents)
			return false;
		*event = cursor->events[cursor->next++];
		return !cursor->has_floor || event->created_at >= cursor->floor;
	}
	while (agentgov_scan_next(&cursor->scan))
		if (read_event(cursor, event))
			return !cursor->has_floor || event->created_at >= cursor->floor;
	return false;
}

/* Close the cursor; the locks stay. */
static void
event_cursor_close(EventCursor *cursor)
{
	agentgov_scan_end(&cursor->scan);
	table_close(cursor->rel, NoLock);
}

/* How many validation results an event has, and how many of them passed. */
static void
count_validations(Datum org_id, Datum event_id, Snapshot snapshot,
				  int *passed, int *total)
{
	Relation	rel = agentgov_open_tenant_table("validation_results", org_id, AccessShareLock);
	AttrNumber	event_att = agentgov_attnum_cached(rel, "event_id");
	AttrNumber	org_att = agentgov_attnum_cached(rel, "org_id");
	AttrNumber	passed_att = agentgov_attnum_cached(rel, "passed");
	AgentgovScan scan;

	*passed = *total = 0;
	key_scan_begin(&scan, rel, 1, &event_att, &event_id, snapshot,
				   InvalidOid, ForwardScanDirection);
	while (agentgov_scan_next(&scan))
	{
		bool		isnull;
		Datum		value = slot_getattr(scan.slot, org_att, &isnull);

		if (isnull || !DatumGetBool(DirectFunctionCall2(uuid_eq, value, org_id)))
			continue;
		(*total)++;
		value = slot_getattr(scan.slot, passed_att, &isnull);
		if (!isnull && DatumGetBool(value))
			(*passed)++;
	}
	agentgov_scan_end(&scan);
	table_close(rel, NoLock);
}

/* Has an approved emergency_stop been recorded for the run? */
bool
agentgov_emergency_stop_recorded(Datum org_id, Datum run_id)
{
	Snapshot	snapshot = RegisterSnapshot(GetLatestSnapshot());
	EventCursor cursor;
	RunEvent	event;
	bool		found = false;

	event_cursor_open(&cursor, org_id, run_id, snapshot);
	while (!found && event_cursor_next(&cursor, &event))
		found = event.kind == EV_EMERGENCY_STOP && event.approved;
	event_cursor_close(&cursor);
	UnregisterSnapshot(snapshot);
	return found;
}

/* ----------------------------------------------------------------
 * The rules of the running transition
 * ----------------------------------------------------------------
 */

/* Fill a refusal; always returns false, for `return refuse(...)`. */
static bool
refuse(AgentgovRefusal *refusal, int sqlerrcode, char *message, char *detail, char *hint)
{
	refusal->sqlerrcode = sqlerrcode;
	refusal->message = message;
	refusal->detail = detail;
	refusal->hint = hint;
	return false;
}

/* Append a note on why a rule passed (callers skip the work when why is NULL). */
static void
add_note(StringInfo why, const char *note)
{
	if (why->len > 0)
		appendStringInfoString(why, "; ");
	appendStringInfoString(why, note);
}

/* The run is not in a state it can never leave for running. */
static bool
rule_lifecycle(const AgentgovRun *run, AgentgovRefusal *refusal, StringInfo why)
{
	if (strcmp(run->status, "completed") == 0 || strcmp(run->status, "cancelled") == 0 ||
		strcmp(run->status, "retried") == 0)
		return refuse(refusal, ERRCODE_AG_TRANSITION,
					  psprintf("agent run %s is %s", agentgov_uuid_str(run->id), run->status),
					  psprintf("%s is a final state.", run->status), NULL);
	if (strcmp(run->status, "failed") == 0)
	{
		bool		isnull;
		int32		retries = DatumGetInt32(agentgov_run_column(run, "retry_count", &isnull));
		int32		max_retries = DatumGetInt32(agentgov_run_column(run, "max_retries", &isnull));

		if (retries >= max_retries)
			return refuse(refusal, ERRCODE_AG_TRANSITION,
						  psprintf("agent run %s is failed", agentgov_uuid_str(run->id)),
						  psprintf("The run has used all its retries (retry_count %d, max_retries %d).",
								   retries, max_retries),
						  NULL);
	}
	return true;
}

/* How an event that withdraws approval is named in a message. */
static char *
describe_withdrawal(const RunEvent *event)
{
	char	   *id = agentgov_uuid_str(event->id);

	if (event->kind == EV_EMERGENCY_STOP || event->kind == EV_CIRCUIT_BREAKER)
		return psprintf("%s event %s", event->type, id);
	return psprintf("rejected %s event %s", event->type, id);
}

/*
 * An approved pre_agent_spawn, or an approved consensus_check with a strict
 * majority of passed validation results, and nothing withdrawing it since.
 * Reads the events newest first and stops at the latest approval (after
 * the events recorded at the same time as it).
 */
static bool
rule_approval(const AgentgovRun *run, AgentgovRefusal *refusal, StringInfo why)
{
	EventCursor cursor;
	RunEvent	event = {0},
				approval = {0},
				withdrawal = {0},
				weak = {0};
	bool		approved = false,
				withdrawn = false,
				have_weak = false;
	int			weak_passed = 0,
				weak_total = 0,
				passed = 0,
				total = 0;
	char	   *id;

	event_cursor_open(&cursor, run->org_id, run->id, run->snapshot);
	while (event_cursor_next(&cursor, &event))
	{
		if (approved)
		{
			/* Recorded at the same time as the approval: a withdrawal is later. */
			if (event.created_at != approval.created_at)
				break;
			if (agentgov_event_withdraws(event.kind, event.approved))
			{
				withdrawal = event;
				withdrawn = true;
			}
		}
		else if (agentgov_event_withdraws(event.kind, event.approved))
		{
			withdrawal = event; /* ends as the earliest after the approval */
			withdrawn = true;
		}
		else if (event.kind == EV_PRE_AGENT_SPAWN)
		{
			approval = event;
			approved = true;
			event_cursor_set_floor(&cursor, approval.created_at);
		}
		else if (event.kind == EV_CONSENSUS_CHECK)
		{
			count_validations(run->org_id, event.id, run->snapshot, &passed, &total);
			if (total > 0 && 2 * passed > total)
			{
				approval = event;
				approved = true;
				event_cursor_set_floor(&cursor, approval.created_at);
			}
			else if (!have_weak)
			{
				weak = event;
				have_weak = true;
				weak_passed = passed;
				weak_total = total;
			}
		}
	}
	event_cursor_close(&cursor);

	if (approved && !withdrawn)
	{
		if (why == NULL)
			return true;
		if (approval.kind == EV_CONSENSUS_CHECK)
			add_note(why, psprintf("approved by consensus_check event %s (%d of %d validators passed)",
								   agentgov_uuid_str(approval.id), passed, total));
		else
			add_note(why, psprintf("approved by pre_agent_spawn event %s",
								   agentgov_uuid_str(approval.id)));
		return true;
	}

	id = agentgov_uuid_str(run->id);
	if (!approved && have_weak && weak_total == 0)
		return refuse(refusal, ERRCODE_AG_APPROVAL_MISSING,
					  psprintf("agent run %s has no governance approval", id),
					  psprintf("consensus_check event %s has no validation results.",
							   agentgov_uuid_str(weak.id)),
					  pstrdup("Record the validation results, or an approved pre_agent_spawn event."));
	if (!approved && have_weak)
		return refuse(refusal, ERRCODE_AG_APPROVAL_MISSING,
					  psprintf("agent run %s has no governance approval", id),
					  psprintf("consensus_check event %s has %d of %d validation results passed, not a strict majority.",
							   agentgov_uuid_str(weak.id), weak_passed, weak_total),
					  pstrdup("Record the validation results, or an approved pre_agent_spawn event."));
	if (!approved)
		return refuse(refusal, ERRCODE_AG_APPROVAL_MISSING,
					  psprintf("agent run %s has no governance approval", id),
					  pstrdup("The run has no approved pre_agent_spawn event and no approved consensus_check event whose validation results have a strict majority passed."),
					  pstrdup("Record one with agentgov.record_governance_event()."));
	return refuse(refusal, ERRCODE_AG_APPROVAL_MISSING,
				  psprintf("governance approval of agent run %s was withdrawn", id),
				  psprintf("%s was recorded after the approving %s event %s.",
						   describe_withdrawal(&withdrawal), approval.type,
						   agentgov_uuid_str(approval.id)),
				  pstrdup("A new approval is needed."));
}

/*
 * estimated_cost <= max_cost_limit when both are set, and the cost already
 * recorded (a run the circuit breaker blocked) not past the limit.
 */
static bool
rule_cost_limit(const AgentgovRun *run, AgentgovRefusal *refusal, StringInfo why)
{
	bool		no_estimate,
				no_limit,
				no_cost;
	Datum		estimate = agentgov_run_column(run, "estimated_cost", &no_estimate);
	Datum		limit = agentgov_run_column(run, "max_cost_limit", &no_limit);
	Datum		cost = agentgov_run_column(run, "cost_usd", &no_cost);
	char	   *estimate_str,
			   *limit_str;

	if (no_limit)
		return true;
	if (!no_cost && DatumGetBool(DirectFunctionCall2(numeric_gt, cost, limit)))
		return refuse(refusal, ERRCODE_AG_BUDGET_EXHAUSTED,
					  psprintf("agent run %s has already cost more than its cost limit",
							   agentgov_uuid_str(run->id)),
					  psprintf("cost_usd %s is above max_cost_limit %s.",
							   DatumGetCString(DirectFunctionCall1(numeric_out, cost)),
							   DatumGetCString(DirectFunctionCall1(numeric_out, limit))),
					  pstrdup("Raise max_cost_limit to let the run continue."));
	if (no_estimate)
		return true;
	if (!DatumGetBool(DirectFunctionCall2(numeric_gt, estimate, limit)) && why == NULL)
		return true;
	estimate_str = DatumGetCString(DirectFunctionCall1(numeric_out, estimate));
	limit_str = DatumGetCString(DirectFunctionCall1(numeric_out, limit));
	if (DatumGetBool(DirectFunctionCall2(numeric_gt, estimate, limit)))
		return refuse(refusal, ERRCODE_AG_BUDGET_EXHAUSTED,
					  psprintf("estimated cost of agent run %s exceeds its cost limit",
							   agentgov_uuid_str(run->id)),
					  psprintf("estimated_cost %s is above max_cost_limit %s.",
							   estimate_str, limit_str),
					  NULL);
	add_note(why, psprintf("estimated_cost %s within max_cost_limit %s",
						   estimate_str, limit_str));
	return true;
}

/* The active block budgets covering the run can pay for it (budgets.c). */
static bool
rule_block_budget(const AgentgovRun *run, AgentgovRefusal *refusal, StringInfo why)
{
	AgentgovBudgetRefusal budget;
	StringInfoData note;

	/* The trigger locks the budgets until commit; governance_check only reads. */
	initStringInfo(&note);
	if (agentgov_budgets_admit_run(run->tuple, run->tupdesc, run->rel != NULL,
								   &budget, why ? &note : NULL))
	{
		if (why != NULL)
			add_note(why, note.data);
		pfree(note.data);
		return true;
	}
	pfree(note.data);
	return refuse(refusal, ERRCODE_AG_BUDGET_EXHAUSTED,
				  budget.message, budget.detail, budget.hint);
}

typedef struct RunningRule
{
	const char *name;
	AgentgovRunningRule check;
} RunningRule;

/*
 * The rules a run must pass to enter running, in the order they are
 * evaluated; the first refusal wins.  A new rule is one more entry here,
 * and governance_check() explains it without further work.
 */
static const RunningRule running_rules[] = {
	{"lifecycle", rule_lifecycle},
	{"approval", rule_approval},
	{"cost_limit", rule_cost_limit},
	{"block_budget", rule_block_budget},
};

/* Evaluate running_rules[] in order; false with the first refusal. */
bool
agentgov_running_allowed(const AgentgovRun *run, AgentgovRefusal *refusal,
						 StringInfo why)
{
	for (int i = 0; i < lengthof(running_rules); i++)
	{
		memset(refusal, 0, sizeof(AgentgovRefusal));
		if (!running_rules[i].check(run, refusal, why))
		{
			refusal->rule = running_rules[i].name;
			refusal->detail = psprintf("Rule \"%s\": %s", refusal->rule,
									   refusal->detail ? refusal->detail : "refused.");
			return false;
		}
	}
	return true;
}

/* ereport(ERROR) the refusal, with its SQLSTATE, message, detail and hint. */
void
agentgov_raise_refusal(const AgentgovRefusal *refusal)
{
	ereport(ERROR,
			(errcode(refusal->sqlerrcode),
			 errmsg_internal("%s", refusal->message),
			 errdetail_internal("%s", refusal->detail),
			 refusal->hint ? errhint("%s", refusal->hint) : 0));
	pg_unreachable();
}
