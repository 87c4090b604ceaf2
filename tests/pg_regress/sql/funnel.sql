-- window_funnel: ClickHouse windowFunnel semantics. Every expected level below was
-- traced by hand through ClickHouse's algorithm (AggregateFunctionWindowFunnel.cpp);
-- rows marked "CH docs" carry the answer ClickHouse's documentation gives. Every level
-- in this file, and the per-user levels behind the level sums of the forced-parallel
-- part, were also confirmed by ClickHouse 26.9.2.1 itself (chDB 4.4.0), see
-- bench/funnel/clickhouse_check.py.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_funnel CASCADE;
CREATE SCHEMA t_funnel;
SET search_path = t_funnel, public;
SET TimeZone = 'UTC';

-- The documentation example: login (1003), search phone (1007), order (1009),
-- order again (1010); steps 1003, 1009, 1007, 1010 -> level 4 (CH docs).
CREATE TABLE trend (event_date date, user_id int, ts timestamp, event_id int, product text);
INSERT INTO trend VALUES
  ('2019-01-28', 1, '2019-01-29 10:00:00', 1003, 'phone'),
  ('2019-01-31', 1, '2019-01-31 09:00:00', 1007, 'phone'),
  ('2019-01-30', 1, '2019-01-30 08:00:00', 1009, 'phone'),
  ('2019-02-01', 1, '2019-02-01 08:00:00', 1010, 'phone');
SELECT level, count(*) AS c
FROM (SELECT user_id,
             window_funnel(interval '70000 days', ts,
                           ARRAY[event_id = 1003, event_id = 1009, event_id = 1007, event_id = 1010]) AS level
      FROM trend
      WHERE event_date BETWEEN '2019-01-01' AND '2019-02-02'
      GROUP BY user_id) q
GROUP BY level ORDER BY level;
-- The same chain needs 70 hours from the login: the order (1009) is 22 h after it,
-- the search (1007) 47 h, the second order 70 h: 46 h -> 2, 47 h -> 3, 70 h -> 4.
SELECT window_funnel(interval '46 hours', ts, ARRAY[event_id = 1003, event_id = 1009, event_id = 1007, event_id = 1010]) FROM trend;
SELECT window_funnel(interval '47 hours', ts, ARRAY[event_id = 1003, event_id = 1009, event_id = 1007, event_id = 1010]) FROM trend;
SELECT window_funnel(interval '70 hours', ts, ARRAY[event_id = 1003, event_id = 1009, event_id = 1007, event_id = 1010]) FROM trend;
-- date and timestamptz variants of the same rows.
SELECT window_funnel(interval '4 days', event_date, ARRAY[event_id = 1003, event_id = 1009, event_id = 1007, event_id = 1010]) FROM trend;
SELECT window_funnel(interval '70 hours', ts AT TIME ZONE 'UTC', ARRAY[event_id = 1003, event_id = 1009, event_id = 1007, event_id = 1010], '{}') FROM trend;

-- Letter sequences: the i-th letter happens at second i; A, B, C, D are steps 1-4,
-- other letters match no step.
CREATE FUNCTION letters(pattern text, nsteps int, win interval, modes text[], descending bool DEFAULT false)
RETURNS int LANGUAGE sql AS $$
  SELECT CASE WHEN descending
    THEN window_funnel(win, timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second',
                       (SELECT array_agg(substr(pattern, i, 1) = chr(64 + k) ORDER BY k) FROM generate_series(1, nsteps) k),
                       modes ORDER BY i DESC)
    ELSE window_funnel(win, timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second',
                       (SELECT array_agg(substr(pattern, i, 1) = chr(64 + k) ORDER BY k) FROM generate_series(1, nsteps) k),
                       modes) END
  FROM generate_series(1, length(pattern)) i
$$;

