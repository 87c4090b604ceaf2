//! Pure Rust core of pg_usage: summary states, merge, models and maths.
//!
//! Nothing here depends on PostgreSQL. The extension crate (`pg_usage`) is a thin
//! SQL layer over these modules, one module per family. Every fallible function
//! returns [`Result`] with an [`Error`] that the SQL layer turns into an ERROR
//! with SQLSTATE, message and hint.

pub mod codec;
pub mod day;
pub mod day_set;
pub mod error;
pub mod exact_sum;
pub mod split_mix;

pub mod usage;

pub mod accounts;
pub mod cltv;
pub mod funnel;
pub mod lifecycle;
pub mod models;
pub mod retention;
pub mod rfm;
pub mod saas;

pub use error::{finite, in_range, Error, ErrorKind, Result};
