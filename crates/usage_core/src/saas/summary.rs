//! Population SaaS summary: monthly MRR movements and cash of many customers.
//!
//! `saas_agg` adds each customer's [`MrrHistory`] as the movements of the months
//! in which its MRR changes (one category per customer-month) plus its cash
//! billing changes. Everything is a sum, so summaries of parallel workers,
//! shards or stored partial results merge exactly. MRR and paying customers of
//! a month are running sums of the movements, so open-ended subscriptions need
//! no horizon until the metrics are read.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{json, Map, Value};

use super::history::{
    self, add_change, cash_from_json, check_merged, check_month, decode_cash, encode_cash, large_amounts, month_of,
    month_start, parse_amount, parse_month, parse_scale, rescale_map, validate_cash, Month, Movement, MrrHistory,
};
use super::money::{self, MAX_SCALE};
use crate::codec::{Reader, Versioned, Writer};
use crate::day::{self, Day};
use crate::{Error, Result};

const CATEGORIES: [Movement; 5] =
    [Movement::New, Movement::Expansion, Movement::Contraction, Movement::Churn, Movement::Reactivation];

fn index(m: Movement) -> usize {
    match m {
        Movement::New => 0,
        Movement::Expansion => 1,
        Movement::Contraction => 2,
        Movement::Churn => 3,
        Movement::Reactivation => 4,
    }
}

/// Movements of one month: MRR moved (always positive) and customers, per category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MonthMoves {
    pub amount: [i128; 5],
    pub customers: [i64; 5],
}

