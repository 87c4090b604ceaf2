//! BG/BB (Fader, Hardie & Shang 2010, "Customer-base analysis in a discrete-time
//! noncontractual setting"), formulas as in lifetimes' BetaGeoBetaBinomFitter.
//!
//! A customer has n transaction opportunities (periods); while alive she buys at
//! each with probability p ~ Beta(alpha, beta), and after each opportunity she
//! drops out with probability theta ~ Beta(gamma, delta). Inputs per customer:
//! x opportunities with a transaction (after the first one, as in lifetimes'
//! frequency), t_x the opportunity of the last transaction (0 without one), n the
//! opportunities observed.

use serde::{Deserialize, Serialize};

use super::bgnbd::check_horizon;
use super::fit::{bfgs, Interrupt, Objective};
use super::special::{digamma, ln_beta, ln_gamma};
use super::{check_enough, check_fitted, finite, finite_result, total_weight, weight_scale, FitInfo, Triples};
use crate::{Error, Result};

/// Most transaction opportunities per customer: each costs a term of the likelihood.
pub const MAX_PERIODS: f64 = 100_000.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BgBbModel {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub delta: f64,
    #[serde(flatten)]
    pub info: FitInfo,
}

/// Checks one customer's (x, t_x, n): whole numbers with 0 <= x <= t_x <= n <=
/// [`MAX_PERIODS`], t_x = 0 when x = 0 (lifetimes' checks, plus x <= t_x, without
/// which the likelihood is not defined: x transactions need x opportunities).
pub fn check_opportunities(x: f64, t_x: f64, n: f64) -> Result<()> {
    finite("x", x)?;
    finite("t_x", t_x)?;
    finite("n_periods", n)?;
    let whole = |v: f64| v >= 0.0 && v.fract() == 0.0;
    if !(whole(x) && whole(t_x) && whole(n)) {
        return Err(Error::invalid_parameter(
            format!("x, t_x and n_periods must be whole numbers >= 0, got x = {x}, t_x = {t_x}, n_periods = {n}"),
            "BG/BB counts transaction opportunities (periods): x repeat transactions, t_x the period of the last one, n_periods the periods observed.",
        ));
    }
    if n > MAX_PERIODS {
        return Err(Error::invalid_parameter(
            format!("n_periods must be at most {MAX_PERIODS}, got {n}"),
            "BG/BB is a model of a modest number of discrete opportunities (years, months, weeks); use BG/NBD for continuous time.",
        ));
    }
    if t_x > n {
        return Err(Error::invalid_parameter(
            format!("t_x (recency) must not exceed n_periods, got t_x = {t_x} > n_periods = {n}"),
            "t_x is the period of the last transaction, counted from the first one.",
        ));
    }
    if x > t_x || (x == 0.0 && t_x != 0.0) {
        return Err(Error::invalid_parameter(
            format!("x must be at most t_x, and t_x 0 when x = 0; got x = {x}, t_x = {t_x}"),
            "x transactions take x distinct periods up to t_x; a customer without repeat transactions has t_x = 0.",
        ));
    }
    Ok(())
}

/// ln Γ and ψ of `base + j` for j = 0..len.
fn table(base: f64, len: usize) -> (Vec<f64>, Vec<f64>) {
    (0..len).map(|j| (ln_gamma(base + j as f64), digamma(base + j as f64))).unzip()
}

/// The terms of one customer's likelihood for given parameters: ln of
/// B(a+x, b+n-x)/B(a,b) B(g, d+n)/B(g,d) (alive after n) and, for i = 0..n-t_x-1,
/// B(a+x, b+t_x-x+i)/B(a,b) B(g+1, d+t_x+i)/B(g,d) (dropped out after t_x + i),
/// each with its gradient in (alpha, beta, gamma, delta). Built from tables of
/// ln Γ and ψ over offsets 0..=N+1, so a term costs a few additions.
struct Terms {
    lg: [Vec<f64>; 5],
    dg: [Vec<f64>; 5],
    /// ln B(a, b) + ln B(g, d) and ψ terms of the normalising constants.
    ln_norm: f64,
    d_norm: [f64; 4],
    lg_g: f64,
    lg_g1: f64,
    dg_g: f64,
    dg_g1: f64,
}

