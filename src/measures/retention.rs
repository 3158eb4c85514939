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
use crate::measures::frame::{counts, strings, years};
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

const SHIFT: i64 = 1 << 32;
const TRANSITIONS: [&str; 5] = [
    "stayed_in_post_count",
    "moved_school_same_role_count",
    "promoted_count",
    "other_leadership_role_count",
    "left_leadership_count",
];

/// One role per person and census: the highest role (lowest rank), ties to the lowest
/// URN, found as the minimum of `rank * 2^32 + urn`. `rows` counts the person's rows.
pub fn one_role_per_person_year(panel: LazyFrame) -> LazyFrame {
    let post_key = col("role_rank").cast(DataType::Int64) * lit(SHIFT)
        + col("school_urn").cast(DataType::Int64);
    panel
        .group_by([col("census_year"), col("person")])
        .agg([post_key.min().alias("post_key"), len().alias("rows")])
        .with_columns([
            (col("post_key").cast(DataType::Float64) / lit(SHIFT as f64))
                .cast(DataType::Int32)
                .alias("role_rank"),
        ])
        .with_columns([
            (col("post_key") - col("role_rank").cast(DataType::Int64) * lit(SHIFT))
                .cast(DataType::UInt32)
                .alias("school_urn"),
        ])
        .select([
            col("census_year"),
            col("person"),
            col("school_urn"),
            col("role_rank"),
            col("rows"),
        ])
}

fn post_name() -> Expr {
    when(col("role_rank").eq(lit(0)))
        .then(lit(Role::Head.post_name()))
        .when(col("role_rank").eq(lit(1)))
        .then(lit(Role::Deputy.post_name()))
        .otherwise(lit(Role::Assistant.post_name()))
        .alias("post")
}

/// The register's attributes of each school, joined by URN; `in_scope` is null for a
/// URN the register does not have.
fn with_school(lf: LazyFrame, schools: &DataFrame) -> LazyFrame {
    let attributes = schools.clone().lazy().select([
        col("school_urn"),
        col("in_scope"),
        col("education_phase"),
        col("country_code"),
        col("region_code"),
    ]);
    lf.join(
        attributes,
        [col("school_urn")],
        [col("school_urn")],
        JoinArgs::new(JoinType::Left),
    )
}

fn year_frame(name: &str, years: &[i32]) -> PolarsResult<LazyFrame> {
    Ok(DataFrame::new_infer_height(vec![Column::new(name.into(), years)])?.lazy())
}

fn on(names: &[&str]) -> Vec<Expr> {
    names.iter().map(|n| col(*n)).collect()
}

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
    let roles = one_role_per_person_year(
        panel
            .clone()
            .lazy()
            .filter(col("census_year").lt_eq(lit(up_to))),
    )
    .collect()?;
    let censuses: Vec<i32> = years(&roles, "census_year")?
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let has = |y: i32| censuses.binary_search(&y).is_ok();

    let scope = with_school(roles.clone().lazy(), schools)
        .select([
            col("in_scope")
                .is_null()
                .cast(DataType::Int64)
                .sum()
                .alias("unknown"),
            col("in_scope")
                .eq(lit(false))
                .cast(DataType::Int64)
                .sum()
                .alias("out_of_scope"),
            col("rows")
                .gt(lit(1))
                .cast(DataType::Int64)
                .sum()
                .alias("several"),
        ])
        .collect()?;
    let first = |name: &str| -> PolarsResult<u64> {
        Ok(counts(&scope, name)?.first().copied().unwrap_or(0))
    };

    let retention = retention_cells(&roles, schools, countries, &censuses, &has)?;
    let survival = survival_cells(&roles, schools, countries, &censuses, &has)?;
    Ok(PanelMeasures {
        retention,
        survival,
        unknown_school: first("unknown")?,
        out_of_scope: first("out_of_scope")?,
        several_posts: first("several")?,
        censuses,
    })
}

