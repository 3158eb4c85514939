//! `quality.json` and the build's warnings: what was read, what was left out and why,
//! the workforce panel's counts and the school links, for the years the build covers.
//! Counts only: never a person.

use polars::prelude::*;

use super::{Published, Rounds};
use crate::calendar::date_of;
use crate::config::Config;
use crate::disclosure;
use crate::error::Result;
use crate::ingest::Inputs;
use crate::lineage::Lineages;
use crate::measures::extensions::Extensions;
use crate::publish::manifest::{
    DisclosureAudit, Exclusion as ExcludedPosts, FeedQuality, FeedYear, FileRows, LinksQuality,
    PanelQuality, Quality, TrustVacancies,
};
use crate::rounds::Exclusion;

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

/// The recruitment years a build covers, `first` to `last`: a past-year build counts
/// nothing after its year.
fn in_years(first: i32, last: i32) -> Expr {
    col("recruitment_year")
        .gt_eq(lit(first))
        .and(col("recruitment_year").lt_eq(lit(last)))
}

/// Teaching Vacancies adverts of the years covered whose identifier is not a URN of the
/// register; `None` when no advert came from the feed.
fn trust_vacancies(inputs: &Inputs, first: i32, last: i32) -> PolarsResult<Option<TrustVacancies>> {
    if !inputs.adverts.column("from_feed")?.bool()?.any() {
        return Ok(None);
    }
    let register: std::collections::HashSet<u32> = inputs
        .schools
        .column("school_urn")?
        .u32()?
        .into_no_null_iter()
        .collect();
    let feed = inputs
        .adverts
        .clone()
        .lazy()
        .filter(col("from_feed").and(in_years(first, last)))
        .collect()?;
    let mut outside: Vec<&str> = feed
        .column("advert_id")?
        .str()?
        .iter()
        .zip(feed.column("school_urn")?.u32()?.iter())
        .filter_map(|(id, urn)| id.filter(|_| urn.is_some_and(|u| !register.contains(&u))))
        .collect();
    outside.sort_unstable();
    Ok(Some(TrustVacancies {
        adverts: outside.len() as u64,
        first_advert_ids: outside.iter().take(10).map(|s| s.to_string()).collect(),
    }))
}

/// What quality.json says about the panel: counts only, never a person.
pub(super) fn panel_quality(config: &Config, published: &Published) -> PanelQuality {
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
            confidential_rows: vec![
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
            disclosure_audit: published.audit.as_ref().map(disclosure_audit),
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

fn disclosure_audit(d: &disclosure::workforce::Decision) -> DisclosureAudit {
    let r = &d.report;
    DisclosureAudit {
        protection: r.protection,
        cells: r.cells,
        cells_withheld: r.cells_withheld,
        withheld_below_min_base: d.primary,
        withheld_as_complements: d.complementary,
        withheld_after_audit: d.repaired,
        repair_rounds: d.rounds,
        largest_base_withheld: r.largest_base_withheld,
        counts_audited: r.counts_audited,
        percentages_audited: r.percentages_audited,
        breaches: r.failures().count(),
        narrowest_range: r
            .narrowest()
            .into_iter()
            .find(|f| !f.limited)
            .map(|f| format!("{}: {} {}", f.cell, f.column, f.learned.describe()))
            .unwrap_or_default(),
    }
}

pub(super) fn config_file_name(config: &Config) -> String {
    config
        .path
        .file_name()
        .map_or("slm.toml".into(), |n| n.to_string_lossy().into_owned())
}

/// The warnings a build prints and `quality.json` lists.
pub(super) fn warnings(
    config: &Config,
    rounds: &Rounds,
    panel: &PanelQuality,
    lineages: &Lineages,
) -> Vec<String> {
    let mut warnings = Vec::new();
    if !panel.built {
        warnings.push(panel.reason.clone());
    }
    warnings.extend(lineages.outside_register_warning());
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

/// The posts left out of the years covered, by reason, and the posts counted in
/// National totals only (their school is not in the register).
fn exclusions(
    rounds: &Rounds,
    first: i32,
    last: i32,
) -> Result<(Vec<ExcludedPosts>, ExcludedPosts)> {
    let covered = rounds
        .all
        .clone()
        .lazy()
        .filter(in_years(first, last))
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
    Ok((excluded, counted_nationally_only))
}

/// The Teaching Vacancies feed: the days it was seen and its extensions, per year.
fn feed_quality(inputs: &Inputs, extensions: &[Extensions]) -> Option<FeedQuality> {
    inputs.feed_seen.map(|(a, b)| FeedQuality {
        first_seen: date_of(a).to_string(),
        last_seen: date_of(b).to_string(),
        years: extensions
            .iter()
            .map(|e| FeedYear {
                year: e.year.label(),
                posts_first_advertised_on_feed: e.extended.n,
                first_vacancy_extended: e.extended.k,
            })
            .collect(),
    })
}

/// The school links, and the lineages they formed.
fn links_quality(lineages: &Lineages) -> LinksQuality {
    LinksQuality {
        used: lineages.used,
        links_read: lineages.links_read,
        lineages_formed: lineages.formed,
        not_followed: lineages
            .not_followed
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
        note: if lineages.used {
            "Schools joined by one-to-one Successor/Predecessor links are one school through time"
                .into()
        } else {
            "No school links (inputs.links): each URN is a school, so an academy conversion counts as a new school".into()
        },
    }
}

pub(super) fn quality(
    config: &Config,
    inputs: &Inputs,
    rounds: &Rounds,
    workforce: PanelQuality,
    warnings: &[String],
    lineages: &Lineages,
    published: &Published,
) -> Result<Quality> {
    let (survey, extensions) = (
        published.survey.as_ref().map(|s| s.1.clone()),
        &published.extensions,
    );
    let (first, last) = (rounds.years[0].0, rounds.year.0);
    let (excluded, counted_nationally_only) = exclusions(rounds, first, last)?;
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
        schools_with_placeholder_la_code: inputs.placeholder_la_codes,
        school_group_from_type: inputs.register_group_from_type,
        adverts_read: inputs.adverts.height() as u64,
        adverts_in_two_files: inputs.adverts_in_two_files,
        trust_vacancies: trust_vacancies(inputs, first, last)?,
        teaching_vacancies_feed: feed_quality(inputs, extensions),
        posts_counted: rounds.posts.height() as u64,
        excluded,
        counted_nationally_only,
        observed_until: date_of(rounds.observed_until).to_string(),
        provisional_years: rounds.provisional_years.iter().map(|y| y.label()).collect(),
        workforce,
        links: links_quality(lineages),
        survey,
        revisions: None,
        warnings: warnings.to_vec(),
    })
}
