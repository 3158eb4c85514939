//! School links and lineages (DESIGN.md, Definitions: School lineage), on a fixture
//! whose answers are worked out by hand below, built with and without the links file.
//!
//! Register (all primary, North East): 300001 converts on 1 January 2011 to 300002;
//! 300011 converts to 300012 (2010) and again to 300013 (2012); 300021 and 300022 merge
//! into 300023 (2011); 300031 links to 399999, which the register does not have.
//!
//! Heads at each November census (P1..P4):
//! | person | 2009   | 2010   | 2011   | 2012   |
//! |--------|--------|--------|--------|--------|
//! | P1     | 300001 | 300001 | 300002 | 300002 |
//! | P2     | 300011 | 300012 | 300012 | 300013 |
//! | P3     |        | 300021 | 300023 | 300023 |
//! | P4     | 300031 | 300031 | 300031 | 300031 |

use crate::project::Project;

const SCHOOLS: &str = "URN,EstablishmentName,TypeOfEstablishment (name),EstablishmentTypeGroup (name),PhaseOfEducation (name),OpenDate,CloseDate,ReligiousCharacter (name),GOR (name),LA (name),LA (code),GSSLACode (name)
300001,Oak Primary,Community school,Local authority maintained schools,Primary,,31-12-2010,Does not apply,North East,County Durham,840,E06000047
300002,Oak Primary Academy,Academy converter,Academies,Primary,01-01-2011,,Does not apply,North East,County Durham,840,E06000047
300011,Ash Primary,Community school,Local authority maintained schools,Primary,,31-08-2010,Does not apply,North East,County Durham,840,E06000047
300012,Ash Academy,Academy converter,Academies,Primary,01-09-2010,31-08-2012,Does not apply,North East,County Durham,840,E06000047
300013,Ash Trust Academy,Academy sponsor led,Academies,Primary,01-09-2012,,Does not apply,North East,County Durham,840,E06000047
300021,Elm Infants,Community school,Local authority maintained schools,Primary,,31-08-2011,Does not apply,North East,County Durham,840,E06000047
300022,Elm Juniors,Community school,Local authority maintained schools,Primary,,31-08-2011,Does not apply,North East,County Durham,840,E06000047
300023,Elm Primary Academy,Academy converter,Academies,Primary,01-09-2011,,Does not apply,North East,County Durham,840,E06000047
300031,Yew Primary,Community school,Local authority maintained schools,Primary,,,Does not apply,North East,County Durham,840,E06000047
";

/// As GIAS writes it: quoted, each succession stated from both ends.
const LINKS: &str = "\"URN\",\"LinkURN\",\"LinkName\",\"LinkType\",\"LinkEstablishedDate\"
\"300001\",\"300002\",\"Oak Primary Academy\",\"Successor\",\"01-01-2011\"
\"300002\",\"300001\",\"Oak Primary\",\"Predecessor\",\"01-01-2011\"
\"300011\",\"300012\",\"Ash Academy\",\"Successor\",\"01-09-2010\"
\"300012\",\"300011\",\"Ash Primary\",\"Predecessor\",\"01-09-2010\"
\"300012\",\"300013\",\"Ash Trust Academy\",\"Successor\",\"01-09-2012\"
\"300013\",\"300012\",\"Ash Academy\",\"Predecessor\",\"01-09-2012\"
\"300021\",\"300023\",\"Elm Primary Academy\",\"Successor - merged\",\"01-09-2011\"
\"300022\",\"300023\",\"Elm Primary Academy\",\"Successor - merged\",\"01-09-2011\"
\"300023\",\"300021\",\"Elm Infants\",\"Predecessor - merged\",\"01-09-2011\"
\"300023\",\"300022\",\"Elm Juniors\",\"Predecessor - merged\",\"01-09-2011\"
\"300031\",\"399999\",\"Yew Free School\",\"Successor\",\"\"
";

/// A head post advertised at the old URN and again 30 days later at the new one; one
/// more in 2012/13, the report year (so that the censuses to 2012 are used).
const ADVERTS: &str = "advert_id,published_on,school_urn,role
O1,2010-12-10,300001,head
O2,2011-01-09,300002,head
L1,2012-10-01,300031,head
";

