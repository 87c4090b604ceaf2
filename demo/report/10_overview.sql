-- Report section: what one usage_summary answers, and the population at a glance.
\echo '=================================================================='
\echo '10  Usage summaries at a glance (as of 2026-06-30)'
\echo '=================================================================='
\echo 'Accessors read a summary without going back to the events: one user of each'
\echo 'frequency class (the first by user_id among those with a year of history).'
\echo
SELECT DISTINCT ON (kind)
       coalesce(frequency_class(usage, date '2026-06-30'), 'non_user') AS kind,
       user_id,
       events(usage) AS events,
       total_quantity(usage) AS quantity,
       first_seen(usage) AS first_seen,
       last_seen(usage) AS last_seen,
       active_days(usage) AS active_days,
       active_periods(usage, 'week') AS active_weeks,
       recency_days(usage, date '2026-06-30') AS recency,
       feature_breadth(usage) AS features,
       round(usage_intensity(usage)::numeric, 1) AS intensity,
       round(usage_frequency(usage, date '2026-06-30', 28)::numeric, 2) AS freq_28d
FROM user_usage
WHERE first_seen(usage) < date '2025-07-01'
ORDER BY kind, user_id;

\echo 'The whole population, and the check that rolling users up into accounts loses'
\echo 'nothing: the events of all account summaries equal the raw event count.'
\echo
SELECT count(*) AS users,
       count(usage) AS users_with_usage,
       sum(events(usage)) AS events,
       (SELECT sum(events(usage)) FROM account_usage) AS events_via_accounts,
       (SELECT count(*) FROM usage_events) AS raw_events,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY active_days(usage)) AS median_active_days,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY usage_intensity(usage))::numeric, 1)
         AS median_intensity
FROM user_usage;
