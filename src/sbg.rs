//! Contractual retention: the sBG fitting aggregate `sbg_fit`, the functions that
//! apply an `sbg_model` (survival, retention, DERL, CLTV, expected MRR) and the
//! per-customer survival of an `mrr_history`. The maths is in
//! `usage_core::cltv::sbg`; this module converts arguments.

use pgrx::prelude::*;
use pgrx::{pg_sys, Internal};
use usage_core::cltv::sbg::{check_row, check_weight};
use usage_core::cltv::{FittedModel, SbgData, SbgModel};
use usage_core::saas::history::month_start;

use crate::aggregate::{internal_state_support, read, update, versioned_state};
use crate::cltv::model_accessors;
use crate::pgutil::{date_of, day_of, interrupts, summary_type, Finite, OrReport};
use crate::saas::mrr_history;

summary_type!(sbg_model, SbgModel);
model_accessors!(sbg_model);

versioned_state!(SbgData);

/// Adds one row; rows with a NULL input are skipped, as count(x) does.
unsafe fn add_row(
    state: Internal,
    fcinfo: pg_sys::FunctionCallInfo,
    lifetime: Option<i32>,
    alive: Option<bool>,
    weight: Option<f64>,
) -> Internal {
    let (Some(lifetime), Some(alive), Some(weight)) = (lifetime, alive, weight) else { return state };
    check_row(lifetime, alive).or_report();
    let weight = check_weight(weight).or_report();
    // SAFETY: the caller passes its live call frame and an SbgData state (or none).
    unsafe { update(state, fcinfo, SbgData::default, |s| s.add(lifetime, alive, weight)) }
}

#[pg_extern(immutable, parallel_safe)]
fn sbg_trans2(
    state: Internal,
    lifetime: Option<i32>,
    alive: Option<bool>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: sbg_fit's state is an SbgData.
    unsafe { add_row(state, fcinfo, lifetime, alive, Some(1.0)) }
}

#[pg_extern(immutable, parallel_safe)]
fn sbg_trans3(
    state: Internal,
    lifetime: Option<i32>,
    alive: Option<bool>,
    weight: Option<f64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: sbg_fit's state is an SbgData.
    unsafe { add_row(state, fcinfo, lifetime, alive, weight) }
}

internal_state_support!(SbgData, sbg_combine, sbg_serialize, sbg_deserialize);

#[pg_extern(immutable, parallel_safe)]
fn sbg_final(state: Internal, fcinfo: pg_sys::FunctionCallInfo) -> Option<sbg_model> {
    // SAFETY: sbg_fit's state is an SbgData.
    unsafe { read(state, fcinfo, |d: &mut SbgData| sbg_model(SbgModel::fit(d, &interrupts).or_report())) }
}

// ---- applying the model ------------------------------------------------------------

#[pg_extern(immutable, parallel_safe, strict)]
fn sbg_survival(model: sbg_model, t: i32) -> f64 {
    model.0.survival(t).or_report().finite("sbg_survival")
}

#[pg_extern(immutable, parallel_safe, strict)]
fn sbg_retention(model: sbg_model, t: i32) -> f64 {
    model.0.retention(t).or_report().finite("sbg_retention")
}

#[pg_extern(immutable, parallel_safe, strict)]
fn sbg_churn_probability(model: sbg_model, t: i32) -> f64 {
    model.0.churn_probability(t).or_report().finite("sbg_churn_probability")
}

#[pg_extern(immutable, parallel_safe, strict)]
fn sbg_derl(model: sbg_model, discount: f64, renewals: default!(i32, 0)) -> f64 {
    model.0.derl(discount, renewals).or_report().finite("sbg_derl")
}

#[pg_extern(immutable, parallel_safe, strict)]
fn sbg_remaining_lifetime(model: sbg_model, renewals: default!(i32, 0)) -> Option<f64> {
    model.0.remaining_lifetime(renewals).or_report().map(|v| v.finite("sbg_remaining_lifetime"))
}

#[pg_extern(immutable, parallel_safe, strict)]
fn sbg_cltv(model: sbg_model, value: f64, discount: f64, renewals: default!(i32, 0)) -> f64 {
    model.0.cltv(value, discount, renewals).or_report().finite("sbg_cltv")
}

#[pg_extern(immutable, parallel_safe, strict)]
fn sbg_expected_mrr(model: sbg_model, lifetime: i32, mrr: f64, months: i32, monthly_growth: default!(f64, 0.0)) -> f64 {
    model.0.expected_mrr(lifetime, mrr, months, monthly_growth).or_report().finite("sbg_expected_mrr")
}

// ---- from subscriptions to survival ----------------------------------------------------

#[pg_extern(immutable, parallel_safe, strict)]
fn subscription_lifetime(
    history: mrr_history,
    as_of: Date,
) -> TableIterator<'static, (name!(first_month, Date), name!(lifetime, i32), name!(alive, bool))> {
    let row = history.0.lifetime(day_of(as_of, "as_of"));
    TableIterator::new(row.map(|(first, lifetime, alive)| (date_of(month_start(first)), lifetime, alive)))
}

extension_sql_file!(
    "../sql/sbg.sql",
    name = "sbg_sql",
    requires = [
        sbg_model,
        sbg_trans2,
        sbg_trans3,
        sbg_combine,
        sbg_serialize,
        sbg_deserialize,
        sbg_final,
        sbg_model_param,
        sbg_model_log_likelihood,
        sbg_model_converged,
        sbg_model_fitted_customers,
        sbg_survival,
        sbg_retention,
        sbg_churn_probability,
        sbg_derl,
        sbg_remaining_lifetime,
        sbg_cltv,
        sbg_expected_mrr,
        subscription_lifetime,
    ]
);
