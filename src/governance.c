/*-------------------------------------------------------------------------
 *
 * governance.c
 *	  Governance of agent runs: their lifecycle, approval before running,
 *	  the governance event log and who may record an approval.
 *
 * agent_run_lifecycle() (BEFORE INSERT OR UPDATE OF status on agent_runs)
 * moves a run only along its lifecycle, stamps started_at and completed_at,
 * counts retries, and lets a run enter running only when every rule of
 * running_rules[] passes.  agentgov_running_allowed() evaluates that one
 * ordered list for both the trigger and governance_check(), which explains
 * the same decision without acting on it.
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
 * The rules read governance_events, validation_results and
 * organization_members through their indexes directly rather than through
 * SPI (the approval rule reads a run's events newest first and stops at the
 * latest approval): that is what makes the check cheap, and like a
 * foreign-key check it sees every row whatever the writer's row-level
 * security.  The AccessShareLocks these reads take are kept to the end of
 * the transaction, as the executor keeps them.  SPI statements the triggers
 * run are run as the table owner with row-level security off, for the same
 * reason.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"

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

/* The governance event types the rules single out. */
typedef enum EventKind
{
	EV_OTHER,
	EV_PRE_AGENT_SPAWN,
	EV_CONSENSUS_CHECK,
	EV_EMERGENCY_STOP,
	EV_CIRCUIT_BREAKER
} EventKind;

/* One governance event of a run, as the rules need it. */
typedef struct RunEvent
{
	Datum		id;				/* uuid, palloc'd */
	char		type[NAMEDATALEN];
	EventKind	kind;
	bool		approved;
	TimestampTz created_at;
} RunEvent;

/* Does this event withdraw earlier approvals of its run? */
static bool
event_withdraws(EventKind kind, bool approved)
{
	return !approved || kind == EV_EMERGENCY_STOP || kind == EV_CIRCUIT_BREAKER;
}

/* The EventKind of an event type's label. */
static EventKind
event_kind(const char *type)
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
static void
enum_label(Datum value, char *label)
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

	enum_label(value, label);
	for (int i = 0; i < RS_COUNT; i++)
		if (strcmp(run_status_names[i], label) == 0)
			return (RunStatus) i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown agent run status \"%s\"", label)));
	pg_unreachable();
}

/*
 * Per-backend caches of what the rules look up on every call: the OIDs of
 * the agentgov tables they read, attribute numbers by column name, and the
 * index that serves a lookup by a table's leading key columns.  An entry is
 * dropped on any relcache invalidation of its table (a drop, a column
 * renamed or dropped, an index created or dropped all send one), and the
 * caches are consulted only once the table is open and locked, which
 * processes pending invalidations.  Names are string literals, matched by
 * address.
 */
#define CACHE_SIZE 64

typedef struct TableEntry
{
	const char *name;
	Oid			relid;
} TableEntry;

typedef struct IndexChoice
{
	Oid			heap;
	AttrNumber	lead[2];		/* lead[1] is 0 for a one-column key */
	Oid			index;			/* InvalidOid: none, scan the heap */
} IndexChoice;

static TableEntry table_cache[8];
static int	n_tables = 0;
static IndexChoice index_choices[CACHE_SIZE];
static int	n_index_choices = 0;
static bool cache_callback_registered = false;

/* Relcache invalidation callback: forget what is known of relid (all if 0). */
static void
forget_relation(Datum arg, Oid relid)
{
	int			keep;

	keep = 0;
	for (int i = 0; i < n_tables; i++)
		if (OidIsValid(relid) && table_cache[i].relid != relid)
			table_cache[keep++] = table_cache[i];
	n_tables = keep;
	keep = 0;
	for (int i = 0; i < n_index_choices; i++)
		if (OidIsValid(relid) && index_choices[i].heap != relid)
			index_choices[keep++] = index_choices[i];
	n_index_choices = keep;
}