CREATE TABLE cases (pattern text, nsteps int, win interval, modes text[], expected int, note text);
INSERT INTO cases VALUES
  ('ABDC',  3, '100 s', '{}',                          3, 'D matches no step and is skipped'),
  ('ABDC',  3, '100 s', '{strict_order}',              2, 'CH docs: A->B->D->C stops at D'),
  ('AABC',  3, '100 s', '{strict_order,allow_reentry}',3, 'CH docs: the extra A is ignored'),
  ('ABCBD', 4, '100 s', '{}',                          4, 'repeated B is harmless by default'),
  ('ABCBD', 4, '100 s', '{strict_deduplication}',      3, 'repeated B stops the search (Doris/StarRocks docs)'),
  ('ABBC',  3, '100 s', '{strict_deduplication}',      2, 'repeated B right after B'),
  ('AABC',  3, '100 s', '{strict_deduplication}',      3, 'a repeated step 1 restarts, not a duplicate'),
  ('CBA',   3, '100 s', '{}',                          1, 'steps before step 1 do not count'),
  ('BC',    3, '100 s', '{}',                          0, 'no step 1, no chain'),
  ('XYZ',   3, '100 s', '{}',                          0, 'nothing matches'),
  ('AXXB',  2, '2 s',   '{}',                          1, 'B at +3 s is outside a 2 s window'),
  ('AXXB',  2, '3 s',   '{}',                          2, 'the window end is inclusive'),
  ('AXAB',  2, '1 s',   '{}',                          2, 'the later A starts a chain that fits'),
  ('ABAC',  3, '100 s', '{}',                          3, 'C continues the chain of the first A'),
  ('ABAC',  3, '2 s',   '{}',                          2, 'C is 3 s after the A that reached B'),
  ('AXB',   2, '100 s', '{}',                          2, 'X is skipped by default'),
  ('AXB',   2, '100 s', '{strict_order}',              1, 'X interrupts under strict_order'),
  ('XAB',   2, '100 s', '{strict_order}',              2, 'rows before the first step 1 do not interrupt'),
  ('ACB',   3, '100 s', '{strict_order}',              1, 'C before B ends the search at level 1'),
  ('ACB',   3, '100 s', '{strict_order,allow_reentry}',2, 'allow_reentry skips the early C'),
  ('ACBC',  3, '100 s', '{strict_order,allow_reentry}',3, 'and the later C completes the chain'),
  ('ABC',   3, '100 s', '{strict_increase}',           3, 'distinct times increase strictly'),
  ('ABC',   3, '100 s', '{strict_once}',               3, 'one step per row anyway'),
  ('A',     1, '0 s',   '{}',                          1, 'a one-step funnel'),
  ('ABCD',  4, '0 s',   '{}',                          1, 'a zero window only allows same-time steps');

SELECT pattern, nsteps, win, modes, letters(pattern, nsteps, win, modes) AS level, expected,
       letters(pattern, nsteps, win, modes) = expected AS ok,
       letters(pattern, nsteps, win, modes, true) = expected AS ok_reversed_input,
       note
FROM cases ORDER BY pattern, modes::text, win;

-- Rows at the same time and rows matching several steps.
CREATE TABLE same_time (user_id int, ts timestamptz, action text);
INSERT INTO same_time VALUES
  (1, '2024-01-01 10:00+00', 'ab'),                                    -- one row matches steps 1 and 2
  (2, '2024-01-01 10:00+00', 'b'), (2, '2024-01-01 10:00+00', 'a'),    -- steps 1 and 2 at the same time
  (3, '2024-01-01 10:00+00', 'a'), (3, '2024-01-01 10:00:01+00', 'b'),
  (4, '2024-01-01 10:00+00', 'ab'), (4, '2024-01-01 10:00+00', 'ab');  -- two such rows
-- user 1: default 2 (its step-2 match sorts after its step-1 match), strict_once 1 (a row
-- counts once), strict_increase 1 (no later time). user 2: 2, 2, 1. user 3: 2, 2, 2.
-- user 4: 2, 2 (each row used once), 1.
SELECT user_id,
       window_funnel(interval '1 hour', ts, ARRAY[action LIKE '%a%', action LIKE '%b%']) AS default_mode,
       window_funnel(interval '1 hour', ts, ARRAY[action LIKE '%a%', action LIKE '%b%'], '{strict_once}') AS strict_once,
       window_funnel(interval '1 hour', ts, ARRAY[action LIKE '%a%', action LIKE '%b%'], '{strict_increase}') AS strict_increase
FROM same_time GROUP BY user_id ORDER BY user_id;

-- ClickHouse's allow_reentry documentation scenario: begin_checkout -> view_product_detail
-- -> begin_checkout -> complete_payment, with begin_checkout as steps 1 and 3. Traced
-- through ClickHouse's code: strict_order alone stops at 1 (the first begin_checkout row
-- also matches step 3 before step 2 was reached), with allow_reentry 4, default 4,
-- strict_once 4 (the second begin_checkout row serves as step 3).
CREATE TABLE user_events (user_id int, ts timestamptz, action text);
INSERT INTO user_events VALUES
  (1, '2024-01-01 10:00+00', 'begin_checkout'), (1, '2024-01-01 10:05+00', 'view_product_detail'),
  (1, '2024-01-01 10:10+00', 'begin_checkout'), (1, '2024-01-01 10:20+00', 'complete_payment');
SELECT m AS modes,
       window_funnel(interval '1 hour', ts,
                     ARRAY[action = 'begin_checkout', action = 'view_product_detail', action = 'begin_checkout', action = 'complete_payment'],
                     m) AS level
FROM user_events, (VALUES ('{}'::text[]), ('{strict_order}'), ('{strict_order,allow_reentry}'), ('{strict_once}')) v(m)
GROUP BY m ORDER BY m::text;

-- NULL handling: NULL times and NULL step arrays are skipped; NULL elements are false.
SELECT window_funnel(interval '1 hour', ts, ARRAY[a, b])
FROM (VALUES (timestamptz '2024-01-01 10:00+00', true, NULL::bool),
             (NULL, true, true),
             (timestamptz '2024-01-01 10:01+00', NULL, true)) v(ts, a, b);
SELECT window_funnel(interval '1 hour', ts, steps)
FROM (VALUES (timestamptz '2024-01-01 10:00+00', NULL::bool[])) v(ts, steps);
-- No rows: 0.
SELECT window_funnel(interval '1 hour', now(), ARRAY[true]) WHERE false;
-- 32 steps: a chain through all of them.
SELECT window_funnel(interval '1 day', timestamptz '2024-01-01' + i * interval '1 minute',
                     (SELECT array_agg(k = i) FROM generate_series(1, 32) k))
