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
#include "lib/stringinfo.h"
#include "nodes/pg_list.h"
#include "utils/relcache.h"
#include "utils/snapshot.h"
#include "utils/uuid.h"

#ifndef AGENTGOV_VERSION
#error "AGENTGOV_VERSION must be defined by the build (see Makefile)"
#endif

/*
 * SQLSTATEs of class AG: governance refusals a client can act on.
 *	AG001 approval missing, AG002 budget exhausted, AG003 plan limit reached,
 *	AG004 lifecycle transition not allowed, AG005 append-only table,
 *	AG006 write without an actor, AG007 actor not a member of the row's
 *	organization (both raised by refuse_write(), which the row-level
 *	security policies call when a new row fails their check).
 */
#define ERRCODE_AG_APPROVAL_MISSING		MAKE_SQLSTATE('A','G','0','0','1')
#define ERRCODE_AG_BUDGET_EXHAUSTED		MAKE_SQLSTATE('A','G','0','0','2')
#define ERRCODE_AG_PLAN_LIMIT			MAKE_SQLSTATE('A','G','0','0','3')
#define ERRCODE_AG_TRANSITION			MAKE_SQLSTATE('A','G','0','0','4')
#define ERRCODE_AG_APPEND_ONLY			MAKE_SQLSTATE('A','G','0','0','5')
#define ERRCODE_AG_NO_ACTOR				MAKE_SQLSTATE('A','G','0','0','6')
#define ERRCODE_AG_NOT_MEMBER			MAKE_SQLSTATE('A','G','0','0','7')

/* Schema every object of the extension lives in (relocatable = false). */
#define AGENTGOV_SCHEMA "agentgov"

/* ---- restore.c ---- */

/*
 * True while pg_restore loads rows (COPY FROM STDIN, row_security off,
 * empty search_path, superuser): triggers then let the row through as
 * dumped.  Raises when a statement looks like a restore but the user is not
 * a superuser.  Every trigger that fires on INSERT starts with
 *		if (agentgov_restoring()) return agentgov_restore_passthrough(fcinfo);
 */
extern bool agentgov_restoring(void);
extern Datum agentgov_restore_passthrough(FunctionCallInfo fcinfo);

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

/*
 * The rows a row trigger sees: *newtuple is the row written (for UPDATE its
 * new version), *oldtuple the old version for UPDATE and NULL otherwise.
 */
struct TriggerData;
extern void agentgov_trigger_rows(struct TriggerData *trigdata,
								  HeapTuple *oldtuple, HeapTuple *newtuple);

/* Attribute number of a column that must exist; raises if it does not. */
extern int	agentgov_attnum(Relation rel, const char *colname);

/* The same, remembered per backend until the relation is invalidated. */
extern int	agentgov_attnum_cached(Relation rel, const char *colname);

/* A column of a row, by name; raises if there is no such column. */
extern Datum agentgov_column(HeapTuple tuple, TupleDesc tupdesc,
							 const char *colname, bool *isnull);

/* Whether column attnum holds the same value in both rows (byte for byte; NULL = NULL). */
extern bool agentgov_same_value(TupleDesc tupdesc, HeapTuple a, HeapTuple b, int attnum);

/*
 * Prepare `query` once per backend and keep it: *cache is filled on the
 * first call.  Must be called while connected to SPI.
 */
extern SPIPlanPtr agentgov_plan(SPIPlanPtr *cache, const char *query,
								int nargs, Oid *argtypes);

/* SPI_connect, raising on failure. */
extern void agentgov_spi_connect(void);

/* Run a (cached) plan; raise unless SPI returns `expected`. */
extern void agentgov_spi_run(SPIPlanPtr plan, Datum *args, const char *nulls,
							 bool read_only, long count, int expected);

/* Text form of a uuid Datum, palloc'd in the current context. */
extern char *agentgov_uuid_str(Datum uuid);

