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

-- usage_events: the agent's tenant scope is checked by the BEFORE row
-- trigger (price_usage_event), and the budget alert check is queued once per
-- statement: no per-row AFTER trigger event of agentgov's is left.
DROP TRIGGER usage_events_agent_scope ON agentgov.usage_events;
DROP TRIGGER usage_events_budget_alerts ON agentgov.usage_events;
CREATE FUNCTION agentgov.usage_alert_due() RETURNS boolean
    AS 'MODULE_PATHNAME', 'usage_alert_due' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.usage_alert_due() IS
    'WHEN condition of the usage_events_budget_alerts trigger: true for the first row of each statement only, so that a statement queues one alert check, not one per row';
COMMENT ON FUNCTION agentgov.price_usage_event() IS
    'BEFORE INSERT row trigger on usage_events: refuses a NaN cost_usd, checks that agent_id is a catalogue agent or one of the row''s organization, prices a row without cost_usd from model_prices at occurred_at and records price_id; fills agent_kind from the agent';
COMMENT ON FUNCTION agentgov.usage_budget_alerts() IS
    'Deferred AFTER INSERT constraint trigger on usage_events, queued once per statement (usage_alert_due()): at commit, locks the periods of the budgets covering the transaction''s usage and sends each budget''s warning and critical notification once per period';
CREATE CONSTRAINT TRIGGER usage_events_budget_alerts AFTER INSERT ON agentgov.usage_events
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (agentgov.usage_alert_due())
    EXECUTE FUNCTION agentgov.usage_budget_alerts();

-- Derived tables written by agentgov only; rebuild_usage_rollups().
CREATE FUNCTION agentgov.usage_derived_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'usage_derived_guard' LANGUAGE C;
COMMENT ON FUNCTION agentgov.usage_derived_guard() IS
    'BEFORE row and TRUNCATE trigger of usage_rollups, usage_kind_rollups and budget_periods: refuses every direct write (AG005), superusers included, except agentgov''s own, the cascade of a deleted organization or budget (the argument names the parent table) and the removal of budget periods that ended before the previous period of their budget (expire_budget_periods())';
CREATE TRIGGER usage_rollups_guard BEFORE INSERT OR UPDATE OR DELETE ON agentgov.usage_rollups
    FOR EACH ROW EXECUTE FUNCTION agentgov.usage_derived_guard('organizations');
CREATE TRIGGER usage_rollups_guard_truncate BEFORE TRUNCATE ON agentgov.usage_rollups
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.usage_derived_guard('organizations');
CREATE TRIGGER usage_kind_rollups_guard BEFORE INSERT OR UPDATE OR DELETE ON agentgov.usage_kind_rollups
    FOR EACH ROW EXECUTE FUNCTION agentgov.usage_derived_guard('organizations');
CREATE TRIGGER usage_kind_rollups_guard_truncate BEFORE TRUNCATE ON agentgov.usage_kind_rollups
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.usage_derived_guard('organizations');
CREATE TRIGGER budget_periods_guard BEFORE INSERT OR UPDATE OR DELETE ON agentgov.budget_periods
    FOR EACH ROW EXECUTE FUNCTION agentgov.usage_derived_guard('budget_limits');
CREATE TRIGGER budget_periods_guard_truncate BEFORE TRUNCATE ON agentgov.budget_periods
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.usage_derived_guard('budget_limits');

CREATE FUNCTION agentgov.rebuild_usage_rollups(org_id uuid DEFAULT NULL,
                                               OUT organizations bigint, OUT events bigint,
                                               OUT rollup_buckets bigint, OUT kind_buckets bigint,
                                               OUT kept_buckets bigint, OUT rebuilt_from date)
    AS 'MODULE_PATHNAME', 'rebuild_usage_rollups'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.rebuild_usage_rollups(uuid) IS
    'Recomputes usage_rollups and usage_kind_rollups of one organization (NULL: all) from usage_events, for the UTC days from rebuilt_from on (the day after the latest purge_usage_events() cutoff; all days if none): older buckets, whose events were purged, are kept; NOTICEs progress; returns the organizations, events and buckets written and the buckets kept';
REVOKE ALL ON FUNCTION agentgov.rebuild_usage_rollups(uuid) FROM PUBLIC;

-- Finite numbers in the columns agentgov computes with.
CREATE FUNCTION agentgov.check_finite_numerics() RETURNS trigger
    AS 'MODULE_PATHNAME', 'check_finite_numerics' LANGUAGE C;
COMMENT ON FUNCTION agentgov.check_finite_numerics() IS
    'BEFORE INSERT or UPDATE row trigger: refuses NaN and infinite values (22023, naming the column) in the numeric columns given as arguments';
CREATE TRIGGER model_prices_finite_numerics
    BEFORE INSERT OR UPDATE OF input_usd_per_mtok, output_usd_per_mtok ON agentgov.model_prices
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('input_usd_per_mtok', 'output_usd_per_mtok');
CREATE TRIGGER budget_limits_finite_numerics
    BEFORE INSERT OR UPDATE OF amount_usd, alert_threshold ON agentgov.budget_limits
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('amount_usd', 'alert_threshold');
CREATE TRIGGER agents_finite_numerics
    BEFORE INSERT OR UPDATE OF cost_per_execution_usd ON agentgov.agents
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('cost_per_execution_usd');
CREATE TRIGGER agent_runs_finite_numerics
    BEFORE INSERT OR UPDATE OF cost_usd, estimated_cost, max_cost_limit ON agentgov.agent_runs
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('cost_usd', 'estimated_cost', 'max_cost_limit');
CREATE TRIGGER tasks_finite_numerics
    BEFORE INSERT OR UPDATE OF total_cost_usd ON agentgov.tasks
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('total_cost_usd');
CREATE TRIGGER quality_metric_finite_numerics
    BEFORE INSERT OR UPDATE OF metric_value, threshold ON agentgov.quality_metrics
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('metric_value', 'threshold');
CREATE TRIGGER telemetry_finite_numerics
    BEFORE INSERT OR UPDATE OF metric_value ON agentgov.telemetry
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('metric_value');
CREATE TRIGGER messages_finite_numerics
    BEFORE INSERT OR UPDATE OF cost_usd ON agentgov.messages
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('cost_usd');
CREATE TRIGGER question_effectiveness_finite_numerics
    BEFORE INSERT OR UPDATE OF average_spec_extraction_count, effectiveness_score ON agentgov.question_effectiveness
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('average_spec_extraction_count', 'effectiveness_score');


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

-- The statements of sql/install/95_comments.sql, unchanged.

-- organizations
COMMENT ON COLUMN agentgov.organizations.id IS
    'Organization id (gen_random_uuid()); the org_id of every tenant table references it. The actor sees the organizations listed for him in organization_members';
COMMENT ON COLUMN agentgov.organizations.name IS
    'Display name of the organization, 3 to 100 characters; need not be unique (slug is)';
COMMENT ON COLUMN agentgov.organizations.subscription_tier IS
    'Plan of the organization (BASIC, PRO, ENTERPRISE); an INSERT that leaves max_projects or max_agents_per_project NULL gets the tier''s default limit';
COMMENT ON COLUMN agentgov.organizations.created_at IS
    'When the organization was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.organizations.updated_at IS
    'When the organization was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- users
COMMENT ON COLUMN agentgov.users.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): users are global, a user may belong to several organizations (a reference table on Citus). This is the id set_actor() and the sub claim of request.jwt.claims name';
COMMENT ON COLUMN agentgov.users.username IS
    'Optional handle, unique across all users when set, 1 to 100 characters';
COMMENT ON COLUMN agentgov.users.full_name IS
    'Name shown to other users';
COMMENT ON COLUMN agentgov.users.auth_provider IS
    'How the user authenticates: local (password_hash required) or an external provider (auth_provider_id required)';
COMMENT ON COLUMN agentgov.users.is_active IS
    'False for a deactivated account: the find_* login and token functions ignore inactive users';
COMMENT ON COLUMN agentgov.users.is_2fa_enabled IS
    'Second factor required at login; needs totp_secret';
COMMENT ON COLUMN agentgov.users.telegram_chat_id IS
    'Telegram chat that receives the user''s notifications (github-agents)';
COMMENT ON COLUMN agentgov.users.created_at IS
    'When the user account was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.users.updated_at IS
    'When the user account was last changed; stamped by the touch_updated_at trigger on every UPDATE';
