-- Report section: signup cohort tables (logo and net revenue retention) from the
-- per-customer MRR histories.
\echo '=================================================================='
\echo '94  Cohort tables: logo and net revenue retention by signup month'
\echo '=================================================================='
\echo 'cohort_agg sums the per-customer histories (customer_mrr) into one'
\echo 'cohort_summary: per signup cohort (the first paying month) and month since,'
\echo 'the customers still paying and their MRR. cohort_table reads it through the'
\echo 'last month of the data. Logo retention (% of the cohort still paying) of the'
\echo 'quarterly cohorts of the last two years, pivoted on months 0, 1, 3, 6, 12, 18:'
\echo
SELECT cohort, cohort_customers AS customers,
       round(100 * max(logo_retention) FILTER (WHERE month_number = 1)::numeric, 1) AS m1,
       round(100 * max(logo_retention) FILTER (WHERE month_number = 3)::numeric, 1) AS m3,
       round(100 * max(logo_retention) FILTER (WHERE month_number = 6)::numeric, 1) AS m6,
       round(100 * max(logo_retention) FILTER (WHERE month_number = 12)::numeric, 1) AS m12,
       round(100 * max(logo_retention) FILTER (WHERE month_number = 18)::numeric, 1) AS m18
FROM cohort_table((SELECT cohort_agg(mrr) FROM customer_mrr), date '2026-06-30')
WHERE extract(month FROM cohort) IN (1, 4, 7, 10)
GROUP BY cohort, cohort_customers
ORDER BY cohort;

\echo 'Net revenue retention of the same cohorts (MRR of the cohort in the month over'
\echo 'its MRR in month 0: expansion, contraction, churn and reactivation included; above'
\echo '100 % the add-ons outgrow the churn).'
\echo
SELECT cohort, cohort_mrr,
       round(100 * max(net_revenue_retention) FILTER (WHERE month_number = 1)::numeric, 1) AS m1,
       round(100 * max(net_revenue_retention) FILTER (WHERE month_number = 3)::numeric, 1) AS m3,
       round(100 * max(net_revenue_retention) FILTER (WHERE month_number = 6)::numeric, 1) AS m6,
       round(100 * max(net_revenue_retention) FILTER (WHERE month_number = 12)::numeric, 1) AS m12,
       round(100 * max(net_revenue_retention) FILTER (WHERE month_number = 18)::numeric, 1) AS m18
FROM cohort_table((SELECT cohort_agg(mrr) FROM customer_mrr), date '2026-06-30')
WHERE extract(month FROM cohort) IN (1, 4, 7, 10)
GROUP BY cohort, cohort_mrr
ORDER BY cohort;

\echo 'Per plan: one cohort_summary per plan (a segment), stored; their rollup is the'
\echo 'whole base. Retention averaged over all cohorts, weighted by cohort size, at'
\echo 'months 3, 6 and 12 (only cohorts old enough to have that month count).'
\echo
CREATE TEMP TABLE plan_cohorts AS
SELECT a.plan, cohort_agg(c.mrr) AS cohorts
FROM customer_mrr c JOIN accounts a ON a.account_id = c.customer_id
GROUP BY a.plan;
SELECT coalesce(plan, 'all plans') AS plan, month_number,
       sum(customers) AS still_paying, sum(cohort_customers) AS of_customers,
       round(100 * sum(customers)::numeric / sum(cohort_customers), 1) AS logo_retention_pct,
       round(100 * sum(mrr) / sum(cohort_mrr), 1) AS nrr_pct
FROM (SELECT plan, cohorts FROM plan_cohorts
      UNION ALL SELECT NULL, rollup(cohorts) FROM plan_cohorts) p,
     cohort_table(cohorts, date '2026-06-30') t
WHERE month_number IN (3, 6, 12)
GROUP BY plan, month_number
ORDER BY plan NULLS LAST, month_number;
