//! Plain text: one alinéa per paragraph, a blank line between them. It
//! prints the text as it reads (for a comparison, with every change
//! accepted); the sommaire has no page numbers, which only a laid-out
//! document knows.

use super::{typeset, Options};
use crate::layout::{reading_order, Piece};
use crate::model::{heading_inlines, inline_text, Alinea, AlineaKind};
use crate::model::{Division, Document, Mark};

fn alinea(a: &Alinea) -> String {
    match &a.kind {
        AlineaKind::Table { rows, .. } => rows
            .iter()
            .map(|r| r.iter().map(|c| inline_text(&typeset(c))).collect::<Vec<_>>().join("\t"))
            .collect::<Vec<_>>()
            .join("\n"),
        AlineaKind::Item { marker: None } => format!("– {}", inline_text(&typeset(&a.inlines))),
        AlineaKind::Item { marker: Some(m) } => format!("{} {}", m, inline_text(&typeset(&a.inlines))),
        AlineaKind::Paragraph => inline_text(&typeset(&a.inlines)),
    }
}

fn division(d: &Division, out: &mut Vec<String>) {
    let heading = inline_text(&typeset(&heading_inlines(d)));
    if !heading.is_empty() {
        out.push(heading);
    }
    for a in &d.alineas {
        out.push(alinea(a));
    }
    for c in &d.children {
        division(c, out);
    }
}

/// The signature blocks side by side, a line of each per row, tab-separated.
fn signature_rows(doc: &Document, out: &mut Vec<String>) {
    let rows = doc.signatures.iter().map(|s| s.lines.len()).max().unwrap_or(0);
    for r in 0..rows {
        let cells: Vec<String> = doc
            .signatures
            .iter()
            .map(|s| s.lines.get(r).map(|l| inline_text(&typeset(l))).unwrap_or_default())
            .collect();
        out.push(cells.join("\t").trim_end().to_string());
    }
}

/// The text as it reads.
pub(crate) fn write(doc: &Document, _: &Options) -> Vec<u8> {
    // A comparison prints as its new text (Accept All).
    let doc = &doc.side(Mark::Ins);
    let mut out: Vec<String> = Vec::new();
    if let Some(m) = &doc.meta.copy_mark {
        out.push(m.clone());
    }
    for l in &doc.title_page {
        out.push(inline_text(&typeset(l)));
    }
    if let Some(t) = &doc.toc_title {
        out.push(t.clone());
        for e in doc.sommaire_printed() {
            out.push(inline_text(&typeset(&e.text)));
        }
    }
    for piece in reading_order(doc) {
        match piece {
            Piece::Front(p) | Piece::Closing(p) => out.extend(p.alineas.iter().map(alinea)),
            Piece::Division(d) | Piece::AnnexAfterSignatures(_, d) => division(d, &mut out),
            Piece::Signatures => signature_rows(doc, &mut out),
        }
    }
    let mut s = out.join("\n\n");
    s.push('\n');
    s.into_bytes()
}
