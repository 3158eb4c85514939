//! `slm build`: ingest, rounds, measures, disclosure and publish, in that order, for one
//! report year. Everything is computed in memory and written by one `stage::install`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use polars::prelude::*;

use crate::calendar::{date_of, day_number};
use crate::claims::{self, Claims};
use crate::config::Config;
use crate::disclosure::{self, ChangeRow, RateCell, RetentionRow, SurvivalRow};
use crate::domain::{Country, RecruitmentYear};
use crate::error::{Error, Result};
use crate::ingest::{self, Inputs};
use crate::lineage::Lineages;
use crate::measures::change::year_on_year;
use crate::measures::cube::{countries_in, top_national};
use crate::measures::projection::head_projections;
use crate::measures::retention::{panel_measures, PanelMeasures};
use crate::measures::unfilled::unfilled_cells;
use crate::publish::charts::{self, specs};
use crate::publish::headlines::{self, Headline};
use crate::publish::manifest::{
    to_json, ConfigEntry, Exclusion as ExcludedPosts, FetchedEntry, FileEntry, FileRows,
    LinksQuality, Manifest, PanelQuality, Quality,
};
use crate::publish::report::{self, ReportInput};
use crate::publish::stage::{install, Files};
use crate::publish::tidy::TidyTable;
use crate::publish::{
    about, datapackage, definitions, pdf, posts_parquet, retention_tables, spreadsheet, tables,
};
use crate::rounds::{assign_rounds, attach_schools, with_lineage, Exclusion};

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

/// The rounds of the build: every round with its school attached, and the report
/// year's scope (the years up to it, the posts that count, the provisional years).
struct Rounds {
    /// Every round, counted or not (`exclusion` says why not).
    all: DataFrame,
    /// The rounds that count, up to the report year.
    posts: DataFrame,
    year: RecruitmentYear,
    years: Vec<RecruitmentYear>,
    provisional_years: BTreeSet<RecruitmentYear>,
    /// The last day the advert data covers (day number).
    observed_until: i32,
}

/// What the measures give, as disclosure publishes it.
struct Published {
    /// What the sentences and titles may claim, decided from the disclosed cells.
    claims: Claims,
    rates: Vec<RateCell>,
    changes: Vec<ChangeRow>,
    retention: Vec<RetentionRow>,
    survival: Vec<SurvivalRow>,
    /// The panel's counts (censuses, people, person-years left out); its cells are in
    /// `retention` and `survival`.
    panel: Option<PanelMeasures>,
    top_country: Country,
}

/// Rounds stage: the round rule over every advert, schools attached, and the report
/// year chosen (default the latest with a counted post).
fn recruitment_rounds(
    config: &Config,
    inputs: &Inputs,
    lineages: &Lineages,
    year: Option<RecruitmentYear>,
) -> Result<Rounds> {
    let rules = &config.rules;
    let observed_until = config
        .observed_until
        .map(day_number)
        .unwrap_or(inputs.latest_advert);
    let rounds = assign_rounds(
        with_lineage(inputs.adverts.clone().lazy(), lineages)?,
        rules,
    );
    let all =
        attach_schools(rounds, inputs.schools.clone().lazy(), rules, observed_until).collect()?;
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
    let posts = included
        .lazy()
        .filter(col("recruitment_year").lt_eq(lit(year.0)))
        .collect()?;
    let provisional_years = provisional_years(&posts)?;
    Ok(Rounds {
        all,
        posts,
        year,
        years: (first..=year.0).map(RecruitmentYear).collect(),
        provisional_years,
        observed_until,
    })
}

/// The years holding a post whose outcome is not yet known.
fn provisional_years(posts: &DataFrame) -> PolarsResult<BTreeSet<RecruitmentYear>> {
    Ok(posts
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
        .collect())
}

/// School lineages from the links given (none: every URN is a school).
fn lineages_of(inputs: &Inputs) -> Result<Lineages> {
    let Some(links) = &inputs.links else {
        return Ok(Lineages::default());
    };
    let known: rustc_hash::FxHashSet<u32> = inputs
        .schools
        .column("school_urn")?
        .u32()?
        .into_no_null_iter()
        .collect();
    Ok(Lineages::from_links(links, |u| known.contains(&u)))
}

