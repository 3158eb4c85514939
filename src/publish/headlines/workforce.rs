//! Headlines from the workforce panel: head teachers' retention in the latest year
//! against the year before, by phase, and how many new head teachers were still head of
//! their school one and five years on. Confidential (`c`) cells are never quoted.

use std::collections::HashMap;

use super::{list, phase_shares, whole, Headline};
use crate::domain::{Phase, RecruitmentYear, Role};
use crate::measures::retention::{RetentionCell, SurvivalCell};
use crate::measures::stats::{is_significant, two_proportion_p_value};
use crate::measures::{CellKey, TOTAL};
use crate::publish::format::percent;

/// What the workforce headlines are drawn from.
pub struct PanelSource<'a> {
    pub retention: &'a [RetentionCell],
    pub retention_hidden: &'a [bool],
    pub survival: &'a [SurvivalCell],
    pub survival_hidden: &'a [bool],
    pub top_country: &'a str,
    pub label_suffix: &'a str,
}

fn value(k: u64, n: u64) -> f64 {
    percent(k.into(), n.into(), 1)
        .parse()
        .expect("formatted number")
}

fn national(country: &str, year: i32, phase: &str) -> CellKey {
    CellKey {
        year: RecruitmentYear(year),
        geographic_level: "National".into(),
        country_code: country.into(),
        region_code: String::new(),
        education_phase: phase.into(),
        post: Role::Head.post_name().into(),
        school_religious_character: String::new(),
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
    let shown: HashMap<&CellKey, &RetentionCell> = src
        .retention
        .iter()
        .zip(src.retention_hidden)
        .filter(|(_, h)| !**h)
        .map(|(c, _)| (&c.key, c))
        .collect();
    let year = src
        .retention
        .iter()
        .filter(|c| shown.contains_key(&national(src.top_country, c.key.year.0, TOTAL)))
        .map(|c| c.key.year.0)
        .max()?;
    let cell = |y: i32, phase: &str| shown.get(&national(src.top_country, y, phase)).copied();
    let mut now = Vec::new();
    let mut before = Vec::new();
    let mut same = Vec::new();
    let mut moved = Vec::new();
    for phase in Phase::ALL {
        let Some(c) = cell(year, phase.name()) else {
            continue;
        };
        let lower = phase.name().to_lowercase();
        now.push(whole(c.retained_in_role(), c.leader_count));
        if let Some(p) = cell(year - 1, phase.name()) {
            before.push(whole(p.retained_in_role(), p.leader_count));
            let pv = two_proportion_p_value(
                c.retained_in_role(),
                c.leader_count,
                p.retained_in_role(),
                p.leader_count,
            );
            if is_significant(pv) {
                let up = value(c.retained_in_role(), c.leader_count)
                    > value(p.retained_in_role(), p.leader_count);
                moved.push(format!(
                    "the {lower} rate {} significantly",
                    if up { "rose" } else { "fell" }
                ));
            } else {
                same.push(lower);
            }
        }
    }
    let total = cell(year, TOTAL)?;
    let mut h = blank("head_retention_by_phase", year, TOTAL, "retention");
    let (k, n) = (total.retained_in_role(), total.leader_count);
    h.value = Some(value(k, n));
    let phases: Vec<String> = Phase::ALL
        .iter()
        .filter(|p| cell(year, p.name()).is_some())
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
            whole(k, n)
        )
    };
    if let Some(p) = cell(year - 1, TOTAL) {
        let (k0, n0) = (p.retained_in_role(), p.leader_count);
        h.previous_value = Some(value(k0, n0));
        h.change_pp = Some(
            crate::publish::tables::change_pp(k, n, k0, n0)
                .parse()
                .expect("number"),
        );
        h.significant = Some(is_significant(two_proportion_p_value(k, n, k0, n0)));
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
                whole(k0, n0)
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
    let find = |k: u32| -> Option<&SurvivalCell> {
        src.survival
            .iter()
            .zip(src.survival_hidden)
            .filter(|(c, h)| {
                !**h && c.years_after == k
                    && c.key.country_code == src.top_country
                    && c.key.education_phase == TOTAL
            })
            .map(|(c, _)| c)
            .max_by_key(|c| c.key.year)
    };
    let one = find(1)?;
    let mut h = blank(
        "new_head_survival",
        one.key.year.0,
        TOTAL,
        "new_head_survival",
    );
    h.value = Some(value(one.still_in_post_count, one.new_head_count));
    let mut sentence = format!(
        "Of the {} head teachers new to their school in {}, {} per cent were still its head a year later",
        crate::publish::format::thousands(one.new_head_count),
        one.key.year.label(),
        whole(one.still_in_post_count, one.new_head_count)
    );
    match find(5) {
        Some(five) => sentence.push_str(&format!(
            "; of the {} who were new in {}, {} per cent were still head of the same school five years later.",
            crate::publish::format::thousands(five.new_head_count),
            five.key.year.label(),
            whole(five.still_in_post_count, five.new_head_count)
        )),
        None => sentence.push('.'),
    }
    h.sentence = sentence + src.label_suffix;
    Some(h)
}
