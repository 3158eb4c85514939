//! What `slm fetch` recorded of each source (the URL last fetched, its ETag and
//! Last-Modified for conditional requests, the file's SHA-256), kept in
//! `data/.slm-fetch.json`: read here, like every other input, for the manifest; written
//! by `fetch::state`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub const FILE_NAME: &str = ".slm-fetch.json";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fetched {
    pub url: String,
    /// The file, relative to the config file.
    pub dest: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub sources: BTreeMap<String, Fetched>,
}

/// The state file of a project whose config file is in `root`.
pub fn path(root: &Path) -> PathBuf {
    root.join("data").join(FILE_NAME)
}

/// The state, or an empty one when there is no file yet. A file that does not parse is
/// an error naming it: deleting it only costs one unconditional download per source.
pub fn load(root: &Path) -> Result<State> {
    let p = path(root);
    match std::fs::read_to_string(&p) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| {
            Error::config(
                p.display().to_string(),
                format!(
                    "the fetch state file does not parse ({e}); delete it and run slm fetch again"
                ),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
        Err(e) => Err(Error::io(&p, "read", e)),
    }
}
