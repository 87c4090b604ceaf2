//! BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"),
//! formulas as in lifetimes' BetaGeoFitter.

use serde::{Deserialize, Serialize};

use super::fit::{bfgs, Interrupt, Objective};
use super::special::{digamma, ln_gamma, ln_hyp2f1, log_add_exp};
use super::{check_customer, check_enough, check_params, out_of_range, parse_json, time_scale, FitInfo, PurchaseModel, Triples};
use crate::codec::{Reader, Versioned, Writer};
use crate::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BgNbdModel {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
    #[serde(flatten)]
    pub info: FitInfo,
}

/// ln of one customer's likelihood (section 7 of Fader, Hardie & Lee 2005).
fn log_likelihood(r: f64, alpha: f64, a: f64, b: f64, x: f64, t_x: f64, t: f64) -> f64 {
    let a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
    let a2 = ln_gamma(a + b) + ln_gamma(b + x) - ln_gamma(b) - ln_gamma(a + b + x);
    let a3 = -(r + x) * (alpha + t).ln();
    if x > 0.0 {
        let a4 = a.ln() - (b + x - 1.0).ln() - (r + x) * (alpha + t_x).ln();
        a1 + a2 + log_add_exp(a3, a4)
    } else {
        a1 + a2 + a3
    }
}

/// Mean negative log-likelihood over the weighted triples in rescaled time, plus
/// lifetimes' penalizer * sum(params^2), with its gradient in log-parameters.
struct Nll {
    points: Vec<([f64; 3], f64)>,
    total: f64,
    penalizer: f64,
}

impl Objective for Nll {
    fn evaluate(&self, phi: &[f64], want_gradient: bool) -> (f64, Vec<f64>) {
        let (r, alpha, a, b) = (phi[0].exp(), phi[1].exp(), phi[2].exp(), phi[3].exp());
        let mut ll = 0.0;
        let mut g = [0.0f64; 4];
        let (dg_r, dg_ab, dg_b) = (digamma(r), digamma(a + b), digamma(b));
        let (lg_r, lg_ab, lg_b, ln_alpha, ln_a) = (ln_gamma(r), ln_gamma(a + b), ln_gamma(b), alpha.ln(), a.ln());
        for &([x, t_x, t], w) in &self.points {
            let a3 = -(r + x) * (alpha + t).ln();
            let base = ln_gamma(r + x) - lg_r + r * ln_alpha + lg_ab + ln_gamma(b + x) - lg_b - ln_gamma(a + b + x);
            // Weights of the two terms of the likelihood (dead at t_x / alive at T).
            let (value, w3, w4) = if x > 0.0 {
                let a4 = ln_a - (b + x - 1.0).ln() - (r + x) * (alpha + t_x).ln();
                let m = log_add_exp(a3, a4);
                (base + m, (a3 - m).exp(), (a4 - m).exp())
            } else {
                (base + a3, 1.0, 0.0)
            };
            ll += w * value;
            if want_gradient {
                let d_r = digamma(r + x) - dg_r + ln_alpha - w3 * (alpha + t).ln() - w4 * (alpha + t_x).ln();
                let d_alpha = r / alpha - w3 * (r + x) / (alpha + t) - w4 * (r + x) / (alpha + t_x);
                let common = dg_ab - digamma(a + b + x);
                let d_a = common + w4 / a;
                let d_b = common + digamma(b + x) - dg_b - if x > 0.0 { w4 / (b + x - 1.0) } else { 0.0 };
                g[0] += w * d_r;
                g[1] += w * d_alpha;
                g[2] += w * d_a;
                g[3] += w * d_b;
            }
        }
        let theta = [r, alpha, a, b];
        let pen: f64 = theta.iter().map(|p| p * p).sum::<f64>() * self.penalizer;
        let value = -ll / self.total + pen;
        let grad = if want_gradient {
            (0..4).map(|i| -g[i] / self.total * theta[i] + 2.0 * self.penalizer * theta[i] * theta[i]).collect()
        } else {
            Vec::new()
        };
        (value, grad)
    }
}

impl BgNbdModel {
    /// Fits the model by maximum likelihood on log-parameters (BFGS, analytic
    /// gradient), starting like lifetimes from log-parameters 0.1.
    pub fn fit(data: &Triples, interrupt: Interrupt<'_>) -> Result<Self> {
        let repeaters = data.iter().any(|(p, _)| p[0] > 0.0);
        check_enough(data.distinct(), repeaters, 4, "BG/NBD")?;
        let max_t = data.iter().map(|(p, _)| p[2]).fold(0.0, f64::max);
        let scale = time_scale(max_t)?;
        let points: Vec<_> = data.iter().map(|([x, t_x, t], w)| ([x, t_x * scale, t * scale], w)).collect();
        let objective = Nll { points, total: data.total_weight(), penalizer: data.penalizer() };
        let out = bfgs(&objective, vec![0.1; 4], 1e-8, 1e-6, interrupt)?;
        let [r, alpha_scaled, a, b] = [out.phi[0].exp(), out.phi[1].exp(), out.phi[2].exp(), out.phi[3].exp()];
        let alpha = alpha_scaled / scale;
        let log_likelihood = data.iter().map(|([x, t_x, t], w)| w * log_likelihood(r, alpha, a, b, x, t_x, t)).sum();
        Ok(BgNbdModel {
            r,
            alpha,
            a,
            b,
            info: FitInfo {
                log_likelihood: Some(log_likelihood),
                n: data.total_weight(),
                distinct: data.distinct() as u64,
                iterations: out.iterations,
                converged: out.converged,
                penalizer: data.penalizer(),
            },
        })
    }

