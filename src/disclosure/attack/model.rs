//! What the attacker is given and what it learns: the cells (`CellRef`), the relations
//! their counts obey, the targets it must bound (`Target`, with what containing groups
//! already say), and what it learned of each (`Learned`).

use super::super::lp::{Row, Terms};

/// A cell of a workforce table: what suppression hides or shows as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CellRef {
    /// An index into the retention cells.
    Retention(usize),
    /// An index into the survival cohort groups (one cohort, country and phase: every
    /// years-after row of it).
    Survival(usize),
}

/// A relation of the published tables, with the published cells whose values were
/// moved into its right-hand side.
#[derive(Debug, Clone)]
pub struct Relation {
    pub row: Row,
    pub published: Vec<CellRef>,
    /// A cross-table identity (heads = stayed + new heads): it links blocks that are
    /// otherwise independent.
    pub link: bool,
}

/// What is audited of a withheld cell.
#[derive(Debug, Clone)]
pub enum Quantity {
    /// A count: `terms + constant`; at least 1 when `positive` is set (a cell with a
    /// row has at least one person) and, with `positive_unless`, at least 1 whenever
    /// those other counts of the cell can only be 0.
    Count {
        terms: Terms,
        constant: f64,
        positive: bool,
        positive_unless: Option<Terms>,
    },
    /// A percentage `num / den` with `den` at least 1.
    Percent { num: Terms, den: Terms },
}

#[derive(Debug, Clone)]
pub struct Target {
    pub cell: CellRef,
    /// The column it is published in.
    pub column: &'static str,
    pub quantity: Quantity,
    /// What the published groups containing the cell already say about it.
    pub inherited: Inherited,
}

/// What the published groups that contain a withheld cell (its totals over phase, post
/// and geography, at any level) already say about it. Withholding the cell cannot hide
/// it better than that: if 2 of a region's leaders left, each of its LAs lost at most 2,
/// and if a region kept 100%, so did every LA in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inherited {
    Nothing,
    /// A count can take at most this many values (0 to the smallest containing count,
    /// or 1 to it for a count of people in post).
    Values(u64),
    /// A percentage is this (in tenths of a per cent: 0 or 1000) in a containing group.
    Pinned(i64),
}

impl Target {
    /// Whether what the attacker learns meets the rule: at least `protection` possible
    /// values for a count, or every value its published containing groups allow when
    /// they allow fewer; a percentage not pinned to one published value, unless a
    /// containing group publishes that same value (0% or 100%).
    pub fn protected(&self, learned: &Learned, protection: u32) -> bool {
        match (learned, self.inherited) {
            (Learned::Count { .. }, Inherited::Values(allowed)) => {
                let needed = u64::from(protection).min(allowed);
                learned.values().is_none_or(|v| v >= needed)
            }
            (Learned::Percent { low, .. }, Inherited::Pinned(p)) => {
                learned.protected(protection) || published_percent(*low) == p
            }
            _ => learned.protected(protection),
        }
    }
}

/// The attacker's knowledge: variables (withheld counts) with their true values, the
/// relations, and what is to be audited.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub truth: Vec<f64>,
    pub relations: Vec<Relation>,
    pub targets: Vec<Target>,
}

/// What the attacker learns about one target.
#[derive(Debug, Clone, PartialEq)]
pub enum Learned {
    /// A count is a whole number from `low` to `high` (`None`: no limit); `exact` when
    /// both ends are the attacker's optima, otherwise the range is one the attacker can
    /// certainly reach and the true one may be wider.
    Count {
        low: u64,
        high: Option<u64>,
        exact: bool,
    },
    /// A percentage lies between `low` and `high` (fractions, not per cent).
    Percent { low: f64, high: f64 },
    /// The solver failed: counted as unprotected.
    Unsolved(String),
}

impl Learned {
    /// How many values a count can take (`None`: unlimited).
    pub fn values(&self) -> Option<u64> {
        match self {
            Learned::Count { low, high, .. } => high.map(|h| h.saturating_sub(*low) + 1),
            _ => None,
        }
    }

    /// What the attacker learns, in words: `from 2 to 4 (3 possible values)`.
    pub fn describe(&self) -> String {
        match self {
            Learned::Count {
                low, high: None, ..
            } => format!("at least {low} (no upper limit)"),
            Learned::Count {
                low, high: Some(h), ..
            } if low == h => {
                format!("worked out exactly: {low}")
            }
            Learned::Count {
                low,
                high: Some(h),
                exact,
            } => format!(
                "from {low} to {h} ({}{} possible values)",
                if *exact { "" } else { "at least " },
                h - low + 1
            ),
            Learned::Percent { low, high } => {
                let (l, h) = (published_percent(*low), published_percent(*high));
                if l == h {
                    format!("pinned to {:.1}%", l as f64 / 10.0)
                } else {
                    format!("from {:.1}% to {:.1}%", l as f64 / 10.0, h as f64 / 10.0)
                }
            }
            Learned::Unsolved(why) => format!("not solved ({why}); counted as unprotected"),
        }
    }

    /// Whether it meets the rule: a count has at least `protection` possible values; a
    /// percentage is not pinned to one published (1 decimal place) value.
    pub fn protected(&self, protection: u32) -> bool {
        match self {
            Learned::Count { high: None, .. } => true,
            Learned::Count { .. } => self.values().unwrap_or(u64::MAX) >= u64::from(protection),
            Learned::Percent { low, high } => published_percent(*low) != published_percent(*high),
            Learned::Unsolved(_) => false,
        }
    }
}

/// A fraction as published: per cent to 1 decimal place, half up, in tenths.
fn published_percent(f: f64) -> i64 {
    (f * 1000.0 + 0.5 + 1e-9).floor() as i64
}

/// The audit of one model: what the attacker learns about each target, and its sizes.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    pub learned: Vec<Learned>,
    /// Withheld counts (variables); the blocks they are solved in (linked by the
    /// families); and the largest component all the relations, the cross-table
    /// identities included, join them into.
    pub variables: usize,
    pub blocks: usize,
    pub largest_component: usize,
}

impl Audit {
    /// Indices of the targets of `model` that break the rule.
    pub fn failures(&self, model: &Model, protection: u32) -> Vec<usize> {
        (0..self.learned.len())
            .filter(|&i| !model.targets[i].protected(&self.learned[i], protection))
            .collect()
    }
}
