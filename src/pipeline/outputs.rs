//! The publish stage of `slm build`: every file of the report year rendered from the
//! typed tables, the disclosed cells, the claims and the headlines (tables and data
//! package, charts, parquet, headlines, quality, report, workbook on its own thread,
//! manifest). Nothing here computes a statistic.

use super::quality::{config_file_name, quality};
use super::{Published, Rounds, Timings};
use crate::calendar::date_of;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ingest::fetch_state::State;
use crate::ingest::release::{config_of, earlier_release, ReleaseFacts};
use crate::ingest::Inputs;
use crate::lineage::Lineages;
use crate::publish::charts::{self, specs};
use crate::publish::headlines::{self, Headline};
use crate::publish::manifest::{
    to_json, ConfigEntry, FetchedEntry, FileEntry, Manifest, PanelQuality, Quality,
};
use crate::publish::report::{self, ReportInput};
use crate::publish::revisions::{self, Revisions};
use crate::publish::stage::Files;
use crate::publish::tidy::TidyTable;
use crate::publish::{
    about, datapackage, definitions, local_authorities, posts_parquet, retention_tables,
    revisions_table, spreadsheet, survey_tables, tables, two_methods,
};

/// The tidy tables of the build, typed (`publish::tidy`), in the order they are listed.
pub(super) fn tidy_tables(
    config: &Config,
    inputs: &Inputs,
    published: &Published,
) -> Vec<TidyTable> {
    let suffix = if config.is_synthetic() {
        " (synthetic)"
    } else {
        ""
    };
    let mut tidy = vec![
        tables::unfilled_rates(&published.rates, &config.rules, suffix),
        tables::unfilled_change(&published.changes, suffix),
    ];
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
    list
}

/// The workbook, written on its own thread (it takes longest of the outputs) from its
/// own copy of what it shows, while the charts, parquet and report are made.
fn spawn_workbook(
    config: &Config,
    rounds: &Rounds,
    tidy: &std::sync::Arc<Vec<TidyTable>>,
    headlines: &[Headline],
    parts: WorkbookParts,
) -> Result<WorkbookThread> {
    let WorkbookParts {
        definitions,
        release,
        about,
        head_rates,
        local_authorities,
        la_codes,
        revisions,
    } = parts;
    // Shared, not copied: the tables are the largest thing the workbook shows.
    let tables = std::sync::Arc::clone(tidy);
    let headlines = headlines.to_vec();
    let label = config.label.clone();
    let definitions = definitions.to_vec();
    let (release, about, head_rates) = (release.to_vec(), about.to_vec(), head_rates.to_vec());
    let (local_authorities, la_codes) = (local_authorities.to_vec(), la_codes.to_string());
    let revised = revisions.map(Revisions::marks).unwrap_or_default();
    let earlier = revisions.map(|r| r.earlier_year.label());
    let synthetic = config.is_synthetic();
    let provisional = rounds.provisional_years.contains(&rounds.year);
    let (year, observed_until, min_base) = (
        rounds.year,
        date_of(rounds.observed_until),
        config.rules.min_base,
    );
    std::thread::Builder::new()
        .name("spreadsheet".into())
        .spawn(move || {
            spreadsheet::workbook(&spreadsheet::WorkbookInput {
                year,
                label: &label,
                synthetic,
                provisional,
                observed_until,
                headlines: &headlines,
                tables: &tables,
                definitions: &definitions,
                release: &release,
                about: &about,
                head_rates: &head_rates,
                local_authorities: &local_authorities,
                la_codes: &la_codes,
                revised: &revised,
                earlier: earlier.as_deref(),
                min_base,
            })
        })
        .map_err(|e| Error::Internal(format!("starting the spreadsheet thread: {e}")))
}

/// What the workbook shows beside the tables and headlines.
struct WorkbookParts<'a> {
    definitions: &'a [definitions::Definition],
    release: &'a [(&'static str, String)],
    about: &'a [about::AboutItem],
    head_rates: &'a [spreadsheet::HeadRateRow],
    local_authorities: &'a [local_authorities::LaRow],
    la_codes: &'a str,
    revisions: Option<&'a Revisions>,
}

type WorkbookThread =
    std::thread::JoinHandle<std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError>>;

