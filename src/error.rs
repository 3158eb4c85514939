//! The one error type of the library. Every failure carries what went wrong, where
//! (file, line, column, key) and how to fix it; `Error::exit_code` is the single place
//! where the exit codes of DESIGN.md (Command line) are decided.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in an input file, reported as `file:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    pub line: Option<u64>,
    /// The field number (1-based) in the row, everywhere: a reader names the field that
    /// is wrong, the decoder the field holding the bad byte.
    pub column: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn at(file: &str, line: u64, column: usize, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }

    pub fn in_line(file: &str, line: u64, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            line: Some(line),
            column: None,
            message: message.into(),
        }
    }

    pub fn in_file(file: &str, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Most problems listed one per line before the summary; the rest are counted.
pub const MAX_LISTED_PROBLEMS: usize = 200;

/// The first `limit` of `items`, then how many more were not listed (`hint` says where
/// to see them).
fn listed(items: impl ExactSizeIterator<Item = String>, limit: usize, hint: &str) -> Vec<String> {
    let n = items.len();
    let mut lines: Vec<String> = items.take(limit).collect();
    if n > limit {
        lines.push(format!("... and {} more {hint}", n - limit));
    }
    lines
}

fn render_problems(problems: &[Problem]) -> String {
    let mut lines = listed(
        problems.iter().map(Problem::to_string),
        MAX_LISTED_PROBLEMS,
        "problems not listed",
    );
    lines.push(format!(
        "{} problem{} found in the inputs; nothing was written. Fix the rows named above and run again.",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    ));
    lines.join("\n")
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input data that breaks its contract (DESIGN.md, Inputs). Exit 1.
    #[error("{}", render_problems(.0))]
    InvalidData(Vec<Problem>),

    /// `slm check` found committed outputs that differ from a rebuild. Exit 1.
    #[error("{}", render_stale(.0))]
    Stale(Vec<String>),

    /// `slm check` or `slm headlines` found no built report year. Exit 1, as stale
    /// outputs: there is nothing up to date to read.
    #[error("{}/ holds no built report year; run `slm build` first (or pass --out where the reports are)", .0.display())]
    NothingBuilt(PathBuf),

    /// The disclosure audit (`slm audit`) found withheld figures an attacker could work
    /// out from the release. Exit 1.
    #[error("{}", render_disclosure(.0))]
    Disclosure(Vec<String>),

    /// A bad `slm.toml` or a bad value given on the command line. Exit 2.
    #[error("{location}: {message}")]
    Config { location: String, message: String },

    /// Reading or writing a file failed. Exit 3.
    #[error("{}: {action} failed: {source}; check that the path exists and that slm may {action} it", .path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },

    /// `slm fetch`: sources not fetched (network or local I/O, exit 3) or rejected
    /// (checksum or validation, exit 1); every other source was still fetched.
    #[error("{}", render_fetch(.0))]
    Fetch(Vec<FetchFailure>),

    /// Drawing a chart or rendering the report failed: a bug, not bad input. Exit 3.
    #[error("internal error while {0}; please report this with the command you ran")]
    Internal(String),

    /// The table engine failed on data it had already accepted: a bug, not bad input.
    /// No input reaches polars unchecked: every file is read and validated by slm's own
    /// readers (`ingest`, problems as file:line:column, exit 1), and polars only ever
    /// sees the frames they build, so its errors are internal (exit 3).
    #[error("internal table error: {0}; please report this with the command you ran")]
    Table(#[from] polars::error::PolarsError),
}

/// Why one source of `slm fetch` failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchFailure {
    pub source: String,
    pub url: String,
    pub kind: FetchFailureKind,
    pub message: String,
}

/// What kind of failure stopped a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchFailureKind {
    /// The network or the server, after retries. Exit 3.
    Network,
    /// This machine's files: a directory, a temporary file, the replace. Exit 3.
    LocalIo,
    /// The download itself: checksum, encoding or validation. Exit 1.
    Rejected,
}

fn render_fetch(failures: &[FetchFailure]) -> String {
    let mut lines: Vec<String> = failures
        .iter()
        .map(|f| format!("fetch `{}` ({}): {}", f.source, f.url, f.message))
        .collect();
    lines.push(format!(
        "{} source{} not updated; the files already there were left as they were",
        failures.len(),
        if failures.len() == 1 { "" } else { "s" }
    ));
    lines.join("\n")
}

/// Breaches listed in the error before the count.
const LISTED_BREACHES: usize = 10;

fn render_disclosure(breaches: &[String]) -> String {
    let mut lines = listed(
        breaches.iter().map(|b| format!("disclosure: {b}")),
        LISTED_BREACHES,
        "not listed (slm audit --limit N lists the narrowest ranges)",
    );
    lines.push(format!(
        "{} withheld figure{} could be worked out, or narrowed below the protection rule, from what the release publishes and the relations its figures obey",
        breaches.len(),
        if breaches.len() == 1 { "" } else { "s" }
    ));
    lines.join("\n")
}

fn render_stale(files: &[String]) -> String {
    let mut lines: Vec<String> = files.iter().map(|f| format!("stale: {f}")).collect();
    lines.push(format!(
        "{} output file{} differ from a fresh build; run `slm build` and commit reports/",
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    ));
    lines.join("\n")
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::InvalidData(_)
            | Error::Stale(_)
            | Error::NothingBuilt(_)
            | Error::Disclosure(_) => 1,
            Error::Fetch(failures)
                if failures
                    .iter()
                    .any(|f| f.kind != FetchFailureKind::Rejected) =>
            {
                3
            }
            Error::Fetch(_) => 1,
            Error::Config { .. } => 2,
            Error::Io { .. } | Error::Table(_) | Error::Internal(_) => 3,
        }
    }

    pub fn config(location: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Config {
            location: location.into(),
            message: message.into(),
        }
    }

    pub fn io(path: &Path, action: &'static str, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
