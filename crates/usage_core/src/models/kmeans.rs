//! k-means clustering in the database: the fitting state of `kmeans_fit` (the
//! collected points), the fit (k-means++ seeding or given centroids, then Lloyd's
//! algorithm with scikit-learn's stopping rules), the fitted `kmeans_model` and
//! what reads it (assignment, distance, silhouette).
//!
//! Lloyd as scikit-learn 1.5's `KMeans(algorithm='lloyd')` (`_kmeans_single_lloyd`):
//! - tolerance: `tol * mean of the per-feature variances` of the fitted data
//!   (`_tolerance`, tol = 1e-4);
//! - each iteration assigns every point to its nearest centre (ties: the lowest
//!   number), moves each centre to the mean of its points (an empty cluster takes
//!   the point farthest from its centre, `_relocate_empty_clusters_dense`), and
//!   stops when the labels equal the previous iteration's (strict convergence) or
//!   the total squared centre shift is at most the tolerance;
//! - without strict convergence a final assignment step makes the labels match the
//!   centres; the inertia is the sum of squared distances to the assigned centres.
//!
//! Determinism: the fit sorts the points into a canonical order (lexicographic by
//! value) before seeding and iterating, so float sums and the seeding's draws do
//! not depend on the order in which a plan delivered the rows: serial and parallel
//! plans give the same model bit for bit.

use serde::{Deserialize, Serialize};

use crate::codec::{JsonView, Reader, TextForm, Versioned, Writer};
use crate::split_mix::SplitMix;
use crate::{Error, ErrorKind, Result};

/// An interrupt check, called in every loop whose length depends on the input.
pub type Interrupt<'a> = &'a dyn Fn() -> Result<()>;

/// scikit-learn's default relative tolerance.
pub const TOL: f64 = 1e-4;
/// scikit-learn's default iteration cap.
pub const DEFAULT_MAX_ITER: u32 = 300;
/// The seed of the k-means++ seeding when none is given.
pub const DEFAULT_SEED: i64 = 0;
/// Largest k and dimension accepted (a model is read on every call of its readers).
pub const MAX_K: u32 = 10_000;
pub const MAX_D: usize = 10_000;

/// Points between interrupt checks inside the per-point loops.
const CHECK_EVERY: usize = 1 << 14;

fn param(message: String, hint: &str) -> Error {
    Error::invalid_parameter(message, hint)
}

/// Checks one input vector: at least one component, all finite.
#[inline]
pub fn check_vector(v: &[f64], what: &str) -> Result<()> {
    if !v.is_empty() && v.iter().all(|x| x.is_finite()) {
        return Ok(());
    }
    explain_vector(v, what)
}

#[cold]
fn explain_vector(v: &[f64], what: &str) -> Result<()> {
    if v.is_empty() {
        return Err(Error::new(
            ErrorKind::ArrayMismatch,
            format!("{what} must have at least one component"),
            "Pass one float8[] of the same length per row, e.g. usage_vector(...) or ARRAY[x1, x2, x3].",
        ));
    }
    let (i, x) = v.iter().enumerate().find(|(_, x)| !x.is_finite()).map(|(i, x)| (i, *x)).unwrap_or((0, 0.0));
    Err(Error::invalid_data(
        format!("{what} must have finite components, got {x} at position {}", i + 1),
        "Filter out or impute NaN and infinite components before clustering, e.g. with coalesce or a WHERE clause.",
    ))
}

fn length_mismatch(what: &str, got: usize, want: usize) -> Error {
    Error::new(
        ErrorKind::ArrayMismatch,
        format!("{what} has {got} components, expected {want}"),
        "Every vector of a fit must have the same length (the dimension of the model).",
    )
}

// ---- the collected points ------------------------------------------------------

/// Points of dimension `d`, stored flat (row after row): 8 bytes per component,
/// no per-point allocation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Points {
    d: usize,
    data: Vec<f64>,
}

impl Points {
    pub fn dimension(&self) -> usize {
        self.d
    }

