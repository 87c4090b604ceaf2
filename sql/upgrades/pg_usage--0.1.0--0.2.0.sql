-- pg_usage 0.1.0 -> 0.2.0: drafted by scripts/draft_upgrade.sh from the two install
-- scripts and reviewed; tests/upgrade/run.sh proves it yields a fresh 0.2.0 catalog.
\echo Use "ALTER EXTENSION pg_usage UPDATE" to load this file. \quit
CREATE FUNCTION "bgnbd_model_hash"( "value" bgnbd_model ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_hash_wrapper';
CREATE FUNCTION "bgnbd_model_ne"( "left" bgnbd_model, "right" bgnbd_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_ne_wrapper';
CREATE FUNCTION "bgnbd_model_eq"( "left" bgnbd_model, "right" bgnbd_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_eq_wrapper';
CREATE FUNCTION "bgnbd_model_recv"( "buffer" internal ) RETURNS bgnbd_model IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_recv_wrapper';
CREATE FUNCTION "bgnbd_model_send"( "value" bgnbd_model ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_send_wrapper';
CREATE FUNCTION "converged"( "model" bgnbd_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_converged_wrapper';
CREATE FUNCTION "fitted_customers"( "model" bgnbd_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_fitted_customers_wrapper';
CREATE FUNCTION "gamma_gamma_model_ne"( "left" gamma_gamma_model, "right" gamma_gamma_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_ne_wrapper';
CREATE FUNCTION "gamma_gamma_model_eq"( "left" gamma_gamma_model, "right" gamma_gamma_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_eq_wrapper';
CREATE FUNCTION "fitted_customers"( "model" gamma_gamma_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_fitted_customers_wrapper';
CREATE FUNCTION "gamma_gamma_model_hash"( "value" gamma_gamma_model ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_hash_wrapper';
CREATE FUNCTION "converged"( "model" gamma_gamma_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_converged_wrapper';
CREATE FUNCTION "gamma_gamma_model_recv"( "buffer" internal ) RETURNS gamma_gamma_model IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_recv_wrapper';
CREATE FUNCTION "gamma_gamma_model_send"( "value" gamma_gamma_model ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_send_wrapper';
CREATE FUNCTION "json"( "value" bgnbd_model ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_json_wrapper';
CREATE FUNCTION "json"( "value" gamma_gamma_model ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_json_wrapper';
CREATE FUNCTION "jsonb"( "value" bgnbd_model ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_jsonb_wrapper';
CREATE FUNCTION "jsonb"( "value" gamma_gamma_model ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_jsonb_wrapper';
CREATE FUNCTION "log_likelihood"( "model" bgnbd_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_log_likelihood_wrapper';
CREATE FUNCTION "log_likelihood"( "model" gamma_gamma_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_log_likelihood_wrapper';
CREATE FUNCTION "model_param"( "model" bgnbd_model, "name" TEXT ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_param_wrapper';
CREATE FUNCTION "model_param"( "model" gamma_gamma_model, "name" TEXT ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_param_wrapper';
CREATE FUNCTION "mrr_history_eq"( "left" mrr_history, "right" mrr_history ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_history_eq_wrapper';
CREATE FUNCTION "jsonb"( "value" mrr_history ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_history_jsonb_wrapper';
CREATE FUNCTION "json"( "value" mrr_history ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_history_json_wrapper';
CREATE FUNCTION "mrr_history_hash"( "value" mrr_history ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_history_hash_wrapper';
CREATE FUNCTION "mrr_history_ne"( "left" mrr_history, "right" mrr_history ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_history_ne_wrapper';
CREATE FUNCTION "mrr_history_recv"( "buffer" internal ) RETURNS mrr_history IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_history_recv_wrapper';
CREATE FUNCTION "mrr_history_send"( "value" mrr_history ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_history_send_wrapper';
CREATE FUNCTION "nps_summary_ne"( "left" nps_summary, "right" nps_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_summary_ne_wrapper';
CREATE FUNCTION "nps_summary_eq"( "left" nps_summary, "right" nps_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_summary_eq_wrapper';
CREATE FUNCTION "json"( "value" nps_summary ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_summary_json_wrapper';
CREATE FUNCTION "jsonb"( "value" nps_summary ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_summary_jsonb_wrapper';
CREATE FUNCTION "nps_summary_hash"( "value" nps_summary ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_summary_hash_wrapper';
CREATE FUNCTION "nps_summary_recv"( "buffer" internal ) RETURNS nps_summary IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_summary_recv_wrapper';
CREATE FUNCTION "nps_summary_send"( "value" nps_summary ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_summary_send_wrapper';
CREATE FUNCTION "nps_trans"( "state" internal, "score" bigint ) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_trans_bigint_wrapper';
CREATE FUNCTION "nps_trans"( "state" internal, "score" smallint ) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_trans_smallint_wrapper';
CREATE FUNCTION "pareto_nbd_model_eq"( "left" pareto_nbd_model, "right" pareto_nbd_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_eq_wrapper';
CREATE FUNCTION "jsonb"( "value" pareto_nbd_model ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_jsonb_wrapper';
CREATE FUNCTION "log_likelihood"( "model" pareto_nbd_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_log_likelihood_wrapper';
CREATE FUNCTION "pareto_nbd_model_hash"( "value" pareto_nbd_model ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_hash_wrapper';
CREATE FUNCTION "converged"( "model" pareto_nbd_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_converged_wrapper';
CREATE FUNCTION "fitted_customers"( "model" pareto_nbd_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_fitted_customers_wrapper';
CREATE FUNCTION "pareto_nbd_model_ne"( "left" pareto_nbd_model, "right" pareto_nbd_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_ne_wrapper';
CREATE FUNCTION "json"( "value" pareto_nbd_model ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_json_wrapper';
CREATE FUNCTION "model_param"( "model" pareto_nbd_model, "name" TEXT ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_param_wrapper';
CREATE FUNCTION "pareto_nbd_model_recv"( "buffer" internal ) RETURNS pareto_nbd_model IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_recv_wrapper';
CREATE FUNCTION "pareto_nbd_model_send"( "value" pareto_nbd_model ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_send_wrapper';
CREATE TYPE purchase_points;
CREATE FUNCTION "purchase_points_in"( "input" cstring ) RETURNS purchase_points IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_in_wrapper';
CREATE FUNCTION "purchase_points_out"( "input" purchase_points ) RETURNS cstring IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_out_wrapper';
CREATE TYPE purchase_points ( INTERNALLENGTH = variable, INPUT = purchase_points_in, OUTPUT = purchase_points_out, STORAGE = extended );
CREATE FUNCTION "distinct_points"( "points" purchase_points ) RETURNS bigint IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_distinct_points_wrapper';
CREATE FUNCTION "customer_count"( "points" purchase_points ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_customer_count_wrapper';
CREATE FUNCTION "jsonb"( "value" purchase_points ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_jsonb_wrapper';
CREATE FUNCTION "json"( "value" purchase_points ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_json_wrapper';
CREATE FUNCTION "bgnbd_fit"( "points" purchase_points, "penalizer" double precision DEFAULT NULL ) RETURNS bgnbd_model IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_fit_points_wrapper';
CREATE FUNCTION "purchase_points_hash"( "value" purchase_points ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_hash_wrapper';
CREATE FUNCTION "purchase_points_ne"( "left" purchase_points, "right" purchase_points ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_ne_wrapper';
CREATE FUNCTION "purchase_points_eq"( "left" purchase_points, "right" purchase_points ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_eq_wrapper';
CREATE FUNCTION "pareto_nbd_fit"( "points" purchase_points, "penalizer" double precision DEFAULT NULL ) RETURNS pareto_nbd_model IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_fit_points_wrapper';
CREATE FUNCTION "purchase_points_recv"( "buffer" internal ) RETURNS purchase_points IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_recv_wrapper';
CREATE FUNCTION "purchase_points_send"( "value" purchase_points ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_send_wrapper';
CREATE FUNCTION "jsonb"( "value" rfm_summary ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_summary_jsonb_wrapper';
CREATE FUNCTION "rfm_summary_eq"( "left" rfm_summary, "right" rfm_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_summary_eq_wrapper';
CREATE FUNCTION "rfm_summary_ne"( "left" rfm_summary, "right" rfm_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_summary_ne_wrapper';
CREATE FUNCTION "json"( "value" rfm_summary ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_summary_json_wrapper';
CREATE FUNCTION "rfm_summary_hash"( "value" rfm_summary ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_summary_hash_wrapper';
CREATE FUNCTION "rfm_summary_recv"( "buffer" internal ) RETURNS rfm_summary IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_summary_recv_wrapper';
CREATE FUNCTION "rfm_summary_send"( "value" rfm_summary ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_summary_send_wrapper';
CREATE FUNCTION "saas_summary_hash"( "value" saas_summary ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'saas_summary_hash_wrapper';
CREATE FUNCTION "saas_summary_ne"( "left" saas_summary, "right" saas_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'saas_summary_ne_wrapper';
CREATE FUNCTION "json"( "value" saas_summary ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'saas_summary_json_wrapper';
CREATE FUNCTION "jsonb"( "value" saas_summary ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'saas_summary_jsonb_wrapper';
CREATE FUNCTION "saas_summary_eq"( "left" saas_summary, "right" saas_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'saas_summary_eq_wrapper';
CREATE FUNCTION "saas_summary_recv"( "buffer" internal ) RETURNS saas_summary IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'saas_summary_recv_wrapper';
CREATE FUNCTION "saas_summary_send"( "value" saas_summary ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'saas_summary_send_wrapper';
CREATE FUNCTION mrr_trans(internal, date, date, float8) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_trans_float8';
CREATE FUNCTION mrr_trans(internal, date, date, float8, integer) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_trans_float8';
CREATE AGGREGATE mrr_agg("start" date, "end" date, monthly_amount float8) ( sfunc = mrr_trans, stype = internal, sspace = 600, finalfunc = mrr_final, combinefunc = mrr_combine, serialfunc = mrr_serialize, deserialfunc = mrr_deserialize, parallel = safe );
CREATE AGGREGATE mrr_agg("start" date, "end" date, monthly_amount float8, billing_months integer) ( sfunc = mrr_trans, stype = internal, sspace = 600, finalfunc = mrr_final, combinefunc = mrr_combine, serialfunc = mrr_serialize, deserialfunc = mrr_deserialize, parallel = safe );
COMMENT ON AGGREGATE mrr_agg(date, date, float8) IS 'mrr_agg for float8 amounts: each amount becomes numeric as float8::numeric makes it (15 significant digits); NaN and infinite amounts are errors, as in a numeric column.';
COMMENT ON AGGREGATE mrr_agg(date, date, float8, integer) IS 'mrr_agg with billing_months for float8 amounts (converted as float8::numeric does).';
CREATE TYPE spend_points;
CREATE FUNCTION "spend_points_in"( "input" cstring ) RETURNS spend_points IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_in_wrapper';
CREATE FUNCTION "spend_points_out"( "input" spend_points ) RETURNS cstring IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_out_wrapper';
CREATE TYPE spend_points ( INTERNALLENGTH = variable, INPUT = spend_points_in, OUTPUT = spend_points_out, STORAGE = extended );
CREATE FUNCTION purchase_points_trans(purchase_points, float8, float8, float8) RETURNS purchase_points IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_trans';
CREATE FUNCTION purchase_points_trans(purchase_points, float8, float8, float8, float8) RETURNS purchase_points IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_trans';
CREATE FUNCTION purchase_points_merge(purchase_points, purchase_points) RETURNS purchase_points IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_merge';
CREATE FUNCTION spend_points_trans(spend_points, float8, float8) RETURNS spend_points IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_trans';
CREATE FUNCTION spend_points_trans(spend_points, float8, float8, float8) RETURNS spend_points IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_trans';
CREATE FUNCTION spend_points_merge(spend_points, spend_points) RETURNS spend_points IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_merge';
CREATE AGGREGATE purchase_points(x float8, t_x float8, age float8) ( sfunc = purchase_points_trans, stype = purchase_points, combinefunc = purchase_points_merge, parallel = safe );
CREATE AGGREGATE purchase_points(x float8, t_x float8, age float8, weight float8) ( sfunc = purchase_points_trans, stype = purchase_points, combinefunc = purchase_points_merge, parallel = safe );
CREATE AGGREGATE rollup(purchase_points) ( sfunc = purchase_points_merge, stype = purchase_points, combinefunc = purchase_points_merge, parallel = safe );
CREATE AGGREGATE spend_points(x float8, monetary float8) ( sfunc = spend_points_trans, stype = spend_points, combinefunc = spend_points_merge, parallel = safe );
CREATE AGGREGATE spend_points(x float8, monetary float8, weight float8) ( sfunc = spend_points_trans, stype = spend_points, combinefunc = spend_points_merge, parallel = safe );
CREATE AGGREGATE rollup(spend_points) ( sfunc = spend_points_merge, stype = spend_points, combinefunc = spend_points_merge, parallel = safe );
COMMENT ON TYPE purchase_points IS 'The distinct (x, t_x, T) points of a set of customers with their counts: the input of bgnbd_fit and pareto_nbd_fit, compressed. Built by purchase_points, merged by rollup (shards into a cluster); text form is JSON that round-trips exactly.';
COMMENT ON TYPE spend_points IS 'The distinct (x, monetary) points of the repeat customers of a set with their counts: the input of gamma_gamma_fit, compressed. Built by spend_points, merged by rollup; text form is JSON that round-trips exactly.';
COMMENT ON AGGREGATE purchase_points(float8, float8, float8) IS 'Compresses customers (x repeat purchases, t_x time of the last, T age) into their distinct points with counts; rows are checked as bgnbd_fit checks them and rows with a NULL are skipped.';
COMMENT ON AGGREGATE purchase_points(float8, float8, float8, float8) IS 'purchase_points with a weight per row (the number of customers it stands for).';
COMMENT ON AGGREGATE rollup(purchase_points) IS 'Merges purchase_points (shards into a cluster): equal to purchase_points over all the customers.';
COMMENT ON AGGREGATE spend_points(float8, float8) IS 'Compresses the repeat customers (x > 0 repeat purchases, monetary mean spend) into their distinct points with counts; customers without repeat purchases are left out, as gamma_gamma_fit does.';
COMMENT ON AGGREGATE spend_points(float8, float8, float8) IS 'spend_points with a weight per row (the number of customers it stands for).';
COMMENT ON AGGREGATE rollup(spend_points) IS 'Merges spend_points (shards into a cluster): equal to spend_points over all the customers.';
CREATE FUNCTION "json"( "value" spend_points ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_json_wrapper';
CREATE FUNCTION "spend_points_eq"( "left" spend_points, "right" spend_points ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_eq_wrapper';
CREATE FUNCTION "spend_points_hash"( "value" spend_points ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_hash_wrapper';
CREATE FUNCTION "jsonb"( "value" spend_points ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_jsonb_wrapper';
CREATE FUNCTION "spend_points_ne"( "left" spend_points, "right" spend_points ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_ne_wrapper';
CREATE FUNCTION "gamma_gamma_fit"( "points" spend_points, "penalizer" double precision DEFAULT NULL ) RETURNS gamma_gamma_model IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_fit_points_wrapper';
CREATE FUNCTION "distinct_points"( "points" spend_points ) RETURNS bigint IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_distinct_points_wrapper';
CREATE FUNCTION "customer_count"( "points" spend_points ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_customer_count_wrapper';
CREATE FUNCTION "spend_points_recv"( "buffer" internal ) RETURNS spend_points IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_recv_wrapper';
CREATE FUNCTION "spend_points_send"( "value" spend_points ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_send_wrapper';
CREATE FUNCTION "usage_summary_hash"( "value" usage_summary ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_summary_hash_wrapper';
CREATE FUNCTION "usage_summary_eq"( "left" usage_summary, "right" usage_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_summary_eq_wrapper';
CREATE FUNCTION "json"( "value" usage_summary ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_summary_json_wrapper';
CREATE AGGREGATE nps_agg(score smallint) ( sfunc = nps_trans, stype = internal, finalfunc = nps_final, combinefunc = nps_combine, serialfunc = nps_serialize, deserialfunc = nps_deserialize, parallel = safe );
CREATE AGGREGATE nps_agg(score bigint) ( sfunc = nps_trans, stype = internal, finalfunc = nps_final, combinefunc = nps_combine, serialfunc = nps_serialize, deserialfunc = nps_deserialize, parallel = safe );
COMMENT ON AGGREGATE nps_agg(smallint) IS 'nps_agg over a smallint column.';
COMMENT ON AGGREGATE nps_agg(bigint) IS 'nps_agg over a bigint column (e.g. a count or an integer literal cast to bigint).';
CREATE FUNCTION "usage_summary_ne"( "left" usage_summary, "right" usage_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_summary_ne_wrapper';
CREATE FUNCTION "jsonb"( "value" usage_summary ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_summary_jsonb_wrapper';
CREATE FUNCTION "usage_summary_recv"( "buffer" internal ) RETURNS usage_summary IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_summary_recv_wrapper';
CREATE FUNCTION "usage_summary_send"( "value" usage_summary ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_summary_send_wrapper';
CREATE TYPE time_zone;
CREATE FUNCTION time_zone_in(cstring) RETURNS time_zone IMMUTABLE STRICT PARALLEL SAFE LANGUAGE internal AS 'textin';
CREATE FUNCTION time_zone_out(time_zone) RETURNS cstring IMMUTABLE STRICT PARALLEL SAFE LANGUAGE internal AS 'textout';
CREATE FUNCTION time_zone_recv(internal) RETURNS time_zone IMMUTABLE STRICT PARALLEL SAFE LANGUAGE internal AS 'textrecv';
CREATE FUNCTION time_zone_send(time_zone) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE internal AS 'textsend';
CREATE TYPE time_zone ( INPUT = time_zone_in, OUTPUT = time_zone_out, RECEIVE = time_zone_recv, SEND = time_zone_send, LIKE = text, COLLATABLE = false );
CREATE CAST (text AS time_zone) WITHOUT FUNCTION AS IMPLICIT;
CREATE CAST (varchar AS time_zone) WITHOUT FUNCTION AS IMPLICIT;
CREATE CAST (time_zone AS text) WITHOUT FUNCTION AS ASSIGNMENT;
COMMENT ON FUNCTION time_zone_in(cstring) IS 'Text input function of type time_zone (internal use).';
COMMENT ON FUNCTION time_zone_out(time_zone) IS 'Text output function of type time_zone (internal use).';
COMMENT ON FUNCTION time_zone_recv(internal) IS 'Binary input function of type time_zone (internal use).';
COMMENT ON FUNCTION time_zone_send(time_zone) IS 'Binary output function of type time_zone (internal use).';
COMMENT ON TYPE time_zone IS 'A time zone name as AT TIME ZONE takes it (''Europe/Paris'', ''UTC'', ''PST''), for the explicit-zone overloads of usage_agg, usage_intensity and rfm_agg; text converts to it implicitly. Not collatable, so calls with a constant zone are pushed down to postgres_fdw shards.';
CREATE FUNCTION usage_trans_zone(internal, time_zone, timestamptz) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_trans_zone';
CREATE FUNCTION usage_trans_zone(internal, time_zone, timestamptz, float8) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_trans_zone';
CREATE FUNCTION usage_trans_zone(internal, time_zone, timestamptz, float8, text) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_trans_zone';
CREATE AGGREGATE usage_agg(zone time_zone, ts timestamptz) ( sfunc = usage_trans_zone, stype = internal, finalfunc = usage_final, combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize, parallel = safe );
CREATE AGGREGATE usage_agg(zone time_zone, ts timestamptz, quantity float8) ( sfunc = usage_trans_zone, stype = internal, finalfunc = usage_final, combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize, parallel = safe );
CREATE AGGREGATE usage_agg(zone time_zone, ts timestamptz, quantity float8, feature text) ( sfunc = usage_trans_zone, stype = internal, finalfunc = usage_final, combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize, parallel = safe );
CREATE AGGREGATE usage_intensity(zone time_zone, ts timestamptz, quantity float8) ( sfunc = usage_trans_zone, stype = internal, finalfunc = usage_intensity_final, combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize, parallel = safe );
UPDATE pg_catalog.pg_proc SET provolatile = 's' WHERE oid IN ('usage_agg(timestamptz)'::regprocedure, 'usage_agg(timestamptz, float8)'::regprocedure, 'usage_agg(timestamptz, float8, text)'::regprocedure, 'usage_intensity(timestamptz, float8)'::regprocedure);
COMMENT ON AGGREGATE usage_agg(time_zone, timestamptz) IS 'Summarizes usage events (quantity 1); timestamps become calendar days in the named time zone (e.g. ''Europe/Paris'', or a column), whatever the session TimeZone: IMMUTABLE, so every server gives the same answer and shards compute it.';
COMMENT ON AGGREGATE usage_agg(time_zone, timestamptz, float8) IS 'Summarizes usage events with a quantity; timestamps become calendar days in the named time zone, whatever the session TimeZone (IMMUTABLE).';
COMMENT ON AGGREGATE usage_agg(time_zone, timestamptz, float8, text) IS 'Summarizes usage events with a quantity and a feature; timestamps become calendar days in the named time zone, whatever the session TimeZone (IMMUTABLE).';
COMMENT ON AGGREGATE usage_intensity(time_zone, timestamptz, float8) IS 'One-step usage intensity: total quantity per active day, days in the named time zone whatever the session TimeZone (IMMUTABLE).';
CREATE FUNCTION rfm_trans_zone(internal, time_zone, timestamptz, float8) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_trans_zone';
CREATE AGGREGATE rfm_agg(zone time_zone, ts timestamptz, amount float8) ( sfunc = rfm_trans_zone, stype = internal, finalfunc = rfm_final, combinefunc = rfm_combine, serialfunc = rfm_serialize, deserialfunc = rfm_deserialize, parallel = safe );
UPDATE pg_catalog.pg_proc SET provolatile = 's' WHERE oid = 'rfm_agg(timestamptz, float8)'::regprocedure;
COMMENT ON AGGREGATE rfm_agg(time_zone, timestamptz, float8) IS 'Summarizes orders into an rfm_summary; timestamps become calendar days in the named time zone whatever the session TimeZone (IMMUTABLE: pushed down to shards).';
COMMENT ON FUNCTION bgnbd_fit(purchase_points, float8) IS 'Fits BG/NBD to stored points: the same model as the bgnbd_fit aggregate over the customers they hold. A NULL penalizer keeps the stored one (none: 0).';
COMMENT ON FUNCTION pareto_nbd_fit(purchase_points, float8) IS 'Fits Pareto/NBD to stored points: the same model as the pareto_nbd_fit aggregate over the customers they hold.';
COMMENT ON FUNCTION gamma_gamma_fit(spend_points, float8) IS 'Fits Gamma-Gamma to stored points: the same model as the gamma_gamma_fit aggregate over the customers they hold.';
COMMENT ON FUNCTION distinct_points(purchase_points) IS 'Number of distinct (x, t_x, T) points.';
COMMENT ON FUNCTION distinct_points(spend_points) IS 'Number of distinct (x, monetary) points.';
COMMENT ON FUNCTION customer_count(purchase_points) IS 'Number of customers (the total weight) the points stand for.';
COMMENT ON FUNCTION customer_count(spend_points) IS 'Number of repeat customers (the total weight) the points stand for.';
COMMENT ON FUNCTION model_param(bgnbd_model, text) IS 'A BG/NBD parameter by name: r, alpha, a or b (case ignored); another name is an error listing them.';
COMMENT ON FUNCTION model_param(pareto_nbd_model, text) IS 'A Pareto/NBD parameter by name: r, alpha, s or beta (case ignored); another name is an error listing them.';
COMMENT ON FUNCTION model_param(gamma_gamma_model, text) IS 'A Gamma-Gamma parameter by name: p, q or v (case ignored); another name is an error listing them.';
COMMENT ON FUNCTION log_likelihood(bgnbd_model) IS 'Log-likelihood of the fit at its estimate; NULL for a model typed in by hand.';
COMMENT ON FUNCTION log_likelihood(pareto_nbd_model) IS 'Log-likelihood of the fit at its estimate; NULL for a model typed in by hand.';
COMMENT ON FUNCTION log_likelihood(gamma_gamma_model) IS 'Log-likelihood of the fit at its estimate; NULL for a model typed in by hand.';
COMMENT ON FUNCTION converged(bgnbd_model) IS 'Whether the fit converged (false for a model typed in by hand).';
COMMENT ON FUNCTION converged(pareto_nbd_model) IS 'Whether the fit converged (false for a model typed in by hand).';
COMMENT ON FUNCTION converged(gamma_gamma_model) IS 'Whether the fit converged (false for a model typed in by hand).';
COMMENT ON FUNCTION fitted_customers(bgnbd_model) IS 'Customers (total weight) the model was fitted on.';
COMMENT ON FUNCTION fitted_customers(pareto_nbd_model) IS 'Customers (total weight) the model was fitted on.';
COMMENT ON FUNCTION fitted_customers(gamma_gamma_model) IS 'Repeat customers (total weight) the model was fitted on.';
DO $types$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT ty.oid::regtype AS type, ty.typname AS name
        FROM pg_type ty
        JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = ty.oid AND d.deptype = 'e'
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_usage'
        WHERE to_regprocedure(format('%s(%s)', quote_ident(ty.typname || '_hash'), ty.oid::regtype)) IS NOT NULL
        ORDER BY ty.typname
    LOOP
        EXECUTE format('ALTER TYPE %1$s SET (SEND = %2$I, RECEIVE = %3$I)', t.type, t.name || '_send', t.name || '_recv');
        EXECUTE format('CREATE CAST (%1$s AS json) WITH FUNCTION json(%1$s)', t.type);
        EXECUTE format('CREATE CAST (%1$s AS jsonb) WITH FUNCTION jsonb(%1$s)', t.type);
        EXECUTE format('CREATE OPERATOR = (LEFTARG = %1$s, RIGHTARG = %1$s, FUNCTION = %2$I, '
                       || 'COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES)',
                       t.type, t.name || '_eq');
        EXECUTE format('CREATE OPERATOR <> (LEFTARG = %1$s, RIGHTARG = %1$s, FUNCTION = %2$I, '
                       || 'COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel)',
                       t.type, t.name || '_ne');
        EXECUTE format('CREATE OPERATOR CLASS %1$I DEFAULT FOR TYPE %2$s USING hash AS '
                       || 'OPERATOR 1 = (%2$s, %2$s), FUNCTION 1 %3$I(%2$s)',
                       t.name || '_hash_ops', t.type, t.name || '_hash');
        EXECUTE format('COMMENT ON FUNCTION json(%1$s) IS %2$L', t.type,
                       'Cast of ' || t.name || ' to json: a JSON object with named keys, for reading (to_json and row_to_json use it); the text form is the exact one.');
        EXECUTE format('COMMENT ON FUNCTION jsonb(%1$s) IS %2$L', t.type,
                       'Cast of ' || t.name || ' to jsonb: a JSON object with named keys, for reading; the text form is the exact one.');
        EXECUTE format('COMMENT ON FUNCTION %1$I(%2$s, %2$s) IS %3$L', t.name || '_eq', t.type,
                       'Operator = of ' || t.name || ': true when both values have the same text form (the same value).');
        EXECUTE format('COMMENT ON FUNCTION %1$I(%2$s, %2$s) IS %3$L', t.name || '_ne', t.type,
                       'Operator <> of ' || t.name || ': true when the text forms differ.');
        EXECUTE format('COMMENT ON FUNCTION %1$I(%2$s) IS %3$L', t.name || '_hash', t.type,
                       'Hash of ' || t.name || ' for its hash opclass (hash of the text form, agrees with =).');
        EXECUTE format('COMMENT ON FUNCTION %1$I(%2$s) IS %3$L', t.name || '_send', t.type,
                       'Binary output function of type ' || t.name || ': its versioned stored form (internal use).');
        EXECUTE format('COMMENT ON FUNCTION %1$I(internal) IS %2$L', t.name || '_recv',
                       'Binary input function of type ' || t.name || ': reads and checks a versioned stored form (internal use).');
    END LOOP;
END
$types$;
DO $comments$
DECLARE
    f record;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure AS signature,
               coalesce(
                   (SELECT 'Support function of aggregate ' || string_agg(DISTINCT a.aggfnoid::regprocedure::text, ', ')
                           || ' (internal use).'
                    FROM pg_aggregate a
                    WHERE p.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn)),
                   (SELECT 'Text ' || CASE WHEN t.typinput = p.oid THEN 'input' ELSE 'output' END
                           || ' function of type ' || t.typname || ' (internal use).'
                    FROM pg_type t
                    WHERE p.oid IN (t.typinput, t.typoutput)
                    LIMIT 1)) AS comment
        FROM pg_proc p
        JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_usage'
        WHERE coalesce(obj_description(p.oid, 'pg_proc'), '(internal use).') LIKE '%(internal use).'
    LOOP
        IF f.comment IS NOT NULL THEN
            EXECUTE format('COMMENT ON FUNCTION %s IS %L', f.signature, f.comment);
        END IF;
    END LOOP;
END
$comments$;
