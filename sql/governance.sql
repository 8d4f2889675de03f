-- Governance of agent runs: the lifecycle, approval before running, the
-- governance event log, emergency stops, who may approve, governance_check().

SET client_min_messages = warning;

-- ---- Fixture: one organization with a member of every role --------------------
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('ab000000-0000-4000-8000-000000000001', 'Governed Co', 'governed-co', 'PRO'),
    ('ab000000-0000-4000-8000-000000000002', 'Other Co', 'governed-other', 'PRO');
INSERT INTO agentgov.users (id, email, username, auth_provider, auth_provider_id) VALUES
    ('bb000000-0000-4000-8000-000000000001', 'gov-admin@example.com', 'gov_admin', 'github', 'gh-gov-1'),
    ('bb000000-0000-4000-8000-000000000002', 'gov-member@example.com', 'gov_member', 'github', 'gh-gov-2'),
    ('bb000000-0000-4000-8000-000000000003', 'gov-viewer@example.com', 'gov_viewer', 'github', 'gh-gov-3'),
    ('bb000000-0000-4000-8000-000000000004', 'gov-outsider@example.com', 'gov_outsider', 'github', 'gh-gov-4');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('ab000000-0000-4000-8000-000000000001', 'bb000000-0000-4000-8000-000000000001', 'ADMIN'),
    ('ab000000-0000-4000-8000-000000000001', 'bb000000-0000-4000-8000-000000000002', 'MEMBER'),
    ('ab000000-0000-4000-8000-000000000001', 'bb000000-0000-4000-8000-000000000003', 'VIEWER'),
    ('ab000000-0000-4000-8000-000000000002', 'bb000000-0000-4000-8000-000000000004', 'ADMIN');

-- A run in the fixture organization, in any status, bypassing the lifecycle
-- (as a restore does), with or without an approving pre_agent_spawn event
-- an hour old, whose id is the run's with 3e in front instead of 37.
CREATE FUNCTION pg_temp.make_run(run_id uuid, status agentgov.agent_run_status,
                                 approved boolean DEFAULT false) RETURNS uuid
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_catalog.set_config('session_replication_role', 'replica', true);
    INSERT INTO agentgov.agent_runs (id, org_id, agent_type, status)
    VALUES (run_id, 'ab000000-0000-4000-8000-000000000001', 'tester', status);
    IF approved THEN
        INSERT INTO agentgov.governance_events (id, org_id, run_id, event_type, framework, approved, created_at)
        VALUES (overlay(run_id::text PLACING '3e' FROM 1 FOR 2)::uuid, 'ab000000-0000-4000-8000-000000000001',
                run_id, 'pre_agent_spawn', 'sarah_three_questions', true, now() - interval '1 hour');
    END IF;
    PERFORM pg_catalog.set_config('session_replication_role', 'origin', true);
    RETURN run_id;
END
$$;

-- Move a run to a status; 'ok' or the SQLSTATE of the refusal.
CREATE FUNCTION pg_temp.try_status(run_id uuid, status agentgov.agent_run_status) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE agentgov.agent_runs r SET status = try_status.status WHERE r.id = run_id;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END
$$;

-- ---- Lifecycle ---------------------------------------------------------------
-- Every pair of statuses: which moves the trigger allows.  Every run has an
-- approval, so this shows the lifecycle alone.
WITH statuses AS (
    SELECT s, row_number() OVER () AS n
      FROM unnest(enum_range(NULL::agentgov.agent_run_status)) s
), attempts AS (
    SELECT f.s AS from_status, f.n, t.s AS to_status,
           pg_temp.try_status(pg_temp.make_run(gen_random_uuid(), f.s, true), t.s) AS result
      FROM statuses f CROSS JOIN statuses t
     WHERE f.s <> t.s
)
SELECT from_status,
       coalesce(string_agg(to_status::text, ', ' ORDER BY to_status) FILTER (WHERE result = 'ok'), '-') AS may_move_to,
       string_agg(DISTINCT result, ', ') FILTER (WHERE result <> 'ok') AS refused_with
  FROM attempts
 GROUP BY from_status, n
 ORDER BY n;

