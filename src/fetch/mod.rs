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
    let mut out = tempfile::Builder::new()
        .prefix(".slm-fetch-")
        .tempfile_in(dir)
        .map_err(|e| {
            local(format!(
                "cannot create a temporary file in {}: {e}",
                dir.display()
            ))
        })?;
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

    fn fetch(&mut self, source: &Source) -> std::result::Result<(), FetchFailure> {
        let dest_name = self.config.display_path(&source.dest);
        let dates = self.dates(source);
        let dir = if self.options.dry_run {
            std::env::temp_dir()
        } else {
            let parent = source.dest.parent().expect("dest is inside data/");
            std::fs::create_dir_all(parent).map_err(|e| {
                let url = url_of(source, &self.config.fetch.ees_api, dates[0]);
                self.failure(
                    source,
                    &url,
                    FetchFailureKind::LocalIo,
                    format!("cannot create {}: {e}", parent.display()),
                )
            })?;
            parent.to_path_buf()
        };
        let mut got = None;
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
                &dir,
                &bar,
                &mut |line| say(format!("{name}: {line}")),
            );
            bar.finish_and_clear();
            match result {
                Ok(g) => {
                    got = Some((url, g));
                    break;
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
        let (url, got) = got.expect("the last date returns or fails");
        let body = match got {
            Got::NotModified => {
                (self.say)(format!(
                    "unchanged {}: {dest_name} (HTTP 304 Not Modified)",
                    source.name
                ));
                return Ok(());
            }
            Got::Body(body) => body,
        };
        let (etag, last_modified) = (body.etag.clone(), body.last_modified.clone());
        let file = decoded(body, &dir).map_err(|(kind, m)| self.failure(source, &url, kind, m))?;
        let (sha, bytes) = sha256_of(file.path()).map_err(|e| {
            self.failure(
                source,
                &url,
                FetchFailureKind::LocalIo,
                format!("cannot read the download: {e}"),
            )
        })?;
        if let Some(want) = &source.sha256 {
            if *want != sha {
                return Err(self.failure(
                    source,
                    &url,
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
            bytes,
        );
        if !problems.is_empty() {
            let rejected = rejected_path(&source.dest);
            let kept = if self.options.dry_run {
                "(dry run: not kept)".to_string()
            } else {
                match file.persist(&rejected) {
                    Ok(_) => format!("kept as {}", self.config.display_path(&rejected)),
                    Err(e) => format!("could not keep it as {}: {}", rejected.display(), e.error),
                }
            };
            let mut lines: Vec<String> =
                problems.iter().take(20).map(|p| format!("  {p}")).collect();
            if problems.len() > 20 {
                lines.push(format!("  ... and {} more", problems.len() - 20));
            }
            return Err(self.failure(
                source,
                &url,
                FetchFailureKind::Rejected,
                format!(
                    "the download fails validation ({} problem{}; line numbers are the download's), {kept}; {dest_name} was not replaced:\n{}",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" },
                    lines.join("\n")
                ),
            ));
        }
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
                &url,
                FetchFailureKind::LocalIo,
                format!("cannot replace {}: {}", source.dest.display(), e.error),
            )
        })?;
        self.state.sources.insert(
            source.name.clone(),
            Fetched {
                url: url.clone(),
                dest: dest_name.clone(),
                etag,
                last_modified,
                sha256: sha.clone(),
                bytes: size,
            },
        );
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
    let mut failures = Vec::new();
    if options.offline {
        for s in &chosen {
            let url = url_of(s, &config.fetch.ees_api, date);
            if matches!(s.origin, Origin::TeachingVacancies(_)) {
                // Offline, a Teaching Vacancies source is derived again from its snapshots.
                match fetcher.write_adverts(s, &url) {
                    Ok(history) => {
                        for (_, p) in &history.problems {
                            (fetcher.say)(format!("{}: not read, left out: {p}", s.name));
                        }
                    }
                    Err((kind, message)) => failures.push(FetchFailure {
                        source: s.name.clone(),
                        url,
                        kind,
                        message,
                    }),
                }
                continue;
            }
            let state = &fetcher.state;
            let known = state.sources.get(&s.name).filter(|f| f.url == url);
            let how = match known.and_then(|f| f.etag.as_deref()) {
                Some(etag) => format!(", asking only if changed (ETag {etag})"),
                None => String::new(),
            };
            (fetcher.say)(format!(
                "offline: would fetch {}: {url} -> {}{how}",
                s.name,
                config.display_path(&s.dest)
            ));
        }
    } else {
        for s in chosen {
            let result = match &s.origin {
                Origin::TeachingVacancies(url) => fetcher.fetch_vacancies(s, url),
                _ => fetcher.fetch(s),
            };
            if let Err(f) = result {
                failures.push(f);
            }
        }
    }
    if !options.dry_run && fetcher.state != state_before {
        state::save(&config.root, &fetcher.state)?;
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::Fetch(failures))
    }
}
