//! The cover sheet: title, label, build line, release facts, contents (each sheet
//! linked), the key to the symbols and "About these statistics".

use rust_xlsxwriter::{Url, Worksheet, XlsxError};

use super::head_rates::HEAD_RATES_SHEET;
use super::{local_authorities, Book, Formats};
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

/// The sheets listed on the cover, in order, with what each holds.
fn contents<'a>(input: &'a Book) -> Vec<(&'a str, &'a str)> {
    let mut contents: Vec<(&str, &str)> = vec![("Headlines", "Press-ready figures and sentences")];
    if !input.head_rates.is_empty() {
        contents.push((
            HEAD_RATES_SHEET,
            "Head teacher posts unfilled after the first advertisement, by phase and year",
        ));
    }
    if !input.ctx.local_authorities.is_empty() {
        contents.push((
            local_authorities::LA_SHEET,
            "Leadership posts unfilled after the first advertisement by local authority, report year",
        ));
    }
    contents.extend(input.ctx.tables.iter().map(|t| (t.name, t.title)));
    contents.push(("Notes", "Methods and definitions"));
    contents
}

/// The key to the symbols, with `r` when rows were revised since the earlier release.
fn symbol_key(input: &Book) -> Vec<(&'static str, String)> {
    let mut symbols = symbols(input.ctx.rules.min_base);
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
    ws.write_string_with_format(row, 0, "Contents", &f.bold)?;
    row += 1;
    let contents = contents(input);
    for (sheet, what) in contents {
        ws.write_url_with_text(row, 0, sheet_link(sheet), sheet)?;
        ws.write_string(row, 1, what)?;
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "Symbols", &f.bold)?;
    row += 1;
    let symbols = symbol_key(input);
    for (symbol, meaning) in symbols {
        ws.write_string(row, 0, symbol)?;
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
