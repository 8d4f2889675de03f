-- ---------------------------------------------------------------------------
-- Walkthrough of the orchestrator seed (001, SQLite): users and login
-- sessions, projects, global and project agents, ideas refined through
-- questions, tickets and subtasks, agent runs with their logs, the job queue
-- and usage tracking -- and the seed's three "common queries", rewritten for
-- the unified tables.
-- Ids start with 5eed0001; slugs with seed-orchestrator-.
-- ---------------------------------------------------------------------------
-- Times as written: UTC, ISO.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
\set org 5eed0001-0001-4000-8000-000000000001
\set admin 5eed0001-0002-4000-8000-000000000001
\set dev 5eed0001-0002-4000-8000-000000000002
\set orch 5eed0001-0004-4000-8000-000000000001
\set docs 5eed0001-0004-4000-8000-000000000002
\set refiner 5eed0001-0005-4000-8000-000000000001
\set planner 5eed0001-0005-4000-8000-000000000002
\set developer 5eed0001-0005-4000-8000-000000000003
\set support 5eed0001-0005-4000-8000-000000000004
\set helpdesk 5eed0001-0005-4000-8000-000000000005
\set idea_retry 5eed0001-0006-4000-8000-000000000001
\set idea_digest 5eed0001-0006-4000-8000-000000000002
\set idea_dark 5eed0001-0006-4000-8000-000000000003
\set idea_search 5eed0001-0006-4000-8000-000000000004
\set ticket_digest 5eed0001-0007-4000-8000-000000000001
\set ticket_flaky 5eed0001-0007-4000-8000-000000000002
\set ticket_deps 5eed0001-0007-4000-8000-000000000003
\set ticket_queue 5eed0001-0007-4000-8000-000000000004
\set run_flaky 5eed0001-0008-4000-8000-000000000001
\set run_refine 5eed0001-0008-4000-8000-000000000002
\set run_deps 5eed0001-0008-4000-8000-000000000003

-- ---- Users and sessions -------------------------------------------------------
-- The orchestrator is single-tenant; its data lives in one organization.
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    (:'org', 'Orchestrator Home', 'seed-orchestrator-home', 'PRO');
-- role admin/user becomes is_admin; local accounts keep a password hash.
INSERT INTO agentgov.users (id, username, email, password_hash, is_admin) VALUES
    (:'admin', 'seed-orch-admin', 'admin@seed-orchestrator.example', '$argon2id$v=19$m=65536,t=3,p=4$c2VlZA$YWRtaW4', true),
    (:'dev', 'seed-orch-dev', 'dev@seed-orchestrator.example', '$argon2id$v=19$m=65536,t=3,p=4$c2VlZA$ZGV2', false);
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    (:'org', :'admin', 'ADMIN'), (:'org', :'dev', 'MEMBER');
-- A local account needs its password hash.
\set VERBOSITY terse
INSERT INTO agentgov.users (username, email) VALUES ('seed-orch-nopass', 'nopass@seed-orchestrator.example');
\set VERBOSITY default

-- Login: a session keyed by the SHA-256 of its token, then last_login.
INSERT INTO agentgov.user_sessions (user_id, token_sha256, session_type, expires_at) VALUES
    (:'admin', sha256('orch-session-token-admin'::bytea), 'web', now() + interval '12 hours'),
    (:'dev', sha256('orch-session-token-dev'::bytea), 'cli', now() - interval '1 hour');
UPDATE agentgov.users SET last_login_at = '2026-02-05 09:00+00' WHERE id = :'admin';
-- Authenticate a request: the token's digest, not expired (idx_sessions_token
-- is the unique index on token_sha256, idx_sessions_expires serves purges).
SELECT u.username, u.is_admin, u.last_login_at, s.session_type
  FROM agentgov.user_sessions s JOIN agentgov.users u ON u.id = s.user_id
 WHERE s.token_sha256 = sha256('orch-session-token-admin'::bytea) AND s.expires_at > now() AND u.is_active;
SELECT count(*) AS valid_dev_sessions
  FROM agentgov.user_sessions s
 WHERE s.token_sha256 = sha256('orch-session-token-dev'::bytea) AND s.expires_at > now();
-- A token is unique.
\set VERBOSITY terse
INSERT INTO agentgov.user_sessions (user_id, token_sha256) VALUES (:'dev', sha256('orch-session-token-admin'::bytea));
\set VERBOSITY default

