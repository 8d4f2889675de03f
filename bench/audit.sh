#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# Audit trail: insert throughput into an audited table (budget_limits),
# pgbench with 1 and 4 clients, one row per transaction, all in one org
# (the worst case for the chain: every commit takes the same tail), as
#   bare      the table without any audit trigger
#   native    audit_row() (C) + the hash chain of audit_log
#   plpgsql   the assistant seed's audit_trigger_function(), made to work on
#             the unified schema (ids read through to_jsonb), writing the
#             same audit_log and so going through the same chain
#   unchained audit_row() with the chain switched off (audit_log_enlist
#             disabled): what capture alone costs
#   floor     no trigger: one statement inserts the row and a bare audit
#             row (action, table, id; no values) with a CTE, chained as
#             usual: what writing a second, indexed row costs at the least
# Configurations alternate, ROUNDS times each; the best run counts (the
# machine is shared); SECONDS_PER_RUN=7 ROUNDS=2 take about 4 minutes.
# Cost ratios are against bare: tps(bare) / tps(x).
# Also: native with the 4 clients in 4 different orgs (no shared tail), and
# the backend CPU time per insert of each configuration from one session.
# Orgs: bench-1 the one-org runs, bench-2 the unchained runs, bench-3 the
# CPU-time runs (chained and unchained rows mixed), bench-5..8 the four-org
# runs.
#
#   BENCH=audit make bench
# ---------------------------------------------------------------------------
set -euo pipefail
shopt -s inherit_errexit
db=$AGENTGOV_DB
tmp=$AGENTGOV_TMP
secs=${SECONDS_PER_RUN:-7}
rounds=${ROUNDS:-2}
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
. "$AGENTGOV_TOP/bench/lib/cpu.sh"
. "$AGENTGOV_TOP/bench/lib/instructions.sh"

psql_q <<'SQL'
SET client_min_messages = warning;
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier)
SELECT format('be000000-0000-4000-8000-%s', lpad(n::text, 12, '0'))::uuid, 'Bench ' || n, 'bench-' || n, 'ENTERPRISE'
  FROM generate_series(1, 8) n;

-- The seed's trigger (003, "Audit Trail Implementation"), made to work: it
-- read NEW.user_id, NEW.agent_session_id and NEW.event_id, which fails on
-- any table lacking one of them; here the id and org come through to_jsonb.
-- It keeps the seed's behaviour otherwise: whole rows, no diff, no
-- redaction, actor and correlation from the session.
CREATE SCHEMA bench_seed;
CREATE FUNCTION bench_seed.audit_trigger_function() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    r jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
BEGIN
    INSERT INTO agentgov.audit_log (org_id, table_name, record_id, action, old_values, new_values,
                                    actor_id, correlation_id)
    VALUES ((r->>'org_id')::uuid, TG_TABLE_NAME, r->>'id', TG_OP,
            CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) END,
            CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END,
            agentgov.current_user_id(), agentgov.current_correlation_id());
    RETURN COALESCE(NEW, OLD);
END
$$;
CREATE TRIGGER audit_seed AFTER INSERT OR UPDATE OR DELETE ON agentgov.budget_limits
    FOR EACH ROW EXECUTE FUNCTION bench_seed.audit_trigger_function();
ALTER TABLE agentgov.budget_limits DISABLE TRIGGER audit_seed;
SQL

cat >"$tmp/one_org.sql" <<'SQL'
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period)
VALUES ('be000000-0000-4000-8000-000000000001', 'bench', 'global', 10, 'daily');
SQL
cat >"$tmp/floor.sql" <<'SQL'
WITH b AS (
    INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period)
    VALUES ('be000000-0000-4000-8000-000000000001', 'bench', 'global', 10, 'daily')
    RETURNING org_id, id)
INSERT INTO agentgov.audit_log (org_id, action, table_name, record_id)
SELECT org_id, 'INSERT', 'budget_limits', id::text FROM b;
SQL
cat >"$tmp/other_org.sql" <<'SQL'
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period)
VALUES ('be000000-0000-4000-8000-000000000002', 'bench', 'global', 10, 'daily');
SQL
cat >"$tmp/own_org.sql" <<'SQL'
\set org :client_id + 5
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period)
VALUES (format('be000000-0000-4000-8000-%s', lpad(:org::text, 12, '0'))::uuid, 'bench', 'global', 10, 'daily');
SQL

# The statements that switch to a configuration, one per line.
configure_sql() {
    local audit=DISABLE seed=DISABLE enlist=ENABLE
    case "$1" in
        native) audit=ENABLE ;;
        plpgsql) seed=ENABLE ;;
        unchained) audit=ENABLE; enlist=DISABLE ;;
    esac
    echo "ALTER TABLE agentgov.budget_limits $audit TRIGGER audit_row"
    echo "ALTER TABLE agentgov.budget_limits $seed TRIGGER audit_seed"
    echo "ALTER TABLE agentgov.audit_log $enlist TRIGGER audit_log_enlist"
}

configure() {
    configure_sql "$1" | sed 's/$/;/' | psql_q
}

# run CONFIG CLIENTS SCRIPT -> tps
run() {
    configure "$1"
    psql_q -c "VACUUM ANALYZE agentgov.budget_limits" -c "VACUUM ANALYZE agentgov.audit_log" -c "CHECKPOINT"
    pgbench -n -M prepared -c "$2" -j "$2" -T "$secs" -f "$3" "$db" 2>&1 \
        | sed -n 's/^tps = \([0-9.]*\) .*/\1/p'
}

