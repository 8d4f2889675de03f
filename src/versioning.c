/*-------------------------------------------------------------------------
 *
 * versioning.c
 *	  Artifact versioning and approval lifecycle (DESIGN 4.1).
 *
 * Versions.  artifacts.version is numbered 1, 2, 3 ... per (org_id,
 * project_id, type) and generated_projects.generation_version per (org_id,
 * project_id): a "series".  Each series has a counter row holding its
 * highest version (artifact_version_counters, generation_version_counters).
 * A BEFORE INSERT trigger takes the next number by locking the counter row
 * and writing last_version + 1 (what UPDATE ... RETURNING does, done
 * through the table AM by access.c because an SPI UPDATE's executor set-up
 * would cost more than the rest of the insert), or creates the counter
 * from the series' max(version) on its first insert.
 * The number is rolled back with the transaction that took it, so the
 * sequence has no gaps.  A caller may give the version only if it is the
 * one assigned.  Deleting a row, or an UPDATE moving a draft to another
 * series, sets the old series' counter back to the highest version left, so
 * that the next row gets max + 1 again (a deleted draft's number is reused
 * when it was the highest).
 *
 * Lifecycle.  Artifacts are inserted as DRAFT and move DRAFT -> REVIEW,
 * REVIEW -> DRAFT, REVIEW -> APPROVED, APPROVED -> DEPLOYED.  Approval needs
 * approved_by, a MEMBER or ADMIN of the artifact's organization other than
 * its creator; approved_at and deployed_at are stamped here.  A non-draft
 * artifact's content, type, version, project, organization and creator are
 * frozen, and APPROVED or DEPLOYED artifacts cannot be deleted or truncated.
 * content_sha256 is the SHA-256 of the UTF-8 text of the jsonb content.
 *
 * Locking.
 *	- The counter row is the only lock of numbering: writers of one series
 *	  queue on its row lock until the holder ends, writers of other series
 *	  never wait.  At READ COMMITTED the writer locks the latest version of
 *	  the row once the holder is gone (as an UPDATE would), so numbers are
 *	  unique and consecutive; at REPEATABLE READ and SERIALIZABLE a counter
 *	  changed by a transaction the snapshot does not see raises a
 *	  serialization failure (40001).  The version is never computed from
 *	  max(version) on the insert path, so no statement snapshot can hide the
 *	  row of the writer we waited for.
 *	- Setting a counter back first locks its row (SELECT ... FOR NO KEY
 *	  UPDATE) and only then reads max(version) in a new statement: at READ
 *	  COMMITTED that statement's snapshot includes every writer that held
 *	  the lock before us.
 *
 * Privileges.  The counters are bookkeeping: the triggers read and write
 * them as the counter table's owner (as the foreign key triggers act as a
 * table's owner), so clients need no privileges on them and row-level
 * security cannot hide rows the numbering must count.  Everything else
 * (the rows changed by artifact_transition() and supersede_specification(),
 * in artifact_transition.c, and the audit row) runs as the calling user;
 * the approver's membership is read as a foreign-key check reads
 * (membership.c).
 * Every query touches only rows of the organization of the row written.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "access.h"
#include "digest.h"
#include "membership.h"
#include "versioning.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/fmgrprotos.h"
#include "utils/inval.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

PG_FUNCTION_INFO_V1(artifact_before_write);
PG_FUNCTION_INFO_V1(artifact_before_delete);
PG_FUNCTION_INFO_V1(artifact_before_truncate);
PG_FUNCTION_INFO_V1(generation_before_write);
PG_FUNCTION_INFO_V1(version_after_remove);
PG_FUNCTION_INFO_V1(version_after_truncate);

/* Operators in SPI queries are schema-qualified: search_path is the caller's. */
#define EQ " OPERATOR(pg_catalog.=) "
#define PLUS " OPERATOR(pg_catalog.+) "

/* ----------------------------------------------------------------
 * Series and their counters
 * ----------------------------------------------------------------
 */

/*
 * A table whose rows are numbered per series, and the table of its
 * counters, keyed (org_id, project_id [, type]).  Query parameters are
 * $1 org_id, $2 project_id and, for artifacts, $3 the type as text.
 */
typedef struct VersionSeries
{
	const char *relname;		/* the numbered table */
	const char *version_col;	/* its version column */
	const char *type_col;		/* key column after project_id, or NULL */
	const char *counter_table;	/* its counters */
	Oid			relid;			/* cached OID of the numbered table, or InvalidOid */
	uint64		relid_generation;	/* agentgov_relcache_generation() of relid */
	const char *start_sql;		/* first number of a series */
	const char *lock_sql;		/* lock the counter, return last_version */
	const char *resync_sql;		/* last_version := max(version) */
	const char *reset_sql;		/* forget every counter (after TRUNCATE) */
	SPIPlanPtr	start_plan;
	SPIPlanPtr	lock_plan;
	SPIPlanPtr	resync_plan;
	SPIPlanPtr	reset_plan;
} VersionSeries;

#define ARTIFACT_KEY \
	" org_id" EQ "$1 AND project_id" EQ "$2 AND type" EQ "$3::agentgov.artifact_type"
