//! Drafting an avenant from two versions of a text: the legal service edits
//! the convention as it should read, clausier finds the natural, minimal
//! amendments.
//!
//! The two versions are compared by the one aligner (`compare`): divisions
//! by stable id, label and content, alinéas by their text, words with the
//! French tokenizer — so the avenant amends exactly what the redline shows.
//! Each change becomes an operation; the whole draft is then checked by
//! applying it to the old text on the model: what does not reproduce the new
//! text exactly falls back to a replacement of the division, and what still
//! differs is refused by name — never an avenant that silently drops a change.

use super::apply::{apply_to_document, apply_word_edits, count_words, find_words, patterns_of, resolve, word_edit};
use super::ops::{Base, ChangeSet, NewDivision, Operation, PartyDeliberation};
use crate::compare::{compare, Mark, RAlinea, RDivision, RLine, Revised};
use crate::error::{Error, Result};
use crate::markdown::{alinea_to_markdown, inlines_to_markdown};
use crate::model::{inline_text, Alinea, AlineaKind, Division, Document, Inline, PartKind};
use crate::numbering::Pattern;
use crate::render::{assemble, BuildOptions};
use crate::source::Source;
use crate::tokens::{tokenize, Kind, Token};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Default)]
pub struct DraftOptions {
    /// The avenant's number; by default the next after those already applied.
    pub numero: Option<u32>,
    /// How the base is named in the change set (the OLD path as given).
    pub base_name: String,
}

/// Whether two labels carry different numbers (« Article 1 – » and
/// « Article 1 » are the same number, written before a title or not).
fn renumbered(old: &Option<String>, new: &Option<String>) -> bool {
    let n = |l: &Option<String>| l.as_deref().map(crate::numbering::label_number);
    n(old) != n(new)
}

/// Draft the change set that turns the source OLD into the source NEW.
pub fn draft(old: &Source, new: &Source, opts: &DraftOptions) -> Result<ChangeSet> {
    let old_doc = assemble(old, &BuildOptions::default())?;
    let new_doc = assemble(new, &BuildOptions::default())?;
    draft_from(old, &old_doc, &new_doc, opts)
}

/// What differs where no operation can amend it: the signature blocks
/// record who signed the convention, which an avenant does not change (its
/// own signatories are named in `signataires`).
fn undraftable(rev: &Revised) -> Vec<String> {
    let mut out = Vec::new();
    if rev.signatures_old != rev.signatures_new {
        out.push("the signature blocks changed: an avenant does not amend who signed the convention (name the avenant's own signatories in `signataires`)".to_string());
    }
    out
}

/// Where an operation on alinéas or words lands.
#[derive(Debug, Clone)]
struct At {
    division: String,
    part: Option<PartKind>,
}

impl At {
    fn division(id: &str) -> At {
        At { division: id.to_string(), part: None }
    }
    fn part(kind: PartKind) -> At {
        At { division: String::new(), part: Some(kind) }
    }
}

struct Cx<'a> {
    ix: &'a Indexes<'a>,
    patterns: Vec<Pattern>,
    taken: HashSet<String>,
    ops: Vec<Operation>,
    /// Words replaced the same way everywhere: one formula covers them.
    subs: &'a [(String, String)],
}

/// The divisions of each text by id, made once per draft: a text of
/// thousands of divisions is looked up once per division.
struct Indexes<'a> {
    old: HashMap<&'a str, &'a Division>,
    new: HashMap<&'a str, &'a Division>,
}

fn find<'a>(ix: &HashMap<&'a str, &'a Division>, id: &str) -> Result<&'a Division> {
    ix.get(id)
        .copied()
        .ok_or_else(|| Error::Internal(format!("division « {} » of the comparison is not in the text", id)))
}

/// The alinéas of one part of a document.
fn part_of(doc: &Document, kind: PartKind) -> Vec<Alinea> {
    doc.front.iter().chain(&doc.closing).filter(|p| p.kind == kind).flat_map(|p| p.alineas.iter().cloned()).collect()
}

/// Draft the change set that turns `old_doc` (the assembled text of `old`)
/// into `new_doc`, whatever it was read from.
pub fn draft_from(old: &Source, old_doc: &Document, new_doc: &Document, opts: &DraftOptions) -> Result<ChangeSet> {
    let rev = compare(old_doc, new_doc);
    let outside = undraftable(&rev);
    if !outside.is_empty() {
        return Err(Error::Draft(outside.join("; ")));
    }
    let ix = Indexes { old: old_doc.index(), new: new_doc.index() };
    let subs = substitutions(&rev, old_doc, &ix);
    match draft_with(old, old_doc, new_doc, &ix, &rev, &subs, opts) {
        // A vocabulary change that another change overlaps: drafted place
        // by place instead.
        Err(Error::Internal(_)) if !subs.is_empty() => draft_with(old, old_doc, new_doc, &ix, &rev, &[], opts),
        r => r,
    }
}

