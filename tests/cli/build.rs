//! `slm build` on the small fixture: every figure below is worked out by hand.
//!
//! Rounds of tests/fixtures/small (year_start 09-01, window 21..=365, min_base 2,
//! observed_until 2012-12-31):
//! - R1 100001 head: H1 10-01, H2 +20 (repeat), H3 +21 (re-advert): 2010/11, 3 adverts, re-advertised
//! - R2 100001 deputy: D1 2010-09-01, D2 +365 (re-advert): 2010/11, 2 adverts, re-advertised
//! - R3 100001 deputy: D3 2012-09-01, +366: new round, 2012/13, provisional (121 days before the end)
//! - R4 100002 head: S1 2010-08-31 (2009/10), S2 +1 (repeat): 2009/10, 2 adverts
//! - R5 100002 head: S3 2011-09-05, +369: 2011/12
//! - R6 100002 assistant with phase `special`: 2010/11, Special, Church of England, London
//! - R7 100003 head (Wales, special): W1, W2 +117: 2010/11, re-advertised
//! - N1 100004 is a nursery school: out of scope; X1 999002 is unknown without phase: left out
//! - R8 100005 head: 2009/10; R9 100005 deputy: 2010/11 (primary, no religious character, Yorkshire)
//! - R10 999001 head, not in the register, phase primary: U1, U2 +44: 2010/11, re-advertised,
//!   counted in England and Wales rows and the religious-character Total only.

use crate::project::{readable, row, Project};

fn national<'a>(
    year: &'a str,
    country: &'a str,
    phase: &'a str,
    post: &'a str,
    religion: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("time_period", year),
        ("geographic_level", "National"),
        ("country_code", country),
        ("education_phase", phase),
        ("post", post),
        ("school_religious_character", religion),
    ]
}

