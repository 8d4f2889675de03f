-- ---------------------------------------------------------------------------
-- The schema's own behaviour: plan limits by tier, updated_at stamped by the
-- C trigger, the agent scope check, ON DELETE actions, the retention
-- clean-up and its settings, the health check.
-- Ids start with 5c4e; slugs with schema-; emails end in @schema.example.
-- ---------------------------------------------------------------------------
-- Times as written: UTC, ISO.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
\set acme 5c4e0001-0000-4000-8000-00000000000a
\set globex 5c4e0001-0000-4000-8000-00000000000b
\set ann 5c4e0002-0000-4000-8000-000000000001
\set ben 5c4e0002-0000-4000-8000-000000000002
\set cid 5c4e0002-0000-4000-8000-000000000003
\set acme_project 5c4e0004-0000-4000-8000-00000000000a
\set globex_project 5c4e0004-0000-4000-8000-00000000000b
\set acme_agent 5c4e0005-0000-4000-8000-00000000000a
\set catalogue_agent 5c4e0005-0000-4000-8000-0000000000c0

-- ---- Plan limits by tier ----------------------------------------------------
-- Limits left out (or NULL) come from the tier; given ones are kept.
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier, max_projects, max_agents_per_project) VALUES
    ('5c4e0001-0000-4000-8000-000000000001', 'Schema Basic', 'schema-basic', 'BASIC', NULL, NULL),
    ('5c4e0001-0000-4000-8000-000000000002', 'Schema Pro', 'schema-pro', 'PRO', NULL, NULL),
    ('5c4e0001-0000-4000-8000-000000000003', 'Schema Enterprise', 'schema-enterprise', 'ENTERPRISE', NULL, NULL),
    ('5c4e0001-0000-4000-8000-000000000004', 'Schema Pro Custom', 'schema-pro-custom', 'PRO', 7, 2),
    ('5c4e0001-0000-4000-8000-000000000005', 'Schema Enterprise Capped', 'schema-enterprise-capped', 'ENTERPRISE', 50, NULL),
    ('5c4e0001-0000-4000-8000-000000000006', 'Schema Basic Zero', 'schema-basic-zero', 'BASIC', 0, 0);
INSERT INTO agentgov.organizations (id, name, slug) VALUES
    ('5c4e0001-0000-4000-8000-000000000007', 'Schema Default Tier', 'schema-default-tier');
SELECT slug, subscription_tier, max_projects, max_agents_per_project
  FROM agentgov.organizations WHERE slug LIKE 'schema-%' ORDER BY id;
-- An update does not reapply the defaults.
UPDATE agentgov.organizations SET subscription_tier = 'PRO' WHERE slug = 'schema-default-tier';
SELECT slug, subscription_tier, max_projects, max_agents_per_project
  FROM agentgov.organizations WHERE slug = 'schema-default-tier';

-- ---- Tenants for the rest of the file ---------------------------------------
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    (:'acme', 'Schema Acme', 'schema-acme', 'PRO'),
    (:'globex', 'Schema Globex', 'schema-globex', 'BASIC');
INSERT INTO agentgov.users (id, email, username, full_name, auth_provider, auth_provider_id) VALUES
    (:'ann', 'ann@schema.example', 'schema-ann', 'Ann Acme', 'github', 'gh-5c4e-1'),
    (:'ben', 'ben@schema.example', 'schema-ben', 'Ben Globex', 'google', 'go-5c4e-2'),
    (:'cid', 'cid@schema.example', 'schema-cid', 'Cid Contractor', 'supabase', 'sb-5c4e-3');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    (:'acme', :'ann', 'ADMIN'), (:'acme', :'cid', 'MEMBER'), (:'globex', :'ben', 'ADMIN');
INSERT INTO agentgov.projects (id, org_id, name, created_by) VALUES
    (:'acme_project', :'acme', 'Schema Acme Shop', :'ann'),
    (:'globex_project', :'globex', 'Schema Globex Intranet', :'ben');
