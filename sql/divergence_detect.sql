-- detect_divergences() end to end, and analyze_cascade().

-- ---- A tenant with a project, artifacts and telemetry ------------------------
INSERT INTO agentgov.organizations (id, name, slug) VALUES
    ('a7000000-0000-4000-8000-000000000001', 'Divergence Detect Org', 'divergence-detect'),
    ('a7000000-0000-4000-8000-000000000002', 'Divergence Other Org', 'divergence-other');
INSERT INTO agentgov.users (id, email, username, auth_provider, auth_provider_id) VALUES
    ('b7000000-0000-4000-8000-000000000001', 'dd-author@example.com', 'dd_author', 'github', 'gh-700001'),
    ('b7000000-0000-4000-8000-000000000002', 'dd-approver@example.com', 'dd_approver', 'github', 'gh-700002');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('a7000000-0000-4000-8000-000000000001', 'b7000000-0000-4000-8000-000000000001', 'MEMBER'),
    ('a7000000-0000-4000-8000-000000000001', 'b7000000-0000-4000-8000-000000000002', 'ADMIN'),
    ('a7000000-0000-4000-8000-000000000002', 'b7000000-0000-4000-8000-000000000001', 'ADMIN');
INSERT INTO agentgov.projects (id, org_id, name, created_by) VALUES
    ('d7000000-0000-4000-8000-000000000001', 'a7000000-0000-4000-8000-000000000001', 'Detect',
     'b7000000-0000-4000-8000-000000000001'),
    ('d7000000-0000-4000-8000-000000000002', 'a7000000-0000-4000-8000-000000000001', 'Detect tiers',
     'b7000000-0000-4000-8000-000000000001'),
    ('d7000000-0000-4000-8000-000000000003', 'a7000000-0000-4000-8000-000000000002', 'Elsewhere',
     'b7000000-0000-4000-8000-000000000001');

-- Artifacts are written as DRAFT and moved through their lifecycle.
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, version, evidence_tier, created_by, content)
SELECT a.id::uuid, 'a7000000-0000-4000-8000-000000000001', a.project::uuid, a.type::agentgov.artifact_type,
       1, a.tier::agentgov.evidence_tier, 'b7000000-0000-4000-8000-000000000001', a.content::jsonb
  FROM (VALUES
    -- PROBLEM: well-formed assumptions.
    ('27000000-0000-4000-8000-000000000001', 'd7000000-0000-4000-8000-000000000001', 'PROBLEM', 'E1',
     '{"assumptions": [
        {"metric": "latency_p50", "value": "200ms", "evidence_tier": "E1"},
        {"metric": "user_adoption", "value": "40%", "evidence_tier": "E2"},
        {"metric": "retention", "value": "80%", "evidence_tier": "E2", "type": "FEATURE_ADOPTION_MISS"},
        {"metric": "nps_score", "value": 45, "evidence_tier": "E0", "type": "PRICING_ELASTICITY_MISS"},
        {"metric": "feature_usage", "value": "1,200 users", "note": "no telemetry yet"}]}'),
    -- PERSONA: will be DEPLOYED.
    ('27000000-0000-4000-8000-000000000002', 'd7000000-0000-4000-8000-000000000001', 'PERSONA', 'E2',
     '{"assumptions": [
        {"metric": "latency_p50", "value": "250ms", "evidence_tier": "E3"},
        {"metric": "churn_rate", "value": "3%", "evidence_tier": "E2", "type": "PRICING_ELASTICITY_MISS"}]}'),
    -- PRD: stays a DRAFT, so it is not read.
    ('27000000-0000-4000-8000-000000000003', 'd7000000-0000-4000-8000-000000000001', 'PRD', 'E0',
     '{"assumptions": [{"metric": "latency_p50", "value": "100ms", "evidence_tier": "E0"}]}'),
    -- MARKET_RESEARCH: one good assumption among malformed ones.
    ('27000000-0000-4000-8000-000000000004', 'd7000000-0000-4000-8000-000000000001', 'MARKET_RESEARCH', 'E1',
     '{"assumptions": [
        "latency_p50 is 200ms",
        {"value": "200ms"},
        {"metric": 42, "value": "200ms"},
        {"metric": "latency_p99", "value": "200ms"},
        {"metric": "latency_p50"},
        {"metric": "latency_p50", "value": {"ms": 200}},
        {"metric": "latency_p50", "value": "  "},
        {"metric": "latency_p50", "value": "200ms", "evidence_tier": "E9"},
        {"metric": "latency_p50", "value": "200ms", "evidence_tier": 1},
        {"metric": "latency_p50", "value": "200ms", "type": "SLOWNESS"},
        {"metric": "crash_rate", "value": "1%"},
        {"metric": "latency_p50", "value": "180ms", "evidence_tier": "E2"},
        {"metric": "latency_p50", "value": "190ms", "evidence_tier": "E2"}]}'),
    -- POSITIONING: assumptions that are not an array.
    ('27000000-0000-4000-8000-000000000005', 'd7000000-0000-4000-8000-000000000001', 'POSITIONING', 'E1',
     '{"assumptions": {"latency_p50": "200ms"}}'),
    -- PRICING, GTM, ARCHITECTURE: no assumptions, in three ways; nothing to say.
    ('27000000-0000-4000-8000-000000000006', 'd7000000-0000-4000-8000-000000000001', 'PRICING', 'E1',
     '{"assumptions": null}'),
    ('27000000-0000-4000-8000-000000000007', 'd7000000-0000-4000-8000-000000000001', 'GTM', 'E1',
     '{"channels": ["partners"]}'),
    ('27000000-0000-4000-8000-000000000008', 'd7000000-0000-4000-8000-000000000001', 'ARCHITECTURE', 'E1',
     '"a plain JSON string"'),
    -- The second project: one assumption at E0.
    ('27000000-0000-4000-8000-000000000009', 'd7000000-0000-4000-8000-000000000002', 'PROBLEM', 'E0',
     '{"assumptions": [{"metric": "latency_p50", "value": "200ms", "evidence_tier": "E0"}]}')
  ) AS a (id, project, type, tier, content);
