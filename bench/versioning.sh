#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# Artifact insert throughput: agentgov's native versioning trigger against
# the same rule in PL/pgSQL and against no rule at all, in one run.
#
#   none      no trigger; version from a sequence default (the bare insert
#             needs some unique version for the UNIQUE key)
#   plpgsql   the platform seed's before_insert as a PL/pgSQL trigger: an
#             advisory lock on the (project, type) key, then
#             SELECT max(version) + 1, plus the same content_sha256
#   native    agentgov.artifact_before_write (C): counter row per series
#
# Every other user trigger on artifacts is disabled in all three runs, so
# only the versioning rule is measured.  Scenarios: 1 client; 4 clients each
# on its own series; 4 clients on one shared series (where any gap-free
# numbering must serialise the writers of that series).  BENCH_ROUNDS (5)
# rounds of BENCH_SECONDS (5) seconds per run (pgbench -M prepared); ratios
# are the median of the per-round ratios.  Indicative on a shared machine.
# ---------------------------------------------------------------------------
set -euo pipefail
shopt -s inherit_errexit
db=$AGENTGOV_DB
tmp=$AGENTGOV_TMP
secs=${BENCH_SECONDS:-5}
rounds=${BENCH_ROUNDS:-5}
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
. "$AGENTGOV_TOP/bench/lib/cpu.sh"
. "$AGENTGOV_TOP/bench/lib/instructions.sh"
value() { psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }

org=f7000000-0000-4000-8000-000000000001
user=f7100000-0000-4000-8000-000000000001

psql_q <<SQL
SET client_min_messages = warning;
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES ('$org', 'Bench', 'versioning-bench', 'ENTERPRISE');
INSERT INTO agentgov.users (id, email, password_hash) VALUES ('$user', 'bench@versioning.test', 'x');
-- Projects f72...01 .. f72...04: client n writes to project n (or all to 1).
INSERT INTO agentgov.projects (id, org_id, name)
SELECT ('f7200000-0000-4000-8000-00000000000' || n)::uuid, '$org', 'Bench ' || n FROM generate_series(1, 4) n;

CREATE SCHEMA bench;
CREATE SEQUENCE bench.bare_version;

-- The platform seed's increment_artifact_version, made safe for concurrent
-- writers the usual PL/pgSQL way: lock the key, then read max() + 1.
CREATE FUNCTION bench.artifact_version_plpgsql() RETURNS trigger
LANGUAGE plpgsql AS \$\$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(NEW.project_id::text || '/' || NEW.type::text, 0));
    SELECT coalesce(max(a.version), 0) + 1 INTO NEW.version
      FROM agentgov.artifacts a
     WHERE a.project_id = NEW.project_id AND a.type = NEW.type;
    NEW.content_sha256 := sha256(convert_to(NEW.content::text, 'UTF8'));
    RETURN NEW;
END
\$\$;
CREATE TRIGGER bench_plpgsql BEFORE INSERT ON agentgov.artifacts
    FOR EACH ROW EXECUTE FUNCTION bench.artifact_version_plpgsql();
SQL

# One autocommit INSERT per transaction.  :project is the series.
write_script() {  # write_script FILE SHARED(0|1)
    local project=":client_id % 4 + 1"
    [ "$2" = 1 ] && project="1"
    cat >"$1" <<SQL
\set project $project
INSERT INTO agentgov.artifacts (org_id, project_id, type, content, created_by)
VALUES ('$org', ('f7200000-0000-4000-8000-00000000000' || :project)::uuid, 'PRD',
        '{"title": "benchmark artifact", "owner": "bench", "tags": ["a", "b"]}', '$user');
SQL
}
write_script "$tmp/own_series.sql" 0
write_script "$tmp/shared_series.sql" 1

