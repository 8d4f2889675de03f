-- ---------------------------------------------------------------------------
-- Walkthrough of the socrates seed (002, Socratic specification assistant):
-- accounts with refresh and password-reset tokens, the security audit log,
-- user rules and API keys; projects and their chat sessions, conversation
-- history, extracted specifications, questions, conflicts, quality and
-- maturity, compatibility tests, LLM usage, generated code, user learning,
-- the knowledge base and team collaboration -- with the queries its indexes
-- were made for.
-- Ids start with 5eed0002; slugs with seed-socrates-.
-- ---------------------------------------------------------------------------
-- Times as written: UTC, ISO.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
\set org 5eed0002-0001-4000-8000-000000000001
\set sofia 5eed0002-0002-4000-8000-000000000001
\set theo 5eed0002-0002-4000-8000-000000000002
\set uma 5eed0002-0002-4000-8000-000000000003
\set loyalty 5eed0002-0004-4000-8000-000000000001
\set legacy 5eed0002-0004-4000-8000-000000000002
\set billing 5eed0002-0004-4000-8000-000000000003
\set session1 5eed0002-0009-4000-8000-000000000001
\set session2 5eed0002-0009-4000-8000-000000000002
\set spec_expiry 5eed0002-000f-4000-8000-000000000001
\set spec_no_expiry 5eed0002-000f-4000-8000-000000000002
\set spec_stack 5eed0002-000f-4000-8000-000000000003
\set spec_scale 5eed0002-000f-4000-8000-000000000004
\set team 5eed0002-0010-4000-8000-000000000001
\set gen1 5eed0002-0012-4000-8000-000000000001
\set gen2 5eed0002-0012-4000-8000-000000000002

-- ---- socrates_auth: accounts, tokens, audit, rules, API keys ----------------
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    (:'org', 'Socrates Studio', 'seed-socrates-studio', 'PRO');
-- name becomes full_name; emails are lower case.
INSERT INTO agentgov.users (id, email, password_hash, full_name, is_verified, last_login_at) VALUES
    (:'sofia', 'sofia@seed-socrates.example', '$2b$12$c29maWEuc2VlZC5zb2NyYXRlcy5leGFtcGxlLmhhc2g', 'Sofia Papadopoulou', true, '2025-11-05 08:00+00'),
    (:'theo', 'theo@seed-socrates.example', '$2b$12$dGhlby5zZWVkLnNvY3JhdGVzLmV4YW1wbGUuaGFzaGhh', 'Theo Martin', false, NULL),
    (:'uma', 'uma@seed-socrates.example', '$2b$12$dW1hLnNlZWQuc29jcmF0ZXMuZXhhbXBsZS5oYXNoaGhoaA', 'Uma Iyer', true, NULL);
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    (:'org', :'sofia', 'ADMIN'), (:'org', :'theo', 'MEMBER'), (:'org', :'uma', 'MEMBER');
\set VERBOSITY terse
INSERT INTO agentgov.users (email, password_hash) VALUES ('Sofia@Seed-Socrates.example', 'x');
\set VERBOSITY default

-- Refresh tokens: the id is the JWT's jti; only the token's digest is kept.
INSERT INTO agentgov.refresh_tokens (id, user_id, token_sha256, expires_at) VALUES
    ('5eed0002-0011-4000-8000-000000000001', :'sofia', sha256('jwt-refresh-sofia-1'::bytea), now() + interval '30 days'),
    ('5eed0002-0011-4000-8000-000000000002', :'sofia', sha256('jwt-refresh-sofia-2'::bytea), now() + interval '30 days'),
    ('5eed0002-0011-4000-8000-000000000003', :'theo', sha256('jwt-refresh-theo-1'::bytea), now() - interval '1 day');
-- Logout revokes a token.
UPDATE agentgov.refresh_tokens SET revoked = true, revoked_at = now()
 WHERE id = '5eed0002-0011-4000-8000-000000000001';
