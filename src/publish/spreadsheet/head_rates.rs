//! The head teacher sheet: every year and phase at the top National level, newest
//! first, with the change on the year before and the projection of a provisional year.

use rust_xlsxwriter::XlsxError;

use super::sheet::{Sheet, Style};
use super::{
    number_style, source_line, table_object, write_figure, Book, NOT_APPLICABLE, ONE_TABLE,
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

pub(super) fn head_rates_sheet(ws: &mut impl Sheet, input: &Book) -> Result<(), XlsxError> {
    ws.name(HEAD_RATES_SHEET)?;
    let title = "Head teacher posts unfilled after the first advertisement, by phase";
    ws.text(0, 0, title, Style::Title)?;
    ws.text(
        1,
        0,
        &source_line(input, Some("unfilled_rates")),
        Style::Plain,
    )?;
    let line = format!("{ONE_TABLE} [p] provisional: posts advertised late in the year may still be re-advertised, so the rate is a lower bound; the projected rate estimates the complete year. [u]: too few posts to be reliable. [z]: not applicable (no change in the first year; no projection for a final year).");
    ws.text(2, 0, &line, Style::Plain)?;
    let count = number_style("", 0);
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
    let rows = input.head_rates.len();
    table_object(ws, (3, rows), "head_teacher_rates", &header)?;
    for (row, r) in (4u32..).zip(&input.head_rates) {
        let year = if r.provisional {
            format!("{} [p]", r.year.label())
        } else {
            r.year.label()
        };
        ws.text(row, 0, &year, Style::Plain)?;
        ws.text(row, 1, r.phase.name(), Style::Plain)?;
        ws.number(row, 2, r.posts as f64, count)?;
        ws.number(row, 3, r.readvertised as f64, count)?;
        for (col, v) in (4u16..).zip(&r.rate) {
            write_figure(ws, (row, col), v, ("%", 1))?;
        }
        match &r.change {
            Some([change, p]) => {
                write_figure(ws, (row, 7), change, ("pp", 1))?;
                write_figure(ws, (row, 8), p, ("", 4))?;
            }
            None => {
                ws.text(row, 7, NOT_APPLICABLE, Style::Symbol)?;
                ws.text(row, 8, NOT_APPLICABLE, Style::Symbol)?;
            }
        }
        match &r.projected {
            Some(projected) => write_figure(ws, (row, 9), projected, ("%", 1))?,
            None => ws.text(row, 9, NOT_APPLICABLE, Style::Symbol)?,
        }
    }
    ws.freeze(4, 2)
}
