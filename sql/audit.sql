-- Audit trail: what audit_row() captures on the critical tables, what it
-- redacts, how plain INSERTs into audit_log are completed and chained, and
-- that audit_log is append-only.  (Tampering: audit_tamper.sql.)
SET client_min_messages = warning;

-- Rows of this test: organizations ad00..., users ad10..., projects ad20...
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES
    ('ad000000-0000-4000-8000-000000000001', 'Audit One', 'audit-one', 'ENTERPRISE'),
    ('ad000000-0000-4000-8000-000000000002', 'Audit Two', 'audit-two', 'PRO');

-- A display of the audit rows written for one record.
CREATE FUNCTION pg_temp.audited(tab text, rec text)
RETURNS TABLE (action varchar, org text, actor text, correlation text,
               old_values jsonb, new_values jsonb)
LANGUAGE sql AS $$
    SELECT a.action, left(a.org_id::text, 8), left(a.actor_id::text, 8),
           left(a.correlation_id::text, 8),
           a.old_values, a.new_values
      FROM agentgov.audit_log a
     WHERE a.table_name = tab AND a.record_id = rec
     ORDER BY a.id
$$;
-- INSERT and DELETE record every column of the row.
CREATE FUNCTION pg_temp.whole_row(tab text, vals jsonb) RETURNS boolean
LANGUAGE sql AS $$
    SELECT (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(vals) k)
         = (SELECT array_agg(attname::text ORDER BY attname::text) FROM pg_attribute
             WHERE attrelid = ('agentgov.' || tab)::regclass AND attnum > 0 AND NOT attisdropped)
$$;

-- ---- Capture on the twelve critical tables --------------------------------
RESET agentgov.user_id;   -- no actor for the writes below
SELECT tgrelid::regclass AS audited_table
  FROM pg_trigger WHERE tgname = 'audit_row' ORDER BY 1::text;

INSERT INTO agentgov.users (id, email, username, password_hash, auth_provider, auth_provider_id) VALUES
    ('ad100000-0000-4000-8000-000000000001', 'audit-alice@test.example', 'audit-alice',
     '$2b$12$not-a-real-bcrypt-hash-but-long-enough', 'local', NULL),
    ('ad100000-0000-4000-8000-000000000002', 'audit-bob@test.example', 'audit-bob', NULL, 'github', 'gh-1');
-- An INSERT that inserts nothing writes nothing.
INSERT INTO agentgov.users (id, email, username, auth_provider, auth_provider_id) VALUES
    ('ad100000-0000-4000-8000-000000000002', 'audit-bob@test.example', 'audit-bob', 'github', 'gh-1')
ON CONFLICT DO NOTHING;

-- From here on the writes carry an actor and a correlation id.
BEGIN;
SELECT agentgov.set_actor('ad100000-0000-4000-8000-000000000001', 'adc00000-0000-4000-8000-000000000001');
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('ad000000-0000-4000-8000-000000000001', 'ad100000-0000-4000-8000-000000000001', 'ADMIN'),
    ('ad000000-0000-4000-8000-000000000001', 'ad100000-0000-4000-8000-000000000002', 'MEMBER');
INSERT INTO agentgov.projects (id, org_id, name, created_by) VALUES
    ('ad200000-0000-4000-8000-000000000001', 'ad000000-0000-4000-8000-000000000001', 'Audited project',
     'ad100000-0000-4000-8000-000000000001');
INSERT INTO agentgov.artifacts (id, org_id, project_id, type, content, created_by) VALUES
    ('ad300000-0000-4000-8000-000000000001', 'ad000000-0000-4000-8000-000000000001',
     'ad200000-0000-4000-8000-000000000001', 'PROBLEM', '{"statement": "audit me"}',
     'ad100000-0000-4000-8000-000000000001');
INSERT INTO agentgov.phase_gate_decisions (id, org_id, project_id, phase, score, target_threshold, decision,
                                           indicators, decided_by, rationale) VALUES
    ('ad400000-0000-4000-8000-000000000001', 'ad000000-0000-4000-8000-000000000001',
     'ad200000-0000-4000-8000-000000000001', 'VRC', 70, 76, 'CONDITIONAL',
     '[{"name": "problem_clarity", "score": 70}]', 'ad100000-0000-4000-8000-000000000001', 'close enough');
