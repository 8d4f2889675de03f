-- pg_restore's data load (src/restore.c): a superuser's COPY FROM STDIN with
-- row_security off and an empty search_path, as pg_restore runs it, takes
-- rows as they are; nothing else does, and nobody else can.
SET client_min_messages = warning;

INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('f7000000-0000-4000-8000-000000000001', 'Restore One', 'restore-one', 'PRO');
INSERT INTO agentgov.users (id, email, username, password_hash) VALUES
    ('f7100000-0000-4000-8000-000000000001', 'ada@restore.test', 'r_ada', 'x');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('f7000000-0000-4000-8000-000000000001', 'f7100000-0000-4000-8000-000000000001', 'ADMIN');
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('f7200000-0000-4000-8000-000000000001', 'f7000000-0000-4000-8000-000000000001', 'Restored');
CREATE ROLE regress_restore_bypass BYPASSRLS;
GRANT USAGE ON SCHEMA agentgov TO regress_restore_bypass;
GRANT SELECT, INSERT ON agentgov.artifacts TO regress_restore_bypass;

CREATE TEMP VIEW state AS
SELECT (SELECT string_agg(right(id::text, 2) || ' v' || version || ' ' || status, ', ' ORDER BY id)
          FROM agentgov.artifacts WHERE org_id = 'f7000000-0000-4000-8000-000000000001') AS artifacts,
       (SELECT count(*) FROM agentgov.artifact_version_counters
         WHERE org_id = 'f7000000-0000-4000-8000-000000000001') AS counters,
       (SELECT count(*) FROM agentgov.audit_log
         WHERE org_id = 'f7000000-0000-4000-8000-000000000001' AND table_name = 'artifacts') AS audit_rows;

-- A superuser's everyday COPY goes through the rules: an approved artifact
-- cannot be inserted ...
COPY agentgov.artifacts (id, org_id, project_id, type, version, content, status, created_by) FROM stdin;
f7300000-0000-4000-8000-000000000001	f7000000-0000-4000-8000-000000000001	f7200000-0000-4000-8000-000000000001	PROBLEM	7	{}	APPROVED	f7100000-0000-4000-8000-000000000001
\.
-- ... nor with row_security off alone ...
SET row_security = off;
COPY agentgov.artifacts (id, org_id, project_id, type, version, content, status, created_by) FROM stdin;
f7300000-0000-4000-8000-000000000001	f7000000-0000-4000-8000-000000000001	f7200000-0000-4000-8000-000000000001	PROBLEM	7	{}	APPROVED	f7100000-0000-4000-8000-000000000001
\.
-- ... nor with an empty search_path and row_security on.
RESET row_security;
SELECT pg_catalog.set_config('search_path', '', false);
COPY agentgov.artifacts (id, org_id, project_id, type, version, content, status, created_by) FROM stdin;
f7300000-0000-4000-8000-000000000001	f7000000-0000-4000-8000-000000000001	f7200000-0000-4000-8000-000000000001	PROBLEM	7	{}	APPROVED	f7100000-0000-4000-8000-000000000001
\.
SELECT * FROM pg_temp.state;

-- As pg_restore runs it, the row is taken as it is: its version and status
-- kept, no counter made, no audit row written.
SET row_security = off;
COPY agentgov.artifacts (id, org_id, project_id, type, version, content, status, created_by) FROM stdin;
f7300000-0000-4000-8000-000000000001	f7000000-0000-4000-8000-000000000001	f7200000-0000-4000-8000-000000000001	PROBLEM	7	{}	APPROVED	f7100000-0000-4000-8000-000000000001
\.
SELECT * FROM pg_temp.state;

-- The mode ends with the COPY: the next statements of the same session go
-- through the rules (refused; numbered, counted and audited).
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, version, content, status, created_by) VALUES
    ('f7300000-0000-4000-8000-000000000002', 'f7000000-0000-4000-8000-000000000001',
     'f7200000-0000-4000-8000-000000000001', 'PROBLEM', 8, '{}', 'APPROVED',
     'f7100000-0000-4000-8000-000000000001');
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, content, created_by) VALUES
    ('f7300000-0000-4000-8000-000000000002', 'f7000000-0000-4000-8000-000000000001',
     'f7200000-0000-4000-8000-000000000001', 'PRD', '{}', 'f7100000-0000-4000-8000-000000000001');
SELECT * FROM pg_temp.state;

-- A role that is not a superuser cannot enter it, even one that bypasses
-- row-level security and sets everything pg_restore sets: the load is
-- refused at its first row.
SET ROLE regress_restore_bypass;
COPY agentgov.artifacts (id, org_id, project_id, type, version, content, status, created_by) FROM stdin;
f7300000-0000-4000-8000-000000000003	f7000000-0000-4000-8000-000000000001	f7200000-0000-4000-8000-000000000001	PROBLEM	9	{}	DEPLOYED	f7100000-0000-4000-8000-000000000001
\.
RESET ROLE;
SELECT * FROM pg_temp.state;

-- Default gate policies: a dumped default replaces the one CREATE EXTENSION
-- seeded for its phase (and only in a restore).
BEGIN;
COPY agentgov.gate_policies (id, org_id, phase, threshold, conditional_margin) FROM stdin;
f7400000-0000-4000-8000-000000000001	\N	VRC	81	10
\.
SELECT phase, threshold, id = 'f7400000-0000-4000-8000-000000000001' AS dumped
  FROM agentgov.gate_policies WHERE org_id IS NULL ORDER BY phase;
ROLLBACK;
RESET row_security;
BEGIN;
COPY agentgov.gate_policies (id, org_id, phase, threshold, conditional_margin) FROM stdin;
f7400000-0000-4000-8000-000000000001	\N	VRC	81	10
\.
ROLLBACK;
RESET search_path;
SELECT phase, threshold FROM agentgov.gate_policies WHERE org_id IS NULL ORDER BY phase;

-- Clean up the role (the rows stay, like every test's).
REVOKE ALL ON agentgov.artifacts FROM regress_restore_bypass;
REVOKE ALL ON SCHEMA agentgov FROM regress_restore_bypass;
DROP ROLE regress_restore_bypass;