COMMENT ON COLUMN agentgov.users.last_login_at IS
    'Time of the user''s last successful login, written by the application';
COMMENT ON COLUMN agentgov.users.last_active_at IS
    'Time the user was last seen active (assistant); retention and activity reports read it';

-- organization_members
COMMENT ON COLUMN agentgov.organization_members.org_id IS
    'Organization the user belongs to; actor_org_ids() reads these rows (through the user_id index) to decide what the actor may see and write';
COMMENT ON COLUMN agentgov.organization_members.user_id IS
    'Member of the organization; one row per (org_id, user_id)';
COMMENT ON COLUMN agentgov.organization_members.created_at IS
    'When the user joined the organization';

-- workspaces
COMMENT ON COLUMN agentgov.workspaces.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.workspaces.org_id IS
    'Organization (tenant) owning the workspace; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.workspaces.name IS
    'Workspace name, 3 to 50 characters';
COMMENT ON COLUMN agentgov.workspaces.description IS
    'What the workspace groups, up to 500 characters';
COMMENT ON COLUMN agentgov.workspaces.created_by IS
    'User who created the workspace';
COMMENT ON COLUMN agentgov.workspaces.created_at IS
    'When the workspace was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.workspaces.updated_at IS
    'When the workspace was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- teams
COMMENT ON COLUMN agentgov.teams.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.teams.org_id IS
    'Organization (tenant) owning the team; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.teams.name IS
    'Team name, 1 to 255 characters';
COMMENT ON COLUMN agentgov.teams.description IS
    'What the team works on';
COMMENT ON COLUMN agentgov.teams.created_by IS
    'User who created the team (kept: deleting that user is refused while the team exists)';
COMMENT ON COLUMN agentgov.teams.created_at IS
    'When the team was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.teams.updated_at IS
    'When the team was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- team_members
COMMENT ON COLUMN agentgov.team_members.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.team_members.org_id IS
    'Organization (tenant) owning the team membership; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.team_members.team_id IS
    'Team the user belongs to, in the same organization';
COMMENT ON COLUMN agentgov.team_members.user_id IS
    'Member of the team; one row per team and user';
COMMENT ON COLUMN agentgov.team_members.joined_at IS
    'When the user joined the team (default now())';

-- team_invitations
COMMENT ON COLUMN agentgov.team_invitations.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.team_invitations.org_id IS
    'Organization (tenant) owning the invitation; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.team_invitations.team_id IS
    'Team the invitee will join, in the same organization';
COMMENT ON COLUMN agentgov.team_invitations.invited_by IS
    'User who sent the invitation';
COMMENT ON COLUMN agentgov.team_invitations.invited_email IS
    'Lower-case email address the invitation was sent to; accept_team_invitation() admits only the active user with this email';
COMMENT ON COLUMN agentgov.team_invitations.role IS
    'Team role the invitee gets on acceptance: lead, developer or viewer (not owner)';
COMMENT ON COLUMN agentgov.team_invitations.expires_at IS
    'After this time the invitation can no longer be accepted (find_team_invitation() ignores it)';
COMMENT ON COLUMN agentgov.team_invitations.accepted IS
    'Whether the invitation was accepted; an accepted invitation cannot be used again';
COMMENT ON COLUMN agentgov.team_invitations.accepted_at IS
    'When the invitation was accepted; NULL while not accepted';
COMMENT ON COLUMN agentgov.team_invitations.created_at IS
    'When the invitation was recorded (default now(): the start of the inserting transaction)';

-- user_sessions
COMMENT ON COLUMN agentgov.user_sessions.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a per-user table (a reference table on Citus)';
COMMENT ON COLUMN agentgov.user_sessions.user_id IS
    'User the session belongs to; only that user sees it under row-level security';
COMMENT ON COLUMN agentgov.user_sessions.session_type IS
    'Kind of client that opened the session, e.g. web, cli or api (assistant session_type; default web)';
COMMENT ON COLUMN agentgov.user_sessions.status IS
    'Session state as the application records it, e.g. active or ended (default active)';
COMMENT ON COLUMN agentgov.user_sessions.started_at IS
    'When the session began';
COMMENT ON COLUMN agentgov.user_sessions.ended_at IS
    'When the session ended; NULL while it is open. cleanup_old_data() deletes sessions ended longer ago than agentgov.retention_user_sessions';
COMMENT ON COLUMN agentgov.user_sessions.expires_at IS
    'After this time find_session() no longer accepts the session''s token';
COMMENT ON COLUMN agentgov.user_sessions.created_at IS
    'When the session was recorded (default now(): the start of the inserting transaction)';

-- session_activities
COMMENT ON COLUMN agentgov.session_activities.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a per-user table, visible to the session''s user only';
COMMENT ON COLUMN agentgov.session_activities.session_id IS
    'Session in which the activity happened; the row is visible to that session''s user only';
COMMENT ON COLUMN agentgov.session_activities.activity_type IS
    'What the user did, e.g. login, command or page_view (free text of the application)';
COMMENT ON COLUMN agentgov.session_activities.details IS
    'Details of the activity as a JSON object';
COMMENT ON COLUMN agentgov.session_activities.occurred_at IS
    'When the activity happened';

-- refresh_tokens
COMMENT ON COLUMN agentgov.refresh_tokens.user_id IS
    'User the token was issued to';
COMMENT ON COLUMN agentgov.refresh_tokens.expires_at IS
    'After this time find_refresh_token() no longer accepts the token';
COMMENT ON COLUMN agentgov.refresh_tokens.revoked_at IS
    'When the token was revoked; set only together with revoked';
COMMENT ON COLUMN agentgov.refresh_tokens.created_at IS
    'When the token was issued';

-- password_reset_requests
COMMENT ON COLUMN agentgov.password_reset_requests.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a per-user table';
COMMENT ON COLUMN agentgov.password_reset_requests.user_id IS
    'User whose password is to be reset';
COMMENT ON COLUMN agentgov.password_reset_requests.expires_at IS
    'After this time find_password_reset() no longer accepts the token';
COMMENT ON COLUMN agentgov.password_reset_requests.used IS
    'Whether the token was already used; a reset token works once';
COMMENT ON COLUMN agentgov.password_reset_requests.used_at IS
    'When the token was used; set only together with used';
COMMENT ON COLUMN agentgov.password_reset_requests.created_at IS
    'When the reset was requested';

-- api_keys
COMMENT ON COLUMN agentgov.api_keys.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a per-user table; only the key''s owner sees the row';
COMMENT ON COLUMN agentgov.api_keys.user_id IS
    'User who owns the key; one key per user and provider';
COMMENT ON COLUMN agentgov.api_keys.provider IS
    'LLM provider the key is for (claude, openai, gemini, ollama, other)';
COMMENT ON COLUMN agentgov.api_keys.is_active IS
    'False for a key the user disabled, which the application should not use';
COMMENT ON COLUMN agentgov.api_keys.created_at IS
    'When the key was stored';
COMMENT ON COLUMN agentgov.api_keys.last_used_at IS
    'When the application last used the key, written by the application';

-- user_rules
COMMENT ON COLUMN agentgov.user_rules.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a per-user table; one row per user';
COMMENT ON COLUMN agentgov.user_rules.user_id IS
    'User the rules belong to (one rule set per user)';
COMMENT ON COLUMN agentgov.user_rules.created_at IS
    'When the rule set was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.user_rules.updated_at IS
    'When the rule set was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- projects
COMMENT ON COLUMN agentgov.projects.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.projects.org_id IS
    'Organization (tenant) owning the project; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.projects.name IS
    'Project name, 3 to 255 characters';
COMMENT ON COLUMN agentgov.projects.description IS
    'Free-text description of the project';
COMMENT ON COLUMN agentgov.projects.problem_statement IS
    'The problem the project addresses (platform), 10 to 5000 characters when set; the VRC gate judges it';
COMMENT ON COLUMN agentgov.projects.github_repo IS
    'GitHub repository as owner/name (github-agents)';
COMMENT ON COLUMN agentgov.projects.github_app_id IS
    'Id of the GitHub App acting on the repository (github-agents)';
COMMENT ON COLUMN agentgov.projects.github_installation_id IS
    'Installation id of the GitHub App on the repository (github-agents)';
COMMENT ON COLUMN agentgov.projects.last_updated_by IS
    'User who last changed the project (platform)';
