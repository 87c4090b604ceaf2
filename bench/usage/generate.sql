-- Benchmark workload of the usage family: 10,000,000 usage events of 100,000 users
-- over two years (730 days) and 20 features. Deterministic (setseed, serial plan).
-- Rows are stored in time order, like an append-only event log, so a user's
-- events are spread over the whole table. Activity per user is skewed (density
-- ~ k^(-1/3) over user ids: the busiest user has ~4,600 events, the median ~85,
-- the quietest ~40), features are skewed towards the first ones, quantities are
-- integers 1..10 (so plain SQL's float sum is exact too and results compare equal).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
DROP TABLE IF EXISTS bench_events;
SELECT setseed(0.8) AS seed \gset
CREATE TABLE bench_events (
  day      date   NOT NULL,
  user_id  int    NOT NULL,
  feature  text   NOT NULL,
  quantity float8 NOT NULL
);
INSERT INTO bench_events (day, user_id, feature, quantity)
SELECT date '2024-07-01' + (g / 13699)::int,
       1 + floor(100000 * power(random(), 1.5))::int,
       'feature_' || lpad((1 + floor(20 * power(random(), 2)))::int::text, 2, '0'),
       1 + floor(10 * random())
FROM generate_series(0, 9999999) AS g;
VACUUM (FREEZE, ANALYZE) bench_events;
