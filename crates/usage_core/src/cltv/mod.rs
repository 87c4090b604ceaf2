//! Probabilistic customer lifetime value ("buy till you die" models): BG/NBD,
//! Pareto/NBD and Gamma-Gamma, fitted by maximum likelihood the way the Python
//! `lifetimes` package (0.11.3) does, and applied per customer.
//!
//! Inputs follow lifetimes: `x` repeat purchases (frequency), `t_x` time of the last
//! purchase since the first (recency), `T` time since the first purchase (age), all
//! in one time unit the caller chooses (the model keeps that unit), and `monetary`
//! the mean value of the repeat purchases.

pub mod bgbb;
pub mod bgnbd;
pub mod fit;
pub mod gamma_gamma;
pub mod mbgnbd;
pub mod parallel;
pub mod pareto_nbd;
pub mod points;
pub mod sbg;
pub mod special;

use hashbrown::HashTable;

use crate::codec::{Reader, Versioned, Writer};
use crate::{Error, ErrorKind, Result};

pub use bgbb::BgBbModel;
pub use bgnbd::BgNbdModel;
pub use fit::Interrupt;
pub use gamma_gamma::GammaGammaModel;
pub use mbgnbd::MbgNbdModel;
pub use pareto_nbd::ParetoNbdModel;
pub use sbg::{SbgData, SbgModel};

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
    // -0 is stored and printed as 0.
    Ok(if p == 0.0 { 0.0 } else { p })
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

/// The distinct values of one column, numbered in order of first appearance (the
/// bit patterns hashed with [`KeyHasher`]): a fitting state's input columns, and
/// the likelihoods' x and times, whose special functions are evaluated once per
/// distinct value instead of once per row (x and whole-day times take a few
/// hundred values even for a million customers). The numbering depends only on
/// the order of the values given.
#[derive(Debug, Clone, Default)]
pub(crate) struct ValueIndex {
    ids: HashTable<(u64, u32)>,
    values: Vec<f64>,
}

impl ValueIndex {
    #[inline]
    fn hash(bits: u64) -> u64 {
        use std::hash::Hasher;
        let mut h = KeyHasher::default();
        h.write_u64(bits);
        h.finish()
    }

    /// The number of value `v` (+0.0 for -0.0, so that both are one value).
    #[inline]
    pub(crate) fn number(&mut self, v: f64) -> u32 {
        let bits = (v + 0.0).to_bits();
        let next = self.values.len() as u32;
        match self.ids.entry(Self::hash(bits), |e| e.0 == bits, |e| Self::hash(e.0)) {
            hashbrown::hash_table::Entry::Occupied(o) => o.get().1,
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert((bits, next));
                self.values.push(v + 0.0);
                next
            }
        }
    }

    pub(crate) fn into_values(self) -> Vec<f64> {
        self.values
    }

    /// The rank of each number's value among the column's values (non-negative
    /// floats order like their bit patterns), and the values in rank order.
    fn ranks(&self) -> (Vec<u32>, Vec<f64>) {
        let mut by_value: Vec<u32> = (0..self.values.len() as u32).collect();
        by_value.sort_unstable_by_key(|&i| self.values[i as usize].to_bits());
        let mut rank = vec![0; by_value.len()];
        for (r, &i) in by_value.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        (rank, by_value.iter().map(|&i| self.values[i as usize]).collect())
    }
}

/// Bits needed for numbers below `n`.
fn bits_for(n: usize) -> u32 {
    usize::BITS - n.saturating_sub(1).leading_zeros()
}

