-- Report section: light / moderate / heavy users from population percentile cuts.
\echo '=================================================================='
\echo '20  Usage segments: light, moderate, heavy'
\echo '=================================================================='
\echo 'Intensity = quantity per active day. The cuts are the population''s 50th and'
\echo '80th percentiles, so half the users are light, 30 % moderate, 20 % heavy.'
\echo
WITH cuts AS (
  SELECT percentile_cont(ARRAY[0.5, 0.8]) WITHIN GROUP (ORDER BY usage_intensity(usage)) AS cuts
  FROM user_usage
  WHERE usage IS NOT NULL
)
SELECT usage_segment(usage_intensity(usage), cuts) AS segment,
       count(*) AS users,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct,
       round(min(usage_intensity(usage))::numeric, 1) AS min_intensity,
       round(max(usage_intensity(usage))::numeric, 1) AS max_intensity,
       round(avg(active_days(usage))) AS avg_active_days,
       round(avg(feature_breadth(usage)), 1) AS avg_features
FROM user_usage, cuts
WHERE usage IS NOT NULL
GROUP BY segment
ORDER BY min(usage_intensity(usage));

\echo 'The same segments per account: rollup(usage) is the account''s summary, and'
\echo 'account intensity is cut at the accounts'' own percentiles.'
\echo
WITH cuts AS (
  SELECT percentile_cont(ARRAY[0.5, 0.8]) WITHIN GROUP (ORDER BY usage_intensity(usage)) AS cuts
  FROM account_usage
  WHERE usage IS NOT NULL
)
SELECT usage_segment(usage_intensity(usage), cuts) AS segment,
       count(*) AS accounts,
       round(min(usage_intensity(usage))::numeric, 1) AS min_intensity,
       round(max(usage_intensity(usage))::numeric, 1) AS max_intensity,
       round(avg(seats), 1) AS avg_seats
FROM account_usage, cuts
WHERE usage IS NOT NULL
GROUP BY segment
ORDER BY min(usage_intensity(usage));