    /// A model with given parameters and no fit information (tests, what-if).
    pub fn with_params(r: f64, alpha: f64, a: f64, b: f64) -> Result<Self> {
        let m = BgNbdModel { r, alpha, a, b, info: FitInfo::none() };
        m.check()?;
        Ok(m)
    }

    fn check(&self) -> Result<()> {
        check_params("bgnbd_model", &[("r", self.r), ("alpha", self.alpha), ("a", self.a), ("b", self.b)])
    }

    /// Log-likelihood of one customer under this model.
    pub fn customer_log_likelihood(&self, x: f64, t_x: f64, t: f64) -> Result<f64> {
        check_customer(x, t_x, t)?;
        Ok(log_likelihood(self.r, self.alpha, self.a, self.b, x, t_x, t))
    }

    /// P(alive | x, t_x, T) (Fader, Hardie & Lee, note 021); 1 for x = 0.
    pub fn p_alive(&self, x: f64, t_x: f64, t: f64) -> Result<f64> {
        check_customer(x, t_x, t)?;
        if x == 0.0 {
            return Ok(1.0);
        }
        let log_div = (self.r + x) * ((self.alpha + t) / (self.alpha + t_x)).ln() + (self.a / (self.b + x - 1.0)).ln();
        // 1 / (1 + e^log_div), stable for either sign.
        Ok((-log_add_exp(0.0, log_div)).exp())
    }

    /// Expected repeat purchases of a new customer in (0, t] (equation 9).
    pub fn expected_purchases(&self, t: f64) -> Result<f64> {
        check_horizon(t)?;
        if t == 0.0 {
            return Ok(0.0);
        }
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let ln_hyp = ln_hyp2f1(r, b, a + b - 1.0, t / (alpha + t));
        let v = (a + b - 1.0) / (a - 1.0) * -(ln_hyp + r * (alpha / (alpha + t)).ln()).exp_m1();
        if v.is_finite() {
            Ok(v)
        } else {
            Err(out_of_range("the expected number of purchases"))
        }
    }
}

pub(crate) fn check_horizon(t: f64) -> Result<()> {
    if !(t.is_finite() && t >= 0.0) {
        return Err(crate::Error::invalid_parameter(
            format!("the prediction horizon t must be a finite number >= 0, got {t}"),
            "t is measured in the time unit of the model's input (e.g. days).",
        ));
    }
    Ok(())
}

impl PurchaseModel for BgNbdModel {
    /// Equation 10 of Fader, Hardie & Lee (2005), with 2F1 in log space.
    fn conditional_expected_purchases(&self, t: f64, x: f64, t_x: f64, big_t: f64) -> Result<f64> {
        check_customer(x, t_x, big_t)?;
        check_horizon(t)?;
        if t == 0.0 {
            return Ok(0.0);
        }
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let z = t / (alpha + big_t + t);
        let ln_hyp = ln_hyp2f1(r + x, b + x, a + b + x - 1.0, z);
        let first = (a + b + x - 1.0) / (a - 1.0);
        let second = -(ln_hyp + (r + x) * ((alpha + big_t) / (alpha + t + big_t)).ln()).exp_m1();
        let log_den = if x > 0.0 {
            log_add_exp(0.0, (a / (b + x - 1.0)).ln() + (r + x) * ((alpha + big_t) / (alpha + t_x)).ln())
        } else {
            0.0
        };
        let v = first * second * (-log_den).exp();
        if v.is_finite() {
            Ok(v)
        } else {
            Err(out_of_range("the conditional expected number of purchases"))
        }
    }
}

impl Versioned for BgNbdModel {
    const TYPE_NAME: &'static str = "bgnbd_model";
    const VERSION: u8 = 1;
    fn encode_body(&self, w: &mut Writer) {
        for v in [self.r, self.alpha, self.a, self.b] {
            w.f64(v);
        }
        self.info.encode(w);
    }
    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let m = BgNbdModel { r: r.f64()?, alpha: r.f64()?, a: r.f64()?, b: r.f64()?, info: FitInfo::decode(r)? };
        m.check()?;
        Ok(m)
    }
}

impl BgNbdModel {
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
    pub fn from_text(text: &str) -> Result<Self> {
        let m: BgNbdModel = parse_json("bgnbd_model", text)?;
        m.check()?;
        Ok(m)
    }
}
