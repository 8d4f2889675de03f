-- ---------------------------------------------------------------------------
-- The governance report `make demo` prints over the sample.
-- ---------------------------------------------------------------------------
-- Quiet: no command tags (SET, BEGIN, ...) nor \pset confirmations between
-- the tables; query results and \echo lines are printed all the same.
\set QUIET 1
\pset footer off
\pset null '-'

\echo
\echo '================================================================'
\echo ' agentgov governance report'
\echo '================================================================'
SELECT agentgov.version() AS agentgov_version,
       (SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'agentgov') AS tables;

\echo
\echo '---- Tenants and plans ----'
SELECT o.name, o.subscription_tier AS tier,
       coalesce(o.max_projects::text, 'unlimited') AS max_projects,
       o.max_agents_per_project AS agents_per_project,
       (SELECT count(*) FROM agentgov.organization_members m WHERE m.org_id = o.id) AS members,
       (SELECT count(*) FROM agentgov.projects p WHERE p.org_id = o.id AND p.archived_at IS NULL) AS projects
  FROM agentgov.organizations o
 ORDER BY o.name;

\echo
\echo '---- Members and roles ----'
SELECT o.name AS organization, u.username, u.auth_provider, m.role
  FROM agentgov.organization_members m
  JOIN agentgov.organizations o ON o.id = m.org_id
  JOIN agentgov.users u ON u.id = m.user_id
 ORDER BY o.name, m.role, u.username;

\echo
\echo '---- Projects ----'
SELECT o.slug AS org, p.name, p.phase, p.status, p.maturity_score AS maturity,
       coalesce(w.name, '-') AS workspace, coalesce(p.github_repo, p.local_path, '-') AS source
  FROM agentgov.projects p
  JOIN agentgov.organizations o ON o.id = p.org_id
  LEFT JOIN agentgov.workspaces w ON w.org_id = p.org_id AND w.id = p.workspace_id
 ORDER BY o.slug, p.name;

\echo
\echo '---- Artifacts: versions and approvals ----'
SELECT p.name AS project, a.type, a.version, a.status, a.evidence_tier AS tier,
       c.username AS created_by, coalesce(ap.username, '-') AS approved_by,
       encode(substr(a.content_sha256, 1, 6), 'hex') AS sha256_prefix
  FROM agentgov.artifacts a
  JOIN agentgov.projects p ON p.org_id = a.org_id AND p.id = a.project_id
  JOIN agentgov.users c ON c.id = a.created_by
  LEFT JOIN agentgov.users ap ON ap.id = a.approved_by
 ORDER BY p.name, a.type, a.version;

\echo
\echo '---- Artifact history: PROBLEM of Checkout Redesign (artifact_history, artifact_latest) ----'
SELECT h.version, h.status, c.username AS created_by, coalesce(ap.username, '-') AS approved_by,
       to_char(h.approved_at, 'YYYY-MM-DD HH24:MI') AS approved_at,
       encode(h.content_sha256, 'hex') AS content_sha256,
       h.version = (SELECT l.version FROM agentgov.artifact_latest(
                        'd1000000-0000-4000-8000-000000000001', 'PROBLEM', 'APPROVED') l) AS latest_approved
  FROM agentgov.artifact_history('d1000000-0000-4000-8000-000000000001', 'PROBLEM') h
  JOIN agentgov.users c ON c.id = h.created_by
  LEFT JOIN agentgov.users ap ON ap.id = h.approved_by
 ORDER BY h.version;

\echo
\echo '---- Phase gates ----'
SELECT p.name AS project, g.phase AS gate, g.score, g.target_threshold AS threshold, g.decision,
       jsonb_array_length(g.indicators) AS indicators, u.username AS decided_by,
       coalesce(ob.username, '-') AS override_by, coalesce(g.override_reason, '-') AS override_reason
  FROM agentgov.phase_gate_decisions g
  JOIN agentgov.projects p ON p.org_id = g.org_id AND p.id = g.project_id
  JOIN agentgov.users u ON u.id = g.decided_by
  LEFT JOIN agentgov.users ob ON ob.id = g.override_by
 ORDER BY p.name, g.decided_at;

