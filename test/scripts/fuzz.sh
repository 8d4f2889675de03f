#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# Fuzz suite (issue 20, docs/fuzz.md), short run: the demo sample, then
# FUZZ_STATEMENTS (default 10,000) hostile statements from seed FUZZ_SEED
# (default 1, so that `make test` is reproducible) against every table and
# every function of agentgov, as the owner and as the application role; then
# the checks of test/fuzz/agentgov_fuzz.py (server never restarted, no XX000,
# rollups = GROUP BY, audit chains intact, no cross-tenant reference, plan,
# rollup writes and NaN rules of issue 20).  FUZZ_JOBS (default 1) splits
# the statements among that many fuzzers, each in its own copy of the
# database with seed FUZZ_SEED + job number.  `make fuzz` runs the long run
# (200,000 statements, 4 jobs) through this same script.
# ---------------------------------------------------------------------------
set -euo pipefail
db=$AGENTGOV_DB
tmp=$AGENTGOV_TMP
top=$AGENTGOV_TOP
seed=${FUZZ_SEED:-1}
statements=${FUZZ_STATEMENTS:-10000}
jobs=${FUZZ_JOBS:-1}

psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$top/scripts/demo/sample.sql" >/dev/null

dbs=("$db")
for ((j = 1; j < jobs; j++)); do
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "SET client_min_messages = warning" \
        -c "DROP DATABASE IF EXISTS ${db}_$j" -c "CREATE DATABASE ${db}_$j TEMPLATE $db"
    dbs+=("${db}_$j")
done

pids=()
for ((j = 0; j < jobs; j++)); do
    n=$((statements / jobs + (j == 0 ? statements % jobs : 0)))
    out=$tmp/fuzz_$j
    if [ "$jobs" -eq 1 ]; then
        /usr/bin/python3 "$top/test/fuzz/agentgov_fuzz.py" --dsn "dbname=${dbs[$j]}" --seed $((seed + j)) \
            --statements "$n" --log "$out.log" --summary "$out.json" &
    else
        /usr/bin/python3 "$top/test/fuzz/agentgov_fuzz.py" --dsn "dbname=${dbs[$j]}" --seed $((seed + j)) \
            --statements "$n" --log "$out.log" --summary "$out.json" >"$out.out" 2>&1 &
    fi
    pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
if [ "$jobs" -gt 1 ]; then
    for ((j = 0; j < jobs; j++)); do echo "---- job $j"; grep -v '^  [0-9]* statements' "$tmp/fuzz_$j.out"; done
    echo "----"
    /usr/bin/python3 "$top/test/fuzz/summarize.py" $(for ((j = 0; j < jobs; j++)); do echo "$tmp/fuzz_$j.json"; done) || status=1
fi
if [ $status -ne 0 ]; then
    echo "every statement and its SQLSTATE: $tmp/fuzz_N.log (replay: FUZZ_SEED=$seed FUZZ_STATEMENTS=$statements FUZZ_JOBS=$jobs)"
    if [ -n "${FUZZ_KEEP_LOG:-}" ]; then mkdir -p "$FUZZ_KEEP_LOG" && cp "$tmp"/fuzz_* "$FUZZ_KEEP_LOG"/; fi
fi
exit $status
