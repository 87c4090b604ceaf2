//! Probabilistic customer lifetime value ("buy till you die" models): BG/NBD,
//! Pareto/NBD and Gamma-Gamma, fitted by maximum likelihood the way the Python
//! `lifetimes` package (0.11.3) does, and applied per customer.
//!
//! Inputs follow lifetimes: `x` repeat purchases (frequency), `t_x` time of the last
//! purchase since the first (recency), `T` time since the first purchase (age), all
//! in one time unit the caller chooses (the model keeps that unit), and `monetary`
//! the mean value of the repeat purchases.

pub mod bgnbd;
pub mod fit;
pub mod gamma_gamma;
pub mod pareto_nbd;
pub mod special;

use std::collections::BTreeMap;

use crate::codec::{Reader, Versioned, Writer};
use crate::{Error, ErrorKind, Result};

pub use bgnbd::BgNbdModel;
pub use fit::Interrupt;
pub use gamma_gamma::GammaGammaModel;
pub use pareto_nbd::ParetoNbdModel;

fn finite(name: &str, v: f64) -> Result<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(Error::invalid_data(
            format!("{name} must be a finite number, got {v}"),
            format!("Filter out NaN and infinite values of {name}."),
        ))
    }
}

/// Checks one customer's (x, t_x, T) with lifetimes' rules: x a whole number >= 0,
/// 0 <= t_x <= T, and t_x = 0 when x = 0.
pub fn check_customer(x: f64, t_x: f64, t: f64) -> Result<()> {
    finite("x", x)?;
    finite("t_x", t_x)?;
    finite("T", t)?;
    if x < 0.0 || x.fract() != 0.0 {
        return Err(Error::invalid_parameter(
            format!("x (repeat purchases) must be a whole number >= 0, got {x}"),
            "x counts repeat purchases: purchase periods after the first one (btyd_frequency).",
        ));
    }
    if t_x < 0.0 || t < 0.0 {
        return Err(Error::invalid_parameter(
            format!("t_x and T must not be negative, got t_x = {t_x}, T = {t}"),
            "t_x is the time from the first to the last purchase, T the time from the first purchase to the end of the observation period.",
        ));
    }
    if t_x > t {
        return Err(Error::invalid_parameter(
            format!("t_x (recency) must not exceed T (age), got t_x = {t_x} > T = {t}"),
            "Both are measured from the customer's first purchase; T runs to the end of the observation period (as_of).",
        ));
    }
    if x == 0.0 && t_x != 0.0 {
        return Err(Error::invalid_parameter(
            format!("t_x must be 0 when x = 0, got t_x = {t_x}"),
            "A customer without repeat purchases has recency 0, as in lifetimes' summary_data_from_transaction_data.",
        ));
    }
    Ok(())
}

/// Checks a row weight: finite and >= 0 (rows of weight 0 are ignored).
pub fn check_weight(w: f64) -> Result<f64> {
    finite("weight", w)?;
    if w < 0.0 {
        return Err(Error::invalid_parameter(
            format!("weight must not be negative, got {w}"),
            "The weight is the number of customers sharing the row's values.",
        ));
    }
    Ok(w)
}

/// Checks the L2 penalizer coefficient.
pub fn check_penalizer(p: f64) -> Result<f64> {
    finite("penalizer", p)?;
    if p < 0.0 {
        return Err(Error::invalid_parameter(
            format!("penalizer must be >= 0, got {p}"),
            "Use 0 for plain maximum likelihood; lifetimes suggests values like 0.001 to 0.1.",
        ));
    }
    Ok(p)
}

/// Fitting state: the distinct input points with the total weight of each. Fitting
/// works on this compressed form (as Fader and Hardie do), merging two states adds
/// weights, and iteration is in a fixed order (non-negative floats sort like their
/// bit patterns), so serial and parallel aggregation give the same fit bit for bit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Points<const N: usize> {
    map: BTreeMap<[u64; N], f64>,
    penalizer: Option<f64>,
}

impl<const N: usize> Points<N> {
    pub fn new() -> Self {
        Points { map: BTreeMap::new(), penalizer: None }
    }

    /// Adds `weight` customers at `values` (already validated, all >= 0).
    pub fn add(&mut self, values: [f64; N], weight: f64) {
        if weight == 0.0 {
            return;
        }
        // +0.0 for -0.0, so equal values share one key.
        let key = values.map(|v| (v + 0.0).to_bits());
        *self.map.entry(key).or_insert(0.0) += weight;
    }

    /// Sets the penalizer; every row of one fit must use the same value.
    pub fn set_penalizer(&mut self, p: f64) -> Result<()> {
        let p = check_penalizer(p)?;
        match self.penalizer {
            Some(old) if old != p => Err(Error::invalid_parameter(
                format!("the penalizer must be the same for all rows of a fit, got {old} and {p}"),
                "Pass the penalizer as a constant.",
            )),
            _ => {
                self.penalizer = Some(p);
                Ok(())
            }
        }
    }

