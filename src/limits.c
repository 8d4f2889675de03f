/*-------------------------------------------------------------------------
 *
 * limits.c
 *	  Plan limits of an organization: max_projects and
 *	  max_agents_per_project.
 *
 * check_project_limit() (BEFORE INSERT OR UPDATE OF org_id, archived_at on
 * projects) refuses a project that would take an organization past
 * max_projects: a new project, an archived project brought back, or a
 * project moved in from another organization.  Archived projects do not
 * count; max_projects NULL is unlimited.  check_agent_limit() (BEFORE
 * INSERT OR UPDATE OF org_id, project_id on agents) does the same for the
 * agents of a project against max_agents_per_project.
 * check_plan_limits_lowered() (BEFORE UPDATE OF max_projects,
 * max_agents_per_project on organizations) refuses to lower a limit below
 * what the organization already uses: the limits always hold, and a
 * downgrade archives projects (or removes agents) first.  All refusals are
 * AG003.  A negative limit is not a lower limit: guard_plan() (plans.c),
 * which fires first, and the CHECK constraints refuse it.
 *
 * Locking.  Each check locks the organization row FOR NO KEY UPDATE and
 * then counts, so checks for one organization run one at a time: of two
 * sessions racing for the last slot, the second waits for the first to
 * commit and then counts its row.  FOR NO KEY UPDATE does not conflict with
 * the FOR KEY SHARE lock every foreign-key check on a tenant table takes on
 * the organization row, so ordinary tenant writes never wait for it; an
 * UPDATE of the organization row (lowering a limit) takes the same lock.
 * The count reads the latest snapshot, as foreign-key checks do, so that
 * under REPEATABLE READ too it sees the row the other session committed
 * while this one waited.  The queries run as the table owner with
 * row-level security off: a limit must count rows the writer cannot see.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "utils/builtins.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

PG_FUNCTION_INFO_V1(check_project_limit);
PG_FUNCTION_INFO_V1(check_agent_limit);
PG_FUNCTION_INFO_V1(check_plan_limits_lowered);

/* An organization's plan limits; a NULL limit is unlimited. */
typedef struct PlanLimits
{
	bool		found;
	bool		projects_unlimited;
	int32		max_projects;
	bool		agents_unlimited;
	int32		max_agents;
} PlanLimits;

static SPIPlanPtr lock_org_plan = NULL;
static SPIPlanPtr count_projects_plan = NULL;
static SPIPlanPtr count_agents_plan = NULL;
static SPIPlanPtr busiest_project_plan = NULL;

/* ----------------------------------------------------------------
 * Helpers (callers are connected to SPI and run as the table owner)
 * ----------------------------------------------------------------
 */

/* Lock the organization row FOR NO KEY UPDATE and read its limits. */
static PlanLimits
lock_plan_limits(Datum org_id)
{
	Oid			argtypes[1] = {UUIDOID};
	PlanLimits	limits = {false};
	bool		isnull;
	int			ret;

	ret = SPI_execute_plan(agentgov_plan(&lock_org_plan,
										 "SELECT max_projects, max_agents_per_project "
										 "FROM agentgov.organizations "
										 "WHERE id OPERATOR(pg_catalog.=) $1 FOR NO KEY UPDATE",
										 1, argtypes),
						   &org_id, NULL, false, 1);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	if (SPI_processed == 0)
		return limits;			/* the foreign key reports a missing org */
	limits.found = true;
	limits.max_projects = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0],
													  SPI_tuptable->tupdesc, 1, &isnull));
	limits.projects_unlimited = isnull;
	limits.max_agents = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0],
													SPI_tuptable->tupdesc, 2, &isnull));
	limits.agents_unlimited = isnull;
	return limits;
}

/*
 * Run a counting query with the latest snapshot and return its first
 * column (0 when it returns no row); the second column, if any, goes to
 * *second.
 */
static int64
count_latest(SPIPlanPtr plan, Datum *args, const char *nulls, Datum *second)
{
	bool		isnull;
	int			ret;
	int64		count;

	ret = SPI_execute_snapshot(plan, args, nulls, GetLatestSnapshot(),
							   InvalidSnapshot, false, false, 1);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_snapshot failed: %s", SPI_result_code_string(ret));
	if (SPI_processed == 0)
		return 0;
	count = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc,
										1, &isnull));
	if (second != NULL)
		*second = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull);
	return count;
}

/* Active projects of an organization, other than `except` (0: none). */
static int64
count_projects(Datum org_id, Datum except)
{
	Oid			argtypes[2] = {UUIDOID, UUIDOID};
	Datum		args[2] = {org_id, except};
	char		nulls[2] = {' ', except == (Datum) 0 ? 'n' : ' '};

	return count_latest(agentgov_plan(&count_projects_plan,
									  "SELECT count(*) FROM agentgov.projects "
									  "WHERE org_id OPERATOR(pg_catalog.=) $1 "
									  "AND archived_at IS NULL "
									  "AND id IS DISTINCT FROM $2",
									  2, argtypes),
						args, nulls, NULL);
}