fn draft_with(
    old: &Source,
    old_doc: &Document,
    new_doc: &Document,
    ix: &Indexes,
    rev: &Revised,
    subs: &[(String, String)],
    opts: &DraftOptions,
) -> Result<ChangeSet> {
    let mut cx = Cx {
        ix,
        patterns: patterns_of(old),
        taken: old_doc.all_divisions().iter().map(|d| d.id.clone()).collect(),
        ops: Vec::new(),
        subs,
    };
    // In the order of the text: title, vocabulary, front matter, divisions, closing.
    if rev.title_page.iter().any(RLine::changed) {
        cx.ops.push(Operation::ReplaceTitle {
            lines: new_doc.title_page.iter().map(|l| inlines_to_markdown(l)).collect(),
        });
    }
    for (words, by) in subs {
        cx.ops.push(Operation::ReplaceEverywhere { words: words.clone(), by: by.clone() });
    }
    for p in &rev.front {
        if p.alineas.iter().any(|a| a.line.changed()) {
            cx.ops.extend(alinea_ops(
                &At::part(p.kind),
                &p.alineas,
                &part_of(old_doc, p.kind),
                &part_of(new_doc, p.kind),
                subs,
            ));
        }
    }
    walk(&rev.divisions, None, &mut cx)?;
    for p in &rev.closing {
        if p.alineas.iter().any(|a| a.line.changed()) {
            cx.ops.extend(alinea_ops(
                &At::part(p.kind),
                &p.alineas,
                &part_of(old_doc, p.kind),
                &part_of(new_doc, p.kind),
                &[],
            ));
        }
    }
    if cx.ops.is_empty() {
        return Err(Error::Draft("the two texts say the same: there is nothing for an avenant to amend".into()));
    }
    let numero = opts.numero.unwrap_or_else(|| old.manifest.avenants.iter().map(|a| a.numero).max().unwrap_or(0) + 1);
    let mut cs = ChangeSet {
        numero,
        titre: None,
        signataires: vec![],
        objet: None,
        date: None,
        // The place the convention states; none is never « Paris ».
        lieu: old
            .manifest
            .lieu
            .clone()
            .or_else(|| old.manifest.variables.get("lieu").and_then(|v| v.as_str()).map(str::to_string)),
        base: Base { source: opts.base_name.clone(), fingerprint: crate::fingerprint::of(old_doc) },
        // Only the deliberating bodies the convention names: a party with
        // none gets a visible blank in the avenant, never an invented one.
        deliberations: old
            .manifest
            .parties
            .iter()
            .filter_map(|p| {
                p.deliberation.as_ref().map(|d| PartyDeliberation {
                    partie: p.id.clone(),
                    organe: d.organe.clone(),
                    ..Default::default()
                })
            })
            .collect(),
        originaux: None,
        entree_en_vigueur: None,
        preambule: vec![],
        motifs: vec![],
        style: Default::default(),
        frais: None,
        auteur: None,
        operations: cx.ops,
        provenance: Default::default(),
    };
    verify_and_repair(old_doc, new_doc, &ix.new, rev, &cx.patterns, &mut cs)?;
    super::objet::drafted(old, old_doc, &mut cs);
    Ok(cs)
}

/// The ways a word change can be quoted: the changed words alone, or with a
/// word of shared context before, after, or both (« de pilotage » →
/// « directeur » is also « comité de pilotage » → « comité directeur »).
fn quotings(a: &[Token], b: &[Token], h: &Hunk) -> Vec<(String, String)> {
    let h = h.trimmed(a, b);
    if h.os == h.oe || h.ns == h.ne {
        return vec![];
    }
    // One word of shared context: the word and the space between.
    let left = (h.os >= 2
        && h.ns >= 2
        && a[h.os - 1].text == b[h.ns - 1].text
        && a[h.os - 2].text == b[h.ns - 2].text
        && a[h.os - 2].kind == Kind::Word)
        .then_some(2);
    let right = (h.oe + 2 <= a.len()
        && h.ne + 2 <= b.len()
        && a[h.oe].text == b[h.ne].text
        && a[h.oe + 1].text == b[h.ne + 1].text
        && a[h.oe + 1].kind == Kind::Word)
        .then_some(2);
    let mut out = Vec::new();
    for (l, r) in [(Some(0), Some(0)), (left, Some(0)), (Some(0), right), (left, right)] {
        if let (Some(l), Some(r)) = (l, r) {
            out.push((words_of(&a[h.os - l..h.oe + r]), words_of(&b[h.ns - l..h.ne + r])));
        }
    }
    out.dedup();
    out
}

/// Whether a hunk is one of the vocabulary changes drafted « dans
/// l'ensemble de la convention ».
fn covered(a: &[Token], b: &[Token], h: &Hunk, subs: &[(String, String)]) -> bool {
    !subs.is_empty() && quotings(a, b, h).iter().any(|q| subs.contains(q))
}

