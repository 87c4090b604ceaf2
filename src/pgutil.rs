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

/// The routine every ERROR of pg_usage reports (`LOCATION:  pg_usage, `).
const ROUTINE: &str = "pg_usage";

/// Raises a core error as a PostgreSQL ERROR with its SQLSTATE and hint.
pub fn raise(error: Error) -> ! {
    ErrorReport::new(sqlstate(error.kind), error.message, ROUTINE).set_hint(error.hint).report(PgLogLevel::ERROR);
    unreachable!("an ERROR report does not return")
}

static mut NEXT_EMIT_LOG_HOOK: pg_sys::emit_log_hook_type = None;

/// Installs [`emit_log_hook`] (from `_PG_init`, once per backend).
pub unsafe fn install_emit_log_hook() {
    // SAFETY: _PG_init runs once, in the backend's only thread, before any report.
    unsafe {
        NEXT_EMIT_LOG_HOOK = pg_sys::emit_log_hook;
        pg_sys::emit_log_hook = Some(emit_log_hook);
    }
}

/// pgrx gives every report the Rust file and line of the call that built it: for
/// [`raise`] always this file, which tells the reader nothing and is not a source a
/// user has. Reports of pg_usage (routine [`ROUTINE`]) leave with the routine only,
/// no file or line, before they are logged and sent; the message names the function
/// or argument at fault. Other reports pass unchanged.
#[pg_guard]
unsafe extern "C-unwind" fn emit_log_hook(edata: *mut pg_sys::ErrorData) {
    // SAFETY: PostgreSQL passes the live ErrorData being emitted; funcname is NULL or
    // a NUL-terminated string.
    unsafe {
        let ours = !(*edata).funcname.is_null()
            && std::ffi::CStr::from_ptr((*edata).funcname).to_bytes() == ROUTINE.as_bytes();
        if ours {
            (*edata).filename = std::ptr::null();
            (*edata).lineno = 0;
        }
        if let Some(next) = NEXT_EMIT_LOG_HOOK {
            next(edata);
        }
    }
}

/// The one rule for float results (`usage_core::finite`): `.finite("name")` raises a
/// NaN or infinite result as ERROR 22003 naming the SQL function, and turns -0 into 0.
/// Every SQL function returning float8 passes its result through it.
pub trait Finite {
    fn finite(self, function: &str) -> Self;
}

impl Finite for f64 {
    #[inline]
    fn finite(self, function: &str) -> f64 {
        usage_core::finite(function, self).or_report()
    }
}

impl Finite for Option<f64> {
    #[inline]
    fn finite(self, function: &str) -> Option<f64> {
        self.map(|v| v.finite(function))
    }
}

