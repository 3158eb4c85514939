//! Charts from the workforce panel: head teachers' retention by phase over time, and
//! survival curves of new head teachers by cohort. Both from the top National row.

use super::*;
use crate::measures::transitions::Transition;

/// The top National retention rows of head teachers in one phase, by year.
fn head_retention<'a>(ctx: &'a Context, phase: Item<Phase>) -> Vec<&'a RetentionRow> {
    ctx.retention
        .iter()
        .filter(|r| {
            r.key.geography == Geography::National(ctx.top_country)
                && r.key.filters.phase == phase
                && r.key.filters.post == HEAD
                && r.key.year <= ctx.year
        })
        .collect()
}

/// One retention cell's row of the chart's table.
fn retention_row(r: &RetentionRow, phase: Phase) -> Vec<String> {
    let count = |f: fn(&crate::measures::retention::RetentionFigures) -> u64| {
        count_text(&Value::of(&r.figures, |x| Value::Count(f(x))))
    };
    let [rate, lower, upper] = rate_texts(&r.figures.map(|f| f.retained_in_role));
    vec![
        r.key.year.label(),
        phase.name().to_string(),
        count(|f| f.leader_count()),
        count(|f| f.transitions.get(Transition::StayedInPost)),
        count(|f| f.transitions.get(Transition::MovedSchoolSameRole)),
        rate,
        lower,
        upper,
    ]
}

/// The retention chart's title: the latest all-phase figure, if one may be shown.
fn retention_title(ctx: &Context) -> String {
    let latest = head_retention(ctx, Item::Total)
        .iter()
        .filter_map(|r| {
            let [rate, ..] = rate_with_interval(&r.figures.map(|f| f.retained_in_role));
            Some((r.key.year.0, rate.number(1)?))
        })
        .max_by_key(|(y, _)| *y);
    match latest {
        Some((y, v)) => format!(
            "{v:.0}% of head teachers in post in November {y} were still head teachers a year later"
        ),
        None => "Head teachers still in role a year later, by phase".into(),
    }
}

/// The phases of `retention` for head teachers, each a yearly line with its interval.
pub fn head_retention_by_phase(ctx: &Context) -> Option<ChartSpec> {
    if ctx.retention.is_empty() {
        return None;
    }
    let mut lines = Vec::new();
    let mut rows_out = Vec::new();
    let mut hidden = false;
    for (i, phase) in Phase::ALL.iter().enumerate() {
        let rows = head_retention(ctx, Item::Of(*phase));
        let in_role = |r: &RetentionRow| r.figures.map(|f| f.retained_in_role);
        let points: Vec<Point> = rows
            .iter()
            .filter_map(|r| rate_point(r.key.year.0, &in_role(r), true))
            .collect();
        hidden |= points.len() < rows.len();
        rows_out.extend(rows.iter().map(|r| retention_row(r, *phase)));
        lines.extend(phase_line(i, phase.name(), points));
    }
    if lines.is_empty() {
        return None;
    }
    let title = retention_title(ctx);
    let last_points: Vec<String> = lines
        .iter()
        .filter_map(|l| {
            let p = l.points.last()?;
            Some(format!(
                "{} {} in {}",
                l.label.to_lowercase(),
                pct(p.value),
                RecruitmentYear(p.year).label()
            ))
        })
        .collect();
    let mut notes = vec![
        "Year shown: the academic year of the first census (a head in post in November 2010 and still a head in November 2011 counts in 2010/11).".to_string(),
        "The vertical axis does not start at zero.".to_string(),
    ];
    if hidden {
        notes.push("Cells with too few leaders to publish (c in the table) are not drawn.".into());
    }
    Some(ChartSpec {
        name: "head_retention_by_phase",
        title,
        subtitle: ctx.subtitle(&format!(
            "Heads still heads (any school) at the next census, {}, %, 95% confidence bands",
            ctx.top_country.name()
        )),
        notes,
        plot: Plot::Lines {
            x: XAxis::Years("Academic year of the first census"),
            zoom: true,
            y_desc: "Retained in role (%)".into(),
            lines,
        },
        alt: format!(
            "Line chart of the percentage of head teachers still head teachers a year later, by phase, with shaded 95% confidence bands. Latest: {}.",
            if last_points.is_empty() { "none".into() } else { last_points.join("; ") }
        ),
        table: "retention",
        data_header: [
            "Year", "Phase", "Heads", "Same post", "Other school", "Retained (%)", "Lower 95%",
            "Upper 95%",
        ]
        .map(String::from)
        .to_vec(),
        data_rows: rows_out,
    })
}

/// A survival cell's still-in-post percentage, when it may be shown.
fn still_in_post(r: &SurvivalRow) -> Option<f64> {
    let [rate, ..] = rate_with_interval(&r.still_in_post);
    rate.number(1)
}

