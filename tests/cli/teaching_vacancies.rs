//! `slm fetch` of DfE's Teaching Vacancies API (DESIGN.md, Inputs: Teaching Vacancies)
//! against a server on 127.0.0.1 that replays pages written for these tests from the
//! API's schema: two fetches kept as snapshots, the adverts file they give (worked by
//! hand), a build from it, and what is kept when a page fails.

use std::collections::{HashMap, VecDeque};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use crate::fetch::{answer, slm, Reply, PROXY_VARS};
use crate::project::{repo_root, Project};

/// A server answering by request target (`/api/jobs.json?page=2`): each target's
/// replies in order, its last one repeated.
struct Api {
    base: String,
    requests: Arc<Mutex<Vec<String>>>,
}

type Routes = Arc<Mutex<HashMap<String, VecDeque<Reply>>>>;

impl Api {
    fn start(routes: Routes) -> Api {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let mut line = [0u8; 512];
                // Peek at the request line to route it; `answer` reads it again.
                let n = stream.peek(&mut line).unwrap_or(0);
                let first = String::from_utf8_lossy(&line[..n]).into_owned();
                let target = first.split_whitespace().nth(1).unwrap_or("").to_string();
                let reply = {
                    let mut routes = routes.lock().unwrap();
                    match routes.get_mut(&target) {
                        Some(q) if q.len() > 1 => q.pop_front().unwrap(),
                        Some(q) => q.front().unwrap().clone(),
                        None => Reply::Send(404, vec![], b"not found".to_vec()),
                    }
                };
                let seen = Arc::clone(&seen);
                std::thread::spawn(move || answer(stream, reply, &seen));
            }
        });
        Api { base, requests }
    }
}

fn job(slug: &str, category: &str, urn: &str, posted: &str, closes: &str) -> Value {
    json!({
        "@context": "http://schema.org",
        "@type": "JobPosting",
        "title": format!("Vacancy {slug}"),
        "datePosted": posted,
        "validThrough": closes,
        "occupationalCategory": category,
        "employmentType": "FULL_TIME",
        "url": format!("https://teaching-vacancies.service.gov.uk/jobs/{slug}"),
        "hiringOrganization": {"@type": "School", "name": "A school", "identifier": urn},
        "jobLocation": {"@type": "Place", "address": {"addressLocality": "Newcastle"}}
    })
}

fn page(items: Vec<Value>, total: u32) -> Reply {
    let body = json!({
        "data": items,
        "links": {"self": "x", "first": "x", "last": "x", "prev": null, "next": null},
        "meta": {"totalPages": total},
        "info": {"title": "Teaching Vacancies", "licence": "Open Government License"}
    });
    Reply::Send(200, vec![], body.to_string().into_bytes())
}

/// The first fetch (10 November 2025): two pages. The second fetch (30 November): one
/// page, after one failure; head-alpha has gone, deputy-beta closes later, head-alpha-2
/// re-advertises head-alpha's post 40 days on.
fn first_fetch() -> Vec<(&'static str, Vec<Reply>)> {
    vec![
        (
            "page=1",
            vec![page(
                vec![
                    job(
                        "head-alpha",
                        "headteacher",
                        "100001",
                        "2025-10-06T08:00:00Z",
                        "2025-10-27T12:00:00Z",
                    ),
                    // 23:30 UTC in October (BST) is the 14th in London.
                    job(
                        "deputy-beta",
                        "deputy_headteacher",
                        "100002",
                        "2025-10-13T23:30:00Z",
                        "2025-11-14T12:00:00Z",
                    ),
                    job(
                        "teacher-alpha",
                        "teacher",
                        "100001",
                        "2025-10-06T08:00:00Z",
                        "2025-10-27T12:00:00Z",
                    ),
                ],
                2,
            )],
        ),
        (
            "page=2",
            vec![page(
                vec![
                    job(
                        "head-beta",
                        "deputy_headteacher, headteacher",
                        "100002",
                        "2025-10-20T09:00:00Z",
                        "2025-11-20T12:00:00Z",
                    ),
                    // A trust advertises: its UID, not a URN.
                    job(
                        "head-trust",
                        "headteacher",
                        "17584",
                        "2025-10-21T09:00:00Z",
                        "2025-12-01T12:00:00Z",
                    ),
                    json!({"url": "https://teaching-vacancies.service.gov.uk/jobs/broken", "occupationalCategory": "headteacher", "validThrough": "2025-12-01T12:00:00Z", "hiringOrganization": {"identifier": "100001"}}),
                ],
                2,
            )],
        ),
    ]
}

