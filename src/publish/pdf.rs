//! `slm build --pdf`: prints `report.html` to `report.pdf` with headless Chromium, when
//! it is installed. The PDF is a convenience copy: unlike every other output it is not
//! byte-reproducible (Chromium stamps it), so `slm check` does not compare it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

pub const PDF_NAME: &str = "report.pdf";

const BROWSERS: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

fn find_browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| BROWSERS.iter().map(move |b| dir.join(b)))
        .find(|p| p.is_file())
}

/// Prints the HTML text to PDF bytes.
pub fn print(html: &str) -> Result<Vec<u8>> {
    let browser = find_browser().ok_or_else(|| {
        Error::config(
            "--pdf",
            "no Chromium found on PATH (looked for chromium, chromium-browser, google-chrome); install it (Debian: apt-get install chromium) or build without --pdf",
        )
    })?;
    let dir = tempfile::tempdir()
        .map_err(|e| Error::io(Path::new("temporary directory"), "create", e))?;
    let html_path = dir.path().join("report.html");
    let pdf_path = dir.path().join(PDF_NAME);
    std::fs::write(&html_path, html).map_err(|e| Error::io(&html_path, "write", e))?;
    let output = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf_path.display()))
        .arg(format!("file://{}", html_path.display()))
        .output()
        .map_err(|e| Error::io(&browser, "run", e))?;
    std::fs::read(&pdf_path).map_err(|e| {
        Error::io(
            &pdf_path,
            "print",
            std::io::Error::other(format!(
                "{e}; {} said: {}",
                browser.display(),
                String::from_utf8_lossy(&output.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            )),
        )
    })
}
