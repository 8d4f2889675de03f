#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# gate_score() on 10-indicator arrays, against the same weighted mean written
# the way the seeds would: plain SQL (jsonb_array_elements + sums) and
# PL/pgSQL (a loop over the elements), and against the bare operation of
# reading each array (jsonb_array_length), all in one run over the same rows.
# REPEAT rounds in which every variant runs once, in turn; each variant's
# best time counts.  Serial plans only,
# so that ratios compare per-call costs.
#
#   ROWS=50000 REPEAT=9 BENCH=gates make bench
# ---------------------------------------------------------------------------
set -euo pipefail
shopt -s inherit_errexit
db=${AGENTGOV_DB:?}
rows=${ROWS:-50000}
repeat=${REPEAT:-9}
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

psql_q -v rows="$rows" <<'SQL'
-- Indicator arrays as a client sends them: ten named indicators, integer
-- scores, weights 1 to 3, a floor on every third.
CREATE TABLE gate_bench AS
SELECT i, (SELECT jsonb_agg(CASE WHEN j % 3 = 0
                                 THEN jsonb_build_object('name', 'indicator_' || j, 'score', (i * 7 + j * 13) % 101,
                                                         'weight', 1 + (i + j) % 3, 'min', 20)
                                 ELSE jsonb_build_object('name', 'indicator_' || j, 'score', (i * 7 + j * 13) % 101,
                                                         'weight', 1 + (i + j) % 3) END ORDER BY j)
             FROM generate_series(1, 10) j) AS indicators
  FROM generate_series(1, :rows) i;
VACUUM ANALYZE gate_bench;

-- Plain SQL, as the seeds compute it.
CREATE FUNCTION gate_score_sql(indicators jsonb) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT round(sum((e->>'score')::numeric * coalesce((e->>'weight')::numeric, 1))
                 / sum(coalesce((e->>'weight')::numeric, 1)))::integer
      FROM jsonb_array_elements(indicators) e
$$;

-- PL/pgSQL: a loop over the elements.
CREATE FUNCTION gate_score_plpgsql(indicators jsonb) RETURNS integer
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    e jsonb;
    w numeric;
    total numeric := 0;
    weights numeric := 0;
BEGIN
    FOR e IN SELECT * FROM jsonb_array_elements(indicators) LOOP
        w := coalesce((e->>'weight')::numeric, 1);
        total := total + (e->>'score')::numeric * w;
        weights := weights + w;
    END LOOP;
    RETURN round(total / weights)::integer;
END
$$;

-- Best of `repeat` rounds of `SELECT sum(expr) FROM gate_bench` per variant,
-- in ms.  The variants take turns within each round, so that load from
-- elsewhere on the machine falls on all of them alike.
CREATE FUNCTION bench_rounds(exprs text[], repeat int)
RETURNS TABLE (ord int, ms numeric, result bigint)
LANGUAGE plpgsql AS $$
DECLARE
    best numeric[] := array_fill(NULL::numeric, ARRAY[cardinality(exprs)]);
    results bigint[] := array_fill(NULL::bigint, ARRAY[cardinality(exprs)]);
    started timestamptz;
    took numeric;
    r bigint;
BEGIN
    FOR k IN 1 .. repeat LOOP
        FOR i IN 1 .. cardinality(exprs) LOOP
            started := clock_timestamp();
            EXECUTE format('SELECT sum(%s) FROM gate_bench', exprs[i]) INTO r;
            took := extract(epoch FROM clock_timestamp() - started) * 1000;
            best[i] := least(coalesce(best[i], took), took);
            results[i] := r;
        END LOOP;
    END LOOP;
    FOR i IN 1 .. cardinality(exprs) LOOP
        ord := i; ms := best[i]; result := results[i];
        RETURN NEXT;
    END LOOP;
END
$$;
SQL

echo "gate_score on $rows arrays of 10 indicators, best of $repeat runs"
psql -X -q -v ON_ERROR_STOP=1 -P pager=off -P footer=off -d "$db" -v repeat="$repeat" <<'SQL'
SET max_parallel_workers_per_gather = 0;
SET jit = off;
CREATE TEMP TABLE variants (ord int, variant text, expr text);
INSERT INTO variants VALUES
    (1, 'bare read (jsonb_array_length)', 'jsonb_array_length(indicators)'),
    (2, 'agentgov.gate_score (C)', 'agentgov.gate_score(indicators)'),
    (3, 'plain SQL (jsonb_array_elements + sums)', 'gate_score_sql(indicators)'),
    (4, 'PL/pgSQL (loop over elements)', 'gate_score_plpgsql(indicators)');
CREATE TEMP TABLE timings AS
SELECT v.ord, v.variant, b.ms, b.result
  FROM bench_rounds((SELECT array_agg(expr ORDER BY ord) FROM variants), :repeat) b
  JOIN variants v USING (ord);
SELECT t.variant,
       round(t.ms, 1) AS ms,
       round(t.ms * 1000 / (SELECT count(*) FROM gate_bench), 2) AS us_per_call,
       round(t.ms / c.ms, 2) AS "x C time",
       CASE WHEN t.ord > 2 THEN round((t.ms - b.ms) / (c.ms - b.ms), 2) END AS "x C (net of bare)"
  FROM timings t, timings c, timings b
 WHERE c.ord = 2 AND b.ord = 1
 ORDER BY t.ord;
SELECT CASE WHEN count(DISTINCT result) = 1 THEN 'all three agree: sum of scores ' || min(result)
            ELSE 'MISMATCH: ' || string_agg(variant || '=' || result, ', ') END AS check
  FROM timings WHERE ord > 1;
SQL
