#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# classify_divergence() in C against the same rule in PL/pgSQL, over 1M
# calls in one run, with a bare C function call of the same four arguments
# (num_nonnulls, which does next to nothing) and the scan alone for scale.
#
# The PL/pgSQL version reads numbers with a regular expression of the same
# grammar, compares them as numeric, and follows the same rule (direction,
# zero, units, escalation, settings); the two must agree on every case of
# the data set, which mixes units, currencies, thousands separators,
# percentages, text and tier deltas.
#
# Run with: BENCH=divergence make bench
# ---------------------------------------------------------------------------
set -euo pipefail
shopt -s inherit_errexit
db=${AGENTGOV_DB:?run me through make bench}
calls=${DIVERGENCE_BENCH_CALLS:-1000000}

psql -X -q -v ON_ERROR_STOP=1 -v calls="$calls" -d "$db" <<'SQL'
\pset footer off
SET client_min_messages = warning;

-- The rule in PL/pgSQL, as an application would have written it.
CREATE FUNCTION public.classify_divergence_plpgsql(p_type agentgov.divergence_type, p_assumed text,
                                                   p_actual text, p_tier_delta integer)
RETURNS agentgov.divergence_classification
LANGUAGE plpgsql STABLE STRICT
AS $$
DECLARE
    minor_pct numeric := current_setting('agentgov.divergence_minor_pct')::numeric;
    major_pct numeric := current_setting('agentgov.divergence_major_pct')::numeric;
    number_re constant text :=
        '^([+-]?)(?:(\$|€|£|¥)\s*)?([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d+))?\s*([[:alpha:]%/\u0080-\uffff][[:alpha:]%/_.\s\u0080-\uffff-]*)?$';
    ws constant text := E' \t\n\r\f\v';
    a_text text := btrim(p_assumed, ws);
    b_text text := btrim(p_actual, ws);
    ma text[];
    mb text[];
    a numeric;
    b numeric;
    a_unit text;
    b_unit text;
    cls integer;
BEGIN
    IF minor_pct >= major_pct THEN
        RAISE EXCEPTION 'agentgov.divergence_minor_pct must be below agentgov.divergence_major_pct';
    END IF;
    IF p_tier_delta NOT BETWEEN 0 AND 4 THEN
        RAISE EXCEPTION 'tier_delta must be between 0 and 4, not %', p_tier_delta;
    END IF;

    IF p_type <> 'PERSONA_MISMATCH' THEN
        ma := regexp_match(a_text, number_re);
        mb := regexp_match(b_text, number_re);
        -- one sign at most, and some digits
        IF ma IS NOT NULL AND (ma[1] <> '' AND ma[3] <> '' OR ma[4] = '' AND ma[5] IS NULL) THEN
            ma := NULL;
        END IF;
        IF mb IS NOT NULL AND (mb[1] <> '' AND mb[3] <> '' OR mb[4] = '' AND mb[5] IS NULL) THEN
            mb := NULL;
        END IF;
    END IF;
    IF ma IS NOT NULL AND mb IS NOT NULL THEN
        a_unit := lower(coalesce(ma[2], '') || regexp_replace(coalesce(ma[6], ''), '\s', '', 'g'));
        b_unit := lower(coalesce(mb[2], '') || regexp_replace(coalesce(mb[6], ''), '\s', '', 'g'));
        IF a_unit <> '' AND b_unit <> '' AND a_unit <> b_unit THEN
            ma := NULL;
        END IF;
    END IF;

    IF ma IS NOT NULL AND mb IS NOT NULL THEN
        a := (ma[1] || ma[3] || coalesce(nullif(replace(ma[4], ',', ''), ''), '0') || '.' || coalesce(ma[5], '0'))::numeric;
        b := (mb[1] || mb[3] || coalesce(nullif(replace(mb[4], ',', ''), ''), '0') || '.' || coalesce(mb[5], '0'))::numeric;
        IF a = b
           OR (p_type = 'LATENCY_MISS' AND b < a)
           OR (p_type = 'FEATURE_ADOPTION_MISS' AND b > a) THEN
            RETURN 'COSMETIC';
        END IF;
        IF abs(b - a) * 100 < minor_pct * abs(a) THEN
            cls := 0;
        ELSIF abs(b - a) * 100 < major_pct * abs(a) THEN
            cls := 1;
        ELSE
            cls := 2;
        END IF;
    ELSE
        IF lower(a_text) = lower(b_text) THEN
            RETURN 'COSMETIC';
        END IF;
        cls := 1;
    END IF;

    IF p_tier_delta >= 3 AND cls < 2 THEN
        cls := cls + 1;
    END IF;
    RETURN (ARRAY['COSMETIC', 'MINOR', 'MAJOR']::agentgov.divergence_classification[])[cls + 1];
