-- search_knowledge(): exact cosine similarity over knowledge_base_documents,
-- best first, ties by id; documents without a usable embedding skipped;
-- only the project's documents; row-level security applies (it runs as the
-- caller); bad queries and k refused with 22023.

-- ---- Fixture -------------------------------------------------------------------
SET client_min_messages = warning;
INSERT INTO agentgov.organizations (id, name, slug) VALUES
    ('4b000000-0000-4000-8000-00000000000a', 'Knowledge A', 'knowledge-a'),
    ('4b000000-0000-4000-8000-00000000000b', 'Knowledge B', 'knowledge-b');
INSERT INTO agentgov.users (id, email, password_hash) VALUES
    ('4b100000-0000-4000-8000-000000000001', 'kate@knowledge.example', 'x'),
    ('4b100000-0000-4000-8000-000000000002', 'kurt@knowledge.example', 'x');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('4b000000-0000-4000-8000-00000000000a', '4b100000-0000-4000-8000-000000000001', 'VIEWER'),
    ('4b000000-0000-4000-8000-00000000000b', '4b100000-0000-4000-8000-000000000002', 'ADMIN');
INSERT INTO agentgov.projects (id, org_id, name, created_by) VALUES
    ('4b200000-0000-4000-8000-0000000000a1', '4b000000-0000-4000-8000-00000000000a', 'Docs A1', '4b100000-0000-4000-8000-000000000001'),
    ('4b200000-0000-4000-8000-0000000000a2', '4b000000-0000-4000-8000-00000000000a', 'Docs A2', '4b100000-0000-4000-8000-000000000001'),
    ('4b200000-0000-4000-8000-0000000000b1', '4b000000-0000-4000-8000-00000000000b', 'Docs B1', '4b100000-0000-4000-8000-000000000002');