/* Register forget_relation() once per backend. */
static void
register_cache_callback(void)
{
	if (cache_callback_registered)
		return;
	CacheRegisterRelcacheCallback(forget_relation, (Datum) 0);
	cache_callback_registered = true;
}

/* Is rel the table relname of the agentgov schema? */
static bool
is_agentgov_table(Relation rel, const char *relname)
{
	return strcmp(RelationGetRelationName(rel), relname) == 0 &&
		strcmp(get_namespace_name(RelationGetNamespace(rel)), AGENTGOV_SCHEMA) == 0;
}

/* Open a table of the agentgov schema by name. */
static Relation
open_agentgov_table(const char *relname, LOCKMODE lockmode)
{
	Oid			relid = InvalidOid;
	Relation	rel;

	for (int i = 0; i < n_tables; i++)
		if (table_cache[i].name == relname)
			relid = table_cache[i].relid;
	if (OidIsValid(relid))
	{
		rel = try_table_open(relid, lockmode);
		if (rel != NULL && strcmp(RelationGetRelationName(rel), relname) == 0)
			return rel;
		if (rel != NULL)
			table_close(rel, lockmode);
		forget_relation((Datum) 0, relid);	/* dropped since: look it up again */
	}

	relid = get_relname_relid(relname, get_namespace_oid(AGENTGOV_SCHEMA, false));
	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"%s.%s\" does not exist", AGENTGOV_SCHEMA, relname)));
	rel = table_open(relid, lockmode);
	if (!is_agentgov_table(rel, relname))
		elog(ERROR, "relation %u is not %s.%s", relid, AGENTGOV_SCHEMA, relname);
	register_cache_callback();
	if (n_tables < lengthof(table_cache))
	{
		table_cache[n_tables].name = relname;
		table_cache[n_tables++].relid = relid;
	}
	return rel;
}

/* Is indexoid a valid, complete btree index whose key starts with lead? */
static bool
index_leads_with(Oid indexoid, const AttrNumber *lead)
{
	HeapTuple	tup;
	Form_pg_index index;
	int			nlead = lead[1] == 0 ? 1 : 2;
	bool		fits;

	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(indexoid));
	if (!HeapTupleIsValid(tup))
		return false;
	index = (Form_pg_index) GETSTRUCT(tup);
	fits = index->indisvalid && index->indislive &&
		heap_attisnull(tup, Anum_pg_index_indpred, NULL) &&
		index->indnkeyatts >= nlead;
	for (int i = 0; fits && i < nlead; i++)
		fits = index->indkey.values[i] == lead[i];
	ReleaseSysCache(tup);
	if (!fits)
		return false;

	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(indexoid));
	if (!HeapTupleIsValid(tup))
		return false;
	fits = ((Form_pg_class) GETSTRUCT(tup))->relam == BTREE_AM_OID;
	ReleaseSysCache(tup);
	return fits;
}

/* The index to scan rel by its columns lead[0] (and lead[1]), if any. */
static Oid
index_for(Relation rel, AttrNumber lead0, AttrNumber lead1)
{
	AttrNumber	lead[2] = {lead0, lead1};
	Oid			found = InvalidOid;
	List	   *indexes;
	ListCell   *lc;

	for (int i = 0; i < n_index_choices; i++)
		if (index_choices[i].heap == RelationGetRelid(rel) &&
			index_choices[i].lead[0] == lead0 && index_choices[i].lead[1] == lead1)
			return index_choices[i].index;

	register_cache_callback();
	indexes = RelationGetIndexList(rel);
	foreach(lc, indexes)
	{
		if (index_leads_with(lfirst_oid(lc), lead))
		{
			found = lfirst_oid(lc);
			break;
		}
	}
	list_free(indexes);

	if (n_index_choices < CACHE_SIZE)
	{
		IndexChoice *choice = &index_choices[n_index_choices++];

		choice->heap = RelationGetRelid(rel);
		choice->lead[0] = lead0;
		choice->lead[1] = lead1;
		choice->index = found;
	}
	return found;
}

