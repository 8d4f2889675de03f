/*-------------------------------------------------------------------------
 *
 * divergence.c
 *	  Divergence between what artifacts assumed and what telemetry shows.
 *
 * tier_delta() and classify_divergence() hold the rule; the BEFORE trigger
 * classify_divergence_report() applies it to every row written into
 * divergence_reports.  analyze_cascade() and detect_divergences(), which
 * apply it to a project's data, are in divergence_detect.c.
 *
 * Values are read as numbers when they match this grammar, after surrounding
 * whitespace is trimmed (anything else is text):
 *
 *	  [sign] [currency [spaces]] [sign] digits [. digits] [[spaces] unit]
 *
 * with at most one sign (+ or -), currency one of $ (and, in UTF-8
 * databases, the euro, pound and yen signs), digits either plain or grouped
 * by commas in threes (1,200 or 1200), a decimal point only with digits after
 * it, and unit a suffix of letters, non-ASCII characters, %, /, _, - . and
 * spaces that starts with a letter, a non-ASCII character, % or /.  Neither
 * part may hold more than 1000 digits.  The digits are handed to numeric_in
 * and all arithmetic is exact numeric arithmetic.  Two values compare as
 * numbers only when their units agree (currency and suffix together,
 * ignoring case and spaces) or one side has none; "200ms" and "0.3 s" are
 * not converted, they compare as text.
 *
 * The thresholds agentgov.divergence_minor_pct and divergence_major_pct are
 * each checked when set (greater than zero); that minor is below major is
 * checked where they are used, so that they can be changed one at a time in
 * either order (a SET that leaves them out of order warns).
 *
 * Locking: none (the functions here compute; see divergence_detect.c).
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "divergence.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_collation_d.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/formatting.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(tier_delta);
PG_FUNCTION_INFO_V1(classify_divergence);
PG_FUNCTION_INFO_V1(classify_divergence_report);

/* Longest integer or fractional part read as a number. */
#define MAX_VALUE_DIGITS		1000

/* The vocabularies, in the order of their enum types (see divergence.h). */
const char *const agentgov_tier_labels[NUM_TIERS] = {"E0", "E1", "E2", "E3", "E4"};
const char *const agentgov_divergence_type_labels[NUM_TYPES] = {
	"PERSONA_MISMATCH", "FEATURE_ADOPTION_MISS", "PRICING_ELASTICITY_MISS", "LATENCY_MISS"
};
const char *const agentgov_divergence_class_labels[NUM_CLASSES] = {"COSMETIC", "MINOR", "MAJOR"};

/* A tier_delta of at least this raises the class one step. */
#define ESCALATION_TIER_DELTA 3

/* ----------------------------------------------------------------
 * Settings
 * ----------------------------------------------------------------
 */
static double divergence_minor_pct = 10.0;
static double divergence_major_pct = 25.0;
int			agentgov_telemetry_evidence_tier = NUM_TIERS - 1;

static const struct config_enum_entry tier_options[] = {
	{"E0", 0, false},
	{"E1", 1, false},
	{"E2", 2, false},
	{"E3", 3, false},
	{"E4", 4, false},
	{NULL, 0, false}
};

/*
 * A threshold must be greater than zero.  Its order against the other one
 * is not a reason to refuse: that would make some targets reachable only by
 * setting the two in one particular order (and a configuration file or
 * ALTER ROLE ... SET applies them in an order we do not choose).  A SET
 * that leaves them out of order warns; using them out of order is an error.
 */
static bool
check_threshold(double *newval, GucSource source, bool is_minor)
{
	double		minor = is_minor ? *newval : divergence_minor_pct;
	double		major = is_minor ? divergence_major_pct : *newval;

	if (!(*newval > 0.0))
	{
		GUC_check_errdetail("A divergence threshold must be greater than zero.");
		return false;
	}
	if (source == PGC_S_SESSION && !(minor < major))
		ereport(WARNING,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("agentgov.divergence_minor_pct (%g) is not below agentgov.divergence_major_pct (%g)",
						minor, major),
				 errdetail("Classifying divergences fails until it is."),
				 errhint("Set %s as well.",
						 is_minor ? "agentgov.divergence_major_pct" : "agentgov.divergence_minor_pct")));
	return true;
}

