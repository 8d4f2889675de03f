#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# bench/usage.sh: the cost of usage pricing and rollups, and what they buy.
#
# 1. COPY of USAGE_BENCH_COPY_ROWS (1,000,000) events (client-side \copy of a
#    CSV with ids, half the rows without a cost) into usage_events, with:
#      bare     no agentgov trigger (foreign keys still checked)
#      native   agentgov's triggers: pricing, statement-level rollups, budget
#               check at commit (one warn budget covers the org)
#      plpgsql  the same rule the seeds' way: a PL/pgSQL BEFORE ROW trigger
#               pricing each row from model_prices and filling its agent
#               kind, and an AFTER ROW trigger upserting its rollup and agent
#               kind buckets.  Its cost grows faster than linearly (every
#               upsert of a bucket walks the versions the statement already
#               made of it), so it loads only the first
#               USAGE_BENCH_PLPGSQL_ROWS (30,000) rows, compared with bare
#               and native on the same rows
# 2. A monthly usage report over USAGE_BENCH_REPORT_ROWS (10,000,000) events
#    of one org (loaded with INSERT ... SELECT under session_replication_role
#    = replica, rollups built with one GROUP BY: only the report is timed):
#    usage_report() from the rollups against the same GROUP BY over the raw
#    events, totals and by project, agent and model.  Best of 3.
# 3. 8 pgbench clients inserting single events into 4 hot buckets for
#    USAGE_BENCH_SECONDS (15) each: bare, native, native with a budget, and
#    the PL/pgSQL triggers.
#
# Figures depend on the machine; the ratios are what to look at.
# ---------------------------------------------------------------------------
set -euo pipefail
shopt -s inherit_errexit
db=$AGENTGOV_DB
tmp=$AGENTGOV_TMP
copy_rows=${USAGE_BENCH_COPY_ROWS:-1000000}
report_rows=${USAGE_BENCH_REPORT_ROWS:-10000000}
seconds=${USAGE_BENCH_SECONDS:-15}
plpgsql_rows=${USAGE_BENCH_PLPGSQL_ROWS:-30000}
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

org=ad000000-0000-4000-8000-000000000001
psql_q <<SQL
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES ('$org', 'Bench', 'bench', 'ENTERPRISE');
INSERT INTO agentgov.users (id, email, auth_provider, auth_provider_id)
VALUES ('bd000000-0000-4000-8000-000000000001', 'bench@bench.example', 'github', 'gh-bench');
INSERT INTO agentgov.organization_members (org_id, user_id, role)
VALUES ('$org', 'bd000000-0000-4000-8000-000000000001', 'ADMIN');
INSERT INTO agentgov.projects (id, org_id, name, created_by)
SELECT ('dd000000-0000-4000-8000-00000000000' || p)::uuid, '$org', 'Project ' || p, 'bd000000-0000-4000-8000-000000000001'
  FROM generate_series(1, 5) p;
INSERT INTO agentgov.agents (id, org_id, name, kind)
SELECT ('fd000000-0000-4000-8000-0000000000' || lpad(a::text, 2, '0'))::uuid, '$org', 'Agent ' || a,
       (ARRAY['coder', 'tester', 'reviewer', 'architect'])[1 + a % 4]::agentgov.agent_kind
  FROM generate_series(1, 10) a;
INSERT INTO agentgov.model_prices (provider, model, input_usd_per_mtok, output_usd_per_mtok, effective_from)
SELECT 'bench', 'bench-' || m, m, 5 * m, '2025-01-01 00:00+00' FROM generate_series(1, 4) m;
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period)
VALUES ('$org', 'Bench monthly', 'global', 99999999, 'monthly');

