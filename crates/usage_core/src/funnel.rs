//! Conversion funnels with ClickHouse `windowFunnel` semantics.
//!
//! A [`FunnelState`] collects, per row, its timestamp and the set of funnel steps
//! the row matched (a bit mask). [`FunnelState::level`] then replays ClickHouse's
//! algorithm (AggregateFunctionWindowFunnel): every match of a step becomes an
//! event `(ts, step)`; events are sorted by time, then by step; every step-1 event
//! starts a chain; step k counts when step k-1 was reached and it lies within
//! `window` of the chain's first event. The result is the highest step reached.
//!
//! Rows are kept unsorted and sorted once at the end, so the order in which rows
//! arrive (serial scan, parallel workers, merges) never changes the answer.
//! Timestamps are plain integers (the SQL layer passes microseconds), compared
//! exactly, with `ts <= first + window` as the window test.

use crate::codec::{Reader, Versioned, Writer};
use crate::{Error, ErrorKind, Result};

/// ClickHouse's limit on funnel steps (one bit per step in a `u32` mask).
pub const MAX_STEPS: usize = 32;

/// Funnel modes, named as in ClickHouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Modes {
    /// Rows matching no step break the chain (`A->B->D->C` stops at B).
    pub strict_order: bool,
    /// A repeated step that was already reached stops the search.
    pub strict_deduplication: bool,
    /// A step counts only when its time is strictly after the previous step's time.
    pub strict_increase: bool,
    /// A row counts for at most one step of a chain, even when it matches several.
    pub strict_once: bool,
    /// With strict_order: a step reached too early is skipped instead of ending the search.
    pub allow_reentry: bool,
}

const MODE_HINT: &str =
    "Valid modes are strict_order, strict_deduplication, strict_increase, strict_once and allow_reentry (allow_reentry needs strict_order), e.g. '{strict_order}'.";

impl Modes {
    /// Parses a list of mode names (case-insensitive, blanks ignored; repeats allowed).
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Modes> {
        let mut m = Modes::default();
        for name in names {
            let raw = name.as_ref();
            match raw.trim().to_ascii_lowercase().as_str() {
                "strict_order" => m.strict_order = true,
                "strict_deduplication" => m.strict_deduplication = true,
                "strict_increase" => m.strict_increase = true,
                "strict_once" => m.strict_once = true,
                "allow_reentry" => m.allow_reentry = true,
                "strict" => {
                    return Err(Error::invalid_parameter(
                        "window_funnel mode \"strict\" was renamed to \"strict_deduplication\"",
                        MODE_HINT,
                    ))
                }
                _ => return Err(Error::invalid_parameter(format!("unknown window_funnel mode \"{raw}\""), MODE_HINT)),
            }
        }
        m.validate()?;
        Ok(m)
    }

    fn validate(&self) -> Result<()> {
        if self.allow_reentry && !self.strict_order {
            return Err(Error::invalid_parameter(
                "window_funnel mode allow_reentry requires strict_order",
                "Pass both: '{strict_order,allow_reentry}'.",
            ));
        }
        Ok(())
    }

    fn bits(&self) -> u8 {
        u8::from(self.strict_order)
            | u8::from(self.strict_deduplication) << 1
            | u8::from(self.strict_increase) << 2
            | u8::from(self.strict_once) << 3
            | u8::from(self.allow_reentry) << 4
    }

    fn from_bits(b: u8) -> Result<Modes> {
        if b >= 32 {
            return Err(Error::corrupted("unknown window_funnel mode bits"));
        }
        let m = Modes {
            strict_order: b & 1 != 0,
            strict_deduplication: b & 2 != 0,
            strict_increase: b & 4 != 0,
            strict_once: b & 8 != 0,
            allow_reentry: b & 16 != 0,
        };
        m.validate().map_err(|e| Error::corrupted(e.message))?;
        Ok(m)
    }

    /// The canonical list of mode names, for messages and docs.
    pub fn names(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.strict_order {
            v.push("strict_order");
        }
        if self.strict_deduplication {
            v.push("strict_deduplication");
        }
        if self.strict_increase {
            v.push("strict_increase");
        }
        if self.strict_once {
            v.push("strict_once");
        }
        if self.allow_reentry {
            v.push("allow_reentry");
        }
        v
    }
}

