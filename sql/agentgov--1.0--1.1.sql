\echo Use "ALTER EXTENSION agentgov UPDATE TO '1.1'" to load this file. \quit
-- ---------------------------------------------------------------------------
-- agentgov 1.0 -> 1.1
--
-- Every change to sql/install/ between the 1.0 release (frozen as
-- sql/agentgov--1.0.sql) and 1.1 has its step here, so that
-- ALTER EXTENSION agentgov UPDATE leaves exactly the catalog a fresh
-- CREATE EXTENSION agentgov VERSION '1.1' makes (checked by the upgrade test).
-- Sections follow the order in which the steps must run.
-- ---------------------------------------------------------------------------

-- ===========================================================================
-- Section A. Hardening: plan limits, plan ownership, cross-tenant references,
-- protected rollups, numeric input checks.
-- ===========================================================================

-- ---- A1. Plan limits and plan ownership (src/plans.c, src/limits.c) --------
-- ---- The plan belongs to the platform (docs/plans.md) -----------------------
-- subscription_tier, max_projects and max_agents_per_project change only
-- through set_plan() (or by the owner / a superuser directly); see
-- src/plans.c.  Rows never move between organizations (refuse_org_move(),
-- attached to every table with org_id by 90_finish.sql).

CREATE FUNCTION agentgov.refuse_org_move() RETURNS trigger
    AS 'MODULE_PATHNAME', 'refuse_org_move' LANGUAGE C;
COMMENT ON FUNCTION agentgov.refuse_org_move() IS
    'BEFORE UPDATE OF org_id trigger (WHEN the value changes) on every table with org_id, and of id on organizations: rows never move between organizations (0A000), so no reference can cross tenants';

CREATE TRIGGER organizations_id_immutable BEFORE UPDATE OF id ON agentgov.organizations
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id)
    EXECUTE FUNCTION agentgov.refuse_org_move('id');

CREATE FUNCTION agentgov.guard_plan() RETURNS trigger
    AS 'MODULE_PATHNAME', 'guard_plan' LANGUAGE C;
COMMENT ON FUNCTION agentgov.guard_plan() IS
    'BEFORE INSERT OR UPDATE OF subscription_tier, max_projects, max_agents_per_project trigger on organizations: limits are never negative (23514); only a superuser or a role with the privileges of the extension owner (so set_plan()) may set a plan other than BASIC or change one (42501)';
CREATE TRIGGER organizations_plan_guard
    BEFORE INSERT OR UPDATE OF subscription_tier, max_projects, max_agents_per_project
    ON agentgov.organizations
    FOR EACH ROW EXECUTE FUNCTION agentgov.guard_plan();

CREATE FUNCTION agentgov.plan_defaults(tier agentgov.subscription_tier,
                                       OUT max_projects integer,
                                       OUT max_agents_per_project integer)
RETURNS record
    AS 'MODULE_PATHNAME', 'plan_defaults'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.plan_defaults(agentgov.subscription_tier) IS
    'Plan limits of a subscription tier: BASIC 3 projects and 1 agent per project, PRO 20 and 5, ENTERPRISE unlimited (NULL) and 20';

CREATE FUNCTION agentgov.set_plan(org_id uuid, tier agentgov.subscription_tier,
                                  limits jsonb DEFAULT NULL)
RETURNS agentgov.organizations
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    defaults record;
    new_projects integer;
    new_agents integer;
    limit_name text;
    limit_value jsonb;
    result agentgov.organizations;
BEGIN
    IF set_plan.org_id IS NULL OR set_plan.tier IS NULL THEN
        RAISE EXCEPTION 'set_plan needs an organization and a tier'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    defaults := agentgov.plan_defaults(set_plan.tier);
    new_projects := defaults.max_projects;
    new_agents := defaults.max_agents_per_project;
    IF set_plan.limits IS NOT NULL THEN
        IF jsonb_typeof(set_plan.limits) <> 'object' THEN
            RAISE EXCEPTION 'plan limits must be a JSON object, not %', jsonb_typeof(set_plan.limits)
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'For example {"max_projects": 50, "max_agents_per_project": 10}; a limit left out takes the tier''s default.';
        END IF;
        FOR limit_name, limit_value IN SELECT e.key, e.value FROM jsonb_each(set_plan.limits) e LOOP
            IF limit_name NOT IN ('max_projects', 'max_agents_per_project') THEN
                RAISE EXCEPTION 'unknown plan limit "%"', limit_name
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = 'The plan limits are max_projects and max_agents_per_project.';
            END IF;
            IF limit_name = 'max_projects' AND jsonb_typeof(limit_value) = 'null' THEN
                new_projects := NULL;
                CONTINUE;
            END IF;
            IF jsonb_typeof(limit_value) <> 'number'
               OR limit_value::numeric <> trunc(limit_value::numeric)
               OR limit_value::numeric NOT BETWEEN 0 AND 2147483647 THEN
                RAISE EXCEPTION 'plan limit % must be an integer from 0 to 2147483647%, not %',
                                limit_name,
                                CASE limit_name WHEN 'max_projects' THEN ' or null (unlimited)' ELSE '' END,
                                limit_value
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF limit_name = 'max_projects' THEN
                new_projects := limit_value::numeric::integer;
            ELSE
                new_agents := limit_value::numeric::integer;
            END IF;
        END LOOP;
    END IF;
    UPDATE agentgov.organizations o
       SET subscription_tier = set_plan.tier,
           max_projects = new_projects,
           max_agents_per_project = new_agents
     WHERE o.id = set_plan.org_id
    RETURNING o.* INTO result;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'organization % does not exist', set_plan.org_id
            USING ERRCODE = 'no_data_found';
    END IF;
    RETURN result;
