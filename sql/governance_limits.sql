-- Plan limits: max_projects (archived projects do not count) and
-- max_agents_per_project, on insert, unarchive, move and when lowered.
-- The race for the last slot is in test/isolation/specs/governance_plan_limit.spec.

SET client_min_messages = warning;

INSERT INTO agentgov.organizations (id, name, slug, subscription_tier, max_projects, max_agents_per_project) VALUES
    ('a8000000-0000-4000-8000-000000000001', 'Limited Co', 'limits-two', 'PRO', 2, 2),
    ('a8000000-0000-4000-8000-000000000002', 'Basic Co', 'limits-basic', 'BASIC', NULL, 1),
    ('a8000000-0000-4000-8000-000000000003', 'Unlimited Co', 'limits-none', 'ENTERPRISE', NULL, 20);
SELECT slug, max_projects, max_agents_per_project FROM agentgov.organizations
 WHERE slug LIKE 'limits-%' ORDER BY slug;

-- ---- max_projects ---------------------------------------------------------------
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('d8000000-0000-4000-8000-000000000001', 'a8000000-0000-4000-8000-000000000001', 'First'),
    ('d8000000-0000-4000-8000-000000000002', 'a8000000-0000-4000-8000-000000000001', 'Second');
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('d8000000-0000-4000-8000-000000000003', 'a8000000-0000-4000-8000-000000000001', 'Third');
-- Archived projects do not count: archive one, and there is room again;
-- inserting an archived project takes no slot.
UPDATE agentgov.projects SET archived_at = now() WHERE id = 'd8000000-0000-4000-8000-000000000001';
INSERT INTO agentgov.projects (id, org_id, name, archived_at) VALUES
    ('d8000000-0000-4000-8000-000000000004', 'a8000000-0000-4000-8000-000000000001', 'Old one', now());
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('d8000000-0000-4000-8000-000000000003', 'a8000000-0000-4000-8000-000000000001', 'Third');
-- Bringing an archived project back is a way around the limit: refused.
UPDATE agentgov.projects SET archived_at = NULL WHERE id = 'd8000000-0000-4000-8000-000000000001';
-- Other updates of counted projects, and of archived ones, are not checked.
UPDATE agentgov.projects SET name = 'Second, renamed' WHERE id = 'd8000000-0000-4000-8000-000000000002';
UPDATE agentgov.projects SET archived_at = now() - interval '1 day' WHERE id = 'd8000000-0000-4000-8000-000000000001';
-- One statement cannot take more slots than there are: its own earlier rows count.
UPDATE agentgov.projects SET archived_at = now() WHERE id = 'd8000000-0000-4000-8000-000000000003';
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('d8000000-0000-4000-8000-000000000005', 'a8000000-0000-4000-8000-000000000001', 'Fifth'),
    ('d8000000-0000-4000-8000-000000000006', 'a8000000-0000-4000-8000-000000000001', 'Sixth');
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('d8000000-0000-4000-8000-000000000005', 'a8000000-0000-4000-8000-000000000001', 'Fifth');
SELECT name, archived_at IS NOT NULL AS archived FROM agentgov.projects
 WHERE org_id = 'a8000000-0000-4000-8000-000000000001' ORDER BY name;

-- BASIC defaults to 3 projects.
INSERT INTO agentgov.projects (id, org_id, name)
SELECT ('d8000000-0000-4000-8000-0000000001' || lpad(n::text, 2, '0'))::uuid,
       'a8000000-0000-4000-8000-000000000002', 'Basic ' || n FROM generate_series(1, 3) n;
INSERT INTO agentgov.projects (org_id, name) VALUES ('a8000000-0000-4000-8000-000000000002', 'Basic 4');
-- NULL is unlimited.
INSERT INTO agentgov.projects (org_id, name)
SELECT 'a8000000-0000-4000-8000-000000000003', 'Enterprise ' || n FROM generate_series(1, 25) n;
SELECT count(*) FROM agentgov.projects WHERE org_id = 'a8000000-0000-4000-8000-000000000003';
-- An unlimited organization cannot be limited below what it has.
UPDATE agentgov.organizations SET max_projects = 0 WHERE id = 'a8000000-0000-4000-8000-000000000003';

-- ---- Lowering and raising max_projects ------------------------------------------------
-- Limited Co has 2 active projects: it cannot go below 2 (archive first).
UPDATE agentgov.organizations SET max_projects = 1 WHERE id = 'a8000000-0000-4000-8000-000000000001';
UPDATE agentgov.organizations SET max_projects = 2, name = 'Limited Co.' WHERE id = 'a8000000-0000-4000-8000-000000000001';
UPDATE agentgov.organizations SET max_projects = NULL WHERE id = 'a8000000-0000-4000-8000-000000000001';
-- Coming back from unlimited counts as lowering.
UPDATE agentgov.organizations SET max_projects = 1 WHERE id = 'a8000000-0000-4000-8000-000000000001';
UPDATE agentgov.projects SET archived_at = now() WHERE id = 'd8000000-0000-4000-8000-000000000005';
UPDATE agentgov.organizations SET max_projects = 1 WHERE id = 'a8000000-0000-4000-8000-000000000001';
SELECT name, max_projects FROM agentgov.organizations WHERE id = 'a8000000-0000-4000-8000-000000000001';

