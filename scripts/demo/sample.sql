-- ---------------------------------------------------------------------------
-- A realistic sample for agentgov, drawn from all five seed platforms.
--
-- Acme Robotics runs four projects, one in the style of each platform that
-- keeps projects (platform, orchestrator, socrates, github-agents); the
-- assistant's agent sessions, personas and governance events run against
-- them.  Globex is a second tenant.  Every table of the schema gets rows, so
-- the same file feeds `make demo` and the dump/restore test.
--
-- Ids are fixed so that the report and the tests can name rows; the first
-- hex digits say what a row is (a1 organizations, b1 users, d1 projects ...).
-- Writes follow the rules the extension enforces: artifacts move through
-- their lifecycle one step at a time, runs are approved before they run
-- (governance decisions go through agentgov.record_governance_event()).
-- ---------------------------------------------------------------------------
SET client_min_messages = warning;

-- Provider API keys are stored encrypted under agentgov.encryption_key.  A
-- real server reads the key from its configuration file, never from a
-- query (see README "Secrets"); this key exists for the demo only.
SET agentgov.encryption_key = 'demo-only-key: not a secret, never use it';

-- ---- Tenancy and identity (platform, socrates, assistant, orchestrator) ----
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'Acme Robotics', 'acme-robotics', 'PRO'),
    ('a1000000-0000-4000-8000-000000000002', 'Globex', 'globex', 'BASIC');

INSERT INTO agentgov.users (id, email, username, full_name, password_hash, auth_provider,
                            auth_provider_id, is_verified, is_admin, preferences) VALUES
    ('b1000000-0000-4000-8000-000000000001', 'alice@acme.example', 'alice', 'Alice Martin',
     '$2b$12$abcdefghijklmnopqrstuv0123456789ABCDEFGHIJKLMNOPQRS', 'local', NULL, true, true,
     '{"theme": "dark"}'),
    ('b1000000-0000-4000-8000-000000000002', 'bob@acme.example', 'bob', 'Bob Chen',
     NULL, 'github', 'gh-40123', true, false, '{}'),
    ('b1000000-0000-4000-8000-000000000003', 'carol@acme.example', 'carol', 'Carol Diaz',
     NULL, 'google', 'google-88121', true, false, '{}'),
    ('b1000000-0000-4000-8000-000000000004', 'dave@globex.example', 'dave', 'Dave Okafor',
     NULL, 'supabase', 'sb-7f3a', true, false, '{}'),
    ('b1000000-0000-4000-8000-000000000005', 'erin@acme.example', 'erin', 'Erin Walsh',
     '$2b$12$zyxwvutsrqponmlkjihgfe9876543210ZYXWVUTSRQPONMLKJIH', 'local', NULL, false, false, '{}');
UPDATE agentgov.users SET is_2fa_enabled = true, totp_secret = 'JBSWY3DPEHPK3PXP',
                          telegram_chat_id = 551234567
 WHERE username = 'alice';

INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', 'ADMIN'),
    ('a1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000002', 'MEMBER'),
    ('a1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000003', 'VIEWER'),
    ('a1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000005', 'MEMBER'),
    ('a1000000-0000-4000-8000-000000000002', 'b1000000-0000-4000-8000-000000000004', 'ADMIN');

INSERT INTO agentgov.workspaces (id, org_id, name, description, created_by) VALUES
    ('c1000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
     'Commerce', 'Everything that takes money', 'b1000000-0000-4000-8000-000000000001');

INSERT INTO agentgov.teams (id, org_id, name, description, created_by) VALUES
    ('e1000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
     'Core', 'Platform core team', 'b1000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.team_members (org_id, team_id, user_id, role) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', 'owner'),
    ('a1000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000002', 'developer');
INSERT INTO agentgov.team_invitations (org_id, team_id, invited_by, invited_email, role, token_sha256, expires_at) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001',
     'b1000000-0000-4000-8000-000000000001', 'frank@acme.example', 'developer',
     agentgov.hash_token('invite-token-frank'), now() + interval '7 days');

INSERT INTO agentgov.user_sessions (id, user_id, token_sha256, session_type, session_context, expires_at) VALUES
    ('b2000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001',
     agentgov.hash_token('session-token-alice'), 'web', '{"ip": "203.0.113.7"}', now() + interval '1 day');
INSERT INTO agentgov.session_activities (session_id, activity_type, details) VALUES
    ('b2000000-0000-4000-8000-000000000001', 'open_project', '{"project": "Checkout Redesign"}');
INSERT INTO agentgov.refresh_tokens (id, user_id, token_sha256, expires_at) VALUES
    ('b3000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001',
     agentgov.hash_token('refresh-token-alice'), now() + interval '30 days');
