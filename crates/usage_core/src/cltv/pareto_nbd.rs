//! Pareto/NBD (Schmittlein, Morrison & Colombo 1987), likelihood as in Fader &
//! Hardie's note 009 (equations 18-20) and lifetimes' ParetoNBDFitter, with the
//! 2F1 terms kept in log space.

use serde::{Deserialize, Serialize};

use super::bgnbd::check_horizon;
use super::fit::{nelder_mead, newton, warm_start, Interrupt, Objective, WithHessian};
use super::special::{digamma, ln_gamma, ln_hyp2f1, log_add_exp, log_sub_exp, trigamma};
use super::{
    check_customer, check_enough, check_fitted, finite_result, time_scale, total_weight, weight_scale, FitInfo,
    PurchaseModel, Triples,
};
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

/// Most evaluations of [`Nll`] a fit spends in Newton (and BFGS) before it leaves
/// the fit to Nelder-Mead; a fit takes 10 to 40 (warm start included).
const NEWTON_BUDGET: u32 = 200;

/// Packed upper triangle of a symmetric 4 x 4 matrix: (i, j) of each entry.
const UPPER: [(usize, usize); 10] = [(0, 0), (0, 1), (0, 2), (0, 3), (1, 1), (1, 2), (1, 3), (2, 2), (2, 3), (3, 3)];

/// A function of (r, alpha, s, beta) with its gradient and packed Hessian.
#[derive(Debug, Clone, Copy)]
struct D2 {
    v: f64,
    g: [f64; 4],
    h: [f64; 10],
}

/// ln K and its first and second derivatives in (k, c, z), for
/// K(k, c, z) = int_0^1 w^(k-1) (1 - z w)^(-c) dw = sum_n (c)_n / n! z^n / (k + n)
/// = 2F1(k, c; k + 1; z) / k, with k, c > 0 and 0 <= z < 1: [ln K, k, c, z, kk, kc,
/// kz, cc, cz, zz]. One pass over the power series: with A_n = (c)_n / n! z^n, its
/// z-derivatives B_n = n (c)_n / n! z^(n-1) and C_n = n (n-1) (c)_n / n! z^(n-2)
/// follow from B_(n+1) = (c + n) A_n and C_(n+1) = (c + n) B_n (exact at z = 0),
/// its c-derivatives are A_n psi1_n and A_n (psi1_n^2 - psi2_n) with
/// psi_m,n = sum_(j<n) (c + j)^-m, and the k-derivatives come from 1 / (k + n). All
/// sums are of terms of one sign and are rescaled together (terms may peak far
/// beyond f64 range for large c), so ratios and ln K stay exact. None when the
/// series does not converge in MAX_TERMS terms (z near 1): the fit then treats the
/// point as outside the domain.
fn ln_k_series(k: f64, c: f64, z: f64) -> Option<[f64; 10]> {
    // Fewer than the 2F1 of the predictions allow: Nelder-Mead takes over from points
    // that need more (x in the thousands, z near 1).
    const MAX_TERMS: usize = 4_000;
    // Terms rise while (c + n) z / (n + 1) > 1 and then fall like z^n: give up at once
    // when the peak and a tail of ~40 / (1 - z) terms do not fit in MAX_TERMS.
    let peak = if c * z > 1.0 { (c * z - 1.0) / (1.0 - z) } else { 0.0 };
    if !(peak + 40.0 / (1.0 - z) < MAX_TERMS as f64) {
        return None;
    }
    let (mut a, mut b, mut cc) = (1.0f64, 0.0f64, 0.0f64);
    let (mut psi1, mut psi2) = (0.0f64, 0.0f64);
    // Positive sums: S, S_k, S_c, S_z, S_kk, S_kc, S_kz, S_cc, S_cz, S_zz (signs below).
    let mut s = [0.0f64; 10];
    let mut log_scale = 0.0f64;
    for n in 0..MAX_TERMS {
        let nf = n as f64;
        let d = 1.0 / (k + nf);
        let (ad, bd) = (a * d, b * d);
        let t = [
            ad,
            ad * d,
            ad * psi1,
            bd,
            ad * d * d,
            ad * psi1 * d,
            bd * d,
            ad * (psi1 * psi1 - psi2),
            bd * psi1,
            cc * d,
        ];
        for (s, t) in s.iter_mut().zip(t) {
            *s += t;
        }
        let q = c + nf;
        // Every sequence decreases once C's ratio (c + n) z / (n - 1) is below 1; stop
        // when the next terms, summed as a geometric tail, no longer change any sum.
        let ratio = if n >= 2 { q * z / (nf - 1.0) } else { f64::INFINITY };
        if ratio < 1.0 && t.iter().zip(&s).all(|(t, s)| *t <= 1e-17 * (1.0 - ratio) * s) {
            let inv = 1.0 / s[0];
            let [gk, gc, gz] = [-s[1] * inv, s[2] * inv, s[3] * inv];
            let out = [
                s[0].ln() + log_scale,
                gk,
                gc,
                gz,
                2.0 * s[4] * inv - gk * gk,
                -s[5] * inv - gk * gc,
                -s[6] * inv - gk * gz,
                s[7] * inv - gc * gc,
                s[8] * inv - gc * gz,
                s[9] * inv - gz * gz,
            ];
            return out.iter().all(|v| v.is_finite()).then_some(out);
        }
        cc = q * b;
        b = q * a;
        a *= q / (nf + 1.0) * z;
        psi1 += 1.0 / q;
        psi2 += 1.0 / (q * q);
        if s.iter().chain([&a, &b, &cc]).any(|v| *v > 1e250) {
            for v in s.iter_mut().chain([&mut a, &mut b, &mut cc]) {
                *v *= 1e-250;
            }
            log_scale += 250.0 * std::f64::consts::LN_10;
        }
        if !(s[9].is_finite() && s[7].is_finite() && s[0].is_finite() && cc.is_finite()) {
            return None;
        }
    }
    None
}

