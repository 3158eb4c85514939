//! What `slm fetch` remembers between runs, per source (`ingest::fetch_state` holds the
//! format and reads it): written atomically here, after each fetch.

use std::path::Path;

use crate::error::{Error, Result};
pub use crate::ingest::fetch_state::{load, path, Fetched, State};

/// Writes the state by rename, so that a killed run leaves the old one.
pub fn save(root: &Path, state: &State) -> Result<()> {
    let p = path(root);
    let dir = p.parent().expect("inside data/");
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create", e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".slm-fetch-state-")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, "create a temporary file in", e))?;
    std::fs::write(tmp.path(), crate::json::to_json(state))
        .map_err(|e| Error::io(tmp.path(), "write", e))?;
    if let Ok(m) = std::fs::metadata(dir) {
        // Readable like the data beside it, not private like a temporary file.
        let mut permissions = m.permissions();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            permissions.set_mode(0o644);
        }
        let _ = std::fs::set_permissions(tmp.path(), permissions);
    }
    tmp.persist(&p)
        .map_err(|e| Error::io(&p, "replace", e.error))?;
    Ok(())
}
