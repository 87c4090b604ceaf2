//! Conversion funnels: `window_funnel(window, ts, steps, modes)` with ClickHouse
//! `windowFunnel` semantics. The search lives in `usage_core::funnel`; this module
//! converts times to microseconds and the boolean step array to a bit mask.

use pgrx::prelude::*;
use pgrx::{pg_sys, Internal};
use usage_core::funnel::{FunnelParams, FunnelState, Modes, MAX_STEPS};
use usage_core::{Error, ErrorKind};

use crate::pgutil::{agg_combine, agg_deserialize, agg_serialize, agg_state, raise, OrReport};

const USECS_PER_DAY: i64 = 86_400_000_000;

/// The window in microseconds. Months have no fixed length, so they are refused.
fn window_micros(window: &Interval) -> i64 {
    if window.months() != 0 {
        raise(Error::invalid_parameter(
            "window_funnel window must not contain months or years",
            "Months have no fixed length: write the window in days, hours or less, e.g. INTERVAL '30 days'.",
        ));
    }
    let micros = i128::from(window.days()) * i128::from(USECS_PER_DAY) + i128::from(window.micros());
    i64::try_from(micros).unwrap_or(i64::MAX)
}

fn infinite(what: &str) -> ! {
    raise(Error::new(
        ErrorKind::DateOutOfRange,
        format!("{what} must be finite"),
        "Filter out 'infinity' and '-infinity' timestamps before computing funnels.",
    ))
}

/// Step array as a bit mask (bit 0 = step 1); NULL elements count as false.
fn step_mask(steps: &Array<'_, bool>) -> (u32, usize) {
    let n = steps.len();
    if n == 0 || n > MAX_STEPS {
        raise(Error::new(
            ErrorKind::ArrayMismatch,
            format!("window_funnel needs 1 to {MAX_STEPS} steps, got {n}"),
            "Pass one boolean per funnel step, e.g. ARRAY[event = 'view', event = 'cart', event = 'buy'].",
        ));
    }
    let mut mask = 0u32;
    for (i, v) in steps.iter().enumerate() {
        if v == Some(true) {
            mask |= 1 << i;
        }
    }
    (mask, n)
}

#[inline]
unsafe fn add_row(
    mut state: Internal,
    fcinfo: pg_sys::FunctionCallInfo,
    window: Option<Interval>,
    ts: Option<i64>,
    steps: Option<Array<'_, bool>>,
    modes: Option<Array<'_, &str>>,
) -> Internal {
    // Rows with a NULL time or step array are skipped.
    let (Some(ts), Some(steps)) = (ts, steps) else { return state };
    let Some(window) = window else {
        raise(Error::invalid_parameter("window_funnel window must not be NULL", "Pass a window such as INTERVAL '1 hour'."))
    };
    let (mask, n) = step_mask(&steps);
    let s = agg_state::<FunnelState>(&mut state, fcinfo);
    match s.params() {
        // Window and modes are read once per group: they are meant to be constants.
        Some(p) if usize::from(p.steps) == n => {}
        Some(_) => raise(Error::new(
            ErrorKind::ArrayMismatch,
            "window_funnel step arrays must have the same length in every row",
            "Build the steps array with the same list of conditions for every row.",
        )),
        None => {
            let names: Vec<String> = match &modes {
                None => Vec::new(),
                Some(m) => m.iter().map(|v| v.unwrap_or("NULL").to_owned()).collect(),
            };
            let modes = Modes::parse(&names).or_report();
            s.set_params(FunnelParams::new(window_micros(&window), n, modes).or_report()).or_report();
        }
    }
    s.add(ts, mask).or_report();
    state
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

fn date_micros(d: Date) -> i64 {
    if !d.is_finite() {
        infinite("ts")
    }
    i64::from(d.to_pg_epoch_days()) * USECS_PER_DAY
}

#[pg_extern(immutable, parallel_safe)]
fn funnel_trans_tz(
    state: Internal,
    window: Option<Interval>,
    ts: Option<TimestampWithTimeZone>,
    steps: Option<Array<'_, bool>>,
    modes: Option<Array<'_, &str>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    unsafe { add_row(state, fcinfo, window, ts.map(tstz_micros), steps, modes) }
}

#[pg_extern(immutable, parallel_safe)]
fn funnel_trans_ts(
    state: Internal,
    window: Option<Interval>,
    ts: Option<Timestamp>,
    steps: Option<Array<'_, bool>>,
    modes: Option<Array<'_, &str>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    unsafe { add_row(state, fcinfo, window, ts.map(ts_micros), steps, modes) }
}

#[pg_extern(immutable, parallel_safe)]
fn funnel_trans_date(
    state: Internal,
    window: Option<Interval>,
    ts: Option<Date>,
    steps: Option<Array<'_, bool>>,
    modes: Option<Array<'_, &str>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    unsafe { add_row(state, fcinfo, window, ts.map(date_micros), steps, modes) }
}

#[pg_extern(immutable, parallel_safe)]
fn funnel_trans3_tz(
    state: Internal,
    window: Option<Interval>,
    ts: Option<TimestampWithTimeZone>,
    steps: Option<Array<'_, bool>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    unsafe { add_row(state, fcinfo, window, ts.map(tstz_micros), steps, None) }
}

#[pg_extern(immutable, parallel_safe)]
fn funnel_trans3_ts(
    state: Internal,
    window: Option<Interval>,
    ts: Option<Timestamp>,
    steps: Option<Array<'_, bool>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    unsafe { add_row(state, fcinfo, window, ts.map(ts_micros), steps, None) }
}

#[pg_extern(immutable, parallel_safe)]
fn funnel_trans3_date(
    state: Internal,
    window: Option<Interval>,
    ts: Option<Date>,
    steps: Option<Array<'_, bool>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    unsafe { add_row(state, fcinfo, window, ts.map(date_micros), steps, None) }
}

#[pg_extern(immutable, parallel_safe)]
fn funnel_combine(a: Internal, b: Internal, fcinfo: pg_sys::FunctionCallInfo) -> Internal {
    unsafe { agg_combine(a, b, fcinfo, |x: &mut FunnelState, y: &FunnelState| x.merge(y).or_report()) }
}

#[pg_extern(immutable, parallel_safe, strict)]
fn funnel_serialize(state: Internal) -> Vec<u8> {
    unsafe { agg_serialize::<FunnelState>(state) }
}

#[pg_extern(immutable, parallel_safe, strict)]
fn funnel_deserialize(bytes: &[u8], _unused: Internal) -> Internal {
    agg_deserialize::<FunnelState>(bytes)
}

/// The highest step reached; 0 for a group without rows.
#[pg_extern(immutable, parallel_safe)]
fn funnel_final(mut state: Internal) -> i32 {
    match unsafe { state.get_mut::<FunnelState>() } {
        None => 0,
        Some(s) => s.level(&mut || {
            pgrx::check_for_interrupts!();
        }) as i32,
    }
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
