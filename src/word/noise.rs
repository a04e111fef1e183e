//! What Word, LibreOffice and clausier's own writer change in a text
//! without changing a word — and how it is taken back out.
//!
//! The writer typesets (’ for ', non-breaking spaces before « : ; ! ? »,
//! inside « », after « n° », superscript ordinals, `w:noBreakHyphen` in
//! signature names); a word processor splits runs, leaves trailing spaces,
//! restyles paragraphs. None of it is a change of the text, and a change
//! set must not quote it. Two steps take it out:
//!
//! - `plain` maps each typographic character back to the one a source
//!   types, one character for one (so run boundaries and styles stay
//!   where they were), then folds white space as every reader does;
//! - `snap` gives OLD's own alinéa back when the two read the same under
//!   `fingerprint::canonical` (the typography-blind form the avenant's
//!   self-check compares), and otherwise restores OLD's characters
//!   wherever the two texts agree, so that the only differences left for
//!   the word diff are words.

use crate::fingerprint::canonical;
use crate::model::{inline_text, normalize, Alinea, AlineaKind, Inline};
use similar::Algorithm;
use std::time::{Duration, Instant};

/// A typographic character as a source types it: one for one.
pub(crate) fn plain_char(c: char) -> char {
    match c {
        '\u{2019}' | '\u{02BC}' => '\'',
        '\u{A0}' | '\u{202F}' | '\u{2007}' | '\u{2009}' => ' ',
        '\u{2011}' | '\u{2010}' => '-',
        c => c,
    }
}

/// Inlines with plain characters, in canonical form (runs of one style
/// merged: a run split by Word is one run again, as every reader gives
/// them).
pub(crate) fn plain(v: &[Inline]) -> Vec<Inline> {
    let changes = |i: &Inline, f: fn(char) -> bool| matches!(i, Inline::Text { text, .. } if text.chars().any(f));
    if !v.iter().any(|i| changes(i, |c| plain_char(c) != c)) {
        // What readers give is in canonical form already.
        return v.to_vec();
    }
    let mapped: Vec<Inline> = v
        .iter()
        .map(|i| match i {
            Inline::Text { text, style } => {
                Inline::Text { text: text.chars().map(plain_char).collect(), style: *style }
            }
            Inline::Break => Inline::Break,
            // What a reader gives holds no tracked change.
            i @ Inline::Change { .. } => i.clone(),
        })
        .collect();
    // A space made plain may now stand next to another, or at an edge.
    if v.iter().any(|i| changes(i, |c| plain_char(c) == ' ' && c != ' ')) {
        normalize(mapped)
    } else {
        mapped
    }
}

/// What two pieces of text are compared by: the canonical form of the
/// fingerprint, blind to typography and spacing.
pub(crate) fn key(text: &str) -> String {
    canonical(text)
}

/// The key of an alinéa: its text, a list marker included, so that a
/// numbered item written « a)<tab>text » reads as the item it was.
pub(crate) fn alinea_key(a: &Alinea) -> String {
    key(&a.text())
}

/// The same text as OLD wrote it: OLD's alinéa when the two read the same
/// (formatting, typography and list style are presentation), else the new
/// alinéa with OLD's characters wherever they agree. The mapping decides
/// sameness per pair of alinéas itself and calls `restyled`; the tests
/// check the two steps together through this.
#[cfg(test)]
fn snap(old: &Alinea, new: &Alinea) -> Alinea {
    if alinea_key(old) == alinea_key(new) {
        return old.clone();
    }
    restyled(old, new)
}

/// `snap` for two alinéas known to read differently.
pub(crate) fn restyled(old: &Alinea, new: &Alinea) -> Alinea {
    match (&old.kind, &new.kind) {
        (AlineaKind::Table { rows: orows, .. }, AlineaKind::Table { rows, header }) => {
            let rows = rows
                .iter()
                .enumerate()
                .map(|(r, row)| {
                    row.iter()
                        .enumerate()
                        .map(|(c, cell)| {
                            orows.get(r).and_then(|or| or.get(c)).map_or_else(|| cell.clone(), |oc| restore(oc, cell))
                        })
                        .collect()
                })
                .collect();
            Alinea { kind: AlineaKind::Table { rows, header: *header }, inlines: vec![], change: Default::default() }
        }
        // clausier writes a numbered item as « a)<tab>text », which reads
        // as a paragraph: it is the item still when it starts with the marker.
        (AlineaKind::Item { marker: Some(m) }, AlineaKind::Paragraph) => {
            let text = inline_text(&new.inlines);
            match text.strip_prefix(m.as_str()).filter(|rest| rest.starts_with(' ')) {
                Some(_) => {
                    let rest = crate::compare::slice_inlines(&new.inlines, m.len(), text.len());
                    Alinea {
                        kind: old.kind.clone(),
                        inlines: restore(&old.inlines, &normalize(rest)),
                        change: Default::default(),
                    }
                }
                None => Alinea {
                    kind: new.kind.clone(),
                    inlines: restore(&old.inlines, &new.inlines),
                    change: Default::default(),
                },
            }
        }
        _ => {
            Alinea { kind: new.kind.clone(), inlines: restore(&old.inlines, &new.inlines), change: Default::default() }
        }
    }
}

