#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# The running-transition check: RUNS runs move approved -> running in one
# UPDATE, on the same data, with
#   bare      no trigger at all,
#   no-op C   a C trigger that only stamps updated_at: what firing any BEFORE
#             ROW trigger costs (the row lock and the tuple copy),
#   seed      the assistant seed's PL/pgSQL trigger check_governance_approval
#             (an approved pre_agent_spawn or consensus_check exists),
#   rules     agentgov's rules written in PL/pgSQL the way the seed writes
#             its trigger (lifecycle, latest approval, consensus majority,
#             later withdrawals, cost limit, timestamps),
#   C         agentgov's C trigger agent_run_lifecycle,
# with 10k and then 1M rows in governance_events.  Each run has three
# events in the order they come before a spawn: an approved cost_validation,
# an approved pre_persona_activation, then its approval (a third of the runs
# are approved by a consensus_check with three validation results, two
# passed).
#
# The check's cost is measured on an unindexed copy of the runs (bench_runs,
# the same rows and columns), where the UPDATE itself is a cheap HOT update,
# so that the difference between variants is the check and not the noise of
# agent_runs' index insertions; the same UPDATE on agentgov.agent_runs is
# then timed end to end.  Every measurement runs in a transaction that is
# rolled back (each variant sees the same rows), after a VACUUM of its
# table.  Times are the backend's CPU time (/proc/PID/schedstat), which other
# load on the machine disturbs less than wall-clock time (where it cannot be
# read, psql's \timing), and the best of REPEAT is reported: other load only
# ever adds time.  The check must cost the same with 1M events as with 10k:
# the index and sequential scans it made are counted with
# pg_stat_get_xact_numscans().
# ---------------------------------------------------------------------------
set -euo pipefail
shopt -s inherit_errexit
db=$AGENTGOV_DB
RUNS=${RUNS:-3000}              # runs moved to running; a third approved by consensus
REPEAT=${REPEAT:-9}
SMALL_EVENTS=${SMALL_EVENTS:-10000}
BIG_EVENTS=${BIG_EVENTS:-1000000}
ORG=a5000000-0000-4000-8000-000000000001

psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
psql_v() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
tmp=$AGENTGOV_TMP
. "$AGENTGOV_TOP/bench/lib/instructions.sh"

# ---- data ------------------------------------------------------------------
# RUNS approved runs with their three events; a consensus_check approval has
# three validation results, two passed.
psql_q -v runs="$RUNS" -v org="$ORG" <<'SQL'
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier)
VALUES (:'org', 'Bench Co', 'bench-co', 'ENTERPRISE');
SET session_replication_role = replica;   -- bulk load of valid rows, as a restore does
INSERT INTO agentgov.agent_runs (id, org_id, agent_type, status, estimated_cost, max_cost_limit, created_at)
SELECT ('b0000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, :'org', 'bench', 'approved',
       0.5, 2.0, now() - interval '1 day'
  FROM generate_series(1, :runs) n;
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved, created_at)
SELECT :'org', r.id, e.event_type::agentgov.governance_event_type,
       'consensus', true, now() - interval '1 hour' + e.n * interval '1 minute'
  FROM agentgov.agent_runs r
 CROSS JOIN LATERAL (VALUES
        (0, 'cost_validation'),
        (1, 'pre_persona_activation'),
        (2, CASE WHEN get_byte(uuid_send(r.id), 15) % 3 = 0 THEN 'consensus_check' ELSE 'pre_agent_spawn' END))
        AS e(n, event_type)
 WHERE r.org_id = :'org';
INSERT INTO agentgov.validation_results (org_id, event_id, validator, passed)
SELECT :'org', g.id, v.validator, v.passed
  FROM agentgov.governance_events g
 CROSS JOIN (VALUES ('sarah_chen', true), ('alex_kim', true), ('cost_guard', false)) AS v(validator, passed)
 WHERE g.event_type = 'consensus_check';
RESET session_replication_role;

