-- Tenant isolation, table by table, as a non-owner application role.
--
-- The demo sample (which writes rows into every table) is the fixture:
-- Acme (alice ADMIN, bob and erin MEMBER, carol VIEWER) has rows in every
-- organization-scoped table, Globex (dave ADMIN) has its own few.  Every
-- check loops over the catalog, so a table added later is covered without
-- touching this file, and each assertion names the tables that fail it.
\set QUIET 1
\set ON_ERROR_STOP 1
BEGIN;
\o /dev/null
\ir ../../scripts/demo/sample.sql
-- Budget alerts are checked at commit; this file never commits, so check now.
SET CONSTRAINTS agentgov.usage_events_budget_alerts IMMEDIATE;
\o
SET client_min_messages = warning;

SELECT plan(41);

CREATE ROLE regress_rls_app;
SELECT agentgov.grant_app_access('regress_rls_app');

-- ---- Helpers (run as whoever calls them) ------------------------------------

-- Every agentgov table, its class, the column naming its organization (if
-- any), and its tenant references: columns of composite (org_id, x) foreign
-- keys and agent columns checked by check_agent_scope().
CREATE TEMP TABLE rls_tables AS
SELECT c.oid::regclass AS rel, c.relname::text AS name,
       agentgov.row_security_class(c.oid) AS class,
       CASE WHEN c.relname = 'organizations' THEN 'id'
            WHEN org.attnum IS NOT NULL THEN 'org_id' END AS org_col,
       (usr.attnum IS NOT NULL AND org.attnum IS NULL) OR c.relname = 'session_activities' AS per_user,
       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id'
                                              AND a.atttypid = 'uuid'::regtype) AS uuid_id,
       ARRAY(SELECT DISTINCT a.attname::text
               FROM pg_constraint k
               JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
              WHERE k.conrelid = c.oid AND k.contype = 'f' AND org.attnum = ANY (k.conkey)
                AND cardinality(k.conkey) > 1 AND a.attname <> 'org_id'
             UNION
             SELECT split_part(encode(t.tgargs, 'escape'), '\000', 1)
               FROM pg_trigger t
              WHERE t.tgrelid = c.oid AND t.tgfoid = 'agentgov.check_agent_scope'::regproc) AS tenant_refs
  FROM pg_class c
  LEFT JOIN pg_attribute org ON org.attrelid = c.oid AND org.attname = 'org_id'
  LEFT JOIN pg_attribute usr ON usr.attrelid = c.oid AND usr.attname = 'user_id'
 WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind = 'r'
   AND agentgov.row_security_class(c.oid) IS DISTINCT FROM 'private';   -- no client sees those

CREATE FUNCTION pg_temp.count_rows(rel regclass, cond text DEFAULT 'true') RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM %s WHERE %s', rel, cond) INTO n;
    RETURN n;
END $$;

-- Run a statement in a subtransaction: 'ok <rows>' or the SQLSTATE it raised.
CREATE FUNCTION pg_temp.attempt(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE stmt;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN 'ok ' || n;
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END $$;

-- INSERT of a stored row with some columns changed: a fresh id, a name that
-- cannot collide with the original, and the given changes.
CREATE FUNCTION pg_temp.copy_stmt(target regclass, src jsonb, changes jsonb) RETURNS text
LANGUAGE sql AS $$
    SELECT format('INSERT INTO %1$s (%2$s) SELECT %2$s FROM jsonb_populate_record(NULL::%1$s, %3$L::jsonb)',
                  target, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum),
                  src
                  || CASE WHEN src ? 'id' AND t.uuid_id
                          THEN jsonb_build_object('id', gen_random_uuid()) ELSE '{}' END
                  || CASE WHEN jsonb_typeof(src -> 'name') = 'string'
                          THEN jsonb_build_object('name', (src ->> 'name') || ' (copy)') ELSE '{}' END
                  -- A copy is a new row as the business rules want it (a DRAFT
                  -- artifact, numbered by the trigger; a governance event that
                  -- rejects, which anyone may record), so that row-level
                  -- security, not an earlier trigger, is what refuses it.
                  || CASE target::text
                         WHEN 'agentgov.artifacts' THEN '{"status": "DRAFT", "version": null, "content_sha256": null,
                                                          "approved_by": null, "approved_at": null, "deployed_at": null}'
                         WHEN 'agentgov.generated_projects' THEN '{"generation_version": null}'
                         WHEN 'agentgov.governance_events' THEN '{"approved": false}'
                         ELSE '{}' END::jsonb
                  -- and a gate decision is taken by whoever acts (a decider
                  -- must be a member of the decision's organization).
                  || CASE WHEN target = 'agentgov.phase_gate_decisions'::regclass
                               AND agentgov.current_user_id() IS NOT NULL
                          THEN jsonb_build_object('decided_by', agentgov.current_user_id())
                          ELSE '{}' END
                  || changes)
      FROM pg_attribute a, rls_tables t
     WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped
       AND a.attgenerated = '' AND a.attidentity <> 'a' AND t.rel = target
     GROUP BY t.uuid_id