-- A value too long for divergence_reports.assumed_value is malformed too.
UPDATE agentgov.artifacts
   SET content = jsonb_set(content, '{assumptions,13}',
                           jsonb_build_object('metric', 'retention', 'value', repeat('8', 501)))
 WHERE id = '27000000-0000-4000-8000-000000000004';
UPDATE agentgov.artifacts SET status = 'REVIEW'
 WHERE org_id = 'a7000000-0000-4000-8000-000000000001' AND type <> 'PRD';
UPDATE agentgov.artifacts SET status = 'APPROVED', approved_by = 'b7000000-0000-4000-8000-000000000002'
 WHERE org_id = 'a7000000-0000-4000-8000-000000000001' AND type <> 'PRD';
UPDATE agentgov.artifacts SET status = 'DEPLOYED'
 WHERE id IN ('27000000-0000-4000-8000-000000000002', '27000000-0000-4000-8000-000000000009');
SELECT type, status FROM agentgov.artifacts
 WHERE org_id = 'a7000000-0000-4000-8000-000000000001' ORDER BY project_id, type;

INSERT INTO agentgov.telemetry (org_id, project_id, metric_name, metric_value, unit, observed_at, evidence_tier) VALUES
    ('a7000000-0000-4000-8000-000000000001', 'd7000000-0000-4000-8000-000000000001', 'latency_p50', 205, 'ms', '2026-03-01 09:00+00', 'E4'),
    ('a7000000-0000-4000-8000-000000000001', 'd7000000-0000-4000-8000-000000000001', 'latency_p50', 260, 'ms', '2026-03-01 10:00+00', 'E4'),
    ('a7000000-0000-4000-8000-000000000001', 'd7000000-0000-4000-8000-000000000001', 'user_adoption', 41.5, '%', '2026-03-01 10:00+00', 'E4'),
    ('a7000000-0000-4000-8000-000000000001', 'd7000000-0000-4000-8000-000000000001', 'retention', 70, '%', '2026-03-01 10:00+00', 'E3'),
    ('a7000000-0000-4000-8000-000000000001', 'd7000000-0000-4000-8000-000000000001', 'nps_score', 44, 'score', '2026-03-01 10:00+00', 'E4'),
    ('a7000000-0000-4000-8000-000000000001', 'd7000000-0000-4000-8000-000000000001', 'churn_rate', 4.5, '%', '2026-03-01 10:00+00', 'E4'),
    ('a7000000-0000-4000-8000-000000000001', 'd7000000-0000-4000-8000-000000000002', 'latency_p50', 210, 'ms', '2026-03-01 10:00+00', 'E4'),
    -- Another tenant's later observation is never compared.
    ('a7000000-0000-4000-8000-000000000002', 'd7000000-0000-4000-8000-000000000003', 'latency_p50', 500, 'ms', '2026-03-01 11:00+00', 'E4');