COMMENT ON COLUMN agentgov.projects.created_at IS
    'When the project was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.projects.updated_at IS
    'When the project was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- project_shares
COMMENT ON COLUMN agentgov.project_shares.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.project_shares.org_id IS
    'Organization (tenant) owning the share; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.project_shares.project_id IS
    'Project shared with the team, in the same organization';
COMMENT ON COLUMN agentgov.project_shares.team_id IS
    'Team the project is shared with; one share per project and team';
COMMENT ON COLUMN agentgov.project_shares.shared_by IS
    'User who shared the project';
COMMENT ON COLUMN agentgov.project_shares.permission_level IS
    'What the team may do on the project: read, write or admin. An application-level permission: row-level security never widens visibility beyond the organization';
COMMENT ON COLUMN agentgov.project_shares.shared_at IS
    'When the project was shared';

-- agents
COMMENT ON COLUMN agentgov.agents.id IS
    'Agent id (gen_random_uuid()); PRIMARY KEY (id) because catalogue agents have no organization. (org_id, id) is also unique, so tenant tables can reference an organization''s agent with a composite key';
COMMENT ON COLUMN agentgov.agents.name IS
    'Agent name, unique within its scope (catalogue, organization or project)';
COMMENT ON COLUMN agentgov.agents.phase IS
    'Project phase the agent works in (platform catalogue); NULL for agents not tied to a phase';
COMMENT ON COLUMN agentgov.agents.description IS
    'What the agent does';
COMMENT ON COLUMN agentgov.agents.config IS
    'Other agent settings as a JSON object (orchestrator config)';
COMMENT ON COLUMN agentgov.agents.avg_tokens_input IS
    'Typical input tokens of one run (platform catalogue), for estimates';
COMMENT ON COLUMN agentgov.agents.avg_tokens_output IS
    'Typical output tokens of one run (platform catalogue), for estimates';
COMMENT ON COLUMN agentgov.agents.is_active IS
    'False for a retired agent, which the application should no longer start (not enforced by agentgov)';
COMMENT ON COLUMN agentgov.agents.created_at IS
    'When the agent was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.agents.updated_at IS
    'When the agent was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- personas
COMMENT ON COLUMN agentgov.personas.persona_name IS
    'Human-readable name of the persona (assistant), e.g. Sarah Chen';
COMMENT ON COLUMN agentgov.personas.persona_version IS
    'Version of the persona definition; (persona_name, persona_version) is unique';
COMMENT ON COLUMN agentgov.personas.specialization IS
    'Area of expertise of the persona, e.g. product strategy or reliability';
COMMENT ON COLUMN agentgov.personas.capabilities IS
    'What the persona can do, as JSON (assistant capabilities_json)';
COMMENT ON COLUMN agentgov.personas.activation_rules IS
    'When the persona is activated, as JSON (assistant activation_rules_json)';
COMMENT ON COLUMN agentgov.personas.crisis_scenarios IS
    'How the persona behaves in a crisis, as JSON (assistant crisis_scenarios_json)';
COMMENT ON COLUMN agentgov.personas.behavioral_patterns IS
    'Behavioural traits of the persona, as JSON (assistant behavioral_patterns_json)';
COMMENT ON COLUMN agentgov.personas.is_active IS
    'False for a retired persona, which the application should no longer activate';
COMMENT ON COLUMN agentgov.personas.created_at IS
    'When the persona was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.personas.updated_at IS
    'When the persona was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- conversations
COMMENT ON COLUMN agentgov.conversations.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.conversations.org_id IS
    'Organization (tenant) owning the conversation; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.conversations.project_id IS
    'Project the conversation is about; NULL for an organization-wide conversation';
COMMENT ON COLUMN agentgov.conversations.title IS
    'Title of the conversation, up to 200 characters';
COMMENT ON COLUMN agentgov.conversations.type IS
    'What the conversation is about: issue, general, task or review (github-agents; default general)';
COMMENT ON COLUMN agentgov.conversations.status IS
    'active, paused, completed or archived';
COMMENT ON COLUMN agentgov.conversations.created_by_agent_id IS
    'Agent that opened the conversation (catalogue agent or one of the organization''s)';
COMMENT ON COLUMN agentgov.conversations.started_at IS
    'When the conversation began';
COMMENT ON COLUMN agentgov.conversations.ended_at IS
    'When the conversation ended; NULL while it goes on, never before started_at';
COMMENT ON COLUMN agentgov.conversations.created_at IS
    'When the conversation was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.conversations.updated_at IS
    'When the conversation was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- conversation_participants
COMMENT ON COLUMN agentgov.conversation_participants.org_id IS
    'Organization (tenant) owning the participant; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.conversation_participants.conversation_id IS
    'Conversation the agent takes part in';
COMMENT ON COLUMN agentgov.conversation_participants.agent_id IS
    'Participating agent (catalogue agent or one of the organization''s); one row per conversation and agent';
COMMENT ON COLUMN agentgov.conversation_participants.joined_at IS
    'When the agent joined the conversation';

-- messages
COMMENT ON COLUMN agentgov.messages.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.messages.org_id IS
    'Organization (tenant) owning the message; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.messages.conversation_id IS
    'Conversation the message belongs to, in the same organization';
COMMENT ON COLUMN agentgov.messages.user_id IS
    'Author when author_type is user';
COMMENT ON COLUMN agentgov.messages.agent_id IS
    'Author when author_type is agent (catalogue agent or one of the organization''s)';
COMMENT ON COLUMN agentgov.messages.content IS
    'Text of the message as written (socrates content, github-agents content)';
COMMENT ON COLUMN agentgov.messages.tokens_in IS
    'Prompt tokens spent producing the message (0 for human messages)';
COMMENT ON COLUMN agentgov.messages.tokens_out IS
    'Completion tokens of the message (0 for human messages)';
COMMENT ON COLUMN agentgov.messages.model_used IS
    'LLM model that produced an agent''s message';
COMMENT ON COLUMN agentgov.messages.metadata IS
    'Other message data as JSON (github-agents metadata)';
COMMENT ON COLUMN agentgov.messages.is_edited IS
    'Whether the message was edited after it was posted';
COMMENT ON COLUMN agentgov.messages.created_at IS
    'When the message was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.messages.updated_at IS
    'When the message was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- specifications
COMMENT ON COLUMN agentgov.specifications.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.specifications.org_id IS
    'Organization (tenant) owning the specification; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.specifications.project_id IS
    'Project the specification belongs to';
COMMENT ON COLUMN agentgov.specifications.category IS
    'Specification category, e.g. goals, requirements, tech_stack (socrates); questions use the same categories';
COMMENT ON COLUMN agentgov.specifications.content IS
    'Text of the specification';
COMMENT ON COLUMN agentgov.specifications.source IS
    'How the specification was obtained: user_input, extracted from a conversation, or inferred';
COMMENT ON COLUMN agentgov.specifications.metadata IS
    'Other data of the extraction, as JSON';
COMMENT ON COLUMN agentgov.specifications.created_at IS
    'When the specification was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.specifications.superseded_at IS
    'When supersede_specification() replaced this specification; NULL while it is current';

-- ideas
COMMENT ON COLUMN agentgov.ideas.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.ideas.org_id IS
    'Organization (tenant) owning the idea; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.ideas.project_id IS
    'Project the idea was submitted to';
COMMENT ON COLUMN agentgov.ideas.title IS
    'Short title of the idea';
COMMENT ON COLUMN agentgov.ideas.description IS
    'What the idea is, as submitted';
COMMENT ON COLUMN agentgov.ideas.status IS
    'Refinement state: pending, refining, questions (waiting for answers), approved, rejected, or converted into tickets (orchestrator)';
COMMENT ON COLUMN agentgov.ideas.priority IS
    'Numeric priority, higher first (orchestrator; default 0)';
COMMENT ON COLUMN agentgov.ideas.metadata IS
    'Other idea data as JSON';
COMMENT ON COLUMN agentgov.ideas.created_at IS
    'When the idea was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.ideas.updated_at IS
    'When the idea was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- questions
COMMENT ON COLUMN agentgov.questions.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.questions.org_id IS
    'Organization (tenant) owning the question; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.questions.project_id IS
    'Project the question is about';
COMMENT ON COLUMN agentgov.questions.agent_id IS
    'Agent that asked the question (orchestrator); catalogue agent or one of the organization''s';
