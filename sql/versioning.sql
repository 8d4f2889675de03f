-- Artifact versioning and approval lifecycle (src/versioning.c).
--
-- Errors are shown through pg_temp.try(), which runs a statement in a
-- subtransaction and prints its SQLSTATE, message, detail and hint; the
-- subtransaction rolls back, so a refused write takes no version number.
-- Details naming generated ids or times are left out (with_detail false).
SET client_min_messages = warning;

CREATE FUNCTION pg_temp.try(stmt text, with_detail boolean DEFAULT true) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    msg text; detail text; hint text;
BEGIN
    EXECUTE stmt;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
                            hint = PG_EXCEPTION_HINT;
    RETURN SQLSTATE || ': ' || msg
        || CASE WHEN detail <> '' AND with_detail THEN E'\nDETAIL: ' || detail ELSE '' END
        || CASE WHEN hint <> '' THEN E'\nHINT: ' || hint ELSE '' END;
END
$$;

-- Two organizations; ada (ADMIN), ben and eve (MEMBER), cyd (VIEWER) in
-- the first, dan (ADMIN) in the second.
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('f4000000-0000-4000-8000-000000000001', 'Versioning One', 'versioning-one', 'PRO'),
    ('f4000000-0000-4000-8000-000000000002', 'Versioning Two', 'versioning-two', 'PRO');
INSERT INTO agentgov.users (id, email, username, password_hash) VALUES
    ('f4100000-0000-4000-8000-000000000001', 'ada@versioning.test', 'v_ada', 'x'),
    ('f4100000-0000-4000-8000-000000000002', 'ben@versioning.test', 'v_ben', 'x'),
    ('f4100000-0000-4000-8000-000000000003', 'cyd@versioning.test', 'v_cyd', 'x'),
    ('f4100000-0000-4000-8000-000000000004', 'dan@versioning.test', 'v_dan', 'x'),
    ('f4100000-0000-4000-8000-000000000005', 'eve@versioning.test', 'v_eve', 'x');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('f4000000-0000-4000-8000-000000000001', 'f4100000-0000-4000-8000-000000000001', 'ADMIN'),
    ('f4000000-0000-4000-8000-000000000001', 'f4100000-0000-4000-8000-000000000002', 'MEMBER'),
    ('f4000000-0000-4000-8000-000000000001', 'f4100000-0000-4000-8000-000000000003', 'VIEWER'),
    ('f4000000-0000-4000-8000-000000000001', 'f4100000-0000-4000-8000-000000000005', 'MEMBER'),
    ('f4000000-0000-4000-8000-000000000002', 'f4100000-0000-4000-8000-000000000004', 'ADMIN');
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('f4200000-0000-4000-8000-000000000001', 'f4000000-0000-4000-8000-000000000001', 'Versioned one'),
    ('f4200000-0000-4000-8000-000000000002', 'f4000000-0000-4000-8000-000000000001', 'Versioned two'),
    ('f4200000-0000-4000-8000-000000000003', 'f4000000-0000-4000-8000-000000000002', 'Versioned three');

-- Short names for the tests below (rows inserted without an id show as "new").
CREATE TEMP VIEW v AS
SELECT CASE WHEN a.id::text LIKE 'f4300000-%' THEN right(a.id::text, 2) ELSE 'new' END AS a,
       right(a.project_id::text, 1) AS p, a.type, a.version,
       a.status, right(a.created_by::text, 1) AS by, right(a.approved_by::text, 1) AS appr,
       a.approved_at IS NOT NULL AS approved_at, a.deployed_at IS NOT NULL AS deployed_at
  FROM agentgov.artifacts a
 WHERE a.org_id IN ('f4000000-0000-4000-8000-000000000001', 'f4000000-0000-4000-8000-000000000002');

-- ---- Numbering -------------------------------------------------------------
-- version is max + 1 per (project, type), starting at 1; a NULL version or
-- none at all means "assign one".
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, content, created_by) VALUES
    ('f4300000-0000-4000-8000-000000000001', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000001', 'PRD', '{"title": "v1"}', 'f4100000-0000-4000-8000-000000000001');
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, version, content, created_by) VALUES
    ('f4300000-0000-4000-8000-000000000002', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000001', 'PRD', NULL, '{"title": "v2"}', 'f4100000-0000-4000-8000-000000000001');
-- Several rows in one statement, of several series.
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, content, created_by) VALUES
    ('f4300000-0000-4000-8000-000000000003', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000001', 'PRD', '{"title": "v3"}', 'f4100000-0000-4000-8000-000000000001'),
    ('f4300000-0000-4000-8000-000000000004', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000001', 'ARCHITECTURE', '{"layers": 3}', 'f4100000-0000-4000-8000-000000000001'),
    ('f4300000-0000-4000-8000-000000000005', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000002', 'PRD', '{"title": "other project"}', 'f4100000-0000-4000-8000-000000000002'),
    ('f4300000-0000-4000-8000-000000000006', 'f4000000-0000-4000-8000-000000000002',
     'f4200000-0000-4000-8000-000000000003', 'PRD', '{"title": "other org"}', 'f4100000-0000-4000-8000-000000000004');
-- A version given by the caller is accepted when it is the one assigned ...
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, version, content, created_by) VALUES
    ('f4300000-0000-4000-8000-000000000007', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000001', 'PRD', 4, '{"title": "v4"}', 'f4100000-0000-4000-8000-000000000001');
-- ... and refused otherwise, before or after the next number.
SELECT pg_temp.try($$INSERT INTO agentgov.artifacts (org_id, project_id, type, version, created_by)
    VALUES ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000001', 'PRD', 7,
            'f4100000-0000-4000-8000-000000000001')$$);
SELECT pg_temp.try($$INSERT INTO agentgov.artifacts (org_id, project_id, type, version, created_by)
    VALUES ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000001', 'PRD', 1,
            'f4100000-0000-4000-8000-000000000001')$$);
-- A refused insert took no number: the next PRD is 5.
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, content, created_by) VALUES
    ('f4300000-0000-4000-8000-000000000008', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000001', 'PRD', '{"title": "v5"}', 'f4100000-0000-4000-8000-000000000001');
-- Nor does a rolled back one.
BEGIN;
INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by) VALUES
    ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000001', 'PRD',
     'f4100000-0000-4000-8000-000000000001') RETURNING version;
