//! What the outputs claim: each figure's decision (significance, direction, highest,
//! provisional) is made once by the measures and every output renders that one
//! decision. Projects here are generated from a list of cells, so each expected
//! sentence is worked out by hand from the counts in the comments.

use crate::project::Project;

/// One group of head teacher posts: (start year, phase, GIAS region, GIAS religious
/// character, posts, of which re-advertised). Each post is its own school; its first
/// advert is on 1 October, and a re-advertised post has a second on 1 November (31
/// days later).
type Group = (i32, &'static str, &'static str, &'static str, u32, u32);

fn project(groups: &[Group], config_extra: &str) -> Project {
    let p = Project::empty();
    let mut schools = String::from("URN,EstablishmentName,TypeOfEstablishment (name),EstablishmentTypeGroup (name),PhaseOfEducation (name),OpenDate,CloseDate,ReligiousCharacter (name),GOR (name),LA (name)\n");
    let mut adverts = String::from("advert_id,published_on,school_urn,role\n");
    let mut urn = 100_000;
    for &(year, phase, region, religion, posts, readvertised) in groups {
        let (kind, gias_phase) = match phase {
            "special" => ("Community special school", "Not applicable"),
            "secondary" => ("Community school", "Secondary"),
            _ => ("Community school", "Primary"),
        };
        for i in 0..posts {
            urn += 1;
            schools.push_str(&format!(
                "{urn},School {urn},{kind},Local authority maintained schools,{gias_phase},,,{religion},{region},Somewhere\n"
            ));
            adverts.push_str(&format!("A{urn},{year}-10-01,{urn},head\n"));
            if i < readvertised {
                adverts.push_str(&format!("B{urn},{year}-11-01,{urn},head\n"));
            }
        }
    }
    p.write("schools.csv", schools);
    p.write("adverts.csv", adverts);
    p.write(
        "slm.toml",
        format!(
            "[inputs]\nadverts = [\"adverts.csv\"]\nschools = \"schools.csv\"\nlabel = \"Test fixture\"\n{config_extra}"
        ),
    );
    p
}

fn built(p: &Project) -> serde_json::Value {
    p.slm().args(["build"]).assert().success();
    serde_json::from_str(&p.read("reports/2010-11/headlines.json")).unwrap()
}

fn headline<'a>(list: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == id)
        .unwrap_or_else(|| panic!("no headline {id} in {list:#}"))
}

const NE: &str = "North East";
const NONE: &str = "Does not apply";

/// Regression (issue 15): for 0.04995 <= p < 0.05 the headline said "significant" (exact
/// p) while the report and the chart parsed the table's 4-decimal "0.0500" back and said
/// "little changed". Primary head posts: 4 of 24 re-advertised in 2010/11 against 0 of 21
/// in 2009/10; pooled 4/45, z = 1.95996, p = 0.0499999 (0.0500 in the table).
#[test]
fn significance_at_the_edge_is_one_decision() {
    let p = project(
        &[
            (2009, "primary", NE, NONE, 21, 0),
            (2010, "primary", NE, NONE, 24, 4),
        ],
        "observed_until = \"2012-12-31\"\n",
    );
    let list = built(&p);
    let h = headline(&list, "head_unfilled_primary");
    assert_eq!(h["significant"], true);
    assert_eq!(h["value"], 16.7); // 4 / 24 = 16.67%
    assert_eq!(h["previous_value"], 0.0);
    assert!(
        h["sentence"]
            .as_str()
            .unwrap()
            .contains("up from 0 per cent in 2009/10, a statistically significant rise"),
        "{h}"
    );
    // The table shows the p-value rounded; the decision is the exact one.
    let change = p.csv("reports/2010-11/data/unfilled_change.csv");
    let row = change
        .iter()
        .find(|r| {
            r["time_period"] == "201011"
                && r["education_phase"] == "Primary"
                && r["post"] == "Head teacher"
                && r["school_religious_character"] == "Total"
                && r["geographic_level"] == "National"
        })
        .unwrap();
    assert_eq!(row["unfilled_percent_change_p_value"], "0.0500");
    assert_eq!(row["unfilled_percent_change"], "16.7");
    // The report's change table and the chart say the same as the headline.
    let html = p.read("reports/2010-11/report.html");
    assert!(
        html.contains("<td>Head teacher</td><td>Primary</td><td class=\"num\">0.0</td><td class=\"num\">16.7</td><td class=\"num\">16.7</td><td class=\"num\">0.0500</td><td>rose (significant)</td>"),
        "the report's reading disagrees with the headline"
    );
    let charts: serde_json::Value =
        serde_json::from_str(&p.read("reports/2010-11/charts/charts.json")).unwrap();
    let chart = charts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "unfilled_change_by_phase")
        .unwrap();
    assert_eq!(
        chart["title"],
        "The primary and all-phase head teacher unfilled rate rose significantly in 2010/11"
    );
    assert!(chart["alt"]
        .as_str()
        .unwrap()
        .contains("Primary schools +16.7 pp (significant)"));
}