-- Refresh: a presented token is valid when unrevoked and unexpired
-- (idx_refresh_tokens_revoked covers the unrevoked ones).
SELECT t.id AS jti, u.email
  FROM agentgov.refresh_tokens t JOIN agentgov.users u ON u.id = t.user_id
 WHERE t.token_sha256 IN (sha256('jwt-refresh-sofia-1'::bytea), sha256('jwt-refresh-sofia-2'::bytea),
                          sha256('jwt-refresh-theo-1'::bytea))
   AND NOT t.revoked AND t.expires_at > now()
 ORDER BY t.id;

-- Password reset: a single-use token.
INSERT INTO agentgov.password_reset_requests (user_id, token_sha256, expires_at) VALUES
    (:'theo', sha256('reset-theo-7f3a'::bytea), now() + interval '1 hour');
UPDATE agentgov.password_reset_requests SET used = true, used_at = now()
 WHERE token_sha256 = sha256('reset-theo-7f3a'::bytea) AND NOT used AND expires_at > now()
RETURNING used;
UPDATE agentgov.password_reset_requests SET used = true, used_at = now()
 WHERE token_sha256 = sha256('reset-theo-7f3a'::bytea) AND NOT used AND expires_at > now()
RETURNING used;

-- The security audit log: dotted actions, no organization.
INSERT INTO agentgov.audit_log (actor_id, action, table_name, record_id, ip_address, user_agent, details, occurred_at) VALUES
    (:'sofia', 'user.login', 'user', :'sofia', '203.0.113.10', 'socrates-cli/0.4', '{"method": "password"}', '2025-11-05 08:00+00'),
    (:'theo', 'user.password_reset', 'user', :'theo', '203.0.113.11', 'Mozilla/5.0', '{"via": "email"}', '2025-11-05 08:10+00'),
    (:'sofia', 'user.logout', 'user', :'sofia', '203.0.113.10', 'socrates-cli/0.4', '{}', '2025-11-05 17:30+00');
SELECT u.full_name, a.action, a.ip_address, a.details
  FROM agentgov.audit_log a JOIN agentgov.users u ON u.id = a.actor_id
 WHERE a.actor_id IN (:'sofia', :'theo') AND a.action LIKE 'user.%'
 ORDER BY a.occurred_at DESC;

INSERT INTO agentgov.user_rules (user_id, rules) VALUES
    (:'sofia', '{"never_assume": true, "always_check": true, "prefer_postgres": true,
                 "min_test_coverage": 0.8, "communication_style": "technical"}');
SELECT rules->>'communication_style' AS style, (rules->>'min_test_coverage')::numeric AS min_coverage
  FROM agentgov.user_rules WHERE user_id = :'sofia';
-- One rules document per user.
\set VERBOSITY terse
INSERT INTO agentgov.user_rules (user_id, rules) VALUES (:'sofia', '{}');
\set VERBOSITY default

-- API keys, encrypted (ciphertexts of encrypt_secret() under a fixture key), one per provider.
\set key_claude 'c30d040903029fb23f01fad5ab687ad24301d8c1f0c7d8e99cfc628031523f09074c2908569950fa16dd6e2717247308569d0fce0deb1a22882872feee6eb318bc9df3d1704a72b9a21f4aad61fd9f50a462bb9c'
\set key_openai 'c30d04090302da8c6035a826665e7fd246017b147728532865fbbd898074ef72af7aec0360627cdbe0bf2bbdef399f703fa097e22e4cc3f5324cd05c959c09acb64f4d48dbbef1380f31227c49e6bde05a59d3bab920ef'
INSERT INTO agentgov.api_keys (user_id, provider, api_key_encrypted) VALUES
    (:'sofia', 'claude', decode(:'key_claude', 'hex')),
    (:'sofia', 'openai', decode(:'key_openai', 'hex'));
UPDATE agentgov.api_keys SET is_active = false WHERE user_id = :'sofia' AND provider = 'openai';
SELECT provider, is_active, octet_length(api_key_encrypted) AS key_bytes
  FROM agentgov.api_keys WHERE user_id = :'sofia' ORDER BY provider;