#define GENERATION_KEY \
	" org_id" EQ "$1 AND project_id" EQ "$2"

static VersionSeries artifact_series = {
	.relname = "artifacts",
	.version_col = "version",
	.type_col = "type",
	.counter_table = "artifact_version_counters",
	/* ON CONFLICT: another writer created the counter meanwhile. */
	.start_sql =
	"INSERT INTO agentgov.artifact_version_counters AS c"
	"       (org_id, project_id, type, last_version)"
	" SELECT $1, $2, $3::agentgov.artifact_type,"
	"        COALESCE(pg_catalog.max(version), 0)" PLUS "1"
	"   FROM agentgov.artifacts"
	"  WHERE" ARTIFACT_KEY
	" ON CONFLICT (org_id, project_id, type)"
	" DO UPDATE SET last_version = c.last_version" PLUS "1"
	" RETURNING last_version",
	.lock_sql =
	"SELECT last_version FROM agentgov.artifact_version_counters"
	" WHERE" ARTIFACT_KEY
	" FOR NO KEY UPDATE",
	.resync_sql =
	"UPDATE agentgov.artifact_version_counters"
	"   SET last_version = (SELECT COALESCE(pg_catalog.max(version), 0)"
	"                         FROM agentgov.artifacts WHERE" ARTIFACT_KEY ")"
	" WHERE" ARTIFACT_KEY,
	.reset_sql = "DELETE FROM agentgov.artifact_version_counters",
};

static VersionSeries generation_series = {
	.relname = "generated_projects",
	.version_col = "generation_version",
	.type_col = NULL,
	.counter_table = "generation_version_counters",
	.start_sql =
	"INSERT INTO agentgov.generation_version_counters AS c"
	"       (org_id, project_id, last_version)"
	" SELECT $1, $2, COALESCE(pg_catalog.max(generation_version), 0)" PLUS "1"
	"   FROM agentgov.generated_projects"
	"  WHERE" GENERATION_KEY
	" ON CONFLICT (org_id, project_id)"
	" DO UPDATE SET last_version = c.last_version" PLUS "1"
	" RETURNING last_version",
	.lock_sql =
	"SELECT last_version FROM agentgov.generation_version_counters"
	" WHERE" GENERATION_KEY
	" FOR NO KEY UPDATE",
	.resync_sql =
	"UPDATE agentgov.generation_version_counters"
	"   SET last_version = (SELECT COALESCE(pg_catalog.max(generation_version), 0)"
	"                         FROM agentgov.generated_projects WHERE" GENERATION_KEY ")"
	" WHERE" GENERATION_KEY,
	.reset_sql = "DELETE FROM agentgov.generation_version_counters",
};

/* The series key of one row. */
typedef struct SeriesKey
{
	Datum		org_id;
	Datum		project_id;
	Datum		type;			/* artifact type (enum); 0 for generations */
} SeriesKey;

/* Columns a BEFORE trigger sets in the row it returns. */
#define MAX_CHANGES 4
typedef struct RowChanges
{
	int			ncols;
	int			cols[MAX_CHANGES];
	Datum		values[MAX_CHANGES];
	bool		nulls[MAX_CHANGES];
} RowChanges;

/* Cached plans of the lifecycle and the SQL-callable functions. */
static SPIPlanPtr kept_artifact_plan = NULL;

/* The pg_enum OID of the artifact status DRAFT, once seen (InvalidOid before). */
static Oid	draft_status = InvalidOid;
static bool draft_callback_registered = false;

/* ----------------------------------------------------------------
 * Small helpers
 * ----------------------------------------------------------------
 */

/* A column of a tuple, by name. */
static Datum
column(Relation rel, HeapTuple tuple, const char *name, bool *isnull)
{
	return heap_getattr(tuple, agentgov_attnum_cached(rel, name),
						RelationGetDescr(rel), isnull);
}

/* The label of an enum column, or NULL when the column is NULL. */
static char *
enum_label(Relation rel, HeapTuple tuple, const char *name)
{
	bool		isnull;
	Datum		value = column(rel, tuple, name, &isnull);

	return isnull ? NULL : DatumGetCString(DirectFunctionCall1(enum_out, value));
}

/* Text form of a uuid column (for messages); "NULL" when NULL. */
static char *
uuid_column_str(Relation rel, HeapTuple tuple, const char *name)
{
	bool		isnull;
	Datum		value = column(rel, tuple, name, &isnull);

	return isnull ? pstrdup("NULL") : agentgov_uuid_str(value);
}

/* Whether an UPDATE left a column as it was (byte for byte; NULL = NULL). */
static bool
column_unchanged(Relation rel, HeapTuple oldtup, HeapTuple newtup, const char *name)
{
	return agentgov_same_value(RelationGetDescr(rel), oldtup, newtup,
							   agentgov_attnum_cached(rel, name));
}

/* Record that the returned row must hold `value` in column `name`. */
static void
set_column(RowChanges *changes, Relation rel, const char *name, Datum value, bool isnull)
{
	if (changes->ncols >= MAX_CHANGES)
		elog(ERROR, "too many columns changed by a versioning trigger");
	changes->cols[changes->ncols] = agentgov_attnum_cached(rel, name);
	changes->values[changes->ncols] = value;
	changes->nulls[changes->ncols] = isnull;
	changes->ncols++;
}

