-- ---------------------------------------------------------------------------
-- pgTAP: the tables, key columns, enum types, views and functions of the
-- unified schema (DESIGN.md sections 2 and 3), and the conventions every
-- table follows: tenant keys, comments, numeric money, timestamptz,
-- updated_at maintenance, registration for pg_dump.
-- ---------------------------------------------------------------------------
BEGIN;

-- The 57 tables of DESIGN.md section 3.  tenant: org_id NOT NULL, keyed
-- (org_id, id); global: catalogues and per-user tables, keyed (id).
CREATE TEMP TABLE expected_tables (name name, scope text, pk name[]) ON COMMIT DROP;
INSERT INTO expected_tables VALUES
    ('agent_memory', 'tenant', '{org_id,id}'),
    ('agent_runs', 'tenant', '{org_id,id}'),
    ('agents', 'global', '{id}'),
    ('api_keys', 'global', '{id}'),
    ('artifact_tags', 'tenant', '{org_id,id}'),
    ('artifacts', 'tenant', '{org_id,id}'),
    ('audit_log', 'global', '{id}'),
    ('budget_limits', 'tenant', '{org_id,id}'),
    ('cascade_analyses', 'tenant', '{org_id,id}'),
    ('conflicts', 'tenant', '{org_id,id}'),
    ('conversation_participants', 'tenant', '{org_id,conversation_id,agent_id}'),
    ('conversations', 'tenant', '{org_id,id}'),
    ('divergence_reports', 'tenant', '{org_id,id}'),
    ('evidence', 'tenant', '{org_id,id}'),
    ('gate_policies', 'global', '{id}'),
    ('generated_files', 'tenant', '{org_id,id}'),
    ('generated_projects', 'tenant', '{org_id,id}'),
    ('github_issues', 'tenant', '{org_id,id}'),
    ('governance_events', 'tenant', '{org_id,id}'),
    ('ideas', 'tenant', '{org_id,id}'),
    ('job_queue', 'tenant', '{org_id,id}'),
    ('knowledge_base_documents', 'tenant', '{org_id,id}'),
    ('maturity_tracking', 'tenant', '{org_id,id}'),
    ('messages', 'tenant', '{org_id,id}'),
    ('model_prices', 'global', '{id}'),
    ('notifications', 'tenant', '{org_id,id}'),
    ('organization_members', 'tenant', '{org_id,user_id}'),
    ('organizations', 'global', '{id}'),
    ('password_reset_requests', 'global', '{id}'),
    ('persona_activations', 'tenant', '{org_id,id}'),
    ('personas', 'global', '{id}'),
    ('phase_gate_decisions', 'tenant', '{org_id,id}'),
    ('project_shares', 'tenant', '{org_id,id}'),
    ('projects', 'tenant', '{org_id,id}'),
    ('pull_requests', 'tenant', '{org_id,id}'),
    ('quality_metrics', 'tenant', '{org_id,id}'),
    ('question_effectiveness', 'global', '{id}'),
    ('questions', 'tenant', '{org_id,id}'),
    ('refresh_tokens', 'global', '{id}'),
    ('run_logs', 'tenant', '{org_id,id}'),
    ('session_activities', 'global', '{id}'),
    ('specifications', 'tenant', '{org_id,id}'),
    ('tasks', 'tenant', '{org_id,id}'),
    ('team_invitations', 'tenant', '{org_id,id}'),
    ('team_members', 'tenant', '{org_id,id}'),
    ('teams', 'tenant', '{org_id,id}'),
    ('telemetry', 'tenant', '{org_id,id}'),
    ('test_results', 'tenant', '{org_id,id}'),
    ('usage_events', 'tenant', '{org_id,id}'),
    ('usage_rollups', 'tenant', '{org_id,id}'),
    ('user_behavior_patterns', 'global', '{id}'),
    ('user_rules', 'global', '{id}'),
    ('user_sessions', 'global', '{id}'),
    ('users', 'global', '{id}'),
    ('validation_results', 'tenant', '{org_id,id}'),
    ('webhooks', 'tenant', '{org_id,id}'),
    ('workspaces', 'tenant', '{org_id,id}');

