-- Tenant isolation and secrets: token digests and lookups, the encryption
-- key and API key helpers, the membership function behind every policy,
-- grant_app_access(), and the policies as the catalog records them.
-- (test/pgtap/rls.sql proves isolation table by table as an application
-- role; security_hardening.sql covers search_path attacks.)

-- ---- Fixture: two organizations, five users, an application role --------
SET client_min_messages = warning;
INSERT INTO agentgov.organizations (id, name, slug) VALUES
    ('5ec00000-0000-4000-8000-00000000000a', 'Security A', 'security-a'),
    ('5ec00000-0000-4000-8000-00000000000b', 'Security B', 'security-b');
INSERT INTO agentgov.users (id, email, username, auth_provider, auth_provider_id, password_hash) VALUES
    ('5ec10000-0000-4000-8000-000000000001', 'ann@security.example', 'sec_ann', 'local', NULL, '$2b$12$ann'),
    ('5ec10000-0000-4000-8000-000000000002', 'ben@security.example', 'sec_ben', 'github', 'gh-ben', NULL),
    ('5ec10000-0000-4000-8000-000000000003', 'cat@security.example', 'sec_cat', 'google', 'g-cat', NULL),
    ('5ec10000-0000-4000-8000-000000000004', 'dan@security.example', 'sec_dan', 'local', NULL, '$2b$12$dan'),
    ('5ec10000-0000-4000-8000-000000000005', 'eve@security.example', 'sec_eve', 'local', NULL, '$2b$12$eve');
-- ann ADMIN, ben MEMBER, cat VIEWER of A; dan ADMIN of B and VIEWER of A; eve nothing.
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('5ec00000-0000-4000-8000-00000000000a', '5ec10000-0000-4000-8000-000000000001', 'ADMIN'),
    ('5ec00000-0000-4000-8000-00000000000a', '5ec10000-0000-4000-8000-000000000002', 'MEMBER'),
    ('5ec00000-0000-4000-8000-00000000000a', '5ec10000-0000-4000-8000-000000000003', 'VIEWER'),
    ('5ec00000-0000-4000-8000-00000000000b', '5ec10000-0000-4000-8000-000000000004', 'ADMIN'),
    ('5ec00000-0000-4000-8000-00000000000a', '5ec10000-0000-4000-8000-000000000004', 'VIEWER');
CREATE ROLE regress_agentgov_app;
RESET client_min_messages;

-- ---- hash_token -----------------------------------------------------------
-- SHA-256 of the token's bytes, as sha256(convert_to(token, 'UTF8')) computes it.
SELECT agentgov.hash_token('refresh-token') = sha256(convert_to('refresh-token', 'UTF8')) AS same_digest,
       agentgov.hash_token('jetón ünïcode') = sha256(convert_to('jetón ünïcode', 'UTF8')) AS same_for_utf8,
       octet_length(agentgov.hash_token('x')) AS bytes,
       encode(agentgov.hash_token('abc'), 'hex') AS abc;
-- Backslashes are bytes, not escapes (token::bytea would be wrong here).
SELECT agentgov.hash_token('a\\b') = sha256(convert_to('a\\b', 'UTF8')) AS backslash_kept;
SELECT agentgov.hash_token(NULL) IS NULL AS null_in_null_out;
SELECT agentgov.hash_token('');

-- ---- Token lookups ------------------------------------------------------------
INSERT INTO agentgov.user_sessions (id, user_id, token_sha256, expires_at, status, ended_at) VALUES
    ('5ec20000-0000-4000-8000-000000000001', '5ec10000-0000-4000-8000-000000000001',
     agentgov.hash_token('sess-live'), now() + interval '1 hour', 'active', NULL),
    ('5ec20000-0000-4000-8000-000000000002', '5ec10000-0000-4000-8000-000000000001',
     agentgov.hash_token('sess-expired'), now() - interval '1 second', 'active', NULL),
    ('5ec20000-0000-4000-8000-000000000003', '5ec10000-0000-4000-8000-000000000001',
     agentgov.hash_token('sess-ended'), NULL, 'ended', now()),
    ('5ec20000-0000-4000-8000-000000000004', '5ec10000-0000-4000-8000-000000000005',
     agentgov.hash_token('sess-eve'), NULL, 'active', NULL);