/// A window at least as long as any two times can be apart: every step is within
/// it. Longer windows are stored as this value ([`window_units`]).
pub const UNLIMITED: i64 = i64::MAX;

/// Checks a window length (in the same unit as the timestamps).
pub fn check_window(window: i64) -> Result<i64> {
    if window < 0 {
        return Err(Error::invalid_parameter(
            "window_funnel window must not be negative",
            "Pass the longest time allowed from the first to the last step, e.g. INTERVAL '1 hour'.",
        ));
    }
    Ok(window)
}

/// A window of `micros` microseconds (exact, as wide as any interval) in time
/// units of `unit` microseconds, rounded down: with whole-unit times `t`,
/// `t <= first + window` holds in microseconds exactly when it holds in units for
/// the rounded-down window. Negative windows are errors, whatever their size;
/// windows beyond [`UNLIMITED`] are unlimited.
pub fn window_units(micros: i128, unit: i64) -> Result<i64> {
    if micros < 0 {
        check_window(-1)?;
    }
    Ok(i64::try_from(micros / i128::from(unit.max(1))).unwrap_or(UNLIMITED))
}

/// The parameters every row of one funnel must share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunnelParams {
    pub window: i64,
    pub steps: u8,
    pub modes: Modes,
}

impl FunnelParams {
    pub fn new(window: i64, steps: usize, modes: Modes) -> Result<Self> {
        check_window(window)?;
        if steps == 0 || steps > MAX_STEPS {
            return Err(Error::new(
                ErrorKind::ArrayMismatch,
                format!("window_funnel needs 1 to {MAX_STEPS} steps, got {steps}"),
                "Pass one boolean per funnel step, e.g. ARRAY[event = 'view', event = 'cart', event = 'buy'].",
            ));
        }
        Ok(FunnelParams { window, steps: steps as u8, modes })
    }
}

/// Rows of one group: (timestamp, mask of matched steps; bit 0 = step 1).
#[derive(Debug, Clone, Default)]
pub struct FunnelState {
    params: Option<FunnelParams>,
    rows: Vec<(i64, u32)>,
    sorted: bool,
}

impl PartialEq for FunnelState {
    fn eq(&self, other: &Self) -> bool {
        let (mut a, mut b) = (self.rows.clone(), other.rows.clone());
        a.sort_unstable();
        b.sort_unstable();
        self.params == other.params && a == b
    }
}

fn params_mismatch() -> Error {
    Error::invalid_parameter(
        "window_funnel window, number of steps and modes must be the same for every row of a group",
        "Pass constants for window and modes, and an array with the same number of steps in every row.",
    )
}

impl FunnelState {
    pub fn new() -> Self {
        FunnelState { params: None, rows: Vec::new(), sorted: true }
    }

    pub fn params(&self) -> Option<FunnelParams> {
        self.params
    }

    /// Number of stored rows (rows matching no step are stored only under strict_order).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Sets the parameters on the first row; every later row must pass the same ones
    /// (so an answer never depends on which row came first).
    pub fn set_params(&mut self, params: FunnelParams) -> Result<()> {
        match self.params {
            None => {
                self.params = Some(params);
                Ok(())
            }
            Some(p) if p == params => Ok(()),
            Some(_) => Err(params_mismatch()),
        }
    }

    /// Records one row: its timestamp and which steps it matched.
    /// Call [`FunnelState::set_params`] first.
    #[inline]
    pub fn add(&mut self, ts: i64, mask: u32) -> Result<()> {
        let p =
            self.params.ok_or_else(|| Error::invalid_parameter("window_funnel parameters are not set", "internal"))?;
        if p.steps < 32 && mask >> p.steps != 0 {
            return Err(params_mismatch());
        }
        if mask == 0 && !p.modes.strict_order {
            return Ok(()); // unmatched rows only matter when they can break a strict chain
        }
        if self.sorted {
            if let Some(&last) = self.rows.last() {
                self.sorted = last <= (ts, mask);
            }
        }
        self.rows.push((ts, mask));
        Ok(())
    }

