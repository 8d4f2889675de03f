\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Tenancy and identity: organizations, users, memberships, workspaces, teams,
-- sessions, tokens, API keys.
--
-- organizations is the tenant root.  users and the per-user tables
-- (user_sessions, session_activities, refresh_tokens, password_reset_requests,
-- api_keys, user_rules) are global: a user may belong to several
-- organizations, so these keep PRIMARY KEY (id) and become reference tables
-- on Citus.  Every other table here carries org_id and is keyed (org_id, id).
-- Token columns hold SHA-256 digests, never the token itself.
-- ---------------------------------------------------------------------------

CREATE FUNCTION agentgov.organization_defaults() RETURNS trigger
    AS 'MODULE_PATHNAME', 'organization_defaults' LANGUAGE C;
COMMENT ON FUNCTION agentgov.organization_defaults() IS
    'BEFORE INSERT trigger on organizations: fills plan limits the insert left NULL from the subscription tier';

CREATE TABLE agentgov.organizations (
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    name                    varchar(100) NOT NULL,
    slug                    varchar(50) NOT NULL,
    subscription_tier       agentgov.subscription_tier NOT NULL DEFAULT 'BASIC',
    max_projects            integer,
    max_agents_per_project  integer NOT NULL,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organizations_pkey PRIMARY KEY (id),
    CONSTRAINT organizations_slug_key UNIQUE (slug),
    CONSTRAINT organizations_name_length CHECK (char_length(name) BETWEEN 3 AND 100),
    CONSTRAINT organizations_slug_format CHECK (slug ~ '^[a-z0-9-]+$'),
    CONSTRAINT organizations_max_projects_range CHECK (max_projects IS NULL OR max_projects >= 0),
    CONSTRAINT organizations_max_agents_range CHECK (max_agents_per_project >= 0)
);
CREATE INDEX idx_organizations_name ON agentgov.organizations (name);
CREATE INDEX idx_organizations_created_at ON agentgov.organizations (created_at);
CREATE TRIGGER organizations_defaults BEFORE INSERT ON agentgov.organizations
    FOR EACH ROW EXECUTE FUNCTION agentgov.organization_defaults();
COMMENT ON TABLE agentgov.organizations IS 'Tenants (platform). Every tenant table references this through org_id';
COMMENT ON COLUMN agentgov.organizations.slug IS 'URL name: lower-case letters, digits and hyphens';
COMMENT ON COLUMN agentgov.organizations.max_projects IS 'Plan limit on non-archived projects; NULL = unlimited. Default by tier: BASIC 3, PRO 20, ENTERPRISE NULL';
COMMENT ON COLUMN agentgov.organizations.max_agents_per_project IS 'Plan limit on agents per project. Default by tier: BASIC 1, PRO 5, ENTERPRISE 20';

-- ---- The plan belongs to the platform (docs/plans.md) -----------------------
-- subscription_tier, max_projects and max_agents_per_project change only
-- through set_plan() (or by the owner / a superuser directly); see
-- src/plans.c.  Rows never move between organizations (refuse_org_move(),
-- attached to every table with org_id by 90_finish.sql).

CREATE FUNCTION agentgov.refuse_org_move() RETURNS trigger
    AS 'MODULE_PATHNAME', 'refuse_org_move' LANGUAGE C;
COMMENT ON FUNCTION agentgov.refuse_org_move() IS
    'BEFORE UPDATE OF org_id trigger (WHEN the value changes) on every table with org_id, and of id on organizations: rows never move between organizations (0A000), so no reference can cross tenants';

CREATE TRIGGER organizations_id_immutable BEFORE UPDATE OF id ON agentgov.organizations
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id)
    EXECUTE FUNCTION agentgov.refuse_org_move('id');

CREATE FUNCTION agentgov.guard_plan() RETURNS trigger
    AS 'MODULE_PATHNAME', 'guard_plan' LANGUAGE C;
COMMENT ON FUNCTION agentgov.guard_plan() IS
    'BEFORE INSERT OR UPDATE OF subscription_tier, max_projects, max_agents_per_project trigger on organizations: limits are never negative (23514); only a superuser or a role with the privileges of the extension owner (so set_plan()) may set a plan other than BASIC or change one (42501)';
