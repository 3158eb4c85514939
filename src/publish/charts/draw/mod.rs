//! Drawing a `ChartSpec` with plotters, at any scale: SVG at 1x, PNG at 2x for print
//! (fonts, strokes and margins scale too). The one embedded font (DejaVu Sans) is
//! registered before drawing; no system font is ever read, so bytes are identical
//! across runs and machines.

use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;

mod bars;
mod lines;

use super::model::{ChartSpec, Plot};
use super::ChartError;
use bars::{horizontal_bars, vertical_bars};
use lines::{lines_panel, side_by_side, Panel};

pub const WIDTH: u32 = 900;
pub const HEIGHT: u32 = 540;

const FONT: &str = "sans-serif";
const GREY: RGBColor = RGBColor(0x50, 0x5A, 0x5F);
const GRID: RGBColor = RGBColor(0xE5, 0xE5, 0xE5);

static FONTS: Once = Once::new();

pub fn register_fonts() {
    FONTS.call_once(|| {
        let fonts = [
            (FontStyle::Normal, dejavu::sans::regular()),
            (FontStyle::Bold, dejavu::sans::bold()),
        ];
        for (style, bytes) in fonts {
            let registered = plotters::style::register_font(FONT, style, bytes);
            assert!(
                registered.is_ok(),
                "the embedded DejaVu font is a valid font"
            );
        }
    });
}

/// Pixel sizes at scale `s`.
#[derive(Clone, Copy)]
struct Scale(f64);

impl Scale {
    fn px(self, v: f64) -> i32 {
        (v * self.0).round() as i32
    }
    fn font(self, size: f64) -> FontDesc<'static> {
        (FONT, size * self.0).into_font()
    }
    fn stroke(self, v: f64) -> u32 {
        (v * self.0).round().max(1.0) as u32
    }
    fn style(self, color: RGBColor, filled: bool, width: f64) -> ShapeStyle {
        ShapeStyle {
            color: color.to_rgba(),
            filled,
            stroke_width: self.stroke(width),
        }
    }
}

type DrawResult = Result<(), ChartError>;

fn err<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError(format!("{e:?}"))
}

fn text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    at: (i32, i32),
    style: TextStyle,
) -> DrawResult {
    area.draw(&Text::new(s.to_string(), at, style)).map_err(err)
}

/// Draws `spec` on `root`, which is `WIDTH` x `HEIGHT` times `scale`.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    footer: &[String],
    scale: f64,
) -> DrawResult {
    let s = Scale(scale);
    root.fill(&WHITE).map_err(err)?;
    let title_style = s.font(19.0).style(FontStyle::Bold).color(&BLACK);
    text(root, &spec.title, (s.px(16.0), s.px(12.0)), title_style)?;
    text(
        root,
        &spec.subtitle,
        (s.px(16.0), s.px(40.0)),
        s.font(13.0).color(&GREY),
    )?;
    let foot_lines = footer.len() + spec.notes.len();
    let foot_h = s.px(10.0 + 17.0 * foot_lines as f64);
    let (_, h) = root.dim_in_pixel();
    let (body, foot) = root.split_vertically(h as i32 - foot_h);
    let (_, body) = body.split_vertically(s.px(64.0));
    for (i, line) in spec.notes.iter().chain(footer).enumerate() {
        let color = if i < spec.notes.len() { BLACK } else { GREY };
        text(
            &foot,
            line,
            (s.px(16.0), s.px(4.0 + 17.0 * i as f64)),
            s.font(12.0).color(&color),
        )?;
    }
    match &spec.plot {
        Plot::Lines {
            x,
            zoom,
            y_desc,
            lines,
        } => lines_panel(
            &body,
            root,
            lines,
            &Panel {
                x: *x,
                zoom: *zoom,
                y_desc,
                ..Panel::default()
            },
            s,
        ),
        Plot::Panels { y_desc, panels } => side_by_side(&body, root, panels, y_desc, s),
        Plot::HorizontalBars { x_desc, bars } => horizontal_bars(&body, root, bars, x_desc, s),
        Plot::VerticalBars { y_desc, bars } => vertical_bars(&body, root, bars, y_desc, s),
    }
}
