//! RFM summaries and purchase patterns.
//!
//! An [`RfmSummary`] keeps, per purchase day, the number of orders and the exact
//! sum of their amounts. That is enough for recency / frequency / monetary
//! accessors and for the BTYD inputs of the `lifetimes` package
//! (`summary_data_from_transaction_data`) for day, week and month periods, since
//! every period is a union of whole days.
//!
//! Amounts are float8 summed exactly ([`ExactSum`]): a day's total is kept as a
//! canonical expansion (the correctly rounded sum, then the exact remainder), so
//! serial scans, parallel workers and rollups give bit-identical summaries and
//! results, whatever the order of rows.

use std::borrow::Cow;

use serde_json::{json, Value};

use crate::codec::{Reader, Versioned, Writer};
use crate::day::{self, Day, Period};
use crate::error::check_measure;
use crate::exact_sum::ExactSum;
use crate::{Error, ErrorKind, Result};

/// Amounts above this are rejected so that no sum of them can overflow a float8.
pub const MAX_AMOUNT: f64 = 1e100;

/// Most orders a summary holds in all (bigint's limit): every count a reader
/// returns, `purchase_count` included, is then exact.
pub const MAX_ORDERS: u64 = i64::MAX as u64;

/// A canonical exact sum: one float (the common case) or its expansion.
#[derive(Debug, Clone, PartialEq)]
enum Amount {
    One(f64),
    Many(Box<ExactSum>),
}

impl Amount {
    #[inline]
    fn add(&mut self, x: f64) {
        match self {
            Amount::One(a) => {
                let (a0, b0) = if a.abs() < x.abs() { (x, *a) } else { (*a, x) };
                let hi = a0 + b0;
                let lo = b0 - (hi - a0);
                if lo == 0.0 {
                    *a = hi;
                } else {
                    let mut s = ExactSum::new();
                    s.add(*a);
                    s.add(x);
                    *self = Amount::Many(Box::new(s));
                }
            }
            Amount::Many(s) => s.add(x),
        }
    }

    fn partials(&self) -> &[f64] {
        match self {
            Amount::One(a) => std::slice::from_ref(a),
            Amount::Many(s) => s.partials(),
        }
    }

    fn merge(&mut self, other: &Amount) {
        for &p in other.partials() {
            self.add(p);
        }
    }

    fn add_to(&self, sum: &mut ExactSum) {
        for &p in self.partials() {
            sum.add(p);
        }
    }

    fn value(&self) -> Result<f64> {
        match self {
            Amount::One(a) => Ok(*a),
            Amount::Many(s) => s.value(),
        }
    }

    /// The unique representation of the exact value: the correctly rounded sum,
    /// then the correctly rounded remainder, and so on (stored smallest first).
    fn canonical(&self) -> Result<Amount> {
        let Amount::Many(s) = self else {
            return Ok(Amount::One(self.partials()[0] + 0.0)); // + 0.0 turns -0.0 into 0.0
        };
        let parts = s.canonical_partials()?;
        match *parts {
            [] => Ok(Amount::One(0.0)),
            [one] => Ok(Amount::One(one)),
            _ => Ok(Amount::Many(Box::new(ExactSum::from_partials(&parts)?))),
        }
    }

    fn from_partials(parts: &[f64]) -> Result<Amount> {
        let mut a = Amount::One(0.0);
        for &p in parts {
            if !p.is_finite() {
                return Err(Error::corrupted("a stored amount is not finite"));
            }
            a.add(p);
        }
        a.canonical()
    }
}

/// Orders and amount of one purchase day.
#[derive(Debug, Clone, PartialEq)]
struct DayTotal {
    day: Day,
    orders: u64,
    amount: Amount,
}

/// Purchases of one customer (or any group): per day, orders and exact amount.
///
/// Rows are appended unsorted and folded into sorted, one-per-day entries from
/// time to time (`compact`), so building is O(n log n) whatever the row order.
#[derive(Debug, Clone, Default)]
pub struct RfmSummary {
    entries: Vec<DayTotal>,
    /// `entries[..clean]` is sorted, one entry per day, amounts canonical.
    clean: usize,
    /// Orders of all entries, at most [`MAX_ORDERS`] (checked when they are added,
    /// so no fold or reader can overflow later).
    orders: u64,
}

