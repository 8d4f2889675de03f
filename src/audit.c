/*-------------------------------------------------------------------------
 *
 * audit.c
 *	  Capture of writes to the critical tables into audit_log.
 *
 * audit_row() is an AFTER row trigger on the critical tables (and an AFTER
 * TRUNCATE statement trigger).  It writes one audit_log row per inserted,
 * updated or deleted row: the table, the record id (the primary key
 * without the org column), the action, the org and the row as jsonb (all
 * columns for INSERT and DELETE, only the changed columns, old and new, for
 * UPDATE).  An UPDATE that changes nothing but bookkeeping columns
 * (updated_at) writes nothing.  Columns holding secrets are redacted by
 * name (redact_rules).  Actor, correlation id, time and the hash chain are
 * added by audit_log itself (audit_chain.c), the same way for every row
 * whoever inserts it.
 *
 * A function that gives a change a meaning of its own (artifact_transition
 * approving, override_gate overriding) annotates the change first with
 * agentgov_audit_annotate(): the audit row audit_row() then writes for that
 * record carries the annotation's action, actor and rationale.  So those
 * rows are written by the same mechanism as every other, once.
 *
 * The insert runs as the owner of audit_log, so it works whatever the
 * caller may do on audit_log and whatever row-level security says, the
 * way foreign key checks run as the table's owner.  Rows the extension
 * seeds itself (CREATE EXTENSION) are not audited, as they are not dumped.
 *
 * What audit_row needs to know about a table (record id columns, org
 * column, how to turn each column into jsonb, which to redact) is cached
 * per backend and dropped on relcache invalidation.
 *
 * Locking: none beyond what the triggering statement holds; the audit_log
 * insert takes its usual row-exclusive lock.  See audit_chain.c for the
 * chain's locks, taken at commit.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "access.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "commands/trigger.h"
#include "nodes/makefuncs.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/syscache.h"

PG_FUNCTION_INFO_V1(audit_row);

/* What a redacted value is replaced with in old_values and new_values. */
#define REDACTED_VALUE		"[redacted]"

/*
 * Columns whose values never reach the audit log, by name: an exact name,
 * or a suffix.  Add a rule here when a table gains a column holding key
 * material; it applies to every audited table.
 */
typedef struct RedactRule
{
	const char *name;
	bool		suffix;			/* match names ending in `name` */
} RedactRule;

static const RedactRule redact_rules[] = {
	{"password_hash", false},	/* users */
	{"secret", false},
	{"_secret", true},			/* users.totp_secret, any *_secret */
	{"_encrypted", true},		/* api_keys.api_key_encrypted, any *_encrypted */
	{"token_sha256", true},		/* every token digest */
};

/*
 * Columns the extension maintains itself: not compared when deciding
 * whether an UPDATE changed anything, and not reported in its diff.
 */
static const char *const bookkeeping_columns[] = {"updated_at"};

/* How a column's value becomes jsonb: the same result as to_jsonb(). */
typedef enum JsonKind
{
	JSON_SKIP,					/* dropped column */
	JSON_INT2,
	JSON_INT4,
	JSON_INT8,
	JSON_NUMERIC,
	JSON_BOOL,
	JSON_JSONB,
	JSON_DATETIME,				/* date, timestamp, timestamptz */
	JSON_STRING,				/* text of the output function */
	JSON_TO_JSONB				/* anything else: call to_jsonb() */
} JsonKind;

typedef struct AuditedColumn
{
	char	   *name;
	int			namelen;
	Oid			type;
	bool		byval;
	int16		len;
	JsonKind	kind;
	bool		redact;
	bool		bookkeeping;
	FmgrInfo	output;			/* the type's output function */
	FmgrInfo	to_jsonb;		/* JSON_TO_JSONB: to_jsonb() bound to the type */
} AuditedColumn;

/* What audit_row needs to know about an audited table. */
typedef struct AuditedTable
{
	Oid			relid;			/* hash key */
	bool		valid;
	MemoryContext cxt;			/* holds everything below */
	char	   *table_name;		/* as recorded in audit_log.table_name */
	AttrNumber	org_attnum;		/* column holding the org id; 0 = none */
	char	   *org_column;		/* as named by the trigger argument, or NULL */
	int			nkeys;			/* record id columns */
	AttrNumber	keys[INDEX_MAX_KEYS];
	int			natts;
	AuditedColumn *columns;		/* by attnum - 1 */
} AuditedTable;

static HTAB *audited_tables = NULL;

