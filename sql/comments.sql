-- Runs last: aggregate support functions and type I/O functions are created by
-- pgrx or the family files; comment each one that has no comment yet with what it
-- serves, so \df+ explains every function of the extension. User-facing functions
-- carry their own COMMENT ON in their family's file (the regression test lists any
-- function left without one).
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
        WHERE obj_description(p.oid, 'pg_proc') IS NULL
    LOOP
        IF f.comment IS NOT NULL THEN
            EXECUTE format('COMMENT ON FUNCTION %s IS %L', f.signature, f.comment);
        END IF;
    END LOOP;
END
$comments$;
