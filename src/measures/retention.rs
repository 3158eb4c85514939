//! Retention and new-head survival from the leadership workforce panel (DESIGN.md,
//! Definitions: Retention, New heads). Pure: frames in, plain cells out. A person is
//! a number here; their id never left ingest.
//!
//! - One role per person and census: the highest role, ties to the lowest URN.
//! - Retention, census y to y+1 (published under y's academic year), for each leader at
//!   census y whose school is in scope: stayed in the same post, same role at another
//!   school, promoted, other (lower) leadership role, or left leadership (absent at
//!   y+1). Only years whose next census is in the panel have a transition.
//! - A new head is head of school s at census y but not at y-1 (y-1 must be in the
//!   panel). Survival k years on (1..5) counts cohort members head of s at census y+k,
//!   over the cohort, for every k whose census is in the panel. A head absent for a
//!   year and back at s counts as left in the transition and as in post k years on:
//!   both definitions are read literally.
//!
//! Phase and geography are those of the person's school at census y (the register
//! entry of that URN; an academy conversion is a new URN and so another school).

use std::collections::BTreeSet;

use polars::prelude::*;

use crate::disclosure::{confidential, families};
use crate::domain::{RecruitmentYear, Role, ENGLAND_AND_WALES};
use crate::measures::cube::{by_geography, with_totals};
use crate::measures::frame::{counts as counts_of, strings, years};
use crate::measures::panel::{
    count, one_role_per_person_year, CohortCounts, RetentionCounts, Schools, StillCounts,
};
use crate::measures::{CellKey, TOTAL};

/// One published cell of `retention`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionCell {
    pub key: CellKey,
    pub leader_count: u64,
    pub stayed_in_post_count: u64,
    pub moved_school_same_role_count: u64,
    pub promoted_count: u64,
    pub other_leadership_role_count: u64,
    pub left_leadership_count: u64,
}

impl RetentionCell {
    /// Stayed in post or moved school in the same role.
    pub fn retained_in_role(&self) -> u64 {
        self.stayed_in_post_count + self.moved_school_same_role_count
    }

    /// Everyone but those who left leadership.
    pub fn retained_in_leadership(&self) -> u64 {
        self.leader_count - self.left_leadership_count
    }

    /// The five transitions, in table order.
    pub fn transitions(&self) -> [u64; 5] {
        [
            self.stayed_in_post_count,
            self.moved_school_same_role_count,
            self.promoted_count,
            self.other_leadership_role_count,
            self.left_leadership_count,
        ]
    }
}

/// One published cell of `new_head_survival`: the cohort of new heads of a year
/// (`key.year`), `years_after` censuses on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurvivalCell {
    pub key: CellKey,
    pub years_after: u32,
    pub new_head_count: u64,
    pub still_in_post_count: u64,
}

/// Everything the panel gives, for censuses up to the report year.
#[derive(Debug, Clone, Default)]
pub struct PanelMeasures {
    pub retention: Vec<RetentionCell>,
    pub survival: Vec<SurvivalCell>,
    /// Census years in the panel (up to the report year).
    pub censuses: Vec<i32>,
    /// Person-years whose school is not in the register, or out of scope: left out.
    pub unknown_school: u64,
    pub out_of_scope: u64,
    /// Person-years with more than one row (one role kept).
    pub several_posts: u64,
}

const TRANSITIONS: [&str; 5] = [
    "stayed_in_post_count",
    "moved_school_same_role_count",
    "promoted_count",
    "other_leadership_role_count",
    "left_leadership_count",
];

fn key_of(level: &str, country: &str, region: &str, phase: &str, post: &str, year: i32) -> CellKey {
    CellKey {
        year: RecruitmentYear(year),
        geographic_level: level.to_string(),
        country_code: country.to_string(),
        region_code: region.to_string(),
        education_phase: phase.to_string(),
        post: post.to_string(),
        school_religious_character: String::new(),
    }
}

/// Retention and survival cells for censuses up to `up_to`, at every geography in
/// `countries` (see `cube::by_geography`), each filter with a Total.
pub fn panel_measures(
    panel: &DataFrame,
    schools: &DataFrame,
    countries: &[&str],
    up_to: i32,
) -> PolarsResult<PanelMeasures> {
    let (posts, several_posts) = one_role_per_person_year(panel, up_to)?;
    let censuses: Vec<i32> = posts
        .iter()
        .map(|p| p.year)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let has = |y: i32| censuses.binary_search(&y).is_ok();
    let schools = Schools::new(schools)?;
    let (retention, cohorts, still, unknown_school, out_of_scope) =
        count(&posts, &schools, &censuses, &has);
    Ok(PanelMeasures {
        retention: retention_cells(&retention, &schools, countries)?,
        survival: survival_cells(&cohorts, &still, &schools, countries, &has)?,
        censuses,
        unknown_school,
        out_of_scope,
        several_posts,
    })
}

