-- Funnel family: window_funnel with ClickHouse windowFunnel semantics. Aggregates
-- cannot take DEFAULTs, so the modes argument is a separate overload.

CREATE AGGREGATE window_funnel("window" interval, ts timestamptz, steps boolean[], modes text[]) (
    sfunc = funnel_trans_tz, stype = internal, finalfunc = funnel_final,
    combinefunc = funnel_combine, serialfunc = funnel_serialize, deserialfunc = funnel_deserialize,
    parallel = safe
);
CREATE AGGREGATE window_funnel("window" interval, ts timestamptz, steps boolean[]) (
    sfunc = funnel_trans3_tz, stype = internal, finalfunc = funnel_final,
    combinefunc = funnel_combine, serialfunc = funnel_serialize, deserialfunc = funnel_deserialize,
    parallel = safe
);
CREATE AGGREGATE window_funnel("window" interval, ts timestamp, steps boolean[], modes text[]) (
    sfunc = funnel_trans_ts, stype = internal, finalfunc = funnel_final,
    combinefunc = funnel_combine, serialfunc = funnel_serialize, deserialfunc = funnel_deserialize,
    parallel = safe
);
CREATE AGGREGATE window_funnel("window" interval, ts timestamp, steps boolean[]) (
    sfunc = funnel_trans3_ts, stype = internal, finalfunc = funnel_final,
    combinefunc = funnel_combine, serialfunc = funnel_serialize, deserialfunc = funnel_deserialize,
    parallel = safe
);
CREATE AGGREGATE window_funnel("window" interval, ts date, steps boolean[], modes text[]) (
    sfunc = funnel_trans_date, stype = internal, finalfunc = funnel_final,
    combinefunc = funnel_combine, serialfunc = funnel_serialize, deserialfunc = funnel_deserialize,
    parallel = safe
);
CREATE AGGREGATE window_funnel("window" interval, ts date, steps boolean[]) (
    sfunc = funnel_trans3_date, stype = internal, finalfunc = funnel_final,
    combinefunc = funnel_combine, serialfunc = funnel_serialize, deserialfunc = funnel_deserialize,
    parallel = safe
);

COMMENT ON AGGREGATE window_funnel(interval, timestamptz, boolean[], text[]) IS
'ClickHouse windowFunnel: the highest funnel step reached, where each step must follow the previous one within window of the chain''s first step. steps holds one boolean per step (1 to 32); modes: strict_order, strict_deduplication, strict_increase, strict_once, allow_reentry (with strict_order). 0 when no step 1 occurred.';
COMMENT ON AGGREGATE window_funnel(interval, timestamptz, boolean[]) IS
'window_funnel without modes (ClickHouse windowFunnel default behaviour).';
COMMENT ON AGGREGATE window_funnel(interval, timestamp, boolean[], text[]) IS
'window_funnel over timestamp without time zone.';
COMMENT ON AGGREGATE window_funnel(interval, timestamp, boolean[]) IS
'window_funnel over timestamp without time zone, without modes.';
COMMENT ON AGGREGATE window_funnel(interval, date, boolean[], text[]) IS
'window_funnel over dates (each date is its midnight; use whole days as window).';
COMMENT ON AGGREGATE window_funnel(interval, date, boolean[]) IS
'window_funnel over dates, without modes.';
