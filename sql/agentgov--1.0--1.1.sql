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

-- ---- Knowledge-base search (sql/install/32_knowledge.sql) --------------------

CREATE FUNCTION agentgov.search_knowledge(project_id uuid, query real[], k integer DEFAULT 10)
RETURNS TABLE (document_id uuid, filename text, similarity double precision)
    AS 'MODULE_PATHNAME', 'search_knowledge'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 10;
COMMENT ON FUNCTION agentgov.search_knowledge(uuid, real[], integer) IS
    'The k (1..1000) documents of a project most similar to a 384-dimension query embedding by exact cosine similarity (double precision), best first, ties by document id; documents without a usable embedding are skipped. Runs as the caller: row-level security applies. A query of the wrong dimension, with NULL, NaN or Infinity, or the zero vector is refused (22023)';

-- ---- API keys stored encrypted only (sql/install/70_security.sql) ------------
-- Validates the stored keys: an UPDATE from a database holding a plain
-- API key stops here (store agentgov.encrypt_secret(key) in its place first).

CREATE FUNCTION agentgov.check_secret_ciphertext(ciphertext bytea, what text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'check_secret_ciphertext'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.check_secret_ciphertext(bytea, text) IS
    'CHECK of the columns holding secrets: true when the value has the OpenPGP framing of encrypt_secret()''s output (AES-256 session key packet with iterated S2K, then one integrity-protected data packet whose lengths end where the value ends); raises check_violation naming what otherwise, so plain text and truncated values are refused. Needs no key, so it cannot tell which key encrypted a value (decrypt_secret() does)';

-- Provider API keys are stored encrypted only.
ALTER TABLE agentgov.api_keys ADD CONSTRAINT api_keys_key_encrypted
    CHECK (agentgov.check_secret_ciphertext(api_key_encrypted, 'api_keys.api_key_encrypted'));
COMMENT ON CONSTRAINT api_keys_key_encrypted ON agentgov.api_keys IS
    'Only ciphertext of agentgov.encrypt_secret() is stored: plain text and truncated values are refused (format check, no key needed, so restores pass)';

-- ---- Task priorities (sql/install/30_projects.sql) -------------------------

COMMENT ON COLUMN agentgov.tasks.priority IS 'Numeric priority, higher first (orchestrator tickets). Not the github-agents priority: their tasks leave it 0 and keep the word in priority_level. To order tasks of both kinds use ORDER BY agentgov.task_priority_rank(priority, priority_level) DESC';
COMMENT ON COLUMN agentgov.tasks.priority_level IS 'Priority class low/medium/high/urgent (github-agents tasks.priority, renamed because priority is the orchestrator''s integer). To order tasks of both kinds use ORDER BY agentgov.task_priority_rank(priority, priority_level) DESC';

CREATE FUNCTION agentgov.task_priority_rank(priority integer, priority_level agentgov.task_priority)
RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE priority_level
               WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3
           END::bigint * 4294967296 + priority::bigint + 2147483648
$$;
COMMENT ON FUNCTION agentgov.task_priority_rank(integer, agentgov.task_priority) IS
    'One sort key for both priorities of a task, higher first: the priority_level class (urgent > high > medium > low, github-agents) first, then the integer priority (orchestrator) within a class. Orchestrator tickets default to medium, github-agents tasks to priority 0, so ORDER BY agentgov.task_priority_rank(priority, priority_level) DESC orders either kind as its seed meant and both together';

-- ---- Scheduled maintenance (sql/install/80_maintenance.sql, 81_schedule.sql)

COMMENT ON FUNCTION agentgov.retention_interval(text) IS
    'Retention period of governance_events, user_sessions, completed_runs or usage_events, from the setting agentgov.retention_<what>';

CREATE FUNCTION agentgov.apply_retention()
RETURNS TABLE (table_name text, deleted bigint)
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT c.table_name, c.deleted FROM agentgov.cleanup_old_data() c
    UNION ALL
    SELECT 'usage_events', agentgov.purge_usage_events(agentgov.retention_interval('usage_events'))
$$;
COMMENT ON FUNCTION agentgov.apply_retention() IS
    'Retention and purge job: cleanup_old_data() (governance events, ended sessions, completed runs), then purge_usage_events() of events older than agentgov.retention_usage_events; rows deleted per table';

CREATE FUNCTION agentgov.expire_budget_periods() RETURNS bigint
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH gone AS (
        DELETE FROM agentgov.budget_periods p
         USING agentgov.budget_limits b
         WHERE b.org_id = p.org_id AND b.id = p.budget_id
           AND p.period_end < agentgov.period_start(
                   b.period,
                   agentgov.period_start(b.period, (now() AT TIME ZONE 'UTC')::date) - 1)
        RETURNING 1
    )
    SELECT count(*) FROM gone
$$;
COMMENT ON FUNCTION agentgov.expire_budget_periods() IS
    'Budget-period upkeep job: deletes the alert state (budget_periods rows) of periods that ended before the previous period of their budget began (UTC); the current and the previous period are kept, so late usage of the previous period does not alert twice. Spend is read from the rollups, so nothing else needs resetting. Returns the rows deleted';

CREATE FUNCTION agentgov.check_audit_chains()
RETURNS TABLE (org_id uuid, rows_checked bigint, first_broken_id bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    o record;
    v record;
BEGIN
    FOR o IN
        SELECT NULL::uuid AS id, NULL::text AS name
        UNION ALL
        SELECT g.id, g.name::text FROM agentgov.organizations g
         ORDER BY 1 NULLS FIRST
    LOOP
        SELECT * INTO v FROM agentgov.verify_audit_chain(o.id);
        org_id := o.id;
        rows_checked := v.rows_checked;
        first_broken_id := v.first_broken_id;
        IF first_broken_id IS NOT NULL THEN
            RAISE WARNING 'audit chain of % is broken at audit_log row %',
                coalesce('organization ' || o.id, 'rows without an organization'), first_broken_id;
            PERFORM pg_notify('agentgov_alerts',
                              json_build_object('alert', 'audit_chain_broken', 'org_id', o.id,
                                                'first_broken_id', first_broken_id)::text);
            INSERT INTO agentgov.notifications (org_id, user_id, type, title, message, severity, metadata)
            SELECT o.id, m.user_id, 'audit_chain_broken', 'Audit trail tampered with',
                   format('The audit chain of %s is broken at audit_log row %s: a row was changed, '
                          'deleted or inserted outside agentgov.', o.name, first_broken_id),
                   'critical',
                   jsonb_build_object('first_broken_id', first_broken_id, 'rows_checked', rows_checked)
              FROM agentgov.organization_members m
              JOIN agentgov.users u ON u.id = m.user_id AND u.is_active
             WHERE o.id IS NOT NULL AND m.org_id = o.id AND m.role = 'ADMIN';
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION agentgov.check_audit_chains() IS
    'Audit verification job: verify_audit_chain() for rows without an organization and for every organization; for each broken chain raises a WARNING, sends pg_notify on channel agentgov_alerts and a critical audit_chain_broken notification to each active ADMIN of the organization. One row per chain checked';

CREATE FUNCTION agentgov.cleanup_expired_sessions()
RETURNS TABLE (table_name text, affected bigint)
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH ended AS (
        UPDATE agentgov.user_sessions s
           SET status = 'expired', ended_at = greatest(s.expires_at, s.started_at)
         WHERE s.ended_at IS NULL AND s.expires_at < now()
        RETURNING 1
    ), refresh AS (
        DELETE FROM agentgov.refresh_tokens r WHERE r.expires_at < now() RETURNING 1
    ), resets AS (
        DELETE FROM agentgov.password_reset_requests p WHERE p.expires_at < now() RETURNING 1
    )
    SELECT 'user_sessions', (SELECT count(*) FROM ended)
    UNION ALL
    SELECT 'refresh_tokens', (SELECT count(*) FROM refresh)
    UNION ALL
    SELECT 'password_reset_requests', (SELECT count(*) FROM resets)
$$;
COMMENT ON FUNCTION agentgov.cleanup_expired_sessions() IS
    'Expired-session job: ends open user sessions past expires_at (status expired, ended_at = expires_at; cleanup_old_data() deletes them after their retention), deletes expired refresh tokens and password reset requests; rows affected per table';

CREATE FUNCTION agentgov.maintenance_jobs()
RETURNS TABLE (job_name text, schedule text, command text)
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    VALUES ('agentgov-retention', '17 3 * * *', 'SELECT count(*) FROM agentgov.apply_retention()'),
           ('agentgov-budget-periods', '7 0 * * *', 'SELECT agentgov.expire_budget_periods()'),
           ('agentgov-audit-verify', '37 2 * * *', 'SELECT count(*) FROM agentgov.check_audit_chains()'),
           ('agentgov-expired-sessions', '*/15 * * * *', 'SELECT count(*) FROM agentgov.cleanup_expired_sessions()')
$$;
COMMENT ON FUNCTION agentgov.maintenance_jobs() IS
    'The periodic maintenance jobs: name, cron schedule (UTC) and SQL command; schedule_maintenance() registers them with pg_cron, another scheduler can run the commands';

CREATE FUNCTION agentgov.schedule_maintenance() RETURNS SETOF text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    j record;
BEGIN
    -- pg_cron keeps its functions in schema cron, whatever its extnamespace.
    IF NOT EXISTS (SELECT 1 FROM pg_extension e WHERE e.extname = 'pg_cron')
       OR to_regprocedure('cron.schedule(text,text,text)') IS NULL THEN
        RAISE EXCEPTION 'pg_cron is not installed in this database'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'schedule_maintenance() registers agentgov''s periodic jobs with pg_cron.',
                  HINT = 'Install pg_cron (Debian: postgresql-15-cron), add it to shared_preload_libraries, set cron.database_name to this database, restart, and run CREATE EXTENSION pg_cron; or run the commands of agentgov.maintenance_jobs() from another scheduler.';
    END IF;
    FOR j IN SELECT * FROM agentgov.maintenance_jobs() LOOP
        -- cron.schedule(name, ...) replaces the job of that name and user.
        EXECUTE 'SELECT cron.schedule($1, $2, $3)'
            USING j.job_name, j.schedule, j.command;
        RETURN NEXT j.job_name;
    END LOOP;
END
$$;
COMMENT ON FUNCTION agentgov.schedule_maintenance() IS
    'Registers (or updates) the jobs of maintenance_jobs() with pg_cron, as the calling role, and returns their names; idempotent. Refuses with a hint when pg_cron is not installed in the database. pg_cron stays optional: agentgov does not require it';

REVOKE EXECUTE ON FUNCTION
    agentgov.apply_retention(),
    agentgov.expire_budget_periods(),
    agentgov.check_audit_chains(),
    agentgov.cleanup_expired_sessions(),
    agentgov.schedule_maintenance()
FROM PUBLIC;


-- (end of section C)


-- ===========================================================================
-- Section D. Operations: restore, actor errors, views and tools.
-- ===========================================================================

-- ---- Restore: dumped default gate policies replace the seeded ones ---------
CREATE FUNCTION agentgov.gate_policy_restore() RETURNS trigger
    AS 'MODULE_PATHNAME', 'gate_policy_restore'
    LANGUAGE C;
COMMENT ON FUNCTION agentgov.gate_policy_restore() IS
    'Trigger on gate_policies: while pg_restore loads rows, a dumped default policy (org_id NULL) replaces the one CREATE EXTENSION seeded for its phase; does nothing otherwise';

CREATE TRIGGER gate_policies_restore
    BEFORE INSERT ON agentgov.gate_policies
    FOR EACH ROW EXECUTE FUNCTION agentgov.gate_policy_restore();

-- The default gate policies are dumped too (1.0 left them out).
SELECT pg_catalog.pg_extension_config_dump('agentgov.gate_policies', '');


-- ---- Actor errors: set_actor() refused outside a transaction block --------
CREATE OR REPLACE FUNCTION agentgov.set_actor(user_id uuid, correlation_id uuid DEFAULT NULL)
RETURNS void
    AS 'MODULE_PATHNAME', 'set_actor'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.set_actor(uuid, uuid) IS
    'Sets the acting user and correlation id for the rest of the current transaction (NULL clears); refused outside a transaction block (SQLSTATE 25P01), where it would last only until the end of its own statement';

-- ---- Actor errors: policies explain a refused new row (AG006, AG007) -------
CREATE FUNCTION agentgov.refuse_write(table_name text, org_id uuid) RETURNS boolean
    AS 'MODULE_PATHNAME', 'refuse_write'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION agentgov.refuse_write(text, uuid) IS
    'Called by the WITH CHECK of every policy, only for a new row its rule refuses: raises AG006 when no actor is set, AG007 when the actor is not a member of org_id; else returns false (PostgreSQL''s own refusal follows)';

CREATE OR REPLACE FUNCTION agentgov.enable_row_security()
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    macros CONSTANT text[] := ARRAY[
        [':viewer', '((SELECT agentgov.actor_org_ids(''VIEWER''))::uuid[])'],
        [':member', '((SELECT agentgov.actor_org_ids(''MEMBER''))::uuid[])'],
        [':admin', '((SELECT agentgov.actor_org_ids(''ADMIN''))::uuid[])'],
        [':actor', '(SELECT agentgov.current_user_id())']];
    t record;
    r record;
    table_class text;
    policy_name text;
    using_expr text;
    check_expr text;
    created integer := 0;
BEGIN
    FOR t IN
        SELECT c.oid::regclass AS rel, c.relname,
               EXISTS (SELECT 1 FROM pg_attribute a
                        WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped) AS has_org
          FROM pg_class c
         WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind IN ('r', 'p')
         ORDER BY c.relname
    LOOP
        table_class := agentgov.row_security_class(t.rel);
        IF table_class IS NULL THEN
            RAISE EXCEPTION 'table % has no row-level security rules', t.rel
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Classify it in agentgov.row_security_class().';
        END IF;
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t.rel);

        -- The rules of each class.  :viewer, :member and :admin stand for
        -- the array of orgs where the actor holds at least that role (cast,
        -- so that = ANY takes the array instead of a subquery), :actor for
        -- the actor; each is a scalar subquery, an InitPlan evaluated once
        -- per statement.  UPDATE tests the old row with USING and the new one
        -- with WITH CHECK; SELECT ... FOR UPDATE/SHARE applies only USING,
        -- so an admin_config row that members may not change can still be
        -- locked by them.
        FOR r IN
            SELECT v.cmd, v.using_rule, v.check_rule, v.who
              FROM (VALUES
                ('tenant', 'SELECT', 'org_id = ANY :viewer', NULL, 'members of the row''s organization'),
                ('tenant', 'INSERT', NULL, 'org_id = ANY :member', 'ADMINs and MEMBERs of the row''s organization'),
                ('tenant', 'UPDATE', 'org_id = ANY :member', 'org_id = ANY :member', 'ADMINs and MEMBERs of the row''s organization'),
                ('tenant', 'DELETE', 'org_id = ANY :member', NULL, 'ADMINs and MEMBERs of the row''s organization'),

                ('admin_config', 'SELECT', 'org_id = ANY :viewer', NULL, 'members of the row''s organization'),
                ('admin_config', 'INSERT', NULL, 'org_id = ANY :admin', 'ADMINs of the row''s organization'),
                ('admin_config', 'UPDATE', 'org_id = ANY :member', 'org_id = ANY :admin', 'ADMINs of the row''s organization (MEMBERs may lock it)'),
                ('admin_config', 'DELETE', 'org_id = ANY :admin', NULL, 'ADMINs of the row''s organization'),

                ('gate_policies', 'SELECT', 'org_id IS NULL OR org_id = ANY :viewer', NULL, 'everyone (defaults) and members of the row''s organization'),
                ('gate_policies', 'INSERT', NULL, 'org_id = ANY :admin', 'ADMINs of the row''s organization'),
                ('gate_policies', 'UPDATE', 'org_id = ANY :member', 'org_id = ANY :admin', 'ADMINs of the row''s organization (MEMBERs may lock it)'),
                ('gate_policies', 'DELETE', 'org_id = ANY :admin', NULL, 'ADMINs of the row''s organization'),

                ('organizations', 'SELECT', 'id = ANY :viewer', NULL, 'its members'),
                ('organizations', 'UPDATE', 'id = ANY :member', 'id = ANY :admin', 'its ADMINs (MEMBERs may lock it)'),
                ('organizations', 'DELETE', 'id = ANY :admin', NULL, 'its ADMINs'),

                ('organization_members', 'SELECT', 'org_id = ANY :viewer', NULL, 'members of the organization'),
                ('organization_members', 'INSERT', NULL, 'org_id = ANY :admin', 'ADMINs of the organization'),
                ('organization_members', 'UPDATE', 'org_id = ANY :member', 'org_id = ANY :admin', 'ADMINs of the organization (MEMBERs may lock it)'),
                ('organization_members', 'DELETE', 'org_id = ANY :admin OR user_id = :actor', NULL, 'ADMINs of the organization, and the member himself (leaving)'),

                ('users', 'SELECT', 'id = :actor OR EXISTS (SELECT 1 FROM agentgov.organization_members m WHERE m.user_id = users.id AND m.org_id = ANY :viewer)', NULL, 'the user himself and users sharing an organization with him'),
                ('users', 'INSERT', NULL, 'id = :actor', 'the user himself (sign-up: set the actor to the new id first)'),
                ('users', 'UPDATE', 'id = :actor', 'id = :actor', 'the user himself'),
                ('users', 'DELETE', 'id = :actor', NULL, 'the user himself'),

                ('per_user', 'ALL', 'user_id = :actor', 'user_id = :actor', 'the user the row belongs to'),

                ('session_activities', 'ALL',
                 'EXISTS (SELECT 1 FROM agentgov.user_sessions s WHERE s.id = session_activities.session_id AND s.user_id = :actor)',
                 'EXISTS (SELECT 1 FROM agentgov.user_sessions s WHERE s.id = session_activities.session_id AND s.user_id = :actor)',
                 'the user the session belongs to'),

                ('catalogue', 'SELECT', 'true', NULL, 'everyone; only the owner writes'),

                ('internal', 'SELECT', 'org_id = ANY :viewer', NULL, 'members of the row''s organization; only agentgov''s triggers write'),

                ('agents', 'SELECT', 'org_id IS NULL OR org_id = ANY :viewer', NULL, 'everyone (catalogue agents) and members of the agent''s organization'),
                ('agents', 'INSERT', NULL, 'org_id = ANY :member', 'ADMINs and MEMBERs of the agent''s organization; only the owner writes the catalogue'),
                ('agents', 'UPDATE', 'org_id = ANY :member', 'org_id = ANY :member', 'ADMINs and MEMBERs of the agent''s organization; only the owner writes the catalogue'),
                ('agents', 'DELETE', 'org_id = ANY :member', NULL, 'ADMINs and MEMBERs of the agent''s organization; only the owner writes the catalogue'),

                ('audit_log', 'SELECT', 'org_id = ANY :viewer OR (org_id IS NULL AND actor_id = :actor)', NULL, 'members of the organization; the actor himself for rows without one'),
                ('audit_log', 'INSERT', NULL, 'actor_id = :actor AND (org_id IS NULL OR org_id = ANY :viewer)', 'anyone acting, for rows naming himself as actor, in his organizations or none')
              ) AS v (class, cmd, using_rule, check_rule, who)
             WHERE v.class = table_class
        LOOP
            policy_name := 'agentgov_' || lower(r.cmd);
            CONTINUE WHEN EXISTS (SELECT 1 FROM pg_policy p
                                   WHERE p.polrelid = t.rel AND p.polname = policy_name);
            using_expr := r.using_rule;
            check_expr := r.check_rule;
            FOR i IN 1 .. array_length(macros, 1) LOOP
                using_expr := replace(using_expr, macros[i][1], macros[i][2]);
                check_expr := replace(check_expr, macros[i][1], macros[i][2]);
            END LOOP;
            -- A new row the rule refuses gets an error the application can
            -- act on (AG006 no actor, AG007 not a member) from
            -- refuse_write(), called only when the rule is not true.
            IF check_expr IS NOT NULL THEN
                check_expr := format('(%s) OR agentgov.refuse_write(%L, %s)', check_expr,
                                     t.relname,
                                     CASE WHEN table_class = 'organizations' THEN 'id'
                                          WHEN t.has_org THEN 'org_id'
                                          ELSE 'NULL' END);
            END IF;
            EXECUTE format('CREATE POLICY %I ON %s AS PERMISSIVE FOR %s TO PUBLIC%s%s',
                           policy_name, t.rel, r.cmd,
                           ' USING (' || using_expr || ')',
                           ' WITH CHECK (' || check_expr || ')');
            EXECUTE format('COMMENT ON POLICY %I ON %s IS %L', policy_name, t.rel,
                           CASE r.cmd WHEN 'ALL' THEN 'Every command' ELSE r.cmd END
                           || ' allowed to ' || r.who);
            created := created + 1;
        END LOOP;
    END LOOP;
    RETURN created;
END
$$;
COMMENT ON FUNCTION agentgov.enable_row_security() IS
    'Enables row-level security on every agentgov table and creates the agentgov_* policies its class calls for that are missing; returns how many it created. Raises for a table no class covers';

-- Every policy with a WITH CHECK is made again by enable_row_security(),
-- which creates the missing ones with their comments.
DO $$
DECLARE
    p record;
BEGIN
    FOR p IN
        SELECT pol.polname, pol.polrelid::regclass AS rel
          FROM pg_catalog.pg_policy pol
          JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
         WHERE c.relnamespace = 'agentgov'::regnamespace
           AND pol.polname LIKE 'agentgov\_%' AND pol.polwithcheck IS NOT NULL
         ORDER BY 2::text, 1
    LOOP
        EXECUTE pg_catalog.format('DROP POLICY %I ON %s', p.polname, p.rel);
    END LOOP;
    PERFORM agentgov.enable_row_security();
END
$$;

-- ---- Views: budget_status, pending_approvals (security_invoker) ------------
CREATE VIEW agentgov.budget_status WITH (security_invoker = true) AS
SELECT b.org_id,
       b.id AS budget_id,
       b.name,
       b.scope_type,
       b.scope_id,
       b.scope_agent_type,
       b.period,
       p.period_start,
       p.period_end,
       s.spent AS spent_usd,
       b.amount_usd AS limit_usd,
       round(100 * s.spent / b.amount_usd, 1) AS percent,
       CASE WHEN NOT b.is_active THEN 'inactive'
            WHEN s.spent > b.amount_usd THEN 'exceeded'
            WHEN s.spent >= b.amount_usd * b.alert_threshold THEN 'warning'
            ELSE 'ok' END AS state,
       b.alert_threshold,
       b.action_on_exceed
  FROM agentgov.budget_limits b
 CROSS JOIN LATERAL (SELECT (pg_catalog.now() AT TIME ZONE 'UTC')::date AS today) d
 CROSS JOIN LATERAL (SELECT agentgov.period_start(b.period, d.today) AS period_start,
                            agentgov.period_end(b.period, d.today) AS period_end) p
 CROSS JOIN LATERAL (SELECT agentgov.usage_spent(b.id) AS spent) s;
COMMENT ON VIEW agentgov.budget_status IS
    'Every budget in its current period (UTC): spent, limit, percent and state; security_invoker, so each user sees the budgets of his organizations only';
COMMENT ON COLUMN agentgov.budget_status.org_id IS 'Organization the budget belongs to';
COMMENT ON COLUMN agentgov.budget_status.budget_id IS 'The budget (budget_limits.id)';
COMMENT ON COLUMN agentgov.budget_status.name IS 'Name of the budget';
COMMENT ON COLUMN agentgov.budget_status.scope_type IS 'What the budget covers: global (the whole organization), project, agent or agent_type';
COMMENT ON COLUMN agentgov.budget_status.scope_id IS 'Project or agent id for project and agent scopes; NULL otherwise';
COMMENT ON COLUMN agentgov.budget_status.scope_agent_type IS 'Agent kind for the agent_type scope; NULL otherwise';
COMMENT ON COLUMN agentgov.budget_status.period IS 'Budget period: daily (UTC day), weekly (ISO week) or monthly';
COMMENT ON COLUMN agentgov.budget_status.period_start IS 'First day of the current period (UTC)';
COMMENT ON COLUMN agentgov.budget_status.period_end IS 'First day after the current period (UTC)';
COMMENT ON COLUMN agentgov.budget_status.spent_usd IS 'Spend in USD in the current period, from the usage rollups (usage_spent())';
COMMENT ON COLUMN agentgov.budget_status.limit_usd IS 'The budget''s amount in USD per period (budget_limits.amount_usd)';
COMMENT ON COLUMN agentgov.budget_status.percent IS 'spent_usd as a percentage of limit_usd, one decimal';
COMMENT ON COLUMN agentgov.budget_status.state IS 'inactive (is_active false), exceeded (spent above the limit), warning (spent at or above alert_threshold x limit), else ok: the thresholds of the budget notifications';
COMMENT ON COLUMN agentgov.budget_status.alert_threshold IS 'Fraction of the limit at which the budget warns';
COMMENT ON COLUMN agentgov.budget_status.action_on_exceed IS 'warn: notify only; block: refuse new run starts once exhausted';

CREATE VIEW agentgov.pending_approvals WITH (security_invoker = true) AS
SELECT 'artifact'::text AS kind,
       a.org_id,
       a.project_id,
       a.id AS item_id,
       a.type::text || ' v' || a.version AS title,
       a.created_by AS requested_by,
       a.created_at,
       ARRAY(SELECT m.user_id
               FROM agentgov.organization_members m
              WHERE m.org_id = a.org_id AND m.role IN ('ADMIN', 'MEMBER')
                AND m.user_id IS DISTINCT FROM a.created_by
              ORDER BY m.user_id) AS approvers
  FROM agentgov.artifacts a
 WHERE a.status = 'REVIEW'
UNION ALL
SELECT 'agent_run'::text,
       r.org_id,
       r.project_id,
       r.id,
       coalesce(g.name::text, r.agent_type::text, 'agent run'),
       r.user_id,
       r.created_at,
       ARRAY(SELECT m.user_id
               FROM agentgov.organization_members m
              WHERE m.org_id = r.org_id AND m.role IN ('ADMIN', 'MEMBER')
              ORDER BY m.user_id)
  FROM agentgov.agent_runs r
  LEFT JOIN agentgov.agents g ON g.id = r.agent_id
 WHERE r.status = 'pending_approval';
COMMENT ON VIEW agentgov.pending_approvals IS
    'What waits for a person: artifacts in REVIEW (approved with artifact_transition()) and agent runs in pending_approval (approved by a governance event), with who may approve each; security_invoker, so each user sees his organizations'' items only';
COMMENT ON COLUMN agentgov.pending_approvals.kind IS 'artifact or agent_run';
COMMENT ON COLUMN agentgov.pending_approvals.org_id IS 'Organization of the item';
COMMENT ON COLUMN agentgov.pending_approvals.project_id IS 'Project of the item (NULL for a run without one)';
COMMENT ON COLUMN agentgov.pending_approvals.item_id IS 'artifacts.id or agent_runs.id';
COMMENT ON COLUMN agentgov.pending_approvals.title IS 'Artifact type and version, or the run''s agent name (else its agent_type)';
COMMENT ON COLUMN agentgov.pending_approvals.requested_by IS 'Creator of the artifact, or the user the run was started for';
COMMENT ON COLUMN agentgov.pending_approvals.created_at IS 'When the artifact or the run was created';
COMMENT ON COLUMN agentgov.pending_approvals.approvers IS 'Users who may approve it, sorted: MEMBERs and ADMINs of the organization (for an artifact, other than its creator)';

-- (end of section D)


-- ===========================================================================
-- Section E. Table-access layer (C only; SQL changes, if any, here).
-- ===========================================================================

-- (end of section E)


-- ===========================================================================
-- Section F. Documentation: comments on every table, column and type.
-- ===========================================================================

-- (end of section F)