CREATE TRIGGER organizations_plan_guard
    BEFORE INSERT OR UPDATE OF subscription_tier, max_projects, max_agents_per_project
    ON agentgov.organizations
    FOR EACH ROW EXECUTE FUNCTION agentgov.guard_plan();

CREATE FUNCTION agentgov.plan_defaults(tier agentgov.subscription_tier,
                                       OUT max_projects integer,
                                       OUT max_agents_per_project integer)
RETURNS record
    AS 'MODULE_PATHNAME', 'plan_defaults'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.plan_defaults(agentgov.subscription_tier) IS
    'Plan limits of a subscription tier: BASIC 3 projects and 1 agent per project, PRO 20 and 5, ENTERPRISE unlimited (NULL) and 20';

CREATE FUNCTION agentgov.set_plan(org_id uuid, tier agentgov.subscription_tier,
                                  limits jsonb DEFAULT NULL)
RETURNS agentgov.organizations
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    defaults record;
    new_projects integer;
    new_agents integer;
    limit_name text;
    limit_value jsonb;
    result agentgov.organizations;
BEGIN
    IF set_plan.org_id IS NULL OR set_plan.tier IS NULL THEN
        RAISE EXCEPTION 'set_plan needs an organization and a tier'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    defaults := agentgov.plan_defaults(set_plan.tier);
    new_projects := defaults.max_projects;
    new_agents := defaults.max_agents_per_project;
    IF set_plan.limits IS NOT NULL THEN
        IF jsonb_typeof(set_plan.limits) <> 'object' THEN
            RAISE EXCEPTION 'plan limits must be a JSON object, not %', jsonb_typeof(set_plan.limits)
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'For example {"max_projects": 50, "max_agents_per_project": 10}; a limit left out takes the tier''s default.';
        END IF;
        FOR limit_name, limit_value IN SELECT e.key, e.value FROM jsonb_each(set_plan.limits) e LOOP
            IF limit_name NOT IN ('max_projects', 'max_agents_per_project') THEN
                RAISE EXCEPTION 'unknown plan limit "%"', limit_name
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = 'The plan limits are max_projects and max_agents_per_project.';
            END IF;
            IF limit_name = 'max_projects' AND jsonb_typeof(limit_value) = 'null' THEN
                new_projects := NULL;
                CONTINUE;
            END IF;
            IF jsonb_typeof(limit_value) <> 'number'
               OR limit_value::numeric <> trunc(limit_value::numeric)
               OR limit_value::numeric NOT BETWEEN 0 AND 2147483647 THEN
                RAISE EXCEPTION 'plan limit % must be an integer from 0 to 2147483647%, not %',
                                limit_name,
                                CASE limit_name WHEN 'max_projects' THEN ' or null (unlimited)' ELSE '' END,
                                limit_value
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF limit_name = 'max_projects' THEN
                new_projects := limit_value::numeric::integer;
            ELSE
                new_agents := limit_value::numeric::integer;
            END IF;
        END LOOP;
    END IF;
    UPDATE agentgov.organizations o
       SET subscription_tier = set_plan.tier,
           max_projects = new_projects,
           max_agents_per_project = new_agents
     WHERE o.id = set_plan.org_id
    RETURNING o.* INTO result;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'organization % does not exist', set_plan.org_id
            USING ERRCODE = 'no_data_found';
    END IF;
    RETURN result;
END
$$;
COMMENT ON FUNCTION agentgov.set_plan(uuid, agentgov.subscription_tier, jsonb) IS
    'Sets the plan of an organization: its tier and limits (the tier''s defaults, overridden by limits, e.g. {"max_projects": 50, "max_agents_per_project": 10}; max_projects null = unlimited); returns the row. Lowering below current use is refused (AG003). The billing integration point: EXECUTE only for the roles the extension owner grants it to (docs/plans.md). SECURITY DEFINER';
REVOKE EXECUTE ON FUNCTION agentgov.set_plan(uuid, agentgov.subscription_tier, jsonb) FROM PUBLIC;

