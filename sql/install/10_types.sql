\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Enum types: the seeds' closed vocabularies, in each seed's own spelling
-- (the platform's upper case, the others lower case).  Where seeds name the
-- same vocabulary differently, one type holds the union of their values.
-- ---------------------------------------------------------------------------

-- Tenancy and identity
CREATE TYPE agentgov.subscription_tier AS ENUM ('BASIC', 'PRO', 'ENTERPRISE');
COMMENT ON TYPE agentgov.subscription_tier IS 'Plan of an organization (platform); sets the default plan limits';

CREATE TYPE agentgov.auth_provider AS ENUM ('local', 'supabase', 'google', 'github');
COMMENT ON TYPE agentgov.auth_provider IS 'How a user authenticates: local password or an external identity provider';

CREATE TYPE agentgov.user_role AS ENUM ('ADMIN', 'MEMBER', 'VIEWER');
COMMENT ON TYPE agentgov.user_role IS 'Role of a user inside an organization (platform organization_members.role)';

CREATE TYPE agentgov.team_role AS ENUM ('owner', 'lead', 'developer', 'viewer');
COMMENT ON TYPE agentgov.team_role IS 'Role of a user inside a team (socrates team_members.role)';

CREATE TYPE agentgov.share_permission AS ENUM ('read', 'write', 'admin');
COMMENT ON TYPE agentgov.share_permission IS 'Permission a team gets on a shared project (socrates project_shares)';

CREATE TYPE agentgov.llm_provider AS ENUM ('claude', 'openai', 'gemini', 'ollama', 'other');
COMMENT ON TYPE agentgov.llm_provider IS 'LLM provider of a stored API key (socrates api_keys.provider)';

-- Projects and phases
CREATE TYPE agentgov.project_phase AS ENUM ('DISCOVER', 'DEFINE', 'DESIGN', 'DEVELOP', 'DEPLOY');
COMMENT ON TYPE agentgov.project_phase IS 'Phase of a project; socrates discovery/analysis/design/implementation map onto the first four';

CREATE TYPE agentgov.project_status AS ENUM ('IN_PROGRESS', 'PASSED', 'CONDITIONAL', 'FAILED');
COMMENT ON TYPE agentgov.project_status IS 'Outcome of the last gate of the current phase';

-- Collaboration (orchestrator, socrates, github-agents)
CREATE TYPE agentgov.conversation_type AS ENUM ('issue', 'general', 'task', 'review');
CREATE TYPE agentgov.conversation_mode AS ENUM ('socratic', 'direct_chat');
CREATE TYPE agentgov.conversation_status AS ENUM ('active', 'paused', 'completed', 'archived');
CREATE TYPE agentgov.message_author AS ENUM ('user', 'agent', 'system');
COMMENT ON TYPE agentgov.message_author IS 'Author of a message; socrates role assistant is stored as agent';

CREATE TYPE agentgov.spec_source AS ENUM ('user_input', 'extracted', 'inferred');
CREATE TYPE agentgov.idea_source AS ENUM ('web', 'api', 'cli');
CREATE TYPE agentgov.idea_status AS ENUM ('pending', 'refining', 'questions', 'approved', 'rejected', 'converted');
CREATE TYPE agentgov.question_status AS ENUM ('pending', 'answered', 'skipped');
CREATE TYPE agentgov.conflict_type AS ENUM ('technology', 'requirement', 'timeline', 'resource');
CREATE TYPE agentgov.conflict_severity AS ENUM ('low', 'medium', 'high', 'critical');
CREATE TYPE agentgov.conflict_status AS ENUM ('open', 'resolved', 'ignored');

CREATE TYPE agentgov.task_type AS ENUM ('feature', 'bugfix', 'refactor', 'chore');
CREATE TYPE agentgov.task_status AS ENUM (
    'queued', 'pending', 'in_progress', 'testing', 'review', 'blocked',
    'done', 'completed', 'failed', 'cancelled', 'skipped');
COMMENT ON TYPE agentgov.task_status IS 'Union of orchestrator ticket and subtask states and github-agents task states';
CREATE TYPE agentgov.task_priority AS ENUM ('low', 'medium', 'high', 'urgent');
CREATE TYPE agentgov.job_status AS ENUM ('pending', 'running', 'done', 'failed', 'cancelled');
CREATE TYPE agentgov.log_level AS ENUM ('debug', 'info', 'warn', 'error');
CREATE TYPE agentgov.run_log_kind AS ENUM ('log', 'interaction');
COMMENT ON TYPE agentgov.run_log_kind IS 'log: orchestrator run log line; interaction: assistant agent interaction';

-- Artifacts, evidence, gates, quality
CREATE TYPE agentgov.artifact_type AS ENUM (
    'PROBLEM', 'PERSONA', 'MARKET_RESEARCH', 'PRD', 'POSITIONING',
    'PRICING', 'GTM', 'ARCHITECTURE', 'WIREFRAME', 'PROTOTYPE',
    'API_SPEC', 'DB_SCHEMA', 'CODE_BACKEND', 'CODE_FRONTEND',
    'TEST_SUITE', 'DEPLOYMENT_PLAN');
CREATE TYPE agentgov.artifact_status AS ENUM ('DRAFT', 'REVIEW', 'APPROVED', 'DEPLOYED');
CREATE TYPE agentgov.evidence_tier AS ENUM ('E0', 'E1', 'E2', 'E3', 'E4');
COMMENT ON TYPE agentgov.evidence_tier IS 'Strength of evidence, E0 (assumption) to E4 (production telemetry)';
CREATE TYPE agentgov.evidence_source AS ENUM ('interview', 'survey', 'market_research', 'telemetry', 'analyst_report');
CREATE TYPE agentgov.escalation_status AS ENUM ('NONE', 'IN_REVIEW', 'ESCALATED');
CREATE TYPE agentgov.gate_phase AS ENUM ('VRC', 'VCD', 'DSP', 'MDP');
COMMENT ON TYPE agentgov.gate_phase IS 'Phase gates: VRC ends DISCOVER, VCD ends DEFINE, DSP ends DESIGN, MDP ends DEVELOP';
CREATE TYPE agentgov.gate_decision AS ENUM ('PASS', 'CONDITIONAL', 'FAIL');
CREATE TYPE agentgov.test_status AS ENUM ('pending', 'running', 'passed', 'failed');
CREATE TYPE agentgov.generation_status AS ENUM ('pending', 'in_progress', 'completed', 'failed');

-- Telemetry and divergence
CREATE TYPE agentgov.metric_name AS ENUM (
    'feature_usage', 'retention', 'crash_rate', 'latency_p50',
    'error_rate', 'user_adoption', 'churn_rate', 'nps_score');
CREATE TYPE agentgov.divergence_type AS ENUM (
    'PERSONA_MISMATCH', 'FEATURE_ADOPTION_MISS', 'PRICING_ELASTICITY_MISS', 'LATENCY_MISS');
CREATE TYPE agentgov.divergence_classification AS ENUM ('COSMETIC', 'MINOR', 'MAJOR');
CREATE TYPE agentgov.cascade_recommendation AS ENUM ('SKIP', 'REEXECUTE', 'FULL_REDESIGN');

-- Agents and governance
CREATE TYPE agentgov.agent_kind AS ENUM (
    'VALIDATOR', 'ANALYZER', 'GENERATOR', 'ASSEMBLER',
    'refinement', 'development', 'support', 'planning',
    'orchestrator', 'architect', 'coder', 'tester', 'reviewer');
COMMENT ON TYPE agentgov.agent_kind IS 'Union of the agent types of the platform (upper case), orchestrator and github-agents';
CREATE TYPE agentgov.agent_run_status AS ENUM (
    'queued', 'initializing', 'pending_approval', 'approved', 'running',
    'completed', 'failed', 'cancelled', 'blocked', 'retried');
COMMENT ON TYPE agentgov.agent_run_status IS 'Lifecycle of an agent run (platform, orchestrator and assistant states unified)';
CREATE TYPE agentgov.governance_event_type AS ENUM (
    'pre_agent_spawn', 'post_agent_spawn', 'pre_persona_activation',
    'post_persona_activation', 'cost_validation', 'consensus_check',
    'emergency_stop', 'circuit_breaker');
CREATE TYPE agentgov.governance_framework AS ENUM (
    'sarah_three_questions', 'alex_3am_test', 'consensus', 'emergency');

-- Usage, budgets, notifications
CREATE TYPE agentgov.aggregation_period AS ENUM ('daily', 'weekly', 'monthly');
CREATE TYPE agentgov.budget_scope AS ENUM ('global', 'project', 'agent', 'agent_type');
CREATE TYPE agentgov.budget_action AS ENUM ('warn', 'block');
CREATE TYPE agentgov.notification_severity AS ENUM ('info', 'warning', 'critical');
