//! Markdown, in the form `clausier import` reads back: headings carry the
//! computed labels, the title page is bold lines, the sommaire a list of
//! entries with dot leaders.

use crate::markdown::{alinea_to_markdown, escape, inlines_to_markdown};
use crate::model::{Division, Document, Inline, Style};

fn division(d: &Division, out: &mut Vec<String>) {
    let mut title: Vec<Inline> = Vec::new();
    if let Some(l) = &d.label {
        title.push(Inline::plain(format!("{} ", l)));
    }
    title.extend(d.title.iter().cloned());
    let title = crate::markdown::normalize(title);
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

pub fn write(doc: &Document) -> String {
    let mut out: Vec<String> = Vec::new();
    if let Some(m) = &doc.meta.copy_mark {
        out.push(format!("*{}*", escape(m, false)));
    }
    for l in &doc.title_page {
        let bold: Vec<Inline> = l
            .iter()
            .map(|i| match i {
                Inline::Text { text, style } => Inline::Text { text: text.clone(), style: Style { bold: true, ..*style } },
                Inline::Break => Inline::Break,
            })
            .collect();
        out.push(inlines_to_markdown(&crate::markdown::normalize(bold)));
    }
    if let Some(t) = &doc.toc_title {
        out.push(format!("## {}", escape(t, false)));
        for e in &doc.sommaire() {
            let page = e.page.as_deref().map(|p| format!("\t{}", escape(p, false))).unwrap_or_default();
            out.push(format!("{} .....{}", inlines_to_markdown(&e.text), page));
        }
    }
    for a in doc.front_alineas() {
        out.push(alinea_to_markdown(a));
    }
    for d in &doc.divisions {
        division(d, &mut out);
    }
    for a in doc.closing_alineas() {
        out.push(alinea_to_markdown(a));
    }
    let rows = doc.signatures.iter().map(|s| s.lines.len()).max().unwrap_or(0);
    for r in 0..rows {
        for s in &doc.signatures {
            if let Some(l) = s.lines.get(r) {
                out.push(inlines_to_markdown(l));
            }
        }
    }
    let mut s = out.join("\n\n");
    s.push('\n');
    s
}
