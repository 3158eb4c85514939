//! Extensions on the Teaching Vacancies feed (DESIGN.md, Inputs: Teaching Vacancies):
//! of the posts whose first advert came from the feed, how many had that first vacancy's
//! closing date moved later while it was live. Reported beside the unfilled rate, never
//! part of it: an extension is not a re-advertisement. Pure: frames in, counts out.

use polars::prelude::*;

use crate::domain::RecruitmentYear;
use crate::measures::frame::{counts, years};
use crate::measures::proportion::Proportion;

/// One year's posts first advertised on the feed, and the share of them extended.
#[derive(Debug, Clone, PartialEq)]
pub struct Extensions {
    pub year: RecruitmentYear,
    /// `n`: posts whose first advert came from the feed; `k`: of them, first vacancy
    /// extended.
    pub extended: Proportion,
}

/// Per year of `years`, from the counted posts (`rounds::assign_rounds` columns); empty
/// when no counted post was first advertised on the feed.
pub fn feed_extensions(
    posts: &DataFrame,
    years_covered: &[RecruitmentYear],
) -> PolarsResult<Vec<Extensions>> {
    let by_year = posts
        .clone()
        .lazy()
        .filter(col("first_from_feed"))
        .group_by([col("recruitment_year")])
        .agg([
            len().cast(DataType::Int64).alias("posts"),
            col("first_extended")
                .cast(DataType::Int64)
                .sum()
                .alias("extended"),
        ])
        .sort(["recruitment_year"], SortMultipleOptions::default())
        .collect()?;
    let (year, n, k) = (
        years(&by_year, "recruitment_year")?,
        counts(&by_year, "posts")?,
        counts(&by_year, "extended")?,
    );
    Ok((0..by_year.height())
        .filter(|&i| years_covered.contains(&RecruitmentYear(year[i])))
        .filter_map(|i| {
            Some(Extensions {
                year: RecruitmentYear(year[i]),
                extended: Proportion::new(k[i], n[i])?,
            })
        })
        .collect())
}
