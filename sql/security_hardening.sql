-- search_path attacks: objects in public that shadow what agentgov uses
-- (now(), gen_random_uuid(), current_setting(), set_config(), lower(),
-- sha256(), replace(), the uuid = operator, the enum <= and >= operators,
-- tables named like agentgov's), with public searched before pg_catalog.
-- agentgov's functions, triggers and policies must behave exactly as
-- without them: the security functions first, then every native feature
-- (artifact versions, gates, divergence, governance of runs, usage and
-- budgets, the audit chain), each with exact outcomes.  Every shadow
-- function also leaves a trace when it is called, a row in
-- public.shadow_calls, which must be empty at the end.  The test's own
-- comparisons avoid the shadowed operators (they compare text or qualify
-- pg_catalog) and it calls no shadowed function unqualified.

-- ---- Every SQL and PL/pgSQL function pins its search_path --------------------
SELECT p.oid::regprocedure AS unpinned
  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
 WHERE p.pronamespace = 'agentgov'::regnamespace
   AND l.lanname NOT IN ('c', 'internal')
   AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c
                    WHERE c = 'search_path=pg_catalog, pg_temp');
-- and SECURITY DEFINER is used only where the README explains why.
SELECT p.oid::regprocedure AS security_definer
  FROM pg_proc p
 WHERE p.pronamespace = 'agentgov'::regnamespace AND p.prosecdef
 ORDER BY p.oid::regprocedure::text;

-- ---- Fixture, built before any shadow exists ------------------------------------
SET client_min_messages = warning;
INSERT INTO agentgov.organizations (id, name, slug) VALUES
    ('5ed00000-0000-4000-8000-00000000000a', 'Hardening A', 'hardening-a'),
    ('5ed00000-0000-4000-8000-00000000000b', 'Hardening B', 'hardening-b');
INSERT INTO agentgov.users (id, email, username, auth_provider, auth_provider_id) VALUES
    ('5ed10000-0000-4000-8000-000000000001', 'hana@hardening.example', 'hard_hana', 'github', 'gh-hana'),
    ('5ed10000-0000-4000-8000-000000000002', 'mallory@hardening.example', 'hard_mallory', 'github', 'gh-mallory');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('5ed00000-0000-4000-8000-00000000000a', '5ed10000-0000-4000-8000-000000000001', 'MEMBER'),
    ('5ed00000-0000-4000-8000-00000000000b', '5ed10000-0000-4000-8000-000000000002', 'ADMIN');
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('5ed20000-0000-4000-8000-00000000000a', '5ed00000-0000-4000-8000-00000000000a', 'Hardening project A'),
    ('5ed20000-0000-4000-8000-00000000000b', '5ed00000-0000-4000-8000-00000000000b', 'Hardening project B');
INSERT INTO agentgov.agents (id, org_id, name, kind) VALUES
    ('5ed30000-0000-4000-8000-00000000000b', '5ed00000-0000-4000-8000-00000000000b', 'hardening-b-agent', 'coder');
INSERT INTO agentgov.refresh_tokens (user_id, token_sha256, expires_at) VALUES
    ('5ed10000-0000-4000-8000-000000000001', agentgov.hash_token('hana-refresh'), now() + interval '1 day');
-- For the native features: organization E with an author (ana, MEMBER) and
-- an approver (ben, ADMIN), a project and a coder agent; organization F,
-- whose usage must never count as E's; a price for the usage section.
-- These stay (approved artifacts cannot be deleted), like other files' data.
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('5ed00000-0000-4000-8000-00000000000e', 'Shadowed natives E', 'shadowed-natives-e', 'ENTERPRISE'),
    ('5ed00000-0000-4000-8000-00000000000f', 'Shadowed natives F', 'shadowed-natives-f', 'ENTERPRISE');
INSERT INTO agentgov.users (id, email, username, auth_provider, auth_provider_id) VALUES
    ('5ed10000-0000-4000-8000-000000000003', 'ana@shadowed.example', 'shadow_ana', 'github', 'gh-shadow-ana'),
    ('5ed10000-0000-4000-8000-000000000004', 'ben@shadowed.example', 'shadow_ben', 'github', 'gh-shadow-ben');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('5ed00000-0000-4000-8000-00000000000e', '5ed10000-0000-4000-8000-000000000003', 'MEMBER'),
    ('5ed00000-0000-4000-8000-00000000000e', '5ed10000-0000-4000-8000-000000000004', 'ADMIN'),
    ('5ed00000-0000-4000-8000-00000000000f', '5ed10000-0000-4000-8000-000000000004', 'ADMIN');
INSERT INTO agentgov.projects (id, org_id, name, created_by) VALUES
    ('5ed20000-0000-4000-8000-0000000000e1', '5ed00000-0000-4000-8000-00000000000e', 'Shadowed project E',
     '5ed10000-0000-4000-8000-000000000003'),
    ('5ed20000-0000-4000-8000-0000000000f1', '5ed00000-0000-4000-8000-00000000000f', 'Shadowed project F',
     '5ed10000-0000-4000-8000-000000000004');
INSERT INTO agentgov.agents (id, org_id, name, kind, cost_per_execution_usd) VALUES
    ('5ed30000-0000-4000-8000-0000000000e1', '5ed00000-0000-4000-8000-00000000000e', 'shadowed-coder', 'coder', 0.25);
