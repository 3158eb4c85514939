//! A chart spec to bytes: SVG (1x, with `<title>` and `<desc>` for screen readers) and
//! PNG (2x, for print).

use plotters::prelude::*;

use super::draw::{draw, register_fonts, HEIGHT, WIDTH};
use super::model::ChartSpec;
use super::ChartError;

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG text, with the title and alt text as the first children of `<svg>`.
pub fn svg(spec: &ChartSpec, footer: &[String]) -> Result<String, ChartError> {
    register_fonts();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, spec, footer, 1.0)?;
        root.present().map_err(|e| ChartError(format!("{e:?}")))?;
    }
    let open_end = out
        .find('>')
        .ok_or_else(|| ChartError("no <svg> element".into()))?;
    let (head, rest) = out.split_at(open_end);
    let id = spec.name;
    Ok(format!(
        "{head} role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        xml_escape(&spec.title),
        xml_escape(&spec.alt),
        &rest[1..]
    ))
}

/// The PNG bytes at `scale` times the SVG's size.
pub fn png(spec: &ChartSpec, footer: &[String], scale: u32) -> Result<Vec<u8>, ChartError> {
    register_fonts();
    let (w, h) = (WIDTH * scale, HEIGHT * scale);
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        draw(&root, spec, footer, f64::from(scale))?;
        root.present().map_err(|e| ChartError(format!("{e:?}")))?;
    }
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| ChartError(e.to_string()))?;
        writer
            .write_image_data(&rgb)
            .map_err(|e| ChartError(e.to_string()))?;
    }
    Ok(bytes)
}
