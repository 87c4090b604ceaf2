-- Generator of tests/pg_regress/sql/stored_0_1_0.sql. Run with psql, in a scratch
-- database of a PostgreSQL 15 cluster where pg_usage RELEASE 0.1.0 (commit f5d76b7,
-- built with cargo pgrx package) is installed, from tests/pg_regress (the CDNOW
-- \copy below uses the path of tests/pg_regress/sql/cltv.sql):
--   cd tests/pg_regress && psql -X -v ON_ERROR_STOP=1 -d scratch -f data/stored_0_1_0_generate.sql
-- It builds several values of every stored type from small deterministic data (no
-- random(), no clock), then prints one JSON line per value: its stored binary form
-- (hex of the varlena's bytes, read through a WITHOUT FUNCTION cast to bytea), its
-- text form, whether that text reads back to the same text and bytes, and the
-- answers of the type's accessors as text (float8 in shortest exact form, dates
-- ISO, numeric with its scale). A small script copied those lines, unchanged, into
-- the stored table and the VALUES lists of stored_0_1_0.sql; the accessor
-- expressions there are the ones below. The run leaves nothing behind (schema
-- gen_0_1_0 and the casts are dropped at the end). Run twice, it printed the same
-- lines.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS gen_0_1_0 CASCADE;
CREATE SCHEMA gen_0_1_0;
SET search_path = gen_0_1_0, public;
SET TimeZone = 'America/New_York';
SET DateStyle = 'ISO, YMD';
SET extra_float_digits = 1;   -- shortest exact float8 text

-- Binary forms: every stored type is a varlena of its versioned binary form.
DROP CAST IF EXISTS (usage_summary AS bytea);
CREATE CAST (usage_summary AS bytea) WITHOUT FUNCTION;
DROP CAST IF EXISTS (rfm_summary AS bytea);
CREATE CAST (rfm_summary AS bytea) WITHOUT FUNCTION;
DROP CAST IF EXISTS (nps_summary AS bytea);
CREATE CAST (nps_summary AS bytea) WITHOUT FUNCTION;
DROP CAST IF EXISTS (mrr_history AS bytea);
CREATE CAST (mrr_history AS bytea) WITHOUT FUNCTION;
DROP CAST IF EXISTS (saas_summary AS bytea);
CREATE CAST (saas_summary AS bytea) WITHOUT FUNCTION;
DROP CAST IF EXISTS (bgnbd_model AS bytea);
CREATE CAST (bgnbd_model AS bytea) WITHOUT FUNCTION;
DROP CAST IF EXISTS (pareto_nbd_model AS bytea);
CREATE CAST (pareto_nbd_model AS bytea) WITHOUT FUNCTION;
DROP CAST IF EXISTS (gamma_gamma_model AS bytea);
CREATE CAST (gamma_gamma_model AS bytea) WITHOUT FUNCTION;

------------------------------------------------------------------ usage_summary
CREATE TABLE usage_events (label text, day date, quantity float8, feature text);
INSERT INTO usage_events VALUES
  -- docs/usage.md user 1: two features and a NULL-feature event
  ('docs_user1', '2024-01-01', 2, 'search'), ('docs_user1', '2024-01-01', 1, 'export'),
  ('docs_user1', '2024-01-03', 4.5, 'search'), ('docs_user1', '2024-02-10', 1, NULL),
  -- docs/usage.md user 2: NULL day and NULL quantity rows are skipped
  ('docs_user2', '2024-01-15', 10, 'api'), ('docs_user2', NULL, 5, 'api'), ('docs_user2', '2024-01-16', NULL, 'api'),
  -- a single event without a feature
  ('null_feature_only', '2024-03-05', 2, NULL),
  -- quantity 0
  ('zero_quantity', '2023-12-31', 0, 'search'),
  -- a total that needs two floats (written as partials)
  ('exact_partials', '2024-01-01', 1e16, 'search'), ('exact_partials', '2024-01-02', 1, 'search'),
  ('exact_partials', '2024-01-02', 0.1, NULL),
  -- the oldest and the latest day PostgreSQL has, and leap days
  ('extreme_dates', '4714-11-24 BC', 1, 'search'), ('extreme_dates', '0001-01-01 BC', 2, 'export'),
  ('extreme_dates', '1900-02-28', 3, NULL), ('extreme_dates', '2000-02-29', 4, 'search'),
  ('extreme_dates', '5874897-12-31', 5, 'export');
