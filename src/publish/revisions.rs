//! Revisions (DESIGN.md, Definitions: Revisions): every published cell of a year both
//! this build and the earlier release cover, compared value by value as each release
//! publishes it. A changed value is a revision, with its reason: the year was
//! provisional and is now final, or the inputs changed (the manifests' input hashes
//! tell), or the method or configuration did. Compares texts only: it computes no
//! statistic and reads nothing this build wrote.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::ingest::release::{EarlierRelease, ReleaseFacts, ReleaseTable};
use crate::publish::tidy::{ColumnRole, TidyTable, VERSION};

/// Why a published value changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Reason {
    NowFinal,
    InputsChanged,
    MethodChanged,
    /// Same inputs, configuration and slm version: should not happen; shown, not hidden.
    Unexplained,
}

impl Reason {
    pub fn words(self) -> &'static str {
        match self {
            Reason::NowFinal => "Provisional year now final",
            Reason::InputsChanged => "Inputs changed",
            Reason::MethodChanged => "Method or configuration changed",
            Reason::Unexplained => "Unexplained (same inputs and configuration)",
        }
    }
}

/// One revised value: a cell of one of this build's tables (`row` of `table`), one of
/// its indicators, as the earlier release and this build publish it.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub table: &'static str,
    pub row: usize,
    pub indicator: &'static str,
    pub previous_value: String,
    pub value: String,
    pub reason: Reason,
}

/// What the comparison with the earlier release found.
#[derive(Debug, Clone)]
pub struct Revisions {
    /// The earlier release's report year and directory.
    pub earlier_year: crate::domain::RecruitmentYear,
    pub earlier_dir: String,
    pub earlier_manifest_bytes: u64,
    pub earlier_manifest_sha256: String,
    /// The time periods both releases cover, as labels, oldest first.
    pub common_years: Vec<String>,
    pub list: Vec<Revision>,
    /// Cells of a common year in both releases, compared value by value.
    pub cells_compared: usize,
    /// Cells of a common year in only one of the two releases.
    pub new_cells: usize,
    pub dropped_cells: usize,
}

