//! Customers and users: active users and seat utilization of accounts, account
//! health, and Net Promoter Score (`nps_agg` -> `nps_summary`). Semantics live in
//! `usage_core::accounts`.

use pgrx::prelude::*;
use pgrx::{pg_sys, Internal};
use usage_core::accounts::{self as core_accounts, NpsSummary};

use crate::aggregate::{internal_state_support, read, summary_rollup, summary_state, update};
use crate::pgutil::{day_of, summary_type, OrReport};
use crate::usage::SummaryTotals;

summary_type!(nps_summary, NpsSummary, rollup);
summary_state!(NpsSummary);
summary_rollup!(NpsSummary, nps_summary_merge, pg_finfo_nps_summary_merge);

// ---- active users and seats ---------------------------------------------------

/// A NULL summary (a user without events) is not active.
#[pg_extern(immutable, parallel_safe)]
fn is_active(s: Option<SummaryTotals>, as_of: Option<Date>, window_days: default!(Option<i32>, 28)) -> Option<bool> {
    let (as_of, window_days) = (day_of(as_of?, "as_of"), window_days?);
    let s = s.map(|s| s.0.summary).unwrap_or_default();
    Some(core_accounts::is_active(&s, as_of, window_days).or_report())
}

/// Transitions of `active_users`: the state is a plain int8 count (combined with
/// int8pl); strict, so NULL summaries (users without events) are not counted.
#[pg_extern(immutable, parallel_safe, strict)]
fn active_users_trans(count: i64, s: SummaryTotals, as_of: Date, window_days: i32) -> i64 {
    count + i64::from(core_accounts::is_active(&s.0.summary, day_of(as_of, "as_of"), window_days).or_report())
}

#[pg_extern(immutable, parallel_safe, strict)]
fn active_users_trans28(count: i64, s: SummaryTotals, as_of: Date) -> i64 {
    active_users_trans(count, s, as_of, core_accounts::HEALTH_FREQUENCY_WINDOW)
}

#[pg_extern(immutable, parallel_safe, strict)]
fn seat_utilization(active_users: i64, seats: i64) -> Option<f64> {
    core_accounts::seat_utilization(active_users, seats).or_report()
}

fn no_nulls(values: Vec<Option<f64>>, what: &str) -> Vec<f64> {
    let n = values.len();
    let present: Vec<f64> = values.into_iter().flatten().collect();
    if present.len() != n {
        crate::pgutil::raise(usage_core::Error::new(
            usage_core::ErrorKind::ArrayMismatch,
            format!("{what} must not contain NULL elements"),
            format!("Pass {what} without NULLs."),
        ));
    }
    present
}

/// Defaults equal core_accounts::DEFAULT_HEALTH_WEIGHTS and DEFAULT_HEALTH_CUTS.
/// Non-strict so that a NULL trend (no activity in the earlier half) counts as flat.
#[pg_extern(immutable, parallel_safe, name = "account_health")]
fn account_health_components(
    utilization: Option<f64>,
    frequency: Option<f64>,
    trend: Option<f64>,
    weights: default!(Option<Vec<Option<f64>>>, "'{0.4,0.4,0.2}'"),
) -> Option<f64> {
    let weights = no_nulls(weights?, "weights");
    Some(core_accounts::account_health(utilization?, frequency?, trend, &weights).or_report())
}

/// A NULL account summary (an account whose users have no events, after a LEFT
/// JOIN) is an account without usage, not an unknown one.
#[pg_extern(immutable, parallel_safe, name = "account_health")]
fn account_health_of(
    account: Option<SummaryTotals>,
    active_users: Option<i64>,
    seats: Option<i64>,
    as_of: Option<Date>,
) -> Option<f64> {
    let account = account.map(|a| a.0.summary).unwrap_or_default();
    core_accounts::account_health_of(&account, active_users?, seats?, day_of(as_of?, "as_of")).or_report()
}

#[pg_extern(immutable, parallel_safe, strict)]
fn account_health_class(score: f64, cuts: default!(Vec<Option<f64>>, "'{40,70}'")) -> &'static str {
    core_accounts::health_class(score, &no_nulls(cuts, "cuts")).or_report()
}

// ---- NPS ---------------------------------------------------------------------------

/// Records a score; NULL scores (no answer) are skipped, as count(score) does.
fn record_score(state: Internal, score: Option<i64>, fcinfo: pg_sys::FunctionCallInfo) -> Internal {
    let Some(score) = score else { return state };
    // SAFETY: nps_agg's state is an NpsSummary.
    unsafe { update(state, fcinfo, NpsSummary::default, |s| s.record(score).or_report()) }
}

#[pg_extern(immutable, parallel_safe)]
fn nps_trans(state: Internal, score: Option<i32>, fcinfo: pg_sys::FunctionCallInfo) -> Internal {
    record_score(state, score.map(i64::from), fcinfo)
}

// nps_agg over smallint and bigint columns: exact overloads (one for bigint only would
// make nps_agg(smallint) ambiguous between integer and bigint).
#[pg_extern(immutable, parallel_safe, name = "nps_trans")]
fn nps_trans_smallint(state: Internal, score: Option<i16>, fcinfo: pg_sys::FunctionCallInfo) -> Internal {
    record_score(state, score.map(i64::from), fcinfo)
}

#[pg_extern(immutable, parallel_safe, name = "nps_trans")]
fn nps_trans_bigint(state: Internal, score: Option<i64>, fcinfo: pg_sys::FunctionCallInfo) -> Internal {
    record_score(state, score, fcinfo)
}

internal_state_support!(NpsSummary, nps_combine, nps_serialize, nps_deserialize);

#[pg_extern(immutable, parallel_safe)]
fn nps_final(state: Internal, fcinfo: pg_sys::FunctionCallInfo) -> Option<nps_summary> {
    // SAFETY: as in nps_trans.
    unsafe { read(state, fcinfo, |s: &mut NpsSummary| nps_summary(s.clone())) }
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[pg_extern(immutable, parallel_safe, strict, name = "nps")]
fn nps_score(s: nps_summary) -> Option<f64> {
    s.0.nps()
}

#[pg_extern(immutable, parallel_safe, strict)]
fn nps_margin(s: nps_summary, confidence: default!(f64, 0.95)) -> Option<f64> {
    s.0.margin(confidence).or_report()
}

#[pg_extern(immutable, parallel_safe, strict)]
fn promoters(s: nps_summary) -> i64 {
    count(s.0.promoters())
}

#[pg_extern(immutable, parallel_safe, strict)]
fn passives(s: nps_summary) -> i64 {
    count(s.0.passives())
}

#[pg_extern(immutable, parallel_safe, strict)]
fn detractors(s: nps_summary) -> i64 {
    count(s.0.detractors())
}

#[pg_extern(immutable, parallel_safe, strict)]
fn responses(s: nps_summary) -> i64 {
    count(s.0.responses())
}

extension_sql_file!(
    "../sql/accounts.sql",
    name = "accounts_sql",
    requires = [
        nps_summary,
        is_active,
        active_users_trans,
        active_users_trans28,
        seat_utilization,
        account_health_components,
        account_health_of,
        account_health_class,
        nps_trans,
        nps_trans_smallint,
        nps_trans_bigint,
        nps_combine,
        nps_serialize,
        nps_deserialize,
        nps_final,
        nps_score,
        nps_margin,
        promoters,
        passives,
        detractors,
        responses,
    ]
);
