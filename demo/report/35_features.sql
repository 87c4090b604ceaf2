-- Report section: feature adoption from the per-feature part of the summaries.
\echo '=================================================================='
\echo '35  Top features by adoption'
\echo '=================================================================='
\echo 'feature_usage(summary) expands a summary into one row per feature used.'
\echo 'Adoption = share of users with any usage who ever used the feature; current ='
\echo 'used in the last 28 days. ai_assistant only launched on 2026-01-12.'
\echo
SELECT f.feature,
       count(*) AS users,
       round(100.0 * count(*) / (SELECT count(usage) FROM user_usage), 1) AS adoption_pct,
       count(*) FILTER (WHERE f.last_seen >= date '2026-06-03') AS current_users,
       sum(f.events) AS events,
       round(avg(f.active_days), 1) AS avg_active_days,
       min(f.first_seen) AS first_used
FROM user_usage, feature_usage(usage) AS f
GROUP BY f.feature
ORDER BY users DESC, f.feature
LIMIT 10;

\echo 'Breadth: how many of the 20 features each user has used.'
\echo
SELECT CASE WHEN feature_breadth(usage) <= 2 THEN '1-2'
            WHEN feature_breadth(usage) <= 5 THEN '3-5'
            WHEN feature_breadth(usage) <= 10 THEN '6-10'
            ELSE '11-20' END AS features_used,
       count(*) AS users,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct,
       round(avg(active_days(usage))) AS avg_active_days
FROM user_usage
WHERE usage IS NOT NULL
GROUP BY features_used
ORDER BY min(feature_breadth(usage));
