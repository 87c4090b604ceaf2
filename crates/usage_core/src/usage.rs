//! Usage summaries: how often and how intensely a customer uses the product.
//!
//! A [`UsageSummary`] holds, for the whole group and per feature, the number of
//! events, the exact total quantity and the set of active days. Summaries merge
//! associatively and commutatively, so serial scans, parallel workers and
//! rollups of stored summaries give identical results.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use serde_json::Value;

use crate::codec::{Reader, Versioned, Writer};
#[cfg(test)]
use crate::day;
use crate::day::{Day, Period};
pub use crate::day_set::{DaySet, MAX_DAY, MIN_DAY};
use crate::error::check_measure;
use crate::exact_sum::ExactSum;
use crate::{Error, ErrorKind, Result};

/// Maps a day to a bitmap key, preserving order (flips the sign bit).
#[inline]
fn key(day: Day) -> u32 {
    (day as u32) ^ 0x8000_0000
}

#[inline]
fn unkey(k: u32) -> Day {
    (k ^ 0x8000_0000) as Day
}

fn add_events(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b).ok_or_else(|| {
        Error::new(
            ErrorKind::NumericOutOfRange,
            "event count is out of range (more than 2^64 events)",
            "Roll up fewer summaries at once; a count this large comes from corrupted or hand-written values.",
        )
    })
}

fn text_error(message: impl Into<String>) -> Error {
    Error::invalid_text(
        message,
        "usage_summary text looks like {\"version\":1,\"events\":2,\"quantity\":3.5,\"days\":[\"2024-01-01/2024-01-02\"],\"features\":{}}; produce it with usage_agg().",
    )
}

/// Events, exact quantity and active days of one stream of activity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Activity {
    pub events: u64,
    pub quantity: ExactSum,
    pub days: DaySet,
}

impl Activity {
    #[inline]
    fn record(&mut self, day: Day, quantity: f64) {
        self.events += 1;
        self.quantity.add(quantity);
        self.days.insert(day);
    }

    fn merge(&mut self, other: &Activity) -> Result<()> {
        self.events = add_events(self.events, other.events)?;
        self.quantity.merge(&other.quantity);
        self.days.union_with(&other.days);
        Ok(())
    }

    /// The stored form of the quantity (see [`ExactSum::canonical_partials`]).
    fn quantity_partials(&self) -> Cow<'_, [f64]> {
        // Only a total beyond float8 has no canonical form; `value()` reports it later.
        self.quantity.canonical_partials().unwrap_or(Cow::Borrowed(self.quantity.partials()))
    }

    fn encode(&self, w: &mut Writer) {
        w.varint(self.events);
        let partials = self.quantity_partials();
        w.varint(partials.len() as u64);
        partials.iter().for_each(|&p| w.f64(p));
        self.days.encode(w);
    }

    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let events = r.varint()?;
        let n = r.len()?;
        let partials = (0..n).map(|_| r.f64()).collect::<Result<Vec<_>>>()?;
        let quantity = ExactSum::from_partials(&partials)?;
        let days = DaySet::decode(r)?;
        let activity = Activity { events, quantity, days };
        activity.validate().map_err(|e| Error::corrupted(e.message))?;
        Ok(activity)
    }

    /// Invariants every summary satisfies: a day is active only if it had an event,
    /// and the quantity is a finite non-negative number.
    fn validate(&self) -> Result<()> {
        if self.events < self.days.len() {
            return Err(text_error(format!("{} events cannot cover {} active days", self.events, self.days.len())));
        }
        if self.events > 0 && self.days.is_empty() {
            return Err(text_error("events without active days"));
        }
        let q = self.quantity.value()?;
        if q < 0.0 {
            return Err(text_error("quantity must not be negative"));
        }
        Ok(())
    }

    /// Appends the members `"days":[..],"events":N` and, after `between` (the
    /// members that sort between them), `"quantity":Q`: the keys in the sorted
    /// order of a JSON object (serde_json's), numbers as serde_json writes them.
    fn write_json(&self, out: &mut String, between: impl FnOnce(&mut String)) {
        out.push_str("\"days\":");
        self.days.write_json(out);
        out.push_str(",\"events\":");
        out.push_str(&self.events.to_string());
        between(out);
        out.push_str(",\"quantity\":");
        let partials = self.quantity_partials();
        let number = |v: &f64| serde_json::to_string(v).unwrap_or_else(|_| "null".into());
        match &*partials {
            [] => out.push_str("0.0"),
            [single] => out.push_str(&number(single)),
            many => {
                out.push('[');
                out.push_str(&many.iter().map(number).collect::<Vec<_>>().join(","));
                out.push(']');
            }
        }
    }

    fn from_json(value: &Value, what: &str) -> Result<Self> {
        let obj = value.as_object().ok_or_else(|| text_error(format!("{what} must be a JSON object")))?;
        for k in obj.keys() {
            if !matches!(k.as_str(), "events" | "quantity" | "days" | "version" | "features") {
                return Err(text_error(format!("unknown key \"{k}\" in {what}")));
            }
        }
        let events = obj
            .get("events")
            .and_then(Value::as_u64)
            .ok_or_else(|| text_error(format!("{what} needs \"events\", a non-negative integer")))?;
        let quantity = match obj.get("quantity") {
            Some(Value::Number(n)) => vec![n.as_f64().unwrap_or(f64::NAN)],
            Some(Value::Array(items)) => items.iter().map(|v| v.as_f64().unwrap_or(f64::NAN)).collect(),
            _ => return Err(text_error(format!("{what} needs \"quantity\", a number"))),
        };
        if quantity.iter().any(|q| !q.is_finite()) {
            return Err(text_error(format!("\"quantity\" of {what} must be finite")));
        }
        let quantity = ExactSum::from_partials(&quantity).map_err(|_| text_error("quantity must be finite"))?;
        let days = obj.get("days").ok_or_else(|| text_error(format!("{what} needs \"days\"")))?;
        let days = DaySet::from_json(days, |m| text_error(m))?;
        let activity = Activity { events, quantity, days };
        activity.validate()?;
        Ok(activity)
    }
}

