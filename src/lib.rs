//! clausier: French inter-municipal cooperation agreements held as a clause
//! library, and every document their life needs drafted from it.
//!
//! The pipeline, one module per stage:
//! `source` (manifest + fragments) → `render` (handlebars, then CommonMark)
//! → `model` (divisions with stable ids, alinéas, inline runs) → `write`
//! (DOCX, HTML, Markdown, text). `import` reads a Markdown text into a
//! source.

pub mod avenant;
pub mod calendar;
pub mod diff;
pub mod error;
pub mod french;
pub mod fsutil;
pub mod html;
pub mod import;
pub mod markdown;
pub mod model;
pub mod numbering;
pub mod originals;
pub mod dossier;
pub mod redline;
pub mod render;
pub mod source;
pub mod templates;
pub mod tokens;
pub mod write;

pub use error::{Error, Result};

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

/// The fingerprint of a document's text: SHA-256 of its plain-text form.
/// Two sources that build the same text have the same fingerprint.
pub fn fingerprint(doc: &model::Document) -> String {
    use sha2::{Digest, Sha256};
    let mut d = doc.clone();
    d.meta.copy_mark = None;
    let text = write::text::write(&d);
    format!("sha256:{:x}", Sha256::digest(text.as_bytes()))
}
