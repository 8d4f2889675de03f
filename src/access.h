/*-------------------------------------------------------------------------
 *
 * access.h
 *	  The table-access layer of agentgov (access.c): every relation and
 *	  index the native code opens, every keyed lookup, scan and row update
 *	  goes through these functions.
 *
 *-------------------------------------------------------------------------
 */
#ifndef AGENTGOV_ACCESS_H
#define AGENTGOV_ACCESS_H

#include "postgres.h"

#include "access/sdir.h"
#include "access/skey.h"
#include "access/tableam.h"
#include "executor/tuptable.h"
#include "storage/lockdefs.h"
#include "utils/relcache.h"
#include "utils/snapshot.h"

/* ---- Relations ---- */

/* Oid of table agentgov.<relname> (cached per backend); raises 42P01 if missing. */
extern Oid	agentgov_table_oid(const char *relname);

/* Open / try to open a relation by OID (NULL from try when it is gone). */
extern Relation agentgov_open_relation(Oid relid, LOCKMODE lockmode);
extern Relation agentgov_try_open_relation(Oid relid, LOCKMODE lockmode);

/* Open an index by OID. */
extern Relation agentgov_open_index(Oid indexoid, LOCKMODE lockmode);

/* Open table agentgov.<relname> (its OID cached per backend). */
extern Relation agentgov_open_table(const char *relname, LOCKMODE lockmode);

/*
 * The relation that holds the rows of organization org_id (a uuid Datum)
 * of table relid.  Today that is relid itself; with the tables distributed
 * by org_id (Citus) it is the shard of relid co-located with the tenant.
 * Every read or write of one tenant's rows resolves its relation here.
 */
extern Oid	agentgov_tenant_relid(Oid relid, Datum org_id);

/* Open the relation holding org_id's rows of table agentgov.<relname>. */
extern Relation agentgov_open_tenant_table(const char *relname, Datum org_id,
										   LOCKMODE lockmode);

/*
 * A valid btree index of rel whose key starts with the nlead columns
 * lead[] (in that order), or InvalidOid; cached per backend.
 */
extern Oid	agentgov_index_for(Relation rel, int nlead, const AttrNumber *lead);

/*
 * Bumped by every relcache invalidation this backend receives: a cache
 * built from relation descriptions is stale when its generation differs.
 */
extern uint64 agentgov_relcache_generation(void);

/*
 * Have fn(relid) called by the invalidation callback, for caches built
 * from relation descriptions (relid InvalidOid: every relation).  fn must
 * not raise or access the catalogs.  Registering a function again is a
 * no-op.
 */
typedef void (*AgentgovForgetFn) (Oid relid);
extern void agentgov_on_invalidation(AgentgovForgetFn fn);

/* ---- Keyed lookups and scans ---- */

/* One equality condition: column attnum = value, compared with eqproc. */
typedef struct AgentgovKey
{
	AttrNumber	attnum;
	RegProcedure eqproc;
	Datum		value;
} AgentgovKey;

#define AGENTGOV_MAX_KEYS 4

/*
 * A scan of rel for the rows whose columns equal the keys, through an
 * index whose leading columns are the keys' (in key order), else through
 * the table.  Rows arrive in scan->slot.  Locks taken are kept to the end
 * of the transaction, as the executor keeps them.
 */
typedef struct AgentgovScan
{
	Relation	rel;
	Relation	index;			/* NULL: scanning the table */
	struct IndexScanDescData *iscan;
	struct TableScanDescData *tscan;
	ScanDirection direction;
	TupleTableSlot *slot;
	bool		own_slot;
	int			nkeys;
	ScanKeyData keys[AGENTGOV_MAX_KEYS];
} AgentgovScan;

/*
 * Begin a scan.  indexoid: the index to use (its leading columns are the
 * keys), or InvalidOid to use the index agentgov_index_for() finds, if any.
 * direction applies to index scans.  slot: where rows go, or NULL for a
 * slot of the scan's own.
 */
extern void agentgov_scan_begin(AgentgovScan *scan, Relation rel, Oid indexoid,
								Snapshot snapshot, ScanDirection direction,
								int nkeys, const AgentgovKey *keys,
								TupleTableSlot *slot);

/* Restart the scan with new key values (one per key, in key order). */
extern void agentgov_scan_rescan(AgentgovScan *scan, const Datum *values);

/* The next matching row into scan->slot; false at the end. */
extern bool agentgov_scan_next(AgentgovScan *scan);

/* End the scan; the locks stay. */
extern void agentgov_scan_end(AgentgovScan *scan);

/* The first row matching the keys into slot; false if none. */
extern bool agentgov_lookup(Relation rel, Oid indexoid, Snapshot snapshot,
							int nkeys, const AgentgovKey *keys,
							TupleTableSlot *slot);

/* ---- Writes ---- */

/*
 * Replace the row version at *tid with the row in slot, waiting for a
 * concurrent writer as UPDATE does, and index the new version when the
 * update was not HOT (plain column indexes only).  Returns the table AM's
 * result; on TM_Ok slot->tts_tid is the new version.  The caller handles
 * TM_Updated / TM_Deleted (see table_tuple_update).
 */
extern TM_Result agentgov_update_row(Relation rel, ItemPointer tid,
									 TupleTableSlot *slot, CommandId cid,
									 Snapshot snapshot, TM_FailureData *tmfd);

#endif							/* AGENTGOV_ACCESS_H */
