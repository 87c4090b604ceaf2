-- CLTV from an orders table: rfm_agg per customer, its BTYD accessors, then the
-- fits and per-customer CLTV (the path of docs/cltv.md) on the CDNOW 1/10 sample.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_cltv_rfm CASCADE;
CREATE SCHEMA t_cltv_rfm;
SET search_path = t_cltv_rfm, public;
SET extra_float_digits = 0;

CREATE TABLE orders (customer_id int, order_date date, quantity int, amount float8);
\copy orders FROM '../data/cdnow_sample_transactions.csv' WITH (FORMAT csv, HEADER)
SELECT count(*) AS orders, count(DISTINCT customer_id) AS customers FROM orders;

-- 1. One RFM summary per customer over the 39-week calibration period.
CREATE TABLE customers AS
SELECT customer_id, rfm_agg(order_date, amount) AS s
FROM orders WHERE order_date <= '1997-09-30' GROUP BY customer_id;

-- 2. BTYD inputs in days (lifetimes' summary_data_from_transaction_data, freq 'D').
CREATE TABLE btyd AS
SELECT customer_id,
       btyd_frequency(s, '1997-09-30') AS x,
       btyd_recency(s, '1997-09-30') AS t_x,
       btyd_age(s, '1997-09-30') AS age,
       btyd_monetary(s, '1997-09-30') AS monetary
FROM customers;

-- The same (x, t_x, T) as lifetimes' CDNOW summary (weeks = days / 7, 2 decimals).
CREATE TABLE summary (id int, x int, t_x float8, age float8, zbar float8);
\copy summary FROM '../data/cdnow_customers_summary_with_transactions.csv' WITH (FORMAT csv, HEADER)
SELECT count(*) AS matching FROM
  (SELECT x, round(t_x / 7.0, 2) AS t_x, round(age / 7.0, 2) AS age, count(*) AS n FROM btyd GROUP BY 1, 2, 3) a
  JOIN (SELECT x, round(t_x::numeric, 2) AS t_x, round(age::numeric, 2) AS age, count(*) AS n FROM summary GROUP BY 1, 2, 3) b
  USING (x, t_x, age, n);
SELECT count(*) AS distinct_triples FROM (SELECT DISTINCT x, t_x, age FROM btyd) d;

-- 3. Fit in days; the parameters in weeks (alpha * 1/7) reproduce the published
-- estimates (r 0.243, alpha 4.414, a 0.793, b 2.426; Gamma-Gamma p 6.25, q 3.74, gamma 15.44).
CREATE TABLE models AS
SELECT (SELECT bgnbd_fit(x, t_x, age) FROM btyd) AS bg,
       (SELECT gamma_gamma_fit(x, monetary) FROM btyd) AS gg;
SELECT round((j->>'r')::numeric, 3) AS r, round((j->>'alpha')::numeric / 7, 3) AS alpha_weeks,
       round((j->>'a')::numeric, 3) AS a, round((j->>'b')::numeric, 3) AS b, j->>'converged' AS converged
FROM (SELECT bg::text::jsonb AS j FROM models) m;
SELECT round((j->>'p')::numeric, 2) AS p, round((j->>'q')::numeric, 2) AS q, round((j->>'v')::numeric, 2) AS v,
       j->>'n' AS repeat_customers
FROM (SELECT gg::text::jsonb AS j FROM models) m;

-- 4. CLTV per customer for the next 12 months (days as the time unit: 30 per month).
SELECT customer_id, x, t_x, age, round(monetary::numeric, 2) AS monetary,
       round(p_alive(bg, x, t_x, age)::numeric, 3) AS p_alive,
       round(expected_purchases(bg, 365, x, t_x, age)::numeric, 3) AS next_365_days,
       round(cltv(bg, gg, x, t_x, age, monetary)::numeric, 2) AS cltv_12m
FROM btyd, models ORDER BY cltv(bg, gg, x, t_x, age, monetary) DESC, customer_id LIMIT 5;
SELECT round(sum(cltv(bg, gg, x, t_x, age, monetary))::numeric, 0) AS total_cltv_12m FROM btyd, models;
