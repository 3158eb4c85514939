//! Publishing: renders the disclosed cells and the measures' decisions as tables
//! (`tidy`, the one typed table every tabular output is rendered from), charts,
//! headlines, the report, the workbook, the data package, the manifest and the quality
//! report; `stage` is the one place that writes them to disk. Publish never computes a
//! statistic and never reads back what it wrote.

pub mod about;
pub mod charts;
pub mod context;
pub mod datapackage;
pub mod definitions;
pub mod format;
pub mod headlines;
pub mod local_authorities;
pub mod manifest;
pub mod pdf;
pub mod posts_parquet;
pub mod report;
pub mod retention_tables;
pub mod revisions;
pub mod revisions_table;
pub mod spreadsheet;
pub mod stage;
pub mod survey_tables;
pub mod tables;
pub mod tidy;
pub mod two_methods;
