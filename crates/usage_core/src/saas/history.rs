//! Per-customer MRR history: month-by-month MRR and the cash billing schedule.
//!
//! Month semantics (ChartMogul's monthly MRR is the MRR on the month's last day):
//! a subscription `[start, end)` counts in month M when it is active on M's last
//! day, i.e. in the months `[month(start), month(end))`. On month-aligned data,
//! as in the dbt mrr-playbook, this is the same as the playbook's "active on the
//! month's first day". A subscription that starts and ends inside one month is
//! never active at a month end and carries no MRR; its cash is still collected.
//!
//! Cash: `monthly_amount * billing_months` is collected on the start day and every
//! `billing_months` months after it while that day is before `end`.
//!
//! Both are stored as sparse *changes*: the MRR change at each month, and for the
//! cash, per billing interval, the change of the amount collected every interval
//! from a month on. Changes of several subscriptions or histories simply add up,
//! which makes merging (parallel workers, rollup) exact, associative and
//! commutative; zero changes are dropped so equal histories have one form.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::money::{self, Decimal, MAX_SCALE};
use crate::codec::{Reader, Versioned, Writer};
use crate::day::{self, Day};
use crate::usage::{MAX_DAY, MIN_DAY};
use crate::{Error, Result};

/// Longest billing interval accepted (100 years).
pub const MAX_BILLING_MONTHS: i32 = 1200;

/// Month ordinal: `year * 12 + month - 1`; consecutive months differ by one.
pub type Month = i32;

pub fn month_of(day: Day) -> Month {
    let (y, m, _) = day::to_ymd(day);
    y * 12 + m as i32 - 1
}

/// First day of a month ordinal.
pub fn month_start(month: Month) -> Day {
    day::from_ymd(month.div_euclid(12), (month.rem_euclid(12) + 1) as u32, 1)
}

pub(crate) fn min_month() -> Month {
    month_of(MIN_DAY)
}

/// Change months may lie past the last valid date by up to one billing interval.
pub(crate) fn max_month() -> Month {
    month_of(MAX_DAY) + MAX_BILLING_MONTHS + 1
}

pub(crate) fn check_month(m: i64) -> Result<Month> {
    if (i64::from(min_month())..=i64::from(max_month())).contains(&m) {
        Ok(m as Month)
    } else {
        Err(Error::corrupted("month out of range"))
    }
}

/// Adds `delta` to `map[key]`, removing the entry when it becomes zero.
pub(crate) fn add_change<K: Ord>(map: &mut BTreeMap<K, i128>, key: K, delta: i128) -> Result<()> {
    if delta == 0 {
        return Ok(());
    }
    match map.entry(key) {
        std::collections::btree_map::Entry::Vacant(e) => {
            e.insert(delta);
        }
        std::collections::btree_map::Entry::Occupied(mut e) => {
            let sum = money::add(*e.get(), delta)?;
            if sum == 0 {
                e.remove();
            } else {
                *e.get_mut() = sum;
            }
        }
    }
    Ok(())
}

/// Rescales every value of a map from scale `from` to scale `to`.
pub(crate) fn rescale_map<K: Ord + Clone>(map: &mut BTreeMap<K, i128>, from: u32, to: u32) -> Result<()> {
    if from == to {
        return Ok(());
    }
    for v in map.values_mut() {
        *v = money::rescale(*v, from, to)?;
    }
    Ok(())
}

/// Month-by-month MRR and cash schedule of one customer (or any group of subscriptions).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MrrHistory {
    /// Decimals of every amount (largest scale of the inputs, like `sum(numeric)`).
    pub(crate) scale: u32,
    /// MRR change at each month.
    pub(crate) mrr: BTreeMap<Month, i128>,
    /// (month, billing interval) -> change of the cash collected in that month and
    /// every interval after it.
    pub(crate) cash: BTreeMap<(Month, i32), i128>,
}

/// Classification of a customer-month, with ChartMogul / mrr-playbook semantics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    New,
    Expansion,
    Contraction,
    Churn,
    Reactivation,
}

