//! The fuzz targets: every text and binary decoder of the core, each with seeds
//! (valid encodings of varied values) and a check of one input.
//!
//! A check returns `Err(why)` for a failure: an error that is not clean (wrong
//! kind for the form, no message or hint), a value that does not survive its own
//! stored and text forms, a rollup (`combine_stored`) that disagrees with decoding
//! and merging, or a merged value that could not be read back. Panics, time and
//! memory are watched by the driver.

use std::fmt::Debug;

use usage_core::accounts::NpsSummary;
use usage_core::cltv::{BgNbdModel, GammaGammaModel, ParetoNbdModel};
use usage_core::codec::{Summary, TextForm, Versioned};
use usage_core::day::{self, Day, Period};
use usage_core::funnel::{FunnelParams, FunnelState, Modes};
use usage_core::lifecycle::{self, Lifecycle};
use usage_core::rfm::{BuyerThresholds, RfmSummary};
use usage_core::saas::money::{self, Decimal};
use usage_core::saas::{MrrHistory, SaasSummary};
use usage_core::usage::{FrequencyThresholds, UsageSummary, UsageTotals, MAX_DAY, MIN_DAY};
use usage_core::{Error, ErrorKind};

/// `Ok(Some(stored form))`: the input decoded to a value that passed (the driver
/// mutates it further, and its stored form in the family's binary targets; empty
/// when the value has none); `Ok(None)`: a clean error.
pub type Check = Box<dyn Fn(&[u8]) -> Result<Option<Vec<u8>>, String>>;

pub struct Target {
    /// `family form`, e.g. `usage_summary text`: targets of a family share values.
    pub name: String,
    /// Text targets get valid UTF-8 (the server encoding), binary ones any bytes.
    pub text: bool,
    pub seeds: Vec<Vec<u8>>,
    pub check: Check,
}

/// Errors of text input: malformed (22P02), dates (22008) or numbers (22003) out
/// of range; never "data corrupted" (XX001), which would blame the storage.
const TEXT_ERRORS: &[ErrorKind] = &[ErrorKind::InvalidText, ErrorKind::DateOutOfRange, ErrorKind::NumericOutOfRange];
/// Errors of a stored form: corrupted (XX001), or what its text form would say.
const STORED_ERRORS: &[ErrorKind] =
    &[ErrorKind::Corrupted, ErrorKind::InvalidText, ErrorKind::DateOutOfRange, ErrorKind::NumericOutOfRange];
/// Errors of merging two valid values: a result that cannot be stored (22003).
const MERGE_ERRORS: &[ErrorKind] = &[ErrorKind::NumericOutOfRange, ErrorKind::InvalidParameter];

fn clean(what: &str, e: &Error, kinds: &[ErrorKind]) -> Result<(), String> {
    if !kinds.contains(&e.kind) {
        return Err(format!("{what}: error of kind {:?} ({}): {}", e.kind, e.kind.sqlstate(), e.message));
    }
    if e.message.trim().is_empty() || e.hint.trim().is_empty() {
        return Err(format!("{what}: error without a message or a hint: {e:?}"));
    }
    Ok(())
}

fn short(v: &impl Debug) -> String {
    let s = format!("{v:?}");
    if s.len() > 400 {
        format!("{}...", &s[..s.floor_char_boundary(400)])
    } else {
        s
    }
}

/// A value read from either form reads back from both, as the same value, and
/// its forms are stable (writing what was read gives the same bytes and text).
fn stored_round_trip<T: Versioned + PartialEq + Debug>(v: &T) -> Result<Vec<u8>, String> {
    let bytes = v.to_bytes();
    let back = T::from_bytes(&bytes).map_err(|e| format!("stored form of {} does not read back: {e}", short(v)))?;
    if back != *v {
        return Err(format!("stored form reads back as another value: {} -> {}", short(v), short(&back)));
    }
    if back.to_bytes() != bytes {
        return Err(format!("stored form is not stable for {}", short(v)));
    }
    Ok(bytes)
}

