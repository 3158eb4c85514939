//! `data/posts.parquet`: one row per counted post (recruitment round), school-level,
//! for notebooks. No person-level data exists at this stage to leak.

use polars::prelude::*;

pub fn write(posts: &DataFrame) -> PolarsResult<Vec<u8>> {
    let mut out = posts
        .clone()
        .lazy()
        .select([
            (col("recruitment_year") * lit(100) + (col("recruitment_year") + lit(1)) % lit(100))
                .alias("time_period"),
            col("school_urn"),
            col("post"),
            col("education_phase"),
            col("country_code"),
            col("region_code"),
            col("la_code"),
            col("school_religious_character"),
            col("opened_on").cast(DataType::Date),
            col("first_advert_id"),
            col("advert_count"),
            col("readvertisement_count"),
            col("is_readvertised"),
            col("is_provisional"),
        ])
        .sort(
            ["time_period", "school_urn", "post", "opened_on"],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .collect()?;
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .set_parallel(false)
        .finish(&mut out)?;
    Ok(bytes)
}
