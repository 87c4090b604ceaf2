-- Baseline: the dbt mrr-playbook's logic (customer_revenue_by_month + mrr models)
-- in plain PostgreSQL SQL: month spine, customer-months, lag, case; then the
-- monthly metrics from those rows with GROUP BY and window functions. Customers
-- still paying at the end get months through 2023-12 (the playbook's spine end).
DROP TABLE IF EXISTS base_mov, base_met;
CREATE UNLOGGED TABLE base_mov AS
WITH months AS (
  SELECT generate_series('2021-01-01'::date, '2023-12-01', '1 month')::date AS date_month
), customers AS (
  SELECT customer_id, date_trunc('month', min(start_date))::date AS date_month_start,
         CASE WHEN bool_or(end_date IS NULL) THEN '2024-01-01'::date
              ELSE date_trunc('month', max(end_date))::date END AS date_month_end
  FROM bench_subs GROUP BY 1
), customer_months AS (
  SELECT c.customer_id, m.date_month FROM customers c
  JOIN months m ON m.date_month >= c.date_month_start AND m.date_month < c.date_month_end
), joined AS (
  SELECT cm.date_month, cm.customer_id, coalesce(sp.monthly_amount, 0) AS mrr
  FROM customer_months cm LEFT JOIN bench_subs sp
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
  WHERE last_active_month = date_month AND date_month < '2023-12-01'
), changes AS (
  SELECT *, coalesce(lag(is_active) OVER w, false) AS previous_is_active,
         coalesce(lag(mrr) OVER w, 0) AS previous_mrr
  FROM unioned WINDOW w AS (PARTITION BY customer_id ORDER BY date_month)
)
SELECT customer_id, date_month AS month, mrr, previous_mrr, mrr - previous_mrr AS change,
       CASE WHEN is_first_month THEN 'new'
            WHEN NOT is_active AND previous_is_active THEN 'churn'
            WHEN is_active AND NOT previous_is_active THEN 'reactivation'
            WHEN mrr - previous_mrr > 0 THEN 'expansion'
            WHEN mrr - previous_mrr < 0 THEN 'contraction' END AS category
FROM changes;
CREATE UNLOGGED TABLE base_met AS
WITH per_month AS (
  SELECT month, sum(mrr) AS mrr, count(*) FILTER (WHERE mrr > 0) AS customers,
         coalesce(sum(change) FILTER (WHERE category = 'new'), 0) AS new_mrr,
         coalesce(sum(change) FILTER (WHERE category = 'expansion'), 0) AS expansion_mrr,
         coalesce(-sum(change) FILTER (WHERE category = 'contraction'), 0) AS contraction_mrr,
         coalesce(-sum(change) FILTER (WHERE category = 'churn'), 0) AS churned_mrr,
         coalesce(sum(change) FILTER (WHERE category = 'reactivation'), 0) AS reactivation_mrr,
         count(*) FILTER (WHERE category = 'new') AS new_customers,
         count(*) FILTER (WHERE category = 'expansion') AS expansion_customers,
         count(*) FILTER (WHERE category = 'contraction') AS contraction_customers,
         count(*) FILTER (WHERE category = 'churn') AS churned_customers,
         count(*) FILTER (WHERE category = 'reactivation') AS reactivation_customers
  FROM base_mov GROUP BY month
), w AS (
  SELECT *, coalesce(lag(mrr) OVER (ORDER BY month), 0) AS starting_mrr,
         coalesce(lag(customers) OVER (ORDER BY month), 0) AS starting_customers
  FROM per_month
)
SELECT month, starting_mrr, mrr, mrr * 12 AS arr, starting_customers, customers,
       new_mrr, expansion_mrr, contraction_mrr, churned_mrr, reactivation_mrr, mrr - starting_mrr AS net_new_mrr,
       new_customers, expansion_customers, contraction_customers, churned_customers, reactivation_customers,
       churned_customers::float8 / nullif(starting_customers, 0) AS logo_churn_rate,
       (churned_mrr + contraction_mrr)::float8 / nullif(starting_mrr, 0)::float8 AS gross_mrr_churn_rate,
       (churned_mrr + contraction_mrr - expansion_mrr - reactivation_mrr)::float8 / nullif(starting_mrr, 0)::float8 AS net_mrr_churn_rate,
       (starting_mrr - churned_mrr - contraction_mrr + expansion_mrr)::float8 / nullif(starting_mrr, 0)::float8 AS nrr,
       (starting_mrr - churned_mrr - contraction_mrr)::float8 / nullif(starting_mrr, 0)::float8 AS grr,
       trim_scale(mrr / nullif(customers, 0)) AS arpa,
       (new_mrr + expansion_mrr + reactivation_mrr)::float8 / nullif(churned_mrr + contraction_mrr, 0)::float8 AS quick_ratio,
       -- Every subscription is billed monthly on the 1st: cash collected = MRR.
       mrr AS cash_collected
FROM w;
