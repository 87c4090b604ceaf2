SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_assoc CASCADE;
CREATE SCHEMA t_assoc;
SET search_path = t_assoc, public;

-- mlxtend's documentation example (association_rules, Example 1): apriori with
-- min_support = 0.6 finds 11 itemsets; association_rules(metric = "confidence",
-- min_threshold = 0.7) gives 12 rules. The published table (rounded there):
--   Kidney Beans -> Eggs 1.0 0.8 0.8 0.80 1.00 0.00 1.0; Eggs -> Kidney Beans 0.8 1.0 0.8 1.00 1.00 0.00 inf;
--   Eggs -> Onion 0.8 0.6 0.6 0.75 1.25 0.12 1.6; Onion -> Eggs 0.6 0.8 0.6 1.00 1.25 0.12 inf;
--   Milk/Onion/Yogurt -> Kidney Beans 0.6 1.0 0.6 1.00 1.00 0.00 inf;
--   {Eggs, Kidney Beans} -> Onion 0.8 0.6 0.6 0.75 1.25 0.12 1.6; {Eggs, Onion} -> Kidney Beans ... inf;
--   {Onion, Kidney Beans} -> Eggs 0.6 0.8 0.6 1.00 1.25 0.12 inf; Eggs -> {Onion, Kidney Beans} 0.8 0.6 0.6 0.75 1.25 0.12 1.6;
--   Onion -> {Eggs, Kidney Beans} 0.6 0.8 0.6 1.00 1.25 0.12 inf.
-- Basket 5 lists Onion twice (counted once). Infinite conviction is NULL here.
CREATE TABLE docs (basket int, item text);
INSERT INTO docs
SELECT b, item FROM unnest(ARRAY[
  'Milk,Onion,Nutmeg,Kidney Beans,Eggs,Yogurt', 'Dill,Onion,Nutmeg,Kidney Beans,Eggs,Yogurt',
  'Milk,Apple,Kidney Beans,Eggs', 'Milk,Unicorn,Corn,Kidney Beans,Yogurt',
  'Corn,Onion,Onion,Kidney Beans,Ice cream,Eggs']) WITH ORDINALITY t(items, b),
  unnest(string_to_array(items, ',')) item;
CREATE TABLE docs_rules AS SELECT assoc_rules(basket, item, 0.6, 0.7) AS r FROM docs;
SELECT r FROM docs_rules;
SELECT t.* FROM docs_rules, assoc_rules_table(r) t;
-- The same rounded as mlxtend prints them.
SELECT array_to_string(antecedent, ', ') AS antecedent, array_to_string(consequent, ', ') AS consequent,
       round(confidence::numeric, 2) AS confidence, round(lift::numeric, 2) AS lift,
       round(leverage::numeric, 2) AS leverage, coalesce(round(conviction::numeric, 2)::text, 'inf') AS conviction
FROM docs_rules, assoc_rules_table(r) ORDER BY lift DESC, confidence DESC, antecedent, consequent;
-- Confidence 0.6 adds Kidney Beans -> Milk, Onion, Yogurt and {Eggs, Onion}: 16 rules;
-- max_len 2 keeps the 10 rules of pairs; max_len 1 has none; text basket ids are the same.
SELECT (SELECT count(*) FROM assoc_rules_table((SELECT assoc_rules(basket, item, 0.6, 0.6) FROM docs))) AS c06,
       (SELECT count(*) FROM assoc_rules_table((SELECT assoc_rules(basket, item, 0.6, 0.0, 2) FROM docs))) AS pairs,
       (SELECT count(*) FROM assoc_rules_table((SELECT assoc_rules(basket, item, 0.6, 0.0, 1) FROM docs))) AS singles,
       (SELECT count(*) FROM assoc_rules_table((SELECT assoc_rules(basket, item, 0.6, 0.0, NULL) FROM docs))) AS no_limit,
       (SELECT assoc_rules(basket::text, item, 0.6, 0.7) FROM docs) = r AS text_ids_equal
FROM docs_rules;

-- Recommendations: rules whose antecedent the customer has, consequents they lack.
SELECT rec.* FROM docs_rules, recommend(r, '{Onion}') rec;
SELECT rec.* FROM docs_rules, recommend(r, '{Eggs,Kidney Beans,Apple}') rec;
SELECT rec.* FROM docs_rules, recommend(r, '{Milk}', 1) rec;
SELECT count(*) AS nothing_for_everything FROM docs_rules, recommend(r, '{Eggs,Kidney Beans,Onion,Milk,Yogurt}');
SELECT count(*) AS k0 FROM docs_rules, recommend(r, '{Onion}', 0);

-- NULL basket or item rows are skipped; a repeated pair counts once; no rows give
-- NULL; rows without frequent pairs give a value without rules.
SELECT (SELECT assoc_rules(basket, item, 0.6, 0.7) FROM (SELECT * FROM docs UNION ALL SELECT * FROM docs
        UNION ALL VALUES (NULL, 'Milk'), (9, NULL)) d) = r AS nulls_and_repeats_ignored FROM docs_rules;
SELECT assoc_rules(basket, item, 0.5, 0.5) IS NULL AS empty_is_null FROM docs WHERE false;
SELECT assoc_rules(basket, item, 0.5, 0.5) FROM (VALUES (1, 'a'), (2, 'b'), (3, NULL)) v(basket, item);

