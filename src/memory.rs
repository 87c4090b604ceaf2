//! Every Rust allocation of a backend lives in a PostgreSQL memory context.
//!
//! The global allocator hands out `palloc` chunks. Where they go is the *target*
//! context: by default `pg_usage`, a child of `TopMemoryContext` (the heap of
//! transient values, freed by their owners); while an aggregate support function
//! runs, the aggregate's own context ([`in_aggregate_memory`]), so a state and
//! everything it owns is counted by `EXPLAIN`'s Memory Usage and by HashAggregate's
//! spill decision, and is freed when PostgreSQL resets that context, whatever
//! happened before. Allocation failure is PostgreSQL's `out of memory` ERROR
//! (53200), never an abort: `MemoryContextAlloc` raises it.
//!
//! Outside a backend (the schema generator loads the library as a plain program)
//! and on helper threads the system allocator serves, with a mark that lets any
//! thread free such a block correctly.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ffi::c_void;
use std::sync::atomic::{AtomicPtr, Ordering};

use pgrx::pg_sys;

/// PostgreSQL's allocation functions, called directly: pgrx's wrappers would set
/// up an error boundary per call, a large share of a small allocation's cost.
mod raw {
    use super::c_void;
    use pgrx::pg_sys::{FunctionCallInfo, MemoryContext, MemoryContextData};
    extern "C" {
        pub fn AggCheckCallContext(fcinfo: FunctionCallInfo, context: *mut MemoryContext) -> i32;
        pub fn MemoryContextAllocExtended(context: *mut MemoryContextData, size: usize, flags: i32) -> *mut c_void;
        pub fn repalloc_huge(pointer: *mut c_void, size: usize) -> *mut c_void;
        pub fn pfree(pointer: *mut c_void);
    }
}

/// `palloc`'s alignment (MAXALIGN on every platform PostgreSQL 15 supports here).
const PALLOC_ALIGN: usize = 8;

/// Chunks may exceed palloc's 1 GB limit (a state can hold that much): "huge"
/// allocations are otherwise ordinary chunks of the same context.
const HUGE: i32 = pg_sys::MCXT_ALLOC_HUGE as i32;

static DEFAULT_TARGET: AtomicPtr<pg_sys::MemoryContextData> = AtomicPtr::new(std::ptr::null_mut());
static TARGET: AtomicPtr<pg_sys::MemoryContextData> = AtomicPtr::new(std::ptr::null_mut());

