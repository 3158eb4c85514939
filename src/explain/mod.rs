//! `slm explain` (DESIGN.md, Command line): one published cell and everything behind it.
//! The build's rounds and published cells are evaluated in memory (`pipeline::evaluate`);
//! `filters` reads the cell from the flags, `trace` lists its rounds and adverts and
//! those it leaves out, and `render` writes text, CSV or JSON. The cell is shown as the
//! published table renders it (the same `TidyTable` code as the CSV); the listed counts
//! must equal it, or the command fails. Workforce cells give counts only: their rows
//! are people. Nothing is written to disk.

mod filters;
mod render;
mod trace;

pub use filters::{CellFlags, Table};
pub use render::{render, ExplainFormat};

use serde::Serialize;

use polars::prelude::*;

use crate::config::Config;
use crate::disclosure::{self, RateCell};
use crate::domain::{Country, Geography, Item, LocalAuthority, Phase, RecruitmentYear, Role};
use crate::error::{Error, Result};
use crate::ingest;
use crate::measures::cube::{countries_in, top_national};
use crate::measures::unfilled::unfilled_cells;
use crate::measures::{CellKey, PanelFilters, UnfilledFilters};
use crate::pipeline::{evaluate, rounds_of, Rounds};
use crate::publish::tidy::TidyTable;
use crate::publish::{retention_tables, tables};

/// What `slm explain` was asked.
#[derive(Debug, Clone)]
pub struct Request {
    pub table: Table,
    pub year: Option<RecruitmentYear>,
    pub cell: CellFlags,
}

