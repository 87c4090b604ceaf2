//! Errors of the pure core. Each kind maps to one SQLSTATE in the SQL layer, and
//! every error carries a hint telling the user what to do about it.

use std::fmt;

/// Which class of SQLSTATE an error belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// 22023 invalid_parameter_value: an argument outside its domain.
    InvalidParameter,
    /// 22P02 invalid_text_representation: malformed text input of a type.
    InvalidText,
    /// 22008 datetime_field_overflow: infinite or out-of-range dates.
    DateOutOfRange,
    /// 22003 numeric_value_out_of_range: results that do not fit a float8.
    NumericOutOfRange,
    /// 22000 data_exception: NaN or infinite measures.
    InvalidData,
    /// XX001 data_corrupted: a stored binary value that cannot be decoded.
    Corrupted,
    /// 2202E array_subscript_error: arrays of the wrong length or with NULLs.
    ArrayMismatch,
}

impl ErrorKind {
    /// The five-character SQLSTATE for this kind.
    pub fn sqlstate(self) -> &'static str {
        match self {
            ErrorKind::InvalidParameter => "22023",
            ErrorKind::InvalidText => "22P02",
            ErrorKind::DateOutOfRange => "22008",
            ErrorKind::NumericOutOfRange => "22003",
            ErrorKind::InvalidData => "22000",
            ErrorKind::Corrupted => "XX001",
            ErrorKind::ArrayMismatch => "2202E",
        }
    }
}

/// An error with a message for the user and a hint on how to fix the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: String,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error { kind, message: message.into(), hint: hint.into() }
    }
    pub fn invalid_parameter(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidParameter, message, hint)
    }
    pub fn invalid_text(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidText, message, hint)
    }
    pub fn invalid_data(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidData, message, hint)
    }
    pub fn corrupted(message: impl Into<String>) -> Self {
        Self::new(
            ErrorKind::Corrupted,
            message,
            "The stored value was not written by this extension or is damaged; rebuild it from the source rows.",
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (hint: {})", self.message, self.hint)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// Checks that a measure is a finite, non-negative number.
pub fn check_measure(name: &str, value: f64) -> Result<f64> {
    if value.is_nan() || value.is_infinite() {
        return Err(Error::invalid_data(
            format!("{name} must be a finite number, got {value}"),
            format!("Filter out NaN and infinite values, e.g. WHERE {name} <> 'NaN' AND {name} < 'Infinity'."),
        ));
    }
    if value < 0.0 {
        return Err(Error::invalid_data(
            format!("{name} must not be negative, got {value}"),
            format!("Negative {name} values (refunds, corrections) must be netted out before aggregating."),
        ));
    }
    Ok(value)
}
