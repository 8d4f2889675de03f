/*-------------------------------------------------------------------------
 *
 * gate_scoring.c
 *	  Scoring of phase-gate indicator arrays.
 *
 * An indicator array [{"name", "score", "weight", "min"}] scores as the
 * weighted mean of its scores, rounded half away from zero; an indicator
 * below its floor (min) makes the gate FAIL whatever the mean.
 * gate_score() and gate_floor_failed() expose the pieces (gate_threshold()
 * and gate_decide() are in gates.c); every malformed indicator array is a
 * 22023 error that names the offending element.
 *
 * Locking: none (pure computation).
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "gates.h"

#include "common/int.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

PG_FUNCTION_INFO_V1(gate_score);
PG_FUNCTION_INFO_V1(gate_floor_failed);

/* A named indicator, for the duplicate check and for messages. */
typedef struct IndicatorName
{
	const char *name;			/* points into the jsonb; NULL if unnamed */
	int			len;
	int			index;
	uint32		sketch;			/* length, first and last byte: a quick unequal test */
} IndicatorName;

/* Numeric constants, made once per backend in TopMemoryContext. */
static Numeric numeric_zero = NULL;
static Numeric numeric_hundred = NULL;

/* ----------------------------------------------------------------
 * Small helpers
 * ----------------------------------------------------------------
 */

/* Make the numeric constants on first use. */
static void
init_numeric_constants(void)
{
	MemoryContext oldcxt;

	if (numeric_zero != NULL)
		return;
	oldcxt = MemoryContextSwitchTo(TopMemoryContext);
	numeric_hundred = int64_to_numeric(100);
	numeric_zero = int64_to_numeric(0);
	MemoryContextSwitchTo(oldcxt);
}

/* Three-way comparison of two numerics. */
static int
numeric_compare(Numeric a, Numeric b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp,
											 NumericGetDatum(a),
											 NumericGetDatum(b)));
}

/* Text form of a numeric, for messages. */
char *
agentgov_numeric_text(Numeric num)
{
	return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(num)));
}

/* ----------------------------------------------------------------
 * Indicator scoring
 *
 * Scores, weights and floors are JSON numbers, that is numerics.  Checks
 * and the weighted mean are exact: in int64 fixed point when every number
 * fits (the common case, and several times faster), else in numeric.
 * ----------------------------------------------------------------
 */

/* Fixed point: a number is held as a count of ten-thousandths. */
#define FIXED_SCALE		INT64CONST(10000)

/* The short on-disk format of numeric (see numeric_as_fixed). */
#define NUMERIC_FORMAT_MASK		0xC000
#define NUMERIC_SHORT_FORMAT	0x8000
#define NUMERIC_SHORT_NEGATIVE	0x2000
#define NUMERIC_SHORT_WEIGHT_NEGATIVE 0x0040
#define NUMERIC_SHORT_WEIGHT_BITS 0x003F
#define NUMERIC_BASE			10000

/* A valid JSON number, with its fixed-point value when it has one. */
typedef struct GateNumber
{
	Numeric		num;			/* NULL: absent (a default weight of 1) */
	bool		fixed;			/* value holds num exactly */
	int64		value;			/* num * FIXED_SCALE */
} GateNumber;

/* What an indicator adds to the mean. */
typedef struct IndicatorTerm
{
	GateNumber	score;
	GateNumber	weight;
} IndicatorTerm;

/*
 * num as a count of ten-thousandths, when that is exact and num is below
 * 10^8 in magnitude; false otherwise.  This reads the short on-disk format
 * of numeric (PostgreSQL 9.1 and later; being the format of stored data it
 * cannot change under pg_upgrade): a uint16 header (0x8000 short-format
 * flag, 0x2000 sign, 0x1F80 display scale, 0x007F signed weight) and then
 * base-10000 digits, the first of them of that weight.  Any other form
 * (long format, NaN, infinity, more than four decimals) returns false, and
 * the caller falls back to numeric arithmetic.
 */
