-- Gate decisions: evaluate_gate(), direct INSERTs held to the same rules,
-- phase moves and project status, override_gate() and direct UPDATEs.
-- Errors raised inside evaluate_gate()/override_gate() would carry the
-- internal statement as CONTEXT; the SQLSTATE is echoed instead.
\set SHOW_CONTEXT never

INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('a6000000-0000-4000-8000-000000000001', 'Gates Decisions', 'gates-decisions', 'PRO'),
    ('a6000000-0000-4000-8000-000000000002', 'Gates Other', 'gates-other', 'PRO');
INSERT INTO agentgov.users (id, email, auth_provider, auth_provider_id) VALUES
    ('b6000000-0000-4000-8000-000000000001', 'gd-admin@gates.example', 'github', 'gd-1'),
    ('b6000000-0000-4000-8000-000000000002', 'gd-member@gates.example', 'github', 'gd-2'),
    ('b6000000-0000-4000-8000-000000000003', 'gd-viewer@gates.example', 'github', 'gd-3'),
    ('b6000000-0000-4000-8000-000000000004', 'gd-outsider@gates.example', 'github', 'gd-4'),
    ('b6000000-0000-4000-8000-000000000005', 'gd-other-admin@gates.example', 'github', 'gd-5');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('a6000000-0000-4000-8000-000000000001', 'b6000000-0000-4000-8000-000000000001', 'ADMIN'),
    ('a6000000-0000-4000-8000-000000000001', 'b6000000-0000-4000-8000-000000000002', 'MEMBER'),
    ('a6000000-0000-4000-8000-000000000001', 'b6000000-0000-4000-8000-000000000003', 'VIEWER'),
    ('a6000000-0000-4000-8000-000000000002', 'b6000000-0000-4000-8000-000000000005', 'ADMIN'),
    ('a6000000-0000-4000-8000-000000000002', 'b6000000-0000-4000-8000-000000000002', 'MEMBER');
-- The org's own DSP policy: threshold 78, margin 8; the other gates use the defaults.
INSERT INTO agentgov.gate_policies (org_id, phase, threshold, conditional_margin) VALUES
    ('a6000000-0000-4000-8000-000000000001', 'DSP', 78, 8),
    ('a6000000-0000-4000-8000-000000000002', 'VRC', 90, 5);
INSERT INTO agentgov.projects (id, org_id, name) VALUES
    ('d6000000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000001', 'Journey'),
    ('d6000000-0000-4000-8000-000000000002', 'a6000000-0000-4000-8000-000000000001', 'Direct'),
    ('d6000000-0000-4000-8000-000000000003', 'a6000000-0000-4000-8000-000000000001', 'Overrides'),
    ('d6000000-0000-4000-8000-000000000004', 'a6000000-0000-4000-8000-000000000002', 'Strict');
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, content, created_by) VALUES
    ('e6000000-0000-4000-8000-000000000001', 'a6000000-0000-4000-8000-000000000001',
     'd6000000-0000-4000-8000-000000000001', 'PROBLEM', '{"statement": "x"}', 'b6000000-0000-4000-8000-000000000002'),
    ('e6000000-0000-4000-8000-000000000002', 'a6000000-0000-4000-8000-000000000001',
     'd6000000-0000-4000-8000-000000000002', 'PROBLEM', '{"statement": "y"}', 'b6000000-0000-4000-8000-000000000002');

CREATE VIEW pg_temp.journey AS
    SELECT name, phase, status, last_updated_by FROM agentgov.projects
     WHERE org_id = 'a6000000-0000-4000-8000-000000000001' AND id = 'd6000000-0000-4000-8000-000000000001';

-- ---- evaluate_gate: a project's way from DISCOVER to DEPLOY -----------------------
SELECT * FROM pg_temp.journey;
-- CONDITIONAL: 70 against 76 with the default margin 10; the project stays.
SELECT phase, score, target_threshold, decision, indicators, decided_by, rationale,
       artifact_id, override_by IS NULL AS not_overridden, decided_at = now() AS decided_now
  FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000001', 'VRC',
                              '[{"name": "problem_clarity", "score": 72}, {"name": "evidence", "score": 68}]',
                              'b6000000-0000-4000-8000-000000000002', 'Evidence is thin',
                              'e6000000-0000-4000-8000-000000000001');
