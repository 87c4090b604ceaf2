//! Shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007,
//! "How to project customer retention", Journal of Interactive Marketing 21(1)),
//! and the discounted expected residual lifetime (DERL) of Fader & Hardie 2010,
//! "Customer-Base Valuation in a Contractual Setting: The Perils of Ignoring
//! Heterogeneity", Marketing Science 29(1).
//!
//! Each customer renews at the end of every period with a fixed probability
//! 1 - theta until the first non-renewal; theta varies across customers as a
//! beta(alpha, beta). With T the period at whose end a customer churns:
//!
//! - P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta), t = 1, 2, ...
//! - S(t) = P(T > t) = B(alpha, beta + t) / B(alpha, beta), S(0) = 1
//! - r(t) = S(t) / S(t - 1) = (beta + t - 1) / (alpha + beta + t - 1)
//!
//! Input rows: `lifetime` = t and `alive`. A churned row (`alive` false) stayed
//! `lifetime` >= 1 periods and did not renew at the end of the last one (P(T = t));
//! an alive row has renewed `lifetime` >= 0 times and is still active (S(t)).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::fit::{newton, Interrupt, WithHessian};
use super::special::{digamma, ln_beta, ln_hyp2f1, trigamma};
use super::{check_fitted, finite, weight_scale, FitInfo};
use crate::codec::{Reader, Versioned, Writer};
use crate::exact_sum::ExactSum;
use crate::{Error, ErrorKind, Result};

/// A fitted (or given) sBG model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SbgModel {
    pub alpha: f64,
    pub beta: f64,
    #[serde(flatten)]
    pub info: FitInfo,
}

/// Checks one input row: lifetime >= 0, >= 1 when churned.
#[inline]
pub fn check_row(lifetime: i32, alive: bool) -> Result<()> {
    if lifetime >= 1 || (lifetime == 0 && alive) {
        return Ok(());
    }
    Err(if lifetime < 0 {
        Error::invalid_parameter(
            format!("lifetime must not be negative, got {lifetime}"),
            "lifetime counts the periods a customer stayed: renewals made so far when alive, periods paid when churned.",
        )
    } else {
        Error::invalid_parameter(
            "a churned customer (alive = false) has lifetime >= 1, got 0",
            "A churned customer stayed at least the period it paid for: lifetime 1 means it did not renew at the end of its first period.",
        )
    })
}

/// Checks a row weight: finite and >= 0. A negative weight is most often a negative
/// churn count computed from survivor counts that increase.
#[inline]
pub fn check_weight(w: f64) -> Result<f64> {
    if (0.0..f64::INFINITY).contains(&w) {
        return Ok(w);
    }
    finite("weight", w)?;
    Err(Error::invalid_parameter(
        format!("weight must not be negative, got {w}"),
        "The weight counts the customers of the row. From cohort survivor counts the churned customers of period t are survivors(t - 1) - survivors(t): survivors must not increase over time.",
    ))
}

/// Checks a period argument (`t`, `renewals`, months ahead): a whole number >= 0.
fn check_period(name: &str, t: i32) -> Result<f64> {
    if t >= 0 {
        Ok(f64::from(t))
    } else {
        Err(Error::invalid_parameter(
            format!("{name} must be >= 0, got {t}"),
            "Periods count from the start of the customer's first period: 0, 1, 2, ...",
        ))
    }
}

/// Checks a per-period discount rate: finite and >= 0.
fn check_discount(d: f64) -> Result<f64> {
    finite("discount", d)?;
    if d < 0.0 {
        return Err(Error::invalid_parameter(
            format!("discount must be >= 0, got {d}"),
            "The discount rate per period, e.g. 0.1 for 10% a year with yearly periods.",
        ));
    }
    Ok(d + 0.0)
}

/// Fitting state: the total weight of each distinct (lifetime, alive). Weights are
/// summed exactly ([`ExactSum`]), so serial, parallel and merged states give the
/// same totals, and the fit reads them in key order: the same fit bit for bit.
#[derive(Debug, Clone, Default)]
pub struct SbgData {
    rows: BTreeMap<(i32, bool), ExactSum>,
}

