/*-------------------------------------------------------------------------
 *
 * gates.c
 *	  Phase gates, and socrates' quality metrics and maturity score.
 *
 * Gate scoring.  An indicator array [{"name", "score", "weight", "min"}]
 * scores as the weighted mean of its scores, rounded half away from zero;
 * an indicator below its floor (min) makes the gate FAIL whatever the mean.
 * gate_score(), gate_floor_failed(), gate_threshold() and gate_decide()
 * expose the pieces; every malformed indicator array is a 22023 error that
 * names the offending element.
 *
 * Gate decisions.  check_gate_decision() guards phase_gate_decisions:
 *	- on INSERT it scores the indicators, reads the gate policy in force for
 *	  the organization, fills score, target_threshold and decision when they
 *	  are not given and refuses them (23514) when they disagree; the decider
 *	  must be a MEMBER or ADMIN of the organization (42501); the gate must end
 *	  the project's current phase (AG004); the project's status becomes the
 *	  outcome and a PASS moves it to the next phase.
 *	- on UPDATE a decision's record is immutable (AG004) except for an
 *	  override: a change of decision with override_by, an ADMIN of the
 *	  organization (42501), and a reason.  The override applies to the latest
 *	  decision of the gate while the project is still in the gate's phase
 *	  (AG004), moves the project as a fresh decision would, stamps
 *	  override_at and writes an OVERRIDE row to audit_log.
 * evaluate_gate() and override_gate() are the client entry points; they
 * insert and update through the trigger, so direct writes follow the very
 * same rules.
 *
 * Quality and maturity.  quality_metric_passed() fills or checks
 * quality_metrics.passed (metric_value >= threshold).  maturity_follows()
 * keeps projects.maturity_score equal to the mean, over the categories of
 * the setting agentgov.maturity_categories, of the latest maturity_tracking
 * score in each (a category without scores counts 0), and
 * check_maturity_score() refuses any other value written to the column.
 *
 * Locking:
 *	- A gate decision (insert or override) locks its project row FOR NO KEY
 *	  UPDATE before reading the project's phase and keeps the lock to the end
 *	  of the transaction: concurrent decisions for one project run one after
 *	  the other, and the second sees the first's move (READ COMMITTED) or
 *	  fails with a serialization error (REPEATABLE READ and SERIALIZABLE).
 *	  NO KEY UPDATE does not conflict with the FOR KEY SHARE locks that the
 *	  foreign-key checks of the project's child rows take.
 *	- An override locks its decision row (the UPDATE does), then the project.
 *	- A maturity_tracking write locks its project row the same way and then
 *	  recounts in a statement of its own, which in READ COMMITTED sees every
 *	  score committed before the lock was granted.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"
#include "utils/varlena.h"

PG_FUNCTION_INFO_V1(gate_score);
PG_FUNCTION_INFO_V1(gate_floor_failed);
PG_FUNCTION_INFO_V1(gate_threshold);
PG_FUNCTION_INFO_V1(gate_decide);
PG_FUNCTION_INFO_V1(evaluate_gate);
PG_FUNCTION_INFO_V1(override_gate);
PG_FUNCTION_INFO_V1(check_gate_decision);
PG_FUNCTION_INFO_V1(quality_metric_passed);
PG_FUNCTION_INFO_V1(maturity_follows);
PG_FUNCTION_INFO_V1(maturity_truncated);
PG_FUNCTION_INFO_V1(check_maturity_score);
PG_FUNCTION_INFO_V1(refresh_maturity);

/* Width of maturity_tracking.category, in characters. */
#define MATURITY_CATEGORY_MAXLEN 100

/* Outcome of a gate, in the order of the gate_decision enum. */
typedef enum GateOutcome
{
	GATE_PASS,
	GATE_CONDITIONAL,
	GATE_FAIL
} GateOutcome;

static const char *const outcome_label[] = {"PASS", "CONDITIONAL", "FAIL"};

/* projects.status after a decision with that outcome. */
static const char *const outcome_status[] = {"PASSED", "CONDITIONAL", "FAILED"};

/* A gate, the phase it ends and the phase a PASS moves the project to. */
typedef struct GateMove
{
	const char *gate;
	const char *entry;
	const char *next;
} GateMove;

static const GateMove gate_moves[] = {
	{"VRC", "DISCOVER", "DEFINE"},
	{"VCD", "DEFINE", "DESIGN"},
	{"DSP", "DESIGN", "DEVELOP"},
	{"MDP", "DEVELOP", "DEPLOY"},
};

/* Threshold and conditional margin of a gate, from gate_policies. */
typedef struct GatePolicy
{
	int32		threshold;
	int32		margin;
} GatePolicy;

/* What scoring an indicator array yields. */
typedef struct IndicatorScore
{
	int32		score;			/* weighted mean, rounded half away from zero */
	int			floor_failed;	/* first indicator below its floor, or -1 */
} IndicatorScore;

/* A named indicator, for the duplicate check and for messages. */
typedef struct IndicatorName
{
	const char *name;			/* points into the jsonb; NULL if unnamed */
	int			len;
	int			index;
	uint32		sketch;			/* length, first and last byte: a quick unequal test */
} IndicatorName;

/* The parsed agentgov.maturity_categories (one malloc'd block). */
typedef struct MaturityCategories
{
	int			count;
	char	   *names[FLEXIBLE_ARRAY_MEMBER];
} MaturityCategories;

static char *maturity_categories_text = NULL;
static MaturityCategories *maturity_categories = NULL;

/* Numeric constants, made once per backend in TopMemoryContext. */
static Numeric numeric_zero = NULL;
static Numeric numeric_hundred = NULL;

/* Cached plans. */
static SPIPlanPtr policy_plan = NULL;
static SPIPlanPtr project_org_plan = NULL;
static SPIPlanPtr lock_project_plan = NULL;
static SPIPlanPtr move_project_plan = NULL;
static SPIPlanPtr member_role_plan = NULL;
static SPIPlanPtr artifact_project_plan = NULL;
static SPIPlanPtr later_decision_plan = NULL;
static SPIPlanPtr insert_decision_plan = NULL;
static SPIPlanPtr override_decision_plan = NULL;
static SPIPlanPtr maturity_sum_plan = NULL;
static SPIPlanPtr set_maturity_plan = NULL;
static SPIPlanPtr reset_maturity_plan = NULL;

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
static char *
numeric_text(Numeric num)
{
	return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(num)));
}

