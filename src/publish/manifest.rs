//! `manifest.json` and `quality.json`: what a build read and wrote, and what it left
//! out and why. No wall-clock time: the same inputs give the same bytes.

use serde::Serialize;

use crate::hash::sha256_hex;
pub use crate::json::to_json;

/// How many rows a file had (`quality.json`).
#[derive(Debug, Clone, Serialize)]
pub struct FileRows {
    pub file: String,
    pub rows: usize,
}

#[derive(Debug, Serialize)]
pub struct FileEntry {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

impl FileEntry {
    pub fn of(path: &str, bytes: &[u8]) -> Self {
        FileEntry {
            path: path.to_string(),
            bytes: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Manifest {
    pub slm_version: &'static str,
    pub report_year: String,
    pub label: String,
    pub config: ConfigEntry,
    pub inputs: Vec<FileEntry>,
    /// Sources `slm fetch` brought in, as it recorded them (URL, ETag, SHA-256).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fetched: Vec<FetchedEntry>,
    /// The earlier release this one was compared with (its manifest), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earlier_release: Option<FileEntry>,
    pub outputs: Vec<FileEntry>,
}

#[derive(Debug, Serialize)]
pub struct FetchedEntry {
    pub name: String,
    #[serde(flatten)]
    pub fetched: crate::ingest::fetch_state::Fetched,
}

#[derive(Debug, Serialize)]
pub struct ConfigEntry {
    pub file: FileEntry,
    pub year_start: String,
    pub readvert_min_days: i32,
    pub readvert_max_days: i32,
    pub min_base: u32,
    pub observed_until: String,
}

/// Rounds left out of every figure for one reason.
#[derive(Debug, Serialize, PartialEq)]
pub struct Exclusion {
    pub reason: String,
    pub posts: u64,
    pub adverts: u64,
    /// The first advert of up to ten such posts, in id order.
    pub first_advert_ids: Vec<String>,
}

/// The Teaching Vacancies feed in this build: the days its vacancies were seen, and per
/// year the posts first advertised on it with how many of those first vacancies were
/// extended (reported beside the unfilled rate, never part of it).
#[derive(Debug, Serialize)]
pub struct FeedQuality {
    pub first_seen: String,
    pub last_seen: String,
    pub years: Vec<FeedYear>,
}

#[derive(Debug, Serialize)]
pub struct FeedYear {
    pub year: String,
    pub posts_first_advertised_on_feed: u64,
    pub first_vacancy_extended: u64,
}

/// Feed adverts whose identifier is not a URN of the register.
#[derive(Debug, Serialize)]
pub struct TrustVacancies {
    pub adverts: u64,
    /// Up to ten, in id order.
    pub first_advert_ids: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Quality {
    pub label: String,
    pub report_year: String,
    pub rows_read: Vec<FileRows>,
    pub schools_in_register: usize,
    pub schools_in_scope: usize,
    /// Schools in scope whose `GSSLACode (name)` was GIAS's placeholder (`X999999`) or
    /// empty: their GSS code comes from the LA lookup by `LA (code)`.
    pub schools_with_placeholder_la_code: usize,
    /// `true` when the register had no `EstablishmentTypeGroup (name)` (EduBase before
    /// 2017) and each establishment's group came from its type.
    pub school_group_from_type: bool,
    pub adverts_read: u64,
    /// Adverts given in two advert files as the same vacancy (a historical file beside
    /// the Teaching Vacancies feed), counted once.
    pub adverts_in_two_files: u64,
    /// Teaching Vacancies adverts whose identifier is not a URN of the register (a
    /// trust advertising, or a school the register lacks); only with the feed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_vacancies: Option<TrustVacancies>,
    /// Only when adverts came from the Teaching Vacancies feed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub teaching_vacancies_feed: Option<FeedQuality>,
    pub posts_counted: u64,
    pub excluded: Vec<Exclusion>,
    /// Posts at schools not in the register that count in National totals only.
    pub counted_nationally_only: Exclusion,
    pub observed_until: String,
    pub provisional_years: Vec<String>,
    /// The workforce panel, or why retention was not built.
    pub workforce: PanelQuality,
    /// The school links, and the lineages they formed.
    pub links: LinksQuality,
    /// What happened to the survey's answers, when `inputs.survey` is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub survey: Option<crate::measures::survey::SurveyCounts>,
    /// The comparison with the earlier release under the output directory, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revisions: Option<crate::publish::revisions::RevisionSummary>,
    pub warnings: Vec<String>,
}

/// What the build made of the school links (DESIGN.md, School lineage).
#[derive(Debug, Clone, Default, Serialize)]
pub struct LinksQuality {
    pub used: bool,
    pub links_read: usize,
    /// Lineages of two or more URNs.
    pub lineages_formed: usize,
    /// Links not followed, by type (or why a succession was not followed).
    pub not_followed: Vec<(String, usize)>,
    pub note: String,
}

/// What the build made of the workforce panel (no person-level data: counts only).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PanelQuality {
    /// Whether retention tables were built; if not, `reason` says why.
    pub built: bool,
    pub reason: String,
    pub people: usize,
    /// Census years used (up to the report year).
    pub censuses: Vec<i32>,
    /// Person-years at a school the register does not have: left out.
    pub person_years_school_not_in_register: u64,
    /// Person-years at an out-of-scope establishment: left out.
    pub person_years_school_out_of_scope: u64,
    /// Person-years with several rows, of which the highest role was kept.
    pub person_years_with_several_posts: u64,
    /// Cells published as `c` (confidential), by table.
    pub confidential_rows: Vec<(String, usize)>,
    /// The disclosure audit of the two workforce tables (`slm audit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disclosure_audit: Option<DisclosureAudit>,
}

/// What the built-in attacker found of the release (docs/methods.md, Disclosure
/// control): a release with a breach is not built, so `breaches` is 0 here.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DisclosureAudit {
    pub protection: u32,
    /// Cells (rows of retention, cohorts of new_head_survival) published, and withheld.
    pub cells: usize,
    pub cells_withheld: usize,
    pub withheld_below_min_base: usize,
    pub withheld_as_complements: usize,
    pub withheld_after_audit: usize,
    pub repair_rounds: usize,
    pub largest_base_withheld: u64,
    pub counts_audited: usize,
    pub percentages_audited: usize,
    pub breaches: usize,
    /// The narrowest range the attacker reaches for a withheld count whose containing
    /// groups allow at least `protection` values, in words.
    pub narrowest_range: String,
}
