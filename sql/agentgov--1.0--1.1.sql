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