/* Parse a uuid in any form uuid_in accepts; false instead of an error. */
extern bool agentgov_parse_uuid(const char *src, pg_uuid_t *uuid);

/*
 * Raise 22023 naming table.column when a numeric Datum is NaN or infinite:
 * agentgov's sums, limits and comparisons need finite numbers.
 */
extern void agentgov_check_finite_numeric(Datum value, const char *table,
										  const char *column);

/* ---- audit.c ---- */

/*
 * Give the next audit row of record `record_id` of table `table_name` (the
 * record id audit_row() writes) this action, actor (NULL: the session's)
 * and rationale: for functions whose change means more than UPDATE.  Used
 * once; forgotten at the end of the (sub)transaction.
 */
extern void agentgov_audit_annotate(const char *table_name, const char *record_id,
									const char *action, const pg_uuid_t *actor,
									const char *rationale);

/* ---- audit_chain.c ---- */

/*
 * Act as the owner of audit_log (privileges and row-level security of the
 * caller do not apply) until agentgov_end_as_owner().
 */
struct AgentgovSavedUser;
extern void agentgov_become_audit_owner(struct AgentgovSavedUser *saved);

/* ---- context.c ---- */
extern void agentgov_define_context_settings(void);

/* The acting user (agentgov.user_id, else the jwt sub); false if none. */
extern bool agentgov_current_user(pg_uuid_t *user_id);

/* The correlation id (agentgov.correlation_id); false if none. */
extern bool agentgov_current_correlation(pg_uuid_t *correlation_id);

/* ---- divergence.c ---- */
extern void agentgov_define_divergence_settings(void);

/* ---- security.c ---- */
extern void agentgov_define_security_settings(void);

/* Oid of table agentgov.<relname>; raises if it does not exist. */
extern Oid	agentgov_relid(const char *relname);

/* The user and security context saved by agentgov_begin_as_owner(). */
typedef struct AgentgovSavedUser
{
	Oid			userid;
	int			sec_context;
} AgentgovSavedUser;

/*
 * Act as the owner of relation relid, with row-level security off, until
 * agentgov_end_as_owner(saved): for lookups that must see every tenant's
 * rows (integrity checks) and rows the system writes on the caller's
 * behalf.  Run only fixed, fully qualified queries in between.  An error
 * in between needs no clean-up: transaction abort restores the user.
 */
extern void agentgov_begin_as_owner(Oid relid, AgentgovSavedUser *saved);
extern void agentgov_begin_as_role(Oid role, AgentgovSavedUser *saved);
extern void agentgov_end_as_owner(const AgentgovSavedUser *saved);

/* Owner of table agentgov.<relname>. */
extern Oid	agentgov_table_owner(const char *relname);

/* search_path = pg_catalog, pg_temp; returns the level to restore. */
extern int	agentgov_safe_search_path(void);
extern void agentgov_restore_search_path(int level);

/*
 * Privileged bookkeeping: act as `owner` with row-level security off and
 * search_path = pg_catalog, pg_temp, as referential integrity checks do, so
 * that rollups, totals and budget state see and write every row whoever
 * inserts the usage, and no name resolves through the caller's path.
 */
typedef struct AgentgovPrivileged
{
	AgentgovSavedUser user;
	int			guc_nestlevel;
} AgentgovPrivileged;

extern void agentgov_begin_privileged(Oid owner, AgentgovPrivileged *saved);
extern void agentgov_end_privileged(const AgentgovPrivileged *saved);

/* SHA-256 of len bytes at data into digest (32 bytes). */
extern void agentgov_sha256(const void *data, size_t len, uint8 *digest);

/* ---- maintenance.c ---- */
extern void agentgov_define_maintenance_settings(void);

/* ---- usage.c ---- */

/*
 * Call `fn` for every row of agentgov.<relname> whose <column> equals
 * `value` (compared with `eqproc`), read with `snapshot`, through index
 * <indexname> when it exists.  Like the checks of foreign keys, this
 * internal read sees every row whatever the caller's privileges and
 * row-level security; it spares the single-row path an SPI query.
 */
