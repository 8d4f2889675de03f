\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Row-level security on every table, once every module has created its
-- tables: this runs after all of them and before 90_finish.
--
-- The policies are part of the extension's definition, like its tables, and
-- CREATE EXTENSION creates them in every database, restored ones included.
-- pg_dump does not write out the policies of an extension's tables (since
-- PostgreSQL commit a70f2a5, in the minor releases of February 2024: 12.18,
-- 13.14, 14.11, 15.6, 16.2), so a restore neither loses nor duplicates them;
-- README "Backup and restore" covers dumps made by older pg_dump binaries,
-- which did write them out.
-- ---------------------------------------------------------------------------

SELECT agentgov.enable_row_security();
