//! `report.html`: one self-contained page (inline CSS and SVG, no scripts, no network)
//! rendered with minijinja from `templates/report.html`. Every value from the inputs is
//! HTML-escaped by the template engine; only slm's own SVG is inserted as markup.

use minijinja::{context, Environment};
use serde::Serialize;

use crate::config::Rules;
use crate::domain::{Phase, RecruitmentYear, Role};
use crate::measures::TOTAL;
use crate::publish::charts::table::Table;
use crate::publish::charts::RenderedChart;
use crate::publish::definitions::{report_title, Definition};
use crate::publish::headlines::Headline;
use crate::publish::manifest::{FileEntry, Quality};

const TEMPLATE: &str = include_str!("../../templates/report.html");

pub struct ReportInput<'a> {
    pub year: RecruitmentYear,
    pub provisional: bool,
    pub label: &'a str,
    /// The top national geography's name (England and Wales, or one country).
    pub geography: &'a str,
    pub top_country: &'a str,
    pub headlines: &'a [Headline],
    pub charts: &'a [RenderedChart],
    pub change: &'a Table,
    pub published: Option<&'a Table>,
    pub quality: &'a Quality,
    pub inputs: &'a [FileEntry],
    pub rules: &'a Rules,
    pub observed_until: String,
    /// The methods and definitions (shared with the workbook's Notes sheet).
    pub definitions: &'a [Definition],
}

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

fn change_rows(input: &ReportInput) -> Vec<ChangeRow> {
    let period = input.year.time_period();
    let posts: Vec<&str> = Role::ALL
        .iter()
        .map(|r| r.post_name())
        .chain([TOTAL])
        .collect();
    let phases: Vec<&str> = Phase::ALL.iter().map(|p| p.name()).chain([TOTAL]).collect();
    let mut rows = Vec::new();
    for post in &posts {
        for phase in &phases {
            let found = input.change.select(&[
                ("time_period", &period),
                ("geographic_level", "National"),
                ("country_code", input.top_country),
                ("education_phase", phase),
                ("post", post),
                ("school_religious_character", TOTAL),
            ]);
            let Some(r) = found.first() else { continue };
            let reading = match (
                r.number("unfilled_percent_change"),
                r.number("unfilled_percent_change_p_value"),
            ) {
                (Some(c), Some(p)) if p < 0.05 && c > 0.0 => "rose (significant)",
                (Some(c), Some(p)) if p < 0.05 && c < 0.0 => "fell (significant)",
                (Some(_), Some(_)) => "little changed",
                _ => "too few posts to say",
            };
            rows.push(ChangeRow {
                post: post.to_string(),
                phase: phase.to_string(),
                previous: r.get("previous_unfilled_percent").into(),
                current: r.get("unfilled_percent").into(),
                change: r.get("unfilled_percent_change").into(),
                p_value: r.get("unfilled_percent_change_p_value").into(),
                reading: reading.into(),
            });
        }
    }
    rows
}

fn published_rows(table: Option<&Table>) -> Vec<PublishedView> {
    let Some(t) = table else { return vec![] };
    t.select(&[])
        .iter()
        .map(|r| PublishedView {
            year: RecruitmentYear(r.year()).label(),
            phase: r.get("education_phase").into(),
            series: r.get("series").into(),
            unfilled: r.get("unfilled_after_first_advert_percent").into(),
            readvertised: r.get("readvertised_percent").into(),
            source: r.get("source").into(),
        })
        .collect()
}

pub fn render(input: &ReportInput) -> Result<String, minijinja::Error> {
    let mut env = Environment::new();
    env.add_template("report.html", TEMPLATE)?;
    let charts: Vec<ChartView> = input
        .charts
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
        provisional => input.provisional,
        label => input.label,
        geography => input.geography,
        headlines => input.headlines,
        charts => charts,
        change_rows => change_rows(input),
        published_rows => published_rows(input.published),
        quality => input.quality,
        inputs => input.inputs,
        version => env!("CARGO_PKG_VERSION"),
        readvert_max_days => input.rules.readvert_max_days,
        observed_until => input.observed_until,
        definitions => input.definitions,
    })
}