INSERT INTO agentgov.refresh_tokens (id, user_id, token_sha256, expires_at, revoked, revoked_at) VALUES
    ('5ec30000-0000-4000-8000-000000000001', '5ec10000-0000-4000-8000-000000000002',
     agentgov.hash_token('refresh-live'), now() + interval '30 days', false, NULL),
    ('5ec30000-0000-4000-8000-000000000002', '5ec10000-0000-4000-8000-000000000002',
     agentgov.hash_token('refresh-revoked'), now() + interval '30 days', true, now()),
    ('5ec30000-0000-4000-8000-000000000003', '5ec10000-0000-4000-8000-000000000002',
     agentgov.hash_token('refresh-expired'), now() - interval '1 day', false, NULL);
INSERT INTO agentgov.password_reset_requests (id, user_id, token_sha256, expires_at, used, used_at) VALUES
    ('5ec40000-0000-4000-8000-000000000001', '5ec10000-0000-4000-8000-000000000004',
     agentgov.hash_token('reset-live'), now() + interval '1 hour', false, NULL),
    ('5ec40000-0000-4000-8000-000000000002', '5ec10000-0000-4000-8000-000000000004',
     agentgov.hash_token('reset-used'), now() + interval '1 hour', true, now());
INSERT INTO agentgov.teams (id, org_id, name, created_by) VALUES
    ('5ec50000-0000-4000-8000-000000000001', '5ec00000-0000-4000-8000-00000000000a', 'Red team',
     '5ec10000-0000-4000-8000-000000000001');
INSERT INTO agentgov.team_invitations (id, org_id, team_id, invited_by, invited_email, role, token_sha256, expires_at) VALUES
    ('5ec60000-0000-4000-8000-000000000001', '5ec00000-0000-4000-8000-00000000000a',
     '5ec50000-0000-4000-8000-000000000001', '5ec10000-0000-4000-8000-000000000001',
     'eve@security.example', 'developer', agentgov.hash_token('invite-eve'), now() + interval '7 days'),
    ('5ec60000-0000-4000-8000-000000000002', '5ec00000-0000-4000-8000-00000000000a',
     '5ec50000-0000-4000-8000-000000000001', '5ec10000-0000-4000-8000-000000000001',
     'eve@security.example', 'viewer', agentgov.hash_token('invite-expired'), now() - interval '1 minute');

-- Only live tokens are found; a wrong or stale token finds nothing.
SELECT id FROM agentgov.find_session('sess-live');
SELECT count(*) AS stale_sessions FROM agentgov.find_session('sess-expired');
SELECT count(*) AS ended_sessions FROM agentgov.find_session('sess-ended');
SELECT count(*) AS unknown_sessions FROM agentgov.find_session('no-such-token');
SELECT id, user_id FROM agentgov.find_refresh_token('refresh-live');
SELECT count(*) AS revoked FROM agentgov.find_refresh_token('refresh-revoked');
SELECT count(*) AS expired FROM agentgov.find_refresh_token('refresh-expired');
SELECT id FROM agentgov.find_password_reset('reset-live');
SELECT count(*) AS used FROM agentgov.find_password_reset('reset-used');
SELECT id, invited_email, role FROM agentgov.find_team_invitation('invite-eve');
SELECT count(*) AS expired_invitation FROM agentgov.find_team_invitation('invite-expired');
-- A deactivated user's tokens stop working.
UPDATE agentgov.users SET is_active = false WHERE id = '5ec10000-0000-4000-8000-000000000005';
SELECT count(*) AS inactive_user FROM agentgov.find_session('sess-eve');
UPDATE agentgov.users SET is_active = true WHERE id = '5ec10000-0000-4000-8000-000000000005';
SELECT count(*) AS active_again FROM agentgov.find_session('sess-eve');
-- Logins: by email (any case) or by external identity.
SELECT user_id, password_hash, auth_provider FROM agentgov.find_login('ANN@Security.Example');
SELECT count(*) AS no_such_login FROM agentgov.find_login('nobody@security.example');
SELECT agentgov.find_external_login('github', 'gh-ben');
SELECT agentgov.find_external_login('google', 'gh-ben') IS NULL AS wrong_provider;
SELECT agentgov.find_session('');

