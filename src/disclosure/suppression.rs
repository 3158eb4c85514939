//! Primary and complementary suppression over families of cells: a cell whose base is
//! below `min_base` is hidden, then any cell that would let a reader recover a hidden
//! one by subtraction from a total. Generic over the cell's key; `mod.rs` says which
//! totals each workforce cell adds into.

use std::collections::HashMap;
use std::hash::Hash;

/// Cells that add up to a total: knowing the total and all members but one gives the
/// last member away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    pub total: usize,
    pub members: Vec<usize>,
}

/// How a cell adds into a total: the total's key, or `None` when the cell is a total.
pub type Parent<K> = dyn Fn(&K) -> Option<K>;

/// Groups cells into families: `parents` are the ways a cell adds into a total (e.g.
/// "the same cell with phase Total"); each returns the total's key, or `None` when the
/// cell is itself that total. Totals not among `keys` make no family.
pub fn families<K: Hash + Eq>(keys: &[K], parents: &[&Parent<K>]) -> Vec<Family> {
    let index: HashMap<&K, usize> = keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let mut out = Vec::new();
    for parent in parents {
        let mut by_total: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            if let Some(total) = parent(k).and_then(|p| index.get(&p).copied()) {
                by_total.entry(total).or_default().push(i);
            }
        }
        let mut found: Vec<Family> = by_total
            .into_iter()
            .map(|(total, members)| Family { total, members })
            .collect();
        found.sort_by_key(|f| f.total);
        out.extend(found);
    }
    out
}

/// Which cells publish `c`: every cell whose base is below `min_base` (primary
/// suppression), then, until nothing changes, in every family where exactly one cell
/// of the total and its members is hidden (so that it could be worked out by adding or
/// subtracting the others), or where the total is published and the hidden members
/// together are on fewer than `min_base` people (their sum, the total minus the rest, would
/// be a small group published after all), the member with the next smallest base as
/// well, or the total when no member is left to hide (complementary suppression; ties
/// to the earlier cell).
pub fn confidential(bases: &[u64], min_base: u32, families: &[Family]) -> Vec<bool> {
    let primary = bases.iter().map(|&b| b < u64::from(min_base)).collect();
    complements(primary, bases, min_base, families, &[])
}