/// ln J(t) = ln int_t^inf (alpha + u)^-(r + x) (beta + u)^-(s + 1) du with its
/// derivatives in (r, alpha, s, beta). The customer's A_0 term is
/// s / (r + s + x) A_0 = s (J(t_x) - J(T)) (note 009, equation 19); with M the larger
/// and m the smaller of alpha and beta (lifetimes' swap), J(t) = (M + t)^-k K(k, c, z)
/// for k = r + s + x, z = (M - m) / (M + t), and c = s + 1 if alpha >= beta, else r + x.
fn ln_j(r: f64, alpha: f64, s: f64, beta: f64, x: f64, t: f64) -> Option<D2> {
    let k = r + s + x;
    // Indexes of M and m among the parameters, c and the index of its parameter.
    let (big, small, ib, is, c, ic) =
        if alpha >= beta { (alpha, beta, 1, 3, s + 1.0, 2) } else { (beta, alpha, 3, 1, r + x, 0) };
    let (u, v) = (big + t, small + t);
    let lnu = u.ln();
    let [lk, gk, gc, gz, gkk, gkc, gkz, gcc, gcz, gzz] = ln_k_series(k, c, (big - small) / u)?;
    // Gradients of the inner variables k, c, z and ln u.
    let dk = [1.0, 0.0, 1.0, 0.0];
    let mut dc = [0.0; 4];
    dc[ic] = 1.0;
    let mut dz = [0.0; 4];
    dz[ib] = v / (u * u);
    dz[is] = -1.0 / u;
    let mut dl = [0.0; 4];
    dl[ib] = 1.0 / u;
    let g = std::array::from_fn(|i| (gk - lnu) * dk[i] - k * dl[i] + gc * dc[i] + gz * dz[i]);
    let mut h = [0.0; 10];
    for (e, &(i, j)) in UPPER.iter().enumerate() {
        let sym = |p: &[f64; 4], q: &[f64; 4]| p[i] * q[j] + q[i] * p[j];
        h[e] = -sym(&dk, &dl)
            + gkk * dk[i] * dk[j]
            + gcc * dc[i] * dc[j]
            + gzz * dz[i] * dz[j]
            + gkc * sym(&dk, &dc)
            + gkz * sym(&dk, &dz)
            + gcz * sym(&dc, &dz);
    }
    // Second derivatives of ln u and of z = (M - m) / (M + t).
    let at = |i: usize, j: usize| UPPER.iter().position(|&p| p == (i.min(j), i.max(j))).unwrap_or(0);
    h[at(ib, ib)] += k / (u * u) - 2.0 * gz * v / (u * u * u);
    h[at(ib, is)] += gz / (u * u);
    Some(D2 { v: -k * lnu + lk, g, h })
}