impl Movement {
    pub fn name(self) -> &'static str {
        match self {
            Movement::New => "new",
            Movement::Expansion => "expansion",
            Movement::Contraction => "contraction",
            Movement::Churn => "churn",
            Movement::Reactivation => "reactivation",
        }
    }

    /// The category of a month with MRR `current` after a month with `previous`.
    pub fn classify(previous: i128, current: i128, paid_before: bool) -> Option<Movement> {
        match (previous > 0, current > 0) {
            (false, true) if paid_before => Some(Movement::Reactivation),
            (false, true) => Some(Movement::New),
            (true, false) => Some(Movement::Churn),
            (true, true) if current > previous => Some(Movement::Expansion),
            (true, true) if current < previous => Some(Movement::Contraction),
            _ => None,
        }
    }
}

/// One row of `mrr_movements`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovementRow {
    pub month: Day,
    pub mrr: i128,
    pub previous_mrr: i128,
    pub change: i128,
    pub category: Option<Movement>,
}

fn check_day(day: Day, what: &str) -> Result<()> {
    if (MIN_DAY..=MAX_DAY).contains(&day) {
        Ok(())
    } else {
        Err(Error::new(
            crate::ErrorKind::DateOutOfRange,
            format!("{what} date is out of range"),
            "Use finite dates; write an open-ended subscription with a NULL end.",
        ))
    }
}

impl MrrHistory {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn scale(&self) -> u32 {
        self.scale
    }

    pub fn is_empty(&self) -> bool {
        self.mrr.is_empty() && self.cash.is_empty()
    }

    /// Raises the scale of every stored amount to `scale` (never lowers it).
    pub(crate) fn raise_scale(&mut self, scale: u32) -> Result<()> {
        if scale > self.scale {
            rescale_map(&mut self.mrr, self.scale, scale)?;
            rescale_map(&mut self.cash, self.scale, scale)?;
            self.scale = scale;
        }
        Ok(())
    }

    /// Adds a subscription `[start, end)` (`end = None`: still running) worth
    /// `monthly_amount` a month, billed every `billing_months` months.
    pub fn add_subscription(
        &mut self,
        start: Day,
        end: Option<Day>,
        monthly_amount: Decimal,
        billing_months: i32,
    ) -> Result<()> {
        check_day(start, "start")?;
        if let Some(e) = end {
            check_day(e, "end")?;
            if e < start {
                return Err(Error::invalid_parameter(
                    format!("subscription ends ({}) before it starts ({})", day::pg_text(e), day::pg_text(start)),
                    "end is exclusive and must not be before start; swap the columns or fix the row.",
                ));
            }
        }
        if monthly_amount.units < 0 {
            return Err(Error::invalid_parameter(
                format!("monthly_amount must not be negative, got {}", monthly_amount.format()),
                "Discounts and credits must be netted into the subscription's amount; refunds are not MRR.",
            ));
        }
        if !(1..=MAX_BILLING_MONTHS).contains(&billing_months) {
            return Err(Error::invalid_parameter(
                format!("billing_months must be between 1 and {MAX_BILLING_MONTHS}, got {billing_months}"),
                "Use 1 for monthly billing, 3 for quarterly, 12 for annual prepay.",
            ));
        }
        if monthly_amount.scale > MAX_SCALE {
            return Err(money::overflow());
        }
        self.raise_scale(monthly_amount.scale)?;
        let amount = monthly_amount.units_at(self.scale)?;
        if amount == 0 {
            // A free plan carries neither MRR nor cash.
            return Ok(());
        }
        let first = month_of(start);
        let stop = end.map(month_of);
        if stop != Some(first) {
            add_change(&mut self.mrr, first, amount)?;
            if let Some(stop) = stop {
                add_change(&mut self.mrr, stop, -amount)?;
            }
        }
        let per_cycle = money::mul(amount, i128::from(billing_months))?;
        let k = billing_months;
        match end {
            None => add_change(&mut self.cash, (first, k), per_cycle)?,
            Some(end) => {
                let cycles = cycles_before(start, end, k);
                if cycles > 0 {
                    add_change(&mut self.cash, (first, k), per_cycle)?;
                    let stop_month = check_month(i64::from(first) + cycles * i64::from(k))?;
                    add_change(&mut self.cash, (stop_month, k), -per_cycle)?;
                }
            }
        }
        Ok(())
    }

