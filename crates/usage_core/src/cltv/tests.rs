//! Reference parity on the CDNOW 1/10 sample (tests/data, from lifetimes 0.11.3).
//!
//! Published values: Fader, Hardie & Lee (2005) "Counting your customers the easy
//! way" (BG/NBD), Fader & Hardie note 009 / FHL 2005 (Pareto/NBD), Hardie note 025
//! (Gamma-Gamma). "lifetimes" values were printed by bench/cltv/lifetimes_reference.py
//! with lifetimes 0.11.3 (numpy 1.23.5, scipy 1.10.1, pandas 1.5.3, autograd 1.5) on
//! Python 3.11; predictions use fixed published parameters so they test the formulas.

use super::*;
use crate::codec::TextForm;
use crate::codec::Versioned;

const CDNOW: &str = include_str!("../../../../tests/data/cdnow_customers_summary_with_transactions.csv");

/// (x, t_x, T, zbar) for the 2,357 CDNOW customers.
pub(crate) fn cdnow() -> Vec<[f64; 4]> {
    CDNOW
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<f64> = l.split(',').skip(1).map(|v| v.trim().parse().unwrap()).collect();
            [f[0], f[1], f[2], f[3]]
        })
        .collect()
}

pub(crate) fn triples(penalizer: f64) -> Triples {
    let mut t = Triples::new();
    t.set_penalizer(penalizer).unwrap();
    for [x, tx, big_t, _] in cdnow() {
        check_customer(x, tx, big_t).unwrap();
        t.add([x, tx, big_t], 1.0);
    }
    t
}

pub(crate) fn pairs(penalizer: f64) -> Pairs {
    let mut p = Pairs::new();
    p.set_penalizer(penalizer).unwrap();
    for [x, _, _, m] in cdnow() {
        if gamma_gamma::check_spend(x, m).unwrap() {
            p.add([x, m], 1.0);
        }
    }
    p
}

fn ok() -> Result<()> {
    Ok(())
}

#[track_caller]
fn rel(actual: f64, expected: f64, tol: f64) {
    let err = (actual - expected).abs() / expected.abs().max(1e-300);
    assert!(err <= tol, "actual {actual:e}, expected {expected:e}, relative error {err:e} > {tol:e}");
}

#[test]
fn cdnow_data_is_complete() {
    let d = cdnow();
    assert_eq!(d.len(), 2357);
    assert_eq!(d.iter().filter(|r| r[0] > 0.0).count(), 946);
    let t = triples(0.0);
    assert_eq!(t.total_weight(), 2357.0);
    assert!(t.distinct() < 2357, "identical triples are compressed");
}

#[test]
fn bgnbd_reproduces_published_cdnow_fit() {
    let m = BgNbdModel::fit(&triples(0.0), &ok).unwrap();
    assert!(m.info.converged, "{m:?}");
    // Published: r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9582.4.
    assert_eq!((m.r * 1000.0).round(), 243.0);
    assert_eq!((m.alpha * 1000.0).round(), 4414.0);
    assert_eq!((m.a * 1000.0).round(), 793.0);
    assert_eq!((m.b * 1000.0).round(), 2426.0);
    assert_eq!((m.info.log_likelihood.unwrap() * 10.0).round(), -95824.0);
    // lifetimes: r=0.24259292827982182, alpha=4.4135322652718187, a=0.79288596644068821, b=2.42575238262586
    rel(m.r, 0.242_592_928_279_821_82, 1e-5);
    rel(m.alpha, 4.413_532_265_271_818_7, 1e-5);
    rel(m.a, 0.792_885_966_440_688_21, 1e-5);
    rel(m.b, 2.425_752_382_625_86, 1e-5);
    assert_eq!(m.info.n, 2357.0);
}

#[test]
fn bgnbd_penalizer_matches_lifetimes() {
    // lifetimes BetaGeoFitter(penalizer_coef=0.1): r=0.23094701386573419,
    // alpha=4.2192875236190996, a=0.12865474020745912, b=0.26712679605041983
    let m = BgNbdModel::fit(&triples(0.1), &ok).unwrap();
    assert!(m.info.converged);
    rel(m.r, 0.230_947_013_865_734_19, 1e-4);
    rel(m.alpha, 4.219_287_523_619_099_6, 1e-4);
    rel(m.a, 0.128_654_740_207_459_12, 1e-4);
    rel(m.b, 0.267_126_796_050_419_83, 1e-4);
}