INSERT INTO agentgov.model_prices (id, provider, model, input_usd_per_mtok, output_usd_per_mtok, effective_from) VALUES
    ('5ed50000-0000-4000-8000-000000000001', 'shadowprov', 'shadow-model', 2, 8, '2024-01-01 00:00+00');
CREATE ROLE regress_hardening_app;
SELECT agentgov.grant_app_access('regress_hardening_app');
-- A statement run in a subtransaction: 'ok', or its SQLSTATE and message
-- (with the dates of the current budget period masked).
CREATE FUNCTION pg_temp.try(stmt text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE stmt;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || regexp_replace(SQLERRM, '\d{4}-\d{2}-\d{2}', 'DATE', 'g');
END
$$;
-- The same masking for reasons, and uuids other than this file's (5ed...)
-- masked too: governance events recorded by functions get random ids.
CREATE FUNCTION pg_temp.masked(reason text) RETURNS text LANGUAGE sql AS $$
    SELECT regexp_replace(regexp_replace(reason, '\d{4}-\d{2}-\d{2}', 'DATE', 'g'),
                          '(?!5ed)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', 'UUID', 'g')
$$;

-- ---- The shadows --------------------------------------------------------------------
-- Each shadow function returns a wrong answer and logs its call here.
CREATE TABLE public.shadow_calls (shadow text NOT NULL);
GRANT INSERT ON public.shadow_calls TO PUBLIC;
CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE sql
    AS $$ INSERT INTO public.shadow_calls VALUES ('now()');
          SELECT '1999-01-01 00:00:00+00'::timestamptz $$;
-- (pgcrypto, installed in public here, already has a public.gen_random_uuid;
-- this shadow goes in a schema searched even before public.)
CREATE SCHEMA regress_shadow;
CREATE FUNCTION regress_shadow.gen_random_uuid() RETURNS uuid LANGUAGE sql
    AS $$ INSERT INTO public.shadow_calls VALUES ('gen_random_uuid()');
          SELECT '00000000-0000-4000-8000-000000000000'::uuid $$;
GRANT USAGE ON SCHEMA regress_shadow TO regress_hardening_app;
CREATE FUNCTION public.current_setting(text) RETURNS text LANGUAGE sql
    AS $$ INSERT INTO public.shadow_calls VALUES ('current_setting(text)');
          SELECT '5ed10000-0000-4000-8000-000000000002' $$;
CREATE FUNCTION public.current_setting(text, boolean) RETURNS text LANGUAGE sql
    AS $$ INSERT INTO public.shadow_calls VALUES ('current_setting(text, boolean)');
          SELECT '5ed10000-0000-4000-8000-000000000002' $$;
CREATE FUNCTION public.set_config(text, text, boolean) RETURNS text LANGUAGE sql
    AS $$ INSERT INTO public.shadow_calls VALUES ('set_config()');
          SELECT 'not set' $$;
CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE sql
    AS $$ INSERT INTO public.shadow_calls VALUES ('lower()');
          SELECT 'mallory@hardening.example' $$;
CREATE FUNCTION public.sha256(bytea) RETURNS bytea LANGUAGE sql
    AS $$ INSERT INTO public.shadow_calls VALUES ('sha256()');
          SELECT '\x00'::bytea $$;
CREATE FUNCTION public.replace(text, text, text) RETURNS text LANGUAGE sql
    AS $$ INSERT INTO public.shadow_calls VALUES ('replace()');
          SELECT $1 $$;
CREATE FUNCTION public.uuid_always_equal(uuid, uuid) RETURNS boolean LANGUAGE sql
    AS $$ INSERT INTO public.shadow_calls VALUES ('uuid =');
          SELECT true $$;
CREATE OPERATOR public.= (LEFTARG = uuid, RIGHTARG = uuid, PROCEDURE = public.uuid_always_equal);
CREATE FUNCTION public.enum_always_le(anyenum, anyenum) RETURNS boolean LANGUAGE sql
    AS $$ INSERT INTO public.shadow_calls VALUES ('enum <=');
          SELECT true $$;
CREATE OPERATOR public.<= (LEFTARG = anyenum, RIGHTARG = anyenum, PROCEDURE = public.enum_always_le);
CREATE FUNCTION public.enum_always_ge(anyenum, anyenum) RETURNS boolean LANGUAGE sql
    AS $$ INSERT INTO public.shadow_calls VALUES ('enum >=');
          SELECT true $$;
CREATE OPERATOR public.>= (LEFTARG = anyenum, RIGHTARG = anyenum, PROCEDURE = public.enum_always_ge);
-- Tables named like agentgov's, claiming mallory is everyone's ADMIN, that
-- every agent is a catalogue agent and that every token is valid.
CREATE TABLE public.organization_members (org_id uuid, user_id uuid, role text);
INSERT INTO public.organization_members VALUES
    ('5ed00000-0000-4000-8000-00000000000a', '5ed10000-0000-4000-8000-000000000002', 'ADMIN');
CREATE TABLE public.agents (id uuid, org_id uuid);
INSERT INTO public.agents VALUES ('5ed30000-0000-4000-8000-00000000000b', NULL);
CREATE TABLE public.refresh_tokens (LIKE agentgov.refresh_tokens INCLUDING DEFAULTS);
INSERT INTO public.refresh_tokens (id, user_id, token_sha256, expires_at)
VALUES ('5ed40000-0000-4000-8000-000000000000', '5ed10000-0000-4000-8000-000000000002', '\x00', 'infinity');
GRANT SELECT ON public.organization_members, public.agents, public.refresh_tokens TO regress_hardening_app;
-- For the native features: mallory claims to be ADMIN of E too; an approved
-- PRD version 9 of E's project; a threshold of 100 for every gate; an
-- approving event for every run of the governance section; no block budget
-- at all; and 1000 USD of E's usage in the usage section's month.
INSERT INTO public.organization_members VALUES
    ('5ed00000-0000-4000-8000-00000000000e', '5ed10000-0000-4000-8000-000000000002', 'ADMIN');
CREATE TABLE public.artifacts (LIKE agentgov.artifacts INCLUDING DEFAULTS);
INSERT INTO public.artifacts (id, org_id, project_id, type, version, status, created_by, approved_by)
VALUES ('5ed60000-0000-4000-8000-000000000000', '5ed00000-0000-4000-8000-00000000000e',
        '5ed20000-0000-4000-8000-0000000000e1', 'PRD', 9, 'APPROVED',
        '5ed10000-0000-4000-8000-000000000002', '5ed10000-0000-4000-8000-000000000002');
CREATE TABLE public.gate_policies (LIKE agentgov.gate_policies INCLUDING DEFAULTS);
INSERT INTO public.gate_policies (org_id, phase, threshold)
SELECT o, p, 100
  FROM unnest(ARRAY[NULL, '5ed00000-0000-4000-8000-00000000000e']::uuid[]) o,
       unnest(enum_range(NULL::agentgov.gate_phase)) p;
CREATE TABLE public.governance_events (LIKE agentgov.governance_events INCLUDING DEFAULTS);
INSERT INTO public.governance_events (org_id, run_id, event_type, framework, approved, created_by)
SELECT '5ed00000-0000-4000-8000-00000000000e', r, 'pre_agent_spawn', 'sarah_three_questions', true, 'shadow'
  FROM unnest(ARRAY['5ed70000-0000-4000-8000-0000000000e1', '5ed70000-0000-4000-8000-0000000000e2']::uuid[]) r;
CREATE TABLE public.budget_limits (LIKE agentgov.budget_limits INCLUDING DEFAULTS);
CREATE TABLE public.usage_rollups (LIKE agentgov.usage_rollups INCLUDING DEFAULTS);
INSERT INTO public.usage_rollups (org_id, bucket_date, project_id, model, events, cost_usd)
VALUES ('5ed00000-0000-4000-8000-00000000000e', '2024-03-06', '5ed20000-0000-4000-8000-0000000000e1',
        'shadow-model', 1, 1000);
RESET client_min_messages;

SET search_path = regress_shadow, public, pg_catalog;
-- The shadows are in force for plain SQL ...
SELECT now() AS shadowed_now, gen_random_uuid() AS shadowed_uuid,
       '5ed00000-0000-4000-8000-00000000000a'::uuid = '5ed00000-0000-4000-8000-00000000000b'::uuid AS shadowed_equal,
       'E1'::agentgov.evidence_tier <= 'E0' AS shadowed_le, 'E0'::agentgov.evidence_tier >= 'E1' AS shadowed_ge;
-- ... and each call left its trace; from here on there must be none.
SELECT shadow, count(*) AS calls FROM public.shadow_calls GROUP BY shadow ORDER BY shadow;
TRUNCATE public.shadow_calls;

-- ... but not for agentgov.
-- Actor context: set_actor() and current_user_id().
BEGIN;
SELECT agentgov.set_actor('5ed10000-0000-4000-8000-000000000001');
SELECT agentgov.current_user_id()::text AS actor, pg_catalog.current_setting('agentgov.user_id') AS setting;
ROLLBACK;

-- Token digests and lookups.
SELECT encode(agentgov.hash_token('abc'), 'hex')
       = encode(pg_catalog.sha256(pg_catalog.convert_to('abc', 'UTF8')), 'hex') AS real_sha256;
SELECT user_id::text AS hanas_token FROM agentgov.find_refresh_token('hana-refresh');
SELECT count(*) AS any_token FROM agentgov.find_refresh_token('whatever');
SELECT agentgov.find_external_login('github', 'gh-hana')::text AS external_login;
SELECT user_id::text AS login FROM agentgov.find_login('hana@hardening.example');

-- Secrets.
SET agentgov.encryption_key = 'hardening-key-0123456789';
SELECT agentgov.decrypt_secret(agentgov.encrypt_secret('sk-hardening')) AS round_trip;
RESET agentgov.encryption_key;

-- Triggers and defaults: the real now() and gen_random_uuid(), the tier
-- defaults, updated_at, and the agent scope check.
BEGIN;
INSERT INTO agentgov.organizations (name, slug, subscription_tier) VALUES ('Hardening C', 'hardening-c', 'PRO');
SELECT id::text <> '00000000-0000-4000-8000-000000000000' AS real_uuid,
       created_at OPERATOR(pg_catalog.=) pg_catalog.now() AS real_now,
       max_projects, max_agents_per_project
  FROM agentgov.organizations WHERE slug = 'hardening-c';
UPDATE agentgov.projects SET description = 'touched' WHERE name = 'Hardening project A';
SELECT updated_at OPERATOR(pg_catalog.=) pg_catalog.now() AS real_updated_at
  FROM agentgov.projects WHERE name = 'Hardening project A';
COMMIT;
INSERT INTO agentgov.agent_memory (org_id, agent_id, category, key, value)
VALUES ('5ed00000-0000-4000-8000-00000000000a', '5ed30000-0000-4000-8000-00000000000b', 'x', 'y', '{}');

-- Policies and membership, as the application role.
SET ROLE regress_hardening_app;
BEGIN;
SELECT agentgov.set_actor('5ed10000-0000-4000-8000-000000000001');   -- hana, MEMBER of A
SELECT agentgov.actor_org_ids()::text AS hanas_orgs, agentgov.actor_org_ids('ADMIN')::text AS hana_admin_of;
SELECT name FROM agentgov.projects WHERE name LIKE 'Hardening%' ORDER BY name;
SELECT username FROM agentgov.users WHERE username LIKE 'hard\_%' ORDER BY username;
-- mallory's shadow membership does not make her a member of A.
SELECT agentgov.set_actor('5ed10000-0000-4000-8000-000000000002');
SELECT name FROM agentgov.projects WHERE name LIKE 'Hardening%' ORDER BY name;
WITH changed AS (UPDATE agentgov.projects SET description = 'mallory was here'
                  WHERE name = 'Hardening project A' RETURNING 1)
SELECT count(*) AS mallory_changed FROM changed;
ROLLBACK;
-- create_organization() under the same path.
BEGIN;
SELECT agentgov.set_actor('5ed10000-0000-4000-8000-000000000001');
SELECT agentgov.create_organization('Hardening D', 'hardening-d')::text <> '00000000-0000-4000-8000-000000000000' AS real_id;
SELECT o.slug, m.role, o.created_at OPERATOR(pg_catalog.=) pg_catalog.now() AS real_now
  FROM agentgov.organizations o JOIN agentgov.organization_members m ON m.org_id OPERATOR(pg_catalog.=) o.id
 WHERE o.slug = 'hardening-d';
ROLLBACK;
RESET ROLE;

-- The owner's functions: grant_app_access, enable_row_security, and the
-- seed's health check and clean-up.
SELECT agentgov.grant_app_access('regress_hardening_app');
DROP POLICY agentgov_select ON agentgov.ideas;
SELECT agentgov.enable_row_security() AS recreated;
SELECT a.qual = b.qual AS same_policy
  FROM pg_catalog.pg_policies a, pg_catalog.pg_policies b
 WHERE a.schemaname = 'agentgov' AND a.tablename = 'ideas' AND a.policyname = 'agentgov_select'
   AND b.schemaname = 'agentgov' AND b.tablename = 'tasks' AND b.policyname = 'agentgov_select';
SELECT count(*) AS health_metrics FROM agentgov.db_health_check();
BEGIN;
SELECT table_name, retention FROM agentgov.cleanup_old_data() ORDER BY table_name;
SELECT occurred_at OPERATOR(pg_catalog.=) pg_catalog.now() AS cleanup_logged_now
  FROM agentgov.audit_log WHERE action = 'CLEANUP' ORDER BY id DESC LIMIT 1;
COMMIT;

-- ---- The native features under the same path -----------------------------------------
-- Audit rows written from here on are checked at the end.
SELECT max(id) AS audit_watermark FROM agentgov.audit_log \gset

-- Artifact versions: one (project, PRD) series numbered 1, 2, 3 with the
-- real SHA-256 of the content and the real time; the lifecycle through
-- artifact_transition(), approved by a real member (mallory's shadow
-- membership and the author herself are refused), a move the lifecycle
-- does not allow refused; artifact_latest() and artifact_history() see
-- agentgov's rows only, not the shadow version 9.
BEGIN;
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, content, created_by) VALUES
    ('5ed60000-0000-4000-8000-0000000000a1', '5ed00000-0000-4000-8000-00000000000e',
     '5ed20000-0000-4000-8000-0000000000e1', 'PRD', '{"title": "Shadowed v1"}', '5ed10000-0000-4000-8000-000000000003');
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, content, created_by) VALUES
    ('5ed60000-0000-4000-8000-0000000000a2', '5ed00000-0000-4000-8000-00000000000e',
     '5ed20000-0000-4000-8000-0000000000e1', 'PRD',
     '{"title": "Shadowed v2", "assumptions": [
        {"metric": "latency_p50", "value": "200ms", "evidence_tier": "E1"},
        {"metric": "user_adoption", "value": "40%", "evidence_tier": "E3"},
        {"metric": "retention", "value": "80%", "evidence_tier": "E3", "type": "FEATURE_ADOPTION_MISS"}]}',
     '5ed10000-0000-4000-8000-000000000003'),
    ('5ed60000-0000-4000-8000-0000000000a3', '5ed00000-0000-4000-8000-00000000000e',
     '5ed20000-0000-4000-8000-0000000000e1', 'PRD', '{"title": "Shadowed v3"}', '5ed10000-0000-4000-8000-000000000003');
