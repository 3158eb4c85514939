//! Disclosure control in one place (DESIGN.md, Definitions: Disclosure control). It
//! turns the measures' cells into published cells whose values are `Disclosed`: shown,
//! `u` (low reliability) or `c` (confidential), so a withheld value cannot be rendered
//! by mistake.
//! - Advert-derived rates on fewer than `min_base` rounds are `u`; their counts stay.
//! - Workforce-derived cells (person-level source) with a base below `min_base` are `c`,
//!   counts included, and so is any cell that would let a reader recover one by
//!   subtraction (complementary suppression over the families defined here).

mod suppression;

use crate::domain::{Geography, Item};
use crate::measures::change::ChangeCell;
use crate::measures::proportion::{Comparison, Fraction, Proportion};
use crate::measures::retention::{
    RetentionCell, RetentionFigures, RetentionKey, SurvivalCell, SurvivalKey,
};
use crate::measures::survey::{
    AgreementCell, SurveyCell, SurveyFigures, SurveyKey, WeightedChange, WeightedRate,
};
use crate::measures::unfilled::{UnfilledCell, UnfilledKey};
pub use suppression::{confidential, families, Family, Parent};

/// EES symbols (DESIGN.md): what a table holds where it has no number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol {
    /// `z`: not applicable (a change in a cell's first year).
    NotApplicable,
    /// `x`: not available (posts per 100 schools with no school counted).
    NotAvailable,
    /// `c`: confidential.
    Confidential,
    /// `u`: low reliability.
    LowReliability,
}

impl Symbol {
    /// In the order the key to the symbols lists them.
    pub const ALL: [Symbol; 4] = [
        Symbol::LowReliability,
        Symbol::NotAvailable,
        Symbol::NotApplicable,
        Symbol::Confidential,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Symbol::NotApplicable => "z",
            Symbol::NotAvailable => "x",
            Symbol::Confidential => "c",
            Symbol::LowReliability => "u",
        }
    }
}

/// A value as it may be published.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Disclosed<T> {
    Shown(T),
    /// `u`: on too few posts to be reliable.
    LowReliability,
    /// `c`: would disclose (or let a reader work out) a figure on too few people.
    Confidential,
}

impl<T> Disclosed<T> {
    pub fn shown(&self) -> Option<&T> {
        match self {
            Disclosed::Shown(v) => Some(v),
            _ => None,
        }
    }

    /// The symbol published instead of the value, if any.
    pub fn symbol(&self) -> Option<Symbol> {
        match self {
            Disclosed::Shown(_) => None,
            Disclosed::LowReliability => Some(Symbol::LowReliability),
            Disclosed::Confidential => Some(Symbol::Confidential),
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Disclosed<U> {
        match self {
            Disclosed::Shown(v) => Disclosed::Shown(f(v)),
            Disclosed::LowReliability => Disclosed::LowReliability,
            Disclosed::Confidential => Disclosed::Confidential,
        }
    }
}

/// A rate on `base` rounds: shown when the base reaches `min_base`, else `u`.
fn reliable<T>(value: T, base: u64, min_base: u32) -> Disclosed<T> {
    if base >= u64::from(min_base) {
        Disclosed::Shown(value)
    } else {
        Disclosed::LowReliability
    }
}

/// A published cell of `unfilled_rates`: counts always shown, the rate and its
/// interval `u` below `min_base` posts.
#[derive(Debug, Clone, PartialEq)]
pub struct RateCell {
    pub key: UnfilledKey,
    pub advert_count: u64,
    pub post_count: u64,
    pub readvertised_post_count: u64,
    pub provisional_post_count: u64,
    pub school_count: u64,
    pub posts_per_100_schools: Option<Fraction>,
    pub unfilled: Disclosed<Proportion>,
}

pub fn rates(cells: Vec<UnfilledCell>, min_base: u32) -> Vec<RateCell> {
    cells
        .into_iter()
        .map(|c| RateCell {
            key: c.key,
            advert_count: c.advert_count,
            post_count: c.post_count(),
            readvertised_post_count: c.readvertised_post_count(),
            provisional_post_count: c.provisional_post_count,
            school_count: c.school_count,
            posts_per_100_schools: c.posts_per_100_schools,
            unfilled: reliable(c.unfilled, c.post_count(), min_base),
        })
        .collect()
}

/// A published cell of `unfilled_change`: each year's rate `u` on its own base, the
/// comparison `u` when either base is below `min_base`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    pub key: UnfilledKey,
    pub current: Disclosed<Proportion>,
    pub previous: Disclosed<Proportion>,
    pub comparison: Disclosed<Comparison>,
}

pub fn changes(cells: Vec<ChangeCell>, min_base: u32) -> Vec<ChangeRow> {
    cells
        .into_iter()
        .map(|c| {
            let (now, before) = (c.comparison.current, c.comparison.previous);
            ChangeRow {
                key: c.key,
                current: reliable(now, now.n, min_base),
                previous: reliable(before, before.n, min_base),
                comparison: reliable(c.comparison, now.n.min(before.n), min_base),
            }
        })
        .collect()
}

/// A published cell of `survey_rates`: counts always shown (answers are about schools,
/// not people); each rate `u` below `min_base` answers (the weighted rate and its change
/// on matched answers, in both years for a change); `None` where there is no rate.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyRow {
    pub key: SurveyKey,
    pub post_count: u64,
    pub response_count: u64,
    pub matched_response_count: u64,
    pub unweighted: Option<Disclosed<Proportion>>,
    pub weighted: Option<Disclosed<WeightedRate>>,
    pub change: Option<Disclosed<WeightedChange>>,
}

