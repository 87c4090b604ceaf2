-- Usage signals (src/signals.rs): usage_vector (pgrx), usage_drop and usage_alert
-- (plain fmgr functions: usage_drop returns a record of OUT parameters).

CREATE FUNCTION usage_drop(
    s usage_summary, as_of date, recent_days int DEFAULT 14, baseline_days int DEFAULT 56,
    feature text DEFAULT NULL,
    OUT recent_active int, OUT baseline_active int, OUT baseline_length int,
    OUT recent_rate float8, OUT baseline_rate float8, OUT ratio float8, OUT p_value float8)
    RETURNS record IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_drop';
CREATE FUNCTION usage_alert(
    s usage_summary, as_of date, recent_days int DEFAULT 14, baseline_days int DEFAULT 56,
    feature text DEFAULT NULL)
    RETURNS text IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'usage_alert';

COMMENT ON FUNCTION usage_vector(usage_summary, date, text[], integer) IS
'Feature vector of a usage summary as of a date, for clustering: [frequency (active days per week in the window), intensity (quantity per active day), recency (days), tenure (days), trend ((r - p) / (r + p) of active days, window vs the window before, -1 to 1), then per named feature its share of the window''s active days]. NULL when not active up to as_of.';
COMMENT ON FUNCTION usage_drop(usage_summary, date, integer, integer, text) IS
'Drop of activity: active days in the recent_days days ending at as_of against the baseline_days before them (from the day after the first activity), recent/baseline rates, their ratio and the one-sided Fisher exact test p-value of a decrease. Whole summary, or one feature.';
COMMENT ON FUNCTION usage_alert(usage_summary, date, integer, integer, text) IS
'alert (ratio <= 0.5 and p < 0.01), watch (ratio <= 0.75 and p < 0.05) or none, from usage_drop with the same arguments; none without a baseline.';
