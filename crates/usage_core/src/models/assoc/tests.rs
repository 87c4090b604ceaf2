use super::*;
use proptest::prelude::*;

fn ok() -> Result<()> {
    Ok(())
}

fn state(rows: &[(i64, &str)], s: f64, c: f64, max_len: Option<i64>) -> Baskets {
    let mut b = Baskets::new(false);
    b.set_params(Params::new(s, c, max_len).unwrap()).unwrap();
    rows.iter().for_each(|&(k, i)| b.add(BasketId::Int(k), i).unwrap());
    b
}

/// mlxtend's documentation example (association_rules, "Example 1"): five
/// transactions, apriori(min_support=0.6), association_rules(metric="confidence",
/// min_threshold=0.7).
fn mlxtend_example() -> Vec<(i64, &'static str)> {
    let dataset: [&[&str]; 5] = [
        &["Milk", "Onion", "Nutmeg", "Kidney Beans", "Eggs", "Yogurt"],
        &["Dill", "Onion", "Nutmeg", "Kidney Beans", "Eggs", "Yogurt"],
        &["Milk", "Apple", "Kidney Beans", "Eggs"],
        &["Milk", "Unicorn", "Corn", "Kidney Beans", "Yogurt"],
        &["Corn", "Onion", "Onion", "Kidney Beans", "Ice cream", "Eggs"],
    ];
    dataset.iter().enumerate().flat_map(|(b, items)| items.iter().map(move |&i| (b as i64, i))).collect()
}

fn find<'a>(rules: &'a AssocRules, a: &[&str], c: &[&str]) -> &'a Rule {
    rules
        .rules()
        .iter()
        .find(|r| rules.names(&r.antecedent) == a && rules.names(&r.consequent) == c)
        .unwrap_or_else(|| panic!("no rule {a:?} -> {c:?}"))
}

#[test]
fn mlxtend_documentation_example() {
    let rules = state(&mlxtend_example(), 0.6, 0.7, None).rules(&ok).unwrap();
    assert_eq!(rules.baskets(), 5);
    // The published table has 12 rules.
    assert_eq!(rules.rules().len(), 12);
    // (antecedent, consequent, antecedent support, consequent support, support,
    // confidence, lift, leverage, conviction) as published, worked out by hand.
    let published: [(&[&str], &[&str], [f64; 7]); 12] = [
        (&["Kidney Beans"], &["Eggs"], [1.0, 0.8, 0.8, 0.8, 1.0, 0.0, 1.0]),
        (&["Eggs"], &["Kidney Beans"], [0.8, 1.0, 0.8, 1.0, 1.0, 0.0, f64::INFINITY]),
        (&["Eggs"], &["Onion"], [0.8, 0.6, 0.6, 0.75, 1.25, 0.12, 1.6]),
        (&["Onion"], &["Eggs"], [0.6, 0.8, 0.6, 1.0, 1.25, 0.12, f64::INFINITY]),
        (&["Milk"], &["Kidney Beans"], [0.6, 1.0, 0.6, 1.0, 1.0, 0.0, f64::INFINITY]),
        (&["Onion"], &["Kidney Beans"], [0.6, 1.0, 0.6, 1.0, 1.0, 0.0, f64::INFINITY]),
        (&["Yogurt"], &["Kidney Beans"], [0.6, 1.0, 0.6, 1.0, 1.0, 0.0, f64::INFINITY]),
        (&["Eggs", "Kidney Beans"], &["Onion"], [0.8, 0.6, 0.6, 0.75, 1.25, 0.12, 1.6]),
        (&["Eggs", "Onion"], &["Kidney Beans"], [0.6, 1.0, 0.6, 1.0, 1.0, 0.0, f64::INFINITY]),
        (&["Kidney Beans", "Onion"], &["Eggs"], [0.6, 0.8, 0.6, 1.0, 1.25, 0.12, f64::INFINITY]),
        (&["Eggs"], &["Kidney Beans", "Onion"], [0.8, 0.6, 0.6, 0.75, 1.25, 0.12, 1.6]),
        (&["Onion"], &["Eggs", "Kidney Beans"], [0.6, 0.8, 0.6, 1.0, 1.25, 0.12, f64::INFINITY]),
    ];
    for (a, c, want) in published {
        let m = rules.measures(find(&rules, a, c));
        let got = [
            m.antecedent_support,
            m.consequent_support,
            m.support,
            m.confidence,
            m.lift,
            m.leverage,
            m.conviction.unwrap_or(f64::INFINITY),
        ];
        for (g, w) in got.iter().zip(want) {
            assert!(
                (g - w).abs() <= 1e-12 * w.abs().max(1.0) || (g.is_infinite() && w.is_infinite()),
                "{a:?} -> {c:?}: {got:?} vs {want:?}"
            );
        }
    }
    // Repeated (basket, item) pairs count once: basket 4 lists Onion twice.
    assert_eq!(find(&rules, &["Onion"], &["Eggs"]).antecedent_count, 3);
    // A lower confidence threshold adds Kidney Beans -> Milk / Onion / Yogurt and
    // Kidney Beans -> {Eggs, Onion} (confidence 0.6 each).
    assert_eq!(state(&mlxtend_example(), 0.6, 0.6, None).rules(&ok).unwrap().rules().len(), 16);
}