/* The gate a gate_phase label names. */
static const GateMove *
gate_move(const char *gate)
{
	for (int i = 0; i < lengthof(gate_moves); i++)
		if (strcmp(gate_moves[i].gate, gate) == 0)
			return &gate_moves[i];
	elog(ERROR, "unknown gate \"%s\"", gate);
	return NULL;				/* keep the compiler quiet */
}

/* The outcome a gate_decision label names. */
static GateOutcome
outcome_from_label(const char *label)
{
	for (int i = 0; i < lengthof(outcome_label); i++)
		if (strcmp(outcome_label[i], label) == 0)
			return (GateOutcome) i;
	elog(ERROR, "unknown gate decision \"%s\"", label);
	return GATE_FAIL;			/* keep the compiler quiet */
}

/* Label of an enum value. */
static char *
enum_label(Datum value)
{
	return DatumGetCString(DirectFunctionCall1(enum_out, value));
}

/* The value of enum type typid with the given label. */
static Datum
enum_value(Oid typid, const char *label)
{
	return DirectFunctionCall2(enum_in, CStringGetDatum(label),
							   ObjectIdGetDatum(typid));
}

/* The gate decision PASS, CONDITIONAL or FAIL. */
static GateOutcome
decide(int32 score, int32 threshold, int32 margin, bool floor_failed)
{
	if (floor_failed)
		return GATE_FAIL;
	if (score >= threshold)
		return GATE_PASS;
	if (score >= threshold - margin)
		return GATE_CONDITIONAL;
	return GATE_FAIL;
}

/* Text of the first column of the first row SPI returned; NULL for no row. */
static char *
spi_first_text(void)
{
	if (SPI_processed == 0)
		return NULL;
	return SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
}

/* Column `attnum` of the first row SPI returned. */
static Datum
spi_column(int attnum, bool *isnull)
{
	return SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc,
						 attnum, isnull);
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
				 errdetail("It must be between 0 and 100; got %s.", numeric_text(n->num))));
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
				 errdetail("Got %s.", numeric_text(term.weight.num))));

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
static void
score_indicators(Jsonb *indicators, IndicatorScore *result)
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

	score_indicators(PG_GETARG_JSONB_P(0), &scored);
	PG_RETURN_INT32(scored.score);
}

/* gate_floor_failed(indicators jsonb) -> boolean: some indicator is below its min */
Datum
gate_floor_failed(PG_FUNCTION_ARGS)
{
	IndicatorScore scored;

	score_indicators(PG_GETARG_JSONB_P(0), &scored);
	PG_RETURN_BOOL(scored.floor_failed >= 0);
}

/* ----------------------------------------------------------------
 * Gate policies and decisions
 * ----------------------------------------------------------------
 */

/*
 * The policy in force for a gate: the organization's own row, else the
 * default row (org_id NULL).  Must be connected to SPI.
 */
static void
lookup_policy(const char *gate, Datum org_id, bool org_isnull, GatePolicy *policy)
{
	Oid			argtypes[2] = {TEXTOID, UUIDOID};
	Datum		values[2];
	char		nulls[2] = {' ', org_isnull ? 'n' : ' '};
	bool		isnull;

	values[0] = CStringGetTextDatum(gate);
	values[1] = org_id;
	agentgov_spi_run(agentgov_plan(&policy_plan,
						   "SELECT threshold, conditional_margin"
						   "  FROM agentgov.gate_policies"
						   " WHERE phase OPERATOR(pg_catalog.=) $1::agentgov.gate_phase"
						   "   AND (org_id OPERATOR(pg_catalog.=) $2 OR org_id IS NULL)"
						   " ORDER BY org_id NULLS LAST LIMIT 1",
						   2, argtypes),
			 values, nulls, true, 1, SPI_OK_SELECT);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("no gate policy for gate %s", gate),
				 errhint("CREATE EXTENSION seeds a default policy per gate (org_id NULL); restore the missing row.")));
	policy->threshold = DatumGetInt32(spi_column(1, &isnull));
	policy->margin = DatumGetInt32(spi_column(2, &isnull));
}

/* gate_threshold(phase gate_phase, org_id uuid DEFAULT NULL) -> integer */
Datum
gate_threshold(PG_FUNCTION_ARGS)
{
	GatePolicy	policy;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	agentgov_spi_connect();
	lookup_policy(enum_label(PG_GETARG_DATUM(0)),
				  PG_ARGISNULL(1) ? (Datum) 0 : PG_GETARG_DATUM(1),
				  PG_ARGISNULL(1), &policy);
	SPI_finish();
	PG_RETURN_INT32(policy.threshold);
}

/* Raise unless an argument of gate_decide() lies in 0..100. */
static void
check_percentage_arg(const char *argname, int32 value)
{
	if (value < 0 || value > 100)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be between 0 and 100", argname),
				 errdetail("Got %d.", value)));
}

/* gate_decide(score, threshold, margin DEFAULT 10, floor_failed DEFAULT false) -> gate_decision */
Datum
gate_decide(PG_FUNCTION_ARGS)
{
	int32		score = PG_GETARG_INT32(0);
	int32		threshold = PG_GETARG_INT32(1);
	int32		margin = PG_GETARG_INT32(2);
	bool		floor_failed = PG_GETARG_BOOL(3);
	Oid			typid = get_fn_expr_rettype(fcinfo->flinfo);

	check_percentage_arg("score", score);
	check_percentage_arg("threshold", threshold);
	check_percentage_arg("margin", margin);
	if (!OidIsValid(typid))
		typid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
								CStringGetDatum("gate_decision"),
								ObjectIdGetDatum(get_namespace_oid(AGENTGOV_SCHEMA, false)));
	PG_RETURN_DATUM(enum_value(typid,
							   outcome_label[decide(score, threshold, margin, floor_failed)]));
}

/* The org of a project found by id alone; raises when there is none. */
static Datum
project_org(Datum project_id)
{
	Oid			argtypes[1] = {UUIDOID};
	bool		isnull;

	agentgov_spi_run(agentgov_plan(&project_org_plan,
						   "SELECT org_id FROM agentgov.projects"
						   " WHERE id OPERATOR(pg_catalog.=) $1 LIMIT 2",
						   1, argtypes),
			 &project_id, NULL, true, 2, SPI_OK_SELECT);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("project %s does not exist", agentgov_uuid_str(project_id))));
	if (SPI_processed > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("project id %s is ambiguous", agentgov_uuid_str(project_id)),
				 errdetail("Projects of several organizations have this id.")));
	return spi_column(1, &isnull);
}

