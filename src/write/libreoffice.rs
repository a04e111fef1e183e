//! Laying a document out with LibreOffice: its PDF, and the page where each
//! division starts, printed in its sommaire.
//!
//! Only a layout engine knows pages: clausier asks LibreOffice (headless)
//! to lay the DOCX or ODT out as a PDF/A-2b
//! whose named destinations are the sommaire's bookmarks (`_Toc000003`), and
//! reads each bookmark's page with `pdfinfo -dests` (poppler-utils). The
//! bookmarks are the very targets of the sommaire's links, so no
//! heading text is searched for in the PDF: a title quoted in the body, a
//! heading split across lines, a sommaire page listing the same words cannot
//! mislead it.
//!
//! The numbers written change the sommaire's lines only by a few digits, but
//! a digit more can push an entry onto a second line and shift what follows:
//! the document is laid out again with its numbers until the layout gives
//! back the numbers it prints (two passes in practice, at most four; one for
//! a document without sommaire). The
//! last pass's PDF is the one that shows them. LibreOffice lays out the same
//! document the same way, so the document written is reproducible on one
//! machine, and so is its PDF once its dates and identifiers are fixed
//! (`pdf::reproducible`).

use crate::error::{Error, Result, ToolFailure};
use crate::write::Pages;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The export filter: PDF/A-2b (fonts embedded, an sRGB output intent,
/// tagged, the document's title, author and language in its metadata),
/// whose bookmarks are named destinations.
const PDF_FILTER: &str = r#"pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}"#;

/// How long one LibreOffice run may take before it is stopped (a run
/// converts every document of a set; a convention takes a few seconds).
const RUN_LIMIT: Duration = Duration::from_secs(600);

/// Layout passes before giving up on numbers that do not settle.
const MAX_PASSES: usize = 4;

/// The programs a layout needs, found on the PATH.
#[derive(Debug, Clone)]
pub(crate) struct LibreOffice {
    soffice: PathBuf,
    pdfinfo: PathBuf,
}

/// A program on the PATH, without running it.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| names.iter().map(move |n| dir.join(n))).find(|p| p.is_file())
}

/// Writes a document (DOCX or ODT), given the pages of its sommaire (none
/// on the first pass).
type WriteDocument<'a> = Box<dyn Fn(Option<&Pages>) -> Vec<u8> + 'a>;

/// One document of a layout: its file name (its extension tells LibreOffice
/// the format) and how to write it.
pub(crate) struct Job<'a> {
    pub(crate) name: String,
    pub(crate) write: WriteDocument<'a>,
}

/// A document laid out: the document whose sommaire carries its pages, and
/// the PDF that shows them (as LibreOffice wrote it).
#[derive(Debug, Clone)]
pub struct LaidOut {
    pub source: Vec<u8>,
    pub pdf: Vec<u8>,
}

impl LibreOffice {
    /// LibreOffice and pdfinfo, or a clear error saying how to install them.
    pub(crate) fn find() -> Result<LibreOffice> {
        let soffice = on_path(&["soffice", "libreoffice"])
            .ok_or(Error::Tool { tool: "LibreOffice", why: ToolFailure::NoLibreOffice })?;
        let pdfinfo = on_path(&["pdfinfo"]).ok_or(Error::Tool { tool: "pdfinfo", why: ToolFailure::NoPdfinfo })?;
        Ok(LibreOffice { soffice, pdfinfo })
    }

    /// Lays the documents out until their sommaires print the pages they are
    /// laid out on. All documents go through one LibreOffice run per pass.
    /// `scratch_in` is where the working files live (removed on return).
    pub(crate) fn lay_out(&self, jobs: &[Job], scratch_in: &Path) -> Result<Vec<LaidOut>> {
        // Registered temporaries: an interrupted run removes them too.
        let scratch = crate::fsutil::Temp::dir_in(scratch_in).map_err(|e| Error::io(scratch_in, e))?;
        let mut pages: Vec<Option<Pages>> = vec![None; jobs.len()];
        for _ in 0..MAX_PASSES {
            let written: Vec<Vec<u8>> = jobs.iter().zip(&pages).map(|(j, p)| (j.write)(p.as_ref())).collect();
            let mut files = Vec::new();
            for (j, bytes) in jobs.iter().zip(&written) {
                let p = scratch.path().join(&j.name);
                std::fs::write(&p, bytes).map_err(|e| Error::io(&p, e))?;
                files.push(p);
            }
            self.convert(&files, scratch.path())?;
            let mut found = Vec::new();
            for f in &files {
                let pdf = f.with_extension("pdf");
                found.push(self.destinations(&pdf)?);
            }
            // Settled when writing the pages found gives back the very
            // document that was laid out (its PDF then shows them).
            let settled = jobs.iter().zip(&found).zip(&written).all(|((j, f), d)| (j.write)(Some(f)) == *d);
            if settled {
                let mut out = Vec::new();
                for (f, bytes) in files.iter().zip(written) {
                    let pdf_path = f.with_extension("pdf");
                    let pdf = std::fs::read(&pdf_path).map_err(|e| Error::io(&pdf_path, e))?;
                    out.push(LaidOut { source: bytes, pdf });
                }
                return Ok(out);
            }
            pages = found.into_iter().map(Some).collect();
        }
        Err(Error::Tool { tool: "LibreOffice", why: ToolFailure::PagesUnsettled { passes: MAX_PASSES } })
    }

