//! Association rules (`assoc_rules` over (basket, item) rows) and recommendations
//! from them. The mining is in `usage_core::models::assoc`; this module reads the
//! rows and passes the interrupt check.

use pgrx::prelude::*;
use pgrx::{pg_sys, Internal};
use usage_core::models::assoc::{AssocRules, BasketId, Baskets, Params};
use usage_core::Error;

use crate::aggregate::{internal_state_support, read_only, update_raw, versioned_state};
use crate::pgutil::{
    finfo_v1, interrupts, raise, raw_args, raw_datum, raw_f64, raw_result, summary_type, Array1, Finite, OrReport,
};
use crate::usage::text_arg;

summary_type!(assoc_rules, AssocRules);

versioned_state!(Baskets);

/// The thresholds of a transition call: (min_support, min_confidence [, max_len]);
/// a NULL max_len is no limit.
fn params_of(args: &[pg_sys::NullableDatum]) -> Params {
    let required = |arg: &pg_sys::NullableDatum, name: &str| {
        raw_f64(arg).unwrap_or_else(|| {
            raise(Error::invalid_parameter(
                format!("assoc_rules: {name} must not be NULL"),
                "Pass the thresholds as constants, e.g. assoc_rules(basket, item, 0.01, 0.5).",
            ))
        })
    };
    // int4 is passed by value in the low 32 bits of the datum.
    let max_len = args.get(2).and_then(raw_datum).map(|d| i64::from(d.value() as i32));
    Params::new(required(&args[0], "min_support"), required(&args[1], "min_confidence"), max_len).or_report()
}

/// Adds one row to the state (`text`: the basket id is text, else bigint). Rows
/// with a NULL basket or item are skipped.
unsafe fn add_row(fcinfo: pg_sys::FunctionCallInfo, text: bool) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame of an assoc_rules transition declared in
    // sql/assoc.sql: (internal, bigint or text, text, float8, float8 [, int4]); its
    // state is a Baskets of the same basket id type.
    unsafe {
        let args = raw_args(fcinfo);
        let state = raw_datum(&args[0]);
        let params = params_of(&args[3..]);
        let (Some(basket), Some(item)) = (raw_datum(&args[1]), raw_datum(&args[2])) else {
            return raw_result(fcinfo, state);
        };
        let basket = match text {
            // int8 is passed by value: the datum holds its bits.
            false => BasketId::Int(basket.value() as i64),
            true => BasketId::Text(text_arg(basket, "basket")),
        };
        let item = text_arg(item, "item");
        update_raw(
            state,
            fcinfo,
            || Baskets::new(text),
            |b| {
                b.set_params(params).or_report();
                b.add(basket, item).or_report();
            },
        )
    }
}

// One call per row: plain fmgr functions (no pgrx wrapper), declared in sql/assoc.sql.
finfo_v1!(pg_finfo_assoc_rules_trans);

#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn assoc_rules_trans(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: declared in sql/assoc.sql with a bigint basket id.
    unsafe { add_row(fcinfo, false) }
}

finfo_v1!(pg_finfo_assoc_rules_trans_text);

#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn assoc_rules_trans_text(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: declared in sql/assoc.sql with a text basket id.
    unsafe { add_row(fcinfo, true) }
}

internal_state_support!(Baskets, assoc_rules_combine, assoc_rules_serialize, assoc_rules_deserialize);

#[pg_extern(immutable, parallel_safe)]
fn assoc_rules_final(state: Internal) -> Option<assoc_rules> {
    // SAFETY: the state of assoc_rules is a Baskets; mining only reads it.
    unsafe { read_only(state, |b: &Baskets| assoc_rules(b.rules(&interrupts).or_report())) }
}

#[pg_extern(immutable, parallel_safe, strict)]
#[allow(clippy::type_complexity, reason = "pgrx reads the column names from the name! macros of the signature")]
fn assoc_rules_table(
    rules: assoc_rules,
) -> TableIterator<
    'static,
    (
        name!(antecedent, Vec<String>),
        name!(consequent, Vec<String>),
        name!(antecedent_support, f64),
        name!(consequent_support, f64),
        name!(support, f64),
        name!(confidence, f64),
        name!(lift, f64),
        name!(leverage, f64),
        name!(conviction, Option<f64>),
    ),
> {
    let r = rules.0;
    let f = "assoc_rules_table";
    let rows: Vec<_> = r
        .rules()
        .iter()
        .map(|rule| {
            interrupts().or_report();
            let m = r.measures(rule);
            (
                r.names(&rule.antecedent),
                r.names(&rule.consequent),
                m.antecedent_support.finite(f),
                m.consequent_support.finite(f),
                m.support.finite(f),
                m.confidence.finite(f),
                m.lift.finite(f),
                m.leverage.finite(f),
                m.conviction.finite(f),
            )
        })
        .collect();
    TableIterator::new(rows)
}

#[pg_extern(immutable, parallel_safe, strict)]
#[allow(clippy::type_complexity, reason = "pgrx reads the column names from the name! macros of the signature")]
fn recommend(
    rules: assoc_rules,
    have: Array1<String>,
    k: default!(i32, 5),
) -> TableIterator<
    'static,
    (
        name!(rank, i32),
        name!(item, String),
        name!(confidence, f64),
        name!(lift, f64),
        name!(support, f64),
        name!(antecedent, Vec<String>),
        name!(consequent, Vec<String>),
    ),
> {
    let Ok(k) = usize::try_from(k) else {
        raise(Error::invalid_parameter(
            format!("recommend: k must not be negative, got {k}"),
            "k is the number of items to recommend, e.g. 5.",
        ))
    };
    let have = have.no_nulls("have");
    let have: Vec<&str> = have.iter().map(String::as_str).collect();
    let r = rules.0;
    let f = "recommend";
    let rows: Vec<_> = r
        .recommend(&have, k, &interrupts)
        .or_report()
        .into_iter()
        .zip(1..)
        .map(|((item, index), rank)| {
            let rule = &r.rules()[index];
            let m = r.measures(rule);
            (
                rank,
                r.item(item).to_string(),
                m.confidence.finite(f),
                m.lift.finite(f),
                m.support.finite(f),
                r.names(&rule.antecedent),
                r.names(&rule.consequent),
            )
        })
        .collect();
    TableIterator::new(rows)
}

extension_sql_file!(
    "../sql/assoc.sql",
    name = "assoc_sql",
    requires = [
        assoc_rules,
        assoc_rules_combine,
        assoc_rules_serialize,
        assoc_rules_deserialize,
        assoc_rules_final,
        assoc_rules_table,
        recommend,
    ]
);
