//! MBG/NBD and BG/BB against lifetimes 0.11.3 on the data it ships: the CDNOW
//! summary (tests/data, weeks) and the donations data of Fader, Hardie & Shang
//! (2010) (tests/data/donations.csv). "lifetimes" values were printed by
//! lifetimes' ModifiedBetaGeoFitter and BetaGeoBetaBinomFitter (numpy 1.23.5,
//! scipy 1.10.1, pandas 1.5.3, autograd 1.5, Python 3.11); tests/reference/lt_btyd.py
//! recomputes them live against SQL.

use super::bgbb::check_opportunities;
use super::tests::triples;
use super::*;
use crate::codec::{TextForm, Versioned};

const DONATIONS: &str = include_str!("../../../../tests/data/donations.csv");

/// (frequency, recency, periods) with the customer count of each, 11,104 in all.
fn donations() -> Triples {
    let mut t = Triples::new();
    for line in DONATIONS.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<f64> = line.split(',').map(|v| v.trim().parse().unwrap()).collect();
        check_opportunities(f[0], f[1], f[2]).unwrap();
        t.add([f[0], f[1], f[2]], f[3]);
    }
    t
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
fn mbgnbd_matches_lifetimes_on_cdnow() {
    let m = MbgNbdModel::fit(&triples(0.0), &ok).unwrap();
    assert!(m.info.converged, "{m:?}");
    // lifetimes ModifiedBetaGeoFitter().fit(x, t_x, T): r, alpha, a, b
    let want = [0.524837725567698, 6.182988479134173, 0.8913562809310741, 1.6140000256718765];
    for (got, want) in [m.r, m.alpha, m.a, m.b].into_iter().zip(want) {
        rel(got, want, 1e-5);
    }
    assert_eq!(m.info.n, 2357.0);
    // lifetimes' mean negative log-likelihood 0.25014747098706175 is in time
    // rescaled by the largest T (38.86 weeks): add back sum(x) ln(38.86) / n.
    let sum_x: f64 = super::tests::cdnow().iter().map(|r| r[0]).sum();
    rel(-m.info.log_likelihood.unwrap() / 2357.0, 0.250_147_470_987_061_75 + sum_x * 38.86f64.ln() / 2357.0, 1e-8);
}

#[test]
fn mbgnbd_penalizer_matches_lifetimes() {
    let m = MbgNbdModel::fit(&triples(0.1), &ok).unwrap();
    assert!(m.info.converged);
    let want = [0.4082196163324852, 5.312090014958156, 0.20482191780781028, 0.3467883787625029];
    for (got, want) in [m.r, m.alpha, m.a, m.b].into_iter().zip(want) {
        rel(got, want, 1e-4);
    }
}

#[test]
fn mbgnbd_predictions_match_lifetimes() {
    let m =
        MbgNbdModel::with_params(0.524837725567698, 6.182988479134173, 0.8913562809310741, 1.6140000256718765).unwrap();
    // (x, t_x, T, conditional_probability_alive, conditional expected purchases in 39 weeks)
    let cases = [
        (0.0, 0.0, 38.86, 0.38971644205013406, 0.15395364436667178),
        (2.0, 30.43, 38.86, 0.7061262587154007, 1.2626707787139582),
        (1.0, 1.71, 38.86, 0.170819630092091, 0.18878924037050282),
        (7.0, 29.43, 35.14, 0.7593998718148566, 4.135960582313605),
        (50.0, 2.0, 39.0, 1.862528324841947e-36, 6.110793200916802e-35),
    ];
    for (x, t_x, t, alive, e39) in cases {
        rel(m.p_alive(x, t_x, t).unwrap(), alive, 1e-9);
        rel(m.conditional_expected_purchases(39.0, x, t_x, t).unwrap(), e39, 1e-9);
    }
    // lifetimes gives NaN here (its 2F1 overflows); ours stays finite.
    rel(m.p_alive(1000.0, 0.01, 0.01).unwrap(), 0.9991108713032568, 1e-9);
    assert!(m.conditional_expected_purchases(39.0, 1000.0, 0.01, 0.01).unwrap().is_finite());
    rel(m.expected_purchases(39.0).unwrap(), 1.1822837952882774, 1e-9);
    rel(m.expected_purchases(10.0).unwrap(), 0.43325287447597993, 1e-9);
    assert_eq!(m.expected_purchases(0.0).unwrap(), 0.0);
}

