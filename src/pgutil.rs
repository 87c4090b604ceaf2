//! Shared plumbing of the SQL layer: errors, dates, aggregate states and the
//! storage of core summaries as PostgreSQL varlena types.

use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;
use pgrx::{pg_sys, Internal, PgLogLevel, PgSqlErrorCode};
use usage_core::day::Day;
use usage_core::{Error, ErrorKind};

fn sqlstate(kind: ErrorKind) -> PgSqlErrorCode {
    match kind {
        ErrorKind::InvalidParameter => PgSqlErrorCode::ERRCODE_INVALID_PARAMETER_VALUE,
        ErrorKind::InvalidText => PgSqlErrorCode::ERRCODE_INVALID_TEXT_REPRESENTATION,
        ErrorKind::DateOutOfRange => PgSqlErrorCode::ERRCODE_DATETIME_FIELD_OVERFLOW,
        ErrorKind::NumericOutOfRange => PgSqlErrorCode::ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
        ErrorKind::InvalidData => PgSqlErrorCode::ERRCODE_DATA_EXCEPTION,
        ErrorKind::Corrupted => PgSqlErrorCode::ERRCODE_DATA_CORRUPTED,
        ErrorKind::ArrayMismatch => PgSqlErrorCode::ERRCODE_ARRAY_ELEMENT_ERROR,
    }
}

/// Raises a core error as a PostgreSQL ERROR with its SQLSTATE and hint.
pub fn raise(error: Error) -> ! {
    ErrorReport::new(sqlstate(error.kind), error.message, "pg_usage").set_hint(error.hint).report(PgLogLevel::ERROR);
    unreachable!("an ERROR report does not return")
}

/// The one interrupt check: core loops that input can make long call it, so a
/// cancel or statement_timeout stops them (the ERROR unwinds out of the core).
pub fn interrupts() -> usage_core::Result<()> {
    pgrx::check_for_interrupts!();
    Ok(())
}

/// `.or_report()` unwraps a core result or raises its error as an ERROR.
pub trait OrReport<T> {
    fn or_report(self) -> T;
}

impl<T> OrReport<T> for usage_core::Result<T> {
    #[inline]
    fn or_report(self) -> T {
        match self {
            Ok(v) => v,
            Err(e) => raise(e),
        }
    }
}

/// A finite `date` as a core [`Day`]; `infinity` is an error naming the argument.
#[inline]
pub fn day_of(date: Date, what: &str) -> Day {
    if !date.is_finite() {
        raise(Error::new(
            ErrorKind::DateOutOfRange,
            format!("{what} must be a finite date, got {date}"),
            "Usage is counted in calendar days: filter out 'infinity' and '-infinity' rows.",
        ));
    }
    date.to_pg_epoch_days()
}

/// The calendar day of a `timestamptz` in the session TimeZone.
#[inline]
pub fn day_of_tstz(ts: TimestampWithTimeZone, what: &str) -> Day {
    // timestamptz_date is the cast `ts::date`, which honours the session TimeZone.
    // SAFETY: timestamptz_date takes one non-NULL timestamptz, as passed here.
    let date: Option<Date> = unsafe { pgrx::direct_function_call(pg_sys::timestamptz_date, &[ts.into_datum()]) };
    match date {
        Some(d) => day_of(d, what),
        None => raise(Error::invalid_parameter(format!("{what} is NULL"), "Filter out NULL timestamps.")),
    }
}

/// The calendar day of a `timestamptz` in the named time zone (`zone` a non-NULL
/// `time_zone` datum, which is text): what `(ts AT TIME ZONE zone)::date` gives, in any session.
#[inline]
pub fn day_of_tstz_in(ts: TimestampWithTimeZone, zone: pg_sys::Datum, what: &str) -> Day {
    // timestamptz_zone is `ts AT TIME ZONE zone` (an unknown zone is its ERROR 22023);
    // timestamp_date keeps infinities, which day_of refuses.
    // SAFETY: both functions take non-NULL arguments of these types, as passed here.
    let date: Option<Date> = unsafe {
        let local: Option<Timestamp> =
            pgrx::direct_function_call(pg_sys::timestamptz_zone, &[Some(zone), ts.into_datum()]);
        local.and_then(|l| pgrx::direct_function_call(pg_sys::timestamp_date, &[l.into_datum()]))
    };
    match date {
        Some(d) => day_of(d, what),
        None => raise(Error::invalid_parameter(format!("{what} is NULL"), "Filter out NULL timestamps.")),
    }
}