-- Key columns: ids and references, vocabularies, money, scores, digests,
-- with their type and whether they are NOT NULL.
CREATE TEMP TABLE key_columns (tbl name, col name, type text, not_null boolean) ON COMMIT DROP;
INSERT INTO key_columns VALUES
    ('agent_memory', 'id', 'uuid', true),
    ('agent_memory', 'org_id', 'uuid', true),
    ('agent_memory', 'agent_id', 'uuid', true),
    ('agent_memory', 'project_id', 'uuid', false),
    ('agent_memory', 'importance', 'integer', true),
    ('agent_memory', 'created_at', 'timestamp with time zone', true),
    ('agent_runs', 'id', 'uuid', true),
    ('agent_runs', 'org_id', 'uuid', true),
    ('agent_runs', 'project_id', 'uuid', false),
    ('agent_runs', 'agent_id', 'uuid', false),
    ('agent_runs', 'user_id', 'uuid', false),
    ('agent_runs', 'session_id', 'uuid', false),
    ('agent_runs', 'task_id', 'uuid', false),
    ('agent_runs', 'idea_id', 'uuid', false),
    ('agent_runs', 'phase', 'agentgov.project_phase', false),
    ('agent_runs', 'status', 'agentgov.agent_run_status', true),
    ('agent_runs', 'tokens_in', 'bigint', true),
    ('agent_runs', 'tokens_out', 'bigint', true),
    ('agent_runs', 'cost_usd', 'numeric(12,6)', true),
    ('agent_runs', 'estimated_cost', 'numeric(10,4)', false),
    ('agent_runs', 'max_cost_limit', 'numeric(10,4)', false),
    ('agent_runs', 'output_artifact_id', 'uuid', false),
    ('agent_runs', 'created_at', 'timestamp with time zone', true),
    ('agent_runs', 'version', 'integer', true),
    ('agents', 'id', 'uuid', true),
    ('agents', 'org_id', 'uuid', false),
    ('agents', 'project_id', 'uuid', false),
    ('agents', 'name', 'character varying(100)', true),
    ('agents', 'kind', 'agentgov.agent_kind', true),
    ('agents', 'phase', 'agentgov.project_phase', false),
    ('agents', 'cost_per_execution_usd', 'numeric(8,4)', false),
    ('agents', 'created_at', 'timestamp with time zone', true),
    ('api_keys', 'id', 'uuid', true),
    ('api_keys', 'user_id', 'uuid', true),
    ('api_keys', 'provider', 'agentgov.llm_provider', true),
    ('api_keys', 'api_key_encrypted', 'bytea', true),
    ('api_keys', 'created_at', 'timestamp with time zone', true),
    ('artifact_tags', 'id', 'uuid', true),
    ('artifact_tags', 'org_id', 'uuid', true),
    ('artifact_tags', 'artifact_id', 'uuid', true),
    ('artifact_tags', 'created_at', 'timestamp with time zone', true),
    ('artifacts', 'id', 'uuid', true),
    ('artifacts', 'org_id', 'uuid', true),
    ('artifacts', 'project_id', 'uuid', true),
    ('artifacts', 'type', 'agentgov.artifact_type', true),
    ('artifacts', 'version', 'integer', true),
    ('artifacts', 'status', 'agentgov.artifact_status', true),
    ('artifacts', 'content_sha256', 'bytea', false),
    ('artifacts', 'evidence_tier', 'agentgov.evidence_tier', true),
    ('artifacts', 'created_by', 'uuid', true),
    ('artifacts', 'approved_by', 'uuid', false),
    ('artifacts', 'created_at', 'timestamp with time zone', true),
    ('audit_log', 'id', 'bigint', true),
    ('audit_log', 'org_id', 'uuid', false),
    ('audit_log', 'actor_id', 'uuid', false),
    ('audit_log', 'record_id', 'text', false),
    ('audit_log', 'correlation_id', 'uuid', false),
    ('audit_log', 'prev_hash', 'bytea', false),
    ('audit_log', 'row_hash', 'bytea', false),
    ('budget_limits', 'id', 'uuid', true),
    ('budget_limits', 'org_id', 'uuid', true),
    ('budget_limits', 'name', 'character varying(100)', true),
    ('budget_limits', 'scope_type', 'agentgov.budget_scope', true),
    ('budget_limits', 'scope_id', 'uuid', false),
    ('budget_limits', 'scope_agent_type', 'agentgov.agent_kind', false),
    ('budget_limits', 'amount_usd', 'numeric(10,2)', true),
    ('budget_limits', 'period', 'agentgov.aggregation_period', true),
    ('budget_limits', 'alert_threshold', 'numeric(3,2)', true),
    ('budget_limits', 'action_on_exceed', 'agentgov.budget_action', true),
    ('budget_limits', 'created_at', 'timestamp with time zone', true),
    ('cascade_analyses', 'id', 'uuid', true),
    ('cascade_analyses', 'org_id', 'uuid', true),
    ('cascade_analyses', 'divergence_id', 'uuid', true),
    ('cascade_analyses', 'recommendation', 'agentgov.cascade_recommendation', true),
    ('cascade_analyses', 'created_at', 'timestamp with time zone', true),
    ('conflicts', 'id', 'uuid', true),
    ('conflicts', 'org_id', 'uuid', true),
    ('conflicts', 'project_id', 'uuid', true),
    ('conflicts', 'type', 'agentgov.conflict_type', true),
    ('conflicts', 'severity', 'agentgov.conflict_severity', true),
    ('conflicts', 'status', 'agentgov.conflict_status', true),
    ('conversation_participants', 'org_id', 'uuid', true),
    ('conversation_participants', 'conversation_id', 'uuid', true),
    ('conversation_participants', 'agent_id', 'uuid', true),
    ('conversations', 'id', 'uuid', true),
    ('conversations', 'org_id', 'uuid', true),
    ('conversations', 'project_id', 'uuid', false),
    ('conversations', 'type', 'agentgov.conversation_type', true),
    ('conversations', 'mode', 'agentgov.conversation_mode', false),
    ('conversations', 'status', 'agentgov.conversation_status', true),
    ('conversations', 'created_by_user_id', 'uuid', false),
    ('conversations', 'created_by_agent_id', 'uuid', false),
    ('conversations', 'created_at', 'timestamp with time zone', true),
    ('divergence_reports', 'id', 'uuid', true),
    ('divergence_reports', 'org_id', 'uuid', true),
    ('divergence_reports', 'project_id', 'uuid', true),
    ('divergence_reports', 'artifact_id', 'uuid', true),
    ('divergence_reports', 'divergence_type', 'agentgov.divergence_type', true),
    ('divergence_reports', 'metric_name', 'agentgov.metric_name', false),
    ('divergence_reports', 'assumption_evidence_tier', 'agentgov.evidence_tier', true),
    ('divergence_reports', 'telemetry_evidence_tier', 'agentgov.evidence_tier', true),
    ('divergence_reports', 'classification', 'agentgov.divergence_classification', true),
    ('divergence_reports', 'created_at', 'timestamp with time zone', true),
    ('evidence', 'id', 'uuid', true),
    ('evidence', 'org_id', 'uuid', true),
    ('evidence', 'project_id', 'uuid', true),
    ('evidence', 'artifact_id', 'uuid', true),
    ('evidence', 'evidence_tier', 'agentgov.evidence_tier', true),
    ('evidence', 'source', 'agentgov.evidence_source', true),
    ('evidence', 'confidence_score', 'integer', true),
    ('evidence', 'created_by', 'uuid', true),
    ('evidence', 'reviewed_by', 'uuid', false),
    ('evidence', 'created_at', 'timestamp with time zone', true),
    ('evidence', 'escalation_status', 'agentgov.escalation_status', true),
    ('gate_policies', 'id', 'uuid', true),
    ('gate_policies', 'org_id', 'uuid', false),
    ('gate_policies', 'phase', 'agentgov.gate_phase', true),
    ('gate_policies', 'threshold', 'integer', true),
    ('gate_policies', 'created_at', 'timestamp with time zone', true),
    ('generated_files', 'id', 'uuid', true),
    ('generated_files', 'org_id', 'uuid', true),
    ('generated_files', 'generated_project_id', 'uuid', true),
    ('generated_files', 'created_at', 'timestamp with time zone', true),
    ('generated_projects', 'id', 'uuid', true),
    ('generated_projects', 'org_id', 'uuid', true),
    ('generated_projects', 'project_id', 'uuid', true),
    ('generated_projects', 'test_coverage', 'numeric(5,2)', false),
    ('generated_projects', 'quality_score', 'integer', false),
    ('generated_projects', 'traceability_score', 'integer', false),
    ('generated_projects', 'generation_status', 'agentgov.generation_status', true),
    ('github_issues', 'id', 'uuid', true),
    ('github_issues', 'org_id', 'uuid', true),
    ('github_issues', 'project_id', 'uuid', true),
    ('github_issues', 'github_id', 'bigint', true),
    ('github_issues', 'conversation_id', 'uuid', false),
    ('github_issues', 'created_at', 'timestamp with time zone', true),
    ('governance_events', 'id', 'uuid', true),
    ('governance_events', 'org_id', 'uuid', true),
    ('governance_events', 'run_id', 'uuid', true),
    ('governance_events', 'event_type', 'agentgov.governance_event_type', true),
    ('governance_events', 'framework', 'agentgov.governance_framework', true),
    ('governance_events', 'created_at', 'timestamp with time zone', true),
    ('governance_events', 'created_by', 'character varying(255)', false),
    ('governance_events', 'correlation_id', 'uuid', false),
    ('ideas', 'id', 'uuid', true),
    ('ideas', 'org_id', 'uuid', true),
    ('ideas', 'project_id', 'uuid', true),
    ('ideas', 'source', 'agentgov.idea_source', false),
    ('ideas', 'status', 'agentgov.idea_status', true),
    ('ideas', 'created_at', 'timestamp with time zone', true),
    ('job_queue', 'id', 'uuid', true),
    ('job_queue', 'org_id', 'uuid', true),
    ('job_queue', 'status', 'agentgov.job_status', true),
    ('job_queue', 'created_at', 'timestamp with time zone', true),
    ('knowledge_base_documents', 'id', 'uuid', true),
    ('knowledge_base_documents', 'org_id', 'uuid', true),
    ('knowledge_base_documents', 'project_id', 'uuid', true),
    ('knowledge_base_documents', 'user_id', 'uuid', true),
    ('maturity_tracking', 'id', 'uuid', true),
    ('maturity_tracking', 'org_id', 'uuid', true),
    ('maturity_tracking', 'project_id', 'uuid', true),
    ('maturity_tracking', 'score', 'integer', true),
    ('messages', 'id', 'uuid', true),
    ('messages', 'org_id', 'uuid', true),
    ('messages', 'conversation_id', 'uuid', true),
    ('messages', 'author_type', 'agentgov.message_author', true),
    ('messages', 'user_id', 'uuid', false),
    ('messages', 'agent_id', 'uuid', false),
    ('messages', 'reply_to_id', 'uuid', false),
    ('messages', 'tokens_in', 'integer', true),
    ('messages', 'tokens_out', 'integer', true),
    ('messages', 'cost_usd', 'numeric(10,6)', true),
    ('messages', 'created_at', 'timestamp with time zone', true),
    ('model_prices', 'id', 'uuid', true),
    ('model_prices', 'input_usd_per_mtok', 'numeric(12,6)', true),
    ('model_prices', 'output_usd_per_mtok', 'numeric(12,6)', true),
    ('model_prices', 'created_at', 'timestamp with time zone', true),
    ('notifications', 'id', 'uuid', true),
    ('notifications', 'org_id', 'uuid', true),
    ('notifications', 'user_id', 'uuid', true),
    ('notifications', 'severity', 'agentgov.notification_severity', true),
    ('notifications', 'project_id', 'uuid', false),
    ('notifications', 'agent_id', 'uuid', false),
    ('notifications', 'created_at', 'timestamp with time zone', true),
    ('organization_members', 'org_id', 'uuid', true),
    ('organization_members', 'user_id', 'uuid', true),
    ('organization_members', 'role', 'agentgov.user_role', true),
    ('organization_members', 'created_at', 'timestamp with time zone', true),
    ('organizations', 'id', 'uuid', true),
    ('organizations', 'name', 'character varying(100)', true),
    ('organizations', 'slug', 'character varying(50)', true),
    ('organizations', 'subscription_tier', 'agentgov.subscription_tier', true),
    ('organizations', 'created_at', 'timestamp with time zone', true),
    ('password_reset_requests', 'id', 'uuid', true),
    ('password_reset_requests', 'user_id', 'uuid', true),
    ('password_reset_requests', 'token_sha256', 'bytea', true),
    ('password_reset_requests', 'created_at', 'timestamp with time zone', true),
    ('persona_activations', 'id', 'uuid', true),
    ('persona_activations', 'org_id', 'uuid', true),
    ('persona_activations', 'run_id', 'uuid', true),
    ('persona_activations', 'persona_id', 'character varying(100)', true),
    ('personas', 'id', 'character varying(100)', true),
    ('personas', 'priority_level', 'integer', true),
    ('personas', 'created_at', 'timestamp with time zone', true),
    ('phase_gate_decisions', 'id', 'uuid', true),
    ('phase_gate_decisions', 'org_id', 'uuid', true),
    ('phase_gate_decisions', 'project_id', 'uuid', true),
    ('phase_gate_decisions', 'artifact_id', 'uuid', false),
    ('phase_gate_decisions', 'phase', 'agentgov.gate_phase', true),
    ('phase_gate_decisions', 'score', 'integer', true),
    ('phase_gate_decisions', 'target_threshold', 'integer', true),
    ('phase_gate_decisions', 'decision', 'agentgov.gate_decision', true),
    ('phase_gate_decisions', 'decided_by', 'uuid', true),
    ('phase_gate_decisions', 'override_by', 'uuid', false),
    ('phase_gate_decisions', 'created_at', 'timestamp with time zone', true),
    ('project_shares', 'id', 'uuid', true),
    ('project_shares', 'org_id', 'uuid', true),
    ('project_shares', 'project_id', 'uuid', true),
    ('project_shares', 'team_id', 'uuid', true),
    ('project_shares', 'shared_by', 'uuid', true),
    ('project_shares', 'permission_level', 'agentgov.share_permission', true),
    ('projects', 'id', 'uuid', true),
    ('projects', 'org_id', 'uuid', true),
    ('projects', 'workspace_id', 'uuid', false),
    ('projects', 'name', 'character varying(255)', true),
    ('projects', 'phase', 'agentgov.project_phase', true),
    ('projects', 'status', 'agentgov.project_status', true),
    ('projects', 'maturity_score', 'integer', true),
    ('projects', 'github_app_id', 'character varying(100)', false),
    ('projects', 'github_installation_id', 'character varying(100)', false),
    ('projects', 'created_by', 'uuid', false),
    ('projects', 'last_updated_by', 'uuid', false),
    ('projects', 'created_at', 'timestamp with time zone', true),
    ('pull_requests', 'id', 'uuid', true),
    ('pull_requests', 'org_id', 'uuid', true),
    ('pull_requests', 'project_id', 'uuid', true),
    ('pull_requests', 'github_id', 'bigint', true),
    ('pull_requests', 'issue_id', 'uuid', false),
    ('pull_requests', 'conversation_id', 'uuid', false),
    ('pull_requests', 'created_by_agent_id', 'uuid', false),
    ('pull_requests', 'created_at', 'timestamp with time zone', true),
    ('quality_metrics', 'id', 'uuid', true),
    ('quality_metrics', 'org_id', 'uuid', true),
    ('quality_metrics', 'project_id', 'uuid', true),
    ('quality_metrics', 'metric_value', 'numeric(10,2)', true),
    ('quality_metrics', 'threshold', 'numeric(10,2)', false),
    ('question_effectiveness', 'id', 'uuid', true),
    ('question_effectiveness', 'user_id', 'uuid', true),
    ('question_effectiveness', 'question_template_id', 'character varying(100)', true),
    ('question_effectiveness', 'average_spec_extraction_count', 'numeric(5,2)', false),
    ('question_effectiveness', 'effectiveness_score', 'numeric(3,2)', false),
    ('questions', 'id', 'uuid', true),
    ('questions', 'org_id', 'uuid', true),
    ('questions', 'project_id', 'uuid', true),
    ('questions', 'idea_id', 'uuid', false),
    ('questions', 'conversation_id', 'uuid', false),
    ('questions', 'agent_id', 'uuid', false),
    ('questions', 'status', 'agentgov.question_status', true),
    ('questions', 'quality_score', 'numeric(3,2)', false),
    ('questions', 'created_at', 'timestamp with time zone', true),
    ('refresh_tokens', 'id', 'uuid', true),
    ('refresh_tokens', 'user_id', 'uuid', true),
    ('refresh_tokens', 'token_sha256', 'bytea', true),
    ('refresh_tokens', 'created_at', 'timestamp with time zone', true),
    ('run_logs', 'id', 'uuid', true),
    ('run_logs', 'org_id', 'uuid', true),
    ('run_logs', 'run_id', 'uuid', true),
    ('run_logs', 'kind', 'agentgov.run_log_kind', true),
    ('run_logs', 'level', 'agentgov.log_level', true),
    ('run_logs', 'created_at', 'timestamp with time zone', true),
    ('session_activities', 'id', 'uuid', true),
    ('session_activities', 'session_id', 'uuid', true),
    ('specifications', 'id', 'uuid', true),
    ('specifications', 'org_id', 'uuid', true),
    ('specifications', 'project_id', 'uuid', true),
    ('specifications', 'conversation_id', 'uuid', false),
    ('specifications', 'source', 'agentgov.spec_source', true),
    ('specifications', 'confidence', 'numeric(3,2)', false),
    ('specifications', 'created_at', 'timestamp with time zone', true),
    ('specifications', 'superseded_by', 'uuid', false),
    ('tasks', 'id', 'uuid', true),
    ('tasks', 'org_id', 'uuid', true),
    ('tasks', 'project_id', 'uuid', true),
    ('tasks', 'parent_id', 'uuid', false),
    ('tasks', 'idea_id', 'uuid', false),
    ('tasks', 'issue_id', 'uuid', false),
    ('tasks', 'pr_id', 'uuid', false),
    ('tasks', 'type', 'agentgov.task_type', false),
    ('tasks', 'status', 'agentgov.task_status', true),
    ('tasks', 'priority_level', 'agentgov.task_priority', true),
    ('tasks', 'assigned_agent_id', 'uuid', false),
    ('tasks', 'total_cost_usd', 'numeric(12,6)', true),
    ('tasks', 'created_at', 'timestamp with time zone', true),
    ('team_invitations', 'id', 'uuid', true),
    ('team_invitations', 'org_id', 'uuid', true),
    ('team_invitations', 'team_id', 'uuid', true),
    ('team_invitations', 'invited_by', 'uuid', true),
    ('team_invitations', 'role', 'agentgov.team_role', true),
    ('team_invitations', 'token_sha256', 'bytea', true),
    ('team_invitations', 'created_at', 'timestamp with time zone', true),
    ('team_members', 'id', 'uuid', true),
    ('team_members', 'org_id', 'uuid', true),
    ('team_members', 'team_id', 'uuid', true),
    ('team_members', 'user_id', 'uuid', true),
    ('team_members', 'role', 'agentgov.team_role', true),
    ('teams', 'id', 'uuid', true),
    ('teams', 'org_id', 'uuid', true),
    ('teams', 'name', 'character varying(255)', true),
    ('teams', 'created_by', 'uuid', true),
    ('teams', 'created_at', 'timestamp with time zone', true),
    ('telemetry', 'id', 'uuid', true),
    ('telemetry', 'org_id', 'uuid', true),
    ('telemetry', 'project_id', 'uuid', true),
    ('telemetry', 'metric_name', 'agentgov.metric_name', true),
    ('telemetry', 'metric_value', 'numeric(10,4)', true),
    ('telemetry', 'evidence_tier', 'agentgov.evidence_tier', true),
    ('telemetry', 'created_at', 'timestamp with time zone', true),
    ('test_results', 'id', 'uuid', true),
    ('test_results', 'org_id', 'uuid', true),
    ('test_results', 'project_id', 'uuid', true),
    ('test_results', 'test_status', 'agentgov.test_status', true),
    ('usage_events', 'id', 'uuid', true),
    ('usage_events', 'org_id', 'uuid', true),
    ('usage_events', 'user_id', 'uuid', false),
    ('usage_events', 'project_id', 'uuid', false),
    ('usage_events', 'agent_id', 'uuid', false),
    ('usage_events', 'run_id', 'uuid', false),
    ('usage_events', 'conversation_id', 'uuid', false),
    ('usage_events', 'message_id', 'uuid', false),
    ('usage_events', 'task_id', 'uuid', false),
    ('usage_events', 'agent_kind', 'agentgov.agent_kind', false),
    ('usage_events', 'tokens_in', 'integer', true),
    ('usage_events', 'tokens_out', 'integer', true),
    ('usage_events', 'cost_usd', 'numeric(12,6)', false),
    ('usage_events', 'price_id', 'uuid', false),
    ('usage_rollups', 'id', 'uuid', true),
    ('usage_rollups', 'org_id', 'uuid', true),
    ('usage_rollups', 'project_id', 'uuid', false),
    ('usage_rollups', 'agent_id', 'uuid', false),
    ('usage_rollups', 'tokens_in', 'bigint', true),
    ('usage_rollups', 'tokens_out', 'bigint', true),
    ('usage_rollups', 'cost_usd', 'numeric(20,6)', true),
    ('user_behavior_patterns', 'id', 'uuid', true),
    ('user_behavior_patterns', 'user_id', 'uuid', true),
    ('user_behavior_patterns', 'confidence', 'numeric(3,2)', true),
    ('user_rules', 'id', 'uuid', true),
    ('user_rules', 'user_id', 'uuid', true),
    ('user_rules', 'created_at', 'timestamp with time zone', true),
    ('user_sessions', 'id', 'uuid', true),
    ('user_sessions', 'user_id', 'uuid', true),
    ('user_sessions', 'token_sha256', 'bytea', false),
    ('user_sessions', 'created_at', 'timestamp with time zone', true),
    ('user_sessions', 'version', 'integer', true),
    ('users', 'id', 'uuid', true),
    ('users', 'email', 'character varying(255)', true),
    ('users', 'auth_provider', 'agentgov.auth_provider', true),
    ('users', 'auth_provider_id', 'character varying(255)', false),
    ('users', 'telegram_chat_id', 'bigint', false),
    ('users', 'created_at', 'timestamp with time zone', true),
    ('users', 'version', 'integer', true),
    ('validation_results', 'id', 'uuid', true),
    ('validation_results', 'org_id', 'uuid', true),
    ('validation_results', 'event_id', 'uuid', true),
    ('validation_results', 'score', 'numeric(5,2)', false),
    ('validation_results', 'created_at', 'timestamp with time zone', true),
    ('webhooks', 'id', 'uuid', true),
    ('webhooks', 'org_id', 'uuid', true),
    ('webhooks', 'project_id', 'uuid', true),
    ('webhooks', 'created_at', 'timestamp with time zone', true),
    ('workspaces', 'id', 'uuid', true),
    ('workspaces', 'org_id', 'uuid', true),
    ('workspaces', 'name', 'character varying(50)', true),
    ('workspaces', 'created_by', 'uuid', true),
    ('workspaces', 'created_at', 'timestamp with time zone', true)
