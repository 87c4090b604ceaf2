//! Structure-aware mutations of valid encodings: byte edits, splices, and the
//! values that break decoders (huge varints and lengths, extreme floats, dates at
//! and beyond PostgreSQL's range, non-finite JSON numbers, deep nesting).

/// The core's SplitMix64 (the runs must be reproducible), with the draws mutations need.
pub struct Rng(usage_core::split_mix::SplitMix);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(usage_core::split_mix::SplitMix(seed))
    }
    pub fn next(&mut self) -> u64 {
        self.0.next_u64()
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn varint(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
    out
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// Integers that sit on the edges of what the decoders check: counts and
/// lengths, days at PostgreSQL's limits, i32/i64/u64 boundaries.
const EDGE_INTEGERS: &[i64] = &[
    0,
    1,
    2,
    -1,
    127,
    128,
    255,
    65_535,
    1 << 20,
    -2_451_545,    // 4713-11-24 BC, the first date
    -2_451_546,    // one day before
    2_145_031_948, // 5874897-12-31, the last date
    2_145_031_949, // one day after
    2_147_483_494, // the number of days of the whole range
    i32::MAX as i64,
    i32::MIN as i64,
    u32::MAX as i64,
    3_000_000_000,
    i64::MAX,
    i64::MIN,
    i64::MAX / 2,
];

/// Floats with special handling somewhere: zeros, non-finite, extremes, subnormals.
const EDGE_FLOATS: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::MAX,
    -f64::MAX,
    f64::MIN_POSITIVE,
    5e-324,
    1e308,
    1e100,
    1e-100,
    0.1,
    9007199254740993.0,
];

/// JSON number tokens: non-finite spellings, overflows, boundaries.
const EDGE_NUMBERS: &[&str] = &[
    "0",
    "-0",
    "0.0",
    "-1",
    "1",
    "2",
    "NaN",
    "Infinity",
    "-Infinity",
    "nan",
    "inf",
    "1e309",
    "-1e309",
    "1e308",
    "1.7976931348623157e308",
    "5e-324",
    "1e-400",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "3000000000",
    "4294967296",
    "2147483648",
    "1e100",
    "1e101",
    "123456789012345678901234567890123456789012",
    "0.000000000000000000001",
    "1.5",
    "null",
    "true",
    "\"1\"",
    "[]",
    "{}",
];

/// Date and date-range strings at and beyond PostgreSQL's limits.
const EDGE_DATES: &[&str] = &[
    "2024-01-01",
    "2024-02-29",
    "2023-02-29",
    "2024-13-01",
    "2024-00-10",
    "2024-01-32",
    "2024-01-00",
    "-4713-11-24",
    "-4713-11-23",
    "-4713-11-24/5874897-12-31",
    "-4713-11-24/2024-01-01",
    "2024-01-01/5874897-12-31",
    "5874897-12-31",
    "5874898-01-01",
    "9999999-01-01",
    "-9999999-01-01",
    "2147483647-01-01",
    "-2147483648-01-01",
    "0000-01-01",
    "0000-02-29",
    "2024-01-02/2024-01-01",
    "2024-01-01/2024-01-01",
    "+2024-01-01",
    " 2024-01-01",
    "2024-1-1",
    "2024-01-01/",
    "/2024-01-01",
    "2024-01-01/2024-01-02/2024-01-03",
    "",
    "infinity",
    "-infinity",
    "2024-01-01T00:00:00",
];

const JSON_BYTES: &[u8] = b"{}[],:\"0123456789-+.eE/\\ nultrfase";

fn insert_bytes(data: &mut Vec<u8>, at: usize, bytes: &[u8]) {
    data.splice(at..at, bytes.iter().copied());
}

/// A random range `a..b` of `data` (possibly empty).
fn range(rng: &mut Rng, len: usize) -> (usize, usize) {
    let a = rng.below(len + 1);
    let b = a + rng.below(len - a + 1).min(if rng.chance(4) { usize::MAX } else { 16 });
    (a, b)
}

/// Mutates a binary (stored) encoding in place, 1 to 4 edits.
pub fn binary(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(12) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = *rng.pick(&[0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x02]);
            }
            2 => {
                let n = 1 + rng.below(8);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                insert_bytes(data, rng.below(len + 1), &bytes);
            }
            3 if len > 0 => {
                let (a, b) = range(rng, len);
                data.drain(a..b);
            }
            4 if len > 0 => {
                // Duplicate a slice (repeated runs, features, entries).
                let (a, b) = range(rng, len);
                let piece = data[a..b].to_vec();
                insert_bytes(data, rng.below(len + 1), &piece);
            }
            5 if !other.is_empty() => {
                // Splice: a prefix of this value and a suffix of another of the same type.
                let cut = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            6 | 7 => {
                // Overwrite or insert a varint with an edge value (plain or zig-zag).
                let v = *rng.pick(EDGE_INTEGERS);
                let bytes = if rng.chance(2) { varint(v as u64) } else { varint(zigzag(v)) };
                let at = rng.below(len + 1);
                if rng.chance(2) && at < len {
                    let end = (at..len).find(|&i| data[i] & 0x80 == 0).map_or(len, |i| i + 1);
                    data.splice(at..end, bytes);
                } else {
                    insert_bytes(data, at, &bytes);
                }
            }
            8 => {
                // An over-long varint: more continuation bytes than any integer needs.
                let n = 9 + rng.below(4);
                let mut bytes = vec![0xff; n];
                bytes.push(rng.next() as u8 & 0x7f);
                insert_bytes(data, rng.below(len + 1), &bytes);
            }
            9 if len >= 8 => {
                let at = rng.below(len - 7);
                data[at..at + 8].copy_from_slice(&rng.pick(EDGE_FLOATS).to_le_bytes());
            }
            10 if len > 1 => data.truncate(rng.below(len)),
            _ => {
                let i = rng.below(len + 1);
                data.insert(i, rng.next() as u8);
            }
        }
        if data.len() > 1 << 16 {
            data.truncate(1 << 16);
        }
    }
}

