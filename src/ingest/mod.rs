//! The only stage that reads input files. It returns typed, validated frames, or every
//! problem found in every file at once (DESIGN.md, Data flow).

pub mod adverts;
pub mod csv_table;
pub mod fetch_state;
pub mod fields;
mod file_bytes;
pub mod links;
pub mod published;
pub mod register;
pub mod release;
pub mod scope;
pub mod survey;
pub mod text;
pub mod workforce;

#[cfg(test)]
mod fuzz_tests;

use polars::prelude::DataFrame;

use crate::config::Config;
use crate::error::{Error, Problem, Result};
use published::PublishedRow;
use text::Encoding;

/// Rows read from one input file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileRows {
    pub file: String,
    pub rows: usize,
}

/// The workforce panel: census_year, person (a number, not the id), school_urn,
/// role_rank; one row per row of the file. (How many people it holds up to the report
/// year is counted by `measures::retention`, which sees the years a build covers.)
pub struct Panel {
    pub frame: DataFrame,
}

/// Everything the pipeline reads, validated.
pub struct Inputs {
    /// One row per advert: advert_id, published_on (days), recruitment_year, school_urn,
    /// post, phase_override.
    pub adverts: DataFrame,
    /// Adverts given in two advert files as the same vacancy, counted once.
    pub adverts_in_two_files: u64,
    /// The first and last days the Teaching Vacancies feed's vacancies were seen, when
    /// any advert came from it.
    pub feed_seen: Option<(i32, i32)>,
    /// One row per establishment in the register (see `register::RegisterColumns`).
    pub schools: DataFrame,
    pub schools_in_scope: usize,
    /// The latest `LastChangedDate` in the register (day number), which dates the LA
    /// codes the local-authority rows use; `None` without that column.
    pub register_last_changed: Option<i32>,
    /// Schools in scope whose GSS code was GIAS's placeholder, taken from the lookup.
    pub placeholder_la_codes: usize,
    /// The register had no `EstablishmentTypeGroup (name)`: groups came from types.
    pub register_group_from_type: bool,
    pub published: Vec<PublishedRow>,
    /// The leadership panel, when configured.
    pub workforce: Option<Panel>,
    /// School links, from `inputs.links` and a search download's `Linked
    /// establishments`; `None` when neither was given (URNs are then schools).
    pub links: Option<Vec<links::Link>>,
    /// Schools' survey answers (`inputs.survey`), in file order.
    pub survey: Option<Vec<survey::Answer>>,
    pub rows_read: Vec<FileRows>,
    /// What `slm fetch` recorded of the sources it brought in (`data/.slm-fetch.json`),
    /// for the manifest; empty without that file.
    pub fetched: fetch_state::State,
    /// Every input file's size and hash, in config order.
    pub files: Vec<InputFile>,
    /// The latest published_on of any advert.
    pub latest_advert: i32,
}

/// One input file as read: its size and SHA-256 (for the manifest, from the same bytes
/// that were parsed, so the file is read once).
#[derive(Debug, Clone)]
pub struct InputFile {
    pub file: String,
    pub bytes: u64,
    pub sha256: String,
}

/// Reads a file's bytes and hashes them; decoding and parsing are the caller's.
fn read_hashed(
    config: &Config,
    path: &std::path::Path,
) -> Result<(String, file_bytes::FileBytes, InputFile)> {
    let file = config.display_path(path);
    let bytes = file_bytes::read(path).map_err(|e| Error::io(path, "read", e))?;
    let input = InputFile {
        file: file.clone(),
        bytes: bytes.len() as u64,
        sha256: crate::hash::sha256_hex(&bytes),
    };
    Ok((file, bytes, input))
}

/// What one reader thread found.
#[derive(Default)]
struct Part {
    problems: Vec<Problem>,
    rows_read: Vec<FileRows>,
    files: Vec<InputFile>,
}

/// The register, on its own thread: the largest file but one.
/// The register as read: its frame (when the file had no problem), how many schools
/// are in scope, and a search download's links.
struct Register {
    frame: Option<DataFrame>,
    in_scope: usize,
    links: Option<Vec<links::Link>>,
    last_changed: Option<i32>,
    placeholders: usize,
    group_from_type: bool,
}