;

-- Enum types with the seeds' own spellings, in order.
CREATE TEMP TABLE expected_enums (typ name, labels text[]) ON COMMIT DROP;
INSERT INTO expected_enums VALUES
    ('subscription_tier', ARRAY['BASIC', 'PRO', 'ENTERPRISE']),
    ('auth_provider', ARRAY['local', 'supabase', 'google', 'github']),
    ('user_role', ARRAY['ADMIN', 'MEMBER', 'VIEWER']),
    ('team_role', ARRAY['owner', 'lead', 'developer', 'viewer']),
    ('share_permission', ARRAY['read', 'write', 'admin']),
    ('llm_provider', ARRAY['claude', 'openai', 'gemini', 'ollama', 'other']),
    ('project_phase', ARRAY['DISCOVER', 'DEFINE', 'DESIGN', 'DEVELOP', 'DEPLOY']),
    ('project_status', ARRAY['IN_PROGRESS', 'PASSED', 'CONDITIONAL', 'FAILED']),
    ('conversation_type', ARRAY['issue', 'general', 'task', 'review']),
    ('conversation_mode', ARRAY['socratic', 'direct_chat']),
    ('conversation_status', ARRAY['active', 'paused', 'completed', 'archived']),
    ('message_author', ARRAY['user', 'agent', 'system']),
    ('spec_source', ARRAY['user_input', 'extracted', 'inferred']),
    ('idea_source', ARRAY['web', 'api', 'cli']),
    ('idea_status', ARRAY['pending', 'refining', 'questions', 'approved', 'rejected', 'converted']),
    ('question_status', ARRAY['pending', 'answered', 'skipped']),
    ('conflict_type', ARRAY['technology', 'requirement', 'timeline', 'resource']),
    ('conflict_severity', ARRAY['low', 'medium', 'high', 'critical']),
    ('conflict_status', ARRAY['open', 'resolved', 'ignored']),
    ('task_type', ARRAY['feature', 'bugfix', 'refactor', 'chore']),
    ('task_status', ARRAY['queued', 'pending', 'in_progress', 'testing', 'review', 'blocked', 'done', 'completed', 'failed', 'cancelled', 'skipped']),
    ('task_priority', ARRAY['low', 'medium', 'high', 'urgent']),
    ('job_status', ARRAY['pending', 'running', 'done', 'failed', 'cancelled']),
    ('log_level', ARRAY['debug', 'info', 'warn', 'error']),
    ('run_log_kind', ARRAY['log', 'interaction']),
    ('artifact_type', ARRAY['PROBLEM', 'PERSONA', 'MARKET_RESEARCH', 'PRD', 'POSITIONING', 'PRICING', 'GTM', 'ARCHITECTURE', 'WIREFRAME', 'PROTOTYPE', 'API_SPEC', 'DB_SCHEMA', 'CODE_BACKEND', 'CODE_FRONTEND', 'TEST_SUITE', 'DEPLOYMENT_PLAN']),
    ('artifact_status', ARRAY['DRAFT', 'REVIEW', 'APPROVED', 'DEPLOYED']),
    ('evidence_tier', ARRAY['E0', 'E1', 'E2', 'E3', 'E4']),
    ('evidence_source', ARRAY['interview', 'survey', 'market_research', 'telemetry', 'analyst_report']),
    ('escalation_status', ARRAY['NONE', 'IN_REVIEW', 'ESCALATED']),
    ('gate_phase', ARRAY['VRC', 'VCD', 'DSP', 'MDP']),
    ('gate_decision', ARRAY['PASS', 'CONDITIONAL', 'FAIL']),
    ('test_status', ARRAY['pending', 'running', 'passed', 'failed']),
    ('generation_status', ARRAY['pending', 'in_progress', 'completed', 'failed']),
    ('metric_name', ARRAY['feature_usage', 'retention', 'crash_rate', 'latency_p50', 'error_rate', 'user_adoption', 'churn_rate', 'nps_score']),
    ('divergence_type', ARRAY['PERSONA_MISMATCH', 'FEATURE_ADOPTION_MISS', 'PRICING_ELASTICITY_MISS', 'LATENCY_MISS']),
    ('divergence_classification', ARRAY['COSMETIC', 'MINOR', 'MAJOR']),
    ('cascade_recommendation', ARRAY['SKIP', 'REEXECUTE', 'FULL_REDESIGN']),
    ('agent_kind', ARRAY['VALIDATOR', 'ANALYZER', 'GENERATOR', 'ASSEMBLER', 'refinement', 'development', 'support', 'planning', 'orchestrator', 'architect', 'coder', 'tester', 'reviewer']),
    ('agent_run_status', ARRAY['queued', 'initializing', 'pending_approval', 'approved', 'running', 'completed', 'failed', 'cancelled', 'blocked', 'retried']),
    ('governance_event_type', ARRAY['pre_agent_spawn', 'post_agent_spawn', 'pre_persona_activation', 'post_persona_activation', 'cost_validation', 'consensus_check', 'emergency_stop', 'circuit_breaker']),
    ('governance_framework', ARRAY['sarah_three_questions', 'alex_3am_test', 'consensus', 'emergency']),
    ('aggregation_period', ARRAY['daily', 'weekly', 'monthly']),
    ('budget_scope', ARRAY['global', 'project', 'agent', 'agent_type']),
    ('budget_action', ARRAY['warn', 'block']),
    ('notification_severity', ARRAY['info', 'warning', 'critical'])
