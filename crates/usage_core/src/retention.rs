//! Retention with ClickHouse `retention(cond1, ..., condN)` semantics, and the
//! period arithmetic cohort tables need.
//!
//! Over a group of rows, result[1] is true when cond1 held in some row, and
//! result[k] (k > 1) is true when cond1 held in some row and condk held in some
//! row (not necessarily the same one). A NULL condition counts as false.
//!
//! The state is one `i64`, so the SQL aggregate needs no serialization: bits 0..31
//! are "condition k held somewhere", bits 32..39 the number of conditions (0 for
//! an empty state). Combining is a bitwise OR of equal-arity states.

use crate::day::{Day, Period};
use crate::{Error, ErrorKind, Result};

/// ClickHouse's limit on the number of conditions.
pub const MAX_CONDITIONS: usize = 32;

const MASK: i64 = 0xFFFF_FFFF;

fn arity(state: i64) -> Result<usize> {
    let n = (state >> 32) as usize;
    let seen = state & MASK;
    let valid = state >= 0 && n <= MAX_CONDITIONS && seen >> n == 0 && (n > 0 || seen == 0);
    if !valid {
        // Only a direct call of the state functions can pass one: an argument error.
        return Err(Error::invalid_parameter(
            format!("invalid retention state {state}"),
            "retention_trans, retention_combine and retention_final are the state functions of the retention aggregate; call retention(c1, c2, ...).",
        ));
    }
    Ok(n)
}

fn arity_mismatch(a: usize, b: usize) -> Error {
    Error::new(
        ErrorKind::ArrayMismatch,
        format!("retention got {b} conditions after {a} in the same group"),
        "Pass the same number of conditions in every row, e.g. retention(c1, c2, c3).",
    )
}

/// Adds one row's conditions (NULL = false) to the state.
pub fn add(state: i64, conditions: impl ExactSizeIterator<Item = Option<bool>>) -> Result<i64> {
    let n = arity(state)?;
    let m = conditions.len();
    if m == 0 || m > MAX_CONDITIONS {
        return Err(Error::new(
            ErrorKind::ArrayMismatch,
            format!("retention takes 1 to {MAX_CONDITIONS} conditions, got {m}"),
            "Pass one boolean per period, e.g. retention(p = 0, p = 1, p = 2).",
        ));
    }
    if n != 0 && n != m {
        return Err(arity_mismatch(n, m));
    }
    let mut seen = state & MASK;
    for (k, c) in conditions.enumerate() {
        if c == Some(true) {
            seen |= 1 << k;
        }
    }
    Ok(((m as i64) << 32) | seen)
}

/// Merges two states (for parallel workers); an empty state is the identity.
pub fn combine(a: i64, b: i64) -> Result<i64> {
    let (n, m) = (arity(a)?, arity(b)?);
    match (n, m) {
        (0, _) => Ok(b),
        (_, 0) => Ok(a),
        _ if n == m => Ok(a | b),
        _ => Err(arity_mismatch(n, m)),
    }
}

/// The result array; `None` for a group without rows.
pub fn result(state: i64) -> Result<Option<Vec<bool>>> {
    let n = arity(state)?;
    if n == 0 {
        return Ok(None);
    }
    let first = state & 1 == 1;
    Ok(Some((0..n).map(|k| first && (state >> k) & 1 == 1).collect()))
}

