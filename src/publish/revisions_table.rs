//! The `revisions` tidy table (DESIGN.md, Outputs): one row per revised value, with the
//! revised cell's geography and filters, the table and indicator it belongs to, the
//! value the earlier release published, the value now, and why it changed. A filter
//! that would hold one item is left out (the screener fails it) and, unless it is
//! Total, named in the title instead.

use serde::Serialize;

use crate::publish::about::count_of;
use crate::publish::format::thousands;
use crate::publish::revisions::{Reason, Revision, Revisions};
use crate::publish::tables::{geography_columns, Depth, GEOGRAPHY_COLUMNS};
use crate::publish::tidy::{ColumnRole, ColumnSpec, TidyTable, Value};

/// The cell filters of every table that can be revised; a table without one is at its
/// Total.
const CELL_FILTERS: [(&str, &str, &str); 4] = [
    (
        "education_phase",
        "School phase",
        "Primary, secondary or special school",
    ),
    (
        "post",
        "Leadership post",
        "Head, deputy or assistant head teacher",
    ),
    (
        "school_religious_character",
        "Religious character",
        "Religious character of the school",
    ),
    (
        "years_after_appointment",
        "Years after appointment",
        "New head teachers' survival: years after appointment (Total for other tables)",
    ),
];

/// The revisions found, as a table; `None` when nothing was revised.
pub fn revisions_table(revisions: &Revisions, tables: &[TidyTable]) -> Option<TidyTable> {
    if revisions.list.is_empty() {
        return None;
    }
    let mut filters = vec![
        ColumnSpec::filter("table_name", "Table", "The published table the value is in"),
        ColumnSpec::filter("indicator_name", "Indicator", "The column of that table"),
        ColumnSpec::filter(
            "revision_reason",
            "Reason for the revision",
            "Why the published value changed",
        ),
    ];
    filters.extend(
        CELL_FILTERS
            .iter()
            .map(|(name, label, hint)| ColumnSpec::filter(name, label, hint)),
    );
    let rows: Vec<Vec<Value>> = revisions
        .list
        .iter()
        .map(|r| revision_row(r, tables))
        .collect();
    let mut columns = geography_columns(Depth::LocalAuthority);
    columns.extend(filters);
    columns.extend([
        ColumnSpec::indicator_as_shown(
            "previous_value",
            &format!("Value in the {} release", revisions.earlier_year.label()),
        ),
        ColumnSpec::indicator_as_shown("value", "Value in this release"),
    ]);
    let mut table = TidyTable {
        name: "revisions",
        title: "Published values revised since the earlier release",
        columns,
        rows,
    };
    set_defaults(&mut table);
    drop_single_item_filters(&mut table);
    Some(table)
}

/// One revised value's row: the cell's geography, the table, indicator and reason, the
/// cell's filters (Total where its table has none), and the two values.
fn revision_row(r: &Revision, tables: &[TidyTable]) -> Vec<Value> {
    let t = tables
        .iter()
        .find(|t| t.name == r.table)
        .expect("a revised table is a table of this build");
    let of = |name: &str, absent: &str| {
        let text = t
            .columns
            .iter()
            .position(|c| c.name == name)
            .map_or_else(|| absent.to_string(), |i| t.text(r.row, i));
        Value::Text(text)
    };
    let mut row: Vec<Value> = GEOGRAPHY_COLUMNS.iter().map(|c| of(c, "")).collect();
    row.extend([
        Value::Text(r.table.into()),
        Value::Text(r.indicator.into()),
        Value::Text(r.reason.words().into()),
    ]);
    row.extend(CELL_FILTERS.iter().map(|(name, ..)| of(name, "Total")));
    row.extend([
        Value::Text(r.previous_value.clone()),
        Value::Text(r.value.clone()),
    ]);
    row
}

/// Filters with no Total get a default item: the headline rate where it is revised.
fn set_defaults(table: &mut TidyTable) {
    for (name, preferred) in [
        ("table_name", "unfilled_rates"),
        ("indicator_name", "unfilled_percent"),
        ("revision_reason", Reason::NowFinal.words()),
    ] {
        let i = table
            .columns
            .iter()
            .position(|c| c.name == name)
            .expect("a filter of the table");
        let items = table.items(i);
        let default = items
            .iter()
            .find(|item| *item == preferred)
            .or(items.first())
            .cloned();
        if let ColumnRole::Filter { default: d, .. } = &mut table.columns[i].role {
            *d = default;
        }
    }
}

