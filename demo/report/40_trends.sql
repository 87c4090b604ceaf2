-- Report section: usage trends of users and of accounts.
\echo '=================================================================='
\echo '40  Usage trends: who is growing, who is fading'
\echo '=================================================================='
\echo 'usage_trend compares active days in the last 28 days with the 28 before:'
\echo '-0.5 = half as many active days. NULL = no activity in the earlier half.'
\echo
SELECT CASE WHEN t IS NULL THEN 'no earlier activity'
            WHEN t <= -0.25 THEN 'declining'
            WHEN t < 0.25 THEN 'stable'
            ELSE 'growing' END AS trend,
       count(*) AS users,
       round(avg(t)::numeric, 2) AS avg_trend
FROM (SELECT usage_trend(usage, date '2026-06-30', 56) AS t
      FROM user_usage
      WHERE recency_days(usage, date '2026-06-30') < 56) u
GROUP BY trend
ORDER BY min(t) NULLS LAST;

\echo 'Accounts to call: the ten largest accounts whose people use the product on'
\echo 'markedly fewer days than in the 28 days before (active days summed over users),'
\echo 'among accounts still in use (someone active in the last 7 days).'
\echo
SELECT au.account_id, au.plan, au.seats,
       count(*) FILTER (WHERE recency_days(uu.usage, date '2026-06-30') < 28) AS active_users_28d,
       sum(active_days(uu.usage, date '2026-05-06', date '2026-06-02')) AS user_days_before,
       sum(active_days(uu.usage, date '2026-06-03', date '2026-06-30')) AS user_days_last_28d,
       round(usage_trend(au.usage, date '2026-06-30', 56)::numeric, 2) AS account_days_trend
FROM account_usage au
JOIN user_usage uu USING (account_id)
GROUP BY au.account_id
HAVING sum(active_days(uu.usage, date '2026-06-03', date '2026-06-30'))
       < 0.7 * sum(active_days(uu.usage, date '2026-05-06', date '2026-06-02'))
   AND max(last_seen(uu.usage)) > date '2026-06-23'
ORDER BY au.seats DESC, au.account_id
LIMIT 10;
