#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# Fuzz suite (issue 20, docs/fuzz.md), short run: the demo sample, then
# FUZZ_STATEMENTS (default 10,000) hostile statements from seed FUZZ_SEED
# (default 1, so that `make test` is reproducible) against every table and
# every function of agentgov, as the owner and as the application role; then
# the checks of test/fuzz/agentgov_fuzz.py (server never restarted, no XX000,
# rollups = GROUP BY, audit chains intact, no cross-tenant reference, plan,
# rollup writes and NaN rules of issue 20).  `make fuzz` runs the long run
# (200,000 statements) through this same script.
# ---------------------------------------------------------------------------
set -euo pipefail
db=$AGENTGOV_DB
tmp=$AGENTGOV_TMP
top=$AGENTGOV_TOP
seed=${FUZZ_SEED:-1}
statements=${FUZZ_STATEMENTS:-10000}

psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$top/scripts/demo/sample.sql" >/dev/null

status=0
/usr/bin/python3 "$top/test/fuzz/agentgov_fuzz.py" --dsn "dbname=$db" --seed "$seed" \
    --statements "$statements" --log "$tmp/fuzz.log" || status=$?
if [ $status -ne 0 ]; then
    echo "every statement and its SQLSTATE: $tmp/fuzz.log (replay: FUZZ_SEED=$seed FUZZ_STATEMENTS=$statements)"
    [ -n "${FUZZ_KEEP_LOG:-}" ] && cp "$tmp/fuzz.log" "$FUZZ_KEEP_LOG"
fi
exit $status
