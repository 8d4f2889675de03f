-- Gate scoring: gate_score(), gate_floor_failed(), gate_decide(),
-- gate_threshold() and the policies they read.

-- ---- Weighted mean ----------------------------------------------------------
-- The platform's example: (82 x 2 + 74) / 3 = 79.33 -> 79.
SELECT agentgov.gate_score('[{"name": "problem_clarity", "score": 82, "weight": 2},
                             {"name": "evidence_strength", "score": 74}]') AS score;
-- One indicator; weight defaults to 1; names are optional.
SELECT agentgov.gate_score('[{"score": 64}]') AS single,
       agentgov.gate_score('[{"score": 90}, {"score": 60, "weight": 1}]') AS default_weight,
       agentgov.gate_score('[{"score": 90, "weight": 3}, {"score": 60, "weight": 1}]') AS weighted;
-- Fractional weights and scores.
SELECT agentgov.gate_score('[{"score": 80, "weight": 0.25}, {"score": 60, "weight": 0.75}]') AS quarter,
       agentgov.gate_score('[{"score": 70.4}, {"score": 70.5}]') AS fractional,
       agentgov.gate_score('[{"score": 0}, {"score": 100}]') AS extremes;
-- Extra keys are allowed (annotations).
SELECT agentgov.gate_score('[{"name": "tam", "score": 77, "source": "analyst report"}]') AS annotated;

-- ---- Rounding: half away from zero, exactly ------------------------------------
SELECT agentgov.gate_score('[{"score": 75}, {"score": 76}]') AS "75.5",
       agentgov.gate_score('[{"score": 75.4999}, {"score": 75.5}]') AS "75.49995",
       agentgov.gate_score('[{"score": 74.5}]') AS "74.5",
       agentgov.gate_score('[{"score": 74.4999}]') AS "74.4999",
       agentgov.gate_score('[{"score": 0.5}]') AS "0.5",
       agentgov.gate_score('[{"score": 99.5}]') AS "99.5";
-- (70 x 1 + 71 x 1 + 72 x 2) / 4 = 71.25; (70 + 71) / 2 = 70.5; thirds.
SELECT agentgov.gate_score('[{"score": 70}, {"score": 71}, {"score": 72, "weight": 2}]') AS "71.25",
       agentgov.gate_score('[{"score": 70}, {"score": 71}]') AS "70.5",
       agentgov.gate_score('[{"score": 70}, {"score": 71}, {"score": 71}]') AS "70.67",
       agentgov.gate_score('[{"score": 70}, {"score": 70}, {"score": 71}]') AS "70.33";
-- A half reached only through weights: (80 x 1.5 + 79 x 0.5) / 2 = 79.75;
-- (61 x 0.5 + 60 x 0.5) = 60.5.
SELECT agentgov.gate_score('[{"score": 80, "weight": 1.5}, {"score": 79, "weight": 0.5}]') AS "79.75",
       agentgov.gate_score('[{"score": 61, "weight": 0.5}, {"score": 60, "weight": 0.5}]') AS "60.5";
-- Numbers beyond fixed point (huge or tiny weights, many decimals) are exact too.
SELECT agentgov.gate_score('[{"score": 80, "weight": 1e20}, {"score": 71, "weight": 1e20}]') AS "75.5 huge",
       agentgov.gate_score('[{"score": 80, "weight": 0.0000001}, {"score": 71, "weight": 0.0000001}]') AS "75.5 tiny",
       agentgov.gate_score('[{"score": 74.50001}]') AS "74.50001",
       agentgov.gate_score('[{"score": 74.49999999}]') AS "74.49999999",
       agentgov.gate_score('[{"score": 90, "weight": 123456789012}, {"score": 10, "weight": 1}]') AS "~90";
