/*-------------------------------------------------------------------------
 *
 * audit_chain.c
 *	  The tamper-evident hash chain of audit_log.
 *
 * Every row that reaches audit_log, from audit_row() (audit.c) or from a
 * plain INSERT by SQL code or an application, passes audit_log_enlist(), a
 * BEFORE INSERT trigger that fills actor_id and correlation_id from the
 * actor context and remembers the row's id.  When the transaction commits
 * (XACT_EVENT_PRE_COMMIT, or PRE_PREPARE for two-phase commit) the rows it
 * enlisted are chained.  There is one chain per organization and one for
 * rows without one, keyed by the org id (the nil uuid for none).  Chain by
 * chain, in the order of their locks, the committing transaction locks the
 * chain, reads its head in audit_chain_heads, gives each of its rows
 * (ascending id) chain_seq = last + 1, prev_hash = the previous row_hash
 * and row_hash = SHA-256 over the canonical encoding of the row (see
 * chain_columns and docs/audit.md), and moves the head to the new tail.
 * Rows are inserted with NULL chain columns and receive them in one update
 * that changes no indexed column, so it is HOT when the page has room
 * (audit_log has fillfactor 85).
 *
 * verify_audit_chain(org_id) walks a chain in chain_seq order and
 * recomputes every hash: an edited row, a deleted or inserted row, swapped
 * rows and a cut tail all break it.  append_only() refuses UPDATE, DELETE
 * and TRUNCATE on audit_log and audit_chain_heads with AG005; the
 * commit-time writes use the table AM directly and fire no trigger, and
 * check no privilege, so they work whoever commits.
 *
 * Locking.  Writers lock nothing of the chain while their transaction runs.
 * At commit a transaction takes, for each chain it wrote, a
 * transaction-level lock on the chain (an advisory lock tag of class
 * AUDIT_CHAIN_LOCK_CLASS in the database, keyed by a 64-bit hash of the
 * chain key), in ascending order of those numbers, and holds them until
 * its commit completes.  Writers of one chain thus serialise on its tail
 * during their commits only, and writers of different chains do not wait
 * for each other (but for a 2^-64 chance of two keys sharing a lock
 * number, which would merely serialise them).  A transaction waiting for
 * a chain lock holds only chain locks of smaller numbers, and afterwards
 * asks only for more chain locks and for relation locks on audit_log,
 * audit_chain_heads and their indexes in modes writers never conflict in;
 * so these waits cannot form a cycle: no deadlock, whatever else the
 * transactions locked.  Holding a chain's lock, the committer reads the
 * head as last committed (SnapshotSelf), at any isolation level and
 * without predicate locks: the chain is bookkeeping, not data a
 * serializable transaction depends on.  A prepared transaction keeps its
 * chain locks until COMMIT PREPARED.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "access.h"
#include "audit_chain.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/hashfn.h"
#include "common/sha2.h"
#include "executor/executor.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/inet.h"
#include "utils/inval.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

PG_FUNCTION_INFO_V1(audit_log_enlist);
PG_FUNCTION_INFO_V1(append_only);
PG_FUNCTION_INFO_V1(verify_audit_chain);

#define AUDIT_LOG_TABLE		"audit_log"
#define CHAIN_HEADS_TABLE	"audit_chain_heads"

/* locktag_field4 of the chain locks ("AG"); pg_advisory_lock uses 1 and 2. */
#define AUDIT_CHAIN_LOCK_CLASS	0x4147

/*
 * The columns of audit_log the hash covers, in the order they are encoded:
 * every column but row_hash.  See docs/audit.md for the encoding.
 */
static const char *const chain_columns[] = {
	"prev_hash", "id", "chain_seq", "org_id", "actor_id", "action",
	"table_name", "record_id", "old_values", "new_values", "rationale",
	"details", "ip_address", "user_agent", "correlation_id", "occurred_at",
};

StaticAssertDecl(lengthof(chain_columns) == NUM_CHAIN_COLUMNS,
				 "NUM_CHAIN_COLUMNS must match chain_columns");

/*
 * audit_log and audit_chain_heads as the commit-time code needs them;
 * rebuilt after any relcache invalidation of either.
 */
typedef struct AuditTables
{
	bool		valid;
	Oid			log;			/* audit_log */
	Oid			log_owner;
	Oid			log_pkey;
	ChainLayout layout;			/* of audit_log's own descriptor */
	Oid			heads;			/* audit_chain_heads */
	Oid			heads_pkey;
	AttrNumber	head_key;
	AttrNumber	head_seq;
	AttrNumber	head_id;
	AttrNumber	head_hash;
} AuditTables;

static AuditTables audit_tables;

/* A row of audit_log enlisted for chaining at commit. */
typedef struct PendingRow
{
	int64		id;
	Oid			relid;			/* audit_log, as it was when enlisted */
	SubTransactionId subid;		/* subtransaction that inserted it */
} PendingRow;

/* Enlisted rows of the current transaction, in TopTransactionContext. */
static PendingRow *pending = NULL;
static int	npending = 0;
static int	maxpending = 0;
static bool xact_callbacks_registered = false;

/* Cached plans of verify_audit_chain. */
static SPIPlanPtr read_head_plan = NULL;
static SPIPlanPtr org_rows_plan = NULL;
static SPIPlanPtr orgless_rows_plan = NULL;