    /// Adds the rows of another state (combine of parallel workers).
    pub fn merge(&mut self, other: &FunnelState) -> Result<()> {
        match (self.params, other.params) {
            (_, None) => return Ok(()),
            (None, Some(_)) => {
                *self = other.clone();
                return Ok(());
            }
            (Some(a), Some(b)) if a != b => return Err(params_mismatch()),
            _ => {}
        }
        if other.rows.is_empty() {
            return Ok(());
        }
        let boundary_ok = match (self.rows.last(), other.rows.first()) {
            (Some(a), Some(b)) => a <= b,
            _ => true,
        };
        self.sorted = self.sorted && other.sorted && boundary_ok;
        self.rows.extend_from_slice(&other.rows);
        Ok(())
    }

    fn sort(&mut self) {
        if !self.sorted {
            self.rows.sort_unstable();
            self.sorted = true;
        }
    }

    /// The highest step reached (0 when no chain started). `check` is called
    /// every few thousand events so the caller can honour query cancellation.
    pub fn level(&mut self, check: &mut dyn FnMut()) -> u32 {
        let Some(p) = self.params else { return 0 };
        if self.rows.is_empty() {
            return 0;
        }
        if !p.modes.strict_order && p.steps == 1 {
            return 1; // every stored row matched the only step
        }
        self.sort();
        if p.modes.strict_once {
            level_strict_once(&self.rows, p, check)
        } else {
            level_default(&self.rows, p, check)
        }
    }
}

/// Events of the sorted rows in ClickHouse's order: time, then step (0 = no step,
/// only under strict_order), then row index. Rows are sorted by (time, mask), so
/// the row index is canonical whatever order the rows arrived in.
fn events(rows: &[(i64, u32)]) -> impl Iterator<Item = (i64, u32, u32)> + '_ {
    // Rows with the same time are grouped so their events interleave by step.
    let mut i = 0usize;
    let mut pending: Vec<(i64, u32, u32)> = Vec::new();
    let mut out_pos = 0usize;
    std::iter::from_fn(move || loop {
        if out_pos < pending.len() {
            out_pos += 1;
            return Some(pending[out_pos - 1]);
        }
        if i >= rows.len() {
            return None;
        }
        pending.clear();
        out_pos = 0;
        let t = rows[i].0;
        while i < rows.len() && rows[i].0 == t {
            let mask = rows[i].1;
            if mask == 0 {
                pending.push((t, 0, i as u32));
            }
            let mut m = mask;
            while m != 0 {
                let bit = m.trailing_zeros();
                pending.push((t, bit + 1, i as u32));
                m &= m - 1;
            }
            i += 1;
        }
        if pending.len() > 1 {
            pending.sort_unstable();
        }
    })
}

/// `ts <= first + window`, without overflow; [`UNLIMITED`] holds for any times
/// (timestamps span a little more than i64::MAX microseconds).
#[inline]
fn within(ts: i64, first: i64, window: i64) -> bool {
    window == UNLIMITED || i128::from(ts) <= i128::from(first) + i128::from(window)
}

/// ClickHouse getEventLevelNonStrictOnce: one (first, last) time per level.
fn level_default(rows: &[(i64, u32)], p: FunnelParams, check: &mut dyn FnMut()) -> u32 {
    let n = usize::from(p.steps);
    let m = p.modes;
    let mut reached: [Option<(i64, i64)>; MAX_STEPS] = [None; MAX_STEPS];
    let highest = |reached: &[Option<(i64, i64)>; MAX_STEPS]| -> u32 {
        (0..n).rev().find(|&k| reached[k].is_some()).map_or(0, |k| k as u32 + 1)
    };
    let mut first_event = false;
    for (count, (ts, step, _)) in events(rows).enumerate() {
        if count & 0xfff == 0xfff {
            check();
        }
        if step == 0 {
            // Only stored under strict_order: an unrelated row ends the search once a chain started.
            if first_event {
                break;
            }
            continue;
        }
        let k = (step - 1) as usize;
        if k == 0 {
            reached[0] = Some((ts, ts));
            first_event = true;
        } else if m.strict_deduplication && reached[k].is_some() {
            return highest(&reached);
        } else if m.strict_order && first_event && reached[k - 1].is_none() {
            if m.allow_reentry {
                continue;
            }
            return (0..n).find(|&j| reached[j].is_none()).map_or(n as u32, |j| j as u32);
        } else if let Some((first, last)) = reached[k - 1] {
            let mut ok = within(ts, first, p.window);
            if m.strict_increase {
                ok = ok && last < ts;
            }
            if ok {
                reached[k] = Some((first, ts));
                if k + 1 == n {
                    return n as u32;
                }
            }
        }
    }
    highest(&reached)
}

