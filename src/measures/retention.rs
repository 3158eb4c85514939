//! Retention and new-head survival from the leadership workforce panel (DESIGN.md,
//! Definitions: Retention, New heads). Pure: frames in, plain cells out. A person is
//! a number here; their id never left ingest.
//!
//! - One role per person and census: the highest role, ties to the lowest URN.
//! - Retention, census y to y+1 (published under y's academic year), for each leader at
//!   census y whose school is in scope: stayed in the same post, same role at another
//!   school, promoted, other (lower) leadership role, or left leadership (absent at
//!   y+1). Only years whose next census is in the panel have a transition.
//! - A new head is head of school s at census y but not at y-1 (y-1 must be in the
//!   panel). Survival k years on (1..5) counts cohort members head of s at census y+k,
//!   over the cohort, for every k whose census is in the panel. A head absent for a
//!   year and back at s counts as left in the transition and as in post k years on:
//!   both definitions are read literally.
//!
//! Phase and geography are those of the person's school at census y (the register
//! entry of that URN; an academy conversion is a new URN and so another school).

use std::collections::BTreeSet;

use polars::prelude::*;

use crate::disclosure::{confidential, families};
use crate::domain::{RecruitmentYear, Role, ENGLAND_AND_WALES};
use crate::measures::cube::{by_geography, with_totals};
use crate::measures::frame::{counts as counts_of, strings, years};
use crate::measures::{CellKey, TOTAL};

/// One published cell of `retention`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionCell {
    pub key: CellKey,
    pub leader_count: u64,
    pub stayed_in_post_count: u64,
    pub moved_school_same_role_count: u64,
    pub promoted_count: u64,
    pub other_leadership_role_count: u64,
    pub left_leadership_count: u64,
}

impl RetentionCell {
    /// Stayed in post or moved school in the same role.
    pub fn retained_in_role(&self) -> u64 {
        self.stayed_in_post_count + self.moved_school_same_role_count
    }

    /// Everyone but those who left leadership.
    pub fn retained_in_leadership(&self) -> u64 {
        self.leader_count - self.left_leadership_count
    }

    /// The five transitions, in table order.
    pub fn transitions(&self) -> [u64; 5] {
        [
            self.stayed_in_post_count,
            self.moved_school_same_role_count,
            self.promoted_count,
            self.other_leadership_role_count,
            self.left_leadership_count,
        ]
    }
}

/// One published cell of `new_head_survival`: the cohort of new heads of a year
/// (`key.year`), `years_after` censuses on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurvivalCell {
    pub key: CellKey,
    pub years_after: u32,
    pub new_head_count: u64,
    pub still_in_post_count: u64,
}

/// Everything the panel gives, for censuses up to the report year.
#[derive(Debug, Clone, Default)]
pub struct PanelMeasures {
    pub retention: Vec<RetentionCell>,
    pub survival: Vec<SurvivalCell>,
    /// Census years in the panel (up to the report year).
    pub censuses: Vec<i32>,
    /// Person-years whose school is not in the register, or out of scope: left out.
    pub unknown_school: u64,
    pub out_of_scope: u64,
    /// Person-years with more than one row (one role kept).
    pub several_posts: u64,
}

const TRANSITIONS: [&str; 5] = [
    "stayed_in_post_count",
    "moved_school_same_role_count",
    "promoted_count",
    "other_leadership_role_count",
    "left_leadership_count",
];

/// One person's post at one census, after the one-role rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Post {
    pub person: u32,
    pub year: i32,
    /// 0 head, 1 deputy, 2 assistant.
    pub rank: u8,
    pub urn: u32,
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
    keyed.sort_unstable();
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
enum Place {
    School(u32),
    OutOfScope,
    Unknown,
}

/// The register's phase and geography of each in-scope school, as a small group number.
struct Schools {
    by_urn: rustc_hash::FxHashMap<u32, Option<u32>>,
    /// (country_code, region_code, education_phase) of each group.
    groups: Vec<(String, String, String)>,
}

