//! Usage frequency and intensity: `usage_agg`, `rollup`, accessors, segments.
//! Semantics live in `usage_core::usage`; this module only converts arguments.

use pgrx::pgrx_sql_entity_graph::metadata::{
    ArgumentError, ReturnsError, ReturnsRef, SqlMappingRef, SqlTranslatable, TypeOrigin,
};
use pgrx::prelude::*;
use pgrx::{pg_sys, Internal};
use usage_core::codec::Versioned;
use usage_core::day::Period;
use usage_core::usage::{
    self as core_usage, FeatureNames, FrequencyThresholds, SharedFeatureNames, UsageBuilder, UsageSummary, UsageTotals,
};

use crate::aggregate::{
    internal_state_support, read_only, stored, summary_rollup, update_raw, with_call_cache, AggState,
};
use crate::pgutil::{
    date_of, day_of, day_of_tstz, finfo_v1, int8_count, raw_args, raw_bytes_result, raw_datum, raw_f64, raw_internal,
    raw_result, summary_type, varlena_arg, zoned_day_arg, Array1, Finite, OrReport,
};

summary_type!(usage_summary, UsageSummary, rollup);
summary_rollup!(UsageSummary, usage_summary_merge, pg_finfo_usage_summary_merge);

/// A `usage_summary` argument decoded only as far as its totals and feature count.
/// Accessors that read no feature take this: decoding every feature's activity
/// costs twenty times more, and a dashboard calls several accessors per summary.
pub struct SummaryTotals(pub UsageTotals);

// SAFETY: SummaryTotals is read from a usage_summary argument, and says it is one.
unsafe impl SqlTranslatable for SummaryTotals {
    const TYPE_IDENT: &'static str = <usage_summary as SqlTranslatable>::TYPE_IDENT;
    const TYPE_ORIGIN: TypeOrigin = <usage_summary as SqlTranslatable>::TYPE_ORIGIN;
    const ARGUMENT_SQL: Result<SqlMappingRef, ArgumentError> = <usage_summary as SqlTranslatable>::ARGUMENT_SQL;
    const RETURN_SQL: Result<ReturnsRef, ReturnsError> = <usage_summary as SqlTranslatable>::RETURN_SQL;
}

varlena_arg!(SummaryTotals, |datum| {
    // SAFETY: varlena_arg! passes a non-NULL usage_summary datum, stored or expanded.
    unsafe {
        stored::<UsageSummary, _>(
            datum,
            |s| Ok(SummaryTotals(UsageTotals::of(s))),
            |bytes| UsageTotals::from_bytes(bytes).map(SummaryTotals),
        )
    }
});

// ---- usage_agg: transition functions, one per arity and time type ----------

// usage_agg(date or timestamptz [, quantity [, feature]]) and usage_intensity: the
// transition runs once per event, so it is a plain fmgr function declared in
// sql/usage.sql (no pgrx per-call wrapper); its arguments are those of the overload.
finfo_v1!(pg_finfo_usage_trans);

#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn usage_trans(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function, whose
    // second argument is a date.
    unsafe {
        let args = raw_args(fcinfo);
        record_args(fcinfo, &args[2..], Date::from_datum(args[1].value, args[1].isnull).map(|d| day_of(d, "ts")))
    }
}

finfo_v1!(pg_finfo_usage_trans_tz);

/// The timestamptz overloads: the day in the session TimeZone (so they are STABLE).
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn usage_trans_tz(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function, whose
    // second argument is a timestamptz.
    unsafe {
        let args = raw_args(fcinfo);
        let ts = TimestampWithTimeZone::from_datum(args[1].value, args[1].isnull);
        record_args(fcinfo, &args[2..], ts.map(|t| day_of_tstz(t, "ts")))
    }
}

finfo_v1!(pg_finfo_usage_trans_zone);

/// The explicit-zone overloads (zone first, as in `timezone(zone, ts)`): the day in
/// that zone, whatever the session's, so they are IMMUTABLE and safe to evaluate on
/// any server.
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn usage_trans_zone(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function, whose
    // arguments are a time_zone, a timestamptz and the event's.
    unsafe {
        let args = raw_args(fcinfo);
        record_args(fcinfo, &args[3..], zoned_day_arg(args))
    }
}

/// Records the event of a transition call whose day is `day`: `event` are the
/// quantity and feature arguments where the overload has them. Rows with a NULL
/// timestamp or quantity are skipped, as count(x) and sum(x) do.
unsafe fn record_args(
    fcinfo: pg_sys::FunctionCallInfo,
    event: &[pg_sys::NullableDatum],
    day: Option<usage_core::day::Day>,
) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to a usage_agg transition:
    // the state is a UsageBuilder, `event` a float8 and a text, and the call cache is only
    // ever the SharedFeatureNames created here, which lives in fn_mcxt for the whole query.
    unsafe {
        let state = raw_datum(&raw_args(fcinfo)[0]);
        let quantity = event.first().map_or(Some(1.0), raw_f64);
        let (Some(day), Some(quantity)) = (day, quantity) else { return raw_result(fcinfo, state) };
        // Feature names are numbered in a table shared by all the groups of this call
        // (it stays in cache while the groups' states do not), kept in the call's memory.
        let (names, feature) = with_call_cache(fcinfo, FeatureNames::shared, |names| {
            let id = match event.get(1) {
                Some(f) if !f.isnull => Some(names.borrow_mut().id(text_arg(f.value, "feature"))),
                _ => None,
            };
            (names as *const SharedFeatureNames, id)
        });
        update_raw(
            state,
            fcinfo,
            || UsageBuilder::with_names((*names).clone()),
            |b| b.record_numbered(day, quantity, feature).or_report(),
        )
    }
}