/// The workbook's bytes, once its thread is done.
fn join_workbook(thread: WorkbookThread) -> Result<Vec<u8>> {
    thread
        .join()
        .map_err(|_| Error::Internal(format!("writing {} panicked", spreadsheet::XLSX_NAME)))?
        .map_err(|e| Error::Internal(format!("writing {}: {e}", spreadsheet::XLSX_NAME)))
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

/// "About these statistics", from what the build counted.
fn about_items(
    config: &Config,
    rounds: &Rounds,
    published: &Published,
    quality: &Quality,
    feed_seen: Option<(i32, i32)>,
) -> Vec<about::AboutItem> {
    about::about(&about::AboutInput {
        year: rounds.year,
        first_year: rounds.years[0],
        rules: &config.rules,
        label: &config.label,
        synthetic: config.is_synthetic(),
        provisional: rounds.provisional_years.contains(&rounds.year),
        observed_until: &quality.observed_until,
        adverts_read: quality.adverts_read,
        posts_counted: quality.posts_counted,
        posts_left_out: quality.excluded.iter().map(|e| e.posts).sum(),
        geography: published.top_country.name(),
        survey: published.survey.is_some(),
        feed: feed_seen
            .map(|(first, last)| (date_of(first), date_of(last), &published.extensions[..])),
    })
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
fn chart_files(
    config: &Config,
    inputs: &Inputs,
    rounds: &Rounds,
    published: &Published,
    files: &mut Files,
) -> Result<Vec<charts::RenderedChart>> {
    let rendered = charts::render_all(&specs::Context {
        claims: &published.claims,
        rates: &published.rates,
        changes: &published.changes,
        published: &inputs.published,
        year: rounds.year,
        provisional: &rounds.provisional_years,
        label: if config.is_synthetic() {
            &config.label
        } else {
            ""
        },
        top_country: published.top_country,
        retention: &published.retention,
        survival: &published.survival,
        rules: &config.rules,
        producer: &config.release.producer,
        survey: published.survey.as_ref().map(|s| &s.0),
    })
    .map_err(|e| Error::Internal(format!("drawing charts: {e}")))?;
    for c in &rendered {
        files.add(format!("charts/{}.svg", c.spec.name), c.svg.as_bytes());
        files.add(format!("charts/{}.png", c.spec.name), c.png.clone());
    }
    files.add("charts/charts.json", charts::index_json(&rendered));
    Ok(rendered)
}

/// What the publish stage renders from.
pub(super) struct ToPublish<'a> {
    pub(super) rounds: &'a Rounds,
    pub(super) published: &'a Published,
    pub(super) tidy: std::sync::Arc<Vec<TidyTable>>,
    pub(super) headlines: &'a [Headline],
    pub(super) panel: PanelQuality,
    pub(super) warnings: &'a [String],
    pub(super) lineages: &'a Lineages,
    /// The comparison with the earlier release, when there is one.
    pub(super) revisions: Option<&'a Revisions>,
}

/// Publish stage: every file of the report year, rendered from the typed tables, the
/// disclosed cells and the headlines.
pub(super) fn publish(
    config: &Config,
    inputs: &Inputs,
    what: ToPublish,
    timings: &mut Timings,
) -> Result<Files> {
    let ToPublish {
        rounds,
        published,
        tidy,
        headlines: headline_list,
        panel,
        warnings,
        lineages,
        revisions,
    } = what;
    let (year, rules) = (rounds.year, &config.rules);
    let observed_until = date_of(rounds.observed_until).to_string();
    let la_rows = local_authorities::la_rows(&published.rates, year);
    let la_codes = local_authorities::codes_as_of(
        &config.display_path(&config.schools),
        inputs
            .register_last_changed
            .map(|d| date_of(d).format("%-d %B %Y").to_string())
            .as_deref(),
    );
    let mut files = Files::default();
    let package = datapackage::PackageInput {
        year,
        label: &config.label,
        tables: &tidy,
        min_base: rules.min_base,
        release: &config.release,
        provisional_years: rounds.provisional_years.iter().map(|y| y.label()).collect(),
    };
    files.add(
        datapackage::DATAPACKAGE_NAME,
        datapackage::datapackage(&package),
    );
    let definitions = definitions::definitions(
        rules,
        &observed_until,
        definitions::Given {
            links: lineages.used,
            survey: published.survey.is_some(),
        },
    );
    let mut quality = quality(config, inputs, rounds, panel, warnings, lineages, published)?;
    quality.revisions = revisions.map(Revisions::summary);
    files.add("quality.json", to_json(&quality));
    let about = about_items(config, rounds, published, &quality, inputs.feed_seen);
    let release = about::release_facts(&config.release);
    let head_rates = spreadsheet::head_rate_rows(
        &published.rates,
        &published.changes,
        published.top_country,
        &rounds.provisional_years,
        &published.claims,
    );
    let workbook = spawn_workbook(
        config,
        rounds,
        &tidy,
        headline_list,
        WorkbookParts {
            definitions: &definitions,
            release: &release,
            about: &about,
            head_rates: &head_rates,
            local_authorities: &la_rows,
            la_codes: &la_codes,
            revisions,
        },
    )?;
    for t in tidy.iter() {
        files.add(format!("data/{}.csv", t.name), t.csv());
        files.add(format!("data/{}.meta.csv", t.name), t.meta());
    }
    timings.lap("datapackage");
    let rendered = chart_files(config, inputs, rounds, published, &mut files)?;
    timings.lap("charts");
    files.add("data/posts.parquet", posts_parquet::write(&rounds.posts)?);
    files.add("headlines.json", to_json(&headline_list));
    let md = headlines::markdown(headline_list, year, &config.label);
    files.add("headlines.md", md);
    let input_files = input_entries(inputs);
    let side_by_side =
        about::side_by_side(&inputs.published, &published.rates, published.top_country);
    let revisions_view =
        revisions.map(|r| revisions_table::revisions_view(r, &tidy, published.top_country.code()));
    let two_methods = published.survey.as_ref().map(|(survey, _)| {
        two_methods::two_methods(survey, &published.rates, published.top_country, year)
    });
    let html = report::render(&ReportInput {
        year,
        provisional: rounds.provisional_years.contains(&year),
        label: &config.label,
        synthetic: config.is_synthetic(),
        geography: published.top_country.name(),
        top_country: published.top_country,
        headlines: headline_list,
        charts: &rendered,
        changes: &published.changes,
        published: &inputs.published,
        quality: &quality,
        inputs: &input_files,
        rules,
        observed_until,
        definitions: &definitions,
        release: &release,
        about: &about,
        side_by_side: &side_by_side,
        two_methods: two_methods.as_ref(),
        local_authorities: &la_rows,
        la_codes: &la_codes,
        revisions: revisions_view.as_ref(),
    })
    .map_err(|e| Error::Internal(format!("rendering report.html: {e}")))?;
    files.add("report.html", html);
    timings.lap("report");
    files.add(spreadsheet::XLSX_NAME, join_workbook(workbook)?);
    timings.lap("spreadsheet (rest)");
    let manifest = manifest(
        config,
        rounds,
        &input_files,
        &inputs.fetched,
        revisions,
        &files,
    )?;
    files.add("manifest.json", to_json(&manifest));
    Ok(files)
}
