/*-------------------------------------------------------------------------
 *
 * gates.h
 *	  Phase gates and quality: what gate_scoring.c, gates.c and quality.c
 *	  share.
 *
 *-------------------------------------------------------------------------
 */
#ifndef AGENTGOV_GATES_H
#define AGENTGOV_GATES_H

#include "postgres.h"

#include "utils/jsonb.h"
#include "utils/numeric.h"

/* Outcome of a gate, in the order of the gate_decision enum. */
typedef enum GateOutcome
{
	GATE_PASS,
	GATE_CONDITIONAL,
	GATE_FAIL
} GateOutcome;

/* What scoring an indicator array yields. */
typedef struct IndicatorScore
{
	int32		score;			/* weighted mean, rounded half away from zero */
	int			floor_failed;	/* first indicator below its floor, or -1 */
} IndicatorScore;

/* ---- gate_scoring.c ---- */

/* Score an indicator array; raises 22023 naming a malformed element. */
extern void agentgov_score_indicators(Jsonb *indicators, IndicatorScore *result);

/* Text form of a numeric, for messages. */
extern char *agentgov_numeric_text(Numeric num);

/* ---- gates.c ---- */

/* The org of a project found by id alone; raises when there is none (SPI). */
extern Datum agentgov_project_org(Datum project_id);

/*
 * Lock a project row FOR NO KEY UPDATE and return its phase; NULL when the
 * row is not there (the caller's foreign key reports it).  SPI connected.
 */
extern char *agentgov_lock_project(Datum org_id, Datum project_id);

/* ---- quality.c ---- */

/* Define agentgov.maturity_categories (from _PG_init). */
extern void agentgov_define_quality_settings(void);

#endif							/* AGENTGOV_GATES_H */
