#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# Property test of the usage rollups: 100,000 random usage events, loaded at
# the same time by 20,000 single-row INSERTs (pgbench, 4 clients), 30,000
# rows in multi-row INSERTs (pgbench, 4 clients, 50 rows a statement) and
# 50,000 rows by COPY (5 sessions), into a few hot buckets (2 orgs x 13 days
# x 4 projects x 4 agents x 3 models) covered by budgets and naming runs and
# tasks.  Afterwards:
#   - usage_rollups equals the GROUP BY over usage_events, and
#     usage_kind_rollups the GROUP BY over their agent kinds: zero differences;
#   - run and task totals equal the sums of their events;
#   - every budget period crossed has exactly one warning (critical) alert,
#     one notification per admin, and no period that was not crossed has one;
#   - every run pushed past its max_cost_limit is blocked, with exactly one
#     circuit_breaker event;
#   - no statement failed (a deadlock or a lost update would show here).
# ---------------------------------------------------------------------------
set -euo pipefail
db=$AGENTGOV_DB
tmp=$AGENTGOV_TMP
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

psql_q <<'SQL'
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier)
SELECT ('ab000000-0000-4000-8000-00000000000' || o)::uuid, 'Property ' || o, 'property-' || o, 'ENTERPRISE'
  FROM generate_series(1, 2) o;
INSERT INTO agentgov.users (id, email, auth_provider, auth_provider_id) VALUES
    ('bb000000-0000-4000-8000-000000000001', 'admin1@property.example', 'github', 'gh-p-1'),
    ('bb000000-0000-4000-8000-000000000002', 'admin2@property.example', 'github', 'gh-p-2');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('ab000000-0000-4000-8000-000000000001', 'bb000000-0000-4000-8000-000000000001', 'ADMIN'),
    ('ab000000-0000-4000-8000-000000000001', 'bb000000-0000-4000-8000-000000000002', 'ADMIN'),
    ('ab000000-0000-4000-8000-000000000002', 'bb000000-0000-4000-8000-000000000002', 'ADMIN');
INSERT INTO agentgov.projects (id, org_id, name, created_by)
SELECT ('db000000-0000-4000-8000-0000000000' || o || p)::uuid, ('ab000000-0000-4000-8000-00000000000' || o)::uuid,
       'Project ' || p, 'bb000000-0000-4000-8000-000000000001'
  FROM generate_series(1, 2) o, generate_series(1, 3) p;
INSERT INTO agentgov.agents (id, org_id, name, kind)
SELECT ('fb000000-0000-4000-8000-0000000000' || o || a)::uuid, ('ab000000-0000-4000-8000-00000000000' || o)::uuid,
       'Agent ' || a, (ARRAY['coder', 'tester', 'reviewer'])[a]::agentgov.agent_kind
  FROM generate_series(1, 2) o, generate_series(1, 3) a;
INSERT INTO agentgov.tasks (id, org_id, project_id, title)
SELECT ('1b000000-0000-4000-8000-000000000' || o || lpad(t::text, 2, '0'))::uuid,
       ('ab000000-0000-4000-8000-00000000000' || o)::uuid,
       ('db000000-0000-4000-8000-0000000000' || o || '1')::uuid, 'Task ' || t
  FROM generate_series(1, 2) o, generate_series(1, 40) t;
-- 200 runs per org, running, half with a cost limit many will pass.
INSERT INTO agentgov.agent_runs (id, org_id, agent_type, status, max_cost_limit)
SELECT ('3b000000-0000-4000-8000-00000000' || o || lpad(r::text, 3, '0'))::uuid,
       ('ab000000-0000-4000-8000-00000000000' || o)::uuid, 'coder', 'queued',
       CASE WHEN r % 2 = 0 THEN 20 + r % 50 END
  FROM generate_series(1, 2) o, generate_series(1, 200) r;
UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE org_id::text LIKE 'ab000000-%';
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved, created_by)
SELECT org_id, id, 'pre_agent_spawn', 'sarah_three_questions', true, 'property' FROM agentgov.agent_runs
 WHERE org_id::text LIKE 'ab000000-%';
