//! Order-independent floating-point sums.
//!
//! Serial scans, parallel workers and rollups add the same numbers in different
//! orders; plain `f64` addition would give answers that differ in the last bits.
//! [`ExactSum`] keeps the exact sum as non-overlapping partials (Shewchuk 1997,
//! the algorithm behind Python's `math.fsum`) and rounds once at the end, so the
//! result is the correctly rounded sum whatever the order of additions and merges.

use std::borrow::Cow;

use smallvec::SmallVec;

use crate::{Error, ErrorKind, Result};

/// Sums of ordinary quantities need one or two partials: kept inline, they cost no
/// allocation and no pointer to chase when a summary is updated.
#[derive(Debug, Clone, Default)]
pub struct ExactSum {
    partials: SmallVec<[f64; 2]>,
}

impl ExactSum {
    pub fn new() -> Self {
        ExactSum { partials: SmallVec::new() }
    }

    /// Rebuilds a sum from stored partials (see [`ExactSum::partials`]). Partials in
    /// the form this type writes (non-zero, ascending magnitude) are kept
    /// as they are, so stored values round-trip bit for bit; any other list is
    /// re-added.
    pub fn from_partials(values: &[f64]) -> Result<Self> {
        if values.iter().any(|v| !v.is_finite()) {
            return Err(Error::corrupted("a stored partial sum is not finite"));
        }
        let canonical = values.iter().all(|&v| v != 0.0) && values.windows(2).all(|w| w[0].abs() < w[1].abs());
        if canonical {
            return Ok(ExactSum { partials: SmallVec::from_slice(values) });
        }
        let mut sum = ExactSum::new();
        values.iter().for_each(|&v| sum.add(v));
        Ok(sum)
    }

    /// The internal partials, smallest magnitude first; their exact sum is the total.
    pub fn partials(&self) -> &[f64] {
        &self.partials
    }

    /// The unique expansion of the exact value, smallest magnitude first: the
    /// correctly rounded sum, then the correctly rounded remainder, and so on.
    /// The partials kept while adding depend on the order of additions; stored
    /// and printed forms use this one, so serial, parallel and rollup agree byte
    /// for byte. Zero is the empty expansion.
    pub fn canonical_partials(&self) -> Result<Cow<'_, [f64]>> {
        if self.partials.len() <= 1 && self.partials.iter().all(|&p| p != 0.0) {
            return Ok(Cow::Borrowed(&self.partials));
        }
        let mut rest = self.clone();
        let mut parts = Vec::new();
        // A double expansion has at most about 40 non-overlapping parts.
        while parts.len() < 64 {
            let v = rest.value()?;
            if v == 0.0 {
                break;
            }
            parts.push(v);
            rest.add(-v);
        }
        parts.reverse();
        Ok(Cow::Owned(parts))
    }

    /// Adds a finite value exactly.
    #[inline]
    pub fn add(&mut self, mut x: f64) {
        if self.partials.len() == 1 {
            // The common case: one partial, often an integer-valued total.
            let y = self.partials[0];
            let (a, b) = if x.abs() < y.abs() { (y, x) } else { (x, y) };
            let hi = a + b;
            let lo = b - (hi - a);
            if lo == 0.0 {
                self.partials[0] = hi;
            } else {
                self.partials[0] = lo;
                self.partials.push(hi);
            }
            return;
        }
        let mut kept = 0;
        for j in 0..self.partials.len() {
            let mut y = self.partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                self.partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        self.partials.truncate(kept);
        self.partials.push(x);
    }

    /// Adds another exact sum.
    pub fn merge(&mut self, other: &ExactSum) {
        for &p in &other.partials {
            self.add(p);
        }
    }

    /// The correctly rounded total, or an error if it does not fit a float8.
    pub fn value(&self) -> Result<f64> {
        let p = &self.partials;
        let mut n = p.len();
        if n == 0 {
            return Ok(0.0);
        }
        n -= 1;
        let mut hi = p[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        // Round half to even across the remaining partials, as math.fsum does.
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
        if hi.is_finite() {
            Ok(hi)
        } else {
            Err(Error::new(
                ErrorKind::NumericOutOfRange,
                "sum of quantities is out of range for type double precision",
                "Scale the quantities down (for example to thousands) before aggregating.",
            ))
        }
    }
}

impl PartialEq for ExactSum {
    /// Two sums are equal when their exact values are equal.
    fn eq(&self, other: &Self) -> bool {
        let mut diff = self.clone();
        for &p in &other.partials {
            diff.add(-p);
        }
        diff.partials.iter().all(|&p| p == 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sum_of(values: &[f64]) -> ExactSum {
        let mut s = ExactSum::new();
        values.iter().for_each(|&v| s.add(v));
        s
    }

    #[test]
    fn matches_python_fsum_examples() {
        // math.fsum([.1] * 10) == 1.0, while a naive sum gives 0.9999999999999999
        assert_eq!(sum_of(&[0.1; 10]).value().unwrap(), 1.0);
        // math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]) == 1e-100
        assert_eq!(sum_of(&[1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]).value().unwrap(), 1e-100);
        // math.fsum([2.0**53, -0.5, -2.0**-54]) == 2.0**53 - 1.0
        assert_eq!(sum_of(&[2f64.powi(53), -0.5, -2f64.powi(-54)]).value().unwrap(), 2f64.powi(53) - 1.0);
        assert!(sum_of(&[f64::MAX, f64::MAX]).value().is_err());
    }

    proptest! {
        #[test]
        fn order_does_not_matter(mut values in prop::collection::vec(-1e12f64..1e12, 0..60), seed in any::<u64>()) {
            let forward = sum_of(&values).value().unwrap();
            // A deterministic shuffle, then a split into two merged halves.
            let n = values.len().max(1);
            values.rotate_left((seed as usize) % n);
            values.reverse();
            let (a, b) = values.split_at(values.len() / 2);
            let mut merged = sum_of(b);
            merged.merge(&sum_of(a));
            prop_assert_eq!(merged.value().unwrap(), forward);
            prop_assert!(merged == sum_of(&values));
        }

        #[test]
        fn canonical_partials_do_not_depend_on_order(values in prop::collection::vec(
                prop_oneof![-1e12f64..1e12, Just(0.1), Just(1e-30), Just(3e15)], 0..60)) {
            let forward = sum_of(&values);
            let mut reversed = values.clone();
            reversed.reverse();
            let backward = sum_of(&reversed);
            let canonical = forward.canonical_partials().unwrap();
            prop_assert_eq!(&canonical, &backward.canonical_partials().unwrap());
            let back = ExactSum::from_partials(&canonical).unwrap();
            prop_assert!(back == forward);
            prop_assert_eq!(back.partials(), &*canonical);
        }

        #[test]
        fn partials_round_trip(values in prop::collection::vec(-1e300f64..1e300, 0..30)) {
            let s = sum_of(&values);
            let back = ExactSum::from_partials(s.partials()).unwrap();
            prop_assert!(back == s);
        }
    }
}
