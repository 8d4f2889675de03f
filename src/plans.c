/*-------------------------------------------------------------------------
 *
 * plans.c
 *	  The plan of an organization (subscription_tier, max_projects,
 *	  max_agents_per_project) belongs to the platform, not to the tenant.
 *
 * organization_defaults() (BEFORE INSERT on organizations) fills the plan
 * limits an insert leaves NULL from the tier; plan_defaults() returns them.
 * guard_plan() (BEFORE INSERT OR UPDATE OF subscription_tier, max_projects,
 * max_agents_per_project on organizations) refuses a negative limit (23514)
 * and lets only a role that may write plans directly change a plan column
 * (42501 otherwise): a superuser, or a role with the privileges of the
 * owner of organizations (the extension owner: restores, data loading,
 * and set_plan(), which is SECURITY DEFINER).  Everyone else goes through
 * agentgov.set_plan(), whose EXECUTE the owner grants to the platform's
 * billing role; the application role of grant_app_access() never gets it.
 * create_organization() creates an organization with the actor as ADMIN;
 * a tier other than BASIC needs a role that may set plans (direct writer,
 * or EXECUTE on set_plan()).  It is a C function running as its caller, so
 * that it can tell who calls it, and does its two inserts as the owner of
 * organizations with row-level security off.
 *
 * Locking: none of its own.  The inserts and the guarded UPDATE take the
 * locks of any write; lowering a limit is checked (and locked) in limits.c.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "membership.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/datum.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/regproc.h"

PG_FUNCTION_INFO_V1(organization_defaults);
PG_FUNCTION_INFO_V1(plan_defaults);
PG_FUNCTION_INFO_V1(guard_plan);
PG_FUNCTION_INFO_V1(create_organization);

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

/* The plan columns of organizations, with their range constraint. */
static const struct
{
	const char *column;
	const char *constraint;
}			plan_limits[] = {
	{"max_projects", "organizations_max_projects_range"},
	{"max_agents_per_project", "organizations_max_agents_range"},
};

static SPIPlanPtr insert_org_plan = NULL;

/* The defaults of a tier by its label; raises for an unknown one. */
static const TierLimits *
find_tier(const char *tier)
{
	for (int i = 0; i < lengthof(tier_limits); i++)
		if (strcmp(tier_limits[i].tier, tier) == 0)
			return &tier_limits[i];
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown subscription tier \"%s\"", tier)));
	return NULL;				/* keep compiler quiet */
}

/*
 * May the current user write plan columns directly?  A superuser, or a
 * role with the privileges of the owner of organizations.
 */
static bool
may_write_plans(Oid owner)
{
	Oid			user = GetUserId();

	return superuser_arg(user) || has_privs_of_role(user, owner);
}

/* May the current user call agentgov.set_plan()? */
static bool
may_call_set_plan(void)
{
	Oid			fn;

	fn = DatumGetObjectId(DirectFunctionCall1(to_regprocedure,
											  CStringGetTextDatum("agentgov.set_plan(uuid, agentgov.subscription_tier, jsonb)")));
	return OidIsValid(fn) && pg_proc_aclcheck(fn, GetUserId(), ACL_EXECUTE) == ACLCHECK_OK;
}

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
	const TierLimits *limits;
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
	limits = find_tier(tier);

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
 * plan_defaults(tier) -> (max_projects, max_agents_per_project)
 * ----------------------------------------------------------------
 */
Datum
plan_defaults(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	const TierLimits *limits;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "plan_defaults must return a row");
	limits = find_tier(DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(0))));
	values[0] = Int32GetDatum(limits->max_projects);
	nulls[0] = limits->unlimited_projects;
	values[1] = Int32GetDatum(limits->max_agents_per_project);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls)));
}

/* ----------------------------------------------------------------
 * guard_plan: BEFORE INSERT OR UPDATE OF subscription_tier,
 * max_projects, max_agents_per_project ROW trigger on organizations
 * ----------------------------------------------------------------
 */

/* Did column colname change between the two versions of the row? */
static bool
plan_column_changed(Relation rel, HeapTuple oldtuple, HeapTuple newtuple,
					const char *colname)
{
	int			attnum = agentgov_attnum(rel, colname);
	Form_pg_attribute att = TupleDescAttr(RelationGetDescr(rel), attnum - 1);
	bool		oldnull,
				newnull;
	Datum		oldval = heap_getattr(oldtuple, attnum, RelationGetDescr(rel), &oldnull);
	Datum		newval = heap_getattr(newtuple, attnum, RelationGetDescr(rel), &newnull);

	if (oldnull || newnull)
		return oldnull != newnull;
	return !datumIsEqual(oldval, newval, att->attbyval, att->attlen);
}

