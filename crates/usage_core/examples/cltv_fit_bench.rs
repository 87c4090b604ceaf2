//! Times the CLTV fits of the core alone on the benchmark CSV (bench/cltv/run.sh
//! writes it: x, t_x, T, monetary per customer), without PostgreSQL:
//!
//!     cargo run -p usage_core --release --example cltv_fit_bench -- /tmp/pg_usage_bench_cltv_1000000_42.csv
//! Times are CPU time of the process (all threads), less disturbed than wall time
//! on a shared machine; run under `taskset -c 0` for one thread.

extern "C" {
    fn clock_gettime(clock: i32, ts: *mut [i64; 2]) -> i32;
}

/// CPU time of the process.
#[derive(Clone, Copy)]
struct Instant(f64);

impl Instant {
    fn now() -> Self {
        let mut ts = [0i64; 2];
        // SAFETY: ts is a valid timespec-sized buffer; 2 = CLOCK_PROCESS_CPUTIME_ID.
        unsafe { clock_gettime(2, &mut ts) };
        Instant(ts[0] as f64 + ts[1] as f64 * 1e-9)
    }
}

impl std::ops::Sub for Instant {
    type Output = std::time::Duration;
    fn sub(self, o: Self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.0 - o.0)
    }
}

use usage_core::cltv::{gamma_gamma::check_spend, BgNbdModel, GammaGammaModel, Pairs, Triples};
use usage_core::codec::TextForm;

fn main() {
    let path = std::env::args().nth(1).expect("CSV path");
    let text = std::fs::read_to_string(&path).expect("read CSV");
    let rows: Vec<[f64; 4]> = text
        .lines()
        .skip(1)
        .map(|l| {
            let v: Vec<f64> = l.split(',').map(|f| f.parse().unwrap()).collect();
            [v[0], v[1], v[2], v[3]]
        })
        .collect();
    let ok = || Ok(());
    for round in 0..5 {
        let t0 = Instant::now();
        let mut triples = Triples::new();
        for r in &rows {
            triples.add([r[0], r[1], r[2]], 1.0);
        }
        let t1 = Instant::now();
        let bg_state = triples.clone(); // unflushed, for the round trip and sorted() below
        let t1b = Instant::now();
        let wall = std::time::Instant::now();
        let bg = BgNbdModel::fit(&triples, &ok).unwrap();
        let bg_wall = wall.elapsed();
        let t2 = Instant::now();
        let mut pairs = Pairs::new();
        for r in &rows {
            if check_spend(r[0], r[3]).unwrap() {
                pairs.add([r[0], r[3]], 1.0);
            }
        }
        let t3 = Instant::now();
        let gg = GammaGammaModel::fit(&pairs, &ok).unwrap();
        let t4 = Instant::now();
        let ser = Triples::decode(&bg_state.encode()).unwrap();
        let t5 = Instant::now();
        let sorted = bg_state.sorted();
        let t6 = Instant::now();
        assert_eq!(sorted.len(), 346289.min(sorted.len()));
        assert_eq!(ser, triples);
        println!(
            "round {round}: bgnbd state {:.3} s fit {:.3} s (wall {:.3} s) ({} distinct, {} iterations) | gamma-gamma state {:.3} s fit {:.3} s ({} distinct, {} iterations) | state round trip {:.3} s | sorted {:.3} s",
            (t1 - t0).as_secs_f64(),
            (t2 - t1b).as_secs_f64(),
            bg_wall.as_secs_f64(),
            bg.info.distinct,
            bg.info.iterations,
            (t3 - t2).as_secs_f64(),
            (t4 - t3).as_secs_f64(),
            gg.info.distinct,
            gg.info.iterations,
            (t5 - t4).as_secs_f64(),
            (t6 - t5).as_secs_f64(),
        );
        if round == 0 {
            println!("{}\n{}", bg.to_text(), gg.to_text());
        }
    }
}
