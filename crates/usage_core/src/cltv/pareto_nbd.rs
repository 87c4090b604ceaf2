//! Pareto/NBD (Schmittlein, Morrison & Colombo 1987), likelihood as in Fader &
//! Hardie's note 009 (equations 18-20) and lifetimes' ParetoNBDFitter, with the
//! 2F1 terms kept in log space.

use serde::{Deserialize, Serialize};

use super::bgnbd::check_horizon;
use super::fit::{nelder_mead, Interrupt, Objective};
use super::special::{ln_gamma, ln_hyp2f1, log_add_exp, log_sub_exp};
use super::{
    check_customer, check_enough, check_fitted, check_params, finite_result, parse_json, time_scale, total_weight,
    weight_scale, FitInfo, PurchaseModel, Triples,
};
use crate::codec::{Reader, Versioned, Writer};
use crate::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParetoNbdModel {
    pub r: f64,
    pub alpha: f64,
    pub s: f64,
    pub beta: f64,
    #[serde(flatten)]
    pub info: FitInfo,
}

/// ln A_0 (equations 19 and 20 of note 009): the integral over the unobserved death
/// time between t_x and T; -inf when t_x = T.
fn log_a0(r: f64, alpha: f64, s: f64, beta: f64, x: f64, t_x: f64, t: f64) -> f64 {
    let (min_ab, max_ab, b_arg) = if alpha < beta { (alpha, beta, r + x) } else { (beta, alpha, s + 1.0) };
    let d = max_ab - min_ab;
    let rsx = r + s + x;
    let (q1, q2) = (max_ab + t_x, max_ab + t);
    let l1 = ln_hyp2f1(rsx, b_arg, rsx + 1.0, d / q1) - rsx * q1.ln();
    let l2 = ln_hyp2f1(rsx, b_arg, rsx + 1.0, d / q2) - rsx * q2.ln();
    log_sub_exp(l1, l2)
}

/// ln of one customer's likelihood (equation 18 of note 009).
fn log_likelihood(r: f64, alpha: f64, s: f64, beta: f64, x: f64, t_x: f64, t: f64) -> f64 {
    let rsx = r + s + x;
    let a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln() + s * beta.ln();
    let la0 = log_a0(r, alpha, s, beta, x, t_x, t);
    a1 + log_add_exp(-(r + x) * (alpha + t).ln() - s * (beta + t).ln(), s.ln() + la0 - rsx.ln())
}

/// (1 - rho^k) / k for 0 < rho <= 1, with its limit -ln(rho) at k = 0.
fn one_minus_pow_over(rho: f64, k: f64) -> f64 {
    let l = rho.ln();
    if (k * l).abs() < 1e-12 {
        -l
    } else {
        -(k * l).exp_m1() / k
    }
}

struct Nll {
    points: Vec<([f64; 3], f64)>,
    total: f64,
    penalizer: f64,
}

impl Objective for Nll {
    fn evaluate(&self, phi: &[f64], _want_gradient: bool) -> (f64, Vec<f64>) {
        let (r, alpha, s, beta) = (phi[0].exp(), phi[1].exp(), phi[2].exp(), phi[3].exp());
        let ll: f64 =
            self.points.iter().map(|&([x, t_x, t], w)| w * log_likelihood(r, alpha, s, beta, x, t_x, t)).sum();
        let pen = self.penalizer * (r * r + alpha * alpha + s * s + beta * beta);
        (-ll / self.total + pen, Vec::new())
    }
}

impl ParetoNbdModel {
    /// Fits by maximum likelihood with Nelder-Mead on log-parameters from 0 (lifetimes
    /// starts from parameters near 1 and also uses Nelder-Mead). lifetimes adds its
    /// penalizer to the total (not mean) negative log-likelihood of uncompressed
    /// data; the same objective here is mean NLL + penalizer / n.
    pub fn fit(data: &Triples, interrupt: Interrupt<'_>) -> Result<Self> {
        let sorted = data.sorted();
        let repeaters = sorted.iter().any(|(p, _)| p[0] > 0.0);
        check_enough(sorted.len(), repeaters, 4, "Pareto/NBD")?;
        let max_t = sorted.iter().map(|(p, _)| p[2]).fold(0.0, f64::max);
        let scale = time_scale(max_t)?;
        let total = total_weight(&sorted)?;
        // Weights scaled by a power of two (see weight_scale); the penalizer keeps
        // its meaning per total weight.
        let k = weight_scale(total);
        let points: Vec<_> = sorted.iter().map(|&([x, t_x, t], w)| ([x, t_x * scale, t * scale], w * k)).collect();
        let objective = Nll { points, total: total * k, penalizer: data.penalizer() / total };
        let out = nelder_mead(&objective, vec![0.0; 4], 1e-13, interrupt)?;
        let [r, alpha_s, s, beta_s] = [out.phi[0].exp(), out.phi[1].exp(), out.phi[2].exp(), out.phi[3].exp()];
        let (alpha, beta) = (alpha_s / scale, beta_s / scale);
        let log_likelihood =
            sorted.iter().map(|&([x, t_x, t], w)| w * log_likelihood(r, alpha, s, beta, x, t_x, t)).sum();
        let model = ParetoNbdModel {
            r,
            alpha,
            s,
            beta,
            info: FitInfo {
                log_likelihood: Some(log_likelihood),
                n: total,
                distinct: sorted.len() as u64,
                iterations: out.iterations,
                converged: out.converged,
                penalizer: data.penalizer(),
            },
        };
        check_fitted("Pareto/NBD", model.check())?;
        Ok(model)
    }

