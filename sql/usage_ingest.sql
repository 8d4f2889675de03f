-- Usage ingestion hardening: finite numbers, the agent scope checked without
-- a per-row AFTER trigger, derived tables written by agentgov only,
-- rebuild_usage_rollups() and its handling of purged history.
SET client_min_messages = warning;

-- SQLSTATE and message of a statement, or 'ok'.
CREATE FUNCTION pg_temp.try(stmt text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE stmt;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

-- Rows where rollups and a GROUP BY over the events differ (both ways),
-- from the given day on.
CREATE FUNCTION pg_temp.rollup_diff(org uuid, from_day date DEFAULT '-infinity') RETURNS bigint
LANGUAGE sql AS $$
    SELECT count(*) FROM (
        (SELECT bucket_date, project_id, agent_id, model, events, tokens_in, tokens_out, cost_usd, unpriced_events
           FROM agentgov.usage_rollups WHERE org_id = org AND bucket_date >= from_day
         EXCEPT
         SELECT usage_date, project_id, agent_id, model, count(*), sum(tokens_in), sum(tokens_out),
                coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE cost_usd IS NULL)
           FROM agentgov.usage_events WHERE org_id = org AND usage_date >= from_day GROUP BY 1, 2, 3, 4)
        UNION ALL
        (SELECT usage_date, project_id, agent_id, model, count(*), sum(tokens_in), sum(tokens_out),
                coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE cost_usd IS NULL)
           FROM agentgov.usage_events WHERE org_id = org AND usage_date >= from_day GROUP BY 1, 2, 3, 4
         EXCEPT
         SELECT bucket_date, project_id, agent_id, model, events, tokens_in, tokens_out, cost_usd, unpriced_events
           FROM agentgov.usage_rollups WHERE org_id = org AND bucket_date >= from_day)
        UNION ALL
        (SELECT bucket_date, NULL::uuid, NULL::uuid, 'kind ' || agent_kind, events, tokens_in, tokens_out, cost_usd, unpriced_events
           FROM agentgov.usage_kind_rollups WHERE org_id = org AND bucket_date >= from_day
         EXCEPT
         SELECT usage_date, NULL::uuid, NULL::uuid, 'kind ' || agent_kind, count(*), sum(tokens_in), sum(tokens_out),
                coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE cost_usd IS NULL)
           FROM agentgov.usage_events
          WHERE org_id = org AND usage_date >= from_day AND agent_kind IS NOT NULL GROUP BY 1, 2, 3, 4)
          ) d (a, b, c, e, f, g, h, i, j)
$$;

INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('c6a90000-0000-4000-8000-000000000001', 'Ingest Org', 'ingest-org', 'ENTERPRISE'),
    ('c6a90000-0000-4000-8000-000000000002', 'Ingest Other', 'ingest-other', 'ENTERPRISE'),
    ('c6a90000-0000-4000-8000-000000000003', 'Ingest Gone', 'ingest-gone', 'ENTERPRISE');
INSERT INTO agentgov.users (id, email, auth_provider, auth_provider_id) VALUES
    ('b6a90000-0000-4000-8000-000000000001', 'ingest-admin@ingest.example', 'github', 'gh-u6-1');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('c6a90000-0000-4000-8000-000000000001', 'b6a90000-0000-4000-8000-000000000001', 'ADMIN'),
    ('c6a90000-0000-4000-8000-000000000003', 'b6a90000-0000-4000-8000-000000000001', 'ADMIN');
INSERT INTO agentgov.projects (id, org_id, name, created_by) VALUES
    ('d6a90000-0000-4000-8000-000000000001', 'c6a90000-0000-4000-8000-000000000001', 'Ingest', 'b6a90000-0000-4000-8000-000000000001');
INSERT INTO agentgov.agents (id, org_id, name, kind) VALUES
    ('f6a90000-0000-4000-8000-000000000001', 'c6a90000-0000-4000-8000-000000000001', 'ingest-coder', 'coder'),
    ('f6a90000-0000-4000-8000-000000000002', 'c6a90000-0000-4000-8000-000000000002', 'other-coder', 'coder'),
    ('f6a90000-0000-4000-8000-000000000003', NULL, 'catalogue-tester', 'tester');
