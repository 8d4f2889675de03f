\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Tenant isolation and secrets: the membership function the row-level
-- security policies are built on, the policies themselves (created by
-- enable_row_security(), which 85_row_security.sql calls once every table
-- exists), grant_app_access() for the application role, token digests and
-- their lookups, and encryption of provider API keys.
--
-- SECURITY DEFINER is used only where an application role, confined by
-- the policies, must do something no policy can allow: look a user up by a
-- token or an email before anyone is acting (authentication), and create
-- the first membership of a new organization or of an invited user.  Those
-- functions pin search_path, qualify every name, and are executable only
-- by roles that grant_app_access() names.
-- ---------------------------------------------------------------------------

-- ---- Membership, the basis of every tenant policy ----------------------------

CREATE FUNCTION agentgov.actor_org_ids(min_role agentgov.user_role DEFAULT 'VIEWER')
RETURNS uuid[]
    AS 'MODULE_PATHNAME', 'actor_org_ids'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION agentgov.actor_org_ids(agentgov.user_role) IS
    'Organizations in which current_user_id() holds min_role or a stronger role (ADMIN > MEMBER > VIEWER); empty without an actor. Policies call it as (SELECT agentgov.actor_org_ids(...)), once per statement';

CREATE FUNCTION agentgov.refuse_write(table_name text, org_id uuid) RETURNS boolean
    AS 'MODULE_PATHNAME', 'refuse_write'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION agentgov.refuse_write(text, uuid) IS
    'Called by the WITH CHECK of every policy, only for a new row its rule refuses: raises AG006 when no actor is set, AG007 when the actor is not a member of org_id; else returns false (PostgreSQL''s own refusal follows)';

-- ---- Classification of tables ------------------------------------------------

CREATE FUNCTION agentgov.row_security_class(rel regclass) RETURNS text
LANGUAGE sql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN c.relname IN ('organizations', 'organization_members', 'users',
                           'session_activities', 'agents', 'gate_policies', 'audit_log')
            THEN c.relname::text
        WHEN c.relname IN ('personas', 'model_prices') THEN 'catalogue'
        WHEN c.relname = 'budget_limits' THEN 'admin_config'
        -- Bookkeeping that only agentgov's own triggers write, as the table owner.
        WHEN c.relname IN ('artifact_version_counters', 'generation_version_counters',
                           'usage_rollups', 'usage_kind_rollups', 'budget_periods') THEN 'internal'
        -- Bookkeeping with no organization column that no client needs to see.
        WHEN c.relname IN ('audit_chain_heads') THEN 'private'
        WHEN org.attnotnull THEN 'tenant'
        WHEN org.attname IS NULL AND usr.attnotnull THEN 'per_user'
    END
      FROM pg_class c
      LEFT JOIN pg_attribute org ON org.attrelid = c.oid AND org.attname = 'org_id' AND NOT org.attisdropped
      LEFT JOIN pg_attribute usr ON usr.attrelid = c.oid AND usr.attname = 'user_id' AND NOT usr.attisdropped
     WHERE c.oid = rel AND c.relnamespace = 'agentgov'::regnamespace AND c.relkind IN ('r', 'p')
$$;
COMMENT ON FUNCTION agentgov.row_security_class(regclass) IS
    'Which row-level security rules an agentgov table gets: tenant (org_id NOT NULL), per_user (user_id, no org_id), admin_config, catalogue, internal (bookkeeping written only by agentgov''s triggers), private (bookkeeping no client sees), or the table''s own name for tables with rules of their own; NULL when none fits';

-- ---- Policies ----------------------------------------------------------------

CREATE FUNCTION agentgov.enable_row_security()
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    macros CONSTANT text[] := ARRAY[
        [':viewer', '((SELECT agentgov.actor_org_ids(''VIEWER''))::uuid[])'],
        [':member', '((SELECT agentgov.actor_org_ids(''MEMBER''))::uuid[])'],
        [':admin', '((SELECT agentgov.actor_org_ids(''ADMIN''))::uuid[])'],
        [':actor', '(SELECT agentgov.current_user_id())']];
    t record;
    r record;
    table_class text;
    policy_name text;
    using_expr text;
    check_expr text;
    created integer := 0;
