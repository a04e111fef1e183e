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
    /// A text or a document that gives no convention to import.
    #[error("{}: {why}", path.display())]
    Import { path: PathBuf, why: NotImported },
    /// A change set refused: it names the operation and why.
    #[error("{}: {msg}", path.display())]
    ChangeSet { path: PathBuf, msg: String },
    /// An avenant that cannot be drafted from two texts, and why.
    #[error("cannot draft the avenant: {0}")]
    Draft(Undraftable),
    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),
    /// A program clausier calls (LibreOffice) is missing or failed.
    #[error("{tool}: {msg}")]
    Tool { tool: &'static str, msg: String },
    /// A Word or LibreOffice document that cannot be read, and what is
    /// wrong with it.
    #[error("{0}")]
    Docx(#[from] Unreadable),
    /// A Word document given as a version of a text it was not made from:
    /// where the two first differ, and why that matters.
    #[error("{} was not made from {original}: first difference at {place} ({why})", path.display())]
    NotMadeFrom { path: PathBuf, original: String, place: String, why: String },
    /// An output that would not be valid, refused before it is written:
    /// the check's own error, told with the folder's final name where the
    /// check saw its staging folder.
    #[error("{}", .error.to_string().replace(&staged.display().to_string(), &dir.display().to_string()))]
    Invalid { error: Box<Error>, staged: PathBuf, dir: PathBuf },
    /// A broken invariant: a bug to report, never a user's fault.
    #[error("internal error (please report): {0}")]
    Internal(Bug),
}

pub type Result<T> = std::result::Result<T, Error>;

/// Why an avenant cannot be drafted from two texts.
#[derive(Debug, thiserror::Error)]
pub enum Undraftable {
    /// The signature blocks differ: an avenant does not amend who signed.
    #[error("the signature blocks changed: an avenant does not amend who signed the convention (name the avenant's own signatories in `signataires`)")]
    SignaturesChanged,
    /// The two texts say the same; `sommaire_edits` are the entries typed
    /// into a Word version's sommaire, which is rebuilt from the headings.
    #[error("the two texts say the same: there is nothing for an avenant to amend{}", sommaire_note(sommaire_edits))]
    NothingToAmend { sommaire_edits: Vec<String> },
    /// A division inserted before the first one (its heading), which no
    /// formula places.
    #[error("« {heading} » is inserted before the first division of the text, which no formula drafts; insert it after the first one")]
    InsertedFirst { heading: String },
    /// Every formula tried leaves the change set unfit.
    #[error("no formula drafts these changes exactly ({0}): draft this avenant by hand")]
    NoFormula(Unfit),
}

fn sommaire_note(edits: &[String]) -> String {
    if edits.is_empty() {
        return String::new();
    }
    format!(": {}", sommaire_edited(edits))
}

/// The entries typed into a sommaire, which clausier rebuilds.
pub(crate) fn sommaire_edited(edits: &[String]) -> String {
    format!(
        "the sommaire was edited (« {} »): it is rebuilt from the headings; change the heading itself",
        edits.iter().map(|e| e.trim()).collect::<Vec<_>>().join(" », « ")
    )
}

/// Why a drafted change set does not stand as it is. The draft answers it
/// by choosing the formula that is right (a division rewritten whole, a part
/// restated): what its own `apply` would refuse is never written.
#[derive(Debug, thiserror::Error)]
pub enum Unfit {
    /// An operation (0-based) the change set's checks or `resolve` refuse.
    #[error("operation {} would be refused: {why}", op + 1)]
    Refused { op: usize, why: String },
    /// Applied to the old text, it does not give the new text.
    #[error("the new text differs first at {first}")]
    Differs { first: String },
}

/// A broken invariant, named: what clausier holds that it could not have.
#[derive(Debug, thiserror::Error)]
pub enum Bug {
    /// A model clausier holds that serde cannot write as JSON.
    #[error("{0}")]
    Unserializable(#[from] serde_json::Error),
    /// A fact set by its name that the list of facts then lacks.
    #[error("the fact « {fact} » was set but is not listed")]
    FactNotListed { fact: String },
    /// A fact's place in its file that does not end with a key.
    #[error("a fact ends with a key")]
    FactWithoutKey,
    /// A division of the comparison of two texts missing from one of them.
    #[error("division « {id} » of the comparison is not in the text")]
    DivisionNotInText { id: String },
    /// The password hasher refused its own salt or input.
    #[cfg(feature = "desk")]
    #[error("{0}")]
    Hashing(argon2::password_hash::Error),
}

/// Why a text gives no convention to import.
#[derive(Debug, thiserror::Error)]
pub enum NotImported {
    /// A Word or LibreOffice document that cannot be read.
    #[error("{0}")]
    Unreadable(#[from] Unreadable),
    /// A Word document read, with no text in it.
    #[error("no text in this Word document: nothing to import")]
    NoWordText,
    /// A text of blanks only.
    #[error("empty text: nothing to import")]
    Empty,
    /// A text of markup or comments only.
    #[error("no text found (only markup or comments)")]
    OnlyMarkup,
}

/// What makes a Word (DOCX) or LibreOffice (ODT) document unreadable: the
/// part at fault (`word/document.xml`) and, for broken XML, the byte. The
/// caller adds the file's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    /// Not a zip package at all, and what the bytes are instead (« a PDF »).
    #[error("not a {kind}: {found}")]
    NotAPackage { kind: &'static str, found: String },
    #[error("not a {kind}: damaged zip archive ({why})")]
    DamagedZip { kind: &'static str, why: String },
    #[error("not a {kind}: damaged zip entry {entry} ({why})")]
    DamagedEntry { kind: &'static str, entry: usize, why: String },
    #[error("{entries} entries in the zip archive: refused (a {kind} has at most {max})")]
    TooManyEntries { entries: usize, kind: &'static str, max: usize },
    #[error("the zip archive inflates to more than {}: refused as a zip bomb", in_bytes(*max))]
    ZipBomb { max: u64 },
    #[error("not a Word document: the package has no main part ({part})")]
    NoMainPart { part: String },
    #[error("not an OpenDocument text: the package has no content.xml")]
    NoContent,
    /// A part whose XML is broken, at the byte where reading stopped.
    #[error("{part}: malformed XML at byte {byte}: {what}")]
    MalformedXml { part: String, byte: u64, what: String },
    /// A part refused, and why (a DTD, UTF-16, a zip bomb, a foreign root…).
    #[error("{part}: {why}")]
    Part { part: String, why: String },
}

/// A size as a person reads it: « 12 MB », « 3 KB ».
pub(crate) fn in_bytes(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{} MB", n / (1024 * 1024))
    } else {
        format!("{} KB", n.div_ceil(1024))
    }
}

impl Error {
    /// A reader's refusal of a document (`Docx`), told as the refusal of
    /// `path` to be imported or read as a version.
    pub(crate) fn unreadable_at(self, path: &Path) -> Error {
        match self {
            Error::Docx(u) => Error::Import { path: path.to_path_buf(), why: NotImported::Unreadable(u) },
            e => e,
        }
    }

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
