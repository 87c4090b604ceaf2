//! Hand-checked months, reference parity with the dbt mrr-playbook, and
//! property tests of merging and encodings against a brute-force model.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::history::{month_of, month_start, Month};
use super::*;
use crate::codec::TextForm;
use crate::codec::Versioned;
use crate::day::{self, Day};

fn d(s: &str) -> Day {
    day::parse(s).unwrap()
}

fn amount(s: &str) -> Decimal {
    Decimal::parse(s).unwrap()
}

fn history(subs: &[(&str, Option<&str>, &str, i32)]) -> MrrHistory {
    let mut h = MrrHistory::new();
    for &(s, e, a, k) in subs {
        h.add_subscription(d(s), e.map(d), amount(a), k).unwrap();
    }
    h
}

/// (month, mrr, change, category) as text for compact assertions.
fn rows(h: &MrrHistory, through: &str) -> Vec<String> {
    let scale = h.scale();
    h.movements(d(through))
        .map(|r| {
            format!(
                "{} {} {} {}",
                day::format(r.month),
                money::format_units(r.mrr, scale),
                money::format_units(r.change, scale),
                r.category.map_or("-", |c| c.name())
            )
        })
        .collect()
}

fn cash_by_month(s: &SaasSummary, through: &str) -> Vec<(String, String)> {
    s.metrics(Some(d(through)))
        .map(|r| r.unwrap())
        .filter(|r| r.cash_collected != 0)
        .map(|r| (day::format(r.month), money::format_units(r.cash_collected, s.scale())))
        .collect()
}

fn summary_of(histories: &[&MrrHistory]) -> SaasSummary {
    let mut s = SaasSummary::new();
    for h in histories {
        s.add_history(h).unwrap();
    }
    s
}

#[test]
fn gaps_churn_and_reactivation() {
    let h = history(&[("2024-01-01", Some("2024-03-01"), "50", 1), ("2024-05-01", Some("2024-07-01"), "50", 1)]);
    assert_eq!(
        rows(&h, "2024-12-31"),
        [
            "2024-01-01 50 50 new",
            "2024-02-01 50 0 -",
            "2024-03-01 0 -50 churn",
            "2024-04-01 0 0 -",
            "2024-05-01 50 50 reactivation",
            "2024-06-01 50 0 -",
            "2024-07-01 0 -50 churn",
        ]
    );
    // `through` cuts the rows at its month.
    assert_eq!(rows(&h, "2024-02-15").len(), 2);
    assert_eq!(rows(&h, "2023-12-31").len(), 0);
}

#[test]
fn overlapping_subscriptions_add_up() {
    // A second subscription is expansion; cancelling one of two is contraction.
    let h = history(&[("2024-01-01", Some("2024-06-01"), "50.00", 1), ("2024-03-01", Some("2024-04-01"), "30", 1)]);
    assert_eq!(
        rows(&h, "2024-12-01"),
        [
            "2024-01-01 50.00 50.00 new",
            "2024-02-01 50.00 0.00 -",
            "2024-03-01 80.00 30.00 expansion",
            "2024-04-01 50.00 -30.00 contraction",
            "2024-05-01 50.00 0.00 -",
            "2024-06-01 0.00 -50.00 churn",
        ]
    );
}

#[test]
fn mid_month_dates_count_at_month_end() {
    // Active on Jan 31 and Feb 29, not on Mar 31: MRR in January and February.
    let h = history(&[("2024-01-15", Some("2024-03-20"), "100", 1)]);
    assert_eq!(rows(&h, "2024-12-01"), ["2024-01-01 100 100 new", "2024-02-01 100 0 -", "2024-03-01 0 -100 churn"]);
    // Cash on Jan 15, Feb 15 and Mar 15 (before the Mar 20 end).
    let s = summary_of(&[&h]);
    assert_eq!(
        cash_by_month(&s, "2024-12-01"),
        [("2024-01-01".into(), "100".into()), ("2024-02-01".into(), "100".into()), ("2024-03-01".into(), "100".into())]
    );
    // An upgrade on Mar 15 shows at the end of March.
    let h = history(&[("2024-01-01", Some("2024-03-15"), "100", 1), ("2024-03-15", None, "150", 1)]);
    assert_eq!(
        rows(&h, "2024-04-30"),
        ["2024-01-01 100 100 new", "2024-02-01 100 0 -", "2024-03-01 150 50 expansion", "2024-04-01 150 0 -"]
    );
}

#[test]
fn same_month_start_and_cancel() {
    // Never active at a month end: no MRR, no movement, but the payment is cash.
    let h = history(&[("2024-03-05", Some("2024-03-20"), "100", 1)]);
    assert_eq!(rows(&h, "2024-12-01").len(), 0);
    let s = summary_of(&[&h]);
    assert_eq!(cash_by_month(&s, "2024-12-01"), [("2024-03-01".into(), "100".into())]);
    let m: Vec<_> = s.metrics(None).map(|r| r.unwrap()).collect();
    assert_eq!(m.len(), 1);
    assert_eq!((m[0].mrr, m[0].customers, m[0].cash_collected), (0, 0, 100));
    // A zero-length subscription carries nothing at all.
    let h = history(&[("2024-03-05", Some("2024-03-05"), "100", 1)]);
    assert!(h.is_empty());
}