;

-- Tables whose updated_at the C trigger maintains.
CREATE TEMP TABLE touched_tables (name name) ON COMMIT DROP;
INSERT INTO touched_tables VALUES
    ('agent_memory'), ('agent_runs'), ('agents'), ('budget_limits'), ('cascade_analyses'),
    ('conversations'), ('gate_policies'), ('github_issues'), ('ideas'), ('messages'),
    ('model_prices'), ('organizations'), ('personas'), ('projects'), ('pull_requests'),
    ('question_effectiveness'), ('questions'), ('tasks'), ('teams'), ('usage_rollups'),
    ('user_behavior_patterns'), ('user_rules'), ('users'), ('workspaces');

SELECT plan(1 + 3 * (SELECT count(*)::int FROM expected_tables)
            + (SELECT count(*)::int FROM key_columns)
            + (SELECT count(*)::int FROM expected_enums)
            + 2 * (SELECT count(*)::int FROM touched_tables)
            + 22);

SELECT has_schema('agentgov');

-- ---- Tables, keys, comments ----
SELECT has_table('agentgov', name, format('table %s exists', name)) FROM expected_tables ORDER BY name;
SELECT col_is_pk('agentgov', name, pk, format('%s is keyed (%s)', name, array_to_string(pk, ', ')))
  FROM expected_tables ORDER BY name;