    pub fn len(&self) -> usize {
        self.data.len().checked_div(self.d).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Adds one point (checked: finite, the dimension of the first point).
    #[inline]
    pub fn add(&mut self, v: &[f64]) -> Result<()> {
        check_vector(v, "v")?;
        if self.d == 0 {
            if v.len() > MAX_D {
                return Err(param(
                    format!("v has {} components, at most {MAX_D} are supported", v.len()),
                    "Reduce the dimension (select or combine features) before clustering.",
                ));
            }
            self.d = v.len();
        } else if v.len() != self.d {
            return Err(length_mismatch("v", v.len(), self.d));
        }
        // -0 and 0 are one value: the canonical order and equal points must agree.
        self.data.extend(v.iter().map(|x| x + 0.0));
        Ok(())
    }

    /// Appends `other`'s points (a multiset union: associative and commutative up
    /// to the order of the points, which the fit does not see).
    pub fn merge(&mut self, other: &Points) -> Result<()> {
        if other.d == 0 {
            return Ok(());
        }
        if self.d == 0 {
            self.d = other.d;
        } else if self.d != other.d {
            return Err(length_mismatch("v", other.d, self.d));
        }
        self.data.extend_from_slice(&other.data);
        Ok(())
    }

    fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.d..(i + 1) * self.d]
    }

    /// The points in the canonical order: lexicographic by value (components
    /// compared as floats; all are finite and no -0 is stored).
    pub fn sorted(&self, interrupt: Interrupt<'_>) -> Result<Points> {
        let n = self.len();
        let d = self.d;
        // Sort by the first component as an order-preserving integer key, then
        // settle runs of equal first components by the full rows.
        let key = |x: f64| {
            let b = x.to_bits();
            if b >> 63 == 1 {
                !b
            } else {
                b | (1 << 63)
            }
        };
        let mut order: Vec<(u64, u32)> = Vec::with_capacity(n);
        for i in 0..n {
            if i % CHECK_EVERY == 0 {
                interrupt()?;
            }
            order.push((key(self.data[i * d]), i as u32));
        }
        order.sort_unstable();
        interrupt()?;
        let cmp = |a: &u32, b: &u32| {
            let (a, b) = (self.row(*a as usize), self.row(*b as usize));
            a.iter().zip(b).map(|(x, y)| x.total_cmp(y)).find(|o| o.is_ne()).unwrap_or(std::cmp::Ordering::Equal)
        };
        let mut start = 0;
        while start < n {
            let mut end = start + 1;
            while end < n && order[end].0 == order[start].0 {
                end += 1;
            }
            if end - start > 1 {
                let mut ids: Vec<u32> = order[start..end].iter().map(|o| o.1).collect();
                ids.sort_unstable_by(cmp);
                for (o, id) in order[start..end].iter_mut().zip(ids) {
                    o.1 = id;
                }
                interrupt()?;
            }
            start = end;
        }
        let mut data = Vec::with_capacity(self.data.len());
        for (j, &(_, i)) in order.iter().enumerate() {
            if j % CHECK_EVERY == 0 {
                interrupt()?;
            }
            data.extend_from_slice(self.row(i as usize));
        }
        Ok(Points { d, data })
    }

    /// Distinct points of sorted points.
    fn distinct_sorted(&self) -> usize {
        (0..self.len()).filter(|&i| i == 0 || self.row(i) != self.row(i - 1)).count()
    }

    fn encode(&self, w: &mut Writer) {
        w.varint(self.d as u64);
        w.varint(self.len() as u64);
        let buffer = w.buffer();
        buffer.reserve(self.data.len() * 8);
        for x in &self.data {
            buffer.extend_from_slice(&x.to_le_bytes());
        }
    }

    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let d = usize::try_from(r.varint()?).map_err(|_| Error::corrupted("k-means points: dimension out of range"))?;
        let n = r.varint()?;
        if d > MAX_D || (d == 0 && n != 0) {
            return Err(Error::corrupted("k-means points: bad dimension"));
        }
        let bytes = usize::try_from(n)
            .ok()
            .and_then(|n| n.checked_mul(d))
            .and_then(|c| c.checked_mul(8))
            .ok_or_else(|| Error::corrupted("k-means points: too many points"))?;
        let raw = r.take(bytes)?;
        let data: Vec<f64> = raw.chunks_exact(8).map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8]))).collect();
        if !data.iter().all(|x| x.is_finite()) {
            return Err(Error::corrupted("k-means points: a component is not finite"));
        }
        Ok(Points { d, data: data.into_iter().map(|x| x + 0.0).collect() })
    }
}

// ---- parameters and the fitting state ----------------------------------------

/// How the first centroids are chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum Init {
    /// k-means++ (greedy, as scikit-learn's) with this seed.
    Seeded(i64),
    /// Given centroids in original units, k rows flattened (k x d).
    Given(Vec<f64>),
}

/// The arguments of `kmeans_fit` other than the points; the same for every row.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub k: u32,
    pub init: Init,
    pub standardize: bool,
    pub max_iter: u32,
}

impl Params {
    /// Checks the arguments. `init` holds the given centroids and, for a 2-D
    /// array, its number of rows.
    pub fn new(k: i32, init: Init, rows: Option<usize>, standardize: bool, max_iter: i32) -> Result<Params> {
        if k < 1 || k as u32 > MAX_K {
            return Err(param(
                format!("k must be between 1 and {MAX_K}, got {k}"),
                "k is the number of clusters; compare several k with the inertia and silhouette recipe of docs/models.md.",
            ));
        }
        if max_iter < 1 {
            return Err(param(
                format!("max_iter must be at least 1, got {max_iter}"),
                "max_iter caps Lloyd's iterations (scikit-learn's default is 300).",
            ));
        }
        if let Init::Given(c) = &init {
            let k = k as usize;
            let shape_hint = "init holds k starting centroids: a k x d array such as ARRAY[[1,2],[3,4]] for k = 2, d = 2, or the same values flattened.";
            if let Some(rows) = rows {
                if rows != k {
                    return Err(Error::new(
                        ErrorKind::ArrayMismatch,
                        format!("init has {rows} rows, expected k = {k}"),
                        shape_hint,
                    ));
                }
            }
            if c.is_empty() || c.len() % k != 0 {
                return Err(Error::new(
                    ErrorKind::ArrayMismatch,
                    format!("init has {} values, not a multiple of k = {k}", c.len()),
                    shape_hint,
                ));
            }
            check_vector(c, "init")?;
        }
        Ok(Params { k: k as u32, init, standardize, max_iter: max_iter as u32 })
    }