    pub fn penalizer(&self) -> f64 {
        self.penalizer.unwrap_or(0.0)
    }

    pub fn merge(&mut self, other: &Points<N>) -> Result<()> {
        if let Some(p) = other.penalizer {
            self.set_penalizer(p)?;
        }
        for (k, w) in &other.map {
            *self.map.entry(*k).or_insert(0.0) += *w;
        }
        Ok(())
    }

    pub fn distinct(&self) -> usize {
        self.map.len()
    }

    /// Total weight (the number of customers for unit weights).
    pub fn total_weight(&self) -> f64 {
        self.map.values().sum()
    }

    /// The distinct points and their weights in a fixed order.
    pub fn iter(&self) -> impl Iterator<Item = ([f64; N], f64)> + '_ {
        self.map.iter().map(|(k, w)| (k.map(f64::from_bits), *w))
    }

    pub fn encode(&self) -> Vec<u8> {
        self.to_bytes()
    }

    pub fn decode(bytes: &[u8]) -> Result<Self> {
        Self::from_bytes(bytes)
    }
}

/// Binary form of a fitting state (the serial/deserial of parallel aggregation).
impl<const N: usize> Versioned for Points<N> {
    const TYPE_NAME: &'static str = "CLTV fit state";
    const VERSION: u8 = 1;

    fn encode_body(&self, w: &mut Writer) {
        match self.penalizer {
            Some(p) => {
                w.u8(1);
                w.f64(p);
            }
            None => w.u8(0),
        }
        w.varint(self.map.len() as u64);
        for (k, weight) in &self.map {
            for v in k {
                w.f64(f64::from_bits(*v));
            }
            w.f64(*weight);
        }
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let penalizer = match r.u8()? {
            0 => None,
            1 => Some(r.f64()?),
            _ => return Err(Error::corrupted("bad CLTV fit state flag")),
        };
        let n = r.varint()?;
        let mut map = BTreeMap::new();
        for _ in 0..n {
            let mut key = [0u64; N];
            for k in key.iter_mut() {
                *k = r.f64()?.to_bits();
            }
            map.insert(key, r.f64()?);
        }
        Ok(Points { map, penalizer })
    }
}

/// Distinct values of a column and the index of each row's value among them: the
/// likelihoods evaluate special functions once per distinct x or time instead of
/// once per input row (x takes a few hundred values even for a million customers).
pub(crate) fn index_values(values: &[f64]) -> (Vec<f64>, Vec<u32>) {
    let mut bits: Vec<u64> = values.iter().map(|v| v.to_bits()).collect();
    bits.sort_unstable();
    bits.dedup();
    let index = values.iter().map(|v| bits.binary_search(&v.to_bits()).unwrap_or(0) as u32).collect();
    (bits.into_iter().map(f64::from_bits).collect(), index)
}

/// Weighted (x, t_x, T) triples for BG/NBD and Pareto/NBD.
pub type Triples = Points<3>;
/// Weighted (x, monetary) pairs of repeat customers for Gamma-Gamma.
pub type Pairs = Points<2>;

/// Checks that a fitting state has enough information for `params` parameters.
pub(crate) fn check_enough(distinct: usize, repeaters: bool, params: usize, model: &str) -> Result<()> {
    if distinct < params || !repeaters {
        return Err(Error::invalid_data(
            format!(
                "too few customers to fit {model}: {distinct} distinct input rows{}, need at least {params} and at least one repeat customer",
                if repeaters { "" } else { " and no repeat customer" }
            ),
            "Fit on the whole customer base (thousands of customers); a handful of customers cannot identify the model.",
        ));
    }
    Ok(())
}

/// The time unit of x, t_x and T, for converting the CLTV horizon in months.
/// Factors are lifetimes' (`customer_lifetime_value(freq=...)`): 30 days, 4.345
/// weeks or 720 hours per month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimeUnit {
    Hour,
    Day,
    Week,
    Month,
}

impl TimeUnit {
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "hour" | "hours" | "h" => Ok(TimeUnit::Hour),
            "day" | "days" | "d" => Ok(TimeUnit::Day),
            "week" | "weeks" | "w" => Ok(TimeUnit::Week),
            "month" | "months" | "m" => Ok(TimeUnit::Month),
            _ => Err(Error::invalid_parameter(
                format!("unknown time unit \"{s}\""),
                "Use 'hour', 'day', 'week' or 'month': the unit in which x, t_x and T were measured.",
            )),
        }
    }

    /// Model time units per month.
    pub fn per_month(self) -> f64 {
        match self {
            TimeUnit::Hour => 720.0,
            TimeUnit::Day => 30.0,
            TimeUnit::Week => 4.345,
            TimeUnit::Month => 1.0,
        }
    }
}