/*
 * Lock a project row FOR NO KEY UPDATE and return its phase; NULL when the
 * row is not there (the caller's foreign key reports it).
 */
static char *
lock_project(Datum org_id, Datum project_id)
{
	Oid			argtypes[2] = {UUIDOID, UUIDOID};
	Datum		values[2] = {org_id, project_id};

	agentgov_spi_run(agentgov_plan(&lock_project_plan,
						   "SELECT phase FROM agentgov.projects"
						   " WHERE org_id OPERATOR(pg_catalog.=) $1"
						   "   AND id OPERATOR(pg_catalog.=) $2"
						   " FOR NO KEY UPDATE",
						   2, argtypes),
			 values, NULL, false, 1, SPI_OK_SELECT);
	return spi_first_text();
}

/*
 * Raise AG004 unless the project is in the phase the gate ends; `verb`
 * says what was attempted ("decided", "overridden").
 */
static void
check_gate_phase(const GateMove *move, const char *phase, Datum project_id,
				 const char *verb)
{
	if (strcmp(phase, move->entry) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_AG_TRANSITION),
				 errmsg("gate %s cannot be %s for a project in phase %s",
						move->gate, verb, phase),
				 errdetail("Gate %s ends phase %s; project %s is in phase %s.",
						   move->gate, move->entry,
						   agentgov_uuid_str(project_id), phase)));
}

/* Record a gate outcome on its project: status, and the next phase on PASS. */
static void
move_project(Datum org_id, Datum project_id, const GateMove *move,
			 GateOutcome outcome, Datum actor)
{
	Oid			argtypes[5] = {UUIDOID, UUIDOID, TEXTOID, TEXTOID, UUIDOID};
	Datum		values[5];

	values[0] = org_id;
	values[1] = project_id;
	values[2] = CStringGetTextDatum(outcome == GATE_PASS ? move->next : move->entry);
	values[3] = CStringGetTextDatum(outcome_status[outcome]);
	values[4] = actor;
	agentgov_spi_run(agentgov_plan(&move_project_plan,
						   "UPDATE agentgov.projects"
						   "   SET phase = $3::agentgov.project_phase,"
						   "       status = $4::agentgov.project_status,"
						   "       last_updated_by = $5"
						   " WHERE org_id OPERATOR(pg_catalog.=) $1"
						   "   AND id OPERATOR(pg_catalog.=) $2",
						   5, argtypes),
			 values, NULL, false, 0, SPI_OK_UPDATE);
}

/* The role of a user in an organization; NULL when not a member. */
static char *
member_role(Datum org_id, Datum user_id)
{
	Oid			argtypes[2] = {UUIDOID, UUIDOID};
	Datum		values[2] = {org_id, user_id};

	agentgov_spi_run(agentgov_plan(&member_role_plan,
						   "SELECT role FROM agentgov.organization_members"
						   " WHERE org_id OPERATOR(pg_catalog.=) $1"
						   "   AND user_id OPERATOR(pg_catalog.=) $2",
						   2, argtypes),
			 values, NULL, true, 1, SPI_OK_SELECT);
	return spi_first_text();
}

/* How errdetail describes a role: "a VIEWER", "not a member of it". */
static const char *
describe_role(const char *role)
{
	return role == NULL ? "not a member of it" : psprintf("a %s", role);
}

/* Raise 42501 unless the decider is a MEMBER or ADMIN of the org. */
static void
check_decider(Datum org_id, Datum user_id)
{
	char	   *role = member_role(org_id, user_id);

	if (role == NULL || strcmp(role, "VIEWER") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("user %s may not decide gates of organization %s",
						agentgov_uuid_str(user_id), agentgov_uuid_str(org_id)),
				 errdetail("Gates are decided by MEMBERs and ADMINs; the user is %s.",
						   describe_role(role))));
}

/* Raise 42501 unless the user is an ADMIN of the org. */
static void
check_admin(Datum org_id, Datum user_id)
{
	char	   *role = member_role(org_id, user_id);

	if (role == NULL || strcmp(role, "ADMIN") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("user %s may not override gates of organization %s",
						agentgov_uuid_str(user_id), agentgov_uuid_str(org_id)),
				 errdetail("Only an ADMIN of the organization may override a gate decision; the user is %s.",
						   describe_role(role))));
}

/* Raise 42501 when the session names an actor other than `user_id`. */
static void
check_acting_user(Datum user_id, const char *column)
{
	pg_uuid_t	actor;

	if (!agentgov_current_user(&actor))
		return;
	if (memcmp(&actor, DatumGetUUIDP(user_id), sizeof(pg_uuid_t)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("%s must be the acting user", column),
				 errdetail("The session acts as %s, not as %s.",
						   agentgov_uuid_str(UUIDPGetDatum(&actor)),
						   agentgov_uuid_str(user_id))));
}

/* Raise 23503 when the artifact belongs to another project. */
static void
check_artifact_project(Datum org_id, Datum artifact_id, Datum project_id)
{
	Oid			argtypes[2] = {UUIDOID, UUIDOID};
	Datum		values[2] = {org_id, artifact_id};
	Datum		owner;
	bool		isnull;

	agentgov_spi_run(agentgov_plan(&artifact_project_plan,
						   "SELECT project_id FROM agentgov.artifacts"
						   " WHERE org_id OPERATOR(pg_catalog.=) $1"
						   "   AND id OPERATOR(pg_catalog.=) $2",
						   2, argtypes),
			 values, NULL, true, 1, SPI_OK_SELECT);
	if (SPI_processed == 0)
		return;					/* the foreign key reports it */
	owner = spi_column(1, &isnull);
	if (!DatumGetBool(DirectFunctionCall2(uuid_eq, owner, project_id)))
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("artifact %s belongs to another project",
						agentgov_uuid_str(artifact_id)),
				 errdetail("A gate decision of project %s can only cite that project's artifacts.",
						   agentgov_uuid_str(project_id))));
}

/* ----------------------------------------------------------------
 * check_gate_decision: BEFORE INSERT OR UPDATE ROW on phase_gate_decisions
 * ----------------------------------------------------------------
 */

