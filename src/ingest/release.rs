//! An earlier release under the output directory (DESIGN.md, Definitions: Revisions):
//! the latest report year before the one being built, read as its users read it: its
//! tidy tables (`data/*.csv` with their `.meta.csv`), the provisional years of its
//! `quality.json` and the input hashes, configuration and slm version of its
//! `manifest.json`. A release that cannot be read is an error naming the file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::domain::RecruitmentYear;
use crate::error::{Error, Problem, Result};

/// One tidy table of the earlier release, as text.
#[derive(Debug, Clone, Default)]
pub struct ReleaseTable {
    pub header: Vec<String>,
    /// The columns its meta file lists as indicators.
    pub indicators: BTreeSet<String>,
    pub rows: Vec<csv::StringRecord>,
}

/// What a release says about itself, for telling why a figure changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReleaseFacts {
    pub slm_version: String,
    /// Input file (as the manifest names it) to its SHA-256.
    pub inputs: BTreeMap<String, String>,
    /// SHA-256 of the configuration file, and the rules the manifest records.
    pub config: String,
    /// Provisional years, as labels (`2023/24`).
    pub provisional_years: BTreeSet<String>,
}

#[derive(Debug, Clone)]
pub struct EarlierRelease {
    pub year: RecruitmentYear,
    /// `reports/2023-24`, as the report names it.
    pub dir: String,
    pub facts: ReleaseFacts,
    /// The size and SHA-256 of its `manifest.json`, which lists every file it holds.
    pub manifest_bytes: u64,
    pub manifest_sha256: String,
    pub tables: BTreeMap<String, ReleaseTable>,
}

/// The latest release under `out` for a report year before `year`, if any; `names` are
/// the tables to read (each read when the release has it).
pub fn earlier_release(
    out: &Path,
    shown_as: &str,
    year: RecruitmentYear,
    names: &[&str],
) -> Result<Option<EarlierRelease>> {
    let Ok(entries) = std::fs::read_dir(out) else {
        return Ok(None);
    };
    let earlier = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("manifest.json").is_file())
        .filter_map(|e| RecruitmentYear::parse(&e.file_name().to_string_lossy()))
        .filter(|y| *y < year)
        .max();
    let Some(before) = earlier else {
        return Ok(None);
    };
    let dir = out.join(before.dir_name());
    let manifest_bytes = read(&dir.join("manifest.json"))?;
    let manifest = json(&dir.join("manifest.json"), &manifest_bytes)?;
    let quality = json(&dir.join("quality.json"), &read(&dir.join("quality.json"))?)?;
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let facts = ReleaseFacts {
        slm_version: text(&manifest["slm_version"]),
        inputs: manifest["inputs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| (text(&f["path"]), text(&f["sha256"])))
            .collect(),
        config: config_of(&manifest["config"]),
        provisional_years: quality["provisional_years"]
            .as_array()
            .into_iter()
            .flatten()
            .map(text)
            .collect(),
    };
    let mut tables = BTreeMap::new();
    for name in names {
        let csv_path = dir.join("data").join(format!("{name}.csv"));
        if csv_path.is_file() {
            let meta_path = dir.join("data").join(format!("{name}.meta.csv"));
            tables.insert(name.to_string(), table(&csv_path, &meta_path)?);
        }
    }
    Ok(Some(EarlierRelease {
        year: before,
        dir: format!("{shown_as}/{}", before.dir_name()),
        facts,
        manifest_bytes: manifest_bytes.len() as u64,
        manifest_sha256: crate::hash::sha256_hex(&manifest_bytes),
        tables,
    }))
}

/// The configuration as a manifest records it: the file's hash and the rules.
pub fn config_of(config: &serde_json::Value) -> String {
    let mut rules: Vec<String> = [
        "year_start",
        "readvert_min_days",
        "readvert_max_days",
        "min_base",
    ]
    .iter()
    .map(|k| config[*k].to_string())
    .collect();
    rules.insert(0, config["file"]["sha256"].to_string());
    rules.join(" ")
}

fn read(path: &PathBuf) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io(path, "read", e))
}

fn unreadable(path: &Path, what: impl std::fmt::Display) -> Error {
    Error::InvalidData(vec![Problem::in_file(
        &path.display().to_string(),
        format!("the earlier release cannot be read ({what}); it is compared with this build to list revisions: rebuild it, or remove its directory"),
    )])
}

fn json(path: &Path, bytes: &[u8]) -> Result<serde_json::Value> {
    serde_json::from_slice(bytes).map_err(|e| unreadable(path, e))
}

fn table(csv_path: &Path, meta_path: &Path) -> Result<ReleaseTable> {
    let records = |path: &Path| -> Result<(Vec<String>, Vec<csv::StringRecord>)> {
        let mut reader = csv::Reader::from_path(path).map_err(|e| unreadable(path, e))?;
        let header = reader
            .headers()
            .map_err(|e| unreadable(path, e))?
            .iter()
            .map(String::from)
            .collect();
        let rows = reader
            .records()
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| unreadable(path, e))?;
        Ok((header, rows))
    };
    let (header, rows) = records(csv_path)?;
    let (meta_header, meta_rows) = records(meta_path)?;
    let at = |name: &str| meta_header.iter().position(|h| h == name);
    let (Some(name_c), Some(type_c)) = (at("col_name"), at("col_type")) else {
        return Err(unreadable(meta_path, "no col_name and col_type columns"));
    };
    let indicators = meta_rows
        .iter()
        .filter(|r| r.get(type_c) == Some("Indicator"))
        .filter_map(|r| r.get(name_c).map(String::from))
        .collect();
    Ok(ReleaseTable {
        header,
        indicators,
        rows,
    })
}
