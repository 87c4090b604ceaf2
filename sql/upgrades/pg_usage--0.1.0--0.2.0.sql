-- pg_usage 0.1.0 -> 0.2.0: drafted by scripts/draft_upgrade.sh from the two install
-- scripts and reviewed; tests/upgrade/run.sh proves it yields a fresh 0.2.0 catalog.
\echo Use "ALTER EXTENSION pg_usage UPDATE" to load this file. \quit
CREATE FUNCTION "assoc_rules_combine"( "a" internal, "b" internal ) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_combine_wrapper';
CREATE FUNCTION "assoc_rules_deserialize"( "bytes" bytea, "_unused" internal ) RETURNS internal IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_deserialize_wrapper';
CREATE TYPE assoc_rules;
CREATE FUNCTION "assoc_rules_in"( "input" cstring ) RETURNS assoc_rules IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_in_wrapper';
CREATE FUNCTION "assoc_rules_out"( "input" assoc_rules ) RETURNS cstring IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_out_wrapper';
CREATE TYPE assoc_rules ( INTERNALLENGTH = variable, INPUT = assoc_rules_in, OUTPUT = assoc_rules_out, STORAGE = extended );
CREATE FUNCTION "assoc_rules_final"( "state" internal ) RETURNS assoc_rules IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_final_wrapper';
CREATE FUNCTION "assoc_rules_ne"( "left" assoc_rules, "right" assoc_rules ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_ne_wrapper';
CREATE FUNCTION "assoc_rules_hash"( "value" assoc_rules ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_hash_wrapper';
CREATE FUNCTION "assoc_rules_eq"( "left" assoc_rules, "right" assoc_rules ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_eq_wrapper';
CREATE FUNCTION "assoc_rules_recv"( "buffer" internal ) RETURNS assoc_rules IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_recv_wrapper';
CREATE FUNCTION "assoc_rules_send"( "value" assoc_rules ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_send_wrapper';
CREATE FUNCTION "assoc_rules_serialize"( "state" internal ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_serialize_wrapper';
CREATE FUNCTION "assoc_rules_table"( "rules" assoc_rules ) RETURNS TABLE ( "antecedent" TEXT[], "consequent" TEXT[], "antecedent_support" double precision, "consequent_support" double precision, "support" double precision, "confidence" double precision, "lift" double precision, "leverage" double precision, "conviction" double precision ) IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_table_wrapper';
CREATE TYPE bgbb_model;
CREATE FUNCTION "bgbb_model_in"( "input" cstring ) RETURNS bgbb_model IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_model_in_wrapper';
CREATE FUNCTION "bgbb_model_out"( "input" bgbb_model ) RETURNS cstring IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_model_out_wrapper';
CREATE TYPE bgbb_model ( INTERNALLENGTH = variable, INPUT = bgbb_model_in, OUTPUT = bgbb_model_out, STORAGE = extended );
CREATE FUNCTION "bgbb_final"( "state" internal ) RETURNS bgbb_model IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_final_wrapper';
CREATE FUNCTION "bgbb_model_eq"( "left" bgbb_model, "right" bgbb_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_model_eq_wrapper';
CREATE FUNCTION "bgbb_model_hash"( "value" bgbb_model ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_model_hash_wrapper';
CREATE FUNCTION "bgbb_model_ne"( "left" bgbb_model, "right" bgbb_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_model_ne_wrapper';
CREATE FUNCTION "bgbb_model_recv"( "buffer" internal ) RETURNS bgbb_model IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_model_recv_wrapper';
CREATE FUNCTION "bgbb_model_send"( "value" bgbb_model ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_model_send_wrapper';
CREATE FUNCTION "bgbb_trans"( "state" internal, "x" double precision, "t_x" double precision, "n_periods" double precision ) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_trans_wrapper';
CREATE FUNCTION "bgbb_trans_weighted"( "state" internal, "x" double precision, "t_x" double precision, "n_periods" double precision, "weight" double precision ) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_trans_weighted_wrapper';
CREATE FUNCTION "bgnbd_model_hash"( "value" bgnbd_model ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_hash_wrapper';
CREATE FUNCTION "bgnbd_model_eq"( "left" bgnbd_model, "right" bgnbd_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_eq_wrapper';
CREATE FUNCTION "bgnbd_model_ne"( "left" bgnbd_model, "right" bgnbd_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_ne_wrapper';
CREATE FUNCTION "bgnbd_model_recv"( "buffer" internal ) RETURNS bgnbd_model IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_recv_wrapper';
CREATE FUNCTION "bgnbd_model_send"( "value" bgnbd_model ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_send_wrapper';
CREATE TYPE cohort_summary;
CREATE FUNCTION "cohort_summary_in"( "input" cstring ) RETURNS cohort_summary IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cohort_summary_in_wrapper';
CREATE FUNCTION "cohort_summary_out"( "input" cohort_summary ) RETURNS cstring IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cohort_summary_out_wrapper';
CREATE TYPE cohort_summary ( INTERNALLENGTH = variable, INPUT = cohort_summary_in, OUTPUT = cohort_summary_out, STORAGE = extended );
CREATE FUNCTION "cohort_summary_ne"( "left" cohort_summary, "right" cohort_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cohort_summary_ne_wrapper';
CREATE FUNCTION "cohort_summary_hash"( "value" cohort_summary ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cohort_summary_hash_wrapper';
CREATE FUNCTION "cohort_summary_eq"( "left" cohort_summary, "right" cohort_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cohort_summary_eq_wrapper';
CREATE FUNCTION "cohort_summary_recv"( "buffer" internal ) RETURNS cohort_summary IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cohort_summary_recv_wrapper';
CREATE FUNCTION "cohort_summary_send"( "value" cohort_summary ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cohort_summary_send_wrapper';
CREATE FUNCTION "cohort_table"( "summary" cohort_summary, "through" date DEFAULT NULL ) RETURNS TABLE ( "cohort" date, "month_number" INT, "customers" bigint, "cohort_customers" bigint, "logo_retention" double precision, "mrr" NUMERIC, "cohort_mrr" NUMERIC, "net_revenue_retention" double precision ) IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cohort_table_wrapper';
CREATE FUNCTION "converged"( "model" bgbb_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_model_converged_wrapper';
CREATE FUNCTION "converged"( "model" bgnbd_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_converged_wrapper';
CREATE FUNCTION "expected_purchases"( "model" bgbb_model, "n_periods" double precision ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_expected_purchases_wrapper';
CREATE FUNCTION "expected_purchases"( "model" bgbb_model, "m_periods" double precision, "x" double precision, "t_x" double precision, "n_periods" double precision ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_expected_purchases_conditional_wrapper';
CREATE FUNCTION "fitted_customers"( "model" bgbb_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_model_fitted_customers_wrapper';
CREATE FUNCTION "fitted_customers"( "model" bgnbd_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_fitted_customers_wrapper';
CREATE FUNCTION "fitted_customers"( "model" gamma_gamma_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_fitted_customers_wrapper';
CREATE FUNCTION "gamma_gamma_model_ne"( "left" gamma_gamma_model, "right" gamma_gamma_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_ne_wrapper';
CREATE FUNCTION "gamma_gamma_model_eq"( "left" gamma_gamma_model, "right" gamma_gamma_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_eq_wrapper';
CREATE FUNCTION "gamma_gamma_model_hash"( "value" gamma_gamma_model ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_hash_wrapper';
CREATE FUNCTION "converged"( "model" gamma_gamma_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_converged_wrapper';
CREATE FUNCTION "gamma_gamma_model_recv"( "buffer" internal ) RETURNS gamma_gamma_model IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_recv_wrapper';
CREATE FUNCTION "gamma_gamma_model_send"( "value" gamma_gamma_model ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_send_wrapper';
CREATE FUNCTION "json"( "value" assoc_rules ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_json_wrapper';
CREATE FUNCTION "json"( "value" bgbb_model ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_model_json_wrapper';
CREATE FUNCTION "json"( "value" bgnbd_model ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_json_wrapper';
CREATE FUNCTION "json"( "value" cohort_summary ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cohort_summary_json_wrapper';
CREATE FUNCTION "json"( "value" gamma_gamma_model ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_json_wrapper';
CREATE FUNCTION "jsonb"( "value" assoc_rules ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_jsonb_wrapper';
CREATE FUNCTION "jsonb"( "value" bgbb_model ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_model_jsonb_wrapper';
CREATE FUNCTION "jsonb"( "value" bgnbd_model ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_jsonb_wrapper';
CREATE FUNCTION "jsonb"( "value" cohort_summary ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cohort_summary_jsonb_wrapper';
CREATE FUNCTION "jsonb"( "value" gamma_gamma_model ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_jsonb_wrapper';
CREATE FUNCTION "kmeans_combine"( "a" internal, "b" internal ) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_combine_wrapper';
CREATE FUNCTION "kmeans_deserialize"( "bytes" bytea, "_unused" internal ) RETURNS internal IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_deserialize_wrapper';
CREATE TYPE kmeans_model;
CREATE FUNCTION "kmeans_model_in"( "input" cstring ) RETURNS kmeans_model IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_model_in_wrapper';
CREATE FUNCTION "kmeans_model_out"( "input" kmeans_model ) RETURNS cstring IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_model_out_wrapper';
CREATE TYPE kmeans_model ( INTERNALLENGTH = variable, INPUT = kmeans_model_in, OUTPUT = kmeans_model_out, STORAGE = extended );
CREATE FUNCTION "json"( "value" kmeans_model ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_model_json_wrapper';
CREATE FUNCTION "kmeans_distance"( "model" kmeans_model, "v" double precision[] ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_distance_wrapper';
CREATE FUNCTION "kmeans_model_eq"( "left" kmeans_model, "right" kmeans_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_model_eq_wrapper';
CREATE FUNCTION "kmeans_model_ne"( "left" kmeans_model, "right" kmeans_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_model_ne_wrapper';
CREATE FUNCTION "kmeans_assign"( "model" kmeans_model, "v" double precision[] ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_assign_wrapper';
CREATE FUNCTION "kmeans_final"( "state" internal ) RETURNS kmeans_model IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_final_wrapper';
CREATE FUNCTION "kmeans_model_hash"( "value" kmeans_model ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_model_hash_wrapper';
CREATE FUNCTION "jsonb"( "value" kmeans_model ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_model_jsonb_wrapper';
CREATE FUNCTION "kmeans_inertia"( "model" kmeans_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_inertia_wrapper';
CREATE FUNCTION "kmeans_model_recv"( "buffer" internal ) RETURNS kmeans_model IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_model_recv_wrapper';
CREATE FUNCTION "kmeans_model_send"( "value" kmeans_model ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_model_send_wrapper';
CREATE FUNCTION "kmeans_serialize"( "state" internal ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_serialize_wrapper';
CREATE FUNCTION "kmeans_silhouette_combine"( "a" internal, "b" internal ) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_silhouette_combine_wrapper';
CREATE FUNCTION "kmeans_silhouette_deserialize"( "bytes" bytea, "_unused" internal ) RETURNS internal IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_silhouette_deserialize_wrapper';
CREATE FUNCTION "kmeans_silhouette_final"( "state" internal ) RETURNS double precision IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_silhouette_final_wrapper';
CREATE FUNCTION "kmeans_silhouette_serialize"( "state" internal ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_silhouette_serialize_wrapper';
CREATE FUNCTION "kmeans_sizes"( "model" kmeans_model ) RETURNS bigint[] IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_sizes_wrapper';
CREATE FUNCTION kmeans_trans(state internal, v float8[], k integer) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_trans';
CREATE FUNCTION kmeans_trans(state internal, v float8[], k integer, seed bigint) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_trans';
CREATE FUNCTION kmeans_trans(state internal, v float8[], k integer, seed bigint, standardize boolean) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_trans';
CREATE FUNCTION kmeans_trans(state internal, v float8[], k integer, seed bigint, standardize boolean, max_iter integer) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_trans';
CREATE FUNCTION kmeans_trans_init(state internal, v float8[], k integer, init float8[]) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_trans_init';
CREATE FUNCTION kmeans_trans_init(state internal, v float8[], k integer, init float8[], standardize boolean) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_trans_init';
CREATE FUNCTION kmeans_trans_init(state internal, v float8[], k integer, init float8[], standardize boolean, max_iter integer) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_trans_init';
CREATE AGGREGATE kmeans_fit(v float8[], k integer) ( sfunc = kmeans_trans, stype = internal, finalfunc = kmeans_final, combinefunc = kmeans_combine, serialfunc = kmeans_serialize, deserialfunc = kmeans_deserialize, parallel = safe );
CREATE AGGREGATE kmeans_fit(v float8[], k integer, seed bigint) ( sfunc = kmeans_trans, stype = internal, finalfunc = kmeans_final, combinefunc = kmeans_combine, serialfunc = kmeans_serialize, deserialfunc = kmeans_deserialize, parallel = safe );
CREATE AGGREGATE kmeans_fit(v float8[], k integer, seed bigint, standardize boolean) ( sfunc = kmeans_trans, stype = internal, finalfunc = kmeans_final, combinefunc = kmeans_combine, serialfunc = kmeans_serialize, deserialfunc = kmeans_deserialize, parallel = safe );
CREATE AGGREGATE kmeans_fit(v float8[], k integer, seed bigint, standardize boolean, max_iter integer) ( sfunc = kmeans_trans, stype = internal, finalfunc = kmeans_final, combinefunc = kmeans_combine, serialfunc = kmeans_serialize, deserialfunc = kmeans_deserialize, parallel = safe );
CREATE AGGREGATE kmeans_fit(v float8[], k integer, init float8[]) ( sfunc = kmeans_trans_init, stype = internal, finalfunc = kmeans_final, combinefunc = kmeans_combine, serialfunc = kmeans_serialize, deserialfunc = kmeans_deserialize, parallel = safe );
CREATE AGGREGATE kmeans_fit(v float8[], k integer, init float8[], standardize boolean) ( sfunc = kmeans_trans_init, stype = internal, finalfunc = kmeans_final, combinefunc = kmeans_combine, serialfunc = kmeans_serialize, deserialfunc = kmeans_deserialize, parallel = safe );
CREATE AGGREGATE kmeans_fit(v float8[], k integer, init float8[], standardize boolean, max_iter integer) ( sfunc = kmeans_trans_init, stype = internal, finalfunc = kmeans_final, combinefunc = kmeans_combine, serialfunc = kmeans_serialize, deserialfunc = kmeans_deserialize, parallel = safe );
CREATE FUNCTION kmeans_silhouette_trans(state internal, model kmeans_model, v float8[]) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_silhouette_trans';
CREATE AGGREGATE kmeans_silhouette(model kmeans_model, v float8[]) ( sfunc = kmeans_silhouette_trans, stype = internal, finalfunc = kmeans_silhouette_final, combinefunc = kmeans_silhouette_combine, serialfunc = kmeans_silhouette_serialize, deserialfunc = kmeans_silhouette_deserialize, parallel = safe );
CREATE FUNCTION kmeans_centroids(model kmeans_model) RETURNS float8[] IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_centroids';
COMMENT ON TYPE kmeans_model IS 'A fitted k-means model: k, d, centroids (k rows of d values, original units), sizes, inertia (in the fitted space), n, iterations, converged, max_iter, init (k-means++ or given), seed, standardize (means and sds of the z-scores, or null). Text form is JSON that round-trips exactly.';
COMMENT ON AGGREGATE kmeans_fit(float8[], integer) IS 'Fits k-means with k clusters to the vectors v (one float8[] of the same length per row): k-means++ seeding with seed 0, then Lloyd''s algorithm with scikit-learn''s stopping rules (tol 1e-4 of the mean variance, at most 300 iterations). Rows with a NULL v are skipped; NULL without rows.';
COMMENT ON AGGREGATE kmeans_fit(float8[], integer, bigint) IS 'Fits k-means with k-means++ seeding drawn with the given seed (the same seed gives the same model in any plan).';
COMMENT ON AGGREGATE kmeans_fit(float8[], integer, bigint, boolean) IS 'Fits k-means with a seed; standardize fits on z-scores (population means and sds kept in the model; centroids reported in original units).';
COMMENT ON AGGREGATE kmeans_fit(float8[], integer, bigint, boolean, integer) IS 'Fits k-means with a seed, optional standardization and an iteration cap max_iter.';
COMMENT ON AGGREGATE kmeans_fit(float8[], integer, float8[]) IS 'Fits k-means from given starting centroids init: k rows of d values, a k x d array or flattened (as scikit-learn''s KMeans(init=array, n_init=1)).';
COMMENT ON AGGREGATE kmeans_fit(float8[], integer, float8[], boolean) IS 'Fits k-means from given starting centroids (original units); standardize fits on z-scores.';
COMMENT ON AGGREGATE kmeans_fit(float8[], integer, float8[], boolean, integer) IS 'Fits k-means from given starting centroids with optional standardization and an iteration cap max_iter.';
COMMENT ON AGGREGATE kmeans_silhouette(kmeans_model, float8[]) IS 'Mean silhouette coefficient of the vectors v labelled by the model (Euclidean, in the model''s fitted space), as scikit-learn''s silhouette_score: O(n^2), run it on a sample (TABLESAMPLE or LIMIT). NULL when fewer than 2 clusters, or as many clusters as rows, occur.';
COMMENT ON FUNCTION kmeans_assign(kmeans_model, float8[]) IS 'The cluster (1 to k, the row of kmeans_centroids) whose centroid is nearest to v in the fitted space; ties go to the lower number.';
COMMENT ON FUNCTION kmeans_distance(kmeans_model, float8[]) IS 'Euclidean distance from v to its nearest centroid, in the fitted space (z-score units when the model is standardized).';
COMMENT ON FUNCTION kmeans_centroids(kmeans_model) IS 'The centroids as a k x d two-dimensional array in original units; row c is cluster c.';
COMMENT ON FUNCTION kmeans_inertia(kmeans_model) IS 'Sum of squared distances of the fitted points to their centroids, in the fitted space (scikit-learn''s inertia_).';
COMMENT ON FUNCTION kmeans_sizes(kmeans_model) IS 'Points per cluster, clusters 1 to k.';
CREATE FUNCTION "log_likelihood"( "model" bgbb_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_model_log_likelihood_wrapper';
CREATE FUNCTION "log_likelihood"( "model" bgnbd_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_log_likelihood_wrapper';
CREATE FUNCTION "log_likelihood"( "model" gamma_gamma_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_log_likelihood_wrapper';
CREATE TYPE mbgnbd_model;
CREATE FUNCTION "mbgnbd_model_in"( "input" cstring ) RETURNS mbgnbd_model IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_model_in_wrapper';
CREATE FUNCTION "mbgnbd_model_out"( "input" mbgnbd_model ) RETURNS cstring IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_model_out_wrapper';
CREATE TYPE mbgnbd_model ( INTERNALLENGTH = variable, INPUT = mbgnbd_model_in, OUTPUT = mbgnbd_model_out, STORAGE = extended );
CREATE FUNCTION "expected_purchases"( "model" mbgnbd_model, "t" double precision, "x" double precision, "t_x" double precision, "age" double precision ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_expected_purchases_conditional_wrapper';
CREATE FUNCTION "mbgnbd_model_eq"( "left" mbgnbd_model, "right" mbgnbd_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_model_eq_wrapper';
CREATE FUNCTION "jsonb"( "value" mbgnbd_model ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_model_jsonb_wrapper';
CREATE FUNCTION "expected_purchases"( "model" mbgnbd_model, "t" double precision ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_expected_purchases_wrapper';
CREATE FUNCTION "mbgnbd_final"( "state" internal ) RETURNS mbgnbd_model IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_final_wrapper';
CREATE FUNCTION "fitted_customers"( "model" mbgnbd_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_model_fitted_customers_wrapper';
CREATE FUNCTION "log_likelihood"( "model" mbgnbd_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_model_log_likelihood_wrapper';
CREATE FUNCTION "cltv"( "model" mbgnbd_model, "gg_model" gamma_gamma_model, "x" double precision, "t_x" double precision, "age" double precision, "monetary" double precision, "months" INT DEFAULT 12, "monthly_discount" double precision DEFAULT 0.01, "time_unit" TEXT DEFAULT 'day' ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_cltv_wrapper';
CREATE FUNCTION "json"( "value" mbgnbd_model ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_model_json_wrapper';
CREATE FUNCTION "converged"( "model" mbgnbd_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_model_converged_wrapper';
CREATE FUNCTION "mbgnbd_model_hash"( "value" mbgnbd_model ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_model_hash_wrapper';
CREATE FUNCTION "mbgnbd_model_ne"( "left" mbgnbd_model, "right" mbgnbd_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_model_ne_wrapper';
CREATE FUNCTION "mbgnbd_model_recv"( "buffer" internal ) RETURNS mbgnbd_model IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_model_recv_wrapper';
CREATE FUNCTION "mbgnbd_model_send"( "value" mbgnbd_model ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_model_send_wrapper';
CREATE FUNCTION "model_param"( "model" bgbb_model, "name" TEXT ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_model_param_wrapper';
CREATE FUNCTION "model_param"( "model" bgnbd_model, "name" TEXT ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_model_param_wrapper';
CREATE FUNCTION "model_param"( "model" gamma_gamma_model, "name" TEXT ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_model_param_wrapper';
CREATE FUNCTION "model_param"( "model" mbgnbd_model, "name" TEXT ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_model_param_wrapper';
CREATE FUNCTION "jsonb"( "value" mrr_history ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_history_jsonb_wrapper';
CREATE FUNCTION "mrr_history_hash"( "value" mrr_history ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_history_hash_wrapper';
CREATE FUNCTION "json"( "value" mrr_history ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_history_json_wrapper';
CREATE FUNCTION "mrr_history_ne"( "left" mrr_history, "right" mrr_history ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_history_ne_wrapper';
CREATE FUNCTION "mrr_history_eq"( "left" mrr_history, "right" mrr_history ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_history_eq_wrapper';
CREATE FUNCTION "mrr_history_recv"( "buffer" internal ) RETURNS mrr_history IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_history_recv_wrapper';
CREATE FUNCTION "mrr_history_send"( "value" mrr_history ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_history_send_wrapper';
CREATE FUNCTION "json"( "value" nps_summary ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_summary_json_wrapper';
CREATE FUNCTION "nps_summary_hash"( "value" nps_summary ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_summary_hash_wrapper';
CREATE FUNCTION "nps_summary_eq"( "left" nps_summary, "right" nps_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_summary_eq_wrapper';
CREATE FUNCTION "nps_summary_ne"( "left" nps_summary, "right" nps_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_summary_ne_wrapper';
CREATE FUNCTION "jsonb"( "value" nps_summary ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_summary_jsonb_wrapper';
CREATE FUNCTION "nps_summary_recv"( "buffer" internal ) RETURNS nps_summary IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_summary_recv_wrapper';
CREATE FUNCTION "nps_summary_send"( "value" nps_summary ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_summary_send_wrapper';
CREATE FUNCTION "nps_trans"( "state" internal, "score" bigint ) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_trans_bigint_wrapper';
CREATE FUNCTION "nps_trans"( "state" internal, "score" smallint ) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_trans_smallint_wrapper';
CREATE FUNCTION "p_alive"( "model" bgbb_model, "x" double precision, "t_x" double precision, "n_periods" double precision, "m_periods" double precision DEFAULT 0 ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgbb_p_alive_wrapper';
CREATE FUNCTION "p_alive"( "model" mbgnbd_model, "x" double precision, "t_x" double precision, "t" double precision ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_p_alive_wrapper';
CREATE FUNCTION "pareto_nbd_model_eq"( "left" pareto_nbd_model, "right" pareto_nbd_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_eq_wrapper';
CREATE FUNCTION "pareto_nbd_model_ne"( "left" pareto_nbd_model, "right" pareto_nbd_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_ne_wrapper';
CREATE FUNCTION "json"( "value" pareto_nbd_model ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_json_wrapper';
CREATE FUNCTION "model_param"( "model" pareto_nbd_model, "name" TEXT ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_param_wrapper';
CREATE FUNCTION "fitted_customers"( "model" pareto_nbd_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_fitted_customers_wrapper';
CREATE FUNCTION "jsonb"( "value" pareto_nbd_model ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_jsonb_wrapper';
CREATE FUNCTION "converged"( "model" pareto_nbd_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_converged_wrapper';
CREATE FUNCTION "pareto_nbd_model_hash"( "value" pareto_nbd_model ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_hash_wrapper';
CREATE FUNCTION "log_likelihood"( "model" pareto_nbd_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_log_likelihood_wrapper';
CREATE AGGREGATE mbgnbd_fit(x float8, t_x float8, age float8) ( sfunc = cltv_triple_trans3, stype = internal, finalfunc = mbgnbd_final, combinefunc = cltv_triple_combine, serialfunc = cltv_triple_serialize, deserialfunc = cltv_triple_deserialize, parallel = safe );
CREATE AGGREGATE mbgnbd_fit(x float8, t_x float8, age float8, weight float8) ( sfunc = cltv_triple_trans4, stype = internal, finalfunc = mbgnbd_final, combinefunc = cltv_triple_combine, serialfunc = cltv_triple_serialize, deserialfunc = cltv_triple_deserialize, parallel = safe );
CREATE AGGREGATE mbgnbd_fit(x float8, t_x float8, age float8, weight float8, penalizer float8) ( sfunc = cltv_triple_trans5, stype = internal, finalfunc = mbgnbd_final, combinefunc = cltv_triple_combine, serialfunc = cltv_triple_serialize, deserialfunc = cltv_triple_deserialize, parallel = safe );
CREATE AGGREGATE bgbb_fit(x float8, t_x float8, n_periods float8) ( sfunc = bgbb_trans, stype = internal, finalfunc = bgbb_final, combinefunc = cltv_triple_combine, serialfunc = cltv_triple_serialize, deserialfunc = cltv_triple_deserialize, parallel = safe );
CREATE AGGREGATE bgbb_fit(x float8, t_x float8, n_periods float8, weight float8) ( sfunc = bgbb_trans_weighted, stype = internal, finalfunc = bgbb_final, combinefunc = cltv_triple_combine, serialfunc = cltv_triple_serialize, deserialfunc = cltv_triple_deserialize, parallel = safe );
COMMENT ON TYPE mbgnbd_model IS 'A fitted MBG/NBD model (Batislam, Denizel & Filiztekin 2007; lifetimes'' ModifiedBetaGeoFitter): r, alpha, a, b in the time unit of the input, with log_likelihood, n, distinct, iterations, converged and penalizer. Text form is JSON that round-trips exactly.';
COMMENT ON TYPE bgbb_model IS 'A fitted BG/BB model of discrete transaction opportunities (Fader, Hardie & Shang 2010; lifetimes'' BetaGeoBetaBinomFitter): alpha, beta, gamma, delta with log_likelihood, n, distinct, iterations, converged and penalizer (always 0). Text form is JSON that round-trips exactly.';
COMMENT ON AGGREGATE mbgnbd_fit(float8, float8, float8) IS 'Fits an MBG/NBD model (lifetimes'' ModifiedBetaGeoFitter) by maximum likelihood to repeat purchases x, recency t_x and age T, checked as bgnbd_fit checks them. Rows with a NULL are skipped.';
COMMENT ON AGGREGATE mbgnbd_fit(float8, float8, float8, float8) IS 'Fits an MBG/NBD model; weight is the number of customers sharing the row''s (x, t_x, T).';
COMMENT ON AGGREGATE mbgnbd_fit(float8, float8, float8, float8, float8) IS 'Fits an MBG/NBD model with weights and an L2 penalizer on the parameters (as lifetimes'' penalizer_coef).';
COMMENT ON AGGREGATE bgbb_fit(float8, float8, float8) IS 'Fits a BG/BB model (lifetimes'' BetaGeoBetaBinomFitter) to customers'' repeat transactions x, period of the last one t_x and transaction opportunities n_periods: whole numbers with x <= t_x <= n_periods. Rows with a NULL are skipped.';
COMMENT ON AGGREGATE bgbb_fit(float8, float8, float8, float8) IS 'Fits a BG/BB model; weight is the number of customers sharing the row''s (x, t_x, n_periods), as in Fader and Hardie''s recency/frequency tables.';
COMMENT ON FUNCTION p_alive(mbgnbd_model, float8, float8, float8) IS 'Probability that a customer with history (x, t_x, T) is still alive under an MBG/NBD model (below 1 also for x = 0).';
COMMENT ON FUNCTION p_alive(bgbb_model, float8, float8, float8, float8) IS 'Probability that a customer with history (x, t_x, n_periods) is alive at opportunity n_periods + m_periods (default 0: now) under a BG/BB model.';
COMMENT ON FUNCTION expected_purchases(mbgnbd_model, float8, float8, float8, float8) IS 'Expected repeat purchases in the next t time units of a customer with history (x, t_x, T), MBG/NBD.';
COMMENT ON FUNCTION expected_purchases(bgbb_model, float8, float8, float8, float8) IS 'Expected transactions in the next m_periods opportunities of a customer with history (x, t_x, n_periods), BG/BB.';
COMMENT ON FUNCTION expected_purchases(mbgnbd_model, float8) IS 'Expected repeat purchases in the first t time units of a new customer, MBG/NBD.';
COMMENT ON FUNCTION expected_purchases(bgbb_model, float8) IS 'Expected transactions in the first n_periods opportunities after the first transaction of a new customer, BG/BB.';
COMMENT ON FUNCTION cltv(mbgnbd_model, gamma_gamma_model, float8, float8, float8, float8, integer, float8, text) IS 'Discounted customer lifetime value over the next months with an MBG/NBD purchase model; see the BG/NBD variant.';
CREATE FUNCTION "pareto_nbd_model_recv"( "buffer" internal ) RETURNS pareto_nbd_model IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_recv_wrapper';
CREATE FUNCTION "pareto_nbd_model_send"( "value" pareto_nbd_model ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_model_send_wrapper';
CREATE TYPE purchase_points;
CREATE FUNCTION "purchase_points_in"( "input" cstring ) RETURNS purchase_points IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_in_wrapper';
CREATE FUNCTION "purchase_points_out"( "input" purchase_points ) RETURNS cstring IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_out_wrapper';
CREATE TYPE purchase_points ( INTERNALLENGTH = variable, INPUT = purchase_points_in, OUTPUT = purchase_points_out, STORAGE = extended );
CREATE FUNCTION "pareto_nbd_fit"( "points" purchase_points, "penalizer" double precision DEFAULT NULL ) RETURNS pareto_nbd_model IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'pareto_nbd_fit_points_wrapper';
CREATE FUNCTION "customer_count"( "points" purchase_points ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_customer_count_wrapper';
CREATE FUNCTION "purchase_points_hash"( "value" purchase_points ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_hash_wrapper';
CREATE FUNCTION "bgnbd_fit"( "points" purchase_points, "penalizer" double precision DEFAULT NULL ) RETURNS bgnbd_model IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'bgnbd_fit_points_wrapper';
CREATE FUNCTION "jsonb"( "value" purchase_points ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_jsonb_wrapper';
CREATE FUNCTION "json"( "value" purchase_points ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_json_wrapper';
CREATE FUNCTION "purchase_points_ne"( "left" purchase_points, "right" purchase_points ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_ne_wrapper';
CREATE FUNCTION "purchase_points_eq"( "left" purchase_points, "right" purchase_points ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_eq_wrapper';
CREATE FUNCTION "mbgnbd_fit"( "points" purchase_points, "penalizer" double precision DEFAULT NULL ) RETURNS mbgnbd_model IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mbgnbd_fit_points_wrapper';
CREATE FUNCTION "distinct_points"( "points" purchase_points ) RETURNS bigint IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_distinct_points_wrapper';
CREATE FUNCTION "purchase_points_recv"( "buffer" internal ) RETURNS purchase_points IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_recv_wrapper';
CREATE FUNCTION "purchase_points_send"( "value" purchase_points ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_send_wrapper';
CREATE FUNCTION "recommend"( "rules" assoc_rules, "have" TEXT[], "k" INT DEFAULT 5 ) RETURNS TABLE ( "rank" INT, "item" TEXT, "confidence" double precision, "lift" double precision, "support" double precision, "antecedent" TEXT[], "consequent" TEXT[] ) IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'recommend_wrapper';
CREATE FUNCTION assoc_rules_trans(state internal, basket bigint, item text, min_support float8, min_confidence float8) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_trans';
CREATE FUNCTION assoc_rules_trans(state internal, basket bigint, item text, min_support float8, min_confidence float8, max_len integer) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_trans';
CREATE FUNCTION assoc_rules_trans(state internal, basket text, item text, min_support float8, min_confidence float8) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_trans_text';
CREATE FUNCTION assoc_rules_trans(state internal, basket text, item text, min_support float8, min_confidence float8, max_len integer) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_trans_text';
CREATE AGGREGATE assoc_rules(basket bigint, item text, min_support float8, min_confidence float8) ( sfunc = assoc_rules_trans, stype = internal, finalfunc = assoc_rules_final, combinefunc = assoc_rules_combine, serialfunc = assoc_rules_serialize, deserialfunc = assoc_rules_deserialize, parallel = safe );
CREATE AGGREGATE assoc_rules(basket bigint, item text, min_support float8, min_confidence float8, max_len integer) ( sfunc = assoc_rules_trans, stype = internal, finalfunc = assoc_rules_final, combinefunc = assoc_rules_combine, serialfunc = assoc_rules_serialize, deserialfunc = assoc_rules_deserialize, parallel = safe );
CREATE AGGREGATE assoc_rules(basket text, item text, min_support float8, min_confidence float8) ( sfunc = assoc_rules_trans, stype = internal, finalfunc = assoc_rules_final, combinefunc = assoc_rules_combine, serialfunc = assoc_rules_serialize, deserialfunc = assoc_rules_deserialize, parallel = safe );
CREATE AGGREGATE assoc_rules(basket text, item text, min_support float8, min_confidence float8, max_len integer) ( sfunc = assoc_rules_trans, stype = internal, finalfunc = assoc_rules_final, combinefunc = assoc_rules_combine, serialfunc = assoc_rules_serialize, deserialfunc = assoc_rules_deserialize, parallel = safe );
COMMENT ON TYPE assoc_rules IS 'Association rules mined by assoc_rules: the number of baskets, the thresholds and per rule the antecedent, consequent and the baskets holding both, the antecedent and the consequent. Text form is JSON that round-trips exactly; assoc_rules_table reads the measures.';
COMMENT ON AGGREGATE assoc_rules(bigint, text, float8, float8) IS 'Association rules over (basket, item) rows as mlxtend''s apriori + association_rules(metric = ''confidence''): frequent itemsets (FP-growth) with support >= min_support (a fraction of baskets), every split into antecedent -> consequent with confidence >= min_confidence. A repeated (basket, item) counts once; rows with a NULL basket or item are skipped; no rows give NULL.';
COMMENT ON AGGREGATE assoc_rules(bigint, text, float8, float8, integer) IS 'Association rules over (basket, item) rows with itemsets of at most max_len items (antecedent and consequent together; NULL: no limit), as mlxtend''s apriori(max_len).';
COMMENT ON AGGREGATE assoc_rules(text, text, float8, float8) IS 'Association rules over (basket, item) rows with text basket ids; see the bigint variant.';
COMMENT ON AGGREGATE assoc_rules(text, text, float8, float8, integer) IS 'Association rules over (basket, item) rows with text basket ids and itemsets of at most max_len items.';
COMMENT ON FUNCTION assoc_rules_table(assoc_rules) IS 'The rules of an assoc_rules value with mlxtend''s measures: antecedent and consequent support, support, confidence, lift, leverage and conviction (NULL where confidence is 1: mlxtend''s infinity). Ordered by antecedent, then consequent (item lists compared item by item, names in byte order).';
COMMENT ON FUNCTION recommend(assoc_rules, text[], integer) IS 'The k items a customer who has the items in have lacks, each from its best rule (antecedent within have, consequent outside it): ranked by confidence, then lift, then support, then item name; with the rule that explains it.';
CREATE FUNCTION "btyd_calibration"( "s" rfm_summary, "calibration_end" date, "observation_end" date, "period" TEXT DEFAULT 'day' ) RETURNS TABLE ( "frequency_cal" bigint, "recency_cal" bigint, "t_cal" bigint, "monetary_value_cal" double precision, "frequency_holdout" bigint, "monetary_value_holdout" double precision, "duration_holdout" bigint ) IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'btyd_calibration_wrapper';
CREATE FUNCTION "json"( "value" rfm_summary ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_summary_json_wrapper';
CREATE FUNCTION "rfm_summary_eq"( "left" rfm_summary, "right" rfm_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_summary_eq_wrapper';
CREATE FUNCTION "jsonb"( "value" rfm_summary ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_summary_jsonb_wrapper';
CREATE FUNCTION "rfm_summary_hash"( "value" rfm_summary ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_summary_hash_wrapper';
CREATE FUNCTION "rfm_summary_ne"( "left" rfm_summary, "right" rfm_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_summary_ne_wrapper';
CREATE FUNCTION "rfm_summary_recv"( "buffer" internal ) RETURNS rfm_summary IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_summary_recv_wrapper';
CREATE FUNCTION "rfm_summary_send"( "value" rfm_summary ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_summary_send_wrapper';
CREATE FUNCTION "saas_summary_ne"( "left" saas_summary, "right" saas_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'saas_summary_ne_wrapper';
CREATE FUNCTION "jsonb"( "value" saas_summary ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'saas_summary_jsonb_wrapper';
CREATE FUNCTION "saas_summary_hash"( "value" saas_summary ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'saas_summary_hash_wrapper';
CREATE FUNCTION "json"( "value" saas_summary ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'saas_summary_json_wrapper';
CREATE FUNCTION "saas_summary_eq"( "left" saas_summary, "right" saas_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'saas_summary_eq_wrapper';
CREATE FUNCTION "saas_summary_recv"( "buffer" internal ) RETURNS saas_summary IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'saas_summary_recv_wrapper';
CREATE FUNCTION "saas_summary_send"( "value" saas_summary ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'saas_summary_send_wrapper';
CREATE FUNCTION mrr_trans(internal, date, date, float8) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_trans_float8';
CREATE FUNCTION mrr_trans(internal, date, date, float8, integer) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_trans_float8';
CREATE AGGREGATE mrr_agg("start" date, "end" date, monthly_amount float8) ( sfunc = mrr_trans, stype = internal, sspace = 600, finalfunc = mrr_final, combinefunc = mrr_combine, serialfunc = mrr_serialize, deserialfunc = mrr_deserialize, parallel = safe );
CREATE AGGREGATE mrr_agg("start" date, "end" date, monthly_amount float8, billing_months integer) ( sfunc = mrr_trans, stype = internal, sspace = 600, finalfunc = mrr_final, combinefunc = mrr_combine, serialfunc = mrr_serialize, deserialfunc = mrr_deserialize, parallel = safe );
COMMENT ON AGGREGATE mrr_agg(date, date, float8) IS 'mrr_agg for float8 amounts: each amount becomes numeric as float8::numeric makes it (15 significant digits); NaN and infinite amounts are errors, as in a numeric column.';
COMMENT ON AGGREGATE mrr_agg(date, date, float8, integer) IS 'mrr_agg with billing_months for float8 amounts (converted as float8::numeric does).';
CREATE FUNCTION cohort_trans(cohort_summary, mrr_history) RETURNS cohort_summary IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cohort_trans';
CREATE FUNCTION cohort_summary_merge(cohort_summary, cohort_summary) RETURNS cohort_summary IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cohort_summary_merge';
CREATE AGGREGATE cohort_agg(history mrr_history) ( sfunc = cohort_trans, stype = cohort_summary, combinefunc = cohort_summary_merge, parallel = safe );
CREATE AGGREGATE rollup(cohort_summary) ( sfunc = cohort_summary_merge, stype = cohort_summary, combinefunc = cohort_summary_merge, parallel = safe );
COMMENT ON TYPE cohort_summary IS 'Paying customers and MRR of signup cohorts (a customer''s cohort is its first paying month) at every month since the cohort started, with exact amounts. Built by cohort_agg over per-customer mrr_history values, merged by rollup, read by cohort_table. Text form is JSON that round-trips exactly.';
COMMENT ON AGGREGATE cohort_agg(mrr_history) IS 'Signup cohorts of customers, one mrr_history per customer: per cohort (first paying month) and month since, the customers paying and their MRR. A customer who churns and comes back counts in its first cohort in the months it pays. NULL histories and histories that never pay are skipped.';
COMMENT ON AGGREGATE rollup(cohort_summary) IS 'Merges cohort summaries of disjoint sets of customers (segments, shards). Equal to cohort_agg over all their histories.';
COMMENT ON FUNCTION cohort_table(cohort_summary, date) IS 'The cohort table: one row per cohort and month number (0 = the cohort month) through the month of through (default: the last month in which any cohort changes), with customers paying, the cohort''s customers, logo retention, MRR, the cohort''s month-0 MRR and net revenue retention (expansion and reactivation included).';
CREATE FUNCTION "sbg_combine"( "a" internal, "b" internal ) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_combine_wrapper';
CREATE FUNCTION "sbg_deserialize"( "bytes" bytea, "_unused" internal ) RETURNS internal IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_deserialize_wrapper';
CREATE TYPE sbg_model;
CREATE FUNCTION "sbg_model_in"( "input" cstring ) RETURNS sbg_model IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_model_in_wrapper';
CREATE FUNCTION "sbg_model_out"( "input" sbg_model ) RETURNS cstring IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_model_out_wrapper';
CREATE TYPE sbg_model ( INTERNALLENGTH = variable, INPUT = sbg_model_in, OUTPUT = sbg_model_out, STORAGE = extended );
CREATE FUNCTION "sbg_churn_probability"( "model" sbg_model, "t" INT ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_churn_probability_wrapper';
CREATE FUNCTION "sbg_expected_mrr"( "model" sbg_model, "lifetime" INT, "mrr" double precision, "months" INT, "monthly_growth" double precision DEFAULT 0.0 ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_expected_mrr_wrapper';
CREATE FUNCTION "json"( "value" sbg_model ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_model_json_wrapper';
CREATE FUNCTION "sbg_cltv"( "model" sbg_model, "value" double precision, "discount" double precision, "renewals" INT DEFAULT 0 ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_cltv_wrapper';
CREATE FUNCTION "sbg_derl"( "model" sbg_model, "discount" double precision, "renewals" INT DEFAULT 0 ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_derl_wrapper';
CREATE FUNCTION "sbg_model_eq"( "left" sbg_model, "right" sbg_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_model_eq_wrapper';
CREATE FUNCTION "fitted_customers"( "model" sbg_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_model_fitted_customers_wrapper';
CREATE FUNCTION "jsonb"( "value" sbg_model ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_model_jsonb_wrapper';
CREATE FUNCTION "log_likelihood"( "model" sbg_model ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_model_log_likelihood_wrapper';
CREATE FUNCTION "sbg_final"( "state" internal ) RETURNS sbg_model IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_final_wrapper';
CREATE FUNCTION "sbg_model_hash"( "value" sbg_model ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_model_hash_wrapper';
CREATE FUNCTION "converged"( "model" sbg_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_model_converged_wrapper';
CREATE FUNCTION "sbg_model_ne"( "left" sbg_model, "right" sbg_model ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_model_ne_wrapper';
CREATE FUNCTION "model_param"( "model" sbg_model, "name" TEXT ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_model_param_wrapper';
CREATE FUNCTION "sbg_model_recv"( "buffer" internal ) RETURNS sbg_model IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_model_recv_wrapper';
CREATE FUNCTION "sbg_model_send"( "value" sbg_model ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_model_send_wrapper';
CREATE FUNCTION "sbg_remaining_lifetime"( "model" sbg_model, "renewals" INT DEFAULT 0 ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_remaining_lifetime_wrapper';
CREATE FUNCTION "sbg_retention"( "model" sbg_model, "t" INT ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_retention_wrapper';
CREATE FUNCTION "sbg_serialize"( "state" internal ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_serialize_wrapper';
CREATE FUNCTION "sbg_survival"( "model" sbg_model, "t" INT ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_survival_wrapper';
CREATE FUNCTION "sbg_trans2"( "state" internal, "lifetime" INT, "alive" bool ) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_trans2_wrapper';
CREATE FUNCTION "sbg_trans3"( "state" internal, "lifetime" INT, "alive" bool, "weight" double precision ) RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'sbg_trans3_wrapper';
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
CREATE FUNCTION "customer_count"( "points" spend_points ) RETURNS double precision IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_customer_count_wrapper';
CREATE FUNCTION "jsonb"( "value" spend_points ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_jsonb_wrapper';
CREATE FUNCTION "gamma_gamma_fit"( "points" spend_points, "penalizer" double precision DEFAULT NULL ) RETURNS gamma_gamma_model IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'gamma_gamma_fit_points_wrapper';
CREATE FUNCTION "spend_points_eq"( "left" spend_points, "right" spend_points ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_eq_wrapper';
CREATE FUNCTION "spend_points_ne"( "left" spend_points, "right" spend_points ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_ne_wrapper';
CREATE FUNCTION "spend_points_hash"( "value" spend_points ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_hash_wrapper';
CREATE FUNCTION "json"( "value" spend_points ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_json_wrapper';
CREATE FUNCTION "distinct_points"( "points" spend_points ) RETURNS bigint IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_distinct_points_wrapper';
CREATE FUNCTION "spend_points_recv"( "buffer" internal ) RETURNS spend_points IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_recv_wrapper';
CREATE FUNCTION "spend_points_send"( "value" spend_points ) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_send_wrapper';
CREATE FUNCTION "subscription_lifetime"( "history" mrr_history, "as_of" date ) RETURNS TABLE ( "first_month" date, "lifetime" INT, "alive" bool ) IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'subscription_lifetime_wrapper';
CREATE AGGREGATE sbg_fit(lifetime integer, alive boolean) ( sfunc = sbg_trans2, stype = internal, finalfunc = sbg_final, combinefunc = sbg_combine, serialfunc = sbg_serialize, deserialfunc = sbg_deserialize, parallel = safe );
CREATE AGGREGATE sbg_fit(lifetime integer, alive boolean, weight float8) ( sfunc = sbg_trans3, stype = internal, finalfunc = sbg_final, combinefunc = sbg_combine, serialfunc = sbg_serialize, deserialfunc = sbg_deserialize, parallel = safe );
COMMENT ON TYPE sbg_model IS 'A fitted shifted-beta-geometric retention model (Fader & Hardie 2007): alpha, beta of the beta distribution of the per-period churn probability, with log_likelihood, n (customers), distinct (input rows), iterations, converged and penalizer (always 0). Text form is JSON that round-trips exactly.';
COMMENT ON AGGREGATE sbg_fit(integer, boolean) IS 'Fits the sBG model by maximum likelihood. lifetime: periods paid by a churned customer (alive = false, lifetime >= 1: it did not renew at the end of period lifetime), or renewals made so far by an active one (alive = true, lifetime >= 0). Rows with a NULL are skipped.';
COMMENT ON AGGREGATE sbg_fit(integer, boolean, float8) IS 'Fits the sBG model; weight is the number of customers sharing the row (cohort counts: churned customers per period, survivors at the end as alive rows). A negative weight is an error.';
COMMENT ON FUNCTION model_param(sbg_model, text) IS 'An sBG parameter by name: alpha or beta (case ignored); another name is an error listing them.';
COMMENT ON FUNCTION log_likelihood(sbg_model) IS 'Log-likelihood of the fit at its estimate; NULL for a model typed in by hand.';
COMMENT ON FUNCTION converged(sbg_model) IS 'Whether the fit converged (false for a model typed in by hand).';
COMMENT ON FUNCTION fitted_customers(sbg_model) IS 'Customers (total weight) the model was fitted on.';
COMMENT ON FUNCTION sbg_survival(sbg_model, integer) IS 'S(t): the share of a cohort still active after t >= 0 periods (t renewals), B(alpha, beta + t) / B(alpha, beta).';
COMMENT ON FUNCTION sbg_retention(sbg_model, integer) IS 'r(t): the probability that a customer active in period t >= 1 renews at its end, (beta + t - 1) / (alpha + beta + t - 1).';
COMMENT ON FUNCTION sbg_churn_probability(sbg_model, integer) IS 'P(T = t): the share of a new cohort that churns at the end of period t >= 1, S(t - 1) - S(t).';
COMMENT ON FUNCTION sbg_derl(sbg_model, float8, integer) IS 'Discounted expected residual lifetime (Fader & Hardie 2010) of a customer who has made renewals renewals: expected discounted number of future payments, the one at the next renewal undiscounted, discount per period >= 0.';
COMMENT ON FUNCTION sbg_remaining_lifetime(sbg_model, integer) IS 'Expected number of further renewals of a customer who has made renewals renewals: (beta + renewals) / (alpha - 1); NULL when alpha <= 1 (the mean is infinite).';
COMMENT ON FUNCTION sbg_cltv(sbg_model, float8, float8, integer) IS 'Contractual CLTV: value paid now and at every renewal, discounted per period, for a customer who has made renewals renewals (0: a new customer), value * (1 + sbg_derl / (1 + discount)).';
COMMENT ON FUNCTION sbg_expected_mrr(sbg_model, integer, float8, integer, float8) IS 'Expected MRR months ahead of a customer with lifetime renewals (subscription_lifetime) paying mrr now: mrr * S(lifetime + months) / S(lifetime) * (1 + monthly_growth)^months. Sum it over the base for an MRR forecast.';
COMMENT ON FUNCTION subscription_lifetime(mrr_history, date) IS 'A customer''s survival in months for sbg_fit, as of the month containing as_of: first paying month, lifetime (months paid until the first churn, or renewals so far when still paying) and alive. No row when the history has not paid by then. Reactivations after the first churn are ignored.';
CREATE FUNCTION "usage_summary_eq"( "left" usage_summary, "right" usage_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_summary_eq_wrapper';
CREATE FUNCTION "usage_summary_hash"( "value" usage_summary ) RETURNS INT IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_summary_hash_wrapper';
CREATE FUNCTION "jsonb"( "value" usage_summary ) RETURNS jsonb IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_summary_jsonb_wrapper';
CREATE FUNCTION "usage_summary_ne"( "left" usage_summary, "right" usage_summary ) RETURNS bool IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_summary_ne_wrapper';
CREATE AGGREGATE nps_agg(score smallint) ( sfunc = nps_trans, stype = internal, finalfunc = nps_final, combinefunc = nps_combine, serialfunc = nps_serialize, deserialfunc = nps_deserialize, parallel = safe );
CREATE AGGREGATE nps_agg(score bigint) ( sfunc = nps_trans, stype = internal, finalfunc = nps_final, combinefunc = nps_combine, serialfunc = nps_serialize, deserialfunc = nps_deserialize, parallel = safe );
COMMENT ON AGGREGATE nps_agg(smallint) IS 'nps_agg over a smallint column.';
COMMENT ON AGGREGATE nps_agg(bigint) IS 'nps_agg over a bigint column (e.g. a count or an integer literal cast to bigint).';
CREATE FUNCTION "json"( "value" usage_summary ) RETURNS json IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_summary_json_wrapper';
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
COMMENT ON FUNCTION btyd_calibration(rfm_summary, date, date, text) IS 'Calibration and holdout inputs as lifetimes'' calibration_and_holdout_data: frequency_cal, recency_cal, t_cal, monetary_value_cal as of calibration_end; frequency_holdout (distinct purchase periods), monetary_value_holdout (mean order amount) in (calibration_end, observation_end]; duration_holdout in periods. No row when there was no purchase by calibration_end.';
CREATE FUNCTION "usage_vector"( "s" usage_summary, "as_of" date, "features" TEXT[] DEFAULT NULL, "window_days" INT DEFAULT 28 ) RETURNS double precision[] IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_vector_wrapper';
CREATE FUNCTION usage_drop( s usage_summary, as_of date, recent_days int DEFAULT 14, baseline_days int DEFAULT 56, feature text DEFAULT NULL, OUT recent_active int, OUT baseline_active int, OUT baseline_length int, OUT recent_rate float8, OUT baseline_rate float8, OUT ratio float8, OUT p_value float8) RETURNS record IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_drop';
CREATE FUNCTION usage_alert( s usage_summary, as_of date, recent_days int DEFAULT 14, baseline_days int DEFAULT 56, feature text DEFAULT NULL) RETURNS text IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_alert';
COMMENT ON FUNCTION usage_vector(usage_summary, date, text[], integer) IS 'Feature vector of a usage summary as of a date, for clustering: [frequency (active days per week in the window), intensity (quantity per active day), recency (days), tenure (days), trend ((r - p) / (r + p) of active days, window vs the window before, -1 to 1), then per named feature its share of the window''s active days]. NULL when not active up to as_of.';
COMMENT ON FUNCTION usage_drop(usage_summary, date, integer, integer, text) IS 'Drop of activity: active days in the recent_days days ending at as_of against the baseline_days before them (from the day after the first activity), recent/baseline rates, their ratio and the one-sided Fisher exact test p-value of a decrease. Whole summary, or one feature.';
COMMENT ON FUNCTION usage_alert(usage_summary, date, integer, integer, text) IS 'alert (ratio <= 0.5 and p < 0.01), watch (ratio <= 0.75 and p < 0.05) or none, from usage_drop with the same arguments; none without a baseline.';
COMMENT ON FUNCTION bgnbd_fit(purchase_points, float8) IS 'Fits BG/NBD to stored points: the same model as the bgnbd_fit aggregate over the customers they hold. A NULL penalizer keeps the stored one (none: 0).';
COMMENT ON FUNCTION mbgnbd_fit(purchase_points, float8) IS 'Fits MBG/NBD to stored points: the same model as the mbgnbd_fit aggregate over the customers they hold. A NULL penalizer keeps the stored one (none: 0).';
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
COMMENT ON FUNCTION model_param(mbgnbd_model, text) IS 'An MBG/NBD parameter by name: r, alpha, a or b (case ignored); another name is an error listing them.';
COMMENT ON FUNCTION model_param(bgbb_model, text) IS 'A BG/BB parameter by name: alpha, beta, gamma or delta (case ignored); another name is an error listing them.';
COMMENT ON FUNCTION log_likelihood(mbgnbd_model) IS 'Log-likelihood of the fit at its estimate; NULL for a model typed in by hand.';
COMMENT ON FUNCTION log_likelihood(bgbb_model) IS 'Log-likelihood of the fit at its estimate; NULL for a model typed in by hand.';
COMMENT ON FUNCTION converged(mbgnbd_model) IS 'Whether the fit converged (false for a model typed in by hand).';
COMMENT ON FUNCTION converged(bgbb_model) IS 'Whether the fit converged (false for a model typed in by hand).';
COMMENT ON FUNCTION fitted_customers(mbgnbd_model) IS 'Customers (total weight) the model was fitted on.';
COMMENT ON FUNCTION fitted_customers(bgbb_model) IS 'Customers (total weight) the model was fitted on.';
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
