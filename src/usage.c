/*-------------------------------------------------------------------------
 *
 * usage.c
 *	  The usage ledger: pricing, rollups, run and task totals, the circuit
 *	  breaker, append-only protection, purge and reports.
 *
 * price_usage_event() (BEFORE INSERT, row) refuses a NaN cost_usd, checks
 * that agent_id names a catalogue agent or one of the row's organization
 * (the tenant scope other tables check with check_agent_scope(), an AFTER
 * row trigger, whose queued event per row a huge COPY cannot afford), prices
 * a usage event that comes without cost_usd from the model_prices row in
 * force at occurred_at and records it in price_id; an event no price covers
 * keeps cost_usd NULL and is counted as unpriced.  It also fills agent_kind
 * from the agent.  Prices and agents are read with index scans under the
 * statement's snapshot and cached for the statement (one snapshot, one
 * command id), so a COPY looks each model and agent up once.
 *
 * Memory: none of agentgov's triggers on usage_events queues a per-row
 * after-trigger event.  The statement's rows reach rollup_usage_events()
 * through its transition table (a tuplestore, which spills to disk past
 * work_mem), the aggregates grow with the number of buckets, runs and tasks,
 * not rows, and the deferred budget alert trigger is queued once per
 * statement (usage_alert_due(), its WHEN condition).
 *
 * rollup_usage_events() (AFTER INSERT and AFTER UPDATE, statement, with
 * transition tables) reads the statement's rows once, aggregates them in
 * memory per rollup bucket, agent kind bucket, run, task and budget scope,
 * and then touches each bucket, run and task once with set-based statements
 * whose rows come in a fixed order.  It hands the budget scopes of its rows
 * to budgets.c, whose commit-time check sends budget alerts.  On UPDATE
 * (only the ON DELETE SET NULL actions of foreign keys get through
 * usage_events_append_only()) it moves the rows' contribution from their
 * old to their new rollup bucket.
 *
 * usage_events_append_only() refuses UPDATE, DELETE and TRUNCATE (AG005),
 * except the deletes of purge_usage_events() and the actions of foreign
 * keys whose referenced row is gone (an organization's cascade, the SET NULL
 * of a deleted project, agent, run ...).
 *
 * Locking: a usage statement takes its row locks in one global order:
 * usage_rollups buckets, usage_kind_rollups buckets, agent_runs and tasks,
 * each sorted by key (budget periods are locked at commit, budgets.c).  Two
 * single-statement writers therefore never wait for each other in a cycle
 * (a transaction of several statements can, on rows it already holds, as
 * with any row locks; PostgreSQL detects it), and in READ COMMITTED the
 * upserts and updates add to the latest committed row version, so no update
 * is lost.  (Under REPEATABLE READ a concurrent update of the same bucket is
 * a serialization failure, as for any row.)  All bookkeeping runs as the
 * owner of the tables (agentgov_begin_privileged), like referential integrity
 * checks, so that row-level security of the caller neither hides rows from
 * it nor refuses its writes.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/skey.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/hashfn.h"
#include "executor/tuptable.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/date.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(price_usage_event);
PG_FUNCTION_INFO_V1(rollup_usage_events);
PG_FUNCTION_INFO_V1(usage_events_append_only);
PG_FUNCTION_INFO_V1(purge_usage_events);
PG_FUNCTION_INFO_V1(usage_report);
PG_FUNCTION_INFO_V1(usage_alert_due);

/* Micro-dollars in a dollar; costs are numeric(12,6), i.e. whole micro-USD. */
#define MICROS_PER_USD		INT64CONST(1000000)
/* cost_usd is numeric(12,6): below a million dollars. */
#define MAX_EVENT_COST_MICROS (INT64CONST(1000000) * MICROS_PER_USD)
/* model is varchar(100): at most 100 characters of up to 4 bytes. */
#define MODEL_KEY_LEN		(100 * 4 + 1)

/* ----------------------------------------------------------------
 * Small helpers
 * ----------------------------------------------------------------
 */

/* Raise unless fcinfo is an AFTER statement trigger on INSERT or UPDATE. */
static TriggerData *
check_statement_trigger(FunctionCallInfo fcinfo, const char *funcname)
{
	TriggerData *trigdata;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired as a trigger", funcname)));
	trigdata = (TriggerData *) fcinfo->context;
	if (!TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event) ||
		!TRIGGER_FIRED_AFTER(trigdata->tg_event) ||
		!(TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) ||
		  TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired AFTER INSERT or UPDATE for each statement",
						funcname)));
	if (trigdata->tg_newtable == NULL ||
		(TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) && trigdata->tg_oldtable == NULL))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" needs the transition tables of the statement", funcname),
				 errhint("Create the trigger with REFERENCING NEW TABLE (and OLD TABLE on UPDATE).")));
	return trigdata;
}

/* Execute a kept plan; raise unless it returns `expected`. */
static void
exec_plan(SPIPlanPtr plan, Datum *values, const char *nulls, bool read_only,
		  int expected)
{
	int			ret = SPI_execute_plan(plan, values, nulls, read_only, 0);

	if (ret != expected)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
}

void
agentgov_columns_init(AgentgovColumns *columns, int ncolumns, const Oid *types, int nrows)
{
	columns->ncolumns = ncolumns;
	columns->nrows = nrows;
	columns->types = types;
	columns->values = palloc(Max(ncolumns * nrows, 1) * sizeof(Datum));
	columns->nulls = palloc0(Max(ncolumns * nrows, 1) * sizeof(bool));
}

void
agentgov_columns_set(AgentgovColumns *columns, int column, int row, Datum value, bool isnull)
{
	Assert(column < columns->ncolumns && row < columns->nrows);
	columns->values[column * columns->nrows + row] = isnull ? (Datum) 0 : value;
	columns->nulls[column * columns->nrows + row] = isnull;
}

void
agentgov_columns_arrays(const AgentgovColumns *columns, Datum *args)
{
	int			dims[1] = {columns->nrows};
	int			lbs[1] = {1};

	for (int i = 0; i < columns->ncolumns; i++)
	{
		int16		typlen;
		bool		typbyval;
		char		typalign;

		get_typlenbyvalalign(columns->types[i], &typlen, &typbyval, &typalign);
		args[i] = PointerGetDatum(construct_md_array(&columns->values[i * columns->nrows],
													 &columns->nulls[i * columns->nrows],
													 1, dims, lbs, columns->types[i],
													 typlen, typbyval, typalign));
	}
}

/* A numeric(…,6) value in whole micro-dollars. */
static int64
numeric_to_micros(Datum value)
{
	Datum		scaled;

	scaled = DirectFunctionCall2(numeric_mul, value,
								 NumericGetDatum(int64_to_numeric(MICROS_PER_USD)));
	return DatumGetInt64(DirectFunctionCall1(numeric_int8, scaled));
}

/* Micro-dollars as a numeric with scale 6. */
static Datum
micros_to_numeric(int64 micros)
{
	return NumericGetDatum(int64_div_fast_to_numeric(micros, 6));
}

/* a += b, raising on overflow of a 64-bit sum. */
static inline void
add_checked(int64 *a, int64 b)
{
	if (unlikely(pg_add_s64_overflow(*a, b, a)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("usage totals of one statement are out of range")));
}

/* ----------------------------------------------------------------
 * Statement-scoped cache of prices and agent kinds
 *
 * Valid for one (local transaction, command id): every row of a statement
 * sees the same snapshot, so what one row looked up holds for the next.  A
 * new statement, or a later command of the same transaction (after a price
 * change, say), starts from an empty cache.
 * ----------------------------------------------------------------
 */

/* A model_prices row, in micro-dollars per million tokens. */
typedef struct Price
{
	pg_uuid_t	id;
	char	   *provider;
	TimestampTz effective_from;
	TimestampTz effective_to;	/* DT_NOEND when open-ended */
	int64		input_micros;
	int64		output_micros;
} Price;

/* The prices of one model, ordered by provider, effective_from. */
typedef struct ModelPrices
{
	char		model[MODEL_KEY_LEN];	/* hash key */
	int			nprices;
	Price	   *prices;
} ModelPrices;

/* The kind and organization of one agent, as the statement sees it. */
typedef struct AgentKindEntry
{
	pg_uuid_t	agent_id;		/* hash key */
	bool		exists;			/* false: the foreign key reports it */
	Oid			kind;			/* InvalidOid when NULL */
	bool		has_org;		/* false: a catalogue agent */
	pg_uuid_t	org_id;
} AgentKindEntry;

/* Result of the last "is the referenced row gone" test of the statement. */
typedef struct GoneCheck
{
	int			column;			/* index into reference_columns, -1 none */
	pg_uuid_t	org_id;
	pg_uuid_t	id;
	bool		gone;
} GoneCheck;