SELECT right(id::text, 2) AS artifact, version, status,
       encode(content_sha256, 'hex')
         = encode(pg_catalog.sha256(pg_catalog.convert_to(content::text, 'UTF8')), 'hex') AS real_sha256,
       created_at OPERATOR(pg_catalog.=) pg_catalog.now() AS real_now
  FROM agentgov.artifacts WHERE project_id::text = '5ed20000-0000-4000-8000-0000000000e1'
 ORDER BY version;
SELECT status FROM agentgov.artifact_transition('5ed60000-0000-4000-8000-0000000000a1', 'REVIEW',
                                                '5ed10000-0000-4000-8000-000000000003', 'ready for review');
SELECT pg_temp.try($$SELECT agentgov.artifact_transition('5ed60000-0000-4000-8000-0000000000a1', 'APPROVED',
                                                         '5ed10000-0000-4000-8000-000000000002', 'shadow admin')$$) AS mallory_approves;
SELECT pg_temp.try($$SELECT agentgov.artifact_transition('5ed60000-0000-4000-8000-0000000000a1', 'APPROVED',
                                                         '5ed10000-0000-4000-8000-000000000003', 'my own')$$) AS author_approves;
SELECT status, right(approved_by::text, 1) AS approved_by,
       approved_at OPERATOR(pg_catalog.=) pg_catalog.now() AS real_approved_at
  FROM agentgov.artifact_transition('5ed60000-0000-4000-8000-0000000000a1', 'APPROVED',
                                    '5ed10000-0000-4000-8000-000000000004', 'looks right');
