-- One line per member object of pg_usage with everything that defines it: run on a
-- fresh install and on an upgraded one, the two outputs must be equal.
SELECT line FROM (
  SELECT 'function ' || p.oid::regprocedure || ' kind=' || p.prokind::text || ' vol=' || p.provolatile::text::text
         || ' strict=' || p.proisstrict || ' parallel=' || p.proparallel::text || ' returns=' || p.prorettype::regtype
         || ' retset=' || p.proretset || ' lang=' || l.lanname || ' src=' || p.prosrc
         || ' bin=' || coalesce(p.probin, '') || ' args=' || pg_get_function_arguments(p.oid)
         || ' cost=' || p.procost || ' comment=' || coalesce(obj_description(p.oid, 'pg_proc'), '<none>') AS line
  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_usage'
  UNION ALL
  SELECT 'aggregate ' || a.aggfnoid::regprocedure || ' sfunc=' || a.aggtransfn::regprocedure
         || ' stype=' || a.aggtranstype::regtype || ' final=' || a.aggfinalfn::regproc
         || ' combine=' || a.aggcombinefn::regproc || ' serial=' || a.aggserialfn::regproc
         || ' deserial=' || a.aggdeserialfn::regproc || ' init=' || coalesce(a.agginitval, '<null>')
         || ' finalmodify=' || a.aggfinalmodify::text || ' kind=' || a.aggkind::text
  FROM pg_aggregate a
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = a.aggfnoid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_usage'
  UNION ALL
  SELECT 'type ' || t.oid::regtype || ' in=' || t.typinput::regproc || ' out=' || t.typoutput::regproc
         || ' recv=' || t.typreceive::regproc || ' send=' || t.typsend::regproc || ' len=' || t.typlen
         || ' align=' || t.typalign::text || ' storage=' || t.typstorage::text || ' collation=' || t.typcollation
         || ' category=' || t.typcategory::text || ' comment=' || coalesce(obj_description(t.oid, 'pg_type'), '<none>')
  FROM pg_type t
  JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_usage'
  UNION ALL
  -- Every other member (casts, operators, operator classes and families ...) by its description.
  SELECT 'object ' || pg_describe_object(d.classid, d.objid, d.objsubid)
         || ' comment=' || coalesce(obj_description(d.objid, c.relname), '<none>')
  FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_usage'
  JOIN pg_class c ON c.oid = d.classid
  WHERE d.deptype = 'e' AND d.classid NOT IN ('pg_proc'::regclass, 'pg_type'::regclass)
) lines ORDER BY line;