-- A new run starts in queued, initializing or pending_approval; started_at
-- and completed_at are the trigger's.
INSERT INTO agentgov.agent_runs (id, org_id, agent_type, status, started_at, completed_at) VALUES
    ('37000000-0000-4000-8000-000000000001', 'ab000000-0000-4000-8000-000000000001', 'tester', 'queued', now(), now()),
    ('37000000-0000-4000-8000-000000000002', 'ab000000-0000-4000-8000-000000000001', 'tester', 'initializing', NULL, NULL),
    ('37000000-0000-4000-8000-000000000003', 'ab000000-0000-4000-8000-000000000001', 'tester', 'pending_approval', NULL, NULL);
SELECT id, status, started_at, completed_at FROM agentgov.agent_runs
 WHERE id IN ('37000000-0000-4000-8000-000000000001', '37000000-0000-4000-8000-000000000002',
              '37000000-0000-4000-8000-000000000003') ORDER BY id;
-- Not straight into running (the seed's trigger missed this), nor anywhere else.
INSERT INTO agentgov.agent_runs (id, org_id, agent_type, status)
VALUES ('37000000-0000-4000-8000-000000000009', 'ab000000-0000-4000-8000-000000000001', 'tester', 'running');
INSERT INTO agentgov.agent_runs (id, org_id, agent_type, status)
VALUES ('37000000-0000-4000-8000-000000000009', 'ab000000-0000-4000-8000-000000000001', 'tester', 'approved');

-- Refusals name both states and say where the run may go.
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000001';
UPDATE agentgov.agent_runs SET status = 'cancelled' WHERE id = '37000000-0000-4000-8000-000000000001';
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000010', 'completed');
UPDATE agentgov.agent_runs SET status = 'queued' WHERE id = '37000000-0000-4000-8000-000000000010';
-- Setting the status it already has is no transition.
UPDATE agentgov.agent_runs SET status = 'completed' WHERE id = '37000000-0000-4000-8000-000000000010';

-- started_at is stamped when the run first enters running, kept when it
-- resumes after being blocked; completed_at when it finishes.
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000011', 'approved', true);
UPDATE agentgov.agent_runs SET status = 'running', started_at = NULL WHERE id = '37000000-0000-4000-8000-000000000011';
CREATE TEMP TABLE first_start AS
    SELECT started_at FROM agentgov.agent_runs WHERE id = '37000000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'blocked' WHERE id = '37000000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE id = '37000000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'approved' WHERE id = '37000000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000011';
SELECT status, started_at = (SELECT started_at FROM first_start) AS kept_first_start,
       completed_at IS NULL AS not_finished
  FROM agentgov.agent_runs WHERE id = '37000000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'failed', error = 'provider timeout'
 WHERE id = '37000000-0000-4000-8000-000000000011';
SELECT status, started_at IS NOT NULL AS started, completed_at > started_at AS completed_after_start
  FROM agentgov.agent_runs WHERE id = '37000000-0000-4000-8000-000000000011';

-- A failed run goes back to queued while retry_count < max_retries: each
-- retry counts (whatever the client writes) and clears the stamps.
UPDATE agentgov.agent_runs SET max_retries = 2 WHERE id = '37000000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'queued', retry_count = 0 WHERE id = '37000000-0000-4000-8000-000000000011';
SELECT status, retry_count, started_at, completed_at
  FROM agentgov.agent_runs WHERE id = '37000000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE id = '37000000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'approved' WHERE id = '37000000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'failed' WHERE id = '37000000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'queued' WHERE id = '37000000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'pending_approval' WHERE id = '37000000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'approved' WHERE id = '37000000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000011';
UPDATE agentgov.agent_runs SET status = 'failed' WHERE id = '37000000-0000-4000-8000-000000000011';
-- The third failure is final with max_retries 2.
UPDATE agentgov.agent_runs SET status = 'queued' WHERE id = '37000000-0000-4000-8000-000000000011';
SELECT status, retry_count FROM agentgov.agent_runs WHERE id = '37000000-0000-4000-8000-000000000011';
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000012', 'failed');
UPDATE agentgov.agent_runs SET retry_count = 2, max_retries = 2 WHERE id = '37000000-0000-4000-8000-000000000012';
UPDATE agentgov.agent_runs SET status = 'queued' WHERE id = '37000000-0000-4000-8000-000000000012';
-- Raising max_retries in the same statement is what allows another retry.
UPDATE agentgov.agent_runs SET status = 'queued', max_retries = 3 WHERE id = '37000000-0000-4000-8000-000000000012';
SELECT status, retry_count, max_retries FROM agentgov.agent_runs WHERE id = '37000000-0000-4000-8000-000000000012';

-- ---- Approval before running ---------------------------------------------------
-- No governance event at all.
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000020', 'approved');
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000020';
-- Events that are not approvals: a post_agent_spawn, an approved cost_validation.
INSERT INTO agentgov.governance_events (id, org_id, run_id, event_type, framework, approved, created_at) VALUES
    ('34700000-0000-4000-8000-000000000001', 'ab000000-0000-4000-8000-000000000001',
     '37000000-0000-4000-8000-000000000020', 'cost_validation', 'alex_3am_test', true, now() - interval '10 minutes'),
    ('34700000-0000-4000-8000-000000000002', 'ab000000-0000-4000-8000-000000000001',
     '37000000-0000-4000-8000-000000000020', 'post_agent_spawn', 'alex_3am_test', true, now() - interval '9 minutes');
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000020';
-- An approved pre_agent_spawn event of another organization's run with the
-- same id does not count.
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000021', 'approved');
SET session_replication_role = replica;
INSERT INTO agentgov.agent_runs (id, org_id, agent_type, status) VALUES
    ('37000000-0000-4000-8000-000000000021', 'ab000000-0000-4000-8000-000000000002', 'tester', 'approved');
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved, created_at) VALUES
    ('ab000000-0000-4000-8000-000000000002', '37000000-0000-4000-8000-000000000021', 'pre_agent_spawn',
     'sarah_three_questions', true, now() - interval '1 minute');