INSERT INTO agentgov.password_reset_requests (user_id, token_sha256, expires_at) VALUES
    ('b1000000-0000-4000-8000-000000000005', agentgov.hash_token('reset-token-erin'), now() + interval '1 hour');
INSERT INTO agentgov.api_keys (user_id, provider, api_key_encrypted) VALUES
    ('b1000000-0000-4000-8000-000000000001', 'claude', agentgov.encrypt_secret('sk-ant-demo-0123456789abcdef'));
INSERT INTO agentgov.user_rules (user_id, rules) VALUES
    ('b1000000-0000-4000-8000-000000000001', '{"never_assume": true, "prefer_postgres": true, "min_test_coverage": 0.8}');

-- ---- Projects: one per platform style ---------------------------------------
INSERT INTO agentgov.projects (id, org_id, workspace_id, name, description, problem_statement,
                               created_by, last_updated_by) VALUES
    ('d1000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
     'c1000000-0000-4000-8000-000000000001', 'Checkout Redesign',
     'One-page checkout for the web shop',
     'Shoppers abandon 38% of carts at the payment step; checkout must get faster and simpler.',
     'b1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.projects (id, org_id, name, description, local_path, config, created_by) VALUES
    ('d1000000-0000-4000-8000-000000000002', 'a1000000-0000-4000-8000-000000000001',
     'Agent Orchestrator', 'Ideas to tickets to code', '/srv/repos/orchestrator',
     '{"default_model": "sonnet", "max_parallel_runs": 2}', 'b1000000-0000-4000-8000-000000000005');
INSERT INTO agentgov.projects (id, org_id, name, description, phase, created_by) VALUES
    ('d1000000-0000-4000-8000-000000000003', 'a1000000-0000-4000-8000-000000000001',
     'Spec Assistant', 'Socratic specification of the loyalty program', 'DEFINE',
     'b1000000-0000-4000-8000-000000000002');
INSERT INTO agentgov.projects (id, org_id, name, description, github_repo, github_app_id,
                               github_installation_id, local_path, created_by) VALUES
    ('d1000000-0000-4000-8000-000000000004', 'a1000000-0000-4000-8000-000000000001',
     'github-bot', 'Agents that answer issues and open pull requests', 'acme/github-bot',
     '301122', '40999812', '/srv/repos/github-bot', 'b1000000-0000-4000-8000-000000000002');
INSERT INTO agentgov.projects (id, org_id, name, created_by) VALUES
    ('d1000000-0000-4000-8000-000000000005', 'a1000000-0000-4000-8000-000000000002',
     'Globex Intranet', 'b1000000-0000-4000-8000-000000000004');

INSERT INTO agentgov.project_shares (org_id, project_id, team_id, shared_by, permission_level) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000003',
     'e1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000002', 'write');

-- ---- Agents: the platform catalogue, org-wide and project agents -------------
INSERT INTO agentgov.agents (id, catalog_no, name, kind, phase, description, system_prompt, model,
                             avg_tokens_input, avg_tokens_output, cost_per_execution_usd) VALUES
    ('f1000000-0000-4000-8000-000000000001', 1, 'Problem Validator', 'VALIDATOR', 'DISCOVER',
     'Checks that a problem statement is specific and evidenced',
     'You validate problem statements.', 'claude-3-sonnet', 6000, 1500, 0.0405),
    ('f1000000-0000-4000-8000-000000000002', 2, 'Market Analyzer', 'ANALYZER', 'DISCOVER',
     'Sizes the market from research inputs', 'You analyse markets.', 'gpt-4', 9000, 2500, 0.4200),
    ('f1000000-0000-4000-8000-000000000003', 12, 'PRD Generator', 'GENERATOR', 'DEFINE',
     'Writes the product requirements document', 'You write PRDs.', 'claude-3-sonnet', 12000, 6000, 0.1260);
INSERT INTO agentgov.agents (id, org_id, project_id, name, kind, description, system_prompt, tools, model, config) VALUES
    ('f1000000-0000-4000-8000-000000000011', 'a1000000-0000-4000-8000-000000000001', NULL,
     'refiner', 'refinement', 'Turns raw ideas into tickets', 'Ask until the idea is clear.',
     '["read_file", "search"]', 'sonnet', '{"max_questions": 5}');
INSERT INTO agentgov.agents (id, org_id, project_id, name, kind, system_prompt, rules_file_path, model, model_config) VALUES
    ('f1000000-0000-4000-8000-000000000012', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000004', 'coder', 'coder', 'You write code.', '.agents/coder.md',
     'claude-3-5-sonnet', '{"temperature": 0.2, "max_tokens": 8000}'),
    ('f1000000-0000-4000-8000-000000000013', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000004', 'reviewer', 'reviewer', 'You review code.', '.agents/reviewer.md',
     'gpt-4o', '{"temperature": 0}');

