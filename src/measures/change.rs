//! Year-on-year change (DESIGN.md, Definitions: What a sentence or chart title may
//! claim): each cell compared with the same cell a year earlier, for the unfilled rate
//! and for heads' retention in role. The comparison carries the one significance
//! decision and direction that every output renders.

use std::collections::HashMap;
use std::hash::Hash;

use crate::domain::RecruitmentYear;
use crate::measures::projection::Projection;
use crate::measures::proportion::{Comparison, Proportion};
use crate::measures::unfilled::{UnfilledCell, UnfilledKey};
use crate::measures::CellKey;

/// A cell of `unfilled_change`: this year's unfilled rate against last year's.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeCell {
    pub key: UnfilledKey,
    pub comparison: Comparison,
    /// This year's rate projected to the complete year (a provisional year).
    pub projection: Option<Projection>,
}

/// Each cell's index paired with the index of the same cell a year earlier, if any.
pub fn previous_of<T, F: Copy + Hash + Eq>(
    cells: &[T],
    key: impl Fn(&T) -> &CellKey<F>,
) -> Vec<Option<usize>> {
    let by_key: HashMap<&CellKey<F>, usize> =
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

/// One row per cell that also exists in the previous year, in the order of `cells`;
/// National and Regional only (`unfilled_change` has no local-authority rows).
pub fn year_on_year(cells: &[UnfilledCell]) -> Vec<ChangeCell> {
    let previous = previous_of(cells, |c| &c.key);
    cells
        .iter()
        .zip(previous)
        .filter(|(cell, _)| cell.key.geography.local_authority().is_none())
        .filter_map(|(cell, prev)| {
            Some(ChangeCell {
                key: cell.key,
                comparison: Comparison::of(cell.unfilled, cells[prev?].unfilled),
                projection: cell.projection,
            })
        })
        .collect()
}

/// Each cell's `proportion` against the same cell's a year earlier (`None` in the
/// first year of a cell), in the order of `cells`.
pub fn against_previous_year<T, F: Copy + Hash + Eq>(
    cells: &[T],
    key: impl Fn(&T) -> &CellKey<F>,
    proportion: impl Fn(&T) -> Proportion,
) -> Vec<Option<Comparison>> {
    let previous = previous_of(cells, &key);
    cells
        .iter()
        .zip(previous)
        .map(|(c, p)| p.map(|p| Comparison::of(proportion(c), proportion(&cells[p]))))
        .collect()
}
