//! Headlines from the workforce panel: head teachers' retention in the latest year
//! against the year before, by phase, and how many new head teachers were still head of
//! their school one and five years on. Confidential (`c`) cells are never quoted.

use std::collections::HashMap;

use super::{phase_shares, quoted, Headline};
use crate::claims::{ChangeClaim, Claims};
use crate::disclosure::{Disclosed, RetentionRow, SurvivalRow};
use crate::domain::{Country, Geography, Item, Phase, RecruitmentYear, Role};
use crate::measures::proportion::{Comparison, Proportion};
use crate::measures::retention::RetentionKey;
use crate::publish::format::thousands;

/// What the workforce headlines are drawn from: the published (disclosed) cells.
pub struct PanelSource<'a> {
    pub retention: &'a [RetentionRow],
    pub claims: &'a Claims,
    pub survival: &'a [SurvivalRow],
    pub top_country: Country,
    pub label_suffix: &'a str,
}

fn national(country: Country, year: i32, phase: Item<Phase>) -> RetentionKey {
    RetentionKey::national(RecruitmentYear(year), country, phase, Item::Of(Role::Head))
}

/// An entry for a rate of the panel (never provisional: censuses are complete).
fn blank(id: &str, year: i32, phase: &str, table: &str, rate: &Proportion) -> Headline {
    Headline::plain(id.into(), "", RecruitmentYear(year), false, phase, table).with_rate(rate)
}

pub fn headlines(src: &PanelSource) -> Vec<Headline> {
    let mut out = head_retention(src);
    out.extend(new_head_survival(src).into_iter().flatten());
    out
}

/// The changes on the year before of the figures quoted, with the claims' wording.
fn retention_changes(
    src: &PanelSource,
    year: i32,
    figures: &[(Item<Phase>, &RetentionRow)],
) -> Vec<(Item<Phase>, Comparison, ChangeClaim)> {
    let claim_of = |phase: Item<Phase>| {
        src.claims
            .head_retention
            .iter()
            .find(|c| c.0 == phase && c.1 .0 == year)
            .map(|c| c.2)
    };
    figures
        .iter()
        .filter_map(|(p, r)| match (r.change, claim_of(*p)) {
            (Some(Disclosed::Shown(c)), Some(claim)) => Some((*p, c, claim)),
            _ => None,
        })
        .collect()
}

/// The end of the retention sentence: the year before's figures and how each changed,
/// when every figure quoted has a change; else a full stop.
fn compared_with(
    src: &PanelSource,
    year: i32,
    quoted_figures: usize,
    changes: &[(Item<Phase>, Comparison, ChangeClaim)],
) -> String {
    if changes.is_empty() || changes.len() != quoted_figures {
        return ".".into();
    }
    if let [(_, c, claim)] = changes {
        // One figure: its change in the same sentence.
        let was = format!(
            "{} of those in post in November {}",
            quoted(&c.previous, "head teachers"),
            year - 1
        );
        return match claim {
            ChangeClaim::Rose => format!(", up from {was}, a statistically significant rise."),
            ChangeClaim::Fell => format!(", down from {was}, a statistically significant fall."),
            ChangeClaim::LittleChanged => format!(", little changed from {was}."),
            _ => format!(", against {was}; the change is not statistically significant."),
        };
    }
    let before: Vec<Proportion> = changes.iter().map(|(_, c, _)| c.previous).collect();
    let named: Vec<(String, ChangeClaim)> = changes
        .iter()
        .map(|c| (super::phase_word(c.0), c.2))
        .collect();
    let when = format!("of those in post in November {}", year - 1);
    super::compared_with(&before, "head teachers", &when, &named, src.claims)
}

