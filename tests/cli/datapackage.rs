//! `datapackage.json` against the CSVs it describes: every CSV is a resource, fields
//! match the header in order, typed values parse (or are a listed missing value), filter
//! items are within their enum, and primary keys are unique. (`.ci/run` also validates
//! the shipped reports with the `frictionless` tool itself.)

use std::collections::BTreeSet;

use serde_json::Value;

use crate::project::Project;

#[test]
fn the_data_package_describes_every_csv_truthfully() {
    let p = Project::fixture("panel");
    p.slm().arg("build").assert().success();
    let reports = p.tree("reports");
    let package_file = reports
        .keys()
        .find(|k| k.ends_with("datapackage.json"))
        .unwrap()
        .clone();
    let dir = package_file.trim_end_matches("datapackage.json");
    let package: Value = serde_json::from_slice(&reports[&package_file]).unwrap();
    let resources = package["resources"].as_array().unwrap();

    let csvs: BTreeSet<String> = reports
        .keys()
        .filter(|k| k.ends_with(".csv"))
        .map(|k| k[dir.len()..].to_string())
        .collect();
    let described: BTreeSet<String> = resources
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(described, csvs);
    assert!(csvs.contains("data/retention.csv"), "{csvs:?}");

    for r in resources {
        let path = r["path"].as_str().unwrap();
        let bytes = &reports[&format!("{dir}{path}")];
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let schema = &r["schema"];
        let fields = schema["fields"].as_array().unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(names, header, "{path}");
        let missing: Vec<&str> = schema["missingValues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let key: Vec<usize> = schema["primaryKey"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| names.iter().position(|n| n == k).unwrap())
            .collect();
        let mut keys = BTreeSet::new();
        for record in reader.records() {
            let record = record.unwrap();
            for (f, value) in fields.iter().zip(record.iter()) {
                if missing.contains(&value) {
                    continue;
                }
                let ok = match f["type"].as_str().unwrap() {
                    "integer" => value.parse::<i64>().is_ok(),
                    "number" => value.parse::<f64>().is_ok(),
                    _ => f["constraints"]["enum"]
                        .as_array()
                        .is_none_or(|items| items.iter().any(|i| i == value)),
                };
                assert!(ok, "{path}: {value:?} in {}", f["name"]);
            }
            let k: Vec<String> = key.iter().map(|&i| record[i].to_string()).collect();
            assert!(keys.insert(k.clone()), "{path}: primary key {k:?} twice");
        }
    }
}
