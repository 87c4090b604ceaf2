SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_engagement CASCADE;
CREATE SCHEMA t_engagement;
SET search_path = t_engagement, public;
SET DateStyle = 'ISO, YMD';

-- Five users, March 2024 has 31 days:
--   u1 every day of March, 'search' each day, 'export' on the 1st and 15th
--   u2 the four Mondays (4, 11, 18, 25), 'search'
--   u3 the 1st ('export') and 2nd ('api')
--   u4 only 2024-02-10 ('search')
--   u5 the 5th to 8th, no feature
CREATE TABLE events (user_id int, day date, feature text);
INSERT INTO events
SELECT 1, d, 'search' FROM generate_series('2024-03-01'::date, '2024-03-31', '1 day') d;
INSERT INTO events VALUES (1, '2024-03-01', 'export'), (1, '2024-03-15', 'export'),
  (2, '2024-03-04', 'search'), (2, '2024-03-11', 'search'), (2, '2024-03-18', 'search'), (2, '2024-03-25', 'search'),
  (3, '2024-03-01', 'export'), (3, '2024-03-02', 'api'),
  (4, '2024-02-10', 'search'),
  (5, '2024-03-05', NULL), (5, '2024-03-06', NULL), (5, '2024-03-07', NULL), (5, '2024-03-08', NULL);
CREATE TABLE summaries AS SELECT user_id, usage_agg(day, 1, feature) AS s FROM events GROUP BY user_id;
-- Monthly summaries per user: the two-step pattern for windowed feature questions.
CREATE TABLE monthly AS
SELECT user_id, date_trunc('month', day)::date AS month, usage_agg(day, 1, feature) AS s
FROM events GROUP BY 1, 2;

-- Feature adoption over all users: search u1 u2 u4 (3 of 5), export u1 u3 (2), api u3 (1).
SELECT f.feature, count(*) AS users,
       round(100.0 * count(*) / (SELECT count(*) FROM summaries), 1) AS pct_of_users
FROM summaries, feature_usage(s) f GROUP BY f.feature ORDER BY users DESC, f.feature;
-- Adoption among users active in March: u1, u2, u3, u5 -> search 2/4, export 2/4, api 1/4.
SELECT f.feature, count(*) AS users,
       round(100.0 * count(*) / (SELECT count(*) FROM monthly WHERE month = '2024-03-01'), 1) AS pct_of_active
FROM monthly, feature_usage(s) f WHERE month = '2024-03-01'
GROUP BY f.feature ORDER BY users DESC, f.feature;
-- Breadth: number of features per user. u5 0, u2 u4 1, u1 u3 2.
SELECT feature_breadth(s) AS features, count(*) AS users
FROM summaries GROUP BY 1 ORDER BY 1;
-- Depth of one feature: events and active days of 'search' per user.
SELECT user_id, f.events, f.active_days FROM summaries, feature_usage(s) f
WHERE f.feature = 'search' ORDER BY user_id;

-- Power-user curve: users by number of active days in March (users active in March only).
-- By hand: u3 2 days, u2 4, u5 4, u1 31.
SELECT days, count(*) AS users
FROM (SELECT active_days(s, '2024-03-01', '2024-03-31') AS days FROM summaries) t
WHERE days > 0 GROUP BY days ORDER BY days;
-- The same curve as a percentage of the month's active users, cumulative from the top
-- ("x % of users are active on at least d days").
SELECT days, count(*) AS users,
       round(100.0 * sum(count(*)) OVER (ORDER BY days DESC) / sum(count(*)) OVER (), 1) AS pct_at_least
FROM (SELECT active_days(s, '2024-03-01', '2024-03-31') AS days FROM summaries) t
WHERE days > 0 GROUP BY days ORDER BY days;

-- DAU, WAU and MAU (rolling 7 and 30 days) with the active_users aggregate.
-- 03-01: DAU u1 u3 = 2; WAU (02-24..03-01) 2; MAU (01-31..03-01) u1 u3 u4 = 3.  03-04: DAU u1 u2 = 2; WAU (02-27..03-04) u1 u2 u3 = 3; MAU + u4 = 4.
-- 03-31: DAU u1 = 1; WAU (03-25..31) u1 u2 = 2; MAU (03-02..31) u1 u2 u3 u5 = 4.
SELECT d::date AS day, active_users(s, d::date, 1) AS dau, active_users(s, d::date, 7) AS wau,
       active_users(s, d::date, 30) AS mau,
       round(active_users(s, d::date, 1)::numeric / active_users(s, d::date, 30), 3) AS dau_mau
FROM summaries, unnest(ARRAY['2024-03-01', '2024-03-04', '2024-03-31']::date[]) d
GROUP BY d ORDER BY d;
-- Stickiness of March: average DAU over the month / users active in the month.
-- By hand: active user-days 31 + 4 + 2 + 4 = 41, average DAU 41 / 31, MAU 4: 41 / 124 = 0.331.
SELECT round(avg(dau), 4) AS avg_dau, mau, round(avg(dau) / mau, 3) AS stickiness
FROM (SELECT d, active_users(s, d::date, 1) AS dau FROM summaries,
             generate_series('2024-03-01'::date, '2024-03-31', '1 day') d GROUP BY d) daily,
     (SELECT count(*) AS mau FROM summaries WHERE active_days(s, '2024-03-01', '2024-03-31') > 0) monthly
GROUP BY mau;
-- The same from the rolled-up daily activity: sum of active days / (days * MAU).
SELECT round(sum(active_days(s, '2024-03-01', '2024-03-31'))::numeric
             / (31 * count(*) FILTER (WHERE active_days(s, '2024-03-01', '2024-03-31') > 0)), 3) AS stickiness
FROM summaries;

DROP SCHEMA t_engagement CASCADE;
