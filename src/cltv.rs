//! Probabilistic CLTV: fitting aggregates for BG/NBD, MBG/NBD, Pareto/NBD, BG/BB
//! and Gamma-Gamma and the functions that apply the fitted models. The maths is in
//! `usage_core::cltv`; this module converts arguments and checks for query cancel
//! during fits.

use pgrx::prelude::*;
use pgrx::{pg_sys, Internal};
use usage_core::cltv::{
    self as core_cltv, bgbb::check_opportunities, check_customer, check_weight, gamma_gamma::check_spend, BgBbModel,
    BgNbdModel, FittedModel, GammaGammaModel, MbgNbdModel, Pairs, ParetoNbdModel, PurchaseModel, TimeUnit, Triples,
};

use crate::aggregate::{internal_state_support, read, update, versioned_state};
use crate::pgutil::{
    finfo_v1, interrupts, raw_args, raw_f64, raw_internal, raw_result, summary_type, Finite, OrReport,
};

summary_type!(bgnbd_model, BgNbdModel);
summary_type!(pareto_nbd_model, ParetoNbdModel);
summary_type!(gamma_gamma_model, GammaGammaModel);
summary_type!(mbgnbd_model, MbgNbdModel);
summary_type!(bgbb_model, BgBbModel);

/// Accessors of a model type: a parameter by name and what the fit recorded.
macro_rules! model_accessors {
    ($name:ident) => {
        paste::paste! {
            #[pg_extern(immutable, parallel_safe, strict, name = "model_param")]
            fn [<$name _param>](model: $name, name: &str) -> f64 {
                FittedModel::param(&model.0, name).or_report()
            }

            #[pg_extern(immutable, parallel_safe, strict, name = "log_likelihood")]
            fn [<$name _log_likelihood>](model: $name) -> Option<f64> {
                FittedModel::info(&model.0).log_likelihood
            }

            #[pg_extern(immutable, parallel_safe, strict, name = "converged")]
            fn [<$name _converged>](model: $name) -> bool {
                FittedModel::info(&model.0).converged
            }

            #[pg_extern(immutable, parallel_safe, strict, name = "fitted_customers")]
            fn [<$name _fitted_customers>](model: $name) -> f64 {
                FittedModel::info(&model.0).n
            }
        }
    };
}

pub(crate) use model_accessors;

model_accessors!(bgnbd_model);
model_accessors!(pareto_nbd_model);
model_accessors!(gamma_gamma_model);
model_accessors!(mbgnbd_model);
model_accessors!(bgbb_model);

// ---- fitting state of bgnbd_fit / pareto_nbd_fit: weighted (x, t_x, T) ----------

/// Adds one row; rows with a NULL input are skipped, as count(x) does.
unsafe fn add_triple(
    state: Internal,
    fcinfo: pg_sys::FunctionCallInfo,
    x: Option<f64>,
    t_x: Option<f64>,
    t: Option<f64>,
    weight: Option<f64>,
    penalizer: Option<f64>,
) -> Internal {
    let (Some(x), Some(t_x), Some(t), Some(weight)) = (x, t_x, t, weight) else { return state };
    check_customer(x, t_x, t).or_report();
    let weight = check_weight(weight).or_report();
    // SAFETY: the caller passes its live call frame and a Triples state (or none).
    unsafe {
        update(state, fcinfo, Triples::default, |s| {
            if let Some(p) = penalizer {
                s.set_penalizer(p).or_report();
            }
            s.add([x, t_x, t], weight);
        })
    }
}

// The fit states: rows numbered by value.
versioned_state!([const N: usize] usage_core::cltv::Points<N>);

// ---- raw transition functions of the unweighted aggregates -------------------------
//
// One call per input row: pgrx's #[pg_extern] wrapper (argument unboxing, memory
// context switch, return boxing) was the largest single item in a profile of a
// backend running bgnbd_fit, so the two hot transition functions read their
// arguments straight from fcinfo. Same
// checks, same state, same errors as the weighted variants; declared in
// sql/cltv.sql.

finfo_v1!(pg_finfo_cltv_triple_trans3);

