/*-------------------------------------------------------------------------
 *
 * tenancy.c
 *	  Tenant rules that a foreign key cannot express.
 *
 * Rows never move between organizations.  refuse_org_move() (BEFORE UPDATE
 * OF org_id ... WHEN (OLD.org_id IS DISTINCT FROM NEW.org_id), on every
 * table with an org_id column, and on organizations.id) refuses the move
 * with 0A000: other rows of the old organization may reference the row (an
 * agent is referenced by id alone), and org_id is the distribution column
 * on Citus.  The WHEN clause keeps every other UPDATE free of it.
 *
 * check_agent_scope() keeps a tenant row from naming another tenant's
 * agent: agents holds both the global catalogue (org_id NULL) and
 * per-organization agents, so references to it are plain foreign keys on
 * id, and this AFTER ROW trigger adds the tenant test.  A catalogue agent
 * may be named by any tenant's rows.  check_budget_scope() does the same
 * for budget_limits.scope_id, which names a project (of the budget's
 * organization) or an agent (of that organization, or a catalogue agent)
 * depending on scope_type, so no foreign key can hold it.
 *
 * drop_budget_scope() (AFTER DELETE on projects and agents) deletes the
 * budgets scoped to the deleted row, as ON DELETE CASCADE would: otherwise
 * an agent id freed by a delete could be taken by another tenant's new
 * agent, and the old budget would name it.
 *
 * Locking: none beyond what the triggering statement holds.  The org_id of
 * an agent or project cannot change (refuse_org_move).  A budget inserted
 * concurrently with the delete of its project or agent can survive it, as
 * with any trigger-enforced reference; its scope_id then names no row.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"

#include "access/htup_details.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/rel.h"
#include "utils/uuid.h"

PG_FUNCTION_INFO_V1(check_agent_scope);
PG_FUNCTION_INFO_V1(refuse_org_move);
PG_FUNCTION_INFO_V1(check_budget_scope);
PG_FUNCTION_INFO_V1(drop_budget_scope);

/* Cached plans: the org of an agent by id; is there such a project. */
static SPIPlanPtr agent_org_plan = NULL;
static SPIPlanPtr project_exists_plan = NULL;
static SPIPlanPtr drop_project_budgets_plan = NULL;
static SPIPlanPtr drop_agent_budgets_plan = NULL;

/* ----------------------------------------------------------------
 * refuse_org_move: BEFORE UPDATE OF <column> ROW trigger, fired only
 * WHEN (OLD.<column> IS DISTINCT FROM NEW.<column>)
 *
 * TG_ARGV[0] names the column (org_id; id on organizations).
 * ----------------------------------------------------------------
 */
Datum
refuse_org_move(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	HeapTuple	oldtuple,
				newtuple;
	const char *column;
	int			attnum;
	Datum		old_org;
	bool		isnull;

	agentgov_check_trigger(fcinfo, "refuse_org_move", AG_ON_UPDATE, true);
	rel = trigdata->tg_relation;
	if (trigdata->tg_trigger->tgnargs != 1)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("refuse_org_move expects one argument, the organization column")));
	column = trigdata->tg_trigger->tgargs[0];
	agentgov_trigger_rows(trigdata, &oldtuple, &newtuple);
	attnum = agentgov_attnum(rel, column);
	if (heap_attisnull(newtuple, attnum, RelationGetDescr(rel)) &&
		TupleDescAttr(RelationGetDescr(rel), attnum - 1)->attnotnull)
		return PointerGetDatum(newtuple);	/* NOT NULL reports it */
	old_org = heap_getattr(oldtuple, attnum, RelationGetDescr(rel), &isnull);
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("cannot change column \"%s\" of table \"%s\"",
					column, RelationGetRelationName(rel)),
			 isnull ?
			 errdetail("The row is a global (catalogue) row; rows never move into or between organizations.") :
			 errdetail("The row belongs to organization %s; rows never move between organizations, so no reference can cross tenants.",
					   agentgov_uuid_str(old_org)),
			 errhint("Insert a new row in the other organization and delete this one."),
			 errtablecol(rel, attnum)));
	return PointerGetDatum(NULL);	/* keep compiler quiet */
}

/* ----------------------------------------------------------------
 * check_agent_scope: AFTER INSERT OR UPDATE ROW trigger
 *
 * TG_ARGV[0] names the column holding the agent id.  The agent must be a
 * catalogue agent (org_id NULL) or belong to the row's org_id.  A missing
 * agent is left to the foreign key.  The lookup runs as the owner of
 * agents, as the foreign key's own check does: under row-level security
 * the caller cannot see another tenant's agent, and the check must.
 * ----------------------------------------------------------------
 */
