//! Usage models learnt from the data (docs/models.md).

pub mod assoc;
