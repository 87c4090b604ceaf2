-- SaaS family: hand-checked months (gaps, same-month start and cancel,
-- overlapping subscriptions, mid-month dates, annual billing), population
-- metrics, rollups, text round trip, forced-parallel plans, unit economics and
-- bad input.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_saas CASCADE;
CREATE SCHEMA t_saas;
SET search_path = t_saas, public;
SET extra_float_digits = 0;
SET DateStyle = 'ISO, YMD';

CREATE TABLE subs (customer_id int, start_date date, end_date date, monthly_amount numeric, billing_months int);
INSERT INTO subs VALUES
  -- 1: a gap. Paying Jan-Feb and May-Jun 2024: new, churn in Mar, reactivation in May, churn in Jul.
  (1, '2024-01-01', '2024-03-01', 50,    1),
  (1, '2024-05-01', '2024-07-01', 50,    1),
  -- 2: overlapping. 50.00 Jan-May, a second 30 subscription in March only.
  (2, '2024-01-01', '2024-06-01', 50.00, 1),
  (2, '2024-03-01', '2024-04-01', 30,    1),
  -- 3: starts and cancels inside March: never active at a month end, no MRR; 100 cash in March.
  (3, '2024-03-05', '2024-03-20', 100,   1),
  -- 4: annual prepay from 2023-07-15, still running: 1200 cash every July.
  (4, '2023-07-15', NULL,         100,   12),
  -- 5: mid-month dates: active on Jan 31 and Feb 29, not on Mar 31; billed Jan 15, Feb 15, Mar 15.
  (5, '2024-01-15', '2024-03-20', 100,   1),
  -- 6: rows with a NULL start or amount are skipped, so customer 6 has no history.
  (6, NULL,         NULL,         10,    1),
  (6, '2024-01-01', NULL,         NULL,  1);

CREATE TABLE hist AS
SELECT customer_id, mrr_agg(start_date, end_date, monthly_amount, billing_months) AS h
FROM subs GROUP BY customer_id;

SELECT customer_id, h IS NULL AS no_history FROM hist ORDER BY 1;

-- Per customer, month by month (gaps included; rows stop at the churn month).
SELECT customer_id, m.*
FROM hist, mrr_movements(h, '2024-08-31') m
ORDER BY customer_id, month;

-- `through` cuts the rows at its month; the default-billing overload is monthly.
SELECT m.* FROM hist, mrr_movements(h, '2024-03-15') m WHERE customer_id = 2;
SELECT mrr_agg(start_date, end_date, monthly_amount)::text FROM subs WHERE customer_id = 4;
SELECT mrr_at(h, '2024-03-31') AS c2_march, mrr_at(h, '2023-12-01') AS c2_before FROM hist WHERE customer_id = 2;

-- Text form: readable JSON that round-trips exactly.
SELECT h::text FROM hist WHERE customer_id = 2;
SELECT count(*) AS histories, count(*) FILTER (WHERE h::text::mrr_history::text = h::text) AS round_trips
FROM hist WHERE h IS NOT NULL;

-- rollup(mrr_history): one history per subscription row, merged per customer, equals mrr_agg.
SELECT customer_id, rollup(h1)::text = (SELECT h::text FROM hist WHERE hist.customer_id = r.customer_id) AS rollup_equals_agg
FROM (SELECT customer_id, mrr_agg(start_date, end_date, monthly_amount, billing_months) AS h1
      FROM subs GROUP BY customer_id, start_date) r
GROUP BY customer_id ORDER BY 1;

-- Population metrics. Hand-checked: Jan 2024 gains customers 1, 2, 5 (200 new MRR);
-- March: 1 and 5 churn (150), 2 expands by 30, MRR 300 -> 180, cash 80 + 100 + 100.
CREATE TABLE pop AS SELECT saas_agg(h) AS s FROM hist;
SELECT month, starting_mrr, mrr, arr, starting_customers AS start_cust, customers AS cust,
       new_mrr, expansion_mrr AS exp_mrr, contraction_mrr AS con_mrr, churned_mrr, reactivation_mrr AS react_mrr,
       net_new_mrr, cash_collected
FROM pop, saas_metrics(s, '2024-08-01') ORDER BY month;
SELECT month, new_customers AS new, expansion_customers AS exp, contraction_customers AS con,
       churned_customers AS churned, reactivation_customers AS react,
       round(logo_churn_rate::numeric, 4) AS logo_churn, round(gross_mrr_churn_rate::numeric, 4) AS gross_churn,
       round(net_mrr_churn_rate::numeric, 4) AS net_churn, round(nrr::numeric, 4) AS nrr, round(grr::numeric, 4) AS grr,
       round(arpa, 2) AS arpa, round(quick_ratio::numeric, 4) AS quick_ratio