#[test]
fn mbgnbd_gradient_and_hessian_match_finite_differences() {
    super::bgnbd::assert_modified_derivatives();
}

#[test]
fn bgbb_reproduces_published_donations_fit() {
    let m = BgBbModel::fit(&donations(), &ok).unwrap();
    assert!(m.info.converged, "{m:?}");
    // Published (Fader, Hardie & Shang 2010): alpha 1.204, beta 0.750, gamma 0.657,
    // delta 2.783, LL -33,225.6.
    assert_eq!((m.alpha * 1000.0).round(), 1204.0);
    assert_eq!((m.beta * 1000.0).round(), 750.0);
    assert_eq!((m.gamma * 1000.0).round(), 657.0);
    assert_eq!((m.delta * 1000.0).round(), 2783.0);
    assert_eq!((m.info.log_likelihood.unwrap() * 10.0).round(), -332256.0);
    // lifetimes BetaGeoBetaBinomFitter().fit(frequency, recency, periods, weights)
    let want = [1.2035223936080575, 0.7497163581757686, 0.6567181695499168, 2.783441982887393];
    for (got, want) in [m.alpha, m.beta, m.gamma, m.delta].into_iter().zip(want) {
        rel(got, want, 1e-4);
    }
    assert_eq!(m.info.n, 11104.0);
    // lifetimes' mean negative log-likelihood (no time rescaling in BG/BB).
    rel(-m.info.log_likelihood.unwrap() / 11104.0, 2.992217333784775, 1e-7);
}

#[test]
fn bgbb_predictions_match_lifetimes() {
    let m =
        BgBbModel::with_params(1.2035223936080575, 0.7497163581757686, 0.6567181695499168, 2.783441982887393).unwrap();
    // (x, t_x, n, P(alive at n), P(alive at n + 5), expected purchases in the next 5)
    let cases = [
        (0.0, 0.0, 6.0, 0.11621815648475706, 0.08605155631715415, 0.0728633389408491),
        (1.0, 1.0, 6.0, 0.07465530769305241, 0.055277123718321504, 0.0856957076392846),
        (3.0, 5.0, 6.0, 0.8241598526229125, 0.6102337200781512, 1.804702963218523),
        (6.0, 6.0, 6.0, 0.9999999999999895, 0.7404312623771448, 3.752544246607759),
        (2.0, 4.0, 6.0, 0.6337445287154662, 0.46924426142140585, 1.0576035461104794),
    ];
    for (x, t_x, n, alive, alive5, e5) in cases {
        rel(m.p_alive(x, t_x, n, 0.0).unwrap(), alive, 1e-9);
        rel(m.p_alive(x, t_x, n, 5.0).unwrap(), alive5, 1e-9);
        rel(m.conditional_expected_purchases(5.0, x, t_x, n).unwrap(), e5, 1e-9);
    }
    // The mean of lifetimes' expected_number_of_transactions_in_first_n_periods(6).
    rel(m.expected_purchases(6.0).unwrap(), 2.2201693636764075, 1e-9);
    // gamma = 1 exactly: the limit, between its neighbours.
    let at = |g: f64| BgBbModel::with_params(1.2, 0.75, g, 2.8).unwrap().expected_purchases(10.0).unwrap();
    let (lo, one, hi) = (at(1.0 - 1e-7), at(1.0), at(1.0 + 1e-7));
    assert!((lo - one).abs() < 1e-5 && (hi - one).abs() < 1e-5, "{lo} {one} {hi}");
}

#[test]
fn bgbb_gradient_matches_finite_differences() {
    super::bgbb::assert_gradient(&donations());
}

