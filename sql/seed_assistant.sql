-- ---------------------------------------------------------------------------
-- Walkthrough of the assistant seed (003, AI development assistant): users
-- with preferences and optimistic locking, user sessions and their
-- activities, personas, agent sessions (agent_runs) gated by governance
-- events and validation results, persona activations, agent interactions,
-- the audit log -- and the seed's views, health check and retention
-- clean-up.
-- Ids start with 5eed0003; slugs with seed-assistant-.
-- ---------------------------------------------------------------------------
-- Times as written: UTC, ISO.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
\set org 5eed0003-0001-4000-8000-000000000001
\set jamie 5eed0003-0002-4000-8000-000000000001
\set sarah 5eed0003-0002-4000-8000-000000000002
\set quinn 5eed0003-0002-4000-8000-000000000003
\set web_session 5eed0003-0011-4000-8000-000000000001
\set cli_session 5eed0003-0011-4000-8000-000000000002
\set review 5eed0003-0007-4000-8000-000000000001
\set design 5eed0003-0007-4000-8000-000000000002
\set deploy 5eed0003-0007-4000-8000-000000000003
\set tests 5eed0003-0007-4000-8000-000000000004
\set consensus 5eed0003-0008-4000-8000-000000000002
\set correlation 5eed0003-00cc-4000-8000-000000000001

-- ---- Users ---------------------------------------------------------------------
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    (:'org', 'Assistant Workshop', 'seed-assistant-workshop', 'PRO');
-- user_id is id, preferences_json is preferences, auth_external_id is auth_provider_id.
INSERT INTO agentgov.users (id, email, username, full_name, preferences, auth_provider, auth_provider_id,
                            password_hash, last_active_at) VALUES
    (:'jamie', 'jamie@seed-assistant.example', 'seed-asst-jamie', 'Dr. Jamie Rodriguez',
     '{"theme": "dark", "verbosity": "high"}', 'local', NULL, '$2b$12$amFtaWUuc2VlZC5hc3Npc3RhbnQuZXhhbXBsZS5oYXNo',
     '2025-01-27 09:00+00'),
    (:'sarah', 'sarah@seed-assistant.example', 'seed-asst-sarah', 'Dr. Sarah Chen', '{}', 'github', 'gh-77001', NULL,
     '2025-01-27 10:00+00'),
    (:'quinn', 'quinn@seed-assistant.example', 'seed-asst-quinn', 'Quinn Roberts', '{"notify": "email"}',
     'google', 'go-77002', NULL, '2025-01-26 16:00+00');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    (:'org', :'jamie', 'ADMIN'), (:'org', :'sarah', 'MEMBER'), (:'org', :'quinn', 'MEMBER');
-- The seed's format check accepts any case; emails are stored lower case.
\set VERBOSITY terse
INSERT INTO agentgov.users (email, username, auth_provider, auth_provider_id) VALUES
    ('Jamie@Seed-Assistant.example', 'seed-asst-jamie2', 'github', 'gh-77003');
INSERT INTO agentgov.users (email, username, auth_provider, auth_provider_id) VALUES
    ('jamie@seed-assistant.example', 'seed-asst-jamie3', 'github', 'gh-77004');
\set VERBOSITY default
-- Optimistic locking: an update names the version it read.
UPDATE agentgov.users SET preferences = preferences || '{"theme": "light"}', version = version + 1
 WHERE id = :'jamie' AND version = 1
RETURNING username, preferences->>'theme' AS theme, version;
UPDATE agentgov.users SET preferences = preferences || '{"theme": "solarized"}', version = version + 1
 WHERE id = :'jamie' AND version = 1
RETURNING username, preferences->>'theme' AS theme, version;
-- Lookup by external identity (idx_users_auth_external).
SELECT username, full_name FROM agentgov.users WHERE auth_provider = 'github' AND auth_provider_id = 'gh-77001';

-- ---- User sessions and their activities --------------------------------------------
INSERT INTO agentgov.user_sessions (id, user_id, session_type, session_context, status, started_at) VALUES
    (:'web_session', :'jamie', 'web', '{"ip": "192.0.2.10", "project": "assistant"}', 'active', '2025-01-27 09:00+00'),
    (:'cli_session', :'sarah', 'cli', '{"ip": "192.0.2.11"}', 'active', '2025-01-27 10:00+00');
UPDATE agentgov.user_sessions SET status = 'ended', ended_at = now() - interval '1 hour', version = version + 1
 WHERE id = :'cli_session' AND version = 1;
INSERT INTO agentgov.session_activities (session_id, activity_type, details, occurred_at) VALUES
    (:'web_session', 'open_project', '{"project": "assistant"}', '2025-01-27 09:01+00'),
    (:'web_session', 'start_agent', '{"agent_type": "code_reviewer"}', '2025-01-27 09:05+00'),
    (:'cli_session', 'start_agent', '{"agent_type": "architect"}', '2025-01-27 10:02+00');