const PANEL: &str = "census_year,person_id,school_urn,role
2009,P1,300001,head
2010,P1,300001,head
2011,P1,300002,head
2012,P1,300002,head
2009,P2,300011,head
2010,P2,300012,head
2011,P2,300012,head
2012,P2,300013,head
2010,P3,300021,head
2011,P3,300023,head
2012,P3,300023,head
2009,P4,300031,head
2010,P4,300031,head
2011,P4,300031,head
2012,P4,300031,head
";

pub(crate) fn project(with_links: bool) -> Project {
    let p = Project::empty();
    p.write("schools.csv", SCHOOLS);
    p.write("adverts.csv", ADVERTS);
    p.write("workforce.csv", PANEL);
    p.write("links.csv", LINKS);
    let links = if with_links {
        "links = \"links.csv\"\n"
    } else {
        ""
    };
    p.write(
        "slm.toml",
        format!("[inputs]\nadverts = [\"adverts.csv\"]\nschools = \"schools.csv\"\nworkforce = \"workforce.csv\"\n{links}label = \"Test fixture\"\nobserved_until = \"2013-12-31\"\n[rules]\nmin_base = 1\n"),
    );
    p.slm().arg("build").assert().success();
    p
}

fn cell<'a>(
    rows: &'a [std::collections::BTreeMap<String, String>],
    want: &[(&str, &str)],
) -> &'a std::collections::BTreeMap<String, String> {
    rows.iter()
        .find(|r| r["geographic_level"] == "National" && want.iter().all(|(k, v)| r[*k] == *v))
        .unwrap_or_else(|| panic!("no row {want:?}"))
}

/// (posts, re-advertised) of 2010/11 head teacher posts; retention counts (stayed, moved)
/// of heads at census 2009 and 2010; new heads of 2010/11 and their survival a year on.
/// Two counts of a table cell, as the CSV has them.
type Pair = (String, String);

fn answers(p: &Project) -> (Pair, Vec<Pair>, Pair) {
    let rates = p.csv("reports/2012-13/data/unfilled_rates.csv");
    let posts = cell(
        &rates,
        &[
            ("time_period", "201011"),
            ("education_phase", "Total"),
            ("post", "Head teacher"),
            ("school_religious_character", "Total"),
        ],
    );
    let retention = p.csv("reports/2012-13/data/retention.csv");
    let moves = ["200910", "201011"]
        .iter()
        .map(|y| {
            let r = cell(
                &retention,
                &[
                    ("time_period", y),
                    ("education_phase", "Total"),
                    ("post", "Head teacher"),
                ],
            );
            (
                r["stayed_in_post_count"].clone(),
                r["moved_school_same_role_count"].clone(),
            )
        })
        .collect();
    let survival = p.csv("reports/2012-13/data/new_head_survival.csv");
    let s = cell(
        &survival,
        &[("time_period", "201011"), ("years_after_appointment", "1")],
    );
    (
        (
            posts["post_count"].clone(),
            posts["readvertised_post_count"].clone(),
        ),
        moves,
        (
            s["new_head_count"].clone(),
            s["still_in_post_count"].clone(),
        ),
    )
}

#[test]
fn conversions_are_followed_through_the_links() {
    let p = project(true);
    // With links: O1 and O2 are one post, re-advertised (30 days). 2009 -> 2010: P1, P2
    // (300011 -> 300012, one lineage) and P4 stay: 3 stayed, 0 moved. 2010 -> 2011: P1
    // (300001 -> 300002) stays, P2 and P4 stay, P3 moves (a merge is not followed): 3
    // stayed, 1 moved. New heads of 2010/11 (census 2010): P3 only (P2 is not new: the
    // same lineage); a year on P3 heads 300023, a new school: 0 of 1.
    let (posts, moves, survival) = answers(&p);
    assert_eq!(posts, ("1".into(), "1".into()));
    assert_eq!(moves, [("3".into(), "0".into()), ("3".into(), "1".into())]);
    assert_eq!(survival, ("1".into(), "0".into()));
    let q: serde_json::Value =
        serde_json::from_str(&p.read("reports/2012-13/quality.json")).unwrap();
    let links = &q["links"];
    assert_eq!(links["used"], true);
    assert_eq!(links["links_read"], 11);
    assert_eq!(links["lineages_formed"], 2); // 300001-300002; 300011-300012-300013
    assert_eq!(
        links["not_followed"],
        serde_json::json!([
            ["Predecessor - merged", 2],
            ["Successor - merged", 2],
            ["Successor/Predecessor: a school not in the register", 1]
        ])
    );
    assert!(p
        .read("reports/2012-13/report.html")
        .contains("Predecessor links are one school through time"));
}

