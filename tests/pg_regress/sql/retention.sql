SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_retention CASCADE;
CREATE SCHEMA t_retention;
SET search_path = t_retention, public;
SET DateStyle = 'ISO, YMD';

-- The example of the ClickHouse documentation (retention function): users 0-4 visit
-- on 2020-01-01, 0-9 on 2020-01-02, 0-14 on 2020-01-03. Published result per uid:
-- 0-4 [1,1,1], 5-14 [0,0,0]; and sums r1 = r2 = r3 = 5.
CREATE TABLE retention_test (date date, uid int);
INSERT INTO retention_test SELECT '2020-01-01', generate_series(0, 4);
INSERT INTO retention_test SELECT '2020-01-02', generate_series(0, 9);
INSERT INTO retention_test SELECT '2020-01-03', generate_series(0, 14);
SELECT uid, retention(date = '2020-01-01', date = '2020-01-02', date = '2020-01-03') AS r
FROM retention_test GROUP BY uid ORDER BY uid;
SELECT count(*) FILTER (WHERE r[1]) AS r1, count(*) FILTER (WHERE r[2]) AS r2, count(*) FILTER (WHERE r[3]) AS r3
FROM (SELECT uid, retention(date = '2020-01-01', date = '2020-01-02', date = '2020-01-03') AS r
      FROM retention_test GROUP BY uid) t;