fn read_register(config: &Config) -> Result<(Register, Part)> {
    let mut part = Part::default();
    let mut register = register::RegisterColumns::default();
    let (file, bytes, input) = read_hashed(config, &config.schools)?;
    part.files.push(input);
    match text::decode(&bytes, &file, Encoding::Utf8OrWindows1252) {
        Ok(text) => {
            let rows = register.read(&file, text, &config.scope, &mut part.problems);
            part.rows_read.push(FileRows { file, rows });
        }
        Err(p) => part.problems.push(p),
    }
    let (in_scope, links, last_changed, placeholders, group_from_type) = (
        register.in_scope_count(),
        register.links.take(),
        register.last_changed,
        register.placeholder_count(),
        register.group_from_type,
    );
    // Made here, beside the other readers, rather than after them.
    let frame = if part.problems.is_empty() {
        Some(register.into_frame()?)
    } else {
        None
    };
    Ok((
        Register {
            frame,
            in_scope,
            links,
            last_changed,
            placeholders,
            group_from_type,
        },
        part,
    ))
}

/// The workforce panel, on its own thread: at national scale the largest file.
fn read_panel(config: &Config) -> Result<(Option<Panel>, Part)> {
    let mut part = Part::default();
    let Some(path) = &config.workforce else {
        return Ok((None, part));
    };
    let (file, bytes, input) = read_hashed(config, path)?;
    part.files.push(input);
    let mut cols = None;
    match text::decode_utf8(&bytes, &file) {
        Ok(text) => {
            let mut read = workforce::WorkforceColumns::default();
            let rows = read.read(&file, text, &mut part.problems);
            part.rows_read.push(FileRows { file, rows });
            // The panel's sort, on this thread beside the other readers.
            if part.problems.is_empty() {
                let (frame, _people) = read.into_panel()?;
                cols = Some(Panel { frame });
            }
        }
        Err(p) => part.problems.push(p),
    }
    Ok((cols, part))
}

/// The adverts, the published series, the links file and the survey returns.
struct Rest {
    adverts: adverts::AdvertColumns,
    published: Vec<PublishedRow>,
    links: Option<Vec<links::Link>>,
    survey: Option<Vec<survey::Answer>>,
}

/// Reads one file whose reader returns a list (one item a good row), recording its hash,
/// its rows and its problems in `part`.
fn read_list<T>(
    config: &Config,
    path: &std::path::Path,
    encoding: Encoding,
    part: &mut Part,
    read: impl FnOnce(&str, text::Text, &mut Vec<Problem>) -> Vec<T>,
) -> Result<Vec<T>> {
    let (file, bytes, input) = read_hashed(config, path)?;
    part.files.push(input);
    match text::decode(&bytes, &file, encoding) {
        Ok(text) => {
            let found = read(&file, text, &mut part.problems);
            part.rows_read.push(FileRows {
                file,
                rows: found.len(),
            });
            Ok(found)
        }
        Err(p) => {
            part.problems.push(p);
            Ok(Vec::new())
        }
    }
}

fn read_rest(config: &Config) -> Result<(Rest, Part)> {
    let mut part = Part::default();
    let mut rest = Rest {
        adverts: adverts::AdvertColumns::default(),
        published: Vec::new(),
        links: None,
        survey: None,
    };
    for path in &config.adverts {
        let (file, bytes, input) = read_hashed(config, path)?;
        part.files.push(input);
        match text::decode_utf8(&bytes, &file) {
            Ok(text) => {
                let rows =
                    rest.adverts
                        .read(&file, text, config.rules.year_start, &mut part.problems);
                part.rows_read.push(FileRows { file, rows });
            }
            Err(p) => part.problems.push(p),
        }
    }
    if let Some(path) = &config.published {
        rest.published = read_list(config, path, Encoding::Utf8, &mut part, published::read)?;
    }
    if let Some(path) = &config.links {
        // GIAS writes the links file in Windows-1252, like the register.
        let found = read_list(
            config,
            path,
            Encoding::Utf8OrWindows1252,
            &mut part,
            links::read,
        )?;
        rest.links = Some(found);
    }
    if let Some(path) = &config.survey {
        rest.survey = Some(read_list(
            config,
            path,
            Encoding::Utf8,
            &mut part,
            survey::read,
        )?);
    }
    Ok((rest, part))
}

