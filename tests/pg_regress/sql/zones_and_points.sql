-- Scale-out building blocks on one node: time zones (session-zone aggregates are
-- STABLE so postgres_fdw keeps them local; explicit-zone ones are IMMUTABLE and
-- give one answer in every session) and the mergeable CLV fit inputs
-- purchase_points / spend_points (their rollups and fits equal the fitting
-- aggregates over the customers; CDNOW sample from lifetimes 0.11.3).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_zones CASCADE;
CREATE SCHEMA t_zones;
SET search_path = t_zones, public;
SET extra_float_digits = 0;

-- Volatility: the session-zone overloads are STABLE, the explicit-zone ones IMMUTABLE.
SELECT p.oid::regprocedure AS aggregate, p.provolatile
FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid
WHERE p.proname IN ('usage_agg', 'usage_intensity', 'rfm_agg')
ORDER BY p.oid::regprocedure::text;

-- Events at 07:30 UTC: the previous day in Los Angeles, the same day in Paris.
CREATE TABLE ev AS
SELECT g % 3 AS uid, timestamptz '2024-03-01 07:30:00+00' + (g / 3) * interval '1 day' AS ts,
       g::float8 AS q, 'f' || (g % 2) AS feature
FROM generate_series(0, 29) g;

SET TimeZone = 'UTC';
CREATE TABLE utc AS
SELECT uid, usage_agg('America/Los_Angeles', ts, q, feature)::text AS la, usage_agg(ts, q, feature)::text AS session,
       rfm_agg('America/Los_Angeles', ts, q)::text AS rfm_la, usage_intensity('Europe/Paris', ts, q) AS paris
FROM ev GROUP BY uid;
SET TimeZone = 'America/Los_Angeles';
-- Explicit zone: the same text in every session; session zone: LA days now.
SELECT e.uid, usage_agg('America/Los_Angeles', ts, q, feature)::text = u.la AS la_same,
       rfm_agg('America/Los_Angeles', ts, q)::text = u.rfm_la AS rfm_same,
       usage_intensity('Europe/Paris', ts, q) = u.paris AS paris_same,
       usage_agg(ts, q, feature)::text = u.la AS session_is_la, u.session = u.la AS utc_is_la
FROM ev e JOIN utc u USING (uid) GROUP BY e.uid, u.la, u.rfm_la, u.paris, u.session ORDER BY 1;
SELECT first_seen(usage_agg('America/Los_Angeles', ts)) AS la, first_seen(usage_agg('Asia/Tokyo', ts)) AS tokyo,
       first_seen(usage_agg('UTC', ts)) AS utc, first_seen(usage_agg('-10', ts)) AS minus_10
FROM ev;
-- Days are PostgreSQL's own (ts AT TIME ZONE zone)::date, for names, abbreviations and POSIX offsets.
SELECT z, first_seen(usage_agg(z, ts)) = min((ts AT TIME ZONE z)::date) AS first_same,
       last_seen(usage_agg(z, ts)) = max((ts AT TIME ZONE z)::date) AS last_same,
       active_days(usage_agg(z, ts)) = count(DISTINCT (ts AT TIME ZONE z)::date) AS days_same
FROM ev, unnest(ARRAY['America/Los_Angeles', 'Asia/Tokyo', 'PST', '-10', 'UTC+3']) z GROUP BY z ORDER BY z;
-- A zone per row (a column): text converts to time_zone implicitly.
SELECT first_seen(usage_agg(z, ts)) FROM ev, (VALUES ('Asia/Tokyo'::text)) v(z);
-- Forced parallel plan: the serial answer.
CREATE TABLE big AS
SELECT g % 97 AS uid, timestamptz '2024-01-01 00:00+00' + g * interval '7 minutes' AS ts FROM generate_series(1, 60000) g;
ANALYZE big;
SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT uid, usage_agg('Asia/Kolkata', ts) s FROM big GROUP BY uid;
SELECT md5(string_agg(s::text, ',' ORDER BY uid)) AS parallel FROM (SELECT uid, usage_agg('Asia/Kolkata', ts) s FROM big GROUP BY uid) x \gset
SET max_parallel_workers_per_gather = 0;
SELECT md5(string_agg(s::text, ',' ORDER BY uid)) = :'parallel' AS parallel_equals_serial
FROM (SELECT uid, usage_agg('Asia/Kolkata', ts) s FROM big GROUP BY uid) x;
RESET max_parallel_workers_per_gather; RESET parallel_setup_cost; RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
-- Bad zones.
\set VERBOSITY terse
SELECT usage_agg('Mars/Olympus', ts) FROM ev;
SELECT usage_agg(NULL::time_zone, ts) FROM ev;
SELECT rfm_agg(NULL::time_zone, ts, q) FROM ev WHERE false;
\set VERBOSITY default
RESET TimeZone;

