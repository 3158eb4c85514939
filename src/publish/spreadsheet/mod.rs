//! `tables.xlsx` for the press office: a cover sheet (title, label, source, contents,
//! the key to the symbols), the headlines, one sheet per tidy table and a notes sheet
//! with the definitions. Each table sheet has its title and source above two frozen
//! header rows (the labels, then the EES column names the CSV has, with a filter on
//! them); numbers are numbers, formatted from the table's meta (percentages as Excel
//! percentages, counts with thousands separators), and symbols stay as text. The
//! workbook's creation time is the last date the data covers, so the bytes depend on
//! the inputs only. The table sheets are written in constant-memory mode, which keeps
//! their rows in an unnamed temporary file (removed by the system when closed) until the
//! workbook's bytes are assembled; nothing is written where a reader could see it.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, Table, TableColumn, TableStyle, Url,
    Workbook, Worksheet, XlsxError,
};

use crate::domain::RecruitmentYear;
use crate::domain::{Item, Phase, Role};
use crate::measures::unfilled::UnfilledKey;
use crate::publish::context::Context;
use crate::publish::definitions::{after_label, report_title, symbols};
use crate::publish::format::Fixed;
use crate::publish::revisions::Revisions;
use crate::publish::tidy::{change_points, p_value, rate_with_interval, Value};
use crate::publish::tidy::{ColumnRole, ColumnSpec, TidyTable};

mod local_authorities;

/// The revised indicators of each (table, row index).
pub type Marks = std::collections::BTreeMap<(&'static str, usize), Vec<&'static str>>;

pub const XLSX_NAME: &str = "tables.xlsx";

/// One row of the head teacher sheet: a year and phase (or all phases) at the top
/// National level, each value as its table shows it.
#[derive(Debug, Clone)]
struct HeadRateRow {
    pub year: RecruitmentYear,
    pub provisional: bool,
    pub phase: Item<Phase>,
    pub posts: u64,
    pub readvertised: u64,
    /// Rate, lower and upper 95% limits, in per cent (or their symbol).
    pub rate: [Value; 3],
    /// Change on the previous year (percentage points) and its p-value, if any.
    pub change: Option<[Value; 2]>,
    /// The projection to the complete year (a provisional report year).
    pub projected: Option<Value>,
}

/// The rows of the head teacher sheet, newest year first, phases in order then all
/// phases: the rates, changes and projections the tables and headlines already hold.
fn head_rate_rows(ctx: &Context) -> Vec<HeadRateRow> {
    let (rates, changes, top) = (ctx.rates, ctx.changes, ctx.top_country);
    let (provisional, claims) = (ctx.provisional_years, ctx.claims);
    let mut years: Vec<RecruitmentYear> = rates.iter().map(|c| c.key.year).collect();
    years.sort();
    years.dedup();
    let mut rows = Vec::new();
    for year in years.into_iter().rev() {
        for phase in Item::<Phase>::all() {
            let key = UnfilledKey::national(year, top, phase, Item::Of(Role::Head), Item::Total);
            let Some(cell) = rates.iter().find(|c| c.key == key) else {
                continue;
            };
            let change = changes
                .iter()
                .find(|c| c.key == key)
                .map(|c| [change_points(&c.comparison), p_value(&c.comparison)]);
            let projected = (year == claims.year)
                .then(|| claims.head_by_phase.iter().find(|p| p.phase == phase))
                .flatten()
                .and_then(|p| p.projection)
                .map(|p| Value::Float(p.rate * 100.0));
            rows.push(HeadRateRow {
                year,
                provisional: provisional.contains(&year),
                phase,
                posts: cell.post_count,
                readvertised: cell.readvertised_post_count,
                rate: rate_with_interval(&cell.unfilled),
                change,
                projected,
            });
        }
    }
    rows
}

/// The workbook's view of the context: what it shows beyond the context, derived once.
struct Book<'a> {
    ctx: &'a Context<'a>,
    /// The head teacher sheet, first after the headlines.
    head_rates: Vec<HeadRateRow>,
    /// The revised indicators of each (table, row) since the earlier release, marked
    /// `[r]` in a last column of the table sheets; `earlier` names that release.
    revised: Marks,
    earlier: Option<String>,
}

/// The rows above a table sheet's data: title, source, labels, column names.
const TABLE_HEADER_ROWS: u32 = 4;
const MAX_WIDTH: usize = 60;

