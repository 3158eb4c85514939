//! Charts of the report year alone: the change on last year by phase, and the rate by
//! region and by religious character, ranked, with intervals.

use super::*;
use crate::measures::unfilled::UnfilledKey;
use crate::publish::headlines::capitalised;
use crate::publish::tidy::{change_points, p_value};

/// The phases whose head teacher rate rose or fell significantly, and how many were
/// little changed, as the claims decided.
#[derive(Default)]
struct Directions {
    rose: Vec<String>,
    fell: Vec<String>,
    little: usize,
}

/// One phase's row of the change table and, when its change may be shown, its bar.
fn change_row_and_bar(
    r: &crate::disclosure::ChangeRow,
    phase: Item<Phase>,
) -> (Vec<String>, Option<Bar>) {
    let [now, ..] = rate_texts(&r.current);
    let [before, ..] = rate_texts(&r.previous);
    let bound = |b: fn(&crate::measures::proportion::Comparison) -> f64| {
        Value::of(&r.comparison, |c| Value::Float(b(c) * 100.0))
    };
    let (lower, upper) = (bound(|c| c.change_lower), bound(|c| c.change_upper));
    let row = vec![
        phase_words(phase),
        before,
        now,
        change_points(&r.comparison).text(1),
        lower.text(1),
        upper.text(1),
        p_value(&r.comparison).text(4),
    ];
    let (Some(comparison), Some(change)) =
        (r.comparison.shown(), change_points(&r.comparison).number(1))
    else {
        return (row, None);
    };
    let significant = comparison.significant;
    let bar = Bar {
        label: phase_words(phase),
        value: change,
        interval: lower.number(1).zip(upper.number(1)),
        // Shading shows significance; a provisional year is named in the title.
        hollow: false,
        faded: !significant,
        value_text: format!("{change:+.1} pp"),
        note: if significant {
            "significant".into()
        } else {
            "not significant".into()
        },
    };
    (row, Some(bar))
}

/// The change chart's title: little changed, no significant change, or the phases that
/// rose (or else fell).
fn change_title(ctx: &Context, d: &Directions, bars: usize) -> String {
    let prev = RecruitmentYear(ctx.year.0 - 1);
    let rate_of = |names: &[String]| {
        format!(
            "{} head teacher unfilled rate{}",
            crate::publish::headlines::list(names),
            if names.len() > 1 { "s" } else { "" }
        )
    };
    if d.rose.is_empty() && d.fell.is_empty() {
        return if ctx.provisional() {
            format!(
                "Head teacher unfilled rates in {} are not projected to differ significantly from {}",
                ctx.year_phrase(),
                prev.label()
            )
        } else if d.little == bars {
            format!(
                "Head teacher unfilled rates in {} were little changed from {}",
                ctx.year_phrase(),
                prev.label()
            )
        } else {
            format!(
                "No head teacher unfilled rate changed significantly between {} and {}",
                prev.label(),
                ctx.year_phrase()
            )
        };
    }
    let clause = |names: &[String], higher: bool| {
        let verb = if ctx.provisional() {
            let is = if names.len() > 1 { "are" } else { "is" };
            let word = if higher { "higher" } else { "lower" };
            format!("{is} projected {word} than in {}", prev.label())
        } else if higher {
            "rose significantly".to_string()
        } else {
            "fell significantly".to_string()
        };
        format!("the {} {verb}", rate_of(names))
    };
    let mut parts = Vec::new();
    if !d.rose.is_empty() {
        parts.push(clause(&d.rose, true));
    }
    if !d.fell.is_empty() {
        parts.push(clause(&d.fell, false));
    }
    format!("In {}, {}", ctx.year_phrase(), parts.join("; "))
}