static SPIPlanPtr insert_audit_plan = NULL;

/* ----------------------------------------------------------------
 * The description of an audited table
 * ----------------------------------------------------------------
 */

/* Bumped by every relcache invalidation, to notice one during a build. */
static uint64 audited_generation = 0;

/* Drop cached descriptions when a table changes. */
static void
audited_relcache_callback(Oid relid)
{
	HASH_SEQ_STATUS status;
	AuditedTable *t;

	audited_generation++;
	if (audited_tables == NULL)
		return;
	if (OidIsValid(relid))
	{
		t = hash_search(audited_tables, &relid, HASH_FIND, NULL);
		if (t != NULL)
			t->valid = false;
		return;
	}
	hash_seq_init(&status, audited_tables);
	while ((t = hash_seq_search(&status)) != NULL)
		t->valid = false;
}

/* Is this column redacted by one of redact_rules? */
static bool
is_redacted(const char *name)
{
	size_t		len = strlen(name);

	for (int i = 0; i < lengthof(redact_rules); i++)
	{
		const RedactRule *rule = &redact_rules[i];
		size_t		rlen = strlen(rule->name);

		if (rule->suffix ? (len >= rlen && strcmp(name + len - rlen, rule->name) == 0)
			: strcmp(name, rule->name) == 0)
			return true;
	}
	return false;
}

static bool
is_bookkeeping(const char *name)
{
	for (int i = 0; i < lengthof(bookkeeping_columns); i++)
		if (strcmp(name, bookkeeping_columns[i]) == 0)
			return true;
	return false;
}

/* How to_jsonb() would render a value of this type (see jsonb.c). */
static JsonKind
json_kind(Oid type)
{
	switch (type)
	{
		case INT2OID:
			return JSON_INT2;
		case INT4OID:
			return JSON_INT4;
		case INT8OID:
			return JSON_INT8;
		case NUMERICOID:
			return JSON_NUMERIC;
		case BOOLOID:
			return JSON_BOOL;
		case JSONBOID:
			return JSON_JSONB;
		case DATEOID:
		case TIMESTAMPOID:
		case TIMESTAMPTZOID:
			return JSON_DATETIME;
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
		case UUIDOID:
			return JSON_STRING;
		default:
			return type_is_enum(type) ? JSON_STRING : JSON_TO_JSONB;
	}
}

/* Describe one column, in the table's memory context. */
static void
describe_column(AuditedColumn *c, Form_pg_attribute att, MemoryContext cxt)
{
	Oid			typoutput;
	bool		varlena;

	c->name = pstrdup(NameStr(att->attname));
	c->namelen = strlen(c->name);
	c->type = att->atttypid;
	c->byval = att->attbyval;
	c->len = att->attlen;
	c->kind = att->attisdropped ? JSON_SKIP : json_kind(att->atttypid);
	c->redact = is_redacted(c->name);
	c->bookkeeping = is_bookkeeping(c->name);
	if (att->attisdropped)
		return;
	getTypeOutputInfo(att->atttypid, &typoutput, &varlena);
	fmgr_info_cxt(typoutput, &c->output, cxt);
	if (c->kind == JSON_TO_JSONB)
	{
		/* to_jsonb(anyelement) learns the argument's type from its call */
		fmgr_info_cxt(F_TO_JSONB, &c->to_jsonb, cxt);
		fmgr_info_set_expr((Node *) makeFuncExpr(F_TO_JSONB, JSONBOID,
												 list_make1(makeNullConst(att->atttypid,
																		  att->atttypmod,
																		  att->attcollation)),
												 InvalidOid, InvalidOid,
												 COERCE_EXPLICIT_CALL),
						   &c->to_jsonb);
	}
}

/*
 * The record id columns: the primary key without the org column (unless
 * that is all of it), else a column named id.
 */
static void
find_record_key(Relation rel, AuditedTable *t)
{
	Oid			pkey_oid = RelationGetPrimaryKeyIndex(rel);

	t->nkeys = 0;
	if (OidIsValid(pkey_oid))
	{
		Relation	pkey = agentgov_open_index(pkey_oid, AccessShareLock);
		int			nkeyatts = IndexRelationGetNumberOfKeyAttributes(pkey);

		for (int i = 0; i < nkeyatts; i++)
		{
			AttrNumber	attnum = pkey->rd_index->indkey.values[i];

			if (attnum != t->org_attnum || nkeyatts == 1)
				t->keys[t->nkeys++] = attnum;
		}
		index_close(pkey, AccessShareLock);
	}
	else
	{
		int			attnum = SPI_fnumber(RelationGetDescr(rel), "id");

		if (attnum > 0)
			t->keys[t->nkeys++] = attnum;
	}
}

