#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# pg_dump and pg_restore keep all user data: a database holding rows in every
# agentgov table is dumped and restored into a fresh database, and every
# table's content comes back identical.
#
# The restore runs with session_replication_role = replica, as documented in
# the README: the rows were validated when they were first written, and
# agentgov's triggers (versioning, lifecycle, rollups, audit) must not treat
# a reload as new writes.
# ---------------------------------------------------------------------------
set -euo pipefail
db=$AGENTGOV_DB
restored=${db}_restored
dump=$AGENTGOV_TMP/agentgov.dump
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

psql_q -d "$db" -f "$AGENTGOV_TOP/scripts/demo/sample.sql"

# The sample must reach every table, or this test proves nothing for it.
empty=$(psql -X -At -d "$db" -c "
    SELECT c.relname FROM pg_class c
     WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind = 'r'
       AND NOT EXISTS (SELECT 1 FROM pg_stat_user_tables s
                        WHERE s.relid = c.oid AND s.n_live_tup + s.n_tup_ins > 0)
     ORDER BY 1" )
for t in $empty; do
    n=$(psql -X -At -d "$db" -c "SELECT count(*) FROM agentgov.$t")
    [ "$n" -gt 0 ] || { echo "table agentgov.$t has no rows in the sample"; exit 1; }
done

# Fingerprint of every table: row count and a digest of its sorted rows,
# over the rows pg_extension_config_dump declares user data.  Its filter
# leaves out what CREATE EXTENSION seeds itself (the default gate policies),
# which a restore recreates with new ids.
fingerprint() {
    psql -X -At -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
SELECT format('SELECT %L, count(*), md5(coalesce(string_agg(x::text, E''\n'' ORDER BY x::text), '''')) FROM agentgov.%I x %s',
              c.relname, c.relname, coalesce(f.condition, ''))
  FROM pg_class c
  LEFT JOIN (SELECT unnest(extconfig) AS relid, unnest(extcondition) AS condition
               FROM pg_extension WHERE extname = 'agentgov') f ON f.relid = c.oid
 WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind = 'r'
 ORDER BY c.relname
\gexec
SQL
}

# pg_dump warns about the self-referencing foreign keys of messages,
# specifications and tasks; a COPY checks them at its end, so order is moot.
pg_dump -Fc -f "$dump" "$db" 2>"$AGENTGOV_TMP/pg_dump.err" || { cat "$AGENTGOV_TMP/pg_dump.err"; exit 1; }
psql_q -d postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS $restored" -c "CREATE DATABASE $restored TEMPLATE template0"
PGOPTIONS='-c session_replication_role=replica' pg_restore --exit-on-error -d "$restored" "$dump"

fingerprint "$db" >"$AGENTGOV_TMP/before.txt"
fingerprint "$restored" >"$AGENTGOV_TMP/after.txt"
tables=$(wc -l <"$AGENTGOV_TMP/before.txt")
[ "$tables" -ge 57 ] || { echo "only $tables tables fingerprinted"; exit 1; }
if ! diff -u "$AGENTGOV_TMP/before.txt" "$AGENTGOV_TMP/after.txt"; then
    echo "restored content differs"; exit 1
fi

# The audit_log identity sequence came along: a new row gets a fresh id.
psql_q -d "$restored" -c "INSERT INTO agentgov.audit_log (action) VALUES ('after.restore')"
fresh=$(psql -X -At -d "$restored" -c "SELECT max(id) FROM agentgov.audit_log WHERE action = 'after.restore'")
old=$(psql -X -At -d "$db" -c "SELECT max(id) FROM agentgov.audit_log")
[ "$fresh" -gt "$old" ] || { echo "identity restarted: new id $fresh <= $old"; exit 1; }

# The seeded default gate policies were not duplicated.
defaults=$(psql -X -At -d "$restored" -c "SELECT count(*) FROM agentgov.gate_policies WHERE org_id IS NULL")
[ "$defaults" -eq 4 ] || { echo "$defaults default gate policies after restore"; exit 1; }

psql_q -d postgres -c "DROP DATABASE $restored"
echo "dump/restore: $tables tables identical"
