//! Survey returns end to end (DESIGN.md, Inputs: Survey returns; Definitions: Survey
//! method), on a fixture worked out by hand below.
//!
//! Register (all primary, England): 400001 (North East) converts on 1 January 2011 to
//! 400002; 400011 (North East); 400021, 400031 (London); 400041 (South West); 400099 is
//! an independent school (out of scope).
//!
//! Head teacher posts of 2010/11: 400001 re-advertised; 400011 not; 400021
//! re-advertised; 400031 not; 400041 re-advertised.
//!
//! Answers: R1 400002 (the converted school, so the post of 400001) no; R2 400011 yes;
//! R3 400021 yes (re-advertised although filled); R4 400031 yes; R5 400011 deputy yes (no
//! deputy post advertised: unmatched); R6 499999 (not in the register); R7 400099 (out
//! of scope).
//!
//! Weighting cells (phase x region x evidence), weight = posts / answers: re-advertised
//! North East 1/1 and London 1/1, and the South West's re-advertised post (no answer)
//! spread over those two answers: R1 and R3 weigh 1 + 1/2 = 1.5. Not re-advertised: R2
//! and R4 weigh 1. Head teacher posts in England: 5 posts, 4 answers, 1 "no"
//! (unweighted 25.0%); weighted 1.5 / 5 = 30.0%; Kish effective size 5^2 / (2 x 1.5^2 +
//! 2) = 25 / 6.5 = 3.8. All posts: R5 counts in the unweighted rate only: 1 of 5 = 20.0%.
//! Agreement (head, primary): no & re-advertised 1 (R1), no & not 0, yes & re-advertised
//! 1 (R3), yes & not 2; detection 1 of 1 = 100.0%; agreement 3 of 4 = 75.0%.

use crate::project::{row, Project};

const SCHOOLS: &str = "URN,EstablishmentName,TypeOfEstablishment (name),EstablishmentTypeGroup (name),PhaseOfEducation (name),OpenDate,CloseDate,ReligiousCharacter (name),GOR (name),LA (name),LA (code),GSSLACode (name)
400001,Oak Primary,Community school,Local authority maintained schools,Primary,,31-12-2010,Does not apply,North East,County Durham,840,E06000047
400002,Oak Primary Academy,Academy converter,Academies,Primary,01-01-2011,,Does not apply,North East,County Durham,840,E06000047
400011,Ash Primary,Community school,Local authority maintained schools,Primary,,,Does not apply,North East,County Durham,840,E06000047
400021,Elm Primary,Community school,Local authority maintained schools,Primary,,,Does not apply,London,Camden,202,E09000007
400031,Yew Primary,Community school,Local authority maintained schools,Primary,,,Does not apply,London,Camden,202,E09000007
400041,Fir Primary,Community school,Local authority maintained schools,Primary,,,Does not apply,South West,Devon,878,E10000008
400099,Hill House,Other independent school,Independent schools,Primary,,,Does not apply,London,Camden,202,E09000007
";

const LINKS: &str = "\"URN\",\"LinkURN\",\"LinkName\",\"LinkType\",\"LinkEstablishedDate\"
\"400001\",\"400002\",\"Oak Primary Academy\",\"Successor\",\"01-01-2011\"
\"400002\",\"400001\",\"Oak Primary\",\"Predecessor\",\"01-01-2011\"
";

const ADVERTS: &str = "advert_id,published_on,school_urn,role
A1,2010-10-01,400001,head
A2,2010-11-15,400001,head
B1,2010-10-01,400011,head
C1,2010-10-01,400021,head
C2,2010-12-01,400021,head
D1,2010-10-01,400031,head
E1,2010-10-01,400041,head
E2,2010-11-20,400041,head
";

const SURVEY: &str =
    "response_id,school_urn,role,recruitment_year,appointed_after_first_advert,advert_count
R1,400002,head,2010/11,no,2
R2,400011,head,2010/11,yes,1
R3,400021,head,2010/11,yes,2
R4,400031,head,2010/11,yes,
R5,400011,deputy,2010/11,yes,1
R6,499999,head,2010/11,no,
R7,400099,head,2010/11,no,1
";

fn project() -> Project {
    let p = Project::empty();
    p.write("schools.csv", SCHOOLS);
    p.write("adverts.csv", ADVERTS);
    p.write("links.csv", LINKS);
    p.write("survey.csv", SURVEY);
    p.write(
        "slm.toml",
        "[inputs]\nadverts = [\"adverts.csv\"]\nschools = \"schools.csv\"\nlinks = \"links.csv\"\nsurvey = \"survey.csv\"\nlabel = \"Test fixture\"\nobserved_until = \"2012-12-31\"\n[rules]\nmin_base = 1\n",
    );
    p
}