/* Fill in the description of an audited table, allocated in t->cxt. */
static void
describe_table(AuditedTable *t, Relation rel, const char *org_column)
{
	TupleDesc	desc = RelationGetDescr(rel);
	MemoryContext old = MemoryContextSwitchTo(t->cxt);

	t->relid = RelationGetRelid(rel);
	if (RelationGetNamespace(rel) == get_namespace_oid(AGENTGOV_SCHEMA, false))
		t->table_name = pstrdup(RelationGetRelationName(rel));
	else
		t->table_name = quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
												   RelationGetRelationName(rel));
	t->org_column = org_column ? pstrdup(org_column) : NULL;
	if (org_column != NULL)
		t->org_attnum = agentgov_attnum(rel, org_column);
	else
		t->org_attnum = Max(SPI_fnumber(desc, "org_id"), 0);
	if (t->org_attnum > 0 &&
		TupleDescAttr(desc, t->org_attnum - 1)->atttypid != UUIDOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" of relation \"%s\" must be of type uuid to name the audit row's organization",
						NameStr(TupleDescAttr(desc, t->org_attnum - 1)->attname),
						RelationGetRelationName(rel))));
	find_record_key(rel, t);
	t->natts = desc->natts;
	t->columns = palloc0(sizeof(AuditedColumn) * desc->natts);
	for (int i = 0; i < desc->natts; i++)
		describe_column(&t->columns[i], TupleDescAttr(desc, i), t->cxt);
	MemoryContextSwitchTo(old);
}

/*
 * The description of the trigger's table, from the cache or built.  The
 * org column is the trigger's argument, else org_id if there is one.
 */
static AuditedTable *
audited_table(TriggerData *trigdata)
{
	Relation	rel = trigdata->tg_relation;
	Oid			relid = RelationGetRelid(rel);
	Trigger    *trigger = trigdata->tg_trigger;
	const char *org_column = NULL;
	AuditedTable fresh;
	AuditedTable *t;
	uint64		generation = audited_generation;
	bool		found;

	if (trigger->tgnargs > 1)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("audit_row takes at most one argument, the column holding the org id")));
	if (trigger->tgnargs == 1)
		org_column = trigger->tgargs[0];

	if (audited_tables == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(Oid);
		ctl.entrysize = sizeof(AuditedTable);
		audited_tables = hash_create("agentgov audited tables", 64, &ctl,
									 HASH_ELEM | HASH_BLOBS);
		agentgov_on_invalidation(audited_relcache_callback);
	}
	t = hash_search(audited_tables, &relid, HASH_FIND, NULL);
	if (t != NULL && t->valid && t->natts == RelationGetDescr(rel)->natts &&
		((org_column == NULL) == (t->org_column == NULL)) &&
		(org_column == NULL || strcmp(org_column, t->org_column) == 0))
		return t;

	/*
	 * New, invalidated, or another trigger on the table with another
	 * argument.  Build in a context under the current one, so that an error
	 * frees it, and keep it only once complete.
	 */
	memset(&fresh, 0, sizeof(fresh));
	fresh.cxt = AllocSetContextCreate(CurrentMemoryContext, "agentgov audited table",
									  ALLOCSET_SMALL_SIZES);
	describe_table(&fresh, rel, org_column);
	MemoryContextSetParent(fresh.cxt, CacheMemoryContext);
	/* an invalidation that arrived while we built makes us build again next time */
	fresh.valid = (generation == audited_generation);

	t = hash_search(audited_tables, &relid, HASH_ENTER, &found);
	if (found)
		MemoryContextDelete(t->cxt);
	*t = fresh;
	return t;
}

/* ----------------------------------------------------------------
 * Rows as jsonb
 * ----------------------------------------------------------------
 */