/// A text argument as UTF-8 (detoasted into the per-call memory context).
pub(crate) unsafe fn text_arg<'a>(datum: pg_sys::Datum, what: &str) -> &'a str {
    // SAFETY: the caller passes a non-NULL text datum; the detoasted copy (or the datum
    // itself) lives as long as the per-call memory context.
    let text = unsafe {
        let varlena = pg_sys::pg_detoast_datum_packed(datum.cast_mut_ptr());
        pgrx::varlena::text_to_rust_str(varlena)
    };
    text.unwrap_or_else(|_| {
        crate::pgutil::raise(usage_core::Error::new(
            usage_core::ErrorKind::InvalidText,
            format!("{what} is not valid UTF-8"),
            "Feature names are compared as UTF-8 text: use a UTF8 database or convert the names.",
        ))
    })
}

impl AggState for UsageBuilder {
    fn merge(&mut self, other: &Self) -> usage_core::Result<()> {
        UsageBuilder::merge(self, other)
    }
    fn to_bytes(&self) -> Vec<u8> {
        self.to_summary().or_report().to_bytes()
    }
    fn from_bytes(bytes: &[u8]) -> usage_core::Result<Self> {
        UsageSummary::from_bytes(bytes).map(UsageBuilder::from)
    }
}

internal_state_support!(UsageBuilder, usage_combine, usage_serialize, usage_deserialize);

finfo_v1!(pg_finfo_usage_final);

/// `usage_final(internal) RETURNS usage_summary`, a plain fmgr function declared in
/// sql/usage.sql: it writes the summary's stored form straight from the state,
/// without the copy that returning a `usage_summary` value would take.
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn usage_final(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function, whose
    // argument is usage_agg's state, a UsageBuilder.
    unsafe {
        let state = raw_internal(&raw_args(fcinfo)[0]);
        raw_bytes_result(fcinfo, read_only(state, |b: &UsageBuilder| b.to_summary().or_report().to_bytes()))
    }
}

#[pg_extern(immutable, parallel_safe)]
fn usage_intensity_final(state: Internal) -> Option<f64> {
    // SAFETY: usage_intensity's state is a UsageBuilder.
    unsafe { read_only(state, |b: &UsageBuilder| b.to_summary().and_then(|s| s.intensity()).or_report()) }
        .flatten()
        .finite("usage_intensity")
}

// ---- accessors ----------------------------------------------------------------

#[pg_extern(immutable, parallel_safe, strict, name = "events")]
fn usage_events(s: SummaryTotals) -> i64 {
    int8_count(s.0.summary.events(), "events")
}

#[pg_extern(immutable, parallel_safe, strict, name = "total_quantity")]
fn usage_total_quantity(s: SummaryTotals) -> f64 {
    s.0.summary.total_quantity().or_report().finite("total_quantity")
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
    int8_count(s.0.feature_events(feature), "feature_events")
}

#[pg_extern(immutable, parallel_safe, strict)]
#[allow(clippy::type_complexity, reason = "pgrx reads the column names from the name! macros of the signature")]
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
    let rows: Vec<_> =
        s.0.features
            .iter()
            .map(|(name, f)| {
                (
                    name.to_owned(),
                    int8_count(f.events, "feature_usage"),
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
    s.0.summary.intensity().or_report().finite("usage_intensity")
}

#[pg_extern(immutable, parallel_safe, strict)]
fn usage_frequency(s: SummaryTotals, as_of: Date, window_days: default!(i32, 28)) -> f64 {
    s.0.summary.frequency(day_of(as_of, "as_of"), window_days).or_report().finite("usage_frequency")
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
    s.0.summary.trend(day_of(as_of, "as_of"), window_days).or_report().finite("usage_trend")
}

#[pg_extern(immutable, parallel_safe, strict)]
fn usage_segment(
    value: f64,
    cuts: Array1<f64>,
    labels: default!(Array1<String>, "'{light,moderate,heavy}'"),
) -> String {
    let cuts = cuts.no_nulls("cuts");
    let labels = labels.no_nulls("labels");
    core_usage::segment(value, &cuts, &labels).or_report().to_owned()
}

#[pg_extern(immutable, parallel_safe, strict)]
fn usage_quadrant(
    frequency: f64,
    intensity: f64,
    frequency_cut: f64,
    intensity_cut: f64,
    labels: default!(Array1<String>, "'{casual,social,competitive,hardcore}'"),
) -> String {
    let labels = labels.no_nulls("labels");
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
