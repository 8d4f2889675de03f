-- Budgets: spend per period, alerts (one notification per budget, period
-- and threshold, whatever the number of events), and the block-budget rule
-- of run starts (through the running transition, governance_check() and
-- budget_check()).
SET client_min_messages = warning;

CREATE FUNCTION pg_temp.start_run(run uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE id = run;
    INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved, created_by)
    SELECT org_id, id, 'pre_agent_spawn', 'sarah_three_questions', true, 'regress'
      FROM agentgov.agent_runs WHERE id = run;
    UPDATE agentgov.agent_runs SET status = 'approved' WHERE id = run;
    UPDATE agentgov.agent_runs SET status = 'running' WHERE id = run;
END
$$;
-- Dates of the current period vary from run to run.
CREATE FUNCTION pg_temp.undated(reason text) RETURNS text LANGUAGE sql AS
$$ SELECT regexp_replace(reason, '\d{4}-\d{2}-\d{2}', 'DATE', 'g') $$;
-- Move a run to `status`: 'ok', or the error it raised (SQLSTATE, message,
-- detail and hint, undated).
CREATE FUNCTION pg_temp.try_status(run uuid, status agentgov.agent_run_status) RETURNS text LANGUAGE plpgsql AS $$
DECLARE state text; msg text; detail text; hint text;
BEGIN
    UPDATE agentgov.agent_runs r SET status = try_status.status WHERE r.id = run;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
    RETURN pg_temp.undated(format(E'%s: %s\nDETAIL: %s\nHINT: %s', state, msg, detail, hint));
END
$$;

INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('9a000000-0000-4000-8000-000000000001', 'Budget Org', 'budget-org', 'ENTERPRISE');
INSERT INTO agentgov.users (id, email, auth_provider, auth_provider_id, is_active) VALUES
    ('9b000000-0000-4000-8000-000000000001', 'budget-admin@budget.example', 'github', 'gh-b7-1', true),
    ('9b000000-0000-4000-8000-000000000002', 'budget-admin2@budget.example', 'github', 'gh-b7-2', true),
    ('9b000000-0000-4000-8000-000000000003', 'budget-gone@budget.example', 'github', 'gh-b7-3', false),
    ('9b000000-0000-4000-8000-000000000004', 'budget-member@budget.example', 'github', 'gh-b7-4', true);
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('9a000000-0000-4000-8000-000000000001', '9b000000-0000-4000-8000-000000000001', 'ADMIN'),
    ('9a000000-0000-4000-8000-000000000001', '9b000000-0000-4000-8000-000000000002', 'ADMIN'),
    ('9a000000-0000-4000-8000-000000000001', '9b000000-0000-4000-8000-000000000003', 'ADMIN'),
    ('9a000000-0000-4000-8000-000000000001', '9b000000-0000-4000-8000-000000000004', 'MEMBER');
INSERT INTO agentgov.projects (id, org_id, name, created_by) VALUES
    ('9d000000-0000-4000-8000-000000000001', '9a000000-0000-4000-8000-000000000001', 'Budgeted', '9b000000-0000-4000-8000-000000000001'),
    ('9d000000-0000-4000-8000-000000000002', '9a000000-0000-4000-8000-000000000001', 'Free', '9b000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.agents (id, org_id, name, kind, cost_per_execution_usd) VALUES
    ('f7000000-0000-4000-8000-000000000001', '9a000000-0000-4000-8000-000000000001', 'budget-coder', 'coder', 0.25),
    ('f7000000-0000-4000-8000-000000000002', '9a000000-0000-4000-8000-000000000001', 'budget-tester', 'tester', NULL);

-- ---- Spend per period -----------------------------------------------------------
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, scope_id, scope_agent_type, amount_usd,
                                    period, alert_threshold, action_on_exceed, is_active) VALUES
    ('c7000000-0000-4000-8000-000000000001', '9a000000-0000-4000-8000-000000000001', 'Org monthly', 'global', NULL, NULL, 100, 'monthly', 0.80, 'warn', false),
    ('c7000000-0000-4000-8000-000000000002', '9a000000-0000-4000-8000-000000000001', 'Project weekly', 'project', '9d000000-0000-4000-8000-000000000001', NULL, 100, 'weekly', 0.80, 'warn', false),
    ('c7000000-0000-4000-8000-000000000003', '9a000000-0000-4000-8000-000000000001', 'Coder agent daily', 'agent', 'f7000000-0000-4000-8000-000000000001', NULL, 100, 'daily', 0.80, 'warn', false),
    ('c7000000-0000-4000-8000-000000000004', '9a000000-0000-4000-8000-000000000001', 'Testers daily', 'agent_type', NULL, 'tester', 100, 'daily', 0.80, 'warn', false);
