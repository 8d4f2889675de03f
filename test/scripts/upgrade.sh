#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# Upgrades: a database made with the oldest release, holding data, is updated
# step by step (ALTER EXTENSION agentgov UPDATE TO each release) to the
# default version, and then
#   1. its catalog equals that of a fresh install of the default version
#      (test/scripts/lib/catalog.sql: columns, defaults, constraints, indexes,
#      functions with their settings, triggers, policies, row security flags,
#      enum labels, views, comments, grants, config-dump tables, members);
#   2. the data written before the update is all still there;
#   3. the rules go on: artifact versions continue, the audit chain verifies
#      and keeps growing, usage rollups still equal GROUP BY over the events.
# ---------------------------------------------------------------------------
set -euo pipefail
old=${AGENTGOV_DB}_old
new=${AGENTGOV_DB}_new
tmp=$AGENTGOV_TMP
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
val() { psql -X -At -v ON_ERROR_STOP=1 -d "$old" -c "$1"; }

# The releases, oldest first, from the frozen scripts installed beside the
# built one; the default version comes from the control file.
default=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$AGENTGOV_TOP/agentgov.control")
mapfile -t releases < <(cd "$AGENTGOV_TOP/sql" && ls agentgov--*.sql | grep -v -- '--.*--' \
                        | sed 's/^agentgov--\(.*\)\.sql$/\1/' | grep -vx "$default" | sort -V)