#[test]
fn pareto_nbd_reproduces_published_cdnow_fit() {
    let m = ParetoNbdModel::fit(&triples(0.0), &ok).unwrap();
    assert!(m.info.converged, "{m:?}");
    // Published: r 0.553, alpha 10.578, s 0.606, beta 11.669, LL -9595.0.
    assert_eq!((m.r * 1000.0).round(), 553.0, "{m:?}");
    assert_eq!((m.alpha * 1000.0).round(), 10578.0, "{m:?}");
    assert_eq!((m.s * 1000.0).round(), 606.0, "{m:?}");
    assert!((m.beta - 11.669).abs() < 2e-3, "{m:?}");
    assert_eq!((m.info.log_likelihood.unwrap() * 10.0).round(), -95950.0);
    // lifetimes (Nelder-Mead, tol 1e-10): r=0.55327552098800548, alpha=10.577612447968974,
    // s=0.60621355535041588, beta=11.667910520836255
    rel(m.r, 0.553_275_520_988_005_48, 1e-4);
    rel(m.alpha, 10.577_612_447_968_974, 1e-4);
    rel(m.s, 0.606_213_555_350_415_88, 1e-4);
    rel(m.beta, 11.667_910_520_836_255, 1e-4);
}

#[test]
fn gamma_gamma_reproduces_published_cdnow_fit() {
    let data = pairs(0.0);
    assert_eq!(data.total_weight(), 946.0);
    let m = GammaGammaModel::fit(&data, &ok).unwrap();
    assert!(m.info.converged, "{m:?}");
    // Published (note 025): p 6.25, q 3.74, gamma 15.44 (gamma truncated: 15.4477).
    assert_eq!((m.p * 100.0).round(), 625.0);
    assert_eq!((m.q * 100.0).round(), 374.0);
    assert!((m.v - 15.44).abs() < 0.01, "{m:?}");
    // lifetimes: p=6.2488024960753119, q=3.7445884609231141, v=15.44774806492914, LL=-4055.9232435028644
    rel(m.p, 6.248_802_496_075_311_9, 1e-5);
    rel(m.q, 3.744_588_460_923_114_1, 1e-5);
    rel(m.v, 15.447_748_064_929_14, 1e-5);
    rel(m.info.log_likelihood.unwrap(), -4_055.923_243_502_864_4, 1e-8);
    // lifetimes GammaGammaFitter(penalizer_coef=0.1): p=1.2847618934180804,
    // q=0.33594737681372233, v=1.1469251956084523
    let m = GammaGammaModel::fit(&pairs(0.1), &ok).unwrap();
    rel(m.p, 1.284_761_893_418_080_4, 1e-4);
    rel(m.q, 0.335_947_376_813_722_33, 1e-4);
    rel(m.v, 1.146_925_195_608_452_3, 1e-4);
}

/// (x, t_x, T, bg p_alive, bg E39, bg E52, pn p_alive, pn E39, pn E52) from lifetimes.
const PREDICTIONS: &[[f64; 9]] = &[
    [
        0.0,
        0.0,
        38.86,
        1.0,
        0.19509805201125396,
        0.25207302228245038,
        0.29528660461689443,
        0.10708146821530892,
        0.13620100592390511,
    ],
    [
        1.0,
        1.71,
        38.86,
        0.21210098537737909,
        0.20318698707975183,
        0.25982346486862234,
        0.16800232672434479,
        0.1710929805537828,
        0.21761969130913378,
    ],
    [
        2.0,
        30.43,
        38.86,
        0.72657857008067295,
        1.2260281747671351,
        1.5587208064320972,
        0.86916755915301114,
        1.4551231932576019,
        1.8508267207019504,
    ],
    [
        7.0,
        29.43,
        38.86,
        0.6417563459461072,
        3.3370532748513577,
        4.1988555849250586,
        0.74950140766703421,
        3.7122513804705242,
        4.7217541997636312,
    ],
    [
        14.0,
        35.0,
        38.86,
        0.83716039827540378,
        8.4038131196113461,
        10.534707144902169,
        0.91336727828664743,
        8.7165257608689277,
        11.086881760015427,
    ],
    [
        26.0,
        30.86,
        31.0,
        0.96891564971752497,
        20.7497261408577,
        25.758195936483151,
        0.99791873105515783,
        20.117026077370543,
        25.45847295142897,
    ],
    [
        3.0,
        5.0,
        20.0,
        0.20245557251242235,
        0.77056599971223894,
        0.95619677937880065,
        0.32151402553200276,
        1.1169615006013753,
        1.4003776683794984,
    ],
    [
        1000.0,
        5.0,
        5.0,
        0.99920875577094426,
        1949.9036931203946,
        2292.3381208291098,
        1.0,
        1652.6702330417977,
        2029.3883678950319,
    ],
    [
        1000.0,
        0.01,
        0.01,
        0.99920875577094426,
        2921.3669462388107,
        3353.5200044810681,
        1.0,
        2193.2169450517717,
        2663.3783161927036,
    ],
    [
        50.0,
        2.0,
        39.0,
        1.2163415330299974e-40,
        4.222387014255592e-39,
        5.2761560855238588e-39,
        3.187181220485638e-29,
        1.0540237809346759e-27,
        1.3407616230791577e-27,
    ],
];

