-- usage_report: daily, weekly (ISO) and monthly buckets read from the
-- rollups; bucket edges at week, month and year boundaries and for events
-- near midnight in another time zone; argument checks; period functions.
SET client_min_messages = warning;

INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('ca000000-0000-4000-8000-000000000001', 'Report Org', 'report-org', 'ENTERPRISE');
INSERT INTO agentgov.users (id, email, auth_provider, auth_provider_id) VALUES
    ('cb000000-0000-4000-8000-000000000001', 'report@report.example', 'github', 'gh-r6-1');
INSERT INTO agentgov.projects (id, org_id, name, created_by) VALUES
    ('cd000000-0000-4000-8000-000000000001', 'ca000000-0000-4000-8000-000000000001', 'Alpha', 'cb000000-0000-4000-8000-000000000001'),
    ('cd000000-0000-4000-8000-000000000002', 'ca000000-0000-4000-8000-000000000001', 'Beta', 'cb000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.agents (id, org_id, name, kind) VALUES
    ('cf000000-0000-4000-8000-000000000001', 'ca000000-0000-4000-8000-000000000001', 'report-coder', 'coder');

-- ---- Periods ----------------------------------------------------------------
-- ISO weeks start on Monday, also across a year boundary (2026-01-01 is a
-- Thursday of the week starting 2025-12-29); months are calendar months.
SELECT d AS day, to_char(d, 'Dy') AS dow,
       agentgov.period_start('daily', d) AS day_start, agentgov.period_end('daily', d) AS day_end,
       agentgov.period_start('weekly', d) AS week_start, agentgov.period_end('weekly', d) AS week_end,
       agentgov.period_start('monthly', d) AS month_start, agentgov.period_end('monthly', d) AS month_end
  FROM unnest(ARRAY['2025-12-28', '2025-12-29', '2026-01-01', '2026-01-04', '2026-01-05',
                    '2024-02-29', '2026-02-28', '2026-12-31']::date[]) AS d;
-- They agree with date_trunc over a few years of days.
SELECT count(*) AS days,
       count(*) FILTER (WHERE agentgov.period_start('weekly', d) <> date_trunc('week', d)::date
                           OR agentgov.period_end('weekly', d) <> (date_trunc('week', d) + interval '1 week')::date
                           OR agentgov.period_start('monthly', d) <> date_trunc('month', d)::date
                           OR agentgov.period_end('monthly', d) <> (date_trunc('month', d) + interval '1 month')::date)
       AS disagreements
  FROM generate_series(date '2023-01-01', date '2027-12-31', interval '1 day') AS g(t), LATERAL (SELECT t::date) AS x(d);
SELECT agentgov.period_start('weekly', 'infinity');
SELECT agentgov.period_end('monthly', '5874897-12-31');
SELECT agentgov.period_start(NULL, '2026-01-01') IS NULL AS null_in_null_out;

-- ---- Bucket edges -------------------------------------------------------------
-- Each event costs its cost_usd; days are UTC days of occurred_at.
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, agent_id, model, tokens_in, tokens_out, cost_usd) VALUES
    -- 23:30 on Sunday 2026-03-01 in New York is Monday 04:30 UTC: week of 03-02, month of March.
    ('ca000000-0000-4000-8000-000000000001', '2026-03-01 23:30:00 America/New_York',
     'cd000000-0000-4000-8000-000000000001', 'cf000000-0000-4000-8000-000000000001', 'r-m1', 10, 1, 1.000000),
    -- 00:30 on 2026-04-01 in Paris is 22:30 UTC on 03-31: March.
    ('ca000000-0000-4000-8000-000000000001', '2026-04-01 00:30:00 Europe/Paris',
     'cd000000-0000-4000-8000-000000000001', NULL, 'r-m1', 20, 2, 2.000000),
    -- 23:30 on 2026-03-31 in Los Angeles is 06:30 UTC on 04-01: April.
    ('ca000000-0000-4000-8000-000000000001', '2026-03-31 23:30:00 America/Los_Angeles',
     'cd000000-0000-4000-8000-000000000002', NULL, 'r-m2', 40, 4, 4.000000),
    -- The last microsecond of 2025 (UTC) and the first of 2026.
    ('ca000000-0000-4000-8000-000000000001', '2025-12-31 23:59:59.999999+00',
     'cd000000-0000-4000-8000-000000000002', NULL, 'r-m1', 80, 8, 8.000000),
    ('ca000000-0000-4000-8000-000000000001', '2026-01-01 00:00:00+00',
     'cd000000-0000-4000-8000-000000000002', NULL, 'r-m1', 160, 16, 16.000000),
    -- An unpriced event (no price for r-m3).
    ('ca000000-0000-4000-8000-000000000001', '2026-01-01 12:00:00+00',
     NULL, NULL, 'r-m3', 320, 32, NULL);