/* The row a BEFORE trigger returns: `tuple` with the recorded changes. */
static HeapTuple
apply_changes(Relation rel, HeapTuple tuple, RowChanges *changes)
{
	if (changes->ncols == 0)
		return tuple;
	return heap_modify_tuple_by_cols(tuple, RelationGetDescr(rel), changes->ncols,
									 changes->cols, changes->values, changes->nulls);
}

/* Raise unless fcinfo is a statement-level TRUNCATE trigger call. */
static void
check_truncate_trigger(FunctionCallInfo fcinfo, const char *funcname, bool before)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo) ||
		!TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event) ||
		(before ? !TRIGGER_FIRED_BEFORE(trigdata->tg_event)
		 : !TRIGGER_FIRED_AFTER(trigdata->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired %s TRUNCATE", funcname,
						before ? "BEFORE" : "AFTER")));
}

/* ----------------------------------------------------------------
 * Numbering
 * ----------------------------------------------------------------
 */

/*
 * The series numbered in the trigger's table; raises for any other table.
 * The table's OID is remembered until the next relcache invalidation.
 */
static VersionSeries *
series_of(Relation rel)
{
	Oid			relid = RelationGetRelid(rel);
	const char *relname = RelationGetRelationName(rel);
	VersionSeries *series = NULL;

	uint64		generation = agentgov_relcache_generation();

	if (relid == artifact_series.relid && generation == artifact_series.relid_generation)
		return &artifact_series;
	if (relid == generation_series.relid && generation == generation_series.relid_generation)
		return &generation_series;
	if (RelationGetNamespace(rel) == get_namespace_oid(AGENTGOV_SCHEMA, false))
	{
		if (strcmp(relname, artifact_series.relname) == 0)
			series = &artifact_series;
		else if (strcmp(relname, generation_series.relname) == 0)
			series = &generation_series;
	}
	if (series == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("agentgov versioning triggers cannot be fired on table \"%s\"", relname),
				 errdetail("They number agentgov.artifacts and agentgov.generated_projects only.")));
	series->relid = relid;
	series->relid_generation = generation;
	return series;
}

/* The series key of a row; false when a key column is NULL. */
static bool
series_key(VersionSeries *series, Relation rel, HeapTuple tuple, SeriesKey *key)
{
	bool		isnull;

	key->org_id = column(rel, tuple, "org_id", &isnull);
	if (isnull)
		return false;
	key->project_id = column(rel, tuple, "project_id", &isnull);
	if (isnull)
		return false;
	key->type = (Datum) 0;
	if (series->type_col != NULL)
	{
		key->type = column(rel, tuple, series->type_col, &isnull);
		if (isnull)
			return false;
	}
	return true;
}

/*
 * The label of an artifact series' type, for queries and messages: looked
 * up only off the insert's hot path.
 */
static char *
key_type_label(const SeriesKey *key)
{
	return DatumGetCString(DirectFunctionCall1(enum_out, key->type));
}

/* Fill the query parameters of a series key; returns how many there are. */
static int
key_args(VersionSeries *series, const SeriesKey *key, Datum *args, Oid *argtypes)
{
	args[0] = key->org_id;
	argtypes[0] = UUIDOID;
	args[1] = key->project_id;
	argtypes[1] = UUIDOID;
	if (series->type_col == NULL)
		return 2;
	args[2] = CStringGetTextDatum(key_type_label(key));
	argtypes[2] = TEXTOID;
	return 3;
}

/* Describe a series for messages: "type PRD of project <uuid>". */
static char *
describe_series(const SeriesKey *key)
{
	if (key->type != (Datum) 0)
		return psprintf("type %s of project %s", key_type_label(key),
						agentgov_uuid_str(key->project_id));
	return psprintf("project %s", agentgov_uuid_str(key->project_id));
}

/*
 * The counter table holding the counters of the series' organization,
 * opened with `lockmode`.  Any table access method will do: the counters
 * are read and written through the table AM.
 */
static Relation
open_counters(VersionSeries *series, const SeriesKey *key, LOCKMODE lockmode)
{
	return agentgov_open_tenant_table(series->counter_table, key->org_id, lockmode);
}

/*
 * Act as the owner of the counter table (of the organization of `key`, or
 * the whole table when key is NULL), as the RI triggers act as a table's
 * owner: clients need no privileges on the counters, and row-level
 * security does not hide rows the numbering must see.
 */
static void
become_counter_owner(VersionSeries *series, const SeriesKey *key,
					 AgentgovSavedUser *saved)
{
	Oid			relid = agentgov_table_oid(series->counter_table);

	if (key != NULL)
		relid = agentgov_tenant_relid(relid, key->org_id);

	agentgov_begin_as_owner(relid, saved);
}

/*
 * The keys of a series on the counters' columns (org_id, project_id
 * [, type]), which lead their primary key; returns how many.
 */