    /// Converts documents to PDF in one LibreOffice run.
    fn convert(&self, files: &[PathBuf], outdir: &Path) -> Result<()> {
        let profile = crate::fsutil::Temp::dir_in(&std::env::temp_dir()).map_err(|e| Error::io(outdir, e))?;
        // Its messages go to a file: a pipe nobody reads could fill and stall it.
        let log_path = profile.path().join("soffice.log");
        let log = std::fs::File::create(&log_path).map_err(|e| Error::io(&log_path, e))?;
        let mut child = Command::new(&self.soffice)
            .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
            .args(["--headless", "--norestore", "--convert-to", PDF_FILTER, "--outdir"])
            // Dates in UTC whatever the machine's zone (they are blanked
            // afterwards, but must have one length).
            .env("TZ", "UTC")
            .arg(outdir)
            .args(files)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| Error::Tool { tool: "LibreOffice", why: ToolFailure::NotStarted(e) })?;
        let start = Instant::now();
        loop {
            match child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if start.elapsed() > RUN_LIMIT => {
                    let _ = child.kill();
                    let _ = child.wait();
                    let why = ToolFailure::TimedOut { seconds: RUN_LIMIT.as_secs() };
                    return Err(Error::Tool { tool: "LibreOffice", why });
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(50)),
                Err(e) => return Err(Error::Tool { tool: "LibreOffice", why: ToolFailure::Waiting(e) }),
            }
        }
        let err = std::fs::read_to_string(&log_path).unwrap_or_default();
        for f in files {
            let pdf = f.with_extension("pdf");
            if !pdf.is_file() {
                let why = err.lines().rfind(|l| !l.contains("javaldx")).unwrap_or("no message");
                let file = f.file_name().unwrap_or_default().to_string_lossy().to_string();
                let why = ToolFailure::NotConverted { file, log: why.to_string() };
                return Err(Error::Tool { tool: "LibreOffice", why });
            }
        }
        Ok(())
    }

    /// The page of every sommaire bookmark of a PDF.
    fn destinations(&self, pdf: &Path) -> Result<Pages> {
        let out = Command::new(&self.pdfinfo)
            .arg("-dests")
            .arg(pdf)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| Error::Tool { tool: "pdfinfo", why: ToolFailure::NotStarted(e) })?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
            return Err(Error::Tool {
                tool: "pdfinfo",
                why: ToolFailure::PdfUnreadable { pdf: pdf.to_path_buf(), stderr },
            });
        }
        Ok(parse_dests(&String::from_utf8_lossy(&out.stdout)))
    }
}

/// Reads `pdfinfo -dests`: `  5 [ XYZ 71 388 null ] "_Toc000003"`. The
/// sommaire's bookmarks are kept, under the name the DOCX gives them
/// (LibreOffice 7 writes `_` as `5F` in destination names).
fn parse_dests(text: &str) -> Pages {
    let mut pages = Pages::new();
    for line in text.lines() {
        let Some(page) = line.split_whitespace().next().and_then(|t| t.parse::<u32>().ok()) else { continue };
        let (Some(open), Some(close)) = (line.find('"'), line.rfind('"')) else { continue };
        if close <= open {
            continue;
        }
        let name = &line[open + 1..close];
        let bare = name.trim_start_matches("#5F").trim_start_matches("5F").trim_start_matches('_');
        if let Some(rank) = bare.strip_prefix("Toc").filter(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit()))
        {
            pages.insert(format!("_Toc{}", rank), page);
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_pdfinfo_destinations() {
        let text = "Page  Destination                 Name\n   3 [ XYZ   71  747 null      ] \"5FToc000001\"\n  12 [ XYZ   71  513 null      ] \"_Toc000022\"\n   4 [ XYZ 1 2 null ] \"autre\"\n";
        let p = super::parse_dests(text);
        assert_eq!(p.len(), 2);
        assert_eq!(p["_Toc000001"], 3);
        assert_eq!(p["_Toc000022"], 12);
    }
}