/// Number of period boundaries from the period containing `from` to the one
/// containing `to`: 0 in the same period, negative when `to` is earlier.
pub fn periods_between(period: Period, from: Day, to: Day) -> i64 {
    period.ordinal(to) - period.ordinal(from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::day;
    use proptest::prelude::*;

    fn run(rows: &[Vec<Option<bool>>]) -> Result<Option<Vec<bool>>> {
        let mut s = 0;
        for r in rows {
            s = add(s, r.iter().copied())?;
        }
        result(s)
    }

    #[test]
    fn clickhouse_example() {
        // ClickHouse docs: uid 0 visited on 2020-01-01 and 2020-01-02,
        // retention(date='01-01', date='01-02', date='01-03') = [1,1,0].
        let t = Some(true);
        let f = Some(false);
        assert_eq!(run(&[vec![t, f, f], vec![f, t, f]]).unwrap(), Some(vec![true, true, false]));
        // cond1 never held: everything false, even where condk held.
        assert_eq!(run(&[vec![f, t, t]]).unwrap(), Some(vec![false, false, false]));
        // NULL counts as false.
        assert_eq!(run(&[vec![t, None, t]]).unwrap(), Some(vec![true, false, true]));
        assert_eq!(run(&[]).unwrap(), None);
        assert_eq!(run(&[vec![t]]).unwrap(), Some(vec![true]));
    }

    #[test]
    fn bad_arity_and_states() {
        assert_eq!(run(&[vec![]]).unwrap_err().kind, ErrorKind::ArrayMismatch);
        assert_eq!(run(&[vec![Some(true); 33]]).unwrap_err().kind, ErrorKind::ArrayMismatch);
        assert!(run(&[vec![Some(true); 32]]).unwrap().unwrap().iter().all(|&b| b));
        assert_eq!(run(&[vec![Some(true)], vec![None, None]]).unwrap_err().kind, ErrorKind::ArrayMismatch);
        let a = add(0, [Some(true)].into_iter()).unwrap();
        let b = add(0, [Some(true), Some(false)].into_iter()).unwrap();
        assert_eq!(combine(a, b).unwrap_err().kind, ErrorKind::ArrayMismatch);
        assert_eq!(result(-1).unwrap_err().kind, ErrorKind::InvalidParameter);
        assert_eq!(result(1).unwrap_err().kind, ErrorKind::InvalidParameter); // bits without arity
        assert_eq!(result((2 << 32) | 4).unwrap_err().kind, ErrorKind::InvalidParameter);
    }

    #[test]
    fn period_distances() {
        let d = |s| day::parse(s).unwrap();
        assert_eq!(periods_between(Period::Month, d("2024-01-31"), d("2024-02-01")), 1);
        assert_eq!(periods_between(Period::Month, d("2023-11-15"), d("2024-02-29")), 3);
        assert_eq!(periods_between(Period::Week, d("2024-01-07"), d("2024-01-08")), 1); // Sun -> Mon
        assert_eq!(periods_between(Period::Week, d("2024-01-01"), d("2024-01-07")), 0);
        assert_eq!(periods_between(Period::Day, d("2024-03-01"), d("2024-02-28")), -2);
    }

    fn rows() -> impl Strategy<Value = Vec<Vec<Option<bool>>>> {
        (1usize..6).prop_flat_map(|n| prop::collection::vec(prop::collection::vec(any::<Option<bool>>(), n), 0..12))
    }

    proptest! {
        /// Any split of the rows into two parallel partial states gives the serial result,
        /// and the result matches the definition computed directly.
        #[test]
        fn split_equals_serial_and_definition(rs in rows(), cut in 0usize..12) {
            let cut = cut.min(rs.len());
            let fold = |part: &[Vec<Option<bool>>]| part.iter().try_fold(0i64, |s, r| add(s, r.iter().copied())).unwrap();
            let serial = fold(&rs);
            let (a, b) = (fold(&rs[..cut]), fold(&rs[cut..]));
            prop_assert_eq!(combine(a, b).unwrap(), serial);
            prop_assert_eq!(combine(b, a).unwrap(), serial);
            let got = result(serial).unwrap();
            if rs.is_empty() {
                prop_assert_eq!(got, None);
            } else {
                let held = |k: usize| rs.iter().any(|r| r[k] == Some(true));
                let want: Vec<bool> = (0..rs[0].len()).map(|k| held(0) && held(k)).collect();
                prop_assert_eq!(got, Some(want));
            }
        }
    }
}
