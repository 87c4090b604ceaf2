//! Signals read from one usage summary: the feature vector that clustering takes
//! (`usage_vector`) and the test of a drop in activity (`usage_drop`, `usage_alert`).
//!
//! A summary keeps its active days day by day but its events and quantity only in
//! total, so everything windowed here counts active days; the only quantity read is
//! the lifetime intensity.

use crate::day::{Day, MIN_DAY};
use crate::{Error, ErrorKind, Result};

use super::frequency::check_window;
use super::{Activity, UsageSummary};

/// The names of the leading components of [`UsageSummary::usage_vector`], in order;
/// the named features' shares follow. The order is part of the SQL contract.
pub const VECTOR_COMPONENTS: [&str; 5] = ["frequency", "intensity", "recency", "tenure", "trend"];

/// `as_of - days + 1`, the first day of a window of `days` days ending at `as_of`,
/// clamped to the first representable day.
fn window_first(as_of: Day, days: i64) -> Day {
    (i64::from(as_of) - days + 1).max(i64::from(MIN_DAY)) as Day
}

impl UsageSummary {
    /// The feature vector of the summary as of `as_of` (see docs/models.md, "Usage
    /// vectors"): `[frequency, intensity, recency, tenure, trend, share(f1), ...]`.
    /// `None` when there is no activity on or before `as_of`.
    ///
    /// - frequency: active days per week in the window of `window_days` days ending
    ///   at `as_of`, `7 * active / window_days` (0 to 7);
    /// - intensity: total quantity per active day, over the whole summary;
    /// - recency: days since the last active day on or before `as_of`;
    /// - tenure: days since the first active day;
    /// - trend: `(r - p) / (r + p)` for r active days in the window and p in the
    ///   `window_days` before it, -1 to 1; 0 when both are 0;
    /// - per feature: its active days in the window over the summary's active days
    ///   in the window, 0 to 1; 0 when the window has none or the feature is unused.
    pub fn usage_vector(&self, as_of: Day, features: &[String], window_days: i32) -> Result<Option<Vec<f64>>> {
        let window = i64::from(check_window(window_days)?);
        check_feature_names(features)?;
        let (Some(recency), Some(tenure)) = (self.recency_days(as_of), self.tenure_days(as_of)) else {
            return Ok(None);
        };
        let start = window_first(as_of, window);
        let recent = self.active_days_between(start, as_of) as f64;
        let previous = self.active_days_between(window_first(as_of, 2 * window), start - 1) as f64;
        let trend = if recent + previous == 0.0 { 0.0 } else { (recent - previous) / (recent + previous) };
        // An active day up to as_of exists, so the intensity is defined.
        let intensity = self.intensity()?.unwrap_or(0.0);
        let mut v = Vec::with_capacity(VECTOR_COMPONENTS.len() + features.len());
        v.extend([7.0 * recent / window as f64, intensity, recency as f64, tenure as f64, trend]);
        v.extend(features.iter().map(|name| match self.features.get(name) {
            Some(f) if recent > 0.0 => f.days.count_between(start, as_of) as f64 / recent,
            _ => 0.0,
        }));
        Ok(Some(v))
    }

    /// Tests whether activity dropped: active days in the `recent_days` days ending
    /// at `as_of` against the `baseline_days` days before them, for the whole
    /// summary or for one feature (an unused feature has no baseline).
    pub fn usage_drop(
        &self,
        as_of: Day,
        recent_days: i32,
        baseline_days: i32,
        feature: Option<&str>,
        interrupts: &dyn Fn() -> Result<()>,
    ) -> Result<UsageDrop> {
        let recent = i64::from(check_named_window("recent_days", recent_days)?);
        let baseline = i64::from(check_named_window("baseline_days", baseline_days)?);
        let empty = Activity::default();
        let activity = match feature {
            Some(name) => self.features.get(name).unwrap_or(&empty),
            None => &self.total,
        };
        UsageDrop::of(&activity.days, as_of, recent, baseline, interrupts)
    }
}

fn check_named_window(what: &str, days: i32) -> Result<i32> {
    check_window(days).map_err(|_| {
        Error::invalid_parameter(
            format!("{what} must be between 1 and 36525, got {days}"),
            "Pass a window length in days, e.g. recent_days 14 and baseline_days 56.",
        )
    })
}