SELECT * FROM pg_temp.journey;
-- FAIL: 60 is below 76 - 10.
SELECT score, target_threshold, decision
  FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000001', 'VRC', '[{"score": 60}]',
                              'b6000000-0000-4000-8000-000000000002', 'Worse');
SELECT * FROM pg_temp.journey;
-- A floor fails the gate whatever the mean.
SELECT score, target_threshold, decision
  FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000001', 'VRC',
                              '[{"name": "clarity", "score": 100}, {"name": "evidence", "score": 59, "min": 60}]',
                              'b6000000-0000-4000-8000-000000000002', 'Evidence below its floor');
SELECT * FROM pg_temp.journey;
-- PASS: (82 x 2 + 74) / 3 = 79 >= 76 moves DISCOVER -> DEFINE.
SELECT score, target_threshold, decision
  FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000001', 'VRC',
                              '[{"name": "problem_clarity", "score": 82, "weight": 2}, {"name": "evidence", "score": 74}]',
                              'b6000000-0000-4000-8000-000000000001', '14 interviews back it');
SELECT * FROM pg_temp.journey;
-- The gate of a phase the project is not in: AG004, nothing recorded.
SELECT decision FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000001', 'VRC', '[{"score": 99}]',
                                            'b6000000-0000-4000-8000-000000000002', 'Again');
\echo :LAST_ERROR_SQLSTATE
SELECT decision FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000001', 'DSP', '[{"score": 99}]',
                                            'b6000000-0000-4000-8000-000000000002', 'Too early');
\echo :LAST_ERROR_SQLSTATE
-- VCD: exactly at the threshold passes, DEFINE -> DESIGN.
SELECT score, target_threshold, decision
  FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000001', 'VCD', '[{"score": 75}]',
                              'b6000000-0000-4000-8000-000000000002', 'Value proposition holds');
SELECT * FROM pg_temp.journey;
-- DSP under the org's policy (78, margin 8): 70 is CONDITIONAL, 69 FAIL, 78 PASS.
SELECT score, target_threshold, decision
  FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000001', 'DSP', '[{"score": 70}]',
                              'b6000000-0000-4000-8000-000000000002', 'Close');
SELECT * FROM pg_temp.journey;
SELECT score, target_threshold, decision
  FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000001', 'DSP', '[{"score": 69}]',
                              'b6000000-0000-4000-8000-000000000002', 'Regressed');
SELECT * FROM pg_temp.journey;
SELECT score, target_threshold, decision
  FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000001', 'DSP', '[{"score": 78}]',
                              'b6000000-0000-4000-8000-000000000002', 'Design signed off');
SELECT * FROM pg_temp.journey;
-- MDP: DEVELOP -> DEPLOY.
SELECT score, target_threshold, decision
  FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000001', 'MDP',
                              '[{"name": "tests", "score": 90, "min": 80}, {"name": "perf", "score": 84}]',
                              'b6000000-0000-4000-8000-000000000001', 'Ready to ship');
SELECT * FROM pg_temp.journey;
-- DEPLOY has no gate.
SELECT decision FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000001', 'MDP', '[{"score": 99}]',
                                            'b6000000-0000-4000-8000-000000000002', 'Once more');
\echo :LAST_ERROR_SQLSTATE
-- Every decision was recorded, in order, with the threshold then in force.
SELECT phase, score, target_threshold, decision, rationale
  FROM agentgov.phase_gate_decisions
 WHERE project_id = 'd6000000-0000-4000-8000-000000000001'
 ORDER BY created_at, phase, rationale;

-- Another organization's policy: VRC 90 with margin 5.
SELECT score, target_threshold, decision
  FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000004', 'VRC', '[{"score": 86}]',
                              'b6000000-0000-4000-8000-000000000005', 'Strict org');
SELECT score, target_threshold, decision
  FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000004', 'VRC', '[{"score": 84}]',
                              'b6000000-0000-4000-8000-000000000005', 'Strict org');

-- ---- evaluate_gate: refusals ----------------------------------------------------
-- Deciders are MEMBERs and ADMINs of the project's organization.
SELECT decision FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000002', 'VRC', '[{"score": 80}]',
                                            'b6000000-0000-4000-8000-000000000003', 'Viewer');