END
$$;
COMMENT ON FUNCTION agentgov.set_plan(uuid, agentgov.subscription_tier, jsonb) IS
    'Sets the plan of an organization: its tier and limits (the tier''s defaults, overridden by limits, e.g. {"max_projects": 50, "max_agents_per_project": 10}; max_projects null = unlimited); returns the row. Lowering below current use is refused (AG003). The billing integration point: EXECUTE only for the roles the extension owner grants it to (docs/plans.md). SECURITY DEFINER';
REVOKE EXECUTE ON FUNCTION agentgov.set_plan(uuid, agentgov.subscription_tier, jsonb) FROM PUBLIC;

CREATE OR REPLACE FUNCTION agentgov.create_organization(name text, slug text,
                                                        tier agentgov.subscription_tier DEFAULT 'BASIC')
RETURNS uuid
    AS 'MODULE_PATHNAME', 'create_organization'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION agentgov.create_organization(text, text, agentgov.subscription_tier) IS
    'Creates an organization with the actor as its ADMIN and returns its id. A tier other than BASIC needs a role that may set plans: a superuser, the extension owner, or a role granted EXECUTE on set_plan() (42501 otherwise). Runs as its caller, and inserts as the owner of organizations: no policy can let a user insert the first membership of an organization he is not yet in';

-- ---- A2. Cross-tenant references (src/tenancy.c) ----------------------------

CREATE FUNCTION agentgov.check_budget_scope() RETURNS trigger
    AS 'MODULE_PATHNAME', 'check_budget_scope' LANGUAGE C;
COMMENT ON FUNCTION agentgov.check_budget_scope() IS
    'AFTER INSERT OR UPDATE OF org_id, scope_type, scope_id trigger on budget_limits: scope_id names a project of the budget''s organization (scope project) or an agent of it or of the catalogue (scope agent), else 23503';
CREATE TRIGGER budget_limits_scope AFTER INSERT OR UPDATE OF org_id, scope_type, scope_id
    ON agentgov.budget_limits FOR EACH ROW EXECUTE FUNCTION agentgov.check_budget_scope();
CREATE FUNCTION agentgov.drop_budget_scope() RETURNS trigger
    AS 'MODULE_PATHNAME', 'drop_budget_scope' LANGUAGE C;
COMMENT ON FUNCTION agentgov.drop_budget_scope() IS
    'AFTER DELETE trigger on projects (argument project) and agents (argument agent): deletes the budgets scoped to the deleted row, as ON DELETE CASCADE would for a foreign key';
CREATE TRIGGER projects_budget_scope AFTER DELETE ON agentgov.projects
    FOR EACH ROW EXECUTE FUNCTION agentgov.drop_budget_scope('project');
CREATE TRIGGER agents_budget_scope AFTER DELETE ON agentgov.agents
    FOR EACH ROW EXECUTE FUNCTION agentgov.drop_budget_scope('agent');

-- Every table with an org_id column refuses a change of it (as 90_finish.sql
-- does on a fresh install).  A table that a later section creates gets the
-- trigger in that section.
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN
        SELECT c.oid::regclass
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
         WHERE c.relnamespace = 'agentgov'::regnamespace
           AND c.relkind = 'r'
           AND a.attname = 'org_id' AND NOT a.attisdropped
         ORDER BY c.relname
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER %I BEFORE UPDATE OF org_id ON %s FOR EACH ROW '
            'WHEN (OLD.org_id IS DISTINCT FROM NEW.org_id) '
            'EXECUTE FUNCTION agentgov.refuse_org_move(''org_id'')',
            (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = t) || '_org_id_immutable', t);
    END LOOP;
END
$$;

-- References 1.0 let cross tenants are reported, not changed: they need a
-- decision by the operator (docs/plans.md, "Upgrading from 1.0").
DO $$
DECLARE
    n bigint;
BEGIN
    SELECT pg_catalog.count(*) INTO n
      FROM agentgov.budget_limits b
     WHERE (b.scope_type = 'project'
            AND NOT EXISTS (SELECT 1 FROM agentgov.projects p
                             WHERE p.org_id = b.org_id AND p.id = b.scope_id))
        OR (b.scope_type = 'agent'
            AND NOT EXISTS (SELECT 1 FROM agentgov.agents a
                             WHERE a.id = b.scope_id
                               AND (a.org_id IS NULL OR a.org_id = b.org_id)));
    IF n > 0 THEN
        RAISE WARNING '% budget_limits rows name a project or agent outside their organization', n
            USING HINT = 'Correct or delete them: any later update of their scope is refused.';
    END IF;
END
$$;

-- (end of section A)


-- ===========================================================================
-- Section B. Usage ingestion: statement-level rollup maintenance, indexes and
-- foreign keys of usage_events, rebuild_usage_rollups().
-- ===========================================================================

-- (end of section B)


-- ===========================================================================
-- Section C. Knowledge-base search, encrypted API keys, scheduled
-- maintenance, seed-query notes.
-- ===========================================================================

-- (end of section C)


-- ===========================================================================
-- Section D. Operations: restore, actor errors, views and tools.
-- ===========================================================================

-- (end of section D)


-- ===========================================================================
-- Section E. Table-access layer (C only; SQL changes, if any, here).
-- ===========================================================================

-- (end of section E)


-- ===========================================================================
-- Section F. Documentation: comments on every table, column and type.
-- ===========================================================================

-- (end of section F)