#[test]
fn small_fixture_figures_match_hand_counts() {
    let p = Project::fixture("small");
    p.slm().arg("build").assert().success();
    let rates = p.csv("reports/2012-13/data/unfilled_rates.csv");

    // 2010/11, England and Wales, all: R1 R2 R6 R7 R9 R10 = 6 posts, 4 re-advertised
    // (R1 R2 R7 R10) = 66.7%; adverts 3+2+1+2+1+2 = 11. Schools open on 2010-09-01:
    // 100001 100002 100003 100005 = 4, so 6 / 4 * 100 = 150.0 posts per 100 schools.
    let all = row(
        &rates,
        &national("201011", "K04000001", "Total", "Total", "Total"),
    );
    assert_eq!(all["post_count"], "6");
    assert_eq!(all["readvertised_post_count"], "4");
    assert_eq!(all["advert_count"], "11");
    assert_eq!(all["unfilled_percent"], "66.7");
    assert_eq!(all["school_count"], "4");
    assert_eq!(all["post_rate_per_100_schools"], "150.0");
    assert_eq!(all["country_name"], "England and Wales");
    assert_eq!(all["region_code"], "");

    // England alone leaves out Wales (R7) and the unknown school (R10): R1 R2 R6 R9,
    // 2 of 4 re-advertised = 50.0%.
    let england = row(
        &rates,
        &national("201011", "E92000001", "Total", "Total", "Total"),
    );
    assert_eq!(
        (
            england["post_count"].as_str(),
            england["unfilled_percent"].as_str()
        ),
        ("4", "50.0")
    );

    // Wales: R7 alone, a base of 1 < min_base 2: the rate is `u`, the counts stay.
    let wales = row(
        &rates,
        &national("201011", "W92000004", "Total", "Total", "Total"),
    );
    assert_eq!(wales["post_count"], "1");
    assert_eq!(wales["readvertised_post_count"], "1");
    for col in [
        "unfilled_percent",
        "unfilled_percent_lower",
        "unfilled_percent_upper",
    ] {
        assert_eq!(wales[col], "u");
    }

    // Primary head teachers: R1 and R10 (the unknown school counts nationally): 2 of 2.
    let heads = row(
        &rates,
        &national("201011", "K04000001", "Primary", "Head teacher", "Total"),
    );
    assert_eq!(
        (
            heads["post_count"].as_str(),
            heads["unfilled_percent"].as_str()
        ),
        ("2", "100.0")
    );
    // Wilson 95% for 2/2: lower = 1 / (1 + 1.96^2 / 2) = 34.2%.
    assert_eq!(heads["unfilled_percent_lower"], "34.2");
    assert_eq!(heads["unfilled_percent_upper"], "100.0");
    // ... but only R1 has a religious character.
    let rc = row(
        &rates,
        &national(
            "201011",
            "K04000001",
            "Primary",
            "Head teacher",
            "Roman Catholic",
        ),
    );
    assert_eq!(
        (rc["post_count"].as_str(), rc["unfilled_percent"].as_str()),
        ("1", "u")
    );

    // The phase override puts R6 under Special although 100002 is a secondary school.
    let special = row(
        &rates,
        &national("201011", "K04000001", "Special", "Total", "Total"),
    );
    assert_eq!(special["post_count"], "2"); // R6 and R7

    // Regions use the standard names, not the GIAS spelling.
    let yorks: Vec<_> = rates
        .iter()
        .filter(|r| r["region_code"] == "E12000003")
        .collect();
    assert!(!yorks.is_empty());
    assert!(yorks
        .iter()
        .all(|r| r["region_name"] == "Yorkshire and The Humber"));
    let ne = row(
        &rates,
        &[
            ("time_period", "201011"),
            ("geographic_level", "Regional"),
            ("region_code", "E12000001"),
            ("education_phase", "Total"),
            ("post", "Total"),
            ("school_religious_character", "Total"),
        ],
    );
    assert_eq!(
        (
            ne["post_count"].as_str(),
            ne["readvertised_post_count"].as_str()
        ),
        ("2", "2")
    );
    assert_eq!(ne["country_code"], "E92000001");
    assert_eq!(ne["new_la_code"], "");

    // Local authorities sit inside their region, under the lookup's codes and name;
    // both North East schools are in Newcastle upon Tyne, so its cell is the region's.
    let newcastle = row(
        &rates,
        &[
            ("time_period", "201011"),
            ("geographic_level", "Local authority"),
            ("new_la_code", "E08000021"),
            ("education_phase", "Total"),
            ("post", "Total"),
        ],
    );
    assert_eq!(
        (
            newcastle["old_la_code"].as_str(),
            newcastle["la_name"].as_str(),
            newcastle["region_code"].as_str(),
            newcastle["post_count"].as_str(),
            newcastle["readvertised_post_count"].as_str(),
        ),
        ("391", "Newcastle upon Tyne", "E12000001", "2", "2")
    );
    // By phase and post only: every LA row is at religious character Total, and no
    // Welsh school has one.
    let la_rows: Vec<_> = rates
        .iter()
        .filter(|r| r["geographic_level"] == "Local authority")
        .collect();
    assert!(la_rows
        .iter()
        .all(|r| r["school_religious_character"] == "Total" && r["country_code"] == "E92000001"));

    // The repeat listing S2 (2010-09-01) stays in the 2009/10 round of S1.
    let y0910 = row(
        &rates,
        &national("200910", "K04000001", "Total", "Total", "Total"),
    );
    assert_eq!(
        (y0910["post_count"].as_str(), y0910["advert_count"].as_str()),
        ("2", "3")
    );
    assert_eq!(y0910["unfilled_percent"], "0.0");

    // 2012/13: R3 alone, provisional; 100005 closed on 2011-08-31 so one primary school is open.
    let y1213 = row(
        &rates,
        &national("201213", "K04000001", "Primary", "Total", "Total"),
    );
    assert_eq!(y1213["provisional_post_count"], "1");
    assert_eq!(y1213["school_count"], "1");

    // Year on year, England and Wales: 4/6 against 0/2, +66.7 points. Pooled p = 0.5,
    // z = 0.6667 / sqrt(0.25 * (1/6 + 1/2)) = 1.633, two-sided p = 0.1025: not significant.
    let change = p.csv("reports/2012-13/data/unfilled_change.csv");
    let c = row(
        &change,
        &national("201011", "K04000001", "Total", "Total", "Total"),
    );
    assert_eq!(c["unfilled_percent"], "66.7");
    assert_eq!(c["previous_unfilled_percent"], "0.0");
    assert_eq!(c["unfilled_percent_change"], "66.7");
    assert_eq!(c["unfilled_percent_change_p_value"], "0.1025");
}

#[test]
fn quality_lists_what_was_left_out() {
    let p = Project::fixture("small");
    p.slm().arg("build").assert().success();
    let q: serde_json::Value =
        serde_json::from_str(&p.read("reports/2012-13/quality.json")).unwrap();
    assert_eq!(
        q["excluded"][0]["first_advert_ids"],
        serde_json::json!(["N1"])
    );
    assert_eq!(
        q["excluded"][1]["first_advert_ids"],
        serde_json::json!(["X1"])
    );
    assert_eq!(q["counted_nationally_only"]["posts"], 1);
    assert_eq!(q["counted_nationally_only"]["adverts"], 2);
    assert_eq!(q["provisional_years"], serde_json::json!(["2012/13"]));
    assert_eq!(q["adverts_read"], 18);
    assert_eq!(q["posts_counted"], 10);
    assert_eq!(q["schools_in_scope"], 4);
}

