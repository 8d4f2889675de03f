-- Cross-tenant references (issue 20): rows never move between
-- organizations (org_id is fixed after insert on every table that has it),
-- agent references are checked against the row's organization, and so is
-- the polymorphic budget_limits.scope_id.  Each path is tried from both
-- sides: moving the referenced row, and pointing a row at another tenant.

SET client_min_messages = warning;
INSERT INTO agentgov.organizations (id, name, slug) VALUES
    ('7e000000-0000-4000-8000-00000000000a', 'Tenancy A', 'tenancy-a'),
    ('7e000000-0000-4000-8000-00000000000b', 'Tenancy B', 'tenancy-b');
INSERT INTO agentgov.users (id, email, username, password_hash) VALUES
    ('7e100000-0000-4000-8000-000000000001', 'ada@tenancy.example', 'tenancy_ada', '$2b$12$ada');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('7e000000-0000-4000-8000-00000000000a', '7e100000-0000-4000-8000-000000000001', 'ADMIN');
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('7e200000-0000-4000-8000-00000000000a', '7e000000-0000-4000-8000-00000000000a', 'Tenancy project A'),
    ('7e200000-0000-4000-8000-00000000000b', '7e000000-0000-4000-8000-00000000000b', 'Tenancy project B');
INSERT INTO agentgov.agents (id, org_id, project_id, name, kind) VALUES
    ('7e300000-0000-4000-8000-00000000000a', '7e000000-0000-4000-8000-00000000000a',
     '7e200000-0000-4000-8000-00000000000a', 'Tenancy agent A', 'coder'),
    ('7e300000-0000-4000-8000-00000000000b', '7e000000-0000-4000-8000-00000000000b',
     '7e200000-0000-4000-8000-00000000000b', 'Tenancy agent B', 'coder'),
    ('7e300000-0000-4000-8000-00000000000c', NULL, NULL, 'Tenancy catalogue agent', 'tester');
INSERT INTO agentgov.tasks (id, org_id, project_id, title, assigned_agent_id) VALUES
    ('7e400000-0000-4000-8000-00000000000a', '7e000000-0000-4000-8000-00000000000a',
     '7e200000-0000-4000-8000-00000000000a', 'Task of A', '7e300000-0000-4000-8000-00000000000a');
CREATE ROLE regress_tenancy_app;
SELECT agentgov.grant_app_access('regress_tenancy_app');
RESET client_min_messages;

-- ---- Every table with org_id has the trigger that fixes it ---------------------
SELECT c.relname AS unprotected
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id'
 WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind = 'r'
   AND NOT EXISTS (SELECT 1 FROM pg_trigger t
                    WHERE t.tgrelid = c.oid AND t.tgfoid = 'agentgov.refuse_org_move'::regproc
                      AND t.tgname = c.relname || '_org_id_immutable');
SELECT count(*) > 40 AS many_tables FROM pg_trigger WHERE tgfoid = 'agentgov.refuse_org_move'::regproc;

-- ---- The referenced side: rows do not move --------------------------------------
-- The agent that A's task (and runs, messages, ...) reference stays in A.
UPDATE agentgov.agents SET org_id = '7e000000-0000-4000-8000-00000000000b', project_id = NULL
 WHERE id = '7e300000-0000-4000-8000-00000000000a';
-- Nor does it become a catalogue agent, nor a catalogue agent an organization's.
UPDATE agentgov.agents SET org_id = NULL, project_id = NULL WHERE id = '7e300000-0000-4000-8000-00000000000a';
UPDATE agentgov.agents SET org_id = '7e000000-0000-4000-8000-00000000000b' WHERE id = '7e300000-0000-4000-8000-00000000000c';
\set VERBOSITY terse
UPDATE agentgov.projects SET org_id = '7e000000-0000-4000-8000-00000000000b' WHERE id = '7e200000-0000-4000-8000-00000000000a';
UPDATE agentgov.tasks SET org_id = '7e000000-0000-4000-8000-00000000000b' WHERE id = '7e400000-0000-4000-8000-00000000000a';
UPDATE agentgov.organization_members SET org_id = '7e000000-0000-4000-8000-00000000000b'
 WHERE user_id = '7e100000-0000-4000-8000-000000000001';
