//! `manifest.json` and `quality.json`: what a build read and wrote, and what it left
//! out and why. No wall-clock time: the same inputs give the same bytes.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::ingest::FileRows;

pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

#[derive(Debug, Serialize)]
pub struct FileEntry {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

impl FileEntry {
    pub fn of(path: &str, bytes: &[u8]) -> Self {
        FileEntry {
            path: path.to_string(),
            bytes: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Manifest {
    pub slm_version: &'static str,
    pub report_year: String,
    pub label: String,
    pub config: ConfigEntry,
    pub inputs: Vec<FileEntry>,
    pub outputs: Vec<FileEntry>,
}

#[derive(Debug, Serialize)]
pub struct ConfigEntry {
    pub file: FileEntry,
    pub year_start: String,
    pub readvert_min_days: i32,
    pub readvert_max_days: i32,
    pub min_base: u32,
    pub observed_until: String,
}

/// Rounds left out of every figure for one reason.
#[derive(Debug, Serialize, PartialEq)]
pub struct Exclusion {
    pub reason: String,
    pub posts: u64,
    pub adverts: u64,
    /// The first advert of up to ten such posts, in id order.
    pub first_advert_ids: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Quality {
    pub label: String,
    pub report_year: String,
    pub rows_read: Vec<FileRows>,
    pub schools_in_register: usize,
    pub schools_in_scope: usize,
    pub adverts_read: u64,
    pub posts_counted: u64,
    pub excluded: Vec<Exclusion>,
    /// Posts at schools not in the register that count in National totals only.
    pub counted_nationally_only: Exclusion,
    pub observed_until: String,
    pub provisional_years: Vec<String>,
    pub warnings: Vec<String>,
}

/// Pretty JSON with a final newline.
pub fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("serialisable");
    bytes.push(b'\n');
    bytes
}
