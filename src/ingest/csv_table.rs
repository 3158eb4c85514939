//! Reading a CSV text with its positions: the header is checked for the required
//! columns, and each record comes with its line number so that every problem can be
//! reported as `file:line:column` (the column is the field's number, 1-based).

use std::collections::HashMap;

use csv::ByteRecord;

use crate::error::Problem;
use crate::ingest::text::{field_text, Text};

pub struct CsvTable<'a> {
    file: &'a str,
    text: Text<'a>,
    /// The line `text` starts on (1, or a chunk's first line).
    first_line: u64,
    reader: csv::Reader<&'a [u8]>,
    width: usize,
    index: HashMap<String, usize>,
    line_breaks_allowed: bool,
    /// The last column may spill over several fields (a GIAS search download's
    /// `Linked establishments`, one field per link): longer rows are accepted.
    last_column_spills: bool,
}

/// The longest field slm accepts: no value it reads comes near, and a quote that is
/// never closed turns the rest of a file into one field.
pub const MAX_FIELD_BYTES: usize = 10_000;

/// The first field of `record` that is too long or (unless allowed) holds a line
/// break, as (field number 1-based, message).
fn suspect_field(record: &ByteRecord, line_breaks_allowed: bool) -> Option<(usize, String)> {
    let all = record.as_slice();
    let long = all.len() > MAX_FIELD_BYTES;
    let broken = !line_breaks_allowed && all.iter().any(|&b| b == b'\n' || b == b'\r');
    if !long && !broken {
        return None;
    }
    record.iter().enumerate().find_map(|(i, f)| {
        if f.len() > MAX_FIELD_BYTES {
            Some((
                i + 1,
                format!(
                    "field is {} bytes long; expected at most {MAX_FIELD_BYTES} (is a quote never closed?)",
                    f.len()
                ),
            ))
        } else if !line_breaks_allowed && f.iter().any(|&b| b == b'\n' || b == b'\r') {
            Some((
                i + 1,
                "field runs over a line break; expected one row per line (is a quote never closed?)"
                    .to_string(),
            ))
        } else {
            None
        }
    })
}

/// One data record and the line it starts on.
#[derive(Clone)]
pub struct Row {
    pub line: u64,
    /// Raw bytes of the record: the text is valid UTF-8 already, so only the fields a
    /// reader asks for are checked (the GIAS register has ~140, slm reads 10).
    record: ByteRecord,
    /// The record's text is Windows-1252.
    windows_1252: bool,
    /// One slot per field when the record is Windows-1252 and not all ASCII (empty
    /// otherwise): a field that is not ASCII is decoded to UTF-8 the first time a reader
    /// asks for it; the other fields, and ASCII records, are read as they are.
    decoded: Vec<std::cell::OnceCell<String>>,
}

impl Row {
    /// Field `i` as text, empty when the record is shorter.
    /// How many fields the record has (more than the header where the last column
    /// spills).
    pub fn len(&self) -> usize {
        self.record.len()
    }

    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }

    pub fn field(&self, i: usize) -> &str {
        let bytes = self.record.get(i).unwrap_or(b"");
        if let Some(cell) = self.decoded.get(i).filter(|_| !bytes.is_ascii()) {
            return cell.get_or_init(|| field_text(bytes, true).into_owned());
        }
        // Fields of valid UTF-8 text split at ASCII commas and quotes are valid UTF-8.
        std::str::from_utf8(bytes).unwrap_or("")
    }

    fn new(windows_1252: bool) -> Row {
        Row {
            line: 0,
            record: ByteRecord::new(),
            windows_1252,
            decoded: Vec::new(),
        }
    }

    /// Readies a new record: a Windows-1252 one that is not all ASCII (a register's
    /// accented names and typographic quotes) gets an empty slot per field, filled by
    /// `field` only for the fields read.
    fn decode(&mut self) {
        self.decoded.clear();
        if self.windows_1252 && !self.record.as_slice().is_ascii() {
            self.decoded
                .resize_with(self.record.len(), std::cell::OnceCell::new);
        }
    }
}

impl<'a> CsvTable<'a> {
    /// Opens `text` and finds each `required` column, in order; a problem with the
    /// header goes to `problems` and gives `None`.
    pub fn open_with_columns<const N: usize>(
        file: &'a str,
        text: impl Into<Text<'a>>,
        required: &[&str; N],
        problems: &mut Vec<Problem>,
    ) -> Option<(Self, [usize; N])> {
        match CsvTable::open(file, text, required) {
            Ok(table) => {
                let columns =
                    required.map(|name| table.column(name).expect("required column checked"));
                Some((table, columns))
            }
            Err(p) => {
                problems.push(p);
                None
            }
        }
    }

