//! `tables.ods`: the workbook's sheets in the OpenDocument spreadsheet format the GSS
//! guidance recommends beside xlsx. The sheets are written by the same code as the xlsx
//! ones (`Sheet`), kept as cells here, then serialised as OpenDocument 1.3: a zip whose
//! first entry is the stored `mimetype`, every entry dated 1980-01-01, so the bytes
//! depend on the inputs only. Percentages are `percentage` cells (fractions shown as
//! per cent), numbers `float` cells, with the number styles the xlsx uses.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write;

use rust_xlsxwriter::XlsxError;

use super::sheet::{NumFmt, Sheet, Style};

pub const ODS_NAME: &str = "tables.ods";

#[derive(Debug, Clone)]
enum Content {
    Text(String),
    Number(f64),
    /// A link to another sheet, showing its name.
    Link(String),
}

#[derive(Debug, Clone)]
struct Cell {
    content: Content,
    style: Style,
}

/// One sheet, as cells.
#[derive(Debug, Default)]
pub struct OdsSheet {
    name: String,
    widths: Vec<f64>,
    rows: Vec<Vec<Option<Cell>>>,
}

impl OdsSheet {
    fn put(&mut self, row: u32, col: u16, content: Content, style: Style) {
        let (r, c) = (row as usize, usize::from(col));
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let cells = &mut self.rows[r];
        if cells.len() <= c {
            cells.resize(c + 1, None);
        }
        cells[c] = Some(Cell { content, style });
    }
}

impl Sheet for OdsSheet {
    fn name(&mut self, name: &str) -> Result<(), XlsxError> {
        self.name = name.to_string();
        Ok(())
    }

    fn width(&mut self, col: u16, width: f64) -> Result<(), XlsxError> {
        let c = usize::from(col);
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0.0);
        }
        self.widths[c] = width;
        Ok(())
    }

    fn column_style(&mut self, _col: u16, _style: Style) -> Result<(), XlsxError> {
        // Every ODS cell carries its own style.
        Ok(())
    }

    fn text(&mut self, row: u32, col: u16, text: &str, style: Style) -> Result<(), XlsxError> {
        self.put(row, col, Content::Text(text.to_string()), style);
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, value: f64, style: Style) -> Result<(), XlsxError> {
        self.put(row, col, Content::Number(value), style);
        Ok(())
    }

    fn link(&mut self, row: u32, col: u16, sheet: &str) -> Result<(), XlsxError> {
        self.put(row, col, Content::Link(sheet.to_string()), Style::Plain);
        Ok(())
    }

    fn table(
        &mut self,
        row: u32,
        _rows: usize,
        _name: &str,
        labels: &[&str],
    ) -> Result<(), XlsxError> {
        for (col, label) in (0u16..).zip(labels) {
            self.put(row, col, Content::Text(label.to_string()), Style::Label);
        }
        Ok(())
    }

    fn freeze(&mut self, _row: u32, _col: u16) -> Result<(), XlsxError> {
        Ok(())
    }
}

/// `text` made safe inside XML.
fn escaped(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    write_escaped(&mut out, text).expect("writing to a Vec does not fail");
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

/// Writes `text` made safe inside XML, without a copy where nothing needs escaping.
fn write_escaped(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '>', '"']) {
        out.write_all(&rest.as_bytes()[..i])?;
        out.write_all(match rest.as_bytes()[i] {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            _ => b"&quot;",
        })?;
        rest = &rest[i + 1..];
    }
    out.write_all(rest.as_bytes())
}

/// A style's name in the document, formatted where it is written (once per styled
/// cell) rather than made as a `String`.
struct StyleName(Style);

impl std::fmt::Display for StyleName {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.0 {
            Style::Plain => f.write_str("ce_plain"),
            Style::Title => f.write_str("ce_title"),
            Style::Bold => f.write_str("ce_bold"),
            Style::Label => f.write_str("ce_label"),
            Style::Wrap => f.write_str("ce_wrap"),
            Style::Symbol => f.write_str("ce_symbol"),
            Style::Warning => f.write_str("ce_warning"),
            Style::Number(n) => write!(f, "ce_{}", NumberStyleName(n)),
        }
    }
}

