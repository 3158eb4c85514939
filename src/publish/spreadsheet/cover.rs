//! The cover sheet (title, label, build line, release facts, the key to the symbols
//! and "About these statistics") and the contents sheet (each sheet linked, in a table).

use rust_xlsxwriter::XlsxError;

use super::head_rates::HEAD_RATES_SHEET;
use super::sheet::{Sheet, Style};
use super::{local_authorities, sheet_name, table_object, Book, ONE_TABLE};
use crate::publish::definitions::{report_title, symbols};

/// The cover's title, label, build line, provisional note and release facts; the next
/// free row.
fn cover_title(ws: &mut impl Sheet, input: &Book) -> Result<u32, XlsxError> {
    ws.name("Cover")?;
    ws.width(0, 28.0)?;
    ws.width(1, 100.0)?;
    ws.text(0, 0, &report_title(input.ctx.year), Style::Title)?;
    let mut row = 1;
    if !input.ctx.label.is_empty() {
        let label = if input.ctx.synthetic {
            format!("{}: not real figures", input.ctx.label)
        } else {
            input.ctx.label.to_string()
        };
        let style = if input.ctx.synthetic {
            Style::Warning
        } else {
            Style::Bold
        };
        ws.text(row, 0, &label, style)?;
        row += 1;
    }
    let built = format!(
        "Built by slm {} from adverts published up to {}; every input and its SHA-256 hash is listed in manifest.json beside this file.",
        env!("CARGO_PKG_VERSION"),
        input.ctx.observed_until
    );
    ws.text(row, 0, &built, Style::Plain)?;
    row += 1;
    if input.ctx.provisional() {
        let note = format!(
            "Figures for {} are provisional: recent posts may still be re-advertised, so its rates may rise.",
            input.ctx.year.label()
        );
        ws.text(row, 0, &note, Style::Plain)?;
        row += 1;
    }
    for (fact, value) in &input.ctx.release {
        ws.text(row, 0, fact, Style::Bold)?;
        ws.text(row, 1, value, Style::Plain)?;
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
pub(super) fn contents_sheet(ws: &mut impl Sheet, input: &Book) -> Result<(), XlsxError> {
    ws.name("Contents")?;
    ws.text(0, 0, "Contents", Style::Title)?;
    ws.text(1, 0, ONE_TABLE, Style::Plain)?;
    let contents = contents(input);
    let header = [("Sheet name", 24.0), ("Sheet title", 100.0)];
    table_object(ws, (2, contents.len()), "contents", &header)?;
    for (row, (sheet, what)) in (3u32..).zip(&contents) {
        ws.link(row, 0, sheet)?;
        ws.text(row, 1, what, Style::Plain)?;
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

pub(super) fn cover(ws: &mut impl Sheet, input: &Book) -> Result<(), XlsxError> {
    let mut row = cover_title(ws, input)?;
    row += 1;
    ws.link(row, 0, "Contents")?;
    ws.text(row, 1, "Every sheet of this workbook, linked", Style::Plain)?;
    row += 2;
    ws.text(row, 0, "Symbols", Style::Bold)?;
    row += 1;
    for (symbol, meaning) in symbol_key(input) {
        ws.text(row, 0, &format!("[{symbol}]"), Style::Plain)?;
        ws.text(row, 1, &meaning, Style::Wrap)?;
        row += 1;
    }
    row += 1;
    ws.text(row, 0, "About these statistics", Style::Bold)?;
    row += 1;
    for item in &input.ctx.about {
        ws.text(row, 0, item.heading, Style::Bold)?;
        ws.text(row, 1, &item.text, Style::Wrap)?;
        row += 1;
    }
    Ok(())
}
