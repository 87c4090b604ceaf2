-- The hostile-input matrix (tests/hostile/run.sh runs it). Everything lives in the
-- schema "hostile" of a throwaway database:
--   val      values per argument type: hostile ones (typical = 0) and baseline sets
--            (typical = 1, 2, 3); values of the extension's own types are harvested
--            from what its aggregates return, so functions taking a summary get
--            valid and edge summaries;
--   cases    one SQL statement per case, generated from the catalog (pg_depend of
--            the extension): every function and aggregate, one argument at a time
--            replaced by every hostile value of its type, aggregates over small row
--            sets, and bad text for every input function of the extension's types;
--   results  what each case did; hostile.record(id) runs one case.
-- The rules a result must follow are in hostile.problems() and hostile.record().
CREATE SCHEMA hostile;
SET search_path = public, hostile;

CREATE TABLE hostile.val (
    ord serial PRIMARY KEY,
    typ regtype NOT NULL,
    expr text NOT NULL,          -- an SQL expression of type typ
    typical int NOT NULL DEFAULT 0,
    made_by int                  -- the case that produced a harvested value
);

CREATE TABLE hostile.cases (
    id serial PRIMARY KEY,
    routine regprocedure,        -- NULL for text-input cases
    kind text NOT NULL,          -- call | agg | text_in | baseline
    rettype regtype NOT NULL,
    sql text NOT NULL,           -- a query of one text column (the results' text forms)
    variant text,                -- which hostile value this case tries
    rows text[]                  -- baselines: the argument expressions, one row per aggregated row
);

CREATE TABLE hostile.results (
    id int PRIMARY KEY REFERENCES hostile.cases,
    sqlstate text,               -- NULL when the statement succeeded
    message text, detail text, hint text, context text,
    rows text[],
    problems text[] NOT NULL DEFAULT '{}',
    ms float8
);

-- Allowed SQLSTATEs of a rejected hostile input (documented in docs/reliability.md).
CREATE FUNCTION hostile.allowed_sqlstates() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['22000',   -- data_exception: NaN or infinite measures
                 '22003',   -- numeric_value_out_of_range
                 '22007',   -- invalid_datetime_format (PostgreSQL's date input)
                 '22008',   -- datetime_field_overflow
                 '22023',   -- invalid_parameter_value
                 '2202E',   -- array_subscript_error
                 '22P02',   -- invalid_text_representation
                 '22004',   -- null_value_not_allowed
                 '54000']   -- program_limit_exceeded
$$;

-- The extension's routines and types, from pg_depend.
CREATE VIEW hostile.ext_procs AS
SELECT p.oid::regprocedure AS routine, p.*
FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_usage'
JOIN pg_proc p ON p.oid = d.objid AND d.classid = 'pg_proc'::regclass
WHERE d.deptype = 'e';

CREATE VIEW hostile.ext_types AS
SELECT t.oid::regtype AS typ, t.*
FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_usage'
JOIN pg_type t ON t.oid = d.objid AND d.classid = 'pg_type'::regclass
WHERE d.deptype = 'e' AND t.typtype = 'b';

-- User-callable routines: not a type's I/O function, no internal argument or result.
CREATE VIEW hostile.callable AS
SELECT * FROM hostile.ext_procs p
WHERE p.prorettype <> 'internal'::regtype
  AND NOT ('internal'::regtype = ANY (p.proargtypes::oid[]))
  AND NOT EXISTS (SELECT FROM hostile.ext_types t
                  WHERE p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend));

-- ---- base values ---------------------------------------------------------------
INSERT INTO hostile.val (typ, expr, typical)
SELECT t::regtype, format('%L::%s', v, t), typical
FROM (VALUES
  ('float8', 'NaN', 0), ('float8', 'Infinity', 0), ('float8', '-Infinity', 0),
  ('float8', '-1', 0), ('float8', '0', 0), ('float8', '-0', 0), ('float8', '1e308', 0),
  ('float8', '-1e308', 0), ('float8', '5e-324', 0), ('float8', '1', 0), ('float8', '1e-9', 0),
  ('float8', '0.999999', 0), ('float8', '1e15', 0),
  ('float8', '0.5', 1), ('float8', '10', 2), ('float8', '100', 3),
  ('integer', '-1', 0), ('integer', '0', 0), ('integer', '1', 0), ('integer', '2147483647', 0),
  ('integer', '-2147483648', 0), ('integer', '3', 1), ('integer', '28', 2), ('integer', '5', 3),
  ('smallint', '-1', 0), ('smallint', '0', 0), ('smallint', '1', 0), ('smallint', '32767', 0),
  ('smallint', '-32768', 0), ('smallint', '3', 1), ('smallint', '10', 2), ('smallint', '5', 3),
  ('bigint', '-1', 0), ('bigint', '0', 0), ('bigint', '1', 0), ('bigint', '9223372036854775807', 0),
  ('bigint', '-9223372036854775808', 0), ('bigint', '3', 1), ('bigint', '28', 2), ('bigint', '100', 3),
  ('numeric', 'NaN', 0), ('numeric', 'Infinity', 0), ('numeric', '-Infinity', 0), ('numeric', '-1', 0),
  ('numeric', '0', 0), ('numeric', '1e308', 0), ('numeric', '1e1000', 0), ('numeric', '-1e1000', 0),
  ('numeric', '1e-1000', 0), ('numeric', '0.000001', 0),
  ('numeric', '100', 1), ('numeric', '10', 2), ('numeric', '1', 3),
  ('date', 'infinity', 0), ('date', '-infinity', 0), ('date', '4713-11-24 BC', 0),
  ('date', '5874897-12-31', 0), ('date', '1999-12-31', 0), ('date', '2000-01-01', 0),
  ('date', '2024-03-15', 1), ('date', '2024-01-01', 2), ('date', '2024-12-31', 3),
  ('timestamptz', 'infinity', 0), ('timestamptz', '-infinity', 0),
  ('timestamptz', '4713-11-24 00:00:00+00 BC', 0), ('timestamptz', '294276-12-31 23:59:59+00', 0),
  ('timestamptz', '2024-03-15 12:00+00', 1), ('timestamptz', '2024-01-01 00:00+00', 2),
  ('timestamptz', '2024-12-31 23:59+00', 3),
  ('timestamp', 'infinity', 0), ('timestamp', '-infinity', 0),
  ('timestamp', '4713-11-24 00:00:00 BC', 0), ('timestamp', '294276-12-31 23:59:59', 0),
  ('timestamp', '2024-03-15 12:00', 1), ('timestamp', '2024-01-01 00:00', 2),
  ('timestamp', '2024-12-31 23:59', 3),
  ('interval', '-1 day', 0), ('interval', '0', 0), ('interval', '1 microsecond', 0),
  ('interval', '178000000 years', 0), ('interval', '-178000000 years', 0),
  ('interval', '-106753 days', 0), ('interval', '1 month', 0),
  ('interval', '7 days', 1), ('interval', '1 day', 2), ('interval', '30 days', 3),
  ('text', '', 0), ('text', 'nonsense', 0), ('text', 'DAY', 0), ('text', ' day', 0),
  ('text', 'ñ€😀', 0), ('text', 'month', 1), ('text', 'day', 2), ('text', 'week', 3),
  ('boolean', 'true', 0), ('boolean', 'false', 0), ('boolean', 'true', 1),
  ('boolean[]', '{}', 0), ('boolean[]', '{NULL}', 0), ('boolean[]', '{{t,f},{f,t}}', 0),
  ('boolean[]', '{t}', 0), ('boolean[]', '{t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t}', 0),
  ('boolean[]', '{t,f}', 1), ('boolean[]', '{t,t}', 2), ('boolean[]', '{f,t}', 3),
  ('text[]', '{}', 0), ('text[]', '{NULL}', 0), ('text[]', '{{a,b},{c,d}}', 0), ('text[]', '{a}', 0),
  ('text[]', '{a,b,c,d,e,f}', 0), ('text[]', '{"",""}', 0), ('text[]', '{nonsense}', 0),
  ('text[]', '{low,high}', 1), ('text[]', '{}', 2), ('text[]', '{a,b,c}', 3),
  ('float8[]', '{}', 0), ('float8[]', '{NULL}', 0), ('float8[]', '{{1,2},{3,4}}', 0),
  ('float8[]', '{NaN}', 0), ('float8[]', '{Infinity,1}', 0), ('float8[]', '{-1,-2}', 0),
  ('float8[]', '{1e308,1e308,1e308}', 0), ('float8[]', '{0,0,0}', 0), ('float8[]', '{1}', 0),
  ('float8[]', '{1,2,3,4}', 0), ('float8[]', '{70,40}', 0), ('float8[]', '{1,NULL}', 0),
  ('float8[]', '{40,70}', 1), ('float8[]', '{0.4,0.4,0.2}', 2), ('float8[]', '{1,2}', 3),
  ('integer[]', '{}', 0), ('integer[]', '{NULL}', 0), ('integer[]', '{{1,2},{3,4}}', 0),
  ('integer[]', '{-1}', 0), ('integer[]', '{2147483647,2147483647}', 0),
  ('integer[]', '{1,2}', 1), ('integer[]', '{1,2,3}', 2)
) v(t, v, typical);
-- Types of the extension that no aggregate returns (their text input takes any text).
INSERT INTO hostile.val (typ, expr, typical)
SELECT to_regtype(t), format('%L::%s', v, t), typical
FROM (VALUES
  ('time_zone', 'UTC', 1), ('time_zone', 'Europe/Berlin', 2), ('time_zone', 'America/New_York', 3),
  ('time_zone', '', 0), ('time_zone', 'Mars/Olympus', 0), ('time_zone', '+05:30', 0),
  ('time_zone', '-15:59', 0), ('time_zone', 'UTC+99999999', 0), ('time_zone', 'EST5EDT,M3.2.0,M11.1.0', 0)
) v(t, v, typical)
WHERE to_regtype(t) IS NOT NULL;
-- NULL of every base type.
INSERT INTO hostile.val (typ, expr)
SELECT DISTINCT typ, format('NULL::%s', typ) FROM hostile.val;

-- ---- running one case ------------------------------------------------------------
-- Problems of a successful case's rows.
CREATE FUNCTION hostile.problems(c hostile.cases, rows text[]) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
    r text;
    back text;
    out text[] := '{}';
    ours boolean := EXISTS (SELECT FROM hostile.ext_types t WHERE t.typ = c.rettype);
BEGIN
    FOREACH r IN ARRAY coalesce(rows, '{}') LOOP
        CONTINUE WHEN r IS NULL;
        -- Float text forms: NaN, Infinity and -0 (dates print lowercase 'infinity').
        IF r ~ '(^|[^A-Za-z])(NaN|-?Infinity)($|[^A-Za-z])' THEN
            out := out || format('non-finite number in %s', left(r, 200));
        END IF;
        IF r ~ '(^|[^0-9.eE])-0(\.0*)?($|[^0-9.eE])' THEN
            out := out || format('negative zero in %s', left(r, 200));
        END IF;
        IF c.rettype IN ('bigint'::regtype, 'integer'::regtype, 'smallint'::regtype) AND r::numeric < 0
           AND NOT hostile.may_be_negative(c.routine) THEN
            out := out || format('negative count %s (wraparound?)', r);
        END IF;
        IF ours THEN
            -- Any value of our types reads back: text out -> in -> out is the same text.
            BEGIN
                EXECUTE format('SELECT $1::%s::text', c.rettype) INTO back USING r;
                IF back IS DISTINCT FROM r THEN
                    out := out || format('text form does not round-trip: %s -> %s', left(r, 200), left(back, 200));
                END IF;
            EXCEPTION WHEN OTHERS THEN
                out := out || format('written value does not read back (%s %s): %s', SQLSTATE, SQLERRM, left(r, 200));
            END;
        END IF;
    END LOOP;
    RETURN out;
END $$;

-- Integer results that may be negative by definition (differences of dates).
CREATE FUNCTION hostile.may_be_negative(f regprocedure) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT f IS NOT NULL AND ((SELECT proname FROM pg_proc WHERE oid = f) = ANY (ARRAY[
        'periods_between',      -- from after to counts backwards
        'usage_recency_days', 'usage_tenure_days', 'rfm_recency_days' -- as_of before the activity
    ])
    -- hash support functions of an operator class: any int4
    OR EXISTS (SELECT FROM pg_amproc WHERE amproc = f::oid))
$$;

-- Runs case id in a subtransaction and records what happened.
CREATE FUNCTION hostile.record(case_id int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c hostile.cases;
    res hostile.results;
    t0 timestamptz := clock_timestamp();
    probs text[] := '{}';
    txt text;
BEGIN
    SELECT * INTO c FROM hostile.cases WHERE id = case_id;
    res.id := case_id;
    BEGIN
        EXECUTE 'SELECT array_agg(r) FROM (' || c.sql || ') q(r)' INTO res.rows;
    EXCEPTION
        WHEN query_canceled THEN
            GET STACKED DIAGNOSTICS res.sqlstate = RETURNED_SQLSTATE, res.message = MESSAGE_TEXT;
        WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS res.sqlstate = RETURNED_SQLSTATE, res.message = MESSAGE_TEXT,
                res.detail = PG_EXCEPTION_DETAIL, res.hint = PG_EXCEPTION_HINT,
                res.context = PG_EXCEPTION_CONTEXT;
    END;
    res.ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
    IF res.sqlstate IS NULL THEN
        probs := hostile.problems(c, res.rows);
    ELSE
        IF c.kind = 'text_in' AND res.sqlstate NOT IN ('22P02', '22008', '22003', '22023', '22000', '54000') THEN
            probs := probs || format('text input rejected with SQLSTATE %s', res.sqlstate);
        ELSIF res.sqlstate <> ALL (hostile.allowed_sqlstates()) THEN
            probs := probs || format('SQLSTATE %s outside the documented set', res.sqlstate);
        END IF;
        txt := concat_ws(' | ', res.message, res.detail, res.hint, res.context);
        IF txt ~* '(panicked|RUST_BACKTRACE|\.rs:[0-9]|unwrap\(|called `)' THEN
            probs := array_append(probs, 'panic text in the error');
        END IF;
        -- PostgreSQL writes BC years as '4713-11-24 BC', never astronomically.
        IF concat_ws(' | ', res.message, res.detail, res.hint) ~ '(^|[^0-9A-Za-z])-[0-9]{4,}-[0-9]{2}-[0-9]{2}' THEN
            probs := array_append(probs, 'astronomical (negative) year in the error');
        END IF;
        -- Every literal of the matrix is valid for its type, so an error is raised by the
        -- extension, and the extension's errors carry a hint.
        IF res.sqlstate <> '57014' AND coalesce(res.hint, '') = '' THEN
            probs := array_append(probs, 'error without a hint');
        END IF;
    END IF;
    IF res.ms > 3000 THEN
        probs := probs || format('took %s ms (limit 3000)', round(res.ms));
    END IF;
    res.problems := probs;
    INSERT INTO hostile.results SELECT res.*;
END $$;

-- ---- generating cases from the catalog ---------------------------------------------
CREATE TABLE hostile.generated (
    routine regprocedure PRIMARY KEY,
    baseline int,                -- the baseline case the variants vary (NULL: not yet)
    stage int NOT NULL
);

-- A baseline value of type t from set k (another set, or any value, when t lacks one).
CREATE FUNCTION hostile.typical(t regtype, k int) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT expr FROM hostile.val
    WHERE typ = t AND expr NOT LIKE 'NULL::%'
    ORDER BY typical = k DESC, typical = 0, typical, ord LIMIT 1
$$;

-- The value of type t in row r of an aggregate's sample group: numbers and dates grow
-- with r (so row r, argument i = sample(r + i) keeps x <= t_x <= T and the like, and
-- the rows are distinct); other types cycle through their baseline sets.
CREATE FUNCTION hostile.sample(t regtype, r int) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN t IN ('float8'::regtype, 'smallint'::regtype, 'integer'::regtype, 'bigint'::regtype, 'numeric'::regtype)
            THEN format('%s::%s', (ARRAY[1, 2, 3, 5, 8, 13, 21, 34, 55, 89])[r], t)
        WHEN t IN ('date'::regtype, 'timestamptz'::regtype, 'timestamp'::regtype)
            THEN format('(date ''2024-01-01'' + %s)::%s', 5 * r, t)
        WHEN t::text LIKE '%[]' THEN hostile.typical(t, 1)
        ELSE hostile.typical(t, 1 + r % 3) END
$$;

-- The arguments of a routine, in order.
CREATE FUNCTION hostile.args(f regprocedure) RETURNS TABLE (i int, typ regtype) LANGUAGE sql STABLE AS $$
    SELECT a.i::int, a.t::regtype
    FROM pg_proc p, unnest(p.proargtypes::oid[]) WITH ORDINALITY a(t, i)
    WHERE p.oid = f ORDER BY a.i
$$;

-- The SQL of one case: a call with the argument expressions of each row in rows
-- (functions: one row; aggregates: the rows it aggregates, none for an empty group).
CREATE FUNCTION hostile.case_sql(f regprocedure, rows text[]) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    p pg_proc;
    name text;
    n int;
    cols text;
    vals text;
BEGIN
    SELECT * INTO p FROM pg_proc WHERE oid = f;
    name := format('%I.%I', (SELECT nspname FROM pg_namespace WHERE oid = p.pronamespace), p.proname);
    n := p.pronargs;
    cols := (SELECT string_agg(CASE WHEN i = n AND p.provariadic <> 0 THEN 'VARIADIC ' ELSE '' END || 'c' || i, ', ')
             FROM generate_series(1, n) i);
    IF p.prokind = 'a' THEN
        IF rows IS NULL OR cardinality(rows) = 0 THEN
            vals := '(' || (SELECT string_agg(format('NULL::%s', typ), ', ' ORDER BY i) FROM hostile.args(f)) || ')';
            RETURN format('SELECT (%s(%s))::text FROM (VALUES %s) v(%s) WHERE false', name, cols, vals, replace(cols, 'VARIADIC ', ''));
        END IF;
        vals := (SELECT string_agg('(' || (SELECT string_agg(rows[r][j], ', ') FROM generate_series(1, n) j) || ')', ', ')
                 FROM generate_series(1, array_length(rows, 1)) r);
        RETURN format('SELECT (%s(%s))::text FROM (VALUES %s) v(%s)', name, cols, vals, replace(cols, 'VARIADIC ', ''));
    END IF;
    vals := (SELECT string_agg(CASE WHEN j = n AND p.provariadic <> 0 THEN 'VARIADIC ' ELSE '' END || rows[1][j], ', ')
             FROM generate_series(1, n) j);
    IF p.proretset THEN
        -- In the select list, so rows stream and LIMIT stops a long answer (a function
        -- in FROM is read to its end first): the cost measured is the first rows'.
        RETURN format('SELECT (%s(%s))::text LIMIT 1000', name, vals);
    END IF;
    RETURN format('SELECT (%s(%s))::text', name, vals);
END $$;

-- Baseline cases of the routines whose argument types all have values now: the three
-- sets of typical values (aggregates: two equal rows), and for aggregates a sample
-- group of six growing rows. Returns how many routines it added.
CREATE FUNCTION hostile.gen_baselines(stage int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    f regprocedure;
    k int;
    args text[];
    rows text[];
    groups text[] := '{}';
    is_agg boolean;
    added int := 0;
BEGIN
    FOR f IN SELECT c.routine FROM hostile.callable c
             WHERE c.routine NOT IN (SELECT routine FROM hostile.generated)
               AND NOT EXISTS (SELECT FROM hostile.args(c.routine) a WHERE hostile.typical(a.typ, 1) IS NULL)
             ORDER BY c.routine::text LOOP
        is_agg := (SELECT prokind = 'a' FROM pg_proc WHERE oid = f);
        groups := '{}';
        IF is_agg THEN
            rows := ARRAY(SELECT ARRAY(SELECT hostile.sample(a.typ, r + a.i - 1) FROM hostile.args(f) a ORDER BY a.i)
                          FROM generate_series(1, 6) r);
            INSERT INTO hostile.cases (routine, kind, rettype, sql, variant, rows)
            SELECT f, 'baseline', prorettype, hostile.case_sql(f, rows), 'baseline sample group', rows
            FROM pg_proc WHERE oid = f;
        END IF;
        FOR k IN 1..3 LOOP
            args := ARRAY(SELECT hostile.typical(a.typ, k) FROM hostile.args(f) a ORDER BY a.i);
            rows := CASE WHEN is_agg THEN ARRAY[args, args] ELSE ARRAY[args] END;
            CONTINUE WHEN rows::text = ANY (groups);
            groups := groups || rows::text;
            INSERT INTO hostile.cases (routine, kind, rettype, sql, variant, rows)
            SELECT f, 'baseline', prorettype, hostile.case_sql(f, rows), 'baseline set ' || k, rows
            FROM pg_proc WHERE oid = f;
        END LOOP;
        INSERT INTO hostile.generated VALUES (f, NULL, stage);
        added := added + 1;
    END LOOP;
    RETURN added;
END $$;

-- Variant cases around the first baseline that succeeded: each argument in turn takes
-- every hostile value of its type (NULL included). Functions: one call. Aggregates:
-- the baseline group plus a variant row, two variant rows, and an empty group.
CREATE FUNCTION hostile.gen_variants() RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    g record;
    b hostile.cases;
    n int;
    first text[];
    row text[];
    v record;
    is_agg boolean;
    added int := 0;
BEGIN
    FOR g IN SELECT * FROM hostile.generated WHERE baseline IS NULL ORDER BY routine::text LOOP
        SELECT c.* INTO b FROM hostile.cases c LEFT JOIN hostile.results r USING (id)
        WHERE c.routine = g.routine AND c.kind = 'baseline'
        ORDER BY r.sqlstate IS NULL AND r.problems = '{}' DESC, c.id LIMIT 1;
        UPDATE hostile.generated SET baseline = b.id WHERE routine = g.routine;
        n := array_length(b.rows, 2);
        first := ARRAY(SELECT b.rows[1][j] FROM generate_series(1, n) j);
        is_agg := (SELECT prokind = 'a' FROM pg_proc WHERE oid = g.routine);
        IF is_agg THEN
            INSERT INTO hostile.cases (routine, kind, rettype, sql, variant)
            VALUES (g.routine, 'agg', b.rettype, hostile.case_sql(g.routine, '{}'), 'no rows');
        END IF;
        FOR v IN SELECT a.i, val.expr FROM hostile.args(g.routine) a
                 JOIN hostile.val ON val.typ = a.typ AND val.typical = 0
                 ORDER BY a.i, val.ord LOOP
            row := first;
            row[v.i] := v.expr;
            INSERT INTO hostile.cases (routine, kind, rettype, sql, variant)
            VALUES (g.routine, CASE WHEN is_agg THEN 'agg' ELSE 'call' END, b.rettype,
                    hostile.case_sql(g.routine, CASE WHEN is_agg THEN b.rows || row ELSE ARRAY[row] END),
                    format('argument %s = %s', v.i, left(v.expr, 60)));
            added := added + 1;
            IF is_agg THEN
                INSERT INTO hostile.cases (routine, kind, rettype, sql, variant)
                VALUES (g.routine, 'agg', b.rettype, hostile.case_sql(g.routine, ARRAY[row, row]),
                        format('argument %s = %s in every row', v.i, left(v.expr, 60)));
                added := added + 1;
            END IF;
        END LOOP;
    END LOOP;
    RETURN added;
END $$;

-- Values of the extension's types that its routines returned become argument values:
-- baseline results are typical values, up to 12 other distinct results per type are
-- hostile ones (edge summaries built from edge rows). Only values without problems.
CREATE FUNCTION hostile.harvest() RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    added int;
BEGIN
    WITH made AS (
        SELECT DISTINCT ON (c.rettype, r.rows[1]) c.rettype AS typ, r.rows[1] AS v, c.id,
               CASE WHEN c.kind = 'baseline' THEN coalesce(substring(c.variant FROM '[0-9]+$')::int, 1) ELSE 0 END AS typical
        FROM hostile.cases c JOIN hostile.results r USING (id)
        WHERE r.sqlstate IS NULL AND r.rows[1] IS NOT NULL AND r.problems = '{}'
          AND c.rettype IN (SELECT typ FROM hostile.ext_types) AND c.kind <> 'text_in'
        ORDER BY c.rettype, r.rows[1], c.kind = 'baseline' DESC, c.id
    ), ranked AS (
        SELECT *, row_number() OVER (PARTITION BY typ, typical = 0 ORDER BY typical, md5(v)) AS n
        FROM made
    ), ins AS (
        INSERT INTO hostile.val (typ, expr, typical, made_by)
        SELECT typ, format('%L::%s', v, typ), CASE WHEN typical > 0 THEN n ELSE 0 END, id
        FROM ranked
        WHERE (typical > 0 AND n <= 3 OR typical = 0 AND n <= 12)
          AND NOT EXISTS (SELECT FROM hostile.val x WHERE x.typ = ranked.typ AND x.expr = format('%L::%s', v, ranked.typ))
        RETURNING 1
    )
    SELECT count(*) INTO added FROM ins;
    INSERT INTO hostile.val (typ, expr)
    SELECT typ, format('NULL::%s', typ) FROM hostile.ext_types t
    WHERE EXISTS (SELECT FROM hostile.val v WHERE v.typ = t.typ)
      AND NOT EXISTS (SELECT FROM hostile.val v WHERE v.typ = t.typ AND v.expr LIKE 'NULL::%');
    RETURN added;
END $$;

-- Bad text for the input function of every type of the extension: malformed and
-- hostile JSON, and mutations of valid text forms (each number in turn replaced by
-- an out-of-range, negative, fractional or non-numeric token; truncation; trailing
-- garbage). A text that is accepted must round-trip (hostile.problems).
CREATE FUNCTION hostile.gen_text_inputs() RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    t regtype;
    good text;
    bad text;
    n int;
    tok text;
    added int := 0;
BEGIN
    FOR t IN SELECT typ FROM hostile.ext_types ORDER BY typ::text LOOP
        FOR bad IN SELECT unnest(ARRAY['', ' ', 'null', '[]', '{}', '0', '"x"', '{"version":1}',
                   '{"version":0}', '{"version":2}', '{"version":255}', '{"version":1e400}',
                   '{"version":-1}', '{"version":"1"}', '{"version":1,"version":1}',
                   '{"version":1,"x":"\u0000"}', '{"version":1,"x":"\ud800"}',
                   repeat('[', 100000), repeat('{"a":', 10000), repeat('x', 100000),
                   '{"version":1,"events":3000000000,"quantity":1,"days":["-4713-11-24/5874897-12-31"]}',
                   '{"version":1,"days":["9999999-01-01"]}']) LOOP
            INSERT INTO hostile.cases (kind, rettype, sql, variant)
            VALUES ('text_in', t, format('SELECT (%L::%s)::text', bad, t), 'text ' || left(bad, 60));
            added := added + 1;
        END LOOP;
        FOR good IN SELECT x.v FROM (
                        SELECT DISTINCT ON (r.rows[1]) r.rows[1] AS v, c.id
                        FROM hostile.cases c JOIN hostile.results r USING (id)
                        WHERE c.rettype = t AND c.kind <> 'text_in' AND r.sqlstate IS NULL
                          AND r.rows[1] IS NOT NULL AND r.problems = '{}'
                        ORDER BY r.rows[1], c.id) x
                    ORDER BY length(x.v) DESC, md5(x.v) LIMIT 3 LOOP
            FOR bad IN SELECT unnest(ARRAY[left(good, length(good) / 2), good || 'x', good || good,
                                          replace(good, '"version":1', '"version":1.5')]) LOOP
                INSERT INTO hostile.cases (kind, rettype, sql, variant)
                VALUES ('text_in', t, format('SELECT (%L::%s)::text', bad, t), 'text ' || left(bad, 60));
                added := added + 1;
            END LOOP;
            FOR n IN 1..least(12, (SELECT count(*) FROM regexp_matches(good, '-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?', 'g'))) LOOP
                FOREACH tok IN ARRAY ARRAY['-1', '1e309', '1e308', '18446744073709551616', '-0', '0.5', '"x"', 'null'] LOOP
                    bad := regexp_replace(good, '-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?', tok, 1, n);
                    CONTINUE WHEN bad = good;
                    INSERT INTO hostile.cases (kind, rettype, sql, variant)
                    VALUES ('text_in', t, format('SELECT (%L::%s)::text', bad, t), format('number %s of %s = %s', n, left(good, 40), tok));
                    added := added + 1;
                END LOOP;
            END LOOP;
        END LOOP;
    END LOOP;
    RETURN added;
END $$;

-- The problems of every case, with the exemptions of tests/hostile/known.tsv applied.
-- when_gone: 'fail' (the run fails when the entry matches nothing: remove it) or
-- 'timing' (a machine-dependent slowness: a faster machine may not see it).
CREATE TABLE hostile.known (pattern text, problem text, reason text, when_gone text NOT NULL CHECK (when_gone IN ('fail', 'timing')));
CREATE VIEW hostile.failures AS
SELECT c.id, coalesce(c.routine::text, 'text input of ' || c.rettype) AS what, c.variant, c.sql,
       p.problem, r.sqlstate, r.message,
       (SELECT k.reason FROM hostile.known k
        WHERE coalesce(c.routine::text, 'text input of ' || c.rettype) || ' :: ' || c.variant ~ k.pattern
          AND p.problem ~ k.problem
        LIMIT 1) AS known
FROM hostile.cases c JOIN hostile.results r USING (id), unnest(r.problems) p(problem);
