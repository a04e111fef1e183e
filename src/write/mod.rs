//! Writers: one per output format, each reading the document model and,
//! for the formats that have pages, its page furniture (`crate::layout`).
//! The format follows the output file's extension. A new format is a row
//! of `WRITERS` and its module here: nothing outside `write/` names one.

pub mod docx;
mod html;
mod libreoffice;
mod markdown;
pub mod odt;
pub mod pdf;
pub mod redline_html;
pub mod tableau;
mod text;
mod xml;

pub use libreoffice::LaidOut;

use crate::error::{Error, Result};
use crate::french;
use crate::model::{Document, Inline};
use std::path::Path;

/// What an output is for: the text of a document, or the comparison of
/// two versions of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// `build`, `avenant build`: the text as it reads.
    Text,
    /// `redline`: the new text with its changes marked.
    Comparison,
    /// `redline --table`: the tableau comparatif.
    Tableau,
    /// `originals --format`: the signed copies, on pages (paraphes, copy
    /// numbers, a signature page).
    Originals,
}

/// What a writer may need besides the text.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// The text as it stood before a comparison: what the tableau and the
    /// HTML view cite.
    pub old: Option<&'a Document>,
    /// One paraphe box per party in the footer of every page (originals):
    /// the parties' short names. The copy mark is the document's own
    /// (`Meta::copy_mark`).
    pub paraphes: Vec<String>,
    /// A mark on every page (« PROJET ») for a text not yet adopted; every
    /// writer of pages honours it (see `layout::Layout::projet`).
    pub projet: Option<String>,
    /// Author and date of tracked changes.
    pub rev: RevInfo,
    /// The comparison's own title (« Avenant n° 1 »).
    pub title: Option<String>,
    /// The page where each division starts in this document, as laid out
    /// (see the layout module); without it the sommaire's numbers are left
    /// blank for Word to fill in.
    pub pages: Option<&'a Pages>,
    /// What reviewers said (the comments of an edited document), for the
    /// tableau's « Observations » column.
    pub observations: &'a [tableau::Observation],
}

pub use crate::layout::Pages;

impl Options<'_> {
    /// What the page furniture is asked for.
    pub(crate) fn ask(&self) -> crate::layout::Ask<'_> {
        crate::layout::Ask { paraphes: &self.paraphes, pages: self.pages, projet: self.projet.as_deref() }
    }
}

/// Author and date stamped on tracked changes.
#[derive(Debug, Clone)]
pub struct RevInfo {
    pub(crate) author: String,
    /// ISO 8601 with time (`2026-12-09T00:00:00Z`); none when unknown, so
    /// that the same texts always give the same bytes.
    pub(crate) date: Option<String>,
}

impl RevInfo {
    /// Author and date of the tracked changes; the date must be ISO.
    pub fn new(author: String, date: Option<&str>) -> Result<RevInfo> {
        let date = match date {
            None => None,
            Some(d) => {
                let day = french::Date::parse(d)
                    .ok_or_else(|| Error::Usage(crate::error::Misuse::RevisionDate { typed: d.to_string() }))?;
                Some(format!("{}T00:00:00Z", day.iso()))
            }
        };
        Ok(RevInfo { author, date })
    }
}

impl Default for RevInfo {
    fn default() -> Self {
        RevInfo { author: "clausier".into(), date: None }
    }
}

/// One output format: its name, the extensions it is chosen by, what it is
/// for, the function that writes it, and how its sommaire gets its pages.
pub struct Writer {
    pub(crate) name: &'static str,
    extensions: &'static [&'static str],
    purposes: &'static [Purpose],
    /// Writes the document in memory. For a format laid out by LibreOffice
    /// (PDF), this writes the document it is laid out from: call
    /// [`Writer::produce`], which lays it out.
    pub write: fn(&Document, &Options) -> Vec<u8>,
    page_numbers: PageNumbers,
    /// What a person calls the format (« Word (.docx) »), in French.
    pub label: &'static str,
    /// The media type a download of it is served with.
    pub media_type: &'static str,
}

