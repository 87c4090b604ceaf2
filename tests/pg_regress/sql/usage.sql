-- Usage family: every function on hand-checkable data, rollup, text round trip,
-- forced-parallel plans and bad input.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_usage CASCADE;
CREATE SCHEMA t_usage;
SET search_path = t_usage, public;
SET TimeZone = 'UTC';
SET extra_float_digits = 0;

CREATE TABLE events (user_id int, day date, quantity float8, feature text);
INSERT INTO events VALUES
  (1, '2024-01-01', 2,   'search'),
  (1, '2024-01-01', 1,   'export'),
  (1, '2024-01-03', 4.5, 'search'),
  (1, '2024-02-10', 1,   NULL),
  (2, '2024-01-15', 10,  'api'),
  (2, NULL,         5,   'api'),      -- skipped: NULL day
  (2, '2024-01-16', NULL,'api'),      -- skipped: NULL quantity
  (3, '2023-12-31', 0,   'search');

CREATE TABLE summaries AS
SELECT user_id, usage_agg(day, quantity, feature) AS s FROM events GROUP BY user_id;

-- user 1: 4 events, 8.5 quantity, active 2024-01-01, 01-03, 02-10.
SELECT user_id, events(s), total_quantity(s), first_seen(s), last_seen(s),
       active_days(s), active_days(s, '2024-01-02', '2024-02-10') AS days_jan2_feb10,
       active_periods(s, 'day') AS days, active_periods(s, 'week') AS weeks,
       active_periods(s, 'month') AS months,
       feature_breadth(s), feature_events(s, 'search') AS search_events
FROM summaries ORDER BY user_id;

SELECT user_id, recency_days(s, '2024-02-01'), tenure_days(s, '2024-02-01'),
       recency_days(s, '2023-12-01') AS before_first
FROM summaries ORDER BY user_id;

SELECT user_id, f.* FROM summaries, feature_usage(s) f ORDER BY user_id, feature;

-- intensity = 8.5 / 3 days for user 1; 10 / 1 for user 2; 0 for user 3.
SELECT user_id, round(usage_intensity(s)::numeric, 6) AS intensity FROM summaries ORDER BY user_id;
SELECT user_id, round(usage_intensity(day, quantity)::numeric, 6) AS one_step
FROM events GROUP BY user_id ORDER BY user_id;

-- window of 4 days ending 2024-01-03: active 01-01 and 01-03 -> 0.5
SELECT user_id, usage_frequency(s, '2024-01-03', 4) AS freq4, usage_frequency(s, '2024-01-31') AS freq28
FROM summaries ORDER BY user_id;

-- The text form is JSON and round-trips exactly.
SELECT s::text FROM summaries WHERE user_id = 1;
SELECT count(*) AS round_trips FROM summaries WHERE s::text::usage_summary::text = s::text;

-- rollup of per-day summaries equals the summary of all events.
WITH daily AS (SELECT user_id, day, usage_agg(day, quantity, feature) AS s FROM events GROUP BY user_id, day)
SELECT d.user_id, rollup(d.s)::text = min(u.s::text) AS rollup_equals_direct
FROM daily d JOIN summaries u USING (user_id) GROUP BY d.user_id ORDER BY d.user_id;
-- account-style rollup across users: 1 + 2 + 3
SELECT events(rollup(s)), total_quantity(rollup(s)), active_days(rollup(s)), feature_breadth(rollup(s))
FROM summaries;

-- Arity overloads: count only, and quantity without features.
SELECT events(usage_agg(day)), total_quantity(usage_agg(day)), feature_breadth(usage_agg(day, quantity))
FROM events WHERE user_id = 1;

-- timestamptz: days in the session TimeZone.
CREATE TABLE tz_events (ts timestamptz);
INSERT INTO tz_events VALUES ('2024-01-01 02:00+00'), ('2024-01-01 23:00+00');
SELECT first_seen(usage_agg(ts)), last_seen(usage_agg(ts)), active_days(usage_agg(ts)) FROM tz_events;
SET TimeZone = 'America/New_York';
SELECT first_seen(usage_agg(ts)), last_seen(usage_agg(ts)), active_days(usage_agg(ts)) FROM tz_events;
SET TimeZone = 'UTC';
-- Every timestamptz overload equals the date one over ts::date.
SELECT usage_agg(ts, 2.5)::text = usage_agg(ts::date, 2.5)::text AS with_quantity,
       usage_agg(ts, 2.5, 'export')::text = usage_agg(ts::date, 2.5, 'export')::text AS with_feature,
       usage_intensity(ts, 2.5) = usage_intensity(ts::date, 2.5) AS intensity
FROM tz_events;

-- Frequency classes on histories built day by day (as_of 2024-03-31).
CREATE TABLE histories AS
SELECT 'daily' AS kind, usage_agg(d::date) AS s FROM generate_series('2024-03-04'::date, '2024-03-31', '1 day') d
UNION ALL SELECT 'weekly', usage_agg(d::date) FROM generate_series('2024-03-08'::date, '2024-03-31', '7 days') d
UNION ALL SELECT 'monthly', usage_agg('2024-03-11'::date)
UNION ALL SELECT 'lapsed', usage_agg('2024-02-01'::date)
UNION ALL SELECT 'future', usage_agg('2024-04-02'::date);
SELECT kind, frequency_class(s, '2024-03-31') AS default_class,
       frequency_class(s, '2024-03-31', daily_min_days => 28, weekly_min_weeks => 4, monthly_window_days => 90) AS strict_class,
       round(usage_frequency(s, '2024-03-31')::numeric, 4) AS freq28
FROM histories ORDER BY kind;