    /// Adds another history (overlapping subscriptions add up).
    pub fn merge(&mut self, other: &MrrHistory) -> Result<()> {
        self.raise_scale(other.scale)?;
        for (&m, &v) in &other.mrr {
            add_change(&mut self.mrr, m, money::rescale(v, other.scale, self.scale)?)?;
        }
        for (&key, &v) in &other.cash {
            add_change(&mut self.cash, key, money::rescale(v, other.scale, self.scale)?)?;
        }
        Ok(())
    }

    /// (month, MRR from that month on) at every month where MRR changes.
    pub fn mrr_steps(&self) -> Vec<(Month, i128)> {
        let mut value = 0i128;
        self.mrr
            .iter()
            .map(|(&m, &d)| {
                // Stored histories are validated, so the running value cannot overflow.
                value = value.saturating_add(d);
                (m, value)
            })
            .collect()
    }

    /// MRR in a month.
    pub fn mrr_at(&self, month: Month) -> i128 {
        self.mrr.range(..=month).fold(0i128, |acc, (_, &d)| acc.saturating_add(d))
    }

    /// The customer's survival in months as of the month containing `as_of`, for the
    /// sBG model: `(first paying month, lifetime, alive)`. Churned (the first month
    /// without MRR after the first paying month is at most `as_of`'s month):
    /// lifetime = the months paid before that first churn, alive = false. Otherwise
    /// lifetime = the renewals so far, `as_of`'s month - first month, alive = true.
    /// Reactivations after the first churn are not counted. None when the history
    /// never pays or first pays after `as_of`'s month (not a customer yet).
    pub fn lifetime(&self, as_of: Day) -> Option<(Month, i32, bool)> {
        let last = month_of(as_of);
        let steps = self.mrr_steps();
        let start = steps.iter().position(|(_, v)| *v > 0)?;
        let first = steps[start].0;
        if first > last {
            return None;
        }
        match steps[start..].iter().find(|(_, v)| *v <= 0) {
            Some(&(churn, _)) if churn <= last => Some((first, churn - first, false)),
            _ => Some((first, last - first, true)),
        }
    }

    /// Month-by-month movements from the first paying month through the month of
    /// `through`: every month in between (gaps included, category `None` when
    /// nothing moves), ending with the churn month if the customer has churned.
    pub fn movements(&self, through: Day) -> MovementIter {
        let steps = self.mrr_steps();
        let first = steps.iter().find(|(_, v)| *v > 0).map(|&(m, _)| m);
        let last_paying_step = steps.iter().rposition(|(_, v)| *v > 0);
        // The row after the last paying month is the churn month, unless MRR never drops to zero.
        let end = match last_paying_step {
            Some(i) => match steps.get(i + 1) {
                Some(&(m, _)) => m,
                None => Month::MAX,
            },
            None => Month::MIN,
        };
        let last = end.min(month_of(through));
        MovementIter { steps, next_step: 0, month: first.unwrap_or(Month::MAX), last, value: 0, paid: false }
    }
}

/// Number of billing cycles of `[start, end)` whose collection day is before `end`.
/// Cycle n falls in month `month(start) + n * k` on the start's day of month
/// (the month's last day when it is shorter, as card processors bill).
fn cycles_before(start: Day, end: Day, k: i32) -> i64 {
    let first = i64::from(month_of(start));
    let end_month = i64::from(month_of(end));
    let k64 = i64::from(k);
    // Smallest n whose cycle month is not before end's month.
    let n0 = (end_month - first + k64 - 1).div_euclid(k64);
    let cycle_month = first + n0 * k64;
    if cycle_month == end_month {
        let (_, _, start_dom) = day::to_ymd(start);
        let (y, m, end_dom) = day::to_ymd(end);
        let cycle_dom = start_dom.min(day::days_in_month(y, m));
        if cycle_dom < end_dom {
            return n0 + 1;
        }
    }
    n0
}

/// Lazily yields [`MovementRow`]s (the SQL layer streams them).
pub struct MovementIter {
    steps: Vec<(Month, i128)>,
    next_step: usize,
    month: Month,
    last: Month,
    value: i128,
    paid: bool,
}

impl Iterator for MovementIter {
    type Item = MovementRow;

    fn next(&mut self) -> Option<MovementRow> {
        if self.month > self.last {
            return None;
        }
        let previous = self.value;
        while let Some(&(m, v)) = self.steps.get(self.next_step) {
            if m > self.month {
                break;
            }
            self.value = v;
            self.next_step += 1;
        }
        let category = Movement::classify(previous, self.value, self.paid);
        self.paid |= self.value > 0;
        let row = MovementRow {
            month: month_start(self.month),
            mrr: self.value,
            previous_mrr: previous,
            change: self.value - previous,
            category,
        };
        self.month += 1;
        Some(row)
    }
}

