//! The redline as one self-contained HTML page (inline CSS, no script, no
//! network): the list of changes linking to each, the new text with
//! `<ins>`/`<del>`, and a side-by-side view of the changed alinéas.
//! Printable: insertions are bold and underlined, deletions struck through.

use super::tableau::{rows, Side};
use super::Options;
use crate::layout::{reading_order, Piece};
use crate::model::AlineaKind;
use crate::model::{Alinea, Division, Document, Line, Mark, Seg};
use crate::write::html::{esc, inlines};

fn segs_html(segs: &[Seg]) -> String {
    let mut o = String::new();
    for s in crate::write::typeset_segs(segs) {
        // `inlines` typesets again: harmless, spaces already are what they should be.
        let body = inlines(&s.inlines);
        match s.mark {
            Mark::Same => o.push_str(&body),
            Mark::Ins => o.push_str(&format!("<ins>{}</ins>", body)),
            Mark::Del => o.push_str(&format!("<del>{}</del>", body)),
        }
    }
    o
}

fn line_html(tag: &str, line: &Line, id: Option<&str>, class: &str) -> String {
    let id = id.map(|i| format!(" id=\"{}\"", esc(i))).unwrap_or_default();
    let inner = segs_html(&line.segs);
    let inner = match line.mark {
        Mark::Same => inner,
        // A whole new or removed paragraph is marked as such.
        Mark::Ins if !inner.starts_with("<ins>") => format!("<ins>{}</ins>", inner),
        Mark::Del if !inner.starts_with("<del>") => format!("<del>{}</del>", inner),
        _ => inner,
    };
    let class = match line.mark {
        Mark::Ins => format!("{} nouveau", class),
        Mark::Del => format!("{} supprime", class),
        Mark::Same if line.changed() => format!("{} modifie", class),
        Mark::Same => class.to_string(),
    };
    format!("<{t}{} class=\"{}\">{}</{t}>", id, class.trim(), inner, t = tag)
}

/// Anchors of changed pieces, in order, so the list can link to them.
struct Anchors(usize);

impl Anchors {
    fn next(&mut self, changed: bool) -> Option<String> {
        if changed {
            self.0 += 1;
            Some(format!("m{}", self.0))
        } else {
            None
        }
    }
}

fn alinea_html(a: &Alinea, anchors: &mut Anchors) -> String {
    let id = anchors.next(a.line().changed());
    match &a.kind {
        AlineaKind::Table { rows, .. } => {
            let wrap = |s: String| match a.line().mark {
                Mark::Ins => format!("<ins>{}</ins>", s),
                Mark::Del => format!("<del>{}</del>", s),
                Mark::Same => s,
            };
            let mut o = format!("<table{}>", id.map(|i| format!(" id=\"{}\"", i)).unwrap_or_default());
            for r in rows {
                o.push_str("<tr>");
                for c in r {
                    o.push_str(&format!("<td>{}</td>", wrap(inlines(c))));
                }
                o.push_str("</tr>");
            }
            o.push_str("</table>");
            o
        }
        AlineaKind::Item { marker } => {
            let m = marker.as_deref().map(|m| format!("{} ", esc(m))).unwrap_or_else(|| "– ".into());
            let l = line_html("p", &a.line(), id.as_deref(), "item");
            l.replacen('>', &format!(">{}", m), 1)
        }
        AlineaKind::Paragraph => line_html("p", &a.line(), id.as_deref(), ""),
    }
}

fn division_html(d: &Division, anchors: &mut Anchors, out: &mut String) {
    let h = d.level.clamp(1, 5) + 1;
    let id = anchors.next(d.mark() != Mark::Same || d.heading_line().changed());
    out.push_str(&format!("<section data-division=\"{}\">\n", esc(&d.id)));
    out.push_str(&line_html(&format!("h{}", h), &d.heading_line(), id.as_deref(), ""));
    out.push('\n');
    if d.mark() != Mark::Same {
        // Inside a whole insertion or deletion, one anchor is enough.
        for a in &d.alineas {
            out.push_str(&alinea_html(a, &mut Anchors(usize::MAX / 2)));
            out.push('\n');
        }
        for c in &d.children {
            division_html(c, &mut Anchors(usize::MAX / 2), out);
        }
    } else {
        for a in &d.alineas {
            out.push_str(&alinea_html(a, anchors));
            out.push('\n');
        }
        for c in &d.children {
            division_html(c, anchors, out);
        }
    }
    out.push_str("</section>\n");
}

