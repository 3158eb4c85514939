//! What a sheet is written with, whatever the file: a cell's style (`Style`, with its
//! number format `NumFmt`) and the few things a sheet does (`Sheet`). The workbook's
//! sheets are written once, against `Sheet`; `XlsxSheet` writes them into
//! `tables.xlsx` and `ods::OdsSheet` keeps them for `tables.ods`.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    Color, Format, FormatAlign, Table, TableColumn, TableStyle, Url, Worksheet, XlsxError,
};

/// A number format: percentages stored as fractions, signed percentage points, counts
/// with thousands separators, or plain decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NumFmt {
    Percent(u8),
    Points(u8),
    Count,
    Decimal(u8),
}

impl NumFmt {
    /// The format of an indicator column of `unit` (`%`, `pp` or none) and `dp` places.
    pub fn of(unit: &str, dp: u8) -> NumFmt {
        match unit {
            "%" => NumFmt::Percent(dp),
            "pp" => NumFmt::Points(dp),
            _ if dp == 0 => NumFmt::Count,
            _ => NumFmt::Decimal(dp),
        }
    }

    /// Decimal places.
    pub fn places(self) -> u8 {
        match self {
            NumFmt::Percent(dp) | NumFmt::Points(dp) | NumFmt::Decimal(dp) => dp,
            NumFmt::Count => 0,
        }
    }

    /// Excel's format code: `0.0%`, `+0.0" pp";-0.0" pp";0.0" pp"`, `#,##0`, `0.0000`.
    pub fn excel(self) -> String {
        let dp = self.places();
        let decimals = if dp == 0 {
            String::new()
        } else {
            format!(".{}", "0".repeat(usize::from(dp)))
        };
        match self {
            NumFmt::Percent(_) => format!("0{decimals}%"),
            NumFmt::Points(_) => {
                format!("+0{decimals}\" pp\";-0{decimals}\" pp\";0{decimals}\" pp\"")
            }
            NumFmt::Count => "#,##0".into(),
            NumFmt::Decimal(_) => format!("0{decimals}"),
        }
    }
}

/// How a cell looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    Plain,
    Title,
    Bold,
    /// A table's header: bold, wrapped, on a tint.
    Label,
    Wrap,
    /// A symbol in place of a number: right-aligned text.
    Symbol,
    /// The label of synthetic data: bold on orange.
    Warning,
    Number(NumFmt),
}

/// The few things the workbook's sheets do, in either file format. Rows of a sheet with
/// a column style must be written in order (the xlsx table sheets are written in
/// constant-memory mode).
pub trait Sheet {
    fn name(&mut self, name: &str) -> Result<(), XlsxError>;
    fn width(&mut self, col: u16, width: f64) -> Result<(), XlsxError>;
    /// The style a number in column `col` takes when written with that style (set
    /// before any row).
    fn column_style(&mut self, col: u16, style: Style) -> Result<(), XlsxError>;
    fn text(&mut self, row: u32, col: u16, text: &str, style: Style) -> Result<(), XlsxError>;
    fn number(&mut self, row: u32, col: u16, value: f64, style: Style) -> Result<(), XlsxError>;
    /// A link to the top of another sheet, showing its name.
    fn link(&mut self, row: u32, col: u16, sheet: &str) -> Result<(), XlsxError>;
    /// The sheet's one table: its header row of `labels` on `row`, over `rows` rows.
    fn table(
        &mut self,
        row: u32,
        rows: usize,
        name: &str,
        labels: &[&str],
    ) -> Result<(), XlsxError>;
    fn freeze(&mut self, row: u32, col: u16) -> Result<(), XlsxError>;
}

/// Every style as an xlsx `Format`, made once.
pub struct Formats(BTreeMap<Style, Format>);