INSERT INTO agentgov.personas (id, persona_name, persona_version, specialization, capabilities,
                               activation_rules, is_core, priority_level) VALUES
    ('sarah_chen', 'Dr. Sarah Chen', '1.2', 'systems architecture',
     '{"reviews": ["architecture"]}', '{"on": ["pre_agent_spawn"]}', true, 1),
    ('alex_kim', 'Alex Kim', '1.0', 'operations', '{"reviews": ["on-call"]}',
     '{"on": ["cost_validation"]}', false, 3);

-- ---- Conversations and messages (github-agents, socrates) -------------------
INSERT INTO agentgov.conversations (id, org_id, project_id, title, type, created_by_user_id) VALUES
    ('11000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000004', 'Issue #42: crash on empty cart', 'issue',
     'b1000000-0000-4000-8000-000000000002');
INSERT INTO agentgov.conversations (id, org_id, project_id, title, type, mode, created_by_user_id) VALUES
    ('11000000-0000-4000-8000-000000000002', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000003', 'Loyalty program discovery', 'general', 'socratic',
     'b1000000-0000-4000-8000-000000000002');
INSERT INTO agentgov.conversation_participants (org_id, conversation_id, agent_id) VALUES
    ('a1000000-0000-4000-8000-000000000001', '11000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000012'),
    ('a1000000-0000-4000-8000-000000000001', '11000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000013');
INSERT INTO agentgov.messages (id, org_id, conversation_id, author_type, user_id, agent_id, content,
                               reply_to_id, tokens_in, tokens_out, cost_usd, model_used) VALUES
    ('12000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
     '11000000-0000-4000-8000-000000000001', 'user', 'b1000000-0000-4000-8000-000000000002', NULL,
     'Checkout crashes when the cart is empty.', NULL, 0, 0, 0, NULL),
    ('12000000-0000-4000-8000-000000000002', 'a1000000-0000-4000-8000-000000000001',
     '11000000-0000-4000-8000-000000000001', 'agent', NULL, 'f1000000-0000-4000-8000-000000000012',
     'Reproduced; the total is divided by the item count. Fix in PR #7.',
     '12000000-0000-4000-8000-000000000001', 2100, 380, 0.012000, 'claude-3-5-sonnet'),
    ('12000000-0000-4000-8000-000000000003', 'a1000000-0000-4000-8000-000000000001',
     '11000000-0000-4000-8000-000000000002', 'agent', NULL, NULL,
     'Who are the members of the loyalty program, and what do they get?', NULL, 900, 60, 0.003600, 'claude-3-sonnet'),
    ('12000000-0000-4000-8000-000000000004', 'a1000000-0000-4000-8000-000000000001',
     '11000000-0000-4000-8000-000000000002', 'user', 'b1000000-0000-4000-8000-000000000002', NULL,
     'Repeat customers; points on every order, redeemable at checkout.',
     '12000000-0000-4000-8000-000000000003', 0, 0, 0, NULL);

-- ---- Specifications, questions, conflicts (socrates) ------------------------
INSERT INTO agentgov.specifications (id, org_id, project_id, conversation_id, category, content,
                                     source, confidence) VALUES
    ('13000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000003', '11000000-0000-4000-8000-000000000002',
     'requirements', 'Points expire after 12 months', 'extracted', 0.70),
    ('13000000-0000-4000-8000-000000000003', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000003', '11000000-0000-4000-8000-000000000002',
     'tech_stack', 'PostgreSQL 15 for the ledger', 'inferred', 0.80);
-- The user corrects the extracted rule: its successor replaces it (psql
-- keeps the new id in :spec_never_expire).
SELECT agentgov.supersede_specification('13000000-0000-4000-8000-000000000001',
                                        'Points never expire', 'user_input', 0.95) AS spec_never_expire \gset

INSERT INTO agentgov.conflicts (org_id, project_id, type, description, spec_ids, severity) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000003', 'requirement',
     'Expiry rule contradicts the finance team''s ledger retention',
     ARRAY[:'spec_never_expire', '13000000-0000-4000-8000-000000000003']::uuid[], 'high');

-- ---- Ideas, questions, tickets, jobs (orchestrator) ---------------------------
INSERT INTO agentgov.ideas (id, org_id, project_id, title, description, source, status, priority) VALUES
    ('14000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000002', 'Retry failed runs automatically',
     'When an agent run fails on a timeout, queue it again.', 'web', 'questions', 2),
    ('14000000-0000-4000-8000-000000000002', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000002', 'Nightly cost digest',
     'Mail the team what agents spent yesterday.', 'cli', 'converted', 1);
INSERT INTO agentgov.questions (org_id, project_id, idea_id, agent_id, text, context, status, answer, answered_at) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000002',
     '14000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000011',
     'How many retries before giving up?', 'Retries cost money', 'pending', NULL, NULL),
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000002',
     '14000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000011',
     'Which failures count as timeouts?', NULL, 'answered', 'Only provider 504s', now());