impl PartialEq for SbgData {
    fn eq(&self, other: &Self) -> bool {
        self.totals().ok() == other.totals().ok()
    }
}

impl SbgData {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `weight` customers (checked with [`check_row`] and [`check_weight`]).
    #[inline]
    pub fn add(&mut self, lifetime: i32, alive: bool, weight: f64) {
        if weight != 0.0 {
            self.rows.entry((lifetime, alive)).or_default().add(weight);
        }
    }

    /// Adds `other`'s rows (exact sums: never fails; a Result like every state's merge).
    pub fn merge(&mut self, other: &SbgData) -> Result<()> {
        for (key, sum) in &other.rows {
            self.rows.entry(*key).or_default().merge(sum);
        }
        Ok(())
    }

    /// The distinct rows with their total weights, by lifetime then alive (zero
    /// totals left out); 22003 when a total exceeds float8.
    pub fn totals(&self) -> Result<Vec<(i32, bool, f64)>> {
        let mut out = Vec::with_capacity(self.rows.len());
        for (&(t, alive), sum) in &self.rows {
            let w = sum.value().map_err(|_| too_heavy())?;
            if !w.is_finite() {
                return Err(too_heavy());
            }
            if w != 0.0 {
                out.push((t, alive, w));
            }
        }
        Ok(out)
    }
}

fn too_heavy() -> Error {
    Error::new(
        ErrorKind::NumericOutOfRange,
        "the weights of the sBG fit add up to more than double precision holds",
        "A weight is the number of customers sharing the row's values; scale the weights down.",
    )
}

/// Binary form of the fitting state: the distinct rows with the canonical partials
/// of their exact sums (so equal states have equal bytes).
impl Versioned for SbgData {
    const TYPE_NAME: &'static str = "sBG fit state";
    const VERSION: u8 = 1;

    fn encode_body(&self, w: &mut Writer) {
        let rows: Vec<_> = self
            .rows
            .iter()
            .map(|(k, s)| (k, s.canonical_partials().map(|p| p.into_owned()).unwrap_or_else(|_| s.partials().to_vec())))
            .collect();
        w.varint(rows.len() as u64);
        for ((t, alive), partials) in rows {
            w.signed(i64::from(*t));
            w.u8(u8::from(*alive));
            w.varint(partials.len() as u64);
            partials.iter().for_each(|&p| w.f64(p));
        }
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let mut data = SbgData::default();
        let n = r.len()?;
        for _ in 0..n {
            let t = i32::try_from(r.signed()?).map_err(|_| Error::corrupted("sBG fit state: lifetime out of range"))?;
            let alive = match r.u8()? {
                0 => false,
                1 => true,
                _ => return Err(Error::corrupted("sBG fit state: bad alive flag")),
            };
            check_row(t, alive).map_err(|e| Error::corrupted(format!("sBG fit state: {}", e.message)))?;
            let k = r.len()?;
            let mut partials = Vec::with_capacity(k);
            for _ in 0..k {
                partials.push(r.f64()?);
            }
            let sum = ExactSum::from_partials(&partials)?;
            if sum.value().is_ok_and(|v| v < 0.0) {
                return Err(Error::corrupted("sBG fit state: a negative weight"));
            }
            data.rows.entry((t, alive)).or_default().merge(&sum);
        }
        Ok(data)
    }
}

/// Mean negative log-likelihood with gradient and Hessian in log-parameters. A row
/// (t, alive) contributes w [ln B(alpha + u, beta + v) - ln B(alpha, beta)] with
/// (u, v) = (1, t - 1) when churned and (0, t) when alive.
struct Nll {
    /// (u, v, weight) per distinct row, weights scaled by [`weight_scale`].
    rows: Vec<(f64, f64, f64)>,
    total: f64,
}

impl Nll {
    fn new(totals: &[(i32, bool, f64)], total: f64) -> Self {
        let k = weight_scale(total);
        let rows = totals
            .iter()
            .map(|&(t, alive, w)| {
                let t = f64::from(t);
                if alive {
                    (0.0, t, w * k)
                } else {
                    (1.0, t - 1.0, w * k)
                }
            })
            .collect();
        Nll { rows, total: total * k }
    }

