/*-------------------------------------------------------------------------
 *
 * divergence.h
 *	  The divergence rule (divergence.c) as divergence_detect.c uses it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef AGENTGOV_DIVERGENCE_H
#define AGENTGOV_DIVERGENCE_H

#include "postgres.h"

/* Longest assumed or actual value divergence_reports holds (varchar(500)). */
#define MAX_VALUE_CHARS			500

/* The vocabularies, in the order of their enum types. */
#define NUM_TIERS 5

typedef enum DivergenceType
{
	DIV_PERSONA_MISMATCH,
	DIV_FEATURE_ADOPTION_MISS,
	DIV_PRICING_ELASTICITY_MISS,
	DIV_LATENCY_MISS,
	NUM_TYPES
} DivergenceType;

typedef enum DivergenceClass
{
	DIV_COSMETIC,
	DIV_MINOR,
	DIV_MAJOR,
	NUM_CLASSES
} DivergenceClass;

/* Labels of evidence_tier, divergence_type and divergence_classification. */
extern const char *const agentgov_tier_labels[NUM_TIERS];
extern const char *const agentgov_divergence_type_labels[NUM_TYPES];
extern const char *const agentgov_divergence_class_labels[NUM_CLASSES];

/* agentgov.telemetry_evidence_tier: the tier telemetry counts as (0-4). */
extern int	agentgov_telemetry_evidence_tier;

/* The thresholds in force; raises when they are out of order. */
struct Thresholds;
extern const struct Thresholds *agentgov_divergence_thresholds(void);

/* Classify an assumed value against an actual one (see divergence.c). */
extern DivergenceClass agentgov_classify_values(DivergenceType type,
												const char *assumed, int alen,
												const char *actual, int blen,
												int tier_delta, Oid collid);

/* Trim surrounding whitespace off the span *s of *len bytes. */
extern void agentgov_trim_span(const char **s, int *len);

/* How many tiers stronger the observation is than the assumption (0-4). */
extern int	agentgov_tier_distance(int assumed, int observed);

/* Position of a label in a vocabulary, -1 if absent. */
extern int	agentgov_label_index(const char *const *labels, int n, const char *label);

/* Oid of agentgov.<typname>; raises if the schema lacks it. */
extern Oid	agentgov_type_oid(const char *typname);

/* Oid of an enum label, InvalidOid if the type has no such label. */
extern Oid	agentgov_enum_label_oid(Oid typoid, const char *label);

#endif							/* AGENTGOV_DIVERGENCE_H */
