-- sBG (shifted-beta-geometric) retention: the two cohorts of Fader & Hardie 2007,
-- "How to project customer retention" (1000 customers each, survivors after years
-- 0-7), published estimates regular alpha 0.704, beta 1.182, high end alpha 0.668,
-- beta 3.806. Finer reference values below were computed independently with mpmath
-- at 40 digits (the likelihood maximised by root-finding on its gradient, the closed
-- forms of S(t), r(t) and DERL with mpmath.hyp2f1): regular alpha 0.704077298473516,
-- beta 1.18204302620948, LL -1680.26518846329; high end alpha 0.668088351106446,
-- beta 3.80609496405827, LL -1611.15814739116.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_sbg CASCADE;
CREATE SCHEMA t_sbg;
SET search_path = t_sbg, public;
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

CREATE TABLE paper (segment text, year int, survivors int);
INSERT INTO paper
SELECT 'regular', y - 1, s FROM unnest(ARRAY[1000, 631, 468, 382, 326, 289, 262, 241]) WITH ORDINALITY u(s, y)
UNION ALL
SELECT 'high end', y - 1, s FROM unnest(ARRAY[1000, 869, 743, 653, 593, 551, 517, 491]) WITH ORDINALITY u(s, y);

-- One row per period: the customers who churned in year t (survivors of year t - 1
-- minus those of year t), and the survivors of year 7 as alive rows.
CREATE TABLE cohort_rows AS
SELECT segment, year AS lifetime, false AS alive, churned::float8 AS customers
FROM (SELECT segment, year, lag(survivors) OVER (PARTITION BY segment ORDER BY year) - survivors AS churned FROM paper) p
WHERE year >= 1
UNION ALL
SELECT segment, year, true, survivors FROM paper WHERE year = 7;

CREATE TABLE models AS
SELECT segment, sbg_fit(lifetime, alive, customers) AS m FROM cohort_rows GROUP BY segment;
SELECT segment, round(model_param(m, 'alpha')::numeric, 3) AS alpha, round(model_param(m, 'beta')::numeric, 3) AS beta,
       round(log_likelihood(m)::numeric, 4) AS ll, fitted_customers(m) AS n, converged(m)
FROM models ORDER BY segment;
-- Against mpmath to 1e-9 relative.
SELECT segment,
       abs(model_param(m, 'alpha') / CASE segment WHEN 'regular' THEN 0.704077298473516 ELSE 0.668088351106446 END - 1) < 1e-9 AS alpha_ok,
       abs(model_param(m, 'beta') / CASE segment WHEN 'regular' THEN 1.18204302620948 ELSE 3.80609496405827 END - 1) < 1e-9 AS beta_ok
FROM models ORDER BY segment;

-- Survivors of 1000 after years 0-12: years 1-7 fitted, 8-12 projected (mpmath:
-- regular 220.0849665, 204.4107866, 191.190191, 179.8649924, 170.0374528;
-- high end 460.4396718, 435.77959, 414.1723979, 395.0553432, 377.9990716).
SELECT y.year, p.survivors AS actual,
       round(1000 * sbg_survival(r.m, y.year)::numeric, 4) AS regular,
       round(1000 * sbg_survival(h.m, y.year)::numeric, 4) AS high_end
FROM (SELECT generate_series(0, 12) AS year) y
LEFT JOIN paper p ON p.year = y.year AND p.segment = 'regular',
     models r, models h
WHERE r.segment = 'regular' AND h.segment = 'high end'
ORDER BY y.year;
SELECT t, round(sbg_retention(m, t)::numeric, 10) AS retention,
       round(sbg_churn_probability(m, t)::numeric, 10) AS churn_probability,
       round((sbg_survival(m, t - 1) - sbg_survival(m, t))::numeric, 10) AS s_difference
FROM models, generate_series(1, 12) t WHERE segment = 'regular' ORDER BY t;

-- DERL at 10 % a year (mpmath: regular n = 0, 1, 4: 2.96439927026332, 4.10313977508384,
-- 5.89409536138086; high end 5.4144788453616, 5.90137759380513, 6.89670668142951)
-- and the CLTV of 100 a year (regular 369.490842751211, 473.012706825803, 635.826851034624),
-- at mpmath's estimates: within 1e-11 relative of these at ours.
SELECT segment, n AS renewals, round(sbg_derl(m, 0.1, n)::numeric, 11) AS derl,
       round(sbg_cltv(m, 100, 0.1, n)::numeric, 9) AS cltv