-- ---- First run: five reports, one WARNING per malformed assumption -----------
-- PROBLEM: latency 200ms -> 260 ms is 30% (MAJOR); adoption 40% -> 41.5%
-- is favourable (COSMETIC, not filed); retention 80% -> 70% observed at E3
-- is 12.5% short (MINOR); nps 45 -> 44 at E0 -> E4 is 2.2% raised one step
-- (MINOR); feature_usage has no telemetry.  PERSONA (DEPLOYED): latency
-- 250ms -> 260 ms is 4% (COSMETIC); churn 3% -> 4.5% is 50% (MAJOR).
-- MARKET_RESEARCH: 180ms -> 260 ms is 44% (MAJOR).
CREATE TEMP TABLE first_run AS
SELECT * FROM agentgov.detect_divergences('d7000000-0000-4000-8000-000000000001');
SELECT a.type AS artifact, r.divergence_type, r.metric_name, r.assumed_value, r.actual_value,
       r.assumption_evidence_tier AS assumed_tier, r.telemetry_evidence_tier AS observed_tier,
       r.tier_delta, r.classification,
       r.telemetry_id = (SELECT t.id FROM agentgov.telemetry t
                          WHERE t.project_id = r.project_id AND t.metric_name = r.metric_name
                          ORDER BY t.observed_at DESC LIMIT 1) AS from_latest_observation
  FROM first_run r JOIN agentgov.artifacts a ON a.org_id = r.org_id AND a.id = r.artifact_id
 ORDER BY a.type, r.metric_name;
-- What it returned is what it filed.
SELECT count(*) AS filed FROM agentgov.divergence_reports
 WHERE project_id = 'd7000000-0000-4000-8000-000000000001';
SELECT count(*) AS returned_rows_match
  FROM first_run f JOIN agentgov.divergence_reports d ON d.org_id = f.org_id AND d.id = f.id
 WHERE (f.*)::text = (d.*)::text;

-- ---- Second run with no new telemetry: nothing filed -----------------------
SELECT count(*) AS filed_again FROM agentgov.detect_divergences('d7000000-0000-4000-8000-000000000001');

-- A new observation that leaves a divergence in its class files nothing:
-- 262 ms is still MAJOR for both latency assumptions.
INSERT INTO agentgov.telemetry (org_id, project_id, metric_name, metric_value, unit, observed_at) VALUES
    ('a7000000-0000-4000-8000-000000000001', 'd7000000-0000-4000-8000-000000000001', 'latency_p50', 262, 'ms', '2026-03-01 11:00+00');
\set VERBOSITY terse
SELECT count(*) AS still_major FROM agentgov.detect_divergences('d7000000-0000-4000-8000-000000000001');
-- One that moves it to another class is filed: 215 ms is 7.5% over 200ms,
-- raised to MINOR by tiers E1 -> E4, and 19.4% over 180ms (MINOR).
INSERT INTO agentgov.telemetry (org_id, project_id, metric_name, metric_value, unit, observed_at) VALUES
    ('a7000000-0000-4000-8000-000000000001', 'd7000000-0000-4000-8000-000000000001', 'latency_p50', 215, 'ms', '2026-03-01 12:00+00');
SELECT a.type AS artifact, r.assumed_value, r.actual_value, r.tier_delta, r.classification
  FROM agentgov.detect_divergences('d7000000-0000-4000-8000-000000000001') r
  JOIN agentgov.artifacts a ON a.org_id = r.org_id AND a.id = r.artifact_id
 ORDER BY a.type;