SELECT u.username, s.session_type, s.status, s.version, count(a.id) AS activities
  FROM agentgov.user_sessions s
  JOIN agentgov.users u ON u.id = s.user_id
  LEFT JOIN agentgov.session_activities a ON a.session_id = s.id
 WHERE s.id IN (:'web_session', :'cli_session')
 GROUP BY u.username, s.session_type, s.status, s.version ORDER BY u.username;

-- ---- Personas -----------------------------------------------------------------------
INSERT INTO agentgov.personas (id, persona_name, persona_version, specialization, capabilities, activation_rules,
                               crisis_scenarios, behavioral_patterns, is_core, priority_level) VALUES
    ('seed_asst_sarah_chen', 'Sarah Chen (assistant seed)', '1.2', 'systems architecture',
     '{"reviews": ["architecture", "scalability"]}', '{"on": ["pre_agent_spawn"]}',
     '{"outage": "lead the review"}', '{"asks": "three questions"}', true, 1),
    ('seed_asst_alex_kim', 'Alex Kim (assistant seed)', '1.0', 'operations',
     '{"reviews": ["on-call"]}', '{"on": ["cost_validation"]}', '{}', '{"test": "3am"}', false, 3),
    ('seed_asst_quinn_roberts', 'Quinn Roberts (assistant seed)', '1.1', 'compliance',
     '{"reviews": ["audit"]}', '{}', '{}', '{}', false, 5);
\set VERBOSITY terse
INSERT INTO agentgov.personas (id, persona_name, persona_version, specialization, priority_level) VALUES
    ('seed_asst_urgent', 'Urgent (assistant seed)', '1.0', 'everything', 0);
\set VERBOSITY default
-- Core personas first, then by priority (idx_personas_core, idx_personas_priority).
SELECT id, persona_name, persona_version, is_core, priority_level
  FROM agentgov.personas WHERE id LIKE 'seed_asst_%' AND is_active ORDER BY is_core DESC, priority_level;

-- ---- Agent sessions under governance ---------------------------------------------------
-- Sessions start initializing (or waiting for approval) and may only run
-- once approved.
INSERT INTO agentgov.agent_runs (id, org_id, agent_type, user_id, session_id, status, agent_config, personas_active,
                                 governance_state, estimated_cost, max_cost_limit) VALUES
    (:'review', :'org', 'code_reviewer', :'jamie', :'web_session', 'initializing', '{"depth": "full"}',
     '["seed_asst_sarah_chen"]', '{"checks": []}', 0.5000, 2.0000),
    (:'design', :'org', 'architect', :'sarah', :'cli_session', 'initializing', '{"scope": "billing"}',
     '["seed_asst_sarah_chen", "seed_asst_alex_kim"]', '{}', 1.2000, 3.0000),
    (:'tests', :'org', 'test_writer', :'jamie', :'web_session', 'initializing', '{}', '[]', '{}', 0.2000, 1.0000);
INSERT INTO agentgov.agent_runs (id, org_id, agent_type, user_id, status, estimated_cost, max_cost_limit) VALUES
    (:'deploy', :'org', 'deployer', :'quinn', 'pending_approval', 5.0000, 2.0000);
UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE id IN (:'review', :'design', :'tests');

-- The code review: approved by Sarah's three questions, then it runs.
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved, validation_context,
                                        decision_details, decision_reason, created_by, correlation_id) VALUES
    (:'org', :'review', 'pre_agent_spawn', 'sarah_three_questions', true, '{"questions": 3}',
     '{"answers": ["scope clear", "cost bounded", "rollback trivial"]}', 'All three answered', 'governance-service',
     :'correlation');
UPDATE agentgov.agent_runs SET status = 'approved', governance_state = '{"approved_by": "sarah_three_questions"}'
 WHERE id = :'review';
UPDATE agentgov.agent_runs SET status = 'running'
 WHERE id = :'review';
UPDATE agentgov.agent_runs SET started_at = now() - interval '1 day 10 minutes'
 WHERE id = :'review';
INSERT INTO agentgov.persona_activations (org_id, run_id, persona_id, activation_trigger, activation_context,
                                          activated_at, deactivated_at, results) VALUES
    (:'org', :'review', 'seed_asst_sarah_chen', 'architecture question', '{"turn": 3}',
     '2025-01-27 09:07+00', '2025-01-27 09:09+00', '{"verdict": "split the module"}');
