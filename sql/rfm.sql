-- RFM family: hand-written aggregates (pgrx's #[pg_aggregate] gets the deserial
-- signature of internal states wrong) and COMMENT ON for every function.

CREATE AGGREGATE rfm_agg(ts date, amount float8) (
    sfunc = rfm_trans, stype = internal, finalfunc = rfm_final,
    combinefunc = rfm_combine, serialfunc = rfm_serialize, deserialfunc = rfm_deserialize,
    parallel = safe
);
CREATE AGGREGATE rfm_agg(ts timestamptz, amount float8) (
    sfunc = rfm_trans_tz, stype = internal, finalfunc = rfm_final,
    combinefunc = rfm_combine, serialfunc = rfm_serialize, deserialfunc = rfm_deserialize,
    parallel = safe
);
CREATE FUNCTION rfm_trans_zone(internal, time_zone, timestamptz, float8) RETURNS internal
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_trans_zone';
CREATE AGGREGATE rfm_agg(zone time_zone, ts timestamptz, amount float8) (
    sfunc = rfm_trans_zone, stype = internal, finalfunc = rfm_final,
    combinefunc = rfm_combine, serialfunc = rfm_serialize, deserialfunc = rfm_deserialize,
    parallel = safe
);
-- Depends on the TimeZone setting: STABLE, as the usage_agg overloads (sql/usage.sql).
UPDATE pg_catalog.pg_proc SET provolatile = 's' WHERE oid = 'rfm_agg(timestamptz, float8)'::regprocedure;

-- The state is the summary type itself, so Citus can combine partial rollups; the
-- transition keeps it decoded between rows as an expanded object (src/aggregate.rs).
CREATE FUNCTION rfm_summary_merge(rfm_summary, rfm_summary) RETURNS rfm_summary
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'rfm_summary_merge';
CREATE AGGREGATE rollup(rfm_summary) (
    sfunc = rfm_summary_merge, stype = rfm_summary,
    combinefunc = rfm_summary_merge, parallel = safe
);

COMMENT ON TYPE rfm_summary IS
'Purchases of a group (customer, account, shard): per purchase day the number of orders and the exact sum of their amounts. Built by rfm_agg, merged by rollup. Text form is JSON that round-trips exactly.';

COMMENT ON AGGREGATE rfm_agg(date, float8) IS
'Summarizes orders (one per row) into an rfm_summary. Rows with NULL date or amount are skipped; NaN, infinite, negative or > 1e100 amounts are errors. Amounts are summed exactly per day.';
COMMENT ON AGGREGATE rfm_agg(timestamptz, float8) IS
'Summarizes orders into an rfm_summary; timestamps become calendar days in the session TimeZone.';
COMMENT ON AGGREGATE rfm_agg(time_zone, timestamptz, float8) IS
'Summarizes orders into an rfm_summary; timestamps become calendar days in the named time zone whatever the session TimeZone (IMMUTABLE: pushed down to shards).';
COMMENT ON AGGREGATE rollup(rfm_summary) IS
'Merges rfm_summary values (days into months, customers into accounts, shards into a cluster). Equal to rfm_agg over all the underlying orders.';

COMMENT ON FUNCTION recency_days(rfm_summary, date) IS
'Days from the last purchase on or before as_of to as_of; NULL when there was no purchase up to as_of.';
COMMENT ON FUNCTION purchase_count(rfm_summary, date) IS
'Number of orders (rows), only those on or before as_of when as_of is given.';
COMMENT ON FUNCTION purchase_days(rfm_summary, date) IS
'Number of distinct purchase days, only those on or before as_of when as_of is given.';
COMMENT ON FUNCTION monetary_total(rfm_summary, date) IS
'Exact total amount, correctly rounded to float8; only orders on or before as_of when as_of is given.';
COMMENT ON FUNCTION monetary_mean(rfm_summary, date) IS
'Mean amount per order (monetary_total / purchase_count); NULL without orders.';
COMMENT ON FUNCTION first_purchase(rfm_summary) IS 'Day of the first purchase.';
COMMENT ON FUNCTION last_purchase(rfm_summary) IS 'Day of the last purchase.';
COMMENT ON FUNCTION btyd_frequency(rfm_summary, date, text) IS
'BTYD frequency x as in lifetimes summary_data_from_transaction_data: distinct purchase periods (day, week or month) on or before as_of, minus 1. NULL without a purchase up to as_of.';
COMMENT ON FUNCTION btyd_recency(rfm_summary, date, text) IS
'BTYD recency t_x in periods: last purchase period minus first purchase period (purchases after as_of ignored).';
COMMENT ON FUNCTION btyd_age(rfm_summary, date, text) IS
'BTYD age T in periods: period of as_of minus first purchase period.';
COMMENT ON FUNCTION btyd_monetary(rfm_summary, date, text) IS
'Mean value of the repeat purchase periods (purchases in one period summed, the first period left out); 0 without repeats.';
COMMENT ON FUNCTION btyd_calibration(rfm_summary, date, date, text) IS
'Calibration and holdout inputs as lifetimes'' calibration_and_holdout_data: frequency_cal, recency_cal, t_cal, monetary_value_cal as of calibration_end; frequency_holdout (distinct purchase periods), monetary_value_holdout (mean order amount) in (calibration_end, observation_end]; duration_holdout in periods. No row when there was no purchase by calibration_end.';
COMMENT ON FUNCTION rfm_segment(integer, integer, integer) IS
'Named RFM segment of recency, frequency and monetary scores 1-5 (5 = best), by a priority list that covers all 125 cells and reaches all eleven segments; see docs/rfm.md.';
COMMENT ON FUNCTION buyer_type(rfm_summary, date, integer, integer) IS
'one_time (one purchase day up to as_of), frequent (>= frequent_min_days purchase days in the window_days days ending at as_of) or occasional; NULL before the first purchase.';