static int
counter_keys(VersionSeries *series, Relation rel, const SeriesKey *key,
			 AgentgovKey *keys)
{
	keys[0].attnum = agentgov_attnum_cached(rel, "org_id");
	keys[0].eqproc = F_UUID_EQ;
	keys[0].value = key->org_id;
	keys[1].attnum = agentgov_attnum_cached(rel, "project_id");
	keys[1].eqproc = F_UUID_EQ;
	keys[1].value = key->project_id;
	if (series->type_col == NULL)
		return 2;
	keys[2].attnum = agentgov_attnum_cached(rel, series->type_col);
	keys[2].eqproc = F_ENUM_EQ;
	keys[2].value = key->type;
	return 3;
}

/* Whether the counter row in slot has the series key `key`. */
static bool
counter_has_key(VersionSeries *series, Relation rel, TupleTableSlot *slot,
				const SeriesKey *key)
{
	bool		isnull;
	Datum		value;

	value = slot_getattr(slot, agentgov_attnum_cached(rel, "org_id"), &isnull);
	if (isnull || memcmp(DatumGetUUIDP(value), DatumGetUUIDP(key->org_id), UUID_LEN) != 0)
		return false;
	value = slot_getattr(slot, agentgov_attnum_cached(rel, "project_id"), &isnull);
	if (isnull || memcmp(DatumGetUUIDP(value), DatumGetUUIDP(key->project_id), UUID_LEN) != 0)
		return false;
	if (series->type_col == NULL)
		return true;
	value = slot_getattr(slot, agentgov_attnum_cached(rel, series->type_col), &isnull);
	return !isnull && DatumGetObjectId(value) == DatumGetObjectId(key->type);
}

/*
 * Write last_version + 1 over the counter row in `found`, as UPDATE ...
 * RETURNING does: table_tuple_update waits for a concurrent writer of the
 * row; when that writer changed the row meanwhile, READ COMMITTED locks its
 * latest version and tries again (what EvalPlanQual does for an UPDATE),
 * REPEATABLE READ and SERIALIZABLE fail with 40001.  Returns false when the
 * counter was deleted meanwhile, or its newest version is another series'
 * counter.
 */
static bool
write_next_version(VersionSeries *series, const SeriesKey *key, Relation rel,
				   TupleTableSlot *found, TupleTableSlot *next_row,
				   CommandId cid, Snapshot snapshot, int32 *version)
{
	int			counter_att = agentgov_attnum_cached(rel, "last_version");
	TM_FailureData tmfd;

	for (;;)
	{
		ItemPointerData tid = found->tts_tid;
		bool		isnull;
		int32		last = DatumGetInt32(slot_getattr(found, counter_att, &isnull));
		TM_Result	result;

		if (isnull)
			elog(ERROR, "version counter of %s is NULL", describe_series(key));
		if (last == PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s of %s is out of range", series->version_col,
							describe_series(key))));

		/* The same row with last_version + 1. */
		slot_getallattrs(found);
		ExecClearTuple(next_row);
		memcpy(next_row->tts_values, found->tts_values,
			   sizeof(Datum) * found->tts_nvalid);
		memcpy(next_row->tts_isnull, found->tts_isnull,
			   sizeof(bool) * found->tts_nvalid);
		next_row->tts_values[counter_att - 1] = Int32GetDatum(last + 1);
		next_row->tts_isnull[counter_att - 1] = false;
		ExecStoreVirtualTuple(next_row);

		result = agentgov_update_row(rel, &tid, next_row, cid, snapshot, &tmfd);
		if (result == TM_Ok)
		{
			*version = last + 1;
			return true;
		}
		if (result != TM_Updated && result != TM_Deleted)
			elog(ERROR, "unexpected result updating the version counter of %s",
				 describe_series(key));
		if (IsolationUsesXactSnapshot())
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("could not serialize access due to concurrent %s",
							result == TM_Deleted ? "delete" : "update")));

		/* READ COMMITTED: lock the newest version, then write it. */
		switch (table_tuple_lock(rel, &tid, snapshot, found, cid,
								 LockTupleNoKeyExclusive, LockWaitBlock,
								 TUPLE_LOCK_FLAG_FIND_LAST_VERSION, &tmfd))
		{
			case TM_Ok:
				/* As EvalPlanQual rechecks quals: still this series' counter? */
				if (!counter_has_key(series, rel, found, key))
					return false;	/* another series' row now: create ours */
				break;
			case TM_Deleted:
				return false;	/* gone meanwhile: create it afresh */
			default:
				elog(ERROR, "unexpected result locking the version counter of %s",
					 describe_series(key));
		}
	}
}

/*
 * The hot path of next_version: find the series' counter row by its
 * primary key and write last_version + 1.  This is what UPDATE ...
 * RETURNING does (including the wait for a concurrent writer and the
 * serialization failure at REPEATABLE READ), without the executor set-up
 * that would cost more than the rest of the insert.  Returns false when
 * the series has no counter row (yet, or any more); the caller then
 * creates it.
 */
