-- socrates' quality metrics and maturity: quality_metrics.passed follows
-- metric_value >= threshold; projects.maturity_score follows maturity_tracking
-- over the categories of agentgov.maturity_categories.

INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('ae000000-0000-4000-8000-000000000001', 'Gates Quality', 'gates-quality', 'PRO');
INSERT INTO agentgov.projects (id, org_id, name, phase) VALUES
    ('de000000-0000-4000-8000-000000000001', 'ae000000-0000-4000-8000-000000000001', 'Loyalty spec', 'DEFINE'),
    ('de000000-0000-4000-8000-000000000002', 'ae000000-0000-4000-8000-000000000001', 'Second spec', 'DISCOVER');

-- ---- quality_metrics.passed -----------------------------------------------------------
-- Left out, it is filled in: at or above the threshold passes.
INSERT INTO agentgov.quality_metrics (id, org_id, project_id, metric_type, metric_value, threshold) VALUES
    ('ce000000-0000-4000-8000-000000000001', 'ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'coverage', 64.00, 60.00),
    ('ce000000-0000-4000-8000-000000000002', 'ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'maturity', 59.99, 60.00),
    ('ce000000-0000-4000-8000-000000000003', 'ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'consistency', 60, 60),
    ('ce000000-0000-4000-8000-000000000004', 'ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'balance', -5, -10)
RETURNING metric_type, metric_value, threshold, passed;
-- Given, it must agree.
INSERT INTO agentgov.quality_metrics (org_id, project_id, metric_type, metric_value, threshold, passed) VALUES
    ('ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'coverage', 70, 60, true),
    ('ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'coverage', 50, 60, false)
RETURNING metric_value, threshold, passed;
INSERT INTO agentgov.quality_metrics (org_id, project_id, metric_type, metric_value, threshold, passed) VALUES
    ('ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'coverage', 59.99, 60, true);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO agentgov.quality_metrics (org_id, project_id, metric_type, metric_value, threshold, passed) VALUES
    ('ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'coverage', 60, 60, false);
\echo :LAST_ERROR_SQLSTATE
-- Without a threshold there is no rule: passed must be given, and is kept.
INSERT INTO agentgov.quality_metrics (org_id, project_id, metric_type, metric_value, passed) VALUES
    ('ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'conflicts', 3, false)
RETURNING metric_type, metric_value, threshold, passed;
INSERT INTO agentgov.quality_metrics (org_id, project_id, metric_type, metric_value) VALUES
    ('ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'conflicts', 3);
\echo :LAST_ERROR_SQLSTATE
-- UPDATE: a passed the statement leaves alone follows the new values ...
UPDATE agentgov.quality_metrics SET metric_value = 55 WHERE id = 'ce000000-0000-4000-8000-000000000001'
RETURNING metric_value, threshold, passed;
UPDATE agentgov.quality_metrics SET threshold = 50 WHERE id = 'ce000000-0000-4000-8000-000000000001'
RETURNING metric_value, threshold, passed;
UPDATE agentgov.quality_metrics SET passed = NULL, metric_value = 10 WHERE id = 'ce000000-0000-4000-8000-000000000001'
RETURNING metric_value, threshold, passed;
-- ... one it sets must agree.
UPDATE agentgov.quality_metrics SET passed = true WHERE id = 'ce000000-0000-4000-8000-000000000001';
\echo :LAST_ERROR_SQLSTATE
UPDATE agentgov.quality_metrics SET passed = true, metric_value = 50 WHERE id = 'ce000000-0000-4000-8000-000000000001'
RETURNING metric_value, threshold, passed;
-- Dropping the threshold keeps passed; dropping both leaves nothing to go on.
UPDATE agentgov.quality_metrics SET threshold = NULL WHERE id = 'ce000000-0000-4000-8000-000000000001'
RETURNING metric_value, threshold, passed;
UPDATE agentgov.quality_metrics SET passed = NULL WHERE id = 'ce000000-0000-4000-8000-000000000001';
\echo :LAST_ERROR_SQLSTATE
SELECT metric_type, metric_value, threshold, passed FROM agentgov.quality_metrics
 WHERE project_id = 'de000000-0000-4000-8000-000000000001' ORDER BY metric_type, metric_value;

-- ---- Maturity categories ------------------------------------------------------------------
-- The default: every category the socrates seed names.
SHOW agentgov.maturity_categories;
-- Settings are validated.
SET agentgov.maturity_categories = '';
SET agentgov.maturity_categories = 'goals, goals';
SET agentgov.maturity_categories = 'goals,, security';
SET agentgov.maturity_categories = 'goals, "unterminated';
SELECT set_config('agentgov.maturity_categories', repeat('x', 101), false);
SHOW agentgov.maturity_categories;
-- Inside the string, a name may be double-quoted; names run up to 100 characters.
SET agentgov.maturity_categories = 'goals, "user experience, ux", security';
SHOW agentgov.maturity_categories;
SELECT set_config('agentgov.maturity_categories', repeat('x', 100), false) IS NOT NULL AS long_name_ok;
RESET agentgov.maturity_categories;
-- Only superusers set it: every session must count alike.
CREATE ROLE regress_gates_user;
SET ROLE regress_gates_user;
SET agentgov.maturity_categories = 'goals';
RESET ROLE;
DROP ROLE regress_gates_user;

-- ---- projects.maturity_score follows maturity_tracking --------------------------------------
CREATE VIEW pg_temp.maturity AS
    SELECT name, maturity_score FROM agentgov.projects
     WHERE org_id = 'ae000000-0000-4000-8000-000000000001' ORDER BY name;
SELECT * FROM pg_temp.maturity;
-- Ten categories: each score adds a tenth; categories without scores count 0.
INSERT INTO agentgov.maturity_tracking (org_id, project_id, category, score, calculated_at) VALUES
    ('ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'goals', 80, '2026-11-01 10:00+00');
SELECT * FROM pg_temp.maturity;
INSERT INTO agentgov.maturity_tracking (org_id, project_id, category, score, calculated_at) VALUES
    ('ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'requirements', 60, '2026-11-01 10:00+00'),
    ('ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'tech_stack', 55, '2026-11-01 10:00+00');
-- (80 + 60 + 55) / 10 = 19.5 -> 20
SELECT * FROM pg_temp.maturity;
-- The latest score of a category replaces the earlier one: (80 + 72 + 55) / 10 = 20.7 -> 21.
INSERT INTO agentgov.maturity_tracking (org_id, project_id, category, score, calculated_at) VALUES
    ('ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'requirements', 72, '2026-11-02 10:00+00');
SELECT * FROM pg_temp.maturity;
-- A back-dated score is not the latest, and changes nothing.
INSERT INTO agentgov.maturity_tracking (org_id, project_id, category, score, calculated_at) VALUES
    ('ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'requirements', 5, '2026-10-01 10:00+00');
SELECT * FROM pg_temp.maturity;
-- Two scores at the same time: the higher counts.  (80 + 72 + 55 + 40) / 10 = 24.7 -> 25.
INSERT INTO agentgov.maturity_tracking (org_id, project_id, category, score, calculated_at) VALUES
    ('ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'security', 30, '2026-11-03 10:00+00'),
    ('ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'security', 40, '2026-11-03 10:00+00');
SELECT * FROM pg_temp.maturity;
-- A category outside the list does not count.
INSERT INTO agentgov.maturity_tracking (org_id, project_id, category, score) VALUES
    ('ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'marketing', 100),
    ('ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000001', 'Goals', 100);
SELECT * FROM pg_temp.maturity;
-- Updating the latest score recounts; so does deleting it (security falls back to 30).
UPDATE agentgov.maturity_tracking SET score = 100
 WHERE project_id = 'de000000-0000-4000-8000-000000000001' AND category = 'goals';
SELECT * FROM pg_temp.maturity;
DELETE FROM agentgov.maturity_tracking
 WHERE project_id = 'de000000-0000-4000-8000-000000000001' AND category = 'security' AND score = 40;
SELECT * FROM pg_temp.maturity;
-- Moving a score to another project recounts both.
UPDATE agentgov.maturity_tracking SET project_id = 'de000000-0000-4000-8000-000000000002'
 WHERE project_id = 'de000000-0000-4000-8000-000000000001' AND category = 'goals';
SELECT * FROM pg_temp.maturity;
-- Every category at 100 is full maturity.
INSERT INTO agentgov.maturity_tracking (org_id, project_id, category, score)
SELECT 'ae000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-000000000002', c, 100
  FROM unnest(ARRAY['goals', 'requirements', 'tech_stack', 'scalability', 'security', 'performance',
                    'testing', 'monitoring', 'data_retention', 'disaster_recovery']) c;
SELECT * FROM pg_temp.maturity;

-- ---- The score cannot be written by hand ------------------------------------------------------
UPDATE agentgov.projects SET maturity_score = 50 WHERE id = 'de000000-0000-4000-8000-000000000001';
\echo :LAST_ERROR_SQLSTATE
UPDATE agentgov.projects SET maturity_score = maturity_score, description = 'Points and rewards'
 WHERE id = 'de000000-0000-4000-8000-000000000001';
UPDATE agentgov.projects SET maturity_score = 23 WHERE id = 'de000000-0000-4000-8000-000000000001';
INSERT INTO agentgov.projects (org_id, name, maturity_score) VALUES
    ('ae000000-0000-4000-8000-000000000001', 'Born mature', 40);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO agentgov.projects (id, org_id, name, maturity_score) VALUES
    ('de000000-0000-4000-8000-000000000003', 'ae000000-0000-4000-8000-000000000001', 'Born new', 0);
SELECT * FROM pg_temp.maturity;

-- ---- A different category list -----------------------------------------------------------------
-- Existing scores are recounted on the next write, or by refresh_maturity().
SET agentgov.maturity_categories = requirements, tech_stack;
SELECT * FROM pg_temp.maturity;
SELECT agentgov.refresh_maturity('de000000-0000-4000-8000-000000000001') AS "(72 + 55) / 2";
SELECT agentgov.refresh_maturity('de000000-0000-4000-8000-000000000002') AS "(100 + 100) / 2";
SELECT * FROM pg_temp.maturity;
-- Under this list a hand-written 64 is the right value, and accepted.
UPDATE agentgov.projects SET maturity_score = 64 WHERE id = 'de000000-0000-4000-8000-000000000001';
UPDATE agentgov.projects SET maturity_score = 63 WHERE id = 'de000000-0000-4000-8000-000000000001';
RESET agentgov.maturity_categories;
SELECT agentgov.refresh_maturity(id) FROM agentgov.projects
 WHERE org_id = 'ae000000-0000-4000-8000-000000000001' ORDER BY name;
SELECT agentgov.refresh_maturity('de000000-0000-4000-8000-0000000000ff');
\echo :LAST_ERROR_SQLSTATE
SELECT agentgov.refresh_maturity(NULL) IS NULL AS strict;

-- ---- TRUNCATE and cascades -------------------------------------------------------------------
BEGIN;
TRUNCATE agentgov.maturity_tracking;
SELECT * FROM pg_temp.maturity;
ROLLBACK;
SELECT * FROM pg_temp.maturity;
-- Deleting a project takes its scores along without recounting it.
DELETE FROM agentgov.projects WHERE id = 'de000000-0000-4000-8000-000000000002';
SELECT * FROM pg_temp.maturity;
SELECT count(*) AS scores_left FROM agentgov.maturity_tracking
 WHERE project_id = 'de000000-0000-4000-8000-000000000002';