SELECT ok(obj_description(format('agentgov.%I', name)::regclass, 'pg_class') IS NOT NULL,
          format('%s has a comment', name))
  FROM expected_tables ORDER BY name;

-- Tenant tables keyed (org_id, id) can be looked up by id alone.
SELECT is_empty($$
    SELECT t.name FROM expected_tables t
     WHERE t.pk = '{org_id,id}'
       AND NOT EXISTS (SELECT 1 FROM pg_index i
                        WHERE i.indrelid = format('agentgov.%I', t.name)::regclass
                          AND i.indkey[0] = (SELECT attnum FROM pg_attribute
                                              WHERE attrelid = i.indrelid AND attname = 'id'))
$$, 'every tenant table keyed (org_id, id) has an index on id');

-- Every column whose meaning a reader cannot guess from its name has a
-- comment; at the least, the columns that say where a seed's data went.
SELECT is_empty($$
    SELECT c.relname || '.' || a.attname
      FROM (VALUES ('agent_runs', 'agent_type'), ('agent_runs', 'tokens_total'), ('agent_runs', 'cost_usd'),
                   ('agents', 'catalog_no'), ('agents', 'kind'), ('agents', 'org_id'),
                   ('audit_log', 'actor_id'), ('audit_log', 'table_name'), ('audit_log', 'old_values'),
                   ('budget_limits', 'alert_threshold'), ('conversations', 'mode'),
                   ('evidence', 'confidence_score'), ('governance_events', 'framework'),
                   ('messages', 'author_type'), ('organizations', 'max_projects'),
                   ('phase_gate_decisions', 'target_threshold'), ('projects', 'archived_at'),
                   ('projects', 'created_by'), ('projects', 'local_path'), ('projects', 'phase'),
                   ('questions', 'text'), ('specifications', 'conversation_id'),
                   ('tasks', 'parent_id'), ('tasks', 'priority_level'), ('tasks', 'assigned_agent_id'),
                   ('telemetry', 'observed_at'), ('usage_events', 'occurred_at'),
                   ('usage_events', 'latency_ms'), ('usage_events', 'agent_kind'),
                   ('users', 'auth_provider_id'), ('users', 'preferences')) v(t, col)
      JOIN pg_class c ON c.relnamespace = 'agentgov'::regnamespace AND c.relname = v.t
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = v.col
     WHERE col_description(c.oid, a.attnum) IS NULL
$$, 'the renamed and non-obvious columns have comments');