/// A model of the number of future purchases.
pub trait PurchaseModel {
    /// Expected repeat purchases in (T, T + t] for a customer with history (x, t_x, T).
    fn conditional_expected_purchases(&self, t: f64, x: f64, t_x: f64, big_t: f64) -> Result<f64>;
}

pub(crate) fn out_of_range(what: &str) -> Error {
    Error::new(
        ErrorKind::NumericOutOfRange,
        format!("{what} is not finite for these model parameters"),
        "The model parameters are outside the range where this expectation exists (e.g. a <= 1 or q <= 1); refit with a penalizer.",
    )
}

/// Customer lifetime value as lifetimes' `customer_lifetime_value`: over each month
/// i = 1..months, the Gamma-Gamma expected spend per purchase times the expected
/// purchases in that month, discounted by (1 + monthly_discount)^i.
pub fn cltv(
    model: &dyn PurchaseModel,
    spend_model: &GammaGammaModel,
    x: f64,
    t_x: f64,
    big_t: f64,
    monetary: f64,
    months: i32,
    monthly_discount: f64,
    unit: TimeUnit,
) -> Result<f64> {
    check_customer(x, t_x, big_t)?;
    if !(0..=1200).contains(&months) {
        return Err(Error::invalid_parameter(
            format!("months must be between 0 and 1200, got {months}"),
            "months is the CLTV horizon in months.",
        ));
    }
    finite("monthly_discount", monthly_discount)?;
    if monthly_discount <= -1.0 {
        return Err(Error::invalid_parameter(
            format!("monthly_discount must be > -1, got {monthly_discount}"),
            "Use the monthly discount rate, e.g. 0.01 for 1% a month.",
        ));
    }
    let spend = spend_model.expected_spend(x, monetary)?;
    let f = unit.per_month();
    let mut total = 0.0;
    let mut previous = 0.0;
    for i in 1..=months {
        let e = model.conditional_expected_purchases(f64::from(i) * f, x, t_x, big_t)?;
        total += spend * (e - previous) / (1.0 + monthly_discount).powi(i);
        previous = e;
    }
    if !total.is_finite() {
        return Err(out_of_range("the CLTV"));
    }
    Ok(total)
}

/// What every fitted model records about its fit. Absent fields of a model's
/// text form take the values of a model built by hand (no fit).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct FitInfo {
    /// Log-likelihood at the estimate, in the caller's time unit (comparable to
    /// published values; lifetimes reports it in its internally rescaled time).
    /// None (JSON null) for models built from given parameters.
    pub log_likelihood: Option<f64>,
    /// Customers (total weight) the model was fitted on.
    pub n: f64,
    /// Distinct input rows after compression.
    pub distinct: u64,
    pub iterations: u64,
    pub converged: bool,
    pub penalizer: f64,
}

impl Default for FitInfo {
    fn default() -> Self {
        FitInfo::none()
    }
}

impl FitInfo {
    /// Fit information of a model built from given parameters.
    pub fn none() -> Self {
        FitInfo { log_likelihood: None, n: 0.0, distinct: 0, iterations: 0, converged: false, penalizer: 0.0 }
    }

    fn encode(&self, w: &mut Writer) {
        match self.log_likelihood {
            Some(v) => {
                w.u8(1);
                w.f64(v);
            }
            None => w.u8(0),
        }
        w.f64(self.n);
        w.varint(self.distinct);
        w.varint(self.iterations);
        w.u8(u8::from(self.converged));
        w.f64(self.penalizer);
    }

    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(FitInfo {
            log_likelihood: match r.u8()? {
                0 => None,
                _ => Some(r.f64()?),
            },
            n: r.f64()?,
            distinct: r.varint()?,
            iterations: r.varint()?,
            converged: r.u8()? != 0,
            penalizer: r.f64()?,
        })
    }
}

/// Checks model parameters read from text or binary: finite and > 0.
pub(crate) fn check_params(model: &str, params: &[(&str, f64)]) -> Result<()> {
    for (name, v) in params {
        if !(v.is_finite() && *v > 0.0) {
            return Err(Error::invalid_text(
                format!("{model} parameter {name} must be a finite number > 0, got {v}"),
                "Build models with the fitting aggregates, or write them as their JSON text form shows.",
            ));
        }
    }
    Ok(())
}

/// Parses a model's JSON text form.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(model: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| {
        Error::invalid_text(
            format!("invalid {model} text: {e}"),
            format!("Use the JSON form that a {model} value prints, e.g. from ::text of a fitted model."),
        )
    })
}

/// Rescaling of time before fitting: lifetimes 0.11.3 divides all times by the
/// largest T (its `_scale_time`), so that the optimiser sees alpha and beta near 1.
pub(crate) fn time_scale(max_t: f64) -> Result<f64> {
    if !(max_t > 0.0) {
        return Err(Error::invalid_data(
            "every customer has T = 0",
            "T is the time from the first purchase to the end of the observation period; fit after some time has passed.",
        ));
    }
    Ok(1.0 / max_t)
}

#[cfg(test)]
mod tests;
