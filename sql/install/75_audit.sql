\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Native audit trail with tamper evidence (src/audit.c, docs/audit.md).
--
-- audit_row() records every write to the critical tables in audit_log.
-- Every row that reaches audit_log, from that trigger or from a plain
-- INSERT (artifact_transition, override_gate, cleanup_old_data, an
-- application's 'user.login'), goes through audit_log_enlist(), and is
-- chained when its transaction commits: per organization (and one chain for
-- rows without one) chain_seq counts 1, 2, 3 ..., prev_hash is the
-- row_hash of the row before, and row_hash is SHA-256 over prev_hash and the
-- canonical encoding of the row.  audit_chain_heads holds the tail of each
-- chain; writers of one chain serialise on it only while they commit.
-- ---------------------------------------------------------------------------

ALTER TABLE agentgov.audit_log ADD COLUMN chain_seq bigint;
-- Each row is rewritten once, at commit, to receive its hashes: room on the
-- page lets that be a HOT update that touches no index.
ALTER TABLE agentgov.audit_log SET (fillfactor = 85);
COMMENT ON COLUMN agentgov.audit_log.chain_seq IS
    'Position of the row in its chain (1, 2, ...), set with prev_hash and row_hash when the writing transaction commits; not indexed, so that setting it is a HOT update';

CREATE TABLE agentgov.audit_chain_heads (
    chain_key   uuid NOT NULL,
    last_seq    bigint NOT NULL,
    last_id     bigint NOT NULL,
    last_hash   bytea NOT NULL,
    CONSTRAINT audit_chain_heads_pkey PRIMARY KEY (chain_key),
    CONSTRAINT audit_chain_heads_seq_positive CHECK (last_seq >= 1),
    CONSTRAINT audit_chain_heads_hash_length CHECK (octet_length(last_hash) = 32)
);
COMMENT ON TABLE agentgov.audit_chain_heads IS
    'Tail of each audit hash chain: one row per organization with audit rows, plus one for rows without an organization. Written only by committing transactions, under the chain''s lock (see docs/audit.md). Bookkeeping of the extension: not a tenant table';
COMMENT ON COLUMN agentgov.audit_chain_heads.chain_key IS
    'org_id of the chain; the nil uuid 00000000-0000-0000-0000-000000000000 for audit rows without an organization';
COMMENT ON COLUMN agentgov.audit_chain_heads.last_seq IS 'chain_seq of the last row of the chain';
COMMENT ON COLUMN agentgov.audit_chain_heads.last_id IS 'id of the last row of the chain';
COMMENT ON COLUMN agentgov.audit_chain_heads.last_hash IS 'row_hash of the last row of the chain: what the next row''s prev_hash will be';

-- ---- Append-only ----------------------------------------------------------
CREATE FUNCTION agentgov.append_only() RETURNS trigger
    AS 'MODULE_PATHNAME', 'append_only' LANGUAGE C;
COMMENT ON FUNCTION agentgov.append_only() IS
    'BEFORE UPDATE OR DELETE row trigger and BEFORE TRUNCATE statement trigger: refuses the change with AG005';
REVOKE ALL ON FUNCTION agentgov.append_only() FROM PUBLIC;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON agentgov.audit_log
    FOR EACH ROW EXECUTE FUNCTION agentgov.append_only();
CREATE TRIGGER audit_log_append_only_truncate BEFORE TRUNCATE ON agentgov.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.append_only();
CREATE TRIGGER audit_chain_heads_append_only BEFORE UPDATE OR DELETE ON agentgov.audit_chain_heads
    FOR EACH ROW EXECUTE FUNCTION agentgov.append_only();
CREATE TRIGGER audit_chain_heads_append_only_truncate BEFORE TRUNCATE ON agentgov.audit_chain_heads
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.append_only();

-- ---- Chaining -------------------------------------------------------------
CREATE FUNCTION agentgov.audit_log_enlist() RETURNS trigger
    AS 'MODULE_PATHNAME', 'audit_log_enlist' LANGUAGE C;
COMMENT ON FUNCTION agentgov.audit_log_enlist() IS
    'BEFORE INSERT row trigger on audit_log: fills actor_id and correlation_id from the actor context when NULL, refuses client-supplied chain columns, and enlists the row to be chained when the transaction commits';
REVOKE ALL ON FUNCTION agentgov.audit_log_enlist() FROM PUBLIC;

CREATE TRIGGER audit_log_enlist BEFORE INSERT ON agentgov.audit_log
    FOR EACH ROW EXECUTE FUNCTION agentgov.audit_log_enlist();

CREATE FUNCTION agentgov.verify_audit_chain(org_id uuid,
                                            OUT rows_checked bigint,
                                            OUT first_broken_id bigint)
RETURNS record
    AS 'MODULE_PATHNAME', 'verify_audit_chain'
    LANGUAGE C STABLE;
COMMENT ON FUNCTION agentgov.verify_audit_chain(uuid) IS
    'Recomputes the hash chain of an organization''s audit rows (NULL: rows without an organization): the rows checked and the id of the first row that breaks the chain, or NULL when it is intact. Reads as the owner of audit_log, so row-level security does not hide rows from it; EXECUTE is not granted to PUBLIC';
REVOKE ALL ON FUNCTION agentgov.verify_audit_chain(uuid) FROM PUBLIC;

-- ---- Capture --------------------------------------------------------------
CREATE FUNCTION agentgov.audit_row() RETURNS trigger
    AS 'MODULE_PATHNAME', 'audit_row' LANGUAGE C;
COMMENT ON FUNCTION agentgov.audit_row() IS
    'AFTER INSERT OR UPDATE OR DELETE row trigger (and AFTER TRUNCATE statement trigger) on the critical tables: writes an audit_log row with the table, record id, action, the changed columns only for UPDATE (nothing when none changed), org and time; secret columns redacted. Argument: the column holding the org id (default org_id)';
-- It writes audit rows as the owner of audit_log: only the owner may attach it
-- to a table (a trigger's function is checked when it is created, not fired).
REVOKE ALL ON FUNCTION agentgov.audit_row() FROM PUBLIC;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT * FROM (VALUES
            ('organizations', 'id'),
            ('organization_members', NULL),
            ('users', NULL),
            ('projects', NULL),
            ('artifacts', NULL),
            ('phase_gate_decisions', NULL),
            ('agent_runs', NULL),
            ('governance_events', NULL),
            ('budget_limits', NULL),
            ('api_keys', NULL),
            ('model_prices', NULL),
            ('gate_policies', NULL)) AS v (tab, org_column)
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON agentgov.%I '
            'FOR EACH ROW EXECUTE FUNCTION agentgov.audit_row(%s)',
            t.tab, coalesce(pg_catalog.quote_literal(t.org_column), ''));
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER audit_row_truncate AFTER TRUNCATE ON agentgov.%I '
            'FOR EACH STATEMENT EXECUTE FUNCTION agentgov.audit_row()', t.tab);
    END LOOP;
END
$$;