/* ----------------------------------------------------------------
 * Small helpers
 * ----------------------------------------------------------------
 */

/* The chain key of an org: the org id, or the nil uuid for none. */
static void
chain_key_of(Datum org_id, bool isnull, pg_uuid_t *key)
{
	if (isnull)
		memset(key, 0, sizeof(pg_uuid_t));
	else
		memcpy(key, DatumGetUUIDP(org_id), sizeof(pg_uuid_t));
}

/* True for the nil uuid, the key of the chain of rows without an org. */
static bool
uuid_is_nil(const pg_uuid_t *uuid)
{
	for (int i = 0; i < UUID_LEN; i++)
		if (uuid->data[i] != 0)
			return false;
	return true;
}

/* A 32-byte hash held in a bytea Datum, or NULL if the value is no such hash. */
static const uint8 *
stored_hash(Datum value, bool isnull)
{
	bytea	   *b;

	if (isnull)
		return NULL;
	b = DatumGetByteaPP(value);
	if (VARSIZE_ANY_EXHDR(b) != HASH_LEN)
		return NULL;
	return (const uint8 *) VARDATA_ANY(b);
}

/* A bytea Datum holding a hash. */
static Datum
hash_datum(const uint8 *hash)
{
	bytea	   *b = (bytea *) palloc(VARHDRSZ + HASH_LEN);

	SET_VARSIZE(b, VARHDRSZ + HASH_LEN);
	memcpy(VARDATA(b), hash, HASH_LEN);
	return PointerGetDatum(b);
}

/* ----------------------------------------------------------------
 * The tables
 * ----------------------------------------------------------------
 */

/* Find the chain columns of audit_log in `desc`; raise if it has others. */
static void
chain_layout(TupleDesc desc, ChainLayout *layout)
{
	memset(layout, 0, sizeof(ChainLayout));
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		const char *name = NameStr(att->attname);
		bool		known = false;

		if (att->attisdropped)
			continue;
		if (strcmp(name, "row_hash") == 0)
		{
			layout->row_hash = i + 1;
			continue;
		}
		for (int c = 0; c < NUM_CHAIN_COLUMNS; c++)
			if (strcmp(name, chain_columns[c]) == 0)
			{
				layout->attnums[c] = i + 1;
				known = true;
			}
		if (!known)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("column \"%s\" of table \"%s\" is not covered by the audit hash chain",
							name, AUDIT_LOG_TABLE),
					 errhint("Add it to chain_columns in src/audit_chain.c and to docs/audit.md.")));
	}
	for (int c = 0; c < NUM_CHAIN_COLUMNS; c++)
		if (layout->attnums[c] == 0)
			elog(ERROR, "column \"%s\" of table \"%s\" is missing",
				 chain_columns[c], AUDIT_LOG_TABLE);
	if (layout->row_hash == 0)
		elog(ERROR, "column \"row_hash\" of table \"%s\" is missing", AUDIT_LOG_TABLE);
}

/* Bumped by every relcache invalidation that may concern audit_tables. */
static uint64 audit_tables_generation = 0;

/* Forget audit_tables when either table's relcache entry changes. */
static void
audit_relcache_callback(Oid relid)
{
	if (relid == InvalidOid || relid == audit_tables.log || relid == audit_tables.heads)
	{
		audit_tables.valid = false;
		audit_tables_generation++;
	}
}

/* audit_log and audit_chain_heads, described (cached per backend). */
static const AuditTables *
get_audit_tables(void)
{
	AuditTables fresh;
	uint64		generation = audit_tables_generation;
	Relation	rel;

	if (audit_tables.valid)
		return &audit_tables;
	agentgov_on_invalidation(audit_relcache_callback);

	Assert(strcmp(chain_columns[CHAIN_ACTOR_ID], "actor_id") == 0 &&
		   strcmp(chain_columns[CHAIN_CORRELATION_ID], "correlation_id") == 0);
	memset(&fresh, 0, sizeof(fresh));
	fresh.log = agentgov_table_oid(AUDIT_LOG_TABLE);
	rel = agentgov_open_relation(fresh.log, AccessShareLock);
	fresh.log_owner = rel->rd_rel->relowner;
	fresh.log_pkey = RelationGetPrimaryKeyIndex(rel);
	chain_layout(RelationGetDescr(rel), &fresh.layout);
	table_close(rel, AccessShareLock);

	fresh.heads = agentgov_table_oid(CHAIN_HEADS_TABLE);
	rel = agentgov_open_relation(fresh.heads, AccessShareLock);
	fresh.heads_pkey = RelationGetPrimaryKeyIndex(rel);
	fresh.head_key = agentgov_attnum(rel, "chain_key");
	fresh.head_seq = agentgov_attnum(rel, "last_seq");
	fresh.head_id = agentgov_attnum(rel, "last_id");
	fresh.head_hash = agentgov_attnum(rel, "last_hash");
	table_close(rel, AccessShareLock);

	if (!OidIsValid(fresh.log_pkey) || !OidIsValid(fresh.heads_pkey))
		elog(ERROR, "tables %s and %s need their primary keys",
			 AUDIT_LOG_TABLE, CHAIN_HEADS_TABLE);

	/* good for this use; if an invalidation came meanwhile, rebuild next time */
	audit_tables = fresh;
	audit_tables.valid = (generation == audit_tables_generation);
	return &audit_tables;
}

