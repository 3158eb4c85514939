//! Revisions between releases: 2023/24 built from adverts up to August 2024 (every
//! post provisional), then 2024/25 from the adverts a year later, in which two of its
//! head teacher posts were re-advertised after August 2024. Worked by hand:
//!
//! | school | 2023/24 head teacher post | adverts to Aug 2024 | adverts to Aug 2025 |
//! |---|---|---|---|
//! | 100001 | opened 2023-10-01 | re-advertised 2023-12-01 | the same |
//! | 100002 | opened 2024-06-01 | one advert | re-advertised 2024-10-01 |
//! | 100003 | opened 2024-07-01 | one advert | one advert |
//! | 100004 | opened 2024-03-01 | one advert | re-advertised 2024-09-20 |
//!
//! So the 2023/24 primary head teacher cell goes from 1 of 4 posts re-advertised (25.0%,
//! 5 adverts, 4 provisional) to 3 of 4 (75.0%, 7 adverts, none provisional). 2022/23
//! (two posts, one re-advertised, final in both releases; school 100001's 2022/23 advert is
//! 381 days before its 2023/24 one, so a new post) is not revised.

use crate::project::{row, Project};

const SCHOOLS: &str = "URN,EstablishmentName,TypeOfEstablishment (name),EstablishmentTypeGroup (name),PhaseOfEducation (name),OpenDate,CloseDate,ReligiousCharacter (name),GOR (name),LA (name),LA (code),GSSLACode (name)
100001,One Primary,Community school,Local authority maintained schools,Primary,,,None,North East,Newcastle upon Tyne,391,E08000021
100002,Two Primary,Community school,Local authority maintained schools,Primary,,,None,North East,Newcastle upon Tyne,391,E08000021
100003,Three Primary,Community school,Local authority maintained schools,Primary,,,None,North East,Newcastle upon Tyne,391,E08000021
100004,Four Primary,Community school,Local authority maintained schools,Primary,,,None,North East,Newcastle upon Tyne,391,E08000021
";

const TO_AUGUST_2024: &str = "advert_id,published_on,school_urn,role
P1,2022-09-15,100001,head
P2,2022-10-01,100002,head
P3,2022-11-15,100002,head
A1,2023-10-01,100001,head
A2,2023-12-01,100001,head
B1,2024-06-01,100002,head
C1,2024-07-01,100003,head
D1,2024-03-01,100004,head
";

/// A year later: two re-advertisements of 2023/24 posts, and a 2024/25 deputy post.
const A_YEAR_LATER: &str = "B2,2024-10-01,100002,head
D2,2024-09-20,100004,head
E1,2024-10-15,100001,deputy
";

fn config(observed_until: &str) -> String {
    format!("[inputs]\nadverts = [\"adverts.csv\"]\nschools = \"schools.csv\"\nlabel = \"Test fixture\"\nobserved_until = \"{observed_until}\"\n[rules]\nmin_base = 1\n")
}

/// The two releases, built one after the other into reports/.
fn two_releases() -> Project {
    let p = Project::empty();
    p.write("schools.csv", SCHOOLS);
    p.write("adverts.csv", TO_AUGUST_2024);
    p.write("slm.toml", config("2024-08-31"));
    p.slm()
        .args(["build", "--year", "2023-24"])
        .assert()
        .success();
    p.append("adverts.csv", A_YEAR_LATER);
    p.write("slm.toml", config("2025-08-31"));
    p.slm().arg("build").assert().success();
    p
}

