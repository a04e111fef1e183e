//! Comparing two versions of a text: the one aligner of clausier.
//!
//! Divisions are aligned among their siblings by stable id, then label,
//! then content (never by title alone: untitled articles « Article 1er »,
//! « Article 2 »… align by their labels and their words); alinéas of
//! aligned divisions by their text; aligned alinéas word by word with the
//! French tokenizer. The result, [`Revised`], is the new text in which every
//! piece is kept, inserted or deleted. Everything that compares reads it:
//! the redline (Word tracked changes), the tableau comparatif, the HTML view,
//! `--stat` and the avenant draft, so that an avenant and its redline always
//! see the same changes.

mod align;
pub mod stat;
mod words;

pub(crate) use align::{align_alineas, align_divisions, AlineaStep, Step};
pub use words::compare_inlines;
pub(crate) use words::slice_inlines;

use crate::model::{inline_text, Alinea, AlineaKind, Division, Document, Inline, Meta, PartKind, SignatureBlock};

/// What happened to a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Same,
    Ins,
    Del,
}

/// A run of inlines with one mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Seg {
    pub mark: Mark,
    pub inlines: Vec<Inline>,
}

/// A paragraph of the revised text: its mark (a whole inserted or deleted
/// paragraph) and its segments.
#[derive(Debug, Clone, PartialEq)]
pub struct RLine {
    pub(crate) mark: Mark,
    pub segs: Vec<Seg>,
}

impl RLine {
    /// The text as it reads after the changes (Accept All).
    pub(crate) fn new_side(&self) -> Vec<Inline> {
        self.side(Mark::Ins)
    }
    pub(crate) fn same(v: &[Inline]) -> RLine {
        RLine { mark: Mark::Same, segs: vec![Seg { mark: Mark::Same, inlines: v.to_vec() }] }
    }
    pub(crate) fn whole(mark: Mark, v: &[Inline]) -> RLine {
        RLine { mark, segs: vec![Seg { mark, inlines: v.to_vec() }] }
    }
    /// Whether anything in it changed.
    pub fn changed(&self) -> bool {
        self.mark != Mark::Same || self.segs.iter().any(|s| s.mark != Mark::Same)
    }
    /// The text on one side: `Mark::Del` gives the old text, `Mark::Ins` the new.
    pub fn side(&self, side: Mark) -> Vec<Inline> {
        let mut v = Vec::new();
        for s in &self.segs {
            if s.mark == Mark::Same || s.mark == side {
                v.extend(s.inlines.iter().cloned());
            }
        }
        crate::markdown::normalize(v)
    }
}

impl RAlinea {
    /// Whether the alinéa is in the new text.
    pub(crate) fn in_new(&self) -> bool {
        self.line.mark != Mark::Del
    }

    /// The alinéa as it reads in the new text.
    pub(crate) fn new_alinea(&self) -> Alinea {
        Alinea { kind: self.kind.clone(), inlines: self.line.new_side() }
    }
}

/// An alinéa of the revised text.
#[derive(Debug, Clone, PartialEq)]
pub struct RAlinea {
    /// The kind (for a whole insertion or deletion, that alinéa's kind).
    pub(crate) kind: AlineaKind,
    pub line: RLine,
    /// Its rank in the old and new division (from 1), when it exists there.
    pub(crate) old_n: Option<usize>,
    pub(crate) new_n: Option<usize>,
}

/// A part of the front or closing matter, revised alinéa by alinéa.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RPart {
    pub(crate) kind: PartKind,
    pub(crate) alineas: Vec<RAlinea>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RDivision {
    /// The new id (the old one for a deletion).
    pub id: String,
    /// The old id, for citations: the text as it stood before.
    pub(crate) old_id: Option<String>,
    pub(crate) level: usize,
    pub(crate) mark: Mark,
    pub(crate) heading: RLine,
    pub alineas: Vec<RAlinea>,
    pub(crate) children: Vec<RDivision>,
}

