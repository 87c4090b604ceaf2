-- The two-step pattern: rollups keep their state decoded (expanded objects), fold
-- buffered rows in batches, and give exactly the one-step answer in every plan:
-- hash and sorted grouping, forced-parallel, rollups of rollups, window frames,
-- groups large enough to fold mid-way, and the merge function called directly.
-- Aggregate memory is PostgreSQL's: HashAggregate spills usage_agg states.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE ev AS
SELECT 1 + (g % 300) AS uid,
       date '2024-01-01' + (g * 7919 % 701) AS day,
       'f' || (g % 13)::text AS feature,
       (g % 10 + 1)::float8 AS qty
FROM generate_series(1, 60000) g;
CREATE TABLE daily AS
SELECT uid, day, usage_agg(day, qty, feature) AS s, rfm_agg(day, qty) AS r, nps_agg((uid + day - date '2024-01-01') % 11) AS n
FROM ev GROUP BY uid, day;
ANALYZE ev; ANALYZE daily;
CREATE TABLE direct AS
SELECT uid, usage_agg(day, qty, feature)::text AS s, rfm_agg(day, qty)::text AS r,
       nps_agg((uid + day - date '2024-01-01') % 11)::text AS n
FROM ev GROUP BY uid;

-- Hash and sorted grouping of the daily summaries equal the one-step summaries.
SET enable_sort = off;
SELECT count(*) AS users,
       count(*) FILTER (WHERE r.s::text = d.s AND r.r::text = d.r AND r.n::text = d.n) AS equal
FROM (SELECT uid, rollup(s) s, rollup(r) r, rollup(n) n FROM daily GROUP BY uid) r JOIN direct d USING (uid);
RESET enable_sort;
SET enable_hashagg = off;
SELECT count(*) FILTER (WHERE r.s::text = d.s AND r.r::text = d.r AND r.n::text = d.n) AS equal_sorted
FROM (SELECT uid, rollup(s) s, rollup(r) r, rollup(n) n FROM daily GROUP BY uid) r JOIN direct d USING (uid);
RESET enable_hashagg;

-- Accessors read a rollup's state directly; the answers equal plain SQL.
SELECT count(*) FILTER (WHERE (events(s), active_days(s), first_seen(s), last_seen(s), total_quantity(s), feature_breadth(s))
                        IS NOT DISTINCT FROM (p.e, p.d, p.f, p.l, p.q, p.b)) AS accessors_equal_plain_sql
FROM (SELECT uid, rollup(s) s FROM daily GROUP BY uid) r
JOIN (SELECT uid, count(*) e, count(DISTINCT day)::int d, min(day) f, max(day) l, sum(qty) q, count(DISTINCT feature)::int b
      FROM ev GROUP BY uid) p USING (uid);

-- A rollup of rollups (months into a year) takes the inner states as they are.
SELECT count(*) FILTER (WHERE y.s::text = d.s) AS rollup_of_rollups_equal
FROM (SELECT uid, rollup(m) s
      FROM (SELECT uid, date_trunc('month', day), rollup(s) m FROM daily GROUP BY 1, 2) mm GROUP BY uid) y
JOIN direct d USING (uid);

-- One group of 60,000 daily summaries: far past the fold threshold.
SELECT rollup(s)::text = (SELECT usage_agg(day, qty, feature)::text FROM ev) AS large_group_equal,
       rollup(r)::text = (SELECT rfm_agg(day, qty)::text FROM ev) AS large_rfm_equal
FROM daily;

-- As a window aggregate: the running rollup at every row equals the one-step
-- summary of the days so far.
SELECT count(*) FILTER (WHERE w.s::text = (SELECT usage_agg(e.day, e.qty, e.feature)::text FROM ev e
                                           WHERE e.uid = 7 AND e.day <= w.day)) AS running_equal, count(*)
FROM (SELECT day, rollup(s) OVER (ORDER BY day) s FROM daily WHERE uid = 7) w;

-- Called as a function, the merge returns the merged value.
SELECT usage_summary_merge(a.s, b.s)::text = (SELECT usage_agg(day, qty, feature)::text FROM ev
                                              WHERE uid = 1 AND day IN (a.day, b.day)) AS merge_function_equal
FROM daily a, daily b WHERE a.uid = 1 AND b.uid = 1 AND a.day = (SELECT min(day) FROM daily WHERE uid = 1) AND b.day = (SELECT max(day) FROM daily WHERE uid = 1);

-- Forced parallel plans (partial rollups combined by the leader) equal serial.
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT rollup(s) FROM daily;
SELECT rollup(s)::text = (SELECT usage_agg(day, qty, feature)::text FROM ev) AS parallel_equal,
       rollup(r)::text = (SELECT rfm_agg(day, qty)::text FROM ev) AS parallel_rfm_equal,
       rollup(n)::text = (SELECT nps_agg((uid + day - date '2024-01-01') % 11)::text FROM ev) AS parallel_nps_equal
FROM daily;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
SET max_parallel_workers_per_gather = 0;

-- Memory: usage_agg states live in the aggregate's memory context, so under a
-- small work_mem HashAggregate counts them, spills to disk and still gives the
-- answer of a sorted plan; the backend's peak memory stays bounded.
CREATE FUNCTION hash_agg_batches(query text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE plan jsonb;
BEGIN
  EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, FORMAT JSON) ' || query INTO plan;
  RETURN (jsonb_path_query_first(plan, 'strict $.**."HashAgg Batches"'))::int;
END $$;
CREATE FUNCTION peak_rss_mb() RETURNS int LANGUAGE sql AS $$
  SELECT (regexp_match(pg_read_file('/proc/self/status'), 'VmHWM:\s+(\d+) kB'))[1]::int / 1024
$$;
CREATE TABLE many AS
SELECT g AS uid, date '2024-01-01' + g % 365 AS day, 'f' || (g % 5)::text AS feature FROM generate_series(1, 300000) g;
ANALYZE many;
SET work_mem = '4MB';
SET enable_sort = off;
SELECT hash_agg_batches('SELECT uid, usage_agg(day, 1.0, feature) FROM many GROUP BY uid') > 1 AS spilled;
CREATE TABLE hashed AS SELECT uid, usage_agg(day, 1.0, feature)::text s FROM many GROUP BY uid;
SELECT peak_rss_mb() < 200 AS peak_memory_bounded;
RESET enable_sort;
SET enable_hashagg = off;
SELECT count(*) FILTER (WHERE h.s = x.s::text) AS spilled_equal_sorted
FROM hashed h JOIN (SELECT uid, usage_agg(day, 1.0, feature) s FROM many GROUP BY uid) x USING (uid);
RESET enable_hashagg;
-- Rollup states spill too: each batch's hash table reset drops the shared states
-- context, and the next batch makes a new one.
CREATE TABLE many_days AS SELECT uid, day, usage_agg(day, 1.0, feature) s FROM many GROUP BY uid, day;
ANALYZE many_days;
SET work_mem = '64kB';
SET enable_sort = off;
SELECT hash_agg_batches('SELECT uid % 50000, rollup(s) FROM many_days GROUP BY 1') > 1 AS rollup_spilled;
CREATE TABLE rolled AS SELECT uid % 50000 AS k, rollup(s)::text s FROM many_days GROUP BY 1;
RESET enable_sort;
SET enable_hashagg = off;
SELECT count(*) FILTER (WHERE r.s = x.s::text) AS rollup_spilled_equal_sorted, count(*)
FROM rolled r JOIN (SELECT uid % 50000 AS k, rollup(s) s FROM many_days GROUP BY 1) x USING (k);
RESET enable_hashagg;
RESET work_mem;