COMMENT ON COLUMN agentgov.questions.answer IS
    'The user''s answer; required once status is answered';
COMMENT ON COLUMN agentgov.questions.status IS
    'pending, answered (answer set) or skipped';
COMMENT ON COLUMN agentgov.questions.created_at IS
    'When the question was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.questions.updated_at IS
    'When the question was last changed; stamped by the touch_updated_at trigger on every UPDATE';
COMMENT ON COLUMN agentgov.questions.answered_at IS
    'When the question was answered';

-- conflicts
COMMENT ON COLUMN agentgov.conflicts.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.conflicts.org_id IS
    'Organization (tenant) owning the conflict; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.conflicts.project_id IS
    'Project whose specifications conflict';
COMMENT ON COLUMN agentgov.conflicts.type IS
    'What conflicts: technology, requirement, timeline or resource (socrates)';
COMMENT ON COLUMN agentgov.conflicts.description IS
    'What the conflict is';
COMMENT ON COLUMN agentgov.conflicts.severity IS
    'low, medium, high or critical; db_health_check() counts open critical conflicts';
COMMENT ON COLUMN agentgov.conflicts.status IS
    'open until resolved (resolution says how) or ignored';
COMMENT ON COLUMN agentgov.conflicts.detected_at IS
    'When the conflict was detected';
COMMENT ON COLUMN agentgov.conflicts.resolved_at IS
    'When the conflict was resolved or ignored';
COMMENT ON COLUMN agentgov.conflicts.resolved_by_user IS
    'Whether a user (rather than an agent) resolved the conflict';

-- github_issues
COMMENT ON COLUMN agentgov.github_issues.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.github_issues.org_id IS
    'Organization (tenant) owning the issue; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.github_issues.project_id IS
    'Project whose repository holds the issue';
COMMENT ON COLUMN agentgov.github_issues.number IS
    'Issue number in the repository (> 0), unique per project';
COMMENT ON COLUMN agentgov.github_issues.title IS
    'Issue title as on GitHub';
COMMENT ON COLUMN agentgov.github_issues.body IS
    'Issue body as on GitHub';
COMMENT ON COLUMN agentgov.github_issues.state IS
    'GitHub state of the issue, open or closed (default open)';
COMMENT ON COLUMN agentgov.github_issues.labels IS
    'GitHub labels, a JSON array';
COMMENT ON COLUMN agentgov.github_issues.assignee IS
    'GitHub login of the assignee';
COMMENT ON COLUMN agentgov.github_issues.created_at IS
    'When the issue was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.github_issues.updated_at IS
    'When the issue was last changed; stamped by the touch_updated_at trigger on every UPDATE';
COMMENT ON COLUMN agentgov.github_issues.github_created_at IS
    'When the issue was opened on GitHub';
COMMENT ON COLUMN agentgov.github_issues.github_updated_at IS
    'When the issue last changed on GitHub';

-- pull_requests
COMMENT ON COLUMN agentgov.pull_requests.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.pull_requests.org_id IS
    'Organization (tenant) owning the pull request; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.pull_requests.project_id IS
    'Project whose repository holds the pull request';
COMMENT ON COLUMN agentgov.pull_requests.github_id IS
    'GitHub''s own id of the pull request, unique per organization';
COMMENT ON COLUMN agentgov.pull_requests.number IS
    'Pull request number in the repository (> 0), unique per project';
COMMENT ON COLUMN agentgov.pull_requests.title IS
    'Pull request title as on GitHub';
COMMENT ON COLUMN agentgov.pull_requests.body IS
    'Pull request description as on GitHub';
COMMENT ON COLUMN agentgov.pull_requests.branch_from IS
    'Head branch (the changes)';
COMMENT ON COLUMN agentgov.pull_requests.branch_to IS
    'Base branch the changes are to be merged into';
COMMENT ON COLUMN agentgov.pull_requests.state IS
    'GitHub state: open, closed or merged (default open)';
COMMENT ON COLUMN agentgov.pull_requests.is_draft IS
    'Whether GitHub marks the pull request as a draft';
COMMENT ON COLUMN agentgov.pull_requests.review_status IS
    'Review state, e.g. pending, approved or changes_requested (github-agents)';
COMMENT ON COLUMN agentgov.pull_requests.test_status IS
    'State of the pull request''s checks, e.g. pending, passed or failed (github-agents)';
COMMENT ON COLUMN agentgov.pull_requests.conversation_id IS
    'Conversation about the pull request';
COMMENT ON COLUMN agentgov.pull_requests.created_by_agent_id IS
    'Agent that opened the pull request';
COMMENT ON COLUMN agentgov.pull_requests.created_at IS
    'When the pull request was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.pull_requests.updated_at IS
    'When the pull request was last changed; stamped by the touch_updated_at trigger on every UPDATE';
COMMENT ON COLUMN agentgov.pull_requests.merged_at IS
    'When the pull request was merged; NULL if it was not';
COMMENT ON COLUMN agentgov.pull_requests.github_created_at IS
    'When the pull request was opened on GitHub';

-- tasks
COMMENT ON COLUMN agentgov.tasks.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.tasks.org_id IS
    'Organization (tenant) owning the task; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.tasks.project_id IS
    'Project the task belongs to';
COMMENT ON COLUMN agentgov.tasks.issue_id IS
    'GitHub issue the task works on (github-agents)';
COMMENT ON COLUMN agentgov.tasks.pr_id IS
    'Pull request that delivers the task (github-agents)';
COMMENT ON COLUMN agentgov.tasks.title IS
    'Short title, 1 to 300 characters';
COMMENT ON COLUMN agentgov.tasks.description IS
    'What is to be done';
COMMENT ON COLUMN agentgov.tasks.status IS
    'Task state; the union of orchestrator ticket and subtask states and github-agents task states';
COMMENT ON COLUMN agentgov.tasks.definition_of_done IS
    'When the task counts as done (github-agents)';
COMMENT ON COLUMN agentgov.tasks.created_at IS
    'When the task was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.tasks.started_at IS
    'When work on the task started';
COMMENT ON COLUMN agentgov.tasks.completed_at IS
    'When the task was completed';
COMMENT ON COLUMN agentgov.tasks.updated_at IS
    'When the task was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- job_queue
COMMENT ON COLUMN agentgov.job_queue.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.job_queue.org_id IS
    'Organization (tenant) owning the job; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.job_queue.payload IS
    'Input of the job, as JSON';
COMMENT ON COLUMN agentgov.job_queue.status IS
    'pending, running, done, failed or cancelled';
COMMENT ON COLUMN agentgov.job_queue.priority IS
    'Numeric priority, higher first (default 0)';
COMMENT ON COLUMN agentgov.job_queue.attempts IS
    'How many times a worker has started the job';
COMMENT ON COLUMN agentgov.job_queue.max_attempts IS
    'Attempts after which a failing job is not retried (default 3)';
COMMENT ON COLUMN agentgov.job_queue.scheduled_at IS
    'Earliest time a worker may start the job';
COMMENT ON COLUMN agentgov.job_queue.started_at IS
    'When the current or last attempt started';
COMMENT ON COLUMN agentgov.job_queue.completed_at IS
    'When the job finished';
COMMENT ON COLUMN agentgov.job_queue.error IS
    'Error of the last failed attempt';
COMMENT ON COLUMN agentgov.job_queue.result IS
    'Output of the job, as JSON';
COMMENT ON COLUMN agentgov.job_queue.created_at IS
    'When the job was recorded (default now(): the start of the inserting transaction)';

-- webhooks
COMMENT ON COLUMN agentgov.webhooks.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.webhooks.org_id IS
    'Organization (tenant) owning the webhook delivery; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.webhooks.project_id IS
    'Project the delivery concerns';
COMMENT ON COLUMN agentgov.webhooks.source IS
    'Sender of the webhook, e.g. github';
COMMENT ON COLUMN agentgov.webhooks.event_type IS
    'Event name given by the sender, e.g. issues or pull_request';
COMMENT ON COLUMN agentgov.webhooks.payload IS
    'Body of the delivery, as JSON';
COMMENT ON COLUMN agentgov.webhooks.processed IS
    'Whether the delivery has been handled';
COMMENT ON COLUMN agentgov.webhooks.processed_at IS
    'When the delivery was handled';
COMMENT ON COLUMN agentgov.webhooks.error_message IS
    'Error of the last failed processing attempt';