/// The published cell: its table's columns and values, as the CSV writes them (JSON:
/// one object, columns in table order).
#[derive(Debug, Clone)]
pub struct PublishedCell {
    pub columns: Vec<(&'static str, String)>,
}

impl Serialize for PublishedCell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.columns.len()))?;
        for (name, value) in &self.columns {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl PublishedCell {
    /// The one row of `table`, or `None` when the cell is not published.
    fn of(table: &TidyTable) -> Option<PublishedCell> {
        (table.rows.len() == 1).then(|| PublishedCell {
            columns: (0..table.columns.len())
                .map(|i| (table.columns[i].name, table.text(0, i)))
                .collect(),
        })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Everything `slm explain` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub table: &'static str,
    pub cell: String,
    pub label: String,
    /// `None` when no post (or leader) falls in the cell: it is not in the table.
    pub published: Option<PublishedCell>,
    /// The advert-derived trace; `None` for a workforce cell (counts only).
    pub trace: Option<trace::Trace>,
    pub note: Option<String>,
}

/// Evaluates the build in memory and explains the requested cell.
pub fn explain(config: &Config, request: &Request) -> Result<Explanation> {
    let mut config = config.clone();
    match request.table {
        // Rates need neither the panel nor the survey: not reading them keeps it fast.
        Table::UnfilledRates => {
            config.workforce = None;
            config.survey = None;
        }
        Table::Retention if config.workforce.is_none() => {
            return Err(Error::config(
                "--table",
                "retention is built from the workforce panel, and inputs.workforce is not set in slm.toml",
            ));
        }
        Table::Retention => config.survey = None,
    }
    let inputs = ingest::load(&config)?;
    let suffix = if config.is_synthetic() {
        " (synthetic)"
    } else {
        ""
    };
    let flags = &request.cell;
    let countries = countries_in(&inputs.schools)?;
    let asked = Asked {
        config: &config,
        inputs: &inputs,
        request,
        top: top_national(&countries),
        countries,
        suffix,
        phase: flags.phase()?,
        post: flags.post()?,
    };
    match request.table {
        Table::UnfilledRates => rates_cell(&asked),
        Table::Retention => retention_cell(&asked),
    }
}

/// What either table's explanation starts from.
struct Asked<'a> {
    config: &'a Config,
    inputs: &'a ingest::Inputs,
    request: &'a Request,
    countries: Vec<Country>,
    top: Country,
    suffix: &'static str,
    phase: Item<Phase>,
    post: Item<Role>,
}

/// The disclosed cells of the one year asked about, as the build makes them (each
/// year's cells depend on that year's posts and schools alone).
fn year_rates(asked: &Asked, rounds: &Rounds) -> Result<Vec<RateCell>> {
    let (config, inputs, year) = (asked.config, asked.inputs, rounds.year);
    let posts = rounds
        .posts
        .clone()
        .lazy()
        .filter(col("recruitment_year").eq(lit(year.0)))
        .collect()?;
    let rules = &config.rules;
    Ok(disclosure::rates(
        unfilled_cells(
            &posts,
            &inputs.schools,
            &[year],
            rules.year_start,
            &asked.countries,
            None,
        )?,
        rules.min_base,
    ))
}

/// The trace must list what the cell publishes (posts, re-advertised, adverts): a
/// difference is a bug, reported rather than shown.
fn same_counts(trace: &trace::Trace, cell: Option<&RateCell>) -> Result<()> {
    let listed = trace.counts();
    let shown = cell.map_or((0, 0, 0), |c| {
        (c.post_count, c.readvertised_post_count, c.advert_count)
    });
    if listed != shown {
        return Err(Error::Internal(format!(
            "slm explain lists {listed:?} (posts, re-advertised, adverts) but the cell publishes {shown:?}; please report this"
        )));
    }
    Ok(())
}

/// An `unfilled_rates` cell, traced to its posts and adverts.
fn rates_cell(asked: &Asked) -> Result<Explanation> {
    let Asked {
        config,
        inputs,
        request,
        top,
        suffix,
        phase,
        post,
        ..
    } = *asked;
    let flags = &request.cell;
    let religion = flags.religious_character()?;
    let (lineages, rounds) = rounds_of(config, inputs, request.year)?;
    let year = rounds.year;
    let rules = &config.rules;
    let rates = year_rates(asked, &rounds)?;
    let las = las_in(rates.iter().map(|c| c.key.geography));
    let geography = flags.geography(top, &las, year)?;
    if geography.local_authority().is_some() && !religion.is_total() {
        return Err(Error::config(
            "--religious-character",
            "local-authority rows are published by phase and post only (religious character Total)",
        ));
    }
    let key = CellKey {
        year,
        geography,
        filters: UnfilledFilters {
            phase,
            post,
            religion,
        },
    };
    let cells: Vec<_> = rates.into_iter().filter(|c| c.key == key).collect();
    let table = tables::unfilled_rates(&cells, rules, suffix);
    let trace = trace::trace(
        &key,
        top,
        &rounds.all,
        &inputs.adverts,
        &inputs.schools,
        &lineages,
        rules,
    )?;
    same_counts(&trace, cells.first())?;
    let items = [
        ("phase", phase.name()),
        ("post", post.name()),
        ("religious character", religion.name()),
    ];
    Ok(Explanation {
        table: request.table.name(),
        cell: filters::describe(year, geography, &items),
        label: config.label.clone(),
        published: PublishedCell::of(&table),
        trace: Some(trace),
        note: None,
    })
}

/// A `retention` cell: its published counts only.
fn retention_cell(asked: &Asked) -> Result<Explanation> {
    let Asked {
        config,
        inputs,
        request,
        top,
        suffix,
        phase,
        post,
        ..
    } = *asked;
    let flags = &request.cell;
    if flags.religious_character.is_some() {
        return Err(Error::config(
            "--religious-character",
            "retention is published by phase and post only",
        ));
    }
    let (_, rounds, published) = evaluate(config, inputs, request.year)?;
    // Retention sits under the year of the first census: the latest such year
    // unless --year says otherwise.
    let year = match request.year {
        Some(y) => y,
        None => published
            .retention
            .iter()
            .map(|c| c.key.year)
            .max()
            .unwrap_or(rounds.year),
    };
    let in_year = published.retention.iter().filter(|c| c.key.year == year);
    let las = las_in(in_year.map(|c| c.key.geography));
    let geography = flags.geography(top, &las, year)?;
    let key = CellKey {
        year,
        geography,
        filters: PanelFilters { phase, post },
    };
    let rows: Vec<_> = published
        .retention
        .iter()
        .filter(|c| c.key == key)
        .cloned()
        .collect();
    let table = retention_tables::retention(&rows, suffix);
    Ok(Explanation {
        table: request.table.name(),
        cell: filters::describe(
            year,
            geography,
            &[("phase", phase.name()), ("post at the census", post.name())],
        ),
        label: config.label.clone(),
        published: PublishedCell::of(&table),
        trace: None,
        note: Some(
            "Workforce cells are never explained row by row: their rows are people (person_id), so only the published counts are shown; c marks a figure withheld to protect people.".into(),
        ),
    })
}

/// The local authorities a table has cells for, in reading order.
fn las_in(geographies: impl Iterator<Item = Geography>) -> Vec<LocalAuthority> {
    let mut las: Vec<LocalAuthority> = geographies.filter_map(|g| g.local_authority()).collect();
    las.sort();
    las.dedup();
    las
}