[ ${#releases[@]} -gt 0 ] || { echo "no released script in sql/"; exit 1; }
oldest=${releases[0]}
echo "updating $oldest -> ${releases[*]:1} $default"

psql_q -d postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS $old" -c "DROP DATABASE IF EXISTS $new" \
    -c "CREATE DATABASE $old TEMPLATE template0" -c "CREATE DATABASE $new TEMPLATE template0"
psql_q -d "$old" -c "CREATE EXTENSION pgcrypto" -c "CREATE EXTENSION agentgov VERSION '$oldest'"
[ "$(val "SELECT extversion FROM pg_extension WHERE extname = 'agentgov'")" = "$oldest" ]

# ---- data written under the oldest release ---------------------------------
psql_q -d "$old" <<'SQL'
SET client_min_messages = warning;
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('f1000000-0000-4000-8000-000000000001', 'Upgrade Org', 'upgrade-org', 'PRO');
INSERT INTO agentgov.users (id, email, username, auth_provider, auth_provider_id) VALUES
    ('f1100000-0000-4000-8000-000000000001', 'up-alice@test.example', 'up-alice', 'github', 'gh-up-1'),
    ('f1100000-0000-4000-8000-000000000002', 'up-bob@test.example', 'up-bob', 'github', 'gh-up-2');
BEGIN;
SELECT agentgov.set_actor('f1100000-0000-4000-8000-000000000001');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('f1000000-0000-4000-8000-000000000001', 'f1100000-0000-4000-8000-000000000001', 'ADMIN'),
    ('f1000000-0000-4000-8000-000000000001', 'f1100000-0000-4000-8000-000000000002', 'MEMBER');
INSERT INTO agentgov.projects (id, org_id, name, created_by) VALUES
    ('f1200000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000001',
     'Upgrade project', 'f1100000-0000-4000-8000-000000000001');
INSERT INTO agentgov.artifacts (org_id, project_id, type, content, created_by) VALUES
    ('f1000000-0000-4000-8000-000000000001', 'f1200000-0000-4000-8000-000000000001',
     'PROBLEM', '{"statement": "v1"}', 'f1100000-0000-4000-8000-000000000001'),
    ('f1000000-0000-4000-8000-000000000001', 'f1200000-0000-4000-8000-000000000001',
     'PROBLEM', '{"statement": "v2"}', 'f1100000-0000-4000-8000-000000000001');
INSERT INTO agentgov.model_prices (provider, model, input_usd_per_mtok, output_usd_per_mtok, effective_from)
VALUES ('anthropic', 'up-model', 3, 15, '2026-01-01');
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, provider, model, tokens_in, tokens_out)
SELECT 'f1000000-0000-4000-8000-000000000001', timestamptz '2026-03-01 10:00+00' + i * interval '7 hours',
       'f1200000-0000-4000-8000-000000000001', 'anthropic', 'up-model', 1000 * i, 100 * i
  FROM generate_series(1, 20) i;
COMMIT;
SQL

# Fingerprint of the rows each table held under the old release: the same
# columns are read back after the update, so a column the update adds does
# not count as a change.
fingerprint_query=$(psql -X -At -v ON_ERROR_STOP=1 -d "$old" <<'SQL'
SELECT string_agg(format('SELECT %L AS t, count(*) AS n, md5(coalesce(string_agg(row(%s)::text, E''\n'' ORDER BY row(%s)::text), '''')) AS h FROM agentgov.%I',
                         c.relname, cols, cols, c.relname), E'\nUNION ALL ' ORDER BY c.relname) || E'\nORDER BY 1;'
  FROM pg_class c
  CROSS JOIN LATERAL (SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS cols
                        FROM pg_attribute WHERE attrelid = c.oid AND attnum > 0 AND NOT attisdropped) a
 WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind = 'r';
SQL
)
psql -X -At -v ON_ERROR_STOP=1 -d "$old" -c "$fingerprint_query" >"$tmp/rows_before.txt"

# ---- update through every release ------------------------------------------
for v in "${releases[@]:1}" "$default"; do
    psql_q -d "$old" -c "ALTER EXTENSION agentgov UPDATE TO '$v'"
done
[ "$(val "SELECT extversion FROM pg_extension WHERE extname = 'agentgov'")" = "$default" ] \
    || { echo "not at $default after the update"; exit 1; }
psql_q -d "$new" -c "CREATE EXTENSION pgcrypto" -c "CREATE EXTENSION agentgov"

# ---- 1. the catalog is that of a fresh install -------------------------------
psql -X -v ON_ERROR_STOP=1 -d "$old" -f "$AGENTGOV_TOP/test/scripts/lib/catalog.sql" >"$tmp/catalog_updated.txt"
psql -X -v ON_ERROR_STOP=1 -d "$new" -f "$AGENTGOV_TOP/test/scripts/lib/catalog.sql" >"$tmp/catalog_fresh.txt"
facts=$(grep -c '' "$tmp/catalog_fresh.txt")
[ "$facts" -gt 2000 ] || { echo "catalog snapshot has only $facts lines"; exit 1; }
if ! diff -u "$tmp/catalog_fresh.txt" "$tmp/catalog_updated.txt" >"$tmp/catalog.diff"; then
    echo "the updated catalog differs from a fresh install (- fresh, + updated):"
    head -n 200 "$tmp/catalog.diff"
    exit 1
fi

# ---- 2. the data is kept -----------------------------------------------------
psql -X -At -v ON_ERROR_STOP=1 -d "$old" -c "$fingerprint_query" >"$tmp/rows_after.txt"
if ! diff -u "$tmp/rows_before.txt" "$tmp/rows_after.txt"; then
    echo "rows changed by the update"; exit 1
fi

# ---- 3. the rules go on -------------------------------------------------------
psql_q -d "$old" <<'SQL'
BEGIN;
SELECT agentgov.set_actor('f1100000-0000-4000-8000-000000000002');
INSERT INTO agentgov.artifacts (org_id, project_id, type, content, created_by) VALUES
    ('f1000000-0000-4000-8000-000000000001', 'f1200000-0000-4000-8000-000000000001',
     'PROBLEM', '{"statement": "v3"}', 'f1100000-0000-4000-8000-000000000002');
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, provider, model, tokens_in, tokens_out)
VALUES ('f1000000-0000-4000-8000-000000000001', '2026-03-01 11:00+00',
        'f1200000-0000-4000-8000-000000000001', 'anthropic', 'up-model', 5, 5);
COMMIT;
SQL
versions=$(val "SELECT string_agg(version::text, ',' ORDER BY version) FROM agentgov.artifacts
                 WHERE project_id = 'f1200000-0000-4000-8000-000000000001' AND type = 'PROBLEM'")
[ "$versions" = "1,2,3" ] || { echo "versions after the update: $versions (want 1,2,3)"; exit 1; }
chain=$(val "SELECT rows_checked > 0 AND first_broken_id IS NULL
               FROM agentgov.verify_audit_chain('f1000000-0000-4000-8000-000000000001')")
[ "$chain" = t ] || { echo "audit chain does not verify after the update"; exit 1; }
grew=$(val "SELECT count(*) FROM agentgov.audit_log
             WHERE org_id = 'f1000000-0000-4000-8000-000000000001' AND table_name = 'artifacts'")
[ "$grew" -eq 3 ] || { echo "$grew audit rows for artifacts (want 3)"; exit 1; }
mismatch=$(val "
    WITH e AS (SELECT org_id, usage_date, project_id, agent_id, model,
                      count(*) AS events, sum(tokens_in) AS tin, sum(tokens_out) AS tout, sum(cost_usd) AS cost
                 FROM agentgov.usage_events GROUP BY 1, 2, 3, 4, 5),
         r AS (SELECT org_id, bucket_date AS usage_date, project_id, agent_id, model,
                      events, tokens_in AS tin, tokens_out AS tout, cost_usd AS cost
                 FROM agentgov.usage_rollups)
    SELECT count(*) FROM ((TABLE e EXCEPT TABLE r) UNION ALL (TABLE r EXCEPT TABLE e)) d")
[ "$mismatch" -eq 0 ] || { echo "$mismatch rollup rows differ from GROUP BY after the update"; exit 1; }

psql_q -d postgres -c "DROP DATABASE $old" -c "DROP DATABASE $new"
echo "upgrade: $oldest -> $default, $facts catalog facts identical, data kept, rules go on"