/* Column numbers of phase_gate_decisions, looked up by name. */
typedef struct DecisionColumns
{
	int			id;
	int			org_id;
	int			project_id;
	int			artifact_id;
	int			phase;
	int			score;
	int			target_threshold;
	int			decision;
	int			indicators;
	int			decided_by;
	int			override_by;
	int			override_reason;
	int			override_at;
} DecisionColumns;

static void
decision_columns(Relation rel, DecisionColumns *c)
{
	c->id = agentgov_attnum(rel, "id");
	c->org_id = agentgov_attnum(rel, "org_id");
	c->project_id = agentgov_attnum(rel, "project_id");
	c->artifact_id = agentgov_attnum(rel, "artifact_id");
	c->phase = agentgov_attnum(rel, "phase");
	c->score = agentgov_attnum(rel, "score");
	c->target_threshold = agentgov_attnum(rel, "target_threshold");
	c->decision = agentgov_attnum(rel, "decision");
	c->indicators = agentgov_attnum(rel, "indicators");
	c->decided_by = agentgov_attnum(rel, "decided_by");
	c->override_by = agentgov_attnum(rel, "override_by");
	c->override_reason = agentgov_attnum(rel, "override_reason");
	c->override_at = agentgov_attnum(rel, "override_at");
}

/* Raise 23514 when a given value of a decision disagrees with the rules. */
static void
check_given_int(HeapTuple tuple, TupleDesc tupdesc, int attnum, int32 expected,
				const char *column, const char *why)
{
	bool		isnull;
	int32		given = DatumGetInt32(heap_getattr(tuple, attnum, tupdesc, &isnull));

	if (!isnull && given != expected)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("%s %d of the gate decision disagrees with %s", column, given, why),
				 errdetail("It must be %d; leave it out to have it filled in.", expected)));
}

/* Raise 23514 when a given decision disagrees with the computed one. */
static void
check_given_decision(HeapTuple tuple, TupleDesc tupdesc, int attnum,
					 GateOutcome expected, const IndicatorScore *scored,
					 const GatePolicy *policy)
{
	char	   *given = SPI_getvalue(tuple, tupdesc, attnum);

	if (given == NULL || strcmp(given, outcome_label[expected]) == 0)
		return;
	if (scored->floor_failed >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("decision %s of the gate decision disagrees with its indicators", given),
				 errdetail("indicators[%d] is below its floor (min), which makes the decision FAIL.",
						   scored->floor_failed)));
	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 errmsg("decision %s of the gate decision disagrees with its score", given),
			 errdetail("Score %d against threshold %d with a conditional margin of %d gives %s.",
					   scored->score, policy->threshold, policy->margin,
					   outcome_label[expected])));
}

/* INSERT: score and check the decision, fill what is missing, move the project. */
static HeapTuple
gate_decision_inserted(TriggerData *trigdata)
{
	Relation	rel = trigdata->tg_relation;
	TupleDesc	tupdesc = RelationGetDescr(rel);
	HeapTuple	tuple = trigdata->tg_trigtuple;
	DecisionColumns col;
	Datum		org_id;
	Datum		project_id;
	Datum		artifact_id;
	Datum		decided_by;
	Datum		indicators;
	bool		org_null;
	bool		project_null;
	bool		artifact_null;
	bool		decider_null;
	bool		indicators_null;
	char	   *gate;
	const GateMove *move;
	IndicatorScore scored;
	GatePolicy	policy;
	GateOutcome outcome;
	char	   *phase;
	int			cols[3];
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	decision_columns(rel, &col);
	org_id = heap_getattr(tuple, col.org_id, tupdesc, &org_null);
	project_id = heap_getattr(tuple, col.project_id, tupdesc, &project_null);
	artifact_id = heap_getattr(tuple, col.artifact_id, tupdesc, &artifact_null);
	decided_by = heap_getattr(tuple, col.decided_by, tupdesc, &decider_null);
	indicators = heap_getattr(tuple, col.indicators, tupdesc, &indicators_null);
	gate = SPI_getvalue(tuple, tupdesc, col.phase);
	if (org_null || project_null || gate == NULL)
		return tuple;			/* NOT NULL reports it */
	/* score comes first in the table and would be blamed for these */
	if (indicators_null || decider_null)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("column \"%s\" of a gate decision must not be null",
						indicators_null ? "indicators" : "decided_by")));
	move = gate_move(gate);

	if (!heap_attisnull(tuple, col.override_by, tupdesc) ||
		!heap_attisnull(tuple, col.override_reason, tupdesc) ||
		!heap_attisnull(tuple, col.override_at, tupdesc))
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("a new gate decision cannot carry an override"),
				 errhint("Record the decision, then override it with agentgov.override_gate().")));

	score_indicators(DatumGetJsonbP(indicators), &scored);

	agentgov_spi_connect();
	lookup_policy(gate, org_id, false, &policy);
	outcome = decide(scored.score, policy.threshold, policy.margin,
					 scored.floor_failed >= 0);
	check_given_int(tuple, tupdesc, col.score, scored.score, "score", "its indicators");
	check_given_int(tuple, tupdesc, col.target_threshold, policy.threshold,
					"target_threshold", "the gate policy in force");
	check_given_decision(tuple, tupdesc, col.decision, outcome, &scored, &policy);
	check_decider(org_id, decided_by);
	if (!artifact_null)
		check_artifact_project(org_id, artifact_id, project_id);

	phase = lock_project(org_id, project_id);
	if (phase != NULL)
	{
		check_gate_phase(move, phase, project_id, "decided");
		move_project(org_id, project_id, move, outcome, decided_by);
	}
	SPI_finish();

	cols[0] = col.score;
	values[0] = Int32GetDatum(scored.score);
	cols[1] = col.target_threshold;
	values[1] = Int32GetDatum(policy.threshold);
	cols[2] = col.decision;
	values[2] = enum_value(TupleDescAttr(tupdesc, col.decision - 1)->atttypid,
						   outcome_label[outcome]);
	return heap_modify_tuple_by_cols(tuple, tupdesc, 3, cols, values, nulls);
}

/* True when column attnum holds the same value in both tuples. */
static bool
same_value(TupleDesc tupdesc, HeapTuple a, HeapTuple b, int attnum)
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