\echo :LAST_ERROR_SQLSTATE
SELECT decision FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000002', 'VRC', '[{"score": 80}]',
                                            'b6000000-0000-4000-8000-000000000004', 'Outsider');
\echo :LAST_ERROR_SQLSTATE
SELECT decision FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000002', 'VRC', '[{"score": 80}]',
                                            'b6000000-0000-4000-8000-000000000005', 'Admin elsewhere');
\echo :LAST_ERROR_SQLSTATE
-- Malformed indicators are refused before anything is written.
SELECT decision FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000002', 'VRC',
                                            '[{"name": "a", "score": 80}, {"name": "a", "score": 70}]',
                                            'b6000000-0000-4000-8000-000000000002', 'Twice');
\echo :LAST_ERROR_SQLSTATE
-- Arguments: required ones, unknown project, an artifact of another project.
SELECT decision FROM agentgov.evaluate_gate(NULL, 'VRC', '[{"score": 80}]', 'b6000000-0000-4000-8000-000000000002', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT decision FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000002', NULL, '[{"score": 80}]', 'b6000000-0000-4000-8000-000000000002', 'x');
SELECT decision FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000002', 'VRC', NULL, 'b6000000-0000-4000-8000-000000000002', 'x');
SELECT decision FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000002', 'VRC', '[{"score": 80}]', NULL, 'x');
SELECT decision FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000002', 'VRC', '[{"score": 80}]', 'b6000000-0000-4000-8000-000000000002', NULL);
SELECT decision FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-0000000000ff', 'VRC', '[{"score": 80}]',
                                            'b6000000-0000-4000-8000-000000000002', 'Nowhere');
\echo :LAST_ERROR_SQLSTATE
SELECT decision FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000002', 'VRC', '[{"score": 80}]',
                                            'b6000000-0000-4000-8000-000000000002', 'Wrong artifact',
                                            'e6000000-0000-4000-8000-000000000001');
\echo :LAST_ERROR_SQLSTATE
SELECT decision FROM agentgov.evaluate_gate('d6000000-0000-4000-8000-000000000002', 'VRC', '[{"score": 80}]',
                                            'b6000000-0000-4000-8000-000000000002', repeat('x', 2001));
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS nothing_recorded FROM agentgov.phase_gate_decisions
 WHERE project_id = 'd6000000-0000-4000-8000-000000000002';

-- ---- Direct INSERT: the same rules ----------------------------------------------
-- Left out, score, target_threshold and decision are filled in.
INSERT INTO agentgov.phase_gate_decisions (id, org_id, project_id, artifact_id, phase, indicators, decided_by, rationale)
VALUES ('f6000000-0000-4000-8000-000000000010', 'a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002',
        'e6000000-0000-4000-8000-000000000002', 'VRC', '[{"score": 70}]',
        'b6000000-0000-4000-8000-000000000002', 'Direct, computed')
RETURNING phase, score, target_threshold, decision;
-- Given and right, they are accepted (the sample's VRC row: 79 of 76, PASS).
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, phase, score, target_threshold, decision,
                                           indicators, decided_by, rationale)
VALUES ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', 'VRC', 79, 76, 'PASS',
        '[{"name": "problem_clarity", "score": 82, "weight": 2}, {"name": "evidence_strength", "score": 74}]',
        'b6000000-0000-4000-8000-000000000001', 'Direct, given')
RETURNING phase, score, target_threshold, decision;
SELECT phase, status FROM agentgov.projects WHERE id = 'd6000000-0000-4000-8000-000000000002';
-- Given and wrong, they are refused.
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, phase, score, indicators, decided_by, rationale)
VALUES ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', 'VCD', 80,
        '[{"score": 79.4}]', 'b6000000-0000-4000-8000-000000000002', 'Rounded up by hand');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, phase, target_threshold, indicators, decided_by, rationale)
VALUES ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', 'VCD', 70,
        '[{"score": 72}]', 'b6000000-0000-4000-8000-000000000002', 'Lower bar');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, phase, decision, indicators, decided_by, rationale)
VALUES ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', 'VCD', 'PASS',
        '[{"score": 72}]', 'b6000000-0000-4000-8000-000000000002', 'Wishful');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, phase, decision, indicators, decided_by, rationale)