#[test]
fn annual_billing_collects_each_cycle() {
    // 100 a month billed yearly from 2023-01-01, cancelled 2024-04-01: 1200 in Jan 2023 and Jan 2024.
    let h = history(&[("2023-01-01", Some("2024-04-01"), "100", 12)]);
    let s = summary_of(&[&h]);
    assert_eq!(
        cash_by_month(&s, "2026-12-01"),
        [("2023-01-01".into(), "1200".into()), ("2024-01-01".into(), "1200".into())]
    );
    let rows_ = rows(&h, "2026-12-01");
    assert_eq!(rows_.len(), 16); // Jan 2023 .. Mar 2024 paying, Apr 2024 churn
                                 // Open-ended: every January, forever; quarterly from March alongside.
    let h = history(&[("2023-01-10", None, "100", 12), ("2023-03-01", None, "10.5", 3)]);
    let s = summary_of(&[&h]);
    let cash = cash_by_month(&s, "2024-06-30");
    assert_eq!(
        cash,
        [
            ("2023-01-01".into(), "1200.0".into()),
            ("2023-03-01".into(), "31.5".into()),
            ("2023-06-01".into(), "31.5".into()),
            ("2023-09-01".into(), "31.5".into()),
            ("2023-12-01".into(), "31.5".into()),
            ("2024-01-01".into(), "1200.0".into()),
            ("2024-03-01".into(), "31.5".into()),
            ("2024-06-01".into(), "31.5".into()),
        ]
    );
}

#[test]
fn billing_day_is_clamped_to_short_months() {
    // Billed on Jan 31, Feb 29 (2024 is a leap year), Mar 31 ...
    let cycles = |end: &str| {
        let h = history(&[("2024-01-31", Some(end), "10", 1)]);
        cash_by_month(&summary_of(&[&h]), "2024-12-01").len()
    };
    assert_eq!(cycles("2024-03-15"), 2);
    assert_eq!(cycles("2024-03-31"), 2);
    assert_eq!(cycles("2024-04-01"), 3);
    assert_eq!(cycles("2024-02-29"), 1);
    assert_eq!(cycles("2024-03-01"), 2);
}

#[test]
fn metrics_of_a_small_population() {
    // Three customers over Jan-Apr 2024.
    let a = history(&[("2024-01-01", None, "100", 1)]); // new Jan, expands Mar
    let a2 = history(&[("2024-03-01", None, "50", 1)]);
    let mut a_all = a.clone();
    a_all.merge(&a2).unwrap();
    let b = history(&[("2024-01-01", Some("2024-03-01"), "200", 12)]); // annual, churns Mar
    let c = history(&[("2024-02-01", Some("2024-04-01"), "80", 1), ("2024-04-01", None, "60", 1)]); // new Feb, contracts Apr
    let s = summary_of(&[&a_all, &b, &c]);
    let m: Vec<MetricsRow> = s.metrics(Some(d("2024-04-01"))).map(|r| r.unwrap()).collect();
    assert_eq!(m.len(), 4);
    // January: 2 new customers, 300 MRR; cash 100 + 2400.
    assert_eq!((m[0].mrr, m[0].customers, m[0].moves.amount(Movement::New), m[0].cash_collected), (300, 2, 300, 2500));
    assert_eq!((m[0].logo_churn_rate, m[0].nrr, m[0].quick_ratio), (None, None, None));
    // February: c is new (80): MRR 380, quick ratio undefined (nothing lost).
    assert_eq!((m[1].mrr, m[1].customers, m[1].net_new_mrr, m[1].cash_collected), (380, 3, 80, 180));
    assert_eq!(m[1].grr, Some(1.0));
    // March: a expands by 50, b churns 200: 230 MRR, 2 customers.
    let mar = &m[2];
    assert_eq!((mar.starting_mrr, mar.mrr, mar.customers, mar.net_new_mrr), (380, 230, 2, -150));
    assert_eq!(mar.logo_churn_rate, Some(1.0 / 3.0));
    assert_eq!(mar.gross_mrr_churn_rate, Some(200.0 / 380.0));
    assert_eq!(mar.net_mrr_churn_rate, Some(150.0 / 380.0));
    assert_eq!(mar.nrr, Some(230.0 / 380.0));
    assert_eq!(mar.grr, Some(180.0 / 380.0));
    assert_eq!(mar.quick_ratio, Some(50.0 / 200.0));
    assert_eq!(mar.cash_collected, 150 + 80);
    // April: c contracts 80 -> 60.
    assert_eq!(
        (m[3].mrr, m[3].moves.amount(Movement::Contraction), m[3].moves.customers(Movement::Contraction)),
        (210, 20, 1)
    );
    assert_eq!(m[3].arr, 2520);
    assert_eq!(m[3].cash_collected, 150 + 60);
    // Without `through`, rows stop at the last change (April).
    assert_eq!(s.metrics(None).count(), 4);
}