    /// Opens `text`, checking that every `required` column is in the header.
    pub fn open(
        file: &'a str,
        text: impl Into<Text<'a>>,
        required: &[&str],
    ) -> Result<Self, Problem> {
        let text = text.into();
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(text.bytes());
        let windows_1252 = text.is_windows_1252();
        let headers: Vec<String> = reader
            .byte_headers()
            .map_err(|e| Problem::in_line(file, 1, format!("cannot read the header row: {e}")))?
            .iter()
            .map(|h| field_text(h, windows_1252).into_owned())
            .collect();
        if headers.is_empty() || (headers.len() == 1 && headers[0].trim().is_empty()) {
            return Err(Problem::in_file(
                file,
                format!(
                    "the file is empty; expected a header row with the columns {}",
                    required.join(", ")
                ),
            ));
        }
        // The first of two columns with the same name wins.
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            index.entry(h.to_string()).or_insert(i);
        }
        let missing: Vec<&str> = required
            .iter()
            .filter(|c| !index.contains_key(**c))
            .copied()
            .collect();
        if !missing.is_empty() {
            let near: Vec<String> = missing
                .iter()
                .filter_map(|m| {
                    headers
                        .iter()
                        .find(|h| {
                            h.trim().eq_ignore_ascii_case(m) || strsim::levenshtein(h, m) <= 2
                        })
                        .map(|h| format!("`{h}` looks like `{m}`"))
                })
                .collect();
            let hint = if near.is_empty() {
                String::new()
            } else {
                format!(" ({}; names are matched exactly)", near.join(", "))
            };
            return Err(Problem::in_line(
                file,
                1,
                format!(
                    "missing required column{} {}{hint}; expected a header with {}",
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join(", "),
                    required.join(", ")
                ),
            ));
        }
        Ok(CsvTable {
            file,
            text,
            first_line: 1,
            reader,
            width: headers.len(),
            index,
            line_breaks_allowed: false,
            last_column_spills: false,
        })
    }

    /// How many columns the header has.
    pub fn width(&self) -> usize {
        self.width
    }

    /// A piece of a table's data rows, read like the table: `text` holds whole records
    /// only (`body_chunks`) and starts on line `first_line`; `like` is the table opened
    /// on the whole file (its header, width and options).
    pub fn chunk(like: &CsvTable<'a>, text: Text<'a>, first_line: u64) -> CsvTable<'a> {
        CsvTable {
            file: like.file,
            text,
            first_line,
            reader: csv::ReaderBuilder::new()
                .flexible(true)
                .has_headers(false)
                .from_reader(text.bytes()),
            width: like.width,
            index: like.index.clone(),
            line_breaks_allowed: like.line_breaks_allowed,
            last_column_spills: like.last_column_spills,
        }
    }

    /// Accepts rows longer than the header when the header's last column is `name`: that
    /// column spills into one field per item (any other ragged row stays an error).
    pub fn allowing_spill_of_last_column(mut self, name: &str) -> Self {
        self.last_column_spills = self.index.get(name) == Some(&(self.width - 1));
        self
    }

    /// Accepts quoted values that hold line breaks (the GIAS register may have them in
    /// columns slm does not read); other files have one row per line.
    pub fn allowing_line_breaks(mut self) -> Self {
        self.line_breaks_allowed = true;
        self
    }

    /// The position of a column in each record, if the header has it.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// Every data record, collected (for small files and tests).
    pub fn rows(self, problems: &mut Vec<Problem>) -> Vec<Row> {
        let mut rows = Vec::new();
        self.for_each_row(problems, |row, _| rows.push(row.clone()));
        rows
    }

    /// Visits every data record in one reused buffer (no copies: the GIAS register has
    /// ~140 fields a row); returns how many there were. A record of the wrong width or
    /// one the CSV parser refuses is a problem, and reading goes on with the next one.
    pub fn for_each_row(
        self,
        problems: &mut Vec<Problem>,
        mut visit: impl FnMut(&Row, &mut Vec<Problem>),
    ) -> usize {
        let CsvTable {
            file,
            text,
            first_line,
            mut reader,
            width,
            line_breaks_allowed,
            last_column_spills,
            ..
        } = self;
        let mut lines = LineCounter::new(text.bytes(), first_line);
        let mut count = 0;
        let mut row = Row::new(text.is_windows_1252());
        loop {
            match reader.read_byte_record(&mut row.record) {
                Ok(false) => break,
                Ok(true) => {
                    let record = &row.record;
                    let line = lines.line_at(record.position().map_or(0, |p| p.byte()));
                    if record.len() == 1 && record[0].is_empty() {
                        continue; // a blank line
                    }
                    count += 1;
                    if record.len() != width && !(last_column_spills && record.len() > width) {
                        problems.push(Problem::in_line(
                            file,
                            line,
                            format!(
                                "row has {} fields; expected {width}, as in the header (a missing or extra comma, or an unquoted comma in a value?)",
                                record.len()
                            ),
                        ));
                        continue;
                    }
                    if let Some((column, message)) = suspect_field(record, line_breaks_allowed) {
                        problems.push(Problem::at(file, line, column, message));
                        continue;
                    }
                    row.line = line;
                    row.decode();
                    visit(&row, problems);
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    problems.push(Problem::in_line(
                        file,
                        line,
                        format!("cannot parse CSV: {e}"),
                    ));
                    break;
                }
            }
        }
        count
    }
}

