//! The Word round trip: a convention built by clausier, edited in Word or
//! LibreOffice (with or without Track Changes), read back as a version of
//! the text that `avenant draft`, `redline` and `dossier` compare with the
//! text it was made from — and any DOCX imported into the library.
//!
//! `read_version` is the one place a command reads « the new version »: a
//! source folder, assembled, or a DOCX (known by its zip signature, not its
//! name), read with every tracked change accepted and mapped onto OLD
//! (`map`), the noise of word processors taken out (`noise`). A document
//! with tracked changes must be OLD once they are all rejected: otherwise
//! its changes are not changes of OLD, and it is refused, naming the first
//! place where the two differ.
//!
//! Divisions are known by the `_cl_…` bookmark the writer puts on each
//! heading (`write::docx::id_bookmarks`); when Word lost them (a text
//! retyped or pasted), they are new divisions to the mapping and the one
//! aligner (`compare`) pairs them with OLD's by label and content.

mod map;
mod noise;

use crate::error::{Error, Result};
use crate::model::{inline_text, Document};
use crate::read::docx::{read_docx, DocxText, Options, View};
use crate::render::{assemble, BuildOptions};
use crate::source::Source;
use std::path::{Path, PathBuf};

/// A version of the text, read from a source folder or a Word document.
#[derive(Debug, Clone)]
pub struct Version {
    pub doc: Document,
    /// Every file read, which an output must not overwrite.
    pub inputs: Vec<PathBuf>,
    /// What the reader saw and could not read as text, to warn about.
    pub notes: Vec<String>,
}

/// Reads `path` — a source folder or a DOCX made from OLD — as a version of
/// OLD (assembled as `old_doc`; `old_name` names it in messages).
pub fn read_version(path: &Path, old_doc: &Document, old_name: &str) -> Result<Version> {
    match version_input(path)? {
        None => {
            let src = Source::load(path)?;
            let doc = assemble(&src, &BuildOptions::default())?;
            Ok(Version { doc, inputs: src.inputs(), notes: vec![] })
        }
        Some(input) => docx_version(&input, old_doc, old_name),
    }
}

/// What « the new version » at `path` is: a source (`None`: a folder, or
/// the path of its manifest), or a Word document, read once (a pipe or
/// `/dev/stdin` too). A file of another kind is refused by name, never
/// parsed as a manifest.
pub(crate) fn version_input(path: &Path) -> Result<Option<crate::input::Input>> {
    use crate::input::{Input, Kind, TEXT};
    if path.is_dir() || !path.exists() {
        return Ok(None);
    }
    let input = Input::read(path, TEXT)?;
    let named_docx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    match input.kind() {
        Kind::Zip => Ok(Some(input)),
        Kind::Text if regular && !named_docx => Ok(None),
        _ => Err(input.not_a("a Word document (.docx) or a source")),
    }
}

/// A DOCX read as a version of OLD.
pub(crate) fn docx_version(input: &crate::input::Input, old_doc: &Document, old_name: &str) -> Result<Version> {
    let (path, bytes) = (input.path.as_path(), &input.bytes);
    let read = |view| {
        read_docx(bytes, &Options { view }).map_err(|e| Error::Import { path: path.to_path_buf(), msg: e.to_string() })
    };
    let accepted = read(View::Accept)?;
    if accepted.tracked.changes_text() {
        // The changes tracked must be changes of OLD.
        let base = document_of(&read(View::Reject)?, old_doc, path)?;
        if let Some(place) = first_difference(old_doc, &base, old_name) {
            return Err(Error::Docx(format!("{} was not made from {}: first difference at {} (with every tracked change rejected, the document must read as {})", path.display(), old_name, place, old_name)));
        }
    }
    let notes = accepted
        .unread
        .iter()
        .map(|u| format!("{}: {} (its words are not in the text read)", path.display(), u))
        .collect();
    Ok(Version { doc: document_of(&accepted, old_doc, path)?, inputs: vec![path.to_path_buf()], notes })
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
    let words = |line: &crate::compare::RLine| {
        let seg =
            |m| line.segs.iter().filter(|s| s.mark == m).flat_map(|s| s.inlines.iter().cloned()).collect::<Vec<_>>();
        let (del, ins) = (seg(crate::compare::Mark::Del), seg(crate::compare::Mark::Ins));
        match (del.is_empty(), ins.is_empty()) {
            (false, false) => format!("{} has {} where the document has {}", old_name, quote(&del), quote(&ins)),
            (false, true) => format!("{} has {}, the document does not", old_name, quote(&del)),
            _ => format!("the document has {}, {} does not", quote(&ins), old_name),
        }
    };
    if let Some(l) = rev.title_page.iter().find(|l| l.changed()) {
        return Some(format!("the title page: {}", words(l)));
    }
    for p in &rev.front {
        if let Some(a) = p.alineas.iter().find(|a| a.line.changed()) {
            let n = a.old_n.or(a.new_n).unwrap_or(1);
            return Some(format!("{}: {}", citer.part_alinea(p.kind, n).subject(), words(&a.line)));
        }
    }
    for d in rev.all_divisions() {
        let id = d.old_id.as_deref().unwrap_or(&d.id);
        if d.mark != crate::compare::Mark::Same {
            let (has, lacks) = if d.mark == crate::compare::Mark::Del {
                (old_name, "the document")
            } else {
                ("the document", old_name)
            };
            return Some(format!(
                "the division {}: {} has it, {} does not",
                quote(&d.heading.side(d.mark)),
                has,
                lacks
            ));
        }
        if d.heading.changed() {
            return Some(format!("the heading of {}: {}", citer.cite(id).subject(), words(&d.heading)));
        }
        if let Some(a) = d.alineas.iter().find(|a| a.line.changed()) {
            let n = a.old_n.or(a.new_n).unwrap_or(1);
            return Some(format!("{}: {}", citer.alinea(id, n).subject(), words(&a.line)));
        }
    }
    for p in &rev.closing {
        if let Some(a) = p.alineas.iter().find(|a| a.line.changed()) {
            let n = a.old_n.or(a.new_n).unwrap_or(1);
            return Some(format!("{}: {}", citer.part_alinea(p.kind, n).subject(), words(&a.line)));
        }
    }
    Some("the signature blocks".into())
}
