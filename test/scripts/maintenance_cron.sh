#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# schedule_maintenance() with pg_cron, and one run of every job.
#
# The harness preloads pg_cron and points cron.database_name at
# $AGENTGOV_CRON_DB, the only database where CREATE EXTENSION pg_cron
# works.  The test makes that database from the template (agentgov, no
# pg_cron), checks the refusal without pg_cron, installs pg_cron, schedules
# twice (idempotent: the same four jobs), then runs the command of each
# registered job as pg_cron would and checks that it did its work:
# retention and purge, budget-period upkeep, audit-chain verification
# (a tampered chain alerts the org's admin), expired-session clean-up.
# ---------------------------------------------------------------------------
set -euo pipefail
db=${AGENTGOV_CRON_DB:?run me through make test}
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
val() { psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
fail() { echo "maintenance_cron: $*"; exit 1; }
expect() {  # expect WHAT ACTUAL EXPECTED
    [ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
    echo "ok: $1"
}

cleanup() {
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
psql_q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
    -c "CREATE DATABASE $db TEMPLATE agentgov_template"

# Without pg_cron: refused with a hint.
out=$(psql -X -At -d "$db" -c "SELECT agentgov.schedule_maintenance()" 2>&1 || true)
case "$out" in
    *"pg_cron is not installed in this database"*"HINT:"*"shared_preload_libraries"*) echo "ok: refused without pg_cron" ;;
    *) fail "not refused without pg_cron: $out" ;;
esac

psql_q -d "$db" -c "CREATE EXTENSION pg_cron"
expect "names returned" "$(val "SELECT string_agg(n, ',') FROM agentgov.schedule_maintenance() n")" \
    "agentgov-retention,agentgov-budget-periods,agentgov-audit-verify,agentgov-expired-sessions"
expect "idempotent" "$(val "SELECT count(*) FROM agentgov.schedule_maintenance()"),$(val "SELECT count(*) FROM cron.job")" "4,4"
expect "jobs as listed" "$(val "SELECT count(*) FROM cron.job c JOIN agentgov.maintenance_jobs() m
                                 ON m.job_name = c.jobname AND m.schedule = c.schedule AND m.command = c.command
                                WHERE c.database = current_database() AND c.username = current_user AND c.active")" "4"

# Data for every job: an org with an admin, and something old or expired.
psql_q -d "$db" <<'SQL'
SET client_min_messages = warning;
INSERT INTO agentgov.users (id, email, password_hash) VALUES
    ('c0000000-0000-4000-8000-000000000001', 'cron-admin@example.com', 'x');
INSERT INTO agentgov.organizations (id, name, slug) VALUES
    ('c0000000-0000-4000-8000-0000000000a1', 'Cron org', 'cron-org');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('c0000000-0000-4000-8000-0000000000a1', 'c0000000-0000-4000-8000-000000000001', 'ADMIN');
-- Sessions: one expired and open, one live; tokens: one expired, one live.
INSERT INTO agentgov.user_sessions (id, user_id, started_at, expires_at) VALUES
    ('c0000000-0000-4000-8000-0000000000c1', 'c0000000-0000-4000-8000-000000000001', now() - interval '2 days', now() - interval '1 day'),
    ('c0000000-0000-4000-8000-0000000000c2', 'c0000000-0000-4000-8000-000000000001', now(), now() + interval '1 day');
INSERT INTO agentgov.refresh_tokens (user_id, token_sha256, expires_at) VALUES
    ('c0000000-0000-4000-8000-000000000001', agentgov.hash_token('cron-old'), now() - interval '1 hour'),
    ('c0000000-0000-4000-8000-000000000001', agentgov.hash_token('cron-new'), now() + interval '1 hour');
INSERT INTO agentgov.password_reset_requests (user_id, token_sha256, expires_at) VALUES
    ('c0000000-0000-4000-8000-000000000001', agentgov.hash_token('cron-reset'), now() - interval '1 hour');
-- Budget periods: one of a long past month, one of this month.
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, amount_usd, period) VALUES
    ('c0000000-0000-4000-8000-0000000000d1', 'c0000000-0000-4000-8000-0000000000a1', 'monthly', 'global', 100, 'monthly');