\set VERBOSITY terse
INSERT INTO agentgov.api_keys (user_id, provider, api_key_encrypted) VALUES (:'sofia', 'claude', decode(:'key_openai', 'hex'));
INSERT INTO agentgov.api_keys (user_id, provider, api_key_encrypted) VALUES (:'sofia', 'mistral', decode(:'key_openai', 'hex'));
\set VERBOSITY default

-- ---- socrates_specs: projects and sessions -----------------------------------
-- current_phase discovery/analysis/design/implementation = DISCOVER/DEFINE/DESIGN/DEVELOP.
INSERT INTO agentgov.projects (id, org_id, name, description, phase, created_by) VALUES
    (:'loyalty', :'org', 'Loyalty Program', 'Points for repeat customers', 'DISCOVER', :'sofia'),
    (:'billing', :'org', 'Billing Revamp', 'Invoices and dunning', 'DEFINE', :'sofia'),
    (:'legacy', :'org', 'Legacy Migration', 'Move off the mainframe', 'DISCOVER', :'theo');
UPDATE agentgov.projects SET archived_at = '2025-10-01 12:00+00' WHERE id = :'legacy';
-- A user's live projects (idx_projects_user_id, idx_projects_archived_at).
SELECT name,
       CASE phase WHEN 'DISCOVER' THEN 'discovery' WHEN 'DEFINE' THEN 'analysis'
                  WHEN 'DESIGN' THEN 'design' WHEN 'DEVELOP' THEN 'implementation' END AS current_phase,
       maturity_score
  FROM agentgov.projects
 WHERE created_by = :'sofia' AND archived_at IS NULL
 ORDER BY name;

-- Sessions are conversations with a mode.
INSERT INTO agentgov.conversations (id, org_id, project_id, title, mode, created_by_user_id, started_at, ended_at, status) VALUES
    (:'session1', :'org', :'loyalty', 'Discovery', 'socratic', :'sofia', '2025-11-05 09:00+00', '2025-11-05 09:40+00', 'completed'),
    (:'session2', :'org', :'loyalty', 'Quick check', 'direct_chat', :'sofia', '2025-11-06 14:00+00', NULL, 'active');
\set VERBOSITY terse
INSERT INTO agentgov.conversations (org_id, project_id, mode) VALUES (:'org', :'loyalty', 'lecture');
\set VERBOSITY default
-- Conversation history; the seed's role assistant is an agent author.
INSERT INTO agentgov.messages (org_id, conversation_id, author_type, user_id, content, metadata, created_at) VALUES
    (:'org', :'session1', 'system', NULL, 'Session started in socratic mode', NULL, '2025-11-05 09:00:00+00'),
    (:'org', :'session1', 'agent', NULL, 'Who are the members of the loyalty program?', '{"agent": "SocraticCounselor"}', '2025-11-05 09:00:05+00'),
    (:'org', :'session1', 'user', :'sofia', 'Repeat customers with at least two orders.', NULL, '2025-11-05 09:01:10+00'),
    (:'org', :'session1', 'agent', NULL, 'Do points expire?', '{"agent": "SocraticCounselor"}', '2025-11-05 09:01:15+00'),
    (:'org', :'session1', 'user', :'sofia', 'After twelve months. Actually, never.', NULL, '2025-11-05 09:03:00+00'),
    (:'org', :'session2', 'user', :'sofia', 'Which database for the ledger?', NULL, '2025-11-06 14:00:30+00');
-- A session's transcript in order (idx_messages_conversation_created).
SELECT to_char(created_at, 'HH24:MI:SS') AS at,
       CASE author_type WHEN 'agent' THEN 'assistant' ELSE author_type::text END AS role, content
  FROM agentgov.messages WHERE conversation_id = :'session1' ORDER BY created_at;