ROLLBACK;
SELECT a, p, type, version, status FROM v ORDER BY p, type, version;
SELECT right(project_id::text, 1) AS p, type, last_version
  FROM agentgov.artifact_version_counters
 WHERE org_id IN ('f4000000-0000-4000-8000-000000000001', 'f4000000-0000-4000-8000-000000000002')
 ORDER BY p, type;

-- An unknown project is reported by the artifact's own foreign key.
SELECT pg_temp.try($$INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by)
    VALUES ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-0000000000ff', 'PRD',
            'f4100000-0000-4000-8000-000000000001')$$);
-- So is another organization's project.
SELECT pg_temp.try($$INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by)
    VALUES ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000003', 'PRD',
            'f4100000-0000-4000-8000-000000000001')$$);
-- A missing key column is reported by its NOT NULL constraint.
SELECT pg_temp.try($$INSERT INTO agentgov.artifacts (org_id, project_id, created_by)
    VALUES ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000001',
            'f4100000-0000-4000-8000-000000000001')$$, false);

-- ---- content_sha256 ----------------------------------------------------------
-- The SHA-256 of the UTF-8 text of the jsonb content; NULL without content.
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, content, created_by) VALUES
    ('f4300000-0000-4000-8000-000000000009', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000002', 'GTM', '{"région": "Île-de-France", "b": [1, 2.50]}',
     'f4100000-0000-4000-8000-000000000001'),
    ('f4300000-0000-4000-8000-000000000010', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000002', 'GTM', NULL, 'f4100000-0000-4000-8000-000000000001');
SELECT right(id::text, 2) AS a, content::text, encode(content_sha256, 'hex') AS content_sha256,
       content_sha256 = sha256(convert_to(content::text, 'UTF8')) AS matches
  FROM agentgov.artifacts
 WHERE id IN ('f4300000-0000-4000-8000-000000000009', 'f4300000-0000-4000-8000-000000000010')
 ORDER BY id;
-- A digest given by the caller must be the right one.
INSERT INTO agentgov.artifacts (org_id, project_id, type, content, content_sha256, created_by) VALUES
    ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000002', 'GTM',
     '{"x": 1}', sha256(convert_to('{"x": 1}', 'UTF8')), 'f4100000-0000-4000-8000-000000000001')
RETURNING version, encode(content_sha256, 'hex') AS content_sha256;
SELECT pg_temp.try($$INSERT INTO agentgov.artifacts (org_id, project_id, type, content, content_sha256, created_by)
    VALUES ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000002', 'GTM',
            '{"x": 1}', sha256('{"x":1}'), 'f4100000-0000-4000-8000-000000000001')$$);
SELECT pg_temp.try($$INSERT INTO agentgov.artifacts (org_id, project_id, type, content_sha256, created_by)
    VALUES ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000002', 'GTM',
            sha256('x'), 'f4100000-0000-4000-8000-000000000001')$$);
-- The backend reuses one SHA-256 context: each row gets the digest of its
-- own content, in one statement, in a later transaction, after a refused
-- insert and after a rolled back one.
INSERT INTO agentgov.artifacts (org_id, project_id, type, content, created_by)
SELECT 'f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000002', 'POSITIONING',
       jsonb_build_object('n', n, 'text', repeat('é', n * 13)), 'f4100000-0000-4000-8000-000000000001'
  FROM generate_series(1, 30) n;
SELECT pg_temp.try($$INSERT INTO agentgov.artifacts (org_id, project_id, type, content, content_sha256, created_by)
    VALUES ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000002', 'POSITIONING',
            '{"n": 0}', sha256('x'), 'f4100000-0000-4000-8000-000000000001')$$);
BEGIN;
INSERT INTO agentgov.artifacts (org_id, project_id, type, content, created_by) VALUES
    ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000002', 'POSITIONING',
     '{"n": -1}', 'f4100000-0000-4000-8000-000000000001');
ROLLBACK;
INSERT INTO agentgov.artifacts (org_id, project_id, type, content, created_by) VALUES
    ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000002', 'POSITIONING',
     '{"n": 31}', 'f4100000-0000-4000-8000-000000000001');
