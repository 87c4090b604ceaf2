//! MBG/NBD (Batislam, Denizel & Filiztekin 2007, "Empirical validation and
//! comparison of models for customer base analysis"), formulas as in lifetimes'
//! ModifiedBetaGeoFitter. Unlike BG/NBD a customer can also drop out right after
//! her first purchase, so P(alive) < 1 for x = 0. The likelihood and its fit are
//! BG/NBD's with the shift of [`Variant::Modified`].

use serde::{Deserialize, Serialize};

use super::bgnbd::{check_horizon, fit_variant, log_likelihood, Variant};
use super::fit::Interrupt;
use super::special::{ln_hyp2f1, log_add_exp};
use super::{check_customer, check_fitted, finite_result, FitInfo, PurchaseModel, Triples};
use crate::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MbgNbdModel {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
    #[serde(flatten)]
    pub info: FitInfo,
}

impl MbgNbdModel {
    /// Fits the model by maximum likelihood as [`super::BgNbdModel::fit`] does
    /// (lifetimes' starting point, time rescaled by the largest T, Newton on
    /// log-parameters; lifetimes' penalizer).
    pub fn fit(data: &Triples, interrupt: Interrupt<'_>) -> Result<Self> {
        let ([r, alpha, a, b], info) = fit_variant(Variant::Modified, data, true, interrupt)?;
        let model = MbgNbdModel { r, alpha, a, b, info };
        check_fitted("MBG/NBD", model.check())?;
        Ok(model)
    }

    /// Log-likelihood of one customer under this model.
    pub fn customer_log_likelihood(&self, x: f64, t_x: f64, t: f64) -> Result<f64> {
        check_customer(x, t_x, t)?;
        Ok(log_likelihood(Variant::Modified, self.r, self.alpha, self.a, self.b, x, t_x, t))
    }

    /// ln(a / (b + x) * ((alpha + T) / (alpha + t_x))^(r + x)): the odds of having
    /// dropped out against being alive.
    fn log_dropout_odds(&self, x: f64, t_x: f64, t: f64) -> f64 {
        (self.a / (self.b + x)).ln() + (self.r + x) * ((self.alpha + t) / (self.alpha + t_x)).ln()
    }

    /// P(alive | x, t_x, T) (lifetimes' conditional_probability_alive); < 1 also
    /// for x = 0.
    pub fn p_alive(&self, x: f64, t_x: f64, t: f64) -> Result<f64> {
        check_customer(x, t_x, t)?;
        // 1 / (1 + e^odds), stable for either sign.
        finite_result("P(alive)", (-log_add_exp(0.0, self.log_dropout_odds(x, t_x, t))).exp())
    }

    /// Expected repeat purchases of a new customer in (0, t]:
    /// b / (a - 1) * (1 - 2F1(r, b + 1; a + b; t / (alpha + t)) (alpha / (alpha + t))^r).
    pub fn expected_purchases(&self, t: f64) -> Result<f64> {
        check_horizon(t)?;
        if t == 0.0 {
            return Ok(0.0);
        }
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let ln_hyp = ln_hyp2f1(r, b + 1.0, a + b, t / (alpha + t));
        let v = b / (a - 1.0) * -(ln_hyp + r * (alpha / (alpha + t)).ln()).exp_m1();
        finite_result("the expected number of purchases", v)
    }
}

impl PurchaseModel for MbgNbdModel {
    /// lifetimes' conditional_expected_number_of_purchases_up_to_time, with 2F1 in
    /// log space: (a + b + x) / (a - 1) * (1 - 2F1(r + x, b + x + 1; a + b + x; z)
    /// ((alpha + T) / (alpha + T + t))^(r + x)) / (1 + e^odds), z = t / (alpha + T + t).
    fn conditional_expected_purchases(&self, t: f64, x: f64, t_x: f64, big_t: f64) -> Result<f64> {
        check_customer(x, t_x, big_t)?;
        check_horizon(t)?;
        if t == 0.0 {
            return Ok(0.0);
        }
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let z = t / (alpha + big_t + t);
        let ln_hyp = ln_hyp2f1(r + x, b + x + 1.0, a + b + x, z);
        let first = (a + b + x) / (a - 1.0);
        let second = -(ln_hyp + (r + x) * ((alpha + big_t) / (alpha + t + big_t)).ln()).exp_m1();
        let log_den = log_add_exp(0.0, self.log_dropout_odds(x, t_x, big_t));
        finite_result("the conditional expected number of purchases", first * second * (-log_den).exp())
    }
}

super::fitted_model!(MbgNbdModel, "mbgnbd_model", [r, alpha, a, b]);