INSERT INTO agentgov.model_prices (provider, model, input_usd_per_mtok, output_usd_per_mtok, effective_from) VALUES
    ('ingest', 'ingest-model', 2, 10, '2025-01-01 00:00+00');

-- ---- 1. NaN and infinity are refused as 22023 naming the column -------------------
SELECT pg_temp.try($$INSERT INTO agentgov.usage_events (org_id, model, tokens_in, cost_usd)
                    VALUES ('c6a90000-0000-4000-8000-000000000001', 'ingest-model', 1, 'NaN')$$);
SELECT pg_temp.try($$INSERT INTO agentgov.model_prices (provider, model, input_usd_per_mtok, output_usd_per_mtok)
                    VALUES ('ingest', 'nan-model', 1, 'NaN')$$);
SELECT pg_temp.try($$UPDATE agentgov.model_prices SET input_usd_per_mtok = 'NaN' WHERE model = 'ingest-model'$$);
SELECT pg_temp.try($$INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period)
                    VALUES ('c6a90000-0000-4000-8000-000000000001', 'nan', 'global', 'NaN', 'daily')$$);
SELECT pg_temp.try($$INSERT INTO agentgov.agent_runs (org_id, agent_id, max_cost_limit)
                    VALUES ('c6a90000-0000-4000-8000-000000000001', 'f6a90000-0000-4000-8000-000000000001', 'NaN')$$);
SELECT pg_temp.try($$INSERT INTO agentgov.agent_runs (org_id, agent_id, estimated_cost)
                    VALUES ('c6a90000-0000-4000-8000-000000000001', 'f6a90000-0000-4000-8000-000000000001', 'NaN')$$);
SELECT pg_temp.try($$UPDATE agentgov.agents SET cost_per_execution_usd = 'NaN' WHERE id = 'f6a90000-0000-4000-8000-000000000001'$$);
SELECT pg_temp.try($$INSERT INTO agentgov.quality_metrics (org_id, project_id, metric_type, metric_value, threshold)
                    VALUES ('c6a90000-0000-4000-8000-000000000001', 'd6a90000-0000-4000-8000-000000000001', 'coverage', 'NaN', 80)$$);
SELECT pg_temp.try($$INSERT INTO agentgov.telemetry (org_id, project_id, metric_name, metric_value, unit, observed_at)
                    VALUES ('c6a90000-0000-4000-8000-000000000001', 'd6a90000-0000-4000-8000-000000000001', 'latency_p95', 'NaN', 'ms', now())$$);
-- Columns the fuzz suite found accepting NaN: a message's cost, socrates'
-- question effectiveness (the row trigger runs before any other check).
SELECT pg_temp.try($$INSERT INTO agentgov.messages (org_id, conversation_id, author_type, content, cost_usd)
                    VALUES ('c6a90000-0000-4000-8000-000000000001', gen_random_uuid(), 'user', 'hi', 'NaN')$$);
SELECT pg_temp.try($$INSERT INTO agentgov.question_effectiveness (user_id, question_template_id, role, average_spec_extraction_count)
                    VALUES ('b6a90000-0000-4000-8000-000000000001', 'q1', 'pm', 'NaN')$$);
-- Infinity never reaches a column with a precision: the type refuses it.
SELECT pg_temp.try($$INSERT INTO agentgov.usage_events (org_id, model, tokens_in, cost_usd)
                    VALUES ('c6a90000-0000-4000-8000-000000000001', 'ingest-model', 1, 'Infinity')$$);
-- Finite values pass.
SELECT pg_temp.try($$INSERT INTO agentgov.usage_events (org_id, model, tokens_in, cost_usd, occurred_at)
                    VALUES ('c6a90000-0000-4000-8000-000000000001', 'ingest-model', 1, 0.5, now())$$);

-- ---- 2. The agent of a usage event belongs to its organization or the catalogue ----
SELECT pg_temp.try($$INSERT INTO agentgov.usage_events (org_id, agent_id, model, tokens_in, occurred_at)
                    VALUES ('c6a90000-0000-4000-8000-000000000001', 'f6a90000-0000-4000-8000-000000000002',
                            'ingest-model', 1, now())$$);