/// A past-year build counts only the years it covers (issue 17: a 2010/11 build counted
/// exclusions over every year of the data). In 2009/10 the fixture has two posts: S1
/// (with S2 a day later, a repeat listing) and E1; N1 (out of scope), X1 (unknown, no
/// phase) and U1 (unknown, with a phase) are all 2010/11.
#[test]
fn a_past_year_build_counts_only_its_years() {
    let p = Project::fixture("small");
    p.slm()
        .args(["build", "--year", "2009-10"])
        .assert()
        .success();
    let q: serde_json::Value =
        serde_json::from_str(&p.read("reports/2009-10/quality.json")).unwrap();
    assert_eq!(q["posts_counted"], 2);
    assert_eq!(q["excluded"][0]["posts"], 0);
    assert_eq!(q["excluded"][1]["posts"], 0);
    assert_eq!(q["counted_nationally_only"]["posts"], 0);
    let html = p.read("reports/2009-10/report.html");
    assert!(html.contains("18 adverts read; 2 posts counted up to 2009&#x2f;10."));
    assert!(html.contains("Left out: 0 posts (0 adverts): school out of scope"));
}

#[test]
fn two_builds_are_byte_identical() {
    let (a, b) = (Project::fixture("small"), Project::fixture("small"));
    a.slm().arg("build").assert().success();
    b.slm().arg("build").assert().success();
    let (ta, tb) = (a.tree("reports"), b.tree("reports"));
    assert!(ta.contains_key("2012-13/data/posts.parquet"));
    assert_eq!(ta, tb);
}

#[test]
fn a_failed_build_leaves_the_previous_outputs_untouched() {
    let p = Project::fixture("small");
    p.slm().arg("build").assert().success();
    let before = p.tree("reports");
    p.append("adverts_b.csv", "Z1,2011-02-30,100001,head,,TES\n");
    p.slm()
        .arg("build")
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "adverts_b.csv:11:2: published_on `2011-02-30` is not a date",
        ));
    assert_eq!(p.tree("reports"), before);
    let leftovers: Vec<_> = std::fs::read_dir(p.path("reports")).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the year directory stays");
}

#[test]
fn year_flag_selects_the_report_year() {
    let p = Project::fixture("small");
    p.slm()
        .args(["build", "--year", "2010-11"])
        .assert()
        .success();
    let rates = p.csv("reports/2010-11/data/unfilled_rates.csv");
    assert!(rates.iter().all(|r| r["time_period"].as_str() <= "201011"));
    p.slm()
        .args(["build", "--year", "2030-31"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "2030/31 is not in the data; the adverts cover 2009/10 to 2012/13",
        ));
    p.slm().args(["build", "--year", "2010"]).assert().code(2);
}

#[test]
fn out_flag_overrides_the_config() {
    let p = Project::fixture("small");
    p.slm()
        .args(["build", "--out", "elsewhere"])
        .assert()
        .success();
    assert!(p.path("elsewhere/2012-13/manifest.json").is_file());
    assert!(!p.path("reports").exists());
}

#[test]
fn an_absolute_output_path_prints_as_written() {
    // Issue 30: an absolute path outside the project printed as `//tmp/...`.
    let p = Project::fixture("small");
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("reports");
    let stdout = p.stdout_of(&["build".as_ref(), "--out".as_ref(), out.as_os_str()]);
    let expected = format!("built {}/2012-13 for 2012/13", out.display());
    assert!(stdout.contains(&expected), "{stdout}");
    assert!(!stdout.contains("//"), "{stdout}");
}

#[test]
fn an_output_directory_that_is_a_file_is_an_io_error() {
    let p = Project::fixture("small");
    p.write("reports", "not a directory");
    p.slm()
        .arg("build")
        .assert()
        .code(3)
        .stderr(predicates::str::contains("reports"));
}

#[test]
fn manifest_hashes_every_input_and_output() {
    let p = Project::fixture("small");
    p.slm().arg("build").assert().success();
    let m: serde_json::Value =
        serde_json::from_str(&p.read("reports/2012-13/manifest.json")).unwrap();
    let inputs: Vec<&str> = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(inputs, ["adverts_a.csv", "adverts_b.csv", "schools.csv"]);
    let outputs = m["outputs"].as_array().unwrap();
    for o in outputs {
        let path = o["path"].as_str().unwrap();
        let bytes = std::fs::read(p.path(&format!("reports/2012-13/{path}"))).unwrap();
        use sha2::Digest;
        assert_eq!(
            o["sha256"].as_str().unwrap(),
            format!("{:x}", sha2::Sha256::digest(&bytes)),
            "{path}"
        );
    }
    // No head teacher's name from the register reaches any output: every name the
    // register holds is looked for (a hand-written list once missed Brown, the head of
    // the one school out of scope).
    let names: Vec<String> = p
        .csv("schools.csv")
        .iter()
        .map(|r| r["HeadLastName"].clone())
        .collect();
    assert_eq!(names.len(), 5, "every school of the fixture has a head");
    assert!(names.contains(&"Brown".to_string()));
    for (path, bytes) in p.tree("reports") {
        let text = readable(&path, &bytes);
        for name in &names {
            assert!(!text.contains(name.as_str()), "{name} in {path}");
        }
    }
}
