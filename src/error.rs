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

/// The largest text clausier reads (a convention of 110 KB is a big one):
/// past this, a file is refused at once rather than read into memory.
pub(crate) const MAX_TEXT: u64 = 32 * 1024 * 1024;

/// Refuses a file larger than `MAX_TEXT` before reading it.
pub(crate) fn check_size(path: &Path) -> Result<()> {
    let len = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
    if len > MAX_TEXT {
        return Err(Error::Io {
            path: path.to_path_buf(),
            msg: format!(
                "{} MB: too large for a convention (clausier reads texts up to {} MB)",
                len / (1024 * 1024),
                MAX_TEXT / (1024 * 1024)
            ),
        });
    }
    Ok(())
}

/// Reads a file as UTF-8, naming the line of the first invalid byte. A byte
/// order mark at the start (Notepad writes one) is dropped. The read itself
/// stops past `MAX_TEXT`, whatever the file claims to be (`/dev/zero`).
pub(crate) fn read_utf8(path: &Path) -> Result<String> {
    use std::io::Read;
    check_size(path)?;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_TEXT + 1).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_TEXT {
        return Err(Error::Io {
            path: path.to_path_buf(),
            msg: format!("more than {} MB: too large for a convention", MAX_TEXT / (1024 * 1024)),
        });
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let byte = good.len() - good.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
        Error::Utf8 { path: path.to_path_buf(), line, byte }
    })
}