#[test]
fn bad_subscriptions_are_errors() {
    let mut h = MrrHistory::new();
    let e = h.add_subscription(d("2024-02-01"), Some(d("2024-01-01")), amount("10"), 1).unwrap_err();
    assert_eq!(e.kind, crate::ErrorKind::InvalidParameter);
    assert!(h.add_subscription(d("2024-01-01"), None, amount("-10"), 1).is_err());
    assert!(h.add_subscription(d("2024-01-01"), None, amount("10"), 0).is_err());
    assert!(h.add_subscription(d("2024-01-01"), None, amount("10"), -12).is_err());
    assert!(h.add_subscription(crate::usage::MAX_DAY + 1, None, amount("10"), 1).is_err());
    assert!(h.is_empty());
    // Overflow is an error, not a wrap.
    let big = Decimal::new(i128::MAX / 2, 0);
    let results: Vec<bool> = (0..3).map(|_| h.add_subscription(d("2024-01-01"), None, big, 1).is_ok()).collect();
    assert_eq!(results, [true, true, false]);
    assert!(MrrHistory::new().add_subscription(d("2024-01-01"), None, big, 12).is_err());
}

#[test]
fn text_forms_are_readable_and_strict() {
    let h = history(&[("2024-01-01", Some("2024-03-01"), "49.90", 1)]);
    assert_eq!(
        h.to_text(),
        r#"{"cash":[["2024-01-01",1,"49.90"],["2024-03-01",1,"-49.90"]],"mrr":[["2024-01-01","49.90"],["2024-03-01","0.00"]],"scale":2,"version":1}"#
    );
    assert_eq!(MrrHistory::from_text(&h.to_text()).unwrap(), h);
    for bad in [
        "",
        "[]",
        r#"{"version":2,"scale":0}"#,
        r#"{"version":1}"#,
        r#"{"version":1,"scale":0,"mrr":[["2024-01-02","5"]]}"#,
        r#"{"version":1,"scale":0,"mrr":[["2024-01-01","-5"]]}"#,
        r#"{"version":1,"scale":0,"mrr":[["2024-02-01","5"],["2024-01-01","0"]]}"#,
        r#"{"version":1,"scale":0,"mrr":[["2024-01-01","5.5"]]}"#,
        r#"{"version":1,"scale":0,"cash":[["2024-01-01",1,"-5"]]}"#,
        r#"{"version":1,"scale":0,"cash":[["2024-01-01",0,"5"]]}"#,
    ] {
        assert!(MrrHistory::from_text(bad).is_err(), "{bad}");
    }
    let s = summary_of(&[&h]);
    assert_eq!(
        s.to_text(),
        r#"{"cash":[["2024-01-01",1,"49.90"],["2024-03-01",1,"-49.90"]],"months":[{"month":"2024-01-01","new":["49.90",1]},{"churn":["49.90",1],"month":"2024-03-01"}],"scale":2,"version":1}"#
    );
    assert_eq!(SaasSummary::from_text(&s.to_text()).unwrap(), s);
    for bad in [
        r#"{"version":1,"scale":0,"months":[{"month":"2024-01-01","churn":["5",1]}]}"#,
        r#"{"version":1,"scale":0,"months":[{"month":"2024-01-01","new":["5",0]}]}"#,
        r#"{"version":1,"scale":0,"months":[{"month":"2024-01-01","upsell":["5",1]}]}"#,
        r#"{"version":1,"scale":0,"months":[{"month":"2024-01-01"}]}"#,
    ] {
        assert!(SaasSummary::from_text(bad).is_err(), "{bad}");
    }
}