/// Measures stage, then disclosure, then the claims: the cells of every table as they
/// may be published, and what may be said of them.
fn measure_and_disclose(
    config: &Config,
    inputs: &Inputs,
    rounds: &Rounds,
    lineages: &Lineages,
) -> Result<Published> {
    let rules = &config.rules;
    let countries = countries_in(&inputs.schools)?;
    let cells = unfilled_cells(
        &rounds.posts,
        &inputs.schools,
        &rounds.years,
        rules.year_start,
        &countries,
    )?;
    let changes = year_on_year(&cells);
    let mut panel = match &inputs.workforce {
        Some(p) => Some(panel_measures(
            &p.frame,
            &inputs.schools,
            &countries,
            rounds.year.0,
            lineages,
        )?),
        None => None,
    };
    // The cells move to disclosure; the panel keeps its counts for quality.json.
    let (retention, survival) = panel
        .as_mut()
        .map(|m| {
            (
                disclosure::retention(std::mem::take(&mut m.retention), rules.min_base),
                disclosure::survival(std::mem::take(&mut m.survival), rules.min_base),
            )
        })
        .unwrap_or_default();
    let rates = disclosure::rates(cells, rules.min_base);
    let changes = disclosure::changes(changes, rules.min_base);
    let top_country = top_national(&countries);
    let final_years: Vec<RecruitmentYear> = rounds
        .years
        .iter()
        .copied()
        .filter(|y| *y < rounds.year && !rounds.provisional_years.contains(y))
        .collect();
    let projections = if rounds.provisional_years.contains(&rounds.year) {
        head_projections(
            &rounds.posts,
            rounds.year,
            &final_years,
            rounds.observed_until,
        )?
    } else {
        Vec::new()
    };
    let claims = claims::decide(
        &rates,
        &changes,
        &retention,
        &claims::Year {
            year: rounds.year,
            top: top_country,
            provisional_years: &rounds.provisional_years,
            projections: &projections,
        },
    );
    Ok(Published {
        claims,
        rates,
        changes,
        retention,
        survival,
        panel,
        top_country,
    })
}

/// The posts left out for one reason (`quality.json`).
fn exclusion(rounds: &DataFrame, reason: Exclusion) -> PolarsResult<ExcludedPosts> {
    let rows = rounds
        .clone()
        .lazy()
        .filter(col("exclusion").eq(lit(reason.reason())))
        .sort(["first_advert_id"], SortMultipleOptions::default())
        .collect()?;
    let adverts = rows.column("advert_count")?.i64()?.sum().unwrap_or(0) as u64;
    let ids = rows.column("first_advert_id")?.str()?;
    Ok(ExcludedPosts {
        reason: reason.reason().into(),
        posts: rows.height() as u64,
        adverts,
        first_advert_ids: ids.iter().flatten().take(10).map(str::to_string).collect(),
    })
}

/// What quality.json says about the panel: counts only, never a person.
fn panel_quality(config: &Config, published: &Published) -> PanelQuality {
    match &published.panel {
        Some(m) => PanelQuality {
            built: !published.retention.is_empty(),
            reason: if published.retention.is_empty() {
                "The workforce panel has no two consecutive censuses up to the report year, so retention could not be measured".into()
            } else {
                String::new()
            },
            people: m.people as usize,
            censuses: m.censuses.clone(),
            person_years_school_not_in_register: m.unknown_school,
            person_years_school_out_of_scope: m.out_of_scope,
            person_years_with_several_posts: m.several_posts,
            confidential_cells: vec![
                (
                    "retention".into(),
                    disclosure::confidential_count(published.retention.iter().map(|r| r.figures)),
                ),
                (
                    "new_head_survival".into(),
                    disclosure::confidential_count(
                        published.survival.iter().map(|r| r.still_in_post),
                    ),
                ),
            ],
        },
        None => PanelQuality {
            built: false,
            reason: format!(
                "No workforce panel: inputs.workforce is not set in {}, so retention and new-head survival are not built",
                config_file_name(config)
            ),
            ..PanelQuality::default()
        },
    }
}

