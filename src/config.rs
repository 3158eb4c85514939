//! `slm.toml` and command-line flags turned into one checked `Config` (DESIGN.md,
//! Configuration). Precedence: flag > file > built-in default. Paths are resolved
//! against the config file's directory. Nothing here reads input data.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{parse_iso_date, YearStart};
use crate::error::{Error, Result};

mod local_authorities;
mod release;
mod sources;

pub use release::Release;
pub use sources::{dest_inside_data, FetchSettings, Origin, Source};
use sources::{fetch_settings, sources, RawFetch, RawSource};

/// Rules of the round definition and of disclosure control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub year_start: YearStart,
    pub readvert_min_days: i32,
    pub readvert_max_days: i32,
    pub min_base: u32,
    /// `[disclosure] protection`: no withheld workforce count may be narrowed by an
    /// attacker to fewer than this many possible values.
    pub protection: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            year_start: YearStart::default(),
            readvert_min_days: 21,
            readvert_max_days: 365,
            min_base: 10,
            protection: 5,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// The config file as given, and the directory its paths are relative to.
    pub path: PathBuf,
    pub root: PathBuf,
    pub adverts: Vec<PathBuf>,
    pub schools: PathBuf,
    pub workforce: Option<PathBuf>,
    pub published: Option<PathBuf>,
    /// GIAS school links (`inputs.links`): academy conversions followed as one school.
    pub links: Option<PathBuf>,
    /// Schools' survey answers (`inputs.survey`): the second method.
    pub survey: Option<PathBuf>,
    pub label: String,
    pub observed_until: Option<NaiveDate>,
    pub rules: Rules,
    pub output_dir: PathBuf,
    /// The release facts shown on the report and the workbook cover (`[release]`).
    pub release: Release,
    /// Register types slm does not know, decided (`[scope]`).
    pub scope: ScopeRules,
    /// Local authorities added to slm's lookup (`[local_authorities]`), already in
    /// effect: `LocalAuthority` knows them once the config is loaded.
    pub local_authorities: Vec<local_authorities::Added>,
    /// How `slm fetch` talks to servers, and what it fetches.
    pub fetch: FetchSettings,
    pub sources: Vec<Source>,
    /// The text of the config file, recorded in the manifest.
    pub source_text: String,
}

impl Config {
    /// Whether outputs must say on their face that the data are synthetic.
    pub fn is_synthetic(&self) -> bool {
        self.label.to_ascii_lowercase().contains("synthetic")
    }

