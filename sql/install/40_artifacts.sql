\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Artifacts and evidence, phase gates and quality, telemetry and divergence.
-- ---------------------------------------------------------------------------

CREATE TABLE agentgov.artifacts (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    type            agentgov.artifact_type NOT NULL,
    version         integer NOT NULL DEFAULT 1,
    status          agentgov.artifact_status NOT NULL DEFAULT 'DRAFT',
    content         jsonb,
    content_sha256  bytea,
    evidence_tier   agentgov.evidence_tier NOT NULL DEFAULT 'E0',
    created_by      uuid NOT NULL,
    approved_by     uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    approved_at     timestamptz,
    deployed_at     timestamptz,
    CONSTRAINT artifacts_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT artifacts_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT artifacts_created_by_fk FOREIGN KEY (created_by)
        REFERENCES agentgov.users (id),
    CONSTRAINT artifacts_approved_by_fk FOREIGN KEY (approved_by)
        REFERENCES agentgov.users (id),
    CONSTRAINT artifacts_version_key UNIQUE (org_id, project_id, type, version),
    CONSTRAINT artifacts_version_positive CHECK (version >= 1),
    CONSTRAINT artifacts_content_sha256_length CHECK (content_sha256 IS NULL OR octet_length(content_sha256) = 32)
);
CREATE INDEX idx_artifacts_id ON agentgov.artifacts (id);
CREATE INDEX idx_artifact_project_type_version ON agentgov.artifacts (project_id, type, version);
CREATE INDEX idx_artifact_org_created ON agentgov.artifacts (org_id, created_at);
CREATE INDEX idx_artifact_evidence_tier ON agentgov.artifacts (evidence_tier);
CREATE INDEX idx_artifacts_type ON agentgov.artifacts (type);
CREATE INDEX idx_artifacts_version ON agentgov.artifacts (version);
CREATE INDEX idx_artifacts_created_at ON agentgov.artifacts (created_at);
CREATE INDEX idx_artifacts_created_by ON agentgov.artifacts (created_by);
CREATE INDEX idx_artifacts_approved_by ON agentgov.artifacts (approved_by);
COMMENT ON TABLE agentgov.artifacts IS 'Versioned work products of a project with an approval lifecycle DRAFT -> REVIEW -> APPROVED -> DEPLOYED (platform)';
COMMENT ON COLUMN agentgov.artifacts.version IS 'Version within (project_id, type): 1, 2, 3 ... without gaps';
COMMENT ON COLUMN agentgov.artifacts.content IS 'Artifact content (text, JSON, or references); approved artifacts may list assumptions {metric, value, evidence_tier}';
COMMENT ON COLUMN agentgov.artifacts.content_sha256 IS 'SHA-256 digest of the content';
COMMENT ON COLUMN agentgov.artifacts.evidence_tier IS 'Strength of the evidence behind the artifact';
COMMENT ON COLUMN agentgov.artifacts.approved_by IS 'Approving member of the organization, not the creator';

CREATE TABLE agentgov.artifact_tags (
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id      uuid NOT NULL,
    artifact_id uuid NOT NULL,
    tag_name    varchar(100) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT artifact_tags_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT artifact_tags_artifact_fk FOREIGN KEY (org_id, artifact_id)
        REFERENCES agentgov.artifacts (org_id, id) ON DELETE CASCADE,
    CONSTRAINT artifact_tags_unique UNIQUE (org_id, artifact_id, tag_name)
);
CREATE INDEX idx_artifact_tags_id ON agentgov.artifact_tags (id);
CREATE INDEX idx_artifact_tag_name ON agentgov.artifact_tags (artifact_id, tag_name);
COMMENT ON TABLE agentgov.artifact_tags IS 'Labels on artifacts, e.g. vrc_gate_submission (platform)';

