#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# Row-level security overhead on typical tenant queries.
#
#   artifacts  a project's artifacts
#   usage      an organization's usage over the last 30 days, per day
#   active     the active runs of an organization (the active_agent_runs
#              view, with its approval and rejection counts)
#
# each run three ways, with the same query text (which names the org, as
# a multi-tenant application does anyway), by pgbench -M prepared:
#   bare       the table owner: no row-level security at all
#   seed       an application role under the seeds' own policy,
#              org_id IN (SELECT org_id FROM organization_members
#                          WHERE user_id = <setting>)
#              on copies of the tables in schema seedrls
#   agentgov   the application role under agentgov's policies
# Target: agentgov within 1.2x of bare.  Each round runs the three modes
# of a query back to back, so that a ratio compares runs made under the
# same load; the table gives median latencies and the median of the
# per-round ratios.  The machine is shared: the figures are indicative.
#
# Environment (from the harness): AGENTGOV_DB, PGHOST, PGPORT, PGUSER.
# BENCH_SECONDS (default 4) and BENCH_ROUNDS (default 5) size the run.
# ---------------------------------------------------------------------------
set -euo pipefail
shopt -s inherit_errexit
db=$AGENTGOV_DB
app=bench_rls_app
seconds=${BENCH_SECONDS:-4}
rounds=${BENCH_ROUNDS:-5}
tmp=${AGENTGOV_TMP:-$(mktemp -d)}
actor=0b000000-0000-4000-8000-000000000001     # MEMBER of org 1, VIEWER of orgs 2 and 3
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

