//! Fuzzing of every text and binary decoder of the core (stable Rust, no
//! cargo-fuzz): inputs are mutated from valid encodings (see `fuzz/mutate.rs`)
//! and each case must end in a value that survives its forms or a clean error,
//! without a panic, within time and memory proportional to the input's size.
//!
//! `cargo test -p usage_core --release --test fuzz` runs a short bounded run (CI);
//! `scripts/fuzz.sh CASES` runs a long one (`fuzz_long`, ignored by default).
//! `FUZZ_SEED` picks the seed of either run; failures print the input to replay.

mod budget;
mod mutate;
mod targets;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

use mutate::Rng;
use targets::Target;

/// Inputs that decoded to values are kept (up to this many per target) and
/// mutated further: valid-but-strange values reach the deeper checks.
const POOL: usize = 256;

thread_local! {
    static PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Panics are caught per case; the hook keeps the message and location instead of printing them.
fn quiet_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let _ = PANIC.try_with(|p| *p.borrow_mut() = Some(info.to_string()));
        }))
    });
}

/// What the watchdog needs to name a runaway case before stopping the run.
#[derive(Default)]
struct Current {
    target: String,
    input: Vec<u8>,
}

struct Watchdog {
    started_ms: Arc<AtomicU64>,
    current: Arc<Mutex<Current>>,
    done: Arc<AtomicBool>,
}

const WATCHDOG_TIME: Duration = Duration::from_secs(20);
const WATCHDOG_BYTES: i64 = 2 << 30;

impl Watchdog {
    /// Watches cases whose start is stored as [`clock`] readings from `epoch`.
    fn start(epoch: Instant) -> Self {
        let dog = Watchdog { started_ms: Arc::default(), current: Arc::default(), done: Arc::default() };
        let (started_ms, current, done) = (dog.started_ms.clone(), dog.current.clone(), dog.done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                let since = started_ms.load(Ordering::Relaxed);
                let running = Duration::from_millis(clock(&epoch).saturating_sub(since));
                let live = budget::WATCHED_LIVE.load(Ordering::Relaxed);
                if since > 0 && (running > WATCHDOG_TIME || live > WATCHDOG_BYTES) {
                    let c = current.lock().unwrap_or_else(|e| e.into_inner());
                    eprintln!(
                        "FUZZ RUNAWAY: {} ran {running:?} holding {live} bytes on input {}",
                        c.target,
                        show(&c.input, true)
                    );
                    std::process::exit(3);
                }
            }
        });
        dog
    }
}

/// An input as text when it is text, else hex.
fn show(input: &[u8], text: bool) -> String {
    match std::str::from_utf8(input) {
        Ok(s) if text => {
            format!("{:?} ({} bytes)", if s.len() > 600 { &s[..s.floor_char_boundary(600)] } else { s }, s.len())
        }
        _ => format!(
            "hex {} ({} bytes)",
            input.iter().take(600).map(|b| format!("{b:02x}")).collect::<String>(),
            input.len()
        ),
    }
}

/// Runs one case: `Ok(Some(stored form))` a value, `Ok(None)` a clean error, `Err` a failure.
fn run_case(target: &Target, input: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let attempt = || budget::measure(|| catch_unwind(AssertUnwindSafe(|| (target.check)(input))));
    let (result, peak, mut time) = attempt();
    let decoded = match result {
        Err(_) => {
            let message = PANIC.with(|p| p.borrow_mut().take()).unwrap_or_default();
            return Err(format!("panic: {message}"));
        }
        Ok(outcome) => outcome?,
    };
    if peak > budget::memory_limit(input.len()) {
        return Err(format!("held {peak} bytes at once for a {}-byte input", input.len()));
    }
    // A slow case is timed twice more and judged by its fastest run (the machine is shared).
    for _ in 0..2 {
        if time <= budget::time_limit(input.len()) {
            break;
        }
        time = time.min(attempt().2);
    }
    if time > budget::time_limit(input.len()) {
        return Err(format!("took {time:?} for a {}-byte input", input.len()));
    }
    Ok(decoded)
}

#[derive(Default)]
struct Tally {
    cases: u64,
    values: u64,
    errors: u64,
    failures: u64,
}

struct Outcome {
    cases: u64,
    failures: Vec<String>,
    seconds: f64,
}

