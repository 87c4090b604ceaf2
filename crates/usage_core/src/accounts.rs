//! Customers and users: seat utilization, account health and Net Promoter Score.
//!
//! "Users don't always buy, buyers don't always use": an account (the customer)
//! buys seats, its people use them. Account usage itself is the rollup of its
//! users' [`UsageSummary`]s; this module adds what is specific to accounts.

use serde_json::{json, Value};

use crate::codec::{Reader, Versioned, Writer};
use crate::usage::{segment, UsageSummary};
use crate::{Error, ErrorKind, Result};

/// Whether the summary has activity in the `window_days` days ending at `as_of`.
pub fn is_active(s: &UsageSummary, as_of: i32, window_days: i32) -> Result<bool> {
    // frequency() validates the window and is > 0 exactly when a day in it is active.
    Ok(s.frequency(as_of, window_days)? > 0.0)
}

/// Active users per seat. `None` for an account without seats; may exceed 1 when
/// more people use the product than seats were bought.
pub fn seat_utilization(active_users: i64, seats: i64) -> Result<Option<f64>> {
    if active_users < 0 || seats < 0 {
        return Err(Error::invalid_parameter(
            format!("active_users and seats must not be negative, got {active_users} and {seats}"),
            "Pass counts of users and of purchased seats.",
        ));
    }
    Ok((seats > 0).then(|| active_users as f64 / seats as f64))
}

/// Weights of the health components, normalized by their sum.
pub const DEFAULT_HEALTH_WEIGHTS: [f64; 3] = [0.4, 0.4, 0.2];
/// Score cuts between `at_risk`, `watch` and `healthy`.
pub const DEFAULT_HEALTH_CUTS: [f64; 2] = [40.0, 70.0];
pub const HEALTH_LABELS: [&str; 3] = ["at_risk", "watch", "healthy"];
/// Windows of the usage components of [`account_health_of`].
pub const HEALTH_FREQUENCY_WINDOW: i32 = 28;
pub const HEALTH_TREND_WINDOW: i32 = 56;

/// Account health from 0 to 100:
/// `100 * (w1 * min(utilization, 1) + w2 * frequency + w3 * clamp(0.5 + trend / 2, 0, 1)) / (w1 + w2 + w3)`.
/// The trend component is 0 when usage stopped (trend -1), 0.5 when flat and 1 from
/// a doubling on; a missing trend (no activity in the earlier half) counts as flat.
pub fn account_health(utilization: f64, frequency: f64, trend: Option<f64>, weights: &[f64]) -> Result<f64> {
    let hint = "utilization comes from seat_utilization() (>= 0), frequency from usage_frequency() (0 to 1), trend from usage_trend() (>= -1).";
    if !(utilization.is_finite() && utilization >= 0.0) {
        return Err(Error::invalid_parameter(
            format!("utilization must be a finite number >= 0, got {utilization}"),
            hint,
        ));
    }
    if !(0.0..=1.0).contains(&frequency) {
        return Err(Error::invalid_parameter(format!("frequency must be between 0 and 1, got {frequency}"), hint));
    }
    if let Some(t) = trend.filter(|t| !(t.is_finite() && *t >= -1.0)) {
        return Err(Error::invalid_parameter(format!("trend must be a finite number >= -1, got {t}"), hint));
    }
    let weight_hint = "Pass three non-negative weights for utilization, frequency and trend, e.g. '{0.4,0.4,0.2}'.";
    if weights.len() != 3 {
        return Err(Error::new(
            ErrorKind::ArrayMismatch,
            format!("account_health needs 3 weights, got {}", weights.len()),
            weight_hint,
        ));
    }
    if weights.iter().any(|w| !(w.is_finite() && *w >= 0.0)) || weights.iter().sum::<f64>() <= 0.0 {
        let list: Vec<String> = weights.iter().map(|w| w.to_string()).collect();
        return Err(Error::invalid_parameter(
            format!("weights must be non-negative with a positive sum, got {{{}}}", list.join(",")),
            weight_hint,
        ));
    }
    let trend_component = trend.map_or(0.5, |t| (0.5 + t / 2.0).clamp(0.0, 1.0));
    let components = [utilization.min(1.0), frequency, trend_component];
    let total: f64 = weights.iter().sum();
    Ok(100.0 * weights.iter().zip(components).map(|(w, c)| w * c).sum::<f64>() / total)
}

