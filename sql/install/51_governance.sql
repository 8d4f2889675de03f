\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Governance of agent runs (DESIGN 4.4), in C (src/governance.c, src/limits.c):
--   * the run lifecycle and approval before running (trigger on agent_runs),
--   * the governance event log: who may approve, actor and correlation id,
--     emergency stops (triggers on governance_events),
--   * record_governance_event() and governance_check() for clients,
--   * plan limits: max_projects and max_agents_per_project (triggers on
--     projects, agents and organizations).
-- ---------------------------------------------------------------------------

-- ---- Run lifecycle -----------------------------------------------------------
CREATE FUNCTION agentgov.agent_run_lifecycle() RETURNS trigger
    AS 'MODULE_PATHNAME', 'agent_run_lifecycle' LANGUAGE C;
COMMENT ON FUNCTION agentgov.agent_run_lifecycle() IS
    'BEFORE INSERT OR UPDATE OF status trigger on agent_runs: moves a run only along its lifecycle (AG004), lets it enter running only when governance_check() would allow it (AG001, AG002), stamps started_at and completed_at, counts retries';

CREATE TRIGGER agent_runs_lifecycle BEFORE INSERT OR UPDATE OF status ON agentgov.agent_runs
    FOR EACH ROW EXECUTE FUNCTION agentgov.agent_run_lifecycle();

COMMENT ON COLUMN agentgov.agent_runs.status IS
    'Lifecycle: queued or initializing -> pending_approval -> approved -> running -> completed, failed or cancelled; pending_approval, approved or running -> blocked or cancelled; blocked -> pending_approval; failed -> queued while retry_count < max_retries. An approved emergency_stop cancels any unfinished run. Entering running needs governance approval';
COMMENT ON COLUMN agentgov.agent_runs.started_at IS
    'When the current attempt first entered running (stamped by the lifecycle trigger; cleared by a retry)';
COMMENT ON COLUMN agentgov.agent_runs.completed_at IS
    'When the run reached completed, failed or cancelled (stamped by the lifecycle trigger; cleared by a retry)';
COMMENT ON COLUMN agentgov.agent_runs.retry_count IS
    'Retries so far: failed -> queued increments it, allowed while retry_count < max_retries';

-- ---- Governance events ---------------------------------------------------------
CREATE FUNCTION agentgov.governance_event_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'governance_event_guard' LANGUAGE C;
COMMENT ON FUNCTION agentgov.governance_event_guard() IS
    'BEFORE INSERT OR UPDATE trigger on governance_events: fills created_by and correlation_id from the actor context, refuses a created_at in the future, and refuses an approving event whose acting user or created_by user is not a MEMBER or ADMIN of the organization (42501)';

CREATE FUNCTION agentgov.governance_event_effects() RETURNS trigger
    AS 'MODULE_PATHNAME', 'governance_event_effects' LANGUAGE C;
COMMENT ON FUNCTION agentgov.governance_event_effects() IS
    'AFTER INSERT OR UPDATE trigger on governance_events: an approved emergency_stop cancels its unfinished run; any other rejection, emergency_stop or circuit_breaker locks the run row so that it serialises with a transition to running';

CREATE TRIGGER governance_events_guard BEFORE INSERT OR UPDATE ON agentgov.governance_events
    FOR EACH ROW EXECUTE FUNCTION agentgov.governance_event_guard();
CREATE TRIGGER governance_events_effects AFTER INSERT OR UPDATE OF run_id, event_type, approved
    ON agentgov.governance_events
    FOR EACH ROW EXECUTE FUNCTION agentgov.governance_event_effects();

COMMENT ON COLUMN agentgov.governance_events.created_at IS
    'When the decision was recorded; events of a run are ordered by it (equal times: a withdrawal counts as the later). Cannot be in the future';
COMMENT ON COLUMN agentgov.governance_events.created_by IS
    'Who or what recorded the decision: a user id (filled from agentgov.current_user_id() when not given) or a component name. An approving event needs the acting user and a user named here to be a MEMBER or ADMIN';
COMMENT ON COLUMN agentgov.governance_events.correlation_id IS
    'Request correlation id (filled from agentgov.current_correlation_id() when not given)';

CREATE FUNCTION agentgov.record_governance_event(
    run_id      uuid,
    event_type  agentgov.governance_event_type,
    framework   agentgov.governance_framework,
    approved    boolean,
    reason      text DEFAULT NULL,
    details     jsonb DEFAULT '{}',
    created_by  text DEFAULT NULL)
RETURNS uuid
    AS 'MODULE_PATHNAME', 'record_governance_event'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.record_governance_event(uuid, agentgov.governance_event_type, agentgov.governance_framework, boolean, text, jsonb, text) IS
    'Records a governance decision about a run in its organization and returns the event id; reason is decision_reason, details (a JSON object) decision_details. An approved emergency_stop cancels the run if unfinished';

CREATE FUNCTION agentgov.governance_check(run_id uuid, OUT allowed boolean, OUT reason text)
    AS 'MODULE_PATHNAME', 'governance_check'
    LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION agentgov.governance_check(uuid) IS
    'Whether the run may enter running now, and why: the rules of the lifecycle trigger (lifecycle, approval, cost_limit, block_budget) evaluated without changing anything';

-- ---- Plan limits ---------------------------------------------------------------
CREATE FUNCTION agentgov.check_project_limit() RETURNS trigger
    AS 'MODULE_PATHNAME', 'check_project_limit' LANGUAGE C;
COMMENT ON FUNCTION agentgov.check_project_limit() IS
    'BEFORE INSERT OR UPDATE OF org_id, archived_at trigger on projects: a new, unarchived or moved-in project must fit the organization''s max_projects (AG003); archived projects do not count';

CREATE FUNCTION agentgov.check_agent_limit() RETURNS trigger
    AS 'MODULE_PATHNAME', 'check_agent_limit' LANGUAGE C;
COMMENT ON FUNCTION agentgov.check_agent_limit() IS
    'BEFORE INSERT OR UPDATE OF org_id, project_id trigger on agents: an agent joining a project must fit the organization''s max_agents_per_project (AG003)';

CREATE FUNCTION agentgov.check_plan_limits_lowered() RETURNS trigger
    AS 'MODULE_PATHNAME', 'check_plan_limits_lowered' LANGUAGE C;
COMMENT ON FUNCTION agentgov.check_plan_limits_lowered() IS
    'BEFORE UPDATE OF max_projects, max_agents_per_project trigger on organizations: a limit cannot be lowered below what the organization already uses (AG003)';

CREATE TRIGGER projects_plan_limit BEFORE INSERT OR UPDATE OF org_id, archived_at
    ON agentgov.projects
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_project_limit();
CREATE TRIGGER agents_plan_limit BEFORE INSERT OR UPDATE OF org_id, project_id
    ON agentgov.agents
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_agent_limit();
CREATE TRIGGER organizations_plan_limits BEFORE UPDATE OF max_projects, max_agents_per_project
    ON agentgov.organizations
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_plan_limits_lowered();

