/*-------------------------------------------------------------------------
 *
 * access.c
 *	  The table-access layer: how agentgov's native code opens relations
 *	  and indexes, looks rows up by key, scans and updates them.
 *
 * This is the only file that opens relations or begins scans.  It keeps
 * the backend's caches of relation and index OIDs (table name -> OID, the
 * index serving a key) and forgets them in one relcache invalidation
 * callback (also run, for every relation, when a schema changes), which
 * also advances a generation counter and tells the caches other files
 * build from relation descriptions (agentgov_on_invalidation).
 *
 * Tenancy.  agentgov_tenant_relid() decides which relation holds one
 * organization's rows of a table.  Today that is the table itself; where
 * the tables are distributed by org_id (Citus), a trigger fires on a shard
 * and must read and write the shards co-located with it, and this is the
 * one function that will map (table, org_id) to that shard.
 *
 * Reads go through the table AM and index AM (no page or buffer access):
 * a scan sees what its snapshot sees, like the executor's.  Updates go
 * through table_tuple_update(), which waits for a concurrent writer of the
 * row as UPDATE does and reports TM_Updated / TM_Deleted for the caller to
 * handle (lock the latest version and retry at READ COMMITTED, or raise a
 * serialization failure).
 *
 * Locking.  Relations and indexes are opened with the lock mode the caller
 * gives (index scans take AccessShareLock on the index, updates
 * RowExclusiveLock on the indexes they insert into); locks are kept to the
 * end of the transaction, as the executor keeps them.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "access.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "catalog/pg_class.h"
#include "catalog/pg_index.h"
#include "executor/executor.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

/* ----------------------------------------------------------------
 * OID caches and their invalidation
 * ----------------------------------------------------------------
 */

#define TABLE_CACHE_SIZE 32
#define INDEX_CACHE_SIZE 32

/* agentgov.<name> -> OID; names are compared by pointer first, then text. */
typedef struct TableEntry
{
	const char *name;
	Oid			relid;
} TableEntry;

/* The index serving a key of a table (InvalidOid: none, scan the table). */
typedef struct IndexChoice
{
	Oid			heap;
	int			nlead;
	AttrNumber	lead[AGENTGOV_MAX_KEYS];
	Oid			index;
} IndexChoice;

static TableEntry table_cache[TABLE_CACHE_SIZE];
static int	n_tables = 0;
static IndexChoice index_choices[INDEX_CACHE_SIZE];
static int	n_index_choices = 0;
static uint64 relcache_generation = 1;
static bool callbacks_registered = false;

/* Caches of other files, told of every invalidation (see agentgov_on_invalidation). */
#define MAX_LISTENERS 8
static AgentgovForgetFn listeners[MAX_LISTENERS];
static int	n_listeners = 0;

/*
 * The invalidation callback: forget what is known of relid (everything
 * when relid is InvalidOid) and advance the generation.
 */
static void
forget_relation(Datum arg, Oid relid)
{
	int			keep;

	relcache_generation++;
	keep = 0;
	for (int i = 0; i < n_tables; i++)
		if (OidIsValid(relid) && table_cache[i].relid != relid)
			table_cache[keep++] = table_cache[i];
	n_tables = keep;
	keep = 0;
	for (int i = 0; i < n_index_choices; i++)
		if (OidIsValid(relid) && index_choices[i].heap != relid &&
			index_choices[i].index != relid)
			index_choices[keep++] = index_choices[i];
	n_index_choices = keep;
	for (int i = 0; i < n_listeners; i++)
		listeners[i] (relid);
}

/*
 * A renamed schema sends no relcache invalidation for its tables: forget
 * every cached relation (the same callback, for all relations).
 */
static void
forget_schemas(Datum arg, int cacheid, uint32 hashvalue)
{
	forget_relation(arg, InvalidOid);
}

static void
register_callbacks(void)
{
	if (callbacks_registered)
		return;
	CacheRegisterRelcacheCallback(forget_relation, (Datum) 0);
	CacheRegisterSyscacheCallback(NAMESPACEOID, forget_schemas, (Datum) 0);
	callbacks_registered = true;
}

void
agentgov_on_invalidation(AgentgovForgetFn fn)
{
	register_callbacks();
	for (int i = 0; i < n_listeners; i++)
		if (listeners[i] == fn)
			return;
	if (n_listeners >= MAX_LISTENERS)
		elog(ERROR, "too many relation cache listeners");
	listeners[n_listeners++] = fn;
}

uint64
agentgov_relcache_generation(void)
{
	register_callbacks();
	return relcache_generation;
}

/* ----------------------------------------------------------------
 * Relations
 * ----------------------------------------------------------------
 */