Datum
check_agent_scope(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	HeapTuple	tuple;
	const char *column;
	Datum		agent_id;
	Datum		org_id;
	bool		isnull;
	Oid			argtypes[1] = {UUIDOID};
	AgentgovSavedUser saved;
	int			ret;

	agentgov_check_trigger(fcinfo, "check_agent_scope",
						   AG_ON_INSERT | AG_ON_UPDATE, false);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	if (trigdata->tg_trigger->tgnargs != 1)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("check_agent_scope expects one argument, the agent column")));
	column = trigdata->tg_trigger->tgargs[0];
	tupdesc = RelationGetDescr(rel);
	tuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
		trigdata->tg_newtuple : trigdata->tg_trigtuple;

	agent_id = heap_getattr(tuple, agentgov_attnum(rel, column), tupdesc, &isnull);
	if (isnull)
		return PointerGetDatum(NULL);
	org_id = heap_getattr(tuple, agentgov_attnum(rel, "org_id"), tupdesc, &isnull);
	if (isnull)
		return PointerGetDatum(NULL);	/* NOT NULL reports it */

	agentgov_spi_connect();
	/* As the owner of agents: row-level security must not hide the agent. */
	agentgov_begin_as_owner(agentgov_relid("agents"), &saved);
	ret = SPI_execute_plan(agentgov_plan(&agent_org_plan,
										 "SELECT org_id FROM agentgov.agents "
										 "WHERE id OPERATOR(pg_catalog.=) $1",
										 1, argtypes),
						   &agent_id, NULL, true, 1);
	agentgov_end_as_owner(&saved);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));

	if (SPI_processed == 1)
	{
		Datum		agent_org;

		agent_org = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc,
								  1, &isnull);
		if (!isnull &&
			!DatumGetBool(DirectFunctionCall2(uuid_eq, agent_org, org_id)))
			ereport(ERROR,
					(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
					 errmsg("insert or update on table \"%s\" violates tenant scope of column \"%s\"",
							RelationGetRelationName(rel), column),
					 errdetail("Agent %s is neither a catalogue agent nor an agent of organization %s.",
							   DatumGetCString(DirectFunctionCall1(uuid_out, agent_id)),
							   DatumGetCString(DirectFunctionCall1(uuid_out, org_id)))));
	}
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* ----------------------------------------------------------------
 * check_budget_scope: AFTER INSERT OR UPDATE OF org_id, scope_type,
 * scope_id ROW trigger on budget_limits
 *
 * scope project: scope_id is a project of the budget's organization.
 * scope agent: scope_id is an agent of that organization or a catalogue
 * agent.  Other scopes have no scope_id (the CHECK constraint says so).
 * The lookups run as the table owner, as foreign-key checks do.
 * ----------------------------------------------------------------
 */
