//! `report.html`: one self-contained page (inline CSS and SVG, no scripts, no network)
//! rendered with minijinja from `templates/report.html`. Every value from the inputs is
//! HTML-escaped by the template engine; only slm's own SVG is inserted as markup.

use minijinja::{context, Environment};
use serde::Serialize;

use crate::claims::ChangeClaim;
use crate::config::Rules;
use crate::disclosure::ChangeRow as Change;
use crate::domain::{Country, Item, Phase, PublishedRow, RecruitmentYear, Role};
use crate::measures::unfilled::UnfilledKey;
use crate::publish::about::{count_of, AboutItem, SideBySide};
use crate::publish::charts::RenderedChart;
use crate::publish::definitions::{report_title, Definition};
use crate::publish::format::thousands;
use crate::publish::headlines::Headline;
use crate::publish::manifest::{FileEntry, Quality};
use crate::publish::tidy::{change_points, p_value, rate_with_interval};

const TEMPLATE: &str = include_str!("../../templates/report.html");

pub struct ReportInput<'a> {
    pub year: RecruitmentYear,
    pub provisional: bool,
    pub label: &'a str,
    /// The inputs are synthetic (and calibrated to the published survey rates).
    pub synthetic: bool,
    /// The top national geography's name (England and Wales, or one country).
    pub geography: &'a str,
    pub top_country: Country,
    pub headlines: &'a [Headline],
    pub charts: &'a [RenderedChart],
    pub changes: &'a [Change],
    pub published: &'a [PublishedRow],
    pub quality: &'a Quality,
    pub inputs: &'a [FileEntry],
    pub rules: &'a Rules,
    pub observed_until: String,
    /// The methods and definitions (shared with the workbook's Notes sheet).
    pub definitions: &'a [Definition],
    /// The release facts (`[release]`) and "About these statistics" (shared with the
    /// workbook's cover).
    pub release: &'a [(&'static str, String)],
    pub about: &'a [AboutItem],
    /// The published figures beside this report's rates.
    pub side_by_side: &'a [SideBySide],
    /// The survey's rates beside the adverts', when the build has survey returns.
    pub two_methods: Option<&'a crate::publish::two_methods::TwoMethods>,
    /// The report year's local authorities, and where their codes come from.
    pub local_authorities: &'a [crate::publish::local_authorities::LaRow],
    pub la_codes: &'a str,
    /// The comparison with the earlier release, when there is one.
    pub revisions: Option<&'a crate::publish::revisions_table::RevisionsView>,
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

/// The report year's changes at the top National level, each read from the one
/// decision the measures made.
fn change_rows(input: &ReportInput) -> Vec<ChangeRow> {
    let mut rows = Vec::new();
    for post in Item::<Role>::all() {
        for phase in Item::<Phase>::all() {
            let key =
                UnfilledKey::national(input.year, input.top_country, phase, post, Item::Total);
            let Some(r) = input.changes.iter().find(|c| c.key == key) else {
                continue;
            };
            let reading = match r.comparison.shown() {
                Some(c) => match ChangeClaim::of(c, input.provisional) {
                    ChangeClaim::Rose => "rose (significant)",
                    ChangeClaim::Fell => "fell (significant)",
                    ChangeClaim::LittleChanged => "little changed",
                    ChangeClaim::NotSignificant => "not a significant change",
                    ChangeClaim::ProvisionalBelow => "lower so far (provisional)",
                },
                None => "too few posts to say",
            };
            let [current, ..] = rate_with_interval(&r.current);
            let [previous, ..] = rate_with_interval(&r.previous);
            rows.push(ChangeRow {
                post: post.name().to_string(),
                phase: phase.name().to_string(),
                previous: previous.text(1),
                current: current.text(1),
                change: change_points(&r.comparison).text(1),
                p_value: p_value(&r.comparison).text(4),
                reading: reading.into(),
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

pub fn render(input: &ReportInput) -> Result<String, minijinja::Error> {
    let mut env = Environment::new();
    env.add_template("report.html", TEMPLATE)?;
    // Numbers in the text: thousands separators, and a noun that agrees ("1 post").
    env.add_filter("thousands", |n: u64| thousands(n));
    env.add_filter("count", |n: u64, noun: String| count_of(n, &noun));
    // A table cell holding a figure (a number, or a symbol in its place) is right-aligned.
    env.add_test("figure", |cell: String| is_figure(&cell));
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
        synthetic => input.synthetic,
        geography => input.geography,
        headlines => crate::publish::headlines::sentences(input.headlines),
        charts => charts,
        change_rows => change_rows(input),
        published_rows => published_rows(input.published),
        quality => input.quality,
        inputs => input.inputs,
        version => env!("CARGO_PKG_VERSION"),
        readvert_min_days => input.rules.readvert_min_days,
        readvert_max_days => input.rules.readvert_max_days,
        observed_until => input.observed_until,
        definitions => input.definitions,
        release => input.release.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>(),
        about => input.about,
        side_by_side => input.side_by_side,
        two_methods => input.two_methods,
        local_authorities => crate::publish::local_authorities::la_views(input.local_authorities),
        la_codes => input.la_codes,
        revisions => input.revisions,
        min_base => input.rules.min_base,
    })
}
