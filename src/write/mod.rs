//! Writers: one per output format, each reading the document model.
//! The format follows the output file's extension.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod redline_html;
pub mod tableau;
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

/// Typography for a merged paragraph: each side (kept + inserted, kept +
/// deleted) is typeset as a whole, so that Accept All and Reject All give
/// exactly what a plain build gives. A kept space that becomes
/// non-breaking on one side only is split into a deletion and an insertion.
pub fn typeset_segs(segs: &[crate::compare::Seg]) -> Vec<crate::compare::Seg> {
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
