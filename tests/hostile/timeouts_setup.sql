-- Hostile stored values of every type, and the calls of every decoder and accessor
-- on them (generated from the catalog, so new functions are covered), for
-- tests/hostile/timeouts.sh.
CREATE EXTENSION pg_usage;

-- Text forms: small values that name huge ranges, counts at their limits, extreme numbers.
CREATE TABLE hostile_text (type regtype, label text, t text);
INSERT INTO hostile_text VALUES
  ('usage_summary', 'found1_whole_range',
   '{"version":1,"events":3000000000,"quantity":1,"days":["-4713-11-24/5874897-12-31"]}'),
  ('usage_summary', 'max_counts',
   '{"version":1,"events":18446744073709551615,"quantity":1.7976931348623157e308,"days":["-4713-11-24/5874897-12-31"]}'),
  ('usage_summary', 'thousand_features_whole_range',
   '{"version":1,"events":3000000000,"quantity":1,"days":["-4713-11-24/5874897-12-31"],"features":{'
   || (SELECT string_agg(format('"f%s":{"events":3000000000,"quantity":0.001,"days":["-4713-11-24/5874897-12-31"]}', g), ',')
       FROM generate_series(1, 1000) g) || '}}'),
  ('rfm_summary', 'extreme_days',
   '{"version":1,"days":[["-4713-11-24",1,1e100],["5874897-12-31",9223372036854775806,1e100]]}'),
  ('nps_summary', 'max_counts', '{"version":1,"scores":[9223372036854775807,0,0,0,0,0,0,0,0,0,0]}'),
  ('nps_summary', 'spread', '{"version":1,"scores":[1,0,0,0,0,0,0,0,0,0,9223372036854775806]}'),
  ('mrr_history', 'whole_range',
   '{"version":1,"scale":4,"mrr":[["-4713-11-01","0.0001"],["5874897-12-01","99999999999999.9999"]],"cash":[["-4713-11-01",1,"0.0001"],["-4713-11-01",1200,"1.0000"]]}'),
  ('saas_summary', 'whole_range',
   '{"version":1,"scale":4,"months":[{"month":"-4713-11-01","new":["0.0001",1]},{"month":"5874897-12-01","expansion":["99999999999999.9998",1]}],"cash":[["-4713-11-01",1,"0.0001"],["-4713-11-01",1200,"1.0000"]]}'),
  ('bgnbd_model', 'tiny_and_huge', '{"r":1e-300,"alpha":1e300,"a":5e-324,"b":1e300}'),
  ('bgnbd_model', 'huge_and_tiny', '{"r":1e300,"alpha":1e-300,"a":1e300,"b":5e-324}'),
  ('pareto_nbd_model', 'tiny_and_huge', '{"r":1e-300,"alpha":1e300,"s":5e-324,"beta":1e300}'),
  ('pareto_nbd_model', 'huge_and_tiny', '{"r":1e300,"alpha":1e-300,"s":1e300,"beta":5e-324}'),
  ('gamma_gamma_model', 'tiny_and_huge', '{"p":1e-300,"q":1e300,"v":5e-324}'),
  ('gamma_gamma_model', 'huge_and_tiny', '{"p":1e300,"q":1.0000000000000002,"v":1e300}');

-- One benign value per type, for the other arguments and to find working calls.
CREATE TABLE benign (type regtype, t text);
INSERT INTO benign VALUES
  ('usage_summary', (SELECT usage_agg(date '2024-05-01' + g, 1.0, 'login')::text FROM generate_series(0, 40, 3) g)),
  ('rfm_summary', (SELECT rfm_agg(date '2024-01-01' + 17 * g, 10.0)::text FROM generate_series(0, 9) g)),
  ('nps_summary', (SELECT nps_agg(s)::text FROM generate_series(0, 10) s)),
  ('mrr_history', (SELECT mrr_agg(date '2024-01-15', date '2024-06-01', 49.90)::text)),
  ('saas_summary', (SELECT saas_agg(h)::text FROM (SELECT mrr_agg(date '2024-01-15', NULL, 49.90) h) x)),
  ('bgnbd_model', '{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426}'),
  ('pareto_nbd_model', '{"r":0.553,"alpha":10.58,"s":0.606,"beta":11.67}'),
  ('gamma_gamma_model', '{"p":6.25,"q":3.74,"v":15.44}');

