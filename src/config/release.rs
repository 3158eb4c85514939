//! `[release]`: the facts of a release that the report, the workbook cover and the data
//! package carry (DESIGN.md, Configuration): who publishes the statistics, a contact,
//! the publication date (from the config, never the clock), the next update and the
//! status. Every key is optional; an empty one is simply not shown.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::parse_iso_date;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Release {
    pub producer: String,
    pub contact: String,
    pub published_on: Option<NaiveDate>,
    pub next_update: String,
    pub status: String,
}

impl Release {
    /// "1 May 2026".
    pub fn published_words(&self) -> Option<String> {
        self.published_on.map(|d| d.format("%-d %B %Y").to_string())
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRelease {
    producer: Option<String>,
    contact: Option<String>,
    published_on: Option<String>,
    next_update: Option<String>,
    status: Option<String>,
}

pub(super) const KEYS: &[&str] = &[
    "producer",
    "contact",
    "published_on",
    "next_update",
    "status",
];

pub(super) fn release(raw: &RawRelease, location: &str) -> Result<Release> {
    let text = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_string();
    let published_on = raw
        .published_on
        .as_deref()
        .map(|d| {
            parse_iso_date(d).ok_or_else(|| {
                Error::config(
                    location,
                    format!("release.published_on: `{d}` is not a date; expected YYYY-MM-DD"),
                )
            })
        })
        .transpose()?;
    Ok(Release {
        producer: text(&raw.producer),
        contact: text(&raw.contact),
        published_on,
        next_update: text(&raw.next_update),
        status: text(&raw.status),
    })
}