CREATE TABLE agentgov.evidence (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    project_id          uuid NOT NULL,
    artifact_id         uuid NOT NULL,
    evidence_tier       agentgov.evidence_tier NOT NULL,
    source              agentgov.evidence_source NOT NULL,
    confidence_score    integer NOT NULL,
    evidence_count      integer NOT NULL,
    url_or_reference    varchar(500),
    created_by          uuid NOT NULL,
    reviewed_by         uuid,
    created_at          timestamptz NOT NULL DEFAULT now(),
    reviewed_at         timestamptz,
    escalation_status   agentgov.escalation_status NOT NULL DEFAULT 'NONE',
    CONSTRAINT evidence_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT evidence_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT evidence_artifact_fk FOREIGN KEY (org_id, artifact_id)
        REFERENCES agentgov.artifacts (org_id, id) ON DELETE CASCADE,
    CONSTRAINT evidence_created_by_fk FOREIGN KEY (created_by)
        REFERENCES agentgov.users (id),
    CONSTRAINT evidence_reviewed_by_fk FOREIGN KEY (reviewed_by)
        REFERENCES agentgov.users (id) ON DELETE SET NULL,
    CONSTRAINT evidence_confidence_range CHECK (confidence_score BETWEEN 0 AND 100),
    CONSTRAINT evidence_count_nonnegative CHECK (evidence_count >= 0)
);
CREATE INDEX idx_evidence_id ON agentgov.evidence (id);
CREATE INDEX idx_evidence_project ON agentgov.evidence (project_id);
CREATE INDEX idx_evidence_artifact ON agentgov.evidence (artifact_id);
CREATE INDEX idx_evidence_tier ON agentgov.evidence (evidence_tier);
CREATE INDEX idx_evidence_created_by ON agentgov.evidence (created_by);
CREATE INDEX idx_evidence_reviewed_by ON agentgov.evidence (reviewed_by);
COMMENT ON TABLE agentgov.evidence IS 'Evidence behind an artifact with its tier, source and confidence (platform)';
COMMENT ON COLUMN agentgov.evidence.confidence_score IS 'Confidence in the evidence, 0-100';
COMMENT ON COLUMN agentgov.evidence.evidence_count IS 'Number of data points (interviews, responses, ...)';
COMMENT ON COLUMN agentgov.evidence.escalation_status IS 'Review escalation: NONE, IN_REVIEW, ESCALATED';

CREATE TABLE agentgov.generated_projects (
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id                  uuid NOT NULL,
    project_id              uuid NOT NULL,
    generation_version      integer NOT NULL DEFAULT 1,
    total_files             integer NOT NULL,
    total_lines             integer NOT NULL,
    test_coverage           numeric(5,2),
    quality_score           integer,
    traceability_score      integer,
    download_url            text,
    generation_started_at   timestamptz NOT NULL DEFAULT now(),
    generation_completed_at timestamptz,
    generation_status       agentgov.generation_status NOT NULL DEFAULT 'pending',
    error_message           text,
    CONSTRAINT generated_projects_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT generated_projects_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT generated_projects_version_unique UNIQUE (org_id, project_id, generation_version),
    CONSTRAINT generated_projects_version_positive CHECK (generation_version >= 1),
    CONSTRAINT generated_projects_totals CHECK (total_files >= 0 AND total_lines >= 0),
    CONSTRAINT generated_projects_coverage_range CHECK (test_coverage IS NULL OR test_coverage BETWEEN 0 AND 100),
    CONSTRAINT generated_projects_scores_range CHECK (
        (quality_score IS NULL OR quality_score BETWEEN 0 AND 100)
        AND (traceability_score IS NULL OR traceability_score BETWEEN 0 AND 100))
);
CREATE INDEX idx_generated_projects_id ON agentgov.generated_projects (id);
CREATE INDEX idx_generated_projects_project_id ON agentgov.generated_projects (project_id);
CREATE INDEX idx_generated_projects_status ON agentgov.generated_projects (generation_status);
CREATE INDEX idx_generated_projects_completed_at ON agentgov.generated_projects (generation_completed_at DESC);
COMMENT ON TABLE agentgov.generated_projects IS 'Generated project metadata (socrates Phase 4: Project Generation)';
COMMENT ON COLUMN agentgov.generated_projects.generation_version IS 'Generation version (incremental if re-generated), numbered per project without gaps';
COMMENT ON COLUMN agentgov.generated_projects.traceability_score IS 'Percentage of specifications implemented';

