//! One download over HTTP(S) with reqwest's blocking client: conditional headers,
//! retries with exponential backoff and jitter on connection errors, timeouts, 429 and
//! 5xx (honouring Retry-After), none on other 4xx; the body streamed to a temporary
//! file and its length checked against Content-Length.

use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, SystemTime};

use indicatif::{ProgressBar, ProgressStyle};
use reqwest::blocking::{Client, Response};
use reqwest::header::{
    ACCEPT_ENCODING, CONTENT_ENCODING, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
    RETRY_AFTER,
};
use reqwest::StatusCode;
use tempfile::NamedTempFile;

use crate::config::FetchSettings;

/// The longest Retry-After slm waits for; a server asking for more is reported.
pub const MAX_WAIT: Duration = Duration::from_secs(120);
/// The longest backoff between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// What a server said about a URL.
pub enum Got {
    /// 304: the file slm has is current.
    NotModified,
    Body(Body),
}

pub struct Body {
    /// The bytes as sent (still gzip-encoded when `gzip`).
    pub file: NamedTempFile,
    pub bytes: u64,
    pub gzip: bool,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// Why a download did not happen, after any retries.
#[derive(Debug)]
pub struct Failure {
    /// The HTTP status, when the server answered with a refusal.
    pub status: Option<StatusCode>,
    pub message: String,
}

enum Attempt {
    Retry {
        message: String,
        after: Option<Duration>,
    },
    Fatal(Failure),
}

/// Sent along to make a request conditional.
#[derive(Debug, Default, Clone)]
pub struct Conditional {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

pub fn client(settings: &FetchSettings) -> Result<Client, crate::error::Error> {
    let timeout = Duration::from_secs(settings.timeout_secs);
    Client::builder()
        .user_agent(settings.user_agent.clone())
        .timeout(timeout)
        .connect_timeout(timeout)
        .build()
        .map_err(|e| crate::error::Error::Internal(format!("starting the HTTP client: {e}")))
}

fn header(resp: &Response, name: reqwest::header::HeaderName) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Retry-After as seconds or an HTTP date.
fn retry_after(resp: &Response) -> Option<Duration> {
    let value = header(resp, RETRY_AFTER)?;
    if let Ok(secs) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value.trim()).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// The full error chain of a reqwest error, e.g. "error sending request: connection
/// refused".
fn describe(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}

/// Sends the request (conditional on what was fetched before); the response when it
/// has a body, `None` when the server says nothing changed.
fn send(
    client: &Client,
    url: &str,
    conditional: &Conditional,
) -> Result<Option<Response>, Attempt> {
    let mut request = client.get(url).header(ACCEPT_ENCODING, "gzip");
    if let Some(etag) = &conditional.etag {
        request = request.header(IF_NONE_MATCH, etag);
    }
    if let Some(date) = &conditional.last_modified {
        request = request.header(IF_MODIFIED_SINCE, date);
    }
    let resp = request.send().map_err(|e| Attempt::Retry {
        message: if e.is_timeout() {
            format!("no answer within the timeout ({})", describe(&e))
        } else {
            format!("cannot connect ({})", describe(&e))
        },
        after: None,
    })?;
    let status = resp.status();
    if status == StatusCode::NOT_MODIFIED {
        return Ok(None);
    }
    if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
        return Err(Attempt::Retry {
            message: format!("HTTP {status}"),
            after: retry_after(&resp),
        });
    }
    if !status.is_success() {
        return Err(Attempt::Fatal(Failure {
            status: Some(status),
            message: format!(
                "HTTP {status}: the server refused the request, which retrying will not change; check the URL (or the EES data set id) in slm.toml"
            ),
        }));
    }
    Ok(Some(resp))
}

/// The response's body, read into a temporary file in `dir`; its size must be the one
/// announced.
fn body_to_file(
    resp: &mut Response,
    expected: Option<u64>,
    dir: &Path,
    progress: &ProgressBar,
) -> Result<(NamedTempFile, u64), Attempt> {
    let mut file = tempfile::Builder::new()
        .prefix(super::TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| {
            Attempt::Fatal(Failure {
                status: None,
                message: format!("cannot create a temporary file in {}: {e}", dir.display()),
            })
        })?;
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = match resp.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                return Err(Attempt::Retry {
                    message: format!(
                        "the connection failed after {bytes} bytes ({})",
                        describe(&e)
                    ),
                    after: None,
                })
            }
        };
        file.write_all(&buf[..n]).map_err(|e| {
            Attempt::Fatal(Failure {
                status: None,
                message: format!("cannot write {}: {e}", file.path().display()),
            })
        })?;
        bytes += n as u64;
        progress.inc(n as u64);
    }
    if let Some(len) = expected {
        if len != bytes {
            return Err(Attempt::Retry {
                message: format!("the download stopped at {bytes} of {len} bytes"),
                after: None,
            });
        }
    }
    Ok((file, bytes))
}

