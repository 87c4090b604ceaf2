//! Times the Pareto/NBD fit of the core alone on the benchmark CSV (bench/cltv
//! writes it: x, t_x, T, monetary per customer), without PostgreSQL:
//!
//!     cargo run -p usage_core --release --example pareto_fit_bench -- CSV [N [ROUNDS [nelder-mead]]]
//!
//! N: the first N customers (default all); `nelder-mead`: the fit as before issue
//! 15 (Nelder-Mead on lifetimes' form of the likelihood). Prints wall and CPU time
//! of each round (CPU time counts both threads) and the model.

use usage_core::cltv::{ParetoNbdModel, Triples};
use usage_core::codec::TextForm;

extern "C" {
    fn clock_gettime(clock: i32, ts: *mut [i64; 2]) -> i32;
}

/// CPU time of the process in seconds.
fn cpu() -> f64 {
    let mut ts = [0i64; 2];
    // SAFETY: ts is a valid timespec-sized buffer; 2 = CLOCK_PROCESS_CPUTIME_ID.
    unsafe { clock_gettime(2, &mut ts) };
    ts[0] as f64 + ts[1] as f64 * 1e-9
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).expect("read CSV");
    let n: usize = args.get(2).map_or(usize::MAX, |v| v.parse().expect("N"));
    let rounds: usize = args.get(3).map_or(3, |v| v.parse().expect("ROUNDS"));
    let newton = args.get(4).map(String::as_str) != Some("nelder-mead");
    let mut triples = Triples::new();
    for l in text.lines().skip(1).take(n) {
        let v: Vec<f64> = l.split(',').map(|f| f.parse().unwrap()).collect();
        triples.add([v[0], v[1], v[2]], 1.0);
    }
    let ok = || Ok(());
    for round in 0..rounds {
        let (wall, c0) = (std::time::Instant::now(), cpu());
        let m = ParetoNbdModel::fit_with(&triples, newton, &ok).unwrap();
        println!(
            "round {round}: {} fit wall {:.3} s cpu {:.3} s",
            if newton { "newton" } else { "nelder-mead" },
            wall.elapsed().as_secs_f64(),
            cpu() - c0
        );
        if round == 0 {
            println!("{}", m.to_text());
        }
    }
}
