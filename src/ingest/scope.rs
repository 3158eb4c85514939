//! Which establishments are state-funded schools, and their phase (DESIGN.md, Inputs:
//! School register; School register of every vintage). Scope is decided from a closed
//! table of the `TypeOfEstablishment (name)` values GIAS uses, each in scope or out, and
//! the `EstablishmentTypeGroup (name)` values (with the spellings of older extracts). A
//! value in neither is never guessed: the register reader reports it with the `[scope]`
//! key that decides it.

use crate::config::ScopeRules;
use crate::domain::Phase;

/// `EstablishmentTypeGroup (name)` values, with the spelling of older extracts mapped
/// to today's ("LA maintained schools" in 2019).
const GROUPS: [(&str, &str); 13] = [
    (
        "Local authority maintained schools",
        "Local authority maintained schools",
    ),
    (
        "LA maintained schools",
        "Local authority maintained schools",
    ),
    ("Academies", "Academies"),
    ("Free Schools", "Free Schools"),
    ("Special schools", "Special schools"),
    ("Welsh schools", "Welsh schools"),
    ("Independent schools", "Independent schools"),
    ("Colleges", "Colleges"),
    ("Universities", "Universities"),
    ("Other types", "Other types"),
    ("Children's centres", "Children's centres"),
    ("Online provider", "Online provider"),
    ("Online providers", "Online provider"),
];

/// The groups whose schools are state-funded (DESIGN.md, Scope).
const STATE_FUNDED_GROUPS: [&str; 5] = [
    "Local authority maintained schools",
    "Academies",
    "Free Schools",
    "Special schools",
    "Welsh schools",
];

// The group GIAS files each type under, for a register without an
// `EstablishmentTypeGroup (name)` column (EduBase before 2017): GIAS's own pairs, as
// DfE's funding service matches them (City technology college under Independent
// schools; Studio schools and University technical college under Free Schools). Only
// the groups of types in scope decide anything; the others are out of scope whatever
// their group.
const LA: &str = "Local authority maintained schools";
const SPECIAL: &str = "Special schools";
const ACADEMIES: &str = "Academies";
const FREE: &str = "Free Schools";
const WELSH: &str = "Welsh schools";
const INDEPENDENT: &str = "Independent schools";
const COLLEGES: &str = "Colleges";
const UNIVERSITIES: &str = "Universities";
const CHILDRENS: &str = "Children's centres";
const ONLINE: &str = "Online provider";
const OTHER: &str = "Other types";

/// `TypeOfEstablishment (name)` values GIAS uses: whether a school of that type in a
/// state-funded group is in scope, and the group GIAS files the type under. The types
/// DESIGN.md leaves out (alternative provision, 16-19, pupil referral units, nursery
/// schools, non-maintained and independent special schools, special post-16) are
/// `false`.
const TYPES: [(&str, (bool, &str)); 43] = [
    ("Community school", (true, LA)),
    ("Voluntary aided school", (true, LA)),
    ("Voluntary controlled school", (true, LA)),
    ("Foundation school", (true, LA)),
    ("Community special school", (true, SPECIAL)),
    ("Foundation special school", (true, SPECIAL)),
    ("Academy converter", (true, ACADEMIES)),
    ("Academy sponsor led", (true, ACADEMIES)),
    ("Academy special converter", (true, ACADEMIES)),
    ("Academy special sponsor led", (true, ACADEMIES)),
    ("Free schools", (true, FREE)),
    ("Free schools special", (true, FREE)),
    ("Studio schools", (true, FREE)),
    ("University technical college", (true, FREE)),
    ("Welsh establishment", (true, WELSH)),
    ("City technology college", (true, INDEPENDENT)),
    ("Local authority nursery school", (false, LA)),
    ("Pupil referral unit", (false, LA)),
    ("Non-maintained special school", (false, SPECIAL)),
    ("Other independent special school", (false, INDEPENDENT)),
    ("Other independent school", (false, INDEPENDENT)),
    (
        "Academy alternative provision converter",
        (false, ACADEMIES),
    ),
    (
        "Academy alternative provision sponsor led",
        (false, ACADEMIES),
    ),
    ("Academy 16-19 converter", (false, ACADEMIES)),
    ("Academy 16 to 19 sponsor led", (false, ACADEMIES)),
    ("Academy secure 16 to 19", (false, ACADEMIES)),
    ("Free schools alternative provision", (false, FREE)),
    ("Free schools 16 to 19", (false, FREE)),
    ("Special post 16 institution", (false, OTHER)),
    ("Further education", (false, COLLEGES)),
    ("Sixth form centres", (false, COLLEGES)),
    ("Higher education institutions", (false, UNIVERSITIES)),
    ("Secure units", (false, OTHER)),
    ("Offshore schools", (false, OTHER)),
    ("Service children's education", (false, OTHER)),
    ("Miscellaneous", (false, OTHER)),
    ("British schools overseas", (false, OTHER)),
    (
        "Institution funded by other government department",
        (false, OTHER),
    ),
    ("Online provider", (false, ONLINE)),
    ("Children's centre", (false, CHILDRENS)),
    ("Children's centre linked site", (false, CHILDRENS)),
    (
        "Independent schools approved for SEN pupils",
        (false, INDEPENDENT),
    ),
    ("EY setting", (false, OTHER)),
];