static bool
bump_counter(VersionSeries *series, const SeriesKey *key, int32 *version)
{
	Relation	rel = open_counters(series, key, RowExclusiveLock);
	TupleTableSlot *found = table_slot_create(rel, NULL);
	TupleTableSlot *next_row = MakeSingleTupleTableSlot(RelationGetDescr(rel),
														&TTSOpsVirtual);
	AgentgovKey keys[3];
	int			nkeys = counter_keys(series, rel, key, keys);
	Oid			pkey = RelationGetPrimaryKeyIndex(rel);
	CommandId	cid;
	Snapshot	snapshot;
	bool		ok;

	if (!OidIsValid(pkey))
		elog(ERROR, "%s.%s has no primary key", AGENTGOV_SCHEMA, series->counter_table);

	/* A new command and snapshot, as SPI would take for a statement of its own. */
	CommandCounterIncrement();
	cid = GetCurrentCommandId(true);
	PushActiveSnapshot(GetTransactionSnapshot());
	UpdateActiveSnapshotCommandId();
	snapshot = GetActiveSnapshot();

	ok = agentgov_lookup(rel, pkey, snapshot, nkeys, keys, found) &&
		write_next_version(series, key, rel, found, next_row, cid, snapshot, version);

	PopActiveSnapshot();
	ExecDropSingleTupleTableSlot(next_row);
	ExecDropSingleTupleTableSlot(found);
	table_close(rel, NoLock);
	return ok;
}

/*
 * Take the next number of a series: bump its counter, or create the counter
 * from the series' max(version) on the series' first row.
 */
static int32
next_version(VersionSeries *series, const SeriesKey *key)
{
	Datum		args[3];
	Oid			argtypes[3];
	int			nargs;
	bool		isnull;
	int32		version;
	AgentgovSavedUser saved;

	if (bump_counter(series, key, &version))
		return version;

	nargs = key_args(series, key, args, argtypes);
	become_counter_owner(series, key, &saved);
	agentgov_spi_connect();
	agentgov_spi_run(agentgov_plan(&series->start_plan, series->start_sql, nargs, argtypes),
			args, NULL, false, 1, SPI_OK_INSERT_RETURNING);
	if (SPI_processed != 1)
		elog(ERROR, "version counter of %s was not created", describe_series(key));
	version = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc,
										  1, &isnull));
	if (isnull)
		elog(ERROR, "version counter of %s is NULL", describe_series(key));
	SPI_finish();
	agentgov_end_as_owner(&saved);
	return version;
}

/*
 * Number a row that joins a series (an INSERT, or an UPDATE moving it): the
 * version column gets the series' next number.  When `check_given` the row
 * holds a version the caller chose, which must be that number.
 */
static void
number_row(VersionSeries *series, Relation rel, HeapTuple tuple,
		   bool check_given, RowChanges *changes)
{
	SeriesKey	key;
	bool		given_null;
	Datum		given = column(rel, tuple, series->version_col, &given_null);
	int32		assigned;

	if (!series_key(series, rel, tuple, &key))
		return;					/* the NOT NULL constraint of the key reports it */

	assigned = next_version(series, &key);

	if (check_given && !given_null && DatumGetInt32(given) != assigned)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %d does not match the assigned version %d",
						series->version_col, DatumGetInt32(given), assigned),
				 errdetail("Versions of %s are numbered by agentgov without gaps; the next one is %d.",
						   describe_series(&key), assigned),
				 errhint("Leave %s out, or set it to NULL.", series->version_col)));
	set_column(changes, rel, series->version_col, Int32GetDatum(assigned), false);
}

/* Whether an UPDATE moved a row to another series. */
static bool
row_moved(VersionSeries *series, Relation rel, HeapTuple oldtup, HeapTuple newtup)
{
	return !column_unchanged(rel, oldtup, newtup, "org_id") ||
		!column_unchanged(rel, oldtup, newtup, "project_id") ||
		(series->type_col != NULL &&
		 !column_unchanged(rel, oldtup, newtup, series->type_col));
}

/*
 * The numbering part of a BEFORE UPDATE: a row moved to another series is
 * numbered there; otherwise its version cannot change.
 */
static void
renumber_updated_row(VersionSeries *series, Relation rel, HeapTuple oldtup,
					 HeapTuple newtup, RowChanges *changes)
{
	bool		version_set = !column_unchanged(rel, oldtup, newtup, series->version_col);

	if (row_moved(series, rel, oldtup, newtup))
		number_row(series, rel, newtup, version_set, changes);
	else if (version_set)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s cannot be changed", series->version_col),
				 errdetail("Versions are assigned by agentgov when a row is inserted or moved to another %s.",
						   series->type_col != NULL ? "project or type" : "project")));
}

/*
 * After a row left a series (DELETE, or UPDATE moving it): set the series'
 * counter back to the highest version left.  Nothing to do when the row
 * was below the counter: the highest row is still there.
 */
