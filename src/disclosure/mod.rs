//! Disclosure control in one place (DESIGN.md, Definitions: Disclosure control). It
//! turns the measures' cells into published cells whose values are `Disclosed`: shown,
//! `u` (low reliability) or `c` (confidential), so a withheld value cannot be rendered
//! by mistake.
//! - Advert-derived rates on fewer than `min_base` rounds are `u`; their counts stay.
//! - Workforce-derived cells (person-level source) with a base below `min_base` are `c`,
//!   counts included, and so is any cell that would let a reader recover one by
//!   subtraction (complementary suppression over the families defined here).

mod attack;
mod decision;
mod lp;
mod suppression;
pub mod workforce;

#[cfg(test)]
use crate::domain::{Geography, Item};
use crate::measures::change::ChangeCell;
use crate::measures::projection::Projection;
use crate::measures::proportion::{Comparison, Fraction, Proportion};
use crate::measures::retention::{
    RetentionCell, RetentionFigures, RetentionKey, SurvivalCell, SurvivalKey,
};
use crate::measures::survey::{
    AgreementCell, SurveyCell, SurveyFigures, SurveyKey, WeightedChange, WeightedRate,
};
use crate::measures::unfilled::{UnfilledCell, UnfilledKey};
pub use attack::{CellRef, Learned};
pub use suppression::{confidential, families, Family, Parent};

/// EES symbols (DESIGN.md): what a table holds where it has no number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol {
    /// `z`: not applicable (a change in a cell's first year; an undefined p-value).
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
    /// In the projected year, the projection, disclosed with the rate.
    pub projection: Option<Disclosed<Projection>>,
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
            projection: c.projection.map(|p| reliable(p, c.unfilled.n, min_base)),
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
    /// This year's projection (a provisional year), disclosed with this year's rate.
    pub projection: Option<Disclosed<Projection>>,
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
                projection: c.projection.map(|p| reliable(p, now.n, min_base)),
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
    /// No answer for this cell the year before: its change is `z`, not `x`.
    pub first_year: bool,
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
            first_year: c.first_year,
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

/// The two workforce tables as published, and the audit that they survive an attack
/// (`workforce`): retention rows with their change on the year before (`c` when either
/// year is withheld, absent in a cell's first year), and survival rows.
pub struct WorkforceTables {
    pub retention: Vec<RetentionRow>,
    pub survival: Vec<SurvivalRow>,
    pub decision: workforce::Decision,
}

/// Disclosure control of `retention` and `new_head_survival` together (see `workforce`).
pub fn workforce_tables(
    retention: Vec<RetentionCell>,
    survival: Vec<SurvivalCell>,
    min_base: u32,
    protection: u32,
) -> WorkforceTables {
    let relations = workforce::Relations::new(&retention, &survival, min_base);
    let keys: Vec<RetentionKey> = retention.iter().map(|c| c.key).collect();
    let top = workforce::top_country(&keys);
    let decision = workforce::decide(&relations, min_base, protection);
    let hidden = &decision.hidden_retention;
    let index: std::collections::HashMap<RetentionKey, usize> = retention
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key, i))
        .collect();
    let retention_rows = retention
        .iter()
        .zip(hidden)
        .filter(|(c, _)| workforce::published_breakdown(&c.key, top))
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
        .collect();
    let groups = relations.group_of_row().to_vec();
    let survival_rows = survival
        .into_iter()
        .zip(groups)
        .map(|(c, g)| SurvivalRow {
            key: c.key,
            still_in_post: shown_unless(decision.hidden_groups[g], c.still_in_post),
        })
        .collect();
    WorkforceTables {
        retention: retention_rows,
        survival: survival_rows,
        decision,
    }
}