INSERT INTO agentgov.questions (org_id, project_id, conversation_id, text, category, context, quality_score) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000003',
     '11000000-0000-4000-8000-000000000002', 'What happens to points when an order is refunded?',
     'requirements', 'Refunds are 4% of orders', 0.90);

INSERT INTO agentgov.tasks (id, org_id, project_id, idea_id, title, description, type, status,
                            priority, assigned_agent_id, spec) VALUES
    ('17000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000002', '14000000-0000-4000-8000-000000000002',
     'Nightly cost digest', 'Send a daily spend summary', 'feature', 'in_progress', 5,
     'f1000000-0000-4000-8000-000000000011', '{"channel": "email", "at": "07:00"}');
INSERT INTO agentgov.tasks (id, org_id, project_id, parent_id, title, status, order_index, assigned_agent_id) VALUES
    ('17000000-0000-4000-8000-000000000002', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000002', '17000000-0000-4000-8000-000000000001',
     'Query yesterday''s usage rollups', 'done', 1, 'f1000000-0000-4000-8000-000000000011');
INSERT INTO agentgov.job_queue (org_id, job_type, payload, priority) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'refine_idea',
     '{"idea_id": "14000000-0000-4000-8000-000000000001"}', 3);

-- ---- GitHub issues, pull requests, tasks, webhooks, memory (github-agents) ----
INSERT INTO agentgov.github_issues (id, org_id, project_id, github_id, number, title, body, labels,
                                    conversation_id) VALUES
    ('19000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000004', 1900442, 42, 'Crash on empty cart',
     'Steps: open checkout with no items.', '["bug", "urgent"]', '11000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.pull_requests (id, org_id, project_id, github_id, number, title, branch_from,
                                    branch_to, issue_id, conversation_id, created_by_agent_id, review_status) VALUES
    ('1a000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000004', 2800107, 7, 'Guard the empty cart',
     'fix/empty-cart', 'main', '19000000-0000-4000-8000-000000000001',
     '11000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000012', 'approved');
INSERT INTO agentgov.tasks (id, org_id, project_id, issue_id, pr_id, title, status, priority_level,
                            assigned_agent_id, definition_of_done) VALUES
    ('17000000-0000-4000-8000-000000000003', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000004', '19000000-0000-4000-8000-000000000001',
     '1a000000-0000-4000-8000-000000000001', 'Fix the empty-cart crash', 'review', 'urgent',
     'f1000000-0000-4000-8000-000000000012', 'Regression test passes; PR approved');
INSERT INTO agentgov.webhooks (org_id, project_id, source, event_type, payload) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000004', 'github',
     'issues.opened', '{"issue": {"number": 42}}');
INSERT INTO agentgov.agent_memory (org_id, agent_id, project_id, category, key, value, importance) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000012',
     'd1000000-0000-4000-8000-000000000004', 'conventions', 'test_command', '"make test"', 8);

-- ---- Knowledge base and per-user learning (socrates) --------------------------
INSERT INTO agentgov.knowledge_base_documents (org_id, project_id, user_id, filename, file_size,
                                               content_type, content, embedding) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000003',
     'b1000000-0000-4000-8000-000000000002', 'loyalty-brief.md', 2048, 'text/markdown',
     '# Loyalty brief', array_fill(0.0625::real, ARRAY[384]));
INSERT INTO agentgov.user_behavior_patterns (user_id, pattern_type, pattern_data, confidence, learned_from_projects) VALUES
    ('b1000000-0000-4000-8000-000000000002', 'communication_style', '{"communication_style": "technical"}',
     0.85, ARRAY['d1000000-0000-4000-8000-000000000003']::uuid[]);
INSERT INTO agentgov.question_effectiveness (user_id, question_template_id, role, times_asked,
                                             times_answered_well, effectiveness_score) VALUES
    ('b1000000-0000-4000-8000-000000000002', 'refund_handling', 'business_analyst', 4, 3, 0.75);

-- ---- Artifacts, evidence, gates (platform) ------------------------------------
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, version, content, evidence_tier, created_by) VALUES
    ('21000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000001', 'PROBLEM', 1,
     '{"statement": "Carts are abandoned at payment", "assumptions": [{"metric": "latency_p50", "value": "200ms", "evidence_tier": "E1"}, {"metric": "user_adoption", "value": "40%", "evidence_tier": "E2"}]}',
     'E2', 'b1000000-0000-4000-8000-000000000001');
-- Alice submits the problem statement; Bob, a MEMBER who did not write it,
-- approves it (four-eyes).  Each step leaves an audit row.
SELECT status AS problem_status
  FROM agentgov.artifact_transition('21000000-0000-4000-8000-000000000001', 'REVIEW',
                                    'b1000000-0000-4000-8000-000000000001', 'Framed from 14 checkout interviews') \gset