fn published_models() -> (BgNbdModel, ParetoNbdModel, GammaGammaModel) {
    (
        BgNbdModel::with_params(0.243, 4.414, 0.793, 2.426).unwrap(),
        ParetoNbdModel::with_params(0.553, 10.578, 0.606, 11.669).unwrap(),
        GammaGammaModel::with_params(6.25, 3.74, 15.44).unwrap(),
    )
}

#[test]
fn predictions_match_lifetimes() {
    let (bg, pn, _) = published_models();
    for row in PREDICTIONS {
        let [x, tx, t, bg_alive, bg39, bg52, pn_alive, pn39, pn52] = *row;
        rel(bg.p_alive(x, tx, t).unwrap(), bg_alive, 1e-10);
        rel(bg.conditional_expected_purchases(39.0, x, tx, t).unwrap(), bg39, 1e-9);
        rel(bg.conditional_expected_purchases(52.0, x, tx, t).unwrap(), bg52, 1e-9);
        rel(pn.p_alive(x, tx, t).unwrap(), pn_alive, 1e-9);
        rel(pn.conditional_expected_purchases(39.0, x, tx, t).unwrap(), pn39, 1e-9);
        rel(pn.conditional_expected_purchases(52.0, x, tx, t).unwrap(), pn52, 1e-9);
    }
    // Unconditional expectations: bg E(39), E(78); pn E(39), E(78).
    rel(bg.expected_purchases(39.0).unwrap(), 1.1967231933207985, 1e-10);
    rel(bg.expected_purchases(78.0).unwrap(), 1.8605190579427455, 1e-10);
    rel(pn.expected_purchases(39.0).unwrap(), 1.2130028442810157, 1e-12);
    rel(pn.expected_purchases(78.0).unwrap(), 1.9093981293136852, 1e-12);
}

#[test]
fn spend_and_cltv_match_lifetimes() {
    let (bg, pn, gg) = published_models();
    rel(gg.expected_spend(1.0, 20.0).unwrap(), 24.6384872080089, 1e-13);
    rel(gg.expected_spend(2.0, 22.35).unwrap(), 24.663713910761157, 1e-13);
    rel(gg.expected_spend(10.0, 50.0).unwrap(), 49.379215205395468, 1e-13);
    rel(gg.expected_spend(0.0, 0.0).unwrap(), 35.21897810218978, 1e-13);
    // customer_lifetime_value(time=12, discount_rate=0.01, freq="W")
    let cases: &[(f64, f64, f64, f64, f64, f64)] = &[
        (2.0, 30.43, 38.86, 22.35, 36.289211125599522, 43.089917860064674),
        (1.0, 1.71, 38.86, 11.77, 4.6372946597471936, 3.8859614556068576),
        (1.0, 5.0, 38.86, 11.77, 6.8823554650152223, 5.9052934821186804),
        (5.0, 36.14, 38.14, 17.47, 74.976906604056836, 81.340860932427844),
        (0.0, 0.0, 33.57, 0.0, 9.3813203065789512, 5.5478334249012633),
    ];
    for &(x, tx, t, m, bg_clv, pn_clv) in cases {
        rel(cltv(&bg, &gg, x, tx, t, m, 12, 0.01, TimeUnit::Week).unwrap(), bg_clv, 1e-9);
        rel(cltv(&pn, &gg, x, tx, t, m, 12, 0.01, TimeUnit::Week).unwrap(), pn_clv, 1e-9);
    }
    assert_eq!(cltv(&bg, &gg, 2.0, 30.43, 38.86, 22.35, 0, 0.01, TimeUnit::Week).unwrap(), 0.0);
}

#[test]
fn extreme_customers_stay_finite() {
    let (bg, pn, _) = published_models();
    for &(x, tx, t) in
        &[(1000.0, 1e-9, 1e-9), (1000.0, 1000.0, 1000.0), (1000.0, 0.5, 1e6), (0.0, 0.0, 1e-9), (1.0, 1e-9, 1e6)]
    {
        for v in [
            bg.p_alive(x, tx, t).unwrap(),
            bg.conditional_expected_purchases(52.0, x, tx, t).unwrap(),
            bg.customer_log_likelihood(x, tx, t).unwrap(),
            pn.p_alive(x, tx, t).unwrap(),
            pn.conditional_expected_purchases(52.0, x, tx, t).unwrap(),
            pn.customer_log_likelihood(x, tx, t).unwrap(),
        ] {
            assert!(v.is_finite(), "x={x} t_x={tx} T={t}: {v}");
        }
    }
    // Fitting with an extreme customer added stays finite and converges.
    let mut data = triples(0.0);
    data.add([1000.0, 0.01, 0.01], 1.0);
    let m = BgNbdModel::fit(&data, &ok).unwrap();
    assert!(m.info.log_likelihood.unwrap().is_finite() && m.info.converged, "{m:?}");
    let m = ParetoNbdModel::fit(&data, &ok).unwrap();
    assert!(m.info.log_likelihood.unwrap().is_finite(), "{m:?}");
}