CREATE TABLE agentgov.users (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    email               varchar(255) NOT NULL,
    username            varchar(100),
    full_name           varchar(255),
    password_hash       varchar(255),
    auth_provider       agentgov.auth_provider NOT NULL DEFAULT 'local',
    auth_provider_id    varchar(255),
    is_active           boolean NOT NULL DEFAULT true,
    is_verified         boolean NOT NULL DEFAULT false,
    is_admin            boolean NOT NULL DEFAULT false,
    is_2fa_enabled      boolean NOT NULL DEFAULT false,
    totp_secret         varchar(255),
    telegram_chat_id    bigint,
    preferences         jsonb NOT NULL DEFAULT '{}',
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    last_login_at       timestamptz,
    last_active_at      timestamptz DEFAULT now(),
    version             integer NOT NULL DEFAULT 1,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_unique UNIQUE (email),
    CONSTRAINT users_username_unique UNIQUE (username),
    CONSTRAINT users_email_lowercase CHECK (email = lower(email)),
    CONSTRAINT users_email_format CHECK (email ~* '^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$'),
    CONSTRAINT users_username_length CHECK (username IS NULL OR char_length(username) BETWEEN 1 AND 100),
    CONSTRAINT users_local_password CHECK (auth_provider <> 'local' OR password_hash IS NOT NULL),
    CONSTRAINT users_external_id CHECK (auth_provider = 'local' OR auth_provider_id IS NOT NULL),
    CONSTRAINT users_totp_needs_secret CHECK (NOT is_2fa_enabled OR totp_secret IS NOT NULL),
    CONSTRAINT users_version_positive CHECK (version >= 1)
);
CREATE INDEX idx_users_created_at ON agentgov.users (created_at);
CREATE INDEX idx_users_is_active ON agentgov.users (is_active) WHERE is_active = true;
CREATE INDEX idx_users_active ON agentgov.users (is_active, last_active_at);
CREATE INDEX idx_users_auth_external ON agentgov.users (auth_provider, auth_provider_id);
CREATE INDEX idx_users_auth_provider_id ON agentgov.users (auth_provider_id);
COMMENT ON TABLE agentgov.users IS 'User accounts (all five seeds). Global, not per organization: PRIMARY KEY (id), a reference table on Citus';
COMMENT ON COLUMN agentgov.users.email IS 'User email address (unique, lower case, format-checked)';
COMMENT ON COLUMN agentgov.users.password_hash IS 'Hashed password (bcrypt); NULL for external authentication';
COMMENT ON COLUMN agentgov.users.auth_provider_id IS 'Subject id at the external provider (platform auth_provider_id, assistant auth_external_id)';
COMMENT ON COLUMN agentgov.users.is_verified IS 'Email verification status';
COMMENT ON COLUMN agentgov.users.is_admin IS 'Platform-wide administrator (orchestrator role admin, github-agents is_admin)';
COMMENT ON COLUMN agentgov.users.totp_secret IS 'Secret of the second factor; redacted from audit rows';
COMMENT ON COLUMN agentgov.users.preferences IS 'User preferences (assistant preferences_json)';
COMMENT ON COLUMN agentgov.users.version IS 'Optimistic-locking counter (assistant)';

CREATE TABLE agentgov.organization_members (
    org_id      uuid NOT NULL,
    user_id     uuid NOT NULL,
    role        agentgov.user_role NOT NULL DEFAULT 'MEMBER',
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organization_members_pkey PRIMARY KEY (org_id, user_id),
    CONSTRAINT organization_members_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT organization_members_user_fk FOREIGN KEY (user_id)
        REFERENCES agentgov.users (id) ON DELETE CASCADE
);
CREATE INDEX idx_organization_members_user_id ON agentgov.organization_members (user_id);
COMMENT ON TABLE agentgov.organization_members IS 'Membership of users in organizations with their role (platform)';
COMMENT ON COLUMN agentgov.organization_members.role IS 'ADMIN may override gates; MEMBER may write and approve; VIEWER only reads';

