//! The survey method (DESIGN.md, Definitions: Survey method): schools' answers beside the
//! advert-derived rounds they were asked about. Per cell: answers, the frame (rounds),
//! the response rate, the unweighted rate with its Wilson interval, and the rate
//! weighted to the frame by phase x region x advert evidence, with an interval from the
//! Kish effective sample size; the weighted rate's year-on-year change; and, where an
//! answer matches a round (same lineage, role and year), the agreement of the two
//! methods. Pure: answers and rounds in, cells out. The two methods are never mixed
//! into one rate.

mod agreement;
mod frames;
mod rates;
mod weights;

use std::collections::{BTreeSet, HashMap};

use crate::domain::{Country, Geography, Phase, RecruitmentYear, Region, Role};
use crate::ingest::survey::Answer;
use crate::lineage::Lineages;
use crate::measures::cube::top_national;
use crate::measures::{CellKey, PanelFilters};
pub use agreement::AgreementCell;
pub use frames::{frame_rounds, register_schools};
pub use rates::{SurveyCell, WeightedChange, WeightedRate};

/// A cell of `survey_rates` and `survey_agreement`: year, geography, phase and post.
pub type SurveyKey = CellKey<PanelFilters>;

/// Where a round or school is: its phase, and its country and region when the register
/// places it (a round at a school not in the register has neither).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub phase: Phase,
    pub country: Option<Country>,
    pub region: Option<Region>,
}

impl Place {
    /// The weighting stratum: the English region, or the country (Wales has no regions);
    /// `None` for a school the register does not place.
    fn stratum(self) -> Option<Geography> {
        match (self.region, self.country) {
            (Some(r), _) => Some(Geography::Regional(r)),
            (None, Some(c)) => Some(Geography::National(c)),
            (None, None) => None,
        }
    }

    /// Every geography the place counts in: the top National row, its country's own
    /// row when the data has two countries, and its region (DESIGN.md, Outputs).
    fn geographies(self, countries: &[Country]) -> Vec<Geography> {
        let mut out = vec![Geography::National(top_national(countries))];
        if let Some(c) = self.country {
            if countries.len() > 1 {
                out.push(Geography::National(c));
            }
        }
        out.extend(self.region.map(Geography::Regional));
        out
    }
}

/// One advert-derived round that counts, as the survey frame sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameRound {
    pub lineage: u32,
    pub role: Role,
    pub year: RecruitmentYear,
    pub place: Place,
    /// The advert evidence: the round was re-advertised.
    pub readvertised: bool,
}

/// A school in the register: in scope or not, and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegisterSchool {
    pub in_scope: bool,
    pub place: Option<Place>,
}

/// What happened to the answers, for quality.json.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SurveyCounts {
    pub answers_read: usize,
    pub matched: usize,
    /// In scope and in the build's years, but no round of the same lineage, role and
    /// year: counted in the unweighted rate only.
    pub unmatched: usize,
    /// The school is not in the register: left out of every figure.
    pub school_not_in_register: usize,
    /// The school is out of scope: left out of every figure.
    pub school_out_of_scope: usize,
    /// About a year the build does not cover (after the report year, or before the
    /// adverts start): left out.
    pub outside_the_years: usize,
    /// A second answer about a post already answered for under another URN of the same
    /// school lineage (before and after a conversion): left out, the first kept.
    pub post_answered_twice: usize,
    /// Weighting cells (year, post, phase, region, evidence) with rounds but no answer,
    /// merged with the same phase and evidence across regions.
    pub weighting_cells_merged: usize,
    /// Rounds of a survey year whose phase and evidence had no answer in any region:
    /// the weighted rates do not represent them.
    pub rounds_without_answers: u64,
    /// Rounds at schools not in the register: in the frame's counts, not in any
    /// weighting cell.
    pub rounds_not_placed: u64,
}

/// Everything the survey method gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurveyFigures {
    pub cells: Vec<SurveyCell>,
    pub agreement: Vec<AgreementCell>,
    pub counts: SurveyCounts,
}

/// An answer that counts, placed and (when matched) with its round's evidence.
struct Placed {
    role: Role,
    year: RecruitmentYear,
    place: Place,
    said_unfilled: bool,
    /// The matched round's evidence; `None` when no round matched.
    readvertised: Option<bool>,
}

