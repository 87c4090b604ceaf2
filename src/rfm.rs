//! RFM and purchase patterns: `rfm_agg`, `rollup(rfm_summary)`, accessors, the
//! BTYD inputs of `lifetimes`, `rfm_segment` and `buyer_type`.
//! Semantics live in `usage_core::rfm`; this module only converts arguments.

use pgrx::prelude::*;
use pgrx::{pg_sys, Internal};
use usage_core::day::Period;
use usage_core::rfm::{self as core_rfm, BuyerThresholds, RfmSummary};

use crate::aggregate::{internal_state_support, read, summary_rollup, summary_state, update};
use crate::pgutil::{
    date_of, day_of, day_of_tstz, finfo_v1, int8_count, raw_args, raw_f64, raw_internal, raw_result, summary_type,
    zoned_day_arg, Finite, OrReport,
};

summary_type!(rfm_summary, RfmSummary, rollup);
summary_state!(RfmSummary);
summary_rollup!(RfmSummary, rfm_summary_merge, pg_finfo_rfm_summary_merge);

// ---- rfm_agg ----------------------------------------------------------------------

#[inline]
unsafe fn record(state: Internal, fcinfo: pg_sys::FunctionCallInfo, day: Option<i32>, amount: Option<f64>) -> Internal {
    // Rows with a NULL timestamp or amount are skipped, as sum(x) does.
    let (Some(day), Some(amount)) = (day, amount) else { return state };
    // SAFETY: the caller passes its live call frame and an RfmSummary state (or none).
    unsafe { update(state, fcinfo, RfmSummary::default, |s| s.record(day, amount).or_report()) }
}

#[pg_extern(immutable, parallel_safe)]
fn rfm_trans(state: Internal, ts: Option<Date>, amount: Option<f64>, fcinfo: pg_sys::FunctionCallInfo) -> Internal {
    // SAFETY: rfm_agg's state is an RfmSummary.
    unsafe { record(state, fcinfo, ts.map(|t| day_of(t, "ts")), amount) }
}

#[pg_extern(stable, parallel_safe)]
fn rfm_trans_tz(
    state: Internal,
    ts: Option<TimestampWithTimeZone>,
    amount: Option<f64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: rfm_agg's state is an RfmSummary.
    unsafe { record(state, fcinfo, ts.map(|t| day_of_tstz(t, "ts")), amount) }
}

finfo_v1!(pg_finfo_rfm_trans_zone);

/// rfm_agg(zone, ts, amount): days in the named zone, so IMMUTABLE (a plain fmgr
/// function: the zone is the SQL type time_zone, which pgrx does not know).
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn rfm_trans_zone(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function, declared
    // in sql/rfm.sql as (internal, time_zone, timestamptz, float8); rfm_agg's state is an RfmSummary.
    unsafe {
        let args = raw_args(fcinfo);
        let state = record(raw_internal(&args[0]), fcinfo, zoned_day_arg(args), raw_f64(&args[3]));
        raw_result(fcinfo, state.unwrap())
    }
}

internal_state_support!(RfmSummary, rfm_combine, rfm_serialize, rfm_deserialize);

#[pg_extern(immutable, parallel_safe)]
fn rfm_final(state: Internal, fcinfo: pg_sys::FunctionCallInfo) -> Option<rfm_summary> {
    // SAFETY: rfm_agg's state is an RfmSummary.
    unsafe {
        read(state, fcinfo, |s: &mut RfmSummary| {
            let mut s = s.clone();
            s.compact().or_report();
            rfm_summary(s)
        })
    }
}

// ---- accessors ----------------------------------------------------------------------

fn as_of_day(as_of: Option<Date>) -> Option<i32> {
    as_of.map(|d| day_of(d, "as_of"))
}

#[pg_extern(immutable, parallel_safe, strict, name = "recency_days")]
fn rfm_recency_days(s: rfm_summary, as_of: Date) -> Option<i32> {
    s.0.recency_days(day_of(as_of, "as_of")).or_report().map(|d| i32::try_from(d).unwrap_or(i32::MAX))
}

#[pg_extern(immutable, parallel_safe)]
fn purchase_count(s: Option<rfm_summary>, as_of: default!(Option<Date>, "NULL")) -> Option<i64> {
    let s = s?;
    Some(int8_count(s.0.purchase_count(as_of_day(as_of)).or_report(), "purchase_count"))
}

#[pg_extern(immutable, parallel_safe)]
fn purchase_days(s: Option<rfm_summary>, as_of: default!(Option<Date>, "NULL")) -> Option<i64> {
    let s = s?;
    Some(int8_count(s.0.purchase_days(as_of_day(as_of)).or_report(), "purchase_days"))
}