SELECT status AS problem_status
  FROM agentgov.artifact_transition('21000000-0000-4000-8000-000000000001', 'APPROVED',
                                    'b1000000-0000-4000-8000-000000000002', 'Evidence is E2; good enough for VRC') \gset
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, version, content, created_by) VALUES
    ('21000000-0000-4000-8000-000000000002', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000001', 'PROBLEM', 2,
     '{"statement": "Carts are abandoned at payment and at shipping"}', 'b1000000-0000-4000-8000-000000000001'),
    ('21000000-0000-4000-8000-000000000003', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000001', 'MARKET_RESEARCH', 1,
     '{"tam_usd": 1200000000}', 'b1000000-0000-4000-8000-000000000002');
INSERT INTO agentgov.artifact_tags (org_id, artifact_id, tag_name) VALUES
    ('a1000000-0000-4000-8000-000000000001', '21000000-0000-4000-8000-000000000001', 'vrc_gate_submission');
INSERT INTO agentgov.evidence (org_id, project_id, artifact_id, evidence_tier, source, confidence_score,
                               evidence_count, url_or_reference, created_by) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000001',
     '21000000-0000-4000-8000-000000000001', 'E2', 'interview', 72, 14, 'notion://research/checkout-interviews',
     'b1000000-0000-4000-8000-000000000001');

-- Acme's own DSP threshold; the other gates use the defaults.
INSERT INTO agentgov.gate_policies (org_id, phase, threshold, conditional_margin) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'DSP', 78, 8);
-- VRC: weighted mean of (82 x 2, 74 x 1) = 79.33 -> 79 >= 76: PASS, which
-- moves Checkout Redesign from DISCOVER to DEFINE.
SELECT decision AS checkout_vrc
  FROM agentgov.evaluate_gate('d1000000-0000-4000-8000-000000000001', 'VRC',
                              '[{"name": "problem_clarity", "score": 82, "weight": 2},
                                {"name": "evidence_strength", "score": 74, "min": 60}]',
                              'b1000000-0000-4000-8000-000000000001',
                              'Problem is specific and backed by 14 interviews',
                              '21000000-0000-4000-8000-000000000001') \gset
-- VCD for Spec Assistant (in DEFINE): (78 x 2 + 62) / 3 = 72.67 -> 73, under
-- 75 but within the margin: CONDITIONAL.  Alice, an ADMIN, overrides it to
-- PASS, which moves the project to DESIGN and writes an OVERRIDE audit row.
SELECT id AS spec_vcd_id
  FROM agentgov.evaluate_gate('d1000000-0000-4000-8000-000000000003', 'VCD',
                              '[{"name": "value_clarity", "score": 78, "weight": 2},
                                {"name": "willingness_to_pay", "score": 62}]',
                              'b1000000-0000-4000-8000-000000000002',
                              'Members want points; pricing evidence is thin') \gset
SELECT decision AS spec_vcd_override
  FROM agentgov.override_gate(:'spec_vcd_id', 'b1000000-0000-4000-8000-000000000001',
                              'Two retail partners signed a paid pilot', 'PASS') \gset

-- ---- Quality, maturity, tests, generated code (socrates) -----------------------
-- Maturity follows the latest score per category over the ten categories of
-- agentgov.maturity_categories: (80 + 60 + 55) / 10 = 19.5 -> 20, then a
-- later requirements score of 72 makes it (80 + 72 + 55) / 10 = 20.7 -> 21.
INSERT INTO agentgov.maturity_tracking (org_id, project_id, category, score) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000003', 'goals', 80),
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000003', 'requirements', 60),
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000003', 'tech_stack', 55);
INSERT INTO agentgov.maturity_tracking (org_id, project_id, category, score, details) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000003', 'requirements', 72,
     '{"answered": 9, "open": 3}');
-- passed is filled in from metric_value >= threshold when not given.
INSERT INTO agentgov.quality_metrics (org_id, project_id, metric_type, metric_value, threshold, passed, details) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000003',
     'coverage', 64.00, 60.00, true, '{"categories_covered": 8}');
INSERT INTO agentgov.quality_metrics (org_id, project_id, metric_type, metric_value, threshold, details) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000003',
     'maturity', 21.00, 60.00, '{"source": "projects.maturity_score"}');
INSERT INTO agentgov.test_results (org_id, project_id, test_type, technology_stack, test_status, results) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000003', 'compatibility',
     '{"python": "3.12", "postgres": "15"}', 'passed', '{"checks": 12, "failures": 0}');
