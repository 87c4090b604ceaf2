//! Conversion funnels: `window_funnel(window, ts, steps, modes)` with ClickHouse
//! `windowFunnel` semantics. The search lives in `usage_core::funnel`; this module
//! converts times to microseconds and the boolean step array to a bit mask.

use std::ptr::NonNull;

use pgrx::array::RawArray;
use pgrx::pgrx_sql_entity_graph::metadata::{
    ArgumentError, ReturnsError, ReturnsRef, SqlMappingRef, SqlTranslatable, TypeOrigin,
};
use pgrx::prelude::*;
use pgrx::{pg_sys, Internal};
use usage_core::funnel::{window_units, FunnelParams, FunnelState, Modes, MAX_STEPS};
use usage_core::{Error, ErrorKind};

use crate::aggregate::{internal_state_support, read, update, versioned_state, with_call_cache};
use crate::pgutil::{array_dimensions, datum_arg, interrupts, one_dimensional, raise, OrReport};

const USECS_PER_DAY: i64 = 86_400_000_000;

/// The time unit of a group's times, in microseconds: timestamps are passed in
/// microseconds, dates in days (a date's microseconds overflow an i64 after
/// 294276 AD, its days never do).
const MICROS: i64 = 1;
const DAYS: i64 = USECS_PER_DAY;

/// The window in `unit`s. Months have no fixed length, so they are refused (also
/// when days or hours make up for them, as in '1 month -30 days').
fn window_in(window: &Interval, unit: i64) -> i64 {
    if window.months() != 0 {
        raise(Error::invalid_parameter(
            "window_funnel window must not contain months or years",
            "Months have no fixed length: write the window in days, hours or less, e.g. INTERVAL '30 days'.",
        ));
    }
    let micros = i128::from(window.days()) * i128::from(USECS_PER_DAY) + i128::from(window.micros());
    window_units(micros, unit).or_report()
}

fn infinite(what: &str) -> ! {
    raise(Error::new(
        ErrorKind::DateOutOfRange,
        format!("{what} must be finite"),
        "Filter out 'infinity' and '-infinity' timestamps before computing funnels.",
    ))
}

/// The `steps` argument (`boolean[]`) as a bit mask (bit 0 = step 1; NULL elements
/// are false), read straight from the array: pgrx's generic `Array` looks the element
/// type up in the catalog for every row, which costs more than the funnel itself.
pub struct Steps {
    mask: u32,
    len: usize,
}

// SAFETY: Steps is read from a boolean[] argument, and says it is one.
unsafe impl SqlTranslatable for Steps {
    const TYPE_IDENT: &'static str = pgrx::pgrx_resolved_type!(Steps);
    const TYPE_ORIGIN: TypeOrigin = TypeOrigin::External;
    const ARGUMENT_SQL: Result<SqlMappingRef, ArgumentError> = Ok(SqlMappingRef::literal("boolean[]"));
    const RETURN_SQL: Result<ReturnsRef, ReturnsError> = Ok(ReturnsRef::One(SqlMappingRef::literal("boolean[]")));
}

impl pgrx::datum::FromDatum for Steps {
    unsafe fn from_polymorphic_datum(datum: pg_sys::Datum, is_null: bool, _typoid: pg_sys::Oid) -> Option<Self> {
        if is_null {
            return None;
        }
        // SAFETY: the caller passes a non-NULL boolean[] datum. Its detoasted array has `len`
        // one-byte elements, a NULL bitmap of `len` bits if any, and a data area holding the
        // non-NULL elements, so every index read below is in bounds.
        unsafe {
            let ptr = pg_sys::pg_detoast_datum(datum.cast_mut_ptr()) as *mut pg_sys::ArrayType;
            one_dimensional((*ptr).ndim, "window_funnel steps");
            let mut raw = RawArray::from_ptr(NonNull::new(ptr)?);
            let len = raw.len();
            if len > MAX_STEPS {
                return Some(Steps { mask: 0, len });
            }
            // Booleans are one byte each; with a NULL bitmap (bit set = not NULL) the data
            // area holds only the non-NULL elements.
            let data = raw.data::<u8>().as_ptr() as *const u8;
            let mut mask = 0u32;
            match raw.nulls() {
                None => {
                    for i in 0..len {
                        mask |= u32::from(*data.add(i) != 0) << i;
                    }
                }
                Some(bits) => {
                    let bits = bits.as_ptr() as *const u8;
                    let mut k = 0;
                    for i in 0..len {
                        if *bits.add(i / 8) & (1 << (i % 8)) != 0 {
                            mask |= u32::from(*data.add(k) != 0) << i;
                            k += 1;
                        }
                    }
                }
            }
            Some(Steps { mask, len })
        }
    }
}