/// cltv_triple_trans3(internal, x, t_x, T): bgnbd_fit / pareto_nbd_fit of 3 arguments.
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn cltv_triple_trans3(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function, with
    // the arguments of its SQL declaration; the state of bgnbd_fit and pareto_nbd_fit is a Triples.
    unsafe {
        let args = raw_args(fcinfo);
        let state = add_triple(
            raw_internal(&args[0]),
            fcinfo,
            raw_f64(&args[1]),
            raw_f64(&args[2]),
            raw_f64(&args[3]),
            Some(1.0),
            None,
        );
        raw_result(fcinfo, state.unwrap())
    }
}

finfo_v1!(pg_finfo_cltv_pair_trans2);

/// cltv_pair_trans2(internal, x, monetary): gamma_gamma_fit of 2 arguments.
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn cltv_pair_trans2(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function, with
    // the arguments of its SQL declaration; gamma_gamma_fit's state is a Pairs.
    unsafe {
        let args = raw_args(fcinfo);
        let state = add_pair(raw_internal(&args[0]), fcinfo, raw_f64(&args[1]), raw_f64(&args[2]), Some(1.0), None);
        raw_result(fcinfo, state.unwrap())
    }
}

#[pg_extern(immutable, parallel_safe)]
fn cltv_triple_trans4(
    state: Internal,
    x: Option<f64>,
    t_x: Option<f64>,
    t: Option<f64>,
    weight: Option<f64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: the state of bgnbd_fit and pareto_nbd_fit is a Triples.
    unsafe { add_triple(state, fcinfo, x, t_x, t, weight, None) }
}

#[pg_extern(immutable, parallel_safe)]
fn cltv_triple_trans5(
    state: Internal,
    x: Option<f64>,
    t_x: Option<f64>,
    t: Option<f64>,
    weight: Option<f64>,
    penalizer: Option<f64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: the state of bgnbd_fit and pareto_nbd_fit is a Triples.
    unsafe { add_triple(state, fcinfo, x, t_x, t, weight, penalizer) }
}

internal_state_support!(Triples, cltv_triple_combine, cltv_triple_serialize, cltv_triple_deserialize);

#[pg_extern(immutable, parallel_safe)]
fn bgnbd_final(state: Internal, fcinfo: pg_sys::FunctionCallInfo) -> Option<bgnbd_model> {
    // The state stays as it is (a state shared by two aggregates gives the same fits).
    // SAFETY: the state of bgnbd_fit and pareto_nbd_fit is a Triples.
    unsafe { read(state, fcinfo, |d: &mut Triples| bgnbd_model(BgNbdModel::fit(d, &interrupts).or_report())) }
}

#[pg_extern(immutable, parallel_safe)]
fn mbgnbd_final(state: Internal, fcinfo: pg_sys::FunctionCallInfo) -> Option<mbgnbd_model> {
    // SAFETY: as in bgnbd_final.
    unsafe { read(state, fcinfo, |d: &mut Triples| mbgnbd_model(MbgNbdModel::fit(d, &interrupts).or_report())) }
}

#[pg_extern(immutable, parallel_safe)]
fn pareto_nbd_final(state: Internal, fcinfo: pg_sys::FunctionCallInfo) -> Option<pareto_nbd_model> {
    // SAFETY: as in bgnbd_final.
    unsafe { read(state, fcinfo, |d: &mut Triples| pareto_nbd_model(ParetoNbdModel::fit(d, &interrupts).or_report())) }
}

// ---- fitting state of bgbb_fit: weighted (x, t_x, n_periods), the Triples of the
// fits above with BG/BB's checks (whole numbers of opportunities) -----------------

#[pg_extern(immutable, parallel_safe)]
fn bgbb_trans(
    state: Internal,
    x: Option<f64>,
    t_x: Option<f64>,
    n_periods: Option<f64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: bgbb_fit's state is a Triples.
    unsafe { add_opportunities(state, fcinfo, x, t_x, n_periods, Some(1.0)) }
}