-- ---- Projects and agents ------------------------------------------------------
INSERT INTO agentgov.projects (id, org_id, name, description, local_path, config, created_by) VALUES
    (:'orch', :'org', 'Agent Orchestrator', 'Ideas to tickets to code', '/srv/repos/orchestrator',
     '{"default_model": "sonnet", "max_parallel_runs": 2}', :'admin'),
    (:'docs', :'org', 'Docs Site', 'Product documentation', '/srv/repos/docs', '{}', :'admin');
-- Global agents (project_id NULL) serve every project; a project agent may
-- take a global agent's name.
INSERT INTO agentgov.agents (id, org_id, project_id, name, kind, description, system_prompt, tools, model, config) VALUES
    (:'refiner', :'org', NULL, 'refiner', 'refinement', 'Turns raw ideas into tickets',
     'Ask until the idea is clear.', '["read_file", "search"]', 'sonnet', '{"max_questions": 5}'),
    (:'planner', :'org', NULL, 'planner', 'planning', 'Breaks tickets into subtasks',
     'Plan small steps.', '["read_file"]', 'opus', '{}'),
    (:'helpdesk', :'org', NULL, 'support', 'support', 'Answers user questions',
     'You answer from the docs.', '[]', 'haiku', '{}'),
    (:'developer', :'org', :'orch', 'developer', 'development', 'Implements tickets in this repository',
     'You write code and tests.', '["read_file", "write_file", "run_tests"]', 'sonnet', '{"branch_prefix": "agent/"}'),
    (:'support', :'org', :'orch', 'support', 'support', 'Answers questions about the orchestrator',
     'You answer from this repository''s README and docs.', '["read_file"]', 'sonnet', '{}');
-- (name, project_id) is unique.
\set VERBOSITY terse
INSERT INTO agentgov.agents (org_id, project_id, name, kind, description, system_prompt) VALUES
    (:'org', :'orch', 'developer', 'development', 'Second developer', 'x');
\set VERBOSITY default
-- The agents a project sees: its own, then the global ones it does not override.
SELECT DISTINCT ON (a.name) a.name, a.kind, a.model, a.project_id IS NULL AS global
  FROM agentgov.agents a
 WHERE a.org_id = :'org' AND (a.project_id = :'orch' OR a.project_id IS NULL) AND a.is_active
 ORDER BY a.name, a.project_id NULLS LAST;

-- ---- Ideas and their questions ------------------------------------------------
INSERT INTO agentgov.ideas (id, org_id, project_id, title, description, source, status, priority, metadata) VALUES
    (:'idea_retry', :'org', :'orch', 'Retry failed runs automatically',
     'When an agent run fails on a timeout, queue it again.', 'web', 'pending', 2, '{"votes": 3}'),
    (:'idea_digest', :'org', :'orch', 'Nightly cost digest', 'Mail the team what agents spent yesterday.',
     'cli', 'approved', 1, NULL),
    (:'idea_dark', :'org', :'docs', 'Dark mode', 'Docs in dark mode', 'api', 'pending', 0, NULL),
    (:'idea_search', :'org', :'docs', 'Search the docs', 'Full-text search over the docs', 'web', 'pending', 1, NULL);
-- The refiner works an idea: refining, then waiting on questions.
UPDATE agentgov.ideas SET status = 'refining' WHERE id IN (:'idea_retry', :'idea_search');
UPDATE agentgov.ideas SET status = 'questions' WHERE id IN (:'idea_retry', :'idea_search');
UPDATE agentgov.ideas SET status = 'rejected' WHERE id = :'idea_dark';
INSERT INTO agentgov.questions (org_id, project_id, idea_id, agent_id, text, context) VALUES
    (:'org', :'orch', :'idea_retry', :'refiner', 'How many retries before giving up?', 'Retries cost money'),
    (:'org', :'orch', :'idea_retry', :'refiner', 'Which failures count as timeouts?', NULL),
    (:'org', :'orch', :'idea_retry', :'refiner', 'Should retries wait longer each time?', 'Provider rate limits'),
    (:'org', :'docs', :'idea_search', :'refiner', 'Search titles only, or the full text?', NULL);
