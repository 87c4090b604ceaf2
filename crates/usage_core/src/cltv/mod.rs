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
pub mod parallel;
pub mod pareto_nbd;
pub mod special;

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use hashbrown::HashTable;

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

/// x is a whole number in the range where every float's integer part fits an
/// i64 (without calling trunc: this runs once per input row).
#[inline]
fn small_whole(x: f64) -> bool {
    (0.0..4.0e18).contains(&x) && (x as i64) as f64 == x
}

/// Checks one customer's (x, t_x, T) with lifetimes' rules: x a whole number >= 0,
/// 0 <= t_x <= T, and t_x = 0 when x = 0.
#[inline]
pub fn check_customer(x: f64, t_x: f64, t: f64) -> Result<()> {
    // The common case in a few comparisons (NaN fails them); errors below.
    if small_whole(x) && 0.0 <= t_x && t_x <= t && t < f64::INFINITY && (x > 0.0 || t_x == 0.0) {
        return Ok(());
    }
    explain_customer(x, t_x, t)
}

#[cold]
fn explain_customer(x: f64, t_x: f64, t: f64) -> Result<()> {
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
#[inline]
pub fn check_weight(w: f64) -> Result<f64> {
    if (0.0..f64::INFINITY).contains(&w) {
        return Ok(w);
    }
    explain_weight(w)
}

#[cold]
fn explain_weight(w: f64) -> Result<f64> {
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

/// Hasher of the fitting state's keys (bit patterns of the inputs): a folded
/// 64x64->128-bit multiply per word. The inputs are often whole numbers, whose bit
/// patterns end in zeros, so the fold matters: the table indexes by the low bits.
/// Fixed (not randomly seeded): the same rows give the same table.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    #[inline]
    fn write_u64(&mut self, v: u64) {
        let p = u128::from(self.0 ^ v) * 0x9E37_79B9_7F4A_7C15_u128;
        self.0 = (p as u64) ^ ((p >> 64) as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        let p = u128::from(self.0) * 0xD6E8_FEB8_6659_FD93_u128;
        (p as u64) ^ ((p >> 64) as u64)
    }
}

/// Key of the fitting state: the bit patterns of the N inputs, compared word by
/// word (the derived comparisons of arrays call memcmp).
#[derive(Debug, Clone, Copy)]
struct Key<const N: usize>([u64; N]);

impl<const N: usize> PartialEq for Key<N> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        (0..N).all(|i| self.0[i] == other.0[i])
    }
}

impl<const N: usize> Eq for Key<N> {}

impl<const N: usize> Key<N> {
    /// The key's hash (fixed, so the same rows give the same tables and order).
    #[inline]
    fn hash(&self) -> u64 {
        use std::hash::Hasher;
        let mut h = KeyHasher::default();
        for v in self.0 {
            h.write_u64(v);
        }
        h.finish()
    }
}

/// A distinct point with its hash (computed once per row) and its total weight.
#[derive(Debug, Clone, Copy)]
struct Entry<const N: usize> {
    key: Key<N>,
    hash: u64,
    weight: f64,
}

impl<const N: usize> Entry<N> {
    /// The partition: 6 bits of the hash (32 to 37) that the tables do not use
    /// (they index by the low bits and tag by the top 7).
    #[inline]
    fn part(&self) -> usize {
        ((self.hash >> 32) & (PARTS as u64 - 1)) as usize
    }

    /// The fixed order of points: by partition, then by hash, then by key (a
    /// tie-break that equal 64-bit hashes practically never need). One word
    /// decides almost every comparison, which makes sorting cheap.
    #[inline]
    fn order(&self, other: &Self) -> std::cmp::Ordering {
        // Rotated so that the partition bits lead: one comparison of a bijection of
        // the hash orders by partition, then by hash.
        let rank = |e: &Self| e.hash.rotate_left(26);
        rank(self).cmp(&rank(other)).then_with(|| self.key.0.cmp(&other.key.0))
    }

    fn from_key(key: [u64; N], weight: f64) -> Self {
        let key = Key(key);
        Entry { key, hash: key.hash(), weight }
    }
}

/// Adds up the weights of equal neighbours of `entries` (sorted by
/// [`Entry::order`], a point's rows in the order their weights are to be added).
fn dedup_sorted<const N: usize>(entries: &mut Vec<Entry<N>>) {
    entries.dedup_by(|later, first| {
        if later.key == first.key {
            first.weight += later.weight;
            true
        } else {
            false
        }
    });
}