BEGIN
    FOR t IN
        SELECT c.oid::regclass AS rel, c.relname,
               EXISTS (SELECT 1 FROM pg_attribute a
                        WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped) AS has_org
          FROM pg_class c
         WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind IN ('r', 'p')
         ORDER BY c.relname
    LOOP
        table_class := agentgov.row_security_class(t.rel);
        IF table_class IS NULL THEN
            RAISE EXCEPTION 'table % has no row-level security rules', t.rel
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Classify it in agentgov.row_security_class().';
        END IF;
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t.rel);

        -- The rules of each class.  :viewer, :member and :admin stand for
        -- the array of orgs where the actor holds at least that role (cast,
        -- so that = ANY takes the array instead of a subquery), :actor for
        -- the actor; each is a scalar subquery, an InitPlan evaluated once
        -- per statement.  UPDATE tests the old row with USING and the new one
        -- with WITH CHECK; SELECT ... FOR UPDATE/SHARE applies only USING,
        -- so an admin_config row that members may not change can still be
        -- locked by them.
        FOR r IN
            SELECT v.cmd, v.using_rule, v.check_rule, v.who
              FROM (VALUES
                ('tenant', 'SELECT', 'org_id = ANY :viewer', NULL, 'members of the row''s organization'),
                ('tenant', 'INSERT', NULL, 'org_id = ANY :member', 'ADMINs and MEMBERs of the row''s organization'),
                ('tenant', 'UPDATE', 'org_id = ANY :member', 'org_id = ANY :member', 'ADMINs and MEMBERs of the row''s organization'),
                ('tenant', 'DELETE', 'org_id = ANY :member', NULL, 'ADMINs and MEMBERs of the row''s organization'),

                ('admin_config', 'SELECT', 'org_id = ANY :viewer', NULL, 'members of the row''s organization'),
                ('admin_config', 'INSERT', NULL, 'org_id = ANY :admin', 'ADMINs of the row''s organization'),
                ('admin_config', 'UPDATE', 'org_id = ANY :member', 'org_id = ANY :admin', 'ADMINs of the row''s organization (MEMBERs may lock it)'),
                ('admin_config', 'DELETE', 'org_id = ANY :admin', NULL, 'ADMINs of the row''s organization'),

                ('gate_policies', 'SELECT', 'org_id IS NULL OR org_id = ANY :viewer', NULL, 'everyone (defaults) and members of the row''s organization'),
                ('gate_policies', 'INSERT', NULL, 'org_id = ANY :admin', 'ADMINs of the row''s organization'),
                ('gate_policies', 'UPDATE', 'org_id = ANY :member', 'org_id = ANY :admin', 'ADMINs of the row''s organization (MEMBERs may lock it)'),
                ('gate_policies', 'DELETE', 'org_id = ANY :admin', NULL, 'ADMINs of the row''s organization'),

                ('organizations', 'SELECT', 'id = ANY :viewer', NULL, 'its members'),
                ('organizations', 'UPDATE', 'id = ANY :member', 'id = ANY :admin', 'its ADMINs (MEMBERs may lock it)'),
                ('organizations', 'DELETE', 'id = ANY :admin', NULL, 'its ADMINs'),

                ('organization_members', 'SELECT', 'org_id = ANY :viewer', NULL, 'members of the organization'),
                ('organization_members', 'INSERT', NULL, 'org_id = ANY :admin', 'ADMINs of the organization'),
                ('organization_members', 'UPDATE', 'org_id = ANY :member', 'org_id = ANY :admin', 'ADMINs of the organization (MEMBERs may lock it)'),
                ('organization_members', 'DELETE', 'org_id = ANY :admin OR user_id = :actor', NULL, 'ADMINs of the organization, and the member himself (leaving)'),

                ('users', 'SELECT', 'id = :actor OR EXISTS (SELECT 1 FROM agentgov.organization_members m WHERE m.user_id = users.id AND m.org_id = ANY :viewer)', NULL, 'the user himself and users sharing an organization with him'),
                ('users', 'INSERT', NULL, 'id = :actor', 'the user himself (sign-up: set the actor to the new id first)'),
                ('users', 'UPDATE', 'id = :actor', 'id = :actor', 'the user himself'),
                ('users', 'DELETE', 'id = :actor', NULL, 'the user himself'),

                ('per_user', 'ALL', 'user_id = :actor', 'user_id = :actor', 'the user the row belongs to'),

                ('session_activities', 'ALL',
                 'EXISTS (SELECT 1 FROM agentgov.user_sessions s WHERE s.id = session_activities.session_id AND s.user_id = :actor)',
                 'EXISTS (SELECT 1 FROM agentgov.user_sessions s WHERE s.id = session_activities.session_id AND s.user_id = :actor)',
                 'the user the session belongs to'),

                ('catalogue', 'SELECT', 'true', NULL, 'everyone; only the owner writes'),

                ('internal', 'SELECT', 'org_id = ANY :viewer', NULL, 'members of the row''s organization; only agentgov''s triggers write'),

                ('agents', 'SELECT', 'org_id IS NULL OR org_id = ANY :viewer', NULL, 'everyone (catalogue agents) and members of the agent''s organization'),
                ('agents', 'INSERT', NULL, 'org_id = ANY :member', 'ADMINs and MEMBERs of the agent''s organization; only the owner writes the catalogue'),
                ('agents', 'UPDATE', 'org_id = ANY :member', 'org_id = ANY :member', 'ADMINs and MEMBERs of the agent''s organization; only the owner writes the catalogue'),
                ('agents', 'DELETE', 'org_id = ANY :member', NULL, 'ADMINs and MEMBERs of the agent''s organization; only the owner writes the catalogue'),

                ('audit_log', 'SELECT', 'org_id = ANY :viewer OR (org_id IS NULL AND actor_id = :actor)', NULL, 'members of the organization; the actor himself for rows without one'),
                ('audit_log', 'INSERT', NULL, 'actor_id = :actor AND (org_id IS NULL OR org_id = ANY :viewer)', 'anyone acting, for rows naming himself as actor, in his organizations or none')
              ) AS v (class, cmd, using_rule, check_rule, who)
             WHERE v.class = table_class
        LOOP
            policy_name := 'agentgov_' || lower(r.cmd);
            CONTINUE WHEN EXISTS (SELECT 1 FROM pg_policy p
                                   WHERE p.polrelid = t.rel AND p.polname = policy_name);
            using_expr := r.using_rule;
            check_expr := r.check_rule;
            FOR i IN 1 .. array_length(macros, 1) LOOP
                using_expr := replace(using_expr, macros[i][1], macros[i][2]);
                check_expr := replace(check_expr, macros[i][1], macros[i][2]);
            END LOOP;
            -- A new row the rule refuses gets an error the application can
            -- act on (AG006 no actor, AG007 not a member) from
            -- refuse_write(), called only when the rule is not true.
            IF check_expr IS NOT NULL THEN
                check_expr := format('(%s) OR agentgov.refuse_write(%L, %s)', check_expr,
                                     t.relname,
                                     CASE WHEN table_class = 'organizations' THEN 'id'
                                          WHEN t.has_org THEN 'org_id'
                                          ELSE 'NULL' END);
            END IF;
            EXECUTE format('CREATE POLICY %I ON %s AS PERMISSIVE FOR %s TO PUBLIC%s%s',
                           policy_name, t.rel, r.cmd,
                           ' USING (' || using_expr || ')',
                           ' WITH CHECK (' || check_expr || ')');
            EXECUTE format('COMMENT ON POLICY %I ON %s IS %L', policy_name, t.rel,
                           CASE r.cmd WHEN 'ALL' THEN 'Every command' ELSE r.cmd END
                           || ' allowed to ' || r.who);
            created := created + 1;
        END LOOP;
    END LOOP;
    RETURN created;
