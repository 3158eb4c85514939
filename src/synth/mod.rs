//! `slm synth`: synthetic demonstration inputs, deterministic for a seed. Sits beside
//! the pipeline and shares no code with `rounds` or `measures`, so that the demo data
//! tests them. Every file it writes says it is synthetic.

pub mod adverts;
pub mod gias_file;
pub mod links;
pub mod names;
pub mod register;
pub mod survey;
pub mod workforce;

use std::path::{Path, PathBuf};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::domain::RecruitmentYear;
use crate::error::{Error, Result};

/// Recruitment years `FIRST-LAST`: `2004-2025` is 2004/05 to 2024/25.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearRange {
    pub first: i32,
    pub last: i32,
}

impl YearRange {
    pub fn parse(text: &str) -> Option<Self> {
        let (a, b) = text.trim().split_once('-')?;
        let (first, end): (i32, i32) = (a.parse().ok()?, b.parse().ok()?);
        (a.len() == 4
            && b.len() == 4
            && (1990..2100).contains(&first)
            && end > first
            && end <= 2100)
            .then_some(YearRange {
                first,
                last: end - 1,
            })
    }
}

fn readme(
    scale: Scale,
    range: YearRange,
    seed: u64,
    workforce_size: Option<u32>,
    counts: [usize; 5],
) -> String {
    let [schools, adverts, leaders, links, answers] = counts;
    let scale_name = scale.name();
    let size_flag = workforce_size.map_or(String::new(), |n| format!(" --workforce-size {n}"));
    format!(
        "# Synthetic demonstration data\n\n\
These files are **synthetic**: made up by `slm synth`, not collected from any school. They \
exist so that slm can be built, tested and demonstrated without real data. No figure built \
from them describes real schools or real people; every output built from them says \
\"Synthetic demonstration data\".\n\n\
- `schools.csv`: a register in the layout of the GIAS \"all establishment data\" extract \
(139 columns, Windows-1252, CRLF), {schools} establishments: state-funded schools of England \
and Wales at about a tenth of their real number (scale `{scale_name}`), academy conversions \
with new URNs, free schools, long closed establishments and out-of-scope ones \
(independent, nursery, pupil referral units, colleges). Names of schools and head teachers \
are invented.\n\
- `adverts.csv`: {adverts} leadership adverts from {} to {}, with repeat listings and \
re-advertisements. The share of head teacher posts re-advertised is calibrated to the \
published survey figures (DESIGN.md, Published series) where they exist, so the demo \
report tells a familiar story; other years are plausible inventions.\n\
- `workforce.csv`: {leaders} rows of a leadership workforce panel, one per leader and \
November census from {} to {} (`census_year`, an invented opaque `person_id`, \
`school_urn`, `role`), for the schools above. Most leaders stay from one census to the \
next; the rest retire, move school, step down or are promoted, and vacancies are filled \
from within, from other schools or by people new to leadership. Calibrated so that about \
9 in 10 primary heads are still in post a year on and about 7 in 10 new primary heads \
five years on, fewer in secondary schools. No real person is in it.\n\
- `links.csv`: {links} rows in the layout of the GIAS links download (quoted, \
Windows-1252, CRLF): each academy conversion above stated from both ends (Successor and \
Predecessor, so a converted school is one school through time), and a few merges and \
splits of long closed establishments, which slm does not follow.\n- `survey.csv`: {answers} answers to the leadership recruitment survey (`response_id`, `school_urn`, `role`, `recruitment_year`, `appointed_after_first_advert`, `advert_count`), made from the same truth as the adverts: a post is truly unfilled after its first advert when it was re-advertised, except 8% of re-advertisements of posts already filled, plus as many unfilled posts never re-advertised as keep the true share at the calibrated figure. Schools that failed to appoint answer 60% as often as those that did, and response differs by phase (about 30 to 50 per cent), so the unweighted survey rate is biased low and the weighted one less so. A converted academy answers under its new URN; a few answers come from schools with no advert, schools not in the register and out-of-scope establishments.\n\n\
Regenerate byte for byte with:\n\n\
```\ncargo run --release -- synth --scale {scale_name} --years {}-{} --seed {seed}{size_flag} --out data/demo\n```\n",
        RecruitmentYear(range.first).label(),
        RecruitmentYear(range.last).label(),
        range.first,
        range.last,
        range.first,
        range.last + 1,
    )
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| Error::io(path, "write", e))
}

