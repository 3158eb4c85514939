//! Year-on-year change (DESIGN.md, Definitions: Year-on-year change): each cell joined
//! to the same cell in the previous year, with the two-proportion z-test.

use std::collections::HashMap;

use crate::domain::RecruitmentYear;
use crate::measures::stats::two_proportion_p_value;
use crate::measures::unfilled::UnfilledCell;
use crate::measures::CellKey;

#[derive(Debug, Clone, PartialEq)]
pub struct ChangeCell {
    pub key: CellKey,
    pub readvertised: u64,
    pub posts: u64,
    pub previous_readvertised: u64,
    pub previous_posts: u64,
    /// Two-sided p-value of the change; significant below 0.05.
    pub p_value: f64,
}

/// Each cell's index paired with the index of the same cell a year earlier, if any.
pub fn previous_of<T>(cells: &[T], key: impl Fn(&T) -> &CellKey) -> Vec<Option<usize>> {
    let by_key: HashMap<&CellKey, usize> =
        cells.iter().enumerate().map(|(i, c)| (key(c), i)).collect();
    cells
        .iter()
        .map(|c| {
            let k = key(c);
            by_key
                .get(&k.in_year(RecruitmentYear(k.year.0 - 1)))
                .copied()
        })
        .collect()
}

/// One row per cell that also exists in the previous year, in the order of `cells`.
pub fn year_on_year(cells: &[UnfilledCell]) -> Vec<ChangeCell> {
    let previous = previous_of(cells, |c| &c.key);
    cells
        .iter()
        .zip(previous)
        .filter_map(|(cell, prev)| {
            let prev = &cells[prev?];
            Some(ChangeCell {
                key: cell.key.clone(),
                readvertised: cell.readvertised_post_count,
                posts: cell.post_count,
                previous_readvertised: prev.readvertised_post_count,
                previous_posts: prev.post_count,
                p_value: two_proportion_p_value(
                    cell.readvertised_post_count,
                    cell.post_count,
                    prev.readvertised_post_count,
                    prev.post_count,
                ),
            })
        })
        .collect()
}