RESET session_replication_role;
UPDATE agentgov.agent_runs SET status = 'running'
 WHERE id = '37000000-0000-4000-8000-000000000021' AND org_id = 'ab000000-0000-4000-8000-000000000001';
UPDATE agentgov.agent_runs SET status = 'running'
 WHERE id = '37000000-0000-4000-8000-000000000021' AND org_id = 'ab000000-0000-4000-8000-000000000002';

-- An approved pre_agent_spawn lets it run.
INSERT INTO agentgov.governance_events (id, org_id, run_id, event_type, framework, approved, created_at) VALUES
    ('34700000-0000-4000-8000-000000000003', 'ab000000-0000-4000-8000-000000000001',
     '37000000-0000-4000-8000-000000000020', 'pre_agent_spawn', 'sarah_three_questions', true, now() - interval '8 minutes');
SELECT * FROM agentgov.governance_check('37000000-0000-4000-8000-000000000020');
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000020';

-- A later rejection withdraws the approval; a still later approval restores it.
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000022', 'approved');
INSERT INTO agentgov.governance_events (id, org_id, run_id, event_type, framework, approved, created_at) VALUES
    ('34700000-0000-4000-8000-000000000010', 'ab000000-0000-4000-8000-000000000001',
     '37000000-0000-4000-8000-000000000022', 'pre_agent_spawn', 'sarah_three_questions', true, now() - interval '10 minutes'),
    ('34700000-0000-4000-8000-000000000011', 'ab000000-0000-4000-8000-000000000001',
     '37000000-0000-4000-8000-000000000022', 'cost_validation', 'alex_3am_test', false, now() - interval '9 minutes'),
    ('34700000-0000-4000-8000-000000000012', 'ab000000-0000-4000-8000-000000000001',
     '37000000-0000-4000-8000-000000000022', 'post_persona_activation', 'alex_3am_test', false, now() - interval '8 minutes');
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000022';
INSERT INTO agentgov.governance_events (id, org_id, run_id, event_type, framework, approved, created_at) VALUES
    ('34700000-0000-4000-8000-000000000013', 'ab000000-0000-4000-8000-000000000001',
     '37000000-0000-4000-8000-000000000022', 'pre_agent_spawn', 'sarah_three_questions', true, now() - interval '7 minutes');
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000022';

