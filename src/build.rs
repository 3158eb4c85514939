//! `slm build`: ingest, rounds, measures, disclosure and publish, in that order, for one
//! report year. Everything is computed in memory and written by one `stage::install`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use polars::prelude::*;

use crate::calendar::{date_of, day_number};
use crate::config::Config;
use crate::domain::RecruitmentYear;
use crate::error::{Error, Result};
use crate::ingest::{self, Inputs};
use crate::measures::change::year_on_year;
use crate::measures::cube::{countries_in, top_national};
use crate::measures::retention::{
    confidential_retention, confidential_survival, panel_measures, PanelMeasures,
};
use crate::measures::unfilled::unfilled_cells;
use crate::publish::charts::{self, specs, table::Table};
use crate::publish::headlines::{self, Headline};
use crate::publish::manifest::{
    to_json, ConfigEntry, Exclusion, FetchedEntry, FileEntry, Manifest, PanelQuality, Quality,
};
use crate::publish::report::{self, ReportInput};
use crate::publish::stage::{install, Files};
use crate::publish::{
    datapackage, definitions, pdf, posts_parquet, retention_tables, spreadsheet, tables,
};
use crate::rounds::{assign_rounds, attach_schools, OUT_OF_SCOPE, UNKNOWN_WITHOUT_PHASE};

/// Wall time per stage, for `slm build --timings` and the benchmark. Kept here, in the
/// orchestration: the stages themselves never read the clock.
#[derive(Debug)]
pub struct Timings {
    last: std::time::Instant,
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            last: std::time::Instant::now(),
            stages: Vec::new(),
        }
    }
}

impl Timings {
    /// Records the time since the previous lap under `stage`.
    pub fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }

    pub fn summary(&self) -> String {
        let total: std::time::Duration = self.stages.iter().map(|s| s.1).sum();
        let parts: Vec<String> = self
            .stages
            .iter()
            .map(|(name, d)| format!("{name} {:.3}s", d.as_secs_f64()))
            .collect();
        format!(
            "timings: {} (total {:.3}s)",
            parts.join(", "),
            total.as_secs_f64()
        )
    }
}

/// What a finished build reports back to the command line.
#[derive(Debug)]
pub struct Summary {
    pub year: RecruitmentYear,
    pub dir: PathBuf,
    pub posts: u64,
    pub headlines: Vec<Headline>,
    pub warnings: Vec<String>,
}

/// Every file of a report year, computed but not yet written.
pub struct Built {
    pub year: RecruitmentYear,
    pub files: Files,
    pub posts: u64,
    pub headlines: Vec<Headline>,
    pub warnings: Vec<String>,
}

fn exclusion(rounds: &DataFrame, reason: &str) -> PolarsResult<Exclusion> {
    let rows = rounds
        .clone()
        .lazy()
        .filter(col("exclusion").eq(lit(reason)))
        .sort(["first_advert_id"], SortMultipleOptions::default())
        .collect()?;
    let adverts = rows.column("advert_count")?.i64()?.sum().unwrap_or(0) as u64;
    let ids = rows.column("first_advert_id")?.str()?;
    Ok(Exclusion {
        reason: reason.into(),
        posts: rows.height() as u64,
        adverts,
        first_advert_ids: ids.iter().flatten().take(10).map(str::to_string).collect(),
    })
}

/// What quality.json says about the panel: counts only, never a person.
fn panel_quality(
    config: &Config,
    inputs: &Inputs,
    panel: Option<&PanelMeasures>,
    retention_hidden: &[bool],
    survival_hidden: &[bool],
) -> PanelQuality {
    let hidden = |flags: &[bool]| flags.iter().filter(|h| **h).count();
    match (panel, &inputs.workforce) {
        (Some(m), Some(p)) => PanelQuality {
            built: !m.retention.is_empty(),
            reason: if m.retention.is_empty() {
                "The workforce panel has no two consecutive censuses up to the report year, so retention could not be measured".into()
            } else {
                String::new()
            },
            people: p.people,
            censuses: m.censuses.clone(),
            person_years_school_not_in_register: m.unknown_school,
            person_years_school_out_of_scope: m.out_of_scope,
            person_years_with_several_posts: m.several_posts,
            confidential_cells: vec![
                ("retention".into(), hidden(retention_hidden)),
                ("new_head_survival".into(), hidden(survival_hidden)),
            ],
        },
        _ => PanelQuality {
            built: false,
            reason: format!(
                "No workforce panel: inputs.workforce is not set in {}, so retention and new-head survival are not built",
                config.path.file_name().map_or("slm.toml".into(), |n| n.to_string_lossy())
            ),
            ..PanelQuality::default()
        },
    }
}

