-- The usage ledger: pricing, rollups, run and task totals, the circuit
-- breaker, append-only protection, foreign key actions and purge.
SET client_min_messages = warning;

-- Runs start the way clients start them: queued, approved, running.
CREATE FUNCTION pg_temp.start_run(run uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE id = run;
    INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved, created_by)
    SELECT org_id, id, 'pre_agent_spawn', 'sarah_three_questions', true, 'regress'
      FROM agentgov.agent_runs WHERE id = run;
    UPDATE agentgov.agent_runs SET status = 'approved' WHERE id = run;
    UPDATE agentgov.agent_runs SET status = 'running' WHERE id = run;
END
$$;

INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('c5000000-0000-4000-8000-000000000001', 'Usage Org', 'usage-org', 'ENTERPRISE'),
    ('c5000000-0000-4000-8000-000000000002', 'Usage Other', 'usage-other', 'ENTERPRISE');
INSERT INTO agentgov.users (id, email, auth_provider, auth_provider_id) VALUES
    ('b5000000-0000-4000-8000-000000000001', 'usage-admin@usage.example', 'github', 'gh-u5-1');
INSERT INTO agentgov.projects (id, org_id, name, created_by) VALUES
    ('d5000000-0000-4000-8000-000000000001', 'c5000000-0000-4000-8000-000000000001', 'Ledger', 'b5000000-0000-4000-8000-000000000001'),
    ('d5000000-0000-4000-8000-000000000002', 'c5000000-0000-4000-8000-000000000001', 'Scratch', 'b5000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.agents (id, org_id, name, kind, cost_per_execution_usd) VALUES
    ('f5000000-0000-4000-8000-000000000001', 'c5000000-0000-4000-8000-000000000001', 'usage-coder', 'coder', 0.5),
    ('f5000000-0000-4000-8000-000000000002', 'c5000000-0000-4000-8000-000000000001', 'usage-tester', 'tester', NULL);
INSERT INTO agentgov.tasks (id, org_id, project_id, title) VALUES
    ('17500000-0000-4000-8000-000000000001', 'c5000000-0000-4000-8000-000000000001',
     'd5000000-0000-4000-8000-000000000001', 'Ledger task');

-- Prices: model u-alpha changes price on 2026-06-01; u-beta is priced by
-- two providers; u-gamma had a price for March only.
INSERT INTO agentgov.model_prices (id, provider, model, input_usd_per_mtok, output_usd_per_mtok, effective_from, effective_to) VALUES
    ('e5000000-0000-4000-8000-000000000001', 'uprov', 'u-alpha', 3, 15, '2026-01-01 00:00+00', NULL),
    ('e5000000-0000-4000-8000-000000000002', 'uprov', 'u-alpha', 2.5, 10, '2026-06-01 00:00+00', NULL),
    ('e5000000-0000-4000-8000-000000000003', 'uprov', 'u-beta', 1, 2, '2026-01-01 00:00+00', NULL),
    ('e5000000-0000-4000-8000-000000000004', 'other', 'u-beta', 1.5, 3, '2026-01-01 00:00+00', NULL),
    ('e5000000-0000-4000-8000-000000000005', 'uprov', 'u-gamma', 0.333333, 0.777777, '2026-03-01 00:00+00', '2026-04-01 00:00+00');

-- ---- Pricing ------------------------------------------------------------------
-- Rows without cost_usd are priced at occurred_at and record their price;
-- a given cost is kept; a model or moment no price covers stays unpriced
-- (cost NULL); without a provider, a model two providers price is
-- ambiguous and stays unpriced too.  agent_kind comes from the agent.
INSERT INTO agentgov.usage_events (id, org_id, occurred_at, project_id, agent_id, provider, model,
                                   tokens_in, tokens_out, cost_usd) VALUES
    ('95000000-0000-4000-8000-000000000001', 'c5000000-0000-4000-8000-000000000001', '2026-05-31 23:59:59.999999+00',
     'd5000000-0000-4000-8000-000000000001', 'f5000000-0000-4000-8000-000000000001', 'uprov', 'u-alpha', 1000, 500, NULL),
    ('95000000-0000-4000-8000-000000000002', 'c5000000-0000-4000-8000-000000000001', '2026-06-01 00:00+00',
     'd5000000-0000-4000-8000-000000000001', 'f5000000-0000-4000-8000-000000000001', 'uprov', 'u-alpha', 1000, 500, NULL),
    ('95000000-0000-4000-8000-000000000003', 'c5000000-0000-4000-8000-000000000001', '2026-06-01 00:00+00',
     'd5000000-0000-4000-8000-000000000001', 'f5000000-0000-4000-8000-000000000001', NULL, 'u-alpha', 1000, 500, NULL),
    ('95000000-0000-4000-8000-000000000004', 'c5000000-0000-4000-8000-000000000001', '2026-06-01 00:00+00',
     'd5000000-0000-4000-8000-000000000001', 'f5000000-0000-4000-8000-000000000001', 'uprov', 'u-alpha', 1000, 500, 0.5),
    ('95000000-0000-4000-8000-000000000005', 'c5000000-0000-4000-8000-000000000001', '2026-06-01 00:00+00',
     'd5000000-0000-4000-8000-000000000001', NULL, 'uprov', 'u-unknown', 1000, 500, NULL),
    ('95000000-0000-4000-8000-000000000006', 'c5000000-0000-4000-8000-000000000001', '2026-06-01 00:00+00',
     'd5000000-0000-4000-8000-000000000001', NULL, NULL, 'u-beta', 1000, 500, NULL),
    ('95000000-0000-4000-8000-000000000007', 'c5000000-0000-4000-8000-000000000001', '2026-06-01 00:00+00',
     'd5000000-0000-4000-8000-000000000001', NULL, 'other', 'u-beta', 1000, 500, NULL),
    ('95000000-0000-4000-8000-000000000008', 'c5000000-0000-4000-8000-000000000001', '2026-03-31 23:59:59+00',
     'd5000000-0000-4000-8000-000000000002', 'f5000000-0000-4000-8000-000000000002', 'uprov', 'u-gamma', 3, 3, NULL),
    ('95000000-0000-4000-8000-000000000009', 'c5000000-0000-4000-8000-000000000001', '2026-04-01 00:00+00',
     'd5000000-0000-4000-8000-000000000002', 'f5000000-0000-4000-8000-000000000002', 'uprov', 'u-gamma', 3, 3, NULL),
    ('95000000-0000-4000-8000-00000000000a', 'c5000000-0000-4000-8000-000000000001', '2026-06-01 00:00+00',
     NULL, NULL, 'uprov', 'u-alpha', 0, 0, NULL);
SELECT right(id::text, 2) AS ev, occurred_at, provider, model, agent_kind, cost_usd,
       right(price_id::text, 2) AS price
  FROM agentgov.usage_events WHERE org_id = 'c5000000-0000-4000-8000-000000000001'
 ORDER BY id;

-- A price change applies to events recorded after it, at their occurred_at;
-- events already priced keep their cost (the ledger is append-only).
INSERT INTO agentgov.model_prices (provider, model, input_usd_per_mtok, output_usd_per_mtok, effective_from)
VALUES ('uprov', 'u-alpha', 5, 25, '2026-07-01 00:00+00');
INSERT INTO agentgov.usage_events (id, org_id, occurred_at, provider, model, tokens_in, tokens_out) VALUES
    ('95000000-0000-4000-8000-000000000011', 'c5000000-0000-4000-8000-000000000001', '2026-06-30 12:00+00', 'uprov', 'u-alpha', 1000000, 0),
    ('95000000-0000-4000-8000-000000000012', 'c5000000-0000-4000-8000-000000000001', '2026-07-01 12:00+00', 'uprov', 'u-alpha', 1000000, 0);
SELECT right(id::text, 2) AS ev, occurred_at, cost_usd FROM agentgov.usage_events
 WHERE id IN ('95000000-0000-4000-8000-000000000002', '95000000-0000-4000-8000-000000000011',
              '95000000-0000-4000-8000-000000000012')
 ORDER BY id;
-- The same change inside the transaction that then records usage.
BEGIN;
UPDATE agentgov.model_prices SET effective_to = '2026-08-01 00:00+00'
 WHERE model = 'u-alpha' AND effective_from = '2026-07-01 00:00+00';
INSERT INTO agentgov.usage_events (id, org_id, occurred_at, provider, model, tokens_in, tokens_out) VALUES
    ('95000000-0000-4000-8000-000000000013', 'c5000000-0000-4000-8000-000000000001', '2026-08-01 00:00+00', 'uprov', 'u-alpha', 1000000, 0);
SELECT cost_usd, right(price_id::text, 2) AS price FROM agentgov.usage_events
 WHERE id = '95000000-0000-4000-8000-000000000013';
COMMIT;

-- A cost that numeric(12,6) cannot hold is an error, not a wrong value.
INSERT INTO agentgov.model_prices (provider, model, input_usd_per_mtok, output_usd_per_mtok, effective_from)
VALUES ('uprov', 'u-dear', 999999, 999999, '2026-01-01 00:00+00');
INSERT INTO agentgov.usage_events (org_id, occurred_at, provider, model, tokens_in, tokens_out)
VALUES ('c5000000-0000-4000-8000-000000000001', '2026-06-01 00:00+00', 'uprov', 'u-dear', 2000000, 0);
-- Rounding is half up to the micro-dollar: 1 token at 0.5 USD/Mtok = 0.0000005.
INSERT INTO agentgov.model_prices (provider, model, input_usd_per_mtok, output_usd_per_mtok, effective_from)
VALUES ('uprov', 'u-half', 0.5, 0.4, '2026-01-01 00:00+00');
INSERT INTO agentgov.usage_events (id, org_id, occurred_at, provider, model, tokens_in, tokens_out) VALUES
    ('95000000-0000-4000-8000-000000000014', 'c5000000-0000-4000-8000-000000000001', '2026-06-01 00:00+00', 'uprov', 'u-half', 1, 0),
    ('95000000-0000-4000-8000-000000000015', 'c5000000-0000-4000-8000-000000000001', '2026-06-01 00:00+00', 'uprov', 'u-half', 0, 1),
    ('95000000-0000-4000-8000-000000000016', 'c5000000-0000-4000-8000-000000000001', '2026-06-01 00:00+00', 'uprov', 'u-half', 3, 3);
SELECT right(id::text, 2) AS ev, cost_usd FROM agentgov.usage_events
 WHERE model = 'u-half' ORDER BY id;

-- ---- Rollups ------------------------------------------------------------------
-- usage_rollups equals the GROUP BY over the events (unpriced events count
-- as no cost and are counted), and usage_kind_rollups the GROUP BY over
-- agent_kind; differences are listed by these views.
CREATE TEMP VIEW rollup_differences AS
WITH events AS (
    SELECT org_id, usage_date, project_id, agent_id, model, count(*) AS events,
           sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out,
           coalesce(sum(cost_usd), 0) AS cost_usd, count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced
      FROM agentgov.usage_events GROUP BY 1, 2, 3, 4, 5
), rollups AS (
    SELECT org_id, bucket_date, project_id, agent_id, model, events, tokens_in, tokens_out,
           cost_usd, unpriced_events
      FROM agentgov.usage_rollups
)
(SELECT 'missing' AS what, * FROM events EXCEPT SELECT 'missing', * FROM rollups)
UNION ALL
(SELECT 'extra', * FROM rollups EXCEPT SELECT 'extra', * FROM events);
CREATE TEMP VIEW kind_rollup_differences AS
WITH events AS (
    SELECT org_id, usage_date, agent_kind, count(*) AS events, sum(tokens_in) AS tokens_in,
           sum(tokens_out) AS tokens_out, coalesce(sum(cost_usd), 0) AS cost_usd,
           count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced
      FROM agentgov.usage_events WHERE agent_kind IS NOT NULL GROUP BY 1, 2, 3
), rollups AS (
    SELECT org_id, bucket_date, agent_kind, events, tokens_in, tokens_out, cost_usd, unpriced_events
      FROM agentgov.usage_kind_rollups
)
(SELECT 'missing' AS what, * FROM events EXCEPT SELECT 'missing', * FROM rollups)
UNION ALL
(SELECT 'extra', * FROM rollups EXCEPT SELECT 'extra', * FROM events);

SELECT bucket_date, p.name AS project, a.name AS agent, r.model, events, tokens_in, tokens_out,
       cost_usd, unpriced_events
  FROM agentgov.usage_rollups r
  LEFT JOIN agentgov.projects p ON p.org_id = r.org_id AND p.id = r.project_id
  LEFT JOIN agentgov.agents a ON a.id = r.agent_id
 WHERE r.org_id = 'c5000000-0000-4000-8000-000000000001'
 ORDER BY bucket_date, project, agent, model;
SELECT * FROM rollup_differences;
SELECT * FROM kind_rollup_differences;

-- COPY, a multi-row insert into many buckets, and an INSERT ... ON CONFLICT
-- DO NOTHING (only inserted rows count).
COPY agentgov.usage_events (id, org_id, occurred_at, project_id, agent_id, provider, model, tokens_in, tokens_out, cost_usd) FROM stdin;
95000000-0000-4000-8000-000000000021	c5000000-0000-4000-8000-000000000001	2026-06-02 08:00:00+00	d5000000-0000-4000-8000-000000000001	f5000000-0000-4000-8000-000000000001	uprov	u-alpha	100	10	\N
95000000-0000-4000-8000-000000000022	c5000000-0000-4000-8000-000000000001	2026-06-02 09:00:00+00	d5000000-0000-4000-8000-000000000001	f5000000-0000-4000-8000-000000000001	uprov	u-alpha	200	20	\N
95000000-0000-4000-8000-000000000023	c5000000-0000-4000-8000-000000000001	2026-06-02 23:59:59+00	d5000000-0000-4000-8000-000000000002	\N	uprov	u-beta	300	30	0.25
95000000-0000-4000-8000-000000000024	c5000000-0000-4000-8000-000000000001	2026-06-03 00:00:00+00	d5000000-0000-4000-8000-000000000002	\N	\N	u-beta	400	40	\N
\.
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, agent_id, provider, model, tokens_in, tokens_out)
SELECT 'c5000000-0000-4000-8000-000000000001', timestamptz '2026-06-10 00:00+00' + g * interval '1 hour',
       CASE WHEN g % 3 = 0 THEN NULL ELSE 'd5000000-0000-4000-8000-000000000001'::uuid END,
       CASE WHEN g % 2 = 0 THEN 'f5000000-0000-4000-8000-000000000002'::uuid END,
       'uprov', CASE WHEN g % 5 = 0 THEN 'u-beta' ELSE 'u-alpha' END, g * 10, g
  FROM generate_series(1, 200) g;