UPDATE agentgov.questions SET status = 'answered', answer = 'Only provider 504s', answered_at = '2026-02-05 10:00+00'
 WHERE idea_id = :'idea_retry' AND text LIKE 'Which failures%';
UPDATE agentgov.questions SET status = 'skipped' WHERE idea_id = :'idea_retry' AND text LIKE 'Should retries%';
-- An answered question has its answer.
\set VERBOSITY terse
UPDATE agentgov.questions SET status = 'answered' WHERE idea_id = :'idea_search';
\set VERBOSITY default

-- Common query 1: pending ideas with unanswered questions.
--   SELECT i.*, COUNT(q.id) as pending_questions FROM ideas i
--   LEFT JOIN questions q ON q.idea_id = i.id AND q.status = 'pending'
--   WHERE i.status = 'questions' GROUP BY i.id;
SELECT i.title, i.source, i.priority, count(q.id) AS pending_questions
  FROM agentgov.ideas i
  LEFT JOIN agentgov.questions q ON q.org_id = i.org_id AND q.idea_id = i.id AND q.status = 'pending'
 WHERE i.org_id = :'org' AND i.status = 'questions'
 GROUP BY i.org_id, i.id
 ORDER BY i.priority DESC;

-- ---- Tickets and subtasks -------------------------------------------------------
-- The approved idea becomes a ticket (and the idea is converted).
INSERT INTO agentgov.tasks (id, org_id, project_id, idea_id, title, description, type, status, priority,
                            assigned_agent_id, spec) VALUES
    (:'ticket_digest', :'org', :'orch', :'idea_digest', 'Nightly cost digest', 'Send a daily spend summary',
     'feature', 'queued', 5, :'developer', '{"channel": "email", "at": "07:00"}');
UPDATE agentgov.ideas SET status = 'converted' WHERE id = :'idea_digest';
-- Manual tickets have no idea.
INSERT INTO agentgov.tasks (id, org_id, project_id, title, description, type, status, priority, assigned_agent_id) VALUES
    (:'ticket_flaky', :'org', :'orch', 'Fix the flaky queue test', 'test_dequeue fails one run in ten', 'bugfix',
     'in_progress', 8, :'developer'),
    (:'ticket_deps', :'org', :'orch', 'Upgrade dependencies', 'Monthly upgrade', 'chore', 'queued', 1, NULL),
    (:'ticket_queue', :'org', :'orch', 'Extract the job runner', 'Move dequeueing out of the API process',
     'refactor', 'done', 3, :'developer');
UPDATE agentgov.tasks SET result = '{"commits": 4, "files_changed": 9}', completed_at = '2026-02-04 18:00+00'
 WHERE id = :'ticket_queue';
-- Subtasks break a ticket down, in order.
INSERT INTO agentgov.tasks (org_id, project_id, parent_id, title, status, order_index, assigned_agent_id) VALUES
    (:'org', :'orch', :'ticket_digest', 'Query yesterday''s usage', 'done', 1, :'developer'),
    (:'org', :'orch', :'ticket_digest', 'Render the email', 'in_progress', 2, :'developer'),
    (:'org', :'orch', :'ticket_digest', 'Schedule at 07:00', 'pending', 3, :'planner'),
    (:'org', :'orch', :'ticket_digest', 'Slack variant', 'skipped', 4, NULL);
SELECT s.order_index, s.title, s.status, a.name AS agent
  FROM agentgov.tasks s LEFT JOIN agentgov.agents a ON a.id = s.assigned_agent_id
 WHERE s.org_id = :'org' AND s.parent_id = :'ticket_digest'
 ORDER BY s.order_index;

-- Common query 2: the development queue, by priority.
--   SELECT t.*, a.name as agent_name FROM tickets t
--   LEFT JOIN agents a ON t.assigned_agent = a.id
--   WHERE t.status IN ('queued', 'in_progress') ORDER BY t.priority DESC, t.created_at ASC;
SELECT t.title, t.type, t.status, t.priority, a.name AS agent_name
  FROM agentgov.tasks t
  LEFT JOIN agentgov.agents a ON a.id = t.assigned_agent_id
 WHERE t.org_id = :'org' AND t.parent_id IS NULL AND t.status IN ('queued', 'in_progress')
 ORDER BY t.priority DESC, t.created_at ASC;