/// How many rows of a table publish `c` (a confidential row withholds every figure).
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
            projection: Projection::of(&Proportion::new(3, n).unwrap(), 0.5),
        };
        let published = rates(vec![cell(9), cell(10)], 10);
        assert_eq!(published[0].unfilled, Disclosed::LowReliability);
        // The projection is withheld with the rate.
        assert_eq!(published[0].projection, Some(Disclosed::LowReliability));
        assert!(published[1].projection.as_ref().unwrap().shown().is_some());
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
            projection: None,
        };
        let row = &changes(vec![c], 10)[0];
        assert!(row.current.shown().is_some());
        assert_eq!(row.previous, Disclosed::LowReliability);
        assert_eq!(row.comparison.symbol(), Some(Symbol::LowReliability));
    }

    mod local_authorities {
        use super::*;
        use crate::domain::{LocalAuthority, Phase, Role};
        use crate::measures::transitions::{Transition, Transitions};
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

        /// A cell of `n` leaders split over the five transitions by `split` (as many as
        /// the post allows: heads are never promoted, assistants never take a lower role).
        fn figures(n: u64, split: u64, post: Item<Role>) -> RetentionFigures {
            let mut transitions = Transitions::default();
            let mut left = n;
            for (i, t) in Transition::ALL.iter().enumerate() {
                let impossible = matches!(
                    (post, t),
                    (Item::Of(Role::Head), Transition::Promoted)
                        | (Item::Of(Role::Assistant), Transition::OtherLeadershipRole)
                );
                if impossible || i == 4 {
                    continue;
                }
                let take = (split >> (3 * i)) % (left + 1);
                transitions.add(*t, take);
                left -= take;
            }
            transitions.add(Transition::LeftLeadership, left);
            let kept = n - transitions.get(Transition::LeftLeadership);
            let in_role = transitions.get(Transition::StayedInPost)
                + transitions.get(Transition::MovedSchoolSameRole);
            RetentionFigures {
                transitions,
                retained_in_role: Proportion::new(in_role, n).unwrap(),
                retained_in_leadership: Proportion::new(kept, n).unwrap(),
            }
        }

        /// Every cell of the grid: each LA x phase x post count added into its region,
        /// England, and the phase and post Totals, as the measures add them; a cell
        /// with no leader does not exist.
        fn cells(counts: &[u64], splits: &[u64]) -> Vec<RetentionCell> {
            let mut sums: BTreeMap<RetentionKey, Transitions> = BTreeMap::new();
            let phases = [Phase::Primary, Phase::Secondary];
            let posts = [Role::Head, Role::Deputy];
            let mut i = 0;
            for la in LAS.map(|c| LocalAuthority::from_new_code(c).unwrap()) {
                for phase in phases {
                    for post in posts {
                        let finest =
                            figures(counts[i].max(1), splits[i], Item::Of(post)).transitions;
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
                                    let sum = sums.entry(key).or_default();
                                    for t in Transition::ALL {
                                        sum.add(t, finest.get(t));
                                    }
                                }
                            }
                        }
                    }
                }
            }
            sums.into_iter()
                .filter(|(_, t)| t.leaders() > 0)
                .map(|(key, t)| {
                    let n = t.leaders();
                    let in_role =
                        t.get(Transition::StayedInPost) + t.get(Transition::MovedSchoolSameRole);
                    RetentionCell {
                        key,
                        figures: RetentionFigures {
                            transitions: t,
                            retained_in_role: Proportion::new(in_role, n).unwrap(),
                            retained_in_leadership: Proportion::new(
                                n - t.get(Transition::LeftLeadership),
                                n,
                            )
                            .unwrap(),
                        },
                        change: None,
                    }
                })
                .collect()
        }

        proptest! {
            /// Random grids of 5 LAs in 2 regions x 2 phases x 2 posts, transitions
            /// split at random: every published cell below `min_base` is withheld, and
            /// after the repair the attacker narrows no withheld figure below the rule.
            #[test]
            fn after_the_repair_the_attacker_breaks_nothing(
                counts in proptest::collection::vec(0u64..40, 20),
                splits in proptest::collection::vec(0u64..u64::MAX, 20),
            ) {
                let all = cells(&counts, &splits);
                let tables = workforce_tables(all.clone(), Vec::new(), 10, 5);
                let by_key: std::collections::HashMap<_, _> =
                    all.iter().map(|c| (c.key, c.figures.leader_count())).collect();
                for row in &tables.retention {
                    if by_key[&row.key] < 10 {
                        prop_assert_eq!(row.figures, Disclosed::Confidential);
                    }
                }
                let report = &tables.decision.report;
                let withheld = tables.retention.iter().filter(|r| r.figures == Disclosed::Confidential).count();
                prop_assert_eq!(report.cells_withheld, withheld);
                for f in &report.findings {
                    prop_assert!(!matches!(f.learned, Learned::Unsolved(_)), "{} {}", f.cell, f.column);
                    prop_assert!(f.protected, "{} {} {}", f.cell, f.column, f.learned.describe());
                }
            }
        }
    }
}
