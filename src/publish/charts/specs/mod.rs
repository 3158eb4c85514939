//! The report's charts (DESIGN.md, Outputs: Charts), each built from the disclosed
//! cells its table is rendered from: titles that state the finding, alt text that gives
//! the figures, notes for provisional years and cells too small to show. Values drawn
//! are the values the tables show (`tidy::Value`), and every decision (significance,
//! direction, which value is highest) comes from the measures.

use std::collections::BTreeSet;

use plotters::style::RGBColor;

use super::model::{Bar, ChartSpec, Line, Marker, Plot, Point, XAxis, PALETTE};
use crate::claims::{ChangeClaim, Highest};
use crate::disclosure::{Disclosed, RateCell, RetentionRow, SurvivalRow};
use crate::domain::{
    Country, Geography, Item, Phase, PublishedRow, RecruitmentYear, ReligiousCharacter, Role,
};
use crate::measures::proportion::Proportion;
use crate::publish::format::thousands;
use crate::publish::headlines::counted;
use crate::publish::tidy::{rate_with_interval, Value};

pub use crate::publish::context::Context;

const HEAD: Item<Role> = Item::Of(Role::Head);

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
    /// The top National rates of one phase, post and religious character, by year.
    fn national(
        &self,
        phase: Item<Phase>,
        post: Item<Role>,
        religion: Item<ReligiousCharacter>,
    ) -> Vec<&RateCell> {
        self.rates
            .iter()
            .filter(|c| {
                c.key.geography == Geography::National(self.top_country)
                    && c.key.filters.phase == phase
                    && c.key.filters.post == post
                    && c.key.filters.religion == religion
                    && c.key.year <= self.year
            })
            .collect()
    }

    fn is_provisional(&self, year: i32) -> bool {
        self.provisional_years.contains(&RecruitmentYear(year))
    }

    fn subtitle(&self, text: &str) -> String {
        let label = self.synthetic_label();
        if label.is_empty() {
            text.to_string()
        } else {
            format!("{label}. {text}")
        }
    }

    fn provisional_note(&self) -> Option<String> {
        if self.provisional_years.is_empty() {
            return None;
        }
        let years: Vec<String> = self.provisional_years.iter().map(|y| y.label()).collect();
        Some(format!(
            "Hollow markers and dashed lines: provisional ({}): posts opened in the last {} days of the data may still be re-advertised, so the rate can only rise.",
            years.join(", "),
            self.rules.readvert_max_days
        ))
    }

    fn year_phrase(&self) -> String {
        self.year.phrase(self.is_provisional(self.year.0))
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

fn phase_words(phase: Item<Phase>) -> String {
    match phase {
        Item::Total => "All phases".into(),
        Item::Of(p) => format!("{} schools", p.name()),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

const RECRUITMENT_YEARS: XAxis = XAxis::Years("Recruitment year");

/// A rate as drawn: the value the table shows, with its interval if asked; `None`
/// for a withheld rate (a gap).
fn rate_point(year: i32, rate: &Disclosed<Proportion>, with_interval: bool) -> Option<Point> {
    let [value, lower, upper] = rate_with_interval(rate);
    Some(Point {
        year,
        value: value.number(1)?,
        interval: if with_interval {
            Some((lower.number(1)?, upper.number(1)?))
        } else {
            None
        },
        hollow: false,
    })
}

/// A count as a report table shows it (`1,204`), or its symbol.
fn count_text(v: &Value) -> String {
    match v {
        Value::Count(n) => thousands(*n),
        other => other.text(0),
    }
}

/// The three texts of a rate with its interval, as the table shows them.
fn rate_texts(rate: &Disclosed<Proportion>) -> [String; 3] {
    rate_with_interval(rate).map(|v| v.text(1))
}

/// A title for a group's highest rate, from the claim: the items named (all of them when
/// tied) only when significantly above the rest; else that the rates did not differ.
fn highest_title<T>(
    ctx: &Context,
    claim: Option<&Highest<T>>,
    name: impl Fn(&T) -> String,
    (of_group, differ): (&str, &str),
    fallback: &str,
) -> String {
    match claim {
        Some(Highest::Above {
            items, compared, ..
        }) => {
            let names: Vec<String> = items.iter().map(name).collect();
            let had = if names.len() > 1 {
                "had the same, highest"
            } else {
                "had the highest"
            };
            format!(
                "{} {had} unfilled rate for head teacher posts {} in {}",
                list(&names),
                counted(of_group, *compared),
                ctx.year_phrase()
            )
        }
        Some(Highest::NotDifferent { compared }) => format!(
            "Head teacher unfilled rates did not differ significantly {} in {}",
            counted(differ, *compared),
            ctx.year_phrase()
        ),
        None => fallback.to_string(),
    }
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
mod survey;
mod workforce;

pub use over_time::{posts_per_100_schools, published_and_advert_series, unfilled_by_phase};
pub use report_year::{
    unfilled_by_region, unfilled_by_religious_character, unfilled_change_by_phase,
};
pub use survey::two_methods;
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
        two_methods(ctx),
        head_retention_by_phase(ctx),
        new_head_survival(ctx),
    ]
    .into_iter()
    .flatten()
    .collect()
}
