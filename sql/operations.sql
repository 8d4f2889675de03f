-- Errors an application can act on (AG006 no actor, AG007 not a member,
-- set_actor() outside a transaction block) and the views budget_status and
-- pending_approvals, as the application role under row-level security.
-- After each refusal, LAST_ERROR_SQLSTATE shows the code a client gets.
SET client_min_messages = warning;
\set SHOW_CONTEXT never

-- ---- Fixture ------------------------------------------------------------------
-- ops_ann ADMIN, ops_ben MEMBER, ops_cat VIEWER of One; ops_dan ADMIN of Two;
-- ops_eve in no organization.
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('0e000000-0000-4000-8000-000000000001', 'Operations One', 'operations-one', 'PRO'),
    ('0e000000-0000-4000-8000-000000000002', 'Operations Two', 'operations-two', 'PRO');
INSERT INTO agentgov.users (id, email, username, password_hash) VALUES
    ('0e100000-0000-4000-8000-000000000001', 'ann@operations.test', 'ops_ann', 'x'),
    ('0e100000-0000-4000-8000-000000000002', 'ben@operations.test', 'ops_ben', 'x'),
    ('0e100000-0000-4000-8000-000000000003', 'cat@operations.test', 'ops_cat', 'x'),
    ('0e100000-0000-4000-8000-000000000004', 'dan@operations.test', 'ops_dan', 'x'),
    ('0e100000-0000-4000-8000-000000000005', 'eve@operations.test', 'ops_eve', 'x');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('0e000000-0000-4000-8000-000000000001', '0e100000-0000-4000-8000-000000000001', 'ADMIN'),
    ('0e000000-0000-4000-8000-000000000001', '0e100000-0000-4000-8000-000000000002', 'MEMBER'),
    ('0e000000-0000-4000-8000-000000000001', '0e100000-0000-4000-8000-000000000003', 'VIEWER'),
    ('0e000000-0000-4000-8000-000000000002', '0e100000-0000-4000-8000-000000000004', 'ADMIN');
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('0e200000-0000-4000-8000-000000000001', '0e000000-0000-4000-8000-000000000001', 'Ops one'),
    ('0e200000-0000-4000-8000-000000000002', '0e000000-0000-4000-8000-000000000002', 'Ops two');
CREATE ROLE regress_ops_app;
SELECT agentgov.grant_app_access('regress_ops_app');
RESET client_min_messages;

-- ---- set_actor() outside a transaction block ----------------------------------
-- Refused: its SET LOCAL would end with its own statement.
SELECT agentgov.set_actor('0e100000-0000-4000-8000-000000000001');
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
SELECT agentgov.current_user_id() IS NULL AS no_actor;
-- Inside one it lasts until the transaction ends; NULL clears.
BEGIN;
SELECT agentgov.set_actor('0e100000-0000-4000-8000-000000000001', '0ec00000-0000-4000-8000-000000000001');
SELECT agentgov.current_user_id(), agentgov.current_correlation_id();
SELECT agentgov.set_actor(NULL);
SELECT agentgov.current_user_id() IS NULL AS cleared, agentgov.current_correlation_id() IS NULL AS cleared_too;
COMMIT;

-- ---- Writes as the application role ------------------------------------------------
SET ROLE regress_ops_app;
SELECT agentgov.set_actor('0e100000-0000-4000-8000-000000000001');
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;

-- No actor: AG006, with the hint.
BEGIN;
INSERT INTO agentgov.projects (org_id, name) VALUES ('0e000000-0000-4000-8000-000000000001', 'No actor');
ROLLBACK;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
-- set_actor() in the previous transaction does not carry over.
BEGIN;
SELECT agentgov.set_actor('0e100000-0000-4000-8000-000000000001');
COMMIT;
BEGIN;
INSERT INTO agentgov.artifacts (org_id, project_id, type, content, created_by)
VALUES ('0e000000-0000-4000-8000-000000000001', '0e200000-0000-4000-8000-000000000001', 'PRD', '{}',
        '0e100000-0000-4000-8000-000000000001');