Datum
check_budget_scope(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	HeapTuple	tuple;
	char	   *scope_type;
	Datum		args[2];
	bool		isnull;
	Oid			argtypes[2] = {UUIDOID, UUIDOID};
	AgentgovSavedUser saved;
	bool		is_project;
	bool		found;
	bool		other_org = false;

	agentgov_check_trigger(fcinfo, "check_budget_scope",
						   AG_ON_INSERT | AG_ON_UPDATE, false);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	tupdesc = RelationGetDescr(rel);
	tuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
		trigdata->tg_newtuple : trigdata->tg_trigtuple;

	args[0] = heap_getattr(tuple, agentgov_attnum(rel, "org_id"), tupdesc, &isnull);
	if (isnull)
		return PointerGetDatum(NULL);	/* NOT NULL reports it */
	args[1] = heap_getattr(tuple, agentgov_attnum(rel, "scope_id"), tupdesc, &isnull);
	if (isnull)
		return PointerGetDatum(NULL);	/* no reference (CHECK covers the rest) */
	scope_type = SPI_getvalue(tuple, tupdesc, agentgov_attnum(rel, "scope_type"));
	if (scope_type == NULL)
		return PointerGetDatum(NULL);	/* NOT NULL reports it */
	is_project = strcmp(scope_type, "project") == 0;
	if (!is_project && strcmp(scope_type, "agent") != 0)
		return PointerGetDatum(NULL);	/* the CHECK constraint refuses it */

	agentgov_spi_connect();
	agentgov_begin_as_owner(agentgov_relid(is_project ? "projects" : "agents"), &saved);
	if (is_project)
	{
		agentgov_spi_run(agentgov_plan(&project_exists_plan,
									   "SELECT 1 FROM agentgov.projects "
									   "WHERE org_id OPERATOR(pg_catalog.=) $1 "
									   "AND id OPERATOR(pg_catalog.=) $2",
									   2, argtypes),
						 args, NULL, true, 1, SPI_OK_SELECT);
		found = SPI_processed == 1;
	}
	else
	{
		agentgov_spi_run(agentgov_plan(&agent_org_plan,
									   "SELECT org_id FROM agentgov.agents "
									   "WHERE id OPERATOR(pg_catalog.=) $1",
									   1, argtypes),
						 &args[1], NULL, true, 1, SPI_OK_SELECT);
		found = SPI_processed == 1;
		if (found)
		{
			Datum		agent_org = SPI_getbinval(SPI_tuptable->vals[0],
												  SPI_tuptable->tupdesc, 1, &isnull);

			other_org = !isnull &&
				!DatumGetBool(DirectFunctionCall2(uuid_eq, agent_org, args[0]));
		}
	}
	agentgov_end_as_owner(&saved);
	if (!found || other_org)
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("insert or update on table \"%s\" violates tenant scope of column \"%s\"",
						RelationGetRelationName(rel), "scope_id"),
				 is_project ?
				 errdetail("Organization %s has no project %s.",
						   agentgov_uuid_str(args[0]), agentgov_uuid_str(args[1])) :
				 found ?
				 errdetail("Agent %s is neither a catalogue agent nor an agent of organization %s.",
						   agentgov_uuid_str(args[1]), agentgov_uuid_str(args[0])) :
				 errdetail("Agent %s does not exist.", agentgov_uuid_str(args[1])),
				 is_project ?
				 errhint("A budget of scope project names a project of its own organization.") :
				 errhint("A budget of scope agent names an agent of its own organization or a catalogue agent."),
				 errtablecol(rel, agentgov_attnum(rel, "scope_id"))));
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* ----------------------------------------------------------------
 * drop_budget_scope: AFTER DELETE ROW trigger on projects ('project')
 * and agents ('agent')
 *
 * Deletes the budgets whose scope is the deleted row, as the owner of
 * budget_limits (the caller may not see or delete every budget).
 * ----------------------------------------------------------------
 */
Datum
drop_budget_scope(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	HeapTuple	tuple;
	Datum		args[2];
	Oid			argtypes[2] = {UUIDOID, UUIDOID};
	bool		isnull;
	bool		is_project;
	AgentgovSavedUser saved;

	agentgov_check_trigger(fcinfo, "drop_budget_scope", AG_ON_DELETE, false);
	rel = trigdata->tg_relation;
	if (trigdata->tg_trigger->tgnargs != 1 ||
		(strcmp(trigdata->tg_trigger->tgargs[0], "project") != 0 &&
		 strcmp(trigdata->tg_trigger->tgargs[0], "agent") != 0))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("drop_budget_scope expects one argument, project or agent")));
	is_project = strcmp(trigdata->tg_trigger->tgargs[0], "project") == 0;
	tupdesc = RelationGetDescr(rel);
	tuple = trigdata->tg_trigtuple;
	args[0] = heap_getattr(tuple, agentgov_attnum(rel, "id"), tupdesc, &isnull);
	if (isnull)
		return PointerGetDatum(NULL);
	args[1] = heap_getattr(tuple, agentgov_attnum(rel, "org_id"), tupdesc, &isnull);
	if (isnull && is_project)
		return PointerGetDatum(NULL);

	agentgov_spi_connect();
	agentgov_begin_as_owner(agentgov_relid("budget_limits"), &saved);
	if (is_project)
		agentgov_spi_run(agentgov_plan(&drop_project_budgets_plan,
									   "DELETE FROM agentgov.budget_limits "
									   "WHERE scope_type OPERATOR(pg_catalog.=) 'project' "
									   "AND scope_id OPERATOR(pg_catalog.=) $1 "
									   "AND org_id OPERATOR(pg_catalog.=) $2",
									   2, argtypes),
						 args, NULL, false, 0, SPI_OK_DELETE);
	else
		agentgov_spi_run(agentgov_plan(&drop_agent_budgets_plan,
									   "DELETE FROM agentgov.budget_limits "
									   "WHERE scope_type OPERATOR(pg_catalog.=) 'agent' "
									   "AND scope_id OPERATOR(pg_catalog.=) $1",
									   1, argtypes),
						 args, NULL, false, 0, SPI_OK_DELETE);
	agentgov_end_as_owner(&saved);
	SPI_finish();
	return PointerGetDatum(NULL);
}