/// The text where « Dans l'ensemble de … » looks: division titles and
/// alinéas, and the parts before the divisions.
fn searchable(doc: &Document) -> Vec<String> {
    let mut v: Vec<String> = doc
        .all_divisions()
        .iter()
        .flat_map(|d| std::iter::once(inline_text(&d.title)).chain(d.alineas.iter().map(|a| inline_text(&a.inlines))))
        .collect();
    v.extend(doc.front_alineas().map(|a| inline_text(&a.inlines)));
    v
}

/// Words changed the same way in every place they stand, at least twice:
/// a vocabulary change, drafted as one formula. Found from the word changes
/// of the comparison; a quoting is kept only if its old words occur in the
/// old text exactly as many times as they were changed that way.
fn substitutions(rev: &Revised, old: &Document, ix: &Indexes) -> Vec<(String, String)> {
    let mut lines: Vec<(String, String, RLine)> = Vec::new();
    for a in rev.front_alineas().filter(|a| a.old_n.is_some() && a.new_n.is_some() && a.line.changed()) {
        lines.push((inline_text(&a.line.side(Mark::Del)), inline_text(&a.line.side(Mark::Ins)), a.line.clone()));
    }
    for d in rev.all_divisions().into_iter().filter(|d| d.mark == Mark::Same) {
        for a in d.alineas.iter().filter(|a| a.old_n.is_some() && a.new_n.is_some() && a.line.changed()) {
            lines.push((inline_text(&a.line.side(Mark::Del)), inline_text(&a.line.side(Mark::Ins)), a.line.clone()));
        }
        if let (Some(od), Some(nd)) =
            (d.old_id.as_deref().and_then(|id| ix.old.get(id).copied()), ix.new.get(d.id.as_str()).copied())
        {
            if od.title != nd.title {
                lines.push((
                    inline_text(&od.title),
                    inline_text(&nd.title),
                    crate::compare::compare_inlines(&od.title, &nd.title),
                ));
            }
        }
    }
    // Each quoting, and the hunks it would cover.
    let mut support: std::collections::BTreeMap<(String, String), usize> = Default::default();
    let mut per_hunk: Vec<Vec<(String, String)>> = Vec::new();
    for (ot, nt, line) in &lines {
        let (a, b) = (tokenize(ot), tokenize(nt));
        for h in hunks_of(line, &a, &b) {
            let q = quotings(&a, &b, &h);
            for x in &q {
                *support.entry(x.clone()).or_default() += 1;
            }
            per_hunk.push(q);
        }
    }
    let candidates: Vec<(&(String, String), usize)> = support
        .iter()
        .filter(|((w, by), n)| **n >= 2 && !w.is_empty() && !by.is_empty())
        .map(|(q, n)| (q, *n))
        .collect();
    let counts = count_words(&searchable(old), &candidates.iter().map(|((w, _), _)| w.as_str()).collect::<Vec<_>>());
    let valid: HashSet<(String, String)> =
        candidates.iter().zip(counts).filter(|((_, n), found)| found == n).map(|((q, _), _)| (*q).clone()).collect();
    // Each hunk takes its shortest valid quoting.
    let mut out: Vec<(String, String)> = Vec::new();
    for q in per_hunk {
        if let Some(x) = q.into_iter().find(|x| valid.contains(x)) {
            if !out.contains(&x) {
                out.push(x);
            }
        }
    }
    out
}

/// Operations for one list of sibling divisions (`parent` is the old id of
/// their parent).
fn walk(siblings: &[RDivision], parent: Option<&str>, cx: &mut Cx) -> Result<()> {
    let mut prev: Option<String> = None;
    for rd in siblings {
        match rd.mark {
            Mark::Del => cx.ops.push(Operation::DeleteDivision { division: rd.old_id.clone().unwrap_or_default() }),
            Mark::Ins => {
                let nd = find(&cx.ix.new, &rd.id)?;
                let (after, parent) = match (&prev, parent) {
                    (Some(p), _) => (Some(p.clone()), None),
                    (None, Some(p)) => (None, Some(p.to_string())),
                    (None, None) => return Err(Error::Draft(format!("« {} » is inserted before the first division of the text, which no formula drafts; insert it after the first one", inline_text(&crate::compare::heading_inlines(nd))))),
                };
                let spec = new_division(nd, &mut cx.taken, &cx.patterns);
                cx.ops.push(Operation::InsertDivision {
                    after,
                    parent,
                    id: spec.id,
                    number: spec.number,
                    label: spec.label,
                    title: spec.title,
                    text: spec.text,
                    children: spec.children,
                });
            }
            Mark::Same => {
                let old_id = rd.old_id.clone().unwrap_or_default();
                let (od, nd) = (find(&cx.ix.old, &old_id)?, find(&cx.ix.new, &rd.id)?);
                if renumbered(&od.label, &nd.label) {
                    if let Some(l) = &nd.label {
                        let number = crate::numbering::number_in(&cx.patterns, nd.level, l);
                        cx.ops.push(Operation::Renumber {
                            division: old_id.clone(),
                            label: explicit(l, &number, &cx.patterns, nd.level),
                            number,
                        });
                    }
                }
                if od.title != nd.title && !substituted(&od.title, &nd.title, cx.subs) {
                    cx.ops.push(Operation::RenameDivision {
                        division: old_id.clone(),
                        title: inlines_to_markdown(&nd.title),
                    });
                }
                let ops = alinea_ops(&At::division(&old_id), &rd.alineas, &od.alineas, &nd.alineas, cx.subs);
                // Every subdivision gone and others in their place: the
                // division is rewritten whole, subdivisions included.
                let replaced = !(od.children.is_empty() && nd.children.is_empty())
                    && rd.children.iter().all(|c| c.mark != Mark::Same);
                if replaced && (!ops.is_empty() || od.children.is_empty() || nd.children.is_empty()) {
                    let children = nd.children.iter().map(|c| new_division(c, &mut cx.taken, &cx.patterns)).collect();
                    cx.ops.push(Operation::ReplaceDivision {
                        division: old_id.clone(),
                        text: nd.alineas.iter().map(alinea_to_markdown).collect(),
                        children: Some(children),
                    });
                    prev = Some(old_id);
                    continue;
                }
                // (Only a division whose alinéas changed: one that already
                // read « (article abrogé) » is not repealed a second time.)
                let repealed = !ops.is_empty()
                    && od.children.is_empty()
                    && nd.children.is_empty()
                    && super::wording::repeal_mention(&nd.alineas.iter().map(alinea_to_markdown).collect::<Vec<_>>())
                        .is_some();
                if repealed || rewritten(&ops, od, nd) {
                    // Most of the division changed, or all of it left for the
                    // mention of its repeal: one formula, the whole new text.
                    cx.ops.push(Operation::ReplaceDivision {
                        division: old_id.clone(),
                        text: nd.alineas.iter().map(alinea_to_markdown).collect(),
                        children: None,
                    });
                } else {
                    cx.ops.extend(ops);
                }
                walk(&rd.children, Some(&old_id), cx)?;
                prev = Some(old_id);
            }
        }
    }
    Ok(())
}

