//! `[fetch]` and `[[sources]]` of slm.toml: what `slm fetch` downloads, from where, into
//! which file of `data/` (checked never to leave it), and how it talks to servers.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// `[fetch]`: settings of `slm fetch`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchSettings {
    /// Base URL of the EES public API (`{ees_api}/data-sets/{id}/csv`).
    pub ees_api: String,
    /// Connect timeout, and the longest wait for any read.
    pub timeout_secs: u64,
    /// Retries after the first attempt, on connection errors, timeouts, 429 and 5xx.
    pub retries: u32,
    pub user_agent: String,
    /// The first retry's delay; each retry doubles it (with jitter).
    pub backoff_ms: u64,
}

impl Default for FetchSettings {
    fn default() -> Self {
        FetchSettings {
            ees_api: "https://api.education.gov.uk/statistics/v1".into(),
            timeout_secs: 30,
            retries: 4,
            user_agent: format!(
                "slm/{} (statistics on the labour market for school leaders)",
                env!("CARGO_PKG_VERSION")
            ),
            backoff_ms: 500,
        }
    }
}

/// Where a source comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A fixed URL; `date_placeholder`, if set, is replaced by the day's date (YYYYMMDD).
    Url {
        url: String,
        date_placeholder: Option<String>,
    },
    /// An EES data set, fetched as CSV.
    EesDataSet(String),
    /// DfE's Teaching Vacancies API (`kind = "teaching_vacancies"`): every page kept as
    /// an immutable snapshot under `dest`, and `dest/adverts.csv` derived from them all.
    TeachingVacancies(String),
}

/// The public Teaching Vacancies API, the default `url` of a `teaching_vacancies` source.
pub const TEACHING_VACANCIES_API: &str =
    "https://teaching-vacancies.service.gov.uk/api/v1/jobs.json";

/// One `[[sources]]` entry of `slm fetch`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub origin: Origin,
    /// Inside the project's `data/` folder (checked).
    pub dest: PathBuf,
    /// Lower-case hex, when the file's hash is known in advance.
    pub sha256: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFetch {
    ees_api: Option<String>,
    timeout_secs: Option<i64>,
    retries: Option<i64>,
    user_agent: Option<String>,
    backoff_ms: Option<i64>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSource {
    name: String,
    kind: Option<String>,
    url: Option<String>,
    ees_data_set: Option<String>,
    dest: String,
    sha256: Option<String>,
    date_placeholder: Option<String>,
}

pub(super) fn fetch_settings(raw: &RawFetch, location: &str) -> Result<FetchSettings> {
    let defaults = FetchSettings::default();
    let within =
        |key: &str, value: Option<i64>, range: std::ops::RangeInclusive<i64>, default: u64| {
            match value {
                None => Ok(default),
                Some(v) if range.contains(&v) => Ok(v as u64),
                Some(v) => Err(Error::config(
                    location,
                    format!(
                        "fetch.{key}: {v} is out of range; expected a whole number from {} to {}",
                        range.start(),
                        range.end()
                    ),
                )),
            }
        };
    let ees_api = raw.ees_api.clone().unwrap_or(defaults.ees_api);
    if !is_http_url(&ees_api) {
        return Err(Error::config(
            location,
            format!("fetch.ees_api: `{ees_api}` is not an http(s) URL"),
        ));
    }
    Ok(FetchSettings {
        ees_api: ees_api.trim_end_matches('/').to_string(),
        timeout_secs: within(
            "timeout_secs",
            raw.timeout_secs,
            1..=3600,
            defaults.timeout_secs,
        )?,
        retries: within("retries", raw.retries, 0..=10, defaults.retries.into())? as u32,
        user_agent: raw.user_agent.clone().unwrap_or(defaults.user_agent),
        backoff_ms: within(
            "backoff_ms",
            raw.backoff_ms,
            1..=60_000,
            defaults.backoff_ms,
        )?,
    })
}

fn is_http_url(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// Why a `dest` is not a path inside the data folder.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct OutsideData(String);

/// `dest` as a path inside `root/data`, or why not. Checked on the words of the path
/// (no absolute paths, no `..`), and, where its folders exist, on where they really
/// lead (a symbolic link out of `data/` is refused too).
pub fn dest_inside_data(root: &Path, dest: &str) -> std::result::Result<PathBuf, OutsideData> {
    use std::path::Component;
    let rel = Path::new(dest);
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(p) => parts.push(p),
            Component::CurDir => {}
            _ => {
                return Err(OutsideData(format!(
                    "`{dest}` leaves the data folder; give a path such as data/gias/schools.csv, relative to the config file, without `..` or a leading `/`"
                )))
            }
        }
    }
    if parts.len() < 2 || parts[0] != "data" {
        return Err(OutsideData(format!(
            "`{dest}` is not inside the project's data folder; give a path such as data/gias/schools.csv"
        )));
    }
    let path: PathBuf = parts.iter().fold(root.to_path_buf(), |p, c| p.join(c));
    let data = root.join("data");
    // The deepest folder that exists must resolve inside data/ (or be data/'s parent).
    let mut existing = path.parent().map(Path::to_path_buf);
    while let Some(dir) = existing.clone() {
        if dir.exists() {
            break;
        }
        existing = dir.parent().map(Path::to_path_buf);
    }
    if let (Some(dir), Ok(data_real)) = (existing, data.canonicalize()) {
        if let Ok(real) = dir.canonicalize() {
            if !real.starts_with(&data_real) && !data_real.starts_with(&real) {
                return Err(OutsideData(format!(
                    "`{dest}` resolves to {}, outside the data folder (a symbolic link?)",
                    real.display()
                )));
            }
        }
    }
    Ok(path)
}

