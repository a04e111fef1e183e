//! The sommaire (« SOMMAIRE », « TABLE DES MATIÈRES », « PLAN DE LA
//! CONVENTION »): recognised among the blocks, taken out of the text, and
//! later matched entry by entry to the divisions, so that it never becomes
//! a second outline.
//!
//! After its title, the entries are the blocks that carry a page number
//! behind a dot leader (« Article 1 – Objet ..... 3 »; a DOCX reader gives
//! « Article 1 – Objet<TAB>3 », which reads « Article 1 – Objet 3 »), or,
//! with no page numbers, the short lines that each name a heading found
//! further on. The sommaire ends at the first block that is neither, or at
//! the heading its first entry names: the text itself begins there.

use super::comparable;
use crate::markdown::{self, TextBlock as Block};
use crate::model::{inline_text, AlineaKind, Inline};
use std::borrow::Cow;
use std::collections::HashMap;

/// A sommaire entry as the text states it.
pub(crate) struct TocLine {
    pub(crate) text: Vec<Inline>,
    pub(crate) page: Option<String>,
}

pub(crate) struct Toc {
    pub(crate) title: String,
    pub(crate) entries: Vec<TocLine>,
}

/// « SOMMAIRE », « Table des matières », « Plan », « PLAN DE LA CONVENTION ».
pub(crate) fn is_title(text: &str) -> bool {
    if text.len() > 80 {
        return false;
    }
    let t = comparable(text.trim().trim_end_matches(':'));
    t == "sommaire"
        || t == "table des matieres"
        || t == "plan"
        || (t.starts_with("plan ")
            && t.split(' ').count() <= 6
            && ["plan de ", "plan du ", "plan des ", "plan d "].iter().any(|p| t.starts_with(p)))
}

/// The words of a block that can be a sommaire line: a heading, a
/// paragraph, or a list item with its marker (« 1. Créer une instance… »
/// reads as a list in Markdown).
fn block_inlines(b: &Block) -> Option<Cow<'_, [Inline]>> {
    match b {
        Block::Heading { inlines, .. } => Some(Cow::Borrowed(inlines)),
        Block::Alinea { alinea, .. } => match &alinea.kind {
            AlineaKind::Paragraph => Some(Cow::Borrowed(&alinea.inlines)),
            AlineaKind::Item { marker: Some(m) } => {
                let mut v = vec![Inline::plain(format!("{} ", m))];
                v.extend(alinea.inlines.iter().cloned());
                Some(Cow::Owned(markdown::normalize(v)))
            }
            _ => None,
        },
        _ => None,
    }
}

fn leader_re() -> &'static crate::import::pattern::Pattern {
    static R: std::sync::OnceLock<crate::import::pattern::Pattern> = std::sync::OnceLock::new();
    R.get_or_init(|| {
        crate::import::pattern::Pattern::new(
            r"^(.*?)\s*(?:\.{3,}|…+|(?:\. ){2,}\.?)\s*([0-9]{1,4}|[IVXLCivxlc]{1,6})?\s*$",
        )
        .unwrap()
    })
}

fn page_re() -> &'static crate::import::pattern::Pattern {
    static R: std::sync::OnceLock<crate::import::pattern::Pattern> = std::sync::OnceLock::new();
    R.get_or_init(|| crate::import::pattern::Pattern::new(r"^(.*\S)\s+([0-9]{1,4})$").unwrap())
}

/// The entry's words and its page, if the block has a dot leader.
fn leader_entry(inlines: &[Inline]) -> Option<TocLine> {
    let text = inline_text(inlines);
    let c = leader_re().captures(text.trim())?;
    let words = c.get(1).unwrap().as_str();
    if words.trim().is_empty() {
        return None;
    }
    Some(TocLine { text: cut_inlines(inlines, words.len()), page: c.get(2).map(|m| m.as_str().to_string()) })
}

/// The first `bytes` bytes of the text of `inlines`, with their styles.
fn cut_inlines(inlines: &[Inline], bytes: usize) -> Vec<Inline> {
    let mut left = bytes;
    let mut out = Vec::new();
    for i in inlines {
        if left == 0 {
            break;
        }
        match i {
            Inline::Text { text, style } => {
                let mut n = text.len().min(left);
                while !text.is_char_boundary(n) {
                    n -= 1;
                }
                out.push(Inline::styled(&text[..n], *style));
                left -= text.len().min(left);
            }
            Inline::Break => {
                left = left.saturating_sub(1);
                out.push(Inline::Break);
            }
            // A text read holds no tracked change (only comparisons make them).
            Inline::Change { .. } => {}
        }
    }
    markdown::normalize(out)
}

