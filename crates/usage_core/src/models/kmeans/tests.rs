//! k-means: parity with scikit-learn 1.5.2 on its bundled data sets (numbers from
//! tests/reference/sk_kmeans.py, which recomputes them live), Lloyd's invariants,
//! order independence, the stored forms and bad input.

use super::*;
use proptest::prelude::*;

fn no_interrupt() -> Result<()> {
    Ok(())
}
const NI: Interrupt<'static> = &no_interrupt;

/// A CSV of tests/data (header line, numeric columns; the last column dropped
/// when `drop_last`, the class of iris, wine and breast_cancer).
fn data_set(name: &str) -> Vec<Vec<f64>> {
    let text = match name {
        "iris" => include_str!("../../../../../tests/data/iris.csv"),
        "wine" => include_str!("../../../../../tests/data/wine.csv"),
        _ => include_str!("../../../../../tests/data/breast_cancer.csv"),
    };
    text.lines()
        .skip(1)
        .map(|l| {
            let mut v: Vec<f64> = l.split(',').map(|x| x.parse().unwrap()).collect();
            v.pop();
            v
        })
        .collect()
}

fn state(rows: &[Vec<f64>], params: Params) -> FitState {
    let mut s = FitState::default();
    s.set_params(params).unwrap();
    rows.iter().for_each(|r| s.add(r).unwrap());
    s
}

/// Rows `ids` of `rows` as given centroids.
fn init_rows(rows: &[Vec<f64>], ids: &[usize]) -> Init {
    Init::Given(ids.iter().flat_map(|&i| rows[i].clone()).collect())
}

fn close(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs().max(1.0)
}

/// scikit-learn 1.5.2 `KMeans(n_clusters=3, init=X[[0, 50, 100]], n_init=1,
/// algorithm='lloyd').fit(X)` on load_iris().data (tests/reference/sk_kmeans.py).
#[test]
fn iris_matches_scikit_learn() {
    let x = data_set("iris");
    let p = Params::new(3, init_rows(&x, &[0, 50, 100]), None, false, 300).unwrap();
    let m = state(&x, p).fit(NI).unwrap().unwrap();
    let want = [
        [5.006, 3.428, 1.4620000000000002, 0.24600000000000055],
        [5.901612903225806, 2.7483870967741937, 4.393548387096774, 1.4338709677419355],
        [6.85, 3.0736842105263156, 5.742105263157894, 2.0710526315789473],
    ];
    for (c, w) in m.centroids.iter().zip(want) {
        for (a, b) in c.iter().zip(w) {
            assert!(close(*a, b, 1e-9), "{a} vs {b}");
        }
    }
    assert!(close(m.inertia, 78.851441426146, 1e-9), "{}", m.inertia);
    assert_eq!(m.sizes, vec![50, 62, 38]);
    assert!(m.converged);
}

/// Lloyd never increases the inertia: each iteration's assignment is at most the previous one's.
fn check_monotone(l: &Lloyd) {
    for w in l.trace.windows(2) {
        assert!(w[1] <= w[0] * (1.0 + 1e-12) + 1e-12, "{:?}", l.trace);
    }
    assert!(l.inertia <= l.trace.last().unwrap() * (1.0 + 1e-12) + 1e-12);
}

#[test]
fn wine_inertia_decreases_from_a_poor_start() {
    let x = data_set("wine");
    let mut p = Points::default();
    x.iter().for_each(|r| p.add(r).unwrap());
    let p = p.sorted(NI).unwrap();
    let centers: Vec<f64> = [0usize, 1, 2, 3].iter().flat_map(|&i| p.row(i).to_vec()).collect();
    let l = lloyd(&p, centers, 4, 300, 0.0, NI).unwrap();
    assert!(l.iterations > 3);
    check_monotone(&l);
}

fn points_of(rows: &[Vec<f64>]) -> Points {
    let mut p = Points::default();
    rows.iter().for_each(|r| p.add(r).unwrap());
    p
}