/// Line numbers of byte offsets, counted forward as records are read. The csv crate's
/// own count starts a record on the `\n` of a CRLF pair, one line too early, and its
/// byte positions may point at the line breaks before a record: a record never starts
/// with a line break, so those are skipped.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8], first_line: u64) -> Self {
        LineCounter {
            bytes,
            offset: 0,
            line: first_line,
        }
    }

    /// The line a record starting at `byte` begins on (offsets only move forward).
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut target = (byte as usize).min(self.bytes.len());
        while matches!(self.bytes.get(target), Some(b'\r' | b'\n')) {
            target += 1;
        }
        if target > self.offset {
            self.line += self.bytes[self.offset..target]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.offset = target;
        }
        self.line
    }
}

/// The data rows of `text` (everything after its first line) in up to `parts` pieces of
/// about equal size, each ending at a line end outside quotes, with the line it starts
/// on; `None` when the text is too small to be worth splitting. A record holding a
/// quoted line break is never cut: quotes are counted from the start (with memchr, so
/// the scan runs at memory speed).
pub fn body_chunks(text: Text<'_>, parts: usize) -> Option<Vec<(u64, Text<'_>)>> {
    const WORTH_SPLITTING: usize = 1 << 22;
    let bytes = text.bytes();
    let header_end = memchr::memchr(b'\n', bytes)? + 1;
    let body = &bytes[header_end..];
    if parts < 2 || body.len() < WORTH_SPLITTING {
        return None;
    }
    let count =
        |byte: u8, from: usize, to: usize| memchr::memchr_iter(byte, &body[from..to]).count();
    let mut chunks = Vec::with_capacity(parts);
    // `start` opens the current piece; quotes are counted up to `scanned`.
    let (mut start, mut line, mut scanned, mut quotes) = (0usize, 2u64, 0usize, 0usize);
    for k in 1..parts {
        let target = (body.len() * k / parts).max(start);
        let mut cut = None;
        let mut from = target;
        // The first line end at or after the target with an even number of quotes before it.
        while let Some(i) = memchr::memchr(b'\n', &body[from..]) {
            let end = from + i + 1;
            quotes += count(b'"', scanned, end);
            scanned = end;
            if quotes % 2 == 0 {
                cut = Some(end);
                break;
            }
            from = end;
        }
        let Some(end) = cut else { break };
        chunks.push((line, text.slice(header_end + start..header_end + end)));
        line += count(b'\n', start, end) as u64;
        start = end;
    }
    chunks.push((line, text.slice(header_end + start..bytes.len())));
    Some(chunks)
}

/// What reading one piece of a file gave: the rows read into a fresh `T`, whether the
/// piece was clean (no problem at all), and how many rows it held.
pub struct Piece<T> {
    pub read: T,
    pub clean: bool,
    pub rows: usize,
}

