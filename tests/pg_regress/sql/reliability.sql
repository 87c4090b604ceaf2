-- Reliability (issue 11): nothing is written that cannot be read back, fitted
-- models are finite and read back, text dates outside PostgreSQL's range are
-- 22008, window_funnel computes without overflow and checks every row. Each
-- reproduction of the issue gives a clean error (with its SQLSTATE) or the right
-- answer, worked out in the comment next to it.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_reliability CASCADE;
CREATE SCHEMA t_reliability;
SET search_path = t_reliability, public;
SET extra_float_digits = 0;
SET TimeZone = 'UTC';
\set VERBOSITY default

-- ---- usage_summary: sums and counts beyond their types are refused when written

-- Two quantities of 1e308 on one day: their sum is beyond float8 (was stored, then
-- every read failed with XX001).
CREATE TABLE p AS SELECT usage_agg(d, 1e308) s FROM (VALUES ('2024-01-01'::date), ('2024-01-01')) v(d);
\echo :LAST_ERROR_SQLSTATE
-- One is fine and reads back.
CREATE TABLE one AS SELECT usage_agg('2024-01-01'::date, 1e308) s UNION ALL SELECT usage_agg('2024-01-02'::date, 1e308);
SELECT s::text, s::text::usage_summary::text = s::text AS reads_back FROM one;
-- The rollup of the two.
CREATE TABLE p2 AS SELECT rollup(s) s FROM one;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_summary_merge(a.s, b.s) FROM one a, one b LIMIT 1;
\echo :LAST_ERROR_SQLSTATE
-- An event count near 2^64 merged with one more event.
CREATE TABLE big AS SELECT '{"version":1,"events":18446744073709551615,"quantity":1,"days":["2024-01-01"]}'::usage_summary s
  UNION ALL SELECT '{"version":1,"events":1,"quantity":1,"days":["2024-01-01"]}'::usage_summary;
CREATE TABLE p3 AS SELECT rollup(s) s FROM big;
\echo :LAST_ERROR_SQLSTATE
-- Days outside PostgreSQL's date range (4714-11-24 BC to 5874897-12-31): 22008,
-- never stored (9999999-01-01 once made the row unreadable).
SELECT '{"version":1,"events":1,"quantity":1,"days":["9999999-01-01"]}'::usage_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"events":1,"quantity":1,"days":["5874898-01-01"]}'::usage_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"events":2,"quantity":1,"days":["-4713-11-23/2024-01-01"]}'::usage_summary;
\echo :LAST_ERROR_SQLSTATE
-- The first and last dates themselves are accepted and read back as dates.
CREATE TABLE edge AS SELECT '{"version":1,"events":2,"quantity":1,"days":["-4713-11-24","5874897-12-31"]}'::usage_summary s;
SELECT s::text::usage_summary::text = s::text AS reads_back, first_seen(s), last_seen(s) FROM edge;

-- ---- rfm_summary: dates and order counts

-- Was accepted and printed as -1759223-12-12 (the year wrapped), while
-- first_purchase said 9999999-01-01.
SELECT '{"version":1,"days":[["9999999-01-01",1,1.0]]}'::rfm_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"days":[["-4713-11-23",1,1.0]]}'::rfm_summary;
\echo :LAST_ERROR_SQLSTATE
CREATE TABLE redge AS SELECT '{"version":1,"days":[["-4713-11-24",1,1.0],["5874897-12-31",1,2.0]]}'::rfm_summary s;
SELECT s::text, s::text::rfm_summary::text = s::text AS reads_back, first_purchase(s), last_purchase(s) FROM redge;
-- At most 2^63 - 1 orders in all: purchase_count is exact up to there. The rollup
-- of two such summaries once returned an empty summary; now 22003.
CREATE TABLE most AS SELECT '{"version":1,"days":[["2024-01-01",9223372036854775807,1.0]]}'::rfm_summary s;
SELECT purchase_count(s) FROM most;
SELECT rollup(s) FROM (SELECT s FROM most UNION ALL SELECT s FROM most) v;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"days":[["2024-01-01",18446744073709551615,1.0]]}'::rfm_summary;
\echo :LAST_ERROR_SQLSTATE

-- ---- mrr_history and saas_summary: running MRR and customers

-- Each history is valid, but their running MRR (9e37 from January plus 9e37 from
-- February) exceeds the 128-bit sums: once written, then unreadable (XX001); now
-- refused when written, by rollup, mrr_agg and saas_agg alike.
CREATE TABLE h AS SELECT mrr_agg('2024-01-15'::date, NULL, 90000000000000000000000000000000000000) h
  UNION ALL SELECT mrr_agg('2024-02-15'::date, NULL, 90000000000000000000000000000000000000);
