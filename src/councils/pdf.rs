//! The PDFs the councils and the préfecture receive: every piece laid out by
//! LibreOffice in one run (each start costs seconds), as PDF/A-2b, the
//! sommaires with their page numbers. This one function is where the pack
//! asks for PDFs, so that the layout behind it can change in one place.

use crate::error::Result;
use crate::write::Pages;
use std::path::Path;

/// Writes a document's DOCX given the pages of its sommaire (none on the
/// first pass).
pub type WriteDocx<'a> = Box<dyn Fn(Option<&Pages>) -> Vec<u8> + 'a>;

/// A document to lay out: its file name (unique in the run) and how to
/// write its DOCX.
pub struct PdfJob<'a> {
    pub name: String,
    pub docx: WriteDocx<'a>,
}

/// The PDF/A-2b of each document, in order, laid out in one LibreOffice run
/// per pass; `scratch` is where the working files go (removed on return).
pub fn to_pdf(jobs: Vec<PdfJob>, scratch: &Path) -> Result<Vec<Vec<u8>>> {
    let lo = crate::layout::LibreOffice::find()?;
    let jobs: Vec<crate::layout::Job> =
        jobs.into_iter().map(|j| crate::layout::Job { name: j.name, write: j.docx }).collect();
    Ok(lo.lay_out(&jobs, scratch)?.into_iter().map(|l| l.pdf).collect())
}
