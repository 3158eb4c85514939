//! Disclosure control of the two tables built from person-level data, `retention` and
//! `new_head_survival`, decided together because they are linked (DESIGN.md, Disclosure
//! control must survive an attack):
//!
//! 1. primary: a cell on fewer than `min_base` people is withheld (`c`, counts included);
//! 2. complementary: no family (a total and the cells adding into it, along phase,
//!    post and geography) has exactly one withheld cell;
//! 3. audit and repair: the attacker (`attack`) bounds every withheld count and
//!    percentage from everything published and every relation; where one breaks the
//!    rule, the nearest published cell in the relations around it (one not containing
//!    it first, then the one with fewest people) is withheld as well, complementary
//!    suppression is applied again, and the audit runs again, until nothing breaks it.
//!
//! The relations the attacker knows: phases add to Total, posts add to Total, LAs to
//! their region, regions to England, England and Wales to both; leaders = stayed +
//! moved + promoted + other role + left; a head teacher cannot be promoted and an assistant
//! head cannot move to a role below (structural zeros); a cohort of new heads holds at
//! least as many still in post; and head teachers at census y = heads who stayed in post
//! from y-1 + new heads of y (linking the two tables across years). Counts are never
//! negative, and a published row has at least one person.

use std::collections::{BTreeSet, HashMap};

#[cfg(test)]
use super::attack::Learned;

use super::attack::{CellRef, Model, Quantity, Relation, Target};
pub use super::decision::{audit_pattern, audit_summary, decide, AuditReport, Decision, Finding};
use super::lp::{Row, Terms};
use super::suppression::Family;

mod layout;

use crate::domain::{Geography, Item, RecruitmentYear, Role};
use crate::measures::retention::{RetentionCell, RetentionKey, SurvivalCell, SurvivalKey};
use crate::measures::transitions::Transition;
use crate::measures::SurvivalFilters;
use layout::{
    able, ancestors, inherited_count, inherited_percent, retention_families, survival_families,
};
pub use layout::{published_breakdown, top_country};

/// A count of a cell: known (published, or a structural zero) or withheld (a variable).
#[derive(Debug, Clone, Copy)]
enum Value {
    Known(u64),
    Hidden(usize),
}

/// The fixed structure of the two tables: families, cohort groups and the identities
/// linking them, computed once; `model` turns a suppression pattern into the attacker's
/// system.
pub struct Relations<'a> {
    retention: &'a [RetentionCell],
    survival: &'a [SurvivalCell],
    pub(super) retention_families: Vec<Family>,
    /// Survival cohort groups (cohort year, country, phase), with their rows by k.
    groups: Vec<SurvivalKey>,
    group_rows: Vec<Vec<usize>>,
    group_of_row: Vec<usize>,
    pub(super) group_families: Vec<Family>,
    /// Families of survival rows (within one years-after value).
    row_families: Vec<Family>,
    /// (head cell at census y, head cell at y-1, cohort group of y): heads at y =
    /// stayed in post from y-1 + new heads of y, where it holds.
    identities: Vec<(usize, usize, usize)>,
    /// Cells on fewer people than this are the sensitive ones the rule protects.
    min_base: u32,
    /// Per retention cell and transition, whether anyone in the cell could make it: not
    /// where the post cannot (heads are never promoted), nor in a total whose posts all
    /// cannot, nor in any part of such a total. The table's rows show the attacker which
    /// posts a group has, so these zeros are known like the posts' own.
    able: Vec<[bool; 5]>,
    /// Retention cells no table has (`published_breakdown`): unknowns to the attacker
    /// from the start, audited like withheld ones.
    pub(super) unpublished: Vec<bool>,
    /// Every total each retention cell and cohort group adds into.
    retention_ancestors: Vec<Vec<usize>>,
    group_ancestors: Vec<Vec<usize>>,
}