struct Formats {
    title: Format,
    bold: Format,
    label: Format,
    names: Format,
    wrap: Format,
    symbol: Format,
    warning: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(15),
            bold: Format::new().set_bold(),
            label: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xF3F2F1)),
            names: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x505A5F))
                .set_background_color(Color::RGB(0xF3F2F1)),
            wrap: Format::new().set_text_wrap(),
            symbol: Format::new().set_align(FormatAlign::Right),
            warning: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xF46A25)),
        }
    }
}

/// The number format of an indicator column: `0.0%` for percentages (stored as
/// fractions), signed `0.0 pp` for percentage points, `#,##0` for counts.
fn number_format(unit: &str, dp: u8) -> String {
    let decimals = if dp == 0 {
        String::new()
    } else {
        format!(".{}", "0".repeat(usize::from(dp)))
    };
    match unit {
        "%" => format!("0{decimals}%"),
        "pp" => format!("+0{decimals}\" pp\";-0{decimals}\" pp\";0{decimals}\" pp\""),
        _ if dp == 0 => "#,##0".into(),
        _ => format!("0{decimals}"),
    }
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
    if matches!(symbol, "u" | "c" | "x" | "z") {
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

/// `'name'!A1`, a link to the top of a sheet.
fn sheet_link(name: &str) -> Url {
    Url::new(format!("internal:'{name}'!A1"))
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

fn cover(ws: &mut Worksheet, input: &Book, f: &Formats) -> Result<(), XlsxError> {
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

fn headlines(ws: &mut Worksheet, input: &Book, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("Headlines")?;
    ws.write_string_with_format(0, 0, "Headlines", &f.title)?;
    ws.write_string(1, 0, source_line(input, None))?;
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
        ("Table", 20.0),
    ];
    header_row(ws, 2, &header, f)?;
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    for (row, h) in (3u32..).zip(input.ctx.headlines) {
        ws.write_string_with_format(row, 0, &h.sentence, &f.wrap)?;
        ws.write_string(row, 2, &h.unit)?;
        let numbers = [
            (1, h.value),
            (3, h.base.map(|b| b as f64)),
            (4, h.lower),
            (5, h.upper),
            (6, h.previous_value),
            (7, h.change_pp),
            (8, h.p_value),
        ];
        for (col, value) in numbers {
            if let Some(v) = value {
                ws.write_number(row, col, v)?;
            }
        }
        if let Some(s) = h.significant {
            ws.write_string(row, 9, yes_no(s))?;
        }
        ws.write_string(row, 10, yes_no(h.provisional))?;
        for (col, text) in [(11, &h.year), (12, &h.education_phase), (13, &h.post)] {
            ws.write_string(row, col, text)?;
        }
        ws.write_url_with_text(row, 14, sheet_link(&h.table), &h.table)?;
    }
    ws.set_freeze_panes(3, 0)?;
    Ok(())
}

/// The sheet name of the head teacher rates (Excel allows 31 characters).
pub const HEAD_RATES_SHEET: &str = "Head teacher rates";

fn head_rates_sheet(ws: &mut Worksheet, input: &Book, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(HEAD_RATES_SHEET)?;
    ws.write_string_with_format(
        0,
        0,
        "Head teacher posts unfilled after the first advertisement, by phase",
        &f.title,
    )?;
    ws.write_string(1, 0, source_line(input, Some("unfilled_rates")))?;
    ws.write_string(
        2,
        0,
        "[p] provisional: posts advertised late in the year may still be re-advertised, so the rate is a lower bound; the projected rate estimates the complete year. [u]: too few posts to be reliable.",
    )?;
    let percent = Format::new().set_num_format(number_format("%", 1));
    let points = Format::new().set_num_format(number_format("pp", 1));
    let p_format = Format::new().set_num_format(number_format("", 4));
    let count = Format::new().set_num_format(number_format("", 0));
    let header = [
        ("Year", 11.0),
        ("School phase", 12.0),
        ("Posts advertised", 11.0),
        ("Posts re-advertised", 12.0),
        ("Unfilled after first advert (%)", 14.0),
        ("Lower 95% limit (%)", 11.0),
        ("Upper 95% limit (%)", 11.0),
        ("Change on previous year (percentage points)", 16.0),
        ("p-value of the change", 11.0),
        ("Projected rate, complete year (%)", 14.0),
    ];
    header_row(ws, 3, &header, f)?;
    let write = |ws: &mut Worksheet, row, col, v: &Value, unit, dp, fmt: &Format| {
        write_figure(ws, (row, col), v, (unit, dp, fmt), f)
    };
    for (row, r) in (4u32..).zip(&input.head_rates) {
        let year = if r.provisional {
            format!("{} [p]", r.year.label())
        } else {
            r.year.label()
        };
        ws.write_string(row, 0, year)?;
        ws.write_string(row, 1, r.phase.name())?;
        ws.write_number_with_format(row, 2, r.posts as f64, &count)?;
        ws.write_number_with_format(row, 3, r.readvertised as f64, &count)?;
        for (i, v) in r.rate.iter().enumerate() {
            write(ws, row, 4 + i as u16, v, "%", 1, &percent)?;
        }
        if let Some([change, p]) = &r.change {
            write(ws, row, 7, change, "pp", 1, &points)?;
            write(ws, row, 8, p, "", 4, &p_format)?;
        }
        if let Some(projected) = &r.projected {
            write(ws, row, 9, projected, "%", 1, &percent)?;
        }
    }
    ws.set_freeze_panes(4, 2)?;
    Ok(())
}

/// A sheet's column labels on `row`, each column at its width.
fn header_row(
    ws: &mut Worksheet,
    row: u32,
    columns: &[(&str, f64)],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (col, (name, width)) in (0u16..).zip(columns) {
        ws.write_string_with_format(row, col, *name, &f.label)?;
        ws.set_column_width(col, *width)?;
    }
    Ok(())
}

/// A figure as its table shows it, stored as the spreadsheet stores numbers (`unit`,
/// decimal places and number format), or its symbol in brackets.
fn write_figure(
    ws: &mut Worksheet,
    (row, col): (u32, u16),
    v: &Value,
    (unit, dp, fmt): (&str, u32, &Format),
    f: &Formats,
) -> Result<(), XlsxError> {
    match v.fixed(dp) {
        Some(fixed) => ws.write_number_with_format(row, col, stored_number(unit, fixed), fmt),
        None => ws.write_string_with_format(row, col, bracketed(&v.text(dp)), &f.symbol),
    }
    .map(|_| ())
}

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
    t: &TidyTable,
    cells: &[Vec<(Option<Fixed>, String)>],
    marked: Option<u16>,
) -> Result<(), XlsxError> {
    for (col, c) in (0u16..).zip(&t.columns) {
        // A column format, not one per cell: cells written without a format take it,
        // and looking a format up per cell costs more than writing the cell.
        if let Some(format) = column_format(c) {
            ws.set_column_format(col, &format)?;
        }
        // Bytes, not characters: the same for the ASCII that fills these tables, and cheaper
        // over 600,000 cells.
        let values = cells.iter().map(|r| r[usize::from(col)].1.len());
        let label = c.label.chars().count().min(24);
        ws.set_column_width(col, width_for(values.chain([label, c.name.len()])))?;
    }
    if let Some(col) = marked {
        ws.set_column_width(col, 30)?;
    }
    Ok(())
}

/// The header rows: readable labels, then the EES column names heading an Excel table
/// (filters and banding come with it) of `rows` rows; in constant-memory mode it is
/// added before the rows it holds are written.
fn table_header(
    ws: &mut Worksheet,
    t: &TidyTable,
    rows: usize,
    marked: Option<u16>,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (col, c) in (0u16..).zip(&t.columns) {
        ws.write_string_with_format(2, col, &c.label, &f.label)?;
    }
    if let Some(col) = marked {
        ws.write_string_with_format(2, col, "Revised since the earlier release [r]", &f.label)?;
    }
    let last_row = TABLE_HEADER_ROWS - 1 + rows as u32;
    let last_col = t.columns.len().saturating_sub(1) as u16;
    let columns: Vec<TableColumn> = t
        .columns
        .iter()
        .map(|c| {
            TableColumn::new()
                .set_header(c.name)
                .set_header_format(f.names.clone())
        })
        .collect();
    if rows == 0 {
        for (col, c) in (0u16..).zip(&t.columns) {
            ws.write_string_with_format(TABLE_HEADER_ROWS - 1, col, c.name, &f.names)?;
        }
    } else {
        let table = Table::new()
            .set_name(format!("table_{}", t.name))
            .set_style(TableStyle::Light1)
            .set_columns(&columns);
        ws.add_table(TABLE_HEADER_ROWS - 1, 0, last_row, last_col, &table)?;
    }
    if let Some(col) = marked {
        ws.write_string_with_format(TABLE_HEADER_ROWS - 1, col, "revised", &f.names)?;
    }
    Ok(())
}

/// One row's cells: indicators as numbers (or their symbol, bracketed), the rest as text.
fn table_row(
    ws: &mut Worksheet,
    row: u32,
    t: &TidyTable,
    fields: &[(Option<Fixed>, String)],
    f: &Formats,
) -> Result<(), XlsxError> {
    for ((col, c), (fixed, text)) in (0u16..).zip(&t.columns).zip(fields) {
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
    ws.set_name(t.name)?;
    let shown = shown_rows(t);
    // Each cell rounded once: its number (if it is one) and its text.
    let cells: Vec<Vec<(Option<Fixed>, String)>> = shown
        .iter()
        .map(|&r| {
            (0..t.columns.len())
                .map(|i| t.fixed_and_text(r, i))
                .collect()
        })
        .collect();
    // A last column marks the rows revised since the earlier release.
    let marked = input
        .revised
        .keys()
        .any(|(name, _)| *name == t.name)
        .then_some(t.columns.len() as u16);
    column_settings(ws, t, &cells, marked)?;
    ws.write_string_with_format(0, 0, t.title, &f.title)?;
    let mut source = source_line(input, Some(t.name));
    if shown.len() < t.rows.len() {
        source.push_str(&format!(
            " Local-authority rows: data/{}.csv, and the report year's on the Local authorities sheet.",
            t.name
        ));
    }
    ws.write_string(1, 0, source)?;
    table_header(ws, t, shown.len(), marked, f)?;
    for ((row, fields), &r) in (TABLE_HEADER_ROWS..).zip(&cells).zip(&shown) {
        table_row(ws, row, t, fields, f)?;
        if let Some(values) = marked.and_then(|_| input.revised.get(&(t.name, r))) {
            let col = t.columns.len() as u16;
            ws.write_string_with_format(row, col, format!("[r] {}", values.join(", ")), &f.symbol)?;
        }
    }
    ws.set_freeze_panes(TABLE_HEADER_ROWS, 0)?;
    Ok(())
}

fn notes(ws: &mut Worksheet, input: &Book, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("Notes")?;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 110)?;
    ws.write_string_with_format(0, 0, "Methods and definitions", &f.title)?;
    ws.write_string(1, 0, source_line(input, None))?;
    ws.write_string_with_format(2, 0, "Term", &f.label)?;
    ws.write_string_with_format(2, 1, "Definition", &f.label)?;
    for (row, d) in (3u32..).zip(&input.ctx.definitions) {
        ws.write_string_with_format(row, 0, d.term, &f.bold)?;
        ws.write_string_with_format(row, 1, &d.text, &f.wrap)?;
    }
    Ok(())
}

/// The workbook's bytes.
pub fn workbook(ctx: &Context) -> Result<Vec<u8>, XlsxError> {
    let input = &Book {
        ctx,
        head_rates: head_rate_rows(ctx),
        revised: ctx.revisions.map(Revisions::marks).unwrap_or_default(),
        earlier: ctx.revisions.map(|r| r.earlier_year.label()),
    };
    let f = Formats::new();
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
    cover(book.add_worksheet(), input, &f)?;
    headlines(book.add_worksheet(), input, &f)?;
    if !input.head_rates.is_empty() {
        head_rates_sheet(book.add_worksheet(), input, &f)?;
    }
    if !input.ctx.local_authorities.is_empty() {
        local_authorities::la_sheet(book.add_worksheet(), input, &f)?;
    }
    let first_table = book.worksheets_mut().len();
    for _ in input.ctx.tables {
        book.add_worksheet_with_constant_memory()?;
    }
    notes(book.add_worksheet(), input, &f)?;
    table_sheets(&mut book, first_table, input, &f)?;
    book.save_to_buffer()
}

/// Writes the table sheets (`first..` of the workbook's sheets, one per table) on two
/// threads, the largest tables shared out first so that the two take about as long.
/// Every format the sheets use is registered first, in a fixed order: a constant-memory
/// sheet numbers a format it has not seen when it first meets it, so registering them
/// here keeps the numbering, and the workbook's bytes, the same run to run.
fn table_sheets(
    book: &mut Workbook,
    first: usize,
    input: &Book,
    f: &Formats,
) -> Result<(), XlsxError> {
    for format in [&f.title, &f.label, &f.names, &f.symbol] {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let bytes = workbook(&ctx).unwrap();
        assert_eq!(bytes, workbook(&ctx).unwrap(), "same input, same bytes");
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
        assert_eq!(number_format("%", 1), "0.0%");
        assert_eq!(number_format("%", 0), "0%");
        assert_eq!(number_format("", 0), "#,##0");
        assert_eq!(number_format("", 4), "0.0000");
        assert_eq!(number_format("pp", 1), "+0.0\" pp\";-0.0\" pp\";0.0\" pp\"");
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
