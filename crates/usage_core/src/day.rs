//! Calendar days and periods.
//!
//! A [`Day`] is the number of days since 2000-01-01, PostgreSQL's own date epoch,
//! so the SQL layer converts `date` values without arithmetic. Periods are
//! `day`, ISO `week` (Monday start) and `month`.

use crate::{Error, ErrorKind, Result};

/// Days since 2000-01-01 (PostgreSQL's date epoch).
pub type Day = i32;

/// PostgreSQL's date range (4713 BC to 5874897 AD) in days since 2000-01-01.
pub const MIN_DAY: Day = -2_451_545;
pub const MAX_DAY: Day = 2_145_031_948;

/// Days from 0000-03-01 (proleptic Gregorian) to 2000-01-01, for the civil algorithms.
const EPOCH_SHIFT: i64 = 730_425;

/// Converts a proleptic Gregorian calendar date into a [`Day`] (callers keep it
/// within [`Day`]'s range; text goes through [`parse`], which checks).
pub fn from_ymd(year: i32, month: u32, day: u32) -> Day {
    days_from_civil(year, month, day) as Day
}

/// Howard Hinnant's days_from_civil, shifted to the 2000-01-01 epoch; exact for
/// every i32 year.
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - EPOCH_SHIFT
}

/// Converts a [`Day`] into (year, month, day of month).
pub fn to_ymd(day: Day) -> (i32, u32, u32) {
    let z = i64::from(day) + EPOCH_SHIFT;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

/// ISO 8601 text of a day, `YYYY-MM-DD`.
pub fn format(day: Day) -> String {
    let mut out = String::with_capacity(10);
    write(&mut out, day);
    out
}

/// Appends [`format`]'s text of `day` (digits by hand for years 0 to 9999: summary
/// text has hundreds of dates).
pub fn write(out: &mut String, day: Day) {
    let (y, m, d) = to_ymd(day);
    if (0..=9999).contains(&y) {
        let digit = |v: u32| char::from(b'0' + (v % 10) as u8);
        let y = y as u32;
        for c in [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            '-',
            digit(m / 10),
            digit(m),
            '-',
            digit(d / 10),
            digit(d),
        ] {
            out.push(c);
        }
    } else {
        out.push_str(&format!("{y}-{m:02}-{d:02}"));
    }
}

/// Parses `YYYY-MM-DD` (a leading `-` for years before year 0, astronomical: 0 is
/// 1 BC). A date beyond the days a [`Day`] holds (years past about 5.8 million)
/// is 22008, never a day wrapped into range.
pub fn parse(text: &str) -> Result<Day> {
    let bad =
        || Error::invalid_text(format!("invalid date \"{text}\""), "Dates in summary text are written as YYYY-MM-DD.");
    let (neg, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut parts = body.splitn(3, '-');
    let y: i32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let m: u32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let d: u32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let y = if neg { -y } else { y };
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return Err(bad());
    }
    Day::try_from(days_from_civil(y, m, d)).map_err(|_| out_of_range(text))
}

/// Parses a date of stored-summary text, which must be a PostgreSQL `date`
/// ([`MIN_DAY`] to [`MAX_DAY`]): anything else would be written but could not be
/// read back as a date (22008, like PostgreSQL's own date input).
pub fn parse_date(text: &str) -> Result<Day> {
    let d = parse(text)?;
    if (MIN_DAY..=MAX_DAY).contains(&d) {
        Ok(d)
    } else {
        Err(out_of_range(text))
    }
}

fn out_of_range(text: &str) -> Error {
    Error::new(
        ErrorKind::DateOutOfRange,
        format!("date \"{text}\" is out of range for type date"),
        "Dates must lie between 4714-11-24 BC (written -4713-11-24) and 5874897-12-31.",
    )
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month of a year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// ISO weekday, Monday = 0 … Sunday = 6. 2000-01-01 was a Saturday.
pub fn weekday(day: Day) -> u32 {
    (i64::from(day) + 5).rem_euclid(7) as u32
}

/// Adds `months` calendar months to the first day of a month.
pub fn add_months(month_start: Day, months: i32) -> Day {
    let (y, m, _) = to_ymd(month_start);
    let index = i64::from(y) * 12 + i64::from(m) - 1 + i64::from(months);
    from_ymd(index.div_euclid(12) as i32, (index.rem_euclid(12) + 1) as u32, 1)
}

/// A calendar period used to bucket activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    /// Parses `'day'`, `'week'` or `'month'` (case-insensitive, surrounding blanks ignored).
    pub fn parse(text: &str) -> Result<Period> {
        match text.trim().to_ascii_lowercase().as_str() {
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            _ => Err(Error::new(
                ErrorKind::InvalidParameter,
                format!("unknown period \"{text}\""),
                "Use 'day', 'week' (ISO, starting Monday) or 'month'.",
            )),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// First day of the period that contains `day`.
    pub fn start(self, day: Day) -> Day {
        match self {
            Period::Day => day,
            Period::Week => day - weekday(day) as Day,
            Period::Month => {
                let (y, m, _) = to_ymd(day);
                from_ymd(y, m, 1)
            }
        }
    }

    /// First day of the period after the one starting at `start`.
    pub fn next(self, start: Day) -> Day {
        match self {
            Period::Day => start + 1,
            Period::Week => start + 7,
            Period::Month => add_months(start, 1),
        }
    }

    /// First day of the period before the one starting at `start`.
    pub fn previous(self, start: Day) -> Day {
        match self {
            Period::Day => start - 1,
            Period::Week => start - 7,
            Period::Month => add_months(start, -1),
        }
    }

    /// A dense ordinal of the period containing `day`: consecutive periods differ by one.
    pub fn ordinal(self, day: Day) -> i64 {
        match self {
            Period::Day => i64::from(day),
            Period::Week => i64::from(self.start(day)).div_euclid(7),
            Period::Month => {
                let (y, m, _) = to_ymd(day);
                i64::from(y) * 12 + i64::from(m) - 1
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(from_ymd(2000, 1, 1), 0);
        assert_eq!(from_ymd(1999, 12, 31), -1);
        assert_eq!(from_ymd(2024, 3, 1), 8826);
        assert_eq!(format(from_ymd(2024, 2, 29)), "2024-02-29");
        for day in
            (-800_000..3_000_000).step_by(997).chain([from_ymd(0, 1, 1), from_ymd(9999, 12, 31), from_ymd(-1, 12, 31)])
        {
            let (y, m, d) = to_ymd(day);
            let expected =
                if (0..=9999).contains(&y) { format!("{y:04}-{m:02}-{d:02}") } else { format!("{y}-{m:02}-{d:02}") };
            assert_eq!(format(day), expected);
        }
        assert_eq!(weekday(from_ymd(2024, 1, 1)), 0); // a Monday
        assert_eq!(weekday(0), 5); // 2000-01-01 was a Saturday
        assert!(parse("2023-02-29").is_err());
        assert!(parse("2024-13-01").is_err());
        assert_eq!(parse("-0044-03-15").map(format), Ok("-44-03-15".to_string()));
    }

    #[test]
    fn dates_beyond_postgresql_are_errors_never_wrapped() {
        assert_eq!(from_ymd(-4713, 11, 24), MIN_DAY); // 4714-11-24 BC
        assert_eq!(from_ymd(5_874_897, 12, 31), MAX_DAY);
        assert_eq!(parse_date("-4713-11-24"), Ok(MIN_DAY));
        assert_eq!(parse_date("5874897-12-31"), Ok(MAX_DAY));
        for text in ["-4713-11-23", "5874898-01-01", "9999999-01-01", "2147483647-12-31", "-2147483647-01-01"] {
            let e = parse_date(text).unwrap_err();
            assert_eq!(e.kind, ErrorKind::DateOutOfRange, "{text}");
            assert!(e.message.contains(text), "{e}");
        }
        // Beyond the days an i32 holds, parse itself refuses (9999999-01-01 once
        // wrapped to -1759223-12-12); inside, it keeps the day for callers with
        // wider ranges (mrr_history months).
        assert_eq!(parse("9999999-01-01").unwrap_err().kind, ErrorKind::DateOutOfRange);
        assert_eq!(parse("5874898-01-01"), Ok(MAX_DAY + 1));
    }

    #[test]
    fn periods() {
        let d = from_ymd(2024, 1, 17); // Wednesday
        assert_eq!(format(Period::Week.start(d)), "2024-01-15");
        assert_eq!(format(Period::Month.start(d)), "2024-01-01");
        assert_eq!(format(Period::Month.next(from_ymd(2024, 12, 1))), "2025-01-01");
        assert_eq!(format(Period::Month.previous(from_ymd(2024, 1, 1))), "2023-12-01");
        assert_eq!(Period::Month.ordinal(from_ymd(2024, 1, 31)) + 1, Period::Month.ordinal(from_ymd(2024, 2, 1)));
        assert!(Period::parse("fortnight").is_err());
        assert_eq!(Period::parse(" Week ").unwrap(), Period::Week);
    }

    proptest! {
        #[test]
        fn civil_round_trip(day in -3_000_000i32..3_000_000) {
            let (y, m, d) = to_ymd(day);
            prop_assert_eq!(from_ymd(y, m, d), day);
            prop_assert_eq!(parse(&format(day)).unwrap(), day);
        }

        #[test]
        fn week_ordinal_is_dense(day in -100_000i32..100_000) {
            let s = Period::Week.start(day);
            prop_assert_eq!(weekday(s), 0);
            prop_assert_eq!(Period::Week.ordinal(s) + 1, Period::Week.ordinal(s + 7));
        }
    }
}