-- An approval and a rejection recorded together (one transaction, the same
-- created_at): the rejection counts as the later.
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000023', 'approved');
INSERT INTO agentgov.governance_events (id, org_id, run_id, event_type, framework, approved) VALUES
    ('34700000-0000-4000-8000-000000000020', 'ab000000-0000-4000-8000-000000000001',
     '37000000-0000-4000-8000-000000000023', 'pre_agent_spawn', 'sarah_three_questions', true),
    ('34700000-0000-4000-8000-000000000021', 'ab000000-0000-4000-8000-000000000001',
     '37000000-0000-4000-8000-000000000023', 'pre_persona_activation', 'sarah_three_questions', false);
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000023';

-- Approved events after the approval that withdraw nothing leave it standing.
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000032', 'approved', true);
INSERT INTO agentgov.governance_events (id, org_id, run_id, event_type, framework, approved) VALUES
    ('34700000-0000-4000-8000-000000000025', 'ab000000-0000-4000-8000-000000000001',
     '37000000-0000-4000-8000-000000000032', 'pre_persona_activation', 'sarah_three_questions', true),
    ('34700000-0000-4000-8000-000000000026', 'ab000000-0000-4000-8000-000000000001',
     '37000000-0000-4000-8000-000000000032', 'cost_validation', 'alex_3am_test', true);
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000032';

-- A circuit_breaker, or an emergency_stop that was not approved, after the
-- approval withdraws it too (only an approved emergency_stop cancels).
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000024', 'approved', true);
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000025', 'approved', true);
INSERT INTO agentgov.governance_events (id, org_id, run_id, event_type, framework, approved) VALUES
    ('34700000-0000-4000-8000-000000000030', 'ab000000-0000-4000-8000-000000000001',
     '37000000-0000-4000-8000-000000000024', 'circuit_breaker', 'emergency', true),
    ('34700000-0000-4000-8000-000000000031', 'ab000000-0000-4000-8000-000000000001',
     '37000000-0000-4000-8000-000000000025', 'emergency_stop', 'emergency', false);
SELECT id, status FROM agentgov.agent_runs
 WHERE id IN ('37000000-0000-4000-8000-000000000024', '37000000-0000-4000-8000-000000000025') ORDER BY id;
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000024';
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000025';

-- Consensus: an approved consensus_check needs a strict majority of passed
-- validation results, and at least one.
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000026', 'approved');
INSERT INTO agentgov.governance_events (id, org_id, run_id, event_type, framework, approved) VALUES
    ('34700000-0000-4000-8000-000000000040', 'ab000000-0000-4000-8000-000000000001',
     '37000000-0000-4000-8000-000000000026', 'consensus_check', 'consensus', true);
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000026';
INSERT INTO agentgov.validation_results (org_id, event_id, validator, passed) VALUES
    ('ab000000-0000-4000-8000-000000000001', '34700000-0000-4000-8000-000000000040', 'sarah_chen', true),
    ('ab000000-0000-4000-8000-000000000001', '34700000-0000-4000-8000-000000000040', 'alex_kim', false);
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000026';
INSERT INTO agentgov.validation_results (org_id, event_id, validator, passed) VALUES
    ('ab000000-0000-4000-8000-000000000001', '34700000-0000-4000-8000-000000000040', 'cost_guard', true);
SELECT * FROM agentgov.governance_check('37000000-0000-4000-8000-000000000026');
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000026';
-- A consensus_check that did not approve is a rejection.
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000027', 'approved', true);
INSERT INTO agentgov.governance_events (id, org_id, run_id, event_type, framework, approved) VALUES
    ('34700000-0000-4000-8000-000000000041', 'ab000000-0000-4000-8000-000000000001',
     '37000000-0000-4000-8000-000000000027', 'consensus_check', 'consensus', false);
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000027';