-- Sunday 2026-03-01 and Monday 2026-03-02 (different ISO weeks), and April.
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, agent_id, agent_kind, model, cost_usd) VALUES
    ('9a000000-0000-4000-8000-000000000001', '2026-03-01 10:00+00', '9d000000-0000-4000-8000-000000000001', 'f7000000-0000-4000-8000-000000000001', NULL, 'b-m', 1),
    ('9a000000-0000-4000-8000-000000000001', '2026-03-01 11:00+00', '9d000000-0000-4000-8000-000000000002', 'f7000000-0000-4000-8000-000000000002', NULL, 'b-m', 2),
    ('9a000000-0000-4000-8000-000000000001', '2026-03-02 10:00+00', '9d000000-0000-4000-8000-000000000001', 'f7000000-0000-4000-8000-000000000002', NULL, 'b-m', 4),
    ('9a000000-0000-4000-8000-000000000001', '2026-03-02 11:00+00', NULL, NULL, 'tester', 'b-m', 8),
    ('9a000000-0000-4000-8000-000000000001', '2026-04-01 00:00+00', '9d000000-0000-4000-8000-000000000001', 'f7000000-0000-4000-8000-000000000001', NULL, 'b-m', 16),
    ('9a000000-0000-4000-8000-000000000001', '2026-03-02 12:00+00', NULL, NULL, NULL, 'b-unpriced', NULL);
SELECT b.name, a.at,
       agentgov.usage_spent(b.id, a.at) AS spent
  FROM agentgov.budget_limits b,
       unnest(ARRAY['2026-03-01 12:00+00', '2026-03-02 00:00+00', '2026-03-31 23:59:59+00',
                    '2026-04-01 00:00+00', '2026-05-01 00:00+00']::timestamptz[]) AS a(at)
 WHERE b.org_id = '9a000000-0000-4000-8000-000000000001'
 ORDER BY b.name, a.at;
-- Inactive budgets are never locked nor alerted: no period rows.
SELECT count(*) AS period_rows FROM agentgov.budget_periods WHERE org_id = '9a000000-0000-4000-8000-000000000001';
SELECT agentgov.usage_spent('c7000000-0000-4000-8000-0000000000ff');
SELECT agentgov.usage_spent('c7000000-0000-4000-8000-000000000001', 'infinity');
SELECT agentgov.usage_spent(NULL) IS NULL AS null_in_null_out;
DELETE FROM agentgov.budget_limits WHERE org_id = '9a000000-0000-4000-8000-000000000001';

-- ---- Alerts ----------------------------------------------------------------------
-- Daily budget of 10 USD, warning at 50 %, on the Budgeted project.
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, scope_id, amount_usd, period, alert_threshold, action_on_exceed) VALUES
    ('c7000000-0000-4000-8000-000000000011', '9a000000-0000-4000-8000-000000000001', 'Project daily', 'project',
     '9d000000-0000-4000-8000-000000000001', 10, 'daily', 0.50, 'block');
CREATE TEMP VIEW alerts AS
SELECT n.severity, u.username IS NULL AS no_username, u.email, n.type, n.title, n.message,
       p.name AS project, n.metadata->>'period_start' AS period_start, n.metadata->>'spent_usd' AS spent
  FROM agentgov.notifications n
  JOIN agentgov.users u ON u.id = n.user_id
  LEFT JOIN agentgov.projects p ON p.org_id = n.org_id AND p.id = n.project_id
 WHERE n.org_id = '9a000000-0000-4000-8000-000000000001'
 ORDER BY n.metadata->>'period_start', n.severity, u.email;
