-- Workload of the two-step benchmark: 10,000,000 usage events over 24 months
-- (730 days) and 20 features, in time order, at two densities:
--   ev_dense:  10,000 users, about 40 events per user-month (a product used daily);
--   ev_sparse: 100,000 users, about 4 events per user-month.
-- Quantities are integers 1..10 (plain SQL's float sum is exact too).
-- Deterministic (setseed, serial plan). The stored summaries are built by run.sh
-- (the extension is recreated on every run, which drops columns of its types).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '1GB';
DROP TABLE IF EXISTS ev_dense, ev_sparse;
SELECT setseed(0.42);
CREATE TABLE ev_dense (day date NOT NULL, uid int NOT NULL, feature text NOT NULL, qty float8 NOT NULL);
INSERT INTO ev_dense
SELECT date '2024-07-01' + (g / 13699)::int, 1 + floor(10000 * random())::int,
       'feature_' || lpad((1 + floor(20 * power(random(), 2)))::int::text, 2, '0'), 1 + floor(10 * random())
FROM generate_series(0, 9999999) g;
CREATE TABLE ev_sparse (LIKE ev_dense);
INSERT INTO ev_sparse
SELECT date '2024-07-01' + (g / 13699)::int, 1 + floor(100000 * random())::int,
       'feature_' || lpad((1 + floor(20 * power(random(), 2)))::int::text, 2, '0'), 1 + floor(10 * random())
FROM generate_series(0, 9999999) g;
VACUUM (FREEZE, ANALYZE) ev_dense, ev_sparse;