INSERT INTO agentgov.agents (id, org_id, name, kind, model) VALUES
    (:'acme_agent', :'acme', 'schema-acme-coder', 'coder', 'claude-3-5-sonnet');
-- A catalogue agent: no organization, usable by every tenant.
INSERT INTO agentgov.agents (id, name, kind, description) VALUES
    (:'catalogue_agent', 'Schema Catalogue Reviewer', 'reviewer', 'Reviews any tenant''s code');

-- ---- updated_at: stamped with the transaction time on every UPDATE ----------
INSERT INTO agentgov.tasks (id, org_id, project_id, title, created_at, updated_at) VALUES
    ('5c4e0006-0000-4000-8000-000000000001', :'acme', :'acme_project', 'Stamp me',
     '2020-01-01 00:00+00', '2020-01-01 00:00+00');
SELECT updated_at AS kept_on_insert FROM agentgov.tasks WHERE id = '5c4e0006-0000-4000-8000-000000000001';
BEGIN;
UPDATE agentgov.tasks SET status = 'in_progress' WHERE id = '5c4e0006-0000-4000-8000-000000000001';
-- A value written by the client is replaced as well.
UPDATE agentgov.projects SET description = 'touched', updated_at = '1999-12-31 00:00+00' WHERE id = :'acme_project';
UPDATE agentgov.organizations SET name = 'Schema Acme Inc' WHERE id = :'acme';
UPDATE agentgov.users SET full_name = 'Ann A. Acme' WHERE id = :'ann';
UPDATE agentgov.agents SET model = 'claude-3-7-sonnet' WHERE id = :'acme_agent';
SELECT 'tasks' AS tbl, updated_at = now() AS stamped, created_at = '2020-01-01 00:00+00' AS created_kept
  FROM agentgov.tasks WHERE id = '5c4e0006-0000-4000-8000-000000000001'
UNION ALL SELECT 'projects', updated_at = now(), created_at < now() FROM agentgov.projects WHERE id = :'acme_project'
UNION ALL SELECT 'organizations', updated_at = now(), created_at < now() FROM agentgov.organizations WHERE id = :'acme'
UNION ALL SELECT 'users', updated_at = now(), created_at < now() FROM agentgov.users WHERE id = :'ann'
UNION ALL SELECT 'agents', updated_at = now(), created_at < now() FROM agentgov.agents WHERE id = :'acme_agent';
COMMIT;

-- The trigger function checks how it is used.
CREATE TEMP TABLE naive_stamp (id int, updated_at timestamp);
CREATE TRIGGER touch BEFORE UPDATE ON naive_stamp FOR EACH ROW EXECUTE FUNCTION agentgov.touch_updated_at();
INSERT INTO naive_stamp VALUES (1, '2020-01-01');
UPDATE naive_stamp SET id = 2;
CREATE TEMP TABLE no_stamp (id int);
CREATE TRIGGER touch BEFORE UPDATE ON no_stamp FOR EACH ROW EXECUTE FUNCTION agentgov.touch_updated_at();
INSERT INTO no_stamp VALUES (1);
UPDATE no_stamp SET id = 2;
CREATE TEMP TABLE late_stamp (id int, updated_at timestamptz);
CREATE TRIGGER touch AFTER UPDATE ON late_stamp FOR EACH ROW EXECUTE FUNCTION agentgov.touch_updated_at();
CREATE TRIGGER touch_insert BEFORE INSERT ON late_stamp FOR EACH ROW EXECUTE FUNCTION agentgov.touch_updated_at();
INSERT INTO late_stamp VALUES (1, now());
DROP TRIGGER touch_insert ON late_stamp;
INSERT INTO late_stamp VALUES (1, now());
UPDATE late_stamp SET id = 2;
CREATE TRIGGER touch_statement BEFORE UPDATE ON no_stamp FOR EACH STATEMENT EXECUTE FUNCTION agentgov.touch_updated_at();
DROP TRIGGER touch ON no_stamp;
UPDATE no_stamp SET id = 3;
DROP TABLE naive_stamp, no_stamp, late_stamp;

