//! `tables.xlsx` for the press office, laid out as the GSS guidance "Releasing
//! statistics in spreadsheets" asks: a cover sheet (title, label, release facts, the
//! key to the symbols, about these statistics), a contents sheet, a notes sheet of
//! numbered notes, the headlines, and one sheet per tidy table. Every sheet holds one
//! Excel table whose header row is the readable labels, with the title, a line naming
//! the notes that apply, and the source above it, and no blank cell ([z] where a column
//! does not apply); numbers are numbers, formatted from the table's meta (percentages as Excel
//! percentages, counts with thousands separators), and symbols stay as text. The
//! workbook's creation time is the last date the data covers, so the bytes depend on
//! the inputs only. The table sheets are written in constant-memory mode, which keeps
//! their rows in an unnamed temporary file (removed by the system when closed) until the
//! workbook's bytes are assembled; nothing is written where a reader could see it.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use crate::disclosure::Symbol;
use crate::publish::context::Context;
use crate::publish::definitions::{after_label, report_title};
use crate::publish::format::Fixed;
use crate::publish::revisions::Revisions;
use crate::publish::tidy::{ColumnRole, Value};

mod cover;
mod head_rates;
mod local_authorities;
mod notes;
pub mod ods;
mod sheet;
mod table_sheets;

use cover::{contents_sheet, cover};
use head_rates::{head_rate_rows, head_rates_sheet, HeadRateRow};
use notes::notes;
use ods::OdsSheet;
use sheet::{Formats, NumFmt, Sheet, Style, XlsxSheet};
use table_sheets::{table_sheet, table_sheets};

/// The revised indicators of each (table, row index).
pub type Marks = std::collections::BTreeMap<(&'static str, usize), Vec<&'static str>>;

pub const XLSX_NAME: &str = "tables.xlsx";

/// The workbook's view of the context: what it shows beyond the context, derived once
/// for both files (`workbook`, `ods`).
pub struct Book<'a> {
    ctx: &'a Context<'a>,
    /// The head teacher sheet, first after the headlines.
    head_rates: Vec<HeadRateRow>,
    /// The revised indicators of each (table, row) since the earlier release, marked
    /// `[r]` in a last column of the table sheets; `earlier` names that release.
    revised: Marks,
    earlier: Option<String>,
}

impl<'a> Book<'a> {
    pub fn of(ctx: &'a Context<'a>) -> Book<'a> {
        Book {
            ctx,
            head_rates: head_rate_rows(ctx),
            revised: ctx.revisions.map(Revisions::marks).unwrap_or_default(),
            earlier: ctx.revisions.map(|r| r.earlier_year.label()),
        }
    }
}

/// The rows above a table sheet's data: title, notes line, source, the table's header.
const TABLE_HEADER_ROWS: u32 = 4;
const MAX_WIDTH: usize = 60;

/// The style of a number of `unit` with `dp` places.
fn number_style(unit: &str, dp: u8) -> Style {
    Style::Number(NumFmt::of(unit, dp))
}

/// A number of an indicator column as the spreadsheet stores it: percentages as
/// fractions, so Excel's percentage format shows the table's figure: the double nearest
/// 0.931 for 93.1, not `93.1 / 100` (0.9309999999999999).
fn stored_number(unit: &str, f: Fixed) -> f64 {
    if unit == "%" {
        f.hundredths()
    } else {
        f.value()
    }
}

/// A figure the inputs give as text (the published series), stored as `stored_number`
/// would: `93.1` as `93.1e-2`.
fn stored_value(unit: &str, text: &str) -> Option<f64> {
    let v: f64 = text.parse().ok()?;
    if unit == "%" {
        Some(format!("{text}e-2").parse().unwrap_or(v / 100.0))
    } else {
        Some(v)
    }
}

/// A symbol as the GSS spreadsheet guidance writes it in a cell: `[u]`, `[c]`, `[x]`,
/// `[z]` (the CSVs keep the bare EES symbols).
pub fn bracketed(symbol: &str) -> String {
    if Symbol::ALL.iter().any(|s| s.code() == symbol) {
        format!("[{symbol}]")
    } else {
        symbol.to_string()
    }
}

