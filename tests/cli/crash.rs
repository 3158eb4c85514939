//! Crash safety: `slm build` killed with SIGKILL at several points leaves
//! `reports/<year>/` exactly as the previous build wrote it, or exactly as the new one
//! does, never a mix, and nothing half-written in sight; the next build succeeds and
//! clears what the killed one left behind.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::project::Project;

fn visible_entries(p: &Project) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(p.path("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// The hidden entries beside the report years whose names start with `prefix`.
fn hidden_entries(p: &Project, prefix: &str) -> Vec<String> {
    std::fs::read_dir(p.path("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

fn relabelled(p: &Project) {
    let config = p.read("slm.toml").replace(
        "label = \"Synthetic demonstration data\"",
        "label = \"Synthetic demonstration data, rebuilt\"",
    );
    p.write("slm.toml", config);
}

#[test]
fn a_killed_build_leaves_the_old_or_the_new_outputs_never_a_mix() {
    let p = Project::shipped();
    p.slm().arg("build").assert().success();
    let old: BTreeMap<String, Vec<u8>> = p.tree("reports/2024-25");
    // The new build's outputs differ in every file that carries the label.
    let q = Project::shipped();
    relabelled(&q);
    q.slm().arg("build").assert().success();
    let new = q.tree("reports/2024-25");
    assert_ne!(old, new);

    relabelled(&p);
    let slm = assert_cmd::cargo::cargo_bin("slm");
    let mut outcomes = Vec::new();
    for delay_ms in [0u64, 20, 60, 120, 200, 300, 400, 500, 650, 800] {
        let mut child = std::process::Command::new(&slm)
            .arg("build")
            .current_dir(p.path(""))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        assert_eq!(
            visible_entries(&p),
            vec!["2024-25".to_string()],
            "after {delay_ms} ms"
        );
        let now = p.tree("reports/2024-25");
        let which = if now == old {
            "old"
        } else if now == new {
            "new"
        } else {
            panic!("killed after {delay_ms} ms: reports/2024-25 is neither the old nor the new outputs");
        };
        outcomes.push(format!("{delay_ms} ms: {which}"));
    }
    eprintln!("kill outcomes: {outcomes:?}");
    // The next build succeeds and leaves nothing else behind.
    p.slm().arg("build").assert().success();
    assert_eq!(p.tree("reports/2024-25"), new);
    let hidden = hidden_entries(&p, ".slm-");
    assert!(hidden.is_empty(), "left behind: {hidden:?} ({outcomes:?})");
}

/// The swap window made observable: the build holds, outputs staged, until it is
/// killed. The kill lands inside the window for certain (the staging directory is there
/// to prove it), the old outputs stand, and the next build clears the staging directory.
#[test]
fn a_kill_inside_the_swap_window_leaves_the_old_outputs() {
    use std::io::{BufRead, BufReader};
    let p = Project::shipped();
    p.slm().arg("build").assert().success();
    let old = p.tree("reports/2024-25");
    relabelled(&p);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("slm"))
        .arg("build")
        .current_dir(p.path(""))
        .env("SLM_TEST_PAUSE_BEFORE_SWAP_MS", "60000")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "the build ended without reaching the swap"
        );
        if line.contains("pausing") {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL, inside the window
    child.wait().unwrap();
    assert_eq!(
        hidden_entries(&p, ".slm-staging-").len(),
        1,
        "the kill landed inside the swap window"
    );
    assert_eq!(visible_entries(&p), vec!["2024-25".to_string()]);
    assert_eq!(p.tree("reports/2024-25"), old, "the old outputs stand");
    p.slm().arg("build").assert().success();
    assert_ne!(p.tree("reports/2024-25"), old);
    let left = hidden_entries(&p, ".slm-");
    assert!(left.is_empty(), "left behind: {left:?}");
}