/* GUC check hooks of the two thresholds. */
static bool
check_minor_pct(double *newval, void **extra, GucSource source)
{
	return check_threshold(newval, source, true);
}

static bool
check_major_pct(double *newval, void **extra, GucSource source)
{
	return check_threshold(newval, source, false);
}

/* Called from _PG_init. */
void
agentgov_define_divergence_settings(void)
{
	DefineCustomRealVariable("agentgov.divergence_minor_pct",
							 "Relative deviation, in percent, from which a divergence is MINOR rather than COSMETIC.",
							 "Must be greater than zero and below agentgov.divergence_major_pct.",
							 &divergence_minor_pct, 10.0, 0.0, 1000000.0,
							 PGC_SUSET, 0, check_minor_pct, NULL, NULL);
	DefineCustomRealVariable("agentgov.divergence_major_pct",
							 "Relative deviation, in percent, from which a divergence is MAJOR.",
							 "Must be above agentgov.divergence_minor_pct.",
							 &divergence_major_pct, 25.0, 0.0, 1000000.0,
							 PGC_SUSET, 0, check_major_pct, NULL, NULL);
	DefineCustomEnumVariable("agentgov.telemetry_evidence_tier",
							 "Highest evidence tier telemetry counts as in detect_divergences().",
							 "An observation counts as the lower of this and its own evidence_tier.",
							 &agentgov_telemetry_evidence_tier, NUM_TIERS - 1, tier_options,
							 PGC_SUSET, 0, NULL, NULL, NULL);
}

/* The thresholds as numerics, cached for as long as the settings stay. */
typedef struct Thresholds
{
	Numeric		minor;
	Numeric		major;
	Numeric		hundred;
	double		minor_pct;		/* the settings they were made from */
	double		major_pct;
} Thresholds;

/*
 * Keep *num equal to `value` as a numeric in TopMemoryContext; *made_from
 * remembers the value it was made from.
 */
static void
refresh_numeric(Numeric *num, double *made_from, double value)
{
	Numeric		fresh;
	Numeric		copy;

	if (*num != NULL && *made_from == value)
		return;
	fresh = DatumGetNumeric(DirectFunctionCall1(float8_numeric, Float8GetDatum(value)));
	copy = MemoryContextAlloc(TopMemoryContext, VARSIZE(fresh));
	memcpy(copy, fresh, VARSIZE(fresh));
	pfree(fresh);
	if (*num != NULL)
		pfree(*num);
	*num = copy;
	*made_from = value;
}

/* The thresholds in force; raises when they are out of order. */
const Thresholds *
agentgov_divergence_thresholds(void)
{
	static Thresholds cache = {NULL, NULL, NULL, 0.0, 0.0};
	double		hundred = 100.0;

	if (!(divergence_minor_pct < divergence_major_pct))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("agentgov.divergence_minor_pct must be below agentgov.divergence_major_pct"),
				 errdetail("agentgov.divergence_minor_pct is %g and agentgov.divergence_major_pct is %g.",
						   divergence_minor_pct, divergence_major_pct),
				 errhint("Set both; the order in which they are set does not matter.")));

	refresh_numeric(&cache.minor, &cache.minor_pct, divergence_minor_pct);
	refresh_numeric(&cache.major, &cache.major_pct, divergence_major_pct);
	refresh_numeric(&cache.hundred, &hundred, 100.0);
	return &cache;
}

/* ----------------------------------------------------------------
 * Reading values
 * ----------------------------------------------------------------
 */

/* A value as read: a number with its currency and unit, or text. */
typedef struct ParsedValue
{
	Numeric		number;			/* NULL when the value is text */
	char	   *unit;			/* currency and suffix, lower case, no spaces */
} ParsedValue;

/* ASCII whitespace, as trimmed around values. */
static inline bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* ASCII digits only, as numeric_in reads them. */
static inline bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Trim surrounding whitespace off [*s, *s + *len). */
void
agentgov_trim_span(const char **s, int *len)
{
	while (*len > 0 && is_space(**s))
	{
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_space((*s)[*len - 1]))
		(*len)--;
}

