//! The publish stage of `slm build`: every file of the report year rendered from the
//! typed tables, the disclosed cells, the claims and the headlines (tables and data
//! package, charts, parquet, headlines, quality, report, workbook on its own thread,
//! manifest). Nothing here computes a statistic.

use std::collections::BTreeSet;

use super::quality::config_file_name;
use super::{Published, Rounds, Timings};
use crate::calendar::date_of;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ingest::fetch_state::State;
use crate::ingest::release::{config_of, earlier_release, ReleaseFacts};
use crate::ingest::Inputs;
use crate::publish::charts;
use crate::publish::context::Context;
use crate::publish::headlines::{self, Headline};
use crate::publish::manifest::{to_json, ConfigEntry, FetchedEntry, FileEntry, Manifest, Quality};
use crate::publish::report;
use crate::publish::revisions::{self, Revisions};
use crate::publish::stage::Files;
use crate::publish::tidy::TidyTable;
use crate::publish::{
    about, datapackage, definitions, local_authorities, posts_parquet, retention_tables,
    spreadsheet, survey_tables, tables,
};

/// The tables drawn from the adverts, whose rows of a provisional year are marked
/// (`TidyTable::mark_versions`); the workforce and published tables have no provisional
/// years.
const ADVERT_TABLES: [&str; 4] = [
    "unfilled_rates",
    "unfilled_change",
    "survey_rates",
    "survey_agreement",
];

/// The tidy tables of the build, typed (`publish::tidy`), in the order they are listed,
/// with the rows of a provisional year marked.
pub(super) fn tidy_tables(
    config: &Config,
    inputs: &Inputs,
    published: &Published,
    rounds: &Rounds,
) -> Vec<TidyTable> {
    let mut tidy = unmarked_tables(config, inputs, published);
    let provisional: BTreeSet<String> = (rounds.provisional_years.iter())
        .map(|y| y.time_period())
        .collect();
    for t in tidy.iter_mut().filter(|t| ADVERT_TABLES.contains(&t.name)) {
        t.mark_versions(&provisional);
    }
    tidy
}

fn unmarked_tables(config: &Config, inputs: &Inputs, published: &Published) -> Vec<TidyTable> {
    let suffix = if config.is_synthetic() {
        " (synthetic)"
    } else {
        ""
    };
    let mut tidy = vec![
        tables::unfilled_rates(&published.rates, &config.rules, suffix),
        tables::unfilled_change(&published.changes, suffix),
    ];
    let projection = tables::projection(&published.rates, suffix);
    if !projection.rows.is_empty() {
        tidy.push(projection);
    }
    if !inputs.published.is_empty() {
        tidy.push(tables::published_series(&inputs.published));
    }
    if !published.retention.is_empty() {
        tidy.push(retention_tables::retention(&published.retention, suffix));
    }
    if !published.survival.is_empty() {
        tidy.push(retention_tables::new_head_survival(
            &published.survival,
            suffix,
        ));
    }
    if let Some((survey, _)) = &published.survey {
        tidy.push(survey_tables::survey_rates(&survey.rates, suffix));
        tidy.push(survey_tables::survey_agreement(&survey.agreement, suffix));
    }
    tidy
}

pub(super) fn headlines_of(config: &Config, published: &Published) -> Vec<Headline> {
    let label_suffix = if config.is_synthetic() && !config.label.is_empty() {
        format!(" [{}]", config.label)
    } else {
        String::new()
    };
    let mut list = headlines::headlines(&headlines::Source {
        rates: &published.rates,
        claims: &published.claims,
        top_country: published.top_country,
        label_suffix: label_suffix.clone(),
    });
    if published.panel.is_some() {
        list.extend(headlines::workforce::headlines(
            &headlines::workforce::PanelSource {
                retention: &published.retention,
                claims: &published.claims,
                survival: &published.survival,
                top_country: published.top_country,
                label_suffix: &label_suffix,
            },
        ));
    }
    if let Some((survey, _)) = &published.survey {
        let claims = &published.claims;
        list.extend(headlines::survey::headline(
            survey,
            published.top_country,
            claims.year,
            claims.provisional,
            &label_suffix,
        ));
    }
    headlines::mark_key_messages(&mut list);
    list
}

type WorkbookResult = std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError>;

/// A workbook's bytes (`name`), once its thread is done.
fn join_workbook(
    thread: std::thread::ScopedJoinHandle<WorkbookResult>,
    name: &str,
) -> Result<Vec<u8>> {
    thread
        .join()
        .map_err(|_| Error::Internal(format!("writing {name} panicked")))?
        .map_err(|e| Error::Internal(format!("writing {name}: {e}")))
}

