//! The fingerprint of a text: what an avenant's `base.fingerprint` names,
//! and what the originals' manifest proves.
//!
//! It hashes the **words and structure** of the text — title, parties,
//! visas, divisions with their labels and titles, alinéas, closing,
//! signature blocks — in a canonical form where typography does not count
//! (apostrophes, spaces, dashes, quotation marks, bold or italic), and never
//! the sommaire or the page numbers, which are derived. So a retypographed
//! library, or a new version of clausier that prints a bullet differently,
//! keeps every change set applying, while any change of a word changes it.
//! The scheme is named in the value (`words-v1:…`): a later scheme gets a new
//! name and the old ones stay recognised.
//!
//! Change sets written before this scheme carry `sha256:…`, the SHA-256 of
//! the plain-text output of clausier 0.1; that computation is kept here,
//! frozen, so they still apply to the text they were drafted on.

use crate::model::{inline_text, Alinea, AlineaKind, Division, Document, Inline};
use sha2::{Digest, Sha256};

/// The current scheme's name.
pub(crate) const SCHEME: &str = "words-v1";

/// The fingerprint of a document's text under the current scheme.
pub fn of(doc: &Document) -> String {
    format!("{}:{:x}", SCHEME, Sha256::digest(canonical_text(doc).as_bytes()))
}

/// Whether `fingerprint` (of any known scheme) names the text of `doc`.
/// `None` when the scheme is unknown.
pub(crate) fn matches(fingerprint: &str, doc: &Document) -> Option<bool> {
    let (scheme, _) = fingerprint.split_once(':')?;
    match scheme {
        SCHEME => Some(fingerprint == of(doc)),
        "sha256" => Some(fingerprint == legacy_v0::of(doc)),
        _ => None,
    }
}

/// Typography that does not change a word: every kind of apostrophe is one,
/// every space is one, dashes are one, quotation marks are one.
pub(crate) fn canonical(s: &str) -> String {
    // Runs of plain ASCII are copied whole: the canonical text of a long
    // document is made three times by a draft (its fingerprint, the text
    // expected, the text the avenant gives).
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len()
            && bytes[i] < 0x80
            && !matches!(bytes[i], b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b'`')
        {
            i += 1;
        }
        if i > start {
            out.push_str(&s[start..i]);
            space = false;
            continue;
        }
        let c = s[i..].chars().next().expect("i is on a char boundary");
        i += c.len_utf8();
        let c = match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' => '\'',
            '\u{2013}' | '\u{2014}' | '\u{2012}' | '\u{2011}' | '\u{2010}' | '\u{2212}' => '-',
            '\u{201C}' | '\u{201D}' | '\u{201E}' => '"',
            '\u{2026}' => {
                out.push_str("...");
                space = false;
                continue;
            }
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            space = false;
            out.push(c);
        }
    }
    let n = out.trim_end().len();
    out.truncate(n);
    out
}

fn line(tag: &str, text: &str, out: &mut String) {
    out.push_str(tag);
    out.push(' ');
    out.push_str(&canonical(text));
    out.push('\n');
}

fn alinea(a: &Alinea, out: &mut String) {
    match &a.kind {
        AlineaKind::Paragraph => line("P", &inline_text(&a.inlines), out),
        AlineaKind::Item { marker } => {
            line("I", &format!("{} {}", marker.as_deref().unwrap_or("-"), inline_text(&a.inlines)), out)
        }
        AlineaKind::Table { rows, .. } => {
            line("T", "", out);
            for r in rows {
                line("R", &r.iter().map(|c| canonical(&inline_text(c))).collect::<Vec<_>>().join(" | "), out);
            }
        }
    }
}

fn division(d: &Division, out: &mut String) {
    // The label's number: « Article 1 – » before a title, « Article 1 »
    // without one, are the same label.
    let label = d.label.as_deref().map(crate::numbering::label_number).unwrap_or_default();
    line(&format!("D{}", d.level), &format!("{} {}", label, inline_text(&d.title)), out);
    for a in &d.alineas {
        alinea(a, out);
    }
    for c in &d.children {
        division(c, out);
    }
}

/// The canonical text the fingerprint hashes, one tagged line per piece.
/// Also what the avenant draft's self-check compares: two documents with
/// the same canonical text say the same thing.
pub fn canonical_text(doc: &Document) -> String {
    let mut out = String::new();
    for l in &doc.title_page {
        line("TITRE", &inline_text(l), &mut out);
    }
    for p in &doc.front {
        line("PARTIE", p.kind.name(), &mut out);
        for a in &p.alineas {
            alinea(a, &mut out);
        }
    }
    for d in &doc.divisions {
        division(d, &mut out);
    }
    for p in &doc.closing {
        line("PARTIE", p.kind.name(), &mut out);
        for a in &p.alineas {
            alinea(a, &mut out);
        }
    }
    for s in &doc.signatures {
        line("SIGNATURE", "", &mut out);
        for l in &s.lines {
            line("L", &inline_text(l), &mut out);
        }
    }
    out
}