INSERT INTO agentgov.usage_events (id, org_id, occurred_at, model, tokens_in, tokens_out) VALUES
    ('95000000-0000-4000-8000-000000000021', 'c5000000-0000-4000-8000-000000000001', '2026-06-02 08:00:00+00', 'u-alpha', 5, 5),
    ('95000000-0000-4000-8000-000000000025', 'c5000000-0000-4000-8000-000000000001', '2026-06-02 08:00:00+00', 'u-alpha', 5, 5)
ON CONFLICT DO NOTHING;
SELECT (SELECT count(*) FROM agentgov.usage_events
         WHERE org_id = 'c5000000-0000-4000-8000-000000000001') AS events,
       (SELECT sum(events) FROM agentgov.usage_rollups
         WHERE org_id = 'c5000000-0000-4000-8000-000000000001') AS rolled_up;
SELECT * FROM rollup_differences;
SELECT * FROM kind_rollup_differences;
-- A statement that inserts nothing touches nothing.
INSERT INTO agentgov.usage_events (org_id, model) SELECT org_id, model FROM agentgov.usage_events WHERE false;

-- ---- Run and task totals, circuit breaker ----------------------------------------
INSERT INTO agentgov.agent_runs (id, org_id, project_id, agent_id, status, estimated_cost, max_cost_limit) VALUES
    ('31500000-0000-4000-8000-000000000001', 'c5000000-0000-4000-8000-000000000001',
     'd5000000-0000-4000-8000-000000000001', 'f5000000-0000-4000-8000-000000000001', 'queued', 0.05, 0.1000),
    ('31500000-0000-4000-8000-000000000002', 'c5000000-0000-4000-8000-000000000001',
     'd5000000-0000-4000-8000-000000000001', 'f5000000-0000-4000-8000-000000000001', 'queued', 0.05, 0.1000),
    ('31500000-0000-4000-8000-000000000003', 'c5000000-0000-4000-8000-000000000001',
     'd5000000-0000-4000-8000-000000000001', 'f5000000-0000-4000-8000-000000000001', 'queued', 0.05, NULL);