/* The jsonb form of a column value, exactly as to_jsonb() gives it. */
static void
column_jsonb(AuditedColumn *c, Datum value, JsonbValue *out)
{
	Jsonb	   *jb;
	Numeric		num;

	switch (c->kind)
	{
		case JSON_INT2:
			out->type = jbvNumeric;
			out->val.numeric = int64_to_numeric(DatumGetInt16(value));
			return;
		case JSON_INT4:
			out->type = jbvNumeric;
			out->val.numeric = int64_to_numeric(DatumGetInt32(value));
			return;
		case JSON_INT8:
			out->type = jbvNumeric;
			out->val.numeric = int64_to_numeric(DatumGetInt64(value));
			return;
		case JSON_NUMERIC:
			num = DatumGetNumeric(value);
			if (numeric_is_nan(num) || numeric_is_inf(num))
				break;			/* not a JSON number: a string, as to_jsonb does */
			out->type = jbvNumeric;
			out->val.numeric = num;
			return;
		case JSON_BOOL:
			out->type = jbvBool;
			out->val.boolean = DatumGetBool(value);
			return;
		case JSON_DATETIME:
			out->type = jbvString;
			out->val.string.val = JsonEncodeDateTime(NULL, value, c->type, NULL);
			out->val.string.len = strlen(out->val.string.val);
			return;
		case JSON_JSONB:
		case JSON_TO_JSONB:
			jb = (c->kind == JSON_JSONB) ? DatumGetJsonbP(value) :
				DatumGetJsonbP(FunctionCall1(&c->to_jsonb, value));
			if (JB_ROOT_IS_SCALAR(jb))
				(void) JsonbExtractScalar(&jb->root, out);
			else
			{
				out->type = jbvBinary;
				out->val.binary.data = &jb->root;
				out->val.binary.len = VARSIZE(jb) - VARHDRSZ;
			}
			return;
		case JSON_STRING:
		case JSON_SKIP:
			break;
	}
	out->type = jbvString;
	out->val.string.val = OutputFunctionCall(&c->output, value);
	out->val.string.len = strlen(out->val.string.val);
}

/*
 * A row as a jsonb object of the columns in `include` (all when NULL),
 * secret columns redacted.
 */
static Jsonb *
row_jsonb(AuditedTable *t, const Datum *values, const bool *nulls,
		  const bool *include)
{
	JsonbParseState *state = NULL;
	JsonbValue *result;

	(void) pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	for (int i = 0; i < t->natts; i++)
	{
		AuditedColumn *c = &t->columns[i];
		JsonbValue	key;
		JsonbValue	value;

		if (c->kind == JSON_SKIP || (include != NULL && !include[i]))
			continue;
		key.type = jbvString;
		key.val.string.val = c->name;
		key.val.string.len = c->namelen;
		if (nulls[i])
			value.type = jbvNull;
		else if (c->redact)
		{
			value.type = jbvString;
			value.val.string.val = REDACTED_VALUE;
			value.val.string.len = strlen(REDACTED_VALUE);
		}
		else
			column_jsonb(c, values[i], &value);
		(void) pushJsonbValue(&state, WJB_KEY, &key);
		(void) pushJsonbValue(&state, WJB_VALUE, &value);
	}
	result = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	return JsonbValueToJsonb(result);
}

/* The record id of a row as text: its key columns, comma-separated. */
static char *
record_id(AuditedTable *t, const Datum *values, const bool *nulls)
{
	StringInfoData buf;

	if (t->nkeys == 0)
		return NULL;
	initStringInfo(&buf);
	for (int k = 0; k < t->nkeys; k++)
	{
		int			i = t->keys[k] - 1;

		if (k > 0)
			appendStringInfoChar(&buf, ',');
		if (!nulls[i])
			appendStringInfoString(&buf, OutputFunctionCall(&t->columns[i].output, values[i]));
	}
	return buf.data;
}

/* ----------------------------------------------------------------
 * Annotations
 * ----------------------------------------------------------------
 */

/* What the next audit row of one record says about its change. */
typedef struct AuditNote
{
	bool		set;
	char	   *table_name;
	char	   *record_id;
	char	   *action;
	bool		has_actor;
	pg_uuid_t	actor;
	char	   *rationale;		/* or NULL */
} AuditNote;

static AuditNote audit_note;
static bool audit_note_callbacks = false;

static void
audit_note_clear(void)
{
	if (!audit_note.set)
		return;
	pfree(audit_note.table_name);
	pfree(audit_note.record_id);
	pfree(audit_note.action);
	if (audit_note.rationale)
		pfree(audit_note.rationale);
	audit_note.set = false;
}

/* A note never outlives the (sub)transaction that made it. */
static void
audit_note_xact_callback(XactEvent event, void *arg)
{
	audit_note_clear();
}

static void
audit_note_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
							SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		audit_note_clear();
}

