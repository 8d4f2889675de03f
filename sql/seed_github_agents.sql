-- ---------------------------------------------------------------------------
-- Walkthrough of the github-agents seed (004): users with 2FA and Telegram,
-- a repository project, its agents, conversations with participants and
-- messages, GitHub issues and pull requests, tasks, token usage, budgets,
-- notifications, agent memory and webhooks -- and the seed's composite-index
-- queries, with the plans that show its indexes serve them.
-- Ids start with 5eed0004; slugs with seed-github-agents-.
-- ---------------------------------------------------------------------------
-- Times as written: UTC, ISO.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
\set org 5eed0004-0001-4000-8000-000000000001
\set octo 5eed0004-0002-4000-8000-000000000001
\set dana 5eed0004-0002-4000-8000-000000000002
\set shop 5eed0004-0004-4000-8000-000000000001
\set orchestrator 5eed0004-0005-4000-8000-000000000001
\set architect 5eed0004-0005-4000-8000-000000000002
\set coder 5eed0004-0005-4000-8000-000000000003
\set tester 5eed0004-0005-4000-8000-000000000004
\set reviewer 5eed0004-0005-4000-8000-000000000005
\set issue_chat 5eed0004-0009-4000-8000-000000000001
\set task_chat 5eed0004-0009-4000-8000-000000000002
\set issue101 5eed0004-000d-4000-8000-000000000001
\set issue102 5eed0004-000d-4000-8000-000000000002
\set pr7 5eed0004-000e-4000-8000-000000000001
\set task_repro 5eed0004-000b-4000-8000-000000000001
\set task_fix 5eed0004-000b-4000-8000-000000000002
\set task_review 5eed0004-000b-4000-8000-000000000003

-- ---- Users and the project -------------------------------------------------------
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    (:'org', 'Octo Shop', 'seed-github-agents-octo', 'PRO');
INSERT INTO agentgov.users (id, username, email, password_hash, is_2fa_enabled, totp_secret, is_admin, telegram_chat_id) VALUES
    (:'octo', 'seed-gh-octo', 'octo@seed-github-agents.example', '$2b$12$b2N0by5zZWVkLWdpdGh1Yi1hZ2VudHMuZXhhbXBsZQ',
     true, 'JBSWY3DPEHPK3PXP', true, 551234567),
    (:'dana', 'seed-gh-dana', 'dana@seed-github-agents.example', '$2b$12$ZGFuYS5zZWVkLWdpdGh1Yi1hZ2VudHMuZXhhbXBsZQ',
     false, NULL, false, NULL);
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    (:'org', :'octo', 'ADMIN'), (:'org', :'dana', 'MEMBER');
-- Two-factor authentication needs its secret.
\set VERBOSITY terse
UPDATE agentgov.users SET is_2fa_enabled = true WHERE id = :'dana';
\set VERBOSITY default

-- owner_id is created_by.
INSERT INTO agentgov.projects (id, org_id, name, description, github_repo, github_app_id, github_installation_id,
                               local_path, created_by) VALUES
    (:'shop', :'org', 'octo-shop', 'The storefront', 'seed-org/octo-shop', '301122', '40999812',
     '/srv/repos/octo-shop', :'octo');
SELECT p.name, p.github_repo, p.github_installation_id, p.is_active, u.username AS owner
  FROM agentgov.projects p JOIN agentgov.users u ON u.id = p.created_by
 WHERE p.github_repo = 'seed-org/octo-shop';