impl<'a> Relations<'a> {
    pub fn new(
        retention: &'a [RetentionCell],
        survival: &'a [SurvivalCell],
        min_base: u32,
    ) -> Self {
        let keys: Vec<RetentionKey> = retention.iter().map(|c| c.key).collect();
        let top = top_country(&keys);
        let retention_families = retention_families(&keys);
        // Cohort groups: the survival key with years_after 0.
        let group_key = |k: &SurvivalKey| {
            k.with(SurvivalFilters {
                years_after: 0,
                ..k.filters
            })
        };
        let mut group_index: HashMap<SurvivalKey, usize> = HashMap::new();
        let mut groups = Vec::new();
        let mut group_rows: Vec<Vec<usize>> = Vec::new();
        let mut group_of_row = Vec::with_capacity(survival.len());
        for (i, c) in survival.iter().enumerate() {
            let g = *group_index.entry(group_key(&c.key)).or_insert_with(|| {
                groups.push(group_key(&c.key));
                group_rows.push(Vec::new());
                groups.len() - 1
            });
            group_rows[g].push(i);
            group_of_row.push(g);
        }
        let group_families = survival_families(&groups);
        let row_keys: Vec<SurvivalKey> = survival.iter().map(|c| c.key).collect();
        let row_families = survival_families(&row_keys);
        let index: HashMap<RetentionKey, usize> =
            keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
        let mut identities = Vec::new();
        for (i, c) in retention.iter().enumerate() {
            if !matches!(c.key.geography, Geography::National(_))
                || c.key.filters.post != Item::Of(Role::Head)
            {
                continue;
            }
            let before = index.get(&c.key.in_year(RecruitmentYear(c.key.year.0 - 1)));
            let cohort = group_index.get(&SurvivalKey {
                year: c.key.year,
                geography: c.key.geography,
                filters: SurvivalFilters {
                    phase: c.key.filters.phase,
                    years_after: 0,
                },
            });
            if let (Some(&j), Some(&g)) = (before, cohort) {
                let stayed = retention[j]
                    .figures
                    .transitions
                    .get(Transition::StayedInPost);
                let new = survival[group_rows[g][0]].new_head_count();
                // Only where it holds exactly (a school changing phase or scope between
                // censuses breaks it, and then the attacker cannot use it either).
                if c.figures.leader_count() == stayed + new {
                    identities.push((i, j, g));
                }
            }
        }
        Relations {
            able: able(&keys, &retention_families),
            unpublished: keys.iter().map(|k| !published_breakdown(k, top)).collect(),
            retention_ancestors: ancestors(retention.len(), &retention_families),
            group_ancestors: ancestors(groups.len(), &group_families),
            retention,
            survival,
            retention_families,
            groups,
            group_rows,
            group_of_row,
            group_families,
            row_families,
            identities,
            min_base,
        }
    }

    /// The people a cell is about: its base.
    pub fn base(&self, cell: CellRef) -> u64 {
        match cell {
            CellRef::Retention(i) => self.retention[i].figures.leader_count(),
            CellRef::Survival(g) => self.survival[self.group_rows[g][0]].new_head_count(),
        }
    }

    /// Whether `a` is a total `cell` adds into (at any level).
    pub fn contains(&self, a: CellRef, cell: CellRef) -> bool {
        match (a, cell) {
            (CellRef::Retention(a), CellRef::Retention(i)) => {
                self.retention_ancestors[i].binary_search(&a).is_ok()
            }
            (CellRef::Survival(a), CellRef::Survival(g)) => {
                self.group_ancestors[g].binary_search(&a).is_ok()
            }
            _ => false,
        }
    }

    /// Whether a cell is sensitive: on fewer than `min_base` people.
    pub fn sensitive(&self, cell: CellRef) -> bool {
        self.base(cell) < u64::from(self.min_base)
    }

    pub fn retention_len(&self) -> usize {
        self.retention.len()
    }

    pub fn groups_len(&self) -> usize {
        self.groups.len()
    }

    /// The cohort group of each survival row.
    pub fn group_of_row(&self) -> &[usize] {
        &self.group_of_row
    }

