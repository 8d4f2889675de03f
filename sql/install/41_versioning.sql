\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Artifact versioning and approval lifecycle (src/versioning.c).
--
-- artifacts.version is numbered 1, 2, 3 ... per (project_id, type) and
-- generated_projects.generation_version per project, by BEFORE triggers that
-- take the next number from a counter row of the series.  The counter holds
-- the highest version of its series at all times: an insert raises it by one,
-- deleting a row (or moving a draft to another project or type) sets it back
-- to the highest version left, so a new row always gets max + 1.  The
-- counters are normal tables, dumped with the rows they count.
--
-- The artifact lifecycle is DRAFT -> REVIEW -> APPROVED -> DEPLOYED, with
-- REVIEW -> DRAFT; approval needs a second person (four-eyes).
-- ---------------------------------------------------------------------------

-- Versions are assigned by the triggers below: a NULL version means "assign
-- one", any other value must be the one assigned.
ALTER TABLE agentgov.artifacts ALTER COLUMN version DROP DEFAULT;
ALTER TABLE agentgov.generated_projects ALTER COLUMN generation_version DROP DEFAULT;

-- The foreign keys to projects are deferred so that inserting an artifact of
-- an unknown project reports the artifact's own foreign key, not the
-- counter's; ON DELETE CASCADE still acts at once.  Every insert updates its
-- counter row: fillfactor 10 makes the page prune its dead versions early,
-- which keeps the row's HOT chain (walked by every lookup) short.
-- The triggers write the counters as their owner (see src/versioning.c):
-- clients need no privileges on them.
CREATE TABLE agentgov.artifact_version_counters (
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    type            agentgov.artifact_type NOT NULL,
    last_version    integer NOT NULL,
    CONSTRAINT artifact_version_counters_pkey PRIMARY KEY (org_id, project_id, type),
    CONSTRAINT artifact_version_counters_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE
        DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT artifact_version_counters_last_version_nonnegative CHECK (last_version >= 0)
) WITH (fillfactor = 10);
COMMENT ON TABLE agentgov.artifact_version_counters IS
    'Highest version of each (project_id, type) series of artifacts, maintained by the versioning triggers: the next artifact gets last_version + 1. Writers of one series queue on its row; other series do not wait';
COMMENT ON COLUMN agentgov.artifact_version_counters.last_version IS
    'max(version) of the series'' artifacts (0 once all were deleted)';

CREATE TABLE agentgov.generation_version_counters (
    org_id          uuid NOT NULL,
    project_id      uuid NOT NULL,
    last_version    integer NOT NULL,
    CONSTRAINT generation_version_counters_pkey PRIMARY KEY (org_id, project_id),
    CONSTRAINT generation_version_counters_project_fk FOREIGN KEY (org_id, project_id)
        REFERENCES agentgov.projects (org_id, id) ON DELETE CASCADE
        DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT generation_version_counters_last_version_nonnegative CHECK (last_version >= 0)
) WITH (fillfactor = 10);
COMMENT ON TABLE agentgov.generation_version_counters IS
    'Highest generation_version of each project''s generated_projects, maintained by the versioning triggers: the next generation gets last_version + 1';
COMMENT ON COLUMN agentgov.generation_version_counters.last_version IS
    'max(generation_version) of the project''s generations (0 once all were deleted)';

-- ---- Triggers --------------------------------------------------------------
CREATE FUNCTION agentgov.artifact_before_write() RETURNS trigger
    AS 'MODULE_PATHNAME', 'artifact_before_write'
    LANGUAGE C;
COMMENT ON FUNCTION agentgov.artifact_before_write() IS
    'BEFORE INSERT OR UPDATE on artifacts: assigns version (max + 1 per project and type) and content_sha256, and enforces the lifecycle DRAFT -> REVIEW -> APPROVED -> DEPLOYED (REVIEW -> DRAFT), four-eyes approval and the immutability of non-draft artifacts';

CREATE FUNCTION agentgov.artifact_before_delete() RETURNS trigger
    AS 'MODULE_PATHNAME', 'artifact_before_delete'
    LANGUAGE C;
COMMENT ON FUNCTION agentgov.artifact_before_delete() IS
    'BEFORE DELETE on artifacts: APPROVED and DEPLOYED artifacts cannot be deleted';

CREATE FUNCTION agentgov.artifact_before_truncate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'artifact_before_truncate'
    LANGUAGE C;
COMMENT ON FUNCTION agentgov.artifact_before_truncate() IS
    'BEFORE TRUNCATE on artifacts: refused while APPROVED or DEPLOYED artifacts exist';

CREATE FUNCTION agentgov.generation_before_write() RETURNS trigger
    AS 'MODULE_PATHNAME', 'generation_before_write'
    LANGUAGE C;
COMMENT ON FUNCTION agentgov.generation_before_write() IS
    'BEFORE INSERT OR UPDATE on generated_projects: assigns generation_version (max + 1 per project)';

CREATE FUNCTION agentgov.version_after_remove() RETURNS trigger
    AS 'MODULE_PATHNAME', 'version_after_remove'
    LANGUAGE C;
COMMENT ON FUNCTION agentgov.version_after_remove() IS
    'AFTER DELETE, or AFTER UPDATE moving a row to another series, on artifacts and generated_projects: sets the old series'' counter back to its highest remaining version';

CREATE FUNCTION agentgov.version_after_truncate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'version_after_truncate'
    LANGUAGE C;