#[pg_extern(immutable, parallel_safe)]
fn bgbb_trans_weighted(
    state: Internal,
    x: Option<f64>,
    t_x: Option<f64>,
    n_periods: Option<f64>,
    weight: Option<f64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: bgbb_fit's state is a Triples.
    unsafe { add_opportunities(state, fcinfo, x, t_x, n_periods, weight) }
}

/// Adds one BG/BB row; rows with a NULL input are skipped, as count(x) does.
unsafe fn add_opportunities(
    state: Internal,
    fcinfo: pg_sys::FunctionCallInfo,
    x: Option<f64>,
    t_x: Option<f64>,
    n: Option<f64>,
    weight: Option<f64>,
) -> Internal {
    let (Some(x), Some(t_x), Some(n), Some(weight)) = (x, t_x, n, weight) else { return state };
    check_opportunities(x, t_x, n).or_report();
    let weight = check_weight(weight).or_report();
    // SAFETY: the caller passes its live call frame and a Triples state (or none).
    unsafe { update(state, fcinfo, Triples::default, |s| s.add([x, t_x, n], weight)) }
}

#[pg_extern(immutable, parallel_safe)]
fn bgbb_final(state: Internal, fcinfo: pg_sys::FunctionCallInfo) -> Option<bgbb_model> {
    // SAFETY: bgbb_fit's state is a Triples.
    unsafe { read(state, fcinfo, |d: &mut Triples| bgbb_model(BgBbModel::fit(d, &interrupts).or_report())) }
}

// ---- fitting state of gamma_gamma_fit: weighted (x, monetary) of repeat customers --

unsafe fn add_pair(
    state: Internal,
    fcinfo: pg_sys::FunctionCallInfo,
    x: Option<f64>,
    monetary: Option<f64>,
    weight: Option<f64>,
    penalizer: Option<f64>,
) -> Internal {
    let (Some(x), Some(monetary), Some(weight)) = (x, monetary, weight) else { return state };
    let repeat = check_spend(x, monetary).or_report();
    let weight = check_weight(weight).or_report();
    // SAFETY: the caller passes its live call frame and a Pairs state (or none).
    unsafe {
        update(state, fcinfo, Pairs::default, |s| {
            if let Some(p) = penalizer {
                s.set_penalizer(p).or_report();
            }
            // Customers without repeat purchases carry no information on spend.
            if repeat {
                s.add([x, monetary], weight);
            }
        })
    }
}

#[pg_extern(immutable, parallel_safe)]
fn cltv_pair_trans3(
    state: Internal,
    x: Option<f64>,
    monetary: Option<f64>,
    weight: Option<f64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: gamma_gamma_fit's state is a Pairs.
    unsafe { add_pair(state, fcinfo, x, monetary, weight, None) }
}

#[pg_extern(immutable, parallel_safe)]
fn cltv_pair_trans4(
    state: Internal,
    x: Option<f64>,
    monetary: Option<f64>,
    weight: Option<f64>,
    penalizer: Option<f64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: gamma_gamma_fit's state is a Pairs.
    unsafe { add_pair(state, fcinfo, x, monetary, weight, penalizer) }
}

internal_state_support!(Pairs, cltv_pair_combine, cltv_pair_serialize, cltv_pair_deserialize);

#[pg_extern(immutable, parallel_safe)]
fn gamma_gamma_final(state: Internal, fcinfo: pg_sys::FunctionCallInfo) -> Option<gamma_gamma_model> {
    // SAFETY: gamma_gamma_fit's state is a Pairs.
    unsafe { read(state, fcinfo, |d: &mut Pairs| gamma_gamma_model(GammaGammaModel::fit(d, &interrupts).or_report())) }
}

// ---- applying models ---------------------------------------------------------------