impl Schools {
    fn new(schools: &DataFrame) -> PolarsResult<Schools> {
        let urn = schools.column("school_urn")?.u32()?;
        let in_scope = schools.column("in_scope")?.bool()?;
        let text = |name| strings(schools, name);
        let (phase, country, region) = (
            text("education_phase")?,
            text("country_code")?,
            text("region_code")?,
        );
        let mut groups: Vec<(String, String, String)> = Vec::new();
        let mut group_of: rustc_hash::FxHashMap<(String, String, String), u32> = Default::default();
        let mut by_urn = rustc_hash::FxHashMap::default();
        for (i, (u, scope)) in urn.iter().zip(in_scope.iter()).enumerate() {
            let Some(u) = u else { continue };
            let group = if scope == Some(true) {
                let key = (country[i].clone(), region[i].clone(), phase[i].clone());
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

/// Counts by (year, group, rank): leaders and the five transitions.
type RetentionCounts = std::collections::BTreeMap<(i32, u32, u8), [u64; 6]>;
/// Counts by (cohort, group): new heads; and by (cohort, group, k): still in post.
type CohortCounts = std::collections::BTreeMap<(i32, u32), u64>;
type StillCounts = std::collections::BTreeMap<(i32, u32, i32), u64>;

/// One pass over each person's posts in year order: transitions, new heads and their
/// survival. Counted in dense arrays (year x group x role or k), then kept where not
/// zero, in key order.
fn count(
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
    let mut retention = vec![[0u64; 6]; span * groups * 3];
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
            let t = match next {
                None => 4,
                Some(n) if n.rank == post.rank && n.urn == post.urn => 0,
                Some(n) if n.rank == post.rank => 1,
                Some(n) if n.rank < post.rank => 2,
                Some(_) => 3,
            };
            let c = &mut retention[at * 3 + usize::from(post.rank)];
            c[0] += 1;
            c[1 + t] += 1;
        }
        let head_here = |p: &Post| p.rank == 0 && p.urn == post.urn;
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
    let key = |at: usize| (first + (at / groups) as i32, (at % groups) as u32);
    let retention_counts = retention
        .iter()
        .enumerate()
        .filter(|(_, c)| c[0] > 0)
        .map(|(i, c)| {
            let (year, group) = key(i / 3);
            ((year, group, (i % 3) as u8), *c)
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
    (
        retention_counts,
        cohort_counts,
        still_counts,
        unknown,
        out_of_scope,
    )
}

fn key_of(level: &str, country: &str, region: &str, phase: &str, post: &str, year: i32) -> CellKey {
    CellKey {
        year: RecruitmentYear(year),
        geographic_level: level.to_string(),
        country_code: country.to_string(),
        region_code: region.to_string(),
        education_phase: phase.to_string(),
        post: post.to_string(),
        school_religious_character: String::new(),
    }
}

/// Retention and survival cells for censuses up to `up_to`, at every geography in
/// `countries` (see `cube::by_geography`), each filter with a Total.
pub fn panel_measures(
    panel: &DataFrame,
    schools: &DataFrame,
    countries: &[&str],
    up_to: i32,
) -> PolarsResult<PanelMeasures> {
    let (posts, several_posts) = one_role_per_person_year(panel, up_to)?;
    let censuses: Vec<i32> = posts
        .iter()
        .map(|p| p.year)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let has = |y: i32| censuses.binary_search(&y).is_ok();
    let schools = Schools::new(schools)?;
    let (retention, cohorts, still, unknown_school, out_of_scope) =
        count(&posts, &schools, &censuses, &has);
    Ok(PanelMeasures {
        retention: retention_cells(&retention, &schools, countries)?,
        survival: survival_cells(&cohorts, &still, &schools, countries, &has)?,
        censuses,
        unknown_school,
        out_of_scope,
        several_posts,
    })
}

/// A frame of the finest cells: year, geography and phase of each group, then `columns`.
fn finest_frame(
    schools: &Schools,
    keys: &[(i32, u32)],
    mut columns: Vec<Column>,
) -> PolarsResult<LazyFrame> {
    let group = |i: usize| &schools.groups[keys[i].1 as usize];
    let n = keys.len();
    let mut all = vec![
        Column::new(
            "recruitment_year".into(),
            keys.iter().map(|k| k.0).collect::<Vec<_>>(),
        ),
        Column::new(
            "country_code".into(),
            (0..n).map(|i| group(i).0.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "region_code".into(),
            (0..n).map(|i| group(i).1.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "education_phase".into(),
            (0..n).map(|i| group(i).2.as_str()).collect::<Vec<_>>(),
        ),
    ];
    all.append(&mut columns);
    Ok(DataFrame::new_infer_height(all)?.lazy())
}

fn retention_cells(
    counts: &RetentionCounts,
    schools: &Schools,
    countries: &[&str],
) -> PolarsResult<Vec<RetentionCell>> {
    let keys: Vec<(i32, u32)> = counts.keys().map(|k| (k.0, k.1)).collect();
    let mut columns = vec![Column::new(
        "post".into(),
        counts
            .keys()
            .map(|k| Role::ALL[usize::from(k.2)].post_name())
            .collect::<Vec<_>>(),
    )];
    let mut sums = vec!["leader_count"];
    sums.extend(TRANSITIONS);
    for (i, name) in sums.iter().enumerate() {
        columns.push(Column::new(
            (*name).into(),
            counts.values().map(|c| c[i] as i64).collect::<Vec<_>>(),
        ));
    }
    let finest = finest_frame(schools, &keys, columns)?;
    let table = with_totals(
        by_geography(finest, countries)?,
        &["education_phase", "post"],
        &[],
        &sums,
    )?
    .collect()?;

    let text = |name: &str| strings(&table, name);
    let (year, level, country, region, phase, post) = (
        years(&table, "recruitment_year")?,
        text("geographic_level")?,
        text("country_code")?,
        text("region_code")?,
        text("education_phase")?,
        text("post")?,
    );
    let n: Vec<Vec<u64>> = sums
        .iter()
        .map(|s| counts_of(&table, s))
        .collect::<PolarsResult<_>>()?;
    let mut cells: Vec<RetentionCell> = (0..table.height())
        .map(|i| RetentionCell {
            key: key_of(
                &level[i],
                &country[i],
                &region[i],
                &phase[i],
                &post[i],
                year[i],
            ),
            leader_count: n[0][i],
            stayed_in_post_count: n[1][i],
            moved_school_same_role_count: n[2][i],
            promoted_count: n[3][i],
            other_leadership_role_count: n[4][i],
            left_leadership_count: n[5][i],
        })
        .collect();
    cells.sort_by_key(|c| c.key.sort_key());
    Ok(cells)
}

fn survival_cells(
    cohorts: &CohortCounts,
    still: &StillCounts,
    schools: &Schools,
    countries: &[&str],
    has: &dyn Fn(i32) -> bool,
) -> PolarsResult<Vec<SurvivalCell>> {
    // One row per cohort, group and k whose census exists.
    let rows: Vec<(i32, u32, i32, u64, u64)> = cohorts
        .iter()
        .flat_map(|(&(y, g), &n)| {
            (1..=5)
                .filter(move |k| has(y + k))
                .map(move |k| (y, g, k, n, still.get(&(y, g, k)).copied().unwrap_or(0)))
        })
        .collect();
    let keys: Vec<(i32, u32)> = rows.iter().map(|r| (r.0, r.1)).collect();
    let columns = vec![
        Column::new(
            "years_after_appointment".into(),
            rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        ),
        Column::new(
            "new_head_count".into(),
            rows.iter().map(|r| r.3 as i64).collect::<Vec<_>>(),
        ),
        Column::new(
            "still_in_post_count".into(),
            rows.iter().map(|r| r.4 as i64).collect::<Vec<_>>(),
        ),
    ];
    // National rows only: cohorts are small.
    let finest =
        finest_frame(schools, &keys, columns)?.with_columns([lit("").alias("region_code")]);
    let table = with_totals(
        by_geography(finest, countries)?,
        &["education_phase"],
        &["years_after_appointment"],
        &["new_head_count", "still_in_post_count"],
    )?
    .filter(col("geographic_level").eq(lit("National")))
    .collect()?;

    let text = |name: &str| strings(&table, name);
    let (year, country, phase, k) = (
        years(&table, "recruitment_year")?,
        text("country_code")?,
        text("education_phase")?,
        years(&table, "years_after_appointment")?,
    );
    let (cohort_n, still_n) = (
        counts_of(&table, "new_head_count")?,
        counts_of(&table, "still_in_post_count")?,
    );
    let mut cells: Vec<SurvivalCell> = (0..table.height())
        .map(|i| SurvivalCell {
            key: key_of(
                "National",
                &country[i],
                "",
                &phase[i],
                Role::Head.post_name(),
                year[i],
            ),
            years_after: k[i].max(0) as u32,
            new_head_count: cohort_n[i],
            still_in_post_count: still_n[i],
        })
        .collect();
    cells.sort_by_key(|c| (c.key.sort_key(), c.years_after));
    Ok(cells)
}

/// The total a cell adds into along geography: a region into England, a country into
/// England and Wales.
fn geography_parent(k: &CellKey) -> Option<CellKey> {
    if k.geographic_level == "Regional" {
        Some(CellKey {
            geographic_level: "National".into(),
            region_code: String::new(),
            ..k.clone()
        })
    } else if k.country_code != ENGLAND_AND_WALES.0 {
        Some(CellKey {
            country_code: ENGLAND_AND_WALES.0.into(),
            ..k.clone()
        })
    } else {
        None
    }
}

fn total_of(item: &str) -> Option<()> {
    (item != TOTAL).then_some(())
}

/// Which retention cells publish `c` (disclosure::confidential): base below `min_base`,
/// and the complements that would give one away through a phase, post or geography
/// total.
pub fn confidential_retention(cells: &[RetentionCell], min_base: u32) -> Vec<bool> {
    let owned: Vec<CellKey> = cells.iter().map(|c| c.key.clone()).collect();
    let by_phase = |k: &CellKey| {
        total_of(&k.education_phase).map(|_| CellKey {
            education_phase: TOTAL.into(),
            ..k.clone()
        })
    };
    let by_post = |k: &CellKey| {
        total_of(&k.post).map(|_| CellKey {
            post: TOTAL.into(),
            ..k.clone()
        })
    };
    let fams = families(&owned, &[&by_phase, &by_post, &geography_parent]);
    let bases: Vec<u64> = cells.iter().map(|c| c.leader_count).collect();
    confidential(&bases, min_base, &fams)
}

/// Which survival cells publish `c`: as for retention, within each years-after value,
/// along phase and country.
pub fn confidential_survival(cells: &[SurvivalCell], min_base: u32) -> Vec<bool> {
    let keys: Vec<(CellKey, u32)> = cells
        .iter()
        .map(|c| (c.key.clone(), c.years_after))
        .collect();
    let by_phase = |k: &(CellKey, u32)| {
        total_of(&k.0.education_phase).map(|_| {
            (
                CellKey {
                    education_phase: TOTAL.into(),
                    ..k.0.clone()
                },
                k.1,
            )
        })
    };
    let by_country = |k: &(CellKey, u32)| geography_parent(&k.0).map(|p| (p, k.1));
    let fams = families(&keys, &[&by_phase, &by_country]);
    let bases: Vec<u64> = cells.iter().map(|c| c.new_head_count).collect();
    confidential(&bases, min_base, &fams)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn schools() -> DataFrame {
        df!(
            "school_urn" => [1u32, 2, 3],
            "in_scope" => [true, true, true],
            "education_phase" => ["Primary", "Primary", "Secondary"],
            "country_code" => ["E92000001"; 3],
            "region_code" => ["E12000001"; 3],
            "school_religious_character" => ["No religious character"; 3],
        )
        .unwrap()
    }

    fn panel(rows: &[(i32, u32, u32, i32)]) -> DataFrame {
        df!(
            "census_year" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "person" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            "school_urn" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            "role_rank" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    #[test]
    fn the_highest_role_wins_then_the_lowest_urn() {
        let p = panel(&[
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

    proptest! {
        /// Whatever the panel, the five transitions of every cell sum to its base.
        #[test]
        fn transitions_sum_to_the_base(
            rows in proptest::collection::vec((2010i32..2014, 0u32..12, 1u32..4, 0i32..3), 1..80)
        ) {
            let m = panel_measures(&panel(&rows), &schools(), &["E92000001"], 2020).unwrap();
            for c in &m.retention {
                prop_assert_eq!(c.transitions().iter().sum::<u64>(), c.leader_count);
            }
            for s in &m.survival {
                prop_assert!(s.still_in_post_count <= s.new_head_count);
            }
        }
    }
}