#[test]
fn max_len_limits_itemsets() {
    let all = state(&mlxtend_example(), 0.6, 0.0, None).rules(&ok).unwrap();
    let pairs = state(&mlxtend_example(), 0.6, 0.0, Some(2)).rules(&ok).unwrap();
    let singles = state(&mlxtend_example(), 0.6, 0.0, Some(1)).rules(&ok).unwrap();
    // 5 pairs give 10 rules, the triple 6 more.
    assert_eq!((all.rules().len(), pairs.rules().len(), singles.rules().len()), (16, 10, 0));
    assert!(pairs.rules().iter().all(|r| r.antecedent.len() + r.consequent.len() == 2));
}

#[test]
fn min_count_compares_supports_as_mlxtend() {
    // 1/3 as a float: a count of 1 out of 3 reaches min_support = 1/3.
    assert_eq!(min_count(3, 1.0 / 3.0), 1);
    assert_eq!(min_count(10, 0.3), 3);
    assert_eq!(min_count(10, 0.31), 4);
    assert_eq!(min_count(7, 1.0), 7);
    assert_eq!(min_count(1_000_000, 1e-9), 1);
    for n in 1..200u64 {
        for s in [0.01, 0.1, 0.15, 0.2, 0.3, 0.7, 0.99] {
            let c = min_count(n, s);
            assert!(c as f64 / n as f64 >= s || c == n, "n {n} s {s}");
            assert!(c == 1 || (c - 1) as f64 / (n as f64) < s, "n {n} s {s}");
        }
    }
}

#[test]
fn bad_thresholds_are_errors() {
    for (s, c, m) in [
        (0.0, 0.5, None),
        (1.5, 0.5, None),
        (f64::NAN, 0.5, None),
        (0.5, -0.1, None),
        (0.5, 1.01, None),
        (0.5, f64::NAN, None),
        (0.5, 0.5, Some(0)),
    ] {
        let e = Params::new(s, c, m).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidParameter);
        assert!(!e.hint.is_empty());
    }
    let mut b = Baskets::new(false);
    b.set_params(Params::new(0.5, 0.5, None).unwrap()).unwrap();
    assert!(b.set_params(Params::new(0.5, 0.6, None).unwrap()).is_err());
}