-- The same agent in a multi-row statement, after rows of the right org.
SELECT pg_temp.try($$INSERT INTO agentgov.usage_events (org_id, agent_id, model, tokens_in, occurred_at)
                    VALUES ('c6a90000-0000-4000-8000-000000000001', 'f6a90000-0000-4000-8000-000000000001', 'ingest-model', 1, now()),
                           ('c6a90000-0000-4000-8000-000000000001', 'f6a90000-0000-4000-8000-000000000002', 'ingest-model', 1, now())$$);
-- A missing agent is left to the foreign key.
SELECT pg_temp.try($$INSERT INTO agentgov.usage_events (org_id, agent_id, model, tokens_in)
                    VALUES ('c6a90000-0000-4000-8000-000000000001', 'f6a90000-0000-4000-8000-000000000099', 'ingest-model', 1)$$);
INSERT INTO agentgov.usage_events (org_id, project_id, agent_id, model, tokens_in, tokens_out, occurred_at) VALUES
    ('c6a90000-0000-4000-8000-000000000001', 'd6a90000-0000-4000-8000-000000000001', 'f6a90000-0000-4000-8000-000000000001', 'ingest-model', 1000, 100, now()),
    ('c6a90000-0000-4000-8000-000000000001', 'd6a90000-0000-4000-8000-000000000001', 'f6a90000-0000-4000-8000-000000000003', 'ingest-model', 2000, 200, now()),
    ('c6a90000-0000-4000-8000-000000000001', NULL, NULL, 'unpriced-model', 5, 5, now());
SELECT agent_id, agent_kind, cost_usd FROM agentgov.usage_events
 WHERE org_id = 'c6a90000-0000-4000-8000-000000000001' ORDER BY occurred_at, agent_id NULLS FIRST, model;
SELECT pg_temp.rollup_diff('c6a90000-0000-4000-8000-000000000001') AS differences;

-- ---- 3. Rollups and budget periods are written by agentgov only -------------------
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, amount_usd, period, alert_threshold) VALUES
    ('e6a90000-0000-4000-8000-000000000001', 'c6a90000-0000-4000-8000-000000000003', 'tiny', 'global', 1, 'monthly', 0.5);
INSERT INTO agentgov.usage_events (org_id, model, tokens_in, cost_usd) VALUES
    ('c6a90000-0000-4000-8000-000000000003', 'ingest-model', 1, 0.75);
SELECT count(*) AS periods, count(warned_at) AS warned FROM agentgov.budget_periods
 WHERE budget_id = 'e6a90000-0000-4000-8000-000000000001';
SELECT pg_temp.try($$UPDATE agentgov.usage_rollups SET events = events + 1 WHERE org_id = 'c6a90000-0000-4000-8000-000000000001'$$);
SELECT pg_temp.try($$DELETE FROM agentgov.usage_rollups WHERE org_id = 'c6a90000-0000-4000-8000-000000000001'$$);
SELECT pg_temp.try($$INSERT INTO agentgov.usage_rollups (org_id, bucket_date, model, events)
                    VALUES ('c6a90000-0000-4000-8000-000000000001', '2026-01-01', 'forged', 1)$$);
SELECT pg_temp.try($$TRUNCATE agentgov.usage_rollups$$);
SELECT pg_temp.try($$UPDATE agentgov.usage_kind_rollups SET cost_usd = 0$$);
SELECT pg_temp.try($$DELETE FROM agentgov.usage_kind_rollups$$);
SELECT pg_temp.try($$TRUNCATE agentgov.usage_kind_rollups$$);
SELECT pg_temp.try($$UPDATE agentgov.budget_periods SET warned_at = NULL$$);
SELECT pg_temp.try($$DELETE FROM agentgov.budget_periods$$);
SELECT pg_temp.try($$TRUNCATE agentgov.budget_periods$$);
SELECT pg_temp.try($$INSERT INTO agentgov.budget_periods (org_id, budget_id, period_start, period_end)
                    VALUES ('c6a90000-0000-4000-8000-000000000003', 'e6a90000-0000-4000-8000-000000000001', '2020-01-01', '2020-02-01')$$);