/* Attribute numbers of usage_events, looked up once per statement. */
typedef struct EventCols
{
	Oid			relid;
	int			org_id;
	int			occurred_at;
	int			usage_date;
	int			project_id;
	int			agent_id;
	int			agent_kind;
	int			run_id;
	int			task_id;
	int			provider;
	int			model;
	int			tokens_in;
	int			tokens_out;
	int			cost_usd;
	int			price_id;
} EventCols;

static MemoryContext stmt_cxt = NULL;
static LocalTransactionId stmt_lxid = InvalidLocalTransactionId;
static CommandId stmt_cid = InvalidCommandId;
static HTAB *price_cache = NULL;
static HTAB *kind_cache = NULL;
static EventCols stmt_cols;
static GoneCheck last_gone;

/* Forget the cache unless it belongs to the current statement. */
static void
stmt_cache_validate(void)
{
	LocalTransactionId lxid = MyProc->lxid;
	CommandId	cid = GetCurrentCommandId(false);

	if (stmt_cxt != NULL && lxid == stmt_lxid && cid == stmt_cid)
		return;
	if (stmt_cxt == NULL)
		stmt_cxt = AllocSetContextCreate(TopMemoryContext, "agentgov usage statement cache",
										 ALLOCSET_SMALL_SIZES);
	else
		MemoryContextReset(stmt_cxt);
	price_cache = NULL;
	kind_cache = NULL;
	stmt_cols.relid = InvalidOid;
	last_gone.column = -1;
	stmt_lxid = lxid;
	stmt_cid = cid;
}

/* The attribute numbers of usage_events `rel`, for this statement. */
static const EventCols *
event_cols(Relation rel)
{
	if (stmt_cols.relid == RelationGetRelid(rel))
		return &stmt_cols;
	stmt_cols.org_id = agentgov_attnum(rel, "org_id");
	stmt_cols.occurred_at = agentgov_attnum(rel, "occurred_at");
	stmt_cols.usage_date = agentgov_attnum(rel, "usage_date");
	stmt_cols.project_id = agentgov_attnum(rel, "project_id");
	stmt_cols.agent_id = agentgov_attnum(rel, "agent_id");
	stmt_cols.agent_kind = agentgov_attnum(rel, "agent_kind");
	stmt_cols.run_id = agentgov_attnum(rel, "run_id");
	stmt_cols.task_id = agentgov_attnum(rel, "task_id");
	stmt_cols.provider = agentgov_attnum(rel, "provider");
	stmt_cols.model = agentgov_attnum(rel, "model");
	stmt_cols.tokens_in = agentgov_attnum(rel, "tokens_in");
	stmt_cols.tokens_out = agentgov_attnum(rel, "tokens_out");
	stmt_cols.cost_usd = agentgov_attnum(rel, "cost_usd");
	stmt_cols.price_id = agentgov_attnum(rel, "price_id");
	stmt_cols.relid = RelationGetRelid(rel);
	return &stmt_cols;
}

/* ----------------------------------------------------------------
 * Pricing: price_usage_event, BEFORE INSERT row trigger
 * ----------------------------------------------------------------
 */
void
agentgov_for_rows_equal(const char *relname, const char *indexname, const char *column,
						RegProcedure eqproc, Datum value, Snapshot snapshot,
						void (*fn) (HeapTuple tuple, TupleDesc desc, void *arg), void *arg)
{
	Oid			nsp = get_namespace_oid(AGENTGOV_SCHEMA, false);
	Oid			relid = get_relname_relid(relname, nsp);
	Oid			indexid = get_relname_relid(indexname, nsp);
	Relation	rel;
	TupleDesc	desc;
	AttrNumber	attnum;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;

	if (!OidIsValid(relid))
		elog(ERROR, "table %s.%s does not exist", AGENTGOV_SCHEMA, relname);
	rel = table_open(relid, AccessShareLock);
	desc = RelationGetDescr(rel);
	attnum = agentgov_attnum(rel, column);
	ScanKeyEntryInitialize(&key, 0, attnum, BTEqualStrategyNumber, InvalidOid,
						   TupleDescAttr(desc, attnum - 1)->attcollation, eqproc, value);
	scan = systable_beginscan(rel, indexid, OidIsValid(indexid), snapshot, 1, &key);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
		fn(tuple, desc, arg);
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
}

/* Add one model_prices row to the ModelPrices being loaded. */
static void
add_price(HeapTuple tuple, TupleDesc desc, void *arg)
{
	ModelPrices *entry = (ModelPrices *) arg;
	MemoryContext old = MemoryContextSwitchTo(stmt_cxt);
	Price	   *p;
	bool		isnull;
	Datum		d;

	if (entry->nprices % 8 == 0)
		entry->prices = entry->prices == NULL ? palloc(8 * sizeof(Price)) :
			repalloc(entry->prices, (entry->nprices + 8) * sizeof(Price));
	p = &entry->prices[entry->nprices++];
	p->id = *DatumGetUUIDP(heap_getattr(tuple, SPI_fnumber(desc, "id"), desc, &isnull));
	p->provider = TextDatumGetCString(heap_getattr(tuple, SPI_fnumber(desc, "provider"), desc, &isnull));
	p->effective_from = DatumGetTimestampTz(heap_getattr(tuple, SPI_fnumber(desc, "effective_from"),
														 desc, &isnull));
	d = heap_getattr(tuple, SPI_fnumber(desc, "effective_to"), desc, &isnull);
	p->effective_to = isnull ? DT_NOEND : DatumGetTimestampTz(d);
	p->input_micros = numeric_to_micros(heap_getattr(tuple, SPI_fnumber(desc, "input_usd_per_mtok"),
													 desc, &isnull));
	p->output_micros = numeric_to_micros(heap_getattr(tuple, SPI_fnumber(desc, "output_usd_per_mtok"),
													  desc, &isnull));
	MemoryContextSwitchTo(old);
}

/* Prices ordered by provider, then effective_from. */
static int
price_cmp(const void *a, const void *b)
{
	const Price *x = (const Price *) a;
	const Price *y = (const Price *) b;
	int			c = strcmp(x->provider, y->provider);

	if (c != 0)
		return c;
	return x->effective_from < y->effective_from ? -1 :
		x->effective_from > y->effective_from ? 1 : 0;
}

/* The prices of `model`, loaded into the statement cache on first use. */
static ModelPrices *
load_model_prices(const char *model)
{
	ModelPrices *entry;
	bool		found;

	if (price_cache == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = MODEL_KEY_LEN;
		ctl.entrysize = sizeof(ModelPrices);
		ctl.hcxt = stmt_cxt;
		price_cache = hash_create("agentgov model prices", 16, &ctl,
								  HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	}
	entry = hash_search(price_cache, model, HASH_ENTER, &found);
	if (found)
		return entry;
	entry->nprices = 0;
	entry->prices = NULL;
	agentgov_for_rows_equal("model_prices", "idx_model_prices_lookup", "model", F_TEXTEQ,
							CStringGetTextDatum(model), GetActiveSnapshot(), add_price, entry);
	if (entry->nprices > 1)
		qsort(entry->prices, entry->nprices, sizeof(Price), price_cmp);
	return entry;
}

/*
 * The price in force at `at` for `provider` (NULL: any provider).  Of the
 * prices whose [effective_from, effective_to) contains `at`, a provider's
 * latest effective_from wins.  Without a provider, the price applies only
 * if a single provider has one; otherwise the event is ambiguous and stays
 * unpriced.
 */
static const Price *
find_price(const ModelPrices *prices, const char *provider, TimestampTz at)
{
	const Price *chosen = NULL;

	for (int i = 0; i < prices->nprices; i++)
	{
		const Price *p = &prices->prices[i];

		if (provider != NULL && strcmp(p->provider, provider) != 0)
			continue;
		if (p->effective_from > at || p->effective_to <= at)
			continue;
		if (chosen != NULL && strcmp(chosen->provider, p->provider) != 0)
			return NULL;		/* two providers price the model */
		chosen = p;				/* ordered by effective_from: latest wins */
	}
	return chosen;
}

/*
 * Cost in micro-dollars of tokens at a price: (in x input + out x output)
 * / 10^6, rounded half up to the micro-dollar, computed exactly in 64 bits
 * by splitting the prices into whole dollars and micro-dollars.
 */
static int64
price_tokens(const Price *p, int64 tokens_in, int64 tokens_out)
{
	int64		whole;
	int64		fraction;
	int64		micros;

	whole = tokens_in * (p->input_micros / MICROS_PER_USD) +
		tokens_out * (p->output_micros / MICROS_PER_USD);
	fraction = tokens_in * (p->input_micros % MICROS_PER_USD) +
		tokens_out * (p->output_micros % MICROS_PER_USD);
	micros = whole + (fraction + MICROS_PER_USD / 2) / MICROS_PER_USD;
	if (micros >= MAX_EVENT_COST_MICROS)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("priced cost of usage event is out of range"),
				 errdetail("%lld input and %lld output tokens cost a million USD or more, the most cost_usd can hold.",
						   (long long) tokens_in, (long long) tokens_out)));
	return micros;
}