ROLLBACK;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
-- Other tables and commands: signing up without an actor, an audit row.
BEGIN;
INSERT INTO agentgov.users (email, username, password_hash) VALUES ('new@operations.test', 'ops_new', 'x');
ROLLBACK;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
BEGIN;
INSERT INTO agentgov.audit_log (action) VALUES ('ops.note');
ROLLBACK;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;

-- An actor writing into an organization he is not a member of: AG007.
BEGIN;
SELECT agentgov.set_actor('0e100000-0000-4000-8000-000000000001');   -- ops_ann, of One
INSERT INTO agentgov.projects (org_id, name) VALUES ('0e000000-0000-4000-8000-000000000002', 'Not mine');
ROLLBACK;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
BEGIN;
SELECT agentgov.set_actor('0e100000-0000-4000-8000-000000000005');   -- ops_eve, of none
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period)
VALUES ('0e000000-0000-4000-8000-000000000001', 'Not mine', 'global', 10, 'monthly');
ROLLBACK;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;

-- A member whose role does not allow the write keeps PostgreSQL's refusal
-- (42501): the VIEWER may not insert, the MEMBER may not set budgets.
BEGIN;
SELECT agentgov.set_actor('0e100000-0000-4000-8000-000000000003');   -- ops_cat, VIEWER
INSERT INTO agentgov.projects (org_id, name) VALUES ('0e000000-0000-4000-8000-000000000001', 'Viewer''s');
ROLLBACK;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
BEGIN;
SELECT agentgov.set_actor('0e100000-0000-4000-8000-000000000002');   -- ops_ben, MEMBER
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period)
VALUES ('0e000000-0000-4000-8000-000000000001', 'Member''s', 'global', 10, 'monthly');
ROLLBACK;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;

-- Allowed writes go through.
BEGIN;
SELECT agentgov.set_actor('0e100000-0000-4000-8000-000000000002');   -- ops_ben, MEMBER
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, content, created_by) VALUES
    ('0e300000-0000-4000-8000-000000000001', '0e000000-0000-4000-8000-000000000001',
     '0e200000-0000-4000-8000-000000000001', 'PRD', '{"title": "ops"}', '0e100000-0000-4000-8000-000000000002')
RETURNING type, version, status;
SELECT (agentgov.artifact_transition('0e300000-0000-4000-8000-000000000001', 'REVIEW',
                                     '0e100000-0000-4000-8000-000000000002', 'ready')).status;
COMMIT;
RESET ROLE;

-- ---- budget_status and pending_approvals --------------------------------------
-- Budgets of One: 8.50 USD spent today of 10 (warning at 80 %), of 5
-- (exceeded), of 100 (ok), and an inactive one; Two has one of its own.
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, scope_id, amount_usd, period, alert_threshold, is_active) VALUES
    ('0e400000-0000-4000-8000-000000000001', '0e000000-0000-4000-8000-000000000001', 'one monthly', 'global', NULL, 10, 'monthly', 0.80, true),
    ('0e400000-0000-4000-8000-000000000002', '0e000000-0000-4000-8000-000000000001', 'one daily', 'global', NULL, 5, 'daily', 0.80, true),
    ('0e400000-0000-4000-8000-000000000003', '0e000000-0000-4000-8000-000000000001', 'one project', 'project', '0e200000-0000-4000-8000-000000000001', 100, 'weekly', 0.80, true),
    ('0e400000-0000-4000-8000-000000000004', '0e000000-0000-4000-8000-000000000001', 'one old', 'global', NULL, 1, 'monthly', 0.80, false),
    ('0e400000-0000-4000-8000-000000000005', '0e000000-0000-4000-8000-000000000002', 'two monthly', 'global', NULL, 10, 'monthly', 0.80, true);
