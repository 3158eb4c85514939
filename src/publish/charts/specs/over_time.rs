//! Charts of a series over the years up to the report year: unfilled rate by phase,
//! posts per 100 schools, and the published surveys beside the advert-based series.

use super::*;

/// The unfilled chart's alt text: the years it spans and each phase's rate, with its
/// interval, in the report year.
fn unfilled_alt(ctx: &Context, lines: &[Line], this_year: &[(Phase, Point)]) -> String {
    let figures: Vec<String> = this_year
        .iter()
        .map(|(phase, p)| {
            let (lo, hi) = p.interval.unwrap_or((p.value, p.value));
            format!(
                "{} {} (95% confidence interval {} to {})",
                phase.name().to_lowercase(),
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
    format!(
        "Line chart of the percentage of head teacher posts unfilled after the first advertisement, {span}, one line per phase with a shaded 95% confidence band. In {}: {}.",
        ctx.year_phrase(),
        if figures.is_empty() { "no reliable rate".into() } else { figures.join("; ") }
    )
}

pub fn unfilled_by_phase(ctx: &Context) -> Option<ChartSpec> {
    let mut lines = Vec::new();
    let mut rows_out = Vec::new();
    let mut hidden = false;
    let mut this_year = Vec::new();
    for (i, phase) in Phase::ALL.iter().enumerate() {
        let cells = ctx.national(Item::Of(*phase), HEAD, Item::Total);
        let points: Vec<Point> = cells
            .iter()
            .filter_map(|c| {
                let p = rate_point(c.key.year.0, &c.unfilled, true)?;
                Some(Point {
                    hollow: ctx.is_provisional(p.year),
                    ..p
                })
            })
            .collect();
        hidden |= points.len() < cells.len();
        for c in &cells {
            let [rate, lower, upper] = rate_texts(&c.unfilled);
            rows_out.push(vec![
                c.key.year.label(),
                phase.name().to_string(),
                thousands(c.post_count),
                thousands(c.readvertised_post_count),
                rate,
                lower,
                upper,
            ]);
            if let (true, Some(_), Some(point)) = (
                c.key.year == ctx.year,
                c.unfilled.shown(),
                points.iter().find(|p| p.year == ctx.year.0),
            ) {
                this_year.push((*phase, point.clone()));
            }
        }
        lines.extend(phase_line(i, phase.name(), points));
    }
    if lines.is_empty() {
        return None;
    }
    let title = highest_title(
        ctx,
        ctx.claims.highest_phase.as_ref(),
        |p| phase_words(Item::Of(*p)),
        ("of the {n} phases", "between the {n} phases"),
        "Head teacher posts unfilled after the first advertisement, by phase",
    );
    let alt = unfilled_alt(ctx, &lines, &this_year);
    Some(ChartSpec {
        name: "unfilled_by_phase",
        title,
        subtitle: ctx.subtitle(&format!(
            "Head teacher posts re-advertised (unfilled after the first advert), {}, per cent, 95% confidence bands",
            ctx.top_country.name()
        )),
        notes: notes(ctx, hidden),
        plot: Plot::Lines { x: RECRUITMENT_YEARS, zoom: false, y_desc: "Unfilled after first advert (%)".into(), lines },
        alt,
        table: "unfilled_rates",
        data_header: ["Year", "Phase", "Posts", "Re-advertised", "Unfilled (%)", "Lower 95%", "Upper 95%"]
            .map(String::from)
            .to_vec(),
        data_rows: rows_out,
    })
}

pub fn posts_per_100_schools(ctx: &Context) -> Option<ChartSpec> {
    let mut lines = Vec::new();
    let mut rows_out = Vec::new();
    let mut this_year = Vec::new();
    for (i, phase) in Phase::ALL.iter().enumerate() {
        let cells = ctx.national(Item::Of(*phase), Item::Total, Item::Total);
        let rate = |c: &RateCell| match c.posts_per_100_schools {
            Some(f) => Value::Ratio(f),
            None => Value::Symbol(crate::disclosure::Symbol::NotAvailable),
        };
        let points: Vec<Point> = cells
            .iter()
            .filter_map(|c| {
                Some(Point {
                    year: c.key.year.0,
                    value: rate(c).number(1)?,
                    interval: None,
                    hollow: ctx.is_provisional(c.key.year.0),
                })
            })
            .collect();
        for c in &cells {
            rows_out.push(vec![
                c.key.year.label(),
                phase.name().to_string(),
                thousands(c.post_count),
                thousands(c.school_count),
                rate(c).text(1),
            ]);
            if let (true, Some(f), Some(v)) = (
                c.key.year == ctx.year,
                c.posts_per_100_schools,
                rate(c).number(1),
            ) {
                this_year.push((*phase, f, v));
            }
        }
        lines.extend(phase_line(i, phase.name(), points));
    }
    if lines.is_empty() {
        return None;
    }
    // The figures themselves: which phase is "the most" is not a claim the data are
    // tested for (DESIGN.md, claims rule).
    let stated: Vec<String> = this_year
        .iter()
        .map(|(p, _, v)| format!("{} {v:.1}", p.name().to_lowercase()))
        .collect();
    let title = if stated.is_empty() {
        "Leadership posts advertised per 100 schools".to_string()
    } else {
        format!(
            "Leadership posts advertised per 100 schools in {}: {}",
            ctx.year_phrase(),
            list(&stated)
        )
    };
    Some(ChartSpec {
        name: "posts_per_100_schools",
        title,
        subtitle: ctx.subtitle(&format!(
            "Head, deputy and assistant head posts advertised per 100 schools open on {}, {}",
            ctx.rules.year_start.first_day_words(),
            ctx.top_country.name()
        )),
        notes: ctx.provisional_note().into_iter().collect(),
        plot: Plot::Lines { x: RECRUITMENT_YEARS, zoom: false, y_desc: "Posts per 100 schools".into(), lines },
        alt: format!(
            "Line chart of leadership posts advertised per 100 open schools, by phase, up to {}. In {}: {}.",
            ctx.year.label(),
            ctx.year_phrase(),
            stated.join("; ")
        ),
        table: "unfilled_rates",
        data_header: ["Year", "Phase", "Posts", "Open schools", "Posts per 100 schools"].map(String::from).to_vec(),
        data_rows: rows_out,
    })
}

/// The published surveys' lines (left panel): per phase, the NAHT/ASCL series joined
/// and the EDS series as diamonds; their rows are added to `rows_out`.
fn published_lines(published: &[PublishedRow], rows_out: &mut Vec<Vec<String>>) -> Vec<Line> {
    let mut left = Vec::new();
    // The EDS series is drawn with diamonds and no line (hollow markers mean
    // provisional on every chart, so they are not used for it).
    let series_styles = [
        ("unfilled_after_first_advert_percent", "", false),
        ("readvertised_percent", " (EDS)", true),
    ];
    let year_of = |r: &PublishedRow| r.start_year().map_or(0, |y| y.0);
    for (i, phase) in Phase::ALL.iter().enumerate() {
        for (column, short, eds) in series_styles {
            let mut points: Vec<Point> = published
                .iter()
                .filter(|r| r.get("education_phase") == phase.name())
                .filter_map(|r| {
                    // The published figures are whole per cents or a symbol, as read.
                    let v: f64 = r.get(column).parse().ok()?;
                    rows_out.push(vec![
                        r.get("series").to_string(),
                        phase.name().to_string(),
                        RecruitmentYear(year_of(r)).label(),
                        r.get(column).to_string(),
                        r.get("source").to_string(),
                    ]);
                    Some(Point {
                        year: year_of(r),
                        value: v,
                        interval: None,
                        hollow: false,
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
                marker: if eds { Marker::Diamond } else { marker },
                points,
                joined: !eds,
            });
        }
    }
    left
}

/// This report's head teacher lines by phase (right panel); rows added to `rows_out`.
fn advert_lines(ctx: &Context, rows_out: &mut Vec<Vec<String>>) -> Vec<Line> {
    let mut right = Vec::new();
    for (i, phase) in Phase::ALL.iter().enumerate() {
        let points: Vec<Point> = ctx
            .national(Item::Of(*phase), HEAD, Item::Total)
            .iter()
            .filter_map(|c| {
                let p = rate_point(c.key.year.0, &c.unfilled, false)?;
                Some(Point {
                    hollow: ctx.is_provisional(p.year),
                    ..p
                })
            })
            .collect();
        for p in &points {
            rows_out.push(vec![
                "This report: advert-based".into(),
                phase.name().into(),
                RecruitmentYear(p.year).label(),
                format!("{:.1}", p.value),
                "unfilled_rates".into(),
            ]);
        }
        right.extend(phase_line(i, phase.name(), points));
    }
    right
}

pub fn published_and_advert_series(ctx: &Context) -> Option<ChartSpec> {
    if ctx.published.is_empty() {
        return None;
    }
    let mut rows_out = Vec::new();
    let left = published_lines(ctx.published, &mut rows_out);
    let right = advert_lines(ctx, &mut rows_out);
    if left.is_empty() || right.is_empty() {
        return None;
    }
    Some(ChartSpec {
        name: "published_and_advert_series",
        title: "Published surveys and this report's advert-based rates measure different things".into(),
        // The published figures are real whatever this build's data are: the label
        // names only this report's series.
        subtitle: if ctx.synthetic_label().is_empty() {
            "Head teacher posts, per cent, by phase: published figures (left) beside this report's series (right)".into()
        } else {
            format!("Head teacher posts, per cent, by phase: figures as published (left) beside this report's series from {} (right)", ctx.label.to_lowercase())
        },
        notes: vec![
            "Left: NAHT/ASCL survey, schools said whether they appointed after the first advert; EDS (diamonds): re-advertisement counted by EDS, rules unpublished.".into(),
            format!(
                "This report: posts re-advertised {} to {} days after an advert, counted from advert data. Different methods, so the series are not joined.",
                ctx.rules.readvert_min_days, ctx.rules.readvert_max_days
            ),
        ],
        plot: Plot::Panels {
            y_desc: "Per cent of head teacher posts".into(),
            panels: vec![
                ("Published surveys".into(), left),
                ("This report: advert-based".into(), right),
            ],
        },
        alt: "Two side-by-side line charts on the same scales. Left: published survey figures for head teacher posts unfilled after the first advertisement, by phase, and the Education Data Surveys re-advertisement rates. Right: this report's advert-based unfilled rates by phase. The two are different methods and are not joined.".into(),
        table: "published_series",
        data_header: ["Series", "Phase", "Year", "Per cent", "Source"].map(String::from).to_vec(),
        data_rows: rows_out,
    })
}
