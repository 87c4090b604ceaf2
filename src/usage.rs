//! Usage frequency and intensity: `usage_agg`, `rollup`, accessors, segments.
//! Semantics live in `usage_core::usage`; this module only converts arguments.

use pgrx::pgrx_sql_entity_graph::metadata::{
    ArgumentError, ReturnsError, ReturnsRef, SqlMappingRef, SqlTranslatable, TypeOrigin,
};
use pgrx::prelude::*;
use pgrx::{pg_sys, Internal};
use usage_core::day::Period;
use usage_core::codec::Versioned;
use usage_core::usage::{
    self as core_usage, FeatureNames, FrequencyThresholds, SharedFeatureNames, UsageBuilder, UsageSummary, UsageTotals,
};

use crate::pgutil::{
    agg_combine, agg_state_with, date_of, day_of, day_of_tstz, finfo_v1, raw_args, raw_bytes_result, raw_f64, raw_internal,
    raw_result, summary_type, varlena_arg, OrReport,
};

summary_type!(usage_summary, UsageSummary);

/// A `usage_summary` argument decoded only as far as its totals and feature count.
/// Accessors that read no feature take this: decoding every feature's activity
/// costs twenty times more, and a dashboard calls several accessors per summary.
pub struct SummaryTotals(pub UsageTotals);

unsafe impl SqlTranslatable for SummaryTotals {
    const TYPE_IDENT: &'static str = <usage_summary as SqlTranslatable>::TYPE_IDENT;
    const TYPE_ORIGIN: TypeOrigin = <usage_summary as SqlTranslatable>::TYPE_ORIGIN;
    const ARGUMENT_SQL: Result<SqlMappingRef, ArgumentError> = <usage_summary as SqlTranslatable>::ARGUMENT_SQL;
    const RETURN_SQL: Result<ReturnsRef, ReturnsError> = <usage_summary as SqlTranslatable>::RETURN_SQL;
}

varlena_arg!(SummaryTotals, |bytes| UsageTotals::from_bytes(bytes).map(SummaryTotals));

// ---- usage_agg: transition functions, one per arity and time type ----------

#[inline]
unsafe fn record(
    mut state: Internal,
    fcinfo: pg_sys::FunctionCallInfo,
    day: Option<i32>,
    quantity: Option<f64>,
    feature: Option<&str>,
) -> Internal {
    // Rows with a NULL timestamp or quantity are skipped, as count(x) and sum(x) do.
    if let (Some(day), Some(quantity)) = (day, quantity) {
        agg_state_with(&mut state, fcinfo, || UsageBuilder::with_names(feature_names(fcinfo)))
            .record(day, quantity, feature)
            .or_report();
    }
    state
}

/// The feature-name table of this aggregate call, shared by all its groups: it
/// lives in `fn_extra`, as long as the call, and stays in cache while the groups'
/// states do not.
unsafe fn feature_names(fcinfo: pg_sys::FunctionCallInfo) -> SharedFeatureNames {
    pgrx::fcinfo::pg_func_extra(fcinfo, FeatureNames::shared).clone()
}

// usage_agg(date or timestamptz [, quantity [, feature]]) and usage_intensity: the
// transition runs once per event, so it is a plain fmgr function declared in
// sql/usage.sql (no pgrx per-call wrapper); its arguments are those of the overload.
finfo_v1!(pg_finfo_pg_usage_usage_trans_date);

#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn pg_usage_usage_trans_date(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    let ts = &raw_args(fcinfo)[1];
    record_args(fcinfo, Date::from_datum(ts.value, ts.isnull).map(|d| day_of(d, "ts")))
}

finfo_v1!(pg_finfo_pg_usage_usage_trans_tstz);

/// The timestamptz overloads: the day in the session TimeZone (so they are STABLE).
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn pg_usage_usage_trans_tstz(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    let ts = &raw_args(fcinfo)[1];
    record_args(fcinfo, TimestampWithTimeZone::from_datum(ts.value, ts.isnull).map(|t| day_of_tstz(t, "ts")))
}

/// Records the event of a transition call whose day is `day`: the quantity and
/// feature arguments where the overload has them.
unsafe fn record_args(fcinfo: pg_sys::FunctionCallInfo, day: Option<usage_core::day::Day>) -> pg_sys::Datum {
    let args = raw_args(fcinfo);
    let quantity = args.get(2).map_or(Some(1.0), raw_f64);
    let feature = match args.get(3) {
        Some(f) if !f.isnull => Some(text_arg(f.value, "feature")),
        _ => None,
    };
    raw_result(fcinfo, record(raw_internal(&args[0]), fcinfo, day, quantity, feature).unwrap())
}