INSERT INTO agentgov.run_logs (org_id, run_id, kind, level, message, data, created_at) VALUES
    (:'org', :'review', 'interaction', 'info', 'Asked for the module boundaries',
     '{"prompt_tokens": 1800, "completion_tokens": 240}', '2025-01-27 09:07+00'),
    (:'org', :'review', 'interaction', 'info', 'Proposed splitting billing.py',
     '{"prompt_tokens": 2600, "completion_tokens": 900}', '2025-01-27 09:09+00');
UPDATE agentgov.agent_runs SET status = 'completed', cost_usd = 0.4200
 WHERE id = :'review';
UPDATE agentgov.agent_runs SET completed_at = now() - interval '1 day'
 WHERE id = :'review';

-- The architecture session: a consensus check, two of three validators passed.
INSERT INTO agentgov.governance_events (id, org_id, run_id, event_type, framework, approved, validation_context,
                                        decision_reason, created_by, correlation_id) VALUES
    (:'consensus', :'org', :'design', 'consensus_check', 'consensus', true, '{"validators": 3}',
     'Majority approved', 'governance-service', :'correlation');
INSERT INTO agentgov.validation_results (org_id, event_id, validator, passed, score, details) VALUES
    (:'org', :'consensus', 'seed_asst_sarah_chen', true, 88.00, '{}'),
    (:'org', :'consensus', 'seed_asst_alex_kim', true, 71.50, '{"note": "watch the pager load"}'),
    (:'org', :'consensus', 'seed_asst_quinn_roberts', false, 40.00, '{"reason": "no audit plan"}');
UPDATE agentgov.agent_runs SET status = 'approved' WHERE id = :'design';
UPDATE agentgov.agent_runs SET status = 'running', cost_usd = 0.3100
 WHERE id = :'design';
UPDATE agentgov.agent_runs SET started_at = now() - interval '2 hours'
 WHERE id = :'design';
INSERT INTO agentgov.persona_activations (org_id, run_id, persona_id, activation_trigger, activated_at) VALUES
    (:'org', :'design', 'seed_asst_alex_kim', 'on-call review', '2025-01-27 10:06+00');
SELECT e.event_type, e.approved, count(*) FILTER (WHERE v.passed) AS passed, count(*) AS validators,
       count(*) FILTER (WHERE v.passed) * 2 > count(*) AS strict_majority, round(avg(v.score), 2) AS avg_score
  FROM agentgov.governance_events e JOIN agentgov.validation_results v ON v.org_id = e.org_id AND v.event_id = e.id
 WHERE e.id = :'consensus' GROUP BY e.event_type, e.approved;

-- The deployment: its estimate exceeds its limit; the cost check rejects it.
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved, decision_details,
                                        decision_reason, fallback_triggered, created_by, correlation_id) VALUES
    (:'org', :'deploy', 'cost_validation', 'alex_3am_test', false, '{"estimated": 5.0, "limit": 2.0}',
     'Estimated cost above the limit', true, 'governance-service', :'correlation');
-- The test writer is approved and waits for a slot.
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved, decision_reason,
                                        created_by, correlation_id) VALUES
    (:'org', :'tests', 'pre_agent_spawn', 'sarah_three_questions', true, 'Low risk', 'governance-service', :'correlation');
UPDATE agentgov.agent_runs SET status = 'approved' WHERE id = :'tests';

-- The session's governance trail (idx_governance_events_session) and the
-- rejected decisions kept for compliance (idx_governance_events_rejected).
SELECT r.agent_type, e.event_type, e.framework, e.approved, e.decision_reason
  FROM agentgov.governance_events e JOIN agentgov.agent_runs r ON r.org_id = e.org_id AND r.id = e.run_id
 WHERE e.correlation_id = :'correlation' ORDER BY r.agent_type, e.event_type;
SELECT r.agent_type, e.decision_reason, e.fallback_triggered
  FROM agentgov.governance_events e JOIN agentgov.agent_runs r ON r.org_id = e.org_id AND r.id = e.run_id
 WHERE e.org_id = :'org' AND NOT e.approved;
-- A persona's activations.
SELECT p.persona_name, r.agent_type, a.activation_trigger, a.deactivated_at IS NOT NULL AS finished, a.results
  FROM agentgov.persona_activations a
  JOIN agentgov.personas p ON p.id = a.persona_id
  JOIN agentgov.agent_runs r ON r.org_id = a.org_id AND r.id = a.run_id
 WHERE a.org_id = :'org' ORDER BY p.persona_name;
-- The agent interactions of a session.
SELECT message, (data->>'prompt_tokens')::int + (data->>'completion_tokens')::int AS tokens
  FROM agentgov.run_logs WHERE org_id = :'org' AND run_id = :'review' AND kind = 'interaction' ORDER BY created_at;