/// The usage of one group (a user, an account, a day, a shard …).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UsageSummary {
    pub total: Activity,
    pub features: BTreeMap<String, Activity>,
}

impl UsageSummary {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one event. The quantity must be finite and non-negative.
    #[inline]
    pub fn record(&mut self, day: Day, quantity: f64, feature: Option<&str>) -> Result<()> {
        check_measure("quantity", quantity)?;
        self.total.record(day, quantity);
        if let Some(name) = feature {
            match self.features.get_mut(name) {
                Some(f) => f.record(day, quantity),
                None => {
                    let mut f = Activity::default();
                    f.record(day, quantity);
                    self.features.insert(name.to_owned(), f);
                }
            }
        }
        Ok(())
    }

    /// Adds another summary into this one; an event count beyond 2^64 is an error.
    pub fn merge(&mut self, other: &UsageSummary) -> Result<()> {
        self.total.merge(&other.total)?;
        for (name, f) in &other.features {
            match self.features.get_mut(name) {
                Some(mine) => mine.merge(f)?,
                None => {
                    self.features.insert(name.clone(), f.clone());
                }
            }
        }
        Ok(())
    }

    pub fn events(&self) -> u64 {
        self.total.events
    }
    pub fn total_quantity(&self) -> Result<f64> {
        self.total.quantity.value()
    }
    pub fn first_seen(&self) -> Option<Day> {
        self.total.days.first()
    }
    pub fn last_seen(&self) -> Option<Day> {
        self.total.days.last()
    }
    pub fn active_days(&self) -> u64 {
        self.total.days.len()
    }
    pub fn active_days_between(&self, from: Day, to: Day) -> u64 {
        self.total.days.count_between(from, to)
    }
    pub fn active_periods(&self, period: Period) -> u64 {
        self.total.days.count_periods(period)
    }
    pub fn days(&self) -> &DaySet {
        &self.total.days
    }

    /// Days from the last active day on or before `as_of` to `as_of`; `None` when
    /// there was no activity up to `as_of`. Later activity is ignored.
    pub fn recency_days(&self, as_of: Day) -> Option<i64> {
        self.total.days.last_on_or_before(as_of).map(|d| i64::from(as_of) - i64::from(d))
    }

    /// Days from the first active day to `as_of`; `None` when first seen after `as_of`.
    pub fn tenure_days(&self, as_of: Day) -> Option<i64> {
        self.first_seen().filter(|&f| f <= as_of).map(|f| i64::from(as_of) - i64::from(f))
    }

    pub fn feature_breadth(&self) -> usize {
        self.features.len()
    }
    pub fn feature_events(&self, feature: &str) -> u64 {
        self.features.get(feature).map_or(0, |f| f.events)
    }
    pub fn feature(&self, feature: &str) -> Option<&Activity> {
        self.features.get(feature)
    }

    /// Quantity per active day; `None` for a summary without active days.
    pub fn intensity(&self) -> Result<Option<f64>> {
        let days = self.active_days();
        if days == 0 {
            return Ok(None);
        }
        Ok(Some(self.total_quantity()? / days as f64))
    }