SELECT pg_temp.start_run(id) FROM agentgov.agent_runs
 WHERE org_id = 'c5000000-0000-4000-8000-000000000001' ORDER BY id;
UPDATE agentgov.agent_runs SET status = 'completed' WHERE id = '31500000-0000-4000-8000-000000000002';
-- 0.0600 each for 10000 input + 2000 output tokens at 3/15 USD per Mtok.
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, agent_id, run_id, task_id, provider, model, tokens_in, tokens_out)
SELECT 'c5000000-0000-4000-8000-000000000001', '2026-05-20 10:00+00', 'd5000000-0000-4000-8000-000000000001',
       'f5000000-0000-4000-8000-000000000001', r.id, '17500000-0000-4000-8000-000000000001', 'uprov', 'u-alpha', 10000, 2000
  FROM (VALUES ('31500000-0000-4000-8000-000000000001'::uuid), ('31500000-0000-4000-8000-000000000002'),
               ('31500000-0000-4000-8000-000000000003')) r(id);
SELECT right(id::text, 1) AS run, status, tokens_in, tokens_out, tokens_total, cost_usd FROM agentgov.agent_runs
 WHERE org_id = 'c5000000-0000-4000-8000-000000000001' ORDER BY id;
SELECT count(*) AS breaker_events FROM agentgov.governance_events
 WHERE org_id = 'c5000000-0000-4000-8000-000000000001' AND event_type = 'circuit_breaker';
