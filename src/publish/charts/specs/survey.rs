//! "Two methods": the survey's weighted and unweighted rates beside the advert-based rate,
//! for head teacher posts, one panel per phase; three lines, never joined into one.

use super::*;
use crate::disclosure::{SurveyRow, SurveyTables};
use crate::measures::survey::SurveyKey;
use crate::publish::tidy::{optional_rate, weighted_rate};

/// How each method is drawn: (label, palette index, marker).
const ADVERTS: (&str, usize, Marker) = ("Adverts: re-advertised", 0, Marker::Circle);
const WEIGHTED: (&str, usize, Marker) = ("Survey, weighted", 1, Marker::Triangle);
const UNWEIGHTED: (&str, usize, Marker) = ("Survey, unweighted", 3, Marker::Square);

fn line(style: (&str, usize, Marker), points: Vec<Point>) -> Option<Line> {
    (!points.is_empty()).then(|| Line {
        label: style.0.into(),
        color: PALETTE[style.1],
        marker: style.2,
        points,
        joined: true,
    })
}

/// A point from the three values, with its interval when asked; `None` when withheld.
fn point(year: i32, values: &[Value; 3], with_interval: bool, hollow: bool) -> Option<Point> {
    Some(Point {
        year,
        value: values[0].number(1)?,
        interval: if with_interval {
            Some((values[1].number(1)?, values[2].number(1)?))
        } else {
            None
        },
        hollow,
    })
}

impl Context<'_> {
    /// The survey's top National head teacher rows of one phase, by year.
    fn survey_heads<'s>(&self, survey: &'s SurveyTables, phase: Phase) -> Vec<&'s SurveyRow> {
        survey
            .rates
            .iter()
            .filter(|r| {
                r.key.geography == Geography::National(self.top_country)
                    && r.key.filters.phase == Item::Of(phase)
                    && r.key.filters.post == HEAD
                    && r.key.year <= self.year
            })
            .collect()
    }
}

/// What the panels gather beside their lines: the table rows, the report year's survey
/// rates by phase (weighted, unweighted), and whether a weighted rate was withheld.
#[derive(Default)]
struct Gathered {
    rows: Vec<Vec<String>>,
    this_year: Vec<(Phase, String, String)>,
    hidden: bool,
}

/// The advert-based line of one phase, over the years the survey covers.
fn advert_points(
    ctx: &Context,
    phase: Phase,
    years: &BTreeSet<RecruitmentYear>,
    got: &mut Gathered,
) -> Vec<Point> {
    let mut adverts = Vec::new();
    for c in ctx.national(Item::Of(phase), HEAD, Item::Total) {
        if !years.contains(&c.key.year) {
            continue;
        }
        let values = rate_with_interval(&c.unfilled);
        let y = c.key.year.0;
        adverts.extend(point(y, &values, false, ctx.is_provisional(y)));
        got.rows.push(method_row(
            c.key.year,
            phase,
            ADVERTS.0,
            &values,
            c.post_count,
        ));
    }
    adverts
}

/// One phase's panel: the advert-based, weighted and unweighted survey lines.
fn phase_panel(
    ctx: &Context,
    survey: &crate::disclosure::SurveyTables,
    phase: Phase,
    got: &mut Gathered,
) -> Option<(String, Vec<Line>)> {
    let survey_rows = ctx.survey_heads(survey, phase);
    let years: BTreeSet<RecruitmentYear> = survey_rows.iter().map(|r| r.key.year).collect();
    let adverts = advert_points(ctx, phase, &years, got);
    let (mut weighted, mut unweighted) = (Vec::new(), Vec::new());
    for r in &survey_rows {
        let y = r.key.year.0;
        let w = weighted_rate(&r.weighted);
        let u = optional_rate(&r.unweighted);
        let drawn_w = point(y, &w, true, ctx.is_provisional(y));
        got.hidden |= drawn_w.is_none();
        if r.key.year == ctx.year {
            got.this_year.push((phase, w[0].text(1), u[0].text(1)));
        }
        weighted.extend(drawn_w);
        unweighted.extend(point(y, &u, false, false));
        got.rows.push(method_row(
            r.key.year,
            phase,
            WEIGHTED.0,
            &w,
            r.matched_response_count,
        ));
        got.rows.push(method_row(
            r.key.year,
            phase,
            UNWEIGHTED.0,
            &u,
            r.response_count,
        ));
    }
    let lines: Vec<Line> = [
        line(ADVERTS, adverts),
        line(WEIGHTED, weighted),
        line(UNWEIGHTED, unweighted),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!lines.is_empty()).then(|| (phase.name().to_string(), lines))
}

