//! Gamma-Gamma model of the mean spend per purchase (Fader, Hardie & Lee 2005,
//! "RFM and CLV"; Hardie's note 025), as lifetimes' GammaGammaFitter. Fitted on
//! repeat customers only: x > 0 purchases with mean value monetary > 0.

use serde::{Deserialize, Serialize};

use super::fit::{newton, warm_start, Interrupt, WithHessian};
use super::special::{digamma, ln_gamma, trigamma};
use super::{
    check_enough, check_fitted, finite, finite_result, out_of_range, total_weight, weight_scale, FitInfo, Pairs,
};
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
#[inline]
pub fn check_spend(x: f64, monetary: f64) -> Result<bool> {
    // The common case in a few comparisons (NaN fails them); errors below.
    if super::small_whole(x) && monetary.is_finite() && (x == 0.0 || monetary > 0.0) {
        return Ok(x > 0.0);
    }
    explain_spend(x, monetary)
}

#[cold]
pub(super) fn explain_spend(x: f64, monetary: f64) -> Result<bool> {
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

/// Mean negative log-likelihood plus penalizer, with its gradient and Hessian in
/// log-parameters. Gamma functions enter once per distinct x (through the total
/// weight of each x), the monetary terms free of parameters once per fit; each row
/// then costs one log and one division per evaluation, summed in two fixed halves,
/// on two threads for large fits (see [`super::parallel`]).
struct Nll {
    xs: Vec<f64>,
    /// Total weight of each distinct x.
    x_weight: Vec<f64>,
    /// Per distinct row: x, monetary, weight.
    x: Vec<f64>,
    m: Vec<f64>,
    w: Vec<f64>,
    /// Sums of w ln m and w x ln m over the rows.
    sum_ln_m: f64,
    sum_x_ln_m: f64,
    total: f64,
    penalizer: f64,
    threads: usize,
}

impl Nll {
    /// From the sorted distinct rows, weights multiplied by [`weight_scale`] of
    /// their `total`.
    fn new(points: &[([f64; 2], f64)], total: f64, penalizer: f64) -> Self {
        let k = weight_scale(total);
        let mut xs = super::ValueIndex::default();
        let mut x_weight = Vec::new();
        let (mut sum_ln_m, mut sum_x_ln_m) = (0.0, 0.0);
        for ([x, m], w) in points {
            let w = w * k;
            let i = xs.number(*x) as usize;
            if i == x_weight.len() {
                x_weight.push(0.0);
            }
            x_weight[i] += w;
            sum_ln_m += w * m.ln();
            sum_x_ln_m += w * x * m.ln();
        }
        Nll {
            xs: xs.into_values(),
            x_weight,
            x: points.iter().map(|(p, _)| p[0]).collect(),
            m: points.iter().map(|(p, _)| p[1]).collect(),
            w: points.iter().map(|(_, w)| w * k).collect(),
            sum_ln_m,
            sum_x_ln_m,
            total: total * k,
            penalizer,
            threads: super::parallel::default_threads(),
        }
    }
}

impl WithHessian for Nll {
    /// Value, gradient and Hessian (row-major 3 x 3) in log-parameters.
    fn evaluate_all(&self, phi: &[f64]) -> (f64, Vec<f64>, Vec<f64>) {
        let (p, q, v) = (phi[0].exp(), phi[1].exp(), phi[2].exp());
        let (lg_q, dg_q, tg_q, ln_v) = (ln_gamma(q), digamma(q), trigamma(q), v.ln());
        let n = self.total;
        // ln-likelihood in natural parameters (p, q, v): value, gradient, Hessian.
        let mut ll = p * self.sum_x_ln_m - self.sum_ln_m;
        let mut g = [self.sum_x_ln_m, 0.0, n * q / v];
        let mut h = [[0.0f64; 3]; 3];
        for (&x, &wx) in self.xs.iter().zip(&self.x_weight) {
            let (px, ln_x) = (p * x, x.ln());
            ll += wx * (ln_gamma(px + q) - ln_gamma(px) - lg_q + q * ln_v + px * ln_x);
            let (dg_pxq, tg_pxq) = (digamma(px + q), trigamma(px + q));
            g[0] += wx * x * (dg_pxq - digamma(px) + ln_x);
            g[1] += wx * (dg_pxq - dg_q + ln_v);
            h[0][0] += wx * x * x * (tg_pxq - trigamma(px));
            h[0][1] += wx * x * tg_pxq;
            h[1][1] += wx * (tg_pxq - tg_q);
        }
        // Rows: -(p x + q) ln(x m + v) and its derivatives.
        let rows = |range: std::ops::Range<usize>| {
            let mut acc = [0.0f64; 6];
            for i in range {
                let (x, w) = (self.x[i], self.w[i]);
                let xmv = x * self.m[i] + v;
                let (l, inv) = (xmv.ln(), 1.0 / xmv);
                let (wl, wi) = (w * l, w * inv);
                acc[0] += wl;
                acc[1] += wl * x;
                acc[2] += wi;
                acc[3] += wi * x;
                acc[4] += wi * inv;
                acc[5] += wi * inv * x;
            }
            acc
        };
        let [s_l, s_xl, s_i, s_xi, s_i2, s_xi2] = super::parallel::chunked_sum(self.x.len(), self.threads, rows);
        ll -= p * s_xl + q * s_l;
        g[0] -= s_xl;
        g[1] -= s_l;
        g[2] -= p * s_xi + q * s_i;
        h[0][2] = -s_xi;
        h[1][2] = n / v - s_i;
        h[2][2] = -n * q / (v * v) + p * s_xi2 + q * s_i2;
        super::fit::penalized_in_log_space(ll, &g, &h, &[p, q, v], n, self.penalizer)
    }
}

impl GammaGammaModel {
    /// Fits p, q, v by maximum likelihood (Newton with the analytic Hessian on
    /// log-parameters from 0.1, as lifetimes starts; BFGS if Newton stalls).
    /// Large fits start from the optimum on a subsample ([`warm_start`]).
    pub fn fit(data: &Pairs, interrupt: Interrupt<'_>) -> Result<Self> {
        Self::fit_with(data, true, interrupt)
    }

    pub(crate) fn fit_with(data: &Pairs, warm: bool, interrupt: Interrupt<'_>) -> Result<Self> {
        let points = data.sorted();
        check_enough(points.len(), !points.is_empty(), 3, "Gamma-Gamma")?;
        let total = total_weight(&points)?;
        let objective = Nll::new(&points, total, data.penalizer());
        let subsample = |k: usize| {
            let rows: Vec<_> = points.iter().step_by(k).copied().collect();
            let sub_total = rows.iter().map(|(_, w)| w).sum();
            Nll::new(&rows, sub_total, data.penalizer())
        };
        let start = if warm { warm_start(points.len(), vec![0.1; 3], subsample, interrupt)? } else { vec![0.1; 3] };
        let out = newton(&objective, start, 1e-8, 1e-6, interrupt)?;
        let (p, q, v) = (out.phi[0].exp(), out.phi[1].exp(), out.phi[2].exp());
        // The log-likelihood at the estimate from the objective's value there (the
        // optimiser's value is the objective's inside the box).
        let log_likelihood = if out.phi.iter().all(|p| p.abs() <= 25.0) && out.value.is_finite() {
            let value = out.value;
            -(value - data.penalizer() * (p * p + q * q + v * v)) * total
        } else {
            points.iter().map(|&([x, m], w)| w * log_likelihood(p, q, v, x, m)).sum()
        };
        let model = GammaGammaModel {
            p,
            q,
            v,
            info: FitInfo {
                log_likelihood: Some(log_likelihood),
                n: total,
                distinct: points.len() as u64,
                iterations: out.iterations,
                converged: out.converged,
                penalizer: data.penalizer(),
            },
        };
        check_fitted("Gamma-Gamma", model.check())?;
        Ok(model)
    }

    /// E[mean spend per purchase | x, monetary] (equation 5 of note 025): a weighted
    /// mean of the customer's own mean and the population mean v p / (q - 1). For
    /// x = 0 the population mean (monetary is ignored).
    pub fn expected_spend(&self, x: f64, monetary: f64) -> Result<f64> {
        let repeat = check_spend(x, monetary)?;
        if !(self.q > 1.0) {
            return Err(out_of_range("the population mean spend (q <= 1)"));
        }
        let population_mean = finite_result("the population mean spend", self.v * self.p / (self.q - 1.0))?;
        if !repeat {
            return Ok(population_mean);
        }
        // The customer's weight p x / (p x + q - 1), also where p x overflows (x up to
        // float8's limit): there it tends to 1.
        let px = self.p * x;
        let den = px + self.q - 1.0;
        let w = if den.is_finite() { px / den } else { 1.0 / (1.0 + (self.q - 1.0) / px) };
        finite_result("the expected spend", (1.0 - w) * population_mean + w * monetary)
    }
}

super::fitted_model!(GammaGammaModel, "gamma_gamma_model", [p, q, v]);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cltv::tests::cdnow_copies;

    fn objective(copies: usize) -> Nll {
        let mut data = Pairs::new();
        for [x, _, _, m] in cdnow_copies(copies) {
            if x > 0.0 {
                data.add([x, m], 1.0);
            }
        }
        let sorted = data.sorted();
        let total = sorted.iter().map(|(_, w)| w).sum();
        Nll::new(&sorted, total, 0.01)
    }

    #[test]
    fn gradient_and_hessian_match_finite_differences() {
        super::super::fit::assert_derivatives_match(&objective(1), &[1.5, 1.2, 2.5]);
    }

    #[test]
    fn two_threads_sum_like_one() {
        let mut nll = objective(40);
        assert!(nll.w.len() >= crate::cltv::parallel::MIN_PARALLEL_ROWS);
        let phi = [1.5, 1.2, 2.5];
        nll.threads = 1;
        let one = nll.evaluate_all(&phi);
        nll.threads = 2;
        let two = nll.evaluate_all(&phi);
        super::super::fit::assert_same_bits(&one, &two);
    }
}