/// Stable LSD radix sort of `items` by a key below 2^bits: a few linear passes
/// (the counts of every digit taken in one) instead of a comparison sort; items
/// with equal keys keep their order.
fn radix_sort<T: Copy>(items: &mut Vec<T>, key: impl Fn(&T) -> u64, bits: u32) {
    const DIGIT: u32 = 11;
    let passes = bits.div_ceil(DIGIT) as usize;
    let mask = (1u64 << DIGIT) - 1;
    let mut counts = vec![[0usize; 1 << DIGIT]; passes];
    for t in items.iter() {
        let k = key(t);
        for (p, c) in counts.iter_mut().enumerate() {
            c[((k >> (p as u32 * DIGIT)) & mask) as usize] += 1;
        }
    }
    let mut spare = items.clone();
    for (p, c) in counts.iter_mut().enumerate() {
        let shift = p as u32 * DIGIT;
        let mut start = 0;
        for n in c.iter_mut() {
            (*n, start) = (start, start + *n);
        }
        for t in items.iter() {
            let d = ((key(t) >> shift) & mask) as usize;
            spare[c[d]] = *t;
            c[d] += 1;
        }
        std::mem::swap(items, &mut spare);
    }
}

/// How N numbers (the first the most significant; column c below 2^bits[c]) pack
/// into one sortable word, if they fit.
#[derive(Clone, Copy)]
struct Packing<const N: usize> {
    shifts: [u32; N],
    bits: [u32; N],
    total: u32,
}

impl<const N: usize> Packing<N> {
    fn new(bits: [u32; N]) -> Option<Self> {
        let total = bits.iter().sum();
        (total <= 64).then(|| Packing { shifts: std::array::from_fn(|c| bits[c + 1..].iter().sum()), bits, total })
    }

    // (checked: a column of one value takes 0 bits, and a shift can reach 64.)
    #[inline]
    fn pack(&self, ids: &[u32; N]) -> u64 {
        (0..N).fold(0u64, |acc, c| acc | u64::from(ids[c]).checked_shl(self.shifts[c]).unwrap_or(0))
    }

    fn unpack(&self, code: u64) -> [u32; N] {
        std::array::from_fn(|c| {
            let mask = if self.bits[c] == 0 { 0 } else { u64::MAX >> (64 - self.bits[c]) };
            (code.checked_shr(self.shifts[c]).unwrap_or(0) & mask) as u32
        })
    }
}

/// Sorts weighted `points` and `rows` (weights None: all 1) by their numbers,
/// stably, and adds up the weights of equal ones: a point's weight first, then its
/// rows' in their order. Unit-weight rows sort as bare words, the common case.
fn sort_and_add_up<const N: usize>(
    points: impl Iterator<Item = ([u32; N], f64)>,
    rows: impl Iterator<Item = [u32; N]>,
    weights: Option<&[f64]>,
    bits: [u32; N],
) -> Vec<([u32; N], f64)> {
    let mut out: Vec<([u32; N], f64)> = Vec::new();
    let mut push = |ids: [u32; N], w: f64| match out.last_mut() {
        Some(last) if last.0 == ids => last.1 += w,
        _ => out.push((ids, w)),
    };
    let Some(packing) = Packing::new(bits) else {
        // More than 64 bits (millions of distinct values per column): compare.
        let ones = std::iter::repeat(1.0);
        let mut all: Vec<([u32; N], f64)> =
            points.chain(rows.zip(weights.unwrap_or(&[]).iter().copied().chain(ones))).collect();
        all.sort_by_key(|p| p.0);
        all.into_iter().for_each(|(ids, w)| push(ids, w));
        return out;
    };
    let mut weighted: Vec<(u64, f64)> = points.map(|(ids, w)| (packing.pack(&ids), w)).collect();
    let mut unit: Vec<u64> = Vec::new();
    match weights {
        Some(w) => weighted.extend(rows.zip(w.iter().copied()).map(|(ids, w)| (packing.pack(&ids), w))),
        None => unit.extend(rows.map(|ids| packing.pack(&ids))),
    }
    radix_sort(&mut weighted, |p| p.0, packing.total);
    radix_sort(&mut unit, |k| *k, packing.total);
    // Merge: of equal codes the weighted ones (points, then weighted rows) first.
    let (mut i, mut j) = (0, 0);
    while i < weighted.len() || j < unit.len() {
        if j == unit.len() || (i < weighted.len() && weighted[i].0 <= unit[j]) {
            push(packing.unpack(weighted[i].0), weighted[i].1);
            i += 1;
        } else {
            push(packing.unpack(unit[j]), 1.0);
            j += 1;
        }
    }
    out
}

