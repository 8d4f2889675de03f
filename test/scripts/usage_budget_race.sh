#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# Runs racing to start against one nearly exhausted block budget.
#
# The budget allows 10.00 USD a day; 9.00 are spent today; 40 approved runs
# are estimated at 0.10 each, so exactly 10 of them fit.  8 pgbench clients
# (4 in READ COMMITTED, 4 in REPEATABLE READ) try to start them over and
# over, each transaction doing what the running transition does: check the
# block budgets with lock => true and, if allowed, set the run running
# (whose trigger checks again, under the same lock).  Afterwards spend + the estimates of the running
# runs never exceeds the amount, and the budget was filled: exactly 10 runs
# run.  Errors of any client fail the test.
# ---------------------------------------------------------------------------
set -euo pipefail
db=$AGENTGOV_DB
tmp=$AGENTGOV_TMP
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

psql_q <<'SQL'
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('ac000000-0000-4000-8000-000000000001', 'Budget Race', 'budget-race', 'ENTERPRISE');
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period, action_on_exceed) VALUES
    ('ac000000-0000-4000-8000-000000000001', 'Race daily', 'global', 10.00, 'daily', 'block'),
    ('ac000000-0000-4000-8000-000000000001', 'Race warn', 'global', 1.00, 'daily', 'warn');
INSERT INTO agentgov.usage_events (org_id, model, cost_usd)
VALUES ('ac000000-0000-4000-8000-000000000001', 'race-model', 9.00);
INSERT INTO agentgov.agent_runs (id, org_id, agent_type, status, estimated_cost)
SELECT ('3c000000-0000-4000-8000-0000000000' || lpad(r::text, 2, '0'))::uuid,
       'ac000000-0000-4000-8000-000000000001', 'coder', 'queued', 0.10
  FROM generate_series(1, 40) r;
UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE org_id = 'ac000000-0000-4000-8000-000000000001';
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved, created_by)
SELECT org_id, id, 'pre_agent_spawn', 'sarah_three_questions', true, 'race'
  FROM agentgov.agent_runs WHERE org_id = 'ac000000-0000-4000-8000-000000000001';
UPDATE agentgov.agent_runs SET status = 'approved' WHERE org_id = 'ac000000-0000-4000-8000-000000000001';
SQL

# Each client owns 5 runs (so two clients never update the same run); the
# RC clients the first 20, the RR clients the last 20.
race_script() {  # race_script BEGIN-STATEMENT FIRST-RUN-OFFSET
    cat <<EOF
\\set r random(1, 5)
\\set n :client_id * 5 + :r + $2
$1;
SELECT allowed FROM agentgov.budget_check(('3c000000-0000-4000-8000-0000000000' || lpad(:n::text, 2, '0'))::uuid,
                                          lock => true) \\gset
\\if :allowed
UPDATE agentgov.agent_runs SET status = 'running'
 WHERE id = ('3c000000-0000-4000-8000-0000000000' || lpad(:n::text, 2, '0'))::uuid AND status = 'approved';
\\endif
COMMIT;
EOF
}
race_script "BEGIN" 0 >"$tmp/race_rc.sql"
race_script "BEGIN ISOLATION LEVEL REPEATABLE READ" 20 >"$tmp/race_rr.sql"

pgbench -n -d "$db" -c 4 -j 2 -t 60 -f "$tmp/race_rc.sql" >"$tmp/race_rc.log" 2>&1 & rc_pid=$!
pgbench -n -d "$db" -c 4 -j 2 -t 60 -f "$tmp/race_rr.sql" >"$tmp/race_rr.log" 2>&1 & rr_pid=$!
status=0
wait $rc_pid || status=1
wait $rr_pid || status=1
grep -E "actually processed|failed transactions|ERROR" "$tmp/race_rc.log" "$tmp/race_rr.log" || true
[ $status -eq 0 ] || { echo "a client failed"; cat "$tmp/race_rc.log" "$tmp/race_rr.log"; exit 1; }

result=$(psql_q -At <<'SQL'
SELECT count(*) AS running,
       agentgov.usage_spent((SELECT id FROM agentgov.budget_limits WHERE name = 'Race daily'))
       + coalesce(sum(estimated_cost - cost_usd), 0) AS committed,
       count(*) FILTER (WHERE started_rr) AS running_rr
  FROM (SELECT r.*, right(r.id::text, 2)::int > 20 AS started_rr FROM agentgov.agent_runs r
         WHERE r.org_id = 'ac000000-0000-4000-8000-000000000001' AND r.status = 'running') r
SQL
)
echo "running|committed USD|of which started by RR clients: $result"
IFS='|' read -r running committed running_rr <<<"$result"
psql_q -At -c "SELECT $committed <= 10.00" | grep -qx t || { echo "FAILED: the budget is exceeded by reservations"; exit 1; }
[ "$running" -eq 10 ] || { echo "FAILED: expected exactly 10 runs to fit, $running run"; exit 1; }
echo "ok: 10 runs started, 9.00 spent + 1.00 reserved <= 10.00"
