-- RFM summaries: accessors, rollup, text form, exactness, segments, buyer types,
-- forced-parallel = serial, bad input. Expected values were computed by hand
-- (see the comments) and then checked against this output.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_rfm CASCADE;
CREATE SCHEMA t_rfm;
SET search_path = t_rfm, public;
SET TimeZone = 'UTC';

CREATE TABLE orders (customer text, ts date, amount float8);
INSERT INTO orders VALUES
  ('a', '2024-01-01', 10), ('a', '2024-01-01', 5), ('a', '2024-01-03', 20),
  ('a', '2024-01-09', 7.5), ('a', '2024-02-15', 12.25), ('a', '2024-03-31', 30),
  ('b', '2024-02-29', 100),
  ('c', '2024-01-31', 1), ('c', '2024-02-01', 2), ('c', '2024-02-05', 4), ('c', '2024-04-10', 8),
  ('c', NULL, 99), ('c', '2024-02-06', NULL);          -- NULL rows are skipped

-- a: 6 orders on 5 days, 84.75 in total (mean 14.125); last purchase 03-31.
-- b: one order. c: 4 orders (the NULL rows skipped), 15 in total, 04-10 after as_of.
SELECT customer,
       purchase_count(s), purchase_days(s), monetary_total(s), monetary_mean(s),
       first_purchase(s), last_purchase(s),
       recency_days(s, '2024-03-31') AS recency,
       purchase_count(s, '2024-03-31') AS count_as_of,
       monetary_total(s, '2024-03-31') AS total_as_of,
       monetary_mean(s, '2024-03-31') AS mean_as_of
FROM (SELECT customer, rfm_agg(ts, amount) AS s FROM orders GROUP BY customer) q
ORDER BY customer;

-- Before the first purchase: recency and means are NULL, counts 0.
SELECT recency_days(s, '2023-12-31'), purchase_count(s, '2023-12-31'),
       monetary_total(s, '2023-12-31'), monetary_mean(s, '2023-12-31')
FROM (SELECT rfm_agg(ts, amount) AS s FROM orders WHERE customer = 'a') q;

-- Text form: per day [date, orders, amount]; it round-trips exactly.
SELECT rfm_agg(ts, amount)::text FROM orders WHERE customer = 'a';
SELECT s::text::rfm_summary::text = s::text AS text_round_trip
FROM (SELECT rfm_agg(ts, amount) AS s FROM orders GROUP BY customer) q;

-- Exact sums: ten orders of 0.1 total exactly 1 (a float8 sum gives 0.9999999999999999).
SELECT monetary_total(rfm_agg(date '2024-01-01', 0.1)) AS exact, sum(0.1::float8) AS naive
FROM generate_series(1, 10);
-- A day whose sum needs two floats keeps the remainder in its text form.
SELECT rfm_agg(date '2024-01-01', x)::text
FROM (VALUES (1e16::float8), (1::float8)) v(x);
SELECT '{"version":1,"days":[["2024-01-01",2,[1,1e16]]]}'::rfm_summary::text;

-- timestamptz: days are taken in the session TimeZone.
SET TimeZone = 'Asia/Tokyo';
SELECT first_purchase(rfm_agg(timestamptz '2024-01-01 23:30:00+00', 5));
SET TimeZone = 'UTC';
SELECT first_purchase(rfm_agg(timestamptz '2024-01-01 23:30:00+00', 5));

-- rollup of monthly summaries equals the summary of all orders.
SELECT customer, rollup(s)::text = (SELECT rfm_agg(ts, amount)::text FROM orders o WHERE o.customer = m.customer) AS same
FROM (SELECT customer, date_trunc('month', ts) AS month, rfm_agg(ts, amount) AS s
      FROM orders GROUP BY 1, 2) m
GROUP BY customer ORDER BY customer;

-- BTYD inputs by hand (lifetimes semantics, as_of 2024-03-31):
-- a by day: 5 purchase days -> frequency 4, recency 90, T 90, monetary (20+7.5+12.25+30)/4 = 17.4375
-- a by ISO week: weeks of 01-01, 01-08, 02-12, 03-25 -> 3, 12, 12, (7.5+12.25+30)/3
-- a by month: Jan, Feb, Mar -> 2, 2, 2, (12.25+30)/2 = 21.125
-- b: 0, 0, 31 days / 4 weeks / 1 month, monetary 0
-- c (04-10 ignored) by day: 01-31, 02-01, 02-05 -> 2, 5, 60, (2+4)/2 = 3
SELECT customer, p,
       btyd_frequency(s, '2024-03-31', p) AS x, btyd_recency(s, '2024-03-31', p) AS t_x,
       btyd_age(s, '2024-03-31', p) AS "T", btyd_monetary(s, '2024-03-31', p) AS monetary
FROM (SELECT customer, rfm_agg(ts, amount) AS s FROM orders GROUP BY customer) q,
     unnest(ARRAY['day', 'week', 'month']) p
ORDER BY customer, array_position(ARRAY['day', 'week', 'month'], p);
-- The default period is day; no purchase up to as_of gives NULL.
SELECT btyd_frequency(s, '2024-03-31'), btyd_frequency(s, '2024-01-30'), btyd_monetary(s, '2024-01-30')
FROM (SELECT rfm_agg(ts, amount) AS s FROM orders WHERE customer = 'c') q;

