//! Charts of a series over the years up to the report year: unfilled rate by phase,
//! posts per 100 schools, and the published surveys beside slm's own series.

use super::*;

pub fn unfilled_by_phase(ctx: &Context) -> Option<ChartSpec> {
    let mut lines = Vec::new();
    let mut rows_out = Vec::new();
    let mut hidden = false;
    let mut this_year = Vec::new();
    for (i, phase) in Phase::ALL.iter().enumerate() {
        let rows = ctx.national(ctx.rates, phase.name(), HEAD, TOTAL);
        let points = yearly(ctx, &rows, "unfilled_percent", UNFILLED_INTERVAL);
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
            country_name(ctx.top_country)
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
        let rows = ctx.national(ctx.rates, phase.name(), TOTAL, TOTAL);
        let points = yearly(ctx, &rows, "post_rate_per_100_schools", None);
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
            country_name(ctx.top_country)
        )),
        notes: ctx.provisional_note().into_iter().collect(),
        plot: Plot::Lines { x: RECRUITMENT_YEARS, zoom: false, y_desc: "Posts per 100 schools".into(), lines },
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
        let points: Vec<Point> = yearly(ctx, &rows, "unfilled_percent", None);
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
