-- k-means family: the fitting aggregate kmeans_fit (internal state = the collected
-- points; combine appends; the final function sorts the points canonically and
-- fits), the silhouette aggregate, the hand-written readers, and COMMENT ON.
-- Aggregates cannot have DEFAULTs: one overload per arity. Two families of
-- overloads: k-means++ seeding (seed bigint, default 0) and given centroids
-- (init float8[]); standardize (default false) and max_iter (default 300) follow.

-- Transition functions: plain V1 C functions (one call per row; see src/kmeans.rs).
CREATE FUNCTION kmeans_trans(state internal, v float8[], k integer) RETURNS internal
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_trans';
CREATE FUNCTION kmeans_trans(state internal, v float8[], k integer, seed bigint) RETURNS internal
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_trans';
CREATE FUNCTION kmeans_trans(state internal, v float8[], k integer, seed bigint, standardize boolean) RETURNS internal
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_trans';
CREATE FUNCTION kmeans_trans(state internal, v float8[], k integer, seed bigint, standardize boolean, max_iter integer) RETURNS internal
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_trans';
CREATE FUNCTION kmeans_trans_init(state internal, v float8[], k integer, init float8[]) RETURNS internal
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_trans_init';
CREATE FUNCTION kmeans_trans_init(state internal, v float8[], k integer, init float8[], standardize boolean) RETURNS internal
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_trans_init';
CREATE FUNCTION kmeans_trans_init(state internal, v float8[], k integer, init float8[], standardize boolean, max_iter integer) RETURNS internal
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_trans_init';

CREATE AGGREGATE kmeans_fit(v float8[], k integer) (
    sfunc = kmeans_trans, stype = internal, finalfunc = kmeans_final,
    combinefunc = kmeans_combine, serialfunc = kmeans_serialize,
    deserialfunc = kmeans_deserialize, parallel = safe
);
CREATE AGGREGATE kmeans_fit(v float8[], k integer, seed bigint) (
    sfunc = kmeans_trans, stype = internal, finalfunc = kmeans_final,
    combinefunc = kmeans_combine, serialfunc = kmeans_serialize,
    deserialfunc = kmeans_deserialize, parallel = safe
);
CREATE AGGREGATE kmeans_fit(v float8[], k integer, seed bigint, standardize boolean) (
    sfunc = kmeans_trans, stype = internal, finalfunc = kmeans_final,
    combinefunc = kmeans_combine, serialfunc = kmeans_serialize,
    deserialfunc = kmeans_deserialize, parallel = safe
);
CREATE AGGREGATE kmeans_fit(v float8[], k integer, seed bigint, standardize boolean, max_iter integer) (
    sfunc = kmeans_trans, stype = internal, finalfunc = kmeans_final,
    combinefunc = kmeans_combine, serialfunc = kmeans_serialize,
    deserialfunc = kmeans_deserialize, parallel = safe
);
CREATE AGGREGATE kmeans_fit(v float8[], k integer, init float8[]) (
    sfunc = kmeans_trans_init, stype = internal, finalfunc = kmeans_final,
    combinefunc = kmeans_combine, serialfunc = kmeans_serialize,
    deserialfunc = kmeans_deserialize, parallel = safe
);
CREATE AGGREGATE kmeans_fit(v float8[], k integer, init float8[], standardize boolean) (
    sfunc = kmeans_trans_init, stype = internal, finalfunc = kmeans_final,
    combinefunc = kmeans_combine, serialfunc = kmeans_serialize,
    deserialfunc = kmeans_deserialize, parallel = safe
);
CREATE AGGREGATE kmeans_fit(v float8[], k integer, init float8[], standardize boolean, max_iter integer) (
    sfunc = kmeans_trans_init, stype = internal, finalfunc = kmeans_final,
    combinefunc = kmeans_combine, serialfunc = kmeans_serialize,
    deserialfunc = kmeans_deserialize, parallel = safe
);