-- ---- Agent scope: a tenant row may name its own agents or catalogue agents --
INSERT INTO agentgov.tasks (org_id, project_id, title, assigned_agent_id) VALUES
    (:'globex', :'globex_project', 'Borrow Acme''s coder', :'acme_agent');
INSERT INTO agentgov.agent_runs (org_id, project_id, agent_id, status) VALUES
    (:'globex', :'globex_project', :'acme_agent', 'queued');
INSERT INTO agentgov.conversations (org_id, project_id, created_by_agent_id) VALUES
    (:'globex', :'globex_project', :'acme_agent');
INSERT INTO agentgov.notifications (org_id, user_id, type, title, message, agent_id) VALUES
    (:'globex', :'ben', 'agent_event', 'Coder finished', 'Done', :'acme_agent');
-- The catalogue agent and the org's own agent are accepted.
INSERT INTO agentgov.tasks (id, org_id, project_id, title, assigned_agent_id) VALUES
    ('5c4e0006-0000-4000-8000-000000000002', :'globex', :'globex_project', 'Review the intranet', :'catalogue_agent'),
    ('5c4e0006-0000-4000-8000-000000000003', :'acme', :'acme_project', 'Write the cart', :'acme_agent');
-- ... also on UPDATE.
UPDATE agentgov.tasks SET assigned_agent_id = :'acme_agent' WHERE id = '5c4e0006-0000-4000-8000-000000000002';
-- An agent that does not exist is the foreign key's business.
INSERT INTO agentgov.tasks (org_id, project_id, title, assigned_agent_id) VALUES
    (:'globex', :'globex_project', 'Ghost', '5c4e0005-0000-4000-8000-0000000000ff');
SELECT t.title, a.name AS agent, a.org_id IS NULL AS catalogue
  FROM agentgov.tasks t JOIN agentgov.agents a ON a.id = t.assigned_agent_id
 WHERE t.id IN ('5c4e0006-0000-4000-8000-000000000002', '5c4e0006-0000-4000-8000-000000000003')
 ORDER BY t.title;
-- The trigger checks its arguments.
CREATE TEMP TABLE scoped (org_id uuid, agent_id uuid);
CREATE TRIGGER scope AFTER INSERT ON scoped FOR EACH ROW EXECUTE FUNCTION agentgov.check_agent_scope();
INSERT INTO scoped VALUES (:'acme', :'acme_agent');
DROP TRIGGER scope ON scoped;
CREATE TRIGGER scope AFTER INSERT ON scoped FOR EACH ROW EXECUTE FUNCTION agentgov.check_agent_scope('no_such_column');
INSERT INTO scoped VALUES (:'acme', :'acme_agent');
DROP TRIGGER scope ON scoped;
CREATE TRIGGER scope BEFORE INSERT ON scoped FOR EACH ROW EXECUTE FUNCTION agentgov.check_agent_scope('agent_id');
INSERT INTO scoped VALUES (:'acme', :'acme_agent');
DROP TABLE scoped;

-- ---- ON DELETE --------------------------------------------------------------
-- SET NULL (column): clearing a composite reference keeps the row's org_id.
INSERT INTO agentgov.ideas (id, org_id, project_id, title, description) VALUES
    ('5c4e0007-0000-4000-8000-000000000001', :'acme', :'acme_project', 'Gift cards', 'Sell gift cards');
INSERT INTO agentgov.conversations (id, org_id, project_id, title, created_by_user_id) VALUES
    ('5c4e0008-0000-4000-8000-000000000001', :'acme', :'acme_project', 'Gift card chat', :'cid');
INSERT INTO agentgov.messages (id, org_id, conversation_id, author_type, user_id, content) VALUES
    ('5c4e0009-0000-4000-8000-000000000001', :'acme', '5c4e0008-0000-4000-8000-000000000001', 'user', :'cid', 'Which values?');
