-- ---------------------------------------------------------------------------
-- Walkthrough of the platform seed (000, SQLAlchemy models): organizations
-- and members, workspaces, projects through their phases, versioned
-- artifacts with tags and evidence, a phase gate, telemetry, divergence and
-- cascade analysis, catalogue agents and their executions, cost tracking and
-- the audit log -- written and read the way the platform's services do.
-- Ids start with 5eed0000; slugs with seed-platform-.
-- ---------------------------------------------------------------------------
-- Times as written: UTC, ISO.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
\set northwind 5eed0000-0001-4000-8000-000000000001
\set contoso 5eed0000-0001-4000-8000-000000000002
\set priya 5eed0000-0002-4000-8000-000000000001
\set marco 5eed0000-0002-4000-8000-000000000002
\set lena 5eed0000-0002-4000-8000-000000000003
\set omar 5eed0000-0002-4000-8000-000000000004
\set growth 5eed0000-0003-4000-8000-000000000001
\set checkout 5eed0000-0004-4000-8000-000000000001
\set radar 5eed0000-0004-4000-8000-000000000002
\set intranet 5eed0000-0004-4000-8000-000000000003
\set validator 5eed0000-0005-4000-8000-000000000025
\set personas_gen 5eed0000-0005-4000-8000-000000000026
\set problem_v1 5eed0000-0006-4000-8000-000000000001
\set persona_v1 5eed0000-0006-4000-8000-000000000002
\set problem_v2 5eed0000-0006-4000-8000-000000000003
\set run_ok 5eed0000-0007-4000-8000-000000000001
\set run_failed 5eed0000-0007-4000-8000-000000000002
\set interviews 5eed0000-0009-4000-8000-000000000001

-- ---- Organizations, users, members ------------------------------------------
-- Plan limits come from the tier (BASIC 3 projects / 1 agent, PRO 20 / 5).
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    (:'northwind', 'Northwind Labs', 'seed-platform-northwind', 'PRO'),
    (:'contoso', 'Contoso', 'seed-platform-contoso', 'BASIC');
SELECT name, slug, subscription_tier, max_projects, max_agents_per_project
  FROM agentgov.organizations WHERE slug LIKE 'seed-platform-%' ORDER BY slug;

-- Users come from external identity providers (Supabase, Google, GitHub).
INSERT INTO agentgov.users (id, email, full_name, auth_provider, auth_provider_id, last_login_at) VALUES
    (:'priya', 'priya@seed-platform.example', 'Priya Raman', 'supabase', 'sb-0001', '2026-06-01 08:00+00'),
    (:'marco', 'marco@seed-platform.example', 'Marco Rossi', 'google', 'go-0002', '2026-06-01 08:05+00'),
    (:'lena', 'lena@seed-platform.example', 'Lena Vogel', 'github', 'gh-0003', NULL),
    (:'omar', 'omar@seed-platform.example', 'Omar Haddad', 'supabase', 'sb-0004', NULL);
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    (:'northwind', :'priya', 'ADMIN'),
    (:'northwind', :'marco', 'MEMBER'),
    (:'northwind', :'lena', 'VIEWER'),
    (:'contoso', :'omar', 'ADMIN');
-- The seed validates emails; so does the schema.  (Terse errors: the
-- failing row would show generated ids and times.)
\set VERBOSITY terse
INSERT INTO agentgov.users (email, full_name, auth_provider, auth_provider_id) VALUES
    ('priya at seed-platform.example', 'Typo', 'supabase', 'sb-9999');

INSERT INTO agentgov.workspaces (id, org_id, name, description, created_by) VALUES
    (:'growth', :'northwind', 'Growth', 'Checkout and retention bets', :'priya');
INSERT INTO agentgov.projects (id, org_id, workspace_id, name, description, problem_statement,
                               created_by, last_updated_by) VALUES
    (:'checkout', :'northwind', :'growth', 'Smart Checkout', 'One-page checkout',
     'Shoppers abandon 38% of carts at payment; checkout must be faster and simpler.', :'priya', :'priya'),
    (:'radar', :'northwind', :'growth', 'Churn Radar', 'Warn account managers before customers leave',
     'We learn about churn only when the renewal fails.', :'marco', :'marco'),
    (:'intranet', :'contoso', NULL, 'Contoso Intranet', NULL, NULL, :'omar', :'omar');
-- Name 3-100 characters and problem statement 10-5000 in the seed's validators.
INSERT INTO agentgov.projects (org_id, workspace_id, name, created_by, last_updated_by) VALUES
    (:'northwind', :'growth', 'AI', :'priya', :'priya');