impl PartialEq for RfmSummary {
    fn eq(&self, other: &Self) -> bool {
        match (self.days(), other.days()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

/// The BTYD inputs of one customer, in periods of the chosen period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Btyd {
    /// Repeat purchase periods: distinct purchase periods - 1.
    pub frequency: i64,
    /// Periods from the first to the last purchase period.
    pub recency: i64,
    /// Periods from the first purchase period to the period of `as_of` (lifetimes' T).
    pub age: i64,
    /// Mean value of the repeat purchase periods (0 without repeats).
    pub monetary: f64,
}

/// A customer's calibration and holdout inputs, as lifetimes'
/// `calibration_and_holdout_data` computes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// frequency_cal, recency_cal, T_cal and monetary_value_cal: the BTYD inputs as
    /// of the end of the calibration period.
    pub cal: Btyd,
    /// Distinct purchase periods among the purchases after the calibration end, up
    /// to the observation end.
    pub frequency_holdout: i64,
    /// Mean amount of those purchases (orders, not periods, as lifetimes); 0 without any.
    pub monetary_holdout: f64,
    /// Periods from the calibration end's period to the observation end's.
    pub duration_holdout: i64,
}

/// Thresholds of [`RfmSummary::buyer_type`].
#[derive(Debug, Clone, Copy)]
pub struct BuyerThresholds {
    /// Purchase days within the window that make a buyer `frequent`.
    pub frequent_min_days: i32,
    /// The window, in days ending at `as_of` (inclusive).
    pub window_days: i32,
}

impl Default for BuyerThresholds {
    fn default() -> Self {
        BuyerThresholds { frequent_min_days: 4, window_days: 365 }
    }
}

fn text_error(message: impl Into<String>) -> Error {
    Error::invalid_text(
        message,
        "rfm_summary text looks like {\"version\":1,\"days\":[[\"2024-01-05\",2,35.5]]} (day, orders, amount); produce it with rfm_agg().",
    )
}

impl RfmSummary {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one order. The amount must be finite, non-negative and at most [`MAX_AMOUNT`].
    #[inline]
    pub fn record(&mut self, day: Day, amount: f64) -> Result<()> {
        check_measure("amount", amount)?;
        if amount > MAX_AMOUNT {
            return Err(Error::new(
                ErrorKind::NumericOutOfRange,
                format!("amount {amount:e} is out of range"),
                "Amounts up to 1e100 are accepted; scale the values down (e.g. to thousands).",
            ));
        }
        self.orders = add_orders(self.orders, 1)?;
        self.entries.push(DayTotal { day, orders: 1, amount: Amount::One(amount + 0.0) });
        self.maybe_compact()
    }

    /// Adds another summary (parallel combine and rollup); more than [`MAX_ORDERS`]
    /// orders in all is 22003, and leaves this summary as it was.
    pub fn merge(&mut self, other: &RfmSummary) -> Result<()> {
        self.orders = add_orders(self.orders, other.orders)?;
        self.entries.extend_from_slice(&other.entries);
        self.maybe_compact()
    }

    #[inline]
    fn maybe_compact(&mut self) -> Result<()> {
        if self.entries.len() - self.clean > self.clean.max(256) {
            self.compact()?;
        }
        Ok(())
    }

    /// Sorts and folds the entries into one canonical entry per day.
    pub fn compact(&mut self) -> Result<()> {
        if self.clean == self.entries.len() {
            return Ok(());
        }
        self.entries = Self::fold(std::mem::take(&mut self.entries))?;
        self.clean = self.entries.len();
        Ok(())
    }

    fn fold(mut entries: Vec<DayTotal>) -> Result<Vec<DayTotal>> {
        entries.sort_by_key(|e| e.day);
        let mut out: Vec<DayTotal> = Vec::with_capacity(entries.len());
        for e in entries {
            match out.last_mut() {
                Some(last) if last.day == e.day => {
                    last.orders = last.orders.checked_add(e.orders).ok_or_else(|| {
                        Error::new(ErrorKind::NumericOutOfRange, "order count out of range", "Split the group.")
                    })?;
                    last.amount.merge(&e.amount);
                }
                _ => out.push(e),
            }
        }
        for e in &mut out {
            if matches!(e.amount, Amount::Many(_)) {
                e.amount = e.amount.canonical()?;
            }
        }
        Ok(out)
    }

    fn days(&self) -> Result<Cow<'_, [DayTotal]>> {
        if self.clean == self.entries.len() {
            Ok(Cow::Borrowed(&self.entries))
        } else {
            Ok(Cow::Owned(Self::fold(self.entries.clone())?))
        }
    }

    /// Entries on or before `as_of` (all when `None`).
    fn upto(days: &[DayTotal], as_of: Option<Day>) -> &[DayTotal] {
        match as_of {
            None => days,
            Some(a) => &days[..days.partition_point(|e| e.day <= a)],
        }
    }

    /// Number of orders (on or before `as_of` when given).
    pub fn purchase_count(&self, as_of: Option<Day>) -> Result<u64> {
        let days = self.days()?;
        Ok(Self::upto(&days, as_of).iter().map(|e| e.orders).sum())
    }

    /// Exact total amount (on or before `as_of` when given).
    pub fn monetary_total(&self, as_of: Option<Day>) -> Result<f64> {
        let days = self.days()?;
        let mut sum = ExactSum::new();
        Self::upto(&days, as_of).iter().for_each(|e| e.amount.add_to(&mut sum));
        sum.value()
    }

    /// Mean amount per order; `None` without orders.
    pub fn monetary_mean(&self, as_of: Option<Day>) -> Result<Option<f64>> {
        let n = self.purchase_count(as_of)?;
        if n == 0 {
            return Ok(None);
        }
        Ok(Some(self.monetary_total(as_of)? / n as f64))
    }

    /// Number of distinct purchase days (on or before `as_of` when given).
    pub fn purchase_days(&self, as_of: Option<Day>) -> Result<u64> {
        Ok(Self::upto(&self.days()?, as_of).len() as u64)
    }

    pub fn first_purchase(&self) -> Result<Option<Day>> {
        Ok(self.days()?.first().map(|e| e.day))
    }