/*
 * Act as the owner of audit_log until agentgov_end_as_owner(): audit
 * writes and chain verification must not depend on the caller's
 * privileges or row-level security (the switch ri_triggers.c makes for
 * foreign key checks).
 */
void
agentgov_become_audit_owner(AgentgovSavedUser *saved)
{
	agentgov_begin_as_role(get_audit_tables()->log_owner, saved);
}

/* ----------------------------------------------------------------
 * append_only: BEFORE UPDATE OR DELETE row trigger, BEFORE TRUNCATE
 * statement trigger
 * ----------------------------------------------------------------
 */
Datum
append_only(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TriggerEvent event;
	const char *what;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired as a trigger", "append_only")));
	event = trigdata->tg_event;
	if (!TRIGGER_FIRED_BEFORE(event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired BEFORE", "append_only")));
	if (TRIGGER_FIRED_BY_TRUNCATE(event))
		what = "TRUNCATE";
	else if (TRIGGER_FIRED_FOR_ROW(event) && TRIGGER_FIRED_BY_UPDATE(event))
		what = "UPDATE";
	else if (TRIGGER_FIRED_FOR_ROW(event) && TRIGGER_FIRED_BY_DELETE(event))
		what = "DELETE";
	else
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired on UPDATE or DELETE for each row, or on TRUNCATE",
						"append_only")));

	ereport(ERROR,
			(errcode(ERRCODE_AG_APPEND_ONLY),
			 errmsg("table \"%s\" is append-only",
					RelationGetRelationName(trigdata->tg_relation)),
			 errdetail("%s is not allowed on it: audit rows are evidence and are never changed or removed.",
					   what)));
	PG_RETURN_NULL();			/* not reached */
}

/* ----------------------------------------------------------------
 * Enlisting rows for the chain
 * ----------------------------------------------------------------
 */
static void audit_xact_callback(XactEvent event, void *arg);
static void audit_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
								   SubTransactionId parentSubid, void *arg);

/* Remember an audit_log row to chain when the transaction commits. */
static void
enlist_row(int64 id, Oid relid)
{
	if (!xact_callbacks_registered)
	{
		RegisterXactCallback(audit_xact_callback, NULL);
		RegisterSubXactCallback(audit_subxact_callback, NULL);
		xact_callbacks_registered = true;
	}
	if (npending == maxpending)
	{
		int			newmax = (maxpending == 0) ? 64 : maxpending * 2;

		if (pending == NULL)
			pending = MemoryContextAlloc(TopTransactionContext,
										 sizeof(PendingRow) * newmax);
		else
			pending = repalloc_huge(pending, sizeof(PendingRow) * newmax);
		maxpending = newmax;
	}
	pending[npending].id = id;
	pending[npending].relid = relid;
	pending[npending].subid = GetCurrentSubTransactionId();
	npending++;
}

/* Forget the enlisted rows (their memory goes with TopTransactionContext). */
static void
forget_pending(void)
{
	pending = NULL;
	npending = 0;
	maxpending = 0;
}

/*
 * A subtransaction's rows are the tail of the list: on commit they pass to
 * the parent, on abort they are gone.
 */
static void
audit_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
					   SubTransactionId parentSubid, void *arg)
{
	int			i;

	if (event == SUBXACT_EVENT_COMMIT_SUB)
	{
		for (i = npending - 1; i >= 0 && pending[i].subid == mySubid; i--)
			pending[i].subid = parentSubid;
	}
	else if (event == SUBXACT_EVENT_ABORT_SUB)
	{
		while (npending > 0 && pending[npending - 1].subid == mySubid)
			npending--;
	}
}

/* Set a uuid column of `tuple` from the actor context when it is NULL. */
static int
default_uuid(HeapTuple tuple, TupleDesc desc, AttrNumber attnum,
			 bool (*current) (pg_uuid_t *), int *cols, Datum *values, int ncols)
{
	pg_uuid_t	uuid;
	bool		isnull;

	(void) heap_getattr(tuple, attnum, desc, &isnull);
	if (isnull && current(&uuid))
	{
		cols[ncols] = attnum;
		values[ncols] = UUIDPGetDatum(memcpy(palloc(sizeof(pg_uuid_t)), &uuid, sizeof(uuid)));
		ncols++;
	}
	return ncols;
}

/*
 * audit_log_enlist: BEFORE INSERT row trigger on audit_log.
 *
 * The chain columns are the extension's to set; actor_id and
 * correlation_id default to the actor context.
 */