pub(super) fn sources(raw: &[RawSource], root: &Path, location: &str) -> Result<Vec<Source>> {
    let mut out: Vec<Source> = Vec::new();
    for (i, s) in raw.iter().enumerate() {
        let at =
            |msg: String| Error::config(location, format!("sources[{i}] (`{}`): {msg}", s.name));
        if s.name.trim().is_empty() {
            return Err(at(
                "name is empty; give each source a short unique name".into()
            ));
        }
        if out.iter().any(|o| o.name == s.name) {
            return Err(at(
                "another source has the same name; names must be unique".into()
            ));
        }
        let origin = match s.kind.as_deref() {
            None | Some("file") => file_origin(s).map_err(at)?,
            Some("teaching_vacancies") => {
                let url = s.url.clone().unwrap_or_else(|| TEACHING_VACANCIES_API.into());
                if !is_http_url(&url) {
                    return Err(at(format!("url `{url}` is not an http(s) URL")));
                }
                if s.ees_data_set.is_some() || s.date_placeholder.is_some() || s.sha256.is_some()
                {
                    return Err(at(
                        "a teaching_vacancies source takes url and dest only (no ees_data_set, date_placeholder or sha256)".into(),
                    ));
                }
                Origin::TeachingVacancies(url.trim_end_matches('?').to_string())
            }
            Some(other) => {
                return Err(at(format!(
                    "kind `{other}` is not a kind of source slm knows; expected file (the default) or teaching_vacancies"
                )))
            }
        };
        let dest = dest_inside_data(root, &s.dest).map_err(|m| at(format!("dest {m}")))?;
        let sha256 = match &s.sha256 {
            None => None,
            Some(h) if h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit()) => {
                Some(h.to_ascii_lowercase())
            }
            Some(h) => {
                return Err(at(format!(
                    "sha256 `{h}` is not a SHA-256 hash; expected 64 hexadecimal digits"
                )))
            }
        };
        out.push(Source {
            name: s.name.clone(),
            origin,
            dest,
            sha256,
        });
    }
    Ok(out)
}

/// Where a file source comes from: a URL (maybe dated) or an EES data set.
fn file_origin(s: &RawSource) -> std::result::Result<Origin, String> {
    let origin = match (&s.url, &s.ees_data_set) {
        (Some(url), None) => {
            if !is_http_url(url) {
                return Err(format!("url `{url}` is not an http(s) URL"));
            }
            if let Some(ph) = &s.date_placeholder {
                if ph.is_empty() || !url.contains(ph.as_str()) {
                    return Err(format!(
                            "date_placeholder `{ph}` does not occur in the url; write it where the date goes, e.g. edubasealldata{{date}}.csv with date_placeholder = \"{{date}}\""
                        ));
                }
            }
            Origin::Url {
                url: url.clone(),
                date_placeholder: s.date_placeholder.clone(),
            }
        }
        (None, Some(id)) => {
            if id.trim().is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(format!(
                        "ees_data_set `{id}` is not a data set id; expected the id from the EES API (letters, digits and dashes)"
                    ));
            }
            if s.date_placeholder.is_some() {
                return Err("date_placeholder applies to url sources only".into());
            }
            Origin::EesDataSet(id.clone())
        }
        _ => return Err("give exactly one of url or ees_data_set".into()),
    };
    Ok(origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dest_must_stay_in_data() {
        let root = Path::new("/project");
        assert!(dest_inside_data(root, "data/gias/schools.csv").is_ok());
        assert!(dest_inside_data(root, "./data/a.csv").is_ok());
        for bad in [
            "data/../x.csv",
            "../data/x.csv",
            "/data/x.csv",
            "x.csv",
            "data",
        ] {
            assert!(dest_inside_data(root, bad).is_err(), "{bad}");
        }
    }
}
