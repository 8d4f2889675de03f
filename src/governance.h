/*-------------------------------------------------------------------------
 *
 * governance.h
 *	  Governance of agent runs: what governance.c and governance_rules.c
 *	  share.
 *
 *-------------------------------------------------------------------------
 */
#ifndef AGENTGOV_GOVERNANCE_H
#define AGENTGOV_GOVERNANCE_H

#include "postgres.h"

#include "access/htup.h"
#include "access/tupdesc.h"
#include "lib/stringinfo.h"
#include "utils/relcache.h"
#include "utils/snapshot.h"


/*
 * A run about to enter running, as the rules of the running transition see
 * it.  In the trigger `tuple` is the new row and `status` the status it
 * leaves; in governance_check() both describe the run as it is.
 */
typedef struct AgentgovRun
{
	Datum		id;				/* uuid */
	Datum		org_id;			/* uuid */
	const char *status;			/* status the run is in or leaves */
	HeapTuple	tuple;			/* the row: read it with agentgov_run_column() */
	TupleDesc	tupdesc;
	Relation	rel;			/* the row's relation (trigger), or NULL */
	Snapshot	snapshot;		/* what the rules read governance data with */
} AgentgovRun;

/* A column of the run's row, by name; raises if there is no such column. */
extern Datum agentgov_run_column(const AgentgovRun *run, const char *colname,
								 bool *isnull);

/* Why a rule refuses: the error the trigger raises, the reason the check gives. */
typedef struct AgentgovRefusal
{
	const char *rule;			/* name of the refusing rule */
	int			sqlerrcode;
	char	   *message;		/* errmsg */
	char	   *detail;			/* errdetail, naming the rule and the event */
	char	   *hint;			/* errhint, or NULL */
} AgentgovRefusal;

/*
 * One rule of the running transition: true when the run passes, else
 * *refusal is filled (strings palloc'd in the caller's memory context).  A
 * passing rule may append a short note on why to `why` (which may be NULL,
 * in the trigger).  A rule that queries with SPI connects itself.  Read
 * governance data with run->snapshot.  The rules are listed, in order, in
 * running_rules[] in governance_rules.c.
 */
typedef bool (*AgentgovRunningRule) (const AgentgovRun *run,
									 AgentgovRefusal *refusal,
									 StringInfo why);

/* ---- governance_rules.c ---- */

/* Evaluate the running rules in order; false with the first refusal. */
extern bool agentgov_running_allowed(const AgentgovRun *run,
									 AgentgovRefusal *refusal,
									 StringInfo why);

/* Raise the error a refusal describes. */
extern void agentgov_raise_refusal(const AgentgovRefusal *refusal) pg_attribute_noreturn();

/* Has an approved emergency_stop been recorded for the run? */
extern bool agentgov_emergency_stop_recorded(Datum org_id, Datum run_id);

/* ---- governance.c ---- */

/* The governance event types the rules single out. */
typedef enum EventKind
{
	EV_OTHER,
	EV_PRE_AGENT_SPAWN,
	EV_CONSENSUS_CHECK,
	EV_EMERGENCY_STOP,
	EV_CIRCUIT_BREAKER
} EventKind;

/* Does an event of this kind withdraw earlier approvals of its run? */
extern bool agentgov_event_withdraws(EventKind kind, bool approved);

/* The EventKind of an event type's label. */
extern EventKind agentgov_event_kind(const char *type);

/* The label of an enum value, copied into label[NAMEDATALEN]. */
extern void agentgov_enum_label(Datum value, char *label);

#endif							/* AGENTGOV_GOVERNANCE_H */
