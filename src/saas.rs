//! SaaS metrics: `mrr_agg`, `mrr_movements`, `saas_agg`, `saas_metrics`, `rollup`
//! and unit economics. Semantics live in `usage_core::saas`; this module converts
//! numeric <-> exact decimals (through numeric's text form, never through float)
//! and dates.

use pgrx::prelude::*;
use pgrx::{pg_sys, AnyNumeric, Internal, PgMemoryContexts};
use usage_core::saas::money::{decimal_from_numeric_bytes, format_units, Decimal};
use usage_core::saas::{unit, MrrHistory, SaasSummary};
use usage_core::{Error, ErrorKind};

use crate::aggregate::{internal_state_support, read, summary_rollup, summary_state, update, update_raw, AggState};
use crate::pgutil::{
    date_of, day_of, finfo_v1, raise, raw_args, raw_bytes_result, raw_datum, raw_internal, raw_result, summary_type,
    Finite, OrReport,
};

summary_type!(mrr_history, MrrHistory, rollup);
summary_state!(MrrHistory, SaasSummary);
summary_rollup!(MrrHistory, mrr_history_merge, pg_finfo_mrr_history_merge);
summary_type!(saas_summary, SaasSummary, rollup);
summary_rollup!(SaasSummary, saas_summary_merge, pg_finfo_saas_summary_merge);

/// An exact decimal from a numeric (NaN and infinities are errors).
fn decimal_of(n: &AnyNumeric) -> Decimal {
    Decimal::parse(&n.to_string()).or_report()
}

/// A numeric with exactly `scale` decimals.
pub(crate) fn numeric_of(units: i128, scale: u32) -> AnyNumeric {
    // Fast path: PostgreSQL's own int64 / 10^scale constructor (display scale = scale),
    // as used by extract(); about ten times cheaper than parsing text.
    if let Ok(small) = i64::try_from(units) {
        // SAFETY: int64_div_fast_to_numeric returns a valid, non-NULL numeric for any value.
        unsafe {
            let n = pg_sys::int64_div_fast_to_numeric(small, scale as i32);
            if let Some(n) = AnyNumeric::from_datum(pg_sys::Datum::from(n), false) {
                return n;
            }
        }
    }
    match AnyNumeric::try_from(format_units(units, scale).as_str()) {
        Ok(n) => n,
        Err(_) => {
            raise(Error::new(ErrorKind::NumericOutOfRange, "amount does not fit type numeric", "Report this as a bug."))
        }
    }
}

