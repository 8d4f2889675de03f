-- ---------------------------------------------------------------------------
-- pgTAP: every index the five seeds list is in agentgov, on the unified
-- table and columns (docs/seed-mapping.md), partial indexes with their
-- predicates; the seeds' unique constraints hold; every foreign key is
-- served by an index.
--
-- An index "serves" a seed index when its leading key columns are the seed
-- index's columns (renamed) in order, it has the same predicate (none for a
-- plain index), and it is unique when the seed's is.  Sort direction is not
-- compared: a btree is read both ways.  Where the tenant key makes the
-- unified index start with org_id, the expected columns say so.
-- ---------------------------------------------------------------------------
BEGIN;

-- The key columns of an index, in order.
CREATE FUNCTION pg_temp.index_columns(idx oid) RETURNS name[] LANGUAGE sql STABLE AS $$
    SELECT array_agg(a.attname ORDER BY k.ord)
      FROM pg_index i
     CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
     WHERE i.indexrelid = idx AND k.ord <= i.indnkeyatts
$$;

-- An index of agentgov.tbl whose leading key columns are cols, with predicate
-- pred (casts removed; NULL = not partial), unique if uniq.
CREATE FUNCTION pg_temp.served(tbl name, cols name[], pred text, uniq boolean)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM pg_index i
         WHERE i.indrelid = format('agentgov.%I', tbl)::regclass
           AND (pg_temp.index_columns(i.indexrelid))[1:cardinality(cols)] = cols
           AND regexp_replace(coalesce(pg_get_expr(i.indpred, i.indrelid), ''), '::[a-z_.]+', '', 'g')
               = coalesce(pred, '')
           AND (i.indisunique OR NOT uniq))
$$;

CREATE TEMP TABLE seed_indexes (seed text, seed_index text, tbl name, cols name[], pred text, uniq boolean)
    ON COMMIT DROP;
