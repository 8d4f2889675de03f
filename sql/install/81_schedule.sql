\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Scheduled maintenance: the periodic jobs (retention and purge, budget
-- period upkeep, audit chain verification with an alert on failure,
-- expired-session clean-up), maintenance_jobs() listing them, and
-- schedule_maintenance() registering them with pg_cron when the database
-- has it.  pg_cron is optional: nothing here depends on it until
-- schedule_maintenance() is called, and any other scheduler can run the
-- commands maintenance_jobs() lists.  docs/maintenance.md has the set-up.
-- ---------------------------------------------------------------------------

CREATE FUNCTION agentgov.apply_retention()
RETURNS TABLE (table_name text, deleted bigint)
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT c.table_name, c.deleted FROM agentgov.cleanup_old_data() c
    UNION ALL
    SELECT 'usage_events', agentgov.purge_usage_events(agentgov.retention_interval('usage_events'))
$$;
COMMENT ON FUNCTION agentgov.apply_retention() IS
    'Retention and purge job: cleanup_old_data() (governance events, ended sessions, completed runs), then purge_usage_events() of events older than agentgov.retention_usage_events; rows deleted per table';

CREATE FUNCTION agentgov.expire_budget_periods() RETURNS bigint
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH gone AS (
        DELETE FROM agentgov.budget_periods p
         USING agentgov.budget_limits b
         WHERE b.org_id = p.org_id AND b.id = p.budget_id
           AND p.period_end < agentgov.period_start(
                   b.period,
                   agentgov.period_start(b.period, (now() AT TIME ZONE 'UTC')::date) - 1)
        RETURNING 1
    )
    SELECT count(*) FROM gone
$$;
COMMENT ON FUNCTION agentgov.expire_budget_periods() IS
    'Budget-period upkeep job: deletes the alert state (budget_periods rows) of periods that ended before the previous period of their budget began (UTC); the current and the previous period are kept, so late usage of the previous period does not alert twice. Spend is read from the rollups, so nothing else needs resetting. Returns the rows deleted';