SELECT count(*) AS artifacts, max(version),
       count(*) FILTER (WHERE content_sha256 = sha256(convert_to(content::text, 'UTF8'))) AS right_digests,
       count(DISTINCT content_sha256) AS distinct_digests
  FROM agentgov.artifacts
 WHERE project_id = 'f4200000-0000-4000-8000-000000000002' AND type = 'POSITIONING';

-- ---- New artifacts start as DRAFT ------------------------------------------
SELECT pg_temp.try($$INSERT INTO agentgov.artifacts (org_id, project_id, type, status, created_by)
    VALUES ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000001', 'PRD',
            'APPROVED', 'f4100000-0000-4000-8000-000000000001')$$);
SELECT pg_temp.try($$INSERT INTO agentgov.artifacts (org_id, project_id, type, approved_by, created_by)
    VALUES ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000001', 'PRD',
            'f4100000-0000-4000-8000-000000000002', 'f4100000-0000-4000-8000-000000000001')$$);
SELECT pg_temp.try($$INSERT INTO agentgov.artifacts (org_id, project_id, type, approved_at, created_by)
    VALUES ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000001', 'PRD',
            now(), 'f4100000-0000-4000-8000-000000000001')$$);
SELECT pg_temp.try($$INSERT INTO agentgov.artifacts (org_id, project_id, type, deployed_at, created_by)
    VALUES ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000001', 'PRD',
            now(), 'f4100000-0000-4000-8000-000000000001')$$);
-- DRAFT is recognised by its pg_enum row once seen; a renamed label is seen
-- at once (the row that was DRAFT is no longer called so).
BEGIN;
ALTER TYPE agentgov.artifact_status RENAME VALUE 'DRAFT' TO 'DRAFT_RENAMED';
SELECT pg_temp.try($$INSERT INTO agentgov.artifacts (org_id, project_id, type, status, created_by)
    VALUES ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000001', 'PRD',
            'DRAFT_RENAMED', 'f4100000-0000-4000-8000-000000000001')$$);
ROLLBACK;

-- ---- Lifecycle by UPDATE -----------------------------------------------------
-- Artifact 01 (PRD v1 of project 1, created by ada).
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET status = 'APPROVED', approved_by = 'f4100000-0000-4000-8000-000000000002'
    WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET status = 'DEPLOYED' WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
UPDATE agentgov.artifacts SET status = 'REVIEW' WHERE id = 'f4300000-0000-4000-8000-000000000001';
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET status = 'DEPLOYED' WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
UPDATE agentgov.artifacts SET status = 'DRAFT' WHERE id = 'f4300000-0000-4000-8000-000000000001';
UPDATE agentgov.artifacts SET status = 'REVIEW' WHERE id = 'f4300000-0000-4000-8000-000000000001';
-- Approval needs approved_by ...
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET status = 'APPROVED' WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
-- ... who is not the creator ...
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET status = 'APPROVED', approved_by = 'f4100000-0000-4000-8000-000000000001'
    WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
-- ... not a VIEWER ...
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET status = 'APPROVED', approved_by = 'f4100000-0000-4000-8000-000000000003'
    WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
-- ... and a member of the artifact's organization.
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET status = 'APPROVED', approved_by = 'f4100000-0000-4000-8000-000000000004'
    WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
-- approved_by is set only by the approval itself.
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET approved_by = 'f4100000-0000-4000-8000-000000000002'
    WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
-- A MEMBER approves; approved_at is stamped with the transaction time.
BEGIN;
UPDATE agentgov.artifacts SET status = 'APPROVED', approved_by = 'f4100000-0000-4000-8000-000000000002'
 WHERE id = 'f4300000-0000-4000-8000-000000000001';
SELECT status, right(approved_by::text, 1) AS appr, approved_at = now() AS stamped_now
  FROM agentgov.artifacts WHERE id = 'f4300000-0000-4000-8000-000000000001';
COMMIT;
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET status = 'REVIEW' WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET status = 'DRAFT' WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET approved_by = 'f4100000-0000-4000-8000-000000000005'
    WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET approved_at = now() - interval '1 day'
    WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET deployed_at = now() WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
UPDATE agentgov.artifacts SET status = 'DEPLOYED' WHERE id = 'f4300000-0000-4000-8000-000000000001';
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET status = 'APPROVED' WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
SELECT a, status, by, appr, approved_at, deployed_at FROM v WHERE a = '01';
-- An ADMIN may approve as well.
UPDATE agentgov.artifacts SET status = 'REVIEW' WHERE id = 'f4300000-0000-4000-8000-000000000002';
UPDATE agentgov.artifacts SET status = 'REVIEW' WHERE id = 'f4300000-0000-4000-8000-000000000005';
UPDATE agentgov.artifacts SET status = 'APPROVED', approved_by = 'f4100000-0000-4000-8000-000000000001'
 WHERE id = 'f4300000-0000-4000-8000-000000000005';
SELECT a, status, by, appr FROM v WHERE a = '05';