#[test]
fn btyd_models_round_trip_and_refuse_bad_parameters() {
    let mbg = MbgNbdModel::fit(&triples(0.0), &ok).unwrap();
    assert!(mbg.to_text().starts_with("{\"r\":"));
    assert_eq!(MbgNbdModel::from_text(&mbg.to_text()).unwrap(), mbg);
    assert_eq!(MbgNbdModel::from_bytes(&mbg.to_bytes()).unwrap(), mbg);
    let bb = BgBbModel::fit(&donations(), &ok).unwrap();
    assert!(bb.to_text().starts_with("{\"alpha\":"));
    assert_eq!(BgBbModel::from_text(&bb.to_text()).unwrap(), bb);
    assert_eq!(BgBbModel::from_bytes(&bb.to_bytes()).unwrap(), bb);
    let hand = BgBbModel::from_text("{\"alpha\":1.204,\"beta\":0.75,\"gamma\":0.657,\"delta\":2.783}").unwrap();
    assert_eq!(hand.info.log_likelihood, None);
    for bad in ["{\"alpha\":-1,\"beta\":0.75,\"gamma\":0.657,\"delta\":2.783}", "{\"alpha\":1}", "[1,2,3,4]"] {
        assert_eq!(BgBbModel::from_text(bad).unwrap_err().kind, crate::ErrorKind::InvalidText, "{bad}");
    }
    assert!(MbgNbdModel::from_text("{\"r\":0.5,\"alpha\":0,\"a\":1,\"b\":1}").is_err());
    assert_eq!(<MbgNbdModel as FittedModel>::PARAMS, &["r", "alpha", "a", "b"]);
    assert_eq!(<BgBbModel as FittedModel>::PARAMS, &["alpha", "beta", "gamma", "delta"]);
    assert_eq!(bb.param("Gamma").unwrap(), bb.gamma);
}

#[test]
fn btyd_bad_inputs_are_errors() {
    for (x, t_x, n) in [(-1.0, 0.0, 6.0), (1.5, 2.0, 6.0), (3.0, 2.0, 6.0), (0.0, 1.0, 6.0), (1.0, 7.0, 6.0)] {
        assert_eq!(
            check_opportunities(x, t_x, n).unwrap_err().kind,
            crate::ErrorKind::InvalidParameter,
            "{x} {t_x} {n}"
        );
    }
    assert_eq!(check_opportunities(f64::NAN, 0.0, 6.0).unwrap_err().kind, crate::ErrorKind::InvalidData);
    assert!(check_opportunities(1.0, 1.0, 1e6).is_err());
    let m = BgBbModel::with_params(1.2, 0.75, 0.66, 2.78).unwrap();
    assert!(m.p_alive(1.0, 1.0, 6.0, -1.0).is_err());
    assert!(m.conditional_expected_purchases(f64::INFINITY, 1.0, 1.0, 6.0).is_err());
    let mut few = Triples::new();
    few.add([0.0, 0.0, 6.0], 10.0);
    few.add([1.0, 1.0, 6.0], 10.0);
    assert!(BgBbModel::fit(&few, &ok).unwrap_err().message.contains("too few customers"));
    assert!(MbgNbdModel::fit(&few, &ok).is_err());
    let stop = || Err(Error::invalid_parameter("canceling statement due to user request", "test"));
    assert!(BgBbModel::fit(&donations(), &stop).unwrap_err().message.starts_with("canceling"));
    assert!(MbgNbdModel::fit(&triples(0.0), &stop).unwrap_err().message.starts_with("canceling"));
}

#[test]
fn bgbb_fit_does_not_depend_on_row_order_or_grouping() {
    // The donations customers one row each, reversed, equal the weighted rows' fit.
    let weighted = BgBbModel::fit(&donations(), &ok).unwrap();
    let mut rows = Vec::new();
    for line in DONATIONS.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<f64> = line.split(',').map(|v| v.trim().parse().unwrap()).collect();
        for _ in 0..f[3] as usize {
            rows.push([f[0], f[1], f[2]]);
        }
    }
    let (mut a, mut b) = (Triples::new(), Triples::new());
    let half = rows.len() / 2;
    rows.iter().rev().for_each(|r| a.add(*r, 1.0));
    rows[..half].iter().for_each(|r| b.add(*r, 1.0));
    let mut c = Triples::new();
    rows[half..].iter().for_each(|r| c.add(*r, 1.0));
    c.merge(&b).unwrap();
    for state in [a, c] {
        let m = BgBbModel::fit(&state, &ok).unwrap();
        assert_eq!(m.to_text(), weighted.to_text());
    }
}
