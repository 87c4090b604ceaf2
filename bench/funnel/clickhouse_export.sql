-- Exports the forced-parallel test data of tests/pg_regress/sql/funnel.sql and
-- pg_usage's levels for ten mode sets, for clickhouse_check.py. Run with psql in a
-- database that has pg_usage:  psql -f bench/funnel/clickhouse_export.sql
DROP SCHEMA IF EXISTS chk CASCADE;
CREATE SCHEMA chk;
CREATE TABLE chk.events AS
SELECT (i % 500)::int AS user_id,
       timestamptz '2024-01-01 00:00+00' + ((i * 7919) % 60000) * interval '1 second' AS ts,
       (ARRAY['view', 'cart', 'checkout', 'buy', 'other'])[1 + ((i * i) % 7919) % 5] AS event
FROM generate_series(1, 100000::bigint) i;
CREATE TABLE chk.mode_sets (m text[]);
INSERT INTO chk.mode_sets VALUES ('{}'), ('{strict_order}'), ('{strict_deduplication}'), ('{strict_increase}'),
  ('{strict_once}'), ('{strict_order,allow_reentry}'), ('{strict_once,strict_increase}'),
  ('{strict_order,strict_deduplication}'), ('{strict_once,strict_order}'), ('{strict_once,strict_deduplication}');
\copy (SELECT user_id, extract(epoch FROM ts)::bigint, event FROM chk.events) TO '/tmp/chk_events.csv' CSV
\copy (SELECT array_to_string(m, ','), user_id, window_funnel(interval '20 minutes', ts, ARRAY[event = 'view', event = 'cart', event = 'checkout', event = 'buy'], m) FROM chk.events, chk.mode_sets GROUP BY m, user_id) TO '/tmp/chk_ours.csv' CSV
DROP SCHEMA chk CASCADE;
