SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_accounts CASCADE;
CREATE SCHEMA t_accounts;
SET search_path = t_accounts, public;
SET DateStyle = 'ISO, YMD';

-- Accounts buy seats; their users use the product. as_of = 2024-03-31:
-- the 28-day window is 03-04..03-31, the 56-day trend compares it with 02-05..03-03.
CREATE TABLE accounts (account_id text, seats int);
INSERT INTO accounts VALUES ('A', 4), ('B', 2), ('C', 0), ('D', 10), ('E', 5);
CREATE TABLE users (user_id int, account_id text);
INSERT INTO users VALUES (1, 'A'), (2, 'A'), (3, 'A'), (9, 'A'), (4, 'B'), (5, 'B'), (6, 'B'), (7, 'C'), (8, 'D');
CREATE TABLE events (user_id int, day date);
INSERT INTO events SELECT 1, d FROM generate_series('2024-03-04'::date, '2024-03-31', '1 day') d;  -- daily
INSERT INTO events VALUES (2, '2024-03-10'), (3, '2024-02-10'),
  (4, '2024-03-20'), (5, '2024-03-21'), (6, '2024-03-22'),
  (7, '2024-03-31'), (8, '2024-01-05');
INSERT INTO events SELECT 4, d FROM generate_series('2024-02-20'::date, '2024-02-25', '1 day') d;
-- One summary per user; user 9 has no events (NULL summary), account E has no users.
CREATE TABLE user_usage AS
SELECT u.user_id, u.account_id, (SELECT usage_agg(e.day) FROM events e WHERE e.user_id = u.user_id) AS s
FROM users u;

-- is_active: activity in the window ending at as_of (28 days by default).
SELECT user_id, is_active(s, '2024-03-31') AS last_28, is_active(s, '2024-03-31', 60) AS last_60,
       is_active(s, '2024-03-10', 1) AS on_mar_10
FROM user_usage ORDER BY user_id;

-- Account-level usage is the rollup of the users' summaries, grouped by account.
-- By hand: A = 03-04..03-31 + 02-10 (29 days, 30 events); B = 02-20..25 + 03-20..22 (9 days).
SELECT account_id, events(rollup(s)) AS events, active_days(rollup(s)) AS days,
       first_seen(rollup(s)) AS first_seen, last_seen(rollup(s)) AS last_seen
FROM user_usage GROUP BY account_id ORDER BY account_id;

-- Active users, seat utilization, and health per account in one GROUP BY.
-- By hand (as_of 03-31): active users A 2 (u1 u2), B 3, C 1, D 0, E 0;
-- utilization A 2/4 = 0.5, B 3/2 = 1.5, C NULL (0 seats), D 0, E 0;
-- frequency A 28/28 = 1, B 3/28, C 1/28, D 0, E 0; trend A (28-1)/1 = 27, B (3-6)/6 = -0.5, C D E NULL;
-- health A 100*(0.4*0.5 + 0.4*1 + 0.2*1) = 80, B 100*(0.4*1 + 0.4*3/28 + 0.2*0.25) = 49.2857...,
--        C NULL, D 100*(0.2*0.5) = 10, E 10.
SELECT a.account_id, a.seats,
       active_users(u.s, '2024-03-31') AS active,
       seat_utilization(active_users(u.s, '2024-03-31'), a.seats) AS utilization,
       round(usage_frequency(rollup(u.s), '2024-03-31')::numeric, 6) AS frequency,
       usage_trend(rollup(u.s), '2024-03-31') AS trend,
       round(account_health(rollup(u.s), active_users(u.s, '2024-03-31'), a.seats, '2024-03-31')::numeric, 6) AS health,
       account_health_class(account_health(rollup(u.s), active_users(u.s, '2024-03-31'), a.seats, '2024-03-31')) AS class