COMMENT ON COLUMN agentgov.webhooks.retry_count IS
    'Failed processing attempts so far';
COMMENT ON COLUMN agentgov.webhooks.max_retries IS
    'Attempts after which processing is given up (default 5)';
COMMENT ON COLUMN agentgov.webhooks.created_at IS
    'When the delivery was received';

-- agent_memory
COMMENT ON COLUMN agentgov.agent_memory.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.agent_memory.org_id IS
    'Organization (tenant) owning the memory entry; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.agent_memory.agent_id IS
    'Agent that remembers the entry (catalogue agent or one of the organization''s)';
COMMENT ON COLUMN agentgov.agent_memory.project_id IS
    'Project the memory is about; NULL for memory across projects';
COMMENT ON COLUMN agentgov.agent_memory.category IS
    'Kind of memory, e.g. preference, fact or decision (github-agents)';
COMMENT ON COLUMN agentgov.agent_memory.key IS
    'Name of the entry; unique per agent, project and category';
COMMENT ON COLUMN agentgov.agent_memory.value IS
    'The remembered value, as JSON';
COMMENT ON COLUMN agentgov.agent_memory.created_at IS
    'When the memory entry was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.agent_memory.updated_at IS
    'When the memory entry was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- knowledge_base_documents
COMMENT ON COLUMN agentgov.knowledge_base_documents.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.knowledge_base_documents.org_id IS
    'Organization (tenant) owning the document; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.knowledge_base_documents.project_id IS
    'Project the document was uploaded to';
COMMENT ON COLUMN agentgov.knowledge_base_documents.filename IS
    'Name of the uploaded file';
COMMENT ON COLUMN agentgov.knowledge_base_documents.file_size IS
    'Size of the uploaded file in bytes';
COMMENT ON COLUMN agentgov.knowledge_base_documents.content_type IS
    'MIME type of the uploaded file, e.g. text/markdown';
COMMENT ON COLUMN agentgov.knowledge_base_documents.content IS
    'Extracted text of the document';
COMMENT ON COLUMN agentgov.knowledge_base_documents.uploaded_at IS
    'When the document was uploaded';

-- user_behavior_patterns
COMMENT ON COLUMN agentgov.user_behavior_patterns.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a per-user table, visible to its user only';
COMMENT ON COLUMN agentgov.user_behavior_patterns.user_id IS
    'User whose behaviour the pattern describes';
COMMENT ON COLUMN agentgov.user_behavior_patterns.pattern_data IS
    'The learned pattern, as JSON';
COMMENT ON COLUMN agentgov.user_behavior_patterns.learned_at IS
    'When the pattern was first learned';
COMMENT ON COLUMN agentgov.user_behavior_patterns.updated_at IS
    'When the pattern was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- question_effectiveness
COMMENT ON COLUMN agentgov.question_effectiveness.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a per-user table, visible to its user only';
COMMENT ON COLUMN agentgov.question_effectiveness.user_id IS
    'User the statistics are about';
COMMENT ON COLUMN agentgov.question_effectiveness.question_template_id IS
    'Question template measured; one row per user and template';
COMMENT ON COLUMN agentgov.question_effectiveness.times_asked IS
    'How often the template was asked of the user';
COMMENT ON COLUMN agentgov.question_effectiveness.times_answered_well IS
    'How many of those answers were good (at most times_asked)';
COMMENT ON COLUMN agentgov.question_effectiveness.average_answer_length IS
    'Mean length of the user''s answers, in characters';
COMMENT ON COLUMN agentgov.question_effectiveness.average_spec_extraction_count IS
    'Mean number of specifications extracted from one answer';
COMMENT ON COLUMN agentgov.question_effectiveness.last_asked_at IS
    'When the template was last asked of the user';
COMMENT ON COLUMN agentgov.question_effectiveness.updated_at IS
    'When the statistic was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- artifacts
COMMENT ON COLUMN agentgov.artifacts.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.artifacts.org_id IS
    'Organization (tenant) owning the artifact; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.artifacts.project_id IS
    'Project the artifact belongs to; with type it names the version series';
COMMENT ON COLUMN agentgov.artifacts.type IS
    'Kind of artifact (PRD, ARCHITECTURE, ...); with project_id it names the version series. A draft may change type and is renumbered in the new series';
COMMENT ON COLUMN agentgov.artifacts.status IS
    'Lifecycle DRAFT -> REVIEW -> APPROVED -> DEPLOYED (and REVIEW -> DRAFT), enforced by artifact_before_write (AG004); inserted as DRAFT';
COMMENT ON COLUMN agentgov.artifacts.created_by IS
    'Author of the artifact; may not approve it (four-eyes rule). Frozen once the artifact leaves DRAFT';
COMMENT ON COLUMN agentgov.artifacts.created_at IS
    'When the artifact was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.artifacts.approved_at IS
    'Stamped when the artifact enters APPROVED; cannot be set by hand';
COMMENT ON COLUMN agentgov.artifacts.deployed_at IS
    'Stamped when the artifact enters DEPLOYED; cannot be set by hand';

-- artifact_tags
COMMENT ON COLUMN agentgov.artifact_tags.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.artifact_tags.org_id IS
    'Organization (tenant) owning the tag; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.artifact_tags.artifact_id IS
    'Artifact the tag is attached to';
COMMENT ON COLUMN agentgov.artifact_tags.tag_name IS
    'Free-form tag, e.g. mvp; an artifact carries each tag once';
COMMENT ON COLUMN agentgov.artifact_tags.created_at IS
    'When the tag was recorded (default now(): the start of the inserting transaction)';

-- evidence
COMMENT ON COLUMN agentgov.evidence.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.evidence.org_id IS
    'Organization (tenant) owning the evidence; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.evidence.project_id IS
    'Project the evidence supports';
COMMENT ON COLUMN agentgov.evidence.artifact_id IS
    'Artifact the evidence supports';
COMMENT ON COLUMN agentgov.evidence.evidence_tier IS
    'Strength of the evidence, E0 (assumption) to E4 (production telemetry)';
COMMENT ON COLUMN agentgov.evidence.source IS
    'Where the evidence comes from: interview, survey, market_research, telemetry or analyst_report';
COMMENT ON COLUMN agentgov.evidence.url_or_reference IS
    'Link to, or citation of, the evidence';
COMMENT ON COLUMN agentgov.evidence.created_by IS
    'User who recorded the evidence';
COMMENT ON COLUMN agentgov.evidence.reviewed_by IS
    'User who reviewed the evidence';
COMMENT ON COLUMN agentgov.evidence.created_at IS
    'When the evidence was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.evidence.reviewed_at IS
    'When the evidence was reviewed';

-- generated_projects
COMMENT ON COLUMN agentgov.generated_projects.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.generated_projects.org_id IS
    'Organization (tenant) owning the generation; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.generated_projects.project_id IS
    'Project whose specifications the code was generated from; with generation_version it numbers the generations';
COMMENT ON COLUMN agentgov.generated_projects.total_files IS
    'Number of files generated';
COMMENT ON COLUMN agentgov.generated_projects.total_lines IS
    'Number of lines generated';
COMMENT ON COLUMN agentgov.generated_projects.test_coverage IS
    'Test coverage of the generated code in percent (0 to 100)';
COMMENT ON COLUMN agentgov.generated_projects.quality_score IS
    'Quality score of the generated code (0 to 100)';
COMMENT ON COLUMN agentgov.generated_projects.download_url IS
    'Where the generated project can be downloaded';
COMMENT ON COLUMN agentgov.generated_projects.generation_started_at IS
    'When generation started';
COMMENT ON COLUMN agentgov.generated_projects.generation_completed_at IS
    'When generation finished';
COMMENT ON COLUMN agentgov.generated_projects.generation_status IS
    'pending, in_progress, completed or failed';
COMMENT ON COLUMN agentgov.generated_projects.error_message IS
    'Why generation failed';

-- generated_files
COMMENT ON COLUMN agentgov.generated_files.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.generated_files.org_id IS
    'Organization (tenant) owning the file; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.generated_files.generated_project_id IS
    'Generation the file belongs to';
COMMENT ON COLUMN agentgov.generated_files.file_path IS
    'Path of the file inside the generated project; unique per generation';
COMMENT ON COLUMN agentgov.generated_files.file_content IS
    'Contents of the file';
COMMENT ON COLUMN agentgov.generated_files.file_size IS
    'Size of the file in bytes';