-- 4.99: below the threshold, nothing.
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, model, cost_usd)
VALUES ('9a000000-0000-4000-8000-000000000001', '2026-05-10 08:00+00', '9d000000-0000-4000-8000-000000000001', 'b-m', 4.99);
SELECT count(*) AS notifications FROM alerts;
-- Usage of another project or another day does not count.
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, model, cost_usd) VALUES
    ('9a000000-0000-4000-8000-000000000001', '2026-05-10 09:00+00', '9d000000-0000-4000-8000-000000000002', 'b-m', 50),
    ('9a000000-0000-4000-8000-000000000001', '2026-05-11 09:00+00', '9d000000-0000-4000-8000-000000000001', 'b-m', 0.01);
SELECT count(*) AS notifications FROM alerts;
-- 0.01 more reaches 5.00: one warning to each active admin (not the
-- inactive one, not the member).
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, model, cost_usd)
VALUES ('9a000000-0000-4000-8000-000000000001', '2026-05-10 09:30+00', '9d000000-0000-4000-8000-000000000001', 'b-m', 0.01);
SELECT * FROM alerts;
-- Many more events, one at a time and in one statement: no more warnings.
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, model, cost_usd)
VALUES ('9a000000-0000-4000-8000-000000000001', '2026-05-10 10:00+00', '9d000000-0000-4000-8000-000000000001', 'b-m', 1);
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, model, cost_usd)
SELECT '9a000000-0000-4000-8000-000000000001', '2026-05-10 11:00+00', '9d000000-0000-4000-8000-000000000001', 'b-m', 0.5
  FROM generate_series(1, 8);
SELECT severity, count(*) FROM alerts GROUP BY 1 ORDER BY 1;
-- Exactly the amount (10.00) is not exceeding it; one cent more is: one
-- critical notification each.
SELECT agentgov.usage_spent('c7000000-0000-4000-8000-000000000011', '2026-05-10 12:00+00') AS spent;
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, model, cost_usd)
VALUES ('9a000000-0000-4000-8000-000000000001', '2026-05-10 12:00+00', '9d000000-0000-4000-8000-000000000001', 'b-m', 0.01);
SELECT * FROM alerts WHERE severity = 'critical';
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, model, cost_usd)
SELECT '9a000000-0000-4000-8000-000000000001', '2026-05-10 13:00+00', '9d000000-0000-4000-8000-000000000001', 'b-m', 3
  FROM generate_series(1, 3);
SELECT severity, count(*) FROM alerts GROUP BY 1 ORDER BY 1;
SELECT period_start, period_end, warned_at IS NOT NULL AS warned, warned_spend,
       exceeded_at IS NOT NULL AS exceeded, exceeded_spend
  FROM agentgov.budget_periods WHERE budget_id = 'c7000000-0000-4000-8000-000000000011' ORDER BY period_start;
-- A new period starts at zero; one statement jumping past both thresholds
-- sends both alerts at once, and backfilled usage alerts its own period.
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, model, cost_usd) VALUES
    ('9a000000-0000-4000-8000-000000000001', '2026-05-12 08:00+00', '9d000000-0000-4000-8000-000000000001', 'b-m', 7),
    ('9a000000-0000-4000-8000-000000000001', '2026-05-12 08:01+00', '9d000000-0000-4000-8000-000000000001', 'b-m', 7),
    ('9a000000-0000-4000-8000-000000000001', '2026-04-30 08:00+00', '9d000000-0000-4000-8000-000000000001', 'b-m', 6);
SELECT severity, period_start, spent, count(*) FROM alerts GROUP BY 1, 2, 3 ORDER BY 2, 1;
DELETE FROM agentgov.notifications WHERE org_id = '9a000000-0000-4000-8000-000000000001';

-- Every scope alerts; a warn budget too.  A threshold of 1.00 warns at the
-- amount and the critical alert follows past it.
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, scope_id, scope_agent_type, amount_usd, period,
                                    alert_threshold, action_on_exceed) VALUES
    ('c7000000-0000-4000-8000-000000000021', '9a000000-0000-4000-8000-000000000001', 'Org weekly', 'global', NULL, NULL, 100, 'weekly', 1.00, 'warn'),
    ('c7000000-0000-4000-8000-000000000022', '9a000000-0000-4000-8000-000000000001', 'Tester agent monthly', 'agent', 'f7000000-0000-4000-8000-000000000002', NULL, 1, 'monthly', 0.90, 'warn'),
    ('c7000000-0000-4000-8000-000000000023', '9a000000-0000-4000-8000-000000000001', 'Coders monthly', 'agent_type', NULL, 'coder', 2, 'monthly', 0.50, 'block');
