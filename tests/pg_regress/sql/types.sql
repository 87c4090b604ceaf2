-- Types that tools read: JSON casts, model accessors, = / <> with a hash opclass,
-- and binary send/receive, for every type of the extension.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
SET extra_float_digits = 0;

-- One value of each type, each from its documented text form or aggregate.
CREATE TABLE vals (id int, usage usage_summary, rfm rfm_summary, nps nps_summary,
                   mrr mrr_history, saas saas_summary, pp purchase_points, sp spend_points,
                   bg bgnbd_model, pn pareto_nbd_model, gg gamma_gamma_model);
INSERT INTO vals
SELECT 1,
       '{"version":1,"events":3,"quantity":[1e-20,2.5],"days":["2024-01-01/2024-01-02","2024-01-05"],"features":{"export":{"events":1,"quantity":1.0,"days":["2024-01-05"]}}}',
       (SELECT rfm_agg(d, a) FROM (VALUES ('2024-01-01'::date, 10.5::float8), ('2024-01-01', 1e-20), ('2024-01-03', 3)) v(d, a)),
       '{"version":1,"scores":[1,0,0,0,0,0,0,2,0,3,1]}',
       '{"version":1,"scale":2,"mrr":[["2024-01-01","49.00"],["2024-04-01","0.00"]],"cash":[["2024-01-01",1,"49.00"],["2024-04-01",1,"-49.00"]]}',
       (SELECT saas_agg(h) FROM (VALUES ('{"version":1,"scale":2,"mrr":[["2024-01-01","49.00"],["2024-04-01","0.00"]],"cash":[["2024-01-01",1,"49.00"],["2024-04-01",1,"-49.00"]]}'::mrr_history),
                                        ('{"version":1,"scale":0,"mrr":[["2024-02-01","10"]]}')) v(h)),
       '{"version":2,"points":[[0.0,0.0,30.0,2.0],[2.0,30.0,40.0,1.0]],"penalizer":0.1}',
       '{"version":2,"points":[[2.0,35.5,1.0]]}',
       '{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426}',
       '{"r":0.553,"alpha":10.578,"s":0.606,"beta":11.669}',
       '{"p":6.25,"q":3.74,"v":15.44}';

-- 1. JSON views: nested objects with named keys, exact sums as one number.
SELECT jsonb_pretty(usage::jsonb) FROM vals;
SELECT rfm::jsonb, nps::jsonb FROM vals;
SELECT mrr::jsonb FROM vals;
SELECT jsonb_pretty(saas::jsonb) FROM vals;
SELECT pp::jsonb, sp::jsonb FROM vals;
SELECT bg::jsonb, pn::jsonb, gg::jsonb FROM vals;
-- to_json and row_to_json use the cast to json: objects, not strings.
SELECT json_typeof(to_json(nps)) AS to_json, json_typeof(to_jsonb(mrr)::json) AS to_jsonb,
       json_typeof(row_to_json(v) -> 'usage') AS row_to_json FROM vals v;