CREATE TABLE agentgov.workspaces (
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id      uuid NOT NULL,
    name        varchar(50) NOT NULL,
    description varchar(500),
    created_by  uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workspaces_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT workspaces_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT workspaces_created_by_fk FOREIGN KEY (created_by)
        REFERENCES agentgov.users (id),
    CONSTRAINT workspaces_name_length CHECK (char_length(name) BETWEEN 3 AND 50)
);
CREATE INDEX idx_workspaces_id ON agentgov.workspaces (id);
CREATE INDEX idx_workspace_org_name ON agentgov.workspaces (org_id, name);
CREATE INDEX idx_workspaces_name ON agentgov.workspaces (name);
CREATE INDEX idx_workspaces_created_by ON agentgov.workspaces (created_by);
COMMENT ON TABLE agentgov.workspaces IS 'Groups of projects inside an organization (platform)';

CREATE TABLE agentgov.teams (
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id      uuid NOT NULL,
    name        varchar(255) NOT NULL,
    description text,
    created_by  uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT teams_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT teams_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT teams_created_by_fk FOREIGN KEY (created_by)
        REFERENCES agentgov.users (id) ON DELETE RESTRICT,
    CONSTRAINT teams_name_length CHECK (char_length(name) BETWEEN 1 AND 255)
);
CREATE INDEX idx_teams_id ON agentgov.teams (id);
CREATE INDEX idx_teams_created_by ON agentgov.teams (created_by);
CREATE INDEX idx_teams_created_at ON agentgov.teams (created_at DESC);
COMMENT ON TABLE agentgov.teams IS 'Teams for collaborative projects (socrates Phase 6), scoped to an organization';

CREATE TABLE agentgov.team_members (
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id      uuid NOT NULL,
    team_id     uuid NOT NULL,
    user_id     uuid NOT NULL,
    role        agentgov.team_role NOT NULL,
    joined_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT team_members_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT team_members_team_fk FOREIGN KEY (org_id, team_id)
        REFERENCES agentgov.teams (org_id, id) ON DELETE CASCADE,
    CONSTRAINT team_members_user_fk FOREIGN KEY (user_id)
        REFERENCES agentgov.users (id) ON DELETE CASCADE,
    CONSTRAINT team_members_unique UNIQUE (org_id, team_id, user_id)
);
CREATE INDEX idx_team_members_id ON agentgov.team_members (id);
CREATE INDEX idx_team_members_team_id ON agentgov.team_members (team_id);
CREATE INDEX idx_team_members_user_id ON agentgov.team_members (user_id);
CREATE INDEX idx_team_members_role ON agentgov.team_members (role);
COMMENT ON TABLE agentgov.team_members IS 'Team membership with roles (socrates Phase 6)';
COMMENT ON COLUMN agentgov.team_members.role IS 'Member role (owner/lead/developer/viewer)';

CREATE TABLE agentgov.team_invitations (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    team_id         uuid NOT NULL,
    invited_by      uuid NOT NULL,
    invited_email   varchar(255) NOT NULL,
    role            agentgov.team_role NOT NULL,
    token_sha256    bytea NOT NULL,
    expires_at      timestamptz NOT NULL,
    accepted        boolean NOT NULL DEFAULT false,
    accepted_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT team_invitations_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT team_invitations_team_fk FOREIGN KEY (org_id, team_id)
        REFERENCES agentgov.teams (org_id, id) ON DELETE CASCADE,
    CONSTRAINT team_invitations_invited_by_fk FOREIGN KEY (invited_by)
        REFERENCES agentgov.users (id) ON DELETE CASCADE,
    CONSTRAINT team_invitations_token_unique UNIQUE (org_id, token_sha256),
    CONSTRAINT team_invitations_role_valid CHECK (role IN ('lead', 'developer', 'viewer')),
    CONSTRAINT team_invitations_email_format CHECK (
        invited_email = lower(invited_email)
        AND invited_email ~ '^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$'),
    CONSTRAINT team_invitations_token_digest CHECK (octet_length(token_sha256) = 32),
    CONSTRAINT team_invitations_accepted_at CHECK (accepted OR accepted_at IS NULL)
);
CREATE INDEX idx_team_invitations_id ON agentgov.team_invitations (id);
CREATE INDEX idx_team_invitations_team_id ON agentgov.team_invitations (team_id);
CREATE INDEX idx_team_invitations_token ON agentgov.team_invitations (token_sha256);
CREATE INDEX idx_team_invitations_accepted ON agentgov.team_invitations (accepted) WHERE accepted = false;
CREATE INDEX idx_team_invitations_invited_by ON agentgov.team_invitations (invited_by);
COMMENT ON TABLE agentgov.team_invitations IS 'Team invitations (socrates Phase 6); the invitation token is stored only as its SHA-256 digest';
COMMENT ON COLUMN agentgov.team_invitations.token_sha256 IS 'SHA-256 digest of the invitation token (the token itself is never stored)';