Datum
audit_log_enlist(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	const AuditTables *t;
	const ChainLayout *layout;
	Relation	rel;
	TupleDesc	desc;
	HeapTuple	tuple;
	static const int chain_set[] = {CHAIN_SEQ, CHAIN_PREV_HASH};
	int			cols[2];
	Datum		values[2];
	bool		nulls[2] = {false, false};
	int			ncols = 0;
	Datum		datum;
	bool		isnull;

	agentgov_check_trigger(fcinfo, "audit_log_enlist", AG_ON_INSERT, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	t = get_audit_tables();
	if (RelationGetRelid(rel) != t->log)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired on table %s.%s",
						"audit_log_enlist", AGENTGOV_SCHEMA, AUDIT_LOG_TABLE)));
	layout = &t->layout;
	desc = RelationGetDescr(rel);
	tuple = trigdata->tg_trigtuple;

	for (int i = 0; i <= lengthof(chain_set); i++)
	{
		AttrNumber	attnum = (i < lengthof(chain_set)) ?
			layout->attnums[chain_set[i]] : layout->row_hash;

		(void) heap_getattr(tuple, attnum, desc, &isnull);
		if (!isnull)
			ereport(ERROR,
					(errcode(ERRCODE_GENERATED_ALWAYS),
					 errmsg("cannot insert a non-NULL value into column \"%s\" of table \"%s\"",
							NameStr(TupleDescAttr(desc, attnum - 1)->attname),
							RelationGetRelationName(rel)),
					 errdetail("The hash chain columns are set when the inserting transaction commits.")));
	}

	datum = heap_getattr(tuple, layout->attnums[CHAIN_ORG_ID], desc, &isnull);
	if (!isnull && uuid_is_nil(DatumGetUUIDP(datum)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("org_id of an audit row must not be the nil uuid"),
				 errdetail("The nil uuid keys the audit chain of rows without an organization."),
				 errhint("Leave org_id NULL for rows that belong to no organization.")));

	ncols = default_uuid(tuple, desc, layout->attnums[CHAIN_ACTOR_ID],
						 agentgov_current_user, cols, values, ncols);
	ncols = default_uuid(tuple, desc, layout->attnums[CHAIN_CORRELATION_ID],
						 agentgov_current_correlation, cols, values, ncols);
	if (ncols > 0)
		tuple = heap_modify_tuple_by_cols(tuple, desc, ncols, cols, values, nulls);

	datum = heap_getattr(tuple, layout->attnums[CHAIN_ID], desc, &isnull);
	if (!isnull)				/* else NOT NULL refuses the row */
		enlist_row(DatumGetInt64(datum), RelationGetRelid(rel));
	return PointerGetDatum(tuple);
}

/* ----------------------------------------------------------------
 * Chaining at commit
 * ----------------------------------------------------------------
 */

/* An enlisted row found in audit_log, ready to be chained. */
typedef struct ChainRow
{
	uint64		lock;			/* the chain's lock number, chain_lock_number() */
	pg_uuid_t	key;			/* chain key */
	int64		id;
	ItemPointerData tid;
} ChainRow;

/* What chaining needs open, for one commit. */
typedef struct ChainState
{
	const AuditTables *tables;
	MemoryContext cxt;			/* lives as long as the ChainState */
	Relation	log;
	Relation	heads;
	EState	   *estate;
	ResultRelInfo *log_rri;		/* indexes opened on first non-HOT update */
	ResultRelInfo *heads_rri;
	TupleTableSlot *stored;		/* a row of audit_log as stored */
	TupleTableSlot *chained;	/* the same with its chain columns set */
	TupleTableSlot *head;		/* a head as stored */
	TupleTableSlot *moved;		/* the head as it becomes */
	StringInfoData encoding;	/* scratch for compute_row_hash */
} ChainState;

static int
pending_cmp(const void *a, const void *b)
{
	const PendingRow *pa = (const PendingRow *) a;
	const PendingRow *pb = (const PendingRow *) b;

	if (pa->relid != pb->relid)
		return (pa->relid > pb->relid) - (pa->relid < pb->relid);
	return (pa->id > pb->id) - (pa->id < pb->id);
}

/* Chains in the order their locks are taken; rows by id within a chain. */
static int
chain_row_cmp(const void *a, const void *b)
{
	const ChainRow *ra = (const ChainRow *) a;
	const ChainRow *rb = (const ChainRow *) b;
	int			cmp;

	if (ra->lock != rb->lock)
		return (ra->lock > rb->lock) - (ra->lock < rb->lock);
	cmp = memcmp(ra->key.data, rb->key.data, UUID_LEN);
	if (cmp != 0)
		return cmp;
	return (ra->id > rb->id) - (ra->id < rb->id);
}

/*
 * The 64-bit number a chain's lock is keyed by: a hash of the chain key,
 * so that keys alike in their first bytes (hand-made ids) do not share a
 * lock.  Two keys that did would merely serialise on one lock.
 */
static uint64
chain_lock_number(const pg_uuid_t *key)
{
	return hash_bytes_extended(key->data, UUID_LEN, 0);
}

/*
 * Find the enlisted rows in audit_log by id (`rows` sorted by id): those
 * this transaction inserted and that are not chained yet.  An INSERT that
 * did nothing (ON CONFLICT) may have enlisted another row's id.
 */
