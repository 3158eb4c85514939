//! Cells at every geography and every Total: the shape all published tables share
//! (DESIGN.md, Outputs). A measure aggregates its finest cells once; these functions
//! repeat them at National and Regional level and add the Total items.

use polars::prelude::*;

use crate::domain::{Country, TOTAL};

/// The key columns every cell starts with; `recruitment_year` is the academic year
/// (for the workforce panel, the year of the census); `la_code` is the new LA code.
pub const GEOGRAPHY: [&str; 5] = [
    "recruitment_year",
    "geographic_level",
    "country_code",
    "region_code",
    "la_code",
];

/// The geography columns, then `filters`, as key expressions.
pub fn keys(filters: &[&str]) -> Vec<Expr> {
    GEOGRAPHY.iter().chain(filters).map(|c| col(*c)).collect()
}

/// Which national rows the data has: England and Wales together only when both are in
/// the register (DESIGN.md, Outputs).
pub fn countries_in(schools: &DataFrame) -> PolarsResult<Vec<Country>> {
    let codes = schools
        .clone()
        .lazy()
        .filter(col("in_scope"))
        .select([col("country_code").unique_stable()])
        .collect()?;
    let present: Vec<String> = codes
        .column("country_code")?
        .str()?
        .iter()
        .flatten()
        .map(str::to_string)
        .collect();
    Ok([Country::England, Country::Wales]
        .into_iter()
        .filter(|c| present.iter().any(|p| p == c.code()))
        .collect())
}

/// The top National row: England and Wales together when the data has both countries,
/// else the one it has. Schools not in the register count here.
pub fn top_national(countries: &[Country]) -> Country {
    match countries {
        [one] => *one,
        [] => Country::England,
        _ => Country::EnglandAndWales,
    }
}

/// Repeats each finest cell at the National and Regional geographies it belongs to.
/// Cells of a school not in the register (empty country) count only at the top
/// national level.
pub fn above_local_authority(cells: LazyFrame, countries: &[Country]) -> PolarsResult<LazyFrame> {
    let national = |lf: LazyFrame, code: &str| {
        lf.with_columns([
            lit("National").alias("geographic_level"),
            lit(code.to_string()).alias("country_code"),
            lit("").alias("region_code"),
            lit("").alias("la_code"),
        ])
    };
    let mut parts = Vec::new();
    if countries.len() > 1 {
        parts.push(national(cells.clone(), Country::EnglandAndWales.code()));
    }
    for code in countries.iter().map(|c| c.code()) {
        let here = col("country_code").eq(lit(code));
        let belongs = if countries.len() == 1 {
            here.or(col("country_code").eq(lit("")))
        } else {
            here
        };
        parts.push(national(cells.clone().filter(belongs), code));
    }
    parts.push(
        cells
            .filter(col("region_code").neq(lit("")))
            .with_columns(english("Regional"))
            .with_column(lit("").alias("la_code")),
    );
    concat(parts, UnionArgs::default())
}

/// Repeats each finest cell of an English school at its local authority (inside its
/// region).
pub fn local_authorities(cells: LazyFrame) -> LazyFrame {
    cells
        .filter(col("la_code").neq(lit("")))
        .with_columns(english("Local authority"))
}

fn english(level: &str) -> [Expr; 2] {
    [
        lit(level.to_string()).alias("geographic_level"),
        lit(Country::England.code()).alias("country_code"),
    ]
}

/// `cells` added up over `column`, which is then set to `value` for all: fewer, larger
/// cells (the levels above local authorities need no LA; LAs need no religious
/// character). Every column other than `sums` is a key.
fn collapse(cells: LazyFrame, column: &str, value: &str, sums: &[&str]) -> PolarsResult<LazyFrame> {
    let schema = cells.clone().collect_schema()?;
    let by: Vec<Expr> = schema
        .iter_names()
        .filter(|n| n.as_str() != column && !sums.contains(&n.as_str()))
        .map(|n| col(n.clone()))
        .collect();
    Ok(cells
        .group_by_stable(by)
        .agg(sums.iter().map(|s| col(*s).sum()).collect::<Vec<_>>())
        .with_column(lit(value.to_string()).alias(column)))
}

/// Cells at every geography (National, Regional, Local authority) with every Total of
/// `filters` (`with_totals`),
/// each level added up from cells no finer than it needs: above local authorities from
/// cells without their LA; local authorities at the Total of each filter `la_totals`
/// names only (too small to break down by them).
pub fn cube(
    cells: LazyFrame,
    countries: &[Country],
    filters: &[&str],
    la_totals: &[&str],
    sums: &[&str],
) -> PolarsResult<LazyFrame> {
    let above = with_totals(
        above_local_authority(collapse(cells.clone(), "la_code", "", sums)?, countries)?,
        filters,
        &[],
        sums,
    )?;
    let mut in_las = cells.filter(col("la_code").neq(lit("")));
    for total in la_totals {
        in_las = collapse(in_las, total, TOTAL, sums)?;
    }
    let others: Vec<&str> = filters
        .iter()
        .copied()
        .filter(|f| !la_totals.contains(f))
        .collect();
    let las = with_totals(local_authorities(in_las), &others, la_totals, sums)?;
    // The same columns in the same order, so the two stack.
    let order: Vec<Expr> = keys(filters)
        .into_iter()
        .chain(sums.iter().map(|s| col(*s)))
        .collect();
    concat(
        [above.select(order.clone()), las.select(order)],
        UnionArgs::default(),
    )
}

/// Adds the `Total` items: every cell is repeated with each subset of `filters` set to
/// Total; `grouped_by` are further keys that never get a Total. A cell with no
/// religious character (a school not in the register) counts in the religious-character
/// Total only.
pub fn with_totals(
    cells: LazyFrame,
    filters: &[&str],
    grouped_by: &[&str],
    sums: &[&str],
) -> PolarsResult<LazyFrame> {
    let mut parts = Vec::new();
    for mask in 0..(1u32 << filters.len()) {
        let mut lf = cells.clone();
        let mut totalled = Vec::new();
        for (i, f) in filters.iter().enumerate() {
            if mask & (1 << i) != 0 {
                totalled.push(lit(TOTAL).alias(*f));
            } else if *f == "school_religious_character" {
                lf = lf.filter(col(*f).neq(lit("")));
            }
        }
        if !totalled.is_empty() {
            lf = lf.with_columns(totalled);
        }
        parts.push(lf);
    }
    let mut by = keys(filters);
    by.extend(grouped_by.iter().map(|c| col(*c)));
    Ok(concat(parts, UnionArgs::default())?
        .group_by_stable(by)
        .agg(sums.iter().map(|s| col(*s).sum()).collect::<Vec<_>>()))
}
