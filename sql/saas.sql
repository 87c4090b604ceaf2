-- SaaS family: hand-written aggregates (pgrx's #[pg_aggregate] gets the deserial
-- signature of internal states wrong) and COMMENT ON for every function.

-- The state and final functions of mrr_agg and mrr_movements are hand-written fmgr C
-- functions (src/saas.rs: no per-call wrapper, numeric read without its text
-- form, rows written straight into the tuplestore).
CREATE FUNCTION mrr_trans(internal, date, date, numeric) RETURNS internal
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_trans';
CREATE FUNCTION mrr_trans(internal, date, date, numeric, integer) RETURNS internal
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_trans';
CREATE FUNCTION mrr_trans(internal, date, date, float8) RETURNS internal
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_trans_float8';
CREATE FUNCTION mrr_trans(internal, date, date, float8, integer) RETURNS internal
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_trans_float8';
CREATE FUNCTION mrr_final(internal) RETURNS mrr_history
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_final';
CREATE FUNCTION mrr_movements(history mrr_history, through date)
    RETURNS TABLE (month date, mrr numeric, previous_mrr numeric, change numeric, category text)
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_movements';

-- mrr_agg takes no DEFAULTs (aggregates cannot have them): one overload per arity.
-- sspace: the state lives in Rust's heap, which PostgreSQL does not see; about
-- 600 bytes for a typical customer (two small B-trees). Without it the planner
-- assumes a large internal state and a GROUP BY customer spills to disk.
CREATE AGGREGATE mrr_agg("start" date, "end" date, monthly_amount numeric) (
    sfunc = mrr_trans, stype = internal, sspace = 600, finalfunc = mrr_final,
    combinefunc = mrr_combine, serialfunc = mrr_serialize, deserialfunc = mrr_deserialize,
    parallel = safe
);
CREATE AGGREGATE mrr_agg("start" date, "end" date, monthly_amount numeric, billing_months integer) (
    sfunc = mrr_trans, stype = internal, sspace = 600, finalfunc = mrr_final,
    combinefunc = mrr_combine, serialfunc = mrr_serialize, deserialfunc = mrr_deserialize,
    parallel = safe
);
-- float8 amounts (a common column type): converted as float8::numeric does. An
-- integer amount now resolves to these overloads (float8 is the preferred numeric
-- type); its value converts exactly, so the history is the same.
CREATE AGGREGATE mrr_agg("start" date, "end" date, monthly_amount float8) (
    sfunc = mrr_trans, stype = internal, sspace = 600, finalfunc = mrr_final,
    combinefunc = mrr_combine, serialfunc = mrr_serialize, deserialfunc = mrr_deserialize,
    parallel = safe
);
CREATE AGGREGATE mrr_agg("start" date, "end" date, monthly_amount float8, billing_months integer) (
    sfunc = mrr_trans, stype = internal, sspace = 600, finalfunc = mrr_final,
    combinefunc = mrr_combine, serialfunc = mrr_serialize, deserialfunc = mrr_deserialize,
    parallel = safe
);

-- The state is the summary type itself, so Citus can combine partial rollups; the
-- transition keeps it decoded between rows as an expanded object (src/aggregate.rs).
CREATE FUNCTION mrr_history_merge(mrr_history, mrr_history) RETURNS mrr_history
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mrr_history_merge';
CREATE AGGREGATE rollup(mrr_history) (
    sfunc = mrr_history_merge, stype = mrr_history,
    combinefunc = mrr_history_merge, parallel = safe
);

CREATE AGGREGATE saas_agg(mrr_history) (
    sfunc = saas_trans, stype = internal, finalfunc = saas_final,
    combinefunc = saas_combine, serialfunc = saas_serialize, deserialfunc = saas_deserialize,
    parallel = safe
);

CREATE FUNCTION saas_summary_merge(saas_summary, saas_summary) RETURNS saas_summary
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'saas_summary_merge';
CREATE AGGREGATE rollup(saas_summary) (
    sfunc = saas_summary_merge, stype = saas_summary,
    combinefunc = saas_summary_merge, parallel = safe
);