fn text_error(message: impl Into<String>) -> Error {
    Error::invalid_text(
        message,
        "mrr_history text looks like {\"version\":1,\"scale\":2,\"mrr\":[[\"2024-01-01\",\"49.00\"],[\"2024-04-01\",\"0.00\"]],\"cash\":[[\"2024-01-01\",1,\"49.00\"],[\"2024-04-01\",1,\"-49.00\"]]}; produce it with mrr_agg().",
    )
}

/// Reads a month given as the first day of a month (`YYYY-MM-01`).
pub(crate) fn parse_month(value: &Value, error: &dyn Fn(String) -> Error) -> Result<Month> {
    let text = value.as_str().ok_or_else(|| error("months must be written as \"YYYY-MM-01\" strings".into()))?;
    // A date beyond every month the type holds is 22008 (as in the other text forms).
    let out_of_range = || {
        Error::new(
            crate::ErrorKind::DateOutOfRange,
            format!("month \"{text}\" is out of range"),
            "Months must lie between 4714-11 BC and 5874897-12 plus at most one billing interval.",
        )
    };
    let d = day::parse(text).map_err(|e| {
        if e.kind == crate::ErrorKind::DateOutOfRange {
            out_of_range()
        } else {
            error(e.message)
        }
    })?;
    let m = month_of(d);
    if month_start(m) != d {
        return Err(error(format!("\"{text}\" is not the first day of a month")));
    }
    check_month(i64::from(m)).map_err(|_| out_of_range())
}

/// Reads an amount written with exactly `scale` decimals or fewer.
pub(crate) fn parse_amount(value: &Value, scale: u32, error: &dyn Fn(String) -> Error) -> Result<i128> {
    let text =
        value.as_str().ok_or_else(|| error("amounts must be written as decimal strings such as \"49.90\"".into()))?;
    // Text input is 22P02 whatever is wrong with the number (NaN, infinities, too
    // many decimals), as for the other fields; only an overflow stays 22003.
    let d = Decimal::parse(text).map_err(|e| {
        if e.kind == crate::ErrorKind::NumericOutOfRange {
            e
        } else {
            error(e.message)
        }
    })?;
    if d.scale > scale {
        return Err(error(format!("amount \"{text}\" has more decimals than \"scale\": {scale}")));
    }
    d.units_at(scale)
}

pub(crate) fn parse_scale(obj: &serde_json::Map<String, Value>, error: &dyn Fn(String) -> Error) -> Result<u32> {
    match obj.get("scale").and_then(Value::as_u64) {
        Some(s) if s <= u64::from(MAX_SCALE) => Ok(s as u32),
        _ => Err(error(format!("\"scale\" must be an integer from 0 to {MAX_SCALE}"))),
    }
}

pub(crate) fn cash_to_json(cash: &BTreeMap<(Month, i32), i128>, scale: u32) -> Value {
    Value::Array(
        cash.iter()
            .map(|(&(m, k), &v)| json!([day::format(month_start(m)), k, money::format_units(v, scale)]))
            .collect(),
    )
}

/// The JSON view of cash changes: `[{"month", "billing_months", "change"}, ..]`.
pub(crate) fn cash_json_view(cash: &BTreeMap<(Month, i32), i128>, scale: u32) -> Value {
    let items = cash.iter().map(|(&(m, k), &v)| {
        json!({ "month": day::format(month_start(m)), "billing_months": k, "change": money::to_f64(v, scale) })
    });
    Value::Array(items.collect())
}

