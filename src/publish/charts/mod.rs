//! Charts (DESIGN.md, Outputs: Charts): specs built from the published tables, drawn
//! with plotters to SVG (1x) and PNG (2x), and listed in `charts/charts.json`.

pub mod draw;
pub mod model;
pub mod render;
pub mod specs;

use serde::Serialize;

use model::ChartSpec;

/// Drawing a chart failed: a bug, not bad input (plotters' own error, in words).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ChartError(pub String);

pub struct RenderedChart {
    pub spec: ChartSpec,
    pub svg: String,
    pub png: Vec<u8>,
}

/// PNGs are drawn at twice the SVG's size, for print.
pub const PNG_SCALE: u32 = 2;

/// The chart's source line: the data it is drawn from, and the producer.
pub fn footer(spec: &ChartSpec, producer: &str) -> Vec<String> {
    crate::publish::about::source_lines(spec.table, producer)
}

pub fn render_all(ctx: &specs::Context) -> Result<Vec<RenderedChart>, ChartError> {
    specs::all(ctx)
        .into_iter()
        .map(|spec| {
            let foot = footer(&spec, &ctx.release_config.producer);
            let svg = render::svg(&spec, &foot)?;
            let png = render::png(&spec, &foot, PNG_SCALE)?;
            Ok(RenderedChart { spec, svg, png })
        })
        .collect()
}

#[derive(Serialize)]
struct Entry<'a> {
    name: &'a str,
    title: &'a str,
    alt: &'a str,
    table: String,
    svg: String,
    png: String,
}

/// `charts/charts.json`: each chart's title, alt text, files and source table.
pub fn index_json(charts: &[RenderedChart]) -> Vec<u8> {
    let entries: Vec<Entry> = charts
        .iter()
        .map(|c| Entry {
            name: c.spec.name,
            title: &c.spec.title,
            alt: &c.spec.alt,
            table: format!("data/{}.csv", c.spec.table),
            svg: format!("charts/{}.svg", c.spec.name),
            png: format!("charts/{}.png", c.spec.name),
        })
        .collect();
    crate::publish::manifest::to_json(&entries)
}