-- The next 0.06 pushes run 1 past its 0.10 limit: it is blocked, the event
-- recorded, and the usage kept.  Run 2 is completed (final) and run 3 has
-- no limit: neither changes status.
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, agent_id, run_id, task_id, provider, model, tokens_in, tokens_out)
SELECT 'c5000000-0000-4000-8000-000000000001', '2026-05-20 10:05+00', 'd5000000-0000-4000-8000-000000000001',
       'f5000000-0000-4000-8000-000000000001', r.id, '17500000-0000-4000-8000-000000000001', 'uprov', 'u-alpha', 10000, 2000
  FROM (VALUES ('31500000-0000-4000-8000-000000000001'::uuid), ('31500000-0000-4000-8000-000000000002'),
               ('31500000-0000-4000-8000-000000000003')) r(id);
SELECT right(id::text, 1) AS run, status, tokens_total, cost_usd, max_cost_limit FROM agentgov.agent_runs
 WHERE org_id = 'c5000000-0000-4000-8000-000000000001' ORDER BY id;
SELECT right(run_id::text, 1) AS run, event_type, framework, approved, decision_reason, decision_details,
       created_by
  FROM agentgov.governance_events
 WHERE org_id = 'c5000000-0000-4000-8000-000000000001' AND event_type = 'circuit_breaker';