/// A published cell of `survey_agreement`: the four counts, the detection share `u`
/// below `min_base` "no" answers and the agreement share `u` below `min_base` matched.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementRow {
    pub cell: AgreementCell,
    pub detection: Option<Disclosed<Proportion>>,
    pub agreement: Option<Disclosed<Proportion>>,
}

/// The survey's published cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurveyTables {
    pub rates: Vec<SurveyRow>,
    pub agreement: Vec<AgreementRow>,
}

impl SurveyRow {
    /// Matched answers per post advertised; `None` with no post.
    pub fn response(&self) -> Option<Fraction> {
        (self.post_count > 0).then(|| Fraction {
            numerator: i128::from(self.matched_response_count),
            denominator: i128::from(self.post_count),
        })
    }
}

impl SurveyTables {
    /// The `survey_rates` cell at `key`.
    pub fn rate(&self, key: &SurveyKey) -> Option<&SurveyRow> {
        self.rates.iter().find(|r| r.key == *key)
    }

    /// The `survey_agreement` cell at `key` (a top National key).
    pub fn agreement_at(&self, key: &SurveyKey) -> Option<&AgreementRow> {
        self.agreement.iter().find(|a| a.cell.key == *key)
    }
}

pub fn survey(figures: SurveyFigures, min_base: u32) -> SurveyTables {
    let rates = figures
        .cells
        .into_iter()
        .map(|c: SurveyCell| SurveyRow {
            key: c.key,
            post_count: c.post_count,
            response_count: c.response_count,
            matched_response_count: c.matched_response_count,
            unweighted: c
                .unweighted
                .map(|p| reliable(p, c.response_count, min_base)),
            weighted: c
                .weighted
                .map(|w| reliable(w, c.matched_response_count, min_base)),
            change: c
                .change
                .map(|ch| reliable(ch, c.matched_response_count.min(ch.previous_base), min_base)),
        })
        .collect();
    let agreement = figures
        .agreement
        .into_iter()
        .map(|cell| AgreementRow {
            detection: cell.detection().map(|p| reliable(p, p.n, min_base)),
            agreement: cell.agreement().map(|p| reliable(p, p.n, min_base)),
            cell,
        })
        .collect();
    SurveyTables { rates, agreement }
}

/// A published cell of `retention`: its figures `c` when confidential; its change on
/// the previous year `c` when either year is, and absent (`z`) in its first year.
#[derive(Debug, Clone, PartialEq)]
pub struct RetentionRow {
    pub key: RetentionKey,
    pub figures: Disclosed<RetentionFigures>,
    pub change: Option<Disclosed<Comparison>>,
}

/// A published cell of `new_head_survival`, `c` (counts included) when confidential.
#[derive(Debug, Clone, PartialEq)]
pub struct SurvivalRow {
    pub key: SurvivalKey,
    pub still_in_post: Disclosed<Proportion>,
}

fn shown_unless<T>(hidden: bool, value: T) -> Disclosed<T> {
    if hidden {
        Disclosed::Confidential
    } else {
        Disclosed::Shown(value)
    }
}

/// A filter's way into its Total: `None` when the cell is the Total.
fn into_total<T: Copy>(item: Item<T>) -> Option<Item<T>> {
    (!item.is_total()).then_some(Item::Total)
}

