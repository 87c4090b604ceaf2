//! Tests of the usage summary: known histories, round trips, merge laws.

use super::*;
use crate::codec::TextForm;
use crate::day;
use crate::ErrorKind;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn d(s: &str) -> Day {
    day::parse(s).unwrap()
}

type Event = (Day, f64, Option<&'static str>);

fn summarize(events: &[Event]) -> UsageSummary {
    let mut s = UsageSummary::new();
    for &(day, q, f) in events {
        s.record(day, q, f).unwrap();
    }
    s
}

fn event() -> impl Strategy<Value = Event> {
    (
        -400i32..400,
        prop_oneof![Just(1.0), 0.0f64..1e6, Just(0.1)],
        prop_oneof![Just(None), Just(Some("export")), Just(Some("search")), Just(Some("api"))],
    )
}

#[test]
fn accessors_on_a_known_history() {
    let s = summarize(&[
        (d("2024-01-01"), 2.0, Some("search")),
        (d("2024-01-01"), 1.0, Some("export")),
        (d("2024-01-03"), 4.5, Some("search")),
        (d("2024-02-10"), 1.0, None),
    ]);
    assert_eq!(s.events(), 4);
    assert_eq!(s.total_quantity().unwrap(), 8.5);
    assert_eq!(s.first_seen(), Some(d("2024-01-01")));
    assert_eq!(s.last_seen(), Some(d("2024-02-10")));
    assert_eq!(s.active_days(), 3);
    assert_eq!(s.active_days_between(d("2024-01-02"), d("2024-02-10")), 2);
    assert_eq!(s.active_periods(Period::Month), 2);
    assert_eq!(s.active_periods(Period::Week), 2);
    assert_eq!(s.recency_days(d("2024-02-01")), Some(29));
    assert_eq!(s.recency_days(d("2023-12-31")), None);
    assert_eq!(s.tenure_days(d("2024-01-31")), Some(30));
    assert_eq!(s.feature_breadth(), 2);
    assert_eq!(s.feature_events("search"), 2);
    assert_eq!(s.feature_events("nothing"), 0);
    assert_eq!(s.intensity().unwrap(), Some(8.5 / 3.0));
    assert_eq!(s.frequency(d("2024-01-03"), 4).unwrap(), 0.5);
    assert!(s.frequency(d("2024-01-03"), 0).is_err());
}

#[test]
fn frequency_classes() {
    let t = FrequencyThresholds::default();
    let as_of = d("2024-03-31");
    let daily = summarize(&(0..28).map(|i| (as_of - i, 1.0, None)).collect::<Vec<_>>());
    let weekly = summarize(&(0..4).map(|w| (as_of - 7 * w - 2, 1.0, None)).collect::<Vec<_>>());
    let monthly = summarize(&[(as_of - 20, 1.0, None)]);
    let lapsed = summarize(&[(as_of - 45, 1.0, None)]);
    let future = summarize(&[(as_of + 1, 1.0, None)]);
    assert_eq!(daily.frequency_class(as_of, &t).unwrap(), "daily");
    assert_eq!(weekly.frequency_class(as_of, &t).unwrap(), "weekly");
    assert_eq!(monthly.frequency_class(as_of, &t).unwrap(), "monthly");
    assert_eq!(lapsed.frequency_class(as_of, &t).unwrap(), "lapsed");
    assert_eq!(future.frequency_class(as_of, &t).unwrap(), "non_user");
    let bad = FrequencyThresholds { daily_min_days: 0, ..t };
    assert!(daily.frequency_class(as_of, &bad).is_err());
}

#[test]
fn trend_halves() {
    let as_of = d("2024-03-31");
    // 2 active days in the earlier 28, 3 in the recent 28: +50 %.
    let s = summarize(&[
        (as_of - 40, 1.0, None),
        (as_of - 30, 1.0, None),
        (as_of, 1.0, None),
        (as_of - 1, 1.0, None),
        (as_of - 27, 1.0, None),
    ]);
    assert_eq!(s.trend(as_of, 56).unwrap(), Some(0.5));
    assert_eq!(summarize(&[(as_of, 1.0, None)]).trend(as_of, 56).unwrap(), None);
    assert!(s.trend(as_of, 7).is_err());
}

#[test]
fn segments_and_quadrants() {
    let labels: Vec<String> = ["light", "moderate", "heavy"].iter().map(|s| s.to_string()).collect();
    assert_eq!(segment(1.0, &[2.0, 5.0], &labels).unwrap(), "light");
    assert_eq!(segment(2.0, &[2.0, 5.0], &labels).unwrap(), "moderate");
    assert_eq!(segment(9.0, &[2.0, 5.0], &labels).unwrap(), "heavy");
    assert_eq!(segment(3.0, &[2.0, 2.0], &labels).unwrap(), "heavy");
    assert!(segment(1.0, &[5.0, 2.0], &labels).is_err());
    assert_eq!(segment(1.0, &[5.0], &labels).unwrap_err().kind, ErrorKind::ArrayMismatch);
    let q: Vec<String> = ["casual", "social", "competitive", "hardcore"].iter().map(|s| s.to_string()).collect();
    assert_eq!(quadrant(0.1, 1.0, 0.5, 5.0, &q).unwrap(), "casual");
    assert_eq!(quadrant(0.9, 1.0, 0.5, 5.0, &q).unwrap(), "social");
    assert_eq!(quadrant(0.1, 9.0, 0.5, 5.0, &q).unwrap(), "competitive");
    assert_eq!(quadrant(0.5, 5.0, 0.5, 5.0, &q).unwrap(), "hardcore");
}

#[test]
fn text_form_escapes_names_and_keeps_partial_sums() {
    let mut b = UsageBuilder::new();
    b.record(10, 1e16, Some("a \"quoted\" \\ name\u{1}é")).unwrap();
    b.record(11, 1.0, Some("a \"quoted\" \\ name\u{1}é")).unwrap();
    b.record(400, 0.1, None).unwrap();
    let s = b.summary().unwrap().clone();
    let text = s.to_text();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value.to_string(), text);
    assert!(text.contains("\"quantity\":[1.0,1e+16]"), "{text}");
    assert_eq!(UsageSummary::from_text(&text).unwrap(), s);
}