FROM accounts a LEFT JOIN user_usage u USING (account_id)
GROUP BY a.account_id, a.seats ORDER BY a.account_id;
-- Other windows: active users in the last 60 days (A gains u3 from 02-10; D's 01-05 stays out).
SELECT account_id, active_users(s, '2024-03-31', 60) AS active_60, active_users(s, '2024-02-29', 7) AS active_week_feb
FROM user_usage GROUP BY account_id ORDER BY account_id;

-- The health formula from its components, with default and custom weights.
SELECT account_health(0.5, 1, 27) AS a, account_health(1.5, 3.0 / 28, -0.5) AS b,
       account_health(0, 0, NULL) AS no_trend, account_health(0.5, 1, 27, '{1,1,0}') AS no_trend_weight,
       account_health(1, 1, 1) AS best, account_health(0, 0, -1) AS worst,
       account_health(NULL, 1, 0) AS null_utilization;
SELECT s, account_health_class(s) AS class, account_health_class(s, '{50,90}') AS strict_class
FROM unnest(ARRAY[0, 39.99, 40, 69.99, 70, 100]) s;
SELECT seat_utilization(3, 4) AS three_of_four, seat_utilization(5, 4) AS over, seat_utilization(0, 0) AS no_seats,
       seat_utilization(NULL, 4) AS null_users;

-- Forced parallel plans give the serial answers.
CREATE TABLE big AS
SELECT i AS user_id, i % 11 AS account_id,
       usage_agg(('2024-01-01'::date + (i * 37 + j * 101) % 120)) AS s
FROM generate_series(1, 4000) i, generate_series(1, (i % 5)) j GROUP BY i;
ANALYZE big;
CREATE TABLE serial_result AS
SELECT account_id, active_users(s, '2024-04-15') AS a28, active_users(s, '2024-03-01', 3) AS a3 FROM big GROUP BY 1;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT active_users(s, '2024-04-15') FROM big;
SELECT (SELECT active_users(s, '2024-04-15') FROM big) = (SELECT sum(a28) FROM serial_result) AS total_equal;
SELECT count(*) AS accounts, count(*) FILTER (WHERE p.a28 = s.a28 AND p.a3 = s.a3) AS equal_serial
FROM (SELECT account_id, active_users(s, '2024-04-15') AS a28, active_users(s, '2024-03-01', 3) AS a3
      FROM big GROUP BY 1) p JOIN serial_result s USING (account_id);
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;
-- Cross-check of active_users against plain SQL on the events behind the summaries.
SELECT (SELECT sum(a28) FROM serial_result) =
       (SELECT count(*) FROM big WHERE active_days(s, '2024-04-15'::date - 27, '2024-04-15') > 0) AS matches_plain_sql;

-- Bad input.
\set VERBOSITY default
SELECT seat_utilization(-1, 4);
\echo :LAST_ERROR_SQLSTATE
SELECT seat_utilization(1, -4);
\echo :LAST_ERROR_SQLSTATE
SELECT is_active(s, '2024-03-31', 0) FROM user_usage WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT account_health(1.2, 1.5, 0);
\echo :LAST_ERROR_SQLSTATE
SELECT account_health(0.5, 0.5, -2);
\echo :LAST_ERROR_SQLSTATE
SELECT account_health('NaN', 0.5, 0);
\echo :LAST_ERROR_SQLSTATE
SELECT account_health(0.5, 0.5, 0, '{1,2}');
\echo :LAST_ERROR_SQLSTATE
SELECT account_health(0.5, 0.5, 0, '{0,0,0}');
\echo :LAST_ERROR_SQLSTATE
SELECT account_health(0.5, 0.5, 0, '{1,NULL,1}');
\echo :LAST_ERROR_SQLSTATE
SELECT account_health_class(50, '{70,40}');
\echo :LAST_ERROR_SQLSTATE
SELECT account_health(s, 1, 1, 'infinity') FROM user_usage WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE

DROP SCHEMA t_accounts CASCADE;