-- ---- Agents of the project (four, within the plan's five) plus an org-wide reviewer
INSERT INTO agentgov.agents (id, org_id, project_id, name, kind, model_config, system_prompt, rules_file_path) VALUES
    (:'orchestrator', :'org', :'shop', 'orchestrator', 'orchestrator', '{"model": "claude-3-5-sonnet", "temperature": 0.3}',
     'You split issues into tasks.', '.agents/orchestrator.md'),
    (:'architect', :'org', :'shop', 'architect', 'architect', '{"model": "claude-3-opus", "temperature": 0.2}',
     'You design changes.', '.agents/architect.md'),
    (:'coder', :'org', :'shop', 'coder', 'coder', '{"model": "claude-3-5-sonnet", "temperature": 0.2, "max_tokens": 8000}',
     'You write code.', '.agents/coder.md'),
    (:'tester', :'org', :'shop', 'tester', 'tester', '{"model": "gpt-4o-mini", "temperature": 0}',
     'You write and run tests.', '.agents/tester.md');
INSERT INTO agentgov.agents (id, org_id, project_id, name, kind, model_config, system_prompt) VALUES
    (:'reviewer', :'org', NULL, 'reviewer', 'reviewer', '{"model": "gpt-4o", "temperature": 0}', 'You review code.');
\set VERBOSITY terse
INSERT INTO agentgov.agents (org_id, project_id, name, kind) VALUES (:'org', :'shop', 'deployer', 'deployer');
\set VERBOSITY default
SELECT name, kind, model_config->>'model' AS model, project_id IS NOT NULL AS project_agent
  FROM agentgov.agents WHERE org_id = :'org' ORDER BY kind;

-- ---- Issues, conversations, messages ------------------------------------------------------
INSERT INTO agentgov.conversations (id, org_id, project_id, title, type, created_by_user_id) VALUES
    (:'issue_chat', :'org', :'shop', 'Issue #101: total wrong with coupons', 'issue', :'dana');
INSERT INTO agentgov.conversations (id, org_id, project_id, title, type, created_by_agent_id) VALUES
    (:'task_chat', :'org', :'shop', 'Plan for #101', 'task', :'orchestrator');
-- The issue names its conversation (the link lives on the issue only).
INSERT INTO agentgov.github_issues (id, org_id, project_id, github_id, number, title, body, state, labels, assignee,
                                    conversation_id, github_created_at, github_updated_at) VALUES
    (:'issue101', :'org', :'shop', 2100101, 101, 'Checkout total wrong with coupons',
     'A 10% coupon is applied twice.', 'open', '["bug", "checkout"]', 'seed-gh-dana', :'issue_chat',
     '2026-03-02 08:00+00', '2026-03-02 08:00+00'),
    (:'issue102', :'org', :'shop', 2100102, 102, 'Typo on the cart page', NULL, 'closed', '["good first issue"]', NULL,
     NULL, '2026-03-01 12:00+00', '2026-03-01 15:00+00');
INSERT INTO agentgov.conversation_participants (org_id, conversation_id, agent_id, joined_at) VALUES
    (:'org', :'issue_chat', :'orchestrator', '2026-03-02 08:01+00'),
    (:'org', :'issue_chat', :'coder', '2026-03-02 08:05+00'),
    (:'org', :'issue_chat', :'reviewer', '2026-03-02 09:30+00'),
    (:'org', :'task_chat', :'orchestrator', '2026-03-02 08:02+00');
INSERT INTO agentgov.messages (id, org_id, conversation_id, author_type, user_id, agent_id, content, content_formatted,
                               reply_to_id, tokens_in, tokens_out, cost_usd, model_used, created_at) VALUES
    ('5eed0004-000a-4000-8000-000000000001', :'org', :'issue_chat', 'user', :'dana', NULL,
     'The 10% coupon is applied twice at checkout.', NULL, NULL, 0, 0, 0, NULL, '2026-03-02 08:00:30+00'),
    ('5eed0004-000a-4000-8000-000000000002', :'org', :'issue_chat', 'agent', NULL, :'orchestrator',
     'Planned: reproduce, fix, review.', '<p>Planned: reproduce, fix, review.</p>',
     '5eed0004-000a-4000-8000-000000000001', 1800, 120, 0.007200, 'claude-3-5-sonnet', '2026-03-02 08:01:10+00'),
    ('5eed0004-000a-4000-8000-000000000003', :'org', :'issue_chat', 'agent', NULL, :'coder',
     'Reproduced: discount() runs in both cart and checkout.', NULL,
     '5eed0004-000a-4000-8000-000000000001', 5200, 640, 0.025200, 'claude-3-5-sonnet', '2026-03-02 08:20:00+00'),
    ('5eed0004-000a-4000-8000-000000000004', :'org', :'issue_chat', 'agent', NULL, :'coder',
     'Fix in PR #7.', NULL, NULL, 2100, 380, 0.012000, 'claude-3-5-sonnet', '2026-03-02 09:10:00+00'),
    ('5eed0004-000a-4000-8000-000000000005', :'org', :'issue_chat', 'agent', NULL, :'reviewer',
     'Approved; please add a test for stacked coupons.', NULL,
     '5eed0004-000a-4000-8000-000000000004', 3900, 210, 0.011850, 'gpt-4o', '2026-03-02 09:40:00+00');
UPDATE agentgov.messages SET content = 'Fix in PR #7 (cart no longer discounts).', is_edited = true
 WHERE id = '5eed0004-000a-4000-8000-000000000004';
-- github-agents messages have a user or an agent as author; an author outside the list is refused.
\set VERBOSITY terse
INSERT INTO agentgov.messages (org_id, conversation_id, author_type, content) VALUES
    (:'org', :'issue_chat', 'bot', 'beep');
\set VERBOSITY default

-- ---- Pull requests and tasks --------------------------------------------------------------
INSERT INTO agentgov.pull_requests (id, org_id, project_id, github_id, number, title, body, branch_from, branch_to,
                                    is_draft, issue_id, conversation_id, created_by_agent_id, github_created_at) VALUES
    (:'pr7', :'org', :'shop', 2800107, 7, 'Apply coupons once', 'Fixes #101', 'fix/coupon-twice', 'main',
     true, :'issue101', :'issue_chat', :'coder', '2026-03-02 09:05+00');
UPDATE agentgov.pull_requests SET is_draft = false, review_status = 'approved', test_status = 'passed'
 WHERE id = :'pr7';
INSERT INTO agentgov.tasks (id, org_id, project_id, issue_id, pr_id, title, description, status, priority_level,
                            assigned_agent_id, definition_of_done, started_at, completed_at) VALUES
    (:'task_repro', :'org', :'shop', :'issue101', NULL, 'Reproduce the double discount', NULL, 'completed', 'high',
     :'tester', 'A failing test shows the bug', '2026-03-02 08:05+00', '2026-03-02 08:20+00'),
    (:'task_fix', :'org', :'shop', :'issue101', :'pr7', 'Apply coupons once', 'Remove the cart discount', 'in_progress',
     'urgent', :'coder', 'Test passes; PR approved', '2026-03-02 08:25+00', NULL),
    (:'task_review', :'org', :'shop', :'issue101', :'pr7', 'Review PR #7', NULL, 'pending', 'high',
     :'reviewer', NULL, NULL, NULL),
    ('5eed0004-000b-4000-8000-000000000004', :'org', :'shop', :'issue101', NULL, 'Test stacked coupons', NULL,
     'pending', 'medium', :'tester', NULL, NULL, NULL),
    ('5eed0004-000b-4000-8000-000000000005', :'org', :'shop', :'issue102', NULL, 'Fix the cart typo', NULL,
     'pending', 'low', NULL, NULL, NULL, NULL);
\set VERBOSITY terse
UPDATE agentgov.tasks SET status = 'stuck' WHERE id = :'task_fix';
\set VERBOSITY default
-- An issue with its pull request and the work on it.
SELECT i.number AS issue, i.state, i.labels, pr.number AS pr, pr.branch_from, pr.review_status, pr.test_status,
       count(t.id) AS tasks, count(t.id) FILTER (WHERE t.status = 'completed') AS done
  FROM agentgov.github_issues i
  LEFT JOIN agentgov.pull_requests pr ON pr.org_id = i.org_id AND pr.issue_id = i.id
  LEFT JOIN agentgov.tasks t ON t.org_id = i.org_id AND t.issue_id = i.id
 WHERE i.project_id = :'shop'
 GROUP BY i.number, i.state, i.labels, pr.number, pr.branch_from, pr.review_status, pr.test_status
 ORDER BY i.number;

-- ---- Token usage --------------------------------------------------------------------------
-- usage_date is derived from the timestamp (UTC), as the seed's separate column was.
INSERT INTO agentgov.usage_events (org_id, occurred_at, user_id, agent_id, agent_kind, conversation_id, message_id,
                                   project_id, task_id, provider, model, tokens_in, tokens_out, cost_usd, latency_ms,
                                   was_cached, metadata) VALUES
    (:'org', '2026-03-02 08:01:10+00', :'dana', :'orchestrator', 'orchestrator', :'issue_chat',
     '5eed0004-000a-4000-8000-000000000002', :'shop', NULL, 'anthropic', 'claude-3-5-sonnet', 1800, 120, 0.007200, 2100,
     false, '{"request_id": "req-1"}'),
    (:'org', '2026-03-02 08:20:00+00', :'dana', :'coder', 'coder', :'issue_chat',
     '5eed0004-000a-4000-8000-000000000003', :'shop', :'task_repro', 'anthropic', 'claude-3-5-sonnet', 5200, 640, 0.025200,
     6400, false, '{"request_id": "req-2"}'),
    (:'org', '2026-03-02 09:10:00+00', :'dana', :'coder', 'coder', :'issue_chat',
     '5eed0004-000a-4000-8000-000000000004', :'shop', :'task_fix', 'anthropic', 'claude-3-5-sonnet', 2100, 380, 0.012000,
     3100, false, '{"request_id": "req-3"}'),
    (:'org', '2026-03-02 23:59:59+00', :'dana', :'coder', 'coder', NULL, NULL, :'shop', :'task_fix',
     'anthropic', 'claude-3-5-sonnet', 2100, 380, 0.000000, 40, true, '{"request_id": "req-4", "cached": true}'),
    (:'org', '2026-03-03 00:00:01+00', :'octo', :'reviewer', 'reviewer', :'issue_chat',
     '5eed0004-000a-4000-8000-000000000005', :'shop', :'task_review', 'openai', 'gpt-4o', 3900, 210, 0.011850, 2600,
     false, '{"request_id": "req-5"}');
-- Task totals follow the usage that names them.
UPDATE agentgov.tasks t SET total_tokens_used = u.tokens, total_cost_usd = u.cost
  FROM (SELECT task_id, sum(tokens_in + tokens_out) AS tokens, sum(cost_usd) AS cost
          FROM agentgov.usage_events WHERE org_id = :'org' AND task_id IS NOT NULL GROUP BY task_id) u
 WHERE t.org_id = :'org' AND t.id = u.task_id;

-- ---- Budgets, notifications, memory, webhooks ----------------------------------------------
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, scope_id, scope_agent_type, amount_usd, period,
                                    alert_threshold, action_on_exceed) VALUES
    (:'org', 'Octo monthly', 'global', NULL, NULL, 200.00, 'monthly', 0.80, 'warn'),
    (:'org', 'octo-shop daily', 'project', :'shop', NULL, 20.00, 'daily', 0.90, 'block'),
    (:'org', 'Coders weekly', 'agent_type', NULL, 'coder', 50.00, 'weekly', DEFAULT, DEFAULT);