\echo
\echo '---- Quality and maturity (socrates) ----'
SELECT p.name AS project, p.phase, p.maturity_score AS maturity,
       (SELECT string_agg(l.category || ' ' || l.score, ', ' ORDER BY l.category)
          FROM (SELECT DISTINCT ON (m.category) m.category, m.score
                  FROM agentgov.maturity_tracking m
                 WHERE m.org_id = p.org_id AND m.project_id = p.id
                 ORDER BY m.category, m.calculated_at DESC, m.score DESC) l) AS latest_scores,
       (SELECT count(*) FROM agentgov.maturity_tracking m
         WHERE m.org_id = p.org_id AND m.project_id = p.id) AS scores_recorded,
       cardinality(string_to_array(current_setting('agentgov.maturity_categories'), ',')) AS categories
  FROM agentgov.projects p
 WHERE EXISTS (SELECT 1 FROM agentgov.maturity_tracking m WHERE m.org_id = p.org_id AND m.project_id = p.id)
 ORDER BY p.name;
SELECT p.name AS project, q.metric_type AS metric, q.metric_value AS value, q.threshold, q.passed
  FROM agentgov.quality_metrics q
  JOIN agentgov.projects p ON p.org_id = q.org_id AND p.id = q.project_id
 ORDER BY p.name, q.metric_type;

\echo
\echo '---- Gate policies in force for Acme ----'
SELECT d.phase AS gate,
       coalesce(o.threshold, d.threshold) AS threshold,
       coalesce(o.conditional_margin, d.conditional_margin) AS conditional_margin,
       CASE WHEN o.id IS NULL THEN 'default' ELSE 'acme' END AS source
  FROM agentgov.gate_policies d
  LEFT JOIN agentgov.gate_policies o
         ON o.phase = d.phase AND o.org_id = 'a1000000-0000-4000-8000-000000000001'
 WHERE d.org_id IS NULL
 ORDER BY d.phase;

\echo
\echo '---- Divergence: assumptions against telemetry (filed by detect_divergences) ----'
SELECT p.name AS project, a.type || ' v' || a.version AS artifact, d.divergence_type AS type,
       d.assumed_value AS assumed, d.actual_value AS actual,
       d.assumption_evidence_tier || '->' || d.telemetry_evidence_tier AS tiers, d.tier_delta,
       d.classification, coalesce(c.recommendation::text, '-') AS cascade,
       coalesce(c.reexecution_scope_days || '/' || c.full_redesign_days || ' days', '-') AS reexec_redesign
  FROM agentgov.divergence_reports d
  JOIN agentgov.projects p ON p.org_id = d.org_id AND p.id = d.project_id
  JOIN agentgov.artifacts a ON a.org_id = d.org_id AND a.id = d.artifact_id
  LEFT JOIN agentgov.cascade_analyses c ON c.org_id = d.org_id AND c.divergence_id = d.id
 ORDER BY p.name, d.detected_at;

\echo
\echo '---- Divergence rule at the thresholds in force ----'
SELECT current_setting('agentgov.divergence_minor_pct') || '% / ' ||
       current_setting('agentgov.divergence_major_pct') || '%' AS "minor / major",
       current_setting('agentgov.telemetry_evidence_tier') AS "telemetry counts as at most";
SELECT x.type, x.assumed, x.actual, x.delta AS tier_delta,
       agentgov.classify_divergence(x.type, x.assumed, x.actual, x.delta) AS classification
  FROM (VALUES ('LATENCY_MISS'::agentgov.divergence_type, '200ms', '260 ms', 3),
               ('LATENCY_MISS', '200ms', '215 ms', 0),
               ('FEATURE_ADOPTION_MISS', '40%', '41.5%', 1),
               ('PRICING_ELASTICITY_MISS', '$1,299', '$1,049', 0),
               ('PERSONA_MISMATCH', 'Developers', ' developers', 4)) AS x (type, assumed, actual, delta);

\echo
\echo '---- Agent runs and their governance ----'
SELECT p.name AS project, coalesce(a.name, r.agent_type) AS agent, r.status,
       (SELECT string_agg(g.event_type || CASE WHEN g.approved THEN '+' ELSE '-' END, ', ' ORDER BY g.created_at)
          FROM agentgov.governance_events g WHERE g.org_id = r.org_id AND g.run_id = r.id) AS governance,
       r.estimated_cost, r.max_cost_limit, r.tokens_in + r.tokens_out AS tokens, r.cost_usd
  FROM agentgov.agent_runs r
  LEFT JOIN agentgov.agents a ON a.id = r.agent_id
  LEFT JOIN agentgov.projects p ON p.org_id = r.org_id AND p.id = r.project_id
 ORDER BY p.name, r.created_at;