/// Health of an account from its rolled-up usage: utilization = active users / seats,
/// frequency = share of active days in the 28 days to `as_of`, trend over 56 days.
/// `None` when the account has no seats.
pub fn account_health_of(account: &UsageSummary, active_users: i64, seats: i64, as_of: i32) -> Result<Option<f64>> {
    let Some(utilization) = seat_utilization(active_users, seats)? else {
        return Ok(None);
    };
    let frequency = account.frequency(as_of, HEALTH_FREQUENCY_WINDOW)?;
    let trend = account.trend(as_of, HEALTH_TREND_WINDOW)?;
    account_health(utilization, frequency, trend, &DEFAULT_HEALTH_WEIGHTS).map(Some)
}

/// `at_risk` below the first cut, `watch` up to the second, `healthy` from there.
pub fn health_class(score: f64, cuts: &[f64]) -> Result<&'static str> {
    // The labels are fixed, so a wrong count is the caller's cuts: say so in its terms.
    if cuts.len() != HEALTH_LABELS.len() - 1 {
        return Err(Error::new(
            ErrorKind::ArrayMismatch,
            format!("account_health_class needs {} cuts, got {}", HEALTH_LABELS.len() - 1, cuts.len()),
            "cuts are the two ascending scores where watch and healthy begin, e.g. '{40,70}' (the default).",
        ));
    }
    let labels: Vec<String> = HEALTH_LABELS.iter().map(|s| s.to_string()).collect();
    let label = segment(score, cuts, &labels)?;
    Ok(HEALTH_LABELS.iter().find(|l| **l == label).copied().unwrap_or("at_risk"))
}

/// Counts of survey answers per score 0..=10.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NpsSummary {
    counts: [u64; 11],
}

fn nps_text_error(message: impl Into<String>) -> Error {
    Error::invalid_text(
        message,
        "nps_summary text looks like {\"version\":1,\"scores\":[0,0,0,0,0,0,1,2,0,3,1]} (answers per score 0 to 10); produce it with nps_agg().",
    )
}

impl NpsSummary {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one answer; scores outside 0..=10 are rejected.
    pub fn record(&mut self, score: i64) -> Result<()> {
        if !(0..=10).contains(&score) {
            return Err(Error::invalid_parameter(
                format!("NPS score must be between 0 and 10, got {score}"),
                "The NPS question is answered on a 0-10 scale; filter or fix other values, e.g. WHERE score BETWEEN 0 AND 10.",
            ));
        }
        self.counts[score as usize] += 1;
        Ok(())
    }

    /// Adds another summary into this one; fails only when the total number of
    /// answers would no longer fit a bigint.
    pub fn merge(&mut self, other: &NpsSummary) -> Result<()> {
        let mut merged = self.counts;
        for (a, b) in merged.iter_mut().zip(other.counts) {
            *a = a.saturating_add(b);
        }
        *self = NpsSummary { counts: merged }.checked().map_err(|_| {
            Error::new(
                ErrorKind::NumericOutOfRange,
                "an nps_summary cannot hold more than 9223372036854775807 answers",
                "Roll up fewer summaries at a time.",
            )
        })?;
        Ok(())
    }

    pub fn counts(&self) -> &[u64; 11] {
        &self.counts
    }
    // Every summary totals at most i64::MAX answers (checked on input and merge).
    fn total(scores: &[u64]) -> u64 {
        scores.iter().fold(0u64, |a, &b| a.saturating_add(b))
    }
    /// Scores 9 and 10.
    pub fn promoters(&self) -> u64 {
        Self::total(&self.counts[9..])
    }
    /// Scores 7 and 8.
    pub fn passives(&self) -> u64 {
        Self::total(&self.counts[7..9])
    }
    /// Scores 0 to 6.
    pub fn detractors(&self) -> u64 {
        Self::total(&self.counts[..7])
    }
    pub fn responses(&self) -> u64 {
        Self::total(&self.counts)
    }

    /// Shares of promoters and detractors; `None` without answers.
    fn shares(&self) -> Option<(f64, f64)> {
        let n = self.responses();
        (n > 0).then(|| (self.promoters() as f64 / n as f64, self.detractors() as f64 / n as f64))
    }

    /// Net Promoter Score, 100 * (promoters - detractors) / n, from -100 to 100.
    pub fn nps(&self) -> Option<f64> {
        let n = self.responses();
        // One rounding (of the division), so that 40 promoters and 30 detractors of 100 give exactly 10.
        (n > 0).then(|| 100.0 * (self.promoters() as f64 - self.detractors() as f64) / n as f64)
    }