/// What `quality.json` says of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionSummary {
    pub earlier_release: String,
    pub years_compared: Vec<String>,
    pub cells_compared: usize,
    pub values_revised: usize,
    /// Revised values by reason, and by table.
    pub by_reason: Vec<(&'static str, usize)>,
    pub by_table: Vec<(&'static str, usize)>,
    pub new_cells: usize,
    pub dropped_cells: usize,
}

impl Revisions {
    pub fn summary(&self) -> RevisionSummary {
        let mut by_reason: BTreeMap<Reason, usize> = BTreeMap::new();
        let mut by_table: Vec<(&'static str, usize)> = Vec::new();
        for r in &self.list {
            *by_reason.entry(r.reason).or_default() += 1;
            match by_table.iter_mut().find(|(t, _)| *t == r.table) {
                Some(entry) => entry.1 += 1,
                None => by_table.push((r.table, 1)),
            }
        }
        RevisionSummary {
            earlier_release: self.earlier_dir.clone(),
            years_compared: self.common_years.clone(),
            cells_compared: self.cells_compared,
            values_revised: self.list.len(),
            by_reason: by_reason.into_iter().map(|(r, n)| (r.words(), n)).collect(),
            by_table,
            new_cells: self.new_cells,
            dropped_cells: self.dropped_cells,
        }
    }

    /// The revised indicators of each (table, row), for marking `[r]`.
    pub fn marks(&self) -> BTreeMap<(&'static str, usize), Vec<&'static str>> {
        let mut marks: BTreeMap<(&'static str, usize), Vec<&'static str>> = BTreeMap::new();
        for r in &self.list {
            marks.entry((r.table, r.row)).or_default().push(r.indicator);
        }
        marks
    }
}

/// `201011` as `2010/11`.
fn label_of(time_period: &str) -> String {
    if time_period.len() == 6 {
        format!("{}/{}", &time_period[..4], &time_period[4..])
    } else {
        time_period.to_string()
    }
}

/// The reason a value of `time_period` changed, from what the two releases say of
/// themselves.
fn reason(time_period: &str, before: &ReleaseFacts, now: &ReleaseFacts) -> Reason {
    let year = label_of(time_period);
    if before.provisional_years.contains(&year) && !now.provisional_years.contains(&year) {
        Reason::NowFinal
    } else if before.inputs != now.inputs {
        Reason::InputsChanged
    } else if before.config != now.config || before.slm_version != now.slm_version {
        Reason::MethodChanged
    } else {
        Reason::Unexplained
    }
}

/// Tables that are not slm's figures: `published_series` is the published reports as
/// read (a change there is a changed input, shown by the manifests).
const NOT_COMPARED: [&str; 2] = ["published_series", "revisions"];

/// Compares each of `tables` with the same table of `earlier` (tables it lacks are new,
/// not revised).
pub fn compare(tables: &[TidyTable], earlier: &EarlierRelease, now: &ReleaseFacts) -> Revisions {
    let mut out = Revisions {
        earlier_year: earlier.year,
        earlier_dir: earlier.dir.clone(),
        earlier_manifest_bytes: earlier.manifest_bytes,
        earlier_manifest_sha256: earlier.manifest_sha256.clone(),
        common_years: Vec::new(),
        list: Vec::new(),
        cells_compared: 0,
        new_cells: 0,
        dropped_cells: 0,
    };
    let mut common: BTreeSet<String> = BTreeSet::new();
    for t in tables.iter().filter(|t| !NOT_COMPARED.contains(&t.name)) {
        if let Some(before) = earlier.tables.get(t.name) {
            compare_table(t, before, &earlier.facts, now, &mut out, &mut common);
        }
    }
    out.common_years = common.iter().map(|p| label_of(p)).collect();
    out
}

/// The columns both releases have, as (this release's, the earlier release's) index:
/// the key columns, then the indicators.
type Shared = (Vec<(usize, usize)>, Vec<(usize, usize)>);

fn shared_columns(t: &TidyTable, before: &ReleaseTable) -> Shared {
    let position = |name: &str| before.header.iter().position(|h| h == name);
    let both = |indicator: bool| -> Vec<(usize, usize)> {
        (t.columns.iter().enumerate())
            .filter(|(_, c)| matches!(c.role, ColumnRole::Indicator { .. }) == indicator)
            // The version follows the time period and changes when a provisional year
            // becomes final: a cell is the same cell in either version.
            .filter(|(_, c)| c.name != VERSION)
            .filter_map(|(i, c)| position(c.name).map(|j| (i, j)))
            .filter(|(_, j)| before.indicators.contains(&before.header[*j]) == indicator)
            .collect()
    };
    (both(false), both(true))
}

/// A cell's key as one string (its key columns joined by a unit separator).
fn key_of(texts: impl Iterator<Item = String>) -> String {
    let mut key = String::new();
    for t in texts {
        key.push_str(&t);
        key.push('\u{1f}');
    }
    key
}

/// The earlier release's rows in `periods`, by key: a key it holds once maps to its
/// row; a key repeated (columns one release lacks) maps to `None`, skipped rather than
/// matched to the wrong cell.
fn earlier_rows(
    before: &ReleaseTable,
    keys: &[(usize, usize)],
    period_before: usize,
    periods: &BTreeSet<String>,
) -> rustc_hash::FxHashMap<String, Option<usize>> {
    let mut rows: rustc_hash::FxHashMap<String, Option<usize>> = Default::default();
    for (r, row) in before.rows.iter().enumerate() {
        if !row.get(period_before).is_some_and(|p| periods.contains(p)) {
            continue;
        }
        let key = key_of(
            keys.iter()
                .map(|(_, j)| row.get(*j).unwrap_or("").to_string()),
        );
        rows.entry(key).and_modify(|e| *e = None).or_insert(Some(r));
    }
    rows
}

fn compare_table(
    t: &TidyTable,
    before: &ReleaseTable,
    facts: &ReleaseFacts,
    now: &ReleaseFacts,
    out: &mut Revisions,
    common: &mut BTreeSet<String>,
) {
    let (keys, indicators) = shared_columns(t, before);
    let (Some(&(period_now, period_before)), false) = (
        keys.iter()
            .find(|(i, _)| t.columns[*i].name == "time_period"),
        indicators.is_empty(),
    ) else {
        return;
    };
    let periods_now: BTreeSet<String> = (0..t.rows.len()).map(|r| t.text(r, period_now)).collect();
    let periods: BTreeSet<String> = before
        .rows
        .iter()
        .filter_map(|r| r.get(period_before))
        .filter(|p| periods_now.contains(*p))
        .map(String::from)
        .collect();
    let earlier_rows = earlier_rows(before, &keys, period_before, &periods);
    let mut matched = 0;
    // Earlier rows some row of this release matched: the rest were dropped. (Counted by
    // row, not by subtraction: two rows with one key match one earlier row.)
    let mut used = vec![false; before.rows.len()];
    for r in 0..t.rows.len() {
        let period = t.text(r, period_now);
        if !periods.contains(&period) {
            continue;
        }
        let key = key_of(keys.iter().map(|(i, _)| t.text(r, *i)));
        let Some(&Some(e)) = earlier_rows.get(&key) else {
            out.new_cells += 1;
            continue;
        };
        matched += 1;
        used[e] = true;
        for &(i, j) in &indicators {
            let value = t.text(r, i);
            let previous = before.rows[e].get(j).unwrap_or("");
            if previous != value {
                out.list.push(Revision {
                    table: t.name,
                    row: r,
                    indicator: t.columns[i].name,
                    previous_value: previous.to_string(),
                    value,
                    reason: reason(&period, facts, now),
                });
            }
        }
    }
    out.cells_compared += matched;
    out.dropped_cells += earlier_rows
        .values()
        .flatten()
        .filter(|&&e| !used[e])
        .count();
    common.extend(periods);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecruitmentYear;
    use crate::publish::tidy::{ColumnSpec, Value};

    fn table(rows: &[(&str, &str, u64)]) -> TidyTable {
        TidyTable {
            name: "t",
            title: "T",
            columns: vec![
                ColumnSpec::geography("time_period"),
                ColumnSpec::filter("education_phase", "Phase", ""),
                ColumnSpec::indicator("post_count", "Posts", "", 0),
            ],
            rows: rows
                .iter()
                .map(|(p, ph, n)| {
                    vec![
                        Value::Text(p.to_string()),
                        Value::Text(ph.to_string()),
                        Value::Count(*n),
                    ]
                })
                .collect(),
        }
    }

    fn earlier(rows: &[[&str; 3]], provisional: &[&str], inputs: &str) -> EarlierRelease {
        let mut tables = BTreeMap::new();
        tables.insert(
            "t".to_string(),
            ReleaseTable {
                header: vec![
                    "time_period".into(),
                    "education_phase".into(),
                    "post_count".into(),
                ],
                indicators: ["post_count".to_string()].into(),
                rows: rows
                    .iter()
                    .map(|r| csv::StringRecord::from(r.to_vec()))
                    .collect(),
            },
        );
        EarlierRelease {
            year: RecruitmentYear(2023),
            dir: "reports/2023-24".into(),
            facts: ReleaseFacts {
                slm_version: "0.1.0".into(),
                inputs: [("adverts.csv".to_string(), inputs.to_string())].into(),
                config: "c".into(),
                provisional_years: provisional.iter().map(|s| s.to_string()).collect(),
            },
            manifest_bytes: 1,
            manifest_sha256: "m".into(),
            tables,
        }
    }

    fn now(inputs: &str, provisional: &[&str]) -> ReleaseFacts {
        ReleaseFacts {
            slm_version: "0.1.0".into(),
            inputs: [("adverts.csv".to_string(), inputs.to_string())].into(),
            config: "c".into(),
            provisional_years: provisional.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn changed_values_of_common_years_are_revisions_with_their_reason() {
        let before = earlier(
            &[
                ["202223", "Primary", "10"],
                ["202324", "Primary", "7"],
                ["202324", "Special", "1"],
            ],
            &["2023/24"],
            "a",
        );
        let current = table(&[
            ("202223", "Primary", 10),
            ("202223", "Secondary", 4),
            ("202324", "Primary", 9),
            ("202425", "Primary", 12),
        ]);
        let found = compare(&[current], &before, &now("b", &["2024/25"]));
        assert_eq!(found.common_years, vec!["2022/23", "2023/24"]);
        assert_eq!(
            found.list,
            vec![Revision {
                table: "t",
                row: 2,
                indicator: "post_count",
                previous_value: "7".into(),
                value: "9".into(),
                reason: Reason::NowFinal,
            }]
        );
        // 2022/23 Secondary is new; 2023/24 Special is no longer published.
        assert_eq!((found.new_cells, found.dropped_cells), (1, 1));
    }

    #[test]
    fn the_reason_comes_from_the_manifests() {
        let before = earlier(&[["202223", "Primary", "10"]], &[], "a");
        let current = table(&[("202223", "Primary", 11)]);
        let inputs = compare(std::slice::from_ref(&current), &before, &now("b", &[]));
        assert_eq!(inputs.list[0].reason, Reason::InputsChanged);
        let mut method = now("a", &[]);
        method.config = "other".into();
        let config = compare(std::slice::from_ref(&current), &before, &method);
        assert_eq!(config.list[0].reason, Reason::MethodChanged);
        let same = compare(&[current], &before, &now("a", &[]));
        assert_eq!(same.list[0].reason, Reason::Unexplained);
    }
}
