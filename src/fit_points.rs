//! Stored CLV fit inputs: `purchase_points` and `spend_points` hold the distinct
//! (x, t_x, T) or (x, monetary) points of a set of customers with their counts.
//! Their aggregates keep the state as the stored type (an expanded object while
//! the aggregate runs), so Citus combines them on its workers and a shard ships
//! its distinct points instead of its customers; `rollup` merges shards and the
//! fits take the result. The values are the fitting states of `usage_core::cltv`.

use pgrx::pg_sys;
use pgrx::prelude::*;
use usage_core::cltv::gamma_gamma::check_spend;
use usage_core::cltv::{check_customer, check_weight, Pairs, Points, Triples};

use crate::aggregate::{stored_state_update, summary_rollup};
use crate::cltv::{bgnbd_model, gamma_gamma_model, mbgnbd_model, pareto_nbd_model};
use crate::pgutil::{finfo_v1, interrupts, raw_args, raw_datum, raw_f64, raw_result, summary_type, Finite, OrReport};

summary_type!(purchase_points, Triples, rollup);
summary_type!(spend_points, Pairs, rollup);
summary_rollup!(Triples, purchase_points_merge, pg_finfo_purchase_points_merge);
summary_rollup!(Pairs, spend_points_merge, pg_finfo_spend_points_merge);

/// Adds the row's point (`values` of the trailing arguments, then an optional
/// weight) to the state; a row with a NULL is skipped, as count(x) does, and so is
/// a row that `check` finds carries no information (`Ok(false)`).
unsafe fn add_point<const N: usize>(
    fcinfo: pg_sys::FunctionCallInfo,
    check: impl Fn(&[f64; N]) -> usage_core::Result<bool>,
) -> pg_sys::Datum
where
    Points<N>: crate::aggregate::Rollup,
{
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to a transition declared in
    // sql/fit_points.sql: the state, N float8 values and optionally a float8 weight.
    unsafe {
        let args = raw_args(fcinfo);
        let weight = args.get(1 + N).map_or(Some(1.0), raw_f64);
        let Some(weight) = weight.filter(|_| args[1..=N].iter().all(|a| !a.isnull)) else {
            return raw_result(fcinfo, raw_datum(&args[0]));
        };
        // No value is NULL here (checked just above).
        let values: [f64; N] = std::array::from_fn(|c| raw_f64(&args[1 + c]).unwrap_or_default());
        let weight = check_weight(weight).or_report();
        if !check(&values).or_report() {
            return raw_result(fcinfo, raw_datum(&args[0]));
        }
        stored_state_update(fcinfo, Points::<N>::new, |points| {
            points.add(values, weight);
            Ok(())
        })
    }
}

finfo_v1!(pg_finfo_purchase_points_trans);

/// purchase_points(x, t_x, T [, weight]): checked as bgnbd_fit checks its rows.
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn purchase_points_trans(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: declared in sql/fit_points.sql as (purchase_points, float8 x3 [, float8]).
    unsafe { add_point::<3>(fcinfo, |v| check_customer(v[0], v[1], v[2]).map(|()| true)) }
}

finfo_v1!(pg_finfo_spend_points_trans);

/// spend_points(x, monetary [, weight]): repeat customers only, as gamma_gamma_fit.
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn spend_points_trans(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: declared in sql/fit_points.sql as (spend_points, float8 x2 [, float8]).
    unsafe { add_point::<2>(fcinfo, |v| check_spend(v[0], v[1])) }
}

/// The stored points checked (a stored value is checked as rows are) with the
/// penalizer of the call, when given, set.
fn fit_input<const N: usize>(mut points: Points<N>, penalizer: Option<f64>) -> Points<N>
where
    Points<N>: usage_core::cltv::points::PointRule<N>,
{
    points.check_points().or_report();
    if let Some(p) = penalizer {
        points.set_penalizer(p).or_report();
    }
    points
}

#[pg_extern(immutable, parallel_safe, name = "bgnbd_fit")]
fn bgnbd_fit_points(points: purchase_points, penalizer: default!(Option<f64>, "NULL")) -> bgnbd_model {
    let points = fit_input(points.0, penalizer);
    bgnbd_model(usage_core::cltv::BgNbdModel::fit(&points, &interrupts).or_report())
}

#[pg_extern(immutable, parallel_safe, name = "mbgnbd_fit")]
fn mbgnbd_fit_points(points: purchase_points, penalizer: default!(Option<f64>, "NULL")) -> mbgnbd_model {
    let points = fit_input(points.0, penalizer);
    mbgnbd_model(usage_core::cltv::MbgNbdModel::fit(&points, &interrupts).or_report())
}

#[pg_extern(immutable, parallel_safe, name = "pareto_nbd_fit")]
fn pareto_nbd_fit_points(points: purchase_points, penalizer: default!(Option<f64>, "NULL")) -> pareto_nbd_model {
    let points = fit_input(points.0, penalizer);
    pareto_nbd_model(usage_core::cltv::ParetoNbdModel::fit(&points, &interrupts).or_report())
}

#[pg_extern(immutable, parallel_safe, name = "gamma_gamma_fit")]
fn gamma_gamma_fit_points(points: spend_points, penalizer: default!(Option<f64>, "NULL")) -> gamma_gamma_model {
    let points = fit_input(points.0, penalizer);
    gamma_gamma_model(usage_core::cltv::GammaGammaModel::fit(&points, &interrupts).or_report())
}

#[pg_extern(immutable, parallel_safe, strict, name = "distinct_points")]
fn purchase_distinct_points(points: purchase_points) -> i64 {
    points.0.distinct() as i64
}

#[pg_extern(immutable, parallel_safe, strict, name = "distinct_points")]
fn spend_distinct_points(points: spend_points) -> i64 {
    points.0.distinct() as i64
}

#[pg_extern(immutable, parallel_safe, strict, name = "customer_count")]
fn purchase_customer_count(points: purchase_points) -> f64 {
    points.0.total_weight().finite("customer_count")
}

#[pg_extern(immutable, parallel_safe, strict, name = "customer_count")]
fn spend_customer_count(points: spend_points) -> f64 {
    points.0.total_weight().finite("customer_count")
}

extension_sql_file!(
    "../sql/fit_points.sql",
    name = "fit_points_sql",
    requires = [purchase_points, spend_points, "cltv_sql"]
);
