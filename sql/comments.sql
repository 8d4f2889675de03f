-- Every table, view, enum and domain type of agentgov has a COMMENT, and at
-- least 90 % of the table columns have one (sql/install/95_comments.sql).
-- Fails with the list of what lacks a comment.

-- Column coverage: true when at least 90 % of the columns are commented.
SELECT count(*) FILTER (WHERE col_description(c.oid, a.attnum) IS NOT NULL) * 100
         >= 90 * count(*) AS columns_90_percent_commented
  FROM pg_class c
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind IN ('r', 'p');

-- Enum and domain types without a comment (none expected).
SELECT t.typname AS type_without_comment
  FROM pg_type t
 WHERE t.typnamespace = 'agentgov'::regnamespace AND t.typtype IN ('e', 'd')
   AND obj_description(t.oid, 'pg_type') IS NULL
 ORDER BY 1;

-- Tables and views without a comment (none expected).
SELECT c.relname AS relation_without_comment
  FROM pg_class c
 WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
   AND obj_description(c.oid, 'pg_class') IS NULL
 ORDER BY 1;

-- The check itself: a domain or enum added without a comment is reported.
CREATE DOMAIN agentgov.comments_probe AS integer;
SELECT t.typname AS type_without_comment
  FROM pg_type t
 WHERE t.typnamespace = 'agentgov'::regnamespace AND t.typtype IN ('e', 'd')
   AND obj_description(t.oid, 'pg_type') IS NULL;
DROP DOMAIN agentgov.comments_probe;