INSERT INTO agentgov.usage_events (org_id, occurred_at, agent_id, model, cost_usd) VALUES
    ('9a000000-0000-4000-8000-000000000001', '2026-06-03 08:00+00', 'f7000000-0000-4000-8000-000000000002', 'b-m', 0.95),
    ('9a000000-0000-4000-8000-000000000001', '2026-06-03 08:00+00', 'f7000000-0000-4000-8000-000000000001', 'b-m', 1.00);
INSERT INTO agentgov.usage_events (org_id, occurred_at, model, cost_usd)
VALUES ('9a000000-0000-4000-8000-000000000001', '2026-06-04 08:00+00', 'b-m', 98.05);
INSERT INTO agentgov.usage_events (org_id, occurred_at, model, cost_usd)
VALUES ('9a000000-0000-4000-8000-000000000001', '2026-06-04 09:00+00', 'b-m', 0.01);
SELECT n.severity, n.title, n.message, a.name AS agent, n.metadata->>'budget_name' AS budget,
       n.metadata->>'related_entity_type' AS entity
  FROM agentgov.notifications n
  JOIN agentgov.users u ON u.id = n.user_id
  LEFT JOIN agentgov.agents a ON a.id = n.agent_id
 WHERE n.org_id = '9a000000-0000-4000-8000-000000000001' AND u.email = 'budget-admin@budget.example'
 ORDER BY budget, n.severity;
-- Usage rolled back to a savepoint neither counts nor alerts; the alert
-- check runs at commit, so it sees only what the transaction keeps.
BEGIN;
SAVEPOINT before_usage;
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, model, cost_usd)
VALUES ('9a000000-0000-4000-8000-000000000001', '2026-07-01 08:00+00', '9d000000-0000-4000-8000-000000000001', 'b-m', 99);
ROLLBACK TO SAVEPOINT before_usage;
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, model, cost_usd)
VALUES ('9a000000-0000-4000-8000-000000000001', '2026-07-01 08:00+00', '9d000000-0000-4000-8000-000000000001', 'b-m', 1);
COMMIT;
SELECT agentgov.usage_spent('c7000000-0000-4000-8000-000000000021', '2026-07-01') AS spent,
       (SELECT count(*) FROM agentgov.notifications n
         WHERE n.org_id = '9a000000-0000-4000-8000-000000000001'
           AND n.metadata->>'period_start' >= '2026-06-29') AS notifications;

-- An org without an admin still records the alert in budget_periods.
DELETE FROM agentgov.organization_members WHERE org_id = '9a000000-0000-4000-8000-000000000001' AND role = 'ADMIN';
INSERT INTO agentgov.usage_events (org_id, occurred_at, model, cost_usd)
VALUES ('9a000000-0000-4000-8000-000000000001', '2026-06-15 09:00+00', 'b-m', 150);
SELECT period_start, warned_at IS NOT NULL AS warned, exceeded_at IS NOT NULL AS exceeded,
       (SELECT count(*) FROM agentgov.notifications n
         WHERE n.org_id = '9a000000-0000-4000-8000-000000000001' AND n.metadata->>'period_start' = '2026-06-15') AS sent
  FROM agentgov.budget_periods WHERE budget_id = 'c7000000-0000-4000-8000-000000000021' ORDER BY period_start;
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('9a000000-0000-4000-8000-000000000001', '9b000000-0000-4000-8000-000000000001', 'ADMIN');
DELETE FROM agentgov.budget_limits WHERE org_id = '9a000000-0000-4000-8000-000000000001';
SELECT count(*) AS period_rows_left FROM agentgov.budget_periods WHERE org_id = '9a000000-0000-4000-8000-000000000001';

-- ---- Block budgets at run start ------------------------------------------------
-- In one transaction, so that "now" (the current period) is one instant.
BEGIN;
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, scope_id, scope_agent_type, amount_usd, period,
                                    alert_threshold, action_on_exceed, is_active) VALUES
    ('c7000000-0000-4000-8000-000000000031', '9a000000-0000-4000-8000-000000000001', 'Org daily cap', 'global', NULL, NULL, 1.00, 'daily', 0.80, 'block', true),
    ('c7000000-0000-4000-8000-000000000032', '9a000000-0000-4000-8000-000000000001', 'Org daily warn', 'global', NULL, NULL, 0.10, 'daily', 0.80, 'warn', true),
    ('c7000000-0000-4000-8000-000000000033', '9a000000-0000-4000-8000-000000000001', 'Org daily off', 'global', NULL, NULL, 0.10, 'daily', 0.80, 'block', false);
