//! "About these statistics" (DESIGN.md, Outputs): what the figures measure and what they
//! do not, the coverage of the advert data, provisional years, the revisions policy, how
//! the published surveys differ, and, for a synthetic build, what synthetic means. Written
//! once, from the config, the rules and what the build counted; the report and the
//! workbook cover both show it. The release facts (`[release]`) are listed here too.

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Release;
use crate::disclosure::RateCell;
use crate::domain::{Country, Item, Phase, PublishedRow, RecruitmentYear, Role};
use crate::measures::extensions::Extensions;
use crate::measures::unfilled::UnfilledKey;
use crate::publish::context::{AboutItem, Context};
use crate::publish::format::{decimal, percent, thousands};
use crate::publish::manifest::Quality;
use crate::publish::tidy::Value;

/// The Teaching Vacancies feed behind the adverts, when they came from it: the days its
/// vacancies were seen, and the extensions of its posts' first vacancies, per year.
pub type Feed<'a> = (NaiveDate, NaiveDate, &'a [Extensions]);

/// "Teaching Vacancies": the period the feed covers, and its extensions beside (never
/// in) the unfilled rate; a share on fewer than `min_base` posts is not given.
fn feed_item(
    first: NaiveDate,
    last: NaiveDate,
    extensions: &[Extensions],
    min_base: u64,
) -> AboutItem {
    let words = |d: NaiveDate| d.format("%-d %B %Y").to_string();
    let (first, last) = (words(first), words(last));
    let mut text = format!(
        "Adverts from DfE's Teaching Vacancies service (Open Government Licence) cover the vacancies live on the days slm fetched it, from {first} to {last}; earlier years come from the other advert files. A vacancy whose closing date was moved later while it was live was extended: an extension is not a re-advertisement and is not counted in the unfilled rate."
    );
    for e in extensions {
        let p = &e.extended;
        let share = if p.n >= min_base {
            format!(
                " ({} per cent, 95% confidence interval {} to {})",
                percent(p.k as i128, p.n as i128, 0),
                decimal(p.lower * 100.0, 0),
                decimal(p.upper * 100.0, 0)
            )
        } else {
            format!(" (too few posts, under {min_base}, for a reliable share)")
        };
        text.push_str(&format!(
            " In {}, {} of the {} first advertised on the feed had that first vacancy extended{share}.",
            e.year.label(),
            thousands(p.k),
            count_of(p.n, "post")
        ));
    }
    AboutItem {
        heading: "Teaching Vacancies",
        text,
    }
}

/// The data a table (and every chart drawn from it) comes from, for source lines.
pub fn source_of(table: &str) -> &'static str {
    match table {
        "retention" | "new_head_survival" => {
            "the school workforce panel (leaders at each November census)"
        }
        "published_series" => "the published reports named in the table, and this report's adverts",
        "survey_rates" | "survey_agreement" => {
            "schools' survey answers, and leadership adverts with the GIAS school register (the survey's frame)"
        }
        _ => "leadership adverts and the GIAS school register",
    }
}

/// `Source: <data>; figures in data/<table>.csv.`, then `Produced by <producer>.` on a
/// line of its own (chart footers are one line each).
pub fn source_lines(table: &str, producer: &str) -> Vec<String> {
    let mut lines = vec![format!(
        "Source: {}; figures in data/{table}.csv.",
        source_of(table)
    )];
    if !producer.is_empty() {
        lines.push(format!("Produced by {producer}."));
    }
    lines
}

/// `1 post`, `1,234 posts`.
pub fn count_of(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", thousands(n))
    }
}

/// The release facts as (label, value) pairs, only those the config gives.
pub fn release_facts(release: &Release) -> Vec<(&'static str, String)> {
    let mut facts = Vec::new();
    if let Some(date) = release.published_words() {
        facts.push(("Published", date));
    }
    for (label, value) in [
        ("Next update", &release.next_update),
        ("Status", &release.status),
        ("Producer", &release.producer),
        ("Contact", &release.contact),
    ] {
        if !value.is_empty() {
            facts.push((label, value.clone()));
        }
    }
    facts
}