/// Found by the fuzzer: a non-finite or over-precise amount in text was 22000 or
/// 22023 (the hint spoke of filtering rows); text input is 22P02 like every other
/// malformed field, and only an amount beyond 128 bits stays 22003.
#[test]
fn bad_amounts_in_text_are_22p02() {
    let kind = |text: &str| MrrHistory::from_text(text).unwrap_err().kind;
    for amount in ["infinity", "-Infinity", "NaN", "1.0000000000000000000001"] {
        let cash = format!(r#"{{"version":1,"scale":4,"cash":[["2024-01-01",1,"{amount}"]]}}"#);
        assert_eq!(kind(&cash), crate::ErrorKind::InvalidText, "{cash}");
        let months = format!(r#"{{"version":1,"scale":4,"months":[{{"month":"2024-01-01","new":["{amount}",1]}}]}}"#);
        assert_eq!(SaasSummary::from_text(&months).unwrap_err().kind, crate::ErrorKind::InvalidText, "{months}");
    }
    let huge = format!(r#"{{"version":1,"scale":0,"mrr":[["2024-01-01","{}"]]}}"#, "9".repeat(40));
    assert_eq!(kind(&huge), crate::ErrorKind::NumericOutOfRange);
}

/// The dbt mrr-playbook seed (tests/pg_regress/data), with the playbook's own counts.
#[test]
fn mrr_playbook_parity() {
    let csv = include_str!("../../../../tests/pg_regress/data/mrr_playbook_subscription_periods.csv");
    let mut by_customer: BTreeMap<i64, MrrHistory> = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let customer: i64 = f[1].parse().unwrap();
        let end = if f[3].is_empty() { None } else { Some(d(f[3])) };
        by_customer.entry(customer).or_default().add_subscription(d(f[2]), end, amount(f[4]), 1).unwrap();
    }
    assert_eq!(by_customer.len(), 55);
    // The playbook's month spine starts in 2018 and so drops customers 2, 3 and 4.
    for c in [2, 3, 4] {
        by_customer.remove(&c);
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut total: BTreeMap<Day, i128> = BTreeMap::new();
    let mut customer_months = 0;
    let mut summary = SaasSummary::new();
    for h in by_customer.values() {
        for r in h.movements(d("2030-01-01")) {
            customer_months += 1;
            *counts.entry(r.category.map_or("none", |c| c.name())).or_default() += 1;
            *total.entry(r.month).or_default() += r.mrr;
        }
        summary.add_history(h).unwrap();
    }
    assert_eq!(customer_months, 410);
    assert_eq!(counts["new"], 52);
    assert_eq!(counts["churn"], 55);
    assert_eq!(counts["expansion"], 30);
    assert_eq!(counts["contraction"], 27);
    assert_eq!(counts["reactivation"], 3);
    assert_eq!(total[&d("2019-11-01")], 1840);
    assert_eq!(total[&d("2019-12-01")], 1255);
    assert_eq!(total[&d("2020-01-01")], 175);
    // The population summary tells the same story.
    let m: BTreeMap<Day, MetricsRow> = summary.metrics(None).map(|r| r.unwrap()).map(|r| (r.month, r)).collect();
    assert_eq!(m[&d("2019-11-01")].mrr, 1840);
    assert_eq!(m[&d("2019-12-01")].mrr, 1255);
    assert_eq!(m[&d("2020-01-01")].mrr, 175);
    let count = |c: Movement| m.values().map(|r| r.moves.customers(c)).sum::<i64>();
    assert_eq!(
        [
            count(Movement::New),
            count(Movement::Churn),
            count(Movement::Expansion),
            count(Movement::Contraction),
            count(Movement::Reactivation)
        ],
        [52, 55, 30, 27, 3]
    );
}

// ---- property tests against a brute-force model ----

#[derive(Debug, Clone)]
struct Sub {
    start: Day,
    end: Option<Day>,
    units: i128,
    scale: u32,
    k: i32,
}

fn sub() -> impl Strategy<Value = Sub> {
    let base = d("2023-01-01");
    (
        0i32..700,
        prop::option::weighted(0.8, 0i32..500),
        0i128..100_000,
        0u32..3,
        prop::sample::select(vec![1, 1, 1, 3, 12]),
    )
        .prop_map(move |(s, len, units, scale, k)| Sub {
            start: base + s,
            end: len.map(|l| base + s + l),
            units,
            scale,
            k,
        })
}

fn history_of(subs: &[Sub]) -> MrrHistory {
    let mut h = MrrHistory::new();
    for s in subs {
        h.add_subscription(s.start, s.end, Decimal::new(s.units, s.scale), s.k).unwrap();
    }
    h
}

/// MRR per month at scale 2, straight from the definition.
fn brute_mrr(subs: &[Sub], m: Month) -> i128 {
    subs.iter()
        .filter(|s| month_of(s.start) <= m && s.end.is_none_or(|e| m < month_of(e)))
        .map(|s| s.units * 10i128.pow(2 - s.scale))
        .sum()
}

/// Cash per month at scale 2: each cycle day before the end.
fn brute_cash(subs: &[Sub], m: Month) -> i128 {
    let mut total = 0;
    for s in subs {
        let (_, _, dom) = day::to_ymd(s.start);
        let mut cm = month_of(s.start);
        while cm <= m {
            let (y, mo, _) = day::to_ymd(month_start(cm));
            let cycle = day::from_ymd(y, mo, dom.min(day::days_in_month(y, mo)));
            if s.end.is_some_and(|e| cycle >= e) {
                break;
            }
            if cm == m {
                total += s.units * 10i128.pow(2 - s.scale) * i128::from(s.k);
            }
            cm += s.k;
        }
    }
    total
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn movements_follow_the_definition(subs in prop::collection::vec(sub(), 1..6)) {
        let mut h = history_of(&subs);
        h.raise_scale(2).unwrap();
        let through = d("2025-06-30");
        let rows: Vec<MovementRow> = h.movements(through).collect();
        let first_paying = (month_of(d("2023-01-01"))..=month_of(through)).find(|&m| brute_mrr(&subs, m) > 0);
        prop_assert_eq!(rows.first().map(|r| month_of(r.month)), first_paying);
        let mut paid = false;
        for (i, r) in rows.iter().enumerate() {
            let m = month_of(r.month);
            prop_assert_eq!(r.mrr, brute_mrr(&subs, m));
            prop_assert_eq!(r.previous_mrr, brute_mrr(&subs, m - 1));
            prop_assert_eq!(r.category, Movement::classify(r.previous_mrr, r.mrr, paid));
            if i > 0 { prop_assert_eq!(month_of(rows[i - 1].month) + 1, m); }
            paid |= r.mrr > 0;
        }
        // Rows end with the churn month, or at `through` while paying.
        if let Some(last) = rows.last() {
            let m = month_of(last.month);
            prop_assert!(m == month_of(through) || (last.category == Some(Movement::Churn) && (m..=month_of(through)).all(|x| brute_mrr(&subs, x) == 0)));
        }
    }

    #[test]
    fn lifetime_counts_months_until_the_first_churn(subs in prop::collection::vec(sub(), 1..6), as_of_month in 0i32..36) {
        let h = history_of(&subs);
        let as_of = month_start(month_of(d("2023-01-01")) + as_of_month) + 14;
        let last = month_of(as_of);
        let first = (month_of(d("2023-01-01"))..=last).find(|&m| brute_mrr(&subs, m) > 0);
        match (h.lifetime(as_of), first) {
            (None, None) => {}
            (Some((f, lifetime, alive)), Some(first)) => {
                prop_assert_eq!(f, first);
                // Paying in every month from the first through first + lifetime - 1.
                let paid = (first..first + lifetime).all(|m| brute_mrr(&subs, m) > 0);
                prop_assert!(paid);
                if alive {
                    prop_assert_eq!(first + lifetime, last);
                    prop_assert!(brute_mrr(&subs, last) > 0);
                } else {
                    prop_assert!(first + lifetime <= last);
                    prop_assert_eq!(brute_mrr(&subs, first + lifetime), 0);
                }
            }
            (got, want) => prop_assert!(false, "{:?} vs first paying month {:?}", got, want),
        }
    }

    #[test]
    fn summary_matches_brute_force_and_merges_in_any_order(
        customers in prop::collection::vec(prop::collection::vec(sub(), 1..4), 1..8),
        split in 0usize..8,
    ) {
        let histories: Vec<MrrHistory> = customers.iter().map(|c| history_of(c)).collect();
        let serial = {
            let mut s = SaasSummary::new();
            histories.iter().for_each(|h| s.add_history(h).unwrap());
            s
        };
        // Two "workers" over a split, combined in the other order.
        let split = split.min(histories.len());
        let (left, right) = histories.split_at(split);
        let mut a = SaasSummary::new();
        left.iter().for_each(|h| a.add_history(h).unwrap());
        let mut b = SaasSummary::new();
        right.iter().rev().for_each(|h| b.add_history(h).unwrap());
        b.merge(&a).unwrap();
        prop_assert_eq!(&b, &serial);
        prop_assert_eq!(SaasSummary::from_bytes(&serial.to_bytes()).unwrap(), serial.clone());
        prop_assert_eq!(SaasSummary::from_text(&serial.to_text()).unwrap(), serial.clone());

        let mut s2 = serial.clone();
        s2.raise_scale(2).unwrap();
        for r in s2.metrics(Some(d("2025-12-31"))) {
            let r = r.unwrap();
            let m = month_of(r.month);
            let all: Vec<Sub> = customers.iter().flatten().cloned().collect();
            prop_assert_eq!(r.mrr, brute_mrr(&all, m));
            prop_assert_eq!(r.starting_mrr, brute_mrr(&all, m - 1));
            prop_assert_eq!(r.customers as usize, customers.iter().filter(|c| brute_mrr(c, m) > 0).count());
            prop_assert_eq!(r.cash_collected, brute_cash(&all, m));
        }
    }

    #[test]
    fn history_merge_and_encodings(a in prop::collection::vec(sub(), 0..5), b in prop::collection::vec(sub(), 0..5)) {
        let all: Vec<Sub> = a.iter().chain(b.iter()).cloned().collect();
        let mut ha = history_of(&a);
        let hb = history_of(&b);
        let mut hb2 = hb.clone();
        hb2.merge(&ha).unwrap();
        ha.merge(&hb).unwrap();
        prop_assert_eq!(&ha, &hb2);
        prop_assert_eq!(&ha, &history_of(&all));
        prop_assert_eq!(MrrHistory::from_bytes(&ha.to_bytes()).unwrap(), ha.clone());
        prop_assert_eq!(MrrHistory::from_text(&ha.to_text()).unwrap(), ha.clone());
        prop_assert_eq!(MrrHistory::from_text(&ha.to_text()).unwrap().to_text(), ha.to_text());
    }

    #[test]
    fn corrupt_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..80)) {
        let _ = MrrHistory::from_bytes(&bytes);
        let _ = SaasSummary::from_bytes(&bytes);
        if let Ok(s) = SaasSummary::from_bytes(&bytes) {
            for r in s.metrics(None).take(1000) { let _ = r; }
        }
        if let Ok(h) = MrrHistory::from_bytes(&bytes) {
            let _ = h.movements(d("2100-01-01")).take(1000).count();
        }
    }
}

#[test]
fn values_past_their_running_sums_are_refused_when_written() {
    // Valid alone, but MRR 9e37 from January plus 9e37 from February overflows the
    // running 128-bit sum: once written, then unreadable; now 22003 before it is
    // written (check_storable runs before every stored form).
    let big = "90000000000000000000000000000000000000";
    let (jan, feb) = (history(&[("2024-01-15", None, big, 1)]), history(&[("2024-02-15", None, big, 1)]));
    let mut merged = jan.clone();
    merged.merge(&feb).unwrap();
    assert_eq!(crate::codec::Summary::check_storable(&merged).unwrap_err().kind, crate::ErrorKind::NumericOutOfRange);
    assert!(MrrHistory::from_text(&merged.to_text()).is_err(), "the value its readers refuse");
    // Built row by row, the check runs before the value is written.
    let built = history(&[("2024-01-15", None, big, 1), ("2024-02-15", None, big, 1)]);
    assert_eq!(crate::codec::Summary::check_storable(&built).unwrap_err().kind, crate::ErrorKind::NumericOutOfRange);
    let mut s = SaasSummary::default();
    s.add_history(&jan).unwrap();
    s.add_history(&feb).unwrap();
    assert_eq!(crate::codec::Summary::check_storable(&s).unwrap_err().kind, crate::ErrorKind::NumericOutOfRange);
    assert!(SaasSummary::from_text(&s.to_text()).is_err(), "the value its readers refuse");
    // Paying customers beyond bigint.
    let text = |m: &str, n: &str| {
        format!(r#"{{"cash":[],"months":[{{"month":"{m}","new":["1.00",{n}]}}],"scale":2,"version":1}}"#)
    };
    let mut a = SaasSummary::from_text(&text("2024-01-01", "9223372036854775807")).unwrap();
    let b = SaasSummary::from_text(&text("2024-02-01", "1")).unwrap();
    a.merge(&b).unwrap();
    assert_eq!(crate::codec::Summary::check_storable(&a).unwrap_err().kind, crate::ErrorKind::NumericOutOfRange);
    // Below the limits, merged values read back.
    let mut ok = jan.clone();
    ok.merge(&history(&[("2024-01-15", None, "60000000000000000000000000000000000000", 1)])).unwrap();
    assert_eq!(MrrHistory::from_text(&ok.to_text()).unwrap(), ok);
    assert!(crate::codec::Summary::check_storable(&jan).is_ok());
}

// ---- cohort tables ----

fn cohorts_of(histories: &[&MrrHistory]) -> CohortSummary {
    let mut s = CohortSummary::new();
    for h in histories {
        s.add_history(h).unwrap();
    }
    s
}

/// (cohort, month number, customers, cohort customers, MRR, cohort MRR, logo, NRR) as text.
fn table_rows(s: &CohortSummary, through: Option<&str>) -> Vec<String> {
    let scale = s.scale();
    s.table(through.map(d))
        .map(|r| {
            format!(
                "{} {} {}/{} {}/{} {} {}",
                day::format(r.cohort),
                r.month_number,
                r.customers,
                r.cohort_customers,
                money::format_units(r.mrr, scale),
                money::format_units(r.cohort_mrr, scale),
                r.logo_retention,
                r.net_revenue_retention
            )
        })
        .collect()
}

/// Four customers worked out by hand: an expansion, a churn, a reactivation at a
/// lower price, and a subscription never active at a month end (no cohort).
fn hand_cohorts() -> CohortSummary {
    let a = history(&[("2024-01-01", None, "100", 1), ("2024-03-01", None, "50", 1)]);
    let b = history(&[("2024-01-15", Some("2024-03-01"), "200", 1)]);
    let c = history(&[("2024-02-01", Some("2024-04-01"), "80", 1), ("2024-06-01", None, "60", 1)]);
    let never = history(&[("2024-02-10", Some("2024-02-20"), "500", 1)]);
    cohorts_of(&[&a, &b, &c, &never])
}

#[test]
fn cohort_table_by_hand() {
    let s = hand_cohorts();
    assert_eq!(s.cohorts(), 2);
    // January: A (100, 150 from March) and B (200 in January and February).
    // February: C (80 in February and March, none in April and May, 60 from June).
    assert_eq!(
        table_rows(&s, Some("2024-07-15")),
        [
            "2024-01-01 0 2/2 300/300 1 1",
            "2024-01-01 1 2/2 300/300 1 1",
            "2024-01-01 2 1/2 150/300 0.5 0.5",
            "2024-01-01 3 1/2 150/300 0.5 0.5",
            "2024-01-01 4 1/2 150/300 0.5 0.5",
            "2024-01-01 5 1/2 150/300 0.5 0.5",
            "2024-01-01 6 1/2 150/300 0.5 0.5",
            "2024-02-01 0 1/1 80/80 1 1",
            "2024-02-01 1 1/1 80/80 1 1",
            "2024-02-01 2 0/1 0/80 0 0",
            "2024-02-01 3 0/1 0/80 0 0",
            "2024-02-01 4 1/1 60/80 1 0.75",
            "2024-02-01 5 1/1 60/80 1 0.75",
        ]
    );
    // Without `through`: through the last month with a change (June, C's return).
    let rows = table_rows(&s, None);
    assert_eq!(rows.len(), 6 + 5);
    assert_eq!(rows[5], "2024-01-01 5 1/2 150/300 0.5 0.5");
    assert_eq!(rows[10], "2024-02-01 4 1/1 60/80 1 0.75");
    // A `through` in January shows January's month 0 only; before it, nothing.
    assert_eq!(table_rows(&s, Some("2024-01-31")), ["2024-01-01 0 2/2 300/300 1 1"]);
    assert!(table_rows(&s, Some("2023-12-31")).is_empty());
    assert!(table_rows(&CohortSummary::new(), None).is_empty());
    // Expansion shows in NRR above 1.
    let up = history(&[("2024-01-01", Some("2024-02-01"), "10", 1), ("2024-02-01", None, "25", 1)]);
    assert_eq!(table_rows(&cohorts_of(&[&up]), Some("2024-02-01"))[1], "2024-01-01 1 1/1 25/10 1 2.5");
    // The text form lists steps: the values from each month number on.
    assert_eq!(
        s.to_text(),
        r#"{"cohorts":[{"cohort":"2024-01-01","steps":[[0,2,"300"],[2,1,"150"]]},{"cohort":"2024-02-01","steps":[[0,1,"80"],[2,0,"0"],[4,1,"60"]]}],"scale":0,"version":1}"#
    );
    assert_eq!(CohortSummary::from_text(&s.to_text()).unwrap(), s);
    let view = crate::codec::JsonView::json_view(&s);
    assert_eq!(
        view["cohorts"][1],
        serde_json::json!({"cohort": "2024-02-01", "customers": 1, "mrr": 80.0, "steps": [
            {"month_number": 0, "customers": 1, "mrr": 80.0},
            {"month_number": 2, "customers": 0, "mrr": 0.0},
            {"month_number": 4, "customers": 1, "mrr": 60.0}]})
    );
}

#[test]
fn cohort_scales_and_bad_text() {
    // Scales mix as sum(numeric) does.
    let a = history(&[("2024-01-01", None, "49.90", 1)]);
    let b = history(&[("2024-01-01", Some("2024-02-01"), "10", 1)]);
    let s = cohorts_of(&[&b, &a]);
    assert_eq!(
        table_rows(&s, Some("2024-02-01")),
        ["2024-01-01 0 2/2 59.90/59.90 1 1", "2024-01-01 1 1/2 49.90/59.90 0.5 0.8330550918196995"]
    );
    for bad in [
        "",
        "[]",
        r#"{"version":2,"scale":0}"#,
        r#"{"version":1}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-02","steps":[[0,1,"5"]]}]}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[]}]}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,-1,"5"]]}]}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,1,"-5"]]}]}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,0,"0"]]}]}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[1,1,"5"]]}]}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,1,"0"]]}]}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,1,"5"],[2,2,"9"]]}]}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,1,"5"],[2,0,"3"]]}]}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,1,"5"],[2,1,"5"]]}]}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,2,"5"],[3,1,"4"],[2,1,"3"]]}]}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,1,"5.5"]]}]}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-02-01","steps":[[0,1,"5"]]},{"cohort":"2024-01-01","steps":[[0,1,"5"]]}]}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,1,"5"]]},{"cohort":"2024-01-01","steps":[[0,1,"5"]]}]}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,1.5,"5"]]}]}"#,
        r#"{"version":1,"scale":0,"cohorts":[{"cohort":"2024-01-01","steps":[[0,1,5]]}]}"#,
    ] {
        let e = CohortSummary::from_text(bad).unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::InvalidText, "{bad}");
    }
    // A month beyond the type's range is 22008, as in the other text forms.
    let far = r#"{"version":1,"scale":0,"cohorts":[{"cohort":"9999999-01-01","steps":[[0,1,"5"]]}]}"#;
    assert_eq!(CohortSummary::from_text(far).unwrap_err().kind, crate::ErrorKind::DateOutOfRange);
}

#[test]
fn cohort_running_mrr_past_128_bits_is_refused_when_written() {
    let big = "90000000000000000000000000000000000000";
    // Two customers of January: 9e37 + 1, and the second expands by 9e37 in February.
    let a = history(&[("2024-01-01", None, big, 1)]);
    let b = history(&[("2024-01-01", None, "1", 1), ("2024-02-01", None, big, 1)]);
    let s = cohorts_of(&[&a, &b]);
    assert_eq!(crate::codec::Summary::check_storable(&s).unwrap_err().kind, crate::ErrorKind::NumericOutOfRange);
    // Two of 9e37 in one month overflow as they are added.
    assert_eq!(cohorts_of(&[&a]).merge(&cohorts_of(&[&a])).unwrap_err().kind, crate::ErrorKind::NumericOutOfRange);
    assert!(crate::codec::Summary::check_storable(&cohorts_of(&[&a])).is_ok());
}

/// The dbt mrr-playbook seed: the cohort table against a brute-force count from
/// the subscription rows, and a few cells worked out from the CSV by hand.
#[test]
fn cohort_table_of_the_mrr_playbook() {
    let csv = include_str!("../../../../tests/pg_regress/data/mrr_playbook_subscription_periods.csv");
    let mut subs: BTreeMap<i64, Vec<Sub>> = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let end = if f[3].is_empty() { None } else { Some(d(f[3])) };
        let a = amount(f[4]);
        subs.entry(f[1].parse().unwrap()).or_default().push(Sub {
            start: d(f[2]),
            end,
            units: a.units,
            scale: a.scale,
            k: 1,
        });
    }
    let mut s = CohortSummary::new();
    for c in subs.values() {
        s.add_history(&history_of(c)).unwrap();
    }
    s.raise_scale(2).unwrap();
    let through = d("2020-03-01");
    let rows: Vec<CohortRow> = s.table(Some(through)).collect();
    check_brute(&rows, &subs.into_values().collect::<Vec<_>>(), month_of(through));
    // Cells worked out from the CSV outside this code (a script over the rows):
    // 22 cohorts from 2017-09 to 2020-01; the 2019-01 cohort (one customer) has
    // months 0 to 14 through March 2020; the 2018-11 cohort has 5 customers and 240
    // MRR, 4 paying 175 in month 3, 5 paying 265 in month 8, 2 paying 135 in month 13.
    assert_eq!(s.cohorts(), 22);
    assert_eq!(rows.iter().filter(|r| r.cohort == d("2019-01-01")).count(), 15);
    let nov18 = |k: usize| {
        let r = rows.iter().filter(|r| r.cohort == d("2018-11-01")).nth(k).unwrap();
        (r.customers, r.cohort_customers, r.mrr / 100, r.cohort_mrr / 100)
    };
    assert_eq!(
        [nov18(3), nov18(8), nov18(13), nov18(14)],
        [(4, 5, 175, 240), (5, 5, 265, 240), (2, 5, 135, 240), (0, 5, 0, 240)]
    );
    assert!(rows.iter().all(|r| r.cohort <= through));
}