fn attempt(
    client: &Client,
    url: &str,
    conditional: &Conditional,
    dir: &Path,
    progress: &ProgressBar,
) -> Result<Got, Attempt> {
    let Some(mut resp) = send(client, url, conditional)? else {
        return Ok(Got::NotModified);
    };
    let expected = resp.content_length();
    progress.set_length(expected.unwrap_or(0));
    progress.set_position(0);
    let gzip = header(&resp, CONTENT_ENCODING).is_some_and(|v| v.eq_ignore_ascii_case("gzip"));
    let (etag, last_modified) = (header(&resp, ETAG), header(&resp, LAST_MODIFIED));
    let (file, bytes) = body_to_file(&mut resp, expected, dir, progress)?;
    Ok(Got::Body(Body {
        file,
        bytes,
        gzip,
        etag,
        last_modified,
    }))
}

/// The delay before retry `n` (0-based): `backoff_ms * 2^n`, at most 30 s, times a
/// random factor from 0.5 to 1.5 so that many clients do not retry in step.
fn backoff(settings: &FetchSettings, n: u32) -> Duration {
    let base = Duration::from_millis(settings.backoff_ms).saturating_mul(1u32 << n.min(16));
    base.min(MAX_BACKOFF).mul_f64(0.5 + rand::random::<f64>())
}

/// Downloads `url` into a temporary file in `dir`, retrying as configured; `say`
/// receives a line before each retry.
pub fn download(
    client: &Client,
    settings: &FetchSettings,
    url: &str,
    conditional: &Conditional,
    dir: &Path,
    progress: &ProgressBar,
    say: &mut dyn FnMut(String),
) -> Result<Got, Failure> {
    let attempts = settings.retries + 1;
    let mut last = String::new();
    for n in 0..attempts {
        match attempt(client, url, conditional, dir, progress) {
            Ok(got) => return Ok(got),
            Err(Attempt::Fatal(f)) => return Err(f),
            Err(Attempt::Retry { message, after }) => {
                if n + 1 == attempts {
                    last = message;
                    break;
                }
                let (delay, why) = match after {
                    Some(d) if d > MAX_WAIT => {
                        return Err(Failure {
                            status: None,
                            message: format!(
                                "{message}; the server asks slm to wait {} s (Retry-After), longer than it waits ({} s): try again later",
                                d.as_secs(),
                                MAX_WAIT.as_secs()
                            ),
                        })
                    }
                    Some(d) => (d, " (Retry-After)"),
                    None => (backoff(settings, n), ""),
                };
                say(format!(
                    "{message}; retrying in {:.1} s{why} (attempt {} of {attempts})",
                    delay.as_secs_f64(),
                    n + 2
                ));
                std::thread::sleep(delay);
            }
        }
    }
    Err(Failure {
        status: None,
        message: format!(
            "{last}; gave up after {attempts} attempt{}: check the network and the server, then run slm fetch again",
            if attempts == 1 { "" } else { "s" }
        ),
    })
}

/// A progress bar with bytes and rate on a terminal; hidden elsewhere (CI gets plain
/// lines instead).
pub fn progress_bar(name: &str, on_terminal: bool) -> ProgressBar {
    if !on_terminal {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.set_message(name.to_string());
    bar
}
