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