fn second_fetch() -> Vec<(&'static str, Vec<Reply>)> {
    vec![(
        "page=1",
        vec![
            Reply::Send(500, vec![], b"busy".to_vec()),
            page(
                vec![
                    job(
                        "deputy-beta",
                        "deputy_headteacher",
                        "100002",
                        "2025-10-13T23:30:00Z",
                        "2025-12-12T12:00:00Z",
                    ),
                    job(
                        "head-alpha-2",
                        "headteacher",
                        "100001",
                        "2025-11-15T09:00:00Z",
                        "2025-12-05T12:00:00Z",
                    ),
                    job(
                        "head-beta",
                        "headteacher",
                        "100002",
                        "2025-10-20T09:00:00Z",
                        "2025-11-20T12:00:00Z",
                    ),
                ],
                1,
            ),
        ],
    )]
}

/// Serves `fetch`'s pages at /api/jobs.json.
fn serve(routes: &Routes, fetch: Vec<(&'static str, Vec<Reply>)>) {
    let mut r = routes.lock().unwrap();
    r.clear();
    for (query, replies) in fetch {
        r.insert(format!("/api/jobs.json?{query}"), replies.into());
    }
}

/// A project reading the feed's adverts beside the small fixture's register.
fn project(api: &Api) -> Project {
    let p = Project::empty();
    p.write(
        "schools.csv",
        std::fs::read(repo_root().join("tests/fixtures/small/schools.csv")).unwrap(),
    );
    p.write(
        "slm.toml",
        format!(
            "[inputs]\nadverts = [\"data/tv/adverts.csv\"]\nschools = \"schools.csv\"\nlabel = \"Test feed\"\nobserved_until = \"2027-08-31\"\n[rules]\nmin_base = 1\n[fetch]\ntimeout_secs = 2\nretries = 2\nbackoff_ms = 10\n\n[[sources]]\nname = \"tv\"\nkind = \"teaching_vacancies\"\nurl = \"{}/api/jobs.json\"\ndest = \"data/tv\"\n",
            api.base
        ),
    );
    p
}

fn fetch(p: &Project, args: &[&str]) -> std::process::Output {
    slm(p).arg("fetch").args(args).output().unwrap()
}

/// `slm fetch ARGS`, which must succeed.
fn fetch_ok(p: &Project, args: &[&str]) -> std::process::Output {
    let out = fetch(p, args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A project whose feed has one fetch kept (30 November 2025, `second_fetch`).
fn fetched_once() -> (Routes, Api, Project) {
    let routes: Routes = Arc::default();
    let api = Api::start(Arc::clone(&routes));
    let p = project(&api);
    serve(&routes, second_fetch());
    fetch_ok(&p, &["--date", "2025-11-30"]);
    (routes, api, p)
}

/// slm's own files (`.slm-…`) left in the feed's folder.
fn left_behind(p: &Project) -> Vec<String> {
    std::fs::read_dir(p.path("data/tv"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".slm-"))
        .collect()
}

const EXPECTED: &str = "\
advert_id,published_on,school_urn,role,source,valid_through,first_seen,last_seen,extended,first_valid_through
deputy-beta,2025-10-14,100002,deputy,teaching_vacancies,2025-12-12,2025-11-10,2025-11-30,yes,2025-11-14
head-alpha,2025-10-06,100001,head,teaching_vacancies,2025-10-27,2025-11-10,2025-11-10,no,2025-10-27
head-alpha-2,2025-11-15,100001,head,teaching_vacancies,2025-12-05,2025-11-30,2025-11-30,no,2025-12-05
head-beta,2025-10-20,100002,head,teaching_vacancies,2025-11-20,2025-11-10,2025-11-30,no,2025-11-20
head-trust,2025-10-21,17584,head,teaching_vacancies,2025-12-01,2025-11-10,2025-11-10,no,2025-12-01
";

#[test]
fn two_fetches_make_one_history_and_a_report_year() {
    let routes: Routes = Arc::default();
    let api = Api::start(Arc::clone(&routes));
    let p = project(&api);

    // First fetch: both pages kept; the malformed item is named and left out, the rest
    // kept (exit 1).
    serve(&routes, first_fetch());
    let out = fetch(&p, &["--date", "2025-11-10"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("snapshot 2025-11-10, page 2, item 3: `datePosted` is missing or empty"),
        "{err}"
    );
    assert!(p.path("data/tv/snapshots/2025-11-10.json.gz").is_file());
    let first = p.read("data/tv/adverts.csv");
    assert_eq!(first.lines().count(), 1 + 4, "{first}");

    // The same date again: a snapshot is never replaced.
    let out = fetch(&p, &["--date", "2025-11-10"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is kept already"));

    // Second fetch: the first attempt at page 1 fails (500), the retry succeeds.
    serve(&routes, second_fetch());
    fetch_ok(&p, &["--date", "2025-11-30"]);
    assert_eq!(p.read("data/tv/adverts.csv"), EXPECTED);

    // Derived again from the snapshots alone: the same bytes.
    std::fs::remove_file(p.path("data/tv/adverts.csv")).unwrap();
    let out = fetch_ok(&p, &["--offline"]);
    assert_eq!(p.read("data/tv/adverts.csv"), EXPECTED);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("page 2, item 3"), "{said}");

    // A build: 2025/26 head posts: Alpha Primary's re-advertised after 40 days
    // (unfilled), Beta High's not; deputy-beta is one deputy post.
    p.slm().arg("build").assert().success();
    let rates = p.csv("reports/2025-26/data/unfilled_rates.csv");
    let cell = |level: &str, phase: &str, post: &str| {
        rates
            .iter()
            .find(|r| {
                r["time_period"] == "202526"
                    && r["geographic_level"] == level
                    && r["country_code"] == "E92000001"
                    && r["education_phase"] == phase
                    && r["post"] == post
                    && r["school_religious_character"] == "Total"
            })
            .map(|r| (r["post_count"].clone(), r["unfilled_percent"].clone()))
    };
    assert_eq!(
        cell("National", "Primary", "Head teacher"),
        Some(("1".into(), "100.0".into()))
    );
    assert_eq!(
        cell("National", "Secondary", "Head teacher"),
        Some(("1".into(), "0.0".into()))
    );
    assert_eq!(
        cell("National", "Secondary", "Deputy head teacher"),
        Some(("1".into(), "0.0".into()))
    );
    let q: Value = serde_json::from_str(&p.read("reports/2025-26/quality.json")).unwrap();
    assert_eq!(
        q["trust_vacancies"],
        json!({"adverts": 1, "first_advert_ids": ["head-trust"]})
    );
    // Beside the rate, never in it: of the 3 posts first advertised on the feed (two
    // head posts, one deputy; the trust's is not a school's), deputy-beta's first
    // vacancy was extended.
    assert_eq!(
        q["teaching_vacancies_feed"],
        json!({"first_seen": "2025-11-10", "last_seen": "2025-11-30", "years": [
            {"year": "2025/26", "posts_first_advertised_on_feed": 3, "first_vacancy_extended": 1}
        ]})
    );
    let report = p.read("reports/2025-26/report.html");
    assert!(
        report.contains("from 10 November 2025 to 30 November 2025")
            && report.contains("1 of the 3 posts first advertised on the feed had that first vacancy extended (33 per cent, 95% confidence interval 6 to 79)"),
        "the report says what the feed covers and its extensions"
    );

    // A historical adverts file beside the feed: the vacancy in both is counted once;
    // the same id saying another school is an error naming both places.
    p.write(
        "history.csv",
        "advert_id,published_on,school_urn,role\nhead-beta,2025-10-20,100002,head\nold-1,2024-10-01,100001,head\n",
    );
    let config = p.read("slm.toml").replace(
        "adverts = [\"data/tv/adverts.csv\"]",
        "adverts = [\"history.csv\", \"data/tv/adverts.csv\"]",
    );
    p.write("slm.toml", &config);
    p.slm().arg("build").assert().success();
    let q: Value = serde_json::from_str(&p.read("reports/2025-26/quality.json")).unwrap();
    assert_eq!(q["adverts_in_two_files"], 1);
    assert_eq!(q["adverts_read"], 6);
    let of_2025 = |rows: Vec<std::collections::BTreeMap<String, String>>| {
        rows.into_iter()
            .filter(|r| r["time_period"] == "202526")
            .collect::<Vec<_>>()
    };
    assert_eq!(
        of_2025(p.csv("reports/2025-26/data/unfilled_rates.csv")),
        of_2025(rates),
        "the vacancy in both files is counted once"
    );
    p.write(
        "history.csv",
        "advert_id,published_on,school_urn,role\nhead-beta,2025-10-20,100001,head\n",
    );
    let err = p.stderr_of(&["validate"], 1);
    assert!(
        err.contains("data/tv/adverts.csv:5:1: advert_id `head-beta` is also in history.csv:2 with another date, school or role"),
        "{err}"
    );

    let requests = api.requests.lock().unwrap().clone();
    assert!(
        requests.iter().all(|r| r.contains("user-agent: slm/")),
        "{requests:?}"
    );
    // Two pages; none for the refused date; page 1 twice (500, then 200).
    assert_eq!(requests.len(), 2 + 2, "{requests:?}");
}

/// A page cut short: nothing new is kept, the snapshots and the adverts file stand.
#[test]
fn a_truncated_page_keeps_nothing_new() {
    let (routes, _api, p) = fetched_once();
    let before = p.read("data/tv/adverts.csv");
    serve(
        &routes,
        vec![
            ("page=1", vec![page(vec![], 2)]),
            (
                "page=2",
                vec![Reply::Truncated(5000, b"{\"data\": [".to_vec())],
            ),
        ],
    );
    let out = fetch(&p, &["--date", "2025-12-01"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing new was kept"));
    assert!(!p.path("data/tv/snapshots/2025-12-01.json.gz").exists());
    assert_eq!(p.read("data/tv/adverts.csv"), before);
    let left = left_behind(&p);
    assert!(left.is_empty(), "{left:?}");
}

/// A fetch killed while it waits for a page: the kept snapshot and the derived file are
/// as they were, and the next fetch removes what the killed one left and succeeds.
#[test]
fn a_kill_during_a_fetch_leaves_what_was_kept() {
    let (routes, api, p) = fetched_once();
    let kept = (
        std::fs::read(p.path("data/tv/snapshots/2025-11-30.json.gz")).unwrap(),
        p.read("data/tv/adverts.csv"),
    );
    // Page 1 arrives; page 2 never does.
    serve(
        &routes,
        vec![
            ("page=1", vec![page(vec![], 2)]),
            (
                "page=2",
                vec![Reply::Stall(std::time::Duration::from_secs(60))],
            ),
        ],
    );
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("slm"));
    command
        .args(["fetch", "--date", "2025-12-01"])
        .current_dir(p.path(""))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    for var in PROXY_VARS {
        command.env_remove(var);
    }
    let mut child = command.spawn().unwrap();
    // Wait until the second page has been asked for, then kill.
    let asked = || {
        api.requests
            .lock()
            .unwrap()
            .iter()
            .any(|r| r.contains("page=2"))
    };
    for _ in 0..200 {
        if asked() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    assert!(asked(), "the fetch never asked for page 2");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!p.path("data/tv/snapshots/2025-12-01.json.gz").exists());
    assert_eq!(
        (
            std::fs::read(p.path("data/tv/snapshots/2025-11-30.json.gz")).unwrap(),
            p.read("data/tv/adverts.csv"),
        ),
        kept
    );
    // The next fetch clears what the killed one left, and keeps its own snapshot.
    serve(&routes, vec![("page=1", vec![page(vec![], 1)])]);
    fetch_ok(&p, &["--date", "2025-12-02"]);
    let left = left_behind(&p);
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(p.read("data/tv/adverts.csv"), kept.1);
}