/* Length of the currency sign at p, 0 if there is none. */
static int
currency_length(const char *p, const char *end)
{
	static const char *const utf8_signs[] = {
		"\xE2\x82\xAC",			/* euro */
		"\xC2\xA3",				/* pound */
		"\xC2\xA5",				/* yen */
	};

	if (p < end && *p == '$')
		return 1;
	if (GetDatabaseEncoding() != PG_UTF8)
		return 0;
	for (int i = 0; i < lengthof(utf8_signs); i++)
	{
		int			n = strlen(utf8_signs[i]);

		if (end - p >= n && memcmp(p, utf8_signs[i], n) == 0)
			return n;
	}
	return 0;
}

/* A unit starts with a letter, a non-ASCII character, % or /. */
static inline bool
unit_start_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(unsigned char) c >= 0x80 || c == '%' || c == '/';
}

/* Characters a unit may hold after its first. */
static inline bool
unit_char(char c)
{
	return unit_start_char(c) || c == '_' || c == '-' || c == '.' || is_space(c);
}

/* The unit key: currency then suffix, ASCII lower-cased, without spaces. */
static char *
unit_key(const char *currency, int currency_len, const char *suffix, int suffix_len)
{
	char	   *key = palloc(currency_len + suffix_len + 1);
	char	   *k = key;

	for (int i = 0; i < currency_len; i++)
		*k++ = currency[i];
	for (int i = 0; i < suffix_len; i++)
		if (!is_space(suffix[i]))
			*k++ = pg_ascii_tolower((unsigned char) suffix[i]);
	*k = '\0';
	return key;
}

/*
 * Read a trimmed value as a number (see the grammar in the file header).
 * Returns false, leaving *out alone, when the value is text.
 */
static bool
parse_number(const char *s, int len, ParsedValue *out)
{
	const char *p = s;
	const char *end = s + len;
	const char *currency = p;
	const char *int_start;
	const char *int_end;
	const char *frac_start = NULL;
	int			currency_len;
	int			int_digits;
	int			frac_digits = 0;
	bool		negative = false;
	bool		signed_ = false;
	char		sbuf[64];
	char	   *buf;
	char	   *b;

	if (p < end && (*p == '+' || *p == '-'))
	{
		negative = (*p++ == '-');
		signed_ = true;
	}
	currency = p;
	currency_len = currency_length(p, end);
	if (currency_len > 0)
	{
		p += currency_len;
		while (p < end && is_space(*p))
			p++;
		if (!signed_ && p < end && (*p == '+' || *p == '-'))
			negative = (*p++ == '-');
	}

	/* Integer part: plain digits, or 1-3 digits then groups of ",ddd". */
	int_start = p;
	while (p < end && is_digit(*p))
		p++;
	int_digits = p - int_start;
	if (p < end && *p == ',' && int_digits >= 1 && int_digits <= 3)
	{
		while (p < end && *p == ',')
		{
			if (end - p < 4 || !is_digit(p[1]) || !is_digit(p[2]) || !is_digit(p[3]))
				return false;
			p += 4;
			int_digits += 3;
		}
		if (p < end && is_digit(*p))
			return false;
	}
	int_end = p;

	/* Fraction: a point and at least one digit. */
	if (p < end && *p == '.')
	{
		frac_start = ++p;
		while (p < end && is_digit(*p))
			p++;
		frac_digits = p - frac_start;
		if (frac_digits == 0)
			return false;
	}
	if (int_digits + frac_digits == 0 ||
		int_digits > MAX_VALUE_DIGITS || frac_digits > MAX_VALUE_DIGITS)
		return false;

	/* Unit. */
	while (p < end && is_space(*p))
		p++;
	if (p < end && !unit_start_char(*p))
		return false;
	for (const char *u = p; u < end; u++)
		if (!unit_char(*u))
			return false;

	/* Hand the bare digits to numeric_in. */
	buf = (int_digits + frac_digits + 4 <= sizeof(sbuf)) ?
		sbuf : palloc(int_digits + frac_digits + 4);
	b = buf;
	if (negative)
		*b++ = '-';
	if (int_digits == 0)
		*b++ = '0';
	for (const char *d = int_start; d < int_end; d++)
		if (*d != ',')
			*b++ = *d;
	if (frac_digits > 0)
	{
		*b++ = '.';
		memcpy(b, frac_start, frac_digits);
		b += frac_digits;
	}
	*b = '\0';

	out->number = DatumGetNumeric(DirectFunctionCall3(numeric_in,
													  CStringGetDatum(buf),
													  ObjectIdGetDatum(InvalidOid),
													  Int32GetDatum(-1)));
	out->unit = unit_key(currency, currency_len, p, end - p);
	if (buf != sbuf)
		pfree(buf);
	return true;
}