fn config_file_name(config: &Config) -> String {
    config
        .path
        .file_name()
        .map_or("slm.toml".into(), |n| n.to_string_lossy().into_owned())
}

/// The warnings a build prints and `quality.json` lists.
fn warnings(config: &Config, rounds: &Rounds, panel: &PanelQuality) -> Vec<String> {
    let mut warnings = Vec::new();
    if !panel.built {
        warnings.push(panel.reason.clone());
    }
    for y in &rounds.provisional_years {
        warnings.push(format!(
            "{} is provisional: it holds posts opened less than {} days before {}, whose re-advertisements may not have happened yet",
            y.label(),
            config.rules.readvert_max_days,
            date_of(rounds.observed_until)
        ));
    }
    warnings
}

fn quality(
    config: &Config,
    inputs: &Inputs,
    rounds: &Rounds,
    workforce: PanelQuality,
    warnings: &[String],
    lineages: &Lineages,
) -> Result<Quality> {
    // Only the years the build covers: a past-year build counts nothing after it.
    let (first, last) = (rounds.years[0].0, rounds.year.0);
    let covered = rounds
        .all
        .clone()
        .lazy()
        .filter(
            col("recruitment_year")
                .gt_eq(lit(first))
                .and(col("recruitment_year").lt_eq(lit(last))),
        )
        .collect()?;
    let excluded = Exclusion::LEFT_OUT
        .into_iter()
        .map(|e| exclusion(&covered, e))
        .collect::<PolarsResult<Vec<_>>>()?;
    let not_in_register = Exclusion::NotInRegister.reason();
    let counted_nationally_only = exclusion(
        &rounds
            .posts
            .clone()
            .lazy()
            .with_columns([when(col("country_code").eq(lit("")))
                .then(lit(not_in_register))
                .otherwise(lit(""))
                .alias("exclusion")])
            .collect()?,
        Exclusion::NotInRegister,
    )?;
    Ok(Quality {
        label: config.label.clone(),
        report_year: rounds.year.label(),
        rows_read: inputs
            .rows_read
            .iter()
            .map(|r| FileRows {
                file: r.file.clone(),
                rows: r.rows,
            })
            .collect(),
        schools_in_register: inputs.schools.height(),
        schools_in_scope: inputs.schools_in_scope,
        adverts_read: inputs.adverts.height() as u64,
        posts_counted: rounds.posts.height() as u64,
        excluded,
        counted_nationally_only,
        observed_until: date_of(rounds.observed_until).to_string(),
        provisional_years: rounds.provisional_years.iter().map(|y| y.label()).collect(),
        workforce,
        links: LinksQuality {
            used: lineages.used,
            links_read: lineages.links_read,
            lineages_formed: lineages.formed,
            not_followed: lineages
                .not_followed
                .iter()
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
            note: if lineages.used {
                "Schools joined by one-to-one Successor/Predecessor links are one school through time".into()
            } else {
                "No school links (inputs.links): each URN is a school, so an academy conversion counts as a new school".into()
            },
        },
        warnings: warnings.to_vec(),
    })
}

/// The tidy tables of the build, typed (`publish::tidy`), in the order they are listed.
fn tidy_tables(config: &Config, inputs: &Inputs, published: &Published) -> Vec<TidyTable> {
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
    tidy
}

fn headlines_of(config: &Config, published: &Published) -> Vec<Headline> {
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
    list
}