/// Drops trailing fractional zeros (`trim_scale`): numeric division pads to 16+ digits.
fn trimmed(n: AnyNumeric) -> AnyNumeric {
    // SAFETY: numeric_trim_scale takes one non-NULL numeric, as passed here.
    unsafe { pgrx::direct_function_call::<AnyNumeric>(pg_sys::numeric_trim_scale, &[n.into_datum()]) }.unwrap_or_else(
        || raise(Error::new(ErrorKind::NumericOutOfRange, "numeric result is NULL", "Report this as a bug.")),
    )
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

// The transition function and `mrr_movements` are plain fmgr (V1) C functions
// declared in sql/saas.sql rather than #[pg_extern]s: they run once per input row
// or once per customer, and the wrapper's per-call work (copying the numeric
// argument, value-per-call SRF protocol) was a large share of their time.

/// An exact decimal from a numeric datum. Reads the numeric's base-10000 digits
/// directly (`decimal_from_numeric_bytes`, no text); whatever that fast path does
/// not take (NaN, infinities, more than 20 decimals or about 34 digits) goes
/// through the text form, which gives the same value or the usual error.
unsafe fn decimal_of_datum(datum: pg_sys::Datum) -> Decimal {
    // SAFETY: the caller passes a non-NULL numeric datum; a detoasted copy is freed only
    // after its bytes were decoded, and the datum itself is left alone.
    unsafe {
        let raw = datum.cast_mut_ptr::<pg_sys::varlena>();
        let detoasted = pg_sys::pg_detoast_datum_packed(raw);
        let fast = decimal_from_numeric_bytes(pgrx::varlena::varlena_to_byte_slice(detoasted));
        if !std::ptr::eq(detoasted, raw) {
            pg_sys::pfree(detoasted.cast());
        }
        match fast {
            Some(d) => d,
            None => decimal_of(&AnyNumeric::from_datum(datum, false).expect("non-null numeric")),
        }
    }
}

finfo_v1!(pg_finfo_mrr_trans);

/// `mrr_trans(internal, date, date, numeric)` and
/// `mrr_trans(internal, date, date, numeric, integer)`: the state function of
/// `mrr_agg` (not strict: NULL rows are skipped here).
#[no_mangle]
#[pg_guard]
pub unsafe extern "C-unwind" fn mrr_trans(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function, with the
    // arguments of its SQL declaration (date, date, numeric [, integer]).
    unsafe { add_subscription(fcinfo, |amount| decimal_of_datum(amount)) }
}

finfo_v1!(pg_finfo_mrr_trans_float8);

/// `mrr_trans(internal, date, date, float8 [, integer])`: float8 amounts (a common
/// column type) become numeric as PostgreSQL's `float8::numeric` cast makes them (15
/// significant digits, so 99.99 stays 99.99).
#[no_mangle]
#[pg_guard]
pub unsafe extern "C-unwind" fn mrr_trans_float8(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function, with the
    // arguments of its SQL declaration (date, date, float8 [, integer]).
    unsafe {
        // NaN and infinities become the numeric ones, which decimal_of refuses as it
        // refuses them in a numeric column.
        add_subscription(fcinfo, |amount| {
            let numeric: AnyNumeric = pgrx::direct_function_call(pg_sys::float8_numeric, &[Some(amount)])
                .expect("float8_numeric of a float8 is a numeric");
            decimal_of(&numeric)
        })
    }
}

/// The transition of mrr_agg: adds the row's subscription, its amount (the fourth
/// argument, non-NULL) read by `amount_of`.
unsafe fn add_subscription(
    fcinfo: pg_sys::FunctionCallInfo,
    amount_of: impl Fn(pg_sys::Datum) -> Decimal,
) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to an mrr_agg transition, with
    // (date, date, amount [, integer]) after the state, an MrrHistory.
    unsafe {
        let args = raw_args(fcinfo);
        let state = raw_datum(&args[0]);
        // Rows with a NULL start, amount or billing_months are skipped, as sum(x) does;
        // a NULL end is a subscription that is still running.
        let billing_months = match args.get(4) {
            Some(k) if k.isnull => None,
            Some(k) => Some(k.value.value() as i32),
            None => Some(1),
        };
        if let (false, false, Some(k)) = (args[1].isnull, args[3].isnull, billing_months) {
            let start = day_of(Date::from_datum(args[1].value, false).expect("non-null date"), "start");
            let end = Date::from_datum(args[2].value, args[2].isnull).map(|e| day_of(e, "end"));
            let amount = amount_of(args[3].value);
            return update_raw(state, fcinfo, MrrHistory::default, |h| {
                h.add_subscription(start, end, amount, k).or_report()
            });
        }
        raw_result(fcinfo, state)
    }
}

internal_state_support!(MrrHistory, mrr_combine, mrr_serialize, mrr_deserialize);

finfo_v1!(pg_finfo_mrr_final);

/// `mrr_final(internal) RETURNS mrr_history`: the final function of `mrr_agg`,
/// writing the state's stored form directly (no copy of the state).
#[no_mangle]
#[pg_guard]
pub unsafe extern "C-unwind" fn mrr_final(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function, whose
    // argument is mrr_agg's state, an MrrHistory.
    unsafe {
        let state = raw_internal(&raw_args(fcinfo)[0]);
        raw_bytes_result(fcinfo, read(state, fcinfo, |h: &mut MrrHistory| AggState::to_bytes(h)))
    }
}

/// Numerics and category texts that `mrr_movements` puts in its rows, built once
/// per query (in the function's memory context) instead of once per row: a
/// customer's MRR takes few distinct values and plans repeat across customers.
/// The numerics sit in a direct-mapped table (a slot per hash of the amount;
/// a colliding amount replaces the slot's numeric, which is freed once the row
/// holding it went into the tuplestore: tuplestore_putvalues copies the values),
/// so memory stays bounded.
struct MovementCache {
    slots: Vec<Option<(i128, u32, pg_sys::Datum)>>,
    evicted: Vec<pg_sys::Datum>,
    categories: [pg_sys::Datum; 5],
    context: pg_sys::MemoryContext,
}

/// Slots of the numeric table (a power of two).
const MOVEMENT_CACHE_SLOTS: usize = 4096;

