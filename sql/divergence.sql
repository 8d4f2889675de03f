-- Divergence classification: tier_delta(), classify_divergence(), its
-- settings, and the trigger that classifies every divergence_reports row.
-- (Cascade analysis and detection are in divergence_detect.sql.)

-- ---- tier_delta: how many tiers stronger the observation is ----------------
SELECT a AS assumed,
       string_agg(agentgov.tier_delta(a, o)::text, ' ' ORDER BY o) AS "observed E0 .. E4"
  FROM unnest(enum_range(NULL::agentgov.evidence_tier)) a,
       unnest(enum_range(NULL::agentgov.evidence_tier)) o
 GROUP BY a ORDER BY a;
SELECT agentgov.tier_delta(NULL, 'E4') AS null_assumed, agentgov.tier_delta('E0', NULL) AS null_observed;

-- ---- classify_divergence: a table of cases ---------------------------------
-- Default thresholds: below 10% COSMETIC, below 25% MINOR, else MAJOR.
SHOW agentgov.divergence_minor_pct;
SHOW agentgov.divergence_major_pct;

CREATE TEMP TABLE classify_cases (
    n        serial,
    what     text,
    type     agentgov.divergence_type,
    assumed  text,
    actual   text,
    delta    int,
    expected agentgov.divergence_classification
);
INSERT INTO classify_cases (what, type, assumed, actual, delta, expected) VALUES
    -- every type, numbers
    ('latency 30% slower',            'LATENCY_MISS',            '200ms',        '260ms',        0, 'MAJOR'),
    ('latency 15% slower',            'LATENCY_MISS',            '200ms',        '230ms',        0, 'MINOR'),
    ('latency 5% slower',             'LATENCY_MISS',            '200ms',        '210ms',        0, 'COSMETIC'),
    ('adoption 30% short',            'FEATURE_ADOPTION_MISS',   '40%',          '28%',          0, 'MAJOR'),
    ('adoption 15% short',            'FEATURE_ADOPTION_MISS',   '40%',          '34%',          0, 'MINOR'),
    ('adoption 5% short',             'FEATURE_ADOPTION_MISS',   '40%',          '38%',          0, 'COSMETIC'),
    ('price 30% up',                  'PRICING_ELASTICITY_MISS', '$49',          '$63.70',       0, 'MAJOR'),
    ('price 30% down: no direction',  'PRICING_ELASTICITY_MISS', '$49',          '$34.30',       0, 'MAJOR'),
    ('price 10.2% down',              'PRICING_ELASTICITY_MISS', '$49',          '$44',          0, 'MINOR'),
    ('price equal',                   'PRICING_ELASTICITY_MISS', '$49',          '$49.00',       0, 'COSMETIC'),
    ('persona equal ignoring case',   'PERSONA_MISMATCH',        ' Developers ', E'developers\n', 0, 'COSMETIC'),
    ('persona different',             'PERSONA_MISMATCH',        'developers',   'designers',    0, 'MINOR'),
    ('persona compares as text',      'PERSONA_MISMATCH',        '1,200',        '1200',         0, 'MINOR'),
    -- direction: favourable is COSMETIC however large, and never escalated
    ('latency 50% faster',            'LATENCY_MISS',            '200ms',        '100ms',        0, 'COSMETIC'),
    ('latency faster, tiers 4 apart', 'LATENCY_MISS',            '200ms',        '100ms',        4, 'COSMETIC'),
    ('adoption doubled',              'FEATURE_ADOPTION_MISS',   '40%',          '80%',          0, 'COSMETIC'),
    ('adoption up, tiers 3 apart',    'FEATURE_ADOPTION_MISS',   '40%',          '41.5%',        3, 'COSMETIC'),
    -- boundaries: "below 10" and "below 25" are strict
    ('exactly 10%',                   'LATENCY_MISS',            '200',          '220',          0, 'MINOR'),
    ('just below 10%',                'LATENCY_MISS',            '200',          '219.99',       0, 'COSMETIC'),
    ('exactly 25%',                   'LATENCY_MISS',            '200',          '250',          0, 'MAJOR'),
    ('just below 25%',                'LATENCY_MISS',            '200',          '249.999',      0, 'MINOR'),
    ('exact, not float: 0.1 + 0.2',   'PRICING_ELASTICITY_MISS', '0.3',          '0.33',         0, 'MINOR'),
    -- unit forms
    ('unit with a space',             'LATENCY_MISS',            '200 ms',       '260ms',        0, 'MAJOR'),
    ('unit case and spaces',          'LATENCY_MISS',            '200 MS',       '205ms',        0, 'COSMETIC'),
    ('one side without unit',         'LATENCY_MISS',            '200',          '260 ms',       0, 'MAJOR'),
    ('percent with a space',          'FEATURE_ADOPTION_MISS',   '12.5 %',       '10%',          0, 'MINOR'),
    ('thousands separators',          'FEATURE_ADOPTION_MISS',   '1,200 users',  '1,000 users',  0, 'MINOR'),
    ('grouped and plain digits',      'FEATURE_ADOPTION_MISS',   '1,200,000',    '1100000',      0, 'COSMETIC'),
    ('currency and a space',          'PRICING_ELASTICITY_MISS', '$ 49',         '49',           0, 'COSMETIC'),
    ('euro sign prefix and suffix',   'PRICING_ELASTICITY_MISS', '€49',          '49 €',         0, 'COSMETIC'),
    ('currencies differ: text',       'PRICING_ELASTICITY_MISS', '$49',          '€49',          0, 'MINOR'),
    ('units differ: text',            'LATENCY_MISS',            '200ms',        '0.26 s',       0, 'MINOR'),
    ('unit words',                    'PRICING_ELASTICITY_MISS', '$5 per month', '$5.2 per Month', 0, 'COSMETIC'),
    ('signs',                         'PRICING_ELASTICITY_MISS', '-$10',         '$-12',         0, 'MINOR'),
    ('plus sign',                     'PRICING_ELASTICITY_MISS', '+10',          '10',           0, 'COSMETIC'),
    ('leading point',                 'PRICING_ELASTICITY_MISS', '.5',           '0.5',          0, 'COSMETIC'),
    ('1,20 is text',                  'PRICING_ELASTICITY_MISS', '1,20',         '120',          0, 'MINOR'),
    ('12,00 is text',                 'PRICING_ELASTICITY_MISS', '12,00',        '12',           0, 'MINOR'),
    ('1. is text',                    'PRICING_ELASTICITY_MISS', '1.',           '1',            0, 'MINOR'),
    ('1e3 is text',                   'PRICING_ELASTICITY_MISS', '1e3',          '1000',         0, 'MINOR'),
    ('a range is text',               'LATENCY_MISS',            '200-300ms',    '250ms',        0, 'MINOR'),
    ('approximation is text',         'LATENCY_MISS',            '~200ms',       '~200MS',       0, 'COSMETIC'),
    ('sign apart from digits is text','PRICING_ELASTICITY_MISS', '- 5',          '-5',           0, 'MINOR'),
    ('two signs is text',             'PRICING_ELASTICITY_MISS', '-$-5',         '-5',           0, 'MINOR'),
    ('number against text',           'LATENCY_MISS',            '200ms',        'fast',         0, 'MINOR'),
    ('empty against empty',           'PERSONA_MISMATCH',        '',             '   ',          0, 'COSMETIC'),
    ('1000 digits is a number',       'PRICING_ELASTICITY_MISS', repeat('9', 1000), repeat('9', 999) || '8', 0, 'COSMETIC'),
    ('1001 digits is text',           'PRICING_ELASTICITY_MISS', repeat('9', 1001), repeat('9', 1000) || '8', 0, 'MINOR'),
    -- zero: no division; equal is COSMETIC, anything else is an unbounded deviation
    ('zero to zero',                  'PRICING_ELASTICITY_MISS', '0',            '0.000',        0, 'COSMETIC'),
    ('zero to one',                   'PRICING_ELASTICITY_MISS', '$0',           '$1',           0, 'MAJOR'),
    ('zero adoption, some adoption',  'FEATURE_ADOPTION_MISS',   '0%',           '5%',           0, 'COSMETIC'),
    ('some adoption, none',           'FEATURE_ADOPTION_MISS',   '5%',           '0%',           0, 'MAJOR'),
    ('zero latency, some latency',    'LATENCY_MISS',            '0ms',          '1ms',          0, 'MAJOR'),
    ('negative assumed',              'PRICING_ELASTICITY_MISS', '-10',          '-12',          0, 'MINOR'),
    -- escalation: a tier_delta of 3 or more raises a divergence one step
    ('5% off, delta 2',               'LATENCY_MISS',            '200ms',        '210ms',        2, 'COSMETIC'),
    ('5% off, delta 3',               'LATENCY_MISS',            '200ms',        '210ms',        3, 'MINOR'),
    ('15% off, delta 3',              'LATENCY_MISS',            '200ms',        '230ms',        3, 'MAJOR'),
    ('30% off, delta 4',              'LATENCY_MISS',            '200ms',        '260ms',        4, 'MAJOR'),
    ('text different, delta 3',       'PERSONA_MISMATCH',        'developers',   'designers',    3, 'MAJOR'),
    ('text equal, delta 4',           'PERSONA_MISMATCH',        'Developers',   'developers',   4, 'COSMETIC'),
    ('numbers equal, delta 4',        'PRICING_ELASTICITY_MISS', '$49',          '49',           4, 'COSMETIC');

