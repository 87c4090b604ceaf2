//! SaaS metrics: MRR histories and movements, population summaries with churn,
//! retention, ARPA, quick ratio and cash, and unit economics.

pub mod cohorts;
pub mod history;
pub mod money;

pub use cohorts::{CohortRow, CohortSummary};
pub use history::{Movement, MovementRow, MrrHistory};
pub use money::Decimal;
pub mod summary;
pub use summary::{MetricsRow, MonthMoves, SaasSummary};
pub mod unit;

#[cfg(test)]
mod tests;
