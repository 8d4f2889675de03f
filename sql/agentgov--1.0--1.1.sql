\echo Use "ALTER EXTENSION agentgov UPDATE TO '1.1'" to load this file. \quit
-- ---------------------------------------------------------------------------
-- agentgov 1.0 -> 1.1
--
-- Every change to sql/install/ between the 1.0 release (frozen as
-- sql/agentgov--1.0.sql) and 1.1 has its step here, so that
-- ALTER EXTENSION agentgov UPDATE leaves exactly the catalog a fresh
-- CREATE EXTENSION agentgov VERSION '1.1' makes (checked by the upgrade test).
-- Sections follow the order in which the steps must run.
-- ---------------------------------------------------------------------------

-- ===========================================================================
-- Section A. Hardening: plan limits, plan ownership, cross-tenant references,
-- protected rollups, numeric input checks.
-- ===========================================================================

-- (end of section A)


-- ===========================================================================
-- Section B. Usage ingestion: statement-level rollup maintenance, indexes and
-- foreign keys of usage_events, rebuild_usage_rollups().
-- ===========================================================================

-- usage_events: the agent's tenant scope is checked by the BEFORE row
-- trigger (price_usage_event), and the budget alert check is queued once per
-- statement: no per-row AFTER trigger event of agentgov's is left.
DROP TRIGGER usage_events_agent_scope ON agentgov.usage_events;
DROP TRIGGER usage_events_budget_alerts ON agentgov.usage_events;
CREATE FUNCTION agentgov.usage_alert_due() RETURNS boolean
    AS 'MODULE_PATHNAME', 'usage_alert_due' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.usage_alert_due() IS
    'WHEN condition of the usage_events_budget_alerts trigger: true for the first row of each statement only, so that a statement queues one alert check, not one per row';
COMMENT ON FUNCTION agentgov.price_usage_event() IS
    'BEFORE INSERT row trigger on usage_events: refuses a NaN cost_usd, checks that agent_id is a catalogue agent or one of the row''s organization, prices a row without cost_usd from model_prices at occurred_at and records price_id; fills agent_kind from the agent';
COMMENT ON FUNCTION agentgov.usage_budget_alerts() IS
    'Deferred AFTER INSERT constraint trigger on usage_events, queued once per statement (usage_alert_due()): at commit, locks the periods of the budgets covering the transaction''s usage and sends each budget''s warning and critical notification once per period';
CREATE CONSTRAINT TRIGGER usage_events_budget_alerts AFTER INSERT ON agentgov.usage_events
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (agentgov.usage_alert_due())
    EXECUTE FUNCTION agentgov.usage_budget_alerts();

-- Derived tables written by agentgov only; rebuild_usage_rollups().
CREATE FUNCTION agentgov.usage_derived_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'usage_derived_guard' LANGUAGE C;
COMMENT ON FUNCTION agentgov.usage_derived_guard() IS
    'BEFORE row and TRUNCATE trigger of usage_rollups, usage_kind_rollups and budget_periods: refuses every direct write (AG005), superusers included, except agentgov''s own and the cascade of a deleted organization or budget (the argument names the parent table)';
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

-- Finite numbers in the columns agentgov computes with.
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


-- (end of section B)


-- ===========================================================================
-- Section C. Knowledge-base search, encrypted API keys, scheduled
-- maintenance, seed-query notes.
-- ===========================================================================

-- (end of section C)


-- ===========================================================================
-- Section D. Operations: restore, actor errors, views and tools.
-- ===========================================================================

-- (end of section D)


-- ===========================================================================
-- Section E. Table-access layer (C only; SQL changes, if any, here).
-- ===========================================================================

-- (end of section E)


-- ===========================================================================
-- Section F. Documentation: comments on every table, column and type.
-- ===========================================================================

-- (end of section F)