impl RDivision {
    /// Whether the division is in the new text.
    pub(crate) fn in_new(&self) -> bool {
        self.mark != Mark::Del
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RToc {
    pub(crate) division: String,
    pub(crate) level: usize,
    pub(crate) line: RLine,
    pub(crate) page: Option<String>,
}

/// The revised document: the new text with every change marked.
#[derive(Debug, Clone, PartialEq)]
pub struct Revised {
    pub(crate) meta: Meta,
    pub(crate) title_page: Vec<RLine>,
    pub(crate) toc_title: Option<String>,
    pub(crate) toc: Vec<RToc>,
    pub(crate) front: Vec<RPart>,
    pub(crate) divisions: Vec<RDivision>,
    pub(crate) closing: Vec<RPart>,
    /// Old and new signature blocks; the same when unchanged.
    pub(crate) signatures_old: Vec<SignatureBlock>,
    pub(crate) signatures_new: Vec<SignatureBlock>,
}

fn same_alineas(v: &[Alinea]) -> Vec<RAlinea> {
    v.iter()
        .enumerate()
        .map(|(k, a)| RAlinea {
            kind: a.kind.clone(),
            line: RLine::same(&a.inlines),
            old_n: Some(k + 1),
            new_n: Some(k + 1),
        })
        .collect()
}

fn whole_alinea(a: &Alinea, mark: Mark, n: usize) -> RAlinea {
    RAlinea {
        kind: a.kind.clone(),
        line: RLine::whole(mark, &a.inlines),
        old_n: (mark == Mark::Del).then_some(n),
        new_n: (mark == Mark::Ins).then_some(n),
    }
}

/// A division's heading as one line: label, then title.
pub(crate) fn heading_inlines(d: &Division) -> Vec<Inline> {
    let mut v = Vec::new();
    if let Some(l) = &d.label {
        // « Article 1er – » heads a title; alone, it is « Article 1er ».
        let l = if d.title.is_empty() { l.trim_end_matches(['–', '—', '-', ':', ' ']) } else { l.as_str() };
        v.push(Inline::plain(format!("{} ", l)));
    }
    v.extend(d.title.iter().cloned());
    crate::markdown::normalize(v)
}

fn whole_division(d: &Division, mark: Mark) -> RDivision {
    RDivision {
        id: d.id.clone(),
        old_id: (mark != Mark::Ins).then(|| d.id.clone()),
        level: d.level,
        mark,
        heading: if mark == Mark::Same {
            RLine::same(&heading_inlines(d))
        } else {
            RLine::whole(mark, &heading_inlines(d))
        },
        alineas: match mark {
            Mark::Same => same_alineas(&d.alineas),
            _ => d.alineas.iter().enumerate().map(|(k, a)| whole_alinea(a, mark, k + 1)).collect(),
        },
        children: d.children.iter().map(|c| whole_division(c, mark)).collect(),
    }
}

impl Revised {
    /// A document with no change: how every plain DOCX is written.
    pub fn unchanged(doc: &Document) -> Revised {
        Revised {
            meta: doc.meta.clone(),
            title_page: doc.title_page.iter().map(|l| RLine::same(l)).collect(),
            toc_title: doc.toc_title.clone(),
            toc: doc
                .sommaire_printed()
                .iter()
                .map(|e| RToc {
                    division: e.division.clone(),
                    level: e.level,
                    line: RLine::same(&e.text),
                    page: e.page.clone(),
                })
                .collect(),
            front: doc.front.iter().map(|p| RPart { kind: p.kind, alineas: same_alineas(&p.alineas) }).collect(),
            divisions: doc.divisions.iter().map(|d| whole_division(d, Mark::Same)).collect(),
            closing: doc.closing.iter().map(|p| RPart { kind: p.kind, alineas: same_alineas(&p.alineas) }).collect(),
            signatures_old: doc.signatures.clone(),
            signatures_new: doc.signatures.clone(),
        }
    }

    /// Every division, depth first.
    pub fn all_divisions(&self) -> Vec<&RDivision> {
        fn go<'a>(d: &'a RDivision, out: &mut Vec<&'a RDivision>) {
            out.push(d);
            for c in &d.children {
                go(c, out);
            }
        }
        let mut out = Vec::new();
        for d in &self.divisions {
            go(d, &mut out);
        }
        out
    }

    /// The alinéas of the front matter, in reading order.
    pub(crate) fn front_alineas(&self) -> impl Iterator<Item = &RAlinea> {
        self.front.iter().flat_map(|p| p.alineas.iter())
    }

    /// The alinéas of the closing matter, in reading order.
    pub(crate) fn closing_alineas(&self) -> impl Iterator<Item = &RAlinea> {
        self.closing.iter().flat_map(|p| p.alineas.iter())
    }
}

/// Alinéas of two versions, merged.
fn compare_alineas(old: &[Alinea], new: &[Alinea]) -> Vec<RAlinea> {
    align_alineas(old, new)
        .into_iter()
        .map(|step| match step {
            AlineaStep::Same(o, n) => RAlinea {
                kind: new[n].kind.clone(),
                line: RLine::same(&new[n].inlines),
                old_n: Some(o + 1),
                new_n: Some(n + 1),
            },
            AlineaStep::Changed(o, n) => RAlinea {
                kind: new[n].kind.clone(),
                line: compare_inlines(&old[o].inlines, &new[n].inlines),
                old_n: Some(o + 1),
                new_n: Some(n + 1),
            },
            AlineaStep::Deleted(o) => whole_alinea(&old[o], Mark::Del, o + 1),
            AlineaStep::Inserted(n) => whole_alinea(&new[n], Mark::Ins, n + 1),
        })
        .collect()
}

/// Lines (title page, sommaire) of two versions, merged.
fn compare_lines(old: &[Vec<Inline>], new: &[Vec<Inline>]) -> Vec<RLine> {
    let to_alineas = |v: &[Vec<Inline>]| v.iter().map(|l| Alinea::paragraph(l.clone())).collect::<Vec<_>>();
    compare_alineas(&to_alineas(old), &to_alineas(new)).into_iter().map(|a| a.line).collect()
}

/// Parts of two versions, aligned by kind (a visa never pairs with a line
/// of the parties block).
fn compare_parts(old: &[crate::model::Part], new: &[crate::model::Part]) -> Vec<RPart> {
    let mut kinds: Vec<PartKind> = old.iter().chain(new).map(|p| p.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
        .into_iter()
        .map(|kind| {
            let of = |v: &[crate::model::Part]| {
                v.iter().filter(|p| p.kind == kind).flat_map(|p| p.alineas.iter().cloned()).collect::<Vec<_>>()
            };
            RPart { kind, alineas: compare_alineas(&of(old), &of(new)) }
        })
        .collect()
}

fn compare_divisions(old: &[Division], new: &[Division]) -> Vec<RDivision> {
    align_divisions(old, new)
        .into_iter()
        .map(|step| match step {
            Step::Del(o) => whole_division(&old[o], Mark::Del),
            Step::Ins(n) => whole_division(&new[n], Mark::Ins),
            Step::Pair(o, n) => {
                let (od, nd) = (&old[o], &new[n]);
                RDivision {
                    id: nd.id.clone(),
                    old_id: Some(od.id.clone()),
                    level: nd.level,
                    mark: Mark::Same,
                    heading: compare_inlines(&heading_inlines(od), &heading_inlines(nd)),
                    alineas: compare_alineas(&od.alineas, &nd.alineas),
                    children: compare_divisions(&od.children, &nd.children),
                }
            }
        })
        .collect()
}

/// Compares two documents.
pub fn compare(old: &Document, new: &Document) -> Revised {
    let (old_entries, new_entries) = (old.sommaire_printed(), new.sommaire_printed());
    let old_toc: Vec<Vec<Inline>> = old_entries.iter().map(|e| e.text.clone()).collect();
    let new_toc: Vec<Vec<Inline>> = new_entries.iter().map(|e| e.text.clone()).collect();
    let (mut oi, mut ni) = (0, 0);
    let toc = compare_lines(&old_toc, &new_toc)
        .into_iter()
        .map(|line| {
            let e = if line.mark == Mark::Del { &old_entries[oi] } else { &new_entries[ni] };
            match line.mark {
                Mark::Del => oi += 1,
                Mark::Ins => ni += 1,
                Mark::Same => {
                    oi += 1;
                    ni += 1;
                }
            }
            RToc { division: e.division.clone(), level: e.level, line, page: e.page.clone() }
        })
        .collect();
    Revised {
        meta: new.meta.clone(),
        title_page: compare_lines(&old.title_page, &new.title_page),
        toc_title: new.toc_title.clone().or_else(|| old.toc_title.clone()),
        toc,
        front: compare_parts(&old.front, &new.front),
        divisions: compare_divisions(&old.divisions, &new.divisions),
        closing: compare_parts(&old.closing, &new.closing),
        signatures_old: old.signatures.clone(),
        signatures_new: new.signatures.clone(),
    }
}

/// The words of a text, for similarity: the French tokenizer's words.
pub(crate) fn words_of(text: &str) -> Vec<&str> {
    crate::tokens::tokenize(text).into_iter().filter(|t| t.kind == crate::tokens::Kind::Word).map(|t| t.text).collect()
}

/// Plain text of an alinéa for comparison (a list marker is part of it).
pub(crate) fn alinea_text(a: &Alinea) -> String {
    match &a.kind {
        AlineaKind::Table { .. } => a.text(),
        _ => inline_text(&a.inlines),
    }
}