END
$$;

-- The cases, cycled over :calls rows.
CREATE TABLE bench_cases_src (n int, type agentgov.divergence_type, assumed text, actual text, delta int);
INSERT INTO bench_cases_src VALUES
    ( 0, 'LATENCY_MISS',            '200ms',        '260 ms',       3),
    ( 1, 'LATENCY_MISS',            '200ms',        '215 ms',       0),
    ( 2, 'LATENCY_MISS',            '200 ms',       '180ms',        1),
    ( 3, 'FEATURE_ADOPTION_MISS',   '40%',          '41.5%',        2),
    ( 4, 'FEATURE_ADOPTION_MISS',   '40%',          '31%',          0),
    ( 5, 'FEATURE_ADOPTION_MISS',   '1,200 users',  '1,050 users',  3),
    ( 6, 'PRICING_ELASTICITY_MISS', '$49',          '$52.50',       0),
    ( 7, 'PRICING_ELASTICITY_MISS', '$1,299.00',    '$999',         4),
    ( 8, 'PRICING_ELASTICITY_MISS', '€49',          '$49',          0),
    ( 9, 'PRICING_ELASTICITY_MISS', '0',            '12',           0),
    (10, 'PERSONA_MISMATCH',        'Developers',   ' developers ', 4),
    (11, 'PERSONA_MISMATCH',        'developers',   'designers',    3),
    (12, 'LATENCY_MISS',            '200ms',        '0.3 s',        0),
    (13, 'LATENCY_MISS',            '~200ms',       'fast',         1),
    (14, 'PRICING_ELASTICITY_MISS', '-$10.50',      '$-12',         2),
    (15, 'FEATURE_ADOPTION_MISS',   '12.5 %',       '11.875%',      0);
CREATE TABLE bench_cases AS
SELECT s.type, s.assumed, s.actual, s.delta
  FROM generate_series(0, :calls - 1) i
  JOIN bench_cases_src s ON s.n = i % 16;
VACUUM ANALYZE bench_cases;

-- Both versions agree on every case.
SELECT n, type, assumed, actual, delta,
       agentgov.classify_divergence(type, assumed, actual, delta) AS c,
       public.classify_divergence_plpgsql(type, assumed, actual, delta) AS plpgsql
  FROM bench_cases_src ORDER BY n;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM bench_cases_src
                WHERE agentgov.classify_divergence(type, assumed, actual, delta)
                      IS DISTINCT FROM public.classify_divergence_plpgsql(type, assumed, actual, delta)) THEN
        RAISE EXCEPTION 'the C and PL/pgSQL versions disagree';
    END IF;
END
$$;

-- Time each variant over the same rows, one run each (the table is read
-- once first so that every variant finds it in shared buffers).
CREATE FUNCTION pg_temp.time_ms(query text) RETURNS numeric
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz := clock_timestamp();
    n bigint;
BEGIN
    EXECUTE query INTO n;
    RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END
$$;
SELECT count(*) AS rows FROM bench_cases;
CREATE TEMP TABLE timings (ord int, variant text, ms numeric);
INSERT INTO timings SELECT 1, 'scan only', pg_temp.time_ms('SELECT count(delta) FROM bench_cases');
INSERT INTO timings SELECT 2, 'bare C call (num_nonnulls)',
    pg_temp.time_ms('SELECT count(num_nonnulls(type, assumed, actual, delta)) FROM bench_cases');
INSERT INTO timings SELECT 3, 'classify_divergence (C)',
    pg_temp.time_ms('SELECT count(agentgov.classify_divergence(type, assumed, actual, delta)) FROM bench_cases');
INSERT INTO timings SELECT 4, 'same rule in PL/pgSQL',
    pg_temp.time_ms('SELECT count(public.classify_divergence_plpgsql(type, assumed, actual, delta)) FROM bench_cases');

\echo
\echo 'classify_divergence over' :calls 'calls (one run each)'
SELECT t.variant,
       round(t.ms) AS total_ms,
       round((t.ms - s.ms) * 1000 / :calls, 3) AS us_per_call,
       round(t.ms / c.ms, 2) AS "x C (total)",
       round((t.ms - s.ms) / nullif(c.ms - s.ms, 0), 2) AS "x C (per call)"
  FROM timings t,
       (SELECT ms FROM timings WHERE ord = 1) s,
       (SELECT ms FROM timings WHERE ord = 3) c
 ORDER BY t.ord;
SELECT round((p.ms - s.ms) / (c.ms - s.ms), 1) AS "PL/pgSQL / C, per call (target >= 3)"
  FROM (SELECT ms FROM timings WHERE ord = 1) s,
       (SELECT ms FROM timings WHERE ord = 3) c,
       (SELECT ms FROM timings WHERE ord = 4) p;
SQL