UPDATE agentgov.agent_runs SET status = 'approved' WHERE org_id::text LIKE 'ab000000-%';
UPDATE agentgov.agent_runs SET status = 'running' WHERE org_id::text LIKE 'ab000000-%';
INSERT INTO agentgov.model_prices (provider, model, input_usd_per_mtok, output_usd_per_mtok, effective_from) VALUES
    ('pp', 'prop-a', 3, 15, '2026-01-01 00:00+00'),
    ('pp', 'prop-a', 2, 12, '2026-05-08 00:00+00'),
    ('pp', 'prop-b', 0.5, 1.5, '2026-01-01 00:00+00');
-- prop-c has no price: its events without a cost stay unpriced.
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, scope_id, scope_agent_type, amount_usd, period,
                                    alert_threshold, action_on_exceed)
SELECT ('ab000000-0000-4000-8000-00000000000' || o)::uuid, b.name, b.scope::agentgov.budget_scope,
       CASE b.scope WHEN 'project' THEN ('db000000-0000-4000-8000-0000000000' || o || '2')::uuid
                    WHEN 'agent' THEN ('fb000000-0000-4000-8000-0000000000' || o || '1')::uuid END,
       CASE WHEN b.scope = 'agent_type' THEN 'tester'::agentgov.agent_kind END,
       b.amount, b.period::agentgov.aggregation_period, b.threshold, 'warn'
  FROM generate_series(1, 2) o,
       (VALUES ('global daily', 'global', 600, 'daily', 0.80),
               ('global weekly', 'global', 40000, 'weekly', 0.90),
               ('project daily', 'project', 200, 'daily', 0.50),
               ('agent monthly', 'agent', 1000000, 'monthly', 0.80),
               ('testers daily', 'agent_type', 150, 'daily', 0.75)) AS b(name, scope, amount, period, threshold);
SQL

# One random event, as SQL expressions over pgbench variables.
cat >"$tmp/vars.sql" <<'EOF'
\set o random(1, 2)
\set p random(0, 3)
\set a random(0, 3)
\set m random(1, 3)
\set r random(0, 260)
\set t random(0, 60)
\set d random(0, 13 * 86400 - 1)
\set c random(0, 99)
\set tin random(0, 20000)
\set tout random(0, 4000)
EOF
row_sql="('ab000000-0000-4000-8000-00000000000' || :o)::uuid,
     timestamptz '2026-05-01 00:00+00' + :d * interval '1 second',
     CASE WHEN :p > 0 THEN ('db000000-0000-4000-8000-0000000000' || :o || :p)::uuid END,
     CASE WHEN :a > 0 THEN ('fb000000-0000-4000-8000-0000000000' || :o || :a)::uuid END,
     CASE WHEN :r BETWEEN 1 AND 200 THEN ('3b000000-0000-4000-8000-00000000' || :o || lpad(:r::text, 3, '0'))::uuid END,
     CASE WHEN :t BETWEEN 1 AND 40 THEN ('1b000000-0000-4000-8000-000000000' || :o || lpad(:t::text, 2, '0'))::uuid END,
     CASE WHEN :a = 0 AND :c % 4 = 0 THEN 'tester'::agentgov.agent_kind END,
     'pp', 'prop-' || chr(96 + :m), :tin, :tout,
     CASE WHEN :c < 60 THEN NULL ELSE :c / 100.0 END"
columns="org_id, occurred_at, project_id, agent_id, run_id, task_id, agent_kind, provider, model, tokens_in, tokens_out, cost_usd"
{ cat "$tmp/vars.sql"; echo "INSERT INTO agentgov.usage_events ($columns) VALUES ($row_sql);"; } >"$tmp/single.sql"
# A multi-row statement: 50 rows, each drawing its own values.
{
    echo "INSERT INTO agentgov.usage_events ($columns)"
    echo "SELECT ('ab000000-0000-4000-8000-00000000000' || o)::uuid,
       timestamptz '2026-05-01 00:00+00' + floor(random() * 13 * 86400) * interval '1 second',
       CASE WHEN p > 0 THEN ('db000000-0000-4000-8000-0000000000' || o || p)::uuid END,
       CASE WHEN a > 0 THEN ('fb000000-0000-4000-8000-0000000000' || o || a)::uuid END,
       CASE WHEN r BETWEEN 1 AND 200 THEN ('3b000000-0000-4000-8000-00000000' || o || lpad(r::text, 3, '0'))::uuid END,
       CASE WHEN t BETWEEN 1 AND 40 THEN ('1b000000-0000-4000-8000-000000000' || o || lpad(t::text, 2, '0'))::uuid END,
       CASE WHEN a = 0 AND c % 4 = 0 THEN 'tester'::agentgov.agent_kind END,
       'pp', 'prop-' || chr(96 + m), tin, tout,
       CASE WHEN c < 60 THEN NULL ELSE c / 100.0 END
  FROM (SELECT 1 + floor(random() * 2)::int AS o, floor(random() * 4)::int AS p, floor(random() * 4)::int AS a,
               1 + floor(random() * 3)::int AS m, floor(random() * 261)::int AS r, floor(random() * 61)::int AS t,
               floor(random() * 100)::int AS c, floor(random() * 20001)::int AS tin,
               floor(random() * 4001)::int AS tout
          FROM generate_series(1, 50)) x;"
} >"$tmp/multi.sql"

