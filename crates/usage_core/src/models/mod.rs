//! Usage models learnt from the data (docs/models.md): clustering (k-means) and
//! association rules.

pub mod assoc;
pub mod kmeans;
