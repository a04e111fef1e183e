//! Plain text: one alinéa per paragraph, a blank line between them.

use super::typeset;
use crate::model::{inline_text, Alinea, AlineaKind, Division, Document};

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
    if !d.heading_text().is_empty() {
        out.push(inline_text(&typeset(&[crate::model::Inline::plain(d.heading_text())])));
    }
    for a in &d.alineas {
        out.push(alinea(a));
    }
    for c in &d.children {
        division(c, out);
    }
}

/// The document body as plain text (what fingerprints and word counts read).
pub fn write(doc: &Document) -> String {
    let mut out: Vec<String> = Vec::new();
    if let Some(m) = &doc.meta.copy_mark {
        out.push(m.clone());
    }
    for l in &doc.title_page {
        out.push(inline_text(&typeset(l)));
    }
    if let Some(t) = &doc.toc_title {
        out.push(t.clone());
        for e in &doc.sommaire() {
            let text = inline_text(&typeset(&e.text));
            out.push(match &e.page {
                Some(p) => format!("{}\t{}", text, p),
                None => text,
            });
        }
    }
    for a in doc.front_alineas() {
        out.push(alinea(a));
    }
    for d in &doc.divisions {
        division(d, &mut out);
    }
    for a in doc.closing_alineas() {
        out.push(alinea(a));
    }
    let rows = doc.signatures.iter().map(|s| s.lines.len()).max().unwrap_or(0);
    for r in 0..rows {
        let cells: Vec<String> = doc.signatures.iter().map(|s| s.lines.get(r).map(|l| inline_text(&typeset(l))).unwrap_or_default()).collect();
        out.push(cells.join("\t").trim_end().to_string());
    }
    let mut s = out.join("\n\n");
    s.push('\n');
    s
}
