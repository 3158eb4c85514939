//! Measures: pure functions from frames to published cells (no I/O, no clock).
//! `unfilled` counts posts and re-advertised posts per cell, `change` pairs each cell
//! with the same cell a year earlier, `stats` holds the interval and the test.

pub mod change;
pub mod cube;
pub mod frame;
pub mod panel;
pub mod retention;
pub mod stats;
pub mod unfilled;

use crate::domain::{
    Phase, RecruitmentYear, ReligiousCharacter, Role, ENGLAND, ENGLAND_AND_WALES, WALES,
};

/// The item every filter has that sums its others.
pub const TOTAL: &str = "Total";

/// Where a published cell sits: year, geography and filter items (EES names).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CellKey {
    pub year: RecruitmentYear,
    pub geographic_level: String,
    pub country_code: String,
    /// Empty for National rows.
    pub region_code: String,
    pub education_phase: String,
    pub post: String,
    pub school_religious_character: String,
}

fn rank(item: &str, order: &[&str]) -> usize {
    order.iter().position(|o| *o == item).unwrap_or(order.len())
}

impl CellKey {
    /// The same cell in another year.
    pub fn in_year(&self, year: RecruitmentYear) -> CellKey {
        CellKey {
            year,
            ..self.clone()
        }
    }

    /// Reading order: year, National before Regional, England and Wales then each
    /// country, regions by code, then filter items in their natural order, Total last.
    pub fn sort_key(&self) -> (i32, usize, usize, String, usize, usize, usize) {
        let phases: Vec<&str> = Phase::ALL.iter().map(|p| p.name()).collect();
        let posts: Vec<&str> = Role::ALL.iter().map(|r| r.post_name()).collect();
        let religions = [
            ReligiousCharacter::ChurchOfEngland.name(),
            ReligiousCharacter::RomanCatholic.name(),
            ReligiousCharacter::Other.name(),
            ReligiousCharacter::None.name(),
        ];
        (
            self.year.0,
            rank(&self.geographic_level, &["National", "Regional"]),
            rank(
                &self.country_code,
                &[ENGLAND_AND_WALES.0, ENGLAND.0, WALES.0],
            ),
            self.region_code.clone(),
            rank(&self.education_phase, &phases),
            rank(&self.post, &posts),
            rank(&self.school_religious_character, &religions),
        )
    }
}
