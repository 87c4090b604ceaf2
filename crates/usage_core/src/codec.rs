//! Versioned binary encoding of summaries.
//!
//! Every stored summary starts with a format version byte. Decoders accept every
//! version up to the current one, so values written by an older release stay
//! readable after `ALTER EXTENSION pg_usage UPDATE`. Integers are LEB128 varints
//! (signed ones zig-zag encoded), floats little-endian IEEE 754.

use crate::{Error, Result};

/// A value with a stable, versioned binary form.
pub trait Versioned: Sized {
    /// Name used in error messages, e.g. `usage_summary`.
    const TYPE_NAME: &'static str;
    /// The version written by this release.
    const VERSION: u8;
    /// Writes the body (everything after the version byte).
    fn encode_body(&self, w: &mut Writer);
    /// Reads a body written by `version` (1..=VERSION).
    fn decode_body(version: u8, r: &mut Reader<'_>) -> Result<Self>;

    fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.u8(Self::VERSION);
        self.encode_body(&mut w);
        w.into_bytes()
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut r = Reader::new(bytes);
        let version = r.u8()?;
        if version == 0 || version > Self::VERSION {
            return Err(Error::corrupted(format!(
                "unsupported {} format version {version} (this release reads 1 to {})",
                Self::TYPE_NAME,
                Self::VERSION
            )));
        }
        let value = Self::decode_body(version, &mut r)?;
        if !r.is_empty() {
            return Err(Error::corrupted(format!("trailing bytes after a {} value", Self::TYPE_NAME)));
        }
        Ok(value)
    }
}

/// A value with a text form, the input and output of its SQL type: JSON that
/// round-trips exactly (`from_text(to_text(v)) == v`).
pub trait TextForm: Sized {
    fn to_text(&self) -> String;
    /// Parses the text form; malformed or out-of-range input is an error (22P02, 22008).
    fn from_text(text: &str) -> Result<Self>;
}

/// The JSON view of a SQL type, what its casts to json and jsonb give (so
/// `to_json`, `row_to_json` and `x::jsonb` nest it as an object): for reading by
/// tools, not for storing. Every key says what it holds (objects, no positional
/// arrays) and an exact sum is one rounded number; the text form stays the exact,
/// round-trip form.
pub trait JsonView {
    fn json_view(&self) -> serde_json::Value;
}

/// A stored summary of a two-step family: built by an aggregate, stored in a
/// table, rolled up later. `combine` is associative and commutative, so serial
/// scans, parallel workers, shards and rollups give the same value.
pub trait Summary: Versioned + Clone {
    /// Adds `other` into `self`; a result that could not be stored is an error.
    fn combine(&mut self, other: &Self) -> Result<()>;

    /// Adds a stored value (its binary form) into `self`: what a rollup does per
    /// row. Types whose values are large override it to merge without building
    /// the other value; a value that does not decode is an error either way.
    fn combine_stored(&mut self, bytes: &[u8]) -> Result<()> {
        self.combine(&Self::from_bytes(bytes)?)
    }

    /// Refuses a value whose stored form would not read back (checked before it
    /// is written): types whose building can overflow override it.
    fn check_storable(&self) -> Result<()> {
        Ok(())
    }
}

#[derive(Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }
    pub fn signed(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }
    pub fn f64(&mut self, v: f64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn bytes(&mut self, v: &[u8]) {
        self.varint(v.len() as u64);
        self.buf.extend_from_slice(v);
    }
    pub fn str(&mut self, v: &str) {
        self.bytes(v.as_bytes());
    }
    /// Gives direct access for encoders that write into a `Vec<u8>` themselves.
    pub fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }
}

pub struct Reader<'a> {
    buf: &'a [u8],
}

fn truncated() -> Error {
    Error::corrupted("binary value is truncated")
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf }
    }
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
    pub fn u8(&mut self) -> Result<u8> {
        let (&first, rest) = self.buf.split_first().ok_or_else(truncated)?;
        self.buf = rest;
        Ok(first)
    }
    pub fn varint(&mut self) -> Result<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(Error::corrupted("varint is too long"))
    }
    pub fn signed(&mut self) -> Result<i64> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    /// A varint that must fit an `i32` (days, small counts).
    pub fn i32(&mut self) -> Result<i32> {
        i32::try_from(self.signed()?).map_err(|_| Error::corrupted("integer out of range"))
    }
    /// A length that must not exceed the bytes left (guards allocations on corrupt input).
    pub fn len(&mut self) -> Result<usize> {
        let n = self.varint()?;
        if n > self.buf.len() as u64 {
            return Err(truncated());
        }
        Ok(n as usize)
    }
    pub fn f64(&mut self) -> Result<f64> {
        let bytes = self.take(8)?;
        Ok(f64::from_le_bytes(bytes.try_into().expect("8 bytes")))
    }
    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.buf.len() {
            return Err(truncated());
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Ok(head)
    }
    pub fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.len()?;
        self.take(n)
    }
    pub fn str(&mut self) -> Result<&'a str> {
        std::str::from_utf8(self.bytes()?).map_err(|_| Error::corrupted("string is not valid UTF-8"))
    }
}

#[cfg(test)]
mod json_view_tests {
    //! The JSON views against values worked out by hand from the text forms.
    use super::{JsonView, TextForm};
    use serde_json::json;

