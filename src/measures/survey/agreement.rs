//! The cells of `survey_agreement`: what the school said against what the adverts show,
//! for the answers matched to a round.

use std::collections::{BTreeMap, BTreeSet};

use super::{Placed, SurveyKey};
use crate::domain::{Country, Item, Phase, RecruitmentYear, Role};
use crate::measures::cube::top_national;
use crate::measures::proportion::Proportion;

/// One cell of `survey_agreement` (top National level): matched answers by what the
/// school said and what the adverts show.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementCell {
    pub key: SurveyKey,
    /// Said "no" (not appointed after the first advert), and the adverts show a
    /// re-advertisement.
    pub unfilled_readvertised: u64,
    pub unfilled_not_readvertised: u64,
    pub filled_readvertised: u64,
    pub filled_not_readvertised: u64,
}

impl AgreementCell {
    pub fn matched(&self) -> u64 {
        self.unfilled_readvertised
            + self.unfilled_not_readvertised
            + self.filled_readvertised
            + self.filled_not_readvertised
    }

    /// The share of "no" answers whose round the adverts show re-advertised.
    pub fn detection(&self) -> Option<Proportion> {
        Proportion::new(
            self.unfilled_readvertised,
            self.unfilled_readvertised + self.unfilled_not_readvertised,
        )
    }

    /// The share of matched answers on which the two methods agree.
    pub fn agreement(&self) -> Option<Proportion> {
        Proportion::new(
            self.unfilled_readvertised + self.filled_not_readvertised,
            self.matched(),
        )
    }
}

/// The agreement of the two methods, at the top National level, per year, phase and
/// post (with Totals), from the matched answers.
pub(super) fn agreement_cells(
    placed: &[Placed],
    survey_years: &BTreeSet<RecruitmentYear>,
    countries: &[Country],
) -> Vec<AgreementCell> {
    let top = top_national(countries);
    let mut cells: BTreeMap<SurveyKey, AgreementCell> = BTreeMap::new();
    for &year in survey_years {
        for phase in Item::<Phase>::all() {
            for post in Item::<Role>::all() {
                let key = SurveyKey::national(year, top, phase, post);
                cells.insert(
                    key,
                    AgreementCell {
                        key,
                        unfilled_readvertised: 0,
                        unfilled_not_readvertised: 0,
                        filled_readvertised: 0,
                        filled_not_readvertised: 0,
                    },
                );
            }
        }
    }
    for p in placed {
        let Some(readvertised) = p.readvertised else {
            continue;
        };
        for phase in [Item::Of(p.place.phase), Item::Total] {
            for post in [Item::Of(p.role), Item::Total] {
                let key = SurveyKey::national(p.year, top, phase, post);
                let c = cells
                    .get_mut(&key)
                    .expect("every survey year's cells exist");
                *match (p.said_unfilled, readvertised) {
                    (true, true) => &mut c.unfilled_readvertised,
                    (true, false) => &mut c.unfilled_not_readvertised,
                    (false, true) => &mut c.filled_readvertised,
                    (false, false) => &mut c.filled_not_readvertised,
                } += 1;
            }
        }
    }
    cells.into_values().collect()
}
