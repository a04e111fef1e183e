//! One self-contained HTML page (inline CSS, no network), printable.

use super::typeset;
use crate::model::{Alinea, AlineaKind, Division, Document, Inline};

pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

pub fn inlines(v: &[Inline]) -> String {
    let mut o = String::new();
    for i in typeset(v) {
        match i {
            Inline::Break => o.push_str("<br>"),
            Inline::Text { text, style } => {
                let (open, close) = style.tags(["strong", "em", "u", "sup"]);
                o.push_str(&open);
                o.push_str(&esc(&text));
                o.push_str(&close);
            }
        }
    }
    o
}

pub fn alinea(a: &Alinea) -> String {
    match &a.kind {
        AlineaKind::Paragraph => format!("<p>{}</p>", inlines(&a.inlines)),
        AlineaKind::Item { marker: None } => format!("<ul><li>{}</li></ul>", inlines(&a.inlines)),
        AlineaKind::Item { marker: Some(m) } => format!("<p class=\"item\">{} {}</p>", esc(m), inlines(&a.inlines)),
        AlineaKind::Table { rows, header } => {
            let mut o = String::from("<table>");
            for (k, r) in rows.iter().enumerate() {
                let tag = if *header && k == 0 { "th" } else { "td" };
                o.push_str("<tr>");
                for c in r {
                    o.push_str(&format!("<{t}>{}</{t}>", inlines(c), t = tag));
                }
                o.push_str("</tr>");
            }
            o.push_str("</table>");
            o
        }
    }
}

fn division(d: &Division, out: &mut String) {
    let h = d.level.clamp(1, 5) + 1;
    out.push_str(&format!("<section id=\"{}\">\n", esc(&d.id)));
    if !d.heading_text().is_empty() {
        out.push_str(&format!("<h{h}>{}</h{h}>\n", inlines(&[Inline::plain(d.heading_text())]), h = h));
    }
    for a in &d.alineas {
        out.push_str(&alinea(a));
        out.push('\n');
    }
    for c in &d.children {
        division(c, out);
    }
    out.push_str("</section>\n");
}

pub const CSS: &str = "body{font-family:Arial,'Liberation Sans',sans-serif;max-width:48em;margin:2em auto;line-height:1.45;text-align:justify;color:#000}\
h1,.titre{text-align:center}.titre p{font-weight:bold;text-align:center;margin:.3em}\
nav.sommaire a{color:inherit;text-decoration:none}nav.sommaire li{list-style:none}\
table{border-collapse:collapse}td,th{border:1px solid #444;padding:.3em .5em;vertical-align:top}\
table.signatures td{border:none;width:50%}ins{text-decoration:underline;font-weight:bold;background:#e6ffe6}\
del{text-decoration:line-through;background:#ffe6e6}@media print{body{margin:0;max-width:none}a{color:inherit}}";

/// The page frame shared by every HTML output of clausier.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        esc(title),
        CSS,
        body
    )
}

pub fn write(doc: &Document) -> String {
    let mut b = String::new();
    if let Some(m) = &doc.meta.copy_mark {
        b.push_str(&format!("<p class=\"exemplaire\"><em>{}</em></p>\n", esc(m)));
    }
    if !doc.title_page.is_empty() {
        b.push_str("<header class=\"titre\">\n");
        for l in &doc.title_page {
            b.push_str(&format!("<p>{}</p>\n", inlines(l)));
        }
        b.push_str("</header>\n");
    }
    if let Some(t) = &doc.toc_title {
        b.push_str(&format!("<nav class=\"sommaire\"><h2>{}</h2><ul>\n", esc(t)));
        for e in &doc.sommaire() {
            b.push_str(&format!(
                "<li style=\"margin-left:{}em\"><a href=\"#{}\">{}</a></li>\n",
                (e.level - 1) * 2,
                esc(&e.division),
                inlines(&e.text)
            ));
        }
        b.push_str("</ul></nav>\n");
    }
    for a in doc.front_alineas() {
        b.push_str(&alinea(a));
        b.push('\n');
    }
    for d in &doc.divisions {
        division(d, &mut b);
    }
    for a in doc.closing_alineas() {
        b.push_str(&alinea(a));
        b.push('\n');
    }
    if !doc.signatures.is_empty() {
        b.push_str("<table class=\"signatures\"><tr>");
        for s in &doc.signatures {
            b.push_str("<td>");
            for l in &s.lines {
                b.push_str(&format!("<p>{}</p>", inlines(l)));
            }
            b.push_str("</td>");
        }
        b.push_str("</tr></table>\n");
    }
    page(&doc.meta.title, &b)
}