# COPY input: 5 files of 10,000 rows, drawn the same way.
copy_query=$(sed -n '2,$p' "$tmp/multi.sql" | sed 's/generate_series(1, 50)/generate_series(1, 10000)/; s/;$//' | tr '\n' ' ')
for f in 1 2 3 4 5; do
    psql_q -c "\\copy ($copy_query) TO '$tmp/copy$f.csv' CSV"
done

# Load all at once.
pids=()
pgbench -n -d "$db" -c 4 -j 2 -t 5000 -f "$tmp/single.sql" >"$tmp/single.log" 2>&1 & pids+=($!)
pgbench -n -d "$db" -c 4 -j 2 -t 150 -f "$tmp/multi.sql" >"$tmp/multi.log" 2>&1 & pids+=($!)
for f in 1 2 3 4 5; do
    psql_q -c "\\copy agentgov.usage_events ($columns) FROM '$tmp/copy$f.csv' CSV" >"$tmp/copy$f.log" 2>&1 & pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
cat "$tmp/single.log" "$tmp/multi.log" "$tmp"/copy*.log | grep -Ei "error|abort|failed|number of transactions actually" || true
[ $status -eq 0 ] || { echo "a loading session failed"; exit 1; }

# Every check prints a count of problems; all must be 0.
result=$(psql_q -At <<'SQL'
WITH events AS (
    SELECT org_id, usage_date, project_id, agent_id, model, count(*) AS events,
           sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out,
           coalesce(sum(cost_usd), 0) AS cost_usd, count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced
      FROM agentgov.usage_events GROUP BY 1, 2, 3, 4, 5
), rollups AS (
    SELECT org_id, bucket_date, project_id, agent_id, model, events, tokens_in, tokens_out, cost_usd, unpriced_events
      FROM agentgov.usage_rollups
)
SELECT 'events', count(*) - 100000 FROM agentgov.usage_events
UNION ALL
SELECT 'rollup differences', count(*) FROM (
    (SELECT * FROM events EXCEPT SELECT * FROM rollups)
    UNION ALL (SELECT * FROM rollups EXCEPT SELECT * FROM events)) d
UNION ALL
SELECT 'kind rollup differences', count(*) FROM (
    (SELECT org_id, usage_date, agent_kind, count(*), sum(tokens_in), sum(tokens_out),
            coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE cost_usd IS NULL)
       FROM agentgov.usage_events WHERE agent_kind IS NOT NULL GROUP BY 1, 2, 3
     EXCEPT SELECT org_id, bucket_date, agent_kind, events, tokens_in, tokens_out, cost_usd, unpriced_events
       FROM agentgov.usage_kind_rollups)
    UNION ALL
    (SELECT org_id, bucket_date, agent_kind, events, tokens_in, tokens_out, cost_usd, unpriced_events
       FROM agentgov.usage_kind_rollups
     EXCEPT SELECT org_id, usage_date, agent_kind, count(*), sum(tokens_in), sum(tokens_out),
            coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE cost_usd IS NULL)
       FROM agentgov.usage_events WHERE agent_kind IS NOT NULL GROUP BY 1, 2, 3)) d
UNION ALL
SELECT 'unpriced without reason', count(*) FROM agentgov.usage_events
 WHERE cost_usd IS NULL AND model <> 'prop-c'
UNION ALL
SELECT 'run totals', count(*) FROM agentgov.agent_runs r
  LEFT JOIN (SELECT org_id, run_id, sum(tokens_in) AS tin, sum(tokens_out) AS tout, coalesce(sum(cost_usd), 0) AS cost
               FROM agentgov.usage_events GROUP BY 1, 2) e ON e.org_id = r.org_id AND e.run_id = r.id
 WHERE r.org_id::text LIKE 'ab000000-%'
   AND (r.tokens_in, r.tokens_out, r.cost_usd) IS DISTINCT FROM (coalesce(e.tin, 0), coalesce(e.tout, 0), coalesce(e.cost, 0))