/// The workbook, written on its own thread (it takes longest of the outputs) from its
/// own copy of what it shows, while the charts, parquet and report are made.
fn spawn_workbook(
    config: &Config,
    rounds: &Rounds,
    tidy: &[TidyTable],
    headlines: &[Headline],
    parts: WorkbookParts,
) -> Result<WorkbookThread> {
    let WorkbookParts {
        definitions,
        release,
        about,
        head_rates,
    } = parts;
    let tables = tidy.to_vec();
    let headlines = headlines.to_vec();
    let label = config.label.clone();
    let definitions = definitions.to_vec();
    let (release, about, head_rates) = (release.to_vec(), about.to_vec(), head_rates.to_vec());
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

fn manifest(
    config: &Config,
    rounds: &Rounds,
    inputs: &[FileEntry],
    files: &Files,
) -> Result<Manifest> {
    let rules = &config.rules;
    Ok(Manifest {
        slm_version: env!("CARGO_PKG_VERSION"),
        report_year: rounds.year.label(),
        label: config.label.clone(),
        config: ConfigEntry {
            file: FileEntry::of(&config_file_name(config), config.source_text.as_bytes()),
            year_start: format!("{:02}-{:02}", rules.year_start.month, rules.year_start.day),
            readvert_min_days: rules.readvert_min_days,
            readvert_max_days: rules.readvert_max_days,
            min_base: rules.min_base,
            observed_until: date_of(rounds.observed_until).to_string(),
        },
        inputs: inputs
            .iter()
            .map(|f| FileEntry {
                path: f.path.clone(),
                bytes: f.bytes,
                sha256: f.sha256.clone(),
            })
            .collect(),
        fetched: crate::fetch::state::load(&config.root)?
            .sources
            .into_iter()
            .map(|(name, fetched)| FetchedEntry { name, fetched })
            .collect(),
        outputs: files.0.iter().map(|(p, b)| FileEntry::of(p, b)).collect(),
    })
}

/// Computes every output of the report year `year` (default: the latest year):
/// rounds, measures, disclosure, then publish, which renders and computes nothing.
pub fn compute(
    config: &Config,
    inputs: &Inputs,
    year: Option<RecruitmentYear>,
    timings: &mut Timings,
) -> Result<Built> {
    let lineages = lineages_of(inputs)?;
    let rounds = recruitment_rounds(config, inputs, &lineages, year)?;
    timings.lap("rounds");
    let published = measure_and_disclose(config, inputs, &rounds, &lineages)?;
    timings.lap("measures");
    let panel = panel_quality(config, &published);
    let warnings = warnings(config, &rounds, &panel);
    let headline_list = headlines_of(config, &published);
    let tidy = tidy_tables(config, inputs, &published);
    timings.lap("tables");
    let what = ToPublish {
        rounds: &rounds,
        published: &published,
        tidy,
        headlines: &headline_list,
        panel,
        warnings: &warnings,
        lineages: &lineages,
    };
    let files = publish(config, inputs, what, timings)?;
    Ok(Built {
        year: rounds.year,
        files,
        posts: rounds.posts.height() as u64,
        headlines: headline_list,
        warnings,
    })
}

/// "About these statistics", from what the build counted.
fn about_items(
    config: &Config,
    rounds: &Rounds,
    published: &Published,
    quality: &Quality,
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
struct ToPublish<'a> {
    rounds: &'a Rounds,
    published: &'a Published,
    tidy: Vec<TidyTable>,
    headlines: &'a [Headline],
    panel: PanelQuality,
    warnings: &'a [String],
    lineages: &'a Lineages,
}

/// Publish stage: every file of the report year, rendered from the typed tables, the
/// disclosed cells and the headlines.
fn publish(
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
    } = what;
    let (year, rules) = (rounds.year, &config.rules);
    let observed_until = date_of(rounds.observed_until).to_string();
    let mut files = Files::default();
    let package = datapackage::PackageInput {
        year,
        label: &config.label,
        tables: &tidy,
        min_base: rules.min_base,
    };
    files.add(
        datapackage::DATAPACKAGE_NAME,
        datapackage::datapackage(&package),
    );
    let definitions = definitions::definitions(rules, &observed_until, lineages.used);
    let quality = quality(config, inputs, rounds, panel, warnings, lineages)?;
    files.add("quality.json", to_json(&quality));
    let about = about_items(config, rounds, published, &quality);
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
        },
    )?;
    for t in &tidy {
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
    let html = report::render(&ReportInput {
        year,
        provisional: rounds.provisional_years.contains(&year),
        label: &config.label,
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
    })
    .map_err(|e| Error::Internal(format!("rendering report.html: {e}")))?;
    files.add("report.html", html);
    timings.lap("report");
    files.add(spreadsheet::XLSX_NAME, join_workbook(workbook)?);
    timings.lap("spreadsheet (rest)");
    let manifest = manifest(config, rounds, &input_files, &files)?;
    files.add("manifest.json", to_json(&manifest));
    Ok(files)
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