/// A frame of the finest cells: year, geography and phase of each group, then `columns`.
fn finest_frame(
    schools: &Schools,
    keys: &[(i32, u32)],
    mut columns: Vec<Column>,
) -> PolarsResult<LazyFrame> {
    let group = |i: usize| &schools.groups[keys[i].1 as usize];
    let n = keys.len();
    let mut all = vec![
        Column::new(
            "recruitment_year".into(),
            keys.iter().map(|k| k.0).collect::<Vec<_>>(),
        ),
        Column::new(
            "country_code".into(),
            (0..n).map(|i| group(i).0.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "region_code".into(),
            (0..n).map(|i| group(i).1.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "education_phase".into(),
            (0..n).map(|i| group(i).2.as_str()).collect::<Vec<_>>(),
        ),
    ];
    all.append(&mut columns);
    Ok(DataFrame::new_infer_height(all)?.lazy())
}

fn retention_cells(
    counts: &RetentionCounts,
    schools: &Schools,
    countries: &[&str],
) -> PolarsResult<Vec<RetentionCell>> {
    let keys: Vec<(i32, u32)> = counts.keys().map(|k| (k.0, k.1)).collect();
    let mut columns = vec![Column::new(
        "post".into(),
        counts
            .keys()
            .map(|k| Role::ALL[usize::from(k.2)].post_name())
            .collect::<Vec<_>>(),
    )];
    let mut sums = vec!["leader_count"];
    sums.extend(TRANSITIONS);
    for (i, name) in sums.iter().enumerate() {
        columns.push(Column::new(
            (*name).into(),
            counts.values().map(|c| c[i] as i64).collect::<Vec<_>>(),
        ));
    }
    let finest = finest_frame(schools, &keys, columns)?;
    let table = with_totals(
        by_geography(finest, countries)?,
        &["education_phase", "post"],
        &[],
        &sums,
    )?
    .collect()?;

    let text = |name: &str| strings(&table, name);
    let (year, level, country, region, phase, post) = (
        years(&table, "recruitment_year")?,
        text("geographic_level")?,
        text("country_code")?,
        text("region_code")?,
        text("education_phase")?,
        text("post")?,
    );
    let n: Vec<Vec<u64>> = sums
        .iter()
        .map(|s| counts_of(&table, s))
        .collect::<PolarsResult<_>>()?;
    let mut cells: Vec<RetentionCell> = (0..table.height())
        .map(|i| RetentionCell {
            key: key_of(
                &level[i],
                &country[i],
                &region[i],
                &phase[i],
                &post[i],
                year[i],
            ),
            leader_count: n[0][i],
            stayed_in_post_count: n[1][i],
            moved_school_same_role_count: n[2][i],
            promoted_count: n[3][i],
            other_leadership_role_count: n[4][i],
            left_leadership_count: n[5][i],
        })
        .collect();
    cells.sort_by_key(|c| c.key.sort_key());
    Ok(cells)
}

fn survival_cells(
    cohorts: &CohortCounts,
    still: &StillCounts,
    schools: &Schools,
    countries: &[&str],
    has: &dyn Fn(i32) -> bool,
) -> PolarsResult<Vec<SurvivalCell>> {
    // One row per cohort, group and k whose census exists.
    let rows: Vec<(i32, u32, i32, u64, u64)> = cohorts
        .iter()
        .flat_map(|(&(y, g), &n)| {
            (1..=5)
                .filter(move |k| has(y + k))
                .map(move |k| (y, g, k, n, still.get(&(y, g, k)).copied().unwrap_or(0)))
        })
        .collect();
    let keys: Vec<(i32, u32)> = rows.iter().map(|r| (r.0, r.1)).collect();
    let columns = vec![
        Column::new(
            "years_after_appointment".into(),
            rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        ),
        Column::new(
            "new_head_count".into(),
            rows.iter().map(|r| r.3 as i64).collect::<Vec<_>>(),
        ),
        Column::new(
            "still_in_post_count".into(),
            rows.iter().map(|r| r.4 as i64).collect::<Vec<_>>(),
        ),
    ];
    // National rows only: cohorts are small.
    let finest =
        finest_frame(schools, &keys, columns)?.with_columns([lit("").alias("region_code")]);
    let table = with_totals(
        by_geography(finest, countries)?,
        &["education_phase"],
        &["years_after_appointment"],
        &["new_head_count", "still_in_post_count"],
    )?
    .filter(col("geographic_level").eq(lit("National")))
    .collect()?;

    let text = |name: &str| strings(&table, name);
    let (year, country, phase, k) = (
        years(&table, "recruitment_year")?,
        text("country_code")?,
        text("education_phase")?,
        years(&table, "years_after_appointment")?,
    );
    let (cohort_n, still_n) = (
        counts_of(&table, "new_head_count")?,
        counts_of(&table, "still_in_post_count")?,
    );
    let mut cells: Vec<SurvivalCell> = (0..table.height())
        .map(|i| SurvivalCell {
            key: key_of(
                "National",
                &country[i],
                "",
                &phase[i],
                Role::Head.post_name(),
                year[i],
            ),
            years_after: k[i].max(0) as u32,
            new_head_count: cohort_n[i],
            still_in_post_count: still_n[i],
        })
        .collect();
    cells.sort_by_key(|c| (c.key.sort_key(), c.years_after));
    Ok(cells)
}

/// The total a cell adds into along geography: a region into England, a country into
/// England and Wales.
fn geography_parent(k: &CellKey) -> Option<CellKey> {
    if k.geographic_level == "Regional" {
        Some(CellKey {
            geographic_level: "National".into(),
            region_code: String::new(),
            ..k.clone()
        })
    } else if k.country_code != ENGLAND_AND_WALES.0 {
        Some(CellKey {
            country_code: ENGLAND_AND_WALES.0.into(),
            ..k.clone()
        })
    } else {
        None
    }
}

fn total_of(item: &str) -> Option<()> {
    (item != TOTAL).then_some(())
}

/// Which retention cells publish `c` (disclosure::confidential): base below `min_base`,
/// and the complements that would give one away through a phase, post or geography
/// total.
pub fn confidential_retention(cells: &[RetentionCell], min_base: u32) -> Vec<bool> {
    let owned: Vec<CellKey> = cells.iter().map(|c| c.key.clone()).collect();
    let by_phase = |k: &CellKey| {
        total_of(&k.education_phase).map(|_| CellKey {
            education_phase: TOTAL.into(),
            ..k.clone()
        })
    };
    let by_post = |k: &CellKey| {
        total_of(&k.post).map(|_| CellKey {
            post: TOTAL.into(),
            ..k.clone()
        })
    };
    let fams = families(&owned, &[&by_phase, &by_post, &geography_parent]);
    let bases: Vec<u64> = cells.iter().map(|c| c.leader_count).collect();
    confidential(&bases, min_base, &fams)
}

/// Which survival cells publish `c`: as for retention, within each years-after value,
/// along phase and country.
pub fn confidential_survival(cells: &[SurvivalCell], min_base: u32) -> Vec<bool> {
    let keys: Vec<(CellKey, u32)> = cells
        .iter()
        .map(|c| (c.key.clone(), c.years_after))
        .collect();
    let by_phase = |k: &(CellKey, u32)| {
        total_of(&k.0.education_phase).map(|_| {
            (
                CellKey {
                    education_phase: TOTAL.into(),
                    ..k.0.clone()
                },
                k.1,
            )
        })
    };
    let by_country = |k: &(CellKey, u32)| geography_parent(&k.0).map(|p| (p, k.1));
    let fams = families(&keys, &[&by_phase, &by_country]);
    let bases: Vec<u64> = cells.iter().map(|c| c.new_head_count).collect();
    confidential(&bases, min_base, &fams)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measures::panel::panel_frame;
    use proptest::prelude::*;

    fn schools() -> DataFrame {
        df!(
            "school_urn" => [1u32, 2, 3],
            "in_scope" => [true, true, true],
            "education_phase" => ["Primary", "Primary", "Secondary"],
            "country_code" => ["E92000001"; 3],
            "region_code" => ["E12000001"; 3],
            "school_religious_character" => ["No religious character"; 3],
        )
        .unwrap()
    }

    proptest! {
        /// Whatever the panel, the five transitions of every cell sum to its base.
        #[test]
        fn transitions_sum_to_the_base(
            rows in proptest::collection::vec((2010i32..2014, 0u32..12, 1u32..4, 0i32..3), 1..80)
        ) {
            let m = panel_measures(&panel_frame(&rows), &schools(), &["E92000001"], 2020).unwrap();
            for c in &m.retention {
                prop_assert_eq!(c.transitions().iter().sum::<u64>(), c.leader_count);
            }
            for s in &m.survival {
                prop_assert!(s.still_in_post_count <= s.new_head_count);
            }
        }
    }
}