INSERT INTO agentgov.usage_events (org_id, project_id, provider, model, tokens_in, tokens_out, cost_usd) VALUES
    ('0e000000-0000-4000-8000-000000000001', '0e200000-0000-4000-8000-000000000001', 'anthropic', 'claude-3-sonnet', 1000, 500, 6.00),
    ('0e000000-0000-4000-8000-000000000001', NULL, 'openai', 'gpt-4', 100, 50, 2.50),
    ('0e000000-0000-4000-8000-000000000002', NULL, 'openai', 'gpt-4', 100, 50, 1.00);
-- A run waiting for approval in each organization.
INSERT INTO agentgov.agent_runs (id, org_id, project_id, agent_type, user_id, status) VALUES
    ('0e500000-0000-4000-8000-000000000001', '0e000000-0000-4000-8000-000000000001',
     '0e200000-0000-4000-8000-000000000001', 'coder', '0e100000-0000-4000-8000-000000000001', 'pending_approval'),
    ('0e500000-0000-4000-8000-000000000002', '0e000000-0000-4000-8000-000000000002',
     NULL, 'tester', NULL, 'pending_approval');

SET ROLE regress_ops_app;
BEGIN;
SELECT agentgov.set_actor('0e100000-0000-4000-8000-000000000003');   -- ops_cat, VIEWER of One
SELECT name, scope_type, period, spent_usd, limit_usd, percent, state, action_on_exceed,
       period_start <= (now() AT TIME ZONE 'UTC')::date AND (now() AT TIME ZONE 'UTC')::date < period_end AS current
  FROM agentgov.budget_status ORDER BY name;
SELECT kind, right(item_id::text, 2) AS item, title, right(requested_by::text, 1) AS requested_by,
       array(SELECT right(u::text, 1) FROM unnest(approvers) u) AS approvers
  FROM agentgov.pending_approvals ORDER BY kind, item_id;
SELECT agentgov.set_actor('0e100000-0000-4000-8000-000000000004');   -- ops_dan, of Two
SELECT name, spent_usd, limit_usd, percent, state FROM agentgov.budget_status ORDER BY name;
SELECT kind, right(item_id::text, 2) AS item, title, approvers FROM agentgov.pending_approvals
 WHERE org_id = '0e000000-0000-4000-8000-000000000002' ORDER BY item_id;
SELECT count(*) AS ones_items_dan_sees FROM agentgov.pending_approvals
 WHERE org_id = '0e000000-0000-4000-8000-000000000001';
SELECT agentgov.set_actor(NULL);
SELECT count(*) AS budgets_without_actor FROM agentgov.budget_status;
SELECT count(*) AS items_without_actor FROM agentgov.pending_approvals;
COMMIT;
RESET ROLE;

-- Once approved, an item leaves the list.
BEGIN;
SELECT agentgov.set_actor('0e100000-0000-4000-8000-000000000001');
SELECT (agentgov.artifact_transition('0e300000-0000-4000-8000-000000000001', 'APPROVED',
                                     '0e100000-0000-4000-8000-000000000001', 'fine')).status;
SELECT kind, right(item_id::text, 2) AS item FROM agentgov.pending_approvals
 WHERE org_id = '0e000000-0000-4000-8000-000000000001';
COMMIT;

-- Every column of both views has a comment.
SELECT c.relname, count(*) AS columns, count(d.description) AS commented
  FROM pg_class c
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
  LEFT JOIN pg_description d ON d.objoid = c.oid AND d.objsubid = a.attnum
 WHERE c.oid IN ('agentgov.budget_status'::regclass, 'agentgov.pending_approvals'::regclass)
 GROUP BY c.relname ORDER BY c.relname;
SELECT relname, reloptions FROM pg_class
 WHERE oid IN ('agentgov.budget_status'::regclass, 'agentgov.pending_approvals'::regclass) ORDER BY relname;

-- Clean up the role (the rows stay, like every test's).
SET client_min_messages = warning;
DROP OWNED BY regress_ops_app;
DROP ROLE regress_ops_app;