-- ---- purchase_points / spend_points ------------------------------------------------
CREATE TABLE cdnow (id int, x int, t_x float8, age float8, zbar float8);
\copy cdnow FROM '../data/cdnow_customers_summary_with_transactions.csv' WITH (FORMAT csv, HEADER)
-- Four "shards" by id: per-shard points, rolled up.
CREATE TABLE shard_points AS
SELECT id % 4 AS shard, purchase_points(x, t_x, age) AS p, spend_points(x, zbar) AS s FROM cdnow GROUP BY 1;
SELECT shard, distinct_points(p), customer_count(p), distinct_points(s), customer_count(s)
FROM shard_points ORDER BY shard;
CREATE TABLE whole AS SELECT rollup(p) AS p, rollup(s) AS s FROM shard_points;
SELECT distinct_points(p), customer_count(p), distinct_points(s), customer_count(s) FROM whole;
-- The rollup equals the points of all customers at once, and its text reads back.
SELECT (SELECT p::text FROM whole) = (SELECT purchase_points(x, t_x, age)::text FROM cdnow) AS rollup_equals_all,
       (SELECT s::text FROM whole) = (SELECT spend_points(x, zbar)::text FROM cdnow) AS spend_equal,
       (SELECT p::text::purchase_points::text = p::text AND s::text::spend_points::text = s::text FROM whole) AS round_trip;
-- Fits of the stored points equal the fitting aggregates over the customers, bit for bit.
SELECT (SELECT bgnbd_fit(p)::text FROM whole) = (SELECT bgnbd_fit(x, t_x, age)::text FROM cdnow) AS bgnbd_same,
       (SELECT pareto_nbd_fit(p)::text FROM whole) = (SELECT pareto_nbd_fit(x, t_x, age)::text FROM cdnow) AS pareto_same,
       (SELECT gamma_gamma_fit(s)::text FROM whole) = (SELECT gamma_gamma_fit(x, zbar)::text FROM cdnow) AS gg_same,
       (SELECT bgnbd_fit(p, 0.1)::text FROM whole) = (SELECT bgnbd_fit(x, t_x, age, 1, 0.1)::text FROM cdnow) AS penalized_same;
-- As docs/cltv.md writes it: rollup inside the fit.
SELECT distinct_points(rollup(p)), customer_count(rollup(p)), distinct_points(rollup(s)), customer_count(rollup(s))
FROM shard_points;
SELECT bgnbd_fit(rollup(p))::text = (SELECT bgnbd_fit(x, t_x, age)::text FROM cdnow) AS same FROM shard_points;
-- Published (Fader, Hardie & Lee 2005): r 0.243, alpha 4.414, a 0.793, b 2.426.
SELECT round((j->>'r')::numeric, 3) AS r, round((j->>'alpha')::numeric, 3) AS alpha,
       round((j->>'a')::numeric, 3) AS a, round((j->>'b')::numeric, 3) AS b
FROM (SELECT bgnbd_fit(p)::text::jsonb AS j FROM whole) m;
-- Weighted rows: (x, t_x, T) counts give the same points.
SELECT (SELECT purchase_points(x, t_x, age, n)::text FROM (SELECT x, t_x, age, count(*)::float8 n FROM cdnow GROUP BY 1, 2, 3) g)
       = (SELECT p::text FROM whole) AS weighted_same;
-- Forced parallel plan: the serial answer.
SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT purchase_points(x, t_x, age) FROM cdnow;
SELECT purchase_points(x, t_x, age)::text = (SELECT p::text FROM whole) AS parallel_same FROM cdnow;
RESET max_parallel_workers_per_gather; RESET parallel_setup_cost; RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
-- Text form, empty groups, and bad input.
SELECT purchase_points(x, t_x, age) FROM cdnow WHERE id <= 3;
SELECT purchase_points(x, t_x, age) IS NULL AS no_rows, spend_points(x, zbar) IS NULL AS no_repeaters
FROM cdnow WHERE x = 0 AND id < 0;
SELECT spend_points(x, zbar) IS NULL AS no_repeaters FROM cdnow WHERE x = 0;
\set VERBOSITY terse
SELECT purchase_points(1, 5, 4);
SELECT purchase_points(x::float8, t_x, age, -1) FROM cdnow;
SELECT '{"version":2,"points":[[1,5,4,1]]}'::purchase_points;
SELECT '{"version":2,"points":[[0,5,1]]}'::spend_points;
SELECT '{"version":2,"points":[[1,2,4,1e308]]}'::purchase_points IS NOT NULL AS one_huge_weight_ok;
SELECT rollup(p) FROM (VALUES ('{"version":2,"points":[[1,2,4,1e308]]}'::purchase_points),
                              ('{"version":2,"points":[[1,2,4,1e308]]}'::purchase_points)) v(p);
SELECT bgnbd_fit('{"version":2,"points":[[1,2,4,1]]}'::purchase_points);
SELECT bgnbd_fit(p, -1) FROM whole;
\set VERBOSITY default
DROP SCHEMA t_zones CASCADE;
