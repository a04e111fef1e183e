//! The word-processor round trip: a convention built by clausier, edited
//! in Word or LibreOffice (DOCX or ODT, with or without Track Changes),
//! read back as a version of the text that `avenant draft`, `redline` and
//! `dossier` compare with the text it was made from — and any DOCX or ODT
//! imported into the library.
//!
//! `read_version` is the one place a command reads « the new version »: a
//! source folder, assembled, or a DOCX or ODT (known by its content, not
//! its name), read with every tracked change accepted and mapped onto OLD
//! (`map`: divisions as the text types them, whatever the styles say), the
//! noise of word processors taken out (`noise`). A document with tracked
//! changes must be OLD once they are all rejected, and one without must
//! carry OLD's division marks and most of its words: otherwise it was made
//! from another text, and it is refused, naming the first place where the
//! two differ. What was typed into the sommaire (rebuilt from the headings,
//! never text) is reported; the reviewers' comments are listed with their
//! place (`comments`).
//!
//! Divisions are known by the `_cl_…` bookmark the writer puts on each
//! heading (`model::id_bookmarks`); when Word lost them (a text
//! retyped or pasted), they are new divisions to the mapping and the one
//! aligner (`compare`) pairs them with OLD's by label and content.

mod comments;
mod map;
mod noise;

use crate::diagnostic::{Diagnostic, Place};
use crate::error::{Error, Result, Undraftable};
use crate::model::{inline_text, Document};
use crate::read::docx::{DocxText, Options, View};
use crate::render::{assemble, BuildOptions};
use crate::source::Source;
use std::path::{Path, PathBuf};

pub use comments::{cite as cite_spot, placed as placed_comments, Comment, Spot};

/// A version of the text, read from a source folder or a word processor's
/// document (DOCX or ODT).
#[derive(Debug, Clone)]
pub struct Version {
    pub doc: Document,
    /// Every file read, which an output must not overwrite.
    pub inputs: Vec<PathBuf>,
    /// What the reader saw and could not read as text, what was typed
    /// into the sommaire, the reviewers' comments: one line each, to tell.
    pub notes: Vec<String>,
    /// The reviewers' comments (Word's comments, LibreOffice's
    /// annotations), each anchored where it was made.
    pub comments: Vec<Comment>,
    /// Entries typed into the sommaire, which is rebuilt from the headings.
    pub sommaire_edits: Vec<String>,
    /// What the reader saw and could not read as text (« an embedded
    /// object (draw:object) »).
    pub unread: Vec<String>,
}

impl Version {
    /// A drafting refusal, told with what the reading saw: « nothing to
    /// amend » when the only edit was made in the sommaire says so.
    pub fn explain(&self, e: Error) -> Error {
        match e {
            Error::Draft(Undraftable::NothingToAmend { .. }) => {
                Error::Draft(Undraftable::NothingToAmend { sommaire_edits: self.sommaire_edits.clone() })
            }
            e => e,
        }
    }

    /// The comments as the tableau comparatif's observations, on the rows
    /// of `doc` (the edited text, or the text an avenant made of it).
    pub fn observations(&self, doc: &Document) -> Vec<crate::write::tableau::Observation> {
        comments::observations(&self.comments, doc)
    }
}

/// Reads `path` — a source folder, or a DOCX or ODT made from OLD — as a
/// version of OLD (assembled as `old_doc`; `old_name` names it in messages).
pub fn read_version(path: &Path, old_doc: &Document, old_name: &str) -> Result<Version> {
    match version_input(path)? {
        None => {
            let src = Source::load(path)?;
            let doc = assemble(&src, &BuildOptions::default())?;
            Ok(Version {
                doc,
                inputs: src.inputs(),
                notes: vec![],
                comments: vec![],
                sommaire_edits: vec![],
                unread: vec![],
            })
        }
        Some(input) => docx_version(&input, old_doc, old_name),
    }
}

/// What « the new version » at `path` is: a source (`None`: a folder, or
/// the path of its manifest), or a word processor's document (DOCX, ODT,
/// flat ODT), read once (a pipe or `/dev/stdin` too). A file of another
/// kind is refused by name, never parsed as a manifest.
pub(crate) fn version_input(path: &Path) -> Result<Option<crate::input::Input>> {
    use crate::input::{Input, Kind, TEXT};
    if path.is_dir() || !path.exists() {
        return Ok(None);
    }
    let input = Input::read(path, TEXT)?;
    let named_document =
        path.extension().is_some_and(|e| ["docx", "odt", "fodt"].iter().any(|x| e.eq_ignore_ascii_case(x)));
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    match input.kind() {
        Kind::Zip | Kind::FlatOdt => Ok(Some(input)),
        Kind::Text if regular && !named_document => Ok(None),
        _ => Err(input.not_a("a Word or LibreOffice document (.docx, .odt) or a source")),
    }
}