/// Rows collected before they are compacted into distinct points, at least.
const MIN_ROWS: usize = 1 << 20;

/// Fitting state: the distinct input points with the total weight of each. Fitting
/// works on this compressed form (as Fader and Hardie do), merging two states adds
/// weights.
///
/// Layout, for speed: each input value is numbered through a small per-column
/// table (x and whole-day times take a few hundred values even for a million
/// customers, so the tables stay in the CPU caches) and a row is appended as its N
/// numbers, 4 bytes each; unit weights (the common case) are not stored. When the
/// rows outnumber both [`MIN_ROWS`] and the distinct points, they are radix-sorted
/// by their numbers and added up into the distinct points, so memory stays
/// proportional to the distinct points. A point's total is the sum of its rows'
/// weights in arrival order.
///
/// Order: everything that reads the points ([`Points::sorted`], the fits) takes
/// them sorted by value (x, then t_x, then T): a fixed order that depends on the
/// points only, not on the arrival order, so serial and parallel aggregation give
/// the same fit bit for bit.
#[derive(Debug, Clone)]
pub struct Points<const N: usize> {
    columns: [ValueIndex; N],
    /// Rows not yet compacted, and their weights (None while all are 1).
    rows: Vec<[u32; N]>,
    weights: Option<Vec<f64>>,
    /// Weighted points (numbers): distinct after a compaction, appended to by
    /// merging and reading (compacting adds up equal ones, earlier ones first).
    points: Vec<([u32; N], f64)>,
    penalizer: Option<f64>,
}

impl<const N: usize> Default for Points<N> {
    fn default() -> Self {
        Points {
            columns: std::array::from_fn(|_| ValueIndex::default()),
            rows: Vec::new(),
            weights: None,
            points: Vec::new(),
            penalizer: None,
        }
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
        let mut ids = [0u32; N];
        for (id, (column, v)) in ids.iter_mut().zip(self.columns.iter_mut().zip(values)) {
            *id = column.number(v);
        }
        self.rows.push(ids);
        match &mut self.weights {
            Some(w) => w.push(weight),
            None if weight != 1.0 => {
                let mut w = vec![1.0; self.rows.len() - 1];
                w.push(weight);
                self.weights = Some(w);
            }
            None => {}
        }
        if self.rows.len() >= MIN_ROWS.max(self.points.len()) {
            self.flush();
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
        self.flush();
        // Other's totals, renumbered through one lookup per distinct value. A
        // deserialized state holds distinct points only: no need to compact it.
        let totals = other.totals();
        let to_mine = self.numbering_of(other.columns.each_ref().map(|c| c.values.as_slice()));
        self.points.extend(totals.iter().map(|(ids, w)| (std::array::from_fn(|c| to_mine[c][ids[c] as usize]), *w)));
        if self.points.len() >= MIN_ROWS.max(2 * totals.len()) {
            self.points = self.compacted(|_, id| id);
        }
        Ok(())
    }

    /// This state's numbers of the values of other columns (adding new values).
    fn numbering_of(&mut self, values: [&[f64]; N]) -> [Vec<u32>; N] {
        std::array::from_fn(|c| values[c].iter().map(|&v| self.columns[c].number(v)).collect())
    }

    /// Compacts the rows into the distinct points (the same totals).
    pub fn flush(&mut self) {
        if !self.rows.is_empty() {
            self.points = self.compacted(|_, id| id);
            self.rows.clear();
            self.weights = None;
        }
    }

    /// The distinct points with the rows added, numbered by `number` (column,
    /// number of a value) and sorted by those numbers: the points first, so that
    /// each total adds the rows (in arrival order) after the earlier total.
    fn compacted(&self, number: impl Fn(usize, u32) -> u32) -> Vec<([u32; N], f64)> {
        let renumber = |ids: &[u32; N]| std::array::from_fn(|c| number(c, ids[c]));
        sort_and_add_up(
            self.points.iter().map(|(ids, w)| (renumber(ids), *w)),
            self.rows.iter().map(renumber),
            self.weights.as_deref(),
            self.columns.each_ref().map(|c| bits_for(c.values.len())),
        )
    }

    /// The points with the rows added, in this state's numbering (no value order):
    /// the points as they are when no rows wait.
    fn totals(&self) -> std::borrow::Cow<'_, [([u32; N], f64)]> {
        if self.rows.is_empty() {
            std::borrow::Cow::Borrowed(&self.points[..])
        } else {
            std::borrow::Cow::Owned(self.compacted(|_, id| id))
        }
    }

