#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# Audit chains survive pg_dump and pg_restore: the sample's chains verify
# before and after a plain restore (pg_restore as a superuser, no settings:
# agentgov's triggers take the dumped rows as they are, so the restore
# writes no audit row of its own), and new rows written after the restore
# chain onto the restored tails.
# ---------------------------------------------------------------------------
set -euo pipefail
db=$AGENTGOV_DB
restored=${db}_restored
dump=$AGENTGOV_TMP/audit.dump
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
q() { psql -X -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

# Every chain: its key, rows checked and first broken id.
chains() {
    q "$1" "SELECT c.chain_key, v.rows_checked, coalesce(v.first_broken_id::text, 'intact')
              FROM agentgov.audit_chain_heads c,
                   agentgov.verify_audit_chain(nullif(c.chain_key, '00000000-0000-0000-0000-000000000000')) v
             ORDER BY c.chain_key"
}

psql_q -d "$db" -f "$AGENTGOV_TOP/scripts/demo/sample.sql"
chains "$db" >"$AGENTGOV_TMP/before.txt"
cat "$AGENTGOV_TMP/before.txt"
[ "$(wc -l <"$AGENTGOV_TMP/before.txt")" -ge 3 ] || { echo "expected at least three chains"; exit 1; }
if grep -qv '|intact$' "$AGENTGOV_TMP/before.txt"; then echo "a chain is broken before the dump"; exit 1; fi

pg_dump -Fc -f "$dump" "$db" 2>"$AGENTGOV_TMP/pg_dump.err" || { cat "$AGENTGOV_TMP/pg_dump.err"; exit 1; }
psql_q -d postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS $restored" -c "CREATE DATABASE $restored TEMPLATE template0"
pg_restore --exit-on-error -d "$restored" "$dump"

# Verified in another session, under other settings: the same chains, intact.
PGOPTIONS='-c TimeZone=America/St_Johns -c DateStyle=SQL,DMY' chains "$restored" >"$AGENTGOV_TMP/after.txt"
diff -u "$AGENTGOV_TMP/before.txt" "$AGENTGOV_TMP/after.txt" || { echo "chains differ after restore"; exit 1; }

# New rows in the restored database: an org's chain, the chain without org.
acme=a1000000-0000-4000-8000-000000000001
old_tail=$(q "$restored" "SELECT last_seq || ' ' || encode(last_hash, 'hex') FROM agentgov.audit_chain_heads WHERE chain_key = '$acme'")
psql_q -d "$restored" <<SQL
UPDATE agentgov.projects SET description = 'changed after the restore' WHERE id = 'd1000000-0000-4000-8000-000000000001';
UPDATE agentgov.users SET last_login_at = now() WHERE username = 'alice';
INSERT INTO agentgov.audit_log (actor_id, action) VALUES ('b1000000-0000-4000-8000-000000000001', 'user.logout');
SQL
first_new=$(q "$restored" "SELECT (chain_seq - 1) || ' ' || encode(prev_hash, 'hex') FROM agentgov.audit_log
                            WHERE org_id = '$acme' AND new_values->>'description' = 'changed after the restore'")
[ "$first_new" = "$old_tail" ] || { echo "new row does not follow the restored tail: $first_new vs $old_tail"; exit 1; }
chains "$restored" >"$AGENTGOV_TMP/later.txt"
cat "$AGENTGOV_TMP/later.txt"
if grep -qv '|intact$' "$AGENTGOV_TMP/later.txt"; then echo "a chain broke after new writes"; exit 1; fi
grown=$(join -t'|' "$AGENTGOV_TMP/before.txt" "$AGENTGOV_TMP/later.txt" | awk -F'|' '$4 > $2' | wc -l)
[ "$grown" -eq 2 ] || { echo "expected two chains to grow, $grown did"; exit 1; }

psql_q -d postgres -c "DROP DATABASE $restored"
echo "audit restore: chains intact before, after and beyond the restore"