#[test]
fn recommend_ranks_by_confidence_then_lift() {
    let rules = state(&mlxtend_example(), 0.6, 0.7, None).rules(&ok).unwrap();
    let names = |have: &[&str], k| -> Vec<(String, Vec<String>)> {
        rules
            .recommend(have, k, &ok)
            .unwrap()
            .into_iter()
            .map(|(item, r)| (rules.item(item).to_string(), rules.names(&rules.rules()[r].antecedent)))
            .collect()
    };
    // Onion: Onion -> Eggs (confidence 1, lift 1.25) beats Onion -> Kidney Beans
    // (confidence 1, lift 1); Onion -> {Eggs, Kidney Beans} ties with Onion -> Eggs
    // but comes later.
    assert_eq!(
        names(&["Onion"], 5),
        vec![("Eggs".into(), vec!["Onion".to_string()]), ("Kidney Beans".into(), vec!["Onion".to_string()])]
    );
    assert_eq!(names(&["Onion"], 1).len(), 1);
    // Eggs and Kidney Beans held: only Onion is left, from Eggs -> Onion (0.75, lift
    // 1.25; {Eggs, Kidney Beans} -> Onion has the same measures but comes later).
    assert_eq!(names(&["Kidney Beans", "Eggs", "unknown"], 5), vec![("Onion".into(), vec!["Eggs".into()])]);
    assert!(names(&[], 5).is_empty());
}