/*
 * Raise AG004 when an UPDATE changes what a decision recorded.  artifact_id
 * may be cleared: the foreign key does that when the artifact is deleted.
 */
static void
check_record_unchanged(Relation rel, HeapTuple oldtup, HeapTuple newtup,
					   const DecisionColumns *col)
{
	static const char *const recorded[] = {
		"id", "org_id", "project_id", "phase", "score", "target_threshold",
		"indicators", "decided_by", "rationale", "created_at", "decided_at"
	};
	TupleDesc	tupdesc = RelationGetDescr(rel);

	for (int i = 0; i < lengthof(recorded); i++)
		if (!same_value(tupdesc, oldtup, newtup, agentgov_attnum(rel, recorded[i])))
			ereport(ERROR,
					(errcode(ERRCODE_AG_TRANSITION),
					 errmsg("column \"%s\" of a gate decision cannot be changed", recorded[i]),
					 errdetail("A gate decision is a record; only an override changes its decision."),
					 errhint("Record a new decision with agentgov.evaluate_gate(), or override this one with agentgov.override_gate().")));
	if (!same_value(tupdesc, oldtup, newtup, col->artifact_id) &&
		!heap_attisnull(newtup, col->artifact_id, tupdesc))
		ereport(ERROR,
				(errcode(ERRCODE_AG_TRANSITION),
				 errmsg("column \"artifact_id\" of a gate decision cannot be changed"),
				 errdetail("It can only be cleared, as deleting the artifact does.")));
}

/* Raise AG004 when a later decision of the same gate supersedes this one. */
static void
check_latest_decision(Datum org_id, Datum project_id, const char *gate,
					  Datum decided_at, Datum decision_id)
{
	Oid			argtypes[4] = {UUIDOID, UUIDOID, TEXTOID, TIMESTAMPTZOID};
	Datum		values[4];

	values[0] = org_id;
	values[1] = project_id;
	values[2] = CStringGetTextDatum(gate);
	values[3] = decided_at;
	agentgov_spi_run(agentgov_plan(&later_decision_plan,
						   "SELECT 1 FROM agentgov.phase_gate_decisions"
						   " WHERE org_id OPERATOR(pg_catalog.=) $1"
						   "   AND project_id OPERATOR(pg_catalog.=) $2"
						   "   AND phase OPERATOR(pg_catalog.=) $3::agentgov.gate_phase"
						   "   AND decided_at OPERATOR(pg_catalog.>) $4"
						   " LIMIT 1",
						   4, argtypes),
			 values, NULL, false, 1, SPI_OK_SELECT);
	if (SPI_processed > 0)
		ereport(ERROR,
				(errcode(ERRCODE_AG_TRANSITION),
				 errmsg("gate decision %s is superseded by a later decision of gate %s",
						agentgov_uuid_str(decision_id), gate),
				 errhint("Override the latest decision of the gate.")));
}

/* Raise unless an override reason has some text in it. */
static char *
override_reason(HeapTuple tuple, TupleDesc tupdesc, int attnum)
{
	char	   *reason = SPI_getvalue(tuple, tupdesc, attnum);
	const char *p = reason;

	while (p != NULL && *p != '\0' && isspace((unsigned char) *p))
		p++;
	if (p == NULL || *p == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("an override of a gate decision needs a reason")));
	return reason;
}

/*
 * UPDATE: the record is immutable; a change of decision is an override by
 * an ADMIN, applied to the project like a fresh decision and audited.
 */
static HeapTuple
gate_decision_updated(TriggerData *trigdata)
{
	Relation	rel = trigdata->tg_relation;
	TupleDesc	tupdesc = RelationGetDescr(rel);
	HeapTuple	oldtup = trigdata->tg_trigtuple;
	HeapTuple	newtup = trigdata->tg_newtuple;
	DecisionColumns col;
	Datum		id;
	Datum		org_id;
	Datum		project_id;
	Datum		by;
	bool		isnull;
	bool		by_null;
	char	   *gate;
	char	   *old_decision;
	char	   *new_decision;
	char	   *reason;
	char	   *phase;
	const GateMove *move;
	GateOutcome outcome;
	int			attnum;
	Datum		stamp;
	bool		stamp_null = false;

	decision_columns(rel, &col);
	check_record_unchanged(rel, oldtup, newtup, &col);
	if (same_value(tupdesc, oldtup, newtup, col.decision) &&
		same_value(tupdesc, oldtup, newtup, col.override_by) &&
		same_value(tupdesc, oldtup, newtup, col.override_reason) &&
		same_value(tupdesc, oldtup, newtup, col.override_at))
		return newtup;

	id = heap_getattr(oldtup, col.id, tupdesc, &isnull);
	org_id = heap_getattr(oldtup, col.org_id, tupdesc, &isnull);
	project_id = heap_getattr(oldtup, col.project_id, tupdesc, &isnull);
	gate = SPI_getvalue(oldtup, tupdesc, col.phase);
	old_decision = SPI_getvalue(oldtup, tupdesc, col.decision);
	new_decision = SPI_getvalue(newtup, tupdesc, col.decision);
	by = heap_getattr(newtup, col.override_by, tupdesc, &by_null);
	move = gate_move(gate);

	if (new_decision == NULL)
		return newtup;			/* NOT NULL reports it */
	if (strcmp(old_decision, new_decision) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_AG_TRANSITION),
				 errmsg("gate decision %s is already %s", agentgov_uuid_str(id), old_decision),
				 errdetail("An override changes the decision; its override columns change only with it.")));
	if (by_null)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("only an override by an ADMIN can change a gate decision"),
				 errhint("Use agentgov.override_gate(decision_id, by, reason, new_decision).")));
	reason = override_reason(newtup, tupdesc, col.override_reason);
	check_acting_user(by, "override_by");
	outcome = outcome_from_label(new_decision);

	agentgov_spi_connect();
	check_admin(org_id, by);
	phase = lock_project(org_id, project_id);
	if (phase == NULL)
		elog(ERROR, "project %s of gate decision %s is missing",
			 agentgov_uuid_str(project_id), agentgov_uuid_str(id));
	check_latest_decision(org_id, project_id, gate,
						  heap_getattr(oldtup, agentgov_attnum(rel, "decided_at"), tupdesc, &isnull),
						  id);
	check_gate_phase(move, phase, project_id, "overridden");
	move_project(org_id, project_id, move, outcome, by);
	/* audit_row() records this change as the OVERRIDE it is. */
	agentgov_audit_annotate("phase_gate_decisions", agentgov_uuid_str(id), "OVERRIDE",
							DatumGetUUIDP(by), reason);
	SPI_finish();

	attnum = col.override_at;
	stamp = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
	return heap_modify_tuple_by_cols(newtup, tupdesc, 1, &attnum, &stamp, &stamp_null);
}