-- ---- Agent runs and their logs --------------------------------------------------
-- Runs start queued and are approved before they run.
INSERT INTO agentgov.agent_runs (id, org_id, project_id, agent_id, task_id, idea_id, status, model, input) VALUES
    (:'run_flaky', :'org', :'orch', :'developer', :'ticket_flaky', NULL, 'queued', 'sonnet',
     '{"ticket": "Fix the flaky queue test"}'),
    (:'run_refine', :'org', :'orch', :'refiner', NULL, :'idea_retry', 'queued', 'sonnet',
     '{"idea": "Retry failed runs automatically"}'),
    (:'run_deps', :'org', :'orch', :'developer', :'ticket_deps', NULL, 'queued', 'sonnet', '{}');
UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE id IN (:'run_flaky', :'run_refine');
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved, decision_reason, created_by) VALUES
    (:'org', :'run_flaky', 'pre_agent_spawn', 'sarah_three_questions', true, 'Bug fix on a branch', 'seed-orch-admin'),
    (:'org', :'run_refine', 'pre_agent_spawn', 'sarah_three_questions', true, 'Read-only refinement', 'seed-orch-admin');
UPDATE agentgov.agent_runs SET status = 'approved' WHERE id IN (:'run_flaky', :'run_refine');
UPDATE agentgov.agent_runs SET status = 'running'
 WHERE id IN (:'run_flaky', :'run_refine');
UPDATE agentgov.agent_runs SET started_at = '2026-02-05 09:10+00'
 WHERE id IN (:'run_flaky', :'run_refine');
-- "success" is stored as completed.
UPDATE agentgov.agent_runs SET status = 'completed',
                               output = '{"commit": "4f2a9c1", "tests": "passed"}'
 WHERE id = :'run_flaky';
UPDATE agentgov.agent_runs SET completed_at = '2026-02-05 09:25+00'
 WHERE id = :'run_flaky';
UPDATE agentgov.agent_runs SET status = 'failed',
                               error = 'Rate limited by the provider'
 WHERE id = :'run_refine';
UPDATE agentgov.agent_runs SET completed_at = '2026-02-05 09:12+00'
 WHERE id = :'run_refine';
-- A queued run is cancelled once it has been submitted for approval (only an
-- emergency stop cancels a run that is still queued).
UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE id = :'run_deps';
UPDATE agentgov.agent_runs SET status = 'cancelled' WHERE id = :'run_deps';
INSERT INTO agentgov.run_logs (org_id, run_id, level, message, data, created_at) VALUES
    (:'org', :'run_flaky', 'info', 'Checked out agent/fix-flaky-queue-test', NULL, '2026-02-05 09:10:05+00'),
    (:'org', :'run_flaky', 'debug', 'Ran test_dequeue 50 times', '{"failures": 5}', '2026-02-05 09:14:00+00'),
    (:'org', :'run_flaky', 'warn', 'Race between two consumers', '{"fix": "SKIP LOCKED"}', '2026-02-05 09:18:00+00'),
    (:'org', :'run_flaky', 'info', 'Ran test_dequeue 50 times', '{"failures": 0}', '2026-02-05 09:24:00+00'),
    (:'org', :'run_refine', 'error', 'HTTP 429 from provider', '{"retry_after": 30}', '2026-02-05 09:12:00+00');

-- ---- Usage tracking ----------------------------------------------------------------
INSERT INTO agentgov.usage_events (org_id, occurred_at, project_id, agent_id, run_id, model, tokens_in, tokens_out, cost_usd) VALUES
    (:'org', '2026-02-05 09:12+00', :'orch', :'developer', :'run_flaky', 'sonnet', 12000, 2500, 0.073500),
    (:'org', '2026-02-05 09:20+00', :'orch', :'developer', :'run_flaky', 'sonnet', 18000, 4100, 0.115500),
    (:'org', '2026-02-05 09:11+00', :'orch', :'refiner', :'run_refine', 'sonnet', 3000, 0, 0.009000),
    (:'org', '2026-02-05 11:00+00', :'docs', :'helpdesk', NULL, 'haiku', 2000, 600, 0.001250);
