//! Markdown, in the form `clausier import` reads back: headings carry the
//! computed labels, the title page is bold lines, the sommaire a list of
//! entries with dot leaders (without page numbers, which only a laid-out
//! document knows). For a comparison, the text with every change accepted.

use super::Options;
use crate::layout::{reading_order, Piece};
use crate::markdown::{alinea_to_markdown, escape, inlines_to_markdown};
use crate::model::{heading_inlines, Division, Document, Mark};
use crate::model::{Inline, Style};

fn division(d: &Division, out: &mut Vec<String>) {
    let title = heading_inlines(d);
    if !title.is_empty() {
        out.push(format!("{} {}", "#".repeat(d.level.clamp(1, 6)), inlines_to_markdown(&title)));
    }
    for a in &d.alineas {
        out.push(alinea_to_markdown(a));
    }
    for c in &d.children {
        division(c, out);
    }
}

pub(crate) fn write(doc: &Document, _: &Options) -> Vec<u8> {
    // A comparison prints as its new text (Accept All).
    let doc = &doc.side(Mark::Ins);
    let mut out: Vec<String> = Vec::new();
    if let Some(m) = &doc.meta.copy_mark {
        out.push(format!("*{}*", escape(m, false)));
    }
    for l in &doc.title_page {
        let bold: Vec<Inline> = l
            .iter()
            .cloned()
            .map(|i| match i {
                Inline::Text { text, style } => Inline::Text { text, style: Style { bold: true, ..style } },
                i => i,
            })
            .collect();
        out.push(inlines_to_markdown(&crate::markdown::normalize(bold)));
    }
    if let Some(t) = &doc.toc_title {
        out.push(format!("## {}", escape(t, false)));
        for e in doc.sommaire_printed() {
            out.push(format!("{} .....", inlines_to_markdown(&e.text)));
        }
    }
    for piece in reading_order(doc) {
        match piece {
            Piece::Front(p) | Piece::Closing(p) => out.extend(p.alineas.iter().map(alinea_to_markdown)),
            Piece::Division(d) | Piece::AnnexAfterSignatures(_, d) => division(d, &mut out),
            // The blocks' lines, a row of each in turn.
            Piece::Signatures => {
                let rows = doc.signatures.iter().map(|s| s.lines.len()).max().unwrap_or(0);
                for r in 0..rows {
                    out.extend(doc.signatures.iter().filter_map(|s| s.lines.get(r)).map(|l| inlines_to_markdown(l)));
                }
            }
        }
    }
    let mut s = out.join("\n\n");
    s.push('\n');
    s.into_bytes()
}