    /// Rejects stored or typed-in counts whose total does not fit a bigint.
    fn checked(self) -> Result<Self> {
        let mut total: u64 = 0;
        for c in self.counts {
            total = total
                .checked_add(c)
                .filter(|t| *t <= i64::MAX as u64)
                .ok_or_else(|| nps_text_error("the counts of an nps_summary must total at most 9223372036854775807"))?;
        }
        Ok(self)
    }

    /// Half-width of the `confidence` interval of the NPS, in NPS points, by the
    /// normal approximation: each answer is +1 (promoter), 0 or -1 (detractor),
    /// variance = (p + d) - (p - d)^2, margin = 100 * z * sqrt(variance / n).
    pub fn margin(&self, confidence: f64) -> Result<Option<f64>> {
        if !(confidence > 0.0 && confidence < 1.0) {
            return Err(Error::invalid_parameter(
                format!("confidence must be between 0 and 1 (exclusive), got {confidence}"),
                "Pass a confidence level such as 0.95 or 0.9.",
            ));
        }
        let Some((p, d)) = self.shares() else { return Ok(None) };
        let variance = ((p + d) - (p - d) * (p - d)).max(0.0);
        let z = normal_quantile(0.5 + confidence / 2.0);
        Ok(Some(100.0 * z * (variance / self.responses() as f64).sqrt()))
    }
}

impl crate::codec::JsonView for NpsSummary {
    /// The answers by class, then `"scores": [{"score": 0, "count": ..}, .., {"score": 10, ..}]`.
    fn json_view(&self) -> Value {
        let scores: Vec<Value> =
            self.counts.iter().enumerate().map(|(score, &c)| json!({ "score": score, "count": c })).collect();
        json!({
            "responses": self.responses(),
            "promoters": self.promoters(),
            "passives": self.passives(),
            "detractors": self.detractors(),
            "scores": scores,
        })
    }
}

impl crate::codec::TextForm for NpsSummary {
    fn to_text(&self) -> String {
        // Written by hand so that "version" comes first.
        format!("{{\"version\":{},\"scores\":{}}}", <Self as Versioned>::VERSION, json!(self.counts))
    }

    fn from_text(text: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| nps_text_error(format!("invalid input syntax for type nps_summary: {e}")))?;
        let obj = value.as_object().ok_or_else(|| nps_text_error("nps_summary text must be a JSON object"))?;
        for k in obj.keys() {
            if !matches!(k.as_str(), "version" | "scores") {
                return Err(nps_text_error(format!("unknown key \"{k}\" in nps_summary")));
            }
        }
        match obj.get("version").and_then(Value::as_u64) {
            Some(v) if v >= 1 && v <= u64::from(<Self as Versioned>::VERSION) => {}
            _ => return Err(nps_text_error("nps_summary text needs \"version\": 1")),
        }
        let scores = obj
            .get("scores")
            .and_then(Value::as_array)
            .filter(|a| a.len() == 11)
            .ok_or_else(|| nps_text_error("\"scores\" must be an array of 11 counts (scores 0 to 10)"))?;
        let mut counts = [0u64; 11];
        for (c, v) in counts.iter_mut().zip(scores) {
            *c = v.as_u64().ok_or_else(|| nps_text_error("each entry of \"scores\" must be a non-negative integer"))?;
        }
        NpsSummary { counts }.checked()
    }
}

impl crate::codec::Summary for NpsSummary {
    fn combine(&mut self, other: &Self) -> Result<()> {
        self.merge(other)
    }
}

impl Versioned for NpsSummary {
    const TYPE_NAME: &'static str = "nps_summary";
    const VERSION: u8 = 1;

    fn encode_body(&self, w: &mut Writer) {
        self.counts.iter().for_each(|&c| w.varint(c));
    }

    fn decode_body(_version: u8, r: &mut Reader<'_>) -> Result<Self> {
        let mut counts = [0u64; 11];
        for c in counts.iter_mut() {
            *c = r.varint()?;
        }
        NpsSummary { counts }.checked().map_err(|e| Error::corrupted(e.message))
    }
}