-- The seeds' way of doing the same: row triggers in PL/pgSQL.
CREATE FUNCTION public.bench_price() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN
    IF NEW.agent_kind IS NULL AND NEW.agent_id IS NOT NULL THEN
        SELECT a.kind INTO NEW.agent_kind FROM agentgov.agents a WHERE a.id = NEW.agent_id;
    END IF;
    IF NEW.cost_usd IS NULL THEN
        SELECT p.id, round((NEW.tokens_in * p.input_usd_per_mtok + NEW.tokens_out * p.output_usd_per_mtok) / 1000000, 6)
          INTO NEW.price_id, NEW.cost_usd
          FROM agentgov.model_prices p
         WHERE p.model = NEW.model AND (NEW.provider IS NULL OR p.provider = NEW.provider)
           AND p.effective_from <= NEW.occurred_at
           AND (p.effective_to IS NULL OR p.effective_to > NEW.occurred_at)
         ORDER BY p.effective_from DESC LIMIT 1;
    END IF;
    RETURN NEW;
END \$\$;
CREATE FUNCTION public.bench_rollup() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN
    INSERT INTO agentgov.usage_rollups AS r (org_id, bucket_date, project_id, agent_id, model, events,
                                             tokens_in, tokens_out, cost_usd, unpriced_events)
    VALUES (NEW.org_id, NEW.usage_date, NEW.project_id, NEW.agent_id, NEW.model, 1, NEW.tokens_in,
            NEW.tokens_out, coalesce(NEW.cost_usd, 0), (NEW.cost_usd IS NULL)::int)
    ON CONFLICT ON CONSTRAINT usage_rollups_bucket_key DO UPDATE
       SET events = r.events + 1, tokens_in = r.tokens_in + excluded.tokens_in,
           tokens_out = r.tokens_out + excluded.tokens_out, cost_usd = r.cost_usd + excluded.cost_usd,
           unpriced_events = r.unpriced_events + excluded.unpriced_events;
    IF NEW.agent_kind IS NOT NULL THEN
        INSERT INTO agentgov.usage_kind_rollups AS k (org_id, bucket_date, agent_kind, events, tokens_in,
                                                      tokens_out, cost_usd, unpriced_events)
        VALUES (NEW.org_id, NEW.usage_date, NEW.agent_kind, 1, NEW.tokens_in, NEW.tokens_out,
                coalesce(NEW.cost_usd, 0), (NEW.cost_usd IS NULL)::int)
        ON CONFLICT ON CONSTRAINT usage_kind_rollups_bucket_key DO UPDATE
           SET events = k.events + 1, tokens_in = k.tokens_in + excluded.tokens_in,
               tokens_out = k.tokens_out + excluded.tokens_out, cost_usd = k.cost_usd + excluded.cost_usd,
               unpriced_events = k.unpriced_events + excluded.unpriced_events;
    END IF;
    RETURN NULL;
END \$\$;
CREATE TRIGGER bench_price BEFORE INSERT ON agentgov.usage_events FOR EACH ROW EXECUTE FUNCTION public.bench_price();
CREATE TRIGGER bench_rollup AFTER INSERT ON agentgov.usage_events FOR EACH ROW EXECUTE FUNCTION public.bench_rollup();
SQL

native_triggers="usage_events_price usage_events_rollup usage_events_budget_alerts"
plpgsql_triggers="bench_price bench_rollup"
use_triggers() {  # use_triggers bare|native|plpgsql
    local sql="" t
    for t in $native_triggers; do
        sql+="ALTER TABLE agentgov.usage_events $([ "$1" = native ] && echo ENABLE || echo DISABLE) TRIGGER $t;"
    done
    for t in $plpgsql_triggers; do
        sql+="ALTER TABLE agentgov.usage_events $([ "$1" = plpgsql ] && echo ENABLE || echo DISABLE) TRIGGER $t;"
    done
    # The seeds' way writes the rollups itself: agentgov's guard must let it.
    for t in usage_rollups usage_kind_rollups; do
        sql+="ALTER TABLE agentgov.$t $([ "$1" = plpgsql ] && echo DISABLE || echo ENABLE) TRIGGER ${t}_guard;"
    done
    psql_q -c "$sql"
}
# Empty the ledger and its bookkeeping (replica role: the append-only
# trigger does not fire), and checkpoint, so every run starts alike.
reset_usage() {
    psql_q -c "SET session_replication_role = replica" \
           -c "TRUNCATE agentgov.usage_events, agentgov.usage_rollups, agentgov.usage_kind_rollups, agentgov.budget_periods, agentgov.notifications" \
           -c "RESET session_replication_role" -c "VACUUM ANALYZE agentgov.usage_rollups" -c "CHECKPOINT"
}

