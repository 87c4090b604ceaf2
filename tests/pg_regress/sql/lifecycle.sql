SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_lifecycle CASCADE;
CREATE SCHEMA t_lifecycle;
SET search_path = t_lifecycle, public;
SET DateStyle = 'ISO, YMD';

-- Four users with known monthly activity (u5 has no events at all):
--   u1: 2024-01, 2024-02, 2024-04      u2: 2024-02, 2024-03
--   u3: 2023-12, 2024-01               u4: Sun 2024-03-31, Mon 2024-04-01
CREATE TABLE events (user_id int, day date);
INSERT INTO events VALUES
  (1, '2024-01-15'), (1, '2024-02-03'), (1, '2024-04-20'),
  (2, '2024-02-10'), (2, '2024-03-05'),
  (3, '2023-12-20'), (3, '2024-01-02'),
  (4, '2024-03-31'), (4, '2024-04-01');
CREATE TABLE users AS SELECT generate_series(1, 5) AS user_id;
CREATE TABLE summaries AS
SELECT u.user_id, (SELECT usage_agg(e.day) FROM events e WHERE e.user_id = u.user_id) AS s
FROM users u;

-- Monthly status at the end of each month (u5: NULL summary = non_user).
SELECT user_id,
       lifecycle_status(s, '2024-01-31') AS jan,
       lifecycle_status(s, '2024-02-29') AS feb,
       lifecycle_status(s, '2024-03-31') AS mar,
       lifecycle_status(s, '2024-04-30') AS apr,
       lifecycle_status(s, '2024-05-31', 'month') AS may
FROM summaries ORDER BY user_id;

-- Activity after as_of is ignored, also inside the current period:
-- on 2024-02-02 u1's February visit (the 3rd) has not happened yet.
SELECT lifecycle_status(s, '2024-02-02') AS feb_2nd, lifecycle_status(s, '2024-02-03') AS feb_3rd,
       lifecycle_status(s, '2024-01-14') AS before_first, lifecycle_status(s, '2024-04-19') AS apr_19th
FROM summaries WHERE user_id = 1;

-- Weeks (ISO, Monday start) and days: u4 is active Sunday 2024-03-31 and Monday 2024-04-01,
-- consecutive days in consecutive weeks and months.
SELECT p, lifecycle_status(s, '2024-03-31', p) AS sun_31,
          lifecycle_status(s, '2024-04-01', p) AS mon_1,
          lifecycle_status(s, '2024-04-02', p) AS tue_2,
          lifecycle_status(s, '2024-04-03', p) AS wed_3,
          lifecycle_status(s, '2024-04-08', p) AS mon_8,
          lifecycle_status(s, '2024-04-15', p) AS mon_15
FROM summaries, unnest(ARRAY['day', 'week', 'month']) AS p
WHERE user_id = 4 ORDER BY p;
-- u1 by week: 2024-01-15 (Mon), 2024-02-03 (Sat), 2024-04-20 (Sat).
SELECT lifecycle_status(s, '2024-01-21', 'week') AS w3, lifecycle_status(s, '2024-01-22', 'week') AS w4,
       lifecycle_status(s, '2024-01-29', 'week') AS w5, lifecycle_status(s, '2024-02-04', 'week') AS w5_sun,
       lifecycle_status(s, '2024-04-15', 'week') AS w16, lifecycle_status(s, '2024-04-21', 'week') AS w16_sun
FROM summaries WHERE user_id = 1;

-- Rows of one user: by default the four charted statuses only ...
SELECT l.* FROM summaries, lifecycle(s, 'month', '2024-01-01', '2024-05-31') l WHERE user_id = 1;
-- ... with all_statuses every period, lapsed and non_user included.
SELECT l.* FROM summaries, lifecycle(s, 'month', '2023-11-20', '2024-06-10', all_statuses => true) l
WHERE user_id = 1;
-- Each row equals lifecycle_status at the period's last day, or at "to" for the last period.
SELECT count(*) AS rows, count(*) FILTER (
         WHERE l.status = lifecycle_status(s, least((l.period_start + interval '1 month')::date - 1, '2024-04-19'), 'month')
       ) AS equal
FROM summaries, lifecycle(s, 'month', '2023-10-05', '2024-04-19', true) l;
SELECT l.* FROM summaries, lifecycle(s, 'week', '2024-03-20', '2024-04-20') l WHERE user_id = 4;
SELECT l.* FROM summaries, lifecycle(s, 'day', '2024-03-30', '2024-04-05', true) l WHERE user_id = 4;

-- The PostHog lifecycle chart is one GROUP BY (dormant drawn below the axis).
SELECT l.period_start, l.status,
       CASE l.status WHEN 'dormant' THEN -count(*) ELSE count(*) END AS users
FROM summaries, lifecycle(s, 'month', '2024-01-01', '2024-05-31') l
GROUP BY 1, 2 ORDER BY 1, 2;
-- Dense: every user has exactly one status per month.
SELECT l.period_start,
       count(*) FILTER (WHERE l.status = 'new') AS new,
       count(*) FILTER (WHERE l.status = 'returning') AS returning,
       count(*) FILTER (WHERE l.status = 'resurrecting') AS resurrecting,
       count(*) FILTER (WHERE l.status = 'dormant') AS dormant,
       count(*) FILTER (WHERE l.status = 'lapsed') AS lapsed,
       count(*) FILTER (WHERE l.status = 'non_user') AS non_user,
       count(*) AS users
FROM summaries, lifecycle(s, 'month', '2024-01-01', '2024-05-31', true) l
GROUP BY 1 ORDER BY 1;

-- NULL handling: a NULL summary is a non_user; a NULL as_of or period gives NULL / no rows.
SELECT lifecycle_status(NULL::usage_summary, '2024-01-01') AS null_summary,
       lifecycle_status(s, NULL) AS null_as_of, lifecycle_status(s, '2024-01-01', NULL) AS null_period
FROM summaries WHERE user_id = 1;
SELECT count(*) FROM lifecycle(NULL::usage_summary, 'month', '2024-01-01', '2024-03-31');
SELECT * FROM lifecycle(NULL::usage_summary, 'month', '2024-01-01', '2024-03-31', true);
SELECT count(*) FROM summaries, lifecycle(s, 'month', NULL, '2024-03-31') WHERE user_id = 1;

-- Bad input.
\set VERBOSITY default
SELECT lifecycle_status(s, '2024-01-01', 'fortnight') FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM summaries, lifecycle(s, 'quarter', '2024-01-01', '2024-03-31') WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM summaries, lifecycle(s, 'month', '2024-03-31', '2024-01-01') WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT lifecycle_status(s, 'infinity') FROM summaries WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM summaries, lifecycle(s, 'day', '2024-01-01', 'infinity') WHERE user_id = 1;
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM lifecycle(NULL::usage_summary, 'month', '4714-11-24 BC', '4714-12-01 BC');
\echo :LAST_ERROR_SQLSTATE

DROP SCHEMA t_lifecycle CASCADE;