/// The survey's figures for `years` (the build's years): answers placed and matched,
/// weights made, cells summed.
pub fn survey_figures(
    answers: &[Answer],
    rounds: &[FrameRound],
    schools: &HashMap<u32, RegisterSchool>,
    lineages: &Lineages,
    years: &[RecruitmentYear],
    countries: &[Country],
) -> SurveyFigures {
    let mut counts = SurveyCounts {
        answers_read: answers.len(),
        ..SurveyCounts::default()
    };
    let by_post: HashMap<(u32, Role, RecruitmentYear), &FrameRound> = rounds
        .iter()
        .map(|r| ((r.lineage, r.role, r.year), r))
        .collect();
    let mut answered: std::collections::HashSet<(u32, Role, RecruitmentYear)> =
        std::collections::HashSet::new();
    let mut placed = Vec::new();
    for a in answers {
        if !years.contains(&a.year) {
            counts.outside_the_years += 1;
            continue;
        }
        let school = match schools.get(&a.school_urn) {
            None => {
                counts.school_not_in_register += 1;
                continue;
            }
            Some(s) if !s.in_scope => {
                counts.school_out_of_scope += 1;
                continue;
            }
            Some(s) => s,
        };
        let post = (lineages.of(a.school_urn), a.role, a.year);
        let round = by_post.get(&post);
        if round.is_some() && !answered.insert(post) {
            counts.post_answered_twice += 1;
            continue;
        }
        let (place, readvertised) = match round {
            Some(r) => {
                counts.matched += 1;
                (r.place, Some(r.readvertised))
            }
            None => {
                counts.unmatched += 1;
                (school.place.expect("in scope means placed"), None)
            }
        };
        placed.push(Placed {
            role: a.role,
            year: a.year,
            place,
            said_unfilled: !a.appointed_after_first_advert,
            readvertised,
        });
    }
    let survey_years: BTreeSet<RecruitmentYear> = placed.iter().map(|p| p.year).collect();
    let weights = weights::weights(&placed, rounds, &survey_years, &mut counts);
    let cells = rates::rate_cells(&placed, &weights, rounds, &survey_years, countries);
    let agreement = agreement::agreement_cells(&placed, &survey_years, countries);
    SurveyFigures {
        cells,
        agreement,
        counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Item;
    use crate::measures::proportion::Proportion;
    use crate::measures::stats::wilson_interval_effective;
    use rand::{Rng, SeedableRng};

    const NE: &str = "E12000001";
    const LONDON: &str = "E12000007";
    const SW: &str = "E12000009";
    const Y: RecruitmentYear = RecruitmentYear(2010);

    fn place(region: &str) -> Place {
        Place {
            phase: Phase::Primary,
            country: Some(Country::England),
            region: Region::from_code(region),
        }
    }

    fn round(lineage: u32, region: &str, readvertised: bool) -> FrameRound {
        FrameRound {
            lineage,
            role: Role::Head,
            year: Y,
            place: place(region),
            readvertised,
        }
    }

    fn answer(urn: u32, appointed: bool) -> Answer {
        Answer {
            school_urn: urn,
            role: Role::Head,
            year: Y,
            appointed_after_first_advert: appointed,
            advert_count: None,
            line: u64::from(urn),
        }
    }

    fn cell(f: &SurveyFigures, geography: Geography) -> &SurveyCell {
        f.cells
            .iter()
            .find(|c| {
                c.key.geography == geography
                    && c.key.filters
                        == PanelFilters {
                            phase: Item::Of(Phase::Primary),
                            post: Item::Of(Role::Head),
                        }
            })
            .expect("cell")
    }

    /// Primary head posts in 2010/11, England only, three regions.
    ///
    /// Rounds (lineage: re-advertised or not): North East 1-4 re-advertised, 5-10 not;
    /// London 11-13 re-advertised, 14-20 not; South West 21 re-advertised, 22-24 not.
    /// Answers: NE 1 no, 2 yes, 5 yes, 6 no, 7 yes; London 11 no, 14-17 yes; school 25
    /// (NE, in the register, no round) yes; school 999 (not in the register) no.
    ///
    /// Weighting cells (phase x region x evidence), weight = rounds / answers, and the
    /// South West's two cells (no answers) merged across regions: their rounds spread
    /// over the group's answers.
    /// - re-advertised: NE 4/2, London 3/1, SW 1 round over 3 answers: NE 2 + 1/3 = 7/3,
    ///   London 3 + 1/3 = 10/3. Sum 2(7/3) + 10/3 = 8 = the group's rounds.
    /// - not re-advertised: NE 6/3, London 7/4, SW 3 rounds over 7 answers: NE 2 + 3/7 =
    ///   17/7, London 7/4 + 3/7 = 61/28. Sum 3(17/7) + 4(61/28) = 16.
    ///
    /// Weighted "no": 1 (7/3) + 11 (10/3) + 6 (17/7) = 17/3 + 17/7 = 170/21 of 24:
    /// 170/504 = 33.73%. Unweighted: 3 "no" (1, 6, 11) of 11 answers (25 included) =
    /// 27.27%. Sum of squared weights: 2(49/9) + 100/9 + 3(289/49) + 4(3721/784) = 22 +
    /// 7189/196 = 11501/196, so the Kish effective size is 24^2 / (11501/196) =
    /// 112896/11501 = 9.8162. North East alone: (7/3 + 17/7) / (14/3 + 51/7) = 100/251.
    /// Agreement (matched answers): no & re-advertised 2 (1, 11), no & not 1 (6), yes &
    /// re-advertised 1 (2), yes & not 6; the adverts see 2 of 3 "no" answers.
    #[test]
    fn weights_rates_and_agreement_worked_by_hand() {
        let mut rounds = Vec::new();
        for l in 1..=10 {
            rounds.push(round(l, NE, l <= 4));
        }
        for l in 11..=20 {
            rounds.push(round(l, LONDON, l <= 13));
        }
        for l in 21..=24 {
            rounds.push(round(l, SW, l == 21));
        }
        let mut schools: HashMap<u32, RegisterSchool> = HashMap::new();
        for r in &rounds {
            schools.insert(
                r.lineage,
                RegisterSchool {
                    in_scope: true,
                    place: Some(r.place),
                },
            );
        }
        schools.insert(
            25,
            RegisterSchool {
                in_scope: true,
                place: Some(place(NE)),
            },
        );
        let answers: Vec<Answer> = [
            (1, false),
            (2, true),
            (5, true),
            (6, false),
            (7, true),
            (11, false),
            (14, true),
            (15, true),
            (16, true),
            (17, true),
            (25, true),
            (999, false),
        ]
        .into_iter()
        .map(|(u, a)| answer(u, a))
        .collect();
        let f = survey_figures(
            &answers,
            &rounds,
            &schools,
            &Lineages::default(),
            &[Y],
            &[Country::England],
        );
        assert_eq!(
            f.counts,
            SurveyCounts {
                answers_read: 12,
                matched: 10,
                unmatched: 1,
                school_not_in_register: 1,
                weighting_cells_merged: 2,
                ..SurveyCounts::default()
            }
        );
        let england = cell(&f, Geography::National(Country::England));
        assert_eq!(
            (
                england.post_count,
                england.response_count,
                england.matched_response_count
            ),
            (24, 11, 10)
        );
        assert_eq!(england.unweighted, Proportion::new(3, 11));
        let w = england.weighted.expect("weighted");
        assert!((w.rate - 170.0 / 504.0).abs() < 1e-12, "{}", w.rate);
        assert!((w.effective_n - 112_896.0 / 11_501.0).abs() < 1e-9);
        assert_eq!(
            (w.lower, w.upper),
            wilson_interval_effective(w.rate, w.effective_n)
        );
        assert!(england.change.is_none());
        let ne = cell(&f, Geography::Regional(Region::from_code(NE).unwrap()));
        assert!((ne.weighted.unwrap().rate - 100.0 / 251.0).abs() < 1e-12);
        assert_eq!((ne.post_count, ne.response_count), (10, 6));
        let sw = cell(&f, Geography::Regional(Region::from_code(SW).unwrap()));
        assert_eq!(
            (sw.post_count, sw.response_count, sw.weighted),
            (4, 0, None)
        );
        let a = f
            .agreement
            .iter()
            .find(|c| {
                c.key.filters.phase == Item::Of(Phase::Primary)
                    && c.key.filters.post == Item::Of(Role::Head)
            })
            .unwrap();
        assert_eq!(
            (
                a.unfilled_readvertised,
                a.unfilled_not_readvertised,
                a.filled_readvertised,
                a.filled_not_readvertised
            ),
            (2, 1, 1, 6)
        );
        assert_eq!(a.detection(), Proportion::new(2, 3));
        assert_eq!(a.agreement(), Proportion::new(8, 10));
    }

    /// A school that converted answers twice for one post, under each URN: the first
    /// answer (in file order) is kept, the second left out and counted.
    #[test]
    fn a_post_answered_under_both_urns_of_a_lineage_counts_once() {
        let links = [crate::ingest::links::Link {
            urn: 1,
            link_urn: 2,
            link_type: "Successor".into(),
        }];
        let lineages = Lineages::from_links(&links, |_| true);
        let rounds = [round(1, NE, true)];
        let schools: HashMap<u32, RegisterSchool> = [1, 2]
            .into_iter()
            .map(|u| {
                (
                    u,
                    RegisterSchool {
                        in_scope: true,
                        place: Some(place(NE)),
                    },
                )
            })
            .collect();
        let answers = [answer(2, false), answer(1, true)];
        let f = survey_figures(
            &answers,
            &rounds,
            &schools,
            &lineages,
            &[Y],
            &[Country::England],
        );
        assert_eq!((f.counts.matched, f.counts.post_answered_twice), (1, 1));
        let c = cell(&f, Geography::National(Country::England));
        assert_eq!(c.unweighted, Proportion::new(1, 1));
    }

    /// A weighted rate a year on: the change and its test use the effective sizes.
    #[test]
    fn the_weighted_change_is_tested_on_effective_sizes() {
        let mut rounds = Vec::new();
        let mut answers = Vec::new();
        let mut schools = HashMap::new();
        for (year, unfilled) in [(2009, 20), (2010, 40)] {
            for l in 0..100u32 {
                let urn = 1000 * year as u32 + l;
                let r = FrameRound {
                    year: RecruitmentYear(year),
                    ..round(urn, NE, l < unfilled)
                };
                rounds.push(r);
                schools.insert(
                    urn,
                    RegisterSchool {
                        in_scope: true,
                        place: Some(r.place),
                    },
                );
                answers.push(Answer {
                    year: RecruitmentYear(year),
                    ..answer(urn, l >= unfilled)
                });
            }
        }
        let years = [RecruitmentYear(2009), RecruitmentYear(2010)];
        let f = survey_figures(
            &answers,
            &rounds,
            &schools,
            &Lineages::default(),
            &years,
            &[Country::England],
        );
        let c = f
            .cells
            .iter()
            .find(|c| {
                c.key.year == Y
                    && c.key.geography == Geography::National(Country::England)
                    && c.key.filters.post.is_total()
                    && c.key.filters.phase.is_total()
            })
            .unwrap();
        let change = c.change.expect("a change");
        // Everyone answered, so every weight is 1: the counted test applies exactly.
        assert!((change.change - 0.2).abs() < 1e-12);
        let counted = crate::measures::stats::two_proportion_p_value(40, 100, 20, 100).unwrap();
        assert!((change.p_value.unwrap() - counted).abs() < 1e-12);
        assert!(change.significant);
    }

    /// A seeded population of 200,000 rounds where schools that failed to appoint answer
    /// half as often (25% against 50%), and the adverts show a re-advertisement for 90%
    /// of unfilled posts and 5% of filled ones. True unfilled share 35%. Expected: the
    /// unweighted rate about 21% (bias about -14 points); weighting by advert evidence
    /// about 30.6% (bias about -4.4 points: it corrects what the evidence explains).
    /// Tolerance: each within 1 point of its expected value, and the weighted bias under
    /// half the unweighted.
    #[test]
    fn weighting_by_advert_evidence_removes_most_of_the_non_response_bias() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20);
        let (mut rounds, mut answers, mut schools) = (Vec::new(), Vec::new(), HashMap::new());
        let mut truly_unfilled = 0u32;
        for l in 0..200_000u32 {
            let unfilled = rng.gen_bool(0.35);
            truly_unfilled += u32::from(unfilled);
            let readvertised = rng.gen_bool(if unfilled { 0.9 } else { 0.05 });
            let region = [NE, LONDON, SW][(l % 3) as usize];
            let r = round(l + 1, region, readvertised);
            rounds.push(r);
            schools.insert(
                l + 1,
                RegisterSchool {
                    in_scope: true,
                    place: Some(r.place),
                },
            );
            if rng.gen_bool(if unfilled { 0.25 } else { 0.5 }) {
                answers.push(answer(l + 1, !unfilled));
            }
        }
        let truth = f64::from(truly_unfilled) / 200_000.0;
        let f = survey_figures(
            &answers,
            &rounds,
            &schools,
            &Lineages::default(),
            &[Y],
            &[Country::England],
        );
        let all = cell(&f, Geography::National(Country::England));
        let unweighted = all.unweighted.unwrap();
        let unweighted = unweighted.k as f64 / unweighted.n as f64;
        let weighted = all.weighted.unwrap().rate;
        let (bias_u, bias_w) = (unweighted - truth, weighted - truth);
        assert!((unweighted - 0.212).abs() < 0.01, "unweighted {unweighted}");
        assert!((weighted - 0.306).abs() < 0.01, "weighted {weighted}");
        assert!(
            bias_w.abs() < 0.5 * bias_u.abs(),
            "biases {bias_w} {bias_u}"
        );
    }
}