INSERT INTO agentgov.agent_runs (id, org_id, project_id, user_id, agent_type, estimated_cost, max_cost_limit) VALUES
    ('ad500000-0000-4000-8000-000000000001', 'ad000000-0000-4000-8000-000000000001',
     'ad200000-0000-4000-8000-000000000001', 'ad100000-0000-4000-8000-000000000001', 'coder', 0.5, 2);
INSERT INTO agentgov.governance_events (id, org_id, run_id, event_type, framework, approved) VALUES
    ('ad600000-0000-4000-8000-000000000001', 'ad000000-0000-4000-8000-000000000001',
     'ad500000-0000-4000-8000-000000000001', 'pre_agent_spawn', 'sarah_three_questions', true);
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, amount_usd, period) VALUES
    ('ad700000-0000-4000-8000-000000000001', 'ad000000-0000-4000-8000-000000000001', 'audit budget',
     'global', 100, 'monthly');
INSERT INTO agentgov.api_keys (id, user_id, provider, api_key_encrypted) VALUES
    ('ad800000-0000-4000-8000-000000000001', 'ad100000-0000-4000-8000-000000000001', 'claude',
     '\xc30d040903029fb23f01fad5ab687ad24301d8c1f0c7d8e99cfc628031523f09074c2908569950fa16dd6e2717247308569d0fce0deb1a22882872feee6eb318bc9df3d1704a72b9a21f4aad61fd9f50a462bb9c');
INSERT INTO agentgov.model_prices (id, provider, model, input_usd_per_mtok, output_usd_per_mtok, effective_from) VALUES
    ('ad900000-0000-4000-8000-000000000001', 'audit-provider', 'audit-model', 1, 2, '2026-01-01 00:00+00');
INSERT INTO agentgov.gate_policies (id, org_id, phase, threshold) VALUES
    ('ada00000-0000-4000-8000-000000000001', 'ad000000-0000-4000-8000-000000000001', 'MDP', 90);
COMMIT;

-- One INSERT row per record, with the whole row, the org (organizations: its
-- own id; users, api_keys and model_prices: none), the actor and the
-- correlation id of the transaction that wrote it.
SELECT t.tab, t.rec, a.action, a.org, a.actor, a.correlation,
       pg_temp.whole_row(t.tab, a.new_values) AS whole_row, a.old_values
  FROM (VALUES ('organizations', 'ad000000-0000-4000-8000-000000000001'),
               ('users', 'ad100000-0000-4000-8000-000000000001'),
               ('users', 'ad100000-0000-4000-8000-000000000002'),
               ('organization_members', 'ad100000-0000-4000-8000-000000000002'),
               ('projects', 'ad200000-0000-4000-8000-000000000001'),
               ('artifacts', 'ad300000-0000-4000-8000-000000000001'),
               ('phase_gate_decisions', 'ad400000-0000-4000-8000-000000000001'),
               ('agent_runs', 'ad500000-0000-4000-8000-000000000001'),
               ('governance_events', 'ad600000-0000-4000-8000-000000000001'),
               ('budget_limits', 'ad700000-0000-4000-8000-000000000001'),
               ('api_keys', 'ad800000-0000-4000-8000-000000000001'),
               ('model_prices', 'ad900000-0000-4000-8000-000000000001'),
               ('gate_policies', 'ada00000-0000-4000-8000-000000000001')) AS t (tab, rec)
  LEFT JOIN LATERAL pg_temp.audited(t.tab, t.rec) a ON true
 ORDER BY t.tab, t.rec;

-- The values are the row's, as to_jsonb() gives them.
SELECT new_values - 'created_at' - 'updated_at' AS budget
  FROM pg_temp.audited('budget_limits', 'ad700000-0000-4000-8000-000000000001');
SELECT new_values->'indicators' AS indicators, new_values->'score' AS score
  FROM pg_temp.audited('phase_gate_decisions', 'ad400000-0000-4000-8000-000000000001');

-- Secrets are redacted: password_hash, totp_secret, api_key_encrypted; a
-- NULL stays NULL.
SELECT new_values->'password_hash' AS password_hash, new_values->'totp_secret' AS totp_secret
  FROM pg_temp.audited('users', 'ad100000-0000-4000-8000-000000000001');
SELECT new_values->'password_hash' AS password_hash
  FROM pg_temp.audited('users', 'ad100000-0000-4000-8000-000000000002');