-- rfm_segment: every one of the 125 cells, one row per (r, f), m = 1..5 left to right.
SELECT r, f, string_agg(rfm_segment(r, f, m), ' ' ORDER BY m) AS m1_to_m5
FROM generate_series(1, 5) r, generate_series(1, 5) f, generate_series(1, 5) m
GROUP BY r, f ORDER BY r, f;
-- All eleven segments are reached; cells per segment.
SELECT rfm_segment(r, f, m) AS segment, count(*) AS cells
FROM generate_series(1, 5) r, generate_series(1, 5) f, generate_series(1, 5) m
GROUP BY 1 ORDER BY 2 DESC, 1;
SELECT count(DISTINCT rfm_segment(r, f, m)) AS segments, count(*) AS cells
FROM generate_series(1, 5) r, generate_series(1, 5) f, generate_series(1, 5) m;
-- Scores from ntile(5), 5 = best (most recent, most frequent, highest spend).
SELECT customer, r, f, m, rfm_segment(r, f, m)
FROM (SELECT customer,
             ntile(5) OVER (ORDER BY recency_days(s, '2024-03-31') DESC) AS r,
             ntile(5) OVER (ORDER BY purchase_days(s, '2024-03-31')) AS f,
             ntile(5) OVER (ORDER BY monetary_total(s, '2024-03-31')) AS m
      FROM (SELECT customer, rfm_agg(ts, amount) AS s FROM orders GROUP BY customer) q) scored
ORDER BY customer;

-- buyer_type: a has 5 purchase days in the year to 03-31 -> frequent; with
-- frequent_min_days 6 -> occasional; b one day -> one_time; nothing yet -> NULL.
SELECT customer, buyer_type(s, '2024-03-31') AS default_thresholds,
       buyer_type(s, '2024-03-31', 6) AS min6, buyer_type(s, '2024-03-31', 2, 30) AS min2_30days,
       buyer_type(s, '2023-01-01') AS before_any
FROM (SELECT customer, rfm_agg(ts, amount) AS s FROM orders GROUP BY customer) q
ORDER BY customer;

-- Forced parallel plans give the same summaries as a serial scan.
CREATE TABLE big_orders AS
SELECT (i % 997)::int AS customer,
       date '2022-01-01' + ((i * 7919) % 900)::int AS ts,
       (((i * 104729) % 10000) / 100.0 + 0.01)::float8 AS amount
FROM generate_series(1, 100000::bigint) i;
ANALYZE big_orders;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_result AS
SELECT customer, rfm_agg(ts, amount)::text AS s FROM big_orders GROUP BY customer;
CREATE TABLE serial_total AS SELECT rfm_agg(ts, amount)::text AS s FROM big_orders;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT customer, rfm_agg(ts, amount) FROM big_orders GROUP BY customer;
CREATE TABLE parallel_result AS
SELECT customer, rfm_agg(ts, amount)::text AS s FROM big_orders GROUP BY customer;
SELECT count(*) AS customers, count(*) FILTER (WHERE s.s IS DISTINCT FROM p.s) AS different
FROM serial_result s FULL JOIN parallel_result p USING (customer);
EXPLAIN (COSTS OFF) SELECT rfm_agg(ts, amount) FROM big_orders;
SELECT (SELECT rfm_agg(ts, amount)::text FROM big_orders) = (SELECT s FROM serial_total) AS same_total;
SELECT purchase_count(rfm_agg(ts, amount)), abs(monetary_total(rfm_agg(ts, amount)) - sum(amount::numeric)) < 1e-6 AS total_ok
FROM big_orders;
-- rollup over the per-customer summaries equals the total.
SELECT rollup(s::rfm_summary)::text = (SELECT s FROM serial_total) AS rollup_equals_total FROM parallel_result;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- Bad input: clear errors.
SELECT rfm_agg(date '2024-01-01', -5);
SELECT rfm_agg(date '2024-01-01', 'NaN');
SELECT rfm_agg(date '2024-01-01', 'Infinity');
SELECT rfm_agg(date '2024-01-01', 1e200);
SELECT rfm_agg(date 'infinity', 5);
SELECT btyd_frequency(rfm_agg(date '2024-01-01', 5), '2024-02-01', 'fortnight');
SELECT rfm_segment(0, 3, 3);
SELECT rfm_segment(3, 6, 3);
SELECT buyer_type(rfm_agg(date '2024-01-01', 5), '2024-02-01', 1);
SELECT buyer_type(rfm_agg(date '2024-01-01', 5), '2024-02-01', 4, 0);
SELECT '{"version":1,"days":[["2024-01-02",1,1],["2024-01-01",1,1]]}'::rfm_summary;
SELECT '{"version":1,"days":[["2024-01-01",0,1]]}'::rfm_summary;
SELECT '{"version":1,"days":[["2024-01-01",1,-1]]}'::rfm_summary;
SELECT '{"version":7,"days":[]}'::rfm_summary;
SELECT 'nonsense'::rfm_summary;

DROP SCHEMA t_rfm CASCADE;
