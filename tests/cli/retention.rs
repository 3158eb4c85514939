//! Retention and new-head survival on tests/fixtures/panel, worked out by hand.
//!
//! Schools: 200001, 200002, 200007 primary (North East); 200003, 200006 secondary
//! (London); 200004 a middle school deemed primary that closed on 2011-08-31 and reopened
//! as academy 200005, deemed secondary (a new URN with another phase); 200008 is
//! independent (out of scope); 299999 is not in the register. min_base 2.
//!
//! One role per person and census (H head, D deputy, A assistant; @ the URN's last digit):
//!
//! | person | 2010         | 2011         | 2012 | 2013 |
//! |--------|--------------|--------------|------|------|
//! | A      | H@1          | H@1          | H@1  | H@1  |
//! | B      | H@2          | H@2          | H@3  | -    |
//! | C      | D@1          | D@1          | H@2  | H@2  |
//! | D      | H@3          | H@3          | D@6  | -    |
//! | E      | H@6 (+D@2)   | H@6          | H@6  | H@6  |
//! | F      | A@3          | D@2 (+D@3)   | D@2  | D@2  |
//! | G      | A@1          | - (gap)      | A@1  | D@1  |
//! | H      | H@4          | H@5          | H@5  | H@5  |
//! | J      | D@3          | D@3          | D@3  | D@3  |
//! | K      | A@6          | D@6          | D@6  | -    |
//! | N      | -            | H@7          | -    | H@7  |
//! | Q      | H@8 (out of scope, every year) |||  |
//! | R      | H at 299999 (not in the register) in 2010 |||  |
//!
//! E has two posts in 2010 (head wins); F two deputy posts in 2011 (lowest URN wins).
//!
//! Transitions (published under the first census's year):
//! - 2010/11, 10 leaders: stayed A B C D E J, moved H (URN change), promoted F K, left G.
//!   Heads: A B H primary (2 stayed, 1 moved), D E secondary: 5, retained in role 100%.
//! - 2011/12, 10 leaders: stayed A E F H J K, moved B, promoted C, other role D, left N.
//!   Heads A B D E H N: stayed 3, moved 1, other 1, left 1: in role 4/6 = 66.7%, in
//!   leadership 5/6 = 83.3%; change on 100.0 is -33.3 pp.
//! - 2012/13, 10 leaders: stayed A C E F H J, promoted G, left B D K. Heads A B C E H:
//!   stayed 4, left 1 = 80.0%, change (4*6 - 4*5) * 100 / 30 = +13.3 pp.
//!
//! New heads (head at s, not head at s the census before; from 2011 on):
//! - 2011: H at 200005 (was head of 200004), N at 200007. One year on (2012): H yes, N
//!   absent = 1/2 = 50.0%; two years on (2013): H yes, N back = 2/2 = 100.0% (read
//!   literally: still head of the same school at that census).
//! - 2012: B at 200003, C at 200002. One year on: C only = 1/2 = 50.0%.
//! - 2013: N again (absent in 2012): no later census, so no survival row.

use std::collections::{BTreeMap, HashMap};

use crate::project::{readable, row, Project};

type Rows = Vec<BTreeMap<String, String>>;

fn national<'a>(period: &'a str, phase: &'a str, post: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("time_period", period),
        ("geographic_level", "National"),
        ("country_code", "E92000001"),
        ("education_phase", phase),
        ("post", post),
    ]
}

/// The fixture built with `min_base` (the fixture's own is 2; 1 shows every cell).
fn built_with(min_base: u32) -> (Project, Rows, Rows) {
    let p = Project::fixture("panel");
    let config = p
        .read("slm.toml")
        .replace("min_base = 2", &format!("min_base = {min_base}"));
    p.write("slm.toml", config);
    p.slm().arg("build").assert().success();
    let retention = p.csv("reports/2013-14/data/retention.csv");
    let survival = p.csv("reports/2013-14/data/new_head_survival.csv");
    (p, retention, survival)
}

fn built() -> (Project, Rows, Rows) {
    built_with(2)
}

fn values<'a>(r: &'a BTreeMap<String, String>, columns: &[&str]) -> Vec<&'a str> {
    columns.iter().map(|c| r[*c].as_str()).collect()
}

