-- The extension's catalog: every function carries a comment, every aggregate is
-- parallel safe, and every aggregate with an internal state can be split across
-- parallel workers (combine, serial and deserial functions).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;

CREATE TEMP VIEW extension_functions AS
SELECT p.oid, p.oid::regprocedure AS signature, p.prokind, p.proparallel
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_usage';

-- Functions without a comment: none.
SELECT signature FROM extension_functions
WHERE obj_description(oid, 'pg_proc') IS NULL ORDER BY signature::text;

-- Aggregates that are not parallel safe: none.
SELECT signature FROM extension_functions WHERE prokind = 'a' AND proparallel <> 's' ORDER BY signature::text;

-- Internal-state aggregates missing a combine, serial or deserial function: none.
SELECT f.signature
FROM extension_functions f JOIN pg_aggregate a ON a.aggfnoid = f.oid
WHERE a.aggtranstype = 'internal'::regtype
  AND (a.aggcombinefn = 0 OR a.aggserialfn = 0 OR a.aggdeserialfn = 0)
ORDER BY f.signature::text;

-- Aggregates with a plain state type: each has a combine function; rollups combine
-- with their transition function, so Citus can combine partial aggregates.
SELECT f.signature, a.aggtranstype::regtype AS state, a.aggcombinefn::regproc AS combine,
       a.aggcombinefn = a.aggtransfn AS combines_itself
FROM extension_functions f JOIN pg_aggregate a ON a.aggfnoid = f.oid
WHERE a.aggtranstype <> 'internal'::regtype
ORDER BY f.signature::text;