INSERT INTO agentgov.generated_projects (id, org_id, project_id, generation_version, total_files, total_lines,
                                         test_coverage, quality_score, traceability_score, generation_status) VALUES
    ('24000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000003', 1, 2, 240, 81.50, 77, 90, 'completed');
INSERT INTO agentgov.generated_files (org_id, generated_project_id, file_path, file_content, file_size, spec_ids) VALUES
    ('a1000000-0000-4000-8000-000000000001', '24000000-0000-4000-8000-000000000001',
     'loyalty/ledger.py', 'class Ledger: ...', 18, ARRAY[:'spec_never_expire']::uuid[]),
    ('a1000000-0000-4000-8000-000000000001', '24000000-0000-4000-8000-000000000001',
     'loyalty/schema.sql', 'CREATE TABLE points (...);', 26, ARRAY['13000000-0000-4000-8000-000000000003']::uuid[]);

-- ---- Telemetry and divergence (platform) ---------------------------------------
INSERT INTO agentgov.telemetry (org_id, project_id, metric_name, metric_value, unit, observed_at, cohort) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000001',
     'latency_p50', 260, 'ms', '2026-11-20 10:00+00', 'mainstream'),
    ('a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000001',
     'user_adoption', 41.5, '%', '2026-11-20 10:00+00', 'early_adopter');
-- A client detects divergences the way a nightly job would: PROBLEM v1 assumed
-- latency_p50 200ms (E1) and user_adoption 40% (E2).  260 ms observed at E4 is
-- 30% over with tiers 3 apart: MAJOR, filed.  41.5% adoption is favourable:
-- COSMETIC, not filed.  The job then records the cascade of each new report
-- (2 features + 2 modules: re-execution 4 days, redesign 16).
SELECT string_agg(d.divergence_type || ' ' || d.classification || ': ' ||
                  (agentgov.analyze_cascade(d.id, '["F12 PRD", "F14 Architecture"]',
                                            '["checkout_service", "payment_api"]')).recommendation,
                  '; ') AS detected_divergences
  FROM agentgov.detect_divergences('d1000000-0000-4000-8000-000000000001') d \gset

-- ---- Agent runs and governance (platform, orchestrator, assistant) --------------
-- A catalogue agent run of the platform: queued, approved, run, completed.
INSERT INTO agentgov.agent_runs (id, org_id, project_id, agent_id, user_id, phase, status, model,
                                 estimated_cost, max_cost_limit) VALUES
    ('31000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000001',
     'b1000000-0000-4000-8000-000000000001', 'DISCOVER', 'queued', 'claude-3-sonnet', 0.0405, 1.0000);
UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE id = '31000000-0000-4000-8000-000000000001';
-- Alice (ADMIN) approves: the event records her as created_by.
SET agentgov.user_id = 'b1000000-0000-4000-8000-000000000001';
SET agentgov.correlation_id = '5c000000-0000-4000-8000-000000000002';
SELECT agentgov.record_governance_event('31000000-0000-4000-8000-000000000001', 'pre_agent_spawn',
                                        'sarah_three_questions', true, 'Scope, cost and rollback are clear',
                                        '{"questions": ["scope", "cost", "rollback"]}') AS approval_event \gset
RESET agentgov.user_id;
RESET agentgov.correlation_id;
UPDATE agentgov.agent_runs SET status = 'approved' WHERE id = '31000000-0000-4000-8000-000000000001';
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '31000000-0000-4000-8000-000000000001';
UPDATE agentgov.agent_runs SET status = 'completed', output_artifact_id = '21000000-0000-4000-8000-000000000001',
                               output = '{"verdict": "valid"}'
 WHERE id = '31000000-0000-4000-8000-000000000001';

-- An assistant agent session approved by consensus: two of three validators passed.
INSERT INTO agentgov.agent_runs (id, org_id, project_id, agent_type, user_id, session_id, status,
                                 agent_config, personas_active, estimated_cost, max_cost_limit) VALUES
    ('31000000-0000-4000-8000-000000000002', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000003', 'spec_writer', 'b1000000-0000-4000-8000-000000000002',
     'b2000000-0000-4000-8000-000000000001', 'initializing', '{"depth": "full"}',
     '["sarah_chen", "alex_kim"]', 0.5000, 2.0000);
UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE id = '31000000-0000-4000-8000-000000000002';
-- The governance service (a component, no acting user) records the check,
-- then its validators' results.
SET agentgov.correlation_id = '5c000000-0000-4000-8000-000000000001';
SELECT agentgov.record_governance_event('31000000-0000-4000-8000-000000000002', 'consensus_check', 'consensus',
                                        true, 'Two of three validators agree', '{"votes": 3}',
                                        'governance-service') AS consensus_event \gset
