//! The built-in attacker (DESIGN.md, Disclosure control must survive an attack). It
//! knows every published figure and every relation they obey, written as a linear
//! system over the withheld counts (each at least 0), and works out, for every withheld
//! count, the smallest and largest value consistent with all of it, and for every
//! withheld percentage whether it is pinned to one published value.
//!
//! The system falls apart into connected components (withheld counts linked by a
//! relation); each is solved on its own, so the cost grows with the largest component,
//! not with the table. Bounds are those of the linear relaxation, as tau-ARGUS and
//! sdcTable audit, rounded inwards to whole numbers.

use std::collections::{BTreeMap, BTreeSet};

use super::lp::{Extreme, Row, SolverFailed, System, Terms};

mod model;

pub use model::{Audit, CellRef, Inherited, Learned, Model, Quantity, Relation, Target};

const EPS: f64 = 1e-6;

/// How many identity steps a count's programme reaches beyond its own block.
const DEPTH: usize = 1;

/// The most counts a narrow count held by the identities is solved again on, with them
/// free (the geography hierarchy of the head teachers is larger, and would take minutes).
const WIDE_LIMIT: usize = 1000;

/// A block: withheld counts linked by relations other than the cross-table identities,
/// its rows in local numbers.
struct Block {
    vars: Vec<usize>,
    rows: Vec<Row>,
}

/// What the attacker is shown to learn of one count: a range reached by feasible
/// points (an inner bound of the attacker's range; `exact` when both ends are optima).
#[derive(Debug, Clone, Copy)]
struct Bound {
    low: f64,
    high: f64,
    exact: bool,
}

/// A feasible point of the whole system: the counts it moves from their true values.
type Point = Vec<(usize, f64)>;

