#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# bench/ingest.sh: memory and time of one huge COPY into usage_events, and
# bulk ingestion by the application role.
#
# 1. COPY of INGEST_BENCH_ROWS (10,000,000) events, one statement (client-side
#    \copy of a CSV: org, project, agent, run, user, model, tokens, half the
#    rows without a cost), into
#      plain     public.plain_events: the same columns, defaults, CHECKs,
#                indexes and foreign keys as agentgov.usage_events, no
#                agentgov trigger
#      agentgov  agentgov.usage_events with all its triggers (pricing, agent
#                scope, statement-level rollups, run totals, budget check at
#                commit; a warn budget covers the org)
#    each in a new session, INGEST_BENCH_REPEAT (1) times, alternating which
#    comes first.  Printed per run: the backend's peak RSS (VmHWM: private
#    memory plus the shared buffers it touched), its peak private memory
#    (RssAnon sampled every 0.1 s), wall time and backend CPU time, and the
#    ratios agentgov / plain.  The plain run's private growth per row is
#    PostgreSQL's own after-trigger queue of foreign-key checks.
# 2. Bulk ingestion by the application role (grant_app_access; COPY into
#    usage_events is refused under row security): INGEST_BENCH_APP_ROWS
#    (1,000,000) events COPYed into a temporary staging table and moved with
#    one INSERT ... SELECT under set_actor, against the owner's COPY of the
#    same rows.
#
# Figures depend on the machine; the ratios are what to look at.
# ---------------------------------------------------------------------------
set -euo pipefail
shopt -s inherit_errexit
db=$AGENTGOV_DB
tmp=$AGENTGOV_TMP
rows=${INGEST_BENCH_ROWS:-10000000}
app_rows=${INGEST_BENCH_APP_ROWS:-1000000}
repeat=${INGEST_BENCH_REPEAT:-1}
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
hz=$(getconf CLK_TCK)

org=ae000000-0000-4000-8000-000000000001
admin=be000000-0000-4000-8000-000000000001
psql_q <<SQL
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES ('$org', 'Ingest', 'ingest-bench', 'ENTERPRISE');
INSERT INTO agentgov.users (id, email, auth_provider, auth_provider_id)
VALUES ('$admin', 'ingest@bench.example', 'github', 'gh-ingest-bench');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES ('$org', '$admin', 'ADMIN');
INSERT INTO agentgov.projects (id, org_id, name, created_by)
SELECT ('de000000-0000-4000-8000-00000000000' || p)::uuid, '$org', 'Project ' || p, '$admin'
  FROM generate_series(1, 5) p;
INSERT INTO agentgov.agents (id, org_id, name, kind)
SELECT ('fe000000-0000-4000-8000-0000000000' || lpad(a::text, 2, '0'))::uuid, '$org', 'Agent ' || a,
       (ARRAY['coder', 'tester', 'reviewer', 'architect'])[1 + a % 4]::agentgov.agent_kind
  FROM generate_series(1, 10) a;
INSERT INTO agentgov.agent_runs (id, org_id, agent_id)
SELECT ('ce000000-0000-4000-8000-0000000000' || lpad(r::text, 2, '0'))::uuid, '$org',
       ('fe000000-0000-4000-8000-0000000000' || lpad((1 + r % 10)::text, 2, '0'))::uuid
  FROM generate_series(1, 20) r;
INSERT INTO agentgov.model_prices (provider, model, input_usd_per_mtok, output_usd_per_mtok, effective_from)
SELECT 'bench', 'bench-' || m, m, 5 * m, '2025-01-01 00:00+00' FROM generate_series(1, 4) m;
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period)
VALUES ('$org', 'Ingest monthly', 'global', 99999999, 'monthly');