# ---- 1. COPY ----------------------------------------------------------------
psql_q -c "\\copy (SELECT gen_random_uuid(), '$org', timestamptz '2026-01-01 00:00+00' + (g % 2592000) * interval '1 second',
                  ('dd000000-0000-4000-8000-00000000000' || (1 + g % 5))::uuid,
                  ('fd000000-0000-4000-8000-0000000000' || lpad((1 + g % 10)::text, 2, '0'))::uuid,
                  'bench', 'bench-' || (1 + g % 4), 100 + g % 5000, 10 + g % 900,
                  CASE WHEN g % 2 = 0 THEN round((g % 1000) / 10000.0, 6) END
             FROM generate_series(1, $copy_rows) g) TO '$tmp/events.csv' CSV"
head -n "$plpgsql_rows" "$tmp/events.csv" >"$tmp/events_head.csv"
# Time of the \copy: "wall_ms cpu_ms", the CPU time being the backend's own
# (user + system, from /proc), less disturbed by other load on the machine.
copy_ms() {  # copy_ms VARIANT [FILE]
    reset_usage >/dev/null
    use_triggers "$1"
    rm -f "$tmp"/cpu_before "$tmp"/cpu_after "$tmp"/wall_before "$tmp"/wall_after
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<PSQL >/dev/null
SELECT pg_backend_pid() AS pid \\gset
\\setenv PID :pid
\\! awk '{ print \$14 + \$15 }' /proc/\$PID/stat > "$tmp/cpu_before"; date +%s%N > "$tmp/wall_before"
\\copy agentgov.usage_events (id, org_id, occurred_at, project_id, agent_id, provider, model, tokens_in, tokens_out, cost_usd) FROM '${2:-$tmp/events.csv}' CSV
\\! date +%s%N > "$tmp/wall_after"; awk '{ print \$14 + \$15 }' /proc/\$PID/stat > "$tmp/cpu_after"
PSQL
    local hz
    hz=$(getconf CLK_TCK)
    echo "$(( ($(cat "$tmp/wall_after") - $(cat "$tmp/wall_before")) / 1000000 ))" \
         "$(( ($(cat "$tmp/cpu_after") - $(cat "$tmp/cpu_before")) * 1000 / hz ))"
}
. "$AGENTGOV_TOP/bench/lib/rollups.sh"
echo "== COPY of $copy_rows usage events" >&2
min() { [ "$1" -lt "$2" ] && echo "$1" || echo "$2"; }
read -r bare_wall bare_cpu <<<"$(copy_ms bare)"
read -r native_wall native_cpu <<<"$(copy_ms native)"
native_diff=$(check_rollups)
read -r bare2_wall bare2_cpu <<<"$(copy_ms bare)"
read -r native2_wall native2_cpu <<<"$(copy_ms native)"
bare_wall=$(min "$bare_wall" "$bare2_wall"); bare_cpu=$(min "$bare_cpu" "$bare2_cpu")
native_wall=$(min "$native_wall" "$native2_wall"); native_cpu=$(min "$native_cpu" "$native2_cpu")
read -r plpgsql_wall plpgsql_cpu <<<"$(copy_ms plpgsql "$tmp/events_head.csv")"
plpgsql_diff=$(check_rollups)
read -r head_bare_wall head_bare_cpu <<<"$(copy_ms bare "$tmp/events_head.csv")"
read -r head_native_wall head_native_cpu <<<"$(copy_ms native "$tmp/events_head.csv")"

# ---- 3. pgbench: single events into 4 hot buckets -----------------------------
cat >"$tmp/hot.sql" <<EOF
\\set p random(1, 2)
\\set m random(1, 2)
\\set tin random(100, 5000)
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, agent_id, provider, model, tokens_in, tokens_out)
VALUES ('$org', '2026-02-01 12:00+00', ('dd000000-0000-4000-8000-00000000000' || :p)::uuid,
        'fd000000-0000-4000-8000-000000000001', 'bench', 'bench-' || :m, :tin, 100);