/// A partial chain under strict_once: first and last time, and the rows of the
/// chain that share its last time (only those can still be met again, since all
/// events of a row share the row's time and events arrive in time order).
#[derive(Debug, Clone)]
struct Chain {
    first: i64,
    last: i64,
    rows_at_last: Vec<u32>,
}

impl Chain {
    fn rows_at(&self, now: i64) -> &[u32] {
        if self.last == now {
            &self.rows_at_last
        } else {
            &[]
        }
    }

    /// `self` can extend wherever `other` can, into a chain at least as good.
    fn dominates(&self, other: &Chain, now: i64, strict_increase: bool) -> bool {
        self.first >= other.first
            && (!strict_increase || self.last <= other.last)
            && self.rows_at(now).iter().all(|r| other.rows_at(now).contains(r))
    }
}

/// ClickHouse getEventLevelStrictOnce: all partial chains per level, with a row
/// used at most once per chain. Chains that another chain of the same level
/// dominates are dropped (ClickHouse keeps them); this changes no answer, since
/// whatever a dominated chain could still reach, its dominator reaches too, and
/// a level never becomes empty by it.
fn level_strict_once(rows: &[(i64, u32)], p: FunnelParams, check: &mut dyn FnMut()) -> u32 {
    let n = usize::from(p.steps);
    let m = p.modes;
    let mut chains: Vec<Vec<Chain>> = vec![Vec::new(); n];
    let highest =
        |chains: &Vec<Vec<Chain>>| -> u32 { (0..n).rev().find(|&k| !chains[k].is_empty()).map_or(0, |k| k as u32 + 1) };
    let insert = |level: &mut Vec<Chain>, c: Chain, now: i64| {
        if level.iter().any(|e| e.dominates(&c, now, m.strict_increase)) {
            return;
        }
        level.retain(|e| !c.dominates(e, now, m.strict_increase));
        level.push(c);
    };
    let mut has_first = false;
    for (count, (ts, step, row)) in events(rows).enumerate() {
        if count & 0xfff == 0xfff {
            check();
        }
        if step == 0 {
            if has_first {
                break;
            }
            continue;
        }
        let k = (step - 1) as usize;
        if k == 0 {
            insert(&mut chains[0], Chain { first: ts, last: ts, rows_at_last: vec![row] }, ts);
            has_first = true;
        } else if m.strict_deduplication && !chains[k].is_empty() {
            return highest(&chains);
        } else if m.strict_order && has_first && chains[k - 1].is_empty() {
            if m.allow_reentry {
                continue;
            }
            return (0..n).find(|&j| chains[j].is_empty()).map_or(n as u32, |j| j as u32);
        } else if !chains[k - 1].is_empty() {
            // Chains whose window has passed can never grow again; keep one so the
            // level stays non-empty (as ClickHouse does).
            let window = p.window;
            if chains[k - 1].len() > 1 {
                let keep_one = chains[k - 1].iter().all(|c| !within(ts, c.first, window));
                if keep_one {
                    chains[k - 1].truncate(1);
                } else {
                    chains[k - 1].retain(|c| within(ts, c.first, window));
                }
            }
            let mut grown: Vec<Chain> = Vec::new();
            for c in &chains[k - 1] {
                let mut ok = within(ts, c.first, window) && !c.rows_at(ts).contains(&row);
                if m.strict_increase {
                    ok = ok && c.last < ts;
                }
                if ok {
                    let mut rows_at_last = c.rows_at(ts).to_vec();
                    rows_at_last.push(row);
                    grown.push(Chain { first: c.first, last: ts, rows_at_last });
                }
            }
            if !grown.is_empty() {
                for c in grown {
                    insert(&mut chains[k], c, ts);
                }
                if k + 1 == n {
                    return n as u32;
                }
            }
        }
    }
    highest(&chains)
}

impl Versioned for FunnelState {
    const TYPE_NAME: &'static str = "window_funnel state";
    const VERSION: u8 = 1;

