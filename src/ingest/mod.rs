//! The only stage that reads input files. It returns typed, validated frames, or every
//! problem found in every file at once (DESIGN.md, Data flow).

pub mod adverts;
pub mod csv_table;
pub mod published;
pub mod register;
pub mod text;
pub mod workforce;

use polars::prelude::{DataFrame, PolarsResult};

use crate::config::Config;
use crate::error::{Error, Problem, Result};
use published::PublishedRow;
use text::{read_text, Encoding};

/// Rows read from one input file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileRows {
    pub file: String,
    pub rows: usize,
}

/// The workforce panel: census_year, person (a number, not the id), school_urn,
/// role_rank; one row per row of the file.
pub struct Panel {
    pub frame: DataFrame,
    pub people: usize,
}

/// Everything the pipeline reads, validated.
pub struct Inputs {
    /// One row per advert: advert_id, published_on (days), recruitment_year, school_urn,
    /// post, phase_override.
    pub adverts: DataFrame,
    /// One row per establishment in the register (see `register::RegisterColumns`).
    pub schools: DataFrame,
    pub schools_in_scope: usize,
    pub published: Vec<PublishedRow>,
    /// The leadership panel, when configured.
    pub workforce: Option<Panel>,
    pub rows_read: Vec<FileRows>,
    /// The latest published_on of any advert.
    pub latest_advert: i32,
}

/// Reads and validates every configured input; all problems are returned together.
pub fn load(config: &Config) -> Result<Inputs> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut rows_read = Vec::new();

    let mut advert_cols = adverts::AdvertColumns::default();
    for path in &config.adverts {
        let file = config.display_path(path);
        match read_text(path, &file, Encoding::Utf8)? {
            Ok(text) => {
                let rows = advert_cols.read(&file, &text, config.rules.year_start, &mut problems);
                rows_read.push(FileRows { file, rows });
            }
            Err(p) => problems.push(p),
        }
    }

    let mut register = register::RegisterColumns::default();
    let file = config.display_path(&config.schools);
    match read_text(&config.schools, &file, Encoding::Utf8OrWindows1252)? {
        Ok(text) => {
            let rows = register.read(&file, &text, &mut problems);
            rows_read.push(FileRows { file, rows });
        }
        Err(p) => problems.push(p),
    }

    let mut published = Vec::new();
    if let Some(path) = &config.published {
        let file = config.display_path(path);
        match read_text(path, &file, Encoding::Utf8)? {
            Ok(text) => {
                published = published::read(&file, &text, &mut problems);
                rows_read.push(FileRows {
                    file,
                    rows: published.len(),
                });
            }
            Err(p) => problems.push(p),
        }
    }

    let mut panel = None;
    if let Some(path) = &config.workforce {
        let file = config.display_path(path);
        match read_text(path, &file, Encoding::Utf8)? {
            Ok(text) => {
                let mut cols = workforce::WorkforceColumns::default();
                let rows = cols.read(&file, &text, &mut problems);
                rows_read.push(FileRows { file, rows });
                panel = Some(cols);
            }
            Err(p) => problems.push(p),
        }
    }

    if !problems.is_empty() {
        // Files in config order, each file's problems in line and column order.
        let order: Vec<String> = config
            .input_files()
            .iter()
            .map(|f| config.display_path(f))
            .collect();
        problems.sort_by_key(|p| {
            let file = order
                .iter()
                .position(|f| *f == p.file)
                .unwrap_or(order.len());
            (file, p.line, p.column)
        });
        return Err(Error::InvalidData(problems));
    }
    let latest_advert = advert_cols
        .published_on
        .iter()
        .copied()
        .max()
        .expect("an advert file without rows is a problem");
    let schools_in_scope = register.in_scope_count();
    Ok(Inputs {
        adverts: advert_cols.into_frame()?,
        schools: register.into_frame()?,
        schools_in_scope,
        published,
        workforce: panel
            .map(|cols| -> PolarsResult<Panel> {
                let people = cols.people();
                Ok(Panel {
                    frame: cols.into_frame()?,
                    people,
                })
            })
            .transpose()?,
        rows_read,
        latest_advert,
    })
}

/// What a file is, so that it can be checked on its own (`slm fetch` checks a download
/// before it replaces anything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Adverts,
    Schools,
    Workforce,
    Published,
    /// Any other CSV (e.g. an EES data set slm does not read): header and row widths.
    Csv,
}

impl FileKind {
    /// The kind of `path` in `config`: which input it is, else plain CSV.
    pub fn of(config: &Config, path: &std::path::Path) -> FileKind {
        if config.adverts.iter().any(|a| a == path) {
            FileKind::Adverts
        } else if config.schools == path {
            FileKind::Schools
        } else if config.workforce.as_deref() == Some(path) {
            FileKind::Workforce
        } else if config.published.as_deref() == Some(path) {
            FileKind::Published
        } else {
            FileKind::Csv
        }
    }
}

/// Every problem of one file's bytes, checked as `kind` (as `slm validate` would).
pub fn check_bytes(config: &Config, kind: FileKind, file: &str, bytes: Vec<u8>) -> Vec<Problem> {
    let encoding = if kind == FileKind::Schools {
        Encoding::Utf8OrWindows1252
    } else {
        Encoding::Utf8
    };
    let text = match text::decode(bytes, file, encoding) {
        Ok(t) => t,
        Err(p) => return vec![p],
    };
    let mut problems = Vec::new();
    match kind {
        FileKind::Adverts => {
            adverts::AdvertColumns::default().read(
                file,
                &text,
                config.rules.year_start,
                &mut problems,
            );
        }
        FileKind::Schools => {
            register::RegisterColumns::default().read(file, &text, &mut problems);
        }
        FileKind::Workforce => {
            workforce::WorkforceColumns::default().read(file, &text, &mut problems);
        }
        FileKind::Published => {
            published::read(file, &text, &mut problems);
        }
        FileKind::Csv => {
            if let Some((table, [])) =
                csv_table::CsvTable::open_with_columns(file, &text, &[], &mut problems)
            {
                table.for_each_row(&mut problems, |_, _| {});
            }
        }
    }
    problems
}
