//! Reviewers' comments on an edited document (Word's comments,
//! LibreOffice's annotations): not text of the convention, but what the
//! councils and the legal service said of it — listed by `avenant draft`,
//! `redline` and `dossier` with their author and their place, cited as
//! the avenant cites (« le deuxième alinéa du 2. du C du II »), and carried
//! in the « Observations » column of the tableau comparatif.
//!
//! A comment is anchored in a block of the document read; it is found
//! again in a `Document` by that block's words (the n-th alinéa or heading
//! reading so), so that the same comment sits on the same alinéa in the
//! edited text and in the consolidated text the avenant makes of it.

use super::noise::{alinea_key, key};
use crate::cite::Citer;
use crate::compare::heading_inlines;
use crate::model::{inline_text, Division, Document, PartKind};
use crate::read::docx::{DocxText, ReadBlock};
use crate::write::tableau::Observation;

/// A comment and the block it was anchored in.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub author: String,
    /// As the file states it (ISO 8601), when it does.
    pub date: Option<String>,
    pub text: String,
    anchor: Option<Anchor>,
}

/// The words of the block a comment is anchored in, and which block of
/// those words it is (the n-th, from 0).
#[derive(Debug, Clone, PartialEq)]
struct Anchor {
    key: String,
    nth: usize,
    heading: bool,
}

/// Where a comment sits in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spot {
    TitlePage,
    /// An alinéa of a part (from 1).
    Part(PartKind, usize),
    /// A division's heading.
    Heading(String),
    /// An alinéa of a division, by the division's id (from 1).
    Alinea(String, usize),
}

/// The comments of a document read, each with its anchor.
pub(crate) fn of(read: &DocxText) -> Vec<Comment> {
    if read.comments.is_empty() {
        return Vec::new();
    }
    let mut anchors: Vec<Option<Anchor>> = vec![None; read.comments.len()];
    let mut seen: std::collections::HashMap<(bool, String), usize> = std::collections::HashMap::new();
    for b in &read.blocks {
        let Some((heading, k)) = block_key(b) else { continue };
        let nth = seen.entry((heading, k.clone())).or_insert(0);
        for &c in &b.comments {
            if let Some(a) = anchors.get_mut(c) {
                *a = Some(Anchor { key: k.clone(), nth: *nth, heading });
            }
        }
        *nth += 1;
    }
    read.comments
        .iter()
        .zip(anchors)
        .map(|(c, anchor)| Comment { author: c.author.clone(), date: c.date.clone(), text: c.text.clone(), anchor })
        .collect()
}

fn block_key(b: &ReadBlock) -> Option<(bool, String)> {
    match &b.block {
        crate::markdown::TextBlock::Heading { inlines, .. } => Some((true, key(&inline_text(inlines)))),
        crate::markdown::TextBlock::Alinea { alinea, .. } => Some((false, alinea_key(alinea))),
        crate::markdown::TextBlock::Rule { .. } => None,
    }
}

/// Every place of a document that can hold a comment, in reading order:
/// (is a heading, its key, where).
fn places(doc: &Document) -> Vec<(bool, String, Spot)> {
    let mut out = Vec::new();
    for l in &doc.title_page {
        out.push((false, key(&inline_text(l)), Spot::TitlePage));
    }
    let parts = |ps: &[crate::model::Part], out: &mut Vec<(bool, String, Spot)>| {
        let mut rank: std::collections::HashMap<PartKind, usize> = std::collections::HashMap::new();
        for p in ps {
            for a in &p.alineas {
                let n = rank.entry(p.kind).or_insert(0);
                *n += 1;
                out.push((false, alinea_key(a), Spot::Part(p.kind, *n)));
            }
        }
    };
    parts(&doc.front, &mut out);
    fn walk(ds: &[Division], out: &mut Vec<(bool, String, Spot)>) {
        for d in ds {
            out.push((true, key(&inline_text(&heading_inlines(d))), Spot::Heading(d.id.clone())));
            for (k, a) in d.alineas.iter().enumerate() {
                out.push((false, alinea_key(a), Spot::Alinea(d.id.clone(), k + 1)));
            }
            walk(&d.children, out);
        }
    }
    walk(&doc.divisions, &mut out);
    parts(&doc.closing, &mut out);
    out
}

