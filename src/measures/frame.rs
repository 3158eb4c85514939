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

/// A UInt32 column of URNs; nulls read as 0 (no URN is 0).
pub fn urns(df: &DataFrame, name: &str) -> PolarsResult<Vec<u32>> {
    Ok(df
        .column(name)?
        .u32()?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect())
}

/// A Boolean column; nulls read as false.
pub fn flags(df: &DataFrame, name: &str) -> PolarsResult<Vec<bool>> {
    Ok(df
        .column(name)?
        .bool()?
        .iter()
        .map(|v| v.unwrap_or(false))
        .collect())
}