#[test]
fn totals_that_cannot_be_stored_are_errors() {
    let mut b = UsageBuilder::new();
    b.record(0, 1e308, None).unwrap();
    b.record(0, 1e308, None).unwrap();
    assert_eq!(b.summary().unwrap_err().kind, ErrorKind::NumericOutOfRange);
    let one = summarize(&[(0, 1e308, Some("a"))]);
    assert_eq!(one.clone().merge(&one).unwrap_err().kind, ErrorKind::NumericOutOfRange);
    use crate::codec::Summary;
    assert_eq!(one.clone().combine_stored(&one.to_bytes()).unwrap_err().kind, ErrorKind::NumericOutOfRange);
    let mut many = summarize(&[(0, 1.0, None)]);
    many.total.events = u64::MAX;
    assert_eq!(many.clone().merge(&many).unwrap_err().kind, ErrorKind::NumericOutOfRange);
}

/// Found by the fuzzer: text input took a feature with more quantity than the
/// summary's total, and a rollup of two such values wrote a feature sum beyond
/// float8 that no reader accepts ("a stored partial sum is not finite").
#[test]
fn feature_quantities_stay_within_the_total() {
    let text = r#"{"version":1,"events":2,"quantity":1,"days":["2024-01-01"],"features":{"a":{"events":1,"quantity":1e308,"days":["2024-01-01"]}}}"#;
    assert_eq!(UsageSummary::from_text(text).unwrap_err().kind, ErrorKind::InvalidText);
    // The same value in stored form (built around the text check) is corrupt.
    let mut bad = summarize(&[(0, 1.0, None), (0, 1.0, Some("a"))]);
    bad.features.entry("a").quantity = crate::exact_sum::ExactSum::from_partials(&[1e308]).unwrap();
    assert_eq!(UsageSummary::from_bytes(&bad.to_bytes()).unwrap_err().kind, ErrorKind::Corrupted);
    use crate::codec::Summary;
    let good = summarize(&[(0, 1.0, Some("a"))]);
    assert_eq!(good.clone().combine_stored(&bad.to_bytes()).unwrap_err().kind, ErrorKind::Corrupted);
    // Merging never writes a feature sum beyond float8, even from values in memory.
    assert_eq!(bad.clone().merge(&bad).unwrap_err().kind, ErrorKind::NumericOutOfRange);
    // Equal quantities are within the total (a summary of one feature's events).
    let one = summarize(&[(0, 0.1, Some("a")), (1, 0.2, Some("a"))]);
    assert_eq!(UsageSummary::from_text(&one.to_text()).unwrap(), one);
    assert_eq!(UsageSummary::from_bytes(&one.to_bytes()).unwrap(), one);
}