-- The seed's trigger, on the unified tables (agent_session_id is run_id).
CREATE FUNCTION public.check_governance_approval()
RETURNS TRIGGER AS $$
BEGIN
    IF NEW.status = 'running' AND OLD.status != 'running' THEN
        IF NOT EXISTS (
            SELECT 1 FROM agentgov.governance_events
            WHERE run_id = NEW.id
            AND approved = true
            AND event_type IN ('pre_agent_spawn', 'consensus_check')
        ) THEN
            RAISE EXCEPTION 'Agent cannot start without governance approval';
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER trigger_check_governance_approval
    BEFORE UPDATE ON agentgov.agent_runs
    FOR EACH ROW EXECUTE FUNCTION public.check_governance_approval();
ALTER TABLE agentgov.agent_runs DISABLE TRIGGER trigger_check_governance_approval;

-- agentgov's rules in PL/pgSQL, written the way the seed writes its trigger.
CREATE FUNCTION public.governance_rules_plpgsql()
RETURNS TRIGGER AS $$
DECLARE
    approval record;
BEGIN
    IF NEW.status = OLD.status THEN
        RETURN NEW;
    END IF;
    IF NOT ((OLD.status IN ('queued', 'initializing') AND NEW.status = 'pending_approval')
         OR (OLD.status = 'pending_approval' AND NEW.status IN ('approved', 'blocked', 'cancelled'))
         OR (OLD.status = 'approved' AND NEW.status IN ('running', 'blocked', 'cancelled'))
         OR (OLD.status = 'running' AND NEW.status IN ('completed', 'failed', 'cancelled', 'blocked'))
         OR (OLD.status = 'blocked' AND NEW.status = 'pending_approval')
         OR (OLD.status = 'failed' AND NEW.status = 'queued' AND OLD.retry_count < NEW.max_retries)) THEN
        RAISE EXCEPTION 'agent run % cannot move from % to %', NEW.id, OLD.status, NEW.status
            USING ERRCODE = 'AG004';
    END IF;
    IF NEW.status = 'running' THEN
        SELECT e.id, e.created_at INTO approval
          FROM agentgov.governance_events e
         WHERE e.org_id = NEW.org_id AND e.run_id = NEW.id AND e.approved
           AND (e.event_type = 'pre_agent_spawn'
                OR (e.event_type = 'consensus_check'
                    AND (SELECT count(*) FILTER (WHERE v.passed) * 2 > count(*)
                           FROM agentgov.validation_results v
                          WHERE v.org_id = e.org_id AND v.event_id = e.id)))
         ORDER BY e.created_at DESC
         LIMIT 1;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'agent run % has no governance approval', NEW.id USING ERRCODE = 'AG001';
        END IF;
        IF EXISTS (SELECT 1 FROM agentgov.governance_events e
                    WHERE e.org_id = NEW.org_id AND e.run_id = NEW.id
                      AND e.created_at >= approval.created_at AND e.id <> approval.id
                      AND (NOT e.approved OR e.event_type IN ('emergency_stop', 'circuit_breaker'))) THEN
            RAISE EXCEPTION 'governance approval of agent run % was withdrawn', NEW.id USING ERRCODE = 'AG001';
        END IF;
        IF NEW.estimated_cost > NEW.max_cost_limit THEN
            RAISE EXCEPTION 'estimated cost of agent run % exceeds its cost limit', NEW.id USING ERRCODE = 'AG002';
        END IF;
        NEW.started_at := coalesce(OLD.started_at, now());
    ELSIF NEW.status IN ('completed', 'failed', 'cancelled') THEN
        NEW.completed_at := now();
    ELSIF OLD.status = 'failed' THEN
        NEW.retry_count := OLD.retry_count + 1;
        NEW.started_at := NULL;
        NEW.completed_at := NULL;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- The same runs without indexes, each trigger attached and disabled.
CREATE TABLE public.bench_runs (LIKE agentgov.agent_runs INCLUDING DEFAULTS) WITH (fillfactor = 40);
INSERT INTO public.bench_runs SELECT * FROM agentgov.agent_runs WHERE org_id = :'org';
CREATE TRIGGER agent_runs_lifecycle BEFORE INSERT OR UPDATE OF status ON public.bench_runs
    FOR EACH ROW EXECUTE FUNCTION agentgov.agent_run_lifecycle();