Datum
guard_plan(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	HeapTuple	oldtuple,
				newtuple;
	bool		isnull;
	Datum		value;
	Datum		id;
	const char *changed = NULL;

	agentgov_check_trigger(fcinfo, "guard_plan", AG_ON_INSERT | AG_ON_UPDATE, true);
	if (agentgov_restoring())
		return agentgov_restore_passthrough(fcinfo);
	rel = trigdata->tg_relation;
	agentgov_trigger_rows(trigdata, &oldtuple, &newtuple);
	id = heap_getattr(newtuple, agentgov_attnum(rel, "id"), RelationGetDescr(rel), &isnull);
	if (isnull)
		return PointerGetDatum(newtuple);	/* NOT NULL reports it */

	/* A limit is a count: never negative (NULL max_projects = unlimited). */
	for (int i = 0; i < lengthof(plan_limits); i++)
	{
		value = heap_getattr(newtuple, agentgov_attnum(rel, plan_limits[i].column),
							 RelationGetDescr(rel), &isnull);
		if (!isnull && DatumGetInt32(value) < 0)
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("plan limit %s of organization %s cannot be negative",
							plan_limits[i].column, agentgov_uuid_str(id)),
					 errdetail("The new value is %d.", DatumGetInt32(value)),
					 errhint("A limit counts projects or agents: 0 or more%s.",
							 i == 0 ? "; NULL is unlimited" : ""),
					 errtableconstraint(rel, plan_limits[i].constraint)));
	}

	if (may_write_plans(rel->rd_rel->relowner))
		return PointerGetDatum(newtuple);
	if (oldtuple == NULL)
	{
		/* A new organization: BASIC with the BASIC limits. */
		char	   *tier = SPI_getvalue(newtuple, RelationGetDescr(rel),
										agentgov_attnum(rel, "subscription_tier"));
		const TierLimits *basic = find_tier("BASIC");
		Datum		projects = heap_getattr(newtuple, agentgov_attnum(rel, "max_projects"),
											RelationGetDescr(rel), &isnull);

		if (tier != NULL && strcmp(tier, "BASIC") != 0)
			changed = "subscription_tier";
		else if (isnull || DatumGetInt32(projects) != basic->max_projects)
			changed = "max_projects";
		else
		{
			value = heap_getattr(newtuple, agentgov_attnum(rel, "max_agents_per_project"),
								 RelationGetDescr(rel), &isnull);
			if (!isnull && DatumGetInt32(value) != basic->max_agents_per_project)
				changed = "max_agents_per_project";
		}
	}
	else if (plan_column_changed(rel, oldtuple, newtuple, "subscription_tier"))
		changed = "subscription_tier";
	else
	{
		for (int i = 0; i < lengthof(plan_limits) && changed == NULL; i++)
			if (plan_column_changed(rel, oldtuple, newtuple, plan_limits[i].column))
				changed = plan_limits[i].column;
	}
	if (changed != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to change the plan of organization %s",
						agentgov_uuid_str(id)),
				 errdetail("Column %s is part of the plan, which only the platform sets; role \"%s\" may not.",
						   changed, GetUserNameFromId(GetUserId(), false)),
				 errhint("The platform's billing role changes plans with agentgov.set_plan(); new organizations start as BASIC.")));
	return PointerGetDatum(newtuple);
}

/* ----------------------------------------------------------------
 * create_organization(name text, slug text, tier subscription_tier)
 *   -> uuid
 * ----------------------------------------------------------------
 */
Datum
create_organization(PG_FUNCTION_ARGS)
{
	pg_uuid_t	actor;
	Datum		tier = PG_GETARG_DATUM(2);
	char	   *tier_label;
	Oid			argtypes[3] = {TEXTOID, TEXTOID, TEXTOID};
	Datum		args[3];
	Datum		org;
	bool		isnull;
	AgentgovSavedUser saved;
	int			ret;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();		/* STRICT */
	if (!agentgov_current_user(&actor))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("creating an organization needs an actor"),
				 errhint("Call agentgov.set_actor() first; the actor becomes the organization's ADMIN.")));
	tier_label = DatumGetCString(DirectFunctionCall1(enum_out, tier));
	if (strcmp(tier_label, "BASIC") != 0)
	{
		if (!may_write_plans(agentgov_table_owner("organizations")) && !may_call_set_plan())
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("permission denied to create an organization with tier %s", tier_label),
					 errdetail("The plan belongs to the platform; role \"%s\" may create BASIC organizations only.",
							   GetUserNameFromId(GetUserId(), false)),
					 errhint("Create it as BASIC; the platform's billing role changes plans with agentgov.set_plan().")));
	}
	args[0] = PG_GETARG_DATUM(0);
	args[1] = PG_GETARG_DATUM(1);
	args[2] = CStringGetTextDatum(tier_label);

	agentgov_spi_connect();
	agentgov_begin_as_owner(agentgov_relid("organizations"), &saved);
	ret = SPI_execute_plan(agentgov_plan(&insert_org_plan,
										 "INSERT INTO agentgov.organizations (name, slug, subscription_tier) "
										 "VALUES ($1, $2, $3::agentgov.subscription_tier) RETURNING id",
										 3, argtypes),
						   args, NULL, false, 0);
	if (ret != SPI_OK_INSERT_RETURNING || SPI_processed != 1)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	org = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	agentgov_add_member(org, UUIDPGetDatum(&actor), "ADMIN");
	agentgov_end_as_owner(&saved);
	org = SPI_datumTransfer(org, false, sizeof(pg_uuid_t));
	SPI_finish();
	PG_RETURN_DATUM(org);
}