#[test]
fn bad_quantities_and_text() {
    let mut s = UsageSummary::new();
    assert_eq!(s.record(0, f64::NAN, None).unwrap_err().kind, ErrorKind::InvalidData);
    assert!(s.record(0, f64::INFINITY, None).is_err());
    assert!(s.record(0, -1.0, None).is_err());
    assert_eq!(s.events(), 0);
    for bad in [
        "",
        "{}",
        "[]",
        "{\"version\":1}",
        "{\"version\":9,\"events\":1,\"quantity\":1,\"days\":[\"2024-01-01\"]}",
        "{\"version\":1,\"events\":1,\"quantity\":1,\"days\":[\"2024-02-30\"]}",
        "{\"version\":1,\"events\":1,\"quantity\":1,\"days\":[\"2024-01-01\",\"2024-01-02\"]}",
        "{\"version\":1,\"events\":1,\"quantity\":-1,\"days\":[\"2024-01-01\"]}",
        "{\"version\":1,\"events\":1,\"quantity\":1,\"days\":[\"2024-01-05/2024-01-01\"]}",
        "{\"version\":1,\"events\":1,\"quantity\":1,\"days\":[\"2024-01-01\"],\"extra\":1}",
        "{\"version\":1,\"events\":1,\"quantity\":1,\"days\":[\"2024-01-01\"],\"features\":{\"a\":{\"events\":2,\"quantity\":1,\"days\":[\"2024-01-01\"]}}}",
    ] {
        assert_eq!(UsageSummary::from_text(bad).unwrap_err().kind, ErrorKind::InvalidText, "{bad}");
    }
    assert!(UsageSummary::from_bytes(&[]).is_err());
    assert!(UsageSummary::from_bytes(&[2, 0]).is_err());
    assert!(UsageSummary::from_bytes(&[1, 5]).is_err());
}

