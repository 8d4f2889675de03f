#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# harness.sh test|demo|bench|shell
#
# Everything `make test`, `make demo` and `make bench` do:
#   1. install the Debian packages the build and the tests need (apt-get),
#   2. build agentgov with -Werror,
#   3. install it into a private copy of PostgreSQL under a new temporary
#      directory (PostgreSQL finds its share and lib directories relative to
#      its own binary, so nothing outside the temporary directory is touched
#      and several runs can go on at once),
#   4. start a throwaway cluster there, as an unprivileged user when run as
#      root (the server refuses root), listening on a Unix socket only,
#   5. run the tests / the demo / the benchmarks,
#   6. stop the cluster and remove the directory, also on failure or
#      interrupt.  KEEP=1 keeps the cluster running and says how to reach it.
#
# Test kinds, each counted in the last line "N passed, N failed":
#   sql/*.sql + expected/*.out          pg_regress
#   test/isolation/specs/*.spec         pg_isolation_regress
#   test/pgtap/*.sql                    pg_prove, one fresh database each
#   test/scripts/*.sh                   shell tests (dump/restore, pgbench
#                                       races); pass = exit status 0
# ---------------------------------------------------------------------------
set -euo pipefail

mode=${1:-test}
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_MAJOR=15
PACKAGES=(postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR
          postgresql-$PG_MAJOR-pgtap libtap-parser-sourcehandler-pgtap-perl
          postgresql-$PG_MAJOR-cron
          python3-psycopg pgbouncer)   # the example application (docs/applications.md)
# pg_cron is optional for agentgov; the cluster preloads it so that
# test/scripts/maintenance_cron.sh can test schedule_maintenance() in the
# database cron.database_name names.
CRON_DB=agentgov_cron
# Benchmarks also count instructions (bench/lib/instructions.sh).
if [ "$mode" = bench ]; then PACKAGES+=(valgrind); fi

say() { echo "== $*" >&2; }
die() { echo "harness: $*" >&2; exit 1; }

# ---- 1. packages ----------------------------------------------------------
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
    else die "need root (or sudo) to run: $*"; fi
}

ensure_packages() {
    local missing=() p
    command -v dpkg-query >/dev/null 2>&1 || die "not a Debian system: install ${PACKAGES[*]} by hand"
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ---- 2. build, 3. private install -----------------------------------------
build_and_install() {
    case "${PG_CONFIG:-}" in ""|pg_config) PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config ;; esac
    export PG_CONFIG
    bindir=$("$PG_CONFIG" --bindir)
    sharedir=$("$PG_CONFIG" --sharedir)
    pkglibdir=$("$PG_CONFIG" --pkglibdir)
    pgxsdir=$(dirname "$(dirname "$("$PG_CONFIG" --pgxs)")")   # .../pgxs/src

    say "building"
    inst=$run/install
    # Runs started at once share the source tree: one builds and copies at a time.
    (
        flock 9
        make -C "$top" -s PG_CONFIG="$PG_CONFIG" COPT=-Werror >/dev/null
        make -C "$top" -s PG_CONFIG="$PG_CONFIG" install DESTDIR="$inst" >/dev/null
    ) 9>"$top/.build.lock"
    mkdir -p "$inst$bindir"
    cp "$bindir/postgres" "$bindir/initdb" "$bindir/pg_ctl" "$inst$bindir/"
    # Everything else of the server's share and lib directories, as symlinks.
    cp -rsn "$sharedir/." "$inst$sharedir/"
    cp -rsn "$pkglibdir/." "$inst$pkglibdir/"
    server_bindir=$inst$bindir
}

# ---- 4. cluster -----------------------------------------------------------
# Server commands run as $pguser: `postgres` when we are root, else ourselves.
as_pguser() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$pguser" -- "$@"; else "$@"; fi
}

start_cluster() {
    local conf=$run/data/postgresql.conf
    if [ "$(id -u)" -eq 0 ]; then
        pguser=postgres
        id "$pguser" >/dev/null 2>&1 || die "user $pguser is missing (it comes with postgresql-common)"
        chown "$pguser": "$run"
    else
        pguser=$(id -un)
    fi
    say "starting a throwaway cluster in $run"
    as_pguser "$server_bindir/initdb" -D "$run/data" -U postgres -A trust \
        -E UTF8 --no-locale >"$run/initdb.log" 2>&1 || { cat "$run/initdb.log" >&2; die "initdb failed"; }
    {
        echo "listen_addresses = ''"
        echo "unix_socket_directories = '$run'"
        echo "port = $PGPORT"
        echo "fsync = off"
        echo "full_page_writes = off"
        echo "synchronous_commit = off"
        echo "jit = off"
        echo "max_connections = 60"
        echo "max_prepared_transactions = 10"
        echo "lc_messages = 'C'"
        echo "log_min_messages = warning"
        echo "log_line_prefix = '%m [%p] %d '"
        if [ "$mode" != bench ]; then
            echo "shared_preload_libraries = 'pg_cron'"
            echo "cron.database_name = '$CRON_DB'"
            echo "cron.host = '$run'"
        fi
        if [ "$mode" = bench ]; then
            echo "shared_buffers = 1GB"
            echo "max_wal_size = 8GB"
            echo "checkpoint_timeout = 30min"
            echo "work_mem = 64MB"
            echo "maintenance_work_mem = 512MB"
        else
            echo "shared_buffers = 128MB"
        fi
    } >>"$conf"
    as_pguser "$server_bindir/pg_ctl" -D "$run/data" -l "$run/server.log" -w -t 60 start >/dev/null \
        || { cat "$run/server.log" >&2; die "server did not start"; }
    started=1
}