void
agentgov_audit_annotate(const char *table_name, const char *record_id,
						const char *action, const pg_uuid_t *actor,
						const char *rationale)
{
	if (!audit_note_callbacks)
	{
		RegisterXactCallback(audit_note_xact_callback, NULL);
		RegisterSubXactCallback(audit_note_subxact_callback, NULL);
		audit_note_callbacks = true;
	}
	audit_note_clear();
	audit_note.table_name = MemoryContextStrdup(TopMemoryContext, table_name);
	audit_note.record_id = MemoryContextStrdup(TopMemoryContext, record_id);
	audit_note.action = MemoryContextStrdup(TopMemoryContext, action);
	audit_note.has_actor = (actor != NULL);
	if (actor != NULL)
		audit_note.actor = *actor;
	audit_note.rationale = rationale ? MemoryContextStrdup(TopMemoryContext, rationale) : NULL;
	audit_note.set = true;
}

/* Take the note for this record, if there is one (it is used once). */
static bool
take_audit_note(const char *table_name, const char *record_id, AuditNote *note)
{
	if (!audit_note.set || record_id == NULL ||
		strcmp(audit_note.table_name, table_name) != 0 ||
		strcmp(audit_note.record_id, record_id) != 0)
		return false;
	note->set = true;
	note->table_name = pstrdup(audit_note.table_name);
	note->record_id = pstrdup(audit_note.record_id);
	note->action = pstrdup(audit_note.action);
	note->has_actor = audit_note.has_actor;
	note->actor = audit_note.actor;
	note->rationale = audit_note.rationale ? pstrdup(audit_note.rationale) : NULL;
	audit_note_clear();
	return true;
}

/* ----------------------------------------------------------------
 * audit_row
 * ----------------------------------------------------------------
 */

/* Insert one row into audit_log as its owner; enlisting and chaining follow. */
static void
insert_audit_row(Datum org_id, bool org_null, const char *action,
				 const char *table_name, const char *record,
				 Jsonb *old_values, Jsonb *new_values, const AuditNote *note)
{
	Oid			argtypes[8] = {UUIDOID, TEXTOID, TEXTOID, TEXTOID, JSONBOID, JSONBOID,
	UUIDOID, TEXTOID};
	Datum		args[8];
	char		nulls[8] = {' ', ' ', ' ', ' ', ' ', ' ', 'n', 'n'};
	pg_uuid_t	actor;
	AgentgovSavedUser saved_user;
	int			ret;

	args[0] = org_id;
	nulls[0] = org_null ? 'n' : ' ';
	args[1] = CStringGetTextDatum(action);
	args[2] = CStringGetTextDatum(table_name);
	args[3] = record ? CStringGetTextDatum(record) : (Datum) 0;
	nulls[3] = record ? ' ' : 'n';
	args[4] = PointerGetDatum(old_values);
	nulls[4] = old_values ? ' ' : 'n';
	args[5] = PointerGetDatum(new_values);
	nulls[5] = new_values ? ' ' : 'n';
	if (note != NULL)
	{
		/* An annotated change: its action, and its actor (else the session's). */
		args[1] = CStringGetTextDatum(note->action);
		if (note->has_actor)
		{
			actor = note->actor;
			args[6] = UUIDPGetDatum(&actor);
			nulls[6] = ' ';
		}
		if (note->rationale != NULL)
		{
			args[7] = CStringGetTextDatum(note->rationale);
			nulls[7] = ' ';
		}
	}

	agentgov_become_audit_owner(&saved_user);
	agentgov_spi_connect();
	ret = SPI_execute_plan(agentgov_plan(&insert_audit_plan,
										 "INSERT INTO agentgov.audit_log "
										 "(org_id, action, table_name, record_id, old_values, new_values,"
										 " actor_id, rationale) "
										 "VALUES ($1, $2, $3, $4, $5, $6, $7,"
										 " pg_catalog.\"left\"($8, 1000))",
										 8, argtypes),
						   args, nulls, false, 0);
	if (ret != SPI_OK_INSERT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	SPI_finish();
	agentgov_end_as_owner(&saved_user);
}

/* TRUNCATE of an audited table: one row, in the chain without an org. */
static void
audit_truncate(TriggerData *trigdata)
{
	Relation	rel = trigdata->tg_relation;
	char	   *name;

	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired AFTER TRUNCATE", "audit_row")));
	if (RelationGetNamespace(rel) == get_namespace_oid(AGENTGOV_SCHEMA, false))
		name = RelationGetRelationName(rel);
	else
		name = quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
										  RelationGetRelationName(rel));
	insert_audit_row((Datum) 0, true, "TRUNCATE", name, NULL, NULL, NULL, NULL);
}

