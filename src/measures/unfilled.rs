//! Unfilled-post rates (DESIGN.md, Outputs: unfilled_rates): counts of adverts, posts
//! and re-advertised posts by year, geography, phase, post and religious character,
//! each filter with a Total, and the schools open on the first day of each year. Pure:
//! frames in, plain rows out.

use polars::prelude::*;

use crate::calendar::{day_number, YearStart};
use crate::domain::{Country, RecruitmentYear};
use crate::measures::cube::{cube, keys};
use crate::measures::projection::{with_gaps_seen, Projecting, Projection, GAPS_SEEN};
use crate::measures::proportion::{Fraction, Proportion};
use crate::measures::{frame, geography, item, CellKey, UnfilledFilters};

pub type UnfilledKey = CellKey<UnfilledFilters>;

/// One published cell of `unfilled_rates`.
#[derive(Debug, Clone, PartialEq)]
pub struct UnfilledCell {
    pub key: UnfilledKey,
    pub advert_count: u64,
    /// Re-advertised posts of all posts (`k` of `n`), with its interval.
    pub unfilled: Proportion,
    pub provisional_post_count: u64,
    pub school_count: u64,
    /// Posts per 100 schools open on the first day of the year; `None` with no school.
    pub posts_per_100_schools: Option<Fraction>,
    /// In the projected (provisional) year, the rate projected to the complete year.
    pub projection: Option<Projection>,
}

impl UnfilledCell {
    pub fn post_count(&self) -> u64 {
        self.unfilled.n
    }

    pub fn readvertised_post_count(&self) -> u64 {
        self.unfilled.k
    }
}

const FILTERS: [&str; 3] = ["education_phase", "post", "school_religious_character"];

/// Schools of each phase open on the first day of each year, with Totals.
fn school_counts(
    schools: &DataFrame,
    years: &[RecruitmentYear],
    year_start: YearStart,
    countries: &[Country],
) -> PolarsResult<LazyFrame> {
    let in_scope = schools.clone().lazy().filter(col("in_scope"));
    let per_year: Vec<LazyFrame> = years
        .iter()
        .map(|&y| {
            let day = day_number(year_start.first_day(y));
            in_scope
                .clone()
                .filter(
                    col("open_on")
                        .is_null()
                        .or(col("open_on").lt_eq(lit(day)))
                        .and(col("close_on").is_null().or(col("close_on").gt(lit(day)))),
                )
                .with_columns([lit(y.0).alias("recruitment_year")])
        })
        .collect();
    let filters = ["education_phase", "school_religious_character"];
    let finest = concat(per_year, UnionArgs::default())?
        .group_by_stable([
            col("recruitment_year"),
            col("country_code"),
            col("region_code"),
            col("la_code"),
            col("education_phase"),
            col("school_religious_character"),
        ])
        .agg([len().cast(DataType::Int64).alias("school_count")])
        // Computed once: every geography and Total below reads this small frame.
        .collect()?
        .lazy();
    cube(
        finest,
        countries,
        &filters,
        &["school_religious_character"],
        &["school_count"],
    )
}