SELECT occurred_at AT TIME ZONE 'UTC' AS occurred_utc, usage_date, model FROM agentgov.usage_events
 WHERE org_id = 'ca000000-0000-4000-8000-000000000001' ORDER BY occurred_at;

SELECT * FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000001', 'daily', '2025-12-01', '2026-04-30');
SELECT * FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000001', 'weekly', '2025-12-01', '2026-04-30');
SELECT * FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000001', 'monthly', '2025-12-01', '2026-04-30');
-- Grouped: dimensions not listed are NULL; listed ones may be NULL too.
SELECT bucket_start, p.name AS project, model, events, cost_usd, unpriced_events
  FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000001', 'monthly', '2025-12-01', '2026-04-30',
                             '{model,project}') r
  LEFT JOIN agentgov.projects p ON p.id = r.project_id
 ORDER BY bucket_start, project, model;
SELECT bucket_start, agent_id IS NOT NULL AS has_agent, events
  FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000001', 'weekly', '2026-03-01', '2026-03-31', '{agent}');
-- The range is of UTC days, inclusive: a bucket is reported with the part
-- of it inside the range (this weekly bucket starts before from_date).
SELECT * FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000001', 'weekly', '2026-01-01', '2026-01-01');
SELECT * FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000001', 'monthly', '2026-04-02', '2026-04-30');
-- Another org, or no usage: no rows.
SELECT count(*) FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000002', 'daily', '2025-01-01', '2026-12-31');

-- ---- Arguments ------------------------------------------------------------------
SELECT * FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000001', 'daily', '2026-02-01', '2026-01-01');
SELECT * FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000001', 'daily', '2026-01-01', '2026-02-01', '{org}');
SELECT * FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000001', 'daily', '2026-01-01', '2026-02-01', '{model,model}');
SELECT * FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000001', 'daily', '2026-01-01', '2026-02-01', ARRAY[NULL]::text[]);
SELECT * FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000001', 'daily', '2026-01-01', '2026-02-01', '{{model}}');
SELECT * FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000001', 'hourly', '2026-01-01', '2026-02-01');
SELECT count(*) FROM agentgov.usage_report(NULL, 'daily', '2026-01-01', '2026-02-01');
SELECT count(*) FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000001', 'daily', '-infinity', 'infinity');

-- The report reads the rollups only: it equals the same GROUP BY over the
-- raw events (usage.sql shows it unchanged by a purge).
SELECT bucket_start, model, events, tokens_in, tokens_out, cost_usd, unpriced_events
  FROM agentgov.usage_report('ca000000-0000-4000-8000-000000000001', 'monthly', '2025-01-01', '2026-12-31', '{model}')
EXCEPT
SELECT date_trunc('month', usage_date)::date, model, count(*), sum(tokens_in), sum(tokens_out),
       coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE cost_usd IS NULL)
  FROM agentgov.usage_events WHERE org_id = 'ca000000-0000-4000-8000-000000000001'
 GROUP BY 1, 2;

DELETE FROM agentgov.organizations WHERE id = 'ca000000-0000-4000-8000-000000000001';
DELETE FROM agentgov.users WHERE id = 'cb000000-0000-4000-8000-000000000001';
