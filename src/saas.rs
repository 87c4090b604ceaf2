//! SaaS metrics: `mrr_agg`, `mrr_movements`, `saas_agg`, `saas_metrics`, `rollup`
//! and unit economics. Semantics live in `usage_core::saas`; this module converts
//! numeric <-> exact decimals (through numeric's text form, never through float)
//! and dates.

use pgrx::prelude::*;
use pgrx::{pg_sys, AnyNumeric, Internal};
use usage_core::saas::money::{format_units, Decimal};
use usage_core::saas::{unit, MrrHistory, SaasSummary};
use usage_core::{Error, ErrorKind};

use crate::pgutil::{agg_combine, agg_deserialize, agg_serialize, agg_state, date_of, day_of, raise, summary_type, OrReport};

summary_type!(mrr_history, MrrHistory);
summary_type!(saas_summary, SaasSummary);

/// An exact decimal from a numeric (NaN and infinities are errors).
fn decimal_of(n: &AnyNumeric) -> Decimal {
    Decimal::parse(&n.to_string()).or_report()
}

/// A numeric with exactly `scale` decimals.
fn numeric_of(units: i128, scale: u32) -> AnyNumeric {
    // Fast path: PostgreSQL's own int64 / 10^scale constructor (display scale = scale),
    // as used by extract(); about ten times cheaper than parsing text.
    if let Ok(small) = i64::try_from(units) {
        unsafe {
            let n = pg_sys::int64_div_fast_to_numeric(small, scale as i32);
            if let Some(n) = AnyNumeric::from_datum(pg_sys::Datum::from(n), false) {
                return n;
            }
        }
    }
    match AnyNumeric::try_from(format_units(units, scale).as_str()) {
        Ok(n) => n,
        Err(_) => raise(Error::new(ErrorKind::NumericOutOfRange, "amount does not fit type numeric", "Report this as a bug.")),
    }
}

/// Drops trailing fractional zeros (`trim_scale`): numeric division pads to 16+ digits.
fn trimmed(n: AnyNumeric) -> AnyNumeric {
    unsafe { pgrx::direct_function_call::<AnyNumeric>(pg_sys::numeric_trim_scale, &[n.into_datum()]) }.unwrap_or_else(|| {
        raise(Error::new(ErrorKind::NumericOutOfRange, "numeric result is NULL", "Report this as a bug."))
    })
}

/// A numeric as float8 for the checks and ratios of unit economics.
fn float_of(n: &AnyNumeric, what: &str) -> f64 {
    match f64::try_from(n.clone()) {
        Ok(v) => v,
        Err(_) => raise(Error::new(
            ErrorKind::NumericOutOfRange,
            format!("{what} is out of range for a ratio"),
            format!("Pass {what} in a unit where it is below 1e300."),
        )),
    }
}

// ---- mrr_agg --------------------------------------------------------------------

#[inline]
unsafe fn add_subscription(
    mut state: Internal,
    fcinfo: pg_sys::FunctionCallInfo,
    start: Option<Date>,
    end: Option<Date>,
    amount: Option<AnyNumeric>,
    billing_months: Option<i32>,
) -> Internal {
    // Rows with a NULL start, amount or billing_months are skipped, as sum(x) does;
    // a NULL end is a subscription that is still running.
    if let (Some(start), Some(amount), Some(k)) = (start, amount, billing_months) {
        let start = day_of(start, "start");
        let end = end.map(|e| day_of(e, "end"));
        let amount = decimal_of(&amount);
        agg_state::<MrrHistory>(&mut state, fcinfo).add_subscription(start, end, amount, k).or_report();
    }
    state
}

#[pg_extern(immutable, parallel_safe)]
fn mrr_trans3(
    state: Internal,
    start: Option<Date>,
    end: Option<Date>,
    monthly_amount: Option<AnyNumeric>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    unsafe { add_subscription(state, fcinfo, start, end, monthly_amount, Some(1)) }
}

#[pg_extern(immutable, parallel_safe)]
fn mrr_trans4(
    state: Internal,
    start: Option<Date>,
    end: Option<Date>,
    monthly_amount: Option<AnyNumeric>,
    billing_months: Option<i32>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    unsafe { add_subscription(state, fcinfo, start, end, monthly_amount, billing_months) }
}

#[pg_extern(immutable, parallel_safe)]
fn mrr_combine(a: Internal, b: Internal, fcinfo: pg_sys::FunctionCallInfo) -> Internal {
    unsafe { agg_combine(a, b, fcinfo, |x: &mut MrrHistory, y: &MrrHistory| x.merge(y).or_report()) }
}

#[pg_extern(immutable, parallel_safe, strict)]
fn mrr_serialize(state: Internal) -> Vec<u8> {
    unsafe { agg_serialize::<MrrHistory>(state) }
}

#[pg_extern(immutable, parallel_safe, strict)]
fn mrr_deserialize(bytes: &[u8], _unused: Internal) -> Internal {
    agg_deserialize::<MrrHistory>(bytes)
}

