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
pub mod councils;
#[cfg(feature = "desk")]
pub mod desk;
pub mod diagnostic;
pub mod dossier;
mod error;
pub mod facts;
pub mod fingerprint;
pub mod french;
pub mod fsutil;
mod html_in_texts;
pub mod import;
mod input;
pub mod layout;
pub mod markdown;
pub mod model;
mod numbering;
pub mod originals;
pub mod party;
pub mod read;
pub mod redline;
pub mod render;
mod sequence_diff;
pub mod source;
pub mod templates;
pub mod tokens;
pub mod word;
pub mod write;

pub use diagnostic::{Diagnostic, Warned};
pub use error::{BadManifest, Bug, Error, NotImported, Result, Undraftable, Unfit, Unreadable};

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
