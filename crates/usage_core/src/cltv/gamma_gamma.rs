//! Gamma-Gamma model of the mean spend per purchase (Fader, Hardie & Lee 2005,
//! "RFM and CLV"; Hardie's note 025), as lifetimes' GammaGammaFitter. Fitted on
//! repeat customers only: x > 0 purchases with mean value monetary > 0.

use serde::{Deserialize, Serialize};

use super::fit::{bfgs, Interrupt, Objective};
use super::special::{digamma, ln_gamma};
use super::{check_enough, check_params, finite, out_of_range, parse_json, FitInfo, Pairs};
use crate::codec::{Reader, Versioned, Writer};
use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GammaGammaModel {
    pub p: f64,
    pub q: f64,
    /// The scale parameter, called gamma in the paper and v in lifetimes.
    pub v: f64,
    #[serde(flatten)]
    pub info: FitInfo,
}

/// Checks one customer's (x, monetary). Returns false for x = 0 (no repeat
/// purchase, no information on spend: skipped by the fit).
pub fn check_spend(x: f64, monetary: f64) -> Result<bool> {
    finite("x", x)?;
    finite("monetary", monetary)?;
    if x < 0.0 || x.fract() != 0.0 {
        return Err(Error::invalid_parameter(
            format!("x (repeat purchases) must be a whole number >= 0, got {x}"),
            "x counts repeat purchases (btyd_frequency).",
        ));
    }
    if x == 0.0 {
        return Ok(false);
    }
    if monetary <= 0.0 {
        return Err(Error::invalid_parameter(
            format!("monetary must be > 0 for repeat customers, got {monetary}"),
            "The Gamma-Gamma model needs the positive mean value of the repeat purchases (btyd_monetary); filter out zero or negative values.",
        ));
    }
    Ok(true)
}

fn log_likelihood(p: f64, q: f64, v: f64, x: f64, m: f64) -> f64 {
    ln_gamma(p * x + q) - ln_gamma(p * x) - ln_gamma(q) + q * v.ln() + (p * x - 1.0) * m.ln() + p * x * x.ln()
        - (p * x + q) * (x * m + v).ln()
}

/// Mean negative log-likelihood plus penalizer, with its gradient in
/// log-parameters; gamma functions are evaluated once per distinct x.
struct Nll {
    xs: Vec<f64>,
    /// (index of x, monetary, ln monetary, weight) per distinct row.
    rows: Vec<(u32, f64, f64, f64)>,
    total: f64,
    penalizer: f64,
}

impl Nll {
    fn new(points: &[([f64; 2], f64)], total: f64, penalizer: f64) -> Self {
        let x: Vec<f64> = points.iter().map(|(p, _)| p[0]).collect();
        let (xs, xi) = super::index_values(&x);
        let rows = points.iter().zip(xi).map(|(([_, m], w), i)| (i, *m, m.ln(), *w)).collect();
        Nll { xs, rows, total, penalizer }
    }
}

impl Objective for Nll {
    fn evaluate(&self, phi: &[f64], want_gradient: bool) -> (f64, Vec<f64>) {
        let (p, q, v) = (phi[0].exp(), phi[1].exp(), phi[2].exp());
        let (lg_q, dg_q, ln_v) = (ln_gamma(q), digamma(q), v.ln());
        // Per distinct x: the terms free of monetary, and the digamma parts of the gradient.
        let per_x: Vec<[f64; 4]> = self
            .xs
            .iter()
            .map(|&x| {
                let base = ln_gamma(p * x + q) - ln_gamma(p * x) - lg_q + q * ln_v + p * x * x.ln();
                if want_gradient {
                    let dg_pxq = digamma(p * x + q);
                    [base, x.ln(), x * (dg_pxq - digamma(p * x) + x.ln()), dg_pxq - dg_q + ln_v]
                } else {
                    [base, x.ln(), 0.0, 0.0]
                }
            })
            .collect();
        let mut ll = 0.0;
        let mut g = [0.0f64; 3];
        for &(xi, m, ln_m, w) in &self.rows {
            let x = self.xs[xi as usize];
            let [base, _ln_x, d_p0, d_q0] = per_x[xi as usize];
            let lxmv = (x * m + v).ln();
            ll += w * (base + (p * x - 1.0) * ln_m - (p * x + q) * lxmv);
            if want_gradient {
                g[0] += w * (d_p0 + x * (ln_m - lxmv));
                g[1] += w * (d_q0 - lxmv);
                g[2] += w * (q / v - (p * x + q) / (x * m + v));
            }
        }
        let theta = [p, q, v];
        let value = -ll / self.total + self.penalizer * theta.iter().map(|t| t * t).sum::<f64>();
        let grad = if want_gradient {
            (0..3).map(|i| -g[i] / self.total * theta[i] + 2.0 * self.penalizer * theta[i] * theta[i]).collect()
        } else {
            Vec::new()
        };
        (value, grad)
    }
}

impl GammaGammaModel {
    /// Fits p, q, v by maximum likelihood (BFGS on log-parameters from 0.1, as lifetimes).
    pub fn fit(data: &Pairs, interrupt: Interrupt<'_>) -> Result<Self> {
        check_enough(data.distinct(), data.distinct() > 0, 3, "Gamma-Gamma")?;
        let points: Vec<_> = data.iter().collect();
        let objective = Nll::new(&points, data.total_weight(), data.penalizer());
        let out = bfgs(&objective, vec![0.1; 3], 1e-8, 1e-6, interrupt)?;
        let (p, q, v) = (out.phi[0].exp(), out.phi[1].exp(), out.phi[2].exp());
        let log_likelihood = data.iter().map(|([x, m], w)| w * log_likelihood(p, q, v, x, m)).sum();
        Ok(GammaGammaModel {
            p,
            q,
            v,
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

    pub fn with_params(p: f64, q: f64, v: f64) -> Result<Self> {
        let m = GammaGammaModel { p, q, v, info: FitInfo::none() };
        m.check()?;
        Ok(m)
    }

    fn check(&self) -> Result<()> {
        check_params("gamma_gamma_model", &[("p", self.p), ("q", self.q), ("v", self.v)])
    }

    /// E[mean spend per purchase | x, monetary] (equation 5 of note 025): a weighted
    /// mean of the customer's own mean and the population mean v p / (q - 1). For
    /// x = 0 the population mean (monetary is ignored).
    pub fn expected_spend(&self, x: f64, monetary: f64) -> Result<f64> {
        let repeat = check_spend(x, monetary)?;
        if !(self.q > 1.0) {
            return Err(out_of_range("the population mean spend (q <= 1)"));
        }
        let population_mean = self.v * self.p / (self.q - 1.0);
        if !repeat {
            return Ok(population_mean);
        }
        let w = self.p * x / (self.p * x + self.q - 1.0);
        Ok((1.0 - w) * population_mean + w * monetary)
    }
}

impl Versioned for GammaGammaModel {
    const TYPE_NAME: &'static str = "gamma_gamma_model";
    const VERSION: u8 = 1;
    fn encode_body(&self, w: &mut Writer) {
        for x in [self.p, self.q, self.v] {
            w.f64(x);
        }
        self.info.encode(w);
    }
    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let m = GammaGammaModel { p: r.f64()?, q: r.f64()?, v: r.f64()?, info: FitInfo::decode(r)? };
        m.check()?;
        Ok(m)
    }
}

impl GammaGammaModel {
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
    pub fn from_text(text: &str) -> Result<Self> {
        let m: GammaGammaModel = parse_json("gamma_gamma_model", text)?;
        m.check()?;
        Ok(m)
    }
}