-- Not even as the owner of the tables with row security off (this session is a superuser).
SELECT rolsuper FROM pg_roles WHERE rolname = current_user;
SELECT pg_temp.rollup_diff('c6a90000-0000-4000-8000-000000000001') AS differences;
-- The cascade of a deleted budget or organization removes their rows.
DELETE FROM agentgov.budget_limits WHERE id = 'e6a90000-0000-4000-8000-000000000001';
SELECT count(*) FROM agentgov.budget_periods WHERE org_id = 'c6a90000-0000-4000-8000-000000000003';
DELETE FROM agentgov.organizations WHERE id = 'c6a90000-0000-4000-8000-000000000003';
SELECT count(*) FROM agentgov.usage_rollups WHERE org_id = 'c6a90000-0000-4000-8000-000000000003';

-- ---- 4. rebuild_usage_rollups() ---------------------------------------------------
-- Damage the rollups the way only a restore or a replica session can.
SET session_replication_role = replica;
UPDATE agentgov.usage_rollups SET events = events + 7, cost_usd = 1000 WHERE org_id = 'c6a90000-0000-4000-8000-000000000001';
INSERT INTO agentgov.usage_rollups (org_id, bucket_date, model, events) VALUES
    ('c6a90000-0000-4000-8000-000000000001', (now() AT TIME ZONE 'UTC')::date, 'stray', 1);
DELETE FROM agentgov.usage_kind_rollups WHERE org_id = 'c6a90000-0000-4000-8000-000000000001';
RESET session_replication_role;
SELECT pg_temp.rollup_diff('c6a90000-0000-4000-8000-000000000001') > 0 AS damaged;
SELECT organizations, events, rollup_buckets, kind_buckets, kept_buckets
  FROM agentgov.rebuild_usage_rollups('c6a90000-0000-4000-8000-000000000001');
SELECT pg_temp.rollup_diff('c6a90000-0000-4000-8000-000000000001') AS differences;
SELECT pg_temp.try($$SELECT agentgov.rebuild_usage_rollups('c6a90000-0000-4000-8000-000000000099')$$);
-- Every organization; the other org's rollups are untouched and still right.
SELECT organizations >= 2 AS all_orgs FROM agentgov.rebuild_usage_rollups();
SELECT pg_temp.rollup_diff('c6a90000-0000-4000-8000-000000000001') AS differences;
-- Not for everybody.
SELECT has_function_privilege('public', 'agentgov.rebuild_usage_rollups(uuid)', 'EXECUTE') AS public_may_rebuild;

-- Purged history is kept: after a purge, only the days whose events are all
-- still there are recomputed (from the day after the latest cutoff of any
-- purge); older buckets stay as they were.
INSERT INTO agentgov.usage_events (org_id, model, tokens_in, cost_usd, occurred_at) VALUES
    ('c6a90000-0000-4000-8000-000000000002', 'old-model', 10, 1, now() - interval '400 days'),
    ('c6a90000-0000-4000-8000-000000000002', 'old-model', 10, 2, now() - interval '400 days'),
    ('c6a90000-0000-4000-8000-000000000002', 'new-model', 10, 3, now());
SELECT agentgov.purge_usage_events(interval '1 day') >= 2 AS purged;
SELECT model, events, cost_usd FROM agentgov.usage_rollups
 WHERE org_id = 'c6a90000-0000-4000-8000-000000000002' ORDER BY model;
SET session_replication_role = replica;
UPDATE agentgov.usage_rollups SET events = 9 WHERE org_id = 'c6a90000-0000-4000-8000-000000000002' AND model = 'new-model';
RESET session_replication_role;
SELECT organizations, events, rollup_buckets, kept_buckets,
       rebuilt_from = (now() AT TIME ZONE 'UTC')::date AS from_day_after_cutoff
  FROM agentgov.rebuild_usage_rollups('c6a90000-0000-4000-8000-000000000002');
SELECT model, events, cost_usd FROM agentgov.usage_rollups
 WHERE org_id = 'c6a90000-0000-4000-8000-000000000002' ORDER BY model;
SELECT pg_temp.rollup_diff('c6a90000-0000-4000-8000-000000000002', (now() AT TIME ZONE 'UTC')::date) AS differences;