-- The identical table without agentgov's triggers: LIKE ... INCLUDING ALL
-- gives columns, defaults, the generated column, CHECKs and indexes; the
-- foreign keys are copied from usage_events' own definitions.
CREATE TABLE public.plain_events (LIKE agentgov.usage_events INCLUDING ALL);
SELECT format('ALTER TABLE public.plain_events ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid))
  FROM pg_constraint WHERE conrelid = 'agentgov.usage_events'::regclass AND contype = 'f' ORDER BY conname
\gexec
SQL
same_shape=$(psql_q -At -c "SELECT (SELECT count(*) FROM pg_index WHERE indrelid = 'public.plain_events'::regclass)
                                     || '/' || (SELECT count(*) FROM pg_index WHERE indrelid = 'agentgov.usage_events'::regclass)
                                     || ' indexes, '
                                     || (SELECT count(*) FROM pg_constraint WHERE conrelid = 'public.plain_events'::regclass AND contype = 'f')
                                     || '/' || (SELECT count(*) FROM pg_constraint WHERE conrelid = 'agentgov.usage_events'::regclass AND contype = 'f')
                                     || ' foreign keys'")

cols="id, org_id, occurred_at, user_id, project_id, agent_id, run_id, provider, model, tokens_in, tokens_out, cost_usd"
gen() {  # gen N FILE
    psql_q -c "\\copy (SELECT gen_random_uuid(), '$org', timestamptz '2026-01-01 00:00+00' + (g % 2592000) * interval '1 second',
                  '$admin',
                  ('de000000-0000-4000-8000-00000000000' || (1 + g % 5))::uuid,
                  ('fe000000-0000-4000-8000-0000000000' || lpad((1 + g % 10)::text, 2, '0'))::uuid,
                  ('ce000000-0000-4000-8000-0000000000' || lpad((1 + g % 20)::text, 2, '0'))::uuid,
                  'bench', 'bench-' || (1 + g % 4), 100 + g % 5000, 10 + g % 900,
                  CASE WHEN g % 2 = 0 THEN round((g % 1000) / 10000.0, 6) END
             FROM generate_series(1, $1) g) TO '$2' CSV"
}
if [ "$rows" -gt 0 ]; then
    echo "== generating $rows events" >&2
    gen "$rows" "$tmp/events.csv"
fi
if [ "$app_rows" -gt "$rows" ]; then gen "$app_rows" "$tmp/app_events.csv"
else head -n "$app_rows" "$tmp/events.csv" >"$tmp/app_events.csv"; fi

# Empty both tables and agentgov's bookkeeping (replica role: the append-only
# and guard triggers do not fire), and checkpoint, so every run starts alike.
reset() {
    psql_q -c "SET session_replication_role = replica" \
           -c "TRUNCATE agentgov.usage_events, agentgov.usage_rollups, agentgov.usage_kind_rollups, agentgov.budget_periods, agentgov.notifications, public.plain_events" \
           -c "UPDATE agentgov.agent_runs SET tokens_in = 0, tokens_out = 0, cost_usd = 0" \
           -c "RESET session_replication_role" -c "VACUUM ANALYZE agentgov.usage_rollups" -c "CHECKPOINT" >/dev/null
}

# Sample the peak RssAnon (kB) of process $1 into file $2 until $1 ends or
# file $2.stop appears.
sample_anon() {
    local pid=$1 out=$2 peak=0 v
    while [ ! -e "$out.stop" ] && [ -r "/proc/$pid/status" ]; do
        v=$(awk '/^RssAnon:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
        [ -n "$v" ] && [ "$v" -gt "$peak" ] && peak=$v
        echo "$peak" >"$out"
        sleep 0.1
    done
}

# One COPY in a new session: prints "wall_ms cpu_ms hwm_kb anon_peak_kb anon_start_kb".
copy_run() {  # copy_run TABLE FILE
    local table=$1 file=$2
    rm -f "$tmp"/run.*
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<PSQL >/dev/null
SELECT pg_backend_pid() AS pid \\gset
\\setenv PID :pid
\\! awk '/^RssAnon:/ { print \$2 }' /proc/\$PID/status > "$tmp/run.anon_start"
\\! bash -c 'source "$tmp/sampler.sh"; sample_anon \$PID "$tmp/run.anon"' & 
\\! awk '{ print \$14 + \$15 }' /proc/\$PID/stat > "$tmp/run.cpu_before"; date +%s%N > "$tmp/run.wall_before"
\\copy $table ($cols) FROM '$file' CSV
\\! date +%s%N > "$tmp/run.wall_after"; awk '{ print \$14 + \$15 }' /proc/\$PID/stat > "$tmp/run.cpu_after"
\\! awk '/^VmHWM:/ { print \$2 }' /proc/\$PID/status > "$tmp/run.hwm"; touch "$tmp/run.anon.stop"
PSQL
    sleep 0.3
    echo "$(( ($(cat "$tmp/run.wall_after") - $(cat "$tmp/run.wall_before")) / 1000000 ))" \
         "$(( ($(cat "$tmp/run.cpu_after") - $(cat "$tmp/run.cpu_before")) * 1000 / hz ))" \
         "$(cat "$tmp/run.hwm")" "$(cat "$tmp/run.anon" 2>/dev/null || echo 0)" "$(cat "$tmp/run.anon_start")"
}
declare -f sample_anon >"$tmp/sampler.sh"

. "$AGENTGOV_TOP/bench/lib/rollups.sh"
runs_match() {
    psql_q -At -c "SELECT count(*) FROM agentgov.agent_runs r
                     LEFT JOIN (SELECT run_id, sum(tokens_in) AS tin, sum(tokens_out) AS tout, sum(cost_usd) AS cost
                                  FROM agentgov.usage_events WHERE org_id = '$org' GROUP BY run_id) e ON e.run_id = r.id
                    WHERE r.org_id = '$org'
                      AND (r.tokens_in, r.tokens_out, r.cost_usd)
                          IS DISTINCT FROM (coalesce(e.tin, 0), coalesce(e.tout, 0), coalesce(e.cost, 0))"
}

# ---- 1. One COPY of $rows events ----------------------------------------------
results=()
[ "$rows" -gt 0 ] || repeat=0
for ((i = 1; i <= repeat; i++)); do
    if [ $((i % 2)) -eq 1 ]; then order="plain agentgov"; else order="agentgov plain"; fi
    for v in $order; do
        echo "== COPY of $rows events into $v (run $i)" >&2
        reset
        if [ "$v" = plain ]; then t=public.plain_events; else t=agentgov.usage_events; fi
        read -r wall cpu hwm anon anon0 <<<"$(copy_run "$t" "$tmp/events.csv")"
        if [ "$v" = agentgov ]; then
            diff=$(check_rollups); runs_diff=$(runs_match)
        else
            diff=-; runs_diff=-
        fi
        results+=("$v $i $wall $cpu $hwm $anon $anon0 $diff $runs_diff")
    done
done

# ---- 2. Bulk ingestion by the application role ----------------------------------
# (INGEST_BENCH_APP_ROWS=0 skips it.)
if [ "$app_rows" -gt 0 ]; then
{ psql_q <<SQL
DO \$\$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ingest_bench_app') THEN
        CREATE ROLE ingest_bench_app LOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
END \$\$;
SELECT agentgov.grant_app_access('ingest_bench_app');
SQL
} >/dev/null
app_copy() {  # app_copy owner|app: prints wall ms
    reset
    local t0 t1
    t0=$(date +%s%N)
    if [ "$1" = owner ]; then
        psql_q -c "\\copy agentgov.usage_events ($cols) FROM '$tmp/app_events.csv' CSV" >/dev/null
    else
        psql -X -q -v ON_ERROR_STOP=1 -d "$db" -U ingest_bench_app <<PSQL >/dev/null
BEGIN;
SELECT agentgov.set_actor('$admin');
CREATE TEMP TABLE usage_staging (LIKE agentgov.usage_events INCLUDING DEFAULTS) ON COMMIT DROP;
\\copy usage_staging ($cols) FROM '$tmp/app_events.csv' CSV
INSERT INTO agentgov.usage_events ($cols) SELECT $cols FROM usage_staging;
COMMIT;
PSQL
    fi
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 ))
}
echo "== bulk ingestion of $app_rows events: owner COPY and application role" >&2
owner_ms=$(app_copy owner)
app_ms=$(app_copy app)
app_diff=$(check_rollups)
owner2_ms=$(app_copy owner)
app2_ms=$(app_copy app)
[ "$owner2_ms" -lt "$owner_ms" ] && owner_ms=$owner2_ms
[ "$app2_ms" -lt "$app_ms" ] && app_ms=$app2_ms
fi

