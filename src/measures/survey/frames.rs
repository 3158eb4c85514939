//! The survey's frame as the measures read it: the counted rounds (with their schools'
//! lineages) and every school of the register, from the frames `rounds` and `ingest`
//! give.

use std::collections::HashMap;

use polars::prelude::*;

use super::{FrameRound, Place, RegisterSchool};
use crate::domain::{Country, Phase, RecruitmentYear, Region, Role};
use crate::lineage::Lineages;
use crate::measures::{frame, item};

/// The text columns of a place: phase, country code and region code.
struct PlaceColumns {
    phase: Vec<String>,
    country: Vec<String>,
    region: Vec<String>,
}

impl PlaceColumns {
    fn of(df: &DataFrame) -> PolarsResult<PlaceColumns> {
        Ok(PlaceColumns {
            phase: frame::strings(df, "education_phase")?,
            country: frame::strings(df, "country_code")?,
            region: frame::strings(df, "region_code")?,
        })
    }

    /// Row `i`'s place; `None` without a phase.
    fn at(&self, i: usize) -> Option<Place> {
        Some(Place {
            phase: Phase::parse(&self.phase[i])?,
            country: Country::from_code(&self.country[i]),
            region: Region::from_code(&self.region[i]),
        })
    }
}

/// The rounds that count, read from the rounds frame (`rounds::attach_schools`), with
/// each school's lineage.
pub fn frame_rounds(posts: &DataFrame, lineages: &Lineages) -> PolarsResult<Vec<FrameRound>> {
    let urns = frame::urns(posts, "school_urn")?;
    let readvertised = frame::flags(posts, "is_readvertised")?;
    let years = frame::years(posts, "recruitment_year")?;
    let post = frame::strings(posts, "post")?;
    let places = PlaceColumns::of(posts)?;
    (0..posts.height())
        .map(|i| {
            let bug =
                |what: &str| PolarsError::ComputeError(format!("a counted round {what}").into());
            Ok(FrameRound {
                lineage: lineages.of(urns[i]),
                role: item::<Role>(&post[i])?
                    .item()
                    .ok_or_else(|| bug("has the post Total"))?,
                year: RecruitmentYear(years[i]),
                place: places.at(i).ok_or_else(|| bug("has no phase"))?,
                readvertised: readvertised[i],
            })
        })
        .collect()
}

/// Every school of the register, by URN.
pub fn register_schools(schools: &DataFrame) -> PolarsResult<HashMap<u32, RegisterSchool>> {
    let urns = frame::urns(schools, "school_urn")?;
    let in_scope = frame::flags(schools, "in_scope")?;
    let places = PlaceColumns::of(schools)?;
    Ok((0..schools.height())
        .map(|i| {
            let place = places.at(i);
            (
                urns[i],
                RegisterSchool {
                    in_scope: in_scope[i] && place.is_some(),
                    place,
                },
            )
        })
        .collect())
}
