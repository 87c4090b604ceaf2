-- Runs last: aggregate support functions and type I/O functions are created by
-- pgrx or the family files; comment each one that has no comment yet (or one made
-- here before: an update re-runs this and a support function may serve new
-- aggregates) with what it serves, so \df+ explains every function of the
-- extension. User-facing functions carry their own COMMENT ON in their family's file (the regression test lists any
-- function left without one).

-- Stored CLV fit inputs (sql/fit_points.sql).
COMMENT ON FUNCTION bgnbd_fit(purchase_points, float8) IS
'Fits BG/NBD to stored points: the same model as the bgnbd_fit aggregate over the customers they hold. A NULL penalizer keeps the stored one (none: 0).';
COMMENT ON FUNCTION mbgnbd_fit(purchase_points, float8) IS
'Fits MBG/NBD to stored points: the same model as the mbgnbd_fit aggregate over the customers they hold. A NULL penalizer keeps the stored one (none: 0).';
COMMENT ON FUNCTION pareto_nbd_fit(purchase_points, float8) IS
'Fits Pareto/NBD to stored points: the same model as the pareto_nbd_fit aggregate over the customers they hold.';
COMMENT ON FUNCTION gamma_gamma_fit(spend_points, float8) IS
'Fits Gamma-Gamma to stored points: the same model as the gamma_gamma_fit aggregate over the customers they hold.';
COMMENT ON FUNCTION distinct_points(purchase_points) IS 'Number of distinct (x, t_x, T) points.';
COMMENT ON FUNCTION distinct_points(spend_points) IS 'Number of distinct (x, monetary) points.';
COMMENT ON FUNCTION customer_count(purchase_points) IS 'Number of customers (the total weight) the points stand for.';
COMMENT ON FUNCTION customer_count(spend_points) IS 'Number of repeat customers (the total weight) the points stand for.';

-- Model accessors (src/cltv.rs, model_accessors!).
COMMENT ON FUNCTION model_param(bgnbd_model, text) IS
'A BG/NBD parameter by name: r, alpha, a or b (case ignored); another name is an error listing them.';
COMMENT ON FUNCTION model_param(pareto_nbd_model, text) IS
'A Pareto/NBD parameter by name: r, alpha, s or beta (case ignored); another name is an error listing them.';
COMMENT ON FUNCTION model_param(gamma_gamma_model, text) IS
'A Gamma-Gamma parameter by name: p, q or v (case ignored); another name is an error listing them.';
COMMENT ON FUNCTION log_likelihood(bgnbd_model) IS
'Log-likelihood of the fit at its estimate; NULL for a model typed in by hand.';
COMMENT ON FUNCTION log_likelihood(pareto_nbd_model) IS
'Log-likelihood of the fit at its estimate; NULL for a model typed in by hand.';
COMMENT ON FUNCTION log_likelihood(gamma_gamma_model) IS
'Log-likelihood of the fit at its estimate; NULL for a model typed in by hand.';
COMMENT ON FUNCTION converged(bgnbd_model) IS 'Whether the fit converged (false for a model typed in by hand).';
COMMENT ON FUNCTION converged(pareto_nbd_model) IS 'Whether the fit converged (false for a model typed in by hand).';
COMMENT ON FUNCTION converged(gamma_gamma_model) IS 'Whether the fit converged (false for a model typed in by hand).';
COMMENT ON FUNCTION fitted_customers(bgnbd_model) IS 'Customers (total weight) the model was fitted on.';
COMMENT ON FUNCTION fitted_customers(pareto_nbd_model) IS 'Customers (total weight) the model was fitted on.';
COMMENT ON FUNCTION fitted_customers(gamma_gamma_model) IS
'Repeat customers (total weight) the model was fitted on.';
COMMENT ON FUNCTION model_param(mbgnbd_model, text) IS
'An MBG/NBD parameter by name: r, alpha, a or b (case ignored); another name is an error listing them.';
COMMENT ON FUNCTION model_param(bgbb_model, text) IS
'A BG/BB parameter by name: alpha, beta, gamma or delta (case ignored); another name is an error listing them.';
COMMENT ON FUNCTION log_likelihood(mbgnbd_model) IS
'Log-likelihood of the fit at its estimate; NULL for a model typed in by hand.';
COMMENT ON FUNCTION log_likelihood(bgbb_model) IS
'Log-likelihood of the fit at its estimate; NULL for a model typed in by hand.';
COMMENT ON FUNCTION converged(mbgnbd_model) IS 'Whether the fit converged (false for a model typed in by hand).';
COMMENT ON FUNCTION converged(bgbb_model) IS 'Whether the fit converged (false for a model typed in by hand).';
COMMENT ON FUNCTION fitted_customers(mbgnbd_model) IS 'Customers (total weight) the model was fitted on.';
COMMENT ON FUNCTION fitted_customers(bgbb_model) IS 'Customers (total weight) the model was fitted on.';

-- Types that tools read: every type declared with summary_type! (src/pgutil.rs)
-- has the functions of tool_functions!, wired here the same way for each:
-- casts to json and jsonb (to_json and row_to_json use the cast to json), = and
-- <> with a hash opclass (DISTINCT, UNION, GROUP BY, hash joins), and binary
-- send/receive (COPY ... FORMAT binary, binary-protocol clients). There is no
-- btree opclass: the summaries have no meaningful order.
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
