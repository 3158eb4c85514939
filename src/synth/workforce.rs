//! A synthetic leadership workforce panel: the leaders of every open in-scope school at
//! each November census. Each school has a head and a fixed number of deputy and
//! assistant posts. Year to year, most leaders stay; leavers retire or leave, move to
//! the same role elsewhere, step down, or seek promotion; vacancies are filled by
//! promotion from within or from other schools, by movers, or by people new to
//! leadership. Calibrated so that about 9 in 10 primary heads are still in post a year
//! on and about 7 in 10 new primary heads five years on, lower for secondary. Shares no
//! code with `measures::retention`, so the demo tests it.

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::register::Register;
use crate::domain::Phase;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PanelRow {
    pub census_year: i32,
    pub school_urn: u32,
    /// 0 head, 1 deputy, 2 assistant.
    pub rank: u8,
    pub person_id: String,
}

pub const ROLES: [&str; 3] = ["head", "deputy", "assistant"];

struct Slot {
    site: usize,
    rank: u8,
    person: Option<u32>,
}

/// Per-mille chance that a leader stays in the same post for a year.
fn stay_per_mille(phase: Phase, rank: u8, year: i32) -> u32 {
    let base = match (phase, rank) {
        (Phase::Primary, 0) => 940,
        (Phase::Secondary, 0) => 910,
        (Phase::Special, 0) => 925,
        (_, 1) => 880,
        _ => 870,
    };
    // Fewer moves in the first pandemic year; more in the years after it.
    match year {
        2020 => base + 25,
        2021..=2023 => base - 10,
        _ => base,
    }
}

/// Posts of each role at a new school: (deputies, assistants).
fn posts(rng: &mut ChaCha8Rng, phase: Phase) -> (u8, u8) {
    match phase {
        Phase::Primary => (
            u8::from(rng.gen_range(0..100) < 70),
            [0, 0, 0, 0, 0, 0, 0, 1, 1, 2][rng.gen_range(0..10)]
                + u8::from(rng.gen_range(0..100) < 25),
        ),
        Phase::Secondary => (rng.gen_range(1..=3), rng.gen_range(3..=5)),
        Phase::Special => (1, rng.gen_range(0..=2)),
    }
}

/// An opaque id for person number `n`: a bijective mix of the number, so ids look
/// random but never collide.
fn person_id(n: u32, salt: u32) -> String {
    let mut x = n ^ salt;
    x ^= x >> 16;
    x = x.wrapping_mul(0x7feb_352d);
    x ^= x >> 15;
    x = x.wrapping_mul(0x846c_a68b);
    x ^= x >> 16;
    format!("L{x:08X}")
}

/// Takes a random element out of `pool`.
fn take(rng: &mut ChaCha8Rng, pool: &mut Vec<u32>) -> Option<u32> {
    (!pool.is_empty()).then(|| pool.swap_remove(rng.gen_range(0..pool.len())))
}

/// Posts of every site: the natural numbers, or, with `size`, deputies and assistants
/// scaled (rounded at random) so that all posts together come to about `size`.
fn site_posts(rng: &mut ChaCha8Rng, reg: &Register, size: Option<u32>) -> Vec<(u16, u16)> {
    let natural: Vec<(u8, u8)> = reg
        .sites
        .iter()
        .map(|site| posts(rng, site.phase))
        .collect();
    let Some(size) = size else {
        return natural.iter().map(|&(d, a)| (d.into(), a.into())).collect();
    };
    let heads = natural.len() as f64;
    let others: f64 = natural
        .iter()
        .map(|&(d, a)| f64::from(d) + f64::from(a))
        .sum();
    let factor = ((f64::from(size) - heads) / others.max(1.0)).max(0.0);
    let scaled = |n: u8, rng: &mut ChaCha8Rng| {
        let x = f64::from(n) * factor;
        (x.floor() + f64::from(u8::from(rng.gen::<f64>() < x.fract()))) as u16
    };
    natural
        .iter()
        .map(|&(d, a)| (scaled(d, rng), scaled(a, rng)))
        .collect()
}

/// Each site's posts, head first: `slots`, with `at_site[s]` the range of site `s`'s
/// (a site's posts are contiguous).
fn slots_of(
    rng: &mut ChaCha8Rng,
    reg: &Register,
    size: Option<u32>,
) -> (Vec<Slot>, Vec<std::ops::Range<usize>>) {
    let mut slots = Vec::new();
    let mut at_site = Vec::with_capacity(reg.sites.len());
    for (s, (deputies, assistants)) in site_posts(rng, reg, size).into_iter().enumerate() {
        let start = slots.len();
        let ranks = std::iter::once(0)
            .chain(std::iter::repeat_n(1, deputies.into()))
            .chain(std::iter::repeat_n(2, assistants.into()));
        slots.extend(ranks.map(|rank| Slot {
            site: s,
            rank,
            person: None,
        }));
        at_site.push(start..slots.len());
    }
    (slots, at_site)
}