/// The `sha256:` scheme of clausier 0.1: SHA-256 of the plain-text output
/// as that version wrote it (sommaire with its page numbers, French
/// non-breaking spaces). Frozen: do not change a character.
mod legacy_v0 {
    use super::*;

    fn typography(text: &str) -> String {
        let cs: Vec<char> = text.chars().collect();
        let mut out = cs.clone();
        for k in 0..cs.len() {
            if cs[k] != ' ' {
                continue;
            }
            let next = cs.get(k + 1).copied();
            let prev = if k > 0 { Some(cs[k - 1]) } else { None };
            let before_punct = matches!(next, Some(':' | ';' | '!' | '?' | '»' | '%'));
            let after_open = prev == Some('«');
            let after_no = k >= 2
                && (cs[k - 2] == 'n' || cs[k - 2] == 'N')
                && cs[k - 1] == '°'
                && (k < 3 || !cs[k - 3].is_alphanumeric());
            if (before_punct && prev.is_some()) || after_open || after_no {
                out[k] = '\u{a0}';
            }
        }
        out.into_iter().collect()
    }

    fn typed(inlines: &[Inline]) -> String {
        typography(&inline_text(inlines))
    }

    fn alinea(a: &Alinea) -> String {
        match &a.kind {
            AlineaKind::Table { rows, .. } => rows
                .iter()
                .map(|r| r.iter().map(|c| typed(c)).collect::<Vec<_>>().join("\t"))
                .collect::<Vec<_>>()
                .join("\n"),
            AlineaKind::Item { marker: None } => format!("– {}", typed(&a.inlines)),
            AlineaKind::Item { marker: Some(m) } => format!("{} {}", m, typed(&a.inlines)),
            AlineaKind::Paragraph => typed(&a.inlines),
        }
    }

    fn division(d: &Division, out: &mut Vec<String>) {
        let heading = d.heading_text();
        if !heading.is_empty() {
            out.push(typography(&heading));
        }
        for a in &d.alineas {
            out.push(alinea(a));
        }
        for c in &d.children {
            division(c, out);
        }
    }

    pub(crate) fn of(doc: &Document) -> String {
        let mut out: Vec<String> = Vec::new();
        for l in &doc.title_page {
            out.push(typed(l));
        }
        if let Some(t) = &doc.toc_title {
            out.push(t.clone());
            for e in doc.sommaire() {
                let text = typed(&e.text);
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
            let cells: Vec<String> =
                doc.signatures.iter().map(|s| s.lines.get(r).map(|l| typed(l)).unwrap_or_default()).collect();
            out.push(cells.join("\t").trim_end().to_string());
        }
        let mut s = out.join("\n\n");
        s.push('\n');
        format!("sha256:{:x}", Sha256::digest(s.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn typography_does_not_count() {
        assert_eq!(canonical("l’État  –  «\u{a0}oui\u{a0}» …"), canonical("l'État - «  oui » ..."));
        assert_ne!(canonical("2 ans"), canonical("3 ans"));
    }
}

#[cfg(test)]
mod fast_path {
    use proptest::prelude::*;

    /// The definition, one character at a time: what the fast path must give.
    fn canonical_one_char_at_a_time(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut space = false;
        for c in s.chars() {
            let c = match c {
                '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' => '\'',
                '\u{2013}' | '\u{2014}' | '\u{2012}' | '\u{2011}' | '\u{2010}' | '\u{2212}' => '-',
                '\u{201C}' | '\u{201D}' | '\u{201E}' => '"',
                '\u{2026}' => {
                    out.push_str("...");
                    space = false;
                    continue;
                }
                c if c.is_whitespace() => ' ',
                c => c,
            };
            if c == ' ' {
                if !space && !out.is_empty() {
                    out.push(' ');
                }
                space = true;
            } else {
                space = false;
                out.push(c);
            }
        }
        let n = out.trim_end().len();
        out.truncate(n);
        out
    }
    proptest! {
        #[test]
        fn ascii_runs_copied_whole_give_the_same_canonical_text(s in "([a-z ,.`'\t\n\r\u{b}\u{c}]|’|–|…|\u{a0}|\u{202f}|é|“|\u{2028}){0,60}") {
            prop_assert_eq!(super::canonical(&s), canonical_one_char_at_a_time(&s));
        }
    }
}