fn retention_cells(
    roles: &DataFrame,
    schools: &DataFrame,
    countries: &[&str],
    censuses: &[i32],
    has: &dyn Fn(i32) -> bool,
) -> PolarsResult<Vec<RetentionCell>> {
    let from_years: Vec<i32> = censuses.iter().copied().filter(|y| has(y + 1)).collect();
    let next = roles.clone().lazy().select([
        (col("census_year") - lit(1)).alias("census_year"),
        col("person"),
        col("school_urn").alias("next_urn"),
        col("role_rank").alias("next_rank"),
    ]);
    let same_role = col("next_rank").eq(col("role_rank"));
    let transitions = [
        same_role.clone().and(col("next_urn").eq(col("school_urn"))),
        same_role.and(col("next_urn").neq(col("school_urn"))),
        col("next_rank").lt(col("role_rank")),
        col("next_rank").gt(col("role_rank")),
        col("next_rank").is_null(),
    ];
    let finest = with_school(
        roles
            .clone()
            .lazy()
            .join(
                year_frame("census_year", &from_years)?,
                on(&["census_year"]),
                on(&["census_year"]),
                JoinArgs::new(JoinType::Inner),
            )
            .join(
                next,
                on(&["census_year", "person"]),
                on(&["census_year", "person"]),
                JoinArgs::new(JoinType::Left),
            ),
        schools,
    )
    .filter(col("in_scope").eq(lit(true)))
    .with_columns(
        transitions
            .into_iter()
            .zip(TRANSITIONS)
            .map(|(t, name)| t.fill_null(lit(false)).cast(DataType::Int64).alias(name))
            .chain([post_name(), col("census_year").alias("recruitment_year")])
            .collect::<Vec<_>>(),
    )
    .group_by([
        col("recruitment_year"),
        col("country_code"),
        col("region_code"),
        col("education_phase"),
        col("post"),
    ])
    .agg(
        [len().cast(DataType::Int64).alias("leader_count")]
            .into_iter()
            .chain(TRANSITIONS.iter().map(|t| col(*t).sum()))
            .collect::<Vec<_>>(),
    )
    .collect()?
    .lazy();
    let mut sums = vec!["leader_count"];
    sums.extend(TRANSITIONS);
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
        .map(|s| counts(&table, s))
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
    roles: &DataFrame,
    schools: &DataFrame,
    countries: &[&str],
    censuses: &[i32],
    has: &dyn Fn(i32) -> bool,
) -> PolarsResult<Vec<SurvivalCell>> {
    let heads = roles
        .clone()
        .lazy()
        .filter(col("role_rank").eq(lit(0)))
        .select([col("census_year"), col("person"), col("school_urn")]);
    let cohort_years: Vec<i32> = censuses.iter().copied().filter(|y| has(y - 1)).collect();
    let head_before = heads.clone().select([
        (col("census_year") + lit(1)).alias("census_year"),
        col("person"),
        col("school_urn"),
        lit(true).alias("was_head_here"),
    ]);
    let keys = ["census_year", "person", "school_urn"];
    let new_heads = with_school(
        heads
            .clone()
            .join(
                year_frame("census_year", &cohort_years)?,
                on(&["census_year"]),
                on(&["census_year"]),
                JoinArgs::new(JoinType::Inner),
            )
            .join(
                head_before,
                on(&keys),
                on(&keys),
                JoinArgs::new(JoinType::Left),
            )
            .filter(col("was_head_here").is_null()),
        schools,
    )
    .filter(col("in_scope").eq(lit(true)))
    .select([
        col("census_year").alias("cohort"),
        col("person"),
        col("school_urn"),
        col("country_code"),
        col("education_phase"),
    ])
    .collect()?;

    let group = ["cohort", "country_code", "education_phase"];
    let still = new_heads
        .clone()
        .lazy()
        .join(
            heads.select([
                col("census_year").alias("later"),
                col("person"),
                col("school_urn"),
            ]),
            on(&["person", "school_urn"]),
            on(&["person", "school_urn"]),
            JoinArgs::new(JoinType::Inner),
        )
        .with_columns([(col("later") - col("cohort")).alias("years_after_appointment")])
        .filter(
            col("years_after_appointment")
                .gt_eq(lit(1))
                .and(col("years_after_appointment").lt_eq(lit(5))),
        )
        .group_by(on(&[
            "cohort",
            "country_code",
            "education_phase",
            "years_after_appointment",
        ]))
        .agg([len().cast(DataType::Int64).alias("still_in_post_count")]);
    let (pair_cohort, pair_k): (Vec<i32>, Vec<i32>) = cohort_years
        .iter()
        .flat_map(|&y| (1..=5).filter(move |k| has(y + k)).map(move |k| (y, k)))
        .unzip();
    let pairs = DataFrame::new_infer_height(vec![
        Column::new("cohort".into(), pair_cohort),
        Column::new("years_after_appointment".into(), pair_k),
    ])?
    .lazy();
    let with_k = [
        "cohort",
        "country_code",
        "education_phase",
        "years_after_appointment",
    ];
    let finest = new_heads
        .lazy()
        .group_by(on(&group))
        .agg([len().cast(DataType::Int64).alias("new_head_count")])
        .join(
            pairs,
            on(&["cohort"]),
            on(&["cohort"]),
            JoinArgs::new(JoinType::Inner),
        )
        .join(
            still,
            on(&with_k),
            on(&with_k),
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([
            col("still_in_post_count").fill_null(lit(0i64)),
            col("cohort").alias("recruitment_year"),
            lit("").alias("region_code"),
        ])
        .collect()?
        .lazy();
    let table = with_totals(
        by_geography(finest, countries)?,
        &["education_phase"],
        &["years_after_appointment"],
        &["new_head_count", "still_in_post_count"],
    )?
    // A cohort's size is the same for every k; summing it over phases is right, but
    // only within one k, which the grouping above keeps.
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
        counts(&table, "new_head_count")?,
        counts(&table, "still_in_post_count")?,
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

    fn panel(rows: &[(i32, u32, u32, i32)]) -> DataFrame {
        df!(
            "census_year" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "person" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            "school_urn" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            "role_rank" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    #[test]
    fn the_highest_role_wins_then_the_lowest_urn() {
        let p = panel(&[
            (2010, 7, 3, 1),
            (2010, 7, 2, 0),
            (2010, 7, 1, 0),
            (2010, 8, 2, 2),
        ]);
        let one = one_role_per_person_year(p.lazy())
            .sort(["person"], Default::default())
            .collect()
            .unwrap();
        assert_eq!(years(&one, "role_rank").unwrap(), vec![0, 2]);
        let urns: Vec<u32> = one
            .column("school_urn")
            .unwrap()
            .u32()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(urns, vec![1, 2]);
    }

    proptest! {
        /// Whatever the panel, the five transitions of every cell sum to its base.
        #[test]
        fn transitions_sum_to_the_base(
            rows in proptest::collection::vec((2010i32..2014, 0u32..12, 1u32..4, 0i32..3), 1..80)
        ) {
            let m = panel_measures(&panel(&rows), &schools(), &["E92000001"], 2020).unwrap();
            for c in &m.retention {
                prop_assert_eq!(c.transitions().iter().sum::<u64>(), c.leader_count);
            }
            for s in &m.survival {
                prop_assert!(s.still_in_post_count <= s.new_head_count);
            }
        }
    }
}
