//! Unit economics: CAC, CAC payback, CLTV and the LTV:CAC ratio.
//!
//! Money-valued results (CAC, CLTV) are computed by the SQL layer with
//! PostgreSQL's numeric arithmetic after these checks; ratios are float8.
//! A zero denominator is answered with `None` (SQL NULL): no new customers
//! means no CAC, zero churn means an unbounded lifetime, zero margin or ARPA
//! means CAC is never paid back. Negative or non-finite inputs are errors.

use crate::{Error, Result};

fn check_finite(name: &str, v: f64) -> Result<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(Error::invalid_data(
            format!("{name} must be a finite number, got {v}"),
            format!("Filter out NaN and infinite {name} values."),
        ))
    }
}

/// A money input that must not be negative (spend, ARPA, CAC, LTV).
pub fn check_money(name: &str, v: f64) -> Result<f64> {
    check_finite(name, v)?;
    if v < 0.0 {
        return Err(Error::invalid_parameter(
            format!("{name} must not be negative, got {v}"),
            format!("Pass {name} as a positive amount of money."),
        ));
    }
    Ok(v)
}

/// A fraction in [0, 1] (gross margin, monthly churn rate).
pub fn check_fraction(name: &str, v: f64) -> Result<f64> {
    check_finite(name, v)?;
    if !(0.0..=1.0).contains(&v) {
        return Err(Error::invalid_parameter(
            format!("{name} must be a fraction between 0 and 1, got {v}"),
            format!("Write percentages as fractions: 80% is 0.8 (pass {name} / 100 if it is a percentage)."),
        ));
    }
    Ok(v)
}

/// Whether CAC = spend / new_customers is defined (`false`: no customers, NULL).
pub fn cac_defined(spend: f64, new_customers: i64) -> Result<bool> {
    check_money("spend", spend)?;
    if new_customers < 0 {
        return Err(Error::invalid_parameter(
            format!("new_customers must not be negative, got {new_customers}"),
            "Count the customers acquired in the period the spend covers.",
        ));
    }
    Ok(new_customers > 0)
}

/// Whether CLTV = ARPA * gross_margin / monthly_churn_rate is defined (`false`: zero churn, NULL).
pub fn cltv_defined(arpa: f64, gross_margin: f64, monthly_churn_rate: f64) -> Result<bool> {
    check_money("arpa", arpa)?;
    check_fraction("gross_margin", gross_margin)?;
    Ok(check_fraction("monthly_churn_rate", monthly_churn_rate)? > 0.0)
}

/// CLTV in float8 (for the ratio): ARPA * gross margin / monthly churn.
pub fn cltv(arpa: f64, gross_margin: f64, monthly_churn_rate: f64) -> Result<Option<f64>> {
    Ok(cltv_defined(arpa, gross_margin, monthly_churn_rate)?.then(|| arpa * gross_margin / monthly_churn_rate))
}

/// Months of gross-margin-adjusted ARPA needed to earn back CAC.
pub fn cac_payback_months(cac: f64, arpa: f64, gross_margin: f64) -> Result<Option<f64>> {
    check_money("cac", cac)?;
    check_money("arpa", arpa)?;
    let margin = check_fraction("gross_margin", gross_margin)? * arpa;
    Ok((margin > 0.0).then(|| cac / margin))
}

/// LTV / CAC; `None` when CAC is zero.
pub fn ltv_cac_ratio(ltv: f64, cac: f64) -> Result<Option<f64>> {
    check_money("ltv", ltv)?;
    check_money("cac", cac)?;
    Ok((cac > 0.0).then(|| ltv / cac))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textbook_values_and_zero_denominators() {
        // ARPA 100 at 80% margin, 5% monthly churn: lifetime 20 months, CLTV 1600.
        assert!((cltv(100.0, 0.8, 0.05).unwrap().unwrap() - 1600.0).abs() < 1e-9);
        assert_eq!(cltv(100.0, 0.8, 0.0).unwrap(), None);
        // CAC 1200 paid back at 80 a month: 15 months.
        assert_eq!(cac_payback_months(1200.0, 100.0, 0.8).unwrap(), Some(1200.0 / (100.0 * 0.8)));
        assert_eq!(cac_payback_months(1200.0, 0.0, 0.8).unwrap(), None);
        assert_eq!(cac_payback_months(1200.0, 100.0, 0.0).unwrap(), None);
        assert_eq!(ltv_cac_ratio(1600.0, 400.0).unwrap(), Some(4.0));
        assert_eq!(ltv_cac_ratio(1600.0, 0.0).unwrap(), None);
        assert!(!cac_defined(1000.0, 0).unwrap() && cac_defined(1000.0, 4).unwrap());
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(cltv(100.0, 80.0, 0.05).is_err());
        assert!(cltv(100.0, 0.8, -0.1).is_err());
        assert!(cltv(-1.0, 0.8, 0.1).is_err());
        assert!(cltv(f64::NAN, 0.8, 0.1).is_err());
        assert!(cac_defined(-5.0, 3).is_err());
        assert!(cac_defined(5.0, -3).is_err());
        assert!(ltv_cac_ratio(f64::INFINITY, 1.0).is_err());
        assert_eq!(cac_payback_months(1.0, 1.0, 1.5).unwrap_err().kind, crate::ErrorKind::InvalidParameter);
    }
}
