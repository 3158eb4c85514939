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

use crate::domain::{Country, Phase, RecruitmentYear, TOTAL};
use crate::lineage::Lineages;
use crate::measures::change::against_previous_year;
use crate::measures::cube::{above_local_authority, cube, top_national, with_totals};
use crate::measures::frame::{counts as counts_of, strings, years};
use crate::measures::panel::{
    count, one_role_per_person_year, CohortCounts, RetentionCounts, Schools, StillCounts,
};
use crate::measures::proportion::{Comparison, Proportion};
use crate::measures::transitions::{Transition, Transitions};
use crate::measures::{geography, item, CellKey, PanelFilters, SurvivalFilters};

pub type RetentionKey = CellKey<PanelFilters>;
pub type SurvivalKey = CellKey<SurvivalFilters>;

/// The figures of one `retention` cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetentionFigures {
    pub transitions: Transitions,
    /// Stayed in post or moved school in the same role, of all leaders.
    pub retained_in_role: Proportion,
    /// Everyone but those who left leadership, of all leaders.
    pub retained_in_leadership: Proportion,
}

impl RetentionFigures {
    /// The rates of a cell's transitions; `None` when it has no leaders.
    fn of(transitions: Transitions) -> Option<Self> {
        let leaders = transitions.leaders();
        let in_role: u64 = Transition::ALL
            .iter()
            .filter(|t| t.is_retained_in_role())
            .map(|t| transitions.get(*t))
            .sum();
        Some(RetentionFigures {
            transitions,
            retained_in_role: Proportion::new(in_role, leaders)?,
            retained_in_leadership: Proportion::new(
                leaders - transitions.get(Transition::LeftLeadership),
                leaders,
            )?,
        })
    }

    pub fn leader_count(&self) -> u64 {
        self.retained_in_role.n
    }
}

/// One published cell of `retention`.
#[derive(Debug, Clone, PartialEq)]
pub struct RetentionCell {
    pub key: RetentionKey,
    pub figures: RetentionFigures,
    /// Retained in role against the same cell a year earlier (`None` in its first year).
    pub change: Option<Comparison>,
}

/// One published cell of `new_head_survival`: the cohort of new heads of a year
/// (`key.year`), `key.filters.years_after` censuses on (National rows only).
#[derive(Debug, Clone, PartialEq)]
pub struct SurvivalCell {
    pub key: SurvivalKey,
    /// Still head of the same school, of the cohort.
    pub still_in_post: Proportion,
}

impl SurvivalCell {
    pub fn new_head_count(&self) -> u64 {
        self.still_in_post.n
    }
}

/// Everything the panel gives, for censuses up to the report year.
#[derive(Debug, Clone, Default)]
pub struct PanelMeasures {
    pub retention: Vec<RetentionCell>,
    pub survival: Vec<SurvivalCell>,
    /// Census years in the panel (up to the report year).
    pub censuses: Vec<i32>,
    /// People in the panel at those censuses.
    pub people: u64,
    /// Person-years whose school is not in the register, or out of scope: left out.
    pub unknown_school: u64,
    pub out_of_scope: u64,
    /// Person-years with more than one row (one role kept).
    pub several_posts: u64,
}