datum_arg!(Steps);

/// The `modes` argument (`text[]`). Decoding it costs a catalog lookup, so rows
/// compare its bytes with the last decoded array's (see [`modes_of`]).
pub struct ModesArg(pg_sys::Datum);

/// The last `modes` array a call site decoded: its bytes and its modes, kept in the
/// call's memory for the query.
#[derive(Default)]
struct ModesCache {
    bytes: Vec<u8>,
    modes: Option<Modes>,
}

/// The modes of a row (none: no modes). A row whose array has the bytes of the
/// last decoded one (every row when modes is a constant) costs one comparison and
/// allocates nothing.
unsafe fn modes_of(fcinfo: pg_sys::FunctionCallInfo, modes: Option<&ModesArg>) -> Modes {
    let Some(arg) = modes else { return Modes::default() };
    // SAFETY: the datum is the non-NULL text[] argument of the current call; a packed
    // or plain varlena is read in place (only a toasted one is copied, into the
    // per-row memory); fcinfo is the live call frame, whose call cache only ever
    // holds the ModesCache of this function.
    unsafe {
        let ptr = pg_sys::pg_detoast_datum_packed(arg.0.cast_mut_ptr());
        let bytes = std::slice::from_raw_parts(
            pgrx::varlena::vardata_any(ptr) as *const u8,
            pgrx::varlena::varsize_any_exhdr(ptr),
        );
        with_call_cache(fcinfo, ModesCache::default, |cache| match cache.modes {
            Some(m) if cache.bytes == bytes => m,
            _ => {
                let m = Modes::parse(&arg.names()).or_report();
                cache.bytes.clear();
                cache.bytes.extend_from_slice(bytes);
                cache.modes = Some(m);
                m
            }
        })
    }
}