fn text_round_trip<T: Versioned + TextForm + PartialEq + Debug>(v: &T) -> Result<Vec<u8>, String> {
    let stored = stored_round_trip(v)?;
    let text = v.to_text();
    let back = T::from_text(&text).map_err(|e| format!("text form {} does not read back: {e}", short(&text)))?;
    if back != *v {
        return Err(format!("text form {} reads back as another value {}", short(&text), short(&back)));
    }
    if back.to_text() != text {
        return Err(format!("text form is not stable: {} -> {}", short(&text), short(&back.to_text())));
    }
    Ok(stored)
}

/// What a type's target needs besides the forms: accessors to exercise on every
/// value read (for panics, time and memory) and, for rollups, values to merge into.
pub trait Fuzzed: Versioned + PartialEq + Debug + Clone + 'static {
    fn probe(&self) {}
}

/// `as_of` days around a value's own days and PostgreSQL's limits.
fn as_of_days(first: Option<Day>, last: Option<Day>) -> Vec<Day> {
    let mut days = vec![MIN_DAY, -1, 0, 8826, MAX_DAY];
    for d in [first, last].into_iter().flatten() {
        days.extend([d, d.saturating_sub(1).max(MIN_DAY), d.saturating_add(1).min(MAX_DAY)]);
    }
    days
}

const PERIODS: [Period; 3] = [Period::Day, Period::Week, Period::Month];

impl Fuzzed for UsageSummary {
    fn probe(&self) {
        let _ = (self.events(), self.total_quantity(), self.active_days(), self.intensity(), self.feature_breadth());
        let _ = self.feature_events("login");
        for p in PERIODS {
            let _ = self.active_periods(p);
            let _ = self.days().period_starts(p).take(3).count();
        }
        for as_of in as_of_days(self.first_seen(), self.last_seen()) {
            let _ = (self.recency_days(as_of), self.tenure_days(as_of), self.frequency(as_of, 28));
            let _ = (self.frequency_class(as_of, &FrequencyThresholds::default()), self.trend(as_of, 56));
            let _ = self.active_days_between(as_of - 1000, as_of);
            let _ = usage_core::accounts::is_active(self, as_of, 30);
            for p in PERIODS {
                let _ = lifecycle::status(self.days(), as_of, p);
                for all in [false, true] {
                    if let Ok(rows) = Lifecycle::new(self.days().clone(), p, as_of.max(MIN_DAY + 31), MAX_DAY, all) {
                        let _ = rows.take(3).count();
                    }
                }
            }
        }
    }
}

impl Fuzzed for RfmSummary {
    fn probe(&self) {
        let (first, last) = (self.first_purchase().ok().flatten(), self.last_purchase().ok().flatten());
        for as_of in as_of_days(first, last) {
            let _ =
                (self.purchase_count(Some(as_of)), self.monetary_total(Some(as_of)), self.monetary_mean(Some(as_of)));
            let _ = (self.purchase_days(Some(as_of)), self.recency_days(as_of));
            let _ = self.buyer_type(as_of, &BuyerThresholds::default());
            for p in PERIODS {
                let _ = self.btyd(as_of, p);
            }
        }
    }
}

impl Fuzzed for NpsSummary {
    fn probe(&self) {
        let _ = (self.nps(), self.margin(0.95), self.promoters(), self.detractors(), self.responses());
    }
}

impl Fuzzed for MrrHistory {
    fn probe(&self) {
        let steps = self.mrr_steps();
        for &(m, _) in steps.iter().take(3).chain(steps.iter().rev().take(3)) {
            let _ = self.mrr_at(m);
        }
        for through in [0, MAX_DAY] {
            let _ = self.movements(through).take(5).count();
        }
    }
}

impl Fuzzed for SaasSummary {
    fn probe(&self) {
        for through in [None, Some(0), Some(MAX_DAY)] {
            let _ = self.metrics(through).take(5).count();
        }
    }
}

impl Fuzzed for BgNbdModel {
    fn probe(&self) {
        let _ =
            (self.expected_purchases(10.0), self.p_alive(2.0, 5.0, 10.0), self.customer_log_likelihood(2.0, 5.0, 10.0));
    }
}

impl Fuzzed for ParetoNbdModel {
    fn probe(&self) {
        let _ =
            (self.expected_purchases(10.0), self.p_alive(2.0, 5.0, 10.0), self.customer_log_likelihood(2.0, 5.0, 10.0));
    }
}

impl Fuzzed for GammaGammaModel {
    fn probe(&self) {
        let _ = self.expected_spend(2.0, 25.0);
    }
}