/// Reads `text`'s data rows in pieces (`body_chunks`), one scoped thread a piece, each
/// through `read_piece` with a table over its piece. The pieces in file order and the
/// rows they held; `None` when the text is not worth splitting, any piece was not clean,
/// or there was no row at all (the caller then reads the file in one pass, which
/// reports every problem in order).
pub fn read_in_pieces<'a, T: Send>(
    text: Text<'a>,
    table: &CsvTable<'a>,
    parts: usize,
    read_piece: impl Fn(CsvTable<'a>) -> Piece<T> + Sync,
) -> Option<(Vec<T>, usize)> {
    let chunks = body_chunks(text, parts)?;
    let read_piece = &read_piece;
    let pieces: Vec<Piece<T>> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|(line, chunk)| {
                let piece = CsvTable::chunk(table, *chunk, *line);
                scope.spawn(move || read_piece(piece))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a piece reader does not panic"))
            .collect()
    });
    let rows: usize = pieces.iter().map(|p| p.rows).sum();
    if rows == 0 || pieces.iter().any(|p| !p.clean) {
        return None;
    }
    Some((pieces.into_iter().map(|p| p.read).collect(), rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cut_at_line_ends_outside_quotes_and_know_their_lines() {
        let row = "1,\"a\nb\",2\n";
        let text = format!("h1,h2,h3\n{}", row.repeat(600_000));
        let chunks = body_chunks(Text::Utf8(&text), 3).unwrap();
        assert_eq!(chunks.len(), 3);
        let joined: Vec<u8> = chunks.iter().flat_map(|c| c.1.bytes()).copied().collect();
        assert_eq!(joined, &text.as_bytes()[9..]);
        for (line, chunk) in &chunks {
            assert!(chunk.bytes().starts_with(b"1,\"a"), "cut inside a record");
            // Each record spans two lines; the body starts on line 2.
            assert_eq!((line - 2) % 2, 0);
        }
        let header = CsvTable::open("a.csv", &text, &["h1"])
            .ok()
            .unwrap()
            .allowing_line_breaks();
        let mut lines = Vec::new();
        for (line, chunk) in &chunks {
            let mut problems = Vec::new();
            let rows = CsvTable::chunk(&header, *chunk, *line).rows(&mut problems);
            assert!(problems.is_empty());
            lines.push((rows[0].line, rows.len()));
        }
        let total: usize = lines.iter().map(|l| l.1).sum();
        assert_eq!(total, 600_000);
        // The second chunk's first record starts where the first chunk's records end.
        assert_eq!(lines[1].0, 2 + 2 * lines[0].1 as u64);
        assert!(
            body_chunks(Text::Utf8("h\n1\n"), 2).is_none(),
            "small texts are not split"
        );
    }

    /// A Windows-1252 file is read field by field: its header and any field outside
    /// ASCII come out as UTF-8, ASCII rows as they are.
    #[test]
    fn windows_1252_fields_are_decoded_where_read() {
        let bytes =
            b"URN,EstablishmentName,Caf\xe9\n1,St Mary\x92s,x\n2,\"Oak, \xc9cole\",y\n3,Elm,z\n";
        let table = CsvTable::open("s.csv", Text::Windows1252(bytes), &["Caf\u{e9}"]).unwrap();
        assert_eq!(table.column("Caf\u{e9}"), Some(2));
        let rows = table.rows(&mut Vec::new());
        let names: Vec<&str> = rows.iter().map(|r| r.field(1)).collect();
        assert_eq!(names, ["St Mary\u{2019}s", "Oak, \u{c9}cole", "Elm"]);
        assert_eq!(rows[1].line, 3);
        assert!(rows[2].decoded.is_empty(), "an ASCII row is read as it is");
        assert!(
            rows[0].decoded[0].get().is_none(),
            "an ASCII field is not copied"
        );
    }

    #[test]
    fn missing_column_is_named_with_a_near_miss() {
        let err = CsvTable::open(
            "a.csv",
            "advert_id,publishd_on\n",
            &["advert_id", "published_on"],
        )
        .err()
        .unwrap();
        assert_eq!(err.line, Some(1));
        assert!(
            err.message.contains("missing required column published_on"),
            "{}",
            err.message
        );
        assert!(err
            .message
            .contains("`publishd_on` looks like `published_on`"));
    }

    #[test]
    fn crlf_lines_are_counted_like_lf_lines() {
        // A CRLF file once reported its first record on line 1, the header's line.
        for text in ["a,b\r\n1,2\r\n\r\n3,4\r\n", "a,b\n1,2\n\n3,4\n"] {
            let table = CsvTable::open("a.csv", text, &["a"]).ok().unwrap();
            let mut problems = vec![];
            let rows = table.rows(&mut problems);
            assert_eq!(
                rows.iter().map(|r| r.line).collect::<Vec<_>>(),
                vec![2, 4],
                "{text:?}"
            );
        }
    }

    #[test]
    fn ragged_rows_are_problems_with_lines() {
        let table = CsvTable::open("a.csv", "a,b\n1,2\n3\n4,5\n", &["a"])
            .ok()
            .unwrap();
        let mut problems = vec![];
        let rows = table.rows(&mut problems);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].line, 4);
        assert_eq!(problems[0].line, Some(3));
    }
}
