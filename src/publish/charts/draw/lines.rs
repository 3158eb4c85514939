//! Line charts: one panel of lines over the years (or whole numbers) with shaded
//! intervals, markers and labels at the line ends, or panels side by side on the same
//! scales.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{err, text, DrawResult, Scale, GRID};
use crate::domain::RecruitmentYear;
use crate::publish::charts::model::{text_colour, Line, Marker, Point, XAxis};

/// Panels side by side on the same scales (both axes), with one legend above three or
/// more.
pub(super) fn side_by_side<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    root: &DrawingArea<DB, Shift>,
    panels: &[(String, Vec<Line>)],
    y_desc: &str,
    s: Scale,
) -> DrawResult {
    let all: Vec<&Point> = panels
        .iter()
        .flat_map(|p| &p.1)
        .flat_map(|l| &l.points)
        .collect();
    let years = year_span(all.iter().map(|p| p.year));
    // The same scales in every panel: the y axis too.
    let y_max = axis_max(all.iter().map(|p| p.interval.map_or(p.value, |i| i.1)));
    // Three or more panels are too narrow for labels at the line ends: one
    // legend above them names the lines, which are the same in every panel.
    let legend = panels.len() > 2;
    let mut rest = body.clone();
    if legend {
        let (top, below) = rest.split_vertically(s.px(24.0));
        draw_legend(&top, panels, s)?;
        rest = below;
    }
    let (w, _) = rest.dim_in_pixel();
    let width = w as i32 / panels.len().max(1) as i32;
    for (i, (title, lines)) in panels.iter().enumerate() {
        let area = if i + 1 < panels.len() {
            let (here, right) = rest.split_horizontally(width);
            rest = right;
            here
        } else {
            rest.clone()
        };
        let panel = Panel {
            y_desc,
            title: Some(title),
            span: Some(years),
            y_max: Some(y_max),
            direct_labels: !legend,
            ..Panel::default()
        };
        lines_panel(&area, root, lines, &panel, s)?;
    }
    Ok(())
}

fn year_span(years: impl Iterator<Item = i32>) -> (i32, i32) {
    let mut v: Vec<i32> = years.collect();
    v.sort();
    (*v.first().unwrap_or(&2000), *v.last().unwrap_or(&2001))
}

/// A "nice" lower bound for a zoomed per cent axis: 10 below the lowest value, in tens.
/// A zoomed axis starts at the multiple of 5 just below the lowest value (band
/// included), with no empty range beneath it.
fn axis_min(values: impl Iterator<Item = f64>) -> f64 {
    let min = values.fold(100.0f64, f64::min);
    ((min / 5.0).floor() * 5.0).max(0.0)
}

/// A "nice" upper bound, in tens: 100 at most for a per cent, more for a rate per 100.
pub(super) fn axis_max(values: impl Iterator<Item = f64>) -> f64 {
    let max = values.fold(0.0f64, f64::max);
    ((max / 10.0).ceil() * 10.0).max(10.0)
}

fn marker_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    marker: Marker,
    color: RGBColor,
    hollow: bool,
    s: Scale,
) -> DrawResult {
    let style = s.style(color, !hollow, 2.0);
    let r = s.px(5.0);
    match marker {
        Marker::Circle => area.draw(&Circle::new(at, r, style)),
        Marker::Triangle => area.draw(&TriangleMarker::new(at, r + s.px(1.0), style)),
        Marker::Square => area.draw(&Rectangle::new(
            [(at.0 - r + 1, at.1 - r + 1), (at.0 + r - 1, at.1 + r - 1)],
            style,
        )),
        Marker::Diamond => area.draw(&Polygon::new(
            vec![
                (at.0, at.1 - r - 1),
                (at.0 + r + 1, at.1),
                (at.0, at.1 + r + 1),
                (at.0 - r - 1, at.1),
            ],
            style,
        )),
    }
    .map_err(err)?;
    if hollow {
        // Keep the hollow centre white over bands and lines.
        area.draw(&Circle::new(at, s.px(2.0), s.style(WHITE, true, 1.0)))
            .map_err(err)?;
    }
    Ok(())
}

/// Points split where a year is missing.
fn consecutive_runs(points: &[Point]) -> Vec<&[Point]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=points.len() {
        if i == points.len() || points[i].year != points[i - 1].year + 1 {
            runs.push(&points[start..i]);
            start = i;
        }
    }
    runs
}

const RECRUITMENT_YEARS: XAxis = XAxis::Years("Recruitment year");

