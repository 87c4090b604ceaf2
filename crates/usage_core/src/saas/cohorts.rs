//! Signup cohorts of a population: the ChartMogul-style cohort table.
//!
//! A customer's **cohort** is its first paying month (the first month its
//! [`MrrHistory`] has MRR above zero, with the month semantics of `mrr_agg`).
//! Month number `k` of a cohort is the calendar month `cohort + k`; month 0 is the
//! cohort month itself, where every customer of the cohort pays. A customer counts
//! as retained in every month in which it pays: one who churns and comes back
//! (a reactivation) returns to its original cohort for the months it pays again,
//! and its MRR, higher or lower than at signup, is the cohort's MRR in those months
//! (so net revenue retention includes expansion, contraction and reactivation).
//!
//! Each customer adds, per cohort, the *changes* of (paying customers, MRR) at the
//! month numbers where its MRR changes: +1 customer and its MRR at month 0, -1 and
//! minus its MRR when it churns, and so on. Changes of several customers add up,
//! so merging summaries (parallel workers, shards, stored partial results) is exact,
//! associative and commutative, and an open-ended subscription needs no horizon
//! until the table is read. Zero changes are dropped so equal summaries have one form.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::history::{
    check_merged, check_month, large_amounts, month_of, month_start, parse_amount, parse_month, parse_scale, Month,
    MrrHistory,
};
use super::money::{self, MAX_SCALE};
use crate::codec::{Reader, Versioned, Writer};
use crate::day::{self, Day};
use crate::{Error, Result};

/// The change of a cohort's paying customers and MRR at one month number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Change {
    pub customers: i64,
    pub mrr: i128,
}

impl Change {
    fn add(&mut self, other: Change) -> Result<()> {
        self.customers = self.customers.checked_add(other.customers).ok_or_else(money::overflow)?;
        self.mrr = money::add(self.mrr, other.mrr)?;
        Ok(())
    }

    fn is_zero(&self) -> bool {
        self.customers == 0 && self.mrr == 0
    }
}

/// Paying customers and MRR of the signup cohorts of a set of customers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CohortSummary {
    /// Decimals of every amount (largest scale of the histories added).
    pub(crate) scale: u32,
    /// (cohort month, month number) -> change of (paying customers, MRR) from
    /// that month number on.
    pub(crate) changes: BTreeMap<(Month, i32), Change>,
}

/// One row of the cohort table. Amounts are in units of `10^-scale`.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortRow {
    pub cohort: Day,
    pub month_number: i32,
    /// Customers of the cohort paying in this month.
    pub customers: i64,
    /// Customers of the cohort (all pay in month 0).
    pub cohort_customers: i64,
    /// `customers / cohort_customers`.
    pub logo_retention: f64,
    /// MRR of the cohort's customers in this month.
    pub mrr: i128,
    /// MRR of the cohort in month 0.
    pub cohort_mrr: i128,
    /// `mrr / cohort_mrr` (expansion and reactivation included).
    pub net_revenue_retention: f64,
}

fn add_change(map: &mut BTreeMap<(Month, i32), Change>, key: (Month, i32), delta: Change) -> Result<()> {
    if delta.is_zero() {
        return Ok(());
    }
    match map.entry(key) {
        std::collections::btree_map::Entry::Vacant(e) => {
            e.insert(delta);
        }
        std::collections::btree_map::Entry::Occupied(mut e) => {
            e.get_mut().add(delta)?;
            if e.get().is_zero() {
                e.remove();
            }
        }
    }
    Ok(())
}

impl CohortSummary {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// Number of cohorts.
    pub fn cohorts(&self) -> usize {
        let mut n = 0;
        let mut last = None;
        for &(c, _) in self.changes.keys() {
            if last != Some(c) {
                n += 1;
                last = Some(c);
            }
        }
        n
    }

    pub(crate) fn raise_scale(&mut self, scale: u32) -> Result<()> {
        if scale > self.scale {
            for c in self.changes.values_mut() {
                c.mrr = money::rescale(c.mrr, self.scale, scale)?;
            }
            self.scale = scale;
        }
        Ok(())
    }

    /// Adds one customer's history (a history that never pays belongs to no cohort).
    pub fn add_history(&mut self, h: &MrrHistory) -> Result<()> {
        let steps = h.mrr_steps();
        let Some(&(first, _)) = steps.iter().find(|(_, v)| *v > 0) else { return Ok(()) };
        self.raise_scale(h.scale())?;
        let (from, to) = (h.scale(), self.scale);
        let mut previous = 0i128;
        for (m, value) in steps.into_iter().filter(|&(m, _)| m >= first) {
            let value = money::rescale(value, from, to)?;
            let delta = Change {
                customers: i64::from(value > 0) - i64::from(previous > 0),
                mrr: money::add(value, -previous)?,
            };
            add_change(&mut self.changes, (first, m - first), delta)?;
            previous = value;
        }
        Ok(())
    }