CREATE FUNCTION agentgov.check_audit_chains()
RETURNS TABLE (org_id uuid, rows_checked bigint, first_broken_id bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    o record;
    v record;
BEGIN
    FOR o IN
        SELECT NULL::uuid AS id, NULL::text AS name
        UNION ALL
        SELECT g.id, g.name::text FROM agentgov.organizations g
         ORDER BY 1 NULLS FIRST
    LOOP
        SELECT * INTO v FROM agentgov.verify_audit_chain(o.id);
        org_id := o.id;
        rows_checked := v.rows_checked;
        first_broken_id := v.first_broken_id;
        IF first_broken_id IS NOT NULL THEN
            RAISE WARNING 'audit chain of % is broken at audit_log row %',
                coalesce('organization ' || o.id, 'rows without an organization'), first_broken_id;
            PERFORM pg_notify('agentgov_alerts',
                              json_build_object('alert', 'audit_chain_broken', 'org_id', o.id,
                                                'first_broken_id', first_broken_id)::text);
            INSERT INTO agentgov.notifications (org_id, user_id, type, title, message, severity, metadata)
            SELECT o.id, m.user_id, 'audit_chain_broken', 'Audit trail tampered with',
                   format('The audit chain of %s is broken at audit_log row %s: a row was changed, '
                          'deleted or inserted outside agentgov.', o.name, first_broken_id),
                   'critical',
                   jsonb_build_object('first_broken_id', first_broken_id, 'rows_checked', rows_checked)
              FROM agentgov.organization_members m
              JOIN agentgov.users u ON u.id = m.user_id AND u.is_active
             WHERE o.id IS NOT NULL AND m.org_id = o.id AND m.role = 'ADMIN';
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION agentgov.check_audit_chains() IS
    'Audit verification job: verify_audit_chain() for rows without an organization and for every organization; for each broken chain raises a WARNING, sends pg_notify on channel agentgov_alerts and a critical audit_chain_broken notification to each active ADMIN of the organization. One row per chain checked';

CREATE FUNCTION agentgov.cleanup_expired_sessions()
RETURNS TABLE (table_name text, affected bigint)
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH ended AS (
        UPDATE agentgov.user_sessions s
           SET status = 'expired', ended_at = greatest(s.expires_at, s.started_at)
         WHERE s.ended_at IS NULL AND s.expires_at < now()
        RETURNING 1
    ), refresh AS (
        DELETE FROM agentgov.refresh_tokens r WHERE r.expires_at < now() RETURNING 1
    ), resets AS (
        DELETE FROM agentgov.password_reset_requests p WHERE p.expires_at < now() RETURNING 1
    )
    SELECT 'user_sessions', (SELECT count(*) FROM ended)
    UNION ALL
    SELECT 'refresh_tokens', (SELECT count(*) FROM refresh)
    UNION ALL
    SELECT 'password_reset_requests', (SELECT count(*) FROM resets)
$$;
COMMENT ON FUNCTION agentgov.cleanup_expired_sessions() IS
    'Expired-session job: ends open user sessions past expires_at (status expired, ended_at = expires_at; cleanup_old_data() deletes them after their retention), deletes expired refresh tokens and password reset requests; rows affected per table';

CREATE FUNCTION agentgov.maintenance_jobs()
RETURNS TABLE (job_name text, schedule text, command text)
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    VALUES ('agentgov-retention', '17 3 * * *', 'SELECT count(*) FROM agentgov.apply_retention()'),
           ('agentgov-budget-periods', '7 0 * * *', 'SELECT agentgov.expire_budget_periods()'),
           ('agentgov-audit-verify', '37 2 * * *', 'SELECT count(*) FROM agentgov.check_audit_chains()'),
           ('agentgov-expired-sessions', '*/15 * * * *', 'SELECT count(*) FROM agentgov.cleanup_expired_sessions()')
$$;
COMMENT ON FUNCTION agentgov.maintenance_jobs() IS
    'The periodic maintenance jobs: name, cron schedule (UTC) and SQL command; schedule_maintenance() registers them with pg_cron, another scheduler can run the commands';

CREATE FUNCTION agentgov.schedule_maintenance() RETURNS SETOF text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    j record;
BEGIN
    -- pg_cron keeps its functions in schema cron, whatever its extnamespace.
    IF NOT EXISTS (SELECT 1 FROM pg_extension e WHERE e.extname = 'pg_cron')
       OR to_regprocedure('cron.schedule(text,text,text)') IS NULL THEN
        RAISE EXCEPTION 'pg_cron is not installed in this database'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'schedule_maintenance() registers agentgov''s periodic jobs with pg_cron.',
                  HINT = 'Install pg_cron (Debian: postgresql-15-cron), add it to shared_preload_libraries, set cron.database_name to this database, restart, and run CREATE EXTENSION pg_cron; or run the commands of agentgov.maintenance_jobs() from another scheduler.';
    END IF;
    FOR j IN SELECT * FROM agentgov.maintenance_jobs() LOOP
        -- cron.schedule(name, ...) replaces the job of that name and user.
        EXECUTE 'SELECT cron.schedule($1, $2, $3)'
            USING j.job_name, j.schedule, j.command;
        RETURN NEXT j.job_name;
    END LOOP;
END
$$;
COMMENT ON FUNCTION agentgov.schedule_maintenance() IS
    'Registers (or updates) the jobs of maintenance_jobs() with pg_cron, as the calling role, and returns their names; idempotent. Refuses with a hint when pg_cron is not installed in the database. pg_cron stays optional: agentgov does not require it';

REVOKE EXECUTE ON FUNCTION
    agentgov.apply_retention(),
    agentgov.expire_budget_periods(),
    agentgov.check_audit_chains(),
    agentgov.cleanup_expired_sessions(),
    agentgov.schedule_maintenance()
FROM PUBLIC;
