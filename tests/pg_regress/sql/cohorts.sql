-- Signup cohort tables (cohort_agg, rollup(cohort_summary), cohort_table): a table
-- worked out by hand, the mrr-playbook data against the same table computed in
-- plain SQL, shards rolled up, forced-parallel plans, text forms and bad input.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_cohorts CASCADE;
CREATE SCHEMA t_cohorts;
SET search_path = t_cohorts, public;
SET extra_float_digits = 0;
SET DateStyle = 'ISO, YMD';

-- By hand. January cohort: A (100, 150 from March: an expansion) and B (200,
-- mid-month start, ends March 1: pays January and February). February cohort: C
-- (80 in February and March, gone in April and May, back at 60 from June). D is
-- never active at a month end: no paying month, no cohort.
CREATE TABLE subs (customer text, start_date date, end_date date, monthly_amount numeric);
INSERT INTO subs VALUES
  ('A', '2024-01-01', NULL, 100), ('A', '2024-03-01', NULL, 50),
  ('B', '2024-01-15', '2024-03-01', 200),
  ('C', '2024-02-01', '2024-04-01', 80), ('C', '2024-06-01', NULL, 60),
  ('D', '2024-02-10', '2024-02-20', 500);
CREATE TABLE hist AS SELECT customer, mrr_agg(start_date, end_date, monthly_amount) AS h FROM subs GROUP BY customer;
CREATE TABLE pop AS SELECT cohort_agg(h) AS s FROM hist;
-- January: 2 customers, 300; month 2: 1 customer (A), 150: logo 0.5, NRR 0.5.
-- February: 1 customer, 80; months 2 and 3: none; month 4: C again at 60: NRR 0.75.
SELECT t.* FROM pop, cohort_table(s, '2024-07-15') t ORDER BY cohort, month_number;
-- Without through: through the last month in which a cohort changes (June, C's return).
SELECT cohort, max(month_number) AS last_month_number, count(*) AS months FROM pop, cohort_table(s) GROUP BY cohort ORDER BY cohort;
-- through before every cohort: no rows; a NULL summary: no rows.
SELECT count(*) AS rows_before FROM pop, cohort_table(s, '2023-12-31');
SELECT count(*) AS rows_null FROM cohort_table(NULL);
SELECT cohort_agg(h) IS NULL AS no_rows_is_null FROM hist WHERE false;
SELECT cohort_agg(NULL::mrr_history) IS NULL AS null_histories_are_skipped;
-- The text form: per cohort, steps [month number, customers, MRR] from that month on.
SELECT s::text FROM pop;
SELECT s::text::cohort_summary = s AS text_round_trip, s::jsonb -> 'cohorts' -> 1 AS february FROM pop;

-- The dbt mrr-playbook seed (data/mrr_playbook_subscription_periods.md): all 55
-- customers, through March 2020 (every subscription has ended by February 2020).
CREATE TABLE periods (subscription_id int, customer_id int, start_date date, end_date date, monthly_amount numeric);
\copy periods FROM 'data/mrr_playbook_subscription_periods.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE customer_mrr AS
SELECT customer_id, mrr_agg(start_date, end_date, monthly_amount) AS h FROM periods GROUP BY customer_id;
CREATE TABLE playbook AS SELECT cohort_agg(h) AS s FROM customer_mrr;
SELECT count(DISTINCT cohort) AS cohorts, count(*) AS cohort_months, sum(customers) AS customer_months
FROM playbook, cohort_table(s, '2020-03-01');
-- The November 2018 cohort: 5 customers, 240; back to 5 paying 265 in month 8.
SELECT month_number, customers, cohort_customers, logo_retention, mrr, cohort_mrr, round(net_revenue_retention::numeric, 4) AS nrr
FROM playbook, cohort_table(s, '2020-03-01') WHERE cohort = '2018-11-01' ORDER BY month_number;

-- The same table in plain SQL, from the subscription rows: a subscription pays in
-- the months from its start's month up to (not including) its end's month; a
-- customer's cohort is its first paying month. Row for row equal.
CREATE FUNCTION plain_cohort_table(through date) RETURNS TABLE (
  cohort date, month_number int, customers bigint, cohort_customers bigint, logo_retention float8,
  mrr numeric, cohort_mrr numeric, net_revenue_retention float8)
LANGUAGE sql AS $$
  WITH months AS (
    SELECT generate_series('2000-01-01'::date, date_trunc('month', through), '1 month')::date AS month
  ), paying AS (
    SELECT p.customer_id, m.month, sum(p.monthly_amount) AS mrr
    FROM periods p JOIN months m
      ON m.month >= date_trunc('month', p.start_date)
     AND (p.end_date IS NULL OR m.month < date_trunc('month', p.end_date))
    GROUP BY 1, 2 HAVING sum(p.monthly_amount) > 0
  ), first_month AS (
    SELECT customer_id, min(month) AS cohort FROM paying GROUP BY 1
  ), sizes AS (
    SELECT f.cohort, count(*) AS cohort_customers, sum(p.mrr) AS cohort_mrr
    FROM first_month f JOIN paying p ON p.customer_id = f.customer_id AND p.month = f.cohort GROUP BY 1
  )
  SELECT s.cohort,
         ((extract(year FROM m.month) - extract(year FROM s.cohort)) * 12
          + extract(month FROM m.month) - extract(month FROM s.cohort))::int,
         count(p.customer_id), s.cohort_customers,
         count(p.customer_id)::float8 / s.cohort_customers::float8,
         coalesce(sum(p.mrr), 0), s.cohort_mrr,
         coalesce(sum(p.mrr), 0)::float8 / s.cohort_mrr::float8
  FROM sizes s JOIN months m ON m.month >= s.cohort
  JOIN first_month f ON f.cohort = s.cohort
  LEFT JOIN paying p ON p.customer_id = f.customer_id AND p.month = m.month
  GROUP BY s.cohort, m.month, s.cohort_customers, s.cohort_mrr
$$;
SELECT (SELECT count(*) FROM plain_cohort_table('2020-03-01')) AS plain_rows,
       (SELECT count(*) FROM (SELECT * FROM playbook, cohort_table(s, '2020-03-01')) x) AS summary_rows;
SELECT count(*) AS rows_differing FROM (
  (SELECT * FROM plain_cohort_table('2020-03-01')
   EXCEPT ALL SELECT t.* FROM playbook, cohort_table(s, '2020-03-01') t)
  UNION ALL
  (SELECT t.* FROM playbook, cohort_table(s, '2020-03-01') t
   EXCEPT ALL SELECT * FROM plain_cohort_table('2020-03-01'))
) d;

-- Shards: cohort summaries of disjoint sets of customers roll up to the one-step
-- summary (in any grouping); the merge function called directly agrees.
CREATE TABLE shards AS SELECT customer_id % 3 AS shard, cohort_agg(h) AS s FROM customer_mrr GROUP BY 1;
SELECT (SELECT rollup(s) FROM shards) = s AS rollup_equals_one_step,
       (SELECT rollup(r) FROM (SELECT rollup(s) AS r FROM shards GROUP BY shard = 0) x) = s AS rollup_of_rollups,
       (SELECT cohort_summary_merge(cohort_summary_merge(a.s, b.s), c.s) FROM shards a, shards b, shards c
        WHERE a.shard = 2 AND b.shard = 0 AND c.shard = 1) = s AS merge_function
FROM playbook;
-- A customer's subscriptions split over two histories: rolled up first (rollup of
-- mrr_history), the cohort is the same as from one history.
SELECT cohort_agg(h) = (SELECT s FROM playbook) AS split_histories_rolled_up
FROM (SELECT customer_id, rollup(h) AS h
      FROM (SELECT customer_id, subscription_id % 2, mrr_agg(start_date, end_date, monthly_amount) AS h
            FROM periods GROUP BY 1, 2) x GROUP BY 1) y;