/// A text argument as UTF-8 (detoasted into the per-call memory context).
unsafe fn text_arg<'a>(datum: pg_sys::Datum, what: &str) -> &'a str {
    let varlena = pg_sys::pg_detoast_datum_packed(datum.cast_mut_ptr());
    pgrx::varlena::text_to_rust_str(varlena).unwrap_or_else(|_| {
        crate::pgutil::raise(usage_core::Error::new(
            usage_core::ErrorKind::InvalidText,
            format!("{what} is not valid UTF-8"),
            "Feature names are compared as UTF-8 text: use a UTF8 database or convert the names.",
        ))
    })
}

#[pg_extern(immutable, parallel_safe)]
fn usage_combine(a: Internal, b: Internal, fcinfo: pg_sys::FunctionCallInfo) -> Internal {
    unsafe { agg_combine(a, b, fcinfo, UsageBuilder::merge) }
}

/// Reads the summary of the events in an aggregate state (folding its buffer first).
unsafe fn with_summary<R>(mut state: Internal, read: impl FnOnce(&UsageSummary) -> R) -> Option<R> {
    unsafe { state.get_mut::<UsageBuilder>() }.map(|b| read(b.summary()))
}

#[pg_extern(immutable, parallel_safe, strict)]
fn usage_serialize(state: Internal) -> Vec<u8> {
    unsafe { with_summary(state, UsageSummary::to_bytes) }.unwrap_or_else(|| {
        crate::pgutil::raise(usage_core::Error::corrupted("missing usage_summary state to serialize"))
    })
}

#[pg_extern(immutable, parallel_safe, strict)]
fn usage_deserialize(bytes: &[u8], _unused: Internal) -> Internal {
    Internal::new(UsageBuilder::from(UsageSummary::from_bytes(bytes).or_report()))
}

finfo_v1!(pg_finfo_pg_usage_usage_final);

/// `usage_final(internal) RETURNS usage_summary`, a plain fmgr function declared in
/// sql/usage.sql: it writes the summary's stored form straight from the state,
/// without the copy that returning a `usage_summary` value would take.
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn pg_usage_usage_final(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    let args = raw_args(fcinfo);
    raw_bytes_result(fcinfo, with_summary(raw_internal(&args[0]), UsageSummary::to_bytes))
}

#[pg_extern(immutable, parallel_safe)]
fn usage_intensity_final(state: Internal) -> Option<f64> {
    unsafe { with_summary(state, |s| s.intensity().or_report()) }.flatten()
}

/// Merges two summaries: the state and combine function of `rollup(usage_summary)`.
#[pg_extern(immutable, parallel_safe, strict)]
fn usage_summary_merge(a: usage_summary, b: usage_summary) -> usage_summary {
    let mut merged = a.0;
    merged.merge(&b.0);
    usage_summary(merged)
}

// ---- accessors ----------------------------------------------------------------

#[pg_extern(immutable, parallel_safe, strict, name = "events")]
fn usage_events(s: SummaryTotals) -> i64 {
    i64::try_from(s.0.summary.events()).unwrap_or(i64::MAX)
}

#[pg_extern(immutable, parallel_safe, strict, name = "total_quantity")]
fn usage_total_quantity(s: SummaryTotals) -> f64 {
    s.0.summary.total_quantity().or_report()
}

#[pg_extern(immutable, parallel_safe, strict, name = "first_seen")]
fn usage_first_seen(s: SummaryTotals) -> Option<Date> {
    s.0.summary.first_seen().map(date_of)
}

#[pg_extern(immutable, parallel_safe, strict, name = "last_seen")]
fn usage_last_seen(s: SummaryTotals) -> Option<Date> {
    s.0.summary.last_seen().map(date_of)
}

#[pg_extern(immutable, parallel_safe, strict, name = "active_days")]
fn usage_active_days(s: SummaryTotals) -> i32 {
    s.0.summary.active_days() as i32
}

#[pg_extern(immutable, parallel_safe, strict, name = "active_days")]
fn usage_active_days_between(s: SummaryTotals, from: Date, to: Date) -> i32 {
    s.0.summary.active_days_between(day_of(from, "from"), day_of(to, "to")) as i32
}

#[pg_extern(immutable, parallel_safe, strict, name = "active_periods")]
fn usage_active_periods(s: SummaryTotals, period: &str) -> i32 {
    s.0.summary.active_periods(Period::parse(period).or_report()) as i32
}

#[pg_extern(immutable, parallel_safe, strict, name = "recency_days")]
fn usage_recency_days(s: SummaryTotals, as_of: Date) -> Option<i32> {
    s.0.summary.recency_days(day_of(as_of, "as_of")).map(|d| d as i32)
}

#[pg_extern(immutable, parallel_safe, strict, name = "tenure_days")]
fn usage_tenure_days(s: SummaryTotals, as_of: Date) -> Option<i32> {
    s.0.summary.tenure_days(day_of(as_of, "as_of")).map(|d| d as i32)
}

