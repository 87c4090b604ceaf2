//! pg_usage: customer usage models inside PostgreSQL.
//!
//! A thin SQL layer over `usage_core`: each module wraps one family; hand-written
//! SQL (aggregates, comments) lives in sql/<family>.sql and is included by the
//! family's module. docs/internals.md is the map and the aggregate pattern.

::pgrx::pg_module_magic!();

mod aggregate;
mod memory;
mod pgutil;

/// Loads the library into a backend: from here on Rust allocates in PostgreSQL
/// memory contexts (src/memory.rs).
#[pgrx::pg_guard]
pub extern "C-unwind" fn _PG_init() {
    // SAFETY: the first Rust code of the backend; nothing has been allocated yet.
    unsafe { memory::init() };
    // SAFETY: _PG_init runs once per backend, before any error of this library.
    unsafe { pgutil::install_emit_log_hook() };
}

mod usage;

mod accounts;
mod cltv;
mod funnel;
mod lifecycle;
mod retention;
mod rfm;
mod saas;

pgrx::extension_sql_file!("../sql/comments.sql", name = "support_comments", finalize);