/// The attack, block by block. A count in no identity is bounded inside its block, with
/// the counts that enter an identity held at their true values; a count in an identity
/// is bounded on its block and every block its identities reach, all their counts free
/// and the identities among them kept, everything beyond held. Holding counts fixed
/// only removes points, so every range found is one the attacker can certainly reach:
/// a count shown to have `protection` values has at least that many. Inside a block,
/// feasible points found so far certify most counts; a programme is solved for a count
/// only when they do not.
struct Solver<'m> {
    model: &'m Model,
    protection: u32,
    block_of: Vec<usize>,
    blocks: Vec<Block>,
    is_link: Vec<bool>,
    link_rows_of: Vec<Vec<usize>>,
    bounds: Vec<Option<Result<Bound, SolverFailed>>>,
    /// Feasible points found, per block (for percentages within a block) and for the
    /// identities' counts.
    block_points: Vec<Vec<Point>>,
    block_solved: Vec<bool>,
    link_points: Vec<Vec<usize>>,
    /// The points of the identities' programmes, shared (`link_points` index them).
    wide_points: Vec<Point>,
    largest_component: usize,
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union_rows<'r>(n: usize, rows: impl Iterator<Item = &'r Row>) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..n).collect();
    for row in rows {
        if let Some(&(first, _)) = row.terms.first() {
            for &(v, _) in &row.terms[1..] {
                let (a, b) = (find(&mut parent, first), find(&mut parent, v));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
    }
    (0..n).map(|v| find(&mut parent, v)).collect()
}

impl<'m> Solver<'m> {
    fn new(model: &'m Model, protection: u32) -> Self {
        let n = model.truth.len();
        let roots = union_rows(
            n,
            model.relations.iter().filter(|r| !r.link).map(|r| &r.row),
        );
        let mut index: BTreeMap<usize, usize> = BTreeMap::new();
        let mut block_of = vec![0; n];
        let mut local = vec![0; n];
        let mut blocks: Vec<Block> = Vec::new();
        for v in 0..n {
            let b = *index.entry(roots[v]).or_insert_with(|| {
                blocks.push(Block {
                    vars: Vec::new(),
                    rows: Vec::new(),
                });
                blocks.len() - 1
            });
            block_of[v] = b;
            local[v] = blocks[b].vars.len();
            blocks[b].vars.push(v);
        }
        let mut is_link = vec![false; n];
        let mut link_rows_of = vec![Vec::new(); n];
        for (r, rel) in model.relations.iter().enumerate() {
            if rel.link {
                for &(v, _) in &rel.row.terms {
                    is_link[v] = true;
                    link_rows_of[v].push(r);
                }
                continue;
            }
            let Some(&(first, _)) = rel.row.terms.first() else {
                continue;
            };
            blocks[block_of[first]].rows.push(Row {
                terms: rel.row.terms.iter().map(|&(v, k)| (local[v], k)).collect(),
                equal: rel.row.equal,
                rhs: rel.row.rhs,
            });
        }
        let full = union_rows(n, model.relations.iter().map(|r| &r.row));
        let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
        for root in full {
            *sizes.entry(root).or_default() += 1;
        }
        let nb = blocks.len();
        Solver {
            model,
            protection,
            block_of,
            blocks,
            is_link,
            link_rows_of,
            bounds: vec![None; n],
            block_points: vec![Vec::new(); nb],
            block_solved: vec![false; nb],
            link_points: vec![Vec::new(); n],
            wide_points: Vec::new(),
            largest_component: sizes.values().copied().max().unwrap_or(0),
        }
    }

    /// The block's system with its identity counts held at their true values.
    fn held_system(&self, b: usize) -> System {
        let block = &self.blocks[b];
        let mut system = System {
            vars: block.vars.len(),
            rows: block.rows.clone(),
        };
        for (i, &v) in block.vars.iter().enumerate() {
            if self.is_link[v] {
                system.rows.push(Row {
                    terms: vec![(i, 1.0)],
                    equal: true,
                    rhs: self.model.truth[v],
                });
            }
        }
        system
    }

    /// Bounds every count of block `b` that is in no identity.
    fn solve_block(&mut self, b: usize) {
        self.block_solved[b] = true;
        let vars = self.blocks[b].vars.clone();
        let free: Vec<usize> = (0..vars.len())
            .filter(|&i| !self.is_link[vars[i]])
            .collect();
        if free.is_empty() {
            return;
        }
        if self.blocks[b].rows.is_empty() {
            for &i in &free {
                self.bounds[vars[i]] = Some(Ok(Bound {
                    low: 0.0,
                    high: f64::INFINITY,
                    exact: true,
                }));
            }
            return;
        }
        let system = self.held_system(b);
        let truth: Vec<f64> = vars.iter().map(|&v| self.model.truth[v]).collect();
        let mut seen = Seen::new(&truth);
        let all: Vec<(usize, f64)> = free.iter().map(|&i| (i, 1.0)).collect();
        for maximise in [true, false] {
            if let Ok(Extreme::At(_, p)) = system.extreme(&all, maximise) {
                seen.add(&p);
            }
        }
        let held = vars.iter().any(|&g| self.is_link[g]);
        for &i in &free {
            let bound = self.bound_free(&system, (i, vars[i]), &mut seen, held);
            self.bounds[vars[i]] = Some(bound);
        }
        self.block_points[b] = seen
            .points
            .into_iter()
            .map(|p| {
                p.iter()
                    .enumerate()
                    .filter(|(i, x)| (*x - truth[*i]).abs() > EPS)
                    .map(|(i, x)| (vars[i], *x))
                    .collect()
            })
            .collect();
    }

    /// Bounds the free count `v` (the block's `i`-th): from the points seen when they
    /// already span the protection, else by its own extremes, narrowed with the
    /// identities' counts freed too (`held`) where that stays cheap.
    fn bound_free(
        &mut self,
        system: &System,
        (i, v): (usize, usize),
        seen: &mut Seen,
        held: bool,
    ) -> Result<Bound, SolverFailed> {
        let wide = f64::from(self.protection.saturating_sub(1)) - EPS;
        if seen.high[i] - seen.low[i] >= wide {
            return Ok(Bound {
                low: seen.low[i],
                high: seen.high[i],
                exact: false,
            });
        }
        let mut ends = [seen.low[i], seen.high[i]];
        let mut failed = None;
        for (end, maximise) in [(1, true), (0, false)] {
            match system.extreme(&[(i, 1.0)], maximise) {
                Ok(Extreme::At(value, p)) => {
                    ends[end] = value;
                    seen.add(&p);
                }
                Ok(Extreme::Unbounded) => ends[end] = f64::INFINITY,
                Err(e) => failed = Some(e),
            }
        }
        // Narrow with the identities' counts held: free them too, where the
        // neighbourhood is small enough for that to stay cheap.
        let wider = (failed.is_none() && held && ends[1] - ends[0] < wide)
            .then(|| self.small_neighbourhood(v))
            .flatten();
        match (failed, wider) {
            (Some(e), _) => Err(e),
            (None, Some(included)) => self.solve_on(v, &included),
            (None, None) => Ok(Bound {
                low: ends[0],
                high: ends[1],
                exact: true,
            }),
        }
    }

    /// Bounds a count on its block and the blocks the identities reach from it within
    /// `DEPTH` steps, every count in them free, the identities among them kept, and the
    /// counts beyond held at their true values.
    fn solve_link(&mut self, v: usize) -> Result<Bound, SolverFailed> {
        let included = self.neighbourhood(v);
        self.solve_on(v, &included)
    }

    /// The block of `v` and the blocks the identities reach from it within `DEPTH`
    /// steps.
    fn neighbourhood(&self, v: usize) -> BTreeSet<usize> {
        let mut included: BTreeSet<usize> = BTreeSet::from([self.block_of[v]]);
        let mut frontier = vec![self.block_of[v]];
        for _ in 0..DEPTH {
            let mut next = Vec::new();
            for &b in &frontier {
                for &g in &self.blocks[b].vars {
                    for &r in &self.link_rows_of[g] {
                        for &(p, _) in &self.model.relations[r].row.terms {
                            if included.insert(self.block_of[p]) {
                                next.push(self.block_of[p]);
                            }
                        }
                    }
                }
            }
            frontier = next;
        }
        included
    }

    /// The neighbourhood of `v` when it holds at most `WIDE_LIMIT` counts.
    fn small_neighbourhood(&self, v: usize) -> Option<BTreeSet<usize>> {
        let included = self.neighbourhood(v);
        let size: usize = included.iter().map(|&b| self.blocks[b].vars.len()).sum();
        (size <= WIDE_LIMIT).then_some(included)
    }

    /// Bounds `v` on the blocks `included`, as `solve_link` describes.
    fn solve_on(&mut self, v: usize, included: &BTreeSet<usize>) -> Result<Bound, SolverFailed> {
        let mut system = System::default();
        let mut number: BTreeMap<usize, usize> = BTreeMap::new();
        let mut rows: BTreeSet<usize> = BTreeSet::new();
        for &b in included {
            let offset = system.vars;
            for &g in &self.blocks[b].vars {
                number.insert(g, number.len());
                rows.extend(self.link_rows_of[g].iter().copied());
            }
            system.vars += self.blocks[b].vars.len();
            system.rows.extend(self.blocks[b].rows.iter().map(|r| Row {
                terms: r.terms.iter().map(|&(i, k)| (i + offset, k)).collect(),
                equal: r.equal,
                rhs: r.rhs,
            }));
        }
        for &r in &rows {
            let row = &self.model.relations[r].row;
            let mut held = Row {
                terms: Vec::new(),
                equal: row.equal,
                rhs: row.rhs,
            };
            for &(g, k) in &row.terms {
                match number.get(&g) {
                    Some(&i) => held.terms.push((i, k)),
                    None => held.rhs -= k * self.model.truth[g],
                }
            }
            system.rows.push(held);
        }
        let globals: Vec<usize> = number.keys().copied().collect();
        let mut ends = [self.model.truth[v]; 2];
        for (end, maximise) in [(1, true), (0, false)] {
            match system.extreme(&[(number[&v], 1.0)], maximise)? {
                Extreme::At(value, p) => {
                    ends[end] = value;
                    let point: Point = globals
                        .iter()
                        .map(|&g| (g, p[number[&g]]))
                        .filter(|(g, x)| (x - self.model.truth[*g]).abs() > EPS)
                        .collect();
                    for &(g, _) in &point {
                        self.link_points[g].push(self.wide_points.len());
                    }
                    self.wide_points.push(point);
                }
                Extreme::Unbounded => ends[end] = f64::INFINITY,
            }
        }
        Ok(Bound {
            low: ends[0],
            high: ends[1],
            exact: true,
        })
    }

    fn var(&mut self, v: usize) -> Result<Bound, SolverFailed> {
        if self.bounds[v].is_none() {
            if self.is_link[v] {
                let b = self.solve_link(v);
                self.bounds[v] = Some(b);
            } else {
                self.solve_block(self.block_of[v]);
            }
        }
        self.bounds[v].clone().expect("bounded above")
    }

    /// Whether `terms` are counts of distinct blocks, none in an identity: then each
    /// varies on its own.
    fn independent(&self, terms: &[&Terms]) -> bool {
        let mut blocks = BTreeSet::new();
        terms
            .iter()
            .flat_map(|t| t.iter())
            .all(|&(v, _)| !self.is_link[v] && blocks.insert(self.block_of[v]))
    }

    /// The feasible points found that move any of `terms` (the true point included).
    fn points_for(&mut self, terms: &[&Terms]) -> Result<Vec<Point>, SolverFailed> {
        let mut points: Vec<Point> = vec![Vec::new()];
        for t in terms {
            for &(v, _) in t.iter() {
                self.var(v)?;
                let wide = &self.wide_points;
                points.extend(self.link_points[v].iter().map(|&p| wide[p].clone()));
                points.extend(self.block_points[self.block_of[v]].iter().cloned());
            }
        }
        Ok(points)
    }

    fn value_at(&self, point: &Point, terms: &Terms) -> f64 {
        terms
            .iter()
            .map(|&(v, k)| {
                k * point
                    .iter()
                    .find(|(g, _)| *g == v)
                    .map_or(self.model.truth[v], |p| p.1)
            })
            .sum()
    }

    /// Bounds of `terms`, and whether they are exact.
    fn expression(&mut self, terms: &Terms) -> Result<Bound, SolverFailed> {
        if self.independent(&[terms]) {
            let mut sum = Bound {
                low: 0.0,
                high: 0.0,
                exact: true,
            };
            for &(v, k) in terms {
                let b = self.var(v)?;
                let (l, h) = if k >= 0.0 {
                    (k * b.low, k * b.high)
                } else {
                    (k * b.high, k * b.low)
                };
                sum.low += l;
                sum.high += h;
                sum.exact &= b.exact;
            }
            return Ok(sum);
        }
        let points = self.points_for(&[terms])?;
        let mut bound = Bound {
            low: f64::INFINITY,
            high: f64::NEG_INFINITY,
            exact: false,
        };
        for p in &points {
            let x = self.value_at(p, terms);
            bound.low = bound.low.min(x);
            bound.high = bound.high.max(x);
        }
        for &(v, _) in terms {
            if self.var(v)?.high.is_infinite() {
                bound.high = f64::INFINITY;
            }
        }
        Ok(bound)
    }

    /// Bounds of `num / den` (den at least 1).
    fn percent(&mut self, num: &Terms, den: &Terms) -> Result<(f64, f64), SolverFailed> {
        let rest = difference(den, num);
        if self.independent(&[num, &rest]) {
            let a = self.expression(num)?;
            let b = self.expression(&rest)?;
            let ratio = |a: f64, b: f64| {
                if a.is_infinite() {
                    1.0
                } else if b.is_infinite() {
                    0.0
                } else {
                    a / (a + b)
                }
            };
            let low = if b.high < EPS {
                1.0
            } else if a.low < EPS {
                0.0
            } else {
                ratio(a.low, b.high)
            };
            let high = if a.high < EPS {
                0.0
            } else if b.low < EPS {
                1.0
            } else {
                ratio(a.high, b.low)
            };
            return Ok((low, high));
        }
        let points = self.points_for(&[num, den])?;
        let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
        for p in &points {
            let d = self.value_at(p, den);
            if d < 1.0 - EPS {
                continue;
            }
            let r = self.value_at(p, num) / d;
            low = low.min(r);
            high = high.max(r);
        }
        Ok((low, high))
    }

    fn learn(&mut self, q: &Quantity) -> Learned {
        let result = match q {
            Quantity::Count {
                terms,
                constant,
                positive,
                positive_unless,
            } => self.expression(terms).and_then(|b| {
                let mut low = b.low + constant;
                if *positive {
                    low = low.max(1.0);
                }
                if let Some(others) = positive_unless {
                    if self.expression(others)?.high < EPS {
                        low = low.max(1.0);
                    }
                }
                let high = b.high + constant;
                Ok(Learned::Count {
                    low: (low - EPS).ceil().max(0.0) as u64,
                    high: high
                        .is_finite()
                        .then(|| (high + EPS).floor().max(0.0) as u64),
                    exact: b.exact,
                })
            }),
            Quantity::Percent { num, den } => self
                .percent(num, den)
                .map(|(low, high)| Learned::Percent { low, high }),
        };
        result.unwrap_or_else(|e| Learned::Unsolved(e.0))
    }
}

/// `a - b`, term by term.
fn difference(a: &Terms, b: &Terms) -> Terms {
    let mut sum: BTreeMap<usize, f64> = BTreeMap::new();
    for &(v, k) in a {
        *sum.entry(v).or_default() += k;
    }
    for &(v, k) in b {
        *sum.entry(v).or_default() -= k;
    }
    sum.into_iter().filter(|(_, k)| k.abs() > EPS).collect()
}

/// Attacks `model`: bounds for every target, counts shown to reach `protection` values
/// certified without solving for their exact ends.
pub fn attack(model: &Model, protection: u32) -> Audit {
    let mut solver = Solver::new(model, protection);
    let learned = model
        .targets
        .iter()
        .map(|t| solver.learn(&t.quantity))
        .collect();
    Audit {
        learned,
        variables: model.truth.len(),
        blocks: solver.blocks.len(),
        largest_component: solver.largest_component,
    }
}

/// The extreme points found in a block: each count's lowest and highest value among
/// them (from the true values), and the points themselves.
struct Seen {
    low: Vec<f64>,
    high: Vec<f64>,
    points: Vec<Vec<f64>>,
}

impl Seen {
    fn new(truth: &[f64]) -> Self {
        Seen {
            low: truth.to_vec(),
            high: truth.to_vec(),
            points: Vec::new(),
        }
    }

    fn add(&mut self, p: &[f64]) {
        for (i, &x) in p.iter().enumerate() {
            self.low[i] = self.low[i].min(x);
            self.high[i] = self.high[i].max(x);
        }
        self.points.push(p.to_vec());
    }
}
