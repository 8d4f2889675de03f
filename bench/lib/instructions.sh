# bench/lib/instructions.sh: sourced by benchmarks (not a benchmark itself).
#
# Instructions per operation, counted by valgrind's callgrind in a
# single-user backend: a count other load on the machine does not move,
# where CPU time on a shared machine moves by several per cent between
# identical runs.  It leaves out what the count cannot see (cache misses,
# system calls, the client protocol, which single-user mode does not use),
# so it is shown beside CPU time, not instead of it.
#
# The single-user backend runs on a copy of the cluster taken with
# pg_basebackup, so the live cluster keeps running; every count starts
# from a fresh copy of that snapshot.
#
#   ir_available        valgrind and the harness's server are there
#   ir_snapshot         copy the cluster as it is now (after the set-up)
#   ir_count FILE       instructions a single-user backend on $db executes
#                       for FILE (one statement per line), start-up included
#   ir_per_op FILE_A FILE_B N
#                       (ir_count FILE_B - ir_count FILE_A) / N: FILE_B is
#                       FILE_A with N more operations, so start-up, set-up
#                       and shut-down cancel out
#   ir_prepared_per_op NAME SETUP STATEMENT N
#                       instructions per execution of STATEMENT, prepared,
#                       after the statements of file SETUP (one per line)
#
# Needs AGENTGOV_SERVER_BINDIR (the server the harness runs, which finds
# the extension) and AGENTGOV_PGUSER (who may run it); both come from
# scripts/harness.sh.

ir_available() {
    command -v valgrind >/dev/null 2>&1 && command -v callgrind_annotate >/dev/null 2>&1 &&
        [ -x "${AGENTGOV_SERVER_BINDIR:-}/postgres" ] && [ -n "${AGENTGOV_PGUSER:-}" ]
}

ir_as_pguser() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$AGENTGOV_PGUSER" -- "$@"; else "$@"; fi
}

ir_snapshot() {
    ir_dir=$tmp/instructions
    rm -rf "$ir_dir"
    mkdir -p "$ir_dir"
    pg_basebackup -D "$ir_dir/snapshot" -X stream -c fast >/dev/null
    chmod 700 "$ir_dir/snapshot"
    [ "$(id -u)" -eq 0 ] && chown -R "$AGENTGOV_PGUSER": "$ir_dir"
    return 0
}

ir_count() {
    local work=$ir_dir/work out=$ir_dir/callgrind.out
    rm -rf "$work" "$out"
    ir_as_pguser cp -a "$ir_dir/snapshot" "$work"
    ir_as_pguser valgrind --tool=callgrind --callgrind-out-file="$out" \
        "$AGENTGOV_SERVER_BINDIR/postgres" --single -D "$work" -c shared_buffers=128MB "$db" \
        <"$1" >"$ir_dir/single-user.log" 2>&1 \
        || { tail -n 20 "$ir_dir/single-user.log" >&2; return 1; }
    if grep -q 'ERROR:' "$ir_dir/single-user.log"; then
        grep -m 3 'ERROR:' "$ir_dir/single-user.log" >&2
        return 1
    fi
    callgrind_annotate "$out" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,
}

ir_per_op() {
    local a b
    a=$(ir_count "$1")
    b=$(ir_count "$2")
    echo $(((b - a) / $3))
}

ir_prepared_per_op() {
    local name=$1 setup=$2 statement=$3 n=$4 k i
    for k in 100 $((100 + n)); do
        { cat "$setup"; echo "PREPARE op AS $statement"
          for ((i = 0; i < k; i++)); do echo "EXECUTE op"; done; } >"$ir_dir/${name}_$k.sql"
    done
    ir_per_op "$ir_dir/${name}_100.sql" "$ir_dir/${name}_$((100 + n)).sql" "$n"
}