UPDATE agentgov.gate_policies SET org_id = '7e000000-0000-4000-8000-00000000000b' WHERE org_id IS NULL AND phase = 'VRC';
UPDATE agentgov.organizations SET id = '7e000000-0000-4000-8000-0000000000ff' WHERE id = '7e000000-0000-4000-8000-00000000000b';
\set VERBOSITY default
-- Setting org_id to the value it has is no move; a NULL is left to NOT NULL.
UPDATE agentgov.agents SET org_id = org_id, name = 'Tenancy agent A.' WHERE id = '7e300000-0000-4000-8000-00000000000a'
RETURNING name, org_id;
\set VERBOSITY terse
UPDATE agentgov.tasks SET org_id = NULL WHERE id = '7e400000-0000-4000-8000-00000000000a';
\set VERBOSITY default

-- ---- The referencing side: no row names another tenant's row ---------------------
-- Agents (plain foreign keys on id, checked by check_agent_scope).
UPDATE agentgov.tasks SET assigned_agent_id = '7e300000-0000-4000-8000-00000000000b'
 WHERE id = '7e400000-0000-4000-8000-00000000000a';
INSERT INTO agentgov.agent_runs (org_id, agent_id) VALUES
    ('7e000000-0000-4000-8000-00000000000a', '7e300000-0000-4000-8000-00000000000b');
-- A catalogue agent may be named by any tenant's rows.
UPDATE agentgov.tasks SET assigned_agent_id = '7e300000-0000-4000-8000-00000000000c'
 WHERE id = '7e400000-0000-4000-8000-00000000000a' RETURNING title;
-- Projects (composite foreign keys).
\set VERBOSITY terse
UPDATE agentgov.tasks SET project_id = '7e200000-0000-4000-8000-00000000000b'
 WHERE id = '7e400000-0000-4000-8000-00000000000a';
\set VERBOSITY default

-- ---- budget_limits.scope_id -----------------------------------------------------------
-- Scope project: a project of the budget's organization.
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, scope_id, amount_usd, period) VALUES
    ('7e500000-0000-4000-8000-000000000001', '7e000000-0000-4000-8000-00000000000a', 'B project',
     'project', '7e200000-0000-4000-8000-00000000000b', 10, 'monthly');
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, scope_id, amount_usd, period) VALUES
    ('7e500000-0000-4000-8000-000000000001', '7e000000-0000-4000-8000-00000000000a', 'No project',
     'project', '7e200000-0000-4000-8000-0000000000ff', 10, 'monthly');
-- Scope agent: an agent of the organization, or a catalogue agent.
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, scope_id, amount_usd, period) VALUES
    ('7e500000-0000-4000-8000-000000000001', '7e000000-0000-4000-8000-00000000000a', 'B agent',
     'agent', '7e300000-0000-4000-8000-00000000000b', 10, 'monthly');
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, scope_id, amount_usd, period) VALUES
    ('7e500000-0000-4000-8000-000000000001', '7e000000-0000-4000-8000-00000000000a', 'No agent',
     'agent', '7e300000-0000-4000-8000-0000000000ff', 10, 'monthly');
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, scope_id, amount_usd, period) VALUES
    ('7e500000-0000-4000-8000-000000000001', '7e000000-0000-4000-8000-00000000000a', 'A project',
     'project', '7e200000-0000-4000-8000-00000000000a', 10, 'monthly'),
    ('7e500000-0000-4000-8000-000000000002', '7e000000-0000-4000-8000-00000000000a', 'A agent',
     'agent', '7e300000-0000-4000-8000-00000000000a', 10, 'monthly'),
    ('7e500000-0000-4000-8000-000000000003', '7e000000-0000-4000-8000-00000000000a', 'Catalogue agent',
     'agent', '7e300000-0000-4000-8000-00000000000c', 10, 'monthly'),
    ('7e500000-0000-4000-8000-000000000004', '7e000000-0000-4000-8000-00000000000a', 'Everything',
     'global', NULL, 10, 'monthly');
-- Updates are checked as inserts are: another tenant's project, or a
-- project id where the new scope wants an agent.
UPDATE agentgov.budget_limits SET scope_id = '7e200000-0000-4000-8000-00000000000b'
 WHERE id = '7e500000-0000-4000-8000-000000000001';
UPDATE agentgov.budget_limits SET scope_type = 'agent' WHERE id = '7e500000-0000-4000-8000-000000000001';
UPDATE agentgov.budget_limits SET scope_type = 'agent', scope_id = '7e300000-0000-4000-8000-00000000000b'
 WHERE id = '7e500000-0000-4000-8000-000000000002';
UPDATE agentgov.budget_limits SET amount_usd = 20 WHERE scope_type = 'agent'
   AND org_id = '7e000000-0000-4000-8000-00000000000a';