    /// The log-likelihood (times the weight scale) at (alpha, beta).
    fn log_likelihood(&self, a: f64, b: f64) -> f64 {
        self.rows.iter().map(|&(u, v, w)| w * (ln_beta(a + u, b + v) - ln_beta(a, b))).sum()
    }
}

impl WithHessian for Nll {
    fn evaluate_all(&self, phi: &[f64]) -> (f64, Vec<f64>, Vec<f64>) {
        let (a, b) = (phi[0].exp(), phi[1].exp());
        let n = self.total;
        let (dg_ab, tg_ab) = (digamma(a + b), trigamma(a + b));
        // The -W ln B(alpha, beta) part.
        let mut ll = -n * ln_beta(a, b);
        let mut g = [-n * (digamma(a) - dg_ab), -n * (digamma(b) - dg_ab)];
        let mut h = [[-n * (trigamma(a) - tg_ab), n * tg_ab], [0.0, -n * (trigamma(b) - tg_ab)]];
        for &(u, v, w) in &self.rows {
            let (x, y) = (a + u, b + v);
            let (dg_s, tg_s) = (digamma(x + y), trigamma(x + y));
            ll += w * ln_beta(x, y);
            g[0] += w * (digamma(x) - dg_s);
            g[1] += w * (digamma(y) - dg_s);
            h[0][0] += w * (trigamma(x) - tg_s);
            h[0][1] -= w * tg_s;
            h[1][1] += w * (trigamma(y) - tg_s);
        }
        h[1][0] = h[0][1];
        super::fit::penalized_in_log_space(ll, &g, &h, &[a, b], n, 0.0)
    }
}

impl SbgModel {
    /// Fits alpha and beta by maximum likelihood: Newton with the analytic Hessian on
    /// log-parameters from alpha = beta = 1 (BFGS if Newton stalls).
    pub fn fit(data: &SbgData, interrupt: Interrupt<'_>) -> Result<Self> {
        let totals = data.totals()?;
        let total: f64 = totals.iter().map(|r| r.2).sum();
        if !total.is_finite() {
            return Err(too_heavy());
        }
        let churned = totals.iter().any(|&(_, alive, _)| !alive);
        let longest = totals.iter().map(|&(t, _, _)| t).max().unwrap_or(0);
        if !churned || longest < 2 {
            return Err(Error::invalid_data(
                format!(
                    "too little data to fit the sBG model: {}",
                    if churned { "no customer observed beyond its first period" } else { "no customer churned" }
                ),
                "The fit needs churned customers and customers observed over at least two periods (e.g. a cohort's survivors after periods 1 and 2).",
            ));
        }
        let objective = Nll::new(&totals, total);
        let out = newton(&objective, vec![0.0, 0.0], 1e-10, 1e-6, interrupt)?;
        let (alpha, beta) = (out.phi[0].exp(), out.phi[1].exp());
        let log_likelihood = objective.log_likelihood(alpha, beta) / weight_scale(total);
        let model = SbgModel {
            alpha,
            beta,
            info: FitInfo {
                log_likelihood: Some(log_likelihood),
                n: total,
                distinct: totals.len() as u64,
                iterations: out.iterations,
                converged: out.converged,
                penalizer: 0.0,
            },
        };
        check_fitted("sBG", model.check())?;
        Ok(model)
    }

    /// ln S(t) for t >= 0 (a real number of periods).
    fn ln_survival(&self, t: f64) -> f64 {
        ln_beta(self.alpha, self.beta + t) - ln_beta(self.alpha, self.beta)
    }

    /// r(t): the probability that a customer active in period t >= 1 renews at its end.
    pub fn retention(&self, t: i32) -> Result<f64> {
        if t < 1 {
            return Err(Error::invalid_parameter(
                format!("t must be >= 1, got {t}"),
                "r(t) is the renewal rate at the end of period t = 1, 2, ...; S(0) = 1 needs no renewal.",
            ));
        }
        let t = f64::from(t);
        finite_result("the retention rate", (self.beta + t - 1.0) / (self.alpha + self.beta + t - 1.0))
    }