SELECT status, deployed_at OPERATOR(pg_catalog.=) pg_catalog.now() AS real_deployed_at
  FROM agentgov.artifact_transition('5ed60000-0000-4000-8000-0000000000a1', 'DEPLOYED',
                                    '5ed10000-0000-4000-8000-000000000004', 'shipped');
SELECT status FROM agentgov.artifact_transition('5ed60000-0000-4000-8000-0000000000a2', 'REVIEW',
                                                '5ed10000-0000-4000-8000-000000000003');
SELECT status FROM agentgov.artifact_transition('5ed60000-0000-4000-8000-0000000000a2', 'APPROVED',
                                                '5ed10000-0000-4000-8000-000000000004', 'v2 approved');
SELECT pg_temp.try($$SELECT agentgov.artifact_transition('5ed60000-0000-4000-8000-0000000000a3', 'APPROVED',
                                                         '5ed10000-0000-4000-8000-000000000004')$$) AS draft_to_approved;
COMMIT;
SELECT s AS min_status, l.version, l.status, right(l.id::text, 2) AS artifact
  FROM unnest(enum_range(NULL::agentgov.artifact_status)) s
  LEFT JOIN LATERAL agentgov.artifact_latest('5ed20000-0000-4000-8000-0000000000e1', 'PRD', s) l ON true
 ORDER BY s;