-- ---- A non-draft artifact is frozen ------------------------------------------
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET content = '{"title": "changed"}' WHERE id = 'f4300000-0000-4000-8000-000000000002'$$);
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET type = 'GTM' WHERE id = 'f4300000-0000-4000-8000-000000000002'$$);
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET version = 9 WHERE id = 'f4300000-0000-4000-8000-000000000002'$$);
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET project_id = 'f4200000-0000-4000-8000-000000000002' WHERE id = 'f4300000-0000-4000-8000-000000000002'$$);
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET created_by = 'f4100000-0000-4000-8000-000000000005' WHERE id = 'f4300000-0000-4000-8000-000000000002'$$);
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET content_sha256 = sha256('x') WHERE id = 'f4300000-0000-4000-8000-000000000002'$$);
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET content = '{"title": "changed"}' WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
-- org_id never changes, in any status (tenancy.sql): that refusal comes first.
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET org_id = 'f4000000-0000-4000-8000-000000000002',
    project_id = 'f4200000-0000-4000-8000-000000000003' WHERE id = 'f4300000-0000-4000-8000-000000000005'$$);
-- Setting a column to the value it has is no change.
UPDATE agentgov.artifacts SET content = '{"title": "v2"}', type = 'PRD', version = 2
 WHERE id = 'f4300000-0000-4000-8000-000000000002';
-- Other columns stay editable, e.g. the evidence tier.
UPDATE agentgov.artifacts SET evidence_tier = 'E3' WHERE id = 'f4300000-0000-4000-8000-000000000001'
RETURNING status, evidence_tier;

