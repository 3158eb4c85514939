//! The GIAS register in every vintage and layout users have (DESIGN.md, Inputs: School
//! register of every vintage): the 2023 extract's 139 columns (tests/fixtures/gias,
//! from ../shared/gias-columns.txt), a 2017-like extract with fewer columns, a 2019-like
//! one with the old spellings ("LA maintained schools", "All through"), a 2025 one
//! without RSCRegion and four Ofsted columns, and a search-results download whose
//! `Linked establishments` spill over several fields. Each holds the same four schools.

use crate::project::{repo_root, Project};

fn columns_2023() -> Vec<String> {
    std::fs::read_to_string(repo_root().join("tests/fixtures/gias/columns-2023.txt"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

const READ: [&str; 12] = [
    "URN",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "PhaseOfEducation (name)",
    "OpenDate",
    "CloseDate",
    "ReligiousCharacter (name)",
    "GOR (name)",
    "LA (name)",
    "LA (code)",
    "GSSLACode (name)",
];

/// The four schools: (URN, name, type, group, phase). `la` is the vintage's spelling of
/// the LA-maintained group, `all_through` its spelling of the phase.
fn schools(la: &str, all_through: &str) -> Vec<[String; 5]> {
    [
        ("100001", "Alpha Primary", "Community school", la, "Primary"),
        (
            "100002",
            "Beta School",
            "Foundation school",
            la,
            all_through,
        ),
        (
            "100003",
            "Gamma Academy",
            "Academy converter",
            "Academies",
            "Secondary",
        ),
        (
            "100004",
            "Delta Free Special",
            "Free schools special",
            "Free Schools",
            "Not applicable",
        ),
    ]
    .map(|(u, n, t, g, p)| [u, n, t, g, p].map(String::from))
    .to_vec()
}

fn csv_field(v: &str) -> String {
    if v.contains([',', '"']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// A register in `header`'s layout: the columns slm reads filled, the others empty (or
/// the links, for a search download).
fn register(header: &[String], rows: &[[String; 5]], links: &[&[&str]]) -> String {
    let mut out = header
        .iter()
        .map(|h| csv_field(h))
        .collect::<Vec<_>>()
        .join(",")
        + "\n";
    for (i, school) in rows.iter().enumerate() {
        let mut fields: Vec<String> = header
            .iter()
            .map(|h| match READ.iter().position(|r| r == h) {
                Some(k) if k < 5 => csv_field(&school[k]),
                Some(7) => "Does not apply".into(),
                Some(8) => "North East".into(),
                Some(9) => "Newcastle upon Tyne".into(),
                Some(10) => "391".into(),
                Some(11) => "E08000021".into(),
                _ if h == "Linked establishments" => "Does not have links".into(),
                _ => String::new(),
            })
            .collect();
        if let Some(found) = links.get(i).filter(|l| !l.is_empty()) {
            fields.pop();
            fields.extend(found.iter().map(|l| l.to_string()));
        }
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// A project whose register is `schools_csv`; one head post per school, the academy's
/// re-advertised 30 days later.
fn project(schools_csv: &str, extra_config: &str) -> Project {
    let p = Project::empty();
    p.write("schools.csv", schools_csv);
    p.write(
        "adverts.csv",
        "advert_id,published_on,school_urn,role\nA1,2010-10-01,100001,head\nA2,2010-10-01,100002,head\nA3,2010-10-01,100003,head\nA4,2010-10-31,100003,head\nA5,2010-10-01,100004,head\n",
    );
    p.write(
        "slm.toml",
        format!("[inputs]\nadverts = [\"adverts.csv\"]\nschools = \"schools.csv\"\nlabel = \"Test fixture\"\nobserved_until = \"2012-12-31\"\n[rules]\nmin_base = 1\n{extra_config}"),
    );
    p
}

fn in_scope_after_build(p: &Project) -> (u64, u64) {
    p.slm().arg("build").assert().success();
    let q: serde_json::Value =
        serde_json::from_str(&p.read("reports/2010-11/quality.json")).unwrap();
    (
        q["schools_in_scope"].as_u64().unwrap(),
        q["posts_counted"].as_u64().unwrap(),
    )
}

fn without(columns: &[String], drop: impl Fn(&str) -> bool) -> Vec<String> {
    columns.iter().filter(|c| !drop(c)).cloned().collect()
}

#[test]
fn every_register_layout_builds_with_all_four_schools() {
    let all = columns_2023();
    assert_eq!(all.len(), 139);
    let la = "Local authority maintained schools";
    // 2017-like: 120 columns (19 of those slm does not read left out).
    let unread: Vec<&String> = all.iter().filter(|c| !READ.contains(&c.as_str())).collect();
    let dropped_2017: Vec<String> = unread
        .iter()
        .rev()
        .take(19)
        .map(|c| c.to_string())
        .collect();
    let layout_2017 = without(&all, |c| dropped_2017.iter().any(|d| d == c));
    assert_eq!(layout_2017.len(), 120);
    // 2019-like: 133 columns, and the old spellings.
    let dropped_2019: Vec<String> = unread.iter().rev().take(6).map(|c| c.to_string()).collect();
    let layout_2019 = without(&all, |c| dropped_2019.iter().any(|d| d == c));
    // 2025: no RSCRegion (name), no four Ofsted columns.
    let layout_2025 = without(&all, |c| {
        c == "RSCRegion (name)"
            || c.starts_with("OfstedLastInsp")
            || c.starts_with("OfstedSpecialMeasures")
            || c == "OfstedRating (name)"
    });
    assert_eq!(layout_2025.len(), 134);
    for (name, header, rows) in [
        ("2017", layout_2017, schools(la, "All-through")),
        (
            "2019",
            layout_2019,
            schools("LA maintained schools", "All through"),
        ),
        ("2023", all.clone(), schools(la, "All-through")),
        ("2025", layout_2025, schools(la, "All-through")),
    ] {
        let p = project(&register(&header, &rows, &[]), "");
        // Four schools in scope; four posts (the academy's second advert re-advertises
        // the same post).
        assert_eq!(in_scope_after_build(&p), (4, 4), "{name} layout");
    }
}

/// Regression (issue 16): a real search download was refused ("69 rows have 112 fields;
/// expected 111"): its last column spills one field per link.
#[test]
fn a_search_download_with_spilled_links_builds() {
    let mut header: Vec<String> = columns_2023().into_iter().take(110).collect();
    for c in READ {
        if !header.iter().any(|h| h == c) {
            header.push(c.to_string());
        }
    }
    header.push("Linked establishments".into());
    let rows = schools("Local authority maintained schools", "All-through");
    // Links to schools this download does not hold: read, and not followed.
    let links: [&[&str]; 4] = [
        &[],
        &["100007 Predecessor", "100008 Successor"],
        &["100006 Predecessor"],
        &[],
    ];
    let p = project(&register(&header, &rows, &links), "");
    assert_eq!(in_scope_after_build(&p), (4, 4));
    let q: serde_json::Value =
        serde_json::from_str(&p.read("reports/2010-11/quality.json")).unwrap();
    assert_eq!(q["links"]["links_read"], 3);
    assert_eq!(q["links"]["lineages_formed"], 0);
    // Any other ragged row is still refused.
    let mut broken = register(&columns_2023(), &rows, &[]);
    broken = broken.replacen("Alpha Primary", "Alpha Primary,extra", 1);
    let p = project(&broken, "");
    p.slm()
        .arg("validate")
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "row has 140 fields; expected 139",
        ));
}

/// A type slm does not know is an error naming it, its rows, a first URN and the
/// `[scope]` key; never a silent exclusion. The config decides it.
#[test]
fn an_unknown_type_is_refused_until_the_config_decides_it() {
    let mut rows = schools("Local authority maintained schools", "All-through");
    rows[2][2] = "Academy virtual school".into();
    let csv = register(&columns_2023(), &rows, &[]);
    let p = project(&csv, "");
    p.slm()
        .arg("validate")
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "TypeOfEstablishment (name) `Academy virtual school` is not a type slm knows (1 row, first URN 100003); decide it in slm.toml: [scope] include_types = [\"Academy virtual school\"]",
        ));
    let included = project(
        &csv,
        "[scope]\ninclude_types = [\"Academy virtual school\"]\n",
    );
    assert_eq!(in_scope_after_build(&included), (4, 4));
    let excluded = project(
        &csv,
        "[scope]\nexclude_types = [\"Academy virtual school\"]\n",
    );
    assert_eq!(in_scope_after_build(&excluded), (3, 3));
}

/// Sets `column` of every data row of a register written by `register` (no quoted
/// commas in these rows) from `value(urn)`.
fn set_column(csv: &str, column: &str, value: impl Fn(&str) -> Option<&'static str>) -> String {
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    let at = header.split(',').position(|h| h == column).unwrap();
    let mut out = format!("{header}\n");
    for line in lines {
        let mut fields: Vec<String> = line.split(',').map(String::from).collect();
        if let Some(v) = value(&fields[0]) {
            fields[at] = v.to_string();
        }
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// Issue 30: GIAS writes `X999999` as the GSS code of a new school that has none yet
/// (two open free schools of Surrey in real 2021 and 2022 downloads). The LA comes from
/// `LA (code)`; where the old code has had two GSS codes (Northumberland 929:
/// E06000048, then E06000057 from 1 April 2013), the one in use on the register's date.
#[test]
fn a_placeholder_gss_code_takes_the_lookups_code_as_of_the_registers_date() {
    let la = "Local authority maintained schools";
    let base = register(&columns_2023(), &schools(la, "All-through"), &[]);
    let northumberland = |urn: &str| matches!(urn, "100002" | "100003").then_some("929");
    let base = set_column(&base, "LA (code)", northumberland);
    let base = set_column(&base, "GSSLACode (name)", |u| {
        northumberland(u).map(|_| "X999999")
    });
    for (date, expected) in [(None, "E06000057"), (Some("15-06-2012"), "E06000048")] {
        let csv = match date {
            Some(d) => set_column(&base, "LastChangedDate", |_| Some(d)),
            None => base.clone(),
        };
        let p = project(&csv, "");
        assert_eq!(in_scope_after_build(&p), (4, 4));
        let q: serde_json::Value =
            serde_json::from_str(&p.read("reports/2010-11/quality.json")).unwrap();
        assert_eq!(q["schools_with_placeholder_la_code"], 2);
        let rates = p.csv("reports/2010-11/data/unfilled_rates.csv");
        let codes: std::collections::BTreeSet<&str> = rates
            .iter()
            .filter(|r| r["la_name"] == "Northumberland")
            .map(|r| r["new_la_code"].as_str())
            .collect();
        assert_eq!(codes, [expected].into(), "register date {date:?}");
    }
}

/// A placeholder GSS code with an old code the lookup does not have is still an error
/// naming the pair.
#[test]
fn a_placeholder_with_an_unknown_la_code_is_refused() {
    let la = "Local authority maintained schools";
    let csv = register(&columns_2023(), &schools(la, "All-through"), &[]);
    let csv = set_column(&csv, "LA (code)", |u| (u == "100001").then_some("999"));
    let csv = set_column(&csv, "GSSLACode (name)", |u| {
        (u == "100001").then_some("X999999")
    });
    let p = project(&csv, "");
    let err = p.stderr_of(&["build"], 1);
    assert!(err.contains("`999 X999999`"), "{err}");
}

/// Issue 30: an EduBase extract of April 2015 has no `EstablishmentTypeGroup (name)`
/// and spells types and phases in title case; each type takes the group GIAS files it
/// under. By hand: six of the nine are state-funded schools (the 16-19 and alternative
/// provision free schools are out by type, the city technology college by its group,
/// Independent schools); the four with adverts give four posts.
#[test]
fn an_edubase_2015_extract_without_the_group_column_builds() {
    let header = without(&columns_2023(), |c| c == "EstablishmentTypeGroup (name)");
    let rows: Vec<[String; 5]> = [
        ("100001", "Alpha Primary", "Community School", "Primary"),
        ("100002", "Beta School", "Foundation School", "All Through"),
        ("100003", "Gamma Academy", "Academy Converter", "Secondary"),
        (
            "100004",
            "Delta Free Special",
            "Free Schools Special",
            "Not applicable",
        ),
        ("100005", "Epsilon Studio", "Studio Schools", "16 Plus"),
        (
            "100006",
            "Zeta UTC",
            "University Technical College",
            "16 Plus",
        ),
        (
            "100007",
            "Eta Sixth Form",
            "Free Schools - 16-19",
            "16 Plus",
        ),
        (
            "100008",
            "Theta Centre",
            "Free Schools - Alternative Provision",
            "Secondary",
        ),
        ("100009", "Iota CTC", "City Technology College", "Secondary"),
    ]
    .map(|(u, n, t, p)| [u, n, t, "", p].map(String::from))
    .to_vec();
    let p = project(&register(&header, &rows, &[]), "");
    assert_eq!(in_scope_after_build(&p), (6, 4));
    let q: serde_json::Value =
        serde_json::from_str(&p.read("reports/2010-11/quality.json")).unwrap();
    assert_eq!(q["school_group_from_type"], true);
    // With the column, the same register says it read the groups.
    let p = project(
        &register(
            &columns_2023(),
            &schools("Local authority maintained schools", "All-through"),
            &[],
        ),
        "",
    );
    assert_eq!(in_scope_after_build(&p), (4, 4));
    let q: serde_json::Value =
        serde_json::from_str(&p.read("reports/2010-11/quality.json")).unwrap();
    assert_eq!(q["school_group_from_type"], false);
}

/// Issue 30: a GIAS search download of 2021 spells the group `Children's Centres`; it is
/// the out-of-scope group slm knows, not an unknown one.
#[test]
fn the_capital_c_childrens_centres_group_is_read() {
    let mut rows = schools("Local authority maintained schools", "All-through");
    rows.push(
        [
            "100005",
            "Kappa Children's Centre",
            "Children's centre",
            "Children's Centres",
            "Not applicable",
        ]
        .map(String::from),
    );
    let p = project(&register(&columns_2023(), &rows, &[]), "");
    assert_eq!(in_scope_after_build(&p), (4, 4));
}

/// Issue 30: an LA pair slm's lookup does not have (a new authority) is refused with the
/// config way out, never source editing; `[local_authorities]` adds it, with its name
/// and region, and its schools are published under it. A placeholder GSS code with the
/// added old code takes the added GSS code.
#[test]
fn a_new_local_authority_is_added_in_the_config() {
    let la = "Local authority maintained schools";
    let csv = register(&columns_2023(), &schools(la, "All-through"), &[]);
    let csv = set_column(&csv, "LA (code)", |u| {
        matches!(u, "100001" | "100002").then_some("999")
    });
    let csv = set_column(&csv, "GSSLACode (name)", |u| match u {
        "100001" => Some("E06000099"),
        "100002" => Some("X999999"),
        _ => None,
    });
    let p = project(&csv, "");
    let err = p.stderr_of(&["validate"], 1);
    assert!(
        err.contains("`999 E06000099` of a school in England are not a local authority slm knows (1 row, first URN 100001)")
            && err.contains("add it in slm.toml: [local_authorities] \"999 E06000099\" = { name = \"its standard name\", region = \"its region\" }"),
        "{err}"
    );
    assert!(
        err.contains("[local_authorities] \"999 <its GSS code>\""),
        "{err}"
    );
    let added = "[local_authorities]\n\"999 E06000099\" = { name = \"Tyneview\", region = \"North East\" }\n";
    let p = project(&csv, added);
    assert_eq!(in_scope_after_build(&p), (4, 4));
    let rates = p.csv("reports/2010-11/data/unfilled_rates.csv");
    let tyneview: Vec<_> = rates
        .iter()
        .filter(|r| r["la_name"] == "Tyneview" && r["education_phase"] == "Total")
        .collect();
    assert!(!tyneview.is_empty());
    for r in &tyneview {
        assert_eq!(
            (
                r["old_la_code"].as_str(),
                r["new_la_code"].as_str(),
                r["region_code"].as_str()
            ),
            ("999", "E06000099", "E12000001")
        );
    }
    // Both schools, the placeholder one included, count under it: 2 posts.
    let all_posts = tyneview
        .iter()
        .find(|r| {
            r["post"] == "Total"
                && r["school_religious_character"] == "Total"
                && r["time_period"] == "201011"
        })
        .map(|r| r["post_count"].clone());
    assert_eq!(all_posts.as_deref(), Some("2"));
}

/// What `[local_authorities]` may not say: a pair already in the lookup, a region that
/// is not English, a key that is not a code pair.
#[test]
fn a_wrong_local_authorities_entry_is_refused() {
    let la = "Local authority maintained schools";
    let csv = register(&columns_2023(), &schools(la, "All-through"), &[]);
    for (entry, expected) in [
        (
            "\"391 E08000021\" = { name = \"Newcastle\", region = \"North East\" }",
            "E08000021 is already in slm's lookup (391 E08000021, Newcastle upon Tyne); remove this entry",
        ),
        (
            "\"999 E06000099\" = { name = \"Tyneview\", region = \"Wales\" }",
            "region `Wales` is not an English region",
        ),
        (
            "\"999\" = { name = \"Tyneview\", region = \"North East\" }",
            "expected the key to be the old and new code with a space between",
        ),
        (
            "\"999 E06000099\" = { name = \"Tyneview\", region = \"North East\", lad = 1 }",
            "unknown field `lad`",
        ),
    ] {
        let p = project(&csv, &format!("[local_authorities]\n{entry}\n"));
        let err = p.stderr_of(&["validate"], 2);
        assert!(err.contains(expected), "{entry}: {err}");
    }
}
