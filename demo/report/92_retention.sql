-- Report section: contractual retention, an sBG model per plan and the MRR forecast.
\echo '=================================================================='
\echo '92  Retention: sBG per plan, MRR forecast of the existing base'
\echo '=================================================================='
\echo 'Each customer''s survival in months as of 2026-06-30 (subscription_lifetime on'
\echo 'customer_mrr): first paying month, months paid until the first churn or renewals'
\echo 'so far, still paying or not. One shifted-beta-geometric fit per plan (sbg_fit),'
\echo 'months as periods: the mean monthly churn probability alpha / (alpha + beta), the'
\echo 'polarization 1 / (alpha + beta + 1) (0: every customer churns alike, 1: some leave at'
\echo 'once and the others never), the share of a new cohort left after 12 and 24 months'
\echo 'and the renewal rate in month 12. The demo generator draws every lifetime from one'
\echo 'constant hazard per billing type, so the fits find almost no heterogeneity (alpha and'
\echo 'beta very large: the geometric limit); on real subscriptions the polarization is'
\echo 'typically far from 0 (the paper''s cohorts: 0.35 and 0.18).'
\echo
CREATE TABLE customer_survival AS
SELECT c.customer_id, a.plan, l.first_month, l.lifetime, l.alive, mrr_at(c.mrr, date '2026-06-30') AS mrr
FROM customer_mrr c JOIN accounts a ON a.account_id = c.customer_id,
     subscription_lifetime(c.mrr, date '2026-06-30') l;

CREATE TABLE plan_retention AS
SELECT plan, sbg_fit(lifetime, alive) AS m FROM customer_survival GROUP BY plan;

SELECT plan, fitted_customers(m)::int AS customers, converged(m),
       round((100 * model_param(m, 'alpha') / (model_param(m, 'alpha') + model_param(m, 'beta')))::numeric, 2) AS mean_churn_pct,
       round((1 / (model_param(m, 'alpha') + model_param(m, 'beta') + 1))::numeric, 6) AS polarization,
       round(100 * sbg_survival(m, 12)::numeric, 1) AS left_after_12m_pct,
       round(100 * sbg_survival(m, 24)::numeric, 1) AS left_after_24m_pct,
       round(100 * sbg_retention(m, 12)::numeric, 1) AS renews_month_12_pct
FROM plan_retention ORDER BY plan;

\echo 'MRR forecast of today''s paying base (no new business): per customer the MRR'
\echo 'of June 2026 times S(tenure + h) / S(tenure) under its plan''s model, summed.'
\echo
SELECT h AS months_ahead,
       round(sum(sbg_expected_mrr(p.m, s.lifetime, s.mrr, h))::numeric, 0) AS expected_mrr,
       round((100 * sum(sbg_expected_mrr(p.m, s.lifetime, s.mrr, h)) / sum(s.mrr))::numeric, 1) AS pct_of_today
FROM customer_survival s JOIN plan_retention p USING (plan), unnest(ARRAY[0, 1, 3, 6, 12, 24]) h
WHERE s.alive
GROUP BY h ORDER BY h;

\echo 'Contractual CLTV of a new customer per plan: the plan''s mean MRR paid monthly,'
\echo 'discounted 1 % a month (sbg_cltv), next to the CLTV that assumes the first'
\echo 'month''s churn rate c = 1 - r(1) forever, at the same discount: MRR (1.01) / (0.01 + c).'
\echo 'They agree here because the demo''s churn is homogeneous; with heterogeneous'
\echo 'customers (alpha, beta small) the sBG value is higher (docs/retention.md).'
\echo
SELECT p.plan, round(avg(s.mrr), 2) AS mean_mrr,
       round(sbg_cltv(p.m, avg(s.mrr)::float8, 0.01)::numeric, 0) AS sbg_cltv,
       round((avg(s.mrr)::float8 * 1.01 / (0.01 + 1 - sbg_retention(p.m, 1)))::numeric, 0) AS constant_churn_cltv
FROM plan_retention p JOIN customer_survival s USING (plan)
WHERE s.alive
GROUP BY p.plan, p.m ORDER BY p.plan;