CREATE FUNCTION kmeans_silhouette_trans(state internal, model kmeans_model, v float8[]) RETURNS internal
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_silhouette_trans';
CREATE AGGREGATE kmeans_silhouette(model kmeans_model, v float8[]) (
    sfunc = kmeans_silhouette_trans, stype = internal, finalfunc = kmeans_silhouette_final,
    combinefunc = kmeans_silhouette_combine, serialfunc = kmeans_silhouette_serialize,
    deserialfunc = kmeans_silhouette_deserialize, parallel = safe
);

-- k x d: two dimensions, which pgrx's generated functions cannot return.
CREATE FUNCTION kmeans_centroids(model kmeans_model) RETURNS float8[]
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'kmeans_centroids';

COMMENT ON TYPE kmeans_model IS
'A fitted k-means model: k, d, centroids (k rows of d values, original units), sizes, inertia (in the fitted space), n, iterations, converged, max_iter, init (k-means++ or given), seed, standardize (means and sds of the z-scores, or null). Text form is JSON that round-trips exactly.';


COMMENT ON AGGREGATE kmeans_fit(float8[], integer) IS
'Fits k-means with k clusters to the vectors v (one float8[] of the same length per row): k-means++ seeding with seed 0, then Lloyd''s algorithm with scikit-learn''s stopping rules (tol 1e-4 of the mean variance, at most 300 iterations). Rows with a NULL v are skipped; NULL without rows.';
COMMENT ON AGGREGATE kmeans_fit(float8[], integer, bigint) IS
'Fits k-means with k-means++ seeding drawn with the given seed (the same seed gives the same model in any plan).';
COMMENT ON AGGREGATE kmeans_fit(float8[], integer, bigint, boolean) IS
'Fits k-means with a seed; standardize fits on z-scores (population means and sds kept in the model; centroids reported in original units).';
COMMENT ON AGGREGATE kmeans_fit(float8[], integer, bigint, boolean, integer) IS
'Fits k-means with a seed, optional standardization and an iteration cap max_iter.';
COMMENT ON AGGREGATE kmeans_fit(float8[], integer, float8[]) IS
'Fits k-means from given starting centroids init: k rows of d values, a k x d array or flattened (as scikit-learn''s KMeans(init=array, n_init=1)).';
COMMENT ON AGGREGATE kmeans_fit(float8[], integer, float8[], boolean) IS
'Fits k-means from given starting centroids (original units); standardize fits on z-scores.';
COMMENT ON AGGREGATE kmeans_fit(float8[], integer, float8[], boolean, integer) IS
'Fits k-means from given starting centroids with optional standardization and an iteration cap max_iter.';
COMMENT ON AGGREGATE kmeans_silhouette(kmeans_model, float8[]) IS
'Mean silhouette coefficient of the vectors v labelled by the model (Euclidean, in the model''s fitted space), as scikit-learn''s silhouette_score: O(n^2), run it on a sample (TABLESAMPLE or LIMIT). NULL when fewer than 2 clusters, or as many clusters as rows, occur.';

COMMENT ON FUNCTION kmeans_assign(kmeans_model, float8[]) IS
'The cluster (1 to k, the row of kmeans_centroids) whose centroid is nearest to v in the fitted space; ties go to the lower number.';
COMMENT ON FUNCTION kmeans_distance(kmeans_model, float8[]) IS
'Euclidean distance from v to its nearest centroid, in the fitted space (z-score units when the model is standardized).';
COMMENT ON FUNCTION kmeans_centroids(kmeans_model) IS
'The centroids as a k x d two-dimensional array in original units; row c is cluster c.';
COMMENT ON FUNCTION kmeans_inertia(kmeans_model) IS
'Sum of squared distances of the fitted points to their centroids, in the fitted space (scikit-learn''s inertia_).';
COMMENT ON FUNCTION kmeans_sizes(kmeans_model) IS
'Points per cluster, clusters 1 to k.';