-- trend: 2 active days in the earlier 28, 3 in the recent 28 -> +0.5
SELECT usage_trend(usage_agg(d::date), '2024-03-31') AS trend,
       usage_trend(usage_agg(d::date), '2024-03-31', 14) AS trend14
FROM unnest(ARRAY['2024-02-20','2024-03-01','2024-03-04','2024-03-30','2024-03-31']) d;
SELECT usage_trend(usage_agg('2024-03-31'::date), '2024-03-31') AS no_baseline;

-- Segments from population cuts; a value equal to a cut goes up.
SELECT v, usage_segment(v, ARRAY[2, 5]) AS seg,
       usage_segment(v, ARRAY[2], ARRAY['low','high']) AS two
FROM unnest(ARRAY[1, 2, 4.9, 5, 100]::float8[]) v;
WITH pop AS (SELECT g::float8 AS v FROM generate_series(1, 10) g),
cuts AS (SELECT percentile_cont(ARRAY[.5, .8]) WITHIN GROUP (ORDER BY v) AS c FROM pop)
SELECT usage_segment(v, c) AS segment, count(*) FROM pop, cuts GROUP BY 1 ORDER BY 2 DESC;
SELECT usage_segment(NULL, ARRAY[1, 2]) IS NULL AS null_value_gives_null;
SELECT usage_quadrant(0.1, 1, 0.5, 5), usage_quadrant(0.9, 1, 0.5, 5),
       usage_quadrant(0.1, 9, 0.5, 5), usage_quadrant(0.5, 5, 0.5, 5),
       usage_quadrant(0.9, 9, 0.5, 5, ARRAY['a','b','c','d']);

-- Forced parallel plans give the serial answer.
CREATE TABLE big AS
SELECT (g % 1000) AS user_id,
       '2023-01-01'::date + ((g::bigint * 7919) % 730)::int AS day,
       ((g * 31) % 17) / 4.0 AS quantity,
       'f' || (g % 23) AS feature
FROM generate_series(1, 300000) g;
ANALYZE big;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_result AS
SELECT user_id, usage_agg(day, quantity, feature) AS s FROM big GROUP BY user_id;
CREATE TABLE serial_total AS SELECT usage_agg(day, quantity, feature) AS s, usage_intensity(day, quantity) AS i FROM big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT usage_agg(day, quantity, feature) FROM big;
SELECT (SELECT s::text FROM serial_total) = usage_agg(day, quantity, feature)::text AS parallel_total_equals_serial,
       (SELECT i FROM serial_total) = usage_intensity(day, quantity) AS parallel_intensity_equals_serial
FROM big;
EXPLAIN (COSTS OFF) SELECT user_id, usage_agg(day, quantity, feature) FROM big GROUP BY user_id;
SELECT count(*) AS users,
       count(*) FILTER (WHERE p.s::text = r.s::text) AS equal_to_serial
FROM (SELECT user_id, usage_agg(day, quantity, feature) AS s FROM big GROUP BY user_id) p
JOIN serial_result r USING (user_id);
SELECT events(s), total_quantity(s), active_days(s), feature_breadth(s) FROM serial_total;
-- the same figures in plain SQL
SELECT count(*), sum(quantity), count(DISTINCT day), count(DISTINCT feature) FROM big;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- Bad input: clear errors with SQLSTATE, never a crash.
\set VERBOSITY default
SELECT usage_agg(d, q) FROM (VALUES ('2024-01-01'::date, 'NaN'::float8)) v(d, q);
\echo :LAST_ERROR_SQLSTATE
SELECT usage_agg(d, q) FROM (VALUES ('2024-01-01'::date, 'Infinity'::float8)) v(d, q);
\echo :LAST_ERROR_SQLSTATE
SELECT usage_agg(d, q) FROM (VALUES ('2024-01-01'::date, -1::float8)) v(d, q);
\echo :LAST_ERROR_SQLSTATE
SELECT usage_agg(d) FROM (VALUES ('infinity'::date)) v(d);
\echo :LAST_ERROR_SQLSTATE
SELECT usage_agg(ts) FROM (VALUES ('-infinity'::timestamptz)) v(ts);
\echo :LAST_ERROR_SQLSTATE
SELECT recency_days(s, 'infinity') FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_segment(3, ARRAY[5, 2]);
\echo :LAST_ERROR_SQLSTATE
SELECT usage_segment(3, ARRAY[2, 5], ARRAY['light','heavy']);
\echo :LAST_ERROR_SQLSTATE
SELECT usage_segment(3, ARRAY[2, NULL]);
\echo :LAST_ERROR_SQLSTATE
SELECT usage_segment('NaN', ARRAY[2, 5]);
\echo :LAST_ERROR_SQLSTATE
SELECT usage_quadrant(1, 1, 1, 1, ARRAY['a','b']);
\echo :LAST_ERROR_SQLSTATE
SELECT active_periods(s, 'fortnight') FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_frequency(s, '2024-01-01', 0) FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT usage_trend(s, '2024-01-01', 7) FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT frequency_class(s, '2024-01-01', daily_min_days => 40) FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT 'not json'::usage_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"events":1,"quantity":1,"days":["2024-02-30"]}'::usage_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":1,"events":1,"quantity":1,"days":["2024-01-01","2024-01-02"]}'::usage_summary;
\echo :LAST_ERROR_SQLSTATE
SELECT '{"version":7,"events":1,"quantity":1,"days":["2024-01-01"]}'::usage_summary;
\echo :LAST_ERROR_SQLSTATE
-- NULL handling: an aggregate over only NULL rows is NULL; accessors of NULL are NULL.
SELECT usage_agg(d) IS NULL AS all_null_rows FROM (VALUES (NULL::date)) v(d);
SELECT events(NULL::usage_summary) IS NULL AS null_in_null_out;
-- the server is still up
SELECT 1 AS alive;
