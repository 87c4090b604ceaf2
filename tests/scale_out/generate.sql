-- Deterministic events and stored summaries for the scale-out tiers and benchmark:
-- psql -v events=N -v users=N -f generate.sql builds events_local (the single-node
-- reference), summaries_local (per user and month) and customers_local (per user) in
-- the current database.
-- Every value comes from hashint8 of the row number (stable across platforms and
-- runs), so every node and every run sees the same rows.
SET client_min_messages = warning;
DROP TABLE IF EXISTS events_local, summaries_local, customers_local;

-- One wide table holds every kind of row the aggregates read: usage events (ts, day,
-- quantity, feature; the features double as funnel steps), orders (amount not NULL,
-- rfm_agg), NPS answers (score not NULL, nps_agg) and subscriptions (sub_start not
-- NULL, mrr_agg). The other aggregates skip the NULLs.
CREATE TABLE events_local (
    user_id   integer NOT NULL,
    ts        timestamptz NOT NULL,
    local_ts  timestamp NOT NULL,
    day       date NOT NULL,
    quantity  float8 NOT NULL,
    feature   text NOT NULL,
    amount    float8,
    score     integer,
    sub_start date,
    sub_end   date,
    mrr       numeric
);

INSERT INTO events_local
SELECT 1 + (:users * (h[1] / 2147483648.0) ^ 2)::int % :users,  -- skewed: low ids are busy
       ts, ts AT TIME ZONE 'UTC', (ts AT TIME ZONE 'UTC')::date,
       (h[3] % 1000) / 100.0,                                 -- not exact in binary
       (ARRAY['signup', 'activate', 'search', 'view', 'purchase', 'share', 'export',
              'invite', 'settings', 'report'])[1 + h[4] % 10],
       CASE WHEN h[5] % 10 = 0 THEN (1 + h[5] / 10 % 50000) / 100.0 END,  -- > 0: Gamma-Gamma
       CASE WHEN h[6] % 40 = 0 THEN (h[6] / 40) % 11 END,
       CASE WHEN h[7] % 100 = 0 THEN (ts AT TIME ZONE 'UTC')::date END,
       CASE WHEN h[7] % 300 = 0 THEN (ts AT TIME ZONE 'UTC')::date + 30 * (1 + h[7] / 300 % 12) END,
       CASE WHEN h[7] % 100 = 0 THEN 5 * (1 + h[7] / 100 % 40) + (h[7] / 7 % 100) / 100.0 END
FROM generate_series(1, :events) g,
     LATERAL (SELECT ARRAY[hashint8(g * 8 + 1) & 2147483647, hashint8(g * 8 + 2) & 2147483647,
                           hashint8(g * 8 + 3) & 2147483647, hashint8(g * 8 + 4) & 2147483647,
                           hashint8(g * 8 + 5) & 2147483647, hashint8(g * 8 + 6) & 2147483647,
                           hashint8(g * 8 + 7) & 2147483647] AS h) r,
     -- A year of seconds: about a third of the events lie within 8 hours of midnight
     -- UTC, so their calendar day in America/Los_Angeles differs.
     LATERAL (SELECT timestamptz '2024-01-01 00:00:00+00' + h[2] % (366 * 86400) * interval '1 second' AS ts) t;

-- Stored summaries per user and month, the two-step pattern; saas_summary and
-- cohort_summary of each row's history, so that every summary type has a column to roll up.
CREATE TABLE summaries_local AS
SELECT s.*, (SELECT saas_agg(m) FROM (VALUES (s.mrr)) v(m)) AS saas,
       (SELECT cohort_agg(m) FROM (VALUES (s.mrr)) v(m)) AS cohorts
FROM (SELECT user_id, date_trunc('month', day)::date AS month,
             usage_agg(day, quantity, feature) AS usage, rfm_agg(day, amount) AS rfm,
             nps_agg(score) AS nps, mrr_agg(sub_start, sub_end, mrr) AS mrr
      FROM events_local GROUP BY 1, 2) s;
-- Per customer: the stored purchase summary, its BTYD inputs as of the end of the
-- data (the CLV fits' inputs), and those inputs as one customer's fit points.
CREATE TABLE customers_local AS
SELECT c.*,
       (SELECT purchase_points(x, t_x, "T") FROM (VALUES (c.x, c.t_x, c."T")) v(x, t_x, "T")) AS points,
       (SELECT spend_points(x, monetary) FROM (VALUES (c.x, c.monetary)) v(x, monetary)) AS spend
FROM (SELECT user_id, rfm, btyd_frequency(rfm, d)::float8 AS x, btyd_recency(rfm, d)::float8 AS t_x,
             btyd_age(rfm, d)::float8 AS "T", btyd_monetary(rfm, d) AS monetary
      FROM (SELECT user_id, rfm_agg(day, amount) AS rfm FROM events_local GROUP BY user_id) u,
           (VALUES (date '2024-12-31')) v(d)) c;
ANALYZE events_local, summaries_local, customers_local;
