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

# keep_lowest ARRAY KEY VALUE: ARRAY[KEY] = min(ARRAY[KEY], VALUE)
keep_lowest() {
    local -n lowest=$1
    if [ -z "${lowest[$2]:-}" ] || awk -v a="$3" -v b="${lowest[$2]}" 'BEGIN { exit !(a < b) }'; then
        lowest[$2]=$3
    fi
}