SELECT new_values->'api_key_encrypted' AS api_key_encrypted, new_values->'provider' AS provider
  FROM pg_temp.audited('api_keys', 'ad800000-0000-4000-8000-000000000001');

-- ---- UPDATE: only the changed columns; nothing when nothing changed ----------
SELECT max(id) AS mark FROM agentgov.audit_log \gset
-- updated_at moves on every UPDATE; it does not count as a change.  Nor does
-- 100.0 in a numeric(10,2) column holding 100.00: it is stored as 100.00.
UPDATE agentgov.projects SET name = name, updated_at = now() - interval '1 day'
 WHERE id = 'ad200000-0000-4000-8000-000000000001';
UPDATE agentgov.budget_limits SET amount_usd = 100.0 WHERE id = 'ad700000-0000-4000-8000-000000000001';
SELECT count(*) AS rows_for_no_op_updates FROM agentgov.audit_log WHERE id > :mark;
UPDATE agentgov.projects SET description = 'Now with a description', config = '{"a": [1, 2]}'
 WHERE id = 'ad200000-0000-4000-8000-000000000001';
UPDATE agentgov.users SET password_hash = '$2b$12$another-not-real-bcrypt-hash-value', is_2fa_enabled = true,
                          totp_secret = 'JBSWY3DPEHPK3PXP'
 WHERE id = 'ad100000-0000-4000-8000-000000000001';
-- Several rows, several audit rows.
UPDATE agentgov.organization_members SET role = 'VIEWER'
 WHERE org_id = 'ad000000-0000-4000-8000-000000000001';
SELECT action, table_name, record_id, old_values, new_values
  FROM agentgov.audit_log WHERE id > :mark ORDER BY id;

-- ---- DELETE: the whole row --------------------------------------------------
DELETE FROM agentgov.gate_policies WHERE id = 'ada00000-0000-4000-8000-000000000001';
SELECT action, org, pg_temp.whole_row('gate_policies', old_values) AS whole_row,
       old_values->'threshold' AS threshold, new_values
  FROM pg_temp.audited('gate_policies', 'ada00000-0000-4000-8000-000000000001')
 WHERE action = 'DELETE';
-- A cascade is audited row by row.
SELECT max(id) AS mark FROM agentgov.audit_log \gset
DELETE FROM agentgov.projects WHERE id = 'ad200000-0000-4000-8000-000000000001';
SELECT action, table_name, record_id FROM agentgov.audit_log WHERE id > :mark ORDER BY table_name, record_id;

-- A write that fails leaves no audit row.
SELECT max(id) AS mark FROM agentgov.audit_log \gset
\set VERBOSITY terse
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period) VALUES
    ('ad000000-0000-4000-8000-000000000001', 'bad', 'global', -1, 'daily');
\set VERBOSITY default
BEGIN;
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period) VALUES
    ('ad000000-0000-4000-8000-000000000001', 'rolled back', 'global', 1, 'daily');
ROLLBACK;
SELECT count(*) AS rows_for_failed_writes FROM agentgov.audit_log WHERE id > :mark;

-- ---- Any table: the redaction rules go by column name ------------------------
CREATE SCHEMA audit_test;
CREATE TABLE audit_test.tokens (
    id              integer PRIMARY KEY,
    org_id          uuid,
    label           text,
    token_sha256    bytea,
    refresh_token_sha256 bytea,
    client_secret   text,
    secret          text,
    key_encrypted   bytea,
    not_secret_at_all text
);
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON audit_test.tokens
    FOR EACH ROW EXECUTE FUNCTION agentgov.audit_row();
CREATE TRIGGER audit_row_truncate AFTER TRUNCATE ON audit_test.tokens
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.audit_row();
INSERT INTO audit_test.tokens VALUES
    (1, 'ad000000-0000-4000-8000-000000000002', 'first', '\x01', '\x02', 's3cret', 'hush', '\x03', 'visible');
UPDATE audit_test.tokens SET token_sha256 = '\x04', label = 'renamed' WHERE id = 1;
SELECT action, left(org_id::text, 8) AS org, table_name, record_id, old_values, new_values
  FROM agentgov.audit_log WHERE table_name = 'audit_test.tokens' ORDER BY id;
