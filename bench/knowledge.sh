#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# search_knowledge() in C against the same exact cosine search written in
# plain SQL (unnest of both arrays, ORDER BY ... LIMIT k) and in PL/pgSQL (a
# loop over the elements per document), over one project of 10k and then
# 100k documents with random 384-dimension embeddings, in one run.
#
# All three must return the same k documents in the same order.  Two
# measures per variant: wall-clock ms per query (C: median of several calls
# after a warm-up call, the table then being in shared_buffers, 1GB in
# bench mode; SQL and PL/pgSQL: one call each, seconds long), and the
# backend's CPU ms per query (/proc/PID/schedstat, bench/lib/cpu.sh), which
# other load on the machine barely moves.  "scan only" is count(*) over the
# same rows with the same WHERE: the floor any exact search pays.  Prints
# the ratios and how each variant scales from 10k to 100k documents.
#
# The machine has 2 cores shared with other sessions: wall-clock figures
# vary by a factor of several between runs when it is busy; read the CPU
# figures and the ratios.
#
# Run with: BENCH=knowledge make bench
# ---------------------------------------------------------------------------
set -euo pipefail
shopt -s inherit_errexit
db=${AGENTGOV_DB:?run me through make bench}
tmp=${AGENTGOV_TMP:?run me through make bench}
. "$(dirname "$0")/lib/cpu.sh"
small=${KNOWLEDGE_BENCH_SMALL:-10000}
large=${KNOWLEDGE_BENCH_LARGE:-100000}
reps=${KNOWLEDGE_BENCH_REPS:-7}
k=${KNOWLEDGE_BENCH_K:-10}

psql_q() { psql -X -q -v ON_ERROR_STOP=1 -v small="$small" -v large="$large" -v reps="$reps" -v k="$k" -d "$db" "$@"; }

psql_q <<'SQL'
\pset footer off
SET client_min_messages = warning;

INSERT INTO agentgov.users (id, email, password_hash)
VALUES ('be000000-0000-4000-8000-000000000001', 'bench-knowledge@example.com', 'x');
INSERT INTO agentgov.organizations (id, name, slug)
VALUES ('be000000-0000-4000-8000-0000000000a1', 'Knowledge bench', 'knowledge-bench');
INSERT INTO agentgov.projects (id, org_id, name, created_by)
VALUES ('be000000-0000-4000-8000-0000000000b1', 'be000000-0000-4000-8000-0000000000a1',
        'Knowledge bench', 'be000000-0000-4000-8000-000000000001');

-- The search in plain SQL.
CREATE FUNCTION public.search_sql(project uuid, query real[], k integer)
RETURNS TABLE (document_id uuid, filename text, similarity double precision)
LANGUAGE sql STABLE AS $$
    SELECT d.id, d.filename::text, s.sim
      FROM agentgov.knowledge_base_documents d
     CROSS JOIN LATERAL (
           SELECT sum(u.q::float8 * u.e::float8)
                  / (sqrt(sum(u.q::float8 * u.q::float8)) * sqrt(sum(u.e::float8 * u.e::float8))) AS sim
             FROM unnest(query, d.embedding) AS u (q, e)) s
     WHERE d.project_id = project AND d.embedding IS NOT NULL
     ORDER BY s.sim DESC, d.id
     LIMIT k
$$;

-- The search in PL/pgSQL: a loop per document.
CREATE FUNCTION public.cosine_plpgsql(a real[], b real[]) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    dot float8 := 0;
    na float8 := 0;
    nb float8 := 0;
BEGIN
    FOR i IN 1 .. 384 LOOP
        dot := dot + a[i]::float8 * b[i]::float8;
        na := na + a[i]::float8 * a[i]::float8;
        nb := nb + b[i]::float8 * b[i]::float8;
    END LOOP;
    RETURN dot / (sqrt(na) * sqrt(nb));
END
$$;
CREATE FUNCTION public.search_plpgsql(project uuid, query real[], k integer)
RETURNS TABLE (document_id uuid, filename text, similarity double precision)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
    SELECT d.id, d.filename::text, public.cosine_plpgsql(query, d.embedding) AS sim
      FROM agentgov.knowledge_base_documents d
     WHERE d.project_id = project AND d.embedding IS NOT NULL
     ORDER BY 3 DESC, 1
     LIMIT k;
END
$$;

-- Median milliseconds of `reps` executions of a query (after one warm-up).
CREATE FUNCTION public.ms(sql text, reps integer) RETURNS numeric
LANGUAGE plpgsql AS $$
DECLARE
    t timestamptz;
    times numeric[] := '{}';
BEGIN
    IF reps > 1 THEN EXECUTE sql; END IF;
    FOR i IN 1 .. reps LOOP
        t := clock_timestamp();
        EXECUTE sql;
        times := times || (extract(epoch FROM clock_timestamp() - t) * 1000)::numeric;
    END LOOP;
    RETURN (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(times) x);
END
$$;

CREATE TABLE public.results (documents integer, variant text, ms numeric, cpu_ms numeric);
CREATE TABLE public.query AS
SELECT array_agg((random() * 2 - 1)::real) AS q FROM generate_series(1, 384);