INSERT INTO seed_indexes VALUES
    -- platform: Index(...) and index=True columns of the SQLAlchemy models
    ('platform', 'organizations.name index=True', 'organizations', '{name}', NULL, false),
    ('platform', 'organizations.slug unique index=True', 'organizations', '{slug}', NULL, true),
    ('platform', 'organizations.created_at index=True', 'organizations', '{created_at}', NULL, false),
    ('platform', 'users.email unique index=True', 'users', '{email}', NULL, true),
    ('platform', 'users.auth_provider_id index=True', 'users', '{auth_provider_id}', NULL, false),
    ('platform', 'workspaces.org_id index=True', 'workspaces', '{org_id}', NULL, false),
    ('platform', 'workspaces.name index=True', 'workspaces', '{name}', NULL, false),
    ('platform', 'idx_workspace_org_name', 'workspaces', '{org_id,name}', NULL, false),
    ('platform', 'projects.org_id index=True', 'projects', '{org_id}', NULL, false),
    -- workspace_id is looked up with its tenant, as the composite key has it
    ('platform', 'projects.workspace_id index=True', 'projects', '{org_id,workspace_id}', NULL, false),
    ('platform', 'projects.name index=True', 'projects', '{name}', NULL, false),
    ('platform', 'projects.phase index=True', 'projects', '{phase}', NULL, false),
    ('platform', 'projects.created_at index=True', 'projects', '{created_at}', NULL, false),
    -- is_archived became archived_at; the index serves the live projects
    ('platform', 'projects.is_archived index=True', 'projects', '{archived_at}', '(archived_at IS NULL)', false),
    ('platform', 'idx_project_org_workspace', 'projects', '{org_id,workspace_id}', NULL, false),
    ('platform', 'idx_project_org_created', 'projects', '{org_id,created_at}', NULL, false),
    ('platform', 'idx_project_phase_status', 'projects', '{phase,status}', NULL, false),
    ('platform', 'artifacts.org_id index=True', 'artifacts', '{org_id}', NULL, false),
    ('platform', 'artifacts.project_id index=True', 'artifacts', '{project_id}', NULL, false),
    ('platform', 'artifacts.type index=True', 'artifacts', '{type}', NULL, false),
    ('platform', 'artifacts.version index=True', 'artifacts', '{version}', NULL, false),
    ('platform', 'artifacts.evidence_tier index=True', 'artifacts', '{evidence_tier}', NULL, false),
    ('platform', 'artifacts.created_at index=True', 'artifacts', '{created_at}', NULL, false),
    ('platform', 'idx_artifact_project_type_version', 'artifacts', '{project_id,type,version}', NULL, false),
    ('platform', 'idx_artifact_org_created', 'artifacts', '{org_id,created_at}', NULL, false),
    ('platform', 'idx_artifact_evidence_tier', 'artifacts', '{evidence_tier}', NULL, false),
    ('platform', 'artifact_tags.artifact_id index=True', 'artifact_tags', '{artifact_id}', NULL, false),
    ('platform', 'idx_artifact_tag_name', 'artifact_tags', '{artifact_id,tag_name}', NULL, false),
    ('platform', 'phase_gate_decisions.org_id index=True', 'phase_gate_decisions', '{org_id}', NULL, false),
    ('platform', 'phase_gate_decisions.project_id index=True', 'phase_gate_decisions', '{project_id}', NULL, false),
    ('platform', 'phase_gate_decisions.phase index=True', 'phase_gate_decisions', '{phase}', NULL, false),
    ('platform', 'idx_gate_project_phase', 'phase_gate_decisions', '{project_id,phase}', NULL, false),
    ('platform', 'telemetry.org_id index=True', 'telemetry', '{org_id}', NULL, false),
    ('platform', 'telemetry.project_id index=True', 'telemetry', '{project_id}', NULL, false),
    ('platform', 'telemetry.metric_name index=True', 'telemetry', '{metric_name}', NULL, false),
    ('platform', 'telemetry.timestamp index=True', 'telemetry', '{observed_at}', NULL, false),
    ('platform', 'idx_telemetry_project_metric', 'telemetry', '{project_id,metric_name,observed_at}', NULL, false),
    ('platform', 'idx_telemetry_org_timestamp', 'telemetry', '{org_id,observed_at}', NULL, false),
    ('platform', 'divergence_reports.org_id index=True', 'divergence_reports', '{org_id}', NULL, false),
    ('platform', 'divergence_reports.project_id index=True', 'divergence_reports', '{project_id}', NULL, false),
    ('platform', 'divergence_reports.detected_at index=True', 'divergence_reports', '{detected_at}', NULL, false),
    ('platform', 'idx_divergence_project_type', 'divergence_reports', '{project_id,divergence_type}', NULL, false),
    ('platform', 'idx_divergence_classification', 'divergence_reports', '{classification}', NULL, false),
    ('platform', 'agent_executions.org_id index=True', 'agent_runs', '{org_id}', NULL, false),
    ('platform', 'agent_executions.project_id index=True', 'agent_runs', '{project_id}', NULL, false),
    ('platform', 'agent_executions.status index=True', 'agent_runs', '{status}', NULL, false),
    ('platform', 'agent_executions.created_at index=True', 'agent_runs', '{created_at}', NULL, false),
    ('platform', 'idx_agent_exec_project_status', 'agent_runs', '{project_id,status}', NULL, false),
    ('platform', 'idx_agent_exec_org_created', 'agent_runs', '{org_id,created_at}', NULL, false),
    ('platform', 'evidence.org_id index=True', 'evidence', '{org_id}', NULL, false),
    ('platform', 'evidence.project_id index=True', 'evidence', '{project_id}', NULL, false),
    ('platform', 'evidence.evidence_tier index=True', 'evidence', '{evidence_tier}', NULL, false),
    ('platform', 'audit_logs.org_id index=True', 'audit_log', '{org_id}', NULL, false),
    ('platform', 'audit_logs.timestamp index=True', 'audit_log', '{occurred_at}', NULL, false),
    ('platform', 'idx_audit_org_timestamp', 'audit_log', '{org_id,occurred_at}', NULL, false),
    ('platform', 'idx_audit_resource', 'audit_log', '{table_name,record_id}', NULL, false),
    ('platform', 'cost_tracking.org_id index=True', 'usage_rollups', '{org_id}', NULL, false),
    -- aggregated_at: the daily bucket; weekly and monthly are read from it
    ('platform', 'idx_cost_org_period', 'usage_rollups', '{org_id,bucket_date}', NULL, false),
    ('platform', 'idx_cost_project_agent', 'usage_rollups', '{project_id,agent_id}', NULL, false),
    -- the catalogue's is_active index only ever served the active agents
    ('platform', 'agents.is_active index=True', 'agents', '{is_active}', '(is_active = true)', false),
    -- orchestrator
    ('orchestrator', 'idx_projects_name', 'projects', '{name}', NULL, false),
    ('orchestrator', 'idx_ideas_project', 'ideas', '{project_id}', NULL, false),
    ('orchestrator', 'idx_ideas_status', 'ideas', '{status}', NULL, false),
    ('orchestrator', 'idx_questions_idea', 'questions', '{idea_id}', NULL, false),
    ('orchestrator', 'idx_questions_status', 'questions', '{status}', NULL, false),
    ('orchestrator', 'idx_tickets_project', 'tasks', '{project_id}', NULL, false),
    ('orchestrator', 'idx_tickets_status', 'tasks', '{status}', NULL, false),
    ('orchestrator', 'idx_tickets_priority', 'tasks', '{priority}', NULL, false),
    ('orchestrator', 'idx_subtasks_ticket', 'tasks', '{parent_id}', NULL, false),
    ('orchestrator', 'idx_agents_project', 'agents', '{project_id}', NULL, false),
    ('orchestrator', 'idx_agents_type', 'agents', '{kind}', NULL, false),
    -- per project; org-wide agents are unique through agents_name_scope_unique
    ('orchestrator', 'idx_agents_name_project', 'agents', '{name,project_id}', '(project_id IS NOT NULL)', true),
    ('orchestrator', 'idx_agent_runs_agent', 'agent_runs', '{agent_id}', NULL, false),
    ('orchestrator', 'idx_agent_runs_ticket', 'agent_runs', '{task_id}', NULL, false),
    ('orchestrator', 'idx_agent_runs_status', 'agent_runs', '{status}', NULL, false),
    ('orchestrator', 'idx_run_logs_run', 'run_logs', '{run_id}', NULL, false),
    ('orchestrator', 'idx_run_logs_level', 'run_logs', '{level}', NULL, false),
    ('orchestrator', 'idx_job_queue_status', 'job_queue', '{status}', NULL, false),
    ('orchestrator', 'idx_job_queue_scheduled', 'job_queue', '{scheduled_at}', NULL, false),
    ('orchestrator', 'idx_job_queue_priority', 'job_queue', '{priority}', NULL, false),
    ('orchestrator', 'idx_sessions_token', 'user_sessions', '{token_sha256}', NULL, false),
    ('orchestrator', 'idx_sessions_expires', 'user_sessions', '{expires_at}', NULL, false),
    ('orchestrator', 'idx_usage_project', 'usage_events', '{project_id}', NULL, false),
    ('orchestrator', 'idx_usage_created', 'usage_events', '{occurred_at}', NULL, false),
    -- socrates
    ('socrates', 'idx_users_email', 'users', '{email}', NULL, false),
    ('socrates', 'idx_users_created_at', 'users', '{created_at}', NULL, false),
    ('socrates', 'idx_users_is_active', 'users', '{is_active}', '(is_active = true)', false),
    ('socrates', 'idx_refresh_tokens_user_id', 'refresh_tokens', '{user_id}', NULL, false),
    ('socrates', 'idx_refresh_tokens_expires_at', 'refresh_tokens', '{expires_at}', NULL, false),
    ('socrates', 'idx_refresh_tokens_revoked', 'refresh_tokens', '{revoked}', '(revoked = false)', false),
    ('socrates', 'idx_password_reset_requests_token', 'password_reset_requests', '{token_sha256}', NULL, false),
    ('socrates', 'idx_password_reset_requests_expires_at', 'password_reset_requests', '{expires_at}', NULL, false),
    ('socrates', 'idx_password_reset_requests_used', 'password_reset_requests', '{used}', '(used = false)', false),
    ('socrates', 'idx_audit_logs_user_id', 'audit_log', '{actor_id}', NULL, false),
    ('socrates', 'idx_audit_logs_action', 'audit_log', '{action}', NULL, false),
    ('socrates', 'idx_audit_logs_timestamp', 'audit_log', '{occurred_at}', NULL, false),
    ('socrates', 'idx_audit_logs_resource', 'audit_log', '{table_name,record_id}', NULL, false),
    ('socrates', 'idx_user_rules_user_id', 'user_rules', '{user_id}', NULL, false),
    ('socrates', 'idx_projects_user_id', 'projects', '{created_by}', NULL, false),
    ('socrates', 'idx_projects_created_at', 'projects', '{created_at}', NULL, false),
    ('socrates', 'idx_projects_archived_at', 'projects', '{archived_at}', '(archived_at IS NULL)', false),
    ('socrates', 'idx_projects_current_phase', 'projects', '{phase}', NULL, false),
    ('socrates', 'idx_sessions_project_id', 'conversations', '{project_id}', NULL, false),
    ('socrates', 'idx_sessions_started_at', 'conversations', '{started_at}', NULL, false),
    ('socrates', 'idx_specifications_project_id', 'specifications', '{project_id}', NULL, false),
    ('socrates', 'idx_specifications_category', 'specifications', '{category}', NULL, false),
    ('socrates', 'idx_specifications_is_current', 'specifications', '{is_current}', '(is_current = true)', false),
    ('socrates', 'idx_specifications_created_at', 'specifications', '{created_at}', NULL, false),
    ('socrates', 'idx_conversation_history_session_id', 'messages', '{conversation_id}', NULL, false),
    ('socrates', 'idx_conversation_history_timestamp', 'messages', '{created_at}', NULL, false),
    ('socrates', 'idx_questions_project_id', 'questions', '{project_id}', NULL, false),
    ('socrates', 'idx_questions_session_id', 'questions', '{conversation_id}', NULL, false),
    ('socrates', 'idx_questions_category', 'questions', '{category}', NULL, false),
    ('socrates', 'idx_questions_created_at', 'questions', '{created_at}', NULL, false),
    ('socrates', 'idx_conflicts_project_id', 'conflicts', '{project_id}', NULL, false),
    ('socrates', 'idx_conflicts_status', 'conflicts', '{status}', '(status = ''open'')', false),
    ('socrates', 'idx_conflicts_severity', 'conflicts', '{severity}', NULL, false),
    ('socrates', 'idx_conflicts_detected_at', 'conflicts', '{detected_at}', NULL, false),
    ('socrates', 'idx_quality_metrics_project_id', 'quality_metrics', '{project_id}', NULL, false),
    ('socrates', 'idx_quality_metrics_type', 'quality_metrics', '{metric_type}', NULL, false),
    ('socrates', 'idx_quality_metrics_calculated_at', 'quality_metrics', '{calculated_at}', NULL, false),
    ('socrates', 'idx_maturity_tracking_project_id', 'maturity_tracking', '{project_id}', NULL, false),
    ('socrates', 'idx_maturity_tracking_category', 'maturity_tracking', '{category}', NULL, false),
    ('socrates', 'idx_maturity_tracking_calculated_at', 'maturity_tracking', '{calculated_at}', NULL, false),
    ('socrates', 'idx_test_results_project_id', 'test_results', '{project_id}', NULL, false),
    ('socrates', 'idx_test_results_status', 'test_results', '{test_status}', NULL, false),
    ('socrates', 'idx_test_results_started_at', 'test_results', '{started_at}', NULL, false),
    ('socrates', 'idx_api_keys_user_id', 'api_keys', '{user_id}', NULL, false),
    ('socrates', 'idx_api_keys_provider', 'api_keys', '{provider}', NULL, false),
    ('socrates', 'idx_api_keys_is_active', 'api_keys', '{is_active}', '(is_active = true)', false),
    ('socrates', 'idx_llm_usage_tracking_user_id', 'usage_events', '{user_id}', NULL, false),
    ('socrates', 'idx_llm_usage_tracking_project_id', 'usage_events', '{project_id}', NULL, false),
    ('socrates', 'idx_llm_usage_tracking_provider', 'usage_events', '{provider}', NULL, false),
    ('socrates', 'idx_llm_usage_tracking_timestamp', 'usage_events', '{occurred_at}', NULL, false),
    ('socrates', 'idx_generated_projects_project_id', 'generated_projects', '{project_id}', NULL, false),
    ('socrates', 'idx_generated_projects_status', 'generated_projects', '{generation_status}', NULL, false),
    ('socrates', 'idx_generated_projects_completed_at', 'generated_projects', '{generation_completed_at}', NULL, false),
    ('socrates', 'idx_generated_files_project_id', 'generated_files', '{generated_project_id}', NULL, false),
    ('socrates', 'idx_generated_files_file_path', 'generated_files', '{file_path}', NULL, false),
    ('socrates', 'idx_user_behavior_patterns_user_id', 'user_behavior_patterns', '{user_id}', NULL, false),
    ('socrates', 'idx_user_behavior_patterns_type', 'user_behavior_patterns', '{pattern_type}', NULL, false),
    ('socrates', 'idx_user_behavior_patterns_confidence', 'user_behavior_patterns', '{confidence}', NULL, false),
    ('socrates', 'idx_question_effectiveness_user_id', 'question_effectiveness', '{user_id}', NULL, false),
    ('socrates', 'idx_question_effectiveness_role', 'question_effectiveness', '{role}', NULL, false),
    ('socrates', 'idx_question_effectiveness_score', 'question_effectiveness', '{effectiveness_score}', NULL, false),
    ('socrates', 'idx_knowledge_base_documents_project_id', 'knowledge_base_documents', '{project_id}', NULL, false),
    ('socrates', 'idx_knowledge_base_documents_user_id', 'knowledge_base_documents', '{user_id}', NULL, false),
    ('socrates', 'idx_knowledge_base_documents_uploaded_at', 'knowledge_base_documents', '{uploaded_at}', NULL, false),
    ('socrates', 'idx_teams_created_by', 'teams', '{created_by}', NULL, false),
    ('socrates', 'idx_teams_created_at', 'teams', '{created_at}', NULL, false),
    ('socrates', 'idx_team_members_team_id', 'team_members', '{team_id}', NULL, false),
    ('socrates', 'idx_team_members_user_id', 'team_members', '{user_id}', NULL, false),
    ('socrates', 'idx_team_members_role', 'team_members', '{role}', NULL, false),
    ('socrates', 'idx_team_invitations_team_id', 'team_invitations', '{team_id}', NULL, false),
    ('socrates', 'idx_team_invitations_token', 'team_invitations', '{token_sha256}', NULL, false),
    ('socrates', 'idx_team_invitations_accepted', 'team_invitations', '{accepted}', '(accepted = false)', false),
    ('socrates', 'idx_project_shares_project_id', 'project_shares', '{project_id}', NULL, false),
    ('socrates', 'idx_project_shares_team_id', 'project_shares', '{team_id}', NULL, false),
    ('socrates', 'idx_project_shares_permission', 'project_shares', '{permission_level}', NULL, false),
    -- assistant
    ('assistant', 'idx_users_email', 'users', '{email}', NULL, false),
    ('assistant', 'idx_users_username', 'users', '{username}', NULL, false),
    ('assistant', 'idx_users_active', 'users', '{is_active,last_active_at}', NULL, false),
    ('assistant', 'idx_users_auth_external', 'users', '{auth_provider,auth_provider_id}', NULL, false),
    ('assistant', 'idx_agent_sessions_user', 'agent_runs', '{user_id}', NULL, false),
    ('assistant', 'idx_agent_sessions_status', 'agent_runs', '{status}', NULL, false),
    ('assistant', 'idx_agent_sessions_created', 'agent_runs', '{created_at}', NULL, false),
    ('assistant', 'idx_agent_sessions_type', 'agent_runs', '{agent_type}', NULL, false),
    ('assistant', 'idx_agent_sessions_cost', 'agent_runs', '{cost_usd}', NULL, false),
    ('assistant', 'idx_agent_sessions_active', 'agent_runs', '{created_at,status}',
     '(status = ANY (ARRAY[''running'', ''pending_approval'', ''approved'']))', false),
    ('assistant', 'idx_governance_events_session', 'governance_events', '{run_id}', NULL, false),
    ('assistant', 'idx_governance_events_type', 'governance_events', '{event_type}', NULL, false),
    ('assistant', 'idx_governance_events_framework', 'governance_events', '{framework}', NULL, false),
    ('assistant', 'idx_governance_events_approved', 'governance_events', '{approved}', NULL, false),
    ('assistant', 'idx_governance_events_created', 'governance_events', '{created_at}', NULL, false),
    ('assistant', 'idx_governance_events_correlation', 'governance_events', '{correlation_id}', NULL, false),
    ('assistant', 'idx_governance_events_rejected', 'governance_events', '{created_at,decision_reason}',
     '(approved = false)', false),
    ('assistant', 'idx_personas_active', 'personas', '{is_active}', NULL, false),
    ('assistant', 'idx_personas_core', 'personas', '{is_core}', NULL, false),
    ('assistant', 'idx_personas_priority', 'personas', '{priority_level}', NULL, false),
    ('assistant', 'idx_personas_specialization', 'personas', '{specialization}', NULL, false),
    -- github-agents
    ('github-agents', 'idx_projects_owner', 'projects', '{created_by}', NULL, false),
    ('github-agents', 'idx_projects_github', 'projects', '{github_repo}', NULL, false),
    ('github-agents', 'idx_agents_project', 'agents', '{project_id}', NULL, false),
    ('github-agents', 'idx_agents_type', 'agents', '{kind}', NULL, false),
    ('github-agents', 'idx_conversations_project', 'conversations', '{project_id}', NULL, false),
    ('github-agents', 'idx_conversations_status', 'conversations', '{status}', NULL, false),
    ('github-agents', 'idx_messages_conversation_created', 'messages', '{conversation_id,created_at}', NULL, false),
    ('github-agents', 'idx_messages_agent', 'messages', '{agent_id}', NULL, false),
    ('github-agents', 'idx_issues_project', 'github_issues', '{project_id}', NULL, false),
    ('github-agents', 'idx_issues_state', 'github_issues', '{state}', NULL, false),
    ('github-agents', 'idx_issues_conversation', 'github_issues', '{conversation_id}', NULL, false),
    ('github-agents', 'idx_prs_project', 'pull_requests', '{project_id}', NULL, false),
    ('github-agents', 'idx_prs_issue', 'pull_requests', '{issue_id}', NULL, false),
    ('github-agents', 'idx_prs_state', 'pull_requests', '{state}', NULL, false),
    ('github-agents', 'idx_prs_agent', 'pull_requests', '{created_by_agent_id}', NULL, false),
    ('github-agents', 'idx_tasks_project', 'tasks', '{project_id}', NULL, false),
    ('github-agents', 'idx_tasks_agent', 'tasks', '{assigned_agent_id}', NULL, false),
    ('github-agents', 'idx_tasks_status_priority', 'tasks', '{status,priority_level}', NULL, false),
    ('github-agents', 'idx_tasks_issue', 'tasks', '{issue_id}', NULL, false),
    ('github-agents', 'idx_token_usage_timestamp', 'usage_events', '{occurred_at}', NULL, false),
    ('github-agents', 'idx_token_usage_agent', 'usage_events', '{agent_id}', NULL, false),
    ('github-agents', 'idx_token_usage_project', 'usage_events', '{project_id}', NULL, false),
    ('github-agents', 'idx_token_usage_conversation', 'usage_events', '{conversation_id}', NULL, false),
    -- daily usage is read per tenant
    ('github-agents', 'idx_token_usage_date', 'usage_events', '{org_id,usage_date}', NULL, false),
    ('github-agents', 'idx_budget_scope', 'budget_limits', '{scope_type,scope_id}', NULL, false),
    ('github-agents', 'idx_budget_agent_type', 'budget_limits', '{scope_type,scope_agent_type}', NULL, false),
    ('github-agents', 'idx_notifications_user', 'notifications', '{user_id}', NULL, false),
    ('github-agents', 'idx_notifications_read', 'notifications', '{user_id,is_read}', NULL, false),
    ('github-agents', 'idx_notifications_created', 'notifications', '{created_at}', NULL, false),
    ('github-agents', 'idx_agent_memory_agent', 'agent_memory', '{agent_id}', NULL, false),
    ('github-agents', 'idx_agent_memory_project', 'agent_memory', '{project_id}', NULL, false),
    ('github-agents', 'idx_agent_memory_expires', 'agent_memory', '{expires_at}', NULL, false),
    ('github-agents', 'idx_webhooks_project', 'webhooks', '{project_id}', NULL, false),
    ('github-agents', 'idx_webhooks_processed', 'webhooks', '{processed}', NULL, false),
    ('github-agents', 'idx_webhooks_created', 'webhooks', '{created_at}', NULL, false);

