//! Bar charts: ranked rates (horizontal, with intervals and bases) and changes
//! (vertical, up or down from zero, shaded by significance).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::lines::axis_max;
use super::{err, text, DrawResult, Scale, GREY, GRID};
use crate::publish::charts::model::{Bar, PALETTE};

pub(super) fn horizontal_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    root: &DrawingArea<DB, Shift>,
    bars: &[Bar],
    x_desc: &str,
    s: Scale,
) -> DrawResult {
    let n = bars.len().max(1) as f64;
    let x_max = axis_max(bars.iter().map(|b| b.interval.map_or(b.value, |i| i.1)));
    let mut chart = ChartBuilder::on(area)
        .margin_left(s.px(8.0))
        .margin_right(s.px(70.0))
        .margin_top(s.px(8.0))
        .x_label_area_size(s.px(44.0))
        .y_label_area_size(s.px(200.0))
        .build_cartesian_2d(0f64..x_max, 0f64..n)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .y_labels(0)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .x_desc(x_desc)
        .label_style(s.font(12.0))
        .axis_desc_style(s.font(13.0))
        .draw()
        .map_err(err)?;
    let color = PALETTE[0];
    for (i, bar) in bars.iter().enumerate() {
        // The first bar at the top.
        let y = n - 1.0 - i as f64;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, y + 0.18), (bar.value, y + 0.82)],
                s.style(color, !bar.hollow, 2.0),
            )))
            .map_err(err)?;
        if let Some((lo, hi)) = bar.interval {
            let mid = y + 0.5;
            let whisker = s.style(BLACK, false, 1.5);
            chart
                .draw_series([
                    PathElement::new(vec![(lo, mid), (hi, mid)], whisker),
                    PathElement::new(vec![(lo, mid - 0.15), (lo, mid + 0.15)], whisker),
                    PathElement::new(vec![(hi, mid - 0.15), (hi, mid + 0.15)], whisker),
                ])
                .map_err(err)?;
        }
        let label_at = chart.backend_coord(&(0.0, y + 0.5));
        let label_style = s
            .font(12.5)
            .color(&BLACK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        text(
            root,
            &bar.label,
            (label_at.0 - s.px(8.0), label_at.1),
            label_style,
        )?;
        let end = bar.interval.map_or(bar.value, |i| i.1);
        let value_at = chart.backend_coord(&(end, y + 0.5));
        let value_style = s
            .font(12.0)
            .style(FontStyle::Bold)
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        text(
            root,
            &bar.value_text,
            (value_at.0 + s.px(6.0), value_at.1),
            value_style,
        )?;
    }
    Ok(())
}

/// A chart of changes, one bar a place on the x axis.
type BarChart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Bars up or down from zero (changes), each with its interval, value and note above
/// (or below) it and its label under the axis.
pub(super) fn vertical_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    root: &DrawingArea<DB, Shift>,
    bars: &[Bar],
    y_desc: &str,
    s: Scale,
) -> DrawResult {
    let n = bars.len().max(1) as f64;
    let extent = bars
        .iter()
        .flat_map(|b| {
            [b.value.abs()]
                .into_iter()
                .chain(b.interval.map(|i| i.0.abs().max(i.1.abs())))
        })
        .fold(1.0f64, f64::max);
    let y_max = (extent * 1.35 / 2.0).ceil() * 2.0;
    let mut chart = ChartBuilder::on(area)
        .margin_left(s.px(8.0))
        .margin_right(s.px(20.0))
        .margin_top(s.px(8.0))
        .x_label_area_size(s.px(44.0))
        .y_label_area_size(s.px(58.0))
        .build_cartesian_2d(0f64..n, -y_max..y_max)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(0)
        .y_label_formatter(&|v| {
            if v.abs() < 1e-9 {
                "0".into()
            } else {
                format!("{v:+.0}")
            }
        })
        .y_desc(y_desc)
        .label_style(s.font(12.0))
        .axis_desc_style(s.font(13.0))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (n, 0.0)],
            s.style(BLACK, false, 1.5),
        )))
        .map_err(err)?;
    for (i, bar) in bars.iter().enumerate() {
        change_bar(&mut chart, i, bar, s)?;
        bar_labels(&chart, root, i as f64, bar, y_max, s)?;
    }
    Ok(())
}

/// The `i`-th bar (faded or hollow as the bar says) and its interval's whiskers.
fn change_bar<DB: DrawingBackend>(
    chart: &mut BarChart<DB>,
    i: usize,
    bar: &Bar,
    s: Scale,
) -> DrawResult {
    let color = PALETTE[i % PALETTE.len()];
    let x = i as f64;
    let fill = if bar.faded {
        color.mix(0.3)
    } else {
        color.mix(1.0)
    };
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [(x + 0.22, 0.0), (x + 0.78, bar.value)],
            if bar.hollow {
                s.style(color, false, 2.5)
            } else {
                fill.filled()
            },
        )))
        .map_err(err)?;
    if bar.faded && !bar.hollow {
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(x + 0.22, 0.0), (x + 0.78, bar.value)],
                s.style(color, false, 1.5),
            )))
            .map_err(err)?;
    }
    if let Some((lo, hi)) = bar.interval {
        let whisker = |y: f64| vec![(x + 0.42, y), (x + 0.58, y)];
        chart
            .draw_series([
                PathElement::new(
                    vec![(x + 0.5, lo), (x + 0.5, hi)],
                    s.style(BLACK, false, 1.5),
                ),
                PathElement::new(whisker(lo), s.style(BLACK, false, 1.5)),
                PathElement::new(whisker(hi), s.style(BLACK, false, 1.5)),
            ])
            .map_err(err)?;
    }
    Ok(())
}

/// A bar's value and note, clear of the bar and its interval, and its label under the
/// axis (at `-y_max`).
fn bar_labels<DB: DrawingBackend>(
    chart: &BarChart<DB>,
    root: &DrawingArea<DB, Shift>,
    x: f64,
    bar: &Bar,
    y_max: f64,
    s: Scale,
) -> DrawResult {
    let up = bar.value >= 0.0;
    let reach = match bar.interval {
        Some((_, hi)) if up => hi.max(bar.value),
        Some((lo, hi)) => lo.min(bar.value).min(hi),
        None => bar.value,
    };
    let tip = chart.backend_coord(&(x + 0.5, reach));
    let (v_pos, dy) = if up {
        (VPos::Bottom, -s.px(4.0))
    } else {
        (VPos::Top, s.px(4.0))
    };
    let value_style = s
        .font(12.5)
        .style(FontStyle::Bold)
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, v_pos));
    let note_style = s.font(11.5).color(&GREY).pos(Pos::new(HPos::Center, v_pos));
    let (first_dy, second_dy) = if up {
        (dy - s.px(15.0), dy)
    } else {
        (dy, dy + s.px(15.0))
    };
    text(
        root,
        &bar.value_text,
        (tip.0, tip.1 + first_dy),
        value_style,
    )?;
    text(root, &bar.note, (tip.0, tip.1 + second_dy), note_style)?;
    let base = chart.backend_coord(&(x + 0.5, -y_max));
    let label_style = s
        .font(12.5)
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    text(root, &bar.label, (base.0, base.1 + s.px(8.0)), label_style)
}
