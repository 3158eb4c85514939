//! `slm fetch` for a `teaching_vacancies` source (DESIGN.md, Inputs: Teaching
//! Vacancies): every page of the API, one request at a time, kept as received in one
//! immutable compressed snapshot per fetch date (`dest/snapshots/<date>.json.gz`), then
//! `dest/adverts.csv` derived from all snapshots (`vacancy_history`). A page that
//! cannot be had or read keeps nothing new; a snapshot is never replaced; the derived
//! file only ever grows, because it is derived from every snapshot kept.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use flate2::{read::GzDecoder, write::GzEncoder, Compression};
use serde::{Deserialize, Serialize};

use super::http::{self, Conditional, Got};
use super::state::Fetched;
use super::vacancy_history::{history, page_items, total_pages, History, Page};
use super::{decoded, Fetcher};
use crate::config::Source;
use crate::error::{FetchFailure, FetchFailureKind};

/// The derived adverts file inside `dest`.
pub const ADVERTS: &str = "adverts.csv";
/// The folder of snapshots inside `dest`.
pub const SNAPSHOTS: &str = "snapshots";
/// More pages than this is taken for a server that never stops.
const MOST_PAGES: u32 = 100_000;

/// One line of a snapshot: a page as received.
#[derive(Serialize, Deserialize)]
struct KeptPage {
    page: u32,
    body: String,
}

type Failed = (FetchFailureKind, String);

fn snapshot_path(dest: &Path, date: NaiveDate) -> PathBuf {
    dest.join(SNAPSHOTS).join(format!("{date}.json.gz"))
}

/// The URL of page `n`.
fn page_url(url: &str, n: u32) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}page={n}")
}

/// Whether the API says there is a page after `n`: `meta.totalPages`, else a
/// `links.next`.
fn has_next(body: &str, n: u32) -> bool {
    if let Some(total) = total_pages(body) {
        return n < total;
    }
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("links")?.get("next")?.as_str().map(|s| !s.is_empty()))
        .unwrap_or(false)
}

/// Removes the temporary files a killed fetch left in `dest` and its snapshots folder
/// (never a kept snapshot or the derived file: only slm's `TEMP_PREFIX` files).
fn clean_stale(dest: &Path) {
    for dir in [dest.to_path_buf(), dest.join(SNAPSHOTS)] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with(super::TEMP_PREFIX)
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Every kept snapshot's pages, in date order.
fn read_snapshots(dest: &Path) -> Result<Vec<(NaiveDate, Vec<KeptPage>)>, Failed> {
    let dir = dest.join(SNAPSHOTS);
    let local = |m: String| (FetchFailureKind::LocalIo, m);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(local(format!("cannot read {}: {e}", dir.display()))),
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(date) = name
            .strip_suffix(".json.gz")
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            continue;
        };
        let path = entry.path();
        let file = std::fs::File::open(&path)
            .map_err(|e| local(format!("cannot read {}: {e}", path.display())))?;
        let mut text = String::new();
        GzDecoder::new(file)
            .read_to_string(&mut text)
            .map_err(|e| {
                (
                    FetchFailureKind::Rejected,
                    format!("snapshot {} does not decode ({e})", path.display()),
                )
            })?;
        let pages = text
            .lines()
            .map(serde_json::from_str::<KeptPage>)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| {
                (
                    FetchFailureKind::Rejected,
                    format!("snapshot {} does not read ({e})", path.display()),
                )
            })?;
        found.push((date, pages));
    }
    found.sort_by_key(|(d, _)| *d);
    Ok(found)
}

/// The history of every snapshot under `dest`.
fn derive(dest: &Path) -> Result<History, Failed> {
    let snapshots = read_snapshots(dest)?;
    let pages: Vec<Page> = snapshots
        .iter()
        .flat_map(|(date, pages)| {
            pages.iter().map(|p| Page {
                snapshot: *date,
                number: p.page,
                body: &p.body,
            })
        })
        .collect();
    Ok(history(&pages))
}

/// Writes `bytes` to `path` by rename (a killed run leaves the old file).
fn replace(path: &Path, bytes: &[u8], no_clobber: bool) -> Result<(), Failed> {
    let dir = path.parent().expect("inside dest");
    let local = |m: String| (FetchFailureKind::LocalIo, m);
    std::fs::create_dir_all(dir)
        .map_err(|e| local(format!("cannot create {}: {e}", dir.display())))?;
    let mut tmp = super::temp_file_in(dir)?;
    tmp.write_all(bytes)
        .map_err(|e| local(format!("cannot write {}: {e}", path.display())))?;
    let _ = std::fs::set_permissions(tmp.path(), super::default_permissions());
    let persisted = if no_clobber {
        tmp.persist_noclobber(path)
    } else {
        tmp.persist(path)
    };
    persisted.map_err(|e| local(format!("cannot write {}: {}", path.display(), e.error)))?;
    Ok(())
}

/// The pages as one snapshot file: gzip (no timestamp) of one JSON line per page.
fn snapshot_bytes(pages: &[KeptPage]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    for p in pages {
        let line = serde_json::to_string(p).expect("a page serialises");
        gz.write_all(line.as_bytes()).expect("writing to memory");
        gz.write_all(b"\n").expect("writing to memory");
    }
    gz.finish().expect("writing to memory")
}

