-- CLTV family: hand-written fitting aggregates (internal state = weighted distinct
-- inputs; combine adds weights; the final function fits the model) and COMMENT ON.
-- Aggregates cannot have DEFAULTs: one overload per arity.

CREATE AGGREGATE bgnbd_fit(x float8, t_x float8, age float8) (
    sfunc = cltv_triple_trans3, stype = internal, finalfunc = bgnbd_final,
    combinefunc = cltv_triple_combine, serialfunc = cltv_triple_serialize,
    deserialfunc = cltv_triple_deserialize, parallel = safe
);
CREATE AGGREGATE bgnbd_fit(x float8, t_x float8, age float8, weight float8) (
    sfunc = cltv_triple_trans4, stype = internal, finalfunc = bgnbd_final,
    combinefunc = cltv_triple_combine, serialfunc = cltv_triple_serialize,
    deserialfunc = cltv_triple_deserialize, parallel = safe
);
CREATE AGGREGATE bgnbd_fit(x float8, t_x float8, age float8, weight float8, penalizer float8) (
    sfunc = cltv_triple_trans5, stype = internal, finalfunc = bgnbd_final,
    combinefunc = cltv_triple_combine, serialfunc = cltv_triple_serialize,
    deserialfunc = cltv_triple_deserialize, parallel = safe
);
CREATE AGGREGATE pareto_nbd_fit(x float8, t_x float8, age float8) (
    sfunc = cltv_triple_trans3, stype = internal, finalfunc = pareto_nbd_final,
    combinefunc = cltv_triple_combine, serialfunc = cltv_triple_serialize,
    deserialfunc = cltv_triple_deserialize, parallel = safe
);
CREATE AGGREGATE pareto_nbd_fit(x float8, t_x float8, age float8, weight float8) (
    sfunc = cltv_triple_trans4, stype = internal, finalfunc = pareto_nbd_final,
    combinefunc = cltv_triple_combine, serialfunc = cltv_triple_serialize,
    deserialfunc = cltv_triple_deserialize, parallel = safe
);
CREATE AGGREGATE pareto_nbd_fit(x float8, t_x float8, age float8, weight float8, penalizer float8) (
    sfunc = cltv_triple_trans5, stype = internal, finalfunc = pareto_nbd_final,
    combinefunc = cltv_triple_combine, serialfunc = cltv_triple_serialize,
    deserialfunc = cltv_triple_deserialize, parallel = safe
);
CREATE AGGREGATE gamma_gamma_fit(x float8, monetary float8) (
    sfunc = cltv_pair_trans2, stype = internal, finalfunc = gamma_gamma_final,
    combinefunc = cltv_pair_combine, serialfunc = cltv_pair_serialize,
    deserialfunc = cltv_pair_deserialize, parallel = safe
);
CREATE AGGREGATE gamma_gamma_fit(x float8, monetary float8, weight float8) (
    sfunc = cltv_pair_trans3, stype = internal, finalfunc = gamma_gamma_final,
    combinefunc = cltv_pair_combine, serialfunc = cltv_pair_serialize,
    deserialfunc = cltv_pair_deserialize, parallel = safe
);
CREATE AGGREGATE gamma_gamma_fit(x float8, monetary float8, weight float8, penalizer float8) (
    sfunc = cltv_pair_trans4, stype = internal, finalfunc = gamma_gamma_final,
    combinefunc = cltv_pair_combine, serialfunc = cltv_pair_serialize,
    deserialfunc = cltv_pair_deserialize, parallel = safe
);

COMMENT ON TYPE bgnbd_model IS
'A fitted BG/NBD model (Fader, Hardie & Lee 2005): r, alpha, a, b in the time unit of the input, with log_likelihood, n (customers), distinct (input rows after compression), iterations, converged and penalizer. Text form is JSON that round-trips exactly.';
COMMENT ON TYPE pareto_nbd_model IS
'A fitted Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): r, alpha, s, beta in the time unit of the input, with log_likelihood, n, distinct, iterations, converged and penalizer. Text form is JSON that round-trips exactly.';
COMMENT ON TYPE gamma_gamma_model IS
'A fitted Gamma-Gamma spend model (Fader, Hardie & Lee 2005; v is the paper''s gamma): p, q, v with log_likelihood, n (repeat customers), distinct, iterations, converged and penalizer. Text form is JSON that round-trips exactly.';

