//! Synthetic survey returns (DESIGN.md, Inputs: Survey returns) from the same truth as
//! the adverts. A post is truly unfilled after its first advert when the school
//! re-advertised it, except for some re-advertisements of posts already filled (8%), plus
//! some unfilled posts never re-advertised (filled by word of mouth, or withdrawn), as many
//! as keep the true share at the calibrated target. Schools that failed to appoint answer
//! less often (60% of the rate of those that did), and response differs by phase, so the
//! weighted and unweighted rates differ visibly; response is about 30 to 50 per cent.
//! A few answers come from schools with no advert for that post, schools not in the
//! register, and out-of-scope establishments, as real returns do.

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::adverts::{target_per_mille, Round};
use super::register::Register;
use crate::domain::{Phase, RecruitmentYear};

/// Re-advertised posts that had in fact been filled (re-advertised for another reason).
const FILLED_BUT_READVERTISED: f64 = 0.08;
/// How much less often a school that failed to appoint answers.
const UNFILLED_RESPONSE_FACTOR: f64 = 0.6;

fn response_rate(phase: Phase) -> f64 {
    match phase {
        Phase::Primary => 0.50,
        Phase::Secondary => 0.42,
        Phase::Special => 0.55,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Response {
    pub year: i32,
    pub school_urn: u32,
    pub role: &'static str,
    pub appointed: bool,
    pub advert_count: Option<u32>,
}

/// The answers given so far: (URN, role, year), one answer each.
type Answered = std::collections::BTreeSet<(u32, &'static str, i32)>;

/// The answer of the school behind round `r`, if it answers: truly unfilled or not (a
/// re-advertisement mostly means unfilled), and schools that failed to appoint answer
/// less often.
fn answer(
    rng: &mut ChaCha8Rng,
    reg: &Register,
    r: &Round,
    answered: &mut Answered,
) -> Option<Response> {
    let target = f64::from(target_per_mille(r.year, r.phase, r.role)) / 1000.0;
    // Unfilled posts never re-advertised balance the filled re-advertised ones:
    // target x 8% = (1 - target) x this share.
    let hidden_unfilled = target * FILLED_BUT_READVERTISED / (1.0 - target);
    let unfilled = if r.readvertised {
        !rng.gen_bool(FILLED_BUT_READVERTISED)
    } else {
        rng.gen_bool(hidden_unfilled)
    };
    let p = response_rate(r.phase)
        * if unfilled {
            UNFILLED_RESPONSE_FACTOR
        } else {
            1.0
        };
    if !rng.gen_bool(p) {
        return None;
    }
    // The school answers under the URN it has at the end of the year (a converted
    // academy answers for the post its predecessor advertised).
    let end = NaiveDate::from_ymd_opt(r.year + 1, 8, 31).expect("a date");
    let urn = reg
        .open_at(&reg.sites[r.site], end)
        .map_or(r.urn, |e| e.urn);
    if !answered.insert((urn, r.role, r.year)) {
        return None;
    }
    let advert_count = (rng.gen_range(0..5) != 0).then(|| {
        if r.readvertised {
            rng.gen_range(2..=3)
        } else {
            1
        }
    });
    Some(Response {
        year: r.year,
        school_urn: urn,
        role: r.role,
        appointed: !unfilled,
        advert_count,
    })
}

/// Answers no round matches: posts filled without a public advert, schools too new
/// for the register, and establishments out of scope.
fn unmatched(
    rng: &mut ChaCha8Rng,
    reg: &Register,
    years: &std::collections::BTreeSet<i32>,
    answered: &mut Answered,
    out: &mut Vec<Response>,
) {
    for &year in years {
        for _ in 0..3 {
            let site = &reg.sites[rng.gen_range(0..reg.sites.len())];
            let day = NaiveDate::from_ymd_opt(year + 1, 8, 31).expect("a date");
            if let Some(e) = reg.open_at(site, day) {
                if answered.insert((e.urn, "deputy", year)) {
                    out.push(Response {
                        year,
                        school_urn: e.urn,
                        role: "deputy",
                        appointed: true,
                        advert_count: None,
                    });
                }
            }
        }
        out.push(Response {
            year,
            school_urn: 980_000 + (year as u32 % 100),
            role: "head",
            appointed: rng.gen_bool(0.7),
            advert_count: Some(1),
        });
        if let Some(&i) = reg
            .out_of_scope
            .get(rng.gen_range(0..reg.out_of_scope.len().max(1)))
        {
            let urn = reg.establishments[i].urn;
            if answered.insert((urn, "head", year)) {
                out.push(Response {
                    year,
                    school_urn: urn,
                    role: "head",
                    appointed: true,
                    advert_count: Some(1),
                });
            }
        }
    }
}

/// The survey's answers, sorted by year, school and role.
pub fn generate(rng: &mut ChaCha8Rng, reg: &Register, rounds: &[Round]) -> Vec<Response> {
    let mut answered = Answered::new();
    let mut out: Vec<Response> = rounds
        .iter()
        .filter_map(|r| answer(rng, reg, r, &mut answered))
        .collect();
    let years: std::collections::BTreeSet<i32> = rounds.iter().map(|r| r.year).collect();
    unmatched(rng, reg, &years, &mut answered, &mut out);
    out.sort();
    out
}

/// The survey file: `response_id, school_urn, role, recruitment_year,
/// appointed_after_first_advert, advert_count`.
pub fn to_bytes(responses: &[Response]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record([
        "response_id",
        "school_urn",
        "role",
        "recruitment_year",
        "appointed_after_first_advert",
        "advert_count",
    ])
    .expect("memory");
    for (i, r) in responses.iter().enumerate() {
        w.write_record([
            format!("SRV{:07}", i + 1),
            r.school_urn.to_string(),
            r.role.to_string(),
            RecruitmentYear(r.year).label(),
            if r.appointed { "yes" } else { "no" }.to_string(),
            r.advert_count.map_or(String::new(), |n| n.to_string()),
        ])
        .expect("memory");
    }
    w.into_inner().expect("memory")
}