static bool
numeric_as_fixed(Numeric num, int64 *result)
{
	const char *data = VARDATA_ANY(num);
	Size		size = VARSIZE_ANY_EXHDR(num);
	int			ndigits;
	uint16		header;
	int			weight;
	int64		value = 0;

	if (size < sizeof(uint16))
		return false;
	memcpy(&header, data, sizeof(uint16));
	if ((header & NUMERIC_FORMAT_MASK) != NUMERIC_SHORT_FORMAT)
		return false;
	weight = header & NUMERIC_SHORT_WEIGHT_BITS;
	if (header & NUMERIC_SHORT_WEIGHT_NEGATIVE)
		weight -= NUMERIC_SHORT_WEIGHT_BITS + 1;
	ndigits = (int) ((size - sizeof(uint16)) / sizeof(int16));
	/* below 10000^2, and no digit after the first fractional one */
	if (ndigits > 0 && (weight > 1 || ndigits > weight + 2))
		return false;

	for (int i = 0; i < ndigits; i++)
	{
		int16		digit;

		memcpy(&digit, data + sizeof(uint16) + i * sizeof(int16), sizeof(int16));
		value = value * NUMERIC_BASE + digit;
	}
	for (int i = ndigits; i < weight + 2; i++)
		value *= NUMERIC_BASE;
	*result = (header & NUMERIC_SHORT_NEGATIVE) ? -value : value;
	return true;
}

/* Sign of n - bound, for bound 0 or 100. */
static int
gate_number_cmp_bound(const GateNumber *n, int bound)
{
	int64		fixed_bound = bound * FIXED_SCALE;

	Assert(bound == 0 || bound == 100);
	if (n->fixed)
		return (n->value > fixed_bound) - (n->value < fixed_bound);
	return numeric_compare(n->num, bound == 0 ? numeric_zero : numeric_hundred);
}

/* True when a < b. */
static bool
gate_number_less(const GateNumber *a, const GateNumber *b)
{
	if (a->fixed && b->fixed)
		return a->value < b->value;
	return numeric_compare(a->num, b->num) < 0;
}

/* True when 0 <= n <= 100. */
static bool
gate_number_is_percentage(const GateNumber *n)
{
	return gate_number_cmp_bound(n, 0) >= 0 && gate_number_cmp_bound(n, 100) <= 0;
}

/* How an error message names indicator `index`: indicators[2] ("clarity"). */
static char *
indicator_label(const IndicatorName *name)
{
	if (name->name == NULL)
		return psprintf("indicators[%d]", name->index);
	return psprintf("indicators[%d] (\"%.*s\")", name->index, name->len, name->name);
}

/* What a JSON value is, for messages: a JSON object, the JSON string "NaN" ... */
static const char *
json_kind(JsonbValue *v)
{
	if (v->type == jbvString)
		return psprintf("the JSON string \"%.*s\"",
						pg_mbcliplen(v->val.string.val, v->val.string.len, 40),
						v->val.string.val);
	if (v->type == jbvNumeric && numeric_is_nan(v->val.numeric))
		return "NaN";
	if (v->type == jbvNumeric && numeric_is_inf(v->val.numeric))
		return "an infinite number";
	return psprintf("a JSON %s", JsonbTypeName(v));
}

/*
 * The finite number a JSON value holds, or NULL.  jsonb cannot hold NaN or
 * infinity (to_jsonb() turns them into strings), but a jsonb built in C
 * could, and neither is a score, a weight or a floor.
 */
static Numeric
json_finite_number(JsonbValue *v)
{
	if (v->type != jbvNumeric ||
		numeric_is_nan(v->val.numeric) || numeric_is_inf(v->val.numeric))
		return NULL;
	return v->val.numeric;
}

/* Raise unless the root of `indicators` is a non-empty array. */
static void
check_indicator_array(Jsonb *indicators)
{
	if (!JB_ROOT_IS_ARRAY(indicators) || JB_ROOT_IS_SCALAR(indicators))
	{
		JsonbValue	root;

		if (JB_ROOT_IS_SCALAR(indicators))
			JsonbExtractScalar(&indicators->root, &root);
		else
		{
			root.type = jbvBinary;
			root.val.binary.data = &indicators->root;
			root.val.binary.len = 0;
		}
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("indicators must be a JSON array"),
				 errdetail("Got %s.", json_kind(&root)),
				 errhint("Pass an array of objects such as {\"name\": \"clarity\", \"score\": 80, \"weight\": 2, \"min\": 60}.")));
	}
	if (JB_ROOT_COUNT(indicators) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("indicators must not be an empty array"),
				 errdetail("A gate is scored from at least one indicator.")));
}

