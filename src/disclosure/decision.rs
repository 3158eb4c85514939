//! What is withheld from the workforce tables, and the attacker's verdict on it:
//! primary and complementary suppression, then the attack of `attack` on the relations
//! of `workforce`, and repairs until it learns nothing the protection rule forbids; the
//! report `slm audit` prints.

use std::collections::{BTreeSet, HashMap};

use super::attack::{attack, Audit, CellRef, Inherited, Learned, Model, Quantity};
use super::suppression::complements;
use super::workforce::Relations;

/// The outcome of disclosure control for the two workforce tables.
#[derive(Debug, Clone, Default)]
pub struct Decision {
    pub hidden_retention: Vec<bool>,
    pub hidden_groups: Vec<bool>,
    /// Cells withheld by the base rule, as complements, and after the audit's repairs.
    pub primary: usize,
    pub complementary: usize,
    pub repaired: usize,
    /// Repair rounds run.
    pub rounds: usize,
    pub report: AuditReport,
}

/// What the final audit found, for `slm audit`.
#[derive(Debug, Clone, Default)]
pub struct AuditReport {
    pub protection: u32,
    pub cells_withheld: usize,
    pub cells: usize,
    pub largest_base_withheld: u64,
    pub counts_audited: usize,
    pub percentages_audited: usize,
    pub variables: usize,
    pub blocks: usize,
    pub largest_component: usize,
    /// Every audited target: cell, column, what the attacker learns, the true value.
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub cell: String,
    pub column: &'static str,
    pub learned: Learned,
    pub protected: bool,
    /// The published groups containing the cell already allow fewer than
    /// `protection` values (or show its percentage), so the rule asks no more.
    pub limited: bool,
}

impl AuditReport {
    pub fn failures(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.protected)
    }

    /// The count findings ordered narrowest first (fewest possible values).
    pub fn narrowest(&self) -> Vec<&Finding> {
        let mut counts: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| matches!(f.learned, Learned::Count { .. } | Learned::Unsolved(_)))
            .collect();
        counts.sort_by_key(|f| {
            (
                f.learned.values().unwrap_or(u64::MAX),
                f.cell.clone(),
                f.column,
            )
        });
        counts
    }
}

fn report(
    relations: &Relations,
    model: &Model,
    audit: &Audit,
    protection: u32,
    hidden: (&[bool], &[bool]),
) -> AuditReport {
    let never = &relations.unpublished;
    let cells_withheld = withheld(hidden.0, never) + withheld(hidden.1, &[]);
    let largest_base_withheld = hidden
        .0
        .iter()
        .enumerate()
        .filter(|(i, h)| **h && !never[*i])
        .map(|(i, _)| relations.base(CellRef::Retention(i)))
        .chain(
            hidden
                .1
                .iter()
                .enumerate()
                .filter(|(_, h)| **h)
                .map(|(g, _)| relations.base(CellRef::Survival(g))),
        )
        .max()
        .unwrap_or(0);
    let findings: Vec<Finding> = model
        .targets
        .iter()
        .zip(&audit.learned)
        .map(|(t, l)| Finding {
            cell: relations.describe(t.cell),
            column: t.column,
            learned: l.clone(),
            protected: t.protected(l, protection),
            limited: match t.inherited {
                Inherited::Nothing => false,
                Inherited::Values(v) => v < u64::from(protection),
                Inherited::Pinned(_) => true,
            },
        })
        .collect();
    AuditReport {
        protection,
        cells_withheld,
        cells: never.iter().filter(|n| !**n).count() + hidden.1.len(),
        largest_base_withheld,
        counts_audited: model
            .targets
            .iter()
            .filter(|t| matches!(t.quantity, Quantity::Count { .. }))
            .count(),
        percentages_audited: model
            .targets
            .iter()
            .filter(|t| matches!(t.quantity, Quantity::Percent { .. }))
            .count(),
        variables: audit.variables,
        blocks: audit.blocks,
        largest_component: audit.largest_component,
        findings,
    }
}

