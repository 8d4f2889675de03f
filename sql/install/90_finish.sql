\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Seeded rows, updated_at maintenance and dump registration.
-- ---------------------------------------------------------------------------

-- The default gate policies: the only rows the extension seeds (a restore
-- replaces them with the dumped ones, see 87_operations.sql).
INSERT INTO agentgov.gate_policies (org_id, phase, threshold, conditional_margin) VALUES
    (NULL, 'VRC', 76, 10),
    (NULL, 'VCD', 75, 10),
    (NULL, 'DSP', 80, 10),
    (NULL, 'MDP', 85, 10);

-- Every table with an updated_at column gets it stamped by the C trigger.
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN
        SELECT c.oid::regclass
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
         WHERE c.relnamespace = 'agentgov'::regnamespace
           AND c.relkind = 'r'
           AND a.attname = 'updated_at' AND NOT a.attisdropped
         ORDER BY c.relname
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER touch_updated_at BEFORE UPDATE ON %s '
            'FOR EACH ROW EXECUTE FUNCTION agentgov.touch_updated_at()', t);
    END LOOP;
END
$$;

-- Rows never move between organizations: every table with an org_id column
-- refuses a change of it (refuse_org_move(), defined in 20_tenancy.sql).  A
-- table added by a later upgrade script needs the same trigger.
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN
        SELECT c.oid::regclass
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
         WHERE c.relnamespace = 'agentgov'::regnamespace
           AND c.relkind = 'r'
           AND a.attname = 'org_id' AND NOT a.attisdropped
         ORDER BY c.relname
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER %I BEFORE UPDATE OF org_id ON %s FOR EACH ROW '
            'WHEN (OLD.org_id IS DISTINCT FROM NEW.org_id) '
            'EXECUTE FUNCTION agentgov.refuse_org_move(''org_id'')',
            (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = t) || '_org_id_immutable', t);
    END LOOP;
END
$$;

-- pg_dump keeps the data of every table (and the audit_log identity
-- sequence, which pg_extension_config_dump does not cover through its table),
-- the default gate policies included: a restore replaces the defaults
-- CREATE EXTENSION seeds with the dumped ones (gate_policy_restore()), so an
-- edited default survives it.
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN
        SELECT c.oid::regclass
          FROM pg_catalog.pg_class c
         WHERE c.relnamespace = 'agentgov'::regnamespace
           AND c.relkind = 'r'
         ORDER BY c.relname
    LOOP
        PERFORM pg_catalog.pg_extension_config_dump(t, '');
    END LOOP;
END
$$;
SELECT pg_catalog.pg_extension_config_dump(
    pg_catalog.pg_get_serial_sequence('agentgov.audit_log', 'id')::regclass, '');