-- ---- Key columns: type and nullability ----
SELECT is((SELECT format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END
             FROM pg_attribute a
            WHERE a.attrelid = format('agentgov.%I', k.tbl)::regclass AND a.attname = k.col AND NOT a.attisdropped),
          k.type || CASE WHEN k.not_null THEN ' NOT NULL' ELSE ' NULL' END,
          format('%s.%s is %s%s', k.tbl, k.col, k.type, CASE WHEN k.not_null THEN ' NOT NULL' ELSE '' END))
  FROM key_columns k ORDER BY k.tbl, k.col;

-- ---- Conventions over every column ----
SELECT is_empty($$
    SELECT c.relname || '.' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind = 'r' AND a.attnum > 0
       AND NOT a.attisdropped
       AND a.atttypid IN ('real'::regtype, 'double precision'::regtype, 'money'::regtype)
$$, 'no floating-point or money column: amounts are numeric');
SELECT is((SELECT format_type(atttypid, atttypmod) FROM pg_attribute
            WHERE attrelid = 'agentgov.knowledge_base_documents'::regclass AND attname = 'embedding'),
          'real[]', 'the only float data is the embedding, a real[] (pgvector is not a dependency)');
SELECT is_empty($$
    SELECT c.relname || '.' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind = 'r' AND a.attnum > 0
       AND NOT a.attisdropped
       AND a.atttypid IN ('timestamp'::regtype, 'json'::regtype, 'time'::regtype, 'timetz'::regtype)
$$, 'timestamps are timestamptz and documents are jsonb');
SELECT is_empty($$
    SELECT c.relname || '.' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind = 'r' AND a.attnum > 0
       AND NOT a.attisdropped AND a.attname ~ '(^|_)(cost|usd|amount)'
       AND a.atttypid <> 'numeric'::regtype
$$, 'every cost and amount column is numeric');
SELECT is_empty($$
    SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id'
      JOIN expected_tables t ON t.name = c.relname AND t.scope = 'tenant'
     WHERE c.relnamespace = 'agentgov'::regnamespace AND NOT (a.attnotnull AND a.atttypid = 'uuid'::regtype)
$$, 'every tenant table has org_id uuid NOT NULL');
SELECT is_empty($$
    SELECT c.relname || '.' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind = 'r' AND a.attname LIKE 'token%'
       AND a.atttypid IN ('text'::regtype, 'varchar'::regtype)
$$, 'no token is stored in plain text');