impl Fuzzed for FunnelState {}

impl<const N: usize> Fuzzed for usage_core::cltv::Points<N> {
    fn probe(&self) {
        let _ = (self.total_weight(), self.distinct());
    }
}

/// The stored form of `T`: decode, check the error or the value's round trips.
fn stored_target<T: Fuzzed>(name: &str, values: &[T], text_too: impl Fn(&T) -> Result<(), String> + 'static) -> Target {
    Target {
        name: format!("{name} stored"),
        text: false,
        seeds: values.iter().map(Versioned::to_bytes).collect(),
        check: Box::new(move |bytes| match T::from_bytes(bytes) {
            Err(e) => clean("stored form", &e, STORED_ERRORS).map(|_| None),
            Ok(v) => {
                let stored = stored_round_trip(&v)?;
                text_too(&v)?;
                v.probe();
                Ok(Some(stored))
            }
        }),
    }
}

fn text_target<T: Fuzzed + TextForm>(name: &str, values: &[T]) -> Target {
    Target {
        name: format!("{name} text"),
        text: true,
        seeds: values.iter().map(|v| v.to_text().into_bytes()).collect(),
        check: Box::new(|bytes| {
            let text = std::str::from_utf8(bytes).map_err(|_| "the driver passed invalid UTF-8".to_string())?;
            match T::from_text(text) {
                Err(e) => clean("text input", &e, TEXT_ERRORS).map(|_| None),
                Ok(v) => {
                    let stored = text_round_trip(&v)?;
                    v.probe();
                    Ok(Some(stored))
                }
            }
        }),
    }
}

/// A rollup row: `combine_stored` into each base value agrees with decoding and
/// merging, and whatever it accepts can be stored and read back.
fn rollup_target<T: Fuzzed + Summary>(name: &str, values: &[T]) -> Target {
    let bases: Vec<T> = values.iter().take(4).cloned().collect();
    Target {
        name: format!("{name} rollup"),
        text: false,
        seeds: values.iter().map(Versioned::to_bytes).collect(),
        check: Box::new(move |bytes| {
            let decoded = T::from_bytes(bytes);
            let mut any = None;
            for base in &bases {
                let mut rolled = base.clone();
                let stored = rolled.combine_stored(bytes);
                let merged = decoded.clone().and_then(|v| {
                    let mut m = base.clone();
                    m.combine(&v).map(|_| m)
                });
                match (stored, merged) {
                    // A merge may defer a check to the write (`check_storable`), as the rollup does.
                    (Ok(()), Ok(m)) if rolled.check_storable().is_err() => {
                        clean("rollup", &rolled.check_storable().unwrap_err(), MERGE_ERRORS)?;
                        let _ = m;
                    }
                    (Ok(()), Ok(m)) => {
                        if rolled != m {
                            return Err(format!(
                                "combine_stored and merge differ: {} vs {}",
                                short(&rolled),
                                short(&m)
                            ));
                        }
                        any = Some(stored_round_trip(&rolled).map_err(|e| format!("a rollup wrote a value that {e}"))?);
                    }
                    (Err(e), Err(_)) => {
                        let kinds = if decoded.is_ok() { MERGE_ERRORS } else { STORED_ERRORS };
                        clean("rollup", &e, kinds)?;
                    }
                    (s, m) => {
                        return Err(format!(
                            "combine_stored {:?} but decode and merge {:?}",
                            s.err(),
                            m.err().map(|e| e.message)
                        ))
                    }
                }
            }
            Ok(any)
        }),
    }
}

fn text_and_stored<T: Fuzzed + TextForm>(name: &str, values: Vec<T>, out: &mut Vec<Target>) {
    out.push(stored_target(name, &values, |v: &T| text_round_trip(v).map(|_| ())));
    out.push(text_target(name, &values));
}

fn d(text: &str) -> Day {
    day::parse(text).expect("a valid seed date")
}