impl MovementCache {
    unsafe fn of(fcinfo: pg_sys::FunctionCallInfo) -> &'static mut MovementCache {
        // SAFETY: fcinfo is the live call frame of mrr_movements; its flinfo lives for the
        // query, and its fn_extra is null or the MovementCache leaked into fn_mcxt here.
        unsafe {
            let flinfo = (*fcinfo).flinfo;
            if (*flinfo).fn_extra.is_null() {
                let context = (*flinfo).fn_mcxt;
                let mut cx = PgMemoryContexts::For(context);
                let categories = cx.switch_to(|_| {
                    use usage_core::saas::Movement::*;
                    [New, Expansion, Contraction, Churn, Reactivation]
                        .map(|c| pgrx::varlena::rust_str_to_text_p(c.name()).into_pg().into())
                });
                let cache =
                    MovementCache { slots: vec![None; MOVEMENT_CACHE_SLOTS], evicted: Vec::new(), categories, context };
                (*flinfo).fn_extra = cx.leak_and_drop_on_delete(cache).cast();
            }
            &mut *(*flinfo).fn_extra.cast::<MovementCache>()
        }
    }

    fn category(&self, m: usage_core::saas::Movement) -> pg_sys::Datum {
        use usage_core::saas::Movement::*;
        self.categories[match m {
            New => 0,
            Expansion => 1,
            Contraction => 2,
            Churn => 3,
            Reactivation => 4,
        }]
    }

    /// The numeric `units * 10^-scale`, valid until the next `release`.
    #[inline]
    unsafe fn numeric(&mut self, units: i128, scale: u32) -> pg_sys::Datum {
        // Multiplicative hash of the amount's bits (amounts differ mostly in low digits).
        let bits = (units as u128 as u64) ^ ((units >> 64) as u64).rotate_left(17) ^ u64::from(scale).rotate_left(41);
        let slot = (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize & (MOVEMENT_CACHE_SLOTS - 1);
        match self.slots[slot] {
            Some((u, s, d)) if u == units && s == scale => d,
            old => {
                if let Some((_, _, d)) = old {
                    self.evicted.push(d);
                }
                // SAFETY: `context` is the function's fn_mcxt, live for the query.
                let d = unsafe { PgMemoryContexts::For(self.context).switch_to(|_| numeric_datum(units, scale)) };
                self.slots[slot] = Some((units, scale, d));
                d
            }
        }
    }

    /// Frees the numerics evicted since the last call (none of them is in use).
    unsafe fn release(&mut self) {
        for d in self.evicted.drain(..) {
            // SAFETY: an evicted numeric was palloc'd by `numeric` and no row holds it any more.
            unsafe { pg_sys::pfree(d.cast_mut_ptr()) };
        }
    }
}

/// A numeric datum with exactly `scale` decimals, in the current memory context.
fn numeric_datum(units: i128, scale: u32) -> pg_sys::Datum {
    numeric_of(units, scale).into_datum().expect("numeric datum")
}

finfo_v1!(pg_finfo_mrr_movements);

/// `mrr_movements(mrr_history, date)`: strict, set-returning in materialize mode
/// (all rows of one call go straight into the tuplestore).
#[no_mangle]
#[pg_guard]
pub unsafe extern "C-unwind" fn mrr_movements(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this strict fmgr function,
    // with the arguments of its SQL declaration (mrr_history, date); resultinfo, when set,
    // is a node of the caller; InitMaterializedSRF sets up (or raises) the tuplestore and
    // descriptor used below, which has the 5 columns the rows are checked against.
    unsafe {
        let args = raw_args(fcinfo);
        let history = mrr_history::from_datum(args[0].value, args[0].isnull).expect("strict function");
        let through = Date::from_datum(args[1].value, args[1].isnull).expect("strict function");
        let through = day_of(through, "through");
        // The caller's expected row type is the function's own (month, mrr,
        // previous_mrr, change, category): using it saves building the descriptor
        // from the catalog on every call. InitMaterializedSRF raises the usual
        // error when the caller cannot take a set.
        let rsinfo = (*fcinfo).resultinfo.cast::<pg_sys::ReturnSetInfo>();
        let has_expected = !rsinfo.is_null()
            && (*rsinfo).type_ == pg_sys::NodeTag::T_ReturnSetInfo
            && !(*rsinfo).expectedDesc.is_null();
        pg_sys::InitMaterializedSRF(fcinfo, if has_expected { pg_sys::MAT_SRF_USE_EXPECTED_DESC } else { 0 });
        let (store, desc) = ((*rsinfo).setResult, (*rsinfo).setDesc);
        if (*desc).natts != 5 {
            raise(Error::corrupted("mrr_movements: unexpected result row type"));
        }
        let cache = MovementCache::of(fcinfo);
        let scale = history.0.scale();
        let mut nulls = [false; 5];
        for r in history.0.movements(through) {
            crate::pgutil::interrupts().or_report();
            let mrr = cache.numeric(r.mrr, scale);
            let previous = cache.numeric(r.previous_mrr, scale);
            let change = cache.numeric(r.change, scale);
            nulls[4] = r.category.is_none();
            let category = r.category.map_or(pg_sys::Datum::from(0), |c| cache.category(c));
            let mut values = [date_of(r.month).into_datum().expect("date"), mrr, previous, change, category];
            pg_sys::tuplestore_putvalues(store, desc, values.as_mut_ptr(), nulls.as_mut_ptr());
            cache.release();
        }
        pg_sys::Datum::from(0)
    }
}

