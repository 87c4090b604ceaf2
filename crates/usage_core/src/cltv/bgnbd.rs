//! BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"),
//! formulas as in lifetimes' BetaGeoFitter. The likelihood and its fit also serve
//! MBG/NBD ([`super::mbgnbd`]), whose likelihood differs only by a shift of one
//! in the beta terms of x (see [`Variant`]).

use serde::{Deserialize, Serialize};

use super::fit::{newton, warm_start, Interrupt, WithHessian};
use super::special::{digamma, ln_gamma, ln_hyp2f1, log_add_exp, trigamma};
use super::{
    check_customer, check_enough, check_fitted, finite_result, time_scale, total_weight, weight_scale, FitInfo,
    PurchaseModel, Triples,
};
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

/// The two members of the family: BG/NBD, where a customer can drop out only
/// after a repeat purchase, and MBG/NBD (Batislam, Denizel & Filiztekin 2007),
/// where she can also drop out right after the first one. In the likelihood the
/// modified model replaces b + x by b + x + 1 and a + b + x by a + b + x + 1 in
/// the gamma functions of x, and its dropout term a / (b + x) (BG/NBD:
/// a / (b + x - 1), for x > 0 only) applies to every customer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Variant {
    BgNbd,
    Modified,
}

impl Variant {
    fn shift(self) -> f64 {
        match self {
            Variant::BgNbd => 0.0,
            Variant::Modified => 1.0,
        }
    }

    /// Whether a customer with x repeat purchases has the dropout term.
    fn drops(self, x: f64) -> bool {
        x > 0.0 || self == Variant::Modified
    }

    fn name(self) -> &'static str {
        match self {
            Variant::BgNbd => "BG/NBD",
            Variant::Modified => "MBG/NBD",
        }
    }
}

/// ln of one customer's likelihood (section 7 of Fader, Hardie & Lee 2005;
/// Batislam et al. 2007 for the modified variant).
#[allow(clippy::too_many_arguments)]
pub(crate) fn log_likelihood(v: Variant, r: f64, alpha: f64, a: f64, b: f64, x: f64, t_x: f64, t: f64) -> f64 {
    let s = v.shift();
    let a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
    let a2 = ln_gamma(a + b) + ln_gamma(b + x + s) - ln_gamma(b) - ln_gamma(a + b + x + s);
    let a3 = -(r + x) * (alpha + t).ln();
    if v.drops(x) {
        let a4 = a.ln() - (b + x - 1.0 + s).ln() - (r + x) * (alpha + t_x).ln();
        a1 + a2 + log_add_exp(a3, a4)
    } else {
        a1 + a2 + a3
    }
}

/// Mean negative log-likelihood over the weighted triples in rescaled time, plus
/// lifetimes' penalizer * sum(params^2), with its gradient and Hessian in
/// log-parameters.
///
/// A customer's log-likelihood is base(x) + ln(e^a3 + e^a4) (a4 only for x > 0),
/// where base depends on x alone and a3, a4 on x and ln(alpha + T), ln(alpha + t_x).
/// Terms of x (gamma functions) and of a time (logarithms) are computed once per
/// distinct value per evaluation; base enters through the total weight of each x;
/// customers with x = 0 need no exponential. Each remaining row costs one exp and
/// one log1p, and the rows are summed in two fixed halves, on two threads for large
/// fits (see [`super::parallel`]): the result does not depend on the thread count.
struct Nll {
    xs: Vec<f64>,
    /// Total weight of each distinct x.
    x_weight: Vec<f64>,
    times: Vec<f64>,
    /// Customers without the dropout term (BG/NBD's x = 0): (index of T in `times`, weight).
    zeros: Vec<(u32, f64)>,
    /// The other customers, one entry per distinct row: index of x, of t_x and of T, weight.
    xi: Vec<u32>,
    txi: Vec<u32>,
    ti: Vec<u32>,
    w: Vec<f64>,
    total: f64,
    penalizer: f64,
    threads: usize,
    variant: Variant,
}

/// Sums over the x > 0 rows (times the row weights): see `Nll::evaluate_all`.
const ROW_SUMS: usize = 18;