-- Forced parallel plans give the serial answer: 6000 customers with mid-month
-- dates, mixed scales, gaps and open-ended subscriptions.
CREATE TABLE big AS
SELECT g % 6000 AS customer_id,
       '2021-01-01'::date + ((g * 7919) % 900) AS start_date,
       CASE WHEN g % 5 = 0 THEN NULL ELSE '2021-01-01'::date + ((g * 7919) % 900) + ((g::bigint * 104729) % 700)::int END AS end_date,
       ((g * 31) % 200)::numeric + CASE WHEN g % 7 = 0 THEN 0.99 ELSE 0 END AS monthly_amount
FROM generate_series(1, 14000) g;
CREATE TABLE big_hist AS
SELECT customer_id, mrr_agg(start_date, end_date, monthly_amount) AS h FROM big GROUP BY customer_id;
ANALYZE big_hist;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE big_serial AS SELECT cohort_agg(h) AS s FROM big_hist;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT cohort_agg(h) FROM big_hist;
SELECT cohort_agg(h) = (SELECT s FROM big_serial) AS parallel_equals_serial FROM big_hist;
EXPLAIN (COSTS OFF) SELECT customer_id % 4, cohort_agg(h) FROM big_hist GROUP BY 1;
SELECT rollup(s) = (SELECT s FROM big_serial) AS parallel_groups_roll_up
FROM (SELECT customer_id % 4 AS g, cohort_agg(h) AS s FROM big_hist GROUP BY 1) x;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- The big table against plain SQL too (the plain function reads `periods`).
TRUNCATE periods;
INSERT INTO periods SELECT 0, customer_id, start_date, end_date, monthly_amount FROM big;
SELECT count(*) AS cohort_months, count(DISTINCT cohort) AS cohorts FROM big_serial, cohort_table(s, '2024-12-31');
SELECT count(*) AS rows_differing FROM (
  (SELECT * FROM plain_cohort_table('2024-12-31')
   EXCEPT ALL SELECT t.* FROM big_serial, cohort_table(s, '2024-12-31') t)
  UNION ALL
  (SELECT t.* FROM big_serial, cohort_table(s, '2024-12-31') t
   EXCEPT ALL SELECT * FROM plain_cohort_table('2024-12-31'))
) d;