/// Where the page numbers of a sommaire come from, in a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PageNumbers {
    /// No pages (HTML, Markdown, text).
    None,
    /// Fields the word processor fills in on opening (Word).
    Fields,
    /// Left blank until the index is updated (LibreOffice does not on opening).
    Blank,
    /// Laid out by LibreOffice from the format of this writer of the table.
    LaidOut(&'static str),
}

/// How an output is put on pages.
#[derive(Debug, Clone, Copy)]
pub struct Laying<'a> {
    /// Lay the document out with LibreOffice, so that its sommaire prints
    /// the page of each line (always, for a PDF).
    pub pages: bool,
    /// An existing directory where LibreOffice's working files go.
    pub scratch: &'a Path,
}

/// Every format clausier writes. The CLI's choice of format, its error for
/// an unknown extension and its help all read this table.
static WRITERS: &[Writer] = &[
    Writer {
        name: "docx",
        extensions: &["docx"],
        purposes: &[Purpose::Text, Purpose::Comparison, Purpose::Originals],
        write: docx::write,
        page_numbers: PageNumbers::Fields,
        label: "Word (.docx)",
        media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    },
    Writer {
        name: "odt",
        extensions: &["odt"],
        purposes: &[Purpose::Text, Purpose::Comparison, Purpose::Originals],
        write: odt::write,
        page_numbers: PageNumbers::Blank,
        label: "OpenDocument (.odt)",
        media_type: "application/vnd.oasis.opendocument.text",
    },
    Writer {
        name: "pdf",
        extensions: &["pdf"],
        purposes: &[Purpose::Text, Purpose::Comparison, Purpose::Originals],
        write: docx::write,
        page_numbers: PageNumbers::LaidOut("docx"),
        label: "PDF",
        media_type: "application/pdf",
    },
    Writer {
        name: "html",
        extensions: &["html", "htm"],
        purposes: &[Purpose::Text],
        write: html::write,
        page_numbers: PageNumbers::None,
        label: "Page web (.html)",
        media_type: "text/html; charset=utf-8",
    },
    Writer {
        name: "markdown",
        extensions: &["md", "markdown"],
        purposes: &[Purpose::Text],
        write: markdown::write,
        page_numbers: PageNumbers::None,
        label: "Markdown (.md)",
        media_type: "text/markdown; charset=utf-8",
    },
    Writer {
        name: "text",
        extensions: &["txt"],
        purposes: &[Purpose::Text],
        write: text::write,
        page_numbers: PageNumbers::None,
        label: "Texte brut (.txt)",
        media_type: "text/plain; charset=utf-8",
    },
    Writer {
        name: "redline-html",
        extensions: &["html", "htm"],
        purposes: &[Purpose::Comparison],
        write: redline_html::write,
        page_numbers: PageNumbers::None,
        label: "Page web des modifications (.html)",
        media_type: "text/html; charset=utf-8",
    },
    Writer {
        name: "tableau",
        extensions: &["docx"],
        purposes: &[Purpose::Tableau],
        write: tableau::write,
        page_numbers: PageNumbers::Fields,
        label: "Tableau comparatif Word (.docx)",
        media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    },
    Writer {
        name: "tableau-odt",
        extensions: &["odt"],
        purposes: &[Purpose::Tableau],
        write: odt::tableau,
        page_numbers: PageNumbers::None,
        label: "Tableau comparatif OpenDocument (.odt)",
        media_type: "application/vnd.oasis.opendocument.text",
    },
    Writer {
        name: "tableau-pdf",
        extensions: &["pdf"],
        purposes: &[Purpose::Tableau],
        write: tableau::write,
        page_numbers: PageNumbers::LaidOut("tableau"),
        label: "Tableau comparatif PDF",
        media_type: "application/pdf",
    },
];

