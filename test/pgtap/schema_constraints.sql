-- ---------------------------------------------------------------------------
-- pgTAP: the constraints of the unified schema.
--   1. Foreign keys: every one, with its columns, target and ON DELETE
--      action (composite tenant keys, SET NULL (col) keeping org_id).
--   2. CHECK constraints: each rejects a bad value (and the boundaries pass).
--      These run with session_replication_role = replica, so that only the
--      constraints are at work: no trigger (agentgov's rules included) and no
--      foreign key fires, and the fixture rows need only their NOT NULL
--      columns.
--   3. Unique constraints and composite foreign keys refusing a reference
--      into another tenant, with the rules on (origin).
-- ---------------------------------------------------------------------------
BEGIN;

CREATE TEMP TABLE expected_fks (tbl name, conname name, cols name[], reftbl name, refcols name[], on_delete text)
    ON COMMIT DROP;
INSERT INTO expected_fks VALUES
    ('agent_memory', 'agent_memory_agent_fk', '{agent_id}', 'agents', '{id}', 'CASCADE'),
    ('agent_memory', 'agent_memory_org_fk', '{org_id}', 'organizations', '{id}', 'CASCADE'),
    ('agent_memory', 'agent_memory_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('agent_runs', 'agent_runs_agent_fk', '{agent_id}', 'agents', '{id}', 'NO ACTION'),
    ('agent_runs', 'agent_runs_idea_fk', '{org_id,idea_id}', 'ideas', '{org_id,id}', 'SET NULL (idea_id)'),
    ('agent_runs', 'agent_runs_org_fk', '{org_id}', 'organizations', '{id}', 'CASCADE'),
    ('agent_runs', 'agent_runs_output_artifact_fk', '{org_id,output_artifact_id}', 'artifacts', '{org_id,id}', 'SET NULL (output_artifact_id)'),
    ('agent_runs', 'agent_runs_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('agent_runs', 'agent_runs_session_fk', '{session_id}', 'user_sessions', '{id}', 'SET NULL'),
    ('agent_runs', 'agent_runs_task_fk', '{org_id,task_id}', 'tasks', '{org_id,id}', 'SET NULL (task_id)'),
    ('agent_runs', 'agent_runs_user_fk', '{user_id}', 'users', '{id}', 'CASCADE'),
    ('agents', 'agents_org_fk', '{org_id}', 'organizations', '{id}', 'CASCADE'),
    ('agents', 'agents_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('api_keys', 'api_keys_user_fk', '{user_id}', 'users', '{id}', 'CASCADE'),
    ('artifact_tags', 'artifact_tags_artifact_fk', '{org_id,artifact_id}', 'artifacts', '{org_id,id}', 'CASCADE'),
    ('artifacts', 'artifacts_approved_by_fk', '{approved_by}', 'users', '{id}', 'NO ACTION'),
    ('artifacts', 'artifacts_created_by_fk', '{created_by}', 'users', '{id}', 'NO ACTION'),
    ('artifacts', 'artifacts_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('budget_limits', 'budget_limits_org_fk', '{org_id}', 'organizations', '{id}', 'CASCADE'),
    ('cascade_analyses', 'cascade_analyses_divergence_fk', '{org_id,divergence_id}', 'divergence_reports', '{org_id,id}', 'CASCADE'),
    ('conflicts', 'conflicts_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('conversation_participants', 'conversation_participants_agent_fk', '{agent_id}', 'agents', '{id}', 'CASCADE'),
    ('conversation_participants', 'conversation_participants_conversation_fk', '{org_id,conversation_id}', 'conversations', '{org_id,id}', 'CASCADE'),
    ('conversations', 'conversations_agent_fk', '{created_by_agent_id}', 'agents', '{id}', 'SET NULL'),
    ('conversations', 'conversations_org_fk', '{org_id}', 'organizations', '{id}', 'CASCADE'),
    ('conversations', 'conversations_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('conversations', 'conversations_user_fk', '{created_by_user_id}', 'users', '{id}', 'SET NULL'),
    ('divergence_reports', 'divergence_reports_artifact_fk', '{org_id,artifact_id}', 'artifacts', '{org_id,id}', 'CASCADE'),
    ('divergence_reports', 'divergence_reports_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('divergence_reports', 'divergence_reports_telemetry_fk', '{org_id,telemetry_id}', 'telemetry', '{org_id,id}', 'SET NULL (telemetry_id)'),
    ('evidence', 'evidence_artifact_fk', '{org_id,artifact_id}', 'artifacts', '{org_id,id}', 'CASCADE'),
    ('evidence', 'evidence_created_by_fk', '{created_by}', 'users', '{id}', 'NO ACTION'),
    ('evidence', 'evidence_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('evidence', 'evidence_reviewed_by_fk', '{reviewed_by}', 'users', '{id}', 'SET NULL'),
    ('gate_policies', 'gate_policies_org_fk', '{org_id}', 'organizations', '{id}', 'CASCADE'),
    ('generated_files', 'generated_files_project_fk', '{org_id,generated_project_id}', 'generated_projects', '{org_id,id}', 'CASCADE'),
    ('generated_projects', 'generated_projects_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('github_issues', 'github_issues_conversation_fk', '{org_id,conversation_id}', 'conversations', '{org_id,id}', 'SET NULL (conversation_id)'),
    ('github_issues', 'github_issues_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('governance_events', 'governance_events_run_fk', '{org_id,run_id}', 'agent_runs', '{org_id,id}', 'CASCADE'),
    ('ideas', 'ideas_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('job_queue', 'job_queue_org_fk', '{org_id}', 'organizations', '{id}', 'CASCADE'),
    ('knowledge_base_documents', 'knowledge_base_documents_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('knowledge_base_documents', 'knowledge_base_documents_user_fk', '{user_id}', 'users', '{id}', 'NO ACTION'),
    ('maturity_tracking', 'maturity_tracking_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('messages', 'messages_agent_fk', '{agent_id}', 'agents', '{id}', 'SET NULL'),
    ('messages', 'messages_conversation_fk', '{org_id,conversation_id}', 'conversations', '{org_id,id}', 'CASCADE'),
    ('messages', 'messages_reply_to_fk', '{org_id,reply_to_id}', 'messages', '{org_id,id}', 'SET NULL (reply_to_id)'),
    ('messages', 'messages_user_fk', '{user_id}', 'users', '{id}', 'SET NULL'),
    ('notifications', 'notifications_agent_fk', '{agent_id}', 'agents', '{id}', 'SET NULL'),
    ('notifications', 'notifications_org_fk', '{org_id}', 'organizations', '{id}', 'CASCADE'),
    ('notifications', 'notifications_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'SET NULL (project_id)'),
    ('notifications', 'notifications_user_fk', '{user_id}', 'users', '{id}', 'CASCADE'),
    ('organization_members', 'organization_members_org_fk', '{org_id}', 'organizations', '{id}', 'CASCADE'),
    ('organization_members', 'organization_members_user_fk', '{user_id}', 'users', '{id}', 'CASCADE'),
    ('password_reset_requests', 'password_reset_requests_user_fk', '{user_id}', 'users', '{id}', 'CASCADE'),
    ('persona_activations', 'persona_activations_persona_fk', '{persona_id}', 'personas', '{id}', 'NO ACTION'),
    ('persona_activations', 'persona_activations_run_fk', '{org_id,run_id}', 'agent_runs', '{org_id,id}', 'CASCADE'),
    ('phase_gate_decisions', 'phase_gate_decisions_artifact_fk', '{org_id,artifact_id}', 'artifacts', '{org_id,id}', 'SET NULL (artifact_id)'),
    ('phase_gate_decisions', 'phase_gate_decisions_decided_by_fk', '{decided_by}', 'users', '{id}', 'NO ACTION'),
    ('phase_gate_decisions', 'phase_gate_decisions_override_by_fk', '{override_by}', 'users', '{id}', 'NO ACTION'),
    ('phase_gate_decisions', 'phase_gate_decisions_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('project_shares', 'project_shares_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('project_shares', 'project_shares_shared_by_fk', '{shared_by}', 'users', '{id}', 'NO ACTION'),
    ('project_shares', 'project_shares_team_fk', '{org_id,team_id}', 'teams', '{org_id,id}', 'CASCADE'),
    ('projects', 'projects_created_by_fk', '{created_by}', 'users', '{id}', 'SET NULL'),
    ('projects', 'projects_last_updated_by_fk', '{last_updated_by}', 'users', '{id}', 'SET NULL'),
    ('projects', 'projects_org_fk', '{org_id}', 'organizations', '{id}', 'CASCADE'),
    ('projects', 'projects_workspace_fk', '{org_id,workspace_id}', 'workspaces', '{org_id,id}', 'CASCADE'),
    ('pull_requests', 'pull_requests_agent_fk', '{created_by_agent_id}', 'agents', '{id}', 'SET NULL'),
    ('pull_requests', 'pull_requests_conversation_fk', '{org_id,conversation_id}', 'conversations', '{org_id,id}', 'SET NULL (conversation_id)'),
    ('pull_requests', 'pull_requests_issue_fk', '{org_id,issue_id}', 'github_issues', '{org_id,id}', 'SET NULL (issue_id)'),
    ('pull_requests', 'pull_requests_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('quality_metrics', 'quality_metrics_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('question_effectiveness', 'question_effectiveness_user_fk', '{user_id}', 'users', '{id}', 'CASCADE'),
    ('questions', 'questions_agent_fk', '{agent_id}', 'agents', '{id}', 'SET NULL'),
    ('questions', 'questions_idea_fk', '{org_id,idea_id}', 'ideas', '{org_id,id}', 'CASCADE'),
    ('questions', 'questions_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('questions', 'questions_session_fk', '{org_id,conversation_id}', 'conversations', '{org_id,id}', 'CASCADE'),
    ('refresh_tokens', 'refresh_tokens_user_fk', '{user_id}', 'users', '{id}', 'CASCADE'),
    ('run_logs', 'run_logs_run_fk', '{org_id,run_id}', 'agent_runs', '{org_id,id}', 'CASCADE'),
    ('session_activities', 'session_activities_session_fk', '{session_id}', 'user_sessions', '{id}', 'CASCADE'),
    ('specifications', 'specifications_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('specifications', 'specifications_session_fk', '{org_id,conversation_id}', 'conversations', '{org_id,id}', 'SET NULL (conversation_id)'),
    ('specifications', 'specifications_superseded_by_fk', '{org_id,superseded_by}', 'specifications', '{org_id,id}', 'SET NULL (superseded_by)'),
    ('tasks', 'tasks_agent_fk', '{assigned_agent_id}', 'agents', '{id}', 'SET NULL'),
    ('tasks', 'tasks_idea_fk', '{org_id,idea_id}', 'ideas', '{org_id,id}', 'SET NULL (idea_id)'),
    ('tasks', 'tasks_issue_fk', '{org_id,issue_id}', 'github_issues', '{org_id,id}', 'SET NULL (issue_id)'),
    ('tasks', 'tasks_parent_fk', '{org_id,parent_id}', 'tasks', '{org_id,id}', 'CASCADE'),
    ('tasks', 'tasks_pr_fk', '{org_id,pr_id}', 'pull_requests', '{org_id,id}', 'SET NULL (pr_id)'),
    ('tasks', 'tasks_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('team_invitations', 'team_invitations_invited_by_fk', '{invited_by}', 'users', '{id}', 'CASCADE'),
    ('team_invitations', 'team_invitations_team_fk', '{org_id,team_id}', 'teams', '{org_id,id}', 'CASCADE'),
    ('team_members', 'team_members_team_fk', '{org_id,team_id}', 'teams', '{org_id,id}', 'CASCADE'),
    ('team_members', 'team_members_user_fk', '{user_id}', 'users', '{id}', 'CASCADE'),
    ('teams', 'teams_created_by_fk', '{created_by}', 'users', '{id}', 'RESTRICT'),
    ('teams', 'teams_org_fk', '{org_id}', 'organizations', '{id}', 'CASCADE'),
    ('telemetry', 'telemetry_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('test_results', 'test_results_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('usage_events', 'usage_events_agent_fk', '{agent_id}', 'agents', '{id}', 'SET NULL'),
    ('usage_events', 'usage_events_conversation_fk', '{org_id,conversation_id}', 'conversations', '{org_id,id}', 'SET NULL (conversation_id)'),
    ('usage_events', 'usage_events_message_fk', '{org_id,message_id}', 'messages', '{org_id,id}', 'SET NULL (message_id)'),
    ('usage_events', 'usage_events_org_fk', '{org_id}', 'organizations', '{id}', 'CASCADE'),
    ('usage_events', 'usage_events_price_fk', '{price_id}', 'model_prices', '{id}', 'NO ACTION'),
    ('usage_events', 'usage_events_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'SET NULL (project_id)'),
    ('usage_events', 'usage_events_run_fk', '{org_id,run_id}', 'agent_runs', '{org_id,id}', 'SET NULL (run_id)'),
    ('usage_events', 'usage_events_task_fk', '{org_id,task_id}', 'tasks', '{org_id,id}', 'SET NULL (task_id)'),
    ('usage_events', 'usage_events_user_fk', '{user_id}', 'users', '{id}', 'SET NULL'),
    ('usage_rollups', 'usage_rollups_org_fk', '{org_id}', 'organizations', '{id}', 'CASCADE'),
    ('user_behavior_patterns', 'user_behavior_patterns_user_fk', '{user_id}', 'users', '{id}', 'CASCADE'),
    ('user_rules', 'user_rules_user_fk', '{user_id}', 'users', '{id}', 'CASCADE'),
    ('user_sessions', 'user_sessions_user_fk', '{user_id}', 'users', '{id}', 'CASCADE'),
    ('validation_results', 'validation_results_event_fk', '{org_id,event_id}', 'governance_events', '{org_id,id}', 'CASCADE'),
    ('webhooks', 'webhooks_project_fk', '{org_id,project_id}', 'projects', '{org_id,id}', 'CASCADE'),
    ('workspaces', 'workspaces_created_by_fk', '{created_by}', 'users', '{id}', 'NO ACTION'),
    ('workspaces', 'workspaces_org_fk', '{org_id}', 'organizations', '{id}', 'CASCADE');

-- The tables of the unified schema (features may add bookkeeping tables of
-- their own; those are not this suite's business).
CREATE TEMP TABLE schema_tables ON COMMIT DROP AS
SELECT format('agentgov.%I', t)::regclass AS rel
  FROM unnest(ARRAY['agent_memory', 'agent_runs', 'agents', 'api_keys', 'artifact_tags', 'artifacts', 'audit_log',
                    'budget_limits', 'cascade_analyses', 'conflicts', 'conversation_participants', 'conversations',
                    'divergence_reports', 'evidence', 'gate_policies', 'generated_files', 'generated_projects',
                    'github_issues', 'governance_events', 'ideas', 'job_queue', 'knowledge_base_documents',
                    'maturity_tracking', 'messages', 'model_prices', 'notifications', 'organization_members',
                    'organizations', 'password_reset_requests', 'persona_activations', 'personas',
                    'phase_gate_decisions', 'project_shares', 'projects', 'pull_requests', 'quality_metrics',
                    'question_effectiveness', 'questions', 'refresh_tokens', 'run_logs', 'session_activities',
                    'specifications', 'tasks', 'team_invitations', 'team_members', 'teams', 'telemetry',
                    'test_results', 'usage_events', 'usage_rollups', 'user_behavior_patterns', 'user_rules',
                    'user_sessions', 'users', 'validation_results', 'webhooks', 'workspaces']) AS t;

-- The ON DELETE action of a foreign key as written in SQL.
CREATE FUNCTION pg_temp.on_delete(c pg_constraint) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'r' THEN 'RESTRICT'
                              WHEN 'a' THEN 'NO ACTION' WHEN 'd' THEN 'SET DEFAULT' END
           || coalesce(' (' || (SELECT string_agg(a.attname, ', ')
                                  FROM unnest(c.confdelsetcols) AS k(attnum)
                                  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) || ')', '')
$$;

CREATE FUNCTION pg_temp.columns_of(rel oid, keys int2[]) RETURNS name[] LANGUAGE sql STABLE AS $$
    SELECT array_agg(a.attname ORDER BY k.ord)
      FROM unnest(keys) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = rel AND a.attnum = k.attnum
$$;

-- CHECK tests: each names the constraint it expects to fire.
CREATE TEMP TABLE exercised (conname name) ON COMMIT DROP;
CREATE FUNCTION pg_temp.rejects(tbl text, con text, stmt text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO exercised VALUES (con);
    RETURN QUERY SELECT throws_ok(stmt, '23514',
        format('new row for relation "%s" violates check constraint "%s"', tbl, con),
        format('%s rejects: %s', con, stmt));
END
$$;

SELECT plan((SELECT count(*)::int FROM expected_fks) + 173);

-- ===========================================================================
-- 1. Foreign keys
-- ===========================================================================
SELECT ok(EXISTS (SELECT 1 FROM pg_constraint c
                   WHERE c.contype = 'f' AND c.conname = e.conname
                     AND c.conrelid = format('agentgov.%I', e.tbl)::regclass
                     AND c.confrelid = format('agentgov.%I', e.reftbl)::regclass
                     AND pg_temp.columns_of(c.conrelid, c.conkey) = e.cols
                     AND pg_temp.columns_of(c.confrelid, c.confkey) = e.refcols
                     AND pg_temp.on_delete(c) = e.on_delete),
          format('%s.%s (%s) -> %s (%s) ON DELETE %s', e.tbl, e.conname, array_to_string(e.cols, ', '),
                 e.reftbl, array_to_string(e.refcols, ', '), e.on_delete))
  FROM expected_fks e ORDER BY e.tbl, e.conname;
SELECT is_empty($$
    SELECT c.conrelid::regclass || ' ' || c.conname FROM pg_constraint c
     WHERE c.contype = 'f' AND c.conrelid IN (SELECT rel FROM schema_tables)
       AND NOT EXISTS (SELECT 1 FROM expected_fks e
                        WHERE e.conname = c.conname AND format('agentgov.%I', e.tbl)::regclass = c.conrelid)
$$, 'no foreign key of the schema''s tables beyond those listed');

-- ===========================================================================
-- 2. CHECK constraints, with the rules off
-- ===========================================================================
SET LOCAL session_replication_role = replica;

INSERT INTO agentgov.organizations (id, name, slug, max_agents_per_project) VALUES
    ('7a000000-0000-4000-8000-000000000001', 'Check Org', 'check-org', 1);
INSERT INTO agentgov.users (id, email, password_hash) VALUES
    ('7b000000-0000-4000-8000-000000000001', 'check@example.org', 'x');
INSERT INTO agentgov.workspaces (id, org_id, name, created_by) VALUES
    ('7c000000-0000-4000-8000-000000000001', '7a000000-0000-4000-8000-000000000001', 'Main', '7b000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.teams (id, org_id, name, created_by) VALUES
    ('7c000000-0000-4000-8000-000000000002', '7a000000-0000-4000-8000-000000000001', 'Team', '7b000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.team_invitations (id, org_id, team_id, invited_by, invited_email, role, token_sha256, expires_at) VALUES
    ('7c000000-0000-4000-8000-000000000003', '7a000000-0000-4000-8000-000000000001', '7c000000-0000-4000-8000-000000000002',
     '7b000000-0000-4000-8000-000000000001', 'new@example.org', 'developer', sha256('t1'), now());
INSERT INTO agentgov.user_sessions (id, user_id) VALUES
    ('7c000000-0000-4000-8000-000000000004', '7b000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.refresh_tokens (id, user_id, token_sha256, expires_at) VALUES
    ('7c000000-0000-4000-8000-000000000005', '7b000000-0000-4000-8000-000000000001', sha256('t2'), now());
INSERT INTO agentgov.password_reset_requests (id, user_id, token_sha256, expires_at) VALUES
    ('7c000000-0000-4000-8000-000000000006', '7b000000-0000-4000-8000-000000000001', sha256('t3'), now());
INSERT INTO agentgov.user_rules (id, user_id) VALUES
    ('7c000000-0000-4000-8000-000000000007', '7b000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('7d000000-0000-4000-8000-000000000001', '7a000000-0000-4000-8000-000000000001', 'Project');
INSERT INTO agentgov.agents (id, org_id, name, kind) VALUES
    ('7e000000-0000-4000-8000-000000000001', '7a000000-0000-4000-8000-000000000001', 'agent', 'coder');
INSERT INTO agentgov.conversations (id, org_id) VALUES
    ('7f000000-0000-4000-8000-000000000001', '7a000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.messages (id, org_id, conversation_id, author_type, content) VALUES
    ('7f000000-0000-4000-8000-000000000002', '7a000000-0000-4000-8000-000000000001',
     '7f000000-0000-4000-8000-000000000001', 'user', 'hello');
INSERT INTO agentgov.specifications (id, org_id, project_id, category, content, source) VALUES
    ('7f000000-0000-4000-8000-000000000003', '7a000000-0000-4000-8000-000000000001',
     '7d000000-0000-4000-8000-000000000001', 'goals', 'ship', 'user_input');
INSERT INTO agentgov.questions (id, org_id, project_id, idea_id, text) VALUES
    ('7f000000-0000-4000-8000-000000000004', '7a000000-0000-4000-8000-000000000001',
     '7d000000-0000-4000-8000-000000000001', '7f000000-0000-4000-8000-000000000099', 'why?');
INSERT INTO agentgov.conflicts (id, org_id, project_id, type, description, spec_ids, severity) VALUES
    ('7f000000-0000-4000-8000-000000000005', '7a000000-0000-4000-8000-000000000001',
     '7d000000-0000-4000-8000-000000000001', 'requirement', 'clash',
     ARRAY['7f000000-0000-4000-8000-000000000003']::uuid[], 'low');
INSERT INTO agentgov.github_issues (id, org_id, project_id, github_id, number, title) VALUES
    ('7f000000-0000-4000-8000-000000000006', '7a000000-0000-4000-8000-000000000001',
     '7d000000-0000-4000-8000-000000000001', 1, 1, 'Issue');
INSERT INTO agentgov.pull_requests (id, org_id, project_id, github_id, number, title, branch_from, branch_to) VALUES
    ('7f000000-0000-4000-8000-000000000007', '7a000000-0000-4000-8000-000000000001',
     '7d000000-0000-4000-8000-000000000001', 2, 2, 'PR', 'fix', 'main');
INSERT INTO agentgov.tasks (id, org_id, project_id, title) VALUES
    ('7f000000-0000-4000-8000-000000000008', '7a000000-0000-4000-8000-000000000001',
     '7d000000-0000-4000-8000-000000000001', 'Task');
INSERT INTO agentgov.job_queue (id, org_id, job_type, payload) VALUES
    ('7f000000-0000-4000-8000-000000000009', '7a000000-0000-4000-8000-000000000001', 'refine_idea', '{}');
INSERT INTO agentgov.webhooks (id, org_id, project_id, source, event_type, payload) VALUES
    ('7f000000-0000-4000-8000-00000000000a', '7a000000-0000-4000-8000-000000000001',
     '7d000000-0000-4000-8000-000000000001', 'github', 'push', '{}');
INSERT INTO agentgov.agent_memory (id, org_id, agent_id, category, key, value) VALUES
    ('7f000000-0000-4000-8000-00000000000b', '7a000000-0000-4000-8000-000000000001',
     '7e000000-0000-4000-8000-000000000001', 'facts', 'k', '1');
INSERT INTO agentgov.knowledge_base_documents (id, org_id, project_id, user_id, filename, file_size, content_type) VALUES
    ('7f000000-0000-4000-8000-00000000000c', '7a000000-0000-4000-8000-000000000001',
     '7d000000-0000-4000-8000-000000000001', '7b000000-0000-4000-8000-000000000001', 'a.md', 1, 'text/markdown');
INSERT INTO agentgov.user_behavior_patterns (id, user_id, pattern_type, pattern_data, confidence) VALUES
    ('7f000000-0000-4000-8000-00000000000d', '7b000000-0000-4000-8000-000000000001', 'style', '{}', 0.5);
INSERT INTO agentgov.question_effectiveness (id, user_id, question_template_id, role) VALUES
    ('7f000000-0000-4000-8000-00000000000e', '7b000000-0000-4000-8000-000000000001', 'q1', 'analyst');
INSERT INTO agentgov.personas (id, persona_name, persona_version, specialization) VALUES
    ('check_persona', 'Check', '1', 'checks');
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, version, created_by) VALUES
    ('70000000-0000-4000-8000-000000000001', '7a000000-0000-4000-8000-000000000001',
     '7d000000-0000-4000-8000-000000000001', 'PRD', 1, '7b000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.evidence (id, org_id, project_id, artifact_id, evidence_tier, source, confidence_score,
                               evidence_count, created_by) VALUES
    ('70000000-0000-4000-8000-000000000002', '7a000000-0000-4000-8000-000000000001',
     '7d000000-0000-4000-8000-000000000001', '70000000-0000-4000-8000-000000000001', 'E1', 'survey', 50, 10,
     '7b000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.generated_projects (id, org_id, project_id, generation_version, total_files, total_lines) VALUES
    ('70000000-0000-4000-8000-000000000003', '7a000000-0000-4000-8000-000000000001',
     '7d000000-0000-4000-8000-000000000001', 1, 1, 10);
INSERT INTO agentgov.generated_files (id, org_id, generated_project_id, file_path) VALUES
    ('70000000-0000-4000-8000-000000000004', '7a000000-0000-4000-8000-000000000001',
     '70000000-0000-4000-8000-000000000003', 'a.py');
INSERT INTO agentgov.gate_policies (id, org_id, phase, threshold) VALUES
    ('70000000-0000-4000-8000-000000000005', '7a000000-0000-4000-8000-000000000001', 'VRC', 70);
INSERT INTO agentgov.phase_gate_decisions (id, org_id, project_id, phase, score, target_threshold, decision,
                                           indicators, decided_by, rationale) VALUES
    ('70000000-0000-4000-8000-000000000006', '7a000000-0000-4000-8000-000000000001',
     '7d000000-0000-4000-8000-000000000001', 'VRC', 80, 76, 'PASS', '[]',
     '7b000000-0000-4000-8000-000000000001', 'ok');
INSERT INTO agentgov.maturity_tracking (id, org_id, project_id, category, score) VALUES
    ('70000000-0000-4000-8000-000000000007', '7a000000-0000-4000-8000-000000000001',
     '7d000000-0000-4000-8000-000000000001', 'goals', 50);
INSERT INTO agentgov.test_results (id, org_id, project_id, test_type, technology_stack, test_status) VALUES
    ('70000000-0000-4000-8000-000000000008', '7a000000-0000-4000-8000-000000000001',
     '7d000000-0000-4000-8000-000000000001', 'unit', '{}', 'pending');
INSERT INTO agentgov.divergence_reports (id, org_id, project_id, artifact_id, divergence_type, assumed_value,
                                         actual_value, assumption_evidence_tier, telemetry_evidence_tier,
                                         tier_delta, classification) VALUES
    ('70000000-0000-4000-8000-000000000009', '7a000000-0000-4000-8000-000000000001',
     '7d000000-0000-4000-8000-000000000001', '70000000-0000-4000-8000-000000000001', 'LATENCY_MISS',
     '200ms', '210ms', 'E3', 'E4', 1, 'COSMETIC');
INSERT INTO agentgov.cascade_analyses (id, org_id, divergence_id, affected_features, affected_code_modules,
                                       reexecution_scope_days, full_redesign_days, recommendation) VALUES
    ('70000000-0000-4000-8000-00000000000a', '7a000000-0000-4000-8000-000000000001',
     '70000000-0000-4000-8000-000000000009', '[]', '[]', 2, 14, 'SKIP');
INSERT INTO agentgov.agent_runs (id, org_id, agent_type) VALUES
    ('71000000-0000-4000-8000-000000000001', '7a000000-0000-4000-8000-000000000001', 'checker');
INSERT INTO agentgov.persona_activations (id, org_id, run_id, persona_id) VALUES
    ('71000000-0000-4000-8000-000000000002', '7a000000-0000-4000-8000-000000000001',
     '71000000-0000-4000-8000-000000000001', 'check_persona');
INSERT INTO agentgov.validation_results (id, org_id, event_id, validator, passed) VALUES
    ('71000000-0000-4000-8000-000000000003', '7a000000-0000-4000-8000-000000000001',
     '71000000-0000-4000-8000-000000000099', 'check', true);
INSERT INTO agentgov.model_prices (id, provider, model, input_usd_per_mtok, output_usd_per_mtok) VALUES
    ('71000000-0000-4000-8000-000000000004', 'anthropic', 'check-model', 1, 2);
INSERT INTO agentgov.usage_events (id, org_id, model) VALUES
    ('71000000-0000-4000-8000-000000000005', '7a000000-0000-4000-8000-000000000001', 'check-model');
INSERT INTO agentgov.usage_rollups (id, org_id, bucket_date, model) VALUES
    ('71000000-0000-4000-8000-000000000006', '7a000000-0000-4000-8000-000000000001', '2026-01-01', 'check-model');
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, amount_usd, period) VALUES
    ('71000000-0000-4000-8000-000000000007', '7a000000-0000-4000-8000-000000000001', 'all', 'global', 10, 'daily');
INSERT INTO agentgov.audit_log (action) VALUES ('check.fixture');

-- ---- Tenancy and identity ----
SELECT pg_temp.rejects('organizations', 'organizations_name_length', $$UPDATE agentgov.organizations SET name = 'Ab' WHERE slug = 'check-org'$$);
SELECT throws_ok($$UPDATE agentgov.organizations SET name = repeat('n', 101) WHERE slug = 'check-org'$$, '22001',
                 'value too long for type character varying(100)', 'an organization name of 101 characters is too long');
SELECT pg_temp.rejects('organizations', 'organizations_slug_format', $$UPDATE agentgov.organizations SET slug = 'Check Org' WHERE slug = 'check-org'$$);
SELECT pg_temp.rejects('organizations', 'organizations_slug_format', $$UPDATE agentgov.organizations SET slug = 'check_org' WHERE slug = 'check-org'$$);
SELECT pg_temp.rejects('organizations', 'organizations_max_projects_range', $$UPDATE agentgov.organizations SET max_projects = -1 WHERE slug = 'check-org'$$);
SELECT pg_temp.rejects('organizations', 'organizations_max_agents_range', $$UPDATE agentgov.organizations SET max_agents_per_project = -1 WHERE slug = 'check-org'$$);
SELECT pg_temp.rejects('users', 'users_email_format', $$INSERT INTO agentgov.users (email, password_hash) VALUES ('not-an-email', 'x')$$);
SELECT pg_temp.rejects('users', 'users_email_format', $$INSERT INTO agentgov.users (email, password_hash) VALUES ('bob@example', 'x')$$);
SELECT pg_temp.rejects('users', 'users_email_lowercase', $$INSERT INTO agentgov.users (email, password_hash) VALUES ('Bob@Example.org', 'x')$$);
SELECT pg_temp.rejects('users', 'users_username_length', $$UPDATE agentgov.users SET username = '' WHERE email = 'check@example.org'$$);
SELECT pg_temp.rejects('users', 'users_local_password', $$INSERT INTO agentgov.users (email, auth_provider) VALUES ('nopass@example.org', 'local')$$);
SELECT pg_temp.rejects('users', 'users_external_id', $$INSERT INTO agentgov.users (email, auth_provider) VALUES ('ext@example.org', 'github')$$);
SELECT pg_temp.rejects('users', 'users_totp_needs_secret', $$UPDATE agentgov.users SET is_2fa_enabled = true WHERE email = 'check@example.org'$$);
SELECT pg_temp.rejects('users', 'users_version_positive', $$UPDATE agentgov.users SET version = 0 WHERE email = 'check@example.org'$$);
SELECT pg_temp.rejects('workspaces', 'workspaces_name_length', $$UPDATE agentgov.workspaces SET name = 'ab'$$);
SELECT throws_ok($$UPDATE agentgov.workspaces SET name = repeat('w', 51)$$, '22001',
                 'value too long for type character varying(50)', 'a workspace name of 51 characters is too long');
SELECT pg_temp.rejects('teams', 'teams_name_length', $$UPDATE agentgov.teams SET name = ''$$);
SELECT pg_temp.rejects('team_invitations', 'team_invitations_role_valid', $$UPDATE agentgov.team_invitations SET role = 'owner'$$);
SELECT pg_temp.rejects('team_invitations', 'team_invitations_email_format', $$UPDATE agentgov.team_invitations SET invited_email = 'New@Example.org'$$);
SELECT pg_temp.rejects('team_invitations', 'team_invitations_email_format', $$UPDATE agentgov.team_invitations SET invited_email = 'new at example.org'$$);
SELECT pg_temp.rejects('team_invitations', 'team_invitations_token_digest', $$UPDATE agentgov.team_invitations SET token_sha256 = 'plain-token'::bytea$$);
SELECT pg_temp.rejects('team_invitations', 'team_invitations_accepted_at', $$UPDATE agentgov.team_invitations SET accepted_at = now()$$);
SELECT pg_temp.rejects('user_sessions', 'user_sessions_token_digest', $$UPDATE agentgov.user_sessions SET token_sha256 = '\x00'$$);
SELECT pg_temp.rejects('user_sessions', 'user_sessions_ended_after_start', $$UPDATE agentgov.user_sessions SET ended_at = started_at - interval '1 second'$$);
SELECT pg_temp.rejects('refresh_tokens', 'refresh_tokens_token_digest', $$UPDATE agentgov.refresh_tokens SET token_sha256 = 'plain'::bytea$$);
SELECT pg_temp.rejects('refresh_tokens', 'refresh_tokens_revoked_at', $$UPDATE agentgov.refresh_tokens SET revoked_at = now()$$);
SELECT pg_temp.rejects('password_reset_requests', 'password_reset_requests_token_digest', $$UPDATE agentgov.password_reset_requests SET token_sha256 = 'plain'::bytea$$);
SELECT pg_temp.rejects('password_reset_requests', 'password_reset_requests_used_at', $$UPDATE agentgov.password_reset_requests SET used_at = now()$$);
SELECT pg_temp.rejects('user_rules', 'user_rules_rules_object', $$UPDATE agentgov.user_rules SET rules = '[]'$$);
-- api_keys_key_encrypted raises its own message (the column and a hint).
INSERT INTO exercised VALUES ('api_keys_key_encrypted');
SELECT throws_ok($$INSERT INTO agentgov.api_keys (user_id, provider, api_key_encrypted)
                   SELECT id, 'claude', 'sk-ant-plain'::bytea FROM agentgov.users LIMIT 1$$, '23514',
                 'api_keys.api_key_encrypted must hold a ciphertext of agentgov.encrypt_secret()',
                 'api_keys_key_encrypted rejects a plain API key');

-- ---- Projects and collaboration ----
SELECT pg_temp.rejects('projects', 'projects_name_length', $$UPDATE agentgov.projects SET name = 'ab'$$);
SELECT throws_ok($$UPDATE agentgov.projects SET name = repeat('p', 256)$$, '22001',
                 'value too long for type character varying(255)', 'a project name of 256 characters is too long');
SELECT pg_temp.rejects('projects', 'projects_problem_statement_length', $$UPDATE agentgov.projects SET problem_statement = 'too short'$$);
SELECT pg_temp.rejects('projects', 'projects_maturity_range', $$UPDATE agentgov.projects SET maturity_score = 101$$);
SELECT pg_temp.rejects('projects', 'projects_maturity_range', $$UPDATE agentgov.projects SET maturity_score = -1$$);
SELECT pg_temp.rejects('projects', 'projects_config_object', $$UPDATE agentgov.projects SET config = '"x"'$$);
SELECT pg_temp.rejects('agents', 'agents_project_needs_org', $$INSERT INTO agentgov.agents (name, kind, project_id) VALUES ('orphan', 'coder', '7d000000-0000-4000-8000-000000000001')$$);
SELECT pg_temp.rejects('agents', 'agents_catalog_no_range', $$UPDATE agentgov.agents SET catalog_no = 27$$);
SELECT pg_temp.rejects('agents', 'agents_catalog_no_range', $$UPDATE agentgov.agents SET catalog_no = 0$$);
SELECT pg_temp.rejects('agents', 'agents_name_length', $$UPDATE agentgov.agents SET name = ''$$);
SELECT pg_temp.rejects('agents', 'agents_tools_array', $$UPDATE agentgov.agents SET tools = '{}'$$);
SELECT pg_temp.rejects('agents', 'agents_avg_tokens_nonnegative', $$UPDATE agentgov.agents SET avg_tokens_input = -1$$);
SELECT pg_temp.rejects('agents', 'agents_cost_nonnegative', $$UPDATE agentgov.agents SET cost_per_execution_usd = -0.0001$$);
SELECT pg_temp.rejects('personas', 'personas_priority_valid', $$UPDATE agentgov.personas SET priority_level = 0$$);
SELECT pg_temp.rejects('personas', 'personas_priority_valid', $$UPDATE agentgov.personas SET priority_level = 11$$);
SELECT pg_temp.rejects('conversations', 'conversations_ended_after_start', $$UPDATE agentgov.conversations SET ended_at = started_at - interval '1 minute'$$);
SELECT pg_temp.rejects('messages', 'messages_tokens_nonnegative', $$UPDATE agentgov.messages SET tokens_out = -1$$);
SELECT pg_temp.rejects('messages', 'messages_cost_nonnegative', $$UPDATE agentgov.messages SET cost_usd = -0.000001$$);
SELECT pg_temp.rejects('specifications', 'specifications_confidence_range', $$UPDATE agentgov.specifications SET confidence = 1.5$$);
SELECT pg_temp.rejects('specifications', 'specifications_confidence_range', $$UPDATE agentgov.specifications SET confidence = -0.01$$);
SELECT pg_temp.rejects('specifications', 'specifications_current_not_superseded', $$UPDATE agentgov.specifications SET superseded_at = now()$$);
SELECT pg_temp.rejects('questions', 'questions_origin', $$UPDATE agentgov.questions SET idea_id = NULL$$);
SELECT pg_temp.rejects('questions', 'questions_quality_score_valid', $$UPDATE agentgov.questions SET quality_score = 1.5$$);
SELECT pg_temp.rejects('questions', 'questions_answered_has_answer', $$UPDATE agentgov.questions SET status = 'answered'$$);
SELECT pg_temp.rejects('conflicts', 'conflicts_spec_ids_nonempty', $$UPDATE agentgov.conflicts SET spec_ids = '{}'$$);
SELECT pg_temp.rejects('github_issues', 'github_issues_number_positive', $$UPDATE agentgov.github_issues SET number = 0$$);
SELECT pg_temp.rejects('github_issues', 'github_issues_labels_array', $$UPDATE agentgov.github_issues SET labels = '"bug"'$$);
SELECT pg_temp.rejects('pull_requests', 'pull_requests_number_positive', $$UPDATE agentgov.pull_requests SET number = -7$$);
SELECT pg_temp.rejects('tasks', 'tasks_not_own_parent', $$UPDATE agentgov.tasks SET parent_id = id$$);
SELECT pg_temp.rejects('tasks', 'tasks_title_length', $$UPDATE agentgov.tasks SET title = ''$$);
SELECT pg_temp.rejects('tasks', 'tasks_title_length', $$UPDATE agentgov.tasks SET title = repeat('t', 301)$$);
SELECT pg_temp.rejects('tasks', 'tasks_totals_nonnegative', $$UPDATE agentgov.tasks SET total_cost_usd = -1$$);
SELECT pg_temp.rejects('job_queue', 'job_queue_attempts_range', $$UPDATE agentgov.job_queue SET attempts = -1$$);
SELECT pg_temp.rejects('webhooks', 'webhooks_retries_range', $$UPDATE agentgov.webhooks SET retry_count = -1$$);
SELECT pg_temp.rejects('agent_memory', 'agent_memory_importance_range', $$UPDATE agentgov.agent_memory SET importance = 0$$);
SELECT pg_temp.rejects('agent_memory', 'agent_memory_importance_range', $$UPDATE agentgov.agent_memory SET importance = 11$$);
SELECT pg_temp.rejects('knowledge_base_documents', 'knowledge_base_documents_file_size', $$UPDATE agentgov.knowledge_base_documents SET file_size = -1$$);
SELECT pg_temp.rejects('knowledge_base_documents', 'knowledge_base_documents_embedding_dims', $$UPDATE agentgov.knowledge_base_documents SET embedding = array_fill(0.5::real, ARRAY[383])$$);
SELECT pg_temp.rejects('knowledge_base_documents', 'knowledge_base_documents_embedding_dims', $$UPDATE agentgov.knowledge_base_documents SET embedding = array_fill(0.5::real, ARRAY[2, 192])$$);
SELECT pg_temp.rejects('user_behavior_patterns', 'user_behavior_patterns_confidence_range', $$UPDATE agentgov.user_behavior_patterns SET confidence = 1.5$$);
SELECT pg_temp.rejects('question_effectiveness', 'question_effectiveness_score_range', $$UPDATE agentgov.question_effectiveness SET effectiveness_score = 1.01$$);
SELECT pg_temp.rejects('question_effectiveness', 'question_effectiveness_counts', $$UPDATE agentgov.question_effectiveness SET times_asked = 1, times_answered_well = 2$$);

-- ---- Artifacts, evidence, gates, quality ----
SELECT pg_temp.rejects('artifacts', 'artifacts_version_positive', $$UPDATE agentgov.artifacts SET version = 0$$);
SELECT pg_temp.rejects('artifacts', 'artifacts_content_sha256_length', $$UPDATE agentgov.artifacts SET content_sha256 = '\x0102'$$);
SELECT pg_temp.rejects('evidence', 'evidence_confidence_range', $$UPDATE agentgov.evidence SET confidence_score = 101$$);
SELECT pg_temp.rejects('evidence', 'evidence_count_nonnegative', $$UPDATE agentgov.evidence SET evidence_count = -1$$);
SELECT pg_temp.rejects('generated_projects', 'generated_projects_version_positive', $$UPDATE agentgov.generated_projects SET generation_version = 0$$);
SELECT pg_temp.rejects('generated_projects', 'generated_projects_totals', $$UPDATE agentgov.generated_projects SET total_lines = -1$$);
SELECT pg_temp.rejects('generated_projects', 'generated_projects_coverage_range', $$UPDATE agentgov.generated_projects SET test_coverage = 100.01$$);
SELECT pg_temp.rejects('generated_projects', 'generated_projects_scores_range', $$UPDATE agentgov.generated_projects SET quality_score = 101$$);
SELECT pg_temp.rejects('generated_projects', 'generated_projects_scores_range', $$UPDATE agentgov.generated_projects SET traceability_score = -1$$);
SELECT pg_temp.rejects('generated_files', 'generated_files_size_nonnegative', $$UPDATE agentgov.generated_files SET file_size = -1$$);
SELECT pg_temp.rejects('gate_policies', 'gate_policies_threshold_range', $$UPDATE agentgov.gate_policies SET threshold = 101 WHERE org_id IS NOT NULL$$);
SELECT pg_temp.rejects('gate_policies', 'gate_policies_margin_range', $$UPDATE agentgov.gate_policies SET conditional_margin = -1 WHERE org_id IS NOT NULL$$);
SELECT pg_temp.rejects('phase_gate_decisions', 'phase_gate_decisions_score_range', $$UPDATE agentgov.phase_gate_decisions SET score = 101$$);
SELECT pg_temp.rejects('phase_gate_decisions', 'phase_gate_decisions_threshold_range', $$UPDATE agentgov.phase_gate_decisions SET target_threshold = -1$$);
SELECT pg_temp.rejects('phase_gate_decisions', 'phase_gate_decisions_indicators_array', $$UPDATE agentgov.phase_gate_decisions SET indicators = '{"score": 80}'$$);
SELECT pg_temp.rejects('phase_gate_decisions', 'phase_gate_decisions_override_complete', $$UPDATE agentgov.phase_gate_decisions SET override_by = decided_by$$);
SELECT pg_temp.rejects('maturity_tracking', 'maturity_tracking_score_range', $$UPDATE agentgov.maturity_tracking SET score = 101$$);
SELECT pg_temp.rejects('test_results', 'test_results_completed_after_start', $$UPDATE agentgov.test_results SET completed_at = started_at - interval '1 second'$$);
SELECT pg_temp.rejects('divergence_reports', 'divergence_reports_tier_delta_range', $$UPDATE agentgov.divergence_reports SET tier_delta = 5$$);
SELECT pg_temp.rejects('divergence_reports', 'divergence_reports_tier_delta_range', $$UPDATE agentgov.divergence_reports SET tier_delta = -1$$);
SELECT pg_temp.rejects('cascade_analyses', 'cascade_analyses_features_array', $$UPDATE agentgov.cascade_analyses SET affected_features = '"F12"'$$);
SELECT pg_temp.rejects('cascade_analyses', 'cascade_analyses_modules_array', $$UPDATE agentgov.cascade_analyses SET affected_code_modules = '{}'$$);
SELECT pg_temp.rejects('cascade_analyses', 'cascade_analyses_reexecution_range', $$UPDATE agentgov.cascade_analyses SET reexecution_scope_days = 8$$);
SELECT pg_temp.rejects('cascade_analyses', 'cascade_analyses_redesign_range', $$UPDATE agentgov.cascade_analyses SET full_redesign_days = 13$$);

-- ---- Runs, governance, usage, audit ----
SELECT pg_temp.rejects('agent_runs', 'agent_runs_agent_or_type', $$UPDATE agentgov.agent_runs SET agent_type = NULL$$);
SELECT pg_temp.rejects('agent_runs', 'agent_runs_tokens_nonnegative', $$UPDATE agentgov.agent_runs SET tokens_in = -1$$);
SELECT pg_temp.rejects('agent_runs', 'agent_sessions_cost_valid', $$UPDATE agentgov.agent_runs SET estimated_cost = -1$$);
SELECT pg_temp.rejects('agent_runs', 'agent_runs_retries_range', $$UPDATE agentgov.agent_runs SET max_retries = -1$$);
SELECT pg_temp.rejects('agent_runs', 'agent_runs_version_positive', $$UPDATE agentgov.agent_runs SET version = 0$$);
SELECT pg_temp.rejects('persona_activations', 'persona_activations_window', $$UPDATE agentgov.persona_activations SET deactivated_at = activated_at - interval '1 second'$$);
SELECT pg_temp.rejects('validation_results', 'validation_results_score_range', $$UPDATE agentgov.validation_results SET score = 100.5$$);
SELECT pg_temp.rejects('model_prices', 'model_prices_nonnegative', $$UPDATE agentgov.model_prices SET output_usd_per_mtok = -1$$);
SELECT pg_temp.rejects('model_prices', 'model_prices_period', $$UPDATE agentgov.model_prices SET effective_to = effective_from$$);
SELECT pg_temp.rejects('usage_events', 'usage_events_tokens_nonnegative', $$UPDATE agentgov.usage_events SET tokens_in = -1$$);
SELECT pg_temp.rejects('usage_events', 'usage_events_cost_nonnegative', $$UPDATE agentgov.usage_events SET cost_usd = -0.01$$);
SELECT pg_temp.rejects('usage_events', 'usage_events_latency_nonnegative', $$UPDATE agentgov.usage_events SET latency_ms = -1$$);
SELECT pg_temp.rejects('usage_rollups', 'usage_rollups_counts_nonnegative', $$UPDATE agentgov.usage_rollups SET unpriced_events = 1$$);
SELECT pg_temp.rejects('budget_limits', 'budget_limits_amount_positive', $$UPDATE agentgov.budget_limits SET amount_usd = 0$$);
SELECT pg_temp.rejects('budget_limits', 'budget_limits_alert_threshold_range', $$UPDATE agentgov.budget_limits SET alert_threshold = 0$$);
SELECT pg_temp.rejects('budget_limits', 'budget_limits_alert_threshold_range', $$UPDATE agentgov.budget_limits SET alert_threshold = 1.01$$);
SELECT pg_temp.rejects('budget_limits', 'budget_limits_scope_valid', $$UPDATE agentgov.budget_limits SET scope_id = gen_random_uuid()$$);
SELECT pg_temp.rejects('budget_limits', 'budget_limits_scope_valid', $$UPDATE agentgov.budget_limits SET scope_type = 'project'$$);
SELECT pg_temp.rejects('budget_limits', 'budget_limits_scope_valid', $$UPDATE agentgov.budget_limits SET scope_type = 'agent_type'$$);
SELECT pg_temp.rejects('audit_log', 'audit_log_action_nonempty', $$INSERT INTO agentgov.audit_log (action) VALUES ('')$$);
SELECT pg_temp.rejects('audit_log', 'audit_log_hash_length', $$INSERT INTO agentgov.audit_log (action, row_hash) VALUES ('x', '\x00')$$);

-- ---- The boundaries are accepted ----
SELECT lives_ok($$UPDATE agentgov.organizations SET name = 'Abc', slug = 'a-1' WHERE slug = 'check-org'$$, 'organization name of 3 characters, slug a-1');
SELECT lives_ok($$UPDATE agentgov.organizations SET name = repeat('n', 100), slug = 'check-org' WHERE slug = 'a-1'$$, 'organization name of 100 characters');
SELECT lives_ok($$INSERT INTO agentgov.users (email, password_hash) VALUES ('first.last+tag@mail.example.io', 'x')$$, 'an email with dots, plus and subdomains');
SELECT lives_ok($$UPDATE agentgov.projects SET maturity_score = 0$$, 'maturity 0');
SELECT lives_ok($$UPDATE agentgov.projects SET maturity_score = 100, name = repeat('p', 255), problem_statement = repeat('s', 10)$$, 'maturity 100, name of 255, problem statement of 10');
SELECT lives_ok($$UPDATE agentgov.specifications SET confidence = 0.00$$, 'confidence 0.00');
SELECT lives_ok($$UPDATE agentgov.specifications SET confidence = 1.00$$, 'confidence 1.00');
SELECT lives_ok($$UPDATE agentgov.evidence SET confidence_score = 100$$, 'evidence confidence 100');
SELECT lives_ok($$UPDATE agentgov.agent_memory SET importance = 1$$, 'importance 1');
SELECT lives_ok($$UPDATE agentgov.agent_memory SET importance = 10$$, 'importance 10');
SELECT lives_ok($$UPDATE agentgov.budget_limits SET alert_threshold = 1.00$$, 'alert threshold 1.00');
SELECT lives_ok($$UPDATE agentgov.budget_limits SET alert_threshold = 0.01$$, 'alert threshold 0.01');
SELECT lives_ok($$UPDATE agentgov.personas SET priority_level = 10$$, 'persona priority 10');
SELECT lives_ok($$UPDATE agentgov.phase_gate_decisions SET score = 100, target_threshold = 0$$, 'gate score 100, threshold 0');
SELECT lives_ok($$UPDATE agentgov.divergence_reports SET tier_delta = 4$$, 'tier delta 4');
SELECT lives_ok($$UPDATE agentgov.cascade_analyses SET reexecution_scope_days = 7, full_redesign_days = 21$$, 'cascade estimates 7 and 21 days');
SELECT lives_ok($$UPDATE agentgov.agents SET catalog_no = 26$$, 'catalogue number 26');
SELECT lives_ok($$UPDATE agentgov.knowledge_base_documents SET embedding = array_fill(0.5::real, ARRAY[384])$$, 'an embedding of 384 dimensions');
SELECT lives_ok($$UPDATE agentgov.generated_projects SET test_coverage = 100, quality_score = 0, traceability_score = 100$$, 'coverage 100, scores 0 and 100');
SELECT lives_ok($$UPDATE agentgov.question_effectiveness SET times_asked = 2, times_answered_well = 2, effectiveness_score = 1$$, 'answered well every time');
SELECT lives_ok($$UPDATE agentgov.budget_limits SET scope_type = 'agent_type', scope_agent_type = 'coder'$$, 'an agent_type budget names a type, no id');
SELECT lives_ok($$UPDATE agentgov.phase_gate_decisions SET override_by = decided_by, override_reason = 'board call', override_at = now()$$, 'an override with its reason and time');

-- ---- Closed vocabularies are enum types: unknown values are refused ----
SELECT throws_ok($$UPDATE agentgov.tasks SET status = 'doing'$$, '22P02',
                 'invalid input value for enum agentgov.task_status: "doing"', 'unknown task status');
SELECT throws_ok($$UPDATE agentgov.agent_runs SET status = 'success'$$, '22P02',
                 'invalid input value for enum agentgov.agent_run_status: "success"', 'the platform''s SUCCESS is stored as completed');
SELECT throws_ok($$UPDATE agentgov.artifacts SET status = 'draft'$$, '22P02',
                 'invalid input value for enum agentgov.artifact_status: "draft"', 'platform vocabularies are upper case');
SELECT throws_ok($$UPDATE agentgov.conflicts SET severity = 'urgent'$$, '22P02',
                 'invalid input value for enum agentgov.conflict_severity: "urgent"', 'unknown conflict severity');
SELECT throws_ok($$UPDATE agentgov.conflicts SET status = 'closed'$$, '22P02',
                 'invalid input value for enum agentgov.conflict_status: "closed"', 'unknown conflict status');
SELECT throws_ok($$UPDATE agentgov.agents SET kind = 'robot'$$, '22P02',
                 'invalid input value for enum agentgov.agent_kind: "robot"', 'unknown agent kind');
SELECT throws_ok($$UPDATE agentgov.job_queue SET status = 'queued'$$, '22P02',
                 'invalid input value for enum agentgov.job_status: "queued"', 'unknown job status');
SELECT throws_ok($$INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES ('7a000000-0000-4000-8000-000000000001', '7b000000-0000-4000-8000-000000000001', 'OWNER')$$, '22P02',
                 'invalid input value for enum agentgov.user_role: "OWNER"', 'unknown organization role');
SELECT throws_ok($$UPDATE agentgov.governance_events SET framework = 'vibes'$$, '22P02',
                 'invalid input value for enum agentgov.governance_framework: "vibes"', 'unknown governance framework');
SELECT throws_ok($$UPDATE agentgov.budget_limits SET period = 'yearly'$$, '22P02',
                 'invalid input value for enum agentgov.aggregation_period: "yearly"', 'unknown budget period');

-- A unique index holds whatever the triggers do.
SELECT throws_ok($$INSERT INTO agentgov.artifacts (org_id, project_id, type, version, created_by) VALUES
                     ('7a000000-0000-4000-8000-000000000001', '7d000000-0000-4000-8000-000000000001', 'PRD', 1,
                      '7b000000-0000-4000-8000-000000000001')$$, '23505',
                 'duplicate key value violates unique constraint "artifacts_version_key"',
                 'an artifact version is unique per project and type');

-- Every CHECK constraint of the schema was made to fire above.
SELECT set_eq($$SELECT DISTINCT conname::text FROM exercised$$,
              $$SELECT conname::text FROM pg_constraint
                 WHERE contype = 'c' AND conrelid IN (SELECT rel FROM schema_tables)$$,
              'every CHECK constraint is exercised');

-- ===========================================================================
-- 3. Unique constraints and tenant scope, with the rules on
-- ===========================================================================
SET LOCAL session_replication_role = origin;

INSERT INTO agentgov.organizations (id, name, slug) VALUES
    ('7a000000-0000-4000-8000-0000000000a0', 'Tenant A', 'tenant-a'),
    ('7a000000-0000-4000-8000-0000000000b0', 'Tenant B', 'tenant-b');
INSERT INTO agentgov.users (id, email, username, password_hash) VALUES
    ('7b000000-0000-4000-8000-0000000000a1', 'ann@tenant-a.example', 'ann', 'x'),
    ('7b000000-0000-4000-8000-0000000000b1', 'ben@tenant-b.example', 'ben', 'x');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('7a000000-0000-4000-8000-0000000000a0', '7b000000-0000-4000-8000-0000000000a1', 'ADMIN'),
    ('7a000000-0000-4000-8000-0000000000b0', '7b000000-0000-4000-8000-0000000000b1', 'ADMIN');
INSERT INTO agentgov.workspaces (id, org_id, name, created_by) VALUES
    ('7c000000-0000-4000-8000-0000000000a2', '7a000000-0000-4000-8000-0000000000a0', 'A space', '7b000000-0000-4000-8000-0000000000a1');
INSERT INTO agentgov.teams (id, org_id, name, created_by) VALUES
    ('7c000000-0000-4000-8000-0000000000a3', '7a000000-0000-4000-8000-0000000000a0', 'A team', '7b000000-0000-4000-8000-0000000000a1');
INSERT INTO agentgov.projects (id, org_id, name, created_by) VALUES
    ('7d000000-0000-4000-8000-0000000000a4', '7a000000-0000-4000-8000-0000000000a0', 'A project', '7b000000-0000-4000-8000-0000000000a1'),
    ('7d000000-0000-4000-8000-0000000000b4', '7a000000-0000-4000-8000-0000000000b0', 'B project', '7b000000-0000-4000-8000-0000000000b1');
INSERT INTO agentgov.agents (id, org_id, name, kind) VALUES
    ('7e000000-0000-4000-8000-0000000000a5', '7a000000-0000-4000-8000-0000000000a0', 'a-coder', 'coder');
INSERT INTO agentgov.agents (id, name, kind, catalog_no) VALUES
    ('7e000000-0000-4000-8000-0000000000c5', 'Catalogue Reviewer', 'VALIDATOR', 3);
INSERT INTO agentgov.conversations (id, org_id, project_id) VALUES
    ('7f000000-0000-4000-8000-0000000000a6', '7a000000-0000-4000-8000-0000000000a0', '7d000000-0000-4000-8000-0000000000a4'),
    ('7f000000-0000-4000-8000-0000000000b6', '7a000000-0000-4000-8000-0000000000b0', '7d000000-0000-4000-8000-0000000000b4');
INSERT INTO agentgov.messages (id, org_id, conversation_id, author_type, content) VALUES
    ('7f000000-0000-4000-8000-0000000000a7', '7a000000-0000-4000-8000-0000000000a0',
     '7f000000-0000-4000-8000-0000000000a6', 'user', 'question in A');
INSERT INTO agentgov.tasks (id, org_id, project_id, title) VALUES
    ('7f000000-0000-4000-8000-0000000000a8', '7a000000-0000-4000-8000-0000000000a0', '7d000000-0000-4000-8000-0000000000a4', 'A ticket');
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, version, created_by) VALUES
    ('70000000-0000-4000-8000-0000000000a9', '7a000000-0000-4000-8000-0000000000a0',
     '7d000000-0000-4000-8000-0000000000a4', 'PRD', 1, '7b000000-0000-4000-8000-0000000000a1');
INSERT INTO agentgov.agent_runs (id, org_id, project_id, agent_id, status) VALUES
    ('71000000-0000-4000-8000-0000000000aa', '7a000000-0000-4000-8000-0000000000a0',
     '7d000000-0000-4000-8000-0000000000a4', '7e000000-0000-4000-8000-0000000000a5', 'queued');
INSERT INTO agentgov.github_issues (id, org_id, project_id, github_id, number, title) VALUES
    ('7f000000-0000-4000-8000-0000000000ab', '7a000000-0000-4000-8000-0000000000a0',
     '7d000000-0000-4000-8000-0000000000a4', 4242, 1, 'A issue');
INSERT INTO agentgov.agent_memory (org_id, agent_id, category, key, value) VALUES
    ('7a000000-0000-4000-8000-0000000000a0', '7e000000-0000-4000-8000-0000000000a5', 'conventions', 'style', '"pep8"');

-- ---- Unique constraints ----
SELECT throws_ok($$INSERT INTO agentgov.users (email, password_hash) VALUES ('ann@tenant-a.example', 'x')$$, '23505',
                 'duplicate key value violates unique constraint "users_email_unique"', 'an email is unique');
SELECT throws_ok($$INSERT INTO agentgov.users (email, username, password_hash) VALUES ('ann2@tenant-a.example', 'ann', 'x')$$, '23505',
                 'duplicate key value violates unique constraint "users_username_unique"', 'a username is unique');
SELECT throws_ok($$INSERT INTO agentgov.organizations (name, slug) VALUES ('Tenant A again', 'tenant-a')$$, '23505',
                 'duplicate key value violates unique constraint "organizations_slug_key"', 'a slug is unique');
SELECT throws_ok($$INSERT INTO agentgov.github_issues (org_id, project_id, github_id, number, title) VALUES
                     ('7a000000-0000-4000-8000-0000000000a0', '7d000000-0000-4000-8000-0000000000a4', 4242, 2, 'dup')$$, '23505',
                 'duplicate key value violates unique constraint "github_issues_github_id_key"', 'a GitHub id is unique in its organization');
SELECT lives_ok($$INSERT INTO agentgov.github_issues (org_id, project_id, github_id, number, title) VALUES
                    ('7a000000-0000-4000-8000-0000000000b0', '7d000000-0000-4000-8000-0000000000b4', 4242, 1, 'same id, other tenant')$$,
                'another organization may track the same GitHub issue');
SELECT throws_ok($$INSERT INTO agentgov.github_issues (org_id, project_id, github_id, number, title) VALUES
                     ('7a000000-0000-4000-8000-0000000000a0', '7d000000-0000-4000-8000-0000000000a4', 4243, 1, 'dup number')$$, '23505',
                 'duplicate key value violates unique constraint "github_issues_project_number_key"', 'an issue number is unique in its project');
SELECT throws_ok($$INSERT INTO agentgov.agent_memory (org_id, agent_id, category, key, value) VALUES
                     ('7a000000-0000-4000-8000-0000000000a0', '7e000000-0000-4000-8000-0000000000a5', 'conventions', 'style', '"black"')$$, '23505',
                 'duplicate key value violates unique constraint "agent_memory_key_unique"', 'an agent''s memory key is unique, also without a project');
SELECT throws_ok($$INSERT INTO agentgov.gate_policies (phase, threshold) VALUES ('VRC', 50)$$, '23505',
                 'duplicate key value violates unique constraint "gate_policies_org_phase_key"', 'one default policy per gate');
SELECT throws_ok($$INSERT INTO agentgov.agents (name, kind) VALUES ('Catalogue Reviewer', 'ANALYZER')$$, '23505',
                 'duplicate key value violates unique constraint "agents_name_scope_unique"', 'catalogue agent names are unique');
SELECT throws_ok($$INSERT INTO agentgov.agents (name, kind, catalog_no) VALUES ('Another Reviewer', 'VALIDATOR', 3)$$, '23505',
                 'duplicate key value violates unique constraint "idx_agents_catalog_no"', 'catalogue numbers are unique');

-- ---- A composite foreign key never points into another tenant ----
SELECT throws_ok($$INSERT INTO agentgov.tasks (org_id, project_id, title) VALUES
                     ('7a000000-0000-4000-8000-0000000000b0', '7d000000-0000-4000-8000-0000000000a4', 'B task in A project')$$, '23503',
                 'insert or update on table "tasks" violates foreign key constraint "tasks_project_fk"', 'a task cannot join another tenant''s project');
SELECT throws_ok($$INSERT INTO agentgov.tasks (org_id, project_id, parent_id, title) VALUES
                     ('7a000000-0000-4000-8000-0000000000b0', '7d000000-0000-4000-8000-0000000000b4', '7f000000-0000-4000-8000-0000000000a8', 'subtask')$$, '23503',
                 'insert or update on table "tasks" violates foreign key constraint "tasks_parent_fk"', 'a subtask cannot hang under another tenant''s ticket');
SELECT throws_ok($$INSERT INTO agentgov.messages (org_id, conversation_id, author_type, content, reply_to_id) VALUES
                     ('7a000000-0000-4000-8000-0000000000b0', '7f000000-0000-4000-8000-0000000000b6', 'user', 'reply', '7f000000-0000-4000-8000-0000000000a7')$$, '23503',
                 'insert or update on table "messages" violates foreign key constraint "messages_reply_to_fk"', 'a message cannot reply across tenants');
SELECT throws_ok($$INSERT INTO agentgov.artifact_tags (org_id, artifact_id, tag_name) VALUES
                     ('7a000000-0000-4000-8000-0000000000b0', '70000000-0000-4000-8000-0000000000a9', 'stolen')$$, '23503',
                 'insert or update on table "artifact_tags" violates foreign key constraint "artifact_tags_artifact_fk"', 'a tag cannot label another tenant''s artifact');
SELECT throws_ok($$INSERT INTO agentgov.team_members (org_id, team_id, user_id, role) VALUES
                     ('7a000000-0000-4000-8000-0000000000b0', '7c000000-0000-4000-8000-0000000000a3', '7b000000-0000-4000-8000-0000000000b1', 'developer')$$, '23503',
                 'insert or update on table "team_members" violates foreign key constraint "team_members_team_fk"', 'a membership cannot name another tenant''s team');
SELECT throws_ok($$INSERT INTO agentgov.run_logs (org_id, run_id, message) VALUES
                     ('7a000000-0000-4000-8000-0000000000b0', '71000000-0000-4000-8000-0000000000aa', 'peek')$$, '23503',
                 'insert or update on table "run_logs" violates foreign key constraint "run_logs_run_fk"', 'a log line cannot join another tenant''s run');
SELECT throws_ok($$INSERT INTO agentgov.github_issues (org_id, project_id, github_id, number, title, conversation_id) VALUES
                     ('7a000000-0000-4000-8000-0000000000b0', '7d000000-0000-4000-8000-0000000000b4', 9, 9, 'x', '7f000000-0000-4000-8000-0000000000a6')$$, '23503',
                 'insert or update on table "github_issues" violates foreign key constraint "github_issues_conversation_fk"', 'an issue cannot link another tenant''s conversation');
SELECT throws_ok($$INSERT INTO agentgov.projects (org_id, workspace_id, name) VALUES
                     ('7a000000-0000-4000-8000-0000000000b0', '7c000000-0000-4000-8000-0000000000a2', 'B in A space')$$, '23503',
                 'insert or update on table "projects" violates foreign key constraint "projects_workspace_fk"', 'a project cannot sit in another tenant''s workspace');
SELECT throws_ok($$UPDATE agentgov.tasks SET org_id = '7a000000-0000-4000-8000-0000000000b0' WHERE id = '7f000000-0000-4000-8000-0000000000a8'$$, '0A000',
                 'cannot change column "org_id" of table "tasks"', 'a row cannot move to another tenant (org_id is fixed after insert)');

-- ---- Agents: the catalogue is shared, an organization's agents are not ----
SELECT throws_ok($$INSERT INTO agentgov.tasks (org_id, project_id, title, assigned_agent_id) VALUES
                     ('7a000000-0000-4000-8000-0000000000b0', '7d000000-0000-4000-8000-0000000000b4', 'borrow', '7e000000-0000-4000-8000-0000000000a5')$$, '23503',
                 'insert or update on table "tasks" violates tenant scope of column "assigned_agent_id"', 'another tenant''s agent is refused');
SELECT lives_ok($$INSERT INTO agentgov.tasks (org_id, project_id, title, assigned_agent_id) VALUES
                    ('7a000000-0000-4000-8000-0000000000b0', '7d000000-0000-4000-8000-0000000000b4', 'catalogue', '7e000000-0000-4000-8000-0000000000c5')$$,
                'a catalogue agent serves every tenant');

SELECT * FROM finish();
ROLLBACK;