#[pg_extern(immutable, parallel_safe)]
fn mrr_final(state: Internal) -> Option<mrr_history> {
    unsafe { state.get::<MrrHistory>() }.map(|h| mrr_history(h.clone()))
}

/// Merges two histories: the state and combine function of `rollup(mrr_history)`.
#[pg_extern(immutable, parallel_safe, strict)]
fn mrr_history_merge(a: mrr_history, b: mrr_history) -> mrr_history {
    let mut merged = a.0;
    merged.merge(&b.0).or_report();
    mrr_history(merged)
}

#[pg_extern(immutable, parallel_safe, strict)]
fn mrr_movements(
    history: mrr_history,
    through: Date,
) -> TableIterator<
    'static,
    (
        name!(month, Date),
        name!(mrr, AnyNumeric),
        name!(previous_mrr, AnyNumeric),
        name!(change, AnyNumeric),
        name!(category, Option<&'static str>),
    ),
> {
    let scale = history.0.scale();
    let rows = history.0.movements(day_of(through, "through"));
    // Most months repeat the previous month's MRR with a zero change: reuse those
    // numerics instead of building them again.
    let zero = numeric_of(0, scale);
    let mut last: Option<(i128, AnyNumeric)> = None;
    TableIterator::new(rows.map(move |r| {
        pgrx::check_for_interrupts!();
        let make = |v: i128, last: &Option<(i128, AnyNumeric)>| match last {
            _ if v == 0 => zero.clone(),
            Some((lv, ln)) if *lv == v => ln.clone(),
            _ => numeric_of(v, scale),
        };
        let previous = make(r.previous_mrr, &last);
        let mrr = make(r.mrr, &last);
        let change = if r.change == 0 { zero.clone() } else { numeric_of(r.change, scale) };
        last = Some((r.mrr, mrr.clone()));
        (date_of(r.month), mrr, previous, change, r.category.map(|c| c.name()))
    }))
}

#[pg_extern(immutable, parallel_safe, strict, name = "mrr_at")]
fn mrr_at(history: mrr_history, month: Date) -> AnyNumeric {
    let h = &history.0;
    numeric_of(h.mrr_at(usage_core::saas::history::month_of(day_of(month, "month"))), h.scale())
}

// ---- saas_agg -------------------------------------------------------------------

#[pg_extern(immutable, parallel_safe)]
fn saas_trans(mut state: Internal, history: Option<mrr_history>, fcinfo: pg_sys::FunctionCallInfo) -> Internal {
    // NULL histories (customers without rows) are skipped.
    if let Some(h) = history {
        unsafe { agg_state::<SaasSummary>(&mut state, fcinfo) }.add_history(&h.0).or_report();
    }
    state
}

#[pg_extern(immutable, parallel_safe)]
fn saas_combine(a: Internal, b: Internal, fcinfo: pg_sys::FunctionCallInfo) -> Internal {
    unsafe { agg_combine(a, b, fcinfo, |x: &mut SaasSummary, y: &SaasSummary| x.merge(y).or_report()) }
}

#[pg_extern(immutable, parallel_safe, strict)]
fn saas_serialize(state: Internal) -> Vec<u8> {
    unsafe { agg_serialize::<SaasSummary>(state) }
}

#[pg_extern(immutable, parallel_safe, strict)]
fn saas_deserialize(bytes: &[u8], _unused: Internal) -> Internal {
    agg_deserialize::<SaasSummary>(bytes)
}

#[pg_extern(immutable, parallel_safe)]
fn saas_final(state: Internal) -> Option<saas_summary> {
    unsafe { state.get::<SaasSummary>() }.map(|s| saas_summary(s.clone()))
}

/// Merges two summaries: the state and combine function of `rollup(saas_summary)`.
#[pg_extern(immutable, parallel_safe, strict)]
fn saas_summary_merge(a: saas_summary, b: saas_summary) -> saas_summary {
    let mut merged = a.0;
    merged.merge(&b.0).or_report();
    saas_summary(merged)
}


#[pg_extern(immutable, parallel_safe)]
fn saas_metrics(
    summary: Option<saas_summary>,
    through: default!(Option<Date>, "NULL"),
) -> TableIterator<
    'static,
    (
        name!(month, Date),
        name!(starting_mrr, AnyNumeric),
        name!(mrr, AnyNumeric),
        name!(arr, AnyNumeric),
        name!(starting_customers, i64),
        name!(customers, i64),
        name!(new_mrr, AnyNumeric),
        name!(expansion_mrr, AnyNumeric),
        name!(contraction_mrr, AnyNumeric),
        name!(churned_mrr, AnyNumeric),
        name!(reactivation_mrr, AnyNumeric),
        name!(net_new_mrr, AnyNumeric),
        name!(new_customers, i64),
        name!(expansion_customers, i64),
        name!(contraction_customers, i64),
        name!(churned_customers, i64),
        name!(reactivation_customers, i64),
        name!(logo_churn_rate, Option<f64>),
        name!(gross_mrr_churn_rate, Option<f64>),
        name!(net_mrr_churn_rate, Option<f64>),
        name!(nrr, Option<f64>),
        name!(grr, Option<f64>),
        name!(arpa, Option<AnyNumeric>),
        name!(quick_ratio, Option<f64>),
        name!(cash_collected, AnyNumeric),
    ),
> {
    use usage_core::saas::Movement::*;
    let Some(summary) = summary else { return TableIterator::new(Vec::new()) };
    let through = through.map(|t| day_of(t, "through"));
    let s = summary.0.scale();
    let rows = summary.0.into_metrics(through);
    TableIterator::new(rows.map(move |r| {
        pgrx::check_for_interrupts!();
        let r = r.or_report();
        let m = &r.moves;
        let mrr = numeric_of(r.mrr, s);
        // ARPA with numeric division, exactly as trim_scale(mrr / customers) in SQL.
        let arpa = (r.customers > 0).then(|| trimmed(mrr.clone() / AnyNumeric::from(r.customers)));
        (
            date_of(r.month),
            numeric_of(r.starting_mrr, s),
            mrr,
            numeric_of(r.arr, s),
            r.starting_customers,
            r.customers,
            numeric_of(m.amount(New), s),
            numeric_of(m.amount(Expansion), s),
            numeric_of(m.amount(Contraction), s),
            numeric_of(m.amount(Churn), s),
            numeric_of(m.amount(Reactivation), s),
            numeric_of(r.net_new_mrr, s),
            m.customers(New),
            m.customers(Expansion),
            m.customers(Contraction),
            m.customers(Churn),
            m.customers(Reactivation),
            r.logo_churn_rate,
            r.gross_mrr_churn_rate,
            r.net_mrr_churn_rate,
            r.nrr,
            r.grr,
            arpa,
            r.quick_ratio,
            numeric_of(r.cash_collected, s),
        )
    }))
}

// ---- unit economics ---------------------------------------------------------------

#[pg_extern(immutable, parallel_safe, strict)]
fn cac(spend: AnyNumeric, new_customers: i64) -> Option<AnyNumeric> {
    let defined = unit::cac_defined(float_of(&spend, "spend"), new_customers).or_report();
    defined.then(|| trimmed(spend / AnyNumeric::from(new_customers)))
}

#[pg_extern(immutable, parallel_safe, strict)]
fn cac_payback_months(cac: AnyNumeric, arpa: AnyNumeric, gross_margin: f64) -> Option<f64> {
    unit::cac_payback_months(float_of(&cac, "cac"), float_of(&arpa, "arpa"), gross_margin).or_report()
}

fn cltv_numeric(arpa: AnyNumeric, gross_margin: f64, monthly_churn_rate: f64) -> Option<AnyNumeric> {
    let defined = unit::cltv_defined(float_of(&arpa, "arpa"), gross_margin, monthly_churn_rate).or_report();
    // float8 -> numeric keeps the shortest decimal (0.8 stays 0.8), so the product is exact.
    let to_numeric = |v: f64| AnyNumeric::try_from(v).unwrap_or_else(|_| raise(Error::invalid_data("rate is not finite", "Pass finite rates.")));
    defined.then(|| trimmed(arpa * to_numeric(gross_margin) / to_numeric(monthly_churn_rate)))
}

#[pg_extern(immutable, parallel_safe, strict, name = "cltv")]
fn saas_cltv(arpa: AnyNumeric, gross_margin: f64, monthly_churn_rate: f64) -> Option<AnyNumeric> {
    cltv_numeric(arpa, gross_margin, monthly_churn_rate)
}

#[pg_extern(immutable, parallel_safe, strict, name = "ltv_cac_ratio")]
fn ltv_cac_ratio(ltv: AnyNumeric, cac: AnyNumeric) -> Option<f64> {
    unit::ltv_cac_ratio(float_of(&ltv, "ltv"), float_of(&cac, "cac")).or_report()
}

#[pg_extern(immutable, parallel_safe, strict, name = "ltv_cac_ratio")]
fn ltv_cac_ratio_of(arpa: AnyNumeric, gross_margin: f64, monthly_churn_rate: f64, cac: AnyNumeric) -> Option<f64> {
    let cac = float_of(&cac, "cac");
    let ltv = cltv_numeric(arpa, gross_margin, monthly_churn_rate)?;
    unit::ltv_cac_ratio(float_of(&ltv, "ltv"), cac).or_report()
}

extension_sql_file!(
    "../sql/saas.sql",
    name = "saas_sql",
    requires = [
        mrr_history,
        saas_summary,
        mrr_trans3,
        mrr_trans4,
        mrr_combine,
        mrr_serialize,
        mrr_deserialize,
        mrr_final,
        mrr_history_merge,
        mrr_movements,
        mrr_at,
        saas_trans,
        saas_combine,
        saas_serialize,
        saas_deserialize,
        saas_final,
        saas_summary_merge,
        saas_metrics,
        cac,
        cac_payback_months,
        saas_cltv,
        ltv_cac_ratio,
        ltv_cac_ratio_of,
    ]
);