FROM pop, saas_metrics(s) WHERE month >= '2024-01-01' ORDER BY month;
-- Rates are float8 of the exact sums: March's net MRR churn is (150 - 30) / 300.
SELECT nrr = 0.6::float8 AS nrr_exact, net_mrr_churn_rate = 120::float8 / 300 AS net_churn_exact, arpa = 90 AS arpa_90
FROM pop, saas_metrics(s) WHERE month = '2024-03-01';
-- Without `through`, rows end at the last change (July 2024: customer 1 churns).
SELECT min(month), max(month), count(*) FROM pop, saas_metrics(s);
SELECT count(*) AS rows_of_null FROM saas_metrics(NULL);
SELECT s::text FROM (SELECT saas_agg(h) AS s FROM hist WHERE customer_id IN (3, 5)) x;
SELECT s::text::saas_summary::text = s::text AS summary_round_trips FROM pop;

-- rollup(saas_summary) over segments equals saas_agg over everyone.
SELECT rollup(s)::text = (SELECT s::text FROM pop) AS rollup_equals_agg
FROM (SELECT saas_agg(h) AS s FROM hist GROUP BY customer_id % 2) segments;

-- Forced parallel plans give the serial answer. 6000 customers, 2 or 3 subscriptions
-- each, mixed scales and billing intervals, some open-ended.
CREATE TABLE big AS
SELECT g % 6000 AS customer_id,
       '2021-01-01'::date + ((g * 7919) % 900) AS start_date,
       CASE WHEN g % 5 = 0 THEN NULL ELSE '2021-01-01'::date + ((g * 7919) % 900) + ((g::bigint * 104729) % 700)::int END AS end_date,
       ((g * 31) % 200)::numeric + CASE WHEN g % 7 = 0 THEN 0.99 ELSE 0 END AS monthly_amount,
       CASE WHEN g % 11 = 0 THEN 12 WHEN g % 13 = 0 THEN 3 ELSE 1 END AS billing_months
FROM generate_series(1, 14000) g;
ANALYZE big;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_hist AS
SELECT customer_id, mrr_agg(start_date, end_date, monthly_amount, billing_months) AS h FROM big GROUP BY customer_id;
CREATE TABLE serial_pop AS SELECT saas_agg(h) AS s FROM serial_hist;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT mrr_agg(start_date, end_date, monthly_amount, billing_months) FROM big;
EXPLAIN (COSTS OFF) SELECT saas_agg(h) FROM serial_hist;
SELECT mrr_agg(start_date, end_date, monthly_amount, billing_months)::text = (SELECT rollup(h)::text FROM serial_hist)
       AS parallel_total_equals_serial
FROM big;
SELECT count(*) AS customers, count(*) FILTER (WHERE p.h::text = r.h::text) AS equal_to_serial
FROM (SELECT customer_id, mrr_agg(start_date, end_date, monthly_amount, billing_months) AS h FROM big GROUP BY customer_id) p
JOIN serial_hist r USING (customer_id);
SELECT saas_agg(h)::text = (SELECT s::text FROM serial_pop) AS parallel_summary_equals_serial FROM serial_hist;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- The population summary agrees with the per-customer movements it was built from.
SELECT bool_and(x.mrr = y.mrr AND x.customers = y.customers) AS metrics_match_movements, count(*) AS months
FROM serial_pop, saas_metrics(s, '2024-12-01') x
JOIN (SELECT month, sum(m.mrr) AS mrr, count(*) FILTER (WHERE m.mrr > 0) AS customers
      FROM serial_hist, mrr_movements(h, '2024-12-01') m GROUP BY month) y USING (month);

-- Unit economics. CAC 12000 / 30 = 400; payback 400 / (100 * 0.8) = 5 months;
-- CLTV 100 * 0.8 / 0.05 = 1600; LTV:CAC 4.
SELECT cac(12000, 30) AS cac, cac(12000, 0) AS cac_no_customers,
       cac_payback_months(400, 100, 0.8) AS payback, cac_payback_months(400, 0, 0.8) AS payback_no_arpa,
       cltv(100, 0.8, 0.05) AS cltv, cltv(100, 0.8, 0) AS cltv_no_churn,
       ltv_cac_ratio(1600, 400) AS ratio, ltv_cac_ratio(1600, 0) AS ratio_free,
       ltv_cac_ratio(100, 0.8, 0.05, 400) AS ratio_from_arpa;
-- ARPA straight from the metrics table.
SELECT month, cltv(arpa, 0.8, logo_churn_rate) AS cltv
FROM pop, saas_metrics(s) WHERE month IN ('2024-03-01', '2024-06-01') ORDER BY month;

-- Amounts beyond 64 bits stay exact (128-bit sums).
SELECT m.mrr, m.category FROM (SELECT mrr_agg('2024-01-01', NULL, 12345678901234567890123.45) AS h) x,
  mrr_movements(h, '2024-01-31') m;

