//! Errors, each printed as one line that names the file (with line and
//! column when known), the clause or the variable at fault.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {msg}", path.display())]
    Io { path: PathBuf, msg: String },
    #[error("{}:{line}:{column}: {msg}", path.display())]
    Json { path: PathBuf, line: usize, column: usize, msg: String },
    /// A manifest (or a change set) that states what cannot be: the file,
    /// and what is wrong in it.
    #[error("{}: {why}", path.display())]
    Manifest { path: PathBuf, why: BadManifest },
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
    /// A fact that cannot be set as asked (`clausier facts --set`, the desk's
    /// forms), and why.
    #[error("{0}")]
    Fact(Box<FactRefused>),
    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(Misuse),
    /// A program clausier calls (LibreOffice) is missing or failed.
    #[error("{tool}: {why}")]
    Tool { tool: &'static str, why: ToolFailure },
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
    #[error("« {heading} » is inserted before the first division of the text, which clausier does not draft (« Avant le I, il est inséré … »); insert it after the first one, or rewrite the first one")]
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

/// The lines of a sommaire typed into, as a message quotes them
/// (« a », « b »): the CLI's English note and the desk's French one alike.
pub(crate) fn quoted_list(edits: &[String]) -> String {
    edits.iter().map(|e| e.trim()).collect::<Vec<_>>().join(" », « ")
}

/// The entries typed into a sommaire, which clausier rebuilds.
pub(crate) fn sommaire_edited(edits: &[String]) -> String {
    format!(
        "the sommaire was edited (« {} »): it is rebuilt from the headings; change the heading itself",
        quoted_list(edits)
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

/// What is wrong in a manifest (or in a change set, named by its path).
#[derive(Debug, thiserror::Error)]
pub enum BadManifest {
    /// A `kind` not among the known ones, with the closest if one is close.
    #[error("kind \"{kind}\" is unknown: {}known kinds are {}", did_you_mean(*hint), known.join(", "))]
    UnknownKind { kind: String, hint: Option<&'static str>, known: Vec<&'static str> },
    /// A `template` that is no frame, with the closest frame.
    #[error("template \"{template}\" is unknown: {}known frames are {}", did_you_mean(*hint), frames.join(", "))]
    UnknownTemplate { template: String, hint: Option<&'static str>, frames: Vec<&'static str> },
    #[error("{0}")]
    Numbering(#[from] BadPattern),
    #[error("library « {library} » must name a folder of the library, relative to the source (no absolute path, at most one ..)")]
    LibraryName { library: String },
    /// A library whose links lead outside the source's own library.
    #[error("library « {} » leads to {}, outside the library ({}): a source reads shared clauses from its own library only", library.display(), leads_to.display(), root.display())]
    LibraryOutside { library: PathBuf, leads_to: PathBuf, root: PathBuf },
    #[error("originaux 0: a convention is signed in at least one original")]
    NoOriginal,
    #[error("originaux {originaux}: a convention is signed in 1 to {max} originals")]
    TooManyOriginals { originaux: u32, max: u32 },
    #[error("division id « {id} » is not valid (letters, digits, . _ - only)")]
    DivisionId { id: String },
    #[error("division id « {id} » appears twice in the outline")]
    DivisionTwice { id: String },
    #[error("division « {division} »: clause id « {clause} » is not valid (no .., no absolute path)")]
    ClauseId { division: String, clause: String },
    /// `parts.<part>` that is not a clause id (`found`, as JSON).
    #[error("parts.{part}: expected a clause id, found {found}")]
    PartNotAClause { part: String, found: serde_json::Value },
    #[error("signature_order names « {party} » twice")]
    SignatoryTwice { party: String },
    #[error("signature_order names « {party} », which is not a party id ({})", parties.join(", "))]
    SignatoryNotAParty { party: String, parties: Vec<String> },
    #[error("the outline is empty: a convention has at least one division")]
    EmptyOutline,
    /// `after_signatures` on a division below the top of the outline.
    #[error("division « {id} »: after_signatures is for a division at the top of the outline (an annex after the signatures)")]
    AnnexNotAtTop { id: String },
    /// A division that follows an annex after the signatures without being one.
    #[error("division « {id} » follows « {annex} », an annex after the signatures: mark it after_signatures too, or move it before")]
    AfterAnAnnex { id: String, annex: String },
    /// Terms the calendar cannot count.
    #[error("{0}")]
    Uncountable(#[from] Uncountable),
    /// A calendar asked of a source with no term set (`term`, the first
    /// fact to set; `folder`, the source to set it in).
    #[error("the source states no term the calendar can count ({term} is not set): set the words the text prints with `clausier facts {} --set duree.initiale=\"2 ans\"`", folder.display())]
    NoTerm { term: &'static str, folder: PathBuf },
    #[error("dates.adoption is not a date (YYYY-MM-DD): correct it in the manifest, or pass --adoption")]
    AdoptionNotADate,
    #[error("the convention runs from its adoption, and the manifest states no adoption date: add \"dates\": {{\"adoption\": \"YYYY-MM-DD\"}} to it, or pass --adoption YYYY-MM-DD")]
    NoAdoption,
    /// A change set its own checks refuse (an `avenant::InvalidChangeSet`,
    /// which lives with the change set: `avenant` depends on this module).
    #[error("{0}")]
    InvalidChangeSet(Box<dyn std::error::Error + Send + Sync>),
    /// A change set naming, in `field`, a party the convention lacks.
    #[error("{field}: « {party} » is not a party of the convention ({})", parties.join(", "))]
    NotAParty { field: &'static str, party: String, parties: Vec<String> },
    /// A change set whose consolidated source (`written`: as written to
    /// disk) or text would not build, and why.
    #[error("the consolidated {} would not build{}: {error}", if *written { "source" } else { "text" }, if *written { ", nothing written" } else { "" })]
    WouldNotBuild { written: bool, error: Box<Error> },
}

fn did_you_mean(hint: Option<&str>) -> String {
    hint.map(|k| format!("did you mean \"{}\"? ", k)).unwrap_or_default()
}

/// Why the terms of a source make no calendar: words it cannot count, a
/// number that contradicts them, a notice longer than the term.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Uncountable {
    #[error(
        "{name} « {words} »: not a duration the calendar can count (write it as the text does: « 2 ans », « deux ans », « trois mois », « 36 mois »)"
    )]
    Words { name: &'static str, words: String },
    #[error("{name} {value}: expected the words the text prints (« 2 ans »)")]
    NotWords { name: &'static str, value: String },
    #[error("variables.calendrier: expected an object (duree_mois, reconduction_mois, preavis_mois)")]
    CalendrierNotObject,
    #[error("variables.calendrier.{legacy} {value}: expected a whole number of months from {min} to {max}")]
    NotMonths { legacy: &'static str, value: String, min: i64, max: i64 },
    /// An older manifest's number that says another duration than the text.
    #[error(
        "variables.calendrier.{legacy} {months} contradicts {name} « {words} » ({printed} months), which the text prints: a fact has one home, remove variables.calendrier.{legacy}"
    )]
    Contradicts { legacy: &'static str, months: i32, name: &'static str, words: String, printed: i32 },
    #[error("{name}: a notice of {notice} months, longer than the term itself ({term} months)")]
    NoticeLongerThanTerm { name: &'static str, notice: i32, term: i32 },
    #[error("dates.adoption {value}: expected a date YYYY-MM-DD (year 1 to 9999)")]
    Adoption { value: String },
}

/// A numbering pattern of the manifest that cannot be read, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadPattern {
    #[error("numbering pattern « {pattern} » has no {{counter}}")]
    NoCounter { pattern: String },
    #[error("numbering pattern « {pattern} » has no closing }}")]
    Unclosed { pattern: String },
    #[error(
        "unknown counter « {{{counter}}} » in numbering pattern « {pattern} » (use I, Ier, i, A, a, 1, 1er or 1.1)"
    )]
    UnknownCounter { counter: String, pattern: String },
}

/// Why a fact cannot be set as asked; `fact` is its name as given.
#[derive(Debug, thiserror::Error)]
pub enum FactRefused {
    /// A name no fact has (`name` cut at 200 characters), with the closest.
    #[error("unknown fact « {name} »: {}`clausier facts` lists them all", near_hint(near))]
    Unknown { name: String, near: Option<String> },
    #[error("« {fact} »: « {id} » is not a party of {} ({}the parties are {})", folder.display(), near_hint(near), parties.join(", "))]
    NotAParty { fact: String, id: String, folder: PathBuf, near: Option<String>, parties: Vec<String> },
    #[error("« {fact} » is a fact of an avenant: give its change set with --avenant A.json")]
    OfAnAvenant { fact: String },
    /// An avenant's date asked of a consolidated source that did not
    /// integrate it (`numero`, as typed).
    #[error("« {fact} »: {} integrates no avenant n° {numero} (it integrates: {})", folder.display(), if integrated.is_empty() { "none".to_string() } else { integrated.join(", ") })]
    NoSuchAvenant { fact: String, folder: PathBuf, numero: String, integrated: Vec<String> },
    #[error("« {fact} »: say first by which act the text takes effect: --set approbation.acte=arrêté (or décret, délibération)")]
    ActFirst { fact: String },
    /// The file, once set, refused by its own checks (serde, the calendar's
    /// terms, the change set's `validate`).
    #[error("« {fact} »: {why}")]
    Rejected { fact: String, why: Box<dyn std::error::Error + Send + Sync> },
    #[error("« {fact} »: its place in the file is not an object")]
    PlaceNotAnObject { fact: String },
    #[error("« {fact} »: a party has a name; give one")]
    NameRequired { fact: String },
    #[error("the file is not a JSON object")]
    FileNotAnObject,
    #[error("{key}: expected a list")]
    NotAList { key: String },
    #[error("« {id} » is not a party")]
    NoParty { id: String },
    #[error("no avenant n° {numero}")]
    NoAvenant { numero: u32 },
    /// A value typed that is not what the fact holds (`expected`: « a date
    /// (2026-03-10, …) »).
    #[error("« {fact} »: « {typed} » is not {expected}")]
    NotA { fact: String, typed: String, expected: &'static str },
}

impl From<FactRefused> for Error {
    fn from(why: FactRefused) -> Error {
        Error::Fact(Box::new(why))
    }
}

fn near_hint(near: &Option<String>) -> String {
    near.as_ref().map(|n| format!("did you mean « {} »? ", n)).unwrap_or_default()
}

/// What the command line (or the desk's start) asks that cannot be done.
#[derive(Debug, thiserror::Error)]
pub enum Misuse {
    #[error("give either NEW or --avenant AVENANT.json")]
    NewOrAvenant,
    #[error("give -o FILE (or --stat)")]
    OutputOrStat,
    #[error("--adoption « {typed} »: expected a date YYYY-MM-DD (year 1 to 9999)")]
    Adoption { typed: String },
    /// The date given to tracked changes.
    #[error("date « {typed} »: expected YYYY-MM-DD")]
    RevisionDate { typed: String },
    #[error("--copies {copies}: between 1 and {max} originals")]
    Copies { copies: usize, max: u32 },
    /// A text whose own number of originals clausier cannot print.
    #[error("{}: the text states {stated} exemplaires originaux: clausier prints 1 to {max} originals", text.display())]
    TextStatesCopies { text: PathBuf, stated: usize, max: u32 },
    /// `--copies` against a number the text states in its own words.
    #[error("--copies {copies}: the text states {stated} exemplaires originaux, in its own words: change the text, or leave out --copies")]
    CopiesAgainstText { copies: usize, stated: usize },
    #[error("{} is a consolidated version (it integrates avenant n° {}): it is not signed; sign the convention, or the avenant with --avenant", text.display(), avenants.iter().map(u32::to_string).collect::<Vec<_>>().join(", n° "))]
    ConsolidatedNotSigned { text: PathBuf, avenants: Vec<u32> },
    /// Originals that would print blanks: each missing fact as (what it
    /// is, its name), and the `facts` command that sets them.
    #[error("the originals would print blanks: {} fact{} needed to sign {} missing: {}; set them, or print a draft marked PROJET on every page with --projet", missing.len(), if missing.len() > 1 { "s" } else { "" }, if missing.len() > 1 { "are" } else { "is" }, missing.iter().map(|(what, name)| format!("{} ({} --set '{}=…')", what, facts_cmd, name)).collect::<Vec<_>>().join("; "))]
    BlanksInOriginals { missing: Vec<(String, String)>, facts_cmd: String },
    /// `check`: facts the originals need, missing (listed before).
    #[error("{count} fact{} needed to sign missing (listed above): the originals would print blanks in their place; set them with `clausier facts {}{} --set NAME=VALUE`", if *count > 1 { "s" } else { "" }, text.display(), avenant.as_ref().map(|a| format!(" --avenant {}", a.display())).unwrap_or_default())]
    FactsMissing { count: usize, text: PathBuf, avenant: Option<PathBuf> },
    #[error("an avenant amends at least one text")]
    NoText,
    #[error("--bind {bind}: the desk is reachable from other computers there; give --auth FILE (accounts with argon2 hashes, made with `clausier serve --auth FILE --add-user NAME`), or bind 127.0.0.1")]
    OpenWithoutAccounts { bind: std::net::SocketAddr },
    #[error("cannot start the server: {0}")]
    ServerStart(std::io::Error),
    #[error("--bind {bind}: {why}")]
    Bind { bind: std::net::SocketAddr, why: std::io::Error },
    #[error("server: {0}")]
    Server(std::io::Error),
    #[error("--add-user « {name} »: letters, digits, . _ - @ (64 at most)")]
    UserName { name: String },
    #[error("the password must have at least 10 characters")]
    ShortPassword,
    #[cfg(feature = "desk")]
    #[error("no randomness for the salt: {0}")]
    NoRandomness(getrandom::Error),
    #[error("reading the password: {0}")]
    ReadingPassword(std::io::Error),
}

/// What went wrong with a program clausier calls (LibreOffice, pdfinfo).
#[derive(Debug, thiserror::Error)]
pub enum ToolFailure {
    #[error("laying the document out (page numbers, PDF) needs LibreOffice, which is not installed: apt-get install libreoffice-writer-nogui poppler-utils (or run ../shared/tools/install-checkers.sh)")]
    NoLibreOffice,
    #[error("reading the pages of the laid-out document needs pdfinfo, which is not installed: apt-get install poppler-utils")]
    NoPdfinfo,
    #[error("the sommaire's page numbers did not settle after {passes} layouts")]
    PagesUnsettled { passes: usize },
    #[error("could not be started: {0}")]
    NotStarted(std::io::Error),
    #[error("stopped after {seconds} s without finishing the PDF")]
    TimedOut { seconds: u64 },
    /// Waiting for the program failed.
    #[error("{0}")]
    Waiting(std::io::Error),
    /// A file the program did not convert, with the last line of its log.
    #[error("did not convert {file}: {log}")]
    NotConverted { file: String, log: String },
    /// A PDF the program wrote that pdfinfo cannot read, with its stderr.
    #[error("could not read {}: {stderr}", pdf.display())]
    PdfUnreadable { pdf: PathBuf, stderr: String },
    /// A PDF written that cannot be made reproducible, and why.
    #[error("the PDF of {name}: {why}")]
    NotReproducible { name: String, why: String },
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