SELECT n, what, type, left(assumed, 14) AS assumed, left(actual, 14) AS actual, delta,
       agentgov.classify_divergence(type, assumed, actual, delta) AS got, expected
  FROM classify_cases ORDER BY n;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE agentgov.classify_divergence(type, assumed, actual, delta) = expected) AS as_expected
  FROM classify_cases;

-- Case is folded by the collation, as lower() folds it.
SELECT agentgov.classify_divergence('PERSONA_MISMATCH', 'ÉQUIPE' COLLATE "C", 'équipe', 0) AS c_collation,
       agentgov.classify_divergence('PERSONA_MISMATCH', 'ÉQUIPE' COLLATE "und-x-icu", 'équipe', 0) AS icu_collation;

-- NULL in, NULL out.
SELECT agentgov.classify_divergence(NULL, '1', '2', 0) IS NULL AS null_type,
       agentgov.classify_divergence('LATENCY_MISS', NULL, '2', 0) IS NULL AS null_assumed,
       agentgov.classify_divergence('LATENCY_MISS', '1', NULL, 0) IS NULL AS null_actual,
       agentgov.classify_divergence('LATENCY_MISS', '1', '2', NULL) IS NULL AS null_delta;

-- Bad input.
SELECT agentgov.classify_divergence('LATENCY_MISS', '1', '2', -1);
SELECT agentgov.classify_divergence('LATENCY_MISS', '1', '2', 5);
SELECT agentgov.classify_divergence('SLOWNESS', '1', '2', 0);

