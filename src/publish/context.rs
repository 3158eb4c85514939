//! The one context every output of a report year is rendered from: the release's facts,
//! the typed tables and disclosed cells, the claims and headlines, and the texts the
//! outputs share (definitions, release facts, "About these statistics", the local
//! authority rows). The pipeline builds it once; the data package, charts, report and
//! workbook each read what they show from it.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;

use crate::claims::Claims;
use crate::config::{Release, Rules};
use crate::disclosure::{ChangeRow, RateCell, RetentionRow, SurveyTables, SurvivalRow};
use crate::domain::{Country, PublishedRow, RecruitmentYear};
use crate::publish::definitions::Definition;
use crate::publish::headlines::Headline;
use crate::publish::local_authorities::LaRow;
use crate::publish::manifest::FileEntry;
use crate::publish::revisions::Revisions;
use crate::publish::tidy::TidyTable;

/// One heading and paragraph of "About these statistics" (`about`).
#[derive(Debug, Clone, Serialize)]
pub struct AboutItem {
    pub heading: &'static str,
    pub text: String,
}

/// What the outputs of one report year are rendered from.
pub struct Context<'a> {
    pub year: RecruitmentYear,
    /// The first year the release shows.
    pub first_year: RecruitmentYear,
    /// The years whose re-advertisement window had not closed when the data ended.
    pub provisional_years: &'a BTreeSet<RecruitmentYear>,
    /// The last date the advert data covers.
    pub observed_until: NaiveDate,
    pub label: &'a str,
    /// The label says the data are synthetic: every output says they are not real.
    pub synthetic: bool,
    /// The top National row (`measures::cube::top_national`).
    pub top_country: Country,
    pub rules: &'a Rules,
    /// `[release]`: producer, contact, publication date, status.
    pub release_config: &'a Release,
    /// What sentences and titles may claim, decided once (`claims`).
    pub claims: &'a Claims,
    pub rates: &'a [RateCell],
    pub changes: &'a [ChangeRow],
    /// The figures as published, beside this report's series.
    pub published: &'a [PublishedRow],
    /// The workforce cells, empty when the build has no panel.
    pub retention: &'a [RetentionRow],
    pub survival: &'a [SurvivalRow],
    /// The survey's cells, when the build has survey returns.
    pub survey: Option<&'a SurveyTables>,
    /// The tidy tables, in the order they are listed.
    pub tables: &'a [TidyTable],
    pub headlines: &'a [Headline],
    /// The inputs as the manifest and the report list them.
    pub inputs: Vec<FileEntry>,
    /// The comparison with the earlier release, when there is one.
    pub revisions: Option<&'a Revisions>,
    /// The methods and definitions (the report's methods, the workbook's Notes).
    pub definitions: Vec<Definition>,
    /// The release facts (`[release]`) and "About these statistics".
    pub release: Vec<(&'static str, String)>,
    pub about: Vec<AboutItem>,
    /// The report year's local authorities, and where their codes come from.
    pub local_authorities: Vec<LaRow>,
    pub la_codes: String,
}

impl Context<'_> {
    /// The report year itself is provisional.
    pub fn provisional(&self) -> bool {
        self.provisional_years.contains(&self.year)
    }

    /// The label when it must show on the face of every chart and table: only a
    /// synthetic build's.
    pub fn synthetic_label(&self) -> &str {
        if self.synthetic {
            self.label
        } else {
            ""
        }
    }

    /// The top National geography's name (England and Wales, or one country).
    pub fn geography(&self) -> &'static str {
        self.top_country.name()
    }
}

#[cfg(test)]
impl Context<'static> {
    /// A context with no cells and no texts, for the unit tests of one output: the
    /// report year, a label, and the tables. Its parts live for the test run.
    pub fn for_tests(
        year: RecruitmentYear,
        label: &'static str,
        synthetic: bool,
        tables: Vec<TidyTable>,
    ) -> Self {
        let provisional_years: &'static BTreeSet<RecruitmentYear> = Box::leak(Box::default());
        let top_country = Country::England;
        let claims = crate::claims::decide(
            &[],
            &[],
            &[],
            &crate::claims::Year {
                year,
                top: top_country,
                provisional_years,
            },
        );
        Context {
            year,
            first_year: year,
            provisional_years,
            observed_until: NaiveDate::from_ymd_opt(year.0 + 1, 8, 31).expect("a date"),
            label,
            synthetic,
            top_country,
            rules: Box::leak(Box::default()),
            release_config: Box::leak(Box::default()),
            claims: Box::leak(Box::new(claims)),
            rates: &[],
            changes: &[],
            published: &[],
            retention: &[],
            survival: &[],
            survey: None,
            tables: Box::leak(tables.into_boxed_slice()),
            headlines: &[],
            inputs: Vec::new(),
            revisions: None,
            definitions: Vec::new(),
            release: Vec::new(),
            about: Vec::new(),
            local_authorities: Vec::new(),
            la_codes: String::new(),
        }
    }
}
