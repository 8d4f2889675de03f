# bench/lib/cpu.sh: sourced by benchmarks (not a benchmark itself).
#
# backend_cpu_us FILE N: run the N statements of FILE in one psql session on
# $db (each its own transaction unless FILE says otherwise) and print the
# backend's CPU time per statement in microseconds, read from
# /proc/PID/schedstat before and after.  Unlike tps, other load on the
# machine barely moves it.  cpu_clock_available says whether it can be read.
cpu_clock_available() { [ -r /proc/self/schedstat ]; }

backend_cpu_us() {
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" <<SQL | awk -v n="$2" 'NF == 3 { c[++k] = $1 } END { printf "%.1f\n", (c[2] - c[1]) / 1e3 / n }'
SELECT pg_backend_pid() AS backend_pid \gset
\setenv AGENTGOV_BACKEND_PID :backend_pid
\! cat /proc/\$AGENTGOV_BACKEND_PID/schedstat
\i $1
\! cat /proc/\$AGENTGOV_BACKEND_PID/schedstat
SQL
}

# backend_cpu_batches FILE N: FILE holds batches of N statements, each
# followed by a line "-- batch LABEL"; runs them in one psql session and
# prints a line "LABEL us" per batch, us being the backend's CPU time per
# statement of that batch.  Batches of several configurations interleaved
# in one session share the machine's state at each moment: a burst of
# other load spoils a batch or two of each, not one configuration's figure.
backend_cpu_batches() {
    sed 's|^-- batch \(.*\)$|\\echo batch \1\n\\! cat /proc/$AGENTGOV_BACKEND_PID/schedstat|' "$1" >"$1.run"
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" <<SQL | awk -v n="$2" '
        $1 == "batch" { label = $2; next }
        NF == 3 { if (label != "") printf "%s %.2f\n", label, ($1 - last) / 1e3 / n; last = $1 }'
SELECT pg_backend_pid() AS backend_pid \gset
\setenv AGENTGOV_BACKEND_PID :backend_pid
\! cat /proc/\$AGENTGOV_BACKEND_PID/schedstat
\i $1.run
SQL
}

# keep_lowest ARRAY KEY VALUE: ARRAY[KEY] = min(ARRAY[KEY], VALUE)
keep_lowest() {
    local -n lowest=$1
    if [ -z "${lowest[$2]:-}" ] || awk -v a="$3" -v b="${lowest[$2]}" 'BEGIN { exit !(a < b) }'; then
        lowest[$2]=$3
    fi
}

# cost_table UNIT FORMAT ARRAY BASE KEY...: one line per KEY, ARRAY[KEY] in
# printf FORMAT under the heading UNIT, and its ratio to ARRAY[BASE].
cost_table() {
    local unit=$1 format=$2 base=$4 key
    local -n figures=$3
    shift 4
    printf '%-30s %12s %13s\n' "configuration" "$unit" "cost vs $base"
    for key in "$@"; do
        printf "%-30s $format %12.3fx\n" "$key" "${figures[$key]}" \
            "$(awk -v b="${figures[$base]}" -v x="${figures[$key]}" 'BEGIN { print x / b }')"
    done
}
