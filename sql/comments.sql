-- Runs last: aggregate support functions and type I/O functions are created by
-- pgrx or the family files; comment each one that has no comment yet (or one made
-- here before: an update re-runs this and a support function may serve new
-- aggregates) with what it serves, so \df+ explains every function of the
-- extension. User-facing functions carry their own COMMENT ON in their family's file (the regression test lists any
-- function left without one).

-- Stored CLV fit inputs (sql/fit_points.sql).
COMMENT ON FUNCTION bgnbd_fit(purchase_points, float8) IS
'Fits BG/NBD to stored points: the same model as the bgnbd_fit aggregate over the customers they hold. A NULL penalizer keeps the stored one (none: 0).';
COMMENT ON FUNCTION pareto_nbd_fit(purchase_points, float8) IS
'Fits Pareto/NBD to stored points: the same model as the pareto_nbd_fit aggregate over the customers they hold.';
COMMENT ON FUNCTION gamma_gamma_fit(spend_points, float8) IS
'Fits Gamma-Gamma to stored points: the same model as the gamma_gamma_fit aggregate over the customers they hold.';
COMMENT ON FUNCTION distinct_points(purchase_points) IS 'Number of distinct (x, t_x, T) points.';
COMMENT ON FUNCTION distinct_points(spend_points) IS 'Number of distinct (x, monetary) points.';
COMMENT ON FUNCTION customer_count(purchase_points) IS 'Number of customers (the total weight) the points stand for.';
COMMENT ON FUNCTION customer_count(spend_points) IS 'Number of repeat customers (the total weight) the points stand for.';

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
