#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# Artifact insert throughput: agentgov's native versioning trigger against
# the same rule in PL/pgSQL and against no rule at all.
#
#   none      no trigger; version from a sequence default (the bare insert
#             needs some unique version for the UNIQUE key)
#   plpgsql   the platform seed's before_insert as a PL/pgSQL trigger: an
#             advisory lock on the (project, type) key, then
#             SELECT max(version) + 1, plus the same content_sha256
#   native    agentgov.artifact_before_write (C): counter row per series
#
# Every other user trigger on agentgov.artifacts is disabled, so only the
# versioning rule is measured.
#
# Time is measured with the three variants side by side, each on a table of
# its own of the same shape (columns, defaults, constraints, indexes and
# foreign keys of agentgov.artifacts): bench.artifacts_none,
# bench.artifacts_plpgsql and agentgov.artifacts itself with the native
# trigger.  One pgbench run picks one of the three inserts at random for
# each transaction, so all three share whatever else the machine does at
# each moment (on the shared development machine, a run's throughput moves
# by a factor of 2 from one second to the next).  Scenarios: 1 client;
# 4 clients each on its own series; 4 clients on one shared series (where
# any gap-free numbering must serialise the writers of that series).
# BENCH_ROUNDS (5) rounds of BENCH_SECONDS (6) seconds each; a variant's
# cost is its mean transaction latency (pgbench -M prepared, one INSERT per
# transaction), and ratios are the median of the per-round ratios.
#
# Backend CPU time per insert comes from one psql session per round that
# runs batches of the three variants in turn; instructions per insert from
# callgrind (bench/lib/instructions.sh), each variant on agentgov.artifacts.
# ---------------------------------------------------------------------------
set -euo pipefail
shopt -s inherit_errexit
db=$AGENTGOV_DB
tmp=$AGENTGOV_TMP
secs=${BENCH_SECONDS:-6}
rounds=${BENCH_ROUNDS:-5}
variants=(none plpgsql native)
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
. "$AGENTGOV_TOP/bench/lib/cpu.sh"
. "$AGENTGOV_TOP/bench/lib/instructions.sh"
value() { psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
# median VALUES...
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

org=f7000000-0000-4000-8000-000000000001
user=f7100000-0000-4000-8000-000000000001

# The platform seed's increment_artifact_version on TABLE, made safe for
# concurrent writers the usual PL/pgSQL way: lock the key, then read
# max() + 1.  (One function per table: dynamic SQL would cost it more.)
plpgsql_trigger() {  # plpgsql_trigger FUNCTION TABLE
    cat <<SQL
CREATE FUNCTION $1() RETURNS trigger
LANGUAGE plpgsql AS \$\$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(NEW.project_id::text || '/' || NEW.type::text, 0));
    SELECT coalesce(max(a.version), 0) + 1 INTO NEW.version
      FROM $2 a
     WHERE a.project_id = NEW.project_id AND a.type = NEW.type;
    NEW.content_sha256 := sha256(convert_to(NEW.content::text, 'UTF8'));
    RETURN NEW;
END
\$\$;
CREATE TRIGGER bench_plpgsql BEFORE INSERT ON $2
    FOR EACH ROW EXECUTE FUNCTION $1();
SQL
}

psql_q <<SQL
SET client_min_messages = warning;
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES ('$org', 'Bench', 'versioning-bench', 'ENTERPRISE');
INSERT INTO agentgov.users (id, email, password_hash) VALUES ('$user', 'bench@versioning.test', 'x');
-- Projects f72...01 .. f72...04: client n writes to project n (or all to 1).
INSERT INTO agentgov.projects (id, org_id, name)
SELECT ('f7200000-0000-4000-8000-00000000000' || n)::uuid, '$org', 'Bench ' || n FROM generate_series(1, 4) n;

CREATE SCHEMA bench;
CREATE SEQUENCE bench.bare_version;
$(plpgsql_trigger bench.artifact_version_plpgsql agentgov.artifacts)

-- The tables the none and plpgsql variants write beside agentgov.artifacts.
CREATE TABLE bench.artifacts_none (LIKE agentgov.artifacts INCLUDING ALL);
CREATE TABLE bench.artifacts_plpgsql (LIKE agentgov.artifacts INCLUDING ALL);
DO \$\$
DECLARE
    t text;
    fk text;
BEGIN
    FOREACH t IN ARRAY ARRAY['bench.artifacts_none', 'bench.artifacts_plpgsql'] LOOP
        FOR fk IN SELECT pg_get_constraintdef(oid) FROM pg_constraint
                   WHERE conrelid = 'agentgov.artifacts'::regclass AND contype = 'f' LOOP
            EXECUTE format('ALTER TABLE %s ADD %s', t, fk);
        END LOOP;
    END LOOP;