/// Whether a title changed only by the vocabulary changes.
fn substituted(old: &[Inline], new: &[Inline], subs: &[(String, String)]) -> bool {
    if subs.is_empty() {
        return false;
    }
    let mut t = inline_text(old);
    for (w, by) in subs {
        let hits = find_words(&t, w);
        for (s, e) in hits.into_iter().rev() {
            t.replace_range(s..e, by);
        }
    }
    t == inline_text(new)
}

/// Whether a division is better rewritten whole (« L'article 25 est ainsi
/// rédigé : ») than amended piece by piece: several of its alinéas changed,
/// and at least half of them. A division with subdivisions is amended piece
/// by piece (its rewriting would have to restate them).
fn rewritten(ops: &[Operation], old: &Division, new: &Division) -> bool {
    if !old.children.is_empty() || ops.len() < 2 {
        return false;
    }
    let mut changed: HashSet<usize> = HashSet::new();
    let mut inserted = 0;
    for op in ops {
        match op {
            Operation::DeleteAlineas { alinea, count, .. } => changed.extend(*alinea..alinea + count),
            Operation::InsertAlineas { text, .. } => inserted += text.len(),
            op => changed.extend(op.alinea()),
        }
    }
    let changed = changed.len() + inserted;
    let total = old.alineas.len().max(new.alineas.len());
    changed >= 2 && changed * 2 > total
}

/// The label to write out in full, when the numbering of its level does not
/// give it back from its number (« Art 23. à 26 - »).
fn explicit(label: &str, number: &str, patterns: &[Pattern], level: usize) -> Option<String> {
    (crate::numbering::label_at(patterns, level, number) != label).then(|| label.to_string())
}

fn new_division(d: &Division, taken: &mut HashSet<String>, patterns: &[Pattern]) -> NewDivision {
    let mut id = d.id.clone();
    let mut k = 2;
    while taken.contains(&id) {
        id = format!("{}-{}", d.id, k);
        k += 1;
    }
    taken.insert(id.clone());
    let number = d.label.as_ref().map(|l| crate::numbering::number_in(patterns, d.level, l));
    NewDivision {
        id,
        label: d.label.as_ref().zip(number.as_ref()).and_then(|(l, n)| explicit(l, n, patterns, d.level)),
        number,
        title: inlines_to_markdown(&d.title),
        text: d.alineas.iter().map(alinea_to_markdown).collect(),
        children: d.children.iter().map(|c| new_division(c, taken, patterns)).collect(),
    }
}

