//! The head teacher sheet: every year and phase at the top National level, newest
//! first, with the change on the year before and the projection of a provisional year.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::{
    number_format, source_line, table_object, write_figure, Book, Formats, NOT_APPLICABLE,
    ONE_TABLE,
};
use crate::domain::{Item, Phase, RecruitmentYear, Role};
use crate::measures::unfilled::UnfilledKey;
use crate::publish::context::Context;
use crate::publish::tidy::{change_points, p_value, rate_with_interval, Value};

/// One row of the head teacher sheet: a year and phase (or all phases) at the top
/// National level, each value as its table shows it.
#[derive(Debug, Clone)]
pub(super) struct HeadRateRow {
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
pub(super) fn head_rate_rows(ctx: &Context) -> Vec<HeadRateRow> {
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

/// The sheet name of the head teacher rates (Excel allows 31 characters).
pub const HEAD_RATES_SHEET: &str = "Head teacher rates";

pub(super) fn head_rates_sheet(
    ws: &mut Worksheet,
    input: &Book,
    f: &Formats,
) -> Result<(), XlsxError> {
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
        format!("{ONE_TABLE} [p] provisional: posts advertised late in the year may still be re-advertised, so the rate is a lower bound; the projected rate estimates the complete year. [u]: too few posts to be reliable. [z]: not applicable (no change in the first year; no projection for a final year)."),
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
    table_object(
        ws,
        (3, input.head_rates.len()),
        "head_teacher_rates",
        &header,
        f,
    )?;
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
        match &r.change {
            Some([change, p]) => {
                write(ws, row, 7, change, "pp", 1, &points)?;
                write(ws, row, 8, p, "", 4, &p_format)?;
            }
            None => {
                ws.write_string_with_format(row, 7, NOT_APPLICABLE, &f.symbol)?;
                ws.write_string_with_format(row, 8, NOT_APPLICABLE, &f.symbol)?;
            }
        }
        match &r.projected {
            Some(projected) => write(ws, row, 9, projected, "%", 1, &percent)?,
            None => {
                ws.write_string_with_format(row, 9, NOT_APPLICABLE, &f.symbol)?;
            }
        }
    }
    ws.set_freeze_panes(4, 2)?;
    Ok(())
}