VALUES ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', 'VCD', 'PASS',
        '[{"name": "a", "score": 95}, {"name": "b", "score": 40, "min": 50}]',
        'b6000000-0000-4000-8000-000000000002', 'Ignoring the floor');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, phase, indicators, decided_by, rationale)
VALUES ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', 'VCD',
        '{"score": 72}', 'b6000000-0000-4000-8000-000000000002', 'Not an array');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, phase, indicators, decided_by, rationale)
VALUES ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', 'DSP',
        '[{"score": 90}]', 'b6000000-0000-4000-8000-000000000002', 'Skipping a gate');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, phase, indicators, decided_by, rationale)
VALUES ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', 'VCD',
        '[{"score": 90}]', 'b6000000-0000-4000-8000-000000000003', 'Viewer');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, phase, indicators, decided_by, rationale,
                                           override_by, override_reason, override_at)
VALUES ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', 'VCD',
        '[{"score": 60}]', 'b6000000-0000-4000-8000-000000000002', 'Born overridden',
        'b6000000-0000-4000-8000-000000000001', 'Because', now());
\echo :LAST_ERROR_SQLSTATE
-- Missing indicators or decider; NOT NULL and foreign keys report the rest.
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, phase, decided_by, rationale)
VALUES ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', 'VCD',
        'b6000000-0000-4000-8000-000000000002', 'No indicators');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, phase, indicators, rationale)
VALUES ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', 'VCD',
        '[{"score": 90}]', 'No decider');
\set VERBOSITY terse
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, indicators, decided_by, rationale)
VALUES ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002',
        '[{"score": 90}]', 'b6000000-0000-4000-8000-000000000002', 'No gate');
\set VERBOSITY default
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, phase, indicators, decided_by, rationale)
VALUES ('a6000000-0000-4000-8000-000000000002', 'd6000000-0000-4000-8000-000000000002', 'VCD',
        '[{"score": 90}]', 'b6000000-0000-4000-8000-000000000002', 'Other tenant');
\echo :LAST_ERROR_SQLSTATE
SELECT phase, status FROM agentgov.projects WHERE id = 'd6000000-0000-4000-8000-000000000002';
-- Rows of one statement apply in order: VCD then DSP, both passing, move two phases.
INSERT INTO agentgov.phase_gate_decisions (org_id, project_id, phase, indicators, decided_by, rationale)
VALUES ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', 'VCD',
        '[{"score": 90}]', 'b6000000-0000-4000-8000-000000000002', 'VCD'),
       ('a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000002', 'DSP',
        '[{"score": 90}]', 'b6000000-0000-4000-8000-000000000002', 'DSP')
RETURNING phase, score, target_threshold, decision;
SELECT phase, status FROM agentgov.projects WHERE id = 'd6000000-0000-4000-8000-000000000002';

-- ---- A recorded decision is immutable --------------------------------------------
\set direct_id f6000000-0000-4000-8000-000000000010
UPDATE agentgov.phase_gate_decisions SET score = 71 WHERE id = :'direct_id';
\echo :LAST_ERROR_SQLSTATE
UPDATE agentgov.phase_gate_decisions SET indicators = '[{"score": 99}]' WHERE id = :'direct_id';
UPDATE agentgov.phase_gate_decisions SET target_threshold = 60 WHERE id = :'direct_id';
UPDATE agentgov.phase_gate_decisions SET phase = 'VCD' WHERE id = :'direct_id';
UPDATE agentgov.phase_gate_decisions SET decided_by = 'b6000000-0000-4000-8000-000000000001' WHERE id = :'direct_id';
UPDATE agentgov.phase_gate_decisions SET rationale = 'Rewritten' WHERE id = :'direct_id';
UPDATE agentgov.phase_gate_decisions SET decided_at = now() - interval '1 day' WHERE id = :'direct_id';
UPDATE agentgov.phase_gate_decisions SET artifact_id = 'e6000000-0000-4000-8000-000000000001' WHERE id = :'direct_id';
-- The same values, and clearing artifact_id (what deleting the artifact does), are fine.
UPDATE agentgov.phase_gate_decisions SET score = score, indicators = '[{"score": 70}]', rationale = rationale
 WHERE id = :'direct_id';