/// Computes every output of the report year `year` (default: the latest year).
pub fn compute(
    config: &Config,
    inputs: &Inputs,
    year: Option<RecruitmentYear>,
    timings: &mut Timings,
) -> Result<Built> {
    let rules = &config.rules;
    let observed_until = config
        .observed_until
        .map(day_number)
        .unwrap_or(inputs.latest_advert);
    let rounds = assign_rounds(inputs.adverts.clone().lazy(), rules);
    let all =
        attach_schools(rounds, inputs.schools.clone().lazy(), rules, observed_until).collect()?;

    timings.lap("rounds");
    let included = all
        .clone()
        .lazy()
        .filter(col("exclusion").eq(lit("")))
        .collect()?;
    let years_present: BTreeSet<i32> = included
        .column("recruitment_year")?
        .i32()?
        .iter()
        .flatten()
        .collect();
    let (Some(&first), Some(&latest)) = (years_present.first(), years_present.last()) else {
        return Err(Error::InvalidData(vec![crate::error::Problem::in_file(
            &config.display_path(&config.adverts[0]),
            "no advert is at a school in scope; expected adverts for state-funded schools in the register",
        )]));
    };
    let year = year.unwrap_or(RecruitmentYear(latest));
    if year.0 < first || year.0 > latest {
        return Err(Error::config(
            "--year",
            format!(
                "{} is not in the data; the adverts cover {} to {}",
                year.label(),
                RecruitmentYear(first).label(),
                RecruitmentYear(latest).label()
            ),
        ));
    }
    let years: Vec<RecruitmentYear> = (first..=year.0).map(RecruitmentYear).collect();
    let posts = included
        .lazy()
        .filter(col("recruitment_year").lt_eq(lit(year.0)))
        .collect()?;

    let provisional_years: BTreeSet<RecruitmentYear> = posts
        .clone()
        .lazy()
        .filter(col("is_provisional"))
        .select([col("recruitment_year").unique()])
        .collect()?
        .column("recruitment_year")?
        .i32()?
        .iter()
        .flatten()
        .map(RecruitmentYear)
        .collect();

    let countries = countries_in(&inputs.schools)?;
    let cells = unfilled_cells(
        &posts,
        &inputs.schools,
        &years,
        rules.year_start,
        &countries,
    )?;
    let changes = year_on_year(&cells);
    let top_country = top_national(&countries);
    let panel = match &inputs.workforce {
        Some(p) => Some(panel_measures(
            &p.frame,
            &inputs.schools,
            &countries,
            year.0,
        )?),
        None => None,
    };
    let min_base = rules.min_base;
    let (retention_hidden, survival_hidden) = panel
        .as_ref()
        .map(|m| {
            (
                confidential_retention(&m.retention, min_base),
                confidential_survival(&m.survival, min_base),
            )
        })
        .unwrap_or_default();
    timings.lap("measures");

    let synthetic = config.is_synthetic();
    let label_suffix = if synthetic { " (synthetic)" } else { "" };
    let sentence_suffix = if config.label.is_empty() {
        String::new()
    } else if synthetic {
        format!(" [{}]", config.label)
    } else {
        String::new()
    };
    let mut headline_list = headlines::headlines(&headlines::Source {
        cells: &cells,
        changes: &changes,
        year,
        top_country,
        min_base: rules.min_base,
        provisional_years: &provisional_years,
        label_suffix: sentence_suffix.clone(),
    });
    if let Some(m) = &panel {
        headline_list.extend(headlines::workforce::headlines(
            &headlines::workforce::PanelSource {
                retention: &m.retention,
                retention_hidden: &retention_hidden,
                survival: &m.survival,
                survival_hidden: &survival_hidden,
                top_country,
                label_suffix: &sentence_suffix,
            },
        ));
    }

    let mut warnings = Vec::new();
    let panel_quality = panel_quality(
        config,
        inputs,
        panel.as_ref(),
        &retention_hidden,
        &survival_hidden,
    );
    if !panel_quality.built {
        warnings.push(panel_quality.reason.clone());
    }
    for y in &provisional_years {
        warnings.push(format!(
            "{} is provisional: it holds posts opened less than {} days before {}, whose re-advertisements may not have happened yet",
            y.label(),
            rules.readvert_max_days,
            date_of(observed_until)
        ));
    }

    let mut files = Files::default();
    let mut tidy = vec![
        tables::unfilled_rates(&cells, min_base, label_suffix),
        tables::unfilled_change(&changes, min_base, label_suffix),
    ];
    if !inputs.published.is_empty() {
        tidy.push(tables::published_series(&inputs.published));
    }
    if let Some(m) = panel.as_ref().filter(|m| !m.retention.is_empty()) {
        tidy.push(retention_tables::retention(
            &m.retention,
            &retention_hidden,
            label_suffix,
        ));
    }
    if let Some(m) = panel.as_ref().filter(|m| !m.survival.is_empty()) {
        tidy.push(retention_tables::new_head_survival(
            &m.survival,
            &survival_hidden,
            label_suffix,
        ));
    }
    // Charts and the report read the tables back from their bytes, so they can never
    // disagree with what is published.
    let parsed = |name: &str| {
        tidy.iter()
            .find(|t| t.name == name)
            .map(|t| Table::parse(&t.csv))
    };
    let rates_table = parsed("unfilled_rates").expect("always built");
    let change_table = parsed("unfilled_change").expect("always built");
    let published_table = parsed("published_series");
    let retention_table = parsed("retention");
    let survival_table = parsed("new_head_survival");
    timings.lap("tables");
    files.add(
        datapackage::DATAPACKAGE_NAME,
        datapackage::datapackage(&datapackage::PackageInput {
            year,
            label: &config.label,
            tables: &tidy,
            min_base,
        }),
    );
    // The workbook takes longest of the outputs; it is written on its own thread while
    // the charts, parquet and report are made, from its own copy of what it shows.
    let definitions = definitions::definitions(rules, &date_of(observed_until).to_string());
    let workbook = {
        let tables = tidy.clone();
        let headlines = headline_list.clone();
        let label = config.label.clone();
        let definitions = definitions.clone();
        let provisional = provisional_years.contains(&year);
        std::thread::Builder::new()
            .name("spreadsheet".into())
            .spawn(move || {
                spreadsheet::workbook(&spreadsheet::WorkbookInput {
                    year,
                    label: &label,
                    synthetic,
                    provisional,
                    observed_until: date_of(observed_until),
                    headlines: &headlines,
                    tables: &tables,
                    definitions: &definitions,
                    min_base,
                })
            })
            .map_err(|e| Error::Internal(format!("starting the spreadsheet thread: {e}")))?
    };
    for t in tidy {
        files.add(format!("data/{}.csv", t.name), t.csv);
        files.add(format!("data/{}.meta.csv", t.name), t.meta);
    }
    timings.lap("datapackage");
    let chart_label = if synthetic { config.label.as_str() } else { "" };
    let rendered = charts::render_all(&specs::Context {
        rates: &rates_table,
        change: &change_table,
        published: published_table.as_ref(),
        year,
        provisional: &provisional_years,
        label: chart_label,
        top_country,
        retention: retention_table.as_ref(),
        survival: survival_table.as_ref(),
    })
    .map_err(|e| Error::Internal(format!("drawing charts: {e}")))?;
    for c in &rendered {
        files.add(format!("charts/{}.svg", c.spec.name), c.svg.as_bytes());
        files.add(format!("charts/{}.png", c.spec.name), c.png.clone());
    }
    files.add("charts/charts.json", charts::index_json(&rendered));
    timings.lap("charts");
    files.add("data/posts.parquet", posts_parquet::write(&posts)?);
    files.add("headlines.json", to_json(&headline_list));
    files.add(
        "headlines.md",
        headlines::markdown(&headline_list, year, &config.label),
    );

    let excluded = vec![
        exclusion(&all, OUT_OF_SCOPE)?,
        exclusion(&all, UNKNOWN_WITHOUT_PHASE)?,
    ];
    let unknown_counted = exclusion(
        &posts
            .clone()
            .lazy()
            .with_columns([when(col("country_code").eq(lit("")))
                .then(lit(
                    "school not in the register; counted in National totals only",
                ))
                .otherwise(lit(""))
                .alias("exclusion")])
            .collect()?,
        "school not in the register; counted in National totals only",
    )?;
    let quality = Quality {
        label: config.label.clone(),
        report_year: year.label(),
        rows_read: inputs.rows_read.clone(),
        schools_in_register: inputs.schools.height(),
        schools_in_scope: inputs.schools_in_scope,
        adverts_read: inputs.adverts.height() as u64,
        posts_counted: posts.height() as u64,
        excluded,
        counted_nationally_only: unknown_counted,
        observed_until: date_of(observed_until).to_string(),
        provisional_years: provisional_years.iter().map(|y| y.label()).collect(),
        workforce: panel_quality,
        warnings: warnings.clone(),
    };
    files.add("quality.json", to_json(&quality));

    let inputs_entries: Vec<FileEntry> = inputs.files.iter().map(FileEntry::from).collect();
    let html = report::render(&ReportInput {
        year,
        provisional: provisional_years.contains(&year),
        label: &config.label,
        geography: crate::domain::country_name(top_country),
        top_country,
        headlines: &headline_list,
        charts: &rendered,
        change: &change_table,
        published: published_table.as_ref(),
        quality: &quality,
        inputs: &inputs_entries,
        rules,
        observed_until: date_of(observed_until).to_string(),
        definitions: &definitions,
    })
    .map_err(|e| Error::Internal(format!("rendering report.html: {e}")))?;
    files.add("report.html", html);
    timings.lap("report");
    let workbook = workbook
        .join()
        .map_err(|_| Error::Internal(format!("writing {} panicked", spreadsheet::XLSX_NAME)))?
        .map_err(|e| Error::Internal(format!("writing {}: {e}", spreadsheet::XLSX_NAME)))?;
    files.add(spreadsheet::XLSX_NAME, workbook);
    timings.lap("spreadsheet (rest)");
    let manifest = Manifest {
        slm_version: env!("CARGO_PKG_VERSION"),
        report_year: year.label(),
        label: config.label.clone(),
        config: ConfigEntry {
            file: FileEntry::of(
                config
                    .path
                    .file_name()
                    .map_or("slm.toml".into(), |n| n.to_string_lossy())
                    .as_ref(),
                config.source_text.as_bytes(),
            ),
            year_start: format!("{:02}-{:02}", rules.year_start.month, rules.year_start.day),
            readvert_min_days: rules.readvert_min_days,
            readvert_max_days: rules.readvert_max_days,
            min_base,
            observed_until: date_of(observed_until).to_string(),
        },
        inputs: inputs_entries,
        fetched: crate::fetch::state::load(&config.root)?
            .sources
            .into_iter()
            .map(|(name, fetched)| FetchedEntry { name, fetched })
            .collect(),
        outputs: files.0.iter().map(|(p, b)| FileEntry::of(p, b)).collect(),
    };
    files.add("manifest.json", to_json(&manifest));

    Ok(Built {
        year,
        files,
        posts: posts.height() as u64,
        headlines: headline_list,
        warnings,
    })
}

/// `slm build`: computes the report year and swaps it into `config.output_dir`; with
/// `with_pdf`, also prints `report.pdf` (before the swap, so a failure changes nothing).
pub fn build(
    config: &Config,
    year: Option<RecruitmentYear>,
    with_pdf: bool,
    timings: &mut Timings,
) -> Result<Summary> {
    let inputs = ingest::load(config)?;
    timings.lap("ingest");
    let mut built = compute(config, &inputs, year, timings)?;
    if with_pdf {
        let html = String::from_utf8_lossy(&built.files.0["report.html"]).into_owned();
        built.files.add(pdf::PDF_NAME, pdf::print(&html)?);
        timings.lap("pdf");
    }
    let dir = install(&config.output_dir, &built.year.dir_name(), &built.files)?;
    timings.lap("write");
    Ok(Summary {
        year: built.year,
        dir,
        posts: built.posts,
        headlines: built.headlines,
        warnings: built.warnings,
    })
}