-- ---- Encryption key -------------------------------------------------------------
-- No key: both directions are refused.
SELECT agentgov.encrypt_secret('sk-test');
SELECT agentgov.decrypt_secret('\x00');
-- A key must be long enough; the refusal does not repeat it.
SET agentgov.encryption_key = 'too-short';
-- It cannot be stored where every user can read it.
ALTER ROLE regress_agentgov_app SET agentgov.encryption_key = 'a-long-enough-secret-key';
CREATE FUNCTION regress_keyed() RETURNS int LANGUAGE sql
    SET agentgov.encryption_key = 'a-long-enough-secret-key' AS 'SELECT 1';
ALTER SYSTEM SET agentgov.encryption_key = 'a-long-enough-secret-key';
-- Clearing it there is harmless and allowed.
ALTER ROLE regress_agentgov_app SET agentgov.encryption_key = '';
ALTER ROLE regress_agentgov_app RESET agentgov.encryption_key;
-- A superuser session may set it (make demo does; servers use the configuration file).
SET agentgov.encryption_key = 'regress-key-0123456789';
-- It is hidden from SHOW ALL and pg_settings, even for superusers.
SELECT count(*) AS in_pg_settings FROM pg_settings WHERE name = 'agentgov.encryption_key';
SELECT count(*) AS in_show_all FROM pg_show_all_settings() WHERE name = 'agentgov.encryption_key';

-- Round trip; each encryption is salted; the ciphertext is standard OpenPGP.
CREATE TEMP TABLE secrets AS
SELECT agentgov.encrypt_secret('sk-ant-api03-regress') AS c1,
       agentgov.encrypt_secret('sk-ant-api03-regress') AS c2;
SELECT agentgov.decrypt_secret(c1) AS plain, c1 <> c2 AS salted,
       position('sk-ant' IN encode(c1, 'escape')) = 0 AS not_in_clear,
       pgp_sym_decrypt(c1, 'regress-key-0123456789') = 'sk-ant-api03-regress' AS openpgp,
       get_byte(c1, 3) = 9 AS aes256   -- symmetric-key session packet: version 4, algorithm 9
  FROM secrets;
SELECT agentgov.encrypt_secret('');
SELECT agentgov.encrypt_secret(NULL) IS NULL AS null_in_null_out;
-- Another key cannot read it.
SET agentgov.encryption_key = 'another-key-0123456789';
SELECT agentgov.decrypt_secret(c1) FROM secrets;
SET agentgov.encryption_key = 'regress-key-0123456789';

-- ---- actor_org_ids: once per statement, by role ------------------------------------
SELECT agentgov.actor_org_ids() AS no_actor;
SET agentgov.user_id = '5ec10000-0000-4000-8000-000000000004';   -- dan: ADMIN of B, VIEWER of A
SELECT array(SELECT unnest(agentgov.actor_org_ids()) ORDER BY 1) AS viewer_or_more,
       agentgov.actor_org_ids('MEMBER') AS member_or_more,
       agentgov.actor_org_ids('ADMIN') AS admin;
SET agentgov.user_id = '5ec10000-0000-4000-8000-000000000002';   -- ben: MEMBER of A
SELECT agentgov.actor_org_ids('VIEWER') AS viewer, agentgov.actor_org_ids('MEMBER') AS member,
       agentgov.actor_org_ids('ADMIN') AS admin;
SELECT agentgov.actor_org_ids(NULL) IS NULL AS null_role;
-- The JWT path (PostgREST / Supabase) works the same.
RESET agentgov.user_id;
SET request.jwt.claims = '{"sub": "5ec10000-0000-4000-8000-000000000001", "role": "authenticated"}';
SELECT agentgov.actor_org_ids('ADMIN') AS jwt_admin;
RESET request.jwt.claims;