    pub fn last_purchase(&self) -> Result<Option<Day>> {
        Ok(self.days()?.last().map(|e| e.day))
    }

    /// Days from the last purchase on or before `as_of` to `as_of`; `None` without one.
    pub fn recency_days(&self, as_of: Day) -> Result<Option<i64>> {
        let days = self.days()?;
        Ok(Self::upto(&days, Some(as_of)).last().map(|e| i64::from(as_of) - i64::from(e.day)))
    }

    /// BTYD inputs as lifetimes' `summary_data_from_transaction_data` computes them
    /// from the purchases on or before `as_of`, with `observation_period_end = as_of`:
    /// purchases in the same period collapse into one (amounts summed); frequency =
    /// distinct periods - 1; recency = last - first period; age (T) = period of
    /// `as_of` - first period; monetary = mean of the repeat periods' amounts (0
    /// without repeats). `None` when there was no purchase on or before `as_of`.
    pub fn btyd(&self, as_of: Day, period: Period) -> Result<Option<Btyd>> {
        let days = self.days()?;
        let days = Self::upto(&days, Some(as_of));
        let Some(first) = days.first() else { return Ok(None) };
        let first_p = period.ordinal(first.day);
        let mut periods = 1i64;
        let mut current = first_p;
        let mut repeat = ExactSum::new();
        for e in days {
            let p = period.ordinal(e.day);
            if p != current {
                periods += 1;
                current = p;
            }
            if p != first_p {
                e.amount.add_to(&mut repeat);
            }
        }
        let frequency = periods - 1;
        let monetary = if frequency == 0 { 0.0 } else { repeat.value()? / frequency as f64 };
        Ok(Some(Btyd { frequency, recency: current - first_p, age: period.ordinal(as_of) - first_p, monetary }))
    }

    /// Calibration and holdout inputs as lifetimes' `calibration_and_holdout_data`
    /// with `calibration_period_end = cal_end`, `observation_period_end = obs_end`:
    /// the BTYD inputs of the purchases on or before `cal_end` as of `cal_end`
    /// ([`RfmSummary::btyd`]), and of the purchases in (`cal_end`, `obs_end`] the
    /// number of distinct periods and the mean order amount. `None` when there was
    /// no purchase on or before `cal_end` (lifetimes leaves such customers out).
    pub fn calibration(&self, cal_end: Day, obs_end: Day, period: Period) -> Result<Option<Calibration>> {
        if obs_end < cal_end {
            return Err(Error::invalid_parameter(
                format!(
                    "observation_end ({}) must not be before calibration_end ({})",
                    day::pg_text(obs_end),
                    day::pg_text(cal_end)
                ),
                "The holdout period runs from the day after calibration_end to observation_end.",
            ));
        }
        let Some(cal) = self.btyd(cal_end, period)? else { return Ok(None) };
        let days = self.days()?;
        let holdout = &Self::upto(&days, Some(obs_end))[Self::upto(&days, Some(cal_end)).len()..];
        let (mut periods, mut last, mut orders, mut total) = (0i64, None, 0u64, ExactSum::new());
        for e in holdout {
            let p = period.ordinal(e.day);
            if last != Some(p) {
                periods += 1;
                last = Some(p);
            }
            orders += e.orders;
            e.amount.add_to(&mut total);
        }
        let monetary_holdout = if orders == 0 { 0.0 } else { total.value()? / orders as f64 };
        Ok(Some(Calibration {
            cal,
            frequency_holdout: periods,
            monetary_holdout,
            duration_holdout: period.ordinal(obs_end) - period.ordinal(cal_end),
        }))
    }

    /// one_time (a single purchase day up to `as_of`), frequent (at least
    /// `frequent_min_days` purchase days in the `window_days` days ending at
    /// `as_of`) or occasional (every other repeat buyer); `None` before the first purchase.
    pub fn buyer_type(&self, as_of: Day, t: &BuyerThresholds) -> Result<Option<&'static str>> {
        let hint = "Defaults: frequent_min_days 4 purchase days within window_days 365.";
        if t.frequent_min_days < 2 {
            return Err(Error::invalid_parameter(
                format!("frequent_min_days must be at least 2, got {}", t.frequent_min_days),
                hint,
            ));
        }
        if t.window_days < 1 {
            return Err(Error::invalid_parameter(format!("window_days must be positive, got {}", t.window_days), hint));
        }
        let days = self.days()?;
        let days = Self::upto(&days, Some(as_of));
        if days.is_empty() {
            return Ok(None);
        }
        if days.len() == 1 {
            return Ok(Some("one_time"));
        }
        let from = i64::from(as_of) - i64::from(t.window_days) + 1;
        let recent = days.iter().filter(|e| i64::from(e.day) >= from).count();
        Ok(Some(if recent >= t.frequent_min_days as usize { "frequent" } else { "occasional" }))
    }

    /// Checks decoded entries: strictly ascending days, amounts >= 0 and bounded.
    fn from_entries(entries: Vec<DayTotal>) -> Result<Self> {
        if entries.windows(2).any(|w| w[0].day >= w[1].day) {
            return Err(Error::corrupted("rfm_summary days must be strictly ascending"));
        }
        for e in &entries {
            let v = e.amount.value()?;
            if !(0.0..=MAX_AMOUNT * e.orders as f64).contains(&v) {
                return Err(Error::corrupted(format!("rfm_summary amount {v} out of range for {} orders", e.orders)));
            }
            if e.orders == 0 {
                return Err(Error::corrupted("rfm_summary day without orders"));
            }
        }
        let orders = entries.iter().try_fold(0, |total, e| add_orders(total, e.orders))?;
        let clean = entries.len();
        Ok(RfmSummary { entries, clean, orders })
    }
}