/// How one panel of lines is drawn.
pub(super) struct Panel<'a> {
    pub(super) x: XAxis,
    pub(super) zoom: bool,
    pub(super) y_desc: &'a str,
    /// The panel's own title, when it is one of several.
    pub(super) title: Option<&'a str>,
    /// The years shown, shared between panels; else the lines' own.
    pub(super) span: Option<(i32, i32)>,
    /// The top of the y axis, shared between panels; else from the lines.
    pub(super) y_max: Option<f64>,
    /// Labels at the line ends (else a legend elsewhere names the lines).
    pub(super) direct_labels: bool,
}

impl Default for Panel<'_> {
    fn default() -> Self {
        Panel {
            x: RECRUITMENT_YEARS,
            zoom: false,
            y_desc: "",
            title: None,
            span: None,
            y_max: None,
            direct_labels: true,
        }
    }
}

/// One row of legend entries (marker and label) for the lines of `panels`, each label
/// once, in the order first drawn.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panels: &[(String, Vec<Line>)],
    s: Scale,
) -> DrawResult {
    let mut seen: Vec<&Line> = Vec::new();
    for line in panels.iter().flat_map(|p| &p.1) {
        if !seen.iter().any(|l| l.label == line.label) {
            seen.push(line);
        }
    }
    let mut x = s.px(74.0);
    for line in seen {
        marker_at(area, (x, s.px(10.0)), line.marker, line.color, false, s)?;
        let style = s
            .font(12.5)
            .style(FontStyle::Bold)
            .color(&text_colour(line.color))
            .pos(Pos::new(HPos::Left, VPos::Center));
        text(area, &line.label, (x + s.px(12.0), s.px(10.0)), style)?;
        // DejaVu Sans Bold at 12.5px is about 8px a character.
        x += s.px(40.0 + 8.0 * line.label.chars().count() as f64);
    }
    Ok(())
}

pub(super) fn lines_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    root: &DrawingArea<DB, Shift>,
    lines: &[Line],
    panel: &Panel,
    s: Scale,
) -> DrawResult {
    let Panel {
        x,
        y_desc,
        title: panel_title,
        span,
        ..
    } = *panel;
    let (first, last) = span
        .unwrap_or_else(|| year_span(lines.iter().flat_map(|l| l.points.iter().map(|p| p.year))));
    let (y_min, y_max) = y_range(lines, panel);
    let mut builder = ChartBuilder::on(area);
    builder
        .margin_left(s.px(8.0))
        .margin_right(s.px(match (panel.direct_labels, span.is_some()) {
            (false, _) => 16.0,
            (true, true) => 110.0,
            (true, false) => 120.0,
        }))
        .margin_top(s.px(if panel_title.is_some() { 26.0 } else { 8.0 }))
        .x_label_area_size(s.px(44.0))
        .y_label_area_size(s.px(58.0));
    let mut chart = builder
        .build_cartesian_2d(first..last, y_min..y_max)
        .map_err(err)?;
    let n_years = (last - first + 1).max(1) as usize;
    let most_labels = match (span.is_some(), panel.direct_labels) {
        (false, _) => 8,
        (true, true) => 4,
        (true, false) => 3,
    };
    let step = n_years.div_ceil(most_labels).max(1) as i32;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(n_years)
        .x_label_formatter(&|y| {
            // Counted back from the last year, so the report year is always labelled.
            if *y < first || (last - y) % step != 0 {
                String::new()
            } else if let XAxis::Years(_) = x {
                RecruitmentYear(*y).label()
            } else {
                y.to_string()
            }
        })
        .y_label_formatter(&|v| format!("{v:.0}"))
        .x_desc(match x {
            XAxis::Years(d) | XAxis::Numbers(d) => d,
        })
        .y_desc(y_desc)
        .label_style(s.font(12.0))
        .axis_desc_style(s.font(13.0))
        .draw()
        .map_err(err)?;
    if let Some(t) = panel_title {
        text(
            area,
            t,
            (s.px(66.0), s.px(4.0)),
            s.font(13.0).style(FontStyle::Bold).color(&BLACK),
        )?;
    }
    draw_bands(&mut chart, lines)?;
    draw_lines(&mut chart, root, lines, s)?;
    if panel.direct_labels {
        draw_end_labels(&chart, root, lines, last, s)?;
    }
    Ok(())
}

/// The y axis: from 0 (or, zoomed, from just below the lowest value) to a round number
/// above the highest, intervals included; the panels' shared top when they have one.
fn y_range(lines: &[Line], panel: &Panel) -> (f64, f64) {
    let points = || lines.iter().flat_map(|l| &l.points);
    let y_max = panel
        .y_max
        .unwrap_or_else(|| axis_max(points().map(|p| p.interval.map_or(p.value, |i| i.1))));
    let y_min = if panel.zoom {
        axis_min(points().map(|p| p.interval.map_or(p.value, |i| i.0)))
    } else {
        0.0
    };
    (y_min, y_max)
}