/// Operations on the alinéas of one pair of divisions (or parts), read off
/// the revised alinéas: a deletion followed by insertions is a replacement
/// (« est remplacé par deux alinéas ainsi rédigés »).
fn alinea_ops(
    at: &At,
    revised: &[RAlinea],
    old: &[Alinea],
    new: &[Alinea],
    subs: &[(String, String)],
) -> Vec<Operation> {
    let md = |ns: &[usize]| ns.iter().map(|n| alinea_to_markdown(&new[n - 1])).collect::<Vec<_>>();
    let (division, part) = (at.division.clone(), at.part);
    let mut ops = Vec::new();
    let mut cursor = 0;
    let mut k = 0;
    while k < revised.len() {
        let a = &revised[k];
        if let (Some(o), Some(n)) = (a.old_n, a.new_n) {
            k += 1;
            cursor = o;
            if !a.line.changed() {
                continue;
            }
            // Followed by new alinéas that carry its words: one alinéa
            // became several (« est remplacé par deux alinéas ainsi rédigés »).
            let mut then = Vec::new();
            while let Some(RAlinea { old_n: None, new_n: Some(m), .. }) = revised.get(k + then.len()) {
                then.push(*m);
            }
            if !then.is_empty() && split(&old[o - 1], &new[n - 1], then.iter().map(|m| &new[m - 1])) {
                let mut text = vec![alinea_to_markdown(&new[n - 1])];
                text.extend(then.iter().map(|m| alinea_to_markdown(&new[m - 1])));
                k += then.len();
                ops.push(Operation::ReplaceAlinea { division: division.clone(), part, alinea: o, text });
                continue;
            }
            let mut w = word_ops(at, o, &old[o - 1], &new[n - 1], &a.line, subs);
            // Rewritten and followed by new alinéas: replaced by several.
            if let [Operation::ReplaceAlinea { text, .. }] = w.as_mut_slice() {
                while let Some(RAlinea { old_n: None, new_n: Some(m), .. }) = revised.get(k) {
                    text.push(alinea_to_markdown(&new[m - 1]));
                    k += 1;
                }
            }
            ops.extend(w);
            continue;
        }
        let mut dels = Vec::new();
        while let Some(RAlinea { old_n: Some(o), new_n: None, .. }) = revised.get(k) {
            dels.push(*o);
            k += 1;
        }
        let mut inss = Vec::new();
        while let Some(RAlinea { old_n: None, new_n: Some(n), .. }) = revised.get(k) {
            inss.push(*n);
            k += 1;
        }
        match (dels.first(), inss.is_empty()) {
            (Some(&first), false) => {
                ops.push(Operation::ReplaceAlinea { division: division.clone(), part, alinea: first, text: md(&inss) });
                if dels.len() > 1 {
                    ops.push(Operation::DeleteAlineas {
                        division: division.clone(),
                        part,
                        alinea: first + 1,
                        count: dels.len() - 1,
                    });
                }
            }
            (Some(&first), true) => ops.push(Operation::DeleteAlineas {
                division: division.clone(),
                part,
                alinea: first,
                count: dels.len(),
            }),
            (None, false) => {
                ops.push(Operation::InsertAlineas { division: division.clone(), part, after: cursor, text: md(&inss) })
            }
            (None, true) => k += 1,
        }
        if let Some(&last) = dels.last() {
            cursor = last;
        }
    }
    ops
}

/// Whether an alinéa was split: most of its words are in the new alinéa
/// and the ones that follow it, but not in the new alinéa alone.
fn split<'x>(old: &Alinea, first: &Alinea, then: impl Iterator<Item = &'x Alinea>) -> bool {
    let words = |a: &Alinea| -> Vec<String> {
        tokenize(&inline_text(&a.inlines))
            .iter()
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.text.to_lowercase())
            .collect()
    };
    let old_words = words(old);
    let mut alone: std::collections::HashMap<String, usize> = Default::default();
    for w in words(first) {
        *alone.entry(w).or_default() += 1;
    }
    let mut all = alone.clone();
    for a in then {
        for w in words(a) {
            *all.entry(w).or_default() += 1;
        }
    }
    let covered = |bag: &mut std::collections::HashMap<String, usize>| {
        old_words
            .iter()
            .filter(|w| {
                bag.get_mut(*w).is_some_and(|n| {
                    *n > 0 && {
                        *n -= 1;
                        true
                    }
                })
            })
            .count()
    };
    let n = old_words.len().max(1);
    covered(&mut all) * 10 >= n * 7 && covered(&mut alone) * 10 < n * 7
}

/// A change hunk in token indices: old[os..oe] becomes new[ns..ne].
#[derive(Clone, Copy, Debug)]
struct Hunk {
    os: usize,
    oe: usize,
    ns: usize,
    ne: usize,
}

impl Hunk {
    /// Without the spaces both sides share at their edges: context, not change.
    fn trimmed(mut self, a: &[Token], b: &[Token]) -> Hunk {
        let is_space = |t: &Token| t.kind == Kind::Space;
        while self.os < self.oe && self.ns < self.ne && is_space(&a[self.os]) && is_space(&b[self.ns]) {
            self.os += 1;
            self.ns += 1;
        }
        while self.oe > self.os && self.ne > self.ns && is_space(&a[self.oe - 1]) && is_space(&b[self.ne - 1]) {
            self.oe -= 1;
            self.ne -= 1;
        }
        self
    }
}

fn word_count(toks: &[Token]) -> usize {
    toks.iter().filter(|t| t.kind == Kind::Word).count()
}

/// The token at or after byte `b` (the hunks of the revised line fall on
/// token boundaries).
fn token_at(t: &[Token], b: usize) -> usize {
    t.partition_point(|x| x.start < b)
}

