//! What a sentence or chart title may claim (DESIGN.md, Definitions: What a sentence or
//! chart title may claim), decided once from the disclosed cells and rendered by every
//! output. Pure: no I/O. Only rates that may be published (not `u`) are ever claimed.
//!
//! - A change is a rise or a fall only when significant; otherwise both values are
//!   given and the change is called not significant ("little changed" only when it is
//!   also under 2 percentage points). A provisional rate is a lower bound, so a
//!   provisional year below a final one is never called a fall.
//! - A record ("the highest in the series", "the highest since 2006/07") only when the
//!   rate differs significantly from the previous extreme it beats.
//! - An item of a group (a region, a religious character, a phase) is "the highest" only
//!   when its rate is significantly above the rest of the group pooled, Bonferroni-
//!   adjusted for the number of items the top was picked from; ties are never broken.

use std::collections::BTreeSet;

use crate::disclosure::{ChangeRow, RateCell, RetentionRow};
use crate::domain::{
    Country, Geography, Item, Phase, RecruitmentYear, Region, ReligiousCharacter, Role,
};
use crate::measures::projection::Projection;
use crate::measures::proportion::{Comparison, Proportion};
use crate::measures::stats::is_significant;
use crate::measures::unfilled::UnfilledKey;

/// Changes under this many percentage points may be called "little changed" when they
/// are not significant.
pub const LITTLE_CHANGE_PP: i128 = 2;

/// A figure on fewer posts or people than this is quoted with its base and 95%
/// confidence interval (DESIGN.md, claims rule).
pub const SMALL_BASE: u64 = 50;

/// Fewer years back than this is not news: "the highest since" needs at least two
/// years in between.
pub const RECORD_MIN_YEARS: i32 = 3;

/// How a change on the previous year may be worded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeClaim {
    /// Significant, up.
    Rose,
    /// Significant, down (both years final).
    Fell,
    /// Not significant and under 2 percentage points.
    LittleChanged,
    /// Not significant, 2 points or more: both values are given.
    NotSignificant,
    /// The current year is provisional and its projected rate's interval lies wholly
    /// above the previous rate.
    ProjectedHigher,
    /// As `ProjectedHigher`, wholly below.
    ProjectedLower,
    /// The current year is provisional and its projected rate's interval holds the
    /// previous rate (or there is nothing to project from): no direction may be given.
    ProvisionalNotDifferent,
}

impl ChangeClaim {
    /// The wording of `c`. In a provisional year the observed rate is a lower bound, so
    /// the direction comes from the `projection` (DESIGN.md, Provisional years): only a
    /// lower bound already significantly above the previous rate is a rise without one.
    pub fn of(c: &Comparison, provisional: bool, projection: Option<&Projection>) -> ChangeClaim {
        if provisional {
            let previous = c.previous.k as f64 / c.previous.n as f64;
            return match projection {
                Some(p) if p.lower > previous => ChangeClaim::ProjectedHigher,
                Some(p) if p.upper < previous => ChangeClaim::ProjectedLower,
                None if c.rose() => ChangeClaim::Rose,
                _ => ChangeClaim::ProvisionalNotDifferent,
            };
        }
        if c.rose() {
            return ChangeClaim::Rose;
        }
        if c.fell() {
            return ChangeClaim::Fell;
        }
        // |change| < 2 points, exactly: |num| * 100 < 2 * den.
        if c.change.numerator.abs() * 100 < LITTLE_CHANGE_PP * c.change.denominator {
            ChangeClaim::LittleChanged
        } else {
            ChangeClaim::NotSignificant
        }
    }

    /// Worded from a projection: the year is provisional.
    pub fn is_provisional(self) -> bool {
        matches!(
            self,
            ChangeClaim::ProjectedHigher
                | ChangeClaim::ProjectedLower
                | ChangeClaim::ProvisionalNotDifferent
        )
    }
}

/// The published change of a row of `unfilled_change` and its wording, when both rates
/// may be published; `provisional`: the row's year is provisional.
pub fn change_claim(row: &ChangeRow, provisional: bool) -> Option<(Comparison, ChangeClaim)> {
    let c = row.comparison.shown()?;
    let projection = row.projection.as_ref().and_then(|p| p.shown());
    Some((*c, ChangeClaim::of(c, provisional, projection)))
}

/// A record the report year's rate sets in its series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Record {
    pub highest: bool,
    /// `None`: the highest (lowest) in the series, which starts in `series_start`;
    /// `Some(year, rate)`: the highest since that year, when it was `rate`.
    pub since: Option<(RecruitmentYear, Proportion)>,
    pub series_start: RecruitmentYear,
    /// The report year's rate against the previous extreme it beats (significant).
    pub against: (RecruitmentYear, Comparison),
}