INSERT INTO agentgov.usage_events (org_id, occurred_at, model, cost_usd)
VALUES ('9a000000-0000-4000-8000-000000000001', now(), 'b-m', 0.40);
INSERT INTO agentgov.agent_runs (id, org_id, project_id, agent_id, agent_type, status, estimated_cost) VALUES
    ('31700000-0000-4000-8000-000000000001', '9a000000-0000-4000-8000-000000000001', '9d000000-0000-4000-8000-000000000001', 'f7000000-0000-4000-8000-000000000002', NULL, 'queued', 0.30),
    ('31700000-0000-4000-8000-000000000002', '9a000000-0000-4000-8000-000000000001', '9d000000-0000-4000-8000-000000000001', 'f7000000-0000-4000-8000-000000000002', NULL, 'queued', 0.40),
    ('31700000-0000-4000-8000-000000000003', '9a000000-0000-4000-8000-000000000001', '9d000000-0000-4000-8000-000000000002', 'f7000000-0000-4000-8000-000000000002', NULL, 'queued', 0.30),
    ('31700000-0000-4000-8000-000000000004', '9a000000-0000-4000-8000-000000000001', '9d000000-0000-4000-8000-000000000002', 'f7000000-0000-4000-8000-000000000001', NULL, 'queued', NULL),
    ('31700000-0000-4000-8000-000000000005', '9a000000-0000-4000-8000-000000000001', '9d000000-0000-4000-8000-000000000002', NULL, 'coder', 'queued', NULL),
    ('31700000-0000-4000-8000-000000000006', '9a000000-0000-4000-8000-000000000001', NULL, 'f7000000-0000-4000-8000-000000000002', NULL, 'queued', NULL);
CREATE TEMP VIEW checks AS
SELECT right(r.id::text, 1) AS run, c.allowed, pg_temp.undated(c.reason) AS reason
  FROM agentgov.agent_runs r, agentgov.budget_check(r.id) c
 WHERE r.org_id = '9a000000-0000-4000-8000-000000000001' AND r.status <> 'running'
 ORDER BY r.id;
-- 0.40 spent: run 1 (0.30) fits; the warn and the inactive budgets do not block.
SELECT * FROM agentgov.budget_check('31700000-0000-4000-8000-000000000001');
SELECT pg_temp.start_run('31700000-0000-4000-8000-000000000001');
-- Run 1 reserves its 0.30: run 2 (0.40) would bring 1.10; run 3 (0.30)
-- fits exactly; run 4 is estimated from its agent (0.25); runs 5 and 6
-- have no estimate at all (0).
SELECT * FROM checks;
-- The rule is part of the running transition itself: approved, run 2 is
-- still refused (AG002, naming the budget, the spend and the amount), and
-- governance_check() explains it; run 3 starts.
UPDATE agentgov.agent_runs SET status = 'pending_approval'
 WHERE id IN ('31700000-0000-4000-8000-000000000002', '31700000-0000-4000-8000-000000000003');
INSERT INTO agentgov.governance_events (id, org_id, run_id, event_type, framework, approved, created_by)
SELECT overlay(id::text placing '3e' from 1)::uuid, org_id, id, 'pre_agent_spawn', 'sarah_three_questions', true, 'regress'
  FROM agentgov.agent_runs WHERE id IN ('31700000-0000-4000-8000-000000000002', '31700000-0000-4000-8000-000000000003');
UPDATE agentgov.agent_runs SET status = 'approved'
 WHERE id IN ('31700000-0000-4000-8000-000000000002', '31700000-0000-4000-8000-000000000003');
SELECT pg_temp.try_status('31700000-0000-4000-8000-000000000002', 'running');
SELECT allowed, pg_temp.undated(reason) AS reason
  FROM agentgov.governance_check('31700000-0000-4000-8000-000000000002');
SELECT allowed, pg_temp.undated(reason) AS reason
  FROM agentgov.governance_check('31700000-0000-4000-8000-000000000003');
