-- ---------------------------------------------------------------------------
-- A text snapshot of everything agentgov puts in a database's catalog, one
-- line per fact, names instead of OIDs, sorted: two databases hold the same
-- extension objects exactly when their snapshots are equal.  Used by
-- test/scripts/upgrade.sh to compare an updated 1.0 install with a fresh one.
--
-- Columns are compared by name (position is left out: a column an upgrade
-- adds lands at the end of its table).  Dropped columns are left out.
-- ---------------------------------------------------------------------------
\pset format unaligned
\pset tuples_only on
SET search_path = pg_catalog;

WITH ext AS (SELECT oid FROM pg_extension WHERE extname = 'agentgov'),
     ns  AS (SELECT 'agentgov'::regnamespace::oid AS oid),
     rels AS (SELECT c.oid, c.relname, c.relkind FROM pg_class c, ns WHERE c.relnamespace = ns.oid),
facts(line) AS (
    -- relations: kind, persistence, access method, options, row security, grants, comment
    SELECT format('relation %s kind=%s persistence=%s am=%s options=%s rls=%s force_rls=%s acl=%s comment=%s',
                  c.relname, c.relkind, c.relpersistence,
                  coalesce((SELECT amname FROM pg_am WHERE oid = c.relam), '-'),
                  coalesce(c.reloptions::text, '-'), c.relrowsecurity, c.relforcerowsecurity,
                  coalesce(c.relacl::text, '-'), coalesce(obj_description(c.oid, 'pg_class'), '-'))
      FROM pg_class c, ns WHERE c.relnamespace = ns.oid
    UNION ALL
    -- columns: type, nullability, default, identity, generated, collation, comment
    SELECT format('column %s.%s type=%s notnull=%s default=%s identity=%s generated=%s collation=%s acl=%s comment=%s',
                  r.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                  coalesce(pg_get_expr(d.adbin, d.adrelid), '-'), a.attidentity, a.attgenerated,
                  coalesce((SELECT collname FROM pg_collation WHERE oid = a.attcollation AND a.attcollation <> 0), '-'),
                  coalesce(a.attacl::text, '-'),
                  coalesce(col_description(r.oid, a.attnum), '-'))
      FROM rels r JOIN pg_attribute a ON a.attrelid = r.oid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attnum > 0 AND NOT a.attisdropped AND r.relkind IN ('r', 'v', 'm', 'p', 'f', 'c')
    UNION ALL
    -- constraints of tables and domains
    SELECT format('constraint %s.%s %s deferrable=%s deferred=%s valid=%s comment=%s',
                  coalesce((SELECT relname FROM pg_class WHERE oid = co.conrelid),
                           format_type(co.contypid, NULL)), co.conname,
                  pg_get_constraintdef(co.oid), co.condeferrable, co.condeferred, co.convalidated,
                  coalesce(obj_description(co.oid, 'pg_constraint'), '-'))
      FROM pg_constraint co, ns
     WHERE co.connamespace = ns.oid
    UNION ALL
    -- indexes
    SELECT format('index %s %s', c.relname, pg_get_indexdef(c.oid))
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid, ns
     WHERE c.relnamespace = ns.oid
    UNION ALL
    -- sequences
    SELECT format('sequence %s type=%s start=%s inc=%s min=%s max=%s cache=%s cycle=%s',
                  c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
                  s.seqmin, s.seqmax, s.seqcache, s.seqcycle)
      FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid, ns
     WHERE c.relnamespace = ns.oid
    UNION ALL
    -- functions: full definition (language, volatility, strictness, security,
    -- parallel safety, cost, settings, body or C symbol), grants, comment
    SELECT format('function %s %s acl=%s comment=%s',
                  p.oid::regprocedure,
                  CASE WHEN p.prokind = 'a' THEN 'aggregate' ELSE pg_get_functiondef(p.oid) END,
                  coalesce(p.proacl::text, '-'), coalesce(obj_description(p.oid, 'pg_proc'), '-'))
      FROM pg_proc p, ns WHERE p.pronamespace = ns.oid
    UNION ALL
    -- triggers
    SELECT format('trigger %s.%s %s enabled=%s', r.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled)
      FROM pg_trigger t JOIN rels r ON r.oid = t.tgrelid
     WHERE NOT t.tgisinternal
    UNION ALL
    -- row security policies
    SELECT format('policy %s.%s cmd=%s permissive=%s roles=%s using=%s check=%s',
                  r.relname, po.polname, po.polcmd, po.polpermissive,
                  (SELECT string_agg(CASE WHEN x = 0 THEN 'public' ELSE x::regrole::text END, ',' ORDER BY 1)
                     FROM unnest(po.polroles) x),
                  coalesce(pg_get_expr(po.polqual, po.polrelid), '-'),
                  coalesce(pg_get_expr(po.polwithcheck, po.polrelid), '-'))
      FROM pg_policy po JOIN rels r ON r.oid = po.polrelid
    UNION ALL
    -- views
    SELECT format('view %s %s', r.relname, pg_get_viewdef(r.oid))
      FROM rels r WHERE r.relkind IN ('v', 'm')
    UNION ALL
    -- types: kind, enum labels in order, domain base, comment
    SELECT format('type %s kind=%s labels=%s base=%s notnull=%s default=%s acl=%s comment=%s',
                  t.typname, t.typtype,
                  coalesce((SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder)
                              FROM pg_enum WHERE enumtypid = t.oid), '-'),
                  CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) ELSE '-' END,
                  t.typnotnull, coalesce(t.typdefault, '-'), coalesce(t.typacl::text, '-'),
                  coalesce(obj_description(t.oid, 'pg_type'), '-'))
      FROM pg_type t, ns
     WHERE t.typnamespace = ns.oid AND t.typtype IN ('e', 'd', 'c', 'r', 'b')
       AND NOT (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c'))
    UNION ALL
    -- pg_dump registration of user data
    SELECT format('config_dump %s where=%s', cfg.rel::regclass, coalesce(nullif(cfg.cond, ''), '-'))
      FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS cfg(rel, cond)
     WHERE e.extname = 'agentgov'
    UNION ALL
    -- extension members
    SELECT format('member %s', pg_describe_object(d.classid, d.objid, d.objsubid))
      FROM pg_depend d, ext
     WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
    UNION ALL
    -- event triggers, casts, operators owned by the extension are members
    -- (listed above); the schema itself
    SELECT format('schema agentgov acl=%s comment=%s', coalesce(n.nspacl::text, '-'),
                  coalesce(obj_description(n.oid, 'pg_namespace'), '-'))
      FROM pg_namespace n, ns WHERE n.oid = ns.oid
)
SELECT line FROM facts ORDER BY line COLLATE "C";