SELECT count(*) AS filed_again FROM agentgov.detect_divergences('d7000000-0000-4000-8000-000000000001');
\set VERBOSITY default
-- The history of one assumption.
SELECT assumed_value, actual_value, classification
  FROM agentgov.divergence_reports
 WHERE artifact_id = '27000000-0000-4000-8000-000000000001' AND metric_name = 'latency_p50'
 ORDER BY detected_at;

-- ---- The tier telemetry counts as -------------------------------------------
-- 200ms at E0 against 210 ms: 5%, COSMETIC, raised to MINOR by E0 -> E4.
-- With telemetry counted as E2 at most, tier_delta is 2: nothing to file.
SET agentgov.telemetry_evidence_tier = 'E2';
SELECT count(*) AS filed_at_e2 FROM agentgov.detect_divergences('d7000000-0000-4000-8000-000000000002');
RESET agentgov.telemetry_evidence_tier;
SELECT assumed_value, actual_value, assumption_evidence_tier AS assumed_tier,
       telemetry_evidence_tier AS observed_tier, tier_delta, classification
  FROM agentgov.detect_divergences('d7000000-0000-4000-8000-000000000002');
-- An observation compared once is not compared again, even when the
-- thresholds change what it would give.
SET agentgov.divergence_minor_pct = 1;
SET agentgov.divergence_major_pct = 2;
SELECT agentgov.classify_divergence('LATENCY_MISS', '200ms', '210 ms', 4) AS would_now_be;
SELECT count(*) AS filed_again FROM agentgov.detect_divergences('d7000000-0000-4000-8000-000000000002');

-- Thresholds out of order: detection refuses to run.
SET agentgov.divergence_major_pct = 0.5;
SELECT * FROM agentgov.detect_divergences('d7000000-0000-4000-8000-000000000002');
RESET agentgov.divergence_minor_pct;
RESET agentgov.divergence_major_pct;

-- Bad arguments.
SELECT * FROM agentgov.detect_divergences(NULL);
SELECT * FROM agentgov.detect_divergences('d7000000-0000-4000-8000-0000000000ff');

-- ---- analyze_cascade ---------------------------------------------------------
-- One analysis per divergence: SKIP, REEXECUTE or FULL_REDESIGN by class.
CREATE TEMP TABLE latency_major AS
SELECT id FROM agentgov.divergence_reports
 WHERE artifact_id = '27000000-0000-4000-8000-000000000001' AND metric_name = 'latency_p50'
   AND classification = 'MAJOR';
SELECT divergence_id = (SELECT id FROM latency_major) AS for_the_divergence,
       org_id, affected_features, affected_code_modules, reexecution_scope_days,
       full_redesign_days, recommendation
  FROM agentgov.analyze_cascade((SELECT id FROM latency_major),
                                '["F12 PRD", "F14 Architecture"]', '["checkout_service", "payment_api"]');
-- Calling again rewrites the same row.
SELECT reexecution_scope_days, full_redesign_days, recommendation
  FROM agentgov.analyze_cascade((SELECT id FROM latency_major),
                                '["F12 PRD", "F14 Architecture", "F15 Pricing"]',
                                '["checkout_service", "payment_api", "cart", "ledger", "search", "ads", "mail", "auth", "sso"]');
SELECT count(*) AS analyses, max(jsonb_array_length(affected_code_modules)) AS modules
  FROM agentgov.cascade_analyses WHERE divergence_id = (SELECT id FROM latency_major);

-- Every class: MINOR (filed above), and COSMETIC (filed by hand).
INSERT INTO agentgov.divergence_reports (id, org_id, project_id, artifact_id, divergence_type,
                                         assumed_value, actual_value, assumption_evidence_tier,
                                         telemetry_evidence_tier) VALUES
    ('2f000000-0000-4000-8000-000000000001', 'a7000000-0000-4000-8000-000000000001',
     'd7000000-0000-4000-8000-000000000001', '27000000-0000-4000-8000-000000000002',
     'PERSONA_MISMATCH', 'Developers', 'developers', 'E2', 'E3');
SELECT d.classification, c.recommendation, c.reexecution_scope_days, c.full_redesign_days
  FROM agentgov.divergence_reports d,
       LATERAL agentgov.analyze_cascade(d.id, '[]', '["billing"]') c
 WHERE d.id = '2f000000-0000-4000-8000-000000000001'
    OR d.id = (SELECT id FROM agentgov.divergence_reports
                WHERE artifact_id = '27000000-0000-4000-8000-000000000001' AND metric_name = 'retention')
 ORDER BY d.classification;

