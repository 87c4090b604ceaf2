//! Exact money: `i128` integers scaled by a power of ten.
//!
//! A container (an MRR history, a SaaS summary) keeps every amount as an `i128`
//! count of `10^-scale` units with one scale for the whole container, the largest
//! display scale of the amounts that went into it. This is how PostgreSQL's own
//! `sum(numeric)` chooses its display scale, so `50.00 + 25` prints as `75.00`
//! here as in SQL. `i128` holds 38 significant digits, more than any currency
//! needs at [`MAX_SCALE`] decimals, and adds without allocation (a
//! general decimal crate would cap at 28 digits or allocate per value).
//! Overflow is an error, never a wrap.

use crate::{Error, ErrorKind, Result};

/// Most decimals kept exactly (numeric inputs with more digits are an error).
pub const MAX_SCALE: u32 = 20;

const POW10: [i128; 39] = {
    let mut p = [1i128; 39];
    let mut i = 1;
    while i < 39 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

pub(crate) fn overflow() -> Error {
    Error::new(
        ErrorKind::NumericOutOfRange,
        "money amount is out of range (more than 38 significant digits)",
        "Amounts are summed exactly in 128-bit integers; round the amounts to fewer decimals or use a larger currency unit.",
    )
}

/// A decimal number as parsed from PostgreSQL's `numeric` text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    /// The value in units of `10^-scale`.
    pub units: i128,
    /// Number of decimals (PostgreSQL's display scale).
    pub scale: u32,
}

impl Decimal {
    pub fn new(units: i128, scale: u32) -> Self {
        Decimal { units, scale }
    }

    /// Parses plain decimal text (`-12.3400`), as `numeric_out` writes it.
    /// `NaN` and infinities are rejected with a hint.
    pub fn parse(text: &str) -> Result<Decimal> {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        if lower == "nan" || lower.ends_with("infinity") {
            return Err(Error::invalid_data(
                format!("money amount must be a finite number, got {t}"),
                "Filter out NaN and infinite amounts, e.g. WHERE amount <> 'NaN' AND amount < 'Infinity'.",
            ));
        }
        let bad = || {
            Error::invalid_text(
                format!("invalid money amount \"{t}\""),
                "Write amounts as plain decimals such as 49.90 or -12.5.",
            )
        };
        let (negative, body) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(bad());
        }
        if !int_part.bytes().chain(frac_part.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let scale = frac_part.len() as u32;
        if scale > MAX_SCALE {
            return Err(Error::invalid_parameter(
                format!("money amount {t} has {scale} decimals, more than the {MAX_SCALE} kept exactly"),
                format!("Round the amounts first, e.g. round(amount, {MAX_SCALE})."),
            ));
        }
        let mut units: i128 = 0;
        for b in int_part.bytes().chain(frac_part.bytes()) {
            units = units
                .checked_mul(10)
                .and_then(|u| u.checked_add(i128::from(b - b'0')))
                .ok_or_else(overflow)?;
        }
        Ok(Decimal { units: if negative { -units } else { units }, scale })
    }

    /// The same value with `scale` decimals (`scale` must not be smaller).
    pub fn units_at(&self, scale: u32) -> Result<i128> {
        rescale(self.units, self.scale, scale)
    }

    pub fn format(&self) -> String {
        format_units(self.units, self.scale)
    }
}

/// Converts `units` at scale `from` to scale `to >= from`.
pub fn rescale(units: i128, from: u32, to: u32) -> Result<i128> {
    debug_assert!(to >= from);
    let diff = to.saturating_sub(from) as usize;
    if diff >= POW10.len() {
        return Err(overflow());
    }
    units.checked_mul(POW10[diff]).ok_or_else(overflow)
}

/// Exact `a + b`, an error on overflow.
#[inline]
pub fn add(a: i128, b: i128) -> Result<i128> {
    a.checked_add(b).ok_or_else(overflow)
}

/// Exact `a * n`, an error on overflow.
#[inline]
pub fn mul(a: i128, n: i128) -> Result<i128> {
    a.checked_mul(n).ok_or_else(overflow)
}

/// Plain decimal text of `units * 10^-scale`, always with `scale` decimals,
/// which PostgreSQL's `numeric_in` reads back to the same value and scale.
pub fn format_units(units: i128, scale: u32) -> String {
    let digits = units.unsigned_abs().to_string();
    let sign = if units < 0 { "-" } else { "" };
    let scale = scale as usize;
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    if digits.len() > scale {
        let (i, f) = digits.split_at(digits.len() - scale);
        format!("{sign}{i}.{f}")
    } else {
        format!("{sign}0.{}{digits}", "0".repeat(scale - digits.len()))
    }
}