impl crate::codec::JsonView for RfmSummary {
    /// `{"days": [{"day", "orders", "amount"}, ..]}`, each amount its rounded exact sum.
    fn json_view(&self) -> Value {
        // Folding only fails when an amount sum overflows, which MAX_AMOUNT rules out.
        let days = self.days().unwrap_or(Cow::Borrowed(&[]));
        let items = days
            .iter()
            .map(|e| json!({ "day": day::format(e.day), "orders": e.orders, "amount": e.amount.value().ok() }));
        json!({ "days": items.collect::<Vec<_>>() })
    }
}

/// `total + n` orders, at most [`MAX_ORDERS`].
fn add_orders(total: u64, n: u64) -> Result<u64> {
    total.checked_add(n).filter(|&t| t <= MAX_ORDERS).ok_or_else(|| {
        Error::new(
            ErrorKind::NumericOutOfRange,
            "an rfm_summary cannot hold more than 9223372036854775807 orders",
            "Roll up fewer summaries at a time; counts this large come from corrupted or hand-written values.",
        )
    })
}

impl crate::codec::TextForm for RfmSummary {
    /// The text form: JSON that round-trips exactly through [`RfmSummary::from_text`].
    fn to_text(&self) -> String {
        // Folding only fails when an amount sum overflows, which MAX_AMOUNT rules out.
        let days = self.days().unwrap_or(Cow::Borrowed(&[]));
        let items: Vec<Value> = days
            .iter()
            .map(|e| {
                let amount = match &e.amount {
                    Amount::One(a) => json!(a),
                    Amount::Many(s) => json!(s.partials()),
                };
                json!([day::format(e.day), e.orders, amount])
            })
            .collect();
        json!({ "version": <Self as Versioned>::VERSION, "days": items }).to_string()
    }

    fn from_text(text: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| text_error(format!("invalid input syntax for type rfm_summary: {e}")))?;
        let obj = value.as_object().ok_or_else(|| text_error("rfm_summary text must be a JSON object"))?;
        for k in obj.keys() {
            if !matches!(k.as_str(), "version" | "days") {
                return Err(text_error(format!("unknown key \"{k}\" in rfm_summary")));
            }
        }
        match obj.get("version").and_then(Value::as_u64) {
            Some(v) if v >= 1 && v <= u64::from(<Self as Versioned>::VERSION) => {}
            _ => return Err(text_error("rfm_summary text needs \"version\": 1")),
        }
        let items = obj
            .get("days")
            .and_then(Value::as_array)
            .ok_or_else(|| text_error("rfm_summary needs \"days\", an array of [day, orders, amount]"))?;
        let mut entries = Vec::with_capacity(items.len());
        for item in items {
            let bad = || text_error(format!("bad day entry {item}: expected [\"YYYY-MM-DD\", orders >= 1, amount]"));
            let parts = item.as_array().filter(|a| a.len() == 3).ok_or_else(bad)?;
            let day = day::parse_date(parts[0].as_str().ok_or_else(bad)?)?;
            let orders = parts[1].as_u64().filter(|&n| n >= 1).ok_or_else(bad)?;
            let partials: Vec<f64> = match &parts[2] {
                Value::Number(n) => vec![n.as_f64().ok_or_else(bad)?],
                Value::Array(a) if !a.is_empty() => {
                    a.iter().map(|v| v.as_f64().ok_or_else(bad)).collect::<Result<_>>()?
                }
                _ => return Err(bad()),
            };
            let amount = Amount::from_partials(&partials).map_err(|_| bad())?;
            entries.push(DayTotal { day, orders, amount });
        }
        Self::from_entries(entries).map_err(|e| text_error(e.message))
    }
}

impl crate::codec::Summary for RfmSummary {
    fn combine(&mut self, other: &Self) -> Result<()> {
        self.merge(other)
    }
}

impl Versioned for RfmSummary {
    const TYPE_NAME: &'static str = "rfm_summary";
    const VERSION: u8 = 1;