/// Leaves out each filter whose every row holds the same item; a non-Total item is
/// named in the indicators' labels instead.
fn drop_single_item_filters(t: &mut TidyTable) {
    let single: Vec<(usize, String)> = (0..t.columns.len())
        .filter(|&i| matches!(t.columns[i].role, ColumnRole::Filter { .. }))
        .filter_map(|i| match t.items(i).as_slice() {
            [one] => Some((i, one.clone())),
            _ => None,
        })
        .collect();
    let named: Vec<String> = single
        .iter()
        .filter(|(_, item)| item != "Total")
        .map(|(i, item)| {
            format!(
                "{}: {}",
                t.columns[*i].label.to_lowercase(),
                item.to_lowercase()
            )
        })
        .collect();
    for (i, _) in single.iter().rev() {
        t.columns.remove(*i);
        for row in &mut t.rows {
            row.remove(*i);
        }
    }
    if !named.is_empty() {
        let note = format!(" ({})", named.join("; "));
        for c in &mut t.columns {
            if matches!(c.role, ColumnRole::Indicator { .. }) {
                c.label.push_str(&note);
            }
        }
    }
}

/// The report's "Revisions" section.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionsView {
    pub earlier: String,
    pub sentences: Vec<String>,
    /// Revised values by table and reason.
    pub by_reason: Vec<ReasonRow>,
    /// The head teacher unfilled rates at the top National level that changed.
    pub head_rates: Vec<HeadRevision>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReasonRow {
    pub table: &'static str,
    pub reason: &'static str,
    pub values: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeadRevision {
    pub year: String,
    pub phase: String,
    pub previous: String,
    pub value: String,
    pub reason: &'static str,
}

/// The section's sentences: what was compared and how much changed; cells new to
/// this release, and cells it no longer publishes.
fn revision_sentences(revisions: &Revisions, earlier: &str, years: &str) -> Vec<String> {
    let cells_revised = revisions.marks().len();
    let mut sentences = vec![if revisions.list.is_empty() {
        format!(
            "This release was compared with the {earlier} release ({}), cell by cell for {years}, the years both cover: none of the {} cells compared has changed.",
            revisions.earlier_dir,
            thousands(revisions.cells_compared as u64)
        )
    } else {
        format!(
            "Since the {earlier} release ({}), {} in {} of the {} cells both releases publish for {years} changed. Each is listed in data/revisions.csv with its earlier value and the reason, and marked [r] in tables.xlsx.",
            revisions.earlier_dir,
            count_of(revisions.list.len() as u64, "value"),
            thousands(cells_revised as u64),
            thousands(revisions.cells_compared as u64)
        )
    }];
    if revisions.new_cells > 0 {
        sentences.push(format!(
            "For those years this release also publishes {} the earlier one did not (where there were no posts or leaders before, a cohort of new heads followed for more years, or a new breakdown): new figures, not revisions.",
            count_of(revisions.new_cells as u64, "cell"),
        ));
    }
    if revisions.dropped_cells > 0 {
        sentences.push(format!(
            "It no longer publishes {} the earlier release did for those years (counted in quality.json, not listed).",
            count_of(revisions.dropped_cells as u64, "cell"),
        ));
    }
    sentences
}

/// The section, from the comparison and this build's tables; `top` is the top National
/// country code.
pub fn revisions_view(revisions: &Revisions, tables: &[TidyTable], top: &str) -> RevisionsView {
    let earlier = revisions.earlier_year.label();
    let years = match (
        revisions.common_years.first(),
        revisions.common_years.last(),
    ) {
        (Some(first), Some(last)) if first != last => format!("{first} to {last}"),
        (Some(one), _) => one.clone(),
        _ => "no year".into(),
    };
    let sentences = revision_sentences(revisions, &earlier, &years);
    let mut by_reason: Vec<ReasonRow> = Vec::new();
    for r in &revisions.list {
        match by_reason
            .iter_mut()
            .find(|x| x.table == r.table && x.reason == r.reason.words())
        {
            Some(row) => row.values += 1,
            None => by_reason.push(ReasonRow {
                table: r.table,
                reason: r.reason.words(),
                values: 1,
            }),
        }
    }
    let head_rates = revisions
        .list
        .iter()
        .filter(|r| r.table == "unfilled_rates" && r.indicator == "unfilled_percent")
        .filter_map(|r| {
            let t = tables.iter().find(|t| t.name == r.table)?;
            let at = |name: &str| {
                let i = t.columns.iter().position(|c| c.name == name)?;
                Some(t.text(r.row, i))
            };
            let wanted = at("geographic_level")? == "National"
                && at("country_code")? == top
                && at("post")? == "Head teacher"
                && at("school_religious_character")? == "Total";
            let period = at("time_period")?;
            wanted.then(|| HeadRevision {
                year: format!("{}/{}", &period[..4], &period[4..]),
                phase: at("education_phase").unwrap_or_default(),
                previous: r.previous_value.clone(),
                value: r.value.clone(),
                reason: r.reason.words(),
            })
        })
        .collect();
    RevisionsView {
        earlier,
        sentences,
        by_reason,
        head_rates,
    }
}
