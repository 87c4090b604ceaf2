//! The bench/usage workload (10M events, 100k users, 730 days, 20 features, in time
//! order) fed straight into usage_core, without PostgreSQL, to split the per-event
//! cost of usage_agg into its parts. Run: cargo run --release (see bench/README.md).
use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

use usage_core::usage::UsageSummary;

const EVENTS: usize = 10_000_000;
const USERS: f64 = 100_000.0;

/// xorshift64*: a fixed, dependency-free stream of uniforms in [0, 1).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

struct Event {
    day: i32,
    user: u32,
    feature: usize,
    quantity: f64,
}

fn main() {
    // Same shape as bench/usage/generate.sql (not the same rows).
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let names: Vec<String> = (1..=20).map(|i| format!("feature_{i:02}")).collect();
    let events: Vec<Event> = (0..EVENTS)
        .map(|g| Event {
            day: 9_313 + (g / 13_699) as i32, // 2025-07-01 onwards, in time order
            user: 1 + (USERS * rng.next().powf(1.5)).floor() as u32,
            feature: (20.0 * rng.next().powi(2)).floor() as usize,
            quantity: 1.0 + (10.0 * rng.next()).floor(),
        })
        .collect();

    let time = |label: &str, f: &mut dyn FnMut() -> usize| {
        let mut best = f64::MAX;
        let mut out = 0;
        for _ in 0..3 {
            let t = Instant::now();
            out = f();
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("{label:<58} {:>7.0} ms {:>6.0} ns/event  ({out})", best * 1e3, best * 1e9 / EVENTS as f64);
    };

    time("floor: HashMap<user, count>", &mut || {
        let mut m: HashMap<u32, u64> = HashMap::new();
        for e in &events {
            *m.entry(e.user).or_default() += 1;
        }
        black_box(m.len())
    });
    time("UsageSummary::record(day, quantity, None)", &mut || {
        let mut m: HashMap<u32, UsageSummary> = HashMap::new();
        for e in &events {
            m.entry(e.user).or_default().record(e.day, e.quantity, None).unwrap();
        }
        black_box(m.len())
    });
    time("UsageSummary::record(day, quantity, Some(feature))", &mut || {
        let mut m: HashMap<u32, UsageSummary> = HashMap::new();
        for e in &events {
            m.entry(e.user).or_default().record(e.day, e.quantity, Some(&names[e.feature])).unwrap();
        }
        black_box(m.len())
    });
    #[cfg(any())]
    time("... then 6 accessors per user", &mut || {
        let mut m: HashMap<u32, UsageSummary> = HashMap::new();
        for e in &events {
            m.entry(e.user).or_default().record(e.day, e.quantity, Some(&names[e.feature])).unwrap();
        }
        let mut acc = 0u64;
        for s in m.values() {
            acc += s.events() + s.active_days() + s.feature_breadth() as u64;
            acc += (s.first_seen().unwrap() + s.last_seen().unwrap()) as u64;
            acc += s.total_quantity().unwrap() as u64;
        }
        black_box(acc as usize)
    });
    // Prototype of a cheaper transition: append (day, feature, quantity) to a small
    // per-group buffer and fold it into the summary every BUFFER events, sorted by
    // feature and day, so the fold touches one summary's memory while it is hot
    // instead of chasing its pointers (bitmap, partials, feature map) on every row.
    for buffer in [16usize, 64, 256] {
        time(&format!("buffered record, flush every {buffer} events (same summaries)"), &mut || {
            let mut m: HashMap<u32, (Vec<(u8, i32, f64)>, UsageSummary)> = HashMap::new();
            let flush = |buf: &mut Vec<(u8, i32, f64)>, s: &mut UsageSummary| {
                buf.sort_unstable_by_key(|&(f, d, _)| (f, d));
                for &(f, d, q) in buf.iter() {
                    s.record(d, q, Some(&names[f as usize])).unwrap();
                }
                buf.clear();
            };
            for e in &events {
                let (buf, s) = m.entry(e.user).or_insert_with(|| (Vec::with_capacity(buffer), UsageSummary::new()));
                buf.push((e.feature as u8, e.day, e.quantity));
                if buf.len() == buffer {
                    flush(buf, s);
                }
            }
            for (buf, s) in m.values_mut() {
                flush(buf, s);
            }
            black_box(m.len())
        });
    }
    let mut m: HashMap<u32, UsageSummary> = HashMap::new();
    for e in &events {
        m.entry(e.user).or_default().record(e.day, e.quantity, Some(&names[e.feature])).unwrap();
    }
    // The buffered fold must build exactly the same summaries.
    let mut b: HashMap<u32, (Vec<(u8, i32, f64)>, UsageSummary)> = HashMap::new();
    for e in &events {
        let (buf, _) = b.entry(e.user).or_default();
        buf.push((e.feature as u8, e.day, e.quantity));
    }
    let same = b.iter_mut().all(|(u, (buf, s))| {
        buf.sort_unstable_by_key(|&(f, d, _)| (f, d));
        for &(f, d, q) in buf.iter() {
            s.record(d, q, Some(&names[f as usize])).unwrap();
        }
        m.get(u) == Some(s)
    });
    println!("buffered summaries equal the direct ones: {same}");
    let bytes: usize = m.values().map(|s| usage_core::codec::Versioned::to_bytes(s).len()).sum();
    println!("summaries: {} users, {:.1} MB serialized ({:.0} bytes/user)", m.len(), bytes as f64 / 1e6, bytes as f64 / m.len() as f64);
}