impl Nll {
    /// From the sorted distinct rows, times multiplied by `scale`, weights by
    /// [`weight_scale`] of their `total`.
    fn new(v: Variant, points: &[([f64; 3], f64)], scale: f64, total: f64, penalizer: f64) -> Self {
        let k = weight_scale(total);
        let (mut xs, mut times) = (super::ValueIndex::default(), super::ValueIndex::default());
        let mut x_weight = Vec::new();
        let repeat = points.iter().filter(|(p, _)| v.drops(p[0])).count();
        let mut nll = Nll {
            xs: Vec::new(),
            x_weight: Vec::new(),
            times: Vec::new(),
            zeros: Vec::new(),
            xi: Vec::with_capacity(repeat),
            txi: Vec::with_capacity(repeat),
            ti: Vec::with_capacity(repeat),
            w: Vec::with_capacity(repeat),
            total: total * k,
            penalizer,
            threads: super::parallel::default_threads(),
            variant: v,
        };
        for &([x, t_x, t], w) in points {
            let w = w * k;
            let xi = xs.number(x);
            if xi as usize == x_weight.len() {
                x_weight.push(0.0);
            }
            x_weight[xi as usize] += w;
            let ti = times.number(t * scale);
            if v.drops(x) {
                nll.xi.push(xi);
                nll.txi.push(times.number(t_x * scale));
                nll.ti.push(ti);
                nll.w.push(w);
            } else {
                nll.zeros.push((ti, w));
            }
        }
        nll.xs = xs.into_values();
        nll.times = times.into_values();
        nll.x_weight = x_weight;
        nll
    }
}

impl WithHessian for Nll {
    /// Mean negative log-likelihood plus penalty, its gradient and Hessian (row-major
    /// 4 x 4) in log-parameters.
    fn evaluate_all(&self, phi: &[f64]) -> (f64, Vec<f64>, Vec<f64>) {
        let (r, alpha, a, b) = (phi[0].exp(), phi[1].exp(), phi[2].exp(), phi[3].exp());
        let (lg_r, lg_ab, lg_b, ln_alpha, ln_a) = (ln_gamma(r), ln_gamma(a + b), ln_gamma(b), alpha.ln(), a.ln());
        let (dg_r, dg_ab, dg_b) = (digamma(r), digamma(a + b), digamma(b));
        let (tg_r, tg_ab, tg_b) = (trigamma(r), trigamma(a + b), trigamma(b));
        // ln-likelihood in natural parameters: value, gradient, Hessian (upper triangle).
        let mut ll = 0.0;
        let mut g = [0.0f64; 4];
        let mut h = [[0.0f64; 4]; 4];
        // The terms of x alone, weighted by the total weight of each x.
        let mut per_x: Vec<[f64; 3]> = Vec::with_capacity(self.xs.len());
        let sh = self.variant.shift();
        for (&x, &wx) in self.xs.iter().zip(&self.x_weight) {
            let (bx, abx) = (b + x + sh, a + b + x + sh);
            let base = ln_gamma(r + x) - lg_r + r * ln_alpha + lg_ab + ln_gamma(bx) - lg_b - ln_gamma(abx);
            let (dg_abx, tg_abx) = (digamma(abx), trigamma(abx));
            ll += wx * base;
            g[0] += wx * (digamma(r + x) - dg_r + ln_alpha);
            g[2] += wx * (dg_ab - dg_abx);
            g[3] += wx * (dg_ab - dg_abx + digamma(bx) - dg_b);
            h[0][0] += wx * (trigamma(r + x) - tg_r);
            h[2][2] += wx * (tg_ab - tg_abx);
            h[3][3] += wx * (tg_ab - tg_abx + trigamma(bx) - tg_b);
            // The dropout term's a / (b + x - 1 + shift).
            let (lnb1, c) = if self.variant.drops(x) { ((bx - 1.0).ln(), 1.0 / (bx - 1.0)) } else { (0.0, 0.0) };
            per_x.push([r + x, lnb1, c]);
        }
        let n = self.total;
        g[1] += n * r / alpha;
        h[0][1] += n / alpha;
        h[1][1] -= n * r / (alpha * alpha);
        h[2][3] = h[2][2];
        let per_t: Vec<(f64, f64)> = self.times.iter().map(|&t| ((alpha + t).ln(), 1.0 / (alpha + t))).collect();
        // Customers without the dropout term: ln-likelihood base(0) - r ln(alpha + T).
        for &(ti, w) in &self.zeros {
            let (l3, i3) = per_t[ti as usize];
            ll -= w * r * l3;
            g[0] -= w * l3;
            g[1] -= w * r * i3;
            h[0][1] -= w * i3;
            h[1][1] += w * r * i3 * i3;
        }
        // The others: ln(e^a3 + e^a4) with softmax weights w3, w4 on its terms.
        let rows = |range: std::ops::Range<usize>| {
            let mut acc = [0.0f64; ROW_SUMS];
            for i in range {
                let [s, lnb1, c] = per_x[self.xi[i] as usize];
                let (l3, i3) = per_t[self.ti[i] as usize];
                let (l4, i4) = per_t[self.txi[i] as usize];
                let w = self.w[i];
                let a3 = -s * l3;
                let a4 = ln_a - lnb1 - s * l4;
                let e = (-(a3 - a4).abs()).exp();
                let hi = 1.0 / (1.0 + e);
                let lo = e * hi;
                let (w3, w4) = if a3 >= a4 { (hi, lo) } else { (lo, hi) };
                let k = w * w3 * w4;
                let (d0, d1) = (l4 - l3, s * (i4 - i3));
                let mi = w3 * i3 + w4 * i4;
                let ww4 = w * w4;
                // ln(1 + e) for e in (0, 1]: log1p's extra accuracy is below an ulp of the sum.
                acc[0] += w * (a3.max(a4) + (1.0 + e).ln());
                acc[1] += w * (w3 * l3 + w4 * l4);
                acc[2] += w * s * mi;
                acc[3] += ww4;
                acc[4] += ww4 * c;
                acc[5] += k * d0 * d0;
                acc[6] += w * mi;
                acc[7] += k * d0 * d1;
                acc[8] += w * s * (w3 * i3 * i3 + w4 * i4 * i4);
                acc[9] += k * d1 * d1;
                acc[10] += k * d0;
                acc[11] += k * d0 * c;
                acc[12] += k * d1;
                acc[13] += k * d1 * c;
                acc[14] += k;
                acc[15] += k * c;
                acc[16] += ww4 * c * c;
                acc[17] += k * c * c;
            }
            acc
        };
        let acc = super::parallel::chunked_sum(self.w.len(), self.threads, rows);
        // d = grad a3 - grad a4 = (d0, d1, -1/a, c); Hessian of ln(e^a3 + e^a4) is
        // w3 H3 + w4 H4 + w3 w4 d d^T.
        ll += acc[0];
        g[0] -= acc[1];
        g[1] -= acc[2];
        g[2] += acc[3] / a;
        g[3] -= acc[4];
        h[0][0] += acc[5];
        h[0][1] += -acc[6] + acc[7];
        h[1][1] += acc[8] + acc[9];
        h[0][2] -= acc[10] / a;
        h[0][3] += acc[11];
        h[1][2] -= acc[12] / a;
        h[1][3] += acc[13];
        h[2][2] += (acc[14] - acc[3]) / (a * a);
        h[2][3] -= acc[15] / a;
        h[3][3] += acc[16] + acc[17];
        super::fit::penalized_in_log_space(ll, &g, &h, &[r, alpha, a, b], n, self.penalizer)
    }
}