-- Cost: estimated_cost within max_cost_limit, as the row will be after the UPDATE.
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000028', 'approved', true);
UPDATE agentgov.agent_runs SET estimated_cost = 1.5, max_cost_limit = 1.0
 WHERE id = '37000000-0000-4000-8000-000000000028';
UPDATE agentgov.agent_runs SET status = 'running' WHERE id = '37000000-0000-4000-8000-000000000028';
UPDATE agentgov.agent_runs SET status = 'running', max_cost_limit = 1.5
 WHERE id = '37000000-0000-4000-8000-000000000028';
SELECT status FROM agentgov.agent_runs WHERE id = '37000000-0000-4000-8000-000000000028';
-- No estimate or no limit: nothing to compare.
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000029', 'approved', true);
UPDATE agentgov.agent_runs SET status = 'running', estimated_cost = 99 WHERE id = '37000000-0000-4000-8000-000000000029';
-- The rules are evaluated in order: approval before cost.
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000030', 'approved');
UPDATE agentgov.agent_runs SET status = 'running', estimated_cost = 2, max_cost_limit = 1
 WHERE id = '37000000-0000-4000-8000-000000000030';

-- ---- Emergency stop --------------------------------------------------------------
-- An approved emergency_stop cancels the run in the same transaction from
-- any unfinished status, and leaves finished runs alone.
SELECT pg_temp.make_run(('37000000-0000-4000-8000-0000000001' || lpad(n::text, 2, '0'))::uuid, s)
  FROM unnest(enum_range(NULL::agentgov.agent_run_status)) WITH ORDINALITY AS u(s, n);
BEGIN;
SELECT count(agentgov.record_governance_event(r.id, 'emergency_stop', 'emergency', true,
                                        'kill switch', '{"source": "pager"}', 'ops-bot'))
  FROM agentgov.agent_runs r WHERE r.id::text LIKE '37000000-0000-4000-8000-0000000001%';
SELECT r.id, r.status, r.completed_at = now() AS completed_now
  FROM agentgov.agent_runs r WHERE r.id::text LIKE '37000000-0000-4000-8000-0000000001%' ORDER BY r.id;
COMMIT;
-- Without an approved emergency_stop a blocked run cannot be cancelled.
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000031', 'blocked');
UPDATE agentgov.agent_runs SET status = 'cancelled' WHERE id = '37000000-0000-4000-8000-000000000031';
-- A stop written straight into governance_events acts the same.
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved) VALUES
    ('ab000000-0000-4000-8000-000000000001', '37000000-0000-4000-8000-000000000031', 'emergency_stop', 'emergency', true);
SELECT status FROM agentgov.agent_runs WHERE id = '37000000-0000-4000-8000-000000000031';

-- ---- record_governance_event ---------------------------------------------------------
SELECT pg_temp.make_run('37000000-0000-4000-8000-000000000040', 'pending_approval');
BEGIN;
SELECT agentgov.set_actor('bb000000-0000-4000-8000-000000000002', '5c700000-0000-4000-8000-000000000001');
CREATE TEMP TABLE recorded AS
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn',
                                        'sarah_three_questions', true, 'scope is clear',
                                        '{"questions": 3}') AS id;
COMMIT;
-- The event lands in the run's organization, with the actor and the correlation id.
SELECT g.org_id, g.run_id, g.event_type, g.framework, g.approved, g.decision_reason,
       g.decision_details, g.created_by, g.correlation_id
  FROM agentgov.governance_events g JOIN recorded r ON r.id = g.id;
-- Defaults: no reason, empty details; no actor leaves created_by NULL.
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040',
                                        'post_persona_activation', 'alex_3am_test', true) AS event_id \gset