-- ---- Editing a draft ---------------------------------------------------------
-- New content gets a new digest.
UPDATE agentgov.artifacts SET content = '{"title": "v3, edited"}' WHERE id = 'f4300000-0000-4000-8000-000000000003'
RETURNING version, content_sha256 = sha256(convert_to(content::text, 'UTF8')) AS digest_matches;
-- The version stays what was assigned.
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET version = 10 WHERE id = 'f4300000-0000-4000-8000-000000000003'$$);
-- Moving a draft to another type numbers it there; a version given with
-- the move must be the new one.
SELECT pg_temp.try($$UPDATE agentgov.artifacts SET type = 'ARCHITECTURE', version = 3 WHERE id = 'f4300000-0000-4000-8000-000000000008'$$);
UPDATE agentgov.artifacts SET type = 'ARCHITECTURE' WHERE id = 'f4300000-0000-4000-8000-000000000008'
RETURNING type, version;
-- It was PRD 5, the highest PRD: the next PRD is 5 again.
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, content, created_by) VALUES
    ('f4300000-0000-4000-8000-000000000011', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000001', 'PRD', '{"title": "v5 again"}', 'f4100000-0000-4000-8000-000000000001')
RETURNING version;
-- Moving to another project works the same way.
UPDATE agentgov.artifacts SET project_id = 'f4200000-0000-4000-8000-000000000002'
 WHERE id = 'f4300000-0000-4000-8000-000000000011'
RETURNING right(project_id::text, 1) AS p, type, version;

-- ---- Deleting ------------------------------------------------------------------
-- Deleting the highest draft gives its number back (version = max + 1) ...
DELETE FROM agentgov.artifacts WHERE id = 'f4300000-0000-4000-8000-000000000007';
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, content, created_by) VALUES
    ('f4300000-0000-4000-8000-000000000012', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000001', 'PRD', '{"title": "v4 again"}', 'f4100000-0000-4000-8000-000000000001')
RETURNING version;
-- ... a draft below the highest leaves its gap: the next is still max + 1.
DELETE FROM agentgov.artifacts WHERE id = 'f4300000-0000-4000-8000-000000000003';
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, content, created_by) VALUES
    ('f4300000-0000-4000-8000-000000000013', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000001', 'PRD', '{"title": "v5"}', 'f4100000-0000-4000-8000-000000000001')
RETURNING version;
-- Deleting several at once, highest included, in one statement.
DELETE FROM agentgov.artifacts WHERE id IN ('f4300000-0000-4000-8000-000000000012', 'f4300000-0000-4000-8000-000000000013');
SELECT a, type, version, status FROM v WHERE p = '1' AND type = 'PRD' ORDER BY version;
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, content, created_by) VALUES
    ('f4300000-0000-4000-8000-000000000014', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000001', 'PRD', '{"title": "v3 again"}', 'f4100000-0000-4000-8000-000000000001')
RETURNING version;
-- APPROVED and DEPLOYED artifacts are kept.
SELECT pg_temp.try($$DELETE FROM agentgov.artifacts WHERE id = 'f4300000-0000-4000-8000-000000000001'$$);
SELECT pg_temp.try($$DELETE FROM agentgov.artifacts WHERE id = 'f4300000-0000-4000-8000-000000000005'$$);
-- (Other tests' artifacts share this database, so which one is named varies.)
SELECT pg_temp.try($$TRUNCATE agentgov.artifacts CASCADE$$, false);
-- REVIEW artifacts may go.
UPDATE agentgov.artifacts SET status = 'REVIEW' WHERE id = 'f4300000-0000-4000-8000-000000000014';
DELETE FROM agentgov.artifacts WHERE id = 'f4300000-0000-4000-8000-000000000014';

-- Every counter holds the highest version of its series.
SELECT c.type, c.last_version, m.max_version
  FROM agentgov.artifact_version_counters c
  LEFT JOIN (SELECT org_id, project_id, type, max(version) AS max_version
               FROM agentgov.artifacts GROUP BY 1, 2, 3) m USING (org_id, project_id, type)
 WHERE c.org_id IN ('f4000000-0000-4000-8000-000000000001', 'f4000000-0000-4000-8000-000000000002')
   AND c.last_version IS DISTINCT FROM coalesce(m.max_version, 0);

-- ---- artifact_transition -------------------------------------------------------
-- Artifact 04: ARCHITECTURE v1 of project 1, created by ada.
SELECT status, version FROM agentgov.artifact_transition('f4300000-0000-4000-8000-000000000004', 'REVIEW',
    'f4100000-0000-4000-8000-000000000001', 'ready for review');
SELECT pg_temp.try($$SELECT agentgov.artifact_transition('f4300000-0000-4000-8000-000000000004', 'REVIEW',
    'f4100000-0000-4000-8000-000000000001')$$);
SELECT pg_temp.try($$SELECT agentgov.artifact_transition('f4300000-0000-4000-8000-000000000004', 'DEPLOYED',
    'f4100000-0000-4000-8000-000000000002')$$);
SELECT pg_temp.try($$SELECT agentgov.artifact_transition('f4300000-0000-4000-8000-000000000004', 'APPROVED',
    'f4100000-0000-4000-8000-000000000001', 'self-approval')$$);
SELECT pg_temp.try($$SELECT agentgov.artifact_transition('f4300000-0000-4000-8000-000000000004', 'APPROVED',
    'f4100000-0000-4000-8000-000000000003')$$);
-- The actor defaults to the acting user of the transaction.
BEGIN;
SELECT agentgov.set_actor('f4100000-0000-4000-8000-000000000005', 'f4400000-0000-4000-8000-0000000000cc');
SELECT status, right(approved_by::text, 1) AS appr, approved_at = now() AS stamped_now
  FROM agentgov.artifact_transition('f4300000-0000-4000-8000-000000000004', 'APPROVED', NULL, 'looks right');
COMMIT;
SELECT status, deployed_at IS NOT NULL AS deployed_at
  FROM agentgov.artifact_transition('f4300000-0000-4000-8000-000000000004', 'DEPLOYED',
                                    'f4100000-0000-4000-8000-000000000002');
-- Each transition left an audit row: APPROVE for the approval.
SELECT action, table_name, right(record_id, 2) AS a, right(actor_id::text, 1) AS actor,
       old_values, new_values - 'approved_at' - 'deployed_at' AS new_values,
       new_values->>'approved_at' IS NOT NULL AS approved_at,
       new_values->>'deployed_at' IS NOT NULL AS deployed_at, rationale,
       right(correlation_id::text, 2) AS correlation
  FROM agentgov.audit_log
 WHERE record_id = 'f4300000-0000-4000-8000-000000000004' AND action <> 'INSERT'
 ORDER BY id;
-- Bad arguments.
SELECT pg_temp.try($$SELECT agentgov.artifact_transition('f4300000-0000-4000-8000-0000000000ff', 'REVIEW',
    'f4100000-0000-4000-8000-000000000001')$$);
SELECT pg_temp.try($$SELECT agentgov.artifact_transition(NULL, 'REVIEW', 'f4100000-0000-4000-8000-000000000001')$$);
SELECT pg_temp.try($$SELECT agentgov.artifact_transition('f4300000-0000-4000-8000-000000000009', NULL,
    'f4100000-0000-4000-8000-000000000001')$$);
SELECT pg_temp.try($$SELECT agentgov.artifact_transition('f4300000-0000-4000-8000-000000000009', 'REVIEW')$$);
SELECT pg_temp.try($$SELECT agentgov.artifact_transition('f4300000-0000-4000-8000-000000000009', 'REVIEW',
    'f4100000-0000-4000-8000-000000000001', repeat('x', 1001))$$);
SELECT pg_temp.try($$SELECT agentgov.artifact_transition('f4300000-0000-4000-8000-000000000009', 'RETIRED',
    'f4100000-0000-4000-8000-000000000001')$$);
-- A refused transition wrote no audit row.
SELECT count(*) AS audit_rows FROM agentgov.audit_log
 WHERE record_id = 'f4300000-0000-4000-8000-000000000009' AND action <> 'INSERT';

-- ---- artifact_latest and artifact_history ---------------------------------------
SELECT s AS min_status, l.version, l.status
  FROM unnest(enum_range(NULL::agentgov.artifact_status)) s
  LEFT JOIN LATERAL agentgov.artifact_latest('f4200000-0000-4000-8000-000000000001', 'PRD', s) l ON true
 ORDER BY s;
SELECT version, status FROM agentgov.artifact_latest('f4200000-0000-4000-8000-000000000001', 'PRD');
SELECT count(*) AS none FROM agentgov.artifact_latest('f4200000-0000-4000-8000-000000000001', 'PRICING');
SELECT count(*) AS none FROM agentgov.artifact_latest('f4200000-0000-4000-8000-000000000001', 'PRD', NULL);
SELECT version, status, right(artifact_id::text, 2) AS a, right(created_by::text, 1) AS by,
       right(approved_by::text, 1) AS appr, approved_at IS NOT NULL AS approved_at,
       deployed_at IS NOT NULL AS deployed_at, content_sha256 IS NOT NULL AS has_digest
  FROM agentgov.artifact_history('f4200000-0000-4000-8000-000000000001', 'PRD');
SELECT version, status FROM agentgov.artifact_history('f4200000-0000-4000-8000-000000000001', 'ARCHITECTURE');

-- ---- Deleting a project ----------------------------------------------------------
-- Its drafts and counters go with it ...
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('f4200000-0000-4000-8000-000000000004', 'f4000000-0000-4000-8000-000000000001', 'Short-lived');
INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by)
SELECT 'f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000004', t,
       'f4100000-0000-4000-8000-000000000001'
  FROM unnest(ARRAY['PRD', 'PRD', 'GTM']::agentgov.artifact_type[]) t;
DELETE FROM agentgov.projects WHERE id = 'f4200000-0000-4000-8000-000000000004';
SELECT count(*) AS counters_left FROM agentgov.artifact_version_counters
 WHERE project_id = 'f4200000-0000-4000-8000-000000000004';
-- ... but not while it holds approved artifacts.
SELECT pg_temp.try($$DELETE FROM agentgov.projects WHERE id = 'f4200000-0000-4000-8000-000000000002'$$);

-- ---- generated_projects.generation_version -----------------------------------------
INSERT INTO agentgov.generated_projects (id, org_id, project_id, total_files, total_lines) VALUES
    ('f4500000-0000-4000-8000-000000000001', 'f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000001', 1, 10),
    ('f4500000-0000-4000-8000-000000000002', 'f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000001', 2, 20),
    ('f4500000-0000-4000-8000-000000000003', 'f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000002', 3, 30);
INSERT INTO agentgov.generated_projects (id, org_id, project_id, generation_version, total_files, total_lines) VALUES
    ('f4500000-0000-4000-8000-000000000004', 'f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000001', 3, 4, 40);
SELECT pg_temp.try($$INSERT INTO agentgov.generated_projects (org_id, project_id, generation_version, total_files, total_lines)
    VALUES ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000001', 3, 0, 0)$$);
SELECT pg_temp.try($$UPDATE agentgov.generated_projects SET generation_version = 7
    WHERE id = 'f4500000-0000-4000-8000-000000000001'$$);
-- Deleting the latest generation gives its number back.
DELETE FROM agentgov.generated_projects WHERE id = 'f4500000-0000-4000-8000-000000000004';
INSERT INTO agentgov.generated_projects (id, org_id, project_id, total_files, total_lines) VALUES
    ('f4500000-0000-4000-8000-000000000005', 'f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000001', 5, 50)
RETURNING generation_version;
-- Moving a generation to another project numbers it there.
UPDATE agentgov.generated_projects SET project_id = 'f4200000-0000-4000-8000-000000000002'
 WHERE id = 'f4500000-0000-4000-8000-000000000005'
RETURNING generation_version;
-- Other columns are unaffected.
UPDATE agentgov.generated_projects SET generation_status = 'completed'
 WHERE id = 'f4500000-0000-4000-8000-000000000001'
RETURNING generation_version, generation_status;
SELECT right(id::text, 1) AS g, right(project_id::text, 1) AS p, generation_version
  FROM agentgov.generated_projects
 WHERE org_id = 'f4000000-0000-4000-8000-000000000001'
 ORDER BY p, generation_version;
SELECT right(project_id::text, 1) AS p, last_version FROM agentgov.generation_version_counters
 WHERE org_id = 'f4000000-0000-4000-8000-000000000001' ORDER BY p;

-- ---- supersede_specification -----------------------------------------------------
INSERT INTO agentgov.specifications (id, org_id, project_id, category, content, source, confidence, metadata) VALUES
    ('f4600000-0000-4000-8000-000000000001', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000001', 'requirements', 'Ship in May', 'extracted', 0.60, '{"from": "chat"}');
SELECT agentgov.supersede_specification('f4600000-0000-4000-8000-000000000001', 'Ship in June',
                                        'user_input', 0.90) IS NOT NULL AS superseded;
SELECT s.category, s.content, s.source, s.confidence, s.is_current, s.superseded_at IS NOT NULL AS superseded_at,
       s.superseded_by = n.id AS superseded_by_new, n.category AS new_category, n.content AS new_content,
       n.source AS new_source, n.confidence AS new_confidence, n.is_current AS new_is_current,
       n.project_id = s.project_id AS same_project, n.metadata AS new_metadata
  FROM agentgov.specifications s
  JOIN agentgov.specifications n ON n.org_id = s.org_id AND n.id = s.superseded_by
 WHERE s.id = 'f4600000-0000-4000-8000-000000000001';
-- A superseded specification cannot be superseded again.
SELECT regexp_replace(pg_temp.try($$SELECT agentgov.supersede_specification('f4600000-0000-4000-8000-000000000001',
    'Ship in July', 'user_input')$$), 'by specification [0-9a-f-]{36}\.', 'by specification <successor>.');
-- The successor can, and without a confidence.
SELECT agentgov.supersede_specification(superseded_by, 'Ship in July', 'inferred') IS NOT NULL AS superseded
  FROM agentgov.specifications WHERE id = 'f4600000-0000-4000-8000-000000000001';
SELECT content, source, confidence, is_current FROM agentgov.specifications
 WHERE project_id = 'f4200000-0000-4000-8000-000000000001' ORDER BY created_at, is_current, content;
-- Bad arguments; a refused successor leaves the old row current.
SELECT pg_temp.try($$SELECT agentgov.supersede_specification('f4600000-0000-4000-8000-0000000000ff', 'x', 'inferred')$$);
SELECT pg_temp.try($$SELECT agentgov.supersede_specification(NULL, 'x', 'inferred')$$);
SELECT pg_temp.try($$SELECT agentgov.supersede_specification('f4600000-0000-4000-8000-000000000001', NULL, 'inferred')$$);
SELECT pg_temp.try($$SELECT agentgov.supersede_specification('f4600000-0000-4000-8000-000000000001', 'x', NULL)$$);
SELECT pg_temp.try($$SELECT agentgov.supersede_specification(id, 'x', 'inferred', 1.5)
    FROM agentgov.specifications WHERE project_id = 'f4200000-0000-4000-8000-000000000001' AND is_current$$, false);
SELECT count(*) AS current_specs FROM agentgov.specifications
 WHERE project_id = 'f4200000-0000-4000-8000-000000000001' AND is_current;

-- ---- Many versions in one transaction -----------------------------------------
-- 300 rows of one series in one statement: the counter row is updated 299
-- times in one transaction, more versions than fit on its page, so some
-- updates cannot stay on the HOT chain and index the new row version.
BEGIN;
SELECT pg_stat_get_xact_tuples_updated('agentgov.artifact_version_counters'::regclass) AS updates_before,
       pg_stat_get_xact_tuples_hot_updated('agentgov.artifact_version_counters'::regclass) AS hot_before \gset
INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by)
SELECT 'f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000002', 'WIREFRAME',
       'f4100000-0000-4000-8000-000000000001'
  FROM generate_series(1, 300);
SELECT u.updates - :updates_before AS counter_updates,
       u.hot - :hot_before < u.updates - :updates_before AS some_not_hot
  FROM (SELECT pg_stat_get_xact_tuples_updated('agentgov.artifact_version_counters'::regclass) AS updates,
               pg_stat_get_xact_tuples_hot_updated('agentgov.artifact_version_counters'::regclass) AS hot) u;
COMMIT;
INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by) VALUES
    ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000002', 'WIREFRAME',
     'f4100000-0000-4000-8000-000000000001')
