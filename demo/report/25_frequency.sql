-- Report section: frequency classes, buyers against users.
\echo '=================================================================='
\echo '25  Frequency classes: who uses the product how often'
\echo '=================================================================='
\echo 'daily: active on >= 20 of the last 28 days; weekly: active in >= 3 of the last'
\echo '4 weeks; monthly: active in the last 30 days; lapsed: active before, not now;'
\echo 'non_user: never active (their summary is NULL: they have no events).'
\echo 'Buyers (who pay) against users (who use): buyers do not always use.'
\echo
SELECT class,
       count(*) AS people,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct,
       count(*) FILTER (WHERE role = 'buyer') AS buyers,
       round(100.0 * count(*) FILTER (WHERE role = 'buyer')
             / sum(count(*) FILTER (WHERE role = 'buyer')) OVER (), 1) AS buyers_pct,
       count(*) FILTER (WHERE role = 'user') AS users,
       round(100.0 * count(*) FILTER (WHERE role = 'user')
             / sum(count(*) FILTER (WHERE role = 'user')) OVER (), 1) AS users_pct
FROM (SELECT role, coalesce(frequency_class(usage, date '2026-06-30'), 'non_user') AS class
      FROM user_usage) u
GROUP BY class
ORDER BY array_position(ARRAY['daily', 'weekly', 'monthly', 'lapsed', 'non_user'], class);

\echo 'Thresholds are arguments: a stricter "daily" (24 of 28 days) and "weekly"'
\echo '(all 4 weeks) moves people down a class.'
\echo
SELECT strict_class, count(*) AS people
FROM (SELECT coalesce(frequency_class(usage, date '2026-06-30', 24, 4, 30), 'non_user') AS strict_class
      FROM user_usage) u
GROUP BY strict_class
ORDER BY array_position(ARRAY['daily', 'weekly', 'monthly', 'lapsed', 'non_user'], strict_class);