-- ---- Settings ----------------------------------------------------------------
-- Each threshold must be a number greater than zero; a refused value
-- leaves the old one.
SET agentgov.divergence_minor_pct = 0;
SET agentgov.divergence_minor_pct = -5;
SET agentgov.divergence_major_pct = 'lots';
SET agentgov.divergence_major_pct = 'NaN';
SET agentgov.divergence_major_pct = 2000000;
SHOW agentgov.divergence_minor_pct;

-- Raising both from 10/25 to 30/50 works in either order.  Setting minor
-- first passes through 30/25: the SET warns, and classifying refuses to run
-- until major follows.
SET agentgov.divergence_minor_pct = 30;
SELECT agentgov.classify_divergence('LATENCY_MISS', '200ms', '260ms', 0);
SET agentgov.divergence_major_pct = 50;
SELECT agentgov.classify_divergence('LATENCY_MISS', '200ms', '260ms', 0) AS "30% at 30/50",
       agentgov.classify_divergence('LATENCY_MISS', '200ms', '300ms', 0) AS "50% at 30/50";
RESET agentgov.divergence_minor_pct;
RESET agentgov.divergence_major_pct;
SET agentgov.divergence_major_pct = 50;
SET agentgov.divergence_minor_pct = 30;
SELECT agentgov.classify_divergence('LATENCY_MISS', '200ms', '260ms', 0) AS "30% at 30/50";

-- Lowering both from 30/50 to 5/8, in either order, and fractions.
SET agentgov.divergence_major_pct = 8;
SET agentgov.divergence_minor_pct = 5;
SELECT agentgov.classify_divergence('LATENCY_MISS', '200ms', '212ms', 0) AS "6% at 5/8";
SET agentgov.divergence_minor_pct = 30;
SET agentgov.divergence_major_pct = 50;
SET agentgov.divergence_minor_pct = 2.5;
SET agentgov.divergence_major_pct = 7.5;
SELECT agentgov.classify_divergence('LATENCY_MISS', '200ms', '204.99ms', 0) AS "2.495% at 2.5/7.5",
       agentgov.classify_divergence('LATENCY_MISS', '200ms', '205ms', 0) AS "2.5% at 2.5/7.5",
       agentgov.classify_divergence('LATENCY_MISS', '200ms', '215ms', 0) AS "7.5% at 2.5/7.5";