impl Comment {
    /// Where the comment sits in `doc`: the block of its anchor's words
    /// (the same rank among those reading so), an alinéa turned heading by
    /// the reading (a division typed as a paragraph) as that heading.
    pub fn spot(&self, doc: &Document) -> Option<Spot> {
        self.spot_in(&places(doc))
    }

    fn spot_in(&self, places: &[(bool, String, Spot)]) -> Option<Spot> {
        let a = self.anchor.as_ref()?;
        let find = |heading: bool| {
            places.iter().filter(|(h, k, _)| *h == heading && *k == a.key).map(|(_, _, s)| s).collect::<Vec<_>>()
        };
        let same = find(a.heading);
        if let Some(s) = same.get(a.nth).or(same.last()) {
            return Some((*s).clone());
        }
        if let Some(s) = find(!a.heading).first() {
            return Some((*s).clone());
        }
        // A label and its sentence typed as one paragraph: the division it made.
        places
            .iter()
            .filter(|(h, k, _)| *h && !k.is_empty() && a.key.starts_with(k.as_str()))
            .max_by_key(|(_, k, _)| k.len())
            .map(|(_, _, s)| s.clone())
    }

    /// « Conseil municipal (2026-03-10) : « Prévoir trois ans ? » »: who
    /// said what, when.
    pub fn said(&self) -> String {
        let who = if self.author.trim().is_empty() { "(sans auteur)" } else { self.author.trim() };
        let when = self.date.as_deref().map(|d| d.get(..10).unwrap_or(d)).filter(|d| !d.is_empty());
        match when {
            Some(d) => format!("{} ({}) : « {} »", who, d, self.text.trim()),
            None => format!("{} : « {} »", who, self.text.trim()),
        }
    }
}

/// A place cited as the avenant cites: « le deuxième alinéa du 2. du C du
/// II », « l’intitulé du IV », « le troisième visa », « la page de titre ».
pub fn cite(doc: &Document, spot: &Spot) -> String {
    let citer = Citer::new(doc);
    match spot {
        Spot::TitlePage => "la page de titre".into(),
        Spot::Part(kind, n) => citer.part_alinea(*kind, *n).subject(),
        Spot::Heading(id) => format!("l’intitulé {}", citer.cite(id).of()),
        Spot::Alinea(id, n) => citer.alinea(id, *n).subject(),
    }
}

/// Each comment with its place in `doc` (the edited text), cited as the
/// avenant cites: (« le deuxième alinéa du 2. du C du II », « Conseil
/// municipal (2026-03-10) : « Prévoir trois ans ? » »).
pub fn placed(comments: &[Comment], doc: &Document) -> Vec<(String, String)> {
    let places = places(doc);
    comments
        .iter()
        .map(|c| {
            let at = match c.spot_in(&places) {
                Some(s) => cite(doc, &s),
                None => "à une place qui n’est plus dans le texte".into(),
            };
            (at, c.said())
        })
        .collect()
}

/// One line per comment, for the user: its author, its date, its place in
/// `doc` (the edited text) and its words.
pub fn lines(comments: &[Comment], doc: &Document, file: &std::path::Path) -> Vec<String> {
    placed(comments, doc)
        .into_iter()
        .map(|(at, said)| format!("{}: comment on {}: {}", file.display(), at, said))
        .collect()
}

/// The comments as observations of the tableau comparatif comparing
/// `old` with `doc`, each on the row of its place in `doc`.
pub fn observations(comments: &[Comment], doc: &Document) -> Vec<Observation> {
    let places = places(doc);
    comments
        .iter()
        .map(|c| {
            let (division, part, alinea) = match c.spot_in(&places) {
                Some(Spot::Alinea(id, n)) => (Some(id), None, Some(n)),
                Some(Spot::Heading(id)) => (Some(id), None, None),
                Some(Spot::Part(k, n)) => (None, Some(k), Some(n)),
                Some(Spot::TitlePage) | None => (None, None, None),
            };
            Observation { division, part, alinea, text: c.said() }
        })
        .collect()
}
