//! `slm check`: rebuilds every year found under the output directory into a temporary
//! directory and compares bytes, so CI fails when committed outputs are stale.

use crate::config::Config;
use crate::domain::RecruitmentYear;
use crate::error::{Error, Result};
use crate::ingest;
use crate::pipeline::compute;
use crate::publish::stage::read_tree;

/// The report years built under the output directory, oldest first.
pub fn built_years(config: &Config) -> Vec<RecruitmentYear> {
    let mut years: Vec<RecruitmentYear> = std::fs::read_dir(&config.output_dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .filter_map(|e| RecruitmentYear::parse(&e.file_name().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    years.sort();
    years
}

/// Returns the years checked; `Error::Stale` lists every differing file.
pub fn check(config: &Config) -> Result<Vec<RecruitmentYear>> {
    let years = built_years(config);
    let out = config.display_path(&config.output_dir);
    if years.is_empty() {
        return Err(Error::NothingBuilt(config.output_dir.clone()));
    }
    let inputs = ingest::load(config)?;
    let mut stale = Vec::new();
    for &year in &years {
        let built = compute(
            config,
            &inputs,
            Some(year),
            &mut crate::pipeline::Timings::default(),
        )?;
        let dir = config.output_dir.join(year.dir_name());
        let committed = read_tree(&dir)?;
        let prefix = format!("{out}/{}", year.dir_name());
        for (path, bytes) in &built.files.0 {
            match committed.0.get(path) {
                None => stale.push(format!("{prefix}/{path} (missing)")),
                Some(b) if b != bytes => stale.push(format!("{prefix}/{path} (differs)")),
                Some(_) => {}
            }
        }
        for path in committed.0.keys() {
            // A printed PDF is not byte-reproducible, and optional (`build --pdf`).
            if !built.files.0.contains_key(path) && path != crate::publish::pdf::PDF_NAME {
                stale.push(format!("{prefix}/{path} (not produced by a build)"));
            }
        }
    }
    if stale.is_empty() {
        Ok(years)
    } else {
        Err(Error::Stale(stale))
    }
}