COMMENT ON FUNCTION agentgov.version_after_truncate() IS
    'AFTER TRUNCATE on artifacts and generated_projects: empties the table''s version counters';

CREATE TRIGGER artifacts_version BEFORE INSERT OR UPDATE ON agentgov.artifacts
    FOR EACH ROW EXECUTE FUNCTION agentgov.artifact_before_write();
CREATE TRIGGER artifacts_keep_approved BEFORE DELETE ON agentgov.artifacts
    FOR EACH ROW EXECUTE FUNCTION agentgov.artifact_before_delete();
CREATE TRIGGER artifacts_keep_approved_truncate BEFORE TRUNCATE ON agentgov.artifacts
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.artifact_before_truncate();
CREATE TRIGGER artifacts_version_release AFTER DELETE ON agentgov.artifacts
    FOR EACH ROW EXECUTE FUNCTION agentgov.version_after_remove();
CREATE TRIGGER artifacts_version_move AFTER UPDATE OF org_id, project_id, type ON agentgov.artifacts
    FOR EACH ROW
    WHEN ((OLD.org_id, OLD.project_id, OLD.type) IS DISTINCT FROM (NEW.org_id, NEW.project_id, NEW.type))
    EXECUTE FUNCTION agentgov.version_after_remove();
CREATE TRIGGER artifacts_version_truncate AFTER TRUNCATE ON agentgov.artifacts
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.version_after_truncate();

CREATE TRIGGER generated_projects_version BEFORE INSERT OR UPDATE ON agentgov.generated_projects
    FOR EACH ROW EXECUTE FUNCTION agentgov.generation_before_write();
CREATE TRIGGER generated_projects_version_release AFTER DELETE ON agentgov.generated_projects
    FOR EACH ROW EXECUTE FUNCTION agentgov.version_after_remove();
CREATE TRIGGER generated_projects_version_move AFTER UPDATE OF org_id, project_id ON agentgov.generated_projects
    FOR EACH ROW
    WHEN ((OLD.org_id, OLD.project_id) IS DISTINCT FROM (NEW.org_id, NEW.project_id))
    EXECUTE FUNCTION agentgov.version_after_remove();
CREATE TRIGGER generated_projects_version_truncate AFTER TRUNCATE ON agentgov.generated_projects
    FOR EACH STATEMENT EXECUTE FUNCTION agentgov.version_after_truncate();

-- ---- Functions -------------------------------------------------------------
CREATE FUNCTION agentgov.artifact_transition(artifact_id uuid,
                                             to_status agentgov.artifact_status,
                                             actor uuid DEFAULT NULL,
                                             rationale text DEFAULT NULL)
RETURNS agentgov.artifacts
    AS 'MODULE_PATHNAME', 'artifact_transition'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.artifact_transition(uuid, agentgov.artifact_status, uuid, text) IS
    'Moves an artifact to to_status (approving it as actor for APPROVED), writes an audit_log row (APPROVE or UPDATE) with the rationale, and returns the changed row. actor defaults to agentgov.current_user_id()';

CREATE FUNCTION agentgov.artifact_latest(project_id uuid,
                                         type agentgov.artifact_type,
                                         min_status agentgov.artifact_status DEFAULT 'DRAFT')
RETURNS SETOF agentgov.artifacts
LANGUAGE sql STABLE STRICT ROWS 1
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT a.*
      FROM agentgov.artifacts a
     WHERE a.project_id = artifact_latest.project_id
       AND a.type = artifact_latest.type
       AND a.status >= artifact_latest.min_status
     ORDER BY a.version DESC
     LIMIT 1
$$;
COMMENT ON FUNCTION agentgov.artifact_latest(uuid, agentgov.artifact_type, agentgov.artifact_status) IS
    'The highest version of a project''s artifacts of one type whose status is min_status or later in the lifecycle (DRAFT < REVIEW < APPROVED < DEPLOYED); no row if there is none';

CREATE FUNCTION agentgov.artifact_history(project_id uuid, type agentgov.artifact_type)
RETURNS TABLE (version integer, status agentgov.artifact_status, artifact_id uuid,
               content_sha256 bytea, created_by uuid, created_at timestamptz,
               approved_by uuid, approved_at timestamptz, deployed_at timestamptz)
LANGUAGE sql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT a.version, a.status, a.id, a.content_sha256, a.created_by, a.created_at,
           a.approved_by, a.approved_at, a.deployed_at
      FROM agentgov.artifacts a
     WHERE a.project_id = artifact_history.project_id
       AND a.type = artifact_history.type
     ORDER BY a.version
$$;
COMMENT ON FUNCTION agentgov.artifact_history(uuid, agentgov.artifact_type) IS
    'Every version of a project''s artifacts of one type, oldest first, with its status, who approved it and when it was approved and deployed';

CREATE FUNCTION agentgov.supersede_specification(spec_id uuid, content text,
                                                 source agentgov.spec_source,
                                                 confidence numeric DEFAULT NULL)
RETURNS uuid
    AS 'MODULE_PATHNAME', 'supersede_specification'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION agentgov.supersede_specification(uuid, text, agentgov.spec_source, numeric) IS
    'Replaces a current specification by a new one (same project, conversation and category) and returns the new id; the old row gets is_current = false, superseded_at and superseded_by. Of two concurrent supersedes of one specification the second fails';