SAVEPOINT run3;
SELECT pg_temp.try_status('31700000-0000-4000-8000-000000000003', 'running');
ROLLBACK TO SAVEPOINT run3;
-- Run 1 spends 0.20 of its estimate: 0.60 spent, 0.10 still reserved.
INSERT INTO agentgov.usage_events (org_id, occurred_at, run_id, model, cost_usd)
VALUES ('9a000000-0000-4000-8000-000000000001', now(), '31700000-0000-4000-8000-000000000001', 'b-m', 0.20);
SELECT * FROM checks WHERE run IN ('2', '3');
-- A run past its estimate reserves nothing more.
INSERT INTO agentgov.usage_events (org_id, occurred_at, run_id, model, cost_usd)
VALUES ('9a000000-0000-4000-8000-000000000001', now(), '31700000-0000-4000-8000-000000000001', 'b-m', 0.15);
SELECT * FROM checks WHERE run = '3';
-- Narrower scopes: a project, an agent, an agent kind (from the agent, or
-- the run's agent_type).
UPDATE agentgov.budget_limits SET amount_usd = 100 WHERE id = 'c7000000-0000-4000-8000-000000000031';
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, scope_id, scope_agent_type, amount_usd, period,
                                    action_on_exceed) VALUES
    ('c7000000-0000-4000-8000-000000000034', '9a000000-0000-4000-8000-000000000001', 'Budgeted weekly', 'project', '9d000000-0000-4000-8000-000000000001', NULL, 0.70, 'weekly', 'block'),
    ('c7000000-0000-4000-8000-000000000035', '9a000000-0000-4000-8000-000000000001', 'Coders monthly', 'agent_type', NULL, 'coder', 0.20, 'monthly', 'block'),
    ('c7000000-0000-4000-8000-000000000036', '9a000000-0000-4000-8000-000000000001', 'Tester monthly', 'agent', 'f7000000-0000-4000-8000-000000000002', NULL, 0.60, 'monthly', 'block');
SELECT * FROM checks;
-- With lock the answer is the same (what the lock does is shown by the
-- isolation spec usage_block_race).
SELECT allowed, pg_temp.undated(reason) AS reason
  FROM agentgov.budget_check('31700000-0000-4000-8000-000000000006', lock => true);
ROLLBACK;
-- The circuit breaker blocks a run in any unfinished state, queued included;
-- a blocked run past its max_cost_limit cannot start again until the limit
-- is raised.
INSERT INTO agentgov.agent_runs (id, org_id, agent_type, status, max_cost_limit) VALUES
    ('31700000-0000-4000-8000-000000000011', '9a000000-0000-4000-8000-000000000001', 'tester', 'queued', 0.50);
INSERT INTO agentgov.usage_events (org_id, occurred_at, run_id, model, cost_usd)
VALUES ('9a000000-0000-4000-8000-000000000001', now(), '31700000-0000-4000-8000-000000000011', 'b-m', 0.60);
SELECT status, cost_usd FROM agentgov.agent_runs WHERE id = '31700000-0000-4000-8000-000000000011';
SELECT event_type, approved, decision_details->>'previous_status' AS previous_status
  FROM agentgov.governance_events WHERE run_id = '31700000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE id = '31700000-0000-4000-8000-000000000011';
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved, created_by)
VALUES ('9a000000-0000-4000-8000-000000000001', '31700000-0000-4000-8000-000000000011', 'pre_agent_spawn',
        'sarah_three_questions', true, 'regress');
UPDATE agentgov.agent_runs SET status = 'approved' WHERE id = '31700000-0000-4000-8000-000000000011';
SELECT pg_temp.try_status('31700000-0000-4000-8000-000000000011', 'running');
UPDATE agentgov.agent_runs SET max_cost_limit = 1.00 WHERE id = '31700000-0000-4000-8000-000000000011';
SELECT pg_temp.try_status('31700000-0000-4000-8000-000000000011', 'running');
SELECT agentgov.budget_check('31700000-0000-4000-8000-0000000000ff');
SELECT agentgov.budget_check(NULL) IS NULL AS null_in_null_out;

DELETE FROM agentgov.organizations WHERE id = '9a000000-0000-4000-8000-000000000001';
DELETE FROM agentgov.users WHERE email LIKE '%@budget.example';