/// The nearest `f64` (correctly rounded, like PostgreSQL's `numeric::float8`).
pub fn to_f64(units: i128, scale: u32) -> f64 {
    if scale == 0 && units.unsigned_abs() < (1u128 << 53) {
        return units as f64;
    }
    // Decimal text is parsed with correct rounding by the standard library.
    format_units(units, scale).parse::<f64>().unwrap_or(f64::NAN)
}

/// `numerator / denominator` as float8 after rounding each exact sum to float8,
/// the same as `numerator::float8 / denominator::float8` in SQL; `None` when the
/// denominator is zero.
pub fn ratio(numerator: i128, denominator: i128, scale: u32) -> Option<f64> {
    if denominator == 0 {
        None
    } else {
        Some(to_f64(numerator, scale) / to_f64(denominator, scale))
    }
}

// Zig-zag LEB128 for i128 amounts (the shared codec stops at i64).
pub(crate) fn write_i128(w: &mut crate::codec::Writer, v: i128) {
    let mut z = ((v << 1) ^ (v >> 127)) as u128;
    while z >= 0x80 {
        w.u8((z as u8) | 0x80);
        z >>= 7;
    }
    w.u8(z as u8);
}

pub(crate) fn read_i128(r: &mut crate::codec::Reader<'_>) -> Result<i128> {
    let mut z: u128 = 0;
    let mut shift = 0u32;
    loop {
        let byte = r.u8()?;
        if shift > 126 || (shift == 126 && byte > 0x03) {
            return Err(Error::corrupted("money varint is too long"));
        }
        z |= u128::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    Ok(((z >> 1) as i128) ^ -((z & 1) as i128))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{Reader, Writer};
    use proptest::prelude::*;

    #[test]
    fn parse_and_format() {
        assert_eq!(Decimal::parse("49.90").unwrap(), Decimal::new(4990, 2));
        assert_eq!(Decimal::parse("-0.05").unwrap(), Decimal::new(-5, 2));
        assert_eq!(Decimal::parse("1840").unwrap(), Decimal::new(1840, 0));
        assert_eq!(Decimal::parse(".5").unwrap(), Decimal::new(5, 1));
        assert_eq!(format_units(-5, 2), "-0.05");
        assert_eq!(format_units(4990, 2), "49.90");
        assert_eq!(format_units(0, 3), "0.000");
        assert_eq!(format_units(i128::MIN, 0), i128::MIN.to_string());
        assert!(Decimal::parse("NaN").is_err());
        assert!(Decimal::parse("-Infinity").is_err());
        assert!(Decimal::parse("1e5").is_err());
        assert!(Decimal::parse("").is_err());
        assert!(Decimal::parse("-").is_err());
        assert!(Decimal::parse("1.000000000000000000001").is_err());
        assert!(Decimal::parse(&"9".repeat(39)).is_err());
        assert_eq!(Decimal::parse("0.1").unwrap().units_at(3).unwrap(), 100);
        assert!(rescale(i128::MAX / 2, 0, 1).is_err());
        assert_eq!(to_f64(1, 1), 0.1);
        assert_eq!(ratio(1, 3, 0), Some(1.0 / 3.0));
        assert_eq!(ratio(1, 0, 0), None);
    }

    proptest! {
        #[test]
        fn text_round_trip(units in any::<i128>(), scale in 0u32..=MAX_SCALE) {
            let d = Decimal::parse(&format_units(units, scale)).unwrap();
            prop_assert_eq!(d, Decimal::new(units, scale));
        }

        #[test]
        fn varint_round_trip(v in any::<i128>()) {
            let mut w = Writer::default();
            write_i128(&mut w, v);
            let bytes = w.into_bytes();
            let mut r = Reader::new(&bytes);
            prop_assert_eq!(read_i128(&mut r).unwrap(), v);
            prop_assert!(r.is_empty());
        }

        #[test]
        fn to_f64_is_correctly_rounded(units in -1_000_000_000_000i128..1_000_000_000_000, scale in 0u32..6) {
            let expected: f64 = format_units(units, scale).parse().unwrap();
            prop_assert_eq!(to_f64(units, scale), expected);
        }
    }
}