CREATE TABLE h2 AS SELECT rollup(h) h FROM h;
\echo :LAST_ERROR_SQLSTATE
SELECT mrr_agg(s, NULL, 90000000000000000000000000000000000000)
FROM (VALUES ('2024-01-15'::date), ('2024-02-15')) v(s);
\echo :LAST_ERROR_SQLSTATE
CREATE TABLE s1 AS SELECT saas_agg(h) s FROM h;
\echo :LAST_ERROR_SQLSTATE
-- Below that limit the merged value reads back (1.5e38 = 9e37 + 6e37 in one month).
CREATE TABLE h3 AS SELECT rollup(h) h FROM (SELECT mrr_agg('2024-01-15'::date, NULL, 90000000000000000000000000000000000000) h
  UNION ALL SELECT mrr_agg('2024-01-15'::date, NULL, 60000000000000000000000000000000000000)) v;
SELECT h::text::mrr_history::text = h::text AS reads_back, mrr_at(h, '2024-03-01') FROM h3;
-- Paying customers beyond bigint: 2^63 - 1 new in January plus 1 in February.
CREATE TABLE ss AS SELECT '{"cash":[],"months":[{"month":"2024-01-01","new":["1.00",9223372036854775807]}],"scale":2,"version":1}'::saas_summary s
  UNION ALL SELECT '{"cash":[],"months":[{"month":"2024-02-01","new":["1.00",1]}],"scale":2,"version":1}'::saas_summary;
CREATE TABLE ss2 AS SELECT rollup(s) s FROM ss;
\echo :LAST_ERROR_SQLSTATE
-- Months outside the date range: 22008 (were 22P02).
SELECT '{"cash":[],"mrr":[["9999999-01-01","1.00"]],"scale":2,"version":1}'::mrr_history;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"cash":[],"months":[{"month":"9999999-01-01","new":["1.00",1]}],"scale":2,"version":1}'::saas_summary;
\echo :LAST_ERROR_SQLSTATE

-- ---- nps_summary: at most 2^63 - 1 answers
SELECT rollup(s) FROM (VALUES ('{"version":1,"scores":[0,0,0,0,0,0,0,0,0,0,9223372036854775807]}'::nps_summary),
                              ('{"version":1,"scores":[0,0,0,0,0,0,0,0,0,1,0]}'::nps_summary)) v(s);
\echo :LAST_ERROR_SQLSTATE

-- ---- CLV models: finite fields, text that reads back

CREATE TABLE cdnow (id int, x int, t_x float8, age float8, zbar float8);
\copy cdnow FROM '../data/cdnow_customers_summary_with_transactions.csv' WITH (FORMAT csv, HEADER)
-- Weights of 2^1000 per customer: the fits are means, so the estimates are those of
-- unit weights bit for bit (the weights are scaled by a power of two, exactly;
-- unscaled, sums of such weights times the likelihood's terms overflow). The
-- log-likelihood is 2^1000 times the unit one.
CREATE TABLE fits AS
SELECT bgnbd_fit(x, t_x, age) AS bg1, bgnbd_fit(x, t_x, age, 2 ^ 1000) AS bgk,
       gamma_gamma_fit(x, zbar) AS gg1, gamma_gamma_fit(x, zbar, 2 ^ 1000) AS ggk FROM cdnow;
SELECT (a->>'r') = (b->>'r') AND (a->>'alpha') = (b->>'alpha') AND (a->>'a') = (b->>'a') AND (a->>'b') = (b->>'b') AS same_bgnbd,
       round((a->>'r')::numeric, 3) AS r, round((a->>'b')::numeric, 3) AS b, b->>'converged' AS converged,
       abs((b->>'log_likelihood')::float8 / 2 ^ 1000 / (a->>'log_likelihood')::float8 - 1) < 1e-12 AS ll_scaled
FROM (SELECT bg1::text::jsonb a, bgk::text::jsonb b FROM fits) f;
SELECT (a->>'p') = (b->>'p') AND (a->>'q') = (b->>'q') AND (a->>'v') = (b->>'v') AS same_gamma_gamma,
       round((a->>'p')::numeric, 2) AS p, b->>'converged' AS converged
FROM (SELECT gg1::text::jsonb a, ggk::text::jsonb b FROM fits) f;
-- Every model's text reads back to the same text.
SELECT bgk::text::bgnbd_model::text = bgk::text AND ggk::text::gamma_gamma_model::text = ggk::text AS reads_back FROM fits;
-- One customer of weight 1.7e308 among the unit ones: the log-likelihood is beyond
-- float8 (about -1.7e308 times a few), so the fit is 22003, not a model printing null.
SELECT bgnbd_fit(x, t_x, age, CASE WHEN id = 1 THEN 1.7e308 ELSE 1 END) FROM cdnow;
\echo :LAST_ERROR_SQLSTATE
-- Weights that add up beyond float8: 22003 before fitting.
SELECT pareto_nbd_fit(x, t_x, age, 1e308) FROM cdnow;
\echo :LAST_ERROR_SQLSTATE
SELECT gamma_gamma_fit(x, zbar, 1e308) FROM cdnow;
\echo :LAST_ERROR_SQLSTATE
-- A fit on four customers reads back too.
CREATE TABLE few AS SELECT bgnbd_fit(x, t_x, age) m FROM (VALUES (1, 1, 2), (0, 0, 2), (2, 1, 2), (5, 2, 2)) v(x, t_x, age);
SELECT m::text::jsonb->>'converged' AS converged, m::text::bgnbd_model::text = m::text AS reads_back FROM few;
-- Written by hand: every field must be finite (n and the penalizer >= 0).
SELECT '{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426,"n":-1}'::bgnbd_model;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426,"log_likelihood":1e400}'::bgnbd_model;
\echo :LAST_ERROR_SQLSTATE
-- expected_spend at x = 1e308 was NaN; the weight of the customer's own mean tends
-- to 1 (p x / (p x + q - 1)), so the answer is the customer's mean, 35.
SELECT expected_spend('{"p":6.25,"q":3.74,"v":15.44}'::gamma_gamma_model, 1e308, 35);
-- A population mean beyond float8 (v p / (q - 1) with q - 1 = 2e-16): 22003.
SELECT expected_spend('{"p":1e300,"q":1.0000000000000002,"v":1e300}'::gamma_gamma_model, 1, 35);
\echo :LAST_ERROR_SQLSTATE

