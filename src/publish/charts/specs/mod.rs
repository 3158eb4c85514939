//! The report's charts (DESIGN.md, Outputs: Charts), each built from a published table
//! read back from its bytes: titles that state the finding, alt text that gives the
//! figures, notes for provisional years and cells too small to show.

use std::collections::BTreeSet;

use plotters::style::RGBColor;

use super::model::{Bar, ChartSpec, Line, Marker, Plot, Point, XAxis, PALETTE};
use super::table::{Row, Table};
use crate::domain::{country_name, region_name, Phase, RecruitmentYear, ReligiousCharacter, WALES};
use crate::measures::TOTAL;

pub struct Context<'a> {
    pub rates: &'a Table,
    pub change: &'a Table,
    pub published: Option<&'a Table>,
    pub year: RecruitmentYear,
    pub provisional: &'a BTreeSet<RecruitmentYear>,
    /// The data label when it must show on the face of every chart.
    pub label: &'a str,
    /// The top National row's country code (`measures::cube::top_national`).
    pub top_country: &'a str,
    /// The workforce tables, when the build has a panel.
    pub retention: Option<&'a Table>,
    pub survival: Option<&'a Table>,
}

const HEAD: &str = "Head teacher";

fn phase_style(i: usize) -> (RGBColor, Marker) {
    let markers = [
        Marker::Circle,
        Marker::Triangle,
        Marker::Square,
        Marker::Diamond,
    ];
    (PALETTE[i % PALETTE.len()], markers[i % markers.len()])
}

impl Context<'_> {
    fn national<'t>(
        &self,
        table: &'t Table,
        phase: &str,
        post: &str,
        religion: &str,
    ) -> Vec<Row<'t>> {
        table.select(&[
            ("geographic_level", "National"),
            ("country_code", self.top_country),
            ("education_phase", phase),
            ("post", post),
            ("school_religious_character", religion),
        ])
    }

    fn is_provisional(&self, year: i32) -> bool {
        self.provisional.contains(&RecruitmentYear(year))
    }

    fn subtitle(&self, text: &str) -> String {
        if self.label.is_empty() {
            text.to_string()
        } else {
            format!("{}. {text}", self.label)
        }
    }

    fn provisional_note(&self) -> Option<String> {
        if self.provisional.is_empty() {
            return None;
        }
        let years: Vec<String> = self.provisional.iter().map(|y| y.label()).collect();
        Some(format!(
            "Hollow markers: provisional ({}): posts opened in the last 365 days of the data may still be re-advertised.",
            years.join(", ")
        ))
    }

    fn year_phrase(&self) -> String {
        if self.is_provisional(self.year.0) {
            format!("{} (provisional)", self.year.label())
        } else {
            self.year.label()
        }
    }
}

/// A phase's yearly line, in the phase's colour and marker; none without points.
fn phase_line(i: usize, label: &str, points: Vec<Point>) -> Option<Line> {
    let (color, marker) = phase_style(i);
    (!points.is_empty()).then(|| Line {
        label: label.into(),
        color,
        marker,
        points,
        joined: true,
    })
}

fn pct(v: f64) -> String {
    format!("{v:.1}%")
}

fn phase_words(phase: &str) -> String {
    if phase == TOTAL {
        "All phases".into()
    } else {
        format!("{phase} schools")
    }
}

const RECRUITMENT_YEARS: XAxis = XAxis::Years("Recruitment year");
const UNFILLED_INTERVAL: Option<(&str, &str)> =
    Some(("unfilled_percent_lower", "unfilled_percent_upper"));

/// A yearly line of `column` for one phase, with the `interval` columns if given;
/// symbol cells are gaps. Provisional years are hollow.
fn yearly(ctx: &Context, rows: &[Row], column: &str, interval: Option<(&str, &str)>) -> Vec<Point> {
    yearly_points(ctx, rows, column, interval)
        .into_iter()
        .map(|p| Point {
            hollow: ctx.is_provisional(p.year),
            ..p
        })
        .collect()
}

/// A yearly line of `column` up to the report year; symbol cells are gaps.
fn yearly_points(
    ctx: &Context,
    rows: &[Row],
    column: &str,
    interval: Option<(&str, &str)>,
) -> Vec<Point> {
    rows.iter()
        .filter(|r| r.year() <= ctx.year.0)
        .filter_map(|r| {
            let value = r.number(column)?;
            let interval = match interval {
                Some((lo, hi)) => Some((r.number(lo)?, r.number(hi)?)),
                None => None,
            };
            Some(Point {
                year: r.year(),
                value,
                interval,
                hollow: false,
            })
        })
        .collect()
}

fn notes(ctx: &Context, hidden: bool) -> Vec<String> {
    let mut notes: Vec<String> = ctx.provisional_note().into_iter().collect();
    if hidden {
        notes.push("Rates on too few posts to be reliable (u in the table) are not drawn.".into());
    }
    notes
}

mod over_time;
mod report_year;
mod workforce;

pub use over_time::{posts_per_100_schools, published_and_advert_series, unfilled_by_phase};
pub use report_year::{
    unfilled_by_region, unfilled_by_religious_character, unfilled_change_by_phase,
};
pub use workforce::{head_retention_by_phase, new_head_survival};

/// Every chart the data allows, in report order.
pub fn all(ctx: &Context) -> Vec<ChartSpec> {
    [
        unfilled_by_phase(ctx),
        unfilled_change_by_phase(ctx),
        unfilled_by_region(ctx),
        unfilled_by_religious_character(ctx),
        posts_per_100_schools(ctx),
        published_and_advert_series(ctx),
        head_retention_by_phase(ctx),
        new_head_survival(ctx),
    ]
    .into_iter()
    .flatten()
    .collect()
}