/* Record the kind and organization of the agent row found. */
static void
set_agent_kind(HeapTuple tuple, TupleDesc desc, void *arg)
{
	AgentKindEntry *entry = (AgentKindEntry *) arg;
	bool		isnull;
	Datum		d;

	entry->exists = true;
	d = heap_getattr(tuple, SPI_fnumber(desc, "kind"), desc, &isnull);
	if (!isnull)
		entry->kind = DatumGetObjectId(d);
	d = heap_getattr(tuple, SPI_fnumber(desc, "org_id"), desc, &isnull);
	entry->has_org = !isnull;
	if (!isnull)
		entry->org_id = *DatumGetUUIDP(d);
}

/* The kind and organization of an agent, from the statement cache. */
static const AgentKindEntry *
agent_entry(Datum agent_id)
{
	AgentKindEntry *entry;
	bool		found;

	if (kind_cache == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(pg_uuid_t);
		ctl.entrysize = sizeof(AgentKindEntry);
		ctl.hcxt = stmt_cxt;
		kind_cache = hash_create("agentgov agent kinds", 16, &ctl,
								 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	entry = hash_search(kind_cache, DatumGetUUIDP(agent_id), HASH_ENTER, &found);
	if (!found)
	{
		entry->exists = false;
		entry->kind = InvalidOid;
		entry->has_org = false;
		agentgov_for_rows_equal("agents", "agents_pkey", "id", F_UUID_EQ, agent_id,
								GetActiveSnapshot(), set_agent_kind, entry);
	}
	return entry;
}

/*
 * The tenant scope of agent_id (what check_agent_scope() does for other
 * tables, here without a per-row AFTER trigger): the agent must be a
 * catalogue agent or one of the row's organization.  A missing agent is
 * left to the foreign key.
 */
static void
check_event_agent_scope(const AgentKindEntry *agent, Datum agent_id, Datum org_id)
{
	if (agent->exists && agent->has_org &&
		memcmp(&agent->org_id, DatumGetUUIDP(org_id), UUID_LEN) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("insert or update on table \"usage_events\" violates tenant scope of column \"agent_id\""),
				 errdetail("Agent %s is neither a catalogue agent nor an agent of organization %s.",
						   agentgov_uuid_str(agent_id), agentgov_uuid_str(org_id))));
}

Datum
price_usage_event(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	HeapTuple	tuple;
	const EventCols *cols;
	const AgentKindEntry *agent = NULL;
	bool		cost_null;
	bool		kind_null;
	bool		agent_null;
	bool		isnull;
	Datum		agent_id;
	Datum		cost;
	int			attnums[3];
	Datum		values[3];
	bool		nulls[3];
	int			n = 0;

	agentgov_check_trigger(fcinfo, "price_usage_event", AG_ON_INSERT, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	tupdesc = RelationGetDescr(rel);
	tuple = trigdata->tg_trigtuple;
	stmt_cache_validate();
	cols = event_cols(rel);

	cost = heap_getattr(tuple, cols->cost_usd, tupdesc, &cost_null);
	if (!cost_null)
		agentgov_check_finite_numeric(cost, "usage_events", "cost_usd");
	(void) heap_getattr(tuple, cols->agent_kind, tupdesc, &kind_null);
	agent_id = heap_getattr(tuple, cols->agent_id, tupdesc, &agent_null);
	if (!agent_null)
	{
		Datum		org_id = heap_getattr(tuple, cols->org_id, tupdesc, &isnull);

		agent = agent_entry(agent_id);
		if (!isnull)			/* else NOT NULL reports it */
			check_event_agent_scope(agent, agent_id, org_id);
	}
	if (!cost_null && (!kind_null || agent_null))
		return PointerGetDatum(tuple);

	if (cost_null)
	{
		Datum		model = heap_getattr(tuple, cols->model, tupdesc, &isnull);
		const Price *price = NULL;

		if (!isnull)			/* else NOT NULL reports it */
		{
			char	   *model_str = TextDatumGetCString(model);
			Datum		provider = heap_getattr(tuple, cols->provider, tupdesc, &isnull);
			char	   *provider_str = isnull ? NULL : TextDatumGetCString(provider);
			Datum		at = heap_getattr(tuple, cols->occurred_at, tupdesc, &isnull);

			if (!isnull)
				price = find_price(load_model_prices(model_str), provider_str,
								   DatumGetTimestampTz(at));
		}
		if (price != NULL)
		{
			Datum		tin = heap_getattr(tuple, cols->tokens_in, tupdesc, &isnull);
			int64		tokens_in = isnull ? 0 : DatumGetInt32(tin);
			Datum		tout = heap_getattr(tuple, cols->tokens_out, tupdesc, &isnull);
			int64		tokens_out = isnull ? 0 : DatumGetInt32(tout);
			pg_uuid_t  *price_id = palloc(sizeof(pg_uuid_t));

			/* Negative tokens: leave the row to the CHECK constraint. */
			if (tokens_in >= 0 && tokens_out >= 0)
			{
				*price_id = price->id;
				attnums[n] = cols->cost_usd;
				values[n] = micros_to_numeric(price_tokens(price, tokens_in, tokens_out));
				nulls[n++] = false;
				attnums[n] = cols->price_id;
				values[n] = UUIDPGetDatum(price_id);
				nulls[n++] = false;
			}
		}
	}

	if (kind_null && agent != NULL && OidIsValid(agent->kind))
	{
		attnums[n] = cols->agent_kind;
		values[n] = ObjectIdGetDatum(agent->kind);
		nulls[n++] = false;
	}

	if (n == 0)
		return PointerGetDatum(tuple);
	return PointerGetDatum(heap_modify_tuple_by_cols(tuple, tupdesc, n, attnums,
													 values, nulls));
}

/*
 * usage_alert_due(): the WHEN condition of the deferred budget alert
 * trigger.  True for the first row of each statement (local transaction
 * and command id) only, so that the after-trigger queue holds one alert
 * event per statement instead of one per row: a COPY of millions of events
 * queues one.  The check it fires reads the periods every statement of the
 * transaction noted, so one event per statement is enough.
 */
static LocalTransactionId alert_lxid = InvalidLocalTransactionId;
static CommandId alert_cid = InvalidCommandId;

Datum
usage_alert_due(PG_FUNCTION_ARGS)
{
	LocalTransactionId lxid = MyProc->lxid;
	CommandId	cid = GetCurrentCommandId(false);

	if (lxid == alert_lxid && cid == alert_cid)
		PG_RETURN_BOOL(false);
	alert_lxid = lxid;
	alert_cid = cid;
	PG_RETURN_BOOL(true);
}

/* ----------------------------------------------------------------
 * Aggregating a statement's rows
 * ----------------------------------------------------------------
 */

/* Sums of some usage rows. */
typedef struct Totals
{
	int64		events;
	int64		tokens_in;
	int64		tokens_out;
	int64		cost_micros;
	int64		unpriced;
} Totals;

/* usage_rollups bucket: (org, day, project, agent, model). */
typedef struct BucketKey
{
	pg_uuid_t	org_id;
	pg_uuid_t	project_id;		/* zeros when !has_project */
	pg_uuid_t	agent_id;		/* zeros when !has_agent */
	int32		day;
	bool		has_project;
	bool		has_agent;
	int			model_len;
	const char *model;			/* not NUL-terminated */
} BucketKey;

typedef struct BucketEntry
{
	BucketKey	key;
	Totals		totals;
	bool		skip;			/* its organization is gone */
} BucketEntry;

/* usage_kind_rollups bucket: (org, day, agent kind). */
typedef struct KindKey
{
	pg_uuid_t	org_id;
	int32		day;
	Oid			kind;
} KindKey;

typedef struct KindEntry
{
	KindKey		key;
	Totals		totals;
} KindEntry;

/* A run or a task: (org, id). */
typedef struct RowKey
{
	pg_uuid_t	org_id;
	pg_uuid_t	id;
} RowKey;

typedef struct RowEntry
{
	RowKey		key;
	Totals		totals;
} RowEntry;

/* What budgets can be scoped by: (org, day, project, agent, kind). */
typedef struct ScopeKey
{
	pg_uuid_t	org_id;
	pg_uuid_t	project_id;
	pg_uuid_t	agent_id;
	int32		day;
	Oid			kind;			/* InvalidOid: none */
	bool		has_project;
	bool		has_agent;
} ScopeKey;

/* The aggregates of one statement's rows. */
typedef struct UsageBatch
{
	MemoryContext cxt;			/* everything below lives here */
	MemoryContext row_cxt;		/* reset per row */
	HTAB	   *buckets;
	HTAB	   *kinds;			/* NULL when not wanted */
	HTAB	   *runs;
	HTAB	   *tasks;
	HTAB	   *scopes;
} UsageBatch;

static uint32
bucket_hash(const void *key, Size keysize)
{
	const BucketKey *k = (const BucketKey *) key;
	uint32		h;

	h = hash_bytes(k->org_id.data, UUID_LEN);
	h = hash_combine(h, hash_uint32((uint32) k->day));
	if (k->has_project)
		h = hash_combine(h, hash_bytes(k->project_id.data, UUID_LEN));
	if (k->has_agent)
		h = hash_combine(h, hash_bytes(k->agent_id.data, UUID_LEN));
	return hash_combine(h, hash_bytes((const unsigned char *) k->model, k->model_len));
}

/*
 * Total order of buckets: the order in which every usage statement locks
 * them.  A missing project or agent sorts first; models compare bytewise.
 */
static int
bucket_cmp(const BucketKey *a, const BucketKey *b)
{
	int			c;

	if ((c = memcmp(a->org_id.data, b->org_id.data, UUID_LEN)) != 0)
		return c;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->has_project != b->has_project)
		return a->has_project ? 1 : -1;
	if ((c = memcmp(a->project_id.data, b->project_id.data, UUID_LEN)) != 0)
		return c;
	if (a->has_agent != b->has_agent)
		return a->has_agent ? 1 : -1;
	if ((c = memcmp(a->agent_id.data, b->agent_id.data, UUID_LEN)) != 0)
		return c;
	if ((c = memcmp(a->model, b->model, Min(a->model_len, b->model_len))) != 0)
		return c;
	return a->model_len - b->model_len;
}

static int
bucket_match(const void *a, const void *b, Size keysize)
{
	return bucket_cmp((const BucketKey *) a, (const BucketKey *) b);
}

static int
bucket_entry_cmp(const void *a, const void *b)
{
	return bucket_cmp(&(*(BucketEntry *const *) a)->key, &(*(BucketEntry *const *) b)->key);
}

static int
kind_entry_cmp(const void *a, const void *b)
{
	const KindKey *x = &(*(KindEntry *const *) a)->key;
	const KindKey *y = &(*(KindEntry *const *) b)->key;
	int			c;

	if ((c = memcmp(x->org_id.data, y->org_id.data, UUID_LEN)) != 0)
		return c;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return 0;
}

static int
row_entry_cmp(const void *a, const void *b)
{
	return memcmp(&(*(RowEntry *const *) a)->key, &(*(RowEntry *const *) b)->key,
				  sizeof(RowKey));
}

/* A hash table of the batch with fixed-size keys compared bytewise. */
static HTAB *
batch_table(UsageBatch *batch, const char *name, Size keysize, Size entrysize)
{
	HASHCTL		ctl;

	ctl.keysize = keysize;
	ctl.entrysize = entrysize;
	ctl.hcxt = batch->cxt;
	return hash_create(name, 64, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

/* An empty batch; `all` also tracks kinds, runs, tasks and budget scopes. */
static UsageBatch *
batch_create(bool all)
{
	UsageBatch *batch = palloc0(sizeof(UsageBatch));
	HASHCTL		ctl;

	batch->cxt = AllocSetContextCreate(CurrentMemoryContext, "agentgov usage batch",
									   ALLOCSET_DEFAULT_SIZES);
	batch->row_cxt = AllocSetContextCreate(batch->cxt, "agentgov usage row",
										   ALLOCSET_SMALL_SIZES);
	ctl.keysize = sizeof(BucketKey);
	ctl.entrysize = sizeof(BucketEntry);
	ctl.hash = bucket_hash;
	ctl.match = bucket_match;
	ctl.hcxt = batch->cxt;
	batch->buckets = hash_create("agentgov usage buckets", 64, &ctl,
								 HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
	if (all)
	{
		batch->kinds = batch_table(batch, "agentgov usage kinds", sizeof(KindKey), sizeof(KindEntry));
		batch->runs = batch_table(batch, "agentgov usage runs", sizeof(RowKey), sizeof(RowEntry));
		batch->tasks = batch_table(batch, "agentgov usage tasks", sizeof(RowKey), sizeof(RowEntry));
		batch->scopes = batch_table(batch, "agentgov usage scopes", sizeof(ScopeKey), sizeof(ScopeKey));
	}
	return batch;
}

static void
totals_add(Totals *t, const Totals *row, int sign)
{
	add_checked(&t->events, sign * row->events);
	add_checked(&t->tokens_in, sign * row->tokens_in);
	add_checked(&t->tokens_out, sign * row->tokens_out);
	add_checked(&t->cost_micros, sign * row->cost_micros);
	add_checked(&t->unpriced, sign * row->unpriced);
}

/* Copy a uuid column of the slot; false when NULL. */
static bool
slot_uuid(TupleTableSlot *slot, int attnum, pg_uuid_t *out)
{
	bool		isnull;
	Datum		d = slot_getattr(slot, attnum, &isnull);

	if (isnull)
	{
		memset(out, 0, sizeof(pg_uuid_t));
		return false;
	}
	*out = *DatumGetUUIDP(d);
	return true;
}

/* Add one row (from `slot`) to the batch, with `sign` +1 or -1. */
static void
batch_add_row(UsageBatch *batch, TupleTableSlot *slot, const EventCols *cols, int sign)
{
	BucketKey	bkey;
	BucketEntry *bucket;
	Totals		row = {1, 0, 0, 0, 0};
	bool		found;
	bool		isnull;
	bool		has_run;
	bool		has_task;
	Datum		d;
	text	   *model;
	Oid			kind = InvalidOid;
	RowKey		rkey;
	MemoryContext old = MemoryContextSwitchTo(batch->row_cxt);

	memset(&bkey, 0, sizeof(bkey));
	if (!slot_uuid(slot, cols->org_id, &bkey.org_id))
		elog(ERROR, "usage event without org_id");
	d = slot_getattr(slot, cols->usage_date, &isnull);
	if (isnull)
		elog(ERROR, "usage event without usage_date");
	bkey.day = DatumGetDateADT(d);
	bkey.has_project = slot_uuid(slot, cols->project_id, &bkey.project_id);
	bkey.has_agent = slot_uuid(slot, cols->agent_id, &bkey.agent_id);
	d = slot_getattr(slot, cols->model, &isnull);
	if (isnull)
		elog(ERROR, "usage event without model");
	model = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(d));
	bkey.model = VARDATA_ANY(model);
	bkey.model_len = VARSIZE_ANY_EXHDR(model);

	d = slot_getattr(slot, cols->tokens_in, &isnull);
	row.tokens_in = isnull ? 0 : DatumGetInt32(d);
	d = slot_getattr(slot, cols->tokens_out, &isnull);
	row.tokens_out = isnull ? 0 : DatumGetInt32(d);
	d = slot_getattr(slot, cols->cost_usd, &isnull);
	if (isnull)
		row.unpriced = 1;
	else
		row.cost_micros = numeric_to_micros(d);

	bucket = hash_search(batch->buckets, &bkey, HASH_ENTER, &found);
	if (!found)
	{
		bucket->key.model = MemoryContextAlloc(batch->cxt, bkey.model_len);
		memcpy((char *) bucket->key.model, bkey.model, bkey.model_len);
		memset(&bucket->totals, 0, sizeof(Totals));
		bucket->skip = false;
	}
	totals_add(&bucket->totals, &row, sign);

	if (batch->kinds != NULL)
	{
		KindKey		kkey;
		KindEntry  *kentry;
		ScopeKey	skey;

		d = slot_getattr(slot, cols->agent_kind, &isnull);
		if (!isnull)
		{
			kind = DatumGetObjectId(d);
			memset(&kkey, 0, sizeof(kkey));
			kkey.org_id = bkey.org_id;
			kkey.day = bkey.day;
			kkey.kind = kind;
			kentry = hash_search(batch->kinds, &kkey, HASH_ENTER, &found);
			if (!found)
				memset(&kentry->totals, 0, sizeof(Totals));
			totals_add(&kentry->totals, &row, sign);
		}

		memset(&rkey, 0, sizeof(rkey));
		rkey.org_id = bkey.org_id;
		has_run = slot_uuid(slot, cols->run_id, &rkey.id);
		if (has_run)
		{
			RowEntry   *run = hash_search(batch->runs, &rkey, HASH_ENTER, &found);

			if (!found)
				memset(&run->totals, 0, sizeof(Totals));
			totals_add(&run->totals, &row, sign);
		}
		has_task = slot_uuid(slot, cols->task_id, &rkey.id);
		if (has_task)
		{
			RowEntry   *task = hash_search(batch->tasks, &rkey, HASH_ENTER, &found);

			if (!found)
				memset(&task->totals, 0, sizeof(Totals));
			totals_add(&task->totals, &row, sign);
		}

		memset(&skey, 0, sizeof(skey));
		skey.org_id = bkey.org_id;
		skey.day = bkey.day;
		skey.has_project = bkey.has_project;
		skey.project_id = bkey.project_id;
		skey.has_agent = bkey.has_agent;
		skey.agent_id = bkey.agent_id;
		skey.kind = kind;
		(void) hash_search(batch->scopes, &skey, HASH_ENTER, &found);
	}

	MemoryContextSwitchTo(old);
	MemoryContextReset(batch->row_cxt);
}

/* Add every row of a transition table to the batch. */
static void
batch_add_table(UsageBatch *batch, Tuplestorestate *table, TupleDesc tupdesc,
				const EventCols *cols, int sign)
{
	TupleTableSlot *slot = MakeSingleTupleTableSlot(tupdesc, &TTSOpsMinimalTuple);
	int			readptr = tuplestore_alloc_read_pointer(table, EXEC_FLAG_REWIND);

	tuplestore_select_read_pointer(table, readptr);
	tuplestore_rescan(table);
	while (tuplestore_gettupleslot(table, true, false, slot))
	{
		CHECK_FOR_INTERRUPTS();
		batch_add_row(batch, slot, cols, sign);
	}
	ExecDropSingleTupleTableSlot(slot);
}

/* The entries of a batch table as an array sorted with `cmp`. */
static void **
sorted_entries(HTAB *table, int (*cmp) (const void *, const void *), int *n)
{
	long		count = hash_get_num_entries(table);
	void	  **entries = palloc(Max(count, 1) * sizeof(void *));
	HASH_SEQ_STATUS seq;
	void	   *entry;
	int			i = 0;

	hash_seq_init(&seq, table);
	while ((entry = hash_seq_search(&seq)) != NULL)
		entries[i++] = entry;
	qsort(entries, i, sizeof(void *), cmp);
	*n = i;
	return entries;
}

static bool
totals_zero(const Totals *t)
{
	return t->events == 0 && t->tokens_in == 0 && t->tokens_out == 0 &&
		t->cost_micros == 0 && t->unpriced == 0;
}

/* ----------------------------------------------------------------
 * Writing the aggregates
 * ----------------------------------------------------------------
 */
static SPIPlanPtr rollup_upsert_plan = NULL;
static SPIPlanPtr rollup_prune_plan = NULL;
static SPIPlanPtr rollup_subtract_plan = NULL;
static SPIPlanPtr rollups_plan = NULL;
static SPIPlanPtr run_update_plan = NULL;
static SPIPlanPtr run_block_plan = NULL;
static SPIPlanPtr task_update_plan = NULL;
static SPIPlanPtr orgs_alive_plan = NULL;

/*
 * Parameters of bucket upserts: the bucket key, then its totals, one array
 * per column.
 */
#define BUCKET_COLUMNS 10
static const Oid bucket_types[BUCKET_COLUMNS] = {UUIDOID, DATEOID, UUIDOID, UUIDOID,
TEXTOID, INT8OID, INT8OID, INT8OID, NUMERICOID, INT8OID};
static const Oid bucket_argtypes[BUCKET_COLUMNS] = {UUIDARRAYOID, DATEARRAYOID,
	UUIDARRAYOID, UUIDARRAYOID, TEXTARRAYOID, INT8ARRAYOID, INT8ARRAYOID,
INT8ARRAYOID, NUMERICARRAYOID, INT8ARRAYOID};

/* Add rows $1..$10 (bucket_types) to their buckets of usage_rollups. */
#define ROLLUP_UPSERT \
	"INSERT INTO agentgov.usage_rollups AS r" \
	"       (org_id, bucket_date, project_id, agent_id, model," \
	"        events, tokens_in, tokens_out, cost_usd, unpriced_events)" \
	" SELECT unnest($1), unnest($2), unnest($3), unnest($4), unnest($5)," \
	"        unnest($6), unnest($7), unnest($8), unnest($9), unnest($10)" \
	" ON CONFLICT ON CONSTRAINT usage_rollups_bucket_key DO UPDATE" \
	"   SET events = r.events + excluded.events," \
	"       tokens_in = r.tokens_in + excluded.tokens_in," \
	"       tokens_out = r.tokens_out + excluded.tokens_out," \
	"       cost_usd = r.cost_usd + excluded.cost_usd," \
	"       unpriced_events = r.unpriced_events + excluded.unpriced_events"

/* Set columns first..first+4 of `row` to the totals. */
static void
set_totals(AgentgovColumns *columns, int first, int row, const Totals *t)
{
	agentgov_columns_set(columns, first, row, Int64GetDatum(t->events), false);
	agentgov_columns_set(columns, first + 1, row, Int64GetDatum(t->tokens_in), false);
	agentgov_columns_set(columns, first + 2, row, Int64GetDatum(t->tokens_out), false);
	agentgov_columns_set(columns, first + 3, row, micros_to_numeric(t->cost_micros), false);
	agentgov_columns_set(columns, first + 4, row, Int64GetDatum(t->unpriced), false);
}

/* The bucket parameters of `n` buckets. */
static void
bucket_arrays(BucketEntry **entries, int n, Datum *args)
{
	AgentgovColumns columns;

	agentgov_columns_init(&columns, BUCKET_COLUMNS, bucket_types, n);
	for (int i = 0; i < n; i++)
	{
		BucketKey  *k = &entries[i]->key;

		agentgov_columns_set(&columns, 0, i, UUIDPGetDatum(&k->org_id), false);
		agentgov_columns_set(&columns, 1, i, DateADTGetDatum(k->day), false);
		agentgov_columns_set(&columns, 2, i, UUIDPGetDatum(&k->project_id), !k->has_project);
		agentgov_columns_set(&columns, 3, i, UUIDPGetDatum(&k->agent_id), !k->has_agent);
		agentgov_columns_set(&columns, 4, i,
							 PointerGetDatum(cstring_to_text_with_len(k->model, k->model_len)),
							 false);
		set_totals(&columns, 5, i, &entries[i]->totals);
	}
	agentgov_columns_arrays(&columns, args);
}

/* Add `n` buckets' totals to usage_rollups, creating missing buckets, in order. */
static void
upsert_buckets(BucketEntry **entries, int n)
{
	Datum		args[BUCKET_COLUMNS];

	bucket_arrays(entries, n, args);
	exec_plan(agentgov_plan(&rollup_upsert_plan,
							ROLLUP_UPSERT,
							BUCKET_COLUMNS, (Oid *) bucket_argtypes),
			  args, NULL, false, SPI_OK_INSERT);
}

/*
 * Take rows out of an existing bucket (negative totals: CHECK constraints
 * are tested before ON CONFLICT, so this cannot be an upsert), and delete
 * it if no event is left in it, as a GROUP BY would not show it.
 */
static void
subtract_bucket(BucketEntry *entry)
{
	Datum		args[BUCKET_COLUMNS];

	bucket_arrays(&entry, 1, args);
	exec_plan(agentgov_plan(&rollup_subtract_plan,
							"WITH k AS (SELECT unnest($1) AS org_id, unnest($2) AS day,"
							"                  unnest($3) AS project_id, unnest($4) AS agent_id,"
							"                  unnest($5) AS model, unnest($6) AS events,"
							"                  unnest($7) AS tokens_in, unnest($8) AS tokens_out,"
							"                  unnest($9) AS cost_usd, unnest($10) AS unpriced)"
							" UPDATE agentgov.usage_rollups r"
							"    SET events = r.events + k.events, tokens_in = r.tokens_in + k.tokens_in,"
							"        tokens_out = r.tokens_out + k.tokens_out,"
							"        cost_usd = r.cost_usd + k.cost_usd,"
							"        unpriced_events = r.unpriced_events + k.unpriced"
							"   FROM k"
							"  WHERE r.org_id = k.org_id AND r.bucket_date = k.day"
							"    AND r.project_id IS NOT DISTINCT FROM k.project_id"
							"    AND r.agent_id IS NOT DISTINCT FROM k.agent_id AND r.model = k.model",
							BUCKET_COLUMNS, (Oid *) bucket_argtypes),
			  args, NULL, false, SPI_OK_UPDATE);
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("usage_rollups has no bucket for usage events being moved"),
				 errdetail("The rollups of organization %s on %s no longer match its usage events.",
						   agentgov_uuid_str(UUIDPGetDatum(&entry->key.org_id)),
						   DatumGetCString(DirectFunctionCall1(date_out,
															   DateADTGetDatum(entry->key.day))))));
	exec_plan(agentgov_plan(&rollup_prune_plan,
							"DELETE FROM agentgov.usage_rollups r"
							" USING (SELECT unnest($1) AS org_id, unnest($2) AS day, unnest($3) AS project_id,"
							"               unnest($4) AS agent_id, unnest($5) AS model) k"
							" WHERE r.org_id = k.org_id AND r.bucket_date = k.day"
							"   AND r.project_id IS NOT DISTINCT FROM k.project_id"
							"   AND r.agent_id IS NOT DISTINCT FROM k.agent_id"
							"   AND r.model = k.model AND r.events = 0",
							5, (Oid *) bucket_argtypes),
			  args, NULL, false, SPI_OK_DELETE);
}

/*
 * Write the bucket totals of moved rows (UPDATE) to usage_rollups in bucket
 * order: buckets that lose rows and buckets that gain them.
 */
static void
write_moves(UsageBatch *batch)
{
	int			n;
	BucketEntry **all = (BucketEntry **) sorted_entries(batch->buckets, bucket_entry_cmp, &n);
	BucketEntry **entries = palloc(Max(n, 1) * sizeof(BucketEntry *));
	int			m = 0;

	for (int i = 0; i < n; i++)
		if (!all[i]->skip && !totals_zero(&all[i]->totals))
			entries[m++] = all[i];
	for (int i = 0; i < m; i++)
	{
		if (entries[i]->totals.events < 0)
			subtract_bucket(entries[i]);
		else
			upsert_buckets(&entries[i], 1);
	}
}

/*
 * Add an insert batch's totals to usage_rollups and usage_kind_rollups with
 * one statement, each in key order.  The kind upsert waits for the rollup
 * upsert to finish (its one-time filter reads the rollup CTE), so every
 * writer locks rollup buckets before kind buckets.
 */
static void
write_rollups(UsageBatch *batch)
{
	static const Oid kind_types[8] = {UUIDOID, DATEOID, TEXTOID, INT8OID, INT8OID,
	INT8OID, NUMERICOID, INT8OID};
	int			n;
	int			nkinds;
	BucketEntry **entries = (BucketEntry **) sorted_entries(batch->buckets, bucket_entry_cmp, &n);
	KindEntry **kinds = (KindEntry **) sorted_entries(batch->kinds, kind_entry_cmp, &nkinds);
	AgentgovColumns columns;
	Datum		args[BUCKET_COLUMNS + lengthof(kind_types)];
	Oid			argtypes[lengthof(args)] = {UUIDARRAYOID, DATEARRAYOID, UUIDARRAYOID,
		UUIDARRAYOID, TEXTARRAYOID, INT8ARRAYOID, INT8ARRAYOID, INT8ARRAYOID,
		NUMERICARRAYOID, INT8ARRAYOID, UUIDARRAYOID, DATEARRAYOID, TEXTARRAYOID,
	INT8ARRAYOID, INT8ARRAYOID, INT8ARRAYOID, NUMERICARRAYOID, INT8ARRAYOID};

	bucket_arrays(entries, n, args);
	agentgov_columns_init(&columns, lengthof(kind_types), kind_types, nkinds);
	for (int i = 0; i < nkinds; i++)
	{
		KindKey    *k = &kinds[i]->key;

		agentgov_columns_set(&columns, 0, i, UUIDPGetDatum(&k->org_id), false);
		agentgov_columns_set(&columns, 1, i, DateADTGetDatum(k->day), false);
		agentgov_columns_set(&columns, 2, i,
							 DirectFunctionCall1(textin,
												 DirectFunctionCall1(enum_out, ObjectIdGetDatum(k->kind))),
							 false);
		set_totals(&columns, 3, i, &kinds[i]->totals);
	}
	agentgov_columns_arrays(&columns, &args[BUCKET_COLUMNS]);

	exec_plan(agentgov_plan(&rollups_plan,
							"WITH r AS (" ROLLUP_UPSERT " RETURNING 1)"
							" INSERT INTO agentgov.usage_kind_rollups AS k"
							"        (org_id, bucket_date, agent_kind,"
							"         events, tokens_in, tokens_out, cost_usd, unpriced_events)"
							" SELECT unnest($11), unnest($12), unnest($13)::agentgov.agent_kind,"
							"        unnest($14), unnest($15), unnest($16), unnest($17), unnest($18)"
							"  WHERE (SELECT count(*) FROM r) >= 0"
							" ON CONFLICT ON CONSTRAINT usage_kind_rollups_bucket_key DO UPDATE"
							"    SET events = k.events + excluded.events,"
							"        tokens_in = k.tokens_in + excluded.tokens_in,"
							"        tokens_out = k.tokens_out + excluded.tokens_out,"
							"        cost_usd = k.cost_usd + excluded.cost_usd,"
							"        unpriced_events = k.unpriced_events + excluded.unpriced_events",
							lengthof(argtypes), argtypes),
			  args, NULL, false, SPI_OK_INSERT);
}

/*
 * The circuit breaker: block a run that usage pushed past its
 * max_cost_limit and record why.  Only called for runs not in a final
 * state.
 */
static void
block_run(Datum *key, Datum cost, Datum limit, Datum status)
{
	Oid			argtypes[5] = {UUIDOID, UUIDOID, NUMERICOID, NUMERICOID, TEXTOID};
	Datum		args[5] = {key[0], key[1], cost, limit, status};

	exec_plan(agentgov_plan(&run_block_plan,
							"WITH blocked AS ("
							"  UPDATE agentgov.agent_runs SET status = 'blocked'"
							"   WHERE org_id = $1 AND id = $2"
							"  RETURNING org_id, id)"
							" INSERT INTO agentgov.governance_events"
							"        (org_id, run_id, event_type, framework, approved,"
							"         decision_reason, decision_details, created_by, correlation_id)"
							" SELECT b.org_id, b.id, 'circuit_breaker', 'emergency', false,"
							"        format('usage brought the run''s cost to %s USD, past its max_cost_limit of %s USD', $3, $4),"
							"        jsonb_build_object('cost_usd', $3, 'max_cost_limit', $4,"
							"                           'previous_status', $5),"
							"        'agentgov', agentgov.current_correlation_id()"
							"   FROM blocked b",
							5, argtypes),
			  args, NULL, false, SPI_OK_INSERT);
}

/*
 * Add the run totals to agent_runs, one run at a time in key order, and
 * trip the circuit breaker of runs pushed past their max_cost_limit.
 */
static void
write_runs(UsageBatch *batch)
{
	int			n;
	RowEntry  **entries = (RowEntry **) sorted_entries(batch->runs, row_entry_cmp, &n);
	Oid			argtypes[5] = {UUIDOID, UUIDOID, INT8OID, INT8OID, NUMERICOID};

	for (int i = 0; i < n; i++)
	{
		Datum		args[5];
		bool		isnull;
		HeapTuple	tuple;
		TupleDesc	desc;

		args[0] = UUIDPGetDatum(&entries[i]->key.org_id);
		args[1] = UUIDPGetDatum(&entries[i]->key.id);
		args[2] = Int64GetDatum(entries[i]->totals.tokens_in);
		args[3] = Int64GetDatum(entries[i]->totals.tokens_out);
		args[4] = micros_to_numeric(entries[i]->totals.cost_micros);
		exec_plan(agentgov_plan(&run_update_plan,
								"UPDATE agentgov.agent_runs"
								"   SET tokens_in = tokens_in + $3, tokens_out = tokens_out + $4,"
								"       cost_usd = cost_usd + $5"
								" WHERE org_id = $1 AND id = $2"
								" RETURNING max_cost_limit IS NOT NULL AND cost_usd > max_cost_limit"
								"           AND status IN ('queued', 'initializing', 'pending_approval',"
								"                          'approved', 'running'),"
								"           cost_usd, max_cost_limit, status::text",
								5, argtypes),
				  args, NULL, false, SPI_OK_UPDATE_RETURNING);
		if (SPI_processed != 1)
			continue;			/* the run is gone: its foreign key said so */
		tuple = SPI_tuptable->vals[0];
		desc = SPI_tuptable->tupdesc;
		if (DatumGetBool(SPI_getbinval(tuple, desc, 1, &isnull)) && !isnull)
			block_run(args,
					  SPI_getbinval(tuple, desc, 2, &isnull),
					  SPI_getbinval(tuple, desc, 3, &isnull),
					  SPI_getbinval(tuple, desc, 4, &isnull));
	}
}

/* Add the task totals to tasks, one task at a time in key order. */
static void
write_tasks(UsageBatch *batch)
{
	int			n;
	RowEntry  **entries = (RowEntry **) sorted_entries(batch->tasks, row_entry_cmp, &n);
	Oid			argtypes[4] = {UUIDOID, UUIDOID, INT8OID, NUMERICOID};

	for (int i = 0; i < n; i++)
	{
		Datum		args[4];

		args[0] = UUIDPGetDatum(&entries[i]->key.org_id);
		args[1] = UUIDPGetDatum(&entries[i]->key.id);
		args[2] = Int64GetDatum(entries[i]->totals.tokens_in + entries[i]->totals.tokens_out);
		args[3] = micros_to_numeric(entries[i]->totals.cost_micros);
		exec_plan(agentgov_plan(&task_update_plan,
								"UPDATE agentgov.tasks"
								"   SET total_tokens_used = total_tokens_used + $3,"
								"       total_cost_usd = total_cost_usd + $4"
								" WHERE org_id = $1 AND id = $2",
								4, argtypes),
				  args, NULL, false, SPI_OK_UPDATE);
	}
}

/* The budget scopes of the batch, for budgets.c. */
static AgentgovUsageScope *
batch_scopes(UsageBatch *batch, int *n)
{
	long		count = hash_get_num_entries(batch->scopes);
	AgentgovUsageScope *scopes = palloc(Max(count, 1) * sizeof(AgentgovUsageScope));
	HASH_SEQ_STATUS seq;
	ScopeKey   *key;
	int			i = 0;

	hash_seq_init(&seq, batch->scopes);
	while ((key = hash_seq_search(&seq)) != NULL)
	{
		AgentgovUsageScope *s = &scopes[i++];

		s->org_id = key->org_id;
		s->day = key->day;
		s->has_project = key->has_project;
		s->project_id = key->project_id;
		s->has_agent = key->has_agent;
		s->agent_id = key->agent_id;
		s->agent_kind = OidIsValid(key->kind) ?
			DatumGetCString(DirectFunctionCall1(enum_out, ObjectIdGetDatum(key->kind))) : NULL;
	}
	*n = i;
	return scopes;
}

/*
 * Mark the buckets of organizations that no longer exist: when an
 * organization is deleted its cascade may null an event's project or agent
 * before it deletes the event, and its rollups go with it.
 */
static void
skip_deleted_orgs(UsageBatch *batch)
{
	HASH_SEQ_STATUS seq;
	BucketEntry *entry;
	static const Oid types[1] = {UUIDOID};
	Oid			argtypes[1] = {UUIDARRAYOID};
	Datum		args[1];
	AgentgovColumns columns;
	int			n = 0;

	hash_seq_init(&seq, batch->buckets);
	while ((entry = hash_seq_search(&seq)) != NULL)
		n += !totals_zero(&entry->totals);
	if (n == 0)
		return;
	agentgov_columns_init(&columns, 1, types, n);
	n = 0;
	hash_seq_init(&seq, batch->buckets);
	while ((entry = hash_seq_search(&seq)) != NULL)
		if (!totals_zero(&entry->totals))
			agentgov_columns_set(&columns, 0, n++, UUIDPGetDatum(&entry->key.org_id), false);
	agentgov_columns_arrays(&columns, args);
	exec_plan(agentgov_plan(&orgs_alive_plan,
							"SELECT id FROM agentgov.organizations WHERE id = ANY ($1)",
							1, argtypes),
			  args, NULL, true, SPI_OK_SELECT);

	hash_seq_init(&seq, batch->buckets);
	while ((entry = hash_seq_search(&seq)) != NULL)
	{
		bool		alive = false;

		for (uint64 i = 0; i < SPI_processed && !alive; i++)
		{
			bool		isnull;
			Datum		id = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);

			alive = memcmp(DatumGetUUIDP(id), &entry->key.org_id, UUID_LEN) == 0;
		}
		entry->skip = !alive;
	}
}