    fn encode_body(&self, w: &mut Writer) {
        let Some(p) = self.params else {
            w.u8(0);
            return;
        };
        w.u8(p.steps);
        w.u8(p.modes.bits());
        w.signed(p.window);
        let mut rows = self.rows.clone();
        if !self.sorted {
            rows.sort_unstable();
        }
        w.varint(rows.len() as u64);
        let mut previous = 0i64;
        for (i, &(ts, mask)) in rows.iter().enumerate() {
            if i == 0 {
                w.signed(ts);
            } else {
                w.varint(ts.wrapping_sub(previous) as u64);
            }
            w.varint(u64::from(mask));
            previous = ts;
        }
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let steps = r.u8()?;
        if steps == 0 {
            return Ok(FunnelState::new());
        }
        if usize::from(steps) > MAX_STEPS {
            return Err(Error::corrupted("too many window_funnel steps"));
        }
        let modes = Modes::from_bits(r.u8()?)?;
        let window = r.signed()?;
        if window < 0 {
            return Err(Error::corrupted("negative window_funnel window"));
        }
        let n = r.len()?;
        let mut rows = Vec::with_capacity(n);
        let mut previous = 0i64;
        for i in 0..n {
            let ts = if i == 0 {
                r.signed()?
            } else {
                let delta = r.varint()?;
                previous.checked_add_unsigned(delta).ok_or_else(|| Error::corrupted("timestamp out of range"))?
            };
            let mask = u32::try_from(r.varint()?).map_err(|_| Error::corrupted("bad step mask"))?;
            if (steps < 32 && mask >> steps != 0) || (mask == 0 && !modes.strict_order) {
                return Err(Error::corrupted("bad step mask"));
            }
            rows.push((ts, mask));
            previous = ts;
        }
        let sorted = rows.windows(2).all(|w| w[0] <= w[1]);
        if !sorted {
            return Err(Error::corrupted("window_funnel rows out of order"));
        }
        Ok(FunnelState { params: Some(FunnelParams { window, steps, modes }), rows, sorted })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn modes(names: &[&str]) -> Modes {
        Modes::parse(names).unwrap()
    }

    /// Runs a funnel over rows given as (time, steps matched, 1-based).
    fn funnel(window: i64, steps: usize, mode_names: &[&str], rows: &[(i64, &[u32])]) -> u32 {
        let mut s = FunnelState::new();
        s.set_params(FunnelParams::new(window, steps, modes(mode_names)).unwrap()).unwrap();
        for &(t, matched) in rows {
            let mask = matched.iter().fold(0u32, |m, &k| m | 1 << (k - 1));
            s.add(t, mask).unwrap();
        }
        s.level(&mut || {})
    }

    /// Letters A, B, C ... are steps 1, 2, 3 ...; other letters match no step.
    fn letters(window: i64, steps: usize, mode_names: &[&str], seq: &str) -> u32 {
        let rows: Vec<(i64, Vec<u32>)> = seq
            .chars()
            .enumerate()
            .map(|(i, c)| {
                let k = c as u32 - 'A' as u32 + 1;
                (i as i64, if (k as usize) <= steps { vec![k] } else { vec![] })
            })
            .collect();
        let refs: Vec<(i64, &[u32])> = rows.iter().map(|(t, v)| (*t, v.as_slice())).collect();
        funnel(window, steps, mode_names, &refs)
    }

    #[test]
    fn clickhouse_documentation_examples() {
        // The "trend" example: login 01-29 10:00 (1003), order 01-30 08:00 (1009),
        // search 01-31 09:00 (1007), order 02-01 08:00 (1010), steps 1003,1009,1007,1010: level 4.
        let h = 3600;
        assert_eq!(
            funnel(
                6_048_000_000_000_000,
                4,
                &[],
                &[(24 * h + 10 * h, &[1]), (72 * h + 9 * h, &[3]), (48 * h + 8 * h, &[2]), (96 * h + 8 * h, &[4])]
            ),
            4
        );
        // strict_order: A->B->D->C stops at D with level 2.
        assert_eq!(letters(100, 3, &["strict_order"], "ABDC"), 2);
        assert_eq!(letters(100, 3, &[], "ABDC"), 3);
        // allow_reentry: A->A->B->C reaches 3.
        assert_eq!(letters(100, 3, &["strict_order", "allow_reentry"], "AABC"), 3);
        // strict_deduplication (Doris/StarRocks docs): A-B-C-B-D over A,B,C,D gives 3.
        assert_eq!(letters(100, 4, &["strict_deduplication"], "ABCBD"), 3);
    }

    #[test]
    fn window_and_chains() {
        // Time 0..8 carry steps 1000..1008 in ClickHouse's stateless test 00632.
        let rows: Vec<(i64, Vec<u32>)> = (0..9).map(|t| (t, vec![])).collect();
        let _ = rows;
        // windowFunnel(2)(t, e=1003 .. e=1007) = 3, windowFunnel(3) = 4 (t = 3..7).
        let chain = |w| funnel(w, 5, &[], &[(3, &[1]), (4, &[2]), (5, &[3]), (6, &[4]), (7, &[5])]);
        assert_eq!(chain(2), 3);
        assert_eq!(chain(3), 4);
        assert_eq!(chain(4), 5);
        // A later start gives a later window: A(0) A(10) B(12) with window 5 reaches 2.
        assert_eq!(funnel(5, 2, &[], &[(0, &[1]), (10, &[1]), (12, &[2])]), 2);
        // Steps before any step 1 are ignored.
        assert_eq!(letters(100, 3, &[], "CBA"), 1);
        assert_eq!(letters(100, 3, &[], "XYZ"), 0);
        assert_eq!(funnel(100, 3, &[], &[]), 0);
    }

    #[test]
    fn same_time_rows_and_modes() {
        // A row matching steps 1 and 2 reaches 2 by default, 1 with strict_once.
        assert_eq!(funnel(10, 2, &[], &[(0, &[1, 2])]), 2);
        assert_eq!(funnel(10, 2, &["strict_once"], &[(0, &[1, 2])]), 1);
        // Equal times: by default a step at the same time counts, strict_increase needs later.
        assert_eq!(funnel(10, 2, &[], &[(5, &[2]), (5, &[1])]), 2);
        assert_eq!(funnel(10, 2, &["strict_increase"], &[(5, &[2]), (5, &[1])]), 1);
        assert_eq!(funnel(10, 2, &["strict_increase"], &[(5, &[1]), (6, &[2])]), 2);
        // strict_once with two rows at the same time: each used once -> 2.
        assert_eq!(funnel(10, 2, &["strict_once"], &[(0, &[1, 2]), (0, &[1, 2])]), 2);
        // strict_order: an unmatched row at the same time as step 1 sorts before it.
        assert_eq!(funnel(10, 2, &["strict_order"], &[(0, &[]), (0, &[1]), (1, &[2])]), 2);
        // The checkout example of ClickHouse's allow_reentry docs: begin_checkout
        // matches steps 1 and 3 (events 1,3 | 2 | 1,3 | 4).
        let checkout: &[(i64, &[u32])] = &[(0, &[1, 3]), (1, &[2]), (2, &[1, 3]), (3, &[4])];
        assert_eq!(funnel(3600, 4, &["strict_order", "allow_reentry"], checkout), 4);
        assert_eq!(funnel(3600, 4, &["strict_order"], checkout), 1);
        assert_eq!(funnel(3600, 4, &[], checkout), 4);
        // strict_deduplication returns the level reached when a reached step repeats.
        assert_eq!(letters(100, 3, &["strict_deduplication"], "ABBC"), 2);
        assert_eq!(letters(100, 3, &["strict_deduplication"], "AABC"), 3);
    }

    #[test]
    fn windows_convert_without_overflow() {
        const DAY: i64 = 86_400_000_000;
        // Negative windows are errors at any size (-106,752 days once wrapped to unlimited).
        for micros in [-1i128, -(106_752 * i128::from(DAY)), -(i128::from(i32::MAX) * i128::from(DAY))] {
            assert_eq!(window_units(micros, 1).unwrap_err().kind, ErrorKind::InvalidParameter);
            assert_eq!(window_units(micros, DAY).unwrap_err().kind, ErrorKind::InvalidParameter);
        }
        // In days: rounded down, so that whole days compare as their microseconds do.
        assert_eq!(window_units(i128::from(DAY) - 1, DAY).unwrap(), 0);
        assert_eq!(window_units(2 * i128::from(DAY) + 5, DAY).unwrap(), 2);
        let longest = i128::from(i32::MAX) * i128::from(DAY) + i128::from(DAY) - 1;
        assert_eq!(window_units(longest, DAY).unwrap(), i64::from(i32::MAX));
        assert_eq!(window_units(longest, 1).unwrap(), UNLIMITED);
        // Unlimited reaches across the whole timestamp range (more than i64::MAX
        // microseconds: 4714-11-24 BC to 294276-12-31 AD).
        let (first, last) = (-211_813_488_000_000_000i64, 9_223_371_331_199_999_999i64);
        assert_eq!(funnel(UNLIMITED, 2, &[], &[(first, &[1]), (last, &[2])]), 2);
        assert_eq!(funnel(UNLIMITED - 1, 2, &[], &[(first, &[1]), (last, &[2])]), 1);
        // Day times near the end of the date range (5874897 AD) do not overflow.
        let max_day = 2_145_031_948i64;
        assert_eq!(funnel(1, 2, &[], &[(max_day - 1, &[1]), (max_day, &[2])]), 2);
        assert_eq!(funnel(0, 2, &[], &[(max_day - 1, &[1]), (max_day, &[2])]), 1);
    }

    #[test]
    fn bad_modes_and_params() {
        assert_eq!(Modes::parse(&["fast"]).unwrap_err().kind, ErrorKind::InvalidParameter);
        assert!(Modes::parse(&["strict"]).unwrap_err().message.contains("strict_deduplication"));
        assert!(Modes::parse(&["allow_reentry"]).is_err());
        assert!(Modes::parse(&[" Strict_Order ", "allow_reentry"]).is_ok());
        assert_eq!(FunnelParams::new(1, 0, Modes::default()).unwrap_err().kind, ErrorKind::ArrayMismatch);
        assert!(FunnelParams::new(1, 33, Modes::default()).is_err());
        assert!(FunnelParams::new(-1, 3, Modes::default()).is_err());
        let mut s = FunnelState::new();
        s.set_params(FunnelParams::new(1, 3, Modes::default()).unwrap()).unwrap();
        assert!(s.set_params(FunnelParams::new(1, 4, Modes::default()).unwrap()).is_err());
        assert!(s.add(0, 0b1000).is_err());
        assert!(FunnelState::from_bytes(&[1, 3, 99]).is_err());
        assert!(FunnelState::from_bytes(&[]).is_err());
    }

    fn mode_set() -> impl Strategy<Value = Vec<&'static str>> {
        prop_oneof![
            Just(vec![]),
            Just(vec!["strict_order"]),
            Just(vec!["strict_deduplication"]),
            Just(vec!["strict_increase"]),
            Just(vec!["strict_once"]),
            Just(vec!["strict_order", "allow_reentry"]),
            Just(vec!["strict_once", "strict_increase"]),
            Just(vec!["strict_once", "strict_order", "allow_reentry"]),
            Just(vec!["strict_order", "strict_deduplication", "strict_increase"]),
        ]
    }