    /// A cell for people: table, year, place and filters.
    pub fn describe(&self, cell: CellRef) -> String {
        let place = |g: Geography| match g {
            Geography::National(c) => c.name(),
            Geography::Regional(r) => r.name(),
            Geography::LocalAuthority(la) => la.name(),
        };
        match cell {
            CellRef::Retention(i) => {
                let k = self.retention[i].key;
                format!(
                    "retention {}, {}, {}, {}{}",
                    k.year.label(),
                    place(k.geography),
                    k.filters.phase.name(),
                    k.filters.post.name(),
                    if self.unpublished[i] {
                        " (not published)"
                    } else {
                        ""
                    }
                )
            }
            CellRef::Survival(g) => {
                let k = self.groups[g];
                format!(
                    "new_head_survival cohort {}, {}, {}",
                    k.year.label(),
                    place(k.geography),
                    k.filters.phase.name()
                )
            }
        }
    }

    /// The attacker's system for a suppression pattern: its unknowns, the relations
    /// among them, and what is audited.
    pub fn model(&self, hidden_retention: &[bool], hidden_groups: &[bool]) -> Model {
        let values = self.values(hidden_retention, hidden_groups);
        Model {
            relations: self.relations(&values),
            targets: self.targets(&values, hidden_retention, hidden_groups),
            truth: values.truth,
        }
    }

    /// Every count of the two tables, known or an unknown of the attacker's.
    fn values(&self, hidden_retention: &[bool], hidden_groups: &[bool]) -> Values {
        let mut truth = Vec::new();
        let mut value = |hidden: bool, v: u64| {
            if hidden {
                truth.push(v as f64);
                Value::Hidden(truth.len() - 1)
            } else {
                Value::Known(v)
            }
        };
        // Retention: five transition counts per cell (structural zeros always known).
        let transitions: Vec<[Value; 5]> = self
            .retention
            .iter()
            .zip(hidden_retention)
            .enumerate()
            .map(|(i, (c, &h))| {
                Transition::ALL
                    .map(|t| value(h && self.able[i][t as usize], c.figures.transitions.get(t)))
            })
            .collect();
        // Survival: the cohort per group, still in post per row.
        let new: Vec<Value> = (0..self.groups.len())
            .map(|g| value(hidden_groups[g], self.base(CellRef::Survival(g))))
            .collect();
        let still: Vec<Value> = self
            .survival
            .iter()
            .zip(&self.group_of_row)
            .map(|(c, &g)| value(hidden_groups[g], c.still_in_post.k))
            .collect();
        Values {
            truth,
            transitions,
            new,
            still,
        }
    }

    /// The relations the attacker knows, with the known values on the right.
    fn relations(&self, values: &Values) -> Vec<Relation> {
        let Values {
            transitions,
            new,
            still,
            ..
        } = values;
        let mut relations = Vec::new();
        let ret = |i: usize| CellRef::Retention(i);
        let group = |i: usize| CellRef::Survival(self.group_of_row[i]);
        for f in &self.retention_families {
            for t in Transition::ALL {
                push_family(&mut relations, f, |i| (transitions[i][t as usize], ret(i)));
            }
        }
        for f in &self.group_families {
            push_family(&mut relations, f, |g| (new[g], CellRef::Survival(g)));
        }
        for f in &self.row_families {
            push_family(&mut relations, f, |i| (still[i], group(i)));
        }
        // Still in post <= the cohort.
        for (i, s) in still.iter().enumerate() {
            let g = self.group_of_row[i];
            let terms = [(*s, 1.0, group(i)), (new[g], -1.0, CellRef::Survival(g))];
            push_relation(&mut relations, terms.into_iter(), false, false);
        }
        // Heads at y - stayed in post from y-1 - new heads of y = 0.
        for &(i, j, g) in &self.identities {
            let stayed = Transition::StayedInPost as usize;
            let terms = transitions[i].iter().map(|v| (*v, 1.0, ret(i))).chain([
                (transitions[j][stayed], -1.0, ret(j)),
                (new[g], -1.0, CellRef::Survival(g)),
            ]);
            push_relation(&mut relations, terms, true, true);
        }
        relations
    }

