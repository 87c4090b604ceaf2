//! Sets of calendar days as sorted runs of consecutive days.
//!
//! Activity comes in runs (a daily user is one run per streak), so a set is kept
//! as its maximal runs, ascending. Every operation costs time in the number of
//! runs, never in the number of days a run spans: a stored value of a few bytes
//! may name millions of days, and reading it must stay as cheap as its size.
//! The binary and text forms are the runs too, so decoding is a copy.

use serde_json::Value;
use smallvec::SmallVec;

use crate::codec::{Reader, Writer};
use crate::day::{self, Day, Period};
use crate::{Error, Result};

pub use crate::day::{MAX_DAY, MIN_DAY};

/// An inclusive run of consecutive days, `first <= last`.
pub type Run = (Day, Day);

/// A set of calendar days: maximal runs, ascending, separated by at least one day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DaySet {
    // Two runs inline: a summary of a day or a month of steady use allocates nothing.
    runs: SmallVec<[Run; 2]>,
}

impl DaySet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a day; a day on or after the last run's end (events in time order) is O(1).
    #[inline]
    pub fn insert(&mut self, day: Day) {
        if let Some(last) = self.runs.last_mut() {
            if day >= last.0 && day <= last.1 {
                return;
            }
            if i64::from(day) == i64::from(last.1) + 1 {
                last.1 = day;
                return;
            }
            if day > last.1 {
                self.runs.push((day, day));
                return;
            }
        } else {
            self.runs.push((day, day));
            return;
        }
        self.insert_range(day, day);
    }

    /// Adds the days `first..=last` (nothing when `first > last`).
    pub fn insert_range(&mut self, first: Day, last: Day) {
        if first > last {
            return;
        }
        // Runs i..j overlap or touch the new one and merge with it.
        let i = self.runs.partition_point(|r| i64::from(r.1) + 1 < i64::from(first));
        let j = self.runs.partition_point(|r| i64::from(r.0) <= i64::from(last) + 1);
        if i == j {
            self.runs.insert(i, (first, last));
        } else {
            let merged = (first.min(self.runs[i].0), last.max(self.runs[j - 1].1));
            self.runs[i] = merged;
            self.runs.drain(i + 1..j);
        }
    }

    pub fn contains(&self, day: Day) -> bool {
        let i = self.runs.partition_point(|r| r.1 < day);
        self.runs.get(i).is_some_and(|r| r.0 <= day)
    }

    /// Number of days in the set.
    pub fn len(&self) -> u64 {
        self.runs.iter().map(|&(a, b)| run_len(a, b)).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }
    pub fn first(&self) -> Option<Day> {
        self.runs.first().map(|r| r.0)
    }
    pub fn last(&self) -> Option<Day> {
        self.runs.last().map(|r| r.1)
    }
    /// The maximal runs, ascending.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// Days of the set in `from..=to` (0 when `from > to`).
    pub fn count_between(&self, from: Day, to: Day) -> u64 {
        if from > to {
            return 0;
        }
        let i = self.runs.partition_point(|r| r.1 < from);
        self.runs[i..].iter().take_while(|r| r.0 <= to).map(|&(a, b)| run_len(a.max(from), b.min(to))).sum()
    }

    /// The latest day in the set on or before `day`.
    pub fn last_on_or_before(&self, day: Day) -> Option<Day> {
        let i = self.runs.partition_point(|r| r.0 <= day);
        i.checked_sub(1).map(|i| self.runs[i].1.min(day))
    }

    /// The earliest day in the set on or after `day`.
    pub fn first_on_or_after(&self, day: Day) -> Option<Day> {
        let i = self.runs.partition_point(|r| r.1 < day);
        self.runs.get(i).map(|r| r.0.max(day))
    }

    /// Every day, ascending: as long as the set, so only for small sets and tests.
    pub fn iter(&self) -> impl Iterator<Item = Day> + '_ {
        self.runs.iter().flat_map(|&(a, b)| a..=b)
    }

    /// Adds every day of `other`. Only the runs of `self` that overlap or touch
    /// `other`'s span are rewritten: a month rolled into a year in any order is
    /// inserted into its gap without touching the rest.
    pub fn union_with(&mut self, other: &DaySet) {
        let (Some(&(first, _)), Some(&(_, last))) = (other.runs.first(), other.runs.last()) else { return };
        let i = self.runs.partition_point(|r| i64::from(r.1) + 1 < i64::from(first));
        let j = self.runs.partition_point(|r| i64::from(r.0) <= i64::from(last) + 1);
        if i == j {
            self.runs.insert_many(i, other.runs.iter().copied());
            return;
        }
        let mut merged: SmallVec<[Run; 2]> = SmallVec::with_capacity(j - i + other.runs.len());
        let (mut a, mut b) = (self.runs[i..j].iter().peekable(), other.runs.iter().peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x.0 <= y.0 => a.next(),
                (Some(_), Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, _) => b.next(),
            };
            let Some(&(s, e)) = next else { break };
            match merged.last_mut() {
                Some(last) if i64::from(s) <= i64::from(last.1) + 1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        self.runs.drain(i..j);
        self.runs.insert_many(i, merged);
    }

    pub fn is_subset(&self, other: &DaySet) -> bool {
        self.runs.iter().all(|&(a, b)| {
            let i = other.runs.partition_point(|r| r.1 < a);
            other.runs.get(i).is_some_and(|r| r.0 <= a && b <= r.1)
        })
    }

    /// Start days of the distinct periods that contain an active day, ascending.
    /// As long as the number of such periods: callers bound it (see `count_periods`).
    pub fn period_starts(&self, period: Period) -> impl Iterator<Item = Day> + '_ {
        self.clone().into_period_starts(period)
    }

    /// [`DaySet::period_starts`] of a set given up, for iterators that outlive it.
    pub fn into_period_starts(self, period: Period) -> impl Iterator<Item = Day> {
        let mut previous: Option<Day> = None;
        self.runs.into_iter().flat_map(move |(a, b)| {
            let mut start = period.start(a);
            if previous == Some(start) {
                start = period.next(start);
            }
            previous = Some(period.start(b));
            std::iter::successors(Some(start), move |&s| Some(period.next(s))).take_while(move |&s| s <= b)
        })
    }

    /// Number of distinct periods with at least one active day, from the runs.
    pub fn count_periods(&self, period: Period) -> u64 {
        let mut count = 0u64;
        let mut previous: Option<i64> = None;
        for &(a, b) in &self.runs {
            let (first, last) = (period.ordinal(a), period.ordinal(b));
            count += (last - first + 1) as u64 - u64::from(previous == Some(first));
            previous = Some(last);
        }
        count
    }

    /// The stored form: the runs as (gap since the previous run's end, length - 1)
    /// varints; a daily user costs a few bytes, a sparse one one or two per day.
    pub(crate) fn encode(&self, w: &mut Writer) {
        w.varint(self.runs.len() as u64);
        let mut previous_end: i64 = 0;
        for (i, &(first, last)) in self.runs.iter().enumerate() {
            if i == 0 {
                w.signed(i64::from(first));
            } else {
                w.varint((i64::from(first) - previous_end) as u64);
            }
            w.varint((last - first) as u64);
            previous_end = i64::from(last);
        }
    }

    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.len()?;
        let mut runs = SmallVec::with_capacity(n);
        let mut previous_end: i64 = 0;
        for i in 0..n {
            let first = if i == 0 {
                r.signed()?
            } else {
                let gap = r.varint()?;
                if gap < 2 {
                    return Err(Error::corrupted("day runs overlap or touch"));
                }
                previous_end.checked_add_unsigned(gap).ok_or_else(|| Error::corrupted("day out of range"))?
            };
            let last = first.checked_add_unsigned(r.varint()?).ok_or_else(|| Error::corrupted("day out of range"))?;
            runs.push((stored_day(first)?, stored_day(last)?));
            previous_end = last;
        }
        Ok(DaySet { runs })
    }

    /// Appends the JSON array of days and day ranges (dates need no escaping).
    pub(crate) fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, &(a, b)) in self.runs.iter().enumerate() {
            out.push_str(if i == 0 { "\"" } else { ",\"" });
            day::write(out, a);
            if a != b {
                out.push('/');
                day::write(out, b);
            }
            out.push('"');
        }
        out.push(']');
    }

    /// Reads [`DaySet::write_json`]'s array; entries may come in any order and overlap.
    pub(crate) fn from_json(value: &Value, text_error: impl Fn(String) -> Error) -> Result<Self> {
        let items =
            value.as_array().ok_or_else(|| text_error("\"days\" must be an array of dates or date ranges".into()))?;
        let mut ranges: Vec<Run> = Vec::with_capacity(items.len());
        for item in items {
            let s = item.as_str().ok_or_else(|| text_error("each entry of \"days\" must be a string".into()))?;
            let (a, b) = match s.split_once('/') {
                Some((a, b)) => (day::parse_date(a)?, day::parse_date(b)?),
                None => (day::parse_date(s)?, day::parse_date(s)?),
            };
            if a > b {
                return Err(text_error(format!("day range \"{s}\" ends before it starts")));
            }
            ranges.push((a, b));
        }
        ranges.sort_unstable();
        let mut set = DaySet::new();
        for (a, b) in ranges {
            match set.runs.last_mut() {
                Some(last) if i64::from(a) <= i64::from(last.1) + 1 => last.1 = last.1.max(b),
                _ => set.runs.push((a, b)),
            }
        }
        Ok(set)
    }
}