/// Finds the sommaire and takes it out of the blocks.
pub(crate) fn extract(blocks: Vec<Block>) -> (Vec<Block>, Option<Toc>) {
    let Some(start) = blocks.iter().position(|b| block_inlines(b).is_some_and(|v| is_title(&inline_text(&v)))) else {
        return (blocks, None);
    };
    // Comparable text of each block after the title, to tell entries that
    // name a later heading.
    let mut later: HashMap<String, Vec<usize>> = HashMap::new();
    for (k, b) in blocks.iter().enumerate().skip(start + 1) {
        if let Some(v) = block_inlines(b) {
            let t = inline_text(&v);
            if t.chars().count() <= 300 {
                later.entry(comparable(&t)).or_default().push(k);
            }
        }
    }
    // And their labels: an entry whose heading was renamed in the text but
    // not in the sommaire still names it by its label (« Article 2 – … »).
    let mut later_labels: HashMap<String, Vec<usize>> = HashMap::new();
    for (k, b) in blocks.iter().enumerate().skip(start + 1) {
        if let Some(l) = block_inlines(b).and_then(|v| heading_label(&inline_text(&v))) {
            later_labels.entry(l).or_default().push(k);
        }
    }
    let names_exactly = |text: &str, k: usize| later.get(&comparable(text)).is_some_and(|v| v.iter().any(|j| *j > k));
    let names_later = |text: &str, k: usize| {
        names_exactly(text, k)
            || heading_label(text).and_then(|l| later_labels.get(&l)).is_some_and(|v| v.iter().any(|j| *j > k))
    };
    let mut entries = Vec::new();
    let mut first: Option<String> = None;
    let mut first_label: Option<String> = None;
    let mut end = start + 1;
    for (k, b) in blocks.iter().enumerate().skip(start + 1) {
        let Some(v) = block_inlines(b) else { break };
        let v: &[Inline] = &v;
        if let Some(e) = leader_entry(v) {
            entries.push(e);
            end = k + 1;
            continue;
        }
        let text = inline_text(v);
        let c = comparable(&text);
        if c.is_empty() || text.chars().count() > 200 || first.as_deref() == Some(c.as_str()) {
            break;
        }
        // The text begins at the heading the first entry names, renamed or not.
        if first_label.is_some() && heading_label(&text) == first_label && page_re().captures(text.trim()).is_none() {
            break;
        }
        // « entry<TAB>page » as a DOCX reader gives it: the page number ends the line.
        let (words, page) = match page_re().captures(text.trim()) {
            // (The words before the number name a heading as they read: a
            // year ending an entry is no page number.)
            Some(m) if names_exactly(m.get(1).unwrap().as_str(), k) => {
                (m.get(1).unwrap().as_str().to_string(), Some(m.get(2).unwrap().as_str().to_string()))
            }
            _ => (text.trim().to_string(), None),
        };
        if page.is_none() && !names_later(&words, k) {
            break;
        }
        if first.is_none() {
            first = Some(comparable(&words));
            first_label = heading_label(&words);
        }
        let inl = if page.is_some() {
            cut_inlines(v, inline_text(v).find(words.as_str()).unwrap_or(0) + words.len())
        } else {
            v.to_vec()
        };
        entries.push(TocLine { text: inl, page });
        end = k + 1;
    }
    if entries.len() < 2 {
        return (blocks, None);
    }
    let title = block_inlines(&blocks[start]).map(|v| inline_text(&v).trim().to_string()).unwrap_or_default();
    let mut rest = blocks;
    rest.drain(start..end);
    (rest, Some(Toc { title, entries }))
}

/// The label a sommaire line or a heading opens with (« Article 2 – »,
/// « I. – »), comparable: what names a division whatever its title.
fn heading_label(text: &str) -> Option<String> {
    let l = super::detect::label(text.trim(), None)?;
    (l.class != super::detect::Class::SubPoint || l.key == "arabic")
        .then(|| comparable(&l.text))
        .filter(|c| !c.is_empty())
}

/// A sommaire line without its label (« I. – Composition » → « Composition »).
fn unlabelled(text: &str) -> Option<String> {
    let l = super::detect::label(text.trim(), None)?;
    Some(l.rest)
}

/// A division as the sommaire may name it: its id, its label as built,
/// its title.
pub(crate) type HeadingText = (String, String, String);

/// The sommaire matched to the divisions.
pub(crate) struct Matched {
    /// Per division id: the entry's own wording, when it is not the title,
    /// and its page.
    pub(crate) entries: HashMap<String, (Option<Vec<Inline>>, Option<String>)>,
    /// The entries that name no division.
    pub(crate) unmatched: Vec<TocLine>,
}