    /// Distinct points (compacts a copy of the rows: O(rows)).
    pub fn distinct(&self) -> usize {
        self.sorted().len()
    }

    /// Total weight (the number of customers for unit weights), in the fixed order.
    pub fn total_weight(&self) -> f64 {
        self.sorted().iter().map(|(_, w)| w).sum()
    }

    /// The distinct points and their total weights in the fixed order (see
    /// [`Points`]).
    pub fn sorted(&self) -> Vec<([f64; N], f64)> {
        // Numbered by rank, points and rows sort by value in one pass.
        let ranked = self.columns.each_ref().map(ValueIndex::ranks);
        let points = self.compacted(|c, id| ranked[c].0[id as usize]);
        points.iter().map(|(ranks, w)| (std::array::from_fn(|c| ranked[c].1[ranks[c] as usize]), *w)).collect()
    }

    pub fn encode(&self) -> Vec<u8> {
        self.to_bytes()
    }

    pub fn decode(bytes: &[u8]) -> Result<Self> {
        Self::from_bytes(bytes)
    }
}

/// Binary form of a fitting state (the serial/deserial of parallel aggregation):
/// each column's distinct values, then the distinct points as numbers into those
/// values with their totals. Reading renumbers through one lookup per distinct
/// value; a point written twice adds up, as merging would. Version 1 wrote the
/// points' values.
impl<const N: usize> Versioned for Points<N> {
    const TYPE_NAME: &'static str = "CLTV fit state";
    const VERSION: u8 = 2;

    fn encode_body(&self, w: &mut Writer) {
        match self.penalizer {
            Some(p) => {
                w.u8(1);
                w.f64(p);
            }
            None => w.u8(0),
        }
        for column in &self.columns {
            w.varint(column.values.len() as u64);
            column.values.iter().for_each(|&v| w.f64(v));
        }
        let points = self.totals();
        w.varint(points.len() as u64);
        for (ids, weight) in points.iter() {
            ids.iter().for_each(|&id| w.varint(u64::from(id)));
            w.f64(*weight);
        }
    }

    /// Reads the points, then checks them as text input would (see `check_stored`).
    fn decode_body(version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let state = Self::decode_points(version, r)?;
        state.check_stored().map_err(|e| Error::corrupted(format!("{}: {}", Self::TYPE_NAME, e.message)))?;
        Ok(state)
    }
}

impl<const N: usize> Points<N> {
    fn decode_points(version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let penalizer = match r.u8()? {
            0 => None,
            1 => Some(r.f64()?),
            _ => return Err(Error::corrupted("bad CLTV fit state flag")),
        };
        let mut state = Points { penalizer, ..Points::default() };
        if version == 1 {
            let n = r.len()?;
            for _ in 0..n {
                let mut values = [0.0; N];
                for v in values.iter_mut() {
                    *v = r.f64()?;
                }
                state.add(values, r.f64()?);
            }
            return Ok(state);
        }
        // (A count larger than the bytes left is corrupt: guards the reservations.)
        let mut tables: [Vec<f64>; N] = std::array::from_fn(|_| Vec::new());
        for table in tables.iter_mut() {
            let n = r.len()?;
            table.reserve(n);
            for _ in 0..n {
                table.push(r.f64()?);
            }
        }
        let to_mine = state.numbering_of(tables.each_ref().map(|t| t.as_slice()));
        let n = r.len()?;
        state.points.reserve(n);
        for _ in 0..n {
            let mut ids = [0u32; N];
            for (c, id) in ids.iter_mut().enumerate() {
                *id = *usize::try_from(r.varint()?)
                    .ok()
                    .and_then(|i| to_mine[c].get(i))
                    .ok_or_else(|| Error::corrupted("CLTV fit state: a number beyond its column's values"))?;
            }
            state.points.push((ids, r.f64()?));
        }
        Ok(state)
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

/// A model's answer, which must be finite: NaN or infinity is [`out_of_range`]
/// (22003), never returned.
pub(crate) fn finite_result(what: &str, v: f64) -> Result<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(out_of_range(what))
    }
}

