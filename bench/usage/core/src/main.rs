//! The bench/usage workload (10M events, 100k users, 730 days, 20 features, in time
//! order) fed straight into usage_core, without PostgreSQL, to split the per-event
//! cost of usage_agg into its parts. Run: cargo run --release (see bench/README.md).
use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

use usage_core::codec::Versioned;
use usage_core::usage::{UsageBuilder, UsageSummary};

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
    // usage_agg's state: UsageBuilder buffers events per group and folds them in
    // sorted batches while the group's memory is hot.
    time("UsageBuilder::record(day, quantity, Some(feature))", &mut || {
        let mut m: HashMap<u32, UsageBuilder> = HashMap::new();
        for e in &events {
            m.entry(e.user).or_default().record(e.day, e.quantity, Some(&names[e.feature])).unwrap();
        }
        black_box(m.values_mut().map(|b| b.summary().events()).sum::<u64>() as usize)
    });
    time("... then serialize every summary (to_bytes)", &mut || {
        let mut m: HashMap<u32, UsageBuilder> = HashMap::new();
        for e in &events {
            m.entry(e.user).or_default().record(e.day, e.quantity, Some(&names[e.feature])).unwrap();
        }
        black_box(m.values_mut().map(|b| b.summary().to_bytes().len()).sum::<usize>())
    });
    let mut m: HashMap<u32, UsageSummary> = HashMap::new();
    let mut b: HashMap<u32, UsageBuilder> = HashMap::new();
    for e in &events {
        m.entry(e.user).or_default().record(e.day, e.quantity, Some(&names[e.feature])).unwrap();
        b.entry(e.user).or_default().record(e.day, e.quantity, Some(&names[e.feature])).unwrap();
    }
    let same = b.iter_mut().all(|(u, builder)| m.get(u) == Some(builder.summary()));
    println!("builder summaries equal the direct ones: {same}");
    let bytes: usize = m.values().map(|s| s.to_bytes().len()).sum();
    println!("summaries: {} users, {:.1} MB serialized ({:.0} bytes/user)", m.len(), bytes as f64 / 1e6, bytes as f64 / m.len() as f64);
}