/// The retention cells as published: confidential below `min_base` leaders, and the
/// complements that would give one away through a phase, post or geography total.
pub fn retention(cells: Vec<RetentionCell>, min_base: u32) -> Vec<RetentionRow> {
    let keys: Vec<RetentionKey> = cells.iter().map(|c| c.key).collect();
    let by_phase = |k: &RetentionKey| {
        into_total(k.filters.phase)
            .map(|phase| k.with(crate::measures::PanelFilters { phase, ..k.filters }))
    };
    let by_post = |k: &RetentionKey| {
        into_total(k.filters.post)
            .map(|post| k.with(crate::measures::PanelFilters { post, ..k.filters }))
    };
    let by_geography = |k: &RetentionKey| k.geography.parent().map(|g: Geography| k.at(g));
    let fams = families(&keys, &[&by_phase, &by_post, &by_geography]);
    let bases: Vec<u64> = cells.iter().map(|c| c.figures.leader_count()).collect();
    let hidden = confidential(&bases, min_base, &fams);
    let index: std::collections::HashMap<RetentionKey, usize> =
        keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    cells
        .iter()
        .zip(&hidden)
        .map(|(c, &h)| {
            let previous_hidden = index
                .get(
                    &c.key
                        .in_year(crate::domain::RecruitmentYear(c.key.year.0 - 1)),
                )
                .is_some_and(|&p| hidden[p]);
            RetentionRow {
                key: c.key,
                figures: shown_unless(h, c.figures),
                change: c.change.map(|ch| shown_unless(h || previous_hidden, ch)),
            }
        })
        .collect()
}

/// The survival cells as published: as for retention, within each years-after value,
/// along phase and country.
pub fn survival(cells: Vec<SurvivalCell>, min_base: u32) -> Vec<SurvivalRow> {
    let keys: Vec<SurvivalKey> = cells.iter().map(|c| c.key).collect();
    let by_phase = |k: &SurvivalKey| {
        into_total(k.filters.phase)
            .map(|phase| k.with(crate::measures::SurvivalFilters { phase, ..k.filters }))
    };
    let by_country = |k: &SurvivalKey| k.geography.parent().map(|g| k.at(g));
    let fams = families(&keys, &[&by_phase, &by_country]);
    let bases: Vec<u64> = cells.iter().map(|c| c.new_head_count()).collect();
    let hidden = confidential(&bases, min_base, &fams);
    cells
        .into_iter()
        .zip(hidden)
        .map(|(c, h)| SurvivalRow {
            key: c.key,
            still_in_post: shown_unless(h, c.still_in_post),
        })
        .collect()
}