CREATE TRIGGER trigger_check_governance_approval BEFORE UPDATE ON public.bench_runs
    FOR EACH ROW EXECUTE FUNCTION public.check_governance_approval();
CREATE TRIGGER governance_rules_plpgsql BEFORE UPDATE OF status ON public.bench_runs
    FOR EACH ROW EXECUTE FUNCTION public.governance_rules_plpgsql();
CREATE TRIGGER noop_c BEFORE UPDATE ON public.bench_runs
    FOR EACH ROW EXECUTE FUNCTION agentgov.touch_updated_at();
ALTER TABLE public.bench_runs DISABLE TRIGGER USER;
SQL

# Background events up to $1 rows in governance_events, ten per completed run.
fill_events() {
    psql_q -v target="$1" -v org="$ORG" <<'SQL'
SET session_replication_role = replica;
SELECT :target - count(*) AS missing FROM agentgov.governance_events \gset
WITH new_runs AS (
    INSERT INTO agentgov.agent_runs (id, org_id, agent_type, status, created_at)
    SELECT gen_random_uuid(), :'org', 'background', 'completed', now() - interval '2 days'
      FROM generate_series(1, ceil(:missing / 10.0)::int)
    RETURNING id
)
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved, created_at)
SELECT :'org', r.id,
       (enum_range(NULL::agentgov.governance_event_type))[1 + (n % 8)], 'consensus', n % 5 <> 0,
       now() - interval '2 days' + n * interval '1 second'
  FROM (SELECT id, row_number() OVER () AS k FROM new_runs) r
 CROSS JOIN generate_series(1, 10) n
 WHERE (r.k - 1) * 10 + n <= :missing;
RESET session_replication_role;
VACUUM ANALYZE agentgov.agent_runs;
VACUUM ANALYZE agentgov.governance_events;
VACUUM ANALYZE agentgov.validation_results;
VACUUM ANALYZE public.bench_runs;
SQL
}

# ---- measurement -------------------------------------------------------------
TABLE_VARIANTS="bench_runs:bare bench_runs:noop bench_runs:seed bench_runs:rules bench_runs:native
                agent_runs:bare agent_runs:seed agent_runs:native"

# SQL choosing a variant (table:variant) inside the measuring transaction.
variant_sql() {
    case "$1" in
        bench_runs:noop)   echo "ALTER TABLE public.bench_runs ENABLE TRIGGER noop_c;" ;;
        bench_runs:seed)   echo "ALTER TABLE public.bench_runs ENABLE TRIGGER trigger_check_governance_approval;" ;;
        bench_runs:rules)  echo "ALTER TABLE public.bench_runs ENABLE TRIGGER governance_rules_plpgsql;" ;;
        bench_runs:native) echo "ALTER TABLE public.bench_runs ENABLE TRIGGER agent_runs_lifecycle;" ;;
        agent_runs:bare)   echo "ALTER TABLE agentgov.agent_runs DISABLE TRIGGER agent_runs_lifecycle;" ;;
        agent_runs:seed)   echo "ALTER TABLE agentgov.agent_runs DISABLE TRIGGER agent_runs_lifecycle;
                                 ALTER TABLE agentgov.agent_runs ENABLE TRIGGER trigger_check_governance_approval;" ;;
        *) ;;
    esac
}

table_of() { [ "${1%%:*}" = bench_runs ] && echo public.bench_runs || echo agentgov.agent_runs; }

if [ -r /proc/self/schedstat ]; then cpu_clock=1; else cpu_clock=0; fi

