//! The field checks the input files share, each saying the same thing wherever the
//! field appears: a URN, a leadership post, and how a failed check becomes a problem at
//! its column.

use crate::domain::Role;
use crate::error::Problem;

/// Parses a URN: digits only, above 0.
pub fn parse_urn(text: &str) -> Option<u32> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<u32>().ok().filter(|&u| u > 0)
}

/// `school_urn`: a URN, or what is wrong.
pub fn school_urn(text: &str) -> Result<u32, String> {
    parse_urn(text)
        .ok_or_else(|| format!("school_urn `{text}` is not a URN; expected a whole number above 0"))
}

/// `role`: head, deputy or assistant (as `Role::parse` reads them), or what is wrong.
pub fn role(text: &str) -> Result<Role, String> {
    Role::parse(text)
        .ok_or_else(|| format!("role `{text}` is not known; expected head, deputy or assistant"))
}

/// A checked field's value; when the check failed, its message becomes a problem at
/// column `col` (`at`) and the value `None`.
pub fn checked<T>(
    value: Result<T, String>,
    col: usize,
    at: &dyn Fn(usize, String) -> Problem,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    value.map_err(|m| problems.push(at(col, m))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urns() {
        assert_eq!(parse_urn(" 100001 "), Some(100001));
        assert_eq!(parse_urn("-5"), None);
        assert_eq!(parse_urn("1e5"), None);
        assert_eq!(parse_urn("0"), None);
        assert_eq!(
            school_urn("x").unwrap_err(),
            "school_urn `x` is not a URN; expected a whole number above 0"
        );
    }
}
