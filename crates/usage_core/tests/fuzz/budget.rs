//! Time and memory budgets of one case, proportional to the input's size.
//!
//! A counting allocator keeps, per thread, the bytes live and the peak since the
//! case started: a decoder that expands a small value (a day range walked day by
//! day, a count taken as a length) shows up as a peak far beyond its input.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::{Duration, Instant};

struct Counting;

thread_local! {
    static LIVE: Cell<i64> = const { Cell::new(0) };
    static PEAK: Cell<i64> = const { Cell::new(0) };
}

fn track(delta: i64) {
    // try_with: allocations during thread teardown are not counted.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        if WATCHED.try_with(Cell::get).unwrap_or(false) {
            WATCHED_LIVE.store(now, std::sync::atomic::Ordering::Relaxed);
        }
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

// SAFETY: every call is forwarded to the system allocator unchanged; only counters move.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        track(layout.size() as i64);
        // SAFETY: the caller's layout is passed on as is.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(-(layout.size() as i64));
        // SAFETY: ptr was allocated by System with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        track(layout.size() as i64);
        // SAFETY: the caller's layout is passed on as is.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        track(new_size as i64 - layout.size() as i64);
        // SAFETY: ptr was allocated by System with this layout; new_size is the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most a case may hold at once: a fixed allowance plus a constant per input
/// byte. A parsed JSON tree costs tens of bytes per input byte (a 32-byte value
/// per one-character number, map nodes per key), doubled by vector growth.
pub fn memory_limit(input_len: usize) -> i64 {
    (1 << 20) + 256 * input_len as i64
}

/// The longest a case may take: generous, since the machine is shared; the cases
/// this catches (walking a range of millions of days) take seconds.
pub fn time_limit(input_len: usize) -> Duration {
    Duration::from_millis(50) + Duration::from_micros(20) * input_len as u32
}

/// Runs `f`, returning its result, its peak memory above the bytes live before
/// it, and its time.
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, i64, Duration) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let start = Instant::now();
    let value = f();
    let elapsed = start.elapsed();
    (value, PEAK.with(Cell::get) - base, elapsed)
}

thread_local! {
    static WATCHED: Cell<bool> = const { Cell::new(false) };
}

/// Live bytes of the watched (fuzzing) thread, for the watchdog: a runaway case
/// is reported with its input before it exhausts the machine.
pub static WATCHED_LIVE: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// Makes the calling thread the one [`WATCHED_LIVE`] follows.
pub fn watch_this_thread() {
    WATCHED.with(|w| w.set(true));
}