INSERT INTO agentgov.validation_results (org_id, event_id, validator, passed, score, details) VALUES
    ('a1000000-0000-4000-8000-000000000001', :'consensus_event', 'sarah_chen', true, 88, '{}'),
    ('a1000000-0000-4000-8000-000000000001', :'consensus_event', 'alex_kim', true, 71, '{}'),
    ('a1000000-0000-4000-8000-000000000001', :'consensus_event', 'cost_guard', false, 40,
     '{"reason": "estimate close to limit"}');
RESET agentgov.user_id;
RESET agentgov.correlation_id;
UPDATE agentgov.agent_runs SET status = 'approved' WHERE id = '31000000-0000-4000-8000-000000000002';
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '31000000-0000-4000-8000-000000000002';
INSERT INTO agentgov.persona_activations (org_id, run_id, persona_id, activation_trigger, activation_context) VALUES
    ('a1000000-0000-4000-8000-000000000001', '31000000-0000-4000-8000-000000000002', 'sarah_chen',
     'architecture question', '{"turn": 3}');

-- An orchestrator run for the digest ticket, still waiting for approval.
INSERT INTO agentgov.agent_runs (id, org_id, project_id, agent_id, task_id, idea_id, status, input) VALUES
    ('31000000-0000-4000-8000-000000000003', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000002', 'f1000000-0000-4000-8000-000000000011',
     '17000000-0000-4000-8000-000000000001', '14000000-0000-4000-8000-000000000002', 'queued',
     '{"ticket": "Nightly cost digest"}');
UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE id = '31000000-0000-4000-8000-000000000003';
-- Bob (MEMBER) approves it, then the cost guard rejects it: it may not start.
SET agentgov.user_id = 'b1000000-0000-4000-8000-000000000002';
SELECT agentgov.record_governance_event('31000000-0000-4000-8000-000000000003', 'pre_agent_spawn',
                                        'sarah_three_questions', true, 'Small, well-scoped ticket') AS approval_event \gset
RESET agentgov.user_id;
RESET agentgov.correlation_id;
SELECT agentgov.record_governance_event('31000000-0000-4000-8000-000000000003', 'cost_validation', 'alex_3am_test',
                                        false, 'Nightly digest would exceed the monthly budget',
                                        '{"estimate_usd": 12.5}', 'cost-guard') AS rejection_event \gset

-- A github-bot coder run, queued and stopped by an emergency stop, which cancels it.
INSERT INTO agentgov.agent_runs (id, org_id, project_id, agent_id, user_id, status, model, estimated_cost,
                                 max_cost_limit) VALUES
    ('31000000-0000-4000-8000-000000000004', 'a1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000004', 'f1000000-0000-4000-8000-000000000012',
     'b1000000-0000-4000-8000-000000000002', 'queued', 'claude-3-5-sonnet', 0.2000, 1.0000);
SELECT agentgov.record_governance_event('31000000-0000-4000-8000-000000000004', 'emergency_stop', 'emergency',
                                        true, 'Repository frozen for the release', '{}', 'ops-bot') AS stop_event \gset
INSERT INTO agentgov.run_logs (org_id, run_id, kind, level, message, data) VALUES
    ('a1000000-0000-4000-8000-000000000001', '31000000-0000-4000-8000-000000000001', 'log', 'info',
     'Validation finished', '{"checks": 6}'),
    ('a1000000-0000-4000-8000-000000000001', '31000000-0000-4000-8000-000000000002', 'interaction', 'info',
     'Asked for the refund rule', '{"prompt_tokens": 900, "completion_tokens": 60}');

-- ---- Usage, prices, budgets, notifications (github-agents, orchestrator, socrates) ----
-- Clients record LLM calls and nothing else: a call without cost_usd is
-- priced from model_prices, run and task totals follow, rollups are kept by
-- the database, and budget alerts become notifications.  Budgets come first
-- so that the usage below is checked against them.
INSERT INTO agentgov.model_prices (provider, model, input_usd_per_mtok, output_usd_per_mtok, effective_from) VALUES
    ('anthropic', 'claude-3-sonnet', 3.000000, 15.000000, '2026-01-01 00:00+00'),
    ('anthropic', 'claude-3-5-sonnet', 3.000000, 15.000000, '2026-01-01 00:00+00'),
    ('openai', 'gpt-4o', 2.500000, 10.000000, '2026-01-01 00:00+00');
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, scope_id, scope_agent_type, amount_usd,
                                    period, alert_threshold, action_on_exceed) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'Acme monthly', 'global', NULL, NULL, 500.00, 'monthly', 0.80, 'warn'),
    ('a1000000-0000-4000-8000-000000000001', 'github-bot daily', 'project',
     'd1000000-0000-4000-8000-000000000004', NULL, 5.00, 'daily', 0.50, 'block'),
    ('a1000000-0000-4000-8000-000000000001', 'coders weekly', 'agent_type', NULL, 'coder', 25.00, 'weekly', 0.90, 'warn');