fn usage_seeds() -> Vec<UsageSummary> {
    let mut out = vec![UsageSummary::new()];
    let mut one = UsageSummary::new();
    one.record(d("2024-03-01"), 1.5, Some("login")).unwrap();
    out.push(one);
    let mut daily = UsageSummary::new();
    for i in 0..40 {
        let f = ["login", "export", "search"][i % 3];
        daily.record(d("2024-01-01") + i as Day, 0.1, Some(f)).unwrap();
        daily.record(d("2024-01-01") + i as Day, 1e-17, None).unwrap();
    }
    out.push(daily);
    let mut sparse = UsageSummary::new();
    for (i, day) in
        ["1999-12-31", "2000-02-29", "2024-07-04", "-0044-03-15", "5874897-12-31", "-4713-11-24"].iter().enumerate()
    {
        sparse.record(d(day), 1e300 * i as f64, Some(["é", "\"quoted\"", "a b", ""][i % 4])).unwrap();
    }
    out.push(sparse);
    let mut wide = UsageSummary::new();
    for i in 0..80 {
        wide.record(d("2023-06-01") + 3 * i, 2.0, Some(&format!("feature {i}"))).unwrap();
    }
    out.push(wide);
    // The value of issue 11, Found 1: 27 stored bytes naming every day PostgreSQL has.
    let huge = r#"{"version":1,"events":3000000000,"quantity":1,"days":["-4713-11-24/5874897-12-31"],"features":{"x":{"events":5,"quantity":0.5,"days":["2024-01-01/2024-01-05"]}}}"#;
    out.push(UsageSummary::from_text(huge).unwrap());
    // Counts and sums at their limits: a rollup of two must fail cleanly or read back.
    for edge in [
        r#"{"version":1,"events":18446744073709551615,"quantity":1.7976931348623157e308,"days":["2024-01-01/2024-12-31"]}"#,
        r#"{"version":1,"events":2,"quantity":1.7976931348623157e308,"days":["2024-01-01"],"features":{"a":{"events":1,"quantity":1.7976931348623157e308,"days":["2024-01-01"]}}}"#,
    ] {
        out.push(UsageSummary::from_text(edge).unwrap());
    }
    out
}

fn rfm_seeds() -> Vec<RfmSummary> {
    let mut out = vec![RfmSummary::new()];
    let mut a = RfmSummary::new();
    for (i, day) in ["2024-01-05", "2024-01-05", "2024-02-10", "2023-12-31", "2025-06-30"].iter().enumerate() {
        a.record(d(day), [35.5, 0.1, 1e100, 0.0, 0.3][i]).unwrap();
    }
    out.push(a);
    let mut b = RfmSummary::new();
    for i in 0..30 {
        b.record(d("2020-01-01") + 17 * i, 0.1 * f64::from(i)).unwrap();
    }
    b.record(MIN_DAY, 1.0).unwrap();
    b.record(MAX_DAY, 2.0).unwrap();
    out.push(b);
    for s in &mut out {
        s.compact().unwrap();
    }
    out
}