/// "89 per cent of primary, ... head teachers in post in November 2023 were still head
/// teachers a year later, compared with ... of those in post in November 2022."
fn head_retention(src: &PanelSource) -> Vec<Headline> {
    let shown: HashMap<&RetentionKey, &RetentionRow> = src
        .retention
        .iter()
        .filter(|r| r.figures.shown().is_some())
        .map(|r| (&r.key, r))
        .collect();
    let Some(year) = src
        .retention
        .iter()
        .filter(|r| shown.contains_key(&national(src.top_country, r.key.year.0, Item::Total)))
        .map(|r| r.key.year.0)
        .max()
    else {
        return Vec::new();
    };
    let cell =
        |y: i32, phase: Item<Phase>| shown.get(&national(src.top_country, y, phase)).copied();
    // The figures quoted: each phase's when every phase is shown and there are several,
    // else all phases'.
    let phases: Vec<Item<Phase>> = Phase::ALL
        .iter()
        .map(|p| Item::Of(*p))
        .filter(|p| cell(year, *p).is_some())
        .collect();
    let quoted_items = if phases.len() > 1 {
        phases
    } else {
        vec![Item::Total]
    };
    let mut out = retention_entries(src, year, &quoted_items, &cell);
    // With the phases quoted, all phases in a short sentence of their own (a key message).
    if quoted_items.len() > 1 {
        out.extend(retention_entries(src, year, &[Item::Total], &cell));
    }
    out
}

/// The retention sentence quoting `items` in `year` (each with its change when every
/// one has one), an entry per figure.
fn retention_entries<'r>(
    src: &PanelSource,
    year: i32,
    items: &[Item<Phase>],
    cell: &dyn Fn(i32, Item<Phase>) -> Option<&'r RetentionRow>,
) -> Vec<Headline> {
    let in_role = |r: &RetentionRow| -> Proportion {
        r.figures
            .shown()
            .expect("only shown cells")
            .retained_in_role
    };
    let of = "head teachers";
    let figures: Vec<(Item<Phase>, &RetentionRow)> = items
        .iter()
        .filter_map(|p| Some((*p, cell(year, *p)?)))
        .collect();
    if figures.is_empty() {
        return Vec::new();
    }
    let shares: Vec<(String, String)> = figures
        .iter()
        .map(|(p, r)| (super::phase_word(*p), quoted(&in_role(r), of)))
        .collect();
    let mut sentence = if figures.len() > 1 {
        format!(
            "{} head teachers in post in November {year} were still head teachers (at the same or another school) a year later",
            phase_shares(&shares)
        )
    } else {
        format!(
            "{} of head teachers in post in November {year} were still head teachers (at the same or another school) a year later",
            shares[0].1
        )
    };
    let changes = retention_changes(src, year, &figures);
    sentence.push_str(&compared_with(src, year, figures.len(), &changes));
    let sentence = sentence + src.label_suffix;
    figures
        .iter()
        .map(|(p, r)| {
            let id = match p {
                Item::Total => "head_retention".to_string(),
                Item::Of(ph) => format!("head_retention_{}", ph.name().to_lowercase()),
            };
            let mut h = blank(&id, year, p.name(), "retention", &in_role(r));
            h.sentence = sentence.clone();
            match changes.iter().find(|c| c.0 == *p) {
                Some((_, c, _)) => h.against(c),
                None => h,
            }
        })
        .collect()
}

/// "Of the head teachers new to their school in 2023/24, 93 per cent were still its
/// head a year later; of those new in 2019/20, 70 per cent were five years later."
fn new_head_survival(src: &PanelSource) -> Option<Vec<Headline>> {
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
    let of = "head teachers";
    let mut sentence = format!(
        "Of the {} head teachers new to their school in {}, {} were still its head a year later",
        thousands(one.n),
        year.label(),
        quoted(one, of)
    );
    let five = find(5);
    match five {
        Some((five_year, five)) => sentence.push_str(&format!(
            "; of the {} who were new in {}, {} were still head of the same school five years later.",
            thousands(five.n),
            five_year.label(),
            quoted(five, of)
        )),
        None => sentence.push('.'),
    }
    let sentence = sentence + src.label_suffix;
    let entry = |id: &str, year: RecruitmentYear, rate: &Proportion| {
        let mut h = blank(
            id,
            year.0,
            Item::<Phase>::Total.name(),
            "new_head_survival",
            rate,
        );
        h.sentence = sentence.clone();
        h
    };
    let mut out = vec![entry("new_head_survival_one_year", year, one)];
    if let Some((five_year, five)) = five {
        out.push(entry("new_head_survival_five_years", five_year, five));
    }
    Some(out)
}