END
$$;
COMMENT ON FUNCTION agentgov.enable_row_security() IS
    'Enables row-level security on every agentgov table and creates the agentgov_* policies its class calls for that are missing; returns how many it created. Raises for a table no class covers';

-- ---- The application role ----------------------------------------------------

CREATE FUNCTION agentgov.grant_app_access(app_role regrole) RETURNS void
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t record;
    f regprocedure;
BEGIN
    IF app_role = 0 THEN
        RAISE EXCEPTION 'an application role must be named'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles r WHERE r.oid = app_role AND (r.rolsuper OR r.rolbypassrls)) THEN
        RAISE EXCEPTION 'role % cannot be an application role', app_role
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'It is a superuser or has BYPASSRLS, so row-level security does not apply to it.',
                  HINT = 'Create a role WITH NOSUPERUSER NOBYPASSRLS for the application.';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_class c
                WHERE c.relnamespace = 'agentgov'::regnamespace
                  AND pg_has_role(app_role, c.relowner, 'MEMBER')) THEN
        RAISE EXCEPTION 'role % cannot be an application role', app_role
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'It owns agentgov''s tables or is a member of their owner, and table owners bypass row-level security.',
                  HINT = 'Use a role distinct from the one that ran CREATE EXTENSION.';
    END IF;
    IF pg_has_role(app_role, 'pg_read_all_settings', 'USAGE') THEN
        RAISE EXCEPTION 'role % cannot be an application role', app_role
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'It has the privileges of pg_read_all_settings and could read agentgov.encryption_key.',
                  HINT = 'Revoke pg_read_all_settings (or pg_monitor) from it.';
    END IF;

    EXECUTE format('GRANT USAGE ON SCHEMA agentgov TO %s', app_role);
    FOR t IN
        SELECT c.oid::regclass AS rel, c.relkind, c.relrowsecurity AS rowsecurity,
               agentgov.row_security_class(c.oid) AS class
          FROM pg_class c
         WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind IN ('r', 'p', 'v')
         ORDER BY c.relname
    LOOP
        IF t.relkind <> 'v' AND (t.class IS NULL OR NOT t.rowsecurity) THEN
            RAISE EXCEPTION 'table % is not protected by row-level security', t.rel
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Run agentgov.enable_row_security() first.';
        END IF;
        CONTINUE WHEN t.class = 'private';
        EXECUTE format('GRANT %s ON %s TO %s',
                       CASE WHEN t.relkind = 'v' OR t.class IN ('catalogue', 'internal') THEN 'SELECT'
                            WHEN t.class = 'audit_log' THEN 'SELECT, INSERT'
                            WHEN t.class = 'organizations' THEN 'SELECT, UPDATE, DELETE'
                            ELSE 'SELECT, INSERT, UPDATE, DELETE' END,
                       t.rel, app_role);
    END LOOP;
    FOREACH f IN ARRAY ARRAY[
        'agentgov.find_session(text)', 'agentgov.find_refresh_token(text)',
        'agentgov.find_password_reset(text)', 'agentgov.find_team_invitation(text)',
        'agentgov.find_login(text)', 'agentgov.find_external_login(agentgov.auth_provider, text)',
        'agentgov.create_organization(text, text, agentgov.subscription_tier)',
        'agentgov.accept_team_invitation(text)',
        'agentgov.encrypt_secret(text)', 'agentgov.decrypt_secret(bytea)']::regprocedure[]
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %s', f, app_role);
    END LOOP;