pub(crate) fn cash_from_json(
    value: Option<&Value>,
    scale: u32,
    error: &dyn Fn(String) -> Error,
) -> Result<BTreeMap<(Month, i32), i128>> {
    let mut cash = BTreeMap::new();
    let Some(value) = value else { return Ok(cash) };
    let items =
        value.as_array().ok_or_else(|| error("\"cash\" must be an array of [month, billing_months, change]".into()))?;
    for item in items {
        let parts = item
            .as_array()
            .filter(|a| a.len() == 3)
            .ok_or_else(|| error("each \"cash\" entry is [month, billing_months, change]".into()))?;
        let m = parse_month(&parts[0], error)?;
        let k = parts[1]
            .as_i64()
            .filter(|k| (1..=i64::from(MAX_BILLING_MONTHS)).contains(k))
            .ok_or_else(|| error(format!("billing_months in \"cash\" must be from 1 to {MAX_BILLING_MONTHS}")))?
            as i32;
        let v = parse_amount(&parts[2], scale, error)?;
        if v == 0 || cash.insert((m, k), v).is_some() {
            return Err(error("\"cash\" entries must be non-zero and unique per (month, billing_months)".into()));
        }
    }
    Ok(cash)
}

pub(crate) fn encode_cash(w: &mut Writer, cash: &BTreeMap<(Month, i32), i128>) {
    w.varint(cash.len() as u64);
    for (&(m, k), &v) in cash {
        w.signed(i64::from(m));
        w.varint(k as u64);
        money::write_i128(w, v);
    }
}

pub(crate) fn decode_cash(r: &mut Reader<'_>) -> Result<BTreeMap<(Month, i32), i128>> {
    let n = r.len()?;
    let mut cash = BTreeMap::new();
    for _ in 0..n {
        let m = check_month(r.signed()?)?;
        let k = r.varint()?;
        if !(1..=MAX_BILLING_MONTHS as u64).contains(&k) {
            return Err(Error::corrupted("billing interval out of range"));
        }
        let v = money::read_i128(r)?;
        if v == 0 || cash.insert((m, k as i32), v).is_some() {
            return Err(Error::corrupted("zero or repeated cash change"));
        }
    }
    Ok(cash)
}

/// Checks that every billing stream's running amount stays within [0, i128].
/// Whether some of `amounts` are large enough for a running sum of them to
/// overflow: below 2^100 each, no map in memory holds enough of them.
pub(crate) fn large_amounts<'a>(mut amounts: impl Iterator<Item = &'a i128>) -> bool {
    amounts.any(|v| v.unsigned_abs() >= 1 << 100)
}

/// After a merge: the merged value must read back. Merging valid values adds their
/// running sums (MRR, customers, cash), which cannot turn negative, only overflow:
/// when `large` says they could, the readers' checks run, and a failure is 22003.
pub(crate) fn check_merged(large: bool, validate: impl FnOnce() -> std::result::Result<(), String>) -> Result<()> {
    if large {
        validate().map_err(|e| {
            Error::new(
                crate::ErrorKind::NumericOutOfRange,
                format!("the merged value is out of range: {e}"),
                "Amounts are summed exactly in 128-bit integers; merge fewer values at a time or use a larger currency unit.",
            )
        })?;
    }
    Ok(())
}

pub(crate) fn validate_cash(cash: &BTreeMap<(Month, i32), i128>) -> std::result::Result<(), String> {
    let mut running: std::collections::HashMap<(i32, i32), i128> = std::collections::HashMap::new();
    for (&(m, k), &v) in cash {
        let slot = running.entry((k, m.rem_euclid(k))).or_insert(0);
        *slot = slot.checked_add(v).ok_or("cash amount out of range")?;
        if *slot < 0 {
            return Err("cash collected would become negative".into());
        }
    }
    Ok(())
}

impl MrrHistory {
    /// Checks the invariants of stored values: MRR never negative, cash never negative.
    fn validate(&self) -> std::result::Result<(), String> {
        if self.scale > MAX_SCALE {
            return Err("scale out of range".into());
        }
        let mut value: i128 = 0;
        for (&m, &d) in &self.mrr {
            value = value.checked_add(d).ok_or("MRR out of range")?;
            if d == 0 || value < 0 {
                return Err(format!("MRR change at {} makes MRR negative or is zero", day::pg_text(month_start(m))));
            }
        }
        validate_cash(&self.cash)
    }
}

impl crate::codec::JsonView for MrrHistory {
    /// `{"mrr": [{"month", "mrr"}, ..], "cash": [..]}`: MRR from each month on.
    fn json_view(&self) -> Value {
        let steps = self
            .mrr_steps()
            .into_iter()
            .map(|(m, v)| json!({ "month": day::format(month_start(m)), "mrr": money::to_f64(v, self.scale) }));
        json!({ "mrr": steps.collect::<Vec<_>>(), "cash": cash_json_view(&self.cash, self.scale) })
    }
}

