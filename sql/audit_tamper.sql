-- Tamper evidence: verify_audit_chain() finds edits made with the triggers
-- out of the way, deleted, inserted and swapped rows and a cut tail; the
-- hash follows the encoding docs/audit.md describes, whatever the session's
-- settings.
SET client_min_messages = warning;

-- Organizations ae00...01 to ...09, one per case, each with a chain of five
-- rows: the organization's INSERT, then four budgets (ids in chain order).
INSERT INTO agentgov.organizations (id, name, slug)
SELECT format('ae000000-0000-4000-8000-%s', lpad(n::text, 12, '0'))::uuid,
       'Tamper case ' || n, 'tamper-case-' || n
  FROM generate_series(1, 9) n;
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period)
SELECT o.id, 'budget ' || b, 'global', 10 * b, 'daily'
  FROM agentgov.organizations o, generate_series(1, 4) b
 WHERE o.slug LIKE 'tamper-case-%'
 ORDER BY o.slug, b;

-- The ids of the chains as written: case c, position n.
CREATE TEMP TABLE original AS
SELECT c, row_number() OVER (PARTITION BY c ORDER BY a.chain_seq) AS n, a.id
  FROM generate_series(1, 9) c
  JOIN agentgov.audit_log a ON a.org_id = format('ae000000-0000-4000-8000-%s', lpad(c::text, 12, '0'))::uuid;
CREATE FUNCTION pg_temp.nth(c int, n int) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT o.id FROM original o WHERE o.c = nth.c AND o.n = nth.n
$$;
SELECT c, count(*) AS chain_length, min(n) AS first, max(n) AS last FROM original GROUP BY c ORDER BY c;
-- verify_audit_chain() of a case, the broken id shown as its position in the chain as written.
CREATE FUNCTION pg_temp.verify(c int)
RETURNS TABLE (rows_checked bigint, first_broken text) LANGUAGE sql AS $$
    SELECT v.rows_checked,
           coalesce((SELECT 'row ' || o.n FROM original o WHERE o.c = verify.c AND o.id = v.first_broken_id),
                    v.first_broken_id::text)
      FROM agentgov.verify_audit_chain(format('ae000000-0000-4000-8000-%s', lpad(c::text, 12, '0'))::uuid) v
$$;

-- Intact chains.
SELECT c, v.* FROM generate_series(1, 9) c, pg_temp.verify(c) v ORDER BY c;

-- 1. An edit made with session_replication_role = replica (triggers off).
SET session_replication_role = replica;
UPDATE agentgov.audit_log SET new_values = jsonb_set(new_values, '{amount_usd}', '1000')
 WHERE id = pg_temp.nth(1, 3);
RESET session_replication_role;
SELECT * FROM pg_temp.verify(1);

-- 2. An edit made with the append-only trigger disabled: a microsecond of
--    occurred_at is enough.
ALTER TABLE agentgov.audit_log DISABLE TRIGGER audit_log_append_only;
UPDATE agentgov.audit_log SET occurred_at = occurred_at + interval '1 microsecond'
 WHERE id = pg_temp.nth(2, 4);
ALTER TABLE agentgov.audit_log ENABLE TRIGGER audit_log_append_only;
SELECT * FROM pg_temp.verify(2);

-- 3. A deleted middle row: the row after the gap breaks.
SET session_replication_role = replica;
DELETE FROM agentgov.audit_log WHERE id = pg_temp.nth(3, 3);
RESET session_replication_role;
SELECT * FROM pg_temp.verify(3);

-- 4. Two rows with their values swapped.
SET session_replication_role = replica;
UPDATE agentgov.audit_log a SET new_values = b.new_values
  FROM agentgov.audit_log b
 WHERE (a.id, b.id) IN ((pg_temp.nth(4, 2), pg_temp.nth(4, 4)), (pg_temp.nth(4, 4), pg_temp.nth(4, 2)));
RESET session_replication_role;
SELECT * FROM pg_temp.verify(4);

-- 5. Two rows swapped whole, hashes included: only their ids stay.  The
--    id at position 2 is now that of row 4.
SET session_replication_role = replica;
UPDATE agentgov.audit_log a
   SET (occurred_at, new_values, chain_seq, prev_hash, row_hash) =
       (b.occurred_at, b.new_values, b.chain_seq, b.prev_hash, b.row_hash)
  FROM agentgov.audit_log b
 WHERE (a.id, b.id) IN ((pg_temp.nth(5, 2), pg_temp.nth(5, 4)), (pg_temp.nth(5, 4), pg_temp.nth(5, 2)));
RESET session_replication_role;
SELECT * FROM pg_temp.verify(5);

-- 6. The tail cut off: the chain's head still names the last row.
SET session_replication_role = replica;
DELETE FROM agentgov.audit_log WHERE id IN (pg_temp.nth(6, 4), pg_temp.nth(6, 5));
RESET session_replication_role;
SELECT * FROM pg_temp.verify(6);

-- 7. A row slipped in with the triggers off: never chained.
SET session_replication_role = replica;
INSERT INTO agentgov.audit_log (org_id, action) VALUES ('ae000000-0000-4000-8000-000000000007', 'forged');
RESET session_replication_role;
SELECT rows_checked, first_broken = (SELECT id::text FROM agentgov.audit_log WHERE action = 'forged')
       AS forged_row_is_first_broken
  FROM pg_temp.verify(7);

-- 8. A row appended with a copied hash and the next chain_seq, behind the
--    head's back.
SET session_replication_role = replica;
INSERT INTO agentgov.audit_log (org_id, action, new_values, chain_seq, prev_hash, row_hash)
SELECT org_id, 'forged.too', new_values, chain_seq + 1, row_hash, row_hash
  FROM agentgov.audit_log WHERE id = pg_temp.nth(8, 5);
