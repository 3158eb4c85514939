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

/// A file's text as the readers see it: UTF-8, or Windows-1252 bytes (the GIAS register
/// and links) that are decoded field by field where a reader takes a field, so a
/// national register is never copied whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text<'a> {
    Utf8(&'a str),
    Windows1252(&'a [u8]),
}

impl<'a> Text<'a> {
    pub fn bytes(self) -> &'a [u8] {
        match self {
            Text::Utf8(text) => text.as_bytes(),
            Text::Windows1252(bytes) => bytes,
        }
    }

    pub fn is_windows_1252(self) -> bool {
        matches!(self, Text::Windows1252(_))
    }

    /// The same kind of text over `bytes`, a slice of this text's bytes cut at ASCII
    /// line ends (so still valid UTF-8 where this text is).
    pub fn slice(self, range: std::ops::Range<usize>) -> Text<'a> {
        match self {
            Text::Utf8(text) => Text::Utf8(&text[range]),
            Text::Windows1252(bytes) => Text::Windows1252(&bytes[range]),
        }
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(text: &'a str) -> Self {
        Text::Utf8(text)
    }
}

impl<'a> From<&'a String> for Text<'a> {
    fn from(text: &'a String) -> Self {
        Text::Utf8(text)
    }
}

/// A field's bytes as text: UTF-8 fields are borrowed, Windows-1252 ones decoded (ASCII,
/// most of a register, is borrowed too).
pub fn field_text(bytes: &[u8], windows_1252: bool) -> std::borrow::Cow<'_, str> {
    if windows_1252 {
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
    } else {
        String::from_utf8_lossy(bytes)
    }
}

/// The bytes of an input file, checked before they are read as text: a BOM is dropped,
/// UTF-16 and NUL bytes are refused.
fn checked<'a>(bytes: &'a [u8], file: &str) -> Result<&'a [u8], Problem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Problem::in_file(
            file,
            "the file is UTF-16; expected UTF-8: save it again as \"CSV UTF-8\"",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(offset) = memchr::memchr(0, bytes) {
        let (line, column) = position(bytes, offset);
        return Err(Problem::at(
            file,
            line,
            column,
            "NUL byte in the file; expected CSV text: is this a binary or UTF-16 file?",
        ));
    }
    Ok(bytes)
}

/// The text of a file that must be UTF-8 (checked as `checked` does); invalid UTF-8 is
/// an error at its line and field. Nothing is copied.
pub fn decode_utf8<'a>(bytes: &'a [u8], file: &str) -> Result<&'a str, Problem> {
    let bytes = checked(bytes, file)?;
    std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = position(bytes, e.valid_up_to());
        Problem::at(
            file,
            line,
            column,
            "invalid UTF-8 byte; expected UTF-8 text: save the file as \"CSV UTF-8\"",
        )
    })
}

/// The text of an input file's bytes, as `encoding` reads it: with
/// `Utf8OrWindows1252`, bytes that are not UTF-8 are Windows-1252. Nothing is copied.
pub fn decode<'a>(bytes: &'a [u8], file: &str, encoding: Encoding) -> Result<Text<'a>, Problem> {
    match encoding {
        Encoding::Utf8 => decode_utf8(bytes, file).map(Text::Utf8),
        Encoding::Utf8OrWindows1252 => {
            let bytes = checked(bytes, file)?;
            Ok(std::str::from_utf8(bytes).map_or(Text::Windows1252(bytes), Text::Utf8))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFa,b\n", "f", Encoding::Utf8).unwrap(),
            Text::Utf8("a,b\n")
        );
    }

    #[test]
    fn windows_1252_register_is_decoded() {
        // 0x92 is a right single quote in Windows-1252 ("St Mary’s"), 0xE9 is é.
        let bytes = b"St Mary\x92s Caf\xe9\n";
        let text = decode(bytes, "f", Encoding::Utf8OrWindows1252).unwrap();
        assert_eq!(text, Text::Windows1252(bytes));
        assert_eq!(
            field_text(text.bytes(), true),
            "St Mary\u{2019}s Caf\u{e9}\n"
        );
        // Valid UTF-8 stays UTF-8.
        let text = decode("Caf\u{e9}".as_bytes(), "f", Encoding::Utf8OrWindows1252).unwrap();
        assert_eq!(text, Text::Utf8("Caf\u{e9}"));
    }

    #[test]
    fn invalid_utf8_names_line_and_field() {
        // The bad byte is in the second field of line 2 (a comma inside quotes does not
        // start a field).
        let p = decode(b"a,b\n\"x,y\",z\xff\n", "adverts.csv", Encoding::Utf8).unwrap_err();
        assert_eq!((p.line, p.column), (Some(2), Some(2)));
        let p = decode(b"a,b\nxy\xff\n", "adverts.csv", Encoding::Utf8).unwrap_err();
        assert_eq!((p.line, p.column), (Some(2), Some(1)));
        let p = decode(b"\xFF\xFEa\0", "f", Encoding::Utf8).unwrap_err();
        assert!(p.message.contains("UTF-16"));
    }
}