/// Mean negative log-likelihood over the weighted triples in rescaled time, plus the
/// penalty, with its gradient and Hessian in log-parameters.
///
/// A customer's log-likelihood is base(x) + ln(e^a3 + e^a4) with
/// a3 = -(r + x) ln(alpha + T) - s ln(beta + T) and a4 = ln s + ln(J(t_x) - J(T))
/// (see [`ln_j`]). Gamma functions are evaluated once per distinct x, logarithms once
/// per distinct time and J once per distinct (x, time) pair (a few per x for times
/// in whole days), so a row costs two exponentials and two logarithms.
struct Nll {
    xs: Vec<f64>,
    /// Total weight of each distinct x.
    x_weight: Vec<f64>,
    times: Vec<f64>,
    /// Distinct (index of x, index of a time) whose J the rows use.
    pairs: Vec<(u32, u32)>,
    /// Per distinct row: index of x, of T, of the pairs (x, t_x) and (x, T); weight.
    xi: Vec<u32>,
    ti: Vec<u32>,
    p1: Vec<u32>,
    p2: Vec<u32>,
    w: Vec<f64>,
    total: f64,
    /// Penalizer per unit of total weight (see `ParetoNbdModel::fit`).
    penalizer: f64,
    threads: usize,
}

impl Nll {
    /// From the sorted distinct rows, times multiplied by `scale`, weights by
    /// [`weight_scale`] of their `total`.
    fn new(points: &[([f64; 3], f64)], scale: f64, total: f64, penalizer: f64) -> Self {
        let k = weight_scale(total);
        let (mut xs, mut times) = (super::ValueIndex::default(), super::ValueIndex::default());
        let mut pairs = std::collections::HashMap::new();
        let mut pair_list = Vec::new();
        let mut pair = |xi: u32, ti: u32| {
            *pairs.entry((xi, ti)).or_insert_with(|| {
                pair_list.push((xi, ti));
                (pair_list.len() - 1) as u32
            })
        };
        let mut nll = Nll {
            xs: Vec::new(),
            x_weight: Vec::new(),
            times: Vec::new(),
            pairs: Vec::new(),
            xi: Vec::with_capacity(points.len()),
            ti: Vec::with_capacity(points.len()),
            p1: Vec::with_capacity(points.len()),
            p2: Vec::with_capacity(points.len()),
            w: Vec::with_capacity(points.len()),
            total: total * k,
            penalizer,
            threads: super::parallel::default_threads(),
        };
        for &([x, t_x, t], w) in points {
            let w = w * k;
            let xi = xs.number(x);
            if xi as usize == nll.x_weight.len() {
                nll.x_weight.push(0.0);
            }
            nll.x_weight[xi as usize] += w;
            let (txi, ti) = (times.number(t_x * scale), times.number(t * scale));
            nll.xi.push(xi);
            nll.ti.push(ti);
            nll.p1.push(pair(xi, txi));
            nll.p2.push(pair(xi, ti));
            nll.w.push(w);
        }
        nll.xs = xs.into_values();
        nll.times = times.into_values();
        nll.pairs = pair_list;
        nll
    }

    /// ln J of every pair, on two threads when there are many; None if a series
    /// failed.
    fn pair_terms(&self, r: f64, alpha: f64, s: f64, beta: f64) -> Option<Vec<D2>> {
        let n = self.pairs.len();
        let part = |range: std::ops::Range<usize>| -> Option<Vec<D2>> {
            self.pairs[range]
                .iter()
                .map(|&(xi, ti)| ln_j(r, alpha, s, beta, self.xs[xi as usize], self.times[ti as usize]))
                .collect()
        };
        let [first, second] = super::parallel::chunks(n);
        let parallel = self.threads > 1 && n >= 1024;
        let (a, b) = super::parallel::join(parallel, || part(first), || part(second));
        let mut all = a?;
        all.extend(b?);
        Some(all)
    }
}