/// The changes of a revised line as hunks of tokens of the old and new text.
fn hunks_of(line: &RLine, a: &[Token], b: &[Token]) -> Vec<Hunk> {
    let (mut ob, mut nb) = (0, 0);
    let mut bytes: Vec<(usize, usize, usize, usize)> = Vec::new();
    for s in &line.segs {
        let len = inline_text(&s.inlines).len();
        let (o2, n2) = match s.mark {
            Mark::Same => (ob + len, nb + len),
            Mark::Del => (ob + len, nb),
            Mark::Ins => (ob, nb + len),
        };
        if s.mark != Mark::Same {
            match bytes.last_mut() {
                Some(h) if h.1 == ob && h.3 == nb => {
                    h.1 = o2;
                    h.3 = n2;
                }
                _ => bytes.push((ob, o2, nb, n2)),
            }
        }
        ob = o2;
        nb = n2;
    }
    bytes
        .into_iter()
        .map(|(os, oe, ns, ne)| Hunk {
            os: token_at(a, os),
            oe: token_at(a, oe),
            ns: token_at(b, ns),
            ne: token_at(b, ne),
        })
        .collect()
}

/// Whether two hunks stand in one sentence of the old text.
fn same_sentence(a: &[Token], first: &Hunk, second: &Hunk) -> bool {
    !a[first.oe.min(a.len())..second.os.min(a.len())]
        .iter()
        .any(|t| t.kind == Kind::Punct && matches!(t.text, "." | ";" | "!" | "?"))
}

/// Word-level operations turning one alinéa into another, checked by
/// applying them. The formula fits the change: one change is quoted; several
/// changes in one sentence, more than three, or most of the alinéa changed
/// make it rewritten whole (« Le deuxième alinéa est ainsi rédigé : »).
fn word_ops(at: &At, n: usize, old: &Alinea, new: &Alinea, line: &RLine, subs: &[(String, String)]) -> Vec<Operation> {
    let otext = inline_text(&old.inlines);
    let ntext = inline_text(&new.inlines);
    if otext == ntext && old.kind == new.kind {
        return vec![];
    }
    let replace = || {
        vec![Operation::ReplaceAlinea {
            division: at.division.clone(),
            part: at.part,
            alinea: n,
            text: vec![alinea_to_markdown(new)],
        }]
    };
    let has_break = |a: &Alinea| a.inlines.iter().any(|i| matches!(i, Inline::Break));
    if !matches!(old.kind, AlineaKind::Paragraph | AlineaKind::Item { .. })
        || old.kind != new.kind
        || has_break(old)
        || has_break(new)
    {
        return replace();
    }
    let a = tokenize(&otext);
    let b = tokenize(&ntext);
    let raw: Vec<Hunk> = hunks_of(line, &a, &b).into_iter().filter(|h| !covered(&a, &b, h, subs)).collect();
    if raw.is_empty() {
        // Only vocabulary changed, drafted once for the whole text.
        return vec![];
    }
    let several = raw.len() > 1;
    let mut hunks: Vec<Hunk> = Vec::new();
    for h in raw {
        // Close changes read as one: merge when at most three words apart
        // (an insertion and a deletion at one place touch or overlap).
        if let Some(last) = hunks.last_mut() {
            let gap = if h.os > last.oe { word_count(&a[last.oe..h.os]) } else { 0 };
            if gap <= 3 {
                last.os = last.os.min(h.os);
                last.ns = last.ns.min(h.ns);
                last.oe = last.oe.max(h.oe);
                last.ne = last.ne.max(h.ne);
                continue;
            }
        }
        hunks.push(h);
    }
    // How much of the alinéa is replaced (words only removed or only added
    // at one place read as a deletion or a completion, however many).
    let pure = hunks.len() == 1
        && (word_count(&a[hunks[0].os..hunks[0].oe]) == 0 || word_count(&b[hunks[0].ns..hunks[0].ne]) == 0);
    let changed: usize =
        if pure { 0 } else { hunks.iter().map(|h| word_count(&a[h.os..h.oe]).max(word_count(&b[h.ns..h.ne]))).sum() };
    let one_sentence = hunks.windows(2).any(|w| same_sentence(&a, &w[0], &w[1]));
    // Several changes close together in a short alinéa: it is rewritten.
    let short = several && hunks.len() == 1 && word_count(&a) <= 40;
    if hunks.is_empty() || hunks.len() > 3 || one_sentence || short || changed * 2 > word_count(&a).max(1) {
        return replace();
    }
    let mut ops = Vec::new();
    for h in hunks {
        match hunk_op(at, n, &otext, &a, &b, h) {
            Some(op) => ops.push(op),
            None => return replace(),
        }
    }
    // Check: the operations give exactly the new text.
    if apply_word_ops(old, &ops).as_deref() != Some(ntext.as_str()) {
        return replace();
    }
    ops
}

/// Joins tokens back into text.
fn join(t: &[Token]) -> String {
    t.iter().map(|t| t.text).collect()
}

