//! A synthetic GIAS register in the real extract's 139-column layout: in-scope schools
//! ("sites") whose URN changes when they convert to academies, new free schools, long
//! closed establishments, and out-of-scope establishments (independent, nursery, PRU,
//! colleges), with the unused columns filled as GIAS fills them.

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::names::*;
use crate::domain::{LocalAuthority, Location, Phase, Region};

#[derive(Debug, Clone)]
pub struct Establishment {
    pub urn: u32,
    pub name: String,
    pub type_name: &'static str,
    pub group: &'static str,
    pub phase_name: &'static str,
    pub open: Option<NaiveDate>,
    pub close: Option<NaiveDate>,
    pub religion: &'static str,
    pub gor: &'static str,
    pub la: La,
}

impl Establishment {
    pub fn is_open_on(&self, day: NaiveDate) -> bool {
        self.open.is_none_or(|o| o <= day) && self.close.is_none_or(|c| c > day)
    }
}

/// A state-funded school through time: its establishments, oldest first.
#[derive(Debug, Clone)]
pub struct Site {
    pub phase: Phase,
    pub establishments: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct Register {
    pub establishments: Vec<Establishment>,
    pub sites: Vec<Site>,
    /// Establishments out of scope that still advertise (independent, nursery, PRU).
    pub out_of_scope: Vec<usize>,
}

impl Register {
    /// The establishment of `site` open on `day`, if any.
    pub fn open_at(&self, site: &Site, day: NaiveDate) -> Option<&Establishment> {
        site.establishments
            .iter()
            .map(|&i| &self.establishments[i])
            .find(|e| e.is_open_on(day))
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, weighted: &[(T, u32)]) -> T {
    let total: u32 = weighted.iter().map(|w| w.1).sum();
    let mut x = rng.gen_range(0..total);
    for &(item, w) in weighted {
        if x < w {
            return item;
        }
        x -= w;
    }
    weighted[weighted.len() - 1].0
}

fn religion(rng: &mut ChaCha8Rng, phase: Phase, wales: bool) -> &'static str {
    let other = [
        "Methodist",
        "Church of England/Methodist",
        "Jewish",
        "Muslim",
        "Christian",
    ];
    let o = other[rng.gen_range(0..other.len())];
    let table: Vec<(&str, u32)> = match (wales, phase) {
        (true, Phase::Special) => vec![("Does not apply", 1)],
        (true, _) => vec![
            ("Church in Wales", 12),
            ("Roman Catholic", 5),
            ("Does not apply", 83),
        ],
        (false, Phase::Primary) => vec![
            ("Church of England", 26),
            ("Roman Catholic", 10),
            (o, 1),
            ("Does not apply", 55),
            ("None", 8),
        ],
        (false, Phase::Secondary) => vec![
            ("Church of England", 6),
            ("Roman Catholic", 9),
            (o, 2),
            ("Does not apply", 75),
            ("None", 8),
        ],
        (false, Phase::Special) => vec![
            ("Does not apply", 96),
            ("None", 2),
            ("Church of England", 1),
            ("Roman Catholic", 1),
        ],
    };
    pick(rng, &table)
}

fn school_name(rng: &mut ChaCha8Rng, phase: Phase, religion: &str, wales: bool) -> String {
    let place = PLACES[rng.gen_range(0..PLACES.len())];
    let saint = SAINTS[rng.gen_range(0..SAINTS.len())];
    if wales {
        return match phase {
            Phase::Primary => format!("Ysgol Gynradd {place}"),
            Phase::Secondary => format!("Ysgol Uwchradd {place}"),
            Phase::Special => format!("Ysgol Arbennig {place}"),
        };
    }
    match (phase, religion) {
        (Phase::Primary, "Church of England") => {
            format!("{saint} Church of England Primary School")
        }
        (Phase::Primary, "Roman Catholic") => format!("{saint} Catholic Primary School"),
        (Phase::Primary, _) => {
            let kind = [
                "Primary School",
                "Infant and Junior School",
                "Community Primary School",
            ];
            format!("{place} {}", kind[rng.gen_range(0..kind.len())])
        }
        (Phase::Secondary, "Roman Catholic") => format!("{saint} Catholic High School"),
        (Phase::Secondary, "Church of England") => format!("{saint} Church of England Academy"),
        (Phase::Secondary, _) => {
            let kind = ["High School", "Academy", "School", "Community College"];
            format!("{place} {}", kind[rng.gen_range(0..kind.len())])
        }
        (Phase::Special, _) => {
            let kind = [
                "School",
                "Special School",
                "Specialist School, Sixth Form and Outreach",
            ];
            format!("{place} {}", kind[rng.gen_range(0..kind.len())])
        }
    }
}

/// URNs handed out in order, each one or two above the last.
struct Urns(u32);

impl Urns {
    fn next(&mut self, rng: &mut ChaCha8Rng) -> u32 {
        self.0 += rng.gen_range(1..=2);
        self.0
    }
}

/// What `generate` draws every school from: the RNG, the URNs, the years, the scale.
struct Draw<'a> {
    rng: &'a mut ChaCha8Rng,
    urns: Urns,
    scale: u32,
    first: i32,
    last: i32,
    region_weights: Vec<(usize, u32)>,
}