\echo
\echo '---- May each run start? (governance_check) ----'
SELECT coalesce(a.name, r.agent_type) AS agent, r.status, c.allowed, c.reason
  FROM agentgov.agent_runs r
  LEFT JOIN agentgov.agents a ON a.id = r.agent_id
 CROSS JOIN agentgov.governance_check(r.id) c
 ORDER BY r.created_at, r.id;

\echo
\echo '---- Active runs (assistant view) ----'
SELECT coalesce(agent_type, '-') AS agent_type, status, approvals, rejections, cost_usd
  FROM agentgov.active_agent_runs
 ORDER BY created_at;

\echo
\echo '---- LLM usage by project (orchestrator summary, from the rollups) ----'
SELECT name, events, total_tokens, total_cost, unpriced_events
  FROM agentgov.usage_by_project
 ORDER BY total_cost DESC;

\echo
\echo '---- Daily usage rollups ----'
SELECT r.bucket_date, coalesce(p.name, '-') AS project, r.model, r.events,
       r.tokens_in, r.tokens_out, r.cost_usd, r.unpriced_events AS unpriced
  FROM agentgov.usage_rollups r
  LEFT JOIN agentgov.projects p ON p.org_id = r.org_id AND p.id = r.project_id
 ORDER BY r.bucket_date, project, r.model;

\echo
\echo '---- usage_report: Acme, ISO weeks of November 2026, by project ----'
SELECT u.bucket_start AS week_of, coalesce(p.name, '-') AS project, u.events, u.tokens_in, u.tokens_out,
       u.cost_usd, u.unpriced_events AS unpriced
  FROM agentgov.usage_report('a1000000-0000-4000-8000-000000000001', 'weekly', '2026-11-01', '2026-11-30',
                             '{project}') u
  LEFT JOIN agentgov.projects p ON p.org_id = 'a1000000-0000-4000-8000-000000000001' AND p.id = u.project_id
 ORDER BY u.bucket_start, project;

\echo
\echo '---- Budgets: spend in the period of 2026-11-20 and alerts sent ----'
SELECT b.name, b.scope_type AS scope, b.period, b.amount_usd, b.action_on_exceed AS action,
       agentgov.usage_spent(b.id, '2026-11-20 12:00+00') AS spent,
       round(100 * agentgov.usage_spent(b.id, '2026-11-20 12:00+00') / b.amount_usd, 1) AS pct,
       CASE WHEN bp.exceeded_at IS NOT NULL THEN 'critical'
            WHEN bp.warned_at IS NOT NULL THEN 'warning' ELSE '-' END AS alert
  FROM agentgov.budget_limits b
  LEFT JOIN agentgov.budget_periods bp
         ON bp.org_id = b.org_id AND bp.budget_id = b.id
        AND bp.period_start = agentgov.period_start(b.period, '2026-11-20')
 ORDER BY b.name;

\echo
\echo '---- Budget notifications ----'
SELECT u.username AS recipient, n.severity, n.title, n.message
  FROM agentgov.notifications n
  JOIN agentgov.users u ON u.id = n.user_id
 WHERE n.type = 'budget_alert'
 ORDER BY n.created_at, u.username;

\echo
\echo '---- Block budgets: may the waiting runs start now? ----'
SELECT coalesce(a.name, r.agent_type) AS agent, r.status, c.allowed, c.reason
  FROM agentgov.agent_runs r
  LEFT JOIN agentgov.agents a ON a.id = r.agent_id
 CROSS JOIN LATERAL agentgov.budget_check(r.id) c
 WHERE r.status IN ('queued', 'pending_approval', 'approved')
 ORDER BY r.created_at;

\echo
\echo '---- Work in flight (orchestrator and github-agents) ----'
SELECT p.name AS project, t.title, t.status, t.priority_level AS priority,
       coalesce(a.name, '-') AS agent, (SELECT count(*) FROM agentgov.tasks s
                                         WHERE s.org_id = t.org_id AND s.parent_id = t.id) AS subtasks
  FROM agentgov.tasks t
  JOIN agentgov.projects p ON p.org_id = t.org_id AND p.id = t.project_id
  LEFT JOIN agentgov.agents a ON a.id = t.assigned_agent_id
 WHERE t.parent_id IS NULL
 ORDER BY p.name, t.title;

\echo
\echo '---- Specifications (socrates) ----'
SELECT s.category, s.content, s.source, s.confidence, s.is_current
  FROM agentgov.specifications s
 ORDER BY s.category, s.created_at, s.content;

