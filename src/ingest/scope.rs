//! Which establishments are state-funded schools, and their phase (DESIGN.md, Inputs:
//! School register; School register of every vintage). Scope is decided from a closed
//! table of the `TypeOfEstablishment (name)` values GIAS uses, each in scope or out, and
//! the `EstablishmentTypeGroup (name)` values (with the spellings of older extracts). A
//! value in neither is never guessed: the register reader reports it with the `[scope]`
//! key that decides it.

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

/// `TypeOfEstablishment (name)` values GIAS uses, and whether a school of that type in
/// a state-funded group is in scope. The types DESIGN.md leaves out (alternative
/// provision, 16-19, pupil referral units, nursery schools, non-maintained and
/// independent special schools, special post-16) are `false`.
const TYPES: [(&str, bool); 43] = [
    ("Community school", true),
    ("Voluntary aided school", true),
    ("Voluntary controlled school", true),
    ("Foundation school", true),
    ("Community special school", true),
    ("Foundation special school", true),
    ("Academy converter", true),
    ("Academy sponsor led", true),
    ("Academy special converter", true),
    ("Academy special sponsor led", true),
    ("Free schools", true),
    ("Free schools special", true),
    ("Studio schools", true),
    ("University technical college", true),
    ("Welsh establishment", true),
    ("City technology college", true),
    ("Local authority nursery school", false),
    ("Pupil referral unit", false),
    ("Non-maintained special school", false),
    ("Other independent special school", false),
    ("Other independent school", false),
    ("Academy alternative provision converter", false),
    ("Academy alternative provision sponsor led", false),
    ("Academy 16-19 converter", false),
    ("Academy 16 to 19 sponsor led", false),
    ("Academy secure 16 to 19", false),
    ("Free schools alternative provision", false),
    ("Free schools 16 to 19", false),
    ("Special post 16 institution", false),
    ("Further education", false),
    ("Sixth form centres", false),
    ("Higher education institutions", false),
    ("Secure units", false),
    ("Offshore schools", false),
    ("Service children's education", false),
    ("Miscellaneous", false),
    ("British schools overseas", false),
    ("Institution funded by other government department", false),
    ("Online provider", false),
    ("Children's centre", false),
    ("Children's centre linked site", false),
    ("Independent schools approved for SEN pupils", false),
    ("EY setting", false),
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

/// Types the config decides (`[scope]`): these win over the table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeRules {
    pub include_types: Vec<String>,
    pub exclude_types: Vec<String>,
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
pub fn scope_phase(
    type_name: &str,
    group: &str,
    phase_of_education: &str,
    rules: &ScopeRules,
) -> Result<Option<Phase>, Unknown> {
    let (type_name, group) = (type_name.trim(), group.trim());
    let decided = |types: &[String]| types.iter().any(|t| spelling(t) == spelling(type_name));
    let in_scope = if decided(&rules.include_types) {
        true
    } else if decided(&rules.exclude_types) {
        false
    } else {
        let group = lookup(&GROUPS, group, &[]).ok_or(Unknown::Group)?;
        let listed = lookup(&TYPES, type_name, &RENAMED_TYPES).ok_or(Unknown::Type)?;
        listed && STATE_FUNDED_GROUPS.contains(&group)
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
        scope_phase(t, g, p, &ScopeRules::default())
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
            scope_phase("Academy virtual school", "Academies", "Primary", &rules),
            Ok(Some(Phase::Primary))
        );
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
            scope_phase("Academy virtual school", "Academies", "Primary", &rules),
            Ok(Some(Phase::Primary))
        );
        assert_eq!(
            scope_phase("Community school", la, "Primary", &rules),
            Ok(None)
        );
    }
}