fn blobs() -> impl Strategy<Value = Vec<Vec<f64>>> {
    proptest::collection::vec(proptest::collection::vec(-20i32..20, 3), 8..60)
        .prop_map(|rows| rows.into_iter().map(|r| r.into_iter().map(|v| f64::from(v) / 4.0).collect()).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn lloyd_inertia_is_non_increasing(rows in blobs(), k in 1usize..5, seed in any::<i64>()) {
        let p = points_of(&rows).sorted(NI).unwrap();
        prop_assume!(p.distinct_sorted() >= k);
        let centers = kmeans_plus_plus(&p, k, seed, NI).unwrap();
        let l = lloyd(&p, centers, k, 300, 0.0, NI).unwrap();
        check_monotone(&l);
    }

    /// Every compiled assignment path (AVX-512F, AVX2, plain) gives the same labels
    /// and bit-identical distances as the one-lane-at-a-time definition, with ties
    /// (integer points, repeated centres) going to the lowest number, for k in one
    /// and in several blocks of lanes.
    #[test]
    fn assignment_paths_agree(rows in blobs(), picks in proptest::collection::vec(0usize..60, 1..20)) {
        let p = points_of(&rows);
        let d = p.d;
        let centers: Vec<f64> = picks.iter().flat_map(|&i| rows[i % rows.len()].iter().map(|&v| v * 0.5)).collect();
        let k = picks.len();
        let mut fast = Assignment::new(p.len(), k, d);
        assign_all(&p, &centers, k, &mut fast, NI).unwrap();
        let mut plain = Assignment::new(p.len(), k, d);
        assign_rows(&p, &transpose(&centers, k, d), &mut plain, NI).unwrap();
        let (labels, d2, plain_labels, plain_d2) = (&fast.labels, &fast.d2, &plain.labels, &plain.d2);
        let mut sums = vec![0.0; k * d];
        for (i, row) in p.data.chunks_exact(d).enumerate() {
            let mut want = (0, f64::INFINITY);
            for c in 0..k {
                let v = row.iter().zip(&centers[c * d..(c + 1) * d]).fold(0.0, |s, (x, m)| s + (x - m) * (x - m));
                if v < want.1 {
                    want = (c, v);
                }
            }
            prop_assert_eq!((labels[i] as usize, d2[i].to_bits()), (want.0, want.1.to_bits()));
            prop_assert_eq!((plain_labels[i] as usize, plain_d2[i].to_bits()), (want.0, want.1.to_bits()));
            sums[want.0 * d..(want.0 + 1) * d].iter_mut().zip(row).for_each(|(s, x)| *s += x);
        }
        let counts: Vec<u64> = (0..k).map(|c| labels.iter().filter(|&&l| l as usize == c).count() as u64).collect();
        prop_assert_eq!(&fast.counts, &counts);
        prop_assert_eq!(&plain.counts, &counts);
        prop_assert_eq!(fast.sums.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), sums.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
        prop_assert_eq!(plain.sums.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), sums.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
    }

    /// Serial and parallel plans merge partial states in any grouping and order:
    /// every split gives the same model bit for bit (the fit sorts the points).
    #[test]
    fn merge_order_does_not_change_the_fit(rows in blobs(), cut in 0usize..60, cut2 in 0usize..60, seed in -3i64..3, standardize in any::<bool>()) {
        let k = 3;
        let p = Params::new(k, Init::Seeded(seed), None, standardize, 300).unwrap();
        prop_assume!(points_of(&rows).sorted(NI).unwrap().distinct_sorted() >= k as usize);
        let (a, rest) = rows.split_at(cut.min(rows.len()));
        let (b, c) = rest.split_at(cut2.min(rest.len()));
        let (sa, sb, sc) = (state(a, p.clone()), state(b, p.clone()), state(c, p.clone()));
        let mut left = sa.clone();
        left.merge(&sb).unwrap();
        left.merge(&sc).unwrap();
        let mut right = sc.clone();
        let mut ba = sb.clone();
        ba.merge(&sa).unwrap();
        right.merge(&ba).unwrap();
        let whole = state(&rows, p.clone()).fit(NI).unwrap().unwrap();
        let reversed: Vec<Vec<f64>> = rows.iter().rev().cloned().collect();
        let m1 = left.fit(NI).unwrap().unwrap();
        let m2 = right.fit(NI).unwrap().unwrap();
        let m3 = state(&reversed, p).fit(NI).unwrap().unwrap();
        prop_assert_eq!(m1.to_text(), whole.to_text());
        prop_assert_eq!(m2.to_text(), whole.to_text());
        prop_assert_eq!(m3.to_text(), whole.to_text());
    }

    /// The fitted points stay in their clusters: assigning them again gives the
    /// sizes, and a refit from the model's centroids stops at once with them.
    #[test]
    fn assignment_is_stable(rows in blobs(), seed in any::<i64>(), standardize in any::<bool>()) {
        let p = Params::new(2, Init::Seeded(seed), None, standardize, 300).unwrap();
        prop_assume!(points_of(&rows).sorted(NI).unwrap().distinct_sorted() >= 2);
        let m = state(&rows, p).fit(NI).unwrap().unwrap();
        prop_assume!(m.converged);
        let mut sizes = vec![0u64; 2];
        let mut inertia = 0.0;
        for r in &rows {
            let (c, dist) = m.assign(r).unwrap();
            sizes[c] += 1;
            inertia += dist * dist;
        }
        // Ties between equally near centroids are the only way a point can move.
        prop_assert!(close(inertia, m.inertia, 1e-9), "{} vs {}", inertia, m.inertia);
        let again = Params::new(2, Init::Given(m.centroids.concat()), None, standardize, 300).unwrap();
        let m2 = state(&rows, again).fit(NI).unwrap().unwrap();
        prop_assert!(m2.iterations <= 2);
        prop_assert_eq!(m2.sizes, sizes);
        for (a, b) in m2.centroids.concat().iter().zip(m.centroids.concat()) {
            prop_assert!(close(*a, b, 1e-9));
        }
    }

    #[test]
    fn state_and_model_round_trip(rows in blobs(), seed in any::<i64>(), standardize in any::<bool>()) {
        let p = Params::new(2, Init::Seeded(seed), None, standardize, 50).unwrap();
        let s = state(&rows, p);
        prop_assert_eq!(&FitState::from_bytes(&s.to_bytes()).unwrap(), &s);
        prop_assume!(s.points().clone().sorted(NI).unwrap().distinct_sorted() >= 2);
        let m = s.fit(NI).unwrap().unwrap();
        prop_assert_eq!(&KmeansModel::from_bytes(&m.to_bytes()).unwrap(), &m);
        prop_assert_eq!(&KmeansModel::from_text(&m.to_text()).unwrap(), &m);
        let mut sil = SilhouetteState::default();
        rows.iter().for_each(|r| sil.add(&m.to_bytes(), r).unwrap());
        prop_assert_eq!(&SilhouetteState::from_bytes(&sil.to_bytes()).unwrap(), &sil);
    }
}

#[test]
fn json_view_names_the_clusters() {
    let m = KmeansModel::from_text(r#"{"k":2,"d":1,"centroids":[[0.0],[2.5]],"sizes":[3,1],"inertia":0.5,"n":4,"iterations":2,"converged":true,"max_iter":300,"init":"given","seed":null,"standardize":null}"#).unwrap();
    let v = m.json_view();
    assert_eq!(v["clusters"][1], serde_json::json!({"cluster": 2, "size": 1, "centroid": [2.5]}));
    assert_eq!((v["inertia"].clone(), v.get("centroids")), (serde_json::json!(0.5), None));
}

#[test]
fn silhouette_matches_scikit_learn() {
    // sklearn.metrics.silhouette_score(X, labels) with the labels of the iris fit above.
    let x = data_set("iris");
    let p = Params::new(3, init_rows(&x, &[0, 50, 100]), None, false, 300).unwrap();
    let m = state(&x, p).fit(NI).unwrap().unwrap();
    let s = silhouette(&m, &points_of(&x), NI).unwrap().unwrap();
    assert!(close(s, 0.5528190123564095, 1e-9), "{s}");
}

#[test]
fn seeding_is_deterministic_and_distinct() {
    let x = data_set("iris");
    let p = points_of(&x).sorted(NI).unwrap();
    let a = kmeans_plus_plus(&p, 10, 42, NI).unwrap();
    assert_eq!(a, kmeans_plus_plus(&p, 10, 42, NI).unwrap());
    assert_ne!(a, kmeans_plus_plus(&p, 10, 43, NI).unwrap());
    let rows: Vec<&[f64]> = a.chunks_exact(4).collect();
    for i in 0..rows.len() {
        for j in 0..i {
            assert_ne!(rows[i], rows[j]);
        }
    }
    // As many centroids as distinct points: every distinct point is a centroid.
    let few = points_of(&[vec![0.0], vec![1.0], vec![1.0], vec![5.0]]).sorted(NI).unwrap();
    let mut c = kmeans_plus_plus(&few, 3, 7, NI).unwrap();
    c.sort_by(f64::total_cmp);
    assert_eq!(c, vec![0.0, 1.0, 5.0]);
}

#[test]
fn empty_clusters_take_the_farthest_point() {
    // Centre 2 starts far away from every point: it takes the point farthest from
    // its centre, as scikit-learn relocates empty clusters.
    let p = points_of(&[vec![0.0], vec![1.0], vec![2.0], vec![10.0]]).sorted(NI).unwrap();
    let l = lloyd(&p, vec![1.0, 100.0], 2, 300, 0.0, NI).unwrap();
    assert_eq!(l.centers, vec![1.0, 10.0]);
    assert!(close(l.inertia, 2.0, 1e-12));
}

#[test]
fn standardized_fit_reports_original_units() {
    let x = data_set("iris");
    let p = Params::new(3, init_rows(&x, &[0, 50, 100]), None, true, 300).unwrap();
    let m = state(&x, p).fit(NI).unwrap().unwrap();
    let s = m.standardize.as_ref().unwrap();
    assert!(close(s.mean[0], 5.843333333333335, 1e-12));
    // Population sd (ddof 0), as StandardScaler.
    assert!(close(s.sd[0], 0.8253012917851409, 1e-12));
    // Centroids are the means of their points in original units.
    let mut sum = vec![vec![0.0; 4]; 3];
    for r in &x {
        let (c, _) = m.assign(r).unwrap();
        sum[c].iter_mut().zip(r).for_each(|(a, b)| *a += b);
    }
    for ((centroid, total), size) in m.centroids.iter().zip(&sum).zip(&m.sizes) {
        for (a, b) in centroid.iter().zip(total) {
            assert!(close(*a, b / *size as f64, 1e-12));
        }
    }
}

#[test]
fn bad_input_is_refused_with_its_kind() {
    let kind = |r: Result<()>| r.unwrap_err().kind;
    assert_eq!(Params::new(0, Init::Seeded(0), None, false, 300).unwrap_err().kind, ErrorKind::InvalidParameter);
    assert_eq!(Params::new(2, Init::Seeded(0), None, false, 0).unwrap_err().kind, ErrorKind::InvalidParameter);
    assert_eq!(
        Params::new(2, Init::Given(vec![1.0, 2.0, 3.0]), None, false, 9).unwrap_err().kind,
        ErrorKind::ArrayMismatch
    );
    assert_eq!(
        Params::new(2, Init::Given(vec![1.0, 2.0, 3.0, 4.0]), Some(4), false, 9).unwrap_err().kind,
        ErrorKind::ArrayMismatch
    );
    assert_eq!(
        Params::new(2, Init::Given(vec![1.0, f64::NAN]), None, false, 9).unwrap_err().kind,
        ErrorKind::InvalidData
    );
    let mut p = Points::default();
    assert_eq!(kind(p.add(&[])), ErrorKind::ArrayMismatch);
    assert_eq!(kind(p.add(&[1.0, f64::INFINITY])), ErrorKind::InvalidData);
    p.add(&[1.0, 2.0]).unwrap();
    assert_eq!(kind(p.add(&[1.0])), ErrorKind::ArrayMismatch);
    let s = state(&[vec![1.0], vec![1.0]], Params::new(2, Init::Seeded(0), None, false, 300).unwrap());
    let e = s.fit(NI).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidParameter);
    assert!(e.message.contains("distinct"), "{}", e.message);
    let s = state(
        &[vec![1.0, 2.0], vec![3.0, 4.0]],
        Params::new(2, Init::Given(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), None, false, 9).unwrap(),
    );
    assert_eq!(s.fit(NI).unwrap_err().kind, ErrorKind::ArrayMismatch);
    let mut s = FitState::default();
    s.set_params(Params::new(2, Init::Seeded(0), None, false, 300).unwrap()).unwrap();
    assert!(s.set_params(Params::new(3, Init::Seeded(0), None, false, 300).unwrap()).is_err());
    assert!(FitState::default().fit(NI).unwrap().is_none());
    for text in [
        "{}",
        r#"{"k":1,"d":1,"centroids":[[1.0,2.0]],"sizes":[1],"inertia":0.0,"n":1,"iterations":1,"converged":true,"max_iter":3,"init":"given","seed":null,"standardize":null}"#,
    ] {
        assert_eq!(KmeansModel::from_text(text).unwrap_err().kind, ErrorKind::InvalidText);
    }
    assert_eq!(KmeansModel::from_bytes(&[1, 0]).unwrap_err().kind, ErrorKind::Corrupted);
}

#[test]
fn interrupts_stop_the_fit() {
    let x = data_set("breast_cancer");
    let s = state(&x, Params::new(2, Init::Seeded(0), None, false, 300).unwrap());
    let stop = || Err(Error::invalid_parameter("canceled", "test"));
    assert_eq!(s.fit(&stop).unwrap_err().message, "canceled");
}
