-- Accounts family: hand-written aggregates and COMMENT ON for every function.

-- active_users counts summaries with activity in a window; the state is an int8
-- count combined with int8pl. Aggregates cannot have DEFAULTs: one overload per arity.
CREATE AGGREGATE active_users(usage_summary, as_of date, window_days integer) (
    sfunc = active_users_trans, stype = int8, initcond = '0',
    combinefunc = int8pl, parallel = safe
);
CREATE AGGREGATE active_users(usage_summary, as_of date) (
    sfunc = active_users_trans28, stype = int8, initcond = '0',
    combinefunc = int8pl, parallel = safe
);

CREATE AGGREGATE nps_agg(score integer) (
    sfunc = nps_trans, stype = internal, finalfunc = nps_final,
    combinefunc = nps_combine, serialfunc = nps_serialize, deserialfunc = nps_deserialize,
    parallel = safe
);
CREATE AGGREGATE nps_agg(score smallint) (
    sfunc = nps_trans, stype = internal, finalfunc = nps_final,
    combinefunc = nps_combine, serialfunc = nps_serialize, deserialfunc = nps_deserialize,
    parallel = safe
);
CREATE AGGREGATE nps_agg(score bigint) (
    sfunc = nps_trans, stype = internal, finalfunc = nps_final,
    combinefunc = nps_combine, serialfunc = nps_serialize, deserialfunc = nps_deserialize,
    parallel = safe
);

-- The state is the summary type itself, so Citus can combine partial rollups; the
-- transition keeps it decoded between rows as an expanded object (src/aggregate.rs).
CREATE FUNCTION nps_summary_merge(nps_summary, nps_summary) RETURNS nps_summary
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'nps_summary_merge';
CREATE AGGREGATE rollup(nps_summary) (
    sfunc = nps_summary_merge, stype = nps_summary,
    combinefunc = nps_summary_merge, parallel = safe
);

COMMENT ON TYPE nps_summary IS
'Net Promoter Score survey answers: counts per score 0 to 10. Built by nps_agg, merged by rollup. Text form is JSON {"version":1,"scores":[c0,...,c10]}.';

COMMENT ON AGGREGATE active_users(usage_summary, date, integer) IS
'Number of summaries (users) with activity in the window_days days ending at as_of. NULL summaries count as inactive.';
COMMENT ON AGGREGATE active_users(usage_summary, date) IS
'Number of summaries (users) with activity in the 28 days ending at as_of. NULL summaries count as inactive.';
COMMENT ON AGGREGATE nps_agg(integer) IS
'Summarizes NPS survey answers (0 to 10) into an nps_summary. NULL scores are skipped; scores outside 0 to 10 are errors.';
COMMENT ON AGGREGATE nps_agg(smallint) IS 'nps_agg over a smallint column.';
COMMENT ON AGGREGATE nps_agg(bigint) IS 'nps_agg over a bigint column (e.g. a count or an integer literal cast to bigint).';
COMMENT ON AGGREGATE rollup(nps_summary) IS
'Merges NPS summaries (users into accounts, months into years). Equal to nps_agg over all the underlying answers.';

COMMENT ON FUNCTION is_active(usage_summary, date, integer) IS
'True when the summary has activity in the window_days days ending at as_of (default 28); false for a NULL summary (no events).';
COMMENT ON FUNCTION seat_utilization(bigint, bigint) IS
'active_users / seats; above 1 when more people use the product than seats were bought; NULL for 0 seats; negative counts are errors.';
COMMENT ON FUNCTION account_health(float8, float8, float8, float8[]) IS
'Account health 0 to 100 = 100 * (w1 * least(utilization, 1) + w2 * frequency + w3 * clamp(0.5 + trend / 2, 0, 1)) / (w1 + w2 + w3), weights default {0.4,0.4,0.2}. A NULL trend counts as flat (0.5); NULL utilization or frequency gives NULL.';
COMMENT ON FUNCTION account_health(usage_summary, bigint, bigint, date) IS
'Account health 0 to 100 from the account''s rolled-up usage: seat_utilization(active_users, seats), usage_frequency(account, as_of, 28) and usage_trend(account, as_of, 56) with the default weights. A NULL account summary counts as no usage; NULL for 0 seats or NULL counts.';
COMMENT ON FUNCTION account_health_class(float8, float8[]) IS
'at_risk below cuts[1] (default 40), watch below cuts[2] (default 70), healthy from there.';

COMMENT ON FUNCTION nps(nps_summary) IS
'Net Promoter Score: 100 * (promoters - detractors) / responses, from -100 to 100; NULL without responses.';
COMMENT ON FUNCTION nps_margin(nps_summary, float8) IS
'Half-width of the confidence interval of the NPS (normal approximation): 100 * z * sqrt(((p + d) - (p - d)^2) / n), p and d the promoter and detractor shares; NULL without responses.';
COMMENT ON FUNCTION promoters(nps_summary) IS 'Answers scoring 9 or 10.';
COMMENT ON FUNCTION passives(nps_summary) IS 'Answers scoring 7 or 8.';
COMMENT ON FUNCTION detractors(nps_summary) IS 'Answers scoring 0 to 6.';
COMMENT ON FUNCTION responses(nps_summary) IS 'Number of answers.';

COMMENT ON FUNCTION active_users_trans(bigint, usage_summary, date, integer) IS 'Transition function of active_users (internal use).';
COMMENT ON FUNCTION active_users_trans28(bigint, usage_summary, date) IS 'Transition function of active_users (internal use).';
COMMENT ON FUNCTION nps_trans(internal, integer) IS 'Transition function of nps_agg (internal use).';
COMMENT ON FUNCTION nps_combine(internal, internal) IS 'Combine function of nps_agg (internal use).';
COMMENT ON FUNCTION nps_serialize(internal) IS 'Serial function of nps_agg (internal use).';
COMMENT ON FUNCTION nps_deserialize(bytea, internal) IS 'Deserial function of nps_agg (internal use).';
COMMENT ON FUNCTION nps_final(internal) IS 'Final function of nps_agg (internal use).';
COMMENT ON FUNCTION nps_summary_merge(nps_summary, nps_summary) IS 'State and combine function of rollup(nps_summary) (internal use).';