# The statements that put the table in the state one variant measures, one
# per line (single-user mode reads them so, for the instruction counts).
variant_sql() {
    cat <<SQL
ALTER TABLE agentgov.artifacts DISABLE TRIGGER USER
SET session_replication_role = replica
TRUNCATE agentgov.artifacts, agentgov.artifact_version_counters CASCADE
RESET session_replication_role
SQL
    # replica role above: the cascade reaches usage_events, whose
    # append-only trigger would refuse the TRUNCATE (no usage rows exist here)
    case "$1" in
        none)    echo "ALTER TABLE agentgov.artifacts ALTER COLUMN version SET DEFAULT nextval('bench.bare_version')" ;;
        plpgsql) echo "ALTER TABLE agentgov.artifacts ALTER COLUMN version DROP DEFAULT"
                 echo "ALTER TABLE agentgov.artifacts ENABLE TRIGGER bench_plpgsql" ;;
        native)  echo "ALTER TABLE agentgov.artifacts ALTER COLUMN version DROP DEFAULT"
                 echo "ALTER TABLE agentgov.artifacts ENABLE TRIGGER artifacts_version" ;;
    esac
    echo "VACUUM ANALYZE agentgov.artifacts"
}

use_variant() {
    { echo "SET client_min_messages = warning;"; variant_sql "$1" | sed 's/$/;/'; echo "CHECKPOINT;"; } | psql_q
}

# Gap-free check of what a versioning variant wrote.
check_numbering() {
    local bad
    bad=$(value "SELECT count(*) FROM (SELECT project_id FROM agentgov.artifacts GROUP BY project_id, type
                  HAVING count(*) <> max(version) OR count(DISTINCT version) <> count(*)) s")
    [ "$bad" -eq 0 ] || { echo "bench: $1 left gaps or duplicates in $bad series" >&2; exit 1; }
}

run() {  # run VARIANT CLIENTS SCRIPT -> tps
    local out
    use_variant "$1"
    out=$(pgbench -n -M prepared -d "$db" -c "$2" -j "$2" -T "$secs" -f "$3" 2>&1) \
        || { echo "$out" >&2; exit 1; }
    grep -q "number of failed transactions: 0" <<<"$out" || { echo "$out" >&2; exit 1; }
    [ "$1" = none ] || check_numbering "$1"
    sed -nE 's/^tps = ([0-9.]+) .*/\1/p' <<<"$out"
}

# ---- backend CPU time per insert, 1 client -----------------------------------
# Prepared single-row INSERTs, each its own transaction, from one psql
# session: CPU_BATCHES batches of CPU_BATCH, the backend's CPU time around
# each (/proc/PID/schedstat).  A variant's figure is its cheapest batch over
# CPU_ROUNDS sessions: other load on the machine only ever adds time, and
# spoils a batch rather than the whole figure.
cpu_batches=${CPU_BATCHES:-20}
cpu_batch=${CPU_BATCH:-250}
cpu_rounds=${CPU_ROUNDS:-6}
insert_sql="INSERT INTO agentgov.artifacts (org_id, project_id, type, content, created_by) VALUES ('$org', 'f7200000-0000-4000-8000-000000000001', 'PRD', '{\"title\": \"benchmark artifact\", \"owner\": \"bench\", \"tags\": [\"a\", \"b\"]}', '$user')"
{
    echo "PREPARE ins AS $insert_sql;"
    for ((b = 0; b < cpu_batches; b++)); do
        for ((i = 0; i < cpu_batch; i++)); do echo "EXECUTE ins;"; done
        echo "-- batch"
    done
} >"$tmp/cpu_inserts.sql"

cpu_us_per_insert() {  # cpu_us_per_insert VARIANT -> us
    use_variant "$1"
    backend_cpu_us_min "$tmp/cpu_inserts.sql" "$cpu_batch"
    [ "$1" = none ] || check_numbering "$1"
}

declare -A cpu_best cpu_of
if cpu_clock_available; then
    for round in $(seq 1 "$cpu_rounds"); do
        for variant in none plpgsql native; do
            us=$(cpu_us_per_insert "$variant")
            echo "cpu round $round, $variant: $us us per insert" >&2
            keep_lowest cpu_best "$variant" "$us"
            cpu_of[$variant/$round]=$us
        done
    done
fi