/// A number style's name in the document.
struct NumberStyleName(NumFmt);

impl std::fmt::Display for NumberStyleName {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.0 {
            NumFmt::Percent(dp) => write!(f, "pct{dp}"),
            NumFmt::Points(dp) => write!(f, "pp{dp}"),
            NumFmt::Count => f.write_str("count"),
            NumFmt::Decimal(dp) => write!(f, "dec{dp}"),
        }
    }
}

/// The number style of `n` (OpenDocument data style).
fn number_style(n: NumFmt) -> String {
    let name = NumberStyleName(n);
    let dp = n.places();
    let number = |grouping: bool| {
        format!(
            r#"<number:number number:decimal-places="{dp}" number:min-decimal-places="{dp}" number:min-integer-digits="1"{}/>"#,
            if grouping {
                r#" number:grouping="true""#
            } else {
                ""
            }
        )
    };
    match n {
        NumFmt::Percent(_) => format!(
            r#"<number:percentage-style style:name="N_{name}">{}<number:text>%</number:text></number:percentage-style>"#,
            number(false)
        ),
        NumFmt::Points(_) => format!(
            r#"<number:number-style style:name="N_{name}">{}<number:text> pp</number:text></number:number-style>"#,
            number(false)
        ),
        NumFmt::Count => format!(
            r#"<number:number-style style:name="N_{name}">{}</number:number-style>"#,
            number(true)
        ),
        NumFmt::Decimal(_) => format!(
            r#"<number:number-style style:name="N_{name}">{}</number:number-style>"#,
            number(false)
        ),
    }
}