static ChainRow *
locate_rows(ChainState *cs, PendingRow *rows, int n, int *nfound)
{
	const ChainLayout *layout = &cs->tables->layout;
	TupleTableSlot *slot = cs->stored;
	ChainRow   *found = palloc(sizeof(ChainRow) * n);
	AgentgovKey key = {layout->attnums[CHAIN_ID], F_INT8EQ, Int64GetDatum(rows[0].id)};
	AgentgovScan scan;
	bool		started = false;

	*nfound = 0;
	for (int i = 0; i < n; i++)
	{
		bool		isnull;
		Datum		org;
		HeapTuple	tuple;
		bool		should_free;

		if (i > 0 && rows[i].id == rows[i - 1].id)
			continue;
		key.value = Int64GetDatum(rows[i].id);
		if (!started)
			agentgov_scan_begin(&scan, cs->log, cs->tables->log_pkey, SnapshotSelf,
								ForwardScanDirection, 1, &key, slot);
		else
			agentgov_scan_rescan(&scan, &key.value);
		started = true;
		if (!agentgov_scan_next(&scan))
			continue;
		(void) slot_getattr(slot, layout->attnums[CHAIN_SEQ], &isnull);
		tuple = ExecFetchSlotHeapTuple(slot, false, &should_free);
		if (isnull &&
			TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetXmin(tuple->t_data)))
		{
			org = slot_getattr(slot, layout->attnums[CHAIN_ORG_ID], &isnull);
			chain_key_of(org, isnull, &found[*nfound].key);
			found[*nfound].lock = chain_lock_number(&found[*nfound].key);
			found[*nfound].id = rows[i].id;
			found[*nfound].tid = slot->tts_tid;
			(*nfound)++;
		}
		if (should_free)
			heap_freetuple(tuple);
	}
	if (started)
		agentgov_scan_end(&scan);
	ExecClearTuple(slot);
	return found;
}

/* Lock a chain for the rest of the transaction; see the banner. */
static void
lock_chain(uint64 number)
{
	LOCKTAG		tag;

	SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, (uint32) (number >> 32), (uint32) number,
						 AUDIT_CHAIN_LOCK_CLASS);
	(void) LockAcquire(&tag, ExclusiveLock, false, false);
}

/*
 * Read a chain's head into cs->head; false when the chain has none yet.
 * We hold the chain's lock, so every earlier writer of the chain has
 * committed and no other is writing: SnapshotSelf sees the latest head,
 * whatever our isolation level, and takes no predicate lock.
 */
static bool
read_head(ChainState *cs, const pg_uuid_t *key)
{
	AgentgovKey skey = {cs->tables->head_key, F_UUID_EQ, UUIDPGetDatum(key)};
	bool		found;

	found = agentgov_lookup(cs->heads, cs->tables->heads_pkey, SnapshotSelf, 1, &skey,
							cs->head);
	if (found)
		slot_getallattrs(cs->head);
	return found;
}

/* Open a relation's indexes for inserting index entries. */
static ResultRelInfo *
open_indexes(Relation rel)
{
	ResultRelInfo *rri = makeNode(ResultRelInfo);

	InitResultRelInfo(rri, rel, 0, NULL, 0);
	ExecOpenIndices(rri, false);
	return rri;
}

/* Write a new version of a row we own or hold the lock of; index it if not HOT. */
static void
update_row(ChainState *cs, Relation rel, ResultRelInfo **rri, ItemPointer tid,
		   TupleTableSlot *slot)
{
	bool		update_indexes;

	simple_table_tuple_update(rel, tid, slot, cs->estate->es_snapshot, &update_indexes);
	if (update_indexes)
	{
		if (*rri == NULL)
		{
			MemoryContext old = MemoryContextSwitchTo(cs->cxt);

			*rri = open_indexes(rel);
			MemoryContextSwitchTo(old);
		}
		list_free(ExecInsertIndexTuples(*rri, slot, cs->estate, true, false, NULL, NIL));
	}
}

/* Load a copy of `from`'s values into the virtual slot `to`, to be changed. */
static void
copy_slot_values(TupleTableSlot *to, TupleTableSlot *from)
{
	int			natts = to->tts_tupleDescriptor->natts;

	ExecClearTuple(to);
	slot_getallattrs(from);
	memcpy(to->tts_values, from->tts_values, sizeof(Datum) * natts);
	memcpy(to->tts_isnull, from->tts_isnull, sizeof(bool) * natts);
}

/* Empty the virtual slot `to`: every column NULL. */
static void
clear_slot_values(TupleTableSlot *to)
{
	ExecClearTuple(to);
	for (int i = 0; i < to->tts_tupleDescriptor->natts; i++)
		to->tts_isnull[i] = true;
}

/*
 * Chain the rows of one chain (ascending id): lock the chain, read its
 * head, give each row the next chain_seq, prev_hash and row_hash, and
 * write the new head.
 */