impl Draw<'_> {
    /// A region (GIAS name) and one of its two LAs, by the regions' weights.
    fn english_place(&mut self) -> (&'static str, La) {
        let r = &GIAS_REGIONS[pick(self.rng, &self.region_weights)];
        (r.0, r.2[self.rng.gen_range(0..2)])
    }
}

/// Builds the register for `scale` tenths of England and Wales over `first..=last`.
pub fn generate(rng: &mut ChaCha8Rng, scale: u32, first: i32, last: i32) -> Register {
    let mut reg = Register::default();
    let region_weights: Vec<(usize, u32)> = GIAS_REGIONS
        .iter()
        .enumerate()
        .map(|(i, r)| (i, r.1))
        .collect();
    let mut draw = Draw {
        rng,
        urns: Urns(100_000),
        scale,
        first,
        last,
        region_weights,
    };
    maintained_schools(&mut reg, &mut draw);
    free_schools(&mut reg, &mut draw);
    out_of_scope(&mut reg, &mut draw);
    long_closed(&mut reg, &mut draw);
    // Academies and free schools get URNs after every older establishment.
    let mut next = draw.urns.0 + 10_000;
    let mut later: Vec<usize> = (0..reg.establishments.len())
        .filter(|&i| reg.establishments[i].urn == 0)
        .collect();
    later.sort_by_key(|&i| (reg.establishments[i].open, i));
    for i in later {
        next += draw.rng.gen_range(1..=3);
        reg.establishments[i].urn = next;
    }
    assign_local_authorities(&mut reg, scale);
    reg
}

/// The schools of each phase, England and Wales, per tenth of the country.
const PLAN: [(bool, Phase, u32); 6] = [
    (false, Phase::Primary, 1680),
    (false, Phase::Secondary, 345),
    (false, Phase::Special, 100),
    (true, Phase::Primary, 122),
    (true, Phase::Secondary, 20),
    (true, Phase::Special, 6),
];

/// The maintained schools of `PLAN`, some converting to academies or closing.
fn maintained_schools(reg: &mut Register, draw: &mut Draw) {
    for (wales, phase, per_tenth) in PLAN {
        for _ in 0..per_tenth * draw.scale {
            let (gor, la) = if wales {
                (
                    "Wales (pseudo)",
                    WELSH_LAS[draw.rng.gen_range(0..WELSH_LAS.len())],
                )
            } else {
                draw.english_place()
            };
            let rel = religion(draw.rng, phase, wales);
            let (type_name, group, phase_name) = kind(draw.rng, wales, phase, rel);
            let open = (draw.rng.gen_range(0..100) < 15)
                .then(|| date(draw.rng.gen_range(1950..2004), 9, 1));
            let first_est = Establishment {
                urn: draw.urns.next(draw.rng),
                name: school_name(draw.rng, phase, rel, wales),
                type_name,
                group,
                phase_name,
                open,
                close: None,
                religion: rel,
                gor,
                la,
            };
            let mut site = Site {
                phase,
                establishments: vec![reg.establishments.len()],
            };
            reg.establishments.push(first_est.clone());
            if !wales {
                convert_or_close(reg, draw, &mut site, &first_est);
            } else {
                close_some(reg, draw, &site);
            }
            reg.sites.push(site);
        }
    }
}

/// A maintained school's type, establishment group and GIAS phase.
fn kind(
    rng: &mut ChaCha8Rng,
    wales: bool,
    phase: Phase,
    rel: &str,
) -> (&'static str, &'static str, &'static str) {
    match (wales, phase) {
        (true, Phase::Special) => (
            "Community special school",
            "Welsh schools",
            "Not applicable",
        ),
        (true, Phase::Primary) => ("Welsh establishment", "Welsh schools", "Primary"),
        (true, Phase::Secondary) => ("Welsh establishment", "Welsh schools", "Secondary"),
        (false, Phase::Special) => (
            "Community special school",
            "Special schools",
            "Not applicable",
        ),
        (false, p) => {
            let t = match rel {
                "Church of England" => pick(
                    rng,
                    &[
                        ("Voluntary controlled school", 1),
                        ("Voluntary aided school", 1),
                    ],
                ),
                "Roman Catholic" => "Voluntary aided school",
                _ => pick(rng, &[("Community school", 4), ("Foundation school", 1)]),
            };
            let ph = if p == Phase::Primary {
                pick(rng, &[("Primary", 96), ("Middle deemed primary", 4)])
            } else {
                pick(
                    rng,
                    &[
                        ("Secondary", 95),
                        ("All-through", 4),
                        ("Middle deemed secondary", 1),
                    ],
                )
            };
            (t, "Local authority maintained schools", ph)
        }
    }
}