    fn encode(&self, w: &mut Writer) {
        w.varint(u64::from(self.k));
        match &self.init {
            Init::Seeded(seed) => {
                w.u8(0);
                w.signed(*seed);
            }
            Init::Given(c) => {
                w.u8(1);
                w.varint(c.len() as u64);
                c.iter().for_each(|&x| w.f64(x));
            }
        }
        w.u8(u8::from(self.standardize));
        w.varint(u64::from(self.max_iter));
    }

    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let bad = || Error::corrupted("k-means fit state: bad parameters");
        let k = i32::try_from(r.varint()?).map_err(|_| bad())?;
        let init = match r.u8()? {
            0 => Init::Seeded(r.signed()?),
            1 => {
                let n = r.len()?;
                let mut c = Vec::with_capacity(n.min(1 << 20));
                for _ in 0..n {
                    c.push(r.f64()?);
                }
                Init::Given(c)
            }
            _ => return Err(bad()),
        };
        let standardize = r.u8()? != 0;
        let max_iter = i32::try_from(r.varint()?).map_err(|_| bad())?;
        Params::new(k, init, None, standardize, max_iter)
            .map_err(|e| Error::corrupted(format!("k-means fit state: {}", e.message)))
    }
}

/// The state of `kmeans_fit`: the parameters (set by the first row) and the points.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FitState {
    params: Option<Params>,
    points: Points,
}

impl FitState {
    /// Records the row's parameters: the first row's, which every later row must repeat.
    #[inline]
    pub fn set_params(&mut self, params: Params) -> Result<()> {
        match &self.params {
            None => {
                self.params = Some(params);
                Ok(())
            }
            Some(p) if *p == params => Ok(()),
            Some(_) => Err(different_params()),
        }
    }

    /// [`FitState::set_params`] without building the parameters when they are set
    /// and equal (the per-row check of the common overloads).
    #[inline]
    pub fn same_seeded(&self, k: i32, seed: i64, standardize: bool, max_iter: i32) -> bool {
        matches!(&self.params, Some(p) if i64::from(p.k) == i64::from(k) && p.init == Init::Seeded(seed)
            && p.standardize == standardize && i64::from(p.max_iter) == i64::from(max_iter))
    }

    /// The same for given centroids (`rows`: the first dimension of a 2-D init).
    #[inline]
    pub fn same_given(&self, k: i32, init: &[f64], rows: Option<usize>, standardize: bool, max_iter: i32) -> bool {
        matches!(&self.params, Some(p) if i64::from(p.k) == i64::from(k) && matches!(&p.init, Init::Given(c) if c == init)
            && rows.is_none_or(|r| r == p.k as usize)
            && p.standardize == standardize && i64::from(p.max_iter) == i64::from(max_iter))
    }

    /// Whether a row has set the parameters.
    pub fn has_params(&self) -> bool {
        self.params.is_some()
    }

    pub fn add(&mut self, v: &[f64]) -> Result<()> {
        self.points.add(v)
    }

    pub fn points(&self) -> &Points {
        &self.points
    }

    pub fn merge(&mut self, other: &FitState) -> Result<()> {
        match (&self.params, &other.params) {
            (Some(a), Some(b)) if a != b => return Err(different_params()),
            (None, Some(b)) => self.params = Some(b.clone()),
            _ => {}
        }
        self.points.merge(&other.points)
    }

    /// Fits the model (`None` without points).
    pub fn fit(&self, interrupt: Interrupt<'_>) -> Result<Option<KmeansModel>> {
        match &self.params {
            Some(params) if !self.points.is_empty() => fit(&self.points, params, interrupt).map(Some),
            _ => Ok(None),
        }
    }
}

fn different_params() -> Error {
    param(
        "kmeans_fit: k, seed, init, standardize and max_iter must be the same for every row of a fit".into(),
        "Pass them as constants (one fit per group of rows).",
    )
}

/// Binary form of the fitting state (serial/deserial of parallel aggregation).
impl Versioned for FitState {
    const TYPE_NAME: &'static str = "k-means fit state";
    const VERSION: u8 = 1;

    fn encode_body(&self, w: &mut Writer) {
        match &self.params {
            Some(p) => {
                w.u8(1);
                p.encode(w);
            }
            None => w.u8(0),
        }
        self.points.encode(w);
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let params = match r.u8()? {
            0 => None,
            1 => Some(Params::decode(r)?),
            _ => return Err(Error::corrupted("k-means fit state: bad flag")),
        };
        Ok(FitState { params, points: Points::decode(r)? })
    }
}

// ---- the fit -------------------------------------------------------------------

/// Standardization of the fitted data (z-scores): population means and standard
/// deviations per component, as scikit-learn's StandardScaler (a constant
/// component keeps scale 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Standardization {
    pub mean: Vec<f64>,
    pub sd: Vec<f64>,
}

impl Standardization {
    fn of(points: &Points) -> Standardization {
        let (mean, var) = column_moments(points);
        let sd = var.iter().map(|v| v.sqrt()).map(|s| if s > 0.0 && s.is_finite() { s } else { 1.0 }).collect();
        Standardization { mean, sd }
    }

    /// Replaces a row of original units by its z-scores.
    fn apply(&self, row: &mut [f64]) {
        for (x, (m, s)) in row.iter_mut().zip(self.mean.iter().zip(&self.sd)) {
            *x = (*x - m) / s;
        }
    }

    fn unapply(&self, z: &[f64]) -> Vec<f64> {
        z.iter().zip(self.sd.iter().zip(&self.mean)).map(|(x, (s, m))| x * s + m).collect()
    }
}