const COUNTS: [&str; 6] = [
    "leader_count",
    "stayed_in_post_count",
    "moved_school_same_role_count",
    "promoted_count",
    "other_leadership_role_count",
    "left_leadership_count",
];

#[test]
fn panel_figures_match_hand_counts() {
    // min_base 1: nothing is confidential, so every hand count can be seen.
    let (p, retention, survival) = built_with(1);
    let heads = |period| row(&retention, &national(period, "Total", "Head teacher"));

    let all_2010 = row(&retention, &national("201011", "Total", "Total"));
    assert_eq!(values(all_2010, &COUNTS), ["10", "6", "1", "2", "0", "1"]);
    assert_eq!(
        values(heads("201011"), &COUNTS),
        ["5", "4", "1", "0", "0", "0"]
    );
    assert_eq!(heads("201011")["retained_in_role_percent"], "100.0");
    assert_eq!(heads("201011")["retained_in_role_percent_change"], "z");
    let primary_heads = row(&retention, &national("201011", "Primary", "Head teacher"));
    assert_eq!(
        values(primary_heads, &COUNTS),
        ["3", "2", "1", "0", "0", "0"]
    );

    let h = heads("201112");
    assert_eq!(values(h, &COUNTS), ["6", "3", "1", "0", "1", "1"]);
    assert_eq!(h["retained_in_role_percent"], "66.7");
    assert_eq!(h["retained_in_leadership_percent"], "83.3");
    assert_eq!(h["previous_retained_in_role_percent"], "100.0");
    assert_eq!(h["retained_in_role_percent_change"], "-33.3");
    let all_2011 = row(&retention, &national("201112", "Total", "Total"));
    assert_eq!(values(all_2011, &COUNTS), ["10", "6", "1", "1", "1", "1"]);

    let h = heads("201213");
    assert_eq!(values(h, &COUNTS), ["5", "4", "0", "0", "0", "1"]);
    assert_eq!(h["retained_in_role_percent"], "80.0");
    assert_eq!(h["previous_retained_in_role_percent"], "66.7");
    assert_eq!(h["retained_in_role_percent_change"], "13.3");
    let all_2012 = row(&retention, &national("201213", "Total", "Total"));
    assert_eq!(values(all_2012, &COUNTS), ["10", "6", "0", "1", "0", "3"]);

    // No transition from the last census.
    assert!(retention.iter().all(|r| r["time_period"] != "201314"));

    let cohort = |period, k| {
        row(
            &survival,
            &[("time_period", period), ("years_after_appointment", k)],
        )
    };
    let cols = [
        "new_head_count",
        "still_in_post_count",
        "still_in_post_percent",
    ];
    assert_eq!(values(cohort("201112", "1"), &cols), ["2", "1", "50.0"]);
    assert_eq!(values(cohort("201112", "2"), &cols), ["2", "2", "100.0"]);
    assert_eq!(values(cohort("201213", "1"), &cols), ["2", "1", "50.0"]);
    // All phases only: a phase's cohort is a handful of heads (docs/methods.md,
    // Disclosure control).
    assert_eq!(survival.len(), 3, "2011 x2 k, 2012 x1 k, all phases");
    assert!(survival.iter().all(|r| !r.contains_key("education_phase")));

    let quality: serde_json::Value =
        serde_json::from_str(&p.read("reports/2013-14/quality.json")).unwrap();
    let w = &quality["workforce"];
    assert_eq!(w["people"], 13);
    assert_eq!(w["person_years_school_out_of_scope"], 4);
    assert_eq!(w["person_years_school_not_in_register"], 1);
    assert_eq!(w["person_years_with_several_posts"], 2);

    let md = p.read("reports/2013-14/headlines.md");
    assert!(
        // Every base is under 50, so every figure carries its base and interval; primary
        // 2 of 2 against 2 of 3 is 33 points but not significant, secondary 2 of 3 against
        // 2 of 3 is unchanged.
        md.contains("100 per cent (2 of 2 head teachers; 95% confidence interval 34 to 100 per cent) of primary and 67 per cent (2 of 3 head teachers; 95% confidence interval 21 to 94 per cent) of secondary school head teachers in post in November 2012 were still head teachers (at the same or another school) a year later, compared with 67 per cent (2 of 3 head teachers; 95% confidence interval 21 to 94 per cent) and 67 per cent (2 of 3 head teachers; 95% confidence interval 21 to 94 per cent) of those in post in November 2011. The secondary rate was little changed; the change in the primary rate was not statistically significant"),
        "{md}"
    );
}