UPDATE agentgov.phase_gate_decisions SET artifact_id = NULL WHERE id = :'direct_id';
-- The decision changes only through an ADMIN's override.
UPDATE agentgov.phase_gate_decisions SET decision = 'PASS' WHERE id = :'direct_id';
\echo :LAST_ERROR_SQLSTATE
UPDATE agentgov.phase_gate_decisions SET override_reason = 'Just a note' WHERE id = :'direct_id';
\echo :LAST_ERROR_SQLSTATE
SELECT score, decision, artifact_id, override_by FROM agentgov.phase_gate_decisions WHERE id = :'direct_id';

-- ---- override_gate ------------------------------------------------------------------
CREATE VIEW pg_temp.overrides AS
    SELECT name, phase, status, last_updated_by FROM agentgov.projects
     WHERE id = 'd6000000-0000-4000-8000-000000000003';
-- Decisions with known ids, recorded the way a client without the function would.
\set first_id f6000000-0000-4000-8000-000000000001
\set cond_id f6000000-0000-4000-8000-000000000002
\set vcd_id f6000000-0000-4000-8000-000000000003
\set dsp_id f6000000-0000-4000-8000-000000000004
INSERT INTO agentgov.phase_gate_decisions (id, org_id, project_id, phase, indicators, decided_by, rationale)
VALUES (:'first_id', 'a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000003', 'VRC',
        '[{"score": 50}]', 'b6000000-0000-4000-8000-000000000002', 'First try')
RETURNING decision;
INSERT INTO agentgov.phase_gate_decisions (id, org_id, project_id, phase, indicators, decided_by, rationale)
VALUES (:'cond_id', 'a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000003', 'VRC',
        '[{"score": 70}]', 'b6000000-0000-4000-8000-000000000002', 'Second try')
RETURNING decision;
SELECT * FROM pg_temp.overrides;
-- Only an ADMIN of the organization may override.
SELECT decision FROM agentgov.override_gate(:'cond_id', 'b6000000-0000-4000-8000-000000000002', 'Member', 'PASS');
\echo :LAST_ERROR_SQLSTATE
SELECT decision FROM agentgov.override_gate(:'cond_id', 'b6000000-0000-4000-8000-000000000003', 'Viewer', 'PASS');
\echo :LAST_ERROR_SQLSTATE
SELECT decision FROM agentgov.override_gate(:'cond_id', 'b6000000-0000-4000-8000-000000000004', 'Outsider', 'PASS');
\echo :LAST_ERROR_SQLSTATE
SELECT decision FROM agentgov.override_gate(:'cond_id', 'b6000000-0000-4000-8000-000000000005', 'Admin elsewhere', 'PASS');
\echo :LAST_ERROR_SQLSTATE
-- A reason is required, the decision must change, and only the latest decision counts.
SELECT decision FROM agentgov.override_gate(:'cond_id', 'b6000000-0000-4000-8000-000000000001', '  ', 'PASS');
\echo :LAST_ERROR_SQLSTATE
SELECT decision FROM agentgov.override_gate(:'cond_id', 'b6000000-0000-4000-8000-000000000001', 'Same', 'CONDITIONAL');
\echo :LAST_ERROR_SQLSTATE
SELECT decision FROM agentgov.override_gate(:'first_id', 'b6000000-0000-4000-8000-000000000001', 'Old one', 'PASS');
\echo :LAST_ERROR_SQLSTATE
-- Arguments.
SELECT decision FROM agentgov.override_gate('f6000000-0000-4000-8000-0000000000ff', 'b6000000-0000-4000-8000-000000000001', 'Missing', 'PASS');
\echo :LAST_ERROR_SQLSTATE
SELECT decision FROM agentgov.override_gate(:'cond_id', NULL, 'No one', 'PASS');
SELECT decision FROM agentgov.override_gate(:'cond_id', 'b6000000-0000-4000-8000-000000000001', NULL, 'PASS');
SELECT decision FROM agentgov.override_gate(:'cond_id', 'b6000000-0000-4000-8000-000000000001', 'x', NULL);
-- When the session names an actor, `by` must be that actor.
BEGIN;
SELECT agentgov.set_actor('b6000000-0000-4000-8000-000000000002');
SELECT decision FROM agentgov.override_gate(:'cond_id', 'b6000000-0000-4000-8000-000000000001', 'Borrowed admin', 'PASS');
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;
SELECT * FROM pg_temp.overrides;
-- The ADMIN overrides CONDITIONAL to PASS: columns filled, project moved, audited.
BEGIN;
SELECT agentgov.set_actor('b6000000-0000-4000-8000-000000000001');
SELECT phase, score, target_threshold, decision, override_by, override_reason, override_at = now() AS stamped
  FROM agentgov.override_gate(:'cond_id', 'b6000000-0000-4000-8000-000000000001',
                              'Pilot customer signed; evidence follows', 'PASS');