fn width_for(texts: impl IntoIterator<Item = usize>) -> f64 {
    let widest = texts.into_iter().max().unwrap_or(8).clamp(6, MAX_WIDTH);
    widest as f64 + 2.0
}

fn xlsx_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// A sheet's source line: the data its table comes from (all of them for the headlines
/// and notes), the date the advert data cover, and the producer.
fn source_line(input: &Book, table: Option<&str>) -> String {
    let what = match table {
        Some(t) => crate::publish::about::source_of(t).to_string(),
        None => "leadership adverts, the GIAS school register, the workforce panel and published reports".into(),
    };
    let mut line = format!(
        "Source: {what} (advert data to {}).",
        input.ctx.observed_until
    );
    if let Some((_, producer)) = input.ctx.release.iter().find(|(k, _)| *k == "Producer") {
        line.push_str(&format!(" Produced by {producer}."));
    }
    line.push_str(" Symbols: see the Cover sheet.");
    if table == Some("published_series") {
        // Figures as their reports published them: never labelled with this build's
        // (possibly synthetic) data.
        return format!("Figures as published in the reports named in the table. {line}");
    }
    after_label(input.ctx.label, line)
}

fn headlines(ws: &mut impl Sheet, input: &Book) -> Result<(), XlsxError> {
    ws.name("Headlines")?;
    ws.text(0, 0, "Headlines", Style::Title)?;
    let line = format!("{ONE_TABLE} Percentages are stored as fractions and shown as per cent, as on every sheet; changes are in percentage points.");
    ws.text(1, 0, &line, Style::Plain)?;
    ws.text(2, 0, &source_line(input, None), Style::Plain)?;
    let header = [
        ("Headline", 90.0),
        ("Value", 10.0),
        ("Unit", 8.0),
        ("Base", 9.0),
        ("Lower 95% limit", 10.0),
        ("Upper 95% limit", 10.0),
        ("Previous value", 12.0),
        ("Change (percentage points)", 14.0),
        ("p-value", 9.0),
        ("Significant", 12.0),
        ("Provisional", 11.0),
        ("Year", 9.0),
        ("School phase", 12.0),
        ("Leadership post", 22.0),
        ("Sheet", 20.0),
    ];
    table_object(ws, (3, input.ctx.headlines.len()), "headlines", &header)?;
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let (percent, points) = (number_style("%", 1), number_style("pp", 1));
    for (row, h) in (4u32..).zip(input.ctx.headlines) {
        ws.text(row, 0, &h.sentence, Style::Wrap)?;
        ws.text(row, 2, &h.unit, Style::Plain)?;
        // Per cent as every other sheet has it: a fraction in a percentage format.
        let (scale, unit_style) = if h.unit == "%" {
            (0.01, percent)
        } else {
            (1.0, Style::Plain)
        };
        let numbers = [
            (1, h.value.map(|v| v * scale), unit_style),
            (3, h.base.map(|b| b as f64), Style::Plain),
            (4, h.lower.map(|v| v * scale), unit_style),
            (5, h.upper.map(|v| v * scale), unit_style),
            (6, h.previous_value.map(|v| v * scale), unit_style),
            (7, h.change_pp, points),
            (8, h.p_value, Style::Plain),
        ];
        for (col, value, style) in numbers {
            match value {
                Some(v) => ws.number(row, col, v, style)?,
                None => ws.text(row, col, NOT_APPLICABLE, Style::Symbol)?,
            };
        }
        match h.significant {
            Some(s) => ws.text(row, 9, yes_no(s), Style::Plain)?,
            None => ws.text(row, 9, NOT_APPLICABLE, Style::Symbol)?,
        };
        ws.text(row, 10, yes_no(h.provisional), Style::Plain)?;
        for (col, text) in [(11, &h.year), (12, &h.education_phase), (13, &h.post)] {
            ws.text(row, col, text, Style::Plain)?;
        }
        ws.link(row, 14, &sheet_name(&h.table))?;
    }
    ws.freeze(4, 0)
}