-- A blocked run is final: more usage is kept, no second breaker event.
INSERT INTO agentgov.usage_events (org_id, occurred_at, run_id, task_id, provider, model, tokens_in, tokens_out)
VALUES ('c5000000-0000-4000-8000-000000000001', '2026-05-20 10:06+00', '31500000-0000-4000-8000-000000000001',
        '17500000-0000-4000-8000-000000000001', 'uprov', 'u-alpha', 10000, 2000);
SELECT status, cost_usd, (SELECT count(*) FROM agentgov.governance_events
                           WHERE run_id = '31500000-0000-4000-8000-000000000001'
                             AND event_type = 'circuit_breaker') AS breaker_events
  FROM agentgov.agent_runs WHERE id = '31500000-0000-4000-8000-000000000001';
SELECT total_tokens_used, total_cost_usd FROM agentgov.tasks WHERE id = '17500000-0000-4000-8000-000000000001';
SELECT total_tokens_used = (SELECT sum(tokens_in + tokens_out) FROM agentgov.usage_events
                             WHERE task_id = '17500000-0000-4000-8000-000000000001') AS task_tokens_match
  FROM agentgov.tasks WHERE id = '17500000-0000-4000-8000-000000000001';

-- ---- Append-only ----------------------------------------------------------------
UPDATE agentgov.usage_events SET tokens_in = tokens_in + 1 WHERE id = '95000000-0000-4000-8000-000000000001';
UPDATE agentgov.usage_events SET project_id = NULL WHERE id = '95000000-0000-4000-8000-000000000001';
UPDATE agentgov.usage_events SET cost_usd = 0 WHERE false;
DELETE FROM agentgov.usage_events WHERE id = '95000000-0000-4000-8000-000000000001';
TRUNCATE agentgov.usage_events;
INSERT INTO agentgov.usage_events (id, org_id, model) VALUES
    ('95000000-0000-4000-8000-000000000001', 'c5000000-0000-4000-8000-000000000001', 'u-alpha')