    /// A path relative to the config directory, with `/` separators, for manifests.
    pub fn display_path(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        // The root of an absolute path outside the config directory is the empty
        // first part, so it prints `/data/...`, not `//data/...`.
        rel.components()
            .map(|c| match c {
                std::path::Component::RootDir => String::new(),
                c => c.as_os_str().to_string_lossy().into_owned(),
            })
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Every input file, in a fixed order.
    pub fn input_files(&self) -> Vec<PathBuf> {
        let mut files = self.adverts.clone();
        files.push(self.schools.clone());
        files.extend(self.workforce.clone());
        files.extend(self.published.clone());
        files.extend(self.links.clone());
        files.extend(self.survey.clone());
        files
    }
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    inputs: RawInputs,
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    output: RawOutput,
    #[serde(default)]
    fetch: RawFetch,
    #[serde(default)]
    sources: Vec<RawSource>,
    #[serde(default)]
    release: release::RawRelease,
    #[serde(default)]
    scope: RawScope,
    #[serde(default)]
    disclosure: RawDisclosure,
    #[serde(default)]
    local_authorities: std::collections::BTreeMap<String, local_authorities::RawLocalAuthority>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawDisclosure {
    protection: Option<i64>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawScope {
    #[serde(default)]
    include_types: Vec<String>,
    #[serde(default)]
    exclude_types: Vec<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawInputs {
    adverts: Vec<String>,
    schools: String,
    workforce: Option<String>,
    published: Option<String>,
    links: Option<String>,
    survey: Option<String>,
    #[serde(default)]
    label: String,
    observed_until: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    year_start: Option<String>,
    readvert_min_days: Option<i64>,
    readvert_max_days: Option<i64>,
    min_base: Option<i64>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    dir: Option<String>,
}

/// Known keys, for the "did you mean" of an unknown one.
const KNOWN_KEYS: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "inputs",
            "rules",
            "output",
            "fetch",
            "sources",
            "release",
            "scope",
            "disclosure",
            "local_authorities",
        ],
    ),
    ("disclosure", &["protection"]),
    ("scope", &["include_types", "exclude_types"]),
    ("release", release::KEYS),
    (
        "inputs",
        &[
            "adverts",
            "schools",
            "workforce",
            "published",
            "links",
            "survey",
            "label",
            "observed_until",
        ],
    ),
    (
        "rules",
        &[
            "year_start",
            "readvert_min_days",
            "readvert_max_days",
            "min_base",
        ],
    ),
    ("output", &["dir"]),
    (
        "fetch",
        &[
            "ees_api",
            "timeout_secs",
            "retries",
            "user_agent",
            "backoff_ms",
        ],
    ),
    (
        "sources",
        &[
            "name",
            "kind",
            "url",
            "ees_data_set",
            "dest",
            "sha256",
            "date_placeholder",
        ],
    ),
];

fn nearest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::levenshtein(key, k), *k))
        .min()
        .map(|(_, k)| k)
}

/// Finds the first unknown key, walking tables in file order, and names the nearest known one.
fn check_keys(table: &toml::Table, location: &str) -> Result<()> {
    let Some((_, known)) = KNOWN_KEYS.iter().find(|(section, _)| section.is_empty()) else {
        return Ok(());
    };
    for (key, value) in table {
        if !known.contains(&key.as_str()) {
            return Err(unknown_key(location, key, known));
        }
        let section_keys = KNOWN_KEYS.iter().find(|(s, _)| s == key).map(|(_, k)| *k);
        let tables: Vec<&toml::Table> = match value {
            toml::Value::Table(inner) => vec![inner],
            // `[[sources]]`: an array of tables, each checked.
            toml::Value::Array(items) => items.iter().filter_map(|v| v.as_table()).collect(),
            _ => Vec::new(),
        };
        if let Some(keys) = section_keys {
            for inner in tables {
                for inner_key in inner.keys() {
                    if !keys.contains(&inner_key.as_str()) {
                        return Err(unknown_key(location, &format!("{key}.{inner_key}"), keys));
                    }
                }
            }
        }
    }
    Ok(())
}

fn unknown_key(location: &str, key: &str, known: &[&str]) -> Error {
    let last = key.rsplit('.').next().unwrap_or(key);
    let section = key.strip_suffix(last).unwrap_or("");
    let hint = nearest(last, known)
        .map(|k| format!("did you mean `{section}{k}`?"))
        .unwrap_or_default();
    Error::config(
        location,
        format!(
            "unknown key `{key}`; {hint} Known keys here: {}",
            known.join(", ")
        ),
    )
}

/// A TOML error as `file:line:column: what (the line)`, on one line.
fn toml_error(location: &str, text: &str, what: &str, e: &toml::de::Error) -> Error {
    let message = e.message().trim().replace('\n', "; ");
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            let source = text.lines().nth(line - 1).unwrap_or("").trim();
            Error::config(
                format!("{location}:{line}:{column}"),
                format!("{what}: {message} (in `{source}`)"),
            )
        }
        None => Error::config(location, format!("{what}: {message}")),
    }
}

/// Register types the config decides (`[scope]`): these win over slm's table of GIAS
/// types (`ingest::scope`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeRules {
    pub include_types: Vec<String>,
    pub exclude_types: Vec<String>,
}