proptest! {
    #[test]
    fn merge_is_associative_and_commutative(a in prop::collection::vec(event(), 0..40),
                                            b in prop::collection::vec(event(), 0..40),
                                            c in prop::collection::vec(event(), 0..40)) {
        let (sa, sb, sc) = (summarize(&a), summarize(&b), summarize(&c));
        let mut left = sa.clone(); left.merge(&sb).unwrap(); left.merge(&sc).unwrap();
        let mut bc = sb.clone(); bc.merge(&sc).unwrap();
        let mut right = sa.clone(); right.merge(&bc).unwrap();
        prop_assert_eq!(&left, &right);
        let mut ba = sb.clone(); ba.merge(&sa).unwrap();
        let mut ab = sa.clone(); ab.merge(&sb).unwrap();
        prop_assert_eq!(&ab, &ba);
        prop_assert_eq!(ab.total_quantity().unwrap(), ba.total_quantity().unwrap());
        let all: Vec<Event> = a.iter().chain(&b).chain(&c).cloned().collect();
        prop_assert_eq!(&left, &summarize(&all));
    }

    #[test]
    fn merging_stored_forms_equals_merging_values(a in prop::collection::vec(event(), 0..60),
                                                  b in prop::collection::vec(event(), 0..60)) {
        use crate::codec::Summary;
        let (sa, sb) = (summarize(&a), summarize(&b));
        let mut by_value = sa.clone();
        by_value.merge(&sb).unwrap();
        let mut by_bytes = sa.clone();
        by_bytes.combine_stored(&sb.to_bytes()).unwrap();
        prop_assert_eq!(&by_bytes, &by_value);
        let bytes = sb.to_bytes();
        for cut in 0..bytes.len() {
            prop_assert!(sa.clone().combine_stored(&bytes[..cut]).is_err());
        }
    }

    #[test]
    fn rollup_of_daily_summaries_equals_summary_of_all_events(events in prop::collection::vec(event(), 0..80)) {
        let mut by_day: BTreeMap<Day, Vec<Event>> = BTreeMap::new();
        for e in &events { by_day.entry(e.0).or_default().push(*e); }
        let mut rolled = UsageSummary::new();
        for day_events in by_day.values() { rolled.merge(&summarize(day_events)).unwrap(); }
        prop_assert_eq!(&rolled, &summarize(&events));
    }

    #[test]
    fn binary_and_text_round_trip(events in prop::collection::vec(event(), 0..60)) {
        let s = summarize(&events);
        let bytes = s.to_bytes();
        let back = UsageSummary::from_bytes(&bytes).unwrap();
        prop_assert_eq!(&back, &s);
        prop_assert_eq!(back.to_bytes(), bytes);
        let text = s.to_text();
        let parsed = UsageSummary::from_text(&text).unwrap();
        prop_assert_eq!(&parsed, &s);
        prop_assert_eq!(parsed.to_text(), text.clone());
        // The text is canonical JSON: serde_json writes the same bytes back
        // (sorted keys, its number format, its string escapes).
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(value.to_string(), text);
    }

    #[test]
    fn builder_equals_event_by_event_summary(events in prop::collection::vec(event(), 0..300),
                                             cut in 0usize..300) {
        let build = |events: &[Event]| {
            let mut b = UsageBuilder::new();
            events.iter().for_each(|&(day, q, f)| b.record(day, q, f).unwrap());
            b
        };
        let direct = summarize(&events);
        let mut whole = build(&events);
        // Read without folding (final functions), the builder stays as it was.
        let before = format!("{whole:?}");
        prop_assert_eq!(&*whole.to_summary().unwrap(), &direct);
        prop_assert_eq!(format!("{whole:?}"), before);
        prop_assert_eq!(whole.summary().unwrap(), &direct);
        prop_assert_eq!(&*whole.to_summary().unwrap(), &direct);
        // Merging builders with events still buffered, as parallel workers do.
        let (a, b) = events.split_at(cut.min(events.len()));
        let mut merged = build(a);
        merged.merge(&build(b)).unwrap();
        let names = FeatureNames::shared();
        let mut left = UsageBuilder::with_names(names.clone());
        let mut right = UsageBuilder::with_names(names);
        a.iter().for_each(|&(day, q, f)| left.record(day, q, f).unwrap());
        b.iter().for_each(|&(day, q, f)| right.record(day, q, f).unwrap());
        right.merge(&left).unwrap();
        prop_assert_eq!(right.summary().unwrap(), &direct);
        let merged = merged.summary().unwrap().clone();
        prop_assert_eq!(&merged, &direct);
        prop_assert_eq!(merged.to_bytes(), whole.summary().unwrap().to_bytes());
        let mut resumed = UsageBuilder::from(summarize(a));
        b.iter().for_each(|&(day, q, f)| resumed.record(day, q, f).unwrap());
        prop_assert_eq!(resumed.summary().unwrap(), &direct);
    }

    #[test]
    fn totals_decode_equals_full_decode(events in prop::collection::vec(event(), 0..200)) {
        let s = summarize(&events);
        let totals = UsageTotals::from_bytes(&s.to_bytes()).unwrap();
        prop_assert_eq!(totals.feature_breadth, s.feature_breadth());
        prop_assert_eq!(&totals.summary.total, &s.total);
        prop_assert!(totals.summary.features.is_empty());
    }

    #[test]
    fn corrupt_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = UsageTotals::from_bytes(&bytes);
        let _ = UsageSummary::from_bytes(&bytes);
    }
}