/// A fitted k-means model. Centroids are in the units of the input; the inertia,
/// distances and silhouettes are measured in the space the model was fitted in
/// (z-scores when `standardize` is set).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KmeansModel {
    pub k: u32,
    pub d: u32,
    /// k rows of d values, original units; cluster c (1-based in SQL) is row c - 1.
    pub centroids: Vec<Vec<f64>>,
    /// Points per cluster.
    pub sizes: Vec<u64>,
    /// Sum of squared distances of the points to their centroids (fitted space).
    pub inertia: f64,
    /// Points fitted.
    pub n: u64,
    pub iterations: u32,
    pub converged: bool,
    pub max_iter: u32,
    /// "k-means++" or "given".
    pub init: String,
    /// The seed of k-means++ (null for given centroids).
    pub seed: Option<i64>,
    /// Means and standard deviations when fitted on z-scores, else null.
    pub standardize: Option<Standardization>,
}

/// What one run of Lloyd's algorithm ends with (in the fitted space).
pub struct Lloyd {
    pub centers: Vec<f64>,
    pub labels: Vec<u32>,
    pub inertia: f64,
    pub iterations: u32,
    pub converged: bool,
    /// Inertia of each iteration's assignment (points to the centres of its start).
    pub trace: Vec<f64>,
}

#[inline]
fn sq_dist(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// Greedy k-means++ (Arthur & Vassilvitskii 2007, with scikit-learn's
/// 2 + floor(ln k) candidates per step, the one lowering the potential most kept).
/// Needs k distinct points; returns k x d centres.
pub fn kmeans_plus_plus(points: &Points, k: usize, seed: i64, interrupt: Interrupt<'_>) -> Result<Vec<f64>> {
    let (n, d) = (points.len(), points.d);
    let mut rng = SplitMix(seed as u64);
    let trials = 2 + (k as f64).ln() as usize;
    let mut centers = Vec::with_capacity(k * d);
    let first = rng.below(n);
    centers.extend_from_slice(points.row(first));
    let mut closest: Vec<f64> = Vec::with_capacity(n);
    for (i, row) in points.data.chunks_exact(d).enumerate() {
        if i % CHECK_EVERY == 0 {
            interrupt()?;
        }
        closest.push(sq_dist(row, &centers[..d]));
    }
    let mut cumulative = vec![0.0; n];
    let mut candidate_dist = vec![0.0; n];
    for _ in 1..k {
        let mut acc = 0.0;
        for (c, x) in cumulative.iter_mut().zip(&closest) {
            acc += x;
            *c = acc;
        }
        interrupt()?;
        let mut best: Option<(f64, usize)> = None;
        let mut best_dist = Vec::new();
        for _ in 0..trials {
            let r = rng.open01() * acc;
            // The first point whose cumulative potential reaches r: r > 0, so it lies at
            // a positive distance from every chosen centre (a new, distinct point).
            let id = cumulative.partition_point(|&c| c < r).min(n - 1);
            let id =
                if closest[id] > 0.0 { id } else { (id..n).chain(0..id).find(|&i| closest[i] > 0.0).unwrap_or(id) };
            let candidate = points.row(id);
            let mut pot = 0.0;
            for (i, (row, (cd, old))) in
                points.data.chunks_exact(d).zip(candidate_dist.iter_mut().zip(&closest)).enumerate()
            {
                if i % CHECK_EVERY == 0 {
                    interrupt()?;
                }
                *cd = old.min(sq_dist(row, candidate));
                pot += *cd;
            }
            if best.is_none_or(|(p, _)| pot < p) {
                best = Some((pot, id));
                best_dist.clone_from(&candidate_dist);
            }
        }
        let Some((_, id)) = best else { break };
        std::mem::swap(&mut closest, &mut best_dist);
        centers.extend_from_slice(points.row(id));
    }
    Ok(centers)
}

/// Centres are compared in blocks of `LANES`: each block's distances accumulate in a
/// fixed-size array, which compiles to vector instructions.
const LANES: usize = 8;

/// Nearest centre of `x` (ties: the lowest number) and its squared distance.
/// `ct` holds the centres as [`transpose`] lays them out; each distance is summed
/// in component order, whatever the vector width.
#[inline(always)]
fn nearest(x: &[f64], ct: &[f64]) -> (usize, f64) {
    let mut best = (0, f64::INFINITY);
    for (b, block) in ct.chunks_exact(x.len() * LANES).enumerate() {
        let mut dist = [0.0f64; LANES];
        for (&xj, column) in x.iter().zip(block.as_chunks::<LANES>().0) {
            for (v, &c) in dist.iter_mut().zip(column) {
                let t = xj - c;
                *v += t * t;
            }
        }
        // The block's minimum by halving (vector min), then its first lane: the
        // lowest-numbered nearest centre, as a scan with `<` finds it. Lanes past k
        // repeat centre k - 1, so they never come first.
        let mut m = dist;
        let mut w = LANES;
        while w > 1 {
            w /= 2;
            for l in 0..w {
                m[l] = if m[l + w] < m[l] { m[l + w] } else { m[l] };
            }
        }
        if m[0] < best.1 {
            let lane = dist.iter().position(|&v| v == m[0]).unwrap_or(0);
            best = (b * LANES + lane, m[0]);
        }
    }
    best
}

/// The centres transposed in blocks of [`LANES`]: component j of centre
/// b * LANES + l at (b * d + j) * LANES + l. Lanes past k repeat the last centre
/// and are never compared.
fn transpose(centers: &[f64], k: usize, d: usize) -> Vec<f64> {
    let blocks = k.div_ceil(LANES);
    let mut ct = vec![0.0; blocks * d * LANES];
    for b in 0..blocks {
        for j in 0..d {
            for l in 0..LANES {
                let c = (b * LANES + l).min(k - 1);
                ct[(b * d + j) * LANES + l] = centers[c * d + j];
            }
        }
    }
    ct
}

/// What an assignment pass writes: each point's label and squared distance to its
/// nearest centre, and each cluster's count and sum of points (summed in the
/// points' order, in the same pass: the points are read once per iteration).
struct Assignment {
    labels: Vec<u32>,
    d2: Vec<f64>,
    sums: Vec<f64>,
    counts: Vec<u64>,
}

impl Assignment {
    fn new(n: usize, k: usize, d: usize) -> Assignment {
        Assignment { labels: vec![u32::MAX; n], d2: vec![0.0; n], sums: vec![0.0; k * d], counts: vec![0; k] }
    }

    #[inline(always)]
    fn record(&mut self, i: usize, row: &[f64], c: usize, v: f64) {
        self.labels[i] = c as u32;
        self.d2[i] = v;
        self.counts[c] += 1;
        let d = row.len();
        self.sums[c * d..(c + 1) * d].iter_mut().zip(row).for_each(|(s, x)| *s += x);
    }
}

/// Assigns every point to its nearest centre (into `out`, its sums and counts
/// reset first). Where the CPU has wider vector units the loop is compiled for them
/// (the arithmetic is the same: one lane per centre, no fused multiply-add).
fn assign_all(
    points: &Points,
    centers: &[f64],
    k: usize,
    out: &mut Assignment,
    interrupt: Interrupt<'_>,
) -> Result<()> {
    let ct = transpose(centers, k, points.d);
    out.sums.iter_mut().for_each(|s| *s = 0.0);
    out.counts.iter_mut().for_each(|c| *c = 0);
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has AVX-512F, checked just above.
            return unsafe { assign_avx512(points, &ct, out, interrupt) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2, checked just above.
            return unsafe { assign_avx2(points, &ct, out, interrupt) };
        }
    }
    assign_rows(points, &ct, out, interrupt)
}

