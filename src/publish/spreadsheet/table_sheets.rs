//! One sheet per tidy table; in the xlsx, written in constant-memory mode on two
//! threads.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::notes::table_notes_line;
use super::sheet::{Formats, NumFmt, Sheet, Style, XlsxSheet};
use super::{
    bracketed, sheet_name, source_line, stored_number, stored_value, width_for, Book,
    NOT_APPLICABLE, TABLE_HEADER_ROWS,
};
use crate::publish::format::Fixed;
use crate::publish::tidy::{ColumnRole, ColumnSpec, TidyTable, Value};

/// The number style of an indicator column with decimal places.
fn column_style(c: &ColumnSpec) -> Option<Style> {
    match &c.role {
        ColumnRole::Indicator { unit, dp: Some(dp) } => Some(Style::Number(NumFmt::of(unit, *dp))),
        _ => None,
    }
}

/// The rows a table sheet shows: all but the local-authority rows, which stay in the
/// CSV (the report year's are on the Local authorities sheet): every LA, year and filter
/// is over 90,000 rows at national scale, more than a spreadsheet reader wants or the
/// build should spend.
fn shown_rows(t: &TidyTable) -> Vec<usize> {
    let level = t.columns.iter().position(|c| c.name == "geographic_level");
    let is_la = |r: usize| {
        level.is_some_and(|i| matches!(&t.rows[r][i], Value::Text(l) if l == "Local authority"))
    };
    (0..t.rows.len()).filter(|&r| !is_la(r)).collect()
}

/// The columns a sheet shows: every indicator, and each other column unless it is empty
/// in every row shown (the LA code and name columns once the LA rows are left out).
fn shown_columns(t: &TidyTable, shown: &[usize]) -> Vec<usize> {
    (0..t.columns.len())
        .filter(|&i| {
            matches!(t.columns[i].role, ColumnRole::Indicator { .. })
                || shown.iter().any(|&r| !t.text(r, i).is_empty())
        })
        .collect()
}

/// Each column's style and width (before any row, as constant-memory mode needs), and
/// the width of the revisions column `marked` when there is one.
fn column_settings(
    ws: &mut impl Sheet,
    (columns, styles): (&[&ColumnSpec], &[Option<Style>]),
    cells: &[Vec<(Option<Fixed>, String)>],
    marked: Option<u16>,
) -> Result<(), XlsxError> {
    for ((col, c), style) in (0u16..).zip(columns).zip(styles) {
        if let Some(style) = style {
            ws.column_style(col, *style)?;
        }
        // Bytes, not characters: the same for the ASCII that fills these tables, and cheaper
        // over 600,000 cells.
        let values = cells.iter().map(|r| r[usize::from(col)].1.len());
        let label = c.label.chars().count().min(24);
        ws.width(col, width_for(values.chain([label])))?;
    }
    if let Some(col) = marked {
        ws.width(col, 30.0)?;
    }
    Ok(())
}

/// One row's cells: indicators as numbers in their column's style (or their symbol,
/// bracketed), the rest as text; `styles` holds each column's number style, looked up
/// once per sheet rather than once per cell.
fn table_row(
    ws: &mut impl Sheet,
    row: u32,
    (columns, styles): (&[&ColumnSpec], &[Option<Style>]),
    fields: &[(Option<Fixed>, String)],
) -> Result<(), XlsxError> {
    for (((col, c), style), (fixed, text)) in (0u16..).zip(columns).zip(styles).zip(fields) {
        match &c.role {
            ColumnRole::Indicator { unit, .. } => {
                let number = match fixed {
                    Some(fixed) => Some(stored_number(unit, *fixed)),
                    None => stored_value(unit, text),
                };
                match number {
                    Some(v) => ws.number(row, col, v, style.unwrap_or(Style::Plain))?,
                    None => ws.text(row, col, &bracketed(text), Style::Symbol)?,
                }
            }
            // No blank cells (GSS guidance): a geography or filter that does not apply
            // to the row (the region of a National row) is [z].
            _ if text.is_empty() => ws.text(row, col, NOT_APPLICABLE, Style::Symbol)?,
            _ => ws.text(row, col, text, Style::Plain)?,
        };
    }
    Ok(())
}

