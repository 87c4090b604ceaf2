//! Lifecycle: `lifecycle_status` and the set-returning `lifecycle` for
//! PostHog-style lifecycle charts. Semantics live in `usage_core::lifecycle`.

use pgrx::prelude::*;
use usage_core::day::Period;
use usage_core::lifecycle::{self as core_lifecycle, Lifecycle, Status};
use usage_core::usage::DaySet;

use crate::pgutil::{date_of, day_of, OrReport};
use crate::usage::SummaryTotals;

/// A NULL summary (a user without any event, e.g. from a LEFT JOIN) is a non-user.
fn days_of(s: Option<SummaryTotals>) -> DaySet {
    s.map(|s| s.0.summary.total.days).unwrap_or_default()
}

#[pg_extern(immutable, parallel_safe)]
fn lifecycle_status(
    s: Option<SummaryTotals>,
    as_of: Option<Date>,
    period: default!(Option<&str>, "'month'"),
) -> Option<&'static str> {
    let (as_of, period) = (as_of?, period?);
    let period = Period::parse(period).or_report();
    Some(core_lifecycle::status(&days_of(s), day_of(as_of, "as_of"), period).name())
}

#[pg_extern(immutable, parallel_safe)]
fn lifecycle(
    s: Option<SummaryTotals>,
    period: Option<&str>,
    from: Option<Date>,
    to: Option<Date>,
    all_statuses: default!(Option<bool>, false),
) -> TableIterator<'static, (name!(period_start, Date), name!(status, &'static str))> {
    let (Some(period), Some(from), Some(to), Some(all)) = (period, from, to, all_statuses) else {
        return TableIterator::new(Vec::new());
    };
    let period = Period::parse(period).or_report();
    let rows = Lifecycle::new(days_of(s), period, day_of(from, "from"), day_of(to, "to"), all).or_report();
    TableIterator::new(rows.map(|(start, status): (i32, Status)| {
        crate::pgutil::interrupts().or_report();
        (date_of(start), status.name())
    }))
}

extension_sql_file!("../sql/lifecycle.sql", name = "lifecycle_sql", requires = [lifecycle_status, lifecycle]);