    /// Adds another summary of a disjoint set of customers (rollup, parallel combine).
    pub fn merge(&mut self, other: &CohortSummary) -> Result<()> {
        self.raise_scale(other.scale)?;
        let (from, to) = (other.scale, self.scale);
        for (&key, &c) in &other.changes {
            let delta = Change { customers: c.customers, mrr: money::rescale(c.mrr, from, to)? };
            add_change(&mut self.changes, key, delta)?;
        }
        Ok(())
    }

    /// The last calendar month in which any cohort's customers or MRR change.
    fn default_last_month(&self) -> Option<Month> {
        self.changes.keys().map(|&(c, k)| c.saturating_add(k)).max()
    }

    /// The cohort table: for each cohort (ascending) one row per month number from
    /// 0 through the calendar month of `through` (default: the last month in which
    /// anything changes); cohorts starting after that month have no rows.
    pub fn table(&self, through: Option<Day>) -> CohortIter {
        self.clone().into_table(through)
    }

    /// [`CohortSummary::table`], consuming the summary (the iterator owns it).
    pub fn into_table(self, through: Option<Day>) -> CohortIter {
        let last = match through {
            Some(d) => month_of(d),
            None => self.default_last_month().unwrap_or(Month::MIN),
        };
        let entries: Vec<((Month, i32), Change)> = self.changes.into_iter().collect();
        CohortIter { entries, next: 0, cohort: None, last, scale: self.scale }
    }
}

/// The running state of the cohort being listed.
struct Current {
    cohort: Month,
    month_number: i32,
    /// The cohort's last month number to list.
    last_number: i32,
    start: Change,
    running: Change,
}

/// Lazily yields [`CohortRow`]s.
pub struct CohortIter {
    entries: Vec<((Month, i32), Change)>,
    /// The next entry not yet applied.
    next: usize,
    cohort: Option<Current>,
    last: Month,
    scale: u32,
}

impl CohortIter {
    /// Amounts of the rows are in units of `10^-scale`.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// Moves to the next cohort that starts by `last`, skipping the entries of the others.
    fn next_cohort(&mut self) -> Option<Current> {
        while let Some(&((cohort, _), _)) = self.entries.get(self.next) {
            if cohort <= self.last {
                return Some(Current {
                    cohort,
                    month_number: 0,
                    last_number: self.last - cohort,
                    start: Change::default(),
                    running: Change::default(),
                });
            }
            self.next += self.entries[self.next..].iter().take_while(|((c, _), _)| *c == cohort).count();
        }
        None
    }
}

impl Iterator for CohortIter {
    type Item = CohortRow;

    fn next(&mut self) -> Option<CohortRow> {
        loop {
            if self.cohort.is_none() {
                self.cohort = Some(self.next_cohort()?);
            }
            let cur = self.cohort.as_mut()?;
            if cur.month_number > cur.last_number {
                // Skip what is left of this cohort (changes after `last`).
                while self.entries.get(self.next).is_some_and(|((c, _), _)| *c == cur.cohort) {
                    self.next += 1;
                }
                self.cohort = None;
                continue;
            }
            while let Some(&((c, k), delta)) = self.entries.get(self.next) {
                if c != cur.cohort || k > cur.month_number {
                    break;
                }
                // Validated summaries keep running values within [0, start]; saturate
                // rather than fail on the way.
                cur.running.customers = cur.running.customers.saturating_add(delta.customers);
                cur.running.mrr = cur.running.mrr.saturating_add(delta.mrr);
                self.next += 1;
            }
            if cur.month_number == 0 {
                cur.start = cur.running;
            }
            let row = CohortRow {
                cohort: month_start(cur.cohort),
                month_number: cur.month_number,
                customers: cur.running.customers,
                cohort_customers: cur.start.customers,
                logo_retention: cur.running.customers as f64 / cur.start.customers as f64,
                mrr: cur.running.mrr,
                cohort_mrr: cur.start.mrr,
                net_revenue_retention: money::ratio(cur.running.mrr, cur.start.mrr, self.scale).unwrap_or(f64::NAN),
            };
            cur.month_number += 1;
            return Some(row);
        }
    }
}

fn text_error(message: impl Into<String>) -> Error {
    Error::invalid_text(
        message,
        "cohort_summary text looks like {\"version\":1,\"scale\":0,\"cohorts\":[{\"cohort\":\"2024-01-01\",\"steps\":[[0,2,\"150\"],[3,1,\"100\"]]}]} (steps: [month number, paying customers, MRR] from that month on); produce it with cohort_agg().",
    )
}