#[test]
fn compression_and_merge_do_not_change_the_fit() {
    let rows = cdnow();
    // Two halves merged (as parallel workers) equal one state, bit for bit.
    let (mut left, mut right) = (Triples::new(), Triples::new());
    for (i, [x, tx, t, _]) in rows.iter().copied().enumerate() {
        if i % 2 == 0 { &mut left } else { &mut right }.add([x, tx, t], 1.0);
    }
    let mut merged = Triples::decode(&right.encode()).unwrap();
    merged.merge(&Triples::decode(&left.encode()).unwrap()).unwrap();
    let mut whole = Triples::new();
    for [x, tx, t, _] in rows {
        whole.add([x, tx, t], 1.0);
    }
    assert_eq!(merged, whole);
    assert_eq!(BgNbdModel::fit(&merged, &ok).unwrap(), BgNbdModel::fit(&whole, &ok).unwrap());
    // Weights equal repeated rows.
    let mut weighted = Triples::new();
    weighted.add([2.0, 30.43, 38.86], 3.0);
    let mut repeated = Triples::new();
    for _ in 0..3 {
        repeated.add([2.0, 30.43, 38.86], 1.0);
    }
    assert_eq!(weighted, repeated);
    // Different penalizers cannot be merged.
    let mut p = Triples::new();
    p.set_penalizer(0.1).unwrap();
    let mut q = Triples::new();
    q.set_penalizer(0.2).unwrap();
    assert!(p.merge(&q).is_err());
    assert!(Triples::decode(&whole.encode()[..20]).is_err());
}

#[test]
fn text_and_binary_forms_round_trip() {
    let m = BgNbdModel::fit(&triples(0.0), &ok).unwrap();
    let text = m.to_text();
    assert!(text.starts_with("{\"r\":"), "{text}");
    assert_eq!(BgNbdModel::from_text(&text).unwrap(), m);
    assert_eq!(BgNbdModel::from_bytes(&m.to_bytes()).unwrap(), m);
    let (_, pn, gg) = published_models();
    assert_eq!(ParetoNbdModel::from_text(&pn.to_text()).unwrap(), pn);
    assert_eq!(ParetoNbdModel::from_bytes(&pn.to_bytes()).unwrap(), pn);
    assert_eq!(GammaGammaModel::from_text(&gg.to_text()).unwrap(), gg);
    assert_eq!(GammaGammaModel::from_bytes(&gg.to_bytes()).unwrap(), gg);
    assert!(gg.to_text().contains("\"log_likelihood\":null"));
    assert!(BgNbdModel::from_text("{\"r\":1}").is_err());
    // A hand-written model needs only its parameters.
    let hand = BgNbdModel::from_text("{\"r\":0.243,\"alpha\":4.414,\"a\":0.793,\"b\":2.426}").unwrap();
    assert_eq!(hand, published_models().0);
    assert!(BgNbdModel::from_text(&text.replace("\"r\":", "\"r\":-")).is_err());
    assert!(BgNbdModel::from_bytes(&m.to_bytes()[..10]).is_err());
}

#[test]
fn bad_inputs_are_errors() {
    assert!(check_customer(-1.0, 0.0, 1.0).is_err());
    assert!(check_customer(1.5, 1.0, 2.0).is_err());
    assert!(check_customer(2.0, 3.0, 2.0).is_err());
    assert!(check_customer(0.0, 1.0, 2.0).is_err());
    assert!(check_customer(1.0, f64::NAN, 2.0).is_err());
    assert!(gamma_gamma::check_spend(2.0, 0.0).is_err());
    assert!(gamma_gamma::check_spend(2.0, -5.0).is_err());
    assert!(!gamma_gamma::check_spend(0.0, 0.0).unwrap());
    assert!(check_weight(-1.0).is_err());
    assert!(TimeUnit::parse("fortnight").is_err());
    let mut few = Triples::new();
    few.add([1.0, 1.0, 2.0], 10.0);
    few.add([0.0, 0.0, 2.0], 10.0);
    let e = BgNbdModel::fit(&few, &ok).unwrap_err();
    assert!(e.message.contains("too few customers"), "{e}");
    assert!(ParetoNbdModel::fit(&few, &ok).is_err());
    assert!(GammaGammaModel::fit(&Pairs::new(), &ok).is_err());
    let mut no_repeat = Triples::new();
    for t in 1..10 {
        no_repeat.add([0.0, 0.0, f64::from(t)], 1.0);
    }
    assert!(BgNbdModel::fit(&no_repeat, &ok).is_err());
    let (bg, _, gg) = published_models();
    assert!(cltv(&bg, &gg, 1.0, 2.0, 1.0, 10.0, 12, 0.01, TimeUnit::Day).is_err());
    assert!(cltv(&bg, &gg, 1.0, 1.0, 2.0, 10.0, -1, 0.01, TimeUnit::Day).is_err());
    assert!(bg.conditional_expected_purchases(-1.0, 1.0, 1.0, 2.0).is_err());
}