impl Writer {
    /// The writer of the document LibreOffice lays out for this format
    /// (itself, but for a PDF).
    pub(crate) fn laid_out_from(&'static self) -> &'static Writer {
        match self.page_numbers {
            PageNumbers::LaidOut(from) => writer(from),
            _ => self,
        }
    }

    /// Whether the format is laid out by LibreOffice (a PDF).
    pub(crate) fn is_laid_out(&self) -> bool {
        matches!(self.page_numbers, PageNumbers::LaidOut(_))
    }

    /// The extension of the files it writes (« docx »).
    pub fn extension(&self) -> &'static str {
        self.extensions[0]
    }

    /// What to tell the reader of a document with a sommaire written in
    /// this format without laying it out: who fills its page numbers in.
    pub(crate) fn sommaire_note(&self) -> Option<String> {
        match self.page_numbers {
            PageNumbers::Fields => Some("note: the sommaire's page numbers are left for Word to fill in on opening; --pages computes them with LibreOffice".into()),
            PageNumbers::Blank => Some("note: the sommaire's page numbers are left blank (in LibreOffice, Tools ▸ Update ▸ Update All fills them in); --pages computes them with LibreOffice".into()),
            PageNumbers::None | PageNumbers::LaidOut(_) => None,
        }
    }

    /// Writes `doc` in this format: in memory, or laid out by LibreOffice
    /// for a PDF and, when `laying.pages` asks, for a document whose
    /// sommaire is to print its pages. Also says what the reader should
    /// know (page numbers left to the word processor).
    pub fn produce(&'static self, doc: &Document, opts: &Options, laying: &Laying) -> Result<(Vec<u8>, Vec<String>)> {
        let sommaire = doc.toc_title.is_some();
        let laid_out = |pdf: bool| -> Result<Vec<u8>> {
            let piece = pdf::Piece { name: "document".into(), writer: self, doc, opts: opts.clone() };
            let l = pdf::pdf_a(std::slice::from_ref(&piece), laying.scratch)?.remove(0);
            Ok(if pdf { l.pdf } else { l.source })
        };
        let mut notes = Vec::new();
        let bytes = match self.page_numbers {
            PageNumbers::LaidOut(_) => laid_out(true)?,
            PageNumbers::Fields | PageNumbers::Blank if sommaire && laying.pages => laid_out(false)?,
            _ if sommaire && self.sommaire_note().is_some() => {
                notes.extend(self.sommaire_note());
                (self.write)(doc, opts)
            }
            _ => (self.write)(doc, opts),
        };
        Ok((bytes, notes))
    }
}

/// The extensions accepted for a purpose, as a reader would list them.
fn extensions(purpose: Purpose) -> String {
    let exts: Vec<String> = WRITERS
        .iter()
        .filter(|w| w.purposes.contains(&purpose))
        .flat_map(|w| w.extensions.first())
        .map(|e| format!(".{}", e))
        .collect();
    match exts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {}", rest.join(", "), last),
        None => String::new(),
    }
}

/// The writer an output file asks for, by its extension.
pub fn writer_for(path: &Path, purpose: Purpose) -> Result<&'static Writer> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    writer_of_extension(ext, purpose).ok_or_else(|| {
        let what = match purpose {
            Purpose::Text => "a document",
            Purpose::Comparison => "a redline",
            Purpose::Tableau => "a tableau comparatif",
            Purpose::Originals => "originals",
        };
        Error::Io {
            path: path.to_path_buf(),
            msg: format!("unknown output format for {}: name the file {}", what, extensions(purpose)),
        }
    })
}

/// The formats a purpose can be written in, by their usual extension, in
/// the table's order: what a program offers to download (a writer added
/// to the table appears by itself).
pub fn formats(purpose: Purpose) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = WRITERS
        .iter()
        .filter(|w| w.purposes.contains(&purpose))
        .filter_map(|w| w.extensions.first().copied())
        .collect();
    v.dedup();
    v
}