/// The total weight of a fit's rows; beyond float8 it is 22003.
pub(crate) fn total_weight<const N: usize>(points: &[([f64; N], f64)]) -> Result<f64> {
    let total: f64 = points.iter().map(|(_, w)| w).sum();
    if !total.is_finite() {
        return Err(Error::new(
            ErrorKind::NumericOutOfRange,
            "the weights of the fit add up to more than double precision holds",
            "A weight is the number of customers sharing the row's values; scale the weights down.",
        ));
    }
    Ok(total)
}

/// The power of two that brings a total weight near 1. The objectives are
/// per-customer means, which do not change when every weight is multiplied by a
/// power of two (exactly: such products round nothing), so the fits use weights
/// scaled by it: huge weights cannot overflow the likelihood's sums.
pub(crate) fn weight_scale(total: f64) -> f64 {
    if total > 0.0 && total.is_finite() {
        2f64.powi(-(total.log2().floor() as i32))
    } else {
        1.0
    }
}

/// A fitted model must read back like any stored value: every field finite (the
/// readers' rule, `check`). A fit ending outside that (extreme times or weights)
/// is an ERROR 22003, never a model that prints `null`.
pub(crate) fn check_fitted(model: &str, checked: Result<()>) -> Result<()> {
    checked.map_err(|e| {
        Error::new(
            ErrorKind::NumericOutOfRange,
            format!("the {model} fit has no finite estimate: {}", e.message),
            "Check the input for extreme values (huge times or weights); measuring times in a larger unit (e.g. weeks instead of hours) or adding a penalizer helps the fit.",
        )
    })
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

/// A model's parameters by name and what its fit recorded: what the SQL accessors
/// read (`model_param`, `log_likelihood`, `converged`, `fitted_customers`).
pub trait FittedModel: crate::codec::Versioned {
    /// Parameter names as the papers and lifetimes write them, in that order.
    const PARAMS: &'static [&'static str];
    /// The parameters, in the order of [`FittedModel::PARAMS`].
    fn params(&self) -> Vec<f64>;
    fn info(&self) -> &FitInfo;

    /// The parameter called `name` (ASCII case ignored); another name is an error
    /// that lists the model's parameters.
    fn param(&self, name: &str) -> Result<f64> {
        match Self::PARAMS.iter().position(|p| p.eq_ignore_ascii_case(name.trim())) {
            Some(i) => Ok(self.params()[i]),
            None => Err(Error::invalid_parameter(
                format!("{} has no parameter \"{name}\"", Self::TYPE_NAME),
                format!(
                    "The parameters of {} are {}; log_likelihood(), converged() and fitted_customers() read the fit.",
                    Self::TYPE_NAME,
                    Self::PARAMS.join(", ")
                ),
            )),
        }
    }
}