/// The configuration as the manifest records it.
fn config_entry(config: &Config, rounds: &Rounds) -> ConfigEntry {
    let rules = &config.rules;
    ConfigEntry {
        file: FileEntry::of(&config_file_name(config), config.source_text.as_bytes()),
        year_start: format!("{:02}-{:02}", rules.year_start.month, rules.year_start.day),
        readvert_min_days: rules.readvert_min_days,
        readvert_max_days: rules.readvert_max_days,
        min_base: rules.min_base,
        observed_until: date_of(rounds.observed_until).to_string(),
    }
}

/// What this build says of itself, in the shape an earlier release's manifest and
/// quality.json are read into (`ingest::release`).
fn release_facts(config: &Config, inputs: &Inputs, rounds: &Rounds) -> ReleaseFacts {
    let config_json = serde_json::to_value(config_entry(config, rounds)).expect("serialisable");
    ReleaseFacts {
        slm_version: env!("CARGO_PKG_VERSION").into(),
        inputs: input_entries(inputs)
            .into_iter()
            .map(|f| (f.path, f.sha256))
            .collect(),
        config: config_of(&config_json),
        provisional_years: rounds.provisional_years.iter().map(|y| y.label()).collect(),
    }
}

/// The revisions against the latest earlier release under the output directory, if
/// there is one (`None` otherwise).
pub(super) fn revisions_of(
    config: &Config,
    inputs: &Inputs,
    rounds: &Rounds,
    tidy: &[TidyTable],
) -> Result<Option<Revisions>> {
    let names: Vec<&str> = tidy.iter().map(|t| t.name).collect();
    let out = config.display_path(&config.output_dir);
    let Some(earlier) = earlier_release(&config.output_dir, &out, rounds.year, &names)? else {
        return Ok(None);
    };
    let now = release_facts(config, inputs, rounds);
    Ok(Some(revisions::compare(tidy, &earlier, &now)))
}

fn manifest(
    config: &Config,
    rounds: &Rounds,
    inputs: &[FileEntry],
    fetched: &State,
    revisions: Option<&Revisions>,
    files: &Files,
) -> Result<Manifest> {
    Ok(Manifest {
        slm_version: env!("CARGO_PKG_VERSION"),
        report_year: rounds.year.label(),
        label: config.label.clone(),
        config: config_entry(config, rounds),
        inputs: inputs
            .iter()
            .map(|f| FileEntry {
                path: f.path.clone(),
                bytes: f.bytes,
                sha256: f.sha256.clone(),
            })
            .collect(),
        fetched: fetched
            .sources
            .iter()
            .map(|(name, fetched)| FetchedEntry {
                name: name.clone(),
                fetched: fetched.clone(),
            })
            .collect(),
        earlier_release: revisions.map(|r| FileEntry {
            path: format!("{}/manifest.json", r.earlier_dir),
            bytes: r.earlier_manifest_bytes,
            sha256: r.earlier_manifest_sha256.clone(),
        }),
        outputs: files.0.iter().map(|(p, b)| FileEntry::of(p, b)).collect(),
    })
}

/// The Teaching Vacancies feed behind the adverts, when they came from it ("About these
/// statistics").
pub(super) fn feed<'a>(inputs: &Inputs, published: &'a Published) -> Option<about::Feed<'a>> {
    inputs
        .feed_seen
        .map(|(first, last)| (date_of(first), date_of(last), &published.extensions[..]))
}

/// The methods and definitions, shared by the report and the workbook's Notes.
pub(super) fn definitions_of(ctx: &Context, links_used: bool) -> Vec<definitions::Definition> {
    definitions::definitions(
        ctx.rules,
        &ctx.observed_until.to_string(),
        definitions::Given {
            links: links_used,
            survey: ctx.survey.is_some(),
        },
    )
}