SHOW agentgov.divergence_minor_pct;
SHOW agentgov.divergence_major_pct;

-- SET LOCAL lasts for the transaction; equal thresholds are out of order.
BEGIN;
SET LOCAL agentgov.divergence_minor_pct = 7.5;
SELECT agentgov.classify_divergence('LATENCY_MISS', '200ms', '201ms', 0);
ROLLBACK;
SELECT agentgov.classify_divergence('LATENCY_MISS', '200ms', '201ms', 0) AS after_rollback;
RESET agentgov.divergence_minor_pct;
RESET agentgov.divergence_major_pct;

-- They change what gets recorded, so only a superuser, or a role granted
-- SET on them, may change them.
CREATE ROLE divergence_analyst;
SET ROLE divergence_analyst;
SET agentgov.divergence_minor_pct = 12;
SET agentgov.telemetry_evidence_tier = 'E3';
RESET ROLE;
GRANT SET ON PARAMETER agentgov.divergence_minor_pct TO divergence_analyst;
SET ROLE divergence_analyst;
SET agentgov.divergence_minor_pct = 12;
SHOW agentgov.divergence_minor_pct;
RESET ROLE;
RESET agentgov.divergence_minor_pct;
REVOKE SET ON PARAMETER agentgov.divergence_minor_pct FROM divergence_analyst;
DROP ROLE divergence_analyst;

-- The tier telemetry counts as: E0 .. E4, E4 by default.
SHOW agentgov.telemetry_evidence_tier;
SET agentgov.telemetry_evidence_tier = 'e2';
SHOW agentgov.telemetry_evidence_tier;
SET agentgov.telemetry_evidence_tier = 'E5';
RESET agentgov.telemetry_evidence_tier;

-- ---- divergence_reports: classified on write ---------------------------------
INSERT INTO agentgov.organizations (id, name, slug) VALUES
    ('a6000000-0000-4000-8000-000000000001', 'Divergence Classify Org', 'divergence-classify');
INSERT INTO agentgov.users (id, email, username, auth_provider, auth_provider_id) VALUES
    ('b6000000-0000-4000-8000-000000000001', 'dc-author@example.com', 'dc_author', 'github', 'gh-600001');
INSERT INTO agentgov.projects (id, org_id, name, created_by) VALUES
    ('d6000000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000001', 'Classify',
     'b6000000-0000-4000-8000-000000000001');
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, version, content, created_by) VALUES
    ('26000000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000001',
     'd6000000-0000-4000-8000-000000000001', 'PROBLEM', 1, '{}', 'b6000000-0000-4000-8000-000000000001');

-- Left out, tier_delta and classification are computed.
INSERT INTO agentgov.divergence_reports (id, org_id, project_id, artifact_id, divergence_type,
                                         assumed_value, actual_value, assumption_evidence_tier,
                                         telemetry_evidence_tier) VALUES
    ('2e000000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000001',
     'd6000000-0000-4000-8000-000000000001', '26000000-0000-4000-8000-000000000001',
     'LATENCY_MISS', '200ms', '260ms', 'E1', 'E4'),
    ('2e000000-0000-4000-8000-000000000002', 'a6000000-0000-4000-8000-000000000001',
     'd6000000-0000-4000-8000-000000000001', '26000000-0000-4000-8000-000000000001',
     'PERSONA_MISMATCH', 'developers', 'Developers', 'E2', 'E3'),
    ('2e000000-0000-4000-8000-000000000003', 'a6000000-0000-4000-8000-000000000001',
     'd6000000-0000-4000-8000-000000000001', '26000000-0000-4000-8000-000000000001',
     'FEATURE_ADOPTION_MISS', '40%', '34%', 'E3', 'E1');
-- Supplied and consistent, they are accepted.
INSERT INTO agentgov.divergence_reports (id, org_id, project_id, artifact_id, divergence_type,
                                         assumed_value, actual_value, assumption_evidence_tier,
                                         telemetry_evidence_tier, tier_delta, classification) VALUES
    ('2e000000-0000-4000-8000-000000000004', 'a6000000-0000-4000-8000-000000000001',
     'd6000000-0000-4000-8000-000000000001', '26000000-0000-4000-8000-000000000001',
     'PRICING_ELASTICITY_MISS', '$49', '$52', 'E0', 'E4', 4, 'MINOR');