/// The sheet's one table, as the GSS guidance asks: an Excel table object whose header
/// row is the readable column labels, on `row`, each column at its width, over `rows`
/// rows of data below it (a table of no rows is its header alone).
fn table_object(
    ws: &mut impl Sheet,
    (row, rows): (u32, usize),
    name: &str,
    columns: &[(&str, f64)],
) -> Result<(), XlsxError> {
    for (col, (_, width)) in (0u16..).zip(columns) {
        ws.width(col, *width)?;
    }
    let labels: Vec<&str> = columns.iter().map(|(label, _)| *label).collect();
    ws.table(row, rows, name, &labels)
}

/// The line under a sheet's title (GSS guidance): it holds one table.
const ONE_TABLE: &str = "This worksheet contains one table.";

/// What an empty cell holds instead: `[z]`, not applicable (GSS guidance: no blank
/// cells in a table).
const NOT_APPLICABLE: &str = "[z]";

/// A table sheet's name: its table's name in words ("Unfilled rates"), in the sentence
/// case of every other sheet's name.
pub fn sheet_name(table: &str) -> String {
    let words = table.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// A figure as its table shows it, stored as the spreadsheet stores numbers (`unit`,
/// decimal places and number format), or its symbol in brackets.
fn write_figure(
    ws: &mut impl Sheet,
    (row, col): (u32, u16),
    v: &Value,
    (unit, dp): (&str, u8),
) -> Result<(), XlsxError> {
    match v.fixed(u32::from(dp)) {
        Some(fixed) => ws.number(row, col, stored_number(unit, fixed), number_style(unit, dp)),
        None => ws.text(row, col, &bracketed(&v.text(u32::from(dp))), Style::Symbol),
    }
}

/// The sheets before the table sheets.
#[derive(Debug, Clone, Copy)]
enum Front {
    Cover,
    Contents,
    Notes,
    Headlines,
    HeadRates,
    LocalAuthorities,
}

/// The sheets before the table sheets, in order: cover, contents, notes, headlines, the
/// head teacher rates and the local authorities when there are any.
fn front_sheets(input: &Book) -> Vec<Front> {
    let mut list = vec![
        Front::Cover,
        Front::Contents,
        Front::Notes,
        Front::Headlines,
    ];
    if !input.head_rates.is_empty() {
        list.push(Front::HeadRates);
    }
    if !input.ctx.local_authorities.is_empty() {
        list.push(Front::LocalAuthorities);
    }
    list
}

fn write_front(ws: &mut impl Sheet, which: Front, input: &Book) -> Result<(), XlsxError> {
    match which {
        Front::Cover => cover(ws, input),
        Front::Contents => contents_sheet(ws, input),
        Front::Notes => notes(ws, input),
        Front::Headlines => headlines(ws, input),
        Front::HeadRates => head_rates_sheet(ws, input),
        Front::LocalAuthorities => local_authorities::la_sheet(ws, input),
    }
}

/// Every number style the sheets use: the fixed ones and each indicator column's.
fn number_styles(ctx: &Context) -> Vec<NumFmt> {
    let mut all = vec![
        NumFmt::Percent(1),
        NumFmt::Points(1),
        NumFmt::Count,
        NumFmt::Decimal(4),
    ];
    for c in ctx.tables.iter().flat_map(|t| &t.columns) {
        if let ColumnRole::Indicator { unit, dp: Some(dp) } = &c.role {
            all.push(NumFmt::of(unit, *dp));
        }
    }
    all.sort();
    all.dedup();
    all
}

/// The workbook's bytes.
pub fn workbook(input: &Book) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new(number_styles(input.ctx));
    let mut book = Workbook::new();
    // Deflate level 2 rather than the default 6: measured at national scale (BENCHMARKS.md),
    // level 4 wrote 2.35 MB and kept the build waiting 0.20 s for the workbook; level 2
    // writes 2.71 MB and 0.15 s; level 1, 3.67 MB and 0.15 s.
    book.set_zip_compression_level(2);
    let comment = after_label(
        input.ctx.label,
        format!("Built by slm {}", env!("CARGO_PKG_VERSION")),
    );
    book.set_properties(
        &DocProperties::new()
            .set_title(report_title(input.ctx.year))
            .set_author("slm")
            .set_comment(comment)
            .set_creation_datetime(&xlsx_date(input.ctx.observed_until)?),
    );
    for which in front_sheets(input) {
        write_front(&mut XlsxSheet::new(book.add_worksheet(), &f), which, input)?;
    }
    let first_table = book.worksheets_mut().len();
    for _ in input.ctx.tables {
        book.add_worksheet_with_constant_memory()?;
    }
    table_sheets(&mut book, first_table, input, &f)?;
    book.save_to_buffer()
}

