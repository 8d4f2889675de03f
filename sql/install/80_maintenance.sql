\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- The assistant seed's views, health check and retention clean-up, rewritten
-- for the unified tables.  Views are security_invoker so that row-level
-- security of the underlying tables applies to whoever queries them.
-- ---------------------------------------------------------------------------

CREATE VIEW agentgov.active_agent_runs WITH (security_invoker = true) AS
SELECT r.id,
       r.org_id,
       r.project_id,
       r.agent_id,
       r.agent_type,
       r.user_id,
       r.status,
       r.cost_usd,
       r.created_at,
       (SELECT count(*) FROM agentgov.governance_events g
         WHERE g.org_id = r.org_id AND g.run_id = r.id AND g.approved) AS approvals,
       (SELECT count(*) FROM agentgov.governance_events g
         WHERE g.org_id = r.org_id AND g.run_id = r.id AND NOT g.approved) AS rejections
  FROM agentgov.agent_runs r
 WHERE r.status IN ('running', 'pending_approval', 'approved');
COMMENT ON VIEW agentgov.active_agent_runs IS
    'Runs that are running or waiting to run, with their governance approvals and rejections (assistant active_agent_sessions)';

CREATE VIEW agentgov.user_activity_summary WITH (security_invoker = true) AS
SELECT u.id AS user_id,
       u.username,
       u.last_active_at,
       count(r.id) AS total_runs,
       coalesce(sum(r.cost_usd), 0) AS total_cost,
       avg(r.cost_usd) AS avg_cost_per_run,
       max(r.created_at) AS last_run_at
  FROM agentgov.users u
  LEFT JOIN agentgov.agent_runs r ON r.user_id = u.id
 WHERE u.is_active
 GROUP BY u.id, u.username, u.last_active_at;
COMMENT ON VIEW agentgov.user_activity_summary IS
    'Runs and their cost per active user (assistant user_activity_summary; sessions are runs)';

CREATE FUNCTION agentgov.retention_interval(what text) RETURNS interval
    AS 'MODULE_PATHNAME', 'retention_interval'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION agentgov.retention_interval(text) IS
    'Retention period of governance_events, user_sessions, completed_runs or usage_events, from the setting agentgov.retention_<what>';

CREATE FUNCTION agentgov.cleanup_old_data()
RETURNS TABLE (table_name text, deleted bigint, retention interval)
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH keep AS (
        SELECT agentgov.retention_interval('governance_events') AS events,
               agentgov.retention_interval('user_sessions') AS sessions,
               agentgov.retention_interval('completed_runs') AS runs
    ), gone_events AS (
        DELETE FROM agentgov.governance_events g USING keep
         WHERE g.created_at < now() - keep.events
        RETURNING 1
    ), gone_sessions AS (
        DELETE FROM agentgov.user_sessions s USING keep
         WHERE s.ended_at < now() - keep.sessions
        RETURNING 1
    ), gone_runs AS (
        DELETE FROM agentgov.agent_runs r USING keep
         WHERE r.status = 'completed' AND r.completed_at < now() - keep.runs
        RETURNING 1
    ), counts AS (
        SELECT 'governance_events'::text AS table_name,
               (SELECT count(*) FROM gone_events) AS deleted, keep.events AS retention FROM keep
        UNION ALL
        SELECT 'user_sessions', (SELECT count(*) FROM gone_sessions), keep.sessions FROM keep
        UNION ALL
        SELECT 'agent_runs', (SELECT count(*) FROM gone_runs), keep.runs FROM keep
    ), logged AS (
        INSERT INTO agentgov.audit_log (action, table_name, new_values)
        SELECT 'CLEANUP', 'system',
               jsonb_build_object('cleaned_at', now(),
                                  'retention_policy', 'applied',
                                  'deleted', jsonb_object_agg(c.table_name, c.deleted))
          FROM counts c
        RETURNING 1
    )
    SELECT c.table_name, c.deleted, c.retention
      FROM counts c
     WHERE (SELECT count(*) FROM logged) = 1
$$;
COMMENT ON FUNCTION agentgov.cleanup_old_data() IS
    'Deletes governance events, ended user sessions and completed runs older than their retention settings and logs a CLEANUP audit row (assistant retention policy)';

CREATE FUNCTION agentgov.db_health_check()
RETURNS TABLE (metric varchar(50), value numeric, status varchar(20), threshold numeric)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH m (metric, value, threshold, higher_is_better) AS (
        SELECT 'active_connections', count(*)::numeric, 100::numeric, false
          FROM pg_stat_activity WHERE state = 'active'
        UNION ALL
        SELECT 'db_size_mb', round(pg_database_size(current_database()) / 1048576.0, 1), 10240, false
        UNION ALL
        SELECT 'cache_hit_ratio',
               CASE WHEN blks_read + blks_hit = 0 THEN 100
                    ELSE round(blks_hit * 100.0 / (blks_hit + blks_read), 2) END,
               90, true
          FROM pg_stat_database WHERE datname = current_database()
        UNION ALL
        SELECT 'runs_blocked', count(*)::numeric, 0, false
          FROM agentgov.agent_runs WHERE status = 'blocked'
        UNION ALL
        SELECT 'runs_awaiting_approval_over_1h', count(*)::numeric, 0, false
          FROM agentgov.agent_runs
         WHERE status = 'pending_approval' AND created_at < now() - interval '1 hour'
        UNION ALL
        SELECT 'open_critical_conflicts', count(*)::numeric, 0, false
          FROM agentgov.conflicts WHERE status = 'open' AND severity = 'critical'
    )
    SELECT m.metric::varchar(50), m.value,
           (CASE WHEN (m.higher_is_better AND m.value >= m.threshold)
                   OR (NOT m.higher_is_better AND m.value <= m.threshold)
                 THEN 'OK' ELSE 'WARNING' END)::varchar(20),
           m.threshold
      FROM m
$$;
COMMENT ON FUNCTION agentgov.db_health_check() IS
    'Database and governance health metrics with OK/WARNING against thresholds (assistant db_health_check; cache_hit_ratio is OK when at or above its threshold)';
