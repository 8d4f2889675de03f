#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# Backup and restore the way any PostgreSQL user does it: pg_dump -Fc, then
# pg_restore -d NEW as a superuser, with no settings and no PGOPTIONS.  A
# database holding rows in every agentgov table, with an edited default gate
# policy, is restored four ways (plain, --exit-on-error, --single-transaction,
# and a plain-format dump run by psql); each time
#   - the restore succeeds and prints nothing;
#   - every table's content comes back identical (fingerprints of every
#     table: the restore adds no rows of its own, no audit rows, rollups or
#     counters, and the edited default is kept);
#   - the audit chains verify, and the counters continue: artifact and
#     generation versions, the audit_log id, the chain.
# A non-superuser restore fails at its first step and says what to do;
# pg_dump prints no warning but the three documented ones.
# ---------------------------------------------------------------------------
set -euo pipefail
db=$AGENTGOV_DB
restored=${db}_restored
dump=$AGENTGOV_TMP/agentgov.dump
restorer=regress_dump_restorer
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
q() { psql -X -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
fail() { echo "dump_restore: $*"; exit 1; }

cleanup() {
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $restored" >/dev/null 2>&1 || true
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS $restorer" >/dev/null 2>&1 || true
}
trap cleanup EXIT

psql_q -d "$db" -f "$AGENTGOV_TOP/scripts/demo/sample.sql"
# An edited global default must survive (CREATE EXTENSION seeds 76).
psql_q -d "$db" -c "UPDATE agentgov.gate_policies SET threshold = 81 WHERE org_id IS NULL AND phase = 'VRC'"

# The sample must reach every table, or this test proves nothing for it.
empty=$(psql -X -At -d "$db" -c "
    SELECT c.relname FROM pg_class c
     WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind = 'r'
       AND NOT EXISTS (SELECT 1 FROM pg_stat_user_tables s
                        WHERE s.relid = c.oid AND s.n_live_tup + s.n_tup_ins > 0)
     ORDER BY 1" )
for t in $empty; do
    n=$(psql -X -At -d "$db" -c "SELECT count(*) FROM agentgov.$t")
    [ "$n" -gt 0 ] || fail "table agentgov.$t has no rows in the sample"
done

# Every table is dumped whole: no config-dump filter is left.
filters=$(q "$db" "SELECT count(*) FROM pg_extension, unnest(extcondition) c WHERE extname = 'agentgov' AND c <> ''")
[ "$filters" -eq 0 ] || fail "$filters tables are dumped with a filter"

# Fingerprint of every table: row count and a digest of its sorted rows.
fingerprint() {
    psql -X -At -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
SELECT format('SELECT %L, count(*), md5(coalesce(string_agg(x::text, E''\n'' ORDER BY x::text), '''')) FROM agentgov.%I x',
              c.relname, c.relname)
  FROM pg_class c
 WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind = 'r'
 ORDER BY c.relname
\gexec
SQL
}
# Every audit chain: its key, rows checked and first broken id.
chains() {
    q "$1" "SELECT c.chain_key, v.rows_checked, coalesce(v.first_broken_id::text, 'intact')
              FROM agentgov.audit_chain_heads c,
                   agentgov.verify_audit_chain(nullif(c.chain_key, '00000000-0000-0000-0000-000000000000')) v
             ORDER BY c.chain_key"
}
fingerprint "$db" >"$AGENTGOV_TMP/before.txt"
chains "$db" >"$AGENTGOV_TMP/chains_before.txt"
tables=$(wc -l <"$AGENTGOV_TMP/before.txt")
[ "$tables" -ge 57 ] || fail "only $tables tables fingerprinted"
grep -qv '|intact$' "$AGENTGOV_TMP/chains_before.txt" && fail "a chain is broken before the dump"

# pg_dump warns about the self-referencing foreign keys of messages,
# specifications and tasks (docs/operations.md), and about nothing else.
pg_dump -Fc -f "$dump" "$db" 2>"$AGENTGOV_TMP/pg_dump.err" || { cat "$AGENTGOV_TMP/pg_dump.err"; exit 1; }
pg_dump -Fp -f "$AGENTGOV_TMP/agentgov.sql" "$db" 2>/dev/null
warned=$(sed -n 's/^pg_dump: detail: //p' "$AGENTGOV_TMP/pg_dump.err" | sort | paste -sd,)
[ "$warned" = "messages,specifications,tasks" ] || { cat "$AGENTGOV_TMP/pg_dump.err"; fail "unexpected pg_dump warnings"; }
others=$(grep -v -e '^pg_dump: warning: there are circular foreign-key constraints on this table:$' \
                 -e '^pg_dump: detail: ' -e '^pg_dump: hint: ' "$AGENTGOV_TMP/pg_dump.err" || true)
[ -z "$others" ] || fail "pg_dump printed: $others"

fresh_target() {
    psql_q -d postgres -c "SET client_min_messages = warning" \
        -c "DROP DATABASE IF EXISTS $restored" -c "CREATE DATABASE $restored TEMPLATE template0"
}

# ---- the restores -----------------------------------------------------------
check_restored() {  # check_restored HOW
    local how=$1
    fingerprint "$restored" >"$AGENTGOV_TMP/after.txt"
    diff -u "$AGENTGOV_TMP/before.txt" "$AGENTGOV_TMP/after.txt" || fail "$how: restored content differs"
    [ "$(q "$restored" "SELECT threshold FROM agentgov.gate_policies WHERE org_id IS NULL AND phase = 'VRC'")" = 81 ] \
        || fail "$how: the edited default gate policy is lost"
    [ "$(q "$restored" "SELECT count(*) FROM agentgov.gate_policies WHERE org_id IS NULL")" = 4 ] \
        || fail "$how: default gate policies duplicated or lost"
    chains "$restored" >"$AGENTGOV_TMP/chains_after.txt"
    diff -u "$AGENTGOV_TMP/chains_before.txt" "$AGENTGOV_TMP/chains_after.txt" || fail "$how: chains differ after restore"

    # Counters continue where the source stopped.
    local v_old g_old id_old out
    v_old=$(q "$db" "SELECT max(version) FROM agentgov.artifacts WHERE project_id = 'd1000000-0000-4000-8000-000000000001' AND type = 'PROBLEM'")
    g_old=$(q "$db" "SELECT max(generation_version) FROM agentgov.generated_projects WHERE project_id = 'd1000000-0000-4000-8000-000000000003'")
    id_old=$(q "$db" "SELECT max(id) FROM agentgov.audit_log")
    out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$restored" <<'SQL'
BEGIN;
SELECT agentgov.set_actor('b1000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.artifacts (org_id, project_id, type, content, created_by)
VALUES ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000001', 'PROBLEM',
        '{"statement": "after the restore"}', 'b1000000-0000-4000-8000-000000000001')
RETURNING version;
INSERT INTO agentgov.generated_projects (org_id, project_id, total_files, total_lines)
VALUES ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000003', 1, 1)
RETURNING generation_version;
UPDATE agentgov.projects SET description = 'changed after the restore'
 WHERE id = 'd1000000-0000-4000-8000-000000000001';
COMMIT;
SELECT min(id) FROM agentgov.audit_log WHERE id > (SELECT max(id) FROM agentgov.audit_log) - 2;
SQL
)
    [ "$(echo "$out" | sed -n 2p)" = $((v_old + 1)) ] || fail "$how: artifact version does not continue: $out"
    [ "$(echo "$out" | sed -n 3p)" = $((g_old + 1)) ] || fail "$how: generation version does not continue: $out"
    [ "$(echo "$out" | tail -n 1)" -gt "$id_old" ] || fail "$how: audit_log ids restarted: $out"
    chains "$restored" >"$AGENTGOV_TMP/chains_later.txt"
    grep -qv '|intact$' "$AGENTGOV_TMP/chains_later.txt" && fail "$how: a chain broke after new writes"
    grown=$(join -t'|' "$AGENTGOV_TMP/chains_before.txt" "$AGENTGOV_TMP/chains_later.txt" | awk -F'|' '$4 > $2' | wc -l)
    [ "$grown" -eq 1 ] || fail "$how: expected Acme's chain to grow, $grown chains did"
    echo "$how: $tables tables identical, edited default kept, chains intact, counters continue"
}

restore_with() {  # restore_with HOW COMMAND...
    local how=$1; shift
    fresh_target
    local rc=0
    "$@" >"$AGENTGOV_TMP/restore.out" 2>&1 || rc=$?
    [ $rc -eq 0 ] || { cat "$AGENTGOV_TMP/restore.out"; fail "$how: exit status $rc"; }
    [ ! -s "$AGENTGOV_TMP/restore.out" ] || { cat "$AGENTGOV_TMP/restore.out"; fail "$how: printed messages"; }
    check_restored "$how"
}

restore_with "pg_restore" pg_restore -d "$restored" "$dump"
restore_with "pg_restore --exit-on-error" pg_restore --exit-on-error -d "$restored" "$dump"
restore_with "pg_restore --single-transaction" pg_restore --single-transaction -d "$restored" "$dump"
restore_with "psql -f plain dump" psql -X -q -v ON_ERROR_STOP=1 -o /dev/null -d "$restored" -f "$AGENTGOV_TMP/agentgov.sql"

# ---- a restore that cannot be done right fails at its first step ----------
# A non-superuser cannot create the extension: pg_restore stops there.
psql_q -d postgres -c "CREATE ROLE $restorer LOGIN CREATEDB BYPASSRLS"
fresh_target
psql_q -d postgres -c "ALTER DATABASE $restored OWNER TO $restorer"
if pg_restore --exit-on-error -U "$restorer" -d "$restored" "$dump" 2>"$AGENTGOV_TMP/nonsuper.err"; then
    fail "a non-superuser restore succeeded"
fi
grep -q 'permission denied to create extension "agentgov"' "$AGENTGOV_TMP/nonsuper.err" \
    || { cat "$AGENTGOV_TMP/nonsuper.err"; fail "non-superuser restore: unexpected error"; }
grep -q 'HINT:  Must be superuser to create this extension.' "$AGENTGOV_TMP/nonsuper.err" \
    || { cat "$AGENTGOV_TMP/nonsuper.err"; fail "non-superuser restore: no hint"; }
[ "$(q "$restored" "SELECT count(*) FROM pg_extension WHERE extname = 'agentgov'")" = 0 ] \
    || fail "non-superuser restore created the extension"

# With the extension already there, a non-superuser's data load is refused
# at the first row, even for a role that bypasses row-level security.
psql_q -d "$restored" -c "CREATE EXTENSION agentgov CASCADE" \
    -c "GRANT USAGE ON SCHEMA agentgov TO $restorer" \
    -c "GRANT INSERT, SELECT ON ALL TABLES IN SCHEMA agentgov TO $restorer"
if pg_restore --data-only --exit-on-error -U "$restorer" -d "$restored" "$dump" 2>"$AGENTGOV_TMP/nonsuper.err"; then
    fail "a non-superuser data restore succeeded"
fi
grep -q 'ERROR:  agentgov data can be restored only by a superuser' "$AGENTGOV_TMP/nonsuper.err" \
    || { cat "$AGENTGOV_TMP/nonsuper.err"; fail "non-superuser data restore: unexpected error"; }
grep -q 'HINT:  Run pg_restore as a superuser' "$AGENTGOV_TMP/nonsuper.err" \
    || { cat "$AGENTGOV_TMP/nonsuper.err"; fail "non-superuser data restore: no hint"; }
[ "$(q "$restored" "SELECT count(*) FROM agentgov.organizations")" = 0 ] \
    || fail "non-superuser data restore wrote rows"

echo "dump/restore: $tables tables identical after every plain restore"
