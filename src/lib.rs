//! pg_usage: customer usage models inside PostgreSQL.
//!
//! A thin SQL layer over `usage_core`: each module wraps one family; hand-written
//! SQL (aggregates, comments) lives in sql/<family>.sql and is included by the
//! family's module. docs/internals.md is the map and the aggregate pattern.

::pgrx::pg_module_magic!();

mod aggregate;
mod jsonb;
mod memory;
mod pgutil;

/// Loads the library into a backend: from here on Rust allocates in PostgreSQL
/// memory contexts (src/memory.rs).
#[pgrx::pg_guard]
pub extern "C-unwind" fn _PG_init() {
    // A PostgreSQL ERROR that crosses Rust code is re-raised with the panic's
    // backtrace as its DETAIL when RUST_BACKTRACE is set in the server's
    // environment: users get the error, never a backtrace. (The backend is
    // single-threaded while it loads the library, so setting it is sound.)
    std::env::set_var("RUST_LIB_BACKTRACE", "0");
    // SAFETY: the first Rust code of the backend; nothing has been allocated yet.
    unsafe { memory::init() };
    // SAFETY: _PG_init runs once per backend, before any error of this library.
    unsafe { pgutil::install_emit_log_hook() };
}

mod usage;

mod accounts;
mod assoc;
mod cltv;
mod cohorts;
mod fit_points;
mod funnel;
mod kmeans;
mod lifecycle;
mod retention;
mod rfm;
mod saas;
mod sbg;
mod signals;

pgrx::extension_sql_file!("../sql/comments.sql", name = "support_comments", finalize);