impl ModesArg {
    fn names(&self) -> Vec<String> {
        // SAFETY: the datum is the non-NULL text[] argument of the current call.
        one_dimensional(unsafe { array_dimensions(self.0) }, "window_funnel modes");
        // SAFETY: as above.
        let array = unsafe { <Array<'_, &str> as pgrx::datum::FromDatum>::from_datum(self.0, false) };
        array.map_or_else(Vec::new, |a| a.iter().map(|v| v.unwrap_or("NULL").to_owned()).collect())
    }
}

// SAFETY: ModesArg is read from a text[] argument, and says it is one.
unsafe impl SqlTranslatable for ModesArg {
    const TYPE_IDENT: &'static str = pgrx::pgrx_resolved_type!(ModesArg);
    const TYPE_ORIGIN: TypeOrigin = TypeOrigin::External;
    const ARGUMENT_SQL: Result<SqlMappingRef, ArgumentError> = Ok(SqlMappingRef::literal("text[]"));
    const RETURN_SQL: Result<ReturnsRef, ReturnsError> = Ok(ReturnsRef::One(SqlMappingRef::literal("text[]")));
}

impl pgrx::datum::FromDatum for ModesArg {
    unsafe fn from_polymorphic_datum(datum: pg_sys::Datum, is_null: bool, _typoid: pg_sys::Oid) -> Option<Self> {
        if is_null {
            None
        } else {
            Some(ModesArg(datum))
        }
    }
}

datum_arg!(ModesArg);

fn check_steps(steps: &Steps) -> (u32, usize) {
    let n = steps.len;
    if n == 0 || n > MAX_STEPS {
        raise(Error::new(
            ErrorKind::ArrayMismatch,
            format!("window_funnel needs 1 to {MAX_STEPS} steps, got {n}"),
            "Pass one boolean per funnel step, e.g. ARRAY[event = 'view', event = 'cart', event = 'buy'].",
        ));
    }
    (steps.mask, n)
}

/// Adds a row whose time `ts` is in `unit`s.
#[inline]
unsafe fn add_row(
    state: Internal,
    fcinfo: pg_sys::FunctionCallInfo,
    window: Option<Interval>,
    (ts, unit): (Option<i64>, i64),
    steps: Option<Steps>,
    modes: Option<ModesArg>,
) -> Internal {
    // Rows with a NULL time or step array are skipped.
    let (Some(ts), Some(steps)) = (ts, steps) else { return state };
    let Some(window) = window else {
        raise(Error::invalid_parameter(
            "window_funnel window must not be NULL",
            "Pass a window such as INTERVAL '1 hour'.",
        ))
    };
    let (mask, n) = check_steps(&steps);
    // Every row's parameters, checked against the group's first row (a few integer
    // comparisons): the same rows give the same answer or error in any order.
    let window = window_in(&window, unit);
    // SAFETY: the caller passes its live call frame and a FunnelState state (or none).
    let modes = unsafe { modes_of(fcinfo, modes.as_ref()) };
    let params = FunnelParams::new(window, n, modes).or_report();
    // SAFETY: the caller passes its live call frame and a FunnelState state (or none).
    unsafe { update(state, fcinfo, FunnelState::default, |s| add_checked(s, params, ts, mask)) }
}

fn add_checked(s: &mut FunnelState, params: FunnelParams, ts: i64, mask: u32) {
    if let Some(p) = s.params() {
        if p.steps != params.steps {
            raise(Error::new(
                ErrorKind::ArrayMismatch,
                "window_funnel step arrays must have the same length in every row",
                "Build the steps array with the same list of conditions for every row.",
            ));
        }
    }
    s.set_params(params).or_report();
    s.add(ts, mask).or_report();
}

fn tstz_micros(ts: TimestampWithTimeZone) -> i64 {
    if !ts.is_finite() {
        infinite("ts")
    }
    ts.into_inner()
}

fn ts_micros(ts: Timestamp) -> i64 {
    if !ts.is_finite() {
        infinite("ts")
    }
    ts.into_inner()
}

fn date_days(d: Date) -> i64 {
    if !d.is_finite() {
        infinite("ts")
    }
    i64::from(d.to_pg_epoch_days())
}

#[pg_extern(immutable, parallel_safe)]
fn funnel_trans_tz(
    state: Internal,
    window: Option<Interval>,
    ts: Option<TimestampWithTimeZone>,
    steps: Option<Steps>,
    modes: Option<ModesArg>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: window_funnel's state is a FunnelState.
    unsafe { add_row(state, fcinfo, window, (ts.map(tstz_micros), MICROS), steps, modes) }
}

#[pg_extern(immutable, parallel_safe)]
fn funnel_trans_ts(
    state: Internal,
    window: Option<Interval>,
    ts: Option<Timestamp>,
    steps: Option<Steps>,
    modes: Option<ModesArg>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: window_funnel's state is a FunnelState.
    unsafe { add_row(state, fcinfo, window, (ts.map(ts_micros), MICROS), steps, modes) }
}

#[pg_extern(immutable, parallel_safe)]
fn funnel_trans_date(
    state: Internal,
    window: Option<Interval>,
    ts: Option<Date>,
    steps: Option<Steps>,
    modes: Option<ModesArg>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: window_funnel's state is a FunnelState.
    unsafe { add_row(state, fcinfo, window, (ts.map(date_days), DAYS), steps, modes) }
}

#[pg_extern(immutable, parallel_safe)]
fn funnel_trans3_tz(
    state: Internal,
    window: Option<Interval>,
    ts: Option<TimestampWithTimeZone>,
    steps: Option<Steps>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: window_funnel's state is a FunnelState.
    unsafe { add_row(state, fcinfo, window, (ts.map(tstz_micros), MICROS), steps, None) }
}

#[pg_extern(immutable, parallel_safe)]
fn funnel_trans3_ts(
    state: Internal,
    window: Option<Interval>,
    ts: Option<Timestamp>,
    steps: Option<Steps>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: window_funnel's state is a FunnelState.
    unsafe { add_row(state, fcinfo, window, (ts.map(ts_micros), MICROS), steps, None) }
}

#[pg_extern(immutable, parallel_safe)]
fn funnel_trans3_date(
    state: Internal,
    window: Option<Interval>,
    ts: Option<Date>,
    steps: Option<Steps>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: window_funnel's state is a FunnelState.
    unsafe { add_row(state, fcinfo, window, (ts.map(date_days), DAYS), steps, None) }
}

versioned_state!(FunnelState);

internal_state_support!(FunnelState, funnel_combine, funnel_serialize, funnel_deserialize);

/// The highest step reached; 0 for a group without rows.
#[pg_extern(immutable, parallel_safe)]
fn funnel_final(state: Internal, fcinfo: pg_sys::FunctionCallInfo) -> i32 {
    // SAFETY: window_funnel's state is a FunnelState.
    let level = unsafe { read(state, fcinfo, |s: &mut FunnelState| s.level(&mut || interrupts().or_report())) };
    level.map_or(0, |l| l as i32)
}

extension_sql_file!(
    "../sql/funnel.sql",
    name = "funnel_sql",
    requires = [
        funnel_trans_tz,
        funnel_trans_ts,
        funnel_trans_date,
        funnel_trans3_tz,
        funnel_trans3_ts,
        funnel_trans3_date,
        funnel_combine,
        funnel_serialize,
        funnel_deserialize,
        funnel_final,
    ]
);