/// Audits a given pattern (the attacker's view of a release).
pub fn audit_pattern(
    relations: &Relations,
    hidden_retention: &[bool],
    hidden_groups: &[bool],
    protection: u32,
) -> AuditReport {
    let model = relations.model(hidden_retention, hidden_groups);
    let audit = attack(&model, protection);
    report(
        relations,
        &model,
        &audit,
        protection,
        (hidden_retention, hidden_groups),
    )
}

/// Repair rounds before giving up (each withholds at least one more cell, so the loop
/// ends anyway; this bounds a pathological case).
const MAX_ROUNDS: usize = 200;

/// Decides what is withheld: primary, complementary, then the attack and repairs until
/// the attacker learns nothing the rule forbids (or no published cell is left in the
/// relations that pin a breach, or `MAX_ROUNDS` have run: the report then lists what
/// breaks it, and the build refuses to publish).
pub fn decide(relations: &Relations, min_base: u32, protection: u32) -> Decision {
    let retention_bases: Vec<u64> = (0..relations.retention_len())
        .map(|i| relations.base(CellRef::Retention(i)))
        .collect();
    let group_bases: Vec<u64> = (0..relations.groups_len())
        .map(|g| relations.base(CellRef::Survival(g)))
        .collect();
    let never = &relations.unpublished;
    // Complementary suppression over both tables' families, from the cells hidden.
    let complete = |retention: Vec<bool>, groups: Vec<bool>| {
        (
            complements(
                retention,
                &retention_bases,
                min_base,
                &relations.retention_families,
                never,
            ),
            complements(
                groups,
                &group_bases,
                min_base,
                &relations.group_families,
                &[],
            ),
        )
    };
    let small =
        |bases: &[u64]| -> Vec<bool> { bases.iter().map(|&b| b < u64::from(min_base)).collect() };
    let (small_retention, small_groups) = (small(&retention_bases), small(&group_bases));
    let primary = withheld(&small_retention, never) + withheld(&small_groups, &[]);
    // Cells no table has are hidden from the start.
    let (mut hidden_retention, mut hidden_groups) = complete(
        small_retention
            .iter()
            .zip(never)
            .map(|(s, n)| *s || *n)
            .collect(),
        small_groups,
    );
    let complementary =
        withheld(&hidden_retention, never) + withheld(&hidden_groups, &[]) - primary;
    let mut rounds = 0;
    loop {
        let model = relations.model(&hidden_retention, &hidden_groups);
        let audit = attack(&model, protection);
        let hidden = (hidden_retention.as_slice(), hidden_groups.as_slice());
        let more = if rounds < MAX_ROUNDS {
            to_withhold(relations, &model, &audit, protection, hidden)
        } else {
            BTreeSet::new()
        };
        let report = report(relations, &model, &audit, protection, hidden);
        if more.is_empty() {
            return Decision {
                repaired: report.cells_withheld - primary - complementary,
                hidden_retention,
                hidden_groups,
                primary,
                complementary,
                rounds,
                report,
            };
        }
        rounds += 1;
        for c in more {
            match c {
                CellRef::Retention(i) => hidden_retention[i] = true,
                CellRef::Survival(g) => hidden_groups[g] = true,
            }
        }
        // No family left with one withheld cell, or withheld members on few people.
        (hidden_retention, hidden_groups) = complete(hidden_retention, hidden_groups);
    }
}

/// Cells withheld among those published (`never`: cells no table has; shorter means
/// none).
fn withheld(hidden: &[bool], never: &[bool]) -> usize {
    hidden
        .iter()
        .enumerate()
        .filter(|(i, h)| **h && !never.get(*i).copied().unwrap_or(false))
        .count()
}