SELECT version, status, right(artifact_id::text, 2) AS artifact, encode(content_sha256, 'hex') AS content_sha256,
       right(created_by::text, 1) AS created_by, right(approved_by::text, 1) AS approved_by,
       approved_at IS NOT NULL AS approved, deployed_at IS NOT NULL AS deployed
  FROM agentgov.artifact_history('5ed20000-0000-4000-8000-0000000000e1', 'PRD');

-- Gates: the README's example scores 79 against the default VRC threshold
-- 76 (not the shadow policies' 100); mallory may not decide; ben's PASS
-- moves the project from DISCOVER to DEFINE.
SELECT agentgov.gate_score('[{"name": "problem_clarity", "score": 82, "weight": 2},
                             {"name": "evidence_strength", "score": 74, "min": 60}]') AS score,
       agentgov.gate_floor_failed('[{"score": 82}, {"score": 59, "min": 60}]') AS floor_failed,
       agentgov.gate_threshold('VRC', '5ed00000-0000-4000-8000-00000000000e') AS threshold,
       agentgov.gate_decide(79, 76) AS decision;
BEGIN;
SELECT pg_temp.try($$SELECT agentgov.evaluate_gate('5ed20000-0000-4000-8000-0000000000e1', 'VRC',
    '[{"score": 90}]', '5ed10000-0000-4000-8000-000000000002', 'shadow admin')$$) AS mallory_decides;
SELECT phase, decision, score, target_threshold, right(artifact_id::text, 2) AS artifact,
       right(decided_by::text, 1) AS decided_by, decided_at OPERATOR(pg_catalog.=) pg_catalog.now() AS real_now
  FROM agentgov.evaluate_gate('5ed20000-0000-4000-8000-0000000000e1', 'VRC',
         '[{"name": "problem_clarity", "score": 82, "weight": 2},
           {"name": "evidence_strength", "score": 74, "min": 60}]',
         '5ed10000-0000-4000-8000-000000000004', 'Problem is specific and backed by interviews',
         '5ed60000-0000-4000-8000-0000000000a2');
SELECT phase, status, right(last_updated_by::text, 1) AS last_updated_by
  FROM agentgov.projects WHERE id::text = '5ed20000-0000-4000-8000-0000000000e1';
COMMIT;

-- Divergence: classify_divergence() (a case-insensitive persona match, a
-- persona mismatch that a shadowed lower() would hide), tier_delta();
-- detect_divergences() files the two divergences of the approved v2 from
-- the telemetry (latency MAJOR, adoption MINOR, retention COSMETIC is not
-- filed) at the real clock time, and analyze_cascade() recommends from
-- each class.
SELECT agentgov.classify_divergence('LATENCY_MISS', '200ms', '260 ms', 0) AS latency,
       agentgov.classify_divergence('FEATURE_ADOPTION_MISS', '40%', '34%', 0) AS adoption,
       agentgov.classify_divergence('FEATURE_ADOPTION_MISS', '40%', '34%', 3) AS adoption_stronger,
       agentgov.classify_divergence('PERSONA_MISMATCH', 'Indie developers', '  indie DEVELOPERS ', 0) AS same_persona,
       agentgov.classify_divergence('PERSONA_MISMATCH', 'Indie developers', 'Enterprise buyers', 0) AS other_persona,
       agentgov.tier_delta('E1', 'E4') AS tier_delta;
