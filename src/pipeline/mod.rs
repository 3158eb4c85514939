//! `slm build`: ingest, rounds, measures, disclosure and publish, in that order, for one
//! report year. Everything is computed in memory and written by one `stage::install`.
//! This file holds the stages in order; `quality` writes quality.json and the warnings,
//! `outputs` renders every file.

mod outputs;
mod quality;

use outputs::{context, definitions_of, feed, headlines_of, publish, revisions_of, tidy_tables};
use quality::{panel_quality, quality, warnings};
use std::collections::BTreeSet;
use std::path::PathBuf;

use polars::prelude::*;

use crate::calendar::day_number;
use crate::claims::{self, Claims};
use crate::config::Config;
use crate::disclosure::{self, ChangeRow, RateCell, RetentionRow, SurveyTables, SurvivalRow};
use crate::domain::{Country, RecruitmentYear};
use crate::error::{Error, Result};
use crate::ingest::{self, Inputs};
use crate::lineage::Lineages;
use crate::measures::change::year_on_year;
use crate::measures::cube::{countries_in, top_national};
use crate::measures::projection::{Projecting, ReferenceGaps};
use crate::measures::retention::{panel_measures, PanelMeasures};
use crate::measures::survey::{frame_rounds, register_schools, survey_figures, SurveyCounts};
use crate::measures::unfilled::unfilled_cells;
use crate::publish::about;
use crate::publish::headlines::Headline;
use crate::publish::pdf;
use crate::publish::revisions::Revisions;
use crate::publish::stage::{install, Files};
use crate::rounds::{assign_rounds, attach_schools, with_lineage};

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
pub(crate) struct Rounds {
    /// Every round, counted or not (`exclusion` says why not).
    pub(crate) all: DataFrame,
    /// The rounds that count, up to the report year.
    pub(crate) posts: DataFrame,
    pub(crate) year: RecruitmentYear,
    pub(crate) years: Vec<RecruitmentYear>,
    pub(crate) provisional_years: BTreeSet<RecruitmentYear>,
    /// The last day the advert data covers (day number).
    pub(crate) observed_until: i32,
}