/// Byte ranges of JSON tokens of a kind: numbers, or string contents.
fn tokens(text: &[u8], strings: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            while j < text.len() && text[j] != b'"' {
                j += if text[j] == b'\\' { 2 } else { 1 };
            }
            if strings {
                out.push((start, j.min(text.len())));
            }
            i = j + 1;
        } else if text[i] == b'-' || text[i].is_ascii_digit() {
            let start = i;
            while i < text.len() && matches!(text[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                i += 1;
            }
            if !strings {
                out.push((start, i));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Mutates a text (JSON) encoding in place, 1 to 4 edits; the result is made valid
/// UTF-8 (PostgreSQL hands input functions text in the server encoding).
pub fn text(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(14) {
            0..=2 => {
                let numbers = tokens(data, false);
                if !numbers.is_empty() {
                    let (a, b) = *rng.pick(&numbers);
                    data.splice(a..b, rng.pick(EDGE_NUMBERS).bytes());
                }
            }
            3..=5 => {
                let strings = tokens(data, true);
                if !strings.is_empty() {
                    let (a, b) = *rng.pick(&strings);
                    data.splice(a..b, rng.pick(EDGE_DATES).bytes());
                }
            }
            6 if len > 0 => {
                // Deep nesting around a random position.
                let depth = *rng.pick(&[2usize, 64, 127, 128, 129, 300, 5000]);
                let (open, close) = if rng.chance(2) { ("[", "]") } else { ("{\"a\":", "}") };
                let at = rng.below(len + 1);
                let mut nested = open.repeat(depth).into_bytes();
                nested.extend_from_slice(&data[at..]);
                nested.extend_from_slice(close.repeat(depth).as_bytes());
                data.truncate(at);
                data.extend_from_slice(&nested);
            }
            7 if len > 0 => {
                // Repeat a slice many times (long arrays, repeated keys and entries).
                let (a, b) = range(rng, len);
                let piece = data[a..b].to_vec();
                let times = *rng.pick(&[2usize, 10, 100, 1000]);
                let at = rng.below(len + 1);
                let repeated: Vec<u8> = piece.iter().copied().cycle().take(piece.len() * times).collect();
                insert_bytes(data, at, &repeated);
            }
            8 if len > 0 => {
                let (a, b) = range(rng, len);
                data.drain(a..b);
            }
            9 if !other.is_empty() => {
                let cut = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            10 => {
                let at = rng.below(len + 1);
                data.insert(at, *rng.pick(JSON_BYTES));
            }
            11 if len > 0 => {
                let i = rng.below(len);
                data[i] = *rng.pick(JSON_BYTES);
            }
            12 => {
                let piece = *rng.pick(&["\u{0}", "\\u0000", "\\ud800", "é", "\u{10ffff}", "\"", "\\"]);
                insert_bytes(data, rng.below(len + 1), piece.as_bytes());
            }
            _ if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(7);
            }
            _ => data.extend_from_slice(b"{}"),
        }
        if data.len() > 1 << 17 {
            data.truncate(1 << 17);
        }
    }
    if std::str::from_utf8(data).is_err() {
        *data = String::from_utf8_lossy(data).into_owned().into_bytes();
    }
}
