//! School lineages (DESIGN.md, Definitions: School lineage): schools joined by
//! one-to-one Successor/Predecessor links are one school through time, whatever their
//! URNs. A predecessor with one successor that has one predecessor is followed; merges,
//! amalgamations, splits and every other link type end a lineage. Pure: links in, a map
//! from URN to lineage out, with the counts quality.json gives.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use crate::ingest::links::Link;

/// Every URN's lineage (the URN of its first school); URNs in no followed link are their
/// own lineage.
#[derive(Debug, Clone, Default)]
pub struct Lineages {
    root: FxHashMap<u32, u32>,
    /// Whether links were given at all (without them URNs are schools).
    pub used: bool,
    pub links_read: usize,
    /// Lineages of two or more URNs.
    pub formed: usize,
    /// Links not followed, by why (the link type, or why a succession was not followed).
    pub not_followed: BTreeMap<String, usize>,
    /// Successor and Predecessor links read.
    pub successions: usize,
}

/// Why a succession naming a school the register does not have is not followed.
const OUTSIDE: &str = "Successor/Predecessor: a school not in the register";

impl Lineages {
    /// The lineage of `urn`.
    pub fn of(&self, urn: u32) -> u32 {
        if self.root.is_empty() {
            return urn;
        }
        self.root.get(&urn).copied().unwrap_or(urn)
    }

    /// The URNs whose lineage is another URN's, with it (for joining onto frames).
    pub fn pairs(&self) -> Vec<(u32, u32)> {
        let mut pairs: Vec<(u32, u32)> = self.root.iter().map(|(u, r)| (*u, *r)).collect();
        pairs.sort_unstable();
        pairs
    }

    /// Lineages from `links`; `known` says whether a URN is in the register (a link to a
    /// school slm cannot place is not followed).
    pub fn from_links(links: &[Link], known: impl Fn(u32) -> bool) -> Lineages {
        let mut not_followed: BTreeMap<String, usize> = BTreeMap::new();
        let mut edges: BTreeSet<(u32, u32)> = BTreeSet::new();
        let mut successions = 0;
        for l in links {
            let edge = match l.link_type.as_str() {
                "Successor" => (l.urn, l.link_urn),
                "Predecessor" => (l.link_urn, l.urn),
                other => {
                    *not_followed.entry(other.to_string()).or_default() += 1;
                    continue;
                }
            };
            successions += 1;
            if edge.0 == edge.1 || !known(edge.0) || !known(edge.1) {
                *not_followed.entry(OUTSIDE.into()).or_default() += 1;
                continue;
            }
            edges.insert(edge);
        }
        let mut successors: FxHashMap<u32, usize> = FxHashMap::default();
        let mut predecessors: FxHashMap<u32, usize> = FxHashMap::default();
        for (a, b) in &edges {
            *successors.entry(*a).or_default() += 1;
            *predecessors.entry(*b).or_default() += 1;
        }
        let mut next: FxHashMap<u32, u32> = FxHashMap::default();
        let mut prev: FxHashMap<u32, u32> = FxHashMap::default();
        for (a, b) in &edges {
            if successors[a] == 1 && predecessors[b] == 1 {
                next.insert(*a, *b);
                prev.insert(*b, *a);
            } else {
                *not_followed
                    .entry("Successor/Predecessor: not one to one (a merge or a split)".into())
                    .or_default() += 1;
            }
        }
        // Each chain from its first school; a cycle (bad data) is not followed.
        let mut root = FxHashMap::default();
        let mut formed = 0;
        let mut starts: Vec<u32> = next
            .keys()
            .copied()
            .filter(|a| !prev.contains_key(a))
            .collect();
        starts.sort_unstable();
        for start in starts {
            formed += 1;
            let mut at = start;
            while let Some(&b) = next.get(&at) {
                root.insert(b, start);
                at = b;
            }
        }
        Lineages {
            root,
            used: true,
            links_read: links.len(),
            formed,
            not_followed,
            successions,
        }
    }

    /// A warning when most successions name a school the register does not have: a
    /// register of open schools beside the national links file (every predecessor of a
    /// conversion is closed, so absent) follows almost nothing.
    pub fn outside_register_warning(&self) -> Option<String> {
        let outside = self.not_followed.get(OUTSIDE).copied().unwrap_or(0);
        (outside * 2 > self.successions).then(|| {
            format!(
                "{} of {} Successor/Predecessor links name a school the register does not have, so {} lineage{} formed: a register of open schools only cannot follow academy conversions (their predecessors are closed); use the GIAS extract of all establishments, open and closed",
                outside,
                self.successions,
                self.formed,
                if self.formed == 1 { "" } else { "s" }
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(urn: u32, link_urn: u32, t: &str) -> Link {
        Link {
            urn,
            link_urn,
            link_type: t.into(),
        }
    }

    #[test]
    fn one_to_one_successions_are_followed_and_merges_are_not() {
        // 1 -> 2 -> 3: a chain of two conversions (each stated from both ends, as GIAS
        // does). 10 and 11 merge into 12 (two predecessors: not followed). 20 links to 99,
        // not in the register. 30 and 31: "Sixth Form Centre Link", not a succession.
        let links = [
            link(1, 2, "Successor"),
            link(2, 1, "Predecessor"),
            link(2, 3, "Successor"),
            link(3, 2, "Predecessor"),
            link(10, 12, "Successor"),
            link(11, 12, "Successor"),
            link(12, 10, "Predecessor - merged"),
            link(20, 99, "Successor"),
            link(30, 31, "Sixth Form Centre Link"),
        ];
        let l = Lineages::from_links(&links, |u| u != 99);
        assert_eq!((l.of(1), l.of(2), l.of(3)), (1, 1, 1));
        assert_eq!((l.of(10), l.of(11), l.of(12)), (10, 11, 12));
        assert_eq!((l.of(20), l.of(99)), (20, 99));
        assert_eq!(l.formed, 1);
        assert_eq!(l.links_read, 9);
        assert_eq!(
            l.not_followed,
            BTreeMap::from([
                ("Predecessor - merged".to_string(), 1),
                ("Sixth Form Centre Link".to_string(), 1),
                (OUTSIDE.to_string(), 1),
                (
                    "Successor/Predecessor: not one to one (a merge or a split)".to_string(),
                    2
                ),
            ])
        );
    }
}