EOF
hot_tps() {  # hot_tps VARIANT [budget]
    reset_usage >/dev/null
    use_triggers "$1"
    psql_q -c "UPDATE agentgov.budget_limits SET is_active = $([ "${2:-}" = budget ] && echo true || echo false)"
    pgbench -n -d "$db" -c 8 -j 2 -T "$seconds" -f "$tmp/hot.sql" 2>&1 \
        | sed -n 's/^tps = \([0-9.]*\) .*/\1/p'
}
echo "== 8 clients, single events, 4 hot buckets, ${seconds}s each" >&2
hot_bare=$(hot_tps bare)
hot_native=$(hot_tps native)
hot_diff=$(check_rollups)
hot_budget=$(hot_tps native budget)
hot_plpgsql=$(hot_tps plpgsql)

# ---- 2. Report over many events -------------------------------------------------
echo "== loading $report_rows events for the report" >&2
use_triggers native
psql_q -c "UPDATE agentgov.budget_limits SET is_active = true"
reset_usage >/dev/null
# Only the report is measured: load fast, into an unlogged table with ids in
# order and without the secondary indexes of usage_events (which a GROUP BY
# over a whole period does not use).
psql_q <<SQL
SET session_replication_role = replica;
ALTER TABLE agentgov.usage_events SET UNLOGGED;
DROP INDEX agentgov.idx_token_usage_timestamp, agentgov.idx_token_usage_agent, agentgov.idx_token_usage_project,
           agentgov.idx_token_usage_conversation, agentgov.idx_usage_events_run, agentgov.idx_usage_events_task,
           agentgov.idx_llm_usage_tracking_user_id, agentgov.idx_llm_usage_tracking_provider;
INSERT INTO agentgov.usage_events (id, org_id, occurred_at, project_id, agent_id, provider, model, tokens_in, tokens_out, cost_usd)
SELECT lpad(to_hex(g), 32, '0')::uuid, '$org', timestamptz '2026-01-01 00:00+00' + (g % 7776000) * interval '1 second',
       ('dd000000-0000-4000-8000-00000000000' || (1 + g % 5))::uuid,
       ('fd000000-0000-4000-8000-0000000000' || lpad((1 + g % 10)::text, 2, '0'))::uuid,
       'bench', 'bench-' || (1 + g % 4), 100 + g % 5000, 10 + g % 900, round((g % 1000) / 10000.0, 6)
  FROM generate_series(1, $report_rows) g;
INSERT INTO agentgov.usage_rollups (org_id, bucket_date, project_id, agent_id, model, events, tokens_in,
                                    tokens_out, cost_usd, unpriced_events)
SELECT org_id, usage_date, project_id, agent_id, model, count(*), sum(tokens_in), sum(tokens_out),
       coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE cost_usd IS NULL)
  FROM agentgov.usage_events GROUP BY 1, 2, 3, 4, 5;