RETURNING version;
SELECT count(*) AS versions, count(DISTINCT version) AS distinct_versions, min(version), max(version)
  FROM agentgov.artifacts
 WHERE project_id = 'f4200000-0000-4000-8000-000000000002' AND type = 'WIREFRAME';

-- ---- The counter hint ----------------------------------------------------------
-- A backend remembers where it last wrote a series' counter and reads that
-- version first next time.  Versions it cannot use (rolled back, or on a
-- block the table no longer has) send it back to the index.
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('f4200000-0000-4000-8000-000000000009', 'f4000000-0000-4000-8000-000000000001', 'Hinted');
CREATE TEMP VIEW hinted AS
SELECT count(*) AS versions, count(DISTINCT version) AS distinct_versions, max(version)
  FROM agentgov.artifacts WHERE project_id = 'f4200000-0000-4000-8000-000000000009';
INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by)
SELECT 'f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000009', 'PRD',
       'f4100000-0000-4000-8000-000000000001'
  FROM generate_series(1, 2);
-- the remembered version was rolled back, in a transaction and in a savepoint
BEGIN;
INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by) VALUES
    ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000009', 'PRD',
     'f4100000-0000-4000-8000-000000000001') RETURNING version;
ROLLBACK;
BEGIN;
SAVEPOINT s;
INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by) VALUES
    ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000009', 'PRD',
     'f4100000-0000-4000-8000-000000000001') RETURNING version;