END
\$\$;
ALTER TABLE bench.artifacts_none ALTER COLUMN version SET DEFAULT nextval('bench.bare_version');
ALTER TABLE bench.artifacts_plpgsql ALTER COLUMN version DROP DEFAULT;
$(plpgsql_trigger bench.artifact_version_plpgsql_copy bench.artifacts_plpgsql)
SQL

# The table each variant writes in the side-by-side runs.
declare -A table_of=([none]=bench.artifacts_none [plpgsql]=bench.artifacts_plpgsql
                     [native]=agentgov.artifacts)

# One INSERT of an artifact into TABLE; PROJECT (an SQL expression) is the series.
project1="'f7200000-0000-4000-8000-000000000001'"
insert_sql() {  # insert_sql TABLE PROJECT
    echo "INSERT INTO $1 (org_id, project_id, type, content, created_by) VALUES ('$org', $2, 'PRD', '{\"title\": \"benchmark artifact\", \"owner\": \"bench\", \"tags\": [\"a\", \"b\"]}', '$user')"
}

# The statements that put agentgov.artifacts in the state one variant
# measures, one per line (single-user mode reads them so, for the
# instruction counts).
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

# Empty tables for a side-by-side run: agentgov.artifacts with the native
# trigger, the other two tables truncated.
side_by_side_start() {
    { echo "SET client_min_messages = warning;"
      variant_sql native | sed 's/$/;/'
      echo "TRUNCATE bench.artifacts_none, bench.artifacts_plpgsql;"
      echo "VACUUM ANALYZE bench.artifacts_none, bench.artifacts_plpgsql;"
      echo "CHECKPOINT;"; } | psql_q
}

# Gap-free check of what the versioning variants wrote.
check_numbering() {
    local t bad
    for t in "${table_of[plpgsql]}" "${table_of[native]}"; do
        bad=$(value "SELECT count(*) FROM (SELECT project_id FROM $t GROUP BY project_id, type
                      HAVING count(*) <> max(version) OR count(DISTINCT version) <> count(*)) s")
        [ "$bad" -eq 0 ] || { echo "bench: $t has gaps or duplicates in $bad series" >&2; exit 1; }
    done
}

# ---- backend CPU time per insert, 1 client -----------------------------------
# Each round one psql session runs CPU_BATCHES cycles of a batch of CPU_BATCH
# prepared single-row INSERTs (each its own transaction) per variant, the
# backend's CPU time around each batch (/proc/PID/schedstat).  A variant's
# figure is its cheapest batch (other load only ever adds time); the ratio
# native / none is also given per cycle, whose batches ran back to back, and
# its median is the steadier figure.
cpu_batches=${CPU_BATCHES:-8}
cpu_batch=${CPU_BATCH:-250}
cpu_rounds=${CPU_ROUNDS:-4}
{
    for v in "${variants[@]}"; do echo "PREPARE ins_$v AS $(insert_sql "${table_of[$v]}" "$project1");"; done
    for ((b = 0; b < cpu_batches; b++)); do
        # none and native take turns to come first, right after plpgsql's
        # batch (which leaves other code and data in the caches)
        order=(none native plpgsql)
        ((b % 2 == 0)) || order=(native none plpgsql)
        for v in "${order[@]}"; do
            for ((i = 0; i < cpu_batch; i++)); do echo "EXECUTE ins_$v;"; done
            echo "-- batch $v"
        done
    done
} >"$tmp/cpu_inserts.sql"

