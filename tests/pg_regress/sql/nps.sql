SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_nps CASCADE;
CREATE SCHEMA t_nps;
SET search_path = t_nps, public;
SET DateStyle = 'ISO, YMD';

-- Ten answers: promoters 9 10 10 9 (4), passives 7 8 (2), detractors 0 5 6 6 (4).
-- NPS = 100 * (4 - 4) / 10 = 0. Each answer is +1/0/-1: mean 0, variance (4 + 4) / 10 = 0.8,
-- margin = 100 * z * sqrt(0.8 / 10): z(0.95) = 1.959964 -> 55.436153, z(0.90) = 1.644854 -> 46.523486,
-- z(0.99) = 2.575829 -> 72.855455 (checked with Python's statistics.pvariance and NormalDist.inv_cdf).
CREATE TABLE survey (user_id int, role text, account_id text, score int);
INSERT INTO survey VALUES
  (1, 'buyer', 'A', 9), (2, 'user', 'A', 10), (3, 'user', 'A', 10), (4, 'buyer', 'B', 9),
  (5, 'user', 'B', 7), (6, 'user', 'B', 8), (7, 'buyer', 'C', 0), (8, 'user', 'C', 5),
  (9, 'user', 'C', 6), (10, 'user', 'C', 6), (11, 'user', 'C', NULL);
SELECT nps_agg(score) FROM survey;
SELECT promoters(s), passives(s), detractors(s), responses(s), nps(s),
       round(nps_margin(s)::numeric, 6) AS margin_95, round(nps_margin(s, 0.9)::numeric, 6) AS margin_90,
       round(nps_margin(s, 0.99)::numeric, 6) AS margin_99
FROM (SELECT nps_agg(score) AS s FROM survey) t;

-- Buyers vs users. Buyers 9 9 0: NPS (2 - 1) / 3 = 33.33, variance 1 - 1/9 = 8/9,
-- margin 100 * 1.959964 * sqrt(8/27) = 106.687 (wider than the scale: n = 3); users 10 10 7 8 5 6 6: NPS (2 - 3) / 7 = -14.29,
-- variance 5/7 - 1/49 = 34/49, margin 100 * 1.959964 * sqrt(34/343) = 61.708.
SELECT role, responses(s), promoters(s), passives(s), detractors(s), round(nps(s)::numeric, 2) AS nps,
       round(nps_margin(s)::numeric, 3) AS margin
FROM (SELECT role, nps_agg(score) AS s FROM survey GROUP BY role) t ORDER BY role;

-- rollup: per-account summaries merge into the overall one.
CREATE TABLE per_account AS SELECT account_id, nps_agg(score) AS s FROM survey GROUP BY account_id;
SELECT account_id, s, nps(s) FROM per_account ORDER BY account_id;
SELECT rollup(s)::text = (SELECT nps_agg(score)::text FROM survey) AS rollup_equals_direct,
       nps(rollup(s)) FROM per_account;

-- Accounts whose buyers are promoters while their users are detractors, and the reverse:
-- one summary per account and role. Two more accounts: D (buyer 10, users 3 and 6) and
-- E (buyer 2, users 9 and 10). By hand: D buyer NPS 100, users -100; E the reverse;
-- A (buyer 9, users 10 10), B (buyer 9, users 7 8: NPS 0) and C (all detractors) are neither.
CREATE TABLE survey2 AS SELECT * FROM survey;
INSERT INTO survey2 VALUES (12, 'buyer', 'D', 10), (13, 'user', 'D', 3), (14, 'user', 'D', 6),
  (15, 'buyer', 'E', 2), (16, 'user', 'E', 9), (17, 'user', 'E', 10);
WITH per_role AS (SELECT account_id, role, nps_agg(score) AS s FROM survey2 GROUP BY account_id, role)
SELECT b.account_id, nps(b.s) AS buyer_nps, nps(r.s) AS user_nps, responses(r.s) AS user_answers,
       CASE WHEN nps(b.s) > 0 AND nps(r.s) < 0 THEN 'buyers promote, users detract'
            WHEN nps(b.s) < 0 AND nps(r.s) > 0 THEN 'users promote, buyers detract' END AS split
FROM per_role b JOIN per_role r ON r.account_id = b.account_id AND r.role = 'user'
WHERE b.role = 'buyer' ORDER BY b.account_id;

-- Text form round-trips; a summary can be typed in from published counts.
SELECT '{"version":1,"scores":[0,0,0,30,0,0,0,30,0,0,40]}'::nps_summary AS typed;
-- 40 promoters, 30 passives, 30 detractors: NPS 10, variance 0.7 - 0.01 = 0.69,
-- margin 100 * 1.959964 * sqrt(0.0069) = 16.2807.
SELECT nps(s), round(nps_margin(s)::numeric, 4) AS margin
FROM (SELECT '{"version":1,"scores":[0,0,0,30,0,0,0,30,0,0,40]}'::nps_summary AS s) t;
-- Extremes: all promoters 100 (margin 0), all detractors -100, one answer margin 0.
SELECT nps(nps_agg(x)), nps_margin(nps_agg(x)) FROM (VALUES (10), (9)) v(x);
SELECT nps(nps_agg(x)), nps_margin(nps_agg(x)) FROM (VALUES (0), (6)) v(x);
SELECT nps(nps_agg(x)), nps_margin(nps_agg(x)) FROM (VALUES (8)) v(x);

-- NULL handling: NULL scores are skipped; no answers gives a NULL summary; an empty
-- summary has 0 responses and a NULL score.
SELECT nps_agg(score) IS NULL AS no_rows FROM survey WHERE false;
SELECT nps_agg(score) IS NULL AS only_nulls FROM survey WHERE score IS NULL;
SELECT responses(s), nps(s), nps_margin(s)
FROM (SELECT '{"version":1,"scores":[0,0,0,0,0,0,0,0,0,0,0]}'::nps_summary AS s) t;

-- Forced parallel plans give the serial answers, for nps_agg and for rollup.
CREATE TABLE big AS SELECT i, i % 13 AS g, ((i * 7919) % 11) AS score FROM generate_series(1, 200000) i;
ANALYZE big;
CREATE TABLE serial_result AS SELECT g, nps_agg(score)::text AS s FROM big GROUP BY g;
CREATE TABLE serial_total AS SELECT nps_agg(score)::text AS s FROM big;
CREATE TABLE parts AS SELECT i % 1000 AS part, nps_agg(score) AS s FROM big GROUP BY 1;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT nps_agg(score) FROM big;
SELECT nps_agg(score)::text = (SELECT s FROM serial_total) AS total_equal, nps(nps_agg(score)) FROM big;
SELECT count(*) AS groups, count(*) FILTER (WHERE p.s = r.s) AS equal_serial
FROM (SELECT g, nps_agg(score)::text AS s FROM big GROUP BY g) p JOIN serial_result r USING (g);
EXPLAIN (COSTS OFF) SELECT rollup(s) FROM parts;
SELECT rollup(s)::text = (SELECT s FROM serial_total) AS rollup_equal FROM parts;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;
-- Cross-check against plain SQL on the same rows.
SELECT promoters(s) = (SELECT count(*) FROM big WHERE score >= 9) AS p,
       passives(s) = (SELECT count(*) FROM big WHERE score IN (7, 8)) AS pa,
       detractors(s) = (SELECT count(*) FROM big WHERE score <= 6) AS d
FROM (SELECT s::nps_summary AS s FROM serial_total) t;

-- Bad input.
\set VERBOSITY default
SELECT nps_agg(x) FROM (VALUES (10), (11)) v(x);
\echo :LAST_ERROR_SQLSTATE
SELECT nps_agg(x) FROM (VALUES (-1)) v(x);
\echo :LAST_ERROR_SQLSTATE
SELECT nps_margin(nps_agg(x), 1) FROM (VALUES (10)) v(x);
\echo :LAST_ERROR_SQLSTATE
SELECT nps_margin(nps_agg(x), 0) FROM (VALUES (10)) v(x);
\echo :LAST_ERROR_SQLSTATE
SELECT nps_margin(nps_agg(x), 'NaN') FROM (VALUES (10)) v(x);
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"scores":[1,2]}'::nps_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"scores":[0,0,0,0,0,0,0,0,0,0,-1]}'::nps_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT 'not json'::nps_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":7,"scores":[0,0,0,0,0,0,0,0,0,0,0]}'::nps_summary;
\echo :LAST_ERROR_SQLSTATE

DROP SCHEMA t_nps CASCADE;