#[test]
fn interrupt_stops_a_fit() {
    let stop = || Err(Error::invalid_parameter("canceling statement due to user request", "test"));
    let e = ParetoNbdModel::fit(&triples(0.0), &stop).unwrap_err();
    assert!(e.message.starts_with("canceling"));
    assert!(BgNbdModel::fit(&triples(0.0), &stop).is_err());
}

/// CDNOW stretched to `copies` x 2,357 rows with distinct keys (times and values
/// shifted by a hundredth per copy): large enough for the partition buffers, the
/// two-thread sums and the warm start.
pub(crate) fn cdnow_copies(copies: usize) -> Vec<[f64; 4]> {
    let mut out = Vec::new();
    for j in 0..copies {
        let d = j as f64 * 0.01;
        for [x, tx, t, m] in cdnow() {
            out.push(if x > 0.0 { [x, tx + d, t + d, m + d] } else { [x, 0.0, t + d, m] });
        }
    }
    out
}

/// The fit input of `rows` (x, t_x, T of each; every customer weight 1).
pub(crate) fn state_of(rows: &[[f64; 4]]) -> Triples {
    let mut t = Triples::new();
    for [x, tx, big_t, _] in rows {
        t.add([*x, *tx, *big_t], 1.0);
    }
    t
}

fn bits(points: &[([f64; 3], f64)]) -> Vec<[u64; 4]> {
    points.iter().map(|(p, w)| [p[0].to_bits(), p[1].to_bits(), p[2].to_bits(), w.to_bits()]).collect()
}

#[test]
fn fit_state_merge_is_associative_and_commutative() {
    // Every row three times (repeated points), in three slices of different sizes.
    let mut rows = cdnow_copies(10);
    rows.extend(cdnow_copies(10).into_iter().rev());
    rows.extend(cdnow_copies(10));
    let (a, rest) = rows.split_at(10_000);
    let (b, c) = rest.split_at(30_000);
    let (a, b, c) = (state_of(a), state_of(b), state_of(c));
    let whole = state_of(&rows);
    let mut ab_c = a.clone();
    ab_c.merge(&b).unwrap();
    ab_c.merge(&c).unwrap();
    let mut bc = b.clone();
    bc.merge(&c).unwrap();
    let mut a_bc = a.clone();
    a_bc.merge(&bc).unwrap();
    let mut ca_b = c.clone();
    ca_b.merge(&a).unwrap();
    ca_b.merge(&b).unwrap();
    for s in [&ab_c, &a_bc, &ca_b] {
        assert_eq!(s, &whole);
        assert_eq!(bits(&s.sorted()), bits(&whole.sorted()));
    }
    assert_eq!(whole.distinct(), state_of(&cdnow_copies(10)).distinct());
    assert_eq!(whole.total_weight(), 3.0 * 23_570.0);
}

#[test]
fn fit_state_order_and_buffers_do_not_change_the_points() {
    let rows = cdnow_copies(20);
    let forward = state_of(&rows);
    let mut reversed_rows = rows.clone();
    reversed_rows.reverse();
    let reversed = state_of(&reversed_rows);
    assert_eq!(bits(&forward.sorted()), bits(&reversed.sorted()));
    // Flushing the buffers, and the binary form (with or without buffered rows),
    // keep every total bit for bit.
    let mut flushed = forward.clone();
    flushed.flush();
    assert_eq!(bits(&flushed.sorted()), bits(&forward.sorted()));
    assert_eq!(flushed, forward);
    for s in [&forward, &flushed] {
        let back = Triples::decode(&s.encode()).unwrap();
        assert_eq!(&back, s);
        assert_eq!(bits(&back.sorted()), bits(&forward.sorted()));
    }
    // Fractional weights: each point's total is the sum of its weights in arrival
    // order, buffered or not.
    let mut w = Triples::new();
    let mut expected = 0.0;
    for i in 0..5_000 {
        let weight = 0.1 + f64::from(i % 7) * 0.37;
        w.add([1.0, 2.0, 3.0], weight);
        w.add([2.0, f64::from(i % 500), 600.0], 1.0);
        expected += weight;
    }
    let first = w.sorted().into_iter().find(|(p, _)| *p == [1.0, 2.0, 3.0]).unwrap();
    assert_eq!(first.1.to_bits(), expected.to_bits());
    // A corrupt count cannot make decode reserve more than the bytes given.
    let mut bytes = Triples::new().encode();
    bytes.pop();
    bytes.extend([0xff, 0xff, 0xff, 0x7f]);
    assert!(Triples::decode(&bytes).is_err());
}