Datum
check_gate_decision(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	agentgov_check_trigger(fcinfo, "check_gate_decision",
						   AG_ON_INSERT | AG_ON_UPDATE, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		return PointerGetDatum(gate_decision_inserted(trigdata));
	return PointerGetDatum(gate_decision_updated(trigdata));
}

/* ----------------------------------------------------------------
 * evaluate_gate() and override_gate()
 * ----------------------------------------------------------------
 */

/* Raise 22004 when one of the first `nargs` arguments is NULL. */
static void
check_required_args(FunctionCallInfo fcinfo, const char *const *argnames, int nargs)
{
	for (int i = 0; i < nargs; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not be null", argnames[i])));
}

/* The whole-row result of an INSERT or UPDATE ... RETURNING d, out of SPI. */
static Datum
returned_row(void)
{
	bool		isnull;

	return SPI_datumTransfer(spi_column(1, &isnull), false, -1);
}

/*
 * evaluate_gate(project_id, phase, indicators, decided_by, rationale
 *				 [, artifact_id]) -> phase_gate_decisions
 * Inserts the decision; check_gate_decision() scores it and moves the project.
 */
Datum
evaluate_gate(PG_FUNCTION_ARGS)
{
	static const char *const argnames[] = {
		"project_id", "phase", "indicators", "decided_by", "rationale"
	};
	Oid			argtypes[7] = {UUIDOID, UUIDOID, UUIDOID, TEXTOID, JSONBOID, UUIDOID, TEXTOID};
	Datum		values[7];
	char		nulls[7] = {' ', ' ', PG_ARGISNULL(5) ? 'n' : ' ', ' ', ' ', ' ', ' '};
	Datum		result;

	check_required_args(fcinfo, argnames, lengthof(argnames));
	agentgov_spi_connect();
	values[0] = project_org(PG_GETARG_DATUM(0));
	values[1] = PG_GETARG_DATUM(0);
	values[2] = PG_ARGISNULL(5) ? (Datum) 0 : PG_GETARG_DATUM(5);
	values[3] = CStringGetTextDatum(enum_label(PG_GETARG_DATUM(1)));
	values[4] = PG_GETARG_DATUM(2);
	values[5] = PG_GETARG_DATUM(3);
	values[6] = PG_GETARG_DATUM(4);
	agentgov_spi_run(agentgov_plan(&insert_decision_plan,
						   "INSERT INTO agentgov.phase_gate_decisions AS d"
						   " (org_id, project_id, artifact_id, phase, indicators, decided_by, rationale)"
						   " VALUES ($1, $2, $3, $4::agentgov.gate_phase, $5, $6, $7)"
						   " RETURNING d",
						   7, argtypes),
			 values, nulls, false, 0, SPI_OK_INSERT_RETURNING);
	result = returned_row();
	SPI_finish();
	PG_RETURN_DATUM(result);
}

/*
 * override_gate(decision_id, by, reason, new_decision) -> phase_gate_decisions
 * Updates the decision; check_gate_decision() checks and applies the override.
 */
Datum
override_gate(PG_FUNCTION_ARGS)
{
	static const char *const argnames[] = {"decision_id", "by", "reason", "new_decision"};
	Oid			argtypes[4] = {UUIDOID, UUIDOID, TEXTOID, TEXTOID};
	Datum		values[4];
	Datum		result;

	check_required_args(fcinfo, argnames, lengthof(argnames));
	agentgov_spi_connect();
	values[0] = PG_GETARG_DATUM(0);
	values[1] = PG_GETARG_DATUM(1);
	values[2] = PG_GETARG_DATUM(2);
	values[3] = CStringGetTextDatum(enum_label(PG_GETARG_DATUM(3)));
	agentgov_spi_run(agentgov_plan(&override_decision_plan,
						   "UPDATE agentgov.phase_gate_decisions AS d"
						   "   SET decision = $4::agentgov.gate_decision,"
						   "       override_by = $2, override_reason = $3"
						   " WHERE id OPERATOR(pg_catalog.=) $1"
						   " RETURNING d",
						   4, argtypes),
			 values, NULL, false, 0, SPI_OK_UPDATE_RETURNING);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gate decision %s does not exist",
						agentgov_uuid_str(PG_GETARG_DATUM(0)))));
	if (SPI_processed > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gate decision id %s is ambiguous",
						agentgov_uuid_str(PG_GETARG_DATUM(0))),
				 errdetail("Decisions of several organizations have this id.")));
	result = returned_row();
	SPI_finish();
	PG_RETURN_DATUM(result);
}

/* ----------------------------------------------------------------
 * quality_metric_passed: BEFORE INSERT OR UPDATE ROW on quality_metrics
 *
 * passed follows metric_value >= threshold.  Left NULL it is filled in;
 * given, it must agree.  On UPDATE a passed the statement leaves as it was
 * follows new values; one it changes must agree.  Without a threshold
 * passed is the caller's to give.
 * ----------------------------------------------------------------
 */