-- Costs are never negative.
\set VERBOSITY terse
UPDATE agentgov.agent_runs SET cost_usd = -0.01 WHERE id = :'design';
\set VERBOSITY default

-- ---- The seed's views ---------------------------------------------------------------------
-- active_agent_sessions: running or waiting, with approvals and rejections.
SELECT agent_type, status, cost_usd, approvals, rejections
  FROM agentgov.active_agent_runs WHERE org_id = :'org' ORDER BY agent_type;
-- user_activity_summary: sessions and cost per active user.
SELECT username, last_active_at, total_runs, total_cost, round(avg_cost_per_run, 4) AS avg_cost_per_run,
       last_run_at IS NOT NULL AS has_run
  FROM agentgov.user_activity_summary WHERE user_id IN (:'jamie', :'sarah', :'quinn') ORDER BY username;
-- A deactivated user leaves the summary.
UPDATE agentgov.users SET is_active = false WHERE id = :'quinn';
SELECT username FROM agentgov.user_activity_summary WHERE user_id IN (:'jamie', :'sarah', :'quinn') ORDER BY username;

-- ---- The audit log ---------------------------------------------------------------------------
-- audit_id is a bigint, operation is action, changed_by is actor_id.
INSERT INTO agentgov.audit_log (org_id, table_name, record_id, action, old_values, new_values, actor_id,
                                correlation_id, occurred_at) VALUES
    (:'org', 'agent_sessions', :'review', 'INSERT', NULL, '{"status": "initializing"}', :'jamie', :'correlation',
     '2025-01-27 09:05+00'),
    (:'org', 'agent_sessions', :'review', 'UPDATE', '{"status": "running"}', '{"status": "completed"}', :'jamie',
     :'correlation', '2025-01-27 09:12+00');
SELECT action, table_name, old_values, new_values
  FROM agentgov.audit_log WHERE correlation_id = :'correlation' AND table_name = 'agent_sessions'
 ORDER BY occurred_at;
SELECT max(id) > min(id) AS ids_ascend
  FROM agentgov.audit_log WHERE correlation_id = :'correlation' AND table_name = 'agent_sessions';

-- ---- Health check --------------------------------------------------------------------------------
-- The seed's three metrics, plus governance ones; each with its threshold.
SELECT metric, threshold, status IN ('OK', 'WARNING') AS has_status FROM agentgov.db_health_check();

-- ---- Retention --------------------------------------------------------------------------------------
-- Governance events 7 years, ended user sessions 2 years, completed agent
-- sessions 1 year: settings with those defaults.  (Times that the clean-up
-- reads are relative to now, so that the outcome does not depend on the day
-- the test runs.)
INSERT INTO agentgov.user_sessions (id, user_id, session_type, status, started_at, ended_at) VALUES
    ('5eed0003-0011-4000-8000-000000000003', :'sarah', 'web', 'ended', now() - interval '3 years 1 day', now() - interval '3 years');
INSERT INTO agentgov.agent_runs (id, org_id, agent_type, user_id, status, created_at) VALUES
    ('5eed0003-0007-4000-8000-000000000005', :'org', 'code_reviewer', :'sarah', 'queued', now() - interval '2 years 1 day');
UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE id = '5eed0003-0007-4000-8000-000000000005';
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved, created_at) VALUES
    (:'org', '5eed0003-0007-4000-8000-000000000005', 'pre_agent_spawn', 'sarah_three_questions', true,
     now() - interval '2 years 1 day');
UPDATE agentgov.agent_runs SET status = 'approved' WHERE id = '5eed0003-0007-4000-8000-000000000005';
UPDATE agentgov.agent_runs SET status = 'running'
 WHERE id = '5eed0003-0007-4000-8000-000000000005';
UPDATE agentgov.agent_runs SET started_at = now() - interval '2 years 1 day'
 WHERE id = '5eed0003-0007-4000-8000-000000000005';
UPDATE agentgov.agent_runs SET status = 'completed'
 WHERE id = '5eed0003-0007-4000-8000-000000000005';
UPDATE agentgov.agent_runs SET completed_at = now() - interval '2 years'
 WHERE id = '5eed0003-0007-4000-8000-000000000005';
SELECT table_name, retention FROM agentgov.cleanup_old_data();
-- The old session and the old completed agent session are gone; the rest stays.
SELECT id FROM agentgov.user_sessions WHERE user_id IN (:'jamie', :'sarah', :'quinn') ORDER BY id;
SELECT agent_type, status FROM agentgov.agent_runs WHERE org_id = :'org' ORDER BY agent_type;
SELECT action, new_values->>'retention_policy' AS policy
  FROM agentgov.audit_log WHERE action = 'CLEANUP' ORDER BY id DESC LIMIT 1;
