-- Benchmark workload of the RFM family: 10,000,000 orders of 500,000 customers over
-- three years (2022-01-01 .. 2024-12-31). Deterministic (setseed, serial plan).
-- Rows are stored in time order, like an order log. Customers are skewed
-- (density ~ k^(-1/3) over customer ids); amounts are cents from 1.00 to 500.00.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
DROP TABLE IF EXISTS bench_orders;
SELECT setseed(0.17) AS seed \gset
CREATE TABLE bench_orders (
  day         date   NOT NULL,
  customer_id int    NOT NULL,
  amount      float8 NOT NULL
);
INSERT INTO bench_orders (day, customer_id, amount)
SELECT date '2022-01-01' + (g::bigint * 1096 / 10000000)::int,
       1 + floor(500000 * power(random(), 1.5))::int,
       (100 + floor(49901 * random())) / 100
FROM generate_series(0, 9999999) AS g;
VACUUM (FREEZE, ANALYZE) bench_orders;