COMMENT ON COLUMN agentgov.generated_files.created_at IS
    'When the file was recorded (default now(): the start of the inserting transaction)';

-- gate_policies
COMMENT ON COLUMN agentgov.gate_policies.id IS
    'Policy id (gen_random_uuid()); PRIMARY KEY (id) because the default policies have no organization';
COMMENT ON COLUMN agentgov.gate_policies.phase IS
    'Gate the policy sets the threshold of; one policy per organization (or default) and gate';
COMMENT ON COLUMN agentgov.gate_policies.created_at IS
    'When the policy was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.gate_policies.updated_at IS
    'When the policy was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- phase_gate_decisions
COMMENT ON COLUMN agentgov.phase_gate_decisions.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.phase_gate_decisions.org_id IS
    'Organization (tenant) owning the decision; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.phase_gate_decisions.project_id IS
    'Project whose gate was decided; the decision moves its phase and status';
COMMENT ON COLUMN agentgov.phase_gate_decisions.artifact_id IS
    'Artifact the decision was made on, if any';
COMMENT ON COLUMN agentgov.phase_gate_decisions.phase IS
    'Gate decided (VRC, VCD, DSP, MDP); must be the gate that ends the project''s current phase (AG004)';
COMMENT ON COLUMN agentgov.phase_gate_decisions.decided_by IS
    'MEMBER or ADMIN of the organization who made the decision (42501 otherwise)';
COMMENT ON COLUMN agentgov.phase_gate_decisions.rationale IS
    'Why the gate was decided this way, up to 2000 characters';
COMMENT ON COLUMN agentgov.phase_gate_decisions.override_reason IS
    'Why an ADMIN overrode the decision; set together with override_by and override_at';
COMMENT ON COLUMN agentgov.phase_gate_decisions.created_at IS
    'When the decision was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.phase_gate_decisions.decided_at IS
    'When the decision was made (default now())';

-- quality_metrics
COMMENT ON COLUMN agentgov.quality_metrics.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.quality_metrics.org_id IS
    'Organization (tenant) owning the metric; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.quality_metrics.project_id IS
    'Project measured';
COMMENT ON COLUMN agentgov.quality_metrics.metric_value IS
    'Measured value of metric_type; passed follows metric_value >= threshold';
COMMENT ON COLUMN agentgov.quality_metrics.threshold IS
    'Value the metric must reach; passed follows metric_value >= threshold';
COMMENT ON COLUMN agentgov.quality_metrics.details IS
    'Details of the measurement, as JSON';
COMMENT ON COLUMN agentgov.quality_metrics.calculated_at IS
    'When the metric was measured';

-- maturity_tracking
COMMENT ON COLUMN agentgov.maturity_tracking.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.maturity_tracking.org_id IS
    'Organization (tenant) owning the score; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.maturity_tracking.project_id IS
    'Project scored; its maturity_score follows the latest score of each category';
COMMENT ON COLUMN agentgov.maturity_tracking.score IS
    'Maturity of the category, 0 to 100';
COMMENT ON COLUMN agentgov.maturity_tracking.details IS
    'What the score is based on, as JSON';
COMMENT ON COLUMN agentgov.maturity_tracking.calculated_at IS
    'When the score was calculated; the latest per category counts (ties go to the higher score)';

-- test_results
COMMENT ON COLUMN agentgov.test_results.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.test_results.org_id IS
    'Organization (tenant) owning the test run; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.test_results.project_id IS
    'Project tested';
COMMENT ON COLUMN agentgov.test_results.test_status IS
    'pending, running, passed or failed';
COMMENT ON COLUMN agentgov.test_results.results IS
    'Detailed results, as JSON';
COMMENT ON COLUMN agentgov.test_results.error_message IS
    'Why the test run failed';
COMMENT ON COLUMN agentgov.test_results.started_at IS
    'When the test run started';
COMMENT ON COLUMN agentgov.test_results.completed_at IS
    'When the test run finished; never before started_at';

-- telemetry
COMMENT ON COLUMN agentgov.telemetry.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.telemetry.org_id IS
    'Organization (tenant) owning the observation; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.telemetry.project_id IS
    'Project observed';
COMMENT ON COLUMN agentgov.telemetry.metric_name IS
    'Metric observed; detect_divergences() compares the latest observation of each metric with the assumptions of approved artifacts';
COMMENT ON COLUMN agentgov.telemetry.metric_value IS
    'Observed value, in unit; detect_divergences() compares it with the assumed value of approved artifacts';
COMMENT ON COLUMN agentgov.telemetry.created_at IS
    'When the observation was recorded (default now(): the start of the inserting transaction)';

-- divergence_reports
COMMENT ON COLUMN agentgov.divergence_reports.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.divergence_reports.org_id IS
    'Organization (tenant) owning the report; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.divergence_reports.project_id IS
    'Project whose assumption diverged';
COMMENT ON COLUMN agentgov.divergence_reports.artifact_id IS
    'Artifact whose assumption diverged';
COMMENT ON COLUMN agentgov.divergence_reports.divergence_type IS
    'What kind of assumption missed: PERSONA_MISMATCH, FEATURE_ADOPTION_MISS, PRICING_ELASTICITY_MISS or LATENCY_MISS';
COMMENT ON COLUMN agentgov.divergence_reports.assumption_evidence_tier IS
    'Evidence tier of the assumption (its own, else its artifact''s); tier_delta measures how much stronger the telemetry is';
COMMENT ON COLUMN agentgov.divergence_reports.telemetry_evidence_tier IS
    'Evidence tier of the observation (at most the setting agentgov.telemetry_evidence_tier when filed by detect_divergences())';
COMMENT ON COLUMN agentgov.divergence_reports.detected_at IS
    'When the divergence was detected';
COMMENT ON COLUMN agentgov.divergence_reports.created_at IS
    'When the report was recorded (default now(): the start of the inserting transaction)';

-- cascade_analyses
COMMENT ON COLUMN agentgov.cascade_analyses.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.cascade_analyses.org_id IS
    'Organization (tenant) owning the analysis; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.cascade_analyses.divergence_id IS
    'Divergence report analysed; one analysis per report, rewritten by analyze_cascade()';
COMMENT ON COLUMN agentgov.cascade_analyses.recommendation IS
    'What to do: SKIP for a COSMETIC divergence, REEXECUTE for MINOR, FULL_REDESIGN for MAJOR';
COMMENT ON COLUMN agentgov.cascade_analyses.created_at IS
    'When the analysis was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.cascade_analyses.updated_at IS
    'When the analysis was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- artifact_version_counters
COMMENT ON COLUMN agentgov.artifact_version_counters.org_id IS
    'Organization of the series (internal bookkeeping: members read it, only agentgov''s triggers write it)';
COMMENT ON COLUMN agentgov.artifact_version_counters.project_id IS
    'Project of the artifact series';
COMMENT ON COLUMN agentgov.artifact_version_counters.type IS
    'Artifact type of the series';

-- generation_version_counters
COMMENT ON COLUMN agentgov.generation_version_counters.org_id IS
    'Organization of the project (internal bookkeeping: members read it, only agentgov''s triggers write it)';
COMMENT ON COLUMN agentgov.generation_version_counters.project_id IS
    'Project whose generations are numbered';

-- agent_runs
COMMENT ON COLUMN agentgov.agent_runs.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.agent_runs.org_id IS
    'Organization (tenant) owning the run; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.agent_runs.project_id IS
    'Project the run works on; NULL for a run outside any project';
COMMENT ON COLUMN agentgov.agent_runs.user_id IS
    'User who started the run';
COMMENT ON COLUMN agentgov.agent_runs.idea_id IS
    'Idea the run refines (orchestrator)';
COMMENT ON COLUMN agentgov.agent_runs.phase IS
    'Project phase the run belongs to (platform)';
COMMENT ON COLUMN agentgov.agent_runs.error_details IS
    'Structured error information, as JSON (assistant error_details)';
COMMENT ON COLUMN agentgov.agent_runs.tokens_in IS
    'Input tokens of the run: the sum over its usage_events, kept by the usage trigger';
COMMENT ON COLUMN agentgov.agent_runs.tokens_out IS
    'Output tokens of the run: the sum over its usage_events, kept by the usage trigger';
COMMENT ON COLUMN agentgov.agent_runs.max_retries IS
    'Retries allowed: a failed run may go back to queued while retry_count < max_retries (default 3)';