/// The record `current` sets in `earlier` (final years of the same cell, any order), if
/// it may be claimed: the year before must be in the series, at least two earlier years,
/// the year named at least `RECORD_MIN_YEARS` back, and the rate significantly different
/// from the previous extreme (the highest, or lowest, of the years it beats).
pub fn record(
    year: RecruitmentYear,
    current: &Proportion,
    earlier: &[(RecruitmentYear, Proportion)],
) -> Option<Record> {
    let last = earlier.iter().max_by_key(|e| e.0)?;
    if earlier.len() < 2 || last.0 .0 != year.0 - 1 {
        return None;
    }
    let cmp = |e: &(RecruitmentYear, Proportion)| e.1.cmp_rate(current);
    let highest = if cmp(last).is_lt() {
        true
    } else if cmp(last).is_gt() {
        false
    } else {
        return None;
    };
    // The latest earlier year at least as extreme: the record holds "since" then.
    let beaten_by = earlier
        .iter()
        .filter(|e| {
            if highest {
                cmp(e).is_ge()
            } else {
                cmp(e).is_le()
            }
        })
        .max_by_key(|e| e.0)
        .copied();
    if beaten_by.is_some_and(|e| year.0 - e.0 .0 < RECORD_MIN_YEARS) {
        return None;
    }
    if beaten_by.is_none() && earlier.len() < RECORD_MIN_YEARS as usize {
        return None;
    }
    // The previous extreme: the most extreme of the years the record is claimed over.
    let after = |e: &&(RecruitmentYear, Proportion)| beaten_by.is_none_or(|b| e.0 > b.0);
    let extreme = earlier.iter().filter(after).max_by(|a, b| {
        let order = a.1.cmp_rate(&b.1);
        if highest {
            order
        } else {
            order.reverse()
        }
    })?;
    let against = Comparison::of(*current, extreme.1);
    if !(if highest {
        against.rose()
    } else {
        against.fell()
    }) {
        return None;
    }
    Some(Record {
        highest,
        since: beaten_by,
        series_start: earlier.iter().map(|e| e.0).min()?,
        against: (extreme.0, against),
    })
}

/// What may be said of the highest item of a group.
#[derive(Debug, Clone, PartialEq)]
pub enum Highest<T> {
    /// The items with the highest rate (one, or every tied item) are significantly
    /// above the rest of the group pooled.
    Above {
        items: Vec<T>,
        rate: Proportion,
        /// Boxed: the variant is otherwise much larger than `NotDifferent`.
        against_rest: Box<Comparison>,
        /// How many items were compared (the top is picked from them).
        compared: usize,
        /// The test's p-value times `compared` (Bonferroni), at most 1: significant
        /// below 0.05.
        adjusted_p_value: f64,
    },
    /// No item stands out: the rates of the `compared` items did not differ
    /// significantly.
    NotDifferent { compared: usize },
}

impl<T> Highest<T> {
    /// How many items the claim compared ("of the nine English regions").
    pub fn compared(&self) -> usize {
        match self {
            Highest::Above { compared, .. } | Highest::NotDifferent { compared } => *compared,
        }
    }
}

/// The highest of `items` (two or more, each with a rate that may be published), if it
/// is significantly above the rest pooled; ties are tested together and named together.
/// The top is picked from `items.len()` items, so its test is Bonferroni-adjusted for
/// that many comparisons: "highest" is claimed only when p times that number is below
/// 0.05.
pub fn highest<T: Clone>(items: &[(T, Proportion)]) -> Option<Highest<T>> {
    if items.len() < 2 {
        return None;
    }
    let top = items.iter().map(|i| i.1).max_by(|a, b| a.cmp_rate(b))?;
    let (tied, rest): (Vec<_>, Vec<_>) = items.iter().partition(|i| i.1.cmp_rate(&top).is_eq());
    let pooled = |group: &[&(T, Proportion)]| {
        Proportion::new(
            group.iter().map(|i| i.1.k).sum(),
            group.iter().map(|i| i.1.n).sum(),
        )
    };
    let (Some(top_pooled), Some(rest_pooled)) = (pooled(&tied), pooled(&rest)) else {
        // Every item tied: nothing stands out.
        return Some(Highest::NotDifferent {
            compared: items.len(),
        });
    };
    let against_rest = Comparison::of(top_pooled, rest_pooled);
    let compared = items.len();
    let adjusted = against_rest.p_value.map(|p| (p * compared as f64).min(1.0));
    Some(if against_rest.rose() && is_significant(adjusted) {
        Highest::Above {
            items: tied.iter().map(|i| i.0.clone()).collect(),
            rate: top,
            against_rest: Box::new(against_rest),
            compared,
            adjusted_p_value: adjusted.expect("a significant test has a p-value"),
        }
    } else {
        Highest::NotDifferent { compared }
    })
}

