//! Usage summaries: how often and how intensely a customer uses the product.
//!
//! A [`UsageSummary`] holds, for the whole group and per feature, the number of
//! events, the exact total quantity and the set of active days. Summaries merge
//! associatively and commutatively, so serial scans, parallel workers and
//! rollups of stored summaries give identical results.
//!
//! One module per concern: [`activity`] (events, quantity and days of one stream),
//! this module (the summary and its accessors), [`frequency`] (windows, classes,
//! trend), [`builder`] (the buffered state of `usage_agg`), [`segment`]
//! (light/moderate/heavy and quadrants) and [`text`] (the JSON text form).

mod activity;
mod builder;
mod features;
mod frequency;
mod segment;
mod signals;
#[cfg(test)]
mod tests;
mod text;

use crate::codec::{Reader, Versioned, Writer};
use crate::day::{Day, Period};
pub use crate::day_set::{DaySet, MAX_DAY, MIN_DAY};
use crate::error::check_measure;
use crate::{Error, Result};

pub use activity::Activity;
pub(crate) use builder::Fnv;
pub use builder::{FeatureNames, SharedFeatureNames, UsageBuilder};
pub use features::Features;
pub use frequency::FrequencyThresholds;
pub use segment::{quadrant, segment};
pub use signals::{hypergeometric_cdf, AlertThresholds, UsageDrop, VECTOR_COMPONENTS};

/// The usage of one group (a user, an account, a day, a shard …).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UsageSummary {
    pub total: Activity,
    pub features: Features,
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
            self.features.entry(name).record(day, quantity);
        }
        Ok(())
    }

    /// Adds another summary into this one; an event count beyond 2^64 or a
    /// quantity beyond float8 is an error (22003): such a value could not be read back.
    pub fn merge(&mut self, other: &UsageSummary) -> Result<()> {
        self.total.merge(&other.total)?;
        for (name, f) in other.features.iter() {
            match self.features.get_mut(name) {
                Some(mine) => mine.merge(f)?,
                None => *self.features.entry(name) = f.clone(),
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
}

impl crate::codec::Summary for UsageSummary {
    fn combine(&mut self, other: &Self) -> Result<()> {
        self.merge(other)
    }

    /// Merges the stored form feature by feature in one walk over both sorted
    /// feature lists, checking what [`Versioned::from_bytes`] checks.
    fn combine_stored(&mut self, bytes: &[u8]) -> Result<()> {
        let mut r = Reader::new(bytes);
        let version = r.u8()?;
        if version == 0 || version > Self::VERSION {
            return Self::from_bytes(bytes).map(|_| ());
        }
        let total = Activity::decode(&mut r)?;
        let n = r.len()?;
        let (mut cursor, mut previous) = (0, None);
        for _ in 0..n {
            let name = r.str()?;
            let activity = Activity::decode(&mut r)?;
            if previous.is_some_and(|p: &str| p >= name) {
                return Err(Error::corrupted("usage_summary features out of order"));
            }
            if !activity.is_within(&total)? {
                return Err(Error::corrupted(format!("feature \"{name}\" has activity outside the summary's totals")));
            }
            self.features.merge_ascending(&mut cursor, name, activity)?;
            previous = Some(name);
        }
        if !r.is_empty() {
            return Err(Error::corrupted("trailing bytes after a usage_summary value"));
        }
        self.total.merge(&total)
    }
}

impl Versioned for UsageSummary {
    const TYPE_NAME: &'static str = "usage_summary";
    const VERSION: u8 = 1;

    fn encode_body(&self, w: &mut Writer) {
        self.total.encode(w);
        w.varint(self.features.len() as u64);
        for (name, f) in self.features.iter() {
            w.str(name);
            f.encode(w);
        }
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let total = Activity::decode(r)?;
        let n = r.len()?;
        let mut features = Features::new();
        for _ in 0..n {
            let name = r.str()?;
            if !features.push_sorted(name, Activity::decode(r)?) {
                return Err(Error::corrupted("usage_summary features out of order"));
            }
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
            return UsageSummary::from_bytes(bytes).map(|s| UsageTotals::of(&s));
        }
        let total = Activity::decode(&mut r)?;
        let feature_breadth = r.len()?;
        Ok(UsageTotals { summary: UsageSummary { total, features: Features::new() }, feature_breadth })
    }
}

impl UsageTotals {
    /// The totals of a summary held in memory (a rollup's state).
    pub fn of(summary: &UsageSummary) -> Self {
        UsageTotals {
            summary: UsageSummary { total: summary.total.clone(), features: Features::new() },
            feature_breadth: summary.feature_breadth(),
        }
    }
}