/* A field of an indicator object: its JSON value, if the key is there. */
typedef struct IndicatorField
{
	bool		present;
	JsonbValue	value;
} IndicatorField;

/* The fields gate scoring reads from an indicator object. */
typedef struct IndicatorFields
{
	IndicatorField name;
	IndicatorField score;
	IndicatorField weight;
	IndicatorField min;
} IndicatorFields;

/* The field a key names, or NULL for a key scoring ignores. */
static IndicatorField *
indicator_field(IndicatorFields *fields, const char *key, int len)
{
	switch (len)
	{
		case 3:
			return memcmp(key, "min", 3) == 0 ? &fields->min : NULL;
		case 4:
			return memcmp(key, "name", 4) == 0 ? &fields->name : NULL;
		case 5:
			return memcmp(key, "score", 5) == 0 ? &fields->score : NULL;
		case 6:
			return memcmp(key, "weight", 6) == 0 ? &fields->weight : NULL;
		default:
			return NULL;
	}
}

/*
 * Read an indicator object's fields in one pass over its keys (nested
 * values come back whole, as jbvBinary).
 */
static void
read_indicator_fields(JsonbContainer *obj, IndicatorFields *fields)
{
	JsonbIterator *it = JsonbIteratorInit(obj);
	JsonbIteratorToken tok;
	JsonbValue	key;
	JsonbValue	value;

	memset(fields, 0, sizeof(IndicatorFields));
	while ((tok = JsonbIteratorNext(&it, &key, true)) != WJB_DONE)
	{
		IndicatorField *field;

		if (tok != WJB_KEY)
			continue;
		tok = JsonbIteratorNext(&it, &value, true);
		Assert(tok == WJB_VALUE);
		field = indicator_field(fields, key.val.string.val, key.val.string.len);
		if (field != NULL)
		{
			field->present = true;
			field->value = value;
		}
	}
}

/* The optional name of an indicator; raises when it is malformed. */
static IndicatorName
indicator_name(IndicatorField *field, int index)
{
	IndicatorName result = {NULL, 0, index, 0};
	JsonbValue *v = &field->value;

	if (!field->present)
		return result;
	if (v->type != jbvString)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("name of indicators[%d] must be a string", index),
				 errdetail("Got %s.", json_kind(v))));
	if (v->val.string.len == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("name of indicators[%d] must not be empty", index)));
	result.name = v->val.string.val;
	result.len = v->val.string.len;
	result.sketch = ((uint32) result.len << 16) |
		((uint32) (unsigned char) result.name[0] << 8) |
		(uint32) (unsigned char) result.name[result.len - 1];
	return result;
}

/*
 * The number in an indicator field; absent gives num NULL.  Raises when it
 * is there but not a finite number.
 */
static GateNumber
indicator_number(IndicatorField *field, const char *key, const IndicatorName *name)
{
	GateNumber	number = {NULL, false, 0};

	if (!field->present)
		return number;
	/* a number in fixed point is finite: the check is for the others */
	if (field->value.type == jbvNumeric &&
		numeric_as_fixed(field->value.val.numeric, &number.value))
	{
		number.num = field->value.val.numeric;
		number.fixed = true;
		return number;
	}
	number.num = json_finite_number(&field->value);
	if (number.num == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s of %s must be a number", key, indicator_label(name)),
				 errdetail("Got %s.", json_kind(&field->value))));
	return number;
}

/* Raise unless a score or floor lies in 0..100. */
static void
check_percentage(const GateNumber *n, const char *key, const IndicatorName *name)
{
	if (!gate_number_is_percentage(n))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s of %s is out of range", key, indicator_label(name)),
				 errdetail("It must be between 0 and 100; got %s.", agentgov_numeric_text(n->num))));
}

/*
 * Validate one indicator's score (required, 0..100), weight (> 0, default
 * 1) and floor (min, 0..100).  Sets *below_floor when the score is under
 * the floor.
 */
