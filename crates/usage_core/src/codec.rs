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