/// A chart of values over the years (or other whole numbers).
type YearChart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordi32, plotters::coord::types::RangedCoordf64>,
>;

/// The interval bands, drawn first so that lines and markers sit on top; like lines, a
/// band breaks where a year is missing (suppressed) rather than bridging it.
fn draw_bands<DB: DrawingBackend>(chart: &mut YearChart<DB>, lines: &[Line]) -> DrawResult {
    for line in lines.iter().filter(|l| l.joined) {
        for run in consecutive_runs(&line.points) {
            let bounds: Vec<(i32, (f64, f64))> = run
                .iter()
                .filter_map(|p| p.interval.map(|i| (p.year, i)))
                .collect();
            if bounds.len() < 2 || bounds.len() != run.len() {
                continue;
            }
            let mut poly: Vec<(i32, f64)> = bounds.iter().map(|(y, i)| (*y, i.1)).collect();
            poly.extend(bounds.iter().rev().map(|(y, i)| (*y, i.0)));
            chart
                .draw_series(std::iter::once(Polygon::new(
                    poly,
                    line.color.mix(0.14).filled(),
                )))
                .map_err(err)?;
        }
    }
    Ok(())
}

/// Each line and its markers, one line after another. Only consecutive years are
/// joined (a gap, a suppressed year, breaks the line): solid between final years,
/// dashed into a provisional (hollow) one.
fn draw_lines<DB: DrawingBackend>(
    chart: &mut YearChart<DB>,
    root: &DrawingArea<DB, Shift>,
    lines: &[Line],
    s: Scale,
) -> DrawResult {
    for line in lines {
        if line.joined {
            for run in consecutive_runs(&line.points)
                .into_iter()
                .filter(|r| r.len() > 1)
            {
                for pair in run.windows(2) {
                    let ends = pair.iter().map(|p| (p.year, p.value));
                    if pair[1].hollow || pair[0].hollow {
                        chart
                            .draw_series(DashedLineSeries::new(
                                ends,
                                s.px(6.0),
                                s.px(4.0),
                                s.style(line.color, false, 2.5),
                            ))
                            .map_err(err)?;
                    } else {
                        chart
                            .draw_series(LineSeries::new(ends, s.style(line.color, false, 2.5)))
                            .map_err(err)?;
                    }
                }
            }
        }
        for p in &line.points {
            let at = chart.backend_coord(&(p.year, p.value));
            marker_at(root, at, line.marker, line.color, p.hollow, s)?;
        }
    }
    Ok(())
}

/// Direct labels at the line ends (a line that ends early is labelled where it ends),
/// nudged apart so they never overlap.
fn draw_end_labels<DB: DrawingBackend>(
    chart: &YearChart<DB>,
    root: &DrawingArea<DB, Shift>,
    lines: &[Line],
    last: i32,
    s: Scale,
) -> DrawResult {
    let mut labels: Vec<(i32, Option<i32>, &str, RGBColor)> = lines
        .iter()
        .filter_map(|line| {
            let p = line.points.last()?;
            let at = chart.backend_coord(&(p.year, p.value));
            let x = (p.year < last).then_some(at.0 + s.px(12.0));
            Some((at.1, x, line.label.as_str(), line.color))
        })
        .collect();
    labels.sort_by_key(|l| l.0);
    let gap = s.px(16.0);
    for i in 1..labels.len() {
        if labels[i].0 - labels[i - 1].0 < gap {
            labels[i].0 = labels[i - 1].0 + gap;
        }
    }
    let x = chart.backend_coord(&(last, 0.0)).0 + s.px(12.0);
    for (y, at_x, label, color) in labels {
        let x = at_x.unwrap_or(x);
        let style = s
            .font(12.5)
            .style(FontStyle::Bold)
            .color(&text_colour(color))
            .pos(Pos::new(HPos::Left, VPos::Center));
        text(root, label, (x, y), style)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(year: i32) -> Point {
        Point {
            year,
            value: 1.0,
            interval: None,
            hollow: false,
        }
    }

    #[test]
    fn runs_break_at_missing_years() {
        let points: Vec<Point> = [2004, 2005, 2007, 2009, 2010, 2011].map(point).to_vec();
        let lengths: Vec<usize> = consecutive_runs(&points).iter().map(|r| r.len()).collect();
        assert_eq!(lengths, vec![2, 1, 3]);
    }
}