-- ---- Specifications, questions, conflicts --------------------------------------
INSERT INTO agentgov.specifications (id, org_id, project_id, conversation_id, category, content, source, confidence, metadata) VALUES
    (:'spec_expiry', :'org', :'loyalty', :'session1', 'requirements', 'Points expire after 12 months', 'extracted', 0.70, NULL),
    (:'spec_no_expiry', :'org', :'loyalty', :'session1', 'requirements', 'Points never expire', 'user_input', 0.95, NULL),
    (:'spec_stack', :'org', :'loyalty', :'session2', 'tech_stack', 'PostgreSQL 15 for the ledger', 'inferred', 0.80,
     '{"reason": "team already runs PostgreSQL"}'),
    (:'spec_scale', :'org', :'loyalty', NULL, 'scalability', '10k point events per minute at peak', 'user_input', NULL, NULL);
-- The newer statement supersedes the older one.
UPDATE agentgov.specifications SET is_current = false, superseded_at = '2025-11-05 09:03:00+00', superseded_by = :'spec_no_expiry'
 WHERE id = :'spec_expiry';
-- A current specification is not superseded; confidence is 0.00-1.00.
\set VERBOSITY terse
UPDATE agentgov.specifications SET superseded_at = now() WHERE id = :'spec_no_expiry';
UPDATE agentgov.specifications SET confidence = 1.5 WHERE id = :'spec_stack';
\set VERBOSITY default
-- Current specifications by category (idx_specifications_is_current).
SELECT category, content, source, confidence
  FROM agentgov.specifications WHERE project_id = :'loyalty' AND is_current ORDER BY category, content;
-- What replaced what.
SELECT old.content AS superseded, new.content AS by
  FROM agentgov.specifications old
  JOIN agentgov.specifications new ON new.org_id = old.org_id AND new.id = old.superseded_by
 WHERE old.project_id = :'loyalty';

INSERT INTO agentgov.questions (org_id, project_id, conversation_id, text, category, context, quality_score) VALUES
    (:'org', :'loyalty', :'session1', 'Who are the members of the loyalty program?', 'goals', 'Defines the audience', 0.95),
    (:'org', :'loyalty', :'session1', 'Do points expire?', 'requirements', 'Drives the ledger design', 0.90),
    (:'org', :'loyalty', :'session1', 'How many point events at peak?', 'scalability', NULL, DEFAULT),
    (:'org', :'loyalty', :'session2', 'Who may read the ledger?', 'security', 'Finance needs an audit trail', 0.85);
SELECT category, count(*) AS asked, round(avg(quality_score), 2) AS avg_quality
  FROM agentgov.questions WHERE project_id = :'loyalty' GROUP BY category ORDER BY category;

INSERT INTO agentgov.conflicts (org_id, project_id, type, description, spec_ids, severity, detected_at) VALUES
    (:'org', :'loyalty', 'requirement', 'Expiry after 12 months contradicts "never expire"',
     ARRAY[:'spec_expiry', :'spec_no_expiry']::uuid[], 'high', '2025-11-05 09:03:01+00'),
    (:'org', :'loyalty', 'technology', 'Peak load may exceed a single PostgreSQL primary',
     ARRAY[:'spec_stack', :'spec_scale']::uuid[], 'medium', '2025-11-06 14:05:00+00');
UPDATE agentgov.conflicts SET status = 'resolved', resolution = 'The user chose: points never expire',
                              resolved_at = '2025-11-05 09:05:00+00', resolved_by_user = true
 WHERE project_id = :'loyalty' AND type = 'requirement';
-- Open conflicts (idx_conflicts_status covers status = 'open' only).
SELECT type, severity, description, cardinality(spec_ids) AS specs
  FROM agentgov.conflicts WHERE project_id = :'loyalty' AND status = 'open';
SELECT type, status, resolution, resolved_by_user
  FROM agentgov.conflicts WHERE project_id = :'loyalty' ORDER BY detected_at;