#[inline]
fn run_len(first: Day, last: Day) -> u64 {
    (i64::from(last) - i64::from(first) + 1) as u64
}

/// A day of a stored value, which must be a PostgreSQL date.
fn stored_day(d: i64) -> Result<Day> {
    if (i64::from(MIN_DAY)..=i64::from(MAX_DAY)).contains(&d) {
        Ok(d as Day)
    } else {
        Err(Error::corrupted("day out of range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn of(days: &[Day]) -> DaySet {
        let mut s = DaySet::new();
        days.iter().for_each(|&d| s.insert(d));
        s
    }

    fn days() -> impl Strategy<Value = Vec<Day>> {
        prop::collection::vec(-60i32..60, 0..50)
    }

    #[test]
    fn huge_ranges_cost_nothing() {
        let mut s = DaySet::new();
        s.insert_range(MIN_DAY, MAX_DAY);
        assert_eq!(s.len(), (i64::from(MAX_DAY) - i64::from(MIN_DAY) + 1) as u64);
        assert_eq!(s.count_periods(Period::Week), s.count_periods(Period::Week));
        assert!(s.count_periods(Period::Month) > 70_000_000);
        let mut w = Writer::default();
        s.encode(&mut w);
        let bytes = w.into_bytes();
        assert!(bytes.len() < 16);
        assert_eq!(DaySet::decode(&mut Reader::new(&bytes)).unwrap(), s);
    }

    proptest! {
        #[test]
        fn agrees_with_a_set_of_days(a in days(), b in days(), from in -70i32..70, len in 0i32..50) {
            let (sa, sb) = (of(&a), of(&b));
            let (ta, tb): (BTreeSet<Day>, BTreeSet<Day>) = (a.iter().copied().collect(), b.iter().copied().collect());
            prop_assert_eq!(sa.iter().collect::<Vec<_>>(), ta.iter().copied().collect::<Vec<_>>());
            prop_assert!(sa.runs().windows(2).all(|w| w[0].1 + 1 < w[1].0));
            prop_assert_eq!(sa.len(), ta.len() as u64);
            let to = from + len;
            prop_assert_eq!(sa.count_between(from, to), ta.range(from..=to).count() as u64);
            prop_assert_eq!(sa.last_on_or_before(from), ta.range(..=from).next_back().copied());
            prop_assert_eq!(sa.first_on_or_after(from), ta.range(from..).next().copied());
            prop_assert_eq!(sa.contains(from), ta.contains(&from));
            let mut u = sa.clone();
            u.union_with(&sb);
            prop_assert_eq!(&u, &of(&ta.union(&tb).copied().collect::<Vec<_>>()));
            let mut v = sb.clone();
            v.union_with(&sa);
            prop_assert_eq!(&u, &v);
            prop_assert!(sa.is_subset(&u) && sb.is_subset(&u));
            prop_assert_eq!(sa.is_subset(&sb), ta.is_subset(&tb));
            for p in [Period::Day, Period::Week, Period::Month] {
                let starts: BTreeSet<Day> = ta.iter().map(|&d| p.start(d)).collect();
                prop_assert_eq!(sa.count_periods(p), starts.len() as u64);
                prop_assert_eq!(sa.period_starts(p).collect::<Vec<_>>(), starts.into_iter().collect::<Vec<_>>());
            }
        }

        #[test]
        fn ranges_equal_their_days(ranges in prop::collection::vec((-60i32..60, 0i32..20), 0..12)) {
            let mut by_range = DaySet::new();
            let mut by_day = DaySet::new();
            for &(a, n) in &ranges {
                by_range.insert_range(a, a + n);
                (a..=a + n).for_each(|d| by_day.insert(d));
            }
            prop_assert_eq!(&by_range, &by_day);
            let mut w = Writer::default();
            by_range.encode(&mut w);
            let bytes = w.into_bytes();
            prop_assert_eq!(&DaySet::decode(&mut Reader::new(&bytes)).unwrap(), &by_range);
        }
    }
}
