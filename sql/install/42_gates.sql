\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Phase gates (src/gates.c): indicator scoring, gate policies, decisions and
-- overrides; socrates' quality metrics and maturity score.
--
-- A gate decision is scored from its indicators against the policy in force
-- for the organization (gate_policies: its own row, else the default), and
-- the rules hold however the row is written: evaluate_gate() and a plain
-- INSERT go through the same trigger, override_gate() and a plain UPDATE
-- too.  A PASS moves the project to the next phase.
-- ---------------------------------------------------------------------------

-- ---- Scoring ---------------------------------------------------------------
CREATE FUNCTION agentgov.gate_score(indicators jsonb) RETURNS integer
    AS 'MODULE_PATHNAME', 'gate_score'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.gate_score(jsonb) IS
    'Weighted mean of the indicators'' scores, rounded half away from zero. Indicators: a non-empty array of {"name": text, "score": 0..100, "weight": > 0 (default 1), "min": 0..100 (optional floor)} with unique names; anything else is a 22023 error naming the element';

CREATE FUNCTION agentgov.gate_floor_failed(indicators jsonb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'gate_floor_failed'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.gate_floor_failed(jsonb) IS
    'True when some indicator scores below its floor ("min"), which makes the gate FAIL; validates the indicators as gate_score() does';

CREATE FUNCTION agentgov.gate_threshold(phase agentgov.gate_phase, org_id uuid DEFAULT NULL)
RETURNS integer
    AS 'MODULE_PATHNAME', 'gate_threshold'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.gate_threshold(agentgov.gate_phase, uuid) IS
    'Pass threshold of a gate for an organization: its gate_policies row, else the default (VRC 76, VCD 75, DSP 80, MDP 85); NULL org_id gives the default';

CREATE FUNCTION agentgov.gate_decide(score integer, threshold integer,
                                     margin integer DEFAULT 10,
                                     floor_failed boolean DEFAULT false)
RETURNS agentgov.gate_decision
    AS 'MODULE_PATHNAME', 'gate_decide'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.gate_decide(integer, integer, integer, boolean) IS
    'PASS when score >= threshold, CONDITIONAL when score >= threshold - margin, else FAIL; a failed floor gives FAIL. Arguments run from 0 to 100';

-- ---- Decisions ---------------------------------------------------------------
CREATE FUNCTION agentgov.check_gate_decision() RETURNS trigger
    AS 'MODULE_PATHNAME', 'check_gate_decision' LANGUAGE C;
COMMENT ON FUNCTION agentgov.check_gate_decision() IS
    'BEFORE INSERT OR UPDATE trigger on phase_gate_decisions: scores the indicators against the policy in force, fills or checks score, target_threshold and decision, moves the project; an UPDATE may only override the decision (ADMIN, with a reason, audited)';
CREATE TRIGGER check_gate_decision
    BEFORE INSERT OR UPDATE ON agentgov.phase_gate_decisions
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_gate_decision();

CREATE FUNCTION agentgov.evaluate_gate(project_id uuid, phase agentgov.gate_phase,
                                       indicators jsonb, decided_by uuid, rationale text,
                                       artifact_id uuid DEFAULT NULL)
RETURNS agentgov.phase_gate_decisions
    AS 'MODULE_PATHNAME', 'evaluate_gate'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.evaluate_gate(uuid, agentgov.gate_phase, jsonb, uuid, text, uuid) IS
    'Records a gate decision scored from the indicators against the organization''s policy and returns it. PASS moves the project on (VRC: DISCOVER->DEFINE, VCD: DEFINE->DESIGN, DSP: DESIGN->DEVELOP, MDP: DEVELOP->DEPLOY); the project''s status becomes PASSED, CONDITIONAL or FAILED. AG004 unless the gate ends the project''s current phase';

CREATE FUNCTION agentgov.override_gate(decision_id uuid, by uuid, reason text,
                                       new_decision agentgov.gate_decision)
RETURNS agentgov.phase_gate_decisions
    AS 'MODULE_PATHNAME', 'override_gate'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.override_gate(uuid, uuid, text, agentgov.gate_decision) IS
    'Overrides the latest decision of a gate while the project is still in the gate''s phase: by must be an ADMIN of the organization (42501); fills override_by, override_reason, override_at, writes an OVERRIDE audit_log row and moves the project as the new decision does';

-- ---- Quality and maturity (socrates) -------------------------------------------
CREATE FUNCTION agentgov.quality_metric_passed() RETURNS trigger
    AS 'MODULE_PATHNAME', 'quality_metric_passed' LANGUAGE C;
COMMENT ON FUNCTION agentgov.quality_metric_passed() IS
    'BEFORE INSERT OR UPDATE trigger on quality_metrics: passed follows metric_value >= threshold; filled when left NULL, refused (23514) when it contradicts';
CREATE TRIGGER quality_metric_passed
    BEFORE INSERT OR UPDATE ON agentgov.quality_metrics
    FOR EACH ROW EXECUTE FUNCTION agentgov.quality_metric_passed();

CREATE FUNCTION agentgov.maturity_follows() RETURNS trigger
    AS 'MODULE_PATHNAME', 'maturity_follows' LANGUAGE C;
COMMENT ON FUNCTION agentgov.maturity_follows() IS
    'AFTER INSERT OR UPDATE OR DELETE trigger on maturity_tracking: recounts projects.maturity_score of the row''s project';
CREATE TRIGGER maturity_follows
    AFTER INSERT OR UPDATE OR DELETE ON agentgov.maturity_tracking
    FOR EACH ROW EXECUTE FUNCTION agentgov.maturity_follows();

CREATE FUNCTION agentgov.maturity_truncated() RETURNS trigger
    AS 'MODULE_PATHNAME', 'maturity_truncated' LANGUAGE C;
COMMENT ON FUNCTION agentgov.maturity_truncated() IS
    'AFTER TRUNCATE trigger on maturity_tracking: with no scores left every project''s maturity_score is 0';
CREATE TRIGGER maturity_truncated
    AFTER TRUNCATE ON agentgov.maturity_tracking
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.maturity_truncated();

CREATE FUNCTION agentgov.check_maturity_score() RETURNS trigger
    AS 'MODULE_PATHNAME', 'check_maturity_score' LANGUAGE C;
COMMENT ON FUNCTION agentgov.check_maturity_score() IS
    'BEFORE INSERT OR UPDATE OF maturity_score trigger on projects: refuses (23514) a maturity_score other than the one maturity_tracking gives';
CREATE TRIGGER check_maturity_score
    BEFORE INSERT OR UPDATE OF maturity_score ON agentgov.projects
    FOR EACH ROW EXECUTE FUNCTION agentgov.check_maturity_score();

CREATE FUNCTION agentgov.refresh_maturity(project_id uuid) RETURNS integer
    AS 'MODULE_PATHNAME', 'refresh_maturity'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION agentgov.refresh_maturity(uuid) IS
    'Recounts a project''s maturity_score from maturity_tracking under the current agentgov.maturity_categories and returns it (for use after the setting changes)';

-- What the rules above make of existing columns.
COMMENT ON COLUMN agentgov.projects.status IS 'Outcome of the project''s latest gate decision: IN_PROGRESS before any, PASSED once a gate moved it into its current phase, CONDITIONAL or FAILED after a decision of the current phase''s gate that did not pass';
COMMENT ON COLUMN agentgov.projects.maturity_score IS 'Overall maturity (0-100): mean over the categories of setting agentgov.maturity_categories of the latest maturity_tracking score in each (0 for none), kept by a trigger';
COMMENT ON COLUMN agentgov.phase_gate_decisions.decision IS 'PASS, CONDITIONAL or FAIL as gate_decide() gives it from score, threshold and the policy''s conditional margin; changed afterwards only by an ADMIN''s override';
COMMENT ON COLUMN agentgov.phase_gate_decisions.override_at IS 'When the decision was overridden; stamped by the trigger';
COMMENT ON COLUMN agentgov.quality_metrics.passed IS 'Whether metric_value reached threshold; filled in and checked when threshold is set';
COMMENT ON COLUMN agentgov.maturity_tracking.category IS 'Maturity category; the categories of setting agentgov.maturity_categories count towards projects.maturity_score';