SELECT id, divergence_type, assumed_value, actual_value, assumption_evidence_tier AS assumed_tier,
       telemetry_evidence_tier AS observed_tier, tier_delta, classification
  FROM agentgov.divergence_reports WHERE org_id = 'a6000000-0000-4000-8000-000000000001' ORDER BY id;

-- Supplied and contradicting, they are refused.
INSERT INTO agentgov.divergence_reports (org_id, project_id, artifact_id, divergence_type,
                                         assumed_value, actual_value, assumption_evidence_tier,
                                         telemetry_evidence_tier, tier_delta) VALUES
    ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000001',
     '26000000-0000-4000-8000-000000000001', 'LATENCY_MISS', '200ms', '260ms', 'E1', 'E4', 2);
INSERT INTO agentgov.divergence_reports (org_id, project_id, artifact_id, divergence_type,
                                         assumed_value, actual_value, assumption_evidence_tier,
                                         telemetry_evidence_tier, classification) VALUES
    ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000001',
     '26000000-0000-4000-8000-000000000001', 'LATENCY_MISS', '200ms', '260ms', 'E1', 'E4', 'MINOR');
-- Missing inputs are left to their NOT NULL constraints.
\set VERBOSITY terse
INSERT INTO agentgov.divergence_reports (org_id, project_id, artifact_id, divergence_type,
                                         actual_value, assumption_evidence_tier, telemetry_evidence_tier) VALUES
    ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000001',
     '26000000-0000-4000-8000-000000000001', 'LATENCY_MISS', '260ms', 'E1', 'E4');
\set VERBOSITY default

-- An UPDATE of an input recomputes them ...
UPDATE agentgov.divergence_reports SET actual_value = '215ms', telemetry_evidence_tier = 'E2'
 WHERE id = '2e000000-0000-4000-8000-000000000001';
UPDATE agentgov.divergence_reports SET assumed_value = 'designers'
 WHERE id = '2e000000-0000-4000-8000-000000000002';
SELECT id, assumed_value, actual_value, tier_delta, classification
  FROM agentgov.divergence_reports WHERE id IN ('2e000000-0000-4000-8000-000000000001',
                                                '2e000000-0000-4000-8000-000000000002') ORDER BY id;
-- ... one that changes them to contradicting values is refused ...
UPDATE agentgov.divergence_reports SET classification = 'MAJOR'
 WHERE id = '2e000000-0000-4000-8000-000000000001';
UPDATE agentgov.divergence_reports SET tier_delta = 0, actual_value = '300ms'
 WHERE id = '2e000000-0000-4000-8000-000000000001';
-- ... and one that touches neither keeps what was recorded, even when the
-- thresholds have changed since: a report records its classification.
SET agentgov.divergence_major_pct = 90;
SET agentgov.divergence_minor_pct = 80;
UPDATE agentgov.divergence_reports SET detected_at = '2026-01-01 00:00+00'
 WHERE id = '2e000000-0000-4000-8000-000000000003';
SELECT classification FROM agentgov.divergence_reports WHERE id = '2e000000-0000-4000-8000-000000000003';
-- Setting it to what the thresholds now give is accepted.
UPDATE agentgov.divergence_reports SET classification = 'COSMETIC'
 WHERE id = '2e000000-0000-4000-8000-000000000003';
SELECT classification FROM agentgov.divergence_reports WHERE id = '2e000000-0000-4000-8000-000000000003';
-- With the thresholds out of order, nothing is classified.
SET agentgov.divergence_minor_pct = 95;
UPDATE agentgov.divergence_reports SET actual_value = '30%'
 WHERE id = '2e000000-0000-4000-8000-000000000003';
RESET agentgov.divergence_minor_pct;
RESET agentgov.divergence_major_pct;

-- The trigger refuses to be used any other way.
SELECT agentgov.classify_divergence_report();
CREATE TABLE divergence_misuse (x int);
CREATE TRIGGER misuse AFTER INSERT ON divergence_misuse
    FOR EACH ROW EXECUTE FUNCTION agentgov.classify_divergence_report();
INSERT INTO divergence_misuse VALUES (1);
DROP TABLE divergence_misuse;