/// Per cohort: (cohort month, steps (month number, customers, MRR from that month on)).
type Steps = Vec<(Month, Vec<(i32, i64, i128)>)>;

impl CohortSummary {
    fn steps(&self) -> Steps {
        let mut out: Steps = Vec::new();
        let mut running = Change::default();
        for (&(c, k), delta) in &self.changes {
            if out.last().is_none_or(|(last, _)| *last != c) {
                out.push((c, Vec::new()));
                running = Change::default();
            }
            running.customers = running.customers.saturating_add(delta.customers);
            running.mrr = running.mrr.saturating_add(delta.mrr);
            if let Some((_, steps)) = out.last_mut() {
                steps.push((k, running.customers, running.mrr));
            }
        }
        out
    }

    /// The invariants of stored values: each cohort starts at month number 0 with
    /// customers and MRR above zero; later, paying customers stay within 0 and the
    /// cohort's customers, MRR is never negative, and MRR is zero exactly when no
    /// customer pays.
    fn validate(&self) -> std::result::Result<(), String> {
        if self.scale > MAX_SCALE {
            return Err("scale out of range".into());
        }
        let mut current: Option<(Month, i64)> = None;
        let mut running = Change::default();
        for (&(c, k), delta) in &self.changes {
            let when = || format!("month {k} of cohort {}", day::pg_text(month_start(c)));
            if delta.is_zero() || k < 0 {
                return Err(format!("{} has no change or a negative month number", when()));
            }
            check_month(i64::from(c) + i64::from(k)).map_err(|_| format!("{} is out of range", when()))?;
            let start = match current {
                Some((cohort, start)) if cohort == c => start,
                _ => {
                    if k != 0 || delta.customers <= 0 || delta.mrr <= 0 {
                        return Err(format!(
                            "cohort {} must start at month 0 with customers and MRR",
                            day::pg_text(month_start(c))
                        ));
                    }
                    running = Change::default();
                    current = Some((c, delta.customers));
                    delta.customers
                }
            };
            running.customers = running.customers.checked_add(delta.customers).ok_or("customer count out of range")?;
            running.mrr = running.mrr.checked_add(delta.mrr).ok_or("MRR out of range")?;
            if running.customers < 0 || running.customers > start || running.mrr < 0 {
                return Err(format!("{}: customers outside 0 and the cohort's, or negative MRR", when()));
            }
            if (running.customers > 0) != (running.mrr > 0) {
                return Err(format!("{}: MRR must be zero exactly when no customer pays", when()));
            }
        }
        Ok(())
    }
}

impl crate::codec::JsonView for CohortSummary {
    /// `{"cohorts": [{"cohort", "customers", "mrr", "steps": [{"month_number",
    /// "customers", "mrr"}, ..]}]}`: per cohort its customers and MRR in month 0
    /// and the values from each month number where they change.
    fn json_view(&self) -> Value {
        let cohorts = self.steps().into_iter().map(|(c, steps)| {
            let (_, customers, mrr) = steps.first().copied().unwrap_or_default();
            let steps = steps
                .iter()
                .map(|&(k, n, v)| json!({ "month_number": k, "customers": n, "mrr": money::to_f64(v, self.scale) }));
            json!({
                "cohort": day::format(month_start(c)),
                "customers": customers,
                "mrr": money::to_f64(mrr, self.scale),
                "steps": steps.collect::<Vec<_>>(),
            })
        });
        json!({ "cohorts": cohorts.collect::<Vec<_>>() })
    }
}

impl crate::codec::TextForm for CohortSummary {
    /// The text form: JSON that round-trips exactly through [`CohortSummary::from_text`].
    /// Each cohort lists steps `[month number, paying customers, MRR]`, the values
    /// from that month number on.
    fn to_text(&self) -> String {
        let cohorts: Vec<Value> = self
            .steps()
            .into_iter()
            .map(|(c, steps)| {
                let steps: Vec<Value> =
                    steps.iter().map(|&(k, n, v)| json!([k, n, money::format_units(v, self.scale)])).collect();
                json!({ "cohort": day::format(month_start(c)), "steps": steps })
            })
            .collect();
        json!({ "version": <Self as Versioned>::VERSION, "scale": self.scale, "cohorts": cohorts }).to_string()
    }

