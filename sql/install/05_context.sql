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
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.set_config('agentgov.user_id', coalesce(user_id::text, ''), true),
           pg_catalog.set_config('agentgov.correlation_id', coalesce(correlation_id::text, ''), true);
$$;
COMMENT ON FUNCTION agentgov.set_actor(uuid, uuid) IS
    'Sets the acting user and correlation id for the rest of the current transaction (NULL clears)';
