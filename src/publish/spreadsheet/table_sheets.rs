//! One sheet per tidy table, written in constant-memory mode on two threads.

use rust_xlsxwriter::{Format, Table, TableColumn, TableStyle, Workbook, Worksheet, XlsxError};

use super::notes::table_notes_line;
use super::{
    bracketed, number_format, sheet_name, source_line, stored_number, stored_value, width_for,
    Book, Formats, NOT_APPLICABLE, TABLE_HEADER_ROWS,
};
use crate::publish::format::Fixed;
use crate::publish::tidy::{ColumnRole, ColumnSpec, TidyTable, Value};

fn column_format(c: &ColumnSpec) -> Option<Format> {
    match &c.role {
        ColumnRole::Indicator { unit, dp: Some(dp) } => {
            Some(Format::new().set_num_format(number_format(unit, *dp)))
        }
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

/// Each column's format and width (before any row, as constant-memory mode needs), and
/// the width of the revisions column `marked` when there is one.
fn column_settings(
    ws: &mut Worksheet,
    columns: &[&ColumnSpec],
    cells: &[Vec<(Option<Fixed>, String)>],
    marked: Option<u16>,
) -> Result<(), XlsxError> {
    for (col, c) in (0u16..).zip(columns) {
        // A column format, not one per cell: cells written without a format take it,
        // and looking a format up per cell costs more than writing the cell.
        if let Some(format) = column_format(c) {
            ws.set_column_format(col, &format)?;
        }
        // Bytes, not characters: the same for the ASCII that fills these tables, and cheaper
        // over 600,000 cells.
        let values = cells.iter().map(|r| r[usize::from(col)].1.len());
        let label = c.label.chars().count().min(24);
        ws.set_column_width(col, width_for(values.chain([label])))?;
    }
    if let Some(col) = marked {
        ws.set_column_width(col, 30)?;
    }
    Ok(())
}

/// The header row: an Excel table (filters and banding come with it) of `rows` rows
/// headed by the readable column labels (GSS guidance); in constant-memory mode it is
/// added before the rows it holds are written.
fn table_header(
    ws: &mut Worksheet,
    (name, columns): (&str, &[&ColumnSpec]),
    rows: usize,
    marked: Option<u16>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let mut labels: Vec<&str> = columns.iter().map(|c| c.label.as_str()).collect();
    if marked.is_some() {
        labels.push("Revised since the earlier release [r]");
    }
    let header = TABLE_HEADER_ROWS - 1;
    if rows == 0 {
        for (col, label) in (0u16..).zip(&labels) {
            ws.write_string_with_format(header, col, *label, &f.label)?;
        }
        return Ok(());
    }
    let table_columns: Vec<TableColumn> = (labels.iter())
        .map(|label| {
            TableColumn::new()
                .set_header(*label)
                .set_header_format(f.label.clone())
        })
        .collect();
    let table = Table::new()
        .set_name(format!("table_{name}"))
        .set_style(TableStyle::Light1)
        .set_columns(&table_columns);
    let last_row = header + rows as u32;
    let last_col = labels.len().saturating_sub(1) as u16;
    ws.add_table(header, 0, last_row, last_col, &table)?;
    Ok(())
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

/// One row's cells: indicators as numbers (or their symbol, bracketed), the rest as text.
fn table_row(
    ws: &mut Worksheet,
    row: u32,
    columns: &[&ColumnSpec],
    fields: &[(Option<Fixed>, String)],
    f: &Formats,
) -> Result<(), XlsxError> {
    for ((col, c), (fixed, text)) in (0u16..).zip(columns).zip(fields) {
        match &c.role {
            ColumnRole::Indicator { unit, .. } => {
                let number = match fixed {
                    Some(fixed) => Some(stored_number(unit, *fixed)),
                    None => stored_value(unit, text),
                };
                match number {
                    Some(v) => ws.write_number(row, col, v)?,
                    None => ws.write_string_with_format(row, col, bracketed(text), &f.symbol)?,
                }
            }
            // No blank cells (GSS guidance): a geography or filter that does not apply
            // to the row (the region of a National row) is [z].
            _ if text.is_empty() => {
                ws.write_string_with_format(row, col, NOT_APPLICABLE, &f.symbol)?
            }
            _ => ws.write_string(row, col, text)?,
        };
    }
    Ok(())
}

fn table_sheet(
    ws: &mut Worksheet,
    t: &TidyTable,
    input: &Book,
    f: &Formats,
) -> Result<(), XlsxError> {
    // Table sheets are written in rust_xlsxwriter's constant-memory mode (each row
    // goes out as XML when the next begins, strings inline): about a third of the cost
    // of the default mode at national scale. Rows must therefore be written in order,
    // and column settings come first.
    ws.set_name(sheet_name(t.name))?;
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
    column_settings(ws, &columns, &cells, marked)?;
    ws.write_string_with_format(0, 0, t.title, &f.title)?;
    ws.write_string(1, 0, table_notes_line(input.ctx, t.name))?;
    let mut source = source_line(input, Some(t.name));
    if shown.len() < t.rows.len() {
        source.push_str(&format!(
            " Local-authority rows: data/{}.csv, and the report year's on the Local authorities sheet.",
            t.name
        ));
    }
    ws.write_string(2, 0, source)?;
    table_header(ws, (t.name, &columns), shown.len(), marked, f)?;
    for ((row, fields), &r) in (TABLE_HEADER_ROWS..).zip(&cells).zip(&shown) {
        table_row(ws, row, &columns, fields, f)?;
        match marked.map(|col| (col, input.revised.get(&(t.name, r)))) {
            Some((col, Some(values))) => {
                let text = format!("[r] {}", values.join(", "));
                ws.write_string_with_format(row, col, text, &f.symbol)?;
            }
            Some((col, None)) => {
                ws.write_string_with_format(row, col, "not revised", &f.symbol)?;
            }
            None => {}
        }
    }
    ws.set_freeze_panes(TABLE_HEADER_ROWS, 0)?;
    Ok(())
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
    for format in [&f.title, &f.label, &f.symbol] {
        book.register_format(format);
    }
    for c in input.ctx.tables.iter().flat_map(|t| &t.columns) {
        if let Some(format) = column_format(c) {
            book.register_format(&format);
        }
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
            table_sheet(ws, t, input, f)?;
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