/* Two numbers compare when their units agree or one has none. */
static bool
units_agree(const ParsedValue *a, const ParsedValue *b)
{
	return a->unit[0] == '\0' || b->unit[0] == '\0' || strcmp(a->unit, b->unit) == 0;
}

/* Whether a string is plain ASCII (then case folding needs no locale). */
static bool
is_ascii(const char *s, int len)
{
	for (int i = 0; i < len; i++)
		if ((unsigned char) s[i] >= 0x80)
			return false;
	return true;
}

/* Trimmed texts equal ignoring case (lower() of the given collation). */
static bool
texts_equal_ignoring_case(const char *a, int alen, const char *b, int blen, Oid collid)
{
	char	   *la;
	char	   *lb;
	bool		equal;

	if (alen == blen && memcmp(a, b, alen) == 0)
		return true;
	if (is_ascii(a, alen) && is_ascii(b, blen))
		return alen == blen && pg_strncasecmp(a, b, alen) == 0;
	la = str_tolower(a, alen, collid);
	lb = str_tolower(b, blen, collid);
	equal = strcmp(la, lb) == 0;
	pfree(la);
	pfree(lb);
	return equal;
}

/* ----------------------------------------------------------------
 * The rule
 * ----------------------------------------------------------------
 */

/* Class of a numeric deviation: |actual - assumed| against |assumed|. */
static DivergenceClass
deviation_class(Numeric assumed, Numeric actual, const Thresholds *th)
{
	Numeric		deviation;
	Numeric		scaled;
	Numeric		base;

	/* |a - b| * 100 < pct * |a| is the relative test without a division. */
	deviation = DatumGetNumeric(DirectFunctionCall1(numeric_abs,
													NumericGetDatum(numeric_sub_opt_error(actual, assumed, NULL))));
	scaled = numeric_mul_opt_error(deviation, th->hundred, NULL);
	base = DatumGetNumeric(DirectFunctionCall1(numeric_abs, NumericGetDatum(assumed)));

	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(scaled),
										  NumericGetDatum(numeric_mul_opt_error(th->minor, base, NULL)))) < 0)
		return DIV_COSMETIC;
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(scaled),
										  NumericGetDatum(numeric_mul_opt_error(th->major, base, NULL)))) < 0)
		return DIV_MINOR;
	return DIV_MAJOR;
}

/*
 * Classify an assumed value against an actual one.  Equal values and
 * favourable ones (lower latency, higher adoption) are COSMETIC whatever the
 * tiers; any other divergence is raised one step by a tier_delta of 3 or
 * more.  An assumed 0 with a different actual is MAJOR: its relative
 * deviation is unbounded.
 */
DivergenceClass
agentgov_classify_values(DivergenceType type, const char *assumed, int alen,
				const char *actual, int blen, int tier_delta, Oid collid)
{
	const Thresholds *th = agentgov_divergence_thresholds();
	ParsedValue a;
	ParsedValue b;
	DivergenceClass cls;

	agentgov_trim_span(&assumed, &alen);
	agentgov_trim_span(&actual, &blen);

	if (type != DIV_PERSONA_MISMATCH &&
		parse_number(assumed, alen, &a) && parse_number(actual, blen, &b) &&
		units_agree(&a, &b))
	{
		int			cmp = DatumGetInt32(DirectFunctionCall2(numeric_cmp,
															NumericGetDatum(b.number),
															NumericGetDatum(a.number)));

		if (cmp == 0 ||
			(type == DIV_LATENCY_MISS && cmp < 0) ||
			(type == DIV_FEATURE_ADOPTION_MISS && cmp > 0))
			return DIV_COSMETIC;
		cls = deviation_class(a.number, b.number, th);
	}
	else
	{
		if (texts_equal_ignoring_case(assumed, alen, actual, blen, collid))
			return DIV_COSMETIC;
		cls = DIV_MINOR;
	}

	if (tier_delta >= ESCALATION_TIER_DELTA && cls < DIV_MAJOR)
		cls++;
	return cls;
}

