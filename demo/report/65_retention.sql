-- Report section: first-time cohorts (activity_periods) and feature retention (retention()).
\echo '=================================================================='
\echo '65  Retention: monthly cohorts and a new feature''s weekly retention'
\echo '=================================================================='
\echo 'Users by the month of their first activity (second half of 2025): cohort size'
\echo 'and the share of the cohort active in month N after it (N = 0 is the first month).'
\echo
SELECT cohort,
       count(*) FILTER (WHERE n = 0) AS users,
       round(100.0 * count(*) FILTER (WHERE n = 1) / count(*) FILTER (WHERE n = 0), 1) AS m1_pct,
       round(100.0 * count(*) FILTER (WHERE n = 2) / count(*) FILTER (WHERE n = 0), 1) AS m2_pct,
       round(100.0 * count(*) FILTER (WHERE n = 3) / count(*) FILTER (WHERE n = 0), 1) AS m3_pct,
       round(100.0 * count(*) FILTER (WHERE n = 6) / count(*) FILTER (WHERE n = 0), 1) AS m6_pct
FROM (SELECT period_start('month', first_seen(usage)) AS cohort,
             periods_between('month', first_seen(usage), a) AS n
      FROM user_usage, activity_periods(usage, 'month') a
      WHERE first_seen(usage) BETWEEN date '2025-07-01' AND date '2025-12-31') t
GROUP BY cohort
ORDER BY cohort;

\echo 'ai_assistant was launched on Monday 2026-01-12. Of the users who tried it in its'
\echo 'first week, how many used it again in week 1, 2, 4 and 8 after the launch?'
\echo 'retention(c1, ..., cN) per user (ClickHouse''s semantics) over the raw events.'
\echo
SELECT count(*) FILTER (WHERE r[1]) AS launch_week,
       count(*) FILTER (WHERE r[2]) AS week_1,
       count(*) FILTER (WHERE r[3]) AS week_2,
       count(*) FILTER (WHERE r[4]) AS week_4,
       count(*) FILTER (WHERE r[5]) AS week_8,
       round(100.0 * count(*) FILTER (WHERE r[5]) / count(*) FILTER (WHERE r[1]), 1) AS week_8_pct
FROM (SELECT user_id,
             retention(w = 0, w = 1, w = 2, w = 4, w = 8) AS r
      FROM (SELECT user_id, periods_between('week', date '2026-01-12', (ts AT TIME ZONE 'UTC')::date) AS w
            FROM usage_events
            WHERE feature = 'ai_assistant') e
      GROUP BY user_id) t;
