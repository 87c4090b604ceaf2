-- Builds the summaries the report sections read: one usage_summary per user
-- (users without any event get a NULL summary) and one per account (rollup).
\echo '=================================================================='
\echo 'Usage summaries: one usage_summary per user, rolled up per account'
\echo '=================================================================='
\echo 'usage_agg condenses each user''s events into one compact value (events, exact'
\echo 'quantity, active days as a bitmap, the same per feature). Every section below'
\echo 'reads these two tables instead of the 1M raw events.'
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
\timing off
ALTER TABLE user_usage ADD PRIMARY KEY (user_id);
ALTER TABLE account_usage ADD PRIMARY KEY (account_id);
ANALYZE user_usage, account_usage;
