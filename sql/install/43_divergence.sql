\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Divergence classification and cascade analysis (src/divergence.c).
--
-- The rule: classify_divergence() and tier_delta(); divergence_reports
-- computes tier_delta and classification on every write; analyze_cascade()
-- and detect_divergences() are what a client calls.  Thresholds are the
-- settings agentgov.divergence_minor_pct and agentgov.divergence_major_pct;
-- agentgov.telemetry_evidence_tier caps the tier telemetry counts as.
-- ---------------------------------------------------------------------------

CREATE FUNCTION agentgov.tier_delta(assumed agentgov.evidence_tier, observed agentgov.evidence_tier)
RETURNS integer
    AS 'MODULE_PATHNAME', 'tier_delta'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.tier_delta(agentgov.evidence_tier, agentgov.evidence_tier) IS
    'How many tiers stronger the observed evidence is than the assumed (0-4); 0 when it is not stronger';

CREATE FUNCTION agentgov.classify_divergence(type agentgov.divergence_type, assumed text, actual text,
                                             tier_delta integer)
RETURNS agentgov.divergence_classification
    AS 'MODULE_PATHNAME', 'classify_divergence'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.classify_divergence(agentgov.divergence_type, text, text, integer) IS
    'COSMETIC, MINOR or MAJOR: relative deviation of numbers ("200ms", "12.5%", "$49", "1,200 users") against agentgov.divergence_minor_pct and divergence_major_pct; lower latency and higher adoption are COSMETIC; text (and PERSONA_MISMATCH) is COSMETIC when equal ignoring case and surrounding space, else MINOR; a tier_delta of 3 or more raises a divergence one step';

-- Reports filed by detect_divergences() name the observation they compared
-- with: at most one report per artifact, metric and observation.
ALTER TABLE agentgov.divergence_reports
    ADD COLUMN telemetry_id uuid,
    ADD CONSTRAINT divergence_reports_telemetry_fk FOREIGN KEY (org_id, telemetry_id)
        REFERENCES agentgov.telemetry (org_id, id) ON DELETE SET NULL (telemetry_id),
    ADD CONSTRAINT divergence_reports_observation_key
        UNIQUE (org_id, artifact_id, metric_name, telemetry_id);
CREATE INDEX idx_divergence_reports_telemetry ON agentgov.divergence_reports (telemetry_id);
COMMENT ON COLUMN agentgov.divergence_reports.telemetry_id IS
    'Telemetry observation the assumption was compared with (set by detect_divergences; NULL for reports filed by hand)';
COMMENT ON COLUMN agentgov.divergence_reports.tier_delta IS
    'How many tiers stronger the telemetry''s evidence is than the assumption''s (0-4); computed on write';
COMMENT ON COLUMN agentgov.divergence_reports.classification IS
    'COSMETIC, MINOR or MAJOR; computed on write by classify_divergence() from the values and tier_delta';

CREATE FUNCTION agentgov.classify_divergence_report() RETURNS trigger
    AS 'MODULE_PATHNAME', 'classify_divergence_report' LANGUAGE C;
COMMENT ON FUNCTION agentgov.classify_divergence_report() IS
    'BEFORE INSERT OR UPDATE trigger on divergence_reports: computes tier_delta and classification from the row; refuses supplied values that contradict them';
CREATE TRIGGER divergence_reports_classify BEFORE INSERT OR UPDATE ON agentgov.divergence_reports
    FOR EACH ROW EXECUTE FUNCTION agentgov.classify_divergence_report();

CREATE FUNCTION agentgov.analyze_cascade(divergence_id uuid, affected_features jsonb,
                                         affected_code_modules jsonb)
RETURNS agentgov.cascade_analyses
    AS 'MODULE_PATHNAME', 'analyze_cascade'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.analyze_cascade(uuid, jsonb, jsonb) IS
    'Writes (or rewrites) the cascade analysis of a divergence: SKIP for COSMETIC, REEXECUTE for MINOR, FULL_REDESIGN for MAJOR; re-execution 2 + n/2 days (at most 7) and full redesign 14 + n/2 days (at most 21) for n affected features and code modules';

CREATE FUNCTION agentgov.detect_divergences(project_id uuid)
RETURNS SETOF agentgov.divergence_reports
    AS 'MODULE_PATHNAME', 'detect_divergences'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.detect_divergences(uuid) IS
    'Compares the assumptions (content.assumptions: metric, value, evidence_tier [, type]) of the project''s APPROVED and DEPLOYED artifacts with the latest telemetry of each metric and files a report for each divergence that is not COSMETIC and not already filed; returns the reports filed; malformed assumptions are WARNINGs naming the artifact';