/// As `confidential`, from the cells `hidden` already (the primary ones, and any never
/// published). A cell `never` published on `min_base` people or more needs no
/// protection: a family whose one hidden cell is such a cell is left as it is.
pub fn complements(
    mut hidden: Vec<bool>,
    bases: &[u64],
    min_base: u32,
    families: &[Family],
    never: &[bool],
) -> Vec<bool> {
    let harmless =
        |c: usize| never.get(c).copied().unwrap_or(false) && bases[c] >= u64::from(min_base);
    loop {
        let mut changed = false;
        for f in families {
            let (members_hidden, hidden_people) = f
                .members
                .iter()
                .filter(|&&m| hidden[m])
                .fold((0, 0), |(n, people), &m| (n + 1, people + bases[m]));
            let lone = members_hidden + usize::from(hidden[f.total]) == 1
                && !std::iter::once(f.total)
                    .chain(f.members.iter().copied())
                    .any(|c| hidden[c] && harmless(c));
            let thin =
                !hidden[f.total] && members_hidden > 0 && hidden_people < u64::from(min_base);
            if !lone && !thin {
                continue;
            }
            let next = f
                .members
                .iter()
                .copied()
                .filter(|&m| !hidden[m])
                .min_by_key(|&m| (bases[m], m))
                .unwrap_or(f.total);
            hidden[next] = true;
            changed = true;
        }
        if !changed {
            return hidden;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Keys (phase, region) with region "T" and phase "T" as totals.
    fn grid(
        bases: &[(&'static str, &'static str, u64)],
    ) -> (Vec<(&'static str, &'static str)>, Vec<u64>, Vec<Family>) {
        let keys: Vec<_> = bases.iter().map(|b| (b.0, b.1)).collect();
        let values: Vec<u64> = bases.iter().map(|b| b.2).collect();
        let by_phase = |k: &(&'static str, &'static str)| (k.0 != "T").then_some(("T", k.1));
        let by_region = |k: &(&'static str, &'static str)| (k.1 != "T").then_some((k.0, "T"));
        let fams = families(&keys, &[&by_phase, &by_region]);
        (keys, values, fams)
    }

    #[test]
    fn one_small_sibling_takes_the_next_smallest_with_it() {
        // Primary 4 (small), Secondary 30, Special 12, Total 46: without more, Total -
        // Secondary - Special gives Primary away, so Special (the next smallest) goes too.
        let (_, bases, fams) = grid(&[
            ("P", "T", 4),
            ("S", "T", 30),
            ("X", "T", 12),
            ("T", "T", 46),
        ]);
        assert_eq!(
            confidential(&bases, 10, &fams),
            vec![true, false, true, false]
        );
    }

    #[test]
    fn two_small_siblings_need_nothing_more() {
        let (_, bases, fams) =
            grid(&[("P", "T", 4), ("S", "T", 30), ("X", "T", 6), ("T", "T", 40)]);
        assert_eq!(
            confidential(&bases, 10, &fams),
            vec![true, false, true, false]
        );
    }

    #[test]
    fn suppression_spreads_across_families_until_stable() {
        // Two regions A and B, two phases P and S. P/A is small. In the phase family of
        // region A, S/A goes too; then the region family of P (P/A, P/B under P/T) hides
        // P/B, and the region family of S (S/A, S/B under S/T) hides S/B.
        let (_, bases, fams) = grid(&[
            ("P", "A", 3),
            ("S", "A", 50),
            ("T", "A", 53),
            ("P", "B", 40),
            ("S", "B", 60),
            ("T", "B", 100),
            ("P", "T", 43),
            ("S", "T", 110),
            ("T", "T", 153),
        ]);
        let hidden = confidential(&bases, 10, &fams);
        assert_eq!(
            hidden,
            vec![true, true, false, true, true, false, false, false, false]
        );
    }

    #[test]
    fn a_total_hidden_as_a_complement_takes_a_member_with_it() {
        // The regional total of P is hidden from elsewhere (here: a family of its own
        // with a small sibling); its two regions are published and would add up to it.
        let keys = ["P/A", "P/B", "P/T", "Q/T", "T/T"];
        let region = |k: &&str| match *k {
            "P/A" | "P/B" => Some("P/T"),
            _ => None,
        };
        let phase = |k: &&str| matches!(*k, "P/T" | "Q/T").then_some("T/T");
        let fams = families(&keys, &[&region, &phase]);
        assert_eq!(
            confidential(&[30, 20, 50, 4, 54], 10, &fams),
            vec![false, true, true, true, false]
        );
    }

    #[test]
    fn a_lone_member_hidden_as_a_complement_takes_its_total_with_it() {
        // One region, A. S/A is small, so P/A goes as its complement; P/A is the only
        // region in P's family, so P/T (= P/A) must go too, and S/T (= S/A) is small.
        let (_, bases, fams) = grid(&[
            ("P", "A", 20),
            ("S", "A", 3),
            ("T", "A", 23),
            ("P", "T", 20),
            ("S", "T", 3),
            ("T", "T", 23),
        ]);
        assert_eq!(
            confidential(&bases, 10, &fams),
            vec![true, true, false, true, true, false]
        );
    }

    #[test]
    fn hidden_members_together_reach_the_minimum_base() {
        // Primary 3 and Special 4 are small; together 7 people, so the total minus
        // Secondary would publish a group of 7: Secondary goes too.
        let (_, bases, fams) =
            grid(&[("P", "T", 3), ("S", "T", 30), ("X", "T", 4), ("T", "T", 37)]);
        assert_eq!(
            confidential(&bases, 10, &fams),
            vec![true, true, true, false]
        );
    }

    proptest! {
        /// In every family, never exactly one cell (total or member) is hidden.
        #[test]
        fn no_hidden_cell_is_recoverable(parts in proptest::collection::vec(0u64..25, 1..6)) {
            let total: u64 = parts.iter().sum();
            let mut bases = parts.clone();
            bases.push(total);
            let t = bases.len() - 1;
            let fams = vec![Family { total: t, members: (0..t).collect() }];
            let hidden = confidential(&bases, 10, &fams);
            let n_hidden = (0..=t).filter(|&m| hidden[m]).count();
            prop_assert_ne!(n_hidden, 1);
            // Hidden members under a published total cover at least min_base people.
            let people: u64 = (0..t).filter(|&m| hidden[m]).map(|m| bases[m]).sum();
            prop_assert!(hidden[t] || people == 0 || people >= 10);
            for (i, &b) in bases.iter().enumerate() {
                if b < 10 { prop_assert!(hidden[i]); }
            }
        }
    }
}