INSERT INTO agentgov.messages (id, org_id, conversation_id, author_type, agent_id, content, reply_to_id) VALUES
    ('5c4e0009-0000-4000-8000-000000000002', :'acme', '5c4e0008-0000-4000-8000-000000000001', 'agent', :'acme_agent',
     '10, 25 and 50', '5c4e0009-0000-4000-8000-000000000001');
INSERT INTO agentgov.specifications (id, org_id, project_id, conversation_id, category, content, source) VALUES
    ('5c4e000a-0000-4000-8000-000000000001', :'acme', :'acme_project', '5c4e0008-0000-4000-8000-000000000001',
     'requirements', 'Gift cards of 10, 25 and 50', 'extracted');
INSERT INTO agentgov.github_issues (id, org_id, project_id, github_id, number, title, conversation_id) VALUES
    ('5c4e000b-0000-4000-8000-000000000001', :'acme', :'acme_project', 5400001, 1, 'Gift cards', '5c4e0008-0000-4000-8000-000000000001');
INSERT INTO agentgov.tasks (id, org_id, project_id, idea_id, issue_id, title, assigned_agent_id) VALUES
    ('5c4e0006-0000-4000-8000-000000000004', :'acme', :'acme_project', '5c4e0007-0000-4000-8000-000000000001',
     '5c4e000b-0000-4000-8000-000000000001', 'Gift card checkout', :'acme_agent');
DELETE FROM agentgov.ideas WHERE id = '5c4e0007-0000-4000-8000-000000000001';
DELETE FROM agentgov.messages WHERE id = '5c4e0009-0000-4000-8000-000000000001';
DELETE FROM agentgov.github_issues WHERE id = '5c4e000b-0000-4000-8000-000000000001';
SELECT org_id = :'acme' AS org_kept, idea_id, issue_id FROM agentgov.tasks WHERE id = '5c4e0006-0000-4000-8000-000000000004';
SELECT org_id = :'acme' AS org_kept, reply_to_id FROM agentgov.messages WHERE id = '5c4e0009-0000-4000-8000-000000000002';
-- SET NULL from global rows: a deleted user or agent leaves the tenant rows.
DELETE FROM agentgov.agents WHERE id = :'acme_agent';
SELECT title, assigned_agent_id FROM agentgov.tasks WHERE id IN ('5c4e0006-0000-4000-8000-000000000003', '5c4e0006-0000-4000-8000-000000000004') ORDER BY title;
SELECT agent_id FROM agentgov.messages WHERE id = '5c4e0009-0000-4000-8000-000000000002';
-- CASCADE from the conversation takes its messages; the specification stays, unlinked.
DELETE FROM agentgov.conversations WHERE id = '5c4e0008-0000-4000-8000-000000000001';
SELECT count(*) AS messages_left FROM agentgov.messages WHERE conversation_id = '5c4e0008-0000-4000-8000-000000000001';
SELECT org_id = :'acme' AS org_kept, conversation_id FROM agentgov.specifications WHERE id = '5c4e000a-0000-4000-8000-000000000001';
INSERT INTO agentgov.projects (id, org_id, name, created_by, last_updated_by) VALUES
    ('5c4e0004-0000-4000-8000-0000000000cc', :'acme', 'Schema Contract Work', :'cid', :'cid');
DELETE FROM agentgov.users WHERE id = :'cid';
SELECT name, created_by, last_updated_by FROM agentgov.projects WHERE id = '5c4e0004-0000-4000-8000-0000000000cc';
SELECT count(*) AS memberships_left FROM agentgov.organization_members WHERE user_id = :'cid';

-- RESTRICT: a team's creator cannot be deleted (socrates teams.created_by);
-- NO ACTION: nor can an artifact's author.
INSERT INTO agentgov.teams (id, org_id, name, created_by) VALUES
    ('5c4e000c-0000-4000-8000-000000000001', :'globex', 'Schema Intranet Team', :'ben');