-- TRUNCATE of an audited table is recorded once, without an org.
TRUNCATE audit_test.tokens;
SELECT action, org_id, table_name, record_id, old_values, new_values
  FROM agentgov.audit_log WHERE table_name = 'audit_test.tokens' AND action = 'TRUNCATE';

-- ---- Plain INSERTs into audit_log: completed and chained the same way ---------
BEGIN;
SELECT agentgov.set_actor('ad100000-0000-4000-8000-000000000002', 'adc00000-0000-4000-8000-000000000002');
INSERT INTO agentgov.audit_log (org_id, action, table_name, record_id, rationale) VALUES
    ('ad000000-0000-4000-8000-000000000002', 'APPROVE', 'artifacts', 'x', 'by hand');
INSERT INTO agentgov.audit_log (org_id, actor_id, action) VALUES
    ('ad000000-0000-4000-8000-000000000002', 'ad100000-0000-4000-8000-000000000001', 'OVERRIDE');
-- Before commit the rows are there, not chained yet, and verification of the
-- chain leaves them out.
SELECT action, left(actor_id::text, 8) AS actor, left(correlation_id::text, 8) AS correlation,
       chain_seq, prev_hash IS NULL AS no_prev, row_hash IS NULL AS no_hash
  FROM agentgov.audit_log WHERE org_id = 'ad000000-0000-4000-8000-000000000002' AND action IN ('APPROVE', 'OVERRIDE')
 ORDER BY id;
SELECT * FROM agentgov.verify_audit_chain('ad000000-0000-4000-8000-000000000002');
COMMIT;
-- After commit they are chained behind the org's earlier rows.
SELECT action, table_name, chain_seq, octet_length(row_hash) AS hash_bytes,
       prev_hash = lag(row_hash) OVER (ORDER BY chain_seq) AS linked
  FROM agentgov.audit_log WHERE org_id = 'ad000000-0000-4000-8000-000000000002'
 ORDER BY chain_seq;
SELECT * FROM agentgov.verify_audit_chain('ad000000-0000-4000-8000-000000000002');

-- The chain columns are the extension's; the nil uuid names no organization.
INSERT INTO agentgov.audit_log (action, row_hash) VALUES ('forged', sha256('x'));
INSERT INTO agentgov.audit_log (action, prev_hash) VALUES ('forged', sha256('x'));
INSERT INTO agentgov.audit_log (action, chain_seq) VALUES ('forged', 1);
INSERT INTO agentgov.audit_log (org_id, action) VALUES ('00000000-0000-0000-0000-000000000000', 'forged');

-- ---- Subtransactions ----------------------------------------------------------
BEGIN;
INSERT INTO agentgov.audit_log (org_id, action) VALUES ('ad000000-0000-4000-8000-000000000002', 'kept.1');
SAVEPOINT a;
INSERT INTO agentgov.audit_log (org_id, action) VALUES ('ad000000-0000-4000-8000-000000000002', 'rolled.back');
ROLLBACK TO SAVEPOINT a;
SAVEPOINT b;
INSERT INTO agentgov.audit_log (org_id, action) VALUES ('ad000000-0000-4000-8000-000000000002', 'kept.2');
SAVEPOINT c;
INSERT INTO agentgov.audit_log (org_id, action) VALUES ('ad000000-0000-4000-8000-000000000002', 'kept.3');
RELEASE SAVEPOINT b;
COMMIT;
SELECT action, chain_seq - min(chain_seq) OVER () AS seq_from_first
  FROM agentgov.audit_log
 WHERE org_id = 'ad000000-0000-4000-8000-000000000002' AND action IN ('kept.1', 'kept.2', 'kept.3', 'rolled.back')
 ORDER BY chain_seq;
SELECT * FROM agentgov.verify_audit_chain('ad000000-0000-4000-8000-000000000002');

-- An INSERT that did nothing inserted no row to chain, even if the id it
-- would have had belongs to a row already chained.
SELECT max(id) AS last_id FROM agentgov.audit_log \gset
INSERT INTO agentgov.audit_log (id, org_id, action) OVERRIDING SYSTEM VALUE
VALUES (:last_id, 'ad000000-0000-4000-8000-000000000002', 'duplicate') ON CONFLICT DO NOTHING;
SELECT count(*) AS duplicates FROM agentgov.audit_log WHERE action = 'duplicate';

