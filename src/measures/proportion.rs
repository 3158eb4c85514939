//! A proportion with its 95% Wilson interval, and the comparison of two proportions:
//! the exact change, the exact p-value of the two-proportion z-test, and the one
//! decision on significance and direction that every output renders (DESIGN.md,
//! Definitions: What a sentence or chart title may claim).

use std::cmp::Ordering;

use crate::measures::stats::{is_significant, two_proportion_p_value, wilson_interval};

/// `numerator / denominator`, exactly (rendered by `publish::format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    pub numerator: i128,
    pub denominator: i128,
}

/// `k` of `n` (`n > 0`), with its 95% Wilson score interval as proportions (0..1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Proportion {
    pub k: u64,
    pub n: u64,
    pub lower: f64,
    pub upper: f64,
}

impl Proportion {
    /// `None` when there is nothing to divide by.
    pub fn new(k: u64, n: u64) -> Option<Proportion> {
        (n > 0 && k <= n).then(|| {
            let (lower, upper) = wilson_interval(k, n);
            Proportion { k, n, lower, upper }
        })
    }

    pub fn fraction(&self) -> Fraction {
        Fraction {
            numerator: i128::from(self.k),
            denominator: i128::from(self.n),
        }
    }

    /// Compares the two rates exactly (`k n'` against `k' n`).
    pub fn cmp_rate(&self, other: &Proportion) -> Ordering {
        (u128::from(self.k) * u128::from(other.n)).cmp(&(u128::from(other.k) * u128::from(self.n)))
    }
}

/// Which way a value moved, from the exact counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Level,
}

/// One proportion against another (a year earlier, or the rest of its group).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    pub current: Proportion,
    pub previous: Proportion,
    /// `current - previous` as a proportion, exactly.
    pub change: Fraction,
    /// 95% interval of the change (proportions), Newcombe's hybrid score method from the
    /// two Wilson intervals.
    pub change_lower: f64,
    pub change_upper: f64,
    /// Two-sided p-value of the pooled two-proportion z-test; `None` where it is
    /// undefined (both rates 0, or both 100%).
    pub p_value: Option<f64>,
    /// The one decision: significant at the 5% level, from the exact p-value.
    pub significant: bool,
    pub direction: Direction,
}

impl Comparison {
    pub fn of(current: Proportion, previous: Proportion) -> Comparison {
        let (k1, n1, k0, n0) = (current.k, current.n, previous.k, previous.n);
        let numerator = i128::from(k1) * i128::from(n0) - i128::from(k0) * i128::from(n1);
        let p_value = two_proportion_p_value(k1, n1, k0, n0);
        let (p1, p0) = (k1 as f64 / n1 as f64, k0 as f64 / n0 as f64);
        let d = p1 - p0;
        // Newcombe (1998), method 10.
        let change_lower =
            d - ((p1 - current.lower).powi(2) + (previous.upper - p0).powi(2)).sqrt();
        let change_upper =
            d + ((current.upper - p1).powi(2) + (p0 - previous.lower).powi(2)).sqrt();
        Comparison {
            change_lower,
            change_upper,
            current,
            previous,
            change: Fraction {
                numerator,
                denominator: i128::from(n1) * i128::from(n0),
            },
            p_value,
            significant: is_significant(p_value),
            direction: match numerator.cmp(&0) {
                Ordering::Greater => Direction::Up,
                Ordering::Less => Direction::Down,
                Ordering::Equal => Direction::Level,
            },
        }
    }

    /// A significant rise.
    pub fn rose(&self) -> bool {
        self.significant && self.direction == Direction::Up
    }

    /// A significant fall.
    pub fn fell(&self) -> bool {
        self.significant && self.direction == Direction::Down
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_and_change_come_from_the_exact_counts() {
        // 1 of 3 against 33 of 100: 33.3% and 33.0% both round to 33 per cent, but the
        // change is up, (100 - 99) / 300 exactly.
        let c = Comparison::of(
            Proportion::new(1, 3).unwrap(),
            Proportion::new(33, 100).unwrap(),
        );
        assert_eq!(c.direction, Direction::Up);
        assert_eq!(
            c.change,
            Fraction {
                numerator: 1,
                denominator: 300
            }
        );
        assert!(!c.significant && !c.rose() && !c.fell());
    }

    #[test]
    fn significance_is_decided_on_the_exact_p_value() {
        // 30/100 against 20/100: p = 0.1025 (statsmodels), not significant.
        let c = Comparison::of(
            Proportion::new(30, 100).unwrap(),
            Proportion::new(20, 100).unwrap(),
        );
        assert!(!c.significant);
        // 60/100 against 40/100: p = 0.0047, a significant rise.
        let c = Comparison::of(
            Proportion::new(60, 100).unwrap(),
            Proportion::new(40, 100).unwrap(),
        );
        assert!(c.rose());
    }

    /// Newcombe (1998), "Interval estimation for the difference between independent
    /// proportions", Statistics in Medicine 17:873-890, Table II, method 10: 56/70 - 48/80
    /// = 0.2000, 95% interval 0.0524 to 0.3339; 9/10 - 3/10 = 0.6, 0.1705 to 0.8090.
    #[test]
    fn change_interval_matches_newcombe_1998() {
        let close = |a: f64, b: f64| (a - b).abs() < 5e-5;
        let c = Comparison::of(
            Proportion::new(56, 70).unwrap(),
            Proportion::new(48, 80).unwrap(),
        );
        assert!(
            close(c.change_lower, 0.0524) && close(c.change_upper, 0.3339),
            "{c:?}"
        );
        let c = Comparison::of(
            Proportion::new(9, 10).unwrap(),
            Proportion::new(3, 10).unwrap(),
        );
        assert!(
            close(c.change_lower, 0.1705) && close(c.change_upper, 0.8090),
            "{c:?}"
        );
    }

    #[test]
    fn nothing_to_divide_by_is_no_proportion() {
        assert_eq!(Proportion::new(0, 0), None);
        assert_eq!(Proportion::new(3, 2), None);
    }
}