/// Implements [`FittedModel`] and the JSON view (the text form's object of named
/// parameters and fit information) for a model type and its parameter fields.
macro_rules! fitted_model {
    ($model:ident, $sql_name:literal, [$($param:ident),+]) => {
        impl $model {
            /// A model with given parameters and no fit information (tests, what-if).
            pub fn with_params($($param: f64),+) -> $crate::Result<Self> {
                let m = $model { $($param,)+ info: $crate::cltv::FitInfo::none() };
                m.check()?;
                Ok(m)
            }

            /// Every parameter within its domain, the fit information consistent.
            fn check(&self) -> $crate::Result<()> {
                $crate::cltv::check_params($sql_name, &[$((stringify!($param), self.$param)),+], &self.info)
            }
        }

        impl $crate::cltv::FittedModel for $model {
            const PARAMS: &'static [&'static str] = &[$(stringify!($param)),+];
            fn params(&self) -> Vec<f64> {
                vec![$(self.$param),+]
            }
            fn info(&self) -> &$crate::cltv::FitInfo {
                &self.info
            }
        }

        impl $crate::codec::JsonView for $model {
            fn json_view(&self) -> serde_json::Value {
                serde_json::to_value(self).unwrap_or_default()
            }
        }

        /// Stored form: the parameters in the order listed, then the fit.
        impl $crate::codec::Versioned for $model {
            const TYPE_NAME: &'static str = $sql_name;
            const VERSION: u8 = 1;
            fn encode_body(&self, w: &mut $crate::codec::Writer) {
                $(w.f64(self.$param);)+
                self.info.encode(w);
            }
            fn decode_body(_version: u8, r: &mut $crate::codec::Reader<'_>) -> $crate::Result<Self> {
                let m = $model { $($param: r.f64()?,)+ info: $crate::cltv::FitInfo::decode(r)? };
                m.check()?;
                Ok(m)
            }
        }

        impl $crate::codec::TextForm for $model {
            fn to_text(&self) -> String {
                $crate::cltv::model_text(self)
            }

            fn from_text(text: &str) -> $crate::Result<Self> {
                let m: $model = $crate::cltv::parse_json($sql_name, text)?;
                m.check()?;
                Ok(m)
            }
        }
    };
}
pub(crate) use fitted_model;

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

    /// Checks what a model's text or binary form holds: finite numbers, n and the
    /// penalizer >= 0 (what the fits write).
    fn check(&self, model: &str) -> Result<()> {
        let fields =
            [("log_likelihood", self.log_likelihood.unwrap_or(0.0)), ("n", self.n), ("penalizer", self.penalizer)];
        for (name, v) in fields {
            if !v.is_finite() || (name != "log_likelihood" && v < 0.0) {
                return Err(Error::invalid_text(
                    format!(
                        "{model} field {name} must be a finite number{}, got {v}",
                        if name == "log_likelihood" { "" } else { " >= 0" }
                    ),
                    "Build models with the fitting aggregates, or write them as their JSON text form shows.",
                ));
            }
        }
        Ok(())
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

/// Checks model parameters and fit information read from text or binary: finite,
/// parameters > 0.
pub(crate) fn check_params(model: &str, params: &[(&str, f64)], info: &FitInfo) -> Result<()> {
    for (name, v) in params {
        if !(v.is_finite() && *v > 0.0) {
            return Err(Error::invalid_text(
                format!("{model} parameter {name} must be a finite number > 0, got {v}"),
                "Build models with the fitting aggregates, or write them as their JSON text form shows.",
            ));
        }
    }
    info.check(model)
}

/// Parses a model's JSON text form.
/// -0 in a model's JSON becomes 0: models never print -0, and read it as 0.
fn positive_zeros(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) if n.as_f64().is_some_and(|f| f == 0.0 && f.is_sign_negative()) => {
            *value = serde_json::json!(0.0);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(positive_zeros),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(positive_zeros),
        _ => {}
    }
}

/// The text form of a model: its JSON in field order, with -0 (which a stored value
/// may hold) written as 0. serde_json writes -0 as `-0.0` and fields are flat numbers.
pub(crate) fn model_text<T: serde::Serialize>(model: &T) -> String {
    serde_json::to_string(model).unwrap_or_default().replace(":-0.0,", ":0.0,").replace(":-0.0}", ":0.0}")
}

pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(model: &str, text: &str) -> Result<T> {
    serde_json::from_str(text)
        .map(|mut value: serde_json::Value| {
            positive_zeros(&mut value);
            value
        })
        .and_then(serde_json::from_value)
        .map_err(|e| {
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
mod btyd_tests;
#[cfg(test)]
mod tests;
