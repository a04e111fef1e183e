//! Readers: documents from outside turned into the blocks the rest of
//! clausier works on (`crate::markdown::Block`: headings, alinéas, rules).
//! The Markdown text reader is `crate::markdown::parse`; `docx` reads Word
//! documents, with the facts only a DOCX carries beside each block.

pub mod docx;