/// [`assign_rows`] with a block of 8 centres in one 512-bit register: the same
/// subtractions, products and sums per lane, in component order.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn assign_avx512(points: &Points, ct: &[f64], out: &mut Assignment, interrupt: Interrupt<'_>) -> Result<()> {
    use std::arch::x86_64::*;
    const _: () = assert!(LANES == 8);
    let d = points.d;
    for (i, row) in points.data.chunks_exact(d).enumerate() {
        if i % CHECK_EVERY == 0 {
            interrupt()?;
        }
        let mut best = (0, f64::INFINITY);
        for (b, block) in ct.chunks_exact(d * LANES).enumerate() {
            let mut acc = _mm512_setzero_pd();
            for (&xj, column) in row.iter().zip(block.as_chunks::<LANES>().0) {
                // SAFETY: `column` is an array of 8 f64 (an unaligned load of 64 bytes).
                let c = unsafe { _mm512_loadu_pd(column.as_ptr()) };
                let t = _mm512_sub_pd(_mm512_set1_pd(xj), c);
                acc = _mm512_add_pd(acc, _mm512_mul_pd(t, t));
            }
            let m = _mm512_reduce_min_pd(acc);
            if m < best.1 {
                let first = _mm512_cmp_pd_mask::<_CMP_EQ_OQ>(acc, _mm512_set1_pd(m)).trailing_zeros();
                best = (b * LANES + first as usize, m);
            }
        }
        out.record(i, row, best.0, best.1);
    }
    Ok(())
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn assign_avx2(points: &Points, ct: &[f64], out: &mut Assignment, interrupt: Interrupt<'_>) -> Result<()> {
    assign_rows(points, ct, out, interrupt)
}

#[inline(always)]
fn assign_rows(points: &Points, ct: &[f64], out: &mut Assignment, interrupt: Interrupt<'_>) -> Result<()> {
    for (i, row) in points.data.chunks_exact(points.d).enumerate() {
        if i % CHECK_EVERY == 0 {
            interrupt()?;
        }
        let (c, v) = nearest(row, ct);
        out.record(i, row, c, v);
    }
    Ok(())
}

/// Lloyd's algorithm from `centers` (k x d, in the points' space) with
/// scikit-learn's rules (see the module's documentation).
pub fn lloyd(
    points: &Points,
    mut centers: Vec<f64>,
    k: usize,
    max_iter: u32,
    tol: f64,
    interrupt: Interrupt<'_>,
) -> Result<Lloyd> {
    let (n, d) = (points.len(), points.d);
    let mut out = Assignment::new(n, k, d);
    let mut labels_old = vec![u32::MAX; n];
    let mut trace = Vec::new();
    let mut strict = false;
    let mut converged = false;
    let mut iterations = 0;
    for i in 0..max_iter {
        iterations = i + 1;
        assign_all(points, &centers, k, &mut out, interrupt)?;
        trace.push(out.d2.iter().sum());
        relocate_empty(points, &out.d2, &out.labels, &mut out.sums, &mut out.counts);
        let (sums, counts) = (&out.sums, &out.counts);
        let mut shift = 0.0;
        for c in 0..k {
            let count = counts[c] as f64;
            for j in 0..d {
                let new = if counts[c] > 0 { sums[c * d + j] / count } else { centers[c * d + j] };
                shift += (new - centers[c * d + j]) * (new - centers[c * d + j]);
                centers[c * d + j] = new;
            }
        }
        if out.labels == labels_old {
            strict = true;
            converged = true;
            break;
        }
        if shift <= tol {
            converged = true;
            break;
        }
        labels_old.copy_from_slice(&out.labels);
    }
    if !strict {
        assign_all(points, &centers, k, &mut out, interrupt)?;
    }
    let labels = out.labels;
    // The inertia against the final centres.
    let mut inertia = 0.0;
    for (i, (row, &l)) in points.data.chunks_exact(d).zip(&labels).enumerate() {
        if i % CHECK_EVERY == 0 {
            interrupt()?;
        }
        inertia += sq_dist(row, &centers[l as usize * d..(l as usize + 1) * d]);
    }
    Ok(Lloyd { centers, labels, inertia, iterations, converged, trace })
}

