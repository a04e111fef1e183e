//! Markdown, in the form `clausier import` reads back: headings carry the
//! computed labels, the title page is bold lines, the sommaire a list of
//! entries with dot leaders (without page numbers, which only a laid-out
//! document knows). For a comparison, the text with every change accepted.

use super::Options;
use crate::markdown::{alinea_to_markdown, escape, inlines_to_markdown};
use crate::model::{Division, Document, Mark};
use crate::model::{Inline, Style};

fn division(d: &Division, out: &mut Vec<String>) {
    if !d.in_new() {
        return;
    }
    let title = d.heading_line().new_side();
    if !title.is_empty() {
        out.push(format!("{} {}", "#".repeat(d.level.clamp(1, 6)), inlines_to_markdown(&title)));
    }
    for a in d.alineas.iter().filter(|a| a.in_new()) {
        out.push(alinea_to_markdown(&a.new_alinea()));
    }
    for c in &d.children {
        division(c, out);
    }
}

pub(crate) fn write(doc: &Document, _: &Options) -> Vec<u8> {
    let mut out: Vec<String> = Vec::new();
    if let Some(m) = &doc.meta.copy_mark {
        out.push(format!("*{}*", escape(m, false)));
    }
    for l in doc.title_lines().into_iter().filter(|l| l.mark != Mark::Del) {
        let bold: Vec<Inline> = l
            .new_side()
            .into_iter()
            .map(|i| match i {
                Inline::Text { text, style } => Inline::Text { text, style: Style { bold: true, ..style } },
                i => i,
            })
            .collect();
        out.push(inlines_to_markdown(&crate::markdown::normalize(bold)));
    }
    if let Some(t) = &doc.toc_title {
        out.push(format!("## {}", escape(t, false)));
        for e in doc.sommaire_lines().into_iter().filter(|e| e.change != Mark::Del) {
            out.push(format!("{} .....", inlines_to_markdown(&e.line().new_side())));
        }
    }
    for a in doc.front_alineas().filter(|a| a.in_new()) {
        out.push(alinea_to_markdown(&a.new_alinea()));
    }
    for d in &doc.divisions {
        division(d, &mut out);
    }
    for a in doc.closing_alineas().filter(|a| a.in_new()) {
        out.push(alinea_to_markdown(&a.new_alinea()));
    }
    let rows = doc.signatures_new().map(|s| s.lines.len()).max().unwrap_or(0);
    for r in 0..rows {
        for s in doc.signatures_new() {
            if let Some(l) = s.lines.get(r) {
                out.push(inlines_to_markdown(l));
            }
        }
    }
    let mut s = out.join("\n\n");
    s.push('\n');
    s.into_bytes()
}