#[test]
fn binary_form_numbers_points_into_column_values() {
    let mut state = Pairs::new();
    for (x, m) in [(1.0, 10.5), (2.0, 7.25), (1.0, 10.5), (3.0, 7.25)] {
        state.add([x, m], 1.0);
    }
    let expected = state.sorted();
    // Version 2: 2 columns of values, then 3 points as numbers with totals.
    let mut w = crate::codec::Writer::default();
    w.u8(2);
    w.u8(0);
    for values in [[1.0, 2.0, 3.0], [10.5, 7.25, 99.0]] {
        w.varint(3);
        values.iter().for_each(|&v| w.f64(v));
    }
    w.varint(3);
    for ([x, m], total) in [([0, 0], 2.0), ([1, 1], 1.0), ([2, 1], 1.0)] {
        w.varint(x);
        w.varint(m);
        w.f64(total);
    }
    let bytes = w.into_bytes();
    assert_eq!(Pairs::decode(&bytes).unwrap().sorted(), expected);
    // A number beyond its column's values is corrupt.
    let mut bad = bytes.clone();
    let at = bad.len() - 9 - 1;
    bad[at] = 3;
    assert!(Pairs::decode(&bad).is_err());
    // Version 1 wrote each point's values.
    let mut w = crate::codec::Writer::default();
    w.u8(1);
    w.u8(0);
    w.varint(3);
    for ([x, m], total) in expected.iter().rev() {
        w.f64(*x);
        w.f64(*m);
        w.f64(*total);
    }
    assert_eq!(Pairs::decode(&w.into_bytes()).unwrap().sorted(), expected);
}

#[test]
fn warm_start_finds_the_same_optimum() {
    let rows = cdnow_copies(70);
    let data = state_of(&rows);
    assert!(data.distinct() >= 4 * fit::START_ROWS, "{}", data.distinct());
    let warm = BgNbdModel::fit_with(&data, true, &ok).unwrap();
    let cold = BgNbdModel::fit_with(&data, false, &ok).unwrap();
    assert!(warm.info.converged && cold.info.converged);
    assert!(warm.info.iterations < cold.info.iterations, "{warm:?} {cold:?}");
    // Both stop at a gradient norm below 1e-8; a and b are the least determined
    // parameters (differences near 1e-6 relative here).
    for (w, c) in [(warm.r, cold.r), (warm.alpha, cold.alpha), (warm.a, cold.a), (warm.b, cold.b)] {
        rel(w, c, 1e-5);
    }
    rel(warm.info.log_likelihood.unwrap(), cold.info.log_likelihood.unwrap(), 1e-12);
    let mut pairs = Pairs::new();
    for j in 0..100 {
        for [x, _, _, m] in cdnow() {
            if x > 0.0 {
                pairs.add([x, m * (1.0 + f64::from(j) * 1e-6)], 1.0);
            }
        }
    }
    assert!(pairs.distinct() >= 4 * fit::START_ROWS, "{}", pairs.distinct());
    let warm = GammaGammaModel::fit_with(&pairs, true, &ok).unwrap();
    let cold = GammaGammaModel::fit_with(&pairs, false, &ok).unwrap();
    assert!(warm.info.converged && cold.info.converged);
    for (w, c) in [(warm.p, cold.p), (warm.q, cold.q), (warm.v, cold.v)] {
        rel(w, c, 1e-5);
    }
}