impl WithHessian for Nll {
    fn evaluate_all(&self, phi: &[f64]) -> (f64, Vec<f64>, Vec<f64>) {
        let (r, alpha, s, beta) = (phi[0].exp(), phi[1].exp(), phi[2].exp(), phi[3].exp());
        let Some(js) = self.pair_terms(r, alpha, s, beta) else {
            return (f64::NAN, vec![f64::NAN; 4], vec![f64::NAN; 16]);
        };
        let (lg_r, dg_r, tg_r) = (ln_gamma(r), digamma(r), trigamma(r));
        let (ln_alpha, ln_beta) = (alpha.ln(), beta.ln());
        let n = self.total;
        // ln-likelihood in natural parameters: value, gradient, Hessian (upper triangle).
        let mut ll = n * (r * ln_alpha + s * ln_beta);
        let mut g = [n * ln_alpha, n * r / alpha, n * ln_beta, n * s / beta];
        let mut h = [[0.0f64; 4]; 4];
        h[0][1] = n / alpha;
        h[1][1] = -n * r / (alpha * alpha);
        h[2][3] = n / beta;
        h[3][3] = -n * s / (beta * beta);
        for (&x, &wx) in self.xs.iter().zip(&self.x_weight) {
            ll += wx * (ln_gamma(r + x) - lg_r);
            g[0] += wx * (digamma(r + x) - dg_r);
            h[0][0] += wx * (trigamma(r + x) - tg_r);
        }
        let per_t: Vec<[f64; 4]> = self
            .times
            .iter()
            .map(|&t| [(alpha + t).ln(), 1.0 / (alpha + t), (beta + t).ln(), 1.0 / (beta + t)])
            .collect();
        let rows = |range: std::ops::Range<usize>| {
            let mut acc = [0.0f64; 15];
            for i in range {
                let rx = r + self.xs[self.xi[i] as usize];
                let [la, ia, lb, ib] = per_t[self.ti[i] as usize];
                let w = self.w[i];
                let a3 = -rx * la - s * lb;
                let g3 = [-la, -rx * ia, -lb, -s * ib];
                let h3 = [0.0, -ia, 0.0, 0.0, rx * ia * ia, 0.0, 0.0, 0.0, -ib, s * ib * ib];
                let (j1, j2) = (&js[self.p1[i] as usize], &js[self.p2[i] as usize]);
                // I = J(t_x) - J(T) = J(t_x) (1 - rho); zero when t_x = T.
                let rho = (j2.v - j1.v).exp();
                let om = -(j2.v - j1.v).exp_m1();
                if self.p1[i] == self.p2[i] || !(om > 0.0) {
                    acc[0] += w * a3;
                    for e in 0..4 {
                        acc[1 + e] += w * g3[e];
                    }
                    for e in 0..10 {
                        acc[5 + e] += w * h3[e];
                    }
                    continue;
                }
                let gi: [f64; 4] = std::array::from_fn(|e| (j1.g[e] - rho * j2.g[e]) / om);
                let a4 = s.ln() + j1.v + om.ln();
                let mut g4 = gi;
                g4[2] += 1.0 / s;
                let e = (-(a3 - a4).abs()).exp();
                let hi = 1.0 / (1.0 + e);
                let lo = e * hi;
                let (w3, w4) = if a3 >= a4 { (hi, lo) } else { (lo, hi) };
                acc[0] += w * (a3.max(a4) + (1.0 + e).ln());
                for q in 0..4 {
                    acc[1 + q] += w * (w3 * g3[q] + w4 * g4[q]);
                }
                let d: [f64; 4] = std::array::from_fn(|q| g3[q] - g4[q]);
                for (q, &(a, b)) in UPPER.iter().enumerate() {
                    // Hessian of ln I from those of ln J(t_x), ln J(T).
                    let hi_ab =
                        (j1.h[q] + j1.g[a] * j1.g[b] - rho * (j2.h[q] + j2.g[a] * j2.g[b])) / om - gi[a] * gi[b];
                    let h4 = hi_ab - if (a, b) == (2, 2) { 1.0 / (s * s) } else { 0.0 };
                    acc[5 + q] += w * (w3 * h3[q] + w4 * h4 + w3 * w4 * d[a] * d[b]);
                }
            }
            acc
        };
        let acc = super::parallel::chunked_sum(self.w.len(), self.threads, rows);
        ll += acc[0];
        for q in 0..4 {
            g[q] += acc[1 + q];
        }
        for (q, &(a, b)) in UPPER.iter().enumerate() {
            h[a][b] += acc[5 + q];
        }
        super::fit::penalized_in_log_space(ll, &g, &h, &[r, alpha, s, beta], n, self.penalizer)
    }
}