-- cond1 and condk need not hold in the same row; without cond1 everything is false.
SELECT retention(x = 1, x = 2, x = 3) FROM (VALUES (2), (1)) v(x);
SELECT retention(x = 2, x = 1, x = 3) FROM (VALUES (3), (1)) v(x);
-- One condition; an array with VARIADIC; NULL conditions count as false.
SELECT retention(x > 0) FROM (VALUES (1)) v(x);
SELECT retention(VARIADIC ARRAY[x = 1, x = 2]) FROM (VALUES (1), (2)) v(x);
SELECT retention(x = 1, NULL, x = 2) FROM (VALUES (1), (2)) v(x);
-- Rows passing a NULL array are skipped; a group without rows gives NULL.
SELECT retention(VARIADIC CASE WHEN x = 1 THEN NULL ELSE ARRAY[x = 2, x = 3] END)
FROM (VALUES (1), (2), (3)) v(x);
SELECT retention(x = 1, x = 2) IS NULL AS empty FROM (VALUES (1)) v(x) WHERE false;
-- 32 conditions (ClickHouse's limit).
SELECT retention(VARIADIC (SELECT array_agg(i <= 32) FROM generate_series(1, 32) i));

-- Helpers for cohort tables.
SELECT p, period_start(p, '2024-02-29') AS start,
       periods_between(p, '2023-11-15', '2024-02-29') AS n,
       periods_between(p, '2024-02-29', '2023-11-15') AS back
FROM unnest(ARRAY['day', 'week', 'month']) p;
SELECT periods_between('week', '2024-01-07', '2024-01-08') AS sun_to_mon,
       periods_between('week', '2024-01-01', '2024-01-07') AS mon_to_sun;

-- Cohort tables on small data. Months with activity:
--   u1 Jan Feb Mar, u2 Jan Mar, u3 Jan, u4 Feb Mar, u5 Feb, u6 Mar (2024).
CREATE TABLE visits (user_id int, day date);
INSERT INTO visits VALUES
  (1, '2024-01-03'), (1, '2024-01-20'), (1, '2024-02-14'), (1, '2024-03-01'),
  (2, '2024-01-31'), (2, '2024-03-31'),
  (3, '2024-01-10'),
  (4, '2024-02-01'), (4, '2024-03-15'),
  (5, '2024-02-29'),
  (6, '2024-03-05');
CREATE TABLE summaries AS SELECT user_id, usage_agg(day) AS s FROM visits GROUP BY user_id;
SELECT user_id, array_agg(a ORDER BY a) AS months
FROM summaries, activity_periods(s, 'month') a GROUP BY user_id ORDER BY user_id;
SELECT a FROM summaries, activity_periods(s, 'week') a WHERE user_id = 1;
SELECT a FROM summaries, activity_periods(s, 'day') a WHERE user_id = 2;

-- "On period N": users of a first-month cohort active in the Nth month after it.
-- By hand: Jan cohort {u1,u2,u3}: N0 3, N1 1 (u1), N2 2 (u1,u2); Feb {u4,u5}: N0 2, N1 1; Mar {u6}: N0 1.
SELECT cohort, n, count(*) AS users,
       round(100.0 * count(*) / first_value(count(*)) OVER (PARTITION BY cohort ORDER BY n), 1) AS pct
FROM (SELECT period_start('month', first_seen(s)) AS cohort,
             periods_between('month', first_seen(s), a) AS n
      FROM summaries, activity_periods(s, 'month') a) t
GROUP BY cohort, n ORDER BY cohort, n;
-- "On or after period N": active in month N or later. By hand: Jan cohort N0 3, N1 2 (u1, u2), N2 2.
SELECT period_start('month', first_seen(s)) AS cohort, n, count(*) AS users
FROM summaries, generate_series(0, periods_between('month', first_seen(s), last_seen(s))) n
GROUP BY 1, 2 ORDER BY 1, 2;
-- The same "on period N" table with retention(): one row per user, then sums.
SELECT cohort, count(*) FILTER (WHERE r[1]) AS n0, count(*) FILTER (WHERE r[2]) AS n1,
       count(*) FILTER (WHERE r[3]) AS n2
FROM (SELECT user_id, cohort, retention(n = 0, n = 1, n = 2) AS r
      FROM (SELECT user_id, period_start('month', first_seen(s)) AS cohort,
                   periods_between('month', first_seen(s), a) AS n
            FROM summaries, activity_periods(s, 'month') a) x
      GROUP BY user_id, cohort) t
GROUP BY cohort ORDER BY cohort;
-- Weekly cohorts of the same users: u1's weeks 2024-01-01, 01-15, 02-12, 02-26 -> N0, N2, N6, N8.
SELECT period_start('week', first_seen(s)) AS cohort, periods_between('week', first_seen(s), a) AS n, count(*)
FROM summaries, activity_periods(s, 'week') a WHERE user_id IN (1, 2) GROUP BY 1, 2 ORDER BY 1, 2;

-- Forced parallel plans give the serial answers (the state is combined with a bit OR),
-- and both equal the definition in plain SQL. Rows of a user are spread over the
-- whole table, so parallel workers each hold partial states of most users.
CREATE TABLE big AS
SELECT i AS user_id, ('2024-01-01'::date + (i * 7919 + j * 104729) % 90) AS day
FROM generate_series(1, 4000) i, generate_series(1, 5 + i % 20) j ORDER BY j, i;
-- A sample of the whole table keeps the group estimate, and so the plan, the same on every run.
ALTER TABLE big ALTER COLUMN user_id SET STATISTICS 1000;
ANALYZE big;
CREATE TABLE by_definition AS
SELECT user_id, ARRAY[bool_or(c1), bool_or(c1) AND bool_or(c2), bool_or(c1) AND bool_or(c3)] AS r
FROM (SELECT user_id, day < '2024-01-20' AS c1, day BETWEEN '2024-01-20' AND '2024-02-10' AS c2,
             day > '2024-03-20' AS c3 FROM big) t GROUP BY user_id;
SELECT r, count(*) FROM by_definition GROUP BY r ORDER BY r;
CREATE TABLE serial_result AS
SELECT user_id, retention(day < '2024-01-20', day BETWEEN '2024-01-20' AND '2024-02-10', day > '2024-03-20') AS r
FROM big GROUP BY user_id;
CREATE TABLE serial_total AS
SELECT retention(user_id = 5 AND day = '2024-01-24', user_id = 17, day = '2024-03-30', user_id = -1) AS r FROM big;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT retention(user_id = 5 AND day = '2024-01-24', user_id = 17, day = '2024-03-30', user_id = -1) FROM big;
SELECT r, r = (SELECT r FROM serial_total) AS equal_serial
FROM (SELECT retention(user_id = 5 AND day = '2024-01-24', user_id = 17, day = '2024-03-30', user_id = -1) AS r FROM big) t;
EXPLAIN (COSTS OFF)
SELECT user_id, retention(day < '2024-01-20', day BETWEEN '2024-01-20' AND '2024-02-10', day > '2024-03-20')
FROM big GROUP BY user_id;
SELECT count(*) AS users, count(*) FILTER (WHERE p.r = s.r) AS equal_serial, count(*) FILTER (WHERE p.r = d.r) AS equal_definition
FROM (SELECT user_id, retention(day < '2024-01-20', day BETWEEN '2024-01-20' AND '2024-02-10', day > '2024-03-20') AS r
      FROM big GROUP BY user_id) p JOIN serial_result s USING (user_id) JOIN by_definition d USING (user_id);
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;

-- Bad input.
\set VERBOSITY default
SELECT retention(VARIADIC ARRAY[]::bool[]);
\echo :LAST_ERROR_SQLSTATE
SELECT retention(VARIADIC (SELECT array_agg(true) FROM generate_series(1, 33)));
\echo :LAST_ERROR_SQLSTATE
SELECT retention(VARIADIC CASE WHEN x = 1 THEN ARRAY[true] ELSE ARRAY[true, false] END) FROM (VALUES (1), (2)) v(x);
\echo :LAST_ERROR_SQLSTATE
SELECT activity_periods(s, 'year') FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT period_start('fortnight', '2024-01-01');
\echo :LAST_ERROR_SQLSTATE
SELECT periods_between('month', '2024-01-01', 'infinity');
\echo :LAST_ERROR_SQLSTATE
SELECT period_start('month', '4714-11-30 BC');
\echo :LAST_ERROR_SQLSTATE

-- The month of 4714-11-24 BC, the first date, starts before it: its row is that date,
-- never a date that could not be read back. Rows stream (a select-list call stops
-- after the LIMIT however long the range).
SELECT activity_periods('{"version":1,"events":3,"quantity":3,"days":["-4713-11-24","-4713-12-01/-4713-12-02"]}'::usage_summary, 'month');
SELECT activity_periods('{"version":1,"events":3000000000,"quantity":1,"days":["-4713-11-24/5874897-12-31"]}'::usage_summary, 'week') LIMIT 2;

DROP SCHEMA t_retention CASCADE;