# Milliseconds of one measured statement $2 under variant $1, rolled back:
# the backend's CPU time around it, or psql's \timing.
measure() {
    psql_v <<SQL | awk -v cpu=$cpu_clock '
        /^Time: / { wall = $2 }
        NF == 3 && $1 ~ /^[0-9]+$/ { c[++n] = $1 }
        END { if (cpu && n == 2) printf "%.3f\n", (c[2] - c[1]) / 1e6; else print wall }'
SELECT pg_backend_pid() AS backend_pid \gset
\setenv AGENTGOV_BACKEND_PID :backend_pid
BEGIN;
$(variant_sql "$1")
$( [ $cpu_clock = 1 ] && echo '\! cat /proc/$AGENTGOV_BACKEND_PID/schedstat' )
\timing on
$2
\timing off
$( [ $cpu_clock = 1 ] && echo '\! cat /proc/$AGENTGOV_BACKEND_PID/schedstat' )
ROLLBACK;
SQL
}

# The UPDATE of a table:variant; the dead row versions of the previous
# measurement are vacuumed away first.
time_update() {
    psql_v -c "VACUUM $(table_of "$1")"
    measure "$1" "UPDATE $(table_of "$1") SET status = 'running' WHERE org_id = '$ORG' AND status = 'approved';"
}

# governance_check() of every approved run.
time_check() {
    measure none "SELECT count(*) FILTER (WHERE (agentgov.governance_check(r.id)).allowed)
                    FROM agentgov.agent_runs r WHERE r.org_id = '$ORG' AND r.status = 'approved';"
}

# The best of the samples: other load on the machine only ever adds time.
best() { tr ' ' '\n' | grep . | sort -g | head -n 1; }

declare -A result
measure_all() {  # measure_all SIZE: best times into result[SIZE,table:variant]
    local size=$1 tv i
    declare -A samples=()
    for tv in $TABLE_VARIANTS; do time_update "$tv" >/dev/null; done   # warm up
    for ((i = 0; i < REPEAT; i++)); do
        for tv in $TABLE_VARIANTS; do samples[$tv]+="$(time_update "$tv") "; done
        samples[check]+="$(time_check) "
    done
    for tv in $TABLE_VARIANTS check; do result[$size,$tv]=$(best <<<"${samples[$tv]}"); done
}

# Scans the C check made for one UPDATE of bench_runs.
scan_counts() {
    psql_v <<SQL
BEGIN;
ALTER TABLE public.bench_runs ENABLE TRIGGER agent_runs_lifecycle;
UPDATE public.bench_runs SET status = 'running' WHERE org_id = '$ORG' AND status = 'approved';
SELECT format('index scans: %s of idx_governance_events_session, %s of idx_validation_results_event; '
              'sequential scans: %s of governance_events, %s of validation_results',
              pg_stat_get_xact_numscans('agentgov.idx_governance_events_session'::regclass),
              pg_stat_get_xact_numscans('agentgov.idx_validation_results_event'::regclass),
              pg_stat_get_xact_numscans('agentgov.governance_events'::regclass),
              pg_stat_get_xact_numscans('agentgov.validation_results'::regclass));
ROLLBACK;
SQL
}

events() { psql_v -c "SELECT count(*) FROM agentgov.governance_events"; }

# Instructions per run of the check (bench/lib/instructions.sh): a file with
# three rolled-back UPDATEs of bench_runs against one with one, over 2 x RUNS.
declare -A ir_of
count_instructions() {
    local tv k i
    ir_available || return 0
    ir_snapshot
    for tv in bench_runs:bare bench_runs:noop bench_runs:seed bench_runs:native; do
        for k in 1 3; do
            for ((i = 0; i < k; i++)); do
                echo "VACUUM public.bench_runs"
                echo "BEGIN"
                variant_sql "$tv"
                echo "UPDATE public.bench_runs SET status = 'running' WHERE org_id = '$ORG' AND status = 'approved'"
                echo "ROLLBACK"
            done >"$tmp/ir_${tv#*:}_$k.sql"
        done
        ir_of[$tv]=$(ir_per_op "$tmp/ir_${tv#*:}_1.sql" "$tmp/ir_${tv#*:}_3.sql" $((2 * RUNS)))
        echo "instructions, $tv: ${ir_of[$tv]} per run" >&2
    done
}

fill_events "$SMALL_EVENTS"
small=$(events)
measure_all small
scans_small=$(scan_counts)
count_instructions
fill_events "$BIG_EVENTS"
big=$(events)
measure_all big
scans_big=$(scan_counts)