-- Bad input: clear errors with SQLSTATE, never a crash.
\set VERBOSITY default
SELECT 'not json'::cohort_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,-3,"5"]]}]}'::cohort_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,2,"50"],[1,3,"60"]]}]}'::cohort_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,2,"50"],[1,0,"10"]]}]}'::cohort_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[1,2,"50"]]}]}'::cohort_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-15","steps":[[0,2,"50"]]}]}'::cohort_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"scale":2,"cohorts":[{"cohort":"2024-01-01","steps":[[0,2,"NaN"]]}]}'::cohort_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"scale":0,"cohorts":[{"cohort":"99999999-01-01","steps":[[0,2,"50"]]}]}'::cohort_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT t.* FROM pop, cohort_table(s, 'infinity') t;
\echo :LAST_ERROR_SQLSTATE
-- Running MRR past 128 bits: refused before it is stored (22003).
-- Two January customers: 9e37, and 1 that expands by 9e37 in February.
SELECT cohort_agg(h) FROM (
  SELECT c, mrr_agg(start_date, NULL, amount) AS h
  FROM (VALUES (1, date '2024-01-01', 90000000000000000000000000000000000000::numeric),
               (2, date '2024-01-01', 1), (2, date '2024-02-01', 90000000000000000000000000000000000000)) v(c, start_date, amount)
  GROUP BY c) x;
\echo :LAST_ERROR_SQLSTATE
SELECT rollup(s) FROM (VALUES
  ('{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,1,"90000000000000000000000000000000000000"]]}]}'::cohort_summary),
  ('{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,1,"90000000000000000000000000000000000000"]]}]}')) v(s);
\echo :LAST_ERROR_SQLSTATE
