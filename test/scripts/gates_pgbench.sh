#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# Many clients at once: maturity scores and gate decisions for four projects,
# written by 8 pgbench clients.  Afterwards:
#   - every project's maturity_score equals the mean of the latest score per
#     category, recounted from scratch in plain SQL;
#   - no gate passed twice, the passed gates are a prefix VRC, VCD, DSP, MDP
#     and the phase is the one they lead to;
#   - the status agrees with the decisions: PASSED right after a move (or
#     IN_PROGRESS before any decision), else the outcome of one of the
#     decisions of the current phase's gate, never PASSED.
# ---------------------------------------------------------------------------
set -euo pipefail
db=$AGENTGOV_DB
tmp=$AGENTGOV_TMP
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

psql_q <<'SQL'
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('a9000000-0000-4000-8000-000000000001', 'Gates Bench', 'gates-bench', 'ENTERPRISE');
INSERT INTO agentgov.users (id, email, auth_provider, auth_provider_id) VALUES
    ('b9000000-0000-4000-8000-000000000001', 'gb-member@gates.example', 'github', 'gb-1');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('a9000000-0000-4000-8000-000000000001', 'b9000000-0000-4000-8000-000000000001', 'MEMBER');
INSERT INTO agentgov.projects (id, org_id, name)
SELECT ('d9000000-0000-4000-8000-00000000000' || i)::uuid, 'a9000000-0000-4000-8000-000000000001', 'Bench ' || i
  FROM generate_series(1, 4) i;
-- A gate decision that may be out of phase (AG004) by the time it runs.
CREATE FUNCTION public.try_gate(project uuid, gate int, score int) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    RETURN (agentgov.evaluate_gate(project, (enum_range(NULL::agentgov.gate_phase))[gate],
                                   jsonb_build_array(jsonb_build_object('score', score)),
                                   'b9000000-0000-4000-8000-000000000001', 'bench')).decision;
EXCEPTION WHEN SQLSTATE 'AG004' THEN
    RETURN 'out of phase';
END $$;
SQL

cat >"$tmp/maturity.sql" <<'SQL'
\set p random(1, 4)
\set c random(1, 12)
\set s random(0, 100)
INSERT INTO agentgov.maturity_tracking (org_id, project_id, category, score)
VALUES ('a9000000-0000-4000-8000-000000000001', ('d9000000-0000-4000-8000-00000000000' || :p)::uuid,
        (ARRAY['goals', 'requirements', 'tech_stack', 'scalability', 'security', 'performance', 'testing',
               'monitoring', 'data_retention', 'disaster_recovery', 'marketing', 'pricing'])[:c], :s);
SQL
cat >"$tmp/gates.sql" <<'SQL'
\set p random(1, 4)
\set g random(1, 4)
\set s random(30, 90)
SELECT public.try_gate(('d9000000-0000-4000-8000-00000000000' || :p)::uuid, :g, :s);
SQL

pgbench -n -c 8 -j 2 -t 150 -f "$tmp/maturity.sql@3" -f "$tmp/gates.sql@1" "$db" >"$tmp/pgbench.log" 2>&1 \
    || { cat "$tmp/pgbench.log"; exit 1; }
grep -E "number of (transactions actually processed|failed)" "$tmp/pgbench.log" || true
grep -q "number of transactions actually processed: 1200/1200" "$tmp/pgbench.log" \
    || { echo "not every transaction ran"; cat "$tmp/pgbench.log"; exit 1; }

psql -X -At -v ON_ERROR_STOP=1 -d "$db" >"$tmp/check.txt" <<'SQL'
WITH latest AS (
    SELECT DISTINCT ON (project_id, category) project_id, category, score
      FROM agentgov.maturity_tracking
     WHERE org_id = 'a9000000-0000-4000-8000-000000000001'
       AND category IN ('goals', 'requirements', 'tech_stack', 'scalability', 'security',
                        'performance', 'testing', 'monitoring', 'data_retention', 'disaster_recovery')
     ORDER BY project_id, category, calculated_at DESC, score DESC)
SELECT 'maturity ' || p.name || ': ' || p.maturity_score || ' <> ' || e.expected
  FROM agentgov.projects p
 CROSS JOIN LATERAL (SELECT round(coalesce(sum(l.score), 0) / 10.0) AS expected
                       FROM latest l WHERE l.project_id = p.id) e
 WHERE p.org_id = 'a9000000-0000-4000-8000-000000000001' AND p.maturity_score <> e.expected;

SELECT 'gate ' || phase || ' passed ' || count(*) || ' times for ' || project_id
  FROM agentgov.phase_gate_decisions
 WHERE org_id = 'a9000000-0000-4000-8000-000000000001' AND decision = 'PASS'
 GROUP BY project_id, phase HAVING count(*) > 1;

WITH passed AS (
    SELECT p.id, p.name, p.phase, p.status,
           array(SELECT d.phase::text FROM agentgov.phase_gate_decisions d
                  WHERE d.project_id = p.id AND d.decision = 'PASS' ORDER BY d.phase) AS gates
      FROM agentgov.projects p
     WHERE p.org_id = 'a9000000-0000-4000-8000-000000000001')
SELECT 'phase ' || name || ': ' || phase || ' after ' || array_to_string(gates, ',')
  FROM passed
 WHERE gates <> (ARRAY['VRC', 'VCD', 'DSP', 'MDP'])[1:cardinality(gates)]
    OR phase <> (enum_range(NULL::agentgov.project_phase))[cardinality(gates) + 1];

WITH current_gate AS (
    SELECT p.id, p.name, p.phase, p.status,
           (ARRAY['VRC', 'VCD', 'DSP', 'MDP', NULL])[array_position(enum_range(NULL::agentgov.project_phase), p.phase)] AS gate
      FROM agentgov.projects p
     WHERE p.org_id = 'a9000000-0000-4000-8000-000000000001'),
outcomes AS (
    SELECT c.*, array(SELECT CASE d.decision WHEN 'CONDITIONAL' THEN 'CONDITIONAL' ELSE 'FAILED' END
                        FROM agentgov.phase_gate_decisions d
                       WHERE d.project_id = c.id AND d.phase::text = c.gate) AS statuses
      FROM current_gate c)
SELECT 'status ' || name || ': ' || phase || ' ' || status || ' with ' || array_to_string(statuses, ',')
  FROM outcomes
 WHERE CASE WHEN cardinality(statuses) > 0 THEN NOT (status::text = ANY (statuses))
            WHEN phase = 'DISCOVER' THEN status <> 'IN_PROGRESS'
            ELSE status <> 'PASSED' END;

SELECT 'summary ' || string_agg(name || ' ' || phase || ' ' || status || ' maturity ' || maturity_score, '; ' ORDER BY name)
  FROM agentgov.projects WHERE org_id = 'a9000000-0000-4000-8000-000000000001';
SQL
cat "$tmp/check.txt"
if grep -qv '^summary ' "$tmp/check.txt"; then
    echo "FAILED: invariants broken"
    exit 1
fi
decisions=$(psql -X -At -d "$db" -c "SELECT count(*) FROM agentgov.phase_gate_decisions WHERE org_id = 'a9000000-0000-4000-8000-000000000001'")
echo "decisions recorded: $decisions"
[ "$decisions" -gt 0 ] || { echo "FAILED: no gate decision was recorded"; exit 1; }
echo ok
