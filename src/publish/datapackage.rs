//! `datapackage.json`: a Frictionless Tabular Data Package describing every CSV in
//! `data/` (the tidy tables and their `.meta.csv`): field types and labels from the
//! meta, the EES symbols as missing values, filter items as allowed values, and the
//! time, geography and filter columns as each table's primary key.

use serde_json::{json, Map, Value};

use crate::publish::context::Context;
use crate::publish::definitions::{after_label, report_title, symbol_key, symbols};
use crate::publish::tidy::{ColumnRole as Role, ColumnSpec as Column, TidyTable};

pub const DATAPACKAGE_NAME: &str = "datapackage.json";

/// Columns that name rather than identify (their code is in the key already; the old
/// LA code is another name of the new one).
const NAME_COLUMNS: [&str; 4] = ["country_name", "region_name", "old_la_code", "la_name"];

fn field(c: &Column, t: &TidyTable, i: usize) -> Value {
    let mut f = Map::new();
    f.insert("name".into(), json!(c.name));
    f.insert("title".into(), json!(c.label));
    let mut constraints = Map::new();
    match &c.role {
        Role::Geography if c.name == "time_period" => {
            f.insert("type".into(), json!("string"));
            f.insert(
                "description".into(),
                json!("Academic year as EES writes it: 201011 is 2010/11"),
            );
            constraints.insert("pattern".into(), json!("[0-9]{6}"));
        }
        Role::Geography | Role::Filter { .. } => {
            f.insert("type".into(), json!("string"));
            constraints.insert("enum".into(), json!(t.items(i)));
            if let Role::Filter {
                default: Some(default),
                ..
            } = &c.role
            {
                f.insert(
                    "description".into(),
                    json!(format!("No Total item; the default is {default}")),
                );
            }
        }
        Role::Indicator { unit, dp } => {
            let counted = c.is_count();
            f.insert(
                "type".into(),
                json!(if counted { "integer" } else { "number" }),
            );
            let unit_text = match *unit {
                "%" => "per cent",
                "pp" => "percentage points",
                _ if counted => "count",
                _ => "number",
            };
            let places = match dp {
                Some(dp) => format!("{unit_text}, {dp} decimal places"),
                None => "as its own table shows it (its unit and decimal places)".into(),
            };
            f.insert("description".into(), json!(places));
            if counted || *unit == "%" {
                constraints.insert("minimum".into(), json!(0));
            }
            if *unit == "%" {
                constraints.insert("maximum".into(), json!(100));
            }
        }
    }
    if !constraints.is_empty() {
        f.insert("constraints".into(), Value::Object(constraints));
    }
    Value::Object(f)
}

fn missing_values(min_base: u32) -> Vec<String> {
    let mut values = vec![String::new()];
    values.extend(symbols(min_base).into_iter().map(|(s, _)| s.to_string()));
    values
}

fn resource(t: &TidyTable, min_base: u32) -> Value {
    let fields: Vec<Value> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| field(c, t, i))
        .collect();
    let key: Vec<&str> = t
        .columns
        .iter()
        .filter(|c| !matches!(c.role, Role::Indicator { .. }))
        .filter(|c| !NAME_COLUMNS.contains(&c.name))
        .map(|c| c.name)
        .collect();
    csv_resource(
        t.name.to_string(),
        format!("data/{}.csv", t.name),
        t.title.to_string(),
        json!({
            "fields": fields,
            "missingValues": missing_values(min_base),
            "primaryKey": key,
        }),
    )
}

fn csv_resource(name: String, path: String, title: String, schema: Value) -> Value {
    json!({
        "name": name,
        "path": path,
        "title": title,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    })
}

/// The `.meta.csv` beside each table: one row per filter and indicator.
fn meta_resource(t: &TidyTable) -> Value {
    let fields: Vec<Value> = t
        .meta_header()
        .into_iter()
        .map(|name| match name {
            "indicator_dp" => json!({"name": name, "type": "integer", "constraints": {"minimum": 0}}),
            "col_type" => json!({"name": name, "type": "string", "constraints": {"required": true, "enum": ["Filter", "Indicator"]}}),
            _ => json!({"name": name, "type": "string"}),
        })
        .collect();
    csv_resource(
        format!("{}_meta", t.name),
        format!("data/{}.meta.csv", t.name),
        format!("Column descriptions (EES metadata) for {}", t.name),
        json!({
            "fields": fields,
            "missingValues": [""],
            "primaryKey": ["col_name"],
        }),
    )
}

