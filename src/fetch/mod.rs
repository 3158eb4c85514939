//! `slm fetch`: brings the configured sources (`[[sources]]` in slm.toml) into `data/`.
//! For each source: download to a temporary file beside its destination (`http`),
//! decode gzip, check the SHA-256 when one is configured, validate the file as the
//! input it is (as `slm validate` would), and only then rename it over the old file.
//! Any failure leaves the old file as it was; a download that fails validation is kept
//! as `<dest>.rejected`. ETag and Last-Modified are remembered (`state`) so that the
//! next run asks "changed since?" and reports "unchanged" on 304.

pub mod http;
pub mod state;
pub mod teaching_vacancies;
pub mod vacancy_history;

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};

use crate::config::{Config, Origin, Source};
use crate::error::{Error, FetchFailure, FetchFailureKind, Result};
use crate::ingest::{check_bytes, FileKind};
use http::{Conditional, Got};
use state::{Fetched, State};

/// How many earlier days a dated URL (the GIAS extract) is tried when the day's file is
/// not there yet (404).
pub const DATE_LOOKBACK_DAYS: i64 = 7;

/// What `slm fetch` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only this source.
    pub source: Option<String>,
    /// Make no network call; say what would be fetched.
    pub offline: bool,
    /// Download and check, but replace nothing and remember nothing.
    pub dry_run: bool,
    /// The date for dated URLs [today].
    pub date: Option<NaiveDate>,
    /// Draw progress bars (stderr is a terminal).
    pub progress: bool,
}

/// Today's date (UTC): the day a dated URL is tried first. `slm fetch` is the one
/// command that reads the clock; builds never do.
fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    crate::calendar::date_of((secs / 86_400) as i32)
}

/// The URL of a source on `date` (dated URLs only use the date).
pub fn url_of(source: &Source, ees_api: &str, date: NaiveDate) -> String {
    match &source.origin {
        Origin::Url {
            url,
            date_placeholder: Some(ph),
        } => url.replace(ph.as_str(), &date.format("%Y%m%d").to_string()),
        Origin::Url { url, .. } => url.clone(),
        Origin::EesDataSet(id) => format!("{ees_api}/data-sets/{id}/csv"),
        Origin::TeachingVacancies(url) => url.clone(),
    }
}

fn sha256_of(path: &Path) -> std::io::Result<(String, Vec<u8>)> {
    let bytes = std::fs::read(path)?;
    Ok((crate::hash::sha256_hex(&bytes), bytes))
}

/// The downloaded body as the file it stands for: gzip decoded into a new temporary
/// file beside it. A local file that cannot be made or read is local I/O; a body that
/// does not decode is a rejected download.
fn decoded(
    body: http::Body,
    dir: &Path,
) -> std::result::Result<tempfile::NamedTempFile, (FetchFailureKind, String)> {
    if !body.gzip {
        return Ok(body.file);
    }
    let local = |message: String| (FetchFailureKind::LocalIo, message);
    let mut out = temp_file_in(dir)?;
    let input = std::fs::File::open(body.file.path())
        .map_err(|e| local(format!("cannot read the download: {e}")))?;
    let mut decoder = flate2::read::GzDecoder::new(input);
    std::io::copy(&mut decoder, &mut out).map_err(|e| {
        (
            FetchFailureKind::Rejected,
            format!("the gzip-encoded download does not decode ({e})"),
        )
    })?;
    Ok(out)
}

/// The name prefix of slm's temporary download files: what a killed fetch may leave,
/// and a later fetch may clear.
pub const TEMP_PREFIX: &str = ".slm-fetch-";

/// A temporary file of slm's (`TEMP_PREFIX`) in `dir`.
fn temp_file_in(
    dir: &Path,
) -> std::result::Result<tempfile::NamedTempFile, (FetchFailureKind, String)> {
    tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| {
            (
                FetchFailureKind::LocalIo,
                format!("cannot create a temporary file in {}: {e}", dir.display()),
            )
        })
}

#[cfg(unix)]
fn default_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o644)
}

#[cfg(not(unix))]
fn default_permissions() -> std::fs::Permissions {
    std::fs::metadata(".")
        .map(|m| m.permissions())
        .expect("current directory")
}

fn rejected_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(".rejected");
    dest.with_file_name(name)
}

struct Fetcher<'a> {
    config: &'a Config,
    options: &'a Options,
    client: reqwest::blocking::Client,
    state: State,
    say: &'a mut dyn FnMut(String),
}