impl BgNbdModel {
    /// Fits the model by maximum likelihood on log-parameters (Newton with the
    /// analytic Hessian, BFGS if that stalls), starting like lifetimes from
    /// log-parameters 0.1.
    /// Large fits start from the optimum on a subsample ([`warm_start`]).
    pub fn fit(data: &Triples, interrupt: Interrupt<'_>) -> Result<Self> {
        Self::fit_with(data, true, interrupt)
    }

    pub(crate) fn fit_with(data: &Triples, warm: bool, interrupt: Interrupt<'_>) -> Result<Self> {
        let ([r, alpha, a, b], info) = fit_variant(Variant::BgNbd, data, warm, interrupt)?;
        let model = BgNbdModel { r, alpha, a, b, info };
        check_fitted("BG/NBD", model.check())?;
        Ok(model)
    }

    /// Log-likelihood of one customer under this model.
    pub fn customer_log_likelihood(&self, x: f64, t_x: f64, t: f64) -> Result<f64> {
        check_customer(x, t_x, t)?;
        Ok(log_likelihood(Variant::BgNbd, self.r, self.alpha, self.a, self.b, x, t_x, t))
    }

    /// P(alive | x, t_x, T) (Fader, Hardie & Lee, note 021); 1 for x = 0.
    pub fn p_alive(&self, x: f64, t_x: f64, t: f64) -> Result<f64> {
        check_customer(x, t_x, t)?;
        if x == 0.0 {
            return Ok(1.0);
        }
        let log_div = (self.r + x) * ((self.alpha + t) / (self.alpha + t_x)).ln() + (self.a / (self.b + x - 1.0)).ln();
        // 1 / (1 + e^log_div), stable for either sign.
        finite_result("P(alive)", (-log_add_exp(0.0, log_div)).exp())
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
        finite_result("the expected number of purchases", v)
    }
}