fn side_html(s: &Side) -> String {
    match s {
        Side::Placeholder(t) => format!("<p><em>{}</em></p>", esc(t)),
        Side::Text(paras) => paras.iter().map(|p| format!("<p>{}</p>", segs_html(p))).collect(),
    }
}

const CSS: &str = "nav.modifs li{margin:.2em 0}.modifie,.nouveau,.supprime{border-left:3px solid #000;padding-left:.5em}\
table.cote{width:100%;border-collapse:collapse}table.cote th{background:#eee}table.cote td{width:40%}table.cote td.cit{width:20%;font-weight:bold}table.cote td.cit .titre{font-weight:normal}\
ins{text-decoration:underline;font-weight:bold}del{text-decoration:line-through}\
.legende{font-size:.9em}@media print{nav.modifs a{text-decoration:none}section.vue{page-break-before:always}}";

/// The page of a comparison: its changes listed, the text with them, and
/// side by side.
pub fn write(red: &Document, opts: &Options) -> Vec<u8> {
    page(red, opts.old, opts.title.as_deref()).into_bytes()
}

fn page(red: &Document, old: Option<&Document>, title: Option<&str>) -> String {
    let rows = rows(red, old);
    let heading = match title {
        Some(t) => format!("{} – {}", t, red.meta.title),
        None => format!("Modifications – {}", red.meta.title),
    };
    let mut b = format!("<style>{}</style>\n<h1>{}</h1>\n", CSS, esc(&heading));
    b.push_str("<p class=\"legende\">Légende&nbsp;: <del>mots supprimés</del>, <ins>mots ajoutés</ins>. Vues&nbsp;: <a href=\"#texte\">texte modifié</a> · <a href=\"#cote\">côte à côte</a>.</p>\n");
    b.push_str(&format!(
        "<nav class=\"modifs\"><h2>{} modification{}</h2><ol>\n",
        rows.len(),
        if rows.len() > 1 { "s" } else { "" }
    ));
    // The list links to the places in the new text.
    let mut anchors = Anchors(0);
    let mut text = String::new();
    for l in &red.title_lines() {
        text.push_str(&line_html("p", l, None, "titre"));
    }
    // The signature blocks have no place in this view.
    for piece in reading_order(red) {
        match piece {
            Piece::Front(p) | Piece::Closing(p) => {
                p.alineas.iter().for_each(|a| text.push_str(&alinea_html(a, &mut anchors)));
            }
            Piece::Division(d) | Piece::AnnexAfterSignatures(_, d) => division_html(d, &mut anchors, &mut text),
            Piece::Signatures => {}
        }
    }
    for (k, r) in rows.iter().enumerate() {
        let target = if k < anchors.0 { format!("m{}", k + 1) } else { format!("cote-{}", k + 1) };
        b.push_str(&format!("<li><a href=\"#{}\">{}</a></li>\n", target, esc(&r.citation)));
    }
    b.push_str("</ol></nav>\n");
    b.push_str(&format!("<section class=\"vue\" id=\"texte\"><h2>Texte modifié</h2>\n{}</section>\n", text));
    b.push_str("<section class=\"vue\" id=\"cote\"><h2>Côte à côte</h2>\n<table class=\"cote\"><tr><th>Stipulation</th><th>Rédaction actuelle</th><th>Rédaction proposée</th></tr>\n");
    for (k, r) in rows.iter().enumerate() {
        b.push_str(&format!(
            "<tr id=\"cote-{}\"><td class=\"cit\">{}{}</td><td>{}</td><td>{}</td></tr>\n",
            k + 1,
            esc(&r.citation),
            r.title.as_deref().map(|t| format!(" <span class=\"titre\">— {}</span>", esc(t))).unwrap_or_default(),
            side_html(&r.left),
            side_html(&r.right)
        ));
    }
    b.push_str("</table></section>\n");
    crate::write::html::page(&heading, &b)
}