#[test]
fn provisional_cells_of_the_earlier_release_are_listed_as_revised() {
    let p = two_releases();
    let revisions = p.csv("reports/2024-25/data/revisions.csv");
    // Every revision is of 2023/24, the year that was provisional; none of 2022/23.
    assert!(revisions.iter().all(|r| r["time_period"] == "202324"));
    let national = |indicator: &str, table: &str| {
        row(
            &revisions,
            &[
                ("geographic_level", "National"),
                ("table_name", table),
                ("indicator_name", indicator),
                ("education_phase", "Primary"),
                ("post", "Head teacher"),
                ("school_religious_character", "Total"),
            ],
        )
        .clone()
    };
    for (indicator, before, now) in [
        ("unfilled_percent", "25.0", "75.0"),
        ("readvertised_post_count", "1", "3"),
        ("advert_count", "5", "7"),
        ("provisional_post_count", "4", "0"),
    ] {
        let r = national(indicator, "unfilled_rates");
        assert_eq!(
            (r["previous_value"].as_str(), r["value"].as_str()),
            (before, now),
            "{indicator}"
        );
    }
    // The post count did not change, so it is not a revision.
    assert!(!revisions
        .iter()
        .any(|r| r["indicator_name"] == "post_count"));
    // One reason only, so the column is left out and named in the labels.
    let meta = p.read("reports/2024-25/data/revisions.meta.csv");
    assert!(!meta.contains("revision_reason"));
    assert!(meta.contains("(reason for the revision: provisional year now final)"));
    // The same cell in the region and its LA.
    for level in ["Regional", "Local authority"] {
        let r = row(
            &revisions,
            &[
                ("geographic_level", level),
                ("table_name", "unfilled_rates"),
                ("indicator_name", "unfilled_percent"),
                ("education_phase", "Primary"),
                ("post", "Head teacher"),
                ("school_religious_character", "Total"),
            ],
        );
        assert_eq!(
            (r["previous_value"].as_str(), r["value"].as_str()),
            ("25.0", "75.0")
        );
    }

    let q: serde_json::Value =
        serde_json::from_str(&p.read("reports/2024-25/quality.json")).unwrap();
    assert_eq!(q["revisions"]["earlier_release"], "reports/2023-24");
    assert_eq!(q["revisions"]["years_compared"][0], "2022/23");
    assert_eq!(
        q["revisions"]["values_revised"].as_u64().unwrap() as usize,
        revisions.len()
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&p.read("reports/2024-25/manifest.json")).unwrap();
    assert_eq!(
        manifest["earlier_release"]["path"],
        "reports/2023-24/manifest.json"
    );

    // (minijinja escapes `/` in text as `&#x2f;`.)
    let report = p.read("reports/2024-25/report.html").replace("&#x2f;", "/");
    assert!(report.contains("Revisions since the 2023/24 release"));
    assert!(report.contains("<th scope=\"row\">2023/24</th><td>Primary</td><td class=\"num\">25.0</td><td class=\"num\">75.0</td><td>Provisional year now final</td>"));

    // The workbook marks the revised row of unfilled_rates [r], naming its values.
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(p.path("reports/2024-25/tables.xlsx")).unwrap();
    let sheet = book.worksheet_range("Unfilled rates").unwrap();
    let rates = p.csv("reports/2024-25/data/unfilled_rates.csv");
    let at = rates
        .iter()
        .position(|r| {
            r["time_period"] == "202324"
                && r["geographic_level"] == "National"
                && r["education_phase"] == "Primary"
                && r["post"] == "Head teacher"
                && r["school_religious_character"] == "Total"
        })
        .unwrap() as u32;
    // The last column of the table, after the columns shown, names the revised values.
    let header: Vec<String> = (0..40)
        .map(|c| {
            sheet
                .get_value((3, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    let width = header.iter().position(|h| h.is_empty()).unwrap() as u32 - 1;
    assert_eq!(
        header[width as usize],
        "Revised since the earlier release [r]"
    );
    match sheet.get_value((4 + at, width)) {
        Some(Data::String(mark)) => {
            assert!(mark.starts_with("[r] "), "{mark}");
            assert!(mark.contains("unfilled_percent"), "{mark}");
        }
        other => panic!("no [r] mark: {other:?}"),
    }
}

#[test]
fn with_no_earlier_release_there_are_no_revisions() {
    let p = Project::empty();
    p.write("schools.csv", SCHOOLS);
    p.write("adverts.csv", format!("{TO_AUGUST_2024}{A_YEAR_LATER}"));
    p.write("slm.toml", config("2025-08-31"));
    p.slm().arg("build").assert().success();
    assert!(!p.path("reports/2024-25/data/revisions.csv").exists());
    let q: serde_json::Value =
        serde_json::from_str(&p.read("reports/2024-25/quality.json")).unwrap();
    assert!(q.get("revisions").is_none());
    assert!(!p
        .read("reports/2024-25/report.html")
        .contains("id=\"revisions\""));
}

#[test]
fn a_later_release_is_not_an_earlier_one() {
    // Building 2023/24 when 2024/25 exists compares with nothing.
    let p = two_releases();
    p.slm()
        .args(["build", "--year", "2023-24"])
        .assert()
        .success();
    assert!(!p.path("reports/2023-24/data/revisions.csv").exists());
    // And the same data and configuration give no revision at all.
    p.slm().arg("build").assert().success();
    let q: serde_json::Value =
        serde_json::from_str(&p.read("reports/2024-25/quality.json")).unwrap();
    assert_eq!(q["revisions"]["values_revised"], 0);
    assert!(!p.path("reports/2024-25/data/revisions.csv").exists());
    assert!(p
        .read("reports/2024-25/report.html")
        .contains("none of the"));
}
