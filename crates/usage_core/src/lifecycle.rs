//! Lifecycle of a user over calendar periods, with PostHog's definitions.
//!
//! For a period P (the one containing `as_of`) and its predecessor P-1:
//! - `new`: active in P, and P is the first period with activity;
//! - `returning`: active in P and in P-1;
//! - `resurrecting`: active in P, not in P-1, active in some earlier period;
//! - `dormant`: not active in P, active in P-1;
//! - `lapsed`: active neither in P nor in P-1, active in some earlier period;
//! - `non_user`: no activity on or before `as_of`.
//!
//! Activity after `as_of` is ignored, also inside P: on the 10th of a month, only
//! the first ten days of the month count.

use crate::day::{self, Day, Period};
use crate::usage::{DaySet, MAX_DAY, MIN_DAY};
use crate::{Error, ErrorKind, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    New,
    Returning,
    Resurrecting,
    Dormant,
    Lapsed,
    NonUser,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Returning => "returning",
            Status::Resurrecting => "resurrecting",
            Status::Dormant => "dormant",
            Status::Lapsed => "lapsed",
            Status::NonUser => "non_user",
        }
    }

    /// The four statuses of a PostHog lifecycle chart (active, or just gone dormant).
    pub fn is_charted(self) -> bool {
        matches!(self, Status::New | Status::Returning | Status::Resurrecting | Status::Dormant)
    }
}

/// Rejects days outside PostgreSQL's finite date range (`infinity`, `-infinity`).
pub fn check_day(name: &str, d: Day) -> Result<Day> {
    if (MIN_DAY..=MAX_DAY).contains(&d) {
        Ok(d)
    } else {
        Err(Error::new(
            ErrorKind::DateOutOfRange,
            format!("{name} must be a finite date"),
            "Pass a calendar date; 'infinity' and '-infinity' have no period.",
        ))
    }
}

/// Start of the period containing `d`, which must itself be a valid PostgreSQL date
/// (the month of 4714-11-24 BC, the first date, starts before it).
pub fn checked_start(period: Period, d: Day) -> Result<Day> {
    let start = period.start(check_day("day", d)?);
    if start < MIN_DAY {
        return Err(Error::new(
            ErrorKind::DateOutOfRange,
            format!("the {} of {} starts before 4714-11-24 BC, the first valid date", period.name(), day::pg_text(d)),
            "Use dates from 4714-12-01 BC on.",
        ));
    }
    Ok(start)
}

/// The lifecycle status at `as_of` for periods of the given kind.
pub fn status(days: &DaySet, as_of: Day, period: Period) -> Status {
    let current = period.start(as_of);
    let previous = period.previous(current);
    let first = match days.first() {
        Some(f) if f <= as_of => f,
        _ => return Status::NonUser,
    };
    let active_now = days.count_between(current, as_of) > 0;
    let active_before = days.count_between(previous, current - 1) > 0;
    match (active_now, active_before) {
        (true, _) if first >= current => Status::New,
        (true, true) => Status::Returning,
        (true, false) => Status::Resurrecting,
        (false, true) => Status::Dormant,
        (false, false) => Status::Lapsed,
    }
}

/// The status in each period from the one containing `from` to the one containing
/// `to`. A period's status is taken at its last day, or at `to` for the period that
/// contains `to`, so the last row equals `status(days, to, period)`.
///
/// With `all_statuses = false` only the charted statuses (new, returning,
/// resurrecting, dormant) are produced: one row per active period plus one
/// `dormant` row after each run of active periods. With `true` every period gets
/// a row, including `lapsed` and `non_user`.
pub struct Lifecycle {
    days: DaySet,
    period: Period,
    /// Start of the next period to report; `None` when done.
    next: Option<Day>,
    to: Day,
    all_statuses: bool,
}

impl Lifecycle {
    pub fn new(days: DaySet, period: Period, from: Day, to: Day, all_statuses: bool) -> Result<Self> {
        check_day("from", from)?;
        check_day("to", to)?;
        if from > to {
            return Err(Error::invalid_parameter(
                format!("from ({}) is after to ({})", day::pg_text(from), day::pg_text(to)),
                "Pass the first and the last day of the chart, from <= to.",
            ));
        }
        Ok(Lifecycle { days, period, next: Some(checked_start(period, from)?), to, all_statuses })
    }
}

