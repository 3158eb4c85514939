//! The report's local-authority table and the workbook's sheet of the same rows: the
//! report year's head teacher posts and all leadership posts in each English local
//! authority, ordered by region then LA (the order of `Geography` keys). Read from
//! the disclosed `unfilled_rates` cells; nothing is computed here.

use serde::Serialize;

use crate::disclosure::RateCell;
use crate::domain::{Geography, Item, LocalAuthority, RecruitmentYear, Role};
use crate::publish::tidy::{rate_with_interval, with_interval, Value, NOT_AVAILABLE};

/// One post's figures in one LA: posts, re-advertised posts, and the unfilled rate with
/// its 95% limits (a symbol where the rate is not shown).
#[derive(Debug, Clone)]
pub struct LaFigures {
    pub posts: u64,
    pub readvertised: u64,
    pub rate: [Value; 3],
}

impl LaFigures {
    fn of(cell: Option<&RateCell>) -> LaFigures {
        match cell {
            Some(c) => LaFigures {
                posts: c.post_count,
                readvertised: c.readvertised_post_count,
                rate: rate_with_interval(&c.unfilled),
            },
            None => LaFigures {
                posts: 0,
                readvertised: 0,
                rate: [NOT_AVAILABLE, NOT_AVAILABLE, NOT_AVAILABLE],
            },
        }
    }
}

/// One local authority in the report year, all phases.
#[derive(Debug, Clone)]
pub struct LaRow {
    pub la: LocalAuthority,
    pub head: LaFigures,
    pub all_posts: LaFigures,
}

/// The report year's LA rows, in reading order; an LA with no post that year has none.
pub fn la_rows(rates: &[RateCell], year: RecruitmentYear) -> Vec<LaRow> {
    let at = |la: LocalAuthority, post: Item<Role>| {
        rates.iter().find(|c| {
            c.key.year == year
                && c.key.geography == Geography::LocalAuthority(la)
                && c.key.filters.phase == Item::Total
                && c.key.filters.post == post
                && c.key.filters.religion == Item::Total
        })
    };
    let mut las: Vec<LocalAuthority> = rates
        .iter()
        .filter(|c| c.key.year == year)
        .filter_map(|c| c.key.geography.local_authority())
        .collect();
    las.sort();
    las.dedup();
    las.into_iter()
        .filter_map(|la| {
            let all = at(la, Item::Total)?;
            Some(LaRow {
                la,
                head: LaFigures::of(at(la, Item::Of(Role::Head))),
                all_posts: LaFigures::of(Some(all)),
            })
        })
        .collect()
}

/// The rows as the report's table shows them.
#[derive(Debug, Clone, Serialize)]
pub struct LaView {
    pub region: &'static str,
    pub name: &'static str,
    pub old_code: &'static str,
    pub head_posts: u64,
    pub head_readvertised: u64,
    pub head_rate: String,
    pub posts: u64,
    pub readvertised: u64,
    pub rate: String,
}

pub fn la_views(rows: &[LaRow]) -> Vec<LaView> {
    rows.iter()
        .map(|r| LaView {
            region: r.la.region().name(),
            name: r.la.name(),
            old_code: r.la.old_code(),
            head_posts: r.head.posts,
            head_readvertised: r.head.readvertised,
            head_rate: with_interval(&r.head.rate),
            posts: r.all_posts.posts,
            readvertised: r.all_posts.readvertised,
            rate: with_interval(&r.all_posts.rate),
        })
        .collect()
}

/// What the table's introduction says of where LA codes come from: the register's
/// latest `LastChangedDate`, or that the register does not date them.
pub fn codes_as_of(register_file: &str, last_changed: Option<&str>) -> String {
    match last_changed {
        Some(date) => format!(
            "Each school's local authority is the one the register gives it ({register_file}, LA (code) and GSSLACode (name); the register was last changed on {date})"
        ),
        None => format!(
            "Each school's local authority is the one the register gives it ({register_file}, LA (code) and GSSLACode (name); the register has no LastChangedDate column, so the date of its LA codes is not known)"
        ),
    }
}