/* How many tiers stronger the observation is than the assumption (0-4). */
int
agentgov_tier_distance(int assumed, int observed)
{
	return Max(observed - assumed, 0);
}

/* A tier_delta argument must be a distance between two tiers. */
static void
check_tier_delta(int32 delta)
{
	if (delta < 0 || delta > NUM_TIERS - 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("tier_delta must be between 0 and %d, not %d", NUM_TIERS - 1, delta)));
}

/* ----------------------------------------------------------------
 * Enum values
 * ----------------------------------------------------------------
 */

/* Oids of the labels of the three enums the rule reads and writes. */
typedef struct DivergenceEnums
{
	Oid			tier[NUM_TIERS];
	Oid			type[NUM_TYPES];
	Oid			cls[NUM_CLASSES];
} DivergenceEnums;

/* Oid of agentgov.<typname>; raises if the schema lacks it. */
Oid
agentgov_type_oid(const char *typname)
{
	Oid			nsp = get_namespace_oid(AGENTGOV_SCHEMA, false);
	Oid			typoid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
										 CStringGetDatum(typname),
										 ObjectIdGetDatum(nsp));

	if (!OidIsValid(typoid))
		elog(ERROR, "type %s.%s does not exist", AGENTGOV_SCHEMA, typname);
	return typoid;
}

/* Oid of an enum label, InvalidOid if the type has no such label. */
Oid
agentgov_enum_label_oid(Oid typoid, const char *label)
{
	if (strlen(label) >= NAMEDATALEN)
		return InvalidOid;
	return GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid,
						   ObjectIdGetDatum(typoid), CStringGetDatum(label));
}

/* Oids of a vocabulary's labels, in its order; raises if one is missing. */
static void
load_labels(const char *typname, const char *const *labels, int n, Oid *oids)
{
	Oid			typoid = agentgov_type_oid(typname);

	for (int i = 0; i < n; i++)
	{
		oids[i] = agentgov_enum_label_oid(typoid, labels[i]);
		if (!OidIsValid(oids[i]))
			elog(ERROR, "type %s.%s has no label \"%s\"", AGENTGOV_SCHEMA, typname, labels[i]);
	}
}

/*
 * The label oids, looked up once per call site (fn_extra).  Not cached
 * per backend: DROP and CREATE EXTENSION in one session change them.
 */
static const DivergenceEnums *
divergence_enums(FmgrInfo *flinfo)
{
	if (flinfo->fn_extra == NULL)
	{
		DivergenceEnums *enums = MemoryContextAlloc(flinfo->fn_mcxt, sizeof(DivergenceEnums));

		load_labels("evidence_tier", agentgov_tier_labels, NUM_TIERS, enums->tier);
		load_labels("divergence_type", agentgov_divergence_type_labels, NUM_TYPES, enums->type);
		load_labels("divergence_classification", agentgov_divergence_class_labels, NUM_CLASSES, enums->cls);
		flinfo->fn_extra = enums;
	}
	return (const DivergenceEnums *) flinfo->fn_extra;
}

/* Position of an enum oid among the known labels. */
static int
enum_index(const Oid *oids, int n, Oid value, const char *typname)
{
	for (int i = 0; i < n; i++)
		if (oids[i] == value)
			return i;
	elog(ERROR, "unexpected value %u of type %s.%s", value, AGENTGOV_SCHEMA, typname);
	return -1;					/* keep the compiler quiet */
}

/* Position of a label in a vocabulary, -1 if absent. */
int
agentgov_label_index(const char *const *labels, int n, const char *label)
{
	for (int i = 0; i < n; i++)
		if (strcmp(labels[i], label) == 0)
			return i;
	return -1;
}