/* ----------------------------------------------------------------
 * rollup_usage_events: AFTER INSERT / UPDATE statement trigger
 * ----------------------------------------------------------------
 */

/* Write an insert batch: budget coverage, rollups, runs, tasks. */
static void
write_insert_batch(void *arg)
{
	UsageBatch *batch = (UsageBatch *) arg;
	int			nscopes;
	AgentgovUsageScope *scopes = batch_scopes(batch, &nscopes);

	/* Budget coverage is a read: do it before taking row locks. */
	agentgov_budget_note_usage(scopes, nscopes);
	write_rollups(batch);
	write_runs(batch);
	write_tasks(batch);
}

/* Write an update batch: rows moved between buckets by SET NULL actions. */
static void
write_update_batch(void *arg)
{
	UsageBatch *batch = (UsageBatch *) arg;

	skip_deleted_orgs(batch);
	write_moves(batch);
}

Datum
rollup_usage_events(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = check_statement_trigger(fcinfo, "rollup_usage_events");
	Relation	rel = trigdata->tg_relation;
	TupleDesc	tupdesc = RelationGetDescr(rel);
	bool		inserting = TRIGGER_FIRED_BY_INSERT(trigdata->tg_event);
	UsageBatch *batch;
	EventCols	cols;
	AgentgovPrivileged saved;

	if (agentgov_restoring())
		return PointerGetDatum(NULL);
	stmt_cache_validate();
	cols = *event_cols(rel);
	batch = batch_create(inserting);
	if (inserting)
		batch_add_table(batch, trigdata->tg_newtable, tupdesc, &cols, 1);
	else
	{
		batch_add_table(batch, trigdata->tg_oldtable, tupdesc, &cols, -1);
		batch_add_table(batch, trigdata->tg_newtable, tupdesc, &cols, 1);
	}
	if (hash_get_num_entries(batch->buckets) == 0)
	{
		MemoryContextDelete(batch->cxt);
		return PointerGetDatum(NULL);
	}

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	agentgov_begin_privileged(rel->rd_rel->relowner, &saved);
	agentgov_with_derived_writes(inserting ? write_insert_batch : write_update_batch, batch);
	agentgov_end_privileged(&saved);
	SPI_finish();
	MemoryContextDelete(batch->cxt);
	return PointerGetDatum(NULL);
}