    /// Share of the `window_days` days ending at `as_of` (inclusive) with activity.
    pub fn frequency(&self, as_of: Day, window_days: i32) -> Result<f64> {
        let window = check_window(window_days)?;
        let active = self.active_days_between(window_start(as_of, window), as_of);
        Ok(active as f64 / f64::from(window))
    }

    /// Classifies how often the group is active, see [`FrequencyThresholds`].
    pub fn frequency_class(&self, as_of: Day, t: &FrequencyThresholds) -> Result<&'static str> {
        t.validate()?;
        let days = &self.total.days;
        if days.first().is_none_or(|f| f > as_of) {
            return Ok("non_user");
        }
        let start = window_start(as_of, 28);
        if days.count_between(start, as_of) >= u64::from(t.daily_min_days as u32) {
            return Ok("daily");
        }
        let active_weeks = (0..4)
            .filter(|w| {
                let end = as_of - 7 * w;
                days.count_between(end - 6, end) > 0
            })
            .count();
        if active_weeks >= t.weekly_min_weeks as usize {
            return Ok("weekly");
        }
        if days.count_between(window_start(as_of, t.monthly_window_days), as_of) > 0 {
            return Ok("monthly");
        }
        Ok("lapsed")
    }

    /// Relative change of active days: the recent half of the window against the
    /// earlier half. `None` when the earlier half had no activity.
    pub fn trend(&self, as_of: Day, window_days: i32) -> Result<Option<f64>> {
        let window = check_window(window_days)?;
        if window < 2 || window % 2 != 0 {
            return Err(Error::invalid_parameter(
                format!("window_days must be an even number of at least 2, got {window_days}"),
                "The window is split into two equal halves, e.g. 56 compares the last 28 days with the 28 before.",
            ));
        }
        let half = window / 2;
        let recent = self.active_days_between(as_of - half + 1, as_of) as f64;
        let earlier = self.active_days_between(as_of - window + 1, as_of - half) as f64;
        Ok(if earlier == 0.0 { None } else { Some((recent - earlier) / earlier) })
    }
}

/// The running state of `usage_agg`: a summary plus a short buffer of events not
/// yet folded into it.
///
/// Folding each event straight into the summary chases pointers into the bitmaps,
/// exact sums and feature map of one group among thousands, a cache miss per
/// step. The builder appends events to its buffer instead and folds them in
/// batches, sorted by feature and day, while that group's memory is hot. The
/// summaries it builds equal those of [`UsageSummary::record`] event by event.
#[derive(Debug, Clone, Default)]
pub struct UsageBuilder {
    summary: UsageSummary,
    names: SharedFeatureNames,
    pending: Vec<PendingEvent>,
}

/// Feature names numbered in order of appearance. One table serves all the groups
/// of an aggregate call, so it stays in cache while the groups' states do not.
#[derive(Debug, Default)]
pub struct FeatureNames {
    names: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32, BuildHasherDefault<Fnv>>,
}

pub type SharedFeatureNames = Rc<RefCell<FeatureNames>>;

impl FeatureNames {
    pub fn shared() -> SharedFeatureNames {
        SharedFeatureNames::default()
    }

    /// The number of `name`, given on first sight.
    pub fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.into());
        self.ids.insert(name.into(), id);
        id
    }
}

/// FNV-1a: feature names are short, so a simple hash beats SipHash here.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let seed = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        self.0 = bytes.iter().fold(seed, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// An event in the buffer: `(feature id << 32) | day key`, so sorting by `key`
/// groups events by feature, then by day.
#[derive(Debug, Clone, Copy)]
struct PendingEvent {
    key: u64,
    quantity: f64,
}

/// Feature id of events without a feature: sorts after every named one.
const NO_FEATURE: u64 = u32::MAX as u64;
const FOLD_EVERY: usize = 64;

