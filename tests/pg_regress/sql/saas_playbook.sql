-- Reference parity with dbt-labs' mrr-playbook (data/mrr_playbook_subscription_periods.md):
-- over the 52 customers the playbook keeps, the movements agree with its
-- published counts (upgrade = expansion, downgrade = contraction) and its
-- monthly MRR totals.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_saas_playbook CASCADE;
CREATE SCHEMA t_saas_playbook;
SET search_path = t_saas_playbook, public;
SET extra_float_digits = 0;
SET DateStyle = 'ISO, YMD';

CREATE TABLE subscription_periods (
  subscription_id int, customer_id int, start_date date, end_date date, monthly_amount numeric);
-- pg_regress runs psql in tests/pg_regress.
\copy subscription_periods FROM 'data/mrr_playbook_subscription_periods.csv' WITH (FORMAT csv, HEADER)
SELECT count(*) AS periods, count(DISTINCT customer_id) AS customers FROM subscription_periods;

-- The playbook's month spine starts at 2018-01-01, which drops customers 2, 3 and 4.
CREATE TABLE customer_mrr AS
SELECT customer_id, mrr_agg(start_date, end_date, monthly_amount) AS h
FROM subscription_periods WHERE customer_id NOT IN (2, 3, 4) GROUP BY customer_id;

CREATE TABLE movements AS
SELECT customer_id, m.* FROM customer_mrr, mrr_movements(h, '2020-12-31') m;

-- Published: 410 customer-months; new 52, churn 55, upgrade 30, downgrade 27, reactivation 3.
SELECT count(*) AS customer_months FROM movements;
SELECT coalesce(category, '(none)') AS category, count(*) FROM movements GROUP BY 1 ORDER BY 1;
-- Published: total MRR 1840 (2019-11), 1255 (2019-12), 175 (2020-01).
SELECT month, sum(mrr) AS total_mrr FROM movements
WHERE month IN ('2019-11-01', '2019-12-01', '2020-01-01') GROUP BY month ORDER BY month;

-- The population metrics tell the same story.
SELECT month, mrr, customers, new_customers, expansion_customers, contraction_customers,
       churned_customers, reactivation_customers
FROM (SELECT saas_agg(h) AS s FROM customer_mrr) p, saas_metrics(s)
WHERE month >= '2019-10-01' ORDER BY month;
SELECT sum(new_customers) AS new, sum(churned_customers) AS churn, sum(expansion_customers) AS upgrade,
       sum(contraction_customers) AS downgrade, sum(reactivation_customers) AS reactivation
FROM (SELECT saas_agg(h) AS s FROM customer_mrr) p, saas_metrics(s);

-- The playbook's own logic in plain SQL (customer_revenue_by_month + mrr models),
-- row for row the same as mrr_movements.
CREATE TABLE playbook AS
WITH months AS (
  SELECT generate_series('2018-01-01'::date, '2020-12-01', '1 month')::date AS date_month
), customers AS (
  SELECT customer_id, date_trunc('month', min(start_date))::date AS date_month_start,
         date_trunc('month', max(end_date))::date AS date_month_end
  FROM subscription_periods GROUP BY 1
), customer_months AS (
  SELECT c.customer_id, m.date_month FROM customers c
  JOIN months m ON m.date_month >= c.date_month_start AND m.date_month < c.date_month_end
), joined AS (
  SELECT cm.date_month, cm.customer_id, coalesce(sp.monthly_amount, 0) AS mrr
  FROM customer_months cm LEFT JOIN subscription_periods sp
    ON cm.customer_id = sp.customer_id AND cm.date_month >= sp.start_date
   AND (cm.date_month < sp.end_date OR sp.end_date IS NULL)
), final AS (
  SELECT date_month, customer_id, mrr, mrr > 0 AS is_active,
         min(CASE WHEN mrr > 0 THEN date_month END) OVER (PARTITION BY customer_id) AS first_active_month,
         max(CASE WHEN mrr > 0 THEN date_month END) OVER (PARTITION BY customer_id) AS last_active_month
  FROM joined
), unioned AS (
  SELECT date_month, customer_id, mrr, is_active, first_active_month = date_month AS is_first_month FROM final
  UNION ALL
  SELECT (date_month + interval '1 month')::date, customer_id, 0, false, false FROM final
  WHERE last_active_month = date_month
), changes AS (
  SELECT *, coalesce(lag(is_active) OVER w, false) AS previous_is_active,
         coalesce(lag(mrr) OVER w, 0) AS previous_mrr
  FROM unioned WINDOW w AS (PARTITION BY customer_id ORDER BY date_month)
)
SELECT date_month AS month, customer_id, mrr, previous_mrr, mrr - previous_mrr AS change,
       CASE WHEN is_first_month THEN 'new'
            WHEN NOT is_active AND previous_is_active THEN 'churn'
            WHEN is_active AND NOT previous_is_active THEN 'reactivation'
            WHEN mrr - previous_mrr > 0 THEN 'upgrade'
            WHEN mrr - previous_mrr < 0 THEN 'downgrade' END AS category
FROM changes;
SELECT count(*) AS playbook_rows FROM playbook;
SELECT count(*) AS rows_differing FROM (
  (SELECT month, customer_id, mrr, previous_mrr, change,
          replace(replace(category, 'upgrade', 'expansion'), 'downgrade', 'contraction') FROM playbook
   EXCEPT ALL SELECT month, customer_id, mrr, previous_mrr, change, category FROM movements)
  UNION ALL
  (SELECT month, customer_id, mrr, previous_mrr, change, category FROM movements
   EXCEPT ALL SELECT month, customer_id, mrr, previous_mrr, change,
          replace(replace(category, 'upgrade', 'expansion'), 'downgrade', 'contraction') FROM playbook)
) d;