#[test]
fn headlines_quote_only_published_cells() {
    // min_base 2: the audit withholds 2012/13's head teachers (4 of 5) with the
    // phases that would narrow its small cells, so the latest published year is quoted.
    let (p, retention, _) = built();
    assert_eq!(
        row(&retention, &national("201213", "Total", "Head teacher"))["leader_count"],
        "c"
    );
    let md = p.read("reports/2013-14/headlines.md");
    assert!(
        // 4 of 6 against 5 of 5: Wilson 30 to 90 and 57 to 100 per cent.
        md.contains("67 per cent (4 of 6 head teachers; 95% confidence interval 30 to 90 per cent) of head teachers in post in November 2011 were still head teachers (at the same or another school) a year later, against 100 per cent (5 of 5 head teachers; 95% confidence interval 57 to 100 per cent) of those in post in November 2010; the change is not statistically significant."),
        "{md}"
    );
    assert!(
        md.contains("Of the 2 head teachers new to their school in 2012/13, 50 per cent (1 of 2 head teachers; 95% confidence interval 9 to 91 per cent) were still its head a year later."),
        "{md}"
    );
}

#[test]
fn small_cells_are_confidential_counts_included() {
    let (_, retention, survival) = built();
    // One primary deputy (C) in 2010: below min_base 2, every indicator is c.
    let deputy = row(
        &retention,
        &national("201011", "Primary", "Deputy head teacher"),
    );
    assert!(deputy
        .iter()
        .filter(|(k, _)| k.ends_with("_count") || k.ends_with("_percent"))
        .all(|(_, v)| v == "c"));
    // Its change a year later cannot be shown either.
    let next = row(
        &retention,
        &national("201112", "Primary", "Deputy head teacher"),
    );
    assert_eq!(next["retained_in_role_percent_change"], "c");
    // New heads are published for all phases only (one primary, one secondary in 2011).
    assert!(survival.iter().all(|r| !r.contains_key("education_phase")));
}

/// Whether `r` is confidential.
fn hidden(r: &BTreeMap<String, String>, base: &str) -> bool {
    r[base] == "c"
}

/// For every family of cells that add up to a published total (along one filter or
/// from regions to England), never exactly one member is confidential.
fn assert_not_recoverable(rows: &Rows, base: &str, filters: &[&str]) {
    let key = |r: &BTreeMap<String, String>, skip: &[&str]| -> String {
        let mut cols = vec!["time_period", "geographic_level", "region_code"];
        cols.extend(filters);
        cols.push("years_after_appointment");
        cols.iter()
            .filter(|c| !skip.contains(c))
            .map(|c| r.get(*c).map_or("", String::as_str))
            .collect::<Vec<_>>()
            .join("|")
    };
    for f in filters {
        let mut totals: HashMap<String, bool> = HashMap::new();
        let mut hidden_members: HashMap<String, usize> = HashMap::new();
        for r in rows {
            if r[*f] == "Total" {
                totals.insert(key(r, &[f]), hidden(r, base));
            } else {
                *hidden_members.entry(key(r, &[f])).or_default() += usize::from(hidden(r, base));
            }
        }
        for (k, n) in hidden_members {
            if totals.get(&k) == Some(&false) {
                assert_ne!(
                    n, 1,
                    "{f} family {k}: one confidential member under a published total"
                );
            }
        }
    }
    // Regions into England.
    let mut national: HashMap<String, bool> = HashMap::new();
    let mut regions: HashMap<String, usize> = HashMap::new();
    for r in rows {
        let k = key(r, &["geographic_level", "region_code"]);
        if r["geographic_level"] == "National" {
            national.insert(k, hidden(r, base));
        } else {
            *regions.entry(k).or_default() += usize::from(hidden(r, base));
        }
    }
    for (k, n) in regions {
        if national.get(&k) == Some(&false) {
            assert_ne!(
                n, 1,
                "regions of {k}: one confidential region under a published total"
            );
        }
    }
}

#[test]
fn no_confidential_cell_can_be_recovered_by_subtraction() {
    let (_, retention, _) = built();
    assert!(retention.iter().any(|r| r["leader_count"] == "c"));
    assert_not_recoverable(&retention, "leader_count", &["education_phase", "post"]);
}