/// The claims about one phase's head teacher rate (or all phases', `Item::Total`).
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseClaims {
    pub phase: Item<Phase>,
    /// This year's rate, when it may be published.
    pub rate: Proportion,
    /// The change on the previous year, when both rates may be published.
    pub change: Option<(Comparison, ChangeClaim)>,
    /// A record, never in a provisional year.
    pub record: Option<Record>,
    /// In a provisional year, the rate projected to the complete year.
    pub projection: Option<Projection>,
}

/// Every claim a build's sentences and titles may make, decided once.
#[derive(Debug, Clone, PartialEq)]
pub struct Claims {
    pub year: RecruitmentYear,
    /// The report year is provisional: its rates are lower bounds.
    pub provisional: bool,
    /// Head teacher posts at the top National level: each phase with a rate that may be
    /// published, in phase order, then all phases.
    pub head_by_phase: Vec<PhaseClaims>,
    /// Head teacher posts: the phases, English regions, English regions and Wales, and
    /// religious characters (top National level) in the report year.
    pub highest_phase: Option<Highest<Phase>>,
    pub highest_region: Option<Highest<Region>>,
    pub highest_region_or_wales: Option<Highest<Geography>>,
    pub highest_religious_character: Option<Highest<ReligiousCharacter>>,
    /// Heads retained in role, each phase and all phases, latest year against the one
    /// before: the wording of each change.
    pub head_retention: Vec<(Item<Phase>, RecruitmentYear, ChangeClaim)>,
}

const HEAD: Item<Role> = Item::Of(Role::Head);

/// The claims of the report year `year`, from the disclosed cells.
/// The report year and what is known of its completeness.
pub struct Year<'a> {
    pub year: RecruitmentYear,
    pub top: Country,
    pub provisional_years: &'a BTreeSet<RecruitmentYear>,
}

/// The head teacher rate of each phase (and all phases) at the top National level in
/// the report year, with its change, record and projection.
fn head_by_phase(rates: &[RateCell], changes: &[ChangeRow], at: &Year) -> Vec<PhaseClaims> {
    let (year, provisional_years) = (at.year, at.provisional_years);
    let provisional = provisional_years.contains(&year);
    Item::<Phase>::all()
        .into_iter()
        .filter_map(|phase| {
            let key = UnfilledKey::national(year, at.top, phase, HEAD, Item::Total);
            let cell = rates.iter().find(|c| c.key == key)?;
            let rate = *cell.unfilled.shown()?;
            let change = changes
                .iter()
                .find(|c| c.key == key)
                .and_then(|c| change_claim(c, provisional));
            let earlier: Vec<(RecruitmentYear, Proportion)> = rates
                .iter()
                .filter(|c| c.key.year < year && c.key == key.in_year(c.key.year))
                .filter(|c| !provisional_years.contains(&c.key.year))
                .filter_map(|c| Some((c.key.year, *c.unfilled.shown()?)))
                .collect();
            let record = if provisional {
                None
            } else {
                record(year, &rate, &earlier)
            };
            // Projected only when the rate is published and the year provisional.
            let projection = cell.projection.as_ref().and_then(|p| p.shown()).copied();
            Some(PhaseClaims {
                phase,
                rate,
                change,
                record,
                projection,
            })
        })
        .collect()
}

/// The head teacher rates of the report year a "highest" claim ranks: by phase, by
/// region, by region and Wales, by religious character.
struct Groups {
    phases: Vec<(Phase, Proportion)>,
    regions: Vec<(Region, Proportion)>,
    regions_and_wales: Vec<(Geography, Proportion)>,
    religions: Vec<(ReligiousCharacter, Proportion)>,
}