/// Runs `cases` cases over all targets in turn, from `seed`.
fn fuzz(cases: u64, seed: u64, verbose: bool) -> Outcome {
    let targets = targets::all();
    quiet_panics();
    budget::watch_this_thread();
    let mut pools: Vec<Vec<Vec<u8>>> = targets.iter().map(|t| t.seeds.clone()).collect();
    let mut tallies: Vec<Tally> = targets.iter().map(|_| Tally::default()).collect();
    let mut failures: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let start = Instant::now();
    let dog = Watchdog::start(start);
    let mut rng = Rng::new(seed);
    for case in 0..cases {
        let i = (case % targets.len() as u64) as usize;
        let target = &targets[i];
        let pool = &pools[i];
        let mut input = rng.pick(pool).clone();
        let other = rng.pick(pool).clone();
        if target.text {
            mutate::text(&mut rng, &mut input, &other);
        } else {
            mutate::binary(&mut rng, &mut input, &other);
        }
        {
            let mut c = dog.current.lock().unwrap_or_else(|e| e.into_inner());
            c.target.clone_from(&target.name);
            c.input.clone_from(&input);
        }
        dog.started_ms.store(clock(&start), Ordering::Relaxed);
        let result = run_case(target, &input);
        dog.started_ms.store(0, Ordering::Relaxed);
        let tally = &mut tallies[i];
        tally.cases += 1;
        match result {
            Ok(Some(stored)) => {
                tally.values += 1;
                keep(&mut pools[i], target.seeds.len(), input, &mut rng);
                // The value's stored form feeds the family's binary targets (text
                // input reaches values that byte mutations rarely build).
                if !stored.is_empty() {
                    for (j, t) in targets.iter().enumerate() {
                        if j != i && !t.text && family(&t.name) == family(&target.name) {
                            keep(&mut pools[j], t.seeds.len(), stored.clone(), &mut rng);
                        }
                    }
                }
            }
            Ok(None) => tally.errors += 1,
            Err(why) => {
                tally.failures += 1;
                // One report per target and kind of failure (the text up to the first digit).
                let kind: String = why.chars().take_while(|c| !c.is_ascii_digit()).take(60).collect();
                if seen.insert((i, kind)) && failures.len() < 50 {
                    failures.push(format!("{}: {why}\n    input: {}", target.name, show(&input, target.text)));
                }
            }
        }
    }
    dog.done.store(true, Ordering::Relaxed);
    let seconds = start.elapsed().as_secs_f64();
    if verbose {
        for (t, n) in targets.iter().zip(&tallies) {
            println!(
                "  {:<45} {:>9} cases {:>9} values {:>9} clean errors {:>5} failures",
                t.name, n.cases, n.values, n.errors, n.failures
            );
        }
    }
    let failed: u64 = tallies.iter().map(|t| t.failures).sum();
    if failed as usize > failures.len() {
        failures.push(format!("({failed} failing cases in all)"));
    }
    Outcome { cases, failures, seconds }
}

/// Adds an input to a pool of `seeds` seeds and up to [`POOL`] more, replacing one at random when full.
fn keep(pool: &mut Vec<Vec<u8>>, seeds: usize, input: Vec<u8>, rng: &mut Rng) {
    if pool.len() < seeds + POOL {
        pool.push(input);
    } else {
        pool[seeds + rng.below(POOL)] = input;
    }
}

fn family(name: &str) -> &str {
    name.split(' ').next().unwrap_or(name)
}

/// Milliseconds since `start`, never 0 (0 means "no case running").
fn clock(start: &Instant) -> u64 {
    start.elapsed().as_millis() as u64 + 1
}

fn seed_from_env(default: u64) -> u64 {
    std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

fn report(outcome: &Outcome, seed: u64) {
    println!(
        "fuzz: {} cases, {} failures, {:.1} seconds (seed {seed})",
        outcome.cases,
        outcome.failures.len(),
        outcome.seconds
    );
    for f in &outcome.failures {
        println!("FAILURE {f}");
    }
}

/// The bounded run of the test command: a few seconds, a fixed seed.
#[test]
fn fuzz_smoke() {
    let seed = seed_from_env(11);
    let cases = std::env::var("FUZZ_SMOKE_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let outcome = fuzz(cases, seed, false);
    report(&outcome, seed);
    assert!(outcome.failures.is_empty(), "{} fuzz failures, see above", outcome.failures.len());
}

/// The long run (`scripts/fuzz.sh CASES`): FUZZ_CASES cases from FUZZ_SEED (default: the clock).
#[test]
#[ignore = "long: run by scripts/fuzz.sh"]
fn fuzz_long() {
    let clock = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_secs());
    let seed = seed_from_env(clock);
    let cases = std::env::var("FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let outcome = fuzz(cases, seed, true);
    report(&outcome, seed);
    assert!(outcome.failures.is_empty(), "{} fuzz failures, see above", outcome.failures.len());
}