impl crate::codec::TextForm for MrrHistory {
    /// The text form: JSON that round-trips exactly through [`MrrHistory::from_text`].
    /// MRR is written as steps (month, MRR from that month on).
    fn to_text(&self) -> String {
        let steps: Vec<Value> = self
            .mrr_steps()
            .into_iter()
            .map(|(m, v)| json!([day::format(month_start(m)), money::format_units(v, self.scale)]))
            .collect();
        json!({
            "version": <Self as Versioned>::VERSION,
            "scale": self.scale,
            "mrr": steps,
            "cash": cash_to_json(&self.cash, self.scale),
        })
        .to_string()
    }

    fn from_text(text: &str) -> Result<Self> {
        let error = |m: String| text_error(m);
        let value: Value = serde_json::from_str(text)
            .map_err(|e| text_error(format!("invalid input syntax for type mrr_history: {e}")))?;
        let obj = value.as_object().ok_or_else(|| text_error("mrr_history text must be a JSON object"))?;
        match obj.get("version").and_then(Value::as_u64) {
            Some(v) if v >= 1 && v <= u64::from(<Self as Versioned>::VERSION) => {}
            _ => return Err(text_error("mrr_history text needs \"version\": 1")),
        }
        let scale = parse_scale(obj, &error)?;
        let mut mrr = BTreeMap::new();
        let mut previous: Option<(Month, i128)> = None;
        let steps = match obj.get("mrr") {
            None => Vec::new(),
            Some(v) => v.as_array().cloned().ok_or_else(|| text_error("\"mrr\" must be an array of [month, mrr]"))?,
        };
        for step in &steps {
            let parts = step
                .as_array()
                .filter(|a| a.len() == 2)
                .ok_or_else(|| text_error("each \"mrr\" step is [month, mrr]"))?;
            let m = parse_month(&parts[0], &error)?;
            let v = parse_amount(&parts[1], scale, &error)?;
            let (pm, pv) = previous.unwrap_or((Month::MIN, 0));
            if m <= pm || v == pv || v < 0 {
                return Err(text_error("\"mrr\" steps must be in month order, change the MRR and not be negative"));
            }
            mrr.insert(m, v - pv);
            previous = Some((m, v));
        }
        let cash = cash_from_json(obj.get("cash"), scale, &error)?;
        let history = MrrHistory { scale, mrr, cash };
        history.validate().map_err(text_error)?;
        Ok(history)
    }
}

impl crate::codec::Summary for MrrHistory {
    fn combine(&mut self, other: &Self) -> Result<()> {
        self.merge(other)
    }

    /// Running MRR and cash may overflow after many subscriptions or merges (see
    /// [`check_merged`]).
    fn check_storable(&self) -> Result<()> {
        check_merged(large_amounts(self.mrr.values().chain(self.cash.values())), || self.validate())
    }
}

impl Versioned for MrrHistory {
    const TYPE_NAME: &'static str = "mrr_history";
    const VERSION: u8 = 1;

    fn encode_body(&self, w: &mut Writer) {
        w.varint(u64::from(self.scale));
        w.varint(self.mrr.len() as u64);
        let mut previous: i64 = 0;
        for (&m, &d) in &self.mrr {
            // Months as gaps from the previous change: one byte for most histories.
            w.signed(i64::from(m) - previous);
            previous = i64::from(m);
            money::write_i128(w, d);
        }
        encode_cash(w, &self.cash);
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let scale = r.varint()?;
        if scale > u64::from(MAX_SCALE) {
            return Err(Error::corrupted("mrr_history scale out of range"));
        }
        let n = r.len()?;
        let mut mrr = BTreeMap::new();
        let mut previous: i64 = 0;
        for i in 0..n {
            let gap = r.signed()?;
            if i > 0 && gap <= 0 {
                return Err(Error::corrupted("mrr_history months out of order"));
            }
            let m = check_month(previous.saturating_add(gap))?;
            previous = i64::from(m);
            mrr.insert(m, money::read_i128(r)?);
        }
        let cash = decode_cash(r)?;
        let history = MrrHistory { scale: scale as u32, mrr, cash };
        history.validate().map_err(|e| Error::corrupted(format!("invalid mrr_history: {e}")))?;
        Ok(history)
    }
}
