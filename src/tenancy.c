/*-------------------------------------------------------------------------
 *
 * tenancy.c
 *	  Tenant rules that a foreign key cannot express.
 *
 * organization_defaults() fills the plan limits of a new organization from
 * its subscription tier.  check_agent_scope() keeps a tenant row from naming
 * another tenant's agent: agents holds both the global catalogue (org_id
 * NULL) and per-organization agents, so references to it are plain foreign
 * keys on id, and this AFTER ROW trigger adds the tenant test.
 *
 * Locking: none beyond what the triggering statement holds.  The agent's
 * org_id cannot change under us in a way that matters: a concurrent UPDATE
 * of agents.org_id is itself a tenant move that the RI machinery locks.
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

PG_FUNCTION_INFO_V1(organization_defaults);
PG_FUNCTION_INFO_V1(check_agent_scope);

/* Plan limits a tier gets when the insert leaves them NULL. */
typedef struct TierLimits
{
	const char *tier;
	bool		unlimited_projects;
	int32		max_projects;
	int32		max_agents_per_project;
} TierLimits;

static const TierLimits tier_limits[] = {
	{"BASIC", false, 3, 1},
	{"PRO", false, 20, 5},
	{"ENTERPRISE", true, 0, 20},
};

/* Cached plan: the org of an agent by id. */
static SPIPlanPtr agent_org_plan = NULL;

/* ----------------------------------------------------------------
 * organization_defaults: BEFORE INSERT ROW trigger on organizations
 * ----------------------------------------------------------------
 */
Datum
organization_defaults(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	tupdesc;
	HeapTuple	tuple;
	char	   *tier;
	const TierLimits *limits = NULL;
	int			cols[2];
	Datum		values[2];
	bool		nulls[2];
	int			ncols = 0;
	bool		isnull;

	agentgov_check_trigger(fcinfo, "organization_defaults",
						   AG_ON_INSERT, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	tupdesc = RelationGetDescr(trigdata->tg_relation);
	tuple = trigdata->tg_trigtuple;

	tier = SPI_getvalue(tuple, tupdesc,
						agentgov_attnum(trigdata->tg_relation, "subscription_tier"));
	if (tier == NULL)
		return PointerGetDatum(tuple);	/* NOT NULL reports it */
	for (int i = 0; i < lengthof(tier_limits); i++)
		if (strcmp(tier_limits[i].tier, tier) == 0)
			limits = &tier_limits[i];
	if (limits == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown subscription tier \"%s\"", tier)));

	cols[ncols] = agentgov_attnum(trigdata->tg_relation, "max_projects");
	(void) heap_getattr(tuple, cols[ncols], tupdesc, &isnull);
	if (isnull && !limits->unlimited_projects)
	{
		values[ncols] = Int32GetDatum(limits->max_projects);
		nulls[ncols++] = false;
	}

	cols[ncols] = agentgov_attnum(trigdata->tg_relation, "max_agents_per_project");
	(void) heap_getattr(tuple, cols[ncols], tupdesc, &isnull);
	if (isnull)
	{
		values[ncols] = Int32GetDatum(limits->max_agents_per_project);
		nulls[ncols++] = false;
	}

	if (ncols > 0)
		tuple = heap_modify_tuple_by_cols(tuple, tupdesc, ncols, cols, values, nulls);
	return PointerGetDatum(tuple);
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
	if (agent_org_plan == NULL)
	{
		SPIPlanPtr	plan;

		plan = SPI_prepare("SELECT org_id FROM agentgov.agents "
						   "WHERE id OPERATOR(pg_catalog.=) $1",
						   1, argtypes);
		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		SPI_keepplan(plan);
		agent_org_plan = plan;
	}
	/* As the owner of agents: row-level security must not hide the agent. */
	agentgov_begin_as_owner(agentgov_relid("agents"), &saved);
	ret = SPI_execute_plan(agent_org_plan, &agent_id, NULL, true, 1);
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
