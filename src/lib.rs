//! pg_usage: customer usage models inside PostgreSQL.
//!
//! A thin SQL layer over `usage_core`: each module wraps one family of the
//! contract in ../shared/DESIGN.md; hand-written SQL (aggregates, comments)
//! lives in sql/<family>.sql and is included by the family's module.


::pgrx::pg_module_magic!();

mod pgutil;

mod usage;

mod accounts;
mod cltv;
mod funnel;
mod lifecycle;
mod retention;
mod rfm;
mod saas;

pgrx::extension_sql_file!("../sql/comments.sql", name = "support_comments", finalize);
