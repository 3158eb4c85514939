//! The round rule (DESIGN.md, Definitions: Recruitment round): adverts become posts.
//! Pure: frames in, frames out. A round opens with a school's first advert for a role,
//! or with one more than `readvert_max_days` after the previous advert; a later advert
//! `readvert_min_days..=readvert_max_days` days after the previous one is a
//! re-advertisement; a closer one is a repeat listing. "A school" is a lineage (DESIGN.md,
//! Definitions: School lineage): with links, a re-advertisement at a converted school's
//! new URN continues the round opened at the old one.

use polars::prelude::*;

use crate::config::Rules;
use crate::lineage::Lineages;

/// `adverts` with a `lineage` column: the lineage of each advert's school (its own URN
/// when it is in no followed link).
pub fn with_lineage(adverts: LazyFrame, lineages: &Lineages) -> PolarsResult<LazyFrame> {
    let pairs = lineages.pairs();
    if pairs.is_empty() {
        return Ok(adverts.with_columns([col("school_urn").alias("lineage")]));
    }
    let map = df!(
        "school_urn" => pairs.iter().map(|p| p.0).collect::<Vec<u32>>(),
        "lineage_of" => pairs.iter().map(|p| p.1).collect::<Vec<u32>>(),
    )?;
    Ok(adverts
        .left_join(map.lazy(), col("school_urn"), col("school_urn"))
        .with_columns([col("lineage_of")
            .fill_null(col("school_urn"))
            .alias("lineage")])
        .drop(cols(["lineage_of"])))
}

/// Every advert with its place under the round rule, in order of (lineage, post,
/// published_on, advert_id): `gap` (days since the previous advert of its school and
/// post; null for the first), `opens_round`, `is_readvertisement` and `round`, the
/// number of its round (`assign_rounds` keeps it as `round_id`). `slm explain` lists
/// adverts from this frame.
pub fn advert_steps(adverts: LazyFrame, rules: &Rules) -> LazyFrame {
    let prev = |name: &str| col(name).shift(lit(1));
    let same_post = col("lineage")
        .eq(prev("lineage"))
        .and(col("post").eq(prev("post")))
        .fill_null(lit(false));
    let gap = col("published_on") - prev("published_on");
    adverts
        .sort(
            ["lineage", "post", "published_on", "advert_id"],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .with_columns([
            same_post.clone().alias("same_post"),
            // Only between adverts of one school and post.
            when(same_post).then(gap).otherwise(lit(NULL)).alias("gap"),
        ])
        .with_columns([
            col("same_post")
                .not()
                .or(col("gap").gt(lit(rules.readvert_max_days)))
                .fill_null(lit(true))
                .alias("opens_round"),
            col("same_post")
                .and(col("gap").gt_eq(lit(rules.readvert_min_days)))
                .and(col("gap").lt_eq(lit(rules.readvert_max_days)))
                .fill_null(lit(false))
                .alias("is_readvertisement"),
        ])
        .with_columns([col("opens_round")
            .cast(DataType::UInt32)
            .cum_sum(false)
            .alias("round")])
}

/// One row per round, in order of (school_urn, post, opened_on): school_urn, post,
/// opened_on (days), recruitment_year, phase_override, first_advert_id, first_from_feed
/// and first_extended of its first advert; advert_count, readvertisement_count, is_readvertised and round_id.
pub fn assign_rounds(adverts: LazyFrame, rules: &Rules) -> LazyFrame {
    advert_steps(adverts, rules)
        .group_by_stable([col("round")])
        .agg([
            col("school_urn").first(),
            col("post").first(),
            col("published_on").first().alias("opened_on"),
            col("recruitment_year").first(),
            col("phase_override").first(),
            col("advert_id").first().alias("first_advert_id"),
            // The first advert came from the Teaching Vacancies feed, and its vacancy
            // was extended (reported beside the rate, never part of it).
            col("from_feed").first().alias("first_from_feed"),
            col("extended").first().alias("first_extended"),
            len().cast(DataType::Int64).alias("advert_count"),
            col("is_readvertisement")
                .cast(DataType::Int64)
                .sum()
                .alias("readvertisement_count"),
            // Null when never re-advertised: the gap it gives is what completeness of a
            // provisional year is estimated from (measures::projection).
            col("published_on")
                .filter(col("is_readvertisement"))
                .min()
                .alias("first_readvertised_on"),
        ])
        .rename(["round"], ["round_id"], true)
        .with_columns([col("readvertisement_count")
            .gt(lit(0))
            .alias("is_readvertised")])
}

/// Why a round is left out of a figure (DESIGN.md, Definitions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    /// Left out of every figure: the school is not a state-funded school with a phase.
    OutOfScope,
    /// Left out of every figure: no register entry and no phase on the advert.
    UnknownWithoutPhase,
    /// Counted in the top National figures only: no register entry, but a phase.
    NotInRegister,
}

impl Exclusion {
    /// Left out of every figure, in the order `quality.json` lists them.
    pub const LEFT_OUT: [Exclusion; 2] = [Exclusion::OutOfScope, Exclusion::UnknownWithoutPhase];

    /// The reason in words (`quality.json`, the report).
    pub fn reason(self) -> &'static str {
        match self {
            Exclusion::OutOfScope => "school out of scope (not a state-funded school with a phase)",
            Exclusion::UnknownWithoutPhase => "school not in the register and advert has no phase",
            Exclusion::NotInRegister => {
                "school not in the register; counted in National totals only"
            }
        }
    }
}

