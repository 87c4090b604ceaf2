-- Builds the summaries the report sections read: one usage_summary per user
-- (users without any event get a NULL summary) and one per account (rollup), one
-- rfm_summary per customer from the orders, one mrr_history per customer from the
-- subscriptions.
\echo '=================================================================='
\echo 'Summaries: usage per user and account, orders and MRR per customer'
\echo '=================================================================='
\echo 'usage_agg condenses each user''s events into one compact value (events, exact'
\echo 'quantity, active days as a bitmap, the same per feature); rfm_agg does the same'
\echo 'for a customer''s orders (orders and amount per purchase day), mrr_agg for its'
\echo 'subscriptions (MRR and cash per month). Every section below reads these tables'
\echo 'instead of the raw rows.'
\echo
\timing on
CREATE TABLE user_usage AS
SELECT u.user_id, u.account_id, u.role, e.usage
FROM users u
LEFT JOIN (SELECT user_id, usage_agg(ts, quantity, feature) AS usage
           FROM usage_events
           GROUP BY user_id) e USING (user_id);

CREATE TABLE account_usage AS
SELECT a.account_id, a.plan, a.seats, count(uu.usage) AS users_with_usage,
       rollup(uu.usage) AS usage
FROM accounts a
JOIN user_usage uu USING (account_id)
GROUP BY a.account_id, a.plan, a.seats;

CREATE TABLE customer_orders AS
SELECT customer_id, rfm_agg(ts, amount) AS orders
FROM orders
GROUP BY customer_id;

CREATE TABLE customer_mrr AS
SELECT customer_id, mrr_agg(start_date, end_date, monthly_amount, billing_months) AS mrr
FROM subscriptions
GROUP BY customer_id;
\timing off
ALTER TABLE user_usage ADD PRIMARY KEY (user_id);
ALTER TABLE account_usage ADD PRIMARY KEY (account_id);
ALTER TABLE customer_orders ADD PRIMARY KEY (customer_id);
ALTER TABLE customer_mrr ADD PRIMARY KEY (customer_id);
ANALYZE user_usage, account_usage, customer_orders, customer_mrr;
