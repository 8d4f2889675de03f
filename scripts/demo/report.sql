-- ---------------------------------------------------------------------------
-- The governance report `make demo` prints over the sample.
-- ---------------------------------------------------------------------------
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
\echo '---- Phase gates ----'
SELECT p.name AS project, g.phase AS gate, g.score, g.target_threshold AS threshold, g.decision,
       jsonb_array_length(g.indicators) AS indicators, u.username AS decided_by,
       coalesce(ob.username, '-') AS override_by
  FROM agentgov.phase_gate_decisions g
  JOIN agentgov.projects p ON p.org_id = g.org_id AND p.id = g.project_id
  JOIN agentgov.users u ON u.id = g.decided_by
  LEFT JOIN agentgov.users ob ON ob.id = g.override_by
 ORDER BY p.name, g.decided_at;

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
\echo '---- Divergence: assumptions against telemetry ----'
SELECT p.name AS project, d.divergence_type AS type, d.assumed_value AS assumed,
       d.actual_value AS actual, d.assumption_evidence_tier || '->' || d.telemetry_evidence_tier AS tiers,
       d.classification, coalesce(c.recommendation::text, '-') AS cascade,
       coalesce(c.reexecution_scope_days || '/' || c.full_redesign_days || ' days', '-') AS reexec_redesign
  FROM agentgov.divergence_reports d
  JOIN agentgov.projects p ON p.org_id = d.org_id AND p.id = d.project_id
  LEFT JOIN agentgov.cascade_analyses c ON c.org_id = d.org_id AND c.divergence_id = d.id
 ORDER BY p.name, d.detected_at;

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
\echo '---- Audit trail ----'
SELECT a.id, coalesce(o.slug, '-') AS org, coalesce(u.username, '-') AS actor, a.action,
       coalesce(a.table_name, '-') AS on_table
  FROM agentgov.audit_log a
  LEFT JOIN agentgov.organizations o ON o.id = a.org_id
  LEFT JOIN agentgov.users u ON u.id = a.actor_id
 ORDER BY a.id;

\echo
\echo '---- Health check ----'
SELECT metric, value, status, threshold FROM agentgov.db_health_check();