impl Iterator for Lifecycle {
    type Item = (Day, Status);

    fn next(&mut self) -> Option<(Day, Status)> {
        loop {
            let start = self.next?;
            if start > self.to {
                self.next = None;
                return None;
            }
            let following = self.period.next(start);
            let status = status(&self.days, (following - 1).min(self.to), self.period);
            if self.all_statuses || status.is_charted() {
                self.next = Some(following);
                return Some((start, status));
            }
            // Lapsed or non_user: every period up to the next active one is too, so
            // jump there instead of walking (day periods over years stay cheap).
            self.next = self.days.first_on_or_after(following).map(|d| self.period.start(d));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Day {
        day::parse(s).unwrap()
    }

    fn set(days: &[&str]) -> DaySet {
        let mut s = DaySet::new();
        days.iter().for_each(|x| s.insert(d(x)));
        s
    }

    fn names(it: Lifecycle) -> Vec<(String, &'static str)> {
        it.map(|(p, s)| (day::format(p), s.name())).collect()
    }

    #[test]
    fn monthly_statuses_by_hand() {
        // Active in January, February and April 2024.
        let s = set(&["2024-01-15", "2024-02-03", "2024-04-20"]);
        let m = Period::Month;
        assert_eq!(status(&s, d("2023-12-31"), m), Status::NonUser);
        assert_eq!(status(&s, d("2024-01-14"), m), Status::NonUser);
        assert_eq!(status(&s, d("2024-01-15"), m), Status::New);
        assert_eq!(status(&s, d("2024-01-31"), m), Status::New);
        assert_eq!(status(&s, d("2024-02-02"), m), Status::Dormant); // Feb 3 not yet seen
        assert_eq!(status(&s, d("2024-02-03"), m), Status::Returning);
        assert_eq!(status(&s, d("2024-03-31"), m), Status::Dormant);
        assert_eq!(status(&s, d("2024-04-19"), m), Status::Lapsed);
        assert_eq!(status(&s, d("2024-04-20"), m), Status::Resurrecting);
        assert_eq!(status(&s, d("2024-05-01"), m), Status::Dormant);
        assert_eq!(status(&s, d("2024-06-01"), m), Status::Lapsed);
        assert_eq!(status(&DaySet::new(), d("2024-06-01"), m), Status::NonUser);
    }

    #[test]
    fn weekly_and_daily_statuses_by_hand() {
        // 2024-01-01 is a Monday. Active Mon 1st, Sun 7th, Wed 17th.
        let s = set(&["2024-01-01", "2024-01-07", "2024-01-17"]);
        let w = Period::Week;
        assert_eq!(status(&s, d("2024-01-07"), w), Status::New);
        assert_eq!(status(&s, d("2024-01-08"), w), Status::Dormant);
        assert_eq!(status(&s, d("2024-01-16"), w), Status::Lapsed);
        assert_eq!(status(&s, d("2024-01-17"), w), Status::Resurrecting);
        let dd = Period::Day;
        assert_eq!(status(&s, d("2024-01-01"), dd), Status::New);
        assert_eq!(status(&s, d("2024-01-02"), dd), Status::Dormant);
        assert_eq!(status(&s, d("2024-01-03"), dd), Status::Lapsed);
        assert_eq!(status(&s, d("2024-01-07"), dd), Status::Resurrecting);
        let two = set(&["2024-01-01", "2024-01-02"]);
        assert_eq!(status(&two, d("2024-01-02"), dd), Status::Returning);
    }

    #[test]
    fn lifecycle_rows() {
        let s = set(&["2024-01-15", "2024-02-03", "2024-04-20"]);
        let sparse = Lifecycle::new(s.clone(), Period::Month, d("2023-11-10"), d("2024-07-01"), false).unwrap();
        assert_eq!(
            names(sparse),
            vec![
                ("2024-01-01".into(), "new"),
                ("2024-02-01".into(), "returning"),
                ("2024-03-01".into(), "dormant"),
                ("2024-04-01".into(), "resurrecting"),
                ("2024-05-01".into(), "dormant"),
            ]
        );
        let dense = Lifecycle::new(s.clone(), Period::Month, d("2023-11-10"), d("2024-07-01"), true).unwrap();
        let got = names(dense);
        assert_eq!(got.len(), 9);
        assert_eq!(got[0], ("2023-11-01".into(), "non_user"));
        assert_eq!(got[4], ("2024-03-01".into(), "dormant"));
        assert_eq!(got[7], ("2024-06-01".into(), "lapsed"));
        assert_eq!(got[8], ("2024-07-01".into(), "lapsed"));
        // `to` inside a period caps the activity seen in that period.
        let capped = Lifecycle::new(s, Period::Month, d("2024-04-01"), d("2024-04-19"), true).unwrap();
        assert_eq!(names(capped), vec![("2024-04-01".into(), "lapsed")]);
    }

    #[test]
    fn bad_ranges() {
        let e = Lifecycle::new(DaySet::new(), Period::Day, 10, 9, false).err().unwrap();
        assert_eq!(e.kind, ErrorKind::InvalidParameter);
        let e = Lifecycle::new(DaySet::new(), Period::Day, 0, i32::MAX, false).err().unwrap();
        assert_eq!(e.kind, ErrorKind::DateOutOfRange);
        let extreme = Lifecycle::new(set(&["2000-01-01"]), Period::Month, MAX_DAY - 40, MAX_DAY, true).unwrap();
        assert!(extreme.count() >= 2);
        // Julian day 0 (PostgreSQL's first date) is a Monday: 31 days span 5 ISO weeks.
        assert_eq!(day::weekday(MIN_DAY), 0);
        assert_eq!(Lifecycle::new(DaySet::new(), Period::Week, MIN_DAY, MIN_DAY + 30, true).unwrap().count(), 5);
        // ... but its month starts on 4714-11-01 BC, before it.
        let e = Lifecycle::new(DaySet::new(), Period::Month, MIN_DAY, MIN_DAY + 30, true).err().unwrap();
        assert_eq!(e.kind, ErrorKind::DateOutOfRange);
        let e = checked_start(Period::Month, MIN_DAY + 6).unwrap_err();
        assert_eq!(e.kind, ErrorKind::DateOutOfRange);
        assert!(e.message.contains("of 4714-11-30 BC starts"), "{}", e.message);
        assert_eq!(checked_start(Period::Month, MIN_DAY + 8).unwrap(), MIN_DAY + 7);
        // 4714-12-01 BC
    }

    fn period() -> impl Strategy<Value = Period> {
        prop_oneof![Just(Period::Day), Just(Period::Week), Just(Period::Month)]
    }

    proptest! {
        /// Rows equal the status at each period's end, and sparse rows are the
        /// charted subset of the dense ones.
        #[test]
        fn rows_match_point_statuses(days in prop::collection::vec(-200i32..200, 0..30),
                                     p in period(), from in -250i32..250, len in 0i32..300) {
            let mut s = DaySet::new();
            days.iter().for_each(|&x| s.insert(x));
            let to = from + len;
            let dense: Vec<_> = Lifecycle::new(s.clone(), p, from, to, true).unwrap().collect();
            let mut start = p.start(from);
            for &(ps, st) in &dense {
                prop_assert_eq!(ps, start);
                prop_assert_eq!(st, status(&s, (p.next(ps) - 1).min(to), p));
                start = p.next(start);
            }
            prop_assert!(start > to);
            let sparse: Vec<_> = Lifecycle::new(s.clone(), p, from, to, false).unwrap().collect();
            let charted: Vec<_> = dense.into_iter().filter(|r| r.1.is_charted()).collect();
            prop_assert_eq!(sparse, charted);
        }

        /// A status is decided by activity up to as_of only.
        #[test]
        fn later_activity_is_ignored(days in prop::collection::vec(-100i32..100, 0..20),
                                     later in prop::collection::vec(101i32..300, 0..10),
                                     p in period(), as_of in -100i32..100) {
            let mut s = DaySet::new();
            days.iter().for_each(|&x| s.insert(x));
            let before = status(&s, as_of, p);
            later.iter().chain(days.iter()).filter(|&&x| x > as_of).for_each(|&x| s.insert(x));
            prop_assert_eq!(status(&s, as_of, p), before);
        }
    }
}
