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
/// Terms that depend only on x or only on a time are computed once per distinct
/// value; each row then costs one exp and one log.
struct Nll {
    xs: Vec<f64>,
    times: Vec<f64>,
    /// (index of x, of t_x, of T in `times`, weight) per distinct row.
    rows: Vec<(u32, u32, u32, f64)>,
    total: f64,
    penalizer: f64,
}

impl Nll {
    fn new(points: &[([f64; 3], f64)], total: f64, penalizer: f64) -> Self {
        let x: Vec<f64> = points.iter().map(|(p, _)| p[0]).collect();
        let t: Vec<f64> = points.iter().flat_map(|(p, _)| [p[1], p[2]]).collect();
        let (xs, xi) = super::index_values(&x);
        let (times, ti) = super::index_values(&t);
        let rows = points.iter().enumerate().map(|(i, (_, w))| (xi[i], ti[2 * i], ti[2 * i + 1], *w)).collect();
        Nll { xs, times, rows, total, penalizer }
    }
}

impl Objective for Nll {
    fn evaluate(&self, phi: &[f64], want_gradient: bool) -> (f64, Vec<f64>) {
        let (r, alpha, a, b) = (phi[0].exp(), phi[1].exp(), phi[2].exp(), phi[3].exp());
        let (lg_r, lg_ab, lg_b, ln_alpha, ln_a) = (ln_gamma(r), ln_gamma(a + b), ln_gamma(b), alpha.ln(), a.ln());
        let (dg_r, dg_ab, dg_b) = (digamma(r), digamma(a + b), digamma(b));
        // Per distinct x: the part of the log-likelihood free of times, ln(b + x - 1),
        // and the x-only parts of the gradient.
        let per_x: Vec<[f64; 5]> = self
            .xs
            .iter()
            .map(|&x| {
                let base = ln_gamma(r + x) - lg_r + r * ln_alpha + lg_ab + ln_gamma(b + x) - lg_b - ln_gamma(a + b + x);
                let lnb1 = if x > 0.0 { (b + x - 1.0).ln() } else { 0.0 };
                if want_gradient {
                    let common = dg_ab - digamma(a + b + x);
                    [base, lnb1, digamma(r + x) - dg_r + ln_alpha, common, digamma(b + x) - dg_b]
                } else {
                    [base, lnb1, 0.0, 0.0, 0.0]
                }
            })
            .collect();
        let per_t: Vec<(f64, f64)> = self.times.iter().map(|&t| ((alpha + t).ln(), 1.0 / (alpha + t))).collect();
        let mut ll = 0.0;
        let mut g = [0.0f64; 4];
        for &(xi, txi, ti, w) in &self.rows {
            let x = self.xs[xi as usize];
            let [base, lnb1, d_r0, common, d_b0] = per_x[xi as usize];
            let (ln_t, inv_t) = per_t[ti as usize];
            let a3 = -(r + x) * ln_t;
            // Weights of the two terms of the likelihood (alive at T / dropped out after t_x).
            let (value, w3, w4, ln_tx, inv_tx) = if x > 0.0 {
                let (ln_tx, inv_tx) = per_t[txi as usize];
                let a4 = ln_a - lnb1 - (r + x) * ln_tx;
                let e = (-(a3 - a4).abs()).exp();
                let (w_hi, w_lo) = (1.0 / (1.0 + e), e / (1.0 + e));
                let (w3, w4) = if a3 >= a4 { (w_hi, w_lo) } else { (w_lo, w_hi) };
                (base + a3.max(a4) + e.ln_1p(), w3, w4, ln_tx, inv_tx)
            } else {
                (base + a3, 1.0, 0.0, 0.0, 0.0)
            };
            ll += w * value;
            if want_gradient {
                g[0] += w * (d_r0 - w3 * ln_t - w4 * ln_tx);
                g[1] += w * (r / alpha - (r + x) * (w3 * inv_t + w4 * inv_tx));
                g[2] += w * (common + w4 / a);
                g[3] += w * (common + d_b0 - if x > 0.0 { w4 / (b + x - 1.0) } else { 0.0 });
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
        let objective = Nll::new(&points, data.total_weight(), data.penalizer());
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
