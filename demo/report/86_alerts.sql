-- Report section: usage-drop alerts. Users and accounts whose activity in the last
-- 14 days fell against the 56 days before (usage_drop, usage_alert), and the
-- churn-risk list that ranks accounts by alert, p_alive and account health
-- (docs/models.md, "Usage-drop alerts").
\echo '=================================================================='
\echo '86  Usage-drop alerts: who is slipping away (as of 2026-06-30)'
\echo '=================================================================='
\echo 'usage_drop compares the active days of the last 14 days (06-17..06-30) with the'
\echo '56 days before (from the day after the first activity), Fisher exact test of a'
\echo 'lower daily chance of activity; usage_alert: alert = at most half as often and'
\echo 'p < 0.01, watch = at most 3/4 and p < 0.05. Users by frequency class:'
\echo
SELECT coalesce(frequency_class(usage, date '2026-06-30'), 'non_user') AS kind,
       count(*) AS users,
       count(*) FILTER (WHERE usage_alert(usage, date '2026-06-30') = 'alert') AS alert,
       count(*) FILTER (WHERE usage_alert(usage, date '2026-06-30') = 'watch') AS watch,
       count(*) FILTER (WHERE (usage_drop(usage, date '2026-06-30')).p_value IS NULL) AS no_baseline
FROM user_usage
GROUP BY 1
ORDER BY 1;

\echo 'The users with the strongest evidence of a drop: active days recent / baseline,'
\echo 'their ratio and the p-value.'
\echo
SELECT uu.user_id, uu.account_id, uu.role,
       d.recent_active || ' / ' || 14 AS recent, d.baseline_active || ' / ' || d.baseline_length AS baseline,
       round(d.ratio::numeric, 2) AS ratio, to_char(d.p_value, '9.9EEEE') AS p_value,
       usage_alert(uu.usage, date '2026-06-30') AS alert
FROM user_usage uu, usage_drop(uu.usage, date '2026-06-30') d
WHERE d.p_value IS NOT NULL
ORDER BY d.p_value, uu.user_id
LIMIT 10;

\echo 'Churn-risk list: accounts ranked by their own usage_alert, then by how many of'
\echo 'their users are in alert, then by p_alive (BG/NBD on the orders: the chance the'
\echo 'customer still buys) and account_health (seats used, frequency, trend).'
\echo
WITH btyd AS (
  SELECT customer_id AS account_id,
         btyd_frequency(orders, date '2026-06-30') AS x, btyd_recency(orders, date '2026-06-30') AS t_x,
         btyd_age(orders, date '2026-06-30') AS age
  FROM customer_orders
), model AS (
  SELECT bgnbd_fit(x, t_x, age) AS bg FROM btyd
), users AS (
  SELECT account_id,
         count(*) FILTER (WHERE usage_alert(usage, date '2026-06-30') = 'alert') AS users_alert,
         count(*) FILTER (WHERE usage_alert(usage, date '2026-06-30') = 'watch') AS users_watch,
         active_users(usage, date '2026-06-30') AS active_users
  FROM user_usage
  GROUP BY account_id
), ranked AS (
  SELECT au.account_id, au.plan, au.seats,
         usage_alert(au.usage, date '2026-06-30') AS account_alert,
         round((usage_drop(au.usage, date '2026-06-30')).ratio::numeric, 2) AS account_ratio,
         u.users_alert, u.users_watch,
         round(p_alive(m.bg, b.x, b.t_x, b.age)::numeric, 2) AS p_alive,
         round(account_health(au.usage, u.active_users, au.seats, date '2026-06-30')::numeric, 0) AS health
  FROM account_usage au
  JOIN users u USING (account_id)
  LEFT JOIN btyd b USING (account_id)
  CROSS JOIN model m
)
SELECT * FROM ranked
WHERE account_alert <> 'none' OR users_alert > 0
ORDER BY CASE account_alert WHEN 'alert' THEN 0 WHEN 'watch' THEN 1 ELSE 2 END,
         users_alert DESC, p_alive NULLS FIRST, health NULLS FIRST, account_id
LIMIT 15;
