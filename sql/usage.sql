-- Usage family: hand-written aggregates (pgrx's #[pg_aggregate] gets the
-- deserial signature of internal states wrong) and COMMENT ON for every function.

-- time_zone: a zone name ('Europe/Paris', 'UTC', 'PST', '+02') for the explicit-zone
-- overloads. It is text underneath (the text I/O functions, binary-coercible casts)
-- but not collatable: postgres_fdw does not ship an aggregate call whose collatable
-- arguments are all constants, so a text zone argument would keep the call local.
CREATE TYPE time_zone;
CREATE FUNCTION time_zone_in(cstring) RETURNS time_zone IMMUTABLE STRICT PARALLEL SAFE LANGUAGE internal AS 'textin';
CREATE FUNCTION time_zone_out(time_zone) RETURNS cstring IMMUTABLE STRICT PARALLEL SAFE LANGUAGE internal AS 'textout';
CREATE FUNCTION time_zone_recv(internal) RETURNS time_zone IMMUTABLE STRICT PARALLEL SAFE LANGUAGE internal AS 'textrecv';
CREATE FUNCTION time_zone_send(time_zone) RETURNS bytea IMMUTABLE STRICT PARALLEL SAFE LANGUAGE internal AS 'textsend';
CREATE TYPE time_zone (
    INPUT = time_zone_in, OUTPUT = time_zone_out, RECEIVE = time_zone_recv, SEND = time_zone_send,
    LIKE = text, COLLATABLE = false
);
CREATE CAST (text AS time_zone) WITHOUT FUNCTION AS IMPLICIT;
CREATE CAST (varchar AS time_zone) WITHOUT FUNCTION AS IMPLICIT;
CREATE CAST (time_zone AS text) WITHOUT FUNCTION AS ASSIGNMENT;
COMMENT ON FUNCTION time_zone_in(cstring) IS 'Text input function of type time_zone (internal use).';
COMMENT ON FUNCTION time_zone_out(time_zone) IS 'Text output function of type time_zone (internal use).';
COMMENT ON FUNCTION time_zone_recv(internal) IS 'Binary input function of type time_zone (internal use).';
COMMENT ON FUNCTION time_zone_send(time_zone) IS 'Binary output function of type time_zone (internal use).';
COMMENT ON TYPE time_zone IS
'A time zone name as AT TIME ZONE takes it (''Europe/Paris'', ''UTC'', ''PST''), for the explicit-zone overloads of usage_agg, usage_intensity and rfm_agg; text converts to it implicitly. Not collatable, so calls with a constant zone are pushed down to postgres_fdw shards.';

-- The transitions and the final function are plain fmgr functions (src/usage.rs:
-- one call per event, no per-call wrapper; the final function writes the stored
-- form without copying the state).
CREATE FUNCTION usage_trans(internal, date) RETURNS internal
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_trans';
CREATE FUNCTION usage_trans(internal, date, float8) RETURNS internal
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_trans';
CREATE FUNCTION usage_trans(internal, date, float8, text) RETURNS internal
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_trans';
CREATE FUNCTION usage_trans_tz(internal, timestamptz) RETURNS internal
    STABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_trans_tz';
CREATE FUNCTION usage_trans_tz(internal, timestamptz, float8) RETURNS internal
    STABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_trans_tz';
CREATE FUNCTION usage_trans_tz(internal, timestamptz, float8, text) RETURNS internal
    STABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_trans_tz';
CREATE FUNCTION usage_trans_zone(internal, time_zone, timestamptz) RETURNS internal
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_trans_zone';
CREATE FUNCTION usage_trans_zone(internal, time_zone, timestamptz, float8) RETURNS internal
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_trans_zone';
CREATE FUNCTION usage_trans_zone(internal, time_zone, timestamptz, float8, text) RETURNS internal
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_trans_zone';
CREATE FUNCTION usage_final(internal) RETURNS usage_summary
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_final';