static void
release_version(VersionSeries *series, Relation rel, HeapTuple oldtup)
{
	SeriesKey	key;
	Datum		args[3];
	Oid			argtypes[3];
	int			nargs;
	bool		isnull;
	Datum		version;
	Datum		counter;
	AgentgovSavedUser saved;

	version = column(rel, oldtup, series->version_col, &isnull);
	if (isnull || !series_key(series, rel, oldtup, &key))
		return;
	nargs = key_args(series, &key, args, argtypes);

	become_counter_owner(series, &key, &saved);
	agentgov_spi_connect();
	/* Lock first; the max() below then runs in a statement of its own. */
	agentgov_spi_run(agentgov_plan(&series->lock_plan, series->lock_sql, nargs, argtypes),
			args, NULL, false, 1, SPI_OK_SELECT);
	if (SPI_processed == 1)
	{
		counter = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		if (isnull || DatumGetInt32(version) >= DatumGetInt32(counter))
			agentgov_spi_run(agentgov_plan(&series->resync_plan, series->resync_sql, nargs, argtypes),
					args, NULL, false, 0, SPI_OK_UPDATE);
	}
	SPI_finish();
	agentgov_end_as_owner(&saved);
}

/* ----------------------------------------------------------------
 * Content digest
 * ----------------------------------------------------------------
 */

/* SHA-256 of the UTF-8 text of a jsonb value, as a bytea. */
static bytea *
content_digest(Datum content)
{
	Jsonb	   *jb = DatumGetJsonbP(content);
	char	   *text = JsonbToCString(NULL, &jb->root, VARSIZE(jb));
	char	   *utf8 = pg_server_to_any(text, strlen(text), PG_UTF8);
	bytea	   *digest = (bytea *) palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);

	agentgov_sha256_digest(utf8, strlen(utf8), (uint8 *) VARDATA(digest));
	SET_VARSIZE(digest, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);

	if (utf8 != text)
		pfree(utf8);
	pfree(text);
	return digest;
}

/*
 * Set content_sha256 from the content of `tuple`.  When `check_given` the
 * row holds a digest the caller chose, which must be the right one.
 */
static void
assign_digest(Relation rel, HeapTuple tuple, bool check_given, RowChanges *changes)
{
	bool		content_null;
	bool		given_null;
	Datum		content = column(rel, tuple, "content", &content_null);
	Datum		given = column(rel, tuple, "content_sha256", &given_null);
	bytea	   *digest = content_null ? NULL : content_digest(content);

	if (check_given && !given_null &&
		(digest == NULL ||
		 !datum_image_eq(given, PointerGetDatum(digest), false, -1)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("content_sha256 does not match the content"),
				 errdetail("content_sha256 is computed by agentgov: the SHA-256 of the UTF-8 text of the content, or NULL without content."),
				 errhint("Leave content_sha256 out, or set it to NULL.")));
	set_column(changes, rel, "content_sha256", PointerGetDatum(digest), digest == NULL);
}

/* ----------------------------------------------------------------
 * Artifact lifecycle
 * ----------------------------------------------------------------
 */

/* The status changes the lifecycle allows. */
static const char *const allowed_transitions[][2] = {
	{"DRAFT", "REVIEW"},
	{"REVIEW", "DRAFT"},
	{"REVIEW", "APPROVED"},
	{"APPROVED", "DEPLOYED"},
};

/* Columns of an artifact that only a DRAFT may change. */
static const char *const draft_only_columns[] = {
	"org_id", "project_id", "type", "version", "content", "created_by",
};

/* Whether the lifecycle allows the status change from -> to. */
static bool
transition_allowed(const char *from, const char *to)
{
	for (int i = 0; i < lengthof(allowed_transitions); i++)
		if (strcmp(allowed_transitions[i][0], from) == 0 &&
			strcmp(allowed_transitions[i][1], to) == 0)
			return true;
	return false;
}

/* Raise AG004 for a status change the lifecycle does not allow. */
void
agentgov_check_artifact_transition(const char *from, const char *to)
{
	if (!transition_allowed(from, to))
		ereport(ERROR,
				(errcode(ERRCODE_AG_TRANSITION),
				 errmsg("artifact status cannot change from %s to %s", from, to),
				 errdetail("The lifecycle allows DRAFT -> REVIEW, REVIEW -> DRAFT, REVIEW -> APPROVED and APPROVED -> DEPLOYED.")));
}

/* Raise 22023 for a caller-set column the lifecycle maintains. */
static void
report_lifecycle_column(const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("column \"%s\" of artifacts is set by the artifact lifecycle", name),
			 strcmp(name, "approved_by") == 0 ?
			 errdetail("approved_by is set only when an artifact moves from REVIEW to APPROVED.") :
			 errdetail("approved_at and deployed_at are stamped when an artifact is approved and deployed."),
			 errhint("Use agentgov.artifact_transition().")));
}

/*
 * Four-eyes approval: approved_by must be set, must not be the creator and
 * must be a MEMBER or ADMIN of the artifact's organization.
 */