    /// A direct, unpruned port of ClickHouse's strict_once search (every chain kept,
    /// full paths), to check the pruned version against.
    fn reference_strict_once(rows: &[(i64, u32)], p: FunnelParams) -> u32 {
        let mut rows = rows.to_vec();
        rows.sort_unstable();
        let evs: Vec<_> = events(&rows).collect();
        let n = usize::from(p.steps);
        let m = p.modes;
        let mut seqs: Vec<Vec<(i64, i64, Vec<u32>)>> = vec![Vec::new(); n];
        let hi =
            |s: &Vec<Vec<(i64, i64, Vec<u32>)>>| (0..n).rev().find(|&k| !s[k].is_empty()).map_or(0, |k| k as u32 + 1);
        let mut has_first = false;
        for (ts, step, row) in evs {
            if step == 0 {
                if has_first {
                    break;
                }
                continue;
            }
            let k = (step - 1) as usize;
            if k == 0 {
                seqs[0].push((ts, ts, vec![row]));
                has_first = true;
            } else if m.strict_deduplication && !seqs[k].is_empty() {
                return hi(&seqs);
            } else if m.strict_order && has_first && seqs[k - 1].is_empty() {
                if m.allow_reentry {
                    continue;
                }
                return (0..n).find(|&j| seqs[j].is_empty()).map_or(n as u32, |j| j as u32);
            } else {
                let prev = seqs[k - 1].clone();
                for (first, last, path) in prev {
                    let mut ok = within(ts, first, p.window) && !path.contains(&row);
                    if m.strict_increase {
                        ok = ok && last < ts;
                    }
                    if ok {
                        let mut path = path.clone();
                        path.push(row);
                        seqs[k].push((first, ts, path));
                        if k + 1 == n {
                            return n as u32;
                        }
                    }
                }
            }
        }
        hi(&seqs)
    }

