//! The only code that writes report files. A build's files are written into a staging
//! directory beside `reports/<year>/` and swapped in only when all of them are written
//! (one atomic exchange on Linux), so a failed or killed build leaves the previous
//! outputs untouched.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

const STAGING_PREFIX: &str = ".slm-staging-";
const OLD_PREFIX: &str = ".slm-old-";

/// A report's files by relative path (with `/`), in path order.
#[derive(Debug, Default)]
pub struct Files(pub BTreeMap<String, Vec<u8>>);

impl Files {
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.0.insert(path.into(), bytes.into());
    }
}

/// Removes what a killed build left: staging directories, and old outputs that were
/// moved aside but not deleted (restored when the new ones never arrived).
pub fn clean_stale(out_dir: &Path) -> Result<()> {
    let Ok(entries) = fs::read_dir(out_dir) else {
        return Ok(());
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let path = out_dir.join(&name);
        if name.starts_with(STAGING_PREFIX) {
            fs::remove_dir_all(&path).map_err(|e| Error::io(&path, "remove", e))?;
        } else if let Some(rest) = name.strip_prefix(OLD_PREFIX) {
            let year_dir = out_dir.join(rest.split('.').next().unwrap_or(rest));
            if year_dir.exists() {
                fs::remove_dir_all(&path).map_err(|e| Error::io(&path, "remove", e))?;
            } else {
                fs::rename(&path, &year_dir).map_err(|e| Error::io(&path, "restore", e))?;
            }
        }
    }
    Ok(())
}

/// Writes `files` into `out_dir/<dir_name>/`, replacing what was there in one swap.
pub fn install(out_dir: &Path, dir_name: &str, files: &Files) -> Result<PathBuf> {
    let staged = stage(out_dir, files)?;
    swap(out_dir, dir_name, &staged)
}

/// Writes `files` into a new staging directory in `out_dir` (after removing what a
/// killed build left), and returns it. Nothing visible has changed yet.
fn stage(out_dir: &Path, files: &Files) -> Result<PathBuf> {
    fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, "create", e))?;
    clean_stale(out_dir)?;
    let staging = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(out_dir)
        .map_err(|e| Error::io(out_dir, "write", e))?;
    for (rel, bytes) in &files.0 {
        let path = staging.path().join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, "create", e))?;
        }
        fs::write(&path, bytes).map_err(|e| Error::io(&path, "write", e))?;
    }
    Ok(staging.keep())
}

/// Puts the `staged` outputs at `out_dir/<dir_name>/` in one step, old ones removed.
fn swap(out_dir: &Path, dir_name: &str, staged: &Path) -> Result<PathBuf> {
    let target = out_dir.join(dir_name);
    if target.exists() && exchange(staged, &target).is_ok() {
        // One atomic step: `target` holds the new outputs, `staged` the old ones. A kill
        // now leaves only a staging directory, which the next build removes.
        fs::remove_dir_all(staged).map_err(|e| Error::io(staged, "remove", e))?;
    } else if target.exists() {
        // Without an atomic exchange (another system, or a file system without it):
        // move aside, then in; a kill between the two is undone by `clean_stale`.
        let old = out_dir.join(format!("{OLD_PREFIX}{dir_name}.{}", std::process::id()));
        fs::rename(&target, &old).map_err(|e| Error::io(&target, "move aside", e))?;
        fs::rename(staged, &target).map_err(|e| Error::io(&target, "replace", e))?;
        fs::remove_dir_all(&old).map_err(|e| Error::io(&old, "remove", e))?;
    } else {
        fs::rename(staged, &target).map_err(|e| Error::io(&target, "create", e))?;
    }
    Ok(target)
}

/// Swaps two directories in one step (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call; the
    // call reads them and touches no other memory.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Every file below `dir`, as relative `/` paths with their bytes.
pub fn read_tree(dir: &Path) -> Result<Files> {
    let mut files = Files::default();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).map_err(|e| Error::io(&d, "read", e))? {
            let path = entry.map_err(|e| Error::io(&d, "read", e))?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("below dir")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                let bytes = fs::read(&path).map_err(|e| Error::io(&path, "read", e))?;
                files.add(rel, bytes);
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_replaces_and_cleans() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = Files::default();
        files.add("a.txt", "one");
        files.add("data/b.csv", "two");
        install(dir.path(), "2010-11", &files).unwrap();
        let mut again = Files::default();
        again.add("a.txt", "three");
        install(dir.path(), "2010-11", &again).unwrap();
        let tree = read_tree(&dir.path().join("2010-11")).unwrap();
        assert_eq!(tree.0.len(), 1);
        assert_eq!(tree.0["a.txt"], b"three");
        // Nothing but the year directory is left beside it.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// A build killed inside the swap window (outputs staged, not yet swapped in): the
    /// old outputs stand, and the next build removes the staging directory. Stopping
    /// between `stage` and `swap` is exactly what a kill there leaves.
    #[test]
    fn a_kill_between_staging_and_swap_leaves_the_old_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = Files::default();
        old.add("a.txt", "old");
        install(dir.path(), "2024-25", &old).unwrap();
        let mut new = Files::default();
        new.add("a.txt", "new");
        new.add("data/b.csv", "new");
        let staged = stage(dir.path(), &new).unwrap();
        assert!(staged.starts_with(dir.path()) && staged.join("data/b.csv").exists());
        let tree = read_tree(&dir.path().join("2024-25")).unwrap();
        assert_eq!(tree.0.len(), 1);
        assert_eq!(tree.0["a.txt"], b"old");
        // The next build clears the staging directory and installs its own outputs.
        install(dir.path(), "2024-25", &new).unwrap();
        assert!(!staged.exists());
        let tree = read_tree(&dir.path().join("2024-25")).unwrap();
        assert_eq!(tree.0["data/b.csv"], b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_killed_swap_is_restored() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(".slm-old-2010-11.123")).unwrap();
        fs::write(dir.path().join(".slm-old-2010-11.123/x"), "kept").unwrap();
        fs::create_dir_all(dir.path().join(".slm-staging-abc")).unwrap();
        clean_stale(dir.path()).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("2010-11/x")).unwrap(),
            "kept"
        );
        assert!(!dir.path().join(".slm-staging-abc").exists());
    }
}
