//! Comparing two versions of a text: the one aligner of clausier.
//!
//! Divisions are aligned among their siblings by stable id, then label,
//! then content (never by title alone: untitled articles « Article 1er »,
//! « Article 2 »… align by their labels and their words); alinéas of
//! aligned divisions by their text; aligned alinéas word by word with the
//! French tokenizer. The result is a [`Document`]: the new text in which
//! every piece is kept, inserted or deleted, marked on the model itself
//! (change spans in the inlines, as pandoc keeps tracked changes; a mark on
//! whole alinéas, divisions and signature blocks; the title page and the
//! sommaire in its `Revision`). `Document::side` gives either text back.
//! Everything that compares reads it: the redline (Word tracked changes), the tableau comparatif, the HTML view,
//! `--stat` and the avenant draft, so that an avenant and its redline always
//! see the same changes.

mod align;
pub mod stat;
mod words;

pub(crate) use align::{align_alineas, align_divisions, AlineaStep, Step};
pub use words::compare_inlines;
pub(crate) use words::slice_inlines;

use crate::model::{
    inline_text, spans, Alinea, AlineaKind, Division, DivisionChange, Document, Inline, Mark, PartKind, Revision,
};

pub(crate) use crate::model::heading_inlines;

/// An alinéa inserted or deleted whole.
fn whole_alinea(a: &Alinea, mark: Mark) -> Alinea {
    Alinea { change: mark, ..a.clone() }
}

/// A division inserted or deleted whole, with all it holds.
fn whole_division(d: &Division, mark: Mark) -> Division {
    Division {
        alineas: d.alineas.iter().map(|a| whole_alinea(a, mark)).collect(),
        children: d.children.iter().map(|c| whole_division(c, mark)).collect(),
        change: Some(Box::new(DivisionChange {
            mark,
            old_id: (mark != Mark::Ins).then(|| d.id.clone()),
            heading: heading_inlines(d),
            old_label: d.label.clone(),
            old_title: d.title.clone(),
        })),
        ..d.clone()
    }
}

/// An alinéa of both versions, its words compared.
fn changed_alinea(old: &Alinea, new: &Alinea) -> Alinea {
    Alinea {
        kind: new.kind.clone(),
        inlines: spans(compare_inlines(&old.inlines, &new.inlines).segs),
        change: Mark::Same,
    }
}

/// Alinéas of two versions, merged.
fn compare_alineas(old: &[Alinea], new: &[Alinea]) -> Vec<Alinea> {
    align_alineas(old, new)
        .into_iter()
        .map(|step| match step {
            AlineaStep::Same(_, n) => new[n].clone(),
            AlineaStep::Changed(o, n) => changed_alinea(&old[o], &new[n]),
            AlineaStep::Deleted(o) => whole_alinea(&old[o], Mark::Del),
            AlineaStep::Inserted(n) => whole_alinea(&new[n], Mark::Ins),
        })
        .collect()
}

/// Lines (title page, sommaire) of two versions, merged: each line's whole
/// mark and its inlines with their change spans.
fn compare_lines(old: &[Vec<Inline>], new: &[Vec<Inline>]) -> Vec<(Mark, Vec<Inline>)> {
    let to_alineas = |v: &[Vec<Inline>]| v.iter().map(|l| Alinea::paragraph(l.clone())).collect::<Vec<_>>();
    compare_alineas(&to_alineas(old), &to_alineas(new)).into_iter().map(|a| (a.change, a.inlines)).collect()
}

/// Parts of two versions, aligned by kind (a visa never pairs with a line
/// of the parties block).
fn compare_parts(old: &[crate::model::Part], new: &[crate::model::Part]) -> Vec<crate::model::Part> {
    let mut kinds: Vec<PartKind> = old.iter().chain(new).map(|p| p.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
        .into_iter()
        .map(|kind| {
            let of = |v: &[crate::model::Part]| {
                v.iter().filter(|p| p.kind == kind).flat_map(|p| p.alineas.iter().cloned()).collect::<Vec<_>>()
            };
            crate::model::Part { kind, alineas: compare_alineas(&of(old), &of(new)) }
        })
        .collect()
}

fn compare_divisions(old: &[Division], new: &[Division]) -> Vec<Division> {
    align_divisions(old, new)
        .into_iter()
        .map(|step| match step {
            Step::Del(o) => whole_division(&old[o], Mark::Del),
            Step::Ins(n) => whole_division(&new[n], Mark::Ins),
            Step::Pair(o, n) => {
                let (od, nd) = (&old[o], &new[n]);
                Division {
                    alineas: compare_alineas(&od.alineas, &nd.alineas),
                    children: compare_divisions(&od.children, &nd.children),
                    change: Some(Box::new(DivisionChange {
                        mark: Mark::Same,
                        old_id: Some(od.id.clone()),
                        heading: spans(compare_inlines(&heading_inlines(od), &heading_inlines(nd)).segs),
                        old_label: od.label.clone(),
                        old_title: od.title.clone(),
                    })),
                    ..nd.clone()
                }
            }
        })
        .collect()
}

/// The two sommaires, merged line by line.
fn compare_sommaires(old: &Document, new: &Document) -> Vec<crate::model::TocEntry> {
    let (old_entries, new_entries) = (old.sommaire_printed(), new.sommaire_printed());
    let old_toc: Vec<Vec<Inline>> = old_entries.iter().map(|e| e.text.clone()).collect();
    let new_toc: Vec<Vec<Inline>> = new_entries.iter().map(|e| e.text.clone()).collect();
    let (mut oi, mut ni) = (0, 0);
    compare_lines(&old_toc, &new_toc)
        .into_iter()
        .map(|(mark, text)| {
            let e = if mark == Mark::Del { &old_entries[oi] } else { &new_entries[ni] };
            match mark {
                Mark::Del => oi += 1,
                Mark::Ins => ni += 1,
                Mark::Same => {
                    oi += 1;
                    ni += 1;
                }
            }
            crate::model::TocEntry { text, change: mark, ..e.clone() }
        })
        .collect()
}

/// Compares two documents: the new text in which every piece is kept,
/// inserted or deleted — change spans in the inlines, marks on whole
/// alinéas, divisions and signature blocks, the title page's lines and the
/// sommaire in the document's `Revision`.
pub fn compare(old: &Document, new: &Document) -> Document {
    let (title_marks, title_page) = compare_lines(&old.title_page, &new.title_page).into_iter().unzip();
    let signatures = if old.signatures == new.signatures {
        new.signatures.clone()
    } else {
        let marked = |v: &[crate::model::SignatureBlock], change: Mark| {
            v.iter().map(|s| crate::model::SignatureBlock { change, ..s.clone() }).collect::<Vec<_>>()
        };
        [marked(&old.signatures, Mark::Del), marked(&new.signatures, Mark::Ins)].concat()
    };
    Document {
        meta: new.meta.clone(),
        title_page,
        toc_title: new.toc_title.clone().or_else(|| old.toc_title.clone()),
        toc_levels: new.toc_levels,
        front: compare_parts(&old.front, &new.front),
        divisions: compare_divisions(&old.divisions, &new.divisions),
        closing: compare_parts(&old.closing, &new.closing),
        signatures,
        revision: Some(Box::new(Revision { title_page: title_marks, sommaire: compare_sommaires(old, new) })),
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
