//! The workbook's "Local authorities" sheet: the rows of the report's LA table, figures
//! stored as numbers in the formats of the table sheets.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::{number_format, source_line, table_object, write_figure, Book, Formats, ONE_TABLE};

pub const LA_SHEET: &str = "Local authorities";

pub(super) fn la_sheet(ws: &mut Worksheet, input: &Book, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(LA_SHEET)?;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "Leadership posts unfilled after the first advertisement by local authority, {}",
            input.ctx.year.label()
        ),
        &f.title,
    )?;
    ws.write_string(1, 0, source_line(input, Some("unfilled_rates")))?;
    ws.write_string(
        2,
        0,
        format!(
            "{ONE_TABLE} All phases; ordered by region, then local authority. [u]: a rate on fewer than {} posts; [x]: no head teacher post that year. {}.",
            input.ctx.rules.min_base, input.ctx.la_codes
        ),
    )?;
    let percent = Format::new().set_num_format(number_format("%", 1));
    let count = Format::new().set_num_format(number_format("", 0));
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
    table_object(ws, (3, rows), "local_authorities", &header, f)?;
    for (row, r) in (4u32..).zip(&input.ctx.local_authorities) {
        ws.write_string(row, 0, r.la.region().name())?;
        ws.write_string(row, 1, r.la.name())?;
        ws.write_string(row, 2, r.la.old_code())?;
        ws.write_string(row, 3, r.la.new_code())?;
        for (first, figures) in [(4u16, &r.head), (9, &r.all_posts)] {
            ws.write_number_with_format(row, first, figures.posts as f64, &count)?;
            ws.write_number_with_format(row, first + 1, figures.readvertised as f64, &count)?;
            for (i, v) in (first + 2..).zip(&figures.rate) {
                write_figure(ws, (row, i), v, ("%", 1, &percent), f)?;
            }
        }
    }
    ws.set_freeze_panes(4, 2)?;
    Ok(())
}
