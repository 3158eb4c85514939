//! `slm fetch` against a small HTTP server started inside each test on 127.0.0.1: every
//! fault the issue lists, and what slm must leave on disk after it.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::project::Project;

/// One answer of the test server.
#[derive(Clone)]
pub(crate) enum Reply {
    /// Status, extra headers and body; Content-Length is set from the body.
    Send(u16, Vec<(&'static str, String)>, Vec<u8>),
    /// Claims `declared` bytes, sends `body`, then closes the connection.
    Truncated(usize, Vec<u8>),
    /// Says nothing for this long, then closes.
    Stall(Duration),
}

fn ok(body: &str) -> Reply {
    Reply::Send(200, vec![], body.as_bytes().to_vec())
}

struct Server {
    base: String,
    /// Each request's first line and headers, in order.
    requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Serves `replies` in order, one per connection; the last one repeats.
    fn start(replies: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        std::thread::spawn(move || {
            for (i, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { continue };
                let reply = replies[i.min(replies.len() - 1)].clone();
                let seen = Arc::clone(&seen);
                std::thread::spawn(move || answer(stream, reply, &seen));
            }
        });
        Server { base, requests }
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

pub(crate) fn answer(mut stream: TcpStream, reply: Reply, seen: &Mutex<Vec<String>>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    seen.lock()
        .unwrap()
        .push(String::from_utf8_lossy(&head).into_owned());
    match reply {
        Reply::Send(status, headers, body) => {
            let mut text = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                text.push_str(&format!("{k}: {v}\r\n"));
            }
            text.push_str("\r\n");
            let _ = stream.write_all(text.as_bytes());
            let _ = stream.write_all(&body);
        }
        Reply::Truncated(declared, body) => {
            let text = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(text.as_bytes());
            let _ = stream.write_all(&body);
        }
        Reply::Stall(d) => std::thread::sleep(d),
    }
    let _ = stream.flush();
}

const ADVERTS: &str = "advert_id,published_on,school_urn,role\nf1,2010-10-01,100001,head\n";
const OLD: &str = "advert_id,published_on,school_urn,role\nold,2010-10-01,100001,head\n";

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The small fixture with its second advert file moved to `data/adverts_b.csv` (holding
/// `OLD`), fetched from `server` at `path`, and `extra` source keys.
fn project(server: &Server, path: &str, extra: &str) -> Project {
    let p = Project::fixture("small");
    p.write("data/adverts_b.csv", OLD);
    let config = p
        .read("slm.toml")
        .replace("\"adverts_b.csv\"", "\"data/adverts_b.csv\"");
    p.write(
        "slm.toml",
        format!(
            "{config}\n[fetch]\ntimeout_secs = 2\nretries = 2\nbackoff_ms = 10\n\n[[sources]]\nname = \"partner\"\nurl = \"{}{path}\"\ndest = \"data/adverts_b.csv\"\n{extra}",
            server.base
        ),
    );
    p
}

/// The machine's proxy settings, removed for every fetch: the test server is on loopback.
pub(crate) const PROXY_VARS: [&str; 6] = [
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
];

/// `slm` in the project, with any proxy settings of the machine removed: the test
/// server is on loopback.
pub(crate) fn slm(p: &Project) -> assert_cmd::Command {
    let mut cmd = p.slm();
    for var in PROXY_VARS {
        cmd.env_remove(var);
    }
    cmd
}

/// `slm fetch ARGS`, which must succeed; its stdout.
fn fetch_ok(p: &Project, args: &[&str]) -> String {
    let out = slm(p).arg("fetch").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `slm fetch`, which must exit with `code`; its stderr.
fn fetch_fails(p: &Project, code: i32) -> String {
    let out = slm(p).arg("fetch").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// No temporary file of slm's is left in data/.
fn assert_no_temporaries(p: &Project) {
    for entry in std::fs::read_dir(p.path("data")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.starts_with(".slm-fetch-"), "left behind: {name}");
    }
}

#[test]
fn a_200_replaces_the_file_and_the_next_run_asks_if_changed() {
    let server = Server::start(vec![
        Reply::Send(
            200,
            vec![("ETag", "\"v1\"".into())],
            ADVERTS.as_bytes().to_vec(),
        ),
        Reply::Send(304, vec![("ETag", "\"v1\"".into())], vec![]),
    ]);
    let p = project(&server, "/adverts.csv", "");
    let stdout = fetch_ok(&p, &[]);
    assert!(
        stdout.contains("updated partner: data/adverts_b.csv"),
        "{stdout}"
    );
    assert_eq!(p.read("data/adverts_b.csv"), ADVERTS);
    assert_no_temporaries(&p);

    let stdout = fetch_ok(&p, &[]);
    assert!(
        stdout.contains("unchanged partner: data/adverts_b.csv (HTTP 304 Not Modified)"),
        "{stdout}"
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(!requests[0].to_ascii_lowercase().contains("if-none-match"));
    assert!(
        requests[1]
            .to_ascii_lowercase()
            .contains("if-none-match: \"v1\""),
        "{}",
        requests[1]
    );
    assert!(requests[0]
        .to_ascii_lowercase()
        .contains("user-agent: slm/"));

    // The next build's manifest records the source.
    p.slm().arg("build").assert().success();
    let manifest: serde_json::Value =
        serde_json::from_str(&p.read("reports/2012-13/manifest.json")).unwrap();
    let fetched = &manifest["fetched"][0];
    assert_eq!(fetched["name"], "partner");
    assert_eq!(fetched["url"], format!("{}/adverts.csv", server.base));
    assert_eq!(fetched["etag"], "\"v1\"");
    assert_eq!(fetched["sha256"], sha(ADVERTS.as_bytes()));
}

#[test]
fn a_500_is_retried() {
    let server = Server::start(vec![
        Reply::Send(500, vec![], b"oops".to_vec()),
        ok(ADVERTS),
    ]);
    let p = project(&server, "/a.csv", "");
    let stdout = fetch_ok(&p, &[]);
    assert!(stdout.contains("partner: HTTP 500"), "{stdout}");
    assert!(stdout.contains("retrying in"), "{stdout}");
    assert_eq!(server.requests().len(), 2);
    assert_eq!(p.read("data/adverts_b.csv"), ADVERTS);
}

#[test]
fn a_503_with_retry_after_waits_as_asked() {
    let server = Server::start(vec![
        Reply::Send(503, vec![("Retry-After", "1".into())], vec![]),
        ok(ADVERTS),
    ]);
    let p = project(&server, "/a.csv", "");
    let stdout = fetch_ok(&p, &[]);
    assert!(
        stdout.contains("retrying in 1.0 s (Retry-After)"),
        "{stdout}"
    );
    assert_eq!(p.read("data/adverts_b.csv"), ADVERTS);
}

#[test]
fn a_404_is_not_retried_and_says_what_to_do() {
    let server = Server::start(vec![Reply::Send(404, vec![], b"no".to_vec())]);
    let p = project(&server, "/missing.csv", "");
    let stderr = fetch_fails(&p, 3);
    assert!(stderr.contains("fetch `partner`"), "{stderr}");
    assert!(stderr.contains("/missing.csv"), "{stderr}");
    assert!(stderr.contains("HTTP 404 Not Found"), "{stderr}");
    assert!(stderr.contains("check the URL"), "{stderr}");
    assert_eq!(server.requests().len(), 1);
    assert_eq!(p.read("data/adverts_b.csv"), OLD);
}

#[test]
fn a_body_cut_short_replaces_nothing() {
    let server = Server::start(vec![Reply::Truncated(10_000, ADVERTS.as_bytes().to_vec())]);
    let p = project(&server, "/a.csv", "");
    let stderr = fetch_fails(&p, 3);
    assert!(stderr.contains("gave up after 3 attempts"), "{stderr}");
    assert_eq!(server.requests().len(), 3);
    assert_eq!(p.read("data/adverts_b.csv"), OLD);
    assert_no_temporaries(&p);
}

#[test]
fn a_checksum_mismatch_replaces_nothing() {
    let server = Server::start(vec![ok(ADVERTS)]);
    let p = project(
        &server,
        "/a.csv",
        &format!("sha256 = \"{}\"\n", sha(b"other")),
    );
    let stderr = fetch_fails(&p, 1);
    assert!(stderr.contains("checksum mismatch"), "{stderr}");
    assert!(stderr.contains(&sha(ADVERTS.as_bytes())), "{stderr}");
    assert_eq!(p.read("data/adverts_b.csv"), OLD);
    assert_no_temporaries(&p);

    // The right hash passes.
    let p = project(
        &server,
        "/a.csv",
        &format!("sha256 = \"{}\"\n", sha(ADVERTS.as_bytes())),
    );
    slm(&p).arg("fetch").assert().success();
    assert_eq!(p.read("data/adverts_b.csv"), ADVERTS);
}

#[test]
fn a_server_slower_than_the_timeout_fails_after_retries() {
    let server = Server::start(vec![Reply::Stall(Duration::from_secs(5))]);
    let p = project(&server, "/slow.csv", "");
    let config = p.read("slm.toml").replace("retries = 2", "retries = 1");
    p.write(
        "slm.toml",
        config.replace("timeout_secs = 2", "timeout_secs = 1"),
    );
    let stderr = fetch_fails(&p, 3);
    assert!(
        stderr.contains("timed out") || stderr.contains("within the timeout"),
        "{stderr}"
    );
    assert!(stderr.contains("gave up after 2 attempts"), "{stderr}");
    assert_eq!(p.read("data/adverts_b.csv"), OLD);
}

#[test]
fn a_gzip_response_is_decoded() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(ADVERTS.as_bytes()).unwrap();
    let body = gz.finish().unwrap();
    let server = Server::start(vec![Reply::Send(
        200,
        vec![("Content-Encoding", "gzip".into())],
        body,
    )]);
    let p = project(&server, "/a.csv", "");
    slm(&p).arg("fetch").assert().success();
    assert!(server.requests()[0]
        .to_ascii_lowercase()
        .contains("accept-encoding: gzip"));
    assert_eq!(p.read("data/adverts_b.csv"), ADVERTS);
}

#[test]
fn a_dest_outside_the_data_folder_is_a_config_error() {
    let server = Server::start(vec![ok(ADVERTS)]);
    for dest in ["data/../../escape.csv", "/tmp/escape.csv", "adverts_a.csv"] {
        let p = project(&server, "/a.csv", "");
        let config = p.read("slm.toml").replace(
            "dest = \"data/adverts_b.csv\"",
            &format!("dest = \"{dest}\""),
        );
        p.write("slm.toml", config);
        let stderr = fetch_fails(&p, 2);
        assert!(stderr.contains("sources[0] (`partner`): dest"), "{stderr}");
        assert!(stderr.contains("data folder"), "{stderr}");
    }
    assert!(server.requests().is_empty());
}

#[test]
fn an_invalid_download_is_kept_aside_and_replaces_nothing() {
    let bad = "advert_id,published_on,school_urn,role\nb1,2011-02-30,100001,head\nb2,2011-03-01,0,bursar\n";
    let server = Server::start(vec![ok(bad)]);
    let p = project(&server, "/a.csv", "");
    let stderr = fetch_fails(&p, 1);
    assert!(
        stderr.contains("the download fails validation (3 problems"),
        "{stderr}"
    );
    assert!(
        stderr.contains("data/adverts_b.csv:2:2: published_on `2011-02-30` is not a date"),
        "{stderr}"
    );
    assert!(
        stderr.contains("kept as data/adverts_b.csv.rejected"),
        "{stderr}"
    );
    assert_eq!(p.read("data/adverts_b.csv"), OLD);
    assert_eq!(p.read("data/adverts_b.csv.rejected"), bad);
    assert_no_temporaries(&p);
}

#[test]
fn an_ees_data_set_is_fetched_as_csv_from_the_api() {
    let csv = "time_period,time_identifier,geographic_level,country_code,country_name,value\n202324,Academic year,National,E92000001,England,5\n";
    let server = Server::start(vec![ok(csv)]);
    let p = Project::fixture("small");
    p.append(
        "slm.toml",
        &format!(
            "\n[fetch]\nees_api = \"{}/statistics/v1\"\n\n[[sources]]\nname = \"workforce-stats\"\nees_data_set = \"7c0e9201-c7c0-ff73-bee4-304e731ec0e6\"\ndest = \"data/ees/workforce.csv\"\n",
            server.base
        ),
    );
    slm(&p).arg("fetch").assert().success();
    assert_eq!(p.read("data/ees/workforce.csv"), csv);
    assert!(server.requests()[0].starts_with(
        "GET /statistics/v1/data-sets/7c0e9201-c7c0-ff73-bee4-304e731ec0e6/csv HTTP/1.1"
    ));
}

#[test]
fn a_dated_url_falls_back_to_the_day_before() {
    let server = Server::start(vec![Reply::Send(404, vec![], vec![]), ok(ADVERTS)]);
    let p = project(
        &server,
        "/extract{date}.csv",
        "date_placeholder = \"{date}\"\n",
    );
    let out = slm(&p)
        .args(["fetch", "--date", "2026-11-28"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let requests = server.requests();
    assert!(
        requests[0].starts_with("GET /extract20261128.csv "),
        "{}",
        requests[0]
    );
    assert!(
        requests[1].starts_with("GET /extract20261127.csv "),
        "{}",
        requests[1]
    );
    assert_eq!(p.read("data/adverts_b.csv"), ADVERTS);
}

#[test]
fn offline_makes_no_request_and_dry_run_replaces_nothing() {
    let server = Server::start(vec![ok(ADVERTS)]);
    let p = project(&server, "/a.csv", "");
    let stdout = fetch_ok(&p, &["--offline"]);
    assert!(stdout.contains("offline: would fetch partner"), "{stdout}");
    assert!(server.requests().is_empty());

    let stdout = fetch_ok(&p, &["--dry-run"]);
    assert!(stdout.contains("would update partner"), "{stdout}");
    assert_eq!(server.requests().len(), 1);
    assert_eq!(p.read("data/adverts_b.csv"), OLD);
    assert!(!p.path("data/.slm-fetch.json").exists());

    let out = slm(&p)
        .args(["fetch", "--source", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no source is named `nope`; the sources in")
    );
}
