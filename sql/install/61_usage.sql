\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Usage rollups, pricing, reports and budgets (src/usage.c, src/budgets.c).
--
-- usage_events is an append-only ledger.  A BEFORE INSERT row trigger prices
-- rows that come without a cost; an AFTER INSERT statement trigger reads the
-- statement's rows from its transition table, aggregates them in memory and
-- touches every rollup bucket, run and task once, in a fixed order, so that
-- concurrent writers neither lose updates nor deadlock; a deferred
-- constraint trigger, queued once per statement, checks the budgets the
-- transaction's usage reached when it commits.  No trigger of agentgov's
-- queues a per-row event: ingest memory does not grow with the statement.
-- usage_rollups, usage_kind_rollups and budget_periods are written by
-- agentgov only (usage_derived_guard); rebuild_usage_rollups() recomputes
-- the rollups.
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
    'BEFORE INSERT row trigger on usage_events: refuses a NaN cost_usd, checks that agent_id is a catalogue agent or one of the row''s organization, prices a row without cost_usd from model_prices at occurred_at and records price_id; fills agent_kind from the agent';

CREATE FUNCTION agentgov.rollup_usage_events() RETURNS trigger
    AS 'MODULE_PATHNAME', 'rollup_usage_events' LANGUAGE C;
COMMENT ON FUNCTION agentgov.rollup_usage_events() IS
    'AFTER INSERT or UPDATE statement trigger on usage_events with transition tables: maintains usage_rollups, usage_kind_rollups, run and task totals, the circuit breaker and budget alerts';

CREATE FUNCTION agentgov.usage_events_append_only() RETURNS trigger
    AS 'MODULE_PATHNAME', 'usage_events_append_only' LANGUAGE C;
COMMENT ON FUNCTION agentgov.usage_events_append_only() IS
    'Refuses UPDATE, DELETE and TRUNCATE of usage_events (AG005), except purge_usage_events() and the actions of foreign keys whose referenced row is gone';

CREATE FUNCTION agentgov.usage_alert_due() RETURNS boolean
    AS 'MODULE_PATHNAME', 'usage_alert_due' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.usage_alert_due() IS
    'WHEN condition of the usage_events_budget_alerts trigger: true for the first row of each statement only, so that a statement queues one alert check, not one per row';

CREATE FUNCTION agentgov.usage_budget_alerts() RETURNS trigger
    AS 'MODULE_PATHNAME', 'usage_budget_alerts' LANGUAGE C;
COMMENT ON FUNCTION agentgov.usage_budget_alerts() IS
    'Deferred AFTER INSERT constraint trigger on usage_events, queued once per statement (usage_alert_due()): at commit, locks the periods of the budgets covering the transaction''s usage and sends each budget''s warning and critical notification once per period';

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
    FOR EACH ROW WHEN (agentgov.usage_alert_due())
    EXECUTE FUNCTION agentgov.usage_budget_alerts();
CREATE TRIGGER usage_events_rollup_move AFTER UPDATE ON agentgov.usage_events
    REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.rollup_usage_events();

-- ---- Derived tables: written by agentgov only -----------------------------------
CREATE FUNCTION agentgov.usage_derived_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'usage_derived_guard' LANGUAGE C;
COMMENT ON FUNCTION agentgov.usage_derived_guard() IS
    'BEFORE row and TRUNCATE trigger of usage_rollups, usage_kind_rollups and budget_periods: refuses every direct write (AG005), superusers included, except agentgov''s own, the cascade of a deleted organization or budget (the argument names the parent table) and the removal of budget periods that ended before the previous period of their budget (expire_budget_periods())';
CREATE TRIGGER usage_rollups_guard BEFORE INSERT OR UPDATE OR DELETE ON agentgov.usage_rollups
    FOR EACH ROW EXECUTE FUNCTION agentgov.usage_derived_guard('organizations');