/// A DOCX or ODT read as a version of OLD.
pub(crate) fn docx_version(input: &crate::input::Input, old_doc: &Document, old_name: &str) -> Result<Version> {
    let (path, bytes) = (input.path.as_path(), &input.bytes);
    let read = |view| crate::read::read_document(bytes, &Options { view }).map_err(|e| e.unreadable_at(path));
    let not_made_from = |place: String, why: &str| Error::NotMadeFrom {
        path: path.to_path_buf(),
        original: old_name.to_string(),
        place,
        why: why.to_string(),
    };
    let accepted = read(View::Accept)?;
    if accepted.tracked.changes_text() {
        // The changes tracked must be changes of OLD.
        let base = document_of(&read(View::Reject)?, old_doc, path)?;
        if let Some(place) = first_difference(old_doc, &base, old_name) {
            return Err(not_made_from(
                place,
                &format!("with every tracked change rejected, the document must read as {}", old_name),
            ));
        }
    }
    let (doc, sommaire_edits) = mapped_of(&accepted, old_doc, path)?;
    if !accepted.tracked.changes_text() {
        if let Some(why) = another_text(old_doc, &accepted, &doc) {
            let place = first_difference(old_doc, &doc, old_name).unwrap_or_else(|| "the signature blocks".into());
            return Err(not_made_from(place, &why));
        }
    }
    let mut notes: Vec<String> = accepted
        .unread
        .iter()
        .map(|u| format!("{}: {} (its words are not in the text read)", path.display(), u))
        .collect();
    if !sommaire_edits.is_empty() {
        notes.push(Diagnostic::warning(Place::file(path), crate::error::sommaire_edited(&sommaire_edits)).to_string());
    }
    let comments = comments::of(&accepted);
    notes.extend(comments::lines(&comments, &doc, path));
    Ok(Version { doc, inputs: vec![path.to_path_buf()], notes, comments, sommaire_edits, unread: accepted.unread })
}

/// Why a document read without tracked changes is not OLD edited: the
/// marks it carries name another text's divisions, its title and its
/// signatures are another text's, or — carrying no marks (retyped,
/// pasted) — it keeps too few of OLD's words for an avenant to make it of
/// OLD (one that rewrites more than half the text makes a new text).
fn another_text(old: &Document, read: &DocxText, doc: &Document) -> Option<String> {
    let marks: Vec<&str> = read
        .blocks
        .iter()
        .flat_map(|b| b.bookmarks.iter())
        .map(String::as_str)
        .filter(|n| n.starts_with(crate::model::ID_BOOKMARK))
        .collect();
    if !marks.is_empty() {
        let ours: std::collections::HashSet<String> =
            crate::model::id_bookmarks(old.all_divisions().iter().map(|d| d.id.as_str())).into_iter().collect();
        let known = marks.iter().filter(|m| ours.contains(**m)).count();
        if known * 2 < marks.len() {
            return Some(format!(
                "{} of the {} divisions it marks as built by clausier are divisions of it",
                known,
                marks.len()
            ));
        }
    }
    let marked = !marks.is_empty();
    // An avenant changes neither whom the text binds nor who signs it:
    // another title and other signatures are another text.
    let title = |d: &Document| noise::key(&d.title_page.iter().map(|l| inline_text(l)).collect::<Vec<_>>().join(" "));
    let signatures = |d: &Document| {
        d.signatures.iter().flat_map(|b| b.lines.iter().map(|l| noise::key(&inline_text(l)))).collect::<Vec<_>>()
    };
    if title(old) != title(doc) && signatures(old) != signatures(doc) {
        return Some("its title page and its signature blocks are another text's".into());
    }
    if marked {
        // Built by clausier from this text's divisions: its words need no count.
        return None;
    }
    let kept = shared_words(old, doc);
    (kept < 0.5).then(|| format!("only {} % of its words are in the document", (kept * 100.0).round() as u32))
}

/// The share of OLD's words (each counted as often as it occurs) that the
/// document has.
fn shared_words(old: &Document, doc: &Document) -> f64 {
    let (a, b) = (crate::fingerprint::canonical_text(old), crate::fingerprint::canonical_text(doc));
    let mut bag: rustc_hash::FxHashMap<&str, i64> = Default::default();
    for w in b.split_whitespace() {
        *bag.entry(w).or_default() += 1;
    }
    let (mut total, mut kept) = (0usize, 0usize);
    for w in a.split_whitespace() {
        total += 1;
        if let Some(n) = bag.get_mut(w).filter(|n| **n > 0) {
            *n -= 1;
            kept += 1;
        }
    }
    if total == 0 {
        1.0
    } else {
        kept as f64 / total as f64
    }
}