/// Reads and validates every configured input; all problems are returned together. The
/// register and the workforce panel are each read on a thread of their own while the
/// adverts are read on this one.
pub fn load(config: &Config) -> Result<Inputs> {
    let (register_result, panel_result, rest_result) = std::thread::scope(|scope| {
        let register = scope.spawn(|| read_register(config));
        let panel = scope.spawn(|| read_panel(config));
        let rest = read_rest(config);
        (
            register.join().expect("the register reader does not panic"),
            panel.join().expect("the panel reader does not panic"),
            rest,
        )
    });
    let (register, register_part) = register_result?;
    let (panel, panel_part) = panel_result?;
    let (rest, rest_part) = rest_result?;

    // Files, rows and problems in config order: adverts, register, workforce, published.
    let order: Vec<String> = config
        .input_files()
        .iter()
        .map(|f| config.display_path(f))
        .collect();
    let rank = |file: &str| order.iter().position(|f| f == file).unwrap_or(order.len());
    let (mut problems, mut rows_read, mut files) = (Vec::new(), Vec::new(), Vec::new());
    for part in [rest_part, register_part, panel_part] {
        problems.extend(part.problems);
        rows_read.extend(part.rows_read);
        files.extend(part.files);
    }
    rows_read.sort_by_key(|r| rank(&r.file));
    files.sort_by_key(|f| rank(&f.file));

    if !problems.is_empty() {
        // Files in config order, each file's problems in line and column order.
        problems.sort_by_key(|p| (rank(&p.file), p.line, p.column));
        return Err(Error::InvalidData(problems));
    }
    let latest_advert = rest
        .adverts
        .published_on
        .iter()
        .copied()
        .max()
        .expect("an advert file without rows is a problem");
    let links = match (rest.links, register.links) {
        (None, None) => None,
        (a, b) => Some(a.into_iter().chain(b).flatten().collect()),
    };
    let (adverts_in_two_files, feed_seen) = (rest.adverts.in_two_files, rest.adverts.feed_seen);
    Ok(Inputs {
        adverts: rest.adverts.into_frame()?,
        adverts_in_two_files,
        feed_seen,
        schools: register
            .frame
            .expect("a register without problems has its frame"),
        schools_in_scope: register.in_scope,
        register_last_changed: register.last_changed,
        placeholder_la_codes: register.placeholders,
        register_group_from_type: register.group_from_type,
        published: rest.published,
        workforce: panel,
        links,
        survey: rest.survey,
        rows_read,
        files,
        latest_advert,
        fetched: fetch_state::load(&config.root)?,
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
    Links,
    Survey,
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
        } else if config.links.as_deref() == Some(path) {
            FileKind::Links
        } else if config.survey.as_deref() == Some(path) {
            FileKind::Survey
        } else {
            FileKind::Csv
        }
    }
}

/// Every problem of one file's bytes, checked as `kind` (as `slm validate` would).
pub fn check_bytes(
    year_start: crate::calendar::YearStart,
    scope: &crate::config::ScopeRules,
    kind: FileKind,
    file: &str,
    bytes: &[u8],
) -> Vec<Problem> {
    let encoding = if matches!(kind, FileKind::Schools | FileKind::Links) {
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
            adverts::AdvertColumns::default().read(file, text, year_start, &mut problems);
        }
        FileKind::Schools => {
            register::RegisterColumns::default().read(file, text, scope, &mut problems);
        }
        FileKind::Workforce => {
            workforce::WorkforceColumns::default().read(file, text, &mut problems);
        }
        FileKind::Published => {
            published::read(file, text, &mut problems);
        }
        FileKind::Links => {
            links::read(file, text, &mut problems);
        }
        FileKind::Survey => {
            survey::read(file, text, &mut problems);
        }
        FileKind::Csv => {
            if let Some((table, [])) =
                csv_table::CsvTable::open_with_columns(file, text, &[], &mut problems)
            {
                table.for_each_row(&mut problems, |_, _| {});
            }
        }
    }
    problems
}