#[test]
fn shipped_panel_tables_protect_every_small_cell() {
    let p = Project::shipped();
    p.slm().arg("build").assert().success();
    let dir = std::fs::read_dir(p.path("reports"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let rel = |f: &str| {
        format!(
            "reports/{}/data/{f}",
            dir.file_name().unwrap().to_string_lossy()
        )
    };
    let retention = p.csv(&rel("retention.csv"));
    assert_not_recoverable(&retention, "leader_count", &["education_phase", "post"]);
    // The built-in attacker ran before the swap and found nothing (a breach refuses the
    // build), on a release that withholds cells.
    let quality: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("quality.json")).unwrap()).unwrap();
    let audit = &quality["workforce"]["disclosure_audit"];
    assert_eq!(audit["breaches"], 0, "{audit}");
    assert!(audit["cells_withheld"].as_u64().unwrap() > 0, "{audit}");
    assert!(audit["counts_audited"].as_u64().unwrap() > 0, "{audit}");
}

/// Every person_id of the fixture, as written in the file.
fn person_ids(p: &Project) -> Vec<String> {
    let mut ids: Vec<String> = p
        .csv("workforce.csv")
        .into_iter()
        .map(|r| r["person_id"].clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn assert_no_id(ids: &[String], what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for id in ids {
        assert!(
            !text.contains(id.as_str()),
            "{what} contains person_id {id}"
        );
    }
}

#[test]
fn no_person_id_reaches_any_output_log_or_error() {
    let p = Project::fixture("panel");
    let ids = person_ids(&p);
    assert_eq!(ids.len(), 13);
    for args in [
        vec!["build"],
        vec!["validate"],
        vec!["headlines", "--format", "json"],
        vec!["check"],
    ] {
        let out = p.slm().args(&args).output().unwrap();
        assert_no_id(&ids, &format!("stdout of {args:?}"), &out.stdout);
        assert_no_id(&ids, &format!("stderr of {args:?}"), &out.stderr);
    }
    let files = p.tree("reports");
    assert!(files.len() > 10);
    for (path, bytes) in &files {
        assert_no_id(&ids, path, readable(path, bytes).as_bytes());
    }

    // A broken panel: every message is about the file, none repeats an id.
    p.append(
        "workforce.csv",
        "2014,PID-Z,PID-Z,PID-Z\nPID-Y,2014,200001,head\n",
    );
    let out = p.slm().arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("workforce.csv:47:3: school_urn is not a URN"),
        "{stderr}"
    );
    assert!(
        stderr.contains("workforce.csv:48:1: census_year is not a census year"),
        "{stderr}"
    );
    assert_no_id(
        &["PID-Z".into(), "PID-Y".into()],
        "stderr of a failed build",
        stderr.as_bytes(),
    );
}

#[test]
fn without_a_panel_the_build_says_retention_was_not_built() {
    let p = Project::fixture("small");
    p.slm().arg("build").assert().success();
    let quality: serde_json::Value =
        serde_json::from_str(&p.read("reports/2012-13/quality.json")).unwrap();
    assert_eq!(quality["workforce"]["built"], false);
    assert!(quality["workforce"]["reason"]
        .as_str()
        .unwrap()
        .contains("inputs.workforce is not set"));
    assert!(!p.path("reports/2012-13/data/retention.csv").exists());
    let html = p.read("reports/2012-13/report.html");
    assert!(html
        .contains("Retention of leaders and survival of new head teachers are not in this report"));
}

#[test]
fn no_shipped_output_holds_a_demo_person_id() {
    let root = crate::project::repo_root();
    let text = std::fs::read_to_string(root.join("data/demo/workforce.csv")).unwrap();
    let ids: std::collections::HashSet<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    assert!(ids.len() > 10_000);
    let mut scanned = 0;
    let mut stack = vec![root.join("reports")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let content = readable(&path.to_string_lossy(), &bytes);
            let hit = content
                .split(|c: char| !c.is_ascii_alphanumeric())
                .find(|token| ids.contains(token));
            assert!(hit.is_none(), "{} holds person_id {hit:?}", path.display());
            scanned += 1;
        }
    }
    assert!(scanned > 40, "scanned {scanned} files");
}