/// How many cells of a table publish `c`.
pub fn confidential_count<T>(values: impl IntoIterator<Item = Disclosed<T>>) -> usize {
    values
        .into_iter()
        .filter(|v| matches!(v, Disclosed::Confidential))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Country, RecruitmentYear};
    use crate::measures::{CellKey, UnfilledFilters};

    fn key() -> UnfilledKey {
        CellKey {
            year: RecruitmentYear(2010),
            geography: Geography::National(Country::England),
            filters: UnfilledFilters {
                phase: Item::Total,
                post: Item::Total,
                religion: Item::Total,
            },
        }
    }

    #[test]
    fn rates_below_min_base_are_low_reliability_and_counts_stay() {
        let cell = |n| UnfilledCell {
            key: key(),
            advert_count: n + 1,
            unfilled: Proportion::new(3, n).unwrap(),
            provisional_post_count: 0,
            school_count: 0,
            posts_per_100_schools: None,
        };
        let published = rates(vec![cell(9), cell(10)], 10);
        assert_eq!(published[0].unfilled, Disclosed::LowReliability);
        assert_eq!(published[0].post_count, 9);
        assert_eq!(published[0].readvertised_post_count, 3);
        assert!(published[1].unfilled.shown().is_some());
    }

    #[test]
    fn a_change_is_low_reliability_when_either_year_is() {
        let c = ChangeCell {
            key: key(),
            comparison: Comparison::of(
                Proportion::new(5, 20).unwrap(),
                Proportion::new(2, 8).unwrap(),
            ),
        };
        let row = &changes(vec![c], 10)[0];
        assert!(row.current.shown().is_some());
        assert_eq!(row.previous, Disclosed::LowReliability);
        assert_eq!(row.comparison.symbol(), Some(Symbol::LowReliability));
    }

    mod local_authorities {
        use super::*;
        use crate::domain::{LocalAuthority, Phase, Role};
        use crate::measures::retention::{Transition, Transitions};
        use crate::measures::PanelFilters;
        use proptest::prelude::*;
        use std::collections::BTreeMap;

        /// Five LAs: three in the North East, two in the North West.
        const LAS: [&str; 5] = [
            "E08000021",
            "E06000047",
            "E08000024",
            "E08000003",
            "E10000017",
        ];

        fn figures(n: u64) -> RetentionFigures {
            let mut transitions = Transitions::default();
            transitions.add(Transition::StayedInPost, n);
            RetentionFigures {
                transitions,
                retained_in_role: Proportion::new(n, n).unwrap(),
                retained_in_leadership: Proportion::new(n, n).unwrap(),
            }
        }

        /// Every cell of the grid: each LA x phase x post count added into its region,
        /// England, and the phase and post Totals, as the measures add them; a cell
        /// with no leader does not exist.
        fn cells(counts: &[u64]) -> Vec<RetentionCell> {
            let mut sums: BTreeMap<RetentionKey, u64> = BTreeMap::new();
            let phases = [Phase::Primary, Phase::Secondary];
            let posts = [Role::Head, Role::Deputy];
            let mut i = 0;
            for la in LAS.map(|c| LocalAuthority::from_new_code(c).unwrap()) {
                for phase in phases {
                    for post in posts {
                        let n = counts[i];
                        i += 1;
                        let geographies = [
                            Geography::LocalAuthority(la),
                            Geography::Regional(la.region()),
                            Geography::National(Country::England),
                        ];
                        for g in geographies {
                            for ph in [Item::Of(phase), Item::Total] {
                                for po in [Item::Of(post), Item::Total] {
                                    let key = CellKey {
                                        year: RecruitmentYear(2010),
                                        geography: g,
                                        filters: PanelFilters {
                                            phase: ph,
                                            post: po,
                                        },
                                    };
                                    *sums.entry(key).or_default() += n;
                                }
                            }
                        }
                    }
                }
            }
            sums.into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(key, n)| RetentionCell {
                    key,
                    figures: figures(n),
                    change: None,
                })
                .collect()
        }

        proptest! {
            /// With local authorities inside their regions: every cell below
            /// `min_base` is hidden, and in no family (an LA's siblings under their
            /// region, the regions under England, the phases or posts under their
            /// Total) is exactly one cell hidden, so none can be worked out by
            /// subtraction.
            #[test]
            fn no_hidden_la_cell_is_recoverable(counts in proptest::collection::vec(0u64..30, 20)) {
                let rows = retention(cells(&counts), 10);
                let hidden: BTreeMap<RetentionKey, (bool, u64)> = cells(&counts)
                    .iter()
                    .zip(&rows)
                    .map(|(c, r)| (c.key, (r.figures == Disclosed::Confidential, c.figures.leader_count())))
                    .collect();
                for (h, base) in hidden.values() {
                    if *base < 10 { prop_assert!(*h); }
                }
                // Group cells by the total they add into, for each way of adding.
                let parents: [&suppression::Parent<RetentionKey>; 3] = [
                    // Written out here, not `Geography::parent`, so the test checks it.
                    &|k| match k.geography {
                        Geography::LocalAuthority(la) => Some(k.at(Geography::Regional(la.region()))),
                        Geography::Regional(_) => Some(k.at(Geography::National(Country::England))),
                        Geography::National(_) => None,
                    },
                    &|k| (!k.filters.phase.is_total())
                        .then(|| k.with(PanelFilters { phase: Item::Total, ..k.filters })),
                    &|k| (!k.filters.post.is_total())
                        .then(|| k.with(PanelFilters { post: Item::Total, ..k.filters })),
                ];
                for parent in parents {
                    let mut families: BTreeMap<RetentionKey, Vec<bool>> = BTreeMap::new();
                    for (k, (h, _)) in &hidden {
                        if let Some(total) = parent(k).filter(|t| hidden.contains_key(t)) {
                            families.entry(total).or_insert_with(|| vec![hidden[&total].0]).push(*h);
                        }
                    }
                    for (total, members) in families {
                        let n = members.iter().filter(|h| **h).count();
                        prop_assert_ne!(n, 1, "one hidden cell in the family of {:?}", total);
                    }
                }
            }
        }
    }
}