ON CONFLICT (org_id, id) DO UPDATE SET tokens_in = 0;
-- Tokens must not be negative (the CHECK reports it, pricing leaves it alone).
INSERT INTO agentgov.usage_events (id, org_id, occurred_at, provider, model, tokens_in)
VALUES ('95000000-0000-4000-8000-0000000000ff', 'c5000000-0000-4000-8000-000000000001', '2026-06-01', 'uprov', 'u-alpha', -1);

-- The trigger functions refuse to run as anything else.
SELECT agentgov.rollup_usage_events();
CREATE TABLE usage_bad_trigger (id int);
CREATE TRIGGER bad AFTER INSERT ON usage_bad_trigger FOR EACH ROW EXECUTE FUNCTION agentgov.rollup_usage_events();
INSERT INTO usage_bad_trigger VALUES (1);
DROP TRIGGER bad ON usage_bad_trigger;
CREATE TRIGGER bad AFTER INSERT ON usage_bad_trigger FOR EACH STATEMENT EXECUTE FUNCTION agentgov.rollup_usage_events();
INSERT INTO usage_bad_trigger VALUES (1);
DROP TRIGGER bad ON usage_bad_trigger;
CREATE TRIGGER bad AFTER INSERT ON usage_bad_trigger FOR EACH ROW EXECUTE FUNCTION agentgov.price_usage_event();
INSERT INTO usage_bad_trigger VALUES (1);
DROP TABLE usage_bad_trigger;

-- ---- Foreign key actions ----------------------------------------------------------
-- Deleting a run or task clears the reference (the ledger keeps the row).
DELETE FROM agentgov.agent_runs WHERE id = '31500000-0000-4000-8000-000000000003';
SELECT count(*) AS events_of_deleted_run FROM agentgov.usage_events
 WHERE org_id = 'c5000000-0000-4000-8000-000000000001' AND run_id IS NULL AND occurred_at = '2026-05-20 10:00+00';
-- Deleting an agent or a project moves its events to the NULL bucket, so
-- the rollups still equal the GROUP BY.
DELETE FROM agentgov.agents WHERE id = 'f5000000-0000-4000-8000-000000000002';
DELETE FROM agentgov.projects WHERE id = 'd5000000-0000-4000-8000-000000000002';
SELECT * FROM rollup_differences;
SELECT * FROM kind_rollup_differences;
SELECT count(*) AS buckets_of_deleted FROM agentgov.usage_rollups
 WHERE agent_id = 'f5000000-0000-4000-8000-000000000002' OR project_id = 'd5000000-0000-4000-8000-000000000002';