/* ----------------------------------------------------------------
 * Append-only: usage_events_append_only, BEFORE UPDATE/DELETE row and
 * BEFORE TRUNCATE statement trigger
 * ----------------------------------------------------------------
 */

/* While purge_usage_events() deletes: events before `cutoff` may go. */
static bool purge_active = false;
static TimestampTz purge_cutoff = 0;

/* The references a foreign key action may null: column, table, tenant-scoped. */
typedef struct ReferenceColumn
{
	const char *column;
	const char *table;
	bool		by_org;
} ReferenceColumn;

static const ReferenceColumn reference_columns[] = {
	{"user_id", "users", false},
	{"project_id", "projects", true},
	{"agent_id", "agents", false},
	{"run_id", "agent_runs", true},
	{"conversation_id", "conversations", true},
	{"message_id", "messages", true},
	{"task_id", "tasks", true},
};
static SPIPlanPtr reference_plans[lengthof(reference_columns)];
static SPIPlanPtr org_plan = NULL;

/* Raise AG005 for a write usage_events does not allow. */
static void
refuse_append_only(const char *detail, bool removal)
{
	ereport(ERROR,
			(errcode(ERRCODE_AG_APPEND_ONLY),
			 errmsg("table \"usage_events\" is append-only"),
			 errdetail_internal("%s", detail),
			 removal ? errhint("purge_usage_events(older_than) deletes old events and keeps their rollups.") : 0));
}

