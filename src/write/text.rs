//! Plain text: one alinéa per paragraph, a blank line between them. It
//! prints the text as it reads (for a comparison, with every change
//! accepted); the sommaire has no page numbers, which only a laid-out
//! document knows.

use super::{typeset, Options};
use crate::model::{inline_text, Alinea, AlineaKind};
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
    if !d.in_new() {
        return;
    }
    let heading = inline_text(&typeset(&d.heading_line().new_side()));
    if !heading.is_empty() {
        out.push(heading);
    }
    for a in d.alineas.iter().filter(|a| a.in_new()) {
        out.push(alinea(&a.new_alinea()));
    }
    for c in &d.children {
        division(c, out);
    }
}

/// The text as it reads.
pub(crate) fn write(doc: &Document, _: &Options) -> Vec<u8> {
    let mut out: Vec<String> = Vec::new();
    if let Some(m) = &doc.meta.copy_mark {
        out.push(m.clone());
    }
    for l in doc.title_lines().into_iter().filter(|l| l.mark != Mark::Del) {
        out.push(inline_text(&typeset(&l.new_side())));
    }
    if let Some(t) = &doc.toc_title {
        out.push(t.clone());
        for e in doc.sommaire_lines().into_iter().filter(|e| e.change != Mark::Del) {
            out.push(inline_text(&typeset(&e.line().new_side())));
        }
    }
    for a in doc.front_alineas().filter(|a| a.in_new()) {
        out.push(alinea(&a.new_alinea()));
    }
    for d in &doc.divisions {
        division(d, &mut out);
    }
    for a in doc.closing_alineas().filter(|a| a.in_new()) {
        out.push(alinea(&a.new_alinea()));
    }
    let rows = doc.signatures_new().map(|s| s.lines.len()).max().unwrap_or(0);
    for r in 0..rows {
        let cells: Vec<String> = doc
            .signatures_new()
            .map(|s| s.lines.get(r).map(|l| inline_text(&typeset(l))).unwrap_or_default())
            .collect();
        out.push(cells.join("\t").trim_end().to_string());
    }
    let mut s = out.join("\n\n");
    s.push('\n');
    s.into_bytes()
}