impl UsageBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder that numbers feature names in a table shared with other builders.
    pub fn with_names(names: SharedFeatureNames) -> Self {
        UsageBuilder { names, ..Self::default() }
    }

    /// Records one event. The quantity must be finite and non-negative.
    #[inline]
    pub fn record(&mut self, day: Day, quantity: f64, feature: Option<&str>) -> Result<()> {
        let id = feature.map(|name| self.names.borrow_mut().id(name));
        self.record_numbered(day, quantity, id)
    }

    /// Records one event of a feature numbered by [`FeatureNames::id`] in this
    /// builder's table (the SQL layer numbers names in the table's own memory).
    #[inline]
    pub fn record_numbered(&mut self, day: Day, quantity: f64, feature: Option<u32>) -> Result<()> {
        check_measure("quantity", quantity)?;
        self.push(feature.map_or(NO_FEATURE, u64::from), key(day), quantity);
        Ok(())
    }

    /// The feature-name table this builder numbers features in.
    pub fn names(&self) -> &SharedFeatureNames {
        &self.names
    }

    #[inline]
    fn push(&mut self, id: u64, day_key: u32, quantity: f64) {
        // The buffer grows from a few events (a group of a day or a month holds few)
        // up to FOLD_EVERY, and is then reused.
        self.pending.push(PendingEvent { key: id << 32 | u64::from(day_key), quantity });
        if self.pending.len() >= FOLD_EVERY {
            self.fold();
        }
    }

    /// Folds the buffered events into the summary.
    fn fold(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        // The total first, in arrival order: usually time order, so days append.
        let total = &mut self.summary.total;
        total.events += self.pending.len() as u64;
        for e in &self.pending {
            total.quantity.add(e.quantity);
            total.days.insert(unkey(e.key as u32));
        }
        // Then each feature's run of events, one map lookup per run.
        self.pending.sort_unstable_by_key(|e| e.key);
        let names = self.names.borrow();
        for run in self.pending.chunk_by(|a, b| a.key >> 32 == b.key >> 32) {
            let id = run[0].key >> 32;
            if id == NO_FEATURE {
                continue;
            }
            let name = &*names.names[id as usize];
            if !self.summary.features.contains_key(name) {
                self.summary.features.insert(name.to_owned(), Activity::default());
            }
            let Some(activity) = self.summary.features.get_mut(name) else { continue };
            activity.events += run.len() as u64;
            for e in run {
                activity.quantity.add(e.quantity);
                activity.days.insert(unkey(e.key as u32));
            }
        }
        drop(names);
        self.pending.clear();
    }

    /// Adds another builder's events into this one. Feature names are only ever
    /// numbered by [`UsageBuilder::record`]: the table may live in a memory of its
    /// own (the SQL layer keeps it for the whole query), so merging never adds to it.
    pub fn merge(&mut self, other: &UsageBuilder) -> Result<()> {
        self.fold();
        if Rc::ptr_eq(&self.names, &other.names) {
            self.summary.merge(&other.summary)?;
            for e in &other.pending {
                self.push(e.key >> 32, e.key as u32, e.quantity);
            }
            self.fold();
        } else {
            let mut other = other.clone();
            self.summary.merge(other.summary())?;
        }
        Ok(())
    }

    /// The summary of every event recorded so far.
    pub fn summary(&mut self) -> &UsageSummary {
        self.fold();
        &self.summary
    }
}

impl From<UsageSummary> for UsageBuilder {
    fn from(summary: UsageSummary) -> Self {
        UsageBuilder { summary, ..Self::default() }
    }
}

fn window_start(as_of: Day, window: i32) -> Day {
    as_of.saturating_sub(window - 1)
}

fn check_window(window_days: i32) -> Result<i32> {
    if !(1..=36_525).contains(&window_days) {
        return Err(Error::invalid_parameter(
            format!("window_days must be between 1 and 36525, got {window_days}"),
            "Pass the length of the look-back window in days, e.g. 28.",
        ));
    }
    Ok(window_days)
}

/// Thresholds of [`UsageSummary::frequency_class`], all over windows ending at `as_of`:
/// `daily` when active on at least `daily_min_days` of the last 28 days; otherwise
/// `weekly` when active in at least `weekly_min_weeks` of the last four 7-day weeks;
/// otherwise `monthly` when active at all in the last `monthly_window_days` days;
/// otherwise `lapsed` (active before) or `non_user` (never active up to `as_of`).
#[derive(Debug, Clone, Copy)]
pub struct FrequencyThresholds {
    pub daily_min_days: i32,
    pub weekly_min_weeks: i32,
    pub monthly_window_days: i32,
}

impl Default for FrequencyThresholds {
    fn default() -> Self {
        FrequencyThresholds { daily_min_days: 20, weekly_min_weeks: 3, monthly_window_days: 30 }
    }
}

impl FrequencyThresholds {
    fn validate(&self) -> Result<()> {
        let hint = "Defaults: daily_min_days 20 (of 28), weekly_min_weeks 3 (of 4), monthly_window_days 30.";
        if !(1..=28).contains(&self.daily_min_days) {
            return Err(Error::invalid_parameter(
                format!("daily_min_days must be between 1 and 28, got {}", self.daily_min_days),
                hint,
            ));
        }
        if !(1..=4).contains(&self.weekly_min_weeks) {
            return Err(Error::invalid_parameter(
                format!("weekly_min_weeks must be between 1 and 4, got {}", self.weekly_min_weeks),
                hint,
            ));
        }
        check_window(self.monthly_window_days).map(|_| ())
    }
}