/* ----------------------------------------------------------------
 * tier_delta, classify_divergence
 * ----------------------------------------------------------------
 */

/* tier_delta(assumed evidence_tier, observed evidence_tier) -> int */
Datum
tier_delta(PG_FUNCTION_ARGS)
{
	const DivergenceEnums *enums = divergence_enums(fcinfo->flinfo);
	int			assumed = enum_index(enums->tier, NUM_TIERS, PG_GETARG_OID(0), "evidence_tier");
	int			observed = enum_index(enums->tier, NUM_TIERS, PG_GETARG_OID(1), "evidence_tier");

	PG_RETURN_INT32(agentgov_tier_distance(assumed, observed));
}

/* classify_divergence(type, assumed text, actual text, tier_delta int) */
Datum
classify_divergence(PG_FUNCTION_ARGS)
{
	const DivergenceEnums *enums = divergence_enums(fcinfo->flinfo);
	DivergenceType type = enum_index(enums->type, NUM_TYPES, PG_GETARG_OID(0), "divergence_type");
	text	   *assumed = PG_GETARG_TEXT_PP(1);
	text	   *actual = PG_GETARG_TEXT_PP(2);
	int32		delta = PG_GETARG_INT32(3);
	Oid			collid = OidIsValid(PG_GET_COLLATION()) ? PG_GET_COLLATION() : DEFAULT_COLLATION_OID;
	DivergenceClass cls;

	check_tier_delta(delta);
	cls = agentgov_classify_values(type,
						  VARDATA_ANY(assumed), VARSIZE_ANY_EXHDR(assumed),
						  VARDATA_ANY(actual), VARSIZE_ANY_EXHDR(actual),
						  delta, collid);
	PG_RETURN_OID(enums->cls[cls]);
}

/* ----------------------------------------------------------------
 * classify_divergence_report: BEFORE INSERT OR UPDATE trigger
 * ----------------------------------------------------------------
 */

/* Columns of divergence_reports the trigger reads and writes. */
typedef struct ReportColumns
{
	int			type;
	int			assumed;
	int			actual;
	int			assumed_tier;
	int			observed_tier;
	int			tier_delta;
	int			cls;
} ReportColumns;

/* Look the trigger's columns up by name. */
static void
report_columns(Relation rel, ReportColumns *cols)
{
	cols->type = agentgov_attnum(rel, "divergence_type");
	cols->assumed = agentgov_attnum(rel, "assumed_value");
	cols->actual = agentgov_attnum(rel, "actual_value");
	cols->assumed_tier = agentgov_attnum(rel, "assumption_evidence_tier");
	cols->observed_tier = agentgov_attnum(rel, "telemetry_evidence_tier");
	cols->tier_delta = agentgov_attnum(rel, "tier_delta");
	cols->cls = agentgov_attnum(rel, "classification");
}

/* Whether column attnum differs between two versions of a row. */
static bool
column_changed(HeapTuple oldtup, HeapTuple newtup, TupleDesc desc, int attnum)
{
	bool		oldnull;
	bool		newnull;
	Datum		oldval = heap_getattr(oldtup, attnum, desc, &oldnull);
	Datum		newval = heap_getattr(newtup, attnum, desc, &newnull);
	Form_pg_attribute att = TupleDescAttr(desc, attnum - 1);

	if (oldnull || newnull)
		return oldnull != newnull;
	return !datumIsEqual(oldval, newval, att->attbyval, att->attlen);
}

/*
 * The value a trigger should check a computed column against: NULL (not
 * supplied) when absent, or on UPDATE when left as it was.
 */
static bool
supplied_value(HeapTuple oldtup, HeapTuple newtup, TupleDesc desc, int attnum, Datum *value)
{
	bool		isnull;

	*value = heap_getattr(newtup, attnum, desc, &isnull);
	if (isnull)
		return false;
	return oldtup == NULL || column_changed(oldtup, newtup, desc, attnum);
}

/*
 * Compute tier_delta and classification of the new row version; refuse
 * supplied values that differ from them.
 */
