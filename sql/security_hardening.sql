-- search_path attacks: objects in public that shadow what agentgov uses
-- (now(), gen_random_uuid(), current_setting(), set_config(), lower(),
-- sha256(), replace(), the uuid = operator, the enum <= operator, tables
-- named like agentgov's), with public searched before pg_catalog.
-- agentgov's functions, triggers and policies must behave exactly as
-- without them.  The test's own comparisons avoid the shadowed operator
-- (they compare text or qualify pg_catalog).

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
CREATE ROLE regress_hardening_app;
SELECT agentgov.grant_app_access('regress_hardening_app');

-- ---- The shadows --------------------------------------------------------------------
CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE sql STABLE
    AS $$ SELECT '1999-01-01 00:00:00+00'::timestamptz $$;
-- (pgcrypto, installed in public here, already has a public.gen_random_uuid;
-- this shadow goes in a schema searched even before public.)
CREATE SCHEMA regress_shadow;
CREATE FUNCTION regress_shadow.gen_random_uuid() RETURNS uuid LANGUAGE sql
    AS $$ SELECT '00000000-0000-4000-8000-000000000000'::uuid $$;
GRANT USAGE ON SCHEMA regress_shadow TO regress_hardening_app;
CREATE FUNCTION public.current_setting(text) RETURNS text LANGUAGE sql
    AS $$ SELECT '5ed10000-0000-4000-8000-000000000002' $$;
CREATE FUNCTION public.current_setting(text, boolean) RETURNS text LANGUAGE sql
    AS $$ SELECT '5ed10000-0000-4000-8000-000000000002' $$;
CREATE FUNCTION public.set_config(text, text, boolean) RETURNS text LANGUAGE sql
    AS $$ SELECT 'not set' $$;
CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE sql
    AS $$ SELECT 'mallory@hardening.example' $$;
CREATE FUNCTION public.sha256(bytea) RETURNS bytea LANGUAGE sql
    AS $$ SELECT '\x00'::bytea $$;
CREATE FUNCTION public.replace(text, text, text) RETURNS text LANGUAGE sql
    AS $$ SELECT $1 $$;
CREATE FUNCTION public.uuid_always_equal(uuid, uuid) RETURNS boolean LANGUAGE sql
    AS $$ SELECT true $$;
CREATE OPERATOR public.= (LEFTARG = uuid, RIGHTARG = uuid, PROCEDURE = public.uuid_always_equal);
CREATE FUNCTION public.enum_always_le(anyenum, anyenum) RETURNS boolean LANGUAGE sql
    AS $$ SELECT true $$;
CREATE OPERATOR public.<= (LEFTARG = anyenum, RIGHTARG = anyenum, PROCEDURE = public.enum_always_le);
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
RESET client_min_messages;

SET search_path = regress_shadow, public, pg_catalog;
-- The shadows are in force for plain SQL ...
SELECT now() AS shadowed_now, gen_random_uuid() AS shadowed_uuid,
       '5ed00000-0000-4000-8000-00000000000a'::uuid = '5ed00000-0000-4000-8000-00000000000b'::uuid AS shadowed_equal;

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

-- ---- Clean up -------------------------------------------------------------------------
RESET search_path;
SET client_min_messages = warning;
DROP OPERATOR public.= (uuid, uuid);
DROP OPERATOR public.<= (anyenum, anyenum);
DROP SCHEMA regress_shadow CASCADE;
DROP FUNCTION public.now(), public.current_setting(text),
    public.current_setting(text, boolean), public.set_config(text, text, boolean),
    public.lower(text), public.sha256(bytea), public.replace(text, text, text),
    public.uuid_always_equal(uuid, uuid), public.enum_always_le(anyenum, anyenum);
DROP TABLE public.organization_members, public.agents, public.refresh_tokens;
DROP OWNED BY regress_hardening_app;
DROP ROLE regress_hardening_app;
DELETE FROM agentgov.organizations WHERE slug LIKE 'hardening-%';
DELETE FROM agentgov.users WHERE username LIKE 'hard\_%';
RESET client_min_messages;