\echo
\echo '---- Audit trail: one hash chain per organization, verified ----'
SELECT coalesce(o.slug, '(no organization)') AS chain, v.rows_checked,
       coalesce(v.first_broken_id::text, 'intact') AS verification,
       h.last_seq, left(encode(h.last_hash, 'hex'), 16) AS tail_hash
  FROM agentgov.audit_chain_heads h
  LEFT JOIN agentgov.organizations o ON o.id = h.chain_key
 CROSS JOIN LATERAL agentgov.verify_audit_chain(nullif(h.chain_key, '00000000-0000-0000-0000-000000000000')) v
 ORDER BY o.slug NULLS LAST;

\echo
\echo '---- Audit trail: the rows, each linked to the one before (changed columns for UPDATE) ----'
SELECT coalesce(o.slug, '-') AS org, a.chain_seq AS seq, coalesce(u.username, '-') AS actor, a.action,
       coalesce(a.table_name, '-') AS on_table,
       CASE WHEN a.action = 'UPDATE'
            THEN (SELECT string_agg(k, ', ' ORDER BY k) FROM jsonb_object_keys(a.new_values) k)
            ELSE '' END AS changed,
       coalesce(left(encode(a.prev_hash, 'hex'), 8), '-') AS prev, left(encode(a.row_hash, 'hex'), 8) AS hash
  FROM agentgov.audit_log a
  LEFT JOIN agentgov.organizations o ON o.id = a.org_id
  LEFT JOIN agentgov.users u ON u.id = a.actor_id
 ORDER BY o.slug NULLS LAST, a.chain_seq;

\echo
\echo '---- Tenant isolation: what each user sees through an application role ----'
-- An application role like the one a real deployment would use (created and
-- dropped inside this transaction), confined by row-level security.
BEGIN;
SET LOCAL client_min_messages = warning;
CREATE ROLE agentgov_report_app;
SELECT agentgov.grant_app_access('agentgov_report_app') \gset
CREATE TEMP TABLE seen (who text, role text, organizations bigint, projects bigint,
                        artifacts bigint, usage_events bigint, users bigint, audit_rows bigint);
GRANT INSERT ON seen TO agentgov_report_app;
SET LOCAL ROLE agentgov_report_app;
\o /dev/null
SELECT format($$SELECT agentgov.set_actor(%L);
                INSERT INTO seen SELECT %L, %L,
                    (SELECT count(*) FROM agentgov.organizations), (SELECT count(*) FROM agentgov.projects),
                    (SELECT count(*) FROM agentgov.artifacts), (SELECT count(*) FROM agentgov.usage_events),
                    (SELECT count(*) FROM agentgov.users), (SELECT count(*) FROM agentgov.audit_log)$$,
              a.id, a.who, a.role)
  FROM (VALUES (1, 'b1000000-0000-4000-8000-000000000001'::uuid, 'alice', 'ADMIN of Acme'),
               (2, 'b1000000-0000-4000-8000-000000000002', 'bob', 'MEMBER of Acme'),
               (3, 'b1000000-0000-4000-8000-000000000003', 'carol', 'VIEWER of Acme'),
               (4, 'b1000000-0000-4000-8000-000000000004', 'dave', 'ADMIN of Globex'),
               (5, NULL, '(no actor)', '-')) AS a (n, id, who, role)
 ORDER BY a.n \gexec
\o
RESET ROLE;
SELECT * FROM seen;
ROLLBACK;

\echo
\echo '---- Secrets: token digests and an encrypted provider API key ----'
-- The demo's key, as scripts/demo/sample.sql set it (a real server keeps
-- the key in its configuration file, see README "Secrets").
SET agentgov.encryption_key = 'demo-only-key: not a secret, never use it';
SELECT 'session' AS token, s.user_id, u.username
  FROM agentgov.find_session('session-token-alice') s JOIN agentgov.users u ON u.id = s.user_id
UNION ALL
SELECT 'refresh', r.user_id, u.username
  FROM agentgov.find_refresh_token('refresh-token-alice') r JOIN agentgov.users u ON u.id = r.user_id
UNION ALL
SELECT 'reset', p.user_id, u.username
  FROM agentgov.find_password_reset('reset-token-erin') p JOIN agentgov.users u ON u.id = p.user_id;
SELECT u.username, k.provider, octet_length(k.api_key_encrypted) AS ciphertext_bytes,
       left(agentgov.decrypt_secret(k.api_key_encrypted), 12) || '...' AS decrypted
  FROM agentgov.api_keys k JOIN agentgov.users u ON u.id = k.user_id;
RESET agentgov.encryption_key;

\echo
\echo '---- Health check ----'
SELECT metric, value, status, threshold FROM agentgov.db_health_check();