/// The day of the explicit-zone overloads' arguments (state, zone, ts, ...): the
/// timestamptz in the named zone; `None` when the timestamp is NULL.
pub unsafe fn zoned_day_arg(args: &[pg_sys::NullableDatum]) -> Option<Day> {
    // SAFETY: the caller passes the arguments of an overload whose second argument is a
    // time_zone (text) and whose third is a timestamptz.
    let ts = unsafe { TimestampWithTimeZone::from_datum(args[2].value, args[2].isnull) }?;
    match raw_datum(&args[1]) {
        Some(zone) => Some(day_of_tstz_in(ts, zone, "ts")),
        None => null_argument(1),
    }
}

/// A core [`Day`] as a `date`.
#[inline]
pub fn date_of(day: Day) -> Date {
    // SAFETY: every Day held by a summary came from a finite PostgreSQL date, so it is in range.
    unsafe { Date::from_pg_epoch_days(day) }
}

/// Declares a SQL type `$name` that stores a core [`Versioned`] value as a varlena
/// of its versioned binary form, with the core's text form as text in/out.
/// The core type implements `Versioned` (stored form) and `TextForm` (text form).
macro_rules! summary_type {
    // A stored summary with a rollup: an argument may also be the rollup's expanded state.
    ($name:ident, $core:ty, rollup) => {
        $crate::pgutil::summary_type!(@type $name, $core);
        $crate::pgutil::varlena_arg!($name, |datum| {
            // SAFETY: varlena_arg! passes a non-NULL datum of this type: a stored or expanded summary.
            unsafe {
                $crate::aggregate::stored::<$core, _>(
                    datum,
                    |value| Ok($name(value.clone())),
                    |bytes| <$core as usage_core::codec::Versioned>::from_bytes(bytes).map($name),
                )
            }
        });
    };
    ($name:ident, $core:ty) => {
        $crate::pgutil::summary_type!(@type $name, $core);
        $crate::pgutil::varlena_arg!($name, |datum| {
            // SAFETY: varlena_arg! passes a non-NULL datum of this type, a varlena.
            let bytes = unsafe { $crate::aggregate::varlena_bytes(datum) };
            <$core as usage_core::codec::Versioned>::from_bytes(bytes).map($name)
        });
    };
    (@type $name:ident, $core:ty) => {
        #[allow(non_camel_case_types)]
        #[derive(pgrx::PostgresType, Debug, Clone)]
        #[inoutfuncs]
        #[bikeshed_postgres_type_manually_impl_from_into_datum]
        pub struct $name(pub $core);

        impl pgrx::inoutfuncs::InOutFuncs for $name {
            fn input(input: &core::ffi::CStr) -> Self {
                let text = input.to_str().unwrap_or("");
                $name(<$core as usage_core::codec::TextForm>::from_text(text).or_report())
            }
            fn output(&self, buffer: &mut pgrx::StringInfo) {
                buffer.push_str(&usage_core::codec::TextForm::to_text(&self.0));
            }
        }

        impl pgrx::datum::IntoDatum for $name {
            fn into_datum(self) -> Option<pgrx::pg_sys::Datum> {
                let bytes = usage_core::codec::Versioned::to_bytes(&self.0);
                Some(pgrx::varlena::rust_byte_slice_to_bytea(&bytes).into_pg().into())
            }
            fn type_oid() -> pgrx::pg_sys::Oid {
                pgrx::wrappers::rust_regtypein::<Self>()
            }
        }

        // SAFETY: the result is the datum of `into_datum`, a varlena of this type, or NULL.
        unsafe impl pgrx::callconv::BoxRet for $name {
            unsafe fn box_into<'fcx>(
                self,
                fcinfo: &mut pgrx::callconv::FcInfo<'fcx>,
            ) -> pgrx::datum::Datum<'fcx> {
                match pgrx::datum::IntoDatum::into_datum(self) {
                    None => fcinfo.return_null(),
                    // SAFETY: `datum` is a fresh varlena of the function's result type.
                    Some(datum) => unsafe { fcinfo.return_raw_datum(datum) },
                }
            }
        }
    };
}
pub(crate) use summary_type;

/// Makes `$name` a function argument read from a datum of a stored form:
/// `$decode` turns the (non-null) datum into a `usage_core::Result<$name>`, and a
/// decoding error is raised as an ERROR. `$decode` is an `unsafe fn`: it may rely
/// on being given a non-NULL datum of `$name`'s SQL type.
macro_rules! varlena_arg {
    ($name:ident, $decode:expr) => {
        impl pgrx::datum::FromDatum for $name {
            unsafe fn from_polymorphic_datum(
                datum: pgrx::pg_sys::Datum,
                is_null: bool,
                _typoid: pgrx::pg_sys::Oid,
            ) -> Option<Self> {
                if is_null {
                    return None;
                }
                let decode: unsafe fn(pgrx::pg_sys::Datum) -> usage_core::Result<$name> = $decode;
                // SAFETY: the caller passes a datum of this type, and it is not NULL.
                Some($crate::pgutil::OrReport::or_report(unsafe { decode(datum) }))
            }
        }

        $crate::pgutil::datum_arg!($name);
    };
}
pub(crate) use varlena_arg;

