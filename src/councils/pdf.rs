//! The PDFs the councils and the préfecture receive: every piece laid out by
//! LibreOffice in one run per pass (each start costs seconds), as PDF/A-2b,
//! byte-reproducible, the sommaires with their page numbers
//! (`write::pdf::pdf_a`). This one function is where the pack asks for
//! PDFs.

use crate::error::Result;
use crate::write::pdf::Piece;
use std::path::Path;

/// The PDF/A-2b of each piece, in order; `scratch` is where the working
/// files go (removed on return).
pub fn to_pdf(pieces: &[Piece], scratch: &Path) -> Result<Vec<Vec<u8>>> {
    Ok(crate::write::pdf::pdf_a(pieces, scratch)?.into_iter().map(|l| l.pdf).collect())
}
