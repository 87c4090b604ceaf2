//! How often a group is active: frequency over a window, frequency classes, trend.

use crate::day::Day;
use crate::{Error, Result};

use super::UsageSummary;

impl UsageSummary {
    /// Share of the `window_days` days ending at `as_of` (inclusive) with activity.
    pub fn frequency(&self, as_of: Day, window_days: i32) -> Result<f64> {
        let window = check_window(window_days)?;
        let active = self.active_days_between(window_start(as_of, window), as_of);
        Ok(active as f64 / f64::from(window))
    }

    /// Classifies how often the group is active, see [`FrequencyThresholds`].
    pub fn frequency_class(&self, as_of: Day, t: &FrequencyThresholds) -> Result<&'static str> {
        t.validate()?;
        let days = &self.total.days;
        if days.first().is_none_or(|f| f > as_of) {
            return Ok("non_user");
        }
        let start = window_start(as_of, 28);
        if days.count_between(start, as_of) >= u64::from(t.daily_min_days as u32) {
            return Ok("daily");
        }
        let active_weeks = (0..4)
            .filter(|w| {
                let end = as_of - 7 * w;
                days.count_between(end - 6, end) > 0
            })
            .count();
        if active_weeks >= t.weekly_min_weeks as usize {
            return Ok("weekly");
        }
        if days.count_between(window_start(as_of, t.monthly_window_days), as_of) > 0 {
            return Ok("monthly");
        }
        Ok("lapsed")
    }

    /// Relative change of active days: the recent half of the window against the
    /// earlier half. `None` when the earlier half had no activity.
    pub fn trend(&self, as_of: Day, window_days: i32) -> Result<Option<f64>> {
        let window = check_window(window_days)?;
        if window < 2 || window % 2 != 0 {
            return Err(Error::invalid_parameter(
                format!("window_days must be an even number of at least 2, got {window_days}"),
                "The window is split into two equal halves, e.g. 56 compares the last 28 days with the 28 before.",
            ));
        }
        let half = window / 2;
        let recent = self.active_days_between(as_of - half + 1, as_of) as f64;
        let earlier = self.active_days_between(as_of - window + 1, as_of - half) as f64;
        Ok(if earlier == 0.0 { None } else { Some((recent - earlier) / earlier) })
    }
}

fn window_start(as_of: Day, window: i32) -> Day {
    as_of.saturating_sub(window - 1)
}

pub(super) fn check_window(window_days: i32) -> Result<i32> {
    if !(1..=36_525).contains(&window_days) {
        return Err(Error::invalid_parameter(
            format!("window_days must be between 1 and 36525, got {window_days}"),
            "Pass the length of the look-back window in days, e.g. 28.",
        ));
    }
    Ok(window_days)
}

/// Thresholds of [`UsageSummary::frequency_class`], all over windows ending at `as_of`:
/// `daily` when active on at least `daily_min_days` of the last 28 days; otherwise
/// `weekly` when active in at least `weekly_min_weeks` of the last four 7-day weeks;
/// otherwise `monthly` when active at all in the last `monthly_window_days` days;
/// otherwise `lapsed` (active before) or `non_user` (never active up to `as_of`).
#[derive(Debug, Clone, Copy)]
pub struct FrequencyThresholds {
    pub daily_min_days: i32,
    pub weekly_min_weeks: i32,
    pub monthly_window_days: i32,
}

impl Default for FrequencyThresholds {
    fn default() -> Self {
        FrequencyThresholds { daily_min_days: 20, weekly_min_weeks: 3, monthly_window_days: 30 }
    }
}

impl FrequencyThresholds {
    fn validate(&self) -> Result<()> {
        let hint = "Defaults: daily_min_days 20 (of 28), weekly_min_weeks 3 (of 4), monthly_window_days 30.";
        if !(1..=28).contains(&self.daily_min_days) {
            return Err(Error::invalid_parameter(
                format!("daily_min_days must be between 1 and 28, got {}", self.daily_min_days),
                hint,
            ));
        }
        if !(1..=4).contains(&self.weekly_min_weeks) {
            return Err(Error::invalid_parameter(
                format!("weekly_min_weeks must be between 1 and 4, got {}", self.weekly_min_weeks),
                hint,
            ));
        }
        check_window(self.monthly_window_days).map(|_| ())
    }
}