-- Stored values, one table per type: the text forms above and large values built
-- by the aggregates (their cost is their size, which is large).
DO $$
DECLARE ty regtype;
BEGIN
  FOR ty IN SELECT DISTINCT type FROM benign LOOP
    EXECUTE format('CREATE TABLE %I (label text, v %s)', 'h_' || ty::text, ty);
    EXECUTE format('INSERT INTO %I SELECT label, t::%s FROM hostile_text WHERE type = %L::regtype', 'h_' || ty::text, ty, ty);
  END LOOP;
END $$;
INSERT INTO h_usage_summary
  SELECT 'many_runs_and_features', usage_agg(date '2000-01-01' + 2 * g, 1.0, 'f' || (g % 1000))
  FROM generate_series(0, 199999) g;
INSERT INTO h_rfm_summary
  SELECT 'many_days', rfm_agg(date '2000-01-01' + g, 1.5) FROM generate_series(0, 199999) g;
INSERT INTO h_mrr_history
  SELECT 'whole_range_subscriptions', mrr_agg(s, e, a, k)
  FROM (VALUES ('4714-11-24 BC'::date, NULL::date, 0.0001, 1),
               ('4714-11-24 BC', '5874897-12-31', 99999999999999.99, 1200)) v(s, e, a, k);
INSERT INTO h_mrr_history
  SELECT 'many_steps', mrr_agg(date '2000-01-01' + 31 * g, date '2000-01-01' + 31 * g + 400, 1.0 + g % 7)
  FROM generate_series(0, 19999) g;
INSERT INTO h_saas_summary SELECT 'whole_range_subscriptions', saas_agg(v) FROM h_mrr_history WHERE label = 'whole_range_subscriptions';
INSERT INTO h_saas_summary
  SELECT 'many_customers', saas_agg(h) FROM (
    SELECT mrr_agg(date '2000-01-01' + 13 * g, date '2000-01-01' + 13 * g + 200 + g % 900, 1.0 + g % 50, 1 + g % 12) h
    FROM generate_series(0, 19999) g GROUP BY g % 2000) x;

CREATE TABLE hostile_labels (type regtype, label text);
DO $$
DECLARE ty regtype;
BEGIN
  FOR ty IN SELECT DISTINCT type FROM benign LOOP
    EXECUTE format('INSERT INTO hostile_labels SELECT %L, label FROM %I', ty, 'h_' || ty::text);
  END LOOP;
END $$;

-- Candidate values of the other argument types, tried in turn until a call on
-- the benign value works (a call that errors on every candidate is still run).
CREATE TABLE candidates (type regtype, vals text[]);
INSERT INTO candidates VALUES
  ('date', '{"''2024-06-01''::date","''5874897-12-31''::date","''4714-12-01 BC''::date"}'),
  ('timestamptz', '{"''2024-06-01''::timestamptz"}'),
  ('timestamp', '{"''2024-06-01''::timestamp"}'),
  ('text', '{"''day''","''month''","''login''","''week''"}'),
  ('integer', '{28,2,1,12}'),
  ('bigint', '{28,2,1,12}'),
  ('double precision', '{0.5,12,1,0.1}'),
  ('numeric', '{0.5,12,1,0.1}'),
  ('boolean', '{true,false}'),
  ('interval', '{"''1 day''::interval"}'),
  ('text[]', '{"''{light,moderate,heavy}''::text[]","''{}''::text[]"}'),
  ('double precision[]', '{"''{10,20}''::float8[]","''{1}''::float8[]","''{0.5,0.3,0.2}''::float8[]"}'),
  ('integer[]', '{"''{1,2}''::int[]"}'),
  ('boolean[]', '{"''{true,false}''::bool[]"}');