/// Fits BG/NBD or MBG/NBD by maximum likelihood: r, alpha (in the input's time
/// unit), a, b and what the fit recorded. See [`BgNbdModel::fit`].
pub(crate) fn fit_variant(
    v: Variant,
    data: &Triples,
    warm: bool,
    interrupt: Interrupt<'_>,
) -> Result<([f64; 4], FitInfo)> {
    let sorted = data.sorted();
    let repeaters = sorted.iter().any(|(p, _)| p[0] > 0.0);
    check_enough(sorted.len(), repeaters, 4, v.name())?;
    let max_t = sorted.iter().map(|(p, _)| p[2]).fold(0.0, f64::max);
    let scale = time_scale(max_t)?;
    let total = total_weight(&sorted)?;
    let objective = Nll::new(v, &sorted, scale, total, data.penalizer());
    let subsample = |k: usize| {
        let rows: Vec<_> = sorted.iter().step_by(k).copied().collect();
        let sub_total = rows.iter().map(|(_, w)| w).sum();
        Nll::new(v, &rows, scale, sub_total, data.penalizer())
    };
    let start = if warm { warm_start(sorted.len(), vec![0.1; 4], subsample, interrupt)? } else { vec![0.1; 4] };
    let out = newton(&objective, start, 1e-8, 1e-6, interrupt)?;
    let [r, alpha_scaled, a, b] = [out.phi[0].exp(), out.phi[1].exp(), out.phi[2].exp(), out.phi[3].exp()];
    let alpha = alpha_scaled / scale;
    // The log-likelihood at the estimate from the objective's value there (in
    // rescaled time: rescaling times by c adds -x ln c to a customer's
    // log-likelihood); the optimiser's value is the objective's inside the box.
    let log_likelihood = if out.phi.iter().all(|p| p.abs() <= 25.0) && out.value.is_finite() {
        let value = out.value;
        let penalty = data.penalizer() * [r, alpha_scaled, a, b].iter().map(|t| t * t).sum::<f64>();
        let sum_x: f64 = sorted.iter().map(|([x, _, _], w)| w * x).sum();
        -(value - penalty) * total + sum_x * scale.ln()
    } else {
        sorted.iter().map(|&([x, t_x, t], w)| w * log_likelihood(v, r, alpha, a, b, x, t_x, t)).sum()
    };
    let info = FitInfo {
        log_likelihood: Some(log_likelihood),
        n: total,
        distinct: sorted.len() as u64,
        iterations: out.iterations,
        converged: out.converged,
        penalizer: data.penalizer(),
    };
    Ok(([r, alpha, a, b], info))
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
        finite_result("the conditional expected number of purchases", first * second * (-log_den).exp())
    }
}

super::fitted_model!(BgNbdModel, "bgnbd_model", [r, alpha, a, b]);

/// Test support: MBG/NBD's analytic gradient and Hessian agree with finite
/// differences on CDNOW.
#[cfg(test)]
pub(crate) fn assert_modified_derivatives() {
    let mut data = Triples::new();
    for [x, tx, t, _] in crate::cltv::tests::cdnow() {
        data.add([x, tx, t], 1.0);
    }
    let sorted = data.sorted();
    let nll = Nll::new(Variant::Modified, &sorted, 1.0 / 39.0, 2357.0, 0.01);
    assert!(nll.zeros.is_empty(), "every MBG/NBD customer has the dropout term");
    super::fit::assert_derivatives_match(&nll, &[-0.6, 0.5, -0.1, 0.4]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cltv::tests::{cdnow_copies, state_of};

    fn objective(copies: usize) -> Nll {
        let sorted = state_of(&cdnow_copies(copies)).sorted();
        let total = sorted.iter().map(|(_, w)| w).sum();
        Nll::new(Variant::BgNbd, &sorted, 1.0 / 39.0, total, 0.01)
    }

    #[test]
    fn gradient_and_hessian_match_finite_differences() {
        super::super::fit::assert_derivatives_match(&objective(1), &[-1.2, 0.3, -0.4, 0.9]);
    }

    #[test]
    fn two_threads_sum_like_one() {
        let mut nll = objective(20);
        assert!(nll.w.len() >= crate::cltv::parallel::MIN_PARALLEL_ROWS);
        let phi = [-1.2, 0.3, -0.4, 0.9];
        nll.threads = 1;
        let one = nll.evaluate_all(&phi);
        nll.threads = 2;
        let two = nll.evaluate_all(&phi);
        super::super::fit::assert_same_bits(&one, &two);
    }
}