-- Bad input: clear errors with SQLSTATE, never a crash.
\set VERBOSITY default
SELECT mrr_agg('2024-02-01', '2024-01-01', 10);
\echo :LAST_ERROR_SQLSTATE
SELECT mrr_agg('2024-01-01', NULL, -10);
\echo :LAST_ERROR_SQLSTATE
SELECT mrr_agg('2024-01-01', NULL, 10, 0);
\echo :LAST_ERROR_SQLSTATE
SELECT mrr_agg('2024-01-01', NULL, 'NaN', 1);
\echo :LAST_ERROR_SQLSTATE
SELECT mrr_agg('2024-01-01', 'infinity', 10, 1);
\echo :LAST_ERROR_SQLSTATE
SELECT mrr_agg('2024-01-01', NULL, 0.123456789012345678901, 1);
\echo :LAST_ERROR_SQLSTATE
SELECT mrr_agg('2024-01-01', NULL, 1e39, 1);
\echo :LAST_ERROR_SQLSTATE
SELECT mrr_agg('2024-01-01', NULL, 1e38, 12);
\echo :LAST_ERROR_SQLSTATE
SELECT m.* FROM (SELECT mrr_agg('2024-01-01', NULL, 10) AS h) x, mrr_movements(h, '-infinity') m;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"scale":0,"mrr":[["2024-01-01","-5"]]}'::mrr_history;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"scale":0,"mrr":[["2024-01-15","5"]]}'::mrr_history;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"scale":0,"months":[{"month":"2024-01-01","churn":["5",1]}]}'::saas_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT 'not json'::saas_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT cac(-1, 3);
\echo :LAST_ERROR_SQLSTATE
SELECT cac(100, -3);
\echo :LAST_ERROR_SQLSTATE
SELECT cltv(100, 80, 0.05);
\echo :LAST_ERROR_SQLSTATE
SELECT cltv(100, 0.8, 'NaN');
\echo :LAST_ERROR_SQLSTATE
SELECT cac_payback_months(100, 10, -0.5);
\echo :LAST_ERROR_SQLSTATE
-- mrr_agg reads numeric amounts from their binary form (base-10000 digits),
-- falling back to the text form past about 34 digits: every amount and display
-- scale comes back exactly, for amounts generated by PostgreSQL itself.
SELECT setseed(0.42);
WITH amounts AS (
  SELECT round((random() * 10 ^ k)::numeric, s) AS amount
  FROM generate_series(0, 17) k, generate_series(0, 20) s, generate_series(1, 5) r
  UNION ALL
  SELECT a FROM unnest(ARRAY[0, 0.00, 1, 0.00000000000000000001, 10000, 99999999.9999, 100000000,
    0.0001, 1234.5678, 9999.99990000, 1e30, 123456789012345678901234567890123456,
    12345678901234567890123456789012345.678, 99999999999999999999999999999999999999,
    9999999999999999.99999999999999999999]::numeric[]) a
)
SELECT count(*) AS amounts,
       count(*) FILTER (WHERE mrr_at(h, '2024-03-15')::text <> amount::text) AS differing
FROM (SELECT i, min(amount) AS amount, mrr_agg('2024-01-01', NULL, amount) AS h
      FROM (SELECT row_number() OVER () AS i, amount FROM amounts) n GROUP BY i) x;
-- Sums of many amounts keep the largest display scale, as sum(numeric) does.
SELECT mrr_at(mrr_agg('2024-01-01', NULL, a), '2024-01-01') = sum(a) AS same_value,
       scale(mrr_at(mrr_agg('2024-01-01', NULL, a), '2024-01-01')) = scale(sum(a)) AS same_scale
FROM (SELECT round((random() * 1000)::numeric, (random() * 6)::int) AS a FROM generate_series(1, 2000)) x;
SELECT mrr_agg('2024-01-01', NULL, '-Infinity', 1);
\echo :LAST_ERROR_SQLSTATE
SELECT mrr_agg('2024-01-01', NULL, 'Infinity');
\echo :LAST_ERROR_SQLSTATE
-- mrr_movements in the select list (materialize mode under ProjectSet), on a
-- history without MRR, and over many distinct amounts (its per-query numeric
-- cache then replaces and frees entries).
SELECT mrr_movements(h, '2024-04-30') FROM (SELECT mrr_agg('2024-01-01', '2024-03-01', 12.50) AS h) x;
SELECT count(*) FROM (SELECT mrr_agg('2024-01-01', '2024-01-20', 12.50) AS h) x, mrr_movements(h, '2024-12-31');
WITH subs AS (SELECT i, (i * 7919 % 100003) * 0.01 AS amount FROM generate_series(1, 20000) i),
hist AS (SELECT i, min(amount) AS amount, mrr_agg('2024-01-01', '2024-03-01', amount) AS h FROM subs GROUP BY i)
SELECT count(*) AS movement_rows,
       count(*) FILTER (WHERE m.mrr::text <> (CASE WHEN month < '2024-03-01' THEN amount ELSE 0.00 END)::text
                           OR m.change::text <> (CASE month WHEN '2024-01-01' THEN amount WHEN '2024-03-01' THEN -amount ELSE 0.00 END)::text
                           OR m.previous_mrr::text <> (CASE WHEN month = '2024-01-01' THEN 0.00 ELSE amount END)::text) AS differing
FROM hist, mrr_movements(h, '2024-06-30') m;