INSERT INTO agentgov.projects (org_id, workspace_id, name, problem_statement, created_by, last_updated_by) VALUES
    (:'northwind', :'growth', 'Vague Idea', 'Too vague', :'priya', :'priya');
\set VERBOSITY default

-- The RLS policies of the seed show a user the projects of their
-- organizations: org_id IN (members' org_id WHERE user_id = auth.uid()).
PREPARE my_projects AS
SELECT p.name, p.phase, p.status
  FROM agentgov.projects p
 WHERE p.org_id IN (SELECT m.org_id FROM agentgov.organization_members m
                     WHERE m.user_id = agentgov.current_user_id())
 ORDER BY p.name;
BEGIN;
SELECT agentgov.set_actor(:'marco');
EXECUTE my_projects;
SELECT agentgov.set_actor(:'omar');
EXECUTE my_projects;
COMMIT;
DEALLOCATE my_projects;

-- ---- The agent catalogue (agents 1-26 of the master catalogue) --------------
INSERT INTO agentgov.agents (id, catalog_no, name, kind, phase, description, system_prompt, model,
                             avg_tokens_input, avg_tokens_output, cost_per_execution_usd) VALUES
    (:'validator', 25, 'Seed Platform Problem Validator', 'VALIDATOR', 'DISCOVER',
     'Checks that a problem statement is specific and evidenced',
     'You validate problem statements against the evidence given.', 'claude-3-sonnet', 6000, 1500, 0.0405),
    (:'personas_gen', 26, 'Seed Platform Persona Generator', 'GENERATOR', 'DISCOVER',
     'Drafts personas from interview notes', 'You write personas.', 'gpt-4', 9000, 3000, 0.4500);
SELECT catalog_no, name, kind, phase, model, cost_per_execution_usd
  FROM agentgov.agents WHERE org_id IS NULL AND catalog_no IN (25, 26) ORDER BY catalog_no;

-- ---- Artifacts: versioned per (project, type), DRAFT -> REVIEW -> APPROVED -> DEPLOYED
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, version, content, evidence_tier, created_by) VALUES
    (:'problem_v1', :'northwind', :'checkout', 'PROBLEM', 1,
     '{"statement": "Carts are abandoned at the payment step",
       "assumptions": [{"metric": "latency_p50", "value": "200ms", "evidence_tier": "E1"},
                       {"metric": "user_adoption", "value": "40%", "evidence_tier": "E2"}]}',
     'E2', :'marco'),
    (:'persona_v1', :'northwind', :'checkout', 'PERSONA', 1,
     '{"name": "Busy parent", "goal": "Pay in under a minute"}', 'E1', :'marco');
UPDATE agentgov.artifacts SET status = 'REVIEW' WHERE id = :'problem_v1';
-- Approved by an ADMIN or MEMBER of the organization other than the author.
UPDATE agentgov.artifacts SET status = 'APPROVED', approved_by = :'priya' WHERE id = :'problem_v1';
UPDATE agentgov.artifacts SET status = 'DEPLOYED' WHERE id = :'problem_v1';
UPDATE agentgov.artifacts SET status = 'REVIEW' WHERE id = :'persona_v1';
-- The seed numbers versions as max + 1 per project and type.
SELECT coalesce(max(version), 0) + 1 AS next_problem_version
  FROM agentgov.artifacts WHERE project_id = :'checkout' AND type = 'PROBLEM';
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, version, content, created_by) VALUES
    (:'problem_v2', :'northwind', :'checkout', 'PROBLEM', 2,
     '{"statement": "Carts are abandoned at payment and at shipping"}', :'marco');
INSERT INTO agentgov.artifact_tags (org_id, artifact_id, tag_name) VALUES
    (:'northwind', :'problem_v1', 'vrc_gate_submission'),
    (:'northwind', :'problem_v1', 'interview_backed');
INSERT INTO agentgov.evidence (id, org_id, project_id, artifact_id, evidence_tier, source, confidence_score,
                               evidence_count, url_or_reference, created_by) VALUES
    (:'interviews', :'northwind', :'checkout', :'problem_v1', 'E2', 'interview', 72, 14,
     'notion://research/checkout-interviews', :'marco'),
    ('5eed0000-0009-4000-8000-000000000002', :'northwind', :'checkout', :'problem_v1', 'E3', 'survey', 81, 412,
     'typeform://checkout-survey', :'marco');