    /// S(t): the share of a cohort still active after t >= 0 periods (t renewals).
    pub fn survival(&self, t: i32) -> Result<f64> {
        let t = check_period("t", t)?;
        finite_result("the survival", self.ln_survival(t).exp())
    }

    /// P(T = t): the share of a cohort that churns at the end of period t >= 1.
    pub fn churn_probability(&self, t: i32) -> Result<f64> {
        if t < 1 {
            return Err(Error::invalid_parameter(
                format!("t must be >= 1, got {t}"),
                "Customers churn at the end of a period t = 1, 2, ...",
            ));
        }
        let t = f64::from(t);
        finite_result(
            "the churn probability",
            (ln_beta(self.alpha + 1.0, self.beta + t - 1.0) - ln_beta(self.alpha, self.beta)).exp(),
        )
    }

    /// S(lifetime + h) / S(lifetime): the probability that a customer who has made
    /// `lifetime` renewals is still active `h` periods later.
    pub fn conditional_survival(&self, lifetime: i32, h: i32) -> Result<f64> {
        let l = check_period("lifetime", lifetime)?;
        let h = check_period("months", h)?;
        finite_result("the conditional survival", (self.ln_survival(l + h) - self.ln_survival(l)).exp())
    }

    /// Expected MRR `months` periods from now of a customer who has made `lifetime`
    /// renewals and pays `mrr` now: mrr S(lifetime + months) / S(lifetime), times
    /// (1 + monthly_growth)^months for the expansion net of contraction of the
    /// customers who stay (0: none).
    pub fn expected_mrr(&self, lifetime: i32, mrr: f64, months: i32, monthly_growth: f64) -> Result<f64> {
        finite("mrr", mrr)?;
        finite("monthly_growth", monthly_growth)?;
        if monthly_growth <= -1.0 {
            return Err(Error::invalid_parameter(
                format!("monthly_growth must be > -1, got {monthly_growth}"),
                "The monthly rate at which retained customers' MRR changes, e.g. 0.01 for 1% net expansion a month.",
            ));
        }
        let s = self.conditional_survival(lifetime, months)?;
        finite_result("the expected MRR", mrr * s * (1.0 + monthly_growth).powi(months))
    }

    /// DERL (Fader & Hardie 2010, eq. 6): the expected discounted number of future
    /// payments of a customer who has made `renewals` renewals and is about to face
    /// the next renewal decision, the payment at that renewal undiscounted:
    /// sum over k >= 1 of S(n + k) / S(n) / (1 + d)^(k - 1), n = renewals, equal to
    /// (beta + n) / (alpha + beta + n) 2F1(1, beta + n + 1; alpha + beta + n + 1; 1 / (1 + d)).
    /// At d = 0 it is the expected number of further renewals (beta + n) / (alpha - 1),
    /// infinite for alpha <= 1 (22003).
    pub fn derl(&self, discount: f64, renewals: i32) -> Result<f64> {
        let d = check_discount(discount)?;
        let n = check_period("renewals", renewals)?;
        let (a, b) = (self.alpha, self.beta);
        let z = 1.0 / (1.0 + d);
        // (A discount so small that 1 / (1 + d) rounds to 1 is the undiscounted sum.)
        if z >= 1.0 {
            return self.remaining_lifetime(renewals)?.ok_or_else(infinite_lifetime);
        }
        // The power series has positive terms (ratio below z): summed directly it
        // loses nothing to cancellation; it needs about 40 / (1 - z) terms, beyond
        // its cap (discounts below ~0.2%) the general 2F1.
        let (p, q) = (b + n + 1.0, a + b + n + 1.0);
        let ln_f = super::special::ln_series(1.0, p, q, z).map_or_else(|| ln_hyp2f1(1.0, p, q, z), |s| s.0);
        finite_result("DERL", (b + n) / (a + b + n) * ln_f.exp())
    }

    /// The expected number of further renewals of a customer who has made `renewals`
    /// renewals: (beta + n) / (alpha - 1); None (infinite) for alpha <= 1.
    pub fn remaining_lifetime(&self, renewals: i32) -> Result<Option<f64>> {
        let n = check_period("renewals", renewals)?;
        if !(self.alpha > 1.0) {
            return Ok(None);
        }
        finite_result("the remaining lifetime", (self.beta + n) / (self.alpha - 1.0)).map(Some)
    }

