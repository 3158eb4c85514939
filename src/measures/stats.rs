//! The two small statistics slm computes by hand (DESIGN.md, Definitions): the Wilson
//! score interval for a proportion and the pooled two-proportion z-test. Inputs are
//! integer counts; results are proportions (0..1) and a two-sided p-value.

/// The 97.5th percentile of the standard normal distribution.
pub const Z_95: f64 = 1.959_963_984_540_054;

/// Wilson score interval, 95%, for `k` successes in `n` trials (`n > 0`).
pub fn wilson_interval(k: u64, n: u64) -> (f64, f64) {
    assert!(
        n > 0 && k <= n,
        "wilson_interval needs 0 <= k <= n and n > 0"
    );
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z_95 * Z_95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z_95 / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// Wilson score interval, 95%, for an estimated proportion `p` on an effective sample
/// size `n` (`n > 0`, not necessarily whole: a weighted survey's Kish effective size).
pub fn wilson_interval_effective(p: f64, n: f64) -> (f64, f64) {
    assert!(
        n > 0.0 && (0.0..=1.0).contains(&p),
        "wilson_interval_effective needs 0 <= p <= 1 and n > 0"
    );
    let z2 = Z_95 * Z_95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z_95 / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// Two-sided p-value of the pooled two-proportion z-test of estimated proportions `p1`
/// and `p0` on effective sample sizes `n1` and `n0` (weighted survey rates); `None`
/// where both are 0 or both 1 (no variance: the test is undefined).
pub fn two_proportion_p_value_effective(p1: f64, n1: f64, p0: f64, n0: f64) -> Option<f64> {
    assert!(
        n1 > 0.0 && n0 > 0.0,
        "two_proportion_p_value_effective needs both sizes above 0"
    );
    let pooled = (p1 * n1 + p0 * n0) / (n1 + n0);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n0)).sqrt();
    if se == 0.0 {
        return None;
    }
    Some(libm::erfc(
        ((p1 - p0) / se).abs() / std::f64::consts::SQRT_2,
    ))
}

/// Two-sided p-value of the pooled two-proportion z-test of `k1/n1` against `k0/n0`.
/// Where the pooled proportion is 0 or 1 there is no variance and the test is undefined:
/// `None` (published as not applicable, never as 1).
pub fn two_proportion_p_value(k1: u64, n1: u64, k0: u64, n0: u64) -> Option<f64> {
    assert!(
        n1 > 0 && n0 > 0,
        "two_proportion_p_value needs both bases above 0"
    );
    let (k1, n1, k0, n0) = (k1 as f64, n1 as f64, k0 as f64, n0 as f64);
    let pooled = (k1 + k0) / (n1 + n0);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n0)).sqrt();
    if se == 0.0 {
        return None;
    }
    let z = (k1 / n1 - k0 / n0) / se;
    Some(libm::erfc(z.abs() / std::f64::consts::SQRT_2))
}

/// A p-value below this is significant (the 5% level).
pub const SIGNIFICANCE_LEVEL: f64 = 0.05;

/// Significant at the 5% level; an undefined test never is.
pub fn is_significant(p_value: Option<f64>) -> bool {
    p_value.is_some_and(|p| p < SIGNIFICANCE_LEVEL)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() < tol
    }

    /// Newcombe (1998), "Two-sided confidence intervals for the single proportion",
    /// Statistics in Medicine 17:857-872, Table I, method 3 (score, no continuity
    /// correction); the same values as statsmodels `proportion_confint(method="wilson")`.
    #[test]
    fn wilson_matches_newcombe_1998() {
        for (k, n, lo, hi) in [
            (81, 263, 0.2553, 0.3662),
            (15, 148, 0.0624, 0.1605),
            (0, 20, 0.0000, 0.1611),
            (1, 29, 0.0061, 0.1718),
        ] {
            let (l, h) = wilson_interval(k, n);
            assert!(close(l, lo, 5e-5) && close(h, hi, 5e-5), "{k}/{n}: {l} {h}");
        }
        // statsmodels 0.14 to full precision.
        let (l, h) = wilson_interval(33, 100);
        assert!(close(l, 0.2456312273412803, 1e-12) && close(h, 0.42694656204909476, 1e-12));
    }

    /// statsmodels `proportions_ztest(count, nobs)` (pooled, two-sided).
    #[test]
    fn z_test_matches_statsmodels() {
        for (k1, n1, k0, n0, p) in [
            (30, 100, 20, 100, 0.10247043485974941),
            (83, 86, 90, 93, 0.9223200957342691),
            (340, 1000, 330, 1000, 0.6356762073410929),
            (33, 100, 34, 100, 0.8809115333773387),
        ] {
            let got = two_proportion_p_value(k1, n1, k0, n0).unwrap();
            assert!(close(got, p, 1e-9), "{k1}/{n1} vs {k0}/{n0}: {got}");
        }
        // No variance (0 of 10 against 0 of 20; 100% against 100%): undefined, and
        // statsmodels gives nan.
        assert_eq!(two_proportion_p_value(0, 10, 0, 20), None);
        assert_eq!(two_proportion_p_value(10, 10, 20, 20), None);
        assert!(!is_significant(None));
        // z = 1.959964 is the 5% two-sided critical value.
        assert!(close(
            libm::erfc(Z_95 / std::f64::consts::SQRT_2),
            0.05,
            1e-12
        ));
    }

    /// With whole sizes the effective-size forms are the integer ones.
    #[test]
    fn effective_forms_agree_with_the_counted_ones() {
        let (l, h) = wilson_interval(33, 100);
        let (le, he) = wilson_interval_effective(0.33, 100.0);
        assert!(close(l, le, 1e-12) && close(h, he, 1e-12));
        let p = two_proportion_p_value(30, 100, 20, 100).unwrap();
        assert!(close(
            p,
            two_proportion_p_value_effective(0.3, 100.0, 0.2, 100.0).unwrap(),
            1e-12
        ));
        assert_eq!(two_proportion_p_value_effective(0.0, 5.5, 0.0, 7.25), None);
    }

    proptest! {
        #[test]
        fn wilson_contains_the_estimate(n in 1u64..5000, frac in 0.0f64..=1.0) {
            let k = (frac * n as f64).floor() as u64;
            let (lo, hi) = wilson_interval(k, n);
            let p = k as f64 / n as f64;
            prop_assert!(0.0 <= lo && lo <= p + 1e-12 && p <= hi + 1e-12 && hi <= 1.0);
        }

        #[test]
        fn p_value_is_a_probability_and_symmetric(
            n1 in 1u64..2000, n0 in 1u64..2000, a in 0.0f64..=1.0, b in 0.0f64..=1.0
        ) {
            let (k1, k0) = ((a * n1 as f64) as u64, (b * n0 as f64) as u64);
            let p = two_proportion_p_value(k1, n1, k0, n0);
            let q = two_proportion_p_value(k0, n0, k1, n1);
            // Undefined exactly when there is no variance, and symmetric.
            let pooled_is_0_or_1 = k1 + k0 == 0 || k1 + k0 == n1 + n0;
            prop_assert_eq!(p.is_none(), pooled_is_0_or_1);
            prop_assert_eq!(p.is_none(), q.is_none());
            if let (Some(p), Some(q)) = (p, q) {
                prop_assert!((0.0..=1.0).contains(&p));
                prop_assert!((p - q).abs() < 1e-12);
            }
        }
    }
}