-- ---- Quality and maturity ------------------------------------------------------------
-- passed says whether the value reached the threshold.
INSERT INTO agentgov.quality_metrics (org_id, project_id, metric_type, metric_value, threshold, passed, details) VALUES
    (:'org', :'loyalty', 'maturity', 70.00, 60.00, true, '{"categories": 3}'),
    (:'org', :'loyalty', 'coverage', 55.00, 60.00, false, '{"missing": ["security", "monitoring"]}');
-- agentgov keeps maturity_score itself: the mean of the latest score in each
-- category of agentgov.maturity_categories.  This project tracks three
-- categories, so the walkthrough names them: (80 + 60 + 70) / 3 = 70.
SET agentgov.maturity_categories = 'goals, requirements, tech_stack';
INSERT INTO agentgov.maturity_tracking (org_id, project_id, category, score, details, calculated_at) VALUES
    (:'org', :'loyalty', 'goals', 50, NULL, '2025-11-05 09:10+00'),
    (:'org', :'loyalty', 'goals', 80, '{"answered": 4}', '2025-11-06 15:00+00'),
    (:'org', :'loyalty', 'requirements', 60, NULL, '2025-11-06 15:00+00'),
    (:'org', :'loyalty', 'tech_stack', 70, NULL, '2025-11-06 15:00+00');
RESET agentgov.maturity_categories;
SELECT DISTINCT ON (category) category, score, calculated_at
  FROM agentgov.maturity_tracking WHERE project_id = :'loyalty' ORDER BY category, calculated_at DESC;
SELECT name, maturity_score FROM agentgov.projects WHERE id = :'loyalty';
SELECT metric_type, metric_value, threshold, passed FROM agentgov.quality_metrics
 WHERE project_id = :'loyalty' ORDER BY metric_type;

INSERT INTO agentgov.test_results (org_id, project_id, test_type, technology_stack, test_status, results,
                                   error_message, started_at, completed_at) VALUES
    (:'org', :'loyalty', 'compatibility', '{"python": "3.12", "postgres": "15"}', 'passed', '{"checks": 12}',
     NULL, '2025-11-06 15:10+00', '2025-11-06 15:12+00'),
    (:'org', :'loyalty', 'integration', '{"python": "3.12", "redis": "7"}', 'failed', '{"checks": 8, "failures": 1}',
     'redis 7 drops the ledger stream on restart', '2025-11-06 15:15+00', '2025-11-06 15:20+00');
SELECT test_type, technology_stack, test_status, error_message
  FROM agentgov.test_results WHERE project_id = :'loyalty' ORDER BY started_at DESC;

-- ---- LLM usage ------------------------------------------------------------------------
INSERT INTO agentgov.usage_events (org_id, occurred_at, user_id, project_id, conversation_id, provider, model,
                                   tokens_in, tokens_out, cost_usd, latency_ms) VALUES
    (:'org', '2025-11-05 09:00:05+00', :'sofia', :'loyalty', :'session1', 'claude', 'claude-3-5-sonnet', 1200, 40, 0.004200, 900),
    (:'org', '2025-11-05 09:01:15+00', :'sofia', :'loyalty', :'session1', 'claude', 'claude-3-5-sonnet', 1500, 25, 0.004875, 1100),
    (:'org', '2025-11-06 14:00:40+00', :'sofia', :'loyalty', :'session2', 'openai', 'gpt-4o', 800, 300, 0.005000, 1400);
-- Spend per provider and model for a user (tokens_total = tokens_in + tokens_out).
SELECT provider, model, count(*) AS calls, sum(tokens_in + tokens_out) AS tokens_total, sum(cost_usd) AS cost_usd,
       round(avg(latency_ms)) AS avg_latency_ms
  FROM agentgov.usage_events WHERE user_id = :'sofia' GROUP BY provider, model ORDER BY provider, model;

-- ---- Generated code -------------------------------------------------------------------------
INSERT INTO agentgov.generated_projects (id, org_id, project_id, generation_version, total_files, total_lines,
                                         test_coverage, quality_score, traceability_score, download_url,
                                         generation_started_at, generation_completed_at, generation_status) VALUES
    (:'gen1', :'org', :'loyalty', 1, 2, 240, 81.50, 77, 67, 'https://downloads.seed-socrates.example/loyalty-v1.zip',
     '2025-11-07 10:00+00', '2025-11-07 10:04+00', 'completed');
