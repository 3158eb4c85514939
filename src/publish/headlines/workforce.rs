//! Headlines from the workforce panel: head teachers' retention in the latest year
//! against the year before, by phase, and how many new head teachers were still head of
//! their school one and five years on. Confidential (`c`) cells are never quoted.

use std::collections::HashMap;

use super::{list, phase_shares, points_value, rate_value, whole, Headline};
use crate::disclosure::{Disclosed, RetentionRow, SurvivalRow};
use crate::domain::{Country, Geography, Item, Phase, RecruitmentYear, Role};
use crate::measures::proportion::Proportion;
use crate::measures::retention::RetentionKey;
use crate::measures::{CellKey, PanelFilters};
use crate::publish::format::thousands;

/// What the workforce headlines are drawn from: the published (disclosed) cells.
pub struct PanelSource<'a> {
    pub retention: &'a [RetentionRow],
    pub survival: &'a [SurvivalRow],
    pub top_country: Country,
    pub label_suffix: &'a str,
}

fn national(country: Country, year: i32, phase: Item<Phase>) -> RetentionKey {
    CellKey {
        year: RecruitmentYear(year),
        geography: Geography::National(country),
        filters: PanelFilters {
            phase,
            post: Item::Of(Role::Head),
        },
    }
}

fn blank(id: &str, year: i32, phase: &str, table: &str) -> Headline {
    Headline {
        id: id.into(),
        sentence: String::new(),
        value: None,
        previous_value: None,
        change_pp: None,
        significant: None,
        provisional: false,
        year: RecruitmentYear(year).label(),
        education_phase: phase.into(),
        post: Role::Head.post_name().into(),
        table: table.into(),
    }
}

pub fn headlines(src: &PanelSource) -> Vec<Headline> {
    [head_retention(src), new_head_survival(src)]
        .into_iter()
        .flatten()
        .collect()
}

/// "89 per cent of primary, ... head teachers in post in November 2023 were still head
/// teachers a year later, compared with ... of those in post in November 2022."
fn head_retention(src: &PanelSource) -> Option<Headline> {
    let shown: HashMap<&RetentionKey, &RetentionRow> = src
        .retention
        .iter()
        .filter(|r| r.figures.shown().is_some())
        .map(|r| (&r.key, r))
        .collect();
    let year = src
        .retention
        .iter()
        .filter(|r| shown.contains_key(&national(src.top_country, r.key.year.0, Item::Total)))
        .map(|r| r.key.year.0)
        .max()?;
    let cell =
        |y: i32, phase: Item<Phase>| shown.get(&national(src.top_country, y, phase)).copied();
    let in_role = |r: &RetentionRow| -> Proportion {
        r.figures
            .shown()
            .expect("only shown cells")
            .retained_in_role
    };
    let mut now = Vec::new();
    let mut before = Vec::new();
    let mut same = Vec::new();
    let mut moved = Vec::new();
    for phase in Phase::ALL {
        let Some(c) = cell(year, Item::Of(phase)) else {
            continue;
        };
        let lower = phase.name().to_lowercase();
        now.push(whole(&in_role(c)));
        if let (Some(p), Some(Disclosed::Shown(change))) =
            (cell(year - 1, Item::Of(phase)), c.change)
        {
            before.push(whole(&in_role(p)));
            if change.rose() || change.fell() {
                moved.push(format!(
                    "the {lower} rate {} significantly",
                    if change.rose() { "rose" } else { "fell" }
                ));
            } else {
                same.push(lower);
            }
        }
    }
    let total = cell(year, Item::Total)?;
    let mut h = blank(
        "head_retention_by_phase",
        year,
        Item::<Phase>::Total.name(),
        "retention",
    );
    let rate = in_role(total);
    h.value = Some(rate_value(&rate));
    let phases: Vec<String> = Phase::ALL
        .iter()
        .filter(|p| cell(year, Item::Of(**p)).is_some())
        .map(|p| p.name().to_lowercase())
        .collect();
    let mut sentence = if now.len() == phases.len() && now.len() > 1 {
        let shares: Vec<(String, String)> =
            phases.iter().cloned().zip(now.iter().cloned()).collect();
        format!(
            "{} head teachers in post in November {year} were still head teachers (at the same or another school) a year later",
            phase_shares(&shares)
        )
    } else {
        format!(
            "{} per cent of head teachers in post in November {year} were still head teachers (at the same or another school) a year later",
            whole(&rate)
        )
    };
    let change = match (cell(year - 1, Item::Total), total.change) {
        (Some(p), Some(Disclosed::Shown(change))) => Some((p, change)),
        _ => None,
    };
    if let Some((p, change)) = change {
        let earlier = in_role(p);
        h.previous_value = Some(rate_value(&earlier));
        h.change_pp = Some(points_value(change.change));
        h.significant = Some(change.significant);
        if before.len() == now.len() && now.len() > 1 {
            sentence.push_str(&format!(
                ", compared with {} per cent of those in post in November {}.",
                list(&before),
                year - 1
            ));
            let mut parts = Vec::new();
            if !same.is_empty() {
                let verb = if same.len() > 1 {
                    "rates were"
                } else {
                    "rate was"
                };
                parts.push(format!("the {} {verb} little changed", list(&same)));
            }
            parts.extend(moved);
            let text = list(&parts);
            let text = text[..1].to_uppercase() + &text[1..];
            sentence.push_str(&format!(" {text} (two-proportion test at the 5% level)."));
        } else {
            sentence.push_str(&format!(
                ", compared with {} per cent a year before.",
                whole(&earlier)
            ));
        }
    } else {
        sentence.push('.');
    }
    h.sentence = sentence + src.label_suffix;
    Some(h)
}

/// "Of the head teachers new to their school in 2023/24, 93 per cent were still its
/// head a year later; of those new in 2019/20, 70 per cent were five years later."
fn new_head_survival(src: &PanelSource) -> Option<Headline> {
    let find = |k: u8| -> Option<(RecruitmentYear, &Proportion)> {
        src.survival
            .iter()
            .filter(|r| {
                r.key.filters.years_after == k
                    && r.key.geography == Geography::National(src.top_country)
                    && r.key.filters.phase == Item::Total
            })
            .filter_map(|r| Some((r.key.year, r.still_in_post.shown()?)))
            .max_by_key(|(y, _)| *y)
    };
    let (year, one) = find(1)?;
    let mut h = blank(
        "new_head_survival",
        year.0,
        Item::<Phase>::Total.name(),
        "new_head_survival",
    );
    h.value = Some(rate_value(one));
    let mut sentence = format!(
        "Of the {} head teachers new to their school in {}, {} per cent were still its head a year later",
        thousands(one.n),
        year.label(),
        whole(one)
    );
    match find(5) {
        Some((five_year, five)) => sentence.push_str(&format!(
            "; of the {} who were new in {}, {} per cent were still head of the same school five years later.",
            thousands(five.n),
            five_year.label(),
            whole(five)
        )),
        None => sentence.push('.'),
    }
    h.sentence = sentence + src.label_suffix;
    Some(h)
}