/// The package's bytes (pretty JSON, keys in a fixed order, newline at the end).
pub fn datapackage(input: &Context) -> Vec<u8> {
    let min_base = input.rules.min_base;
    let provisional_years: Vec<String> =
        input.provisional_years.iter().map(|y| y.label()).collect();
    let mut resources = Vec::new();
    for t in input.tables {
        resources.push(resource(t, min_base));
        resources.push(meta_resource(t));
    }
    let description = after_label(
        input.label,
        format!(
            "Tidy tables in the EES open-data format. Symbols in place of numbers: {}.",
            symbol_key(min_base)
        ),
    );
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": format!("slm-{}", input.year.dir_name()),
        "title": report_title(input.year),
        "description": description,
        "version": env!("CARGO_PKG_VERSION"),
        "keywords": ["school leaders", "head teachers", "vacancies", "retention", "England", "Wales"],
        "provisional_years": provisional_years,
        "resources": resources,
    });
    // The release facts the config gives (never the clock): who publishes, a contact,
    // when, and the status.
    let release = input.release_config;
    let fields = package.as_object_mut().expect("an object");
    if !release.producer.is_empty() {
        let mut publisher = json!({"title": release.producer, "role": "publisher"});
        if !release.contact.is_empty() {
            publisher["email"] = json!(release.contact);
        }
        fields.insert("contributors".into(), json!([publisher]));
    }
    if let Some(day) = release.published_on {
        fields.insert("created".into(), json!(format!("{day}T00:00:00Z")));
    }
    if !release.status.is_empty() {
        fields.insert("status".into(), json!(release.status));
    }
    let mut bytes = serde_json::to_vec_pretty(&package).expect("JSON values serialise");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_is_described_with_its_key_types_and_symbols() {
        use crate::disclosure::Symbol;
        use crate::domain::RecruitmentYear;
        use crate::measures::proportion::Fraction;
        use crate::publish::tidy::Value as Cell;
        let text = |t: &str| Cell::Text(t.into());
        let mut columns: Vec<Column> = [
            "time_period",
            "time_identifier",
            "geographic_level",
            "country_code",
            "country_name",
        ]
        .into_iter()
        .map(Column::geography)
        .collect();
        columns.extend([
            Column::filter("education_phase", "School phase", "hint"),
            Column::indicator("post_count", "Posts", "", 0),
            Column::indicator("unfilled_percent", "Unfilled", "%", 1),
        ]);
        let geography = [
            "201011",
            "Academic year",
            "National",
            "E92000001",
            "England",
        ];
        let row = |phase: &str, posts: u64, rate: Cell| {
            let mut r: Vec<Cell> = geography.iter().map(|g| text(g)).collect();
            r.extend([text(phase), Cell::Count(posts), rate]);
            r
        };
        let table = TidyTable {
            name: "t",
            title: "T",
            columns,
            rows: vec![
                row(
                    "Primary",
                    3,
                    Cell::Percent(Fraction {
                        numerator: 1,
                        denominator: 3,
                    }),
                ),
                row("Total", 12, Cell::Symbol(Symbol::LowReliability)),
            ],
        };
        let release = crate::config::Release {
            producer: "A statistics team".into(),
            contact: "stats@example.org".into(),
            published_on: chrono::NaiveDate::from_ymd_opt(2026, 5, 1),
            next_update: String::new(),
            status: "Official statistics in development".into(),
        };
        let mut ctx = Context::for_tests(
            RecruitmentYear(2010),
            "Synthetic demonstration data",
            true,
            vec![table],
        );
        ctx.release_config = Box::leak(Box::new(release));
        ctx.provisional_years = Box::leak(Box::new([RecruitmentYear(2010)].into()));
        let bytes = datapackage(&ctx);
        let p: Value = serde_json::from_slice(&bytes).unwrap();
        // The release facts, from the config.
        assert_eq!(
            p["contributors"],
            json!([{"title": "A statistics team", "role": "publisher", "email": "stats@example.org"}])
        );
        assert_eq!(p["created"], "2026-05-01T00:00:00Z");
        assert_eq!(p["status"], "Official statistics in development");
        assert_eq!(p["provisional_years"], json!(["2010/11"]));
        let schema = &p["resources"][0]["schema"];
        assert_eq!(
            schema["primaryKey"],
            json!([
                "time_period",
                "time_identifier",
                "geographic_level",
                "country_code",
                "education_phase"
            ])
        );
        assert_eq!(schema["missingValues"], json!(["", "u", "x", "z", "c"]));
        let types: Vec<&Value> = schema["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| &f["type"])
            .collect();
        assert_eq!(types[6], "integer");
        assert_eq!(types[7], "number");
        assert_eq!(
            schema["fields"][5]["constraints"]["enum"],
            json!(["Primary", "Total"])
        );
        assert_eq!(p["resources"][1]["path"], "data/t.meta.csv");
        assert!(p["description"]
            .as_str()
            .unwrap()
            .starts_with("Synthetic demonstration data. "));
    }
}
