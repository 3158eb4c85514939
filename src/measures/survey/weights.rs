//! The weights (DESIGN.md, Survey method): each matched answer weighted to the rounds of
//! its cell of phase x region x advert evidence; cells without answers merged across
//! regions.

use std::collections::{BTreeMap, BTreeSet};

use super::{FrameRound, Placed, SurveyCounts};
use crate::domain::{Geography, Phase, RecruitmentYear, Role};

/// A weighting group: year, post, phase and advert evidence; its cells are regions.
type Group = (RecruitmentYear, Role, Phase, bool);

/// Each matched answer's weight (`None` for an unmatched one), DESIGN.md's rule: in a
/// weighting cell (group x region) with answers, rounds / answers; the rounds of the
/// group's cells without answers are spread over all of the group's answers.
pub(super) fn weights(
    placed: &[Placed],
    rounds: &[FrameRound],
    survey_years: &BTreeSet<RecruitmentYear>,
    counts: &mut SurveyCounts,
) -> Vec<Option<f64>> {
    let mut cell_rounds: BTreeMap<(Group, Geography), u64> = BTreeMap::new();
    for r in rounds.iter().filter(|r| survey_years.contains(&r.year)) {
        match r.place.stratum() {
            Some(s) => {
                *cell_rounds
                    .entry(((r.year, r.role, r.place.phase, r.readvertised), s))
                    .or_default() += 1
            }
            None => counts.rounds_not_placed += 1,
        }
    }
    let mut cell_answers: BTreeMap<(Group, Geography), u64> = BTreeMap::new();
    for p in placed {
        if let (Some(e), Some(s)) = (p.readvertised, p.place.stratum()) {
            *cell_answers
                .entry(((p.year, p.role, p.place.phase, e), s))
                .or_default() += 1;
        }
    }
    // Per group: its answers, and the rounds of its cells with none.
    let mut group_answers: BTreeMap<Group, u64> = BTreeMap::new();
    for ((g, _), n) in &cell_answers {
        *group_answers.entry(*g).or_default() += n;
    }
    let mut group_unanswered: BTreeMap<Group, u64> = BTreeMap::new();
    for ((g, s), rounds) in &cell_rounds {
        if !cell_answers.contains_key(&(*g, *s)) {
            *group_unanswered.entry(*g).or_default() += rounds;
            if group_answers.contains_key(g) {
                counts.weighting_cells_merged += 1;
            } else {
                counts.rounds_without_answers += rounds;
            }
        }
    }
    placed
        .iter()
        .map(|p| {
            let e = p.readvertised?;
            let s = p.place.stratum()?;
            let g = (p.year, p.role, p.place.phase, e);
            let own = cell_rounds.get(&(g, s)).copied().unwrap_or(0) as f64
                / cell_answers[&(g, s)] as f64;
            let spread =
                group_unanswered.get(&g).copied().unwrap_or(0) as f64 / group_answers[&g] as f64;
            Some(own + spread)
        })
        .collect()
}
