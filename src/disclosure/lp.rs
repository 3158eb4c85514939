//! The largest or smallest value of a linear expression over a small linear system (a
//! block of the attacker's relations, its variables the withheld counts, each at least
//! 0), with a point where it is reached. Solved by linear programming (`microlp`, pure
//! Rust).

use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem, Variable};

/// A linear expression: `(variable, coefficient)` terms.
pub type Terms = Vec<(usize, f64)>;

/// `terms = rhs` or `terms <= rhs`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub terms: Terms,
    pub equal: bool,
    pub rhs: f64,
}

/// Variables `0..vars`, each at least 0, bound by `rows`.
#[derive(Debug, Clone, Default)]
pub struct System {
    pub vars: usize,
    pub rows: Vec<Row>,
}

/// A programme the solver could not finish (it reports cycling or a numerical failure);
/// the audit treats the expression as unprotected rather than guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SolverFailed(pub String);

/// The optimum of one direction: its value and a point reaching it, or no limit.
#[derive(Debug, Clone, PartialEq)]
pub enum Extreme {
    At(f64, Vec<f64>),
    Unbounded,
}

impl System {
    /// The largest (`maximise`) or smallest value of `objective`, with a point where it
    /// is reached.
    pub fn extreme(
        &self,
        objective: &[(usize, f64)],
        maximise: bool,
    ) -> Result<Extreme, SolverFailed> {
        let mut c = vec![0.0; self.vars];
        for &(v, k) in objective {
            c[v] += k;
        }
        let direction = if maximise {
            OptimizationDirection::Maximize
        } else {
            OptimizationDirection::Minimize
        };
        let (problem, vars) = self.problem(direction, &c);
        match problem.solve() {
            Ok(outcome) => match outcome.into_solution() {
                Ok(s) => Ok(Extreme::At(
                    s.objective(),
                    vars.iter().map(|v| s.var_value(*v)).collect(),
                )),
                Err(_) => Err(SolverFailed("interrupted".into())),
            },
            Err(microlp::Error::Unbounded) => Ok(Extreme::Unbounded),
            Err(e) => Err(SolverFailed(format!("{e:?}"))),
        }
    }

    fn problem(
        &self,
        direction: OptimizationDirection,
        objective: &[f64],
    ) -> (Problem, Vec<Variable>) {
        let mut p = Problem::new(direction);
        let vars: Vec<Variable> = objective
            .iter()
            .map(|&c| p.add_var(c, (0.0, f64::INFINITY)))
            .collect();
        for row in &self.rows {
            let expr: LinearExpr = row.terms.iter().map(|&(v, c)| (vars[v], c)).collect();
            let op = if row.equal {
                ComparisonOp::Eq
            } else {
                ComparisonOp::Le
            };
            p.add_constraint(expr, op, row.rhs);
        }
        (p, vars)
    }

    /// The smallest and largest value of `objective` (`f64::INFINITY` when unbounded).
    #[cfg(test)]
    pub fn bounds(&self, objective: &[(usize, f64)]) -> Result<(f64, f64), SolverFailed> {
        let value = |e: Extreme, sign: f64| match e {
            Extreme::At(v, _) => v,
            Extreme::Unbounded => sign * f64::INFINITY,
        };
        Ok((
            value(self.extreme(objective, false)?, -1.0),
            value(self.extreme(objective, true)?, 1.0),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eq(terms: &[(usize, f64)], rhs: f64) -> Row {
        Row {
            terms: terms.to_vec(),
            equal: true,
            rhs,
        }
    }

    #[test]
    fn two_hidden_siblings_under_a_known_difference() {
        // x0 + x1 = 7: each of them anywhere from 0 to 7.
        let s = System {
            vars: 2,
            rows: vec![eq(&[(0, 1.0), (1, 1.0)], 7.0)],
        };
        assert_eq!(s.bounds(&[(0, 1.0)]).unwrap(), (0.0, 7.0));
    }

    #[test]
    fn a_hidden_total_with_nothing_above_it_is_unbounded() {
        // x0 (total) = x1 + 3: x0 at least 3, no limit above.
        let s = System {
            vars: 2,
            rows: vec![eq(&[(0, 1.0), (1, -1.0)], 3.0)],
        };
        let (low, high) = s.bounds(&[(0, 1.0)]).unwrap();
        assert_eq!(low, 3.0);
        assert!(high.is_infinite());
    }
}