CREATE TABLE agentgov.user_sessions (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id         uuid NOT NULL,
    token_sha256    bytea,
    session_type    varchar(50) NOT NULL DEFAULT 'web',
    session_context jsonb NOT NULL DEFAULT '{}',
    status          varchar(50) NOT NULL DEFAULT 'active',
    started_at      timestamptz NOT NULL DEFAULT now(),
    ended_at        timestamptz,
    expires_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    CONSTRAINT user_sessions_pkey PRIMARY KEY (id),
    CONSTRAINT user_sessions_user_fk FOREIGN KEY (user_id)
        REFERENCES agentgov.users (id) ON DELETE CASCADE,
    CONSTRAINT user_sessions_token_unique UNIQUE (token_sha256),
    CONSTRAINT user_sessions_token_digest CHECK (token_sha256 IS NULL OR octet_length(token_sha256) = 32),
    CONSTRAINT user_sessions_ended_after_start CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX idx_user_sessions_user_id ON agentgov.user_sessions (user_id);
CREATE INDEX idx_sessions_expires ON agentgov.user_sessions (expires_at);
CREATE INDEX idx_user_sessions_ended_at ON agentgov.user_sessions (ended_at);
COMMENT ON TABLE agentgov.user_sessions IS 'Login sessions of users (assistant user_sessions, orchestrator sessions). Per user: PRIMARY KEY (id)';
COMMENT ON COLUMN agentgov.user_sessions.token_sha256 IS 'SHA-256 digest of the session token (orchestrator sessions.token); the token itself is never stored';
COMMENT ON COLUMN agentgov.user_sessions.session_context IS 'Free-form context of the session (assistant)';
COMMENT ON COLUMN agentgov.user_sessions.version IS 'Optimistic-locking counter (assistant)';

CREATE TABLE agentgov.session_activities (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    session_id      uuid NOT NULL,
    activity_type   varchar(100) NOT NULL,
    details         jsonb NOT NULL DEFAULT '{}',
    occurred_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT session_activities_pkey PRIMARY KEY (id),
    CONSTRAINT session_activities_session_fk FOREIGN KEY (session_id)
        REFERENCES agentgov.user_sessions (id) ON DELETE CASCADE
);
CREATE INDEX idx_session_activities_session ON agentgov.session_activities (session_id, occurred_at);
COMMENT ON TABLE agentgov.session_activities IS 'What happened during a user session (assistant ERD SESSION_ACTIVITIES). Per user: PRIMARY KEY (id)';

CREATE TABLE agentgov.refresh_tokens (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id         uuid NOT NULL,
    token_sha256    bytea NOT NULL,
    expires_at      timestamptz NOT NULL,
    revoked         boolean NOT NULL DEFAULT false,
    revoked_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id),
    CONSTRAINT refresh_tokens_user_fk FOREIGN KEY (user_id)
        REFERENCES agentgov.users (id) ON DELETE CASCADE,
    CONSTRAINT refresh_tokens_token_unique UNIQUE (token_sha256),
    CONSTRAINT refresh_tokens_token_digest CHECK (octet_length(token_sha256) = 32),
    CONSTRAINT refresh_tokens_revoked_at CHECK (revoked OR revoked_at IS NULL)
);
CREATE INDEX idx_refresh_tokens_user_id ON agentgov.refresh_tokens (user_id);
CREATE INDEX idx_refresh_tokens_expires_at ON agentgov.refresh_tokens (expires_at);
CREATE INDEX idx_refresh_tokens_revoked ON agentgov.refresh_tokens (revoked) WHERE revoked = false;
COMMENT ON TABLE agentgov.refresh_tokens IS 'Refresh tokens for JWT authentication (socrates). Per user: PRIMARY KEY (id)';
COMMENT ON COLUMN agentgov.refresh_tokens.id IS 'Token ID (matches JWT jti claim)';
COMMENT ON COLUMN agentgov.refresh_tokens.token_sha256 IS 'SHA-256 digest of the refresh token; the token itself is never stored';
COMMENT ON COLUMN agentgov.refresh_tokens.revoked IS 'Token revocation status';