static void
chain_one(ChainState *cs, ChainRow *rows, int n)
{
	const AuditTables *t = cs->tables;
	const ChainLayout *layout = &t->layout;
	TupleDesc	desc = RelationGetDescr(cs->log);
	MemoryContext row_cxt;
	MemoryContext old;
	bool		has_head;
	int64		seq = 0;
	bool		has_prev = false;
	uint8		prev[HASH_LEN];

	lock_chain(rows[0].lock);
	has_head = read_head(cs, &rows[0].key);
	if (has_head)
	{
		const uint8 *tail = stored_hash(cs->head->tts_values[t->head_hash - 1],
										cs->head->tts_isnull[t->head_hash - 1]);

		seq = DatumGetInt64(cs->head->tts_values[t->head_seq - 1]);
		if (seq < 1 || tail == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("head of audit chain %s is corrupt",
							agentgov_uuid_str(UUIDPGetDatum(&rows[0].key)))));
		memcpy(prev, tail, HASH_LEN);
		has_prev = true;
	}

	/* what one row needs is freed before the next: a chain may be long */
	row_cxt = AllocSetContextCreate(CurrentMemoryContext, "agentgov audit chain row",
									ALLOCSET_DEFAULT_SIZES);
	for (int i = 0; i < n; i++)
	{
		old = MemoryContextSwitchTo(row_cxt);
		if (!table_tuple_fetch_row_version(cs->log, &rows[i].tid, SnapshotSelf, cs->stored))
			elog(ERROR, "audit row " INT64_FORMAT " vanished before it was chained",
				 rows[i].id);
		copy_slot_values(cs->chained, cs->stored);
		seq++;
		cs->chained->tts_values[layout->attnums[CHAIN_SEQ] - 1] = Int64GetDatum(seq);
		cs->chained->tts_isnull[layout->attnums[CHAIN_SEQ] - 1] = false;
		cs->chained->tts_values[layout->attnums[CHAIN_PREV_HASH] - 1] =
			has_prev ? hash_datum(prev) : (Datum) 0;
		cs->chained->tts_isnull[layout->attnums[CHAIN_PREV_HASH] - 1] = !has_prev;
		agentgov_audit_row_hash(&cs->encoding, layout, desc,
						 cs->chained->tts_values, cs->chained->tts_isnull, prev);
		has_prev = true;
		cs->chained->tts_values[layout->row_hash - 1] = hash_datum(prev);
		cs->chained->tts_isnull[layout->row_hash - 1] = false;
		ExecStoreVirtualTuple(cs->chained);
		update_row(cs, cs->log, &cs->log_rri, &rows[i].tid, cs->chained);
		ExecClearTuple(cs->chained);
		ResetPerTupleExprContext(cs->estate);
		MemoryContextSwitchTo(old);
		MemoryContextReset(row_cxt);
	}
	MemoryContextDelete(row_cxt);

	if (has_head)
		copy_slot_values(cs->moved, cs->head);
	else
	{
		clear_slot_values(cs->moved);
		cs->moved->tts_values[t->head_key - 1] = UUIDPGetDatum(&rows[0].key);
		cs->moved->tts_isnull[t->head_key - 1] = false;
	}
	cs->moved->tts_values[t->head_seq - 1] = Int64GetDatum(seq);
	cs->moved->tts_isnull[t->head_seq - 1] = false;
	cs->moved->tts_values[t->head_id - 1] = Int64GetDatum(rows[n - 1].id);
	cs->moved->tts_isnull[t->head_id - 1] = false;
	cs->moved->tts_values[t->head_hash - 1] = hash_datum(prev);
	cs->moved->tts_isnull[t->head_hash - 1] = false;
	ExecStoreVirtualTuple(cs->moved);
	if (has_head)
		update_row(cs, cs->heads, &cs->heads_rri, &cs->head->tts_tid, cs->moved);
	else
	{
		/* a new chain: nobody else can be creating it, we hold its lock */
		simple_table_tuple_insert(cs->heads, cs->moved);
		if (cs->heads_rri == NULL)
			cs->heads_rri = open_indexes(cs->heads);
		list_free(ExecInsertIndexTuples(cs->heads_rri, cs->moved, cs->estate,
										false, false, NULL, NIL));
	}
	ExecClearTuple(cs->moved);
	ExecClearTuple(cs->head);
}

/* Chain the enlisted rows of audit_log (`rows` sorted by id). */
static void
chain_rows(PendingRow *rows, int n)
{
	ChainState	cs;
	ChainRow   *found;
	int			nfound;
	int			start;

	memset(&cs, 0, sizeof(cs));
	cs.cxt = CurrentMemoryContext;
	cs.log = agentgov_try_open_relation(rows[0].relid, RowExclusiveLock);
	if (cs.log == NULL)
		return;					/* dropped in this transaction: nothing to chain */
	cs.tables = get_audit_tables();
	if (RelationGetRelid(cs.log) != cs.tables->log)
	{
		table_close(cs.log, NoLock);
		return;					/* an audit_log dropped and created again since */
	}
	cs.stored = table_slot_create(cs.log, NULL);
	found = locate_rows(&cs, rows, n, &nfound);
	if (nfound > 0)
	{
		qsort(found, nfound, sizeof(ChainRow), chain_row_cmp);
		cs.heads = agentgov_open_relation(cs.tables->heads, RowExclusiveLock);
		cs.estate = CreateExecutorState();
		cs.estate->es_snapshot = GetActiveSnapshot();
		cs.estate->es_output_cid = GetCurrentCommandId(true);
		cs.chained = MakeSingleTupleTableSlot(RelationGetDescr(cs.log), &TTSOpsVirtual);
		cs.head = table_slot_create(cs.heads, NULL);
		cs.moved = MakeSingleTupleTableSlot(RelationGetDescr(cs.heads), &TTSOpsVirtual);
		initStringInfo(&cs.encoding);

		for (start = 0; start < nfound;)
		{
			int			end = start + 1;

			while (end < nfound &&
				   memcmp(found[end].key.data, found[start].key.data, UUID_LEN) == 0)
				end++;
			chain_one(&cs, &found[start], end - start);
			start = end;
		}

		ExecDropSingleTupleTableSlot(cs.chained);
		ExecDropSingleTupleTableSlot(cs.head);
		ExecDropSingleTupleTableSlot(cs.moved);
		if (cs.log_rri)
			ExecCloseIndices(cs.log_rri);
		if (cs.heads_rri)
			ExecCloseIndices(cs.heads_rri);
		FreeExecutorState(cs.estate);
		table_close(cs.heads, NoLock);
	}
	ExecDropSingleTupleTableSlot(cs.stored);
	table_close(cs.log, NoLock);
}

