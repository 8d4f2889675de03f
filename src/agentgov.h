/*-------------------------------------------------------------------------
 *
 * agentgov.h
 *	  Declarations shared by the C sources of the agentgov extension.
 *
 * Every exported SQL function lives in the file of its concern; this
 * header holds the small helpers they share (trigger sanity checks,
 * attribute lookup, cached SPI plans, uuid formatting) and the SQLSTATEs
 * of the AG class that governance refusals use.
 *
 *-------------------------------------------------------------------------
 */
#ifndef AGENTGOV_H
#define AGENTGOV_H

#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "utils/relcache.h"
#include "utils/uuid.h"

#ifndef AGENTGOV_VERSION
#error "AGENTGOV_VERSION must be defined by the build (see Makefile)"
#endif

/*
 * SQLSTATEs of class AG: governance refusals a client can act on.
 *	AG001 approval missing, AG002 budget exhausted, AG003 plan limit reached,
 *	AG004 lifecycle transition not allowed, AG005 append-only table.
 */
#define ERRCODE_AG_APPROVAL_MISSING		MAKE_SQLSTATE('A','G','0','0','1')
#define ERRCODE_AG_BUDGET_EXHAUSTED		MAKE_SQLSTATE('A','G','0','0','2')
#define ERRCODE_AG_PLAN_LIMIT			MAKE_SQLSTATE('A','G','0','0','3')
#define ERRCODE_AG_TRANSITION			MAKE_SQLSTATE('A','G','0','0','4')
#define ERRCODE_AG_APPEND_ONLY			MAKE_SQLSTATE('A','G','0','0','5')

/* Schema every object of the extension lives in (relocatable = false). */
#define AGENTGOV_SCHEMA "agentgov"

/* ---- util.c ---- */

/* Trigger events a row trigger accepts (TRIGGER_EVENT_INSERT is 0: no mask). */
#define AG_ON_INSERT	0x01
#define AG_ON_UPDATE	0x02
#define AG_ON_DELETE	0x04

/*
 * Raise unless fcinfo is a trigger call for one of the events in `events`
 * (AG_ON_INSERT | ...), fired FOR EACH ROW, BEFORE when `before` is true
 * and AFTER otherwise.
 */
extern void agentgov_check_trigger(FunctionCallInfo fcinfo, const char *funcname,
								   int events, bool before);

/* Attribute number of a column that must exist; raises if it does not. */
extern int	agentgov_attnum(Relation rel, const char *colname);

/*
 * Prepare `query` once per backend and keep it: *cache is filled on the
 * first call.  Must be called while connected to SPI.
 */
extern SPIPlanPtr agentgov_plan(SPIPlanPtr *cache, const char *query,
								int nargs, Oid *argtypes);

/* Text form of a uuid Datum, palloc'd in the current context. */
extern char *agentgov_uuid_str(Datum uuid);

/* Parse a uuid in any form uuid_in accepts; false instead of an error. */
extern bool agentgov_parse_uuid(const char *src, pg_uuid_t *uuid);

/* ---- audit_chain.c ---- */

/*
 * Act as the owner of audit_log (privileges and row-level security of the
 * caller do not apply) until agentgov_restore_user().
 */
extern void agentgov_become_audit_owner(Oid *save_user, int *save_sec);
extern void agentgov_restore_user(Oid save_user, int save_sec);

/* ---- context.c ---- */
extern void agentgov_define_context_settings(void);

/* The acting user (agentgov.user_id, else the jwt sub); false if none. */
extern bool agentgov_current_user(pg_uuid_t *user_id);

/* The correlation id (agentgov.correlation_id); false if none. */
extern bool agentgov_current_correlation(pg_uuid_t *correlation_id);

/* ---- maintenance.c ---- */
extern void agentgov_define_maintenance_settings(void);

#endif							/* AGENTGOV_H */