/// The sheet of table `t`: title, the notes line, the source, then one table headed by
/// the readable labels (GSS guidance), with a last column naming the revised values
/// when rows were revised. Rows are written in order and column settings first (the
/// xlsx table sheets are in constant-memory mode: each row goes out as XML when the next
/// begins, about a third of the default mode's cost at national scale).
pub(super) fn table_sheet(
    ws: &mut impl Sheet,
    t: &TidyTable,
    input: &Book,
) -> Result<(), XlsxError> {
    ws.name(&sheet_name(t.name))?;
    let shown = shown_rows(t);
    let kept = shown_columns(t, &shown);
    let columns: Vec<&ColumnSpec> = kept.iter().map(|&i| &t.columns[i]).collect();
    // Each cell rounded once: its number (if it is one) and its text.
    let cells: Vec<Vec<(Option<Fixed>, String)>> = shown
        .iter()
        .map(|&r| kept.iter().map(|&i| t.fixed_and_text(r, i)).collect())
        .collect();
    // A last column marks the rows revised since the earlier release.
    let marked = input
        .revised
        .keys()
        .any(|(name, _)| *name == t.name)
        .then_some(columns.len() as u16);
    let styles: Vec<Option<Style>> = columns.iter().map(|c| column_style(c)).collect();
    column_settings(ws, (&columns, &styles), &cells, marked)?;
    ws.text(0, 0, t.title, Style::Title)?;
    ws.text(1, 0, &table_notes_line(input.ctx, t.name), Style::Plain)?;
    let mut source = source_line(input, Some(t.name));
    if shown.len() < t.rows.len() {
        source.push_str(&format!(
            " Local-authority rows: data/{}.csv, and the report year's on the Local authorities sheet.",
            t.name
        ));
    }
    ws.text(2, 0, &source, Style::Plain)?;
    let mut labels: Vec<&str> = columns.iter().map(|c| c.label.as_str()).collect();
    if marked.is_some() {
        labels.push("Revised since the earlier release [r]");
    }
    ws.table(TABLE_HEADER_ROWS - 1, shown.len(), t.name, &labels)?;
    for ((row, fields), &r) in (TABLE_HEADER_ROWS..).zip(&cells).zip(&shown) {
        table_row(ws, row, (&columns, &styles), fields)?;
        if let Some(col) = marked {
            let text = match input.revised.get(&(t.name, r)) {
                Some(values) => format!("[r] {}", values.join(", ")),
                None => "not revised".into(),
            };
            ws.text(row, col, &text, Style::Symbol)?;
        }
    }
    ws.freeze(TABLE_HEADER_ROWS, 0)
}

/// Writes the table sheets (`first..` of the workbook's sheets, one per table) on two
/// threads, the largest tables shared out first so that the two take about as long.
/// Every format the sheets use is registered first, in a fixed order: a constant-memory
/// sheet numbers a format it has not seen when it first meets it, so registering them
/// here keeps the numbering, and the workbook's bytes, the same run to run.
pub(super) fn table_sheets(
    book: &mut Workbook,
    first: usize,
    input: &Book,
    f: &Formats,
) -> Result<(), XlsxError> {
    for format in f.all() {
        book.register_format(format);
    }
    let sheets = &mut book.worksheets_mut()[first..first + input.ctx.tables.len()];
    let mut jobs: Vec<(&mut Worksheet, &TidyTable)> =
        sheets.iter_mut().zip(input.ctx.tables).collect();
    jobs.sort_by_key(|(_, t)| std::cmp::Reverse(t.rows.len() * t.columns.len()));
    let (mut one, mut other): (Vec<_>, Vec<_>) = (Vec::new(), Vec::new());
    let (mut one_cells, mut other_cells) = (0usize, 0usize);
    for job in jobs {
        let cells = job.1.rows.len() * job.1.columns.len();
        if one_cells <= other_cells {
            one_cells += cells;
            one.push(job);
        } else {
            other_cells += cells;
            other.push(job);
        }
    }
    let write = |jobs: Vec<(&mut Worksheet, &TidyTable)>| -> Result<(), XlsxError> {
        for (ws, t) in jobs {
            table_sheet(&mut XlsxSheet::new(ws, f), t, input)?;
        }
        Ok(())
    };
    std::thread::scope(|scope| {
        let beside = scope.spawn(|| write(other));
        let here = write(one);
        beside
            .join()
            .expect("a sheet writer does not panic")
            .and(here)
    })
}