-- ---- grant_app_access -----------------------------------------------------------------
-- Roles that would bypass the policies are refused.
SET client_min_messages = warning;
CREATE ROLE regress_agentgov_bypass BYPASSRLS;
CREATE ROLE regress_agentgov_super SUPERUSER;
CREATE ROLE regress_agentgov_ownerish;
DO $$ BEGIN EXECUTE format('GRANT %I TO regress_agentgov_ownerish', current_user); END $$;
CREATE ROLE regress_agentgov_monitor IN ROLE pg_monitor;
RESET client_min_messages;
SELECT agentgov.grant_app_access('regress_agentgov_bypass');
SELECT agentgov.grant_app_access('regress_agentgov_super');
SELECT agentgov.grant_app_access('regress_agentgov_ownerish');
SELECT agentgov.grant_app_access('regress_agentgov_monitor');
SELECT agentgov.grant_app_access('-');
-- The application role: privileges by class of table.
SELECT agentgov.grant_app_access('regress_agentgov_app');
SELECT agentgov.grant_app_access('regress_agentgov_app');    -- idempotent
SELECT string_agg(c.relname, ', ' ORDER BY c.relname) AS tables, p.privileges
  FROM pg_class c
 CROSS JOIN LATERAL (
       SELECT string_agg(x.priv, ', ' ORDER BY x.priv) AS privileges
         FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS x(priv)
        WHERE has_table_privilege('regress_agentgov_app', c.oid, x.priv)) p
 WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind IN ('r', 'v')
   AND p.privileges IS DISTINCT FROM 'DELETE, INSERT, SELECT, UPDATE'
 GROUP BY p.privileges
 ORDER BY p.privileges;
SELECT count(*) AS full_dml_tables
  FROM pg_class c
 WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind = 'r'
   AND (SELECT bool_and(has_table_privilege('regress_agentgov_app', c.oid, priv))
          FROM unnest('{SELECT,INSERT,UPDATE,DELETE}'::text[]) AS priv);
-- Functions only it (and the owner) may call.
SELECT p.oid::regprocedure AS restricted_function,
       has_function_privilege('regress_agentgov_app', p.oid, 'EXECUTE') AS app,
       has_function_privilege('regress_agentgov_bypass', p.oid, 'EXECUTE') AS others
  FROM pg_proc p
 WHERE p.pronamespace = 'agentgov'::regnamespace
   AND NOT has_function_privilege('public', p.oid, 'EXECUTE')
 ORDER BY p.oid::regprocedure::text;
-- An unprotected table is refused rather than exposed.
ALTER TABLE agentgov.ideas DISABLE ROW LEVEL SECURITY;
SELECT agentgov.grant_app_access('regress_agentgov_app');
ALTER TABLE agentgov.ideas ENABLE ROW LEVEL SECURITY;

-- ---- The policies, as the catalog holds them -----------------------------------------
-- Every table has row-level security and at least one policy (but the
-- private ones, which no client sees: none); none is forced.
SELECT c.relname AS unprotected
  FROM pg_class c
 WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind = 'r'
   AND (NOT c.relrowsecurity OR c.relforcerowsecurity
        OR NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)
           <> (agentgov.row_security_class(c.oid) = 'private'));
-- Classes and their tables.
SELECT agentgov.row_security_class(c.oid) AS class, count(*) AS tables,
       string_agg(c.relname, ', ' ORDER BY c.relname) FILTER (WHERE agentgov.row_security_class(c.oid) <> 'tenant') AS which
  FROM pg_class c
 WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind = 'r'
 GROUP BY 1 ORDER BY 1;
SELECT agentgov.row_security_class('pg_class') IS NULL AS not_ours;
-- One table of each class: its policies as PostgreSQL shows them.
SELECT count(*) AS policies, count(*) FILTER (WHERE roles = '{public}' AND permissive = 'PERMISSIVE') AS permissive_for_everyone
  FROM pg_policies WHERE schemaname = 'agentgov';