$$;

-- One Acme row per organization-scoped table, as JSON, preferring rows with
-- the most tenant references filled in; and what the owner sees of Acme.
CREATE TEMP TABLE acme (rel regclass PRIMARY KEY, src jsonb, total bigint);
DO $$
DECLARE
    t record;
    src jsonb;
BEGIN
    FOR t IN SELECT * FROM rls_tables WHERE org_col IS NOT NULL LOOP
        EXECUTE format('SELECT to_jsonb(x) FROM %s x WHERE %I = %L ORDER BY %s DESC, to_jsonb(x)::text LIMIT 1',
                       t.rel, t.org_col, 'a1000000-0000-4000-8000-000000000001',
                       coalesce((SELECT string_agg(format('(x.%I IS NOT NULL)::int', r), ' + ')
                                   FROM unnest(t.tenant_refs) r), '0::int'))
            INTO src;
        INSERT INTO acme VALUES (t.rel, src,
            pg_temp.count_rows(t.rel, format('%I = %L', t.org_col, 'a1000000-0000-4000-8000-000000000001')));
    END LOOP;
END $$;
CREATE TEMP TABLE per_user_total AS
SELECT rel, pg_temp.count_rows(rel) AS total,
       pg_temp.count_rows(rel, CASE WHEN name = 'session_activities'
                                    THEN 'session_id IN (SELECT id FROM agentgov.user_sessions WHERE user_id = ''b1000000-0000-4000-8000-000000000002'')'
                                    ELSE 'user_id = ''b1000000-0000-4000-8000-000000000002''' END) AS bobs
  FROM rls_tables WHERE per_user;
GRANT SELECT ON rls_tables, acme, per_user_total TO PUBLIC;