/// scikit-learn's `_relocate_empty_clusters_dense`: each empty cluster (in order)
/// takes the point farthest from its centre (farthest first), which leaves its old
/// cluster. `sums` are the clusters' sums of points, before division.
fn relocate_empty(points: &Points, d2: &[f64], labels: &[u32], sums: &mut [f64], counts: &mut [u64]) {
    let empty: Vec<usize> = counts.iter().enumerate().filter(|(_, &c)| c == 0).map(|(c, _)| c).collect();
    if empty.is_empty() {
        return;
    }
    let d = points.d;
    let mut far: Vec<usize> = (0..d2.len()).collect();
    // Farthest first; equal distances by position (the canonical order).
    far.sort_by(|&a, &b| d2[b].total_cmp(&d2[a]).then(a.cmp(&b)));
    for (&c, &p) in empty.iter().zip(&far) {
        let old = labels[p] as usize;
        let row = points.row(p);
        for j in 0..d {
            sums[old * d + j] -= row[j];
            sums[c * d + j] = row[j];
        }
        counts[c] = 1;
        counts[old] -= 1;
    }
}

/// Fits a model to `points` (not empty) with `params`.
pub fn fit(points: &Points, params: &Params, interrupt: Interrupt<'_>) -> Result<KmeansModel> {
    let k = params.k as usize;
    let d = points.d;
    let mut x = points.sorted(interrupt)?;
    let n = x.len();
    let distinct = x.distinct_sorted();
    if k > distinct {
        return Err(param(
            format!("k = {k} exceeds the number of distinct points ({distinct} of {n} points)"),
            "Choose k at most the number of distinct input vectors; k-means cannot place more centroids than distinct points.",
        ));
    }
    let scaling = params.standardize.then(|| Standardization::of(&x));
    if let Some(s) = &scaling {
        for (i, row) in x.data.chunks_exact_mut(d).enumerate() {
            if i % CHECK_EVERY == 0 {
                interrupt()?;
            }
            s.apply(row);
        }
    }
    let (centers, seed) = match &params.init {
        Init::Seeded(seed) => (kmeans_plus_plus(&x, k, *seed, interrupt)?, Some(*seed)),
        Init::Given(c) => {
            if c.len() != k * d {
                return Err(Error::new(
                    ErrorKind::ArrayMismatch,
                    format!("init has {} values, expected k x d = {k} x {d} = {}", c.len(), k * d),
                    "init holds k starting centroids of the vectors' dimension d, as a k x d array or flattened.",
                ));
            }
            let mut centers = c.clone();
            if let Some(s) = &scaling {
                centers.chunks_exact_mut(d).for_each(|row| s.apply(row));
            }
            (centers, None)
        }
    };
    let variance = column_moments(&x).1.iter().sum::<f64>() / d as f64;
    let result = lloyd(&x, centers, k, params.max_iter, TOL * variance, interrupt)?;
    let mut sizes = vec![0u64; k];
    result.labels.iter().for_each(|&l| sizes[l as usize] += 1);
    let centroids = result
        .centers
        .chunks_exact(d)
        .map(|c| match &scaling {
            Some(s) => s.unapply(c),
            None => c.to_vec(),
        })
        .map(|c| c.into_iter().map(|v| v + 0.0).collect())
        .collect();
    let model = KmeansModel {
        k: k as u32,
        d: d as u32,
        centroids,
        sizes,
        inertia: result.inertia + 0.0,
        n: n as u64,
        iterations: result.iterations,
        converged: result.converged,
        max_iter: params.max_iter,
        init: if seed.is_some() { "k-means++".into() } else { "given".into() },
        seed,
        standardize: scaling,
    };
    model.check().map_err(|e| {
        Error::new(
            ErrorKind::NumericOutOfRange,
            format!("the k-means fit has no finite result: {}", e.message),
            "The input has components too large for their squares to be summed (beyond about 1e150); rescale them or fit with standardize.",
        )
    })?;
    Ok(model)
}

/// Mean and population variance of every component (two passes over the rows, in
/// the points' order).
fn column_moments(points: &Points) -> (Vec<f64>, Vec<f64>) {
    let (n, d) = (points.len() as f64, points.d);
    let mut mean = vec![0.0; d];
    for row in points.data.chunks_exact(d) {
        mean.iter_mut().zip(row).for_each(|(m, x)| *m += x);
    }
    mean.iter_mut().for_each(|m| *m /= n);
    let mut var = vec![0.0; d];
    for row in points.data.chunks_exact(d) {
        var.iter_mut().zip(row.iter().zip(&mean)).for_each(|(v, (x, m))| *v += (x - m) * (x - m));
    }
    var.iter_mut().for_each(|v| *v /= n);
    (mean, var)
}