static void
check_approver(Relation rel, HeapTuple tuple)
{
	bool		isnull;
	Datum		approver = column(rel, tuple, "approved_by", &isnull);
	Datum		creator;
	Datum		org_id;
	char	   *role;

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_AG_APPROVAL_MISSING),
				 errmsg("approving artifact %s needs approved_by",
						uuid_column_str(rel, tuple, "id")),
				 errhint("Set approved_by to the approving user, or use agentgov.artifact_transition().")));
	creator = column(rel, tuple, "created_by", &isnull);
	if (!isnull && DatumGetBool(DirectFunctionCall2(uuid_eq, approver, creator)))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("artifact %s cannot be approved by its creator",
						uuid_column_str(rel, tuple, "id")),
				 errdetail("Four-eyes rule: user %s created it; another MEMBER or ADMIN of the organization must approve it.",
						   agentgov_uuid_str(approver))));

	org_id = column(rel, tuple, "org_id", &isnull);
	if (isnull)
		return;					/* the NOT NULL constraint reports it */
	role = agentgov_member_role(org_id, approver);
	if (role == NULL || strcmp(role, "VIEWER") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("user %s cannot approve artifacts of organization %s",
						agentgov_uuid_str(approver), agentgov_uuid_str(org_id)),
				 role == NULL ?
				 errdetail("The user is not a member of the organization.") :
				 errdetail("The user is a VIEWER of the organization; approval needs the role MEMBER or ADMIN.")));
}

/* The lifecycle part of a BEFORE UPDATE on artifacts. */
static void
check_artifact_update(Relation rel, HeapTuple oldtup, HeapTuple newtup,
					  RowChanges *changes)
{
	char	   *from = enum_label(rel, oldtup, "status");
	char	   *to = enum_label(rel, newtup, "status");
	bool		changing = (from != NULL && to != NULL && strcmp(from, to) != 0);
	Datum		now = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());

	if (from != NULL && strcmp(from, "DRAFT") != 0)
	{
		for (int i = 0; i < lengthof(draft_only_columns); i++)
			if (!column_unchanged(rel, oldtup, newtup, draft_only_columns[i]))
				ereport(ERROR,
						(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						 errmsg("column \"%s\" of artifact %s cannot change in status %s",
								draft_only_columns[i], uuid_column_str(rel, oldtup, "id"), from),
						 errdetail("Only DRAFT artifacts can be edited."),
						 errhint("Insert a new version of the artifact instead.")));
	}
	if (!column_unchanged(rel, oldtup, newtup, "approved_at"))
		report_lifecycle_column("approved_at");
	if (!column_unchanged(rel, oldtup, newtup, "deployed_at"))
		report_lifecycle_column("deployed_at");

	if (changing)
		agentgov_check_artifact_transition(from, to);
	if (changing && strcmp(to, "APPROVED") == 0)
	{
		check_approver(rel, newtup);
		set_column(changes, rel, "approved_at", now, false);
	}
	else if (!column_unchanged(rel, oldtup, newtup, "approved_by"))
		report_lifecycle_column("approved_by");
	if (changing && strcmp(to, "DEPLOYED") == 0)
		set_column(changes, rel, "deployed_at", now, false);
}

/* pg_enum invalidation (a label renamed, a type dropped): forget DRAFT. */
static void
forget_draft_status(Datum arg, int cacheid, uint32 hashvalue)
{
	draft_status = InvalidOid;
}

/*
 * The status label of a new artifact, or NULL when it is NULL or DRAFT.
 * The pg_enum OID of DRAFT is remembered once seen, so that inserts need
 * not print their status.
 */
static char *
status_other_than_draft(Relation rel, HeapTuple tuple)
{
	bool		isnull;
	Datum		status = column(rel, tuple, "status", &isnull);
	char	   *label;

	if (isnull || DatumGetObjectId(status) == draft_status)
		return NULL;
	label = DatumGetCString(DirectFunctionCall1(enum_out, status));
	if (strcmp(label, "DRAFT") != 0)
		return label;
	if (!draft_callback_registered)
	{
		CacheRegisterSyscacheCallback(ENUMOID, forget_draft_status, (Datum) 0);
		draft_callback_registered = true;
	}
	draft_status = DatumGetObjectId(status);
	return NULL;
}

/* BEFORE INSERT on artifacts: a new DRAFT, numbered, with its digest. */
static HeapTuple
artifact_insert(Relation rel, HeapTuple tuple)
{
	RowChanges	changes = {0};
	char	   *status = status_other_than_draft(rel, tuple);
	static const char *const lifecycle_columns[] = {"approved_by", "approved_at", "deployed_at"};

	if (status != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_AG_TRANSITION),
				 errmsg("a new artifact must have status DRAFT, not %s", status),
				 errdetail("Artifacts reach REVIEW, APPROVED and DEPLOYED through their lifecycle."),
				 errhint("Insert it as DRAFT, then use agentgov.artifact_transition().")));
	for (int i = 0; i < lengthof(lifecycle_columns); i++)
	{
		bool		isnull;

		(void) column(rel, tuple, lifecycle_columns[i], &isnull);
		if (!isnull)
			report_lifecycle_column(lifecycle_columns[i]);
	}
	assign_digest(rel, tuple, true, &changes);
	number_row(&artifact_series, rel, tuple, true, &changes);
	return apply_changes(rel, tuple, &changes);
}

/* BEFORE UPDATE on artifacts: lifecycle, then numbering and digest. */
static HeapTuple
artifact_update(Relation rel, HeapTuple oldtup, HeapTuple newtup)
{
	RowChanges	changes = {0};
	bool		digest_set = !column_unchanged(rel, oldtup, newtup, "content_sha256");

	check_artifact_update(rel, oldtup, newtup, &changes);
	renumber_updated_row(&artifact_series, rel, oldtup, newtup, &changes);
	if (digest_set || !column_unchanged(rel, oldtup, newtup, "content"))
		assign_digest(rel, newtup, digest_set, &changes);
	return apply_changes(rel, newtup, &changes);
}