/// Puts `value` into the segment between population cuts: below `cuts[0]` is
/// `labels[0]`, a value equal to a cut belongs to the segment above it.
pub fn segment<'a>(value: f64, cuts: &[f64], labels: &'a [String]) -> Result<&'a str> {
    if labels.len() != cuts.len() + 1 {
        return Err(Error::new(
            ErrorKind::ArrayMismatch,
            format!("{} cuts need {} labels, got {}", cuts.len(), cuts.len() + 1, labels.len()),
            "n cuts split the values into n + 1 segments: pass one more label than cuts.",
        ));
    }
    if cuts.iter().any(|c| !c.is_finite()) {
        return Err(Error::invalid_parameter(
            "cuts must be finite numbers",
            "Compute the cuts from the population, e.g. percentile_cont(ARRAY[.5,.8]) WITHIN GROUP (ORDER BY x).",
        ));
    }
    if cuts.windows(2).any(|w| w[0] > w[1]) {
        return Err(Error::invalid_parameter(
            format!("cuts must be in ascending order, got {cuts:?}"),
            "Sort the cuts, e.g. percentile_cont(ARRAY[.5,.8]) with ascending fractions.",
        ));
    }
    if value.is_nan() {
        return Err(Error::invalid_data("value must not be NaN", "Filter out NaN values before segmenting."));
    }
    let index = cuts.iter().take_while(|&&c| value >= c).count();
    Ok(labels[index].as_str())
}

/// Places a (frequency, intensity) pair into one of four quadrants; a value equal
/// to its cut counts as high. Labels are low/low, high frequency + low intensity,
/// low frequency + high intensity, high/high.
pub fn quadrant<'a>(
    frequency: f64,
    intensity: f64,
    frequency_cut: f64,
    intensity_cut: f64,
    labels: &'a [String],
) -> Result<&'a str> {
    if labels.len() != 4 {
        return Err(Error::new(
            ErrorKind::ArrayMismatch,
            format!("usage_quadrant needs 4 labels, got {}", labels.len()),
            "Labels are, in order: low/low, high frequency only, high intensity only, high/high.",
        ));
    }
    if [frequency, intensity, frequency_cut, intensity_cut].iter().any(|v| v.is_nan()) {
        return Err(Error::invalid_data("usage_quadrant arguments must not be NaN", "Filter out NaN values first."));
    }
    let index = usize::from(frequency >= frequency_cut) + 2 * usize::from(intensity >= intensity_cut);
    Ok(labels[index].as_str())
}

impl crate::codec::Summary for UsageSummary {
    fn combine(&mut self, other: &Self) -> Result<()> {
        self.merge(other)
    }
}

impl Versioned for UsageSummary {
    const TYPE_NAME: &'static str = "usage_summary";
    const VERSION: u8 = 1;

    fn encode_body(&self, w: &mut Writer) {
        self.total.encode(w);
        w.varint(self.features.len() as u64);
        for (name, f) in &self.features {
            w.str(name);
            f.encode(w);
        }
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let total = Activity::decode(r)?;
        let n = r.len()?;
        let mut features = BTreeMap::new();
        for _ in 0..n {
            let name = r.str()?.to_owned();
            features.insert(name, Activity::decode(r)?);
        }
        let summary = UsageSummary { total, features };
        summary.validate_features().map_err(|e| Error::corrupted(e.message))?;
        Ok(summary)
    }
}

/// The totals of a stored summary and its number of features: all that most
/// accessors read, decoded without the per-feature activity (which is most of a
/// summary's bytes and nearly all of its decoding cost).
#[derive(Debug, Clone)]
pub struct UsageTotals {
    /// The summary's totals; its feature map is left empty.
    pub summary: UsageSummary,
    pub feature_breadth: usize,
}

impl UsageTotals {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut r = Reader::new(bytes);
        let version = r.u8()?;
        if version == 0 || version > <UsageSummary as Versioned>::VERSION {
            // The full decoder words the error.
            return UsageSummary::from_bytes(bytes).map(UsageTotals::from);
        }
        let total = Activity::decode(&mut r)?;
        let feature_breadth = r.len()?;
        Ok(UsageTotals { summary: UsageSummary { total, features: BTreeMap::new() }, feature_breadth })
    }
}

impl From<UsageSummary> for UsageTotals {
    fn from(summary: UsageSummary) -> Self {
        let feature_breadth = summary.feature_breadth();
        UsageTotals { summary: UsageSummary { total: summary.total, features: BTreeMap::new() }, feature_breadth }
    }
}

impl UsageSummary {
    fn validate_features(&self) -> Result<()> {
        for (name, f) in &self.features {
            if f.events > self.total.events || !f.days.is_subset(&self.total.days) {
                return Err(text_error(format!("feature \"{name}\" has activity outside the summary's totals")));
            }
        }
        Ok(())
    }