pub fn unfilled_change_by_phase(ctx: &Context) -> Option<ChartSpec> {
    let mut bars = Vec::new();
    let mut rows_out = Vec::new();
    let mut directions = Directions::default();
    for phase in Item::<Phase>::all() {
        let key = UnfilledKey::national(ctx.year, ctx.top_country, phase, HEAD, Item::Total);
        let Some(r) = ctx.changes.iter().find(|c| c.key == key) else {
            continue;
        };
        let (row, bar) = change_row_and_bar(r, phase);
        rows_out.push(row);
        let Some(bar) = bar else {
            continue;
        };
        let name = match phase {
            Item::Total => "all-phase".to_string(),
            Item::Of(p) => p.name().to_lowercase(),
        };
        let claim = ctx
            .claims
            .head_by_phase
            .iter()
            .find(|c| c.phase == phase)
            .and_then(|c| c.change.map(|ch| ch.1));
        match claim {
            Some(ChangeClaim::Rose | ChangeClaim::ProjectedHigher) => directions.rose.push(name),
            Some(ChangeClaim::Fell | ChangeClaim::ProjectedLower) => directions.fell.push(name),
            Some(ChangeClaim::LittleChanged) => directions.little += 1,
            _ => {}
        }
        bars.push(bar);
    }
    if bars.is_empty() {
        return None;
    }
    let prev = RecruitmentYear(ctx.year.0 - 1);
    let title = change_title(ctx, &directions, bars.len());
    let described: Vec<String> = bars
        .iter()
        .map(|b| format!("{} {} ({})", b.label, b.value_text, b.note))
        .collect();
    let mut notes: Vec<String> = ctx.provisional_note().into_iter().collect();
    notes.push("Dark bars: significant at the 5% level (two-proportion z-test); light bars: not significant. Lines: 95% confidence intervals of the change.".into());
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
        data_header: ["Phase", "Previous year (%)", "This year (%)", "Change (pp)", "Lower 95%", "Upper 95%", "p-value"].map(String::from).to_vec(),
        data_rows: rows_out,
    })
}

/// One ranked item's bar: its rate and interval, the value with its base at the end.
fn ranked_bar(ctx: &Context, label: &str, p: &Point, rate: &Proportion) -> Bar {
    Bar {
        label: label.to_string(),
        value: p.value,
        interval: Some(p.interval.unwrap_or((p.value, p.value))),
        hollow: ctx.is_provisional(ctx.year.0),
        faded: false,
        value_text: format!(
            "{} ({} of {})",
            pct(p.value),
            thousands(rate.k),
            thousands(rate.n)
        ),
        note: String::new(),
    }
}

/// One ranked item's row of the chart's table.
fn ranked_row(label: &str, c: &RateCell) -> Vec<String> {
    let [rate, lower, upper] = rate_texts(&c.unfilled);
    vec![
        label.to_string(),
        thousands(c.post_count),
        thousands(c.readvertised_post_count),
        rate,
        lower,
        upper,
    ]
}

fn ranked_bars(
    ctx: &Context,
    name: &'static str,
    items: Vec<(String, &RateCell)>,
    (what, title): (&str, String),
    subtitle: &str,
) -> Option<ChartSpec> {
    let mut shown: Vec<(String, Point, Proportion)> = Vec::new();
    let mut hidden = Vec::new();
    for (label, c) in &items {
        match (rate_point(0, &c.unfilled, true), c.unfilled.shown()) {
            (Some(p), Some(rate)) => shown.push((label.clone(), p, *rate)),
            _ => hidden.push(label.clone()),
        }
    }
    if shown.is_empty() {
        return None;
    }
    shown.sort_by(|a, b| b.1.value.total_cmp(&a.1.value).then(a.0.cmp(&b.0)));
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
    let interval = |p: &Point| p.interval.unwrap_or((p.value, p.value));
    let described: Vec<String> = shown
        .iter()
        .map(|(l, p, _)| {
            let (lo, hi) = interval(p);
            format!("{l} {} ({} to {})", pct(p.value), pct(lo), pct(hi))
        })
        .collect();
    Some(ChartSpec {
        name,
        title,
        subtitle: ctx.subtitle(subtitle),
        notes,
        plot: Plot::HorizontalBars {
            x_desc: "Unfilled after first advert (%)".into(),
            bars: shown
                .iter()
                .map(|(l, p, rate)| ranked_bar(ctx, l, p, rate))
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
        data_rows: items.iter().map(|(l, c)| ranked_row(l, c)).collect(),
    })
}

/// The report year's head teacher cells (all phases, every religious character) at
/// each geography `wanted` accepts.
fn head_cells_at<'a>(
    ctx: &'a Context,
    wanted: impl Fn(Geography) -> bool,
    religion: Item<ReligiousCharacter>,
) -> impl Iterator<Item = &'a RateCell> {
    ctx.rates.iter().filter(move |c| {
        c.key.year == ctx.year
            && wanted(c.key.geography)
            && c.key.filters.phase == Item::Total
            && c.key.filters.post == HEAD
            && c.key.filters.religion == religion
    })
}