/* ----------------------------------------------------------------
 * Triggers
 * ----------------------------------------------------------------
 */

/* artifact_before_write: BEFORE INSERT OR UPDATE ROW on artifacts. */
Datum
artifact_before_write(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	agentgov_check_trigger(fcinfo, "artifact_before_write",
						   AG_ON_INSERT | AG_ON_UPDATE, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	if (series_of(trigdata->tg_relation) != &artifact_series)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"artifact_before_write\" must be fired on agentgov.artifacts")));
	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		return PointerGetDatum(artifact_insert(trigdata->tg_relation,
											   trigdata->tg_trigtuple));
	return PointerGetDatum(artifact_update(trigdata->tg_relation,
										   trigdata->tg_trigtuple,
										   trigdata->tg_newtuple));
}

/* artifact_before_delete: BEFORE DELETE ROW on artifacts. */
Datum
artifact_before_delete(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	char	   *status;

	agentgov_check_trigger(fcinfo, "artifact_before_delete", AG_ON_DELETE, true);
	rel = trigdata->tg_relation;
	status = enum_label(rel, trigdata->tg_trigtuple, "status");
	if (status != NULL &&
		(strcmp(status, "APPROVED") == 0 || strcmp(status, "DEPLOYED") == 0))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("artifact %s cannot be deleted in status %s",
						uuid_column_str(rel, trigdata->tg_trigtuple, "id"), status),
				 errdetail("APPROVED and DEPLOYED artifacts are kept as the record of what was approved.")));
	return PointerGetDatum(trigdata->tg_trigtuple);
}

/* artifact_before_truncate: BEFORE TRUNCATE on artifacts. */
Datum
artifact_before_truncate(PG_FUNCTION_ARGS)
{
	AgentgovSavedUser saved;

	check_truncate_trigger(fcinfo, "artifact_before_truncate", true);
	/* As the owner: row-level security must not hide an approved row. */
	become_counter_owner(&artifact_series, NULL, &saved);
	agentgov_spi_connect();
	agentgov_spi_run(agentgov_plan(&kept_artifact_plan,
						  "SELECT id::text, status::text FROM agentgov.artifacts"
						  " WHERE status OPERATOR(pg_catalog.>=) 'APPROVED'::agentgov.artifact_status"
						  " LIMIT 1",
						  0, NULL),
			NULL, NULL, false, 1, SPI_OK_SELECT);
	if (SPI_processed == 1)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot truncate artifacts while APPROVED or DEPLOYED artifacts exist"),
				 errdetail("Artifact %s is %s.",
						   SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1),
						   SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2))));
	SPI_finish();
	agentgov_end_as_owner(&saved);
	return PointerGetDatum(NULL);
}

/* generation_before_write: BEFORE INSERT OR UPDATE ROW on generated_projects. */
Datum
generation_before_write(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	RowChanges	changes = {0};
	Relation	rel;

	agentgov_check_trigger(fcinfo, "generation_before_write",
						   AG_ON_INSERT | AG_ON_UPDATE, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	if (series_of(rel) != &generation_series)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"generation_before_write\" must be fired on agentgov.generated_projects")));
	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
	{
		number_row(&generation_series, rel, trigdata->tg_trigtuple, true, &changes);
		return PointerGetDatum(apply_changes(rel, trigdata->tg_trigtuple, &changes));
	}
	renumber_updated_row(&generation_series, rel, trigdata->tg_trigtuple,
						 trigdata->tg_newtuple, &changes);
	return PointerGetDatum(apply_changes(rel, trigdata->tg_newtuple, &changes));
}

/*
 * version_after_remove: AFTER DELETE ROW, or AFTER UPDATE ROW moving a row
 * to another series, on artifacts and generated_projects.
 */
Datum
version_after_remove(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	VersionSeries *series;

	agentgov_check_trigger(fcinfo, "version_after_remove",
						   AG_ON_DELETE | AG_ON_UPDATE, false);
	series = series_of(trigdata->tg_relation);
	if (TRIGGER_FIRED_BY_DELETE(trigdata->tg_event) ||
		row_moved(series, trigdata->tg_relation, trigdata->tg_trigtuple,
				  trigdata->tg_newtuple))
		release_version(series, trigdata->tg_relation, trigdata->tg_trigtuple);
	return PointerGetDatum(NULL);
}

/* version_after_truncate: AFTER TRUNCATE on artifacts and generated_projects. */
Datum
version_after_truncate(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	VersionSeries *series;
	AgentgovSavedUser saved;

	check_truncate_trigger(fcinfo, "version_after_truncate", false);
	series = series_of(trigdata->tg_relation);
	become_counter_owner(series, NULL, &saved);
	agentgov_spi_connect();
	agentgov_spi_run(agentgov_plan(&series->reset_plan, series->reset_sql, 0, NULL),
			NULL, NULL, false, 0, SPI_OK_DELETE);
	SPI_finish();
	agentgov_end_as_owner(&saved);
	return PointerGetDatum(NULL);
}