    /// What is audited: every withheld sensitive cell (a complement, on `min_base` people
    /// or more, needs no protection of its own; what the attacker learns of it narrows
    /// the sensitive cells, and that is audited there).
    fn targets(
        &self,
        values: &Values,
        hidden_retention: &[bool],
        hidden_groups: &[bool],
    ) -> Vec<Target> {
        let mut targets = Vec::new();
        let counts =
            |i: usize| Transition::ALL.map(|t| self.retention[i].figures.transitions.get(t));
        for (i, v) in values.transitions.iter().enumerate() {
            let cell = CellRef::Retention(i);
            if hidden_retention[i] && self.sensitive(cell) {
                let containing: Vec<[u64; 5]> = self.retention_ancestors[i]
                    .iter()
                    .filter(|&&a| !self.sensitive(CellRef::Retention(a)))
                    .map(|&a| counts(a))
                    .collect();
                retention_targets(&mut targets, cell, v, &containing);
            }
        }
        // A cohort's count and its still in post by years after (up to 5).
        let cohort = |g: usize| {
            let mut c = [0u64; 7];
            c[0] = self.base(CellRef::Survival(g));
            for &r in &self.group_rows[g] {
                let k = usize::from(self.survival[r].key.filters.years_after);
                c[1 + k.min(5)] = self.survival[r].still_in_post.k;
            }
            c
        };
        for (g, rows) in self.group_rows.iter().enumerate() {
            let cell = CellRef::Survival(g);
            if !hidden_groups[g] || !self.sensitive(cell) {
                continue;
            }
            let containing: Vec<[u64; 7]> = self.group_ancestors[g]
                .iter()
                .filter(|&&a| !self.sensitive(CellRef::Survival(a)))
                .map(|&a| cohort(a))
                .collect();
            let n = terms_of(&[values.new[g]]);
            targets.push(Target {
                cell,
                column: "new_head_count",
                quantity: count(n.0.clone(), n.1, true, None),
                inherited: inherited_count(containing.iter().map(|c| c[0]), false),
            });
            for &r in rows {
                let k = 1 + usize::from(self.survival[r].key.filters.years_after).min(5);
                let s = terms_of(&[values.still[r]]);
                targets.push(Target {
                    cell,
                    column: "still_in_post_count",
                    quantity: count(s.0.clone(), s.1, false, None),
                    inherited: inherited_count(containing.iter().map(|c| c[k]), true),
                });
                targets.push(Target {
                    cell,
                    column: "still_in_post_percent",
                    quantity: Quantity::Percent {
                        num: s.0,
                        den: n.0.clone(),
                    },
                    inherited: inherited_percent(containing.iter().map(|c| (c[k], c[0]))),
                });
            }
        }
        targets
    }
}

/// The counts of both tables for one suppression pattern, and the true values of the
/// unknowns among them.
struct Values {
    truth: Vec<f64>,
    transitions: Vec<[Value; 5]>,
    new: Vec<Value>,
    still: Vec<Value>,
}

/// A family's relation: its members add up to its total.
fn push_family(
    relations: &mut Vec<Relation>,
    f: &Family,
    value_of: impl Fn(usize) -> (Value, CellRef),
) {
    let signed = |i: usize, sign: f64| {
        let (v, cell) = value_of(i);
        (v, sign, cell)
    };
    let terms =
        std::iter::once(signed(f.total, -1.0)).chain(f.members.iter().map(|&m| signed(m, 1.0)));
    push_relation(relations, terms, true, false);
}

fn count(terms: Terms, constant: f64, positive: bool, positive_unless: Option<Terms>) -> Quantity {
    Quantity::Count {
        terms,
        constant,
        positive,
        positive_unless,
    }
}

/// The variables and the known part of a sum of values.
fn terms_of(values: &[Value]) -> (Terms, f64) {
    let mut terms = Vec::new();
    let mut constant = 0.0;
    for v in values {
        match v {
            Value::Known(k) => constant += *k as f64,
            Value::Hidden(x) => terms.push((*x, 1.0)),
        }
    }
    (terms, constant)
}