// Indices of the tables: alpha + j, beta + j, alpha + beta + j, delta + j, gamma + delta + j.
const A: usize = 0;
const B: usize = 1;
const AB: usize = 2;
const D: usize = 3;
const GD: usize = 4;

impl Terms {
    fn new(p: [f64; 4], max_n: usize) -> Self {
        let [a, b, g, d] = p;
        let len = max_n + 2;
        let parts = [table(a, len), table(b, len), table(a + b, len), table(d, len), table(g + d, len)];
        let lg = parts.clone().map(|t| t.0);
        let dg = parts.map(|t| t.1);
        let (dab, dgd) = (dg[AB][0], dg[GD][0]);
        Terms {
            ln_norm: ln_beta(a, b) + ln_beta(g, d),
            d_norm: [dg[A][0] - dab, dg[B][0] - dab, digamma(g) - dgd, dg[D][0] - dgd],
            lg_g: ln_gamma(g),
            lg_g1: ln_gamma(g + 1.0),
            dg_g: digamma(g),
            dg_g1: digamma(g + 1.0),
            lg,
            dg,
        }
    }

    /// ln B(a+x, b+k) (offsets of alpha and beta) and its gradient in (a, b).
    #[inline]
    fn ab(&self, x: usize, k: usize) -> (f64, [f64; 2]) {
        let m = x + k;
        (
            self.lg[A][x] + self.lg[B][k] - self.lg[AB][m],
            [self.dg[A][x] - self.dg[AB][m], self.dg[B][k] - self.dg[AB][m]],
        )
    }

    /// ln B(g + e, d + m) for e = 0 or 1 and its gradient in (g, d).
    #[inline]
    fn gd(&self, e: usize, m: usize) -> (f64, [f64; 2]) {
        let (lg_ge, dg_ge) = if e == 0 { (self.lg_g, self.dg_g) } else { (self.lg_g1, self.dg_g1) };
        (lg_ge + self.lg[D][m] - self.lg[GD][m + e], [dg_ge - self.dg[GD][m + e], self.dg[D][m] - self.dg[GD][m + e]])
    }

    /// One term (ln value, gradient) from its (a, b) and (g, d) parts.
    #[inline]
    fn term(&self, ab: (f64, [f64; 2]), gd: (f64, [f64; 2])) -> (f64, [f64; 4]) {
        let n = &self.d_norm;
        (ab.0 + gd.0 - self.ln_norm, [ab.1[0] - n[0], ab.1[1] - n[1], gd.1[0] - n[2], gd.1[1] - n[3]])
    }

    /// ln-likelihood of (x, t_x, n) and its gradient; `buf` is scratch space.
    fn customer(&self, x: usize, t_x: usize, n: usize, buf: &mut Vec<(f64, [f64; 4])>) -> (f64, [f64; 4]) {
        buf.clear();
        buf.push(self.term(self.ab(x, n - x), self.gd(0, n)));
        for i in 0..n - t_x {
            buf.push(self.term(self.ab(x, t_x - x + i), self.gd(1, t_x + i)));
        }
        let top = buf.iter().map(|t| t.0).fold(f64::NEG_INFINITY, f64::max);
        let mut sum = 0.0;
        let mut grad = [0.0; 4];
        for (v, g) in buf.iter() {
            let e = (v - top).exp();
            sum += e;
            for k in 0..4 {
                grad[k] += e * g[k];
            }
        }
        (top + sum.ln(), grad.map(|g| g / sum))
    }
}

/// Mean negative log-likelihood over the weighted customers and its gradient in
/// log-parameters (lifetimes' objective without penalizer).
struct Nll<'a> {
    rows: Vec<([usize; 3], f64)>,
    total: f64,
    max_n: usize,
    /// Checked every [`ROWS_PER_CHECK`] rows: a row costs up to n terms.
    interrupt: Interrupt<'a>,
}

const ROWS_PER_CHECK: usize = 1024;