-- usage_agg takes no DEFAULTs (aggregates cannot have them): one overload per arity.
CREATE AGGREGATE usage_agg(ts date) (
    sfunc = usage_trans, stype = internal, finalfunc = usage_final,
    combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize,
    parallel = safe
);
CREATE AGGREGATE usage_agg(ts date, quantity float8) (
    sfunc = usage_trans, stype = internal, finalfunc = usage_final,
    combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize,
    parallel = safe
);
CREATE AGGREGATE usage_agg(ts date, quantity float8, feature text) (
    sfunc = usage_trans, stype = internal, finalfunc = usage_final,
    combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize,
    parallel = safe
);
CREATE AGGREGATE usage_agg(ts timestamptz) (
    sfunc = usage_trans_tz, stype = internal, finalfunc = usage_final,
    combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize,
    parallel = safe
);
CREATE AGGREGATE usage_agg(ts timestamptz, quantity float8) (
    sfunc = usage_trans_tz, stype = internal, finalfunc = usage_final,
    combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize,
    parallel = safe
);
CREATE AGGREGATE usage_agg(ts timestamptz, quantity float8, feature text) (
    sfunc = usage_trans_tz, stype = internal, finalfunc = usage_final,
    combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize,
    parallel = safe
);
-- Explicit zone first, as in PostgreSQL's timezone(zone, ts) (last, a constant
-- zone could resolve to the text feature argument): IMMUTABLE.
CREATE AGGREGATE usage_agg(zone time_zone, ts timestamptz) (
    sfunc = usage_trans_zone, stype = internal, finalfunc = usage_final,
    combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize,
    parallel = safe
);
CREATE AGGREGATE usage_agg(zone time_zone, ts timestamptz, quantity float8) (
    sfunc = usage_trans_zone, stype = internal, finalfunc = usage_final,
    combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize,
    parallel = safe
);
CREATE AGGREGATE usage_agg(zone time_zone, ts timestamptz, quantity float8, feature text) (
    sfunc = usage_trans_zone, stype = internal, finalfunc = usage_final,
    combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize,
    parallel = safe
);

CREATE AGGREGATE usage_intensity(ts date, quantity float8) (
    sfunc = usage_trans, stype = internal, finalfunc = usage_intensity_final,
    combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize,
    parallel = safe
);
CREATE AGGREGATE usage_intensity(ts timestamptz, quantity float8) (
    sfunc = usage_trans_tz, stype = internal, finalfunc = usage_intensity_final,
    combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize,
    parallel = safe
);
CREATE AGGREGATE usage_intensity(zone time_zone, ts timestamptz, quantity float8) (
    sfunc = usage_trans_zone, stype = internal, finalfunc = usage_intensity_final,
    combinefunc = usage_combine, serialfunc = usage_serialize, deserialfunc = usage_deserialize,
    parallel = safe
);

-- The session-zone overloads depend on the TimeZone setting. CREATE AGGREGATE
-- records every aggregate IMMUTABLE; recorded STABLE instead, postgres_fdw never
-- ships them to a server that would evaluate them in its own zone
-- (docs/scale-out.md).
UPDATE pg_catalog.pg_proc SET provolatile = 's'
WHERE oid IN ('usage_agg(timestamptz)'::regprocedure, 'usage_agg(timestamptz, float8)'::regprocedure,
              'usage_agg(timestamptz, float8, text)'::regprocedure,
              'usage_intensity(timestamptz, float8)'::regprocedure);

-- The state is the summary type itself, so Citus can combine partial rollups; the
-- transition keeps it decoded between rows as an expanded object (src/aggregate.rs).
CREATE FUNCTION usage_summary_merge(usage_summary, usage_summary) RETURNS usage_summary
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_summary_merge';
CREATE AGGREGATE rollup(usage_summary) (
    sfunc = usage_summary_merge, stype = usage_summary,
    combinefunc = usage_summary_merge, parallel = safe
);

COMMENT ON TYPE usage_summary IS
'Usage of a group (user, account, day, shard): events, exact total quantity, active days as a compressed bitmap, and the same per feature. Built by usage_agg, merged by rollup. Text form is JSON that round-trips exactly.';