fn groups(rates: &[RateCell], year: RecruitmentYear, top: Country) -> Groups {
    let items_at = |want: &dyn Fn(&RateCell) -> bool| -> Vec<(&RateCell, Proportion)> {
        rates
            .iter()
            .filter(|c| c.key.year == year && c.key.filters.post == HEAD && want(c))
            .filter_map(|c| Some((c, *c.unfilled.shown()?)))
            .collect()
    };
    let all_phases = |c: &RateCell| c.key.filters.phase == Item::Total;
    let all_religions = |c: &RateCell| c.key.filters.religion == Item::Total;
    let phases = items_at(&|c| c.key.geography == Geography::National(top) && all_religions(c))
        .into_iter()
        .filter_map(|(c, p)| Some((c.key.filters.phase.item()?, p)))
        .collect();
    let regions = items_at(&|c| all_phases(c) && all_religions(c))
        .into_iter()
        .filter_map(|(c, p)| match c.key.geography {
            Geography::Regional(r) => Some((r, p)),
            _ => None,
        })
        .collect();
    let regions_and_wales = items_at(&|c| {
        all_phases(c)
            && all_religions(c)
            && matches!(
                c.key.geography,
                Geography::Regional(_) | Geography::National(Country::Wales)
            )
    })
    .into_iter()
    .map(|(c, p)| (c.key.geography, p))
    .collect();
    let religions = items_at(&|c| c.key.geography == Geography::National(top) && all_phases(c))
        .into_iter()
        .filter_map(|(c, p)| Some((c.key.filters.religion.item()?, p)))
        .collect();
    Groups {
        phases,
        regions,
        regions_and_wales,
        religions,
    }
}

pub fn decide(
    rates: &[RateCell],
    changes: &[ChangeRow],
    retention: &[RetentionRow],
    at: &Year,
) -> Claims {
    let g = groups(rates, at.year, at.top);
    Claims {
        year: at.year,
        provisional: at.provisional_years.contains(&at.year),
        head_by_phase: head_by_phase(rates, changes, at),
        highest_phase: highest(&g.phases),
        highest_region: highest(&g.regions),
        highest_region_or_wales: highest(&g.regions_and_wales),
        highest_religious_character: highest(&g.religions),
        head_retention: retention_claims(retention, at.top),
    }
}

