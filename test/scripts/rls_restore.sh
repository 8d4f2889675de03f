#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# Row-level security survives pg_dump / pg_restore exactly once.
#
# CREATE EXTENSION creates agentgov's policies in the restored database;
# pg_dump (since the February 2024 minor releases) leaves the policies of an
# extension's tables out of the dump, so the restore neither duplicates
# them ("policy ... already exists") nor loses them.  After the restore the
# policies are identical to the source's, every table has row-level
# security, and the application role (whose grants the dump carries) is
# confined exactly as before.
# ---------------------------------------------------------------------------
set -euo pipefail
db=$AGENTGOV_DB
restored=${db}_restored
dump=$AGENTGOV_TMP/rls.dump
app=regress_restore_app
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
fail() { echo "rls_restore: $*"; exit 1; }

cleanup() {
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $restored" >/dev/null 2>&1 || true
    psql -X -q -d "$db" -c "DROP OWNED BY $app" >/dev/null 2>&1 || true
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS $app" >/dev/null 2>&1 || true
}
trap cleanup EXIT

psql_q -d "$db" -f "$AGENTGOV_TOP/scripts/demo/sample.sql"
psql_q -d "$db" -c "CREATE ROLE $app" -c "SELECT agentgov.grant_app_access('$app')"

pg_dump -Fc -f "$dump" "$db" 2>"$AGENTGOV_TMP/pg_dump.err" || { cat "$AGENTGOV_TMP/pg_dump.err"; exit 1; }
if pg_restore -l "$dump" | grep -Eq ' (POLICY|ROW SECURITY) '; then
    fail "this pg_dump ($(pg_dump --version)) writes out the policies of extension tables; see README \"Backup and restore\""
fi
psql_q -d postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS $restored" -c "CREATE DATABASE $restored TEMPLATE template0"
pg_restore --exit-on-error -d "$restored" "$dump"

policies() {
    psql -X -At -v ON_ERROR_STOP=1 -d "$1" -c "
        SELECT tablename, policyname, permissive, roles, cmd, qual, with_check
          FROM pg_policies WHERE schemaname = 'agentgov' ORDER BY tablename, policyname" \
        -c "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class
             WHERE relnamespace = 'agentgov'::regnamespace AND relkind = 'r' ORDER BY relname"
}
policies "$db" >"$AGENTGOV_TMP/policies_before.txt"
policies "$restored" >"$AGENTGOV_TMP/policies_after.txt"
n=$(grep -c '|' "$AGENTGOV_TMP/policies_before.txt")
[ "$n" -gt 200 ] || fail "only $n policy and table lines in the source"
diff -u "$AGENTGOV_TMP/policies_before.txt" "$AGENTGOV_TMP/policies_after.txt" || fail "restored policies differ"
if grep -q '|f|' "$AGENTGOV_TMP/policies_after.txt"; then
    fail "a restored table has no row-level security"
fi

# The application role in the restored database: Globex's ADMIN sees only
# Globex, Acme's VIEWER writes nothing, nobody is visible without an actor.
check() {  # check DESCRIPTION EXPECTED SQL
    local got
    got=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$restored" 2>&1 <<SQL | tail -n 1
SET ROLE $app;
BEGIN;
$3;
COMMIT;
SQL
)
    [ "$got" = "$2" ] || fail "$1: expected '$2', got '$got'"
}
dave=b1000000-0000-4000-8000-000000000004
carol=b1000000-0000-4000-8000-000000000003
check "Globex ADMIN's projects" "Globex Intranet" \
    "SELECT agentgov.set_actor('$dave'); SELECT string_agg(name, ',') FROM agentgov.projects"
check "Acme rows Globex's ADMIN sees" "0" \
    "SELECT agentgov.set_actor('$dave'); SELECT count(*) FROM agentgov.artifacts WHERE org_id = 'a1000000-0000-4000-8000-000000000001'"
check "Acme VIEWER's artifacts" "3" \
    "SELECT agentgov.set_actor('$carol'); SELECT count(*) FROM agentgov.artifacts"
check "Acme VIEWER's update" "0" \
    "SELECT agentgov.set_actor('$carol'); WITH u AS (UPDATE agentgov.artifacts SET evidence_tier = evidence_tier RETURNING 1) SELECT count(*) FROM u"
check "users without an actor" "0" "SELECT count(*) FROM agentgov.users"
echo "rls_restore: $n policy and table lines identical after restore; the application role is confined"
