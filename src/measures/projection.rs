//! Provisional years, completeness and projection (DESIGN.md, Definitions). A post opened
//! shortly before the data end may still be re-advertised, so a provisional year's rate
//! is a lower bound. Completeness is the share of its eventual re-advertisements already
//! seen, estimated from how long re-advertisement took (first advert to first
//! re-advertisement) for head teacher posts of the last five final years; the projected
//! rate is observed re-advertised posts / completeness / posts, and its interval is the
//! Wilson interval scaled the same way (so it widens with the projection). Pure.

use polars::prelude::*;

use crate::domain::{Item, Phase, RecruitmentYear, Role};
use crate::measures::proportion::Proportion;

/// How many final years before the report year the gaps are taken from.
pub const REFERENCE_YEARS: i32 = 5;

/// A provisional rate's projection to the complete year, as proportions (0..1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    /// The share of eventual re-advertisements expected to be seen already (0..1].
    pub completeness: f64,
    pub rate: f64,
    pub lower: f64,
    pub upper: f64,
    /// The re-advertisement gaps the completeness rests on.
    pub reference_gaps: usize,
}

/// The share of `gaps` (sorted) at most `window` days.
fn share_within(gaps: &[i32], window: i32) -> f64 {
    let seen = gaps.partition_point(|&g| g <= window);
    seen as f64 / gaps.len() as f64
}

/// The days from opening to the first re-advertisement of the re-advertised head
/// teacher posts of the last `REFERENCE_YEARS` final years.
fn reference_gaps(heads: LazyFrame, final_years: &[RecruitmentYear]) -> PolarsResult<Vec<i32>> {
    let reference: Vec<i32> = final_years
        .iter()
        .rev()
        .take(REFERENCE_YEARS as usize)
        .map(|y| y.0)
        .collect();
    let gaps_frame = heads
        .filter(reference.iter().fold(lit(false), |any, y| {
            any.or(col("recruitment_year").eq(lit(*y)))
        }))
        .filter(col("first_readvertised_on").is_not_null())
        .select([(col("first_readvertised_on") - col("opened_on")).alias("gap")])
        .collect()?;
    let gaps: Vec<i32> = gaps_frame
        .column("gap")?
        .i32()?
        .into_no_null_iter()
        .collect();
    Ok(gaps)
}

/// Projections of the report year's head teacher rates at the top National level, by
/// phase and for all phases, from `posts` (every counted post up to the report year).
/// `None` when the year is not provisional or no earlier final year gives a gap.
pub fn head_projections(
    posts: &DataFrame,
    year: RecruitmentYear,
    final_years: &[RecruitmentYear],
    observed_until: i32,
) -> PolarsResult<Vec<(Item<Phase>, Proportion, Projection)>> {
    let heads = posts
        .clone()
        .lazy()
        .filter(col("post").eq(lit(Role::Head.post_name())));
    let mut gaps = reference_gaps(heads.clone(), final_years)?;
    if gaps.is_empty() {
        return Ok(Vec::new());
    }
    gaps.sort_unstable();
    let now = heads
        .filter(col("recruitment_year").eq(lit(year.0)))
        .select([
            col("education_phase"),
            col("opened_on"),
            col("is_readvertised"),
        ])
        .collect()?;
    let phases = now.column("education_phase")?.str()?;
    let opened = now.column("opened_on")?.i32()?;
    let readvertised = now.column("is_readvertised")?.bool()?;
    let mut out = Vec::new();
    for item in Item::<Phase>::all() {
        let (mut n, mut k, mut expected) = (0u64, 0u64, 0.0f64);
        for i in 0..now.height() {
            let in_item = match item {
                Item::Total => true,
                Item::Of(p) => phases.get(i) == Some(p.name()),
            };
            if !in_item {
                continue;
            }
            n += 1;
            k += u64::from(readvertised.get(i).unwrap_or(false));
            expected += share_within(
                &gaps,
                observed_until - opened.get(i).unwrap_or(observed_until),
            );
        }
        let Some(observed) = Proportion::new(k, n) else {
            continue;
        };
        let completeness = expected / n as f64;
        if completeness <= 0.0 || completeness >= 1.0 {
            continue;
        }
        let scale = |v: f64| (v / completeness).min(1.0);
        out.push((
            item,
            observed,
            Projection {
                completeness,
                rate: scale(k as f64 / n as f64),
                lower: scale(observed.lower),
                upper: scale(observed.upper),
                reference_gaps: gaps.len(),
            },
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completeness_is_the_share_of_gaps_within_each_posts_window() {
        // Gaps of 30, 60, 90 and 120 days: a post watched for 60 days has seen half of
        // the re-advertisements it will get.
        let gaps = [30, 60, 90, 120];
        assert_eq!(share_within(&gaps, 60), 0.5);
        assert_eq!(share_within(&gaps, 10), 0.0);
        assert_eq!(share_within(&gaps, 365), 1.0);
    }

    #[test]
    fn a_provisional_rate_is_projected_up_from_its_lower_bound() {
        // Final year 2009: four re-advertised head posts, gaps 30, 60, 90 and 120 days.
        // Year 2010: two primary posts opened 60 days before the data end, one
        // re-advertised; completeness 0.5, so 1 of 2 observed projects to 100% (capped),
        // and two posts opened 200 days before, none re-advertised (completeness 1).
        let day0 = 20_000;
        let rows: Vec<(i32, &str, i32, Option<i32>, bool)> = vec![
            (2009, "Primary", day0, Some(day0 + 30), true),
            (2009, "Primary", day0, Some(day0 + 60), true),
            (2009, "Primary", day0, Some(day0 + 90), true),
            (2009, "Primary", day0, Some(day0 + 120), true),
            (2010, "Primary", day0 + 400, Some(day0 + 430), true),
            (2010, "Primary", day0 + 400, None, false),
            (2010, "Secondary", day0 + 260, None, false),
            (2010, "Secondary", day0 + 260, None, false),
        ];
        let posts = df!(
            "recruitment_year" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "post" => vec![Role::Head.post_name(); rows.len()],
            "education_phase" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            "opened_on" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            "first_readvertised_on" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            "is_readvertised" => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
        )
        .unwrap();
        let got = head_projections(
            &posts,
            RecruitmentYear(2010),
            &[RecruitmentYear(2009)],
            day0 + 460,
        )
        .unwrap();
        let primary = got
            .iter()
            .find(|g| g.0 == Item::Of(Phase::Primary))
            .unwrap();
        assert_eq!(primary.2.completeness, 0.5);
        assert_eq!(primary.2.rate, 1.0);
        // All phases: windows 60, 60, 200, 200 -> completeness (0.5 + 0.5 + 1 + 1) / 4.
        let total = got.iter().find(|g| g.0 == Item::Total).unwrap();
        assert_eq!(total.2.completeness, 0.75);
        assert!((total.2.rate - 0.25 / 0.75).abs() < 1e-12);
        assert!(total.2.lower < total.2.rate && total.2.rate < total.2.upper);
        // Secondary has seen every re-advertisement it will get: nothing to project.
        assert!(got.iter().all(|g| g.0 != Item::Of(Phase::Secondary)));
    }
}