/// `PhaseOfEducation (name)` values, and the phase each gives a school in scope (after
/// special types). `All through` is the 2019 spelling of `All-through`.
const PHASES: [(&str, Option<Phase>); 10] = [
    ("Primary", Some(Phase::Primary)),
    ("Middle deemed primary", Some(Phase::Primary)),
    ("Secondary", Some(Phase::Secondary)),
    ("Middle deemed secondary", Some(Phase::Secondary)),
    ("All-through", Some(Phase::Secondary)),
    ("All through", Some(Phase::Secondary)),
    ("16 plus", Some(Phase::Secondary)),
    ("Nursery", None),
    ("Not applicable", None),
    ("", None),
];

/// Type names GIAS and EduBase have spelt differently from today beyond case, hyphens,
/// spaces and "&" (which `spelling` already sets aside): the old spelling, today's, and
/// the vintage it comes from.
const RENAMED_TYPES: [(&str, &str, &str); 1] = [(
    "Free Schools - 16-19",
    "Free schools 16 to 19",
    "EduBase extract, April 2015",
)];

/// A value as compared: lower case, "&" as "and", hyphens as spaces, runs of spaces as
/// one. GIAS has changed case ("Free Schools Special", "Children's Centres"), hyphens
/// ("All Through") and spacing over the years without changing what a value means.
fn spelling(value: &str) -> String {
    value
        .to_lowercase()
        .replace('&', " and ")
        .replace(['-', '\u{2013}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The entry of `table` whose key is spelt as `value`, with `renamed` (old, today's)
/// spellings tried after the table's own.
fn lookup<T: Copy>(
    table: &[(&'static str, T)],
    value: &str,
    renamed: &[(&str, &str, &str)],
) -> Option<T> {
    // Today's spelling, as almost every row has it, without building a string.
    if let Some((_, t)) = table.iter().find(|(k, _)| *k == value) {
        return Some(*t);
    }
    let wanted = spelling(value);
    let find = |v: &str| {
        table
            .iter()
            .find(|(k, _)| spelling(k) == v)
            .map(|(_, t)| *t)
    };
    find(&wanted).or_else(|| {
        renamed
            .iter()
            .find(|(old, _, _)| spelling(old) == wanted)
            .and_then(|(_, today, _)| find(&spelling(today)))
    })
}

/// A register value slm does not know: which column, so the reader can name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    Group,
    Type,
    Phase,
}

/// The phase of a state-funded school, `None` for an establishment out of scope, or the
/// column whose value slm does not know.
/// `group` is `None` for a register without the group column: the type's own group
/// is used.
pub fn scope_phase(
    type_name: &str,
    group: Option<&str>,
    phase_of_education: &str,
    rules: &ScopeRules,
) -> Result<Option<Phase>, Unknown> {
    let type_name = type_name.trim();
    let decided = |types: &[String]| types.iter().any(|t| spelling(t) == spelling(type_name));
    let in_scope = if decided(&rules.include_types) {
        true
    } else if decided(&rules.exclude_types) {
        false
    } else {
        let group = match group {
            Some(group) => Some(lookup(&GROUPS, group.trim(), &[]).ok_or(Unknown::Group)?),
            None => None,
        };
        let (listed, own_group) = lookup(&TYPES, type_name, &RENAMED_TYPES).ok_or(Unknown::Type)?;
        listed && STATE_FUNDED_GROUPS.contains(&group.unwrap_or(own_group))
    };
    if !in_scope {
        return Ok(None);
    }
    if type_name.to_ascii_lowercase().contains("special") {
        return Ok(Some(Phase::Special));
    }
    lookup(&PHASES, phase_of_education, &[]).ok_or(Unknown::Phase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(t: &str, g: &str, p: &str) -> Result<Option<Phase>, Unknown> {
        scope_phase(t, Some(g), p, &ScopeRules::default())
    }

    #[test]
    fn scope_and_phase_follow_design() {
        let la = "Local authority maintained schools";
        assert_eq!(
            decide("Community school", la, "Primary"),
            Ok(Some(Phase::Primary))
        );
        assert_eq!(
            decide(
                "Community special school",
                "Special schools",
                "Not applicable"
            ),
            Ok(Some(Phase::Special))
        );
        assert_eq!(
            decide("Academy special converter", "Academies", "Secondary"),
            Ok(Some(Phase::Special))
        );
        assert_eq!(
            decide("Academy converter", "Academies", "All-through"),
            Ok(Some(Phase::Secondary))
        );
        assert_eq!(
            decide("Local authority nursery school", la, "Nursery"),
            Ok(None)
        );
        assert_eq!(
            decide("Pupil referral unit", la, "Not applicable"),
            Ok(None)
        );
        assert_eq!(
            decide("Other independent school", "Independent schools", "Primary"),
            Ok(None)
        );
        assert_eq!(
            decide(
                "Non-maintained special school",
                "Special schools",
                "Not applicable"
            ),
            Ok(None)
        );
        assert_eq!(decide("Community school", la, "Nursery"), Ok(None));
    }

    /// Regression (issue 16): a 2019 extract spells the group "LA maintained schools" and
    /// the phase "All through"; both were silently out of scope.
    #[test]
    fn the_2019_spellings_are_the_same_schools() {
        assert_eq!(
            decide("Voluntary aided school", "LA maintained schools", "Primary"),
            Ok(Some(Phase::Primary))
        );
        assert_eq!(
            decide("Foundation school", "LA maintained schools", "All through"),
            Ok(Some(Phase::Secondary))
        );
    }

    /// Issue 30: a GIAS search download of 2021 spells the group "Children's Centres";
    /// an EduBase extract of April 2015 spells types and phases in title case, and
    /// "Free Schools - 16-19" for today's "Free schools 16 to 19".
    #[test]
    fn older_spellings_are_the_same_values() {
        assert_eq!(
            decide("Children's centre", "Children's Centres", "Not applicable"),
            Ok(None)
        );
        let free = "Free Schools";
        assert_eq!(
            decide("Free Schools", free, "Primary"),
            Ok(Some(Phase::Primary))
        );
        assert_eq!(
            decide("Free Schools Special", free, "Not applicable"),
            Ok(Some(Phase::Special))
        );
        assert_eq!(
            decide("Studio Schools", free, "16 Plus"),
            Ok(Some(Phase::Secondary))
        );
        assert_eq!(
            decide("University Technical College", free, "All Through"),
            Ok(Some(Phase::Secondary))
        );
        assert_eq!(
            decide("Free Schools - Alternative Provision", free, "Secondary"),
            Ok(None)
        );
        assert_eq!(decide("Free Schools - 16-19", free, "16 Plus"), Ok(None));
        // Case and hyphens only: a different word is still unknown.
        assert_eq!(
            decide("Free Schools - 14-19", free, "Secondary"),
            Err(Unknown::Type)
        );
        // The config's types are compared the same way.
        let rules = ScopeRules {
            include_types: vec!["academy VIRTUAL school".into()],
            exclude_types: vec![],
        };
        assert_eq!(
            scope_phase(
                "Academy virtual school",
                Some("Academies"),
                "Primary",
                &rules
            ),
            Ok(Some(Phase::Primary))
        );
    }

    /// Issue 30: an EduBase extract of 2015 has no group column; each type takes the
    /// group GIAS files it under, so scope is what the group column would have said.
    #[test]
    fn without_the_group_column_the_type_gives_the_group() {
        let no_group = |t: &str, p: &str| scope_phase(t, None, p, &ScopeRules::default());
        assert_eq!(
            no_group("Free Schools", "Primary"),
            Ok(Some(Phase::Primary))
        );
        assert_eq!(
            no_group("Community special school", "Not applicable"),
            Ok(Some(Phase::Special))
        );
        assert_eq!(
            no_group("Academy Sponsor Led", "Secondary"),
            Ok(Some(Phase::Secondary))
        );
        assert_eq!(
            no_group("Welsh Establishment", "Primary"),
            Ok(Some(Phase::Primary))
        );
        // Independent schools in GIAS, so out of scope as with the column.
        assert_eq!(no_group("City Technology College", "Secondary"), Ok(None));
        assert_eq!(
            decide(
                "City technology college",
                "Independent schools",
                "Secondary"
            ),
            Ok(None)
        );
        assert_eq!(no_group("Pupil Referral Unit", "Not applicable"), Ok(None));
        assert_eq!(no_group("Free Schools - 16-19", "16 Plus"), Ok(None));
        // A type slm does not know is still unknown, never guessed from its words.
        assert_eq!(
            no_group("Academy virtual school", "Primary"),
            Err(Unknown::Type)
        );
        // Every type's group is a group slm knows.
        for (name, (_, group)) in TYPES {
            assert!(lookup(&GROUPS, group, &[]).is_some(), "{name}: {group}");
        }
    }

    #[test]
    fn an_unknown_value_is_never_guessed_and_the_config_decides_it() {
        let la = "Local authority maintained schools";
        assert_eq!(
            decide("Academy virtual school", "Academies", "Primary"),
            Err(Unknown::Type)
        );
        assert_eq!(
            decide("Community school", "Maintained", "Primary"),
            Err(Unknown::Group)
        );
        assert_eq!(
            decide("Community school", la, "Infant"),
            Err(Unknown::Phase)
        );
        let rules = ScopeRules {
            include_types: vec!["Academy virtual school".into()],
            exclude_types: vec!["Community school".into()],
        };
        assert_eq!(
            scope_phase(
                "Academy virtual school",
                Some("Academies"),
                "Primary",
                &rules
            ),
            Ok(Some(Phase::Primary))
        );
        assert_eq!(
            scope_phase("Community school", Some(la), "Primary", &rules),
            Ok(None)
        );
    }
}
