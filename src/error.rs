//! Errors, each printed as one line that names the file (with line and
//! column when known), the clause or the variable at fault.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {msg}", path.display())]
    Io { path: PathBuf, msg: String },
    #[error("{}:{line}:{column}: {msg}", path.display())]
    Json { path: PathBuf, line: usize, column: usize, msg: String },
    #[error("{}: {msg}", path.display())]
    Manifest { path: PathBuf, msg: String },
    #[error("{}: clause « {id} » has no fragment (expected {})", manifest.display(), expected.display())]
    MissingClause { manifest: PathBuf, id: String, expected: PathBuf },
    #[error("{}:{line}: {msg}", path.display())]
    Fragment { path: PathBuf, line: usize, msg: String },
    #[error("{}:{line}: not valid UTF-8 (byte {byte} of that line); save the file as UTF-8", path.display())]
    Utf8 { path: PathBuf, line: usize, byte: usize },
    #[error("{}: {msg}", path.display())]
    Import { path: PathBuf, msg: String },
    /// A change set refused: it names the operation and why.
    #[error("{}: {msg}", path.display())]
    ChangeSet { path: PathBuf, msg: String },
    /// An avenant that cannot be drafted from two texts, and why.
    #[error("cannot draft the avenant: {0}")]
    Draft(String),
    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),
    /// A program clausier calls (LibreOffice) is missing or failed.
    #[error("{tool}: {msg}")]
    Tool { tool: &'static str, msg: String },
    /// A Word document that cannot be read, and what is wrong with it.
    #[error("{0}")]
    Docx(String),
    /// An output that would not be valid, refused before it is written.
    #[error("{0}")]
    Invalid(String),
    /// A broken invariant: a bug to report, never a user's fault.
    #[error("internal error (please report): {0}")]
    Internal(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub(crate) fn io(path: &Path, e: std::io::Error) -> Error {
        let msg = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            std::io::ErrorKind::IsADirectory => "is a folder, where a file was expected".to_string(),
            _ => e.to_string(),
        };
        Error::Io { path: path.to_path_buf(), msg }
    }

    pub(crate) fn json(path: &Path, e: serde_json::Error) -> Error {
        let full = e.to_string();
        let what = full.split(" at line ").next().unwrap_or(&full);
        let msg = if e.is_data() {
            format!("invalid content: {}{}", what, suggestion(what))
        } else {
            format!("malformed JSON: {}", what)
        };
        Error::Json { path: path.to_path_buf(), line: e.line(), column: e.column(), msg }
    }
}

/// For serde's « unknown field `originals`, expected one of `kind`, … »:
/// the known field closest to the typo, if one is close enough.
fn suggestion(msg: &str) -> String {
    let Some(rest) = msg.strip_prefix("unknown field `") else { return String::new() };
    let Some((field, expected)) = rest.split_once('`') else { return String::new() };
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match crate::templates::closest(field, &known) {
        Some(k) => format!(" (did you mean \"{}\"?)", k),
        None => String::new(),
    }
}
