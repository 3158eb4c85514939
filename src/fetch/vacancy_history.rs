//! The Teaching Vacancies history (DESIGN.md, Inputs: Teaching Vacancies): from every
//! kept snapshot of the API's pages to one adverts file, deterministically (same
//! snapshots, same bytes). Pure: snapshots in, rows and problems out.
//!
//! - One row per vacancy ever seen (its identity is the job page `url`); a vacancy gone
//!   from a later snapshot stays.
//! - Leadership vacancies only: `headteacher`, `deputy_headteacher`,
//!   `assistant_headteacher` among the roles of `occupationalCategory` (one value, or
//!   several joined with ", "); a vacancy listing several takes the most senior.
//! - `published_on` is `datePosted`'s date in Europe/London; a later snapshot that moves
//!   `validThrough` later marks the vacancy `extended`, keeping the first closing date.
//! - An item without a field slm needs is a problem naming the snapshot, page and item;
//!   the other items are kept.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc, Weekday};
use serde_json::Value;

/// The columns of the derived adverts file, in order.
pub const COLUMNS: [&str; 10] = [
    "advert_id",
    "published_on",
    "school_urn",
    "role",
    "source",
    "valid_through",
    "first_seen",
    "last_seen",
    "extended",
    "first_valid_through",
];

/// The API's leadership roles, most senior first, with slm's role names.
const ROLES: [(&str, &str); 3] = [
    ("headteacher", "head"),
    ("deputy_headteacher", "deputy"),
    ("assistant_headteacher", "assistant"),
];

/// One page of one snapshot, as received.
pub struct Page<'a> {
    pub snapshot: NaiveDate,
    pub number: u32,
    pub body: &'a str,
}

/// One vacancy as the history keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vacancy {
    pub advert_id: String,
    pub published_on: NaiveDate,
    /// `hiringOrganization.identifier`: a school's URN, or a trust's UID.
    pub identifier: String,
    pub role: &'static str,
    pub valid_through: NaiveDate,
    pub first_valid_through: NaiveDate,
    pub first_seen: NaiveDate,
    pub last_seen: NaiveDate,
}

impl Vacancy {
    pub fn extended(&self) -> bool {
        self.valid_through > self.first_valid_through
    }
}

/// What the snapshots hold.
#[derive(Debug, Default)]
pub struct History {
    /// By advert id.
    pub vacancies: BTreeMap<String, Vacancy>,
    /// Items seen that are not leadership posts (each time seen).
    pub other_roles: u64,
    /// "snapshot 2026-12-06, page 2, item 5: ..." for each item slm could not read.
    pub problems: Vec<(NaiveDate, String)>,
}

/// The history of `pages`, taken in snapshot then page order.
pub fn history(pages: &[Page]) -> History {
    let mut order: Vec<&Page> = pages.iter().collect();
    order.sort_by_key(|p| (p.snapshot, p.number));
    let mut h = History::default();
    for page in order {
        let at = |item: Option<usize>| match item {
            Some(k) => format!(
                "snapshot {}, page {}, item {}",
                page.snapshot,
                page.number,
                k + 1
            ),
            None => format!("snapshot {}, page {}", page.snapshot, page.number),
        };
        let items = match page_items(page.body) {
            Ok(items) => items,
            Err(e) => {
                h.problems
                    .push((page.snapshot, format!("{}: {e}", at(None))));
                continue;
            }
        };
        for (k, item) in items.iter().enumerate() {
            match read_item(item) {
                Err(e) => h
                    .problems
                    .push((page.snapshot, format!("{}: {e}", at(Some(k))))),
                Ok(None) => h.other_roles += 1,
                Ok(Some(seen)) => h.see(seen, page.snapshot),
            }
        }
    }
    h
}

impl History {
    fn see(&mut self, seen: Seen, on: NaiveDate) {
        match self.vacancies.get_mut(&seen.advert_id) {
            None => {
                self.vacancies.insert(
                    seen.advert_id.clone(),
                    Vacancy {
                        advert_id: seen.advert_id,
                        published_on: seen.published_on,
                        identifier: seen.identifier,
                        role: seen.role,
                        valid_through: seen.valid_through,
                        first_valid_through: seen.valid_through,
                        first_seen: on,
                        last_seen: on,
                    },
                );
            }
            Some(v) => {
                v.last_seen = v.last_seen.max(on);
                v.valid_through = v.valid_through.max(seen.valid_through);
            }
        }
    }

    /// The adverts file: a header, then one row per vacancy in advert id order.
    pub fn adverts_csv(&self) -> String {
        let mut out = COLUMNS.join(",") + "\n";
        for v in self.vacancies.values() {
            let fields = [
                csv_field(&v.advert_id),
                v.published_on.to_string(),
                csv_field(&v.identifier),
                v.role.to_string(),
                "teaching_vacancies".to_string(),
                v.valid_through.to_string(),
                v.first_seen.to_string(),
                v.last_seen.to_string(),
                if v.extended() { "yes" } else { "no" }.to_string(),
                v.first_valid_through.to_string(),
            ];
            out.push_str(&fields.join(","));
            out.push('\n');
        }
        out
    }
}

