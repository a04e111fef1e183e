//! Writers: one per output format, each reading the document model.
//! The format follows the output file's extension.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod text;
pub mod xml;

use crate::error::{Error, Result};
use crate::french;
use crate::model::{Document, Inline};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Html,
    Markdown,
    Text,
}

impl Format {
    pub fn from_path(p: &Path) -> Result<Format> {
        match p.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref() {
            Some("docx") => Ok(Format::Docx),
            Some("html") | Some("htm") => Ok(Format::Html),
            Some("md") | Some("markdown") => Ok(Format::Markdown),
            Some("txt") => Ok(Format::Text),
            _ => Err(Error::Io { path: p.to_path_buf(), msg: "unknown output format: name the file .docx, .html, .md or .txt".into() }),
        }
    }
}

/// Renders a document in the given format.
pub fn render(doc: &Document, format: Format) -> Vec<u8> {
    match format {
        Format::Docx => docx::write(doc),
        Format::Html => html::write(doc).into_bytes(),
        Format::Markdown => markdown::write(doc).into_bytes(),
        Format::Text => text::write(doc).into_bytes(),
    }
}

/// The inlines as printed: French typography applied across run
/// boundaries (the space before « : » may sit in the previous run).
pub fn typeset(inlines: &[Inline]) -> Vec<Inline> {
    let joined: String = inlines
        .iter()
        .map(|i| match i {
            Inline::Text { text, .. } => text.as_str(),
            Inline::Break => "\n",
        })
        .collect();
    let typed: Vec<char> = french::typography(&joined).chars().collect();
    let mut k = 0;
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text { text, style } => {
                let n = text.chars().count();
                let t: String = typed[k..k + n].iter().collect();
                k += n;
                Inline::Text { text: t, style: *style }
            }
            Inline::Break => {
                k += 1;
                Inline::Break
            }
        })
        .collect()
}