UPDATE agentgov.evidence SET reviewed_by = :'priya', reviewed_at = '2026-06-02 09:00+00', escalation_status = 'IN_REVIEW'
 WHERE id = :'interviews';

SELECT a.type, a.version, a.status, a.evidence_tier, creator.full_name AS created_by,
       approver.full_name AS approved_by,
       (SELECT string_agg(t.tag_name, ', ' ORDER BY t.tag_name) FROM agentgov.artifact_tags t
         WHERE t.org_id = a.org_id AND t.artifact_id = a.id) AS tags
  FROM agentgov.artifacts a
  JOIN agentgov.users creator ON creator.id = a.created_by
  LEFT JOIN agentgov.users approver ON approver.id = a.approved_by
 WHERE a.project_id = :'checkout'
 ORDER BY a.type, a.version;
SELECT e.evidence_tier, e.source, e.confidence_score, e.evidence_count, e.escalation_status,
       u.full_name AS reviewed_by
  FROM agentgov.evidence e LEFT JOIN agentgov.users u ON u.id = e.reviewed_by
 WHERE e.artifact_id = :'problem_v1' ORDER BY e.evidence_tier;

-- ---- Phase gates ------------------------------------------------------------
-- VRC closes DISCOVER.  Score = weighted mean of the indicators:
-- (82 x 2 + 74 + 70) / 4 = 77 >= 76 (the default VRC threshold): PASS.
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, artifact_id, phase, score, target_threshold,
                                           decision, indicators, decided_by, rationale) VALUES
    (:'northwind', :'checkout', :'problem_v1', 'VRC', 77, 76, 'PASS',
     '[{"name": "problem_clarity", "score": 82, "weight": 2},
       {"name": "evidence_strength", "score": 74},
       {"name": "market_size", "score": 70}]',
     :'priya', 'Specific problem, backed by 14 interviews and a survey of 412');
UPDATE agentgov.projects SET phase = 'DEFINE', last_updated_by = :'priya'
 WHERE id = :'checkout' AND phase = 'DISCOVER';
-- (70 + 66) / 2 = 68: below 76 but within the 10-point margin: CONDITIONAL.
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, phase, score, target_threshold,
                                           decision, indicators, decided_by, rationale) VALUES
    (:'northwind', :'radar', 'VRC', 68, 76, 'CONDITIONAL',
     '[{"name": "problem_clarity", "score": 70}, {"name": "evidence_strength", "score": 66}]',
     :'priya', 'Plausible, but only anecdotes so far');
UPDATE agentgov.projects SET status = 'CONDITIONAL', last_updated_by = :'priya' WHERE id = :'radar';
-- Gate history of a project, by phase (idx_gate_project_phase).
SELECT p.name, g.phase, g.score, g.target_threshold, g.decision, jsonb_array_length(g.indicators) AS indicators
  FROM agentgov.phase_gate_decisions g JOIN agentgov.projects p ON p.org_id = g.org_id AND p.id = g.project_id
 WHERE g.org_id = :'northwind' ORDER BY p.name, g.phase;
SELECT name, phase, status FROM agentgov.projects WHERE org_id = :'northwind' ORDER BY name;

-- ---- Agent executions (agent_executions -> agent_runs) ----------------------
-- Each run is approved by governance before it runs.
INSERT INTO agentgov.agent_runs (id, org_id, project_id, agent_id, user_id, phase, status, model,
                                 estimated_cost, max_cost_limit) VALUES
    (:'run_ok', :'northwind', :'checkout', :'validator', :'marco', 'DISCOVER', 'queued', 'claude-3-sonnet', 0.0405, 1.0000),
    (:'run_failed', :'northwind', :'checkout', :'personas_gen', :'marco', 'DISCOVER', 'queued', 'gpt-4', 0.4500, 1.0000);
UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE id IN (:'run_ok', :'run_failed');
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved, decision_reason, created_by) VALUES
    (:'northwind', :'run_ok', 'pre_agent_spawn', 'sarah_three_questions', true, 'Scope, cost and rollback are clear', 'platform'),
    (:'northwind', :'run_failed', 'pre_agent_spawn', 'sarah_three_questions', true, 'Within budget', 'platform');
UPDATE agentgov.agent_runs SET status = 'approved' WHERE id IN (:'run_ok', :'run_failed');
UPDATE agentgov.agent_runs SET status = 'running' WHERE id IN (:'run_ok', :'run_failed');
-- The trigger stamps the real time; the walkthrough backdates it to the story's.
UPDATE agentgov.agent_runs SET started_at = '2026-06-01 09:00+00' WHERE id IN (:'run_ok', :'run_failed');
UPDATE agentgov.agent_runs SET status = 'completed', output_artifact_id = :'problem_v1'
 WHERE id = :'run_ok';