#[pg_extern(immutable, parallel_safe, strict)]
fn feature_breadth(s: SummaryTotals) -> i32 {
    s.0.feature_breadth as i32
}

#[pg_extern(immutable, parallel_safe, strict)]
fn feature_events(s: usage_summary, feature: &str) -> i64 {
    i64::try_from(s.0.feature_events(feature)).unwrap_or(i64::MAX)
}

#[pg_extern(immutable, parallel_safe, strict)]
fn feature_usage(
    s: usage_summary,
) -> TableIterator<
    'static,
    (
        name!(feature, String),
        name!(events, i64),
        name!(quantity, f64),
        name!(active_days, i32),
        name!(first_seen, Option<Date>),
        name!(last_seen, Option<Date>),
    ),
> {
    let rows: Vec<_> = s
        .0
        .features
        .iter()
        .map(|(name, f)| {
            (
                name.clone(),
                i64::try_from(f.events).unwrap_or(i64::MAX),
                f.quantity.value().or_report(),
                f.days.len() as i32,
                f.days.first().map(date_of),
                f.days.last().map(date_of),
            )
        })
        .collect();
    TableIterator::new(rows)
}

// ---- frequency, intensity, segments ---------------------------------------------

#[pg_extern(immutable, parallel_safe, strict, name = "usage_intensity")]
fn usage_intensity_of(s: SummaryTotals) -> Option<f64> {
    s.0.summary.intensity().or_report()
}

#[pg_extern(immutable, parallel_safe, strict)]
fn usage_frequency(s: SummaryTotals, as_of: Date, window_days: default!(i32, 28)) -> f64 {
    s.0.summary.frequency(day_of(as_of, "as_of"), window_days).or_report()
}

#[pg_extern(immutable, parallel_safe, strict)]
fn frequency_class(
    s: SummaryTotals,
    as_of: Date,
    daily_min_days: default!(i32, 20),
    weekly_min_weeks: default!(i32, 3),
    monthly_window_days: default!(i32, 30),
) -> &'static str {
    let thresholds = FrequencyThresholds { daily_min_days, weekly_min_weeks, monthly_window_days };
    s.0.summary.frequency_class(day_of(as_of, "as_of"), &thresholds).or_report()
}

#[pg_extern(immutable, parallel_safe, strict)]
fn usage_trend(s: SummaryTotals, as_of: Date, window_days: default!(i32, 56)) -> Option<f64> {
    s.0.summary.trend(day_of(as_of, "as_of"), window_days).or_report()
}

/// Array elements must not be NULL: a NULL cut or label is an error, not a silent skip.
fn no_nulls<T>(values: Vec<Option<T>>, what: &str) -> Vec<T> {
    let n = values.len();
    let present: Vec<T> = values.into_iter().flatten().collect();
    if present.len() != n {
        crate::pgutil::raise(usage_core::Error::new(
            usage_core::ErrorKind::ArrayMismatch,
            format!("{what} must not contain NULL elements"),
            format!("Remove the NULLs from {what}, e.g. with array_remove({what}, NULL)."),
        ));
    }
    present
}

#[pg_extern(immutable, parallel_safe, strict)]
fn usage_segment(
    value: f64,
    cuts: Vec<Option<f64>>,
    labels: default!(Vec<Option<String>>, "'{light,moderate,heavy}'"),
) -> String {
    let cuts = no_nulls(cuts, "cuts");
    let labels = no_nulls(labels, "labels");
    core_usage::segment(value, &cuts, &labels).or_report().to_owned()
}

#[pg_extern(immutable, parallel_safe, strict)]
fn usage_quadrant(
    frequency: f64,
    intensity: f64,
    frequency_cut: f64,
    intensity_cut: f64,
    labels: default!(Vec<Option<String>>, "'{casual,social,competitive,hardcore}'"),
) -> String {
    let labels = no_nulls(labels, "labels");
    core_usage::quadrant(frequency, intensity, frequency_cut, intensity_cut, &labels).or_report().to_owned()
}

extension_sql_file!(
    "../sql/usage.sql",
    name = "usage_sql",
    requires = [
        usage_summary,
        usage_combine,
        usage_serialize,
        usage_deserialize,
        usage_intensity_final,
        usage_summary_merge,
        usage_events,
        usage_total_quantity,
        usage_first_seen,
        usage_last_seen,
        usage_active_days,
        usage_active_days_between,
        usage_active_periods,
        usage_recency_days,
        usage_tenure_days,
        feature_breadth,
        feature_events,
        feature_usage,
        usage_intensity_of,
        usage_frequency,
        frequency_class,
        usage_trend,
        usage_segment,
        usage_quadrant,
    ]
);
