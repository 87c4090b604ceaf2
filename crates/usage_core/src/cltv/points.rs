//! Stored fit inputs: the fitting states as SQL values (`purchase_points` holds
//! weighted (x, t_x, T) triples, `spend_points` weighted (x, monetary) pairs of
//! repeat customers). They roll up like every summary, so shards compress their
//! customers into distinct points and only those travel to the fit.

use serde_json::{json, Value};

use super::gamma_gamma::check_spend;
use super::{check_customer, check_penalizer, check_weight, Pairs, Points, Triples};
use crate::codec::{JsonView, Summary, TextForm, Versioned};
use crate::{Error, ErrorKind, Result};

impl<const N: usize> Summary for Points<N> {
    /// Totals are checked when the value is stored or fitted, not per merge (a
    /// check adds up the points: a rollup would pay it per row).
    fn combine(&mut self, other: &Self) -> Result<()> {
        self.merge(other)
    }

    fn check_storable(&self) -> Result<()> {
        self.check_totals()
    }
}

/// The validity rule of a point: what the fitting aggregates accept from a row.
pub trait PointRule<const N: usize> {
    const TYPE_NAME: &'static str;
    const EXAMPLE: &'static str;
    /// The names of the N values of a point, keys of the JSON view.
    const COLUMNS: [&'static str; N];
    fn check(values: &[f64; N]) -> Result<()>;
}

impl PointRule<3> for Triples {
    const TYPE_NAME: &'static str = "purchase_points";
    const COLUMNS: [&'static str; 3] = ["x", "t_x", "T"];
    const EXAMPLE: &'static str = "{\"version\":2,\"points\":[[2.0,30.0,40.0,1.0]]} (x, t_x, T, weight)";
    fn check(v: &[f64; 3]) -> Result<()> {
        check_customer(v[0], v[1], v[2])
    }
}

impl PointRule<2> for Pairs {
    const TYPE_NAME: &'static str = "spend_points";
    const COLUMNS: [&'static str; 2] = ["x", "monetary"];
    const EXAMPLE: &'static str = "{\"version\":2,\"points\":[[2.0,35.5,1.0]]} (x, monetary, weight)";
    fn check(v: &[f64; 2]) -> Result<()> {
        // Only repeat customers are stored: the others carry no information on spend.
        match check_spend(v[0], v[1])? {
            true => Ok(()),
            false => Err(Error::invalid_parameter(
                "spend_points holds repeat customers only (x > 0)",
                "Customers without repeat purchases carry no information on spend; spend_points() leaves them out.",
            )),
        }
    }
}

impl<const N: usize> Points<N> {
    /// Refuses totals that a float8 cannot hold (a stored value must read back).
    pub fn check_totals(&self) -> Result<()> {
        // Equal points may still be apart (merging appends): add them up first.
        match self.compacted(|_, id| id).iter().find(|(_, w)| !w.is_finite()) {
            None => Ok(()),
            Some(_) => Err(Error::new(
                ErrorKind::NumericOutOfRange,
                "a total weight of the fit points is out of range for type double precision",
                "The weights count customers: check for huge weights.",
            )),
        }
    }

    /// What a stored form holds when text input would take it: points that follow
    /// their type's rule, weights >= 0 with finite totals, a valid penalizer. Read
    /// stored forms are checked, so every value read prints a text that reads back.
    /// Linear in the points but for the totals' compaction; no sort by value.
    pub(crate) fn check_stored(&self) -> Result<()> {
        if let Some(p) = self.penalizer {
            check_penalizer(p)?;
        }
        for (ids, weight) in self.totals().iter() {
            let values: [f64; N] = std::array::from_fn(|c| self.columns[c].values[ids[c] as usize]);
            check_point(&values)?;
            // Rows of weight 0 are never added (nor read from text): a stored one is corrupt.
            if check_weight(*weight)? == 0.0 {
                return Err(Error::invalid_data("a point of weight 0", "internal"));
            }
        }
        self.check_totals()
    }

