//! Signals read from a usage summary: `usage_vector` (clustering input),
//! `usage_drop` and `usage_alert`. Semantics live in `usage_core::usage::signals`;
//! this module only converts arguments.
//!
//! These functions are not strict: `features` and `feature` default to NULL
//! (meaning "none" and "the whole summary"); any other NULL argument gives NULL.

use pgrx::pg_sys;
use pgrx::pgrx_sql_entity_graph::metadata::{
    ArgumentError, ReturnsError, ReturnsRef, SqlMappingRef, SqlTranslatable, TypeOrigin,
};
use pgrx::prelude::*;
use usage_core::codec::Versioned;
use usage_core::usage::{UsageDrop, UsageSummary, UsageTotals};

use crate::aggregate::stored;
use crate::pgutil::{day_of, finfo_v1, interrupts, raise, raw_args, varlena_arg, Array1, Finite, OrReport};
use crate::usage::{text_arg, usage_summary};

/// A `usage_summary` argument kept undecoded until the call knows whether it
/// reads features: the totals alone decode ten times faster.
pub struct SummaryArg(pg_sys::Datum);

// SAFETY: SummaryArg is read from a usage_summary argument, and says it is one.
unsafe impl SqlTranslatable for SummaryArg {
    const TYPE_IDENT: &'static str = <usage_summary as SqlTranslatable>::TYPE_IDENT;
    const TYPE_ORIGIN: TypeOrigin = <usage_summary as SqlTranslatable>::TYPE_ORIGIN;
    const ARGUMENT_SQL: Result<SqlMappingRef, ArgumentError> = <usage_summary as SqlTranslatable>::ARGUMENT_SQL;
    const RETURN_SQL: Result<ReturnsRef, ReturnsError> = <usage_summary as SqlTranslatable>::RETURN_SQL;
}

varlena_arg!(SummaryArg, |datum| Ok(SummaryArg(datum)));

impl SummaryArg {
    /// Runs `f` on the summary, decoded with its features when `features` is set,
    /// else only its totals (an empty feature map).
    fn with<R>(&self, features: bool, f: impl Fn(&UsageSummary) -> usage_core::Result<R>) -> R {
        // SAFETY: the datum is a non-NULL usage_summary argument of the current call.
        unsafe {
            stored::<UsageSummary, _>(self.0, &f, |bytes| {
                if features {
                    f(&UsageSummary::from_bytes(bytes)?)
                } else {
                    f(&UsageTotals::from_bytes(bytes)?.summary)
                }
            })
        }
        .or_report()
    }
}

#[pg_extern(immutable, parallel_safe)]
fn usage_vector(
    s: Option<SummaryArg>,
    as_of: Option<Date>,
    features: default!(Option<Array1<String>>, "NULL"),
    window_days: default!(Option<i32>, 28),
) -> Option<Vec<f64>> {
    let (s, as_of, window_days) = (s?, as_of?, window_days?);
    let as_of = day_of(as_of, "as_of");
    let features = features.map(|f| f.no_nulls("features")).unwrap_or_default();
    let vector = s.with(!features.is_empty(), |s| s.usage_vector(as_of, &features, window_days))?;
    Some(vector.into_iter().map(|x| x.finite("usage_vector")).collect())
}

/// The drop of the call's arguments `(s, as_of, recent_days, baseline_days, feature)`;
/// `None` when one of the first four is NULL.
unsafe fn drop_of(args: &[pg_sys::NullableDatum]) -> Option<UsageDrop> {
    // SAFETY: the caller passes the arguments of usage_drop or usage_alert, whose
    // types are usage_summary, date, int4, int4 and text.
    unsafe {
        let s = SummaryArg::from_datum(args[0].value, args[0].isnull)?;
        let as_of = day_of(Date::from_datum(args[1].value, args[1].isnull)?, "as_of");
        let recent_days = i32::from_datum(args[2].value, args[2].isnull)?;
        let baseline_days = i32::from_datum(args[3].value, args[3].isnull)?;
        let feature = (!args[4].isnull).then(|| text_arg(args[4].value, "feature"));
        Some(s.with(feature.is_some(), |s| s.usage_drop(as_of, recent_days, baseline_days, feature, &interrupts)))
    }
}

finfo_v1!(pg_finfo_usage_drop);

/// `usage_drop(...)` returns a record of its OUT parameters (sql/signals.sql): a
/// plain fmgr function, since pgrx returns records only as sets.
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn usage_drop(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to usage_drop, declared
    // in sql/signals.sql with five arguments and seven OUT parameters.
    unsafe {
        let Some(d) = drop_of(raw_args(fcinfo)) else {
            (*fcinfo).isnull = true;
            return pg_sys::Datum::from(0usize);
        };
        let int = |n: u64| usage_core::in_range("usage_drop", i32::try_from(n).ok()).or_report().into_datum();
        let float = |x: Option<f64>| x.map(|x| x.finite("usage_drop")).and_then(|x| x.into_datum());
        let columns = [
            int(d.recent_active),
            int(d.baseline_active),
            int(d.baseline_days),
            float(Some(d.recent_rate)),
            float(d.baseline_rate),
            float(d.ratio),
            float(d.p_value),
        ];
        let mut tupdesc: pg_sys::TupleDesc = std::ptr::null_mut();
        if pg_sys::get_call_result_type(fcinfo, std::ptr::null_mut(), &mut tupdesc)
            != pg_sys::TypeFuncClass::TYPEFUNC_COMPOSITE
        {
            raise(usage_core::Error::invalid_parameter(
                "usage_drop must be called in a context that accepts a record",
                "Call it as SELECT (usage_drop(s, as_of)).* or in FROM.",
            ));
        }
        let tupdesc = pg_sys::BlessTupleDesc(tupdesc);
        let mut values = columns.map(|c| c.unwrap_or(pg_sys::Datum::from(0usize)));
        let mut nulls = columns.map(|c| c.is_none());
        let tuple = pg_sys::heap_form_tuple(tupdesc, values.as_mut_ptr(), nulls.as_mut_ptr());
        pg_sys::HeapTupleHeaderGetDatum((*tuple).t_data)
    }
}

finfo_v1!(pg_finfo_usage_alert);

/// `usage_alert(...)`: `alert`, `watch` or `none` for usage_drop's arguments.
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn usage_alert(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to usage_alert, declared
    // in sql/signals.sql with usage_drop's five arguments.
    unsafe {
        match drop_of(raw_args(fcinfo)).and_then(|d| d.alert().into_datum()) {
            Some(datum) => datum,
            None => {
                (*fcinfo).isnull = true;
                pg_sys::Datum::from(0usize)
            }
        }
    }
}

extension_sql_file!("../sql/signals.sql", name = "signals_sql", requires = ["usage_sql", usage_vector]);