-- ---- Enum types ----
SELECT enum_has_labels('agentgov', typ, labels::name[], format('enum %s has labels %s', typ, array_to_string(labels, ', ')))
  FROM expected_enums ORDER BY typ;

-- ---- updated_at: one C trigger function on every table with the column ----
SELECT has_column('agentgov', name, 'updated_at', format('%s has updated_at', name))
  FROM touched_tables ORDER BY name;
SELECT trigger_is('agentgov', name, 'touch_updated_at', 'agentgov', 'touch_updated_at',
                  format('%s.updated_at is stamped by agentgov.touch_updated_at()', name))
  FROM touched_tables ORDER BY name;
SELECT is((SELECT l.lanname::text FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
            WHERE p.oid = 'agentgov.touch_updated_at()'::regprocedure),
          'c', 'touch_updated_at() is written in C');
SELECT is_empty($$
    SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'updated_at'
     WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind = 'r'
       AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid
                          AND g.tgfoid = 'agentgov.touch_updated_at()'::regprocedure)
$$, 'no table with updated_at lacks the trigger');

-- ---- Registration for pg_dump ----
SELECT is_empty($$
    SELECT c.relname FROM pg_class c
     WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind IN ('r', 'S')
       AND c.oid <> ALL (SELECT unnest(extconfig) FROM pg_extension WHERE extname = 'agentgov')
$$, 'every table and sequence is registered with pg_extension_config_dump');
SELECT is((SELECT f.condition FROM pg_extension e,
                  unnest(e.extconfig, e.extcondition) AS f(relid, condition)
            WHERE e.extname = 'agentgov' AND f.relid = 'agentgov.gate_policies'::regclass),
          '', 'the default gate policies are dumped too: a restore replaces the seeded ones with them');
