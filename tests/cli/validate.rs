//! `slm validate` and the exit codes of bad input (1), bad configuration (2) and I/O (3).

use crate::project::Project;

fn stderr_of(p: &Project, args: &[&str], code: i32) -> String {
    let out = p.slm().args(args).assert().code(code).get_output().clone();
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn valid_inputs_pass() {
    let p = Project::fixture("small");
    p.slm()
        .arg("validate")
        .assert()
        .success()
        .stdout(predicates::str::contains("valid: 18 adverts, 5 establishments (4 of them state-funded schools in scope, open or closed)"));
}

#[test]
fn every_problem_is_listed_with_file_line_and_column() {
    let p = Project::fixture("small");
    p.append(
        "adverts_b.csv",
        "H1,2011-02-30,abc,bursar,nursery,TES\n\
         Q1,01/09/2010,100001,head,,TES\n\
         Q2,2010-09-01,100001\n",
    );
    p.append("schools.csv", "100006,Zeta,Community school,Local authority maintained schools,Primary,31-02-2001,,None,Narnia,Leeds,383,E08000035,Ng\n");
    // A code pair the LA lookup does not have, and an LA outside the school's region.
    p.append("schools.csv", "100007,Eta Primary,Community school,Local authority maintained schools,Primary,,,None,North East,Nowhere,999,E06000999,Ng\n");
    p.append("schools.csv", "100008,Theta Primary,Community school,Local authority maintained schools,Primary,,,None,London,Leeds,383,E08000035,Ng\n");
    let err = stderr_of(&p, &["validate"], 1);
    insta::assert_snapshot!(err);
}

#[test]
fn a_missing_column_is_named() {
    let p = Project::fixture("small");
    p.write(
        "adverts_b.csv",
        "advert_id,publishd_on,school_urn\nA1,2010-12-01,100002\n",
    );
    let err = stderr_of(&p, &["validate"], 1);
    assert!(
        err.contains("adverts_b.csv:1: missing required columns published_on, role (`publishd_on` looks like `published_on`; names are matched exactly)"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_and_utf16_are_refused() {
    let p = Project::fixture("small");
    p.write(
        "adverts_b.csv",
        b"advert_id,published_on,school_urn,role\nA\xff1,2010-12-01,100002,head\n",
    );
    // The bad byte is in field 1 (advert_id) of line 2.
    let err = stderr_of(&p, &["validate"], 1);
    assert!(
        err.contains("adverts_b.csv:2:1: invalid UTF-8 byte"),
        "{err}"
    );
    p.write("adverts_b.csv", b"\xff\xfea\x00d\x00");
    let err = stderr_of(&p, &["validate"], 1);
    assert!(err.contains("adverts_b.csv: the file is UTF-16"), "{err}");
}

#[test]
fn a_windows_1252_register_is_read() {
    let p = Project::fixture("small");
    let mut bytes = std::fs::read(p.path("schools.csv")).unwrap();
    // "Alpha Primary" becomes "Alpha Primary\x92s" (a Windows-1252 apostrophe).
    let at = bytes
        .windows(13)
        .position(|w| w == b"Alpha Primary")
        .unwrap()
        + 13;
    bytes.splice(at..at, *b"\x92s");
    p.write("schools.csv", bytes);
    p.slm().arg("validate").assert().success();
}

#[test]
fn config_errors_exit_2_and_name_the_key() {
    let p = Project::fixture("small");
    p.append("slm.toml", "readvert_max_dys = 300\n");
    let err = stderr_of(&p, &["validate"], 2);
    assert!(
        err.contains(
            "unknown key `rules.readvert_max_dys`; did you mean `rules.readvert_max_days`?"
        ),
        "{err}"
    );

    let p = Project::fixture("small");
    p.write(
        "slm.toml",
        p.read("slm.toml").replace("schools.csv", "missing.csv"),
    );
    let err = stderr_of(&p, &["validate"], 2);
    assert!(
        err.contains("inputs.schools: file ./missing.csv does not exist")
            || err.contains("missing.csv does not exist"),
        "{err}"
    );

    let p = Project::fixture("small");
    p.write(
        "slm.toml",
        p.read("slm.toml")
            .replace("min_base = 2", "min_base = \"two\""),
    );
    stderr_of(&p, &["validate"], 2);

    let p = Project::fixture("small");
    let err = stderr_of(&p, &["validate", "--config", "nope.toml"], 2);
    assert!(
        err.contains("nope.toml: cannot read the config file"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let p = Project::fixture("small");
    p.slm().arg("bogus").assert().code(2);
    p.slm()
        .args(["headlines", "--format", "pdf"])
        .assert()
        .code(2);
}