declare -A cpu_best
cpu_ratios=()
if cpu_clock_available; then
    for round in $(seq 1 "$cpu_rounds"); do
        side_by_side_start
        backend_cpu_batches "$tmp/cpu_inserts.sql" "$cpu_batch" >"$tmp/cpu_batches.txt"
        check_numbering
        # The first cycle warms the caches: it does not count.
        while read -r v us; do keep_lowest cpu_best "$v" "$us"; done \
            < <(tail -n +$((${#variants[@]} + 1)) "$tmp/cpu_batches.txt")
        mapfile -t -O "${#cpu_ratios[@]}" cpu_ratios < <(awk -v k="${#variants[@]}" '
            NR > k { us[$1] = $2 }
            NR > k && NR % k == 0 { printf "%.3f\n", us["native"] / us["none"] }' "$tmp/cpu_batches.txt")
        echo "cpu round $round: $(awk '{ printf "%s %s, ", $1, $2 }' "$tmp/cpu_batches.txt")" >&2
    done
fi

# ---- instructions per insert, 1 client -----------------------------------------
# The same INSERTs in a single-user backend on a copy of the database,
# counted by callgrind (bench/lib/instructions.sh): IR_INSERTS more inserts
# in one file than in the other, so that everything else cancels out.  Each
# variant on agentgov.artifacts itself.
declare -A ir_of
if ir_available; then
    ir_inserts=${IR_INSERTS:-1000}
    ir_snapshot
    for variant in "${variants[@]}"; do
        variant_sql "$variant" >"$tmp/ir_setup.sql"
        ir_of[$variant]=$(ir_prepared_per_op "$variant" "$tmp/ir_setup.sql" \
                              "$(insert_sql agentgov.artifacts "$project1")" "$ir_inserts")
        echo "instructions, $variant: ${ir_of[$variant]} per insert" >&2
    done
fi

# ---- throughput, the three variants side by side ----------------------------------
write_scripts() {  # write_scripts NAME PROJECT: one pgbench script per variant
    local v
    for v in "${variants[@]}"; do
        { echo "\\set project $2"
          echo "$(insert_sql "${table_of[$v]}" "('f7200000-0000-4000-8000-00000000000' || :project)::uuid");"; } >"$tmp/$1_$v.sql"
    done
}
write_scripts own_series ":client_id % 4 + 1"
write_scripts shared_series 1

# Mean latency of each script in microseconds from pgbench's transaction
# logs (columns: client, transaction, latency us, script number, ...), as
# "none plpgsql native".
script_latencies() {  # script_latencies LOG_PREFIX
    cat "$1".* | awk '{ sum[$4] += $3; n[$4]++ }
        END { printf "%.1f %.1f %.1f\n", sum[0] / n[0], sum[1] / n[1], sum[2] / n[2] }'
}

run_side_by_side() {  # run_side_by_side CLIENTS SCRIPT_NAME -> "none plpgsql native" us
    local out log=$tmp/pgbench_log
    side_by_side_start
    rm -f "$log".*
    out=$(cd "$tmp" && pgbench -n -M prepared -d "$db" -c "$1" -j "$1" -T "$secs" \
              -l --log-prefix="$log" \
              -f "$tmp/$2_none.sql@1" -f "$tmp/$2_plpgsql.sql@1" -f "$tmp/$2_native.sql@1" 2>&1) \
        || { echo "$out" >&2; exit 1; }
    grep -q "^number of failed transactions: 0 " <<<"$out" || { echo "$out" >&2; exit 1; }
    check_numbering
    script_latencies "$log"
}

declare -A lat_of
scenarios=("1 client|1|own_series" "4 clients, 4 series|4|own_series" "4 clients, 1 series|4|shared_series")
for round in $(seq 1 "$rounds"); do
    for s in "${scenarios[@]}"; do
        IFS='|' read -r name clients script <<<"$s"
        lat_of[$name/$round]=$(run_side_by_side "$clients" "$script")
        echo "round $round, $name: mean latency none plpgsql native = ${lat_of[$name/$round]} us" >&2
    done
done

# per_round SCENARIO A B: latency(A) / latency(B) in each round (fields 1-3)
per_round() {
    local r
    for r in $(seq 1 "$rounds"); do
        awk -v a="$2" -v b="$3" '{ printf "%.4f\n", $a / $b }' <<<"${lat_of[$1/$r]}"
    done
}
median_field() {  # median_field SCENARIO FIELD: median latency of a variant
    median $(for r in $(seq 1 "$rounds"); do awk -v f="$2" '{ print $f }' <<<"${lat_of[$1/$r]}"; done)
}

echo
echo "Artifact INSERT, the three variants side by side in each pgbench run (random"
echo "order, 1:1:1): mean latency per insert, median of $rounds rounds x ${secs}s, and the"
echo "median of the per-round ratios"
printf '%-22s %10s %10s %10s %14s %14s\n' scenario "none us" "plpgsql us" "native us" "native cost" "native/plpgsql"
for s in "${scenarios[@]}"; do
    IFS='|' read -r name _ _ <<<"$s"
    printf '%-22s %10.1f %10.1f %10.1f %13.2fx %13.2fx\n' "$name" \
        "$(median_field "$name" 1)" "$(median_field "$name" 2)" "$(median_field "$name" 3)" \
        "$(median $(per_round "$name" 3 1))" "$(median $(per_round "$name" 2 3))"
done
echo "(native cost = latency(native) / latency(none) = tps(none) / tps(native) at equal"
echo " shares: 1.10x is 10 % slower than the bare insert; native/plpgsql > 1: native faster)"
if [ -n "${cpu_best[none]:-}" ]; then
    echo
    echo "Backend CPU time per INSERT, 1 client: cheapest batch of $cpu_batch, $cpu_rounds sessions of"
    echo "$cpu_batches cycles through the three variants (first cycle not counted)"
    cost_table us/insert %12.1f cpu_best none "${variants[@]}"
    awk -v p="${cpu_best[plpgsql]}" -v c="${cpu_best[native]}" \
        'BEGIN { printf "native vs plpgsql: %.2fx less CPU per insert; target: native <= 1.10x none\n", p / c }'
    echo "native / none per cycle: median $(median "${cpu_ratios[@]}") of ${#cpu_ratios[@]} cycles"
fi
if [ -n "${ir_of[none]:-}" ]; then
    echo
    echo "Instructions per INSERT, single-user backend (callgrind), $ir_inserts inserts"
    cost_table instructions %12d ir_of none "${variants[@]}"
fi
