//! Dates as the inputs write them (`YYYY-MM-DD` in adverts, `DD-MM-YYYY` in GIAS) and
//! the recruitment-year calendar (DESIGN.md, Definitions). Days are counted from
//! 1970-01-01, the representation of a polars `Date`.

use chrono::{Datelike, NaiveDate};

use crate::domain::RecruitmentYear;

/// Days since 1970-01-01.
pub type DayNumber = i32;

const UNIX_EPOCH_FROM_CE: i32 = 719_163;

pub fn day_number(date: NaiveDate) -> DayNumber {
    date.num_days_from_ce() - UNIX_EPOCH_FROM_CE
}

pub fn date_of(day: DayNumber) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day + UNIX_EPOCH_FROM_CE).expect("day number in range")
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Strict `YYYY-MM-DD`: ten characters, a real calendar date.
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&text[0..4])?;
    NaiveDate::from_ymd_opt(year as i32, digits(&text[5..7])?, digits(&text[8..10])?)
}

/// Strict GIAS `DD-MM-YYYY`.
pub fn parse_gias_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[2] != b'-' || b[5] != b'-' {
        return None;
    }
    let year = digits(&text[6..10])?;
    NaiveDate::from_ymd_opt(year as i32, digits(&text[3..5])?, digits(&text[0..2])?)
}

/// The day a recruitment year starts (`year_start` in config, `09-01` by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearStart {
    pub month: u32,
    pub day: u32,
}

impl Default for YearStart {
    fn default() -> Self {
        YearStart { month: 9, day: 1 }
    }
}

impl YearStart {
    /// Parses `MM-DD`; 29 February is refused because it does not exist every year.
    pub fn parse(text: &str) -> Option<Self> {
        let (m, d) = text.split_once('-')?;
        if m.len() != 2 || d.len() != 2 {
            return None;
        }
        let (month, day) = (digits(m)?, digits(d)?);
        // 2001 is not a leap year, so this also refuses 02-29.
        NaiveDate::from_ymd_opt(2001, month, day)?;
        Some(YearStart { month, day })
    }

    pub fn year_of(self, date: NaiveDate) -> RecruitmentYear {
        let before_start = (date.month(), date.day()) < (self.month, self.day);
        RecruitmentYear(date.year() - i32::from(before_start))
    }

    /// The first day in words: `1 September`.
    pub fn first_day_words(self) -> String {
        NaiveDate::from_ymd_opt(2001, self.month, self.day)
            .expect("validated year start")
            .format("%-d %B")
            .to_string()
    }

    /// The last day of the year in words: `31 August` (the day before the first).
    pub fn last_day_words(self) -> String {
        (NaiveDate::from_ymd_opt(2001, self.month, self.day).expect("validated year start")
            - chrono::Duration::days(1))
        .format("%-d %B")
        .to_string()
    }

    pub fn first_day(self, year: RecruitmentYear) -> NaiveDate {
        NaiveDate::from_ymd_opt(year.0, self.month, self.day).expect("validated year start")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_dates() {
        assert_eq!(
            parse_iso_date("2011-02-28"),
            NaiveDate::from_ymd_opt(2011, 2, 28)
        );
        assert_eq!(parse_iso_date("2011-02-30"), None);
        assert_eq!(parse_iso_date("2011-2-3"), None);
        assert_eq!(parse_iso_date("01-09-2010"), None);
        assert_eq!(parse_iso_date("2011-+2-01"), None);
        assert_eq!(
            parse_gias_date("01-09-2010"),
            NaiveDate::from_ymd_opt(2010, 9, 1)
        );
        assert_eq!(parse_gias_date("2010-09-01"), None);
    }

    #[test]
    fn day_numbers_match_polars_dates() {
        assert_eq!(day_number(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()), 0);
        assert_eq!(day_number(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()), 1);
        let d = NaiveDate::from_ymd_opt(2012, 2, 29).unwrap();
        assert_eq!(date_of(day_number(d)), d);
    }

    #[test]
    fn recruitment_year_turns_on_1_september() {
        let start = YearStart::default();
        let y = |s| start.year_of(parse_iso_date(s).unwrap()).0;
        assert_eq!(y("2010-08-31"), 2009);
        assert_eq!(y("2010-09-01"), 2010);
        assert_eq!(y("2011-08-31"), 2010);
        assert_eq!(YearStart::parse("02-29"), None);
        assert_eq!(
            YearStart::parse("04-01"),
            Some(YearStart { month: 4, day: 1 })
        );
    }
}
