//! The jsonb of a JSON view, built node by node with PostgreSQL's `pushJsonbValue`
//! and checking for query cancel as it goes. Printing the view and parsing it with
//! `jsonb_in` (what pgrx's `JsonB` does) is one uninterruptible call of a second or
//! more on a summary of 200,000 day ranges; so is `JsonbValueToJsonb` here, but it
//! only copies the finished tree (a fifth of the time).

use pgrx::pgrx_sql_entity_graph::metadata::{
    ArgumentError, ReturnsError, ReturnsRef, SqlMappingRef, SqlTranslatable, TypeOrigin,
};
use pgrx::{pg_sys, IntoDatum};
use serde_json::Value;

use crate::pgutil::{interrupts, OrReport};

/// How many nodes are pushed between two interrupt checks.
const NODES_PER_CHECK: usize = 4096;

/// A jsonb datum, returned as it is.
pub struct Jsonb(Option<pg_sys::Datum>);

impl Jsonb {
    /// Builds the jsonb of `view`. A top-level scalar (no view is one) goes
    /// through `jsonb_in`, which wraps it as PostgreSQL's raw scalars are wrapped.
    pub fn of(view: &Value) -> Self {
        interrupts().or_report();
        if !matches!(view, Value::Array(_) | Value::Object(_)) {
            return Jsonb(pgrx::datum::JsonB(view.clone()).into_datum());
        }
        let mut builder = Builder { state: std::ptr::null_mut(), nodes: 0, last: std::ptr::null_mut() };
        builder.push_value(view, pg_sys::JsonbIteratorToken::WJB_ELEM);
        interrupts().or_report();
        // SAFETY: `last` is the root that closing the outermost container returned,
        // and its scalars point into `view`, alive until here.
        let jsonb = unsafe { pg_sys::JsonbValueToJsonb(builder.last) };
        Jsonb(Some(pg_sys::Datum::from(jsonb)))
    }
}

struct Builder {
    state: *mut pg_sys::JsonbParseState,
    nodes: usize,
    /// What the last `pushJsonbValue` returned: the root once the outermost
    /// container is closed.
    last: *mut pg_sys::JsonbValue,
}

impl Builder {
    fn push(&mut self, token: pg_sys::JsonbIteratorToken::Type, value: Option<&mut pg_sys::JsonbValue>) {
        self.nodes += 1;
        if self.nodes.is_multiple_of(NODES_PER_CHECK) {
            interrupts().or_report();
        }
        let value = value.map_or(std::ptr::null_mut(), |v| v as *mut _);
        // SAFETY: `state` is the parse state of this builder's pushes, begun with a
        // container token; scalars are pushed as KEY/VALUE/ELEM, containers as
        // BEGIN/END with no value, the order PostgreSQL's own builders use.
        self.last = unsafe { pg_sys::pushJsonbValue(&mut self.state, token, value) };
    }

    /// Pushes `value` as `token` (an element or an object's value).
    fn push_value(&mut self, value: &Value, token: pg_sys::JsonbIteratorToken::Type) {
        use pg_sys::JsonbIteratorToken::*;
        match value {
            Value::Array(items) => {
                self.push(WJB_BEGIN_ARRAY, None);
                for item in items {
                    self.push_value(item, WJB_ELEM);
                }
                self.push(WJB_END_ARRAY, None);
            }
            Value::Object(map) => {
                self.push(WJB_BEGIN_OBJECT, None);
                for (key, item) in map {
                    self.push(WJB_KEY, Some(&mut string(key)));
                    self.push_value(item, WJB_VALUE);
                }
                self.push(WJB_END_OBJECT, None);
            }
            scalar => self.push(token, Some(&mut self::scalar(scalar))),
        }
    }
}

/// A jsonb string pointing into `s` (jsonb strings are unescaped, as serde's are).
fn string(s: &str) -> pg_sys::JsonbValue {
    let mut v = empty(pg_sys::jbvType::jbvString);
    v.val.string = pg_sys::JsonbValue__bindgen_ty_1__bindgen_ty_1 {
        len: i32::try_from(s.len()).unwrap_or(i32::MAX),
        val: s.as_ptr().cast_mut().cast(),
    };
    v
}

fn scalar(value: &Value) -> pg_sys::JsonbValue {
    match value {
        Value::Null => empty(pg_sys::jbvType::jbvNull),
        Value::Bool(b) => {
            let mut v = empty(pg_sys::jbvType::jbvBool);
            v.val.boolean = *b;
            v
        }
        Value::Number(n) => {
            // numeric_in on the number as JSON prints it: what jsonb_in stores.
            let text = std::ffi::CString::new(n.to_string()).unwrap_or_default();
            // SAFETY: numeric_in takes a cstring, the element type and a typmod.
            let datum = unsafe {
                pgrx::fcinfo::direct_function_call_as_datum(
                    pg_sys::numeric_in,
                    &[
                        Some(pg_sys::Datum::from(text.as_ptr())),
                        Some(pg_sys::Oid::INVALID.into()),
                        Some((-1i32).into()),
                    ],
                )
            };
            let mut v = empty(pg_sys::jbvType::jbvNumeric);
            v.val.numeric = datum.map_or(std::ptr::null_mut(), |d| d.cast_mut_ptr());
            v
        }
        Value::String(s) => string(s),
        Value::Array(_) | Value::Object(_) => unreachable!("containers are pushed by Builder::push_value"),
    }
}

fn empty(kind: pg_sys::jbvType::Type) -> pg_sys::JsonbValue {
    // SAFETY: JsonbValue is plain C data; all zeroes is a valid (null) value.
    let mut v: pg_sys::JsonbValue = unsafe { std::mem::zeroed() };
    v.type_ = kind;
    v
}

// SAFETY: a Jsonb is a jsonb datum and says it is one, as pgrx's JsonB does.
unsafe impl SqlTranslatable for Jsonb {
    const TYPE_IDENT: &'static str = <pgrx::datum::JsonB as SqlTranslatable>::TYPE_IDENT;
    const TYPE_ORIGIN: TypeOrigin = <pgrx::datum::JsonB as SqlTranslatable>::TYPE_ORIGIN;
    const ARGUMENT_SQL: Result<SqlMappingRef, ArgumentError> = <pgrx::datum::JsonB as SqlTranslatable>::ARGUMENT_SQL;
    const RETURN_SQL: Result<ReturnsRef, ReturnsError> = <pgrx::datum::JsonB as SqlTranslatable>::RETURN_SQL;
}

// SAFETY: the datum is a jsonb varlena built in the function's memory context, or NULL.
unsafe impl pgrx::callconv::BoxRet for Jsonb {
    unsafe fn box_into<'fcx>(self, fcinfo: &mut pgrx::callconv::FcInfo<'fcx>) -> pgrx::datum::Datum<'fcx> {
        match self.0 {
            None => fcinfo.return_null(),
            // SAFETY: a jsonb datum for a function that returns jsonb.
            Some(datum) => unsafe { fcinfo.return_raw_datum(datum) },
        }
    }
}
