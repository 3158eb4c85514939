//! Fuzzing the readers with proptest: arbitrary bytes, and the bad-input corpus
//! (tests/fixtures/bad) mutated byte by byte, go through the decoder and every reader.
//! Nothing may panic, and every problem must name its file. The number of cases is
//! `PROPTEST_CASES` (256 by default; `.ci/run` runs a longer, bounded pass).

use proptest::prelude::*;

use super::{check_bytes, FileKind};
use crate::calendar::YearStart;

const KINDS: [FileKind; 7] = [
    FileKind::Adverts,
    FileKind::Schools,
    FileKind::Workforce,
    FileKind::Published,
    FileKind::Links,
    FileKind::Survey,
    FileKind::Csv,
];

/// The corpus files (seeds), read once.
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("the corpus")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| std::fs::read(p).expect("seed"))
            .collect()
    })
}

/// One edit of a seed: overwrite, insert or delete a byte at a position.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize),
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let n = bytes.len();
        match *e {
            Edit::Set(i, b) if n > 0 => bytes[i % n] = b,
            Edit::Insert(i, b) => bytes.insert(i % (n + 1), b),
            Edit::Delete(i) if n > 0 => {
                bytes.remove(i % n);
            }
            _ => {}
        }
    }
    bytes
}

fn edit() -> impl Strategy<Value = Edit> {
    // Bytes that matter to CSV and to the decoders more often than others.
    let byte = prop_oneof![
        Just(b','),
        Just(b'"'),
        Just(b'\n'),
        Just(b'\r'),
        Just(0u8),
        Just(0xFF),
        Just(0xC3),
        any::<u8>(),
    ];
    prop_oneof![
        (any::<usize>(), byte.clone()).prop_map(|(i, b)| Edit::Set(i, b)),
        (any::<usize>(), byte).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Delete),
    ]
}

fn check_all(bytes: &[u8]) -> Result<(), TestCaseError> {
    for kind in KINDS {
        let problems = check_bytes(
            YearStart::default(),
            &Default::default(),
            kind,
            "fuzz.csv",
            bytes,
        );
        for p in &problems {
            prop_assert_eq!(&p.file, "fuzz.csv");
            prop_assert!(!p.message.is_empty());
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn fuzz_arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check_all(&bytes)?;
    }

    #[test]
    fn fuzz_mutated_corpus_never_panics(
        seed in any::<prop::sample::Index>(),
        edits in proptest::collection::vec(edit(), 1..8),
    ) {
        let seeds = seeds();
        let bytes = apply(seeds[seed.index(seeds.len())].clone(), &edits);
        check_all(&bytes)?;
    }

    /// Text that looks like an advert file: random rows of plausible and implausible
    /// fields.
    #[test]
    fn fuzz_advert_like_rows_never_panic(
        rows in proptest::collection::vec(
            (
                "[A-Za-z0-9]{0,4}",
                prop_oneof![Just("2010-10-01".to_string()), "[0-9]{4}-[0-9]{2}-[0-9]{2}", "[ -~]{0,12}"],
                prop_oneof![Just("100001".to_string()), "-?[0-9]{0,12}", "[ -~]{0,6}"],
                prop_oneof![Just("head".to_string()), Just("Deputy".to_string()), "[a-z]{0,9}"],
            ),
            0..20,
        )
    ) {
        let mut text = String::from("advert_id,published_on,school_urn,role\n");
        for (id, date, urn, role) in rows {
            text.push_str(&format!("{id},{date},{urn},{role}\n"));
        }
        check_all(text.as_bytes())?;
    }
}