/// The one context the outputs are rendered from; its definitions and About are written
/// from it next (`definitions_of`, `about::about`).
pub(super) fn context<'a>(
    config: &'a Config,
    inputs: &'a Inputs,
    rounds: &'a Rounds,
    published: &'a Published,
    tables: &'a [TidyTable],
    headlines: &'a [Headline],
    revisions: Option<&'a Revisions>,
) -> Context<'a> {
    let year = rounds.year;
    let last_changed = inputs
        .register_last_changed
        .map(|d| date_of(d).format("%-d %B %Y").to_string());
    Context {
        year,
        first_year: rounds.years[0],
        provisional_years: &rounds.provisional_years,
        observed_until: date_of(rounds.observed_until),
        label: &config.label,
        synthetic: config.is_synthetic(),
        top_country: published.top_country,
        rules: &config.rules,
        release_config: &config.release,
        claims: &published.claims,
        rates: &published.rates,
        changes: &published.changes,
        published: &inputs.published,
        retention: &published.retention,
        survival: &published.survival,
        survey: published.survey.as_ref().map(|s| &s.0),
        tables,
        headlines,
        inputs: input_entries(inputs),
        revisions,
        definitions: Vec::new(),
        release: about::release_facts(&config.release),
        about: Vec::new(),
        local_authorities: local_authorities::la_rows(&published.rates, year),
        la_codes: local_authorities::codes_as_of(
            &config.display_path(&config.schools),
            last_changed.as_deref(),
        ),
    }
}

/// The inputs as the manifest and the report list them.
fn input_entries(inputs: &Inputs) -> Vec<FileEntry> {
    inputs
        .files
        .iter()
        .map(|f| FileEntry {
            path: f.file.clone(),
            bytes: f.bytes,
            sha256: f.sha256.clone(),
        })
        .collect()
}

/// The charts, drawn from the disclosed cells, with their index.
fn chart_files(ctx: &Context, files: &mut Files) -> Result<Vec<charts::RenderedChart>> {
    let rendered =
        charts::render_all(ctx).map_err(|e| Error::Internal(format!("drawing charts: {e}")))?;
    for c in &rendered {
        files.add(format!("charts/{}.svg", c.spec.name), c.svg.as_bytes());
        files.add(format!("charts/{}.png", c.spec.name), c.png.clone());
    }
    files.add("charts/charts.json", charts::index_json(&rendered));
    Ok(rendered)
}

/// Publish stage: every file of the report year, rendered from the context, in order;
/// the workbook (the slowest) is written on its own thread meanwhile.
pub(super) fn publish(
    config: &Config,
    inputs: &Inputs,
    rounds: &Rounds,
    ctx: &Context,
    quality: &Quality,
    timings: &mut Timings,
) -> Result<Files> {
    let mut files = Files::default();
    // What both workbooks show beyond the context, derived once for the two threads.
    let book = spreadsheet::Book::of(ctx);
    std::thread::scope(|scope| -> Result<()> {
        let workbook = std::thread::Builder::new()
            .name("spreadsheet".into())
            .spawn_scoped(scope, || spreadsheet::workbook(&book))
            .map_err(|e| Error::Internal(format!("starting the spreadsheet thread: {e}")))?;
        // The same workbook as OpenDocument, on a thread of its own.
        let ods = std::thread::Builder::new()
            .name("ods".into())
            .spawn_scoped(scope, || spreadsheet::ods(&book))
            .map_err(|e| Error::Internal(format!("starting the ods thread: {e}")))?;
        files.add(datapackage::DATAPACKAGE_NAME, datapackage::datapackage(ctx));
        files.add("quality.json", to_json(quality));
        for t in ctx.tables {
            files.add(format!("data/{}.csv", t.name), t.csv());
            files.add(format!("data/{}.meta.csv", t.name), t.meta());
        }
        timings.lap("datapackage");
        let rendered = chart_files(ctx, &mut files)?;
        timings.lap("charts");
        files.add("data/posts.parquet", posts_parquet::write(&rounds.posts)?);
        files.add("headlines.json", to_json(&ctx.headlines));
        files.add(
            "headlines.md",
            headlines::markdown(
                ctx.headlines,
                ctx.year,
                ctx.label,
                &crate::publish::definitions::unfilled_in_brief(ctx.rules, ctx.provisional()),
            ),
        );
        let html = report::render(ctx, quality, &rendered)
            .map_err(|e| Error::Internal(format!("rendering report.html: {e}")))?;
        files.add("report.html", html);
        timings.lap("report");
        files.add(
            spreadsheet::XLSX_NAME,
            join_workbook(workbook, spreadsheet::XLSX_NAME)?,
        );
        let ods_name = spreadsheet::ods::ODS_NAME;
        files.add(ods_name, join_workbook(ods, ods_name)?);
        timings.lap("spreadsheet (rest)");
        Ok(())
    })?;
    let manifest = manifest(
        config,
        rounds,
        &ctx.inputs,
        &inputs.fetched,
        ctx.revisions,
        &files,
    )?;
    files.add("manifest.json", to_json(&manifest));
    Ok(files)
}