/// The document a word processor's file says, mapped onto OLD, and the
/// entries typed into its sommaire.
fn mapped_of(read: &DocxText, old: &Document, path: &Path) -> Result<(Document, Vec<String>)> {
    if let Some(m) = map::mapped(read, old) {
        return Ok((m.doc, m.sommaire_edits));
    }
    Ok((document_of(read, old, path)?, vec![]))
}

/// The document a DOCX says, comparable with OLD: mapped onto OLD's
/// divisions and parts, or, for a document without headings, imported as
/// a text is, then given OLD's characters where it reads the same.
pub fn document_of(docx: &DocxText, old: &Document, path: &Path) -> Result<Document> {
    if let Some(doc) = map::document(docx, old) {
        return Ok(doc);
    }
    let blocks = docx.blocks.iter().map(|b| b.block.clone()).collect();
    let imported = crate::import::import_blocks(blocks, path)?;
    let mut doc = assemble(&imported.source, &BuildOptions::default())?;
    map::as_retyped(old, &mut doc);
    Ok(doc)
}

/// The first changed alinéa of a list, with its rank in the old text (or the new).
fn first_changed(v: &[crate::model::Alinea]) -> Option<(&crate::model::Alinea, usize)> {
    let ranks = crate::model::alinea_ranks(v);
    v.iter().zip(ranks).find(|(a, _)| a.line().changed()).map(|(a, (o, n))| (a, o.or(n).unwrap_or(1)))
}

/// The first place where `new` does not say what `old` (named `old_name`)
/// says, as a lawyer finds it: the division cited as the avenant cites it,
/// the alinéa, and the words on each side. `None` when the two read the same.
fn first_difference(old: &Document, new: &Document, old_name: &str) -> Option<String> {
    if crate::fingerprint::canonical_text(old) == crate::fingerprint::canonical_text(new) {
        return None;
    }
    let rev = crate::compare::compare(old, new);
    let citer = crate::cite::Citer::new(old);
    let quote = |v: &[crate::model::Inline]| {
        let t = inline_text(v);
        let t = t.trim();
        if t.chars().count() > 80 {
            format!("« {}… »", t.chars().take(80).collect::<String>())
        } else {
            format!("« {} »", t)
        }
    };
    let words = |line: &crate::model::Line| {
        let seg =
            |m| line.segs.iter().filter(|s| s.mark == m).flat_map(|s| s.inlines.iter().cloned()).collect::<Vec<_>>();
        let (del, ins) = (seg(crate::model::Mark::Del), seg(crate::model::Mark::Ins));
        match (del.is_empty(), ins.is_empty()) {
            (false, false) => format!("{} has {} where the document has {}", old_name, quote(&del), quote(&ins)),
            (false, true) => format!("{} has {}, the document does not", old_name, quote(&del)),
            _ => format!("the document has {}, {} does not", quote(&ins), old_name),
        }
    };
    if let Some(l) = rev.title_lines().iter().find(|l| l.changed()) {
        return Some(format!("the title page: {}", words(l)));
    }
    for p in &rev.front {
        if let Some((a, n)) = first_changed(&p.alineas) {
            return Some(format!("{}: {}", citer.part_alinea(p.kind, n).subject(), words(&a.line())));
        }
    }
    for d in rev.all_divisions() {
        let id = d.old_id().unwrap_or(&d.id);
        if d.mark() != crate::model::Mark::Same {
            let (has, lacks) = if d.mark() == crate::model::Mark::Del {
                (old_name, "the document")
            } else {
                ("the document", old_name)
            };
            return Some(format!(
                "the division {}: {} has it, {} does not",
                quote(&d.heading_line().side(d.mark())),
                has,
                lacks
            ));
        }
        if d.heading_line().changed() {
            return Some(format!("the heading of {}: {}", citer.cite(id).subject(), words(&d.heading_line())));
        }
        if let Some((a, n)) = first_changed(&d.alineas) {
            return Some(format!("{}: {}", citer.alinea(id, n).subject(), words(&a.line())));
        }
    }
    for p in &rev.closing {
        if let Some((a, n)) = first_changed(&p.alineas) {
            return Some(format!("{}: {}", citer.part_alinea(p.kind, n).subject(), words(&a.line())));
        }
    }
    Some("the signature blocks".into())
}