SELECT g.decision_reason, g.decision_details, g.created_by, g.correlation_id FROM agentgov.governance_events g WHERE g.id = :'event_id';
-- Bad arguments.
SELECT agentgov.record_governance_event(NULL, 'pre_agent_spawn', 'consensus', true);
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', NULL, 'consensus', true);
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn', NULL, true);
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn', 'consensus', NULL);
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn', 'consensus', true,
                                        'x', '[1, 2]');
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-0000000000ff', 'pre_agent_spawn', 'consensus', true);
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn', 'consensus', true,
                                        NULL, NULL, repeat('x', 256));
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn', 'bogus', true);
-- A run id two organizations share is ambiguous.
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000021', 'pre_agent_spawn', 'consensus', true);
-- An event cannot be dated in the future.
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved, created_at) VALUES
    ('ab000000-0000-4000-8000-000000000001', '37000000-0000-4000-8000-000000000040', 'pre_agent_spawn',
     'sarah_three_questions', true, '2999-01-01 00:00+00');

-- ---- Who may approve -------------------------------------------------------------------
-- The recorder is the acting user (agentgov.user_id or the jwt sub) and,
-- when created_by is a uuid, the user it names.  Both must be a MEMBER or
-- ADMIN of the run's organization to record an approving event.
SET agentgov.user_id = 'bb000000-0000-4000-8000-000000000003';   -- VIEWER
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn',
                                        'sarah_three_questions', true);
-- ... whatever created_by claims, and also written directly ...
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn',
                                        'sarah_three_questions', true, NULL, NULL, 'governance-service');
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved) VALUES
    ('ab000000-0000-4000-8000-000000000001', '37000000-0000-4000-8000-000000000040', 'consensus_check', 'consensus', true);
-- ... but a VIEWER may record a rejection ...
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'cost_validation',
                                        'alex_3am_test', false, 'too expensive') AS event_id \gset
SELECT count(*) FROM agentgov.governance_events WHERE id = :'event_id' AND created_by = 'bb000000-0000-4000-8000-000000000003';
-- ... and may not turn one into an approval.
UPDATE agentgov.governance_events SET approved = true
 WHERE run_id = '37000000-0000-4000-8000-000000000040' AND event_type = 'cost_validation';
-- The jwt sub is the actor too.
RESET agentgov.user_id;
SET request.jwt.claims = '{"sub": "bb000000-0000-4000-8000-000000000003"}';
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn',
                                        'sarah_three_questions', true);
RESET request.jwt.claims;
-- A user of another organization, or of none, may not approve.
SET agentgov.user_id = 'bb000000-0000-4000-8000-000000000004';
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn',
                                        'sarah_three_questions', true);
SET agentgov.user_id = 'bb000000-0000-4000-8000-0000000000ff';
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn',
                                        'sarah_three_questions', true);
-- A MEMBER may approve, naming a component as the recorder ...
SET agentgov.user_id = 'bb000000-0000-4000-8000-000000000002';
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn',
                                        'sarah_three_questions', true, NULL, NULL, 'governance-service') AS event_id \gset
SELECT created_by FROM agentgov.governance_events WHERE id = :'event_id';
-- ... but not in the name of a VIEWER.
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn',
                                        'sarah_three_questions', true, NULL, NULL,
                                        'bb000000-0000-4000-8000-000000000003');
-- An ADMIN may approve.
SET agentgov.user_id = 'bb000000-0000-4000-8000-000000000001';
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn',
                                        'sarah_three_questions', true) AS event_id \gset
SELECT created_by FROM agentgov.governance_events WHERE id = :'event_id';
RESET agentgov.user_id;
-- With no acting user, a system component approves; created_by naming a
-- user is checked all the same.
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn',
                                        'sarah_three_questions', true, NULL, NULL, 'governance-service') AS event_id \gset
SELECT created_by FROM agentgov.governance_events WHERE id = :'event_id';
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn',
                                        'sarah_three_questions', true, NULL, NULL,
                                        'bb000000-0000-4000-8000-000000000003');
SELECT agentgov.record_governance_event('37000000-0000-4000-8000-000000000040', 'pre_agent_spawn',
                                        'sarah_three_questions', true, NULL, NULL,
                                        'BB000000-0000-4000-8000-000000000002') AS event_id \gset