#[test]
fn survey_rates_weights_and_agreement_match_the_hand_count() {
    let p = project();
    p.slm().arg("build").assert().success();
    let rates = p.csv("reports/2010-11/data/survey_rates.csv");
    let england = |post: &str| {
        row(
            &rates,
            &[
                ("geographic_level", "National"),
                ("country_code", "E92000001"),
                ("education_phase", "Primary"),
                ("post", post),
            ],
        )
        .clone()
    };
    let head = england("Head teacher");
    let got: Vec<&str> = [
        "post_count",
        "response_count",
        "response_percent",
        "unfilled_percent",
        "matched_response_count",
        "weighted_unfilled_percent",
        "effective_sample_size",
    ]
    .iter()
    .map(|c| head[*c].as_str())
    .collect();
    assert_eq!(got, ["5", "4", "80.0", "25.0", "4", "30.0", "3.8"]);
    let all = england("Total");
    assert_eq!(
        (
            all["response_count"].as_str(),
            all["unfilled_percent"].as_str()
        ),
        ("5", "20.0")
    );
    assert_eq!(all["weighted_unfilled_percent"], "30.0");
    // The North East alone: R1 (1.5, no) and R2 (1, yes): 1.5 / 2.5 = 60.0%.
    let ne = row(
        &rates,
        &[
            ("geographic_level", "Regional"),
            ("region_code", "E12000001"),
            ("education_phase", "Primary"),
            ("post", "Head teacher"),
        ],
    );
    assert_eq!(ne["weighted_unfilled_percent"], "60.0");

    let agreement = p.csv("reports/2010-11/data/survey_agreement.csv");
    let a = row(
        &agreement,
        &[("education_phase", "Primary"), ("post", "Head teacher")],
    );
    let got: Vec<&str> = [
        "matched_response_count",
        "unfilled_readvertised_count",
        "unfilled_not_readvertised_count",
        "filled_readvertised_count",
        "filled_not_readvertised_count",
        "advert_method_detection_percent",
        "agreement_percent",
    ]
    .iter()
    .map(|c| a[*c].as_str())
    .collect();
    assert_eq!(got, ["4", "1", "0", "1", "2", "100.0", "75.0"]);

    let q: serde_json::Value =
        serde_json::from_str(&p.read("reports/2010-11/quality.json")).unwrap();
    let s = &q["survey"];
    assert_eq!(
        (
            &s["answers_read"],
            &s["matched"],
            &s["unmatched"],
            &s["school_not_in_register"],
            &s["school_out_of_scope"],
            &s["weighting_cells_merged"]
        ),
        (
            &7.into(),
            &4.into(),
            &1.into(),
            &1.into(),
            &1.into(),
            &1.into()
        )
    );
    let html = p.read("reports/2010-11/report.html");
    assert!(
        html.contains("id=\"two-methods\""),
        "the report has the section"
    );
    assert!(html.contains("The adverts showed a re-advertisement for 1 of those 1"));
    assert!(p
        .read("reports/2010-11/charts/charts.json")
        .contains("two_methods"));
    assert!(p
        .read("reports/2010-11/headlines.md")
        .contains("Schools answering the recruitment survey said 30 per cent"));
}

/// Two answers for one school, role and year: an error naming both rows; nothing built.
#[test]
fn a_duplicate_answer_is_an_error_naming_both_rows() {
    let p = project();
    p.append(
        "survey.csv",
        "R8,400011,head,2010/11,no,\nR9,400021,boss,2010/11,perhaps,\n",
    );
    let err = p.stderr_of(&["build"], 1);
    assert!(
        err.contains("survey.csv:9:2: school 400011 answered twice for its head teacher post in 2010/11: lines 3 and 9; expected one answer per school, role and year (remove one)"),
        "{err}"
    );
    assert!(
        err.contains("survey.csv:10:3: role `boss` is not known"),
        "{err}"
    );
    assert!(
        err.contains("survey.csv:10:5: appointed_after_first_advert `perhaps` is not an answer; expected yes or no"),
        "{err}"
    );
    assert!(!p.path("reports").exists(), "nothing is written");
    assert!(p.stderr_of(&["validate"], 1).contains("survey.csv:9:2"));
}

/// Without `inputs.survey` nothing about the survey is written.
#[test]
fn without_survey_returns_there_are_no_survey_outputs() {
    let p = project();
    p.write(
        "slm.toml",
        p.read("slm.toml").replace("survey = \"survey.csv\"\n", ""),
    );
    p.slm().arg("build").assert().success();
    assert!(!p.path("reports/2010-11/data/survey_rates.csv").exists());
    assert!(!p
        .read("reports/2010-11/report.html")
        .contains("two-methods"));
    assert!(!p
        .read("reports/2010-11/quality.json")
        .contains("\"survey\""));
}
