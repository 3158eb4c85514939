//! Disclosure control in one place (DESIGN.md, Definitions: Disclosure control).
//! Advert-derived rates on fewer than `min_base` rounds are published as `u` (low
//! reliability) while their counts stay; EES symbols are written only from here.

/// EES symbols (DESIGN.md): `z` not applicable, `x` not available, `c` confidential,
/// `u` low reliability.
pub const NOT_APPLICABLE: &str = "z";
pub const NOT_AVAILABLE: &str = "x";
pub const CONFIDENTIAL: &str = "c";
pub const LOW_RELIABILITY: &str = "u";

/// Whether a rate on `base` rounds may be published as a number.
pub fn rate_is_reliable(base: u64, min_base: u32) -> bool {
    base >= u64::from(min_base)
}

/// The text of a rate: its value when its base is large enough, else `u`.
pub fn rate_text(base: u64, min_base: u32, value: impl FnOnce() -> String) -> String {
    if rate_is_reliable(base, min_base) {
        value()
    } else {
        LOW_RELIABILITY.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_below_min_base_are_low_reliability() {
        assert_eq!(rate_text(9, 10, || "33.3".into()), "u");
        assert_eq!(rate_text(10, 10, || "33.3".into()), "33.3");
    }
}
