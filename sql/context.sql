-- Actor context: agentgov.user_id, request.jwt.claims, set_actor().

-- Nothing set: no actor, no correlation id.
SELECT agentgov.current_user_id() IS NULL AS no_actor,
       agentgov.current_correlation_id() IS NULL AS no_correlation;

-- The setting wins, in any form uuid_in accepts.
SET agentgov.user_id = 'B1000000-0000-4000-8000-000000000001';
SELECT agentgov.current_user_id();
SET agentgov.user_id = '{b1000000000040008000000000000002}';
SELECT agentgov.current_user_id();

-- Malformed values are refused when set, and the old value stays.
SET agentgov.user_id = 'alice';
SET agentgov.user_id = 'b1000000-0000-4000-8000-00000000000';
SET agentgov.correlation_id = 'not-a-uuid';
SELECT agentgov.current_user_id();

-- PostgREST / Supabase: the sub claim of request.jwt.claims when the setting is empty.
RESET agentgov.user_id;
SET request.jwt.claims = '{"sub": "b1000000-0000-4000-8000-000000000003", "role": "authenticated"}';
SELECT agentgov.current_user_id();
-- The setting still wins over the claim.
SET agentgov.user_id = 'b1000000-0000-4000-8000-000000000004';
SELECT agentgov.current_user_id();
RESET agentgov.user_id;
-- Claims without sub, or with a null sub: no actor.
SET request.jwt.claims = '{"role": "anon"}';
SELECT agentgov.current_user_id() IS NULL AS anonymous;
SET request.jwt.claims = '{"sub": null}';
SELECT agentgov.current_user_id() IS NULL AS anonymous;
SET request.jwt.claims = '';
SELECT agentgov.current_user_id() IS NULL AS anonymous;
-- Malformed claims are clear errors.
SET request.jwt.claims = '{"sub": "auth0|12345"}';
SELECT agentgov.current_user_id();
SET request.jwt.claims = '{"sub": 42}';
SELECT agentgov.current_user_id();
SET request.jwt.claims = '["sub"]';
SELECT agentgov.current_user_id();
SET request.jwt.claims = '{"sub": ';
SELECT agentgov.current_user_id();
RESET request.jwt.claims;

-- set_actor() sets both for the current transaction only.
BEGIN;
SELECT agentgov.set_actor('b1000000-0000-4000-8000-000000000001', '5c000000-0000-4000-8000-000000000009');
SELECT agentgov.current_user_id(), agentgov.current_correlation_id();
SELECT agentgov.set_actor(NULL);
SELECT agentgov.current_user_id() IS NULL AS cleared, agentgov.current_correlation_id() IS NULL AS cleared_too;
SELECT agentgov.set_actor('b1000000-0000-4000-8000-000000000001');
COMMIT;
SELECT agentgov.current_user_id() IS NULL AS gone_after_commit;
