-- Stored CLV fit inputs (src/fit_points.rs). The aggregates' state is the stored
-- type itself, with a combine function: PostgreSQL runs them in parallel and Citus
-- combines partial states on its workers (it does so only for non-internal states).

CREATE FUNCTION purchase_points_trans(purchase_points, float8, float8, float8) RETURNS purchase_points
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_trans';
CREATE FUNCTION purchase_points_trans(purchase_points, float8, float8, float8, float8) RETURNS purchase_points
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_trans';
CREATE FUNCTION purchase_points_merge(purchase_points, purchase_points) RETURNS purchase_points
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'purchase_points_merge';
CREATE FUNCTION spend_points_trans(spend_points, float8, float8) RETURNS spend_points
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_trans';
CREATE FUNCTION spend_points_trans(spend_points, float8, float8, float8) RETURNS spend_points
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_trans';
CREATE FUNCTION spend_points_merge(spend_points, spend_points) RETURNS spend_points
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'spend_points_merge';

CREATE AGGREGATE purchase_points(x float8, t_x float8, age float8) (
    sfunc = purchase_points_trans, stype = purchase_points,
    combinefunc = purchase_points_merge, parallel = safe
);
CREATE AGGREGATE purchase_points(x float8, t_x float8, age float8, weight float8) (
    sfunc = purchase_points_trans, stype = purchase_points,
    combinefunc = purchase_points_merge, parallel = safe
);
CREATE AGGREGATE rollup(purchase_points) (
    sfunc = purchase_points_merge, stype = purchase_points,
    combinefunc = purchase_points_merge, parallel = safe
);
CREATE AGGREGATE spend_points(x float8, monetary float8) (
    sfunc = spend_points_trans, stype = spend_points,
    combinefunc = spend_points_merge, parallel = safe
);
CREATE AGGREGATE spend_points(x float8, monetary float8, weight float8) (
    sfunc = spend_points_trans, stype = spend_points,
    combinefunc = spend_points_merge, parallel = safe
);
CREATE AGGREGATE rollup(spend_points) (
    sfunc = spend_points_merge, stype = spend_points,
    combinefunc = spend_points_merge, parallel = safe
);

COMMENT ON TYPE purchase_points IS
'The distinct (x, t_x, T) points of a set of customers with their counts: the input of bgnbd_fit and pareto_nbd_fit, compressed. Built by purchase_points, merged by rollup (shards into a cluster); text form is JSON that round-trips exactly.';
COMMENT ON TYPE spend_points IS
'The distinct (x, monetary) points of the repeat customers of a set with their counts: the input of gamma_gamma_fit, compressed. Built by spend_points, merged by rollup; text form is JSON that round-trips exactly.';
COMMENT ON AGGREGATE purchase_points(float8, float8, float8) IS
'Compresses customers (x repeat purchases, t_x time of the last, T age) into their distinct points with counts; rows are checked as bgnbd_fit checks them and rows with a NULL are skipped.';
COMMENT ON AGGREGATE purchase_points(float8, float8, float8, float8) IS
'purchase_points with a weight per row (the number of customers it stands for).';
COMMENT ON AGGREGATE rollup(purchase_points) IS
'Merges purchase_points (shards into a cluster): equal to purchase_points over all the customers.';
COMMENT ON AGGREGATE spend_points(float8, float8) IS
'Compresses the repeat customers (x > 0 repeat purchases, monetary mean spend) into their distinct points with counts; customers without repeat purchases are left out, as gamma_gamma_fit does.';
COMMENT ON AGGREGATE spend_points(float8, float8, float8) IS
'spend_points with a weight per row (the number of customers it stands for).';
COMMENT ON AGGREGATE rollup(spend_points) IS
'Merges spend_points (shards into a cluster): equal to spend_points over all the customers.';
-- The COMMENTs of the fits and accessors (made by pgrx) are in sql/comments.sql,
-- which runs last: pgrx may place those functions after this file.
