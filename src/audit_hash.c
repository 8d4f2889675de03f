/*-------------------------------------------------------------------------
 *
 * audit_hash.c
 *	  The canonical encoding of an audit_log row and its row_hash, for the
 *	  hash chain (audit_chain.c).  docs/audit.md describes the encoding.
 *
 * Every form is independent of session settings (TimeZone, DateStyle,
 * client_encoding) and of the database encoding, so that any session, and
 * any tool following docs/audit.md, computes the same hash.
 *
 * Locking: none (pure computation).
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "audit_chain.h"
#include "digest.h"

#include "catalog/pg_type.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/inet.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

/* Domain tag that starts the canonical encoding; bump it if the encoding changes. */
#define CHAIN_ENCODING_TAG	"agentgov-audit-v1"

/* Write a field's length, 4-byte big-endian (0xFFFFFFFF for NULL), at `at`. */
static void
put_length(StringInfo buf, int at, uint32 n)
{
	buf->data[at] = (char) (n >> 24);
	buf->data[at + 1] = (char) (n >> 16);
	buf->data[at + 2] = (char) (n >> 8);
	buf->data[at + 3] = (char) n;
}

/* Append one field: its length (NULL: 0xFFFFFFFF), then its bytes. */
static void
append_field(StringInfo buf, const char *data, int len)
{
	int			at = buf->len;

	appendBinaryStringInfo(buf, "\0\0\0\0", 4);
	put_length(buf, at, data == NULL ? 0xFFFFFFFF : (uint32) len);
	if (data != NULL)
		appendBinaryStringInfo(buf, data, len);
}

/* A string of the server encoding in UTF-8; *len in, and out. */
static const char *
to_utf8(const char *str, int *len)
{
	char	   *converted = pg_server_to_any(str, *len, PG_UTF8);

	if (converted != str)
		*len = strlen(converted);
	return converted;
}

/* Append a JSON string literal: UTF-8, escaping only '"', '\' and controls. */
static void
append_json_string(StringInfo out, const char *str, int len)
{
	int			run = 0;		/* start of the characters not yet appended */

	str = to_utf8(str, &len);
	appendStringInfoChar(out, '"');
	for (int i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) str[i];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		appendBinaryStringInfo(out, str + run, i - run);
		run = i + 1;
		switch (c)
		{
			case '"':
				appendStringInfoString(out, "\\\"");
				break;
			case '\\':
				appendStringInfoString(out, "\\\\");
				break;
			case '\b':
				appendStringInfoString(out, "\\b");
				break;
			case '\f':
				appendStringInfoString(out, "\\f");
				break;
			case '\n':
				appendStringInfoString(out, "\\n");
				break;
			case '\r':
				appendStringInfoString(out, "\\r");
				break;
			case '\t':
				appendStringInfoString(out, "\\t");
				break;
			default:
				appendStringInfo(out, "\\u%04x", c);
		}
	}
	appendBinaryStringInfo(out, str + run, len - run);
	appendStringInfoChar(out, '"');
}

/* A key of a jsonb object with its value, for sorting. */
typedef struct JsonPair
{
	const char *key;			/* UTF-8 */
	int			keylen;
	JsonbValue	value;
} JsonPair;

/* Order object keys by their UTF-8 bytes; a prefix comes first. */
static int
json_pair_cmp(const void *a, const void *b)
{
	const JsonPair *pa = (const JsonPair *) a;
	const JsonPair *pb = (const JsonPair *) b;
	int			cmp = memcmp(pa->key, pb->key, Min(pa->keylen, pb->keylen));

	if (cmp != 0)
		return cmp;
	return (pa->keylen > pb->keylen) - (pa->keylen < pb->keylen);
}

static void append_canonical_container(StringInfo out, JsonbContainer *container);

/* Append one jsonb value in canonical form. */
static void
append_canonical_value(StringInfo out, JsonbValue *v)
{
	switch (v->type)
	{
		case jbvNull:
			appendStringInfoString(out, "null");
			break;
		case jbvBool:
			appendStringInfoString(out, v->val.boolean ? "true" : "false");
			break;
		case jbvNumeric:
			appendStringInfoString(out,
								   DatumGetCString(DirectFunctionCall1(numeric_out,
																	   NumericGetDatum(v->val.numeric))));
			break;
		case jbvString:
			append_json_string(out, v->val.string.val, v->val.string.len);
			break;
		case jbvBinary:
			append_canonical_container(out, v->val.binary.data);
			break;
		default:
			elog(ERROR, "unexpected jsonb value type %d", (int) v->type);
	}
}

/*
 * Append a jsonb container in canonical form: no whitespace, object members
 * sorted by the UTF-8 bytes of their keys, numbers as numeric_out prints
 * them, strings escaped as append_json_string does.
 */
