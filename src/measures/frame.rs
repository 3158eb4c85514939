//! Reading a collected frame's columns into plain vectors, for the cells measures return.

use polars::prelude::*;

/// A text column; nulls read as empty.
pub fn strings(df: &DataFrame, name: &str) -> PolarsResult<Vec<String>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|v| v.unwrap_or("").to_string())
        .collect())
}

/// A count column (Int64); nulls read as 0.
pub fn counts(df: &DataFrame, name: &str) -> PolarsResult<Vec<u64>> {
    Ok(df
        .column(name)?
        .i64()?
        .iter()
        .map(|v| v.unwrap_or(0).max(0) as u64)
        .collect())
}

/// An Int32 column of years; nulls read as 0.
pub fn years(df: &DataFrame, name: &str) -> PolarsResult<Vec<i32>> {
    Ok(df
        .column(name)?
        .i32()?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect())
}