-- The run keeps its totals (tokens_used is tokens_in + tokens_out).
UPDATE agentgov.agent_runs r
   SET tokens_in = u.tokens_in, tokens_out = u.tokens_out, cost_usd = u.cost_usd
  FROM (SELECT run_id, sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out, sum(cost_usd) AS cost_usd
          FROM agentgov.usage_events WHERE org_id = :'org' AND run_id IS NOT NULL GROUP BY run_id) u
 WHERE r.org_id = :'org' AND r.id = u.run_id;

-- Run history of an agent (idx_agent_runs_agent) with the ticket or idea it served.
SELECT a.name AS agent, r.status, coalesce(t.title, i.title) AS work, r.tokens_total AS tokens_used, r.cost_usd,
       r.output, r.error
  FROM agentgov.agent_runs r
  JOIN agentgov.agents a ON a.id = r.agent_id
  LEFT JOIN agentgov.tasks t ON t.org_id = r.org_id AND t.id = r.task_id
  LEFT JOIN agentgov.ideas i ON i.org_id = r.org_id AND i.id = r.idea_id
 WHERE r.org_id = :'org'
 ORDER BY a.name, r.status;
-- The log of a run, in order (idx_run_logs_run), and the errors (idx_run_logs_level).
SELECT l.created_at, l.level, l.message, l.data
  FROM agentgov.run_logs l WHERE l.org_id = :'org' AND l.run_id = :'run_flaky' ORDER BY l.created_at;
SELECT r.id = :'run_refine' AS refine_run, l.message
  FROM agentgov.run_logs l JOIN agentgov.agent_runs r ON r.org_id = l.org_id AND r.id = l.run_id
 WHERE l.org_id = :'org' AND l.level = 'error';

-- Common query 3: usage summary by project.
--   SELECT p.name, SUM(u.tokens_input + u.tokens_output) as total_tokens, SUM(u.cost_usd) as total_cost
--   FROM usage_tracking u JOIN projects p ON u.project_id = p.id GROUP BY p.id ORDER BY total_cost DESC;
SELECT p.name, sum(u.tokens_in + u.tokens_out) AS total_tokens, sum(u.cost_usd) AS total_cost
  FROM agentgov.usage_events u
  JOIN agentgov.projects p ON p.org_id = u.org_id AND p.id = u.project_id
 WHERE u.org_id = :'org'
 GROUP BY p.org_id, p.id
 ORDER BY total_cost DESC;

-- ---- The job queue ------------------------------------------------------------------
INSERT INTO agentgov.job_queue (org_id, job_type, payload, priority, scheduled_at) VALUES
    (:'org', 'refine_idea', '{"idea": "Search the docs"}', 3, '2026-02-05 08:00+00'),
    (:'org', 'develop_ticket', '{"ticket": "Nightly cost digest"}', 5, '2026-02-05 08:30+00'),
    (:'org', 'develop_ticket', '{"ticket": "Upgrade dependencies"}', 1, '2026-02-05 07:00+00'),
    (:'org', 'send_digest', '{"day": "2026-02-05"}', 9, '2099-01-01 07:00+00');
-- A worker takes the most urgent job that is due; concurrent workers skip
-- each other's rows.
PREPARE take_job(uuid) AS
UPDATE agentgov.job_queue j SET status = 'running', started_at = now(), attempts = attempts + 1
 WHERE j.org_id = $1 AND j.id = (SELECT id FROM agentgov.job_queue
                                  WHERE org_id = $1 AND status = 'pending' AND scheduled_at <= now()
                                  ORDER BY priority DESC, scheduled_at
                                  LIMIT 1 FOR UPDATE SKIP LOCKED)
RETURNING j.job_type, j.payload, j.attempts;
EXECUTE take_job(:'org');
UPDATE agentgov.job_queue SET status = 'done', completed_at = now(), result = '{"run": "queued"}'
 WHERE org_id = :'org' AND status = 'running';
EXECUTE take_job(:'org');
-- It fails; below max_attempts it goes back to pending.
UPDATE agentgov.job_queue SET status = CASE WHEN attempts < max_attempts THEN 'pending' ELSE 'failed' END::agentgov.job_status,
                              error = 'Agent developer busy'
 WHERE org_id = :'org' AND status = 'running';
SELECT job_type, payload, status, priority, attempts, max_attempts, error, result
  FROM agentgov.job_queue WHERE org_id = :'org' ORDER BY priority DESC;
DEALLOCATE take_job;