CREATE TABLE agentgov.generated_files (
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id                  uuid NOT NULL,
    generated_project_id    uuid NOT NULL,
    file_path               varchar(500) NOT NULL,
    file_content            text,
    file_size               integer,
    spec_ids                uuid[],
    created_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT generated_files_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT generated_files_project_fk FOREIGN KEY (org_id, generated_project_id)
        REFERENCES agentgov.generated_projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT generated_files_path_unique UNIQUE (org_id, generated_project_id, file_path),
    CONSTRAINT generated_files_size_nonnegative CHECK (file_size IS NULL OR file_size >= 0)
);
CREATE INDEX idx_generated_files_id ON agentgov.generated_files (id);
CREATE INDEX idx_generated_files_project_id ON agentgov.generated_files (generated_project_id);
CREATE INDEX idx_generated_files_file_path ON agentgov.generated_files (file_path);
COMMENT ON TABLE agentgov.generated_files IS 'Individual generated files (socrates Phase 4)';
COMMENT ON COLUMN agentgov.generated_files.spec_ids IS 'Specifications that led to this file (traceability)';

CREATE TABLE agentgov.gate_policies (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid,
    phase               agentgov.gate_phase NOT NULL,
    threshold           integer NOT NULL,
    conditional_margin  integer NOT NULL DEFAULT 10,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT gate_policies_pkey PRIMARY KEY (id),
    CONSTRAINT gate_policies_org_fk FOREIGN KEY (org_id)
        REFERENCES agentgov.organizations (id) ON DELETE CASCADE,
    CONSTRAINT gate_policies_org_phase_key UNIQUE NULLS NOT DISTINCT (org_id, phase),
    CONSTRAINT gate_policies_threshold_range CHECK (threshold BETWEEN 0 AND 100),
    CONSTRAINT gate_policies_margin_range CHECK (conditional_margin BETWEEN 0 AND 100)
);
COMMENT ON TABLE agentgov.gate_policies IS 'Pass threshold and conditional margin per gate: rows with org_id NULL are the defaults (VRC 76, VCD 75, DSP 80, MDP 85), an org''s own row overrides them. PRIMARY KEY (id): default rows are a global catalogue';
COMMENT ON COLUMN agentgov.gate_policies.org_id IS 'Organization the policy applies to; NULL = default for every organization';
COMMENT ON COLUMN agentgov.gate_policies.threshold IS 'Score (0-100) at or above which the gate passes';
COMMENT ON COLUMN agentgov.gate_policies.conditional_margin IS 'Points below the threshold that still give CONDITIONAL';

