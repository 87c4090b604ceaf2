//! Signup cohort tables of subscription customers: `cohort_agg` over per-customer
//! `mrr_history` values, `rollup(cohort_summary)` and the reader `cohort_table`.
//! Semantics live in `usage_core::saas::cohorts`. The aggregate's state is the
//! stored type (an expanded object while it runs), so Citus combines it on its
//! workers, as it does the rollups.

use pgrx::pg_sys;
use pgrx::prelude::*;
use pgrx::AnyNumeric;
use usage_core::saas::{CohortSummary, MrrHistory};

use crate::aggregate::{stored_state_update, summary_rollup, with_summary};
use crate::pgutil::{date_of, day_of, finfo_v1, raw_args, raw_datum, raw_result, summary_type, Finite, OrReport};
use crate::saas::numeric_of;

summary_type!(cohort_summary, CohortSummary, rollup);
summary_rollup!(CohortSummary, cohort_summary_merge, pg_finfo_cohort_summary_merge);

finfo_v1!(pg_finfo_cohort_trans);

/// `cohort_trans(cohort_summary, mrr_history)`: the transition of `cohort_agg`
/// (not strict: the state is NULL before a group's first row, and NULL histories
/// are skipped).
#[pg_guard]
#[no_mangle]
pub unsafe extern "C-unwind" fn cohort_trans(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function, declared
    // in sql/cohorts.sql as (cohort_summary, mrr_history); a non-NULL history is a stored,
    // toasted or expanded mrr_history.
    unsafe {
        let args = raw_args(fcinfo);
        let Some(history) = raw_datum(&args[1]) else {
            return raw_result(fcinfo, raw_datum(&args[0]));
        };
        // The customer's cohort changes first (the history is read once, in the row's
        // memory), then added to the group's state.
        let mut customer = CohortSummary::new();
        with_summary::<MrrHistory, _>(history, |h| customer.add_history(h)).or_report();
        stored_state_update(fcinfo, CohortSummary::default, |s| s.merge(&customer))
    }
}

#[pg_extern(immutable, parallel_safe)]
#[allow(clippy::type_complexity, reason = "pgrx reads the column names from the name! macros of the signature")]
fn cohort_table(
    summary: Option<cohort_summary>,
    through: default!(Option<Date>, "NULL"),
) -> TableIterator<
    'static,
    (
        name!(cohort, Date),
        name!(month_number, i32),
        name!(customers, i64),
        name!(cohort_customers, i64),
        name!(logo_retention, f64),
        name!(mrr, AnyNumeric),
        name!(cohort_mrr, AnyNumeric),
        name!(net_revenue_retention, f64),
    ),
> {
    let Some(summary) = summary else { return TableIterator::new(Vec::new()) };
    let through = through.map(|t| day_of(t, "through"));
    let rows = summary.0.into_table(through);
    let scale = rows.scale();
    TableIterator::new(rows.map(move |r| {
        crate::pgutil::interrupts().or_report();
        (
            date_of(r.cohort),
            r.month_number,
            r.customers,
            r.cohort_customers,
            r.logo_retention.finite("cohort_table"),
            numeric_of(r.mrr, scale),
            numeric_of(r.cohort_mrr, scale),
            r.net_revenue_retention.finite("cohort_table"),
        )
    }))
}

extension_sql_file!("../sql/cohorts.sql", name = "cohorts_sql", requires = [cohort_summary, "saas_sql"]);