-- Two-phase commit: the rows are chained when the transaction is prepared.
BEGIN;
INSERT INTO agentgov.audit_log (org_id, action) VALUES ('ad000000-0000-4000-8000-000000000002', 'prepared');
PREPARE TRANSACTION 'audit_prepared';
COMMIT PREPARED 'audit_prepared';
SELECT action, chain_seq IS NOT NULL AS chained FROM agentgov.audit_log
 WHERE org_id = 'ad000000-0000-4000-8000-000000000002' AND action = 'prepared';
SELECT * FROM agentgov.verify_audit_chain('ad000000-0000-4000-8000-000000000002');

-- ---- Whoever writes, the audit row is written ----------------------------------
-- A role that may write budget_limits but has no right on audit_log, under
-- forced row-level security that lets nobody insert into audit_log.
SELECT relrowsecurity AS rls_was_on, relforcerowsecurity AS rls_was_forced
  FROM pg_class WHERE oid = 'agentgov.audit_log'::regclass \gset
CREATE ROLE regress_audit_writer;
GRANT USAGE ON SCHEMA agentgov TO regress_audit_writer;
GRANT SELECT, INSERT, UPDATE ON agentgov.budget_limits TO regress_audit_writer;
GRANT SELECT ON agentgov.organization_members TO regress_audit_writer;
-- Row-level security lets only an ADMIN write budget_limits: the role acts for one.
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('ad000000-0000-4000-8000-000000000002', 'ad100000-0000-4000-8000-000000000001', 'ADMIN');
BEGIN;
ALTER TABLE agentgov.audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE agentgov.audit_log FORCE ROW LEVEL SECURITY;
SET LOCAL ROLE regress_audit_writer;
SET LOCAL agentgov.user_id = 'ad100000-0000-4000-8000-000000000001';
INSERT INTO agentgov.budget_limits (id, org_id, name, scope_type, amount_usd, period) VALUES
    ('ad700000-0000-4000-8000-000000000002', 'ad000000-0000-4000-8000-000000000002', 'written by a member',
     'global', 5, 'daily');
UPDATE agentgov.budget_limits SET amount_usd = 6 WHERE id = 'ad700000-0000-4000-8000-000000000002';
RESET ROLE;
SELECT action, table_name FROM agentgov.audit_log
 WHERE record_id = 'ad700000-0000-4000-8000-000000000002' ORDER BY id;
COMMIT;
\if :rls_was_forced
\else
ALTER TABLE agentgov.audit_log NO FORCE ROW LEVEL SECURITY;
\endif
\if :rls_was_on
\else
ALTER TABLE agentgov.audit_log DISABLE ROW LEVEL SECURITY;
\endif
SELECT action, table_name, chain_seq IS NOT NULL AS chained FROM agentgov.audit_log
 WHERE record_id = 'ad700000-0000-4000-8000-000000000002' ORDER BY id;
-- The role cannot insert into audit_log itself, nor read it, nor verify chains.
SET ROLE regress_audit_writer;
INSERT INTO agentgov.audit_log (action) VALUES ('user.login');
SELECT * FROM agentgov.audit_log LIMIT 1;
SELECT * FROM agentgov.verify_audit_chain('ad000000-0000-4000-8000-000000000002');
RESET ROLE;
SELECT * FROM agentgov.verify_audit_chain('ad000000-0000-4000-8000-000000000002');
-- Nor attach audit_row() to a table of its own, which would write rows into
-- any organization's chain as the owner of audit_log.
CREATE SCHEMA regress_audit_own AUTHORIZATION regress_audit_writer;
SET ROLE regress_audit_writer;
CREATE TABLE regress_audit_own.forge (id integer PRIMARY KEY, org_id uuid);
CREATE TRIGGER forge AFTER INSERT ON regress_audit_own.forge
    FOR EACH ROW EXECUTE FUNCTION agentgov.audit_row();
RESET ROLE;
DROP SCHEMA regress_audit_own CASCADE;

-- ---- Append-only (AG005) --------------------------------------------------------
UPDATE agentgov.audit_log SET rationale = 'rewritten' WHERE org_id = 'ad000000-0000-4000-8000-000000000002';
DELETE FROM agentgov.audit_log WHERE org_id = 'ad000000-0000-4000-8000-000000000002';
TRUNCATE agentgov.audit_log;
UPDATE agentgov.audit_chain_heads SET last_seq = last_seq + 1;
DELETE FROM agentgov.audit_chain_heads;
TRUNCATE agentgov.audit_chain_heads;
DO $$
BEGIN
    DELETE FROM agentgov.audit_log;