Oid
agentgov_table_oid(const char *relname)
{
	Oid			relid;

	for (int i = 0; i < n_tables; i++)
		if (table_cache[i].name == relname)
			return table_cache[i].relid;
	for (int i = 0; i < n_tables; i++)
		if (strcmp(table_cache[i].name, relname) == 0)
			return table_cache[i].relid;

	register_callbacks();
	relid = get_relname_relid(relname, get_namespace_oid(AGENTGOV_SCHEMA, false));
	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"%s.%s\" does not exist", AGENTGOV_SCHEMA, relname)));
	/* names are string constants of the callers: keep the pointer */
	if (n_tables < TABLE_CACHE_SIZE)
	{
		table_cache[n_tables].name = relname;
		table_cache[n_tables++].relid = relid;
	}
	return relid;
}

Relation
agentgov_open_relation(Oid relid, LOCKMODE lockmode)
{
	return table_open(relid, lockmode);
}

Relation
agentgov_try_open_relation(Oid relid, LOCKMODE lockmode)
{
	return try_table_open(relid, lockmode);
}

Relation
agentgov_open_index(Oid indexoid, LOCKMODE lockmode)
{
	return index_open(indexoid, lockmode);
}

Relation
agentgov_open_table(const char *relname, LOCKMODE lockmode)
{
	Oid			relid = agentgov_table_oid(relname);
	Relation	rel = try_table_open(relid, lockmode);

	/* Dropped, or replaced, since we looked it up: look again. */
	if (rel == NULL || strcmp(RelationGetRelationName(rel), relname) != 0)
	{
		if (rel != NULL)
			table_close(rel, lockmode);
		forget_relation((Datum) 0, relid);
		rel = table_open(agentgov_table_oid(relname), lockmode);
	}
	return rel;
}

Oid
agentgov_tenant_relid(Oid relid, Datum org_id)
{
	/* One relation holds every tenant's rows (no distribution). */
	return relid;
}

Relation
agentgov_open_tenant_table(const char *relname, Datum org_id, LOCKMODE lockmode)
{
	Relation	rel = agentgov_open_table(relname, lockmode);
	Oid			relid = agentgov_tenant_relid(RelationGetRelid(rel), org_id);

	if (relid == RelationGetRelid(rel))
		return rel;
	table_close(rel, NoLock);
	return table_open(relid, lockmode);
}