-- ---- Moving a project between organizations ---------------------------------------------
-- Rows never move between organizations (issue 20; tenancy.sql): the move is
-- refused before the limit of the organization it would move to is counted.
SET session_replication_role = replica;   -- (the composite foreign keys of children would refuse the move)
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('d8000000-0000-4000-8000-000000000009', 'a8000000-0000-4000-8000-000000000003', 'Mover');
RESET session_replication_role;
UPDATE agentgov.projects SET org_id = 'a8000000-0000-4000-8000-000000000002'
 WHERE id = 'd8000000-0000-4000-8000-000000000009';

-- ---- max_agents_per_project -----------------------------------------------------------------
INSERT INTO agentgov.agents (id, org_id, project_id, name, kind) VALUES
    ('f8000000-0000-4000-8000-000000000001', 'a8000000-0000-4000-8000-000000000001',
     'd8000000-0000-4000-8000-000000000002', 'coder', 'coder'),
    ('f8000000-0000-4000-8000-000000000002', 'a8000000-0000-4000-8000-000000000001',
     'd8000000-0000-4000-8000-000000000002', 'reviewer', 'reviewer');
INSERT INTO agentgov.agents (id, org_id, project_id, name, kind) VALUES
    ('f8000000-0000-4000-8000-000000000003', 'a8000000-0000-4000-8000-000000000001',
     'd8000000-0000-4000-8000-000000000002', 'tester', 'tester');
-- Organization-wide and catalogue agents belong to no project and do not count.
INSERT INTO agentgov.agents (id, org_id, project_id, name, kind) VALUES
    ('f8000000-0000-4000-8000-000000000003', 'a8000000-0000-4000-8000-000000000001', NULL, 'tester', 'tester');
-- ... until one joins a full project; a project with room takes it.
UPDATE agentgov.agents SET project_id = 'd8000000-0000-4000-8000-000000000002'
 WHERE id = 'f8000000-0000-4000-8000-000000000003';
UPDATE agentgov.agents SET project_id = 'd8000000-0000-4000-8000-000000000005'
 WHERE id = 'f8000000-0000-4000-8000-000000000003';
-- Renaming an agent in a full project is no new member.
UPDATE agentgov.agents SET name = 'coder-2' WHERE id = 'f8000000-0000-4000-8000-000000000001';
-- BASIC allows 1 agent per project.
INSERT INTO agentgov.agents (org_id, project_id, name, kind)
SELECT p.org_id, p.id, 'only', 'coder' FROM agentgov.projects p WHERE p.org_id = 'a8000000-0000-4000-8000-000000000002'
   AND p.name = 'Basic 1';
INSERT INTO agentgov.agents (org_id, project_id, name, kind)
SELECT p.org_id, p.id, 'second', 'coder' FROM agentgov.projects p WHERE p.org_id = 'a8000000-0000-4000-8000-000000000002'
   AND p.name = 'Basic 1';
-- Lowering max_agents_per_project below the busiest project is refused.
UPDATE agentgov.organizations SET max_agents_per_project = 1 WHERE id = 'a8000000-0000-4000-8000-000000000001';
DELETE FROM agentgov.agents WHERE id = 'f8000000-0000-4000-8000-000000000002';
UPDATE agentgov.organizations SET max_agents_per_project = 1 WHERE id = 'a8000000-0000-4000-8000-000000000001';
SELECT p.name, count(a.id) AS agents
  FROM agentgov.projects p LEFT JOIN agentgov.agents a ON a.project_id = p.id
 WHERE p.org_id = 'a8000000-0000-4000-8000-000000000001'
 GROUP BY p.name ORDER BY p.name;

-- ---- NULLs in NOT NULL columns are left to the constraints ----------------------------
\set VERBOSITY terse
UPDATE agentgov.projects SET archived_at = NULL, id = NULL WHERE id = 'd8000000-0000-4000-8000-000000000001';
UPDATE agentgov.organizations SET max_projects = 0, id = NULL WHERE id = 'a8000000-0000-4000-8000-000000000001';
INSERT INTO agentgov.agents (id, org_id, project_id, name, kind) VALUES
    (NULL, 'a8000000-0000-4000-8000-000000000001', 'd8000000-0000-4000-8000-000000000001', 'nobody', 'coder');
\set VERBOSITY default

-- ---- Row-level security does not hide rows from the count ------------------------------------
-- A role that sees no project of the organization still cannot exceed its limit.
CREATE ROLE agentgov_limits_writer;
GRANT USAGE ON SCHEMA agentgov TO agentgov_limits_writer;
GRANT SELECT, INSERT ON agentgov.projects TO agentgov_limits_writer;
GRANT SELECT ON agentgov.organizations TO agentgov_limits_writer;
-- (projects has row-level security, enabled by the extension; this role gets
-- an insert-only policy and no actor, so it reads nothing.)
CREATE POLICY limits_insert_only ON agentgov.projects FOR INSERT TO agentgov_limits_writer WITH CHECK (true);
SET ROLE agentgov_limits_writer;
SELECT count(*) AS visible FROM agentgov.projects;
INSERT INTO agentgov.projects (org_id, name) VALUES ('a8000000-0000-4000-8000-000000000001', 'Hidden count');
RESET ROLE;
DROP POLICY limits_insert_only ON agentgov.projects;
REVOKE ALL ON agentgov.projects, agentgov.organizations FROM agentgov_limits_writer;
REVOKE USAGE ON SCHEMA agentgov FROM agentgov_limits_writer;
DROP ROLE agentgov_limits_writer;