DELETE FROM agentgov.users WHERE id = :'ben';
DELETE FROM agentgov.teams WHERE id = '5c4e000c-0000-4000-8000-000000000001';
INSERT INTO agentgov.artifacts (org_id, project_id, type, version, created_by) VALUES
    (:'globex', :'globex_project', 'PROBLEM', 1, :'ben');
DELETE FROM agentgov.users WHERE id = :'ben';

-- CASCADE from a project and from an organization.
INSERT INTO agentgov.organizations (id, name, slug) VALUES
    ('5c4e0001-0000-4000-8000-0000000000dd', 'Schema Doomed', 'schema-doomed');
INSERT INTO agentgov.workspaces (id, org_id, name, created_by) VALUES
    ('5c4e0003-0000-4000-8000-0000000000dd', '5c4e0001-0000-4000-8000-0000000000dd', 'Doomed space', :'ann');
INSERT INTO agentgov.projects (id, org_id, workspace_id, name, created_by) VALUES
    ('5c4e0004-0000-4000-8000-0000000000d1', '5c4e0001-0000-4000-8000-0000000000dd', '5c4e0003-0000-4000-8000-0000000000dd', 'Doomed One', :'ann'),
    ('5c4e0004-0000-4000-8000-0000000000d2', '5c4e0001-0000-4000-8000-0000000000dd', NULL, 'Doomed Two', :'ann');
INSERT INTO agentgov.teams (id, org_id, name, created_by) VALUES
    ('5c4e000c-0000-4000-8000-0000000000dd', '5c4e0001-0000-4000-8000-0000000000dd', 'Doomed team', :'ann');
INSERT INTO agentgov.team_members (org_id, team_id, user_id, role) VALUES
    ('5c4e0001-0000-4000-8000-0000000000dd', '5c4e000c-0000-4000-8000-0000000000dd', :'ann', 'owner');
INSERT INTO agentgov.project_shares (org_id, project_id, team_id, shared_by, permission_level) VALUES
    ('5c4e0001-0000-4000-8000-0000000000dd', '5c4e0004-0000-4000-8000-0000000000d1', '5c4e000c-0000-4000-8000-0000000000dd', :'ann', 'read');
INSERT INTO agentgov.ideas (org_id, project_id, title, description) VALUES
    ('5c4e0001-0000-4000-8000-0000000000dd', '5c4e0004-0000-4000-8000-0000000000d1', 'Doomed idea', 'x'),
    ('5c4e0001-0000-4000-8000-0000000000dd', '5c4e0004-0000-4000-8000-0000000000d2', 'Other idea', 'y');
INSERT INTO agentgov.tasks (id, org_id, project_id, title) VALUES
    ('5c4e0006-0000-4000-8000-0000000000d1', '5c4e0001-0000-4000-8000-0000000000dd', '5c4e0004-0000-4000-8000-0000000000d1', 'Ticket');
INSERT INTO agentgov.tasks (org_id, project_id, parent_id, title) VALUES
    ('5c4e0001-0000-4000-8000-0000000000dd', '5c4e0004-0000-4000-8000-0000000000d1', '5c4e0006-0000-4000-8000-0000000000d1', 'Subtask');
INSERT INTO agentgov.artifacts (org_id, project_id, type, version, created_by) VALUES
    ('5c4e0001-0000-4000-8000-0000000000dd', '5c4e0004-0000-4000-8000-0000000000d1', 'PRD', 1, :'ann');
INSERT INTO agentgov.agent_runs (org_id, project_id, agent_id, status) VALUES
    ('5c4e0001-0000-4000-8000-0000000000dd', '5c4e0004-0000-4000-8000-0000000000d1', :'catalogue_agent', 'queued');