-- The types that only appear beside a benign one (a model with a Gamma-Gamma model, a
-- transition's state with an mrr_history): one working value each.
INSERT INTO candidates VALUES
  ('mbgnbd_model', ARRAY[$c$'{"r":0.525,"alpha":6.18,"a":0.891,"b":1.614}'::mbgnbd_model$c$]),
  ('bgbb_model', ARRAY[$c$'{"alpha":1.204,"beta":0.75,"gamma":0.657,"delta":2.783}'::bgbb_model$c$]),
  ('sbg_model', ARRAY[$c$'{"alpha":0.704,"beta":1.182}'::sbg_model$c$]),
  ('cohort_summary', ARRAY['NULL::cohort_summary',
     $c$(SELECT cohort_agg(h) FROM (SELECT mrr_agg(date '2024-01-15', date '2024-06-01', 49.90) h) x)$c$]);

CREATE TABLE calls (fn text, type regtype, call text, works_on_benign boolean);

-- For each function and aggregate of the extension that takes one of the types:
-- calls with %V% standing for the hostile value (its first argument of that
-- type). The other arguments' candidates are enumerated (the first argument
-- fastest, at most 32 tries); up to 4 combinations that work on the benign value
-- are kept (e.g. both a near and the last date as a bound), or the first one.
DO $$
DECLARE
  f record; try int; rest int; args text[]; hostile_at int; sql text; check_sql text; expr text;
  found_type regtype; cands text[]; kept int; first_sql text; combos int;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure::text AS sig, p.proname, p.prokind, p.proretset,
           ARRAY(SELECT unnest(p.proargtypes::regtype[])) AS types, p.pronargs
    FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_usage'
    WHERE p.prokind IN ('f', 'a')
      AND EXISTS (SELECT 1 FROM unnest(p.proargtypes::regtype[]) t WHERE t IN (SELECT type FROM benign))
      AND NOT EXISTS (SELECT 1 FROM unnest(p.proargtypes::regtype[]) t WHERE t = 'internal'::regtype)
    ORDER BY 1
  LOOP
    SELECT min(i) INTO hostile_at FROM generate_subscripts(f.types, 1) i WHERE f.types[i] IN (SELECT type FROM benign);
    found_type := f.types[hostile_at];
    combos := 1;
    FOR i IN 1..f.pronargs LOOP
      combos := combos * coalesce((SELECT cardinality(vals) FROM candidates WHERE type = f.types[i]), 1);
    END LOOP;
    kept := 0;
    first_sql := NULL;
    FOR try IN 0..least(combos, 32) - 1 LOOP
      args := '{}';
      rest := try;
      FOR i IN 1..f.pronargs LOOP
        IF f.types[i] IN (SELECT type FROM benign) THEN
          expr := CASE WHEN i = hostile_at THEN '%V%'
                       ELSE format('(SELECT t::%s FROM benign WHERE type = %L::regtype)', f.types[i], f.types[i]) END;
        ELSE
          SELECT vals INTO cands FROM candidates WHERE type = f.types[i];
          IF cands IS NULL THEN RAISE EXCEPTION 'no candidate values for % of %', f.types[i], f.sig; END IF;
          expr := cands[rest % cardinality(cands) + 1];
          rest := rest / cardinality(cands);
        END IF;
        args := args || expr;
      END LOOP;
      sql := CASE
        WHEN f.prokind = 'a' THEN format('SELECT %s(%s) IS NULL FROM generate_series(1, 3)', f.proname, array_to_string(args, ', '))
        WHEN f.proretset THEN format('SELECT count(*) FROM %s(%s)', f.proname, array_to_string(args, ', '))
        ELSE format('SELECT %s(%s) IS NULL', f.proname, array_to_string(args, ', ')) END;
      first_sql := coalesce(first_sql, sql);
      -- A set-returning function is checked on its first row only (its set may be long).
      check_sql := CASE WHEN f.proretset AND f.prokind = 'f'
        THEN format('SELECT %s(%s) IS NULL LIMIT 1', f.proname, array_to_string(args, ', ')) ELSE sql END;
      BEGIN
        EXECUTE replace(check_sql, '%V%', format('(SELECT t::%s FROM benign WHERE type = %L::regtype)', found_type, found_type));
        INSERT INTO calls VALUES (f.sig, found_type, sql, true);
        kept := kept + 1;
      EXCEPTION WHEN OTHERS THEN
        NULL;
      END;
      EXIT WHEN kept = 4;
    END LOOP;
    IF kept = 0 THEN
      INSERT INTO calls VALUES (f.sig, found_type, first_sql, false);
    END IF;
  END LOOP;
  -- The decoders: text input (a cast at run time, from a stored text) and output.
  INSERT INTO calls SELECT DISTINCT type::text || ' input', type,
      format('SELECT t::%s IS NULL FROM hostile_text WHERE type = %L::regtype AND label = %%L%%', type, type), true FROM benign;
  INSERT INTO calls SELECT DISTINCT type::text || ' output', type, 'SELECT length(%V%::text)', true FROM benign;
END $$;