/// The cohorts drawn: the latest followed for five years (`full`) and every fifth before
/// it, plus the newest if its curve is still short; with `full`.
fn chosen_cohorts(rows: &[&SurvivalRow]) -> (Option<i32>, Vec<i32>) {
    let cohorts: BTreeSet<i32> = rows.iter().map(|r| r.key.year.0).collect();
    let full = rows
        .iter()
        .filter(|r| r.key.filters.years_after == 5 && still_in_post(r).is_some())
        .map(|r| r.key.year.0)
        .max();
    let mut chosen: Vec<i32> = match full {
        Some(f) => (0..4)
            .map(|i| f - 5 * i)
            .filter(|y| cohorts.contains(y))
            .collect(),
        None => Vec::new(),
    };
    if let Some(&newest) = cohorts.last() {
        if Some(newest) != full {
            chosen.push(newest);
        }
    }
    chosen.sort();
    (full, chosen)
}

/// One cohort's curve (the `i`-th style), from 100% at year 0; its table rows are added
/// to `rows_out`. `None` when no later point may be shown.
fn cohort_line(
    i: usize,
    cohort: i32,
    rows: &[&SurvivalRow],
    rows_out: &mut Vec<Vec<String>>,
) -> Option<Line> {
    let mut points = vec![Point {
        year: 0,
        value: 100.0,
        interval: None,
        hollow: false,
    }];
    for r in rows.iter().filter(|r| r.key.year.0 == cohort) {
        let p = &r.still_in_post;
        let [rate, ..] = rate_texts(p);
        rows_out.push(vec![
            RecruitmentYear(cohort).label(),
            r.key.filters.years_after.to_string(),
            count_text(&Value::of(p, |p| Value::Count(p.n))),
            count_text(&Value::of(p, |p| Value::Count(p.k))),
            rate,
        ]);
        if let Some(v) = still_in_post(r) {
            points.push(Point {
                year: i32::from(r.key.filters.years_after),
                value: v,
                interval: None,
                hollow: false,
            });
        }
    }
    let (color, marker) = phase_style(i);
    (points.len() > 1).then(|| Line {
        label: RecruitmentYear(cohort).label(),
        color,
        marker,
        points,
        joined: true,
    })
}

/// The survival chart's title: the latest full cohort's five-year figure, if any.
fn survival_title(rows: &[&SurvivalRow], full: Option<i32>) -> String {
    let five: Option<(i32, f64)> = full.and_then(|f| {
        rows.iter()
            .find(|r| r.key.year.0 == f && r.key.filters.years_after == 5)
            .and_then(|r| Some((f, still_in_post(r)?)))
    });
    match five {
        Some((f, v)) => format!(
            "{v:.0}% of head teachers new to their school in {} were still its head five years later",
            RecruitmentYear(f).label()
        ),
        None => "New head teachers still head of the same school, by years since appointment".into(),
    }
}

/// Each line's last point, for the alt text.
fn line_ends(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| {
            let p = l.points.last()?;
            Some(format!(
                "{} cohort {} after {} year{}",
                l.label,
                pct(p.value),
                p.year,
                if p.year == 1 { "" } else { "s" }
            ))
        })
        .collect()
}

/// Survival curves of new head teachers (all phases): the latest cohort followed for
/// five years and every fifth cohort before it, plus the latest cohort of all if its
/// curve is still short.
pub fn new_head_survival(ctx: &Context) -> Option<ChartSpec> {
    if ctx.survival.is_empty() {
        return None;
    }
    let rows: Vec<&SurvivalRow> = ctx
        .survival
        .iter()
        .filter(|r| {
            r.key.geography == Geography::National(ctx.top_country)
                && r.key.filters.phase == Item::Total
                && r.key.year <= ctx.year
        })
        .collect();
    let (full, chosen) = chosen_cohorts(&rows);
    let mut rows_out = Vec::new();
    let lines: Vec<Line> = (chosen.iter().enumerate())
        .filter_map(|(i, &cohort)| cohort_line(i, cohort, &rows, &mut rows_out))
        .collect();
    if lines.is_empty() {
        return None;
    }
    let ends = line_ends(&lines);
    Some(ChartSpec {
        name: "new_head_survival",
        title: survival_title(&rows, full),
        subtitle: ctx.subtitle(&format!(
            "Head teachers new to their school, still its head at each later census, all phases, {}, per cent",
            ctx.top_country.name()
        )),
        notes: vec![
            "Each line is a cohort: heads at a school in the November census who were not its head the year before. Year 0 is 100% by definition.".into(),
            format!(
                "Cohorts shown: {}. The latest cohort followed for five years and every fifth before it, so that the lines do not crowd; and the newest cohort, followed as far as the panel goes.",
                chosen
                    .iter()
                    .map(|y| RecruitmentYear(*y).label())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ],
        plot: Plot::Lines {
            x: XAxis::Numbers("Years after appointment (censuses)"),
            zoom: false,
            y_desc: "Still in post (%)".into(),
            lines,
        },
        alt: format!(
            "Line chart of the percentage of new head teachers still head of the same school 1 to 5 years after appointment, one line per cohort: {}.",
            ends.join("; ")
        ),
        table: "new_head_survival",
        data_header: ["Cohort", "Years after", "New heads", "Still in post", "Still in post (%)"]
            .map(String::from)
            .to_vec(),
        data_rows: rows_out,
    })
}