/// People who left their post this year, by rank: those seeking the role above, and
/// those seeking the same role elsewhere (or one a step down).
type Pools = [[Vec<u32>; 3]; 2];

/// Leavers: each post's holder stays, or leaves to seek the role above, the same role
/// elsewhere, or a step down (or retires). A closed school's holders all leave.
fn leavers(
    rng: &mut ChaCha8Rng,
    reg: &Register,
    slots: &mut [Slot],
    urn_now: &[Option<u32>],
    year: i32,
) -> Pools {
    let mut seeking = [Vec::new(), Vec::new(), Vec::new()];
    let mut lateral = [Vec::new(), Vec::new(), Vec::new()];
    for slot in slots.iter_mut() {
        let Some(p) = slot.person else { continue };
        let phase = reg.sites[slot.site].phase;
        let closed = urn_now[slot.site].is_none();
        if !closed && rng.gen_range(0..1000) < stay_per_mille(phase, slot.rank, year) {
            continue;
        }
        slot.person = None;
        let r = usize::from(slot.rank);
        match rng.gen_range(0..100) {
            0..=29 if closed || slot.rank == 0 => lateral[r].push(p),
            0..=44 if slot.rank > 0 => seeking[r - 1].push(p),
            45..=64 if slot.rank > 0 => lateral[r].push(p),
            95..=99 if slot.rank < 2 => lateral[r + 1].push(p),
            _ => {} // retired or left leadership
        }
    }
    [seeking, lateral]
}

/// Fills the vacancies of open schools, heads first: a promotion from within opens a
/// post below; else someone seeking the role, someone moving, or someone new.
fn fill(
    rng: &mut ChaCha8Rng,
    (slots, at_site): (&mut [Slot], &[std::ops::Range<usize>]),
    urn_now: &[Option<u32>],
    [mut seeking, mut lateral]: Pools,
    new_person: &mut dyn FnMut() -> u32,
) {
    for rank in 0..3u8 {
        let r = usize::from(rank);
        for i in 0..slots.len() {
            if slots[i].rank != rank
                || slots[i].person.is_some()
                || urn_now[slots[i].site].is_none()
            {
                continue;
            }
            let site = slots[i].site;
            let draw = rng.gen_range(0..100);
            let internal = (rank < 2 && draw < 25)
                .then(|| {
                    at_site[site]
                        .clone()
                        .find(|&j| slots[j].rank == rank + 1 && slots[j].person.is_some())
                })
                .flatten();
            let person = if let Some(j) = internal {
                slots[j].person.take()
            } else if draw < 60 && rank < 2 {
                take(rng, &mut seeking[r])
            } else if draw < 80 {
                take(rng, &mut lateral[r])
            } else {
                None
            };
            slots[i].person = Some(person.unwrap_or_else(&mut *new_person));
        }
    }
}

/// The panel for censuses `first..=last` (November of each year); with `size`, about
/// that many posts a year (`--workforce-size`).
pub fn generate(
    rng: &mut ChaCha8Rng,
    reg: &Register,
    first: i32,
    last: i32,
    size: Option<u32>,
) -> Vec<PanelRow> {
    let salt: u32 = rng.gen();
    let (mut slots, at_site) = slots_of(rng, reg, size);
    let mut next_person = 0u32;
    let mut new_person = || {
        next_person += 1;
        next_person
    };
    let mut rows = Vec::new();
    for year in first..=last {
        let census = NaiveDate::from_ymd_opt(year, 11, 1).expect("date");
        let urn_now: Vec<Option<u32>> = reg
            .sites
            .iter()
            .map(|site| reg.open_at(site, census).map(|e| e.urn))
            .collect();
        let pools = leavers(rng, reg, &mut slots, &urn_now, year);
        fill(
            rng,
            (&mut slots, &at_site),
            &urn_now,
            pools,
            &mut new_person,
        );
        for slot in &slots {
            if let (Some(p), Some(urn)) = (slot.person, urn_now[slot.site]) {
                rows.push(PanelRow {
                    census_year: year,
                    school_urn: urn,
                    rank: slot.rank,
                    person_id: person_id(p, salt),
                });
            }
        }
    }
    rows.sort();
    rows
}
