//! The one pass over the workforce panel that retention and survival are counted in:
//! one role per person and census (one sort of the panel), each URN placed in its
//! school's group (phase and geography), then each person's posts walked in year order.
//! Pure: a frame in, counts out.

use polars::prelude::*;
use rayon::slice::ParallelSliceMut;

use crate::domain::Role;
use crate::measures::frame::strings;
use crate::measures::transitions::{Transition, Transitions};

/// One person's post at one census, after the one-role rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Post {
    pub person: u32,
    pub year: i32,
    /// 0 head, 1 deputy, 2 assistant.
    pub rank: u8,
    pub urn: u32,
    /// The school's lineage (its URN without links): "the same school" through an
    /// academy conversion.
    pub lineage: u32,
}

/// One role per person and census, for censuses up to `up_to`: the highest role
/// (lowest rank), ties to the lowest URN. Returns the posts sorted by person and year,
/// and how many person-years had more than one row. One sort of the panel: the whole
/// panel of teachers (10 million rows) goes through here.
pub fn one_role_per_person_year(panel: &DataFrame, up_to: i32) -> PolarsResult<(Vec<Post>, u64)> {
    let years = panel.column("census_year")?.i32()?;
    let persons = panel.column("person")?.u32()?;
    let urns = panel.column("school_urn")?.u32()?;
    let ranks = panel.column("role_rank")?.i32()?;
    // (person, year, rank) packed so that sorting orders by them in turn, then URN.
    let mut keyed: Vec<(u64, u32)> = years
        .into_no_null_iter()
        .zip(persons.into_no_null_iter())
        .zip(urns.into_no_null_iter())
        .zip(ranks.into_no_null_iter())
        .filter(|(((y, _), _), _)| *y <= up_to)
        .map(|(((y, p), u), r)| {
            let year = (y - 1900).clamp(0, 0xFFFF) as u64;
            (
                (u64::from(p) << 32) | (year << 16) | (r.clamp(0, 2) as u64),
                u,
            )
        })
        .collect();
    // Ingest leaves the panel in this order (`WorkforceColumns::into_panel`); a frame
    // from elsewhere is sorted here.
    if !keyed.is_sorted() {
        keyed.par_sort_unstable();
    }
    let mut posts: Vec<Post> = Vec::with_capacity(keyed.len());
    let mut several = 0u64;
    let mut last_person_year = u64::MAX;
    for (key, urn) in keyed {
        let person_year = key >> 16;
        if person_year == last_person_year {
            // Count a person-year once however many extra rows it has (flagged in the
            // rank's top bit until the end).
            if let Some(p) = posts.last_mut().filter(|p| p.rank & 0x80 == 0) {
                several += 1;
                p.rank |= 0x80;
            }
            continue;
        }
        last_person_year = person_year;
        posts.push(Post {
            person: (key >> 32) as u32,
            year: ((key >> 16) & 0xFFFF) as i32 + 1900,
            rank: (key & 0xFFFF) as u8,
            urn,
            lineage: urn,
        });
    }
    for p in &mut posts {
        p.rank &= 0x7F;
    }
    Ok((posts, several))
}

/// Where a URN sits: an in-scope school's group (phase and geography), an
/// establishment out of scope, or not in the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    School(u32),
    OutOfScope,
    Unknown,
}

/// (country_code, region_code, la_code, education_phase) of a group of schools.
pub(crate) type Group = (String, String, String, String);

/// The register's phase and geography of each in-scope school, as a small group number.
pub(crate) struct Schools {
    by_urn: rustc_hash::FxHashMap<u32, Option<u32>>,
    /// (country_code, region_code, la_code, education_phase) of each group.
    pub(crate) groups: Vec<Group>,
}

impl Schools {
    pub(crate) fn new(schools: &DataFrame) -> PolarsResult<Schools> {
        let urn = schools.column("school_urn")?.u32()?;
        let in_scope = schools.column("in_scope")?.bool()?;
        let text = |name| strings(schools, name);
        let (phase, country, region, la) = (
            text("education_phase")?,
            text("country_code")?,
            text("region_code")?,
            text("la_code")?,
        );
        let mut groups: Vec<Group> = Vec::new();
        let mut group_of: rustc_hash::FxHashMap<Group, u32> = Default::default();
        let mut by_urn = rustc_hash::FxHashMap::default();
        for (i, (u, scope)) in urn.iter().zip(in_scope.iter()).enumerate() {
            let Some(u) = u else { continue };
            let group = if scope == Some(true) {
                let key = (
                    country[i].clone(),
                    region[i].clone(),
                    la[i].clone(),
                    phase[i].clone(),
                );
                let next = groups.len() as u32;
                let g = *group_of.entry(key.clone()).or_insert_with(|| {
                    groups.push(key);
                    next
                });
                Some(g)
            } else {
                None
            };
            by_urn.insert(u, group);
        }
        Ok(Schools { by_urn, groups })
    }

    fn place(&self, urn: u32) -> Place {
        match self.by_urn.get(&urn) {
            Some(Some(g)) => Place::School(*g),
            Some(None) => Place::OutOfScope,
            None => Place::Unknown,
        }
    }
}