static void
append_canonical_container(StringInfo out, JsonbContainer *container)
{
	JsonbIterator *it = JsonbIteratorInit(container);
	JsonbValue	v;
	JsonbIteratorToken tok;

	check_stack_depth();
	tok = JsonbIteratorNext(&it, &v, true);
	if (tok == WJB_BEGIN_ARRAY && v.val.array.rawScalar)
	{
		tok = JsonbIteratorNext(&it, &v, true);
		Assert(tok == WJB_ELEM);
		append_canonical_value(out, &v);
	}
	else if (tok == WJB_BEGIN_ARRAY)
	{
		bool		first = true;

		appendStringInfoChar(out, '[');
		while ((tok = JsonbIteratorNext(&it, &v, true)) == WJB_ELEM)
		{
			if (!first)
				appendStringInfoChar(out, ',');
			append_canonical_value(out, &v);
			first = false;
		}
		appendStringInfoChar(out, ']');
	}
	else if (tok == WJB_BEGIN_OBJECT)
	{
		JsonPair   *pairs = palloc(sizeof(JsonPair) * Max(v.val.object.nPairs, 1));
		int			n = 0;

		while ((tok = JsonbIteratorNext(&it, &v, true)) == WJB_KEY)
		{
			pairs[n].keylen = v.val.string.len;
			pairs[n].key = to_utf8(v.val.string.val, &pairs[n].keylen);
			tok = JsonbIteratorNext(&it, &pairs[n].value, true);
			Assert(tok == WJB_VALUE);
			n++;
		}
		qsort(pairs, n, sizeof(JsonPair), json_pair_cmp);
		appendStringInfoChar(out, '{');
		for (int i = 0; i < n; i++)
		{
			if (i > 0)
				appendStringInfoChar(out, ',');
			append_json_string(out, pairs[i].key, pairs[i].keylen);
			appendStringInfoChar(out, ':');
			append_canonical_value(out, &pairs[i].value);
		}
		appendStringInfoChar(out, '}');
		pfree(pairs);
	}
	else
		elog(ERROR, "unexpected jsonb token %d", (int) tok);
}

/*
 * Append one column value as a field, in its canonical form.  Every form is
 * independent of session settings (TimeZone, DateStyle, client_encoding)
 * and of the database encoding.
 */
static void
append_value(StringInfo buf, Oid type, Datum value)
{
	char		num[MAXINT8LEN + 1];
	const char *str;
	int			len;
	int			at;

	switch (type)
	{
		case INT8OID:
			len = pg_lltoa(DatumGetInt64(value), num);
			append_field(buf, num, len);
			break;
		case TIMESTAMPTZOID:
			/* microseconds since 2000-01-01 00:00:00 UTC, as stored */
			len = pg_lltoa(DatumGetTimestampTz(value), num);
			append_field(buf, num, len);
			break;
		case UUIDOID:
			str = agentgov_uuid_str(value);
			append_field(buf, str, strlen(str));
			break;
		case INETOID:
			str = DatumGetCString(DirectFunctionCall1(inet_out, value));
			append_field(buf, str, strlen(str));
			break;
		case TEXTOID:
		case VARCHAROID:
			{
				text	   *t = DatumGetTextPP(value);

				len = VARSIZE_ANY_EXHDR(t);
				str = to_utf8(VARDATA_ANY(t), &len);
				append_field(buf, str, len);
				break;
			}
		case BYTEAOID:
			{
				bytea	   *b = DatumGetByteaPP(value);

				append_field(buf, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
				break;
			}
		case JSONBOID:
			at = buf->len;
			appendBinaryStringInfo(buf, "\0\0\0\0", 4);
			append_canonical_container(buf, &DatumGetJsonbP(value)->root);
			put_length(buf, at, (uint32) (buf->len - at - 4));
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("the audit hash chain cannot encode type %s",
							format_type_be(type))));
	}
}

/*
 * row_hash of an audit_log row given as deformed values (indexed by
 * position - 1): SHA-256 of the tag and every chain column, prev_hash
 * first, encoded into `buf` (scratch space, reset here).
 */
void
agentgov_audit_row_hash(StringInfo buf, const ChainLayout *layout,
				 TupleDesc desc, const Datum *values, const bool *nulls,
				 uint8 *hash)
{
	resetStringInfo(buf);
	appendBinaryStringInfo(buf, CHAIN_ENCODING_TAG, strlen(CHAIN_ENCODING_TAG));
	for (int c = 0; c < NUM_CHAIN_COLUMNS; c++)
	{
		int			i = layout->attnums[c] - 1;

		if (nulls[i])
			append_field(buf, NULL, 0);
		else
			append_value(buf, TupleDescAttr(desc, i)->atttypid, values[i]);
	}
	agentgov_sha256_digest(buf->data, buf->len, hash);
}