stop_cluster() {
    [ "${started:-0}" = 1 ] || return 0
    as_pguser "$server_bindir/pg_ctl" -D "$run/data" -m fast -w -t 60 stop >/dev/null 2>&1 \
        || as_pguser "$server_bindir/pg_ctl" -D "$run/data" -m immediate -w stop >/dev/null 2>&1 \
        || true
    started=0
}

cleanup() {
    local rc=$?
    if [ "${KEEP:-0}" = 1 ] && [ "${started:-0}" = 1 ]; then
        cat >&2 <<EOF

The cluster keeps running (KEEP=1).  Connect with:
    psql -h $run -p $PGPORT -U postgres ${keepdb:-postgres}
Stop it and remove its directory with:
    $( [ "$(id -u)" -eq 0 ] && echo "runuser -u $pguser -- " )$server_bindir/pg_ctl -D $run/data stop && rm -rf $run
EOF
        exit $rc
    fi
    stop_cluster
    [ -n "${run:-}" ] && rm -rf "$run"
    exit $rc
}

# ---- 5. tests -------------------------------------------------------------
passed=0
failed=0
failures=()

record() {  # record NAME STATUS
    if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$1"); fi
}

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# A database with agentgov and pgTAP, cloned by each pgTAP file and script test.
make_template() {
    psql_q -d postgres -c "CREATE DATABASE agentgov_template"
    psql_q -d agentgov_template -c "CREATE EXTENSION agentgov CASCADE" -c "CREATE EXTENSION pgtap"
}

fresh_db() {  # fresh_db NAME
    psql_q -d postgres -c "SET client_min_messages = warning" \
        -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 TEMPLATE agentgov_template"
}

