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
COMMENT ON COLUMN agentgov.tasks.priority IS 'Numeric priority, higher first (orchestrator tickets). Not the github-agents priority: their tasks leave it 0 and keep the word in priority_level. To order tasks of both kinds use ORDER BY agentgov.task_priority_rank(priority, priority_level) DESC';
COMMENT ON COLUMN agentgov.tasks.priority_level IS 'Priority class low/medium/high/urgent (github-agents tasks.priority, renamed because priority is the orchestrator''s integer). To order tasks of both kinds use ORDER BY agentgov.task_priority_rank(priority, priority_level) DESC';
COMMENT ON COLUMN agentgov.tasks.assigned_agent_id IS 'Agent doing the work (orchestrator assigned_agent and subtask agent_id, github-agents assigned_to_agent_id)';
COMMENT ON COLUMN agentgov.tasks.order_index IS 'Position of a subtask within its ticket';
COMMENT ON COLUMN agentgov.tasks.spec IS 'Detailed specification (orchestrator)';
COMMENT ON COLUMN agentgov.tasks.result IS 'Implementation summary (orchestrator)';
COMMENT ON COLUMN agentgov.tasks.total_tokens_used IS 'Tokens of the usage events naming this task';
COMMENT ON COLUMN agentgov.tasks.total_cost_usd IS 'Cost in USD of the usage events naming this task';

CREATE FUNCTION agentgov.task_priority_rank(priority integer, priority_level agentgov.task_priority)
RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE priority_level
               WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3
           END::bigint * 4294967296 + priority::bigint + 2147483648
$$;
COMMENT ON FUNCTION agentgov.task_priority_rank(integer, agentgov.task_priority) IS
    'One sort key for both priorities of a task, higher first: the priority_level class (urgent > high > medium > low, github-agents) first, then the integer priority (orchestrator) within a class. Orchestrator tickets default to medium, github-agents tasks to priority 0, so ORDER BY agentgov.task_priority_rank(priority, priority_level) DESC orders either kind as its seed meant and both together';

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