#[pg_extern(immutable, parallel_safe, strict, name = "mrr_at")]
fn mrr_at(history: mrr_history, month: Date) -> AnyNumeric {
    let h = &history.0;
    numeric_of(h.mrr_at(usage_core::saas::history::month_of(day_of(month, "month"))), h.scale())
}

// ---- saas_agg -------------------------------------------------------------------

#[pg_extern(immutable, parallel_safe)]
fn saas_trans(state: Internal, history: Option<mrr_history>, fcinfo: pg_sys::FunctionCallInfo) -> Internal {
    // NULL histories (customers without rows) are skipped.
    let Some(h) = history else { return state };
    // SAFETY: saas_agg's state is a SaasSummary.
    unsafe { update(state, fcinfo, SaasSummary::default, |s| s.add_history(&h.0).or_report()) }
}

internal_state_support!(SaasSummary, saas_combine, saas_serialize, saas_deserialize);

#[pg_extern(immutable, parallel_safe)]
fn saas_final(state: Internal, fcinfo: pg_sys::FunctionCallInfo) -> Option<saas_summary> {
    // SAFETY: as in saas_trans.
    unsafe {
        read(state, fcinfo, |s: &mut SaasSummary| {
            usage_core::codec::Summary::check_storable(s).or_report();
            saas_summary(s.clone())
        })
    }
}

#[pg_extern(immutable, parallel_safe)]
#[allow(clippy::type_complexity, reason = "pgrx reads the column names from the name! macros of the signature")]
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
        crate::pgutil::interrupts().or_report();
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
    unit::cac_payback_months(float_of(&cac, "cac"), float_of(&arpa, "arpa"), gross_margin)
        .or_report()
        .finite("cac_payback_months")
}

fn cltv_numeric(arpa: AnyNumeric, gross_margin: f64, monthly_churn_rate: f64) -> Option<AnyNumeric> {
    let defined = unit::cltv_defined(float_of(&arpa, "arpa"), gross_margin, monthly_churn_rate).or_report();
    // float8 -> numeric keeps the shortest decimal (0.8 stays 0.8), so the product is exact.
    let to_numeric = |v: f64| {
        AnyNumeric::try_from(v)
            .unwrap_or_else(|_| raise(Error::invalid_data("rate is not finite", "Pass finite rates.")))
    };
    defined.then(|| trimmed(arpa * to_numeric(gross_margin) / to_numeric(monthly_churn_rate)))
}

#[pg_extern(immutable, parallel_safe, strict, name = "cltv")]
fn saas_cltv(arpa: AnyNumeric, gross_margin: f64, monthly_churn_rate: f64) -> Option<AnyNumeric> {
    cltv_numeric(arpa, gross_margin, monthly_churn_rate)
}

#[pg_extern(immutable, parallel_safe, strict, name = "ltv_cac_ratio")]
fn ltv_cac_ratio(ltv: AnyNumeric, cac: AnyNumeric) -> Option<f64> {
    unit::ltv_cac_ratio(float_of(&ltv, "ltv"), float_of(&cac, "cac")).or_report().finite("ltv_cac_ratio")
}

#[pg_extern(immutable, parallel_safe, strict, name = "ltv_cac_ratio")]
fn ltv_cac_ratio_of(arpa: AnyNumeric, gross_margin: f64, monthly_churn_rate: f64, cac: AnyNumeric) -> Option<f64> {
    let cac = float_of(&cac, "cac");
    let ltv = cltv_numeric(arpa, gross_margin, monthly_churn_rate)?;
    unit::ltv_cac_ratio(float_of(&ltv, "ltv"), cac).or_report().finite("ltv_cac_ratio")
}

extension_sql_file!(
    "../sql/saas.sql",
    name = "saas_sql",
    requires = [
        mrr_history,
        saas_summary,
        mrr_combine,
        mrr_serialize,
        mrr_deserialize,
        mrr_at,
        saas_trans,
        saas_combine,
        saas_serialize,
        saas_deserialize,
        saas_final,
        saas_metrics,
        cac,
        cac_payback_months,
        saas_cltv,
        ltv_cac_ratio,
        ltv_cac_ratio_of,
    ]
);