    /// Writes the compacted form; call [`RfmSummary::compact`] first (the SQL layer
    /// always does), otherwise the pending rows are folded into a copy.
    fn encode_body(&self, w: &mut Writer) {
        let owned;
        let days: &[DayTotal] = if self.clean == self.entries.len() {
            &self.entries
        } else {
            // Folding only fails when an amount sum overflows, which MAX_AMOUNT rules out.
            owned = Self::fold(self.entries.clone()).unwrap_or_default();
            &owned
        };
        w.varint(days.len() as u64);
        let mut previous: i64 = 0;
        for (i, e) in days.iter().enumerate() {
            if i == 0 {
                w.signed(i64::from(e.day));
            } else {
                w.varint((i64::from(e.day) - previous) as u64);
            }
            previous = i64::from(e.day);
            w.varint(e.orders);
            let parts = e.amount.partials();
            w.varint(parts.len() as u64);
            parts.iter().for_each(|&p| w.f64(p));
        }
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let n = r.len()?;
        let mut entries = Vec::with_capacity(n);
        let mut previous: i64 = 0;
        for i in 0..n {
            let d = if i == 0 {
                r.signed()?
            } else {
                let gap = r.varint()?;
                if gap == 0 {
                    return Err(Error::corrupted("rfm_summary days repeat"));
                }
                previous
                    .checked_add(i64::try_from(gap).map_err(|_| Error::corrupted("day out of range"))?)
                    .ok_or_else(|| Error::corrupted("day out of range"))?
            };
            let day = Day::try_from(d)
                .ok()
                .filter(|d| (day::MIN_DAY..=day::MAX_DAY).contains(d))
                .ok_or_else(|| Error::corrupted("day out of range"))?;
            previous = d;
            let orders = r.varint()?;
            let k = r.len()?;
            if k == 0 {
                return Err(Error::corrupted("rfm_summary amount without partials"));
            }
            let amount = if k == 1 {
                // The common case, without a temporary vector.
                let v = r.f64()?;
                if !v.is_finite() {
                    return Err(Error::corrupted("a stored amount is not finite"));
                }
                Amount::One(v + 0.0)
            } else {
                let parts = (0..k).map(|_| r.f64()).collect::<Result<Vec<_>>>()?;
                Amount::from_partials(&parts)?
            };
            entries.push(DayTotal { day, orders, amount });
        }
        Self::from_entries(entries)
    }
}

/// The eleven RFM segments, in the priority order [`rfm_segment`] applies them.
pub const SEGMENTS: [&str; 11] = [
    "champions",
    "cant_lose",
    "lost",
    "at_risk",
    "hibernating",
    "new",
    "promising",
    "loyal",
    "potential_loyalist",
    "need_attention",
    "about_to_sleep",
];