    fn from_text(text: &str) -> Result<Self> {
        let error = |m: String| text_error(m);
        let value: Value = serde_json::from_str(text)
            .map_err(|e| text_error(format!("invalid input syntax for type cohort_summary: {e}")))?;
        let obj = value.as_object().ok_or_else(|| text_error("cohort_summary text must be a JSON object"))?;
        match obj.get("version").and_then(Value::as_u64) {
            Some(v) if v >= 1 && v <= u64::from(<Self as Versioned>::VERSION) => {}
            _ => return Err(text_error("cohort_summary text needs \"version\": 1")),
        }
        let scale = parse_scale(obj, &error)?;
        let items = match obj.get("cohorts") {
            None => Vec::new(),
            Some(v) => v.as_array().cloned().ok_or_else(|| text_error("\"cohorts\" must be an array of objects"))?,
        };
        let mut changes = BTreeMap::new();
        let mut previous_cohort: Option<Month> = None;
        for item in &items {
            let o = item.as_object().ok_or_else(|| text_error("each entry of \"cohorts\" must be an object"))?;
            let c = parse_month(o.get("cohort").unwrap_or(&Value::Null), &error)?;
            if previous_cohort.is_some_and(|p| p >= c) {
                return Err(text_error("cohorts must be in month order, each once"));
            }
            previous_cohort = Some(c);
            let steps = o
                .get("steps")
                .and_then(Value::as_array)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| text_error("each cohort needs \"steps\": [[month number, customers, mrr], ..]"))?;
            let mut previous: Option<(i64, i64, i128)> = None;
            for step in steps {
                let parts = step
                    .as_array()
                    .filter(|a| a.len() == 3)
                    .ok_or_else(|| text_error("each step is [month number, customers, mrr]"))?;
                let k = parts[0]
                    .as_i64()
                    .filter(|&k| k >= 0 && check_month(i64::from(c) + k).is_ok())
                    .ok_or_else(|| text_error("month numbers must be integers from 0 within the month range"))?;
                let n = parts[1]
                    .as_i64()
                    .filter(|&n| n >= 0)
                    .ok_or_else(|| text_error("customer counts must be integers from 0 up"))?;
                let v = parse_amount(&parts[2], scale, &error)?;
                if v < 0 {
                    return Err(text_error("MRR must not be negative"));
                }
                let (pk, pn, pv) = previous.unwrap_or((-1, 0, 0));
                if k <= pk || (n == pn && v == pv) {
                    return Err(text_error("steps must be in month order and change customers or MRR"));
                }
                let delta = Change { customers: n - pn, mrr: money::add(v, -pv)? };
                changes.insert((c, k as i32), delta);
                previous = Some((k, n, v));
            }
        }
        let summary = CohortSummary { scale, changes };
        summary.validate().map_err(text_error)?;
        Ok(summary)
    }
}

impl crate::codec::Summary for CohortSummary {
    fn combine(&mut self, other: &Self) -> Result<()> {
        self.merge(other)
    }

    /// The running MRR of a cohort may overflow after many merges (see
    /// [`check_merged`]); customer counts are checked as they are added.
    fn check_storable(&self) -> Result<()> {
        check_merged(large_amounts(self.changes.values().map(|c| &c.mrr)), || self.validate())
    }
}

impl Versioned for CohortSummary {
    const TYPE_NAME: &'static str = "cohort_summary";
    const VERSION: u8 = 1;

    fn encode_body(&self, w: &mut Writer) {
        w.varint(u64::from(self.scale));
        w.varint(self.changes.len() as u64);
        let mut previous: (i64, i64) = (0, 0);
        for (&(c, k), delta) in &self.changes {
            // Cohorts as gaps from the previous one, month numbers as gaps within a cohort.
            let (c, k) = (i64::from(c), i64::from(k));
            if c == previous.0 {
                w.signed(0);
                w.signed(k - previous.1);
            } else {
                w.signed(c - previous.0);
                w.signed(k);
            }
            previous = (c, k);
            w.signed(delta.customers);
            money::write_i128(w, delta.mrr);
        }
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let scale = r.varint()?;
        if scale > u64::from(MAX_SCALE) {
            return Err(Error::corrupted("cohort_summary scale out of range"));
        }
        let n = r.len()?;
        let mut changes = BTreeMap::new();
        let mut previous: (i64, i64) = (0, 0);
        for i in 0..n {
            let (gap, k) = (r.signed()?, r.signed()?);
            let (c, k) = if i > 0 && gap == 0 {
                if k <= 0 {
                    return Err(Error::corrupted("cohort_summary month numbers out of order"));
                }
                (previous.0, previous.1.saturating_add(k))
            } else {
                if i > 0 && gap < 0 {
                    return Err(Error::corrupted("cohort_summary cohorts out of order"));
                }
                (previous.0.saturating_add(gap), k)
            };
            let cohort = check_month(c)?;
            let number = i32::try_from(k).map_err(|_| Error::corrupted("cohort_summary month number out of range"))?;
            previous = (c, k);
            let delta = Change { customers: r.signed()?, mrr: money::read_i128(r)? };
            changes.insert((cohort, number), delta);
        }
        let summary = CohortSummary { scale: scale as u32, changes };
        summary.validate().map_err(|e| Error::corrupted(format!("invalid cohort_summary: {e}")))?;
        Ok(summary)
    }
}