SELECT created_by FROM agentgov.governance_events WHERE id = :'event_id';

-- ---- governance_check ----------------------------------------------------------------------
-- The same rules, explained, for runs in every situation above; nothing changes.
CREATE TEMP TABLE runs_before AS SELECT * FROM agentgov.agent_runs;
SELECT r.id, r.status, c.allowed, c.reason
  FROM agentgov.agent_runs r, agentgov.governance_check(r.id) c
 WHERE r.org_id = 'ab000000-0000-4000-8000-000000000001'
   AND r.id::text ~ '^37000000-0000-4000-8000-0000000000[0-4]'
   AND r.id NOT IN ('37000000-0000-4000-8000-000000000021',   -- two organizations
                    '37000000-0000-4000-8000-000000000040')   -- approvals with generated ids
 ORDER BY r.id;
SELECT count(*) AS changed
  FROM (SELECT * FROM agentgov.agent_runs EXCEPT SELECT * FROM runs_before) d;
SELECT * FROM agentgov.governance_check(NULL);
SELECT * FROM agentgov.governance_check('37000000-0000-4000-8000-0000000000ff');
SELECT * FROM agentgov.governance_check('37000000-0000-4000-8000-000000000021');

-- Without the indexes the rules read through, the answers are the same:
-- with an index on run_id alone the events are read and sorted, with none
-- the tables are scanned.
CREATE TEMP TABLE answers AS
SELECT r.id, c.allowed, c.reason
  FROM agentgov.agent_runs r, agentgov.governance_check(r.id) c
 WHERE r.id IN ('37000000-0000-4000-8000-000000000022', '37000000-0000-4000-8000-000000000023',
                '37000000-0000-4000-8000-000000000026', '37000000-0000-4000-8000-000000000027',
                '37000000-0000-4000-8000-000000000032');
BEGIN;
DROP INDEX agentgov.idx_governance_events_session;
CREATE INDEX governance_events_run_only ON agentgov.governance_events (run_id);
SELECT count(*) AS differences
  FROM answers a, agentgov.governance_check(a.id) c
 WHERE (c.allowed, c.reason) IS DISTINCT FROM (a.allowed, a.reason);
DROP INDEX agentgov.governance_events_run_only;
DROP INDEX agentgov.idx_validation_results_event;
SELECT count(*) AS differences
  FROM answers a, agentgov.governance_check(a.id) c
 WHERE (c.allowed, c.reason) IS DISTINCT FROM (a.allowed, a.reason);
SELECT pg_stat_get_xact_numscans('agentgov.governance_events'::regclass) > 0 AS events_scanned,
       pg_stat_get_xact_numscans('agentgov.validation_results'::regclass) > 0 AS results_scanned;
ROLLBACK;

-- NULLs in NOT NULL columns are left to the constraints.
\set VERBOSITY terse
UPDATE agentgov.agent_runs SET status = 'running', id = NULL WHERE id = '37000000-0000-4000-8000-000000000030';
UPDATE agentgov.agent_runs SET status = NULL WHERE id = '37000000-0000-4000-8000-000000000030';
INSERT INTO agentgov.agent_runs (org_id, agent_type, status)
VALUES ('ab000000-0000-4000-8000-000000000001', 'tester', NULL);
INSERT INTO agentgov.governance_events (org_id, run_id, event_type, framework, approved) VALUES
    ('ab000000-0000-4000-8000-000000000001', '37000000-0000-4000-8000-000000000030', 'pre_agent_spawn',
     'sarah_three_questions', NULL);
\set VERBOSITY default

-- The trigger functions are not callable otherwise.
SELECT agentgov.agent_run_lifecycle();
CREATE TABLE pg_temp.wrong (id int);
CREATE TRIGGER wrong AFTER INSERT ON pg_temp.wrong FOR EACH ROW EXECUTE FUNCTION agentgov.agent_run_lifecycle();
INSERT INTO pg_temp.wrong VALUES (1);
