-- MBG/NBD and BG/BB (lifetimes' ModifiedBetaGeoFitter and BetaGeoBetaBinomFitter)
-- and holdout calibration (lifetimes' calibration_and_holdout_data), on the data
-- lifetimes 0.11.3 ships (tests/data): reference numbers from lifetimes 0.11.3
-- itself (tests/reference/lt_btyd.py recomputes them live) and the published
-- BG/BB estimates; forced-parallel fits equal serial ones; bad input.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_btyd CASCADE;
CREATE SCHEMA t_btyd;
SET search_path = t_btyd, public;
SET extra_float_digits = 0;

CREATE TABLE cdnow (id int, x int, t_x float8, age float8, zbar float8);
\copy cdnow FROM '../data/cdnow_customers_summary_with_transactions.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE donations (x int, t_x int, n int, customers int);
\copy donations FROM '../data/donations.csv' WITH (FORMAT csv, HEADER)
SELECT count(*) AS patterns, sum(customers) AS donors FROM donations;

-- MBG/NBD on the CDNOW summary (weeks). lifetimes ModifiedBetaGeoFitter():
-- r 0.524837725567698, alpha 6.182988479134173, a 0.8913562809310741, b 1.6140000256718765;
-- with penalizer_coef 0.1: r 0.4082196163324852, alpha 5.312090014958156,
-- a 0.20482191780781028, b 0.3467883787625029.
CREATE TABLE models AS
SELECT mbgnbd_fit(x, t_x, age) AS mbg, mbgnbd_fit(x, t_x, age, 1, 0.1) AS mbg_pen FROM cdnow;
SELECT round(model_param(mbg, 'r')::numeric, 6) AS r, round(model_param(mbg, 'alpha')::numeric, 6) AS alpha,
       round(model_param(mbg, 'a')::numeric, 6) AS a, round(model_param(mbg, 'b')::numeric, 6) AS b,
       round(log_likelihood(mbg)::numeric, 2) AS ll, fitted_customers(mbg) AS n, converged(mbg)
FROM models;
SELECT abs(model_param(mbg, 'r') / 0.524837725567698 - 1) < 1e-5 AS r_ok,
       abs(model_param(mbg, 'alpha') / 6.182988479134173 - 1) < 1e-5 AS alpha_ok,
       abs(model_param(mbg, 'a') / 0.8913562809310741 - 1) < 1e-5 AS a_ok,
       abs(model_param(mbg, 'b') / 1.6140000256718765 - 1) < 1e-5 AS b_ok,
       abs(model_param(mbg_pen, 'r') / 0.4082196163324852 - 1) < 1e-4 AS pen_r_ok,
       abs(model_param(mbg_pen, 'alpha') / 5.312090014958156 - 1) < 1e-4 AS pen_alpha_ok,
       abs(model_param(mbg_pen, 'a') / 0.20482191780781028 - 1) < 1e-4 AS pen_a_ok,
       abs(model_param(mbg_pen, 'b') / 0.3467883787625029 - 1) < 1e-4 AS pen_b_ok
FROM models;
-- Weighted rows and stored points give the same model; the text form round-trips.
CREATE TABLE cdnow_counts AS SELECT x, t_x, age, count(*)::float8 AS n FROM cdnow GROUP BY 1, 2, 3;
SELECT (SELECT mbgnbd_fit(x, t_x, age, n) FROM cdnow_counts) = mbg AS weighted_equal,
       (SELECT mbgnbd_fit(purchase_points(x, t_x, age)) FROM cdnow) = mbg AS points_equal,
       mbg::text::mbgnbd_model = mbg AS round_trip, mbg::jsonb ? 'alpha' AS json_has_alpha
FROM models;

-- Predictions with lifetimes' fitted parameters, against lifetimes: P(alive) and
-- expected purchases in 39 weeks for (x, t_x, T) = (0, 0, 38.86): 0.38971644205013406,
-- 0.15395364436667178; (2, 30.43, 38.86): 0.7061262587154007, 1.2626707787139582;
-- (7, 29.43, 35.14): 0.7593998718148566, 4.135960582313605; a new customer in 39
-- weeks: 1.1822837952882774.
CREATE TABLE lt AS SELECT
  '{"r":0.524837725567698,"alpha":6.182988479134173,"a":0.8913562809310741,"b":1.6140000256718765}'::mbgnbd_model AS mbg,
  '{"alpha":1.2035223936080575,"beta":0.7497163581757686,"gamma":0.6567181695499168,"delta":2.783441982887393}'::bgbb_model AS bb,
  '{"p":6.25,"q":3.74,"v":15.44}'::gamma_gamma_model AS gg;
SELECT x, t_x, age, round(p_alive(mbg, x, t_x, age)::numeric, 12) AS p_alive,
       round(expected_purchases(mbg, 39, x, t_x, age)::numeric, 12) AS e39
FROM lt, (VALUES (0, 0, 38.86), (2, 30.43, 38.86), (7, 29.43, 35.14)) c(x, t_x, age) ORDER BY x;
SELECT round(expected_purchases(mbg, 39)::numeric, 12) AS new_e39,
       round(cltv(mbg, gg, 2, 30.43, 38.86, 22.35, time_unit => 'week')::numeric, 6) > 0 AS cltv_positive
FROM lt;

-- BG/BB on the donations data (Fader, Hardie & Shang 2010). Published: alpha
-- 1.204, beta 0.750, gamma 0.657, delta 2.783, LL -33,225.6. lifetimes
-- BetaGeoBetaBinomFitter: alpha 1.2035223936080575, beta 0.7497163581757686,
-- gamma 0.6567181695499168, delta 2.783441982887393.
CREATE TABLE bb_models AS SELECT bgbb_fit(x, t_x, n, customers) AS bb FROM donations;
SELECT round(model_param(bb, 'alpha')::numeric, 3) AS alpha, round(model_param(bb, 'beta')::numeric, 3) AS beta,
       round(model_param(bb, 'gamma')::numeric, 3) AS gamma, round(model_param(bb, 'delta')::numeric, 3) AS delta,
       round(log_likelihood(bb)::numeric, 1) AS ll, fitted_customers(bb) AS n, converged(bb)
FROM bb_models;
SELECT abs(model_param(bb, 'alpha') / 1.2035223936080575 - 1) < 1e-4 AS alpha_ok,
       abs(model_param(bb, 'beta') / 0.7497163581757686 - 1) < 1e-4 AS beta_ok,
       abs(model_param(bb, 'gamma') / 0.6567181695499168 - 1) < 1e-4 AS gamma_ok,
       abs(model_param(bb, 'delta') / 2.783441982887393 - 1) < 1e-4 AS delta_ok,
       bb::text::bgbb_model = bb AS round_trip
FROM bb_models;
-- lifetimes, for (x, t_x, n): P(alive now), P(alive 5 periods later), expected
-- transactions in the next 5: (0, 0, 6) 0.11621815648475706, 0.08605155631715415,
-- 0.0728633389408491; (3, 5, 6) 0.8241598526229125, 0.6102337200781512,
-- 1.804702963218523; (6, 6, 6) 0.9999999999999895 (lifetimes adds 1e-15 to a
-- likelihood term), 0.7404312623771448, 3.752544246607759. A new donor's expected
-- transactions in 6 periods (mean of expected_number_of_transactions_in_first_n_periods(6)):
-- 2.2201693636764075.
SELECT x, t_x, n, round(p_alive(bb, x, t_x, n)::numeric, 12) AS p_alive,
       round(p_alive(bb, x, t_x, n, 5)::numeric, 12) AS p_alive_5,
       round(expected_purchases(bb, 5, x, t_x, n)::numeric, 12) AS next_5
FROM lt, (VALUES (0, 0, 6), (3, 5, 6), (6, 6, 6)) c(x, t_x, n) ORDER BY x;
SELECT round(expected_purchases(bb, 6)::numeric, 12) AS new_6 FROM lt;

-- One row per donor, forced parallel: the same BG/BB and MBG/NBD fits as serial.
CREATE TABLE donors AS SELECT x, t_x, n FROM donations, generate_series(1, customers);
CREATE TABLE big AS SELECT c.* FROM cdnow c, generate_series(1, 10);
ANALYZE donors;
ANALYZE big;
CREATE TABLE serial_fit AS
SELECT (SELECT bgbb_fit(x, t_x, n) FROM donors) AS bb, (SELECT mbgnbd_fit(x, t_x, age) FROM big) AS mbg;
SELECT s.bb = b.bb AS rows_equal_weighted FROM serial_fit s, bb_models b;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT bgbb_fit(x, t_x, n) FROM donors;
SELECT (SELECT bgbb_fit(x, t_x, n) FROM donors) = bb AS bb_equal,
       (SELECT mbgnbd_fit(x, t_x, age) FROM big) = mbg AS mbg_equal
FROM serial_fit;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT bgbb_fit(x, t_x, n) IS NULL AS empty_is_null FROM donors WHERE false;

-- Holdout calibration on the CDNOW transactions (1997-01-01 to 1998-06-30),
-- calibration to 1997-09-30. lifetimes calibration_and_holdout_data(freq='D'):
-- 2,357 customers; sums frequency_cal 2457, recency_cal 112949, T_cal 539779,
-- frequency_holdout 1882, duration_holdout 643461 (273 each), monetary_value_holdout
-- 24901.080244160927; freq='W': 2216, 16128, 77748, 1788, 91923 (39 each).
CREATE TABLE orders (customer_id int, order_date date, quantity int, amount float8);
\copy orders FROM '../data/cdnow_sample_transactions.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE customers AS SELECT customer_id, rfm_agg(order_date, amount) AS s FROM orders GROUP BY 1;
CREATE TABLE cal AS
SELECT customer_id, p, c.* FROM customers, unnest(ARRAY['day', 'week']) p,
       btyd_calibration(s, '1997-09-30', '1998-06-30', p) c;
SELECT p, count(*) AS customers, sum(frequency_cal) AS frequency_cal, sum(recency_cal) AS recency_cal,
       sum(t_cal) AS t_cal, sum(frequency_holdout) AS frequency_holdout, sum(duration_holdout) AS duration_holdout,
       round(sum(monetary_value_holdout)::numeric, 6) AS monetary_value_holdout
FROM cal GROUP BY p ORDER BY p;
SELECT customer_id, c.* FROM customers, btyd_calibration(s, '1997-09-30', '1998-06-30') c
WHERE customer_id IN (4, 18, 21) ORDER BY 1;
-- Customers whose first purchase is after the calibration end are left out.
SELECT count(*) AS calibrated FROM customers, btyd_calibration(s, '1997-01-31', '1998-06-30');
SELECT count(*) AS first_bought_by_january FROM customers WHERE first_purchase(s) <= '1997-01-31';

-- The table behind lifetimes' plot_calibration_purchases_vs_holdout_purchases
-- (kind 'frequency_cal', n 7): a BG/NBD fit on the calibration period, then per
-- frequency_cal the mean actual and predicted holdout purchases, first 7 groups.
-- lifetimes (days): r 0.24259454342106726, alpha 30.895219012541656; actual
-- 0.236712 0.697039 1.392523 1.560000 2.532258 2.947368 3.862069, predicted
-- 0.225087 0.523131 1.044134 1.520280 2.163866 2.653846 3.504042.
WITH m AS (SELECT bgnbd_fit(frequency_cal, recency_cal, t_cal) AS bg FROM cal WHERE p = 'day')
SELECT frequency_cal, count(*) AS customers, round(avg(frequency_holdout), 6) AS actual,
       round(avg(expected_purchases(bg, duration_holdout, frequency_cal, recency_cal, t_cal))::numeric, 6) AS predicted
FROM cal, m WHERE p = 'day' GROUP BY frequency_cal ORDER BY frequency_cal LIMIT 7;

-- Bad input.
\set VERBOSITY verbose
\set SHOW_CONTEXT never
SELECT bgbb_fit(x, t_x, n) FROM (VALUES (3, 2, 6)) v(x, t_x, n);
SELECT bgbb_fit(x, t_x, n) FROM (VALUES (1, 7, 6)) v(x, t_x, n);
SELECT bgbb_fit(x, t_x, n) FROM (VALUES (1.5, 2, 6)) v(x, t_x, n);
SELECT bgbb_fit(x, t_x, n) FROM (VALUES (-1, 0, 6)) v(x, t_x, n);
SELECT bgbb_fit(x, t_x, n) FROM (VALUES (0, 0, 1e6)) v(x, t_x, n);
SELECT bgbb_fit(x, t_x, n, w) FROM (VALUES (1, 1, 6, -2)) v(x, t_x, n, w);
SELECT bgbb_fit(x, t_x, n) FROM (VALUES ('NaN'::float8, 0, 6)) v(x, t_x, n);
SELECT bgbb_fit(x, t_x, n) FROM (VALUES (0, 0, 6), (1, 1, 6)) v(x, t_x, n);
SELECT mbgnbd_fit(x, t_x, age) FROM (VALUES (2, 6.0, 5.0)) v(x, t_x, age);
SELECT mbgnbd_fit(x, t_x, age, 1, -0.5) FROM (VALUES (1, 1.0, 5.0)) v(x, t_x, age);
SELECT p_alive(bb, 1, 1, 6, -1) FROM lt;
SELECT expected_purchases(mbg, -1) FROM lt;
SELECT model_param(bb, 'r') FROM lt;
SELECT '{"alpha":-1,"beta":0.75,"gamma":0.657,"delta":2.783}'::bgbb_model;
SELECT '{"alpha":1.2,"beta":0.75,"gamma":0.657}'::bgbb_model;
SELECT '{"r":0.5,"alpha":0,"a":0.9,"b":1.6}'::mbgnbd_model;
SELECT c.* FROM (SELECT rfm_agg(date '2024-01-01', 1) AS s) q, btyd_calibration(s, '2024-02-01', '2024-01-15') c;
SELECT c.* FROM (SELECT rfm_agg(date '2024-01-01', 1) AS s) q, btyd_calibration(s, '2024-01-01', '2024-01-15', 'fortnight') c;
