#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# Audit hash chains under many concurrent writers (pgbench, 8 clients):
#   - single-statement updates of a few hot rows of one org,
#   - transactions (half of them REPEATABLE READ) that write their own rows
#     in two orgs, in random order, plus a user row and a plain audit_log
#     INSERT (the chain without an org),
#   - inserts into either org.
# Each client's multi-org rows are its own, so no two transactions can
# deadlock on rows: a deadlock could only come from the audit chain.
# Afterwards: no client saw an error, every chain verifies, and each chain
# holds exactly one audit row per write.
# ---------------------------------------------------------------------------
set -euo pipefail
db=$AGENTGOV_DB
tmp=$AGENTGOV_TMP
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
q() { psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
A=af200000-0000-4000-8000-000000000001
B=af200000-0000-4000-8000-000000000002
clients=8

psql_q <<SQL
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('$A', 'Bench One', 'bench-one', 'ENTERPRISE'), ('$B', 'Bench Two', 'bench-two', 'ENTERPRISE');
-- hot rows h1..h5 in A; per-client rows a<n> in A and b<n> in B; one user per client
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period)
SELECT '$A', 'h' || n, 'global', 1, 'daily' FROM generate_series(1, 5) n;
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period)
SELECT o, p || n, 'global', 1, 'daily'
  FROM generate_series(0, $clients - 1) n, (VALUES ('$A'::uuid, 'a'), ('$B'::uuid, 'b')) AS v (o, p);
INSERT INTO agentgov.users (email, username, auth_provider, auth_provider_id, telegram_chat_id)
SELECT 'bench' || n || '@test.example', 'bench' || n, 'github', 'gh-' || n, 0
  FROM generate_series(0, $clients - 1) n;
SQL
before=$(q "SELECT count(*) FROM agentgov.audit_log")

cat >"$tmp/hot.sql" <<SQL
\set r random(1, 5)
UPDATE agentgov.budget_limits SET amount_usd = amount_usd + 1 WHERE org_id = '$A' AND name = 'h' || :r;
SQL
cat >"$tmp/two_orgs.sql" <<SQL
\set a_first random(0, 1)
\set rr random(0, 1)
\if :rr
BEGIN ISOLATION LEVEL REPEATABLE READ;
\else
BEGIN;
\endif
\if :a_first
UPDATE agentgov.budget_limits SET amount_usd = amount_usd + 1 WHERE org_id = '$A' AND name = 'a' || :client_id;
UPDATE agentgov.budget_limits SET amount_usd = amount_usd + 1 WHERE org_id = '$B' AND name = 'b' || :client_id;
\else
UPDATE agentgov.budget_limits SET amount_usd = amount_usd + 1 WHERE org_id = '$B' AND name = 'b' || :client_id;
UPDATE agentgov.budget_limits SET amount_usd = amount_usd + 1 WHERE org_id = '$A' AND name = 'a' || :client_id;
\endif
UPDATE agentgov.users SET telegram_chat_id = telegram_chat_id + 1 WHERE username = 'bench' || :client_id;
INSERT INTO agentgov.audit_log (action, record_id) VALUES ('bench.event', :client_id);
COMMIT;
SQL
cat >"$tmp/insert.sql" <<SQL
\set in_a random(0, 1)
\if :in_a
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period) VALUES ('$A', 'new', 'global', 1, 'daily');
\else
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period) VALUES ('$B', 'new', 'global', 1, 'daily');
\endif
SQL

pgbench -n -c $clients -j 2 -T 15 -f "$tmp/hot.sql@2" -f "$tmp/two_orgs.sql@2" -f "$tmp/insert.sql@1" \
    "$db" >"$tmp/pgbench.out" 2>&1 || { cat "$tmp/pgbench.out"; echo "pgbench failed"; exit 1; }
cat "$tmp/pgbench.out"
grep -q "number of failed transactions: 0 " "$tmp/pgbench.out" || { echo "transactions failed"; exit 1; }
if grep -Eiq "deadlock|aborted|error" "$tmp/pgbench.out"; then echo "errors in the run"; exit 1; fi

fail=0
check() {  # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then echo "ok: $1 ($3)"; else echo "FAILED: $1: expected $2, got $3"; fail=1; fi
}
for org in "'$A'" "'$B'" NULL; do
    where=$([ "$org" = NULL ] && echo "org_id IS NULL" || echo "org_id = $org")
    check "chain $org intact" "" "$(q "SELECT first_broken_id FROM agentgov.verify_audit_chain($org)")"
    check "chain $org checks every row" "$(q "SELECT count(*) FROM agentgov.audit_log WHERE $where")" \
        "$(q "SELECT rows_checked FROM agentgov.verify_audit_chain($org)")"
    check "head of $org at the last row" "$(q "SELECT count(*) FROM agentgov.audit_log WHERE $where")" \
        "$(q "SELECT last_seq FROM agentgov.audit_chain_heads
               WHERE chain_key = coalesce($org::uuid, '00000000-0000-0000-0000-000000000000')")"
done
# One audit row per write: each update added 1 to an amount, each user
# transaction 1 to telegram_chat_id.
for org in "$A" "$B"; do
    check "UPDATE rows of $org = updates" \
        "$(q "SELECT sum(amount_usd - 1)::bigint FROM agentgov.budget_limits WHERE org_id = '$org' AND name <> 'new'")" \
        "$(q "SELECT count(*) FROM agentgov.audit_log WHERE org_id = '$org' AND action = 'UPDATE' AND table_name = 'budget_limits'")"
    check "INSERT rows of $org = inserts" \
        "$(q "SELECT count(*) FROM agentgov.budget_limits WHERE org_id = '$org' AND name = 'new'")" \
        "$(q "SELECT count(*) FROM agentgov.audit_log a WHERE org_id = '$org' AND action = 'INSERT' AND table_name = 'budget_limits' AND a.new_values->>'name' = 'new'")"
done
transactions=$(q "SELECT sum(telegram_chat_id) FROM agentgov.users WHERE username LIKE 'bench%'")
check "user UPDATE rows = two-org transactions" "$transactions" \
    "$(q "SELECT count(*) FROM agentgov.audit_log WHERE action = 'UPDATE' AND table_name = 'users'")"
check "plain INSERT rows = two-org transactions" "$transactions" \
    "$(q "SELECT count(*) FROM agentgov.audit_log WHERE action = 'bench.event'")"
[ "$transactions" -gt 0 ] || { echo "no two-org transaction ran"; fail=1; }
echo "audit rows written during the run: $(( $(q "SELECT count(*) FROM agentgov.audit_log") - before ))"
exit $fail
