-- k-means: fits on scikit-learn's iris and wine data (tests/data) against
-- scikit-learn 1.5.2 KMeans(algorithm='lloyd', init=<same rows>, n_init=1) and
-- silhouette_score (tests/reference/sk_kmeans.py checks them live), readers, text
-- and binary round trips, order independence, forced-parallel = serial, bad input.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_kmeans CASCADE;
CREATE SCHEMA t_kmeans;
SET search_path = t_kmeans, public;
SET extra_float_digits = 0;

CREATE TABLE iris_raw (sl float8, sw float8, pl float8, pw float8, species int);
\copy iris_raw FROM '../data/iris.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE iris AS SELECT row_number() OVER () - 1 AS id, ARRAY[sl, sw, pl, pw] AS v, species FROM iris_raw;
SELECT count(*) AS points, count(DISTINCT v) AS distinct_points FROM iris;

-- scikit-learn: init = rows 0, 50, 100; centroids
--   [5.006, 3.428, 1.462, 0.246], [5.90161290322581, 2.74838709677419, 4.39354838709677, 1.43387096774194],
--   [6.85, 3.07368421052632, 5.74210526315789, 2.07105263157895];
-- inertia 78.851441426146, 4 iterations, sizes 50 62 38, silhouette 0.552819012356409.
CREATE TABLE fits AS
SELECT kmeans_fit(v, 3, (SELECT array_agg(v ORDER BY id) FROM iris WHERE id IN (0, 50, 100))) AS given,
       kmeans_fit(v, 3, 42::bigint) AS seeded,
       kmeans_fit(v, 3, 42::bigint, true) AS standardized
FROM iris;
SELECT kmeans_centroids(given) AS centroids FROM fits;
SELECT round(kmeans_inertia(given)::numeric, 9) AS inertia, kmeans_sizes(given) AS sizes,
       given::jsonb->'iterations' AS iterations, given::jsonb->'converged' AS converged,
       given::jsonb->'init' AS init FROM fits;
SELECT round(kmeans_silhouette(given, v)::numeric, 12) AS silhouette FROM iris, fits;
-- Cluster numbers are 1..k (row c of kmeans_centroids); against the species.
SELECT kmeans_assign(given, v) AS cluster, species, count(*) FROM iris, fits GROUP BY 1, 2 ORDER BY 1, 2;
-- The fitted points' distances add up to the inertia.
SELECT round(sum(kmeans_distance(given, v) ^ 2)::numeric, 9) AS sum_sq_distance FROM iris, fits;

-- k-means++ with seed 42 reaches the same three clusters (sizes in its own numbering).
SELECT round(kmeans_inertia(seeded)::numeric, 9) AS inertia, kmeans_sizes(seeded) AS sizes,
       seeded::jsonb->'seed' AS seed FROM fits;