INSERT INTO agentgov.telemetry (id, org_id, project_id, metric_name, metric_value, unit, observed_at) VALUES
    ('5edb0000-0000-4000-8000-000000000001', '5ed00000-0000-4000-8000-00000000000e',
     '5ed20000-0000-4000-8000-0000000000e1', 'latency_p50', 260, 'ms', '2026-03-01 10:00+00'),
    ('5edb0000-0000-4000-8000-000000000002', '5ed00000-0000-4000-8000-00000000000e',
     '5ed20000-0000-4000-8000-0000000000e1', 'user_adoption', 35, '%', '2026-03-01 10:00+00'),
    ('5edb0000-0000-4000-8000-000000000003', '5ed00000-0000-4000-8000-00000000000e',
     '5ed20000-0000-4000-8000-0000000000e1', 'retention', 79, '%', '2026-03-01 10:00+00');
BEGIN;
CREATE TEMP TABLE shadowed_reports AS
SELECT * FROM agentgov.detect_divergences('5ed20000-0000-4000-8000-0000000000e1');
SELECT right(artifact_id::text, 2) AS artifact, divergence_type, metric_name, assumed_value, actual_value,
       assumption_evidence_tier, telemetry_evidence_tier, tier_delta, classification,
       right(telemetry_id::text, 1) AS telemetry, detected_at OPERATOR(pg_catalog.>=) pg_catalog.now() AS real_clock
  FROM shadowed_reports ORDER BY metric_name;
SELECT count(*) AS filed FROM agentgov.divergence_reports
 WHERE project_id::text = '5ed20000-0000-4000-8000-0000000000e1';
SELECT r.metric_name, c.recommendation, c.reexecution_scope_days, c.full_redesign_days,
       c.divergence_id::text = r.id::text AS own_divergence
  FROM shadowed_reports r,
       LATERAL agentgov.analyze_cascade(r.id, '["checkout", "search"]', '["api"]') c
 ORDER BY r.metric_name;
COMMIT;
-- A second run with no new telemetry files nothing.
SELECT count(*) AS filed_again FROM agentgov.detect_divergences('5ed20000-0000-4000-8000-0000000000e1');

-- Governance of runs, as ben with a correlation id: run e1 moves from
-- approved to running only once approved (AG001 before, whatever the
-- shadow governance_events say); mallory may not approve; a block budget
-- of 1.00 USD a day (the shadow budget_limits has none) lets e1 (0.40)
-- start and refuses e2 (5.00), in budget_check(), governance_check() and
-- the running transition itself (AG002).
BEGIN;
SELECT agentgov.set_actor('5ed10000-0000-4000-8000-000000000004', '5edc0000-0000-4000-8000-000000000001');
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, amount_usd, period, action_on_exceed) VALUES
    ('5ed80000-0000-4000-8000-0000000000b1', '5ed00000-0000-4000-8000-00000000000e', 'E daily cap', 'global',
     1.00, 'daily', 'block');
INSERT INTO agentgov.agent_runs (id, org_id, project_id, agent_id, status, estimated_cost, max_cost_limit) VALUES
    ('5ed70000-0000-4000-8000-0000000000e1', '5ed00000-0000-4000-8000-00000000000e',
     '5ed20000-0000-4000-8000-0000000000e1', '5ed30000-0000-4000-8000-0000000000e1', 'pending_approval', 0.40, 1.00),
    ('5ed70000-0000-4000-8000-0000000000e2', '5ed00000-0000-4000-8000-00000000000e',
     '5ed20000-0000-4000-8000-0000000000e1', '5ed30000-0000-4000-8000-0000000000e1', 'pending_approval', 5.00, NULL);
UPDATE agentgov.agent_runs SET status = 'approved' WHERE id::text LIKE '5ed70000-%';
SELECT pg_temp.try($$UPDATE agentgov.agent_runs SET status = 'running'
                      WHERE id::text = '5ed70000-0000-4000-8000-0000000000e1'$$) AS unapproved_start;
SELECT allowed, pg_temp.masked(reason) AS reason
  FROM agentgov.governance_check('5ed70000-0000-4000-8000-0000000000e1');
SELECT agentgov.set_actor('5ed10000-0000-4000-8000-000000000002');
SELECT pg_temp.try($$SELECT agentgov.record_governance_event('5ed70000-0000-4000-8000-0000000000e1',
    'pre_agent_spawn', 'sarah_three_questions', true, 'shadow admin')$$) AS mallory_approves;
SELECT agentgov.set_actor('5ed10000-0000-4000-8000-000000000004', '5edc0000-0000-4000-8000-000000000001');
SELECT agentgov.record_governance_event(r, 'pre_agent_spawn', 'sarah_three_questions', true, 'three questions answered')
         ::text <> '00000000-0000-4000-8000-000000000000' AS real_event_id
  FROM unnest(ARRAY['5ed70000-0000-4000-8000-0000000000e1', '5ed70000-0000-4000-8000-0000000000e2']::uuid[]) r;
SELECT right(run_id::text, 2) AS run, event_type, approved, created_by, correlation_id::text AS correlation_id,
       created_at OPERATOR(pg_catalog.=) pg_catalog.now() AS real_now
  FROM agentgov.governance_events WHERE run_id::text LIKE '5ed70000-%' ORDER BY run_id;