#[test]
fn fast_checks_agree_with_the_full_checks() {
    let values = [
        0.0,
        -0.0,
        1.0,
        2.5,
        -1.0,
        3.0,
        1e15,
        4.0e18,
        5.0e18,
        1e300,
        f64::MIN_POSITIVE,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for &x in &values {
        for &a in &values {
            for &b in &values {
                assert_eq!(check_customer(x, a, b).is_ok(), super::explain_customer(x, a, b).is_ok(), "{x} {a} {b}");
            }
            assert_eq!(gamma_gamma::check_spend(x, a).ok(), gamma_gamma::explain_spend(x, a).ok(), "{x} {a}");
        }
        assert_eq!(check_weight(x).ok().map(f64::to_bits), super::explain_weight(x).ok().map(f64::to_bits), "{x}");
    }
}

#[test]
fn sorting_points_adds_up_equal_ones_in_order() {
    let mut rng = 12345u64;
    let mut next = || {
        rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (rng >> 33) as u32
    };
    let items: Vec<([u32; 3], f64)> =
        (0..20_000).map(|i| ([next() % 3, next() % 50, next() % 70], 0.1 * f64::from(i % 7))).collect();
    let mut expected = items.clone();
    expected.sort_by_key(|p| p.0);
    expected.dedup_by(|later, first| {
        if later.0 == first.0 {
            first.1 += later.1;
            true
        } else {
            false
        }
    });
    let bits_of = |p: &[([u32; 3], f64)]| p.iter().map(|(k, w)| (*k, w.to_bits())).collect::<Vec<_>>();
    // One sortable word (radix) and more than 64 bits (comparison sort) agree.
    for bits in [[2, 6, 7], [30, 30, 30]] {
        let sorted = sort_and_add_up(items.iter().copied(), std::iter::empty(), None, bits);
        assert_eq!(bits_of(&sorted), bits_of(&expected));
        // The same points as rows with weights, and (weights 1) as bare rows.
        let rows = items.iter().map(|p| p.0);
        let weights: Vec<f64> = items.iter().map(|p| p.1).collect();
        let as_rows = sort_and_add_up(std::iter::empty(), rows.clone(), Some(&weights), bits);
        assert_eq!(bits_of(&as_rows), bits_of(&expected));
        let counted = sort_and_add_up(std::iter::empty(), rows, None, bits);
        assert!(counted.iter().zip(&expected).all(|(a, b)| a.0 == b.0));
        assert_eq!(counted.iter().map(|p| p.1).sum::<f64>(), items.len() as f64);
    }
}

/// Every fitted model reads back from its text and binary forms (the check the
/// readers make), whether or not it converged.
#[track_caller]
fn reads_back<M: TextForm + Versioned + PartialEq + std::fmt::Debug>(m: &M) {
    let text = m.to_text();
    assert!(!text.contains("null") || text.contains("\"log_likelihood\":null"), "{text}");
    let again = M::from_text(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(again.to_text(), text);
    assert_eq!(&M::from_bytes(&m.to_bytes()).unwrap(), m);
}

#[test]
fn huge_weights_fit_like_small_ones() {
    // The objectives are means: weights scaled by a power of two give the same fit,
    // bit for bit, also at 2^1000 where the unscaled sums would overflow.
    let scaled = |k: f64| {
        let (mut t, mut p) = (Triples::new(), Pairs::new());
        for [x, tx, big_t, m] in cdnow() {
            t.add([x, tx, big_t], k);
            if x > 0.0 {
                p.add([x, m], k);
            }
        }
        (t, p)
    };
    let (t1, p1) = scaled(1.0);
    let (tk, pk) = scaled(2f64.powi(1000));
    let (bg1, bgk) = (BgNbdModel::fit(&t1, &ok).unwrap(), BgNbdModel::fit(&tk, &ok).unwrap());
    assert_eq!([bg1.r, bg1.alpha, bg1.a, bg1.b], [bgk.r, bgk.alpha, bgk.a, bgk.b]);
    assert!(bgk.info.converged);
    rel(bgk.info.log_likelihood.unwrap(), bg1.info.log_likelihood.unwrap() * 2f64.powi(1000), 1e-12);
    let (gg1, ggk) = (GammaGammaModel::fit(&p1, &ok).unwrap(), GammaGammaModel::fit(&pk, &ok).unwrap());
    assert_eq!([gg1.p, gg1.q, gg1.v], [ggk.p, ggk.q, ggk.v]);
    assert!(ggk.info.converged);
    let (pn1, pnk) = (ParetoNbdModel::fit(&t1, &ok).unwrap(), ParetoNbdModel::fit(&tk, &ok).unwrap());
    assert_eq!([pn1.r, pn1.alpha, pn1.s, pn1.beta], [pnk.r, pnk.alpha, pnk.s, pnk.beta]);
    for m in [&bg1, &bgk] {
        reads_back(m);
    }
    reads_back(&ggk);
    reads_back(&pnk);

    // One huge weight among unit ones: a finite model that reads back (converged
    // or not), or 22003; never NaN fields or "converged" at the starting point.
    for w in [1.7e308] {
        let mut t = triples(0.0);
        t.add([3.0, 20.0, 30.0], w);
        for fit in [
            BgNbdModel::fit(&t, &ok).map(|m| (m.to_text(), m.info)),
            ParetoNbdModel::fit(&t, &ok).map(|m| (m.to_text(), m.info)),
        ] {
            match fit {
                Ok((text, info)) => {
                    assert!(info.log_likelihood.unwrap().is_finite() && info.n.is_finite(), "{text}");
                    assert!(!text.contains("null"), "{text}");
                }
                Err(e) => assert_eq!(e.kind, ErrorKind::NumericOutOfRange, "{e}"),
            }
        }
    }
    // Weights adding up beyond float8: 22003 before fitting.
    let mut t = triples(0.0);
    t.add([3.0, 20.0, 30.0], 1.7e308);
    t.add([2.0, 20.0, 30.0], 1.7e308);
    let e = BgNbdModel::fit(&t, &ok).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NumericOutOfRange);
    assert!(e.message.contains("weights of the fit add up"), "{e}");
    assert_eq!(ParetoNbdModel::fit(&t, &ok).unwrap_err().kind, ErrorKind::NumericOutOfRange);
}

#[test]
fn hostile_fits_fail_cleanly_or_read_back() {
    // Extreme but valid rows: a clean 22003 in our words, or a finite model.
    let cases: [&[([f64; 3], f64)]; 4] = [
        &[([3e18, 1e300, 1e300], 1.0), ([0.0, 0.0, 1e300], 1.0), ([1.0, 1.0, 1e300], 1.0), ([2.0, 5e-324, 1e300], 1.0)],
        &[
            ([1.0, 5e-324, 5e-324], 1.0),
            ([0.0, 0.0, 5e-324], 1.0),
            ([2.0, 5e-324, 5e-324], 1.0),
            ([3.0, 0.0, 1e-300], 1.0),
        ],
        &[([1.0, 1.0, 2.0], 1e-300), ([0.0, 0.0, 2.0], 1.0), ([2.0, 1.0, 2.0], 1.0), ([5.0, 2.0, 2.0], 1e300)],
        &[([4e15, 1.0, 1.0], 1.0), ([4e15, 0.5, 1.0], 1.0), ([0.0, 0.0, 1.0], 1.0), ([1.0, 1.0, 1.0], 1.0)],
    ];
    for rows in cases {
        let mut t = Triples::new();
        rows.iter().for_each(|&(p, w)| t.add(p, w));
        let check = |r: Result<String>| match r {
            Ok(text) => assert!(!text.contains("null"), "{rows:?}: {text}"),
            Err(e) => {
                assert_eq!(e.kind, ErrorKind::NumericOutOfRange, "{rows:?}: {e}");
                assert!(!e.message.contains("LineSearch") && !e.message.contains("argmin"), "{e}");
            }
        };
        check(BgNbdModel::fit(&t, &ok).map(|m| {
            reads_back(&m);
            m.to_text()
        }));
        check(ParetoNbdModel::fit(&t, &ok).map(|m| {
            reads_back(&m);
            m.to_text()
        }));
        let mut p = Pairs::new();
        rows.iter().filter(|(v, _)| v[0] > 0.0).for_each(|&([x, _, t], w)| p.add([x, t.max(5e-324)], w));
        p.add([1.0, 10.0], 1.0);
        p.add([2.0, 20.0], 1.0);
        check(GammaGammaModel::fit(&p, &ok).map(|m| {
            reads_back(&m);
            m.to_text()
        }));
    }
}

#[test]
fn models_with_non_finite_fields_do_not_read() {
    let (bg, pn, gg) = published_models();
    for n in [f64::NAN, f64::INFINITY, -1.0] {
        let mut m = bg.clone();
        m.info.n = n;
        assert!(BgNbdModel::from_bytes(&m.to_bytes()).is_err(), "n = {n}");
        let mut m = gg.clone();
        m.info.log_likelihood = Some(f64::NAN);
        assert!(GammaGammaModel::from_bytes(&m.to_bytes()).is_err());
        let mut m = pn.clone();
        m.info.penalizer = n;
        assert!(ParetoNbdModel::from_bytes(&m.to_bytes()).is_err());
    }
    assert!(BgNbdModel::from_text("{\"r\":0.243,\"alpha\":4.414,\"a\":0.793,\"b\":2.426,\"n\":-1}").is_err());
    assert!(BgNbdModel::from_text("{\"r\":0.243,\"alpha\":4.414,\"a\":0.793,\"b\":2.426,\"n\":1e400}").is_err());
}

#[test]
fn accessors_on_extreme_inputs_are_finite_or_22003() {
    let (bg, pn, gg) = published_models();
    // x -> infinity: the customer's own mean wins (weight p x / (p x + q - 1) -> 1).
    rel(gg.expected_spend(1e308, 35.0).unwrap(), 35.0, 1e-12);
    rel(gg.expected_spend(3e18, 1e308).unwrap(), 1e308, 1e-12);
    let huge_q = GammaGammaModel::with_params(1e308, 1e308, 1.0).unwrap();
    assert!(huge_q.expected_spend(1e308, 2.0).unwrap().is_finite());
    let tiny_q = GammaGammaModel::with_params(1e308, 1.0 + f64::EPSILON, 1e308).unwrap();
    assert_eq!(tiny_q.expected_spend(1.0, 2.0).unwrap_err().kind, ErrorKind::NumericOutOfRange);
    for (x, tx, t) in [(3e18, 1e308, 1e308), (0.0, 0.0, 1e308), (1.0, 5e-324, 1e308), (3e18, 0.0, 1e308)] {
        for r in [
            bg.p_alive(x, tx, t),
            bg.conditional_expected_purchases(1e308, x, tx, t),
            pn.p_alive(x, tx, t),
            pn.conditional_expected_purchases(1e308, x, tx, t),
            bg.expected_purchases(1e308),
            pn.expected_purchases(1e308),
        ] {
            match r {
                Ok(v) => assert!(v.is_finite(), "{x} {tx} {t}: {v}"),
                Err(e) => assert_eq!(e.kind, ErrorKind::NumericOutOfRange, "{x} {tx} {t}: {e}"),
            }
        }
    }
}

#[test]
fn negative_zero_reads_and_stores_as_zero() {
    use crate::cltv::{check_penalizer, BgNbdModel};
    assert!(check_penalizer(-0.0).unwrap().is_sign_positive());
    let m = BgNbdModel::from_text(
        r#"{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426,"log_likelihood":-0.0,"penalizer":-0.0}"#,
    )
    .unwrap();
    assert!(!m.to_text().contains("-0.0"), "{}", m.to_text());
}