/// Academy conversion (England): the old URN closes on 31 August, the academy opens
/// with a new URN on 1 September. A school that does not convert may close.
fn convert_or_close(reg: &mut Register, draw: &mut Draw, site: &mut Site, first: &Establishment) {
    let convert_pct = match site.phase {
        Phase::Primary => 40,
        Phase::Secondary => 75,
        Phase::Special => 35,
    };
    if draw.rng.gen_range(0..100) >= convert_pct {
        close_some(reg, draw, site);
        return;
    }
    let y = draw.rng.gen_range(2010..=2022);
    if y <= draw.first || y > draw.last {
        return;
    }
    let last_idx = *site.establishments.last().expect("one");
    reg.establishments[last_idx].close = Some(date(y, 8, 31));
    let type_name = match site.phase {
        Phase::Special => "Academy special converter",
        _ => pick(
            draw.rng,
            &[("Academy converter", 3), ("Academy sponsor led", 1)],
        ),
    };
    site.establishments.push(reg.establishments.len());
    reg.establishments.push(Establishment {
        urn: 0, // numbered after all first establishments
        type_name,
        group: "Academies",
        open: Some(date(y, 9, 1)),
        close: None,
        ..first.clone()
    });
}

/// A few schools close during the years shown (3% of primaries, 1% of the others).
fn close_some(reg: &mut Register, draw: &mut Draw, site: &Site) {
    let close_pct = if site.phase == Phase::Primary { 3 } else { 1 };
    if draw.rng.gen_range(0..100) < close_pct {
        let y = draw
            .rng
            .gen_range(draw.first + 1..=draw.last.max(draw.first + 1));
        reg.establishments[site.establishments[0]].close = Some(date(y, 8, 31));
    }
}

/// New free schools, opened during the years shown.
fn free_schools(reg: &mut Register, draw: &mut Draw) {
    for (phase, per_tenth, type_name) in [
        (Phase::Primary, 20, "Free schools"),
        (Phase::Secondary, 12, "Free schools"),
        (Phase::Special, 4, "Free schools special"),
    ] {
        for _ in 0..per_tenth * draw.scale {
            let y = draw.rng.gen_range(2012..=2022);
            if y <= draw.first || y > draw.last {
                continue;
            }
            let r = &GIAS_REGIONS[pick(draw.rng, &draw.region_weights)];
            let rel = religion(draw.rng, phase, false);
            let idx = reg.establishments.len();
            reg.establishments.push(Establishment {
                urn: 0,
                name: school_name(draw.rng, phase, rel, false),
                type_name,
                group: "Free Schools",
                phase_name: match phase {
                    Phase::Primary => "Primary",
                    Phase::Secondary => "Secondary",
                    Phase::Special => "Not applicable",
                },
                open: Some(date(y, 9, 1)),
                close: None,
                religion: rel,
                gor: r.0,
                la: r.2[draw.rng.gen_range(0..2)],
            });
            reg.sites.push(Site {
                phase,
                establishments: vec![idx],
            });
        }
    }
}

/// Out of scope, still open (type, group, phase, per tenth): they advertise too, and
/// must be left out.
const OUT_OF_SCOPE: [(&str, &str, &str, u32); 9] = [
    (
        "Local authority nursery school",
        "Local authority maintained schools",
        "Nursery",
        40,
    ),
    (
        "Pupil referral unit",
        "Local authority maintained schools",
        "Not applicable",
        35,
    ),
    (
        "Other independent school",
        "Independent schools",
        "Not applicable",
        230,
    ),
    (
        "Other independent special school",
        "Independent schools",
        "Not applicable",
        60,
    ),
    (
        "Non-maintained special school",
        "Special schools",
        "Not applicable",
        7,
    ),
    ("Further education", "Colleges", "16 plus", 25),
    ("Academy 16-19 converter", "Academies", "16 plus", 3),
    (
        "Academy alternative provision converter",
        "Academies",
        "Not applicable",
        3,
    ),
    (
        "Higher education institutions",
        "Universities",
        "Not applicable",
        10,
    ),
];