RESET session_replication_role;
VACUUM ANALYZE agentgov.usage_events, agentgov.usage_rollups;
SQL
# Best of 3 runs, measured inside the server.
report_ms() {  # report_ms QUERY
    psql_q -At <<SQL
CREATE OR REPLACE FUNCTION pg_temp.best_ms(q text) RETURNS numeric LANGUAGE plpgsql AS \$\$
DECLARE
    t0 timestamptz;
    best numeric;
BEGIN
    FOR i IN 1..3 LOOP
        t0 := clock_timestamp();
        EXECUTE q;
        best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
    END LOOP;
    RETURN round(best, 2);
END \$\$;
SELECT pg_temp.best_ms(\$q\$ $1 \$q\$);
SQL
}
raw_total_q="SELECT date_trunc('month', usage_date)::date, count(*), sum(tokens_in), sum(tokens_out), coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE cost_usd IS NULL) FROM agentgov.usage_events WHERE org_id = '$org' AND usage_date BETWEEN '2026-01-01' AND '2026-03-31' GROUP BY 1"
raw_grouped_q="SELECT date_trunc('month', usage_date)::date, project_id, agent_id, model, count(*), sum(tokens_in), sum(tokens_out), coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE cost_usd IS NULL) FROM agentgov.usage_events WHERE org_id = '$org' AND usage_date BETWEEN '2026-01-01' AND '2026-03-31' GROUP BY 1, 2, 3, 4"
report_total_q="SELECT * FROM agentgov.usage_report('$org', 'monthly', '2026-01-01', '2026-03-31')"
report_grouped_q="SELECT * FROM agentgov.usage_report('$org', 'monthly', '2026-01-01', '2026-03-31', '{project,agent,model}')"
same=$(psql_q -At -c "SELECT count(*) FROM ((SELECT bucket_start, project_id, agent_id, model, events, tokens_in, tokens_out, cost_usd, unpriced_events FROM ($report_grouped_q) r EXCEPT $raw_grouped_q) UNION ALL ($raw_grouped_q EXCEPT SELECT bucket_start, project_id, agent_id, model, events, tokens_in, tokens_out, cost_usd, unpriced_events FROM ($report_grouped_q) r)) d")
raw_total=$(report_ms "$raw_total_q")
report_total=$(report_ms "$report_total_q")
raw_grouped=$(report_ms "$raw_grouped_q")
report_grouped=$(report_ms "$report_grouped_q")
rollup_rows=$(psql_q -At -c "SELECT count(*) FROM agentgov.usage_rollups")

# ---- Results ------------------------------------------------------------------
cat <<EOF

usage: COPY of $copy_rows events (half priced by the database), best of 2
  variant     wall ms   x bare    cpu ms   x bare   rollup differences
  bare     $(printf '%10d' "$bare_wall")     1.00 $(printf '%9d' "$bare_cpu")     1.00   -
  native   $(printf '%10d' "$native_wall")   $(printf '%6s' "$(ratio "$native_wall" "$bare_wall")") $(printf '%9d' "$native_cpu")   $(printf '%6s' "$(ratio "$native_cpu" "$bare_cpu")")   $native_diff   (target <= 1.30)
  on the first $plpgsql_rows rows, once:
  bare     $(printf '%10d' "$head_bare_wall")     1.00 $(printf '%9d' "$head_bare_cpu")     1.00   -
  native   $(printf '%10d' "$head_native_wall")   $(printf '%6s' "$(ratio "$head_native_wall" "$head_bare_wall")") $(printf '%9d' "$head_native_cpu")   $(printf '%6s' "$(ratio "$head_native_cpu" "$head_bare_cpu")")
  plpgsql  $(printf '%10d' "$plpgsql_wall")   $(printf '%6s' "$(ratio "$plpgsql_wall" "$head_bare_wall")") $(printf '%9d' "$plpgsql_cpu")   $(printf '%6s' "$(ratio "$plpgsql_cpu" "$head_bare_cpu")")   $plpgsql_diff

usage: monthly report over $report_rows events ($rollup_rows rollup rows), best of 3
  report                      raw GROUP BY ms   usage_report ms   speed-up
  totals per month          $(printf '%17s' "$raw_total")   $(printf '%15s' "$report_total")   $(printf '%7s' "$(ratio "$raw_total" "$report_total")")x   (target >= 100)
  by project, agent, model  $(printf '%17s' "$raw_grouped")   $(printf '%15s' "$report_grouped")   $(printf '%7s' "$(ratio "$raw_grouped" "$report_grouped")")x
  rows differing between report and GROUP BY: $same

usage: 8 clients inserting single events into 4 hot buckets, ${seconds}s each
  variant                 tps   x bare
  bare           $(printf '%12s' "$hot_bare")     1.00
  native         $(printf '%12s' "$hot_native")   $(printf '%6s' "$(ratio "$hot_bare" "$hot_native")")   (slowdown)
  native+budget  $(printf '%12s' "$hot_budget")   $(printf '%6s' "$(ratio "$hot_bare" "$hot_budget")")
  plpgsql        $(printf '%12s' "$hot_plpgsql")   $(printf '%6s' "$(ratio "$hot_bare" "$hot_plpgsql")")
  rollup differences after the native run: $hot_diff
EOF