-- ---- Purge ----------------------------------------------------------------------------
-- Only through purge_usage_events(), which needs EXECUTE (revoked from PUBLIC).
CREATE ROLE regress_usage_app;
GRANT USAGE ON SCHEMA agentgov TO regress_usage_app;
SET ROLE regress_usage_app;
SELECT agentgov.purge_usage_events('1 day');
RESET ROLE;
REVOKE USAGE ON SCHEMA agentgov FROM regress_usage_app;
DROP ROLE regress_usage_app;
SELECT agentgov.purge_usage_events('-1 day');
SELECT agentgov.purge_usage_events(NULL);
CREATE TEMP TABLE usage_before AS
SELECT * FROM agentgov.usage_report('c5000000-0000-4000-8000-000000000001', 'monthly', '2026-01-01', '2026-12-31',
                                    '{project,agent,model}');
-- Purge is global: other files' old events go too, so compare with the total.
SELECT count(*) AS old_events,
       count(*) FILTER (WHERE org_id = 'c5000000-0000-4000-8000-000000000001') AS own_old_events
  FROM agentgov.usage_events WHERE occurred_at < '2026-06-01 00:00+00' \gset
SELECT :own_old_events AS own_old_events;
SET TIME ZONE 'UTC';
SELECT agentgov.purge_usage_events(now() - timestamptz '2026-06-01 00:00+00') = :old_events AS purged_every_old_event;
RESET TIME ZONE;
SELECT count(*) AS left_before_june FROM agentgov.usage_events WHERE occurred_at < '2026-06-01 00:00+00';
SELECT count(*) AS left_from_june FROM agentgov.usage_events
 WHERE org_id = 'c5000000-0000-4000-8000-000000000001' AND occurred_at >= '2026-06-01 00:00+00';
(SELECT * FROM agentgov.usage_report('c5000000-0000-4000-8000-000000000001', 'monthly', '2026-01-01', '2026-12-31',
                                     '{project,agent,model}')
 EXCEPT SELECT * FROM usage_before)
UNION ALL
(SELECT * FROM usage_before
 EXCEPT SELECT * FROM agentgov.usage_report('c5000000-0000-4000-8000-000000000001', 'monthly', '2026-01-01', '2026-12-31',
                                            '{project,agent,model}'));
SELECT action, table_name, new_values ? 'cutoff' AS has_cutoff, (new_values->>'deleted')::bigint = :old_events AS deleted_all
  FROM agentgov.audit_log WHERE action = 'PURGE' ORDER BY id;
SELECT status, cost_usd FROM agentgov.agent_runs WHERE id = '31500000-0000-4000-8000-000000000001';

-- ---- The orchestrator's usage summary by project ------------------------------------
SELECT name, events, total_tokens, total_cost, unpriced_events FROM agentgov.usage_by_project
 WHERE org_id = 'c5000000-0000-4000-8000-000000000001' ORDER BY total_cost DESC;

-- ---- Deleting an organization takes its events and rollups ---------------------------
INSERT INTO agentgov.usage_events (org_id, occurred_at, model) VALUES
    ('c5000000-0000-4000-8000-000000000002', '2026-06-01', 'u-alpha');
DELETE FROM agentgov.organizations WHERE id = 'c5000000-0000-4000-8000-000000000002';
SELECT (SELECT count(*) FROM agentgov.usage_events WHERE org_id = 'c5000000-0000-4000-8000-000000000002') AS events,
       (SELECT count(*) FROM agentgov.usage_rollups WHERE org_id = 'c5000000-0000-4000-8000-000000000002') AS rollups;
DELETE FROM agentgov.organizations WHERE id = 'c5000000-0000-4000-8000-000000000001';
SELECT (SELECT count(*) FROM agentgov.usage_events WHERE org_id = 'c5000000-0000-4000-8000-000000000001') AS events,
       (SELECT count(*) FROM agentgov.usage_rollups WHERE org_id = 'c5000000-0000-4000-8000-000000000001') AS rollups;
DELETE FROM agentgov.model_prices WHERE model LIKE 'u-%';
DELETE FROM agentgov.users WHERE id = 'b5000000-0000-4000-8000-000000000001';
