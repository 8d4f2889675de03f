/*-------------------------------------------------------------------------
 *
 * util.c
 *	  Helpers shared by the agentgov C sources.
 *
 * Trigger sanity checks, attribute lookup by name, per-backend cached SPI
 * plans, uuid formatting, and the finite-number check of numeric columns
 * (with check_finite_numerics(), the trigger that applies it to the
 * columns it is given).  Nothing here takes locks.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "access.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/hashfn.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/inval.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/uuid.h"

/* The AG_ON_* flag of a fired trigger event, 0 for TRUNCATE. */
static int
event_flag(TriggerEvent event)
{
	if (TRIGGER_FIRED_BY_INSERT(event))
		return AG_ON_INSERT;
	if (TRIGGER_FIRED_BY_UPDATE(event))
		return AG_ON_UPDATE;
	if (TRIGGER_FIRED_BY_DELETE(event))
		return AG_ON_DELETE;
	return 0;
}

/* Describe a set of AG_ON_* flags for an error message. */
static const char *
describe_events(int events)
{
	switch (events)
	{
		case AG_ON_INSERT:
			return "INSERT";
		case AG_ON_UPDATE:
			return "UPDATE";
		case AG_ON_DELETE:
			return "DELETE";
		case AG_ON_INSERT | AG_ON_UPDATE:
			return "INSERT or UPDATE";
		case AG_ON_UPDATE | AG_ON_DELETE:
			return "UPDATE or DELETE";
		default:
			return "INSERT, UPDATE or DELETE";
	}
}

void
agentgov_check_trigger(FunctionCallInfo fcinfo, const char *funcname,
					   int events, bool before)
{
	TriggerData *trigdata;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired as a trigger", funcname)));

	trigdata = (TriggerData *) fcinfo->context;
	if (!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		(before ? !TRIGGER_FIRED_BEFORE(trigdata->tg_event)
		 : !TRIGGER_FIRED_AFTER(trigdata->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired %s each row", funcname,
						before ? "BEFORE" : "AFTER")));

	if ((event_flag(trigdata->tg_event) & events) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired on %s", funcname,
						describe_events(events))));
}

void
agentgov_trigger_rows(TriggerData *trigdata, HeapTuple *oldtuple, HeapTuple *newtuple)
{
	if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		*oldtuple = trigdata->tg_trigtuple;
		*newtuple = trigdata->tg_newtuple;
	}
	else
	{
		*oldtuple = NULL;
		*newtuple = trigdata->tg_trigtuple;
	}
}

/*
 * Attribute numbers looked up by agentgov_attnum_cached(), per backend, in
 * an open-addressing hash on (relation, column name): the triggers look up
 * a dozen columns per row.  Entries are forgotten when the relation's
 * relcache entry is invalidated.
 */
#define ATTNUM_CACHE_SLOTS 256	/* a power of two */
#define ATTNUM_CACHE_MAX (ATTNUM_CACHE_SLOTS * 3 / 4)	/* so a probe ends */

typedef struct AttnumEntry
{
	Oid			relid;			/* InvalidOid: a free slot */
	const char *name;			/* copy in TopMemoryContext */
	int			attnum;
} AttnumEntry;

static AttnumEntry attnum_cache[ATTNUM_CACHE_SLOTS];
static int	attnum_cache_used = 0;
static bool attnum_callback_registered = false;

/*
 * The slot where the probe for (relid, name) starts: FNV-1a over the name,
 * seeded with the relation; column names are short, and hash_bytes() with
 * the strlen() it needs would cost more than the lookup it saves.
 */
static uint32
attnum_slot(Oid relid, const char *name)
{
	uint32		hash = murmurhash32(relid);

	for (const unsigned char *c = (const unsigned char *) name; *c != '\0'; c++)
		hash = (hash ^ *c) * 16777619;
	return hash & (ATTNUM_CACHE_SLOTS - 1);
}

/* Enter an attnum; `name` is already a copy in TopMemoryContext. */
static void
attnum_cache_put(Oid relid, const char *name, int attnum)
{
	uint32		i = attnum_slot(relid, name);

	while (OidIsValid(attnum_cache[i].relid))
		i = (i + 1) & (ATTNUM_CACHE_SLOTS - 1);
	attnum_cache[i].relid = relid;
	attnum_cache[i].name = name;
	attnum_cache[i].attnum = attnum;
	attnum_cache_used++;
}

/* Relcache invalidation: forget the relation's entries (all, for InvalidOid). */
static void
forget_attnums(Oid relid)
{
	AttnumEntry kept[ATTNUM_CACHE_SLOTS];
	int			nkept = 0;
	bool		forgot = false;

	for (int i = 0; i < ATTNUM_CACHE_SLOTS; i++)
	{
		AttnumEntry *entry = &attnum_cache[i];

		if (!OidIsValid(entry->relid))
			continue;
		if (OidIsValid(relid) && entry->relid != relid)
			kept[nkept++] = *entry;
		else
		{
			pfree(unconstify(char *, entry->name));
			forgot = true;
		}
	}
	if (!forgot)
		return;
	/* Open addressing: the entries left are entered again. */
	memset(attnum_cache, 0, sizeof(attnum_cache));
	attnum_cache_used = 0;
	for (int i = 0; i < nkept; i++)
		attnum_cache_put(kept[i].relid, kept[i].name, kept[i].attnum);
}

Datum
agentgov_column(HeapTuple tuple, TupleDesc tupdesc, const char *colname, bool *isnull)
{
	int			attnum = SPI_fnumber(tupdesc, colname);

	if (attnum <= 0)
		elog(ERROR, "column \"%s\" is missing", colname);
	return heap_getattr(tuple, attnum, tupdesc, isnull);
}