\set VERBOSITY terse
-- A project budget names its project; the threshold is a fraction in (0, 1].
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period) VALUES
    (:'org', 'No project', 'project', 10.00, 'daily');
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period, alert_threshold) VALUES
    (:'org', 'Over the top', 'global', 10.00, 'daily', 1.50);
\set VERBOSITY default
-- The budgets that cover a coder working on octo-shop (idx_budget_scope, idx_budget_agent_type).
SELECT name, scope_type, amount_usd, period, alert_threshold, action_on_exceed
  FROM agentgov.budget_limits
 WHERE org_id = :'org' AND is_active
   AND (scope_type = 'global'
        OR (scope_type = 'project' AND scope_id = :'shop')
        OR (scope_type = 'agent' AND scope_id = :'coder')
        OR (scope_type = 'agent_type' AND scope_agent_type = 'coder'))
 ORDER BY scope_type;

INSERT INTO agentgov.notifications (org_id, user_id, type, title, message, severity, project_id, agent_id, is_read,
                                    sent_telegram, metadata, created_at) VALUES
    (:'org', :'octo', 'pr_opened', 'PR #7 is ready for review', 'coder opened "Apply coupons once"', 'info',
     :'shop', :'coder', false, true,
     '{"related_entity_type": "pull_request", "related_entity_id": "5eed0004-000e-4000-8000-000000000001"}',
     '2026-03-02 09:06+00'),
    (:'org', :'octo', 'task_failed', 'Flaky test in CI', 'tester saw a timeout', 'warning', :'shop', :'tester', true,
     false, '{}', '2026-03-02 08:30+00'),
    (:'org', :'octo', 'review_requested', 'Review PR #7', 'reviewer was asked to review', 'info', :'shop', :'reviewer',
     false, false, '{}', '2026-03-02 09:31+00'),
    (:'org', :'dana', 'issue_update', 'Your issue has a fix', 'PR #7 fixes #101', 'info', :'shop', NULL, false, false,
     '{}', '2026-03-02 09:07+00');
