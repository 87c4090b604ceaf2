//! Validation of usage_alert's default thresholds on generated users with and
//! without a drop of known size at a known date (docs/models.md, "Usage-drop
//! alerts", quotes the table this prints):
//!   cargo test -p usage_core --release --test usage_drop_validation -- --nocapture
//!
//! 30,000 users as of 2024-06-30, seeded. Each user is active on a day with a
//! probability p of its segment (daily 0.5-0.9 with quieter weekends, weekly
//! 0.12-0.4, occasional 0.02-0.1), times a noise factor per calendar week
//! (0.7-1.3: real users are burstier than a fixed p). First activity 30 to 500
//! days before as_of, so some users started within the 56-day baseline. 40% of
//! the users drop on 2024-06-17 (the first day of the 14-day recent window) to
//! 0 (stop), 25% or 50% of their rate; the others keep their rate.

use usage_core::day;
use usage_core::split_mix::SplitMix;
use usage_core::usage::{AlertThresholds, UsageSummary};

const SEGMENTS: [&str; 3] = ["daily", "weekly", "occasional"];
const FACTORS: [f64; 4] = [1.0, 0.5, 0.25, 0.0];

struct User {
    segment: usize,
    factor: f64,
    summary: UsageSummary,
}

fn generate(n: usize, seed: u64) -> Vec<User> {
    let mut rng = SplitMix(seed);
    let as_of = day::parse("2024-06-30").unwrap();
    let drop_day = as_of - 13;
    (0..n)
        .map(|_| {
            let u = rng.unit();
            let segment = if u < 0.3 {
                0
            } else if u < 0.7 {
                1
            } else {
                2
            };
            let p = match segment {
                0 => rng.between(0.5, 0.9),
                1 => rng.between(0.12, 0.4),
                _ => rng.between(0.02, 0.1),
            };
            let factor = if rng.unit() < 0.4 { FACTORS[1 + (rng.unit() * 3.0) as usize] } else { 1.0 };
            let first = as_of - rng.between(30.0, 500.0) as i32;
            let mut summary = UsageSummary::new();
            summary.record(first, 1.0, None).unwrap();
            let mut week_noise = 1.0;
            for d in first + 1..=as_of {
                // 2000-01-01 (day 0) was a Saturday: day % 7 is 0 on Saturdays.
                let weekday = d.rem_euclid(7);
                if weekday == 2 {
                    week_noise = rng.between(0.7, 1.3);
                }
                let weekend = if segment == 0 && weekday < 2 { 0.5 } else { 1.0 };
                let drop = if d >= drop_day { factor } else { 1.0 };
                if rng.unit() < p * week_noise * weekend * drop {
                    summary.record(d, 1.0, None).unwrap();
                }
            }
            User { segment, factor, summary }
        })
        .collect()
}

/// (flagged and dropped, flagged, dropped) counts.
fn score(labels: &[(&str, &User)], level: &[&str]) -> (usize, usize, usize) {
    let flagged = |l: &str| level.contains(&l);
    let tp = labels.iter().filter(|(l, u)| flagged(l) && u.factor < 1.0).count();
    let fl = labels.iter().filter(|(l, _)| flagged(l)).count();
    let pos = labels.iter().filter(|(_, u)| u.factor < 1.0).count();
    (tp, fl, pos)
}

#[test]
fn default_thresholds_on_generated_drops() {
    let users = generate(30_000, 20_241_202);
    let as_of = day::parse("2024-06-30").unwrap();
    let none = || Ok(());
    let drops: Vec<_> = users.iter().map(|u| u.summary.usage_drop(as_of, 14, 56, None, &none).unwrap()).collect();
    let defaults = AlertThresholds::default();
    let labels: Vec<(&str, &User)> = drops.iter().map(|d| defaults.classify(d)).zip(users.iter()).collect();

    println!("| level | precision | recall | false-positive rate |");
    println!("|---|---|---|---|");
    let negatives = users.iter().filter(|u| u.factor == 1.0).count();
    let mut figures = Vec::new();
    for (name, level) in [("alert", &["alert"][..]), ("watch or alert", &["alert", "watch"][..])] {
        let (tp, fl, pos) = score(&labels, level);
        let (precision, recall, fpr) =
            (tp as f64 / fl as f64, tp as f64 / pos as f64, (fl - tp) as f64 / negatives as f64);
        println!("| {name} | {precision:.3} | {recall:.3} | {fpr:.4} |");
        figures.push((precision, recall, fpr));
    }
    println!("\nRecall of `alert` / of `watch or alert` by segment and drop (users):\n");
    println!("| segment | to 50% | to 25% | stopped | no drop: flagged |");
    println!("|---|---|---|---|---|");
    let mut recall = [[0.0; 4]; 3];
    for (s, segment) in SEGMENTS.iter().enumerate() {
        let mut row = format!("| {segment} |");
        for (f, &factor) in FACTORS.iter().enumerate().skip(1).chain(std::iter::once((0, &FACTORS[0]))) {
            let group: Vec<&(&str, &User)> =
                labels.iter().filter(|(_, u)| u.segment == s && u.factor == factor).collect();
            let share =
                |levels: &[&str]| group.iter().filter(|(l, _)| levels.contains(l)).count() as f64 / group.len() as f64;
            recall[s][f] = share(&["alert"]);
            row += &format!(" {:.2} / {:.2} ({}) |", share(&["alert"]), share(&["alert", "watch"]), group.len());
        }
        println!("{row}");
    }
    println!("\nThresholds grid (alert = ratio <= r and p < a): precision / recall\n");
    println!("| r \\ a | 0.001 | 0.01 | 0.05 |");
    println!("|---|---|---|---|");
    for r in [0.25, 0.5, 0.75] {
        let mut row = format!("| {r} |");
        for a in [0.001, 0.01, 0.05] {
            let t = AlertThresholds { alert_ratio: r, alert_p: a, watch_ratio: 0.0, watch_p: 0.0 };
            let l: Vec<(&str, &User)> = drops.iter().map(|d| t.classify(d)).zip(users.iter()).collect();
            let (tp, fl, pos) = score(&l, &["alert"]);
            row += &format!(" {:.3} / {:.3} |", tp as f64 / fl as f64, tp as f64 / pos as f64);
        }
        println!("{row}");
    }

    // What the docs promise: alerts are rarely wrong, and daily users who stopped or
    // fell to a quarter are mostly caught; occasional users are not (too
    // few active days in 14 to tell).
    let (alert, flagged) = (figures[0], figures[1]);
    assert!(alert.0 >= 0.97 && alert.2 <= 0.005, "alert precision / fpr {alert:?}");
    assert!(flagged.0 >= 0.9 && flagged.2 <= 0.03, "watch-or-alert precision / fpr {flagged:?}");
    assert!(recall[0][3] >= 0.99 && recall[0][2] >= 0.65, "daily users: {:?}", recall[0]);
    assert!(recall[1][3] >= 0.25, "weekly users who stopped: {:?}", recall[1]);
}