-- Weights at the edge of numeric: exact while the sums fit, a clear error after.
SELECT agentgov.gate_score(('[{"score": 10, "weight": 1' || repeat('0', 131069) || '},
                              {"score": 51, "weight": 1' || repeat('0', 131069) || '}]')::jsonb) AS "30.5";
SELECT agentgov.gate_score(('[{"name": "x", "score": 100, "weight": 1' || repeat('0', 131071) || '}]')::jsonb);
-- It agrees with exact numeric arithmetic on many random arrays.
CREATE FUNCTION pg_temp.numeric_gate_score(x jsonb) RETURNS integer LANGUAGE sql AS $$
    SELECT round(sum((e->>'score')::numeric * coalesce((e->>'weight')::numeric, 1))
                 / sum(coalesce((e->>'weight')::numeric, 1)))::integer
      FROM jsonb_array_elements(x) e $$;
SELECT setseed(0.5);
WITH arrays AS (
    SELECT i, (SELECT jsonb_agg(jsonb_build_object(
                   'score', round((random() * 100 + 0 * j)::numeric, i % 4),
                   'weight', CASE i % 4 WHEN 0 THEN 1 + (random() * 4)::integer
                                        WHEN 1 THEN round((random() * 10)::numeric + 0.001, 3)
                                        WHEN 2 THEN round((random() * 1e10)::numeric) + 1
                                        ELSE round((random() * 2)::numeric + 0.000001, 6) END))
                 FROM generate_series(1, 1 + i % 12) j) AS x
      FROM generate_series(1, 2000) i)
SELECT count(*) AS arrays,
       count(*) FILTER (WHERE agentgov.gate_score(x) <> pg_temp.numeric_gate_score(x)) AS disagreements
  FROM arrays;

-- ---- Floors -----------------------------------------------------------------
-- A floor does not change the score; it fails the gate.
SELECT agentgov.gate_score('[{"name": "security", "score": 59, "min": 60}, {"name": "ux", "score": 95}]') AS score,
       agentgov.gate_floor_failed('[{"name": "security", "score": 59, "min": 60}, {"name": "ux", "score": 95}]') AS below;
SELECT agentgov.gate_floor_failed('[{"score": 60, "min": 60}]') AS at_floor,
       agentgov.gate_floor_failed('[{"score": 59.99, "min": 60}]') AS just_below,
       agentgov.gate_floor_failed('[{"score": 0, "min": 0}]') AS zero_floor,
       agentgov.gate_floor_failed('[{"score": 50}]') AS no_floor;

-- ---- Malformed indicators: 22023, naming the element ----------------------------
\set VERBOSITY default
SELECT agentgov.gate_score('{"score": 80}');
SELECT agentgov.gate_score('80');
SELECT agentgov.gate_score('"indicators"');
SELECT agentgov.gate_score('null');
SELECT agentgov.gate_score('[]');
SELECT agentgov.gate_score('[{"score": 80}, 80]');
SELECT agentgov.gate_score('[{"score": 80}, [80]]');
SELECT agentgov.gate_score('[{"score": 80}, null]');
SELECT agentgov.gate_score('[{"score": 80}, {"name": "tam"}]');
SELECT agentgov.gate_score('[{"score": 80}, {"name": "tam", "score": "80"}]');
SELECT agentgov.gate_score('[{"name": "tam", "score": "NaN"}]');
SELECT agentgov.gate_score(jsonb_build_array(jsonb_build_object('name', 'tam', 'score', 'NaN'::numeric)));
SELECT agentgov.gate_score('[{"name": "tam", "score": null}]');
SELECT agentgov.gate_score('[{"name": "tam", "score": true}]');
SELECT agentgov.gate_score('[{"name": "tam", "score": {"value": 80}}]');
SELECT agentgov.gate_score('[{"name": "tam", "score": 100.01}]');
SELECT agentgov.gate_score('[{"name": "tam", "score": -0.5}]');
SELECT agentgov.gate_score('[{"name": "tam", "score": 1e3}]');
SELECT agentgov.gate_score('[{"name": "tam", "score": 80, "weight": 0}]');
SELECT agentgov.gate_score('[{"name": "tam", "score": 80, "weight": -2}]');
SELECT agentgov.gate_score('[{"name": "tam", "score": 80, "weight": "2"}]');
SELECT agentgov.gate_score('[{"name": "tam", "score": 80, "weight": null}]');
SELECT agentgov.gate_score('[{"name": "tam", "score": 80, "min": 101}]');
SELECT agentgov.gate_score('[{"name": "tam", "score": 80, "min": -1}]');
SELECT agentgov.gate_score('[{"name": "tam", "score": 80, "min": "60"}]');
SELECT agentgov.gate_score('[{"name": 7, "score": 80}]');
SELECT agentgov.gate_score('[{"name": "", "score": 80}]');
SELECT agentgov.gate_score('[{"name": "tam", "score": 80}, {"name": "sam", "score": 70}, {"name": "tam", "score": 60}]');
-- The first repeat in array order is the one named.
SELECT agentgov.gate_score('[{"name": "a", "score": 1}, {"name": "b", "score": 1}, {"name": "b", "score": 1}, {"name": "a", "score": 1}]');
-- Elements are checked in order: the first bad one is reported.
SELECT agentgov.gate_score('[{"score": 80}, {"score": 101}, "x"]');
SELECT agentgov.gate_floor_failed('[{"score": 80, "min": 120}]');
-- NULL in, NULL out.
SELECT agentgov.gate_score(NULL) IS NULL AS null_score, agentgov.gate_floor_failed(NULL) IS NULL AS null_floor;

-- ---- 10,000 indicators ---------------------------------------------------------
SELECT agentgov.gate_score(jsonb_agg(jsonb_build_object('name', 'i' || i, 'score', i % 101,
                                                        'weight', 1 + i % 3)))
  FROM generate_series(1, 10000) i;
SELECT round(sum((i % 101) * (1 + i % 3))::numeric / sum(1 + i % 3)) AS expected
  FROM generate_series(1, 10000) i;
SELECT agentgov.gate_floor_failed(jsonb_agg(jsonb_build_object('name', 'i' || i, 'score', 50,
                                                               'min', CASE WHEN i = 9999 THEN 51 ELSE 50 END)))
  FROM generate_series(1, 10000) i;
-- A repeat among 10,000 names is found and named.
SELECT agentgov.gate_score(jsonb_agg(jsonb_build_object('name', 'i' || (CASE WHEN i = 9000 THEN 4321 ELSE i END),
                                                        'score', 50)))
  FROM generate_series(1, 10000) i;
-- 10,000 unnamed indicators with huge weights take the numeric path.
SELECT agentgov.gate_score(jsonb_agg(jsonb_build_object('score', i % 2 * 100, 'weight', 1e15)))
  FROM generate_series(1, 10000) i;

-- ---- gate_decide -----------------------------------------------------------------
SELECT s AS score, agentgov.gate_decide(s, 76) AS margin_10,
       agentgov.gate_decide(s, 76, 5) AS margin_5,
       agentgov.gate_decide(s, 76, 0) AS margin_0,
       agentgov.gate_decide(s, 76, 10, true) AS floor_failed
  FROM unnest(ARRAY[100, 77, 76, 75, 71, 70, 66, 65, 0]) s;
SELECT agentgov.gate_decide(0, 0) AS zero_threshold, agentgov.gate_decide(100, 100, 100) AS full_margin,
       agentgov.gate_decide(0, 100, 100) AS conditional_at_zero;
SELECT agentgov.gate_decide(101, 76);
SELECT agentgov.gate_decide(-1, 76);
SELECT agentgov.gate_decide(80, 101);
SELECT agentgov.gate_decide(80, 76, -1);
SELECT agentgov.gate_decide(80, 76, 101);
SELECT agentgov.gate_decide(NULL, 76) IS NULL AS strict;
SELECT pg_typeof(agentgov.gate_decide(80, 76)) AS returns;

-- ---- gate_threshold and per-org policy ---------------------------------------------
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('a5000000-0000-4000-8000-000000000001', 'Gates Strict', 'gates-strict', 'PRO'),
    ('a5000000-0000-4000-8000-000000000002', 'Gates Default', 'gates-default', 'PRO');
INSERT INTO agentgov.gate_policies (org_id, phase, threshold, conditional_margin) VALUES
    ('a5000000-0000-4000-8000-000000000001', 'VRC', 90, 5),
    ('a5000000-0000-4000-8000-000000000001', 'MDP', 70, 0);
SELECT g AS gate,
       agentgov.gate_threshold(g) AS default_threshold,
       agentgov.gate_threshold(g, NULL) AS null_org,
       agentgov.gate_threshold(g, 'a5000000-0000-4000-8000-000000000001') AS strict_org,
       agentgov.gate_threshold(g, 'a5000000-0000-4000-8000-000000000002') AS default_org,
       agentgov.gate_threshold(g, 'a5000000-0000-4000-8000-0000000000ff') AS unknown_org
  FROM unnest(enum_range(NULL::agentgov.gate_phase)) g;
SELECT agentgov.gate_threshold(NULL) IS NULL AS null_phase;
-- A policy changed later is read at once.
UPDATE agentgov.gate_policies SET threshold = 88
 WHERE org_id = 'a5000000-0000-4000-8000-000000000001' AND phase = 'VRC';
SELECT agentgov.gate_threshold('VRC', 'a5000000-0000-4000-8000-000000000001') AS changed;
-- Without the default row there is no policy to fall back on.
BEGIN;
DELETE FROM agentgov.gate_policies WHERE org_id IS NULL AND phase = 'DSP';
SELECT agentgov.gate_threshold('DSP', 'a5000000-0000-4000-8000-000000000002');
ROLLBACK;
SELECT agentgov.gate_threshold('DSP') AS restored;