/*
 * A scan of a table for the rows whose leading key columns (uuids) equal
 * given values, through the index that serves them, else (should the index
 * be gone) through the heap.  Locks are kept to the end of the transaction,
 * as the executor keeps them.
 */
typedef struct KeyScan
{
	Relation	index;			/* NULL: scanning the heap */
	IndexScanDesc iscan;
	TableScanDesc hscan;
	ScanDirection direction;
	TupleTableSlot *slot;
	ScanKeyData keys[2];
} KeyScan;

/*
 * Begin a scan for rows whose columns attnums[] equal values[].  With
 * `indexoid` (an index leading with those columns) the scan goes through it
 * in `direction`; with InvalidOid, through the index that serves the keys,
 * if any, else the heap.
 */
static void
key_scan_begin(KeyScan *scan, Relation rel, int nkeys, const AttrNumber *attnums,
			   const Datum *values, Snapshot snapshot, Oid indexoid,
			   ScanDirection direction)
{
	Assert(nkeys == 1 || nkeys == 2);
	if (!OidIsValid(indexoid))
		indexoid = index_for(rel, attnums[0], nkeys > 1 ? attnums[1] : 0);
	scan->direction = direction;
	scan->slot = table_slot_create(rel, NULL);
	scan->index = NULL;
	if (OidIsValid(indexoid))
	{
		scan->index = index_open(indexoid, AccessShareLock);
		for (int i = 0; i < nkeys; i++)
			ScanKeyInit(&scan->keys[i], i + 1, BTEqualStrategyNumber, F_UUID_EQ, values[i]);
		scan->iscan = index_beginscan(rel, scan->index, snapshot, nkeys, 0);
		index_rescan(scan->iscan, scan->keys, nkeys, NULL, 0);
	}
	else
	{
		for (int i = 0; i < nkeys; i++)
			ScanKeyInit(&scan->keys[i], attnums[i], BTEqualStrategyNumber, F_UUID_EQ, values[i]);
		scan->hscan = table_beginscan(rel, snapshot, nkeys, scan->keys);
	}
}

/* The next matching row into scan->slot; false at the end. */
static bool
key_scan_next(KeyScan *scan)
{
	if (scan->index != NULL)
		return index_getnext_slot(scan->iscan, scan->direction, scan->slot);
	return table_scan_getnextslot(scan->hscan, ForwardScanDirection, scan->slot);
}

/* End the scan; the locks stay. */
static void
key_scan_end(KeyScan *scan)
{
	if (scan->index != NULL)
	{
		index_endscan(scan->iscan);
		index_close(scan->index, NoLock);
	}
	else
		table_endscan(scan->hscan);
	ExecDropSingleTupleTableSlot(scan->slot);
}

/* An int4 column that must not be NULL (the schema declares it NOT NULL). */
static int32
int_column(HeapTuple tuple, TupleDesc tupdesc, const char *colname)
{
	bool		isnull;
	Datum		value = agentgov_column(tuple, tupdesc, colname, &isnull);

	return isnull ? 0 : DatumGetInt32(value);
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
	bool		wa = event_withdraws(ea->kind, ea->approved);
	bool		wb = event_withdraws(eb->kind, eb->approved);

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
	KeyScan		scan;			/* streaming */
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
	enum_label(slot_getattr(slot, cursor->type_att, &isnull), event->type);
	event->kind = event_kind(event->type);
	event->approved = DatumGetBool(slot_getattr(slot, cursor->approved_att, &isnull));
	event->created_at = DatumGetTimestampTz(slot_getattr(slot, cursor->created_att, &isnull));
	return true;
}