COMMENT ON TYPE mrr_history IS
'Month-by-month MRR and cash billing schedule of one customer (or any group of subscriptions), with exact amounts. Built by mrr_agg, merged by rollup. Text form is JSON that round-trips exactly.';
COMMENT ON TYPE saas_summary IS
'Monthly MRR movements (new, expansion, contraction, churn, reactivation: MRR and customers) and cash schedule of a population. Built by saas_agg over per-customer mrr_history values, merged by rollup, read by saas_metrics.';

COMMENT ON AGGREGATE mrr_agg(date, date, numeric) IS
'MRR history of a customer from subscription rows [start, end) (end exclusive, NULL = still running), billed monthly. A subscription counts in every month it is active on the last day of; overlapping subscriptions add up. Rows with a NULL start or amount are skipped.';
COMMENT ON AGGREGATE mrr_agg(date, date, float8) IS
'mrr_agg for float8 amounts: each amount becomes numeric as float8::numeric makes it (15 significant digits); NaN and infinite amounts are errors, as in a numeric column.';
COMMENT ON AGGREGATE mrr_agg(date, date, float8, integer) IS
'mrr_agg with billing_months for float8 amounts (converted as float8::numeric does).';
COMMENT ON AGGREGATE mrr_agg(date, date, numeric, integer) IS
'MRR history of a customer; billing_months says when cash is collected: monthly_amount * billing_months on the start day and every billing_months months after it while before end (12 = annual prepay). Rows with a NULL start, amount or billing_months are skipped.';
COMMENT ON AGGREGATE rollup(mrr_history) IS
'Merges MRR histories (subscriptions of one customer kept in several histories, shards). Equal to mrr_agg over all the underlying rows.';
COMMENT ON AGGREGATE saas_agg(mrr_history) IS
'Population summary of per-customer MRR histories: each customer-month classified as new, expansion, contraction, churn or reactivation, and the cash schedule. NULL histories are skipped.';
COMMENT ON AGGREGATE rollup(saas_summary) IS
'Merges SaaS summaries of disjoint sets of customers (segments, shards). Equal to saas_agg over all their histories.';

COMMENT ON FUNCTION mrr_movements(mrr_history, date) IS
'One row per month from the first paying month through the month of through: mrr, previous_mrr, change and category (new, expansion, contraction, churn, reactivation, or NULL when nothing moves). Rows stop at the churn month of a customer who has churned.';
COMMENT ON FUNCTION mrr_at(mrr_history, date) IS
'MRR of the history in the month containing the given date.';
COMMENT ON FUNCTION saas_metrics(saas_summary, date) IS
'One row per month: starting and ending MRR, ARR, paying customers, MRR and customers per movement, net new MRR, logo churn rate, gross and net MRR churn rate, NRR, GRR, ARPA, quick ratio and cash collected. Runs through the month of through, or without it through the last month in which anything changes. Rates are NULL when their denominator is zero.';
COMMENT ON FUNCTION cac(numeric, bigint) IS
'Customer acquisition cost: spend / new_customers (numeric division); NULL when no customers were acquired.';
COMMENT ON FUNCTION cac_payback_months(numeric, numeric, float8) IS
'Months to earn back CAC: cac / (arpa * gross_margin); NULL when arpa or gross_margin is zero. gross_margin is a fraction from 0 to 1.';
COMMENT ON FUNCTION cltv(numeric, float8, float8) IS
'Customer lifetime value: arpa * gross_margin / monthly_churn_rate (numeric arithmetic); NULL when the churn rate is zero. Rates are fractions from 0 to 1.';
COMMENT ON FUNCTION ltv_cac_ratio(numeric, numeric) IS
'LTV:CAC ratio: ltv / cac; NULL when cac is zero.';
COMMENT ON FUNCTION ltv_cac_ratio(numeric, float8, float8, numeric) IS
'LTV:CAC ratio with LTV = cltv(arpa, gross_margin, monthly_churn_rate); NULL when cac or the churn rate is zero.';