INSERT INTO agentgov.generated_projects (id, org_id, project_id, generation_version, total_files, total_lines,
                                         generation_started_at, generation_status) VALUES
    (:'gen2', :'org', :'loyalty', 2, 0, 0, '2025-11-08 10:00+00', 'pending');
UPDATE agentgov.generated_projects SET generation_status = 'in_progress' WHERE id = :'gen2';
INSERT INTO agentgov.generated_files (org_id, generated_project_id, file_path, file_content, file_size, spec_ids) VALUES
    (:'org', :'gen1', 'loyalty/ledger.py', 'class Ledger: ...', 17, ARRAY[:'spec_no_expiry']::uuid[]),
    (:'org', :'gen1', 'loyalty/schema.sql', 'CREATE TABLE points (...);', 26, ARRAY[:'spec_stack', :'spec_scale']::uuid[]);
-- Generations of a project, newest first, and the specs behind each file.
SELECT generation_version, generation_status, total_files, total_lines, test_coverage, traceability_score
  FROM agentgov.generated_projects WHERE project_id = :'loyalty' ORDER BY generation_version DESC;
SELECT f.file_path, f.file_size, string_agg(s.category, ', ' ORDER BY s.category) AS from_specs
  FROM agentgov.generated_files f
  CROSS JOIN LATERAL unnest(f.spec_ids) AS sid(id)
  JOIN agentgov.specifications s ON s.org_id = f.org_id AND s.id = sid.id
 WHERE f.generated_project_id = :'gen1'
 GROUP BY f.file_path, f.file_size ORDER BY f.file_path;

-- ---- User learning ---------------------------------------------------------------------------
INSERT INTO agentgov.user_behavior_patterns (user_id, pattern_type, pattern_data, confidence, learned_from_projects) VALUES
    (:'sofia', 'communication_style', '{"communication_style": "technical", "technical_expertise": 0.85}', 0.85,
     ARRAY[:'loyalty', :'billing']::uuid[]),
    (:'sofia', 'detail_level', '{"preferred_detail_level": "comprehensive"}', 0.60, ARRAY[:'loyalty']::uuid[]);
INSERT INTO agentgov.question_effectiveness (user_id, question_template_id, role, times_asked, times_answered_well,
                                             average_answer_length, average_spec_extraction_count,
                                             effectiveness_score, last_asked_at) VALUES
    (:'sofia', 'goals.audience', 'business_analyst', 4, 4, 120, 2.50, 1.00, '2025-11-05 09:00+00'),
    (:'sofia', 'requirements.expiry', 'business_analyst', 3, 1, 40, 0.33, 0.33, '2025-11-05 09:01+00');
SELECT pattern_type, confidence, cardinality(learned_from_projects) AS projects
  FROM agentgov.user_behavior_patterns WHERE user_id = :'sofia' ORDER BY confidence DESC;
SELECT question_template_id, times_asked, times_answered_well, effectiveness_score
  FROM agentgov.question_effectiveness WHERE user_id = :'sofia' ORDER BY effectiveness_score DESC;

-- ---- Knowledge base: semantic search over 384-dimension embeddings -------------------------
INSERT INTO agentgov.knowledge_base_documents (org_id, project_id, user_id, filename, file_size, content_type, content,
                                               embedding, uploaded_at) VALUES
    (:'org', :'loyalty', :'sofia', 'loyalty-brief.md', 2048, 'text/markdown', '# Loyalty brief',
     array_fill(0.05::real, ARRAY[384]), '2025-11-05 08:30+00'),
    (:'org', :'loyalty', :'sofia', 'ledger-notes.txt', 512, 'text/plain', 'Ledger notes',
     (SELECT array_agg(CASE WHEN i % 2 = 0 THEN 0.1 ELSE 0 END::real ORDER BY i) FROM generate_series(1, 384) i),
     '2025-11-05 08:31+00'),
    (:'org', :'loyalty', :'sofia', 'scan.pdf', 90000, 'application/pdf', NULL, NULL, '2025-11-05 08:32+00');