    /// Contractual CLTV of a customer who has made `renewals` renewals and pays
    /// `value` now for the current period, then `value` at each renewal, discounted by
    /// (1 + d) per period: value (1 + DERL(d | renewals) / (1 + d)). For a new customer
    /// (renewals = 0) this is value * sum over t >= 0 of S(t) / (1 + d)^t.
    pub fn cltv(&self, value: f64, discount: f64, renewals: i32) -> Result<f64> {
        finite("value", value)?;
        let d = check_discount(discount)?;
        let derl = self.derl(d, renewals)?;
        finite_result("the sBG CLTV", value * (1.0 + derl / (1.0 + d)))
    }
}

/// A model's answer, which must be finite: NaN or infinity is 22003, never returned.
fn finite_result(what: &str, v: f64) -> Result<f64> {
    if v.is_finite() {
        return Ok(v);
    }
    Err(Error::new(
        ErrorKind::NumericOutOfRange,
        format!("{what} is not finite for these arguments"),
        "The periods, rates or amounts are too extreme for double precision (e.g. a huge number of months with a growth rate); use smaller values.",
    ))
}

fn infinite_lifetime() -> Error {
    Error::new(
        ErrorKind::NumericOutOfRange,
        "the expected lifetime is infinite for alpha <= 1 at discount 0",
        "With alpha <= 1 the most loyal customers stay long enough that the undiscounted sum has no finite value; use a discount rate > 0.",
    )
}

