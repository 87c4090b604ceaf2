//! Events, exact quantity and active days of one stream of activity: a summary's
//! totals and each of its features.

use std::borrow::Cow;

use serde_json::Value;

use crate::codec::{Reader, Writer};
use crate::day::Day;
use crate::day_set::DaySet;
use crate::exact_sum::ExactSum;
use crate::{Error, ErrorKind, Result};

use super::text::text_error;

/// Events, exact quantity and active days of one stream of activity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Activity {
    pub events: u64,
    pub quantity: ExactSum,
    pub days: DaySet,
}

impl Activity {
    #[inline]
    pub(super) fn record(&mut self, day: Day, quantity: f64) {
        self.events += 1;
        self.quantity.add(quantity);
        self.days.insert(day);
    }

    /// Adds `other`; a count beyond 2^64 or a quantity beyond float8 is an error
    /// (22003), so that no merge writes a value that cannot be read back.
    pub(super) fn merge(&mut self, other: &Activity) -> Result<()> {
        self.events = add_events(self.events, other.events)?;
        self.quantity.merge(&other.quantity);
        self.quantity.value()?;
        self.days.union_with(&other.days);
        Ok(())
    }

    /// Whether this (a feature's activity) lies within `total`'s: no more events
    /// or quantity, no day outside it, as when both were recorded event by event.
    pub(super) fn is_within(&self, total: &Activity) -> Result<bool> {
        // Rounding is monotonic, so the rounded totals compare like the exact ones.
        Ok(self.events <= total.events
            && self.quantity.value()? <= total.quantity.value()?
            && self.days.is_subset(&total.days))
    }

    /// The stored form of the quantity (see [`ExactSum::canonical_partials`]).
    pub(super) fn quantity_partials(&self) -> Cow<'_, [f64]> {
        // Only a total beyond float8 has no canonical form; `value()` reports it later.
        self.quantity.canonical_partials().unwrap_or(Cow::Borrowed(self.quantity.partials()))
    }

    pub(super) fn encode(&self, w: &mut Writer) {
        w.varint(self.events);
        let partials = self.quantity_partials();
        w.varint(partials.len() as u64);
        partials.iter().for_each(|&p| w.f64(p));
        self.days.encode(w);
    }

    pub(super) fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let events = r.varint()?;
        let n = r.len()?;
        let partials = (0..n).map(|_| r.f64()).collect::<Result<smallvec::SmallVec<[f64; 4]>>>()?;
        let quantity = ExactSum::from_partials(&partials)?;
        let days = DaySet::decode(r)?;
        let activity = Activity { events, quantity, days };
        activity.validate().map_err(|e| Error::corrupted(e.message))?;
        Ok(activity)
    }

    /// Invariants every summary satisfies: a day is active only if it had an event,
    /// and the quantity is a finite non-negative number.
    pub(super) fn validate(&self) -> Result<()> {
        if self.events < self.days.len() {
            return Err(text_error(format!("{} events cannot cover {} active days", self.events, self.days.len())));
        }
        if self.events > 0 && self.days.is_empty() {
            return Err(text_error("events without active days"));
        }
        let q = self.quantity.value()?;
        if q < 0.0 {
            return Err(text_error("quantity must not be negative"));
        }
        Ok(())
    }

    /// The JSON view: counts, the rounded quantity and the active days as ranges.
    pub(super) fn json_view(&self) -> serde_json::Map<String, Value> {
        let day = |d: Option<Day>| d.map(crate::day::format);
        let mut obj = serde_json::Map::new();
        obj.insert("events".into(), self.events.into());
        // Stored and typed-in activity is validated: its quantity fits a float8.
        obj.insert("quantity".into(), self.quantity.value().ok().into());
        obj.insert("active_days".into(), self.days.len().into());
        obj.insert("first_seen".into(), day(self.days.first()).into());
        obj.insert("last_seen".into(), day(self.days.last()).into());
        obj.insert("days".into(), self.days.json_view());
        obj
    }

    /// Appends the members `"days":[..],"events":N` and, after `between` (the
    /// members that sort between them), `"quantity":Q`: the keys in the sorted
    /// order of a JSON object (serde_json's), numbers as serde_json writes them.
    pub(super) fn write_json(&self, out: &mut String, between: impl FnOnce(&mut String)) {
        out.push_str("\"days\":");
        self.days.write_json(out);
        out.push_str(",\"events\":");
        out.push_str(&self.events.to_string());
        between(out);
        out.push_str(",\"quantity\":");
        let partials = self.quantity_partials();
        let number = |v: &f64| serde_json::to_string(v).unwrap_or_else(|_| "null".into());
        match &*partials {
            [] => out.push_str("0.0"),
            [single] => out.push_str(&number(single)),
            many => {
                out.push('[');
                out.push_str(&many.iter().map(number).collect::<Vec<_>>().join(","));
                out.push(']');
            }
        }
    }

    pub(super) fn from_json(value: &Value, what: &str) -> Result<Self> {
        let obj = value.as_object().ok_or_else(|| text_error(format!("{what} must be a JSON object")))?;
        for k in obj.keys() {
            if !matches!(k.as_str(), "events" | "quantity" | "days" | "version" | "features") {
                return Err(text_error(format!("unknown key \"{k}\" in {what}")));
            }
        }
        let events = obj
            .get("events")
            .and_then(Value::as_u64)
            .ok_or_else(|| text_error(format!("{what} needs \"events\", a non-negative integer")))?;
        let quantity = match obj.get("quantity") {
            Some(Value::Number(n)) => vec![n.as_f64().unwrap_or(f64::NAN)],
            Some(Value::Array(items)) => items.iter().map(|v| v.as_f64().unwrap_or(f64::NAN)).collect(),
            _ => return Err(text_error(format!("{what} needs \"quantity\", a number"))),
        };
        if quantity.iter().any(|q| !q.is_finite()) {
            return Err(text_error(format!("\"quantity\" of {what} must be finite")));
        }
        let quantity = ExactSum::from_partials(&quantity).map_err(|_| text_error("quantity must be finite"))?;
        let days = obj.get("days").ok_or_else(|| text_error(format!("{what} needs \"days\"")))?;
        let days = DaySet::from_json(days, text_error)?;
        let activity = Activity { events, quantity, days };
        activity.validate()?;
        Ok(activity)
    }
}

pub(super) fn add_events(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b).ok_or_else(|| {
        Error::new(
            ErrorKind::NumericOutOfRange,
            "event count is out of range (more than 2^64 events)",
            "Roll up fewer summaries at once; a count this large comes from corrupted or hand-written values.",
        )
    })
}
