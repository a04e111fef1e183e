//! The bits of HTML that official exports carry: stray comments, and tables
//! as raw `<table>` markup, whose text must be kept as a table.

use super::TABLE_MARK;
use crate::markdown::InlineBuf;
use crate::model::{Alinea, AlineaKind, Inline, Style};

/// Removes `<!-- … -->` comments (an unclosed one runs to the end).
pub fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start + 4..].find("-->") {
            Some(end) => rest = &rest[start + 4 + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn find_ci(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let lower = hay[from..].to_ascii_lowercase();
    lower.find(needle).map(|k| k + from)
}

/// Replaces each `<table>…</table>` with a marker paragraph and returns the
/// tables as alinéas, in order.
pub fn extract_tables(text: &str) -> (String, Vec<Alinea>) {
    let mut out = String::with_capacity(text.len());
    let mut tables = Vec::new();
    let mut pos = 0;
    while let Some(start) = find_ci(text, "<table", pos) {
        let Some(end) = find_ci(text, "</table>", start) else { break };
        out.push_str(&text[pos..start]);
        let inner = &text[start..end];
        let t = parse_table(inner);
        out.push_str(&format!("\n\n{}{}\n\n", TABLE_MARK, tables.len()));
        tables.push(t);
        pos = end + "</table>".len();
    }
    out.push_str(&text[pos..]);
    (out, tables)
}

/// Decodes the entities HTML exports use.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        let after = &rest[k + 1..];
        let end = after.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "laquo" => Some('«'),
                "raquo" => Some('»'),
                "eacute" => Some('é'),
                "egrave" => Some('è'),
                "agrave" => Some('à'),
                "ccedil" => Some('ç'),
                "rsquo" => Some('’'),
                "ndash" => Some('–'),
                "mdash" => Some('—'),
                n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16).ok().and_then(char::from_u32),
                n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Text of an HTML fragment as inlines: tags dropped (b/i/sup/br kept as
/// formatting), entities decoded.
pub fn html_inlines(s: &str) -> Vec<Inline> {
    let mut buf = InlineBuf::default();
    let (mut bold, mut italic, mut sup, mut under) = (0usize, 0usize, 0usize, 0usize);
    let mut rest = s;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(k) => {
                let st = Style { bold: bold > 0, italic: italic > 0, underline: under > 0, superscript: sup > 0 };
                buf.push_text(&decode_entities(&rest[..k]), st);
                let Some(e) = rest[k..].find('>') else {
                    buf.push_text(&decode_entities(&rest[k..]), st);
                    break;
                };
                let tag = rest[k + 1..k + e].trim().to_ascii_lowercase();
                let closing = tag.starts_with('/');
                let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                let counter = match name.as_str() {
                    "b" | "strong" => Some(&mut bold),
                    "i" | "em" => Some(&mut italic),
                    "sup" => Some(&mut sup),
                    "u" => Some(&mut under),
                    _ => None,
                };
                match counter {
                    Some(c) if closing => *c = c.saturating_sub(1),
                    Some(c) => *c += 1,
                    None if name == "br" => buf.push_break(),
                    // Block-level tags inside a cell separate words.
                    None if matches!(name.as_str(), "p" | "div" | "li") && closing => buf.push_break(),
                    None => buf.push_text(" ", Style::PLAIN),
                }
                rest = &rest[k + e + 1..];
            }
            None => {
                let st = Style { bold: bold > 0, italic: italic > 0, underline: under > 0, superscript: sup > 0 };
                buf.push_text(&decode_entities(rest), st);
                break;
            }
        }
    }
    buf.finish()
}

fn parse_table(html: &str) -> Alinea {
    let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
    let mut header = false;
    let mut pos = 0;
    while let Some(tr) = find_ci(html, "<tr", pos) {
        let end = find_ci(html, "</tr", tr).unwrap_or(html.len());
        let row_html = &html[tr..end];
        let mut cells = Vec::new();
        let mut cp = 0;
        loop {
            let td = find_ci(row_html, "<td", cp);
            let th = find_ci(row_html, "<th", cp);
            let (start, is_th) = match (td, th) {
                (Some(a), Some(b)) if b < a => (b, true),
                (Some(a), _) => (a, false),
                (None, Some(b)) => (b, true),
                (None, None) => break,
            };
            let Some(open_end) = row_html[start..].find('>').map(|k| k + start + 1) else { break };
            let close = [find_ci(row_html, "</td", open_end), find_ci(row_html, "</th", open_end), find_ci(row_html, "<td", open_end), find_ci(row_html, "<th", open_end)]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(row_html.len());
            cells.push(html_inlines(&row_html[open_end..close]));
            if rows.is_empty() && is_th {
                header = true;
            }
            cp = close.max(open_end);
            if cp >= row_html.len() {
                break;
            }
            cp += 1;
        }
        rows.push(cells);
        pos = end.max(tr + 3);
        if pos >= html.len() {
            break;
        }
    }
    if rows.is_empty() {
        // No rows: keep whatever text the markup held.
        rows.push(vec![html_inlines(html)]);
    }
    Alinea { kind: AlineaKind::Table { rows, header }, inlines: vec![] }
}
