//! An input file's bytes, mapped from the page cache instead of copied into fresh
//! memory: a national register and panel run to 100 MB, and every fresh page the kernel
//! must zero costs more than reading it (BENCHMARKS.md, issue 28). Files that cannot be
//! mapped (pipes, empty files) are read as before.

use std::path::Path;

pub enum FileBytes {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Mapped(map) => map,
            FileBytes::Read(bytes) => bytes,
        }
    }
}

/// The bytes of the file at `path`, mapped when it is a regular file that is not empty.
pub fn read(path: &Path) -> std::io::Result<FileBytes> {
    let file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    if metadata.is_file() && metadata.len() > 0 {
        // SAFETY: the map is read-only and lives only while one build reads the file.
        // An input changed by another program during that read could be seen half old,
        // half new; the manifest's hash is taken from the same bytes the readers parse,
        // so what was read is what is recorded.
        if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
            return Ok(FileBytes::Mapped(map));
        }
    }
    std::fs::read(path).map(FileBytes::Read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapped_file_and_an_empty_one_read_as_their_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let (full, empty) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
        std::fs::write(&full, b"a,b\n1,2\n").unwrap();
        std::fs::write(&empty, b"").unwrap();
        let bytes = read(&full).unwrap();
        assert!(matches!(bytes, FileBytes::Mapped(_)));
        assert_eq!(&*bytes, b"a,b\n1,2\n");
        assert_eq!(&*read(&empty).unwrap(), b"");
        assert!(read(&dir.path().join("missing.csv")).is_err());
    }
}