/// Hand-worked headlines over five years of head teacher posts (England only, every
/// school in the North East with no religious character unless said):
///
/// | year    | primary       | secondary    | special      | all phases     |
/// |---------|---------------|--------------|--------------|----------------|
/// | 2006/07 | 16/30 = 53.3% |              |              | 16/30 = 53.3%  |
/// | 2007/08 | 10/30 = 33.3% |              |              | 10/30          |
/// | 2008/09 |  9/30 = 30.0% |              |              |  9/30          |
/// | 2009/10 |  5/30 = 16.7% | 5/20 = 25%   | 6/12 = 50%   | 16/62 = 25.8%  |
/// | 2010/11 | 15/30 = 50.0% | 5/20 = 25%   | 3/12 = 25%   | 23/62 = 37.1%  |
///
/// In 2010/11, 10 of the primary posts (8 re-advertised) are at Church of England
/// schools in London; the other 52 posts (15 re-advertised) are in the North East.
fn five_years(config_extra: &str) -> Project {
    project(
        &[
            (2006, "primary", NE, NONE, 30, 16),
            (2007, "primary", NE, NONE, 30, 10),
            (2008, "primary", NE, NONE, 30, 9),
            (2009, "primary", NE, NONE, 30, 5),
            (2009, "secondary", NE, NONE, 20, 5),
            (2009, "special", NE, NONE, 12, 6),
            (2010, "primary", "London", "Church of England", 10, 8),
            (2010, "primary", NE, NONE, 20, 7),
            (2010, "secondary", NE, NONE, 20, 5),
            (2010, "special", NE, NONE, 12, 3),
        ],
        config_extra,
    )
}

