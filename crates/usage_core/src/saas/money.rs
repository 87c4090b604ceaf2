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
            units = units.checked_mul(10).and_then(|u| u.checked_add(i128::from(b - b'0'))).ok_or_else(overflow)?;
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

/// Reads PostgreSQL's binary `numeric` (the bytes after the varlena length
/// header, as `VARDATA_ANY` points at them) without going through its text form.
///
/// Layout (PostgreSQL `numeric.c`, stable since 9.1): a `uint16` header; in the
/// short form (`0x8000` set, `0x4000` clear) it also carries the sign (`0x2000`),
/// the display scale (bits `0x1F80`) and a 7-bit signed weight; in the long form
/// (`0x8000` clear) it holds the sign (`0x4000`) and display scale (`0x3FFF`) and is
/// followed by an `int16` weight. `0xC000` flags NaN and the infinities. Then come
/// base-10000 digits (`int16`, native byte order, most significant first) worth
/// `digit[i] * 10000^(weight - i)`.
///
/// Returns `None` for anything the fast path does not take: NaN and infinities,
/// more than [`MAX_SCALE`] decimals, values beyond `i128`, malformed bytes. The
/// caller then goes through the text form, which gives the same value when there
/// is one and the usual error otherwise, so errors stay exactly as before.
pub fn decimal_from_numeric_bytes(bytes: &[u8]) -> Option<Decimal> {
    const SHORT: u16 = 0x8000;
    const FLAGS: u16 = 0xC000;
    let header = u16::from_ne_bytes([*bytes.first()?, *bytes.get(1)?]);
    let (negative, dscale, weight, body) = match header & FLAGS {
        0xC000 => return None, // NaN, +-Infinity
        SHORT => {
            let negative = header & 0x2000 != 0;
            let dscale = u32::from((header & 0x1F80) >> 7);
            let low = i32::from(header & 0x003F);
            let weight = if header & 0x0040 != 0 { low - 64 } else { low };
            (negative, dscale, weight, &bytes[2..])
        }
        sign => {
            let weight = i32::from(i16::from_ne_bytes([*bytes.get(2)?, *bytes.get(3)?]));
            (sign == 0x4000, u32::from(header & 0x3FFF), weight, &bytes[4..])
        }
    };
    if dscale > MAX_SCALE || body.len() % 2 != 0 {
        return None;
    }
    let digits = body.chunks_exact(2).map(|c| i16::from_ne_bytes([c[0], c[1]]));
    decimal_from_base10000(negative, weight, dscale, digits)
}

