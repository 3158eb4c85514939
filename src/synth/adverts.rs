//! Synthetic adverts: for each year, phase and role, schools that need a leader open
//! a round; a calibrated share of rounds are re-advertised 21 to 120 days later, and
//! some adverts are repeat listings a few days apart. Adverts after the last day are
//! not written, as in real data. This file shares no code with `rounds`: the demo must
//! test the round rule, not echo it.

use chrono::{Datelike, Duration, NaiveDate};
use rand::seq::index::sample;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::names::ADVERT_SOURCES;
use super::register::Register;
use crate::domain::Phase;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Advert {
    pub published_on: NaiveDate,
    pub school_urn: u32,
    pub role: &'static str,
    pub phase: &'static str,
    pub source: &'static str,
}

/// Head teacher posts unfilled after the first advert, per cent, by the year a
/// recruitment year starts in: (primary, secondary, special). 2004/05, 2007/08 to
/// 2010/11 are the published survey figures (DESIGN.md, Published series); other
/// years are plausible values in between and after.
const HEAD_TARGETS: [(i32, u32, u32, u32); 21] = [
    (2004, 28, 20, 22),
    (2005, 30, 20, 30),
    (2006, 31, 21, 34),
    (2007, 32, 21, 38),
    (2008, 26, 19, 27),
    (2009, 34, 20, 43),
    (2010, 33, 23, 41),
    (2011, 31, 22, 38),
    (2012, 29, 21, 36),
    (2013, 30, 22, 37),
    (2014, 32, 24, 39),
    (2015, 33, 26, 40),
    (2016, 32, 25, 38),
    (2017, 31, 24, 37),
    (2018, 29, 23, 35),
    (2019, 27, 21, 33),
    (2020, 22, 17, 28),
    (2021, 27, 21, 34),
    (2022, 31, 24, 38),
    (2023, 34, 26, 41),
    (2024, 35, 27, 42),
];

/// Per-mille share of rounds re-advertised for a role, phase and year.
pub(super) fn target_per_mille(year: i32, phase: Phase, role: &str) -> u32 {
    let row = HEAD_TARGETS
        .iter()
        .min_by_key(|t| (t.0 - year).abs())
        .expect("targets");
    let head = match phase {
        Phase::Primary => row.1,
        Phase::Secondary => row.2,
        Phase::Special => row.3,
    } * 10;
    match role {
        "head" => head,
        "deputy" => head * 3 / 4,
        _ => head * 55 / 100,
    }
}

/// Per-mille chance that a school starts a round for a role in a year.
fn turnover_per_mille(phase: Phase, role: &str, year: i32) -> u32 {
    let base = match (phase, role) {
        (Phase::Primary, "head") => 100,
        (Phase::Secondary, "head") => 110,
        (Phase::Special, "head") => 140,
        (Phase::Primary, "deputy") => 60,
        (Phase::Secondary, "deputy") => 140,
        (Phase::Special, "deputy") => 100,
        (Phase::Primary, _) => 50,
        (Phase::Secondary, _) => 300,
        (Phase::Special, _) => 100,
    };
    // Fewer moves in the first pandemic year.
    if year == 2020 {
        base * 8 / 10
    } else {
        base
    }
}

/// Month weights of first adverts, September to August: leadership posts are mostly
/// advertised in the spring for a September start.
const MONTH_WEIGHTS: [u32; 12] = [6, 8, 8, 5, 14, 14, 13, 8, 10, 8, 4, 2];

fn start_day(rng: &mut ChaCha8Rng, year: i32) -> NaiveDate {
    let total: u32 = MONTH_WEIGHTS.iter().sum();
    let mut x = rng.gen_range(0..total);
    let mut month_index = 0;
    for (i, w) in MONTH_WEIGHTS.iter().enumerate() {
        if x < *w {
            month_index = i;
            break;
        }
        x -= w;
    }
    let (y, m) = if month_index < 4 {
        (year, 9 + month_index as u32)
    } else {
        (year + 1, month_index as u32 - 3)
    };
    let first = NaiveDate::from_ymd_opt(y, m, 1).expect("month");
    let days_in_month = (first + Duration::days(32)).with_day(1).expect("day") - first;
    first + Duration::days(rng.gen_range(0..days_in_month.num_days()))
}

fn role_text(rng: &mut ChaCha8Rng, role: &'static str) -> &'static str {
    // A few files write roles capitalised; ingest accepts any case.
    if rng.gen_range(0..50) == 0 {
        match role {
            "head" => "Head",
            "deputy" => "Deputy",
            _ => "Assistant",
        }
    } else {
        role
    }
}

/// One round's adverts: a first advert, repeat listings 1 to 14 days later, and when
/// `readvertised`, one or two re-advertisements 21 to 120 days after the advert before.
fn round(rng: &mut ChaCha8Rng, start: NaiveDate, readvertised: bool) -> Vec<NaiveDate> {
    let mut days = vec![start];
    let repeat = |rng: &mut ChaCha8Rng, days: &mut Vec<NaiveDate>, chance: u32| {
        if rng.gen_range(0..100) < chance {
            let last = *days.last().expect("one");
            days.push(last + Duration::days(rng.gen_range(1..=14)));
        }
    };
    repeat(rng, &mut days, 35);
    if readvertised {
        let times = if rng.gen_range(0..100) < 25 { 2 } else { 1 };
        for _ in 0..times {
            let last = *days.last().expect("one");
            days.push(last + Duration::days(rng.gen_range(21..=120)));
            repeat(rng, &mut days, 20);
        }
    }
    days
}

/// One round the adverts were made from: the synthetic truth the survey answers about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub year: i32,
    pub phase: Phase,
    pub role: &'static str,
    /// Index into `Register::sites`, and the URN advertising.
    pub site: usize,
    pub urn: u32,
    pub readvertised: bool,
}