impl KmeansModel {
    /// Checks what a text or binary form holds: the shapes agree and every number is finite.
    fn check(&self) -> Result<()> {
        let bad = |what: &str| {
            Err(Error::invalid_text(
                format!("invalid kmeans_model: {what}"),
                "Build models with kmeans_fit, or write them as their JSON text form shows.",
            ))
        };
        let (k, d) = (self.k as usize, self.d as usize);
        if !(1..=MAX_K).contains(&self.k) || !(1..=MAX_D).contains(&d) {
            return bad("k and d must be between 1 and 10000");
        }
        if self.centroids.len() != k || self.centroids.iter().any(|c| c.len() != d || !c.iter().all(|x| x.is_finite()))
        {
            return bad("centroids must be k rows of d finite numbers");
        }
        if self.sizes.len() != k || self.sizes.iter().try_fold(0u64, |a, &s| a.checked_add(s)) != Some(self.n) {
            return bad("sizes must be k counts adding up to n");
        }
        if !(self.inertia.is_finite() && self.inertia >= 0.0) {
            return bad("inertia must be a finite number >= 0");
        }
        if self.max_iter < 1 || self.iterations > self.max_iter {
            return bad("iterations must be at most max_iter (>= 1)");
        }
        match (self.init.as_str(), self.seed) {
            ("k-means++", Some(_)) | ("given", None) => {}
            _ => return bad("init must be \"k-means++\" with a seed or \"given\" with a null seed"),
        }
        if let Some(s) = &self.standardize {
            if s.mean.len() != d
                || s.sd.len() != d
                || !s.mean.iter().all(|x| x.is_finite())
                || !s.sd.iter().all(|x| x.is_finite() && *x > 0.0)
            {
                return bad("standardize must hold d finite means and d finite sds > 0");
            }
        }
        Ok(())
    }

    /// The centroids in the fitted space (z-scores when standardized), k x d flat.
    pub fn fitted_centers(&self) -> Vec<f64> {
        let d = self.d as usize;
        let mut out = self.centroids.concat();
        if let Some(s) = &self.standardize {
            out.chunks_exact_mut(d).for_each(|row| s.apply(row));
        }
        out
    }

    /// `v` in the fitted space, checked.
    fn fitted(&self, v: &[f64]) -> Result<Vec<f64>> {
        check_vector(v, "v")?;
        if v.len() != self.d as usize {
            return Err(Error::new(
                ErrorKind::ArrayMismatch,
                format!("v has {} components, the model has d = {}", v.len(), self.d),
                "Pass vectors built the same way as the ones the model was fitted on.",
            ));
        }
        let mut z = v.to_vec();
        if let Some(s) = &self.standardize {
            s.apply(&mut z);
        }
        Ok(z)
    }

    /// The cluster of `v` (0-based; ties: the lowest number) and the Euclidean
    /// distance to its centroid in the fitted space.
    pub fn assign(&self, v: &[f64]) -> Result<(usize, f64)> {
        let z = self.fitted(v)?;
        let k = self.k as usize;
        let ct = transpose(&self.fitted_centers(), k, z.len());
        let (c, d2) = nearest(&z, &ct);
        Ok((c, d2.sqrt()))
    }
}

impl Versioned for KmeansModel {
    const TYPE_NAME: &'static str = "kmeans_model";
    const VERSION: u8 = 1;

    fn encode_body(&self, w: &mut Writer) {
        w.varint(u64::from(self.k));
        w.varint(u64::from(self.d));
        self.centroids.iter().flatten().for_each(|&x| w.f64(x));
        self.sizes.iter().for_each(|&s| w.varint(s));
        w.f64(self.inertia);
        w.varint(self.n);
        w.varint(u64::from(self.iterations));
        w.u8(u8::from(self.converged));
        w.varint(u64::from(self.max_iter));
        match self.seed {
            Some(s) => {
                w.u8(1);
                w.signed(s);
            }
            None => w.u8(0),
        }
        match &self.standardize {
            Some(s) => {
                w.u8(1);
                s.mean.iter().chain(&s.sd).for_each(|&x| w.f64(x));
            }
            None => w.u8(0),
        }
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let small = |v: u64| u32::try_from(v).map_err(|_| Error::corrupted("kmeans_model: a count is out of range"));
        let k = small(r.varint()?)?;
        let d = small(r.varint()?)?;
        if !(1..=MAX_K).contains(&k) || !(1..=MAX_D).contains(&(d as usize)) {
            return Err(Error::corrupted("kmeans_model: k or d out of range"));
        }
        let (ku, du) = (k as usize, d as usize);
        let mut centroids = Vec::with_capacity(ku);
        for _ in 0..ku {
            let mut c = Vec::with_capacity(du);
            for _ in 0..du {
                c.push(r.f64()? + 0.0);
            }
            centroids.push(c);
        }
        let mut sizes = Vec::with_capacity(ku);
        for _ in 0..ku {
            sizes.push(r.varint()?);
        }
        let inertia = r.f64()? + 0.0;
        let n = r.varint()?;
        let iterations = small(r.varint()?)?;
        let converged = r.u8()? != 0;
        let max_iter = small(r.varint()?)?;
        let seed = match r.u8()? {
            0 => None,
            _ => Some(r.signed()?),
        };
        let standardize = match r.u8()? {
            0 => None,
            _ => {
                let mut v = Vec::with_capacity(2 * du);
                for _ in 0..2 * du {
                    v.push(r.f64()? + 0.0);
                }
                let sd = v.split_off(du);
                Some(Standardization { mean: v, sd })
            }
        };
        let init = if seed.is_some() { "k-means++" } else { "given" }.to_string();
        let m = KmeansModel {
            k,
            d,
            centroids,
            sizes,
            inertia,
            n,
            iterations,
            converged,
            max_iter,
            init,
            seed,
            standardize,
        };
        m.check().map_err(|e| Error::corrupted(e.message))?;
        Ok(m)
    }
}