static IndicatorTerm
indicator_term(IndicatorFields *fields, const IndicatorName *name, bool *below_floor)
{
	IndicatorTerm term;
	GateNumber	floor;

	term.score = indicator_number(&fields->score, "score", name);
	if (term.score.num == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s has no score", indicator_label(name))));
	check_percentage(&term.score, "score", name);

	term.weight = indicator_number(&fields->weight, "weight", name);
	if (term.weight.num != NULL && gate_number_cmp_bound(&term.weight, 0) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight of %s must be greater than zero", indicator_label(name)),
				 errdetail("Got %s.", agentgov_numeric_text(term.weight.num))));

	floor = indicator_number(&fields->min, "min", name);
	*below_floor = false;
	if (floor.num != NULL)
	{
		check_percentage(&floor, "min", name);
		*below_floor = gate_number_less(&term.score, &floor);
	}
	return term;
}

/* True when two indicators have the same name. */
static bool
same_name(const IndicatorName *a, const IndicatorName *b)
{
	return a->sketch == b->sketch && a->len == b->len &&
		memcmp(a->name, b->name, a->len) == 0;
}

/* qsort order of indicator names: by name, then by position. */
static int
compare_indicator_names(const void *a, const void *b)
{
	const IndicatorName *x = (const IndicatorName *) a;
	const IndicatorName *y = (const IndicatorName *) b;
	int			cmp = memcmp(x->name, y->name, Min(x->len, y->len));

	if (cmp != 0)
		return cmp;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->index < y->index ? -1 : (x->index > y->index ? 1 : 0);
}

/*
 * Raise if two indicators share a name, naming the first repeat in array
 * order.  Short lists are compared pairwise; long ones are sorted, which
 * keeps 10,000 indicators cheap.
 */
static void
check_duplicate_names(IndicatorName *names, int count)
{
	int			repeat = -1;
	int			first = -1;

	if (count <= 16)
	{
		for (int i = 1; i < count && repeat < 0; i++)
			for (int j = 0; j < i && repeat < 0; j++)
				if (same_name(&names[i], &names[j]))
					repeat = i, first = j;
	}
	else
	{
		/* in a run of equal names, the second has the lowest later index */
		qsort(names, count, sizeof(IndicatorName), compare_indicator_names);
		for (int i = 1; i < count; i++)
			if (same_name(&names[i], &names[i - 1]) &&
				(repeat < 0 || names[i].index < names[repeat].index))
				repeat = i, first = i - 1;
	}
	if (repeat >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s repeats the name of indicators[%d]",
						indicator_label(&names[repeat]), names[first].index),
				 errdetail("Indicator names must be unique.")));
}

/*
 * The weighted mean in fixed point, rounded half away from zero (all terms
 * are positive); false when some number has no fixed-point value or a sum
 * would overflow.  Sums are in 10^-8 (score times weight) and 10^-4.
 */
static bool
fixed_weighted_mean(const IndicatorTerm *terms, int count, int32 *result)
{
	int64		sum = 0;
	int64		weights = 0;
	int64		divisor;
	int64		mean;
	int64		rest;

	for (int i = 0; i < count; i++)
	{
		const IndicatorTerm *t = &terms[i];
		int64		weight = t->weight.num == NULL ? FIXED_SCALE : t->weight.value;
		int64		product;

		if (!t->score.fixed || (t->weight.num != NULL && !t->weight.fixed) ||
			pg_mul_s64_overflow(t->score.value, weight, &product) ||
			pg_add_s64_overflow(sum, product, &sum) ||
			pg_add_s64_overflow(weights, weight, &weights))
			return false;
	}
	if (pg_mul_s64_overflow(weights, FIXED_SCALE, &divisor))
		return false;
	mean = sum / divisor;
	rest = sum - mean * divisor;
	if (rest >= divisor - rest)
		mean++;
	*result = (int32) mean;
	return true;
}

/* Raise 22023: weights so large that numeric overflows. */
static void
weights_too_large(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("the weights of the indicators are too large"),
			 errdetail("The weighted sum of the scores overflows numeric.")));
}

/* Add b to the running sum *a, freeing the old sum. */
static void
accumulate(Numeric *a, Numeric b)
{
	bool		overflow = false;
	Numeric		sum = numeric_add_opt_error(*a, b, &overflow);

	if (overflow)
		weights_too_large();
	if (*a != numeric_zero)
		pfree(*a);
	*a = sum;
}