#[test]
fn text_and_binary_forms_round_trip() {
    let rules = state(&mlxtend_example(), 0.6, 0.7, Some(3)).rules(&ok).unwrap();
    let text = rules.to_text();
    assert!(text.starts_with(r#"{"baskets":5,"min_support":0.6,"min_confidence":0.7,"max_len":3,"rules":[{"antecedent":["Eggs"],"consequent":["Kidney Beans"],"count":4,"antecedent_count":4,"consequent_count":5}"#), "{text}");
    assert_eq!(AssocRules::from_text(&text).unwrap(), rules);
    assert_eq!(AssocRules::from_bytes(&rules.to_bytes()).unwrap(), rules);
    let empty = state(&[(1, "a")], 1.0, 0.5, None).rules(&ok).unwrap();
    assert_eq!(empty.to_text(), r#"{"baskets":1,"min_support":1.0,"min_confidence":0.5,"max_len":null,"rules":[]}"#);
    assert_eq!(AssocRules::from_text(&empty.to_text()).unwrap(), empty);
    let view = rules.json_view();
    // Eggs -> Kidney Beans (confidence 1: no conviction), then Eggs -> Onion.
    assert_eq!(view["rules"][0]["conviction"], serde_json::Value::Null);
    assert!((view["rules"][1]["conviction"].as_f64().unwrap() - 1.6).abs() < 1e-12);
    assert_eq!(view["rules"][0]["lift"], serde_json::json!(1.0));
}

#[test]
fn bad_text_is_an_error() {
    for text in [
        "",
        "{}",
        r#"{"baskets":5,"min_support":0,"min_confidence":0.7,"max_len":null,"rules":[]}"#,
        r#"{"baskets":5,"min_support":0.5,"min_confidence":0.7,"max_len":0,"rules":[]}"#,
        r#"{"baskets":5,"min_support":0.5,"min_confidence":0.7,"max_len":null,"rules":[{"antecedent":["a"],"consequent":["a"],"count":1,"antecedent_count":1,"consequent_count":1}]}"#,
        r#"{"baskets":5,"min_support":0.5,"min_confidence":0.7,"max_len":null,"rules":[{"antecedent":[],"consequent":["a"],"count":1,"antecedent_count":1,"consequent_count":1}]}"#,
        r#"{"baskets":5,"min_support":0.5,"min_confidence":0.7,"max_len":null,"rules":[{"antecedent":["b"],"consequent":["a"],"count":3,"antecedent_count":2,"consequent_count":4}]}"#,
        r#"{"baskets":5,"min_support":0.5,"min_confidence":0.7,"max_len":null,"rules":[{"antecedent":["b"],"consequent":["a"],"count":3,"antecedent_count":6,"consequent_count":4}]}"#,
        r#"{"baskets":5,"min_support":0.5,"min_confidence":0.7,"max_len":null,"rules":[{"antecedent":["b","b"],"consequent":["a"],"count":3,"antecedent_count":3,"consequent_count":4}]}"#,
        r#"{"baskets":5,"min_support":0.5,"min_confidence":0.7,"max_len":null,"rules":[],"extra":1}"#,
    ] {
        assert_eq!(AssocRules::from_text(text).unwrap_err().kind, ErrorKind::InvalidText, "{text}");
    }
    assert!(AssocRules::from_bytes(&[1, 5]).is_err());
    assert!(Baskets::from_bytes(&[1, 0, 1, 0]).is_err());
}

#[test]
fn text_basket_ids_and_merge_by_basket() {
    let mut a = Baskets::new(true);
    let mut b = Baskets::new(true);
    let p = Params::new(0.5, 0.5, None).unwrap();
    a.set_params(p).unwrap();
    b.set_params(p).unwrap();
    // Basket "x" is split between the two states: {p, q} is one basket.
    a.add(BasketId::Text("x"), "p").unwrap();
    b.add(BasketId::Text("x"), "q").unwrap();
    b.add(BasketId::Text("y"), "p").unwrap();
    b.add(BasketId::Text("y"), "q").unwrap();
    a.merge(&b).unwrap();
    assert_eq!(a.basket_count(), 2);
    let rules = a.rules(&ok).unwrap();
    assert_eq!(rules.rules().len(), 2);
    assert_eq!(find(&rules, &["p"], &["q"]).count, 2);
    let back = Baskets::from_bytes(&a.to_bytes()).unwrap();
    assert_eq!(back.rules(&ok).unwrap(), rules);
}

#[test]
fn interrupts_stop_mining() {
    let rows: Vec<(i64, String)> =
        (0..10_000).flat_map(|b| (0..5).map(move |i| (b, format!("i{}", (b + i) % 7)))).collect();
    let rows: Vec<(i64, &str)> = rows.iter().map(|(b, i)| (*b, i.as_str())).collect();
    let s = state(&rows, 0.01, 0.0, None);
    let cancel = || Err(Error::invalid_parameter("canceled", ""));
    assert_eq!(s.rules(&cancel).unwrap_err().message, "canceled");
}

/// Every itemset and rule by brute force over the one-hot table (what mlxtend's
/// apriori and association_rules compute), as (antecedent, consequent, count,
/// antecedent count, consequent count) over item names.
/// (antecedent, consequent, count, antecedent count, consequent count) over item names.
type RuleRows = Vec<(Vec<u8>, Vec<u8>, u64, u64, u64)>;

fn brute_force(rows: &[(i64, u8)], s: f64, c: f64, max_len: Option<usize>) -> RuleRows {
    let mut baskets: std::collections::BTreeMap<i64, std::collections::BTreeSet<u8>> = Default::default();
    rows.iter().for_each(|&(b, i)| {
        baskets.entry(b).or_default().insert(i);
    });
    let n = baskets.len() as u64;
    let items: Vec<u8> =
        baskets.values().flatten().copied().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    let count = |set: &[u8]| baskets.values().filter(|b| set.iter().all(|i| b.contains(i))).count() as u64;
    let mut frequent = std::collections::BTreeMap::new();
    for mask in 1u32..(1 << items.len()) {
        let set: Vec<u8> = items.iter().enumerate().filter(|(k, _)| mask >> k & 1 == 1).map(|(_, &i)| i).collect();
        let k = count(&set);
        if k as f64 / n as f64 >= s && max_len.is_none_or(|m| set.len() <= m) {
            frequent.insert(set, k);
        }
    }
    let mut out = Vec::new();
    for (set, &k) in frequent.iter().filter(|(s, _)| s.len() >= 2) {
        for mask in 1u32..(1 << set.len()) - 1 {
            let a: Vec<u8> = set.iter().enumerate().filter(|(b, _)| mask >> b & 1 == 1).map(|(_, &i)| i).collect();
            let cq: Vec<u8> = set.iter().enumerate().filter(|(b, _)| mask >> b & 1 == 0).map(|(_, &i)| i).collect();
            let (ka, kc) = (frequent[&a], frequent[&cq]);
            if (k as f64 / n as f64) / (ka as f64 / n as f64) >= c {
                out.push((a, cq, k, ka, kc));
            }
        }
    }
    out.sort();
    out
}

fn ours(rules: &AssocRules) -> RuleRows {
    let byte = |ids: &[u32]| ids.iter().map(|&i| rules.item(i).parse::<u8>().unwrap()).collect::<Vec<u8>>();
    let mut out: Vec<_> = rules
        .rules()
        .iter()
        .map(|r| {
            let (mut a, mut c) = (byte(&r.antecedent), byte(&r.consequent));
            a.sort();
            c.sort();
            (a, c, r.count, r.antecedent_count, r.consequent_count)
        })
        .collect();
    out.sort();
    out
}

fn build(rows: &[(i64, u8)], s: f64, c: f64, max_len: Option<i64>) -> Baskets {
    let mut b = Baskets::new(false);
    b.set_params(Params::new(s, c, max_len).unwrap()).unwrap();
    // Item names chosen so that name order differs from number order ("10" < "9").
    rows.iter().for_each(|&(k, i)| b.add(BasketId::Int(k), &i.to_string()).unwrap());
    b
}

fn rows_strategy() -> impl Strategy<Value = Vec<(i64, u8)>> {
    // Skewed item popularity: low item numbers are common.
    proptest::collection::vec((0i64..40, (0u8..12).prop_map(|x| x * x % 13)), 1..300)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// FP-growth finds exactly the itemsets and rules of the brute-force definition.
    #[test]
    fn equals_brute_force(rows in rows_strategy(), s in 0.05f64..0.6, c in 0.0f64..1.0, max_len in proptest::option::of(1usize..4)) {
        let got = build(&rows, s, c, max_len.map(|m| m as i64)).rules(&ok).unwrap();
        prop_assert_eq!(ours(&got), brute_force(&rows, s, c, max_len));
    }

    /// Rows in any order, split across states in any way (a basket may be split),
    /// merged in any grouping, give the same rules; states round-trip their bytes.
    #[test]
    fn merge_is_order_independent(rows in rows_strategy(), cut1 in 0usize..300, cut2 in 0usize..300, seed in any::<u64>()) {
        let (s, c) = (0.1, 0.3);
        let whole = build(&rows, s, c, None).rules(&ok).unwrap();
        let mut shuffled = rows.clone();
        shuffled.rotate_left((seed as usize) % rows.len());
        let (i, j) = (cut1.min(cut2).min(rows.len()), cut1.max(cut2).min(rows.len()));
        let parts = [build(&shuffled[..i], s, c, None), build(&shuffled[i..j], s, c, None), build(&shuffled[j..], s, c, None)];
        let parts: Vec<Baskets> = parts.iter().map(|p| Baskets::from_bytes(&p.to_bytes()).unwrap()).collect();
        // (a + b) + c
        let mut left = parts[0].clone();
        left.merge(&parts[1]).unwrap();
        left.merge(&parts[2]).unwrap();
        // a + (c + b)
        let mut right = parts[2].clone();
        right.merge(&parts[1]).unwrap();
        let mut outer = parts[0].clone();
        outer.merge(&right).unwrap();
        for merged in [left, outer] {
            let got = merged.rules(&ok).unwrap();
            prop_assert_eq!(got.to_text(), whole.to_text());
            prop_assert_eq!(&got, &whole);
        }
        prop_assert_eq!(AssocRules::from_text(&whole.to_text()).unwrap().to_text(), whole.to_text());
        prop_assert_eq!(AssocRules::from_bytes(&whole.to_bytes()).unwrap(), whole);
    }
}
