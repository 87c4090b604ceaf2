//! The running state of `usage_agg`: a summary plus a buffer of events folded in
//! batches, and the feature-name table shared by the groups of one call.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use crate::day::Day;
use crate::error::check_measure;
use crate::Result;

use super::UsageSummary;

/// Maps a day to a bitmap key, preserving order (flips the sign bit).
#[inline]
fn key(day: Day) -> u32 {
    (day as u32) ^ 0x8000_0000
}

#[inline]
fn unkey(k: u32) -> Day {
    (k ^ 0x8000_0000) as Day
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
pub(crate) struct Fnv(u64);

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
            let activity = self.summary.features.entry(name);
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
            self.summary.merge(other.summary()?)?;
        }
        Ok(())
    }

    /// The summary of every event recorded so far.
    /// A total quantity beyond float8 cannot be stored or read back: an error (22003)
    /// here, before any value is written.
    pub fn summary(&mut self) -> Result<&UsageSummary> {
        self.fold();
        self.summary.total_quantity()?;
        Ok(&self.summary)
    }

    /// [`UsageBuilder::summary`] without changing the builder: what final and serial
    /// functions read. PostgreSQL keeps a state after them (HashAggregate holds every
    /// group's until its end), so folding in place would grow each kept state past
    /// what EXPLAIN and the spill decision, which see the states before, measured.
    pub fn to_summary(&self) -> Result<Cow<'_, UsageSummary>> {
        let summary = if self.pending.is_empty() {
            Cow::Borrowed(&self.summary)
        } else {
            let mut copy = self.clone();
            copy.fold();
            Cow::Owned(copy.summary)
        };
        summary.total_quantity()?;
        Ok(summary)
    }
}

impl From<UsageSummary> for UsageBuilder {
    fn from(summary: UsageSummary) -> Self {
        UsageBuilder { summary, ..Self::default() }
    }
}