/// The targets of a withheld retention cell: each transition count that is not a
/// structural zero, the leader count, and both percentages; `containing` are the
/// transition counts of the groups on `min_base` people or more it is in.
fn retention_targets(
    targets: &mut Vec<Target>,
    cell: CellRef,
    values: &[Value; 5],
    containing: &[[u64; 5]],
) {
    // The counts of the transitions `keep` selects.
    let kept = |keep: &dyn Fn(Transition) -> bool| {
        let vs: Vec<Value> = values
            .iter()
            .zip(Transition::ALL)
            .filter(|(_, t)| keep(*t))
            .map(|(v, _)| *v)
            .collect();
        terms_of(&vs)
    };
    let leaders = |c: &[u64; 5]| c.iter().sum::<u64>();
    // A containing group's count of the transitions `keep` selects, and its leaders.
    let share = |c: &[u64; 5], keep: &dyn Fn(Transition) -> bool| {
        let k = Transition::ALL
            .iter()
            .filter(|t| keep(**t))
            .map(|t| c[*t as usize])
            .sum::<u64>();
        (k, leaders(c))
    };
    for (t, v) in Transition::ALL.iter().zip(values) {
        let Value::Hidden(x) = v else { continue };
        let (other_terms, other_known) = kept(&|o| o != *t);
        targets.push(Target {
            cell,
            column: t.column(),
            // The cell has a leader: when every other count can only be 0, this one
            // is at least 1.
            quantity: count(
                vec![(*x, 1.0)],
                0.0,
                false,
                (other_known == 0.0).then_some(other_terms),
            ),
            inherited: inherited_count(containing.iter().map(|c| c[*t as usize]), true),
        });
    }
    let (all, known) = terms_of(values);
    targets.push(Target {
        cell,
        column: "leader_count",
        quantity: count(all.clone(), known, true, None),
        inherited: inherited_count(containing.iter().map(leaders), false),
    });
    let in_role = |t: Transition| t.is_retained_in_role();
    let in_leadership = |t: Transition| t != Transition::LeftLeadership;
    targets.push(Target {
        cell,
        column: "retained_in_role_percent",
        quantity: percent(kept(&in_role), (all.clone(), known)),
        inherited: inherited_percent(containing.iter().map(|c| share(c, &in_role))),
    });
    targets.push(Target {
        cell,
        column: "retained_in_leadership_percent",
        quantity: percent(kept(&in_leadership), (all, known)),
        inherited: inherited_percent(containing.iter().map(|c| share(c, &in_leadership))),
    });
}

/// A withheld cell's percentage. Its only known counts are structural zeros, so the
/// known parts of numerator and denominator add nothing.
fn percent((num, num_known): (Terms, f64), (den, den_known): (Terms, f64)) -> Quantity {
    debug_assert!(
        num_known == 0.0 && den_known == 0.0,
        "a withheld cell's known counts are structural zeros"
    );
    Quantity::Percent { num, den }
}

/// Adds `sum(sign * value) = 0` (or `<= 0`) with the known values moved to the right,
/// when it has a withheld value.
fn push_relation(
    relations: &mut Vec<Relation>,
    terms: impl Iterator<Item = (Value, f64, CellRef)>,
    equal: bool,
    link: bool,
) {
    let mut row = Row {
        terms: Vec::new(),
        equal,
        rhs: 0.0,
    };
    let mut published = BTreeSet::new();
    for (v, sign, cell) in terms {
        match v {
            Value::Known(k) => {
                row.rhs -= sign * k as f64;
                published.insert(cell);
            }
            Value::Hidden(x) => row.terms.push((x, sign)),
        }
    }
    if !row.terms.is_empty() {
        relations.push(Relation {
            row,
            published: published.into_iter().collect(),
            link,
        });
    }
}

#[cfg(test)]
mod tests;
