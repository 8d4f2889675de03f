#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# Versioning under load: 8 pgbench clients insert into the same (project,
# type) series of artifacts, and into one project's generated_projects, at
# READ COMMITTED; a quarter of the transactions roll back and some delete
# the draft they just inserted.  Afterwards every series must be numbered
# 1 .. n with no duplicate and no gap, every counter must equal its
# series' max(version), and no client may have failed (no deadlock, no
# unique violation).  Then 4 clients do the same at REPEATABLE READ, where
# a conflict is a serialization failure that pgbench retries: every
# transaction must end committed, again numbered 1 .. n.  Last, TRUNCATE
# resets the counters and is refused while approved artifacts exist.
# ---------------------------------------------------------------------------
set -euo pipefail
db=$AGENTGOV_DB
tmp=$AGENTGOV_TMP
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
value() { psql -X -At -q -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
fail() { echo "FAIL: $*"; exit 1; }

org=f6000000-0000-4000-8000-000000000001
user=f6100000-0000-4000-8000-000000000001
approver=f6100000-0000-4000-8000-000000000002
rc_project=f6200000-0000-4000-8000-000000000001
rr_project=f6200000-0000-4000-8000-000000000002

psql_q <<SQL
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES ('$org', 'Bench One', 'versioning-pgbench', 'PRO');
INSERT INTO agentgov.users (id, email, password_hash) VALUES
    ('$user', 'writer@pgbench.test', 'x'), ('$approver', 'approver@pgbench.test', 'x');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES ('$org', '$approver', 'MEMBER');
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('$rc_project', '$org', 'Read committed'), ('$rr_project', '$org', 'Repeatable read');
SQL

deadlocks() { value "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"; }
deadlocks_before=$(deadlocks)

# ---- READ COMMITTED -------------------------------------------------------
cat >"$tmp/artifact_rc.sql" <<SQL
\set outcome random(1, 8)
BEGIN;
INSERT INTO agentgov.artifacts (org_id, project_id, type, content, created_by)
VALUES ('$org', '$rc_project', 'PRD', '{"client": :client_id}', '$user')
RETURNING quote_literal(id) AS artifact \gset
\if :outcome <= 2
ROLLBACK;
\elif :outcome = 3
DELETE FROM agentgov.artifacts WHERE id = :artifact;
COMMIT;
\else
COMMIT;
\endif
SQL
cat >"$tmp/generation_rc.sql" <<SQL
\set outcome random(1, 4)
BEGIN;
INSERT INTO agentgov.generated_projects (org_id, project_id, total_files, total_lines)
VALUES ('$org', '$rc_project', 1, :client_id);
\if :outcome = 1
ROLLBACK;
\else
COMMIT;
\endif
SQL
pgbench -n -d "$db" -c 8 -j 2 -t 150 -f "$tmp/artifact_rc.sql@3" -f "$tmp/generation_rc.sql@1" \
    >"$tmp/rc.log" 2>&1 || { cat "$tmp/rc.log"; fail "pgbench at READ COMMITTED failed"; }
grep -E "^(number of (transactions|failed)|latency average|tps)" "$tmp/rc.log" || true
if grep -q "number of failed transactions: [1-9]" "$tmp/rc.log"; then cat "$tmp/rc.log"; fail "failed transactions at READ COMMITTED"; fi

# One row per series: rows, distinct versions, lowest and highest version,
# and the counter.  A gap-free series has rows = distinct = max, min 1.
series_report() {
    value "
    SELECT format('%s %s: rows %s, distinct %s, min %s, max %s, counter %s', s.kind, s.series,
                  s.rows, s.versions, s.lo, s.hi, s.counter)
      FROM (SELECT 'artifacts' AS kind, a.type::text AS series, count(*) AS rows,
                   count(DISTINCT a.version) AS versions, min(a.version) AS lo, max(a.version) AS hi,
                   (SELECT c.last_version FROM agentgov.artifact_version_counters c
                     WHERE c.org_id = a.org_id AND c.project_id = a.project_id AND c.type = a.type) AS counter
              FROM agentgov.artifacts a WHERE a.project_id = '$1' GROUP BY a.org_id, a.project_id, a.type
            UNION ALL
            SELECT 'generated_projects', 'project', count(*), count(DISTINCT g.generation_version),
                   min(g.generation_version), max(g.generation_version),
                   (SELECT c.last_version FROM agentgov.generation_version_counters c
                     WHERE c.org_id = g.org_id AND c.project_id = g.project_id)
              FROM agentgov.generated_projects g WHERE g.project_id = '$1' GROUP BY g.org_id, g.project_id) s
     ORDER BY 1"
}
check_series() {  # check_series PROJECT EXPECTED_SERIES
    local report line n=0
    report=$(series_report "$1")
    echo "$report"
    while read -r line; do
        [ -n "$line" ] || continue
        n=$((n + 1))
        [[ "$line" =~ rows\ ([0-9]+),\ distinct\ ([0-9]+),\ min\ ([0-9]+),\ max\ ([0-9]+),\ counter\ ([0-9]+) ]] \
            || fail "unexpected report line: $line"
        local rows=${BASH_REMATCH[1]} distinct=${BASH_REMATCH[2]} lo=${BASH_REMATCH[3]} \
              hi=${BASH_REMATCH[4]} counter=${BASH_REMATCH[5]}
        [ "$rows" -gt 0 ] || fail "empty series: $line"
        [ "$distinct" -eq "$rows" ] || fail "duplicate versions: $line"
        [ "$lo" -eq 1 ] && [ "$hi" -eq "$rows" ] || fail "gap in versions: $line"
        [ "$counter" -eq "$hi" ] || fail "counter differs from max(version): $line"
    done <<<"$report"
    [ "$n" -eq "$2" ] || fail "expected $2 series, found $n"
}
check_series "$rc_project" 2

# ---- REPEATABLE READ ------------------------------------------------------
cat >"$tmp/artifact_rr.sql" <<SQL
BEGIN ISOLATION LEVEL REPEATABLE READ;
INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by)
VALUES ('$org', '$rr_project', 'ARCHITECTURE', '$user');
COMMIT;
SQL
pgbench -n -d "$db" -c 4 -j 2 -t 100 --max-tries=1000 -f "$tmp/artifact_rr.sql" \
    >"$tmp/rr.log" 2>&1 || { cat "$tmp/rr.log"; fail "pgbench at REPEATABLE READ failed"; }