    fn row() -> impl Strategy<Value = (i64, u32)> {
        (0i64..12, prop_oneof![0u32..8, Just(1u32), Just(2), Just(4)])
    }

    fn state_of(p: FunnelParams, rows: &[(i64, u32)]) -> FunnelState {
        let mut s = FunnelState::new();
        s.set_params(p).unwrap();
        for &(t, m) in rows {
            s.add(t, m).unwrap();
        }
        s
    }

    proptest! {
        #[test]
        fn input_order_and_merges_do_not_matter(rows in prop::collection::vec(row(), 0..14),
                                                names in mode_set(), window in 0i64..6,
                                                split in 0usize..14, rot in 0usize..14) {
            let p = FunnelParams::new(window, 3, Modes::parse(&names).unwrap()).unwrap();
            let expected = state_of(p, &rows).level(&mut || {});
            let mut shuffled = rows.clone();
            if !shuffled.is_empty() { let r = rot % shuffled.len(); shuffled.rotate_left(r); }
            shuffled.reverse();
            let cut = split.min(shuffled.len());
            let (a, b) = shuffled.split_at(cut);
            let mut merged = state_of(p, b);
            merged.merge(&state_of(p, a)).unwrap();
            let mut empty = FunnelState::new();
            empty.merge(&merged).unwrap();
            prop_assert_eq!(empty.level(&mut || {}), expected);
            // Round trip through the binary form.
            let bytes = merged.to_bytes();
            let mut back = FunnelState::from_bytes(&bytes).unwrap();
            prop_assert!(back == merged);
            prop_assert_eq!(back.level(&mut || {}), expected);
        }

        #[test]
        fn merge_is_associative_and_commutative(a in prop::collection::vec(row(), 0..8),
                                                b in prop::collection::vec(row(), 0..8),
                                                c in prop::collection::vec(row(), 0..8)) {
            let p = FunnelParams::new(3, 3, Modes::parse(&["strict_order"]).unwrap()).unwrap();
            let (sa, sb, sc) = (state_of(p, &a), state_of(p, &b), state_of(p, &c));
            let mut left = sa.clone(); left.merge(&sb).unwrap(); left.merge(&sc).unwrap();
            let mut bc = sb.clone(); bc.merge(&sc).unwrap();
            let mut right = sa.clone(); right.merge(&bc).unwrap();
            prop_assert!(left == right);
            let mut ba = sb.clone(); ba.merge(&sa).unwrap();
            let mut ab = sa.clone(); ab.merge(&sb).unwrap();
            prop_assert!(ab == ba);
        }

        #[test]
        fn pruned_strict_once_equals_full_search(rows in prop::collection::vec(row(), 0..10),
                                                 extra in prop_oneof![Just(vec![]), Just(vec!["strict_increase"]), Just(vec!["strict_order"]),
                                                                      Just(vec!["strict_deduplication"]), Just(vec!["strict_order", "allow_reentry"])],
                                                 window in 0i64..6) {
            let mut names = vec!["strict_once"];
            names.extend(extra);
            let p = FunnelParams::new(window, 3, Modes::parse(&names).unwrap()).unwrap();
            let stored: Vec<(i64, u32)> = rows.iter().copied().filter(|r| r.1 != 0 || p.modes.strict_order).collect();
            prop_assert_eq!(state_of(p, &rows).level(&mut || {}), reference_strict_once(&stored, p));
        }

        #[test]
        fn corrupt_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..40)) {
            if let Ok(mut s) = FunnelState::from_bytes(&bytes) { let _ = s.level(&mut || {}); }
        }
    }
}