UPDATE agentgov.notifications SET is_read = true
 WHERE org_id = :'org' AND user_id = :'octo' AND type = 'review_requested';

INSERT INTO agentgov.agent_memory (org_id, agent_id, project_id, category, key, value, importance, expires_at) VALUES
    (:'org', :'coder', :'shop', 'conventions', 'test_command', '"make test"', 8, NULL),
    (:'org', :'coder', NULL, 'preferences', 'style', '"small commits"', 5, NULL),
    (:'org', :'coder', :'shop', 'context', 'current_issue', '101', 3, '2026-03-01 00:00+00');
-- The agent learns; an upsert on its key (NULL project included) replaces the value.
INSERT INTO agentgov.agent_memory (org_id, agent_id, project_id, category, key, value, importance)
VALUES (:'org', :'coder', NULL, 'preferences', 'style', '"small commits, tests first"', 6)
ON CONFLICT ON CONSTRAINT agent_memory_key_unique
DO UPDATE SET value = EXCLUDED.value, importance = EXCLUDED.importance;
\set VERBOSITY terse
UPDATE agentgov.agent_memory SET importance = 11 WHERE org_id = :'org' AND key = 'style';
\set VERBOSITY default
-- What the coder remembers, most important first, without what has expired.
SELECT category, key, value, importance, project_id IS NULL AS org_wide
  FROM agentgov.agent_memory
 WHERE agent_id = :'coder' AND (expires_at IS NULL OR expires_at > '2026-03-02 12:00+00')
 ORDER BY importance DESC;