/// `p_alive`, both `expected_purchases` and `cltv` of a continuous-time purchase
/// model: BG/NBD, MBG/NBD and Pareto/NBD take the same arguments.
macro_rules! purchase_model_functions {
    ($model:ident, $prefix:ident) => {
        paste::paste! {
            #[pg_extern(immutable, parallel_safe, strict, name = "p_alive")]
            fn [<$prefix _p_alive>](model: $model, x: f64, t_x: f64, t: f64) -> f64 {
                model.0.p_alive(x, t_x, t).or_report().finite("p_alive")
            }

            #[pg_extern(immutable, parallel_safe, strict, name = "expected_purchases")]
            fn [<$prefix _expected_purchases_conditional>](model: $model, t: f64, x: f64, t_x: f64, age: f64) -> f64 {
                model.0.conditional_expected_purchases(t, x, t_x, age).or_report().finite("expected_purchases")
            }

            #[pg_extern(immutable, parallel_safe, strict, name = "expected_purchases")]
            fn [<$prefix _expected_purchases>](model: $model, t: f64) -> f64 {
                model.0.expected_purchases(t).or_report().finite("expected_purchases")
            }

            #[pg_extern(immutable, parallel_safe, strict, name = "cltv")]
            fn [<$prefix _cltv>](
                model: $model,
                gg_model: gamma_gamma_model,
                x: f64,
                t_x: f64,
                age: f64,
                monetary: f64,
                months: default!(i32, 12),
                monthly_discount: default!(f64, 0.01),
                time_unit: default!(&str, "'day'"),
            ) -> f64 {
                let unit = TimeUnit::parse(time_unit).or_report();
                core_cltv::cltv(&model.0, &gg_model.0, x, t_x, age, monetary, months, monthly_discount, unit)
                    .or_report()
                    .finite("cltv")
            }
        }
    };
}

purchase_model_functions!(bgnbd_model, bgnbd);
purchase_model_functions!(mbgnbd_model, mbgnbd);
purchase_model_functions!(pareto_nbd_model, pareto_nbd);

#[pg_extern(immutable, parallel_safe, strict, name = "p_alive")]
fn bgbb_p_alive(model: bgbb_model, x: f64, t_x: f64, n_periods: f64, m_periods: default!(f64, 0)) -> f64 {
    model.0.p_alive(x, t_x, n_periods, m_periods).or_report().finite("p_alive")
}

#[pg_extern(immutable, parallel_safe, strict, name = "expected_purchases")]
fn bgbb_expected_purchases_conditional(model: bgbb_model, m_periods: f64, x: f64, t_x: f64, n_periods: f64) -> f64 {
    model.0.conditional_expected_purchases(m_periods, x, t_x, n_periods).or_report().finite("expected_purchases")
}

#[pg_extern(immutable, parallel_safe, strict, name = "expected_purchases")]
fn bgbb_expected_purchases(model: bgbb_model, n_periods: f64) -> f64 {
    model.0.expected_purchases(n_periods).or_report().finite("expected_purchases")
}

#[pg_extern(immutable, parallel_safe, strict)]
fn expected_spend(model: gamma_gamma_model, x: f64, monetary: f64) -> f64 {
    model.0.expected_spend(x, monetary).or_report().finite("expected_spend")
}

extension_sql_file!(
    "../sql/cltv.sql",
    name = "cltv_sql",
    requires = [
        bgnbd_model,
        pareto_nbd_model,
        gamma_gamma_model,
        cltv_triple_trans4,
        cltv_triple_trans5,
        cltv_triple_combine,
        cltv_triple_serialize,
        cltv_triple_deserialize,
        bgnbd_final,
        pareto_nbd_final,
        cltv_pair_trans3,
        cltv_pair_trans4,
        cltv_pair_combine,
        cltv_pair_serialize,
        cltv_pair_deserialize,
        gamma_gamma_final,
        bgnbd_p_alive,
        pareto_nbd_p_alive,
        bgnbd_expected_purchases_conditional,
        pareto_nbd_expected_purchases_conditional,
        bgnbd_expected_purchases,
        pareto_nbd_expected_purchases,
        expected_spend,
        bgnbd_cltv,
        pareto_nbd_cltv,
        mbgnbd_model,
        bgbb_model,
        mbgnbd_final,
        bgbb_trans,
        bgbb_trans_weighted,
        bgbb_final,
        mbgnbd_p_alive,
        bgbb_p_alive,
        mbgnbd_expected_purchases_conditional,
        bgbb_expected_purchases_conditional,
        mbgnbd_expected_purchases,
        bgbb_expected_purchases,
        mbgnbd_cltv,
    ]
);