impl TextForm for KmeansModel {
    fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    fn from_text(text: &str) -> Result<Self> {
        let m: KmeansModel = crate::cltv::parse_json("kmeans_model", text)?;
        m.check()?;
        Ok(m)
    }
}

/// The text form's fields, with the clusters as named objects (number 1..k, size,
/// centroid) instead of the parallel arrays `centroids` and `sizes`.
impl JsonView for KmeansModel {
    fn json_view(&self) -> serde_json::Value {
        let mut view = serde_json::to_value(self).unwrap_or_default();
        if let Some(fields) = view.as_object_mut() {
            fields.remove("centroids");
            fields.remove("sizes");
            let clusters = self
                .centroids
                .iter()
                .zip(&self.sizes)
                .enumerate()
                .map(|(c, (centroid, size))| serde_json::json!({"cluster": c + 1, "size": size, "centroid": centroid}))
                .collect();
            fields.insert("clusters".into(), serde_json::Value::Array(clusters));
        }
        view
    }
}

// ---- silhouette ---------------------------------------------------------------

/// The state of `kmeans_silhouette`: the model (its stored form, the same on every
/// row) and the sampled points.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SilhouetteState {
    model: Vec<u8>,
    points: Points,
}

impl SilhouetteState {
    /// Adds a row: `model` is the stored form of the row's model.
    pub fn add(&mut self, model: &[u8], v: &[f64]) -> Result<()> {
        if self.model.is_empty() {
            self.model = model.to_vec();
        } else if self.model != model {
            return Err(different_model());
        }
        self.points.add(v)
    }

    pub fn merge(&mut self, other: &SilhouetteState) -> Result<()> {
        if self.model.is_empty() {
            self.model = other.model.clone();
        } else if !other.model.is_empty() && other.model != self.model {
            return Err(different_model());
        }
        self.points.merge(&other.points)
    }

    /// The mean silhouette; `None` without points or when fewer than 2 or as many
    /// clusters as points occur (where scikit-learn's silhouette_score refuses).
    pub fn silhouette(&self, interrupt: Interrupt<'_>) -> Result<Option<f64>> {
        if self.points.is_empty() {
            return Ok(None);
        }
        let model = KmeansModel::from_bytes(&self.model)?;
        silhouette(&model, &self.points, interrupt)
    }
}

fn different_model() -> Error {
    param(
        "kmeans_silhouette: the model must be the same for every row".into(),
        "Pass one model, e.g. from a CTE: SELECT kmeans_silhouette(m.model, t.v) FROM t, m.",
    )
}

impl Versioned for SilhouetteState {
    const TYPE_NAME: &'static str = "k-means silhouette state";
    const VERSION: u8 = 1;

    fn encode_body(&self, w: &mut Writer) {
        w.bytes(&self.model);
        self.points.encode(w);
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let model = r.bytes()?.to_vec();
        Ok(SilhouetteState { model, points: Points::decode(r)? })
    }
}

/// Mean silhouette coefficient (Rousseeuw 1987) of `points` labelled by `model`,
/// as scikit-learn's `silhouette_score` (Euclidean, in the fitted space): per
/// point s = (b - a) / max(a, b), a the mean distance to the other points of its
/// cluster, b the smallest mean distance to another cluster's points; s = 0 in a
/// cluster of one point. O(n^2 d).
pub fn silhouette(model: &KmeansModel, points: &Points, interrupt: Interrupt<'_>) -> Result<Option<f64>> {
    let x = points.sorted(interrupt)?;
    let (n, d, k) = (x.len(), x.d, model.k as usize);
    if d != model.d as usize {
        return Err(Error::new(
            ErrorKind::ArrayMismatch,
            format!("v has {d} components, the model has d = {}", model.d),
            "Pass vectors built the same way as the ones the model was fitted on.",
        ));
    }
    let mut z = x.data.clone();
    if let Some(s) = &model.standardize {
        z.chunks_exact_mut(d).for_each(|row| s.apply(row));
    }
    let z = Points { d, data: z };
    let mut out = Assignment::new(n, k, d);
    assign_all(&z, &model.fitted_centers(), k, &mut out, interrupt)?;
    let labels = out.labels;
    let mut counts = vec![0usize; k];
    labels.iter().for_each(|&l| counts[l as usize] += 1);
    let present = counts.iter().filter(|&&c| c > 0).count();
    if present < 2 || present >= n {
        return Ok(None);
    }
    let mut sums = vec![0.0; k];
    let mut total = 0.0;
    for i in 0..n {
        interrupt()?;
        sums.iter_mut().for_each(|s| *s = 0.0);
        let xi = z.row(i);
        for (j, row) in z.data.chunks_exact(d).enumerate() {
            sums[labels[j] as usize] += sq_dist(xi, row).sqrt();
        }
        let own = labels[i] as usize;
        if counts[own] < 2 {
            continue;
        }
        let a = sums[own] / (counts[own] - 1) as f64;
        let b = (0..k)
            .filter(|&c| c != own && counts[c] > 0)
            .map(|c| sums[c] / counts[c] as f64)
            .fold(f64::INFINITY, f64::min);
        let m = a.max(b);
        if m > 0.0 {
            total += (b - a) / m;
        }
    }
    Ok(Some(total / n as f64))
}

#[cfg(test)]
mod tests;
