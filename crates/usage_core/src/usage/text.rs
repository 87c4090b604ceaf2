//! The text form of a summary: canonical JSON that round-trips exactly.

use serde_json::Value;

use crate::codec::Versioned;
use crate::{Error, Result};

use super::{Activity, Features, UsageSummary};

pub(super) fn text_error(message: impl Into<String>) -> Error {
    Error::invalid_text(
        message,
        "usage_summary text looks like {\"version\":1,\"events\":2,\"quantity\":3.5,\"days\":[\"2024-01-01/2024-01-02\"],\"features\":{}}; produce it with usage_agg().",
    )
}

impl UsageSummary {
    pub(super) fn validate_features(&self) -> Result<()> {
        for (name, f) in self.features.iter() {
            if !f.is_within(&self.total)? {
                return Err(text_error(format!("feature \"{name}\" has activity outside the summary's totals")));
            }
        }
        Ok(())
    }
}

impl crate::codec::JsonView for UsageSummary {
    /// The totals, then `"features": {name: {the same keys}}`.
    fn json_view(&self) -> Value {
        let mut obj = self.total.json_view();
        let features = self.features.iter().map(|(name, a)| (name.to_string(), Value::Object(a.json_view())));
        obj.insert("features".into(), Value::Object(features.collect()));
        Value::Object(obj)
    }
}

impl crate::codec::TextForm for UsageSummary {
    /// The text form: JSON that round-trips exactly through [`UsageSummary::from_text`].
    /// Written directly (no JSON tree): a summary has hundreds of day ranges.
    fn to_text(&self) -> String {
        let mut out = String::with_capacity(256);
        out.push('{');
        self.total.write_json(&mut out, |out| {
            out.push_str(",\"features\":{");
            // Features are in byte order of their names: the key order of a JSON object.
            for (i, (name, activity)) in self.features.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(name).unwrap_or_default());
                out.push_str(":{");
                activity.write_json(out, |_| {});
                out.push('}');
            }
            out.push('}');
        });
        out.push_str(&format!(",\"version\":{}}}", <Self as Versioned>::VERSION));
        out
    }

    fn from_text(text: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| text_error(format!("invalid input syntax for type usage_summary: {e}")))?;
        let obj = value.as_object().ok_or_else(|| text_error("usage_summary text must be a JSON object"))?;
        match obj.get("version").and_then(Value::as_u64) {
            Some(v) if v >= 1 && v <= u64::from(<Self as Versioned>::VERSION) => {}
            _ => return Err(text_error("usage_summary text needs \"version\": 1")),
        }
        let total = Activity::from_json(&value, "usage_summary")?;
        let mut features = Features::new();
        if let Some(fs) = obj.get("features") {
            let fs = fs.as_object().ok_or_else(|| text_error("\"features\" must be a JSON object"))?;
            for (name, f) in fs {
                let feature = Activity::from_json(f, &format!("feature \"{name}\""))?;
                if f.get("features").is_some() || f.get("version").is_some() {
                    return Err(text_error(format!("feature \"{name}\" must not nest features")));
                }
                *features.entry(name) = feature;
            }
        }
        let summary = UsageSummary { total, features };
        summary.validate_features()?;
        Ok(summary)
    }
}