-- ---- window_funnel

-- Dates after 294276 AD overflowed microseconds: 2000-01-01 (step 1) and 213,503,982
-- days later (step 2, 2^64 microseconds apart) both became 0 and answered 2; the
-- steps are 584,542 years apart, so with a 1-day window the answer is 1.
SELECT window_funnel(interval '1 day', d, ARRAY[s = 1, s = 2])
FROM (VALUES ('2000-01-01'::date, 1), ('2000-01-01'::date + 213503982, 2)) v(d, s);
-- Near the end of the date range, whole days compare exactly: 1 day apart.
SELECT window_funnel(interval '1 day', d, ARRAY[s = 1, s = 2]) AS one_day,
       window_funnel(interval '23 hours 59 minutes', d, ARRAY[s = 1, s = 2]) AS under_a_day
FROM (VALUES ('5874897-12-30'::date, 1), ('5874897-12-31'::date, 2)) v(d, s);
-- The longest windows reach across the whole timestamp range.
SELECT window_funnel(interval '178000000 days', t, ARRAY[s = 1, s = 2])
FROM (VALUES ('4714-11-24 00:00:00 BC'::timestamp, 1), ('294276-12-31 23:59:59'::timestamp, 2)) v(t, s);
-- Every negative window is an error: -106,752 days once counted as unlimited.
SELECT window_funnel(interval '-106752 days', now(), ARRAY[true]);
\echo :LAST_ERROR_SQLSTATE
SELECT window_funnel(interval '-1 microsecond', '2024-01-01'::date, ARRAY[true]);
\echo :LAST_ERROR_SQLSTATE
-- Months have no fixed length: refused, also when days make up for them.
SELECT window_funnel(interval '1 month -30 days', now(), ARRAY[true]);
\echo :LAST_ERROR_SQLSTATE
SELECT window_funnel(interval '1 day', 'infinity'::timestamptz, ARRAY[true]);
\echo :LAST_ERROR_SQLSTATE
-- Window and modes are checked on every row: the same rows give the same error in
-- either order (only the first row's window was checked, so one order answered 2).
CREATE TABLE rows_w (k int, w interval, t timestamptz, s int);
INSERT INTO rows_w VALUES (1, '1 hour', '2024-01-01 10:00', 1), (2, '-1 hour', '2024-01-01 10:30', 2);
SELECT window_funnel(w, t, ARRAY[s = 1, s = 2] ORDER BY k) FROM rows_w;
\echo :LAST_ERROR_SQLSTATE
SELECT window_funnel(w, t, ARRAY[s = 1, s = 2] ORDER BY k DESC) FROM rows_w;
\echo :LAST_ERROR_SQLSTATE
UPDATE rows_w SET w = '2 hours' WHERE k = 2;
SELECT window_funnel(w, t, ARRAY[s = 1, s = 2] ORDER BY k) FROM rows_w;
\echo :LAST_ERROR_SQLSTATE
SELECT window_funnel(w, t, ARRAY[s = 1, s = 2] ORDER BY k DESC) FROM rows_w;
\echo :LAST_ERROR_SQLSTATE
CREATE TABLE rows_m (k int, t timestamptz, s int, m text[]);
INSERT INTO rows_m VALUES (1, '2024-01-01 10:00', 1, '{}'), (2, '2024-01-01 10:00', 2, '{strict_increase}');
SELECT window_funnel(interval '1 hour', t, ARRAY[s = 1, s = 2], m ORDER BY k) FROM rows_m;
\echo :LAST_ERROR_SQLSTATE
SELECT window_funnel(interval '1 hour', t, ARRAY[s = 1, s = 2], m ORDER BY k DESC) FROM rows_m;
\echo :LAST_ERROR_SQLSTATE
-- The same modes written differently are the same modes.
UPDATE rows_m SET m = '{STRICT_INCREASE}' WHERE k = 1;
SELECT window_funnel(interval '1 hour', t, ARRAY[s = 1, s = 2], m ORDER BY k) FROM rows_m;
DROP SCHEMA t_reliability CASCADE;