Datum
quality_metric_passed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	HeapTuple	tuple;
	int			att_value;
	int			att_threshold;
	int			att_passed;
	Datum		value;
	Datum		threshold;
	Datum		passed;
	bool		value_null;
	bool		threshold_null;
	bool		passed_null;
	bool		expected;
	bool		isnull = false;

	agentgov_check_trigger(fcinfo, "quality_metric_passed",
						   AG_ON_INSERT | AG_ON_UPDATE, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	tupdesc = RelationGetDescr(rel);
	tuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
		trigdata->tg_newtuple : trigdata->tg_trigtuple;
	att_value = agentgov_attnum(rel, "metric_value");
	att_threshold = agentgov_attnum(rel, "threshold");
	att_passed = agentgov_attnum(rel, "passed");

	value = heap_getattr(tuple, att_value, tupdesc, &value_null);
	threshold = heap_getattr(tuple, att_threshold, tupdesc, &threshold_null);
	passed = heap_getattr(tuple, att_passed, tupdesc, &passed_null);
	if (value_null)
		return PointerGetDatum(tuple);	/* NOT NULL reports it */
	if (threshold_null)
	{
		if (passed_null)
			ereport(ERROR,
					(errcode(ERRCODE_NOT_NULL_VIOLATION),
					 errmsg("a quality metric without a threshold needs passed"),
					 errdetail("passed follows metric_value >= threshold; with no threshold it must be given.")));
		return PointerGetDatum(tuple);
	}

	expected = DatumGetInt32(DirectFunctionCall2(numeric_cmp, value, threshold)) >= 0;
	if (!passed_null && DatumGetBool(passed) != expected)
	{
		bool		old_null = true;
		Datum		old = (Datum) 0;

		if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
			old = heap_getattr(trigdata->tg_trigtuple, att_passed, tupdesc, &old_null);
		if (old_null || DatumGetBool(old) != DatumGetBool(passed))
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("passed = %s contradicts metric_value and threshold",
							DatumGetBool(passed) ? "true" : "false"),
					 errdetail("metric_value %s is %s threshold %s.",
							   numeric_text(DatumGetNumeric(value)),
							   expected ? "at or above" : "below",
							   numeric_text(DatumGetNumeric(threshold))),
					 errhint("Leave passed out to have it filled in.")));
	}
	if (!passed_null && DatumGetBool(passed) == expected)
		return PointerGetDatum(tuple);
	passed = BoolGetDatum(expected);
	return PointerGetDatum(heap_modify_tuple_by_cols(tuple, tupdesc, 1, &att_passed,
													 &passed, &isnull));
}

/* ----------------------------------------------------------------
 * Maturity: agentgov.maturity_categories and projects.maturity_score
 * ----------------------------------------------------------------
 */

/*
 * Check hook of agentgov.maturity_categories: a comma-separated list of
 * distinct, non-empty category names of at most 100 characters (double
 * quotes allow commas and spaces in a name).  The parsed list goes to
 * *extra, malloc'd as the GUC machinery requires.
 */
static bool
check_maturity_categories(char **newval, void **extra, GucSource source)
{
	char	   *raw = pstrdup(*newval == NULL ? "" : *newval);
	List	   *names;
	const char *problem = NULL;
	ListCell   *lc;
	Size		size;
	MaturityCategories *parsed = NULL;

	if (!SplitGUCList(raw, ',', &names))
		problem = "List syntax is invalid.";
	else if (names == NIL)
		problem = "Name at least one maturity category.";
	size = offsetof(MaturityCategories, names) + list_length(names) * sizeof(char *);
	foreach(lc, names)
	{
		const char *name = lfirst(lc);

		if (problem != NULL)
			break;
		if (pg_mbstrlen(name) > MATURITY_CATEGORY_MAXLEN)
			problem = psprintf("Category \"%s\" is longer than %d characters.",
							   name, MATURITY_CATEGORY_MAXLEN);
		for (ListCell *prev = list_head(names); prev != lc && problem == NULL;
			 prev = lnext(names, prev))
			if (strcmp(lfirst(prev), name) == 0)
				problem = psprintf("Category \"%s\" is listed twice.", name);
		size += strlen(name) + 1;
	}

	if (problem == NULL)
	{
		parsed = (MaturityCategories *) malloc(size);
		if (parsed == NULL)
		{
			GUC_check_errcode(ERRCODE_OUT_OF_MEMORY);
			problem = "Out of memory.";
		}
	}
	if (problem != NULL)
		GUC_check_errdetail("%s", problem);
	else
	{
		char	   *p = (char *) &parsed->names[list_length(names)];

		parsed->count = 0;
		foreach(lc, names)
		{
			strcpy(p, lfirst(lc));
			parsed->names[parsed->count++] = p;
			p += strlen(p) + 1;
		}
		*extra = parsed;
	}
	list_free(names);
	pfree(raw);
	return problem == NULL;
}

static void
assign_maturity_categories(const char *newval, void *extra)
{
	maturity_categories = (MaturityCategories *) extra;
}

/*
 * Called from _PG_init.  The default is every category the socrates seed
 * names (its questions.category list, which "matches specification
 * categories"); the seed counts 12 maturity categories but names only these
 * ten, and inventing two would skew every score.
 */
void
agentgov_define_gates_settings(void)
{
	DefineCustomStringVariable("agentgov.maturity_categories",
							   "Categories whose latest maturity_tracking scores make up projects.maturity_score.",
							   "A comma-separated list; a category without scores counts 0.  Set it per database (ALTER DATABASE ... SET) and call agentgov.refresh_maturity() on existing projects after a change.",
							   &maturity_categories_text,
							   "goals, requirements, tech_stack, scalability, security, "
							   "performance, testing, monitoring, data_retention, disaster_recovery",
							   PGC_SUSET, GUC_LIST_INPUT,
							   check_maturity_categories, assign_maturity_categories, NULL);
}