/*
 * The columns an UPDATE changed, bookkeeping columns aside; NULL when
 * there are none.  Values are compared as stored (a numeric 1.0 and 1.00
 * differ, as they would print differently).
 */
static bool *
changed_columns(AuditedTable *t, const Datum *old_values, const bool *old_nulls,
				const Datum *new_values, const bool *new_nulls)
{
	bool	   *changed = palloc0(sizeof(bool) * t->natts);
	bool		any = false;

	for (int i = 0; i < t->natts; i++)
	{
		AuditedColumn *c = &t->columns[i];

		if (c->kind == JSON_SKIP || c->bookkeeping)
			continue;
		if (old_nulls[i] != new_nulls[i] ||
			(!old_nulls[i] &&
			 !datum_image_eq(old_values[i], new_values[i], c->byval, c->len)))
			changed[i] = any = true;
	}
	if (!any)
	{
		pfree(changed);
		return NULL;
	}
	return changed;
}

/*
 * audit_row: AFTER INSERT OR UPDATE OR DELETE row trigger, AFTER TRUNCATE
 * statement trigger.  Optional argument: the column holding the org id.
 */
Datum
audit_row(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TriggerEvent event;
	TupleDesc	desc;
	AuditedTable *t;
	Datum	   *old_values = NULL;
	bool	   *old_nulls = NULL;
	Datum	   *new_values = NULL;
	bool	   *new_nulls = NULL;
	Jsonb	   *old_jb = NULL;
	Jsonb	   *new_jb = NULL;
	const char *action;
	Datum	   *row_values;
	bool	   *row_nulls;
	int			org_i;
	char	   *record;
	AuditNote	note;

	if (CALLED_AS_TRIGGER(fcinfo) && TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event))
	{
		if (!creating_extension)
			audit_truncate(trigdata);
		return PointerGetDatum(NULL);
	}
	agentgov_check_trigger(fcinfo, "audit_row",
						   AG_ON_INSERT | AG_ON_UPDATE | AG_ON_DELETE, false);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	if (creating_extension)
		return PointerGetDatum(NULL);

	event = trigdata->tg_event;
	t = audited_table(trigdata);
	desc = RelationGetDescr(trigdata->tg_relation);
	if (!TRIGGER_FIRED_BY_INSERT(event))
	{
		old_values = palloc(sizeof(Datum) * desc->natts);
		old_nulls = palloc(sizeof(bool) * desc->natts);
		heap_deform_tuple(trigdata->tg_trigtuple, desc, old_values, old_nulls);
	}
	if (!TRIGGER_FIRED_BY_DELETE(event))
	{
		new_values = palloc(sizeof(Datum) * desc->natts);
		new_nulls = palloc(sizeof(bool) * desc->natts);
		heap_deform_tuple(TRIGGER_FIRED_BY_UPDATE(event) ? trigdata->tg_newtuple
						  : trigdata->tg_trigtuple, desc, new_values, new_nulls);
	}

	if (TRIGGER_FIRED_BY_UPDATE(event))
	{
		bool	   *changed = changed_columns(t, old_values, old_nulls,
											  new_values, new_nulls);

		if (changed == NULL)
			return PointerGetDatum(NULL);	/* nothing changed: nothing to record */
		action = "UPDATE";
		old_jb = row_jsonb(t, old_values, old_nulls, changed);
		new_jb = row_jsonb(t, new_values, new_nulls, changed);
	}
	else if (TRIGGER_FIRED_BY_INSERT(event))
	{
		action = "INSERT";
		new_jb = row_jsonb(t, new_values, new_nulls, NULL);
	}
	else
	{
		action = "DELETE";
		old_jb = row_jsonb(t, old_values, old_nulls, NULL);
	}

	/* The row as it is now (as it was, for DELETE) names the org and record. */
	row_values = new_values ? new_values : old_values;
	row_nulls = new_nulls ? new_nulls : old_nulls;
	org_i = t->org_attnum - 1;
	record = record_id(t, row_values, row_nulls);
	insert_audit_row(org_i >= 0 ? row_values[org_i] : (Datum) 0,
					 org_i < 0 || row_nulls[org_i], action, t->table_name,
					 record, old_jb, new_jb,
					 take_audit_note(t->table_name, record, &note) ? &note : NULL);
	return PointerGetDatum(NULL);
}