/// The likelihood as lifetimes computes it (2F1 per row), for the Nelder-Mead
/// fallback.
struct SimplexNll {
    points: Vec<([f64; 3], f64)>,
    total: f64,
    penalizer: f64,
}

impl Objective for SimplexNll {
    fn evaluate(&self, phi: &[f64], _want_gradient: bool) -> (f64, Vec<f64>) {
        let (r, alpha, s, beta) = (phi[0].exp(), phi[1].exp(), phi[2].exp(), phi[3].exp());
        let ll: f64 =
            self.points.iter().map(|&([x, t_x, t], w)| w * log_likelihood(r, alpha, s, beta, x, t_x, t)).sum();
        let pen = self.penalizer * (r * r + alpha * alpha + s * s + beta * beta);
        (-ll / self.total + pen, Vec::new())
    }
}

impl ParetoNbdModel {
    /// Fits by maximum likelihood on log-parameters from 0 (lifetimes starts from
    /// parameters near 1): Newton with the analytic Hessian ([`Nll`]), large fits
    /// from the optimum on a subsample ([`warm_start`]). If that does not converge
    /// (a series of J that does not converge near the optimum: extreme inputs),
    /// Nelder-Mead on lifetimes' form of the likelihood takes over and the better of
    /// the two answers is kept. lifetimes adds its penalizer to the total (not mean)
    /// negative log-likelihood of uncompressed data; the same objective here is mean
    /// NLL + penalizer / n.
    pub fn fit(data: &Triples, interrupt: Interrupt<'_>) -> Result<Self> {
        Self::fit_with(data, true, interrupt)
    }

