-- Report section: frequency x intensity quadrants of the current users.
\echo '=================================================================='
\echo '30  Usage quadrants: frequency x intensity of the last 28 days'
\echo '=================================================================='
\echo 'Current users (active in the last 28 days). Frequency = share of those 28 days'
\echo 'with activity (from the stored summary); intensity = quantity per active day in'
\echo 'the same 28 days (the one-step usage_intensity aggregate over the raw events).'
\echo 'Both are cut at their medians: casual (low/low), social (frequent, light),'
\echo 'competitive (rare, intense), hardcore (frequent and intense).'
\echo
WITH recent AS (
  SELECT user_id, usage_intensity(ts, quantity) AS intensity
  FROM usage_events
  WHERE ts >= date '2026-06-03' AND ts < date '2026-07-01'
  GROUP BY user_id
), current_users AS (
  SELECT r.user_id, usage_frequency(uu.usage, date '2026-06-30', 28) AS frequency, r.intensity
  FROM recent r
  JOIN user_usage uu USING (user_id)
), cuts AS (
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY frequency) AS frequency_cut,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY intensity) AS intensity_cut
  FROM current_users
)
SELECT quadrant,
       count(*) AS users,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct,
       round(avg(frequency)::numeric, 2) AS avg_frequency,
       round(avg(intensity)::numeric, 1) AS avg_intensity,
       round(min(frequency_cut)::numeric, 2) AS frequency_cut,
       round(min(intensity_cut)::numeric, 1) AS intensity_cut
FROM (SELECT usage_quadrant(frequency, intensity, frequency_cut, intensity_cut) AS quadrant,
             frequency, intensity, frequency_cut, intensity_cut
      FROM current_users, cuts) q
GROUP BY quadrant
ORDER BY array_position(ARRAY['casual', 'social', 'competitive', 'hardcore'], quadrant);