/// The occurrence index of the match starting at `start`, if the words are
/// not unique in the text.
fn occurrence(text: &str, words: &str, start: usize) -> Option<usize> {
    let found = find_words(text, words);
    if found.len() <= 1 {
        return None;
    }
    found.iter().position(|(s, _)| *s == start).map(|k| k + 1)
}

/// Whether quoted words would cut a pair in half: a parenthesis or
/// guillemets opened and not closed (or the reverse).
fn balanced(t: &str) -> bool {
    let count = |c: char| t.matches(c).count();
    count('(') == count(')') && count('«') == count('»') && count('[') == count(']')
}

/// How many tokens a quote may grow by to become unique in its alinéa.
const QUOTE_GROWTH: usize = 12;

/// Widens `old[os..oe]` and `new[ns..ne]` by the same context on both sides
/// until the quoted old words occur once in the alinéa (and cut no
/// parenthesis in half): an unambiguous quote, as the Guide de légistique
/// asks. Context is whole tokens shared by both texts.
fn widen(a: &[Token], b: &[Token], otext: &str, h: Hunk) -> Hunk {
    let quoted = |h: &Hunk| join(&a[h.os..h.oe]);
    // A quote opens on a word, is unique, and cuts no pair in half.
    let good = |h: &Hunk| {
        let q = quoted(h);
        let t = q.trim();
        // Within one sentence: « Vitry. Paris et » would be unique but reads badly.
        let one_sentence = !t.trim_end_matches(['.', ';', '!', '?']).contains(['.', ';', '!', '?']);
        a[h.os..h.oe].iter().find(|t| t.kind != Kind::Space).is_some_and(|t| t.kind == Kind::Word)
            && one_sentence
            && find_words(otext, t).len() == 1
            && balanced(&q)
    };
    if good(&h) {
        return h;
    }
    let mut g = h;
    for grown in 0..QUOTE_GROWTH {
        // Right first (the words that follow are read next), then left.
        let right = g.oe < a.len() && g.ne < b.len() && a[g.oe].text == b[g.ne].text;
        let left = g.os > 0 && g.ns > 0 && a[g.os - 1].text == b[g.ns - 1].text;
        if right && (grown % 2 == 0 || !left) {
            g.oe += 1;
            g.ne += 1;
        } else if left {
            g.os -= 1;
            g.ns -= 1;
        } else {
            break;
        }
        if good(&g) {
            return g;
        }
    }
    // No clean unique quote: the formula names the occurrence instead.
    h
}

/// A change inside a date, widened to the whole date on both sides (« la
/// date du 3 mai 2019 est remplacée par la date du 5 juin 2019 »).
fn whole_date(a: &[Token], b: &[Token], h: Hunk) -> Option<Hunk> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"^(1er|\d{1,2})\s+(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\s+\d{4}$").unwrap());
    // A date is three words and two spaces: try every placement around the hunk.
    for left in 0..=4usize {
        for right in 0..=4usize {
            if left > h.os || left > h.ns || h.oe + right > a.len() || h.ne + right > b.len() {
                continue;
            }
            let g = Hunk { os: h.os - left, oe: h.oe + right, ns: h.ns - left, ne: h.ne + right };
            let shared = a[g.os..h.os].iter().zip(&b[g.ns..h.ns]).all(|(x, y)| x.text == y.text)
                && a[h.oe..g.oe].iter().zip(&b[h.ne..g.ne]).all(|(x, y)| x.text == y.text);
            if shared && re.is_match(join(&a[g.os..g.oe]).trim()) && re.is_match(join(&b[g.ns..g.ne]).trim()) {
                return Some(g);
            }
        }
    }
    None
}

/// The whole words of a side of a hunk, without the spaces at its edges.
fn words_of(t: &[Token]) -> String {
    join(t).trim().to_string()
}