-- The embedding has 384 dimensions.
\set VERBOSITY terse
INSERT INTO agentgov.knowledge_base_documents (org_id, project_id, user_id, filename, file_size, content_type, embedding) VALUES
    (:'org', :'loyalty', :'sofia', 'short.txt', 1, 'text/plain', array_fill(0.1::real, ARRAY[128]));
\set VERBOSITY default
-- Cosine similarity to a query vector, best first.
SELECT d.filename,
       round((SELECT sum(e::float8 * q) / (sqrt(sum(e::float8 * e)) * sqrt(sum(q::float8 * q)))
                FROM unnest(d.embedding, array_fill(0.05::real, ARRAY[384])) AS v(e, q))::numeric, 3) AS similarity
  FROM agentgov.knowledge_base_documents d
 WHERE d.project_id = :'loyalty' AND d.embedding IS NOT NULL
 ORDER BY similarity DESC;

-- ---- Teams (Phase 6) ----------------------------------------------------------------------------
INSERT INTO agentgov.teams (id, org_id, name, description, created_by) VALUES
    (:'team', :'org', 'Loyalty Squad', 'Everyone on the loyalty program', :'sofia');
INSERT INTO agentgov.team_members (org_id, team_id, user_id, role) VALUES
    (:'org', :'team', :'sofia', 'owner'), (:'org', :'team', :'theo', 'developer');
-- An invitation by email; the token is kept as its digest.
INSERT INTO agentgov.team_invitations (org_id, team_id, invited_by, invited_email, role, token_sha256, expires_at) VALUES
    (:'org', :'team', :'sofia', 'uma@seed-socrates.example', 'viewer', sha256('invite-uma-91b2'::bytea), now() + interval '7 days');
\set VERBOSITY terse
-- Nobody is invited as owner.
INSERT INTO agentgov.team_invitations (org_id, team_id, invited_by, invited_email, role, token_sha256, expires_at) VALUES
    (:'org', :'team', :'sofia', 'boss@seed-socrates.example', 'owner', sha256('invite-boss'::bytea), now());
\set VERBOSITY default
-- Accepting: find the open invitation by token (idx_team_invitations_token), join.
UPDATE agentgov.team_invitations SET accepted = true, accepted_at = now()
 WHERE token_sha256 = sha256('invite-uma-91b2'::bytea) AND NOT accepted AND expires_at > now()
RETURNING invited_email, role;
INSERT INTO agentgov.team_members (org_id, team_id, user_id, role) VALUES (:'org', :'team', :'uma', 'viewer');
\set VERBOSITY terse
INSERT INTO agentgov.team_members (org_id, team_id, user_id, role) VALUES (:'org', :'team', :'uma', 'lead');
\set VERBOSITY default
INSERT INTO agentgov.project_shares (org_id, project_id, team_id, shared_by, permission_level) VALUES
    (:'org', :'loyalty', :'team', :'sofia', 'write'),
    (:'org', :'billing', :'team', :'sofia', 'read');
-- What each member may do on the shared projects.
SELECT u.full_name, m.role, p.name AS project, s.permission_level
  FROM agentgov.team_members m
  JOIN agentgov.users u ON u.id = m.user_id
  JOIN agentgov.project_shares s ON s.org_id = m.org_id AND s.team_id = m.team_id
  JOIN agentgov.projects p ON p.org_id = s.org_id AND p.id = s.project_id
 WHERE m.team_id = :'team'
 ORDER BY u.full_name, p.name;
-- A team's creator cannot be deleted while the team exists.
\set VERBOSITY terse
DELETE FROM agentgov.users WHERE id = :'sofia';
\set VERBOSITY default