/// Counts by (year, group, role): leaders by transition.
pub(crate) type RetentionCounts = std::collections::BTreeMap<(i32, u32, Role), Transitions>;
/// Counts by (cohort, group): new heads; and by (cohort, group, k): still in post.
pub(crate) type CohortCounts = std::collections::BTreeMap<(i32, u32), u64>;
pub(crate) type StillCounts = std::collections::BTreeMap<(i32, u32, i32), u64>;

/// Where a post's holder was at the next census (`next`, the same person's post then).
fn transition(post: &Post, next: Option<&Post>) -> Transition {
    match next {
        None => Transition::LeftLeadership,
        Some(n) if n.rank == post.rank && n.lineage == post.lineage => Transition::StayedInPost,
        Some(n) if n.rank == post.rank => Transition::MovedSchoolSameRole,
        Some(n) if n.rank < post.rank => Transition::Promoted,
        Some(_) => Transition::OtherLeadershipRole,
    }
}

/// The dense counts (year x group x role, year x group, year x group x k) kept where
/// not zero, by key, in key order.
fn kept(
    retention: &[Transitions],
    cohorts: &[u64],
    still: &[u64],
    first: i32,
    groups: usize,
) -> (RetentionCounts, CohortCounts, StillCounts) {
    let key = |at: usize| (first + (at / groups) as i32, (at % groups) as u32);
    let retention_counts = retention
        .iter()
        .enumerate()
        .filter(|(_, c)| c.leaders() > 0)
        .map(|(i, c)| {
            let (year, group) = key(i / 3);
            ((year, group, Role::ALL[i % 3]), *c)
        })
        .collect();
    let cohort_counts = cohorts
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(i, &n)| (key(i), n))
        .collect();
    let still_counts = still
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(i, &n)| {
            let (year, group) = key(i / 6);
            ((year, group, (i % 6) as i32), n)
        })
        .collect();
    (retention_counts, cohort_counts, still_counts)
}

/// One pass over each person's posts in year order: transitions, new heads and their
/// survival. Counted in dense arrays (year x group x role or k), then kept where not
/// zero, in key order.
pub(crate) fn count(
    posts: &[Post],
    schools: &Schools,
    censuses: &[i32],
    has: &dyn Fn(i32) -> bool,
) -> (RetentionCounts, CohortCounts, StillCounts, u64, u64) {
    let (first, last) = match (censuses.first(), censuses.last()) {
        (Some(&f), Some(&l)) => (f, l),
        _ => return Default::default(),
    };
    let (span, groups) = ((last - first + 1) as usize, schools.groups.len().max(1));
    let cell = |year: i32, group: u32| (year - first) as usize * groups + group as usize;
    let mut retention = vec![Transitions::default(); span * groups * 3];
    let mut cohorts = vec![0u64; span * groups];
    let mut still = vec![0u64; span * groups * 6];
    let (mut unknown, mut out_of_scope) = (0u64, 0u64);
    for (i, post) in posts.iter().enumerate() {
        let group = match schools.place(post.urn) {
            Place::School(g) => g,
            Place::OutOfScope => {
                out_of_scope += 1;
                continue;
            }
            Place::Unknown => {
                unknown += 1;
                continue;
            }
        };
        let at = cell(post.year, group);
        let same_person = |j: usize| posts.get(j).filter(|p| p.person == post.person);
        if has(post.year + 1) {
            let next = same_person(i + 1).filter(|n| n.year == post.year + 1);
            let t = transition(post, next);
            retention[at * 3 + usize::from(post.rank)].add(t, 1);
        }
        let head_here = |p: &Post| p.rank == 0 && p.lineage == post.lineage;
        let was_head_here = i
            .checked_sub(1)
            .and_then(same_person)
            .is_some_and(|p| p.year == post.year - 1 && head_here(p));
        if post.rank == 0 && has(post.year - 1) && !was_head_here {
            cohorts[at] += 1;
            for later in posts[i + 1..]
                .iter()
                .take_while(|p| p.person == post.person && p.year <= post.year + 5)
            {
                if head_here(later) {
                    still[at * 6 + (later.year - post.year) as usize] += 1;
                }
            }
        }
    }
    let (retention_counts, cohort_counts, still_counts) =
        kept(&retention, &cohorts, &still, first, groups);
    (
        retention_counts,
        cohort_counts,
        still_counts,
        unknown,
        out_of_scope,
    )
}

/// A panel frame from (census_year, person, school_urn, role_rank) rows, for tests.
#[cfg(test)]
pub(crate) fn panel_frame(rows: &[(i32, u32, u32, i32)]) -> DataFrame {
    df!(
        "census_year" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "person" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        "school_urn" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        "role_rank" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
    )
    .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_highest_role_wins_then_the_lowest_urn() {
        let p = panel_frame(&[
            (2010, 7, 3, 1),
            (2010, 7, 2, 0),
            (2010, 7, 1, 0),
            (2010, 8, 2, 2),
            (2011, 8, 2, 2),
            (2012, 8, 2, 2),
        ]);
        let (posts, several) = one_role_per_person_year(&p, 2011).unwrap();
        let got: Vec<(u32, i32, u8, u32)> = posts
            .iter()
            .map(|p| (p.person, p.year, p.rank, p.urn))
            .collect();
        assert_eq!(got, vec![(7, 2010, 0, 1), (8, 2010, 2, 2), (8, 2011, 2, 2)]);
        assert_eq!(
            several, 1,
            "person 7 in 2010 had three rows: one person-year"
        );
    }
}