EXCEPTION WHEN SQLSTATE 'AG005' THEN
    RAISE WARNING 'SQLSTATE AG005: %', SQLERRM;
END
$$;

-- ---- Misuse ---------------------------------------------------------------------
SELECT agentgov.verify_audit_chain('00000000-0000-0000-0000-000000000000');
SELECT * FROM agentgov.verify_audit_chain('ad000000-0000-4000-8000-0000000000ff');
SELECT agentgov.audit_row();
SELECT agentgov.append_only();
CREATE TABLE audit_test.misuse (id integer PRIMARY KEY, org_id uuid, org_name text);
CREATE TRIGGER t BEFORE INSERT ON audit_test.misuse FOR EACH ROW EXECUTE FUNCTION agentgov.audit_row();
INSERT INTO audit_test.misuse VALUES (1);
DROP TRIGGER t ON audit_test.misuse;
CREATE TRIGGER t AFTER INSERT ON audit_test.misuse FOR EACH STATEMENT EXECUTE FUNCTION agentgov.audit_row();
INSERT INTO audit_test.misuse VALUES (1);
DROP TRIGGER t ON audit_test.misuse;
CREATE TRIGGER t AFTER INSERT ON audit_test.misuse FOR EACH ROW EXECUTE FUNCTION agentgov.audit_row('org_id', 'x');
INSERT INTO audit_test.misuse VALUES (1);
DROP TRIGGER t ON audit_test.misuse;
CREATE TRIGGER t AFTER INSERT ON audit_test.misuse FOR EACH ROW EXECUTE FUNCTION agentgov.audit_row('tenant');
INSERT INTO audit_test.misuse VALUES (1);
DROP TRIGGER t ON audit_test.misuse;
CREATE TRIGGER t AFTER INSERT ON audit_test.misuse FOR EACH ROW EXECUTE FUNCTION agentgov.audit_row('org_name');
INSERT INTO audit_test.misuse VALUES (1);
DROP TRIGGER t ON audit_test.misuse;
CREATE TRIGGER t BEFORE INSERT ON audit_test.misuse FOR EACH ROW EXECUTE FUNCTION agentgov.append_only();
INSERT INTO audit_test.misuse VALUES (1);
DROP TRIGGER t ON audit_test.misuse;
INSERT INTO audit_test.misuse VALUES (1);
CREATE TRIGGER t AFTER DELETE ON audit_test.misuse FOR EACH ROW EXECUTE FUNCTION agentgov.append_only();
DELETE FROM audit_test.misuse;
DROP TRIGGER t ON audit_test.misuse;
CREATE TRIGGER t AFTER INSERT ON audit_test.misuse FOR EACH ROW EXECUTE FUNCTION agentgov.audit_log_enlist();
INSERT INTO audit_test.misuse VALUES (2);
DROP TRIGGER t ON audit_test.misuse;
CREATE TRIGGER t BEFORE INSERT ON audit_test.misuse FOR EACH ROW EXECUTE FUNCTION agentgov.audit_log_enlist();
INSERT INTO audit_test.misuse VALUES (2);
DROP TRIGGER t ON audit_test.misuse;
-- An audit_log with a column the hash does not cover takes no rows.
BEGIN;
ALTER TABLE agentgov.audit_log ADD COLUMN uncovered text;
INSERT INTO agentgov.audit_log (org_id, action) VALUES ('ad000000-0000-4000-8000-000000000002', 'uncovered');
COMMIT;
SELECT count(*) AS uncovered_rows FROM agentgov.audit_log WHERE action = 'uncovered';

DROP SCHEMA audit_test CASCADE;
REVOKE ALL ON agentgov.budget_limits, agentgov.organization_members FROM regress_audit_writer;
REVOKE ALL ON SCHEMA agentgov FROM regress_audit_writer;
DROP ROLE regress_audit_writer;
SELECT * FROM agentgov.verify_audit_chain('ad000000-0000-4000-8000-000000000001');
SELECT * FROM agentgov.verify_audit_chain('ad000000-0000-4000-8000-000000000002');
SELECT first_broken_id FROM agentgov.verify_audit_chain(NULL);