impl MonthMoves {
    fn add(&mut self, other: &MonthMoves) -> Result<()> {
        for i in 0..5 {
            self.amount[i] = money::add(self.amount[i], other.amount[i])?;
            self.customers[i] = self.customers[i].checked_add(other.customers[i]).ok_or_else(money::overflow)?;
        }
        Ok(())
    }
    pub fn amount(&self, m: Movement) -> i128 {
        self.amount[index(m)]
    }
    pub fn customers(&self, m: Movement) -> i64 {
        self.customers[index(m)]
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaasSummary {
    pub(crate) scale: u32,
    pub(crate) months: BTreeMap<Month, MonthMoves>,
    pub(crate) cash: BTreeMap<(Month, i32), i128>,
}

/// One month of `saas_metrics`. Amounts are in units of `10^-scale`; movement
/// amounts are positive (churn and contraction are losses by their name).
#[derive(Debug, Clone, PartialEq)]
pub struct MetricsRow {
    pub month: Day,
    pub starting_mrr: i128,
    pub mrr: i128,
    pub arr: i128,
    pub starting_customers: i64,
    pub customers: i64,
    pub moves: MonthMoves,
    pub net_new_mrr: i128,
    pub logo_churn_rate: Option<f64>,
    pub gross_mrr_churn_rate: Option<f64>,
    pub net_mrr_churn_rate: Option<f64>,
    pub nrr: Option<f64>,
    pub grr: Option<f64>,
    pub quick_ratio: Option<f64>,
    pub cash_collected: i128,
}

impl SaasSummary {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn scale(&self) -> u32 {
        self.scale
    }

    pub(crate) fn raise_scale(&mut self, scale: u32) -> Result<()> {
        if scale > self.scale {
            for moves in self.months.values_mut() {
                for a in moves.amount.iter_mut() {
                    *a = money::rescale(*a, self.scale, scale)?;
                }
            }
            rescale_map(&mut self.cash, self.scale, scale)?;
            self.scale = scale;
        }
        Ok(())
    }

    /// Adds one customer's history.
    pub fn add_history(&mut self, h: &MrrHistory) -> Result<()> {
        self.raise_scale(h.scale)?;
        let (from, to) = (h.scale, self.scale);
        let mut previous = 0i128;
        let mut paid = false;
        for (m, value) in h.mrr_steps() {
            let value = money::rescale(value, from, to)?;
            if let Some(category) = Movement::classify(previous, value, paid) {
                let moves = self.months.entry(m).or_default();
                let i = index(category);
                moves.amount[i] = money::add(moves.amount[i], (value - previous).abs())?;
                moves.customers[i] += 1;
            }
            paid |= value > 0;
            previous = value;
        }
        for (&key, &v) in &h.cash {
            add_change(&mut self.cash, key, money::rescale(v, from, to)?)?;
        }
        Ok(())
    }

    /// Adds another summary (rollup, parallel combine).
    pub fn merge(&mut self, other: &SaasSummary) -> Result<()> {
        self.raise_scale(other.scale)?;
        let (from, to) = (other.scale, self.scale);
        for (&m, moves) in &other.months {
            let mut scaled = *moves;
            for a in scaled.amount.iter_mut() {
                *a = money::rescale(*a, from, to)?;
            }
            self.months.entry(m).or_default().add(&scaled)?;
        }
        for (&key, &v) in &other.cash {
            add_change(&mut self.cash, key, money::rescale(v, from, to)?)?;
        }
        Ok(())
    }

    fn first_month(&self) -> Option<Month> {
        let a = self.months.keys().next().copied();
        let b = self.cash.keys().next().map(|&(m, _)| m);
        a.into_iter().chain(b).min()
    }

    /// The last month in which MRR moves or a billing stream starts or makes its last collection.
    fn default_last_month(&self) -> Option<Month> {
        let a = self.months.keys().next_back().copied();
        let b = self.cash.iter().map(|(&(m, k), &v)| if v > 0 { m } else { m - k }).max();
        a.into_iter().chain(b).max()
    }

    /// Monthly metrics from the first month with any movement or cash through the
    /// month of `through` (default: the last month in which anything changes).
    pub fn metrics(&self, through: Option<Day>) -> MetricsIter {
        self.clone().into_metrics(through)
    }

    /// [`SaasSummary::metrics`], consuming the summary (the iterator owns it).
    pub fn into_metrics(self, through: Option<Day>) -> MetricsIter {
        let first = self.first_month();
        let last = match through {
            Some(d) => Some(month_of(d)),
            None => self.default_last_month(),
        };
        let intervals: BTreeSet<i32> = self.cash.keys().map(|&(_, k)| k).collect();
        MetricsIter {
            summary: self,
            month: first.unwrap_or(Month::MAX),
            last: last.unwrap_or(Month::MIN),
            mrr: 0,
            customers: 0,
            streams: HashMap::new(),
            intervals: intervals.into_iter().collect(),
        }
    }
}

/// Lazily yields [`MetricsRow`]s; amounts cannot overflow for validated summaries
/// of non-overflowing histories, but every sum is still checked.
pub struct MetricsIter {
    summary: SaasSummary,
    month: Month,
    last: Month,
    mrr: i128,
    customers: i64,
    /// (billing interval, month mod interval) -> amount collected on that cycle.
    streams: HashMap<(i32, i32), i128>,
    intervals: Vec<i32>,
}

impl MetricsIter {
    fn row(&mut self) -> Result<MetricsRow> {
        let m = self.month;
        let s = &self.summary;
        let moves = s.months.get(&m).copied().unwrap_or_default();
        let a = |c| moves.amount(c);
        let gained = money::add(money::add(a(Movement::New), a(Movement::Expansion))?, a(Movement::Reactivation))?;
        let lost = money::add(a(Movement::Churn), a(Movement::Contraction))?;
        let starting_mrr = self.mrr;
        let starting_customers = self.customers;
        let net_new_mrr = money::add(gained, -lost)?;
        self.mrr = money::add(self.mrr, net_new_mrr)?;
        self.customers = self
            .customers
            .saturating_add(moves.customers(Movement::New))
            .saturating_add(moves.customers(Movement::Reactivation))
            .saturating_sub(moves.customers(Movement::Churn));
        for (&(_, k), &v) in s.cash.range((m, i32::MIN)..=(m, i32::MAX)) {
            let slot = self.streams.entry((k, m.rem_euclid(k))).or_insert(0);
            *slot = money::add(*slot, v)?;
        }
        let mut cash = 0i128;
        for &k in &self.intervals {
            if let Some(&v) = self.streams.get(&(k, m.rem_euclid(k))) {
                cash = money::add(cash, v)?;
            }
        }
        let scale = s.scale;
        let churned = moves.customers(Movement::Churn);
        let retained = money::add(starting_mrr, -lost)?;
        Ok(MetricsRow {
            month: month_start(m),
            starting_mrr,
            mrr: self.mrr,
            arr: money::mul(self.mrr, 12)?,
            starting_customers,
            customers: self.customers,
            moves,
            net_new_mrr,
            logo_churn_rate: if starting_customers == 0 {
                None
            } else {
                Some(churned as f64 / starting_customers as f64)
            },
            gross_mrr_churn_rate: money::ratio(lost, starting_mrr, scale),
            net_mrr_churn_rate: money::ratio(
                money::add(lost, -money::add(a(Movement::Expansion), a(Movement::Reactivation))?)?,
                starting_mrr,
                scale,
            ),
            nrr: money::ratio(money::add(retained, a(Movement::Expansion))?, starting_mrr, scale),
            grr: money::ratio(retained, starting_mrr, scale),
            quick_ratio: money::ratio(gained, lost, scale),
            cash_collected: cash,
        })
    }
}

impl Iterator for MetricsIter {
    type Item = Result<MetricsRow>;

    fn next(&mut self) -> Option<Result<MetricsRow>> {
        if self.month > self.last {
            return None;
        }
        let row = self.row();
        self.month += 1;
        if row.is_err() {
            self.last = Month::MIN;
        }
        Some(row)
    }
}

fn text_error(message: impl Into<String>) -> Error {
    Error::invalid_text(
        message,
        "saas_summary text looks like {\"version\":1,\"scale\":0,\"months\":[{\"month\":\"2024-01-01\",\"new\":[\"50\",1]}],\"cash\":[[\"2024-01-01\",1,\"50\"]]}; produce it with saas_agg().",
    )
}

impl SaasSummary {
    fn validate(&self) -> std::result::Result<(), String> {
        if self.scale > MAX_SCALE {
            return Err("scale out of range".into());
        }
        let (mut mrr, mut customers) = (0i128, 0i64);
        for (&m, moves) in &self.months {
            let when = day::format(month_start(m));
            if moves.amount.iter().any(|&a| a < 0)
                || moves.customers.iter().any(|&c| c < 0)
                || (0..5).any(|i| (moves.amount[i] == 0) != (moves.customers[i] == 0))
                || moves.customers.iter().all(|&c| c == 0)
            {
                return Err(format!("movements of {when} are empty, negative or have amounts without customers"));
            }
            for (i, c) in CATEGORIES.iter().enumerate() {
                let signed = if matches!(c, Movement::Churn | Movement::Contraction) {
                    -moves.amount[i]
                } else {
                    moves.amount[i]
                };
                mrr = mrr.checked_add(signed).ok_or("MRR out of range")?;
            }
            let net = i128::from(moves.customers[0]) + i128::from(moves.customers[4]) - i128::from(moves.customers[3]);
            customers = i64::try_from(i128::from(customers) + net).map_err(|_| "customer count out of range")?;
            if mrr < 0 || customers < 0 {
                return Err(format!("MRR or paying customers would become negative in {when}"));
            }
        }
        validate_cash(&self.cash)
    }
}

impl crate::codec::TextForm for SaasSummary {
    /// The text form: JSON that round-trips exactly through [`SaasSummary::from_text`].
    /// Each month lists its non-empty movements as `[MRR moved, customers]`.
    fn to_text(&self) -> String {
        let months: Vec<Value> = self
            .months
            .iter()
            .map(|(&m, moves)| {
                let mut obj = Map::new();
                obj.insert("month".into(), json!(day::format(month_start(m))));
                for (i, c) in CATEGORIES.iter().enumerate() {
                    if moves.customers[i] != 0 {
                        obj.insert(
                            c.name().into(),
                            json!([money::format_units(moves.amount[i], self.scale), moves.customers[i]]),
                        );
                    }
                }
                Value::Object(obj)
            })
            .collect();
        json!({
            "version": <Self as Versioned>::VERSION,
            "scale": self.scale,
            "months": months,
            "cash": history::cash_to_json(&self.cash, self.scale),
        })
        .to_string()
    }

    fn from_text(text: &str) -> Result<Self> {
        let error = |m: String| text_error(m);
        let value: Value = serde_json::from_str(text)
            .map_err(|e| text_error(format!("invalid input syntax for type saas_summary: {e}")))?;
        let obj = value.as_object().ok_or_else(|| text_error("saas_summary text must be a JSON object"))?;
        match obj.get("version").and_then(Value::as_u64) {
            Some(v) if v >= 1 && v <= u64::from(<Self as Versioned>::VERSION) => {}
            _ => return Err(text_error("saas_summary text needs \"version\": 1")),
        }
        let scale = parse_scale(obj, &error)?;
        let mut months = BTreeMap::new();
        let items = match obj.get("months") {
            None => Vec::new(),
            Some(v) => v.as_array().cloned().ok_or_else(|| text_error("\"months\" must be an array of objects"))?,
        };
        for item in &items {
            let o = item.as_object().ok_or_else(|| text_error("each entry of \"months\" must be an object"))?;
            let m = parse_month(o.get("month").unwrap_or(&Value::Null), &error)?;
            let mut moves = MonthMoves::default();
            for (key, v) in o {
                if key == "month" {
                    continue;
                }
                let i = CATEGORIES.iter().position(|c| c.name() == key).ok_or_else(|| {
                    text_error(format!(
                        "unknown movement \"{key}\"; use new, expansion, contraction, churn or reactivation"
                    ))
                })?;
                let pair = v
                    .as_array()
                    .filter(|a| a.len() == 2)
                    .ok_or_else(|| text_error(format!("\"{key}\" must be [mrr, customers]")))?;
                moves.amount[i] = parse_amount(&pair[0], scale, &error)?;
                moves.customers[i] =
                    pair[1].as_i64().ok_or_else(|| text_error(format!("customers of \"{key}\" must be an integer")))?;
            }
            if months.insert(m, moves).is_some() {
                return Err(text_error("each month may appear only once in \"months\""));
            }
        }
        let cash = cash_from_json(obj.get("cash"), scale, &error)?;
        let summary = SaasSummary { scale, months, cash };
        summary.validate().map_err(text_error)?;
        Ok(summary)
    }
}

impl crate::codec::Summary for SaasSummary {
    fn combine(&mut self, other: &Self) -> Result<()> {
        self.merge(other)
    }

    /// Running MRR and customers of the months, and cash, may overflow after many
    /// histories or merges (see [`check_merged`]); customer counts below 2^40 a
    /// month cannot overflow a running i64.
    fn check_storable(&self) -> Result<()> {
        let large = large_amounts(self.months.values().flat_map(|m| &m.amount).chain(self.cash.values()))
            || self.months.values().flat_map(|m| m.customers).any(|c| c >= 1 << 40);
        check_merged(large, || self.validate())
    }
}

impl Versioned for SaasSummary {
    const TYPE_NAME: &'static str = "saas_summary";
    const VERSION: u8 = 1;

    fn encode_body(&self, w: &mut Writer) {
        w.varint(u64::from(self.scale));
        w.varint(self.months.len() as u64);
        let mut previous: i64 = 0;
        for (&m, moves) in &self.months {
            w.signed(i64::from(m) - previous);
            previous = i64::from(m);
            for i in 0..5 {
                money::write_i128(w, moves.amount[i]);
                w.signed(moves.customers[i]);
            }
        }
        encode_cash(w, &self.cash);
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let scale = r.varint()?;
        if scale > u64::from(MAX_SCALE) {
            return Err(Error::corrupted("saas_summary scale out of range"));
        }
        let n = r.len()?;
        let mut months = BTreeMap::new();
        let mut previous: i64 = 0;
        for i in 0..n {
            let gap = r.signed()?;
            if i > 0 && gap <= 0 {
                return Err(Error::corrupted("saas_summary months out of order"));
            }
            let m = check_month(previous.saturating_add(gap))?;
            previous = i64::from(m);
            let mut moves = MonthMoves::default();
            for i in 0..5 {
                moves.amount[i] = money::read_i128(r)?;
                moves.customers[i] = r.signed()?;
            }
            months.insert(m, moves);
        }
        let cash = decode_cash(r)?;
        let summary = SaasSummary { scale: scale as u32, months, cash };
        summary.validate().map_err(|e| Error::corrupted(format!("invalid saas_summary: {e}")))?;
        Ok(summary)
    }
}