#[test]
fn headlines_are_worked_out_by_hand() {
    let list = built(&five_years("observed_until = \"2012-12-31\"\n"));
    // Primary 15/30 against 5/30: pooled 1/3, z = 2.74, p = 0.0062, a significant rise.
    // Secondary 5/20 against 5/20: p = 1. Special 3/12 against 6/12: p = 0.206, not
    // significant.
    let by_phase = headline(&list, "head_unfilled_by_phase");
    assert_eq!(
        by_phase["sentence"],
        "50 per cent of primary, 25 per cent of secondary and 25 per cent of special school head teacher posts were unfilled after an initial advertisement in 2010/11, compared with 17, 25 and 50 per cent in 2009/10. The secondary and special rates were little changed and the primary rate rose significantly (two-proportion test at the 5% level)."
    );
    let primary = headline(&list, "head_unfilled_primary");
    assert_eq!(primary["value"], 50.0);
    assert_eq!(primary["previous_value"], 16.7);
    assert_eq!(primary["change_pp"], 33.3); // (15 - 5) / 30 = 33.33 points
    assert_eq!(primary["significant"], true);
    assert_eq!(primary["provisional"], false);
    let special = headline(&list, "head_unfilled_special");
    assert_eq!(special["change_pp"], -25.0);
    assert_eq!(special["significant"], false);
    assert!(special["sentence"]
        .as_str()
        .unwrap()
        .contains("little changed from 50 per cent in 2009/10"));
    // Primary at 50.0% is above 2009/10 (16.7%); the latest year at least as high is
    // 2006/07 (53.3%), four years back: "the highest since 2006/07".
    assert_eq!(
        headline(&list, "head_unfilled_primary_highest")["sentence"],
        "At 50 per cent, the unfilled rate for primary school head teacher posts in 2010/11 is the highest since 2006/07, when it was 53 per cent."
    );
    // All phases: 37.1% against 25.8% in 2009/10; 2006/07 (53.3%) is the latest at
    // least as high.
    assert_eq!(
        headline(&list, "head_unfilled_total_highest")["sentence"],
        "At 37 per cent, the unfilled rate for head teacher posts in all phases in 2010/11 is the highest since 2006/07, when it was 53 per cent."
    );
    // London 8/10 = 80% against the North East's 15/52; Wilson interval for 8 of 10 is
    // 49.0% to 94.3%.
    assert_eq!(
        headline(&list, "head_unfilled_highest_region")["sentence"],
        "Of the English regions, London had the highest unfilled rate for head teacher posts in 2010/11: 80 per cent (8 of 10 posts; 95% confidence interval 49 to 94 per cent)."
    );
    assert_eq!(
        headline(&list, "head_unfilled_highest_religious_character")["sentence"],
        "By religious character, Church of England schools had the highest unfilled rate for head teacher posts in 2010/11: 80 per cent (8 of 10 posts; 95% confidence interval 49 to 94 per cent)."
    );
    // 62 posts; 62 first adverts and 23 second ones.
    assert_eq!(
        headline(&list, "posts_advertised")["sentence"],
        "62 leadership posts, 62 of them head teacher posts, were advertised in 2010/11 in 85 advertisements, against 62 posts in 2009/10."
    );
}

/// With the data ending on 30 June 2011, every 2010/11 post opened less than 365 days
/// before: the year is provisional, every headline says so, and no "highest since" is
/// claimed of an incomplete year.
#[test]
fn a_provisional_year_is_flagged_and_claims_no_record() {
    let list = built(&five_years("observed_until = \"2011-06-30\"\n"));
    for h in list.as_array().unwrap() {
        assert_eq!(h["provisional"], true, "{h}");
    }
    assert!(headline(&list, "head_unfilled_primary")["sentence"]
        .as_str()
        .unwrap()
        .contains("in 2010/11 (provisional)"));
    assert!(!list.to_string().contains("highest since"));
}

/// Methods, definitions, chart notes and column labels follow `[rules]`, not the
/// defaults (issue 15).
#[test]
fn methods_text_follows_the_rules_in_force() {
    let p = five_years(
        "observed_until = \"2012-12-31\"\n[rules]\nreadvert_min_days = 28\nreadvert_max_days = 300\nyear_start = \"08-01\"\n",
    );
    p.slm().args(["build"]).assert().success();
    let html = p.read("reports/2010-11/report.html");
    for said in [
        "1 August to 31 July",
        "An advert 28 to 300 days after the one before",
        "one more than 300 days later starts a new post",
        "re-advertised 28 to 300 days after an earlier advert",
        "open on 1 August of the year",
    ] {
        assert!(html.contains(said), "report.html lacks {said:?}");
    }
    for default in ["1 September", "21 to 365", "365 days"] {
        assert!(
            !html.contains(default),
            "report.html still says {default:?}"
        );
    }
    let meta = p.read("reports/2010-11/data/unfilled_rates.meta.csv");
    assert!(meta.contains("Open schools on 1 August"), "{meta}");
    let svg = p.read("reports/2010-11/charts/posts_per_100_schools.svg");
    assert!(svg.contains("open on 1 August"));
    // The workbook's Notes sheet holds the same definitions.
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(p.path("reports/2010-11/tables.xlsx")).unwrap();
    let notes = book.worksheet_range("Notes").unwrap();
    let text: Vec<String> = notes.rows().flatten().map(|c| c.to_string()).collect();
    let text = text.join("\n");
    assert!(text.contains("1 August to 31 July"), "{text}");
    assert!(text.contains("An advert 28 to 300 days after"), "{text}");
}
