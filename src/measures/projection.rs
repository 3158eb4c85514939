//! Provisional years, completeness and projection (DESIGN.md, Definitions). A post opened
//! shortly before the data end may still be re-advertised, so a provisional year's rate
//! is a lower bound. Completeness is the share of its eventual re-advertisements already
//! seen, estimated from how long re-advertisement took (first advert to first
//! re-advertisement) for posts of the same role in the last five final years; the
//! projected rate is observed re-advertised posts / completeness / posts, and its
//! interval is the Wilson interval scaled the same way (so it widens with the
//! projection). Every cell of the projected year is projected: each post adds the number
//! of its role's reference gaps that fit in its window to its cell (integer sums, so the
//! result does not depend on summation order). Pure.

use polars::prelude::*;

use crate::domain::{RecruitmentYear, Role};
use crate::measures::proportion::Proportion;

/// How many final years before the report year the gaps are taken from.
pub const REFERENCE_YEARS: i32 = 5;

/// The columns `with_gaps_seen` adds, one per role, in `Role::ALL` order: for a post of
/// the projected year, how many of its role's reference gaps fit between its first
/// advert and the data end; 0 otherwise.
pub const GAPS_SEEN: [&str; 3] = ["gaps_seen_head", "gaps_seen_deputy", "gaps_seen_assistant"];

/// A provisional rate's projection to the complete year, as proportions (0..1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    /// The share of eventual re-advertisements expected to be seen already (0..1].
    pub completeness: f64,
    pub rate: f64,
    pub lower: f64,
    pub upper: f64,
}

impl Projection {
    /// `observed` scaled up by `completeness` (at most 1: with every re-advertisement
    /// expected already seen, the projection is the observed rate); `None` when none
    /// could have been seen yet.
    pub fn of(observed: &Proportion, completeness: f64) -> Option<Projection> {
        if completeness <= 0.0 {
            return None;
        }
        let completeness = completeness.min(1.0);
        let scale = |v: f64| (v / completeness).min(1.0);
        Some(Projection {
            completeness,
            rate: scale(observed.k as f64 / observed.n as f64),
            lower: scale(observed.lower),
            upper: scale(observed.upper),
        })
    }
}

/// The days from first advert to first re-advertisement of the re-advertised posts of
/// the last `REFERENCE_YEARS` final years, sorted, by role. A role with no gap of its
/// own takes every role's gaps together.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceGaps {
    by_role: [Vec<i32>; 3],
    /// The final years the gaps come from.
    pub years: Vec<RecruitmentYear>,
}

impl ReferenceGaps {
    /// The gaps of `posts` in the last `REFERENCE_YEARS` of `final_years`; `None` when
    /// there is none.
    pub fn of(posts: &DataFrame, final_years: &[RecruitmentYear]) -> PolarsResult<Option<Self>> {
        let mut years: Vec<RecruitmentYear> = final_years.to_vec();
        years.sort();
        let years: Vec<RecruitmentYear> = years
            .into_iter()
            .rev()
            .take(REFERENCE_YEARS as usize)
            .rev()
            .collect();
        let frame = posts
            .clone()
            .lazy()
            .filter(years.iter().fold(lit(false), |any, y| {
                any.or(col("recruitment_year").eq(lit(y.0)))
            }))
            .filter(col("first_readvertised_on").is_not_null())
            .select([
                col("post"),
                (col("first_readvertised_on") - col("opened_on")).alias("gap"),
            ])
            .collect()?;
        let posts_of = frame.column("post")?.str()?;
        let gaps = frame.column("gap")?.i32()?;
        let mut by_role: [Vec<i32>; 3] = Default::default();
        let mut pooled = Vec::new();
        for (post, gap) in posts_of.iter().zip(gaps.iter()) {
            let (Some(post), Some(gap)) = (post, gap) else {
                continue;
            };
            pooled.push(gap);
            if let Some(i) = Role::ALL.iter().position(|r| r.post_name() == post) {
                by_role[i].push(gap);
            }
        }
        if pooled.is_empty() {
            return Ok(None);
        }
        pooled.sort_unstable();
        for gaps in &mut by_role {
            if gaps.is_empty() {
                gaps.clone_from(&pooled);
            }
            gaps.sort_unstable();
        }
        Ok(Some(ReferenceGaps { by_role, years }))
    }

    /// How many gaps of `role` the completeness rests on.
    pub fn count(&self, role: Role) -> usize {
        self.by_role[role_index(role)].len()
    }

    /// How many of `role`'s gaps are at most `window` days.
    fn seen(&self, role: Role, window: i32) -> u64 {
        self.by_role[role_index(role)].partition_point(|&g| g <= window) as u64
    }

    /// The completeness of a cell of `posts` posts whose posts saw `gaps_seen` gaps
    /// (summed per role, `GAPS_SEEN` order): the mean over its posts of the share of
    /// their role's gaps seen.
    pub fn completeness(&self, gaps_seen: [u64; 3], posts: u64) -> f64 {
        let shares: f64 = gaps_seen
            .iter()
            .zip(&self.by_role)
            .map(|(&seen, gaps)| seen as f64 / gaps.len() as f64)
            .sum();
        shares / posts as f64
    }
}

fn role_index(role: Role) -> usize {
    Role::ALL
        .iter()
        .position(|r| *r == role)
        .expect("every role is in ALL")
}