cleanup() {
    psql -X -q -d "$db" -c "DROP OWNED BY $app" >/dev/null 2>&1 || true
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS $app" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "loading: 50 organizations, 1000 projects, 40000 artifacts, 150000 usage events, 20000 runs" >&2
psql_q -d "$db" <<'SQL'
SET client_min_messages = warning;
CREATE FUNCTION pg_temp.id(prefix text, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$ SELECT (prefix || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$;

INSERT INTO agentgov.organizations (id, name, slug, subscription_tier)
SELECT pg_temp.id('0a000000', o), 'Bench org ' || o, 'bench-org-' || o, 'ENTERPRISE'
  FROM generate_series(1, 50) o;
INSERT INTO agentgov.users (id, email, auth_provider, auth_provider_id)
SELECT pg_temp.id('0b000000', u), 'bench' || u || '@bench.example', 'github', 'gh-bench-' || u
  FROM generate_series(1, 251) u;
-- User 1 is the benchmark's actor; users 2..251 are five per organization.
INSERT INTO agentgov.organization_members (org_id, user_id, role)
SELECT pg_temp.id('0a000000', o), pg_temp.id('0b000000', 1 + (o - 1) * 5 + k),
       (ARRAY['ADMIN', 'MEMBER', 'MEMBER', 'MEMBER', 'VIEWER'])[k]::agentgov.user_role
  FROM generate_series(1, 50) o, generate_series(1, 5) k;
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    (pg_temp.id('0a000000', 1), pg_temp.id('0b000000', 1), 'MEMBER'),
    (pg_temp.id('0a000000', 2), pg_temp.id('0b000000', 1), 'VIEWER'),
    (pg_temp.id('0a000000', 3), pg_temp.id('0b000000', 1), 'VIEWER');

INSERT INTO agentgov.projects (id, org_id, name, created_by)
SELECT pg_temp.id('0d000000', o * 1000 + p), pg_temp.id('0a000000', o), 'Bench project ' || p,
       pg_temp.id('0b000000', 2 + (o - 1) * 5)
  FROM generate_series(1, 50) o, generate_series(1, 20) p;
INSERT INTO agentgov.artifacts (org_id, project_id, type, version, content, created_by, created_at)
SELECT pg_temp.id('0a000000', o), pg_temp.id('0d000000', o * 1000 + p),
       (enum_range(NULL::agentgov.artifact_type))[1 + (a % 8)], 1 + a / 8,
       jsonb_build_object('n', a), pg_temp.id('0b000000', 2 + (o - 1) * 5), now() - a * interval '1 hour'
  FROM generate_series(1, 50) o, generate_series(1, 20) p, generate_series(0, 39) a;
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, model, tokens_in, tokens_out, cost_usd)
SELECT pg_temp.id('0a000000', o), now() - (e % 60) * interval '1 day' - (e % 24) * interval '1 hour',
       pg_temp.id('0d000000', o * 1000 + 1 + e % 20), 'gpt-4o', 100 + e % 900, 10 + e % 300,
       ((100 + e % 900) * 2.5 + (10 + e % 300) * 10) / 1e6
  FROM generate_series(1, 50) o, generate_series(1, 3000) e;
-- runs in their final states, loaded as a restore does (no lifecycle trigger)
SET session_replication_role = replica;
INSERT INTO agentgov.agent_runs (id, org_id, project_id, agent_type, status, created_at)
SELECT pg_temp.id('0e000000', o * 1000 + r), pg_temp.id('0a000000', o),
       pg_temp.id('0d000000', o * 1000 + 1 + r % 20), 'bench',
       (CASE WHEN r % 10 = 0 THEN 'running' WHEN r % 10 = 1 THEN 'pending_approval'
             ELSE 'completed' END)::agentgov.agent_run_status,
       now() - r * interval '1 minute'
  FROM generate_series(1, 50) o, generate_series(1, 400) r;
RESET session_replication_role;
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved)
SELECT r.org_id, r.id, 'pre_agent_spawn', 'consensus', g = 1
  FROM agentgov.agent_runs r, generate_series(1, 2) g
 WHERE r.status IN ('running', 'pending_approval');

-- The seeds' policy, on copies of the same tables and the same view.
CREATE SCHEMA seedrls;
CREATE TABLE seedrls.organization_members AS SELECT * FROM agentgov.organization_members;
CREATE INDEX ON seedrls.organization_members (user_id);
CREATE TABLE seedrls.artifacts (LIKE agentgov.artifacts INCLUDING ALL);
INSERT INTO seedrls.artifacts SELECT * FROM agentgov.artifacts;
CREATE TABLE seedrls.usage_events (LIKE agentgov.usage_events INCLUDING ALL);
INSERT INTO seedrls.usage_events (id, org_id, occurred_at, project_id, model, tokens_in, tokens_out, cost_usd)
SELECT id, org_id, occurred_at, project_id, model, tokens_in, tokens_out, cost_usd FROM agentgov.usage_events;
CREATE TABLE seedrls.agent_runs (LIKE agentgov.agent_runs INCLUDING ALL);
INSERT INTO seedrls.agent_runs (id, org_id, project_id, agent_type, status, created_at)
SELECT id, org_id, project_id, agent_type, status, created_at FROM agentgov.agent_runs;
CREATE TABLE seedrls.governance_events (LIKE agentgov.governance_events INCLUDING ALL);
INSERT INTO seedrls.governance_events SELECT * FROM agentgov.governance_events;
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['artifacts', 'usage_events', 'agent_runs', 'governance_events'] LOOP
        EXECUTE format('ALTER TABLE seedrls.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format($p$CREATE POLICY seed_org_isolation ON seedrls.%I
                          USING (org_id IN (SELECT org_id FROM seedrls.organization_members
                                             WHERE user_id = current_setting('agentgov.user_id')::uuid))$p$, t);
    END LOOP;
END $$;
CREATE VIEW seedrls.active_agent_runs WITH (security_invoker = true) AS
SELECT r.id, r.org_id, r.project_id, r.agent_id, r.agent_type, r.user_id, r.status, r.cost_usd, r.created_at,
       (SELECT count(*) FROM seedrls.governance_events g
         WHERE g.org_id = r.org_id AND g.run_id = r.id AND g.approved) AS approvals,
       (SELECT count(*) FROM seedrls.governance_events g
         WHERE g.org_id = r.org_id AND g.run_id = r.id AND NOT g.approved) AS rejections
  FROM seedrls.agent_runs r
 WHERE r.status IN ('running', 'pending_approval', 'approved');
VACUUM ANALYZE;
SQL
psql_q -d "$db" -c "CREATE ROLE $app LOGIN" -c "SELECT agentgov.grant_app_access('$app')" \
    -c "GRANT USAGE ON SCHEMA seedrls TO $app" -c "GRANT SELECT ON ALL TABLES IN SCHEMA seedrls TO $app" \
    -c "ALTER ROLE $app SET track_functions = 'all'" >/dev/null

# One pgbench script per query and schema: the org is org 1, the project one
# of its 20.
queries=(artifacts usage active)
declare -A calls rows
declare -A title=([artifacts]="a project's artifacts" [usage]="an org's usage, 30 days" [active]="the active runs")
write_script() {  # write_script QUERY SCHEMA FILE
    local org="'0a000000-0000-4000-8000-000000000001'"
    case "$1" in
        artifacts) cat >"$3" <<EOF
\set p random(1, 20)
SELECT id, type, version, status FROM $2.artifacts
 WHERE org_id = $org AND project_id = ('0d000000-0000-4000-8000-' || lpad(to_hex(1000 + :p), 12, '0'))::uuid
 ORDER BY type, version;
EOF
        ;;
        usage) cat >"$3" <<EOF
SELECT usage_date, sum(tokens_in + tokens_out) AS tokens, sum(cost_usd) AS cost
  FROM $2.usage_events
 WHERE org_id = $org AND usage_date >= current_date - 30
 GROUP BY usage_date ORDER BY usage_date;
EOF
        ;;
        active) cat >"$3" <<EOF