UPDATE agentgov.agent_runs SET completed_at = '2026-06-01 09:02+00'
 WHERE id = :'run_ok';
UPDATE agentgov.agent_runs SET status = 'failed',
                               error = 'Provider timeout after 300 s'
 WHERE id = :'run_failed';
UPDATE agentgov.agent_runs SET completed_at = '2026-06-01 09:05+00'
 WHERE id = :'run_failed';

-- ---- Cost tracking: usage per call, summed per day, project, agent, model ----
INSERT INTO agentgov.usage_events (org_id, occurred_at, user_id, project_id, agent_id, run_id, agent_kind,
                                   provider, model, tokens_in, tokens_out, cost_usd, latency_ms) VALUES
    (:'northwind', '2026-06-01 09:01+00', :'marco', :'checkout', :'validator', :'run_ok', 'VALIDATOR',
     'anthropic', 'claude-3-sonnet', 6100, 1400, 0.039300, 5200),
    (:'northwind', '2026-06-01 09:04+00', :'marco', :'checkout', :'personas_gen', :'run_failed', 'GENERATOR',
     'openai', 'gpt-4', 8800, 0, 0.264000, 300000);
UPDATE agentgov.agent_runs r
   SET tokens_in = u.tokens_in, tokens_out = u.tokens_out, cost_usd = u.cost_usd
  FROM (SELECT run_id, sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out, sum(cost_usd) AS cost_usd
          FROM agentgov.usage_events WHERE org_id = :'northwind' GROUP BY run_id) u
 WHERE r.org_id = :'northwind' AND r.id = u.run_id;

-- Executions of a project by status (idx_agent_exec_project_status).
SELECT a.catalog_no, a.name, r.phase, r.status, r.model, r.tokens_in, r.tokens_out, r.cost_usd, r.error,
       o.type AS output_type, o.version AS output_version
  FROM agentgov.agent_runs r
  JOIN agentgov.agents a ON a.id = r.agent_id
  LEFT JOIN agentgov.artifacts o ON o.org_id = r.org_id AND o.id = r.output_artifact_id
 WHERE r.project_id = :'checkout'
 ORDER BY a.catalog_no;
-- cost_tracking: daily cost per project, agent and model (what usage_rollups keeps).
SELECT u.usage_date, p.name AS project, a.catalog_no, u.model,
       sum(u.tokens_in + u.tokens_out) AS tokens_used, sum(u.cost_usd) AS cost_usd
  FROM agentgov.usage_events u
  JOIN agentgov.projects p ON p.org_id = u.org_id AND p.id = u.project_id
  JOIN agentgov.agents a ON a.id = u.agent_id
 WHERE u.org_id = :'northwind'
 GROUP BY u.usage_date, p.name, a.catalog_no, u.model
 ORDER BY u.usage_date, a.catalog_no;
-- The seed's cost per phase: through the run.
SELECT r.phase, sum(u.cost_usd) AS cost_usd
  FROM agentgov.usage_events u JOIN agentgov.agent_runs r ON r.org_id = u.org_id AND r.id = u.run_id
 WHERE u.org_id = :'northwind' GROUP BY r.phase ORDER BY r.phase;

-- ---- Telemetry, divergence, cascade -------------------------------------------
INSERT INTO agentgov.telemetry (org_id, project_id, metric_name, metric_value, unit, observed_at, cohort) VALUES
    (:'northwind', :'checkout', 'latency_p50', 255.0, 'ms', '2026-06-20 10:00+00', 'mainstream'),
    (:'northwind', :'checkout', 'latency_p50', 260.0, 'ms', '2026-06-20 11:00+00', 'mainstream'),
    (:'northwind', :'checkout', 'user_adoption', 34.0, '%', '2026-06-20 11:00+00', 'early_adopter');
-- Latest value per metric (idx_telemetry_project_metric).
SELECT DISTINCT ON (metric_name) metric_name, metric_value, unit, observed_at, evidence_tier
  FROM agentgov.telemetry WHERE project_id = :'checkout'
 ORDER BY metric_name, observed_at DESC;