-- The days grow by one for every two affected items, features and modules
-- alike, to 7 and 21.
SELECT n, c.reexecution_scope_days AS reexecution, c.full_redesign_days AS redesign
  FROM generate_series(0, 16) n,
       LATERAL agentgov.analyze_cascade(
           '2f000000-0000-4000-8000-000000000001',
           (SELECT coalesce(jsonb_agg('feature ' || i), '[]') FROM generate_series(1, n / 2) i),
           (SELECT coalesce(jsonb_agg('module ' || i), '[]') FROM generate_series(1, n - n / 2) i)) c
 ORDER BY n;

-- Arguments that are not arrays of distinct non-empty strings are refused.
SELECT agentgov.analyze_cascade(NULL, '[]', '[]');
SELECT agentgov.analyze_cascade('2f000000-0000-4000-8000-0000000000ff', '[]', '[]');
SELECT agentgov.analyze_cascade('2f000000-0000-4000-8000-000000000001', NULL, '[]');
SELECT agentgov.analyze_cascade('2f000000-0000-4000-8000-000000000001', '{"F1": "PRD"}', '[]');
SELECT agentgov.analyze_cascade('2f000000-0000-4000-8000-000000000001', '"F1 PRD"', '[]');
SELECT agentgov.analyze_cascade('2f000000-0000-4000-8000-000000000001', '["F1 PRD", 2]', '[]');
SELECT agentgov.analyze_cascade('2f000000-0000-4000-8000-000000000001', '["F1 PRD", null]', '[]');
SELECT agentgov.analyze_cascade('2f000000-0000-4000-8000-000000000001', '["F1 PRD", ["F2"]]', '[]');
SELECT agentgov.analyze_cascade('2f000000-0000-4000-8000-000000000001', '[""]', '[]');
SELECT agentgov.analyze_cascade('2f000000-0000-4000-8000-000000000001', '["F1 PRD", "F2", "F1 PRD"]', '[]');
SELECT agentgov.analyze_cascade('2f000000-0000-4000-8000-000000000001', '[]', 'null');
SELECT agentgov.analyze_cascade('2f000000-0000-4000-8000-000000000001', '[]', '["api", {"name": "db"}]');
-- The analysis written last is untouched by the refusals.
SELECT affected_features, affected_code_modules, reexecution_scope_days, full_redesign_days
  FROM agentgov.cascade_analyses WHERE divergence_id = '2f000000-0000-4000-8000-000000000001';

-- Ids are unique per organization: one naming rows in two is refused as
-- ambiguous rather than guessed.
INSERT INTO agentgov.projects (id, org_id, name, created_by) VALUES
    ('d7000000-0000-4000-8000-000000000004', 'a7000000-0000-4000-8000-000000000001', 'Twin one',
     'b7000000-0000-4000-8000-000000000001'),
    ('d7000000-0000-4000-8000-000000000004', 'a7000000-0000-4000-8000-000000000002', 'Twin two',
     'b7000000-0000-4000-8000-000000000001');
SELECT * FROM agentgov.detect_divergences('d7000000-0000-4000-8000-000000000004');
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, version, content, created_by) VALUES
    ('27000000-0000-4000-8000-000000000010', 'a7000000-0000-4000-8000-000000000002',
     'd7000000-0000-4000-8000-000000000003', 'PROBLEM', 1, '{}', 'b7000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.divergence_reports (id, org_id, project_id, artifact_id, divergence_type,
                                         assumed_value, actual_value, assumption_evidence_tier,
                                         telemetry_evidence_tier) VALUES
    ('2f000000-0000-4000-8000-000000000001', 'a7000000-0000-4000-8000-000000000002',
     'd7000000-0000-4000-8000-000000000003', '27000000-0000-4000-8000-000000000010',
     'LATENCY_MISS', '200ms', '200ms', 'E0', 'E0');
SELECT agentgov.analyze_cascade('2f000000-0000-4000-8000-000000000001', '[]', '[]');
