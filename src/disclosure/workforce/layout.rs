//! What the layout tells the attacker before any figure: which retention cells exist
//! (`published_breakdown`), the families of totals and parts, every total a cell adds
//! into, the structural zeros, and what containing groups say of a withheld figure.

use std::collections::BTreeSet;

use super::super::attack::Inherited;
use super::super::suppression::{families, Family};
use crate::domain::{Country, Geography, Item, Role};
use crate::measures::retention::{RetentionKey, SurvivalKey};
use crate::measures::transitions::Transition;
use crate::measures::{PanelFilters, SurvivalFilters};

/// Every total a cell adds into, at any level (its families' totals, theirs, and so on).
pub(super) fn ancestors(n: usize, families: &[Family]) -> Vec<Vec<usize>> {
    let mut parents = vec![Vec::new(); n];
    for f in families {
        for &m in &f.members {
            parents[m].push(f.total);
        }
    }
    (0..n)
        .map(|i| {
            let mut seen = BTreeSet::new();
            let mut stack = parents[i].clone();
            while let Some(p) = stack.pop() {
                if seen.insert(p) {
                    stack.extend(&parents[p]);
                }
            }
            seen.into_iter().collect()
        })
        .collect()
}

/// What published containing groups say of a count: it is at most the smallest of
/// theirs, so it can take that many values plus one (`from_zero`) or that many (a count
/// of people in post, at least 1).
pub(super) fn inherited_count(counts: impl Iterator<Item = u64>, from_zero: bool) -> Inherited {
    counts.min().map_or(Inherited::Nothing, |u| {
        Inherited::Values(u + u64::from(from_zero))
    })
}

/// A percentage `k / n` that a containing group shows as 0% or 100%, which every part of
/// it shares.
pub(super) fn inherited_percent(shares: impl Iterator<Item = (u64, u64)>) -> Inherited {
    shares
        .filter_map(|(k, n)| match k {
            0 => Some(Inherited::Pinned(0)),
            k if k == n => Some(Inherited::Pinned(1000)),
            _ => None,
        })
        .next()
        .unwrap_or(Inherited::Nothing)
}

/// Whether `retention` has a cell at all: phase by post at the top National level
/// only (England and Wales together where both), every other geography by phase or by
/// post, not both. A country's or a region's special-school cells by post hold a
/// handful of leaders each; published, they and the totals around them would give each
/// other away. Local authorities have phase and post Total only
/// (`measures::retention`). The attacker still knows the cells left out exist and what
/// they add up to, so the audit treats them as withheld.
pub fn published_breakdown(key: &RetentionKey, top: Country) -> bool {
    let crossed = !key.filters.phase.is_total() && !key.filters.post.is_total();
    !crossed || key.geography == Geography::National(top)
}

/// The top National geography of the retention cells: England and Wales where it is
/// there, otherwise the one country.
pub fn top_country(keys: &[RetentionKey]) -> Country {
    // Countries sort in reading order, England and Wales first.
    keys.iter()
        .filter_map(|k| match k.geography {
            Geography::National(c) => Some(c),
            _ => None,
        })
        .min()
        .unwrap_or(Country::England)
}

/// Whether a transition can never happen for the post (head teachers cannot be
/// promoted; assistant heads have no leadership role below them).
fn structural_zero(post: Item<Role>, t: Transition) -> bool {
    matches!(
        (post, t),
        (Item::Of(Role::Head), Transition::Promoted)
            | (Item::Of(Role::Assistant), Transition::OtherLeadershipRole)
    )
}

/// Whether anyone in each cell could make each transition (`Relations::able`): a post
/// as its role allows; a total over posts if any of its posts can; then, until nothing
/// changes, no part of a total where no one in the total can.
pub(super) fn able(keys: &[RetentionKey], families: &[Family]) -> Vec<[bool; 5]> {
    let mut able: Vec<[bool; 5]> = keys
        .iter()
        .map(|k| Transition::ALL.map(|t| !structural_zero(k.filters.post, t)))
        .collect();
    for f in families {
        let by_post = keys[f.total].filters.post.is_total()
            && f.members.iter().all(|&m| !keys[m].filters.post.is_total());
        if by_post {
            for t in Transition::ALL {
                able[f.total][t as usize] = f.members.iter().any(|&m| able[m][t as usize]);
            }
        }
    }
    loop {
        let mut changed = false;
        for f in families {
            // A total is never its own member, so its row can be read once.
            let total = able[f.total];
            for &m in &f.members {
                for (a, t) in able[m].iter_mut().zip(total) {
                    if *a && !t {
                        *a = false;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            return able;
        }
    }
}

pub(super) fn retention_families(keys: &[RetentionKey]) -> Vec<Family> {
    let by_phase = |k: &RetentionKey| {
        (!k.filters.phase.is_total()).then(|| {
            k.with(PanelFilters {
                phase: Item::Total,
                ..k.filters
            })
        })
    };
    let by_post = |k: &RetentionKey| {
        (!k.filters.post.is_total()).then(|| {
            k.with(PanelFilters {
                post: Item::Total,
                ..k.filters
            })
        })
    };
    let by_geography = |k: &RetentionKey| k.geography.parent().map(|g: Geography| k.at(g));
    families(keys, &[&by_phase, &by_post, &by_geography])
}

pub(super) fn survival_families(keys: &[SurvivalKey]) -> Vec<Family> {
    let by_phase = |k: &SurvivalKey| {
        (!k.filters.phase.is_total()).then(|| {
            k.with(SurvivalFilters {
                phase: Item::Total,
                ..k.filters
            })
        })
    };
    let by_country = |k: &SurvivalKey| k.geography.parent().map(|g| k.at(g));
    families(keys, &[&by_phase, &by_country])
}