/// Maps recency, frequency and monetary scores (1..=5, 5 = best: most recent,
/// most frequent, highest spend) to a named segment. Rules are tried in order;
/// the first match wins, and every one of the 125 cells matches some rule:
///
/// 1. champions:          r >= 4, f >= 4, m >= 4
/// 2. cant_lose:          r = 1,  f >= 4, m >= 4
/// 3. lost:               r = 1,  f <= 2, m <= 2
/// 4. at_risk:            r <= 2, f >= 2, m >= 2
/// 5. hibernating:        r <= 2 (the rest of r 1-2)
/// 6. new:                r = 5,  f = 1
/// 7. promising:          r 3-4,  f = 1
/// 8. loyal:              f >= 3, m >= 3 (r 3-5)
/// 9. potential_loyalist: r >= 4 (the rest of r 4-5)
/// 10. need_attention:    r = 3,  f >= 2, m >= 2
/// 11. about_to_sleep:    r = 3 (the rest: f >= 2, m = 1)
pub fn rfm_segment(r: i32, f: i32, m: i32) -> Result<&'static str> {
    for (name, v) in [("r", r), ("f", f), ("m", m)] {
        if !(1..=5).contains(&v) {
            return Err(Error::invalid_parameter(
                format!("RFM score {name} must be between 1 and 5, got {v}"),
                "Compute scores with ntile(5), 5 = best, e.g. ntile(5) OVER (ORDER BY recency_days DESC) for r.",
            ));
        }
    }
    Ok(if r >= 4 && f >= 4 && m >= 4 {
        "champions"
    } else if r == 1 && f >= 4 && m >= 4 {
        "cant_lose"
    } else if r == 1 && f <= 2 && m <= 2 {
        "lost"
    } else if r <= 2 && f >= 2 && m >= 2 {
        "at_risk"
    } else if r <= 2 {
        "hibernating"
    } else if r == 5 && f == 1 {
        "new"
    } else if f == 1 {
        "promising"
    } else if f >= 3 && m >= 3 {
        "loyal"
    } else if r >= 4 {
        "potential_loyalist"
    } else if m >= 2 {
        "need_attention"
    } else {
        "about_to_sleep"
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::TextForm;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn d(s: &str) -> Day {
        day::parse(s).unwrap()
    }

    fn summarize(rows: &[(Day, f64)]) -> RfmSummary {
        let mut s = RfmSummary::new();
        for &(day, a) in rows {
            s.record(day, a).unwrap();
        }
        s.compact().unwrap();
        s
    }

    #[test]
    fn calibration_and_holdout_as_lifetimes() {
        let a = summarize(&[
            (d("2024-01-01"), 10.0),
            (d("2024-01-01"), 5.0),
            (d("2024-01-03"), 20.0),
            (d("2024-01-09"), 7.5),
            (d("2024-02-15"), 12.25),
            (d("2024-03-31"), 30.0),
            (d("2024-04-02"), 99.0),
        ]);
        let c = a.calibration(d("2024-01-31"), d("2024-03-31"), Period::Day).unwrap().unwrap();
        assert_eq!(c.cal, Btyd { frequency: 2, recency: 8, age: 30, monetary: 13.75 });
        // Holdout 02-15 and 03-31 (04-02 is after the observation end); 29 + 31 days.
        assert_eq!((c.frequency_holdout, c.monetary_holdout, c.duration_holdout), (2, 21.125, 60));
        let w = a.calibration(d("2024-01-31"), d("2024-03-31"), Period::Week).unwrap().unwrap();
        assert_eq!((w.frequency_holdout, w.duration_holdout), (2, 8));
        // A holdout purchase in the calibration end's own week counts as a holdout
        // period (lifetimes groups the holdout transactions by period on their own).
        let b = summarize(&[(d("2024-01-01"), 1.0), (d("2024-01-03"), 4.0), (d("2024-01-03"), 2.0)]);
        let w = b.calibration(d("2024-01-02"), d("2024-01-07"), Period::Week).unwrap().unwrap();
        assert_eq!((w.cal.frequency, w.frequency_holdout, w.monetary_holdout, w.duration_holdout), (0, 1, 3.0, 0));
        // No purchase by the calibration end: left out; no holdout purchase: zeros.
        assert_eq!(b.calibration(d("2023-12-31"), d("2024-01-07"), Period::Day).unwrap(), None);
        let none = b.calibration(d("2024-01-03"), d("2024-01-03"), Period::Day).unwrap().unwrap();
        assert_eq!((none.frequency_holdout, none.monetary_holdout, none.duration_holdout), (0, 0.0, 0));
        assert!(b.calibration(d("2024-01-03"), d("2024-01-02"), Period::Day).is_err());
        // Dates in messages as PostgreSQL prints them (no astronomical years).
        let e = b.calibration(d("2024-01-03"), day::from_ymd(-4712, 11, 24), Period::Day).unwrap_err();
        assert!(e.message.contains("(4713-11-24 BC)"), "{}", e.message);
    }

    /// The transactions of the lifetimes reference check (see
    /// tests/pg_regress/sql/rfm_btyd.sql for the values lifetimes 0.11.3 printed).
    fn reference_rows() -> Vec<(&'static str, &'static str, f64)> {
        vec![
            ("a", "2024-01-01", 10.0),
            ("a", "2024-01-01", 5.0),
            ("a", "2024-01-03", 20.0),
            ("a", "2024-01-09", 7.5),
            ("a", "2024-02-15", 12.25),
            ("a", "2024-03-31", 30.0),
            ("b", "2024-02-29", 100.0),
            ("c", "2024-01-31", 1.0),
            ("c", "2024-02-01", 2.0),
            ("c", "2024-02-05", 4.0),
            ("c", "2024-04-10", 8.0),
        ]
    }

    #[test]
    fn btyd_matches_hand_computation() {
        let by: BTreeMap<&str, RfmSummary> = reference_rows().into_iter().fold(BTreeMap::new(), |mut m, (c, t, a)| {
            m.entry(c).or_default().record(d(t), a).unwrap();
            m
        });
        let as_of = d("2024-03-31");
        let a = &by["a"];
        // Days: 01-01 (15), 01-03 (20), 01-09 (7.5), 02-15 (12.25), 03-31 (30).
        assert_eq!(
            a.btyd(as_of, Period::Day).unwrap().unwrap(),
            Btyd { frequency: 4, recency: 90, age: 90, monetary: (20.0 + 7.5 + 12.25 + 30.0) / 4.0 }
        );
        // ISO weeks: 01-01 and 01-03 share the week of Monday 2024-01-01; 01-09 is the next week;
        // 02-15 the week of 02-12; 03-31 (a Sunday) the week of 03-25: weeks 0, 1, 6, 12.
        assert_eq!(
            a.btyd(as_of, Period::Week).unwrap().unwrap(),
            Btyd { frequency: 3, recency: 12, age: 12, monetary: (7.5 + 12.25 + 30.0) / 3.0 }
        );
        assert_eq!(
            a.btyd(as_of, Period::Month).unwrap().unwrap(),
            Btyd { frequency: 2, recency: 2, age: 2, monetary: (12.25 + 30.0) / 2.0 }
        );
        let b = &by["b"];
        assert_eq!(
            b.btyd(as_of, Period::Day).unwrap().unwrap(),
            Btyd { frequency: 0, recency: 0, age: 31, monetary: 0.0 }
        );
        let c = &by["c"];
        // 04-10 is after as_of and ignored.
        assert_eq!(
            c.btyd(as_of, Period::Day).unwrap().unwrap(),
            Btyd { frequency: 2, recency: 5, age: 60, monetary: 3.0 }
        );
        assert_eq!(
            c.btyd(as_of, Period::Month).unwrap().unwrap(),
            Btyd { frequency: 1, recency: 1, age: 2, monetary: 6.0 }
        );
        assert_eq!(c.btyd(d("2024-01-30"), Period::Day).unwrap(), None);
        assert_eq!(a.purchase_count(None).unwrap(), 6);
        assert_eq!(a.purchase_count(Some(d("2024-01-03"))).unwrap(), 3);
        assert_eq!(a.monetary_total(None).unwrap(), 84.75);
        assert_eq!(a.monetary_mean(None).unwrap(), Some(84.75 / 6.0));
        assert_eq!(a.recency_days(d("2024-03-01")).unwrap(), Some(15));
        assert_eq!(a.recency_days(d("2023-12-31")).unwrap(), None);
        assert_eq!(a.purchase_days(None).unwrap(), 5);
    }

    #[test]
    fn buyer_types() {
        let t = BuyerThresholds::default();
        let as_of = d("2024-12-31");
        assert_eq!(
            summarize(&[(d("2024-05-01"), 1.0), (d("2024-05-01"), 1.0)]).buyer_type(as_of, &t).unwrap(),
            Some("one_time")
        );
        let four: Vec<_> = (0..4).map(|i| (as_of - 30 * i, 1.0)).collect();
        assert_eq!(summarize(&four).buyer_type(as_of, &t).unwrap(), Some("frequent"));
        let old: Vec<_> = (0..4).map(|i| (as_of - 400 - i, 1.0)).collect();
        assert_eq!(summarize(&old).buyer_type(as_of, &t).unwrap(), Some("occasional"));
        assert_eq!(summarize(&old).buyer_type(d("2020-01-01"), &t).unwrap(), None);
        assert!(summarize(&old).buyer_type(as_of, &BuyerThresholds { frequent_min_days: 1, window_days: 10 }).is_err());
    }

    #[test]
    fn segments_cover_every_cell_and_reach_every_segment() {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for r in 1..=5 {
            for f in 1..=5 {
                for m in 1..=5 {
                    *seen.entry(rfm_segment(r, f, m).unwrap()).or_default() += 1;
                }
            }
        }
        assert_eq!(seen.values().sum::<usize>(), 125);
        assert_eq!(seen.len(), 11);
        for s in SEGMENTS {
            assert!(seen.contains_key(s), "{s} unreachable");
        }
        assert_eq!(rfm_segment(5, 5, 5).unwrap(), "champions");
        assert_eq!(rfm_segment(1, 5, 5).unwrap(), "cant_lose");
        assert_eq!(rfm_segment(1, 1, 1).unwrap(), "lost");
        assert_eq!(rfm_segment(2, 3, 3).unwrap(), "at_risk");
        assert_eq!(rfm_segment(2, 1, 1).unwrap(), "hibernating");
        assert_eq!(rfm_segment(5, 1, 1).unwrap(), "new");
        assert_eq!(rfm_segment(4, 1, 5).unwrap(), "promising");
        assert_eq!(rfm_segment(3, 5, 5).unwrap(), "loyal");
        assert_eq!(rfm_segment(5, 2, 2).unwrap(), "potential_loyalist");
        assert_eq!(rfm_segment(3, 2, 2).unwrap(), "need_attention");
        assert_eq!(rfm_segment(3, 2, 1).unwrap(), "about_to_sleep");
        assert!(rfm_segment(0, 1, 1).is_err());
        assert!(rfm_segment(1, 6, 1).is_err());
    }

    #[test]
    fn exact_amounts_and_bad_input() {
        let s = summarize(&[(0, 0.1); 10]);
        assert_eq!(s.monetary_total(None).unwrap(), 1.0);
        let mut s = RfmSummary::new();
        assert_eq!(s.record(0, f64::NAN).unwrap_err().kind, ErrorKind::InvalidData);
        assert!(s.record(0, -1.0).is_err());
        assert!(s.record(0, 1e101).is_err());
        for bad in [
            "",
            "{}",
            "{\"version\":2,\"days\":[]}",
            "{\"version\":1,\"days\":[[\"2024-01-02\",1,1],[\"2024-01-01\",1,1]]}",
            "{\"version\":1,\"days\":[[\"2024-01-01\",0,1]]}",
            "{\"version\":1,\"days\":[[\"2024-01-01\",1,-1]]}",
            "{\"version\":1,\"days\":[[\"2024-02-30\",1,1]]}",
            "{\"version\":1,\"days\":[[\"2024-01-01\",1]]}",
            "{\"version\":1,\"days\":[],\"x\":1}",
        ] {
            assert_eq!(RfmSummary::from_text(bad).unwrap_err().kind, ErrorKind::InvalidText, "{bad}");
        }
        assert!(RfmSummary::from_bytes(&[1, 1, 0, 1, 0]).is_err());
    }

    fn row() -> impl Strategy<Value = (Day, f64)> {
        (-300i32..300, prop_oneof![Just(0.1), Just(19.99), 0.0f64..1e6, Just(1e-9), Just(3e15)])
    }

    proptest! {
        #[test]
        fn merge_is_associative_commutative_and_order_free(a in prop::collection::vec(row(), 0..300),
                                                           b in prop::collection::vec(row(), 0..40),
                                                           c in prop::collection::vec(row(), 0..40)) {
            let (sa, sb, sc) = (summarize(&a), summarize(&b), summarize(&c));
            let mut left = sa.clone(); left.merge(&sb).unwrap(); left.merge(&sc).unwrap(); left.compact().unwrap();
            let mut bc = sb.clone(); bc.merge(&sc).unwrap();
            let mut right = sa.clone(); right.merge(&bc).unwrap(); right.compact().unwrap();
            prop_assert_eq!(&left.entries, &right.entries);
            let mut ba = sb.clone(); ba.merge(&sa).unwrap(); ba.compact().unwrap();
            let mut ab = sa.clone(); ab.merge(&sb).unwrap(); ab.compact().unwrap();
            prop_assert_eq!(&ab.entries, &ba.entries);
            let mut all: Vec<_> = a.iter().chain(&b).chain(&c).cloned().collect();
            all.reverse();
            let direct = summarize(&all);
            prop_assert_eq!(&left.entries, &direct.entries);
            prop_assert_eq!(left.to_bytes(), direct.to_bytes());
            let as_of = 100;
            for p in [Period::Day, Period::Week, Period::Month] {
                prop_assert_eq!(left.btyd(as_of, p).unwrap(), direct.btyd(as_of, p).unwrap());
            }
        }

        #[test]
        fn binary_and_text_round_trip(rows in prop::collection::vec(row(), 0..80)) {
            let s = summarize(&rows);
            let bytes = s.to_bytes();
            let back = RfmSummary::from_bytes(&bytes).unwrap();
            prop_assert_eq!(&back.entries, &s.entries);
            prop_assert_eq!(back.to_bytes(), bytes);
            let text = s.to_text();
            let parsed = RfmSummary::from_text(&text).unwrap();
            prop_assert_eq!(&parsed.entries, &s.entries);
            prop_assert_eq!(parsed.to_text(), text);
        }

        #[test]
        fn btyd_agrees_with_a_direct_computation(rows in prop::collection::vec(row(), 1..60), as_of in -300i32..300) {
            let s = summarize(&rows);
            for p in [Period::Day, Period::Week, Period::Month] {
                // Direct: group rows up to as_of by period ordinal.
                let mut periods: BTreeMap<i64, ExactSum> = BTreeMap::new();
                for &(dd, a) in rows.iter().filter(|r| r.0 <= as_of) {
                    periods.entry(p.ordinal(dd)).or_default().add(a);
                }
                let got = s.btyd(as_of, p).unwrap();
                if periods.is_empty() { prop_assert!(got.is_none()); continue; }
                let got = got.unwrap();
                let first = *periods.keys().next().unwrap();
                let last = *periods.keys().last().unwrap();
                prop_assert_eq!(got.frequency, periods.len() as i64 - 1);
                prop_assert_eq!(got.recency, last - first);
                prop_assert_eq!(got.age, p.ordinal(as_of) - first);
                let mut rep = ExactSum::new();
                periods.iter().skip(1).for_each(|(_, v)| rep.merge(v));
                let expect = if periods.len() == 1 { 0.0 } else { rep.value().unwrap() / (periods.len() - 1) as f64 };
                prop_assert_eq!(got.monetary, expect);
            }
        }

        #[test]
        fn corrupt_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
            let _ = RfmSummary::from_bytes(&bytes);
        }
    }

    #[test]
    fn text_dates_out_of_range_are_22008() {
        // Once wrapped: 9999999-01-01 printed as -1759223-12-12.
        for day in ["9999999-01-01", "5874898-01-01", "-4713-11-23"] {
            let text = format!(r#"{{"version":1,"days":[["{day}",1,1.0]]}}"#);
            let e = RfmSummary::from_text(&text).unwrap_err();
            assert_eq!(e.kind, ErrorKind::DateOutOfRange, "{e}");
            assert!(!e.hint.is_empty());
        }
        let edge = r#"{"days":[["-4713-11-24",1,1.0],["5874897-12-31",1,2.0]],"version":1}"#;
        assert_eq!(RfmSummary::from_text(edge).unwrap().to_text(), edge);
        // A stored day outside the date range is corrupt, not a wrapped date.
        let mut w = Writer::default();
        w.u8(1);
        w.varint(1);
        w.signed(i64::from(day::MAX_DAY) + 1);
        w.varint(1);
        w.varint(1);
        w.f64(1.0);
        assert_eq!(RfmSummary::from_bytes(&w.into_bytes()).unwrap_err().kind, ErrorKind::Corrupted);
    }

    #[test]
    fn orders_beyond_bigint_are_refused_when_written() {
        // Two summaries of 2^63 - 1 orders on one day once merged into an empty one
        // (the fold's overflow was dropped), and purchase_count saturated.
        let most = RfmSummary::from_text(r#"{"version":1,"days":[["2024-01-01",9223372036854775807,1.0]]}"#).unwrap();
        assert_eq!(most.purchase_count(None).unwrap(), MAX_ORDERS);
        let mut sum = most.clone();
        let e = sum.merge(&most).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NumericOutOfRange);
        assert_eq!(sum, most, "a failed merge leaves the summary as it was");
        let mut other_day = RfmSummary::new();
        other_day.record(day::from_ymd(2024, 1, 2), 1.0).unwrap();
        assert_eq!(other_day.merge(&most).unwrap_err().kind, ErrorKind::NumericOutOfRange);
        for text in [
            r#"{"version":1,"days":[["2024-01-01",18446744073709551615,1.0]]}"#,
            r#"{"version":1,"days":[["2024-01-01",9223372036854775807,1.0],["2024-01-02",1,1.0]]}"#,
        ] {
            assert!(RfmSummary::from_text(text).is_err(), "{text}");
        }
        assert_eq!(RfmSummary::from_bytes(&most.to_bytes()).unwrap(), most);
        let mut w = Writer::default();
        w.u8(1);
        w.varint(1);
        w.signed(0);
        w.varint(u64::MAX);
        w.varint(1);
        w.f64(1.0);
        assert!(RfmSummary::from_bytes(&w.into_bytes()).is_err());
    }
}