SELECT right(r::text, 2) AS run, c.allowed, pg_temp.masked(c.reason) AS reason
  FROM unnest(ARRAY['5ed70000-0000-4000-8000-0000000000e1', '5ed70000-0000-4000-8000-0000000000e2']::uuid[]) r,
       agentgov.budget_check(r) c
 ORDER BY 1;
SELECT allowed, pg_temp.masked(reason) AS reason
  FROM agentgov.governance_check('5ed70000-0000-4000-8000-0000000000e1');
SELECT pg_temp.try($$UPDATE agentgov.agent_runs SET status = 'running'
                      WHERE id::text = '5ed70000-0000-4000-8000-0000000000e1'$$) AS approved_start;
SELECT pg_temp.masked(c.reason) AS reason
  FROM agentgov.budget_check('5ed70000-0000-4000-8000-0000000000e2') c;
SELECT allowed, pg_temp.masked(reason) AS reason
  FROM agentgov.governance_check('5ed70000-0000-4000-8000-0000000000e2');
SELECT pg_temp.try($$UPDATE agentgov.agent_runs SET status = 'running'
                      WHERE id::text = '5ed70000-0000-4000-8000-0000000000e2'$$) AS over_budget_start;
SELECT right(id::text, 2) AS run, status, started_at OPERATOR(pg_catalog.=) pg_catalog.now() AS real_started_at
  FROM agentgov.agent_runs WHERE id::text LIKE '5ed70000-%' ORDER BY id;
COMMIT;

-- Usage: events of E (two priced from model_prices, one unpriced, one with
-- its own cost, in two ISO weeks) and of F; the rollups equal the GROUP BY
-- of the events, run e1's totals follow; usage_report() and usage_spent()
-- read agentgov's rollups of E only (not F's, not the shadow 1000 USD);
-- budget_check() sees e1's estimate used up.
INSERT INTO agentgov.usage_events (id, org_id, occurred_at, project_id, agent_id, run_id, provider, model,
                                   tokens_in, tokens_out, cost_usd) VALUES
    ('5eda0000-0000-4000-8000-000000000001', '5ed00000-0000-4000-8000-00000000000e', '2024-03-04 10:00+00',
     '5ed20000-0000-4000-8000-0000000000e1', '5ed30000-0000-4000-8000-0000000000e1',
     '5ed70000-0000-4000-8000-0000000000e1', 'shadowprov', 'shadow-model', 100000, 20000, NULL),
    ('5eda0000-0000-4000-8000-000000000002', '5ed00000-0000-4000-8000-00000000000e', '2024-03-04 11:00+00',
     '5ed20000-0000-4000-8000-0000000000e1', '5ed30000-0000-4000-8000-0000000000e1',
     '5ed70000-0000-4000-8000-0000000000e1', NULL, 'shadow-model', 50000, 0, NULL),
    ('5eda0000-0000-4000-8000-000000000003', '5ed00000-0000-4000-8000-00000000000e', '2024-03-05 09:00+00',
     '5ed20000-0000-4000-8000-0000000000e1', NULL, NULL, 'shadowprov', 'shadow-unpriced', 10, 10, NULL),
    ('5eda0000-0000-4000-8000-000000000004', '5ed00000-0000-4000-8000-00000000000e', '2024-03-11 09:00+00',
     NULL, NULL, NULL, NULL, 'shadow-model', 0, 0, 0.50),
    ('5eda0000-0000-4000-8000-000000000005', '5ed00000-0000-4000-8000-00000000000f', '2024-03-04 10:00+00',
     '5ed20000-0000-4000-8000-0000000000f1', NULL, NULL, NULL, 'shadow-model', 1000, 1000, 7.00);
SELECT right(id::text, 1) AS event, usage_date, agent_kind, cost_usd, right(price_id::text, 1) AS price
  FROM agentgov.usage_events WHERE id::text LIKE '5eda0000-%' ORDER BY id;
WITH events AS (
    SELECT org_id, usage_date, project_id, agent_id, model, count(*) AS events,
           pg_catalog.sum(tokens_in) AS tokens_in, pg_catalog.sum(tokens_out) AS tokens_out,
           coalesce(pg_catalog.sum(cost_usd), 0) AS cost_usd, count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced
      FROM agentgov.usage_events WHERE org_id::text LIKE '5ed00000-%' GROUP BY 1, 2, 3, 4, 5
), rollups AS (
    SELECT org_id, bucket_date, project_id, agent_id, model, events, tokens_in, tokens_out, cost_usd, unpriced_events
      FROM agentgov.usage_rollups WHERE org_id::text LIKE '5ed00000-%'
)
SELECT (SELECT count(*) FROM events) AS buckets,
       (SELECT count(*) FROM (SELECT * FROM events EXCEPT SELECT * FROM rollups) d) AS missing,
       (SELECT count(*) FROM (SELECT * FROM rollups EXCEPT SELECT * FROM events) d) AS extra;
