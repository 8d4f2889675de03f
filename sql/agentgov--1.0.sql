\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- agentgov: the unified data model of an AI-agent development platform, with
-- its rules enforced natively.  This file is assembled by the Makefile from
-- sql/install/*.sql in name order; each module starts with the guard above,
-- which CREATE EXTENSION strips.
--
-- Every object lives in schema agentgov, which this script creates, so that
-- the schema is a member of the extension and DROP EXTENSION removes it with
-- everything else.  (A schema named in the control file is created by
-- CREATE EXTENSION itself, is not a member, and PostgreSQL refuses to add an
-- extension's own schema to it; so, as pg_cron does, the control file names
-- pg_catalog and the script creates the real schema.)  Objects are always
-- qualified with agentgov., so nothing depends on the caller's search_path.
-- ---------------------------------------------------------------------------

CREATE SCHEMA agentgov;
COMMENT ON SCHEMA agentgov IS 'agentgov: tenants, projects, agents, artifacts, gates, telemetry, governance, usage and audit of an AI-agent platform';

CREATE FUNCTION agentgov.version() RETURNS text
    AS 'MODULE_PATHNAME', 'agentgov_version'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.version() IS
    'Version of the agentgov library, compiled in from agentgov.control';

CREATE FUNCTION agentgov.touch_updated_at() RETURNS trigger
    AS 'MODULE_PATHNAME', 'touch_updated_at' LANGUAGE C;
COMMENT ON FUNCTION agentgov.touch_updated_at() IS
    'BEFORE UPDATE trigger: sets updated_at to the transaction start time; attached to every table with that column';
\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Actor context: who is acting and for which request.  The settings
-- agentgov.user_id and agentgov.correlation_id (validated uuids, defined by
-- the library) carry them; PostgREST's request.jwt.claims is the fallback
-- for the user.
-- ---------------------------------------------------------------------------

CREATE FUNCTION agentgov.current_user_id() RETURNS uuid
    AS 'MODULE_PATHNAME', 'current_user_id'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.current_user_id() IS
    'The acting user: setting agentgov.user_id, else the sub claim of request.jwt.claims (PostgREST, Supabase), else NULL';

CREATE FUNCTION agentgov.current_correlation_id() RETURNS uuid
    AS 'MODULE_PATHNAME', 'current_correlation_id'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.current_correlation_id() IS
    'The request the work belongs to: setting agentgov.correlation_id, else NULL';

CREATE FUNCTION agentgov.set_actor(user_id uuid, correlation_id uuid DEFAULT NULL)
RETURNS void
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.set_config('agentgov.user_id', coalesce(user_id::text, ''), true),
           pg_catalog.set_config('agentgov.correlation_id', coalesce(correlation_id::text, ''), true);
$$;
COMMENT ON FUNCTION agentgov.set_actor(uuid, uuid) IS
    'Sets the acting user and correlation id for the rest of the current transaction (NULL clears)';
\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Enum types: the seeds' closed vocabularies, in each seed's own spelling
-- (the platform's upper case, the others lower case).  Where seeds name the
-- same vocabulary differently, one type holds the union of their values.
-- ---------------------------------------------------------------------------

-- Tenancy and identity
CREATE TYPE agentgov.subscription_tier AS ENUM ('BASIC', 'PRO', 'ENTERPRISE');
COMMENT ON TYPE agentgov.subscription_tier IS 'Plan of an organization (platform); sets the default plan limits';

CREATE TYPE agentgov.auth_provider AS ENUM ('local', 'supabase', 'google', 'github');
COMMENT ON TYPE agentgov.auth_provider IS 'How a user authenticates: local password or an external identity provider';

CREATE TYPE agentgov.user_role AS ENUM ('ADMIN', 'MEMBER', 'VIEWER');
COMMENT ON TYPE agentgov.user_role IS 'Role of a user inside an organization (platform organization_members.role)';

CREATE TYPE agentgov.team_role AS ENUM ('owner', 'lead', 'developer', 'viewer');
COMMENT ON TYPE agentgov.team_role IS 'Role of a user inside a team (socrates team_members.role)';

CREATE TYPE agentgov.share_permission AS ENUM ('read', 'write', 'admin');
COMMENT ON TYPE agentgov.share_permission IS 'Permission a team gets on a shared project (socrates project_shares)';

CREATE TYPE agentgov.llm_provider AS ENUM ('claude', 'openai', 'gemini', 'ollama', 'other');
COMMENT ON TYPE agentgov.llm_provider IS 'LLM provider of a stored API key (socrates api_keys.provider)';

-- Projects and phases
CREATE TYPE agentgov.project_phase AS ENUM ('DISCOVER', 'DEFINE', 'DESIGN', 'DEVELOP', 'DEPLOY');
COMMENT ON TYPE agentgov.project_phase IS 'Phase of a project; socrates discovery/analysis/design/implementation map onto the first four';

CREATE TYPE agentgov.project_status AS ENUM ('IN_PROGRESS', 'PASSED', 'CONDITIONAL', 'FAILED');
COMMENT ON TYPE agentgov.project_status IS 'Outcome of the last gate of the current phase';

-- Collaboration (orchestrator, socrates, github-agents)
CREATE TYPE agentgov.conversation_type AS ENUM ('issue', 'general', 'task', 'review');
CREATE TYPE agentgov.conversation_mode AS ENUM ('socratic', 'direct_chat');
CREATE TYPE agentgov.conversation_status AS ENUM ('active', 'paused', 'completed', 'archived');
CREATE TYPE agentgov.message_author AS ENUM ('user', 'agent', 'system');
COMMENT ON TYPE agentgov.message_author IS 'Author of a message; socrates role assistant is stored as agent';

CREATE TYPE agentgov.spec_source AS ENUM ('user_input', 'extracted', 'inferred');
CREATE TYPE agentgov.idea_source AS ENUM ('web', 'api', 'cli');
CREATE TYPE agentgov.idea_status AS ENUM ('pending', 'refining', 'questions', 'approved', 'rejected', 'converted');
CREATE TYPE agentgov.question_status AS ENUM ('pending', 'answered', 'skipped');
CREATE TYPE agentgov.conflict_type AS ENUM ('technology', 'requirement', 'timeline', 'resource');
CREATE TYPE agentgov.conflict_severity AS ENUM ('low', 'medium', 'high', 'critical');
CREATE TYPE agentgov.conflict_status AS ENUM ('open', 'resolved', 'ignored');

CREATE TYPE agentgov.task_type AS ENUM ('feature', 'bugfix', 'refactor', 'chore');
CREATE TYPE agentgov.task_status AS ENUM (
    'queued', 'pending', 'in_progress', 'testing', 'review', 'blocked',
    'done', 'completed', 'failed', 'cancelled', 'skipped');
COMMENT ON TYPE agentgov.task_status IS 'Union of orchestrator ticket and subtask states and github-agents task states';
CREATE TYPE agentgov.task_priority AS ENUM ('low', 'medium', 'high', 'urgent');
CREATE TYPE agentgov.job_status AS ENUM ('pending', 'running', 'done', 'failed', 'cancelled');
CREATE TYPE agentgov.log_level AS ENUM ('debug', 'info', 'warn', 'error');
CREATE TYPE agentgov.run_log_kind AS ENUM ('log', 'interaction');
COMMENT ON TYPE agentgov.run_log_kind IS 'log: orchestrator run log line; interaction: assistant agent interaction';

-- Artifacts, evidence, gates, quality
CREATE TYPE agentgov.artifact_type AS ENUM (
    'PROBLEM', 'PERSONA', 'MARKET_RESEARCH', 'PRD', 'POSITIONING',
    'PRICING', 'GTM', 'ARCHITECTURE', 'WIREFRAME', 'PROTOTYPE',
    'API_SPEC', 'DB_SCHEMA', 'CODE_BACKEND', 'CODE_FRONTEND',
    'TEST_SUITE', 'DEPLOYMENT_PLAN');
CREATE TYPE agentgov.artifact_status AS ENUM ('DRAFT', 'REVIEW', 'APPROVED', 'DEPLOYED');
CREATE TYPE agentgov.evidence_tier AS ENUM ('E0', 'E1', 'E2', 'E3', 'E4');
COMMENT ON TYPE agentgov.evidence_tier IS 'Strength of evidence, E0 (assumption) to E4 (production telemetry)';
CREATE TYPE agentgov.evidence_source AS ENUM ('interview', 'survey', 'market_research', 'telemetry', 'analyst_report');
CREATE TYPE agentgov.escalation_status AS ENUM ('NONE', 'IN_REVIEW', 'ESCALATED');
CREATE TYPE agentgov.gate_phase AS ENUM ('VRC', 'VCD', 'DSP', 'MDP');
COMMENT ON TYPE agentgov.gate_phase IS 'Phase gates: VRC ends DISCOVER, VCD ends DEFINE, DSP ends DESIGN, MDP ends DEVELOP';
CREATE TYPE agentgov.gate_decision AS ENUM ('PASS', 'CONDITIONAL', 'FAIL');
CREATE TYPE agentgov.test_status AS ENUM ('pending', 'running', 'passed', 'failed');
CREATE TYPE agentgov.generation_status AS ENUM ('pending', 'in_progress', 'completed', 'failed');

-- Telemetry and divergence
CREATE TYPE agentgov.metric_name AS ENUM (
    'feature_usage', 'retention', 'crash_rate', 'latency_p50',
    'error_rate', 'user_adoption', 'churn_rate', 'nps_score');
CREATE TYPE agentgov.divergence_type AS ENUM (
    'PERSONA_MISMATCH', 'FEATURE_ADOPTION_MISS', 'PRICING_ELASTICITY_MISS', 'LATENCY_MISS');
CREATE TYPE agentgov.divergence_classification AS ENUM ('COSMETIC', 'MINOR', 'MAJOR');
CREATE TYPE agentgov.cascade_recommendation AS ENUM ('SKIP', 'REEXECUTE', 'FULL_REDESIGN');

-- Agents and governance
CREATE TYPE agentgov.agent_kind AS ENUM (
    'VALIDATOR', 'ANALYZER', 'GENERATOR', 'ASSEMBLER',
    'refinement', 'development', 'support', 'planning',
    'orchestrator', 'architect', 'coder', 'tester', 'reviewer');
COMMENT ON TYPE agentgov.agent_kind IS 'Union of the agent types of the platform (upper case), orchestrator and github-agents';
CREATE TYPE agentgov.agent_run_status AS ENUM (
    'queued', 'initializing', 'pending_approval', 'approved', 'running',
    'completed', 'failed', 'cancelled', 'blocked', 'retried');
COMMENT ON TYPE agentgov.agent_run_status IS 'Lifecycle of an agent run (platform, orchestrator and assistant states unified)';
CREATE TYPE agentgov.governance_event_type AS ENUM (
    'pre_agent_spawn', 'post_agent_spawn', 'pre_persona_activation',
    'post_persona_activation', 'cost_validation', 'consensus_check',
    'emergency_stop', 'circuit_breaker');
CREATE TYPE agentgov.governance_framework AS ENUM (
    'sarah_three_questions', 'alex_3am_test', 'consensus', 'emergency');

-- Usage, budgets, notifications
CREATE TYPE agentgov.aggregation_period AS ENUM ('daily', 'weekly', 'monthly');
CREATE TYPE agentgov.budget_scope AS ENUM ('global', 'project', 'agent', 'agent_type');
CREATE TYPE agentgov.budget_action AS ENUM ('warn', 'block');
CREATE TYPE agentgov.notification_severity AS ENUM ('info', 'warning', 'critical');
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
\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Projects, agents and collaboration: projects, shares, the agent catalogue,
-- personas, conversations and messages, specifications, ideas, questions,
-- conflicts, tasks, the job queue, GitHub issues and pull requests, webhooks,
-- agent memory, the knowledge base and per-user learning tables.
--
-- A child row names its parent together with its own org_id through a
-- composite foreign key (org_id, parent_id) -> parent (org_id, id), so it can
-- never point into another tenant.  Clearing such a reference uses
-- ON DELETE SET NULL (parent_id), which keeps org_id.
-- agents is the exception: a NULL org_id marks a global catalogue agent that
-- every tenant may use, so agents keeps PRIMARY KEY (id) and references to
-- it are checked by agentgov.check_agent_scope() instead of a composite key.
-- ---------------------------------------------------------------------------

CREATE TABLE agentgov.projects (
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id                  uuid NOT NULL,
    workspace_id            uuid,
    name                    varchar(255) NOT NULL,
    description             text,
    problem_statement       varchar(5000),
    phase                   agentgov.project_phase NOT NULL DEFAULT 'DISCOVER',
    status                  agentgov.project_status NOT NULL DEFAULT 'IN_PROGRESS',
    maturity_score          integer NOT NULL DEFAULT 0,
    local_path              varchar(500),
    config                  jsonb NOT NULL DEFAULT '{}',
    github_repo             varchar(255),
    github_app_id           varchar(100),
    github_installation_id  varchar(100),
    is_active               boolean NOT NULL DEFAULT true,
    created_by              uuid,
    last_updated_by         uuid,
    archived_at             timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT projects_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT projects_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT projects_workspace_fk FOREIGN KEY (org_id, workspace_id)
        REFERENCES agentgov.workspaces (org_id, id) ON DELETE CASCADE,
    CONSTRAINT projects_created_by_fk FOREIGN KEY (created_by)
        REFERENCES agentgov.users (id) ON DELETE SET NULL,
    CONSTRAINT projects_last_updated_by_fk FOREIGN KEY (last_updated_by)
        REFERENCES agentgov.users (id) ON DELETE SET NULL,
    CONSTRAINT projects_name_length CHECK (char_length(name) BETWEEN 3 AND 255),
    CONSTRAINT projects_problem_statement_length CHECK (
        problem_statement IS NULL OR char_length(problem_statement) BETWEEN 10 AND 5000),
    CONSTRAINT projects_maturity_range CHECK (maturity_score BETWEEN 0 AND 100),
    CONSTRAINT projects_config_object CHECK (jsonb_typeof(config) = 'object')
);
CREATE INDEX idx_projects_id ON agentgov.projects (id);
CREATE INDEX idx_project_org_workspace ON agentgov.projects (org_id, workspace_id);
CREATE INDEX idx_project_org_created ON agentgov.projects (org_id, created_at);
CREATE INDEX idx_project_phase_status ON agentgov.projects (phase, status);
CREATE INDEX idx_projects_name ON agentgov.projects (name);
CREATE INDEX idx_projects_user_id ON agentgov.projects (created_by);
CREATE INDEX idx_projects_last_updated_by ON agentgov.projects (last_updated_by);
CREATE INDEX idx_projects_created_at ON agentgov.projects (created_at DESC);
CREATE INDEX idx_projects_archived_at ON agentgov.projects (archived_at) WHERE archived_at IS NULL;
CREATE INDEX idx_projects_current_phase ON agentgov.projects (phase);
CREATE INDEX idx_projects_github ON agentgov.projects (github_repo);
COMMENT ON TABLE agentgov.projects IS 'Projects moving through phases DISCOVER to DEPLOY (all five seeds)';
COMMENT ON COLUMN agentgov.projects.workspace_id IS 'Workspace of the project (platform); NULL for projects outside any workspace';
COMMENT ON COLUMN agentgov.projects.phase IS 'Current phase; socrates current_phase discovery/analysis/design/implementation = DISCOVER/DEFINE/DESIGN/DEVELOP';
COMMENT ON COLUMN agentgov.projects.status IS 'Outcome of the gate of the current phase';
COMMENT ON COLUMN agentgov.projects.maturity_score IS 'Overall maturity score (0-100), mean of the latest maturity_tracking score per category';
COMMENT ON COLUMN agentgov.projects.local_path IS 'Filesystem path of the project checkout (orchestrator path, github-agents local_path)';
COMMENT ON COLUMN agentgov.projects.config IS 'Project settings (orchestrator config)';
COMMENT ON COLUMN agentgov.projects.is_active IS 'Whether agents work on the project (github-agents)';
COMMENT ON COLUMN agentgov.projects.created_by IS 'Creator (platform created_by, socrates user_id, github-agents owner_id)';
COMMENT ON COLUMN agentgov.projects.archived_at IS 'When the project was archived (socrates); platform is_archived = archived_at IS NOT NULL. Archived projects do not count against max_projects';

CREATE TABLE agentgov.project_shares (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    project_id          uuid NOT NULL,
    team_id             uuid NOT NULL,
    shared_by           uuid NOT NULL,
    permission_level    agentgov.share_permission NOT NULL,
    shared_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT project_shares_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT project_shares_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT project_shares_team_fk FOREIGN KEY (org_id, team_id)
        REFERENCES agentgov.teams (org_id, id) ON DELETE CASCADE,
    CONSTRAINT project_shares_shared_by_fk FOREIGN KEY (shared_by)
        REFERENCES agentgov.users (id),
    CONSTRAINT project_shares_unique UNIQUE (org_id, project_id, team_id)
);
CREATE INDEX idx_project_shares_id ON agentgov.project_shares (id);
CREATE INDEX idx_project_shares_project_id ON agentgov.project_shares (project_id);
CREATE INDEX idx_project_shares_team_id ON agentgov.project_shares (team_id);
CREATE INDEX idx_project_shares_permission ON agentgov.project_shares (permission_level);
CREATE INDEX idx_project_shares_shared_by ON agentgov.project_shares (shared_by);
COMMENT ON TABLE agentgov.project_shares IS 'Project sharing with teams (socrates Phase 6)';

CREATE TABLE agentgov.agents (
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id                  uuid,
    project_id              uuid,
    catalog_no              integer,
    name                    varchar(100) NOT NULL,
    kind                    agentgov.agent_kind NOT NULL,
    phase                   agentgov.project_phase,
    description             text,
    system_prompt           text,
    rules_file_path         varchar(500),
    tools                   jsonb NOT NULL DEFAULT '[]',
    model                   varchar(100),
    model_config            jsonb NOT NULL DEFAULT '{}',
    config                  jsonb NOT NULL DEFAULT '{}',
    avg_tokens_input        integer,
    avg_tokens_output       integer,
    cost_per_execution_usd  numeric(8,4),
    is_active               boolean NOT NULL DEFAULT true,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agents_pkey PRIMARY KEY (id),
    CONSTRAINT agents_org_id_id_key UNIQUE (org_id, id),
    CONSTRAINT agents_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT agents_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT agents_name_scope_unique UNIQUE NULLS NOT DISTINCT (org_id, project_id, name),
    CONSTRAINT agents_project_needs_org CHECK (project_id IS NULL OR org_id IS NOT NULL),
    CONSTRAINT agents_catalog_no_range CHECK (catalog_no IS NULL OR catalog_no BETWEEN 1 AND 26),
    CONSTRAINT agents_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    CONSTRAINT agents_tools_array CHECK (jsonb_typeof(tools) = 'array'),
    CONSTRAINT agents_avg_tokens_nonnegative CHECK (
        coalesce(avg_tokens_input, 0) >= 0 AND coalesce(avg_tokens_output, 0) >= 0),
    CONSTRAINT agents_cost_nonnegative CHECK (cost_per_execution_usd IS NULL OR cost_per_execution_usd >= 0)
);
CREATE UNIQUE INDEX idx_agents_catalog_no ON agentgov.agents (catalog_no)
    WHERE org_id IS NULL AND catalog_no IS NOT NULL;
CREATE INDEX idx_agents_project ON agentgov.agents (project_id);
CREATE INDEX idx_agents_type ON agentgov.agents (kind);
CREATE INDEX idx_agents_is_active ON agentgov.agents (is_active) WHERE is_active = true;
CREATE UNIQUE INDEX idx_agents_name_project ON agentgov.agents (name, project_id) WHERE project_id IS NOT NULL;
COMMENT ON TABLE agentgov.agents IS 'Agent definitions: the platform''s global catalogue (org_id NULL) and the orchestrator''s and github-agents'' per-org or per-project agents. PRIMARY KEY (id) because catalogue rows have no org; a reference table on Citus';
COMMENT ON COLUMN agentgov.agents.org_id IS 'Owning organization; NULL = global catalogue agent usable by every tenant';
COMMENT ON COLUMN agentgov.agents.project_id IS 'Project the agent belongs to; NULL = organization-wide (orchestrator global agent)';
COMMENT ON COLUMN agentgov.agents.catalog_no IS 'Number in the platform''s master catalogue (1-26)';
COMMENT ON COLUMN agentgov.agents.kind IS 'Agent type (platform agent_type, orchestrator and github-agents type)';
COMMENT ON COLUMN agentgov.agents.system_prompt IS 'System prompt (orchestrator prompt)';
COMMENT ON COLUMN agentgov.agents.rules_file_path IS 'Path of the agent''s rules file (github-agents)';
COMMENT ON COLUMN agentgov.agents.tools IS 'JSON array of allowed tools (orchestrator)';
COMMENT ON COLUMN agentgov.agents.model IS 'Preferred model (platform model_preference, orchestrator model)';
COMMENT ON COLUMN agentgov.agents.model_config IS 'Model settings: { model, temperature, max_tokens, ... } (github-agents)';
COMMENT ON COLUMN agentgov.agents.cost_per_execution_usd IS 'Expected cost of one run; used as a run''s estimate when it gives none';

CREATE FUNCTION agentgov.check_agent_scope() RETURNS trigger
    AS 'MODULE_PATHNAME', 'check_agent_scope' LANGUAGE C;
COMMENT ON FUNCTION agentgov.check_agent_scope() IS
    'AFTER ROW trigger: the agent named by column TG_ARGV[0] must be a global catalogue agent or belong to the row''s org_id';

CREATE TABLE agentgov.personas (
    id                  varchar(100) NOT NULL,
    persona_name        varchar(255) NOT NULL,
    persona_version     varchar(20) NOT NULL,
    specialization      varchar(255) NOT NULL,
    capabilities        jsonb NOT NULL DEFAULT '{}',
    activation_rules    jsonb NOT NULL DEFAULT '{}',
    crisis_scenarios    jsonb NOT NULL DEFAULT '{}',
    behavioral_patterns jsonb NOT NULL DEFAULT '{}',
    is_active           boolean NOT NULL DEFAULT true,
    is_core             boolean NOT NULL DEFAULT false,
    priority_level      integer NOT NULL DEFAULT 5,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT personas_pkey PRIMARY KEY (id),
    CONSTRAINT personas_name_version_key UNIQUE (persona_name, persona_version),
    CONSTRAINT personas_priority_valid CHECK (priority_level BETWEEN 1 AND 10)
);
CREATE INDEX idx_personas_active ON agentgov.personas (is_active);
CREATE INDEX idx_personas_core ON agentgov.personas (is_core);
CREATE INDEX idx_personas_priority ON agentgov.personas (priority_level);
CREATE INDEX idx_personas_specialization ON agentgov.personas (specialization);
COMMENT ON TABLE agentgov.personas IS 'Persona definitions and activation rules (assistant). Global catalogue: PRIMARY KEY (id), a reference table on Citus';
COMMENT ON COLUMN agentgov.personas.id IS 'Persona identifier (assistant persona_id, a name such as sarah_chen)';
COMMENT ON COLUMN agentgov.personas.is_core IS 'Core personas are always considered for activation';
COMMENT ON COLUMN agentgov.personas.priority_level IS 'Activation priority, 1 (highest) to 10';

CREATE TABLE agentgov.conversations (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    project_id          uuid,
    title               varchar(200),
    type                agentgov.conversation_type NOT NULL DEFAULT 'general',
    mode                agentgov.conversation_mode,
    status              agentgov.conversation_status NOT NULL DEFAULT 'active',
    created_by_user_id  uuid,
    created_by_agent_id uuid,
    started_at          timestamptz NOT NULL DEFAULT now(),
    ended_at            timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT conversations_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT conversations_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT conversations_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT conversations_user_fk FOREIGN KEY (created_by_user_id)
        REFERENCES agentgov.users (id) ON DELETE SET NULL,
    CONSTRAINT conversations_agent_fk FOREIGN KEY (created_by_agent_id)
        REFERENCES agentgov.agents (id) ON DELETE SET NULL,
    CONSTRAINT conversations_ended_after_start CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX idx_conversations_id ON agentgov.conversations (id);
CREATE INDEX idx_conversations_project ON agentgov.conversations (project_id);
CREATE INDEX idx_conversations_status ON agentgov.conversations (status);
CREATE INDEX idx_sessions_started_at ON agentgov.conversations (started_at DESC);
CREATE INDEX idx_conversations_created_by_user ON agentgov.conversations (created_by_user_id);
CREATE INDEX idx_conversations_created_by_agent ON agentgov.conversations (created_by_agent_id);
CREATE TRIGGER conversations_agent_scope AFTER INSERT OR UPDATE OF org_id, created_by_agent_id
    ON agentgov.conversations FOR EACH ROW EXECUTE FUNCTION agentgov.check_agent_scope('created_by_agent_id');
COMMENT ON TABLE agentgov.conversations IS 'Conversations (github-agents) and chat sessions within projects (socrates sessions)';
COMMENT ON COLUMN agentgov.conversations.mode IS 'Chat mode of a socrates session (socratic questioning or direct chat); NULL for other conversations';
COMMENT ON COLUMN agentgov.conversations.created_by_user_id IS 'Creating user; at least one of created_by_user_id and created_by_agent_id should be set';

CREATE TABLE agentgov.conversation_participants (
    org_id          uuid NOT NULL,
    conversation_id uuid NOT NULL,
    agent_id        uuid NOT NULL,
    joined_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT conversation_participants_pkey PRIMARY KEY (org_id, conversation_id, agent_id),
    CONSTRAINT conversation_participants_conversation_fk FOREIGN KEY (org_id, conversation_id)
        REFERENCES agentgov.conversations (org_id, id) ON DELETE CASCADE,
    CONSTRAINT conversation_participants_agent_fk FOREIGN KEY (agent_id)
        REFERENCES agentgov.agents (id) ON DELETE CASCADE
);
CREATE INDEX idx_conversation_participants_agent ON agentgov.conversation_participants (agent_id);
CREATE TRIGGER conversation_participants_agent_scope AFTER INSERT OR UPDATE OF org_id, agent_id
    ON agentgov.conversation_participants FOR EACH ROW EXECUTE FUNCTION agentgov.check_agent_scope('agent_id');
COMMENT ON TABLE agentgov.conversation_participants IS 'Agents taking part in a conversation (github-agents)';

CREATE TABLE agentgov.messages (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    conversation_id     uuid NOT NULL,
    author_type         agentgov.message_author NOT NULL,
    user_id             uuid,
    agent_id            uuid,
    content             text NOT NULL,
    content_formatted   text,
    reply_to_id         uuid,
    tokens_in           integer NOT NULL DEFAULT 0,
    tokens_out          integer NOT NULL DEFAULT 0,
    cost_usd            numeric(10,6) NOT NULL DEFAULT 0,
    model_used          varchar(100),
    metadata            jsonb,
    is_edited           boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT messages_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT messages_conversation_fk FOREIGN KEY (org_id, conversation_id)
        REFERENCES agentgov.conversations (org_id, id) ON DELETE CASCADE,
    CONSTRAINT messages_user_fk FOREIGN KEY (user_id)
        REFERENCES agentgov.users (id) ON DELETE SET NULL,
    CONSTRAINT messages_agent_fk FOREIGN KEY (agent_id)
        REFERENCES agentgov.agents (id) ON DELETE SET NULL,
    CONSTRAINT messages_reply_to_fk FOREIGN KEY (org_id, reply_to_id)
        REFERENCES agentgov.messages (org_id, id) ON DELETE SET NULL (reply_to_id),
    CONSTRAINT messages_tokens_nonnegative CHECK (tokens_in >= 0 AND tokens_out >= 0),
    CONSTRAINT messages_cost_nonnegative CHECK (cost_usd >= 0)
);
CREATE INDEX idx_messages_id ON agentgov.messages (id);
CREATE INDEX idx_messages_conversation_created ON agentgov.messages (conversation_id, created_at);
CREATE INDEX idx_messages_agent ON agentgov.messages (agent_id);
CREATE INDEX idx_messages_user ON agentgov.messages (user_id);
CREATE INDEX idx_messages_reply_to ON agentgov.messages (reply_to_id);
CREATE INDEX idx_conversation_history_timestamp ON agentgov.messages (created_at);
CREATE TRIGGER messages_agent_scope AFTER INSERT OR UPDATE OF org_id, agent_id
    ON agentgov.messages FOR EACH ROW EXECUTE FUNCTION agentgov.check_agent_scope('agent_id');
COMMENT ON TABLE agentgov.messages IS 'Messages of conversations (github-agents messages, socrates conversation_history)';
COMMENT ON COLUMN agentgov.messages.author_type IS 'user, agent or system; socrates role assistant is stored as agent';
COMMENT ON COLUMN agentgov.messages.content_formatted IS 'Rendered form of the content (github-agents)';
COMMENT ON COLUMN agentgov.messages.reply_to_id IS 'Message this one answers (same organization)';
COMMENT ON COLUMN agentgov.messages.cost_usd IS 'LLM cost of producing this message in USD';

CREATE TABLE agentgov.specifications (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    conversation_id uuid,
    category        varchar(100) NOT NULL,
    content         text NOT NULL,
    source          agentgov.spec_source NOT NULL,
    confidence      numeric(3,2),
    is_current      boolean NOT NULL DEFAULT true,
    metadata        jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    superseded_at   timestamptz,
    superseded_by   uuid,
    CONSTRAINT specifications_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT specifications_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT specifications_session_fk FOREIGN KEY (org_id, conversation_id)
        REFERENCES agentgov.conversations (org_id, id) ON DELETE SET NULL (conversation_id),
    CONSTRAINT specifications_superseded_by_fk FOREIGN KEY (org_id, superseded_by)
        REFERENCES agentgov.specifications (org_id, id) ON DELETE SET NULL (superseded_by),
    CONSTRAINT specifications_confidence_range CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
    CONSTRAINT specifications_current_not_superseded CHECK (NOT is_current OR superseded_at IS NULL)
);
CREATE INDEX idx_specifications_id ON agentgov.specifications (id);
CREATE INDEX idx_specifications_project_id ON agentgov.specifications (project_id);
CREATE INDEX idx_specifications_category ON agentgov.specifications (category);
CREATE INDEX idx_specifications_is_current ON agentgov.specifications (is_current) WHERE is_current = true;
CREATE INDEX idx_specifications_created_at ON agentgov.specifications (created_at DESC);
CREATE INDEX idx_specifications_conversation ON agentgov.specifications (conversation_id);
CREATE INDEX idx_specifications_superseded_by ON agentgov.specifications (superseded_by);
COMMENT ON TABLE agentgov.specifications IS 'Extracted specifications from conversations (socrates)';
COMMENT ON COLUMN agentgov.specifications.conversation_id IS 'Session the specification came from (socrates session_id)';
COMMENT ON COLUMN agentgov.specifications.confidence IS 'Confidence score (0.00-1.00) for extracted specs';
COMMENT ON COLUMN agentgov.specifications.is_current IS 'Current version flag (superseded specs have false)';
COMMENT ON COLUMN agentgov.specifications.superseded_by IS 'The specification that replaced this one';

CREATE TABLE agentgov.ideas (
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id      uuid NOT NULL,
    project_id  uuid NOT NULL,
    title       text NOT NULL,
    description text NOT NULL,
    source      agentgov.idea_source,
    status      agentgov.idea_status NOT NULL DEFAULT 'pending',
    priority    integer NOT NULL DEFAULT 0,
    metadata    jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ideas_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT ideas_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE
);
CREATE INDEX idx_ideas_id ON agentgov.ideas (id);
CREATE INDEX idx_ideas_project ON agentgov.ideas (project_id);
CREATE INDEX idx_ideas_status ON agentgov.ideas (status);
COMMENT ON TABLE agentgov.ideas IS 'Raw ideas submitted for refinement (orchestrator)';
COMMENT ON COLUMN agentgov.ideas.source IS 'Where the idea was submitted: web, api or cli';

CREATE TABLE agentgov.questions (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    idea_id         uuid,
    conversation_id uuid,
    agent_id        uuid,
    text            text NOT NULL,
    category        varchar(50),
    context         text,
    answer          text,
    status          agentgov.question_status NOT NULL DEFAULT 'pending',
    quality_score   numeric(3,2) DEFAULT 1.00,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    answered_at     timestamptz,
    CONSTRAINT questions_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT questions_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT questions_idea_fk FOREIGN KEY (org_id, idea_id)
        REFERENCES agentgov.ideas (org_id, id) ON DELETE CASCADE,
    CONSTRAINT questions_session_fk FOREIGN KEY (org_id, conversation_id)
        REFERENCES agentgov.conversations (org_id, id) ON DELETE CASCADE,
    CONSTRAINT questions_agent_fk FOREIGN KEY (agent_id)
        REFERENCES agentgov.agents (id) ON DELETE SET NULL,
    CONSTRAINT questions_origin CHECK (idea_id IS NOT NULL OR conversation_id IS NOT NULL),
    CONSTRAINT questions_quality_score_valid CHECK (quality_score IS NULL OR quality_score BETWEEN 0 AND 1),
    CONSTRAINT questions_answered_has_answer CHECK (status <> 'answered' OR answer IS NOT NULL)
);
CREATE INDEX idx_questions_id ON agentgov.questions (id);
CREATE INDEX idx_questions_project_id ON agentgov.questions (project_id);
CREATE INDEX idx_questions_idea ON agentgov.questions (idea_id);
CREATE INDEX idx_questions_session_id ON agentgov.questions (conversation_id);
CREATE INDEX idx_questions_agent ON agentgov.questions (agent_id);
CREATE INDEX idx_questions_category ON agentgov.questions (category);
CREATE INDEX idx_questions_status ON agentgov.questions (status);
CREATE INDEX idx_questions_created_at ON agentgov.questions (created_at);
CREATE TRIGGER questions_agent_scope AFTER INSERT OR UPDATE OF org_id, agent_id
    ON agentgov.questions FOR EACH ROW EXECUTE FUNCTION agentgov.check_agent_scope('agent_id');
COMMENT ON TABLE agentgov.questions IS 'Clarifying questions awaiting a human answer: asked by agents about ideas (orchestrator) or by the Socratic counselor in a session (socrates)';
COMMENT ON COLUMN agentgov.questions.idea_id IS 'Idea the question is about (orchestrator)';
COMMENT ON COLUMN agentgov.questions.conversation_id IS 'Session the question was asked in (socrates session_id)';
COMMENT ON COLUMN agentgov.questions.text IS 'The question (orchestrator question, socrates text)';
COMMENT ON COLUMN agentgov.questions.category IS 'Question category matching specification categories (goals, requirements, tech_stack, ...)';
COMMENT ON COLUMN agentgov.questions.context IS 'Explanation of why this question is important';
COMMENT ON COLUMN agentgov.questions.quality_score IS 'Quality score from QualityControllerAgent (0.00-1.00)';

CREATE TABLE agentgov.conflicts (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    project_id          uuid NOT NULL,
    type                agentgov.conflict_type NOT NULL,
    description         text NOT NULL,
    spec_ids            uuid[] NOT NULL,
    severity            agentgov.conflict_severity NOT NULL,
    status              agentgov.conflict_status NOT NULL DEFAULT 'open',
    resolution          text,
    detected_at         timestamptz NOT NULL DEFAULT now(),
    resolved_at         timestamptz,
    resolved_by_user    boolean NOT NULL DEFAULT false,
    CONSTRAINT conflicts_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT conflicts_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT conflicts_spec_ids_nonempty CHECK (cardinality(spec_ids) >= 1)
);
CREATE INDEX idx_conflicts_id ON agentgov.conflicts (id);
CREATE INDEX idx_conflicts_project_id ON agentgov.conflicts (project_id);
CREATE INDEX idx_conflicts_status ON agentgov.conflicts (status) WHERE status = 'open';
CREATE INDEX idx_conflicts_severity ON agentgov.conflicts (severity);
CREATE INDEX idx_conflicts_detected_at ON agentgov.conflicts (detected_at DESC);
COMMENT ON TABLE agentgov.conflicts IS 'Detected conflicts in specifications (socrates)';
COMMENT ON COLUMN agentgov.conflicts.spec_ids IS 'Array of conflicting specification IDs';
COMMENT ON COLUMN agentgov.conflicts.resolution IS 'How conflict was resolved (user decision)';

CREATE TABLE agentgov.github_issues (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    project_id          uuid NOT NULL,
    github_id           bigint NOT NULL,
    number              integer NOT NULL,
    title               varchar(500) NOT NULL,
    body                text,
    state               varchar(20) NOT NULL DEFAULT 'open',
    labels              jsonb NOT NULL DEFAULT '[]',
    assignee            varchar(100),
    conversation_id     uuid,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    github_created_at   timestamptz,
    github_updated_at   timestamptz,
    CONSTRAINT github_issues_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT github_issues_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT github_issues_conversation_fk FOREIGN KEY (org_id, conversation_id)
        REFERENCES agentgov.conversations (org_id, id) ON DELETE SET NULL (conversation_id),
    CONSTRAINT github_issues_github_id_key UNIQUE (org_id, github_id),
    CONSTRAINT github_issues_project_number_key UNIQUE (org_id, project_id, number),
    CONSTRAINT github_issues_number_positive CHECK (number > 0),
    CONSTRAINT github_issues_labels_array CHECK (jsonb_typeof(labels) = 'array')
);
CREATE INDEX idx_github_issues_id ON agentgov.github_issues (id);
CREATE INDEX idx_github_issues_github_id ON agentgov.github_issues (github_id);
CREATE INDEX idx_issues_project ON agentgov.github_issues (project_id);
CREATE INDEX idx_issues_state ON agentgov.github_issues (state);
CREATE INDEX idx_issues_conversation ON agentgov.github_issues (conversation_id);
COMMENT ON TABLE agentgov.github_issues IS 'GitHub issues tracked for a project (github-agents)';
COMMENT ON COLUMN agentgov.github_issues.github_id IS 'GitHub''s own id of the issue';
COMMENT ON COLUMN agentgov.github_issues.conversation_id IS 'Conversation about the issue; the link lives here only, to avoid a circular reference';

CREATE TABLE agentgov.pull_requests (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    project_id          uuid NOT NULL,
    github_id           bigint NOT NULL,
    number              integer NOT NULL,
    title               varchar(500) NOT NULL,
    body                text,
    branch_from         varchar(200) NOT NULL,
    branch_to           varchar(200) NOT NULL,
    state               varchar(20) NOT NULL DEFAULT 'open',
    is_draft            boolean NOT NULL DEFAULT false,
    review_status       varchar(20),
    test_status         varchar(20),
    issue_id            uuid,
    conversation_id     uuid,
    created_by_agent_id uuid,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    merged_at           timestamptz,
    github_created_at   timestamptz,
    CONSTRAINT pull_requests_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT pull_requests_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT pull_requests_issue_fk FOREIGN KEY (org_id, issue_id)
        REFERENCES agentgov.github_issues (org_id, id) ON DELETE SET NULL (issue_id),
    CONSTRAINT pull_requests_conversation_fk FOREIGN KEY (org_id, conversation_id)
        REFERENCES agentgov.conversations (org_id, id) ON DELETE SET NULL (conversation_id),
    CONSTRAINT pull_requests_agent_fk FOREIGN KEY (created_by_agent_id)
        REFERENCES agentgov.agents (id) ON DELETE SET NULL,
    CONSTRAINT pull_requests_github_id_key UNIQUE (org_id, github_id),
    CONSTRAINT pull_requests_project_number_key UNIQUE (org_id, project_id, number),
    CONSTRAINT pull_requests_number_positive CHECK (number > 0)
);
CREATE INDEX idx_pull_requests_id ON agentgov.pull_requests (id);
CREATE INDEX idx_pull_requests_github_id ON agentgov.pull_requests (github_id);
CREATE INDEX idx_prs_project ON agentgov.pull_requests (project_id);
CREATE INDEX idx_prs_issue ON agentgov.pull_requests (issue_id);
CREATE INDEX idx_prs_state ON agentgov.pull_requests (state);
CREATE INDEX idx_prs_agent ON agentgov.pull_requests (created_by_agent_id);
CREATE INDEX idx_prs_conversation ON agentgov.pull_requests (conversation_id);
CREATE TRIGGER pull_requests_agent_scope AFTER INSERT OR UPDATE OF org_id, created_by_agent_id
    ON agentgov.pull_requests FOR EACH ROW EXECUTE FUNCTION agentgov.check_agent_scope('created_by_agent_id');
COMMENT ON TABLE agentgov.pull_requests IS 'GitHub pull requests of a project (github-agents)';
COMMENT ON COLUMN agentgov.pull_requests.issue_id IS 'Issue the pull request resolves';

CREATE TABLE agentgov.tasks (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    project_id          uuid NOT NULL,
    parent_id           uuid,
    idea_id             uuid,
    issue_id            uuid,
    pr_id               uuid,
    title               text NOT NULL,
    description         text,
    type                agentgov.task_type,
    status              agentgov.task_status NOT NULL DEFAULT 'pending',
    priority            integer NOT NULL DEFAULT 0,
    priority_level      agentgov.task_priority NOT NULL DEFAULT 'medium',
    assigned_agent_id   uuid,
    order_index         integer NOT NULL DEFAULT 0,
    spec                jsonb,
    result              jsonb,
    definition_of_done  text,
    total_tokens_used   bigint NOT NULL DEFAULT 0,
    total_cost_usd      numeric(12,6) NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now(),
    started_at          timestamptz,
    completed_at        timestamptz,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tasks_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT tasks_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT tasks_parent_fk FOREIGN KEY (org_id, parent_id)
        REFERENCES agentgov.tasks (org_id, id) ON DELETE CASCADE,
    CONSTRAINT tasks_idea_fk FOREIGN KEY (org_id, idea_id)
        REFERENCES agentgov.ideas (org_id, id) ON DELETE SET NULL (idea_id),
    CONSTRAINT tasks_issue_fk FOREIGN KEY (org_id, issue_id)
        REFERENCES agentgov.github_issues (org_id, id) ON DELETE SET NULL (issue_id),
    CONSTRAINT tasks_pr_fk FOREIGN KEY (org_id, pr_id)
        REFERENCES agentgov.pull_requests (org_id, id) ON DELETE SET NULL (pr_id),
    CONSTRAINT tasks_agent_fk FOREIGN KEY (assigned_agent_id)
        REFERENCES agentgov.agents (id) ON DELETE SET NULL,
    CONSTRAINT tasks_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id),
    CONSTRAINT tasks_title_length CHECK (char_length(title) BETWEEN 1 AND 300),
    CONSTRAINT tasks_totals_nonnegative CHECK (total_tokens_used >= 0 AND total_cost_usd >= 0)
);
CREATE INDEX idx_tasks_id ON agentgov.tasks (id);
CREATE INDEX idx_tasks_project ON agentgov.tasks (project_id);
CREATE INDEX idx_tasks_agent ON agentgov.tasks (assigned_agent_id);
CREATE INDEX idx_tasks_status_priority ON agentgov.tasks (status, priority_level);
CREATE INDEX idx_tickets_status ON agentgov.tasks (status);
CREATE INDEX idx_tickets_priority ON agentgov.tasks (priority DESC);
CREATE INDEX idx_tasks_issue ON agentgov.tasks (issue_id);
CREATE INDEX idx_subtasks_ticket ON agentgov.tasks (parent_id);
CREATE INDEX idx_tasks_idea ON agentgov.tasks (idea_id);
CREATE INDEX idx_tasks_pr ON agentgov.tasks (pr_id);
CREATE TRIGGER tasks_agent_scope AFTER INSERT OR UPDATE OF org_id, assigned_agent_id
    ON agentgov.tasks FOR EACH ROW EXECUTE FUNCTION agentgov.check_agent_scope('assigned_agent_id');
COMMENT ON TABLE agentgov.tasks IS 'Work items: orchestrator tickets and subtasks, github-agents tasks. A subtask is a task with parent_id';
COMMENT ON COLUMN agentgov.tasks.parent_id IS 'Ticket this subtask breaks down (orchestrator subtasks.ticket_id)';
COMMENT ON COLUMN agentgov.tasks.idea_id IS 'Idea the ticket was converted from (orchestrator); NULL for manual tickets';
COMMENT ON COLUMN agentgov.tasks.type IS 'Ticket type: feature, bugfix, refactor or chore (orchestrator)';
COMMENT ON COLUMN agentgov.tasks.priority IS 'Numeric priority, higher first (orchestrator tickets)';
COMMENT ON COLUMN agentgov.tasks.priority_level IS 'Priority class low/medium/high/urgent (github-agents priority)';
COMMENT ON COLUMN agentgov.tasks.assigned_agent_id IS 'Agent doing the work (orchestrator assigned_agent and subtask agent_id, github-agents assigned_to_agent_id)';
COMMENT ON COLUMN agentgov.tasks.order_index IS 'Position of a subtask within its ticket';
COMMENT ON COLUMN agentgov.tasks.spec IS 'Detailed specification (orchestrator)';
COMMENT ON COLUMN agentgov.tasks.result IS 'Implementation summary (orchestrator)';
COMMENT ON COLUMN agentgov.tasks.total_tokens_used IS 'Tokens of the usage events naming this task';
COMMENT ON COLUMN agentgov.tasks.total_cost_usd IS 'Cost in USD of the usage events naming this task';

CREATE TABLE agentgov.job_queue (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    job_type        varchar(100) NOT NULL,
    payload         jsonb NOT NULL,
    status          agentgov.job_status NOT NULL DEFAULT 'pending',
    priority        integer NOT NULL DEFAULT 0,
    attempts        integer NOT NULL DEFAULT 0,
    max_attempts    integer NOT NULL DEFAULT 3,
    scheduled_at    timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    completed_at    timestamptz,
    error           text,
    result          jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_queue_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT job_queue_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT job_queue_attempts_range CHECK (attempts >= 0 AND max_attempts >= 0)
);
CREATE INDEX idx_job_queue_id ON agentgov.job_queue (id);
CREATE INDEX idx_job_queue_status ON agentgov.job_queue (status);
CREATE INDEX idx_job_queue_scheduled ON agentgov.job_queue (scheduled_at);
CREATE INDEX idx_job_queue_priority ON agentgov.job_queue (priority DESC);
CREATE INDEX idx_job_queue_next ON agentgov.job_queue (priority DESC, scheduled_at) WHERE status = 'pending';
COMMENT ON TABLE agentgov.job_queue IS 'Asynchronous job queue (orchestrator); dequeue with SELECT ... FOR UPDATE SKIP LOCKED';
COMMENT ON COLUMN agentgov.job_queue.job_type IS 'What to do: refine_idea, develop_ticket, ...';

CREATE TABLE agentgov.webhooks (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    source          varchar(50) NOT NULL,
    event_type      varchar(100) NOT NULL,
    payload         jsonb NOT NULL,
    processed       boolean NOT NULL DEFAULT false,
    processed_at    timestamptz,
    error_message   text,
    retry_count     integer NOT NULL DEFAULT 0,
    max_retries     integer NOT NULL DEFAULT 5,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT webhooks_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT webhooks_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT webhooks_retries_range CHECK (retry_count >= 0 AND max_retries >= 0)
);
CREATE INDEX idx_webhooks_id ON agentgov.webhooks (id);
CREATE INDEX idx_webhooks_project ON agentgov.webhooks (project_id);
CREATE INDEX idx_webhooks_processed ON agentgov.webhooks (processed);
CREATE INDEX idx_webhooks_created ON agentgov.webhooks (created_at);
COMMENT ON TABLE agentgov.webhooks IS 'Inbound webhook deliveries to process (github-agents)';

CREATE TABLE agentgov.agent_memory (
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id      uuid NOT NULL,
    agent_id    uuid NOT NULL,
    project_id  uuid,
    category    varchar(50) NOT NULL,
    key         varchar(200) NOT NULL,
    value       jsonb NOT NULL,
    importance  integer NOT NULL DEFAULT 5,
    expires_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agent_memory_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT agent_memory_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT agent_memory_agent_fk FOREIGN KEY (agent_id)
        REFERENCES agentgov.agents (id) ON DELETE CASCADE,
    CONSTRAINT agent_memory_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT agent_memory_key_unique UNIQUE NULLS NOT DISTINCT (org_id, agent_id, project_id, category, key),
    CONSTRAINT agent_memory_importance_range CHECK (importance BETWEEN 1 AND 10)
);
CREATE INDEX idx_agent_memory_id ON agentgov.agent_memory (id);
CREATE INDEX idx_agent_memory_agent ON agentgov.agent_memory (agent_id);
CREATE INDEX idx_agent_memory_project ON agentgov.agent_memory (project_id);
CREATE INDEX idx_agent_memory_expires ON agentgov.agent_memory (expires_at);
CREATE TRIGGER agent_memory_agent_scope AFTER INSERT OR UPDATE OF org_id, agent_id
    ON agentgov.agent_memory FOR EACH ROW EXECUTE FUNCTION agentgov.check_agent_scope('agent_id');
COMMENT ON TABLE agentgov.agent_memory IS 'Long-lived key/value memory of an agent, per organization and optionally per project (github-agents)';
COMMENT ON COLUMN agentgov.agent_memory.importance IS 'Importance of the memory, 1 (low) to 10 (high)';
COMMENT ON COLUMN agentgov.agent_memory.expires_at IS 'When the memory may be forgotten; NULL = never';

CREATE TABLE agentgov.knowledge_base_documents (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    user_id         uuid NOT NULL,
    filename        varchar(255) NOT NULL,
    file_size       integer NOT NULL,
    content_type    varchar(100) NOT NULL,
    content         text,
    embedding       real[],
    uploaded_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT knowledge_base_documents_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT knowledge_base_documents_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT knowledge_base_documents_user_fk FOREIGN KEY (user_id)
        REFERENCES agentgov.users (id),
    CONSTRAINT knowledge_base_documents_file_size CHECK (file_size >= 0),
    CONSTRAINT knowledge_base_documents_embedding_dims CHECK (
        embedding IS NULL OR (array_ndims(embedding) = 1 AND cardinality(embedding) = 384))
);
CREATE INDEX idx_knowledge_base_documents_id ON agentgov.knowledge_base_documents (id);
CREATE INDEX idx_knowledge_base_documents_project_id ON agentgov.knowledge_base_documents (project_id);
CREATE INDEX idx_knowledge_base_documents_user_id ON agentgov.knowledge_base_documents (user_id);
CREATE INDEX idx_knowledge_base_documents_uploaded_at ON agentgov.knowledge_base_documents (uploaded_at DESC);
COMMENT ON TABLE agentgov.knowledge_base_documents IS 'Knowledge base documents per project (socrates Phase 5)';
COMMENT ON COLUMN agentgov.knowledge_base_documents.user_id IS 'Uploader';
COMMENT ON COLUMN agentgov.knowledge_base_documents.embedding IS 'Sentence embedding for semantic search (384 dimensions, real[] because pgvector is not a dependency)';

CREATE TABLE agentgov.user_behavior_patterns (
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id                 uuid NOT NULL,
    pattern_type            varchar(50) NOT NULL,
    pattern_data            jsonb NOT NULL,
    confidence              numeric(3,2) NOT NULL,
    learned_from_projects   uuid[],
    learned_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_behavior_patterns_pkey PRIMARY KEY (id),
    CONSTRAINT user_behavior_patterns_user_fk FOREIGN KEY (user_id)
        REFERENCES agentgov.users (id) ON DELETE CASCADE,
    CONSTRAINT user_behavior_patterns_confidence_range CHECK (confidence BETWEEN 0 AND 1)
);
CREATE INDEX idx_user_behavior_patterns_user_id ON agentgov.user_behavior_patterns (user_id);
CREATE INDEX idx_user_behavior_patterns_type ON agentgov.user_behavior_patterns (pattern_type);
CREATE INDEX idx_user_behavior_patterns_confidence ON agentgov.user_behavior_patterns (confidence DESC);
COMMENT ON TABLE agentgov.user_behavior_patterns IS 'Learned user behavior patterns (socrates Phase 5: User Learning). Per user: PRIMARY KEY (id)';
COMMENT ON COLUMN agentgov.user_behavior_patterns.pattern_type IS 'Pattern type (e.g., communication_style, detail_level)';
COMMENT ON COLUMN agentgov.user_behavior_patterns.confidence IS 'Confidence in the pattern (0.00-1.00)';
COMMENT ON COLUMN agentgov.user_behavior_patterns.learned_from_projects IS 'Projects the pattern was learned from';

CREATE TABLE agentgov.question_effectiveness (
    id                              uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id                         uuid NOT NULL,
    question_template_id            varchar(100) NOT NULL,
    role                            varchar(50) NOT NULL,
    times_asked                     integer NOT NULL DEFAULT 0,
    times_answered_well             integer NOT NULL DEFAULT 0,
    average_answer_length           integer,
    average_spec_extraction_count   numeric(5,2),
    effectiveness_score             numeric(3,2),
    last_asked_at                   timestamptz,
    updated_at                      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT question_effectiveness_pkey PRIMARY KEY (id),
    CONSTRAINT question_effectiveness_user_fk FOREIGN KEY (user_id)
        REFERENCES agentgov.users (id) ON DELETE CASCADE,
    CONSTRAINT question_effectiveness_unique UNIQUE (user_id, question_template_id),
    CONSTRAINT question_effectiveness_score_range CHECK (
        effectiveness_score IS NULL OR effectiveness_score BETWEEN 0 AND 1),
    CONSTRAINT question_effectiveness_counts CHECK (
        times_asked >= 0 AND times_answered_well BETWEEN 0 AND times_asked)
);
CREATE INDEX idx_question_effectiveness_user_id ON agentgov.question_effectiveness (user_id);
CREATE INDEX idx_question_effectiveness_role ON agentgov.question_effectiveness (role);
CREATE INDEX idx_question_effectiveness_score ON agentgov.question_effectiveness (effectiveness_score DESC);
COMMENT ON TABLE agentgov.question_effectiveness IS 'Question effectiveness tracking per user (socrates Phase 5). Per user: PRIMARY KEY (id)';
COMMENT ON COLUMN agentgov.question_effectiveness.role IS 'Role (persona) asking the question';
COMMENT ON COLUMN agentgov.question_effectiveness.effectiveness_score IS 'How effective question is for this user (0.00-1.00)';
\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Artifacts and evidence, phase gates and quality, telemetry and divergence.
-- ---------------------------------------------------------------------------

CREATE TABLE agentgov.artifacts (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    type            agentgov.artifact_type NOT NULL,
    version         integer NOT NULL DEFAULT 1,
    status          agentgov.artifact_status NOT NULL DEFAULT 'DRAFT',
    content         jsonb,
    content_sha256  bytea,
    evidence_tier   agentgov.evidence_tier NOT NULL DEFAULT 'E0',
    created_by      uuid NOT NULL,
    approved_by     uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    approved_at     timestamptz,
    deployed_at     timestamptz,
    CONSTRAINT artifacts_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT artifacts_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT artifacts_created_by_fk FOREIGN KEY (created_by)
        REFERENCES agentgov.users (id),
    CONSTRAINT artifacts_approved_by_fk FOREIGN KEY (approved_by)
        REFERENCES agentgov.users (id),
    CONSTRAINT artifacts_version_key UNIQUE (org_id, project_id, type, version),
    CONSTRAINT artifacts_version_positive CHECK (version >= 1),
    CONSTRAINT artifacts_content_sha256_length CHECK (content_sha256 IS NULL OR octet_length(content_sha256) = 32)
);
CREATE INDEX idx_artifacts_id ON agentgov.artifacts (id);
CREATE INDEX idx_artifact_project_type_version ON agentgov.artifacts (project_id, type, version);
CREATE INDEX idx_artifact_org_created ON agentgov.artifacts (org_id, created_at);
CREATE INDEX idx_artifact_evidence_tier ON agentgov.artifacts (evidence_tier);
CREATE INDEX idx_artifacts_type ON agentgov.artifacts (type);
CREATE INDEX idx_artifacts_version ON agentgov.artifacts (version);
CREATE INDEX idx_artifacts_created_at ON agentgov.artifacts (created_at);
CREATE INDEX idx_artifacts_created_by ON agentgov.artifacts (created_by);
CREATE INDEX idx_artifacts_approved_by ON agentgov.artifacts (approved_by);
COMMENT ON TABLE agentgov.artifacts IS 'Versioned work products of a project with an approval lifecycle DRAFT -> REVIEW -> APPROVED -> DEPLOYED (platform)';
COMMENT ON COLUMN agentgov.artifacts.version IS 'Version within (project_id, type): 1, 2, 3 ... without gaps';
COMMENT ON COLUMN agentgov.artifacts.content IS 'Artifact content (text, JSON, or references); approved artifacts may list assumptions {metric, value, evidence_tier}';
COMMENT ON COLUMN agentgov.artifacts.content_sha256 IS 'SHA-256 digest of the content';
COMMENT ON COLUMN agentgov.artifacts.evidence_tier IS 'Strength of the evidence behind the artifact';
COMMENT ON COLUMN agentgov.artifacts.approved_by IS 'Approving member of the organization, not the creator';

CREATE TABLE agentgov.artifact_tags (
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id      uuid NOT NULL,
    artifact_id uuid NOT NULL,
    tag_name    varchar(100) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT artifact_tags_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT artifact_tags_artifact_fk FOREIGN KEY (org_id, artifact_id)
        REFERENCES agentgov.artifacts (org_id, id) ON DELETE CASCADE,
    CONSTRAINT artifact_tags_unique UNIQUE (org_id, artifact_id, tag_name)
);
CREATE INDEX idx_artifact_tags_id ON agentgov.artifact_tags (id);
CREATE INDEX idx_artifact_tag_name ON agentgov.artifact_tags (artifact_id, tag_name);
COMMENT ON TABLE agentgov.artifact_tags IS 'Labels on artifacts, e.g. vrc_gate_submission (platform)';

CREATE TABLE agentgov.evidence (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    project_id          uuid NOT NULL,
    artifact_id         uuid NOT NULL,
    evidence_tier       agentgov.evidence_tier NOT NULL,
    source              agentgov.evidence_source NOT NULL,
    confidence_score    integer NOT NULL,
    evidence_count      integer NOT NULL,
    url_or_reference    varchar(500),
    created_by          uuid NOT NULL,
    reviewed_by         uuid,
    created_at          timestamptz NOT NULL DEFAULT now(),
    reviewed_at         timestamptz,
    escalation_status   agentgov.escalation_status NOT NULL DEFAULT 'NONE',
    CONSTRAINT evidence_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT evidence_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT evidence_artifact_fk FOREIGN KEY (org_id, artifact_id)
        REFERENCES agentgov.artifacts (org_id, id) ON DELETE CASCADE,
    CONSTRAINT evidence_created_by_fk FOREIGN KEY (created_by)
        REFERENCES agentgov.users (id),
    CONSTRAINT evidence_reviewed_by_fk FOREIGN KEY (reviewed_by)
        REFERENCES agentgov.users (id) ON DELETE SET NULL,
    CONSTRAINT evidence_confidence_range CHECK (confidence_score BETWEEN 0 AND 100),
    CONSTRAINT evidence_count_nonnegative CHECK (evidence_count >= 0)
);
CREATE INDEX idx_evidence_id ON agentgov.evidence (id);
CREATE INDEX idx_evidence_project ON agentgov.evidence (project_id);
CREATE INDEX idx_evidence_artifact ON agentgov.evidence (artifact_id);
CREATE INDEX idx_evidence_tier ON agentgov.evidence (evidence_tier);
CREATE INDEX idx_evidence_created_by ON agentgov.evidence (created_by);
CREATE INDEX idx_evidence_reviewed_by ON agentgov.evidence (reviewed_by);
COMMENT ON TABLE agentgov.evidence IS 'Evidence behind an artifact with its tier, source and confidence (platform)';
COMMENT ON COLUMN agentgov.evidence.confidence_score IS 'Confidence in the evidence, 0-100';
COMMENT ON COLUMN agentgov.evidence.evidence_count IS 'Number of data points (interviews, responses, ...)';
COMMENT ON COLUMN agentgov.evidence.escalation_status IS 'Review escalation: NONE, IN_REVIEW, ESCALATED';

CREATE TABLE agentgov.generated_projects (
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id                  uuid NOT NULL,
    project_id              uuid NOT NULL,
    generation_version      integer NOT NULL DEFAULT 1,
    total_files             integer NOT NULL,
    total_lines             integer NOT NULL,
    test_coverage           numeric(5,2),
    quality_score           integer,
    traceability_score      integer,
    download_url            text,
    generation_started_at   timestamptz NOT NULL DEFAULT now(),
    generation_completed_at timestamptz,
    generation_status       agentgov.generation_status NOT NULL DEFAULT 'pending',
    error_message           text,
    CONSTRAINT generated_projects_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT generated_projects_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT generated_projects_version_unique UNIQUE (org_id, project_id, generation_version),
    CONSTRAINT generated_projects_version_positive CHECK (generation_version >= 1),
    CONSTRAINT generated_projects_totals CHECK (total_files >= 0 AND total_lines >= 0),
    CONSTRAINT generated_projects_coverage_range CHECK (test_coverage IS NULL OR test_coverage BETWEEN 0 AND 100),
    CONSTRAINT generated_projects_scores_range CHECK (
        (quality_score IS NULL OR quality_score BETWEEN 0 AND 100)
        AND (traceability_score IS NULL OR traceability_score BETWEEN 0 AND 100))
);
CREATE INDEX idx_generated_projects_id ON agentgov.generated_projects (id);
CREATE INDEX idx_generated_projects_project_id ON agentgov.generated_projects (project_id);
CREATE INDEX idx_generated_projects_status ON agentgov.generated_projects (generation_status);
CREATE INDEX idx_generated_projects_completed_at ON agentgov.generated_projects (generation_completed_at DESC);
COMMENT ON TABLE agentgov.generated_projects IS 'Generated project metadata (socrates Phase 4: Project Generation)';
COMMENT ON COLUMN agentgov.generated_projects.generation_version IS 'Generation version (incremental if re-generated), numbered per project without gaps';
COMMENT ON COLUMN agentgov.generated_projects.traceability_score IS 'Percentage of specifications implemented';

CREATE TABLE agentgov.generated_files (
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id                  uuid NOT NULL,
    generated_project_id    uuid NOT NULL,
    file_path               varchar(500) NOT NULL,
    file_content            text,
    file_size               integer,
    spec_ids                uuid[],
    created_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT generated_files_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT generated_files_project_fk FOREIGN KEY (org_id, generated_project_id)
        REFERENCES agentgov.generated_projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT generated_files_path_unique UNIQUE (org_id, generated_project_id, file_path),
    CONSTRAINT generated_files_size_nonnegative CHECK (file_size IS NULL OR file_size >= 0)
);
CREATE INDEX idx_generated_files_id ON agentgov.generated_files (id);
CREATE INDEX idx_generated_files_project_id ON agentgov.generated_files (generated_project_id);
CREATE INDEX idx_generated_files_file_path ON agentgov.generated_files (file_path);
COMMENT ON TABLE agentgov.generated_files IS 'Individual generated files (socrates Phase 4)';
COMMENT ON COLUMN agentgov.generated_files.spec_ids IS 'Specifications that led to this file (traceability)';

CREATE TABLE agentgov.gate_policies (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid,
    phase               agentgov.gate_phase NOT NULL,
    threshold           integer NOT NULL,
    conditional_margin  integer NOT NULL DEFAULT 10,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT gate_policies_pkey PRIMARY KEY (id),
    CONSTRAINT gate_policies_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT gate_policies_org_phase_key UNIQUE NULLS NOT DISTINCT (org_id, phase),
    CONSTRAINT gate_policies_threshold_range CHECK (threshold BETWEEN 0 AND 100),
    CONSTRAINT gate_policies_margin_range CHECK (conditional_margin BETWEEN 0 AND 100)
);
COMMENT ON TABLE agentgov.gate_policies IS 'Pass threshold and conditional margin per gate: rows with org_id NULL are the defaults (VRC 76, VCD 75, DSP 80, MDP 85), an org''s own row overrides them. PRIMARY KEY (id): default rows are a global catalogue';
COMMENT ON COLUMN agentgov.gate_policies.org_id IS 'Organization the policy applies to; NULL = default for every organization';
COMMENT ON COLUMN agentgov.gate_policies.threshold IS 'Score (0-100) at or above which the gate passes';
COMMENT ON COLUMN agentgov.gate_policies.conditional_margin IS 'Points below the threshold that still give CONDITIONAL';

CREATE TABLE agentgov.phase_gate_decisions (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    project_id          uuid NOT NULL,
    artifact_id         uuid,
    phase               agentgov.gate_phase NOT NULL,
    score               integer NOT NULL,
    target_threshold    integer NOT NULL,
    decision            agentgov.gate_decision NOT NULL,
    indicators          jsonb NOT NULL,
    decided_by          uuid NOT NULL,
    rationale           varchar(2000) NOT NULL,
    override_by         uuid,
    override_reason     varchar(2000),
    created_at          timestamptz NOT NULL DEFAULT now(),
    decided_at          timestamptz NOT NULL DEFAULT now(),
    override_at         timestamptz,
    CONSTRAINT phase_gate_decisions_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT phase_gate_decisions_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT phase_gate_decisions_artifact_fk FOREIGN KEY (org_id, artifact_id)
        REFERENCES agentgov.artifacts (org_id, id) ON DELETE SET NULL (artifact_id),
    CONSTRAINT phase_gate_decisions_decided_by_fk FOREIGN KEY (decided_by)
        REFERENCES agentgov.users (id),
    CONSTRAINT phase_gate_decisions_override_by_fk FOREIGN KEY (override_by)
        REFERENCES agentgov.users (id),
    CONSTRAINT phase_gate_decisions_score_range CHECK (score BETWEEN 0 AND 100),
    CONSTRAINT phase_gate_decisions_threshold_range CHECK (target_threshold BETWEEN 0 AND 100),
    CONSTRAINT phase_gate_decisions_indicators_array CHECK (jsonb_typeof(indicators) = 'array'),
    CONSTRAINT phase_gate_decisions_override_complete CHECK (
        (override_by IS NULL) = (override_reason IS NULL)
        AND (override_by IS NULL) = (override_at IS NULL))
);
CREATE INDEX idx_phase_gate_decisions_id ON agentgov.phase_gate_decisions (id);
CREATE INDEX idx_gate_project_phase ON agentgov.phase_gate_decisions (project_id, phase);
CREATE INDEX idx_gate_phase ON agentgov.phase_gate_decisions (phase);
CREATE INDEX idx_gate_artifact ON agentgov.phase_gate_decisions (artifact_id);
CREATE INDEX idx_gate_decided_by ON agentgov.phase_gate_decisions (decided_by);
CREATE INDEX idx_gate_override_by ON agentgov.phase_gate_decisions (override_by);
COMMENT ON TABLE agentgov.phase_gate_decisions IS 'Scored gate decisions that move a project from one phase to the next (platform)';
COMMENT ON COLUMN agentgov.phase_gate_decisions.score IS 'Weighted score of the indicators, 0-100';
COMMENT ON COLUMN agentgov.phase_gate_decisions.target_threshold IS 'Threshold in force when decided (76, 75, 80 or 85 by default)';
COMMENT ON COLUMN agentgov.phase_gate_decisions.indicators IS 'Array of indicator scores: {name, score, weight, min}';
COMMENT ON COLUMN agentgov.phase_gate_decisions.override_by IS 'ADMIN who overrode the decision; override_reason and override_at are set with it';

CREATE TABLE agentgov.quality_metrics (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    metric_type     varchar(100) NOT NULL,
    metric_value    numeric(10,2) NOT NULL,
    threshold       numeric(10,2),
    passed          boolean NOT NULL,
    details         jsonb,
    calculated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT quality_metrics_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT quality_metrics_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE
);
CREATE INDEX idx_quality_metrics_id ON agentgov.quality_metrics (id);
CREATE INDEX idx_quality_metrics_project_id ON agentgov.quality_metrics (project_id);
CREATE INDEX idx_quality_metrics_type ON agentgov.quality_metrics (metric_type);
CREATE INDEX idx_quality_metrics_calculated_at ON agentgov.quality_metrics (calculated_at DESC);
COMMENT ON TABLE agentgov.quality_metrics IS 'Quality Control metrics and validation results (socrates)';
COMMENT ON COLUMN agentgov.quality_metrics.metric_type IS 'Type of metric (e.g., maturity, coverage, conflicts)';
COMMENT ON COLUMN agentgov.quality_metrics.passed IS 'Whether metric_value reached threshold';

CREATE TABLE agentgov.maturity_tracking (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    category        varchar(100) NOT NULL,
    score           integer NOT NULL,
    details         jsonb,
    calculated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT maturity_tracking_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT maturity_tracking_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT maturity_tracking_score_range CHECK (score BETWEEN 0 AND 100)
);
CREATE INDEX idx_maturity_tracking_id ON agentgov.maturity_tracking (id);
CREATE INDEX idx_maturity_tracking_project_id ON agentgov.maturity_tracking (project_id);
CREATE INDEX idx_maturity_tracking_category ON agentgov.maturity_tracking (category);
CREATE INDEX idx_maturity_tracking_calculated_at ON agentgov.maturity_tracking (calculated_at DESC);
CREATE INDEX idx_maturity_tracking_latest ON agentgov.maturity_tracking (project_id, category, calculated_at DESC);
COMMENT ON TABLE agentgov.maturity_tracking IS 'Maturity tracking per category (socrates, 12 categories)';
COMMENT ON COLUMN agentgov.maturity_tracking.category IS 'Maturity category (e.g., requirements, goals, tech_stack)';

CREATE TABLE agentgov.test_results (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    project_id          uuid NOT NULL,
    test_type           varchar(50) NOT NULL,
    technology_stack    jsonb NOT NULL,
    test_status         agentgov.test_status NOT NULL,
    results             jsonb,
    error_message       text,
    started_at          timestamptz NOT NULL DEFAULT now(),
    completed_at        timestamptz,
    CONSTRAINT test_results_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT test_results_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT test_results_completed_after_start CHECK (completed_at IS NULL OR completed_at >= started_at)
);
CREATE INDEX idx_test_results_id ON agentgov.test_results (id);
CREATE INDEX idx_test_results_project_id ON agentgov.test_results (project_id);
CREATE INDEX idx_test_results_status ON agentgov.test_results (test_status);
CREATE INDEX idx_test_results_started_at ON agentgov.test_results (started_at DESC);
COMMENT ON TABLE agentgov.test_results IS 'Real-time compatibility testing results, Design phase (socrates)';
COMMENT ON COLUMN agentgov.test_results.test_type IS 'compatibility, integration or unit';
COMMENT ON COLUMN agentgov.test_results.technology_stack IS 'Technologies tested (e.g., {"python": "3.12", "postgres": "15"})';

CREATE TABLE agentgov.telemetry (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    metric_name     agentgov.metric_name NOT NULL,
    metric_value    numeric(10,4) NOT NULL,
    unit            varchar(20) NOT NULL,
    observed_at     timestamptz NOT NULL,
    cohort          varchar(100),
    evidence_tier   agentgov.evidence_tier NOT NULL DEFAULT 'E4',
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT telemetry_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT telemetry_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE
);
CREATE INDEX idx_telemetry_id ON agentgov.telemetry (id);
CREATE INDEX idx_telemetry_project_metric ON agentgov.telemetry (project_id, metric_name, observed_at);
CREATE INDEX idx_telemetry_org_timestamp ON agentgov.telemetry (org_id, observed_at);
CREATE INDEX idx_telemetry_metric_name ON agentgov.telemetry (metric_name);
CREATE INDEX idx_telemetry_observed_at ON agentgov.telemetry (observed_at);
COMMENT ON TABLE agentgov.telemetry IS 'Production metrics of a project, hourly aggregations (platform)';
COMMENT ON COLUMN agentgov.telemetry.unit IS 'Unit of metric_value: %, ms, count, rate, score';
COMMENT ON COLUMN agentgov.telemetry.observed_at IS 'Hour the value aggregates (platform timestamp)';
COMMENT ON COLUMN agentgov.telemetry.cohort IS 'User cohort: early_adopter, mainstream, enterprise';
COMMENT ON COLUMN agentgov.telemetry.evidence_tier IS 'Evidence tier of the observation; production telemetry is E4';

CREATE TABLE agentgov.divergence_reports (
    id                          uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id                      uuid NOT NULL,
    project_id                  uuid NOT NULL,
    artifact_id                 uuid NOT NULL,
    divergence_type             agentgov.divergence_type NOT NULL,
    metric_name                 agentgov.metric_name,
    assumed_value               varchar(500) NOT NULL,
    actual_value                varchar(500) NOT NULL,
    assumption_evidence_tier    agentgov.evidence_tier NOT NULL,
    telemetry_evidence_tier     agentgov.evidence_tier NOT NULL,
    tier_delta                  integer NOT NULL,
    classification              agentgov.divergence_classification NOT NULL,
    detected_at                 timestamptz NOT NULL DEFAULT now(),
    created_at                  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT divergence_reports_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT divergence_reports_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT divergence_reports_artifact_fk FOREIGN KEY (org_id, artifact_id)
        REFERENCES agentgov.artifacts (org_id, id) ON DELETE CASCADE,
    CONSTRAINT divergence_reports_tier_delta_range CHECK (tier_delta BETWEEN 0 AND 4)
);
CREATE INDEX idx_divergence_reports_id ON agentgov.divergence_reports (id);
CREATE INDEX idx_divergence_project_type ON agentgov.divergence_reports (project_id, divergence_type);
CREATE INDEX idx_divergence_classification ON agentgov.divergence_reports (classification);
CREATE INDEX idx_divergence_detected_at ON agentgov.divergence_reports (detected_at);
CREATE INDEX idx_divergence_artifact ON agentgov.divergence_reports (artifact_id);
COMMENT ON TABLE agentgov.divergence_reports IS 'Differences between what an artifact assumed and what telemetry shows (platform)';
COMMENT ON COLUMN agentgov.divergence_reports.metric_name IS 'Telemetry metric compared, when the divergence was detected from telemetry';
COMMENT ON COLUMN agentgov.divergence_reports.assumed_value IS 'Value the artifact assumed, as text ("200ms", "12.5%", "$49")';
COMMENT ON COLUMN agentgov.divergence_reports.actual_value IS 'Value observed, as text';
COMMENT ON COLUMN agentgov.divergence_reports.tier_delta IS 'Distance between the assumption''s and the observation''s evidence tiers (0-4)';
COMMENT ON COLUMN agentgov.divergence_reports.classification IS 'COSMETIC, MINOR or MAJOR';

CREATE TABLE agentgov.cascade_analyses (
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id                  uuid NOT NULL,
    divergence_id           uuid NOT NULL,
    affected_features       jsonb NOT NULL,
    affected_code_modules   jsonb NOT NULL,
    reexecution_scope_days  integer NOT NULL,
    full_redesign_days      integer NOT NULL,
    recommendation          agentgov.cascade_recommendation NOT NULL,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cascade_analyses_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT cascade_analyses_divergence_fk FOREIGN KEY (org_id, divergence_id)
        REFERENCES agentgov.divergence_reports (org_id, id) ON DELETE CASCADE,
    CONSTRAINT cascade_analyses_divergence_key UNIQUE (org_id, divergence_id),
    CONSTRAINT cascade_analyses_features_array CHECK (jsonb_typeof(affected_features) = 'array'),
    CONSTRAINT cascade_analyses_modules_array CHECK (jsonb_typeof(affected_code_modules) = 'array'),
    CONSTRAINT cascade_analyses_reexecution_range CHECK (reexecution_scope_days BETWEEN 2 AND 7),
    CONSTRAINT cascade_analyses_redesign_range CHECK (full_redesign_days BETWEEN 14 AND 21)
);
CREATE INDEX idx_cascade_analyses_id ON agentgov.cascade_analyses (id);
CREATE INDEX idx_cascade_analyses_divergence ON agentgov.cascade_analyses (divergence_id);
COMMENT ON TABLE agentgov.cascade_analyses IS 'What a divergence means for downstream work: one analysis per divergence (platform)';
COMMENT ON COLUMN agentgov.cascade_analyses.affected_features IS 'Features touched, e.g. ["F12 PRD", "F13 Positioning"]';
COMMENT ON COLUMN agentgov.cascade_analyses.affected_code_modules IS 'Code modules touched, e.g. ["pricing_service", "pricing_api"]';
COMMENT ON COLUMN agentgov.cascade_analyses.reexecution_scope_days IS 'Estimated days to re-execute the affected work (2-7)';
COMMENT ON COLUMN agentgov.cascade_analyses.full_redesign_days IS 'Estimated days for a full redesign (14-21)';
\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Artifact versioning and approval lifecycle (src/versioning.c).
--
-- artifacts.version is numbered 1, 2, 3 ... per (project_id, type) and
-- generated_projects.generation_version per project, by BEFORE triggers that
-- take the next number from a counter row of the series.  The counter holds
-- the highest version of its series at all times: an insert raises it by one,
-- deleting a row (or moving a draft to another project or type) sets it back
-- to the highest version left, so a new row always gets max + 1.  The
-- counters are normal tables, dumped with the rows they count.
--
-- The artifact lifecycle is DRAFT -> REVIEW -> APPROVED -> DEPLOYED, with
-- REVIEW -> DRAFT; approval needs a second person (four-eyes).
-- ---------------------------------------------------------------------------

-- Versions are assigned by the triggers below: a NULL version means "assign
-- one", any other value must be the one assigned.
ALTER TABLE agentgov.artifacts ALTER COLUMN version DROP DEFAULT;
ALTER TABLE agentgov.generated_projects ALTER COLUMN generation_version DROP DEFAULT;

-- The foreign keys to projects are deferred so that inserting an artifact of
-- an unknown project reports the artifact's own foreign key, not the
-- counter's; ON DELETE CASCADE still acts at once.  Every insert updates its
-- counter row: fillfactor 10 makes the page prune its dead versions early,
-- which keeps the row's HOT chain (walked by every lookup) short.
-- The triggers write the counters as their owner (see src/versioning.c):
-- clients need no privileges on them.
CREATE TABLE agentgov.artifact_version_counters (
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    type            agentgov.artifact_type NOT NULL,
    last_version    integer NOT NULL,
    CONSTRAINT artifact_version_counters_pkey PRIMARY KEY (org_id, project_id, type),
    CONSTRAINT artifact_version_counters_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE
        DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT artifact_version_counters_last_version_nonnegative CHECK (last_version >= 0)
) WITH (fillfactor = 10);
COMMENT ON TABLE agentgov.artifact_version_counters IS
    'Highest version of each (project_id, type) series of artifacts, maintained by the versioning triggers: the next artifact gets last_version + 1. Writers of one series queue on its row; other series do not wait';
COMMENT ON COLUMN agentgov.artifact_version_counters.last_version IS
    'max(version) of the series'' artifacts (0 once all were deleted)';

CREATE TABLE agentgov.generation_version_counters (
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    last_version    integer NOT NULL,
    CONSTRAINT generation_version_counters_pkey PRIMARY KEY (org_id, project_id),
    CONSTRAINT generation_version_counters_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE
        DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT generation_version_counters_last_version_nonnegative CHECK (last_version >= 0)
) WITH (fillfactor = 10);
COMMENT ON TABLE agentgov.generation_version_counters IS
    'Highest generation_version of each project''s generated_projects, maintained by the versioning triggers: the next generation gets last_version + 1';
COMMENT ON COLUMN agentgov.generation_version_counters.last_version IS
    'max(generation_version) of the project''s generations (0 once all were deleted)';

-- ---- Triggers --------------------------------------------------------------
CREATE FUNCTION agentgov.artifact_before_write() RETURNS trigger
    AS 'MODULE_PATHNAME', 'artifact_before_write'
    LANGUAGE C;
COMMENT ON FUNCTION agentgov.artifact_before_write() IS
    'BEFORE INSERT OR UPDATE on artifacts: assigns version (max + 1 per project and type) and content_sha256, and enforces the lifecycle DRAFT -> REVIEW -> APPROVED -> DEPLOYED (REVIEW -> DRAFT), four-eyes approval and the immutability of non-draft artifacts';

CREATE FUNCTION agentgov.artifact_before_delete() RETURNS trigger
    AS 'MODULE_PATHNAME', 'artifact_before_delete'
    LANGUAGE C;
COMMENT ON FUNCTION agentgov.artifact_before_delete() IS
    'BEFORE DELETE on artifacts: APPROVED and DEPLOYED artifacts cannot be deleted';

CREATE FUNCTION agentgov.artifact_before_truncate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'artifact_before_truncate'
    LANGUAGE C;
COMMENT ON FUNCTION agentgov.artifact_before_truncate() IS
    'BEFORE TRUNCATE on artifacts: refused while APPROVED or DEPLOYED artifacts exist';

CREATE FUNCTION agentgov.generation_before_write() RETURNS trigger
    AS 'MODULE_PATHNAME', 'generation_before_write'
    LANGUAGE C;
COMMENT ON FUNCTION agentgov.generation_before_write() IS
    'BEFORE INSERT OR UPDATE on generated_projects: assigns generation_version (max + 1 per project)';

CREATE FUNCTION agentgov.version_after_remove() RETURNS trigger
    AS 'MODULE_PATHNAME', 'version_after_remove'
    LANGUAGE C;
COMMENT ON FUNCTION agentgov.version_after_remove() IS
    'AFTER DELETE, or AFTER UPDATE moving a row to another series, on artifacts and generated_projects: sets the old series'' counter back to its highest remaining version';

CREATE FUNCTION agentgov.version_after_truncate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'version_after_truncate'
    LANGUAGE C;
COMMENT ON FUNCTION agentgov.version_after_truncate() IS
    'AFTER TRUNCATE on artifacts and generated_projects: empties the table''s version counters';

CREATE TRIGGER artifacts_version BEFORE INSERT OR UPDATE ON agentgov.artifacts
    FOR EACH ROW EXECUTE FUNCTION agentgov.artifact_before_write();
CREATE TRIGGER artifacts_keep_approved BEFORE DELETE ON agentgov.artifacts
    FOR EACH ROW EXECUTE FUNCTION agentgov.artifact_before_delete();
CREATE TRIGGER artifacts_keep_approved_truncate BEFORE TRUNCATE ON agentgov.artifacts
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.artifact_before_truncate();
CREATE TRIGGER artifacts_version_release AFTER DELETE ON agentgov.artifacts
    FOR EACH ROW EXECUTE FUNCTION agentgov.version_after_remove();
CREATE TRIGGER artifacts_version_move AFTER UPDATE OF org_id, project_id, type ON agentgov.artifacts
    FOR EACH ROW
    WHEN ((OLD.org_id, OLD.project_id, OLD.type) IS DISTINCT FROM (NEW.org_id, NEW.project_id, NEW.type))
    EXECUTE FUNCTION agentgov.version_after_remove();
CREATE TRIGGER artifacts_version_truncate AFTER TRUNCATE ON agentgov.artifacts
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.version_after_truncate();

CREATE TRIGGER generated_projects_version BEFORE INSERT OR UPDATE ON agentgov.generated_projects
    FOR EACH ROW EXECUTE FUNCTION agentgov.generation_before_write();
CREATE TRIGGER generated_projects_version_release AFTER DELETE ON agentgov.generated_projects
    FOR EACH ROW EXECUTE FUNCTION agentgov.version_after_remove();
CREATE TRIGGER generated_projects_version_move AFTER UPDATE OF org_id, project_id ON agentgov.generated_projects
    FOR EACH ROW
    WHEN ((OLD.org_id, OLD.project_id) IS DISTINCT FROM (NEW.org_id, NEW.project_id))
    EXECUTE FUNCTION agentgov.version_after_remove();
CREATE TRIGGER generated_projects_version_truncate AFTER TRUNCATE ON agentgov.generated_projects
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.version_after_truncate();

-- ---- Functions -------------------------------------------------------------
CREATE FUNCTION agentgov.artifact_transition(artifact_id uuid,
                                             to_status agentgov.artifact_status,
                                             actor uuid DEFAULT NULL,
                                             rationale text DEFAULT NULL)
RETURNS agentgov.artifacts
    AS 'MODULE_PATHNAME', 'artifact_transition'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.artifact_transition(uuid, agentgov.artifact_status, uuid, text) IS
    'Moves an artifact to to_status (approving it as actor for APPROVED), writes an audit_log row (APPROVE or UPDATE) with the rationale, and returns the changed row. actor defaults to agentgov.current_user_id()';

CREATE FUNCTION agentgov.artifact_latest(project_id uuid,
                                         type agentgov.artifact_type,
                                         min_status agentgov.artifact_status DEFAULT 'DRAFT')
RETURNS SETOF agentgov.artifacts
LANGUAGE sql STABLE STRICT ROWS 1
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT a.*
      FROM agentgov.artifacts a
     WHERE a.project_id = artifact_latest.project_id
       AND a.type = artifact_latest.type
       AND a.status >= artifact_latest.min_status
     ORDER BY a.version DESC
     LIMIT 1
$$;
COMMENT ON FUNCTION agentgov.artifact_latest(uuid, agentgov.artifact_type, agentgov.artifact_status) IS
    'The highest version of a project''s artifacts of one type whose status is min_status or later in the lifecycle (DRAFT < REVIEW < APPROVED < DEPLOYED); no row if there is none';

CREATE FUNCTION agentgov.artifact_history(project_id uuid, type agentgov.artifact_type)
RETURNS TABLE (version integer, status agentgov.artifact_status, artifact_id uuid,
               content_sha256 bytea, created_by uuid, created_at timestamptz,
               approved_by uuid, approved_at timestamptz, deployed_at timestamptz)
LANGUAGE sql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT a.version, a.status, a.id, a.content_sha256, a.created_by, a.created_at,
           a.approved_by, a.approved_at, a.deployed_at
      FROM agentgov.artifacts a
     WHERE a.project_id = artifact_history.project_id
       AND a.type = artifact_history.type
     ORDER BY a.version
$$;
COMMENT ON FUNCTION agentgov.artifact_history(uuid, agentgov.artifact_type) IS
    'Every version of a project''s artifacts of one type, oldest first, with its status, who approved it and when it was approved and deployed';

CREATE FUNCTION agentgov.supersede_specification(spec_id uuid, content text,
                                                 source agentgov.spec_source,
                                                 confidence numeric DEFAULT NULL)
RETURNS uuid
    AS 'MODULE_PATHNAME', 'supersede_specification'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.supersede_specification(uuid, text, agentgov.spec_source, numeric) IS
    'Replaces a current specification by a new one (same project, conversation and category) and returns the new id; the old row gets is_current = false, superseded_at and superseded_by. Of two concurrent supersedes of one specification the second fails';
\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Phase gates (src/gates.c): indicator scoring, gate policies, decisions and
-- overrides; socrates' quality metrics and maturity score.
--
-- A gate decision is scored from its indicators against the policy in force
-- for the organization (gate_policies: its own row, else the default), and
-- the rules hold however the row is written: evaluate_gate() and a plain
-- INSERT go through the same trigger, override_gate() and a plain UPDATE
-- too.  A PASS moves the project to the next phase.
-- ---------------------------------------------------------------------------

-- ---- Scoring ---------------------------------------------------------------
CREATE FUNCTION agentgov.gate_score(indicators jsonb) RETURNS integer
    AS 'MODULE_PATHNAME', 'gate_score'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.gate_score(jsonb) IS
    'Weighted mean of the indicators'' scores, rounded half away from zero. Indicators: a non-empty array of {"name": text, "score": 0..100, "weight": > 0 (default 1), "min": 0..100 (optional floor)} with unique names; anything else is a 22023 error naming the element';

CREATE FUNCTION agentgov.gate_floor_failed(indicators jsonb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'gate_floor_failed'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.gate_floor_failed(jsonb) IS
    'True when some indicator scores below its floor ("min"), which makes the gate FAIL; validates the indicators as gate_score() does';

CREATE FUNCTION agentgov.gate_threshold(phase agentgov.gate_phase, org_id uuid DEFAULT NULL)
RETURNS integer
    AS 'MODULE_PATHNAME', 'gate_threshold'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.gate_threshold(agentgov.gate_phase, uuid) IS
    'Pass threshold of a gate for an organization: its gate_policies row, else the default (VRC 76, VCD 75, DSP 80, MDP 85); NULL org_id gives the default';

CREATE FUNCTION agentgov.gate_decide(score integer, threshold integer,
                                     margin integer DEFAULT 10,
                                     floor_failed boolean DEFAULT false)
RETURNS agentgov.gate_decision
    AS 'MODULE_PATHNAME', 'gate_decide'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.gate_decide(integer, integer, integer, boolean) IS
    'PASS when score >= threshold, CONDITIONAL when score >= threshold - margin, else FAIL; a failed floor gives FAIL. Arguments run from 0 to 100';

-- ---- Decisions ---------------------------------------------------------------
CREATE FUNCTION agentgov.check_gate_decision() RETURNS trigger
    AS 'MODULE_PATHNAME', 'check_gate_decision' LANGUAGE C;
COMMENT ON FUNCTION agentgov.check_gate_decision() IS
    'BEFORE INSERT OR UPDATE trigger on phase_gate_decisions: scores the indicators against the policy in force, fills or checks score, target_threshold and decision, moves the project; an UPDATE may only override the decision (ADMIN, with a reason, audited)';
CREATE TRIGGER check_gate_decision
    BEFORE INSERT OR UPDATE ON agentgov.phase_gate_decisions
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_gate_decision();

CREATE FUNCTION agentgov.evaluate_gate(project_id uuid, phase agentgov.gate_phase,
                                       indicators jsonb, decided_by uuid, rationale text,
                                       artifact_id uuid DEFAULT NULL)
RETURNS agentgov.phase_gate_decisions
    AS 'MODULE_PATHNAME', 'evaluate_gate'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.evaluate_gate(uuid, agentgov.gate_phase, jsonb, uuid, text, uuid) IS
    'Records a gate decision scored from the indicators against the organization''s policy and returns it. PASS moves the project on (VRC: DISCOVER->DEFINE, VCD: DEFINE->DESIGN, DSP: DESIGN->DEVELOP, MDP: DEVELOP->DEPLOY); the project''s status becomes PASSED, CONDITIONAL or FAILED. AG004 unless the gate ends the project''s current phase';

CREATE FUNCTION agentgov.override_gate(decision_id uuid, by uuid, reason text,
                                       new_decision agentgov.gate_decision)
RETURNS agentgov.phase_gate_decisions
    AS 'MODULE_PATHNAME', 'override_gate'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.override_gate(uuid, uuid, text, agentgov.gate_decision) IS
    'Overrides the latest decision of a gate while the project is still in the gate''s phase: by must be an ADMIN of the organization (42501); fills override_by, override_reason, override_at, writes an OVERRIDE audit_log row and moves the project as the new decision does';

-- ---- Quality and maturity (socrates) -------------------------------------------
CREATE FUNCTION agentgov.quality_metric_passed() RETURNS trigger
    AS 'MODULE_PATHNAME', 'quality_metric_passed' LANGUAGE C;
COMMENT ON FUNCTION agentgov.quality_metric_passed() IS
    'BEFORE INSERT OR UPDATE trigger on quality_metrics: passed follows metric_value >= threshold; filled when left NULL, refused (23514) when it contradicts';
CREATE TRIGGER quality_metric_passed
    BEFORE INSERT OR UPDATE ON agentgov.quality_metrics
    FOR EACH ROW EXECUTE FUNCTION agentgov.quality_metric_passed();

CREATE FUNCTION agentgov.maturity_follows() RETURNS trigger
    AS 'MODULE_PATHNAME', 'maturity_follows' LANGUAGE C;
COMMENT ON FUNCTION agentgov.maturity_follows() IS
    'AFTER INSERT OR UPDATE OR DELETE trigger on maturity_tracking: recounts projects.maturity_score of the row''s project';
CREATE TRIGGER maturity_follows
    AFTER INSERT OR UPDATE OR DELETE ON agentgov.maturity_tracking
    FOR EACH ROW EXECUTE FUNCTION agentgov.maturity_follows();

CREATE FUNCTION agentgov.maturity_truncated() RETURNS trigger
    AS 'MODULE_PATHNAME', 'maturity_truncated' LANGUAGE C;
COMMENT ON FUNCTION agentgov.maturity_truncated() IS
    'AFTER TRUNCATE trigger on maturity_tracking: with no scores left every project''s maturity_score is 0';
CREATE TRIGGER maturity_truncated
    AFTER TRUNCATE ON agentgov.maturity_tracking
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.maturity_truncated();

CREATE FUNCTION agentgov.check_maturity_score() RETURNS trigger
    AS 'MODULE_PATHNAME', 'check_maturity_score' LANGUAGE C;
COMMENT ON FUNCTION agentgov.check_maturity_score() IS
    'BEFORE INSERT OR UPDATE OF maturity_score trigger on projects: refuses (23514) a maturity_score other than the one maturity_tracking gives';
CREATE TRIGGER check_maturity_score
    BEFORE INSERT OR UPDATE OF maturity_score ON agentgov.projects
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_maturity_score();

CREATE FUNCTION agentgov.refresh_maturity(project_id uuid) RETURNS integer
    AS 'MODULE_PATHNAME', 'refresh_maturity'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION agentgov.refresh_maturity(uuid) IS
    'Recounts a project''s maturity_score from maturity_tracking under the current agentgov.maturity_categories and returns it (for use after the setting changes)';

-- What the rules above make of existing columns.
COMMENT ON COLUMN agentgov.projects.status IS 'Outcome of the project''s latest gate decision: IN_PROGRESS before any, PASSED once a gate moved it into its current phase, CONDITIONAL or FAILED after a decision of the current phase''s gate that did not pass';
COMMENT ON COLUMN agentgov.projects.maturity_score IS 'Overall maturity (0-100): mean over the categories of setting agentgov.maturity_categories of the latest maturity_tracking score in each (0 for none), kept by a trigger';
COMMENT ON COLUMN agentgov.phase_gate_decisions.decision IS 'PASS, CONDITIONAL or FAIL as gate_decide() gives it from score, threshold and the policy''s conditional margin; changed afterwards only by an ADMIN''s override';
COMMENT ON COLUMN agentgov.phase_gate_decisions.override_at IS 'When the decision was overridden; stamped by the trigger';
COMMENT ON COLUMN agentgov.quality_metrics.passed IS 'Whether metric_value reached threshold; filled in and checked when threshold is set';
COMMENT ON COLUMN agentgov.maturity_tracking.category IS 'Maturity category; the categories of setting agentgov.maturity_categories count towards projects.maturity_score';
\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Divergence classification and cascade analysis (src/divergence.c).
--
-- The rule: classify_divergence() and tier_delta(); divergence_reports
-- computes tier_delta and classification on every write; analyze_cascade()
-- and detect_divergences() are what a client calls.  Thresholds are the
-- settings agentgov.divergence_minor_pct and agentgov.divergence_major_pct;
-- agentgov.telemetry_evidence_tier caps the tier telemetry counts as.
-- ---------------------------------------------------------------------------

CREATE FUNCTION agentgov.tier_delta(assumed agentgov.evidence_tier, observed agentgov.evidence_tier)
RETURNS integer
    AS 'MODULE_PATHNAME', 'tier_delta'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.tier_delta(agentgov.evidence_tier, agentgov.evidence_tier) IS
    'How many tiers stronger the observed evidence is than the assumed (0-4); 0 when it is not stronger';

CREATE FUNCTION agentgov.classify_divergence(type agentgov.divergence_type, assumed text, actual text,
                                             tier_delta integer)
RETURNS agentgov.divergence_classification
    AS 'MODULE_PATHNAME', 'classify_divergence'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.classify_divergence(agentgov.divergence_type, text, text, integer) IS
    'COSMETIC, MINOR or MAJOR: relative deviation of numbers ("200ms", "12.5%", "$49", "1,200 users") against agentgov.divergence_minor_pct and divergence_major_pct; lower latency and higher adoption are COSMETIC; text (and PERSONA_MISMATCH) is COSMETIC when equal ignoring case and surrounding space, else MINOR; a tier_delta of 3 or more raises a divergence one step';

-- Reports filed by detect_divergences() name the observation they compared
-- with: at most one report per artifact, metric and observation.
ALTER TABLE agentgov.divergence_reports
    ADD COLUMN telemetry_id uuid,
    ADD CONSTRAINT divergence_reports_telemetry_fk FOREIGN KEY (org_id, telemetry_id)
        REFERENCES agentgov.telemetry (org_id, id) ON DELETE SET NULL (telemetry_id),
    ADD CONSTRAINT divergence_reports_observation_key
        UNIQUE (org_id, artifact_id, metric_name, telemetry_id);
CREATE INDEX idx_divergence_reports_telemetry ON agentgov.divergence_reports (telemetry_id);
COMMENT ON COLUMN agentgov.divergence_reports.telemetry_id IS
    'Telemetry observation the assumption was compared with (set by detect_divergences; NULL for reports filed by hand)';
COMMENT ON COLUMN agentgov.divergence_reports.tier_delta IS
    'How many tiers stronger the telemetry''s evidence is than the assumption''s (0-4); computed on write';
COMMENT ON COLUMN agentgov.divergence_reports.classification IS
    'COSMETIC, MINOR or MAJOR; computed on write by classify_divergence() from the values and tier_delta';

CREATE FUNCTION agentgov.classify_divergence_report() RETURNS trigger
    AS 'MODULE_PATHNAME', 'classify_divergence_report' LANGUAGE C;
COMMENT ON FUNCTION agentgov.classify_divergence_report() IS
    'BEFORE INSERT OR UPDATE trigger on divergence_reports: computes tier_delta and classification from the row; refuses supplied values that contradict them';
CREATE TRIGGER divergence_reports_classify BEFORE INSERT OR UPDATE ON agentgov.divergence_reports
    FOR EACH ROW EXECUTE FUNCTION agentgov.classify_divergence_report();

CREATE FUNCTION agentgov.analyze_cascade(divergence_id uuid, affected_features jsonb,
                                         affected_code_modules jsonb)
RETURNS agentgov.cascade_analyses
    AS 'MODULE_PATHNAME', 'analyze_cascade'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.analyze_cascade(uuid, jsonb, jsonb) IS
    'Writes (or rewrites) the cascade analysis of a divergence: SKIP for COSMETIC, REEXECUTE for MINOR, FULL_REDESIGN for MAJOR; re-execution 2 + n/2 days (at most 7) and full redesign 14 + n/2 days (at most 21) for n affected features and code modules';

CREATE FUNCTION agentgov.detect_divergences(project_id uuid)
RETURNS SETOF agentgov.divergence_reports
    AS 'MODULE_PATHNAME', 'detect_divergences'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.detect_divergences(uuid) IS
    'Compares the assumptions (content.assumptions: metric, value, evidence_tier [, type]) of the project''s APPROVED and DEPLOYED artifacts with the latest telemetry of each metric and files a report for each divergence that is not COSMETIC and not already filed; returns the reports filed; malformed assumptions are WARNINGs naming the artifact';
\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Agent runs and governance: runs, run logs and interactions, persona
-- activations, governance events and their validation results.
-- ---------------------------------------------------------------------------

CREATE TABLE agentgov.agent_runs (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    project_id          uuid,
    agent_id            uuid,
    agent_type          varchar(100),
    user_id             uuid,
    session_id          uuid,
    task_id             uuid,
    idea_id             uuid,
    phase               agentgov.project_phase,
    status              agentgov.agent_run_status NOT NULL DEFAULT 'queued',
    agent_config        jsonb NOT NULL DEFAULT '{}',
    personas_active     jsonb NOT NULL DEFAULT '[]',
    governance_state    jsonb NOT NULL DEFAULT '{}',
    input               jsonb,
    output              jsonb,
    error               text,
    error_details       jsonb,
    model               varchar(100),
    tokens_in           bigint NOT NULL DEFAULT 0,
    tokens_out          bigint NOT NULL DEFAULT 0,
    tokens_total        bigint GENERATED ALWAYS AS (tokens_in + tokens_out) STORED,
    cost_usd            numeric(12,6) NOT NULL DEFAULT 0,
    estimated_cost      numeric(10,4),
    max_cost_limit      numeric(10,4),
    output_artifact_id  uuid,
    retry_count         integer NOT NULL DEFAULT 0,
    max_retries         integer NOT NULL DEFAULT 3,
    created_at          timestamptz NOT NULL DEFAULT now(),
    started_at          timestamptz,
    completed_at        timestamptz,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             integer NOT NULL DEFAULT 1,
    CONSTRAINT agent_runs_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT agent_runs_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT agent_runs_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT agent_runs_agent_fk FOREIGN KEY (agent_id)
        REFERENCES agentgov.agents (id),
    CONSTRAINT agent_runs_user_fk FOREIGN KEY (user_id)
        REFERENCES agentgov.users (id) ON DELETE CASCADE,
    CONSTRAINT agent_runs_session_fk FOREIGN KEY (session_id)
        REFERENCES agentgov.user_sessions (id) ON DELETE SET NULL,
    CONSTRAINT agent_runs_task_fk FOREIGN KEY (org_id, task_id)
        REFERENCES agentgov.tasks (org_id, id) ON DELETE SET NULL (task_id),
    CONSTRAINT agent_runs_idea_fk FOREIGN KEY (org_id, idea_id)
        REFERENCES agentgov.ideas (org_id, id) ON DELETE SET NULL (idea_id),
    CONSTRAINT agent_runs_output_artifact_fk FOREIGN KEY (org_id, output_artifact_id)
        REFERENCES agentgov.artifacts (org_id, id) ON DELETE SET NULL (output_artifact_id),
    CONSTRAINT agent_runs_agent_or_type CHECK (agent_id IS NOT NULL OR agent_type IS NOT NULL),
    CONSTRAINT agent_runs_tokens_nonnegative CHECK (tokens_in >= 0 AND tokens_out >= 0),
    CONSTRAINT agent_sessions_cost_valid CHECK (
        cost_usd >= 0 AND coalesce(estimated_cost, 0) >= 0 AND coalesce(max_cost_limit, 0) >= 0),
    CONSTRAINT agent_runs_retries_range CHECK (retry_count >= 0 AND max_retries >= 0),
    CONSTRAINT agent_runs_version_positive CHECK (version >= 1)
);
CREATE INDEX idx_agent_runs_id ON agentgov.agent_runs (id);
CREATE INDEX idx_agent_runs_agent ON agentgov.agent_runs (agent_id);
CREATE INDEX idx_agent_runs_ticket ON agentgov.agent_runs (task_id);
CREATE INDEX idx_agent_runs_idea ON agentgov.agent_runs (idea_id);
CREATE INDEX idx_agent_runs_status ON agentgov.agent_runs (status);
CREATE INDEX idx_agent_exec_project_status ON agentgov.agent_runs (project_id, status);
CREATE INDEX idx_agent_exec_org_created ON agentgov.agent_runs (org_id, created_at);
CREATE INDEX idx_agent_sessions_user ON agentgov.agent_runs (user_id);
CREATE INDEX idx_agent_sessions_session ON agentgov.agent_runs (session_id);
CREATE INDEX idx_agent_sessions_created ON agentgov.agent_runs (created_at);
CREATE INDEX idx_agent_sessions_type ON agentgov.agent_runs (agent_type);
CREATE INDEX idx_agent_sessions_cost ON agentgov.agent_runs (cost_usd);
CREATE INDEX idx_agent_sessions_active ON agentgov.agent_runs (created_at, status)
    WHERE status IN ('running', 'pending_approval', 'approved');
CREATE INDEX idx_agent_runs_output_artifact ON agentgov.agent_runs (output_artifact_id);
CREATE TRIGGER agent_runs_agent_scope AFTER INSERT OR UPDATE OF org_id, agent_id
    ON agentgov.agent_runs FOR EACH ROW EXECUTE FUNCTION agentgov.check_agent_scope('agent_id');
COMMENT ON TABLE agentgov.agent_runs IS 'Executions of agents with their governance state and cost (platform agent_executions, orchestrator agent_runs, assistant agent_sessions)';
COMMENT ON COLUMN agentgov.agent_runs.agent_id IS 'Agent run (catalogue or own agent); NULL for assistant sessions identified by agent_type only';
COMMENT ON COLUMN agentgov.agent_runs.agent_type IS 'Free-form agent type of an assistant agent session';
COMMENT ON COLUMN agentgov.agent_runs.session_id IS 'User session the run was started from (assistant)';
COMMENT ON COLUMN agentgov.agent_runs.task_id IS 'Ticket or task the run works on (orchestrator ticket_id)';
COMMENT ON COLUMN agentgov.agent_runs.agent_config IS 'Configuration the agent ran with (assistant)';
COMMENT ON COLUMN agentgov.agent_runs.personas_active IS 'Personas active during the run (assistant)';
COMMENT ON COLUMN agentgov.agent_runs.governance_state IS 'Governance bookkeeping of the run (assistant)';
COMMENT ON COLUMN agentgov.agent_runs.input IS 'What was passed to the agent (orchestrator)';
COMMENT ON COLUMN agentgov.agent_runs.output IS 'What the agent returned (orchestrator)';
COMMENT ON COLUMN agentgov.agent_runs.error IS 'Error message (platform error_message, orchestrator error)';
COMMENT ON COLUMN agentgov.agent_runs.model IS 'Model used (platform model_used)';
COMMENT ON COLUMN agentgov.agent_runs.tokens_total IS 'tokens_in + tokens_out (orchestrator tokens_used)';
COMMENT ON COLUMN agentgov.agent_runs.cost_usd IS 'Cost so far in USD (assistant token_cost)';
COMMENT ON COLUMN agentgov.agent_runs.estimated_cost IS 'Expected cost in USD, checked against max_cost_limit before the run may start';
COMMENT ON COLUMN agentgov.agent_runs.max_cost_limit IS 'Cost in USD past which the run is blocked';
COMMENT ON COLUMN agentgov.agent_runs.output_artifact_id IS 'Artifact the run produced (platform)';
COMMENT ON COLUMN agentgov.agent_runs.version IS 'Optimistic-locking counter (assistant)';

CREATE TABLE agentgov.run_logs (
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id      uuid NOT NULL,
    run_id      uuid NOT NULL,
    kind        agentgov.run_log_kind NOT NULL DEFAULT 'log',
    level       agentgov.log_level NOT NULL DEFAULT 'info',
    message     text NOT NULL,
    data        jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT run_logs_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT run_logs_run_fk FOREIGN KEY (org_id, run_id)
        REFERENCES agentgov.agent_runs (org_id, id) ON DELETE CASCADE
);
CREATE INDEX idx_run_logs_id ON agentgov.run_logs (id);
CREATE INDEX idx_run_logs_run ON agentgov.run_logs (run_id, created_at);
CREATE INDEX idx_run_logs_level ON agentgov.run_logs (level);
COMMENT ON TABLE agentgov.run_logs IS 'Detailed log lines of a run (orchestrator run_logs) and agent interactions (assistant AGENT_INTERACTIONS)';
COMMENT ON COLUMN agentgov.run_logs.kind IS 'log for a log line, interaction for a prompt/response exchange';
COMMENT ON COLUMN agentgov.run_logs.data IS 'Structured data of the line or interaction';

CREATE TABLE agentgov.persona_activations (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    run_id              uuid NOT NULL,
    persona_id          varchar(100) NOT NULL,
    activation_trigger  varchar(255),
    activation_context  jsonb NOT NULL DEFAULT '{}',
    activated_at        timestamptz NOT NULL DEFAULT now(),
    deactivated_at      timestamptz,
    results             jsonb,
    CONSTRAINT persona_activations_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT persona_activations_run_fk FOREIGN KEY (org_id, run_id)
        REFERENCES agentgov.agent_runs (org_id, id) ON DELETE CASCADE,
    CONSTRAINT persona_activations_persona_fk FOREIGN KEY (persona_id)
        REFERENCES agentgov.personas (id),
    CONSTRAINT persona_activations_window CHECK (deactivated_at IS NULL OR deactivated_at >= activated_at)
);
CREATE INDEX idx_persona_activations_id ON agentgov.persona_activations (id);
CREATE INDEX idx_persona_activations_run ON agentgov.persona_activations (run_id);
CREATE INDEX idx_persona_activations_persona ON agentgov.persona_activations (persona_id);
COMMENT ON TABLE agentgov.persona_activations IS 'Personas activated during a run (assistant PERSONA_ACTIVATIONS)';
COMMENT ON COLUMN agentgov.persona_activations.activation_trigger IS 'What caused the activation';

CREATE TABLE agentgov.governance_events (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    run_id              uuid NOT NULL,
    event_type          agentgov.governance_event_type NOT NULL,
    framework           agentgov.governance_framework NOT NULL,
    approved            boolean NOT NULL,
    validation_context  jsonb NOT NULL DEFAULT '{}',
    decision_details    jsonb NOT NULL DEFAULT '{}',
    decision_reason     text,
    fallback_triggered  boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    created_by          varchar(255),
    correlation_id      uuid,
    CONSTRAINT governance_events_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT governance_events_run_fk FOREIGN KEY (org_id, run_id)
        REFERENCES agentgov.agent_runs (org_id, id) ON DELETE CASCADE
);
CREATE INDEX idx_governance_events_id ON agentgov.governance_events (id);
CREATE INDEX idx_governance_events_session ON agentgov.governance_events (run_id, created_at);
CREATE INDEX idx_governance_events_type ON agentgov.governance_events (event_type);
CREATE INDEX idx_governance_events_framework ON agentgov.governance_events (framework);
CREATE INDEX idx_governance_events_approved ON agentgov.governance_events (approved);
CREATE INDEX idx_governance_events_created ON agentgov.governance_events (created_at);
CREATE INDEX idx_governance_events_correlation ON agentgov.governance_events (correlation_id);
CREATE INDEX idx_governance_events_rejected ON agentgov.governance_events (created_at, decision_reason)
    WHERE approved = false;
COMMENT ON TABLE agentgov.governance_events IS 'Governance decisions about a run, for audit and compliance (assistant; run_id replaces agent_session_id)';
COMMENT ON COLUMN agentgov.governance_events.framework IS 'Decision framework (assistant framework_type)';
COMMENT ON COLUMN agentgov.governance_events.approved IS 'Whether the event approves (true) or rejects (false)';
COMMENT ON COLUMN agentgov.governance_events.fallback_triggered IS 'Whether a fallback path decided';
COMMENT ON COLUMN agentgov.governance_events.created_by IS 'Who or what recorded the decision (user id or component name)';
COMMENT ON COLUMN agentgov.governance_events.correlation_id IS 'Request correlation id';

CREATE TABLE agentgov.validation_results (
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id      uuid NOT NULL,
    event_id    uuid NOT NULL,
    validator   varchar(100) NOT NULL,
    passed      boolean NOT NULL,
    score       numeric(5,2),
    details     jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT validation_results_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT validation_results_event_fk FOREIGN KEY (org_id, event_id)
        REFERENCES agentgov.governance_events (org_id, id) ON DELETE CASCADE,
    CONSTRAINT validation_results_score_range CHECK (score IS NULL OR score BETWEEN 0 AND 100)
);
CREATE INDEX idx_validation_results_id ON agentgov.validation_results (id);
CREATE INDEX idx_validation_results_event ON agentgov.validation_results (event_id);
COMMENT ON TABLE agentgov.validation_results IS 'Results of the validators behind a governance event; a consensus_check approves with a strict majority passed (assistant ERD VALIDATION_RESULTS)';
COMMENT ON COLUMN agentgov.validation_results.validator IS 'Validator (persona or check) that produced the result';
COMMENT ON COLUMN agentgov.validation_results.score IS 'Validator score, 0-100';
\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Governance of agent runs (DESIGN 4.4), in C (src/governance.c, src/limits.c):
--   * the run lifecycle and approval before running (trigger on agent_runs),
--   * the governance event log: who may approve, actor and correlation id,
--     emergency stops (triggers on governance_events),
--   * record_governance_event() and governance_check() for clients,
--   * plan limits: max_projects and max_agents_per_project (triggers on
--     projects, agents and organizations).
-- ---------------------------------------------------------------------------

-- ---- Run lifecycle -----------------------------------------------------------
CREATE FUNCTION agentgov.agent_run_lifecycle() RETURNS trigger
    AS 'MODULE_PATHNAME', 'agent_run_lifecycle' LANGUAGE C;
COMMENT ON FUNCTION agentgov.agent_run_lifecycle() IS
    'BEFORE INSERT OR UPDATE OF status trigger on agent_runs: moves a run only along its lifecycle (AG004), lets it enter running only when governance_check() would allow it (AG001, AG002), stamps started_at and completed_at, counts retries';

CREATE TRIGGER agent_runs_lifecycle BEFORE INSERT OR UPDATE OF status ON agentgov.agent_runs
    FOR EACH ROW EXECUTE FUNCTION agentgov.agent_run_lifecycle();

COMMENT ON COLUMN agentgov.agent_runs.status IS
    'Lifecycle: queued or initializing -> pending_approval -> approved -> running -> completed, failed or cancelled; pending_approval, approved or running -> blocked or cancelled; blocked -> pending_approval; failed -> queued while retry_count < max_retries. An approved emergency_stop cancels any unfinished run. Entering running needs governance approval';
COMMENT ON COLUMN agentgov.agent_runs.started_at IS
    'When the current attempt first entered running (stamped by the lifecycle trigger; cleared by a retry)';
COMMENT ON COLUMN agentgov.agent_runs.completed_at IS
    'When the run reached completed, failed or cancelled (stamped by the lifecycle trigger; cleared by a retry)';
COMMENT ON COLUMN agentgov.agent_runs.retry_count IS
    'Retries so far: failed -> queued increments it, allowed while retry_count < max_retries';

-- ---- Governance events ---------------------------------------------------------
CREATE FUNCTION agentgov.governance_event_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'governance_event_guard' LANGUAGE C;
COMMENT ON FUNCTION agentgov.governance_event_guard() IS
    'BEFORE INSERT OR UPDATE trigger on governance_events: fills created_by and correlation_id from the actor context, refuses a created_at in the future, and refuses an approving event whose acting user or created_by user is not a MEMBER or ADMIN of the organization (42501)';

CREATE FUNCTION agentgov.governance_event_effects() RETURNS trigger
    AS 'MODULE_PATHNAME', 'governance_event_effects' LANGUAGE C;
COMMENT ON FUNCTION agentgov.governance_event_effects() IS
    'AFTER INSERT OR UPDATE trigger on governance_events: an approved emergency_stop cancels its unfinished run; any other rejection, emergency_stop or circuit_breaker locks the run row so that it serialises with a transition to running';

CREATE TRIGGER governance_events_guard BEFORE INSERT OR UPDATE ON agentgov.governance_events
    FOR EACH ROW EXECUTE FUNCTION agentgov.governance_event_guard();
CREATE TRIGGER governance_events_effects AFTER INSERT OR UPDATE OF run_id, event_type, approved
    ON agentgov.governance_events
    FOR EACH ROW EXECUTE FUNCTION agentgov.governance_event_effects();

COMMENT ON COLUMN agentgov.governance_events.created_at IS
    'When the decision was recorded; events of a run are ordered by it (equal times: a withdrawal counts as the later). Cannot be in the future';
COMMENT ON COLUMN agentgov.governance_events.created_by IS
    'Who or what recorded the decision: a user id (filled from agentgov.current_user_id() when not given) or a component name. An approving event needs the acting user and a user named here to be a MEMBER or ADMIN';
COMMENT ON COLUMN agentgov.governance_events.correlation_id IS
    'Request correlation id (filled from agentgov.current_correlation_id() when not given)';

CREATE FUNCTION agentgov.record_governance_event(
    run_id      uuid,
    event_type  agentgov.governance_event_type,
    framework   agentgov.governance_framework,
    approved    boolean,
    reason      text DEFAULT NULL,
    details     jsonb DEFAULT '{}',
    created_by  text DEFAULT NULL)
RETURNS uuid
    AS 'MODULE_PATHNAME', 'record_governance_event'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.record_governance_event(uuid, agentgov.governance_event_type, agentgov.governance_framework, boolean, text, jsonb, text) IS
    'Records a governance decision about a run in its organization and returns the event id; reason is decision_reason, details (a JSON object) decision_details. An approved emergency_stop cancels the run if unfinished';

CREATE FUNCTION agentgov.governance_check(run_id uuid, OUT allowed boolean, OUT reason text)
    AS 'MODULE_PATHNAME', 'governance_check'
    LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION agentgov.governance_check(uuid) IS
    'Whether the run may enter running now, and why: the rules of the lifecycle trigger (lifecycle, approval, cost_limit, block_budget) evaluated without changing anything';

-- ---- Plan limits ---------------------------------------------------------------
CREATE FUNCTION agentgov.check_project_limit() RETURNS trigger
    AS 'MODULE_PATHNAME', 'check_project_limit' LANGUAGE C;
COMMENT ON FUNCTION agentgov.check_project_limit() IS
    'BEFORE INSERT OR UPDATE OF org_id, archived_at trigger on projects: a new, unarchived or moved-in project must fit the organization''s max_projects (AG003); archived projects do not count';

CREATE FUNCTION agentgov.check_agent_limit() RETURNS trigger
    AS 'MODULE_PATHNAME', 'check_agent_limit' LANGUAGE C;
COMMENT ON FUNCTION agentgov.check_agent_limit() IS
    'BEFORE INSERT OR UPDATE OF org_id, project_id trigger on agents: an agent joining a project must fit the organization''s max_agents_per_project (AG003)';

CREATE FUNCTION agentgov.check_plan_limits_lowered() RETURNS trigger
    AS 'MODULE_PATHNAME', 'check_plan_limits_lowered' LANGUAGE C;
COMMENT ON FUNCTION agentgov.check_plan_limits_lowered() IS
    'BEFORE UPDATE OF max_projects, max_agents_per_project trigger on organizations: a limit cannot be lowered below what the organization already uses (AG003)';

CREATE TRIGGER projects_plan_limit BEFORE INSERT OR UPDATE OF org_id, archived_at
    ON agentgov.projects
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_project_limit();
CREATE TRIGGER agents_plan_limit BEFORE INSERT OR UPDATE OF org_id, project_id
    ON agentgov.agents
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_agent_limit();
CREATE TRIGGER organizations_plan_limits BEFORE UPDATE OF max_projects, max_agents_per_project
    ON agentgov.organizations
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_plan_limits_lowered();

\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Usage, budgets, notifications and the audit log.
-- ---------------------------------------------------------------------------

CREATE TABLE agentgov.model_prices (
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    provider                varchar(50) NOT NULL,
    model                   varchar(100) NOT NULL,
    input_usd_per_mtok      numeric(12,6) NOT NULL,
    output_usd_per_mtok     numeric(12,6) NOT NULL,
    effective_from          timestamptz NOT NULL DEFAULT now(),
    effective_to            timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT model_prices_pkey PRIMARY KEY (id),
    CONSTRAINT model_prices_model_from_key UNIQUE (provider, model, effective_from),
    CONSTRAINT model_prices_nonnegative CHECK (input_usd_per_mtok >= 0 AND output_usd_per_mtok >= 0),
    CONSTRAINT model_prices_period CHECK (effective_to IS NULL OR effective_to > effective_from)
);
CREATE INDEX idx_model_prices_lookup ON agentgov.model_prices (model, effective_from DESC);
COMMENT ON TABLE agentgov.model_prices IS 'Price list of LLM models over time. Global catalogue: PRIMARY KEY (id), a reference table on Citus';
COMMENT ON COLUMN agentgov.model_prices.input_usd_per_mtok IS 'USD per million input tokens';
COMMENT ON COLUMN agentgov.model_prices.output_usd_per_mtok IS 'USD per million output tokens';
COMMENT ON COLUMN agentgov.model_prices.effective_from IS 'Start of the period the price applies to (inclusive)';
COMMENT ON COLUMN agentgov.model_prices.effective_to IS 'End of the period (exclusive); NULL = still in force';

CREATE TABLE agentgov.usage_events (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    occurred_at     timestamptz NOT NULL DEFAULT now(),
    usage_date      date GENERATED ALWAYS AS ((occurred_at AT TIME ZONE 'UTC')::date) STORED,
    user_id         uuid,
    project_id      uuid,
    agent_id        uuid,
    run_id          uuid,
    conversation_id uuid,
    message_id      uuid,
    task_id         uuid,
    agent_kind      agentgov.agent_kind,
    provider        varchar(50),
    model           varchar(100) NOT NULL,
    tokens_in       integer NOT NULL DEFAULT 0,
    tokens_out      integer NOT NULL DEFAULT 0,
    cost_usd        numeric(12,6),
    price_id        uuid,
    latency_ms      integer,
    was_cached      boolean NOT NULL DEFAULT false,
    metadata        jsonb,
    CONSTRAINT usage_events_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT usage_events_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT usage_events_user_fk FOREIGN KEY (user_id)
        REFERENCES agentgov.users (id) ON DELETE SET NULL,
    CONSTRAINT usage_events_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE SET NULL (project_id),
    CONSTRAINT usage_events_agent_fk FOREIGN KEY (agent_id)
        REFERENCES agentgov.agents (id) ON DELETE SET NULL,
    CONSTRAINT usage_events_run_fk FOREIGN KEY (org_id, run_id)
        REFERENCES agentgov.agent_runs (org_id, id) ON DELETE SET NULL (run_id),
    CONSTRAINT usage_events_conversation_fk FOREIGN KEY (org_id, conversation_id)
        REFERENCES agentgov.conversations (org_id, id) ON DELETE SET NULL (conversation_id),
    CONSTRAINT usage_events_message_fk FOREIGN KEY (org_id, message_id)
        REFERENCES agentgov.messages (org_id, id) ON DELETE SET NULL (message_id),
    CONSTRAINT usage_events_task_fk FOREIGN KEY (org_id, task_id)
        REFERENCES agentgov.tasks (org_id, id) ON DELETE SET NULL (task_id),
    CONSTRAINT usage_events_price_fk FOREIGN KEY (price_id)
        REFERENCES agentgov.model_prices (id),
    CONSTRAINT usage_events_tokens_nonnegative CHECK (tokens_in >= 0 AND tokens_out >= 0),
    CONSTRAINT usage_events_cost_nonnegative CHECK (cost_usd IS NULL OR cost_usd >= 0),
    CONSTRAINT usage_events_latency_nonnegative CHECK (latency_ms IS NULL OR latency_ms >= 0)
);
CREATE INDEX idx_usage_events_id ON agentgov.usage_events (id);
CREATE INDEX idx_token_usage_timestamp ON agentgov.usage_events (occurred_at);
CREATE INDEX idx_token_usage_date ON agentgov.usage_events (org_id, usage_date);
CREATE INDEX idx_token_usage_agent ON agentgov.usage_events (agent_id);
CREATE INDEX idx_token_usage_project ON agentgov.usage_events (project_id);
CREATE INDEX idx_token_usage_conversation ON agentgov.usage_events (conversation_id);
CREATE INDEX idx_usage_events_run ON agentgov.usage_events (run_id);
CREATE INDEX idx_usage_events_task ON agentgov.usage_events (task_id);
CREATE INDEX idx_usage_events_message ON agentgov.usage_events (message_id);
CREATE INDEX idx_usage_events_price ON agentgov.usage_events (price_id);
CREATE INDEX idx_llm_usage_tracking_user_id ON agentgov.usage_events (user_id);
CREATE INDEX idx_llm_usage_tracking_provider ON agentgov.usage_events (provider);
CREATE TRIGGER usage_events_agent_scope AFTER INSERT OR UPDATE OF org_id, agent_id
    ON agentgov.usage_events FOR EACH ROW EXECUTE FUNCTION agentgov.check_agent_scope('agent_id');
COMMENT ON TABLE agentgov.usage_events IS 'One row per LLM call: tokens and cost (github-agents token_usage, orchestrator usage_tracking, socrates llm_usage_tracking). Append-only: removed only by purge_usage_events() or with their organization';
COMMENT ON COLUMN agentgov.usage_events.occurred_at IS 'When the call happened (github-agents timestamp)';
COMMENT ON COLUMN agentgov.usage_events.usage_date IS 'UTC calendar day of occurred_at, derived';
COMMENT ON COLUMN agentgov.usage_events.agent_kind IS 'Agent type at the time of the call (github-agents agent_type); filled from the agent when NULL';
COMMENT ON COLUMN agentgov.usage_events.tokens_in IS 'Input tokens (orchestrator and socrates tokens_input); socrates tokens_total = tokens_in + tokens_out';
COMMENT ON COLUMN agentgov.usage_events.cost_usd IS 'Cost in USD; when NULL on insert it is priced from the model_prices row in force at occurred_at, and stays NULL (unpriced, counted in the rollups'' unpriced_events) when no price applies';
COMMENT ON COLUMN agentgov.usage_events.price_id IS 'The model_prices row the cost was computed from; NULL for a cost given by the client or an unpriced event';
COMMENT ON COLUMN agentgov.usage_events.latency_ms IS 'Request duration in ms (github-agents request_duration_ms, socrates latency_ms)';
COMMENT ON COLUMN agentgov.usage_events.was_cached IS 'Answered from a cache';

CREATE TABLE agentgov.usage_rollups (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    bucket_date     date NOT NULL,
    project_id      uuid,
    agent_id        uuid,
    model           varchar(100) NOT NULL,
    events          bigint NOT NULL DEFAULT 0,
    tokens_in       bigint NOT NULL DEFAULT 0,
    tokens_out      bigint NOT NULL DEFAULT 0,
    cost_usd        numeric(20,6) NOT NULL DEFAULT 0,
    unpriced_events bigint NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT usage_rollups_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT usage_rollups_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT usage_rollups_bucket_key UNIQUE NULLS NOT DISTINCT (org_id, bucket_date, project_id, agent_id, model),
    CONSTRAINT usage_rollups_counts_nonnegative CHECK (
        events >= 0 AND tokens_in >= 0 AND tokens_out >= 0 AND cost_usd >= 0
        AND unpriced_events BETWEEN 0 AND events)
);
CREATE INDEX idx_usage_rollups_id ON agentgov.usage_rollups (id);
CREATE INDEX idx_cost_project_agent ON agentgov.usage_rollups (project_id, agent_id);
COMMENT ON TABLE agentgov.usage_rollups IS 'Daily usage per (org, day, project, agent, model), kept equal to a GROUP BY over usage_events (platform cost_tracking). Keys are not foreign keys: rollups outlive purged events';
COMMENT ON COLUMN agentgov.usage_rollups.bucket_date IS 'UTC day of the events';
COMMENT ON COLUMN agentgov.usage_rollups.events IS 'Number of usage events in the bucket';
COMMENT ON COLUMN agentgov.usage_rollups.unpriced_events IS 'Events in the bucket that had no cost and no price';

CREATE TABLE agentgov.budget_limits (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    name                varchar(100) NOT NULL,
    scope_type          agentgov.budget_scope NOT NULL,
    scope_id            uuid,
    scope_agent_type    agentgov.agent_kind,
    amount_usd          numeric(10,2) NOT NULL,
    period              agentgov.aggregation_period NOT NULL,
    alert_threshold     numeric(3,2) NOT NULL DEFAULT 0.80,
    action_on_exceed    agentgov.budget_action NOT NULL DEFAULT 'warn',
    is_active           boolean NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT budget_limits_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT budget_limits_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT budget_limits_amount_positive CHECK (amount_usd > 0),
    CONSTRAINT budget_limits_alert_threshold_range CHECK (alert_threshold > 0 AND alert_threshold <= 1.0),
    CONSTRAINT budget_limits_scope_valid CHECK (
        CASE scope_type
            WHEN 'global' THEN scope_id IS NULL AND scope_agent_type IS NULL
            WHEN 'agent_type' THEN scope_id IS NULL AND scope_agent_type IS NOT NULL
            ELSE scope_id IS NOT NULL AND scope_agent_type IS NULL
        END)
);
CREATE INDEX idx_budget_limits_id ON agentgov.budget_limits (id);
CREATE INDEX idx_budget_scope ON agentgov.budget_limits (scope_type, scope_id);
CREATE INDEX idx_budget_agent_type ON agentgov.budget_limits (scope_type, scope_agent_type);
COMMENT ON TABLE agentgov.budget_limits IS 'Spending limits per period for the whole org, a project, an agent or an agent type (github-agents, plus org_id)';
COMMENT ON COLUMN agentgov.budget_limits.scope_id IS 'Project or agent id for project and agent scopes; NULL for global and agent_type';
COMMENT ON COLUMN agentgov.budget_limits.scope_agent_type IS 'Agent type for the agent_type scope (e.g. coder); NULL otherwise';
COMMENT ON COLUMN agentgov.budget_limits.period IS 'Budget period: UTC calendar day, ISO week or calendar month';
COMMENT ON COLUMN agentgov.budget_limits.alert_threshold IS 'Fraction of amount_usd (0-1] at which a warning is sent';
COMMENT ON COLUMN agentgov.budget_limits.action_on_exceed IS 'warn: notify only; block: refuse new run starts once exhausted';

CREATE TABLE agentgov.notifications (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    user_id         uuid NOT NULL,
    type            varchar(50) NOT NULL,
    title           varchar(200) NOT NULL,
    message         text NOT NULL,
    severity        agentgov.notification_severity NOT NULL DEFAULT 'info',
    project_id      uuid,
    agent_id        uuid,
    is_read         boolean NOT NULL DEFAULT false,
    sent_telegram   boolean NOT NULL DEFAULT false,
    sent_email      boolean NOT NULL DEFAULT false,
    metadata        jsonb NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT notifications_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT notifications_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT notifications_user_fk FOREIGN KEY (user_id)
        REFERENCES agentgov.users (id) ON DELETE CASCADE,
    CONSTRAINT notifications_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE SET NULL (project_id),
    CONSTRAINT notifications_agent_fk FOREIGN KEY (agent_id)
        REFERENCES agentgov.agents (id) ON DELETE SET NULL
);
CREATE INDEX idx_notifications_id ON agentgov.notifications (id);
CREATE INDEX idx_notifications_user ON agentgov.notifications (user_id);
CREATE INDEX idx_notifications_read ON agentgov.notifications (user_id, is_read);
CREATE INDEX idx_notifications_created ON agentgov.notifications (created_at);
CREATE INDEX idx_notifications_project ON agentgov.notifications (project_id);
CREATE INDEX idx_notifications_agent ON agentgov.notifications (agent_id);
CREATE TRIGGER notifications_agent_scope AFTER INSERT OR UPDATE OF org_id, agent_id
    ON agentgov.notifications FOR EACH ROW EXECUTE FUNCTION agentgov.check_agent_scope('agent_id');
COMMENT ON TABLE agentgov.notifications IS 'Messages to users: budget alerts, run events, ... (github-agents)';
COMMENT ON COLUMN agentgov.notifications.type IS 'Kind of notification, e.g. budget_alert';
COMMENT ON COLUMN agentgov.notifications.metadata IS '{ related_entity_type, related_entity_id, ... }';

CREATE TABLE agentgov.audit_log (
    id              bigint GENERATED ALWAYS AS IDENTITY,
    org_id          uuid,
    actor_id        uuid,
    action          varchar(100) NOT NULL,
    table_name      varchar(100),
    record_id       text,
    old_values      jsonb,
    new_values      jsonb,
    rationale       varchar(1000),
    details         jsonb,
    ip_address      inet,
    user_agent      varchar(500),
    correlation_id  uuid,
    occurred_at     timestamptz NOT NULL DEFAULT now(),
    prev_hash       bytea,
    row_hash        bytea,
    CONSTRAINT audit_log_pkey PRIMARY KEY (id),
    CONSTRAINT audit_log_action_nonempty CHECK (action <> ''),
    CONSTRAINT audit_log_hash_length CHECK (
        (prev_hash IS NULL OR octet_length(prev_hash) = 32)
        AND (row_hash IS NULL OR octet_length(row_hash) = 32))
);
CREATE INDEX idx_audit_org_timestamp ON agentgov.audit_log (org_id, occurred_at);
CREATE INDEX idx_audit_resource ON agentgov.audit_log (table_name, record_id);
CREATE INDEX idx_audit_logs_user_id ON agentgov.audit_log (actor_id);
CREATE INDEX idx_audit_logs_action ON agentgov.audit_log (action);
CREATE INDEX idx_audit_logs_timestamp ON agentgov.audit_log (occurred_at DESC);
CREATE INDEX idx_audit_log_correlation ON agentgov.audit_log (correlation_id);
COMMENT ON TABLE agentgov.audit_log IS 'Audit trail (platform audit_logs, socrates audit_logs, assistant audit_log). org_id and actor_id are not foreign keys: the trail outlives what it records. PRIMARY KEY (id): rows without an org (user-level events) exist';
COMMENT ON COLUMN agentgov.audit_log.org_id IS 'Organization the row belongs to; NULL for user-level and system events';
COMMENT ON COLUMN agentgov.audit_log.actor_id IS 'User who acted (platform actor_id, socrates user_id, assistant changed_by)';
COMMENT ON COLUMN agentgov.audit_log.action IS 'CREATE/INSERT, UPDATE, DELETE, APPROVE, OVERRIDE, ESCALATE, CLEANUP, or a dotted event such as user.login';
COMMENT ON COLUMN agentgov.audit_log.table_name IS 'Table or resource type of the record (platform resource_type)';
COMMENT ON COLUMN agentgov.audit_log.record_id IS 'Id of the record, as text';
COMMENT ON COLUMN agentgov.audit_log.old_values IS 'Values before the change (platform changes_before)';
COMMENT ON COLUMN agentgov.audit_log.new_values IS 'Values after the change (platform changes_after)';
COMMENT ON COLUMN agentgov.audit_log.details IS 'Further details of the event (socrates details)';
COMMENT ON COLUMN agentgov.audit_log.prev_hash IS 'row_hash of the previous row of the same org (hash chain)';
COMMENT ON COLUMN agentgov.audit_log.row_hash IS 'SHA-256 over prev_hash and the canonical encoding of this row';
\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Usage rollups, pricing, reports and budgets (src/usage.c, src/budgets.c).
--
-- usage_events is an append-only ledger.  A BEFORE INSERT row trigger prices
-- rows that come without a cost; an AFTER INSERT statement trigger reads the
-- statement's rows from its transition table, aggregates them in memory and
-- touches every rollup bucket, run and task once, in a fixed order, so that
-- concurrent writers neither lose updates nor deadlock; a deferred
-- constraint trigger checks the budgets the transaction's usage reached
-- when it commits.
-- ---------------------------------------------------------------------------

-- Spend per agent kind: budgets of scope agent_type read it, since
-- usage_rollups has no agent kind dimension.
CREATE TABLE agentgov.usage_kind_rollups (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    bucket_date     date NOT NULL,
    agent_kind      agentgov.agent_kind NOT NULL,
    events          bigint NOT NULL DEFAULT 0,
    tokens_in       bigint NOT NULL DEFAULT 0,
    tokens_out      bigint NOT NULL DEFAULT 0,
    cost_usd        numeric(20,6) NOT NULL DEFAULT 0,
    unpriced_events bigint NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT usage_kind_rollups_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT usage_kind_rollups_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT usage_kind_rollups_bucket_key UNIQUE (org_id, bucket_date, agent_kind),
    CONSTRAINT usage_kind_rollups_counts_nonnegative CHECK (
        events >= 0 AND tokens_in >= 0 AND tokens_out >= 0 AND cost_usd >= 0
        AND unpriced_events BETWEEN 0 AND events)
);
CREATE INDEX idx_usage_kind_rollups_id ON agentgov.usage_kind_rollups (id);
COMMENT ON TABLE agentgov.usage_kind_rollups IS 'Daily usage per (org, day, agent kind), kept equal to a GROUP BY over the usage_events that have an agent_kind; the spend of agent_type budgets';
COMMENT ON COLUMN agentgov.usage_kind_rollups.bucket_date IS 'UTC day of the events';
COMMENT ON COLUMN agentgov.usage_kind_rollups.unpriced_events IS 'Events in the bucket that had no cost and no price';

-- Budget spend reads rollups by project or agent within an org.
CREATE INDEX idx_usage_rollups_project_date ON agentgov.usage_rollups (org_id, project_id, bucket_date);
CREATE INDEX idx_usage_rollups_agent_date ON agentgov.usage_rollups (org_id, agent_id, bucket_date);

-- One row per budget and period in which usage was recorded: the alerts
-- already sent, and the row usage statements lock so that exactly one of
-- them sees the threshold crossed.
CREATE TABLE agentgov.budget_periods (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    budget_id       uuid NOT NULL,
    period_start    date NOT NULL,
    period_end      date NOT NULL,
    warned_at       timestamptz,
    warned_spend    numeric(20,6),
    exceeded_at     timestamptz,
    exceeded_spend  numeric(20,6),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT budget_periods_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT budget_periods_budget_fk FOREIGN KEY (org_id, budget_id)
        REFERENCES agentgov.budget_limits (org_id, id) ON DELETE CASCADE,
    CONSTRAINT budget_periods_period_key UNIQUE (org_id, budget_id, period_start),
    CONSTRAINT budget_periods_period_valid CHECK (period_end > period_start)
);
CREATE INDEX idx_budget_periods_id ON agentgov.budget_periods (id);
COMMENT ON TABLE agentgov.budget_periods IS 'Alert state of a budget in one of its periods (UTC day, ISO week or month); usage statements lock it while they check the thresholds';
COMMENT ON COLUMN agentgov.budget_periods.period_end IS 'First day after the period';
COMMENT ON COLUMN agentgov.budget_periods.warned_at IS 'When spend reached alert_threshold x amount_usd and the warning notification was sent';
COMMENT ON COLUMN agentgov.budget_periods.warned_spend IS 'Spend when the warning was sent';
COMMENT ON COLUMN agentgov.budget_periods.exceeded_at IS 'When spend exceeded amount_usd and the critical notification was sent';
COMMENT ON COLUMN agentgov.budget_periods.exceeded_spend IS 'Spend when the critical notification was sent';

-- ---- Periods ---------------------------------------------------------------
CREATE FUNCTION agentgov.period_start(period agentgov.aggregation_period, day date) RETURNS date
    AS 'MODULE_PATHNAME', 'period_start'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.period_start(agentgov.aggregation_period, date) IS
    'First day of the daily, weekly (ISO week, from Monday) or monthly period containing day';

CREATE FUNCTION agentgov.period_end(period agentgov.aggregation_period, day date) RETURNS date
    AS 'MODULE_PATHNAME', 'period_end'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.period_end(agentgov.aggregation_period, date) IS
    'First day after the daily, weekly or monthly period containing day';

-- ---- Triggers on usage_events ---------------------------------------------
CREATE FUNCTION agentgov.price_usage_event() RETURNS trigger
    AS 'MODULE_PATHNAME', 'price_usage_event' LANGUAGE C;
COMMENT ON FUNCTION agentgov.price_usage_event() IS
    'BEFORE INSERT row trigger on usage_events: prices a row without cost_usd from model_prices at occurred_at and records price_id; fills agent_kind from the agent';

CREATE FUNCTION agentgov.rollup_usage_events() RETURNS trigger
    AS 'MODULE_PATHNAME', 'rollup_usage_events' LANGUAGE C;
COMMENT ON FUNCTION agentgov.rollup_usage_events() IS
    'AFTER INSERT or UPDATE statement trigger on usage_events with transition tables: maintains usage_rollups, usage_kind_rollups, run and task totals, the circuit breaker and budget alerts';

CREATE FUNCTION agentgov.usage_events_append_only() RETURNS trigger
    AS 'MODULE_PATHNAME', 'usage_events_append_only' LANGUAGE C;
COMMENT ON FUNCTION agentgov.usage_events_append_only() IS
    'Refuses UPDATE, DELETE and TRUNCATE of usage_events (AG005), except purge_usage_events() and the actions of foreign keys whose referenced row is gone';

CREATE FUNCTION agentgov.usage_budget_alerts() RETURNS trigger
    AS 'MODULE_PATHNAME', 'usage_budget_alerts' LANGUAGE C;
COMMENT ON FUNCTION agentgov.usage_budget_alerts() IS
    'Deferred AFTER INSERT constraint trigger on usage_events: at commit, locks the periods of the budgets covering the transaction''s usage and sends each budget''s warning and critical notification once per period';

CREATE TRIGGER usage_events_price BEFORE INSERT ON agentgov.usage_events
    FOR EACH ROW EXECUTE FUNCTION agentgov.price_usage_event();
CREATE TRIGGER usage_events_append_only BEFORE UPDATE OR DELETE ON agentgov.usage_events
    FOR EACH ROW EXECUTE FUNCTION agentgov.usage_events_append_only();
CREATE TRIGGER usage_events_no_truncate BEFORE TRUNCATE ON agentgov.usage_events
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.usage_events_append_only();
CREATE TRIGGER usage_events_rollup AFTER INSERT ON agentgov.usage_events
    REFERENCING NEW TABLE AS inserted_events
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.rollup_usage_events();
CREATE CONSTRAINT TRIGGER usage_events_budget_alerts AFTER INSERT ON agentgov.usage_events
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION agentgov.usage_budget_alerts();
CREATE TRIGGER usage_events_rollup_move AFTER UPDATE ON agentgov.usage_events
    REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.rollup_usage_events();

-- ---- Reports, spend, purge, budget check -------------------------------------
CREATE FUNCTION agentgov.usage_report(org_id uuid,
                                      period agentgov.aggregation_period,
                                      from_date date,
                                      to_date date,
                                      group_by text[] DEFAULT '{}')
RETURNS TABLE (bucket_start date, project_id uuid, agent_id uuid, model varchar(100),
               events bigint, tokens_in bigint, tokens_out bigint, cost_usd numeric,
               unpriced_events bigint)
    AS 'MODULE_PATHNAME', 'usage_report'
    LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION agentgov.usage_report(uuid, agentgov.aggregation_period, date, date, text[]) IS
    'Usage of an org per daily, weekly (ISO) or monthly bucket over the UTC days from_date..to_date (inclusive), read from usage_rollups only; group_by lists any of project, agent, model (dimensions not listed are NULL); unpriced_events counts events without a cost';

CREATE FUNCTION agentgov.usage_spent(budget_id uuid, at timestamptz DEFAULT now()) RETURNS numeric
    AS 'MODULE_PATHNAME', 'usage_spent'
    LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION agentgov.usage_spent(uuid, timestamptz) IS
    'Spend in USD of a budget in its period (UTC day, ISO week or month) containing at, from the rollups';

CREATE FUNCTION agentgov.budget_check(run_id uuid, lock boolean DEFAULT false,
                                      OUT allowed boolean, OUT reason text)
    AS 'MODULE_PATHNAME', 'budget_check'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION agentgov.budget_check(uuid, boolean) IS
    'Whether the active block budgets covering a run let it start now, and why; with lock, the budgets stay locked until the transaction ends, as when the run enters running';

CREATE FUNCTION agentgov.purge_usage_events(older_than interval) RETURNS bigint
    AS 'MODULE_PATHNAME', 'purge_usage_events'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION agentgov.purge_usage_events(interval) IS
    'Deletes usage events that occurred more than older_than ago; rollups, run and task totals and budget spend keep them; logs a PURGE audit row; returns the number deleted';
REVOKE ALL ON FUNCTION agentgov.purge_usage_events(interval) FROM PUBLIC;

-- ---- Views -----------------------------------------------------------------
CREATE VIEW agentgov.usage_by_project WITH (security_invoker = true) AS
SELECT p.org_id,
       p.id AS project_id,
       p.name,
       sum(r.events)::bigint AS events,
       sum(r.tokens_in + r.tokens_out)::bigint AS total_tokens,
       sum(r.cost_usd) AS total_cost,
       sum(r.unpriced_events)::bigint AS unpriced_events
  FROM agentgov.usage_rollups r
  JOIN agentgov.projects p ON p.org_id = r.org_id AND p.id = r.project_id
 GROUP BY p.org_id, p.id, p.name;
COMMENT ON VIEW agentgov.usage_by_project IS
    'Tokens and cost per project over all time, from the rollups (orchestrator "usage summary by project"); order by total_cost DESC as the seed does';
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
        SELECT c.oid::regclass AS rel
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
LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor uuid := agentgov.current_user_id();
    org uuid;
BEGIN
    IF actor IS NULL THEN
        RAISE EXCEPTION 'creating an organization needs an actor'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Call agentgov.set_actor() first; the actor becomes the organization''s ADMIN.';
    END IF;
    INSERT INTO agentgov.organizations (name, slug, subscription_tier)
    VALUES (create_organization.name, create_organization.slug, create_organization.tier)
    RETURNING id INTO org;
    INSERT INTO agentgov.organization_members (org_id, user_id, role)
    VALUES (org, actor, 'ADMIN');
    RETURN org;
END
$$;
COMMENT ON FUNCTION agentgov.create_organization(text, text, agentgov.subscription_tier) IS
    'Creates an organization with the actor as its ADMIN and returns its id. SECURITY DEFINER: no policy can let a user insert the first membership of an organization he is not yet in';

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
\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Native audit trail with tamper evidence (src/audit.c, docs/audit.md).
--
-- audit_row() records every write to the critical tables in audit_log.
-- Every row that reaches audit_log, from that trigger or from a plain
-- INSERT (artifact_transition, override_gate, cleanup_old_data, an
-- application's 'user.login'), goes through audit_log_enlist(), and is
-- chained when its transaction commits: per organization (and one chain for
-- rows without one) chain_seq counts 1, 2, 3 ..., prev_hash is the
-- row_hash of the row before, and row_hash is SHA-256 over prev_hash and the
-- canonical encoding of the row.  audit_chain_heads holds the tail of each
-- chain; writers of one chain serialise on it only while they commit.
-- ---------------------------------------------------------------------------

ALTER TABLE agentgov.audit_log ADD COLUMN chain_seq bigint;
-- Each row is rewritten once, at commit, to receive its hashes: room on the
-- page lets that be a HOT update that touches no index.
ALTER TABLE agentgov.audit_log SET (fillfactor = 85);
COMMENT ON COLUMN agentgov.audit_log.chain_seq IS
    'Position of the row in its chain (1, 2, ...), set with prev_hash and row_hash when the writing transaction commits; not indexed, so that setting it is a HOT update';

CREATE TABLE agentgov.audit_chain_heads (
    chain_key   uuid NOT NULL,
    last_seq    bigint NOT NULL,
    last_id     bigint NOT NULL,
    last_hash   bytea NOT NULL,
    CONSTRAINT audit_chain_heads_pkey PRIMARY KEY (chain_key),
    CONSTRAINT audit_chain_heads_seq_positive CHECK (last_seq >= 1),
    CONSTRAINT audit_chain_heads_hash_length CHECK (octet_length(last_hash) = 32)
);
COMMENT ON TABLE agentgov.audit_chain_heads IS
    'Tail of each audit hash chain: one row per organization with audit rows, plus one for rows without an organization. Written only by committing transactions, under the chain''s lock (see docs/audit.md). Bookkeeping of the extension: not a tenant table';
COMMENT ON COLUMN agentgov.audit_chain_heads.chain_key IS
    'org_id of the chain; the nil uuid 00000000-0000-0000-0000-000000000000 for audit rows without an organization';
COMMENT ON COLUMN agentgov.audit_chain_heads.last_seq IS 'chain_seq of the last row of the chain';
COMMENT ON COLUMN agentgov.audit_chain_heads.last_id IS 'id of the last row of the chain';
COMMENT ON COLUMN agentgov.audit_chain_heads.last_hash IS 'row_hash of the last row of the chain: what the next row''s prev_hash will be';

-- ---- Append-only ----------------------------------------------------------
CREATE FUNCTION agentgov.append_only() RETURNS trigger
    AS 'MODULE_PATHNAME', 'append_only' LANGUAGE C;
COMMENT ON FUNCTION agentgov.append_only() IS
    'BEFORE UPDATE OR DELETE row trigger and BEFORE TRUNCATE statement trigger: refuses the change with AG005';
REVOKE ALL ON FUNCTION agentgov.append_only() FROM PUBLIC;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON agentgov.audit_log
    FOR EACH ROW EXECUTE FUNCTION agentgov.append_only();
CREATE TRIGGER audit_log_append_only_truncate BEFORE TRUNCATE ON agentgov.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.append_only();
CREATE TRIGGER audit_chain_heads_append_only BEFORE UPDATE OR DELETE ON agentgov.audit_chain_heads
    FOR EACH ROW EXECUTE FUNCTION agentgov.append_only();
CREATE TRIGGER audit_chain_heads_append_only_truncate BEFORE TRUNCATE ON agentgov.audit_chain_heads
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.append_only();

-- ---- Chaining -------------------------------------------------------------
CREATE FUNCTION agentgov.audit_log_enlist() RETURNS trigger
    AS 'MODULE_PATHNAME', 'audit_log_enlist' LANGUAGE C;
COMMENT ON FUNCTION agentgov.audit_log_enlist() IS
    'BEFORE INSERT row trigger on audit_log: fills actor_id and correlation_id from the actor context when NULL, refuses client-supplied chain columns, and enlists the row to be chained when the transaction commits';
REVOKE ALL ON FUNCTION agentgov.audit_log_enlist() FROM PUBLIC;

CREATE TRIGGER audit_log_enlist BEFORE INSERT ON agentgov.audit_log
    FOR EACH ROW EXECUTE FUNCTION agentgov.audit_log_enlist();

CREATE FUNCTION agentgov.verify_audit_chain(org_id uuid,
                                            OUT rows_checked bigint,
                                            OUT first_broken_id bigint)
RETURNS record
    AS 'MODULE_PATHNAME', 'verify_audit_chain'
    LANGUAGE C STABLE;
COMMENT ON FUNCTION agentgov.verify_audit_chain(uuid) IS
    'Recomputes the hash chain of an organization''s audit rows (NULL: rows without an organization): the rows checked and the id of the first row that breaks the chain, or NULL when it is intact. Reads as the owner of audit_log, so row-level security does not hide rows from it; EXECUTE is not granted to PUBLIC';
REVOKE ALL ON FUNCTION agentgov.verify_audit_chain(uuid) FROM PUBLIC;

-- ---- Capture --------------------------------------------------------------
CREATE FUNCTION agentgov.audit_row() RETURNS trigger
    AS 'MODULE_PATHNAME', 'audit_row' LANGUAGE C;
COMMENT ON FUNCTION agentgov.audit_row() IS
    'AFTER INSERT OR UPDATE OR DELETE row trigger (and AFTER TRUNCATE statement trigger) on the critical tables: writes an audit_log row with the table, record id, action, the changed columns only for UPDATE (nothing when none changed), org and time; secret columns redacted. Argument: the column holding the org id (default org_id)';
-- It writes audit rows as the owner of audit_log: only the owner may attach it
-- to a table (a trigger's function is checked when it is created, not fired).
REVOKE ALL ON FUNCTION agentgov.audit_row() FROM PUBLIC;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT * FROM (VALUES
            ('organizations', 'id'),
            ('organization_members', NULL),
            ('users', NULL),
            ('projects', NULL),
            ('artifacts', NULL),
            ('phase_gate_decisions', NULL),
            ('agent_runs', NULL),
            ('governance_events', NULL),
            ('budget_limits', NULL),
            ('api_keys', NULL),
            ('model_prices', NULL),
            ('gate_policies', NULL)) AS v (tab, org_column)
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON agentgov.%I '
            'FOR EACH ROW EXECUTE FUNCTION agentgov.audit_row(%s)',
            t.tab, coalesce(pg_catalog.quote_literal(t.org_column), ''));
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER audit_row_truncate AFTER TRUNCATE ON agentgov.%I '
            'FOR EACH STATEMENT EXECUTE FUNCTION agentgov.audit_row()', t.tab);
    END LOOP;
END
$$;
\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- The assistant seed's views, health check and retention clean-up, rewritten
-- for the unified tables.  Views are security_invoker so that row-level
-- security of the underlying tables applies to whoever queries them.
-- ---------------------------------------------------------------------------

CREATE VIEW agentgov.active_agent_runs WITH (security_invoker = true) AS
SELECT r.id,
       r.org_id,
       r.project_id,
       r.agent_id,
       r.agent_type,
       r.user_id,
       r.status,
       r.cost_usd,
       r.created_at,
       (SELECT count(*) FROM agentgov.governance_events g
         WHERE g.org_id = r.org_id AND g.run_id = r.id AND g.approved) AS approvals,
       (SELECT count(*) FROM agentgov.governance_events g
         WHERE g.org_id = r.org_id AND g.run_id = r.id AND NOT g.approved) AS rejections
  FROM agentgov.agent_runs r
 WHERE r.status IN ('running', 'pending_approval', 'approved');
COMMENT ON VIEW agentgov.active_agent_runs IS
    'Runs that are running or waiting to run, with their governance approvals and rejections (assistant active_agent_sessions)';

CREATE VIEW agentgov.user_activity_summary WITH (security_invoker = true) AS
SELECT u.id AS user_id,
       u.username,
       u.last_active_at,
       count(r.id) AS total_runs,
       coalesce(sum(r.cost_usd), 0) AS total_cost,
       avg(r.cost_usd) AS avg_cost_per_run,
       max(r.created_at) AS last_run_at
  FROM agentgov.users u
  LEFT JOIN agentgov.agent_runs r ON r.user_id = u.id
 WHERE u.is_active
 GROUP BY u.id, u.username, u.last_active_at;
COMMENT ON VIEW agentgov.user_activity_summary IS
    'Runs and their cost per active user (assistant user_activity_summary; sessions are runs)';

CREATE FUNCTION agentgov.retention_interval(what text) RETURNS interval
    AS 'MODULE_PATHNAME', 'retention_interval'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.retention_interval(text) IS
    'Retention period of governance_events, user_sessions or completed_runs, from the setting agentgov.retention_<what>';

CREATE FUNCTION agentgov.cleanup_old_data()
RETURNS TABLE (table_name text, deleted bigint, retention interval)
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH keep AS (
        SELECT agentgov.retention_interval('governance_events') AS events,
               agentgov.retention_interval('user_sessions') AS sessions,
               agentgov.retention_interval('completed_runs') AS runs
    ), gone_events AS (
        DELETE FROM agentgov.governance_events g USING keep
         WHERE g.created_at < now() - keep.events
        RETURNING 1
    ), gone_sessions AS (
        DELETE FROM agentgov.user_sessions s USING keep
         WHERE s.ended_at < now() - keep.sessions
        RETURNING 1
    ), gone_runs AS (
        DELETE FROM agentgov.agent_runs r USING keep
         WHERE r.status = 'completed' AND r.completed_at < now() - keep.runs
        RETURNING 1
    ), counts AS (
        SELECT 'governance_events'::text AS table_name,
               (SELECT count(*) FROM gone_events) AS deleted, keep.events AS retention FROM keep
        UNION ALL
        SELECT 'user_sessions', (SELECT count(*) FROM gone_sessions), keep.sessions FROM keep
        UNION ALL
        SELECT 'agent_runs', (SELECT count(*) FROM gone_runs), keep.runs FROM keep
    ), logged AS (
        INSERT INTO agentgov.audit_log (action, table_name, new_values)
        SELECT 'CLEANUP', 'system',
               jsonb_build_object('cleaned_at', now(),
                                  'retention_policy', 'applied',
                                  'deleted', jsonb_object_agg(c.table_name, c.deleted))
          FROM counts c
        RETURNING 1
    )
    SELECT c.table_name, c.deleted, c.retention
      FROM counts c
     WHERE (SELECT count(*) FROM logged) = 1
$$;
COMMENT ON FUNCTION agentgov.cleanup_old_data() IS
    'Deletes governance events, ended user sessions and completed runs older than their retention settings and logs a CLEANUP audit row (assistant retention policy)';

CREATE FUNCTION agentgov.db_health_check()
RETURNS TABLE (metric varchar(50), value numeric, status varchar(20), threshold numeric)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH m (metric, value, threshold, higher_is_better) AS (
        SELECT 'active_connections', count(*)::numeric, 100::numeric, false
          FROM pg_stat_activity WHERE state = 'active'
        UNION ALL
        SELECT 'db_size_mb', round(pg_database_size(current_database()) / 1048576.0, 1), 10240, false
        UNION ALL
        SELECT 'cache_hit_ratio',
               CASE WHEN blks_read + blks_hit = 0 THEN 100
                    ELSE round(blks_hit * 100.0 / (blks_hit + blks_read), 2) END,
               90, true
          FROM pg_stat_database WHERE datname = current_database()
        UNION ALL
        SELECT 'runs_blocked', count(*)::numeric, 0, false
          FROM agentgov.agent_runs WHERE status = 'blocked'
        UNION ALL
        SELECT 'runs_awaiting_approval_over_1h', count(*)::numeric, 0, false
          FROM agentgov.agent_runs
         WHERE status = 'pending_approval' AND created_at < now() - interval '1 hour'
        UNION ALL
        SELECT 'open_critical_conflicts', count(*)::numeric, 0, false
          FROM agentgov.conflicts WHERE status = 'open' AND severity = 'critical'
    )
    SELECT m.metric::varchar(50), m.value,
           (CASE WHEN (m.higher_is_better AND m.value >= m.threshold)
                   OR (NOT m.higher_is_better AND m.value <= m.threshold)
                 THEN 'OK' ELSE 'WARNING' END)::varchar(20),
           m.threshold
      FROM m
$$;
COMMENT ON FUNCTION agentgov.db_health_check() IS
    'Database and governance health metrics with OK/WARNING against thresholds (assistant db_health_check; cache_hit_ratio is OK when at or above its threshold)';
\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Row-level security on every table, once every module has created its
-- tables: this runs after all of them and before 90_finish.
--
-- The policies are part of the extension's definition, like its tables, and
-- CREATE EXTENSION creates them in every database, restored ones included.
-- pg_dump does not write out the policies of an extension's tables (since
-- PostgreSQL commit a70f2a5, in the minor releases of February 2024: 12.18,
-- 13.14, 14.11, 15.6, 16.2), so a restore neither loses nor duplicates them;
-- README "Backup and restore" covers dumps made by older pg_dump binaries,
-- which did write them out.
-- ---------------------------------------------------------------------------

SELECT agentgov.enable_row_security();
\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Seeded rows, updated_at maintenance and dump registration.
-- ---------------------------------------------------------------------------

-- The default gate policies: the only rows the extension seeds.
INSERT INTO agentgov.gate_policies (org_id, phase, threshold, conditional_margin) VALUES
    (NULL, 'VRC', 76, 10),
    (NULL, 'VCD', 75, 10),
    (NULL, 'DSP', 80, 10),
    (NULL, 'MDP', 85, 10);

-- Every table with an updated_at column gets it stamped by the C trigger.
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN
        SELECT c.oid::regclass
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
         WHERE c.relnamespace = 'agentgov'::regnamespace
           AND c.relkind = 'r'
           AND a.attname = 'updated_at' AND NOT a.attisdropped
         ORDER BY c.relname
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER touch_updated_at BEFORE UPDATE ON %s '
            'FOR EACH ROW EXECUTE FUNCTION agentgov.touch_updated_at()', t);
    END LOOP;
END
$$;

-- pg_dump keeps the data of every table (and the audit_log identity
-- sequence, which pg_extension_config_dump does not cover through its table);
-- the seeded default gate policies are recreated by CREATE EXTENSION instead.
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN
        SELECT c.oid::regclass
          FROM pg_catalog.pg_class c
         WHERE c.relnamespace = 'agentgov'::regnamespace
           AND c.relkind = 'r'
         ORDER BY c.relname
    LOOP
        PERFORM pg_catalog.pg_extension_config_dump(t,
            CASE WHEN t = 'agentgov.gate_policies'::regclass
                 THEN 'WHERE org_id IS NOT NULL' ELSE '' END);
    END LOOP;
END
$$;
SELECT pg_catalog.pg_extension_config_dump(
    pg_catalog.pg_get_serial_sequence('agentgov.audit_log', 'id')::regclass, '');