/// The year projected and what it is projected from.
#[derive(Debug, Clone, Copy)]
pub struct Projecting<'a> {
    pub year: RecruitmentYear,
    pub gaps: &'a ReferenceGaps,
    /// The data end, as a day number.
    pub observed_until: i32,
}

/// `posts` with the `GAPS_SEEN` columns: for each post of the projected year, the
/// number of its role's reference gaps that fit in its window (data end minus first
/// advert); 0 for every other post, and everywhere without a projection.
pub fn with_gaps_seen(
    posts: &DataFrame,
    projecting: Option<&Projecting>,
) -> PolarsResult<DataFrame> {
    let height = posts.height();
    let mut seen = [vec![0i64; height], vec![0i64; height], vec![0i64; height]];
    if let Some(p) = projecting {
        let years = posts.column("recruitment_year")?.i32()?;
        let roles = posts.column("post")?.str()?;
        let opened = posts.column("opened_on")?.i32()?;
        let rows = years
            .iter()
            .zip(roles.iter())
            .zip(opened.iter())
            .enumerate();
        for (i, ((year, role), opened_on)) in rows {
            if year != Some(p.year.0) {
                continue;
            }
            let Some(role) =
                role.and_then(|name| Role::ALL.into_iter().find(|r| r.post_name() == name))
            else {
                continue;
            };
            let window = p.observed_until - opened_on.unwrap_or(p.observed_until);
            seen[role_index(role)][i] = p.gaps.seen(role, window) as i64;
        }
    }
    let mut out = posts.clone();
    for (name, values) in GAPS_SEEN.iter().zip(seen) {
        out.with_column(Column::new((*name).into(), values))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posts(rows: &[(i32, Role, i32, Option<i32>)]) -> DataFrame {
        df!(
            "recruitment_year" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "post" => rows.iter().map(|r| r.1.post_name()).collect::<Vec<_>>(),
            "opened_on" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            "first_readvertised_on" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    #[test]
    fn completeness_is_the_share_of_each_roles_gaps_within_its_posts_windows() {
        // 2009 (final): head gaps 30, 60, 90 and 120 days; deputy gap 10 days; no
        // assistant gap (the assistants take every role's gaps: 10, 30, 60, 90, 120).
        let d = 20_000;
        let frame = posts(&[
            (2009, Role::Head, d, Some(d + 30)),
            (2009, Role::Head, d, Some(d + 60)),
            (2009, Role::Head, d, Some(d + 90)),
            (2009, Role::Head, d, Some(d + 120)),
            (2009, Role::Head, d, None),
            (2009, Role::Deputy, d, Some(d + 10)),
            // 2010, data end d + 460: heads watched 60 and 200 days, an assistant 30.
            (2010, Role::Head, d + 400, None),
            (2010, Role::Head, d + 260, None),
            (2010, Role::Assistant, d + 430, None),
        ]);
        let gaps = ReferenceGaps::of(&frame, &[RecruitmentYear(2009)])
            .unwrap()
            .unwrap();
        assert_eq!(
            [
                gaps.count(Role::Head),
                gaps.count(Role::Deputy),
                gaps.count(Role::Assistant)
            ],
            [4, 1, 5]
        );
        let projecting = Projecting {
            year: RecruitmentYear(2010),
            gaps: &gaps,
            observed_until: d + 460,
        };
        let seen = with_gaps_seen(&frame, Some(&projecting)).unwrap();
        let column = |name: &str| -> Vec<i64> {
            seen.column(name)
                .unwrap()
                .i64()
                .unwrap()
                .into_no_null_iter()
                .collect()
        };
        assert_eq!(column("gaps_seen_head"), [0, 0, 0, 0, 0, 0, 2, 4, 0]);
        assert_eq!(column("gaps_seen_assistant"), [0, 0, 0, 0, 0, 0, 0, 0, 2]);
        // The two heads: (2/4 + 4/4) / 2; with the assistant, (6/4 + 2/5) / 3.
        assert_eq!(gaps.completeness([6, 0, 0], 2), 0.75);
        assert!((gaps.completeness([6, 0, 2], 3) - (1.5 + 0.4) / 3.0).abs() < 1e-15);
    }

    #[test]
    fn a_provisional_rate_is_projected_up_from_its_lower_bound() {
        // 1 of 4 re-advertised, three quarters seen: 1/3 projected, interval scaled.
        let observed = Proportion::new(1, 4).unwrap();
        let p = Projection::of(&observed, 0.75).unwrap();
        assert!((p.rate - 1.0 / 3.0).abs() < 1e-15);
        assert!((p.lower - observed.lower / 0.75).abs() < 1e-15);
        assert!((p.upper - (observed.upper / 0.75).min(1.0)).abs() < 1e-15);
        // Half seen, 1 of 2 observed: 100% projected, capped.
        assert_eq!(
            Projection::of(&Proportion::new(1, 2).unwrap(), 0.5)
                .unwrap()
                .rate,
            1.0
        );
        // Everything seen: the observed rate and its interval. Nothing could have been
        // seen: no projection.
        let all = Projection::of(&observed, 1.0).unwrap();
        assert_eq!(
            (all.rate, all.lower, all.upper),
            (0.25, observed.lower, observed.upper)
        );
        assert_eq!(Projection::of(&observed, 0.0), None);
    }
}