/// The same workbook as OpenDocument (`tables.ods`): the same sheets, written by the
/// same code.
pub fn ods(input: &Book) -> Result<Vec<u8>, XlsxError> {
    let ctx = input.ctx;
    let mut sheets = Vec::new();
    for which in front_sheets(input) {
        let mut sheet = OdsSheet::default();
        write_front(&mut sheet, which, input)?;
        sheets.push(sheet);
    }
    for t in ctx.tables {
        let mut sheet = OdsSheet::default();
        table_sheet(&mut sheet, t, input)?;
        sheets.push(sheet);
    }
    let created = ctx.observed_until.to_string();
    ods::ods_bytes(&sheets, &report_title(ctx.year), &created).map_err(XlsxError::IoError)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecruitmentYear;
    use crate::publish::tidy::{ColumnSpec, TidyTable};

    fn cover_line(label: &'static str, synthetic: bool) -> String {
        use crate::publish::tidy::Value;
        use calamine::Reader;
        let table = TidyTable {
            name: "t",
            title: "T",
            columns: vec![
                ColumnSpec::geography("time_period"),
                ColumnSpec::indicator("post_count", "Posts", "", 0),
            ],
            rows: vec![vec![Value::Text("201011".into()), Value::Count(3)]],
        };
        let ctx = Context::for_tests(RecruitmentYear(2010), label, synthetic, vec![table]);
        let book = Book::of(&ctx);
        let bytes = workbook(&book).unwrap();
        assert_eq!(bytes, workbook(&book).unwrap(), "same input, same bytes");
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let cover = book.worksheet_range("Cover").unwrap();
        cover.get_value((1, 0)).unwrap().to_string()
    }

    #[test]
    fn only_a_synthetic_label_is_called_not_real() {
        assert_eq!(
            cover_line("Synthetic demonstration data", true),
            "Synthetic demonstration data: not real figures"
        );
        assert_eq!(
            cover_line("Provisional extract, 1 October", false),
            "Provisional extract, 1 October"
        );
    }

    #[test]
    fn number_formats_follow_unit_and_decimal_places() {
        let excel = |unit, dp| NumFmt::of(unit, dp).excel();
        assert_eq!(excel("%", 1), "0.0%");
        assert_eq!(excel("%", 0), "0%");
        assert_eq!(excel("", 0), "#,##0");
        assert_eq!(excel("", 4), "0.0000");
        assert_eq!(excel("pp", 1), "+0.0\" pp\";-0.0\" pp\";0.0\" pp\"");
    }

    #[test]
    fn percentages_are_stored_as_fractions_and_symbols_as_text() {
        assert_eq!(stored_value("%", "33.3"), Some(0.333));
        assert_eq!(stored_value("%", "93.1"), Some(0.931));
        assert_eq!(stored_value("%", "100"), Some(1.0));
        assert_eq!(stored_value("pp", "-1.5"), Some(-1.5));
        assert_eq!(stored_value("", "1204"), Some(1204.0));
        assert_eq!(stored_value("%", "c"), None);
        assert_eq!(stored_value("%", "u"), None);
    }
}
