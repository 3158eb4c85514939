//! The workbook's "Local authorities" sheet: the rows of the report's LA table, figures
//! stored as numbers in the formats of the table sheets.

use rust_xlsxwriter::XlsxError;

use super::sheet::{Sheet, Style};
use super::{number_style, source_line, table_object, write_figure, Book, ONE_TABLE};

pub const LA_SHEET: &str = "Local authorities";

pub(super) fn la_sheet(ws: &mut impl Sheet, input: &Book) -> Result<(), XlsxError> {
    ws.name(LA_SHEET)?;
    let title = format!(
        "Leadership posts unfilled after the first advertisement by local authority, {}",
        input.ctx.year.label()
    );
    ws.text(0, 0, &title, Style::Title)?;
    ws.text(
        1,
        0,
        &source_line(input, Some("unfilled_rates")),
        Style::Plain,
    )?;
    ws.text(
        2,
        0,
        &format!(
            "{ONE_TABLE} All phases; ordered by region, then local authority. [u]: a rate on fewer than {} posts; [x]: no head teacher post that year. {}.",
            input.ctx.rules.min_base, input.ctx.la_codes
        ),
        Style::Plain,
    )?;
    let count = number_style("", 0);
    let header = [
        ("Region", 22.0),
        ("Local authority", 26.0),
        ("Old LA code", 8.0),
        ("New LA code", 11.0),
        ("Head teacher posts", 11.0),
        ("Head teacher posts re-advertised", 13.0),
        ("Head teacher posts unfilled (%)", 13.0),
        ("Head teacher lower 95% limit (%)", 11.0),
        ("Head teacher upper 95% limit (%)", 11.0),
        ("All leadership posts", 11.0),
        ("Leadership posts re-advertised", 13.0),
        ("Leadership posts unfilled (%)", 13.0),
        ("Leadership lower 95% limit (%)", 11.0),
        ("Leadership upper 95% limit (%)", 11.0),
    ];
    let rows = input.ctx.local_authorities.len();
    table_object(ws, (3, rows), "local_authorities", &header)?;
    for (row, r) in (4u32..).zip(&input.ctx.local_authorities) {
        ws.text(row, 0, r.la.region().name(), Style::Plain)?;
        ws.text(row, 1, r.la.name(), Style::Plain)?;
        ws.text(row, 2, r.la.old_code(), Style::Plain)?;
        ws.text(row, 3, r.la.new_code(), Style::Plain)?;
        for (first, figures) in [(4u16, &r.head), (9, &r.all_posts)] {
            ws.number(row, first, figures.posts as f64, count)?;
            ws.number(row, first + 1, figures.readvertised as f64, count)?;
            for (i, v) in (first + 2..).zip(&figures.rate) {
                write_figure(ws, (row, i), v, ("%", 1))?;
            }
        }
    }
    ws.freeze(4, 2)
}