grep -E "^(number of (transactions|failed|transactions retried)|total number of retries)" "$tmp/rr.log" || true
if grep -q "number of failed transactions: [1-9]" "$tmp/rr.log"; then cat "$tmp/rr.log"; fail "failed transactions at REPEATABLE READ"; fi
check_series "$rr_project" 1
rows=$(value "SELECT count(*) FROM agentgov.artifacts WHERE project_id = '$rr_project'")
[ "$rows" -eq 400 ] || fail "REPEATABLE READ: $rows rows, expected 400 (every transaction retried to success)"

# Serialization failures are expected and retried; deadlocks are not.
sleep 1
deadlocks_after=$(deadlocks)
[ "$deadlocks_after" -eq "$deadlocks_before" ] || fail "$((deadlocks_after - deadlocks_before)) deadlocks"

# ---- TRUNCATE ---------------------------------------------------------------
# Refused while an approved artifact exists ...
psql_q <<SQL
UPDATE agentgov.artifacts SET status = 'REVIEW'
 WHERE project_id = '$rr_project' AND version = 1;
UPDATE agentgov.artifacts SET status = 'APPROVED', approved_by = '$approver'
 WHERE project_id = '$rr_project' AND version = 1;
SQL
if psql -X -q -d "$db" -c "TRUNCATE agentgov.artifacts CASCADE" 2>"$tmp/truncate.err"; then
    fail "TRUNCATE of approved artifacts succeeded"
fi
grep -q "cannot truncate artifacts while APPROVED or DEPLOYED artifacts exist" "$tmp/truncate.err" \
    || { cat "$tmp/truncate.err"; fail "unexpected TRUNCATE error"; }
# ... and resets the counters otherwise (replica mode lets the test remove
# the approved row, as a restore tool could).
psql_q -c "SET session_replication_role = replica" \
       -c "DELETE FROM agentgov.artifacts WHERE status = 'APPROVED'"
# The cascade reaches usage_events (through agent_runs), which is append-only:
# refused as a whole ...
if psql -X -q -d "$db" -c "TRUNCATE agentgov.artifacts, agentgov.generated_projects CASCADE" 2>"$tmp/truncate.err"; then
    fail "TRUNCATE cascading into usage_events succeeded"
fi
grep -q 'table "usage_events" is append-only' "$tmp/truncate.err" \
    || { cat "$tmp/truncate.err"; fail "unexpected TRUNCATE CASCADE error"; }
# ... unless the owner deliberately lifts that guard for the statement.
psql_q <<SQL
BEGIN;
ALTER TABLE agentgov.usage_events DISABLE TRIGGER usage_events_no_truncate;
TRUNCATE agentgov.artifacts, agentgov.generated_projects CASCADE;
ALTER TABLE agentgov.usage_events ENABLE TRIGGER usage_events_no_truncate;
COMMIT;
SQL
counters=$(value "SELECT (SELECT count(*) FROM agentgov.artifact_version_counters)
                       + (SELECT count(*) FROM agentgov.generation_version_counters)")
[ "$counters" -eq 0 ] || fail "$counters counters left after TRUNCATE"
first=$(value "INSERT INTO agentgov.artifacts (org_id, project_id, type, created_by)
               VALUES ('$org', '$rc_project', 'PRD', '$user') RETURNING version")
[ "$first" -eq 1 ] || fail "first version after TRUNCATE is $first"
echo "versioning under load: ok"
