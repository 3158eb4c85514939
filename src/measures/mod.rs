//! Measures: pure functions from frames to typed cells (no I/O, no clock). Each cell
//! carries everything a reader is told about it: counts, the rate with its Wilson
//! interval (`proportion`), and for a comparison the exact change, the exact p-value and
//! the one decision on significance and direction. Publish renders these; it never
//! computes a statistic. Measures do not know about disclosure.
//!
//! `unfilled` counts posts per cell, `change` pairs each cell with the same cell a year
//! earlier, `retention` and `panel` read the workforce panel, `cube` repeats cells at
//! every geography and Total, `stats` holds the interval and the test.

pub mod change;
pub mod cube;
pub mod extensions;
pub mod frame;
pub mod panel;
pub mod projection;
pub mod proportion;
pub mod retention;
pub mod stats;
pub mod survey;
pub mod transitions;
pub mod unfilled;

use crate::domain::{
    Country, FilterItem, Geography, Item, Phase, RecruitmentYear, ReligiousCharacter, Role,
};

/// Where a published cell sits: year, geography and the table's filters. Ordered for
/// reading: year, National before Regional (England and Wales, then each country,
/// regions by code), then filter items in their natural order, Total last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellKey<F> {
    pub year: RecruitmentYear,
    pub geography: Geography,
    pub filters: F,
}

impl<F: Copy> CellKey<F> {
    /// The same cell in another year.
    pub fn in_year(&self, year: RecruitmentYear) -> CellKey<F> {
        CellKey { year, ..*self }
    }

    /// The same cell at another geography.
    pub fn at(&self, geography: Geography) -> CellKey<F> {
        CellKey { geography, ..*self }
    }

    pub fn with(&self, filters: F) -> CellKey<F> {
        CellKey { filters, ..*self }
    }
}

/// Filters of `unfilled_rates` and `unfilled_change`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnfilledFilters {
    pub phase: Item<Phase>,
    pub post: Item<Role>,
    pub religion: Item<ReligiousCharacter>,
}

impl CellKey<UnfilledFilters> {
    /// A National cell of `unfilled_rates` or `unfilled_change`.
    pub fn national(
        year: RecruitmentYear,
        country: Country,
        phase: Item<Phase>,
        post: Item<Role>,
        religion: Item<ReligiousCharacter>,
    ) -> Self {
        CellKey {
            year,
            geography: Geography::National(country),
            filters: UnfilledFilters {
                phase,
                post,
                religion,
            },
        }
    }
}

/// Filters of `retention` (phase and role at the first census) and of the survey
/// tables (phase and post).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PanelFilters {
    pub phase: Item<Phase>,
    pub post: Item<Role>,
}

impl CellKey<PanelFilters> {
    /// A National cell of `retention`, `survey_rates` or `survey_agreement`.
    pub fn national(
        year: RecruitmentYear,
        country: Country,
        phase: Item<Phase>,
        post: Item<Role>,
    ) -> Self {
        CellKey {
            year,
            geography: Geography::National(country),
            filters: PanelFilters { phase, post },
        }
    }
}

/// Filters of `new_head_survival`: phase, and years after appointment (1 to 5, no Total).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SurvivalFilters {
    pub phase: Item<Phase>,
    pub years_after: u8,
}

/// A filter item named in a measure's own frame; any other text is a bug in the measure.
pub(crate) fn item<T: FilterItem>(text: &str) -> polars::prelude::PolarsResult<Item<T>> {
    Item::from_name(text).ok_or_else(|| {
        polars::prelude::PolarsError::ComputeError(format!("unknown filter item `{text}`").into())
    })
}

/// A geography named in a measure's own frame.
pub(crate) fn geography(
    level: &str,
    country: &str,
    region: &str,
    la: &str,
) -> polars::prelude::PolarsResult<Geography> {
    Geography::from_columns(level, country, region, la).ok_or_else(|| {
        polars::prelude::PolarsError::ComputeError(
            format!("unknown geography `{level}` `{country}` `{region}` `{la}`").into(),
        )
    })
}