INSERT INTO agentgov.webhooks (org_id, project_id, source, event_type, payload, created_at) VALUES
    (:'org', :'shop', 'github', 'issues.opened', '{"issue": {"number": 101}}', '2026-03-02 08:00:05+00'),
    (:'org', :'shop', 'github', 'pull_request.opened', '{"pull_request": {"number": 7}}', '2026-03-02 09:05:02+00'),
    (:'org', :'shop', 'github', 'check_run.completed', '{"conclusion": "success"}', '2026-03-02 09:20:00+00');
UPDATE agentgov.webhooks SET processed = true, processed_at = created_at + interval '2 seconds'
 WHERE org_id = :'org' AND event_type = 'issues.opened';
UPDATE agentgov.webhooks SET retry_count = retry_count + 2, error_message = 'GitHub API 502'
 WHERE org_id = :'org' AND event_type = 'pull_request.opened';
-- Deliveries still to process, oldest first (idx_webhooks_processed), and whether to retry.
SELECT event_type, retry_count, retry_count < max_retries AS retry, error_message
  FROM agentgov.webhooks WHERE project_id = :'shop' AND NOT processed ORDER BY created_at;

-- ---- The composite-index queries --------------------------------------------------------
-- The plans show the index the seed made for each query, on a busy month of
-- the project (added, analyzed and rolled back, so that the plans do not
-- hang on what other tests left in the tables), with sequential and bitmap
-- scans off.
BEGIN;
INSERT INTO agentgov.users (id, username, email, password_hash)
SELECT ('5eed0004-0002-4000-8000-1000000000' || lpad(g::text, 2, '0'))::uuid, 'seed-gh-bulk-' || g,
       'bulk-' || g || '@seed-github-agents.example', 'x'
  FROM generate_series(1, 30) g;
INSERT INTO agentgov.conversations (id, org_id, project_id, title, type)
SELECT ('5eed0004-0009-4000-8000-1000000000' || lpad(g::text, 2, '0'))::uuid, :'org', :'shop', 'Issue ' || g, 'issue'
  FROM generate_series(1, 40) g;
INSERT INTO agentgov.messages (org_id, conversation_id, author_type, agent_id, content, created_at)
SELECT :'org', ('5eed0004-0009-4000-8000-1000000000' || lpad((1 + g % 40)::text, 2, '0'))::uuid, 'agent', :'coder',
       'Step ' || g, '2026-03-01'::timestamptz + g * interval '1 minute'
  FROM generate_series(1, 1000) g;
INSERT INTO agentgov.tasks (org_id, project_id, title, status, priority_level)
SELECT :'org', :'shop', 'Task ' || g,
       (ARRAY['pending', 'in_progress', 'testing', 'review', 'completed', 'failed'])[1 + g % 6]::agentgov.task_status,
       (ARRAY['low', 'medium', 'high', 'urgent'])[1 + g % 4]::agentgov.task_priority
  FROM generate_series(1, 1000) g;