#[pg_extern(immutable, parallel_safe)]
fn monetary_total(s: Option<rfm_summary>, as_of: default!(Option<Date>, "NULL")) -> Option<f64> {
    let s = s?;
    Some(s.0.monetary_total(as_of_day(as_of)).or_report().finite("monetary_total"))
}

#[pg_extern(immutable, parallel_safe)]
fn monetary_mean(s: Option<rfm_summary>, as_of: default!(Option<Date>, "NULL")) -> Option<f64> {
    let s = s?;
    s.0.monetary_mean(as_of_day(as_of)).or_report().finite("monetary_mean")
}

#[pg_extern(immutable, parallel_safe, strict)]
fn first_purchase(s: rfm_summary) -> Option<Date> {
    s.0.first_purchase().or_report().map(date_of)
}

#[pg_extern(immutable, parallel_safe, strict)]
fn last_purchase(s: rfm_summary) -> Option<Date> {
    s.0.last_purchase().or_report().map(date_of)
}

fn btyd(s: &rfm_summary, as_of: Date, period: &str) -> Option<core_rfm::Btyd> {
    let period = Period::parse(period).or_report();
    s.0.btyd(day_of(as_of, "as_of"), period).or_report()
}

#[pg_extern(immutable, parallel_safe, strict)]
fn btyd_frequency(s: rfm_summary, as_of: Date, period: default!(&str, "'day'")) -> Option<i64> {
    btyd(&s, as_of, period).map(|b| b.frequency)
}

#[pg_extern(immutable, parallel_safe, strict)]
fn btyd_recency(s: rfm_summary, as_of: Date, period: default!(&str, "'day'")) -> Option<i64> {
    btyd(&s, as_of, period).map(|b| b.recency)
}

#[pg_extern(immutable, parallel_safe, strict)]
fn btyd_age(s: rfm_summary, as_of: Date, period: default!(&str, "'day'")) -> Option<i64> {
    btyd(&s, as_of, period).map(|b| b.age)
}

#[pg_extern(immutable, parallel_safe, strict)]
fn btyd_monetary(s: rfm_summary, as_of: Date, period: default!(&str, "'day'")) -> Option<f64> {
    btyd(&s, as_of, period).map(|b| b.monetary).finite("btyd_monetary")
}

/// One row of calibration and holdout inputs (lifetimes'
/// calibration_and_holdout_data), or none when the customer had no purchase by
/// calibration_end: lifetimes leaves such customers out, and so does a lateral join.
#[pg_extern(immutable, parallel_safe, strict)]
#[allow(clippy::type_complexity)]
fn btyd_calibration(
    s: rfm_summary,
    calibration_end: Date,
    observation_end: Date,
    period: default!(&str, "'day'"),
) -> TableIterator<
    'static,
    (
        name!(frequency_cal, i64),
        name!(recency_cal, i64),
        name!(t_cal, i64),
        name!(monetary_value_cal, f64),
        name!(frequency_holdout, i64),
        name!(monetary_value_holdout, f64),
        name!(duration_holdout, i64),
    ),
> {
    let period = Period::parse(period).or_report();
    let c =
        s.0.calibration(day_of(calibration_end, "calibration_end"), day_of(observation_end, "observation_end"), period)
            .or_report();
    TableIterator::new(c.map(|c| {
        (
            c.cal.frequency,
            c.cal.recency,
            c.cal.age,
            c.cal.monetary.finite("btyd_calibration"),
            c.frequency_holdout,
            c.monetary_holdout.finite("btyd_calibration"),
            c.duration_holdout,
        )
    }))
}

// ---- segments ---------------------------------------------------------------------------

#[pg_extern(immutable, parallel_safe, strict)]
fn rfm_segment(r: i32, f: i32, m: i32) -> &'static str {
    core_rfm::rfm_segment(r, f, m).or_report()
}

#[pg_extern(immutable, parallel_safe, strict)]
fn buyer_type(
    s: rfm_summary,
    as_of: Date,
    frequent_min_days: default!(i32, 4),
    window_days: default!(i32, 365),
) -> Option<&'static str> {
    let t = BuyerThresholds { frequent_min_days, window_days };
    s.0.buyer_type(day_of(as_of, "as_of"), &t).or_report()
}

extension_sql_file!(
    "../sql/rfm.sql",
    name = "rfm_sql",
    requires = [
        "usage_sql",
        rfm_summary,
        rfm_trans,
        rfm_trans_tz,
        rfm_combine,
        rfm_serialize,
        rfm_deserialize,
        rfm_final,
        rfm_recency_days,
        purchase_count,
        purchase_days,
        monetary_total,
        monetary_mean,
        first_purchase,
        last_purchase,
        btyd_frequency,
        btyd_recency,
        btyd_age,
        btyd_monetary,
        btyd_calibration,
        rfm_segment,
        buyer_type,
    ]
);
