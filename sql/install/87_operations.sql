\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Operations: what a restore needs, and views for operators and
-- applications (budget status, pending approvals).
--
-- A restore (pg_restore, or a pg_dump script run by psql, as a superuser)
-- takes the dumped rows as they are: agentgov's triggers recognise its
-- COPY FROM STDIN (src/restore.c) and let the rows through.  The one
-- trigger with work to do then is gate_policy_restore(): the default gate
-- policies are dumped like any row, and a dumped default replaces the one
-- CREATE EXTENSION seeded for its phase.  docs/operations.md explains it.
-- ---------------------------------------------------------------------------

CREATE FUNCTION agentgov.gate_policy_restore() RETURNS trigger
    AS 'MODULE_PATHNAME', 'gate_policy_restore'
    LANGUAGE C;
COMMENT ON FUNCTION agentgov.gate_policy_restore() IS
    'Trigger on gate_policies: while pg_restore loads rows, a dumped default policy (org_id NULL) replaces the one CREATE EXTENSION seeded for its phase; does nothing otherwise';

CREATE TRIGGER gate_policies_restore
    BEFORE INSERT ON agentgov.gate_policies
    FOR EACH ROW EXECUTE FUNCTION agentgov.gate_policy_restore();

-- ---- Views -------------------------------------------------------------------
-- Both are security_invoker views: whoever queries them sees only the rows
-- the row-level security of the tables underneath lets him see, exactly as
-- if he queried those tables.  No security_barrier is needed: the views
-- filter nothing for security's sake (the policies do, below any user
-- predicate), their WHERE clauses only pick rows of interest.

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
