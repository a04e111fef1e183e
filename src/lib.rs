//! clausier: French inter-municipal cooperation agreements held as a clause
//! library, and every document their life needs drafted from it.
//!
//! The pipeline, one module per stage:
//! `source` (manifest + fragments) → `render` (handlebars, then CommonMark)
//! → `model` (divisions with stable ids, alinéas, inline runs) → `layout`
//! (the page furniture: title page, sommaire, signatures, paraphes, copy
//! marks, footers) → `write` (DOCX, ODT, PDF/A, HTML, Markdown, text). `import` reads a Markdown text into a
//! source.

#![forbid(unsafe_code)]

pub mod avenant;
pub mod calendar;
pub mod cite;
pub mod compare;
mod consolidation;
mod councils;
#[cfg(feature = "desk")]
pub mod desk;
mod diagnostic;
pub mod dossier;
mod error;
pub mod facts;
pub mod fingerprint;
pub mod french;
pub mod fsutil;
mod html_in_texts;
pub mod import;
mod input;
mod layout;
pub mod markdown;
pub mod model;
mod numbering;
pub mod originals;
mod party;
pub mod read;
pub mod redline;
pub mod render;
mod sequence_diff;
pub mod source;
mod templates;
pub mod tokens;
pub mod word;
pub mod write;

// ---------------------------------------------------------------------------
// The facade: what a caller of the library (the CLI, the desk, the benches,
// the fuzz targets, the tests) holds and calls, named at the crate root.
// Start here; the modules behind are the pipeline's stages.
// ---------------------------------------------------------------------------

/// Errors (each printed as one line naming the file, line, clause) and their
/// typed reasons; diagnostics (warnings and notes with their place).
pub use diagnostic::{Diagnostic, Place, Severity, Warned};
pub use error::{
    BadManifest, Bug, Error, FactRefused, Misuse, NotImported, Result, ToolFailure, Undraftable, Unfit, Unreadable,
};

/// The model a caller holds: a source (manifest + clause fragments) and the
/// document assembled from it (divisions, alinéas, inline runs).
pub use model::{Alinea, AlineaKind, Division, Document, Inline, Mark, Part, PartKind, SignatureBlock, Style};
pub use source::{Clause, Manifest, Source};
/// The kinds of text clausier frames (`kind` in a manifest).
pub use templates::known_kinds;

/// Assembling: a source rendered (handlebars, then CommonMark) into a document.
pub use render::{assemble, BuildOptions};

/// Readers: a Word or LibreOffice document read as blocks; a Markdown,
/// text or Word file imported as a source.
pub use import::{import, import_file, import_text, Imported};
pub use read::docx::{read_docx, DocxText, Options as ReadOptions, View};
pub use read::read_document;
/// A Word or LibreOffice document read as an edited version of a text.
pub use word::{read_version, Version};

/// Writers: a document written as DOCX, ODT, PDF, HTML, Markdown or text.
pub use write::{to_markdown, to_text, writer, writer_for, Laying, Purpose, Writer};

/// Comparing two documents (the redline), and the versions `redline` reads.
pub use compare::compare;
pub use redline::{versions as redline_versions, Versions};

/// Avenants: a change set loaded, drafted from two texts, applied
/// (consolidated) or drawn up as the avenant's own document.
pub use avenant::apply::{apply as apply_avenant, ApplyOptions};
pub use avenant::document::{build as avenant_document, build_several as avenant_document_of_several};
pub use avenant::draft::{draft as draft_avenant, draft_from as draft_avenant_from, DraftOptions};
pub use avenant::{load as load_change_set, to_json as change_set_json, ChangeSet, Operation};

/// The facts a text needs (parties, dates, amounts), listed and set.
pub use facts::{Assignment, FactFiles};

/// The calendar of a convention's terms (échéances, notices).
pub use calendar::Calendar;

/// The signed originals of a text, and the councils' pack of an avenant.
pub use dossier::{build as build_dossier, Options as DossierOptions};
pub use originals::{make as make_originals, Request as OriginalsRequest};

use std::path::{Path, PathBuf};

/// The clause library shipped with clausier, and its default source.
pub fn default_library() -> PathBuf {
    let here = PathBuf::from("clauses");
    if here.is_dir() {
        return here;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("clauses")
}

pub fn default_source() -> PathBuf {
    default_library().join("paris-ivry")
}

/// Loads and assembles a source directory.
pub fn build(source: &Path, opts: &render::BuildOptions) -> Result<model::Document> {
    let src = source::Source::load(source)?;
    render::assemble(&src, opts)
}

/// How `build` prints a source, besides its format.
#[derive(Debug, Clone, Default)]
pub struct Print {
    /// Show under each division the avenants that changed it.
    pub annotate: bool,
    /// Lay the document out with LibreOffice so its sommaire prints its pages.
    pub pages: bool,
    /// A consolidated source without its « Version consolidée » mention.
    pub unmarked: bool,
}

/// A source printed by `writer`, and the notes to give the reader (facts
/// left blank, page numbers left for Word). `scratch` is where LibreOffice's
/// working files go when laying out.
pub fn print(
    src: &source::Source,
    writer: &'static write::Writer,
    how: &Print,
    scratch: &Path,
) -> Result<(Vec<u8>, Vec<String>)> {
    let mut doc = render::assemble(src, &render::BuildOptions { annotate: how.annotate, ..Default::default() })?;
    let mut notes = facts::warnings(&facts::of_source(src));
    if !how.unmarked {
        consolidation::mark(&mut doc, &src.manifest);
    }
    let (bytes, more) = writer.produce(&doc, &Default::default(), &write::Laying { pages: how.pages, scratch })?;
    notes.extend(more);
    Ok((bytes, notes))
}