SELECT tablename, policyname, cmd, qual, with_check
  FROM pg_policies
 WHERE schemaname = 'agentgov'
   AND tablename IN ('projects', 'budget_limits', 'gate_policies', 'organizations',
                     'organization_members', 'users', 'api_keys', 'session_activities',
                     'personas', 'agents', 'audit_log')
 ORDER BY tablename, policyname;
-- Every expression reaches the actor through a scalar subquery (an InitPlan,
-- once per statement), never through a per-row call.
SELECT count(*) AS per_row_calls
  FROM pg_policies
 WHERE schemaname = 'agentgov'
   AND (regexp_replace(coalesce(qual, '') || coalesce(with_check, ''),
                       '\( SELECT agentgov\.(actor_org_ids|current_user_id)\(', '', 'g')
        ~ '(actor_org_ids|current_user_id)\(');
-- Each policy says whom it lets in.
SELECT obj_description(p.oid, 'pg_policy') AS comment
  FROM pg_policy p
 WHERE p.polrelid = 'agentgov.projects'::regclass
 ORDER BY p.polname;
-- enable_row_security() is idempotent and recreates what is missing.
SELECT agentgov.enable_row_security() AS created_again;
DROP POLICY agentgov_delete ON agentgov.projects;
SELECT agentgov.enable_row_security() AS recreated;
-- A table nobody classified stops it (and so CREATE EXTENSION) cold.
CREATE TABLE agentgov.regress_unclassified (id int);
SELECT agentgov.enable_row_security();
DROP TABLE agentgov.regress_unclassified;

-- ---- As the application role ----------------------------------------------------------
SET track_functions = 'all';   -- superuser-only, so before SET ROLE
SET ROLE regress_agentgov_app;
-- Membership is looked up once per statement, however many rows it filters:
-- two calls per query on users (its policy, and organization_members' policy
-- inside it), for 200 rows as for one.
BEGIN;
SELECT agentgov.set_actor('5ec10000-0000-4000-8000-000000000001');
SELECT count(*) AS users_ann_sees FROM agentgov.users u, generate_series(1, 50);
SELECT calls AS actor_org_ids_calls
  FROM pg_stat_xact_user_functions WHERE funcname = 'actor_org_ids';
SELECT count(*) AS one_row FROM agentgov.users u WHERE u.username = 'sec_ben';
SELECT calls AS after_a_second_statement
  FROM pg_stat_xact_user_functions WHERE funcname = 'actor_org_ids';
COMMIT;

-- Users see themselves and whoever shares an organization with them.
BEGIN;
SELECT agentgov.set_actor('5ec10000-0000-4000-8000-000000000003');   -- cat, VIEWER of A
SELECT username FROM agentgov.users ORDER BY username;
SELECT name FROM agentgov.organizations ORDER BY name;
SELECT agentgov.set_actor('5ec10000-0000-4000-8000-000000000005');   -- eve, no org
SELECT username FROM agentgov.users ORDER BY username;
SELECT count(*) AS orgs FROM agentgov.organizations;
SELECT agentgov.set_actor(NULL);
SELECT count(*) AS users_without_actor FROM agentgov.users;
COMMIT;

-- Per-user rows: a user's own only.
BEGIN;
SELECT agentgov.set_actor('5ec10000-0000-4000-8000-000000000002');   -- ben
SELECT id FROM agentgov.refresh_tokens ORDER BY id;
SELECT count(*) AS others_sessions FROM agentgov.user_sessions;
-- The lookups still authenticate anyone, before any actor.
SELECT agentgov.set_actor(NULL);
SELECT user_id FROM agentgov.find_session('sess-live');
COMMIT;