const ROLES: [&str; 3] = ["head", "deputy", "assistant"];

fn source(rng: &mut ChaCha8Rng) -> &'static str {
    ADVERT_SOURCES[rng.gen_range(0..ADVERT_SOURCES.len())]
}

/// Which sites of `phase` open a round for the `r`-th role in `year`, when, and the
/// URN open then; a site waits until `free_from` for its next round.
fn round_starts(
    rng: &mut ChaCha8Rng,
    reg: &Register,
    free_from: &[[NaiveDate; 3]],
    (year, phase, r): (i32, Phase, usize),
) -> Vec<(usize, NaiveDate, u32)> {
    let mut starts = Vec::new();
    for (s, site) in reg.sites.iter().enumerate() {
        if site.phase != phase
            || rng.gen_range(0..1000) >= turnover_per_mille(phase, ROLES[r], year)
        {
            continue;
        }
        let day = start_day(rng, year);
        if day <= free_from[s][r] {
            continue;
        }
        if let Some(e) = reg.open_at(site, day) {
            starts.push((s, day, e.urn));
        }
    }
    starts
}

/// Establishments out of scope advertise heads too; they must be left out.
fn out_of_scope_adverts(
    rng: &mut ChaCha8Rng,
    reg: &Register,
    year: i32,
    end: NaiveDate,
    adverts: &mut Vec<Advert>,
) {
    for &i in &reg.out_of_scope {
        if rng.gen_range(0..1000) < 30 {
            let day = start_day(rng, year);
            if day <= end {
                adverts.push(Advert {
                    published_on: day,
                    school_urn: reg.establishments[i].urn,
                    role: "head",
                    phase: "",
                    source: source(rng),
                });
            }
        }
    }
}

/// Schools too new for the register extract: with a phase they count in National
/// totals; without one they are left out.
fn unregistered_adverts(
    rng: &mut ChaCha8Rng,
    (year, end, scale): (i32, NaiveDate, u32),
    adverts: &mut Vec<Advert>,
) {
    for n in 0..(6 * scale) {
        let day = start_day(rng, year);
        let with_phase = n % 3 != 0;
        if day <= end {
            adverts.push(Advert {
                published_on: day,
                school_urn: 990_000 + (year as u32 % 100) * 1000 + n,
                role: ROLES[rng.gen_range(0..3)],
                phase: if with_phase {
                    ["primary", "secondary"][rng.gen_range(0..2)]
                } else {
                    ""
                },
                source: source(rng),
            });
        }
    }
}

/// The adverts, and the rounds of in-scope schools they were made from.
pub fn generate(
    rng: &mut ChaCha8Rng,
    reg: &Register,
    first: i32,
    last: i32,
    scale: u32,
) -> (Vec<Advert>, Vec<Round>) {
    let mut rounds = Vec::new();
    let end = NaiveDate::from_ymd_opt(last + 1, 8, 31).expect("end");
    // The day after which each site may open its next round for a role: a round's
    // adverts end more than a year before the next one starts.
    let mut free_from = vec![[NaiveDate::MIN; 3]; reg.sites.len()];
    let mut adverts = Vec::new();
    for year in first..=last {
        for phase in Phase::ALL {
            for (r, &role) in ROLES.iter().enumerate() {
                let starts = round_starts(rng, reg, &free_from, (year, phase, r));
                // A calibrated number of them are re-advertised.
                let k = (starts.len() as u64 * u64::from(target_per_mille(year, phase, role))
                    + 500)
                    / 1000;
                let chosen: Vec<usize> = sample(rng, starts.len(), k as usize).into_vec();
                let mut readvertised = vec![false; starts.len()];
                for i in chosen {
                    readvertised[i] = true;
                }
                for (i, (s, day, urn)) in starts.into_iter().enumerate() {
                    rounds.push(Round {
                        year,
                        phase,
                        role,
                        site: s,
                        urn,
                        readvertised: readvertised[i],
                    });
                    let days = round(rng, day, readvertised[i]);
                    free_from[s][r] = *days.last().expect("one") + Duration::days(365);
                    for d in days.into_iter().filter(|d| *d <= end) {
                        adverts.push(Advert {
                            published_on: d,
                            school_urn: urn,
                            role: role_text(rng, role),
                            phase: "",
                            source: source(rng),
                        });
                    }
                }
            }
        }
        out_of_scope_adverts(rng, reg, year, end, &mut adverts);
        unregistered_adverts(rng, (year, end, scale), &mut adverts);
    }
    adverts.sort();
    (adverts, rounds)
}
