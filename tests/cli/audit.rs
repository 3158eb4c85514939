//! `slm audit`: the built-in attacker on the workforce tables as the build publishes them.

use crate::project::Project;

#[test]
fn the_audit_finds_nothing_in_what_the_build_publishes() {
    let p = Project::fixture("panel");
    let out = p.slm().args(["audit", "--limit", "400"]).output().unwrap();
    // The build withholds what the attacker would narrow (the unit tests in
    // src/disclosure/workforce.rs plant leaks and work the attacker's ranges by hand):
    // exit 0, the rule, what was withheld and the narrowest ranges.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("Disclosure audit of the workforce tables, 2013/14 release"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Result: every withheld figure is protected."),
        "{stdout}"
    );
    assert!(stdout.contains("Narrowest ranges"), "{stdout}");
    assert!(!stdout.contains("BREACH"), "{stdout}");
}

#[test]
fn without_a_panel_there_is_nothing_to_audit() {
    let p = Project::fixture("small");
    let out = p.stdout_of(&["audit"]);
    assert!(out.contains("No workforce panel"), "{out}");
}