pub fn unfilled_by_region(ctx: &Context) -> Option<ChartSpec> {
    let mut items: Vec<(String, &RateCell)> =
        head_cells_at(ctx, |g| matches!(g, Geography::Regional(_)), Item::Total)
            .map(|c| {
                let region = c.key.geography.region().map_or("", |r| r.name());
                (region.to_string(), c)
            })
            .collect();
    items.extend(
        head_cells_at(
            ctx,
            |g| g == Geography::National(Country::Wales),
            Item::Total,
        )
        .map(|c| ("Wales".to_string(), c)),
    );
    if items.len() < 2 {
        return None;
    }
    let title = highest_title(
        ctx,
        ctx.claims.highest_region_or_wales.as_ref(),
        |g| match g.region() {
            Some(r) => crate::publish::headlines::region_words(r),
            None => g.country().name().to_string(),
        },
        ("of the {n} areas shown", "between the {n} areas shown"),
        "Head teacher posts unfilled after the first advert, by region",
    );
    ranked_bars(
        ctx,
        "unfilled_by_region",
        items,
        ("region", capitalised(&title)),
        &format!("Head teacher posts unfilled after the first advert, English regions and Wales, {}, per cent", ctx.year.label()),
    )
}

pub fn unfilled_by_religious_character(ctx: &Context) -> Option<ChartSpec> {
    let items: Vec<(String, &RateCell)> = ReligiousCharacter::ALL
        .iter()
        .filter_map(|rc| {
            head_cells_at(
                ctx,
                |g| g == Geography::National(ctx.top_country),
                Item::Of(*rc),
            )
            .next()
            .map(|c| {
                let label = match rc {
                    ReligiousCharacter::ChurchOfEngland => "Church of England schools",
                    ReligiousCharacter::RomanCatholic => "Roman Catholic schools",
                    ReligiousCharacter::Other => "Other religious character",
                    ReligiousCharacter::None => "No religious character",
                };
                (label.to_string(), c)
            })
        })
        .collect();
    if items.len() < 2 {
        return None;
    }
    let title = highest_title(
        ctx,
        ctx.claims.highest_religious_character.as_ref(),
        |r| match r {
            ReligiousCharacter::ChurchOfEngland => "Church of England schools".into(),
            ReligiousCharacter::RomanCatholic => "Roman Catholic schools".into(),
            ReligiousCharacter::Other => "Schools of another religious character".into(),
            ReligiousCharacter::None => "Schools with no religious character".into(),
        },
        (
            "of the {n} religious characters shown",
            "between the {n} religious characters shown",
        ),
        "Head teacher posts unfilled after the first advert, by religious character",
    );
    ranked_bars(
        ctx,
        "unfilled_by_religious_character",
        items,
        ("religious character", title),
        &format!(
            "Head teacher posts unfilled after the first advert by religious character of the school, {}, {}, per cent",
            ctx.top_country.name(),
            ctx.year.label()
        ),
    )
}