impl<'a> Nll<'a> {
    /// From checked rows (whole numbers up to [`MAX_PERIODS`]).
    fn new(points: &[([f64; 3], f64)], total: f64, interrupt: Interrupt<'a>) -> Self {
        let k = weight_scale(total);
        let rows: Vec<([usize; 3], f64)> =
            points.iter().map(|&(p, w)| (p.map(|v| v as usize), w * k)).filter(|(_, w)| *w > 0.0).collect();
        let max_n = rows.iter().map(|(p, _)| p[2]).max().unwrap_or(0);
        Nll { rows, total: total * k, max_n, interrupt }
    }
}

impl Objective for Nll<'_> {
    fn evaluate(&self, phi: &[f64], want_gradient: bool) -> (f64, Vec<f64>) {
        let p = [phi[0].exp(), phi[1].exp(), phi[2].exp(), phi[3].exp()];
        let terms = Terms::new(p, self.max_n);
        let mut buf = Vec::new();
        let (mut ll, mut g) = (0.0, [0.0; 4]);
        for (i, &([x, t_x, n], w)) in self.rows.iter().enumerate() {
            // An interrupt that returns an error (the SQL layer's raises instead) makes
            // the point unusable; the optimiser's own check then stops the fit.
            if i % ROWS_PER_CHECK == ROWS_PER_CHECK - 1 && (self.interrupt)().is_err() {
                return (f64::NAN, vec![f64::NAN; 4]);
            }
            let (l, d) = terms.customer(x, t_x, n, &mut buf);
            ll += w * l;
            for k in 0..4 {
                g[k] += w * d[k];
            }
        }
        let grad = if want_gradient { (0..4).map(|k| -p[k] * g[k] / self.total).collect() } else { Vec::new() };
        (-ll / self.total, grad)
    }
}

impl BgBbModel {
    /// Fits the model by maximum likelihood: BFGS on log-parameters from 0.1 (where
    /// lifetimes starts) with the analytic gradient. Rows are read sorted by value,
    /// so the fit does not depend on the order rows arrived in.
    pub fn fit(data: &Triples, interrupt: Interrupt<'_>) -> Result<Self> {
        let sorted = data.sorted();
        for &([x, t_x, n], _) in &sorted {
            check_opportunities(x, t_x, n)?;
        }
        let repeaters = sorted.iter().any(|(p, _)| p[0] > 0.0);
        check_enough(sorted.len(), repeaters, 4, "BG/BB")?;
        let total = total_weight(&sorted)?;
        let objective = Nll::new(&sorted, total, interrupt);
        let out = bfgs(&objective, vec![0.1; 4], 1e-8, 1e-6, interrupt)?;
        let [alpha, beta, gamma, delta] = [out.phi[0].exp(), out.phi[1].exp(), out.phi[2].exp(), out.phi[3].exp()];
        let model = BgBbModel { alpha, beta, gamma, delta, info: FitInfo::none() };
        let log_likelihood = sorted.iter().map(|&([x, t_x, n], w)| w * model.ln_l(x, t_x, n)).sum::<f64>();
        let model = BgBbModel {
            info: FitInfo {
                log_likelihood: Some(log_likelihood),
                n: total,
                distinct: sorted.len() as u64,
                iterations: out.iterations,
                converged: out.converged,
                penalizer: 0.0,
            },
            ..model
        };
        check_fitted("BG/BB", model.check())?;
        Ok(model)
    }

    fn params(&self) -> [f64; 4] {
        [self.alpha, self.beta, self.gamma, self.delta]
    }

    /// ln L(x, t_x, n) of a checked customer.
    fn ln_l(&self, x: f64, t_x: f64, n: f64) -> f64 {
        let terms = Terms::new(self.params(), n as usize);
        terms.customer(x as usize, t_x as usize, n as usize, &mut Vec::new()).0
    }

    /// Log-likelihood of one customer under this model (equation 5 of the paper).
    pub fn customer_log_likelihood(&self, x: f64, t_x: f64, n: f64) -> Result<f64> {
        check_opportunities(x, t_x, n)?;
        finite_result("the log-likelihood", self.ln_l(x, t_x, n))
    }

