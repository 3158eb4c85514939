//! The report's charts (DESIGN.md, Outputs: Charts), each built from a published table
//! read back from its bytes: titles that state the finding, alt text that gives the
//! figures, notes for provisional years and cells too small to show.

use std::collections::BTreeSet;

use plotters::style::RGBColor;

use super::model::{Bar, ChartSpec, Line, Marker, Plot, Point, PALETTE};
use super::table::{Row, Table};
use crate::domain::{
    country_name, region_name, Phase, RecruitmentYear, ReligiousCharacter, ENGLAND_AND_WALES, WALES,
};
use crate::measures::TOTAL;

pub struct Context<'a> {
    pub rates: &'a Table,
    pub change: &'a Table,
    pub published: Option<&'a Table>,
    pub year: RecruitmentYear,
    pub provisional: &'a BTreeSet<RecruitmentYear>,
    /// The data label when it must show on the face of every chart.
    pub label: &'a str,
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
    /// The top national country code: England and Wales when the table has it.
    fn top(&self) -> &'static str {
        if !self
            .rates
            .select(&[("country_code", ENGLAND_AND_WALES.0)])
            .is_empty()
        {
            ENGLAND_AND_WALES.0
        } else if !self.rates.select(&[("country_code", WALES.0)]).is_empty()
            && self
                .rates
                .select(&[("geographic_level", "Regional")])
                .is_empty()
        {
            WALES.0
        } else {
            crate::domain::ENGLAND.0
        }
    }

    fn national<'t>(
        &self,
        table: &'t Table,
        phase: &str,
        post: &str,
        religion: &str,
    ) -> Vec<Row<'t>> {
        table.select(&[
            ("geographic_level", "National"),
            ("country_code", self.top()),
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

/// A yearly line of `column` for one phase; symbol cells are gaps.
fn yearly(ctx: &Context, rows: &[Row], column: &str, with_interval: bool) -> Vec<Point> {
    rows.iter()
        .filter(|r| r.year() <= ctx.year.0)
        .filter_map(|r| {
            let value = r.number(column)?;
            let interval = if with_interval {
                Some((
                    r.number("unfilled_percent_lower")?,
                    r.number("unfilled_percent_upper")?,
                ))
            } else {
                None
            };
            Some(Point {
                year: r.year(),
                value,
                interval,
                hollow: ctx.is_provisional(r.year()),
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

pub fn unfilled_by_phase(ctx: &Context) -> Option<ChartSpec> {
    let mut lines = Vec::new();
    let mut rows_out = Vec::new();
    let mut hidden = false;
    let mut this_year = Vec::new();
    for (i, phase) in Phase::ALL.iter().enumerate() {
        let rows = ctx.national(ctx.rates, phase.name(), HEAD, TOTAL);
        let points = yearly(ctx, &rows, "unfilled_percent", true);
        hidden |= points.len() < rows.iter().filter(|r| r.year() <= ctx.year.0).count();
        for r in rows.iter().filter(|r| r.year() <= ctx.year.0) {
            rows_out.push(vec![
                RecruitmentYear(r.year()).label(),
                phase.name().to_string(),
                r.get("post_count").into(),
                r.get("readvertised_post_count").into(),
                r.get("unfilled_percent").into(),
                r.get("unfilled_percent_lower").into(),
                r.get("unfilled_percent_upper").into(),
            ]);
        }
        if let Some(p) = points.iter().find(|p| p.year == ctx.year.0) {
            this_year.push((phase.name(), p.clone()));
        }
        lines.extend(phase_line(i, phase.name(), points));
    }
    if lines.is_empty() {
        return None;
    }
    let highest = this_year
        .iter()
        .max_by(|a, b| a.1.value.total_cmp(&b.1.value));
    let title = match highest {
        Some((phase, _)) => format!(
            "{} had the highest unfilled rate for head teacher posts in {}",
            phase_words(phase),
            ctx.year_phrase()
        ),
        None => "Head teacher posts unfilled after the first advertisement, by phase".into(),
    };
    let figures: Vec<String> = this_year
        .iter()
        .map(|(phase, p)| {
            let (lo, hi) = p.interval.unwrap_or((p.value, p.value));
            format!(
                "{} {} (95% confidence interval {} to {})",
                phase.to_lowercase(),
                pct(p.value),
                pct(lo),
                pct(hi)
            )
        })
        .collect();
    let first = lines
        .iter()
        .flat_map(|l| &l.points)
        .map(|p| p.year)
        .min()
        .unwrap_or(ctx.year.0);
    let span = if first == ctx.year.0 {
        ctx.year.label()
    } else {
        format!("{} to {}", RecruitmentYear(first).label(), ctx.year.label())
    };
    let alt = format!(
        "Line chart of the percentage of head teacher posts unfilled after the first advertisement, {span}, one line per phase with a shaded 95% confidence band. In {}: {}.",
        ctx.year_phrase(),
        if figures.is_empty() { "no reliable rate".into() } else { figures.join("; ") }
    );
    Some(ChartSpec {
        name: "unfilled_by_phase",
        title,
        subtitle: ctx.subtitle(&format!(
            "Head teacher posts re-advertised (unfilled after the first advert), {}, per cent, 95% confidence bands",
            country_name(ctx.top())
        )),
        notes: notes(ctx, hidden),
        plot: Plot::Lines { y_desc: "Unfilled after first advert (%)".into(), lines },
        alt,
        table: "unfilled_rates",
        data_header: ["Year", "Phase", "Posts", "Re-advertised", "Unfilled (%)", "Lower 95%", "Upper 95%"]
            .map(String::from)
            .to_vec(),
        data_rows: rows_out,
    })
}

pub fn unfilled_change_by_phase(ctx: &Context) -> Option<ChartSpec> {
    let mut bars = Vec::new();
    let mut rows_out = Vec::new();
    let mut rose = Vec::new();
    let mut fell = Vec::new();
    let phases: Vec<&str> = Phase::ALL.iter().map(|p| p.name()).chain([TOTAL]).collect();
    for phase in &phases {
        let rows = ctx.national(ctx.change, phase, HEAD, TOTAL);
        let Some(r) = rows.iter().find(|r| r.year() == ctx.year.0) else {
            continue;
        };
        rows_out.push(vec![
            phase_words(phase),
            r.get("previous_unfilled_percent").into(),
            r.get("unfilled_percent").into(),
            r.get("unfilled_percent_change").into(),
            r.get("unfilled_percent_change_p_value").into(),
        ]);
        let (Some(change), Some(p)) = (
            r.number("unfilled_percent_change"),
            r.number("unfilled_percent_change_p_value"),
        ) else {
            continue;
        };
        let significant = p < 0.05;
        let name = if *phase == TOTAL {
            "all-phase".to_string()
        } else {
            phase.to_lowercase()
        };
        if significant && change > 0.0 {
            rose.push(name);
        } else if significant && change < 0.0 {
            fell.push(name);
        }
        bars.push(Bar {
            label: phase_words(phase),
            value: change,
            interval: None,
            hollow: !significant,
            value_text: format!("{change:+.1} pp"),
            note: if significant {
                "significant".into()
            } else {
                "not significant".into()
            },
        });
    }
    if bars.is_empty() {
        return None;
    }
    let prev = RecruitmentYear(ctx.year.0 - 1);
    let title = if rose.is_empty() && fell.is_empty() {
        format!(
            "Head teacher unfilled rates in {} were little changed from {}",
            ctx.year_phrase(),
            prev.label()
        )
    } else if !rose.is_empty() {
        format!(
            "The {} head teacher unfilled rate rose significantly in {}",
            rose.join(" and "),
            ctx.year_phrase()
        )
    } else {
        format!(
            "The {} head teacher unfilled rate fell significantly in {}",
            fell.join(" and "),
            ctx.year_phrase()
        )
    };
    let described: Vec<String> = bars
        .iter()
        .map(|b| format!("{} {} ({})", b.label, b.value_text, b.note))
        .collect();
    let mut notes: Vec<String> = ctx.provisional_note().into_iter().collect();
    notes.push("Solid bars: significant at the 5% level (two-proportion z-test); hollow bars: not significant.".into());
    Some(ChartSpec {
        name: "unfilled_change_by_phase",
        title,
        subtitle: ctx.subtitle(&format!(
            "Change in head teacher posts unfilled after the first advert, {} to {}, percentage points",
            prev.label(),
            ctx.year.label()
        )),
        notes,
        plot: Plot::VerticalBars { y_desc: "Change (percentage points)".into(), bars },
        alt: format!(
            "Bar chart of the change in the percentage of head teacher posts unfilled after the first advertisement between {} and {}, by phase: {}.",
            prev.label(),
            ctx.year.label(),
            described.join("; ")
        ),
        table: "unfilled_change",
        data_header: ["Phase", "Previous year (%)", "This year (%)", "Change (pp)", "p-value"].map(String::from).to_vec(),
        data_rows: rows_out,
    })
}

fn ranked_bars(
    ctx: &Context,
    name: &'static str,
    items: Vec<(String, Row)>,
    what: &str,
    subtitle: &str,
) -> Option<ChartSpec> {
    let mut shown: Vec<(String, f64, (f64, f64), &Row)> = Vec::new();
    let mut hidden = Vec::new();
    for (label, r) in &items {
        match (
            r.number("unfilled_percent"),
            r.number("unfilled_percent_lower"),
            r.number("unfilled_percent_upper"),
        ) {
            (Some(v), Some(lo), Some(hi)) => shown.push((label.clone(), v, (lo, hi), r)),
            _ => hidden.push(label.clone()),
        }
    }
    if shown.is_empty() {
        return None;
    }
    shown.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let top = &shown[0];
    let mut notes: Vec<String> = Vec::new();
    if !hidden.is_empty() {
        notes.push(format!(
            "Not shown, too few posts to be reliable: {}.",
            hidden.join(", ")
        ));
    }
    notes.push(
        "Lines show 95% confidence intervals: where two overlap, the difference may be chance."
            .into(),
    );
    let described: Vec<String> = shown
        .iter()
        .map(|(l, v, (lo, hi), _)| format!("{l} {} ({} to {})", pct(*v), pct(*lo), pct(*hi)))
        .collect();
    Some(ChartSpec {
        name,
        title: format!("{} had the highest unfilled rate for head teacher posts in {}", top.0, ctx.year_phrase()),
        subtitle: ctx.subtitle(subtitle),
        notes,
        plot: Plot::HorizontalBars {
            x_desc: "Unfilled after first advert (%)".into(),
            bars: shown
                .iter()
                .map(|(l, v, i, _)| Bar {
                    label: l.clone(),
                    value: *v,
                    interval: Some(*i),
                    hollow: ctx.is_provisional(ctx.year.0),
                    value_text: pct(*v),
                    note: String::new(),
                })
                .collect(),
        },
        alt: format!(
            "Bar chart of the percentage of head teacher posts unfilled after the first advertisement in {}, by {what}, highest first, with 95% confidence intervals: {}.",
            ctx.year_phrase(),
            described.join("; ")
        ),
        table: "unfilled_rates",
        data_header: [what, "Posts", "Re-advertised", "Unfilled (%)", "Lower 95%", "Upper 95%"].map(|s| {
            let mut t = s.to_string();
            if let Some(f) = t.get_mut(..1) {
                f.make_ascii_uppercase();
            }
            t
        })
        .to_vec(),
        data_rows: items
            .iter()
            .map(|(l, r)| {
                vec![
                    l.clone(),
                    r.get("post_count").into(),
                    r.get("readvertised_post_count").into(),
                    r.get("unfilled_percent").into(),
                    r.get("unfilled_percent_lower").into(),
                    r.get("unfilled_percent_upper").into(),
                ]
            })
            .collect(),
    })
}

pub fn unfilled_by_region(ctx: &Context) -> Option<ChartSpec> {
    let period = ctx.year.time_period();
    let mut items: Vec<(String, Row)> = ctx
        .rates
        .select(&[
            ("time_period", &period),
            ("geographic_level", "Regional"),
            ("education_phase", TOTAL),
            ("post", HEAD),
            ("school_religious_character", TOTAL),
        ])
        .into_iter()
        .map(|r| (region_name(r.get("region_code")).to_string(), r))
        .collect();
    items.extend(
        ctx.rates
            .select(&[
                ("time_period", &period),
                ("geographic_level", "National"),
                ("country_code", WALES.0),
                ("education_phase", TOTAL),
                ("post", HEAD),
                ("school_religious_character", TOTAL),
            ])
            .into_iter()
            .map(|r| ("Wales".to_string(), r)),
    );
    if items.len() < 2 {
        return None;
    }
    ranked_bars(
        ctx,
        "unfilled_by_region",
        items,
        "region",
        &format!("Head teacher posts unfilled after the first advert, English regions and Wales, {}, per cent", ctx.year.label()),
    )
}

pub fn unfilled_by_religious_character(ctx: &Context) -> Option<ChartSpec> {
    let period = ctx.year.time_period();
    let items: Vec<(String, Row)> = [
        ReligiousCharacter::ChurchOfEngland,
        ReligiousCharacter::RomanCatholic,
        ReligiousCharacter::Other,
        ReligiousCharacter::None,
    ]
    .iter()
    .filter_map(|rc| {
        ctx.national(ctx.rates, TOTAL, HEAD, rc.name())
            .into_iter()
            .find(|r| r.get("time_period") == period)
            .map(|r| {
                let label = match rc {
                    ReligiousCharacter::ChurchOfEngland => "Church of England schools",
                    ReligiousCharacter::RomanCatholic => "Roman Catholic schools",
                    ReligiousCharacter::Other => "Other religious character",
                    ReligiousCharacter::None => "No religious character",
                };
                (label.to_string(), r)
            })
    })
    .collect();
    if items.len() < 2 {
        return None;
    }
    ranked_bars(
        ctx,
        "unfilled_by_religious_character",
        items,
        "religious character",
        &format!(
            "Head teacher posts unfilled after the first advert by religious character of the school, {}, {}, per cent",
            country_name(ctx.top()),
            ctx.year.label()
        ),
    )
}

pub fn posts_per_100_schools(ctx: &Context) -> Option<ChartSpec> {
    let mut lines = Vec::new();
    let mut rows_out = Vec::new();
    let mut this_year = Vec::new();
    for (i, phase) in Phase::ALL.iter().enumerate() {
        let rows = ctx.national(ctx.rates, phase.name(), TOTAL, TOTAL);
        let points = yearly(ctx, &rows, "post_rate_per_100_schools", false);
        for r in rows.iter().filter(|r| r.year() <= ctx.year.0) {
            rows_out.push(vec![
                RecruitmentYear(r.year()).label(),
                phase.name().to_string(),
                r.get("post_count").into(),
                r.get("school_count").into(),
                r.get("post_rate_per_100_schools").into(),
            ]);
        }
        if let Some(p) = points.iter().find(|p| p.year == ctx.year.0) {
            this_year.push((phase.name(), p.value));
        }
        lines.extend(phase_line(i, phase.name(), points));
    }
    if lines.is_empty() {
        return None;
    }
    let title = match this_year.iter().max_by(|a, b| a.1.total_cmp(&b.1)) {
        Some((phase, _)) => format!(
            "{} advertised the most leadership posts per 100 schools in {}",
            phase_words(phase),
            ctx.year_phrase()
        ),
        None => "Leadership posts advertised per 100 schools".into(),
    };
    let figures: Vec<String> = this_year
        .iter()
        .map(|(p, v)| format!("{} {v:.1}", p.to_lowercase()))
        .collect();
    Some(ChartSpec {
        name: "posts_per_100_schools",
        title,
        subtitle: ctx.subtitle(&format!(
            "Head, deputy and assistant head posts advertised per 100 schools open on 1 September, {}",
            country_name(ctx.top())
        )),
        notes: ctx.provisional_note().into_iter().collect(),
        plot: Plot::Lines { y_desc: "Posts per 100 schools".into(), lines },
        alt: format!(
            "Line chart of leadership posts advertised per 100 open schools, by phase, up to {}. In {}: {}.",
            ctx.year.label(),
            ctx.year_phrase(),
            figures.join("; ")
        ),
        table: "unfilled_rates",
        data_header: ["Year", "Phase", "Posts", "Open schools", "Posts per 100 schools"].map(String::from).to_vec(),
        data_rows: rows_out,
    })
}

pub fn published_and_advert_series(ctx: &Context) -> Option<ChartSpec> {
    let published = ctx.published?;
    let mut left = Vec::new();
    let mut rows_out = Vec::new();
    let series_styles = [
        ("unfilled_after_first_advert_percent", "", false),
        ("readvertised_percent", " (EDS)", true),
    ];
    for (i, phase) in Phase::ALL.iter().enumerate() {
        for (column, short, hollow) in series_styles {
            let mut points: Vec<Point> = published
                .select(&[("education_phase", phase.name())])
                .iter()
                .filter_map(|r| {
                    let v = r.number(column)?;
                    rows_out.push(vec![
                        r.get("series").to_string(),
                        phase.name().to_string(),
                        RecruitmentYear(r.year()).label(),
                        r.get(column).to_string(),
                        r.get("source").to_string(),
                    ]);
                    Some(Point {
                        year: r.year(),
                        value: v,
                        interval: None,
                        hollow,
                    })
                })
                .collect();
            points.sort_by_key(|p| p.year);
            if points.is_empty() {
                continue;
            }
            let (color, marker) = phase_style(i);
            left.push(Line {
                label: format!("{}{short}", phase.name()),
                color,
                marker,
                points,
                joined: !hollow,
            });
        }
    }
    let mut right = Vec::new();
    for (i, phase) in Phase::ALL.iter().enumerate() {
        let rows = ctx.national(ctx.rates, phase.name(), HEAD, TOTAL);
        let points: Vec<Point> = yearly(ctx, &rows, "unfilled_percent", false);
        for p in &points {
            rows_out.push(vec![
                "slm: advert-based (this report)".into(),
                phase.name().into(),
                RecruitmentYear(p.year).label(),
                format!("{:.1}", p.value),
                "unfilled_rates".into(),
            ]);
        }
        right.extend(phase_line(i, phase.name(), points));
    }
    if left.is_empty() || right.is_empty() {
        return None;
    }
    Some(ChartSpec {
        name: "published_and_advert_series",
        title: "Published surveys and slm's advert-based rates measure different things".into(),
        subtitle: ctx.subtitle("Head teacher posts, per cent, by phase: published figures (left) beside this report's series (right)"),
        notes: vec![
            "Left: NAHT/ASCL survey, schools said whether they appointed after the first advert; EDS (hollow): re-advertisement counted by EDS, rules unpublished.".into(),
            "slm: posts re-advertised 21 to 365 days after an advert, counted from advert data. Different methods, so the series are not joined.".into(),
        ],
        plot: Plot::Panels {
            y_desc: "Per cent of head teacher posts".into(),
            left: ("Published surveys".into(), left),
            right: ("slm: advert-based".into(), right),
        },
        alt: "Two side-by-side line charts on the same scales. Left: published survey figures for head teacher posts unfilled after the first advertisement, by phase, and the Education Data Surveys re-advertisement rates. Right: this report's advert-based unfilled rates by phase. The two are different methods and are not joined.".into(),
        table: "published_series",
        data_header: ["Series", "Phase", "Year", "Per cent", "Source"].map(String::from).to_vec(),
        data_rows: rows_out,
    })
}

/// Every chart the data allows, in report order.
pub fn all(ctx: &Context) -> Vec<ChartSpec> {
    [
        unfilled_by_phase(ctx),
        unfilled_change_by_phase(ctx),
        unfilled_by_region(ctx),
        unfilled_by_religious_character(ctx),
        posts_per_100_schools(ctx),
        published_and_advert_series(ctx),
    ]
    .into_iter()
    .flatten()
    .collect()
}