impl Fetcher<'_> {
    /// Fetches every page of `url` into a new snapshot, then derives the adverts file.
    pub(super) fn fetch_vacancies(
        &mut self,
        source: &Source,
        url: &str,
    ) -> Result<(), FetchFailure> {
        let fail = |(kind, message): Failed| FetchFailure {
            source: source.name.clone(),
            url: url.to_string(),
            kind,
            message,
        };
        let date = self.options.date.unwrap_or_else(super::today);
        if !self.options.dry_run {
            clean_stale(&source.dest);
        }
        let snapshot = snapshot_path(&source.dest, date);
        let shown = self.config.display_path(&snapshot);
        if snapshot.exists() {
            return Err(fail((
                FetchFailureKind::Rejected,
                format!("{shown} is kept already (snapshots are never replaced); fetch again on another day, or run `slm fetch --offline` to derive {} again", ADVERTS),
            )));
        }
        let pages = self.pages(source, url).map_err(fail)?;
        let items: usize = pages
            .iter()
            .map(|p| page_items(&p.body).map_or(0, |i| i.len()))
            .sum();
        if self.options.dry_run {
            (self.say)(format!(
                "would keep {}: {shown} ({} pages, {items} items); dry run, nothing written",
                source.name,
                pages.len()
            ));
            return Ok(());
        }
        replace(&snapshot, &snapshot_bytes(&pages), true).map_err(fail)?;
        (self.say)(format!(
            "kept {}: {shown} ({} pages, {items} items)",
            source.name,
            pages.len()
        ));
        let history = self.write_adverts(source, url).map_err(fail)?;
        let new: Vec<&String> = history
            .problems
            .iter()
            .filter(|(d, _)| *d == date)
            .map(|(_, p)| p)
            .collect();
        if new.is_empty() {
            Ok(())
        } else {
            Err(fail((
                FetchFailureKind::Rejected,
                format!(
                    "{} item{} could not be read and {} left out of {ADVERTS} (the rest of the fetch is kept):\n{}",
                    new.len(),
                    if new.len() == 1 { "" } else { "s" },
                    if new.len() == 1 { "was" } else { "were" },
                    new.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n")
                ),
            )))
        }
    }

    /// Every page, one request at a time (with the usual retries), each checked to be
    /// the API's JSON; the first that cannot be had stops the fetch.
    fn pages(&mut self, source: &Source, url: &str) -> Result<Vec<KeptPage>, Failed> {
        let dir = source.dest.clone();
        std::fs::create_dir_all(&dir).map_err(|e| {
            (
                FetchFailureKind::LocalIo,
                format!("cannot create {}: {e}", dir.display()),
            )
        })?;
        let mut pages = Vec::new();
        for n in 1..=MOST_PAGES {
            let page_url = page_url(url, n);
            (self.say)(format!("fetching {}: {page_url}", source.name));
            let bar = http::progress_bar(&source.name, self.options.progress);
            let name = source.name.clone();
            let say = &mut *self.say;
            let got = http::download(
                &self.client,
                &self.config.fetch,
                &page_url,
                &Conditional::default(),
                &dir,
                &bar,
                &mut |line| say(format!("{name}: {line}")),
            );
            bar.finish_and_clear();
            let body = match got {
                Ok(Got::Body(body)) => body,
                Ok(Got::NotModified) => {
                    return Err((
                        FetchFailureKind::Rejected,
                        format!("page {n}: HTTP 304 to a request that asked for no condition"),
                    ))
                }
                Err(f) => {
                    return Err((
                        FetchFailureKind::Network,
                        format!("page {n} ({page_url}): {}; nothing new was kept", f.message),
                    ))
                }
            };
            let file = decoded(body, &dir)?;
            let text = std::fs::read_to_string(file.path()).map_err(|e| {
                (
                    FetchFailureKind::Rejected,
                    format!("page {n} ({page_url}) is not UTF-8 text ({e}); nothing new was kept"),
                )
            })?;
            page_items(&text).map_err(|e| {
                (
                    FetchFailureKind::Rejected,
                    format!("page {n} ({page_url}): {e}; nothing new was kept"),
                )
            })?;
            let more = has_next(&text, n);
            pages.push(KeptPage {
                page: n,
                body: text,
            });
            if !more {
                return Ok(pages);
            }
        }
        Err((
            FetchFailureKind::Rejected,
            format!("the API gave more than {MOST_PAGES} pages; nothing new was kept"),
        ))
    }

    /// Derives `dest/adverts.csv` from every snapshot, writes it when it changed, and
    /// records it in the fetch state.
    pub(super) fn write_adverts(&mut self, source: &Source, url: &str) -> Result<History, Failed> {
        let history = derive(&source.dest)?;
        let csv = history.adverts_csv();
        let path = source.dest.join(ADVERTS);
        let shown = self.config.display_path(&path);
        let unchanged = std::fs::read(&path).is_ok_and(|old| old == csv.as_bytes());
        if !unchanged && !self.options.dry_run {
            replace(&path, csv.as_bytes(), false)?;
        }
        let extended = history.vacancies.values().filter(|v| v.extended()).count();
        (self.say)(format!(
            "{} {}: {shown} ({} leadership vacancies, {extended} extended; {} other-role items seen)",
            if unchanged { "unchanged" } else { "derived" },
            source.name,
            history.vacancies.len(),
            history.other_roles
        ));
        if !self.options.dry_run {
            self.state.sources.insert(
                source.name.clone(),
                Fetched {
                    url: url.to_string(),
                    dest: shown,
                    etag: None,
                    last_modified: None,
                    sha256: crate::hash::sha256_hex(csv.as_bytes()),
                    bytes: csv.len() as u64,
                },
            );
        }
        Ok(history)
    }
}
