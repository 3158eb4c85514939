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