COMMENT ON COLUMN agentgov.agent_runs.created_at IS
    'When the run was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.agent_runs.updated_at IS
    'When the run was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- run_logs
COMMENT ON COLUMN agentgov.run_logs.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.run_logs.org_id IS
    'Organization (tenant) owning the log entry; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.run_logs.run_id IS
    'Run the entry belongs to, in the same organization';
COMMENT ON COLUMN agentgov.run_logs.level IS
    'Severity: debug, info, warn or error';
COMMENT ON COLUMN agentgov.run_logs.message IS
    'Text of the log line or interaction';
COMMENT ON COLUMN agentgov.run_logs.created_at IS
    'When the log entry was recorded (default now(): the start of the inserting transaction)';

-- persona_activations
COMMENT ON COLUMN agentgov.persona_activations.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.persona_activations.org_id IS
    'Organization (tenant) owning the activation; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.persona_activations.run_id IS
    'Run in which the persona was activated';
COMMENT ON COLUMN agentgov.persona_activations.persona_id IS
    'Persona activated (personas.id, e.g. sarah_chen)';
COMMENT ON COLUMN agentgov.persona_activations.activation_context IS
    'Context of the activation, as JSON';
COMMENT ON COLUMN agentgov.persona_activations.activated_at IS
    'When the persona was activated';
COMMENT ON COLUMN agentgov.persona_activations.deactivated_at IS
    'When the persona was deactivated; NULL while active, never before activated_at';
COMMENT ON COLUMN agentgov.persona_activations.results IS
    'What the persona contributed, as JSON';

-- governance_events
COMMENT ON COLUMN agentgov.governance_events.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.governance_events.org_id IS
    'Organization (tenant) owning the event; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.governance_events.run_id IS
    'Run the decision is about; approvals and withdrawals of its running transition are read from these events';
COMMENT ON COLUMN agentgov.governance_events.event_type IS
    'Kind of decision: pre_agent_spawn or consensus_check approve a start; an approved emergency_stop cancels the run; circuit_breaker is written by agentgov when usage passes max_cost_limit';
COMMENT ON COLUMN agentgov.governance_events.validation_context IS
    'What was validated, as JSON (assistant validation_context)';
COMMENT ON COLUMN agentgov.governance_events.decision_details IS
    'Details of the decision, as JSON; the circuit breaker records cost, limit and previous status here';
COMMENT ON COLUMN agentgov.governance_events.decision_reason IS
    'Why the decision was made (the reason argument of record_governance_event())';

-- validation_results
COMMENT ON COLUMN agentgov.validation_results.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.validation_results.org_id IS
    'Organization (tenant) owning the result; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.validation_results.event_id IS
    'Governance event the result belongs to; a consensus_check approves when a strict majority of its results passed';
COMMENT ON COLUMN agentgov.validation_results.passed IS
    'Whether the validator passed the run';
COMMENT ON COLUMN agentgov.validation_results.details IS
    'Details of the validation, as JSON';
COMMENT ON COLUMN agentgov.validation_results.created_at IS
    'When the result was recorded (default now(): the start of the inserting transaction)';

-- model_prices
COMMENT ON COLUMN agentgov.model_prices.id IS
    'Row id (gen_random_uuid()); PRIMARY KEY (id): a global catalogue, written by the owner only (a reference table on Citus); usage_events.price_id references it';
COMMENT ON COLUMN agentgov.model_prices.provider IS
    'Provider of the model, e.g. anthropic or openai; usage events without a provider are priced only if a single provider prices the model';
COMMENT ON COLUMN agentgov.model_prices.model IS
    'Model name as usage_events give it';
COMMENT ON COLUMN agentgov.model_prices.created_at IS
    'When the price was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.model_prices.updated_at IS
    'When the price was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- usage_events
COMMENT ON COLUMN agentgov.usage_events.id IS
    'Event id (gen_random_uuid()); primary key (org_id, id). usage_events is append-only (AG005): purge_usage_events() is the only way to delete';
COMMENT ON COLUMN agentgov.usage_events.org_id IS
    'Organization billed for the call; row-level security shows the event to its members only';
COMMENT ON COLUMN agentgov.usage_events.user_id IS
    'User on whose behalf the call was made';
COMMENT ON COLUMN agentgov.usage_events.project_id IS
    'Project the call was for; a key of usage_rollups';
COMMENT ON COLUMN agentgov.usage_events.agent_id IS
    'Agent that made the call; a key of usage_rollups';
COMMENT ON COLUMN agentgov.usage_events.run_id IS
    'Run that made the call; its tokens and cost_usd totals follow, and the circuit breaker blocks it past max_cost_limit';
COMMENT ON COLUMN agentgov.usage_events.conversation_id IS
    'Conversation the call belongs to';
COMMENT ON COLUMN agentgov.usage_events.message_id IS
    'Message the call produced';
COMMENT ON COLUMN agentgov.usage_events.task_id IS
    'Task the call worked on; its totals follow';
COMMENT ON COLUMN agentgov.usage_events.provider IS
    'Provider called, e.g. anthropic; selects the model_prices row';
COMMENT ON COLUMN agentgov.usage_events.model IS
    'Model called; a key of usage_rollups and, with provider, selects the price';
COMMENT ON COLUMN agentgov.usage_events.tokens_out IS
    'Output (completion) tokens of the call';
COMMENT ON COLUMN agentgov.usage_events.metadata IS
    'Other data of the call, as JSON';

-- usage_rollups
COMMENT ON COLUMN agentgov.usage_rollups.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.usage_rollups.org_id IS
    'Organization of the bucket (internal bookkeeping: members read it, only agentgov''s triggers write it)';
COMMENT ON COLUMN agentgov.usage_rollups.project_id IS
    'Project of the bucket (NULL: events without a project)';
COMMENT ON COLUMN agentgov.usage_rollups.agent_id IS
    'Agent of the bucket (NULL: events without an agent)';
COMMENT ON COLUMN agentgov.usage_rollups.model IS
    'Model of the bucket; one bucket per organization, UTC day, project, agent and model';
COMMENT ON COLUMN agentgov.usage_rollups.tokens_in IS
    'Sum of the bucket''s events'' tokens_in';
COMMENT ON COLUMN agentgov.usage_rollups.tokens_out IS
    'Sum of the bucket''s events'' tokens_out';
COMMENT ON COLUMN agentgov.usage_rollups.cost_usd IS
    'Sum of the bucket''s events'' cost_usd (unpriced events count 0 here and in unpriced_events)';
COMMENT ON COLUMN agentgov.usage_rollups.updated_at IS
    'When the bucket last changed';

-- budget_limits
COMMENT ON COLUMN agentgov.budget_limits.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.budget_limits.org_id IS
    'Organization whose usage the budget limits; only its ADMINs may write the row';
COMMENT ON COLUMN agentgov.budget_limits.name IS
    'Name of the budget, shown in refusals and notifications';
COMMENT ON COLUMN agentgov.budget_limits.scope_type IS
    'What the budget covers: global (all of the organization''s usage), project or agent (scope_id names it), agent_type (scope_agent_type names it)';
COMMENT ON COLUMN agentgov.budget_limits.amount_usd IS
    'Spend allowed per period, in USD (> 0)';
COMMENT ON COLUMN agentgov.budget_limits.is_active IS
    'Inactive budgets send no alerts and block no run start';
COMMENT ON COLUMN agentgov.budget_limits.created_at IS
    'When the budget was recorded (default now(): the start of the inserting transaction)';
COMMENT ON COLUMN agentgov.budget_limits.updated_at IS
    'When the budget was last changed; stamped by the touch_updated_at trigger on every UPDATE';

-- notifications
COMMENT ON COLUMN agentgov.notifications.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.notifications.org_id IS
    'Organization (tenant) owning the notification; row-level security shows the row to that organization''s members only, and composite foreign keys keep it equal to the org_id of every row it references';
COMMENT ON COLUMN agentgov.notifications.user_id IS
    'User who receives the notification; budget alerts go to every active ADMIN of the organization';
COMMENT ON COLUMN agentgov.notifications.title IS
    'Short title, up to 200 characters';
COMMENT ON COLUMN agentgov.notifications.message IS
    'Text of the notification';
COMMENT ON COLUMN agentgov.notifications.severity IS
    'info, warning or critical; budget alerts are warning (alert_threshold reached) and critical (amount exceeded)';