ROLLBACK TO s;
INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by) VALUES
    ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000009', 'PRD',
     'f4100000-0000-4000-8000-000000000001') RETURNING version;
COMMIT;
SELECT * FROM hinted;
-- The remembered version is on the table's last pages (300 versions in one
-- transaction spill over new pages); the project goes, with its counter,
-- and VACUUM cuts the empty pages off.  The next insert of the same series
-- must not read the block that is gone (VACUUM's relcache invalidation makes
-- the backend forget the hint; should it come late, the buffer the hint
-- names no longer holds the block): it starts the series afresh.
INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by)
SELECT 'f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000009', 'PRD',
       'f4100000-0000-4000-8000-000000000001'
  FROM generate_series(1, 300);
INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by) VALUES
    ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000009', 'PRD',
     'f4100000-0000-4000-8000-000000000001') RETURNING version;
SELECT pg_relation_size('agentgov.artifact_version_counters') AS counter_bytes \gset
DELETE FROM agentgov.projects WHERE id = 'f4200000-0000-4000-8000-000000000009';
VACUUM agentgov.artifact_version_counters;
SELECT pg_relation_size('agentgov.artifact_version_counters') < :counter_bytes AS counters_shrank;
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('f4200000-0000-4000-8000-000000000009', 'f4000000-0000-4000-8000-000000000001', 'Hinted again');
INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by) VALUES
    ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000009', 'PRD',
     'f4100000-0000-4000-8000-000000000001') RETURNING version;
INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by) VALUES
    ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000009', 'PRD',
     'f4100000-0000-4000-8000-000000000001') RETURNING version;
SELECT * FROM hinted;
-- The counters are read and written as heap pages: a counter table moved to
-- another table access method is refused, not misread.
BEGIN;
CREATE ACCESS METHOD regress_heap_copy TYPE TABLE HANDLER heap_tableam_handler;
ALTER TABLE agentgov.artifact_version_counters SET ACCESS METHOD regress_heap_copy;
SELECT pg_temp.try($$INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by)
    VALUES ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000009', 'PRD',
            'f4100000-0000-4000-8000-000000000001')$$);
ROLLBACK;

-- ---- Privileges -------------------------------------------------------------------
-- A client that may write artifacts needs no privileges on the counters:
-- the triggers number as the counters' owner.  Row-level security applies to
-- this role, so it acts for a member of the organization, as an application does.
CREATE ROLE regress_versioning_writer;
GRANT USAGE ON SCHEMA agentgov TO regress_versioning_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON agentgov.artifacts TO regress_versioning_writer;
GRANT SELECT ON agentgov.organization_members TO regress_versioning_writer;
GRANT INSERT ON agentgov.audit_log TO regress_versioning_writer;
SET ROLE regress_versioning_writer;
SET agentgov.user_id = 'f4100000-0000-4000-8000-000000000001';
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, created_by) VALUES
    ('f4300000-0000-4000-8000-000000000020', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000002', 'TEST_SUITE', 'f4100000-0000-4000-8000-000000000001'),
    ('f4300000-0000-4000-8000-000000000021', 'f4000000-0000-4000-8000-000000000001',
     'f4200000-0000-4000-8000-000000000002', 'TEST_SUITE', 'f4100000-0000-4000-8000-000000000001')
RETURNING version;
DELETE FROM agentgov.artifacts WHERE id = 'f4300000-0000-4000-8000-000000000021';
SELECT status FROM agentgov.artifact_transition('f4300000-0000-4000-8000-000000000020', 'REVIEW',
                                                'f4100000-0000-4000-8000-000000000001');
SET agentgov.user_id = 'f4100000-0000-4000-8000-000000000002';
SELECT status, right(approved_by::text, 1) AS appr
  FROM agentgov.artifact_transition('f4300000-0000-4000-8000-000000000020', 'APPROVED',
                                    'f4100000-0000-4000-8000-000000000002');
SELECT pg_temp.try($$SELECT * FROM agentgov.artifact_version_counters$$);
RESET agentgov.user_id;
RESET ROLE;
SELECT last_version FROM agentgov.artifact_version_counters
 WHERE project_id = 'f4200000-0000-4000-8000-000000000002' AND type = 'TEST_SUITE';
REVOKE ALL ON agentgov.artifacts, agentgov.organization_members, agentgov.audit_log FROM regress_versioning_writer;
REVOKE ALL ON SCHEMA agentgov FROM regress_versioning_writer;
DROP ROLE regress_versioning_writer;

-- ---- Misuse of the trigger functions ------------------------------------------------
CREATE TEMP TABLE not_versioned (org_id uuid, project_id uuid, generation_version integer);
CREATE TRIGGER wrong BEFORE INSERT ON not_versioned
    FOR EACH ROW EXECUTE FUNCTION agentgov.generation_before_write();
SELECT pg_temp.try($$INSERT INTO not_versioned VALUES (NULL, NULL, NULL)$$);
DROP TRIGGER wrong ON not_versioned;
CREATE TRIGGER wrong AFTER INSERT ON not_versioned
    FOR EACH ROW EXECUTE FUNCTION agentgov.generation_before_write();
SELECT pg_temp.try($$INSERT INTO not_versioned VALUES (NULL, NULL, NULL)$$);
DROP TRIGGER wrong ON not_versioned;
CREATE TRIGGER wrong BEFORE INSERT ON not_versioned
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.version_after_truncate();
SELECT pg_temp.try($$INSERT INTO not_versioned VALUES (NULL, NULL, NULL)$$);

-- After a restore (triggers off) the counters come back with the rows; a
-- series whose counter is missing starts from the rows' max(version).
SET session_replication_role = replica;
INSERT INTO agentgov.artifacts (org_id, project_id, type, version, created_by) VALUES
    ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000002', 'PRICING', 6,
     'f4100000-0000-4000-8000-000000000001');
RESET session_replication_role;
INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by) VALUES
    ('f4000000-0000-4000-8000-000000000001', 'f4200000-0000-4000-8000-000000000002', 'PRICING',
     'f4100000-0000-4000-8000-000000000001')
RETURNING version;
