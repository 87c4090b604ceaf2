//! Special functions for the BTYD likelihoods: log-gamma, digamma, log-beta and a
//! Gauss hypergeometric 2F1 evaluated in log space.

/// ln Γ(x) for x > 0 (musl's lgamma via the `libm` crate).
#[inline]
pub fn ln_gamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// ln B(a, b) for a, b > 0.
#[inline]
pub fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
}

/// Digamma ψ(x) for x > 0: upward recurrence to x >= 10, then the asymptotic series
/// (truncation error below 1e-14 there).
pub fn digamma(mut x: f64) -> f64 {
    if !(x > 0.0) || !x.is_finite() {
        return f64::NAN;
    }
    let mut result = 0.0;
    while x < 10.0 {
        result -= 1.0 / x;
        x += 1.0;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    // Bernoulli-number coefficients B2k / (2k).
    let series =
        inv2 * (1.0 / 12.0 - inv2 * (1.0 / 120.0 - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 * (1.0 / 132.0)))));
    result + x.ln() - 0.5 * inv - series
}

/// Trigamma ψ'(x) for x > 0: upward recurrence to x >= 10, then the asymptotic
/// series 1/x + 1/(2x^2) + sum B2k / x^(2k+1) (truncation error below 2e-15 there).
pub fn trigamma(mut x: f64) -> f64 {
    if !(x > 0.0) || !x.is_finite() {
        return f64::NAN;
    }
    let mut result = 0.0;
    while x < 10.0 {
        result += 1.0 / (x * x);
        x += 1.0;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    let series = inv
        * inv2
        * (1.0 / 6.0
            - inv2
                * (1.0 / 30.0
                    - inv2 * (1.0 / 42.0 - inv2 * (1.0 / 30.0 - inv2 * (5.0 / 66.0 - inv2 * (691.0 / 2730.0))))));
    result + inv + 0.5 * inv2 + series
}

/// ln(e^a + e^b) without overflow.
#[inline]
pub fn log_add_exp(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let m = a.max(b);
    m + (-(a - b).abs()).exp().ln_1p()
}

/// ln(e^a - e^b) for a >= b; -inf when the difference is zero or rounding made it negative.
#[inline]
pub fn log_sub_exp(a: f64, b: f64) -> f64 {
    if b == f64::NEG_INFINITY {
        return a;
    }
    if !(a > b) {
        return f64::NEG_INFINITY;
    }
    a + (-(b - a).exp_m1()).ln()
}

/// Terms summed at most by one series before giving up. A series needs about
/// 40 / (1 - z) terms past its peak; z > 0.9 goes through the connection formula
/// first, and the cap bounds the cost of the rare points where neither works
/// (NaN: an optimiser rejects the point, a prediction reports an error).
const MAX_TERMS: usize = 20_000;

/// ln |2F1(a, b; c; z)| and its sign for 0 <= z < 1 and c > 0, as a power series
/// summed with rescaling, so that values far beyond f64 range (x = 1000 purchases)
/// keep a finite logarithm. `None` when the series does not converge in MAX_TERMS.
pub(crate) fn ln_series(a: f64, b: f64, c: f64, z: f64) -> Option<(f64, f64)> {
    let mut sum = 1.0f64;
    let mut term = 1.0f64;
    let mut log_scale = 0.0f64;
    for n in 0..MAX_TERMS {
        let nf = n as f64;
        let ratio = (a + nf) * (b + nf) / ((c + nf) * (nf + 1.0)) * z;
        term *= ratio;
        sum += term;
        if !sum.is_finite() || !term.is_finite() {
            return None;
        }
        if sum.abs() > 1e250 {
            // Rescale both to keep them in range; the exponent goes to log_scale.
            sum *= 1e-250;
            term *= 1e-250;
            log_scale += 250.0 * std::f64::consts::LN_10;
        }
        // Terms shrink geometrically once the ratio is below one; stop when they no
        // longer change the sum.
        if term == 0.0 || (ratio.abs() < 1.0 && term.abs() <= 1e-17 * sum.abs()) {
            if sum == 0.0 {
                return None;
            }
            return Some((sum.abs().ln() + log_scale, sum.signum()));
        }
    }
    None
}

/// ln |Γ(x)| and the sign of Γ(x), for any real x that is not a pole.
fn ln_gamma_signed(x: f64) -> (f64, f64) {
    let (v, sign) = libm::lgamma_r(x);
    (v, f64::from(sign))
}

/// ln 2F1 for z near 1 by the connection formula to argument 1 - z (Abramowitz &
/// Stegun 15.3.6), where the power series would need ~40 / (1 - z) terms:
/// 2F1(a,b;c;z) = A1 2F1(a,b;a+b-c+1;1-z) + A2 (1-z)^(c-a-b) 2F1(c-a,c-b;c-a-b+1;1-z).
/// Not usable when c - a - b is (close to) an integer; `None` then or on failure.
fn ln_hyp2f1_near_one(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    let d = c - a - b;
    if (d - d.round()).abs() < 1e-6 {
        return None;
    }
    let y = 1.0 - z;
    let (lg_c, s_c) = ln_gamma_signed(c);
    let terms = [
        (ln_gamma_signed(d), ln_gamma_signed(c - a), ln_gamma_signed(c - b), (a, b, 1.0 - d), 0.0),
        (ln_gamma_signed(-d), ln_gamma_signed(a), ln_gamma_signed(b), (c - a, c - b, 1.0 + d), d * y.ln()),
    ];
    let mut parts = Vec::with_capacity(2);
    for ((lg_n, s_n), (lg_1, s_1), (lg_2, s_2), (p, q, r), prefix) in terms {
        let (ln_f, s_f) = ln_series(p, q, r, y)?;
        parts.push((lg_c + lg_n - lg_1 - lg_2 + ln_f + prefix, s_c * s_n * s_1 * s_2 * s_f));
    }
    let (hi, lo) = if parts[0].0 >= parts[1].0 { (parts[0], parts[1]) } else { (parts[1], parts[0]) };
    let ratio = (lo.0 - hi.0).exp() * hi.1 * lo.1;
    // Too much cancellation between the two terms loses the digits: give up.
    if hi.1 < 0.0 || ratio <= -1.0 + 1e-6 || !hi.0.is_finite() {
        return None;
    }
    Some(hi.0 + ratio.ln_1p())
}

/// ln 2F1(a, b; c; z) for 0 <= z < 1 and c > 0, when 2F1 is positive (always so in
/// the BG/NBD and Pareto/NBD formulas). Uses the direct series or Euler's
/// transformation 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a, c-b; c; z), whichever has
/// the smaller leading coefficient (for x = 1000 purchases the direct series peaks
/// near 10^900, the transformed one stays near 1), and for z > 0.9 first the
/// connection formula to 1 - z. NaN if none of them converges.
pub fn ln_hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
    if !(0.0..1.0).contains(&z) || !(c > 0.0) || !a.is_finite() || !b.is_finite() {
        return f64::NAN;
    }
    if z == 0.0 {
        return 0.0;
    }
    if z > 0.9 {
        if let Some(v) = ln_hyp2f1_near_one(a, b, c, z).filter(|v| v.is_finite()) {
            return v;
        }
    }
    let euler_prefix = (c - a - b) * (-z).ln_1p();
    let direct = || ln_series(a, b, c, z).filter(|s| s.1 > 0.0).map(|s| s.0);
    let euler = || ln_series(c - a, c - b, c, z).filter(|s| s.1 > 0.0).map(|s| s.0 + euler_prefix);
    let prefer_euler = ((c - a) * (c - b)).abs() < (a * b).abs();
    let first = if prefer_euler { euler() } else { direct() };
    match first {
        Some(v) if v.is_finite() => v,
        _ => {
            let second = if prefer_euler { direct() } else { euler() };
            second.filter(|v| v.is_finite()).unwrap_or(f64::NAN)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }

    #[test]
    fn gamma_family() {
        assert!(close(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln(), 1e-15));
        assert!(close(ln_gamma(10.0), 362880f64.ln(), 1e-15));
        // psi(1) = -Euler-Mascheroni, psi(0.5) = -gamma - 2 ln 2 (Abramowitz & Stegun 6.3.2-3),
        // psi(100) from scipy.special.digamma.
        let em = 0.577_215_664_901_532_9;
        assert!(close(digamma(1.0), -em, 1e-13), "{}", digamma(1.0));
        assert!(close(digamma(0.5), -em - 2.0 * 2f64.ln(), 1e-13));
        assert!(close(digamma(100.0), 4.600_161_852_738_088, 1e-14));
        // Derivative check against ln_gamma at a non-special point.
        let x = 3.7;
        let h = 1e-5;
        let numeric = (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h);
        assert!(close(digamma(x), numeric, 1e-8));
        assert!(close(ln_beta(2.0, 3.0), (1.0f64 / 12.0).ln(), 1e-14));
        // trigamma(1) = pi^2/6, trigamma(1/2) = pi^2/2 (A&S 6.4.2, 6.4.4), and the
        // derivative of digamma elsewhere.
        let pi2 = std::f64::consts::PI * std::f64::consts::PI;
        assert!(close(trigamma(1.0), pi2 / 6.0, 1e-14), "{}", trigamma(1.0));
        assert!(close(trigamma(0.5), pi2 / 2.0, 1e-14));
        for x in [1e-3, 0.3, 3.7, 12.5, 1e4] {
            let h = 1e-6 * x;
            let numeric = (digamma(x + h) - digamma(x - h)) / (2.0 * h);
            assert!(close(trigamma(x), numeric, 1e-6), "x={x}: {} vs {numeric}", trigamma(x));
        }
    }

    #[test]
    fn hyp2f1_closed_forms() {
        // 2F1(1,1;2;z) = -ln(1-z)/z
        for &z in &[1e-6f64, 0.1, 0.5, 0.9, 0.99] {
            let exact: f64 = -(-z).ln_1p() / z;
            assert!(close(ln_hyp2f1(1.0, 1.0, 2.0, z), exact.ln(), 1e-13), "z={z}");
        }
        // 2F1(a,b;b;z) = (1-z)^-a, including a value far beyond f64 range.
        assert!(close(ln_hyp2f1(1000.3, 2.5, 2.5, 0.9), -1000.3 * 0.1f64.ln(), 1e-13));
        // 2F1(a, b; a+1; z) series vs Euler form agree (Pareto/NBD shape, x = 1000).
        let (a, b, c, z) = (1001.2, 1000.6, 1002.2, 0.4);
        let direct = ln_series(a, b, c, z).unwrap().0;
        let euler = ln_series(c - a, c - b, c, z).unwrap().0 + (c - a - b) * (1.0 - z).ln();
        assert!(close(direct, euler, 1e-12));
        assert!(close(ln_hyp2f1(a, b, c, z), direct, 1e-12));
    }

    #[test]
    fn hyp2f1_near_one() {
        // 2F1(1/2, 1/2; 3/2; w^2) = asin(w) / w, up to z = 1 - 1e-10 (the series alone
        // would need 10^11 terms).
        for &z in &[0.95f64, 0.999, 0.999_999, 1.0 - 1e-10] {
            let w = z.sqrt();
            let exact = (w.asin() / w).ln();
            assert!(close(ln_hyp2f1(0.5, 0.5, 1.5, z), exact, 1e-12), "z={z}");
        }
        // (1-z)^-a with a large non-integer a.
        assert!(close(ln_hyp2f1(1000.3, 2.5, 2.5, 0.999_99), -1000.3 * 1e-5f64.ln(), 1e-12));
        // Connection formula and series agree where both work (Pareto/NBD shape).
        for &(a, b) in &[(1.3, 0.4), (2.2, 1.7), (25.5, 1.3)] {
            let (c, z) = (a + 1.0, 0.95);
            let series = ln_series(a, b, c, z).unwrap().0;
            let near = ln_hyp2f1_near_one(a, b, c, z).unwrap();
            assert!(close(near, series, 1e-11), "a={a} b={b}: {near} vs {series}");
        }
    }

    #[test]
    fn log_exp_helpers() {
        assert!(close(log_add_exp(1.0, 2.0), (1f64.exp() + 2f64.exp()).ln(), 1e-15));
        assert!(close(log_sub_exp(2.0, 1.0), (2f64.exp() - 1f64.exp()).ln(), 1e-15));
        assert_eq!(log_sub_exp(1.0, 1.0), f64::NEG_INFINITY);
        assert_eq!(log_add_exp(f64::NEG_INFINITY, 3.0), 3.0);
    }
}