INSERT INTO agentgov.notifications (org_id, user_id, type, title, message, project_id) VALUES
    ('5c4e0001-0000-4000-8000-0000000000dd', :'ann', 'info', 'About Doomed One', 'x', '5c4e0004-0000-4000-8000-0000000000d1');
INSERT INTO agentgov.job_queue (org_id, job_type, payload) VALUES
    ('5c4e0001-0000-4000-8000-0000000000dd', 'refine_idea', '{}');
CREATE TEMP VIEW doomed_rows AS
SELECT tbl, n FROM (
    SELECT 'projects' AS tbl, count(*) AS n FROM agentgov.projects WHERE org_id = '5c4e0001-0000-4000-8000-0000000000dd'
    UNION ALL SELECT 'workspaces', count(*) FROM agentgov.workspaces WHERE org_id = '5c4e0001-0000-4000-8000-0000000000dd'
    UNION ALL SELECT 'teams', count(*) FROM agentgov.teams WHERE org_id = '5c4e0001-0000-4000-8000-0000000000dd'
    UNION ALL SELECT 'team_members', count(*) FROM agentgov.team_members WHERE org_id = '5c4e0001-0000-4000-8000-0000000000dd'
    UNION ALL SELECT 'project_shares', count(*) FROM agentgov.project_shares WHERE org_id = '5c4e0001-0000-4000-8000-0000000000dd'
    UNION ALL SELECT 'ideas', count(*) FROM agentgov.ideas WHERE org_id = '5c4e0001-0000-4000-8000-0000000000dd'
    UNION ALL SELECT 'tasks', count(*) FROM agentgov.tasks WHERE org_id = '5c4e0001-0000-4000-8000-0000000000dd'
    UNION ALL SELECT 'artifacts', count(*) FROM agentgov.artifacts WHERE org_id = '5c4e0001-0000-4000-8000-0000000000dd'
    UNION ALL SELECT 'agent_runs', count(*) FROM agentgov.agent_runs WHERE org_id = '5c4e0001-0000-4000-8000-0000000000dd'
    UNION ALL SELECT 'notifications', count(*) FROM agentgov.notifications WHERE org_id = '5c4e0001-0000-4000-8000-0000000000dd'
    UNION ALL SELECT 'job_queue', count(*) FROM agentgov.job_queue WHERE org_id = '5c4e0001-0000-4000-8000-0000000000dd') c;
SELECT * FROM doomed_rows;
-- Deleting a workspace takes its projects (platform cascade); the project
-- outside any workspace stays.  The notification about it stays, unlinked.
DELETE FROM agentgov.workspaces WHERE id = '5c4e0003-0000-4000-8000-0000000000dd';
SELECT * FROM doomed_rows;
SELECT title, project_id FROM agentgov.notifications WHERE org_id = '5c4e0001-0000-4000-8000-0000000000dd';
-- Deleting the organization takes everything of it.
DELETE FROM agentgov.organizations WHERE id = '5c4e0001-0000-4000-8000-0000000000dd';
SELECT * FROM doomed_rows;
DROP VIEW doomed_rows;

-- ---- Retention: cleanup_old_data() and its settings ------------------------
-- The periods of the assistant seed are the defaults.
SHOW agentgov.retention_governance_events;
SHOW agentgov.retention_user_sessions;
SHOW agentgov.retention_completed_runs;
SELECT agentgov.retention_interval('governance_events'), agentgov.retention_interval('user_sessions'),
       agentgov.retention_interval('completed_runs');
SELECT agentgov.retention_interval('audit_log');
-- A value that is not a positive interval is refused when it is set.
SET agentgov.retention_user_sessions = 'forever';
SET agentgov.retention_user_sessions = '0';
SET agentgov.retention_user_sessions = '-1 day';
SET agentgov.retention_completed_runs = '1 year -400 days';
SET agentgov.retention_governance_events = '';
SHOW agentgov.retention_user_sessions;
-- Any interval syntax PostgreSQL reads is accepted.
SET agentgov.retention_completed_runs = 'P1Y6M';
SELECT agentgov.retention_interval('completed_runs');
RESET agentgov.retention_completed_runs;