/// How long restoring one piece of text may take: past it, the new text
/// keeps its plain characters (the same text, for every comparison).
const DEADLINE: Duration = Duration::from_millis(20);

/// `new` (plain characters) with OLD's characters wherever the two texts
/// agree character for character once OLD is made plain: an apostrophe
/// typed ’ in the source stays ’, and the word diff sees only words. Each
/// character is replaced by one, so runs and styles stay as they are.
/// OLD's inlines whole when the two read the same.
pub(crate) fn restore(old: &[Inline], new: &[Inline]) -> Vec<Inline> {
    let (ot, nt) = (inline_text(old), inline_text(new));
    if key(&ot) == key(&nt) {
        return old.to_vec();
    }
    let oc: Vec<char> = ot.chars().collect();
    let op: Vec<char> = oc.iter().map(|c| plain_char(*c)).collect();
    let nc: Vec<char> = nt.chars().collect();
    if op.iter().zip(&oc).all(|(p, o)| p == o) {
        // OLD has no typography to give back.
        return new.to_vec();
    }
    let mut out: Vec<char> = nc.clone();
    for s in crate::sequence_diff::diff(Algorithm::Myers, &op, &nc, Some(Instant::now() + DEADLINE)) {
        if s.tag == crate::sequence_diff::Tag::Equal {
            for (o, n) in s.old.zip(s.new) {
                out[n] = oc[o];
            }
        }
    }
    let mut chars = out.into_iter();
    new.iter()
        .map(|i| match i {
            Inline::Text { text, style } => {
                Inline::Text { text: chars.by_ref().take(text.chars().count()).collect(), style: *style }
            }
            Inline::Break => {
                chars.next();
                Inline::Break
            }
            i @ Inline::Change { .. } => i.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Style;

    #[test]
    fn typography_goes_and_runs_merge() {
        let v = vec![Inline::plain("d’un\u{a0}:  "), Inline::plain("Ivry\u{2011}sur-Seine ")];
        assert_eq!(plain(&v), vec![Inline::plain("d'un : Ivry-sur-Seine")]);
    }

    #[test]
    fn the_same_text_is_old_s_alinea_whatever_its_presentation() {
        let old = Alinea::paragraph(vec![Inline::plain("Le comité d'Ivry se réunit : chaque mois.")]);
        let new = Alinea {
            kind: AlineaKind::Item { marker: None },
            inlines: vec![Inline::styled(
                "Le comité d’Ivry  se réunit\u{a0}: chaque mois. ",
                Style { bold: true, ..Style::PLAIN },
            )],
            change: Default::default(),
        };
        assert_eq!(snap(&old, &new), old);
    }

    #[test]
    fn a_changed_alinea_keeps_old_s_characters_where_they_agree() {
        let old = vec![Inline::plain("l’État et l’usine")];
        let new = plain(&[Inline::plain("l'État et la nouvelle usine")]);
        assert_eq!(inline_text(&restore(&old, &new)), "l’État et la nouvelle usine");
        // A numbered item written « marker, tab, text ».
        let old = Alinea {
            kind: AlineaKind::Item { marker: Some("a)".into()) },
            inlines: vec![Inline::plain("la première chose")],
            change: Default::default(),
        };
        let new = Alinea::paragraph(vec![Inline::plain("a) la seconde chose")]);
        assert_eq!(
            snap(&old, &new),
            Alinea {
                kind: AlineaKind::Item { marker: Some("a)".into()) },
                inlines: vec![Inline::plain("la seconde chose")],
                change: Default::default()
            }
        );
    }
}