/* The configured categories as a text[] Datum. */
static Datum
maturity_category_array(void)
{
	Datum	   *elems = palloc(sizeof(Datum) * maturity_categories->count);

	for (int i = 0; i < maturity_categories->count; i++)
		elems[i] = CStringGetTextDatum(maturity_categories->names[i]);
	return PointerGetDatum(construct_array(elems, maturity_categories->count,
										   TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * The maturity a project's scores give now: the mean, over the configured
 * categories, of each category's latest score (0 for none), rounded half
 * away from zero.  Ties in calculated_at go to the higher score.  Must be
 * connected to SPI; reads with a fresh snapshot.
 */
static int32
compute_maturity(Datum org_id, Datum project_id)
{
	Oid			argtypes[3] = {UUIDOID, UUIDOID, TEXTARRAYOID};
	Datum		values[3] = {org_id, project_id, maturity_category_array()};
	int64		sum;
	int64		count = maturity_categories->count;
	bool		isnull;

	agentgov_spi_run(agentgov_plan(&maturity_sum_plan,
						   "SELECT COALESCE(pg_catalog.sum(score), 0) FROM ("
						   " SELECT DISTINCT ON (category) score"
						   "   FROM agentgov.maturity_tracking"
						   "  WHERE org_id OPERATOR(pg_catalog.=) $1"
						   "    AND project_id OPERATOR(pg_catalog.=) $2"
						   "    AND category OPERATOR(pg_catalog.=) ANY ($3)"
						   "  ORDER BY category, calculated_at DESC, score DESC) AS latest",
						   3, argtypes),
			 values, NULL, false, 1, SPI_OK_SELECT);
	sum = DatumGetInt64(spi_column(1, &isnull));
	return (int32) ((2 * sum + count) / (2 * count));
}

/*
 * Lock a project and bring its maturity_score up to date; false when the
 * project is gone (a cascaded delete).  Must be connected to SPI.
 */
static bool
refresh_project_maturity(Datum org_id, Datum project_id, int32 *score)
{
	Oid			argtypes[3] = {UUIDOID, UUIDOID, INT4OID};
	Datum		values[3] = {org_id, project_id, (Datum) 0};

	if (lock_project(org_id, project_id) == NULL)
		return false;
	*score = compute_maturity(org_id, project_id);
	values[2] = Int32GetDatum(*score);
	agentgov_spi_run(agentgov_plan(&set_maturity_plan,
						   "UPDATE agentgov.projects SET maturity_score = $3"
						   " WHERE org_id OPERATOR(pg_catalog.=) $1"
						   "   AND id OPERATOR(pg_catalog.=) $2"
						   "   AND maturity_score OPERATOR(pg_catalog.<>) $3",
						   3, argtypes),
			 values, NULL, false, 0, SPI_OK_UPDATE);
	return true;
}

/* True when an UPDATE of maturity_tracking changed what maturity depends on. */
static bool
maturity_inputs_changed(Relation rel, HeapTuple oldtup, HeapTuple newtup)
{
	static const char *const inputs[] = {
		"org_id", "project_id", "category", "score", "calculated_at"
	};

	for (int i = 0; i < lengthof(inputs); i++)
		if (!same_value(RelationGetDescr(rel), oldtup, newtup,
						agentgov_attnum(rel, inputs[i])))
			return true;
	return false;
}

/*
 * maturity_follows: AFTER INSERT OR UPDATE OR DELETE ROW on maturity_tracking.
 * Recounts the maturity of the row's project (both projects when an UPDATE
 * moves a row).
 */
Datum
maturity_follows(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	HeapTuple	rows[2];
	int			nrows = 0;
	int			att_org;
	int			att_project;
	int32		score;

	agentgov_check_trigger(fcinfo, "maturity_follows",
						   AG_ON_INSERT | AG_ON_UPDATE | AG_ON_DELETE, false);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	tupdesc = RelationGetDescr(rel);
	att_org = agentgov_attnum(rel, "org_id");
	att_project = agentgov_attnum(rel, "project_id");

	if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		if (!maturity_inputs_changed(rel, trigdata->tg_trigtuple, trigdata->tg_newtuple))
			return PointerGetDatum(NULL);
		rows[nrows++] = trigdata->tg_trigtuple;
		if (!same_value(tupdesc, trigdata->tg_trigtuple, trigdata->tg_newtuple, att_org) ||
			!same_value(tupdesc, trigdata->tg_trigtuple, trigdata->tg_newtuple, att_project))
			rows[nrows++] = trigdata->tg_newtuple;
	}
	else
		rows[nrows++] = trigdata->tg_trigtuple;

	agentgov_spi_connect();
	for (int i = 0; i < nrows; i++)
	{
		bool		isnull;

		(void) refresh_project_maturity(heap_getattr(rows[i], att_org, tupdesc, &isnull),
										heap_getattr(rows[i], att_project, tupdesc, &isnull),
										&score);
	}
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* maturity_truncated: AFTER TRUNCATE on maturity_tracking: every maturity is 0. */
Datum
maturity_truncated(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo) ||
		!TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event) ||
		!TRIGGER_FIRED_AFTER(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"maturity_truncated\" must be fired AFTER TRUNCATE")));
	agentgov_spi_connect();
	agentgov_spi_run(agentgov_plan(&reset_maturity_plan,
						   "UPDATE agentgov.projects SET maturity_score = 0"
						   " WHERE maturity_score OPERATOR(pg_catalog.<>) 0",
						   0, NULL),
			 NULL, NULL, false, 0, SPI_OK_UPDATE);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/*
 * check_maturity_score: BEFORE INSERT OR UPDATE OF maturity_score ROW on
 * projects.  A new project has no scores, so its maturity is 0; a changed
 * maturity_score must be the one maturity_tracking gives.
 */
Datum
check_maturity_score(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	HeapTuple	tuple;
	int			att_score;
	int32		given;
	int32		expected = 0;
	bool		isnull;

	agentgov_check_trigger(fcinfo, "check_maturity_score",
						   AG_ON_INSERT | AG_ON_UPDATE, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	tupdesc = RelationGetDescr(rel);
	att_score = agentgov_attnum(rel, "maturity_score");
	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		tuple = trigdata->tg_trigtuple;
	else
	{
		tuple = trigdata->tg_newtuple;
		if (same_value(tupdesc, trigdata->tg_trigtuple, tuple, att_score))
			return PointerGetDatum(tuple);
	}
	given = DatumGetInt32(heap_getattr(tuple, att_score, tupdesc, &isnull));
	if (isnull)
		return PointerGetDatum(tuple);	/* NOT NULL reports it */

	if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		agentgov_spi_connect();
		expected = compute_maturity(heap_getattr(tuple, agentgov_attnum(rel, "org_id"), tupdesc, &isnull),
									heap_getattr(tuple, agentgov_attnum(rel, "id"), tupdesc, &isnull));
		SPI_finish();
	}
	if (given != expected)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("maturity_score %d disagrees with the project's maturity_tracking scores", given),
				 errdetail("The mean of the latest score in each of the %d categories of agentgov.maturity_categories is %d.",
						   maturity_categories->count, expected),
				 errhint("maturity_score follows maturity_tracking; insert scores there.")));
	return PointerGetDatum(tuple);
}

/* refresh_maturity(project_id uuid) -> integer: recount one project's maturity. */
Datum
refresh_maturity(PG_FUNCTION_ARGS)
{
	Datum		project_id = PG_GETARG_DATUM(0);
	int32		score = 0;

	agentgov_spi_connect();
	(void) refresh_project_maturity(project_org(project_id), project_id, &score);
	SPI_finish();
	PG_RETURN_INT32(score);
}