extern void agentgov_for_rows_equal(const char *relname, const char *indexname,
									const char *column, RegProcedure eqproc, Datum value,
									Snapshot snapshot,
									void (*fn) (HeapTuple tuple, TupleDesc desc, void *arg),
									void *arg);

/*
 * Rows of query parameters passed to SQL as one array per column, which
 * the query turns back into rows with unnest($1), unnest($2) ...  Element
 * types must be built-in types (plans are kept across DROP EXTENSION).
 */
typedef struct AgentgovColumns
{
	int			ncolumns;
	int			nrows;
	const Oid  *types;			/* element type of each column */
	Datum	   *values;			/* values[column * nrows + row] */
	bool	   *nulls;
} AgentgovColumns;

extern void agentgov_columns_init(AgentgovColumns *columns, int ncolumns,
								  const Oid *types, int nrows);
extern void agentgov_columns_set(AgentgovColumns *columns, int column, int row,
								 Datum value, bool isnull);
/* args[i] = the array of column i. */
extern void agentgov_columns_arrays(const AgentgovColumns *columns, Datum *args);

/* ---- budgets.c ---- */

/*
 * One distinct combination of what a budget can be scoped by, among the
 * usage rows of one statement.  agent_kind is the enum label, or NULL.
 */
typedef struct AgentgovUsageScope
{
	pg_uuid_t	org_id;
	int32		day;			/* DateADT: UTC usage_date */
	bool		has_project;
	bool		has_agent;
	pg_uuid_t	project_id;
	pg_uuid_t	agent_id;
	const char *agent_kind;
} AgentgovUsageScope;

/*
 * Find the periods of the active budgets covering a usage statement's
 * scopes (an SPI query; caller connected and in the owner context) and
 * remember them for the alert check that usage_budget_alerts(), a deferred
 * constraint trigger on usage_events, runs when the transaction commits.
 */
extern void agentgov_budget_note_usage(const AgentgovUsageScope *scopes, int nscopes);

/* ---- usage_derived.c ---- */

/*
 * Run fn(arg) with the derived usage tables (usage_rollups,
 * usage_kind_rollups, budget_periods) open to writes: the only way past
 * their guard trigger (usage_derived_guard), restored on error.  Nests.
 */
extern void agentgov_with_derived_writes(void (*fn) (void *arg), void *arg);

/*
 * Why the block-budget rule refuses a run start: errmsg, errdetail and
 * errhint of an AG002 error (palloc'd in the caller's memory context).
 */
typedef struct AgentgovBudgetRefusal
{
	char	   *message;
	char	   *detail;
	char	   *hint;
} AgentgovBudgetRefusal;

/*
 * The block-budget rule of the running transition.  `run` is the
 * agent_runs row about to enter running (`tupdesc` its descriptor).  For
 * every active block budget covering it (global, its project, its agent,
 * its agent kind), in id order: spend in the current period + the estimate
 * still reserved by the budget's other running runs + this run's estimate
 * (estimated_cost, else the agent's cost_per_execution_usd, else 0) must not
 * exceed amount_usd.  With `lock` the budgets are locked FOR NO KEY UPDATE
 * until the transaction ends, and spend and reservations are read with a
 * snapshot taken after the lock, so two runs racing for the last dollars
 * cannot both start.  Returns true when the run may start (a note on why is
 * appended to `why` if not NULL); else fills *refusal.
 */
extern bool agentgov_budgets_admit_run(HeapTuple run, TupleDesc tupdesc, bool lock,
									   AgentgovBudgetRefusal *refusal,
									   StringInfo why);

/* Raise the AG002 error a refusal describes. */
extern void agentgov_budget_raise(const AgentgovBudgetRefusal *refusal) pg_attribute_noreturn();

#endif							/* AGENTGOV_H */