/// Retention and survival cells for censuses up to `up_to`, at every geography in
/// `countries` (see `cube::cube`), each filter with a Total.
pub fn panel_measures(
    panel: &DataFrame,
    schools: &DataFrame,
    countries: &[Country],
    up_to: i32,
    lineages: &Lineages,
) -> PolarsResult<PanelMeasures> {
    let (mut posts, several_posts) = one_role_per_person_year(panel, up_to)?;
    for p in &mut posts {
        p.lineage = lineages.of(p.urn);
    }
    let censuses: Vec<i32> = posts
        .iter()
        .map(|p| p.year)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let has = |y: i32| censuses.binary_search(&y).is_ok();
    // Posts are sorted by person: each change of person is one more.
    let people = posts
        .iter()
        .enumerate()
        .filter(|(i, p)| *i == 0 || posts[i - 1].person != p.person)
        .count() as u64;
    let schools = Schools::new(schools)?;
    let (retention, cohorts, still, unknown_school, out_of_scope) =
        count(&posts, &schools, &censuses, &has);
    Ok(PanelMeasures {
        retention: retention_cells(&retention, &schools, countries)?,
        survival: survival_cells(&cohorts, &still, &schools, countries, &has)?,
        censuses,
        people,
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
            "la_code".into(),
            (0..n).map(|i| group(i).2.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "education_phase".into(),
            (0..n).map(|i| group(i).3.as_str()).collect::<Vec<_>>(),
        ),
    ];
    all.append(&mut columns);
    Ok(DataFrame::new_infer_height(all)?.lazy())
}
fn retention_cells(
    counts: &RetentionCounts,
    schools: &Schools,
    countries: &[Country],
) -> PolarsResult<Vec<RetentionCell>> {
    let keys: Vec<(i32, u32)> = counts.keys().map(|k| (k.0, k.1)).collect();
    let mut columns = vec![Column::new(
        "post".into(),
        counts.keys().map(|k| k.2.post_name()).collect::<Vec<_>>(),
    )];
    let sums: Vec<&str> = Transition::ALL.iter().map(|t| t.column()).collect();
    for (t, name) in Transition::ALL.iter().zip(&sums) {
        columns.push(Column::new(
            (*name).into(),
            counts
                .values()
                .map(|c| c.get(*t) as i64)
                .collect::<Vec<_>>(),
        ));
    }
    let finest = finest_frame(schools, &keys, columns)?;
    // Local authorities at phase and post Total only: an LA has a few dozen leaders, so
    // by phase or post nearly every LA cell would be withheld, and the few left would
    // give them away (docs/methods.md, Disclosure control).
    let filters = ["education_phase", "post"];
    let table = cube(finest, countries, &filters, &filters, &sums)?.collect()?;

    let text = |name: &str| strings(&table, name);
    let (year, level, country, region, la, phase, post) = (
        years(&table, "recruitment_year")?,
        text("geographic_level")?,
        text("country_code")?,
        text("region_code")?,
        text("la_code")?,
        text("education_phase")?,
        text("post")?,
    );
    let n: Vec<Vec<u64>> = sums
        .iter()
        .map(|s| counts_of(&table, s))
        .collect::<PolarsResult<_>>()?;
    let mut cells = Vec::with_capacity(table.height());
    for i in 0..table.height() {
        let mut transitions = Transitions::default();
        for (j, t) in Transition::ALL.iter().enumerate() {
            transitions.add(*t, n[j][i]);
        }
        let Some(figures) = RetentionFigures::of(transitions) else {
            continue;
        };
        cells.push(RetentionCell {
            key: CellKey {
                year: RecruitmentYear(year[i]),
                geography: geography(&level[i], &country[i], &region[i], &la[i])?,
                filters: PanelFilters {
                    phase: item(&phase[i])?,
                    post: item(&post[i])?,
                },
            },
            figures,
            change: None,
        });
    }
    cells.sort_by_key(|c| c.key);
    let changes = against_previous_year(&cells, |c| &c.key, |c| c.figures.retained_in_role);
    for (c, change) in cells.iter_mut().zip(changes) {
        c.change = change;
    }
    Ok(cells)
}

/// The survival counts summed to the top National row, all phases.
fn top_national_totals(finest: LazyFrame, countries: &[Country]) -> PolarsResult<DataFrame> {
    let top = top_national(countries).code();
    with_totals(
        above_local_authority(finest, countries)?,
        &["education_phase"],
        &["years_after_appointment"],
        &["new_head_count", "still_in_post_count"],
    )?
    .filter(
        col("geographic_level")
            .eq(lit("National"))
            .and(col("country_code").eq(lit(top)))
            .and(col("education_phase").eq(lit(TOTAL))),
    )
    .collect()
}

fn survival_cells(
    cohorts: &CohortCounts,
    still: &StillCounts,
    schools: &Schools,
    countries: &[Country],
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
    // The top National row (England and Wales together where both), all phases, only:
    // a country's or a phase's cohort is small (special schools: 8 to 14 new heads a
    // year), and withheld it could be worked out from retention's head teacher rows
    // (heads at y = stayed in post from y-1 + new heads of y), or would tie those rows
    // into one system across all years (docs/methods.md, Disclosure control).
    let finest = finest_frame(schools, &keys, columns)?
        .with_columns([lit("").alias("region_code"), lit("").alias("la_code")]);
    let table = top_national_totals(finest, countries)?;

    let (year, country, phase, k) = (
        years(&table, "recruitment_year")?,
        strings(&table, "country_code")?,
        strings(&table, "education_phase")?,
        years(&table, "years_after_appointment")?,
    );
    let (cohort_n, still_n) = (
        counts_of(&table, "new_head_count")?,
        counts_of(&table, "still_in_post_count")?,
    );
    let mut cells = Vec::with_capacity(table.height());
    for i in 0..table.height() {
        let Some(still_in_post) = Proportion::new(still_n[i], cohort_n[i]) else {
            continue;
        };
        cells.push(SurvivalCell {
            key: CellKey {
                year: RecruitmentYear(year[i]),
                geography: geography("National", &country[i], "", "")?,
                filters: SurvivalFilters {
                    phase: item::<Phase>(&phase[i])?,
                    years_after: k[i].clamp(0, 5) as u8,
                },
            },
            still_in_post,
        });
    }
    cells.sort_by_key(|c| c.key);
    Ok(cells)
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
            "la_code" => ["E06000001"; 3],
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
            let m = panel_measures(&panel_frame(&rows), &schools(), &[Country::England], 2020, &Lineages::default()).unwrap();
            for c in &m.retention {
                let f = &c.figures;
                prop_assert_eq!(f.transitions.leaders(), f.leader_count());
                prop_assert!(f.retained_in_role.k <= f.retained_in_leadership.k);
            }
            for s in &m.survival {
                prop_assert!(s.still_in_post.k <= s.new_head_count());
            }
        }
    }
}