INSERT INTO agentgov.notifications (org_id, user_id, type, title, message, is_read, created_at)
SELECT :'org', ('5eed0004-0002-4000-8000-1000000000' || lpad((1 + g % 30)::text, 2, '0'))::uuid, 'task_update',
       'Task ' || g, 'updated', g % 4 <> 0, '2026-03-01'::timestamptz + g * interval '1 hour'
  FROM generate_series(1, 1000) g;
INSERT INTO agentgov.usage_events (org_id, occurred_at, agent_id, agent_kind, project_id, model, tokens_in, tokens_out,
                                   cost_usd)
SELECT :'org', '2026-01-01'::timestamptz + g * interval '2 hours', :'coder', 'coder', :'shop', 'claude-3-5-sonnet',
       100, 10, 0.000100
  FROM generate_series(1, 1000) g;
ANALYZE agentgov.users, agentgov.conversations, agentgov.messages, agentgov.tasks, agentgov.notifications,
        agentgov.usage_events;
SET LOCAL enable_seqscan = off;
SET LOCAL enable_bitmapscan = off;
-- messages(conversation_id, created_at): chronological chat loading.
EXPLAIN (COSTS OFF)
SELECT author_type, content FROM agentgov.messages WHERE conversation_id = :'issue_chat' ORDER BY created_at;
-- tasks(status, priority): task queue ordering.
EXPLAIN (COSTS OFF)
SELECT title, priority_level FROM agentgov.tasks WHERE status = 'pending' ORDER BY priority_level DESC;
-- notifications(user_id, is_read): the inbox.
EXPLAIN (COSTS OFF)
SELECT title, severity FROM agentgov.notifications WHERE user_id = :'octo' AND NOT is_read ORDER BY created_at DESC;
-- token_usage(usage_date): daily aggregation, per organization.
EXPLAIN (COSTS OFF)
SELECT usage_date, sum(tokens_in + tokens_out), sum(cost_usd)
  FROM agentgov.usage_events
 WHERE org_id = :'org' AND usage_date BETWEEN '2026-03-01' AND '2026-03-07'
 GROUP BY usage_date ORDER BY usage_date;
ROLLBACK;
-- Statistics of what is really there (ANALYZE's row counts outlive a rollback).
ANALYZE agentgov.users, agentgov.conversations, agentgov.messages, agentgov.tasks, agentgov.notifications,
        agentgov.usage_events;

-- And their answers.
SELECT to_char(m.created_at, 'HH24:MI:SS') AS at, coalesce(a.name, u.username) AS author, m.content, m.is_edited,
       r.content AS reply_to
  FROM agentgov.messages m
  LEFT JOIN agentgov.agents a ON a.id = m.agent_id
  LEFT JOIN agentgov.users u ON u.id = m.user_id
  LEFT JOIN agentgov.messages r ON r.org_id = m.org_id AND r.id = m.reply_to_id
 WHERE m.conversation_id = :'issue_chat' ORDER BY m.created_at;
SELECT t.title, t.priority_level, a.name AS agent
  FROM agentgov.tasks t LEFT JOIN agentgov.agents a ON a.id = t.assigned_agent_id
 WHERE t.project_id = :'shop' AND t.status = 'pending' ORDER BY t.priority_level DESC;
SELECT n.title, n.severity, n.metadata->>'related_entity_type' AS about
  FROM agentgov.notifications n
 WHERE n.user_id = :'octo' AND NOT n.is_read ORDER BY n.created_at DESC;
SELECT usage_date, count(*) AS calls, sum(tokens_in + tokens_out) AS tokens, sum(cost_usd) AS cost_usd,
       count(*) FILTER (WHERE was_cached) AS cached
  FROM agentgov.usage_events
 WHERE org_id = :'org' AND usage_date BETWEEN '2026-03-01' AND '2026-03-07'
 GROUP BY usage_date ORDER BY usage_date;
-- Spend per agent type and per task.
SELECT agent_kind, sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out, sum(cost_usd) AS cost_usd,
       round(avg(latency_ms)) AS avg_ms
  FROM agentgov.usage_events WHERE org_id = :'org' GROUP BY agent_kind ORDER BY agent_kind;
SELECT title, status, total_tokens_used, total_cost_usd FROM agentgov.tasks
 WHERE project_id = :'shop' AND total_tokens_used > 0 ORDER BY title;
