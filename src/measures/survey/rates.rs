//! The cells of `survey_rates`: answers, frame, unweighted and weighted rates with their
//! intervals (the weighted one on the Kish effective size), and the weighted change.

use std::collections::{BTreeMap, BTreeSet};

use super::{FrameRound, Place, Placed, SurveyKey};
use crate::domain::{Country, Item, RecruitmentYear, Role};
use crate::measures::proportion::Proportion;
use crate::measures::stats::{
    is_significant, two_proportion_p_value_effective, wilson_interval_effective,
};
use crate::measures::{CellKey, PanelFilters};

/// A weighted rate: the weighted share of "no" answers, its Kish effective sample size
/// and the Wilson interval on that size (proportions, 0..1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightedRate {
    pub rate: f64,
    pub effective_n: f64,
    pub lower: f64,
    pub upper: f64,
}

/// A weighted rate against the same cell a year earlier: two-proportion z-test on the
/// effective sample sizes, the one decision on significance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightedChange {
    pub previous: WeightedRate,
    /// The previous year's matched answers (its base).
    pub previous_base: u64,
    /// `rate - previous.rate`, a proportion.
    pub change: f64,
    pub p_value: Option<f64>,
    pub significant: bool,
}

/// One cell of `survey_rates`.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyCell {
    pub key: SurveyKey,
    /// Advert-derived rounds of the cell: the frame.
    pub post_count: u64,
    pub response_count: u64,
    /// Answers matched to a round of the frame (the weighted rate's base).
    pub matched_response_count: u64,
    /// "No" answers of all answers; `None` with no answer.
    pub unweighted: Option<Proportion>,
    /// `None` with no matched answer.
    pub weighted: Option<WeightedRate>,
    /// `None` in the first survey year or when either year has no weighted rate.
    pub change: Option<WeightedChange>,
    /// No answer for this cell the year before: a change does not apply (rather than
    /// being unavailable).
    pub first_year: bool,
}

/// Every cell key an item at `place` counts in: each geography, its phase and post
/// and their Totals.
fn keys_of(
    year: RecruitmentYear,
    role: Role,
    place: Place,
    countries: &[Country],
) -> Vec<SurveyKey> {
    let mut keys = Vec::with_capacity(12);
    for geography in place.geographies(countries) {
        for phase in [Item::Of(place.phase), Item::Total] {
            for post in [Item::Of(role), Item::Total] {
                keys.push(CellKey {
                    year,
                    geography,
                    filters: PanelFilters { phase, post },
                });
            }
        }
    }
    keys
}

#[derive(Default)]
struct Sums {
    frame: u64,
    responses: u64,
    no: u64,
    matched: u64,
    weight: f64,
    weight_squared: f64,
    weight_no: f64,
}

impl Sums {
    fn weighted(&self) -> Option<WeightedRate> {
        if self.matched == 0 || self.weight <= 0.0 {
            return None;
        }
        let rate = (self.weight_no / self.weight).clamp(0.0, 1.0);
        let effective_n = self.weight * self.weight / self.weight_squared;
        let (lower, upper) = wilson_interval_effective(rate, effective_n);
        Some(WeightedRate {
            rate,
            effective_n,
            lower,
            upper,
        })
    }
}

pub(super) fn rate_cells(
    placed: &[Placed],
    weights: &[Option<f64>],
    rounds: &[FrameRound],
    survey_years: &BTreeSet<RecruitmentYear>,
    countries: &[Country],
) -> Vec<SurveyCell> {
    let mut sums: BTreeMap<SurveyKey, Sums> = BTreeMap::new();
    for r in rounds.iter().filter(|r| survey_years.contains(&r.year)) {
        for key in keys_of(r.year, r.role, r.place, countries) {
            sums.entry(key).or_default().frame += 1;
        }
    }
    // Answers in file order within a cell: the float sums are the same every run.
    for (p, w) in placed.iter().zip(weights) {
        for key in keys_of(p.year, p.role, p.place, countries) {
            let s = sums.entry(key).or_default();
            s.responses += 1;
            s.no += u64::from(p.said_unfilled);
            if let Some(w) = w {
                s.matched += 1;
                s.weight += w;
                s.weight_squared += w * w;
                if p.said_unfilled {
                    s.weight_no += w;
                }
            }
        }
    }
    let weighted: BTreeMap<SurveyKey, WeightedRate> = sums
        .iter()
        .filter_map(|(k, s)| Some((*k, s.weighted()?)))
        .collect();
    sums.iter()
        .map(|(key, s)| {
            let this = weighted.get(key);
            let previous_key = key.in_year(RecruitmentYear(key.year.0 - 1));
            let before = weighted.get(&previous_key);
            SurveyCell {
                first_year: !sums.contains_key(&previous_key),
                key: *key,
                post_count: s.frame,
                response_count: s.responses,
                matched_response_count: s.matched,
                unweighted: Proportion::new(s.no, s.responses),
                weighted: this.copied(),
                change: this.zip(before).map(|(now, previous)| {
                    let p_value = two_proportion_p_value_effective(
                        now.rate,
                        now.effective_n,
                        previous.rate,
                        previous.effective_n,
                    );
                    WeightedChange {
                        previous: *previous,
                        previous_base: sums[&key.in_year(RecruitmentYear(key.year.0 - 1))].matched,
                        change: now.rate - previous.rate,
                        p_value,
                        significant: is_significant(p_value),
                    }
                }),
            }
        })
        .collect()
}