fn nps_seeds() -> Vec<NpsSummary> {
    let mut out = vec![NpsSummary::new()];
    let mut a = NpsSummary::new();
    for score in [0, 5, 7, 8, 9, 10, 10, 10, 3] {
        a.record(score).unwrap();
    }
    out.push(a);
    out.push(NpsSummary::from_text(r#"{"version":1,"scores":[0,0,0,0,0,0,0,0,0,0,9223372036854775807]}"#).unwrap());
    out
}

fn mrr_seeds() -> Vec<MrrHistory> {
    let mut out = vec![MrrHistory::new()];
    let money = |s: &str| Decimal::parse(s).unwrap();
    let mut a = MrrHistory::new();
    a.add_subscription(d("2024-01-15"), Some(d("2024-06-01")), money("49.90"), 1).unwrap();
    a.add_subscription(d("2024-03-31"), None, money("120"), 12).unwrap();
    out.push(a);
    let mut b = MrrHistory::new();
    b.add_subscription(d("-4713-11-24"), Some(d("5874897-12-31")), money("0.0001"), 1200).unwrap();
    b.add_subscription(d("2000-01-01"), Some(d("2000-01-02")), money("99999999999999.99"), 7).unwrap();
    out.push(b);
    out
}

fn saas_seeds(histories: &[MrrHistory]) -> Vec<SaasSummary> {
    let mut out = vec![SaasSummary::new()];
    let mut all = SaasSummary::new();
    for h in histories {
        let mut one = SaasSummary::new();
        one.add_history(h).unwrap();
        out.push(one);
        all.add_history(h).unwrap();
    }
    out.push(all);
    out
}

fn fit_info_text(extra: &str) -> String {
    format!(
        r#""log_likelihood":-9582.429,"n":2357.0,"distinct":1000,"iterations":17,"converged":true,"penalizer":0.0{extra}"#
    )
}

fn funnel_seeds() -> Vec<FunnelState> {
    let mut out = vec![FunnelState::new()];
    for (window, steps, modes, rows) in [
        (3600i64, 3usize, vec!["strict_order"], vec![(0i64, 1u32), (10, 0), (20, 2), (30, 4)]),
        (0, 1, vec![], vec![(i64::MIN, 1), (i64::MAX, 1)]),
        (86_400_000_000, 32, vec!["strict_once", "strict_increase"], vec![(5, u32::MAX), (5, 3), (-7, 1 << 31)]),
    ] {
        let mut s = FunnelState::new();
        s.set_params(FunnelParams::new(window, steps, Modes::parse(&modes).unwrap()).unwrap()).unwrap();
        for (ts, mask) in rows {
            s.add(ts, mask).unwrap();
        }
        out.push(s);
    }
    out
}

/// Valid points: (x, t_x, T) with t_x <= T, or repeat customers' (x > 0, monetary).
fn points_seeds<const N: usize>() -> Vec<usage_core::cltv::Points<N>> {
    let mut out = vec![usage_core::cltv::Points::new()];
    let mut a = usage_core::cltv::Points::new();
    for i in 0..50u32 {
        let (x, t_x) = (f64::from(1 + i % 7), f64::from(i % 11));
        let values: [f64; N] =
            std::array::from_fn(|c| if N == 2 { [x, 1.0 + t_x][c] } else { [x, t_x, t_x + f64::from(i % 5)][c] });
        a.add(values, if i % 5 == 0 { 2.5 } else { 1.0 });
    }
    out.push(a.clone());
    a.set_penalizer(0.01).unwrap();
    out.push(a);
    out
}

/// Small parsers of arguments, as text.
fn parser_targets(out: &mut Vec<Target>) {
    out.push(Target {
        name: "date text (summary days)".into(),
        text: true,
        seeds: ["2024-02-29", "-4713-11-24", "5874897-12-31", "0000-01-01"].map(|s| s.as_bytes().to_vec()).to_vec(),
        check: Box::new(|bytes| match day::parse(std::str::from_utf8(bytes).unwrap_or("")) {
            Err(e) => clean("date", &e, TEXT_ERRORS).map(|_| None),
            Ok(v) if day::parse(&day::format(v)) != Ok(v) => Err(format!("date {v} does not round-trip")),
            Ok(_) => Ok(Some(Vec::new())),
        }),
    });
    out.push(Target {
        name: "money amount text".into(),
        text: true,
        seeds: ["49.90", "-12.3400", "0", "99999999999999999999999999999999999999"]
            .map(|s| s.as_bytes().to_vec())
            .to_vec(),
        check: Box::new(|bytes| match Decimal::parse(std::str::from_utf8(bytes).unwrap_or("")) {
            Err(e) => clean(
                "amount",
                &e,
                &[
                    ErrorKind::InvalidText,
                    ErrorKind::InvalidData,
                    ErrorKind::InvalidParameter,
                    ErrorKind::NumericOutOfRange,
                ],
            )
            .map(|_| None),
            Ok(v) if Decimal::parse(&v.format()) != Ok(v) => Err(format!("amount {v:?} does not round-trip")),
            Ok(_) => Ok(Some(Vec::new())),
        }),
    });
    out.push(Target {
        name: "numeric binary (money fast path)".into(),
        text: false,
        // 49.90 in long form (weight 0, dscale 2: digits 49, 9000) and 123 in short form.
        seeds: vec![
            [0x02u16, 0x0000, 0x0000, 49, 9000].iter().flat_map(|v| v.to_ne_bytes()).collect(),
            [0x8000u16, 123].iter().flat_map(|v| v.to_ne_bytes()).collect(),
        ],
        check: Box::new(|bytes| match money::decimal_from_numeric_bytes(bytes) {
            Some(v) if Decimal::parse(&v.format()) != Ok(v) => Err(format!("numeric {v:?} does not round-trip")),
            v => Ok(v.map(|_| Vec::new())),
        }),
    });
    out.push(Target {
        name: "period text".into(),
        text: true,
        seeds: vec![b"month".to_vec(), b" Week ".to_vec()],
        check: Box::new(|bytes| match Period::parse(std::str::from_utf8(bytes).unwrap_or("")) {
            Err(e) => clean("period", &e, &[ErrorKind::InvalidParameter]).map(|_| None),
            Ok(p) => (Period::parse(p.name()) == Ok(p))
                .then_some(Some(Vec::new()))
                .ok_or_else(|| format!("{p:?} does not round-trip")),
        }),
    });
}

/// Every target, with its seeds.
pub fn all() -> Vec<Target> {
    let mut out = Vec::new();
    let usage = usage_seeds();
    text_and_stored("usage_summary", usage.clone(), &mut out);
    out.push(rollup_target("usage_summary", &usage));
    out.push(Target {
        name: "usage_summary totals (accessors' decoder)".into(),
        text: false,
        seeds: usage.iter().map(Versioned::to_bytes).collect(),
        check: Box::new(|bytes| match (UsageTotals::from_bytes(bytes), UsageSummary::from_bytes(bytes)) {
            (Err(e), _) => clean("totals", &e, STORED_ERRORS).map(|_| None),
            (Ok(t), Ok(full)) => {
                let of = UsageTotals::of(&full);
                if t.summary != of.summary || t.feature_breadth != of.feature_breadth {
                    return Err(format!("totals {} differ from the full decoder's {}", short(&t), short(&of)));
                }
                t.summary.probe();
                Ok(Some(full.to_bytes()))
            }
            (Ok(t), Err(_)) => {
                // Accessors read the totals only: they must be a valid summary.
                stored_round_trip(&t.summary).map_err(|e| format!("totals of a corrupt value: {e}"))?;
                t.summary.probe();
                Ok(Some(Vec::new()))
            }
        }),
    });
    let rfm = rfm_seeds();
    text_and_stored("rfm_summary", rfm.clone(), &mut out);
    out.push(rollup_target("rfm_summary", &rfm));
    let nps = nps_seeds();
    text_and_stored("nps_summary", nps.clone(), &mut out);
    out.push(rollup_target("nps_summary", &nps));
    let mrr = mrr_seeds();
    let saas = saas_seeds(&mrr);
    text_and_stored("mrr_history", mrr.clone(), &mut out);
    out.push(rollup_target("mrr_history", &mrr));
    text_and_stored("saas_summary", saas.clone(), &mut out);
    out.push(rollup_target("saas_summary", &saas));
    let info = fit_info_text("");
    text_and_stored(
        "bgnbd_model",
        vec![
            BgNbdModel::with_params(0.243, 4.414, 0.793, 2.426).unwrap(),
            BgNbdModel::from_text(&format!(r#"{{"r":1e-300,"alpha":1e300,"a":5e-324,"b":1.0,{info}}}"#)).unwrap(),
        ],
        &mut out,
    );
    text_and_stored(
        "pareto_nbd_model",
        vec![
            ParetoNbdModel::with_params(0.553, 10.58, 0.606, 11.67).unwrap(),
            ParetoNbdModel::from_text(&format!(r#"{{"r":2.0,"alpha":3.0,"s":4.0,"beta":5.0,{info}}}"#)).unwrap(),
        ],
        &mut out,
    );
    text_and_stored(
        "gamma_gamma_model",
        vec![
            GammaGammaModel::with_params(6.25, 3.74, 15.44).unwrap(),
            GammaGammaModel::from_text(&format!(r#"{{"p":1.0,"q":1.0,"v":1.0,{info}}}"#)).unwrap(),
        ],
        &mut out,
    );
    out.push(stored_target("window_funnel state", &funnel_seeds(), |_| Ok(())));
    // The fit inputs: stored types (and the fits' parallel states).
    let triples = points_seeds::<3>();
    text_and_stored("purchase_points", triples.clone(), &mut out);
    out.push(rollup_target("purchase_points", &triples));
    let pairs = points_seeds::<2>();
    text_and_stored("spend_points", pairs.clone(), &mut out);
    out.push(rollup_target("spend_points", &pairs));
    parser_targets(&mut out);
    out
}
