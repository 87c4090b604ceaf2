-- Usage signals: usage_vector components on hand-built summaries, usage_drop
-- p-values checked by hand (exact sums of binomial coefficients, Python's
-- math.comb) and against scipy.stats.fisher_exact (tests/reference/sk_usage_drop.py),
-- usage_alert levels, forced-parallel plans and bad input.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_signals CASCADE;
CREATE SCHEMA t_signals;
SET search_path = t_signals, public;
SET TimeZone = 'UTC';
SET extra_float_digits = 0;

-- User 1: feature a on 2024-03-01..03-03, b on 03-10, no feature on 03-20 (two
-- events), quantity 2 per event except 3 for the last: 6 events, 13 quantity,
-- 5 active days.
CREATE TABLE events (user_id int, day date, quantity float8, feature text);
INSERT INTO events VALUES
  (1, '2024-03-01', 2, 'a'), (1, '2024-03-02', 2, 'a'), (1, '2024-03-03', 2, 'a'),
  (1, '2024-03-10', 2, 'b'), (1, '2024-03-20', 2, NULL), (1, '2024-03-20', 3, NULL);
-- User 2: active 2023-09-22, then every other day of the baseline 2024-01-01..02-25
-- (28 of 56 days), then once in the recent 14 days 02-26..03-10 (on 03-05);
-- feature 'report' on every one of those days but 03-05.
INSERT INTO events
SELECT 2, d::date, 1, 'report' FROM generate_series('2024-01-01'::date, '2024-02-25', '2 days') d
UNION ALL SELECT 2, '2023-09-22', 1, 'report'
UNION ALL SELECT 2, '2024-03-05', 1, NULL;
-- User 3: first active 2024-02-20 (6 days before the recent window), then 02-22,
-- 02-24 and 03-01: baseline 02-21..02-25, 2 of 5 days.
INSERT INTO events VALUES (3, '2024-02-20', 1, NULL), (3, '2024-02-22', 1, NULL),
  (3, '2024-02-24', 1, NULL), (3, '2024-03-01', 1, NULL);
-- User 4: first active on 2024-03-02, within the recent window: no baseline.
INSERT INTO events VALUES (4, '2024-03-02', 1, NULL), (4, '2024-03-04', 1, NULL);
CREATE TABLE summaries AS
SELECT user_id, usage_agg(day, quantity, feature) AS s FROM events GROUP BY user_id;

-- usage_vector, user 1 as of 2024-03-21, window 14 (03-08..03-21: 03-10 and 03-20;
-- the 14 days before: 03-01..03-03):
-- frequency 7*2/14 = 1, intensity 13/5 = 2.6, recency 1, tenure 20,
-- trend (2-3)/(2+3) = -0.2, share of b 1/2, of a 0/2, of zzz (never used) 0.
SELECT usage_vector(s, '2024-03-21', ARRAY['b', 'a', 'zzz'], 14) FROM summaries WHERE user_id = 1;
-- The defaults: no features (five components), window 28 (02-23..03-21: 5 days; the
-- 28 days before: none): 7*5/28 = 1.25, trend 1.
SELECT usage_vector(s, '2024-03-21') FROM summaries WHERE user_id = 1;
-- Before the first activity: NULL. A window without activity: frequency, trend and
-- shares 0; recency 2025-01-01 - 2024-03-20 = 287, tenure 306.
SELECT usage_vector(s, '2024-02-29') IS NULL AS not_yet_active,
       usage_vector(s, '2025-01-01', '{a}', 7) AS lapsed
FROM summaries WHERE user_id = 1;
-- frequency is 7 * usage_frequency; intensity usage_intensity; recency and tenure
-- their accessors; trend t2 / (t2 + 2) for usage_trend t2 over twice the window
-- (user 3: no activity in the earlier half, usage_trend is NULL and the component 1).
SELECT user_id,
       v[1] = 7 * usage_frequency(s, '2024-03-10', 28) AS frequency,
       v[2] = usage_intensity(s) AS intensity,
       v[3] = recency_days(s, '2024-03-10') AS recency,
       v[4] = tenure_days(s, '2024-03-10') AS tenure,
       coalesce(abs(v[5] - usage_trend(s, '2024-03-10', 56) / (usage_trend(s, '2024-03-10', 56) + 2)) < 1e-15,
                v[5] = 1) AS trend
FROM (SELECT user_id, s, usage_vector(s, '2024-03-10') AS v FROM summaries WHERE user_id IN (2, 3)) x
ORDER BY user_id;