# ---- instructions per insert, 1 client -----------------------------------------
# The same INSERTs in a single-user backend on a copy of the database,
# counted by callgrind (bench/lib/instructions.sh): IR_INSERTS more inserts
# in one file than in the other, so that everything else cancels out.
declare -A ir_of
if ir_available; then
    ir_inserts=${IR_INSERTS:-1000}
    ir_snapshot
    for variant in none plpgsql native; do
        variant_sql "$variant" >"$tmp/ir_setup.sql"
        ir_of[$variant]=$(ir_prepared_per_op "$variant" "$tmp/ir_setup.sql" "$insert_sql" "$ir_inserts")
        echo "instructions, $variant: ${ir_of[$variant]} per insert" >&2
    done
fi

declare -A tps_of
scenarios=("1 client|1|$tmp/own_series.sql"
           "4 clients, 4 series|4|$tmp/own_series.sql"
           "4 clients, 1 series|4|$tmp/shared_series.sql")
for round in $(seq 1 "$rounds"); do
    for s in "${scenarios[@]}"; do
        IFS='|' read -r name clients script <<<"$s"
        for variant in none plpgsql native; do
            tps=$(run "$variant" "$clients" "$script")
            echo "round $round, $name, $variant: $tps tps" >&2
            tps_of[$name/$variant/$round]=$tps
        done
    done
done

# median VALUES...
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# per_round SCENARIO A B: tps(A) / tps(B) of each round, measured back to back
per_round() {
    local r
    for r in $(seq 1 "$rounds"); do
        awk -v a="${tps_of[$1/$2/$r]}" -v b="${tps_of[$1/$3/$r]}" 'BEGIN { print a / b }'
    done
}

echo
echo "Artifact INSERT throughput: median tps of $rounds rounds x ${secs}s, and the median of the"
echo "per-round ratios (the three variants of a round run back to back, so a ratio"
echo "compares runs that shared the machine's state)"
printf '%-22s %10s %10s %10s %14s %14s\n' scenario none plpgsql native "native cost" "native/plpgsql"
for s in "${scenarios[@]}"; do
    IFS='|' read -r name _ _ <<<"$s"
    n=$(median $(for r in $(seq 1 "$rounds"); do echo "${tps_of[$name/none/$r]}"; done))
    p=$(median $(for r in $(seq 1 "$rounds"); do echo "${tps_of[$name/plpgsql/$r]}"; done))
    c=$(median $(for r in $(seq 1 "$rounds"); do echo "${tps_of[$name/native/$r]}"; done))
    cost=$(median $(per_round "$name" none native))
    speed=$(median $(per_round "$name" native plpgsql))
    printf '%-22s %10.0f %10.0f %10.0f %13.2fx %13.2fx\n' "$name" "$n" "$p" "$c" "$cost" "$speed"
done
echo "(native cost = tps(none) / tps(native): 1.10x is 10 % slower than the bare insert;"
echo " native/plpgsql > 1: native faster)"
if [ -n "${cpu_best[none]:-}" ]; then
    echo
    echo "Backend CPU time per INSERT, 1 client: cheapest batch of $cpu_batch, $cpu_batches batches x $cpu_rounds sessions"
    cost_table us/insert %12.1f cpu_best none none plpgsql native
    awk -v p="${cpu_best[plpgsql]}" -v c="${cpu_best[native]}" \
        'BEGIN { printf "native vs plpgsql: %.2fx less CPU per insert; target: native <= 1.10x none\n", p / c }'
    ratios=$(for r in $(seq 1 "$cpu_rounds"); do
                 awk -v a="${cpu_of[native/$r]}" -v b="${cpu_of[none/$r]}" 'BEGIN { printf "%.3f\n", a / b }'
             done)
    echo "native / none per session: $(echo $ratios), median $(median $ratios)"
fi
if [ -n "${ir_of[none]:-}" ]; then
    echo
    echo "Instructions per INSERT, single-user backend (callgrind), $ir_inserts inserts"
    cost_table instructions %12d ir_of none none plpgsql native
fi