/// The repair's next step: for each cell with a target that breaks the rule, the
/// published cell with the fewest people among those whose values enter the relations
/// on its unknowns.
fn to_withhold(
    relations: &Relations,
    model: &Model,
    audit: &Audit,
    protection: u32,
    (hidden_retention, hidden_groups): (&[bool], &[bool]),
) -> BTreeSet<CellRef> {
    let mut var_relations: HashMap<usize, Vec<usize>> = HashMap::new();
    for (r, rel) in model.relations.iter().enumerate() {
        for &(v, _) in &rel.row.terms {
            var_relations.entry(v).or_default().push(r);
        }
    }
    let mut chosen: BTreeSet<CellRef> = BTreeSet::new();
    let mut done: BTreeSet<CellRef> = BTreeSet::new();
    for i in audit.failures(model, protection) {
        let target = &model.targets[i];
        if !done.insert(target.cell) {
            continue;
        }
        // The published cells of the relations nearest the target's unknowns: those on
        // them first, then those one relation further, and so on through its block.
        let published = |c: &CellRef| match c {
            CellRef::Retention(i) => !hidden_retention[*i],
            CellRef::Survival(g) => !hidden_groups[*g],
        };
        let mut seen_vars: BTreeSet<usize> = target_vars(&target.quantity).into_iter().collect();
        let mut seen_rows: BTreeSet<usize> = BTreeSet::new();
        let mut frontier: Vec<usize> = seen_vars.iter().copied().collect();
        while !frontier.is_empty() {
            let rows: Vec<usize> = frontier
                .iter()
                .flat_map(|v| var_relations.get(v).into_iter().flatten().copied())
                .filter(|r| seen_rows.insert(*r))
                .collect();
            // A withheld cell's structural zeros are known, not published.
            let candidates: BTreeSet<CellRef> = rows
                .iter()
                .flat_map(|&r| model.relations[r].published.iter().copied())
                .filter(published)
                .collect();
            // A cell with fewer people first, one that contains the target last.
            if let Some(best) = candidates
                .into_iter()
                .min_by_key(|c| (relations.contains(*c, target.cell), relations.base(*c), *c))
            {
                chosen.insert(best);
                break;
            }
            frontier = rows
                .iter()
                .flat_map(|&r| model.relations[r].row.terms.iter().map(|t| t.0))
                .filter(|v| seen_vars.insert(*v))
                .collect();
        }
    }
    chosen
}

fn target_vars(q: &Quantity) -> Vec<usize> {
    match q {
        Quantity::Count {
            terms,
            positive_unless,
            ..
        } => terms
            .iter()
            .chain(positive_unless.iter().flatten())
            .map(|t| t.0)
            .collect(),
        Quantity::Percent { num, den } => num.iter().chain(den).map(|t| t.0).collect(),
    }
}

/// What `slm audit` prints: the rule, what was withheld, what the attacker solved, and
/// the `limit` narrowest ranges of withheld counts.
pub fn audit_summary(d: &Decision, year: &str, limit: usize) -> String {
    let r = &d.report;
    let mut out = vec![
        format!("Disclosure audit of the workforce tables, {year} release"),
        format!(
            "Rule: no withheld count of a sensitive cell (below the minimum base) narrower than {} possible values, or than the published groups containing it allow; no such percentage pinned to one value a containing group does not show (docs/methods.md).",
            r.protection
        ),
        format!(
            "Withheld: {} of {} cells ({} below the minimum base, {} as complements, {} after the audit); largest base withheld: {}.",
            r.cells_withheld, r.cells, d.primary, d.complementary, d.repaired, r.largest_base_withheld
        ),
        format!(
            "Audited: {} counts and {} percentages, as {} unknowns solved in {} blocks (the cross-table identities join them into components of up to {}).",
            r.counts_audited, r.percentages_audited, r.variables, r.blocks, r.largest_component
        ),
    ];
    let breaches = r.failures().count();
    out.push(if breaches == 0 {
        "Result: every withheld figure is protected.".to_string()
    } else {
        format!("Result: {breaches} withheld figures break the rule.")
    });
    // The breaches first, then the narrowest protected ranges.
    let mut listed: Vec<&Finding> = r.failures().collect();
    listed.extend(r.narrowest().into_iter().filter(|f| f.protected));
    if !listed.is_empty() {
        out.push(format!(
            "Narrowest ranges ({} of {} withheld counts and breaking percentages; breaches first):",
            limit.min(listed.len()),
            listed.len()
        ));
        for f in listed.into_iter().take(limit) {
            out.push(format!(
                "  {}{}: {} {}",
                if f.protected { "" } else { "BREACH " },
                f.cell,
                f.column,
                f.learned.describe()
            ));
        }
    }
    out.join("\n")
}