-- Try a statement on every Acme-scoped table (or those given), as whoever
-- calls this: 'insert' a copy of the stored Acme row with changes, 'update'
-- its Acme rows (organization column set to itself), 'delete' them (but
-- never the caller's own membership), 'count' the Acme rows visible.
CREATE FUNCTION pg_temp.try_all(kind text, changes jsonb DEFAULT '{}', tables regclass[] DEFAULT NULL)
RETURNS TABLE (rel regclass, class text, total bigint, outcome text)
LANGUAGE sql AS $$
    SELECT a.rel, t.class, a.total,
           CASE kind
               WHEN 'count' THEN pg_temp.count_rows(a.rel, format('%I = %L', t.org_col, 'a1000000-0000-4000-8000-000000000001'))::text
               ELSE pg_temp.attempt(CASE kind
                   WHEN 'insert' THEN pg_temp.copy_stmt(a.rel, a.src, changes)
                   WHEN 'update' THEN format('UPDATE %s SET %I = %2$I WHERE %2$I = %L', a.rel, t.org_col,
                                             'a1000000-0000-4000-8000-000000000001')
                   WHEN 'delete' THEN format('DELETE FROM %s WHERE %I = %L%s', a.rel, t.org_col,
                                             'a1000000-0000-4000-8000-000000000001',
                                             CASE WHEN t.name = 'organization_members'
                                                  THEN ' AND user_id IS DISTINCT FROM agentgov.current_user_id()' END)
               END)
           END
      FROM acme a JOIN rls_tables t USING (rel)
     WHERE tables IS NULL OR a.rel = ANY (tables)
     ORDER BY a.rel::text
$$;
-- Acme-scoped tables whose child rows name a parent of their organization
-- (not the internal counters, which no client may write at all).
CREATE TEMP TABLE referencing AS
SELECT array_agg(rel) AS tables FROM rls_tables
 WHERE org_col IS NOT NULL AND cardinality(tenant_refs) > 0 AND class <> 'internal';
GRANT SELECT ON referencing TO PUBLIC;

-- The fixture is what the checks need.
SELECT is(ARRAY(SELECT rel::text FROM acme WHERE total = 0 ORDER BY 1), '{}',
          'Acme has rows in every organization-scoped table');
SELECT is(ARRAY(SELECT rel::text FROM per_user_total WHERE total = 0 ORDER BY 1), '{}',
          'every per-user table has rows');

-- ---- A member of another organization: dave, ADMIN of Globex --------------------
SET LOCAL ROLE regress_rls_app;
SELECT agentgov.set_actor('b1000000-0000-4000-8000-000000000004');

SELECT is(ARRAY(SELECT rel::text FROM pg_temp.try_all('count') WHERE outcome <> '0'), '{}',
          'a Globex member sees no Acme row in any table');
SELECT is(ARRAY[pg_temp.count_rows('agentgov.organizations'), pg_temp.count_rows('agentgov.projects'),
                pg_temp.count_rows('agentgov.organization_members')], ARRAY[1, 1, 1]::bigint[],
          'he sees his own organization, its project and its membership');
-- AG007 (not a member) from the policies; 42501 where the application role
-- has no INSERT privilege (organizations, bookkeeping) or a trigger refuses
-- first (a gate decision by a non-member).
SELECT is(ARRAY(SELECT rel || ': ' || outcome FROM pg_temp.try_all('insert')
                 WHERE outcome <> CASE WHEN class = 'internal'
                                         OR rel IN ('agentgov.organizations'::regclass, 'agentgov.phase_gate_decisions'::regclass)
                                       THEN '42501' ELSE 'AG007' END), '{}',
          'he cannot insert a row into Acme in any table (AG007: not a member)');
SELECT is(ARRAY(SELECT rel || ': ' || outcome FROM pg_temp.try_all('update') WHERE outcome NOT IN ('ok 0', '42501')), '{}',
          'he cannot update an Acme row in any table');
SELECT is(ARRAY(SELECT rel || ': ' || outcome FROM pg_temp.try_all('delete') WHERE outcome NOT IN ('ok 0', '42501')), '{}',
          'he cannot delete an Acme row in any table');
SELECT is(ARRAY(SELECT rel || ': ' || outcome
                  FROM pg_temp.try_all('insert', '{"org_id": "a1000000-0000-4000-8000-000000000002"}',
                                       (SELECT tables FROM referencing))
                 WHERE outcome <> '23503'), '{}',
          'he cannot make a Globex row reference an Acme row (foreign key or agent scope violation)');
SELECT is(pg_temp.attempt($$INSERT INTO agentgov.agent_memory (org_id, agent_id, category, key, value)
                            VALUES ('a1000000-0000-4000-8000-000000000002', 'f1000000-0000-4000-8000-000000000012',
                                    'stolen', 'agent', '{}')$$),
          '23503', 'he cannot name an Acme agent he cannot see (the agent scope check sees through row-level security)');
SELECT cmp_ok((SELECT cardinality(tables) FROM referencing), '>=', 37,
              'the reference check covered every child table');

RESET ROLE;
SELECT is(ARRAY(SELECT rel::text FROM pg_temp.try_all('count') WHERE outcome <> total::text), '{}',
          'Acme''s rows are all still there');

-- ---- A VIEWER of Acme: carol reads everything and writes nothing ---------------------
SET LOCAL ROLE regress_rls_app;
SELECT agentgov.set_actor('b1000000-0000-4000-8000-000000000003');
SELECT is(ARRAY(SELECT rel::text FROM pg_temp.try_all('count') WHERE outcome <> total::text), '{}',
          'a VIEWER sees every row of her organization');
-- (audit_log aside: anyone acting may append audit events about himself,
-- checked in the audit_log section below.)
SELECT is(ARRAY(SELECT rel || ': ' || outcome FROM pg_temp.try_all('insert')
                 WHERE outcome <> '42501' AND rel <> 'agentgov.audit_log'::regclass), '{}',
          'a VIEWER cannot insert in any table');
SELECT is(ARRAY(SELECT rel || ': ' || outcome FROM pg_temp.try_all('update') WHERE outcome NOT IN ('ok 0', '42501')), '{}',
          'a VIEWER cannot update in any table');
SELECT is(ARRAY(SELECT rel || ': ' || outcome FROM pg_temp.try_all('delete') WHERE outcome NOT IN ('ok 0', '42501')), '{}',
          'a VIEWER cannot delete in any table (other than her own membership, see below)');
SELECT is((SELECT count(*) FROM (SELECT 1 FROM agentgov.organizations
                                   WHERE id = 'a1000000-0000-4000-8000-000000000001' FOR UPDATE) x),
          0::bigint, 'a VIEWER cannot lock her organization''s row');

-- ---- A MEMBER of Acme: bob writes tenant data, not the admin tables -----------------
SELECT agentgov.set_actor('b1000000-0000-4000-8000-000000000002');
SELECT is(ARRAY(SELECT rel || ': ' || outcome FROM pg_temp.try_all('update')
                 WHERE outcome <> CASE WHEN class IN ('tenant', 'agents') THEN 'ok ' || total ELSE '42501' END), '{}',
          'a MEMBER updates every tenant table; organizations, memberships, gate policies, budgets and the audit log refuse him');
SELECT lives_ok($$
    INSERT INTO agentgov.projects (org_id, name, created_by)
    VALUES ('a1000000-0000-4000-8000-000000000001', 'RLS member project', 'b1000000-0000-4000-8000-000000000002')$$,
    'a MEMBER creates a project');
SELECT lives_ok($$
    INSERT INTO agentgov.usage_events (org_id, project_id, user_id, model, tokens_in, tokens_out, cost_usd)
    SELECT org_id, id, 'b1000000-0000-4000-8000-000000000002', 'gpt-4o', 10, 5, 0.0001
      FROM agentgov.projects WHERE name = 'RLS member project'$$,
    'a MEMBER records usage in it');
SELECT is((SELECT sum(events) FROM agentgov.usage_rollups r JOIN agentgov.projects p ON p.id = r.project_id
             WHERE p.name = 'RLS member project'), 1::numeric,
          'his usage is rolled up by agentgov although he cannot write rollups');
SELECT throws_ok($$
    INSERT INTO agentgov.usage_rollups (org_id, bucket_date, project_id, agent_id, model, events, tokens_in, tokens_out, cost_usd)
    SELECT org_id, bucket_date, project_id, agent_id, model, 1, 10, 5, 0.0001
      FROM agentgov.usage_rollups LIMIT 1
    ON CONFLICT ON CONSTRAINT usage_rollups_bucket_key
    DO UPDATE SET events = usage_rollups.events + excluded.events$$,
    '42501', NULL, 'a MEMBER cannot forge a rollup bucket: only agentgov''s triggers write them');
SELECT is((SELECT count(*) FROM (SELECT 1 FROM agentgov.organizations
                                   WHERE id = 'a1000000-0000-4000-8000-000000000001' FOR UPDATE) x),
          1::bigint, 'a MEMBER can lock his organization''s row (to serialize on it) without being able to change it');

-- ---- An ADMIN of Acme: alice writes the admin tables too -----------------------------
SELECT agentgov.set_actor('b1000000-0000-4000-8000-000000000001');
SELECT is(ARRAY(SELECT rel || ': ' || outcome
                  FROM pg_temp.try_all('update', tables => ARRAY['agentgov.organizations', 'agentgov.organization_members',
                                                                 'agentgov.gate_policies', 'agentgov.budget_limits']::regclass[])
                 WHERE outcome <> 'ok ' || total), '{}',
          'an ADMIN updates organizations, memberships, gate policies and budgets');

SELECT is(ARRAY[pg_temp.attempt($$UPDATE agentgov.agents SET is_active = is_active WHERE org_id IS NULL$$),
                pg_temp.attempt($$UPDATE agentgov.gate_policies SET threshold = 1 WHERE org_id IS NULL$$),
                pg_temp.attempt($$UPDATE agentgov.personas SET is_active = is_active$$),
                pg_temp.attempt($$INSERT INTO agentgov.model_prices (provider, model, input_usd_per_mtok, output_usd_per_mtok)
                                  VALUES ('x', 'x', 0, 0)$$)],
          ARRAY['ok 0', 'ok 0', '42501', '42501'],
          'not even an ADMIN writes the global catalogues (catalogue agents, default gate policies, personas, prices)');

-- ---- No actor: nothing but the catalogues ---------------------------------------------
SELECT agentgov.set_actor(NULL);
SELECT is(ARRAY(SELECT rel::text FROM rls_tables WHERE pg_temp.count_rows(rel) > 0 ORDER BY 1),
          '{agentgov.agents,agentgov.gate_policies,agentgov.model_prices,agentgov.personas}',
          'without an actor only the catalogues are visible');
SELECT is(pg_temp.count_rows('agentgov.agents', 'org_id IS NOT NULL')
          + pg_temp.count_rows('agentgov.gate_policies', 'org_id IS NOT NULL'), 0::bigint,
          '... and of agents and gate policies only the organization-less ones');
SELECT is(ARRAY(SELECT rel || ': ' || outcome FROM pg_temp.try_all('insert')
                 WHERE outcome <> CASE WHEN class = 'internal'
                                         OR rel = 'agentgov.organizations'::regclass
                                       THEN '42501' ELSE 'AG006' END), '{}',
          'without an actor nothing can be written (AG006: no actor)');

-- ---- The JWT path (PostgREST, Supabase) -------------------------------------------------
SET LOCAL request.jwt.claims = '{"sub": "b1000000-0000-4000-8000-000000000004", "role": "authenticated"}';
SELECT is(ARRAY(SELECT rel::text FROM pg_temp.try_all('count') WHERE outcome <> '0'), '{}',
          'with the sub claim of another organization''s member, no Acme row is visible');
SELECT is(pg_temp.count_rows('agentgov.projects'), 1::bigint,
          'the claim''s user sees his own project');
SET LOCAL request.jwt.claims = '';

-- ---- Per-user tables ------------------------------------------------------------------------
SELECT agentgov.set_actor('b1000000-0000-4000-8000-000000000004');
SELECT is(ARRAY(SELECT rel::text FROM per_user_total WHERE pg_temp.count_rows(rel) > 0 ORDER BY 1), '{}',
          'a user without per-user rows sees none of anyone else''s');
SELECT is(ARRAY(SELECT rel::text || ': ' || r FROM (
                    SELECT p.rel, pg_temp.attempt(
                               CASE WHEN p.rel = 'agentgov.session_activities'::regclass
                                    THEN $q$INSERT INTO agentgov.session_activities (session_id, activity_type)
                                            VALUES ('b2000000-0000-4000-8000-000000000001', 'planted')$q$
                                    ELSE format('UPDATE %s SET user_id = user_id', p.rel) END) AS r
                      FROM per_user_total p) x
                 WHERE r NOT IN ('ok 0', '42501') ORDER BY 1), '{}',
          'he can neither change other users'' rows nor attach rows to their sessions');
SELECT is(pg_temp.attempt($$INSERT INTO agentgov.api_keys (user_id, provider, api_key_encrypted)
                            VALUES ('b1000000-0000-4000-8000-000000000001', 'openai', '\x00')$$),
          '42501', 'he cannot store an API key for another user');
SELECT agentgov.set_actor('b1000000-0000-4000-8000-000000000002');
SELECT is(ARRAY(SELECT rel::text FROM per_user_total WHERE pg_temp.count_rows(rel) <> bobs ORDER BY 1), '{}',
          'a user sees exactly his own per-user rows');

-- ---- users ------------------------------------------------------------------------------------
SELECT is(ARRAY(SELECT username::text FROM agentgov.users ORDER BY 1), '{alice,bob,carol,erin}',
          'users see themselves and the members of their organizations');
SELECT is(pg_temp.attempt($$UPDATE agentgov.users SET full_name = 'x' WHERE username = 'alice'$$), 'ok 0',
          'a user cannot change another user');
SELECT is(pg_temp.attempt($$UPDATE agentgov.users SET full_name = 'Robert Chen' WHERE username = 'bob'$$), 'ok 1',
          'a user changes himself');

-- Sign-up: a new user creates his own row, with the actor set to his new id.
SELECT agentgov.set_actor('b1000000-0000-4000-8000-0000000000aa');
SELECT is(ARRAY[pg_temp.attempt($$INSERT INTO agentgov.users (id, email, auth_provider, auth_provider_id)
                                  VALUES ('b1000000-0000-4000-8000-0000000000bb', 'someone@else.example', 'github', 'gh-bb')$$),
                pg_temp.attempt($$INSERT INTO agentgov.users (id, email, auth_provider, auth_provider_id)
                                  VALUES ('b1000000-0000-4000-8000-0000000000aa', 'new@acme.example', 'github', 'gh-aa')$$),
                pg_temp.count_rows('agentgov.users')::text],
          ARRAY['42501', 'ok 1', '1'], 'sign-up: a user creates only his own row, and sees only himself');
SELECT agentgov.set_actor('b1000000-0000-4000-8000-000000000002');

-- ---- audit_log ------------------------------------------------------------------------------
SELECT lives_ok($$INSERT INTO agentgov.audit_log (org_id, actor_id, action)
                  VALUES ('a1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000002', 'rls.test')$$,
    'a member appends audit rows about himself');
SELECT agentgov.set_actor('b1000000-0000-4000-8000-000000000003');   -- carol, VIEWER of Acme
SELECT is(ARRAY[pg_temp.attempt($$INSERT INTO agentgov.audit_log (org_id, actor_id, action)
                                  VALUES ('a1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000003', 'report.viewed')$$),
                pg_temp.attempt($$INSERT INTO agentgov.audit_log (org_id, actor_id, action)
                                  VALUES ('a1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000002', 'forged')$$)],
          ARRAY['ok 1', '42501'],
          'a VIEWER, who writes nothing else, may append audit events about herself only');
SELECT agentgov.set_actor('b1000000-0000-4000-8000-000000000002');
SELECT is(ARRAY[pg_temp.attempt($$INSERT INTO agentgov.audit_log (org_id, actor_id, action)
                                  VALUES ('a1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', 'forged')$$),
                pg_temp.attempt($$INSERT INTO agentgov.audit_log (org_id, actor_id, action)
                                  VALUES ('a1000000-0000-4000-8000-000000000002', 'b1000000-0000-4000-8000-000000000002', 'elsewhere')$$),
                pg_temp.attempt($$UPDATE agentgov.audit_log SET action = 'rewritten'$$),
                pg_temp.attempt($$DELETE FROM agentgov.audit_log$$)],
          ARRAY['42501', 'AG007', '42501', '42501'],
          'but not in another''s name or organization (AG007), and never updates or deletes them');

-- ---- Leaving an organization ----------------------------------------------------------
SELECT agentgov.set_actor('b1000000-0000-4000-8000-000000000005');   -- erin, MEMBER of Acme
SELECT is(ARRAY[pg_temp.attempt($$DELETE FROM agentgov.organization_members
                                   WHERE user_id = 'b1000000-0000-4000-8000-000000000005'$$),
                pg_temp.count_rows('agentgov.projects')::text],
          ARRAY['ok 1', '0'], 'a member may leave his organization, and then sees nothing of it');

SELECT * FROM finish();
ROLLBACK;
