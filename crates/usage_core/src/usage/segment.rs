//! Fixed-rule segments: light / moderate / heavy between population cuts, and the
//! four frequency-intensity quadrants.

use crate::{Error, ErrorKind, Result};

/// Puts `value` into the segment between population cuts: below `cuts[0]` is
/// `labels[0]`, a value equal to a cut belongs to the segment above it.
pub fn segment<'a>(value: f64, cuts: &[f64], labels: &'a [String]) -> Result<&'a str> {
    if labels.len() != cuts.len() + 1 {
        return Err(Error::new(
            ErrorKind::ArrayMismatch,
            format!("{} cuts need {} labels, got {}", cuts.len(), cuts.len() + 1, labels.len()),
            "n cuts split the values into n + 1 segments: pass one more label than cuts.",
        ));
    }
    if cuts.iter().any(|c| !c.is_finite()) {
        return Err(Error::invalid_parameter(
            "cuts must be finite numbers",
            "Compute the cuts from the population, e.g. percentile_cont(ARRAY[.5,.8]) WITHIN GROUP (ORDER BY x).",
        ));
    }
    if cuts.windows(2).any(|w| w[0] > w[1]) {
        return Err(Error::invalid_parameter(
            format!("cuts must be in ascending order, got {cuts:?}"),
            "Sort the cuts, e.g. percentile_cont(ARRAY[.5,.8]) with ascending fractions.",
        ));
    }
    if value.is_nan() {
        return Err(Error::invalid_data("value must not be NaN", "Filter out NaN values before segmenting."));
    }
    let index = cuts.iter().take_while(|&&c| value >= c).count();
    Ok(labels[index].as_str())
}

/// Places a (frequency, intensity) pair into one of four quadrants; a value equal
/// to its cut counts as high. Labels are low/low, high frequency + low intensity,
/// low frequency + high intensity, high/high.
pub fn quadrant(
    frequency: f64,
    intensity: f64,
    frequency_cut: f64,
    intensity_cut: f64,
    labels: &[String],
) -> Result<&str> {
    if labels.len() != 4 {
        return Err(Error::new(
            ErrorKind::ArrayMismatch,
            format!("usage_quadrant needs 4 labels, got {}", labels.len()),
            "Labels are, in order: low/low, high frequency only, high intensity only, high/high.",
        ));
    }
    if [frequency, intensity, frequency_cut, intensity_cut].iter().any(|v| v.is_nan()) {
        return Err(Error::invalid_data("usage_quadrant arguments must not be NaN", "Filter out NaN values first."));
    }
    let index = usize::from(frequency >= frequency_cut) + 2 * usize::from(intensity >= intensity_cut);
    Ok(labels[index].as_str())
}