thread_local! {
    /// True on the backend's own thread once `_PG_init` ran. Helper threads (the
    /// CLV fits sum on two) and the schema generator use the system allocator.
    static BACKEND_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// The word before a system-allocated block: PostgreSQL 15 keeps a chunk's memory
/// context in the word before every palloc chunk, which is never this address,
/// so `dealloc` can tell the two kinds apart whichever thread frees a block.
static SYSTEM_MARK: u8 = 0;

fn system_mark() -> *mut u8 {
    std::ptr::addr_of!(SYSTEM_MARK).cast_mut()
}

pub struct PgAllocator;

#[global_allocator]
static ALLOCATOR: PgAllocator = PgAllocator;

impl PgAllocator {
    /// A system block with a prefix whose last word is [`SYSTEM_MARK`].
    unsafe fn system_alloc(layout: Layout) -> *mut u8 {
        let prefix = layout.align().max(16);
        let Ok(outer) = Layout::from_size_align(layout.size() + prefix, prefix) else { return std::ptr::null_mut() };
        let start = System.alloc(outer);
        if start.is_null() {
            return start;
        }
        let block = start.add(prefix);
        block.cast::<*mut u8>().sub(1).write(system_mark());
        block
    }

    unsafe fn system_dealloc(block: *mut u8, layout: Layout) {
        let prefix = layout.align().max(16);
        System.dealloc(block.sub(prefix), Layout::from_size_align_unchecked(layout.size() + prefix, prefix));
    }

    unsafe fn is_system(block: *mut u8) -> bool {
        block.cast::<*mut u8>().sub(1).read() == system_mark()
    }
}

// SAFETY: palloc chunks come from MemoryContextAlloc (8-byte aligned; larger
// alignments are served from an over-allocated chunk whose start is kept just
// before the returned pointer) and go back to pfree/repalloc, which find their
// context from the chunk header; system blocks are marked and go back to the
// system allocator. Only the backend's thread touches PostgreSQL memory.
unsafe impl GlobalAlloc for PgAllocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !BACKEND_THREAD.get() {
            return Self::system_alloc(layout);
        }
        let target = TARGET.load(Ordering::Relaxed);
        if layout.align() <= PALLOC_ALIGN {
            return raw::MemoryContextAllocExtended(target, layout.size().max(1), HUGE).cast();
        }
        let start: *mut u8 = raw::MemoryContextAllocExtended(target, layout.size() + layout.align(), HUGE).cast();
        let aligned = start.add(layout.align() - (start as usize & (layout.align() - 1)));
        aligned.cast::<*mut u8>().sub(1).write(start);
        aligned
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if Self::is_system(ptr) {
            Self::system_dealloc(ptr, layout);
        } else if layout.align() <= PALLOC_ALIGN {
            raw::pfree(ptr.cast());
        } else {
            raw::pfree(ptr.cast::<*mut u8>().sub(1).read().cast());
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= PALLOC_ALIGN && BACKEND_THREAD.get() && !Self::is_system(ptr) {
            // repalloc keeps the chunk in its context: a state grows where it lives.
            return raw::repalloc_huge(ptr.cast(), new_size.max(1)).cast();
        }
        let new = self.alloc(Layout::from_size_align_unchecked(new_size, layout.align()));
        if !new.is_null() {
            std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}

/// Switches the allocator to PostgreSQL memory; called first in `_PG_init`,
/// before any Rust code of the backend has allocated.
pub unsafe fn init() {
    let context = pg_sys::AllocSetContextCreateInternal(
        pg_sys::TopMemoryContext,
        c"pg_usage".as_ptr(),
        pg_sys::ALLOCSET_DEFAULT_MINSIZE as usize,
        pg_sys::ALLOCSET_DEFAULT_INITSIZE as usize,
        pg_sys::ALLOCSET_DEFAULT_MAXSIZE as usize,
    );
    DEFAULT_TARGET.store(context, Ordering::Relaxed);
    TARGET.store(context, Ordering::Relaxed);
    BACKEND_THREAD.set(true);
    // What the panic machinery keeps between calls (pgrx's last panic location, a
    // backtrace) must not live in an aggregate context that is reset meanwhile.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| allocating_in(DEFAULT_TARGET.load(Ordering::Relaxed), || hook(info))));
    pg_sys::RegisterXactCallback(Some(on_transaction_end), std::ptr::null_mut());
    pg_sys::RegisterSubXactCallback(Some(on_subtransaction_end), std::ptr::null_mut());
}

/// An ERROR raised inside PostgreSQL (out of memory, a cancel) may jump over an
/// aggregate scope without restoring the target; the aggregate context it names
/// is about to be reset, so every abort points the allocator back at the default.
unsafe extern "C-unwind" fn on_transaction_end(event: pg_sys::XactEvent::Type, _: *mut c_void) {
    if event == pg_sys::XactEvent::XACT_EVENT_ABORT || event == pg_sys::XactEvent::XACT_EVENT_PARALLEL_ABORT {
        TARGET.store(DEFAULT_TARGET.load(Ordering::Relaxed), Ordering::Relaxed);
    }
}

unsafe extern "C-unwind" fn on_subtransaction_end(
    event: pg_sys::SubXactEvent::Type,
    _: pg_sys::SubTransactionId,
    _: pg_sys::SubTransactionId,
    _: *mut c_void,
) {
    if event == pg_sys::SubXactEvent::SUBXACT_EVENT_ABORT_SUB {
        TARGET.store(DEFAULT_TARGET.load(Ordering::Relaxed), Ordering::Relaxed);
    }
}

/// Restores the previous target when a scope ends, also when a Rust ERROR unwinds.
struct TargetScope(*mut pg_sys::MemoryContextData);

impl Drop for TargetScope {
    fn drop(&mut self) {
        TARGET.store(self.0, Ordering::Relaxed);
    }
}

/// Runs `f` with Rust allocations going to `context`.
#[inline]
pub fn allocating_in<R>(context: pg_sys::MemoryContext, f: impl FnOnce() -> R) -> R {
    let _scope = TargetScope(TARGET.swap(context, Ordering::Relaxed));
    f()
}

/// Runs `f` with Rust allocations going to the calling aggregate's context,
/// which it receives. Every aggregate support function runs its body in here.
#[inline]
pub unsafe fn in_aggregate_memory<R>(
    fcinfo: pg_sys::FunctionCallInfo,
    f: impl FnOnce(pg_sys::MemoryContext) -> R,
) -> R {
    let Some(context) = aggregate_context(fcinfo) else {
        crate::pgutil::raise(usage_core::Error::invalid_parameter(
            "aggregate support function called outside an aggregate",
            "Call the aggregate itself, not its support functions.",
        ))
    };
    allocating_in(context, || f(context))
}

/// The calling aggregate's memory context, or `None` outside an aggregate.
#[inline]
pub unsafe fn aggregate_context(fcinfo: pg_sys::FunctionCallInfo) -> Option<pg_sys::MemoryContext> {
    let mut context: pg_sys::MemoryContext = std::ptr::null_mut();
    (raw::AggCheckCallContext(fcinfo, &mut context) != 0).then_some(context)
}

/// `size` bytes of `context` (8-byte aligned); out of memory is an ERROR.
#[inline]
pub unsafe fn alloc_in(context: pg_sys::MemoryContext, size: usize) -> *mut u8 {
    raw::MemoryContextAllocExtended(context, size, HUGE).cast()
}