/*
 * Whether the row `id` (of `org_id` when tenant-scoped) of reference
 * column `col` is gone, as the statement sees it (the deletion that fires a
 * foreign key action is the statement's own).  Remembers the last answer.
 */
static bool
reference_gone(Relation rel, int col, Datum org_id, Datum id)
{
	const ReferenceColumn *ref = &reference_columns[col];
	Oid			argtypes[2] = {UUIDOID, UUIDOID};
	Datum		args[2] = {org_id, id};
	AgentgovPrivileged saved;
	bool		gone;

	stmt_cache_validate();
	if (last_gone.column == col &&
		memcmp(&last_gone.id, DatumGetUUIDP(id), UUID_LEN) == 0 &&
		memcmp(&last_gone.org_id, DatumGetUUIDP(org_id), UUID_LEN) == 0)
		return last_gone.gone;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	agentgov_begin_privileged(rel->rd_rel->relowner, &saved);
	if (reference_plans[col] == NULL)
	{
		char	   *query = psprintf("SELECT 1 FROM agentgov.%s WHERE id = $2%s",
									 ref->table, ref->by_org ? " AND org_id = $1" : "");

		(void) agentgov_plan(&reference_plans[col], query, 2, argtypes);
	}
	exec_plan(reference_plans[col], args, NULL, true, SPI_OK_SELECT);
	gone = (SPI_processed == 0);
	agentgov_end_privileged(&saved);
	SPI_finish();

	last_gone.column = col;
	last_gone.org_id = *DatumGetUUIDP(org_id);
	last_gone.id = *DatumGetUUIDP(id);
	last_gone.gone = gone;
	return gone;
}