/// Quantile of the standard normal distribution (Wichura 1988, algorithm AS 241,
/// PPND16: about 1e-16 relative accuracy) for 0 < p < 1.
pub fn normal_quantile(p: f64) -> f64 {
    fn poly(c: &[f64], x: f64) -> f64 {
        c.iter().rev().fold(0.0, |acc, &k| acc * x + k)
    }
    const A: [f64; 8] = [
        3.387_132_872_796_366_608,
        133.141_667_891_784_377_45,
        1_971.590_950_306_551_442_7,
        13_731.693_765_509_461_125,
        45_921.953_931_549_871_457,
        67_265.770_927_008_700_853,
        33_430.575_583_588_128_105,
        2_509.080_928_730_122_672_7,
    ];
    const B: [f64; 8] = [
        1.0,
        42.313_330_701_600_911_252,
        687.187_007_492_057_908_30,
        5_394.196_021_424_751_107_7,
        21_213.794_301_586_595_867,
        39_307.895_800_092_710_610,
        28_729.085_735_721_942_674,
        5_226.495_278_852_854_561_0,
    ];
    const C: [f64; 8] = [
        1.423_437_110_749_683_577_34,
        4.630_337_846_156_545_295_90,
        5.769_497_221_460_691_405_50,
        3.647_848_324_763_204_605_04,
        1.270_458_252_452_368_382_58,
        0.241_780_725_177_450_611_770,
        0.022_723_844_989_269_184_583_3,
        7.745_450_142_783_414_076_40e-4,
    ];
    const D: [f64; 8] = [
        1.0,
        2.053_191_626_637_758_821_87,
        1.676_384_830_183_803_849_40,
        0.689_767_334_985_100_004_550,
        0.148_103_976_427_480_074_590,
        0.015_198_666_563_616_457_196_6,
        5.475_938_084_995_344_946_00e-4,
        1.050_750_071_644_416_843_24e-9,
    ];
    const E: [f64; 8] = [
        6.657_904_643_501_103_777_20,
        5.463_784_911_164_114_369_90,
        1.784_826_539_917_291_335_80,
        0.296_560_571_828_504_891_230,
        0.026_532_189_526_576_123_093_0,
        0.001_242_660_947_388_078_438_60,
        2.711_555_568_743_487_578_15e-5,
        2.010_334_399_292_288_132_65e-7,
    ];
    const F: [f64; 8] = [
        1.0,
        0.599_832_206_555_887_937_690,
        0.136_929_880_922_735_805_310,
        0.014_875_361_290_850_614_852_5,
        7.868_691_311_456_132_591_00e-4,
        1.846_318_317_510_054_681_80e-5,
        1.421_511_758_316_445_888_70e-7,
        2.044_263_103_389_939_785_64e-15,
    ];
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180_625 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let r = if q < 0.0 { p } else { 1.0 - p };
    let r = (-r.ln()).sqrt();
    let value = if r <= 5.0 { poly(&C, r - 1.6) / poly(&D, r - 1.6) } else { poly(&E, r - 5.0) / poly(&F, r - 5.0) };
    if q < 0.0 {
        -value
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::TextForm;
    use crate::day;
    use proptest::prelude::*;

    fn nps_of(scores: &[i64]) -> NpsSummary {
        let mut s = NpsSummary::new();
        scores.iter().for_each(|&x| s.record(x).unwrap());
        s
    }

    #[test]
    fn normal_quantiles_match_published_values() {
        // Standard tables: z(0.975) = 1.959963984540054, z(0.95) = 1.6448536269514722,
        // z(0.995) = 2.5758293035489004, z(0.9999) = 3.719016485455709.
        for (p, z) in [
            (0.975, 1.959_963_984_540_054),
            (0.95, 1.644_853_626_951_472_2),
            (0.995, 2.575_829_303_548_900_4),
            (0.9999, 3.719_016_485_455_709),
            (0.5, 0.0),
            (0.8, 0.841_621_233_572_914_4),
            (1e-10, -6.361_340_902_404_056),
            (0.999_999_999, 5.997_807_019_601_638),
        ] {
            assert!((normal_quantile(p) - z).abs() < 1e-12, "{p}: {} vs {z}", normal_quantile(p));
        }
    }

    #[test]
    fn nps_by_hand() {
        // 10 answers: promoters 9,10,10,9 (4), passives 7,8 (2), detractors 0,5,6,6 (4).
        let s = nps_of(&[9, 10, 10, 9, 7, 8, 0, 5, 6, 6]);
        assert_eq!((s.promoters(), s.passives(), s.detractors(), s.responses()), (4, 2, 4, 10));
        assert_eq!(s.nps(), Some(0.0));
        // p = d = 0.4: variance = 0.8 - 0 = 0.8, se = sqrt(0.08) = 0.28284271,
        // margin(0.95) = 100 * 1.95996398 * 0.28284271 = 55.43615...
        let m = s.margin(0.95).unwrap().unwrap();
        assert!((m - 55.436_152_973_987_11).abs() < 1e-9, "{m}");
        // 3 promoters, 1 detractor of 4: NPS 50, variance = 1 - 0.25 = 0.75,
        // margin(0.90) = 100 * 1.644853627 * sqrt(0.75 / 4) = 71.22425...
        let t = nps_of(&[10, 9, 9, 3]);
        assert_eq!(t.nps(), Some(50.0));
        assert!((t.margin(0.9).unwrap().unwrap() - 71.224_251_322_347_36).abs() < 1e-9);
        assert_eq!(nps_of(&[10, 10]).margin(0.95).unwrap(), Some(0.0));
        assert_eq!(NpsSummary::new().nps(), None);
        assert_eq!(NpsSummary::new().margin(0.95).unwrap(), None);
        assert!(s.margin(1.0).is_err() && s.margin(0.0).is_err() && s.margin(f64::NAN).is_err());
        assert_eq!(NpsSummary::new().record(11).unwrap_err().kind, ErrorKind::InvalidParameter);
        assert!(NpsSummary::new().record(-1).is_err());
    }

    #[test]
    fn nps_text() {
        let s = nps_of(&[0, 7, 10, 10]);
        assert_eq!(s.to_text(), r#"{"version":1,"scores":[1,0,0,0,0,0,0,1,0,0,2]}"#);
        // 40 promoters, 30 passives, 30 detractors: exactly 10.
        let t = NpsSummary::from_text(r#"{"version":1,"scores":[0,0,0,30,0,0,0,30,0,0,40]}"#).unwrap();
        assert_eq!(t.nps(), Some(10.0));
        let huge = format!(r#"{{"version":1,"scores":[0,0,0,0,0,0,0,0,0,{},{}]}}"#, u64::MAX / 2, u64::MAX / 2);
        assert_eq!(NpsSummary::from_text(&huge).unwrap_err().kind, ErrorKind::InvalidText);
        let mut big =
            NpsSummary::from_text(r#"{"version":1,"scores":[0,0,0,0,0,0,0,0,0,0,9223372036854775807]}"#).unwrap();
        assert_eq!(big.responses(), i64::MAX as u64);
        assert_eq!(big.merge(&nps_of(&[10])).unwrap_err().kind, ErrorKind::NumericOutOfRange);
        assert_eq!(big.responses(), i64::MAX as u64);
        let mut bytes = NpsSummary::new().to_bytes();
        bytes.truncate(1);
        bytes.extend(std::iter::repeat_n([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], 2).flatten());
        bytes.extend([0u8; 9]);
        assert_eq!(NpsSummary::from_bytes(&bytes).unwrap_err().kind, ErrorKind::Corrupted);
        assert_eq!(NpsSummary::from_text(&s.to_text()).unwrap(), s);
        for bad in [
            "",
            "[]",
            r#"{"version":1}"#,
            r#"{"version":2,"scores":[0,0,0,0,0,0,0,0,0,0,0]}"#,
            r#"{"version":1,"scores":[0,0,0,0,0,0,0,0,0,0]}"#,
            r#"{"version":1,"scores":[0,0,0,0,0,0,0,0,0,0,-1]}"#,
            r#"{"version":1,"scores":[0,0,0,0,0,0,0,0,0,0,1.5]}"#,
            r#"{"version":1,"scores":[0,0,0,0,0,0,0,0,0,0,0],"n":0}"#,
        ] {
            assert_eq!(NpsSummary::from_text(bad).unwrap_err().kind, ErrorKind::InvalidText, "{bad}");
        }
        assert!(NpsSummary::from_bytes(&[1, 5]).is_err());
        assert!(NpsSummary::from_bytes(&[]).is_err());
    }

    #[test]
    fn seats_and_health() {
        assert_eq!(seat_utilization(3, 4).unwrap(), Some(0.75));
        assert_eq!(seat_utilization(5, 4).unwrap(), Some(1.25));
        assert_eq!(seat_utilization(0, 0).unwrap(), None);
        assert!(seat_utilization(-1, 4).is_err() && seat_utilization(1, -4).is_err());
        let w = DEFAULT_HEALTH_WEIGHTS;
        // 100 * (0.4 * 0.75 + 0.4 * 0.5 + 0.2 * 0.75) = 65
        assert!((account_health(0.75, 0.5, Some(0.5), &w).unwrap() - 65.0).abs() < 1e-12);
        // Over-utilization caps at 1, a missing trend is flat: 100 * (0.4 + 0 + 0.1) = 50
        assert!((account_health(1.5, 0.0, None, &w).unwrap() - 50.0).abs() < 1e-12);
        assert_eq!(account_health(0.0, 0.0, Some(-1.0), &w).unwrap(), 0.0);
        assert_eq!(account_health(1.0, 1.0, Some(3.0), &w).unwrap(), 100.0);
        assert_eq!(account_health(1.0, 0.0, None, &[1.0, 0.0, 0.0]).unwrap(), 100.0);
        assert!(account_health(f64::NAN, 0.5, None, &w).is_err());
        assert!(account_health(0.5, 1.5, None, &w).is_err());
        assert!(account_health(0.5, 0.5, Some(-2.0), &w).is_err());
        assert_eq!(account_health(0.5, 0.5, None, &[1.0]).unwrap_err().kind, ErrorKind::ArrayMismatch);
        assert!(account_health(0.5, 0.5, None, &[0.0, 0.0, 0.0]).is_err());
        assert!(account_health(0.5, 0.5, None, &[-1.0, 1.0, 1.0]).is_err());
        assert_eq!(health_class(39.9, &DEFAULT_HEALTH_CUTS).unwrap(), "at_risk");
        assert_eq!(health_class(40.0, &DEFAULT_HEALTH_CUTS).unwrap(), "watch");
        assert_eq!(health_class(70.0, &DEFAULT_HEALTH_CUTS).unwrap(), "healthy");
        assert!(health_class(50.0, &[70.0, 40.0]).is_err());
        let e = health_class(50.0, &[10.0]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::ArrayMismatch);
        assert_eq!(e.message, "account_health_class needs 2 cuts, got 1");
        assert!(!e.message.contains("label") && !e.hint.contains("label"));
    }

    #[test]
    fn health_of_an_account_summary() {
        let as_of = day::parse("2024-03-31").unwrap();
        let mut s = UsageSummary::new();
        // Recent 28 days: 14 active days; earlier 28: 7 -> trend +1, frequency 0.5.
        for i in 0..14 {
            s.record(as_of - 2 * i, 1.0, None).unwrap();
        }
        for i in 0..7 {
            s.record(as_of - 28 - 4 * i, 1.0, None).unwrap();
        }
        assert!(is_active(&s, as_of, 1).unwrap());
        assert!(!is_active(&s, as_of - 1, 1).unwrap());
        assert!(is_active(&s, as_of, 0).is_err());
        // utilization 6/8: 100 * (0.4 * 0.75 + 0.4 * 0.5 + 0.2 * 1) = 70
        let h = account_health_of(&s, 6, 8, as_of).unwrap().unwrap();
        assert!((h - 70.0).abs() < 1e-12, "{h}");
        assert_eq!(account_health_of(&s, 6, 0, as_of).unwrap(), None);
    }

    proptest! {
        #[test]
        fn nps_merge_and_codec(a in prop::collection::vec(0i64..=10, 0..50), b in prop::collection::vec(0i64..=10, 0..50)) {
            let (sa, sb) = (nps_of(&a), nps_of(&b));
            let mut ab = sa.clone(); ab.merge(&sb).unwrap();
            let mut ba = sb.clone(); ba.merge(&sa).unwrap();
            prop_assert_eq!(&ab, &ba);
            let all: Vec<i64> = a.iter().chain(&b).copied().collect();
            prop_assert_eq!(&ab, &nps_of(&all));
            prop_assert_eq!(NpsSummary::from_bytes(&ab.to_bytes()).unwrap(), ab.clone());
            prop_assert_eq!(NpsSummary::from_text(&ab.to_text()).unwrap(), ab.clone());
            if let Some(n) = ab.nps() {
                prop_assert!((-100.0..=100.0).contains(&n));
                // Margin from the explicit +1/0/-1 scores' population variance.
                let xs: Vec<f64> = all.iter().map(|&x| if x >= 9 { 1.0 } else if x >= 7 { 0.0 } else { -1.0 }).collect();
                let mean = xs.iter().sum::<f64>() / xs.len() as f64;
                let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
                let want = 100.0 * 1.959_963_984_540_054 * (var / xs.len() as f64).sqrt();
                prop_assert!((ab.margin(0.95).unwrap().unwrap() - want).abs() < 1e-9);
            }
        }

        #[test]
        fn corrupt_nps_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..30)) {
            let _ = NpsSummary::from_bytes(&bytes);
        }
    }
}