/* Open the cursor on the events of a run of org_id. */
static void
event_cursor_open(EventCursor *cursor, Datum org_id, Datum run_id, Snapshot snapshot)
{
	Relation	rel = open_agentgov_table("governance_events", AccessShareLock);
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

	ordered = index_for(rel, run_att, cursor->created_att);
	cursor->streaming = OidIsValid(ordered);
	key_scan_begin(&cursor->scan, rel, 1, &run_att, &run_id, snapshot, ordered,
				   cursor->streaming ? BackwardScanDirection : ForwardScanDirection);
	if (cursor->streaming)
		return;

	cursor->nevents = 0;
	size = 8;
	cursor->events = palloc(size * sizeof(RunEvent));
	while (key_scan_next(&cursor->scan))
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
	while (key_scan_next(&cursor->scan))
		if (read_event(cursor, event))
			return !cursor->has_floor || event->created_at >= cursor->floor;
	return false;
}

/* Close the cursor; the locks stay. */
static void
event_cursor_close(EventCursor *cursor)
{
	key_scan_end(&cursor->scan);
	table_close(cursor->rel, NoLock);
}

/* How many validation results an event has, and how many of them passed. */
static void
count_validations(Datum org_id, Datum event_id, Snapshot snapshot,
				  int *passed, int *total)
{
	Relation	rel = open_agentgov_table("validation_results", AccessShareLock);
	AttrNumber	event_att = agentgov_attnum_cached(rel, "event_id");
	AttrNumber	org_att = agentgov_attnum_cached(rel, "org_id");
	AttrNumber	passed_att = agentgov_attnum_cached(rel, "passed");
	KeyScan		scan;

	*passed = *total = 0;
	key_scan_begin(&scan, rel, 1, &event_att, &event_id, snapshot,
				   InvalidOid, ForwardScanDirection);
	while (key_scan_next(&scan))
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
	key_scan_end(&scan);
	table_close(rel, NoLock);
}

/* The role of a user in an organization into role[NAMEDATALEN]; false if none. */
static bool
member_role(Datum org_id, Datum user_id, char *role)
{
	Relation	rel = open_agentgov_table("organization_members", AccessShareLock);
	AttrNumber	attnums[2];
	Datum		values[2] = {org_id, user_id};
	Snapshot	snapshot = RegisterSnapshot(GetLatestSnapshot());
	KeyScan		scan;
	bool		found = false;

	attnums[0] = agentgov_attnum_cached(rel, "org_id");
	attnums[1] = agentgov_attnum_cached(rel, "user_id");
	key_scan_begin(&scan, rel, 2, attnums, values, snapshot,
				   InvalidOid, ForwardScanDirection);
	if (key_scan_next(&scan))
	{
		bool		isnull;
		Datum		value = slot_getattr(scan.slot, agentgov_attnum_cached(rel, "role"), &isnull);

		if (!isnull)
		{
			enum_label(value, role);
			found = true;
		}
	}
	key_scan_end(&scan);
	UnregisterSnapshot(snapshot);
	table_close(rel, NoLock);
	return found;
}

/* Has an approved emergency_stop been recorded for the run? */
static bool
emergency_stop_recorded(Datum org_id, Datum run_id)
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
			if (event_withdraws(event.kind, event.approved))
			{
				withdrawal = event;
				withdrawn = true;
			}
		}
		else if (event_withdraws(event.kind, event.approved))
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
		emergency_stop_recorded(org_id, id))
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
	char		role[NAMEDATALEN];
	char	   *user = agentgov_uuid_str(user_id);
	char	   *org = agentgov_uuid_str(org_id);

	if (!member_role(org_id, user_id, role))
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

	enum_label(heap_getattr(tuple, agentgov_attnum_cached(rel, "event_type"), tupdesc, &isnull), type);
	kind = event_kind(type);
	approved = DatumGetBool(heap_getattr(tuple, agentgov_attnum_cached(rel, "approved"), tupdesc, &isnull));
	if (!event_withdraws(kind, approved))
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
	enum_label(PG_GETARG_DATUM(1), label);
	args[2] = CStringGetTextDatum(label);
	enum_label(PG_GETARG_DATUM(2), label);
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