fn check_feature_names(features: &[String]) -> Result<()> {
    let mut sorted: Vec<&str> = features.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::invalid_parameter(
            format!("features lists \"{}\" twice", w[0]),
            "Name each feature once: each name is one component of the vector.",
        ));
    }
    Ok(())
}

/// The result of [`UsageSummary::usage_drop`].
///
/// Windows: recent is `(as_of - recent_days, as_of]`; the baseline is the
/// `baseline_days` days before it, starting no earlier than the day after the
/// stream's first active day (that day is active by definition, so counting it
/// would inflate the baseline of new users). Without a baseline day (first active
/// in the recent window, on the last baseline day, or never up to `as_of`) the
/// baseline rate, ratio and p-value are `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageDrop {
    pub recent_active: u64,
    pub recent_days: u64,
    pub baseline_active: u64,
    /// Days of the baseline window actually compared (after clipping).
    pub baseline_days: u64,
    pub recent_rate: f64,
    pub baseline_rate: Option<f64>,
    /// `recent_rate / baseline_rate`; `None` without baseline or when the baseline
    /// had no active day.
    pub ratio: Option<f64>,
    /// One-sided Fisher exact test of "the recent daily activity probability is
    /// lower than the baseline one": `P(X <= recent_active)` for X hypergeometric.
    pub p_value: Option<f64>,
}

impl UsageDrop {
    fn of(
        days: &crate::day_set::DaySet,
        as_of: Day,
        recent: i64,
        baseline: i64,
        interrupts: &dyn Fn() -> Result<()>,
    ) -> Result<Self> {
        let recent_first = window_first(as_of, recent);
        let recent_active = days.count_between(recent_first, as_of);
        let recent_rate = recent_active as f64 / recent as f64;
        let baseline_last = i64::from(recent_first) - 1;
        let mut baseline_first = i64::from(window_first(as_of, recent + baseline));
        match days.first() {
            Some(first) if i64::from(first) <= baseline_last => {
                baseline_first = baseline_first.max(i64::from(first) + 1)
            }
            _ => baseline_first = baseline_last + 1,
        }
        let baseline_days = (baseline_last - baseline_first + 1).max(0) as u64;
        let mut drop = UsageDrop {
            recent_active,
            recent_days: recent as u64,
            baseline_active: 0,
            baseline_days,
            recent_rate,
            baseline_rate: None,
            ratio: None,
            p_value: None,
        };
        if baseline_days == 0 {
            return Ok(drop);
        }
        let baseline_active = days.count_between(baseline_first as Day, baseline_last as Day);
        let baseline_rate = baseline_active as f64 / baseline_days as f64;
        drop.baseline_active = baseline_active;
        drop.baseline_rate = Some(baseline_rate);
        drop.ratio = (baseline_active > 0).then(|| recent_rate / baseline_rate);
        let total = drop.recent_days + baseline_days;
        drop.p_value = Some(hypergeometric_cdf(
            recent_active,
            total,
            recent_active + baseline_active,
            drop.recent_days,
            interrupts,
        )?);
        Ok(drop)
    }

    /// `alert`, `watch` or `none` at the default [`AlertThresholds`].
    pub fn alert(&self) -> &'static str {
        AlertThresholds::default().classify(self)
    }
}

/// When a drop is an alert: both an effect size (the ratio) and evidence (the
/// p-value), since a tiny drop of a daily user is significant and a large drop of
/// an occasional one is not. Chosen on generated data (docs/models.md).
#[derive(Debug, Clone, Copy)]
pub struct AlertThresholds {
    pub alert_ratio: f64,
    pub alert_p: f64,
    pub watch_ratio: f64,
    pub watch_p: f64,
}

impl Default for AlertThresholds {
    fn default() -> Self {
        AlertThresholds { alert_ratio: 0.5, alert_p: 0.01, watch_ratio: 0.75, watch_p: 0.05 }
    }
}

impl AlertThresholds {
    pub fn classify(&self, d: &UsageDrop) -> &'static str {
        let (Some(ratio), Some(p)) = (d.ratio, d.p_value) else { return "none" };
        if ratio <= self.alert_ratio && p < self.alert_p {
            "alert"
        } else if ratio <= self.watch_ratio && p < self.watch_p {
            "watch"
        } else {
            "none"
        }
    }
}