END
$$;
COMMENT ON FUNCTION agentgov.grant_app_access(regrole) IS
    'Grants an application role what it needs under row-level security: the schema, table privileges by class (catalogues and internal bookkeeping read-only, audit_log append-only), the views, and the authentication, organization and secret helpers. Refuses roles that would bypass the policies';

-- ---- Token digests and lookups ------------------------------------------------

CREATE FUNCTION agentgov.hash_token(token text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hash_token'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.hash_token(text) IS
    'SHA-256 digest of a token''s bytes (as sha256(convert_to(token, ''UTF8'')) in a UTF-8 database): the only form in which session, refresh, reset and invitation tokens are stored';

CREATE FUNCTION agentgov.find_session(token text) RETURNS SETOF agentgov.user_sessions
LANGUAGE sql STABLE STRICT SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s.*
      FROM agentgov.user_sessions s
      JOIN agentgov.users u ON u.id = s.user_id
     WHERE s.token_sha256 = agentgov.hash_token(token)
       AND s.status = 'active' AND s.ended_at IS NULL
       AND (s.expires_at IS NULL OR s.expires_at > now())
       AND u.is_active
$$;
COMMENT ON FUNCTION agentgov.find_session(text) IS
    'The active, unexpired session of an active user whose token this is, or no row. SECURITY DEFINER: it authenticates, so it runs before any actor is set';

CREATE FUNCTION agentgov.find_refresh_token(token text) RETURNS SETOF agentgov.refresh_tokens
LANGUAGE sql STABLE STRICT SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT r.*
      FROM agentgov.refresh_tokens r
      JOIN agentgov.users u ON u.id = r.user_id
     WHERE r.token_sha256 = agentgov.hash_token(token)
       AND NOT r.revoked AND r.expires_at > now()
       AND u.is_active
$$;
COMMENT ON FUNCTION agentgov.find_refresh_token(text) IS
    'The unrevoked, unexpired refresh token of an active user with this plain value, or no row. SECURITY DEFINER: it authenticates, so it runs before any actor is set';

CREATE FUNCTION agentgov.find_password_reset(token text) RETURNS SETOF agentgov.password_reset_requests
LANGUAGE sql STABLE STRICT SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.*
      FROM agentgov.password_reset_requests p
      JOIN agentgov.users u ON u.id = p.user_id
     WHERE p.token_sha256 = agentgov.hash_token(token)
       AND NOT p.used AND p.expires_at > now()
       AND u.is_active
$$;
COMMENT ON FUNCTION agentgov.find_password_reset(text) IS
    'The unused, unexpired password reset request of an active user with this token, or no row. SECURITY DEFINER: it authenticates, so it runs before any actor is set';

CREATE FUNCTION agentgov.find_team_invitation(token text) RETURNS SETOF agentgov.team_invitations
LANGUAGE sql STABLE STRICT SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT i.*
      FROM agentgov.team_invitations i
     WHERE i.token_sha256 = agentgov.hash_token(token)
       AND NOT i.accepted AND i.expires_at > now()
$$;
COMMENT ON FUNCTION agentgov.find_team_invitation(text) IS
    'The open, unexpired team invitation with this token, or no row. SECURITY DEFINER: the invitee is not yet a member of the organization';

CREATE FUNCTION agentgov.find_login(email text)
RETURNS TABLE (user_id uuid, password_hash varchar, auth_provider agentgov.auth_provider,
               is_verified boolean, is_2fa_enabled boolean)
LANGUAGE sql STABLE STRICT SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT u.id, u.password_hash, u.auth_provider, u.is_verified, u.is_2fa_enabled
      FROM agentgov.users u
     WHERE u.email = lower(find_login.email) AND u.is_active
$$;
COMMENT ON FUNCTION agentgov.find_login(text) IS
    'What a login form needs to check a password: the active user with this email, or no row. SECURITY DEFINER: it authenticates, so it runs before any actor is set';

CREATE FUNCTION agentgov.find_external_login(provider agentgov.auth_provider, provider_id text)
RETURNS uuid
LANGUAGE sql STABLE STRICT SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT u.id
      FROM agentgov.users u
     WHERE u.auth_provider = find_external_login.provider
       AND u.auth_provider_id = find_external_login.provider_id
       AND u.is_active
$$;
COMMENT ON FUNCTION agentgov.find_external_login(agentgov.auth_provider, text) IS
    'The active user an external identity (google, github, supabase subject) belongs to, or NULL. SECURITY DEFINER: it authenticates, so it runs before any actor is set';

-- ---- Organizations and invitations under row-level security -----------------

CREATE FUNCTION agentgov.create_organization(name text, slug text,
                                             tier agentgov.subscription_tier DEFAULT 'BASIC')
RETURNS uuid
    AS 'MODULE_PATHNAME', 'create_organization'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION agentgov.create_organization(text, text, agentgov.subscription_tier) IS
    'Creates an organization with the actor as its ADMIN and returns its id. A tier other than BASIC needs a role that may set plans: a superuser, the extension owner, or a role granted EXECUTE on set_plan() (42501 otherwise). Runs as its caller, and inserts as the owner of organizations: no policy can let a user insert the first membership of an organization he is not yet in';

CREATE FUNCTION agentgov.accept_team_invitation(token text) RETURNS uuid
LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor uuid := agentgov.current_user_id();
    actor_email text;
    invitation agentgov.team_invitations;
    member_id uuid;
BEGIN
    IF actor IS NULL THEN
        RAISE EXCEPTION 'accepting an invitation needs an actor'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Call agentgov.set_actor() first with the invited user.';
    END IF;
    SELECT i.* INTO invitation
      FROM agentgov.team_invitations i
     WHERE i.token_sha256 = agentgov.hash_token(token)
       AND NOT i.accepted AND i.expires_at > now()
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'invitation token is invalid, expired or already used'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT u.email INTO actor_email FROM agentgov.users u WHERE u.id = actor AND u.is_active;
    IF actor_email IS DISTINCT FROM invitation.invited_email THEN
        RAISE EXCEPTION 'the invitation was sent to another email address'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'Only the active user with the invited email may accept it.';
    END IF;

    INSERT INTO agentgov.organization_members (org_id, user_id, role)
    VALUES (invitation.org_id, actor,
            CASE WHEN invitation.role = 'viewer' THEN 'VIEWER' ELSE 'MEMBER' END::agentgov.user_role)
    ON CONFLICT (org_id, user_id) DO NOTHING;
    INSERT INTO agentgov.team_members (org_id, team_id, user_id, role)
    VALUES (invitation.org_id, invitation.team_id, actor, invitation.role)
    ON CONFLICT (org_id, team_id, user_id) DO UPDATE SET role = excluded.role
    RETURNING id INTO member_id;
    UPDATE agentgov.team_invitations
       SET accepted = true, accepted_at = now()
     WHERE org_id = invitation.org_id AND id = invitation.id;
    RETURN member_id;
END
$$;
COMMENT ON FUNCTION agentgov.accept_team_invitation(text) IS
    'Accepts an open invitation for the actor, whose email must be the invited one: joins the organization (VIEWER for a viewer invitation, else MEMBER, unless already a member) and the team with the invited role; returns the team_members id. SECURITY DEFINER: the invitee is not yet a member';

-- ---- Provider API keys ---------------------------------------------------------

CREATE FUNCTION agentgov.encrypt_secret(plain text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'encrypt_secret'
    LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.encrypt_secret(text) IS
    'Encrypts a secret (a provider API key) with pgcrypto''s pgp_sym_encrypt, AES-256, under the key of setting agentgov.encryption_key; refused when no key is set';

CREATE FUNCTION agentgov.decrypt_secret(ciphertext bytea) RETURNS text
    AS 'MODULE_PATHNAME', 'decrypt_secret'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.decrypt_secret(bytea) IS
    'Decrypts what encrypt_secret() produced, with the key of setting agentgov.encryption_key; refused when no key is set';

CREATE FUNCTION agentgov.check_secret_ciphertext(ciphertext bytea, what text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'check_secret_ciphertext'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.check_secret_ciphertext(bytea, text) IS
    'CHECK of the columns holding secrets: true when the value has the OpenPGP framing of encrypt_secret()''s output (AES-256 session key packet with iterated S2K, then one integrity-protected data packet whose lengths end where the value ends); raises check_violation naming what otherwise, so plain text and truncated values are refused. Needs no key, so it cannot tell which key encrypted a value (decrypt_secret() does)';

-- Provider API keys are stored encrypted only.
ALTER TABLE agentgov.api_keys ADD CONSTRAINT api_keys_key_encrypted
    CHECK (agentgov.check_secret_ciphertext(api_key_encrypted, 'api_keys.api_key_encrypted'));
COMMENT ON CONSTRAINT api_keys_key_encrypted ON agentgov.api_keys IS
    'Only ciphertext of agentgov.encrypt_secret() is stored: plain text and truncated values are refused (format check, no key needed, so restores pass)';

-- Only the owner and the roles grant_app_access() names may call these.
REVOKE EXECUTE ON FUNCTION
    agentgov.enable_row_security(),
    agentgov.grant_app_access(regrole),
    agentgov.find_session(text),
    agentgov.find_refresh_token(text),
    agentgov.find_password_reset(text),
    agentgov.find_team_invitation(text),
    agentgov.find_login(text),
    agentgov.find_external_login(agentgov.auth_provider, text),
    agentgov.create_organization(text, text, agentgov.subscription_tier),
    agentgov.accept_team_invitation(text),
    agentgov.encrypt_secret(text),
    agentgov.decrypt_secret(bytea)
FROM PUBLIC;
