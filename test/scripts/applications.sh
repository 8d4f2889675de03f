#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# The example application of docs/applications.md, run as the guide says.
#
# 1. The guide shows examples/agentgov_app.py whole: its ```python blocks,
#    put together, must be the file, byte for byte.
# 2. As the application role (set up by the program's `setup`), `demo` runs
#    every kind of request and refusal; its output must be the guide's
#    ```text block.  `two-clients` interleaves two actors.
# 3. The same through PgBouncer (transaction pooling, two server
#    connections, a Unix socket of its own), started here against a second
#    database of the throwaway cluster: the same demo output, and two
#    clients whose transactions share server connections never see each
#    other's rows nor start with the other's actor.
# ---------------------------------------------------------------------------
set -euo pipefail
top=${AGENTGOV_TOP:?}
tmp=${AGENTGOV_TMP:?}
db=${AGENTGOV_DB:?}
db2=${db}_pooled
role=webapp
python=/usr/bin/python3          # Debian's, with python3-psycopg
app=$top/examples/agentgov_app.py
bdir=$tmp/pgbouncer
bport=$((20000 + RANDOM % 10000))

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
    if [ -f "$bdir/pgbouncer.pid" ]; then
        kill "$(cat "$bdir/pgbouncer.pid")" 2>/dev/null || true
        for _ in $(seq 50); do [ -f "$bdir/pgbouncer.pid" ] || break; sleep 0.1; done
    fi
    psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db2" >/dev/null || true
    psql -X -q -d "$db" -c "DROP OWNED BY $role" >/dev/null 2>&1 || true
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS $role" >/dev/null || true
}
trap cleanup EXIT

# ---- 1. the guide shows the program ------------------------------------------
"$python" - "$top/docs/applications.md" "$app" "$tmp/expected.txt" <<'PY'
import re, sys
guide, app, expected = sys.argv[1:]
text = open(guide, encoding='utf-8').read()
blocks = re.findall(r'^```(\w*)\n(.*?)^```', text, re.S | re.M)
code = '\n\n'.join(body for lang, body in blocks if lang == 'python')
if code != open(app, encoding='utf-8').read():
    sys.exit(f'the ```python blocks of {guide} are not {app}: update the guide')
outputs = [body for lang, body in blocks if lang == 'text']
if len(outputs) != 1:
    sys.exit(f'{guide} should show one ```text block (the output of demo), not {len(outputs)}')
open(expected, 'w').write(outputs[0])
PY
echo "the guide shows examples/agentgov_app.py"

check_demo() {  # check_demo OUTPUT_FILE
    if ! diff -u "$tmp/expected.txt" "$1"; then
        echo "the output of demo ($1) is not the one docs/applications.md shows"; exit 1
    fi
}

# ---- 2. directly --------------------------------------------------------------
"$python" "$app" setup "dbname=$db" "$role"
"$python" "$app" demo "dbname=$db user=$role" >"$tmp/demo.out"
check_demo "$tmp/demo.out"
"$python" "$app" two-clients "dbname=$db user=$role"

# ---- 3. through PgBouncer -------------------------------------------------------
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $db2"
psql -X -q -v ON_ERROR_STOP=1 -d "$db2" -c "SET client_min_messages = warning" -c "CREATE EXTENSION agentgov CASCADE"
"$python" "$app" setup "dbname=$db2" "$role"

mkdir -p "$bdir"
cat >"$bdir/pgbouncer.ini" <<INI
[databases]
agentgov = host=$PGHOST port=$PGPORT dbname=$db2

[pgbouncer]
listen_addr =
listen_port = $bport
unix_socket_dir = $bdir
auth_type = trust
auth_file = $bdir/userlist.txt
pool_mode = transaction
default_pool_size = 2
max_client_conn = 20
logfile = $bdir/pgbouncer.log
pidfile = $bdir/pgbouncer.pid
INI
echo "\"$role\" \"\"" >"$bdir/userlist.txt"
if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$bdir"; fi
as_postgres pgbouncer -d "$bdir/pgbouncer.ini"
for _ in $(seq 100); do [ -S "$bdir/.s.PGSQL.$bport" ] && break; sleep 0.1; done
[ -S "$bdir/.s.PGSQL.$bport" ] || { echo "pgbouncer did not start"; cat "$bdir/pgbouncer.log"; exit 1; }

pooled="host=$bdir port=$bport dbname=agentgov user=$role"
"$python" "$app" demo "$pooled" --pooled >"$tmp/demo_pooled.out"
check_demo "$tmp/demo_pooled.out"
"$python" "$app" two-clients "$pooled" --pooled
echo "the example application works directly and through PgBouncer"