/// A count as int8: a count beyond int8 (only a crafted stored value holds one) is
/// ERROR 22003 naming the function, never a saturated or wrapped number.
pub fn int8_count(n: u64, function: &str) -> i64 {
    usage_core::in_range(function, i64::try_from(n).ok()).or_report()
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
    // timestamptz_zone is `ts AT TIME ZONE zone`; timestamp_date keeps infinities,
    // which day_of refuses.
    let convert = || -> Option<Date> {
        // SAFETY: both functions take non-NULL arguments of these types, as passed here.
        unsafe {
            let local: Option<Timestamp> =
                pgrx::direct_function_call(pg_sys::timestamptz_zone, &[Some(zone), ts.into_datum()]);
            local.and_then(|l| pgrx::direct_function_call(pg_sys::timestamp_date, &[l.into_datum()]))
        }
    };
    // PostgreSQL's own errors (an unknown zone 22023, a time beyond its range in that
    // zone 22008) keep their SQLSTATE and message and gain a hint.
    let date = PgTryBuilder::new(convert)
        .catch_others(|caught| match caught {
            pg_sys::panic::CaughtError::PostgresError(report) => {
                ErrorReport::new(report.sql_error_code(), report.message().to_string(), ROUTINE)
                    .set_hint(
                        "The zone is a name of pg_timezone_names (e.g. 'Europe/Paris'), an abbreviation of \
                         pg_timezone_abbrevs or a POSIX offset ('UTC+3'); the time must stay within \
                         PostgreSQL's timestamp range in that zone.",
                    )
                    .report(PgLogLevel::ERROR);
                unreachable!("an ERROR report does not return")
            }
            other => other.rethrow(),
        })
        .execute();
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
/// The core type implements `Versioned` (stored form), `TextForm` (text form) and
/// `JsonView`; [`tool_functions!`] gives the type what tools read.
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
        $crate::pgutil::tool_functions!($name, $core);

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

/// The functions that make `$name` readable by tools, wired to the type by the
/// one loop of sql/comments.sql (every type that has them gets the same):
/// casts to json and jsonb (the core's `JsonView`; jsonb built by src/jsonb.rs), `=` and `<>` with a hash
/// opclass, and binary send/receive of the versioned stored form.
///
/// Equality is equality of text forms: the text form is canonical (equal values
/// print the same, and it round-trips exactly), while stored forms of equal values
/// may differ (insertion orders, older versions). The hash is the text's.
macro_rules! tool_functions {
    ($name:ident, $core:ty) => {
        paste::paste! {
            #[pgrx::pg_extern(immutable, parallel_safe, strict, name = "json")]
            fn [<$name _json>](value: $name) -> pgrx::datum::Json {
                let view = usage_core::codec::JsonView::json_view(&value.0);
                $crate::pgutil::OrReport::or_report($crate::pgutil::interrupts());
                pgrx::datum::Json(view)
            }

            #[pgrx::pg_extern(immutable, parallel_safe, strict, name = "jsonb")]
            fn [<$name _jsonb>](value: $name) -> $crate::jsonb::Jsonb {
                $crate::jsonb::Jsonb::of(&usage_core::codec::JsonView::json_view(&value.0))
            }

            #[pgrx::pg_extern(immutable, parallel_safe, strict)]
            fn [<$name _eq>](left: $name, right: $name) -> bool {
                usage_core::codec::TextForm::to_text(&left.0) == usage_core::codec::TextForm::to_text(&right.0)
            }

            #[pgrx::pg_extern(immutable, parallel_safe, strict)]
            fn [<$name _ne>](left: $name, right: $name) -> bool {
                usage_core::codec::TextForm::to_text(&left.0) != usage_core::codec::TextForm::to_text(&right.0)
            }

            #[pgrx::pg_extern(immutable, parallel_safe, strict)]
            fn [<$name _hash>](value: $name) -> i32 {
                // A fixed-seed hash: hash indexes store it, so it must not change between runs.
                pgrx::misc::pgrx_seahash(&usage_core::codec::TextForm::to_text(&value.0)) as i32
            }

            #[pgrx::pg_extern(immutable, parallel_safe, strict)]
            fn [<$name _send>](value: $name) -> Vec<u8> {
                usage_core::codec::Versioned::to_bytes(&value.0)
            }

            #[pgrx::pg_extern(immutable, parallel_safe, strict)]
            fn [<$name _recv>](mut buffer: pgrx::datum::Internal) -> $name {
                // SAFETY: a type's receive function is passed the message buffer, a StringInfo.
                let Some(buffer) = (unsafe { buffer.get_mut::<pgrx::pg_sys::StringInfoData>() }) else {
                    $crate::pgutil::null_argument(1)
                };
                let end = buffer.len.max(0) as usize;
                let start = (buffer.cursor.max(0) as usize).min(end);
                // SAFETY: `data` holds `len` bytes, and the cursor is within them.
                let bytes = unsafe { std::slice::from_raw_parts(buffer.data.cast::<u8>().add(start), end.saturating_sub(start)) };
                // The stored-form decoder checks the bytes as it does a stored value's.
                let value = $crate::pgutil::OrReport::or_report(<$core as usage_core::codec::Versioned>::from_bytes(bytes));
                buffer.cursor = buffer.len;
                $name(value)
            }
        }
    };
}
pub(crate) use tool_functions;

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

/// The one check of array arguments that are lists (labels, cuts, weights, steps,
/// conditions, modes): a multidimensional array is ERROR 2202E, never flattened.
pub fn one_dimensional(dimensions: i32, what: &str) {
    if dimensions > 1 {
        raise(Error::new(
            ErrorKind::ArrayMismatch,
            format!("{what} must be a one-dimensional array, got {dimensions} dimensions"),
            "Pass a flat array such as '{a,b,c}'; the elements of a multidimensional array are not taken as a list.",
        ));
    }
}

/// The number of dimensions of a non-NULL array datum.
pub unsafe fn array_dimensions(datum: pg_sys::Datum) -> i32 {
    // SAFETY: the caller passes a non-NULL array datum; detoasted, it starts with an ArrayType header.
    unsafe { (*pg_sys::pg_detoast_datum(datum.cast_mut_ptr()).cast::<pg_sys::ArrayType>()).ndim }
}

/// A one-dimensional array argument (labels, cuts, weights, steps, conditions).
/// pgrx reads any array as the flat list of its elements, which would silently turn
/// a two-dimensional array into a longer list; this argument type rejects it with
/// 2202E instead. `values` keeps NULL elements ([`Array1::no_nulls`] rejects them).
pub struct Array1<T> {
    pub values: Vec<Option<T>>,
    dimensions: i32,
}

impl<T> Array1<T> {
    /// The elements, none of them NULL: a NULL element is an ERROR naming `what`.
    pub fn no_nulls(self, what: &str) -> Vec<T> {
        let n = self.values.len();
        let present: Vec<T> = self.values.into_iter().flatten().collect();
        if present.len() != n {
            raise(Error::new(
                ErrorKind::ArrayMismatch,
                format!("{what} must not contain NULL elements"),
                format!("Remove the NULLs from {what}, e.g. with array_remove({what}, NULL)."),
            ));
        }
        present
    }
}

// SAFETY: an Array1<T> is read from the same SQL array type as Vec<Option<T>>.
unsafe impl<T> pgrx::pgrx_sql_entity_graph::metadata::SqlTranslatable for Array1<T>
where
    Vec<Option<T>>: pgrx::pgrx_sql_entity_graph::metadata::SqlTranslatable,
{
    const TYPE_IDENT: &'static str =
        <Vec<Option<T>> as pgrx::pgrx_sql_entity_graph::metadata::SqlTranslatable>::TYPE_IDENT;
    const TYPE_ORIGIN: pgrx::pgrx_sql_entity_graph::metadata::TypeOrigin =
        <Vec<Option<T>> as pgrx::pgrx_sql_entity_graph::metadata::SqlTranslatable>::TYPE_ORIGIN;
    const ARGUMENT_SQL: Result<
        pgrx::pgrx_sql_entity_graph::metadata::SqlMappingRef,
        pgrx::pgrx_sql_entity_graph::metadata::ArgumentError,
    > = <Vec<Option<T>> as pgrx::pgrx_sql_entity_graph::metadata::SqlTranslatable>::ARGUMENT_SQL;
    const RETURN_SQL: Result<
        pgrx::pgrx_sql_entity_graph::metadata::ReturnsRef,
        pgrx::pgrx_sql_entity_graph::metadata::ReturnsError,
    > = <Vec<Option<T>> as pgrx::pgrx_sql_entity_graph::metadata::SqlTranslatable>::RETURN_SQL;
}

impl<T> pgrx::datum::FromDatum for Array1<T>
where
    Vec<Option<T>>: pgrx::datum::FromDatum,
{
    unsafe fn from_polymorphic_datum(datum: pg_sys::Datum, is_null: bool, typoid: pg_sys::Oid) -> Option<Self> {
        if is_null {
            return None;
        }
        // SAFETY: a non-NULL datum of an array type.
        let dimensions = unsafe { array_dimensions(datum) };
        // SAFETY: the same non-NULL array datum, read as pgrx reads any array argument.
        let values = unsafe { Vec::<Option<T>>::from_polymorphic_datum(datum, false, typoid) }?;
        Some(Array1 { values, dimensions })
    }
}

// SAFETY: arguments are read with Array1's `FromDatum`; a NULL array is an ERROR
// (Option<Array1<T>> arguments take NULL before this is called).
unsafe impl<'fcx, T> pgrx::callconv::ArgAbi<'fcx> for Array1<T>
where
    Vec<Option<T>>: pgrx::datum::FromDatum,
{
    unsafe fn unbox_arg_unchecked(arg: pgrx::callconv::Arg<'_, 'fcx>) -> Self {
        let position = arg.index() + 1;
        // SAFETY: pgrx passes the argument of this type's position in the call.
        let array: Self = unsafe { arg.unbox_arg_using_from_datum() }.unwrap_or_else(|| null_argument(position));
        one_dimensional(array.dimensions, &format!("argument {position}"));
        array
    }
}

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