/*
 * round(sum / weight) with halves away from zero, computed exactly:
 * k = trunc(sum / weight), plus one when 2 (sum - k weight) >= weight.
 * Both sums are positive or zero.
 */
static int32
round_mean(Numeric sum, Numeric weight)
{
	Numeric		k;
	Numeric		product;
	Numeric		rest = NULL;
	Numeric		twice = NULL;
	bool		error = false;
	int32		result = 0;

	k = DatumGetNumeric(DirectFunctionCall2(numeric_div_trunc,
											NumericGetDatum(sum),
											NumericGetDatum(weight)));
	product = numeric_mul_opt_error(k, weight, &error);
	if (!error)
		rest = numeric_sub_opt_error(sum, product, &error);
	if (!error)
		twice = numeric_add_opt_error(rest, rest, &error);
	if (!error)
		result = numeric_int4_opt_error(k, &error);
	if (error)
		elog(ERROR, "weighted mean of the indicators is out of range");
	if (numeric_compare(twice, weight) >= 0)
		result++;
	return result;
}

/* The weighted mean in numeric arithmetic, for numbers fixed point cannot hold. */
static int32
numeric_weighted_mean(const IndicatorTerm *terms, int count)
{
	Numeric		sum = numeric_zero;
	Numeric		weights = numeric_zero;
	int64		default_weights = 0;

	for (int i = 0; i < count; i++)
	{
		const IndicatorTerm *t = &terms[i];
		bool		overflow = false;
		Numeric		product;

		if (t->weight.num == NULL)
		{
			accumulate(&sum, t->score.num);
			default_weights++;
			continue;
		}
		product = numeric_mul_opt_error(t->score.num, t->weight.num, &overflow);
		if (overflow)
			weights_too_large();
		accumulate(&sum, product);
		accumulate(&weights, t->weight.num);
	}
	if (default_weights > 0)
		accumulate(&weights, int64_to_numeric(default_weights));
	return round_mean(sum, weights);
}

/*
 * Score an indicator array: validate every element, take the weighted mean
 * of the scores and note the first indicator below its floor.  Elements are
 * checked in order; duplicate names are looked for once all are valid.
 */
void
agentgov_score_indicators(Jsonb *indicators, IndicatorScore *result)
{
	JsonbIterator *it;
	JsonbIteratorToken tok;
	JsonbValue	v;
	IndicatorTerm *terms;
	IndicatorName *names;
	int			nnames = 0;
	int			count = 0;

	init_numeric_constants();
	check_indicator_array(indicators);
	terms = palloc(sizeof(IndicatorTerm) * JB_ROOT_COUNT(indicators));
	names = palloc(sizeof(IndicatorName) * JB_ROOT_COUNT(indicators));
	result->floor_failed = -1;

	it = JsonbIteratorInit(&indicators->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		IndicatorFields fields;
		IndicatorName name;
		bool		below_floor;

		if (tok != WJB_ELEM)
			continue;
		if (v.type != jbvBinary || !JsonContainerIsObject(v.val.binary.data))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("indicators[%d] is not a JSON object", count),
					 errdetail("Got %s.", json_kind(&v))));
		read_indicator_fields(v.val.binary.data, &fields);
		name = indicator_name(&fields.name, count);
		terms[count] = indicator_term(&fields, &name, &below_floor);
		if (name.name != NULL)
			names[nnames++] = name;
		if (below_floor && result->floor_failed < 0)
			result->floor_failed = count;
		count++;
	}

	check_duplicate_names(names, nnames);
	if (!fixed_weighted_mean(terms, count, &result->score))
		result->score = numeric_weighted_mean(terms, count);
	pfree(terms);
	pfree(names);
}

/* gate_score(indicators jsonb) -> integer */
Datum
gate_score(PG_FUNCTION_ARGS)
{
	IndicatorScore scored;

	agentgov_score_indicators(PG_GETARG_JSONB_P(0), &scored);
	PG_RETURN_INT32(scored.score);
}

/* gate_floor_failed(indicators jsonb) -> boolean: some indicator is below its min */
Datum
gate_floor_failed(PG_FUNCTION_ARGS)
{
	IndicatorScore scored;

	agentgov_score_indicators(PG_GETARG_JSONB_P(0), &scored);
	PG_RETURN_BOOL(scored.floor_failed >= 0);
}