-- The problem assumed 200ms at E1; production shows 260ms at E4: 30% worse
-- (MAJOR, 25% or more) and tiers 3 apart (which would raise it a step).
-- It assumed 40% adoption at E2; production shows 34%: 15% lower (MINOR),
-- tiers 2 apart.
INSERT INTO agentgov.divergence_reports (id, org_id, project_id, artifact_id, divergence_type, metric_name,
                                         assumed_value, actual_value, assumption_evidence_tier,
                                         telemetry_evidence_tier, tier_delta, classification, detected_at) VALUES
    ('5eed0000-0008-4000-8000-000000000001', :'northwind', :'checkout', :'problem_v1', 'LATENCY_MISS', 'latency_p50',
     '200ms', '260ms', 'E1', 'E4', 3, 'MAJOR', '2026-06-20 12:00+00'),
    ('5eed0000-0008-4000-8000-000000000002', :'northwind', :'checkout', :'problem_v1', 'FEATURE_ADOPTION_MISS', 'user_adoption',
     '40%', '34%', 'E2', 'E4', 2, 'MINOR', '2026-06-20 12:00+00');
INSERT INTO agentgov.cascade_analyses (org_id, divergence_id, affected_features, affected_code_modules,
                                       reexecution_scope_days, full_redesign_days, recommendation) VALUES
    (:'northwind', '5eed0000-0008-4000-8000-000000000001', '["F12 PRD", "F14 Architecture"]',
     '["checkout_service", "payment_api"]', 4, 16, 'FULL_REDESIGN'),
    (:'northwind', '5eed0000-0008-4000-8000-000000000002', '["F13 Positioning"]', '["onboarding_ui"]', 3, 15, 'REEXECUTE');
-- One analysis per divergence.
INSERT INTO agentgov.cascade_analyses (org_id, divergence_id, affected_features, affected_code_modules,
                                       reexecution_scope_days, full_redesign_days, recommendation) VALUES
    (:'northwind', '5eed0000-0008-4000-8000-000000000002', '[]', '[]', 2, 14, 'SKIP');
-- DivergenceResponse: a divergence with its cascade analysis.
SELECT d.divergence_type, d.assumed_value, d.actual_value, d.tier_delta, d.classification,
       jsonb_build_object('recommendation', c.recommendation,
                          'reexecution_scope_days', c.reexecution_scope_days,
                          'full_redesign_days', c.full_redesign_days,
                          'affected_features', c.affected_features) AS cascade_analysis
  FROM agentgov.divergence_reports d
  LEFT JOIN agentgov.cascade_analyses c ON c.org_id = d.org_id AND c.divergence_id = d.id
 WHERE d.project_id = :'checkout'
 ORDER BY d.classification DESC, d.divergence_type;

-- ---- Archiving and the audit log ---------------------------------------------
UPDATE agentgov.projects SET archived_at = '2026-06-30 17:00+00', last_updated_by = :'priya' WHERE id = :'radar';
-- is_archived = archived_at IS NOT NULL; live projects use idx_projects_archived_at.
SELECT name, archived_at IS NOT NULL AS is_archived FROM agentgov.projects
 WHERE org_id = :'northwind' ORDER BY name;
SELECT name FROM agentgov.projects WHERE org_id = :'northwind' AND archived_at IS NULL ORDER BY name;

INSERT INTO agentgov.audit_log (org_id, actor_id, action, table_name, record_id, old_values, new_values,
                                rationale, ip_address, user_agent, occurred_at) VALUES
    (:'northwind', :'priya', 'APPROVE', 'artifacts', :'problem_v1', '{"status": "REVIEW"}', '{"status": "APPROVED"}',
     'Reviewed with the interview notes', '198.51.100.23', 'Mozilla/5.0 (Macintosh)', '2026-06-01 08:30+00'),
    (:'northwind', :'priya', 'ESCALATE', 'evidence', :'interviews', '{"escalation_status": "NONE"}',
     '{"escalation_status": "IN_REVIEW"}', 'Interview sample is small', '2001:db8::17', 'Mozilla/5.0 (Macintosh)',
     '2026-06-02 09:00+00');
-- The audit trail of the artifact and its evidence (idx_audit_resource), and
-- of the organization over a month (idx_audit_org_timestamp).
SELECT action, table_name, old_values, new_values, rationale, ip_address
  FROM agentgov.audit_log
 WHERE (table_name, record_id) IN (('artifacts', :'problem_v1'), ('evidence', :'interviews'))
   AND actor_id = :'priya' AND occurred_at < '2026-07-01'
 ORDER BY occurred_at;
SELECT count(*) AS northwind_audit_rows_in_june
  FROM agentgov.audit_log
 WHERE org_id = :'northwind' AND occurred_at >= '2026-06-01' AND occurred_at < '2026-07-01'
   AND action IN ('APPROVE', 'ESCALATE');