declare -A best
record() {  # record KEY TPS
    local old=${best[$1]:-0}
    if awk -v a="$2" -v b="$old" 'BEGIN { exit !(a > b) }'; then best[$1]=$2; fi
}

configs=(bare native plpgsql unchained floor)
for clients in 1 4; do
    for ((r = 1; r <= rounds; r++)); do
        for c in "${configs[@]}"; do
            # rows left unchained go to an org of their own
            script=$tmp/one_org.sql
            [ "$c" = unchained ] && script=$tmp/other_org.sql
            [ "$c" = floor ] && script=$tmp/floor.sql
            record "$c/$clients" "$(run "$c" "$clients" "$script")"
        done
    done
done
for ((r = 1; r <= rounds; r++)); do
    record "bare/4orgs" "$(run bare 4 "$tmp/own_org.sql")"
    record "native/4orgs" "$(run native 4 "$tmp/own_org.sql")"
done
# Backend CPU time per audited INSERT, one session, CPU_INSERTS prepared
# single-row inserts (one transaction each), best of CPU_ROUNDS: a figure
# other load on the machine barely moves.
cpu_inserts=${CPU_INSERTS:-5000}
cpu_rounds=${CPU_ROUNDS:-6}
{
    echo "PREPARE ins AS INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period)"
    echo "VALUES ('be000000-0000-4000-8000-000000000003', 'bench', 'global', 10, 'daily');"
    for ((i = 0; i < cpu_inserts; i++)); do echo "EXECUTE ins;"; done
} >"$tmp/cpu_inserts.sql"
declare -A cpu_best
if cpu_clock_available; then
    for ((r = 1; r <= cpu_rounds; r++)); do
        for c in bare native plpgsql unchained; do
            configure "$c"
            psql_q -c "VACUUM ANALYZE agentgov.budget_limits" -c "VACUUM ANALYZE agentgov.audit_log" -c "CHECKPOINT"
            keep_lowest cpu_best "$c" "$(backend_cpu_us "$tmp/cpu_inserts.sql" "$cpu_inserts")"
        done
    done
fi
# Instructions per audited INSERT (bench/lib/instructions.sh), prepared as
# pgbench -M prepared runs them, one org's chain; and the floor: the row
# plus a bare audit row, no trigger.
declare -A ir_of
if ir_available; then
    ir_inserts=${IR_INSERTS:-1000}
    ir_snapshot
    one_line() { tr '\n' ' ' <"$1" | sed 's/;[[:space:]]*$//'; echo; }
    for c in bare native plpgsql floor; do
        script=$tmp/one_org.sql
        [ "$c" = floor ] && script=$tmp/floor.sql
        configure_sql "$c" >"$tmp/ir_setup.sql"
        ir_of[$c]=$(ir_prepared_per_op "$c" "$tmp/ir_setup.sql" "$(one_line "$script")" "$ir_inserts")
        echo "instructions, $c: ${ir_of[$c]} per insert" >&2
    done
fi
configure native

# The chains the run wrote are intact (bench-2 holds the unchained rows).
broken=$(psql -X -At -d "$db" -c "
    SELECT string_agg(o.slug, ', ') FROM agentgov.organizations o, agentgov.verify_audit_chain(o.id) v
     WHERE o.slug LIKE 'bench-%' AND o.slug <> 'bench-2' AND o.slug <> 'bench-3' AND v.first_broken_id IS NOT NULL")
[ -z "$broken" ] || { echo "broken audit chains: $broken"; exit 1; }

echo
echo "audit: insert into budget_limits, one row per transaction, ${secs}s x $rounds rounds, best tps"
printf '%-30s %10s %10s %13s\n' "configuration" "clients" "tps" "cost vs bare"
row() {  # row LABEL KEY BAREKEY CLIENTS
    printf '%-30s %10s %10.0f %12.2fx\n' "$1" "$4" "${best[$2]}" \
        "$(awk -v b="${best[$3]}" -v x="${best[$2]}" 'BEGIN { print b / x }')"
}
for clients in 1 4; do
    row "bare (no audit)" "bare/$clients" "bare/$clients" "$clients"
    row "native audit_row + chain" "native/$clients" "bare/$clients" "$clients"
    row "seed PL/pgSQL trigger + chain" "plpgsql/$clients" "bare/$clients" "$clients"
    row "native capture, no chain" "unchained/$clients" "bare/$clients" "$clients"
    row "floor: + bare audit row (SQL)" "floor/$clients" "bare/$clients" "$clients"
done
row "bare, 4 orgs" "bare/4orgs" "bare/4orgs" 4
row "native, 4 orgs" "native/4orgs" "bare/4orgs" 4
for clients in 1 4; do
    printf 'native vs seed PL/pgSQL, %s client(s): %.2fx the throughput\n' "$clients" \
        "$(awk -v n="${best[native/$clients]}" -v p="${best[plpgsql/$clients]}" 'BEGIN { print n / p }')"
done
if [ -n "${cpu_best[bare]:-}" ]; then
    echo
    echo "Backend CPU time per INSERT, 1 client, $cpu_inserts inserts, best of $cpu_rounds"
    cost_table us/insert %12.1f cpu_best bare bare native plpgsql unchained
fi
if [ -n "${ir_of[bare]:-}" ]; then
    echo
    echo "Instructions per INSERT, single-user backend (callgrind), $ir_inserts inserts"
    cost_table instructions %12d ir_of bare bare native plpgsql floor
fi