impl Fetcher<'_> {
    fn failure(
        &self,
        source: &Source,
        url: &str,
        kind: FetchFailureKind,
        message: String,
    ) -> FetchFailure {
        FetchFailure {
            source: source.name.clone(),
            url: url.to_string(),
            kind,
            message,
        }
    }

    /// The dates to try for `source`: one for an undated URL.
    fn dates(&self, source: &Source) -> Vec<NaiveDate> {
        let day = self.options.date.unwrap_or_else(today);
        let dated = matches!(
            source.origin,
            Origin::Url {
                date_placeholder: Some(_),
                ..
            }
        );
        let back = if dated { DATE_LOOKBACK_DAYS } else { 0 };
        (0..=back).map(|d| day - Duration::days(d)).collect()
    }

    fn conditional(&self, source: &Source, url: &str) -> Conditional {
        match self.state.sources.get(&source.name) {
            Some(f) if f.url == url && source.dest.is_file() => Conditional {
                etag: f.etag.clone(),
                last_modified: f.last_modified.clone(),
            },
            _ => Conditional::default(),
        }
    }

    /// `--offline`: a Teaching Vacancies source is derived again from its snapshots
    /// (items it could not read are listed); any other source says what would be
    /// fetched.
    fn offline(&mut self, s: &Source, url: &str) -> std::result::Result<(), FetchFailure> {
        if matches!(s.origin, Origin::TeachingVacancies(_)) {
            let history = self
                .write_adverts(s, url)
                .map_err(|(kind, message)| FetchFailure {
                    source: s.name.clone(),
                    url: url.to_string(),
                    kind,
                    message,
                })?;
            for (_, p) in &history.problems {
                (self.say)(format!("{}: not read, left out: {p}", s.name));
            }
            return Ok(());
        }
        let known = self.state.sources.get(&s.name).filter(|f| f.url == url);
        let how = match known.and_then(|f| f.etag.as_deref()) {
            Some(etag) => format!(", asking only if changed (ETag {etag})"),
            None => String::new(),
        };
        (self.say)(format!(
            "offline: would fetch {}: {url} -> {}{how}",
            s.name,
            self.config.display_path(&s.dest)
        ));
        Ok(())
    }

    /// One file source: the newest available download, checked, then put in place.
    fn fetch(&mut self, source: &Source) -> std::result::Result<(), FetchFailure> {
        let dir = self.download_dir(source)?;
        let Some((url, body)) = self.download(source, &dir)? else {
            return Ok(());
        };
        let (etag, last_modified) = (body.etag.clone(), body.last_modified.clone());
        let (file, sha, size) = self.checked(source, &url, body, &dir)?;
        self.install(source, &url, file, &sha, size)?;
        if self.options.dry_run {
            return Ok(());
        }
        self.state.sources.insert(
            source.name.clone(),
            Fetched {
                url,
                dest: self.config.display_path(&source.dest),
                etag,
                last_modified,
                sha256: sha,
                bytes: size,
            },
        );
        Ok(())
    }

    /// Where a download is written: beside its destination, or a temporary folder for
    /// a dry run.
    fn download_dir(&self, source: &Source) -> std::result::Result<PathBuf, FetchFailure> {
        if self.options.dry_run {
            return Ok(std::env::temp_dir());
        }
        let parent = source.dest.parent().expect("dest is inside data/");
        std::fs::create_dir_all(parent).map_err(|e| {
            let url = url_of(source, &self.config.fetch.ees_api, self.dates(source)[0]);
            self.failure(
                source,
                &url,
                FetchFailureKind::LocalIo,
                format!("cannot create {}: {e}", parent.display()),
            )
        })?;
        Ok(parent.to_path_buf())
    }

    /// The download of the first date that has one (a 404 tries the day before), or
    /// `None` when the server says the file slm has is current (304).
    fn download(
        &mut self,
        source: &Source,
        dir: &Path,
    ) -> std::result::Result<Option<(String, http::Body)>, FetchFailure> {
        let dates = self.dates(source);
        for (i, date) in dates.iter().enumerate() {
            let url = url_of(source, &self.config.fetch.ees_api, *date);
            let conditional = self.conditional(source, &url);
            (self.say)(format!("fetching {}: {url}", source.name));
            let bar = http::progress_bar(&source.name, self.options.progress);
            let name = source.name.clone();
            let say = &mut *self.say;
            let result = http::download(
                &self.client,
                &self.config.fetch,
                &url,
                &conditional,
                dir,
                &bar,
                &mut |line| say(format!("{name}: {line}")),
            );
            bar.finish_and_clear();
            match result {
                Ok(Got::Body(body)) => return Ok(Some((url, body))),
                Ok(Got::NotModified) => {
                    (self.say)(format!(
                        "unchanged {}: {} (HTTP 304 Not Modified)",
                        source.name,
                        self.config.display_path(&source.dest)
                    ));
                    return Ok(None);
                }
                Err(f)
                    if f.status == Some(reqwest::StatusCode::NOT_FOUND) && i + 1 < dates.len() =>
                {
                    (self.say)(format!(
                        "{}: no file for {date} (HTTP 404); trying the day before",
                        source.name
                    ));
                }
                Err(f) => {
                    return Err(self.failure(source, &url, FetchFailureKind::Network, f.message))
                }
            }
        }
        unreachable!("the last date returns or fails")
    }

    /// The download decoded, hashed and checked (the configured SHA-256; validation as
    /// the input it is): the file, its hash and size. A file that fails validation is
    /// kept as `<dest>.rejected`.
    fn checked(
        &self,
        source: &Source,
        url: &str,
        body: http::Body,
        dir: &Path,
    ) -> std::result::Result<(tempfile::NamedTempFile, String, u64), FetchFailure> {
        let dest_name = self.config.display_path(&source.dest);
        let file = decoded(body, dir).map_err(|(kind, m)| self.failure(source, url, kind, m))?;
        let (sha, bytes) = sha256_of(file.path()).map_err(|e| {
            self.failure(
                source,
                url,
                FetchFailureKind::LocalIo,
                format!("cannot read the download: {e}"),
            )
        })?;
        if let Some(want) = &source.sha256 {
            if *want != sha {
                return Err(self.failure(
                    source,
                    url,
                    FetchFailureKind::Rejected,
                    format!(
                        "checksum mismatch: the download's SHA-256 is {sha}, slm.toml expects {want}; {dest_name} was not replaced. If the source changed on purpose, update sha256 in slm.toml"
                    ),
                ));
            }
        }
        let size = bytes.len() as u64;
        let kind = FileKind::of(self.config, &source.dest);
        let problems = check_bytes(
            self.config.rules.year_start,
            &self.config.scope,
            kind,
            &dest_name,
            &bytes,
        );
        if problems.is_empty() {
            return Ok((file, sha, size));
        }
        let rejected = rejected_path(&source.dest);
        let kept = if self.options.dry_run {
            "(dry run: not kept)".to_string()
        } else {
            match file.persist(&rejected) {
                Ok(_) => format!("kept as {}", self.config.display_path(&rejected)),
                Err(e) => format!("could not keep it as {}: {}", rejected.display(), e.error),
            }
        };
        let mut lines: Vec<String> = problems.iter().take(20).map(|p| format!("  {p}")).collect();
        if problems.len() > 20 {
            lines.push(format!("  ... and {} more", problems.len() - 20));
        }
        Err(self.failure(
            source,
            url,
            FetchFailureKind::Rejected,
            format!(
                "the download fails validation ({} problem{}; line numbers are the download's), {kept}; {dest_name} was not replaced:\n{}",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" },
                lines.join("\n")
            ),
        ))
    }

    /// Renames the checked download over `dest` (a dry run only says it would).
    fn install(
        &mut self,
        source: &Source,
        url: &str,
        file: tempfile::NamedTempFile,
        sha: &str,
        size: u64,
    ) -> std::result::Result<(), FetchFailure> {
        let dest_name = self.config.display_path(&source.dest);
        if self.options.dry_run {
            (self.say)(format!(
                "would update {}: {dest_name} ({size} bytes, sha256 {sha}); dry run, nothing replaced",
                source.name
            ));
            return Ok(());
        }
        // A new file gets the usual permissions (a temporary file is private); a
        // replaced one keeps those it had.
        let permissions = match std::fs::metadata(&source.dest) {
            Ok(m) => m.permissions(),
            Err(_) => default_permissions(),
        };
        let _ = std::fs::set_permissions(file.path(), permissions);
        file.persist(&source.dest).map_err(|e| {
            self.failure(
                source,
                url,
                FetchFailureKind::LocalIo,
                format!("cannot replace {}: {}", source.dest.display(), e.error),
            )
        })?;
        (self.say)(format!(
            "updated {}: {dest_name} ({size} bytes, sha256 {sha})",
            source.name
        ));
        Ok(())
    }
}