/// Every row equals the count from its definition; no cohort and no month is missing.
fn check_brute(rows: &[CohortRow], customers: &[Vec<Sub>], last: Month) {
    let lo = month_of(d("2000-01-01"));
    let first_paying = |c: &Vec<Sub>| (lo..=last + 60).find(|&m| brute_mrr(c, m) > 0);
    let mut expected: Vec<(Month, i32, i64, i128)> = Vec::new();
    let mut cohorts: Vec<Month> = customers.iter().filter_map(first_paying).filter(|&m| m <= last).collect();
    cohorts.sort();
    cohorts.dedup();
    for &c in &cohorts {
        let members: Vec<&Vec<Sub>> = customers.iter().filter(|x| first_paying(x) == Some(c)).collect();
        for k in 0..=(last - c) {
            let paying = members.iter().filter(|x| brute_mrr(x, c + k) > 0).count() as i64;
            let mrr: i128 = members.iter().map(|x| brute_mrr(x, c + k)).sum();
            expected.push((c, k, paying, mrr));
        }
    }
    let got: Vec<(Month, i32, i64, i128)> =
        rows.iter().map(|r| (month_of(r.cohort), r.month_number, r.customers, r.mrr)).collect();
    assert_eq!(got, expected);
    for r in rows {
        let start = expected.iter().find(|e| e.0 == month_of(r.cohort) && e.1 == 0).unwrap();
        assert_eq!((r.cohort_customers, r.cohort_mrr), (start.2, start.3));
        assert_eq!(r.logo_retention, r.customers as f64 / r.cohort_customers as f64);
        assert_eq!(r.net_revenue_retention, money::ratio(r.mrr, r.cohort_mrr, 2).unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn cohorts_match_brute_force_and_merge_in_any_order(
        customers in prop::collection::vec(prop::collection::vec(sub(), 1..4), 1..8),
        split in 0usize..8,
        split2 in 0usize..8,
    ) {
        let histories: Vec<MrrHistory> = customers.iter().map(|c| history_of(c)).collect();
        let build = |hs: &[MrrHistory]| {
            let mut s = CohortSummary::new();
            hs.iter().for_each(|h| s.add_history(h).unwrap());
            s
        };
        let serial = build(&histories);
        // Three parts, merged in different groupings and orders.
        let (i, j) = (split.min(histories.len()), split2.min(histories.len()));
        let (i, j) = (i.min(j), i.max(j));
        let (a, b, c) = (build(&histories[..i]), build(&histories[i..j]), build(&histories[j..]));
        let mut left = a.clone();
        left.merge(&b).unwrap();
        left.merge(&c).unwrap();
        let mut right = b.clone();
        right.merge(&c).unwrap();
        let mut right2 = right.clone();
        right2.merge(&a).unwrap();
        right.merge(&a).unwrap();
        prop_assert_eq!(&left, &serial);
        prop_assert_eq!(&right2, &serial);
        let mut ca = c.clone();
        ca.merge(&a).unwrap();
        ca.merge(&b).unwrap();
        prop_assert_eq!(&ca, &serial);
        prop_assert_eq!(CohortSummary::from_bytes(&serial.to_bytes()).unwrap(), serial.clone());
        prop_assert_eq!(CohortSummary::from_text(&serial.to_text()).unwrap(), serial.clone());
        prop_assert_eq!(CohortSummary::from_text(&serial.to_text()).unwrap().to_text(), serial.to_text());
        prop_assert!(crate::codec::Summary::check_storable(&serial).is_ok());

        let mut s2 = serial.clone();
        s2.raise_scale(2).unwrap();
        let through = d("2025-12-31");
        let rows: Vec<CohortRow> = s2.table(Some(through)).collect();
        check_brute(&rows, &customers, month_of(through));
    }

    #[test]
    fn corrupt_cohort_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..80)) {
        if let Ok(s) = CohortSummary::from_bytes(&bytes) {
            let _ = s.table(None).take(1000).count();
            let _ = s.to_text();
        }
    }
}