/// `ln C(n, k)`.
fn ln_choose(n: u64, k: u64) -> f64 {
    use crate::cltv::special::ln_gamma;
    ln_gamma(n as f64 + 1.0) - ln_gamma(k as f64 + 1.0) - ln_gamma((n - k) as f64 + 1.0)
}

/// `P(X <= k)` for X hypergeometric: `draws` draws without replacement from
/// `population` items of which `successes` are successes (scipy's
/// `hypergeom.cdf(k, population, successes, draws)`).
///
/// The tail is summed from its largest term outwards with the ratios of
/// consecutive probabilities (no cancellation), scaled by that term's probability
/// from log-gamma; the tail on the mode's side is one minus the other tail.
pub fn hypergeometric_cdf(
    k: u64,
    population: u64,
    successes: u64,
    draws: u64,
    interrupts: &dyn Fn() -> Result<()>,
) -> Result<f64> {
    if successes > population || draws > population {
        return Err(Error::new(
            ErrorKind::InvalidParameter,
            "hypergeometric_cdf: successes and draws must not exceed the population",
            "Internal check: report this with the arguments that caused it.",
        ));
    }
    let failures = population - successes;
    let lo = draws.saturating_sub(failures);
    let hi = draws.min(successes);
    if k < lo {
        return Ok(0.0);
    }
    if k >= hi {
        return Ok(1.0);
    }
    let ln_pmf = |x: u64| ln_choose(successes, x) + ln_choose(failures, draws - x) - ln_choose(population, draws);
    let (n, s, f) = (draws as f64, successes as f64, failures as f64);
    // pmf(x + 1) / pmf(x)
    let up = |x: f64| (s - x) * (n - x) / ((x + 1.0) * (f - n + x + 1.0));
    let mode = ((n + 1.0) * (s + 1.0) / (population as f64 + 2.0)).floor();
    let tail = |start: u64, end: u64, downwards: bool| -> Result<f64> {
        // Sum of pmf(x) / pmf(start) from start towards end (included).
        let (mut sum, mut term, mut x) = (1.0f64, 1.0f64, start);
        while x != end {
            if (x - lo).is_multiple_of(1024) {
                interrupts()?;
            }
            if downwards {
                term /= up(x as f64 - 1.0);
                x -= 1;
            } else {
                term *= up(x as f64);
                x += 1;
            }
            sum += term;
            if term < sum * 1e-17 {
                break;
            }
        }
        Ok(sum)
    };
    let p = if (k as f64) <= mode {
        ln_pmf(k).exp() * tail(k, lo, true)?
    } else {
        1.0 - ln_pmf(k + 1).exp() * tail(k + 1, hi, false)?
    };
    Ok(p.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::day;
    use crate::split_mix::SplitMix;
    use proptest::prelude::*;

    fn d(s: &str) -> Day {
        day::parse(s).unwrap()
    }
    fn none() -> Result<()> {
        Ok(())
    }

    /// P(X <= k) with exact integer binomials (as f64 sums of exact ratios of u128).
    fn exact_cdf(k: u64, population: u64, successes: u64, draws: u64) -> f64 {
        fn choose(n: u64, k: u64) -> u128 {
            if k > n {
                return 0;
            }
            (0..k).fold(1u128, |acc, i| acc * u128::from(n - i) / u128::from(i + 1))
        }
        let total = choose(population, draws);
        let num: u128 = (0..=k)
            .map(|x| {
                choose(successes, x) * choose(population - successes, draws.saturating_sub(x)) * u128::from(draws >= x)
            })
            .sum();
        num as f64 / total as f64
    }

    fn from_days(days: &[Day]) -> UsageSummary {
        let mut s = UsageSummary::new();
        for &day in days {
            s.record(day, 1.0, None).unwrap();
        }
        s
    }

    #[test]
    fn hypergeometric_cdf_against_exact_sums() {
        // Hand-checked with Python's fractions and math.comb:
        // sum(comb(29,x)*comb(41,14-x) for x in range(2)) / comb(70,14)
        let p = hypergeometric_cdf(1, 70, 29, 14, &none).unwrap();
        assert!((p - 0.002_826_451_479_630_250_2).abs() < 1e-15, "{p}");
        for (k, population, successes, draws) in
            [(0, 10, 3, 4), (2, 30, 12, 10), (5, 40, 20, 14), (9, 60, 25, 14), (3, 20, 20, 5)]
        {
            let want = exact_cdf(k, population, successes, draws);
            let got = hypergeometric_cdf(k, population, successes, draws, &none).unwrap();
            assert!(
                (got - want).abs() <= 1e-12 * want.max(1e-300) + 1e-15,
                "{k} {population} {successes} {draws}: {got} vs {want}"
            );
        }
    }

    proptest! {
        #[test]
        fn hypergeometric_cdf_matches_exact_and_is_monotone(population in 1u64..60, a in 0u64..60, b in 0u64..60) {
            let successes = a % (population + 1);
            let draws = b % (population + 1);
            let mut previous = 0.0;
            for k in 0..=draws {
                let got = hypergeometric_cdf(k, population, successes, draws, &none).unwrap();
                let want = exact_cdf(k, population, successes, draws);
                prop_assert!((got - want).abs() <= 1e-11 * want + 1e-14, "k {} got {} want {}", k, got, want);
                prop_assert!(got >= previous - 1e-15);
                previous = got;
            }
            prop_assert_eq!(hypergeometric_cdf(draws, population, successes, draws, &none).unwrap(), 1.0);
        }
    }

    #[test]
    fn vector_of_a_known_history() {
        // Active 2024-03-01..03-03 with feature a, 03-10 with b, 03-20 (no feature);
        // as of 03-21, window 14: the window 03-08..03-21 holds 03-10 and 03-20,
        // the 14 days before it 03-01..03-03.
        let mut s = UsageSummary::new();
        for (day_, f) in [
            ("2024-03-01", Some("a")),
            ("2024-03-02", Some("a")),
            ("2024-03-03", Some("a")),
            ("2024-03-10", Some("b")),
            ("2024-03-20", None),
        ] {
            s.record(d(day_), 2.0, f).unwrap();
        }
        s.record(d("2024-03-20"), 3.0, None).unwrap();
        let v = s.usage_vector(d("2024-03-21"), &["b".into(), "a".into(), "zzz".into()], 14).unwrap().unwrap();
        assert_eq!(v, vec![1.0, 13.0 / 5.0, 1.0, 20.0, (2.0 - 3.0) / 5.0, 0.5, 0.0, 0.0]);
        // Before the first activity: no vector; no features: five components.
        assert_eq!(s.usage_vector(d("2024-02-29"), &[], 28).unwrap(), None);
        assert_eq!(s.usage_vector(d("2024-03-01"), &[], 28).unwrap().unwrap(), vec![0.25, 2.6, 0.0, 0.0, 1.0]);
        // A window with no activity: frequency, trend and shares 0.
        let late = s.usage_vector(d("2025-01-01"), &["a".into()], 7).unwrap().unwrap();
        assert_eq!(late, vec![0.0, 2.6, 287.0, 306.0, 0.0, 0.0]);
        for bad in [0, -1, 36_526] {
            assert_eq!(s.usage_vector(d("2024-03-21"), &[], bad).unwrap_err().kind, ErrorKind::InvalidParameter);
        }
        let twice = s.usage_vector(d("2024-03-21"), &["a".into(), "a".into()], 7).unwrap_err();
        assert_eq!(twice.kind, ErrorKind::InvalidParameter);
    }

    #[test]
    fn drop_of_a_known_history() {
        // Baseline 2024-01-01..02-25 (56 days) active every other day: 28 days;
        // recent 02-26..03-10 (14 days): one active day.
        let first = d("2024-01-01");
        let mut days: Vec<Day> = (0..56).step_by(2).map(|i| first + i).collect();
        days.insert(0, first - 100);
        days.push(d("2024-03-05"));
        let s = from_days(&days);
        let r = s.usage_drop(d("2024-03-10"), 14, 56, None, &none).unwrap();
        assert_eq!((r.recent_active, r.recent_days, r.baseline_active, r.baseline_days), (1, 14, 28, 56));
        assert_eq!(r.recent_rate, 1.0 / 14.0);
        assert_eq!(r.baseline_rate, Some(0.5));
        assert_eq!(r.ratio, Some(1.0 / 7.0));
        // The Fisher table [[1, 13], [28, 28]]: the hand-checked sum above.
        assert!((r.p_value.unwrap() - 0.002_826_451_479_630_250_2).abs() < 1e-15);
        assert_eq!(r.alert(), "alert");
        // Unknown feature: no baseline, nothing to alert.
        let f = s.usage_drop(d("2024-03-10"), 14, 56, Some("nope"), &none).unwrap();
        assert_eq!((f.baseline_days, f.ratio, f.p_value, f.alert()), (0, None, None, "none"));
        for (r, b) in [(0, 56), (14, 0), (-3, 56), (14, 40_000)] {
            assert_eq!(s.usage_drop(d("2024-03-10"), r, b, None, &none).unwrap_err().kind, ErrorKind::InvalidParameter);
        }
    }

    #[test]
    fn baseline_starts_the_day_after_the_first_activity() {
        // First active 2024-02-20, 6 days before the recent window 02-26..03-10:
        // baseline 02-21..02-25 (5 days), of which 02-22 and 02-24 active.
        let s = from_days(&[d("2024-02-20"), d("2024-02-22"), d("2024-02-24"), d("2024-03-01")]);
        let r = s.usage_drop(d("2024-03-10"), 14, 56, None, &none).unwrap();
        assert_eq!((r.baseline_active, r.baseline_days, r.recent_active), (2, 5, 1));
        // First active on the last baseline day or later: no baseline.
        let s = from_days(&[d("2024-02-25"), d("2024-03-01")]);
        let r = s.usage_drop(d("2024-03-10"), 14, 56, None, &none).unwrap();
        assert_eq!((r.baseline_days, r.baseline_rate, r.p_value), (0, None, None));
        // No activity in the baseline at all: rate 0, ratio undefined, p-value 1.
        let s = from_days(&[d("2023-01-01"), d("2024-03-01")]);
        let r = s.usage_drop(d("2024-03-10"), 14, 56, None, &none).unwrap();
        assert_eq!((r.baseline_active, r.baseline_rate, r.ratio, r.p_value), (0, Some(0.0), None, Some(1.0)));
    }

    #[test]
    fn p_values_hold_their_level_without_a_drop() {
        // Under no drop, P(p < alpha) <= alpha (Fisher's test is exact, conservative).
        let mut rng = SplitMix(7);
        let as_of = d("2024-06-30");
        let trials = 4000;
        for rate in [0.05, 0.3, 0.8] {
            let mut below = [0usize; 2];
            for _ in 0..trials {
                let days: Vec<Day> = (0..70).filter(|_| rng.unit() < rate).map(|i| as_of - i).collect();
                let mut s = from_days(&days);
                s.record(as_of - 200, 1.0, None).unwrap();
                let r = s.usage_drop(as_of, 14, 56, None, &none).unwrap();
                let p = r.p_value.unwrap();
                below[0] += usize::from(p < 0.01);
                below[1] += usize::from(p < 0.05);
            }
            assert!(below[0] as f64 / trials as f64 <= 0.01 + 0.005, "rate {rate}: {below:?}");
            assert!(below[1] as f64 / trials as f64 <= 0.05 + 0.01, "rate {rate}: {below:?}");
        }
    }

    proptest! {
        #[test]
        fn fewer_recent_days_never_raise_the_p_value(seed in 0u64..1000, drop_day in 0i32..14) {
            // Removing a recent active day can only lower the p-value and the ratio.
            let mut rng = SplitMix(seed);
            let as_of = d("2024-06-30");
            let mut days: Vec<Day> = (0..70).filter(|_| rng.unit() < 0.5).map(|i| as_of - i).collect();
            days.push(as_of - 300);
            days.push(as_of - drop_day);
            let with = from_days(&days).usage_drop(as_of, 14, 56, None, &none).unwrap();
            days.retain(|&x| x != as_of - drop_day);
            let without = from_days(&days).usage_drop(as_of, 14, 56, None, &none).unwrap();
            prop_assert!(without.p_value.unwrap() <= with.p_value.unwrap());
            prop_assert!(without.ratio <= with.ratio);
        }
    }
}