    /// P(alive at opportunity n + m | x, t_x, n) (lifetimes'
    /// conditional_probability_alive; the paper's A10 for m = 0):
    /// B(a+x, b+n-x)/B(a,b) B(g, d+n+m)/B(g,d) / L(x, t_x, n).
    pub fn p_alive(&self, x: f64, t_x: f64, n: f64, m: f64) -> Result<f64> {
        check_opportunities(x, t_x, n)?;
        check_horizon(m)?;
        let (a, b, g, d) = (self.alpha, self.beta, self.gamma, self.delta);
        let ln_p =
            ln_beta(a + x, b + n - x) - ln_beta(a, b) + ln_beta(g, d + n + m) - ln_beta(g, d) - self.ln_l(x, t_x, n);
        finite_result("P(alive)", ln_p.exp().min(1.0))
    }

    /// Expected transactions in the next m opportunities of a customer with history
    /// (x, t_x, n) (equation 13 of the paper, lifetimes'
    /// conditional_expected_number_of_purchases_up_to_time):
    /// 1/L B(a+x+1, b+n-x)/B(a,b) d/(g-1) Γ(g+d)/Γ(1+d)
    /// [Γ(1+d+n)/Γ(g+d+n) - Γ(1+d+n+m)/Γ(g+d+n+m)].
    pub fn conditional_expected_purchases(&self, m: f64, x: f64, t_x: f64, n: f64) -> Result<f64> {
        check_opportunities(x, t_x, n)?;
        check_horizon(m)?;
        let ln_l = self.ln_l(x, t_x, n);
        self.expected_after(m, x, n, ln_l)
    }

    /// Expected transactions of a new customer in her first n opportunities
    /// (equation 9 of the paper): the conditional expectation with no history.
    pub fn expected_purchases(&self, n: f64) -> Result<f64> {
        check_horizon(n)?;
        self.expected_after(n, 0.0, 0.0, 0.0)
    }

    fn expected_after(&self, m: f64, x: f64, n: f64, ln_l: f64) -> Result<f64> {
        if m == 0.0 {
            return Ok(0.0);
        }
        let (a, b, g, d) = (self.alpha, self.beta, self.gamma, self.delta);
        let ln_p2 = ln_beta(a + x + 1.0, b + n - x) - ln_beta(a, b);
        let ln_p3 = ln_gamma(g + d) - ln_gamma(1.0 + d);
        let ln_p4 = ln_gamma(1.0 + d + n) - ln_gamma(g + d + n);
        let ln_p5 = ln_gamma(1.0 + d + n + m) - ln_gamma(g + d + n + m);
        // d / (g - 1) (p4 - p5) = d p4 (1 - p5 / p4) / (g - 1); its limit at g = 1 is
        // d (ψ(1+d+n+m) - ψ(1+d+n)) (both ratios are 1 there).
        let tail = if g == 1.0 {
            d * (digamma(1.0 + d + n + m) - digamma(1.0 + d + n))
        } else {
            d / (g - 1.0) * ln_p4.exp() * -(ln_p5 - ln_p4).exp_m1()
        };
        finite_result("the conditional expected number of purchases", (ln_p2 + ln_p3 - ln_l).exp() * tail)
    }
}

super::fitted_model!(BgBbModel, "bgbb_model", [alpha, beta, gamma, delta]);

/// Test support: the analytic gradient of the BG/BB objective agrees with central
/// finite differences of its value on `data`.
#[cfg(test)]
pub(crate) fn assert_gradient(data: &Triples) {
    let sorted = data.sorted();
    let total = sorted.iter().map(|(_, w)| w).sum();
    let ok = || Ok(());
    let nll = Nll::new(&sorted, total, &ok);
    let phi = [0.2, -0.3, -0.4, 1.0];
    let (_, g) = nll.evaluate(&phi, true);
    for i in 0..4 {
        let (mut up, mut down) = (phi, phi);
        up[i] += 1e-5;
        down[i] -= 1e-5;
        let d = (nll.evaluate(&up, false).0 - nll.evaluate(&down, false).0) / 2e-5;
        assert!((d - g[i]).abs() <= 1e-6 * g[i].abs().max(1e-2), "gradient {i}: {d} vs {}", g[i]);
    }
}