INSERT INTO agentgov.budget_periods (org_id, budget_id, period_start, period_end)
SELECT 'c0000000-0000-4000-8000-0000000000a1', 'c0000000-0000-4000-8000-0000000000d1',
       agentgov.period_start('monthly', d), agentgov.period_end('monthly', d)
  FROM (VALUES ((now() AT TIME ZONE 'UTC')::date - 400), ((now() AT TIME ZONE 'UTC')::date)) v (d);
-- Usage: one event three years old (past agentgov.retention_usage_events), one today.
INSERT INTO agentgov.usage_events (org_id, provider, model, tokens_in, tokens_out, cost_usd, occurred_at) VALUES
    ('c0000000-0000-4000-8000-0000000000a1', 'anthropic', 'cron-model', 1, 1, 0.01, now() - interval '3 years'),
    ('c0000000-0000-4000-8000-0000000000a1', 'anthropic', 'cron-model', 1, 1, 0.01, now());
-- Audit rows of the org, then one tampered with behind agentgov's back.
INSERT INTO agentgov.audit_log (org_id, actor_id, action, table_name)
SELECT 'c0000000-0000-4000-8000-0000000000a1', 'c0000000-0000-4000-8000-000000000001', 'CRON_TEST', 't' || g
  FROM generate_series(1, 3) g;
SQL
psql_q -d "$db" -c "SET session_replication_role = replica" \
    -c "UPDATE agentgov.audit_log SET table_name = 'forged' WHERE org_id = 'c0000000-0000-4000-8000-0000000000a1' AND table_name = 't2'"

# Run each registered job's command, as pg_cron would (a session of its own).
run_job() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "$(val "SELECT command FROM cron.job WHERE jobname = '$1'")" >/dev/null 2>&1 \
                || fail "job $1 failed"; }
for j in agentgov-retention agentgov-budget-periods agentgov-audit-verify agentgov-expired-sessions; do run_job "$j"; done

expect "old usage purged, new kept" "$(val "SELECT count(*) FILTER (WHERE occurred_at < now() - interval '1 year') || '/' || count(*) FROM agentgov.usage_events")" "0/1"
expect "retention logged" "$(val "SELECT count(*) FROM agentgov.audit_log WHERE action = 'CLEANUP'")" "1"
expect "past budget period gone, current kept" "$(val "SELECT count(*) FROM agentgov.budget_periods WHERE period_end > (now() AT TIME ZONE 'UTC')::date")/$(val "SELECT count(*) FROM agentgov.budget_periods")" "1/1"
expect "tampered chain alerted the admin" "$(val "SELECT user_id || ' ' || severity || ' ' || type FROM agentgov.notifications WHERE type = 'audit_chain_broken'")" \
    "c0000000-0000-4000-8000-000000000001 critical audit_chain_broken"
expect "expired session ended" "$(val "SELECT string_agg(id || ':' || status || ':' || (ended_at IS NOT NULL), ',' ORDER BY id) FROM agentgov.user_sessions")" \
    "c0000000-0000-4000-8000-0000000000c1:expired:true,c0000000-0000-4000-8000-0000000000c2:active:false"
expect "expired tokens deleted" "$(val "SELECT (SELECT count(*) FROM agentgov.refresh_tokens) || '/' || (SELECT count(*) FROM agentgov.password_reset_requests)")" "1/0"

# A second run of the audit job alerts again (the chain is still broken);
# an intact chain does not alert.
expect "intact chains are not reported" "$(val "SELECT count(*) FROM agentgov.check_audit_chains() WHERE first_broken_id IS NOT NULL")" "1"
echo "maintenance_cron: all ok"