/// "About these statistics", from the context and what the build counted (its quality
/// report).
pub fn about(input: &Context, quality: &Quality, feed: Option<Feed>) -> Vec<AboutItem> {
    let observed_until = quality.observed_until.as_str();
    let (min, max) = (input.rules.readvert_min_days, input.rules.readvert_max_days);
    let years = if input.first_year == input.year {
        input.year.label()
    } else {
        format!("{} to {}", input.first_year.label(), input.year.label())
    };
    let mut items = vec![
        AboutItem {
            heading: "What these statistics measure",
            text: format!(
                "How many head, deputy and assistant head teacher posts state-funded schools in {} advertised, and how many were advertised again {min} to {max} days after an earlier advert: a post re-advertised is counted as unfilled after the first advertisement. With the workforce panel, how long leaders stay in post.",
                input.geography()
            ),
        },
        AboutItem {
            heading: "What they do not measure",
            text: "Posts filled without a public advert, re-advertisements in places the advert data do not cover, posts withdrawn rather than re-advertised, and why a post was hard to fill. A post re-advertised only once its first appointee left counts as unfilled if the second advert came within the window.".into(),
        },
        AboutItem {
            heading: "Coverage",
            text: format!(
                "{} read, to {}; {} counted in {years}, and {} left out (schools out of scope or not identifiable; see Data quality).",
                count_of(quality.adverts_read, "advert"),
                observed_until,
                count_of(quality.posts_counted, "post"),
                count_of(quality.excluded.iter().map(|e| e.posts).sum(), "post")
            ),
        },
        AboutItem {
            heading: "Provisional figures",
            text: if input.provisional() {
                format!(
                    "{} is provisional: posts advertised in the last {max} days of the data may still be re-advertised, so its rates are lower bounds and can only rise. No record and no fall is claimed for it.",
                    input.year.label()
                )
            } else {
                format!("Every year shown is final: each post's re-advertisement window closed before the data ended ({observed_until}).")
            },
        },
        AboutItem {
            heading: "Revisions",
            text: "Figures for a provisional year are revised in the next release, once its posts' windows have closed; a figure may also change when the advert data are corrected. Each release lists the published figures that changed and why.".into(),
        },
        AboutItem {
            heading: "The published surveys",
            text: "The NAHT/ASCL survey asked schools whether they appointed after the first advertisement; Education Data Surveys counted re-advertisements in national adverts by rules it did not publish. This report counts re-advertisements in advert data by the rule above. The methods differ, so the figures are shown side by side (in the comparison section) and never joined into one series."
                .into(),
        },
    ];
    if input.survey.is_some() {
        items.push(AboutItem {
            heading: "Two methods",
            text: "This release also analyses schools' own answers to the recruitment survey: whether they appointed after the first advertisement. The survey sees posts left vacant or filled without a second advert but only for schools that answered; the adverts see every advertised post but only the re-advertisements they record. The survey's rates are given unweighted and weighted to the posts advertised, beside the advert-based rates and never combined with them, with a table of how often the two methods agree (see Two methods).".into(),
        });
    }
    if let Some((first, last, extensions)) = feed {
        items.push(feed_item(
            first,
            last,
            extensions,
            u64::from(input.rules.min_base),
        ));
    }
    if input.synthetic {
        items.push(AboutItem {
            heading: "Synthetic data",
            text: format!(
                "These figures are built from {}: invented schools, adverts and people made by slm synth, calibrated to the rates the published surveys report. They show what the report looks like and are not real figures.",
                input.label.to_lowercase()
            ),
        });
    }
    items
}

/// One row of the side-by-side comparison: a published figure and this report's rate for
/// the same year and phase (head teacher posts).
#[derive(Debug, Clone, Serialize)]
pub struct SideBySide {
    pub year: String,
    pub phase: String,
    pub survey: String,
    pub eds: String,
    pub this_report: String,
}

/// The published figures next to this report's head teacher rates of the same years and
/// phases, where the advert data cover the year.
pub fn side_by_side(
    published: &[PublishedRow],
    rates: &[RateCell],
    top: Country,
) -> Vec<SideBySide> {
    let mut rows: Vec<(RecruitmentYear, Phase, SideBySide)> = published
        .iter()
        .filter_map(|r| {
            let year = RecruitmentYear::parse(r.get("time_period"))?;
            let phase = Phase::parse(r.get("education_phase"))?;
            let key = UnfilledKey::national(
                year,
                top,
                Item::Of(phase),
                Item::Of(Role::Head),
                Item::Total,
            );
            let cell = rates.iter().find(|c| c.key == key)?;
            let ours = Value::of(&cell.unfilled, |p| Value::Percent(p.fraction())).text(1);
            let row = SideBySide {
                year: year.label(),
                phase: phase.name().into(),
                survey: r.get("unfilled_after_first_advert_percent").into(),
                eds: r.get("readvertised_percent").into(),
                this_report: ours,
            };
            Some((year, phase, row))
        })
        .collect();
    // By year and phase; the published file's order breaks ties.
    rows.sort_by_key(|r| (r.0, r.1));
    rows.into_iter().map(|r| r.2).collect()
}