CREATE TABLE agentgov.password_reset_requests (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id         uuid NOT NULL,
    token_sha256    bytea NOT NULL,
    expires_at      timestamptz NOT NULL,
    used            boolean NOT NULL DEFAULT false,
    used_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT password_reset_requests_pkey PRIMARY KEY (id),
    CONSTRAINT password_reset_requests_user_fk FOREIGN KEY (user_id)
        REFERENCES agentgov.users (id) ON DELETE CASCADE,
    CONSTRAINT password_reset_requests_token_unique UNIQUE (token_sha256),
    CONSTRAINT password_reset_requests_token_digest CHECK (octet_length(token_sha256) = 32),
    CONSTRAINT password_reset_requests_used_at CHECK (used OR used_at IS NULL)
);
CREATE INDEX idx_password_reset_requests_user_id ON agentgov.password_reset_requests (user_id);
CREATE INDEX idx_password_reset_requests_expires_at ON agentgov.password_reset_requests (expires_at);
CREATE INDEX idx_password_reset_requests_used ON agentgov.password_reset_requests (used) WHERE used = false;
COMMENT ON TABLE agentgov.password_reset_requests IS 'Password reset requests, single-use tokens (socrates). Per user: PRIMARY KEY (id)';
COMMENT ON COLUMN agentgov.password_reset_requests.token_sha256 IS 'SHA-256 digest of the reset token; the token itself is never stored';

CREATE TABLE agentgov.api_keys (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id             uuid NOT NULL,
    provider            agentgov.llm_provider NOT NULL,
    api_key_encrypted   bytea NOT NULL,
    is_active           boolean NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now(),
    last_used_at        timestamptz,
    CONSTRAINT api_keys_pkey PRIMARY KEY (id),
    CONSTRAINT api_keys_user_fk FOREIGN KEY (user_id)
        REFERENCES agentgov.users (id) ON DELETE CASCADE,
    CONSTRAINT api_keys_user_provider_unique UNIQUE (user_id, provider)
);
CREATE INDEX idx_api_keys_user_id ON agentgov.api_keys (user_id);
CREATE INDEX idx_api_keys_provider ON agentgov.api_keys (provider);
CREATE INDEX idx_api_keys_is_active ON agentgov.api_keys (is_active) WHERE is_active = true;
COMMENT ON TABLE agentgov.api_keys IS 'LLM provider API keys per user (socrates Phase 3). Per user: PRIMARY KEY (id)';
COMMENT ON COLUMN agentgov.api_keys.api_key_encrypted IS 'Encrypted API key (never plain text); redacted from audit rows';

CREATE TABLE agentgov.user_rules (
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL,
    rules       jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_rules_pkey PRIMARY KEY (id),
    CONSTRAINT user_rules_user_fk FOREIGN KEY (user_id)
        REFERENCES agentgov.users (id) ON DELETE CASCADE,
    CONSTRAINT user_rules_user_unique UNIQUE (user_id),
    CONSTRAINT user_rules_rules_object CHECK (jsonb_typeof(rules) = 'object')
);
CREATE INDEX idx_user_rules_user_id ON agentgov.user_rules (user_id);
COMMENT ON TABLE agentgov.user_rules IS 'User-defined rules for the Quality Control system (socrates). Per user: PRIMARY KEY (id)';
COMMENT ON COLUMN agentgov.user_rules.rules IS 'Rules as JSON (e.g., {"prefer_postgres": true})';