int
agentgov_attnum_cached(Relation rel, const char *colname)
{
	Oid			relid = RelationGetRelid(rel);
	int			attnum;

	for (uint32 i = attnum_slot(relid, colname);
		 OidIsValid(attnum_cache[i].relid);
		 i = (i + 1) & (ATTNUM_CACHE_SLOTS - 1))
	{
		if (attnum_cache[i].relid == relid && strcmp(attnum_cache[i].name, colname) == 0)
			return attnum_cache[i].attnum;
	}

	attnum = agentgov_attnum(rel, colname);
	if (!attnum_callback_registered)
	{
		agentgov_on_invalidation(forget_attnums);
		attnum_callback_registered = true;
	}
	if (attnum_cache_used < ATTNUM_CACHE_MAX)
		attnum_cache_put(relid, MemoryContextStrdup(TopMemoryContext, colname), attnum);
	return attnum;
}

int
agentgov_attnum(Relation rel, const char *colname)
{
	int			attnum = SPI_fnumber(RelationGetDescr(rel), colname);

	if (attnum <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of relation \"%s\" does not exist",
						colname, RelationGetRelationName(rel))));
	return attnum;
}

SPIPlanPtr
agentgov_plan(SPIPlanPtr *cache, const char *query, int nargs, Oid *argtypes)
{
	SPIPlanPtr	plan;

	if (*cache != NULL)
		return *cache;
	plan = SPI_prepare(query, nargs, argtypes);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for \"%s\": %s",
			 query, SPI_result_code_string(SPI_result));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");
	*cache = plan;
	return plan;
}

void
agentgov_spi_connect(void)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
}

void
agentgov_spi_run(SPIPlanPtr plan, Datum *args, const char *nulls, bool read_only,
				 long count, int expected)
{
	int			ret = SPI_execute_plan(plan, args, nulls, read_only, count);

	if (ret != expected)
		elog(ERROR, "SPI_execute_plan returned %s, expected %s",
			 SPI_result_code_string(ret), SPI_result_code_string(expected));
}

char *
agentgov_uuid_str(Datum uuid)
{
	return DatumGetCString(DirectFunctionCall1(uuid_out, uuid));
}

/*
 * The grammar of uuid_in: 32 hex digits, optionally in braces, with an
 * optional hyphen after any group of four.  Settings' check hooks must not
 * raise, so this reports failure instead of calling uuid_in.
 */
bool
agentgov_parse_uuid(const char *src, pg_uuid_t *uuid)
{
	const char *p = src;
	bool		braces = false;

	if (*p == '{')
	{
		p++;
		braces = true;
	}
	for (int i = 0; i < UUID_LEN; i++)
	{
		char		digits[3];

		if (!isxdigit((unsigned char) p[0]) || !isxdigit((unsigned char) p[1]))
			return false;
		digits[0] = p[0];
		digits[1] = p[1];
		digits[2] = '\0';
		uuid->data[i] = (unsigned char) strtoul(digits, NULL, 16);
		p += 2;
		if (p[0] == '-' && i % 2 == 1 && i < UUID_LEN - 1)
			p++;
	}
	if (braces)
	{
		if (*p != '}')
			return false;
		p++;
	}
	return *p == '\0';
}

bool
agentgov_same_value(TupleDesc tupdesc, HeapTuple a, HeapTuple b, int attnum)
{
	Form_pg_attribute att = TupleDescAttr(tupdesc, attnum - 1);
	bool		anull;
	bool		bnull;
	Datum		av = heap_getattr(a, attnum, tupdesc, &anull);
	Datum		bv = heap_getattr(b, attnum, tupdesc, &bnull);

	if (anull || bnull)
		return anull && bnull;
	return datum_image_eq(av, bv, att->attbyval, att->attlen);
}

/* ----------------------------------------------------------------
 * Finite numerics
 * ----------------------------------------------------------------
 */
void
agentgov_check_finite_numeric(Datum value, const char *table, const char *column)
{
	Numeric		num = DatumGetNumeric(value);

	if (numeric_is_nan(num) || numeric_is_inf(num))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("column \"%s\" of table \"%s\" must be a finite number, not %s",
						column, table,
						DatumGetCString(DirectFunctionCall1(numeric_out, value))),
				 errdetail("agentgov adds, compares and prices with this column; NaN and infinity have no meaning there.")));
}

PG_FUNCTION_INFO_V1(check_finite_numerics);

/*
 * check_finite_numerics('col', ...): BEFORE INSERT OR UPDATE row trigger
 * refusing NaN and infinite values in the numeric columns it names.
 */
Datum
check_finite_numerics(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	HeapTuple	tuple;
	Relation	rel;

	agentgov_check_trigger(fcinfo, "check_finite_numerics", AG_ON_INSERT | AG_ON_UPDATE, true);
	rel = trigdata->tg_relation;
	tuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
		trigdata->tg_newtuple : trigdata->tg_trigtuple;
	for (int i = 0; i < trigdata->tg_trigger->tgnargs; i++)
	{
		const char *column = trigdata->tg_trigger->tgargs[i];
		int			attnum = agentgov_attnum_cached(rel, column);
		bool		isnull;
		Datum		value;

		if (TupleDescAttr(RelationGetDescr(rel), attnum - 1)->atttypid != NUMERICOID)
			ereport(ERROR,
					(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
					 errmsg("check_finite_numerics: column \"%s\" is not numeric", column)));
		value = heap_getattr(tuple, attnum, RelationGetDescr(rel), &isnull);
		if (!isnull)
			agentgov_check_finite_numeric(value, RelationGetRelationName(rel), column);
	}
	return PointerGetDatum(tuple);
}