    fn view<T: TextForm + JsonView>(text: &str) -> serde_json::Value {
        T::from_text(text).unwrap().json_view()
    }

    #[test]
    fn usage_days_are_ranges_and_exact_sums_one_number() {
        let v = view::<crate::usage::UsageSummary>(
            r#"{"version":1,"events":3,"quantity":[1e-20,2.5],"days":["2024-01-01/2024-01-02","2024-01-05"],"features":{"x":{"events":1,"quantity":1.0,"days":["2024-01-05"]}}}"#,
        );
        let days = json!([{"from": "2024-01-01", "to": "2024-01-02"}, {"from": "2024-01-05", "to": "2024-01-05"}]);
        assert_eq!(v["days"], days);
        assert_eq!(v["quantity"], json!(2.5));
        assert_eq!(v["active_days"], json!(3));
        assert_eq!((v["first_seen"].as_str(), v["last_seen"].as_str()), (Some("2024-01-01"), Some("2024-01-05")));
        assert_eq!(v["features"]["x"]["days"], json!([{"from": "2024-01-05", "to": "2024-01-05"}]));
    }

    #[test]
    fn rfm_nps_and_saas_use_named_keys() {
        let rfm = view::<crate::rfm::RfmSummary>(
            r#"{"version":1,"days":[["2024-01-01",2,[1e-20,10.5]],["2024-01-03",1,3.0]]}"#,
        );
        assert_eq!(rfm["days"][0], json!({"day": "2024-01-01", "orders": 2, "amount": 10.5}));
        let nps = view::<crate::accounts::NpsSummary>(r#"{"version":1,"scores":[1,0,0,0,0,0,0,2,0,3,1]}"#);
        assert_eq!(
            (nps["promoters"].clone(), nps["passives"].clone(), nps["detractors"].clone()),
            (json!(4), json!(2), json!(1))
        );
        assert_eq!(nps["scores"][9], json!({"score": 9, "count": 3}));
        let mrr = view::<crate::saas::MrrHistory>(
            r#"{"version":1,"scale":2,"mrr":[["2024-01-01","49.90"]],"cash":[["2024-01-01",3,"149.70"]]}"#,
        );
        assert_eq!(mrr["mrr"], json!([{"month": "2024-01-01", "mrr": 49.9}]));
        assert_eq!(mrr["cash"], json!([{"month": "2024-01-01", "billing_months": 3, "change": 149.7}]));
    }

    #[test]
    fn points_and_models_name_their_values() {
        let p = view::<crate::cltv::Triples>(r#"{"version":2,"points":[[2.0,30.0,40.0,1.0]]}"#);
        assert_eq!(p, json!({"points": [{"x": 2.0, "t_x": 30.0, "T": 40.0, "weight": 1.0}], "penalizer": null}));
        let m = view::<crate::cltv::GammaGammaModel>(r#"{"p":6.25,"q":3.74,"v":15.44}"#);
        assert_eq!(
            (m["p"].clone(), m["v"].clone(), m["log_likelihood"].clone()),
            (json!(6.25), json!(15.44), json!(null))
        );
        let model = crate::cltv::GammaGammaModel::from_text(r#"{"p":6.25,"q":3.74,"v":15.44}"#).unwrap();
        assert_eq!(crate::cltv::FittedModel::param(&model, " Q ").unwrap(), 3.74);
        assert!(crate::cltv::FittedModel::param(&model, "alpha").unwrap_err().hint.contains("p, q, v"));
    }

    proptest::proptest! {
        /// SQL `=` compares text forms: the same points added in any order print the same.
        #[test]
        fn points_text_does_not_depend_on_order(
            rows in proptest::collection::vec((0u8..4, 0u8..3), 1..30), seed in proptest::prelude::any::<u64>()
        ) {
            let add = |rows: &[(u8, u8)]| {
                let mut p = crate::cltv::Pairs::new();
                rows.iter().for_each(|&(x, m)| p.add([f64::from(x) + 1.0, f64::from(m) * 2.5], 1.0));
                p.to_text()
            };
            let mut shuffled = rows.clone();
            let k = (seed as usize) % shuffled.len();
            shuffled.rotate_left(k);
            shuffled.reverse();
            proptest::prop_assert_eq!(add(&rows), add(&shuffled));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn primitives_round_trip(a in any::<u64>(), b in any::<i64>(), c in any::<f64>(), s in ".*") {
            let mut w = Writer::default();
            w.varint(a); w.signed(b); w.f64(c); w.str(&s);
            let bytes = w.into_bytes();
            let mut r = Reader::new(&bytes);
            prop_assert_eq!(r.varint().unwrap(), a);
            prop_assert_eq!(r.signed().unwrap(), b);
            prop_assert_eq!(r.f64().unwrap().to_bits(), c.to_bits());
            prop_assert_eq!(r.str().unwrap(), s.as_str());
            prop_assert!(r.is_empty());
        }

        #[test]
        fn truncation_is_an_error(a in any::<u64>(), cut in 0usize..9) {
            let mut w = Writer::default();
            w.varint(a); w.f64(1.5);
            let bytes = w.into_bytes();
            let cut = cut.min(bytes.len() - 1);
            let mut r = Reader::new(&bytes[..cut]);
            prop_assert!(r.varint().and_then(|_| r.f64()).is_err());
        }
    }
}