SELECT name, scope_type, scope_id, amount_usd FROM agentgov.budget_limits
 WHERE org_id = '7e000000-0000-4000-8000-00000000000a' ORDER BY name;
-- Deleting a project or agent deletes the budgets scoped to it: an agent id
-- freed by a delete and taken by B's new agent is named by no budget of A.
INSERT INTO agentgov.agents (id, org_id, name, kind) VALUES
    ('7e300000-0000-4000-8000-0000000000d1', '7e000000-0000-4000-8000-00000000000a', 'Tenancy short-lived', 'coder');
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, scope_id, amount_usd, period) VALUES
    ('7e500000-0000-4000-8000-000000000005', '7e000000-0000-4000-8000-00000000000a', 'Short-lived agent',
     'agent', '7e300000-0000-4000-8000-0000000000d1', 10, 'daily');
DELETE FROM agentgov.agents WHERE id = '7e300000-0000-4000-8000-0000000000d1';
INSERT INTO agentgov.agents (id, org_id, name, kind) VALUES
    ('7e300000-0000-4000-8000-0000000000d1', '7e000000-0000-4000-8000-00000000000b', 'Tenancy id reused by B', 'coder');
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('7e200000-0000-4000-8000-0000000000d2', '7e000000-0000-4000-8000-00000000000a', 'Tenancy short project');
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, scope_id, amount_usd, period) VALUES
    ('7e500000-0000-4000-8000-000000000006', '7e000000-0000-4000-8000-00000000000a', 'Short project',
     'project', '7e200000-0000-4000-8000-0000000000d2', 10, 'daily');
DELETE FROM agentgov.projects WHERE id = '7e200000-0000-4000-8000-0000000000d2';
-- Deleting the catalogue agent drops A's budget on it too.
DELETE FROM agentgov.agents WHERE id = '7e300000-0000-4000-8000-00000000000c';
SELECT b.name, b.scope_type, coalesce(p.org_id, a.org_id) AS scope_org
  FROM agentgov.budget_limits b
  LEFT JOIN agentgov.projects p ON b.scope_type = 'project' AND p.id = b.scope_id
  LEFT JOIN agentgov.agents a ON b.scope_type = 'agent' AND a.id = b.scope_id
 WHERE b.org_id = '7e000000-0000-4000-8000-00000000000a' ORDER BY b.name;
-- No budget of A or B names a row of another organization.
SELECT count(*) AS cross_tenant_budgets
  FROM agentgov.budget_limits b
 WHERE b.org_id IN ('7e000000-0000-4000-8000-00000000000a', '7e000000-0000-4000-8000-00000000000b')
   AND ((b.scope_type = 'project' AND NOT EXISTS (SELECT 1 FROM agentgov.projects p
                                                 WHERE p.org_id = b.org_id AND p.id = b.scope_id))
    OR (b.scope_type = 'agent' AND NOT EXISTS (SELECT 1 FROM agentgov.agents a
                                               WHERE a.id = b.scope_id AND (a.org_id IS NULL OR a.org_id = b.org_id))));
-- Through the application role, an ADMIN of A who knows B's ids.
SET ROLE regress_tenancy_app;
BEGIN;
SELECT agentgov.set_actor('7e100000-0000-4000-8000-000000000001');
SAVEPOINT s;
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, scope_id, amount_usd, period) VALUES
    ('7e000000-0000-4000-8000-00000000000a', 'Spy', 'project', '7e200000-0000-4000-8000-00000000000b', 10, 'daily');
ROLLBACK TO s;
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, scope_id, amount_usd, period) VALUES
    ('7e000000-0000-4000-8000-00000000000a', 'Spy', 'agent', '7e300000-0000-4000-8000-00000000000b', 10, 'daily');
ROLLBACK TO s;
UPDATE agentgov.agents SET org_id = '7e000000-0000-4000-8000-00000000000b' WHERE id = '7e300000-0000-4000-8000-00000000000a';
ROLLBACK;
RESET ROLE;

-- ---- Clean up -------------------------------------------------------------------------------
SET client_min_messages = warning;
DELETE FROM agentgov.organizations WHERE slug LIKE 'tenancy-%';
DELETE FROM agentgov.agents WHERE id = '7e300000-0000-4000-8000-00000000000c';
DELETE FROM agentgov.users WHERE username LIKE 'tenancy\_%';
DROP OWNED BY regress_tenancy_app;
DROP ROLE regress_tenancy_app;
RESET client_min_messages;