-- Costs left NULL are priced; the second call comes with the cost the
-- provider billed; the last is for a model without a price (kept, unpriced).
INSERT INTO agentgov.usage_events (org_id, occurred_at, user_id, project_id, agent_id, run_id, conversation_id,
                                   message_id, task_id, agent_kind, provider, model, tokens_in, tokens_out,
                                   cost_usd, latency_ms, was_cached) VALUES
    ('a1000000-0000-4000-8000-000000000001', '2026-11-20 09:15+00', 'b1000000-0000-4000-8000-000000000001',
     'd1000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000001',
     '31000000-0000-4000-8000-000000000001', NULL, NULL, NULL, 'VALIDATOR', 'anthropic', 'claude-3-sonnet',
     6100, 1400, NULL, 5200, false),
    ('a1000000-0000-4000-8000-000000000001', '2026-11-20 09:40+00', 'b1000000-0000-4000-8000-000000000002',
     'd1000000-0000-4000-8000-000000000004', 'f1000000-0000-4000-8000-000000000012', NULL,
     '11000000-0000-4000-8000-000000000001', '12000000-0000-4000-8000-000000000002',
     '17000000-0000-4000-8000-000000000003', NULL, 'anthropic', 'claude-3-5-sonnet',
     2100, 380, 0.012000, 3100, false),
    ('a1000000-0000-4000-8000-000000000001', '2026-11-21 14:05+00', 'b1000000-0000-4000-8000-000000000002',
     'd1000000-0000-4000-8000-000000000003', NULL, '31000000-0000-4000-8000-000000000002',
     '11000000-0000-4000-8000-000000000002', '12000000-0000-4000-8000-000000000003', NULL, NULL,
     'anthropic', 'claude-3-sonnet', 900, 60, NULL, 900, true),
    ('a1000000-0000-4000-8000-000000000001', '2026-11-21 15:30+00', 'b1000000-0000-4000-8000-000000000002',
     'd1000000-0000-4000-8000-000000000003', NULL, '31000000-0000-4000-8000-000000000002',
     '11000000-0000-4000-8000-000000000002', NULL, NULL, NULL,
     'local', 'llama-3-70b-instruct', 1200, 300, NULL, 2400, false);
-- The github-bot's coder fixes the empty cart in one long session: 2.70
-- USD, past half of the project's 5.00 daily budget, so Acme's admin gets
-- one warning.
INSERT INTO agentgov.usage_events (org_id, occurred_at, user_id, project_id, agent_id, task_id, provider, model,
                                   tokens_in, tokens_out, latency_ms)
SELECT 'a1000000-0000-4000-8000-000000000001', timestamptz '2026-11-20 10:00+00' + n * interval '1 minute',
       'b1000000-0000-4000-8000-000000000002', 'd1000000-0000-4000-8000-000000000004',
       'f1000000-0000-4000-8000-000000000012', '17000000-0000-4000-8000-000000000003', 'anthropic',
       'claude-3-5-sonnet', 100000, 16000, 4000
  FROM generate_series(1, 5) AS n;
INSERT INTO agentgov.notifications (org_id, user_id, type, title, message, severity, project_id, agent_id, metadata) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000002', 'pr_opened',
     'PR #7 is ready for review', 'coder opened "Guard the empty cart"', 'info',
     'd1000000-0000-4000-8000-000000000004', 'f1000000-0000-4000-8000-000000000012',
     '{"related_entity_type": "pull_request", "related_entity_id": "1a000000-0000-4000-8000-000000000001"}');

-- ---- Audit (platform, socrates) ---------------------------------------------------
-- Writes to the critical tables are audited by the extension; a client says on
-- whose behalf it writes, and the audit row records it.
SET agentgov.user_id = 'b1000000-0000-4000-8000-000000000001';
SET agentgov.correlation_id = '5c000000-0000-4000-8000-000000000001';
UPDATE agentgov.budget_limits SET amount_usd = 600.00
 WHERE org_id = 'a1000000-0000-4000-8000-000000000001' AND name = 'Acme monthly';
RESET agentgov.user_id;
RESET agentgov.correlation_id;
-- Application-level events are plain INSERTs, chained the same way.
INSERT INTO agentgov.audit_log (org_id, actor_id, action, table_name, record_id, new_values, rationale, ip_address) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', 'ESCALATE', 'evidence',
     '21000000-0000-4000-8000-000000000001', '{"escalation_status": "IN_REVIEW"}',
     'Interview sample is small', '203.0.113.7');
INSERT INTO agentgov.audit_log (actor_id, action, details, ip_address, user_agent) VALUES
    ('b1000000-0000-4000-8000-000000000001', 'user.login', '{"method": "password+totp"}', '203.0.113.7', 'Mozilla/5.0');

RESET client_min_messages;