/* Is indexoid a valid, complete btree index whose key starts with lead[]? */
static bool
index_leads_with(Oid indexoid, int nlead, const AttrNumber *lead)
{
	HeapTuple	tup;
	Form_pg_index index;
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

Oid
agentgov_index_for(Relation rel, int nlead, const AttrNumber *lead)
{
	Oid			found = InvalidOid;
	List	   *indexes;
	ListCell   *lc;

	Assert(nlead >= 1 && nlead <= AGENTGOV_MAX_KEYS);
	for (int i = 0; i < n_index_choices; i++)
		if (index_choices[i].heap == RelationGetRelid(rel) &&
			index_choices[i].nlead == nlead &&
			memcmp(index_choices[i].lead, lead, nlead * sizeof(AttrNumber)) == 0)
			return index_choices[i].index;

	register_callbacks();
	indexes = RelationGetIndexList(rel);
	foreach(lc, indexes)
	{
		if (index_leads_with(lfirst_oid(lc), nlead, lead))
		{
			found = lfirst_oid(lc);
			break;
		}
	}
	list_free(indexes);

	if (n_index_choices < INDEX_CACHE_SIZE)
	{
		IndexChoice *choice = &index_choices[n_index_choices++];

		choice->heap = RelationGetRelid(rel);
		choice->nlead = nlead;
		memcpy(choice->lead, lead, nlead * sizeof(AttrNumber));
		choice->index = found;
	}
	return found;
}

/* ----------------------------------------------------------------
 * Keyed lookups and scans
 * ----------------------------------------------------------------
 */

void
agentgov_scan_begin(AgentgovScan *scan, Relation rel, Oid indexoid,
					Snapshot snapshot, ScanDirection direction,
					int nkeys, const AgentgovKey *keys, TupleTableSlot *slot)
{
	if (nkeys < 1 || nkeys > AGENTGOV_MAX_KEYS)
		elog(ERROR, "a key scan takes 1 to %d keys, not %d", AGENTGOV_MAX_KEYS, nkeys);
	if (!OidIsValid(indexoid))
	{
		AttrNumber	lead[AGENTGOV_MAX_KEYS];

		for (int i = 0; i < nkeys; i++)
			lead[i] = keys[i].attnum;
		indexoid = agentgov_index_for(rel, nkeys, lead);
	}
	scan->rel = rel;
	scan->nkeys = nkeys;
	scan->direction = direction;
	scan->own_slot = (slot == NULL);
	scan->slot = slot != NULL ? slot : table_slot_create(rel, NULL);
	scan->index = NULL;
	scan->iscan = NULL;
	scan->tscan = NULL;
	if (OidIsValid(indexoid))
	{
		scan->index = index_open(indexoid, AccessShareLock);
		if (IndexRelationGetNumberOfKeyAttributes(scan->index) < nkeys)
			elog(ERROR, "index \"%s\" has fewer than %d key columns",
				 RelationGetRelationName(scan->index), nkeys);
		for (int i = 0; i < nkeys; i++)
		{
			if (scan->index->rd_index->indkey.values[i] != keys[i].attnum)
				elog(ERROR, "column %d of index \"%s\" is not column %d of \"%s\"",
					 i + 1, RelationGetRelationName(scan->index), keys[i].attnum,
					 RelationGetRelationName(rel));
			ScanKeyInit(&scan->keys[i], i + 1, BTEqualStrategyNumber,
						keys[i].eqproc, keys[i].value);
		}
		scan->iscan = index_beginscan(rel, scan->index, snapshot, nkeys, 0);
		index_rescan(scan->iscan, scan->keys, nkeys, NULL, 0);
	}
	else
	{
		for (int i = 0; i < nkeys; i++)
			ScanKeyInit(&scan->keys[i], keys[i].attnum, BTEqualStrategyNumber,
						keys[i].eqproc, keys[i].value);
		scan->tscan = table_beginscan(rel, snapshot, nkeys, scan->keys);
	}
}

void
agentgov_scan_rescan(AgentgovScan *scan, const Datum *values)
{
	for (int i = 0; i < scan->nkeys; i++)
		scan->keys[i].sk_argument = values[i];
	if (scan->index != NULL)
		index_rescan(scan->iscan, scan->keys, scan->nkeys, NULL, 0);
	else
		table_rescan(scan->tscan, scan->keys);
}

bool
agentgov_scan_next(AgentgovScan *scan)
{
	if (scan->index != NULL)
		return index_getnext_slot(scan->iscan, scan->direction, scan->slot);
	return table_scan_getnextslot(scan->tscan, ForwardScanDirection, scan->slot);
}

void
agentgov_scan_end(AgentgovScan *scan)
{
	if (scan->index != NULL)
	{
		index_endscan(scan->iscan);
		index_close(scan->index, NoLock);
	}
	else
		table_endscan(scan->tscan);
	if (scan->own_slot)
		ExecDropSingleTupleTableSlot(scan->slot);
	scan->slot = NULL;
}

bool
agentgov_lookup(Relation rel, Oid indexoid, Snapshot snapshot,
				int nkeys, const AgentgovKey *keys, TupleTableSlot *slot)
{
	AgentgovScan scan;
	bool		found;

	agentgov_scan_begin(&scan, rel, indexoid, snapshot, ForwardScanDirection,
						nkeys, keys, slot);
	found = agentgov_scan_next(&scan);
	agentgov_scan_end(&scan);
	return found;
}

/* ----------------------------------------------------------------
 * Writes
 * ----------------------------------------------------------------
 */

/*
 * Index the new version of a row that an update could not keep on its HOT
 * chain, as the executor would.  Only plain column indexes are supported:
 * the tables updated here have no others.
 */
static void
index_new_version(Relation rel, TupleTableSlot *slot)
{
	List	   *indexes = RelationGetIndexList(rel);
	ListCell   *lc;

	foreach(lc, indexes)
	{
		Relation	index = index_open(lfirst_oid(lc), RowExclusiveLock);
		IndexInfo  *info = BuildIndexInfo(index);
		Datum		values[INDEX_MAX_KEYS];
		bool		isnull[INDEX_MAX_KEYS];

		if (info->ii_Expressions != NIL || info->ii_Predicate != NIL)
			elog(ERROR, "index \"%s\" of \"%s\" has expressions or a predicate",
				 RelationGetRelationName(index), RelationGetRelationName(rel));
		FormIndexDatum(info, slot, NULL, values, isnull);
		index_insert(index, values, isnull, &slot->tts_tid, rel,
					 index->rd_index->indisunique ? UNIQUE_CHECK_YES : UNIQUE_CHECK_NO,
					 true, info);
		index_close(index, NoLock);
	}
	list_free(indexes);
}

TM_Result
agentgov_update_row(Relation rel, ItemPointer tid, TupleTableSlot *slot,
					CommandId cid, Snapshot snapshot, TM_FailureData *tmfd)
{
	LockTupleMode lockmode;
	bool		update_indexes;
	TM_Result	result;

	result = table_tuple_update(rel, tid, slot, cid, snapshot, InvalidSnapshot,
								true, tmfd, &lockmode, &update_indexes);
	if (result == TM_Ok && update_indexes)
		index_new_version(rel, slot);
	return result;
}
