-- The examples of docs/saas.md, run as a test so the documented outputs stay real.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_saas_docs CASCADE;
CREATE SCHEMA t_saas_docs;
SET search_path = t_saas_docs, public;
SET DateStyle = 'ISO, YMD';
CREATE TABLE subscriptions (
  customer_id int, plan text, start_date date, end_date date,
  monthly_amount numeric(10,2), billing_months int);
INSERT INTO subscriptions VALUES
  (101, 'starter', '2024-01-01', '2024-04-01',  49.00,  1),
  (101, 'pro',     '2024-04-01', NULL,          99.00,  1),
  (102, 'pro',     '2024-01-10', '2024-03-10',  99.00,  1),
  (103, 'team',    '2024-02-01', NULL,         199.00, 12),
  (104, 'starter', '2024-02-01', '2024-03-01',  49.00,  1),
  (104, 'starter', '2024-05-01', NULL,          49.00,  1),
  (105, 'pro',     '2024-03-01', '2024-06-01',  99.00,  1),
  (105, 'add-on',  '2024-03-01', '2024-05-01',  20.00,  1);
CREATE MATERIALIZED VIEW customer_mrr AS
SELECT customer_id, mrr_agg(start_date, end_date, monthly_amount, billing_months) AS history
FROM subscriptions GROUP BY customer_id;
SELECT customer_id, m.*
FROM customer_mrr, mrr_movements(history, '2024-06-30') m
WHERE customer_id IN (101, 102, 105) ORDER BY customer_id, month;
SELECT history FROM customer_mrr WHERE customer_id = 105;
CREATE MATERIALIZED VIEW monthly_saas AS
SELECT m.* FROM (SELECT saas_agg(history) AS s FROM customer_mrr) p, saas_metrics(s, '2024-06-30') m;
SELECT month, starting_mrr, mrr, arr, customers, new_mrr, expansion_mrr, contraction_mrr,
       churned_mrr, reactivation_mrr, net_new_mrr, cash_collected
FROM monthly_saas ORDER BY month;
SELECT month, new_customers AS new, churned_customers AS churned, reactivation_customers AS react,
       round(logo_churn_rate::numeric, 3) AS logo_churn,
       round(gross_mrr_churn_rate::numeric, 3) AS gross_churn, round(net_mrr_churn_rate::numeric, 3) AS net_churn,
       round(nrr::numeric, 3) AS nrr, round(grr::numeric, 3) AS grr, round(arpa, 2) AS arpa,
       round(quick_ratio::numeric, 2) AS quick_ratio
FROM monthly_saas ORDER BY month;
CREATE VIEW mrr_movements_chart AS
SELECT month, series, amount
FROM monthly_saas,
LATERAL (VALUES ('new', new_mrr), ('expansion', expansion_mrr), ('reactivation', reactivation_mrr),
                ('contraction', -contraction_mrr), ('churn', -churned_mrr)) AS v(series, amount)
WHERE amount <> 0;
SELECT * FROM mrr_movements_chart ORDER BY month, series;
SELECT plan_tier, m.month, m.mrr, m.customers
FROM (SELECT CASE WHEN customer_id < 103 THEN 'self-serve' ELSE 'sales' END AS plan_tier, saas_agg(history) AS s
      FROM customer_mrr GROUP BY 1) seg, saas_metrics(s, '2024-03-31') m
WHERE m.month = '2024-03-01' ORDER BY 1;
SELECT m.month, m.mrr, m.customers
FROM (SELECT rollup(s) AS s FROM (SELECT saas_agg(history) AS s FROM customer_mrr GROUP BY customer_id < 103) seg) p,
     saas_metrics(s, '2024-03-31') m WHERE m.month = '2024-03-01';
SELECT saas_agg(history) FROM customer_mrr WHERE customer_id = 104;
SELECT cac(30000, 12) AS cac, cac(30000, 0) AS cac_none,
       cac_payback_months(2500, 110, 0.8) AS payback_months,
       cltv(110, 0.8, 0.02) AS cltv, cltv(110, 0.8, 0) AS cltv_no_churn,
       ltv_cac_ratio(4400, 2500) AS ltv_cac, ltv_cac_ratio(110, 0.8, 0.02, 2500) AS ltv_cac_from_arpa;
SELECT month, round(arpa, 2) AS arpa, round(cltv(arpa, 0.8, logo_churn_rate), 2) AS cltv,
       round(cac_payback_months(1500, arpa, 0.8)::numeric, 1) AS payback_months
FROM monthly_saas WHERE month IN ('2024-03-01', '2024-06-01') ORDER BY month;
SELECT count(*), min(month), max(month) FROM saas_metrics((SELECT saas_agg(history) FROM customer_mrr));