SELECT ok((SELECT pg_get_serial_sequence('agentgov.audit_log', 'id')::regclass = ANY (extconfig)
             FROM pg_extension WHERE extname = 'agentgov'),
          'the audit_log identity sequence is registered itself, so restored ids do not collide');
SELECT results_eq($$SELECT phase::text AS gate, threshold, conditional_margin FROM agentgov.gate_policies
                     WHERE org_id IS NULL ORDER BY phase$$,
                  $$VALUES ('VRC', 76, 10), ('VCD', 75, 10), ('DSP', 80, 10), ('MDP', 85, 10)$$,
                  'the default gate policies are seeded');

-- ---- Views and functions of the assistant seed ----
SELECT has_view('agentgov', 'active_agent_runs', 'view active_agent_runs exists');
SELECT columns_are('agentgov', 'active_agent_runs',
                   ARRAY['id', 'org_id', 'project_id', 'agent_id', 'agent_type', 'user_id', 'status',
                         'cost_usd', 'created_at', 'approvals', 'rejections'],
                   'active_agent_runs has the columns of active_agent_sessions, renamed');
SELECT has_view('agentgov', 'user_activity_summary', 'view user_activity_summary exists');
SELECT columns_are('agentgov', 'user_activity_summary',
                   ARRAY['user_id', 'username', 'last_active_at', 'total_runs', 'total_cost',
                         'avg_cost_per_run', 'last_run_at'],
                   'user_activity_summary has the columns of the seed''s view, renamed');
SELECT is((SELECT pg_get_function_result('agentgov.db_health_check()'::regprocedure)),
          'TABLE(metric character varying, value numeric, status character varying, threshold numeric)',
          'db_health_check() returns the seed''s columns');
SELECT is((SELECT pg_get_function_result('agentgov.cleanup_old_data()'::regprocedure)),
          'TABLE(table_name text, deleted bigint, retention interval)',
          'cleanup_old_data() reports what it deleted under which retention');
SELECT is((SELECT pg_get_function_result('agentgov.retention_interval(text)'::regprocedure)),
          'interval', 'retention_interval(text) returns an interval');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
     WHERE p.pronamespace = 'agentgov'::regnamespace AND l.lanname IN ('sql', 'plpgsql')
       AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)
$$, 'SQL and PL/pgSQL functions pin search_path = pg_catalog, pg_temp');

SELECT * FROM finish();
ROLLBACK;