-- The seeds' unique constraints (UNIQUE columns, UNIQUE (...), composite
-- primary keys), as sets of unified columns; tenant tables add org_id.
CREATE TEMP TABLE seed_uniques (seed text, seed_key text, tbl name, cols name[]) ON COMMIT DROP;
INSERT INTO seed_uniques VALUES
    ('platform', 'organizations.slug', 'organizations', '{slug}'),
    ('platform', 'users.email', 'users', '{email}'),
    ('platform', 'agents.name (catalogue)', 'agents', '{org_id,project_id,name}'),
    ('platform', 'organization_members (user_id, org_id)', 'organization_members', '{org_id,user_id}'),
    ('platform', 'cascade_analyses.divergence_id', 'cascade_analyses', '{org_id,divergence_id}'),
    ('orchestrator', 'users.username', 'users', '{username}'),
    ('orchestrator', 'sessions.token', 'user_sessions', '{token_sha256}'),
    ('orchestrator', 'idx_agents_name_project', 'agents', '{name,project_id}'),
    ('socrates', 'users_email_unique', 'users', '{email}'),
    ('socrates', 'user_rules_user_unique', 'user_rules', '{user_id}'),
    ('socrates', 'password_reset_requests.token', 'password_reset_requests', '{token_sha256}'),
    ('socrates', 'team_invitations.token', 'team_invitations', '{org_id,token_sha256}'),
    ('socrates', 'api_keys_user_provider_unique', 'api_keys', '{user_id,provider}'),
    ('socrates', 'question_effectiveness_unique', 'question_effectiveness', '{user_id,question_template_id}'),
    ('socrates', 'generated_projects_version_unique', 'generated_projects', '{org_id,project_id,generation_version}'),
    ('socrates', 'team_members_unique', 'team_members', '{org_id,team_id,user_id}'),
    ('socrates', 'project_shares_unique', 'project_shares', '{org_id,project_id,team_id}'),
    ('assistant', 'users.email', 'users', '{email}'),
    ('assistant', 'users.username', 'users', '{username}'),
    ('assistant', 'personas (persona_name, persona_version)', 'personas', '{persona_name,persona_version}'),
    ('github-agents', 'github_issues.github_id', 'github_issues', '{org_id,github_id}'),
    ('github-agents', 'github_issues (project_id, number)', 'github_issues', '{org_id,project_id,number}'),
    ('github-agents', 'pull_requests.github_id', 'pull_requests', '{org_id,github_id}'),
    ('github-agents', 'pull_requests (project_id, number)', 'pull_requests', '{org_id,project_id,number}'),
    ('github-agents', 'agent_memory (agent_id, project_id, category, key)', 'agent_memory',
     '{org_id,agent_id,project_id,category,key}'),
    ('github-agents', 'conversation_participants (conversation_id, agent_id)', 'conversation_participants',
     '{org_id,conversation_id,agent_id}');

