-- Common column types work without casts: nps_agg over smallint, integer and bigint
-- scores; mrr_agg over float8 (and integer) amounts gives the numeric answer.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_argument_types CASCADE;
CREATE SCHEMA t_argument_types;
SET search_path = t_argument_types, public;

CREATE TABLE survey AS SELECT g % 11 AS score4, (g % 11)::smallint AS score2, (g % 11)::bigint AS score8
FROM generate_series(1, 50) g;
SELECT nps_agg(score4)::text = nps_agg(score2)::text AS smallint_same, nps_agg(score4)::text = nps_agg(score8)::text AS bigint_same,
       nps(nps_agg(score8)) FROM survey;
SELECT nps(nps_agg(9)), nps(nps_agg(9::smallint)), nps(nps_agg(10::bigint));
\set VERBOSITY terse
SELECT nps_agg(11::bigint);
SELECT nps_agg(9.5);
\set VERBOSITY default

CREATE TABLE subs (customer int, s date, e date, amount numeric(10,2));
INSERT INTO subs VALUES (1, '2024-01-01', '2024-04-01', 49.99), (1, '2024-04-01', NULL, 99.90),
                        (2, '2024-02-15', '2024-06-01', 19.00), (2, '2024-03-01', NULL, 0.10);
-- The same amounts month by month (numeric equality: 19 = 19.00; the numeric column
-- keeps its scale, float8 has none).
CREATE TABLE h AS
SELECT customer, mrr_agg(s, e, amount) AS n, mrr_agg(s, e, amount::float8) AS f,
       mrr_agg(s, e, amount, 12) AS n12, mrr_agg(s, e, amount::float8, 12) AS f12
FROM subs GROUP BY customer;
SELECT customer,
       (SELECT array_agg(mrr ORDER BY month) FROM mrr_movements(n, '2024-12-01'))
       = (SELECT array_agg(mrr ORDER BY month) FROM mrr_movements(f, '2024-12-01')) AS float8_same,
       (SELECT array_agg(mrr ORDER BY month) FROM mrr_movements(n12, '2024-12-01'))
       = (SELECT array_agg(mrr ORDER BY month) FROM mrr_movements(f12, '2024-12-01')) AS billing_same,
       f::text
FROM h ORDER BY customer;
-- Integer amounts resolve to the float8 overload and convert exactly.
SELECT mrr_agg(s, e, 100)::text = mrr_agg(s, e, 100::numeric)::text AS integer_same FROM subs;
\set VERBOSITY terse
SELECT mrr_agg(s, e, 'NaN'::float8) FROM subs;
SELECT mrr_agg(s, e, '-Infinity'::float8) FROM subs;
\set VERBOSITY default
DROP SCHEMA t_argument_types CASCADE;