COMMENT ON COLUMN agentgov.notifications.project_id IS
    'Project the notification is about';
COMMENT ON COLUMN agentgov.notifications.agent_id IS
    'Agent the notification is about';
COMMENT ON COLUMN agentgov.notifications.is_read IS
    'Whether the recipient has read it';
COMMENT ON COLUMN agentgov.notifications.sent_telegram IS
    'Whether it was also sent by Telegram';
COMMENT ON COLUMN agentgov.notifications.sent_email IS
    'Whether it was also sent by email';
COMMENT ON COLUMN agentgov.notifications.created_at IS
    'When the notification was recorded (default now(): the start of the inserting transaction)';

-- audit_log
COMMENT ON COLUMN agentgov.audit_log.id IS
    'Audit row id, a bigint identity (PRIMARY KEY (id)); rows are chained per organization in commit order, not id order';
COMMENT ON COLUMN agentgov.audit_log.rationale IS
    'Why the change was made, when the writer gave a reason (e.g. the rationale passed to artifact_transition())';
COMMENT ON COLUMN agentgov.audit_log.ip_address IS
    'Client address, when the application records it';
COMMENT ON COLUMN agentgov.audit_log.user_agent IS
    'Client user agent, when the application records it';
COMMENT ON COLUMN agentgov.audit_log.correlation_id IS
    'Request id (agentgov.correlation_id) the change was made under; filled by the audit_log_enlist trigger';
COMMENT ON COLUMN agentgov.audit_log.occurred_at IS
    'When the change was made (the transaction''s start time)';

-- usage_kind_rollups
COMMENT ON COLUMN agentgov.usage_kind_rollups.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.usage_kind_rollups.org_id IS
    'Organization of the bucket (internal bookkeeping: members read it, only agentgov''s triggers write it)';
COMMENT ON COLUMN agentgov.usage_kind_rollups.agent_kind IS
    'Agent type of the bucket (usage_events.agent_kind)';
COMMENT ON COLUMN agentgov.usage_kind_rollups.events IS
    'Number of usage events in the bucket';
COMMENT ON COLUMN agentgov.usage_kind_rollups.tokens_in IS
    'Sum of the bucket''s events'' tokens_in';
COMMENT ON COLUMN agentgov.usage_kind_rollups.tokens_out IS
    'Sum of the bucket''s events'' tokens_out';
COMMENT ON COLUMN agentgov.usage_kind_rollups.cost_usd IS
    'Sum of the bucket''s events'' cost_usd (unpriced events count 0 here and in unpriced_events)';
COMMENT ON COLUMN agentgov.usage_kind_rollups.updated_at IS
    'When the bucket last changed';

-- budget_periods
COMMENT ON COLUMN agentgov.budget_periods.id IS
    'Row id (gen_random_uuid()). The primary key is (org_id, id) so that Citus can distribute the table by org_id; an index on id serves lookups by id alone';
COMMENT ON COLUMN agentgov.budget_periods.org_id IS
    'Organization of the budget (internal bookkeeping: members read it, only agentgov''s triggers write it)';
COMMENT ON COLUMN agentgov.budget_periods.budget_id IS
    'Budget the period belongs to';
COMMENT ON COLUMN agentgov.budget_periods.period_start IS
    'First day (UTC) of the budget''s period; one row per budget and period';
COMMENT ON COLUMN agentgov.budget_periods.created_at IS
    'When agentgov''s budget check first needed the period and created the row';

-- enum types
COMMENT ON TYPE agentgov.conversation_type IS
    'What a conversation is about (github-agents conversations.type): issue, general, task or review';
COMMENT ON TYPE agentgov.conversation_mode IS
    'Chat mode of a socrates session: socratic (the assistant asks questions) or direct_chat';
COMMENT ON TYPE agentgov.conversation_status IS
    'State of a conversation: active, paused, completed or archived';
COMMENT ON TYPE agentgov.spec_source IS
    'How a specification was obtained: user_input (stated by the user), extracted (from a conversation) or inferred (by an agent)';
COMMENT ON TYPE agentgov.idea_source IS
    'Where an idea was submitted (orchestrator): web, api or cli';
COMMENT ON TYPE agentgov.idea_status IS
    'Refinement state of an idea (orchestrator): pending, refining, questions (waiting for answers), approved, rejected, converted (into tickets)';
COMMENT ON TYPE agentgov.question_status IS
    'State of a question: pending, answered (answer set) or skipped';
COMMENT ON TYPE agentgov.conflict_type IS
    'What two or more specifications conflict on (socrates): technology, requirement, timeline or resource';
COMMENT ON TYPE agentgov.conflict_severity IS
    'Severity of a specification conflict: low, medium, high, critical (db_health_check() counts open critical ones)';
COMMENT ON TYPE agentgov.conflict_status IS
    'State of a specification conflict: open, resolved or ignored';
COMMENT ON TYPE agentgov.task_type IS
    'Kind of ticket (orchestrator): feature, bugfix, refactor or chore';
COMMENT ON TYPE agentgov.task_priority IS
    'Priority class of a task (github-agents): low, medium, high, urgent';
COMMENT ON TYPE agentgov.job_status IS
    'State of a job in job_queue (orchestrator): pending, running, done, failed, cancelled';
COMMENT ON TYPE agentgov.log_level IS
    'Severity of a run log entry: debug, info, warn, error';
COMMENT ON TYPE agentgov.artifact_type IS
    'Kind of artifact a project produces (platform), from PROBLEM and PRD to CODE_BACKEND and DEPLOYMENT_PLAN; with the project it names a version series';
COMMENT ON TYPE agentgov.artifact_status IS
    'Artifact lifecycle DRAFT -> REVIEW -> APPROVED -> DEPLOYED (REVIEW -> DRAFT allowed); the order of the labels is the order artifact_latest() compares';
COMMENT ON TYPE agentgov.evidence_source IS
    'Where evidence comes from (platform): interview, survey, market_research, telemetry, analyst_report';
COMMENT ON TYPE agentgov.escalation_status IS
    'Review state of evidence (platform): NONE, IN_REVIEW, ESCALATED';
COMMENT ON TYPE agentgov.gate_decision IS
    'Outcome of a phase gate: PASS (score >= threshold), CONDITIONAL (score >= threshold - margin), FAIL (below, or an indicator below its floor)';
COMMENT ON TYPE agentgov.test_status IS
    'State of a test run of generated code (socrates): pending, running, passed, failed';
COMMENT ON TYPE agentgov.generation_status IS
    'State of a code generation (socrates): pending, in_progress, completed, failed';
COMMENT ON TYPE agentgov.metric_name IS
    'Production metrics telemetry records and artifact assumptions name (platform)';
COMMENT ON TYPE agentgov.divergence_type IS
    'Kind of assumption a divergence report says was missed (platform); LATENCY_MISS and FEATURE_ADOPTION_MISS have a favourable direction that counts as COSMETIC';
COMMENT ON TYPE agentgov.divergence_classification IS
    'How far telemetry diverges from an assumption: COSMETIC (below agentgov.divergence_minor_pct), MINOR (below agentgov.divergence_major_pct), MAJOR';
COMMENT ON TYPE agentgov.cascade_recommendation IS
    'What a divergence calls for: SKIP (COSMETIC), REEXECUTE (MINOR), FULL_REDESIGN (MAJOR)';
COMMENT ON TYPE agentgov.governance_event_type IS
    'Kind of governance decision about an agent run (assistant): pre_agent_spawn and consensus_check approve a start, emergency_stop cancels, circuit_breaker is recorded by agentgov when usage passes the run''s cost limit';
COMMENT ON TYPE agentgov.governance_framework IS
    'Framework a governance decision was made under (assistant): sarah_three_questions, alex_3am_test, consensus, emergency';
COMMENT ON TYPE agentgov.aggregation_period IS
    'Reporting and budget period: daily (UTC day), weekly (ISO week from Monday), monthly (calendar month)';
COMMENT ON TYPE agentgov.budget_scope IS
    'What a budget covers: global (all usage of its organization), project, agent, or agent_type (an agent kind)';
COMMENT ON TYPE agentgov.budget_action IS
    'What an exhausted budget does: warn (notifications only) or block (also refuses run starts, AG002)';
COMMENT ON TYPE agentgov.notification_severity IS
    'Severity of a notification: info, warning, critical';

-- (end of section F)