/// The cell style of `style`.
fn cell_style(style: Style) -> String {
    let name = StyleName(style);
    let (cell, text, paragraph) = match style {
        Style::Plain | Style::Number(_) => ("", "", ""),
        Style::Title => ("", r#"fo:font-weight="bold" fo:font-size="15pt""#, ""),
        Style::Bold => ("", r#"fo:font-weight="bold""#, ""),
        Style::Label => (
            r##"fo:background-color="#f3f2f1" fo:wrap-option="wrap""##,
            r#"fo:font-weight="bold""#,
            "",
        ),
        Style::Wrap => (r#"fo:wrap-option="wrap""#, "", ""),
        Style::Symbol => ("", "", r#"fo:text-align="end""#),
        Style::Warning => (
            r##"fo:background-color="#f46a25""##,
            r#"fo:font-weight="bold""#,
            "",
        ),
    };
    let mut out = format!(r#"<style:style style:name="{name}" style:family="table-cell""#);
    if let Style::Number(n) = style {
        let _ = write!(out, r#" style:data-style-name="N_{}""#, NumberStyleName(n));
    }
    out.push('>');
    if !cell.is_empty() {
        let _ = write!(out, "<style:table-cell-properties {cell}/>");
    }
    if !paragraph.is_empty() {
        let _ = write!(out, "<style:paragraph-properties {paragraph}/>");
    }
    if !text.is_empty() {
        let _ = write!(out, "<style:text-properties {text}/>");
    }
    out.push_str("</style:style>");
    out
}

/// A column width (in Excel's character units) as a length.
fn width_name(width: f64) -> String {
    format!("co_{}", (width * 10.0).round() as u64)
}

fn cell_xml(out: &mut impl Write, cell: &Cell) -> std::io::Result<()> {
    let style = StyleName(cell.style);
    match &cell.content {
        Content::Text(t) => {
            out.write_all(b"<table:table-cell")?;
            // Plain text, the most common cell, goes without a style: a smaller file.
            if cell.style != Style::Plain {
                write!(out, r#" table:style-name="{style}""#)?;
            }
            out.write_all(br#" office:value-type="string"><text:p>"#)?;
            write_escaped(out, t)?;
            out.write_all(b"</text:p></table:table-cell>")
        }
        Content::Number(v) => {
            let kind = match cell.style {
                Style::Number(NumFmt::Percent(_)) => "percentage",
                _ => "float",
            };
            write!(
                out,
                r#"<table:table-cell table:style-name="{style}" office:value-type="{kind}" office:value="{v}"/>"#
            )
        }
        Content::Link(sheet) => write!(
            out,
            r##"<table:table-cell table:style-name="{style}" office:value-type="string"><text:p><text:a xlink:type="simple" xlink:href="#'{0}'.A1">{0}</text:a></text:p></table:table-cell>"##,
            escaped(sheet)
        ),
    }
}

fn sheet_xml(out: &mut impl Write, sheet: &OdsSheet) -> std::io::Result<()> {
    write!(
        out,
        r#"<table:table table:name="{}">"#,
        escaped(&sheet.name)
    )?;
    let columns = sheet
        .rows
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(sheet.widths.len())
        .max(1);
    for c in 0..columns {
        let width = sheet
            .widths
            .get(c)
            .copied()
            .filter(|w| *w > 0.0)
            .unwrap_or(10.0);
        write!(
            out,
            r#"<table:table-column table:style-name="{}"/>"#,
            width_name(width)
        )?;
    }
    for cells in &sheet.rows {
        out.write_all(b"<table:table-row>")?;
        if cells.is_empty() {
            out.write_all(b"<table:table-cell/>")?;
        }
        for cell in cells {
            match cell {
                Some(cell) => cell_xml(out, cell)?,
                None => out.write_all(b"<table:table-cell/>")?,
            }
        }
        out.write_all(b"</table:table-row>")?;
    }
    out.write_all(b"</table:table>")
}

/// content.xml, written to `out` as it is made (at national scale it runs to tens of
/// MB, never held whole): the styles the sheets use, then the sheets.
fn content_xml(out: &mut impl Write, sheets: &[OdsSheet]) -> std::io::Result<()> {
    let mut styles: BTreeSet<Style> = BTreeSet::new();
    let mut widths: BTreeSet<u64> = BTreeSet::new();
    for sheet in sheets {
        styles.extend(sheet.rows.iter().flatten().flatten().map(|c| c.style));
        widths.extend(sheet.widths.iter().map(|w| (w * 10.0).round() as u64));
    }
    widths.insert(100);
    out.write_all(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3">"#,
        "<office:automatic-styles>"
    ).as_bytes())?;
    for w in &widths {
        // Excel's character width is about 0.19 cm at the default font.
        write!(
            out,
            r#"<style:style style:name="co_{w}" style:family="table-column"><style:table-column-properties style:column-width="{:.2}cm"/></style:style>"#,
            *w as f64 / 10.0 * 0.19
        )?;
    }
    for style in &styles {
        if let Style::Number(n) = style {
            out.write_all(number_style(*n).as_bytes())?;
        }
    }
    for style in &styles {
        out.write_all(cell_style(*style).as_bytes())?;
    }
    out.write_all(b"</office:automatic-styles><office:body><office:spreadsheet>")?;
    for sheet in sheets {
        sheet_xml(out, sheet)?;
    }
    out.write_all(b"</office:spreadsheet></office:body></office:document-content>")
}

const MANIFEST: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?>"#,
    r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">"#,
    r#"<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>"#,
    r#"<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>"#,
    r#"<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>"#,
    "</manifest:manifest>"
);

/// meta.xml: the title and the creation date (the last date the data covers).
fn meta_xml(title: &str, created: &str) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3">"#,
            "<office:meta><dc:title>{}</dc:title><meta:creation-date>{}T00:00:00</meta:creation-date><meta:generator>slm</meta:generator></office:meta></office:document-meta>"
        ),
        escaped(title),
        created
    )
}

/// The document's bytes.
pub fn ods_bytes(sheets: &[OdsSheet], title: &str, created: &str) -> std::io::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;
    let when = zip::DateTime::default();
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(when);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(2))
        .last_modified_time(when);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    zip.start_file("META-INF/manifest.xml", deflated)?;
    zip.write_all(MANIFEST.as_bytes())?;
    zip.start_file("meta.xml", deflated)?;
    zip.write_all(meta_xml(title, created).as_bytes())?;
    zip.start_file("content.xml", deflated)?;
    let mut content = std::io::BufWriter::with_capacity(1 << 16, &mut zip);
    content_xml(&mut content, sheets)?;
    content.flush()?;
    drop(content);
    Ok(zip.finish()?.into_inner())
}
