-- Contractual retention (src/sbg.rs): the sBG fitting aggregate (internal state =
-- total weight per distinct (lifetime, alive), summed exactly; combine adds; the
-- final function fits the model) and COMMENT ON. Aggregates cannot have DEFAULTs:
-- one overload per arity.

CREATE AGGREGATE sbg_fit(lifetime integer, alive boolean) (
    sfunc = sbg_trans2, stype = internal, finalfunc = sbg_final,
    combinefunc = sbg_combine, serialfunc = sbg_serialize,
    deserialfunc = sbg_deserialize, parallel = safe
);
CREATE AGGREGATE sbg_fit(lifetime integer, alive boolean, weight float8) (
    sfunc = sbg_trans3, stype = internal, finalfunc = sbg_final,
    combinefunc = sbg_combine, serialfunc = sbg_serialize,
    deserialfunc = sbg_deserialize, parallel = safe
);

COMMENT ON TYPE sbg_model IS
'A fitted shifted-beta-geometric retention model (Fader & Hardie 2007): alpha, beta of the beta distribution of the per-period churn probability, with log_likelihood, n (customers), distinct (input rows), iterations, converged and penalizer (always 0). Text form is JSON that round-trips exactly.';

COMMENT ON AGGREGATE sbg_fit(integer, boolean) IS
'Fits the sBG model by maximum likelihood. lifetime: periods paid by a churned customer (alive = false, lifetime >= 1: it did not renew at the end of period lifetime), or renewals made so far by an active one (alive = true, lifetime >= 0). Rows with a NULL are skipped.';
COMMENT ON AGGREGATE sbg_fit(integer, boolean, float8) IS
'Fits the sBG model; weight is the number of customers sharing the row (cohort counts: churned customers per period, survivors at the end as alive rows). A negative weight is an error.';

COMMENT ON FUNCTION model_param(sbg_model, text) IS
'An sBG parameter by name: alpha or beta (case ignored); another name is an error listing them.';
COMMENT ON FUNCTION log_likelihood(sbg_model) IS
'Log-likelihood of the fit at its estimate; NULL for a model typed in by hand.';
COMMENT ON FUNCTION converged(sbg_model) IS 'Whether the fit converged (false for a model typed in by hand).';
COMMENT ON FUNCTION fitted_customers(sbg_model) IS 'Customers (total weight) the model was fitted on.';

COMMENT ON FUNCTION sbg_survival(sbg_model, integer) IS
'S(t): the share of a cohort still active after t >= 0 periods (t renewals), B(alpha, beta + t) / B(alpha, beta).';
COMMENT ON FUNCTION sbg_retention(sbg_model, integer) IS
'r(t): the probability that a customer active in period t >= 1 renews at its end, (beta + t - 1) / (alpha + beta + t - 1).';
COMMENT ON FUNCTION sbg_churn_probability(sbg_model, integer) IS
'P(T = t): the share of a new cohort that churns at the end of period t >= 1, S(t - 1) - S(t).';
COMMENT ON FUNCTION sbg_derl(sbg_model, float8, integer) IS
'Discounted expected residual lifetime (Fader & Hardie 2010) of a customer who has made renewals renewals: expected discounted number of future payments, the one at the next renewal undiscounted, discount per period >= 0.';
COMMENT ON FUNCTION sbg_remaining_lifetime(sbg_model, integer) IS
'Expected number of further renewals of a customer who has made renewals renewals: (beta + renewals) / (alpha - 1); NULL when alpha <= 1 (the mean is infinite).';
COMMENT ON FUNCTION sbg_cltv(sbg_model, float8, float8, integer) IS
'Contractual CLTV: value paid now and at every renewal, discounted per period, for a customer who has made renewals renewals (0: a new customer), value * (1 + sbg_derl / (1 + discount)).';
COMMENT ON FUNCTION sbg_expected_mrr(sbg_model, integer, float8, integer, float8) IS
'Expected MRR months ahead of a customer with lifetime renewals (subscription_lifetime) paying mrr now: mrr * S(lifetime + months) / S(lifetime) * (1 + monthly_growth)^months. Sum it over the base for an MRR forecast.';
COMMENT ON FUNCTION subscription_lifetime(mrr_history, date) IS
'A customer''s survival in months for sbg_fit, as of the month containing as_of: first paying month, lifetime (months paid until the first churn, or renewals so far when still paying) and alive. No row when the history has not paid by then. Reactivations after the first churn are ignored.';
