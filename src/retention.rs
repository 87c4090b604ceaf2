//! Retention: the ClickHouse-style `retention(VARIADIC bool[])` aggregate and the
//! period helpers of cohort tables. Semantics live in `usage_core::retention`.

use pgrx::prelude::*;
use usage_core::day::Period;
use usage_core::lifecycle as core_lifecycle;
use usage_core::retention as core_retention;
use usage_core::usage::MIN_DAY;

use crate::pgutil::{date_of, day_of, Array1, OrReport};
use crate::usage::SummaryTotals;

/// Transition of `retention`: the state is an int8 (see the core module), so the
/// aggregate needs no serialization and parallel workers combine with a bit OR.
#[pg_extern(immutable, parallel_safe, strict)]
fn retention_trans(state: i64, conditions: Array1<bool>) -> i64 {
    core_retention::add(state, conditions.values.into_iter()).or_report()
}

#[pg_extern(immutable, parallel_safe, strict)]
fn retention_combine(a: i64, b: i64) -> i64 {
    core_retention::combine(a, b).or_report()
}

#[pg_extern(immutable, parallel_safe, strict)]
fn retention_final(state: i64) -> Option<Vec<bool>> {
    core_retention::result(state).or_report()
}

fn period_of(period: &str) -> Period {
    Period::parse(period).or_report()
}

#[pg_extern(immutable, parallel_safe, strict)]
fn activity_periods(s: SummaryTotals, period: &str) -> SetOfIterator<'static, Date> {
    // One row per call: a long range streams and the query can be cancelled between rows.
    let starts = s.0.summary.total.days.into_period_starts(period_of(period));
    // The month of 4714-11-24 BC, the first date, starts before it: that period's row
    // is its first valid date (a date before it could not be read back).
    SetOfIterator::new(starts.map(|d| date_of(d.max(MIN_DAY))))
}

#[pg_extern(immutable, parallel_safe, strict)]
fn period_start(period: &str, day: Date) -> Date {
    date_of(core_lifecycle::checked_start(period_of(period), day_of(day, "day")).or_report())
}

#[pg_extern(immutable, parallel_safe, strict)]
fn periods_between(period: &str, from: Date, to: Date) -> i64 {
    core_retention::periods_between(period_of(period), day_of(from, "from"), day_of(to, "to"))
}

extension_sql_file!(
    "../sql/retention.sql",
    name = "retention_sql",
    requires = [retention_trans, retention_combine, retention_final, activity_periods, period_start, periods_between]
);