FROM models, unnest(ARRAY[0, 1, 4]) n ORDER BY segment, n;
SELECT round(sbg_derl(m, 0.1)::numeric, 11) AS derl_default, round(sbg_cltv(m, 100, 0.1)::numeric, 9) AS cltv_default
FROM models WHERE segment = 'regular';
-- alpha <= 1: the mean lifetime is infinite (NULL); alpha > 1: (beta + n) / (alpha - 1).
SELECT segment, sbg_remaining_lifetime(m) IS NULL AS infinite FROM models ORDER BY segment;
SELECT sbg_remaining_lifetime('{"alpha":2.5,"beta":7}'::sbg_model, 3) AS remaining,
       sbg_derl('{"alpha":2.5,"beta":7}'::sbg_model, 0, 3) AS derl_at_0;

-- Text form: JSON, round-trips exactly; a model typed in by hand.
SELECT m::text::sbg_model::text = m::text AS round_trip, m = m::text::sbg_model AS equal FROM models ORDER BY segment;
SELECT '{"alpha":0.704,"beta":1.182}'::sbg_model AS typed,
       log_likelihood('{"alpha":0.704,"beta":1.182}'::sbg_model) AS ll,
       converged('{"alpha":0.704,"beta":1.182}'::sbg_model) AS converged;
SELECT jsonb_build_object('alpha', round((j->>'alpha')::numeric, 6), 'beta', round((j->>'beta')::numeric, 6),
                          'keys', (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(j) k))
FROM (SELECT m::jsonb AS j FROM models WHERE segment = 'regular') s;

-- One row per customer gives the same fit as the weighted counts.
CREATE TABLE customers AS
SELECT row_number() OVER () AS id, segment, lifetime, alive FROM cohort_rows, generate_series(1, customers::int);
SELECT c.segment, c.m::text = m.m::text AS same_fit
FROM (SELECT segment, sbg_fit(lifetime, alive) AS m FROM customers GROUP BY segment) c JOIN models m USING (segment)
ORDER BY c.segment;

-- Forced parallel plan over 40 copies of the customers: same fit as serial.
CREATE TABLE big AS SELECT c.* FROM customers c, generate_series(1, 40);
ANALYZE big;
CREATE TABLE serial_fit AS SELECT sbg_fit(lifetime, alive) AS m FROM big WHERE segment = 'high end';
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT sbg_fit(lifetime, alive) FROM big WHERE segment = 'high end';
SELECT p.m::text = s.m::text AS parallel_equal, fitted_customers(p.m) AS n,
       abs(model_param(p.m, 'beta') / model_param(h.m, 'beta') - 1) < 1e-9 AS same_as_1x
FROM (SELECT sbg_fit(lifetime, alive) AS m FROM big WHERE segment = 'high end') p, serial_fit s, models h
WHERE h.segment = 'high end';
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- NULLs are skipped; no rows give NULL; weight 0 rows add nothing.
SELECT sbg_fit(lifetime, alive) IS NULL AS empty_is_null FROM customers WHERE false;
SELECT (SELECT sbg_fit(lifetime, alive, customers) FROM
          (SELECT lifetime, alive, customers FROM cohort_rows WHERE segment = 'regular'
           UNION ALL VALUES (NULL::int, true, 5.0), (3, NULL, 5.0), (3, true, NULL), (9, true, 0.0)) s)::text
       = m::text AS nulls_skipped
FROM models WHERE segment = 'regular';

-- From subscriptions: per-customer survival in months from mrr_history.
-- Customer 1 pays January-March 2024 and churns in April (lifetime 3, churned);
-- customer 2 pays from February on (as of June: 4 renewals, alive); customer 3
-- churns in March, comes back in May (counted until the first churn: 2); customer 4
-- starts in July (after as_of: no row); customer 5 pays nothing (no row).
CREATE TABLE subs (customer_id int, start_date date, end_date date, amount numeric);
INSERT INTO subs VALUES
  (1, '2024-01-01', '2024-04-01', 50), (2, '2024-02-01', NULL, 30), (2, '2024-04-01', NULL, 10),
  (3, '2024-01-01', '2024-03-01', 20), (3, '2024-05-01', NULL, 20), (4, '2024-07-01', NULL, 99),
  (5, '2024-01-01', NULL, 0);
CREATE TABLE histories AS SELECT customer_id, mrr_agg(start_date, end_date, amount) AS h FROM subs GROUP BY customer_id;
SELECT customer_id, l.* FROM histories, subscription_lifetime(h, date '2024-06-15') l ORDER BY customer_id;
-- As of March: customer 1 still paying after 2 renewals, customer 3 churned in March.
SELECT customer_id, l.* FROM histories, subscription_lifetime(h, date '2024-03-01') l ORDER BY customer_id;
-- Forecast: expected MRR of each active customer 1-3 months after June with the
-- regular cohort's model (months as periods), and with 1 % monthly net expansion.
SELECT customer_id, k AS months_ahead, mrr_at(h, date '2024-06-15') AS mrr,
       round(sbg_expected_mrr(m, l.lifetime, mrr_at(h, date '2024-06-15'), k)::numeric, 6) AS expected,
       round(sbg_expected_mrr(m, l.lifetime, mrr_at(h, date '2024-06-15'), k, 0.01)::numeric, 6) AS with_growth,
       round((mrr_at(h, date '2024-06-15') * sbg_survival(m, l.lifetime + k) / sbg_survival(m, l.lifetime))::numeric, 6) AS by_survival