# ---- Results ----------------------------------------------------------------------
if [ "$rows" -gt 0 ]; then
echo
echo "ingest: one COPY of $rows events; plain_events has $same_shape of usage_events"
echo "  table     run   wall ms    cpu ms   VmHWM MB   peak anon MB   anon growth B/row   rollup diffs   run diffs"
for r in "${results[@]}"; do
    read -r v i wall cpu hwm anon anon0 diff runs_diff <<<"$r"
    printf '  %-9s %3d %9d %9d %10d %14d %19s %14s %11s\n' "$v" "$i" "$wall" "$cpu" $((hwm / 1024)) $((anon / 1024)) \
        "$(awk -v a="$anon" -v b="$anon0" -v n="$rows" 'BEGIN { printf "%.1f", (a - b) * 1024 / n }')" "$diff" "$runs_diff"
done
for ((i = 1; i <= repeat; i++)); do
    p=$(printf '%s\n' "${results[@]}" | awk -v i="$i" '$1 == "plain" && $2 == i')
    a=$(printf '%s\n' "${results[@]}" | awk -v i="$i" '$1 == "agentgov" && $2 == i')
    read -r _ _ pw pc ph pa _ _ _ <<<"$p"
    read -r _ _ aw ac ah aa _ _ _ <<<"$a"
    echo "  run $i agentgov / plain:  VmHWM $(ratio "$ah" "$ph")x  peak anon $(ratio "$aa" "$pa")x  (target <= 1.10)   wall $(ratio "$aw" "$pw")x  cpu $(ratio "$ac" "$pc")x  (target <= 1.30)"
done
fi
[ "$app_rows" -gt 0 ] || exit 0
echo
echo "ingest: bulk ingestion of $app_rows events, best of 2"
echo "  path                                                     wall ms   rows/s     x owner COPY"
printf '  %-54s %9d %9d     1.00\n' "owner: COPY into agentgov.usage_events" "$owner_ms" $((app_rows * 1000 / owner_ms))
printf '  %-54s %9d %9d   %6s\n' "app role: COPY to temp staging + INSERT ... SELECT" "$app_ms" $((app_rows * 1000 / app_ms)) "$(ratio "$app_ms" "$owner_ms")"
echo "  rollup differences after the application role's load: $app_diff"