/* Whether an organization is gone (its cascade is deleting its events). */
static bool
organization_gone(Relation rel, Datum org_id)
{
	Oid			argtypes[1] = {UUIDOID};
	AgentgovPrivileged saved;
	bool		gone;

	stmt_cache_validate();
	if (last_gone.column == lengthof(reference_columns) &&
		memcmp(&last_gone.org_id, DatumGetUUIDP(org_id), UUID_LEN) == 0)
		return last_gone.gone;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	agentgov_begin_privileged(rel->rd_rel->relowner, &saved);
	exec_plan(agentgov_plan(&org_plan,
							"SELECT 1 FROM agentgov.organizations WHERE id = $1",
							1, argtypes),
			  &org_id, NULL, true, SPI_OK_SELECT);
	gone = (SPI_processed == 0);
	agentgov_end_privileged(&saved);
	SPI_finish();

	last_gone.column = lengthof(reference_columns);
	last_gone.org_id = *DatumGetUUIDP(org_id);
	last_gone.gone = gone;
	return gone;
}

/*
 * An UPDATE may only be a foreign key's ON DELETE SET NULL: every changed
 * column is a reference column, set to NULL, whose referenced row is gone.
 */
static void
check_update(Relation rel, HeapTuple oldtup, HeapTuple newtup)
{
	TupleDesc	tupdesc = RelationGetDescr(rel);
	int			org_attnum = agentgov_attnum(rel, "org_id");
	bool		isnull;
	Datum		org_id = heap_getattr(oldtup, org_attnum, tupdesc, &isnull);

	for (int attnum = 1; attnum <= tupdesc->natts; attnum++)
	{
		Form_pg_attribute att = TupleDescAttr(tupdesc, attnum - 1);
		bool		old_null;
		bool		new_null;
		Datum		old_value;
		Datum		new_value;
		int			col = -1;

		if (att->attisdropped)
			continue;
		old_value = heap_getattr(oldtup, attnum, tupdesc, &old_null);
		new_value = heap_getattr(newtup, attnum, tupdesc, &new_null);
		if (old_null == new_null &&
			(old_null || datum_image_eq(old_value, new_value, att->attbyval, att->attlen)))
			continue;

		for (int i = 0; i < lengthof(reference_columns); i++)
			if (strcmp(NameStr(att->attname), reference_columns[i].column) == 0)
				col = i;
		if (col < 0)
			refuse_append_only("Usage events record what happened and are never changed.", false);
		if (!new_null || old_null || !reference_gone(rel, col, org_id, old_value))
			refuse_append_only(psprintf("Column \"%s\" changes only when the row it references is deleted and its foreign key sets it to NULL.",
										NameStr(att->attname)), false);
	}
}