-- API keys: stored encrypted, readable in clear by their owner only.
BEGIN;
SELECT agentgov.set_actor('5ec10000-0000-4000-8000-000000000002');
INSERT INTO agentgov.api_keys (user_id, provider, api_key_encrypted)
VALUES ('5ec10000-0000-4000-8000-000000000002', 'openai', agentgov.encrypt_secret('sk-proj-ben'));
SELECT provider, agentgov.decrypt_secret(api_key_encrypted) AS key FROM agentgov.api_keys;
SELECT agentgov.set_actor('5ec10000-0000-4000-8000-000000000001');
SELECT count(*) AS anns_view_of_bens_keys FROM agentgov.api_keys;
INSERT INTO agentgov.api_keys (user_id, provider, api_key_encrypted)
VALUES ('5ec10000-0000-4000-8000-000000000002', 'claude', agentgov.encrypt_secret('sk-planted'));
ROLLBACK;
-- The key stays hidden from the application role.
SHOW agentgov.encryption_key;
SELECT current_setting('agentgov.encryption_key');
SET agentgov.encryption_key = 'app-chosen-key-0123456789';

-- create_organization: the actor becomes its ADMIN.
BEGIN;
SELECT agentgov.set_actor('5ec10000-0000-4000-8000-000000000005');   -- eve
SELECT agentgov.create_organization('Security C', 'security-c') IS NOT NULL AS created;
SELECT o.name, o.subscription_tier, o.max_projects, m.role
  FROM agentgov.organizations o JOIN agentgov.organization_members m ON m.org_id = o.id;
-- Not by a direct insert, which no policy allows.
INSERT INTO agentgov.organizations (name, slug) VALUES ('Security D', 'security-d');
ROLLBACK;
-- Only BASIC: the plan is the platform's (plans.sql).
BEGIN;
SELECT agentgov.set_actor('5ec10000-0000-4000-8000-000000000005');   -- eve
SELECT agentgov.create_organization('Security C', 'security-c', 'PRO');
ROLLBACK;

-- accept_team_invitation: only the invited email, only once, only while valid.
BEGIN;
SELECT agentgov.set_actor('5ec10000-0000-4000-8000-000000000004');   -- dan is not eve
SELECT agentgov.accept_team_invitation('invite-eve');
ROLLBACK;
BEGIN;
SELECT agentgov.set_actor('5ec10000-0000-4000-8000-000000000005');   -- eve
SELECT agentgov.accept_team_invitation('invite-expired');
ROLLBACK;
BEGIN;
SELECT agentgov.set_actor('5ec10000-0000-4000-8000-000000000005');
SELECT agentgov.accept_team_invitation('invite-eve') IS NOT NULL AS accepted;
SELECT o.slug, m.role FROM agentgov.organization_members m JOIN agentgov.organizations o ON o.id = m.org_id
 WHERE m.user_id = '5ec10000-0000-4000-8000-000000000005';
SELECT t.name, tm.role FROM agentgov.team_members tm JOIN agentgov.teams t ON t.org_id = tm.org_id AND t.id = tm.team_id
 WHERE tm.user_id = '5ec10000-0000-4000-8000-000000000005';
SELECT count(*) AS reusable FROM agentgov.find_team_invitation('invite-eve');
COMMIT;
BEGIN;
SELECT agentgov.set_actor('5ec10000-0000-4000-8000-000000000005');
SELECT agentgov.accept_team_invitation('invite-eve');
ROLLBACK;
-- Without an actor neither works.
SELECT agentgov.create_organization('Security E', 'security-e');
SELECT agentgov.accept_team_invitation('invite-eve');
RESET ROLE;
RESET track_functions;

-- Outside the application role the helpers are not callable, even with
-- access to the schema.
GRANT USAGE ON SCHEMA agentgov TO regress_agentgov_bypass;
SET ROLE regress_agentgov_bypass;
SELECT agentgov.find_session('sess-live');
SELECT agentgov.decrypt_secret('\x00');
RESET ROLE;

-- ---- Clean up ---------------------------------------------------------------------------
RESET agentgov.encryption_key;
SET client_min_messages = warning;
DROP OWNED BY regress_agentgov_app, regress_agentgov_bypass;
DROP ROLE regress_agentgov_app, regress_agentgov_bypass, regress_agentgov_super,
          regress_agentgov_ownerish, regress_agentgov_monitor;
DELETE FROM agentgov.organizations WHERE slug LIKE 'security-%';
DELETE FROM agentgov.users WHERE username LIKE 'sec\_%';
RESET client_min_messages;