-- The type: text and binary forms round-trip; json names every measure.
SELECT r::text::assoc_rules = r AS text_round_trip, r::text::assoc_rules::text = r::text AS same_text,
       assoc_rules_send(r) = assoc_rules_send(r::text::assoc_rules) AS same_binary
FROM docs_rules;
\copy docs_rules TO '/tmp/pg_usage_assoc_copy.bin' WITH (FORMAT binary)
CREATE TABLE docs_back (r assoc_rules);
\copy docs_back FROM '/tmp/pg_usage_assoc_copy.bin' WITH (FORMAT binary)
SELECT b.r = d.r AS binary_round_trip, b.r::text = d.r::text AS same_text FROM docs_back b, docs_rules d;
SELECT jsonb_pretty(jsonb_path_query_first(r::jsonb, '$.rules[1]')) FROM docs_rules;
SELECT (r::json->>'baskets')::int AS baskets, json_array_length(r::json->'rules') AS rules FROM docs_rules;

-- A larger generated set (60,000 baskets over 12 items with skewed popularity).
-- mlxtend 0.23.1 on the same baskets (apriori(min_support = 0.02), association_rules
-- (metric = "confidence", min_threshold = 0.3)) gives 84 frequent itemsets, 160 rules,
-- sum of lift 614.509657635, sum of the finite convictions 132.521347986, longest rule 5 items.
CREATE TABLE big AS
SELECT b AS basket, 'item' || lpad(i::text, 2, '0') AS item
FROM generate_series(1, 60000) b, generate_series(1, 12) i
WHERE (b::bigint * 2654435761 + i * 40503) % 1009 < 1009 / (i + 1)
   OR (i IN (3, 7) AND b % 11 < 3)
   OR (i = 12 AND b % 13 = 0 AND b % 11 < 3);
ANALYZE big;
CREATE TABLE big_serial AS SELECT assoc_rules(basket, item, 0.02, 0.3) AS r FROM big;
SELECT (r::json->>'baskets')::int AS baskets, count(*) AS rules, round(sum(lift)::numeric, 9) AS sum_lift,
       round(sum(coalesce(conviction, 0))::numeric, 9) AS sum_conviction, max(cardinality(antecedent) + cardinality(consequent)) AS longest
FROM big_serial, assoc_rules_table(r) GROUP BY r::json->>'baskets';
-- Forced parallel plan: workers hold parts of the same baskets; the result is the same.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT assoc_rules(basket, item, 0.02, 0.3) FROM big;
SELECT assoc_rules(basket, item, 0.02, 0.3) = r AS parallel_equal,
       assoc_rules(basket::text, item, 0.02, 0.3) = r AS parallel_text_equal
FROM big, big_serial GROUP BY r;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- Bad input: clear errors with SQLSTATE, never a crash.
\set VERBOSITY default
SELECT assoc_rules(basket, item, 0, 0.5) FROM docs;
\echo :LAST_ERROR_SQLSTATE
SELECT assoc_rules(basket, item, 1.5, 0.5) FROM docs;
\echo :LAST_ERROR_SQLSTATE
SELECT assoc_rules(basket, item, 'NaN', 0.5) FROM docs;
\echo :LAST_ERROR_SQLSTATE
SELECT assoc_rules(basket, item, 0.5, -0.1) FROM docs;
\echo :LAST_ERROR_SQLSTATE
SELECT assoc_rules(basket, item, 0.5, 1.1) FROM docs;
\echo :LAST_ERROR_SQLSTATE
SELECT assoc_rules(basket, item, 0.5, 0.5, 0) FROM docs;
\echo :LAST_ERROR_SQLSTATE
SELECT assoc_rules(basket, item, NULL, 0.5) FROM docs;
\echo :LAST_ERROR_SQLSTATE
SELECT assoc_rules(basket, item, 0.5 + basket / 100.0, 0.5) FROM docs;
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM docs_rules, recommend(r, '{Onion,NULL}');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM docs_rules, recommend(r, '{{Onion},{Eggs}}');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM docs_rules, recommend(r, '{Onion}', -1);
\echo :LAST_ERROR_SQLSTATE
SELECT '{"baskets":5}'::assoc_rules;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"baskets":5,"min_support":0.5,"min_confidence":0.7,"max_len":null,"rules":[{"antecedent":["a"],"consequent":["a"],"count":1,"antecedent_count":1,"consequent_count":1}]}'::assoc_rules;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"baskets":5,"min_support":0.5,"min_confidence":0.7,"max_len":null,"rules":[{"antecedent":["a"],"consequent":["b"],"count":3,"antecedent_count":2,"consequent_count":4}]}'::assoc_rules;
\echo :LAST_ERROR_SQLSTATE
-- Combinatorial blow-up is refused, not run out of memory: 40 items in every basket.
SELECT assoc_rules(b, 'i' || i, 0.5, 0.5) FROM generate_series(1, 3) b, generate_series(1, 40) i;
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM assoc_rules_table((SELECT assoc_rules(b, 'i' || i, 0.5, 0.5, 2) FROM generate_series(1, 3) b, generate_series(1, 40) i));
