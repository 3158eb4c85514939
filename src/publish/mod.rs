//! Publishing: tables, headlines, manifest and quality report as bytes, and `stage`,
//! the one place that writes them to disk.

pub mod charts;
pub mod datapackage;
pub mod definitions;
pub mod format;
pub mod headlines;
pub mod manifest;
pub mod pdf;
pub mod posts_parquet;
pub mod report;
pub mod retention_tables;
pub mod spreadsheet;
pub mod stage;
pub mod table_schema;
pub mod tables;
