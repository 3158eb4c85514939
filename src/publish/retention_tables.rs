//! The workforce tables (DESIGN.md, Outputs: retention, new_head_survival), with their
//! `.meta.csv`. Confidential cells (`disclosure`) publish `c` for every indicator,
//! counts included; a change involving a confidential year is `c` too, and the first
//! year, with nothing to compare, is `z`.

use crate::disclosure::{confidential_text, CONFIDENTIAL, NOT_APPLICABLE};
use crate::measures::change::previous_of;
use crate::measures::retention::{RetentionCell, SurvivalCell};
use crate::measures::stats::{two_proportion_p_value, wilson_interval};
use crate::publish::format::{decimal, percent};
use crate::publish::tables::{
    bound, change_pp, geography_fields, header_after, with_filter_defaults, write_csv, write_meta,
    Meta, TidyTable, GEOGRAPHY_COLUMNS,
};

fn count(name: &'static str, label: &'static str) -> Meta {
    Meta::Indicator {
        name,
        label,
        unit: "",
        dp: 0,
    }
}

fn rate(name: &'static str, label: &'static str, unit: &'static str) -> Meta {
    Meta::Indicator {
        name,
        label,
        unit,
        dp: 1,
    }
}

/// A rate with its 95% Wilson interval, as three fields.
fn rate_with_interval(k: u64, n: u64) -> [String; 3] {
    let (lo, hi) = wilson_interval(k, n);
    [percent(k.into(), n.into(), 1), bound(lo), bound(hi)]
}

pub fn retention(cells: &[RetentionCell], hidden: &[bool], label_suffix: &str) -> TidyTable {
    let columns = vec![
        Meta::Filter {
            name: "education_phase",
            label: "School phase",
            hint: "Phase of the school at the first census",
        },
        Meta::Filter {
            name: "post",
            label: "Leadership post",
            hint: "Role at the first census",
        },
        count("leader_count", "Leaders at the census"),
        count("stayed_in_post_count", "Same post a year later"),
        count(
            "moved_school_same_role_count",
            "Same role at another school",
        ),
        count("promoted_count", "Promoted"),
        count("other_leadership_role_count", "Other leadership role"),
        count("left_leadership_count", "Left leadership"),
        rate("retained_in_role_percent", "Retained in role", "%"),
        rate(
            "retained_in_role_percent_lower",
            "Retained in role lower 95% limit",
            "%",
        ),
        rate(
            "retained_in_role_percent_upper",
            "Retained in role upper 95% limit",
            "%",
        ),
        rate(
            "retained_in_leadership_percent",
            "Retained in leadership",
            "%",
        ),
        rate(
            "previous_retained_in_role_percent",
            "Retained in role the year before",
            "%",
        ),
        rate(
            "retained_in_role_percent_change",
            "Change in retained in role",
            "pp",
        ),
        Meta::Indicator {
            name: "retained_in_role_percent_change_p_value",
            label: "p-value of the change",
            unit: "",
            dp: 4,
        },
    ];
    let indicators = columns.len() - 2;
    let previous = previous_of(cells, |c| &c.key);
    let rows = cells.iter().enumerate().map(|(i, c)| {
        let mut row = geography_fields(&c.key, true);
        row.extend([c.key.education_phase.clone(), c.key.post.clone()]);
        if hidden[i] {
            row.extend(std::iter::repeat_n(CONFIDENTIAL.to_string(), indicators));
            return row;
        }
        let n = c.leader_count;
        row.extend(
            std::iter::once(n)
                .chain(c.transitions())
                .map(|v| v.to_string()),
        );
        row.extend(rate_with_interval(c.retained_in_role(), n));
        row.push(percent(c.retained_in_leadership().into(), n.into(), 1));
        match previous[i] {
            None => row.extend(std::iter::repeat_n(NOT_APPLICABLE.to_string(), 3)),
            Some(p) => {
                let before = &cells[p];
                let (k0, n0) = (before.retained_in_role(), before.leader_count);
                let k1 = c.retained_in_role();
                let shown = !hidden[p];
                row.push(confidential_text(!shown, || {
                    percent(k0.into(), n0.into(), 1)
                }));
                row.push(confidential_text(!shown, || change_pp(k1, n, k0, n0)));
                row.push(confidential_text(!shown, || {
                    decimal(two_proportion_p_value(k1, n, k0, n0), 4)
                }));
            }
        }
        row
    });
    TidyTable {
        name: "retention",
        title: "Where school leaders at one census were at the next",
        csv: write_csv(&header_after(&GEOGRAPHY_COLUMNS, &columns), rows),
        meta: write_meta(&columns, label_suffix),
    }
}

pub fn new_head_survival(cells: &[SurvivalCell], hidden: &[bool], label_suffix: &str) -> TidyTable {
    let columns = vec![
        Meta::Filter {
            name: "education_phase",
            label: "School phase",
            hint: "Phase of the school the head was new to",
        },
        Meta::Filter {
            name: "years_after_appointment",
            label: "Years after appointment",
            hint: "Censuses after the one where the head was new",
        },
        count("new_head_count", "New head teachers"),
        count("still_in_post_count", "Still head of the same school"),
        rate("still_in_post_percent", "Still in post", "%"),
        rate(
            "still_in_post_percent_lower",
            "Still in post lower 95% limit",
            "%",
        ),
        rate(
            "still_in_post_percent_upper",
            "Still in post upper 95% limit",
            "%",
        ),
    ];
    let rows = cells.iter().enumerate().map(|(i, c)| {
        let mut row = geography_fields(&c.key, false);
        row.extend([c.key.education_phase.clone(), c.years_after.to_string()]);
        if hidden[i] {
            row.extend(std::iter::repeat_n(CONFIDENTIAL.to_string(), 5));
            return row;
        }
        row.extend([
            c.new_head_count.to_string(),
            c.still_in_post_count.to_string(),
        ]);
        row.extend(rate_with_interval(c.still_in_post_count, c.new_head_count));
        row
    });
    // years_after_appointment has no Total: one year on is the default view.
    let meta = with_filter_defaults(&write_meta(&columns, label_suffix), |name| {
        if name == "years_after_appointment" {
            "1".into()
        } else {
            crate::measures::TOTAL.into()
        }
    });
    TidyTable {
        name: "new_head_survival",
        title: "New head teachers still head of the same school, by years after appointment",
        csv: write_csv(&header_after(&GEOGRAPHY_COLUMNS[..5], &columns), rows),
        meta,
    }
}