-- ten events of 0.1 on one day: exactly 1
INSERT INTO usage_events SELECT 'tenth_sums', '2024-03-30', 0.1, 'search' FROM generate_series(1, 10);
-- 2023-2024 with whole months missing (April, August, December), runs of days 1-7
-- and single days 9, 18, 27; quarter quantities; four features and NULL in turn;
-- a second 'report' event every fifth day of the year
INSERT INTO usage_events
SELECT 'many_months_gaps', d::date, (extract(doy FROM d)::int % 7) * 0.25,
       (ARRAY['search', 'export', 'api', 'admin', NULL])[1 + extract(doy FROM d)::int % 5]
FROM generate_series(date '2023-01-01', date '2024-12-31', interval '1 day') d
WHERE extract(month FROM d)::int % 4 <> 0
  AND (extract(day FROM d) <= 7 OR extract(day FROM d)::int % 9 = 0);
INSERT INTO usage_events
SELECT 'many_months_gaps', day, 1.5, 'report' FROM usage_events
WHERE label = 'many_months_gaps' AND extract(doy FROM day)::int % 5 = 0;
-- every day of March 2024 (one run) plus 2024-02-20 and 2024-04-02
INSERT INTO usage_events
SELECT 'daily_march', d::date, 1, 'search' FROM generate_series(date '2024-03-01', date '2024-03-31', interval '1 day') d;
INSERT INTO usage_events VALUES ('daily_march', '2024-02-20', 3, 'api'), ('daily_march', '2024-04-02', 2, 'api');
-- twenty features
INSERT INTO usage_events
SELECT 'twenty_features', date '2024-03-01' + (i % 10), i, 'f' || lpad(i::text, 2, '0')
FROM generate_series(1, 20) i;

CREATE TABLE usage_values (label text PRIMARY KEY, v usage_summary);
INSERT INTO usage_values SELECT label, usage_agg(day, quantity, feature) FROM usage_events GROUP BY label;
-- usage_agg(date): one per event
INSERT INTO usage_values
SELECT 'default_quantity', usage_agg(d::date)
FROM unnest(ARRAY['2024-02-28', '2024-02-29', '2024-02-29', '2024-03-01', '2024-03-10']) d;
-- usage_agg(timestamptz, float8, text): days in the session TimeZone (America/New_York)
INSERT INTO usage_values
SELECT 'from_timestamptz', usage_agg(ts, q, f)
FROM (VALUES (timestamptz '2024-03-01 03:30+00', 1.0::float8, 'search'),   -- 2024-02-29 in New York
             (timestamptz '2024-03-01 05:30+00', 2.0, 'search'),
             (timestamptz '2024-03-10 12:00+00', 0.5, NULL)) v(ts, q, f);
-- rollup of three users into an account
INSERT INTO usage_values
SELECT 'account_rollup', rollup(v) FROM usage_values WHERE label IN ('docs_user1', 'docs_user2', 'zero_quantity');