/// `[scope]`: a type may be included or excluded, not both.
fn scope_rules(raw: &RawScope, location: &str) -> Result<ScopeRules> {
    let trim = |v: &[String]| v.iter().map(|t| t.trim().to_string()).collect::<Vec<_>>();
    let (include_types, exclude_types) = (trim(&raw.include_types), trim(&raw.exclude_types));
    if let Some(both) = include_types.iter().find(|t| exclude_types.contains(t)) {
        return Err(Error::config(
            location,
            format!("scope: `{both}` is in both include_types and exclude_types; keep it in one"),
        ));
    }
    Ok(ScopeRules {
        include_types,
        exclude_types,
    })
}

/// Values from the command line that override the file.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub output_dir: Option<PathBuf>,
    /// `slm fetch` may run before the input files exist: it is what makes them.
    pub inputs_may_be_missing: bool,
}

/// `[rules]` and `[disclosure]`, each value checked, defaults where absent.
fn rules(raw: &RawConfig, location: &str) -> Result<Rules> {
    let defaults = Rules::default();
    let year_start = match raw.rules.year_start.as_deref() {
        None => defaults.year_start,
        Some(s) => YearStart::parse(s).ok_or_else(|| {
            Error::config(
                location,
                format!("rules.year_start: `{s}` is not a day of the year; expected MM-DD such as 09-01"),
            )
        })?,
    };
    let positive = |key: &str, value: Option<i64>, default: i64| -> Result<i64> {
        match value {
            None => Ok(default),
            Some(v) if (1..=100_000).contains(&v) => Ok(v),
            Some(v) => Err(Error::config(
                location,
                format!(
                    "rules.{key}: {v} is out of range; expected a whole number from 1 to 100000"
                ),
            )),
        }
    };
    let readvert_min_days = positive(
        "readvert_min_days",
        raw.rules.readvert_min_days,
        defaults.readvert_min_days.into(),
    )? as i32;
    let readvert_max_days = positive(
        "readvert_max_days",
        raw.rules.readvert_max_days,
        defaults.readvert_max_days.into(),
    )? as i32;
    if readvert_min_days > readvert_max_days {
        return Err(Error::config(
            location,
            format!("rules: readvert_min_days ({readvert_min_days}) is above readvert_max_days ({readvert_max_days}); the re-advertisement window must not be empty"),
        ));
    }
    let min_base = positive("min_base", raw.rules.min_base, defaults.min_base.into())? as u32;
    let protection = match raw.disclosure.protection {
        None => defaults.protection,
        Some(v @ 1..=1000) => v as u32,
        Some(v) => {
            return Err(Error::config(
                location,
                format!("disclosure.protection: {v} is out of range; expected a whole number of possible values from 1 to 1000 (default 5)"),
            ))
        }
    };

    Ok(Rules {
        year_start,
        readvert_min_days,
        readvert_max_days,
        min_base,
        protection,
    })
}

/// The input files of `[inputs]`, relative to the config file's folder; each must
/// exist unless `overrides` allows it.
struct InputPaths {
    adverts: Vec<PathBuf>,
    schools: PathBuf,
    workforce: Option<PathBuf>,
    published: Option<PathBuf>,
    links: Option<PathBuf>,
    survey: Option<PathBuf>,
}

fn input_paths(
    raw: &RawInputs,
    root: &Path,
    overrides: &Overrides,
    location: &str,
) -> Result<InputPaths> {
    let resolve = |key: &str, value: &str| -> Result<PathBuf> {
        let p = root.join(value);
        if !p.is_file() && !overrides.inputs_may_be_missing {
            return Err(Error::config(
                location,
                format!(
                    "{key}: file {} does not exist; fix the path (relative to the config file)",
                    p.display()
                ),
            ));
        }
        Ok(p)
    };
    if raw.adverts.is_empty() {
        return Err(Error::config(
            location,
            "inputs.adverts: no advert file listed; give at least one path",
        ));
    }
    let adverts = raw
        .adverts
        .iter()
        .map(|a| resolve("inputs.adverts", a))
        .collect::<Result<Vec<_>>>()?;
    let schools = resolve("inputs.schools", &raw.schools)?;
    let workforce = raw
        .workforce
        .as_deref()
        .map(|w| resolve("inputs.workforce", w))
        .transpose()?;
    let published = raw
        .published
        .as_deref()
        .map(|p| resolve("inputs.published", p))
        .transpose()?;
    let links = raw
        .links
        .as_deref()
        .map(|p| resolve("inputs.links", p))
        .transpose()?;
    let survey = raw
        .survey
        .as_deref()
        .map(|p| resolve("inputs.survey", p))
        .transpose()?;
    Ok(InputPaths {
        adverts,
        schools,
        workforce,
        published,
        links,
        survey,
    })
}

