//! One self-contained HTML page (inline CSS, no network), printable.

use super::{typeset, Options};
use crate::layout::{reading_order, Piece};
use crate::model::{heading_inlines, Division, Document, Mark};
use crate::model::{Alinea, AlineaKind, Inline};

pub(crate) fn esc(s: &str) -> String {
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

pub(crate) fn inlines(v: &[Inline]) -> String {
    let mut o = String::new();
    let v = typeset(v);
    for (k, i) in v.iter().cloned().enumerate() {
        match i {
            Inline::Break => o.push_str("<br>"),
            // The text view prints the new text: it holds no change span.
            Inline::Change { inlines: v, .. } => o.push_str(&inlines(&v)),
            Inline::Text { text, style } => {
                let (open, close) = style.tags(["strong", "em", "u", "sup"]);
                o.push_str(&open);
                if style.superscript {
                    o.push_str(&esc(&text));
                } else {
                    // « 1er », « 13e »: the ordinal's suffix in superscript.
                    let (before, after) = crate::model::chars_around(&v, k);
                    for (piece, sup) in crate::french::ordinal_pieces_between(&text, before, after) {
                        if sup {
                            o.push_str(&format!("<sup>{}</sup>", esc(piece)));
                        } else {
                            o.push_str(&esc(piece));
                        }
                    }
                }
                o.push_str(&close);
            }
        }
    }
    o
}

/// Words with a hyphen kept on one line (« Ivry-sur-Seine » in a narrow
/// signature column): each wrapped in a no-wrap span.
fn unbroken_hyphens(html: &str) -> String {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re =
        RE.get_or_init(|| regex::Regex::new(r"[\p{L}\p{N}’]+(?:-[\p{L}\p{N}’]+)+").expect("a fixed, valid pattern"));
    re.replace_all(html, "<span class=\"nobr\">$0</span>").to_string()
}

pub(crate) fn alinea(a: &Alinea) -> String {
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

/// The signature blocks side by side, the name last under the room to sign.
fn signatures(doc: &Document, b: &mut String) {
    if doc.signatures.is_empty() {
        return;
    }
    b.push_str("<table class=\"signatures\"><tr>");
    for s in &doc.signatures {
        b.push_str("<td>");
        let n = s.lines.len();
        for (k, l) in s.lines.iter().enumerate() {
            // The name, last, under the room to sign; hyphenated words whole.
            let class = if k + 1 == n && n > 1 { " class=\"signataire\"" } else { "" };
            b.push_str(&format!("<p{}>{}</p>", class, unbroken_hyphens(&inlines(l))));
        }
        b.push_str("</td>");
    }
    b.push_str("</tr></table>\n");
}

fn division(d: &Division, out: &mut String) {
    let h = d.level.clamp(1, 5) + 1;
    out.push_str(&format!("<section id=\"{}\">\n", esc(&d.id)));
    let heading = heading_inlines(d);
    if !heading.is_empty() {
        out.push_str(&format!("<h{h}>{}</h{h}>\n", inlines(&heading), h = h));
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

pub(crate) const CSS: &str = "body{font-family:Arial,'Liberation Sans',sans-serif;max-width:48em;margin:2em auto;line-height:1.45;text-align:justify;color:#000}\
h1,.titre{text-align:center}.titre p{font-weight:bold;text-align:center;margin:.3em}\
nav.sommaire a{color:inherit;text-decoration:none}nav.sommaire li{list-style:none}\
table{border-collapse:collapse}td,th{border:1px solid #444;padding:.3em .5em;vertical-align:top}\
table.signatures td{border:none;width:50%;text-align:center;vertical-align:top}.signataire{margin-top:3.2cm}.nobr{white-space:nowrap}ins{text-decoration:underline;font-weight:bold;background:#e6ffe6}\
del{text-decoration:line-through;background:#ffe6e6}@media print{body{margin:0;max-width:none}a{color:inherit}}";

/// The page frame shared by every HTML output of clausier.
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        esc(title),
        CSS,
        body
    )
}

/// The text as it reads, one page (for a comparison, every change accepted).
pub(crate) fn write(doc: &Document, _: &Options) -> Vec<u8> {
    // A comparison prints as its new text (Accept All).
    let doc = &doc.side(Mark::Ins);
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
        for e in doc.sommaire_printed() {
            b.push_str(&format!(
                "<li style=\"margin-left:{}em\"><a href=\"#{}\">{}</a></li>\n",
                (e.level - 1) * 2,
                esc(&e.division),
                inlines(&e.text)
            ));
        }
        b.push_str("</ul></nav>\n");
    }
    for piece in reading_order(doc) {
        match piece {
            Piece::Front(p) | Piece::Closing(p) => {
                for a in &p.alineas {
                    b.push_str(&alinea(a));
                    b.push('\n');
                }
            }
            Piece::Division(d) | Piece::AnnexAfterSignatures(_, d) => division(d, &mut b),
            Piece::Signatures => signatures(doc, &mut b),
        }
    }
    page(&doc.meta.title, &b).into_bytes()
}