/// Merges two runs sorted by [`Entry::order`]; of equal points, `a`'s come first.
fn merge_sorted<const N: usize>(a: &[Entry<N>], b: &[Entry<N>]) -> Vec<Entry<N>> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if b[j].order(&a[i]).is_lt() {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Partitions of a fitting state.
const PARTS: usize = 64;
/// Rows a partition buffers before adding them to its table, at least.
const MIN_BUFFER: usize = 256;

/// One partition of a fitting state: a hash table of totals and the rows not yet
/// added to it, in arrival order.
#[derive(Debug, Clone, Default)]
struct Part<const N: usize> {
    table: HashTable<Entry<N>>,
    buffer: Vec<Entry<N>>,
}

impl<const N: usize> Part<N> {
    /// Adds `e`'s weight to its point's total.
    #[inline]
    fn insert(table: &mut HashTable<Entry<N>>, e: Entry<N>) {
        match table.entry(e.hash, |o| o.key == e.key, |o| o.hash) {
            hashbrown::hash_table::Entry::Occupied(mut o) => o.get_mut().weight += e.weight,
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert(e);
            }
        }
    }

    fn flush(&mut self) {
        for e in self.buffer.drain(..) {
            Self::insert(&mut self.table, e);
        }
    }

    /// The totals of this partition (the table with the buffer added), unsorted.
    fn totals(&self) -> std::borrow::Cow<'_, HashTable<Entry<N>>> {
        if self.buffer.is_empty() {
            std::borrow::Cow::Borrowed(&self.table)
        } else {
            let mut copy = self.clone();
            copy.flush();
            std::borrow::Cow::Owned(copy.table)
        }
    }
}

/// Fitting state: the distinct input points with the total weight of each. Fitting
/// works on this compressed form (as Fader and Hardie do), merging two states adds
/// weights.
///
/// Layout, for speed: a million rows have hundreds of thousands of distinct points,
/// a table larger than the CPU caches, where an insert per row costs a cache miss.
/// So the points are split by hash into [`PARTS`] partitions; a row is appended to
/// its partition's buffer (sequential writes) and a buffer is added to its
/// partition's table in one go once it holds at least as many rows as the table
/// has entries: each table is small and stays in cache while a buffer is added.
/// Buffers hold at most about as many rows as there are distinct points (plus a
/// few hundred rows per partition). Each point's total is the sum of its rows' weights
/// in arrival order, as with one table. A row's hash is computed once.
///
/// Order: everything that reads the points ([`Points::sorted`], the totals, the
/// fits) takes them partition by partition, each in the order of [`Entry::order`]
/// (by hash): a fixed order that depends on the points only, not on the arrival
/// order, so serial and parallel aggregation give the same fit bit for bit.
///
/// Partial states from parallel workers arrive in the fixed order (the binary
/// form is written that way) and are kept as sorted runs: combining them costs a
/// copy, not a hash-table insert per point, and reading the points merges the
/// runs with the tables' points in one linear pass.
#[derive(Debug, Clone)]
pub struct Points<const N: usize> {
    parts: Vec<Part<N>>,
    /// Merged states, each sorted by [`Entry::order`] with distinct points.
    runs: Vec<Vec<Entry<N>>>,
    penalizer: Option<f64>,
}

impl<const N: usize> Default for Points<N> {
    fn default() -> Self {
        Points { parts: vec![Part::default(); PARTS], runs: Vec::new(), penalizer: None }
    }
}

impl<const N: usize> PartialEq for Points<N> {
    fn eq(&self, other: &Self) -> bool {
        let bits = |p: &Self| p.sorted().iter().map(|(k, w)| (k.map(f64::to_bits), w.to_bits())).collect::<Vec<_>>();
        self.penalizer == other.penalizer && bits(self) == bits(other)
    }
}

