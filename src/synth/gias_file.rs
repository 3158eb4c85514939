//! The register written as GIAS publishes it: every column of a real extract
//! (`assets/gias-columns.txt`), Windows-1252, CRLF, sorted by URN; what slm reads
//! comes from the establishment, the rest is invented.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::names::*;
use super::register::{Establishment, Register};
use chrono::{Datelike, NaiveDate};

pub const GIAS_COLUMNS: &str = include_str!("../../assets/gias-columns.txt");

/// One register row in the GIAS column order, unused columns filled plausibly.
/// A register column known from the establishment itself; `None` for the columns synth
/// invents (`invented`).
fn establishment_field(e: &Establishment, c: &str) -> Option<String> {
    let open_now = e.close.is_none();
    let value: String = match c {
        "URN" => e.urn.to_string(),
        "LA (code)" => e.la.0.to_string(),
        "LA (name)" => e.la.2.to_string(),
        "GSSLACode (name)" => e.la.1.to_string(),
        "EstablishmentName" => e.name.clone(),
        "TypeOfEstablishment (name)" => e.type_name.into(),
        "EstablishmentTypeGroup (name)" => e.group.into(),
        "EstablishmentStatus (name)" => if open_now { "Open" } else { "Closed" }.into(),
        "EstablishmentStatus (code)" => if open_now { "1" } else { "2" }.into(),
        "OpenDate" => gias_date(e.open),
        "CloseDate" => gias_date(e.close),
        "ReasonEstablishmentOpened (name)" => if e.open.is_some() {
            "Academy Converter"
        } else {
            "Not applicable"
        }
        .into(),
        "ReasonEstablishmentClosed (name)" => if open_now {
            "Not applicable"
        } else {
            "Academy Converter"
        }
        .into(),
        "PhaseOfEducation (name)" => e.phase_name.into(),
        "StatutoryLowAge" => "4".into(),
        "StatutoryHighAge" => "11".into(),
        "Gender (name)" => "Mixed".into(),
        "ReligiousCharacter (name)" => e.religion.into(),
        "ReligiousEthos (name)" => e.religion.into(),
        "Diocese (name)" => if e.religion == "Roman Catholic" {
            "Archdiocese of Westminster"
        } else {
            "Not applicable"
        }
        .into(),
        "AdmissionsPolicy (name)" => "Not applicable".into(),
        "CensusDate" => "18-01-2024".into(),
        "County (name)" => "Not recorded".into(),
        "HeadPreferredJobTitle" => "Headteacher".into(),
        "GOR (name)" => e.gor.into(),
        "GOR (code)" => "A".into(),
        "UrbanRural (name)" => "(England/Wales) Urban city and town".into(),
        "Country (name)" => if e.gor.starts_with("Wales") {
            "Wales"
        } else {
            "England"
        }
        .into(),
        "LastChangedDate" => "01-05-2024".into(),
        _ => return None,
    };
    Some(value)
}

/// A register column synth invents: plausible details drawn from `rng` (the school's
/// size, address and head) and the codes and names slm never reads.
fn invented(c: &str, rng: &mut ChaCha8Rng, pupils: i32, (street, place): (&str, &str)) -> String {
    match c {
        "EstablishmentNumber" => rng.gen_range(1000..7999).to_string(),
        "SchoolCapacity" => (pupils + 30).to_string(),
        "NumberOfPupils" => pupils.to_string(),
        "NumberOfBoys" => (pupils / 2).to_string(),
        "NumberOfGirls" => (pupils - pupils / 2).to_string(),
        "PercentageFSM" => format!("{}.{}", rng.gen_range(2..45), rng.gen_range(0..10)),
        "Street" => format!("{}, {street}", rng.gen_range(1..120)),
        "Locality" => {
            if rng.gen_bool(0.3) {
                format!("{place}, Upper {place}")
            } else {
                String::new()
            }
        }
        "Town" => place.into(),
        "Postcode" => format!("AB{} {}CD", rng.gen_range(1..30), rng.gen_range(1..9)),
        "SchoolWebsite" => format!(
            "www.{}.sch.uk",
            place.to_lowercase().replace([' ', '\''], "")
        ),
        "TelephoneNum" => format!("01{}", rng.gen_range(100_000_000..999_999_999u32)),
        "HeadTitle (name)" => TITLES[rng.gen_range(0..TITLES.len())].into(),
        "HeadFirstName" => FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())].into(),
        "HeadLastName" => LAST_NAMES[rng.gen_range(0..LAST_NAMES.len())].into(),
        "Easting" => rng.gen_range(200_000..650_000).to_string(),
        "Northing" => rng.gen_range(50_000..650_000).to_string(),
        "OfstedRating (name)" => {
            ["Good", "Outstanding", "Requires improvement", ""][rng.gen_range(0..4)].into()
        }
        "UKPRN" => rng.gen_range(10_000_000..10_099_999).to_string(),
        c if c.ends_with("(code)") => rng.gen_range(0..30).to_string(),
        c if c.starts_with("SEN") && c.ends_with("(name)") => String::new(),
        c if c.ends_with("(name)") => "Not applicable".into(),
        _ => String::new(),
    }
}

fn row(e: &Establishment, columns: &[&str], rng: &mut ChaCha8Rng) -> Vec<String> {
    let pupils = rng.gen_range(40..1600);
    let street = STREETS[rng.gen_range(0..STREETS.len())];
    let place = PLACES[rng.gen_range(0..PLACES.len())];
    columns
        .iter()
        .map(|&c| {
            establishment_field(e, c).unwrap_or_else(|| invented(c, rng, pupils, (street, place)))
        })
        .collect()
}

/// The register as GIAS publishes it: Windows-1252, CRLF, sorted by URN.
pub fn to_bytes(reg: &Register, rng: &mut ChaCha8Rng) -> (Vec<u8>, usize) {
    let columns: Vec<&str> = GIAS_COLUMNS.lines().filter(|l| !l.is_empty()).collect();
    let mut order: Vec<&Establishment> = reg.establishments.iter().collect();
    order.sort_by_key(|e| e.urn);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(&columns).expect("memory");
    for e in &order {
        w.write_record(row(e, &columns, rng)).expect("memory");
    }
    let text = String::from_utf8(w.into_inner().expect("memory")).expect("utf-8");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(
        !unmappable,
        "synthetic names must be representable in Windows-1252"
    );
    (bytes.into_owned(), order.len())
}

/// A date as GIAS writes it (`DD-MM-YYYY`), empty when there is none.
pub(super) fn gias_date(d: Option<NaiveDate>) -> String {
    d.map(|d| format!("{:02}-{:02}-{}", d.day(), d.month(), d.year()))
        .unwrap_or_default()
}