-- usage_drop as of 2024-03-10 with the defaults (recent 02-26..03-10, baseline the
-- 56 days before, from the day after the first activity).
-- User 2: the Fisher table [[1, 13], [28, 28]]; P(X <= 1) for X ~ Hypergeom(70, 29, 14)
-- = (C(41,14) + 29 C(41,13)) / C(70,14) = 0.0028264514796302502 (math.comb; scipy
-- fisher_exact(..., alternative='less') gives the same).
-- User 3: [[1, 13], [2, 3]]; P(X <= 1), X ~ Hypergeom(19, 3, 14)
-- = (C(16,14) + 3 C(16,13)) / C(19,14) = 50/323 = 0.154798761609907.
-- Users 1 and 4: no baseline (first active in the recent window).
SELECT user_id, d.* FROM summaries, usage_drop(s, '2024-03-10') d ORDER BY user_id;
SELECT user_id, usage_alert(s, '2024-03-10') AS alert FROM summaries ORDER BY user_id;
-- Per feature: user 2's 'report' stopped (0 of 14 recent days against 28 of 56):
-- P(X = 0) = C(42,14) / C(70,14) = 0.000273527562544863; a feature never used has no baseline.
SELECT f, d.* FROM summaries, unnest(ARRAY['report', 'nothing']) f,
     usage_drop(s, '2024-03-10', feature => f) d WHERE user_id = 2 ORDER BY f;
SELECT usage_alert(s, '2024-03-10', feature => 'report') FROM summaries WHERE user_id = 2;
-- Other windows: recent 7 (03-04..03-10, 1 active), baseline 14 (02-19..03-03: 02-20,
-- 02-22, 02-24 = 3 active): [[1, 6], [3, 11]], P(X <= 1) = 0.592982456140351.
SELECT (usage_drop(s, '2024-03-10', 7, 14)).* FROM summaries WHERE user_id = 2;
-- The column form used in ranked lists.
SELECT user_id, (usage_drop(s, '2024-03-10')).ratio, (usage_drop(s, '2024-03-10')).p_value
FROM summaries WHERE user_id IN (2, 3) ORDER BY 3;

-- Forced parallel plans give the serial answer: 2000 generated users.
CREATE TABLE many AS
SELECT u AS user_id,
       usage_agg('2024-01-01'::date + ((u * 7919 + k * 104729) % (30 + u % 150))::int, 1.0,
                 'f' || (k % 3)) AS s
FROM generate_series(1, 2000) u, generate_series(1, 1 + u % 40) k GROUP BY u;
ANALYZE many;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_result AS
SELECT user_id, usage_vector(s, '2024-05-01', '{f0,f2}')::text AS v, usage_drop(s, '2024-05-01')::text AS d,
       usage_alert(s, '2024-05-01') AS a FROM many;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT user_id, usage_vector(s, '2024-05-01', '{f0,f2}') FROM many;
SELECT count(*) AS users, count(*) FILTER (WHERE p.v IS NOT DISTINCT FROM r.v AND p.d = r.d AND p.a = r.a) AS equal_to_serial,
       count(*) FILTER (WHERE p.v IS NULL) AS not_yet_active
FROM (SELECT user_id, usage_vector(s, '2024-05-01', '{f0,f2}')::text AS v, usage_drop(s, '2024-05-01')::text AS d,
             usage_alert(s, '2024-05-01') AS a FROM many) p
JOIN serial_result r USING (user_id);
SELECT usage_alert(s, '2024-05-01') AS level, count(*) FROM many GROUP BY 1 ORDER BY 1;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- NULL arguments give NULL (features and feature default to NULL: none, the whole summary).
SELECT usage_vector(NULL, '2024-03-10') IS NULL AS null_summary,
       usage_vector(s, NULL) IS NULL AS null_as_of,
       usage_vector(s, '2024-03-10', NULL, NULL) IS NULL AS null_window,
       usage_vector(s, '2024-03-10', NULL) = usage_vector(s, '2024-03-10', '{}') AS null_features_are_none,
       usage_drop(NULL, '2024-03-10') IS NULL AS drop_null_summary,
       usage_drop(s, '2024-03-10', NULL) IS NULL AS drop_null_recent,
       usage_drop(s, '2024-03-10', 14, NULL) IS NULL AS drop_null_baseline,
       usage_alert(s, NULL) IS NULL AS alert_null_as_of,
       usage_drop(s, '2024-03-10', feature => NULL) = usage_drop(s, '2024-03-10') AS null_feature_is_total
FROM summaries WHERE user_id = 2;

-- Bad input: clear errors with SQLSTATE, never a crash.
\set VERBOSITY default
SELECT usage_vector(s, '2024-03-10', window_days => 0) FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_vector(s, '2024-03-10', window_days => 36526) FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_vector(s, 'infinity') FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_vector(s, '-infinity') FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_vector(s, '2024-03-10', ARRAY['a', NULL]) FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_vector(s, '2024-03-10', ARRAY['a', 'b', 'a']) FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_vector(s, '2024-03-10', ARRAY[['a'], ['b']]) FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_drop(s, '2024-03-10', 0) FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_drop(s, '2024-03-10', 14, -1) FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_alert(s, '2024-03-10', 14, 0) FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_alert(s, '2024-03-10', 40000) FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_drop(s, 'infinity') FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_alert(s, '-infinity') FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
-- Dates at the ends of the range: windows are clamped, nothing overflows.
SELECT usage_vector(s, '5874897-12-31', '{a}', 36525) AS far_future,
       (usage_drop(s, '4714-11-24 BC', 36525, 36525)).* FROM summaries WHERE user_id = 1;
-- the server is still up
SELECT 1 AS alive;