    /// Checks every point against the rule of its type: a stored value is
    /// checked before a fit reads it, as the aggregates check their rows.
    pub fn check_points(&self) -> Result<()>
    where
        Self: PointRule<N>,
    {
        for (values, weight) in self.sorted() {
            Self::check(&values)?;
            check_weight(weight)?;
        }
        Ok(())
    }
}

/// The rule of a point of either type, by its arity.
fn check_point(values: &[f64]) -> Result<()> {
    match *values {
        [x, t_x, t] => Triples::check(&[x, t_x, t]),
        [x, monetary] => Pairs::check(&[x, monetary]),
        _ => Ok(()),
    }
}

fn text_error<P: PointRule<N>, const N: usize>(message: impl std::fmt::Display) -> Error {
    Error::invalid_text(
        format!("invalid input syntax for type {}: {message}", P::TYPE_NAME),
        format!("{} text looks like {}.", P::TYPE_NAME, P::EXAMPLE),
    )
}

/// The text form: `{"version":2,"points":[[v1,..,vN,weight],..]}` in the fixed
/// order of [`Points::sorted`], with `"penalizer"` when one is set. Shortest
/// round-trip floats, so text equals value.
fn to_text<const N: usize>(points: &Points<N>) -> String {
    let rows: Vec<Value> =
        points.sorted().iter().map(|(v, w)| json!(v.iter().chain([w]).collect::<Vec<_>>())).collect();
    let mut text = json!({ "version": <Points<N> as Versioned>::VERSION, "points": rows });
    if let Some(p) = points.penalizer {
        text["penalizer"] = json!(p);
    }
    text.to_string()
}

fn from_text<P: PointRule<N>, const N: usize>(text: &str) -> Result<Points<N>> {
    let value: Value = serde_json::from_str(text).map_err(text_error::<P, N>)?;
    let obj = value.as_object().ok_or_else(|| text_error::<P, N>("not a JSON object"))?;
    if let Some(k) = obj.keys().find(|k| !matches!(k.as_str(), "version" | "points" | "penalizer")) {
        return Err(text_error::<P, N>(format!("unknown key \"{k}\"")));
    }
    if obj.get("version").and_then(Value::as_u64) != Some(u64::from(<Points<N> as Versioned>::VERSION)) {
        return Err(text_error::<P, N>(format!("\"version\" must be {}", <Points<N> as Versioned>::VERSION)));
    }
    // Text input is 22P02 whatever is wrong with a point; totals beyond float8 stay 22003.
    let as_text = |e: Error| if e.kind == ErrorKind::NumericOutOfRange { e } else { text_error::<P, N>(e.message) };
    let mut points = Points::<N>::new();
    if let Some(p) = obj.get("penalizer") {
        let p = p.as_f64().ok_or_else(|| text_error::<P, N>("\"penalizer\" must be a number"))?;
        points.set_penalizer(p).map_err(as_text)?;
    }
    let rows =
        obj.get("points").and_then(Value::as_array).ok_or_else(|| text_error::<P, N>("\"points\" must be an array"))?;
    for row in rows {
        let numbers: Option<Vec<f64>> = row.as_array().map(|r| r.iter().map(Value::as_f64).collect()).unwrap_or(None);
        let numbers = numbers
            .filter(|n| n.len() == N + 1)
            .ok_or_else(|| text_error::<P, N>(format!("each point is an array of {} numbers", N + 1)))?;
        let values: [f64; N] = std::array::from_fn(|c| numbers[c]);
        P::check(&values).map_err(as_text)?;
        points.add(values, check_weight(numbers[N]).map_err(as_text)?);
    }
    points.check_totals()?;
    Ok(points)
}

/// The JSON view: `{"points": [{<columns>, "weight"}, ..], "penalizer"}` in the
/// order of the text form.
fn json_view<P: PointRule<N>, const N: usize>(points: &Points<N>) -> Value {
    let rows = points.sorted().into_iter().map(|(values, weight)| {
        let mut obj: serde_json::Map<String, Value> =
            P::COLUMNS.iter().zip(values).map(|(k, v)| (k.to_string(), json!(v))).collect();
        obj.insert("weight".into(), json!(weight));
        Value::Object(obj)
    });
    json!({ "points": rows.collect::<Vec<_>>(), "penalizer": points.penalizer })
}

impl JsonView for Triples {
    fn json_view(&self) -> Value {
        json_view::<Triples, 3>(self)
    }
}

impl JsonView for Pairs {
    fn json_view(&self) -> Value {
        json_view::<Pairs, 2>(self)
    }
}

impl TextForm for Triples {
    fn to_text(&self) -> String {
        to_text(self)
    }
    fn from_text(text: &str) -> Result<Self> {
        from_text::<Triples, 3>(text)
    }
}

impl TextForm for Pairs {
    fn to_text(&self) -> String {
        to_text(self)
    }
    fn from_text(text: &str) -> Result<Self> {
        from_text::<Pairs, 2>(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn triples(rows: &[([f64; 3], f64)]) -> Triples {
        let mut t = Triples::new();
        rows.iter().for_each(|(v, w)| t.add(*v, *w));
        t
    }

    fn customer() -> impl Strategy<Value = ([f64; 3], f64)> {
        (0u32..6, 0u32..40, 0u32..40, 1u32..4).prop_map(|(x, a, b, w)| {
            let t = f64::from(a.max(b));
            let t_x = if x == 0 { 0.0 } else { f64::from(a.min(b)) };
            ([f64::from(x), t_x, t], f64::from(w))
        })
    }

    proptest! {
        #[test]
        fn text_and_bytes_round_trip(rows in prop::collection::vec(customer(), 0..60)) {
            let t = triples(&rows);
            let text = t.to_text();
            let back = Triples::from_text(&text).unwrap();
            prop_assert_eq!(&back, &t);
            prop_assert_eq!(back.to_text(), text);
            prop_assert_eq!(&Triples::from_bytes(&t.to_bytes()).unwrap(), &t);
        }

        #[test]
        fn combine_is_associative_and_commutative(
            a in prop::collection::vec(customer(), 0..30),
            b in prop::collection::vec(customer(), 0..30),
            c in prop::collection::vec(customer(), 0..30),
        ) {
            let (ta, tb, tc) = (triples(&a), triples(&b), triples(&c));
            let mut left = ta.clone();
            left.combine(&tb).unwrap();
            left.combine(&tc).unwrap();
            let mut right = tc.clone();
            right.combine_stored(&tb.to_bytes()).unwrap();
            right.combine(&ta).unwrap();
            prop_assert_eq!(&left, &right);
            // Equal to one state over all the rows.
            let all: Vec<_> = a.iter().chain(&b).chain(&c).copied().collect();
            prop_assert_eq!(&left, &triples(&all));
        }
    }

    #[test]
    fn text_form_is_fixed() {
        let t = triples(&[([2.0, 30.0, 40.0], 1.0), ([0.0, 0.0, 38.5], 3.0), ([2.0, 30.0, 40.0], 2.0)]);
        assert_eq!(t.to_text(), r#"{"points":[[0.0,0.0,38.5,3.0],[2.0,30.0,40.0,3.0]],"version":2}"#);
    }

    /// Text input is 22P02 whatever is wrong with a point (the fuzzer found 22023,
    /// the rows' error); only totals beyond float8 are 22003.
    #[test]
    fn bad_text_is_refused() {
        for (text, kind) in [
            (r#"{"version":2,"points":[[1,5,4,1]]}"#, ErrorKind::InvalidText), // t_x > T
            (r#"{"version":2,"points":[[1,2,4]]}"#, ErrorKind::InvalidText),
            (r#"{"version":2,"points":[[1,2,4,-1]]}"#, ErrorKind::InvalidText),
            (r#"{"version":2,"points":[[1,2,4,1]],"penalizer":-1}"#, ErrorKind::InvalidText),
            (r#"{"version":1,"points":[]}"#, ErrorKind::InvalidText),
            (r#"{"version":2,"points":[],"extra":1}"#, ErrorKind::InvalidText),
            (r#"{"version":2,"points":[[1,2,4,1e308],[1,2,4,1e308]]}"#, ErrorKind::NumericOutOfRange),
            ("[", ErrorKind::InvalidText),
        ] {
            assert_eq!(Triples::from_text(text).unwrap_err().kind, kind, "{text}");
        }
        assert_eq!(Pairs::from_text(r#"{"version":2,"points":[[0,5,1]]}"#).unwrap_err().kind, ErrorKind::InvalidText);
        assert!(Pairs::from_text(r#"{"version":2,"points":[[2,5.5,1]]}"#).is_ok());
    }

    /// Found by the fuzzer: a stored form took points that text input refuses
    /// (t_x > T, monetary 0), whose text then did not read back; it is XX001.
    #[test]
    fn stored_points_follow_their_rule() {
        for (rows, ok) in [([1.0, 5.0, 4.0], false), ([1.0, 4.0, 4.0], true), ([f64::NAN, 1.0, 2.0], false)] {
            let bytes = triples(&[(rows, 1.0)]).to_bytes();
            let read = Triples::from_bytes(&bytes);
            assert_eq!(read.is_ok(), ok, "{rows:?}");
            if let Err(e) = read {
                assert_eq!(e.kind, ErrorKind::Corrupted);
            }
        }
        let pairs = |m: f64| {
            let mut p = Pairs::new();
            p.add([2.0, m], 1.0);
            Pairs::from_bytes(&p.to_bytes()).map(|_| ())
        };
        assert_eq!(pairs(0.0).unwrap_err().kind, ErrorKind::Corrupted);
        assert!(pairs(5.5).is_ok());
    }

    #[test]
    fn overflowing_weights_do_not_combine() {
        let big = triples(&[([1.0, 1.0, 2.0], 1e308)]);
        let mut both = big.clone();
        both.combine(&big).unwrap();
        assert_eq!(both.check_storable().unwrap_err().kind, ErrorKind::NumericOutOfRange);
        assert_eq!(both.check_points().unwrap_err().kind, ErrorKind::InvalidData);
    }
}