COMMENT ON AGGREGATE usage_agg(date) IS
'Summarizes usage events (one per row, quantity 1) into a usage_summary. NULL dates are skipped.';
COMMENT ON AGGREGATE usage_agg(date, float8) IS
'Summarizes usage events with a quantity into a usage_summary. Rows with NULL date or quantity are skipped; NaN, infinite or negative quantities are errors.';
COMMENT ON AGGREGATE usage_agg(date, float8, text) IS
'Summarizes usage events with a quantity and a feature into a usage_summary, with per-feature events, quantity and active days. A NULL feature counts in the totals only.';
COMMENT ON AGGREGATE usage_agg(timestamptz) IS
'Summarizes usage events (quantity 1); timestamps become calendar days in the session TimeZone.';
COMMENT ON AGGREGATE usage_agg(timestamptz, float8) IS
'Summarizes usage events with a quantity; timestamps become calendar days in the session TimeZone.';
COMMENT ON AGGREGATE usage_agg(timestamptz, float8, text) IS
'Summarizes usage events with a quantity and a feature; timestamps become calendar days in the session TimeZone.';
COMMENT ON AGGREGATE usage_agg(time_zone, timestamptz) IS
'Summarizes usage events (quantity 1); timestamps become calendar days in the named time zone (e.g. ''Europe/Paris'', or a column), whatever the session TimeZone: IMMUTABLE, so every server gives the same answer and shards compute it.';
COMMENT ON AGGREGATE usage_agg(time_zone, timestamptz, float8) IS
'Summarizes usage events with a quantity; timestamps become calendar days in the named time zone, whatever the session TimeZone (IMMUTABLE).';
COMMENT ON AGGREGATE usage_agg(time_zone, timestamptz, float8, text) IS
'Summarizes usage events with a quantity and a feature; timestamps become calendar days in the named time zone, whatever the session TimeZone (IMMUTABLE).';
COMMENT ON AGGREGATE usage_intensity(date, float8) IS
'One-step usage intensity: total quantity per active day of the group.';
COMMENT ON AGGREGATE usage_intensity(timestamptz, float8) IS
'One-step usage intensity: total quantity per active day (days in the session TimeZone).';
COMMENT ON AGGREGATE usage_intensity(time_zone, timestamptz, float8) IS
'One-step usage intensity: total quantity per active day, days in the named time zone whatever the session TimeZone (IMMUTABLE).';
COMMENT ON AGGREGATE rollup(usage_summary) IS
'Merges usage summaries (days into months, users into accounts, shards into a cluster). Equal to usage_agg over all the underlying events.';

COMMENT ON FUNCTION events(usage_summary) IS 'Number of events in the summary.';
COMMENT ON FUNCTION total_quantity(usage_summary) IS 'Exact sum of the quantities, correctly rounded to float8.';
COMMENT ON FUNCTION first_seen(usage_summary) IS 'First active day.';
COMMENT ON FUNCTION last_seen(usage_summary) IS 'Last active day.';
COMMENT ON FUNCTION active_days(usage_summary) IS 'Number of distinct active days.';
COMMENT ON FUNCTION active_days(usage_summary, date, date) IS 'Number of active days between from and to, both included (0 when from > to).';
COMMENT ON FUNCTION active_periods(usage_summary, text) IS 'Number of distinct day, week (ISO) or month periods with activity.';
COMMENT ON FUNCTION recency_days(usage_summary, date) IS 'Days from the last active day on or before as_of to as_of; NULL when not active up to as_of.';
COMMENT ON FUNCTION tenure_days(usage_summary, date) IS 'Days from the first active day to as_of; NULL when first seen after as_of.';
COMMENT ON FUNCTION feature_breadth(usage_summary) IS 'Number of distinct features used.';
COMMENT ON FUNCTION feature_events(usage_summary, text) IS 'Events of one feature (0 when never used).';
COMMENT ON FUNCTION feature_usage(usage_summary) IS 'One row per feature: events, quantity, active_days, first_seen, last_seen.';
COMMENT ON FUNCTION usage_intensity(usage_summary) IS 'Total quantity per active day; NULL for a summary without active days.';
COMMENT ON FUNCTION usage_frequency(usage_summary, date, integer) IS 'Share of the window_days days ending at as_of (inclusive) with activity, 0 to 1.';
COMMENT ON FUNCTION frequency_class(usage_summary, date, integer, integer, integer) IS 'daily (>= daily_min_days active of the last 28), weekly (active in >= weekly_min_weeks of the last 4 weeks), monthly (active in the last monthly_window_days), lapsed (active before) or non_user.';
COMMENT ON FUNCTION usage_trend(usage_summary, date, integer) IS 'Relative change of active days, recent half of the window against the earlier half; NULL when the earlier half had none.';
COMMENT ON FUNCTION usage_segment(float8, float8[], text[]) IS 'Segment of a value between ascending population cuts (n cuts, n + 1 labels); a value equal to a cut belongs to the upper segment.';
COMMENT ON FUNCTION usage_quadrant(float8, float8, float8, float8, text[]) IS 'Quadrant of (frequency, intensity) against two cuts: casual (low/low), social (high frequency), competitive (high intensity), hardcore (high/high).';