/// Joins rounds to their schools: adds `education_phase` (the advert's own phase, else
/// the register's), `country_code`, `region_code`, `la_code`, `school_religious_character` (empty
/// for a school not in the register), `is_provisional`, and `exclusion` (empty for a
/// round that counts, else the reason it is left out).
pub fn attach_schools(
    rounds: LazyFrame,
    schools: LazyFrame,
    rules: &Rules,
    observed_until: i32,
) -> LazyFrame {
    let school_cols = schools.select([
        col("school_urn"),
        col("in_scope"),
        col("education_phase").alias("register_phase"),
        col("country_code"),
        col("region_code"),
        col("la_code"),
        col("school_religious_character"),
    ]);
    let unknown = col("in_scope").is_null();
    let has_phase = col("phase_override").neq(lit(""));
    rounds
        .left_join(school_cols, col("school_urn"), col("school_urn"))
        .with_columns([
            when(has_phase.clone())
                .then(col("phase_override"))
                .otherwise(col("register_phase").fill_null(lit("")))
                .alias("education_phase"),
            col("country_code").fill_null(lit("")),
            col("region_code").fill_null(lit("")),
            col("la_code").fill_null(lit("")),
            col("school_religious_character").fill_null(lit("")),
            (lit(observed_until) - col("opened_on"))
                .lt(lit(rules.readvert_max_days))
                .alias("is_provisional"),
            when(unknown.clone().and(has_phase.not()))
                .then(lit(Exclusion::UnknownWithoutPhase.reason()))
                .when(unknown.not().and(col("in_scope").not()))
                .then(lit(Exclusion::OutOfScope.reason()))
                .otherwise(lit(""))
                .alias("exclusion"),
        ])
        .drop(cols(["in_scope", "register_phase"]))
        .sort(
            ["recruitment_year", "school_urn", "post", "opened_on"],
            SortMultipleOptions::default().with_maintain_order(true),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Days between 2010-09-01 and the given offsets: the round rule only sees gaps.
    fn frame(adverts: &[(&str, i32, u32, &str)]) -> DataFrame {
        df!(
            "advert_id" => adverts.iter().map(|a| a.0).collect::<Vec<_>>(),
            "published_on" => adverts.iter().map(|a| 14_853 + a.1).collect::<Vec<_>>(),
            "recruitment_year" => adverts.iter().map(|_| 2010).collect::<Vec<_>>(),
            "school_urn" => adverts.iter().map(|a| a.2).collect::<Vec<_>>(),
            "post" => adverts.iter().map(|a| a.3).collect::<Vec<_>>(),
            "phase_override" => adverts.iter().map(|_| "").collect::<Vec<_>>(),
            "from_feed" => adverts.iter().map(|_| false).collect::<Vec<_>>(),
            "extended" => adverts.iter().map(|_| false).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    fn rounds(df: DataFrame) -> Vec<(String, i64, i64)> {
        let out = assign_rounds(
            with_lineage(df.lazy(), &Lineages::default()).unwrap(),
            &Rules::default(),
        )
        .collect()
        .unwrap();
        let ids = out
            .column("first_advert_id")
            .unwrap()
            .str()
            .unwrap()
            .clone();
        let adverts = out.column("advert_count").unwrap().i64().unwrap().clone();
        let readverts = out
            .column("readvertisement_count")
            .unwrap()
            .i64()
            .unwrap()
            .clone();
        (0..out.height())
            .map(|i| {
                (
                    ids.get(i).unwrap().to_string(),
                    adverts.get(i).unwrap(),
                    readverts.get(i).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn gap_boundaries() {
        // Gaps of 20 (repeat), 21 (re-advert), 365 (re-advert), 366 (new round).
        let got = rounds(frame(&[
            ("a", 0, 1, "Head teacher"),
            ("b", 20, 1, "Head teacher"),
            ("c", 41, 1, "Head teacher"),
            ("d", 406, 1, "Head teacher"),
            ("e", 772, 1, "Head teacher"),
        ]));
        assert_eq!(got, vec![("a".into(), 4, 2), ("e".into(), 1, 0)]);
    }

    #[test]
    fn roles_and_schools_are_separate_rounds() {
        let got = rounds(frame(&[
            ("h", 0, 1, "Head teacher"),
            ("d", 30, 1, "Deputy head teacher"),
            ("o", 30, 2, "Head teacher"),
        ]));
        assert_eq!(got.len(), 3);
        assert!(got.iter().all(|r| r.2 == 0));
    }

    proptest! {
        #[test]
        fn shuffling_changes_nothing_and_every_advert_lands_once(
            adverts in prop::collection::vec((0i32..2000, 1u32..4, 0usize..3), 1..60),
            seed in any::<u64>(),
        ) {
            let posts = ["Head teacher", "Deputy head teacher", "Assistant head teacher"];
            let rows: Vec<(String, i32, u32, &str)> = adverts
                .iter()
                .enumerate()
                .map(|(i, (d, u, p))| (format!("ad{i:03}"), *d, *u, posts[*p]))
                .collect();
            let as_refs = |rows: &[(String, i32, u32, &str)]| -> DataFrame {
                let v: Vec<(&str, i32, u32, &str)> = rows.iter().map(|r| (r.0.as_str(), r.1, r.2, r.3)).collect();
                frame(&v)
            };
            let mut shuffled = rows.clone();
            // A deterministic shuffle driven by the seed.
            let n = shuffled.len();
            let mut s = seed;
            for i in (1..n).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (s >> 33) as usize % (i + 1));
            }
            let a = rounds(as_refs(&rows));
            let mut b = rounds(as_refs(&shuffled));
            let mut a_sorted = a.clone();
            a_sorted.sort();
            b.sort();
            prop_assert_eq!(&a_sorted, &b);
            let total: i64 = a.iter().map(|r| r.1).sum();
            prop_assert_eq!(total as usize, rows.len());
            prop_assert!(a.iter().all(|r| r.2 < r.1));
        }
    }
}