/// The cells of `unfilled_rates` for `years`, from the included posts (rounds), the
/// cells of the `projecting` year with their projection.
pub fn unfilled_cells(
    posts: &DataFrame,
    schools: &DataFrame,
    years: &[RecruitmentYear],
    year_start: YearStart,
    countries: &[Country],
    projecting: Option<&Projecting>,
) -> PolarsResult<Vec<UnfilledCell>> {
    let rates = post_counts(&with_gaps_seen(posts, projecting)?, countries)?;
    let schools_lf = school_counts(schools, years, year_start, countries)?;
    let join_keys = keys(&["education_phase", "school_religious_character"]);
    let table = rates
        .join(
            schools_lf,
            join_keys.clone(),
            join_keys,
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([col("school_count").fill_null(lit(0i64))])
        .collect()?;

    cells_of(&table, years, projecting)
}

/// The counts of every cell of the cube.
const COUNTS: [&str; 7] = [
    "advert_count",
    "post_count",
    "readvertised_post_count",
    "provisional_post_count",
    GAPS_SEEN[0],
    GAPS_SEEN[1],
    GAPS_SEEN[2],
];

/// The posts counted at the finest grouping once, then summed into every cell of the
/// cube (`cube`).
fn post_counts(posts: &DataFrame, countries: &[Country]) -> PolarsResult<LazyFrame> {
    let finest = posts
        .clone()
        .lazy()
        .group_by_stable([
            col("recruitment_year"),
            col("country_code"),
            col("region_code"),
            col("la_code"),
            col("education_phase"),
            col("post"),
            col("school_religious_character"),
        ])
        .agg([
            col("advert_count").sum(),
            len().cast(DataType::Int64).alias("post_count"),
            col("is_readvertised")
                .cast(DataType::Int64)
                .sum()
                .alias("readvertised_post_count"),
            col("is_provisional")
                .cast(DataType::Int64)
                .sum()
                .alias("provisional_post_count"),
            col(GAPS_SEEN[0]).sum(),
            col(GAPS_SEEN[1]).sum(),
            col(GAPS_SEEN[2]).sum(),
        ])
        // Computed once: the 3 geographies x 8 Total combinations all read it.
        .collect()?
        .lazy();
    // Local authorities by phase and post only: by religious character too, nearly
    // every LA cell would be below `min_base`.
    cube(
        finest,
        countries,
        &FILTERS,
        &["school_religious_character"],
        &COUNTS,
    )
}

/// The cells of the joined table, in key order: each with a post in a year shown.
fn cells_of(
    table: &DataFrame,
    years: &[RecruitmentYear],
    projecting: Option<&Projecting>,
) -> PolarsResult<Vec<UnfilledCell>> {
    let text = |name: &str| frame::strings(table, name);
    let number = |name: &str| frame::counts(table, name);
    let year = frame::years(table, "recruitment_year")?;
    let (level, country, region, la) = (
        text("geographic_level")?,
        text("country_code")?,
        text("region_code")?,
        text("la_code")?,
    );
    let (phase, post, religion) = (
        text("education_phase")?,
        text("post")?,
        text("school_religious_character")?,
    );
    let (adverts, posts_n, readv, prov, schools_n) = (
        number("advert_count")?,
        number("post_count")?,
        number("readvertised_post_count")?,
        number("provisional_post_count")?,
        number("school_count")?,
    );
    let seen = [
        number(GAPS_SEEN[0])?,
        number(GAPS_SEEN[1])?,
        number(GAPS_SEEN[2])?,
    ];
    let mut cells = Vec::with_capacity(table.height());
    for i in 0..table.height() {
        let year = RecruitmentYear(year[i]);
        if !years.contains(&year) {
            continue;
        }
        let Some(unfilled) = Proportion::new(readv[i], posts_n[i]) else {
            continue;
        };
        let projection = projecting.filter(|p| p.year == year).and_then(|p| {
            let completeness = p
                .gaps
                .completeness([seen[0][i], seen[1][i], seen[2][i]], posts_n[i]);
            Projection::of(&unfilled, completeness)
        });
        cells.push(UnfilledCell {
            key: CellKey {
                year,
                geography: geography(&level[i], &country[i], &region[i], &la[i])?,
                filters: UnfilledFilters {
                    phase: item(&phase[i])?,
                    post: item(&post[i])?,
                    religion: item(&religion[i])?,
                },
            },
            advert_count: adverts[i],
            unfilled,
            provisional_post_count: prov[i],
            school_count: schools_n[i],
            posts_per_100_schools: (schools_n[i] > 0).then(|| Fraction {
                numerator: i128::from(posts_n[i]) * 100,
                denominator: i128::from(schools_n[i]),
            }),
            projection,
        });
    }
    cells.sort_by_key(|c| c.key);
    Ok(cells)
}