Datum
usage_events_append_only(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	bool		isnull;
	Datum		value;

	if (CALLED_AS_TRIGGER(fcinfo) && TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event))
	{
		if (!TRIGGER_FIRED_BEFORE(trigdata->tg_event))
			ereport(ERROR,
					(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
					 errmsg("function \"usage_events_append_only\" must be fired BEFORE TRUNCATE")));
		refuse_append_only("Usage events are removed only by agentgov.purge_usage_events().", true);
	}
	agentgov_check_trigger(fcinfo, "usage_events_append_only",
						   AG_ON_UPDATE | AG_ON_DELETE, true);
	rel = trigdata->tg_relation;
	tupdesc = RelationGetDescr(rel);

	if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		check_update(rel, trigdata->tg_trigtuple, trigdata->tg_newtuple);
		return PointerGetDatum(trigdata->tg_newtuple);
	}

	if (purge_active)
	{
		value = heap_getattr(trigdata->tg_trigtuple, agentgov_attnum(rel, "occurred_at"),
							 tupdesc, &isnull);
		if (!isnull && DatumGetTimestampTz(value) < purge_cutoff)
			return PointerGetDatum(trigdata->tg_trigtuple);
	}
	value = heap_getattr(trigdata->tg_trigtuple, agentgov_attnum(rel, "org_id"),
						 tupdesc, &isnull);
	if (!isnull && organization_gone(rel, value))
		return PointerGetDatum(trigdata->tg_trigtuple);
	refuse_append_only("Usage events are removed only by agentgov.purge_usage_events().", true);
	pg_unreachable();
}

/* ----------------------------------------------------------------
 * purge_usage_events(older_than interval) -> bigint
 * ----------------------------------------------------------------
 */
Datum
purge_usage_events(PG_FUNCTION_ARGS)
{
	Interval   *older_than = PG_GETARG_INTERVAL_P(0);
	Interval	zero = {0};
	TimestampTz cutoff;
	Datum		args[3];
	Oid			argtypes[3] = {TIMESTAMPTZOID, INTERVALOID, INT8OID};
	uint64		deleted;
	int			level;

	if (DatumGetBool(DirectFunctionCall2(interval_lt, IntervalPGetDatum(older_than),
										 IntervalPGetDatum(&zero))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("older_than must not be negative")));
	cutoff = DatumGetTimestampTz(DirectFunctionCall2(timestamptz_mi_interval,
													 TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()),
													 IntervalPGetDatum(older_than)));
	args[0] = TimestampTzGetDatum(cutoff);
	args[1] = IntervalPGetDatum(older_than);

	/* Operators and functions of the queries resolve in pg_catalog only. */
	level = agentgov_safe_search_path();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (purge_active)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("purge_usage_events() is already running in this session")));
	PG_TRY();
	{
		purge_active = true;
		purge_cutoff = cutoff;
		if (SPI_execute_with_args("DELETE FROM agentgov.usage_events WHERE occurred_at < $1",
								  1, argtypes, args, NULL, false, 0) != SPI_OK_DELETE)
			elog(ERROR, "could not delete usage events");
		deleted = SPI_processed;
	}
	PG_FINALLY();
	{
		purge_active = false;
	}
	PG_END_TRY();

	args[2] = Int64GetDatum((int64) deleted);
	if (SPI_execute_with_args("INSERT INTO agentgov.audit_log (action, table_name, new_values)"
							  " VALUES ('PURGE', 'usage_events',"
							  "         jsonb_build_object('older_than', $2, 'cutoff', $1,"
							  "                            'deleted', $3))",
							  3, argtypes, args, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not log the purge");
	SPI_finish();
	agentgov_restore_search_path(level);
	PG_RETURN_INT64((int64) deleted);
}

/* ----------------------------------------------------------------
 * usage_report(org_id, period, from_date, to_date, group_by) -> setof
 * ----------------------------------------------------------------
 */

/* The dimensions group_by may name, and their column in usage_rollups. */
static const struct
{
	const char *name;
	const char *column;
	const char *absent;
}			report_dimensions[] = {
	{"project", "r.project_id", "NULL::uuid"},
	{"agent", "r.agent_id", "NULL::uuid"},
	{"model", "r.model", "NULL::varchar(100)"},
};

/* Which report_dimensions group_by names; raises on anything else. */
static void
parse_group_by(ArrayType *group_by, bool *grouped)
{
	Datum	   *items;
	bool	   *nulls;
	int			n;

	if (ARR_NDIM(group_by) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("group_by must be a one-dimensional array")));
	deconstruct_array(group_by, TEXTOID, -1, false, TYPALIGN_INT, &items, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		char	   *item;
		int			dim = -1;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("group_by must not contain NULL")));
		item = TextDatumGetCString(items[i]);
		for (int j = 0; j < lengthof(report_dimensions); j++)
			if (strcmp(item, report_dimensions[j].name) == 0)
				dim = j;
		if (dim < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown group_by dimension \"%s\"", item),
					 errhint("Use project, agent or model.")));
		if (grouped[dim])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("group_by names \"%s\" more than once", item)));
		grouped[dim] = true;
	}
}

Datum
usage_report(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DateADT		from_date = PG_GETARG_DATEADT(2);
	DateADT		to_date = PG_GETARG_DATEADT(3);
	bool		grouped[lengthof(report_dimensions)] = {false};
	StringInfoData query;
	Oid			argtypes[4] = {UUIDOID, get_fn_expr_argtype(fcinfo->flinfo, 1),
	DATEOID, DATEOID};
	Datum		args[4] = {PG_GETARG_DATUM(0), PG_GETARG_DATUM(1),
	PG_GETARG_DATUM(2), PG_GETARG_DATUM(3)};
	int			level;

	if (!OidIsValid(argtypes[1]))
		elog(ERROR, "could not determine the type of argument period");
	if (from_date > to_date)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("from_date must not be after to_date")));
	parse_group_by(PG_GETARG_ARRAYTYPE_P(4), grouped);

	initStringInfo(&query);
	appendStringInfoString(&query, "SELECT agentgov.period_start($2, r.bucket_date)");
	for (int i = 0; i < lengthof(report_dimensions); i++)
		appendStringInfo(&query, ", %s",
						 grouped[i] ? report_dimensions[i].column : report_dimensions[i].absent);
	appendStringInfoString(&query,
						   ", sum(r.events)::int8, sum(r.tokens_in)::int8, sum(r.tokens_out)::int8,"
						   "  sum(r.cost_usd), sum(r.unpriced_events)::int8"
						   " FROM agentgov.usage_rollups r"
						   " WHERE r.org_id = $1 AND r.bucket_date >= $3 AND r.bucket_date <= $4"
						   " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");

	InitMaterializedSRF(fcinfo, 0);
	/* The rollups are read as the caller sees them, with pg_catalog's operators. */
	level = agentgov_safe_search_path();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args(query.data, 4, argtypes, args, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read usage_rollups");
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		Datum		values[9];
		bool		nulls[9];

		heap_deform_tuple(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, values, nulls);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	SPI_finish();
	agentgov_restore_search_path(level);
	return (Datum) 0;
}