/// CSV bytes: `header`, then each record, lines ending in `\n`.
fn csv_bytes<const N: usize>(
    header: [&str; N],
    records: impl Iterator<Item = [String; N]>,
) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(header).expect("memory");
    for record in records {
        w.write_record(record).expect("memory");
    }
    w.into_inner().expect("memory")
}

fn adverts_csv(adverts: &[adverts::Advert]) -> Vec<u8> {
    csv_bytes(
        [
            "advert_id",
            "published_on",
            "school_urn",
            "role",
            "phase",
            "source",
        ],
        adverts.iter().enumerate().map(|(i, a)| {
            [
                format!("ADV{:07}", i + 1),
                a.published_on.to_string(),
                a.school_urn.to_string(),
                a.role.to_string(),
                a.phase.to_string(),
                a.source.to_string(),
            ]
        }),
    )
}

fn workforce_csv(panel: &[workforce::PanelRow]) -> Vec<u8> {
    csv_bytes(
        ["census_year", "person_id", "school_urn", "role"],
        panel.iter().map(|row| {
            [
                row.census_year.to_string(),
                row.person_id.clone(),
                row.school_urn.to_string(),
                workforce::ROLES[usize::from(row.rank)].to_string(),
            ]
        }),
    )
}

/// Writes `schools.csv`, `adverts.csv`, `workforce.csv`, `links.csv`, `survey.csv` and
/// `README.md` into `out`; returns each data file with its row count.
pub fn write(
    out: &Path,
    scale: Scale,
    range: YearRange,
    seed: u64,
    workforce_size: Option<u32>,
) -> Result<Vec<(PathBuf, usize)>> {
    let tenths = scale.tenths;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let reg = register::generate(&mut rng, tenths, range.first, range.last);
    let (adverts, rounds) = adverts::generate(&mut rng, &reg, range.first, range.last, tenths);
    let (register_bytes, schools) = gias_file::to_bytes(&reg, &mut rng);
    let (links_bytes, links) = links::to_bytes(&reg, range.first);
    // Its own stream, so that the register and adverts stay as they were for a seed.
    let mut panel_rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5752_4b46_4f52_4345);
    let panel = workforce::generate(
        &mut panel_rng,
        &reg,
        range.first,
        range.last,
        workforce_size,
    );
    // Its own stream too: adding the survey left every other file as it was.
    let mut survey_rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5355_5256_4559);
    let responses = survey::generate(&mut survey_rng, &reg, &rounds);
    let counts = [schools, adverts.len(), panel.len(), links, responses.len()];
    let files = [
        ("schools.csv", register_bytes),
        ("adverts.csv", adverts_csv(&adverts)),
        ("workforce.csv", workforce_csv(&panel)),
        ("links.csv", links_bytes),
        ("survey.csv", survey::to_bytes(&responses)),
    ];
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, "create", e))?;
    let mut written = Vec::new();
    for ((name, bytes), rows) in files.into_iter().zip(counts) {
        let path = out.join(name);
        write_file(&path, &bytes)?;
        written.push((path, rows));
    }
    let readme = readme(scale, range, seed, workforce_size, counts);
    write_file(&out.join("README.md"), readme.as_bytes())?;
    Ok(written)
}

/// A `--scale` slm does not know.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a scale; expected demo, national or a multiple of national from 1 to 16")]
pub struct UnknownScale(String);

/// The size of synthetic data, in tenths of England and Wales.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub tenths: u32,
}

impl Scale {
    pub const DEMO: Scale = Scale { tenths: 1 };

    /// `demo` (a tenth), `national` (all of England and Wales) or a whole multiple of
    /// national from 1 to 16, e.g. `4`.
    pub fn parse(text: &str) -> Result<Scale, UnknownScale> {
        match text {
            "demo" => Ok(Scale::DEMO),
            "national" => Ok(Scale { tenths: 10 }),
            n => match n.parse::<u32>() {
                Ok(m) if (1..=16).contains(&m) => Ok(Scale { tenths: 10 * m }),
                _ => Err(UnknownScale(n.to_string())),
            },
        }
    }

    pub fn name(self) -> String {
        match self.tenths {
            1 => "demo".into(),
            10 => "national".into(),
            t => format!("{}", t / 10),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_ranges() {
        assert_eq!(
            YearRange::parse("2004-2025"),
            Some(YearRange {
                first: 2004,
                last: 2024
            })
        );
        assert_eq!(YearRange::parse("2025-2004"), None);
        assert_eq!(YearRange::parse("04-25"), None);
    }
}