/* Chain every row the committing transaction enlisted. */
static void
chain_pending(void)
{
	MemoryContext cxt;
	MemoryContext old;
	int			start;

	cxt = AllocSetContextCreate(TopTransactionContext, "agentgov audit chain",
								ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(cxt);
	CommandCounterIncrement();	/* our inserts must be visible to us */
	PushActiveSnapshot(GetLatestSnapshot());

	qsort(pending, npending, sizeof(PendingRow), pending_cmp);
	for (start = 0; start < npending;)
	{
		int			end = start + 1;

		while (end < npending && pending[end].relid == pending[start].relid)
			end++;
		chain_rows(&pending[start], end - start);
		start = end;
	}

	PopActiveSnapshot();
	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
	forget_pending();
}

/* Chain at pre-commit (and pre-prepare); forget the list at the end. */
static void
audit_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_PRE_COMMIT:
		case XACT_EVENT_PRE_PREPARE:
			if (npending > 0)
				chain_pending();
			break;
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PREPARE:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_PARALLEL_ABORT:
			forget_pending();
			break;
		default:
			break;
	}
}

/* ----------------------------------------------------------------
 * verify_audit_chain(org_id uuid) -> (rows_checked, first_broken_id)
 * ----------------------------------------------------------------
 */

/* The tail of a chain as its head records it; seq 0 when there is none. */
typedef struct ChainTail
{
	int64		seq;
	int64		id;
	uint8		hash[HASH_LEN];
} ChainTail;

/* Read a chain's head in the function's snapshot. */
static void
read_tail(const pg_uuid_t *key, ChainTail *tail)
{
	Oid			argtypes[1] = {UUIDOID};
	Datum		args[1] = {UUIDPGetDatum(key)};
	int			ret;
	bool		isnull;

	memset(tail, 0, sizeof(ChainTail));
	ret = SPI_execute_plan(agentgov_plan(&read_head_plan,
										 "SELECT last_seq, last_id, last_hash FROM agentgov.audit_chain_heads "
										 "WHERE chain_key OPERATOR(pg_catalog.=) $1",
										 1, argtypes),
						   args, NULL, true, 1);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	if (SPI_processed == 1)
	{
		HeapTuple	t = SPI_tuptable->vals[0];
		TupleDesc	d = SPI_tuptable->tupdesc;
		Datum		seq = SPI_getbinval(t, d, 1, &isnull);
		Datum		id;
		const uint8 *hash;

		if (!isnull && DatumGetInt64(seq) > 0)
		{
			tail->seq = DatumGetInt64(seq);
			id = SPI_getbinval(t, d, 2, &isnull);
			tail->id = isnull ? 0 : DatumGetInt64(id);
			hash = stored_hash(SPI_getbinval(t, d, 3, &isnull), isnull);
			if (hash != NULL)
				memcpy(tail->hash, hash, HASH_LEN);
		}
	}
	SPI_freetuptable(SPI_tuptable);
}