run_regress() {
    local tests out status line before
    read -r -a tests <<<"$(make -C "$top" -s list-regress PG_CONFIG="$PG_CONFIG")"
    [ ${#tests[@]} -gt 0 ] || return 0
    say "pg_regress: ${#tests[@]} tests"
    out=$run/regress
    mkdir -p "$out"
    set +e
    "$pgxsdir/test/regress/pg_regress" --bindir="$bindir" --inputdir="$top" \
        --outputdir="$out" --dbname=agentgov_regression \
        --load-extension=pgcrypto --load-extension=agentgov \
        "${tests[@]}" >"$out/log" 2>&1
    status=$?
    set -e
    cat "$out/log"
    before=$failed
    count_results "$out/log" regress
    if [ $status -ne 0 ]; then
        keep_results "$out" results
        # A run that stopped early (no expected file, a crash) fails too.
        [ $failed -gt $before ] || record "pg_regress (exit status $status)" 1
    fi
}

run_isolation() {
    local specs out status before
    read -r -a specs <<<"$(make -C "$top" -s list-isolation PG_CONFIG="$PG_CONFIG")"
    [ ${#specs[@]} -gt 0 ] || return 0
    say "isolation: ${#specs[@]} specs"
    out=$run/isolation
    mkdir -p "$out"
    set +e
    "$pgxsdir/test/isolation/pg_isolation_regress" --bindir="$bindir" \
        --inputdir="$top/test/isolation" --outputdir="$out" \
        --dbname=agentgov_isolation --load-extension=pgcrypto --load-extension=agentgov \
        "${specs[@]}" >"$out/log" 2>&1
    status=$?
    set -e
    cat "$out/log"
    before=$failed
    count_results "$out/log" isolation
    if [ $status -ne 0 ]; then
        keep_results "$out" results/isolation
        [ $failed -gt $before ] || record "isolation (exit status $status)" 1
    fi
}

# Show the diffs of a failed run and leave its results in the source tree
# (results/ is ignored by git), where pg_regress itself would leave them.
keep_results() {  # keep_results OUTDIR RELATIVE_DEST
    [ -f "$1/regression.diffs" ] && head -n 400 "$1/regression.diffs"
    mkdir -p "$top/$2"
    cp "$1"/results/*.out "$top/$2/" 2>/dev/null || true
    [ -f "$1/regression.diffs" ] && cp "$1/regression.diffs" "$top/$2/regression.diffs"
    say "results of the failed run are in $top/$2"
}

# Count pg_regress result lines: "test NAME ... ok" / "... FAILED".
count_results() {
    local name result
    while read -r name result; do
        record "$2/$name" "$([ "$result" = ok ] && echo 0 || echo 1)"
    done < <(sed -nE 's/^(test +| +)?([A-Za-z0-9_.-]+) +\.\.\. +(ok|FAILED|failed).*/\2 \3/p' "$1")
}

run_pgtap() {
    local f name status
    shopt -s nullglob
    local files=("$top"/test/pgtap/*.sql)
    shopt -u nullglob
    [ ${#files[@]} -gt 0 ] || return 0
    say "pgTAP: ${#files[@]} files"
    for f in "${files[@]}"; do
        name=$(basename "$f" .sql)
        fresh_db "tap_$name"
        set +e
        pg_prove -d "tap_$name" "$f" >"$run/pgtap_$name.log" 2>&1
        status=$?
        set -e
        if [ $status -eq 0 ]; then echo "pgtap $name ... ok"; else echo "pgtap $name ... FAILED"; cat "$run/pgtap_$name.log"; fi
        record "pgtap/$name" $status
    done
}

run_scripts() {
    local f name status
    shopt -s nullglob
    local files=("$top"/test/scripts/*.sh)
    shopt -u nullglob
    [ ${#files[@]} -gt 0 ] || return 0
    say "script tests: ${#files[@]}"
    for f in "${files[@]}"; do
        name=$(basename "$f" .sh)
        fresh_db "script_$name"
        mkdir -p "$run/tmp_$name"
        set +e
        AGENTGOV_DB="script_$name" AGENTGOV_TMP="$run/tmp_$name" AGENTGOV_TOP="$top" \
            AGENTGOV_CRON_DB="$CRON_DB" \
            PATH="$bindir:$PATH" bash "$f" >"$run/script_$name.log" 2>&1
        status=$?
        set -e
        if [ $status -eq 0 ]; then echo "script $name ... ok"; else echo "script $name ... FAILED"; tail -n 60 "$run/script_$name.log"; fi
        record "script/$name" $status
    done
}

run_tests() {
    make_template
    run_regress
    run_isolation
    run_pgtap
    run_scripts
    if [ $failed -gt 0 ]; then
        echo "failed: ${failures[*]}"
    fi
    echo "$passed passed, $failed failed"
    [ $failed -eq 0 ]
}

# ---- demo and bench -------------------------------------------------------
run_demo() {
    keepdb=agentgov_demo
    psql_q -d postgres -c "CREATE DATABASE agentgov_demo"
    psql_q -d agentgov_demo -c "CREATE EXTENSION agentgov CASCADE"
    say "loading the sample"
    psql_q -d agentgov_demo -f "$top/scripts/demo/sample.sql"
    say "report"
    psql -X -v ON_ERROR_STOP=1 -P pager=off -d agentgov_demo -f "$top/scripts/demo/report.sql"
}

run_bench() {
    local f
    shopt -s nullglob
    local files=("$top"/bench/*.sh)
    shopt -u nullglob
    [ ${#files[@]} -gt 0 ] || { say "no benchmarks in bench/"; return 0; }
    psql_q -d postgres -c "CREATE DATABASE agentgov_template"
    psql_q -d agentgov_template -c "CREATE EXTENSION agentgov CASCADE"
    for f in "${files[@]}"; do
        if [ -n "${BENCH:-}" ] && [ "$(basename "$f" .sh)" != "$BENCH" ]; then continue; fi
        say "bench $(basename "$f" .sh)"
        fresh_db bench_db
        mkdir -p "$run/bench_tmp"
        AGENTGOV_DB=bench_db AGENTGOV_TMP="$run/bench_tmp" AGENTGOV_TOP="$top" \
            AGENTGOV_SERVER_BINDIR="$server_bindir" AGENTGOV_PGUSER="$pguser" \
            PATH="$bindir:$PATH" bash "$f"
    done
}

# ---- main -----------------------------------------------------------------
case "$mode" in test|demo|bench|shell) ;; *) die "usage: harness.sh test|demo|bench|shell" ;; esac

ensure_packages
run=$(mktemp -d "${TMPDIR:-/tmp}/agentgov-$mode.XXXXXX")
chmod 755 "$run"
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

build_and_install
export PGHOST=$run PGUSER=postgres PSQLRC=/dev/null PGPORT=${PGPORT:-$((50000 + RANDOM % 10000))}
export PATH="$bindir:$PATH"
start_cluster

case "$mode" in
    test) run_tests ;;
    demo) run_demo ;;
    bench) run_bench ;;
    shell) KEEP=1 ;;
esac
