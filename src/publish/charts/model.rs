//! What a chart shows, independent of how it is drawn: series of yearly points with
//! intervals, or labelled bars. Built by `specs` from the published tables and drawn
//! by `draw`.

use plotters::style::RGBColor;

/// The GSS palette, in the order DESIGN.md gives it.
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(0x12, 0x43, 0x6D),
    RGBColor(0x28, 0xA1, 0x97),
    RGBColor(0x80, 0x16, 0x50),
    RGBColor(0xF4, 0x6A, 0x25),
    RGBColor(0x3D, 0x3D, 0x3D),
    RGBColor(0xA2, 0x85, 0xD1),
];

/// WCAG 2's contrast ratio of two colours (1 to 21).
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let luminance = |c: RGBColor| {
        let channel = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.040_45 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The colour a series' label is written in: its line colour, darkened in steps of 5
/// per cent until it has WCAG's 4.5:1 contrast on the white chart (WCAG 1.4.3). The GSS
/// turquoise (3.2:1) and orange (3.0:1) are darkened; the others already pass.
pub fn text_colour(line: RGBColor) -> RGBColor {
    let white = RGBColor(0xFF, 0xFF, 0xFF);
    let mut shade = line;
    let mut factor = 1.0;
    while contrast(shade, white) < 4.5 {
        factor -= 0.05;
        let dark = |v: u8| (f64::from(v) * factor).round() as u8;
        shade = RGBColor(dark(line.0), dark(line.1), dark(line.2));
    }
    shade
}

/// Marker shapes, so that colour is never the only cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Triangle,
    Square,
    Diamond,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The x value: the year an academic year starts in, or a number (see `XAxis`).
    pub year: i32,
    pub value: f64,
    pub interval: Option<(f64, f64)>,
    /// Drawn hollow, with a dashed line to it: a provisional year (the one meaning of a
    /// hollow marker on every chart).
    pub hollow: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    pub color: RGBColor,
    pub marker: Marker,
    pub points: Vec<Point>,
    /// Whether consecutive points are joined (a sparse survey series is not).
    pub joined: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub interval: Option<(f64, f64)>,
    /// A provisional year: drawn hollow.
    pub hollow: bool,
    /// Not significant: drawn in a light tint.
    pub faded: bool,
    /// Text written beside the bar, e.g. `42.9%` or `+2.1 pp`.
    pub value_text: String,
    /// A second line under the value, e.g. `not significant`.
    pub note: String,
}

/// What the x values of a line chart are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XAxis {
    /// Start years of academic years, labelled `2010/11`, described by the text.
    Years(&'static str),
    /// Plain whole numbers (e.g. years after appointment), described by the text.
    Numbers(&'static str),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Plot {
    /// Lines over `x`; with intervals drawn as shaded bands.
    Lines {
        x: XAxis,
        /// Start the y axis near the lowest value instead of at zero (marked in the
        /// chart's notes), for series that move in a narrow band near the top.
        zoom: bool,
        y_desc: String,
        lines: Vec<Line>,
    },
    /// Horizontal bars with interval whiskers, highest first.
    HorizontalBars { x_desc: String, bars: Vec<Bar> },
    /// Vertical bars around zero.
    VerticalBars { y_desc: String, bars: Vec<Bar> },
    /// Line panels side by side on the same scales, each with its title, never joined.
    Panels {
        y_desc: String,
        panels: Vec<(String, Vec<Line>)>,
    },
}

/// A chart and everything said about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub name: &'static str,
    /// States the finding.
    pub title: String,
    pub subtitle: String,
    /// Notes printed under the plot (provisional years, suppressed cells, methods).
    pub notes: Vec<String>,
    pub plot: Plot,
    /// Alternative text for screen readers.
    pub alt: String,
    /// The tidy table the chart draws from.
    pub table: &'static str,
    /// The figures drawn, as a small table for the report.
    pub data_header: Vec<String>,
    pub data_rows: Vec<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG's own examples: black on white 21:1; the GSS turquoise 3.2:1 and orange 3.0:1
    /// (issue 27's audit), which labels darken to pass 4.5:1; dark blue is left as it is.
    #[test]
    fn labels_are_darkened_to_four_and_a_half_to_one() {
        let white = RGBColor(0xFF, 0xFF, 0xFF);
        assert!((contrast(RGBColor(0, 0, 0), white) - 21.0).abs() < 1e-9);
        assert!((contrast(PALETTE[1], white) - 3.2).abs() < 0.05);
        assert!((contrast(PALETTE[3], white) - 3.0).abs() < 0.05);
        for colour in PALETTE {
            let text = text_colour(colour);
            assert!(contrast(text, white) >= 4.5, "{colour:?} -> {text:?}");
        }
        assert_eq!(text_colour(PALETTE[0]), PALETTE[0]);
        assert_ne!(text_colour(PALETTE[1]), PALETTE[1]);
    }
}
