-- Benchmark workload of window_funnel: 10,000,000 events of 100,000 users over 30
-- days. Deterministic (setseed, serial plan). Rows are stored in time order, like
-- an append-only event log. Users are skewed (density ~ k^(-1/3) over user ids:
-- from ~40 to ~4,600 events); event types: view 50 %, cart 20 %, checkout 10 %,
-- buy 5 %, other 15 %. Times are whole seconds.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
DROP TABLE IF EXISTS bench_funnel_events;
SELECT setseed(0.42) AS seed \gset
CREATE TABLE bench_funnel_events (
  ts      timestamptz NOT NULL,
  user_id int         NOT NULL,
  event   text        NOT NULL
);
INSERT INTO bench_funnel_events (ts, user_id, event)
SELECT timestamptz '2024-06-01 00:00:00+00' + (g::bigint * 2592000 / 10000000) * interval '1 second',
       1 + floor(100000 * power(random(), 1.5))::int,
       CASE WHEN r < 0.50 THEN 'view' WHEN r < 0.70 THEN 'cart' WHEN r < 0.80 THEN 'checkout'
            WHEN r < 0.85 THEN 'buy' ELSE 'other' END
FROM (SELECT g, random() AS r FROM generate_series(0, 9999999) AS g) s;
VACUUM (FREEZE, ANALYZE) bench_funnel_events;
-- For the plain SQL baseline (built before timing, not counted).
CREATE INDEX bench_funnel_events_idx ON bench_funnel_events (user_id, event, ts);