static int
int64_cmp(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/* Ids of this transaction's rows not chained yet, sorted. */
static int64 *
pending_ids(void)
{
	int64	   *ids = palloc(sizeof(int64) * Max(npending, 1));

	for (int i = 0; i < npending; i++)
		ids[i] = pending[i].id;
	qsort(ids, npending, sizeof(int64), int64_cmp);
	return ids;
}

/* Walk state of verify_audit_chain. */
typedef struct ChainWalk
{
	ChainTail	tail;			/* what the head says */
	int64		expected_seq;	/* chain_seq the next row must have */
	uint8		prev[HASH_LEN]; /* row_hash of the last good row */
	int64		checked;
	bool		found_broken;
	int64		broken;			/* id of the first bad row */
	StringInfoData encoding;	/* scratch for compute_row_hash */
} ChainWalk;

/* Does this row continue the chain correctly? */
static bool
row_continues_chain(ChainWalk *walk, const ChainLayout *layout, TupleDesc desc,
					Datum *values, bool *nulls)
{
	int			seq_i = layout->attnums[CHAIN_SEQ] - 1;
	int			prev_i = layout->attnums[CHAIN_PREV_HASH] - 1;
	int			hash_i = layout->row_hash - 1;
	int64		seq;
	const uint8 *prev;
	const uint8 *stored;
	uint8		computed[HASH_LEN];

	if (nulls[seq_i])
		return false;
	seq = DatumGetInt64(values[seq_i]);
	if (seq != walk->expected_seq || seq > walk->tail.seq)
		return false;
	prev = stored_hash(values[prev_i], nulls[prev_i]);
	if (seq == 1 ? !nulls[prev_i] :
		(prev == NULL || memcmp(prev, walk->prev, HASH_LEN) != 0))
		return false;
	stored = stored_hash(values[hash_i], nulls[hash_i]);
	if (stored == NULL)
		return false;
	agentgov_audit_row_hash(&walk->encoding, layout, desc, values, nulls, computed);
	if (memcmp(stored, computed, HASH_LEN) != 0)
		return false;
	if (seq == walk->tail.seq && memcmp(stored, walk->tail.hash, HASH_LEN) != 0)
		return false;
	memcpy(walk->prev, stored, HASH_LEN);
	return true;
}

/* Check the rows of one fetched batch against the chain. */
static void
walk_batch(ChainWalk *walk, SPITupleTable *batch, uint64 nrows,
		   const ChainLayout *layout, const int64 *own_ids,
		   MemoryContext row_cxt)
{
	TupleDesc	desc = batch->tupdesc;

	for (uint64 r = 0; r < nrows; r++)
	{
		MemoryContext old = MemoryContextSwitchTo(row_cxt);
		Datum	   *values = palloc(sizeof(Datum) * desc->natts);
		bool	   *nulls = palloc(sizeof(bool) * desc->natts);
		int64		id;

		heap_deform_tuple(batch->vals[r], desc, values, nulls);
		id = DatumGetInt64(values[layout->attnums[CHAIN_ID] - 1]);
		/* this transaction's own rows are chained when it commits */
		if (!(nulls[layout->attnums[CHAIN_SEQ] - 1] && npending > 0 &&
			  bsearch(&id, own_ids, npending, sizeof(int64), int64_cmp) != NULL))
		{
			walk->checked++;
			if (!walk->found_broken)
			{
				if (row_continues_chain(walk, layout, desc, values, nulls))
					walk->expected_seq++;
				else
				{
					walk->found_broken = true;
					walk->broken = id;
				}
			}
		}
		MemoryContextSwitchTo(old);
		MemoryContextReset(row_cxt);
	}
}

/*
 * verify_audit_chain(org_id uuid) -> (rows_checked bigint, first_broken_id
 * bigint): walk the chain of an org (NULL: of rows without one) in
 * chain_seq order, as the owner of audit_log.  first_broken_id is the
 * first row that does not continue the chain (wrong chain_seq, prev_hash
 * or row_hash, never chained, beyond the head), or the id the head names
 * as the last row when rows at the end are missing; NULL when intact.
 */
Datum
verify_audit_chain(PG_FUNCTION_ARGS)
{
	bool		orgless = PG_ARGISNULL(0);
	pg_uuid_t	key;
	Oid			argtypes[1] = {UUIDOID};
	Datum		args[1];
	TupleDesc	result_desc;
	Datum		result[2];
	bool		result_nulls[2] = {false, false};
	AgentgovSavedUser saved_user;
	Portal		portal;
	ChainWalk	walk;
	ChainLayout layout;
	bool		have_layout = false;
	int64	   *own_ids = pending_ids();
	MemoryContext row_cxt;

	if (get_call_result_type(fcinfo, NULL, &result_desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	if (orgless)
		memset(&key, 0, sizeof(key));
	else
	{
		key = *PG_GETARG_UUID_P(0);
		if (uuid_is_nil(&key))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("no organization has the nil uuid"),
					 errhint("Pass NULL to verify the chain of audit rows without an organization.")));
	}
	args[0] = UUIDPGetDatum(&key);

	memset(&walk, 0, sizeof(walk));
	walk.expected_seq = 1;
	initStringInfo(&walk.encoding);
	row_cxt = AllocSetContextCreate(CurrentMemoryContext, "verify_audit_chain row",
									ALLOCSET_DEFAULT_SIZES);
	agentgov_become_audit_owner(&saved_user);
	agentgov_spi_connect();
	read_tail(&key, &walk.tail);

	/* The chain in order; rows never chained (chain_seq NULL) come last. */
	if (orgless)
		portal = SPI_cursor_open(NULL,
								 agentgov_plan(&orgless_rows_plan,
											   "SELECT * FROM agentgov.audit_log WHERE org_id IS NULL "
											   "ORDER BY chain_seq, id", 0, NULL),
								 NULL, NULL, true);
	else
		portal = SPI_cursor_open(NULL,
								 agentgov_plan(&org_rows_plan,
											   "SELECT * FROM agentgov.audit_log "
											   "WHERE org_id OPERATOR(pg_catalog.=) $1 "
											   "ORDER BY chain_seq, id", 1, argtypes),
								 args, NULL, true);
	for (;;)
	{
		SPI_cursor_fetch(portal, true, 1000);
		if (SPI_processed == 0)
			break;
		if (!have_layout)
		{
			/* SELECT * leaves out dropped columns: positions can differ from the table's */
			chain_layout(SPI_tuptable->tupdesc, &layout);
			have_layout = true;
		}
		walk_batch(&walk, SPI_tuptable, SPI_processed, &layout, own_ids, row_cxt);
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	SPI_finish();
	agentgov_end_as_owner(&saved_user);
	MemoryContextDelete(row_cxt);

	/* Rows the head counts but the table no longer has: the tail was cut. */
	if (!walk.found_broken && walk.expected_seq - 1 < walk.tail.seq)
	{
		walk.found_broken = true;
		walk.broken = walk.tail.id;
	}

	result[0] = Int64GetDatum(walk.checked);
	result[1] = Int64GetDatum(walk.broken);
	result_nulls[1] = !walk.found_broken;
	result_desc = BlessTupleDesc(result_desc);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(result_desc, result, result_nulls)));
}