/// What the measures give, as disclosure publishes it.
pub(crate) struct Published {
    /// What the sentences and titles may claim, decided from the disclosed cells.
    pub(crate) claims: Claims,
    pub(crate) rates: Vec<RateCell>,
    pub(crate) changes: Vec<ChangeRow>,
    pub(crate) retention: Vec<RetentionRow>,
    pub(crate) survival: Vec<SurvivalRow>,
    /// The panel's counts (censuses, people, person-years left out); its cells are in
    /// `retention` and `survival`.
    pub(crate) panel: Option<PanelMeasures>,
    /// What disclosure control of the workforce tables decided, with the attacker's
    /// audit of it; `None` without a panel.
    pub(crate) audit: Option<disclosure::workforce::Decision>,
    /// The survey's cells and what happened to its answers, when `inputs.survey` is set.
    pub(crate) survey: Option<(SurveyTables, SurveyCounts)>,
    pub(crate) top_country: Country,
    /// Posts first advertised on the Teaching Vacancies feed, and how many of those
    /// first vacancies were extended, per year (empty without the feed).
    pub(crate) extensions: Vec<crate::measures::extensions::Extensions>,
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
/// The survey's figures, disclosed, with the counts quality.json reports; `None`
/// without survey returns.
fn survey_of(
    config: &Config,
    inputs: &Inputs,
    rounds: &Rounds,
    lineages: &Lineages,
    countries: &[Country],
) -> Result<Option<(SurveyTables, SurveyCounts)>> {
    let Some(answers) = &inputs.survey else {
        return Ok(None);
    };
    let figures = survey_figures(
        answers,
        &frame_rounds(&rounds.posts, lineages)?,
        &register_schools(&inputs.schools)?,
        lineages,
        &rounds.years,
        countries,
    );
    let counts = figures.counts.clone();
    Ok(Some((
        disclosure::survey(figures, config.rules.min_base),
        counts,
    )))
}

/// The reference gaps a provisional report year's cells are projected from (the
/// re-advertisement gaps of the final years before it); `None` for a final year.
fn reference_gaps_of(rounds: &Rounds) -> Result<Option<ReferenceGaps>> {
    if !rounds.provisional_years.contains(&rounds.year) {
        return Ok(None);
    }
    let final_years: Vec<RecruitmentYear> = rounds
        .years
        .iter()
        .copied()
        .filter(|y| *y < rounds.year && !rounds.provisional_years.contains(y))
        .collect();
    Ok(ReferenceGaps::of(&rounds.posts, &final_years)?)
}

fn measure_and_disclose(
    config: &Config,
    inputs: &Inputs,
    rounds: &Rounds,
    lineages: &Lineages,
) -> Result<Published> {
    let rules = &config.rules;
    let countries = countries_in(&inputs.schools)?;
    let gaps = reference_gaps_of(rounds)?;
    let projecting = gaps.as_ref().map(|gaps| Projecting {
        year: rounds.year,
        gaps,
        observed_until: rounds.observed_until,
    });
    let cells = unfilled_cells(
        &rounds.posts,
        &inputs.schools,
        &rounds.years,
        rules.year_start,
        &countries,
        projecting.as_ref(),
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
    let workforce = panel.as_mut().map(|m| {
        disclosure::workforce_tables(
            std::mem::take(&mut m.retention),
            std::mem::take(&mut m.survival),
            rules.min_base,
            rules.protection,
        )
    });
    let (retention, survival, audit) = match workforce {
        Some(w) => (w.retention, w.survival, Some(w.decision)),
        None => Default::default(),
    };
    let survey = survey_of(config, inputs, rounds, lineages, &countries)?;
    let rates = disclosure::rates(cells, rules.min_base);
    let changes = disclosure::changes(changes, rules.min_base);
    let top_country = top_national(&countries);
    let claims = claims::decide(
        &rates,
        &changes,
        &retention,
        &claims::Year {
            year: rounds.year,
            top: top_country,
            provisional_years: &rounds.provisional_years,
        },
    );
    let extensions = crate::measures::extensions::feed_extensions(&rounds.posts, &rounds.years)?;
    Ok(Published {
        extensions,
        claims,
        rates,
        changes,
        retention,
        survival,
        panel,
        audit,
        survey,
        top_country,
    })
}

/// The lineages and rounds of the report year `year` (default: the latest), in memory:
/// what `slm explain` traces an advert-derived cell through.
pub(crate) fn rounds_of(
    config: &Config,
    inputs: &Inputs,
    year: Option<RecruitmentYear>,
) -> Result<(Lineages, Rounds)> {
    let lineages = lineages_of(inputs)?;
    let rounds = recruitment_rounds(config, inputs, &lineages, year)?;
    Ok((lineages, rounds))
}

/// As `rounds_of`, with every published cell: what `compute` publishes, what `slm
/// explain` shows of a workforce cell, and what `slm audit` reports (the workforce
/// tables' suppression, attacked and repaired: `published.audit`).
pub(crate) fn evaluate(
    config: &Config,
    inputs: &Inputs,
    year: Option<RecruitmentYear>,
) -> Result<(Lineages, Rounds, Published)> {
    let (lineages, rounds) = rounds_of(config, inputs, year)?;
    let published = measure_and_disclose(config, inputs, &rounds, &lineages)?;
    Ok((lineages, rounds, published))
}

/// A release the attacker can break is not published: every figure it learns that the
/// rule forbids, by name (`slm build` writes nothing; `slm audit` prints the audit first).
pub(crate) fn refuse_breaches(published: &Published) -> Result<()> {
    let breaches: Vec<String> = published
        .audit
        .iter()
        .flat_map(|d| d.report.failures())
        .map(|f| format!("{}: {} {}", f.cell, f.column, f.learned.describe()))
        .collect();
    if breaches.is_empty() {
        Ok(())
    } else {
        Err(Error::Disclosure(breaches))
    }
}

/// Computes every output of the report year `year` (default: the latest year):
/// rounds, measures, disclosure, then publish, which renders and computes nothing.
pub fn compute(
    config: &Config,
    inputs: &Inputs,
    year: Option<RecruitmentYear>,
    timings: &mut Timings,
) -> Result<Built> {
    let (lineages, rounds) = rounds_of(config, inputs, year)?;
    timings.lap("rounds");
    let published = measure_and_disclose(config, inputs, &rounds, &lineages)?;
    refuse_breaches(&published)?;
    timings.lap("measures");
    let panel = panel_quality(config, &published);
    let warnings = warnings(config, &rounds, &panel, &lineages);
    let headline_list = headlines_of(config, &published);
    let mut tidy = tidy_tables(config, inputs, &published, &rounds);
    let revisions = revisions_of(config, inputs, &rounds, &tidy)?;
    if let Some(t) = revisions
        .as_ref()
        .and_then(|r| crate::publish::revisions_table::revisions_table(r, &tidy))
    {
        tidy.push(t);
    }
    let mut quality = quality(
        config, inputs, &rounds, panel, &warnings, &lineages, &published,
    )?;
    quality.revisions = revisions.as_ref().map(Revisions::summary);
    timings.lap("tables");
    let mut ctx = context(
        config,
        inputs,
        &rounds,
        &published,
        &tidy,
        &headline_list,
        revisions.as_ref(),
    );
    ctx.definitions = definitions_of(&ctx, lineages.used);
    ctx.about = about::about(&ctx, &quality, feed(inputs, &published));
    let files = publish(config, inputs, &rounds, &ctx, &quality, timings)?;
    Ok(Built {
        year: rounds.year,
        files,
        posts: rounds.posts.height() as u64,
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