-- A 384-dimension vector (x, y, 0, 0, ...).
CREATE FUNCTION pg_temp.vec(x real, y real) RETURNS real[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY[x, y] || array_fill(0::real, ARRAY[382])
$$;
-- doc(id suffix, project, filename, embedding [, content])
CREATE FUNCTION pg_temp.doc(text, uuid, text, real[], text DEFAULT NULL)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO agentgov.knowledge_base_documents
           (id, org_id, project_id, user_id, filename, file_size, content_type, content, embedding)
    SELECT ('4b3' || $1 || '-0000-4000-8000-000000000000')::uuid, p.org_id, p.id,
           p.created_by, $3, 10, 'text/markdown', $5, $4
      FROM agentgov.projects p WHERE p.id = $2
$$;
SELECT pg_temp.doc('00001', '4b200000-0000-4000-8000-0000000000a1', 'same.md', pg_temp.vec(1, 0)),
       pg_temp.doc('00002', '4b200000-0000-4000-8000-0000000000a1', 'diagonal.md', pg_temp.vec(1, 1)),
       pg_temp.doc('00003', '4b200000-0000-4000-8000-0000000000a1', 'orthogonal.md', pg_temp.vec(0, 1)),
       pg_temp.doc('00004', '4b200000-0000-4000-8000-0000000000a1', 'opposite.md', pg_temp.vec(-1, 0)),
       pg_temp.doc('00005', '4b200000-0000-4000-8000-0000000000a1', 'no-embedding.md', NULL),
       pg_temp.doc('00006', '4b200000-0000-4000-8000-0000000000a1', 'zero.md', pg_temp.vec(0, 0)),
       pg_temp.doc('00007', '4b200000-0000-4000-8000-0000000000a1', 'nan.md', pg_temp.vec('NaN', 1)),
       pg_temp.doc('00008', '4b200000-0000-4000-8000-0000000000a1', 'infinite.md', pg_temp.vec('Infinity', 1)),
       pg_temp.doc('00009', '4b200000-0000-4000-8000-0000000000a1', 'null-element.md', ARRAY[1, NULL]::real[] || array_fill(0::real, ARRAY[382])),
       -- Same direction as diagonal.md, a larger id: tie broken by id.
       pg_temp.doc('0000a', '4b200000-0000-4000-8000-0000000000a1', 'diagonal-twice.md', pg_temp.vec(2, 2)),
       -- Compressed in the table (a long row): read through detoasting.
       pg_temp.doc('0000b', '4b200000-0000-4000-8000-0000000000a1', 'compressed.md', pg_temp.vec(3, 1), repeat('k', 1000)),
       -- Other projects, same and other organization.
       pg_temp.doc('0000c', '4b200000-0000-4000-8000-0000000000a2', 'other-project.md', pg_temp.vec(1, 0)),
       pg_temp.doc('0000d', '4b200000-0000-4000-8000-0000000000b1', 'other-org.md', pg_temp.vec(1, 0));
RESET client_min_messages;
SELECT filename, pg_column_compression(embedding) AS compression
  FROM agentgov.knowledge_base_documents WHERE filename = 'compressed.md';

-- ---- Results ---------------------------------------------------------------------
-- Best first; equal similarities by id; unusable embeddings and other projects skipped.
SELECT document_id, filename, round(similarity::numeric, 12) AS similarity
  FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', pg_temp.vec(1, 0));
-- k keeps the best k; the tie is cut by id.
SELECT filename FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', pg_temp.vec(1, 1), 2);
SELECT filename FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', pg_temp.vec(1, 1), 1);
SELECT filename FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', pg_temp.vec(-1, 0), 1000);
-- Double precision: cos between (3, 1) and (1, 0) is 3/sqrt(10).
SELECT similarity = 3 / sqrt(10::float8) AS exact
  FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', pg_temp.vec(1, 0))
 WHERE filename = 'compressed.md';
-- The same order as the definition in SQL, over every k.
SELECT bool_and(s.ids = q.ids) AS same_as_sql
  FROM generate_series(1, 8) k
 CROSS JOIN LATERAL (SELECT array_agg(document_id) AS ids
                       FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', pg_temp.vec(2, -1), k)) s
 CROSS JOIN LATERAL (SELECT array_agg(id) AS ids FROM (
        SELECT d.id FROM agentgov.knowledge_base_documents d,
               LATERAL (SELECT sum(a::float8 * b) / sqrt(sum(a::float8 * a) * sum(b::float8 * b)) AS sim
                          FROM unnest(pg_temp.vec(2, -1), d.embedding) u (a, b)) c
         WHERE d.project_id = '4b200000-0000-4000-8000-0000000000a1'
           AND d.filename NOT IN ('no-embedding.md', 'zero.md', 'nan.md', 'infinite.md', 'null-element.md')
         ORDER BY c.sim DESC, d.id LIMIT k) x) q;
-- Unknown project: no rows.  NULL in: no rows.
SELECT count(*) FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000ff', pg_temp.vec(1, 0));
SELECT count(*) FROM agentgov.search_knowledge(NULL, pg_temp.vec(1, 0));
SELECT count(*) FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', NULL);

-- ---- Refusals (22023) ---------------------------------------------------------------
\set VERBOSITY default
SELECT * FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', array_fill(1::real, ARRAY[383]));
SELECT * FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', array_fill(1::real, ARRAY[385]));
SELECT * FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', array_fill(1::real, ARRAY[2, 192]));
SELECT * FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', '{}');
SELECT * FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', pg_temp.vec('NaN', 1));
SELECT * FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', pg_temp.vec(1, '-Infinity'));
SELECT * FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', ARRAY[NULL, 1]::real[] || array_fill(0::real, ARRAY[382]));
SELECT * FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', pg_temp.vec(0, 0));
SELECT * FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', pg_temp.vec(1, 0), 0);
SELECT * FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', pg_temp.vec(1, 0), 1001);
\set VERBOSITY terse
-- The SQLSTATE of each.
DO $$
DECLARE
    q text;
BEGIN
    FOREACH q IN ARRAY ARRAY['array_fill(1::real, ARRAY[383])', 'pg_temp.vec(''NaN'', 1)', 'pg_temp.vec(0, 0)',
                             'pg_temp.vec(1, 0), 0', 'pg_temp.vec(1, 0), 1001'] LOOP
        BEGIN
            EXECUTE format('SELECT * FROM agentgov.search_knowledge(%L, %s)',
                           '4b200000-0000-4000-8000-0000000000a1', q);
            RAISE NOTICE '%: accepted', q;
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE '%: %', q, SQLSTATE;
        END;
    END LOOP;
END
$$;
\set VERBOSITY default

-- ---- Row-level security: runs as the caller ------------------------------------------
SELECT prosecdef AS security_definer, provolatile, proparallel
  FROM pg_proc WHERE oid = 'agentgov.search_knowledge(uuid, real[], integer)'::regprocedure;
SET client_min_messages = warning;
CREATE ROLE regress_knowledge_app;
SELECT agentgov.grant_app_access('regress_knowledge_app');
RESET client_min_messages;
BEGIN;
SET LOCAL ROLE regress_knowledge_app;
-- Kate, VIEWER of A: A's documents.
SELECT agentgov.set_actor('4b100000-0000-4000-8000-000000000001');
SELECT filename FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', pg_temp.vec(1, 0), 3);
SELECT filename FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000b1', pg_temp.vec(1, 0));
-- Kurt, ADMIN of B only: nothing of A.
SELECT agentgov.set_actor('4b100000-0000-4000-8000-000000000002');
SELECT count(*) AS kurt_sees_in_a FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', pg_temp.vec(1, 0));
SELECT filename FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000b1', pg_temp.vec(1, 0));
-- No actor: nothing.
SELECT agentgov.set_actor(NULL);
SELECT count(*) AS nobody_sees FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', pg_temp.vec(1, 0));
COMMIT;

-- ---- search_path cannot capture the query -----------------------------------------------
CREATE SCHEMA regress_knowledge_trap;
CREATE TABLE regress_knowledge_trap.knowledge_base_documents (id uuid, filename text, embedding real[], project_id uuid);
SET search_path = regress_knowledge_trap, public;
SELECT count(*) AS still_agentgov FROM agentgov.search_knowledge('4b200000-0000-4000-8000-0000000000a1', pg_temp.vec(1, 0));
RESET search_path;
DROP SCHEMA regress_knowledge_trap CASCADE;

-- ---- Clean-up ------------------------------------------------------------------------------
SET client_min_messages = warning;
DROP OWNED BY regress_knowledge_app;
DROP ROLE regress_knowledge_app;
DELETE FROM agentgov.organizations WHERE id IN ('4b000000-0000-4000-8000-00000000000a', '4b000000-0000-4000-8000-00000000000b');
DELETE FROM agentgov.users WHERE id IN ('4b100000-0000-4000-8000-000000000001', '4b100000-0000-4000-8000-000000000002');