Datum
classify_divergence_report(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	const DivergenceEnums *enums;
	Relation	rel;
	TupleDesc	desc;
	HeapTuple	newtup;
	HeapTuple	oldtup = NULL;
	ReportColumns cols;
	int			inputs[5];
	Datum		values[5];
	bool		isnull;
	DivergenceType type;
	int			assumed_tier;
	int			observed_tier;
	int			delta;
	DivergenceClass cls;
	text	   *assumed;
	text	   *actual;
	Datum		supplied;
	int			setcols[2];
	Datum		setvals[2];
	bool		setnulls[2] = {false, false};

	agentgov_check_trigger(fcinfo, "classify_divergence_report",
						   AG_ON_INSERT | AG_ON_UPDATE, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	desc = RelationGetDescr(rel);
	if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		oldtup = trigdata->tg_trigtuple;
		newtup = trigdata->tg_newtuple;
	}
	else
		newtup = trigdata->tg_trigtuple;
	report_columns(rel, &cols);

	inputs[0] = cols.type;
	inputs[1] = cols.assumed;
	inputs[2] = cols.actual;
	inputs[3] = cols.assumed_tier;
	inputs[4] = cols.observed_tier;
	for (int i = 0; i < lengthof(inputs); i++)
	{
		values[i] = heap_getattr(newtup, inputs[i], desc, &isnull);
		if (isnull)
			return PointerGetDatum(newtup); /* NOT NULL reports it */
	}

	/* An UPDATE that touches neither inputs nor results keeps the results. */
	if (oldtup != NULL)
	{
		bool		changed = column_changed(oldtup, newtup, desc, cols.tier_delta) ||
			column_changed(oldtup, newtup, desc, cols.cls);

		for (int i = 0; i < lengthof(inputs) && !changed; i++)
			changed = column_changed(oldtup, newtup, desc, inputs[i]);
		if (!changed)
			return PointerGetDatum(newtup);
	}

	enums = divergence_enums(fcinfo->flinfo);
	type = enum_index(enums->type, NUM_TYPES, DatumGetObjectId(values[0]), "divergence_type");
	assumed_tier = enum_index(enums->tier, NUM_TIERS, DatumGetObjectId(values[3]), "evidence_tier");
	observed_tier = enum_index(enums->tier, NUM_TIERS, DatumGetObjectId(values[4]), "evidence_tier");
	delta = agentgov_tier_distance(assumed_tier, observed_tier);
	assumed = DatumGetTextPP(values[1]);
	actual = DatumGetTextPP(values[2]);
	cls = agentgov_classify_values(type, VARDATA_ANY(assumed), VARSIZE_ANY_EXHDR(assumed),
						  VARDATA_ANY(actual), VARSIZE_ANY_EXHDR(actual),
						  delta, DEFAULT_COLLATION_OID);

	if (supplied_value(oldtup, newtup, desc, cols.tier_delta, &supplied) &&
		DatumGetInt32(supplied) != delta)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("tier_delta %d contradicts the evidence tiers of the divergence report",
						DatumGetInt32(supplied)),
				 errdetail("An assumption at %s observed at %s gives a tier_delta of %d.",
						   agentgov_tier_labels[assumed_tier], agentgov_tier_labels[observed_tier], delta),
				 errhint("Leave tier_delta and classification out: they are computed.")));
	if (supplied_value(oldtup, newtup, desc, cols.cls, &supplied) &&
		DatumGetObjectId(supplied) != enums->cls[cls])
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("classification %s contradicts the values of the divergence report",
						agentgov_divergence_class_labels[enum_index(enums->cls, NUM_CLASSES,
												DatumGetObjectId(supplied),
												"divergence_classification")]),
				 errdetail("A %s from \"%s\" to \"%s\" with tier_delta %d is %s.",
						   agentgov_divergence_type_labels[type], text_to_cstring(assumed), text_to_cstring(actual),
						   delta, agentgov_divergence_class_labels[cls]),
				 errhint("Leave tier_delta and classification out: they are computed.")));

	setcols[0] = cols.tier_delta;
	setvals[0] = Int32GetDatum(delta);
	setcols[1] = cols.cls;
	setvals[1] = ObjectIdGetDatum(enums->cls[cls]);
	return PointerGetDatum(heap_modify_tuple_by_cols(newtup, desc, 2, setcols, setvals, setnulls));
}