RESET session_replication_role;
SELECT rows_checked, first_broken = (SELECT id::text FROM agentgov.audit_log WHERE action = 'forged.too')
       AS forged_row_is_first_broken
  FROM pg_temp.verify(8);

-- A broken chain stays broken; new rows still chain onto its head.
INSERT INTO agentgov.budget_limits (org_id, name, scope_type, amount_usd, period) VALUES
    ('ae000000-0000-4000-8000-000000000003', 'after the tampering', 'global', 1, 'daily');
SELECT * FROM pg_temp.verify(3);
SELECT last_seq FROM agentgov.audit_chain_heads WHERE chain_key = 'ae000000-0000-4000-8000-000000000003';

-- ---- The encoding ----------------------------------------------------------
-- Case 9 is untouched, whatever the session's settings.
SET TimeZone = 'Asia/Kathmandu';
SET DateStyle = 'German, DMY';
SET IntervalStyle = 'sql_standard';
SET extra_float_digits = -15;
SET bytea_output = 'escape';
SELECT * FROM pg_temp.verify(9);
RESET TimeZone;
RESET DateStyle;
RESET IntervalStyle;
RESET extra_float_digits;
RESET bytea_output;

-- docs/audit.md, in SQL: the hash of a row recomputed from its documented
-- encoding.  Each field is its length as a 4-byte big-endian integer (-1 for
-- NULL) and its bytes.
CREATE FUNCTION pg_temp.field(b bytea) RETURNS bytea LANGUAGE sql AS $$
    SELECT CASE WHEN b IS NULL THEN '\xffffffff'::bytea
                ELSE int4send(octet_length(b)) || b END
$$;
CREATE FUNCTION pg_temp.field(t text) RETURNS bytea LANGUAGE sql AS $$
    SELECT pg_temp.field(convert_to(t, 'UTF8'))
$$;
CREATE FUNCTION pg_temp.documented_hash(a agentgov.audit_log, canonical_new_values text, canonical_details text)
RETURNS bytea LANGUAGE sql AS $$
    SELECT sha256(convert_to('agentgov-audit-v1', 'UTF8')
        || pg_temp.field(a.prev_hash)
        || pg_temp.field(a.id::text)
        || pg_temp.field(a.chain_seq::text)
        || pg_temp.field(a.org_id::text)
        || pg_temp.field(a.actor_id::text)
        || pg_temp.field(a.action::text)
        || pg_temp.field(a.table_name::text)
        || pg_temp.field(a.record_id)
        || pg_temp.field(NULL::text)               -- old_values, NULL in the row checked
        || pg_temp.field(canonical_new_values)
        || pg_temp.field(a.rationale::text)
        || pg_temp.field(canonical_details)
        || pg_temp.field(format('%s', a.ip_address))
        || pg_temp.field(a.user_agent::text)
        || pg_temp.field(a.correlation_id::text)
        || pg_temp.field(((extract(epoch FROM a.occurred_at) - 946684800) * 1000000)::bigint::text))
$$;
INSERT INTO agentgov.audit_log (org_id, actor_id, action, table_name, record_id, new_values, rationale,
                                details, ip_address, user_agent, correlation_id, occurred_at) VALUES
    ('ae000000-0000-4000-8000-000000000009', 'ae100000-0000-4000-8000-000000000001', 'encoding.check',
     'budget_limits', 'r-1', '{"zeta": 1.50, "a": [true, null, "x\ny"], "é": {"b": 2, "aa": -0.5}, "ab": "tab\t\"q\" \\"}',
     'Café', '{"k": "ü"}', '203.0.113.7', 'Mozilla/5.0', 'ae200000-0000-4000-8000-000000000001',
     '2026-03-01 12:34:56.789012+05:30');
SELECT a.chain_seq > 5 AS chained,
       a.row_hash = pg_temp.documented_hash(a,
           '{"a":[true,null,"x\ny"],"ab":"tab\t\"q\" \\","zeta":1.50,"é":{"aa":-0.5,"b":2}}',
           '{"k":"ü"}') AS hash_matches_documentation
  FROM agentgov.audit_log a WHERE a.action = 'encoding.check';
-- The first row of a chain has no prev_hash; the hash covers it as NULL.
SELECT a.prev_hash IS NULL AS first_row_has_no_prev,
       a.row_hash = sha256(convert_to('agentgov-audit-v1', 'UTF8') || '\xffffffff'::bytea
           || pg_temp.field(a.id::text) || pg_temp.field('1') || pg_temp.field(a.org_id::text)
           || '\xffffffff'::bytea || pg_temp.field('INSERT') || pg_temp.field('organizations')
           || pg_temp.field(a.record_id) || '\xffffffff'::bytea
           || (SELECT int4send(octet_length(x)) || x FROM convert_to(
                  format('{"created_at":%s,"id":"%s","max_agents_per_project":1,"max_projects":3,"name":"Tamper case 9","slug":"tamper-case-9","subscription_tier":"BASIC","updated_at":%s}',
                         a.new_values->'created_at', a.org_id, a.new_values->'updated_at'), 'UTF8') x)
           || '\xffffffff'::bytea || '\xffffffff'::bytea || '\xffffffff'::bytea || '\xffffffff'::bytea
           || '\xffffffff'::bytea
           || pg_temp.field(((extract(epoch FROM a.occurred_at) - 946684800) * 1000000)::bigint::text))
       AS hash_matches_documentation
  FROM agentgov.audit_log a WHERE a.id = pg_temp.nth(9, 1);
SELECT * FROM pg_temp.verify(9);