/// Makes a type with a `FromDatum` impl a function argument of pgrx functions.
/// Arguments of strict functions are never NULL; a NULL reaching one anyway is an
/// ERROR, not a panic.
macro_rules! datum_arg {
    ($name:ident) => {
        // SAFETY: `As` is `Self`, which carries no lifetime: it owns (or copies) what it reads.
        unsafe impl pgrx::datum::UnboxDatum for $name {
            type As<'dat>
                = Self
            where
                Self: 'dat;
            unsafe fn unbox<'dat>(datum: pgrx::datum::Datum<'dat>) -> Self::As<'dat>
            where
                Self: 'dat,
            {
                // SAFETY: the caller passes a non-NULL datum of this type.
                unsafe { <Self as pgrx::datum::FromDatum>::from_datum(datum.sans_lifetime(), false) }
                    .unwrap_or_else(|| $crate::pgutil::null_argument(0))
            }
        }

        // SAFETY: arguments are read with this type's `FromDatum`, and a NULL is an ERROR.
        unsafe impl<'fcx> pgrx::callconv::ArgAbi<'fcx> for $name {
            unsafe fn unbox_arg_unchecked(arg: pgrx::callconv::Arg<'_, 'fcx>) -> Self {
                let index = arg.index();
                // SAFETY: pgrx passes the argument of this type's position in the call.
                unsafe { arg.unbox_arg_using_from_datum() }.unwrap_or_else(|| $crate::pgutil::null_argument(index + 1))
            }
        }
    };
}
pub(crate) use datum_arg;

/// A NULL where an argument must have a value (position 1-based; 0 if unknown).
pub fn null_argument(position: usize) -> ! {
    raise(Error::invalid_parameter(
        format!("argument {position} must not be NULL"),
        "Filter out NULL values before calling the function.",
    ))
}

// ---- hand-written fmgr (V1) functions ------------------------------------------
// A function called once per input row, where pgrx's per-call wrapper is a large
// share of its time, is written as a plain C function and declared in sql/.

/// Declares the `pg_finfo_*` record that marks a C function as fmgr V1.
macro_rules! finfo_v1 {
    ($finfo:ident) => {
        #[no_mangle]
        #[doc(hidden)]
        pub extern "C" fn $finfo() -> &'static pgrx::pg_sys::Pg_finfo_record {
            const V1_API: pgrx::pg_sys::Pg_finfo_record = pgrx::pg_sys::Pg_finfo_record { api_version: 1 };
            &V1_API
        }
    };
}
pub(crate) use finfo_v1;

/// The arguments of an fmgr call.
pub unsafe fn raw_args<'a>(fcinfo: pg_sys::FunctionCallInfo) -> &'a [pg_sys::NullableDatum] {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed, with `nargs` arguments.
    unsafe { (*fcinfo).args.as_slice((*fcinfo).nargs as usize) }
}

// float8 is passed by value (a 64-bit Datum holds its bits).
const _: () = assert!(std::mem::size_of::<pg_sys::Datum>() == 8);

/// A nullable float8 argument.
pub fn raw_f64(arg: &pg_sys::NullableDatum) -> Option<f64> {
    (!arg.isnull).then(|| f64::from_bits(arg.value.value() as u64))
}

/// An `internal` argument (an aggregate state; unset while NULL).
pub fn raw_internal(arg: &pg_sys::NullableDatum) -> Internal {
    Internal::from(raw_datum(arg))
}

/// A nullable argument's datum.
pub fn raw_datum(arg: &pg_sys::NullableDatum) -> Option<pg_sys::Datum> {
    (!arg.isnull).then_some(arg.value)
}

/// The function's result: a varlena of `bytes` (a stored form), or SQL NULL.
pub unsafe fn raw_bytes_result(fcinfo: pg_sys::FunctionCallInfo, bytes: Option<Vec<u8>>) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function.
    unsafe { raw_result(fcinfo, bytes.map(|b| varlena_datum(&b))) }
}

/// A varlena holding `bytes`, in the current memory context.
pub unsafe fn varlena_datum(bytes: &[u8]) -> pg_sys::Datum {
    pgrx::varlena::rust_byte_slice_to_bytea(bytes).into_pg().into()
}

/// The function's result: `datum`, or SQL NULL.
pub unsafe fn raw_result(fcinfo: pg_sys::FunctionCallInfo, datum: Option<pg_sys::Datum>) -> pg_sys::Datum {
    datum.unwrap_or_else(|| {
        // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function.
        unsafe { (*fcinfo).isnull = true };
        pg_sys::Datum::from(0usize)
    })
}