CREATE FUNCTION public.load(n integer) RETURNS void LANGUAGE sql AS $$
    INSERT INTO agentgov.knowledge_base_documents
           (org_id, project_id, user_id, filename, file_size, content_type, content, embedding)
    SELECT 'be000000-0000-4000-8000-0000000000a1', 'be000000-0000-4000-8000-0000000000b1',
           'be000000-0000-4000-8000-000000000001', 'doc-' || g || '.md', 1000, 'text/markdown',
           'Document ' || g,
           (SELECT array_agg((random() * 2 - 1)::real) FROM generate_series(1, 384) WHERE g > 0)
      FROM generate_series((SELECT count(*) FROM agentgov.knowledge_base_documents) + 1, n) g
$$;

CREATE FUNCTION public.run(n integer, reps integer, k integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c text := format('SELECT count(*) FROM agentgov.search_knowledge(%L, (SELECT q FROM public.query), %s)',
                     'be000000-0000-4000-8000-0000000000b1', k);
BEGIN
    -- The three agree.
    IF EXISTS (SELECT FROM (SELECT array_agg(document_id) a FROM agentgov.search_knowledge('be000000-0000-4000-8000-0000000000b1', (SELECT q FROM public.query), k)) x,
                           (SELECT array_agg(document_id) a FROM public.search_sql('be000000-0000-4000-8000-0000000000b1', (SELECT q FROM public.query), k)) y,
                           (SELECT array_agg(document_id) a FROM public.search_plpgsql('be000000-0000-4000-8000-0000000000b1', (SELECT q FROM public.query), k)) z
                WHERE x.a IS DISTINCT FROM y.a OR x.a IS DISTINCT FROM z.a OR cardinality(x.a) <> k) THEN
        RAISE EXCEPTION 'the three searches disagree at % documents', n;
    END IF;
    INSERT INTO public.results VALUES
        (n, 'C', public.ms(c, reps)),
        (n, 'scan only', public.ms(format('SELECT count(*) FROM agentgov.knowledge_base_documents d WHERE d.project_id = %L AND d.embedding IS NOT NULL',
                                          'be000000-0000-4000-8000-0000000000b1'), reps)),
        (n, 'SQL', public.ms(replace(c, 'agentgov.search_knowledge', 'public.search_sql'), 1)),
        (n, 'PL/pgSQL', public.ms(replace(c, 'agentgov.search_knowledge', 'public.search_plpgsql'), 1));
END
$$;

SQL

# Backend CPU ms per query of each variant, in one session (after the
# wall-clock runs, so the table is in shared_buffers).
cpu_phase() {  # cpu_phase DOCUMENTS
    local variant fn n file us
    for variant in "C:agentgov.search_knowledge:$reps" "scan only::$reps" \
                   "SQL:public.search_sql:1" "PL/pgSQL:public.search_plpgsql:1"; do
        IFS=: read -r name fn n <<<"$variant"
        file=$tmp/knowledge_cpu.sql
        : >"$file"
        for _ in $(seq 1 "$n"); do
            if [ -z "$fn" ]; then
                echo "SELECT count(*) FROM agentgov.knowledge_base_documents d WHERE d.project_id = 'be000000-0000-4000-8000-0000000000b1' AND d.embedding IS NOT NULL \g /dev/null" >>"$file"
            else
                echo "SELECT count(*) FROM $fn('be000000-0000-4000-8000-0000000000b1', (SELECT q FROM public.query), $k) \g /dev/null" >>"$file"
            fi
        done
        us=$(backend_cpu_us "$file" "$n")
        psql_q -c "UPDATE public.results SET cpu_ms = round($us / 1000.0, 1) WHERE documents = $1 AND variant = '$name'"
    done
}

for n in "$small" "$large"; do
    psql_q -c "SELECT public.load($n)" >/dev/null
    psql_q -c "VACUUM ANALYZE agentgov.knowledge_base_documents"
    psql_q -c "SELECT public.run($n, $reps, $k)" >/dev/null
    if cpu_clock_available; then cpu_phase "$n"; fi
done

psql_q <<'SQL'
\pset footer off
\echo
\echo search_knowledge: ms per query, k = :k (wall: C and scan median of :reps, SQL and PL/pgSQL one call; cpu: backend CPU)
SELECT r.documents, r.variant, round(r.ms, 1) AS wall_ms, round(r.ms / c.ms, 1) AS wall_x_c,
       r.cpu_ms, round(r.cpu_ms / nullif(c.cpu_ms, 0), 1) AS cpu_x_c
  FROM public.results r
  JOIN public.results c ON c.documents = r.documents AND c.variant = 'C'
 ORDER BY r.documents, r.ms;
\echo scaling from :small to :large documents (ratio of ms per query; the documents grew :large / :small times)
SELECT a.variant, round(b.ms / a.ms, 1) AS wall_ratio, round(b.cpu_ms / nullif(a.cpu_ms, 0), 1) AS cpu_ratio
  FROM public.results a JOIN public.results b ON b.variant = a.variant
 WHERE a.documents = :small AND b.documents = :large
 ORDER BY a.variant;
SQL
