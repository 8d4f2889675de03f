-- The extension itself: its C library answers, its objects are members,
-- and DROP EXTENSION removes every one of them.

-- The library reports the version compiled in from agentgov.control, which
-- is the version the catalog records.
SELECT agentgov.version();
SELECT agentgov.version() = extversion AS library_matches_catalog
  FROM pg_extension WHERE extname = 'agentgov';

-- Settings of the extension are reserved: a misspelt one is refused.
SET agentgov.no_such_setting = 'x';

-- The schema is a member of the extension (so DROP EXTENSION takes it too).
SELECT count(*) AS schema_is_member
  FROM pg_depend
 WHERE classid = 'pg_namespace'::regclass AND objid = 'agentgov'::regnamespace
   AND refclassid = 'pg_extension'::regclass AND deptype = 'e';

-- Every relation, function and type in the schema belongs to the extension,
-- directly or through its table.
SELECT c.relname AS stray_relation
  FROM pg_class c
 WHERE c.relnamespace = 'agentgov'::regnamespace
   AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
   AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e');
SELECT p.proname AS stray_function
  FROM pg_proc p
 WHERE p.pronamespace = 'agentgov'::regnamespace
   AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e');

-- Everything that hangs off the extension: its members and, recursively,
-- what depends on them (indexes, constraints, triggers, sequences, row types).
CREATE TEMP TABLE extension_objects AS
WITH RECURSIVE objs(classid, objid) AS (
    SELECT d.classid, d.objid
      FROM pg_depend d
     WHERE d.refclassid = 'pg_extension'::regclass
       AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'agentgov')
    UNION
    SELECT d.classid, d.objid
      FROM pg_depend d JOIN objs o ON d.refclassid = o.classid AND d.refobjid = o.objid
     WHERE d.deptype IN ('n', 'a', 'i')
)
SELECT classid, objid, pg_describe_object(classid, objid, 0) AS description FROM objs;
SELECT count(*) > 1000 AS many_objects FROM extension_objects;

DROP EXTENSION agentgov;

-- Nothing of it is left ...
SELECT description AS left_behind
  FROM extension_objects
 WHERE pg_describe_object(classid, objid, 0) IS NOT NULL;
-- ... and nothing named agentgov anywhere.
SELECT 'namespace' AS kind, nspname AS name FROM pg_namespace WHERE nspname LIKE '%agentgov%'
UNION ALL SELECT 'relation', relname FROM pg_class WHERE relname LIKE '%agentgov%'
UNION ALL SELECT 'function', proname FROM pg_proc WHERE proname LIKE '%agentgov%' OR prosrc LIKE '%agentgov%'
UNION ALL SELECT 'type', typname FROM pg_type WHERE typname LIKE '%agentgov%'
UNION ALL SELECT 'extension', extname FROM pg_extension WHERE extname LIKE '%agentgov%'
UNION ALL SELECT 'config', extname FROM pg_extension WHERE array_to_string(extconfig::regclass[], ',') LIKE '%agentgov%';

-- It installs again from scratch, with its seeded rows only.
CREATE EXTENSION agentgov;
SELECT phase, threshold, conditional_margin FROM agentgov.gate_policies ORDER BY phase;
SELECT count(*) AS tables FROM pg_tables WHERE schemaname = 'agentgov';
