//! The one layout of every JSON file slm writes (outputs and the fetch state): pretty,
//! keys in the order the types declare them, a final newline.

use serde::Serialize;

/// Pretty JSON with a final newline.
pub fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("serialisable");
    bytes.push(b'\n');
    bytes
}
