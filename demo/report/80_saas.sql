-- Report section: MRR, its movements and the SaaS board metrics, unit economics.
\echo '=================================================================='
\echo '80  SaaS metrics: MRR movements, churn, retention, unit economics'
\echo '=================================================================='
\echo 'One mrr_history per customer (customer_mrr), summed into one saas_summary with'
\echo 'saas_agg; saas_metrics gives a row per month (ChartMogul''s month-end rule). The'
\echo 'last twelve months: MRR, paying customers and the MRR movements.'
\echo
SELECT month, mrr, customers,
       new_mrr AS new, expansion_mrr AS expansion, contraction_mrr AS contraction,
       churned_mrr AS churned, reactivation_mrr AS reactivation, net_new_mrr AS net_new
FROM saas_metrics((SELECT saas_agg(mrr) FROM customer_mrr), date '2026-06-30')
WHERE month >= date '2025-07-01'
ORDER BY month;

\echo 'The same months: logo churn, net and gross revenue retention (NRR, GRR), the'
\echo 'average revenue per account (ARPA), the quick ratio and the cash collected'
\echo '(annual plans pay twelve months up front).'
\echo
SELECT month,
       round(100 * logo_churn_rate::numeric, 2) AS logo_churn_pct,
       round(100 * nrr::numeric, 1) AS nrr_pct,
       round(100 * grr::numeric, 1) AS grr_pct,
       round(arpa, 2) AS arpa,
       round(quick_ratio::numeric, 2) AS quick_ratio,
       cash_collected
FROM saas_metrics((SELECT saas_agg(mrr) FROM customer_mrr), date '2026-06-30')
WHERE month >= date '2025-07-01'
ORDER BY month;

\echo 'Per customer, mrr_movements names each month''s change (NULL: nothing moved).'
\echo 'The movements of the last twelve months by category, customer-months and MRR;'
\echo 'they add up to the MRR of June 2026 minus that of June 2025.'
\echo
SELECT coalesce(m.category, 'total') AS category,
       count(*) AS customer_months,
       sum(m.change) AS mrr_change
FROM customer_mrr, mrr_movements(mrr, date '2026-06-30') m
WHERE m.month >= date '2025-07-01' AND m.category IS NOT NULL
GROUP BY ROLLUP (m.category)
ORDER BY m.category NULLS LAST;

SELECT sum(mrr_at(mrr, date '2026-06-01')) - sum(mrr_at(mrr, date '2025-06-01')) AS mrr_june_2026_minus_june_2025
FROM customer_mrr;

\echo 'Unit economics over the last twelve months: CAC = marketing spend / new'
\echo 'customers; CLTV = ARPA * gross margin (80 %) / monthly logo churn (the mean of'
\echo 'the twelve months); payback = months of margin to earn the CAC back.'
\echo
WITH m AS (
  SELECT sum(new_customers)::bigint AS new_customers,
         avg(logo_churn_rate) AS monthly_churn,
         (array_agg(arpa ORDER BY month DESC))[1] AS arpa
  FROM saas_metrics((SELECT saas_agg(mrr) FROM customer_mrr), date '2026-06-30')
  WHERE month >= date '2025-07-01'
), s AS (
  SELECT sum(spend) AS spend FROM marketing_spend WHERE month >= date '2025-07-01'
)
SELECT s.spend, m.new_customers,
       round(cac(s.spend, m.new_customers), 2) AS cac,
       round(m.arpa, 2) AS arpa,
       round(100 * m.monthly_churn::numeric, 2) AS monthly_churn_pct,
       round(cltv(m.arpa, 0.8, m.monthly_churn), 2) AS cltv,
       round(cac_payback_months(cac(s.spend, m.new_customers), m.arpa, 0.8)::numeric, 1) AS payback_months,
       round(ltv_cac_ratio(m.arpa, 0.8, m.monthly_churn, cac(s.spend, m.new_customers))::numeric, 2) AS ltv_cac
FROM m, s;