FROM histories, subscription_lifetime(h, date '2024-06-15') l, models, generate_series(0, 3) k
WHERE l.alive AND segment = 'regular' ORDER BY customer_id, k;

-- Bad input: message, hint and SQLSTATE.
-- Survivors that increase give a negative churn count.
SELECT sbg_fit(lifetime, alive, churned) FROM (VALUES (1, false, 300.0), (2, false, -20.0), (2, true, 720.0)) v(lifetime, alive, churned);
\echo :LAST_ERROR_SQLSTATE
SELECT sbg_fit(lifetime, alive) FROM (VALUES (-1, true)) v(lifetime, alive);
\echo :LAST_ERROR_SQLSTATE
SELECT sbg_fit(lifetime, alive) FROM (VALUES (0, false)) v(lifetime, alive);
\echo :LAST_ERROR_SQLSTATE
SELECT sbg_fit(lifetime, alive, w) FROM (VALUES (1, false, 'NaN'::float8)) v(lifetime, alive, w);
\echo :LAST_ERROR_SQLSTATE
SELECT sbg_fit(lifetime, alive, w) FROM (VALUES (1, false, 'Infinity'::float8)) v(lifetime, alive, w);
\echo :LAST_ERROR_SQLSTATE
-- Too little data: nobody churned; nobody observed past period 1.
SELECT sbg_fit(lifetime, alive) FROM (VALUES (3, true), (5, true)) v(lifetime, alive);
\echo :LAST_ERROR_SQLSTATE
SELECT sbg_fit(lifetime, alive, w) FROM (VALUES (1, false, 30.0), (1, true, 70.0)) v(lifetime, alive, w);
\echo :LAST_ERROR_SQLSTATE
-- Periods outside the model's domain.
SELECT sbg_survival(m, -1) FROM models WHERE segment = 'regular';
\echo :LAST_ERROR_SQLSTATE
SELECT sbg_retention(m, 0) FROM models WHERE segment = 'regular';
\echo :LAST_ERROR_SQLSTATE
SELECT sbg_churn_probability(m, 0) FROM models WHERE segment = 'regular';
\echo :LAST_ERROR_SQLSTATE
SELECT sbg_derl(m, 0.1, -2) FROM models WHERE segment = 'regular';
\echo :LAST_ERROR_SQLSTATE
SELECT sbg_expected_mrr(m, -1, 100, 3) FROM models WHERE segment = 'regular';
\echo :LAST_ERROR_SQLSTATE
SELECT sbg_expected_mrr(m, 2, 100, -3) FROM models WHERE segment = 'regular';
\echo :LAST_ERROR_SQLSTATE
SELECT sbg_expected_mrr(m, 2, 100, 3, -1) FROM models WHERE segment = 'regular';
\echo :LAST_ERROR_SQLSTATE
SELECT sbg_expected_mrr(m, 2, 'NaN', 3) FROM models WHERE segment = 'regular';
\echo :LAST_ERROR_SQLSTATE
-- Discounts: negative, NaN; 0 with alpha <= 1 (an infinite sum).
SELECT sbg_derl(m, -0.1) FROM models WHERE segment = 'regular';
\echo :LAST_ERROR_SQLSTATE
SELECT sbg_cltv(m, 100, 'NaN') FROM models WHERE segment = 'regular';
\echo :LAST_ERROR_SQLSTATE
SELECT sbg_cltv(m, 100, 0) FROM models WHERE segment = 'regular';
\echo :LAST_ERROR_SQLSTATE
-- Model literals out of domain.
SELECT '{"alpha":-0.5,"beta":1.2}'::sbg_model;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"alpha":0.7,"beta":0}'::sbg_model;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"alpha":0.7}'::sbg_model;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"alpha":"x","beta":1}'::sbg_model;
\echo :LAST_ERROR_SQLSTATE
SELECT model_param(m, 'gamma') FROM models WHERE segment = 'regular';
\echo :LAST_ERROR_SQLSTATE
SELECT subscription_lifetime(h, 'infinity') FROM histories WHERE customer_id = 1;
\echo :LAST_ERROR_SQLSTATE

DROP SCHEMA t_sbg CASCADE;
