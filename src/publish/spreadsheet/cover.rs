//! The cover sheet (title, label, build line, release facts, the key to the symbols
//! and "About these statistics") and the contents sheet (each sheet linked, in a table).

use rust_xlsxwriter::{Url, Worksheet, XlsxError};

use super::head_rates::HEAD_RATES_SHEET;
use super::{local_authorities, sheet_name, table_object, Book, Formats, ONE_TABLE};
use crate::publish::definitions::{report_title, symbols};

/// `'name'!A1`, a link to the top of a sheet.
pub(super) fn sheet_link(name: &str) -> Url {
    Url::new(format!("internal:'{name}'!A1"))
}

/// The cover's title, label, build line, provisional note and release facts; the next
/// free row.
fn cover_title(ws: &mut Worksheet, input: &Book, f: &Formats) -> Result<u32, XlsxError> {
    ws.set_name("Cover")?;
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 100)?;
    ws.write_string_with_format(0, 0, report_title(input.ctx.year), &f.title)?;
    let mut row = 1;
    if !input.ctx.label.is_empty() {
        let label = if input.ctx.synthetic {
            format!("{}: not real figures", input.ctx.label)
        } else {
            input.ctx.label.to_string()
        };
        let format = if input.ctx.synthetic {
            &f.warning
        } else {
            &f.bold
        };
        ws.write_string_with_format(row, 0, label, format)?;
        row += 1;
    }
    ws.write_string(
        row,
        0,
        format!(
            "Built by slm {} from adverts published up to {}; every input and its SHA-256 hash is listed in manifest.json beside this file.",
            env!("CARGO_PKG_VERSION"),
            input.ctx.observed_until
        ),
    )?;
    row += 1;
    if input.ctx.provisional() {
        ws.write_string(
            row,
            0,
            format!(
                "Figures for {} are provisional: recent posts may still be re-advertised, so its rates may rise.",
                input.ctx.year.label()
            ),
        )?;
        row += 1;
    }
    for (fact, value) in &input.ctx.release {
        ws.write_string_with_format(row, 0, *fact, &f.bold)?;
        ws.write_string(row, 1, value)?;
        row += 1;
    }
    Ok(row)
}

/// The sheets after the contents, in order, with what each holds.
fn contents<'a>(input: &'a Book) -> Vec<(String, &'a str)> {
    let mut contents: Vec<(String, &'a str)> = vec![
        (
            "Cover".into(),
            "Title, release facts, symbols and about these statistics",
        ),
        (
            "Notes".into(),
            "Methods and definitions, numbered as the tables refer to them",
        ),
        ("Headlines".into(), "Press-ready figures and sentences"),
    ];
    if !input.head_rates.is_empty() {
        contents.push((
            HEAD_RATES_SHEET.into(),
            "Head teacher posts unfilled after the first advertisement, by phase and year",
        ));
    }
    if !input.ctx.local_authorities.is_empty() {
        contents.push((
            local_authorities::LA_SHEET.into(),
            "Leadership posts unfilled after the first advertisement by local authority, report year",
        ));
    }
    contents.extend(
        input
            .ctx
            .tables
            .iter()
            .map(|t| (sheet_name(t.name), t.title)),
    );
    contents
}

/// The Contents sheet: one table of every sheet, each linked.
pub(super) fn contents_sheet(
    ws: &mut Worksheet,
    input: &Book,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name("Contents")?;
    ws.write_string_with_format(0, 0, "Contents", &f.title)?;
    ws.write_string(1, 0, ONE_TABLE)?;
    let contents = contents(input);
    let header = [("Sheet name", 24.0), ("Sheet title", 100.0)];
    table_object(ws, (2, contents.len()), "contents", &header, f)?;
    for (row, (sheet, what)) in (3u32..).zip(&contents) {
        ws.write_url_with_text(row, 0, sheet_link(sheet), sheet)?;
        ws.write_string(row, 1, *what)?;
    }
    Ok(())
}

/// The key to the symbols, with `r` when rows were revised since the earlier release.
fn symbol_key(input: &Book) -> Vec<(&'static str, String)> {
    let mut symbols = symbols(input.ctx.rules.min_base);
    if input.head_rates.iter().any(|r| r.provisional) {
        symbols.push((
            "p",
            "provisional: posts advertised late in the year may still be re-advertised, so the year's rates are lower bounds (the Head teacher rates sheet marks the year; the table sheets' Version column says Provisional)".into(),
        ));
    }
    if let Some(earlier) = input
        .earlier
        .as_deref()
        .filter(|_| !input.revised.is_empty())
    {
        symbols.push((
            "r",
            format!("revised since the {earlier} release: a table sheet's last column names the values of its row that changed (data/revisions.csv lists each with its earlier value)"),
        ));
    }
    symbols
}

pub(super) fn cover(ws: &mut Worksheet, input: &Book, f: &Formats) -> Result<(), XlsxError> {
    let mut row = cover_title(ws, input, f)?;
    row += 1;
    ws.write_url_with_text(row, 0, sheet_link("Contents"), "Contents")?;
    ws.write_string(row, 1, "Every sheet of this workbook, linked")?;
    row += 2;
    ws.write_string_with_format(row, 0, "Symbols", &f.bold)?;
    row += 1;
    let symbols = symbol_key(input);
    for (symbol, meaning) in symbols {
        ws.write_string(row, 0, format!("[{symbol}]"))?;
        ws.write_string_with_format(row, 1, meaning, &f.wrap)?;
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "About these statistics", &f.bold)?;
    row += 1;
    for item in &input.ctx.about {
        ws.write_string_with_format(row, 0, item.heading, &f.bold)?;
        ws.write_string_with_format(row, 1, &item.text, &f.wrap)?;
        row += 1;
    }
    Ok(())
}