CREATE TABLE agentgov.phase_gate_decisions (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    project_id          uuid NOT NULL,
    artifact_id         uuid,
    phase               agentgov.gate_phase NOT NULL,
    score               integer NOT NULL,
    target_threshold    integer NOT NULL,
    decision            agentgov.gate_decision NOT NULL,
    indicators          jsonb NOT NULL,
    decided_by          uuid NOT NULL,
    rationale           varchar(2000) NOT NULL,
    override_by         uuid,
    override_reason     varchar(2000),
    created_at          timestamptz NOT NULL DEFAULT now(),
    decided_at          timestamptz NOT NULL DEFAULT now(),
    override_at         timestamptz,
    CONSTRAINT phase_gate_decisions_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT phase_gate_decisions_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT phase_gate_decisions_artifact_fk FOREIGN KEY (org_id, artifact_id)
        REFERENCES agentgov.artifacts (org_id, id) ON DELETE SET NULL (artifact_id),
    CONSTRAINT phase_gate_decisions_decided_by_fk FOREIGN KEY (decided_by)
        REFERENCES agentgov.users (id),
    CONSTRAINT phase_gate_decisions_override_by_fk FOREIGN KEY (override_by)
        REFERENCES agentgov.users (id),
    CONSTRAINT phase_gate_decisions_score_range CHECK (score BETWEEN 0 AND 100),
    CONSTRAINT phase_gate_decisions_threshold_range CHECK (target_threshold BETWEEN 0 AND 100),
    CONSTRAINT phase_gate_decisions_indicators_array CHECK (jsonb_typeof(indicators) = 'array'),
    CONSTRAINT phase_gate_decisions_override_complete CHECK (
        (override_by IS NULL) = (override_reason IS NULL)
        AND (override_by IS NULL) = (override_at IS NULL))
);
CREATE INDEX idx_phase_gate_decisions_id ON agentgov.phase_gate_decisions (id);
CREATE INDEX idx_gate_project_phase ON agentgov.phase_gate_decisions (project_id, phase);
CREATE INDEX idx_gate_phase ON agentgov.phase_gate_decisions (phase);
CREATE INDEX idx_gate_artifact ON agentgov.phase_gate_decisions (artifact_id);
CREATE INDEX idx_gate_decided_by ON agentgov.phase_gate_decisions (decided_by);
CREATE INDEX idx_gate_override_by ON agentgov.phase_gate_decisions (override_by);
COMMENT ON TABLE agentgov.phase_gate_decisions IS 'Scored gate decisions that move a project from one phase to the next (platform)';
COMMENT ON COLUMN agentgov.phase_gate_decisions.score IS 'Weighted score of the indicators, 0-100';
COMMENT ON COLUMN agentgov.phase_gate_decisions.target_threshold IS 'Threshold in force when decided (76, 75, 80 or 85 by default)';
COMMENT ON COLUMN agentgov.phase_gate_decisions.indicators IS 'Array of indicator scores: {name, score, weight, min}';
COMMENT ON COLUMN agentgov.phase_gate_decisions.override_by IS 'ADMIN who overrode the decision; override_reason and override_at are set with it';

CREATE TABLE agentgov.quality_metrics (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    metric_type     varchar(100) NOT NULL,
    metric_value    numeric(10,2) NOT NULL,
    threshold       numeric(10,2),
    passed          boolean NOT NULL,
    details         jsonb,
    calculated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT quality_metrics_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT quality_metrics_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE
);
CREATE INDEX idx_quality_metrics_id ON agentgov.quality_metrics (id);
CREATE INDEX idx_quality_metrics_project_id ON agentgov.quality_metrics (project_id);
CREATE INDEX idx_quality_metrics_type ON agentgov.quality_metrics (metric_type);
CREATE INDEX idx_quality_metrics_calculated_at ON agentgov.quality_metrics (calculated_at DESC);
COMMENT ON TABLE agentgov.quality_metrics IS 'Quality Control metrics and validation results (socrates)';
COMMENT ON COLUMN agentgov.quality_metrics.metric_type IS 'Type of metric (e.g., maturity, coverage, conflicts)';
COMMENT ON COLUMN agentgov.quality_metrics.passed IS 'Whether metric_value reached threshold';

CREATE TABLE agentgov.maturity_tracking (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    category        varchar(100) NOT NULL,
    score           integer NOT NULL,
    details         jsonb,
    calculated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT maturity_tracking_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT maturity_tracking_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT maturity_tracking_score_range CHECK (score BETWEEN 0 AND 100)
);
CREATE INDEX idx_maturity_tracking_id ON agentgov.maturity_tracking (id);
CREATE INDEX idx_maturity_tracking_project_id ON agentgov.maturity_tracking (project_id);
CREATE INDEX idx_maturity_tracking_category ON agentgov.maturity_tracking (category);
CREATE INDEX idx_maturity_tracking_calculated_at ON agentgov.maturity_tracking (calculated_at DESC);
CREATE INDEX idx_maturity_tracking_latest ON agentgov.maturity_tracking (project_id, category, calculated_at DESC);
COMMENT ON TABLE agentgov.maturity_tracking IS 'Maturity tracking per category (socrates, 12 categories)';
COMMENT ON COLUMN agentgov.maturity_tracking.category IS 'Maturity category (e.g., requirements, goals, tech_stack)';