-- Standardized: the inertia is in z-score units, the centroids in cm; the means and
-- population sds (StandardScaler's) are kept.
SELECT round(kmeans_inertia(standardized)::numeric, 6) AS inertia, kmeans_sizes(standardized) AS sizes,
       standardized::jsonb->'standardize'->'mean'->0 AS mean_sl, standardized::jsonb->'standardize'->'sd'->0 AS sd_sl
FROM fits;

-- A 2-D init and the same values flattened give the same model; so does any row order.
SELECT kmeans_fit(v, 3, ARRAY[[5.1,3.5,1.4,0.2],[7.0,3.2,4.7,1.4],[6.3,3.3,6.0,2.5]])::text
     = kmeans_fit(v, 3, '{5.1,3.5,1.4,0.2,7.0,3.2,4.7,1.4,6.3,3.3,6.0,2.5}'::float8[])::text AS flat_equals_2d,
       kmeans_fit(v, 3, ARRAY[[5.1,3.5,1.4,0.2],[7.0,3.2,4.7,1.4],[6.3,3.3,6.0,2.5]])::text = (SELECT given::text FROM fits)
       AS same_as_rows
FROM iris;
SELECT (SELECT kmeans_fit(v, 4, 7::bigint, true, 50) FROM (SELECT v FROM iris ORDER BY id DESC) s)
     = (SELECT kmeans_fit(v, 4, 7::bigint, true, 50) FROM (SELECT v FROM iris ORDER BY random()) s) AS order_independent;

-- Round trips: text, json, binary, equality.
SELECT given::text::kmeans_model = given AS text_round_trip,
       kmeans_model_send(given) = kmeans_model_send(given::text::kmeans_model) AS binary_round_trip,
       given::jsonb->'clusters'->0 AS cluster_1_json
FROM fits;
SELECT '{"k":1,"d":2,"centroids":[[1.0,2.0]],"sizes":[3],"inertia":0.5,"n":3,"iterations":1,"converged":true,"max_iter":300,"init":"given","seed":null,"standardize":null}'::kmeans_model AS typed_in;
SELECT kmeans_assign('{"k":2,"d":1,"centroids":[[0.0],[2.0]],"sizes":[1,1],"inertia":0.0,"n":2,"iterations":1,"converged":true,"max_iter":300,"init":"given","seed":null,"standardize":null}', '{1}') AS tie_goes_to_1;

-- Comparing k: inertia per k (same seed), silhouette on the same rows.
SELECT k, round(kmeans_inertia(m)::numeric, 6) AS inertia,
       round((SELECT kmeans_silhouette(m, v) FROM iris)::numeric, 6) AS silhouette
FROM (SELECT k, (SELECT kmeans_fit(v, k, 0::bigint) FROM iris) AS m FROM generate_series(1, 5) k) f ORDER BY k;

-- Wine (13 components on very different scales), scikit-learn: init rows 0, 50, 100
-- inertia 2633555.33240934 (12 iterations, sizes 49 27 102); standardized (StandardScaler
-- z-scores) inertia 1277.92848884464 (10 iterations, sizes 62 65 51).
CREATE TABLE wine_raw (c1 float8, c2 float8, c3 float8, c4 float8, c5 float8, c6 float8, c7 float8, c8 float8,
                       c9 float8, c10 float8, c11 float8, c12 float8, c13 float8, class int);
\copy wine_raw FROM '../data/wine.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE wine AS
SELECT row_number() OVER () - 1 AS id, ARRAY[c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13] AS v FROM wine_raw;
SELECT round(kmeans_inertia(m)::numeric, 6) AS inertia, kmeans_sizes(m) AS sizes, m::jsonb->'iterations' AS iterations
FROM (SELECT kmeans_fit(v, 3, (SELECT array_agg(v ORDER BY id) FROM wine WHERE id IN (0, 50, 100))) AS m FROM wine) f;
SELECT round(kmeans_inertia(m)::numeric, 8) AS inertia, kmeans_sizes(m) AS sizes, m::jsonb->'iterations' AS iterations
FROM (SELECT kmeans_fit(v, 3, (SELECT array_agg(v ORDER BY id) FROM wine WHERE id IN (0, 50, 100)), true) AS m FROM wine) f;

-- Forced parallel plan on a table big enough to be split: the same models as serial.
CREATE TABLE big AS SELECT i.v, g FROM iris i, generate_series(1, 300) g;
ANALYZE big;
CREATE TABLE serial_fit AS
SELECT kmeans_fit(v, 5, 11::bigint) AS s, kmeans_fit(v, 3, 1::bigint, true) AS z FROM big;
CREATE TABLE serial_sil AS
SELECT kmeans_silhouette(m, v) AS sil FROM (SELECT v FROM big WHERE g <= 3) b, (SELECT s AS m FROM serial_fit) f;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT kmeans_fit(v, 5, 11::bigint) FROM big;
SELECT p.s = f.s AS seeded_equal, p.z = f.z AS standardized_equal, kmeans_sizes(p.s) AS sizes
FROM (SELECT kmeans_fit(v, 5, 11::bigint) AS s, kmeans_fit(v, 3, 1::bigint, true) AS z FROM big) p, serial_fit f;
SELECT kmeans_silhouette(m, v) = (SELECT sil FROM serial_sil) AS silhouette_equal
FROM (SELECT v FROM big WHERE g <= 3) b, (SELECT s AS m FROM serial_fit) f;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- NULL rows are skipped; no rows give NULL.
SELECT kmeans_fit(v, 3) IS NULL AS empty_is_null FROM iris WHERE false;
SELECT (SELECT kmeans_fit(v, 3, 42::bigint) FROM (SELECT v FROM iris UNION ALL SELECT NULL) s) = seeded AS nulls_skipped FROM fits;
SELECT kmeans_silhouette(given, v) IS NULL AS one_cluster_is_null FROM iris, fits WHERE species = 0;

-- Bad input: SQLSTATE, message and hint.
\set VERBOSITY verbose
\set SHOW_CONTEXT never
SELECT kmeans_fit(v, 0) FROM iris;
SELECT kmeans_fit(v, 4) FROM (VALUES ('{1,2}'::float8[]), ('{1,2}'), ('{3,4}'), ('{5,6}')) t(v);
SELECT kmeans_fit(v, 2) FROM (VALUES ('{1,2}'::float8[]), ('{1,2,3}')) t(v);
SELECT kmeans_fit(v, 2) FROM (VALUES ('{1,2}'::float8[]), ('{1,NaN}')) t(v);
SELECT kmeans_fit(v, 2) FROM (VALUES ('{1,2}'::float8[]), ('{Infinity,1}')) t(v);
SELECT kmeans_fit(v, 2) FROM (VALUES ('{1,2}'::float8[]), ('{1,NULL}')) t(v);
SELECT kmeans_fit(v, 2) FROM (VALUES ('{}'::float8[])) t(v);
SELECT kmeans_fit(v, 2) FROM (VALUES ('{{1,2},{3,4}}'::float8[])) t(v);
SELECT kmeans_fit(v, k) FROM (VALUES ('{1,2}'::float8[], 1), ('{3,4}', 2)) t(v, k);
SELECT kmeans_fit(v, NULL) FROM iris;
SELECT kmeans_fit(v, 2, 0::bigint, false, 0) FROM iris;
SELECT kmeans_fit(v, 2, '{1,2,3}'::float8[]) FROM iris;
SELECT kmeans_fit(v, 2, ARRAY[[1,2],[3,4],[5,6]]::float8[]) FROM iris;
SELECT kmeans_fit(v, 2, '{1,2,3,4}'::float8[]) FROM iris;
SELECT kmeans_fit(v, 2, '{1,2,NULL,4}'::float8[]) FROM (VALUES ('{1,2}'::float8[])) t(v);
SELECT kmeans_assign(given, '{1,2,3}') FROM fits;
SELECT kmeans_distance(given, '{1,2,3,NaN}') FROM fits;
SELECT kmeans_assign(given, '{{1,2},{3,4}}') FROM fits;
SELECT kmeans_silhouette(m, v) FROM (VALUES (1, '{1,2}'::float8[]), (2, '{3,4}')) t(i, v),
       LATERAL (SELECT kmeans_fit(w, 1, i::bigint) AS m FROM (VALUES ('{1,2}'::float8[]), ('{5,6}')) u(w)) f;
SELECT '{"k":2,"d":1,"centroids":[[0.0]],"sizes":[1,1],"inertia":0.0,"n":2,"iterations":1,"converged":true,"max_iter":300,"init":"given","seed":null,"standardize":null}'::kmeans_model;
SELECT 'not json'::kmeans_model;