/// Matches each entry to the next division whose heading reads the same
/// (accents, case and punctuation aside), keeping its own wording; then an
/// entry left over to the division between its neighbours' that has its
/// label — a heading renamed in the text and not in its sommaire, whose
/// stale words go (the sommaire is made from the divisions).
pub(crate) fn match_entries(entries: Vec<TocLine>, headings: &[HeadingText]) -> Matched {
    let mut assigned: Vec<Option<usize>> = vec![None; entries.len()];
    // Entries matched by their title alone, their label stale (a division
    // inserted before them renumbered them): their words without it.
    let mut relabelled = vec![false; entries.len()];
    let mut taken = vec![false; headings.len()];
    let mut pos = 0;
    for (i, e) in entries.iter().enumerate() {
        let text = inline_text(&e.text);
        let target = comparable(&text);
        let bare = unlabelled(&text).map(|t| comparable(&t)).filter(|b| !b.is_empty());
        let found = headings[pos..].iter().position(|(_, label, title)| {
            let full = comparable(&format!("{} {}", label, title));
            full == target || (!target.is_empty() && comparable(title) == target)
        });
        let found = found.map(|f| (f, false)).or_else(|| {
            let bare = bare.as_ref()?;
            headings[pos..].iter().position(|(_, _, title)| &comparable(title) == bare).map(|f| (f, true))
        });
        if let Some((off, stale)) = found {
            assigned[i] = Some(pos + off);
            relabelled[i] = stale;
            taken[pos + off] = true;
            pos += off + 1;
        }
    }
    // Left over: the heading between the neighbours' with the entry's label.
    let mut by_label: Vec<Option<usize>> = vec![None; entries.len()];
    for (i, e) in entries.iter().enumerate() {
        if assigned[i].is_some() {
            continue;
        }
        let lo = assigned[..i].iter().rev().find_map(|a| *a).map_or(0, |a| a + 1);
        let hi = assigned[i + 1..].iter().find_map(|a| *a).unwrap_or(headings.len());
        let Some(label) = heading_label(&inline_text(&e.text)) else { continue };
        let found = (lo..hi.max(lo)).find(|&h| !taken[h] && comparable(&headings[h].1) == label);
        if let Some(h) = found {
            taken[h] = true;
            by_label[i] = Some(h);
        }
    }
    let mut out = Matched { entries: HashMap::new(), unmatched: Vec::new() };
    for (i, e) in entries.into_iter().enumerate() {
        if let Some(h) = by_label[i] {
            out.entries.insert(headings[h].0.clone(), (None, e.page));
            continue;
        }
        let Some(h) = assigned[i] else {
            out.unmatched.push(e);
            continue;
        };
        let (id, label, title) = &headings[h];
        if relabelled[i] {
            let own = unlabelled(&inline_text(&e.text)).unwrap_or_default();
            let toc = (own.trim() != title.trim()).then(|| vec![Inline::plain(own.trim())]);
            out.entries.insert(id.clone(), (toc, e.page));
            continue;
        }
        // The entry's own wording, without the label, when it differs from
        // the heading (the seed's sommaire is in capitals).
        let text = inline_text(&e.text);
        let own = if !label.is_empty() && text.trim_start().starts_with(label.as_str()) {
            super::drop_prefix(&e.text, text.len() - text.trim_start().len() + label.len())
        } else {
            e.text.clone()
        };
        let own = super::strip_wrapping_style(own);
        let toc = (inline_text(&own).trim() != title.trim()).then_some(own);
        out.entries.insert(id.clone(), (toc, e.page));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(t: &str) -> Block {
        Block::Alinea { alinea: crate::model::Alinea::paragraph(vec![Inline::plain(t)]), line: 1 }
    }

    #[test]
    fn entries_with_page_numbers() {
        let b = vec![
            para("SOMMAIRE"),
            para("Article 1 – Objet ..... 2"),
            para("Article 2 – Durée 3"),
            para("Article 1 – Objet"),
            para("Texte."),
            para("Article 2 – Durée"),
        ];
        let (rest, toc) = extract(b);
        let toc = toc.unwrap();
        assert_eq!(toc.entries.len(), 2);
        assert_eq!(inline_text(&toc.entries[1].text), "Article 2 – Durée");
        assert_eq!(toc.entries[1].page.as_deref(), Some("3"));
        assert_eq!(rest.len(), 3);
    }

    #[test]
    fn a_plan_without_page_numbers_ends_where_the_text_begins() {
        let b = vec![
            para("PLAN DE LA CONVENTION"),
            para("Article 1 – Objet"),
            para("Article 2 – Durée"),
            para("Article 1 – Objet"),
            para("Texte."),
            para("Article 2 – Durée"),
            para("Texte."),
        ];
        let (rest, toc) = extract(b);
        assert_eq!(toc.unwrap().entries.len(), 2);
        assert_eq!(rest.len(), 4);
    }

    #[test]
    fn a_word_plan_in_the_text_is_not_a_sommaire() {
        let b = vec![para("Plan"), para("Le plan de financement est annexé."), para("Article 1 – Objet")];
        let (rest, toc) = extract(b);
        assert!(toc.is_none());
        assert_eq!(rest.len(), 3);
    }
}
