\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Actor context: who is acting and for which request.  The settings
-- agentgov.user_id and agentgov.correlation_id (validated uuids, defined by
-- the library) carry them; PostgREST's request.jwt.claims is the fallback
-- for the user.
-- ---------------------------------------------------------------------------

CREATE FUNCTION agentgov.current_user_id() RETURNS uuid
    AS 'MODULE_PATHNAME', 'current_user_id'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.current_user_id() IS
    'The acting user: setting agentgov.user_id, else the sub claim of request.jwt.claims (PostgREST, Supabase), else NULL';

CREATE FUNCTION agentgov.current_correlation_id() RETURNS uuid
    AS 'MODULE_PATHNAME', 'current_correlation_id'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.current_correlation_id() IS
    'The request the work belongs to: setting agentgov.correlation_id, else NULL';

CREATE FUNCTION agentgov.set_actor(user_id uuid, correlation_id uuid DEFAULT NULL)
RETURNS void
    AS 'MODULE_PATHNAME', 'set_actor'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.set_actor(uuid, uuid) IS
    'Sets the acting user and correlation id for the rest of the current transaction (NULL clears); refused outside a transaction block (SQLSTATE 25P01), where it would last only until the end of its own statement';
