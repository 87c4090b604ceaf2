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

/// The one rule for the numeric results of every SQL function: a NaN or infinite
/// result is an error 22003 naming the function (functions that document a NULL
/// instead decide so before calling this), and -0 becomes 0.
pub fn finite(function: &str, value: f64) -> Result<f64> {
    if value.is_finite() {
        // -0 + 0 is +0 in IEEE 754; every other value is unchanged.
        return Ok(value + 0.0);
    }
    // As PostgreSQL prints float8.
    let shown = if value.is_nan() {
        "NaN"
    } else if value > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    };
    Err(Error::new(
        ErrorKind::NumericOutOfRange,
        format!("{function}: the result is out of range for double precision ({shown})"),
        "An argument is too large or too close to zero (e.g. 1e308 or 5e-324) for the result to be a finite number; check the arguments for extreme values.",
    ))
}

/// An integer result computed with checked arithmetic: `None` (an overflow) is an
/// error 22003 naming the function, never a wrapped or saturated value.
pub fn in_range<T>(function: &str, value: Option<T>) -> Result<T> {
    value.ok_or_else(|| {
        Error::new(
            ErrorKind::NumericOutOfRange,
            format!("{function}: the result is out of range for its integer type"),
            "The count or sum exceeds the range of the result type; check the arguments for extreme values.",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finite_passes_finite_values_and_turns_negative_zero_into_zero() {
        for v in [0.0, 1.5, -2.0, f64::MAX, f64::MIN, f64::MIN_POSITIVE, 5e-324] {
            assert_eq!(finite("f", v).unwrap().to_bits(), v.to_bits());
        }
        let z = finite("f", -0.0).unwrap();
        assert_eq!(z, 0.0);
        assert!(z.is_sign_positive());
    }

    #[test]
    fn finite_rejects_nan_and_infinities_with_22003_naming_the_function() {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let e = finite("expected_spend", v).unwrap_err();
            assert_eq!(e.kind, ErrorKind::NumericOutOfRange);
            assert_eq!(e.kind.sqlstate(), "22003");
            assert!(e.message.starts_with("expected_spend: "), "{}", e.message);
            assert!(e.message.ends_with(if v.is_nan() {
                "(NaN)"
            } else if v > 0.0 {
                "(Infinity)"
            } else {
                "(-Infinity)"
            }));
            assert!(!e.hint.is_empty());
        }
    }

    #[test]
    fn in_range_rejects_overflow() {
        assert_eq!(in_range("active_users", 3i64.checked_add(1)).unwrap(), 4);
        let e = in_range("active_users", i64::MAX.checked_add(1)).unwrap_err();
        assert_eq!(e.kind.sqlstate(), "22003");
        assert!(e.message.starts_with("active_users: "));
    }
}
