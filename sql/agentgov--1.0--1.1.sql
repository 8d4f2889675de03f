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

-- (end of section D)


-- ===========================================================================
-- Section E. Table-access layer (C only; SQL changes, if any, here).
-- ===========================================================================

-- (end of section E)


-- ===========================================================================
-- Section F. Documentation: comments on every table, column and type.
-- ===========================================================================

-- (end of section F)
