//! The integration tests: each module drives the real `slm` binary on a small project
//! written into a temporary directory.

mod audit;
mod bad_inputs;
mod build;
mod check;
mod claims;
mod completions;
mod crash;
mod datapackage;
mod explain;
mod fetch;
mod headlines;
mod links;
mod project;
mod register;
mod report;
mod retention;
mod revisions;
mod shipped;
mod spreadsheet;
mod survey;
mod teaching_vacancies;
mod validate;
