//! Deterministic sums over the rows of a fit, on up to two threads.
//!
//! The rows are cut into [`CHUNKS`] fixed contiguous ranges; each range is summed
//! serially in row order and the range sums are added in range order. Whether the
//! ranges run on one thread or two changes only the wall time, never a bit of the
//! result. The helper thread runs pure Rust arithmetic on memory it borrows: no
//! PostgreSQL call (no palloc, no ereport, no interrupt check) happens off the
//! caller's thread, and it is spawned with all signals blocked so that signals
//! sent to the backend are handled by the backend's own thread.

use std::ops::Range;
use std::sync::OnceLock;

/// Fixed number of ranges the rows are cut into (also the most threads used).
pub const CHUNKS: usize = 2;

/// Below this many rows one thread sums both ranges (a thread costs tens of
/// microseconds, a row tens of nanoseconds).
pub const MIN_PARALLEL_ROWS: usize = 16_384;

/// Threads used for large fits: 2, or 1 on a single-CPU machine.
pub fn default_threads() -> usize {
    static THREADS: OnceLock<usize> = OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()).min(CHUNKS))
}

/// The fixed ranges of `0..n`.
pub fn chunks(n: usize) -> [Range<usize>; CHUNKS] {
    let mid = n / 2;
    [0..mid, mid..n]
}

/// Sums `f` over the fixed ranges of `0..n`, element-wise, first range first.
/// `threads` > 1 runs the second range on a scoped helper thread when `n` is at
/// least [`MIN_PARALLEL_ROWS`]; the result is the same bit for bit either way.
pub fn chunked_sum<const K: usize, F>(n: usize, threads: usize, f: F) -> [f64; K]
where
    F: Fn(Range<usize>) -> [f64; K] + Sync,
{
    let [first, second] = chunks(n);
    let (a, b) = join(threads > 1 && n >= MIN_PARALLEL_ROWS, || f(first), || f(second));
    let mut out = a;
    for (o, v) in out.iter_mut().zip(b) {
        *o += v;
    }
    out
}

/// Runs `a` on the calling thread and `b` on a scoped helper thread (all signals
/// blocked) when `parallel`, else both here, `a` first. Falls back to running `b`
/// here when no thread can be started; a panic in `b` reaches the caller.
pub fn join<A, B>(parallel: bool, a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B)
where
    B: Send,
{
    if !parallel {
        let ra = a();
        return (ra, b());
    }
    // The closure goes to the helper through a slot, so that it can still run here
    // when the thread cannot be started.
    let slot = std::sync::Mutex::new(Some(b));
    std::thread::scope(|scope| {
        let helper = {
            let _blocked = sigmask::BlockAll::new();
            let slot = &slot;
            std::thread::Builder::new().name("pg_usage fit".into()).spawn_scoped(scope, move || {
                let b = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
                b.map(|b| b())
            })
        };
        let ra = a();
        let rb = match helper {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        };
        let rb = match rb {
            Some(rb) => rb,
            None => {
                let b = slot.lock().unwrap_or_else(|e| e.into_inner()).take().expect("b not run");
                b()
            }
        };
        (ra, rb)
    })
}

/// Blocks every signal on the calling thread while alive, so that a thread spawned
/// meanwhile starts (and stays) with all signals blocked; restores the old mask.
#[cfg(target_os = "linux")]
mod sigmask {
    /// glibc's sigset_t: 1024 bits.
    #[repr(C)]
    struct SigSet([u64; 16]);

    extern "C" {
        fn sigfillset(set: *mut SigSet) -> i32;
        fn pthread_sigmask(how: i32, set: *const SigSet, old: *mut SigSet) -> i32;
    }

    const SIG_SETMASK: i32 = 2;

    pub struct BlockAll(Option<SigSet>);

    impl BlockAll {
        pub fn new() -> Self {
            let mut all = SigSet([0; 16]);
            let mut old = SigSet([0; 16]);
            // SAFETY: both pointers point to live sigset_t-sized buffers.
            let ok = unsafe { sigfillset(&mut all) == 0 && pthread_sigmask(SIG_SETMASK, &all, &mut old) == 0 };
            BlockAll(ok.then_some(old))
        }
    }

    impl Drop for BlockAll {
        fn drop(&mut self) {
            if let Some(old) = &self.0 {
                // SAFETY: restores the mask saved by `new` on this same thread.
                unsafe {
                    pthread_sigmask(SIG_SETMASK, old, std::ptr::null_mut());
                }
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod sigmask {
    pub struct BlockAll;
    impl BlockAll {
        pub fn new() -> Self {
            BlockAll
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threaded_sum_equals_serial_sum_bit_for_bit() {
        // Values whose sum depends on the order of additions.
        let v: Vec<f64> =
            (0..100_003).map(|i| ((i * 7919) % 1000) as f64 * 1.000_000_1e-3 + 1e10 * ((i % 3) as f64)).collect();
        let f = |r: Range<usize>| {
            let mut s = [0.0, 0.0];
            for i in r {
                s[0] += v[i];
                s[1] += v[i].sqrt();
            }
            s
        };
        let serial = chunked_sum(v.len(), 1, f);
        let threaded = chunked_sum(v.len(), 2, f);
        assert_eq!(serial.map(f64::to_bits), threaded.map(f64::to_bits));
        // Small inputs: both ranges on the calling thread, same chunking.
        let small = chunked_sum(1001, 2, |r| [r.len() as f64]);
        assert_eq!(small, [1001.0]);
        assert_eq!(chunked_sum(0, 2, |r| [r.len() as f64]), [0.0]);
    }

    #[test]
    fn a_panic_on_the_helper_thread_reaches_the_caller() {
        let r = std::panic::catch_unwind(|| {
            chunked_sum(MIN_PARALLEL_ROWS * 2, 2, |r| {
                assert!(r.start == 0, "second range fails");
                [0.0]
            })
        });
        assert!(r.is_err());
    }
}