FROM generate_series(1, 32) i;

-- Forced parallel plans give the same levels as a serial scan, for every mode.
CREATE TABLE events AS
SELECT (i % 500)::int AS user_id,
       timestamptz '2024-01-01 00:00+00' + ((i * 7919) % 60000) * interval '1 second' AS ts,
       (ARRAY['view', 'cart', 'checkout', 'buy', 'other'])[1 + ((i * i) % 7919) % 5] AS event
FROM generate_series(1, 100000::bigint) i;
ANALYZE events;
CREATE TABLE mode_sets (m text[]);
INSERT INTO mode_sets VALUES ('{}'), ('{strict_order}'), ('{strict_deduplication}'), ('{strict_increase}'),
  ('{strict_once}'), ('{strict_order,allow_reentry}'), ('{strict_once,strict_increase}');
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_levels AS
SELECT m::text AS modes, user_id,
       window_funnel(interval '20 minutes', ts, ARRAY[event = 'view', event = 'cart', event = 'checkout', event = 'buy'], m) AS level
FROM events, mode_sets GROUP BY m, user_id;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT user_id, window_funnel(interval '20 minutes', ts, ARRAY[event = 'view', event = 'cart', event = 'checkout', event = 'buy'])
FROM events GROUP BY user_id;
CREATE TABLE parallel_levels AS
SELECT m::text AS modes, user_id,
       window_funnel(interval '20 minutes', ts, ARRAY[event = 'view', event = 'cart', event = 'checkout', event = 'buy'], m) AS level
FROM events, (SELECT m FROM mode_sets) ms GROUP BY m, user_id;
SELECT s.modes, count(*) AS users, count(*) FILTER (WHERE s.level IS DISTINCT FROM p.level) AS different,
       sum(s.level) AS level_sum
FROM serial_levels s FULL JOIN parallel_levels p USING (modes, user_id)
GROUP BY s.modes ORDER BY s.modes;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

CREATE INDEX ON events (user_id, event, ts);
-- The default mode checked against the same funnel in plain SQL: for each view, the
-- earliest cart in the window, then the earliest checkout after it, then a buy.
WITH v AS (SELECT user_id, ts FROM events WHERE event = 'view'),
chains AS (
  SELECT v.user_id,
         1 + (c.ts IS NOT NULL)::int + (k.ts IS NOT NULL)::int + (b.ts IS NOT NULL)::int AS level
  FROM v
  LEFT JOIN LATERAL (SELECT min(ts) AS ts FROM events e WHERE e.user_id = v.user_id AND e.event = 'cart'
                     AND e.ts BETWEEN v.ts AND v.ts + interval '20 minutes') c0 ON true
  LEFT JOIN LATERAL (SELECT c0.ts WHERE c0.ts IS NOT NULL) c ON true
  LEFT JOIN LATERAL (SELECT min(ts) AS ts FROM events e WHERE e.user_id = v.user_id AND e.event = 'checkout'
                     AND c.ts IS NOT NULL AND e.ts BETWEEN c.ts AND v.ts + interval '20 minutes') k0 ON true
  LEFT JOIN LATERAL (SELECT k0.ts WHERE k0.ts IS NOT NULL) k ON true
  LEFT JOIN LATERAL (SELECT min(ts) AS ts FROM events e WHERE e.user_id = v.user_id AND e.event = 'buy'
                     AND k.ts IS NOT NULL AND e.ts BETWEEN k.ts AND v.ts + interval '20 minutes') b ON true
),
plain AS (SELECT user_id, max(level) AS level FROM chains GROUP BY user_id)
SELECT count(*) AS users,
       count(*) FILTER (WHERE coalesce(p.level, 0) IS DISTINCT FROM s.level) AS different
FROM serial_levels s LEFT JOIN plain p USING (user_id)
WHERE s.modes = '{}';

-- Bad input: clear errors with hints.
SELECT window_funnel(interval '1 hour', now(), ARRAY[true], '{fast}');
SELECT window_funnel(interval '1 hour', now(), ARRAY[true], '{strict}');
SELECT window_funnel(interval '1 hour', now(), ARRAY[true], '{allow_reentry}');
SELECT window_funnel(interval '-1 hour', now(), ARRAY[true]);
SELECT window_funnel(interval '1 month', now(), ARRAY[true]);
SELECT window_funnel(interval '1 hour', now(), '{}'::bool[]);
SELECT window_funnel(interval '1 hour', now(), array_fill(true, ARRAY[33]));
SELECT window_funnel(interval '1 hour', ts, steps)
FROM (VALUES (timestamptz '2024-01-01', ARRAY[true, false]), (timestamptz '2024-01-02', ARRAY[true])) v(ts, steps);
SELECT window_funnel(interval '1 hour', timestamptz 'infinity', ARRAY[true]);
SELECT window_funnel(NULL::interval, now(), ARRAY[true]);

DROP SCHEMA t_funnel CASCADE;
