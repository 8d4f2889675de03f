-- Seed queries that need a change to run on agentgov (docs/seed-mapping.md,
-- "Seed queries that need a change"): each seed query as written, then
-- its rewrite.
--   1. orchestrator "pending ideas with unanswered questions": GROUP BY i.id
--      on a table keyed (org_id, id) is refused; group by i.org_id, i.id.
--   2. orchestrator "usage summary by project": the same for p.id.
--   3. github-agents agent_memory upsert: the unique key includes org_id.
--   4. tasks.priority is the orchestrator's integer, the github-agents word
--      is in priority_level: ordering by priority alone reads zeros for
--      github-agents tasks; task_priority_rank() orders both.

SET client_min_messages = warning;
\set org 5ee90000-0000-4000-8000-000000000001
\set usr 5ee90000-0000-4000-8000-000000000002
\set prj 5ee90000-0000-4000-8000-000000000003
\set agt 5ee90000-0000-4000-8000-000000000004
\set idea1 5ee90000-0000-4000-8000-0000000000a1
\set idea2 5ee90000-0000-4000-8000-0000000000a2
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES (:'org', 'Seed queries', 'seed-queries', 'PRO');
INSERT INTO agentgov.users (id, email, password_hash) VALUES (:'usr', 'queries@seed.example', 'x');
INSERT INTO agentgov.projects (id, org_id, name, created_by) VALUES (:'prj', :'org', 'Query project', :'usr');
INSERT INTO agentgov.agents (id, org_id, project_id, name, kind) VALUES (:'agt', :'org', :'prj', 'query-coder', 'coder');
INSERT INTO agentgov.ideas (id, org_id, project_id, title, description, status) VALUES
    (:'idea1', :'org', :'prj', 'Dark mode', 'Theme switch', 'questions'),
    (:'idea2', :'org', :'prj', 'Export CSV', 'Download data', 'questions');
INSERT INTO agentgov.questions (org_id, project_id, idea_id, text, status, answer, answered_at) VALUES
    (:'org', :'prj', :'idea1', 'Which screens?', 'pending', NULL, NULL),
    (:'org', :'prj', :'idea1', 'Default theme?', 'pending', NULL, NULL),
    (:'org', :'prj', :'idea1', 'Per user?', 'answered', 'Yes', now()),
    (:'org', :'prj', :'idea2', 'Which columns?', 'answered', 'All', now());
INSERT INTO agentgov.usage_events (org_id, project_id, provider, model, tokens_in, tokens_out, cost_usd) VALUES
    (:'org', :'prj', 'anthropic', 'seed-queries-model', 100, 50, 0.25),
    (:'org', :'prj', 'anthropic', 'seed-queries-model', 10, 5, 0.05);
RESET client_min_messages;
SET search_path = agentgov, public;