-- Rows on both sides of each period.  Only these are old enough to matter
-- here: the periods are set to 15, 16 and 17 years, so rows the defaults
-- (1, 2 and 7 years) would delete survive, showing the settings are used.
\set retain 5c4e0001-0000-4000-8000-0000000000ee
INSERT INTO agentgov.organizations (id, name, slug) VALUES (:'retain', 'Schema Retention', 'schema-retention');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES (:'retain', :'ann', 'ADMIN');
INSERT INTO agentgov.user_sessions (id, user_id, session_type, status, started_at, ended_at) VALUES
    ('5c4e000d-0000-4000-8000-000000000001', :'ann', 'web', 'ended', now() - interval '16 years 2 days', now() - interval '16 years 1 day'),
    ('5c4e000d-0000-4000-8000-000000000002', :'ann', 'web', 'ended', now() - interval '15 years 1 day', now() - interval '15 years'),
    ('5c4e000d-0000-4000-8000-000000000003', :'ann', 'web', 'active', now() - interval '20 years', NULL);
-- Runs follow their lifecycle, each approved before it runs.
INSERT INTO agentgov.agent_runs (id, org_id, agent_type, user_id, session_id, status, created_at) VALUES
    ('5c4e000e-0000-4000-8000-000000000001', :'retain', 'archiver', :'ann', NULL, 'queued', now() - interval '15 years 3 days'),
    ('5c4e000e-0000-4000-8000-000000000002', :'retain', 'archiver', :'ann', '5c4e000d-0000-4000-8000-000000000001', 'queued', now() - interval '16 years'),
    ('5c4e000e-0000-4000-8000-000000000003', :'retain', 'archiver', :'ann', NULL, 'queued', now() - interval '17 years 3 days'),
    ('5c4e000e-0000-4000-8000-000000000004', :'retain', 'archiver', :'ann', NULL, 'queued', now() - interval '1 hour');
UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE org_id = :'retain';
INSERT INTO agentgov.governance_events (id, org_id, run_id, event_type, framework, approved, created_at) VALUES
    ('5c4e000f-0000-4000-8000-000000000001', :'retain', '5c4e000e-0000-4000-8000-000000000001', 'pre_agent_spawn', 'sarah_three_questions', true, now() - interval '15 years 2 days'),
    ('5c4e000f-0000-4000-8000-000000000002', :'retain', '5c4e000e-0000-4000-8000-000000000002', 'pre_agent_spawn', 'sarah_three_questions', true, now() - interval '14 years 1 day'),
    ('5c4e000f-0000-4000-8000-000000000003', :'retain', '5c4e000e-0000-4000-8000-000000000003', 'pre_agent_spawn', 'alex_3am_test', true, now() - interval '17 years 2 days'),
    ('5c4e000f-0000-4000-8000-000000000004', :'retain', '5c4e000e-0000-4000-8000-000000000004', 'pre_agent_spawn', 'alex_3am_test', true, now() - interval '30 minutes');
UPDATE agentgov.agent_runs SET status = 'approved' WHERE org_id = :'retain';
UPDATE agentgov.agent_runs SET status = 'running'
 WHERE org_id = :'retain';
UPDATE agentgov.agent_runs SET started_at = created_at + interval '2 days'
 WHERE org_id = :'retain';
UPDATE agentgov.agent_runs SET status = 'completed'
 WHERE id = '5c4e000e-0000-4000-8000-000000000001';
UPDATE agentgov.agent_runs SET completed_at = now() - interval '15 years 1 day'
 WHERE id = '5c4e000e-0000-4000-8000-000000000001';
UPDATE agentgov.agent_runs SET status = 'completed'
 WHERE id = '5c4e000e-0000-4000-8000-000000000002';
UPDATE agentgov.agent_runs SET completed_at = now() - interval '14 years'
 WHERE id = '5c4e000e-0000-4000-8000-000000000002';