    /// The text form: JSON that round-trips exactly through [`UsageSummary::from_text`].
    /// Written directly (no JSON tree): a summary has hundreds of day ranges.
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(256);
        out.push('{');
        self.total.write_json(&mut out, |out| {
            out.push_str(",\"features\":{");
            // BTreeMap order is the sorted key order of a JSON object.
            for (i, (name, activity)) in self.features.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(name).unwrap_or_default());
                out.push_str(":{");
                activity.write_json(out, |_| {});
                out.push('}');
            }
            out.push('}');
        });
        out.push_str(&format!(",\"version\":{}}}", <Self as Versioned>::VERSION));
        out
    }

    pub fn from_text(text: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| text_error(format!("invalid input syntax for type usage_summary: {e}")))?;
        let obj = value.as_object().ok_or_else(|| text_error("usage_summary text must be a JSON object"))?;
        match obj.get("version").and_then(Value::as_u64) {
            Some(v) if v >= 1 && v <= u64::from(<Self as Versioned>::VERSION) => {}
            _ => return Err(text_error("usage_summary text needs \"version\": 1")),
        }
        let total = Activity::from_json(&value, "usage_summary")?;
        let mut features = BTreeMap::new();
        if let Some(fs) = obj.get("features") {
            let fs = fs.as_object().ok_or_else(|| text_error("\"features\" must be a JSON object"))?;
            for (name, f) in fs {
                let feature = Activity::from_json(f, &format!("feature \"{name}\""))?;
                if f.get("features").is_some() || f.get("version").is_some() {
                    return Err(text_error(format!("feature \"{name}\" must not nest features")));
                }
                features.insert(name.clone(), feature);
            }
        }
        let summary = UsageSummary { total, features };
        summary.validate_features()?;
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Day {
        day::parse(s).unwrap()
    }

    type Event = (Day, f64, Option<&'static str>);

    fn summarize(events: &[Event]) -> UsageSummary {
        let mut s = UsageSummary::new();
        for &(day, q, f) in events {
            s.record(day, q, f).unwrap();
        }
        s
    }

    fn event() -> impl Strategy<Value = Event> {
        (
            -400i32..400,
            prop_oneof![Just(1.0), 0.0f64..1e6, Just(0.1)],
            prop_oneof![Just(None), Just(Some("export")), Just(Some("search")), Just(Some("api"))],
        )
    }

    #[test]
    fn accessors_on_a_known_history() {
        let s = summarize(&[
            (d("2024-01-01"), 2.0, Some("search")),
            (d("2024-01-01"), 1.0, Some("export")),
            (d("2024-01-03"), 4.5, Some("search")),
            (d("2024-02-10"), 1.0, None),
        ]);
        assert_eq!(s.events(), 4);
        assert_eq!(s.total_quantity().unwrap(), 8.5);
        assert_eq!(s.first_seen(), Some(d("2024-01-01")));
        assert_eq!(s.last_seen(), Some(d("2024-02-10")));
        assert_eq!(s.active_days(), 3);
        assert_eq!(s.active_days_between(d("2024-01-02"), d("2024-02-10")), 2);
        assert_eq!(s.active_periods(Period::Month), 2);
        assert_eq!(s.active_periods(Period::Week), 2);
        assert_eq!(s.recency_days(d("2024-02-01")), Some(29));
        assert_eq!(s.recency_days(d("2023-12-31")), None);
        assert_eq!(s.tenure_days(d("2024-01-31")), Some(30));
        assert_eq!(s.feature_breadth(), 2);
        assert_eq!(s.feature_events("search"), 2);
        assert_eq!(s.feature_events("nothing"), 0);
        assert_eq!(s.intensity().unwrap(), Some(8.5 / 3.0));
        assert_eq!(s.frequency(d("2024-01-03"), 4).unwrap(), 0.5);
        assert!(s.frequency(d("2024-01-03"), 0).is_err());
    }

    #[test]
    fn frequency_classes() {
        let t = FrequencyThresholds::default();
        let as_of = d("2024-03-31");
        let daily = summarize(&(0..28).map(|i| (as_of - i, 1.0, None)).collect::<Vec<_>>());
        let weekly = summarize(&(0..4).map(|w| (as_of - 7 * w - 2, 1.0, None)).collect::<Vec<_>>());
        let monthly = summarize(&[(as_of - 20, 1.0, None)]);
        let lapsed = summarize(&[(as_of - 45, 1.0, None)]);
        let future = summarize(&[(as_of + 1, 1.0, None)]);
        assert_eq!(daily.frequency_class(as_of, &t).unwrap(), "daily");
        assert_eq!(weekly.frequency_class(as_of, &t).unwrap(), "weekly");
        assert_eq!(monthly.frequency_class(as_of, &t).unwrap(), "monthly");
        assert_eq!(lapsed.frequency_class(as_of, &t).unwrap(), "lapsed");
        assert_eq!(future.frequency_class(as_of, &t).unwrap(), "non_user");
        let bad = FrequencyThresholds { daily_min_days: 0, ..t };
        assert!(daily.frequency_class(as_of, &bad).is_err());
    }

    #[test]
    fn trend_halves() {
        let as_of = d("2024-03-31");
        // 2 active days in the earlier 28, 3 in the recent 28: +50 %.
        let s = summarize(&[
            (as_of - 40, 1.0, None),
            (as_of - 30, 1.0, None),
            (as_of, 1.0, None),
            (as_of - 1, 1.0, None),
            (as_of - 27, 1.0, None),
        ]);
        assert_eq!(s.trend(as_of, 56).unwrap(), Some(0.5));
        assert_eq!(summarize(&[(as_of, 1.0, None)]).trend(as_of, 56).unwrap(), None);
        assert!(s.trend(as_of, 7).is_err());
    }

    #[test]
    fn segments_and_quadrants() {
        let labels: Vec<String> = ["light", "moderate", "heavy"].iter().map(|s| s.to_string()).collect();
        assert_eq!(segment(1.0, &[2.0, 5.0], &labels).unwrap(), "light");
        assert_eq!(segment(2.0, &[2.0, 5.0], &labels).unwrap(), "moderate");
        assert_eq!(segment(9.0, &[2.0, 5.0], &labels).unwrap(), "heavy");
        assert_eq!(segment(3.0, &[2.0, 2.0], &labels).unwrap(), "heavy");
        assert!(segment(1.0, &[5.0, 2.0], &labels).is_err());
        assert_eq!(segment(1.0, &[5.0], &labels).unwrap_err().kind, ErrorKind::ArrayMismatch);
        let q: Vec<String> = ["casual", "social", "competitive", "hardcore"].iter().map(|s| s.to_string()).collect();
        assert_eq!(quadrant(0.1, 1.0, 0.5, 5.0, &q).unwrap(), "casual");
        assert_eq!(quadrant(0.9, 1.0, 0.5, 5.0, &q).unwrap(), "social");
        assert_eq!(quadrant(0.1, 9.0, 0.5, 5.0, &q).unwrap(), "competitive");
        assert_eq!(quadrant(0.5, 5.0, 0.5, 5.0, &q).unwrap(), "hardcore");
    }

    #[test]
    fn text_form_escapes_names_and_keeps_partial_sums() {
        let mut b = UsageBuilder::new();
        b.record(10, 1e16, Some("a \"quoted\" \\ name\u{1}é")).unwrap();
        b.record(11, 1.0, Some("a \"quoted\" \\ name\u{1}é")).unwrap();
        b.record(400, 0.1, None).unwrap();
        let s = b.summary().clone();
        let text = s.to_text();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value.to_string(), text);
        assert!(text.contains("\"quantity\":[1.0,1e+16]"), "{text}");
        assert_eq!(UsageSummary::from_text(&text).unwrap(), s);
    }

    #[test]
    fn bad_quantities_and_text() {
        let mut s = UsageSummary::new();
        assert_eq!(s.record(0, f64::NAN, None).unwrap_err().kind, ErrorKind::InvalidData);
        assert!(s.record(0, f64::INFINITY, None).is_err());
        assert!(s.record(0, -1.0, None).is_err());
        assert_eq!(s.events(), 0);
        for bad in [
            "",
            "{}",
            "[]",
            "{\"version\":1}",
            "{\"version\":9,\"events\":1,\"quantity\":1,\"days\":[\"2024-01-01\"]}",
            "{\"version\":1,\"events\":1,\"quantity\":1,\"days\":[\"2024-02-30\"]}",
            "{\"version\":1,\"events\":1,\"quantity\":1,\"days\":[\"2024-01-01\",\"2024-01-02\"]}",
            "{\"version\":1,\"events\":1,\"quantity\":-1,\"days\":[\"2024-01-01\"]}",
            "{\"version\":1,\"events\":1,\"quantity\":1,\"days\":[\"2024-01-05/2024-01-01\"]}",
            "{\"version\":1,\"events\":1,\"quantity\":1,\"days\":[\"2024-01-01\"],\"extra\":1}",
            "{\"version\":1,\"events\":1,\"quantity\":1,\"days\":[\"2024-01-01\"],\"features\":{\"a\":{\"events\":2,\"quantity\":1,\"days\":[\"2024-01-01\"]}}}",
        ] {
            assert_eq!(UsageSummary::from_text(bad).unwrap_err().kind, ErrorKind::InvalidText, "{bad}");
        }
        assert!(UsageSummary::from_bytes(&[]).is_err());
        assert!(UsageSummary::from_bytes(&[2, 0]).is_err());
        assert!(UsageSummary::from_bytes(&[1, 5]).is_err());
    }

    proptest! {
        #[test]
        fn merge_is_associative_and_commutative(a in prop::collection::vec(event(), 0..40),
                                                b in prop::collection::vec(event(), 0..40),
                                                c in prop::collection::vec(event(), 0..40)) {
            let (sa, sb, sc) = (summarize(&a), summarize(&b), summarize(&c));
            let mut left = sa.clone(); left.merge(&sb).unwrap(); left.merge(&sc).unwrap();
            let mut bc = sb.clone(); bc.merge(&sc).unwrap();
            let mut right = sa.clone(); right.merge(&bc).unwrap();
            prop_assert_eq!(&left, &right);
            let mut ba = sb.clone(); ba.merge(&sa).unwrap();
            let mut ab = sa.clone(); ab.merge(&sb).unwrap();
            prop_assert_eq!(&ab, &ba);
            prop_assert_eq!(ab.total_quantity().unwrap(), ba.total_quantity().unwrap());
            let all: Vec<Event> = a.iter().chain(&b).chain(&c).cloned().collect();
            prop_assert_eq!(&left, &summarize(&all));
        }

        #[test]
        fn rollup_of_daily_summaries_equals_summary_of_all_events(events in prop::collection::vec(event(), 0..80)) {
            let mut by_day: BTreeMap<Day, Vec<Event>> = BTreeMap::new();
            for e in &events { by_day.entry(e.0).or_default().push(*e); }
            let mut rolled = UsageSummary::new();
            for day_events in by_day.values() { rolled.merge(&summarize(day_events)).unwrap(); }
            prop_assert_eq!(&rolled, &summarize(&events));
        }

        #[test]
        fn binary_and_text_round_trip(events in prop::collection::vec(event(), 0..60)) {
            let s = summarize(&events);
            let bytes = s.to_bytes();
            let back = UsageSummary::from_bytes(&bytes).unwrap();
            prop_assert_eq!(&back, &s);
            prop_assert_eq!(back.to_bytes(), bytes);
            let text = s.to_text();
            let parsed = UsageSummary::from_text(&text).unwrap();
            prop_assert_eq!(&parsed, &s);
            prop_assert_eq!(parsed.to_text(), text.clone());
            // The text is canonical JSON: serde_json writes the same bytes back
            // (sorted keys, its number format, its string escapes).
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(value.to_string(), text);
        }

        #[test]
        fn builder_equals_event_by_event_summary(events in prop::collection::vec(event(), 0..300),
                                                 cut in 0usize..300) {
            let build = |events: &[Event]| {
                let mut b = UsageBuilder::new();
                events.iter().for_each(|&(day, q, f)| b.record(day, q, f).unwrap());
                b
            };
            let direct = summarize(&events);
            let mut whole = build(&events);
            prop_assert_eq!(whole.summary(), &direct);
            // Merging builders with events still buffered, as parallel workers do.
            let (a, b) = events.split_at(cut.min(events.len()));
            let mut merged = build(a);
            merged.merge(&build(b)).unwrap();
            let names = FeatureNames::shared();
            let mut left = UsageBuilder::with_names(names.clone());
            let mut right = UsageBuilder::with_names(names);
            a.iter().for_each(|&(day, q, f)| left.record(day, q, f).unwrap());
            b.iter().for_each(|&(day, q, f)| right.record(day, q, f).unwrap());
            right.merge(&left).unwrap();
            prop_assert_eq!(right.summary(), &direct);
            let merged = merged.summary().clone();
            prop_assert_eq!(&merged, &direct);
            prop_assert_eq!(merged.to_bytes(), whole.summary().to_bytes());
            let mut resumed = UsageBuilder::from(summarize(a));
            b.iter().for_each(|&(day, q, f)| resumed.record(day, q, f).unwrap());
            prop_assert_eq!(resumed.summary(), &direct);
        }

        #[test]
        fn totals_decode_equals_full_decode(events in prop::collection::vec(event(), 0..200)) {
            let s = summarize(&events);
            let totals = UsageTotals::from_bytes(&s.to_bytes()).unwrap();
            prop_assert_eq!(totals.feature_breadth, s.feature_breadth());
            prop_assert_eq!(&totals.summary.total, &s.total);
            prop_assert!(totals.summary.features.is_empty());
        }

        #[test]
        fn corrupt_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
            let _ = UsageTotals::from_bytes(&bytes);
            let _ = UsageSummary::from_bytes(&bytes);
        }
    }
}