COMMIT;
SELECT * FROM pg_temp.overrides;
SELECT actor_id, action, table_name, record_id = :'cond_id' AS names_decision,
       old_values, new_values - 'override_at' AS new_values, new_values ? 'override_at' AS stamped, rationale
  FROM agentgov.audit_log
 WHERE org_id = 'a6000000-0000-4000-8000-000000000001' AND action = 'OVERRIDE'
 ORDER BY id;
-- The project has moved on: overriding that gate again is out of phase.
SELECT decision FROM agentgov.override_gate(:'cond_id', 'b6000000-0000-4000-8000-000000000001', 'Take it back', 'FAIL');
\echo :LAST_ERROR_SQLSTATE
-- An override that does not pass sets the status and keeps the phase.
INSERT INTO agentgov.phase_gate_decisions (id, org_id, project_id, phase, indicators, decided_by, rationale)
VALUES (:'vcd_id', 'a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000003', 'VCD',
        '[{"score": 50}]', 'b6000000-0000-4000-8000-000000000002', 'Weak')
RETURNING decision;
SELECT * FROM pg_temp.overrides;
SELECT decision, override_reason FROM agentgov.override_gate(:'vcd_id', 'b6000000-0000-4000-8000-000000000001',
                                                             'Interviews scheduled', 'CONDITIONAL');
SELECT * FROM pg_temp.overrides;
-- A second override of the same decision, by a direct UPDATE this time; the
-- reason is long: the audit row's rationale keeps its first 1000 characters.
UPDATE agentgov.phase_gate_decisions
   SET decision = 'PASS', override_by = 'b6000000-0000-4000-8000-000000000001',
       override_reason = 'Board decision: ' || repeat('y', 1500)
 WHERE id = :'vcd_id'
RETURNING decision, left(override_reason, 16) AS reason, override_at = now() AS stamped;
SELECT * FROM pg_temp.overrides;
SELECT old_values->>'decision' AS old, new_values->>'decision' AS new,
       length(new_values->>'override_reason') AS reason_length, length(rationale) AS rationale_length
  FROM agentgov.audit_log
 WHERE org_id = 'a6000000-0000-4000-8000-000000000001' AND action = 'OVERRIDE'
 ORDER BY id;
-- The moves the overrides made are audited as updates of the project.
SELECT old_values->>'phase' AS old_phase, new_values->>'phase' AS new_phase,
       old_values->>'status' AS old_status, new_values->>'status' AS new_status
  FROM agentgov.audit_log
 WHERE org_id = 'a6000000-0000-4000-8000-000000000001' AND table_name = 'projects' AND action = 'UPDATE'
 ORDER BY id;
-- A direct UPDATE by a non-ADMIN is refused like the function.
INSERT INTO agentgov.phase_gate_decisions (id, org_id, project_id, phase, indicators, decided_by, rationale)
VALUES (:'dsp_id', 'a6000000-0000-4000-8000-000000000001', 'd6000000-0000-4000-8000-000000000003', 'DSP',
        '[{"score": 10}]', 'b6000000-0000-4000-8000-000000000002', 'Bad design')
RETURNING decision;
UPDATE agentgov.phase_gate_decisions
   SET decision = 'PASS', override_by = 'b6000000-0000-4000-8000-000000000002', override_reason = 'Trust me'
 WHERE id = :'dsp_id';
\echo :LAST_ERROR_SQLSTATE
SELECT phase, decision, override_by IS NULL AS not_overridden FROM agentgov.phase_gate_decisions WHERE id = :'dsp_id';
SELECT * FROM pg_temp.overrides;
