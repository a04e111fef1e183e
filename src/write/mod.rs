//! Writers: one per output format, each reading the document model.
//! The format follows the output file's extension.

pub mod docx;
mod html;
mod markdown;
pub mod redline_html;
pub mod tableau;
mod text;
mod xml;

use crate::compare::Revised;
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
}

/// What a writer may need besides the text.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// The text as it stood before a comparison: what the tableau and the
    /// HTML view cite.
    pub old: Option<&'a Document>,
    /// The page footer (originals: copy mark and paraphes); by default page
    /// numbers, and the copy mark the document carries.
    pub footer: Option<docx::Footer>,
    /// Author and date of tracked changes.
    pub rev: docx::RevInfo,
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

/// Pages of the sommaire's targets: bookmark name (`_Toc000003`) → page.
pub type Pages = std::collections::BTreeMap<String, u32>;

/// One output format: its name, the extensions it is chosen by, what it is
/// for, and the function that writes it.
pub struct Writer {
    pub(crate) name: &'static str,
    extensions: &'static [&'static str],
    purposes: &'static [Purpose],
    pub write: fn(&Revised, &Options) -> Vec<u8>,
}

/// Every format clausier writes. The CLI's choice of format, its error for
/// an unknown extension and its help all read this table.
static WRITERS: &[Writer] = &[
    Writer { name: "docx", extensions: &["docx"], purposes: &[Purpose::Text, Purpose::Comparison], write: docx::write },
    Writer { name: "html", extensions: &["html", "htm"], purposes: &[Purpose::Text], write: html::write },
    Writer { name: "markdown", extensions: &["md", "markdown"], purposes: &[Purpose::Text], write: markdown::write },
    Writer { name: "text", extensions: &["txt"], purposes: &[Purpose::Text], write: text::write },
    Writer {
        name: "redline-html",
        extensions: &["html", "htm"],
        purposes: &[Purpose::Comparison],
        write: redline_html::write,
    },
    Writer { name: "tableau", extensions: &["docx"], purposes: &[Purpose::Tableau], write: tableau::write },
];

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
    let ext = path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).unwrap_or_default();
    WRITERS.iter().find(|w| w.purposes.contains(&purpose) && w.extensions.contains(&ext.as_str())).ok_or_else(|| {
        let what = match purpose {
            Purpose::Text => "a document",
            Purpose::Comparison => "a redline",
            Purpose::Tableau => "a tableau comparatif",
        };
        Error::Io {
            path: path.to_path_buf(),
            msg: format!("unknown output format for {}: name the file {}", what, extensions(purpose)),
        }
    })
}

/// The writer of a name in the table (« docx », « text »…).
pub fn writer(name: &str) -> &'static Writer {
    WRITERS.iter().find(|w| w.name == name).expect("a writer of the table")
}

/// A document as it reads, in one format.
pub fn render(doc: &Document, name: &str) -> Vec<u8> {
    (writer(name).write)(&Revised::unchanged(doc), &Options::default())
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

/// Typography for a merged paragraph: each side (kept + inserted, kept +
/// deleted) is typeset as a whole, so that Accept All and Reject All give
/// exactly what a plain build gives. A kept space that becomes
/// non-breaking on one side only is split into a deletion and an insertion.
pub(crate) fn typeset_segs(segs: &[crate::compare::Seg]) -> Vec<crate::compare::Seg> {
    use crate::compare::{Mark, Seg};
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