UNION ALL
SELECT 'task totals', count(*) FROM agentgov.tasks t
  LEFT JOIN (SELECT org_id, task_id, sum(tokens_in + tokens_out) AS tokens, coalesce(sum(cost_usd), 0) AS cost
               FROM agentgov.usage_events GROUP BY 1, 2) e ON e.org_id = t.org_id AND e.task_id = t.id
 WHERE t.org_id::text LIKE 'ab000000-%'
   AND (t.total_tokens_used, t.total_cost_usd) IS DISTINCT FROM (coalesce(e.tokens, 0), coalesce(e.cost, 0))
UNION ALL
SELECT 'circuit breaker', count(*) FROM agentgov.agent_runs r
 WHERE r.org_id::text LIKE 'ab000000-%'
   AND ((r.max_cost_limit IS NOT NULL AND r.cost_usd > r.max_cost_limit) <> (r.status = 'blocked')
        OR (SELECT count(*) FROM agentgov.governance_events g
             WHERE g.run_id = r.id AND g.event_type = 'circuit_breaker') <> (r.status = 'blocked')::int)
UNION ALL
-- Spend per budget and period from the raw events, against the alerts.
SELECT 'budget alerts', count(*) FROM (
    SELECT b.id, agentgov.period_start(b.period, e.usage_date) AS period_start,
           sum(coalesce(e.cost_usd, 0)) AS spent, b.amount_usd, b.alert_threshold
      FROM agentgov.budget_limits b
      JOIN agentgov.usage_events e ON e.org_id = b.org_id
       AND CASE b.scope_type WHEN 'global' THEN true WHEN 'project' THEN e.project_id = b.scope_id
                             WHEN 'agent' THEN e.agent_id = b.scope_id
                             ELSE e.agent_kind = b.scope_agent_type END
     WHERE b.org_id::text LIKE 'ab000000-%'
     GROUP BY 1, 2, 4, 5) s
  LEFT JOIN agentgov.budget_periods p ON p.budget_id = s.id AND p.period_start = s.period_start
  LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE n.severity = 'warning') AS warnings,
             count(*) FILTER (WHERE n.severity = 'critical') AS criticals
        FROM agentgov.notifications n
       WHERE n.metadata->>'related_entity_id' = s.id::text
         AND n.metadata->>'period_start' = s.period_start::text) n ON true
 WHERE (p.warned_at IS NOT NULL) <> (s.spent >= s.amount_usd * s.alert_threshold)
    OR (p.exceeded_at IS NOT NULL) <> (s.spent > s.amount_usd)
    OR n.warnings <> (p.warned_at IS NOT NULL)::int
                     * (SELECT count(*) FROM agentgov.organization_members m
                         WHERE m.org_id = p.org_id AND m.role = 'ADMIN')
    OR n.criticals <> (p.exceeded_at IS NOT NULL)::int
                     * (SELECT count(*) FROM agentgov.organization_members m
                         WHERE m.org_id = p.org_id AND m.role = 'ADMIN');
SQL
)
echo "$result"
psql_q -At -c "SELECT 'alerts sent: ' || count(*) FILTER (WHERE warned_at IS NOT NULL) || ' warnings, '
                      || count(*) FILTER (WHERE exceeded_at IS NOT NULL) || ' critical, in '
                      || count(*) || ' budget periods; blocked runs: '
                      || (SELECT count(*) FROM agentgov.agent_runs WHERE status = 'blocked')
                 FROM agentgov.budget_periods"
# The checks must have had something to check.
psql_q -At -c "SELECT count(*) FILTER (WHERE warned_at IS NOT NULL) > 0 AND count(*) FILTER (WHERE exceeded_at IS NULL) > 0
                 FROM agentgov.budget_periods" | grep -qx t || { echo "no budget period was, or all were, crossed"; exit 1; }
psql_q -At -c "SELECT count(*) > 0 FROM agentgov.agent_runs WHERE status = 'blocked'" | grep -qx t \
    || { echo "no run was blocked"; exit 1; }
if echo "$result" | awk -F'|' '$2 != 0 { bad = 1 } END { exit !bad }'; then
    echo "FAILED: rollups, totals or alerts differ from the events"
    exit 1
fi
echo "all checks: zero differences"