------------------------------------------------------------------ rfm_summary
CREATE TABLE orders (label text, ts date, amount float8);
INSERT INTO orders VALUES
  -- docs/rfm.md customers a, b, c (c's NULL rows are skipped)
  ('docs_a', '2024-01-01', 10), ('docs_a', '2024-01-01', 5), ('docs_a', '2024-01-03', 20),
  ('docs_a', '2024-01-09', 7.5), ('docs_a', '2024-02-15', 12.25), ('docs_a', '2024-03-31', 30),
  ('docs_b', '2024-02-29', 100),
  ('docs_c', '2024-01-31', 1), ('docs_c', '2024-02-01', 2), ('docs_c', '2024-02-05', 4), ('docs_c', '2024-04-10', 8),
  ('docs_c', NULL, 99), ('docs_c', '2024-02-06', NULL),
  -- a day total that needs two floats, and the largest and a tiny amount
  ('exact_partials', '2024-01-01', 1e16), ('exact_partials', '2024-01-01', 1),
  ('exact_partials', '2024-02-01', 1e100), ('exact_partials', '2024-02-01', 1e-300),
  -- a free order
  ('zero_amount', '2024-03-01', 0),
  -- the oldest and the latest day PostgreSQL has
  ('extreme_dates', '4714-11-24 BC', 1.5), ('extreme_dates', '2024-02-29', 2.5), ('extreme_dates', '5874897-12-31', 3.5);
-- ten orders of 0.1 on one day (exactly 1) and 0.1 + 0.2 on another (exactly 0.3)
INSERT INTO orders SELECT 'tenth_sums', '2024-03-30', 0.1 FROM generate_series(1, 10);
INSERT INTO orders VALUES ('tenth_sums', '2024-01-05', 0.1), ('tenth_sums', '2024-01-05', 0.2);
-- every third day of 2023, one to three orders a day, cents amounts
INSERT INTO orders
SELECT 'year_of_orders', date '2023-01-01' + 3 * i, (i * 37 % 101) + (k * 13 % 100) / 100.0
FROM generate_series(0, 121) i, generate_series(1, 1 + i % 3) k;

CREATE TABLE rfm_values (label text PRIMARY KEY, v rfm_summary);
INSERT INTO rfm_values SELECT label, rfm_agg(ts, amount) FROM orders GROUP BY label;
-- rfm_agg(timestamptz, float8): days in the session TimeZone
INSERT INTO rfm_values
SELECT 'from_timestamptz', rfm_agg(ts, a)
FROM (VALUES (timestamptz '2024-03-01 03:30+00', 19.99::float8), (timestamptz '2024-03-01 05:30+00', 5.01),
             (timestamptz '2024-03-15 12:00+00', 42)) v(ts, a);
-- rollup of the three docs customers
INSERT INTO rfm_values
SELECT 'account_rollup', rollup(v) FROM rfm_values WHERE label IN ('docs_a', 'docs_b', 'docs_c');

------------------------------------------------------------------ nps_summary
CREATE TABLE survey (label text, account text, score int);
INSERT INTO survey VALUES
  -- tests/pg_regress/sql/nps.sql: 4 promoters, 2 passives, 4 detractors, one NULL
  ('docs_survey', 'A', 9), ('docs_survey', 'A', 10), ('docs_survey', 'A', 10), ('docs_survey', 'B', 9),
  ('docs_survey', 'B', 7), ('docs_survey', 'B', 8), ('docs_survey', 'C', 0), ('docs_survey', 'C', 5),
  ('docs_survey', 'C', 6), ('docs_survey', 'C', 6), ('docs_survey', 'C', NULL),
  ('all_promoters', 'A', 9), ('all_promoters', 'A', 10), ('all_promoters', 'A', 10),
  ('single_detractor', 'A', 0);
INSERT INTO survey SELECT 'hundred_thousand', 'A', i % 11 FROM generate_series(1, 100000) i;
CREATE TABLE nps_values (label text PRIMARY KEY, v nps_summary);
INSERT INTO nps_values SELECT label, nps_agg(score) FROM survey GROUP BY label;
-- typed in from published counts (40 / 30 / 30 of 100)
INSERT INTO nps_values VALUES ('typed_in', '{"version":1,"scores":[0,0,0,0,0,0,30,0,30,0,40]}');
-- rollup of per-account summaries
INSERT INTO nps_values
SELECT 'account_rollup', rollup(s) FROM (SELECT nps_agg(score) AS s FROM survey WHERE label = 'docs_survey' GROUP BY account) a;

------------------------------------------------------------------ mrr_history
CREATE TABLE subscriptions (label text, start_date date, end_date date, monthly_amount numeric, billing_months int);
INSERT INTO subscriptions VALUES
  -- docs/saas.md walkthrough, customers 101 to 105
  ('c101', '2024-01-01', '2024-04-01',  49.00,  1), ('c101', '2024-04-01', NULL,  99.00,  1),
  ('c102', '2024-01-10', '2024-03-10',  99.00,  1),
  ('c103', '2024-02-01', NULL,         199.00, 12),
  ('c104', '2024-02-01', '2024-03-01',  49.00,  1), ('c104', '2024-05-01', NULL,  49.00,  1),
  ('c105', '2024-03-01', '2024-06-01',  99.00,  1), ('c105', '2024-03-01', '2024-05-01',  20.00,  1),
  -- annual plan from mid-July, cancelled after five months
  ('annual_cancelled', '2023-07-15', '2023-12-15', 100, 12),
  -- quarterly from January 31 (billing days clamped to short months), 4 decimals
  ('quarterly_clamped', '2024-01-31', NULL, 33.3333, 3),
  -- starts and ends inside one month: cash only
  ('same_month', '2024-03-05', '2024-03-20', 10, 1),
  -- end = start: an empty history
  ('empty_subscription', '2024-03-05', '2024-03-05', 10, 1),
  -- free plan, then paid
  ('free_then_paid', '2024-01-01', '2024-03-01', 0, 1), ('free_then_paid', '2024-03-01', NULL, 25, 1),
  -- paid, churned, reactivated twice, across three years; mixed scales (50, 30.5)
  ('gap_reactivation', '2022-01-01', '2022-06-01', 50, 1), ('gap_reactivation', '2023-03-01', '2023-05-01', 30.5, 1),
  ('gap_reactivation', '2024-01-01', NULL, 50, 1), ('gap_reactivation', '2024-02-15', '2024-09-15', 30.5, 1),
  -- an amount beyond 64 bits of cents
  ('huge_amount', '2024-01-01', NULL, 98765432109876543.21, 1),
  -- the oldest and the latest months PostgreSQL has
  ('extreme_dates', '4714-11-24 BC', '5874897-12-01', 1, 1);
CREATE TABLE mrr_values (label text PRIMARY KEY, v mrr_history);
INSERT INTO mrr_values
SELECT label, mrr_agg(start_date, end_date, monthly_amount, billing_months) FROM subscriptions GROUP BY label;
-- the 3-argument overload (monthly billing)
INSERT INTO mrr_values
SELECT 'three_args', mrr_agg(s, e, a)
FROM (VALUES (date '2024-01-01', date '2024-07-01', 10.5), (date '2024-04-01', NULL, 4.25)) v(s, e, a);
-- rollup of per-subscription histories of customer 105
INSERT INTO mrr_values
SELECT 'rollup_c105', rollup(h)
FROM (SELECT mrr_agg(start_date, end_date, monthly_amount, billing_months) AS h
      FROM subscriptions WHERE label = 'c105' GROUP BY monthly_amount) per_subscription;

------------------------------------------------------------------ saas_summary
CREATE TABLE saas_values (label text PRIMARY KEY, v saas_summary);
INSERT INTO saas_values SELECT 'walkthrough', saas_agg(v) FROM mrr_values WHERE label IN ('c101', 'c102', 'c103', 'c104', 'c105');
INSERT INTO saas_values SELECT 'c104_only', saas_agg(v) FROM mrr_values WHERE label = 'c104';
INSERT INTO saas_values SELECT 'self_serve', saas_agg(v) FROM mrr_values WHERE label IN ('c101', 'c102');
INSERT INTO saas_values SELECT 'sales', saas_agg(v) FROM mrr_values WHERE label IN ('c103', 'c104', 'c105');
INSERT INTO saas_values SELECT 'rollup_segments', rollup(v) FROM saas_values WHERE label IN ('self_serve', 'sales');
INSERT INTO saas_values SELECT 'all_histories', saas_agg(v) FROM mrr_values;
-- 120 customers with staggered starts, lengths, amounts and billing periods
INSERT INTO saas_values
SELECT 'many_customers', saas_agg(h)
FROM (SELECT c, mrr_agg(date '2023-01-01' + (c * 17 % 500),
                        CASE WHEN c % 3 = 0 THEN NULL ELSE date '2023-01-01' + (c * 17 % 500) + 30 * (1 + c % 9) END,
                        (10 + c % 7 * 5)::numeric + (c % 4) * 0.25, 1 + (c % 2) * 2) AS h
      FROM generate_series(1, 120) c GROUP BY c) per_customer;

------------------------------------------------------------------ models
-- Fitted on CDNOW exactly as tests/pg_regress/sql/cltv.sql does (weeks); also with a
-- small L2 penalizer (weight 1, penalizer 0.001).
CREATE TABLE cdnow (id int, x int, t_x float8, age float8, zbar float8);
\copy cdnow FROM '../data/cdnow_customers_summary_with_transactions.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE fits AS
SELECT bgnbd_fit(x, t_x, age) AS bg, pareto_nbd_fit(x, t_x, age) AS pn, gamma_gamma_fit(x, zbar) AS gg FROM cdnow;
CREATE TABLE penalized_fits AS
SELECT bgnbd_fit(x, t_x, age, 1, 0.001) AS bg, pareto_nbd_fit(x, t_x, age, 1, 0.001) AS pn,
       gamma_gamma_fit(x, zbar, 1, 0.001) AS gg FROM cdnow;
CREATE TABLE bgnbd_values (label text PRIMARY KEY, v bgnbd_model);
CREATE TABLE pareto_nbd_values (label text PRIMARY KEY, v pareto_nbd_model);
CREATE TABLE gamma_gamma_values (label text PRIMARY KEY, v gamma_gamma_model);
INSERT INTO bgnbd_values SELECT 'cdnow_fit', bg FROM fits;
INSERT INTO bgnbd_values SELECT 'cdnow_penalized', bg FROM penalized_fits;
INSERT INTO bgnbd_values VALUES
  ('published', '{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426}'),
  ('typed_in_full', '{"r":0.5,"alpha":2,"a":1.5,"b":3,"log_likelihood":-1.5,"n":10.0,"distinct":4,"iterations":0,"converged":false,"penalizer":0.0}');
INSERT INTO pareto_nbd_values SELECT 'cdnow_fit', pn FROM fits;
INSERT INTO pareto_nbd_values SELECT 'cdnow_penalized', pn FROM penalized_fits;
INSERT INTO pareto_nbd_values VALUES ('published', '{"r":0.553,"alpha":10.578,"s":0.606,"beta":11.669}');
INSERT INTO gamma_gamma_values SELECT 'cdnow_fit', gg FROM fits;
INSERT INTO gamma_gamma_values SELECT 'cdnow_penalized', gg FROM penalized_fits;
INSERT INTO gamma_gamma_values VALUES ('published', '{"p":6.25,"q":3.74,"v":15.44}');

------------------------------------------------------------------ capture
-- One JSON line per value: binary form (hex), text form, whether the text form
-- reads back to the same text and bytes at 0.1.0, and the accessors' answers
-- (as text: float8 in shortest exact form, dates ISO, numeric with its scale).
\pset tuples_only on
\pset format unaligned
SELECT json_build_object('type', 'usage_summary', 'label', label,
  'hex', encode(v::bytea, 'hex'), 'text', v::text,
  'text_round_trip', v::text::usage_summary::text = v::text, 'bytes_round_trip', v::text::usage_summary::bytea = v::bytea,
  'accessors', json_build_object(
    'events', (events(v))::text,
    'total_quantity', (total_quantity(v))::text,
    'first_seen', (first_seen(v))::text,
    'last_seen', (last_seen(v))::text,
    'active_days', (active_days(v))::text,
    'active_days_q1', (active_days(v, '2024-01-01', '2024-03-31'))::text,
    'active_weeks', (active_periods(v, 'week'))::text,
    'active_months', (active_periods(v, 'month'))::text,
    'feature_breadth', (feature_breadth(v))::text,
    'search_events', (feature_events(v, 'search'))::text,
    'intensity', (usage_intensity(v))::text,
    'frequency', (usage_frequency(v, '2024-03-31', 28))::text,
    'recency', (recency_days(v, '2024-03-31'))::text,
    'tenure', (tenure_days(v, '2024-03-31'))::text,
    'frequency_class', (frequency_class(v, '2024-03-31'))::text,
    'trend', (usage_trend(v, '2024-03-31'))::text,
    'lifecycle', (lifecycle_status(v, '2024-03-31'))::text,
    'months', ((SELECT array_agg(p ORDER BY p) FROM activity_periods(v, 'month') p WHERE p BETWEEN '2023-01-01' AND '2024-12-31'))::text,
    'features', (f.features)::text,
    'feature_events', (f.events)::text,
    'feature_quantity', (f.quantity)::text,
    'feature_days', (f.active_days)::text,
    'feature_first', (f.first_seen)::text,
    'feature_last', (f.last_seen)::text))
FROM usage_values
CROSS JOIN LATERAL (
  SELECT array_agg(feature ORDER BY feature) AS features, array_agg(events ORDER BY feature) AS events,
         array_agg(quantity ORDER BY feature) AS quantity, array_agg(active_days ORDER BY feature) AS active_days,
         array_agg(first_seen ORDER BY feature) AS first_seen, array_agg(last_seen ORDER BY feature) AS last_seen
  FROM feature_usage(v)) f ORDER BY label;
SELECT json_build_object('type', 'rfm_summary', 'label', label,
  'hex', encode(v::bytea, 'hex'), 'text', v::text,
  'text_round_trip', v::text::rfm_summary::text = v::text, 'bytes_round_trip', v::text::rfm_summary::bytea = v::bytea,
  'accessors', json_build_object(
    'purchase_count', (purchase_count(v))::text,
    'purchase_days', (purchase_days(v))::text,
    'monetary_total', (monetary_total(v))::text,
    'monetary_mean', (monetary_mean(v))::text,
    'first_purchase', (first_purchase(v))::text,
    'last_purchase', (last_purchase(v))::text,
    'recency', (recency_days(v, '2024-03-31'))::text,
    'count_feb15', (purchase_count(v, '2024-02-15'))::text,
    'days_feb15', (purchase_days(v, '2024-02-15'))::text,
    'total_feb15', (monetary_total(v, '2024-02-15'))::text,
    'mean_feb15', (monetary_mean(v, '2024-02-15'))::text,
    'x_day', (btyd_frequency(v, '2024-03-31'))::text,
    't_x_day', (btyd_recency(v, '2024-03-31'))::text,
    'age_day', (btyd_age(v, '2024-03-31'))::text,
    'monetary_day', (btyd_monetary(v, '2024-03-31'))::text,
    'x_week', (btyd_frequency(v, '2024-03-31', 'week'))::text,
    't_x_week', (btyd_recency(v, '2024-03-31', 'week'))::text,
    'age_week', (btyd_age(v, '2024-03-31', 'week'))::text,
    'monetary_week', (btyd_monetary(v, '2024-03-31', 'week'))::text,
    'x_month', (btyd_frequency(v, '2024-03-31', 'month'))::text,
    'monetary_month', (btyd_monetary(v, '2024-03-31', 'month'))::text,
    'buyer_type', (buyer_type(v, '2024-03-31'))::text))
FROM rfm_values ORDER BY label;
SELECT json_build_object('type', 'nps_summary', 'label', label,
  'hex', encode(v::bytea, 'hex'), 'text', v::text,
  'text_round_trip', v::text::nps_summary::text = v::text, 'bytes_round_trip', v::text::nps_summary::bytea = v::bytea,
  'accessors', json_build_object(
    'promoters', (promoters(v))::text,
    'passives', (passives(v))::text,
    'detractors', (detractors(v))::text,
    'responses', (responses(v))::text,
    'nps', (nps(v))::text,
    'margin_95', (nps_margin(v))::text,
    'margin_90', (nps_margin(v, 0.9))::text))
FROM nps_values ORDER BY label;
SELECT json_build_object('type', 'mrr_history', 'label', label,
  'hex', encode(v::bytea, 'hex'), 'text', v::text,
  'text_round_trip', v::text::mrr_history::text = v::text, 'bytes_round_trip', v::text::mrr_history::bytea = v::bytea,
  'accessors', json_build_object(
    'mrr_2023_09', (mrr_at(v, '2023-09-01')::text)::text,
    'mrr_2024_01', (mrr_at(v, '2024-01-15')::text)::text,
    'mrr_2024_03', (mrr_at(v, '2024-03-31')::text)::text,
    'mrr_2024_06', (mrr_at(v, '2024-06-01')::text)::text,
    'movement_months', (mv.months)::text,
    'movement_mrr', (mv.mrr)::text,
    'movement_change', (mv.change)::text,
    'movement_category', (mv.category)::text,
    'cash_months', (c.months)::text,
    'cash', (c.cash)::text))
FROM mrr_values
CROSS JOIN LATERAL (
  SELECT array_agg(month ORDER BY month) AS months, array_agg(mrr::text ORDER BY month) AS mrr,
         array_agg(change::text ORDER BY month) AS change, array_agg(category ORDER BY month) AS category
  FROM mrr_movements(v, '2024-12-31') WHERE month >= '2022-01-01') mv
CROSS JOIN LATERAL (
  SELECT array_agg(month ORDER BY month) AS months, array_agg(cash_collected::text ORDER BY month) AS cash
  FROM saas_metrics((SELECT saas_agg(h) FROM (VALUES (v)) one(h)), '2024-12-31') WHERE month >= '2022-01-01') c ORDER BY label;
SELECT json_build_object('type', 'saas_summary', 'label', label,
  'hex', encode(v::bytea, 'hex'), 'text', v::text,
  'text_round_trip', v::text::saas_summary::text = v::text, 'bytes_round_trip', v::text::saas_summary::bytea = v::bytea,
  'accessors', json_build_object(
    'months', (m.months)::text,
    'mrr', (m.mrr)::text,
    'customers', (m.customers)::text,
    'new_mrr', (m.new_mrr)::text,
    'expansion_mrr', (m.expansion_mrr)::text,
    'contraction_mrr', (m.contraction_mrr)::text,
    'churned_mrr', (m.churned_mrr)::text,
    'reactivation_mrr', (m.reactivation_mrr)::text,
    'churned_customers', (m.churned_customers)::text,
    'nrr', (m.nrr)::text,
    'logo_churn', (m.logo_churn)::text,
    'quick_ratio', (m.quick_ratio)::text,
    'arpa', (m.arpa)::text,
    'cash', (m.cash)::text))
FROM saas_values
CROSS JOIN LATERAL (
  SELECT array_agg(month ORDER BY month) AS months,
         array_agg(mrr::text ORDER BY month) AS mrr,
         array_agg(customers ORDER BY month) AS customers,
         array_agg(new_mrr::text ORDER BY month) AS new_mrr,
         array_agg(expansion_mrr::text ORDER BY month) AS expansion_mrr,
         array_agg(contraction_mrr::text ORDER BY month) AS contraction_mrr,
         array_agg(churned_mrr::text ORDER BY month) AS churned_mrr,
         array_agg(reactivation_mrr::text ORDER BY month) AS reactivation_mrr,
         array_agg(churned_customers ORDER BY month) AS churned_customers,
         array_agg(nrr ORDER BY month) AS nrr,
         array_agg(logo_churn_rate ORDER BY month) AS logo_churn,
         array_agg(quick_ratio ORDER BY month) AS quick_ratio,
         array_agg(arpa::text ORDER BY month) AS arpa,
         array_agg(cash_collected::text ORDER BY month) AS cash
  FROM saas_metrics(v, '2024-12-31') WHERE month >= '2022-01-01') m ORDER BY label;
SELECT json_build_object('type', 'bgnbd_model', 'label', label,
  'hex', encode(v::bytea, 'hex'), 'text', v::text,
  'text_round_trip', v::text::bgnbd_model::text = v::text, 'bytes_round_trip', v::text::bgnbd_model::bytea = v::bytea,
  'accessors', json_build_object(
    'p_alive', (p_alive(v, 2, 30.43, 38.86))::text,
    'p_alive_x10', (p_alive(v, 10, 35, 38.86))::text,
    'e39', (expected_purchases(v, 39, 2, 30.43, 38.86))::text,
    'e39_new', (expected_purchases(v, 39))::text))
FROM bgnbd_values ORDER BY label;
SELECT json_build_object('type', 'pareto_nbd_model', 'label', label,
  'hex', encode(v::bytea, 'hex'), 'text', v::text,
  'text_round_trip', v::text::pareto_nbd_model::text = v::text, 'bytes_round_trip', v::text::pareto_nbd_model::bytea = v::bytea,
  'accessors', json_build_object(
    'p_alive', (p_alive(v, 2, 30.43, 38.86))::text,
    'p_alive_x10', (p_alive(v, 10, 35, 38.86))::text,
    'e39', (expected_purchases(v, 39, 2, 30.43, 38.86))::text,
    'e39_new', (expected_purchases(v, 39))::text))
FROM pareto_nbd_values ORDER BY label;
SELECT json_build_object('type', 'gamma_gamma_model', 'label', label,
  'hex', encode(v::bytea, 'hex'), 'text', v::text,
  'text_round_trip', v::text::gamma_gamma_model::text = v::text, 'bytes_round_trip', v::text::gamma_gamma_model::bytea = v::bytea,
  'accessors', json_build_object(
    'spend', (expected_spend(v, 2, 22.35))::text,
    'spend_new', (expected_spend(v, 0, 1))::text,
    'spend_x10', (expected_spend(v, 10, 50))::text))
FROM gamma_gamma_values ORDER BY label;
\pset tuples_only off
\pset format aligned
DROP SCHEMA gen_0_1_0 CASCADE;
DROP CAST (usage_summary AS bytea);
DROP CAST (rfm_summary AS bytea);
DROP CAST (nps_summary AS bytea);
DROP CAST (mrr_history AS bytea);
DROP CAST (saas_summary AS bytea);
DROP CAST (bgnbd_model AS bytea);
DROP CAST (pareto_nbd_model AS bytea);
DROP CAST (gamma_gamma_model AS bytea);