#[test]
fn without_links_conversions_count_as_moves() {
    let p = project(false);
    // Without links every URN is a school: O1 and O2 are two posts, neither
    // re-advertised. 2009 -> 2010: P2 moves (300011 -> 300012): 2 stayed, 1 moved.
    // 2010 -> 2011: P1 and P3 move: 2 stayed, 2 moved. New heads of 2010/11: P2 (new to
    // 300012) and P3; a year on P2 still heads 300012: 1 of 2.
    let (posts, moves, survival) = answers(&p);
    assert_eq!(posts, ("2".into(), "0".into()));
    assert_eq!(moves, [("2".into(), "1".into()), ("2".into(), "2".into())]);
    assert_eq!(survival, ("2".into(), "1".into()));
    let q: serde_json::Value =
        serde_json::from_str(&p.read("reports/2012-13/quality.json")).unwrap();
    assert_eq!(q["links"]["used"], false);
    assert!(p
        .read("reports/2012-13/report.html")
        .contains("No school links were given, so each URN is a school"));
}

/// A bad URN or date in the links file is a problem with its line and field, reported
/// with the register's problems by `slm validate`.
#[test]
fn validate_reports_register_and_links_problems_together() {
    let p = project(true);
    p.append(
        "links.csv",
        "\"30000x\",\"300002\",\"A\",\"Successor\",\"32-01-2011\"\n",
    );
    p.append("schools.csv", "300041,Bad,Community school,Local authority maintained schools,Primary,99-99-2000,,Does not apply,North East,County Durham,840,E06000047\n");
    let err = p.stderr_of(&["validate"], 1);
    assert!(
        err.contains("schools.csv:11:6: OpenDate `99-99-2000` is not a date"),
        "{err}"
    );
    assert!(
        err.contains("links.csv:13:1: URN `30000x` is not a URN"),
        "{err}"
    );
    assert!(
        err.contains("links.csv:13:5: LinkEstablishedDate `32-01-2011` is not a date"),
        "{err}"
    );
}

/// Issue 30: a register of open schools beside the national links file forms no
/// lineage (every predecessor of a conversion is closed, so absent); slm says so on
/// stderr and in quality.json, not only in its counts.
#[test]
fn links_that_mostly_name_schools_outside_the_register_are_warned_of() {
    let p = Project::empty();
    p.write("schools.csv", SCHOOLS);
    p.write("adverts.csv", ADVERTS);
    p.write(
        "links.csv",
        "\"URN\",\"LinkURN\",\"LinkName\",\"LinkType\",\"LinkEstablishedDate\"
\"300001\",\"300002\",\"Oak Primary Academy\",\"Successor\",\"01-01-2011\"
\"300031\",\"399999\",\"Yew Free School\",\"Successor\",\"\"
\"399998\",\"300013\",\"Closed School\",\"Successor\",\"01-09-2012\"
\"300013\",\"399998\",\"Closed School\",\"Predecessor\",\"01-09-2012\"
",
    );
    p.write(
        "slm.toml",
        "[inputs]\nadverts = [\"adverts.csv\"]\nschools = \"schools.csv\"\nlinks = \"links.csv\"\nlabel = \"Test fixture\"\nobserved_until = \"2013-12-31\"\n[rules]\nmin_base = 1\n",
    );
    let out = p.slm().arg("build").output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    // By hand: 4 successions, 3 naming 399999 or 399998; 1 lineage (300001-300002).
    let expected = "3 of 4 Successor/Predecessor links name a school the register does not have, so 1 lineage formed";
    assert!(stderr.contains(expected), "{stderr}");
    let q: serde_json::Value =
        serde_json::from_str(&p.read("reports/2012-13/quality.json")).unwrap();
    assert!(
        q["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains(expected)),
        "{q}"
    );
    // With the links of the fixture (1 of 6 successions outside) there is no warning.
    let quiet = project(true);
    let q: serde_json::Value =
        serde_json::from_str(&quiet.read("reports/2012-13/quality.json")).unwrap();
    assert!(
        !q["warnings"].to_string().contains("Successor/Predecessor"),
        "{q}"
    );
}