WITH events AS (
    SELECT org_id, usage_date, agent_kind, count(*) AS events, pg_catalog.sum(tokens_in) AS tokens_in,
           pg_catalog.sum(tokens_out) AS tokens_out, coalesce(pg_catalog.sum(cost_usd), 0) AS cost_usd,
           count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced
      FROM agentgov.usage_events WHERE org_id::text LIKE '5ed00000-%' AND agent_kind IS NOT NULL GROUP BY 1, 2, 3
), rollups AS (
    SELECT org_id, bucket_date, agent_kind, events, tokens_in, tokens_out, cost_usd, unpriced_events
      FROM agentgov.usage_kind_rollups WHERE org_id::text LIKE '5ed00000-%'
)
SELECT (SELECT count(*) FROM events) AS kind_buckets,
       (SELECT count(*) FROM (SELECT * FROM events EXCEPT SELECT * FROM rollups) d) AS missing,
       (SELECT count(*) FROM (SELECT * FROM rollups EXCEPT SELECT * FROM events) d) AS extra;
SELECT right(id::text, 2) AS run, status, tokens_in, tokens_out, cost_usd
  FROM agentgov.agent_runs WHERE id::text LIKE '5ed70000-%' ORDER BY id;
SELECT bucket_start, right(project_id::text, 2) AS project, model, events, tokens_in, tokens_out, cost_usd, unpriced_events
  FROM agentgov.usage_report('5ed00000-0000-4000-8000-00000000000e', 'daily', '2024-03-01', '2024-03-31',
                             '{project,model}');
SELECT bucket_start, events, tokens_in, tokens_out, cost_usd, unpriced_events
  FROM agentgov.usage_report('5ed00000-0000-4000-8000-00000000000e', 'weekly', '2024-03-01', '2024-03-31');
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, scope_id, amount_usd, period) VALUES
    ('5ed80000-0000-4000-8000-0000000000b2', '5ed00000-0000-4000-8000-00000000000e', 'E monthly', 'global', NULL,
     100, 'monthly'),
    ('5ed80000-0000-4000-8000-0000000000b3', '5ed00000-0000-4000-8000-00000000000e', 'E project weekly', 'project',
     '5ed20000-0000-4000-8000-0000000000e1', 100, 'weekly');
SELECT b.name, a.at, agentgov.usage_spent(b.id, a.at) AS spent
  FROM agentgov.budget_limits b,
       unnest(ARRAY['2024-03-06 12:00+00', '2024-03-11 12:00+00', '2024-04-01 00:00+00']::timestamptz[]) a(at)
 WHERE b.org_id::text = '5ed00000-0000-4000-8000-00000000000e' AND b.period::text <> 'daily'
 ORDER BY b.name, a.at;
BEGIN;
SELECT allowed, pg_temp.masked(reason) AS reason
  FROM agentgov.budget_check('5ed70000-0000-4000-8000-0000000000e2', lock => true);
COMMIT;

-- Audit: what the sections above wrote for E, with the real actor and
-- correlation id (the shadow current_setting() names mallory) and the real
-- time; E's chain, F's and the chain without an org are intact.
SELECT table_name, action, right(actor_id::text, 1) AS actor, correlation_id::text AS correlation_id,
       bool_and(occurred_at > '2000-01-01') AS real_time, count(*) AS rows
  FROM agentgov.audit_log
 WHERE id > :audit_watermark AND org_id::text = '5ed00000-0000-4000-8000-00000000000e'
 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
SELECT right(record_id, 2) AS artifact, action, rationale FROM agentgov.audit_log
 WHERE id > :audit_watermark AND org_id::text = '5ed00000-0000-4000-8000-00000000000e'
   AND table_name = 'artifacts' AND action <> 'INSERT'
 ORDER BY id;
SELECT * FROM agentgov.verify_audit_chain('5ed00000-0000-4000-8000-00000000000e');
SELECT * FROM agentgov.verify_audit_chain('5ed00000-0000-4000-8000-00000000000f');
SELECT first_broken_id FROM agentgov.verify_audit_chain(NULL);

-- No shadow was called, by agentgov or by this file, since the demonstration.
SELECT shadow, count(*) AS calls FROM public.shadow_calls GROUP BY shadow ORDER BY shadow;
-- The shadow tables are as they were set up.
SELECT (SELECT count(*) FROM public.artifacts) AS artifacts, (SELECT count(*) FROM public.gate_policies) AS gate_policies,
       (SELECT count(*) FROM public.governance_events) AS governance_events,
       (SELECT count(*) FROM public.budget_limits) AS budget_limits, (SELECT count(*) FROM public.usage_rollups) AS usage_rollups;

-- ---- Clean up -------------------------------------------------------------------------
RESET search_path;
SET client_min_messages = warning;
DROP OPERATOR public.= (uuid, uuid);
DROP OPERATOR public.<= (anyenum, anyenum);
DROP OPERATOR public.>= (anyenum, anyenum);
DROP SCHEMA regress_shadow CASCADE;
DROP FUNCTION public.now(), public.current_setting(text),
    public.current_setting(text, boolean), public.set_config(text, text, boolean),
    public.lower(text), public.sha256(bytea), public.replace(text, text, text),
    public.uuid_always_equal(uuid, uuid), public.enum_always_le(anyenum, anyenum),
    public.enum_always_ge(anyenum, anyenum);
DROP TABLE public.organization_members, public.agents, public.refresh_tokens, public.artifacts,
    public.gate_policies, public.governance_events, public.budget_limits, public.usage_rollups,
    public.shadow_calls;
DROP OWNED BY regress_hardening_app;
DROP ROLE regress_hardening_app;
DELETE FROM agentgov.organizations WHERE slug LIKE 'hardening-%';
DELETE FROM agentgov.users WHERE username LIKE 'hard\_%';
RESET client_min_messages;
