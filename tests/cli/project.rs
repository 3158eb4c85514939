//! `Project`: a temporary copy of a fixture project, and the `slm` command run in it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub struct Project {
    dir: tempfile::TempDir,
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &dest);
        } else {
            fs::copy(&path, &dest).unwrap();
        }
    }
}

impl Project {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&repo_root().join("tests/fixtures").join(name), dir.path());
        Project { dir }
    }

    /// An empty project, for tests that write their own inputs.
    pub fn empty() -> Self {
        Project {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A copy of the shipped configuration and data (slm.toml, data/).
    pub fn shipped() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::copy(repo_root().join("slm.toml"), dir.path().join("slm.toml")).unwrap();
        copy_tree(&repo_root().join("data"), &dir.path().join("data"));
        Project { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }

    pub fn append(&self, rel: &str, content: &str) {
        let mut text = fs::read_to_string(self.path(rel)).unwrap();
        text.push_str(content);
        self.write(rel, text);
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap()
    }

    pub fn slm(&self) -> Command {
        let mut cmd = Command::cargo_bin("slm").unwrap();
        cmd.current_dir(self.dir.path());
        cmd
    }

    /// Runs `slm args`, expects exit code `code`, and returns what it wrote to stderr.
    pub fn stderr_of(&self, args: &[&str], code: i32) -> String {
        let out = self
            .slm()
            .args(args)
            .assert()
            .code(code)
            .get_output()
            .stderr
            .clone();
        String::from_utf8(out).unwrap()
    }

    /// Runs `slm args`, expects success, and returns what it wrote to stdout.
    pub fn stdout_of<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> String {
        let out = self.slm().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{:?}: {}",
            args.iter().map(|a| a.as_ref()).collect::<Vec<_>>(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Every file below `rel`, by relative path, with its bytes.
    pub fn tree(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(base, &path, out);
                } else {
                    let key = path
                        .strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    out.insert(key, fs::read(&path).unwrap());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.path(rel), &self.path(rel), &mut out);
        out
    }

    /// A CSV output as rows of column -> value.
    pub fn csv(&self, rel: &str) -> Vec<BTreeMap<String, String>> {
        read_csv(&self.path(rel))
    }
}

/// The text a reader of an output sees: every cell of every sheet of a workbook (an
/// `.xlsx` is a zip, so its bytes hide its text), every value of a Parquet file
/// (compressed), else the bytes as UTF-8. Scans for names and ids go through here.
pub fn readable(path: &str, bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut text = String::new();
    if path.ends_with(".xlsx") {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        for name in book.sheet_names() {
            for row in book.worksheet_range(&name).unwrap().rows() {
                for cell in row {
                    let _ = write!(text, "{cell}\t");
                }
                text.push('\n');
            }
        }
    } else if path.ends_with(".parquet") {
        use polars::prelude::*;
        let df = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .unwrap();
        for column in df.columns() {
            let values = column.cast(&DataType::String).unwrap();
            for v in values.str().unwrap().iter().flatten() {
                let _ = write!(text, "{v}\t");
            }
            text.push('\n');
        }
    } else {
        text = String::from_utf8_lossy(bytes).into_owned();
    }
    text
}

/// The one row of `rows` whose columns have the given values.
pub fn row<'a>(
    rows: &'a [BTreeMap<String, String>],
    want: &[(&str, &str)],
) -> &'a BTreeMap<String, String> {
    let found: Vec<_> = rows
        .iter()
        .filter(|r| {
            want.iter()
                .all(|(k, v)| r.get(*k).map(String::as_str) == Some(*v))
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one row matching {want:?}, found {}",
        found.len()
    );
    found[0]
}

/// A real local authority of `region` (GIAS spelling) as three register fields:
/// `LA (name)`, `LA (code)`, `GSSLACode (name)`.
pub fn la_in(region: &str) -> &'static str {
    match region {
        "North East" => "Newcastle upon Tyne,391,E08000021",
        "North West" => "Manchester,352,E08000003",
        "Yorkshire and the Humber" => "Leeds,383,E08000035",
        "East Midlands" => "Nottingham,892,E06000018",
        "West Midlands" => "Birmingham,330,E08000025",
        "East of England" => "Norfolk,926,E10000020",
        "London" => "Camden,202,E09000007",
        "South East" => "Kent,886,E10000016",
        "South West" => "Devon,878,E10000008",
        "Wales (pseudo)" => "Cardiff,681,W06000015",
        other => panic!("no LA for region `{other}` in the tests"),
    }
}

/// A CSV file as rows of column -> value.
pub fn read_csv(path: &std::path::Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}