/// Runs `slm fetch`; `say` gets one line per event. Fails, after trying every source,
/// when any source failed.
pub fn run(config: &Config, options: &Options, say: &mut dyn FnMut(String)) -> Result<()> {
    let chosen: Vec<&Source> = match &options.source {
        Some(name) => {
            let found: Vec<&Source> = config.sources.iter().filter(|s| s.name == *name).collect();
            if found.is_empty() {
                let names: Vec<&str> = config.sources.iter().map(|s| s.name.as_str()).collect();
                return Err(Error::config(
                    "--source",
                    format!(
                        "no source is named `{name}`; the sources in {} are: {}",
                        config.path.display(),
                        if names.is_empty() {
                            "(none)".into()
                        } else {
                            names.join(", ")
                        }
                    ),
                ));
            }
            found
        }
        None => config.sources.iter().collect(),
    };
    if chosen.is_empty() {
        return Err(Error::config(
            config.path.display().to_string(),
            "no [[sources]] to fetch; add one with name, url (or ees_data_set) and dest (see README, Fetching data)",
        ));
    }
    let state = state::load(&config.root)?;
    let state_before = state.clone();
    let date = options.date.unwrap_or_else(today);
    let client = http::client(&config.fetch)?;
    let mut fetcher = Fetcher {
        config,
        options,
        client,
        state,
        say,
    };
    let failures: Vec<FetchFailure> = chosen
        .into_iter()
        .filter_map(|s| {
            match (&s.origin, options.offline) {
                (Origin::TeachingVacancies(url), false) => fetcher.fetch_vacancies(s, url),
                (_, false) => fetcher.fetch(s),
                (_, true) => fetcher.offline(s, &url_of(s, &config.fetch.ees_api, date)),
            }
            .err()
        })
        .collect();
    if !options.dry_run && fetcher.state != state_before {
        state::save(&config.root, &fetcher.state)?;
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::Fetch(failures))
    }
}