UPDATE agentgov.agent_runs SET status = 'failed', error = 'disk full'
 WHERE id = '5c4e000e-0000-4000-8000-000000000003';
UPDATE agentgov.agent_runs SET completed_at = now() - interval '17 years'
 WHERE id = '5c4e000e-0000-4000-8000-000000000003';
UPDATE agentgov.agent_runs SET status = 'completed'
 WHERE id = '5c4e000e-0000-4000-8000-000000000004';
UPDATE agentgov.agent_runs SET completed_at = now()
 WHERE id = '5c4e000e-0000-4000-8000-000000000004';

BEGIN;
SET LOCAL agentgov.retention_governance_events = '17 years';
SET LOCAL agentgov.retention_user_sessions = '16 years';
SET LOCAL agentgov.retention_completed_runs = '15 years';
SELECT * FROM agentgov.cleanup_old_data();
COMMIT;
-- Deleted: the session ended 16 years ago, the run completed 15 years ago
-- (its events with it), and the 17-year-old event of the failed run, whose
-- run stays.  The run that started from the deleted session lost the link.
SELECT id, ended_at IS NULL AS open FROM agentgov.user_sessions WHERE user_id = :'ann' ORDER BY id;
SELECT id, status, session_id FROM agentgov.agent_runs WHERE org_id = :'retain' ORDER BY id;
SELECT id, run_id FROM agentgov.governance_events WHERE org_id = :'retain' ORDER BY id;
-- The clean-up is logged.
SELECT action, table_name, new_values->'deleted' AS deleted, new_values->>'retention_policy' AS policy
  FROM agentgov.audit_log WHERE action = 'CLEANUP' ORDER BY id DESC LIMIT 1;
-- With nothing old enough left, another run deletes nothing.
BEGIN;
SET LOCAL agentgov.retention_governance_events = '17 years';
SET LOCAL agentgov.retention_user_sessions = '16 years';
SET LOCAL agentgov.retention_completed_runs = '15 years';
SELECT table_name, deleted FROM agentgov.cleanup_old_data();
COMMIT;

-- ---- Health check -----------------------------------------------------------
SELECT metric, threshold FROM agentgov.db_health_check();
-- Each status follows its threshold: cache_hit_ratio must reach it, the
-- others must stay at or under it.
SELECT metric, (status = 'OK') = CASE WHEN metric = 'cache_hit_ratio' THEN value >= threshold
                                     ELSE value <= threshold END AS status_follows_value
  FROM agentgov.db_health_check();
SELECT metric, status FROM agentgov.db_health_check()
 WHERE metric IN ('active_connections', 'db_size_mb');
-- Governance metrics count what needs attention.
CREATE TEMP TABLE health_before AS SELECT metric, value FROM agentgov.db_health_check();
INSERT INTO agentgov.conflicts (org_id, project_id, type, description, spec_ids, severity) VALUES
    (:'acme', :'acme_project', 'requirement', 'Gift cards never expire vs. expire after a year',
     ARRAY['5c4e000a-0000-4000-8000-000000000001']::uuid[], 'critical'),
    (:'acme', :'acme_project', 'timeline', 'Launch date', ARRAY['5c4e000a-0000-4000-8000-000000000001']::uuid[], 'low');
INSERT INTO agentgov.agent_runs (org_id, project_id, agent_type, status, created_at) VALUES
    (:'acme', :'acme_project', 'deployer', 'pending_approval', now() - interval '2 hours'),
    (:'acme', :'acme_project', 'deployer', 'pending_approval', now() - interval '10 minutes');
SELECT h.metric, h.value - b.value AS added, h.status
  FROM agentgov.db_health_check() h JOIN health_before b USING (metric)
 WHERE h.metric IN ('runs_awaiting_approval_over_1h', 'open_critical_conflicts')
 ORDER BY h.metric;
DROP TABLE health_before;