CREATE TRIGGER usage_rollups_guard_truncate BEFORE TRUNCATE ON agentgov.usage_rollups
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.usage_derived_guard('organizations');
CREATE TRIGGER usage_kind_rollups_guard BEFORE INSERT OR UPDATE OR DELETE ON agentgov.usage_kind_rollups
    FOR EACH ROW EXECUTE FUNCTION agentgov.usage_derived_guard('organizations');
CREATE TRIGGER usage_kind_rollups_guard_truncate BEFORE TRUNCATE ON agentgov.usage_kind_rollups
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.usage_derived_guard('organizations');
CREATE TRIGGER budget_periods_guard BEFORE INSERT OR UPDATE OR DELETE ON agentgov.budget_periods
    FOR EACH ROW EXECUTE FUNCTION agentgov.usage_derived_guard('budget_limits');
CREATE TRIGGER budget_periods_guard_truncate BEFORE TRUNCATE ON agentgov.budget_periods
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.usage_derived_guard('budget_limits');

CREATE FUNCTION agentgov.rebuild_usage_rollups(org_id uuid DEFAULT NULL,
                                               OUT organizations bigint, OUT events bigint,
                                               OUT rollup_buckets bigint, OUT kind_buckets bigint,
                                               OUT kept_buckets bigint, OUT rebuilt_from date)
    AS 'MODULE_PATHNAME', 'rebuild_usage_rollups'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.rebuild_usage_rollups(uuid) IS
    'Recomputes usage_rollups and usage_kind_rollups of one organization (NULL: all) from usage_events, for the UTC days from rebuilt_from on (the day after the latest purge_usage_events() cutoff; all days if none): older buckets, whose events were purged, are kept; NOTICEs progress; returns the organizations, events and buckets written and the buckets kept';
REVOKE ALL ON FUNCTION agentgov.rebuild_usage_rollups(uuid) FROM PUBLIC;

-- ---- Finite numbers in the columns agentgov computes with ----------------------
CREATE FUNCTION agentgov.check_finite_numerics() RETURNS trigger
    AS 'MODULE_PATHNAME', 'check_finite_numerics' LANGUAGE C;
COMMENT ON FUNCTION agentgov.check_finite_numerics() IS
    'BEFORE INSERT or UPDATE row trigger: refuses NaN and infinite values (22023, naming the column) in the numeric columns given as arguments';
CREATE TRIGGER model_prices_finite_numerics
    BEFORE INSERT OR UPDATE OF input_usd_per_mtok, output_usd_per_mtok ON agentgov.model_prices
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('input_usd_per_mtok', 'output_usd_per_mtok');
CREATE TRIGGER budget_limits_finite_numerics
    BEFORE INSERT OR UPDATE OF amount_usd, alert_threshold ON agentgov.budget_limits
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('amount_usd', 'alert_threshold');
CREATE TRIGGER agents_finite_numerics
    BEFORE INSERT OR UPDATE OF cost_per_execution_usd ON agentgov.agents
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('cost_per_execution_usd');
CREATE TRIGGER agent_runs_finite_numerics
    BEFORE INSERT OR UPDATE OF cost_usd, estimated_cost, max_cost_limit ON agentgov.agent_runs
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('cost_usd', 'estimated_cost', 'max_cost_limit');
CREATE TRIGGER tasks_finite_numerics
    BEFORE INSERT OR UPDATE OF total_cost_usd ON agentgov.tasks
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('total_cost_usd');
CREATE TRIGGER quality_metric_finite_numerics
    BEFORE INSERT OR UPDATE OF metric_value, threshold ON agentgov.quality_metrics
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('metric_value', 'threshold');
CREATE TRIGGER telemetry_finite_numerics
    BEFORE INSERT OR UPDATE OF metric_value ON agentgov.telemetry
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('metric_value');
CREATE TRIGGER messages_finite_numerics
    BEFORE INSERT OR UPDATE OF cost_usd ON agentgov.messages
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('cost_usd');
CREATE TRIGGER question_effectiveness_finite_numerics
    BEFORE INSERT OR UPDATE OF average_spec_extraction_count, effectiveness_score ON agentgov.question_effectiveness
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_finite_numerics('average_spec_extraction_count', 'effectiveness_score');

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