impl Formats {
    /// The fixed styles and a number style for each of `numbers`.
    pub fn new(numbers: impl IntoIterator<Item = NumFmt>) -> Formats {
        let tint = Color::RGB(0xF3F2F1);
        let mut map = BTreeMap::from([
            (Style::Plain, Format::new()),
            (Style::Title, Format::new().set_bold().set_font_size(15)),
            (Style::Bold, Format::new().set_bold()),
            (
                Style::Label,
                Format::new()
                    .set_bold()
                    .set_text_wrap()
                    .set_background_color(tint),
            ),
            (Style::Wrap, Format::new().set_text_wrap()),
            (Style::Symbol, Format::new().set_align(FormatAlign::Right)),
            (
                Style::Warning,
                Format::new()
                    .set_bold()
                    .set_background_color(Color::RGB(0xF46A25)),
            ),
        ]);
        for n in numbers {
            map.insert(Style::Number(n), Format::new().set_num_format(n.excel()));
        }
        Formats(map)
    }

    pub fn get(&self, style: Style) -> &Format {
        self.0.get(&style).expect("every style is made up front")
    }

    /// Every format, in a fixed order.
    pub fn all(&self) -> impl Iterator<Item = &Format> {
        self.0.values()
    }
}

/// A sheet of `tables.xlsx`.
pub struct XlsxSheet<'a> {
    pub ws: &'a mut Worksheet,
    pub formats: &'a Formats,
    column_styles: Vec<Option<Style>>,
}

impl<'a> XlsxSheet<'a> {
    pub fn new(ws: &'a mut Worksheet, formats: &'a Formats) -> XlsxSheet<'a> {
        XlsxSheet {
            ws,
            formats,
            column_styles: Vec::new(),
        }
    }
}

impl Sheet for XlsxSheet<'_> {
    fn name(&mut self, name: &str) -> Result<(), XlsxError> {
        self.ws.set_name(name).map(|_| ())
    }

    fn width(&mut self, col: u16, width: f64) -> Result<(), XlsxError> {
        self.ws.set_column_width(col, width).map(|_| ())
    }

    fn column_style(&mut self, col: u16, style: Style) -> Result<(), XlsxError> {
        // A column format, not one per cell: cells written without a format take it,
        // and looking a format up per cell costs more than writing the cell.
        self.ws.set_column_format(col, self.formats.get(style))?;
        let i = usize::from(col);
        if self.column_styles.len() <= i {
            self.column_styles.resize(i + 1, None);
        }
        self.column_styles[i] = Some(style);
        Ok(())
    }

    fn text(&mut self, row: u32, col: u16, text: &str, style: Style) -> Result<(), XlsxError> {
        match style {
            Style::Plain => self.ws.write_string(row, col, text),
            _ => (self.ws).write_string_with_format(row, col, text, self.formats.get(style)),
        }
        .map(|_| ())
    }

    fn number(&mut self, row: u32, col: u16, value: f64, style: Style) -> Result<(), XlsxError> {
        let column = self.column_styles.get(usize::from(col)).copied().flatten();
        if style == Style::Plain || column == Some(style) {
            self.ws.write_number(row, col, value)
        } else {
            (self.ws).write_number_with_format(row, col, value, self.formats.get(style))
        }
        .map(|_| ())
    }

    fn link(&mut self, row: u32, col: u16, sheet: &str) -> Result<(), XlsxError> {
        let url = Url::new(format!("internal:'{sheet}'!A1"));
        self.ws
            .write_url_with_text(row, col, url, sheet)
            .map(|_| ())
    }

    fn table(
        &mut self,
        row: u32,
        rows: usize,
        name: &str,
        labels: &[&str],
    ) -> Result<(), XlsxError> {
        let label = self.formats.get(Style::Label);
        if rows == 0 {
            for (col, text) in (0u16..).zip(labels) {
                self.ws.write_string_with_format(row, col, *text, label)?;
            }
            return Ok(());
        }
        let columns: Vec<TableColumn> = (labels.iter())
            .map(|text| {
                TableColumn::new()
                    .set_header(*text)
                    .set_header_format(label.clone())
            })
            .collect();
        let table = Table::new()
            .set_name(format!("table_{name}"))
            .set_style(TableStyle::Light1)
            .set_columns(&columns);
        let last_col = labels.len().saturating_sub(1) as u16;
        self.ws
            .add_table(row, 0, row + rows as u32, last_col, &table)
            .map(|_| ())
    }

    fn freeze(&mut self, row: u32, col: u16) -> Result<(), XlsxError> {
        self.ws.set_freeze_panes(row, col).map(|_| ())
    }
}