SELECT id, status, approvals, rejections FROM $2.active_agent_runs
 WHERE org_id = $org ORDER BY created_at;
EOF
        ;;
    esac
}

# The same rows whoever asks: the policies only ever remove other orgs' rows.
for q in "${queries[@]}"; do
    write_script "$q" agentgov "$tmp/$q.agentgov.sql"
    write_script "$q" seedrls "$tmp/$q.seedrls.sql"
    sed 's/:p/7/' "$tmp/$q.agentgov.sql" | grep -v '^\\set' >"$tmp/$q.check.sql"
    sed 's/:p/7/' "$tmp/$q.seedrls.sql" | grep -v '^\\set' >"$tmp/$q.check_seed.sql"
    a=$(psql -X -At -v ON_ERROR_STOP=1 -d "$db" -f "$tmp/$q.check.sql" | md5sum)
    b=$(PGOPTIONS="-c agentgov.user_id=$actor" psql -X -At -v ON_ERROR_STOP=1 -U $app -d "$db" -f "$tmp/$q.check.sql" | md5sum)
    c=$(PGOPTIONS="-c agentgov.user_id=$actor" psql -X -At -v ON_ERROR_STOP=1 -U $app -d "$db" -f "$tmp/$q.check_seed.sql" | md5sum)
    n=$(psql -X -At -v ON_ERROR_STOP=1 -d "$db" -f "$tmp/$q.check.sql" | wc -l)
    [ "$a" = "$b" ] && [ "$a" = "$c" ] && [ "$n" -gt 0 ] || { echo "rls bench: $q returns different rows per mode" >&2; exit 1; }
    # Membership lookups per execution, counted by track_functions.
    calls[$q]=$(PGOPTIONS="-c agentgov.user_id=$actor" psql -X -q -At -v ON_ERROR_STOP=1 -U $app -d "$db" <<EOF | tail -n 1
BEGIN;
\o /dev/null
\i $tmp/$q.check.sql
\o
SELECT coalesce(sum(calls), 0) FROM pg_stat_xact_user_functions WHERE funcname = 'actor_org_ids';
COMMIT;
EOF
)
    rows[$q]=$n
done

# Median latency (ms) of pgbench runs; rounds interleave the modes.
run() {  # run QUERY MODE -> latency ms
    local file=$tmp/$1.agentgov.sql user=$PGUSER opts=""
    case "$2" in
        seed) file=$tmp/$1.seedrls.sql; user=$app; opts="-c agentgov.user_id=$actor" ;;
        agentgov) user=$app; opts="-c agentgov.user_id=$actor" ;;
    esac
    PGOPTIONS="$opts" pgbench -n -M prepared -c 1 -j 1 -T "$seconds" -U "$user" -f "$file" "$db" 2>&1 \
        | sed -n 's/^latency average = \([0-9.]*\) ms$/\1/p'
}
declare -A samples ratios
for r in $(seq 1 "$rounds"); do
    for q in "${queries[@]}"; do
        b=$(run "$q" bare); s=$(run "$q" seed); a=$(run "$q" agentgov)
        samples[$q.bare]+="$b "; samples[$q.seed]+="$s "; samples[$q.agentgov]+="$a "
        ratios[$q.agentgov]+="$(awk -v x="$a" -v y="$b" 'BEGIN {print x / y}') "
        ratios[$q.seed]+="$(awk -v x="$s" -v y="$b" 'BEGIN {print x / y}') "
    done
    echo "round $r of $rounds done" >&2
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo
echo "Row-level security: median latency (ms) and median per-round ratio, $rounds rounds of ${seconds}s, pgbench -M prepared, 1 client"
printf '%-26s %5s %10s %10s %10s %14s %10s %9s\n' query rows bare seed agentgov agentgov/bare seed/bare lookups
fail=0
for q in "${queries[@]}"; do
    b=$(echo "${samples[$q.bare]}" | median)
    s=$(echo "${samples[$q.seed]}" | median)
    a=$(echo "${samples[$q.agentgov]}" | median)
    ra=$(echo "${ratios[$q.agentgov]}" | median)
    rs=$(echo "${ratios[$q.seed]}" | median)
    printf '%-26s %5s %10.3f %10.3f %10.3f %13.2fx %9.2fx %9s\n' "${title[$q]}" "${rows[$q]}" "$b" "$s" "$a" "$ra" "$rs" "${calls[$q]}"
    awk -v x="$ra" 'BEGIN {exit !(x > 1.2)}' && fail=1
done
echo "lookups: calls of agentgov.actor_org_ids() per execution (one per policy InitPlan, whatever the row count)"
[ $fail -eq 0 ] && echo "target met: agentgov <= 1.2x bare on every query" \
                || echo "target missed: agentgov > 1.2x bare on a query (re-measure on a quiet machine)"
