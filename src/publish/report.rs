//! `report.html`: one self-contained page (inline CSS and SVG, no scripts, no network)
//! rendered with minijinja from `templates/report.html`. Every value from the inputs is
//! HTML-escaped by the template engine; only slm's own SVG is inserted as markup.

use minijinja::{context, Environment};
use serde::Serialize;

use crate::claims::{self, ChangeClaim};
use crate::domain::{Item, Phase, PublishedRow, RecruitmentYear, Role};
use crate::measures::unfilled::UnfilledKey;
use crate::publish::about::{count_of, side_by_side};
use crate::publish::charts::RenderedChart;
use crate::publish::context::Context;
use crate::publish::definitions::{report_title, symbols};
use crate::publish::format::thousands;
use crate::publish::manifest::Quality;
use crate::publish::revisions_table::revisions_view;
use crate::publish::spreadsheet::bracketed;
use crate::publish::tidy::{change_points, p_value, rate_with_interval, Value};
use crate::publish::two_methods::two_methods;

const TEMPLATE: &str = include_str!("../../templates/report.html");

#[derive(Serialize)]
struct ChartView<'a> {
    name: &'a str,
    title: &'a str,
    alt: &'a str,
    svg: &'a str,
    table: &'a str,
    header: &'a [String],
    rows: &'a [Vec<String>],
}

#[derive(Serialize)]
struct ChangeRow {
    post: String,
    phase: String,
    previous: String,
    current: String,
    change: String,
    p_value: String,
    reading: String,
}

#[derive(Serialize)]
struct PublishedView {
    year: String,
    phase: String,
    series: String,
    unfilled: String,
    readvertised: String,
    source: String,
}

/// How a row of the change table reads, by the claims rule: in a provisional year, from
/// the projection (quoted with its interval).
fn reading(r: &crate::disclosure::ChangeRow, provisional: bool) -> String {
    let Some((_, claim)) = claims::change_claim(r, provisional) else {
        return "too few posts to say".into();
    };
    let projected = r.projection.as_ref().and_then(|p| p.shown()).map(|p| {
        format!(
            "projected {} ({} to {})",
            Value::Float(p.rate * 100.0).text(1),
            Value::Float(p.lower * 100.0).text(1),
            Value::Float(p.upper * 100.0).text(1)
        )
    });
    let with = |words: &str| match &projected {
        Some(p) => format!("provisional: {p}, {words}"),
        None => format!("provisional: {words}"),
    };
    match claim {
        ChangeClaim::Rose => "rose (significant)".into(),
        ChangeClaim::Fell => "fell (significant)".into(),
        ChangeClaim::LittleChanged => "little changed".into(),
        ChangeClaim::NotSignificant => "not a significant change".into(),
        ChangeClaim::ProjectedHigher => with("higher"),
        ChangeClaim::ProjectedLower => with("lower"),
        ChangeClaim::ProvisionalNotDifferent if projected.is_some() => {
            with("not significantly different")
        }
        ChangeClaim::ProvisionalNotDifferent => with("too early to compare"),
    }
}

/// The report year's changes at the top National level, each read from the one
/// decision the measures made.
fn change_rows(input: &Context) -> Vec<ChangeRow> {
    let mut rows = Vec::new();
    for post in Item::<Role>::all() {
        for phase in Item::<Phase>::all() {
            let key =
                UnfilledKey::national(input.year, input.top_country, phase, post, Item::Total);
            let Some(r) = input.changes.iter().find(|c| c.key == key) else {
                continue;
            };
            let reading = reading(r, input.provisional());
            let [current, ..] = rate_with_interval(&r.current);
            let [previous, ..] = rate_with_interval(&r.previous);
            rows.push(ChangeRow {
                post: post.name().to_string(),
                phase: phase.name().to_string(),
                previous: previous.text(1),
                current: current.text(1),
                change: change_points(&r.comparison).text(1),
                p_value: p_value(&r.comparison).text(4),
                reading,
            });
        }
    }
    rows
}

fn published_rows(rows: &[PublishedRow]) -> Vec<PublishedView> {
    rows.iter()
        .map(|r| PublishedView {
            year: r.start_year().map_or_else(String::new, |y| y.label()),
            phase: r.get("education_phase").into(),
            series: r.get("series").into(),
            unfilled: r.get("unfilled_after_first_advert_percent").into(),
            readvertised: r.get("readvertised_percent").into(),
            source: r.get("source").into(),
        })
        .collect()
}

/// A number (with separators, a sign or a unit) or an EES symbol standing for one.
fn is_figure(cell: &str) -> bool {
    let t = cell.trim_end_matches('%').trim_end_matches(" pp");
    matches!(t, "u" | "c" | "x" | "z")
        || (!t.is_empty()
            && t.chars().any(|c| c.is_ascii_digit())
            && t.chars().all(|c| c.is_ascii_digit() || ",.+-".contains(c)))
}

/// The report's HTML, from the context, what the build counted, and the charts drawn.
pub fn render(
    input: &Context,
    quality: &Quality,
    charts: &[RenderedChart],
) -> Result<String, minijinja::Error> {
    let top = input.top_country;
    let side_by_side = side_by_side(input.published, input.rates, top);
    let two_methods = input
        .survey
        .map(|survey| two_methods(survey, input.rates, top, input.year));
    let revisions = input
        .revisions
        .map(|r| revisions_view(r, input.tables, top.code()));
    let mut env = Environment::new();
    env.add_template("report.html", TEMPLATE)?;
    // Numbers in the text: thousands separators, and a noun that agrees ("1 post").
    env.add_filter("thousands", |n: u64| thousands(n));
    env.add_filter("count", |n: u64, noun: String| count_of(n, &noun));
    // A table cell holding a figure (a number, or a symbol in its place) is right-aligned.
    env.add_test("figure", |cell: String| is_figure(&cell));
    // A symbol standing alone in a cell is written as the workbook writes it: [u].
    env.add_filter("sym", |cell: String| bracketed(&cell));
    let charts: Vec<ChartView> = charts
        .iter()
        .map(|c| ChartView {
            name: c.spec.name,
            title: &c.spec.title,
            alt: &c.spec.alt,
            svg: &c.svg,
            table: c.spec.table,
            header: &c.spec.data_header,
            rows: &c.spec.data_rows,
        })
        .collect();
    let template = env.get_template("report.html")?;
    template.render(context! {
        title => report_title(input.year),
        year => input.year.label(),
        previous_year => RecruitmentYear(input.year.0 - 1).label(),
        provisional => input.provisional(),
        label => input.label,
        synthetic => input.synthetic,
        geography => input.geography(),
        headlines => crate::publish::headlines::key_and_detail(input.headlines),
        definition => crate::publish::definitions::unfilled_in_brief(input.rules, input.provisional()),
        charts => charts,
        change_rows => change_rows(input),
        published_rows => published_rows(input.published),
        quality => quality,
        inputs => &input.inputs,
        version => env!("CARGO_PKG_VERSION"),
        readvert_min_days => input.rules.readvert_min_days,
        readvert_max_days => input.rules.readvert_max_days,
        observed_until => input.observed_until.to_string(),
        definitions => input.definitions,
        release => input.release.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>(),
        about => input.about,
        side_by_side => side_by_side,
        two_methods => two_methods,
        local_authorities => crate::publish::local_authorities::la_views(&input.local_authorities),
        la_codes => input.la_codes,
        revisions => revisions,
        min_base => input.rules.min_base,
        symbols => symbols(input.rules.min_base),
        data_files => input.tables.iter().map(|t| context! { name => t.name, title => t.title }).collect::<Vec<_>>(),
    })
}