CREATE TABLE agentgov.test_results (
    id                  uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL,
    project_id          uuid NOT NULL,
    test_type           varchar(50) NOT NULL,
    technology_stack    jsonb NOT NULL,
    test_status         agentgov.test_status NOT NULL,
    results             jsonb,
    error_message       text,
    started_at          timestamptz NOT NULL DEFAULT now(),
    completed_at        timestamptz,
    CONSTRAINT test_results_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT test_results_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT test_results_completed_after_start CHECK (completed_at IS NULL OR completed_at >= started_at)
);
CREATE INDEX idx_test_results_id ON agentgov.test_results (id);
CREATE INDEX idx_test_results_project_id ON agentgov.test_results (project_id);
CREATE INDEX idx_test_results_status ON agentgov.test_results (test_status);
CREATE INDEX idx_test_results_started_at ON agentgov.test_results (started_at DESC);
COMMENT ON TABLE agentgov.test_results IS 'Real-time compatibility testing results, Design phase (socrates)';
COMMENT ON COLUMN agentgov.test_results.test_type IS 'compatibility, integration or unit';
COMMENT ON COLUMN agentgov.test_results.technology_stack IS 'Technologies tested (e.g., {"python": "3.12", "postgres": "15"})';

CREATE TABLE agentgov.telemetry (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    metric_name     agentgov.metric_name NOT NULL,
    metric_value    numeric(10,4) NOT NULL,
    unit            varchar(20) NOT NULL,
    observed_at     timestamptz NOT NULL,
    cohort          varchar(100),
    evidence_tier   agentgov.evidence_tier NOT NULL DEFAULT 'E4',
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT telemetry_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT telemetry_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE
);
CREATE INDEX idx_telemetry_id ON agentgov.telemetry (id);
CREATE INDEX idx_telemetry_project_metric ON agentgov.telemetry (project_id, metric_name, observed_at);
CREATE INDEX idx_telemetry_org_timestamp ON agentgov.telemetry (org_id, observed_at);
CREATE INDEX idx_telemetry_metric_name ON agentgov.telemetry (metric_name);
CREATE INDEX idx_telemetry_observed_at ON agentgov.telemetry (observed_at);
COMMENT ON TABLE agentgov.telemetry IS 'Production metrics of a project, hourly aggregations (platform)';
COMMENT ON COLUMN agentgov.telemetry.unit IS 'Unit of metric_value: %, ms, count, rate, score';
COMMENT ON COLUMN agentgov.telemetry.observed_at IS 'Hour the value aggregates (platform timestamp)';
COMMENT ON COLUMN agentgov.telemetry.cohort IS 'User cohort: early_adopter, mainstream, enterprise';
COMMENT ON COLUMN agentgov.telemetry.evidence_tier IS 'Evidence tier of the observation; production telemetry is E4';

