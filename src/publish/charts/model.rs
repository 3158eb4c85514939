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