    /// The fit with Newton (`newton`) or, as before issue 15, with Nelder-Mead alone
    /// (benchmarks and tests compare the two).
    #[doc(hidden)]
    pub fn fit_with(data: &Triples, newton_first: bool, interrupt: Interrupt<'_>) -> Result<Self> {
        let sorted = data.sorted();
        let repeaters = sorted.iter().any(|(p, _)| p[0] > 0.0);
        check_enough(sorted.len(), repeaters, 4, "Pareto/NBD")?;
        let max_t = sorted.iter().map(|(p, _)| p[2]).fold(0.0, f64::max);
        let scale = time_scale(max_t)?;
        let total = total_weight(&sorted)?;
        // The penalizer keeps its meaning per total weight.
        let penalizer = data.penalizer() / total;
        let objective = Nll::new(&sorted, scale, total, penalizer);
        let subsample = |k: usize| {
            let rows: Vec<_> = sorted.iter().step_by(k).copied().collect();
            let sub_total = rows.iter().map(|(_, w)| w).sum();
            Nll::new(&rows, scale, sub_total, penalizer)
        };
        // Tell the interrupt's error (returned) from a failed fit (the fallback).
        // Newton and its BFGS fallback get a budget of evaluations: a fit they cannot
        // finish in it (an optimum at the edge of the domain, where the series of J
        // are long or fail) goes to Nelder-Mead without further cost.
        let interrupted = std::cell::Cell::new(false);
        let evaluations = std::cell::Cell::new(0u32);
        let watched = || {
            evaluations.set(evaluations.get() + 1);
            if evaluations.get() > NEWTON_BUDGET {
                return Err(crate::Error::invalid_parameter("evaluation budget spent", "internal"));
            }
            interrupt().inspect_err(|_| interrupted.set(true))
        };
        let newton_fit = if newton_first {
            warm_start(sorted.len(), vec![0.0; 4], subsample, &watched)
                .and_then(|start| newton(&objective, start, 1e-8, 1e-6, &watched))
        } else {
            Err(crate::Error::invalid_parameter("Newton not asked for", "internal"))
        };
        let (out, by_newton) = match newton_fit {
            Ok(out) if out.converged => (out, true),
            Err(e) if interrupted.get() => return Err(e),
            other => {
                // Weights scaled by a power of two (see weight_scale).
                let k = weight_scale(total);
                let points = sorted.iter().map(|&([x, t_x, t], w)| ([x, t_x * scale, t * scale], w * k)).collect();
                let simplex = SimplexNll { points, total: total * k, penalizer };
                let nm = nelder_mead(&simplex, vec![0.0; 4], 1e-13, interrupt)?;
                match other {
                    Ok(out) if out.value.is_finite() && out.value <= nm.value => (out, true),
                    _ => (nm, false),
                }
            }
        };
        let [r, alpha_s, s, beta_s] = [out.phi[0].exp(), out.phi[1].exp(), out.phi[2].exp(), out.phi[3].exp()];
        let (alpha, beta) = (alpha_s / scale, beta_s / scale);
        // The log-likelihood from the objective's value at the estimate (rescaling
        // times by c adds -x ln c to a customer's log-likelihood); per row when the
        // estimate is at the edge of the optimiser's box.
        let log_likelihood = if by_newton && out.phi.iter().all(|p| p.abs() <= 25.0) && out.value.is_finite() {
            let penalty = penalizer * [r, alpha_s, s, beta_s].iter().map(|t| t * t).sum::<f64>();
            let sum_x: f64 = sorted.iter().map(|([x, _, _], w)| w * x).sum();
            -(out.value - penalty) * total + sum_x * scale.ln()
        } else {
            sorted.iter().map(|&([x, t_x, t], w)| w * log_likelihood(r, alpha, s, beta, x, t_x, t)).sum()
        };
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

super::fitted_model!(ParetoNbdModel, "pareto_nbd_model", [r, alpha, s, beta]);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cltv::tests::{cdnow_copies, state_of};

    fn objective(copies: usize) -> Nll {
        let sorted = state_of(&cdnow_copies(copies)).sorted();
        let total = sorted.iter().map(|(_, w)| w).sum();
        Nll::new(&sorted, 1.0 / 39.0, total, 0.01 / total)
    }

    #[test]
    fn gradient_and_hessian_match_finite_differences() {
        // Both sides of the alpha/beta swap, and near alpha = beta.
        for phi in [[-0.6, -1.3, -0.5, -1.2], [-0.6, -1.2, -0.5, -1.3], [0.2, 0.5, -0.3, 0.5 + 1e-9], [0.0; 4]] {
            super::super::fit::assert_derivatives_match(&objective(1), &phi);
        }
    }

    #[test]
    fn k_series_matches_2f1() {
        // K = 2F1(k, c; k + 1; z) / k, also for large x (terms far beyond f64 range).
        for &(k, c, z) in &[(1.2, 1.6, 0.0), (1.2, 1.6, 0.3), (3.5, 0.7, 0.85), (1001.2, 1000.6, 0.4), (0.5, 1e-9, 0.6)]
        {
            let series = ln_k_series(k, c, z).unwrap()[0];
            let hyp = ln_hyp2f1(k, c, k + 1.0, z) - k.ln();
            assert!((series - hyp).abs() <= 1e-12 * hyp.abs().max(1.0), "{k} {c} {z}: {series} vs {hyp}");
        }
        // Derivatives in (k, c, z) against central differences of ln K.
        let (k, c, z) = (1.7, 2.3, 0.45);
        let d = ln_k_series(k, c, z).unwrap();
        let f = |k: f64, c: f64, z: f64| ln_k_series(k, c, z).unwrap();
        let h = 1e-5;
        for (i, (dk, dc, dz)) in [(h, 0.0, 0.0), (0.0, h, 0.0), (0.0, 0.0, h)].into_iter().enumerate() {
            let (up, down) = (f(k + dk, c + dc, z + dz), f(k - dk, c - dc, z - dz));
            let num = (up[0] - down[0]) / (2.0 * h);
            assert!((num - d[1 + i]).abs() < 1e-8, "first {i}: {num} vs {}", d[1 + i]);
            // Second derivatives: row i of the Hessian [kk kc kz; kc cc cz; kz cz zz].
            let idx = [[4, 5, 6], [5, 7, 8], [6, 8, 9]][i];
            for j in 0..3 {
                let num = (up[1 + j] - down[1 + j]) / (2.0 * h);
                assert!((num - d[idx[j]]).abs() < 1e-7, "second {i},{j}: {num} vs {}", d[idx[j]]);
            }
        }
    }

    #[test]
    fn objective_value_matches_lifetimes_form() {
        // The series form of the likelihood equals the 2F1 form row by row.
        let nll = objective(1);
        for phi in [[-0.6, -1.3, -0.5, -1.2], [0.3, -2.0, 0.1, 1.0], [0.0; 4]] {
            let v = nll.evaluate_all(&phi).0;
            let [r, alpha, s, beta] = phi.map(f64::exp);
            let sorted = state_of(&cdnow_copies(1)).sorted();
            let ll: f64 = sorted
                .iter()
                .map(|&([x, tx, t], w)| w * log_likelihood(r, alpha, s, beta, x, tx / 39.0, t / 39.0))
                .sum();
            let total: f64 = sorted.iter().map(|(_, w)| w).sum();
            let expected = -ll / total + 0.01 / total * (r * r + alpha * alpha + s * s + beta * beta);
            assert!((v - expected).abs() <= 1e-12 * expected.abs(), "{v} vs {expected}");
        }
    }

    /// Newton reaches lifetimes' optimum (Nelder-Mead, tol 1e-10, from (0.5, 1, 0.5, 1)
    /// in rescaled time; printed by lifetimes 0.11.3) and that of the Nelder-Mead-only
    /// fit, with and without a penalizer, in a few steps.
    #[test]
    fn newton_agrees_with_lifetimes_and_nelder_mead() {
        let ok = || Ok(());
        for (penalizer, lifetimes) in [
            (0.0, [0.553_275_520_988_005_48, 10.577_612_447_968_974, 0.606_213_555_350_415_88, 11.667_910_520_836_255]),
            (0.1, [0.553_559_516_002_577_8, 10.577_936_312_859_416, 0.600_814_486_619_180_58, 11.495_755_752_802_534]),
        ] {
            let data = crate::cltv::tests::triples(penalizer);
            let newton = ParetoNbdModel::fit(&data, &ok).unwrap();
            let simplex = ParetoNbdModel::fit_with(&data, false, &ok).unwrap();
            assert!(newton.info.converged && newton.info.iterations < 30, "{newton:?}");
            let ours = [newton.r, newton.alpha, newton.s, newton.beta];
            let nm = [simplex.r, simplex.alpha, simplex.s, simplex.beta];
            for i in 0..4 {
                assert!(
                    (ours[i] - lifetimes[i]).abs() <= 1e-5 * lifetimes[i],
                    "{penalizer}: {ours:?} vs {lifetimes:?}"
                );
                assert!((ours[i] - nm[i]).abs() <= 1e-5 * nm[i], "{penalizer}: {ours:?} vs {nm:?}");
            }
            let (a, b) = (newton.info.log_likelihood.unwrap(), simplex.info.log_likelihood.unwrap());
            assert!((a - b).abs() <= 1e-9 * b.abs(), "{a} vs {b}");
        }
    }

    #[test]
    fn two_threads_sum_like_one() {
        let mut nll = objective(20);
        assert!(nll.w.len() >= crate::cltv::parallel::MIN_PARALLEL_ROWS);
        let phi = [-0.6, -1.3, -0.5, -1.2];
        nll.threads = 1;
        let one = nll.evaluate_all(&phi);
        nll.threads = 2;
        let two = nll.evaluate_all(&phi);
        super::super::fit::assert_same_bits(&one, &two);
    }
}
