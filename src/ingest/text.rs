//! Turning an input file's bytes into text: UTF-8 (a BOM is accepted), or for the GIAS
//! register Windows-1252 as GIAS publishes it. Encodings that are neither are refused
//! with the position of the first bad byte.

use crate::error::Problem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Advert files, the workforce panel and the published series.
    Utf8,
    /// The GIAS register: UTF-8 when it is valid UTF-8, else Windows-1252.
    Utf8OrWindows1252,
}

/// Line (1-based) and column of a byte offset. A column is a field number (1-based)
/// everywhere slm reports one: here, commas outside quotes before the offset on its line.
fn position(bytes: &[u8], offset: usize) -> (u64, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let mut quoted = false;
    let mut field = 1;
    for &b in &before[line_start..] {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => field += 1,
            _ => {}
        }
    }
    (line, field)
}

pub fn decode(mut bytes: Vec<u8>, file: &str, encoding: Encoding) -> Result<String, Problem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Problem::in_file(
            file,
            "the file is UTF-16; expected UTF-8: save it again as \"CSV UTF-8\"",
        ));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = position(&bytes, offset);
        return Err(Problem::at(
            file,
            line,
            column,
            "NUL byte in the file; expected CSV text: is this a binary or UTF-16 file?",
        ));
    }
    // Valid UTF-8 becomes the text without a copy (national files run to hundreds of MB).
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            let body = e.into_bytes();
            match encoding {
                Encoding::Utf8OrWindows1252 => {
                    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&body);
                    Ok(text.into_owned())
                }
                Encoding::Utf8 => {
                    let (line, column) = position(&body, valid_up_to);
                    Err(Problem::at(
                        file,
                        line,
                        column,
                        "invalid UTF-8 byte; expected UTF-8 text: save the file as \"CSV UTF-8\"",
                    ))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFa,b\n".to_vec(), "f", Encoding::Utf8).unwrap(),
            "a,b\n"
        );
    }

    #[test]
    fn windows_1252_register_is_decoded() {
        // 0x92 is a right single quote in Windows-1252 ("St Mary’s"), 0xE9 is é.
        let text = decode(
            b"St Mary\x92s Caf\xe9\n".to_vec(),
            "f",
            Encoding::Utf8OrWindows1252,
        )
        .unwrap();
        assert_eq!(text, "St Mary\u{2019}s Caf\u{e9}\n");
    }

    #[test]
    fn invalid_utf8_names_line_and_field() {
        // The bad byte is in the second field of line 2 (a comma inside quotes does not
        // start a field).
        let p = decode(
            b"a,b\n\"x,y\",z\xff\n".to_vec(),
            "adverts.csv",
            Encoding::Utf8,
        )
        .unwrap_err();
        assert_eq!((p.line, p.column), (Some(2), Some(2)));
        let p = decode(b"a,b\nxy\xff\n".to_vec(), "adverts.csv", Encoding::Utf8).unwrap_err();
        assert_eq!((p.line, p.column), (Some(2), Some(1)));
        let p = decode(b"\xFF\xFEa\0".to_vec(), "f", Encoding::Utf8).unwrap_err();
        assert!(p.message.contains("UTF-16"));
    }
}
