\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- agentgov: the unified data model of an AI-agent development platform, with
-- its rules enforced natively.  This file is assembled by the Makefile from
-- sql/install/*.sql in name order; each module starts with the guard above,
-- which CREATE EXTENSION strips.
--
-- Every object lives in schema agentgov, which this script creates, so that
-- the schema is a member of the extension and DROP EXTENSION removes it with
-- everything else.  (A schema named in the control file is created by
-- CREATE EXTENSION itself, is not a member, and PostgreSQL refuses to add an
-- extension's own schema to it; so, as pg_cron does, the control file names
-- pg_catalog and the script creates the real schema.)  Objects are always
-- qualified with agentgov., so nothing depends on the caller's search_path.
-- ---------------------------------------------------------------------------

CREATE SCHEMA agentgov;
COMMENT ON SCHEMA agentgov IS 'agentgov: tenants, projects, agents, artifacts, gates, telemetry, governance, usage and audit of an AI-agent platform';

CREATE FUNCTION agentgov.version() RETURNS text
    AS 'MODULE_PATHNAME', 'agentgov_version'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.version() IS
    'Version of the agentgov library, compiled in from agentgov.control';

CREATE FUNCTION agentgov.touch_updated_at() RETURNS trigger
    AS 'MODULE_PATHNAME', 'touch_updated_at' LANGUAGE C;
COMMENT ON FUNCTION agentgov.touch_updated_at() IS
    'BEFORE UPDATE trigger: sets updated_at to the transaction start time; attached to every table with that column';