super::fitted_model!(SbgModel, "sbg_model", [alpha, beta]);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::TextForm;
    use proptest::prelude::*;

    /// Fader & Hardie 2007, Table 1: customers of 1000 still active after years 0-7.
    const REGULAR: [f64; 8] = [1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0];
    const HIGH_END: [f64; 8] = [1000.0, 869.0, 743.0, 653.0, 593.0, 551.0, 517.0, 491.0];

    /// The cohort as fit rows: churned in year t (weight survivors(t-1) - survivors(t)),
    /// the survivors of year 7 alive with lifetime 7.
    fn cohort(survivors: &[f64]) -> SbgData {
        let mut d = SbgData::new();
        for t in 1..survivors.len() {
            d.add(t as i32, false, survivors[t - 1] - survivors[t]);
        }
        d.add(survivors.len() as i32 - 1, true, survivors[survivors.len() - 1]);
        d
    }

    fn fit(survivors: &[f64]) -> SbgModel {
        SbgModel::fit(&cohort(survivors), &|| Ok(())).unwrap()
    }

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs()
    }

    #[test]
    fn paper_estimates() {
        // Published: regular alpha 0.704, beta 1.182; high end 0.668, 3.806 (3 decimals).
        let m = fit(&REGULAR);
        assert!(m.info.converged);
        assert!((m.alpha - 0.704).abs() < 5e-4 && (m.beta - 1.182).abs() < 5e-4, "{m:?}");
        let m = fit(&HIGH_END);
        assert!(m.info.converged);
        assert!((m.alpha - 0.668).abs() < 5e-4 && (m.beta - 3.806).abs() < 5e-4, "{m:?}");
        // More digits: the maximum found independently with mpmath at 40 digits
        // (root of the gradient of the same likelihood).
        let r = fit(&REGULAR);
        for (got, want) in [
            (r.alpha, 0.704_077_298_473_516),
            (r.beta, 1.182_043_026_209_48),
            (r.info.log_likelihood.unwrap(), -1_680.265_188_463_29),
            (m.alpha, 0.668_088_351_106_446),
            (m.beta, 3.806_094_964_058_27),
            (m.info.log_likelihood.unwrap(), -1_611.158_147_391_16),
        ] {
            assert!(close(got, want, 1e-9), "{got} vs {want}");
        }
        // The log-likelihood at the estimate, from the formula row by row.
        let direct: f64 = cohort(&HIGH_END)
            .totals()
            .unwrap()
            .iter()
            .map(|&(t, alive, w)| {
                let ln_p = if alive { m.survival(t).unwrap().ln() } else { m.churn_probability(t).unwrap().ln() };
                w * ln_p
            })
            .sum();
        assert!(close(m.info.log_likelihood.unwrap(), direct, 1e-12));
        // The gradient is zero there: a nearby point is worse.
        let data = cohort(&HIGH_END);
        let nll = Nll::new(&data.totals().unwrap(), 1000.0);
        let best = nll.log_likelihood(m.alpha, m.beta);
        for (da, db) in [(1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3)] {
            assert!(nll.log_likelihood(m.alpha + da, m.beta + db) < best);
        }
    }

    #[test]
    fn projections_follow_the_closed_form() {
        // Survival by the product of the retention rates equals the beta-function form.
        let m = fit(&REGULAR);
        let mut s = 1.0;
        for t in 1..=12 {
            s *= m.retention(t).unwrap();
            assert!(close(m.survival(t).unwrap(), s, 1e-12), "t={t}");
            let p = m.survival(t - 1).unwrap() - m.survival(t).unwrap();
            assert!(close(m.churn_probability(t).unwrap(), p, 1e-10), "t={t}");
        }
        // Fader & Hardie 2007, Figure 5/6: the fitted curves through year 12 stay within a
        // few customers of the data in years 1-7.
        for (t, &obs) in REGULAR.iter().enumerate() {
            assert!((1000.0 * m.survival(t as i32).unwrap() - obs).abs() < 10.0, "t={t}");
        }
    }

    #[test]
    fn derl_equals_the_discounted_survival_series() {
        for (alpha, beta) in [(0.704, 1.182), (0.668, 3.806), (2.5, 7.0), (1.0, 1.0)] {
            let m = SbgModel::with_params(alpha, beta).unwrap();
            for d in [0.1f64, 0.5, 0.02] {
                for n in [0, 1, 4, 30] {
                    // sum_{k >= 1} S(n + k) / S(n) / (1 + d)^(k - 1), by the product of
                    // retention rates, to where the terms no longer count.
                    let (mut sum, mut term, mut k) = (0.0, 1.0, 1);
                    loop {
                        term *= m.retention(n + k).unwrap();
                        let add = term / (1.0 + d).powi(k - 1);
                        sum += add;
                        if add < 1e-17 * sum {
                            break;
                        }
                        k += 1;
                    }
                    let closed = m.derl(d, n).unwrap();
                    assert!(close(closed, sum, 1e-11), "{alpha} {beta} d={d} n={n}: {closed} vs {sum}");
                }
            }
        }
        // At d = 0: the expected further renewals (beta + n) / (alpha - 1); infinite for alpha <= 1.
        let m = SbgModel::with_params(2.5, 7.0).unwrap();
        assert!(close(m.derl(0.0, 3).unwrap(), 10.0 / 1.5, 1e-15));
        assert!(close(m.derl(1e-9, 3).unwrap(), 10.0 / 1.5, 1e-6));
        assert!(close(m.derl(1e-300, 3).unwrap(), 10.0 / 1.5, 1e-15));
        let m = SbgModel::with_params(0.704, 1.182).unwrap();
        assert_eq!(m.remaining_lifetime(0).unwrap(), None);
        assert_eq!(m.derl(0.0, 0).unwrap_err().kind, ErrorKind::NumericOutOfRange);
        // CLTV of a new customer: value * sum_{t >= 0} S(t) / (1 + d)^t.
        let series: f64 = (0..3000).map(|t| m.survival(t).unwrap() / 1.1f64.powi(t)).sum();
        assert!(close(m.cltv(100.0, 0.1, 0).unwrap(), 100.0 * series, 1e-10));
    }

    #[test]
    fn bad_input() {
        assert_eq!(check_row(-1, true).unwrap_err().kind, ErrorKind::InvalidParameter);
        assert_eq!(check_row(0, false).unwrap_err().kind, ErrorKind::InvalidParameter);
        assert!(check_row(0, true).is_ok());
        let e = check_weight(-5.0).unwrap_err();
        assert!(e.hint.contains("must not increase"), "{e:?}");
        assert_eq!(check_weight(f64::NAN).unwrap_err().kind, ErrorKind::InvalidData);
        let m = SbgModel::with_params(1.0, 2.0).unwrap();
        assert_eq!(m.survival(-1).unwrap_err().kind, ErrorKind::InvalidParameter);
        assert_eq!(m.retention(0).unwrap_err().kind, ErrorKind::InvalidParameter);
        assert_eq!(m.derl(-0.1, 0).unwrap_err().kind, ErrorKind::InvalidParameter);
        for text in [r#"{"alpha":-1,"beta":2}"#, r#"{"alpha":1,"beta":0}"#, r#"{"alpha":1}"#] {
            assert_eq!(SbgModel::from_text(text).unwrap_err().kind, ErrorKind::InvalidText, "{text}");
        }
        // Too little data.
        let mut d = SbgData::new();
        d.add(1, false, 10.0);
        d.add(1, true, 90.0);
        assert_eq!(SbgModel::fit(&d, &|| Ok(())).unwrap_err().kind, ErrorKind::InvalidData);
        let mut d = SbgData::new();
        d.add(5, true, 10.0);
        assert_eq!(SbgModel::fit(&d, &|| Ok(())).unwrap_err().kind, ErrorKind::InvalidData);
    }

    #[test]
    fn gradient_and_hessian_match_finite_differences() {
        let data = cohort(&REGULAR);
        let totals = data.totals().unwrap();
        let nll = Nll::new(&totals, 1000.0);
        super::super::fit::assert_derivatives_match(&nll, &[-0.3, 0.2]);
        super::super::fit::assert_derivatives_match(&nll, &[1.0, 1.5]);
    }

    #[test]
    fn text_and_binary_round_trip() {
        let m = fit(&HIGH_END);
        let back = SbgModel::from_text(&m.to_text()).unwrap();
        assert_eq!(back, m);
        assert_eq!(SbgModel::from_bytes(&m.to_bytes()).unwrap(), m);
        let d = cohort(&REGULAR);
        assert_eq!(SbgData::from_bytes(&d.to_bytes()).unwrap(), d);
    }

    proptest! {
        #[test]
        fn merge_is_associative_and_commutative_and_exact(
            rows in proptest::collection::vec((0i32..20, any::<bool>(), 0.0f64..1e6), 1..60),
            cut1 in 0usize..60, cut2 in 0usize..60,
        ) {
            let rows: Vec<_> = rows.into_iter().map(|(t, a, w)| (if a { t } else { t + 1 }, a, w)).collect();
            let (c1, c2) = (cut1.min(rows.len()), cut2.min(rows.len()));
            let (lo, hi) = (c1.min(c2), c1.max(c2));
            let part = |r: &[(i32, bool, f64)]| {
                let mut d = SbgData::new();
                r.iter().for_each(|&(t, a, w)| d.add(t, a, w));
                d
            };
            let whole = part(&rows);
            let (a, b, c) = (part(&rows[..lo]), part(&rows[lo..hi]), part(&rows[hi..]));
            let mut ab_c = a.clone();
            ab_c.merge(&b).unwrap();
            ab_c.merge(&c).unwrap();
            let mut c_ba = c.clone();
            let mut ba = b.clone();
            ba.merge(&a).unwrap();
            c_ba.merge(&ba).unwrap();
            let bits = |d: &SbgData| d.totals().unwrap().iter().map(|r| (r.0, r.1, r.2.to_bits())).collect::<Vec<_>>();
            prop_assert_eq!(bits(&ab_c), bits(&whole));
            prop_assert_eq!(bits(&c_ba), bits(&whole));
            prop_assert_eq!(SbgData::from_bytes(&whole.to_bytes()).unwrap().to_bytes(), whole.to_bytes());
        }

        #[test]
        fn model_text_round_trips(alpha in 1e-3f64..1e3, beta in 1e-3f64..1e3) {
            let m = SbgModel::with_params(alpha, beta).unwrap();
            prop_assert_eq!(SbgModel::from_text(&m.to_text()).unwrap(), m);
        }
    }
}
