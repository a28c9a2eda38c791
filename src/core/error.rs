//! Why a project, set or article could not be read or written.
//!
//! Every variant names the file; parse errors add the line and column.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    // Not a `source`: the message already says it, and a source would make
    // error chains print it twice.
    #[error("{}: {error}", .path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{}: not valid UTF-8 at byte {byte}", .path.display())]
    Utf8 { path: PathBuf, byte: usize },
    #[error("{}:{}:{}: {message}", .path.display(), .at.line, .at.col)]
    Parse {
        path: PathBuf,
        at: LineCol,
        message: String,
    },
    #[error(
        "{}: written in format version {found} by a newer Concord; this one reads up to {supported}. Update Concord to open it.",
        .path.display()
    )]
    NewerFormat {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{}: {size} bytes is more than the {limit} bytes Concord reads from one file", .path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{}: {message}", .path.display())]
    Invalid { path: PathBuf, message: String },
    #[error(
        "{}: the project is open for writing by {holder}; close it there, or wait for it",
        .path.display()
    )]
    Locked { path: PathBuf, holder: String },
    #[error("{}: opened read-only (another process is writing it); not saved", .path.display())]
    ReadOnly { path: PathBuf },
    #[error(
        "changed on disk by another program since they were opened: {}; reload them, or keep yours to overwrite",
        list(.paths)
    )]
    ChangedOnDisk { paths: Vec<PathBuf> },
}

fn list(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths
        .iter()
        .take(5)
        .map(|p| p.display().to_string())
        .collect();
    match paths.len() {
        n if n > 5 => format!("{} and {} more", shown.join(", "), n - 5),
        _ => shown.join(", "),
    }
}

/// A 1-based position in a text file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

impl FileError {
    pub fn io(path: impl Into<PathBuf>, error: std::io::Error) -> Self {
        FileError::Io {
            path: path.into(),
            error,
        }
    }
}