# ---- report ----------------------------------------------------------------------
indexes=$(psql_v -c "SELECT count(*) FROM pg_index WHERE indrelid = 'agentgov.agent_runs'::regclass")
{
    for size in small big; do
        printf '%s' "${!size}"
        for tv in $TABLE_VARIANTS check; do printf ' %s' "${result[$size,$tv]}"; done
        echo
    done
} | awk -v runs="$RUNS" -v repeat="$REPEAT" -v indexes="$indexes" -v cpu="$cpu_clock" '
function us(ms) { return ms * 1000 / runs }
{ ev[NR] = $1; bare[NR] = $2; noop[NR] = $3; seed[NR] = $4; rules[NR] = $5; c[NR] = $6
  abare[NR] = $7; aseed[NR] = $8; ac[NR] = $9; gc[NR] = $10 }
END {
    printf "\nThe running-transition check: %d runs approved -> running in one UPDATE, best of %d, %s\n", runs, repeat,
           cpu ? "backend CPU time" : "wall-clock time"
    printf "\nCost of the check per run, us: the UPDATE of an unindexed copy of the runs with the trigger,\n"
    printf "minus the same UPDATE with no trigger (bare UPDATE: the first column)\n"
    printf "%-9s %6s %8s %10s %10s %8s %11s %11s\n", "events", "bare", "no-op C", "seed PL/pg", "rules PL/pg", "C",
           "seed / C", "rules / C"
    for (i = 1; i <= NR; i++)
        printf "%-9s %6.2f %8.2f %10.2f %10.2f %8.2f %10.2fx %10.2fx\n", ev[i], us(bare[i]), us(noop[i] - bare[i]),
               us(seed[i] - bare[i]), us(rules[i] - bare[i]), us(c[i] - bare[i]),
               (seed[i] - bare[i]) / (c[i] - bare[i]), (rules[i] - bare[i]) / (c[i] - bare[i])
    printf "(no-op C: what firing any BEFORE ROW trigger costs; less it, seed / C is "
    for (i = 1; i <= NR; i++)
        printf "%s%.2fx at %s events", (i > 1 ? ", " : ""), (seed[i] - noop[i]) / (c[i] - noop[i]), ev[i]
    printf ")\n"
    printf "\nThe same UPDATE on agentgov.agent_runs (%d indexes), us per run\n", indexes
    printf "%-9s %10s %12s %10s %10s\n", "events", "bare", "seed PL/pg", "C", "C / bare"
    for (i = 1; i <= NR; i++)
        printf "%-9s %10.2f %12.2f %10.2f %9.2fx\n", ev[i], us(abare[i]), us(aseed[i]), us(ac[i]), ac[i] / abare[i]
    printf "\ngovernance_check() per call, us: "
    for (i = 1; i <= NR; i++) printf "%s%.2f at %s events", (i > 1 ? ", " : ""), us(gc[i]), ev[i]
    printf "\nFlat: cost at %s events / at %s events: C check %.2fx, seed %.2fx, governance_check() %.2fx\n",
           ev[2], ev[1], (c[2] - bare[2]) / (c[1] - bare[1]), (seed[2] - bare[2]) / (seed[1] - bare[1]), gc[2] / gc[1]
}'
echo "C check at ${small} events: ${scans_small}"
echo "C check at ${big} events: ${scans_big}"
if [ -n "${ir_of[bench_runs:bare]:-}" ]; then
    awk -v runs="$RUNS" -v small="$small" -v b="${ir_of[bench_runs:bare]}" -v n="${ir_of[bench_runs:noop]}" \
        -v s="${ir_of[bench_runs:seed]}" -v c="${ir_of[bench_runs:native]}" 'BEGIN {
        printf "\nInstructions per run at %s events, single-user backend (callgrind): the UPDATE of\n", small
        printf "bench_runs with the trigger, minus the bare UPDATE (%d instructions)\n", b
        printf "%8s %10s %8s %10s\n", "no-op C", "seed PL/pg", "C", "seed / C"
        printf "%8d %10d %8d %9.2fx\n", n - b, s - b, c - b, (s - b) / (c - b) }'
fi