pub fn two_methods(ctx: &Context) -> Option<ChartSpec> {
    let survey = ctx.survey?;
    let mut got = Gathered::default();
    let panels: Vec<(String, Vec<Line>)> = Phase::ALL
        .iter()
        .filter_map(|phase| phase_panel(ctx, survey, *phase, &mut got))
        .collect();
    if panels.is_empty() {
        return None;
    }
    let Gathered {
        rows: mut rows_out,
        this_year,
        hidden,
    } = got;
    rows_out.sort_by(|a, b| (&a[0], &a[1]).cmp(&(&b[0], &b[1])));
    let title = title(ctx, survey);
    let figures: Vec<String> = this_year
        .iter()
        .map(|(p, w, u)| format!("{}: weighted {w}, unweighted {u}", p.name().to_lowercase()))
        .collect();
    let mut notes = notes(ctx, hidden);
    notes.push("Survey rates are the schools' own answers; advert-based rates count re-advertisements. Different methods: drawn side by side, never joined.".into());
    Some(ChartSpec {
        name: "two_methods",
        title,
        subtitle: ctx.subtitle(&format!(
            "Head teacher posts unfilled after the first advert, {}, per cent; weighted survey rate with 95% band",
            ctx.top_country.name()
        )),
        notes,
        plot: Plot::Panels {
            y_desc: "Per cent of head teacher posts".into(),
            panels,
        },
        alt: format!(
            "Three side-by-side line charts, one per phase, on the same scales: the survey's weighted rate (with a shaded 95% band), its unweighted rate and the advert-based rate of head teacher posts unfilled after the first advertisement. In {}, survey rates: {}.",
            ctx.year_phrase(),
            if figures.is_empty() { "no survey answers".into() } else { figures.join("; ") }
        ),
        table: "survey_rates",
        data_header: ["Year", "Phase", "Method", "Per cent", "Lower 95%", "Upper 95%", "Base"]
            .map(String::from)
            .to_vec(),
        data_rows: rows_out,
    })
}

fn method_row(
    year: RecruitmentYear,
    phase: Phase,
    method: &str,
    values: &[Value; 3],
    base: u64,
) -> Vec<String> {
    vec![
        year.label(),
        phase.name().to_string(),
        method.to_string(),
        values[0].text(1),
        values[1].text(1),
        values[2].text(1),
        thousands(base),
    ]
}

/// The finding: how many of the posts schools said were not filled at the first advert
/// the adverts show re-advertised (all phases, head teachers, the report year); a plain
/// title when that share is not shown.
fn title(ctx: &Context, survey: &SurveyTables) -> String {
    let cell = survey.agreement_at(&SurveyKey::national(
        ctx.year,
        ctx.top_country,
        Item::Total,
        HEAD,
    ));
    match cell.and_then(|a| Some((a, a.detection.as_ref()?.shown()?))) {
        Some((a, p)) => format!(
            "{} of {} head posts schools called unfilled after one advert were re-advertised, {}",
            a.cell.unfilled_readvertised,
            p.n,
            ctx.year_phrase()
        ),
        None => {
            "Head teacher posts unfilled after the first advertisement: the survey and the adverts"
                .into()
        }
    }
}
