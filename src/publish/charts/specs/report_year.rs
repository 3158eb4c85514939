//! Charts of the report year alone: the change on last year by phase, and the rate by
//! region and by religious character, ranked, with intervals.

use super::*;

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
            country_name(ctx.top_country),
            ctx.year.label()
        ),
    )
}