fn out_of_scope(reg: &mut Register, draw: &mut Draw) {
    for (type_name, group, phase_name, per_tenth) in OUT_OF_SCOPE {
        for _ in 0..per_tenth * draw.scale {
            let r = &GIAS_REGIONS[pick(draw.rng, &draw.region_weights)];
            let place = PLACES[draw.rng.gen_range(0..PLACES.len())];
            reg.out_of_scope.push(reg.establishments.len());
            reg.establishments.push(Establishment {
                urn: draw.urns.next(draw.rng),
                name: format!(
                    "{place} {}",
                    if group == "Independent schools" {
                        "House School"
                    } else {
                        "Centre"
                    }
                ),
                type_name,
                group,
                phase_name,
                open: None,
                close: None,
                religion: "Does not apply",
                gor: r.0,
                la: r.2[draw.rng.gen_range(0..2)],
            });
        }
    }
}

/// Long closed establishments: GIAS keeps them, slm must not count them.
fn long_closed(reg: &mut Register, draw: &mut Draw) {
    for _ in 0..1570 * draw.scale {
        let r = &GIAS_REGIONS[pick(draw.rng, &draw.region_weights)];
        let phase = pick(draw.rng, &[(Phase::Primary, 8), (Phase::Secondary, 2)]);
        reg.establishments.push(Establishment {
            urn: draw.urns.next(draw.rng),
            name: school_name(draw.rng, phase, "Does not apply", false),
            type_name: "Community school",
            group: "Local authority maintained schools",
            phase_name: if phase == Phase::Primary {
                "Primary"
            } else {
                "Secondary"
            },
            open: None,
            close: Some(date(draw.rng.gen_range(1990..draw.first.max(1991)), 8, 31)),
            religion: "Does not apply",
            gor: r.0,
            la: r.2[draw.rng.gen_range(0..2)],
        });
    }
}

/// LAs synth never gives a school: those abolished since (each replaced by LAs of its
/// own region in the lookup), which a register made today would not give, and the two
/// with one or two schools in reality, which would look absurd with dozens.
const NOT_GIVEN: [&str; 7] = [
    "E10000021", // Northamptonshire, 2021
    "E10000006", // Cumbria, 2023
    "E10000009", // Dorset county, 2019
    "E06000028", // Bournemouth, 2019
    "E06000029", // Poole, 2019
    "E06000053", // Isles of Scilly
    "E09000001", // City of London
];

/// The LAs an English school of `region` may be given: today's pairs of the lookup (for
/// an old code with two new codes, the later one); at demo scale four of them, spread
/// through the list, so each has schools enough for some published rates.
fn local_authorities_of(region: Region, scale: u32) -> Vec<LocalAuthority> {
    let mut las: Vec<LocalAuthority> = LocalAuthority::all()
        .filter(|la| la.region() == region && !NOT_GIVEN.contains(&la.new_code()))
        .collect();
    // The lookup orders by region then name: an old code's two rows are neighbours.
    las.sort_by_key(|la| (la.old_code(), std::cmp::Reverse(la.new_code())));
    las.dedup_by_key(|la| la.old_code());
    las.sort();
    if scale == 1 {
        let n = las.len();
        las = (0..4).map(|k| las[k * n / 4]).collect();
    }
    las
}

/// Gives every English establishment a real LA of its region: one per site (a school
/// keeps its LA through conversions), chosen by a hash of the site's number, so the
/// random stream (and every other synthetic figure) is the same as with one LA a row.
/// Welsh establishments keep the Welsh LA drawn for them.
fn assign_local_authorities(reg: &mut Register, scale: u32) {
    let spread = |k: usize, n: usize| {
        ((k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 33) as usize % n
    };
    let mut site_of: Vec<Option<usize>> = vec![None; reg.establishments.len()];
    for (s, site) in reg.sites.iter().enumerate() {
        for &e in &site.establishments {
            site_of[e] = Some(s);
        }
    }
    let mut by_region: std::collections::HashMap<&str, Vec<LocalAuthority>> = Default::default();
    for (i, e) in reg.establishments.iter_mut().enumerate() {
        let Some(Location::EnglishRegion(code)) = Location::from_gias(e.gor) else {
            continue;
        };
        let las = by_region.entry(code).or_insert_with(|| {
            local_authorities_of(Region::from_code(code).expect("a region"), scale)
        });
        // Establishments outside a site (closed long ago, out of scope) by their own
        // number, apart from the sites' numbers.
        let key = site_of[i].unwrap_or(1_000_000 + i);
        let la = las[spread(key, las.len())];
        e.la = (
            la.old_code().parse().expect("a 3-digit code"),
            la.new_code(),
            la.name(),
        );
    }
}