CREATE TABLE agentgov.divergence_reports (
    id                          uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id                      uuid NOT NULL,
    project_id                  uuid NOT NULL,
    artifact_id                 uuid NOT NULL,
    divergence_type             agentgov.divergence_type NOT NULL,
    metric_name                 agentgov.metric_name,
    assumed_value               varchar(500) NOT NULL,
    actual_value                varchar(500) NOT NULL,
    assumption_evidence_tier    agentgov.evidence_tier NOT NULL,
    telemetry_evidence_tier     agentgov.evidence_tier NOT NULL,
    tier_delta                  integer NOT NULL,
    classification              agentgov.divergence_classification NOT NULL,
    detected_at                 timestamptz NOT NULL DEFAULT now(),
    created_at                  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT divergence_reports_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT divergence_reports_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE,
    CONSTRAINT divergence_reports_artifact_fk FOREIGN KEY (org_id, artifact_id)
        REFERENCES agentgov.artifacts (org_id, id) ON DELETE CASCADE,
    CONSTRAINT divergence_reports_tier_delta_range CHECK (tier_delta BETWEEN 0 AND 4)
);
CREATE INDEX idx_divergence_reports_id ON agentgov.divergence_reports (id);
CREATE INDEX idx_divergence_project_type ON agentgov.divergence_reports (project_id, divergence_type);
CREATE INDEX idx_divergence_classification ON agentgov.divergence_reports (classification);
CREATE INDEX idx_divergence_detected_at ON agentgov.divergence_reports (detected_at);
CREATE INDEX idx_divergence_artifact ON agentgov.divergence_reports (artifact_id);
COMMENT ON TABLE agentgov.divergence_reports IS 'Differences between what an artifact assumed and what telemetry shows (platform)';
COMMENT ON COLUMN agentgov.divergence_reports.metric_name IS 'Telemetry metric compared, when the divergence was detected from telemetry';
COMMENT ON COLUMN agentgov.divergence_reports.assumed_value IS 'Value the artifact assumed, as text ("200ms", "12.5%", "$49")';
COMMENT ON COLUMN agentgov.divergence_reports.actual_value IS 'Value observed, as text';
COMMENT ON COLUMN agentgov.divergence_reports.tier_delta IS 'Distance between the assumption''s and the observation''s evidence tiers (0-4)';
COMMENT ON COLUMN agentgov.divergence_reports.classification IS 'COSMETIC, MINOR or MAJOR';

CREATE TABLE agentgov.cascade_analyses (
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    org_id                  uuid NOT NULL,
    divergence_id           uuid NOT NULL,
    affected_features       jsonb NOT NULL,
    affected_code_modules   jsonb NOT NULL,
    reexecution_scope_days  integer NOT NULL,
    full_redesign_days      integer NOT NULL,
    recommendation          agentgov.cascade_recommendation NOT NULL,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cascade_analyses_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT cascade_analyses_divergence_fk FOREIGN KEY (org_id, divergence_id)
        REFERENCES agentgov.divergence_reports (org_id, id) ON DELETE CASCADE,
    CONSTRAINT cascade_analyses_divergence_key UNIQUE (org_id, divergence_id),
    CONSTRAINT cascade_analyses_features_array CHECK (jsonb_typeof(affected_features) = 'array'),
    CONSTRAINT cascade_analyses_modules_array CHECK (jsonb_typeof(affected_code_modules) = 'array'),
    CONSTRAINT cascade_analyses_reexecution_range CHECK (reexecution_scope_days BETWEEN 2 AND 7),
    CONSTRAINT cascade_analyses_redesign_range CHECK (full_redesign_days BETWEEN 14 AND 21)
);
CREATE INDEX idx_cascade_analyses_id ON agentgov.cascade_analyses (id);
CREATE INDEX idx_cascade_analyses_divergence ON agentgov.cascade_analyses (divergence_id);
COMMENT ON TABLE agentgov.cascade_analyses IS 'What a divergence means for downstream work: one analysis per divergence (platform)';
COMMENT ON COLUMN agentgov.cascade_analyses.affected_features IS 'Features touched, e.g. ["F12 PRD", "F13 Positioning"]';
COMMENT ON COLUMN agentgov.cascade_analyses.affected_code_modules IS 'Code modules touched, e.g. ["pricing_service", "pricing_api"]';
COMMENT ON COLUMN agentgov.cascade_analyses.reexecution_scope_days IS 'Estimated days to re-execute the affected work (2-7)';
COMMENT ON COLUMN agentgov.cascade_analyses.full_redesign_days IS 'Estimated days for a full redesign (14-21)';