fn csv_field(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// The `data` list of a page, and how many pages the API says there are.
pub fn page_items(body: &str) -> Result<Vec<Value>, String> {
    let page: Value = serde_json::from_str(body).map_err(|e| {
        format!("the page is not JSON ({e}); expected the API's {{\"data\": [...]}}")
    })?;
    match page.get("data") {
        Some(Value::Array(items)) => Ok(items.clone()),
        _ => Err("the page has no `data` list; expected the API's {\"data\": [...], \"links\": ..., \"meta\": ...}".into()),
    }
}

/// `meta.totalPages` of a page, when it says.
pub fn total_pages(body: &str) -> Option<u32> {
    let page: Value = serde_json::from_str(body).ok()?;
    page.get("meta")?
        .get("totalPages")?
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
}

/// An item as read: the fields the history keeps.
struct Seen {
    advert_id: String,
    published_on: NaiveDate,
    identifier: String,
    role: &'static str,
    valid_through: NaiveDate,
}

/// A JobPosting item; `None` when it is not a leadership post.
fn read_item(item: &Value) -> Result<Option<Seen>, String> {
    let text = |path: &[&str]| -> Option<String> {
        let mut v = item;
        for key in path {
            v = v.get(key)?;
        }
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let need = |path: &[&str]| {
        text(path).ok_or_else(|| format!("`{}` is missing or empty", path.join(".")))
    };
    let categories = need(&["occupationalCategory"])?;
    let roles: Vec<&str> = categories.split(',').map(str::trim).collect();
    let Some(role) = ROLES
        .iter()
        .find(|(api, _)| roles.contains(api))
        .map(|(_, slm)| *slm)
    else {
        return Ok(None);
    };
    let url = need(&["url"])?;
    let advert_id = advert_id(&url).ok_or_else(|| {
        format!("`url` `{url}` is not a job page; expected https://…/jobs/<name>")
    })?;
    let identifier = need(&["hiringOrganization", "identifier"])?;
    if !identifier.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`hiringOrganization.identifier` `{identifier}` is not a URN or UID; expected a whole number"
        ));
    }
    let date = |key: &str| -> Result<NaiveDate, String> {
        let value = need(&[key])?;
        london_date(&value).ok_or_else(|| {
            format!("`{key}` `{value}` is not an ISO 8601 date-time; expected e.g. 2026-01-15T09:00:00Z")
        })
    };
    Ok(Some(Seen {
        advert_id,
        published_on: date("datePosted")?,
        identifier,
        role,
        valid_through: date("validThrough")?,
    }))
}

/// The vacancy's identity from its job page: the path after `/jobs/` (or the last part
/// of the path), without query or fragment.
fn advert_id(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.split(['?', '#']).next()?;
    let path = path.split_once('/').map(|(_, p)| p)?.trim_end_matches('/');
    let id = match path.split_once("jobs/") {
        Some((_, after)) => after,
        None => path.rsplit('/').next()?,
    };
    (!id.is_empty() && !id.contains(['/', ',', '"'])).then(|| id.to_string())
}

/// The date in Europe/London of an ISO 8601 date-time (with an offset or `Z`; without
/// one it is read as London time), or of a bare date.
pub fn london_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(local) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(local.date());
    }
    let utc = DateTime::parse_from_rfc3339(text).ok()?.with_timezone(&Utc);
    let offset = if is_british_summer_time(utc) { 1 } else { 0 };
    Some((utc + Duration::hours(offset)).date_naive())
}

/// British Summer Time: from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
/// last Sunday of October (the rule since 1996).
fn is_british_summer_time(t: DateTime<Utc>) -> bool {
    let last_sunday = |month: u32| {
        let mut d =
            NaiveDate::from_ymd_opt(t.year(), month, 31).expect("March and October have 31 days");
        while d.weekday() != Weekday::Sun {
            d -= Duration::days(1);
        }
        d.and_hms_opt(1, 0, 0).expect("01:00").and_utc()
    };
    t >= last_sunday(3) && t < last_sunday(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_are_london_dates() {
        // 23:30 UTC in July is 00:30 the next day in London; in January it is not.
        assert_eq!(london_date("2026-07-14T23:30:00Z"), Some(day(2026, 7, 15)));
        assert_eq!(london_date("2026-01-14T23:30:00Z"), Some(day(2026, 1, 14)));
        assert_eq!(
            london_date("2026-07-15T00:30:00+01:00"),
            Some(day(2026, 7, 15))
        );
        // 2026: BST from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(london_date("2026-03-29T00:59:00Z"), Some(day(2026, 3, 29)));
        assert_eq!(london_date("2026-03-29T23:30:00Z"), Some(day(2026, 3, 30)));
        assert_eq!(london_date("2026-10-25T23:30:00Z"), Some(day(2026, 10, 25)));
        assert_eq!(london_date("2026-02-01"), Some(day(2026, 2, 1)));
        assert_eq!(london_date("15/01/2026"), None);
    }

    #[test]
    fn the_advert_id_is_the_job_page() {
        let id = |u: &str| advert_id(u);
        assert_eq!(
            id("https://teaching-vacancies.service.gov.uk/jobs/headteacher-st-marys?x=1"),
            Some("headteacher-st-marys".into())
        );
        assert_eq!(id("http://127.0.0.1:80/jobs/a-b/"), Some("a-b".into()));
        assert_eq!(id("https://example.org/"), None);
    }

    #[test]
    fn the_most_senior_role_is_taken_and_others_are_not_leadership() {
        let item = |cat: &str| {
            serde_json::json!({
                "url": "https://tv/jobs/x", "datePosted": "2026-01-10T09:00:00Z",
                "validThrough": "2026-02-10T12:00:00Z", "occupationalCategory": cat,
                "hiringOrganization": {"identifier": "100001"}
            })
        };
        let role = |cat: &str| read_item(&item(cat)).unwrap().map(|s| s.role);
        assert_eq!(role("deputy_headteacher, headteacher"), Some("head"));
        assert_eq!(role("assistant_headteacher"), Some("assistant"));
        assert_eq!(role("teacher, sendco"), None);
        let mut missing = item("headteacher");
        missing.as_object_mut().unwrap().remove("url");
        assert_eq!(
            read_item(&missing).err().as_deref(),
            Some("`url` is missing or empty")
        );
    }
}
