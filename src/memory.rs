//! Every Rust allocation of a backend lives in a PostgreSQL memory context.
//!
//! The global allocator hands out `palloc` chunks. Where they go is the *target*
//! context: by default `pg_usage`, a child of `TopMemoryContext` (the heap of
//! transient values, freed by their owners); while an aggregate support function
//! runs, the aggregate's own context ([`in_aggregate_memory`]), so a state and
//! everything it owns is counted by `EXPLAIN`'s Memory Usage and by HashAggregate's
//! spill decision, and is freed when PostgreSQL resets that context, whatever
//! happened before. Allocation failure is PostgreSQL's `out of memory` ERROR
//! (53200), never an abort: `MemoryContextAllocExtended` raises it.
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
        // SAFETY: `outer` has a non-zero size; the mark goes in the prefix, which is at
        // least 16 bytes and aligned to a word, just before the returned block.
        unsafe {
            let start = System.alloc(outer);
            if start.is_null() {
                return start;
            }
            let block = start.add(prefix);
            block.cast::<*mut u8>().sub(1).write(system_mark());
            block
        }
    }

    unsafe fn system_dealloc(block: *mut u8, layout: Layout) {
        let prefix = layout.align().max(16);
        // SAFETY: `block` came from `system_alloc(layout)`, which allocated this outer layout at `block - prefix`.
        unsafe { System.dealloc(block.sub(prefix), Layout::from_size_align_unchecked(layout.size() + prefix, prefix)) }
    }

    unsafe fn is_system(block: *mut u8) -> bool {
        // SAFETY: every block of this allocator has a readable word before it (a palloc chunk
        // header, the start of an over-aligned chunk, or the system mark).
        unsafe { block.cast::<*mut u8>().sub(1).read() == system_mark() }
    }
}

// SAFETY: palloc chunks come from MemoryContextAllocExtended (8-byte aligned; larger
// alignments are served from an over-allocated chunk whose start is kept just
// before the returned pointer) and go back to pfree/repalloc, which find their
// context from the chunk header; system blocks are marked and go back to the
// system allocator. Only the backend's thread touches PostgreSQL memory.
unsafe impl GlobalAlloc for PgAllocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !BACKEND_THREAD.get() {
            // SAFETY: `layout` is the caller's, of non-zero size as `alloc` requires.
            return unsafe { Self::system_alloc(layout) };
        }
        let target = TARGET.load(Ordering::Relaxed);
        // SAFETY: on the backend's thread, `target` is a live memory context. An over-aligned
        // request gets `align` extra bytes: the aligned pointer is 8 to `align` bytes past
        // the chunk's start (palloc aligns to 8), room for the start in the word before it.
        unsafe {
            if layout.align() <= PALLOC_ALIGN {
                return raw::MemoryContextAllocExtended(target, layout.size().max(1), HUGE).cast();
            }
            let start: *mut u8 = raw::MemoryContextAllocExtended(target, layout.size() + layout.align(), HUGE).cast();
            let aligned = start.add(layout.align() - (start as usize & (layout.align() - 1)));
            aligned.cast::<*mut u8>().sub(1).write(start);
            aligned
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc(layout)`: a marked system block, a palloc chunk, or
        // (over-aligned) a pointer into a palloc chunk whose start is in the word before it.
        unsafe {
            if Self::is_system(ptr) {
                Self::system_dealloc(ptr, layout);
            } else if layout.align() <= PALLOC_ALIGN {
                raw::pfree(ptr.cast());
            } else {
                raw::pfree(ptr.cast::<*mut u8>().sub(1).read().cast());
            }
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from `alloc(layout)` (so a non-system chunk with palloc's alignment
        // is a plain palloc chunk), and the caller guarantees `new_size` makes a valid layout.
        unsafe {
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
}

/// Switches the allocator to PostgreSQL memory; called first in `_PG_init`,
/// before any Rust code of the backend has allocated.
pub unsafe fn init() {
    // SAFETY: called in a backend, on its thread, where TopMemoryContext is set up.
    let context = unsafe {
        pg_sys::AllocSetContextCreateInternal(
            pg_sys::TopMemoryContext,
            c"pg_usage".as_ptr(),
            pg_sys::ALLOCSET_DEFAULT_MINSIZE as usize,
            pg_sys::ALLOCSET_DEFAULT_INITSIZE as usize,
            pg_sys::ALLOCSET_DEFAULT_MAXSIZE as usize,
        )
    };
    DEFAULT_TARGET.store(context, Ordering::Relaxed);
    TARGET.store(context, Ordering::Relaxed);
    BACKEND_THREAD.set(true);
    // What the panic machinery keeps between calls (pgrx's last panic location, a
    // backtrace) must not live in an aggregate context that is reset meanwhile.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| allocating_in(DEFAULT_TARGET.load(Ordering::Relaxed), || hook(info))));
    // SAFETY: called in a backend, on its thread; the callbacks take no argument.
    unsafe {
        pg_sys::RegisterXactCallback(Some(on_transaction_end), std::ptr::null_mut());
        pg_sys::RegisterSubXactCallback(Some(on_subtransaction_end), std::ptr::null_mut());
    }
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
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function.
    let Some(context) = (unsafe { aggregate_context(fcinfo) }) else {
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
    // SAFETY: fcinfo is the live call frame PostgreSQL passed to this fmgr function.
    (unsafe { raw::AggCheckCallContext(fcinfo, &mut context) } != 0).then_some(context)
}

/// `size` bytes of `context` (8-byte aligned); out of memory is an ERROR.
#[inline]
pub unsafe fn alloc_in(context: pg_sys::MemoryContext, size: usize) -> *mut u8 {
    // SAFETY: the caller passes a live memory context.
    unsafe { raw::MemoryContextAllocExtended(context, size, HUGE).cast() }
}
