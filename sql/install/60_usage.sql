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
CREATE FUNCTION agentgov.check_budget_scope() RETURNS trigger
    AS 'MODULE_PATHNAME', 'check_budget_scope' LANGUAGE C;
COMMENT ON FUNCTION agentgov.check_budget_scope() IS
    'AFTER INSERT OR UPDATE OF org_id, scope_type, scope_id trigger on budget_limits: scope_id names a project of the budget''s organization (scope project) or an agent of it or of the catalogue (scope agent), else 23503';
CREATE TRIGGER budget_limits_scope AFTER INSERT OR UPDATE OF org_id, scope_type, scope_id
    ON agentgov.budget_limits FOR EACH ROW EXECUTE FUNCTION agentgov.check_budget_scope();
CREATE FUNCTION agentgov.drop_budget_scope() RETURNS trigger
    AS 'MODULE_PATHNAME', 'drop_budget_scope' LANGUAGE C;
COMMENT ON FUNCTION agentgov.drop_budget_scope() IS
    'AFTER DELETE trigger on projects (argument project) and agents (argument agent): deletes the budgets scoped to the deleted row, as ON DELETE CASCADE would for a foreign key';
CREATE TRIGGER projects_budget_scope AFTER DELETE ON agentgov.projects
    FOR EACH ROW EXECUTE FUNCTION agentgov.drop_budget_scope('project');
CREATE TRIGGER agents_budget_scope AFTER DELETE ON agentgov.agents
    FOR EACH ROW EXECUTE FUNCTION agentgov.drop_budget_scope('agent');
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
