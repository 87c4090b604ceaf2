-- Signup cohort tables (src/cohorts.rs). cohort_agg's state is the stored type
-- itself, with a combine function: PostgreSQL runs it in parallel and Citus
-- combines partial states on its workers (it does so only for non-internal states).

CREATE FUNCTION cohort_trans(cohort_summary, mrr_history) RETURNS cohort_summary
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cohort_trans';
CREATE FUNCTION cohort_summary_merge(cohort_summary, cohort_summary) RETURNS cohort_summary
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'cohort_summary_merge';

CREATE AGGREGATE cohort_agg(history mrr_history) (
    sfunc = cohort_trans, stype = cohort_summary,
    combinefunc = cohort_summary_merge, parallel = safe
);
CREATE AGGREGATE rollup(cohort_summary) (
    sfunc = cohort_summary_merge, stype = cohort_summary,
    combinefunc = cohort_summary_merge, parallel = safe
);

COMMENT ON TYPE cohort_summary IS
'Paying customers and MRR of signup cohorts (a customer''s cohort is its first paying month) at every month since the cohort started, with exact amounts. Built by cohort_agg over per-customer mrr_history values, merged by rollup, read by cohort_table. Text form is JSON that round-trips exactly.';
COMMENT ON AGGREGATE cohort_agg(mrr_history) IS
'Signup cohorts of customers, one mrr_history per customer: per cohort (first paying month) and month since, the customers paying and their MRR. A customer who churns and comes back counts in its first cohort in the months it pays. NULL histories and histories that never pay are skipped.';
COMMENT ON AGGREGATE rollup(cohort_summary) IS
'Merges cohort summaries of disjoint sets of customers (segments, shards). Equal to cohort_agg over all their histories.';
COMMENT ON FUNCTION cohort_table(cohort_summary, date) IS
'The cohort table: one row per cohort and month number (0 = the cohort month) through the month of through (default: the last month in which any cohort changes), with customers paying, the cohort''s customers, logo retention, MRR, the cohort''s month-0 MRR and net revenue retention (expansion and reactivation included).';
