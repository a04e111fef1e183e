//! Readers: documents from outside turned into the blocks the rest of
//! clausier works on (`crate::markdown::TextBlock`: headings, alinéas, rules).
//! The Markdown text reader is `crate::markdown::parse`; `docx` reads Word
//! documents, with the facts only a DOCX carries beside each block.

pub mod docx;
pub mod odt;
pub(crate) mod package;
pub(crate) mod table;
pub(crate) mod xml;

/// Reads a word processor's document — a DOCX or an ODT, known by its
/// content, not its name — into the same blocks.
pub fn read_document(bytes: &[u8], opts: &docx::Options) -> crate::error::Result<docx::DocxText> {
    if odt::is_odt_bytes(bytes) {
        odt::read_odt(bytes, opts)
    } else {
        docx::read_docx(bytes, opts)
    }
}