SELECT plan((SELECT count(*)::int FROM seed_indexes) + (SELECT count(*)::int FROM seed_uniques) + 2);

SELECT ok(pg_temp.served(tbl, cols, pred, uniq),
          format('%s %s: %s (%s)%s%s', seed, seed_index, tbl, array_to_string(cols, ', '),
                 coalesce(' WHERE ' || pred, ''), CASE WHEN uniq THEN ' UNIQUE' ELSE '' END))
  FROM seed_indexes ORDER BY seed, seed_index;

SELECT ok(EXISTS (SELECT 1 FROM pg_index i
                   WHERE i.indrelid = format('agentgov.%I', u.tbl)::regclass AND i.indisunique
                     AND pg_temp.index_columns(i.indexrelid) @> u.cols
                     AND pg_temp.index_columns(i.indexrelid) <@ u.cols),
          format('%s unique %s: %s (%s)', u.seed, u.seed_key, u.tbl, array_to_string(u.cols, ', ')))
  FROM seed_uniques u ORDER BY u.seed, u.seed_key;

-- Every foreign key is served by an index: one whose leading columns are
-- the key's columns, or (for a composite tenant key) the key's columns
-- other than org_id.
SELECT is_empty($$
    SELECT c.conrelid::regclass || ' ' || c.conname
      FROM pg_constraint c
     WHERE c.contype = 'f' AND c.connamespace = 'agentgov'::regnamespace
       AND NOT EXISTS (
           SELECT 1 FROM pg_index i
            CROSS JOIN LATERAL (SELECT array_agg(a.attname ORDER BY k.ord) AS cols,
                                  array_agg(a.attname ORDER BY k.ord) FILTER (WHERE a.attname <> 'org_id') AS own
                             FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) fk
            WHERE i.indrelid = c.conrelid
              AND ((pg_temp.index_columns(i.indexrelid))[1:cardinality(fk.cols)] = fk.cols
                   OR (pg_temp.index_columns(i.indexrelid))[1:cardinality(fk.own)] = fk.own))
$$, 'every foreign key is served by an index');

-- Plain lookups by name or number use the index named after the seed's.
SELECT is_empty($$
    SELECT n FROM unnest(ARRAY['idx_workspace_org_name', 'idx_project_org_workspace', 'idx_project_org_created',
        'idx_project_phase_status', 'idx_artifact_project_type_version', 'idx_artifact_org_created',
        'idx_artifact_evidence_tier', 'idx_artifact_tag_name', 'idx_gate_project_phase',
        'idx_telemetry_project_metric', 'idx_telemetry_org_timestamp', 'idx_divergence_project_type',
        'idx_divergence_classification', 'idx_agent_exec_project_status', 'idx_agent_exec_org_created',
        'idx_audit_org_timestamp', 'idx_audit_resource', 'idx_cost_project_agent',
        'idx_messages_conversation_created', 'idx_tasks_status_priority', 'idx_notifications_read',
        'idx_token_usage_date', 'idx_conflicts_status', 'idx_agent_sessions_active',
        'idx_governance_events_rejected', 'idx_conversation_history_timestamp']) AS n
     WHERE to_regclass('agentgov.' || n) IS NULL
$$, 'the composite and partial indexes keep the seeds'' names');

SELECT * FROM finish();
ROLLBACK;