/// The exact decimal `(-1)^negative * sum digit[i] * 10000^(weight - i)` with
/// `dscale` decimals (`None` when it does not fit, a digit is outside 0..9999, or
/// a digit below the display scale is not zero).
pub fn decimal_from_base10000(
    negative: bool,
    weight: i32,
    dscale: u32,
    digits: impl ExactSizeIterator<Item = i16>,
) -> Option<Decimal> {
    if dscale > MAX_SCALE {
        return None;
    }
    let n = digits.len() as i64;
    let mut acc: i128 = 0;
    for d in digits {
        if !(0..10000).contains(&d) {
            return None;
        }
        acc = acc.checked_mul(10000)?.checked_add(i128::from(d))?;
    }
    // acc * 10000^(weight - n + 1) * 10^dscale units.
    let exponent = 4 * (i64::from(weight) - n + 1) + i64::from(dscale);
    let units = if acc == 0 {
        0
    } else if exponent >= 0 {
        acc.checked_mul(*POW10.get(usize::try_from(exponent).ok()?)?)?
    } else {
        let divisor = *POW10.get(usize::try_from(-exponent).ok()?)?;
        if acc % divisor != 0 {
            return None;
        }
        acc / divisor
    };
    Some(Decimal { units: if negative { -units } else { units }, scale: dscale })
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

    /// Reference encoder: PostgreSQL's binary numeric (after the varlena header) of
    /// plain decimal text, written from numeric.c's set_var_from_str + strip_var +
    /// make_result: base-10000 digits aligned on the decimal point, leading and
    /// trailing zero digits stripped, the short header when scale <= 63 and
    /// -64 <= weight <= 63, else the long one (or always, with `force_long`).
    fn pg_numeric_bytes(text: &str, force_long: bool) -> Vec<u8> {
        let (negative, body) = match text.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, text),
        };
        let (int_part, frac_part) = body.split_once('.').unwrap_or((body, ""));
        let dscale = frac_part.len() as u16;
        let int_pad = (4 - int_part.len() % 4) % 4;
        let frac_pad = (4 - frac_part.len() % 4) % 4;
        let all: String = "0".repeat(int_pad) + int_part + frac_part + &"0".repeat(frac_pad);
        let mut digits: Vec<i16> =
            all.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap().parse().unwrap()).collect();
        let mut weight = ((int_part.len() + int_pad) / 4) as i32 - 1;
        while digits.first() == Some(&0) {
            digits.remove(0);
            weight -= 1;
        }
        while digits.last() == Some(&0) {
            digits.pop();
        }
        let negative = negative && !digits.is_empty();
        if digits.is_empty() {
            weight = 0;
        }
        let mut out = Vec::new();
        if !force_long && dscale <= 63 && (-64..=63).contains(&weight) {
            let header: u16 = 0x8000
                | if negative { 0x2000 } else { 0 }
                | (dscale << 7)
                | if weight < 0 { 0x0040 } else { 0 }
                | (weight as u16 & 0x003F);
            out.extend_from_slice(&header.to_ne_bytes());
        } else {
            let header: u16 = if negative { 0x4000 } else { 0 } | (dscale & 0x3FFF);
            out.extend_from_slice(&header.to_ne_bytes());
            out.extend_from_slice(&(weight as i16).to_ne_bytes());
        }
        for d in digits {
            out.extend_from_slice(&d.to_ne_bytes());
        }
        out
    }

    #[test]
    fn numeric_bytes_edge_cases() {
        for text in [
            "0",
            "0.00",
            "49.90",
            "-49.90",
            "-0.05",
            "1840",
            "10000",
            "99990000",
            "0.0001",
            "0.00012340",
            "123456789.123456789",
            "-1.00000000000000000001",
            "0.00000000000000000001",
            "99999999999999999999999999999999999999",
            "-99999999999999999999999999999999999999",
            "9999999999999999.9999999999999999999",
            "170141183460469231731687303715884105727",
            "-170141183460469231731687303715884105727",
        ] {
            let expected = Decimal::parse(text).unwrap();
            for long in [false, true] {
                assert_eq!(
                    decimal_from_numeric_bytes(&pg_numeric_bytes(text, long)),
                    Some(expected),
                    "{text} long={long}"
                );
            }
        }
        // Rejected by the fast path (the text path then raises the usual error).
        let special = |h: u16| h.to_ne_bytes().to_vec();
        assert_eq!(decimal_from_numeric_bytes(&special(0xC000)), None, "NaN");
        assert_eq!(decimal_from_numeric_bytes(&special(0xD000)), None, "+Infinity");
        assert_eq!(decimal_from_numeric_bytes(&special(0xF000)), None, "-Infinity");
        assert_eq!(
            decimal_from_numeric_bytes(&pg_numeric_bytes("1.000000000000000000001", false)),
            None,
            "21 decimals"
        );
        assert_eq!(decimal_from_numeric_bytes(&pg_numeric_bytes(&"9".repeat(39), false)), None, "39 digits");
        assert_eq!(
            decimal_from_numeric_bytes(&pg_numeric_bytes(&format!("1{}", "0".repeat(300)), false)),
            None,
            "1e300"
        );
        assert_eq!(decimal_from_numeric_bytes(&[]), None);
        assert_eq!(decimal_from_numeric_bytes(&[0x80]), None);
        let mut odd = pg_numeric_bytes("49.90", false);
        odd.push(0);
        assert_eq!(decimal_from_numeric_bytes(&odd), None, "odd length");
        // A digit outside 0..9999, or a non-zero digit below the display scale.
        assert_eq!(decimal_from_base10000(false, 0, 0, [10000i16].into_iter()), None);
        assert_eq!(decimal_from_base10000(false, 0, 0, [-1i16].into_iter()), None);
        assert_eq!(decimal_from_base10000(false, 0, 2, [1i16, 1234].into_iter()), None);
        assert_eq!(decimal_from_base10000(false, 0, 2, [1i16, 1200].into_iter()), Some(Decimal::new(112, 2)));
        assert_eq!(decimal_from_base10000(true, 0, 0, std::iter::empty()), Some(Decimal::new(0, 0)));
    }

    proptest! {
        #[test]
        fn text_round_trip(units in any::<i128>(), scale in 0u32..=MAX_SCALE) {
            let d = Decimal::parse(&format_units(units, scale)).unwrap();
            prop_assert_eq!(d, Decimal::new(units, scale));
        }

        #[test]
        fn numeric_bytes_match_text(units in any::<i128>(), scale in 0u32..=MAX_SCALE, long in any::<bool>()) {
            let text = format_units(units, scale);
            // (i128::MIN has no positive counterpart: the text path rejects it.)
            prop_assume!(units != i128::MIN);
            let reference = Decimal::parse(&text).unwrap();
            let fast = decimal_from_numeric_bytes(&pg_numeric_bytes(&text, long));
            // Up to 34 significant digits always fit the fast path; beyond, it may
            // hand over to the text path but never returns a different value.
            if units.unsigned_abs() < 10u128.pow(34) {
                prop_assert_eq!(fast, Some(reference));
            } else if let Some(f) = fast {
                prop_assert_eq!(f, reference);
            }
        }

        #[test]
        fn numeric_bytes_small_amounts(units in -10_000_000_000i128..10_000_000_000, scale in 0u32..=MAX_SCALE) {
            let text = format_units(units, scale);
            prop_assert_eq!(decimal_from_numeric_bytes(&pg_numeric_bytes(&text, false)), Some(Decimal::parse(&text).unwrap()));
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