    pub fn with_params(r: f64, alpha: f64, s: f64, beta: f64) -> Result<Self> {
        let m = ParetoNbdModel { r, alpha, s, beta, info: FitInfo::none() };
        m.check()?;
        Ok(m)
    }

    fn check(&self) -> Result<()> {
        check_params(
            "pareto_nbd_model",
            &[("r", self.r), ("alpha", self.alpha), ("s", self.s), ("beta", self.beta)],
            &self.info,
        )
    }

    pub fn customer_log_likelihood(&self, x: f64, t_x: f64, t: f64) -> Result<f64> {
        check_customer(x, t_x, t)?;
        Ok(log_likelihood(self.r, self.alpha, self.s, self.beta, x, t_x, t))
    }

    /// P(alive | x, t_x, T) (equations 36-37 of note 009).
    pub fn p_alive(&self, x: f64, t_x: f64, t: f64) -> Result<f64> {
        check_customer(x, t_x, t)?;
        let (r, alpha, s, beta) = (self.r, self.alpha, self.s, self.beta);
        let la0 = log_a0(r, alpha, s, beta, x, t_x, t);
        let e = s.ln() - (r + s + x).ln() + (r + x) * (alpha + t).ln() + s * (beta + t).ln() + la0;
        finite_result("P(alive)", (-log_add_exp(0.0, e)).exp())
    }

    /// Expected repeat purchases of a new customer in (0, t] (equation 27).
    pub fn expected_purchases(&self, t: f64) -> Result<f64> {
        check_horizon(t)?;
        let (r, alpha, s, beta) = (self.r, self.alpha, self.s, self.beta);
        finite_result(
            "the expected number of purchases",
            r * beta / alpha * one_minus_pow_over(beta / (beta + t), s - 1.0),
        )
    }
}

impl PurchaseModel for ParetoNbdModel {
    /// Equation 41 of note 009.
    fn conditional_expected_purchases(&self, t: f64, x: f64, t_x: f64, big_t: f64) -> Result<f64> {
        check_customer(x, t_x, big_t)?;
        check_horizon(t)?;
        if t == 0.0 {
            return Ok(0.0);
        }
        let (r, alpha, s, beta) = (self.r, self.alpha, self.s, self.beta);
        let ll = log_likelihood(r, alpha, s, beta, x, t_x, big_t);
        let first = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln() + s * beta.ln()
            - (r + x) * (alpha + big_t).ln()
            - s * (beta + big_t).ln();
        let second = (r + x).ln() + (beta + big_t).ln() - (alpha + big_t).ln();
        let third = one_minus_pow_over((beta + big_t) / (beta + big_t + t), s - 1.0).ln();
        finite_result("the conditional expected number of purchases", (first + second + third - ll).exp())
    }
}

impl Versioned for ParetoNbdModel {
    const TYPE_NAME: &'static str = "pareto_nbd_model";
    const VERSION: u8 = 1;
    fn encode_body(&self, w: &mut Writer) {
        for v in [self.r, self.alpha, self.s, self.beta] {
            w.f64(v);
        }
        self.info.encode(w);
    }
    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let m = ParetoNbdModel { r: r.f64()?, alpha: r.f64()?, s: r.f64()?, beta: r.f64()?, info: FitInfo::decode(r)? };
        m.check()?;
        Ok(m)
    }
}

super::fitted_model!(ParetoNbdModel, [r, alpha, s, beta]);

impl crate::codec::TextForm for ParetoNbdModel {
    fn to_text(&self) -> String {
        super::model_text(self)
    }

    fn from_text(text: &str) -> Result<Self> {
        let m: ParetoNbdModel = parse_json("pareto_nbd_model", text)?;
        m.check()?;
        Ok(m)
    }
}