pub fn load(path: &Path, overrides: &Overrides) -> Result<Config> {
    let location = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::config(
            &location,
            format!("cannot read the config file ({e}); pass --config PATH or run slm from the folder holding slm.toml"),
        )
    })?;
    let table: toml::Table =
        toml::from_str(&text).map_err(|e| toml_error(&location, &text, "not valid TOML", &e))?;
    check_keys(&table, &location)?;
    let raw: RawConfig =
        toml::from_str(&text).map_err(|e| toml_error(&location, &text, "wrong value", &e))?;
    let root = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();

    let inputs = input_paths(&raw.inputs, &root, overrides, &location)?;
    let observed_until = raw
        .inputs
        .observed_until
        .as_deref()
        .map(|d| {
            parse_iso_date(d).ok_or_else(|| {
                Error::config(
                    &location,
                    format!("inputs.observed_until: `{d}` is not a date; expected YYYY-MM-DD"),
                )
            })
        })
        .transpose()?;

    let rules = rules(&raw, &location)?;

    let output_dir = match (&overrides.output_dir, &raw.output.dir) {
        (Some(dir), _) => dir.clone(),
        (None, Some(dir)) => root.join(dir),
        (None, None) => root.join("reports"),
    };

    let sources = sources(&raw.sources, &root, &location)?;
    let added_local_authorities =
        local_authorities::local_authorities(&raw.local_authorities, &location)?;
    crate::domain::add_local_authorities(&added_local_authorities)
        .map_err(|e| Error::config(&location, e))?;
    Ok(Config {
        path: path.to_path_buf(),
        root,
        adverts: inputs.adverts,
        schools: inputs.schools,
        workforce: inputs.workforce,
        published: inputs.published,
        links: inputs.links,
        survey: inputs.survey,
        label: raw.inputs.label.trim().to_string(),
        observed_until,
        rules,
        output_dir,
        release: release::release(&raw.release, &location)?,
        scope: scope_rules(&raw.scope, &location)?,
        local_authorities: added_local_authorities,
        fetch: fetch_settings(&raw.fetch, &location)?,
        sources,
        source_text: text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn unknown_key_names_the_nearest_known_one() {
        let err = check_keys(&table("[rules]\nmin_bsae = 5\n"), "slm.toml").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("unknown key `rules.min_bsae`"), "{msg}");
        assert!(msg.contains("did you mean `rules.min_base`?"), "{msg}");
        let err = check_keys(&table("[input]\n"), "slm.toml").unwrap_err();
        assert!(err.to_string().contains("did you mean `inputs`?"));
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn unknown_keys_in_a_source_are_found() {
        let err = check_keys(
            &table("[[sources]]\nname=\"a\"\nurl=\"http://x\"\ndset=\"data/a.csv\"\n"),
            "slm.toml",
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("did you mean `sources.dest`?"),
            "{err}"
        );
    }

    #[test]
    fn known_keys_pass() {
        let t = table(
            "[inputs]\nadverts=[]\nschools=\"x\"\n[rules]\nmin_base=3\n[output]\ndir=\"r\"\n",
        );
        assert!(check_keys(&t, "slm.toml").is_ok());
    }
}
