//! Charts from the workforce panel: head teachers' retention by phase over time, and
//! survival curves of new head teachers by cohort. Both from the top National row.

use super::*;

const RETAINED: &str = "retained_in_role_percent";

/// The phases of `retention` for head teachers, each a yearly line with its interval.
pub fn head_retention_by_phase(ctx: &Context) -> Option<ChartSpec> {
    let table = ctx.retention?;
    let mut lines = Vec::new();
    let mut rows_out = Vec::new();
    let mut hidden = false;
    for (i, phase) in Phase::ALL.iter().enumerate() {
        let rows = table.select(&[
            ("geographic_level", "National"),
            ("country_code", ctx.top_country),
            ("education_phase", phase.name()),
            ("post", HEAD),
        ]);
        let points = yearly_points(
            ctx,
            &rows,
            RETAINED,
            Some((
                "retained_in_role_percent_lower",
                "retained_in_role_percent_upper",
            )),
        );
        hidden |= points.len() < rows.iter().filter(|r| r.year() <= ctx.year.0).count();
        for r in rows.iter().filter(|r| r.year() <= ctx.year.0) {
            rows_out.push(vec![
                RecruitmentYear(r.year()).label(),
                phase.name().to_string(),
                r.get("leader_count").into(),
                r.get("stayed_in_post_count").into(),
                r.get("moved_school_same_role_count").into(),
                r.get(RETAINED).into(),
                r.get("retained_in_role_percent_lower").into(),
                r.get("retained_in_role_percent_upper").into(),
            ]);
        }
        lines.extend(phase_line(i, phase.name(), points));
    }
    if lines.is_empty() {
        return None;
    }
    let all = table.select(&[
        ("geographic_level", "National"),
        ("country_code", ctx.top_country),
        ("education_phase", TOTAL),
        ("post", HEAD),
    ]);
    let latest = all
        .iter()
        .filter(|r| r.year() <= ctx.year.0)
        .filter_map(|r| Some((r.year(), r.number(RETAINED)?)))
        .max_by_key(|(y, _)| *y);
    let title = match latest {
        Some((y, v)) => format!(
            "{v:.0}% of head teachers in post in November {y} were still head teachers a year later"
        ),
        None => "Head teachers still in role a year later, by phase".into(),
    };
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
            country_name(ctx.top_country)
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

/// Survival curves of new head teachers (all phases): the latest cohort followed for
/// five years and every fifth cohort before it, plus the latest cohort of all if its
/// curve is still short.
pub fn new_head_survival(ctx: &Context) -> Option<ChartSpec> {
    let table = ctx.survival?;
    let rows: Vec<Row> = table
        .select(&[
            ("geographic_level", "National"),
            ("country_code", ctx.top_country),
            ("education_phase", TOTAL),
        ])
        .into_iter()
        .filter(|r| r.year() <= ctx.year.0)
        .collect();
    let cohorts: BTreeSet<i32> = rows.iter().map(|r| r.year()).collect();
    let k_of = |r: &Row| r.get("years_after_appointment").parse::<i32>().unwrap_or(0);
    let full = rows
        .iter()
        .filter(|r| k_of(r) == 5 && r.number("still_in_post_percent").is_some())
        .map(|r| r.year())
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
    let mut lines = Vec::new();
    let mut rows_out = Vec::new();
    for (i, &cohort) in chosen.iter().enumerate() {
        let mine: Vec<&Row> = rows.iter().filter(|r| r.year() == cohort).collect();
        let mut points = vec![Point {
            year: 0,
            value: 100.0,
            interval: None,
            hollow: false,
        }];
        for r in &mine {
            rows_out.push(vec![
                RecruitmentYear(cohort).label(),
                r.get("years_after_appointment").into(),
                r.get("new_head_count").into(),
                r.get("still_in_post_count").into(),
                r.get("still_in_post_percent").into(),
            ]);
            if let Some(v) = r.number("still_in_post_percent") {
                points.push(Point {
                    year: k_of(r),
                    value: v,
                    interval: None,
                    hollow: false,
                });
            }
        }
        if points.len() > 1 {
            let (color, marker) = phase_style(i);
            lines.push(Line {
                label: RecruitmentYear(cohort).label(),
                color,
                marker,
                points,
                joined: true,
            });
        }
    }
    if lines.is_empty() {
        return None;
    }
    let five: Option<(i32, f64)> = full.and_then(|f| {
        rows.iter()
            .find(|r| r.year() == f && k_of(r) == 5)
            .and_then(|r| Some((f, r.number("still_in_post_percent")?)))
    });
    let title = match five {
        Some((f, v)) => format!(
            "{v:.0}% of head teachers new to their school in {} were still its head five years later",
            RecruitmentYear(f).label()
        ),
        None => "New head teachers still head of the same school, by years since appointment".into(),
    };
    let ends: Vec<String> = lines
        .iter()
        .filter_map(|l| {
            let p = l.points.last()?;
            Some(format!(
                "{} cohort {} after {} years",
                l.label,
                pct(p.value),
                p.year
            ))
        })
        .collect();
    Some(ChartSpec {
        name: "new_head_survival",
        title,
        subtitle: ctx.subtitle(&format!(
            "Head teachers new to their school, still its head at each later census, all phases, {}, per cent",
            country_name(ctx.top_country)
        )),
        notes: vec![
            "Each line is a cohort: heads at a school in the November census who were not its head the year before. Year 0 is 100% by definition.".into(),
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