SELECT row_to_json(t) FROM (SELECT id, nps, gg FROM vals) t;
SELECT (usage::jsonb ->> 'active_days')::int AS active_days, active_days(usage),
       (usage::jsonb -> 'features' -> 'export' ->> 'events')::int AS export_events,
       (rfm::jsonb #>> '{days,0,amount}')::float8 AS first_day_amount,
       (nps::jsonb ->> 'promoters')::int AS promoters, (nps::jsonb #>> '{scores,9,count}')::int AS nines
FROM vals;
-- The json and jsonb casts agree for every type.
SELECT count(*) AS types, bool_and(j::jsonb = b) AS json_equals_jsonb
FROM vals v, LATERAL (VALUES (v.usage::json, v.usage::jsonb), (v.rfm::json, v.rfm::jsonb), (v.nps::json, v.nps::jsonb),
                             (v.mrr::json, v.mrr::jsonb), (v.saas::json, v.saas::jsonb), (v.pp::json, v.pp::jsonb),
                             (v.sp::json, v.sp::jsonb), (v.bg::json, v.bg::jsonb), (v.pn::json, v.pn::jsonb),
                             (v.gg::json, v.gg::jsonb)) c(j, b);

-- 2. Model accessors.
SELECT model_param(bg, 'r') AS r, model_param(bg, 'alpha') AS alpha, model_param(bg, 'a') AS a, model_param(bg, 'B') AS b,
       model_param(pn, 's') AS s, model_param(pn, ' beta ') AS beta, model_param(gg, 'v') AS v,
       log_likelihood(bg), converged(bg), fitted_customers(bg)
FROM vals;
SELECT model_param(bg, 's') FROM vals;
SELECT model_param(gg, 'alpha') FROM vals;
-- On a fit, the accessors read what the text form records.
CREATE TABLE fit AS
SELECT bgnbd_fit(x, t_x, t) AS bg, pareto_nbd_fit(x, t_x, t) AS pn, gamma_gamma_fit(x, m) AS gg
FROM (VALUES (0, 0, 38), (1, 20, 38), (2, 30, 38), (4, 35, 39), (0, 0, 39), (3, 10, 39), (1, 5, 37), (6, 36, 38)) c(x, t_x, t),
     LATERAL (SELECT 10.0 + x * 2.5 AS m) s;
SELECT log_likelihood(bg) = (bg::text::jsonb ->> 'log_likelihood')::float8 AS bg_ll,
       log_likelihood(pn) = (pn::text::jsonb ->> 'log_likelihood')::float8 AS pn_ll,
       log_likelihood(gg) = (gg::text::jsonb ->> 'log_likelihood')::float8 AS gg_ll,
       converged(bg) = (bg::text::jsonb ->> 'converged')::bool AND converged(pn) = (pn::text::jsonb ->> 'converged')::bool
         AND converged(gg) = (gg::text::jsonb ->> 'converged')::bool AS converged_as_stored,
       fitted_customers(bg) AS bg_n, fitted_customers(pn) AS pn_n, fitted_customers(gg) AS gg_n,
       model_param(bg, 'alpha') = (bg::text::jsonb ->> 'alpha')::float8 AS bg_alpha,
       model_param(pn, 'beta') = (pn::text::jsonb ->> 'beta')::float8 AS pn_beta,
       model_param(gg, 'q') = (gg::text::jsonb ->> 'q')::float8 AS gg_q
FROM fit;

-- 3. Equality is value equality: the same value built two ways is equal even
-- when the stored forms differ (points keep their insertion order).
CREATE TABLE pts AS
SELECT (SELECT purchase_points(x, t_x, t) FROM (VALUES (1, 5, 30), (0, 0, 30), (1, 5, 30)) v(x, t_x, t)) AS a,
       (SELECT purchase_points(x, t_x, t) FROM (VALUES (0, 0, 30), (1, 5, 30), (1, 5, 30)) v(x, t_x, t)) AS b;
SELECT a = b AS equal, a <> b AS not_equal, a::text = b::text AS same_text,
       purchase_points_send(a) = purchase_points_send(b) AS same_stored_form,
       purchase_points_hash(a) = purchase_points_hash(b) AS same_hash
FROM pts;
-- Summaries merged in another order are equal; a different value is not.
SELECT (SELECT rollup(u) FROM (VALUES (1, '{"version":1,"events":1,"quantity":2.5,"days":["2024-01-01"]}'::usage_summary),
                                      (2, '{"version":1,"events":2,"quantity":0.1,"days":["2024-01-03"]}')) v(i, u))
     = (SELECT rollup(u ORDER BY i DESC) FROM (VALUES (1, '{"version":1,"events":1,"quantity":2.5,"days":["2024-01-01"]}'::usage_summary),
                                      (2, '{"version":1,"events":2,"quantity":0.1,"days":["2024-01-03"]}')) v(i, u)) AS merge_order_equal,
       '{"version":1,"scores":[1,0,0,0,0,0,0,0,0,0,0]}'::nps_summary = '{"version":1,"scores":[0,1,0,0,0,0,0,0,0,0,0]}' AS different_nps,
       '{"version":1,"scores":[1,0,0,0,0,0,0,0,0,0,0]}'::nps_summary <> '{"version":1,"scores":[0,1,0,0,0,0,0,0,0,0,0]}' AS nps_differ;
-- Every type: = and <> on itself and on another value, DISTINCT, UNION, GROUP BY, hash join.
INSERT INTO vals
SELECT 2, usage, rfm, nps, mrr, saas, pp, sp, bg, pn, gg FROM vals WHERE id = 1
UNION ALL
SELECT 3, '{"version":1,"events":1,"quantity":1,"days":["2024-02-01"]}', '{"version":1,"days":[["2024-02-01",1,5.0]]}',
       '{"version":1,"scores":[0,0,0,0,0,0,0,0,0,0,1]}', '{"version":1,"scale":0,"mrr":[["2024-02-01","10"]]}',
       (SELECT saas_agg('{"version":1,"scale":0,"mrr":[["2024-02-01","10"]]}'::mrr_history)),
       '{"version":2,"points":[[1.0,1.0,2.0,1.0]]}', '{"version":2,"points":[[1.0,5.0,1.0]]}',
       '{"r":1,"alpha":1,"a":1,"b":1}', '{"r":1,"alpha":1,"s":1,"beta":1}', '{"p":1,"q":2,"v":1}';
SELECT a.id, b.id,
       a.usage = b.usage AS usage, a.rfm = b.rfm AS rfm, a.nps = b.nps AS nps, a.mrr = b.mrr AS mrr, a.saas = b.saas AS saas,
       a.pp = b.pp AS pp, a.sp = b.sp AS sp, a.bg = b.bg AS bg, a.pn = b.pn AS pn, a.gg = b.gg AS gg,
       a.usage <> b.usage AND a.rfm <> b.rfm AND a.nps <> b.nps AND a.mrr <> b.mrr AND a.saas <> b.saas AND a.pp <> b.pp
         AND a.sp <> b.sp AND a.bg <> b.bg AND a.pn <> b.pn AND a.gg <> b.gg AS all_differ
FROM vals a, vals b WHERE a.id < b.id ORDER BY 1, 2;
SELECT (SELECT count(*) FROM (SELECT DISTINCT usage FROM vals) d) AS usage,
       (SELECT count(*) FROM (SELECT rfm FROM vals UNION SELECT rfm FROM vals) u) AS rfm,
       (SELECT count(*) FROM (SELECT nps FROM vals GROUP BY nps) g) AS nps,
       (SELECT count(*) FROM (SELECT DISTINCT mrr FROM vals) d) AS mrr,
       (SELECT count(*) FROM (SELECT saas FROM vals UNION SELECT saas FROM vals) u) AS saas,
       (SELECT count(*) FROM (SELECT pp FROM vals GROUP BY pp) g) AS pp,
       (SELECT count(*) FROM (SELECT DISTINCT sp FROM vals) d) AS sp,
       (SELECT count(*) FROM (SELECT bg FROM vals UNION SELECT bg FROM vals) u) AS bg,
       (SELECT count(*) FROM (SELECT pn FROM vals GROUP BY pn) g) AS pn,
       (SELECT count(*) FROM (SELECT DISTINCT gg FROM vals) d) AS gg;
SELECT nps::text, count(*) FROM vals GROUP BY nps ORDER BY 2, 1;
SET enable_mergejoin = off; SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM vals a JOIN vals b ON a.usage = b.usage;
SELECT count(*) AS pairs FROM vals a JOIN vals b ON a.usage = b.usage;
RESET enable_mergejoin; RESET enable_nestloop;
-- There is no order on summaries: count(DISTINCT x) needs one, so count the text
-- form (or count the rows of SELECT DISTINCT).
SELECT count(DISTINCT usage) FROM vals;
SELECT count(DISTINCT usage::text) AS distinct_usage FROM vals;
-- A hash index works; the hash agrees with =.
CREATE INDEX ON vals USING hash (saas);
SELECT count(*) AS hash_mismatches
FROM vals a, vals b
WHERE (a.usage = b.usage) <> (usage_summary_hash(a.usage) = usage_summary_hash(b.usage))
   OR (a.rfm = b.rfm) <> (rfm_summary_hash(a.rfm) = rfm_summary_hash(b.rfm))
   OR (a.pp = b.pp) <> (purchase_points_hash(a.pp) = purchase_points_hash(b.pp))
   OR (a.gg = b.gg) <> (gamma_gamma_model_hash(a.gg) = gamma_gamma_model_hash(b.gg));

-- 4. Binary send/receive: COPY (FORMAT binary) round trips every type.
\copy vals TO '/tmp/pg_usage_types_copy.bin' WITH (FORMAT binary)
CREATE TABLE vals_back (LIKE vals);
\copy vals_back FROM '/tmp/pg_usage_types_copy.bin' WITH (FORMAT binary)
SELECT count(*) AS rows_back,
       bool_and(a.usage = b.usage AND a.rfm = b.rfm AND a.nps = b.nps AND a.mrr = b.mrr AND a.saas = b.saas AND a.pp = b.pp
                AND a.sp = b.sp AND a.bg = b.bg AND a.pn = b.pn AND a.gg = b.gg) AS all_equal,
       bool_and(a.usage::text = b.usage::text AND a.pp::text = b.pp::text AND a.bg::text = b.bg::text) AS same_text
FROM vals a JOIN vals_back b USING (id);
-- The binary form is the versioned stored form: version byte 1 (points: 2) first.
SELECT get_byte(usage_summary_send(usage), 0) AS usage, get_byte(purchase_points_send(pp), 0) AS points,
       get_byte(bgnbd_model_send(bg), 0) AS bgnbd, length(nps_summary_send(nps)) AS nps_bytes
FROM vals WHERE id = 1;
-- Hostile bytes are checked as stored values are: a clean ERROR, no crash.
CREATE TABLE raw (b bytea);
INSERT INTO raw VALUES ('\x63'::bytea);
\copy raw TO '/tmp/pg_usage_types_raw.bin' WITH (FORMAT binary)
CREATE TABLE one_nps (v nps_summary);
\copy one_nps FROM '/tmp/pg_usage_types_raw.bin' WITH (FORMAT binary)
TRUNCATE raw; INSERT INTO raw VALUES ('\x01ffffffffffffffffffff'::bytea);
\copy raw TO '/tmp/pg_usage_types_raw.bin' WITH (FORMAT binary)
CREATE TABLE one_usage (v usage_summary);
\copy one_usage FROM '/tmp/pg_usage_types_raw.bin' WITH (FORMAT binary)
TRUNCATE raw; INSERT INTO raw SELECT nps_summary_send(nps) || '\x00'::bytea FROM vals WHERE id = 1;
\copy raw TO '/tmp/pg_usage_types_raw.bin' WITH (FORMAT binary)
\copy one_nps FROM '/tmp/pg_usage_types_raw.bin' WITH (FORMAT binary)
TRUNCATE raw; INSERT INTO raw SELECT substring(bgnbd_model_send(bg) FROM 1 FOR 20) FROM vals WHERE id = 1;
\copy raw TO '/tmp/pg_usage_types_raw.bin' WITH (FORMAT binary)
CREATE TABLE one_model (v bgnbd_model);
\copy one_model FROM '/tmp/pg_usage_types_raw.bin' WITH (FORMAT binary)
SELECT (SELECT count(*) FROM one_nps) + (SELECT count(*) FROM one_usage) + (SELECT count(*) FROM one_model) AS rows_loaded;
\! rm -f /tmp/pg_usage_types_copy.bin /tmp/pg_usage_types_raw.bin

-- The wiring covers every type but time_zone (text underneath).
SELECT t.typname, t.typsend::regproc AS send, t.typreceive::regproc AS receive,
       (SELECT count(*) FROM pg_cast c WHERE c.castsource = t.oid AND c.casttarget IN ('json'::regtype, 'jsonb'::regtype)) AS json_casts,
       (SELECT string_agg(o.oprname, ' ' ORDER BY o.oprname) FROM pg_operator o WHERE o.oprleft = t.oid AND o.oprright = t.oid) AS operators,
       (SELECT string_agg(am.amname, ' ') FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod
         WHERE oc.opcintype = t.oid AND oc.opcdefault) AS opclasses
FROM pg_type t
JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_usage'
ORDER BY t.typname;