/// The writer a file of this extension is written by for `purpose`, if any
/// (what a download is labelled and served as).
pub(crate) fn writer_of_extension(ext: &str, purpose: Purpose) -> Option<&'static Writer> {
    let ext = ext.to_ascii_lowercase();
    WRITERS.iter().find(|w| w.purposes.contains(&purpose) && w.extensions.contains(&ext.as_str()))
}

/// The writer of a name in the table (« docx », « text »…).
pub fn writer(name: &str) -> &'static Writer {
    WRITERS.iter().find(|w| w.name == name).expect("a writer of the table")
}

/// A document as it reads, in one format.
pub fn render(doc: &Document, name: &str) -> Vec<u8> {
    (writer(name).write)(doc, &Options::default())
}

/// The inlines as printed: French typography applied across run
/// boundaries (the space before « : » may sit in the previous run).
pub fn typeset(inlines: &[Inline]) -> Vec<Inline> {
    let joined: String = inlines
        .iter()
        .map(|i| match i {
            Inline::Text { text, .. } => text.as_str(),
            Inline::Break => "\n",
            // Change spans are typeset side by side (`typeset_segs`), never here.
            Inline::Change { .. } => "",
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
            i @ Inline::Change { .. } => i.clone(),
        })
        .collect()
}

/// Typography for a merged paragraph: each side (kept + inserted, kept +
/// deleted) is typeset as a whole, so that Accept All and Reject All give
/// exactly what a plain build gives. A kept space that becomes
/// non-breaking on one side only is split into a deletion and an insertion.
pub(crate) fn typeset_segs(segs: &[crate::model::Seg]) -> Vec<crate::model::Seg> {
    use crate::model::{Mark, Seg};
    use std::collections::HashMap;
    // Unchanged text (every plain build): one side, no bookkeeping.
    if segs.iter().all(|s| s.mark == Mark::Same) {
        let all: Vec<Inline> = segs.iter().flat_map(|s| s.inlines.iter().cloned()).collect();
        return vec![Seg { mark: Mark::Same, inlines: typeset(&all) }];
    }
    let side = |other: Mark| {
        let mut at = Vec::new();
        let mut v = Vec::new();
        for (k, s) in segs.iter().enumerate() {
            if s.mark == Mark::Same || s.mark == other {
                for (j, i) in s.inlines.iter().enumerate() {
                    at.push((k, j));
                    v.push(i.clone());
                }
            }
        }
        at.into_iter().zip(typeset(&v)).collect::<HashMap<(usize, usize), Inline>>()
    };
    let acc = side(Mark::Ins);
    let rej = side(Mark::Del);
    let mut out: Vec<Seg> = Vec::new();
    let mut push = |mark: Mark, i: Inline| match out.last_mut() {
        Some(s) if s.mark == mark => s.inlines.push(i),
        _ => out.push(Seg { mark, inlines: vec![i] }),
    };
    for (k, s) in segs.iter().enumerate() {
        for j in 0..s.inlines.len() {
            match s.mark {
                Mark::Ins => push(Mark::Ins, acc[&(k, j)].clone()),
                Mark::Del => push(Mark::Del, rej[&(k, j)].clone()),
                Mark::Same => {
                    let (a, r) = (&acc[&(k, j)], &rej[&(k, j)]);
                    if a == r {
                        push(Mark::Same, a.clone());
                    } else {
                        push(Mark::Del, r.clone());
                        push(Mark::Ins, a.clone());
                    }
                }
            }
        }
    }
    out
}

/// A document as plain text.
pub fn to_text(doc: &Document) -> String {
    String::from_utf8(render(doc, "text")).expect("the text writer writes UTF-8")
}

/// A document as Markdown.
pub fn to_markdown(doc: &Document) -> String {
    String::from_utf8(render(doc, "markdown")).expect("the Markdown writer writes UTF-8")
}
