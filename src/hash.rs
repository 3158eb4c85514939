//! Content hashes: SHA-256 as lower-case hex, for manifests and downloads.

use sha2::{Digest, Sha256};

pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}