/// Heads retained in role: the latest year with a published all-phase cell, each
/// phase's change on the year before, worded by the rule.
fn retention_claims(
    retention: &[RetentionRow],
    top: Country,
) -> Vec<(Item<Phase>, RecruitmentYear, ChangeClaim)> {
    let head_rows = || {
        retention.iter().filter(move |r| {
            r.key.geography == Geography::National(top) && r.key.filters.post == HEAD
        })
    };
    let Some(latest) = head_rows()
        .filter(|r| r.key.filters.phase == Item::Total && r.figures.shown().is_some())
        .map(|r| r.key.year)
        .max()
    else {
        return Vec::new();
    };
    head_rows()
        .filter(|r| r.key.year == latest)
        .filter_map(|r| {
            let change = r.change.as_ref()?.shown()?;
            Some((
                r.key.filters.phase,
                latest,
                ChangeClaim::of(change, false, None),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(k: u64, n: u64) -> Proportion {
        Proportion::new(k, n).unwrap()
    }

    fn y(year: i32) -> RecruitmentYear {
        RecruitmentYear(year)
    }

    #[test]
    fn a_record_by_one_post_is_not_claimed() {
        // The case: secondary 8 of 37 (21.6%) against 9 of 43 (20.9%) in earlier
        // years: higher, but p = 0.94.
        let earlier = [
            (y(2006), p(9, 43)),
            (y(2007), p(9, 43)),
            (y(2008), p(5, 40)),
            (y(2009), p(6, 41)),
        ];
        assert_eq!(record(y(2010), &p(8, 37), &earlier), None);
    }

    #[test]
    fn a_significant_record_is_claimed_against_the_previous_extreme() {
        // 40 of 100 against a series whose highest was 20 of 100: p < 0.01.
        let earlier = [
            (y(2006), p(20, 100)),
            (y(2007), p(15, 100)),
            (y(2008), p(18, 100)),
            (y(2009), p(10, 100)),
        ];
        let r = record(y(2010), &p(40, 100), &earlier).unwrap();
        assert!(r.highest && r.since.is_none());
        assert_eq!(r.against.0, y(2006));
        assert_eq!(r.series_start, y(2006));
        // "Since": 2006 was higher still; the record is claimed over 2007 to 2009 only.
        let earlier = [
            (y(2006), p(50, 100)),
            (y(2007), p(15, 100)),
            (y(2008), p(18, 100)),
            (y(2009), p(10, 100)),
        ];
        let r = record(y(2010), &p(40, 100), &earlier).unwrap();
        assert_eq!(r.since.map(|s| s.0), Some(y(2006)));
        assert_eq!(r.against.0, y(2008));
    }

    /// Issue 27: London 10 of 18 (56%) against eight regions of 35 posts with 10 re-
    /// advertised each (80 of 280, 29%): p = 0.0156 (statsmodels), significant alone, but
    /// the top was picked from nine, so 9 x 0.0156 = 0.14: not the highest. At 14 of 18,
    /// p = 0.0000133 and 9p = 0.00012: the highest, with the adjusted p-value.
    #[test]
    fn the_top_of_nine_needs_a_bonferroni_adjusted_test() {
        let mut items = vec![("London", p(10, 18))];
        items.extend(std::iter::repeat_n(("Other", p(10, 35)), 8));
        let raw = Comparison::of(p(10, 18), p(80, 280)).p_value.unwrap();
        assert!((raw - 0.0156484908458983).abs() < 1e-9 && raw < 0.05);
        assert_eq!(highest(&items), Some(Highest::NotDifferent { compared: 9 }));
        items[0] = ("London", p(14, 18));
        let Some(Highest::Above {
            items: top,
            compared,
            adjusted_p_value,
            ..
        }) = highest(&items)
        else {
            panic!("14 of 18 stands out");
        };
        assert_eq!((top, compared), (vec!["London"], 9));
        assert!((adjusted_p_value - 9.0 * 1.3320480402337737e-05).abs() < 1e-9);
    }

    #[test]
    fn a_top_item_inside_everyones_interval_is_not_the_highest() {
        // London 10 of 18 (56%) against the rest 40 of 120 (33%): p = 0.07.
        let items = [
            ("London", p(10, 18)),
            ("North East", p(20, 60)),
            ("South West", p(20, 60)),
        ];
        assert_eq!(highest(&items), Some(Highest::NotDifferent { compared: 3 }));
        // With 40 of 72 against 40 of 120, it is (p = 0.003).
        let items = [
            ("London", p(40, 72)),
            ("North East", p(20, 60)),
            ("South West", p(20, 60)),
        ];
        assert!(
            matches!(highest(&items), Some(Highest::Above { items, .. }) if items == ["London"])
        );
    }

    #[test]
    fn ties_are_named_together() {
        let items = [("A", p(30, 50)), ("B", p(60, 100)), ("C", p(10, 100))];
        let Some(Highest::Above { items, .. }) = highest(&items) else {
            panic!("A and B together are well above C");
        };
        assert_eq!(items, ["A", "B"]);
        assert_eq!(
            highest(&[("A", p(1, 2)), ("B", p(2, 4))]),
            Some(Highest::NotDifferent { compared: 2 })
        );
    }

    #[test]
    fn changes_are_worded_by_the_rule() {
        let c = |k1, n1, k0, n0| Comparison::of(p(k1, n1), p(k0, n0));
        assert_eq!(
            ChangeClaim::of(&c(60, 100, 40, 100), false, None),
            ChangeClaim::Rose
        );
        assert_eq!(
            ChangeClaim::of(&c(40, 100, 60, 100), false, None),
            ChangeClaim::Fell
        );
        // 31.3% against 43.8% on 16 posts each: -12.5 points, p = 0.47.
        assert_eq!(
            ChangeClaim::of(&c(5, 16, 7, 16), false, None),
            ChangeClaim::NotSignificant
        );
        // 33 of 100 against 34 of 100: -1 point, not significant.
        assert_eq!(
            ChangeClaim::of(&c(33, 100, 34, 100), false, None),
            ChangeClaim::LittleChanged
        );
        // A provisional year is worded from its projection, never from the lower bound.
        let below = c(40, 100, 60, 100);
        assert_eq!(
            ChangeClaim::of(&below, true, None),
            ChangeClaim::ProvisionalNotDifferent
        );
        // 40 of 100 with half seen: projected 80% (interval 61 to 99), above 60%.
        let half = Projection::of(&below.current, 0.5).unwrap();
        assert!(half.lower > 0.6);
        assert_eq!(
            ChangeClaim::of(&below, true, Some(&half)),
            ChangeClaim::ProjectedHigher
        );
        // 40 of 100 with 0.7 seen: projected 57% (44 to 72), holding 60%: no direction.
        let most = Projection::of(&below.current, 0.7).unwrap();
        assert!(most.lower < 0.6 && most.upper > 0.6);
        assert_eq!(
            ChangeClaim::of(&below, true, Some(&most)),
            ChangeClaim::ProvisionalNotDifferent
        );
        // 40 of 100 with 0.95 seen: projected 42% (32 to 52), wholly below 60%.
        let nearly = Projection::of(&below.current, 0.95).unwrap();
        assert!(nearly.upper < 0.6);
        assert_eq!(
            ChangeClaim::of(&below, true, Some(&nearly)),
            ChangeClaim::ProjectedLower
        );
        // Without a projection, a lower bound already significantly higher is a rise.
        assert_eq!(
            ChangeClaim::of(&c(60, 100, 40, 100), true, None),
            ChangeClaim::Rose
        );
    }
}