COMMENT ON AGGREGATE bgnbd_fit(float8, float8, float8) IS
'Fits a BG/NBD model by maximum likelihood to customers'' repeat purchases x, recency t_x and age T (one time unit, e.g. days). Rows with a NULL are skipped; negative x, t_x > T or t_x <> 0 for x = 0 are errors.';
COMMENT ON AGGREGATE bgnbd_fit(float8, float8, float8, float8) IS
'Fits a BG/NBD model; weight is the number of customers sharing the row''s (x, t_x, T).';
COMMENT ON AGGREGATE bgnbd_fit(float8, float8, float8, float8, float8) IS
'Fits a BG/NBD model with weights and an L2 penalizer on the parameters (as lifetimes'' penalizer_coef).';
COMMENT ON AGGREGATE pareto_nbd_fit(float8, float8, float8) IS
'Fits a Pareto/NBD model by maximum likelihood to repeat purchases x, recency t_x and age T. Rows with a NULL are skipped.';
COMMENT ON AGGREGATE pareto_nbd_fit(float8, float8, float8, float8) IS
'Fits a Pareto/NBD model; weight is the number of customers sharing the row''s (x, t_x, T).';
COMMENT ON AGGREGATE pareto_nbd_fit(float8, float8, float8, float8, float8) IS
'Fits a Pareto/NBD model with weights and an L2 penalizer (as lifetimes'' penalizer_coef on per-customer rows).';
COMMENT ON AGGREGATE gamma_gamma_fit(float8, float8) IS
'Fits a Gamma-Gamma model of the mean spend per purchase to repeat customers (x > 0) and their mean repeat purchase value monetary (> 0). Rows with x = 0 are skipped.';
COMMENT ON AGGREGATE gamma_gamma_fit(float8, float8, float8) IS
'Fits a Gamma-Gamma model; weight is the number of customers sharing the row''s (x, monetary).';
COMMENT ON AGGREGATE gamma_gamma_fit(float8, float8, float8, float8) IS
'Fits a Gamma-Gamma model with weights and an L2 penalizer (as lifetimes'' penalizer_coef).';

COMMENT ON FUNCTION p_alive(bgnbd_model, float8, float8, float8) IS
'Probability that a customer with history (x, t_x, T) is still alive under a BG/NBD model (1 for x = 0).';
COMMENT ON FUNCTION p_alive(pareto_nbd_model, float8, float8, float8) IS
'Probability that a customer with history (x, t_x, T) is still alive under a Pareto/NBD model.';
COMMENT ON FUNCTION expected_purchases(bgnbd_model, float8, float8, float8, float8) IS
'Expected repeat purchases in the next t time units of a customer with history (x, t_x, T), BG/NBD.';
COMMENT ON FUNCTION expected_purchases(pareto_nbd_model, float8, float8, float8, float8) IS
'Expected repeat purchases in the next t time units of a customer with history (x, t_x, T), Pareto/NBD.';
COMMENT ON FUNCTION expected_purchases(bgnbd_model, float8) IS
'Expected repeat purchases in the first t time units of a new customer, BG/NBD.';
COMMENT ON FUNCTION expected_purchases(pareto_nbd_model, float8) IS
'Expected repeat purchases in the first t time units of a new customer, Pareto/NBD.';
COMMENT ON FUNCTION expected_spend(gamma_gamma_model, float8, float8) IS
'Expected mean value of a customer''s future purchases given x repeat purchases of mean value monetary (the population mean for x = 0).';
COMMENT ON FUNCTION cltv(bgnbd_model, gamma_gamma_model, float8, float8, float8, float8, integer, float8, text) IS
'Discounted customer lifetime value over the next months as lifetimes'' customer_lifetime_value: per month, expected spend times expected purchases in that month, discounted by (1 + monthly_discount)^month. time_unit (hour, day, week, month) is the unit of x''s times t_x and T: 30 days, 4.345 weeks or 720 hours make a month.';
COMMENT ON FUNCTION cltv(pareto_nbd_model, gamma_gamma_model, float8, float8, float8, float8, integer, float8, text) IS
'Discounted customer lifetime value over the next months with a Pareto/NBD purchase model; see the BG/NBD variant.';
