\echo Use "CREATE EXTENSION agentgov" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Semantic search over the knowledge base (socrates Phase 5): exact cosine
-- similarity of knowledge_base_documents.embedding (real[] of 384) with a
-- query embedding, in C (src/knowledge.c).  Not SECURITY DEFINER: it reads
-- as the caller, so row-level security applies.  docs/knowledge-search.md
-- shows how a database with pgvector can add an approximate index beside it.
-- ---------------------------------------------------------------------------

CREATE FUNCTION agentgov.search_knowledge(project_id uuid, query real[], k integer DEFAULT 10)
RETURNS TABLE (document_id uuid, filename text, similarity double precision)
    AS 'MODULE_PATHNAME', 'search_knowledge'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 10;
COMMENT ON FUNCTION agentgov.search_knowledge(uuid, real[], integer) IS
    'The k (1..1000) documents of a project most similar to a 384-dimension query embedding by exact cosine similarity (double precision), best first, ties by document id; documents without a usable embedding are skipped. Runs as the caller: row-level security applies. A query of the wrong dimension, with NULL, NaN or Infinity, or the zero vector is refused (22023)';