impl<const N: usize> Points<N> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `weight` customers at `values` (already validated, all >= 0).
    #[inline]
    pub fn add(&mut self, values: [f64; N], weight: f64) {
        if weight == 0.0 {
            return;
        }
        // +0.0 for -0.0, so equal values share one key.
        let key = Key(values.map(|v| (v + 0.0).to_bits()));
        let e = Entry { key, hash: key.hash(), weight };
        let part = &mut self.parts[e.part()];
        part.buffer.push(e);
        if part.buffer.len() >= MIN_BUFFER.max(part.table.len()) {
            part.flush();
        }
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

    /// Adds `other`'s totals to this state's: each point's total becomes this
    /// state's total plus `other`'s (as PostgreSQL combines partial states); the
    /// order of the points inside a state does not matter.
    pub fn merge(&mut self, other: &Points<N>) -> Result<()> {
        if let Some(p) = other.penalizer {
            self.set_penalizer(p)?;
        }
        if other.parts.iter().any(|p| !p.table.is_empty() || !p.buffer.is_empty()) {
            self.runs.push(other.entries_of_parts());
        }
        self.runs.extend(other.runs.iter().filter(|r| !r.is_empty()).cloned());
        Ok(())
    }

    /// Adds the buffered rows to the tables (the same totals; reading a flushed
    /// state is cheaper: the final functions flush before fitting).
    pub fn flush(&mut self) {
        for part in &mut self.parts {
            part.flush();
        }
    }

    /// Distinct points (reads them all: O(points)).
    pub fn distinct(&self) -> usize {
        if self.runs.is_empty() {
            self.parts.iter().map(|p| p.totals().len()).sum()
        } else {
            self.sorted().len()
        }
    }

    /// Total weight (the number of customers for unit weights), in the fixed order.
    pub fn total_weight(&self) -> f64 {
        self.sorted().iter().map(|(_, w)| w).sum()
    }

    /// The distinct points and their total weights in the fixed order (see
    /// [`Points`]). Buffered rows are added to their point's total after the
    /// table's, in arrival order (a stable sort keeps it), exactly as adding the
    /// buffer to the table would.
    pub fn sorted(&self) -> Vec<([f64; N], f64)> {
        let mut entries = self.entries_of_parts();
        for run in &self.runs {
            entries = merge_sorted(&entries, run);
            dedup_sorted(&mut entries);
        }
        entries.iter().map(|e| (e.key.0.map(f64::from_bits), e.weight)).collect()
    }

    /// The points of the tables and buffers (not the runs) in the fixed order.
    fn entries_of_parts(&self) -> Vec<Entry<N>> {
        // Two halves of the partitions, on two threads for large states.
        let (left, right) = self.parts.split_at(PARTS / 2);
        let large = self.parts.iter().map(|p| p.table.len() + p.buffer.len()).sum::<usize>() >= parallel::MIN_PARALLEL_ROWS;
        let (mut out, rest) = parallel::join(large && parallel::default_threads() > 1, || sort_parts(left), || sort_parts(right));
        out.extend_from_slice(&rest);
        out
    }

    pub fn encode(&self) -> Vec<u8> {
        self.to_bytes()
    }

    pub fn decode(bytes: &[u8]) -> Result<Self> {
        Self::from_bytes(bytes)
    }
}

/// The points of `parts` in the fixed order (see [`Points::sorted`]).
fn sort_parts<const N: usize>(parts: &[Part<N>]) -> Vec<Entry<N>> {
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.table.len() + p.buffer.len()).sum());
    let mut entries: Vec<Entry<N>> = Vec::new();
    for part in parts {
        entries.clear();
        entries.extend(part.table.iter().copied());
        if part.buffer.is_empty() {
            entries.sort_unstable_by(Entry::order);
        } else {
            // (flush() starts a new point from the row's weight.)
            entries.extend_from_slice(&part.buffer);
            entries.sort_by(Entry::order);
            dedup_sorted(&mut entries);
        }
        out.extend_from_slice(&entries);
    }
    out
}

/// Binary form of a fitting state (the serial/deserial of parallel aggregation):
/// the points and their totals in the fixed order, so that the leader keeps each
/// worker's state as a sorted run. Points out of order (bytes not written by
/// `encode_body`) are sorted on reading, so any order decodes to the same state.
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
        let points = self.sorted();
        w.varint(points.len() as u64);
        for (key, weight) in points {
            for v in key {
                w.f64(v);
            }
            w.f64(weight);
        }
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let penalizer = match r.u8()? {
            0 => None,
            1 => Some(r.f64()?),
            _ => return Err(Error::corrupted("bad CLTV fit state flag")),
        };
        // A count larger than the bytes left is corrupt (guards the reservation).
        let n = r.len()?;
        let mut run = Vec::with_capacity(n);
        let mut in_order = true;
        for _ in 0..n {
            let mut key = [0u64; N];
            for k in key.iter_mut() {
                *k = r.f64()?.to_bits();
            }
            let e = Entry::from_key(key, r.f64()?);
            in_order &= run.last().is_none_or(|last: &Entry<N>| last.order(&e).is_lt());
            run.push(e);
        }
        if !in_order {
            // A point twice adds up, as merging would.
            run.sort_by(Entry::order);
            dedup_sorted(&mut run);
        }
        let runs = if run.is_empty() { Vec::new() } else { vec![run] };
        Ok(Points { runs, penalizer, ..Points::default() })
    }
}

/// Distinct values of a column, numbered in order of first appearance: the
/// likelihoods evaluate special functions once per distinct x or time instead of
/// once per input row (x and whole-day times take a few hundred values even for a
/// million customers). The numbering depends only on the order of the values
/// given, which the fits take from the sorted state.
#[derive(Default)]
pub(crate) struct ValueIndex {
    index: HashMap<u64, u32, BuildHasherDefault<KeyHasher>>,
    values: Vec<f64>,
}

impl ValueIndex {
    /// The number of `v` (bit pattern) among the distinct values.
    #[inline]
    pub(crate) fn number(&mut self, v: f64) -> u32 {
        let next = self.values.len() as u32;
        let n = *self.index.entry(v.to_bits()).or_insert(next);
        if n == next {
            self.values.push(v);
        }
        n
    }

    pub(crate) fn into_values(self) -> Vec<f64> {
        self.values
    }
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
