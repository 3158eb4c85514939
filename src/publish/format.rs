//! The one place numbers become text (DESIGN.md, Definitions: Rounding): half up (away
//! from zero), at output only. Rates of integer counts are rounded exactly, in integer
//! arithmetic; other values (interval bounds, p-values) through their shortest exact
//! decimal expansion, so that 12.25 -> 12.3 and 0.05 -> 0.1 as a reader expects.

/// A number rounded for output: `units` of `10^-dp`. Its text and its value are the
/// same number: the value is the double nearest the decimal the text shows (an exact
/// integer divided by an exact power of ten is correctly rounded), so a chart or a
/// spreadsheet holding it shows what the table says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixed {
    pub units: i128,
    pub dp: u32,
}

impl Fixed {
    pub fn text(self) -> String {
        let mut out = String::new();
        self.write_to(&mut out);
        out
    }

    /// Appends the text to `out`.
    pub fn write_to(self, out: &mut String) {
        use std::fmt::Write;
        let scale = 10i128.pow(self.dp);
        // No `-0`: units of 0 have no sign.
        let sign = if self.units < 0 { "-" } else { "" };
        let (int, frac) = (self.units.abs() / scale, self.units.abs() % scale);
        let written = if self.dp == 0 {
            write!(out, "{sign}{int}")
        } else {
            write!(out, "{sign}{int}.{frac:0width$}", width = self.dp as usize)
        };
        written.expect("writing to a String");
    }

    pub fn value(self) -> f64 {
        self.units as f64 / 10f64.powi(self.dp as i32)
    }

    /// The value divided by 100 (a percentage as the fraction a spreadsheet stores),
    /// the double nearest the decimal shown.
    pub fn hundredths(self) -> f64 {
        self.units as f64 / 10f64.powi(self.dp as i32 + 2)
    }
}

/// `numerator / denominator * 100` rounded half up to `dp` places, exactly.
pub fn percent(numerator: i128, denominator: i128, dp: u32) -> String {
    percent_fixed(numerator, denominator, dp).text()
}

pub fn percent_fixed(numerator: i128, denominator: i128, dp: u32) -> Fixed {
    ratio_fixed(numerator * 100, denominator, dp)
}

/// `numerator / denominator` rounded half up (away from zero) to `dp` places, exactly.
pub fn ratio(numerator: i128, denominator: i128, dp: u32) -> String {
    ratio_fixed(numerator, denominator, dp).text()
}

pub fn ratio_fixed(numerator: i128, denominator: i128, dp: u32) -> Fixed {
    assert!(denominator > 0, "ratio needs a positive denominator");
    let scale = 10i128.pow(dp);
    let negative = numerator < 0;
    let scaled = numerator.abs() * scale;
    // floor(x + 1/2) on the absolute value: half away from zero.
    let units = (2 * scaled + denominator) / (2 * denominator);
    Fixed {
        units: if negative { -units } else { units },
        dp,
    }
}

/// A float rounded half up (away from zero) to `dp` places.
pub fn decimal(value: f64, dp: u32) -> String {
    decimal_fixed(value, dp).text()
}

pub fn decimal_fixed(value: f64, dp: u32) -> Fixed {
    assert!(value.is_finite(), "decimal needs a finite value");
    // 17 significant digits reproduce the f64 exactly; rounding is then done on the
    // decimal digits a reader would see, with 12 extra places deciding the half.
    let extra = 12u32;
    let text = format!("{:.*}", (dp + extra) as usize, value.abs());
    let digits: i128 = text.replace('.', "").parse().expect("formatted digits");
    let unit = 10i128.pow(extra);
    let units = (digits + unit / 2) / unit;
    Fixed {
        units: if value < 0.0 { -units } else { units },
        dp,
    }
}

/// A whole number with thousands separators, for sentences: 12,345.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn half_up() {
        assert_eq!(decimal(12.25, 1), "12.3");
        assert_eq!(decimal(0.05, 1), "0.1");
        assert_eq!(decimal(1.005, 2), "1.01");
        assert_eq!(decimal(-2.25, 1), "-2.3");
        assert_eq!(decimal(-0.04, 1), "0.0");
        assert_eq!(decimal(42.0, 0), "42");
        assert_eq!(percent(49, 400, 1), "12.3"); // 12.25%
        assert_eq!(percent(1, 8, 0), "13"); // 12.5%
        assert_eq!(percent(1, 3, 1), "33.3");
        assert_eq!(percent(2, 3, 1), "66.7");
        assert_eq!(ratio(-1, 8, 2), "-0.13");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }

    proptest! {
        /// The value of a rounded number is the double its text parses to, so charts
        /// and the spreadsheet hold exactly what the tables say.
        #[test]
        fn a_fixed_value_is_its_text_parsed(k in 0i128..1_000_000, n in 1i128..1_000_000, dp in 0u32..5) {
            let f = percent_fixed(k, n, dp);
            prop_assert_eq!(f.value(), f.text().parse::<f64>().unwrap());
            prop_assert_eq!(f.hundredths(), format!("{}e-2", f.text()).parse::<f64>().unwrap());
        }

        #[test]
        fn exact_percent_is_within_half_a_unit(k in 0i128..100_000, n in 1i128..100_000) {
            let shown: f64 = percent(k, n, 1).parse().unwrap();
            let exact = k as f64 * 100.0 / n as f64;
            prop_assert!((shown - exact).abs() <= 0.05 + 1e-9);
        }

        #[test]
        fn decimal_agrees_with_exact_percent(k in 0i128..10_000, n in 1i128..10_000) {
            // Both round the same exact value unless it sits within 1e-12 of a half.
            let v = k as f64 * 100.0 / n as f64;
            prop_assert_eq!(decimal(v, 1), percent(k, n, 1));
        }

        #[test]
        fn decimal_is_symmetric(v in -1.0e6f64..1.0e6) {
            let negated = |s: String| match s.strip_prefix('-') {
                Some(rest) => rest.to_string(),
                None if s.bytes().all(|b| b == b'0' || b == b'.') => s,
                None => format!("-{s}"),
            };
            prop_assert_eq!(decimal(-v, 1), negated(decimal(v, 1)));
        }
    }
}