/* The value of a column of a trigger tuple, by name. */
static Datum
row_value(Relation rel, HeapTuple tuple, const char *colname, bool *isnull)
{
	return heap_getattr(tuple, agentgov_attnum(rel, colname), RelationGetDescr(rel), isnull);
}

/* Did a column change between two versions of a row? */
static bool
column_changed(Relation rel, HeapTuple oldtuple, HeapTuple newtuple, const char *colname)
{
	bool		oldnull,
				newnull;
	Datum		oldval = row_value(rel, oldtuple, colname, &oldnull);
	Datum		newval = row_value(rel, newtuple, colname, &newnull);

	if (oldnull || newnull)
		return oldnull != newnull;
	return !DatumGetBool(DirectFunctionCall2(uuid_eq, oldval, newval));
}

/* ----------------------------------------------------------------
 * check_project_limit: BEFORE INSERT OR UPDATE OF org_id, archived_at
 * on projects
 * ----------------------------------------------------------------
 */
Datum
check_project_limit(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	HeapTuple	newtuple;
	HeapTuple	oldtuple;
	Datum		org_id,
				id;
	bool		isnull;
	bool		unarchiving = false;
	PlanLimits	limits;
	AgentgovSavedUser saved;
	int64		active;

	agentgov_check_trigger(fcinfo, "check_project_limit", AG_ON_INSERT | AG_ON_UPDATE, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	agentgov_trigger_rows(trigdata, &oldtuple, &newtuple);

	/* Only a row that starts to count against an organization is checked. */
	if (!heap_attisnull(newtuple, agentgov_attnum(rel, "archived_at"), RelationGetDescr(rel)))
		return PointerGetDatum(newtuple);
	if (oldtuple != NULL)
	{
		unarchiving = !heap_attisnull(oldtuple, agentgov_attnum(rel, "archived_at"),
									  RelationGetDescr(rel));
		if (!unarchiving && !column_changed(rel, oldtuple, newtuple, "org_id"))
			return PointerGetDatum(newtuple);
	}
	org_id = row_value(rel, newtuple, "org_id", &isnull);
	if (isnull)
		return PointerGetDatum(newtuple);	/* NOT NULL reports it */
	id = row_value(rel, newtuple, "id", &isnull);
	if (isnull)
		return PointerGetDatum(newtuple);	/* NOT NULL reports it */

	agentgov_spi_connect();
	agentgov_begin_as_owner(RelationGetRelid(rel), &saved);
	limits = lock_plan_limits(org_id);
	if (limits.found && !limits.projects_unlimited)
	{
		active = count_projects(org_id, id);
		if (active >= limits.max_projects)
			ereport(ERROR,
					(errcode(ERRCODE_AG_PLAN_LIMIT),
					 unarchiving ?
					 errmsg_plural("cannot unarchive project %s: organization %s has reached its limit of %d project",
								   "cannot unarchive project %s: organization %s has reached its limit of %d projects",
								   limits.max_projects,
								   agentgov_uuid_str(id), agentgov_uuid_str(org_id), limits.max_projects) :
					 errmsg_plural("organization %s has reached its limit of %d project",
								   "organization %s has reached its limit of %d projects",
								   limits.max_projects,
								   agentgov_uuid_str(org_id), limits.max_projects),
					 errdetail_plural("It has %lld active project; archived projects do not count.",
									  "It has %lld active projects; archived projects do not count.",
									  (unsigned long) active, (long long) active),
					 errhint("Archive a project, or raise the organization's max_projects.")));
	}
	agentgov_end_as_owner(&saved);
	SPI_finish();
	return PointerGetDatum(newtuple);
}

/* ----------------------------------------------------------------
 * check_agent_limit: BEFORE INSERT OR UPDATE OF org_id, project_id
 * on agents
 * ----------------------------------------------------------------
 */
Datum
check_agent_limit(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	HeapTuple	newtuple;
	HeapTuple	oldtuple;
	Datum		args[3];
	char		nulls[3] = {' ', ' ', ' '};
	Oid			argtypes[3] = {UUIDOID, UUIDOID, UUIDOID};
	bool		isnull;
	PlanLimits	limits;
	AgentgovSavedUser saved;
	int64		agents;

	agentgov_check_trigger(fcinfo, "check_agent_limit", AG_ON_INSERT | AG_ON_UPDATE, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	agentgov_trigger_rows(trigdata, &oldtuple, &newtuple);

	/* Only an agent that joins a project is checked. */
	args[0] = row_value(rel, newtuple, "org_id", &isnull);
	if (isnull)
		return PointerGetDatum(newtuple);	/* catalogue agent, or CHECK reports it */
	args[1] = row_value(rel, newtuple, "project_id", &isnull);
	if (isnull)
		return PointerGetDatum(newtuple);	/* organization-wide agent */
	if (oldtuple != NULL && !column_changed(rel, oldtuple, newtuple, "project_id") &&
		!column_changed(rel, oldtuple, newtuple, "org_id"))
		return PointerGetDatum(newtuple);
	args[2] = row_value(rel, newtuple, "id", &isnull);
	if (isnull)
		nulls[2] = 'n';

	agentgov_spi_connect();
	agentgov_begin_as_owner(RelationGetRelid(rel), &saved);
	limits = lock_plan_limits(args[0]);
	if (limits.found && !limits.agents_unlimited)
	{
		agents = count_latest(agentgov_plan(&count_agents_plan,
											"SELECT count(*) FROM agentgov.agents "
											"WHERE project_id OPERATOR(pg_catalog.=) $2 "
											"AND org_id OPERATOR(pg_catalog.=) $1 "
											"AND id IS DISTINCT FROM $3",
											3, argtypes),
							  args, nulls, NULL);
		if (agents >= limits.max_agents)
			ereport(ERROR,
					(errcode(ERRCODE_AG_PLAN_LIMIT),
					 errmsg_plural("project %s has reached its limit of %d agent",
								   "project %s has reached its limit of %d agents",
								   limits.max_agents,
								   agentgov_uuid_str(args[1]), limits.max_agents),
					 errdetail("Organization %s sets max_agents_per_project to %d; the project has %lld.",
							   agentgov_uuid_str(args[0]), limits.max_agents, (long long) agents),
					 errhint("Remove an agent from the project, or raise the organization's max_agents_per_project.")));
	}
	agentgov_end_as_owner(&saved);
	SPI_finish();
	return PointerGetDatum(newtuple);
}

/* ----------------------------------------------------------------
 * check_plan_limits_lowered: BEFORE UPDATE OF max_projects,
 * max_agents_per_project on organizations
 * ----------------------------------------------------------------
 */

/* Is the new value of an int4 limit column (NULL = unlimited) lower? */
static bool
limit_lowered(Relation rel, HeapTuple oldtuple, HeapTuple newtuple,
			  const char *colname, int32 *newlimit)
{
	bool		oldnull,
				newnull;
	Datum		oldval = row_value(rel, oldtuple, colname, &oldnull);
	Datum		newval = row_value(rel, newtuple, colname, &newnull);

	if (newnull)
		return false;
	*newlimit = DatumGetInt32(newval);
	if (*newlimit < 0)
		return false;			/* guard_plan() and the CHECK refuse it */
	return oldnull || *newlimit < DatumGetInt32(oldval);
}

/* Refuse lowering max_projects or max_agents_per_project below current use. */
Datum
check_plan_limits_lowered(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	HeapTuple	oldtuple,
				newtuple;
	Datum		org_id;
	bool		isnull;
	int32		max_projects = 0;
	int32		max_agents = 0;
	bool		projects_lowered,
				agents_lowered;
	AgentgovSavedUser saved;

	agentgov_check_trigger(fcinfo, "check_plan_limits_lowered", AG_ON_UPDATE, true);
	rel = trigdata->tg_relation;
	oldtuple = trigdata->tg_trigtuple;
	newtuple = trigdata->tg_newtuple;
	projects_lowered = limit_lowered(rel, oldtuple, newtuple, "max_projects", &max_projects);
	agents_lowered = limit_lowered(rel, oldtuple, newtuple, "max_agents_per_project", &max_agents);
	if (!projects_lowered && !agents_lowered)
		return PointerGetDatum(newtuple);
	org_id = row_value(rel, newtuple, "id", &isnull);
	if (isnull)
		return PointerGetDatum(newtuple);	/* NOT NULL reports it */

	/* The UPDATE holds the row lock the inserting checks take. */
	agentgov_spi_connect();
	agentgov_begin_as_owner(RelationGetRelid(rel), &saved);
	if (projects_lowered)
	{
		int64		active = count_projects(org_id, (Datum) 0);

		if (active > max_projects)
			ereport(ERROR,
					(errcode(ERRCODE_AG_PLAN_LIMIT),
					 errmsg("cannot lower max_projects of organization %s to %d",
							agentgov_uuid_str(org_id), max_projects),
					 errdetail_plural("It has %lld active project.", "It has %lld active projects.",
									  (unsigned long) active, (long long) active),
					 errhint("Archive projects first.")));
	}
	if (agents_lowered)
	{
		Oid			argtypes[1] = {UUIDOID};
		Datum		project_id = (Datum) 0;
		int64		agents;

		agents = count_latest(agentgov_plan(&busiest_project_plan,
											"SELECT count(*), project_id FROM agentgov.agents "
											"WHERE org_id OPERATOR(pg_catalog.=) $1 "
											"AND project_id IS NOT NULL "
											"GROUP BY project_id ORDER BY 1 DESC, 2 LIMIT 1",
											1, argtypes),
							  &org_id, NULL, &project_id);
		/* agents > max_agents >= 0: the query returned the busiest project */
		if (agents > max_agents)
			ereport(ERROR,
					(errcode(ERRCODE_AG_PLAN_LIMIT),
					 errmsg("cannot lower max_agents_per_project of organization %s to %d",
							agentgov_uuid_str(org_id), max_agents),
					 errdetail_plural("Project %s has %lld agent.", "Project %s has %lld agents.",
									  (unsigned long) agents,
									  agentgov_uuid_str(project_id), (long long) agents),
					 errhint("Remove agents from the project first.")));
	}
	agentgov_end_as_owner(&saved);
	SPI_finish();
	return PointerGetDatum(newtuple);
}
