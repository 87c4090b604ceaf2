-- Cross-checks the demo's summaries against plain SQL over the raw events, for every
-- user, feature and account: each query prints the number of disagreeing rows (all 0
-- when the extension is right). Not part of the demo run; after scripts/demo.sh:
--   psql -h /tmp -p 28816 -U postgres -f demo/verify.sql pg_usage_demo
\set ON_ERROR_STOP 1
SET TimeZone = 'UTC';

CREATE TEMP TABLE ev AS SELECT user_id, ts::date AS day, feature, quantity FROM usage_events;
CREATE TEMP TABLE days AS SELECT DISTINCT user_id, day FROM ev;

-- Per user: the accessors against their definitions in plain SQL.
CREATE TEMP TABLE plain_user AS
SELECT e.user_id, count(*) AS events, sum(e.quantity) AS quantity, min(e.day) AS first_seen,
       max(e.day) AS last_seen, count(DISTINCT e.day) AS active_days,
       count(DISTINCT date_trunc('week', e.day)) AS active_weeks,
       count(DISTINCT e.feature) AS features
FROM ev e GROUP BY e.user_id;

CREATE TEMP TABLE plain_window AS
SELECT u.user_id,
       count(d.day) FILTER (WHERE d.day > date '2026-06-30' - 28) AS d28,
       count(DISTINCT (date '2026-06-30' - d.day) / 7) FILTER (WHERE d.day > date '2026-06-30' - 28) AS weeks4,
       count(d.day) FILTER (WHERE d.day > date '2026-06-30' - 30) AS d30,
       count(d.day) FILTER (WHERE d.day > date '2026-06-30' - 56 AND d.day <= date '2026-06-30' - 28) AS earlier,
       max(d.day) AS last_day
FROM plain_user u JOIN days d USING (user_id) GROUP BY u.user_id;

SELECT 'users: events, quantity, first/last seen, active days/weeks, features' AS check_,
       count(*) FILTER (WHERE p.user_id IS NULL OR uu.usage IS NULL OR
         (events(uu.usage), total_quantity(uu.usage), first_seen(uu.usage), last_seen(uu.usage),
          active_days(uu.usage), active_periods(uu.usage, 'week'), feature_breadth(uu.usage))
         IS DISTINCT FROM (p.events, p.quantity, p.first_seen, p.last_seen, p.active_days, p.active_weeks, p.features))
         AS mismatches,
       count(p.user_id) AS checked
FROM user_usage uu FULL JOIN plain_user p USING (user_id)
WHERE uu.usage IS NOT NULL OR p.user_id IS NOT NULL;

SELECT 'users: intensity, frequency 28d, recency, frequency class, trend 56d' AS check_,
       count(*) FILTER (WHERE
         abs(usage_intensity(uu.usage) - p.quantity / p.active_days) > 1e-9 * (p.quantity / p.active_days)
         OR usage_frequency(uu.usage, date '2026-06-30', 28) IS DISTINCT FROM w.d28::float8 / 28
         OR recency_days(uu.usage, date '2026-06-30') IS DISTINCT FROM date '2026-06-30' - w.last_day
         OR frequency_class(uu.usage, date '2026-06-30') IS DISTINCT FROM
            CASE WHEN w.d28 >= 20 THEN 'daily' WHEN w.weeks4 >= 3 THEN 'weekly'
                 WHEN w.d30 > 0 THEN 'monthly' ELSE 'lapsed' END
         OR usage_trend(uu.usage, date '2026-06-30', 56) IS DISTINCT FROM
            CASE WHEN w.earlier > 0 THEN (w.d28 - w.earlier)::float8 / w.earlier END
       ) AS mismatches,
       count(*) AS checked
FROM user_usage uu JOIN plain_user p USING (user_id) JOIN plain_window w USING (user_id);

-- Per user and feature: feature_usage against GROUP BY user_id, feature.
SELECT 'user x feature: events, quantity, active days, first/last seen' AS check_,
       count(*) FILTER (WHERE f.user_id IS NULL OR p.user_id IS NULL OR
         (f.events, f.quantity, f.active_days, f.first_seen, f.last_seen)
         IS DISTINCT FROM (p.events, p.quantity, p.active_days, p.first_seen, p.last_seen)) AS mismatches,
       count(*) AS checked
FROM (SELECT uu.user_id, fu.* FROM user_usage uu, feature_usage(uu.usage) fu) f
FULL JOIN (SELECT user_id, feature, count(*) AS events, sum(quantity) AS quantity,
                  count(DISTINCT day) AS active_days, min(day) AS first_seen, max(day) AS last_seen
           FROM ev GROUP BY user_id, feature) p USING (user_id, feature);

-- Per account: rollup of the users' summaries against the account's raw events.
SELECT 'accounts: rollup = events of all their users' AS check_,
       count(*) FILTER (WHERE p.account_id IS NULL OR au.usage IS NULL OR
         (events(au.usage), total_quantity(au.usage), active_days(au.usage), first_seen(au.usage),
          last_seen(au.usage), feature_breadth(au.usage))
         IS DISTINCT FROM (p.events, p.quantity, p.active_days, p.first_seen, p.last_seen, p.features))
         AS mismatches,
       count(*) AS checked
FROM account_usage au
FULL JOIN (SELECT u.account_id, count(*) AS events, sum(e.quantity) AS quantity,
                  count(DISTINCT e.day) AS active_days, min(e.day) AS first_seen, max(e.day) AS last_seen,
                  count(DISTINCT e.feature) AS features
           FROM ev e JOIN users u USING (user_id) GROUP BY u.account_id) p USING (account_id)
WHERE au.usage IS NOT NULL OR p.account_id IS NOT NULL;
