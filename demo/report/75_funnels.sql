-- Report section: a product funnel with window_funnel (ClickHouse's windowFunnel).
\echo '=================================================================='
\echo '75  Funnels: search -> reports -> export_csv -> sharing within a day'
\echo '=================================================================='
\echo 'window_funnel per user over the second quarter of 2026: the furthest step reached'
\echo 'in order, every step within 24 hours of the search that started the chain. Users'
\echo 'who reached each step, and the share of those who reached the step before (for'
\echo 'search: of all users active in the quarter).'
\echo
WITH levels AS (
  SELECT user_id,
         window_funnel(interval '1 day', ts,
                       ARRAY[feature = 'search', feature = 'reports', feature = 'export_csv', feature = 'sharing']) AS level
  FROM usage_events
  WHERE ts >= timestamptz '2026-04-01 00:00+00' AND ts < timestamptz '2026-07-01 00:00+00'
  GROUP BY user_id
)
SELECT s.step, s.feature,
       count(*) FILTER (WHERE l.level >= s.step) AS users,
       round(100.0 * count(*) FILTER (WHERE l.level >= s.step)
             / nullif(count(*) FILTER (WHERE l.level >= s.step - 1), 0), 1) AS pct_of_previous
FROM levels l,
     (VALUES (1, 'search'), (2, 'reports'), (3, 'export_csv'), (4, 'sharing')) AS s(step, feature)
GROUP BY s.step, s.feature
ORDER BY s.step;