-- ---- 1. Pending ideas with unanswered questions -----------------------------------
-- As the seed writes it: refused.
SELECT i.*, COUNT(q.id) as pending_questions
FROM ideas i
LEFT JOIN questions q ON q.idea_id = i.id AND q.status = 'pending'
WHERE i.status = 'questions'
GROUP BY i.id;
-- Rewritten: group by the whole key, join on it (the org filter and the
-- outer query only keep this test's rows and columns).
SELECT title, pending_questions FROM (
    SELECT i.*, COUNT(q.id) AS pending_questions
      FROM ideas i
      LEFT JOIN questions q ON q.org_id = i.org_id AND q.idea_id = i.id AND q.status = 'pending'
     WHERE i.status = 'questions'
     GROUP BY i.org_id, i.id
) pending
 WHERE org_id = :'org'
 ORDER BY title;

-- ---- 2. Usage summary by project ------------------------------------------------------
-- As the seed writes it (tables renamed: usage_tracking is usage_events,
-- tokens_input/tokens_output are tokens_in/tokens_out): refused.
SELECT
    p.name,
    SUM(u.tokens_in + u.tokens_out) as total_tokens,
    SUM(u.cost_usd) as total_cost
FROM usage_events u
JOIN projects p ON u.project_id = p.id
GROUP BY p.id
ORDER BY total_cost DESC;
-- Rewritten: group by the key, join on it (the org filter only keeps this test's rows).
SELECT p.name, SUM(u.tokens_in + u.tokens_out) AS total_tokens, SUM(u.cost_usd) AS total_cost
  FROM usage_events u
  JOIN projects p ON p.org_id = u.org_id AND p.id = u.project_id
 WHERE u.org_id = :'org'
 GROUP BY p.org_id, p.id
 ORDER BY total_cost DESC;
-- Or the view that serves it from the rollups.
SELECT name, total_tokens, total_cost FROM usage_by_project WHERE org_id = :'org';

-- ---- 3. agent_memory upsert ----------------------------------------------------------------
INSERT INTO agent_memory (org_id, agent_id, project_id, category, key, value)
VALUES (:'org', :'agt', :'prj', 'conventions', 'test_command', '"make test"');
-- As the seed's key reads (agent_id, project_id, category, key): refused.
INSERT INTO agent_memory (org_id, agent_id, project_id, category, key, value)
VALUES (:'org', :'agt', :'prj', 'conventions', 'test_command', '"make check"')
ON CONFLICT (agent_id, project_id, category, key) DO UPDATE SET value = EXCLUDED.value;
-- Rewritten: org_id in the conflict target (or ON CONSTRAINT agent_memory_key_unique).
INSERT INTO agent_memory (org_id, agent_id, project_id, category, key, value)
VALUES (:'org', :'agt', :'prj', 'conventions', 'test_command', '"make check"')
ON CONFLICT (org_id, agent_id, project_id, category, key) DO UPDATE SET value = EXCLUDED.value;
-- A NULL project is a key value too (UNIQUE NULLS NOT DISTINCT).
INSERT INTO agent_memory (org_id, agent_id, project_id, category, key, value)
VALUES (:'org', :'agt', NULL, 'preferences', 'style', '"small commits"')
ON CONFLICT (org_id, agent_id, project_id, category, key) DO UPDATE SET value = EXCLUDED.value;
INSERT INTO agent_memory (org_id, agent_id, project_id, category, key, value)
VALUES (:'org', :'agt', NULL, 'preferences', 'style', '"tests first"')
ON CONFLICT (org_id, agent_id, project_id, category, key) DO UPDATE SET value = EXCLUDED.value;
SELECT category, key, value FROM agent_memory WHERE org_id = :'org' ORDER BY category, key;

-- ---- 4. Task priority: two columns, one order -------------------------------------------
-- Orchestrator tickets (integer priority, level left medium) and github-agents
-- tasks (level word, integer left 0).
INSERT INTO tasks (org_id, project_id, title, status, priority) VALUES
    (:'org', :'prj', 'ticket p9', 'queued', 9),
    (:'org', :'prj', 'ticket p2', 'queued', 2);
INSERT INTO tasks (org_id, project_id, title, status, priority_level) VALUES
    (:'org', :'prj', 'task urgent', 'pending', 'urgent'),
    (:'org', :'prj', 'task low', 'pending', 'low'),
    (:'org', :'prj', 'task high', 'pending', 'high');
-- ORDER BY priority alone reads zeros for the github-agents tasks: their
-- order among themselves is lost (here: by title, not by urgency).
SELECT title, priority, priority_level FROM tasks WHERE org_id = :'org'
 ORDER BY priority DESC, title;
-- One order for both.
SELECT title, priority, priority_level FROM tasks WHERE org_id = :'org'
 ORDER BY task_priority_rank(priority, priority_level) DESC, title;
-- Each kind keeps its seed's own order; the extremes of the integer stay inside their class.
SELECT task_priority_rank(2147483647, 'low') < task_priority_rank(-2147483648, 'medium') AS classes_first,
       task_priority_rank(3, 'medium') > task_priority_rank(2, 'medium') AS integer_within,
       task_priority_rank(0, NULL) IS NULL AS strict;
-- The comments say so.
SELECT a.attname, col_description(a.attrelid, a.attnum) LIKE '%task_priority_rank(priority, priority_level)%' AS points_to_rank
  FROM pg_attribute a
 WHERE a.attrelid = 'agentgov.tasks'::regclass AND a.attname IN ('priority', 'priority_level')
 ORDER BY a.attname;

RESET search_path;
SET client_min_messages = warning;
DELETE FROM agentgov.organizations WHERE id = :'org';
DELETE FROM agentgov.users WHERE id = :'usr';