fn hunk_op(at: &At, n: usize, otext: &str, a: &[Token], b: &[Token], mut h: Hunk) -> Option<Operation> {
    let is_space = |t: &Token| t.kind == Kind::Space;
    let (division, part) = (at.division.clone(), at.part);
    h = h.trimmed(a, b);
    let inserted = words_of(&b[h.ns..h.ne]);
    let removed = words_of(&a[h.os..h.oe]);
    if removed.is_empty() && !inserted.is_empty() {
        // Words added. At the end of the alinéa: « est complété par ».
        if a[h.os..].iter().all(is_space) {
            return Some(Operation::AppendWords { division, part, alinea: n, words: inserted });
        }
        // At its start: « Au début du … ».
        if a[..h.os].iter().all(is_space) {
            return Some(Operation::InsertWords {
                division,
                part,
                alinea: n,
                after: None,
                words: inserted,
                occurrence: None,
            });
        }
        // After words, quoted until they are unique (widened to the left).
        let mut from = a[..h.os].iter().rposition(|t| !is_space(t))?;
        let mut tries = 0;
        loop {
            let after = join(&a[from..h.os]).trim().to_string();
            let unique = find_words(otext, &after).len() == 1 && balanced(&after);
            if unique || from == 0 || tries >= QUOTE_GROWTH {
                let start = a[from].start;
                return Some(Operation::InsertWords {
                    division,
                    part,
                    alinea: n,
                    occurrence: occurrence(otext, &after, start),
                    after: Some(after),
                    words: inserted,
                });
            }
            from -= 1;
            tries += 1;
        }
    }
    if inserted.is_empty() && !removed.is_empty() {
        // Words removed: « les mots : « … » sont supprimés », the words
        // alone (a quote widened with kept words would read as a
        // replacement); an ambiguous quote names its occurrence.
        if !balanced(&removed) {
            return None;
        }
        let start = a[h.os..h.oe].iter().find(|t| !is_space(t))?.start;
        return Some(Operation::DeleteWords {
            division,
            part,
            alinea: n,
            occurrence: occurrence(otext, &removed, start),
            words: removed,
        });
    }
    if removed.is_empty() {
        return None;
    }
    // Words replaced: whole words, a lone number quoted with what it counts
    // (« 2 ans »), widened until the quote is unique.
    let lone_number = |t: &[Token]| t.len() == 1 && t[0].text.chars().all(|c| c.is_ascii_digit() || c == ' ');
    if lone_number(&a[h.os..h.oe])
        && lone_number(&b[h.ns..h.ne])
        && h.oe + 1 < a.len()
        && h.ne + 1 < b.len()
        && a[h.oe].kind == Kind::Space
        && a[h.oe + 1].kind == Kind::Word
        && a[h.oe].text == b[h.ne].text
        && a[h.oe + 1].text == b[h.ne + 1].text
    {
        h.oe += 2;
        h.ne += 2;
    }
    let h = whole_date(a, b, h).unwrap_or_else(|| widen(a, b, otext, h));
    let words = words_of(&a[h.os..h.oe]);
    let by = words_of(&b[h.ns..h.ne]);
    if !balanced(&words) || by.is_empty() {
        return None;
    }
    let start = a[h.os..h.oe].iter().find(|t| !is_space(t))?.start;
    Some(Operation::ReplaceWords { division, part, alinea: n, occurrence: occurrence(otext, &words, start), words, by })
}

/// The text of an alinéa after word operations, or `None` if one does not apply.
fn apply_word_ops(old: &Alinea, ops: &[Operation]) -> Option<String> {
    let text = inline_text(&old.inlines);
    let edits = ops.iter().map(|op| word_edit(&text, op).ok()).collect::<Option<Vec<_>>>()?;
    Some(inline_text(&apply_word_edits(&old.inlines, edits)))
}

/// The lines of a document's canonical text, by division id: what the
/// self-check compares.
fn division_lines(d: &Division) -> String {
    let mut probe = Document { divisions: vec![Division { children: vec![], ..d.clone() }], ..Default::default() };
    probe.divisions[0].history.clear();
    crate::fingerprint::canonical_text(&probe)
}

/// Applies the draft to OLD on the model and compares with NEW over the
/// whole text; divisions that differ get their operations replaced by one
/// rewriting of the division, and what still differs is refused by name.
fn verify_and_repair(
    old: &Document,
    new: &Document,
    new_ix: &HashMap<&str, &Division>,
    rev: &Revised,
    patterns: &[Pattern],
    cs: &mut ChangeSet,
) -> Result<()> {
    let expected = crate::fingerprint::canonical_text(new);
    let pairs: Vec<(String, String)> = rev
        .all_divisions()
        .into_iter()
        .filter(|d| d.mark == Mark::Same)
        .filter_map(|d| d.old_id.clone().map(|o| (o, d.id.clone())))
        .collect();
    for round in 0..2 {
        let plan = resolve(old, cs, patterns).map_err(|(k, m)| {
            Error::Internal(format!("the drafted avenant does not apply to the old text (operation {}: {})", k + 1, m))
        })?;
        let got = apply_to_document(old, &plan);
        let text = crate::fingerprint::canonical_text(&got);
        if text == expected {
            return Ok(());
        }
        if round == 1 {
            let first = text
                .lines()
                .zip(expected.lines())
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("« {} » where the new text has « {} »", a, b))
                .unwrap_or_else(|| "the number of lines".into());
            return Err(Error::Internal(format!(
                "the drafted avenant does not reproduce the new text exactly (first difference: {})",
                first
            )));
        }
        // Rewrite every paired division whose text differs.
        let got_ix = got.index();
        for (old_id, new_id) in &pairs {
            let (Some(g), Some(want)) = (got_ix.get(old_id.as_str()), new_ix.get(new_id.as_str())) else { continue };
            if division_lines(g) != division_lines(want) {
                let id = old_id.clone();
                cs.operations.retain(|op| !(op.division() == Some(id.as_str()) && op.changes_alineas()));
                cs.operations.push(Operation::ReplaceDivision {
                    division: id,
                    text: want.alineas.iter().map(alinea_to_markdown).collect(),
                    children: None,
                });
            }
        }
    }
    unreachable!("the loop returns on its second round")
}
