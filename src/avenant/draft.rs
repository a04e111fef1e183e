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
use super::ops::{Base, ChangeSet, NewDivision, Operation, PartyDeliberation, Target};
use crate::compare::compare;
use crate::error::{Bug, Error, Result, Undraftable, Unfit};
use crate::model::{inline_text, Alinea, AlineaKind, Division, Document, Inline, PartKind};
use crate::model::{Line, Mark};
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
fn undraftable(rev: &Document) -> Option<Undraftable> {
    rev.signatures.iter().any(|s| s.change != Mark::Same).then_some(Undraftable::SignaturesChanged)
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
    ix.get(id).copied().ok_or_else(|| Error::Internal(Bug::DivisionNotInText { id: id.to_string() }))
}

/// The alinéas of one part of a document.
fn part_of(doc: &Document, kind: PartKind) -> Vec<Alinea> {
    doc.front.iter().chain(&doc.closing).filter(|p| p.kind == kind).flat_map(|p| p.alineas.iter().cloned()).collect()
}

/// Draft the change set that turns `old_doc` (the assembled text of `old`)
/// into `new_doc`, whatever it was read from.
pub fn draft_from(old: &Source, old_doc: &Document, new_doc: &Document, opts: &DraftOptions) -> Result<ChangeSet> {
    let rev = compare(old_doc, new_doc);
    if let Some(why) = undraftable(&rev) {
        return Err(Error::Draft(why));
    }
    // The structure the amendments cite is the old text's.
    let kept = in_old_structure(old_doc, new_doc);
    let new_doc = kept.as_ref().unwrap_or(new_doc);
    let rev = if kept.is_some() { compare(old_doc, new_doc) } else { rev };
    let ix = Indexes { old: old_doc.index(), new: new_doc.index() };
    let subs = substitutions(&rev, old_doc, &ix);
    let drafted = match draft_with(old, old_doc, new_doc, &ix, &rev, &subs, opts)? {
        // A vocabulary change that another change overlaps: drafted place
        // by place instead.
        Err(_) if !subs.is_empty() => draft_with(old, old_doc, new_doc, &ix, &rev, &[], opts)?,
        r => r,
    };
    drafted.map_err(|unfit| Error::Draft(Undraftable::NoFormula(unfit)))
}

/// Whether a label is a sub-point's (« § 3 », « 2° », « b) », « ii) »,
/// « 3) », a tiret): what a text makes a division only where it cites it.
fn subpoint_label(label: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"^(?:§\s*\d+|\d+(?:\s+(?:bis|ter))?\s*°|[a-z]\)|[ivx]{1,5}\)|\d+\)|[–—―-])\s*[.:)–—―-]?$")
            .expect("a pattern written here")
    })
    .is_match(label.trim())
}

/// The new text in the old one's structure: the sub-points (« § 2 », « a) »,
/// « 1° », tirets) that the new text alone makes divisions — because its new
/// words cite them (« au point II, § 3 ») — stay alinéas of the division the
/// old text had, which is what the amendments cite. `None` when nothing
/// changes.
fn in_old_structure(old: &Document, new: &Document) -> Option<Document> {
    let old_ix = old.index();
    let mut out = new.clone();
    let mut changed = false;
    fn go(ds: &mut [Division], old_ix: &HashMap<&str, &Division>, changed: &mut bool) {
        for d in ds.iter_mut() {
            let flatten = old_ix.get(d.id.as_str()).is_some_and(|o| o.children.is_empty())
                && !d.children.is_empty()
                && d.children
                    .iter()
                    .all(|c| !old_ix.contains_key(c.id.as_str()) && c.label.as_deref().is_some_and(subpoint_label));
            if flatten {
                for c in std::mem::take(&mut d.children) {
                    d.alineas.extend(flattened(c));
                }
                *changed = true;
            } else {
                go(&mut d.children, old_ix, changed);
            }
        }
    }
    go(&mut out.divisions, &old_ix, &mut changed);
    changed.then_some(out)
}

/// A sub-point division back as the alinéas it was written as: « § 2. Le
/// texte… » (its label opening its first alinéa, or its title's line).
fn flattened(d: Division) -> Vec<Alinea> {
    let label = d.label.clone().unwrap_or_default();
    let mut out = Vec::new();
    let mut alineas = d.alineas.into_iter();
    if !d.title.is_empty() {
        let mut v = vec![Inline::plain(format!("{} ", label.trim()))];
        v.extend(d.title);
        out.push(Alinea::paragraph(crate::markdown::normalize(v)));
    } else {
        match alineas.next() {
            Some(first) if first.kind == AlineaKind::Paragraph => {
                let mut v = vec![Inline::plain(format!("{} ", label.trim()))];
                v.extend(first.inlines);
                out.push(Alinea::paragraph(crate::markdown::normalize(v)));
            }
            first => {
                out.push(Alinea::paragraph(vec![Inline::plain(label.trim())]));
                out.extend(first);
            }
        }
    }
    out.extend(alineas);
    for c in d.children {
        out.extend(flattened(c));
    }
    out
}

fn draft_with(
    old: &Source,
    old_doc: &Document,
    new_doc: &Document,
    ix: &Indexes,
    rev: &Document,
    subs: &[(String, String)],
    opts: &DraftOptions,
) -> Result<std::result::Result<ChangeSet, Unfit>> {
    let mut cx = Cx {
        ix,
        patterns: patterns_of(old),
        taken: old_doc.all_divisions().iter().map(|d| d.id.clone()).collect(),
        ops: Vec::new(),
        subs,
    };
    // In the order of the text: title, vocabulary, front matter, divisions, closing.
    if rev.title_lines().iter().any(Line::changed) {
        cx.ops.push(Operation::ReplaceTitle { lines: new_doc.title_page.clone() });
    }
    for (words, by) in subs {
        cx.ops.push(Operation::ReplaceEverywhere { words: words.clone(), by: by.clone() });
    }
    for p in &rev.front {
        if p.alineas.iter().any(|a| a.line().changed()) {
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
        if p.alineas.iter().any(|a| a.line().changed()) {
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
        return Err(Error::Draft(Undraftable::NothingToAmend { sommaire_edits: Vec::new() }));
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
    let pairs = rev
        .all_divisions()
        .into_iter()
        .filter(|d| d.mark() == Mark::Same)
        .filter_map(|d| d.old_id().map(str::to_string).map(|o| (o, d.id.clone())))
        .collect();
    let mut ctx = Repair { old: old_doc, new: new_doc, ix, patterns: &cx.patterns, taken: &mut cx.taken, pairs };
    Ok(verify_and_repair(&mut ctx, &mut cs).map(|()| {
        super::objet::drafted(old, old_doc, &mut cs);
        cs
    }))
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
fn substitutions(rev: &Document, old: &Document, ix: &Indexes) -> Vec<(String, String)> {
    let mut lines: Vec<(String, String, Line)> = Vec::new();
    // Alinéas in both texts (neither inserted nor deleted whole) whose words changed.
    let changed = |a: &Alinea| {
        let line = a.line();
        (a.change == Mark::Same && line.changed())
            .then(|| (inline_text(&line.side(Mark::Del)), inline_text(&line.side(Mark::Ins)), line))
    };
    lines.extend(rev.front_alineas().filter_map(changed));
    for d in rev.all_divisions().into_iter().filter(|d| d.mark() == Mark::Same) {
        lines.extend(d.alineas.iter().filter_map(changed));
        if let (Some(od), Some(nd)) =
            (d.old_id().and_then(|id| ix.old.get(id).copied()), ix.new.get(d.id.as_str()).copied())
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
        .filter(|((w, by), n)| {
            **n >= 2 && w.chars().any(char::is_alphanumeric) && by.chars().any(char::is_alphanumeric)
        })
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
fn walk(siblings: &[Division], parent: Option<&str>, cx: &mut Cx) -> Result<()> {
    let mut prev: Option<String> = None;
    for rd in siblings {
        match rd.mark() {
            Mark::Del => {
                cx.ops.push(Operation::DeleteDivision { division: rd.old_id().map(str::to_string).unwrap_or_default() })
            }
            Mark::Ins => {
                let nd = find(&cx.ix.new, &rd.id)?;
                let (after, parent) = match (&prev, parent) {
                    (Some(p), _) => (Some(p.clone()), None),
                    (None, Some(p)) => (None, Some(p.to_string())),
                    (None, None) => {
                        prev = Some(in_place_of_deleted(nd, cx)?);
                        continue;
                    }
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
                let old_id = rd.old_id().map(str::to_string).unwrap_or_default();
                if same_division(rd, &old_id, cx)? {
                    walk(&rd.children, Some(&old_id), cx)?;
                }
                prev = Some(old_id);
            }
        }
    }
    Ok(())
}

/// A division that opens the text where the first division(s) were
/// deleted, under the same label as the last one deleted: that one is
/// rewritten whole (« Le I est ainsi rédigé : … »). No formula inserts
/// before the first division of a text, nor may a new division stand after
/// one deleted: any other division opening the text is refused by name.
/// Gives the id it stands under, for its next siblings.
fn in_place_of_deleted(nd: &Division, cx: &mut Cx) -> Result<String> {
    let deleted = match cx.ops.last() {
        Some(Operation::DeleteDivision { division }) => {
            find(&cx.ix.old, division).ok().filter(|od| od.label == nd.label).map(|_| division.clone())
        }
        _ => None,
    };
    let Some(division) = deleted else {
        let heading = inline_text(&crate::compare::heading_inlines(nd));
        return Err(Error::Draft(Undraftable::InsertedFirst { heading }));
    };
    cx.ops.pop();
    let children = nd.children.iter().map(|c| new_division(c, &mut cx.taken, &cx.patterns)).collect();
    cx.ops.push(Operation::ReplaceDivision {
        division: division.clone(),
        title: Some(nd.title.clone()),
        text: nd.alineas.clone(),
        children: Some(children),
    });
    Ok(division)
}

/// The operations on a division both texts have; whether its subdivisions
/// are still to be walked (not when it is rewritten whole).
fn same_division(rd: &Division, old_id: &str, cx: &mut Cx) -> Result<bool> {
    let (od, nd) = (find(&cx.ix.old, old_id)?, find(&cx.ix.new, &rd.id)?);
    if renumbered(&od.label, &nd.label) {
        if let Some(l) = &nd.label {
            let number = crate::numbering::number_in(&cx.patterns, nd.level, l);
            cx.ops.push(Operation::Renumber {
                division: old_id.to_string(),
                label: explicit(l, &number, &cx.patterns, nd.level),
                number,
            });
        }
    }
    let retitled = od.title != nd.title && !substituted(&od.title, &nd.title, cx.subs);
    // A title is renamed, never emptied: a heading left with its label alone
    // is part of the division's rewriting (`title` of `replace_division`).
    let untitled = retitled && nd.title.is_empty();
    let text = || nd.alineas.clone();
    let ops = alinea_ops(&At::division(old_id), &rd.alineas, &od.alineas, &nd.alineas, cx.subs);
    // Every subdivision gone and others in their place: the division is
    // rewritten whole, subdivisions included.
    let replaced =
        !(od.children.is_empty() && nd.children.is_empty()) && rd.children.iter().all(|c| c.mark() != Mark::Same);
    if replaced && (!ops.is_empty() || od.children.is_empty() || nd.children.is_empty()) {
        if retitled && !untitled {
            cx.ops.push(Operation::RenameDivision { division: old_id.to_string(), title: nd.title.clone() });
        }
        let children = nd.children.iter().map(|c| new_division(c, &mut cx.taken, &cx.patterns)).collect();
        cx.ops.push(Operation::ReplaceDivision {
            division: old_id.to_string(),
            title: untitled.then(Vec::new),
            text: text(),
            children: Some(children),
        });
        return Ok(false);
    }
    // All that is left is the mention of its repeal (« (Article abrogé) »),
    // in its text or in place of its title: the division is repealed. (A
    // division that already read so is not repealed a second time.)
    if let Some(title) = repeal_left(od, nd, retitled).filter(|_| !ops.is_empty() || retitled) {
        cx.ops.push(Operation::ReplaceDivision { division: old_id.to_string(), title, text: text(), children: None });
        return Ok(true);
    }
    if untitled && !od.children.is_empty() && !ops.is_empty() {
        // Its heading and its text change, its subdivisions stay: « est
        // ainsi rédigé » restates the division whole, subdivisions included.
        let children = nd.children.iter().map(|c| new_division(c, &mut cx.taken, &cx.patterns)).collect();
        cx.ops.push(Operation::ReplaceDivision {
            division: old_id.to_string(),
            title: Some(Vec::new()),
            text: text(),
            children: Some(children),
        });
        return Ok(false);
    }
    if retitled && !untitled {
        cx.ops.push(Operation::RenameDivision { division: old_id.to_string(), title: nd.title.clone() });
    }
    if untitled || rewritten(&ops, od, nd) {
        // Most of the division changed, or its heading left with its label
        // alone: one formula, the whole new text.
        cx.ops.push(Operation::ReplaceDivision {
            division: old_id.to_string(),
            title: untitled.then(Vec::new),
            text: text(),
            children: None,
        });
    } else {
        cx.ops.extend(ops);
    }
    Ok(true)
}

/// Whether all a division has left is the mention of its repeal that a
/// consolidated text prints (« (Article abrogé) », « (Supprimé) »), as its
/// one alinéa or, with no alinéa, in place of its title, or nothing but its
/// label (an empty body) — whatever became of its title line (kept, gone,
/// or reworded by the consolidation): then
/// `Some(title)`, the title its rewriting gives (`None`: unchanged). The
/// words around the mention are the consolidator's: the avenant says « est
/// abrogé ».
fn repeal_left(od: &Division, nd: &Division, retitled: bool) -> Option<Option<Vec<Inline>>> {
    if !od.children.is_empty() || !nd.children.is_empty() {
        return None;
    }
    if nd.alineas.is_empty() {
        // Its title the mention, or nothing left but its label (an empty
        // body): the title is stated, what the repeal leaves is its label.
        let left = nd.title.is_empty() || super::wording::repeal_title(&nd.title).is_some();
        return left.then(|| Some(nd.title.clone()));
    }
    super::wording::repeal_mention(&nd.alineas).is_some().then(|| retitled.then(|| nd.title.clone()))
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
        title: d.title.clone(),
        text: d.alineas.clone(),
        children: d.children.iter().map(|c| new_division(c, taken, patterns)).collect(),
    }
}

/// Operations on the alinéas of one pair of divisions (or parts), read off
/// the revised alinéas: a deletion followed by insertions is a replacement
/// (« est remplacé par deux alinéas ainsi rédigés »).
fn alinea_ops(
    at: &At,
    revised: &[Alinea],
    old: &[Alinea],
    new: &[Alinea],
    subs: &[(String, String)],
) -> Vec<Operation> {
    let md = |ns: &[usize]| ns.iter().map(|n| new[n - 1].clone()).collect::<Vec<_>>();
    let (division, part) = (at.division.clone(), at.part);
    let mut ops = Vec::new();
    let mut cursor = 0;
    // Each alinéa's rank in the old and the new division, where it stands.
    let ranks = crate::model::alinea_ranks(revised);
    let mut k = 0;
    while k < revised.len() {
        let a = &revised[k];
        if let (Some(o), Some(n)) = ranks[k] {
            k += 1;
            cursor = o;
            if !a.line().changed() {
                continue;
            }
            // Followed by new alinéas that carry its words: one alinéa
            // became several (« est remplacé par deux alinéas ainsi rédigés »).
            let mut then = Vec::new();
            while let Some((None, Some(m))) = ranks.get(k + then.len()) {
                then.push(*m);
            }
            if !then.is_empty() && split(&old[o - 1], &new[n - 1], then.iter().map(|m| &new[m - 1])) {
                let mut text = vec![new[n - 1].clone()];
                text.extend(then.iter().map(|m| new[m - 1].clone()));
                k += then.len();
                ops.push(Operation::ReplaceAlinea { division: division.clone(), part, alinea: o, text });
                continue;
            }
            // Its final mark changed for what is inserted after it (« … ; »
            // before a new item): one completion, the alinéa and the new ones.
            if final_mark_only(&old[o - 1], &new[n - 1])
                && matches!(ranks.get(k), Some((None, Some(_))))
                && word_count(&tokenize(&inline_text(&old[o - 1].inlines))) <= 40
            {
                let mut text = vec![new[n - 1].clone()];
                while let Some((None, Some(m))) = ranks.get(k) {
                    text.push(new[m - 1].clone());
                    k += 1;
                }
                ops.push(Operation::ReplaceAlinea { division: division.clone(), part, alinea: o, text });
                continue;
            }
            let mut w = word_ops(at, o, &old[o - 1], &new[n - 1], &a.line(), subs);
            // Rewritten and followed by new alinéas: replaced by several.
            if let [Operation::ReplaceAlinea { text, .. }] = w.as_mut_slice() {
                while let Some((None, Some(m))) = ranks.get(k) {
                    text.push(new[m - 1].clone());
                    k += 1;
                }
            }
            ops.extend(w);
            continue;
        }
        let mut dels = Vec::new();
        while let Some((Some(o), None)) = ranks.get(k) {
            dels.push(*o);
            k += 1;
        }
        let mut inss = Vec::new();
        while let Some((None, Some(n))) = ranks.get(k) {
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
fn hunks_of(line: &Line, a: &[Token], b: &[Token]) -> Vec<Hunk> {
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
fn word_ops(at: &At, n: usize, old: &Alinea, new: &Alinea, line: &Line, subs: &[(String, String)]) -> Vec<Operation> {
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
            text: vec![new.clone()],
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
            && !glued_mark(t)
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
    // Punctuation alone: the final mark of the alinéa (« le point final est
    // remplacé par un point-virgule »); elsewhere the alinéa is rewritten —
    // never a word quoted with its punctuation glued (« convention. »).
    if word_count(&a[h.os..h.oe]) == 0 && word_count(&b[h.ns..h.ne]) == 0 {
        return final_mark(at, n, otext, a, b, h);
    }
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
    // A number (« 2 », « 9,7 », « trois ») is quoted with the word or the
    // sign that follows it: « trois mois », « 9,7 % ».
    let lone_number = |t: &[Token]| t.len() == 1 && is_number(t[0].text);
    if lone_number(&a[h.os..h.oe])
        && lone_number(&b[h.ns..h.ne])
        && h.oe + 1 < a.len()
        && h.ne + 1 < b.len()
        && a[h.oe].kind == Kind::Space
        && (a[h.oe + 1].kind == Kind::Word || matches!(a[h.oe + 1].text, "%" | "€" | "‰"))
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

/// A number in figures (« 2 », « 1 000 », « 9,7 ») or in words
/// (« trois », « vingt-cinq »).
fn is_number(w: &str) -> bool {
    const WORDS: [&str; 27] = [
        "un",
        "une",
        "deux",
        "trois",
        "quatre",
        "cinq",
        "six",
        "sept",
        "huit",
        "neuf",
        "dix",
        "onze",
        "douze",
        "treize",
        "quatorze",
        "quinze",
        "seize",
        "vingt",
        "vingts",
        "trente",
        "quarante",
        "cinquante",
        "soixante",
        "cent",
        "cents",
        "mille",
        "et",
    ];
    let figures = w.chars().next().is_some_and(|c| c.is_ascii_digit())
        && w.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | ',' | '.' | '\u{a0}' | '\u{202f}'));
    let lower = w.to_lowercase();
    let words = lower != "et" && lower.split('-').all(|p| WORDS.contains(&p));
    figures || words
}

/// Whether a quote would be a word with a mark glued to it (« convention. »,
/// « ,Paris »): a quote opens and ends on its words.
fn glued_mark(q: &str) -> bool {
    const MARKS: [char; 6] = ['.', ',', ';', ':', '!', '?'];
    let glued_end = q.ends_with(MARKS) && q.trim_end_matches(MARKS).chars().last().is_some_and(char::is_alphanumeric);
    glued_end || q.starts_with(MARKS)
}

/// The marks that end an alinéa, which a formula names (« le point final »).
const FINAL_MARKS: [&str; 6] = [".", ";", ":", ",", "!", "?"];

/// The spacing French typography gives a mark: a space before « ; : ! ? »,
/// none before « . , ».
fn spaced(mark: &str) -> bool {
    matches!(mark, ";" | ":" | "!" | "?")
}

/// A change of the final mark of an alinéa: « le point final est remplacé
/// par un point-virgule », « … est supprimé ». Only the last mark of the
/// alinéa, glued to its last word, replaced by one spaced as French
/// typography spaces it (what the formula's words say exactly); any other
/// change of punctuation alone rewrites the alinéa (`None`).
fn final_mark(at: &At, n: usize, otext: &str, a: &[Token], b: &[Token], h: Hunk) -> Option<Operation> {
    let (division, part) = (at.division.clone(), at.part);
    let at_end = a[h.oe..].iter().all(|t| t.kind == Kind::Space);
    let old = &a[h.os..h.oe];
    let glued = h.os > 0 && a[h.os - 1].kind == Kind::Word;
    if !at_end || !glued || old.len() != 1 || !FINAL_MARKS.contains(&old[0].text) {
        return None;
    }
    let words = old[0].text.to_string();
    let new: Vec<&Token> = b[h.ns..h.ne].iter().collect();
    let start = old[0].start;
    let occurrence = occurrence(otext, &words, start);
    match new.as_slice() {
        [] => Some(Operation::DeleteWords { division, part, alinea: n, words, occurrence }),
        [m] if !spaced(m.text) && FINAL_MARKS.contains(&m.text) && m.text != words => {
            Some(Operation::ReplaceWords { division, part, alinea: n, words, by: m.text.to_string(), occurrence })
        }
        [sp, m] if spaced(m.text) && sp.kind == Kind::Space && FINAL_MARKS.contains(&m.text) && m.text != words => {
            Some(Operation::ReplaceWords {
                division,
                part,
                alinea: n,
                words,
                by: format!("{}{}", sp.text, m.text),
                occurrence,
            })
        }
        _ => None,
    }
}

/// Whether two alinéas differ by their final mark alone (« … convention. »
/// → « … convention ; »).
fn final_mark_only(old: &Alinea, new: &Alinea) -> bool {
    let (o, n) = (inline_text(&old.inlines), inline_text(&new.inlines));
    let strip = |t: &str| {
        t.trim_end().trim_end_matches(|c: char| FINAL_MARKS.iter().any(|m| m.starts_with(c))).trim_end().to_string()
    };
    old.kind == new.kind && o != n && strip(&o) == strip(&n) && !strip(&o).is_empty()
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

/// What the self-check reads and repairs: both texts, their pairing, the
/// ids already given.
struct Repair<'a, 'b> {
    old: &'a Document,
    new: &'a Document,
    ix: &'a Indexes<'a>,
    patterns: &'a [Pattern],
    taken: &'b mut HashSet<String>,
    /// Old id → new id of the divisions both texts have.
    pairs: HashMap<String, String>,
}

/// How many times the draft is checked and repaired: each round settles
/// what the one before left (an operation refused, a division that still
/// differs), from the most precise formula to the widest.
const ROUNDS: usize = 8;

/// Checks the draft as `avenant apply` will — the change set's own checks
/// when it is read, then `resolve` — and applies it to OLD on the model,
/// comparing with NEW over the whole text. A refused operation gives way to
/// the formula that is right (its division rewritten whole, with its
/// heading, then with its subdivisions; a part restated); a division that
/// differs is rewritten. What still does not stand is an `Unfit`.
fn verify_and_repair(r: &mut Repair, cs: &mut ChangeSet) -> std::result::Result<(), Unfit> {
    let expected = crate::fingerprint::canonical_text(r.new);
    let mut unfit = Unfit::Differs { first: "the number of lines".into() };
    for round in 0..ROUNDS {
        // Checked as it will be read once written: its texts through their
        // Markdown and back.
        let checked = match cs.as_read() {
            Err((op, why)) => Err(Unfit::Refused { op, why: why.to_string() }),
            Ok(read) => {
                resolve(r.old, &read, r.patterns).map_err(|(op, why)| Unfit::Refused { op, why: why.to_string() })
            }
        };
        let repaired = match checked {
            Err(Unfit::Refused { op, why }) => {
                let done = escalate(r, cs, op);
                unfit = Unfit::Refused { op, why };
                done
            }
            Err(u) => return Err(u),
            Ok(plan) => {
                let got = apply_to_document(r.old, &plan);
                let text = crate::fingerprint::canonical_text(&got);
                if text == expected {
                    return Ok(());
                }
                let first = text
                    .lines()
                    .zip(expected.lines())
                    .find(|(a, b)| a != b)
                    .map(|(a, b)| format!("« {} » where the new text has « {} »", a, b))
                    .unwrap_or_else(|| "the number of lines".into());
                unfit = Unfit::Differs { first };
                repair_differences(r, cs, &got, round)
            }
        };
        if !repaired {
            return Err(unfit);
        }
    }
    Err(unfit)
}

/// The division of `doc` with this id.
fn division_in<'d>(doc: &'d Document, id: &str) -> Option<&'d Division> {
    doc.find(id)
}

/// A division's whole canonical text, its subdivisions included.
fn subtree_lines(d: &Division) -> String {
    let mut probe = Document { divisions: vec![d.clone()], ..Default::default() };
    fn clear(d: &mut Division) {
        d.history.clear();
        d.children.iter_mut().for_each(clear);
    }
    probe.divisions.iter_mut().for_each(clear);
    crate::fingerprint::canonical_text(&probe)
}

/// Rewrites what still differs after the draft is applied: each division
/// whose own text or title differs (its alinéas, with its heading when the
/// title differs); from the second round, a division whose subdivisions
/// differ while each of them reads right is rewritten with them; a part
/// that differs is restated. Whether anything was rewritten.
fn repair_differences(r: &mut Repair, cs: &mut ChangeSet, got: &Document, round: usize) -> bool {
    let mut changed = false;
    let got_ix = got.index();
    let mut pairs: Vec<(String, String)> = r.pairs.iter().map(|(o, n)| (o.clone(), n.clone())).collect();
    pairs.sort();
    // Divisions rewritten with their subdivisions: nothing inside them is
    // rewritten again.
    let mut whole: HashSet<String> = HashSet::new();
    let rewrite_with_kids = |r: &mut Repair, cs: &mut ChangeSet, id: &str, whole: &mut HashSet<String>| {
        if let Some(od) = division_in(r.old, id) {
            let mut inside = Vec::new();
            od.walk(&mut inside);
            whole.extend(inside.iter().skip(1).map(|d| d.id.clone()));
        }
        rewrite_whole(r, cs, id, true)
    };
    for (old_id, new_id) in &pairs {
        if whole.contains(old_id) {
            continue;
        }
        let (Some(g), Some(want)) = (got_ix.get(old_id.as_str()), r.ix.new.get(new_id.as_str())) else { continue };
        if division_lines(g) != division_lines(want) && g.title != want.title && !g.children.is_empty() {
            changed |= rewrite_with_kids(r, cs, old_id, &mut whole);
        } else if division_lines(g) != division_lines(want) {
            let id = old_id.clone();
            cs.operations.retain(|op| {
                !(op.division() == Some(id.as_str())
                    && (op.changes_alineas()
                        || matches!(op, Operation::ReplaceDivision { .. })
                        || (g.title != want.title && matches!(op, Operation::RenameDivision { .. }))))
            });
            cs.operations.push(Operation::ReplaceDivision {
                division: id,
                title: (g.title != want.title).then(|| want.title.clone()),
                text: want.alineas.clone(),
                children: None,
            });
            changed = true;
        } else if round > 0 && subtree_lines(g) != subtree_lines(want) {
            // Its own text reads right, its subdivisions do not: when each
            // subdivision both texts have reads right, what differs is the
            // order or the set of them — the division is rewritten with them.
            let kids_right = g.children.iter().all(|c| {
                r.pairs
                    .get(&c.id)
                    .and_then(|n| r.ix.new.get(n.as_str()))
                    .is_none_or(|w| subtree_lines(c) == subtree_lines(w))
            });
            if kids_right {
                changed |= rewrite_with_kids(r, cs, old_id, &mut whole);
            }
        }
    }
    for kind in [PartKind::Ouverture, PartKind::Parties, PartKind::Visas, PartKind::Cloture] {
        let (g, want) = (part_of(got, kind), part_of(r.new, kind));
        if g != want && !part_of(r.old, kind).is_empty() {
            changed |= restate_part(r, cs, kind);
        }
    }
    if got.title_page != r.new.title_page && !r.new.title_page.is_empty() {
        cs.operations.retain(|op| !matches!(op, Operation::ReplaceTitle { .. }));
        cs.operations.insert(0, Operation::ReplaceTitle { lines: r.new.title_page.clone() });
        changed = true;
    }
    changed
}

/// Gives way to the formula that is right for a refused operation: its
/// division rewritten whole (with its heading; then with its subdivisions;
/// then its parent), the division holding a refused insertion rewritten
/// with its subdivisions, a part restated. Whether something was rewritten.
fn escalate(r: &mut Repair, cs: &mut ChangeSet, k: usize) -> bool {
    let Some(op) = cs.operations.get(k).cloned() else { return false };
    let parent_of = |id: &str| -> Option<String> {
        fn go(ds: &[Division], id: &str, parent: Option<&str>) -> Option<Option<String>> {
            ds.iter().find_map(|d| {
                if d.id == id {
                    Some(parent.map(str::to_string))
                } else {
                    go(&d.children, id, Some(&d.id))
                }
            })
        }
        go(&r.old.divisions, id, None).flatten()
    };
    match (&op, op.target()) {
        (Operation::InsertDivision { after, parent, .. }, _) => {
            let holder = match (after, parent) {
                (Some(a), _) => parent_of(a),
                (None, Some(p)) => Some(p.clone()),
                _ => None,
            };
            holder.is_some_and(|h| rewrite_whole(r, cs, &h, true))
        }
        (
            Operation::ReplaceDivision { children: Some(_), .. }
            | Operation::DeleteDivision { .. }
            | Operation::Renumber { .. },
            Target::Division(id),
        ) => parent_of(id).is_some_and(|p| rewrite_whole(r, cs, &p, true)),
        (Operation::ReplaceDivision { children: None, .. }, Target::Division(id)) => {
            let id = id.to_string();
            rewrite_whole(r, cs, &id, true)
        }
        (_, Target::Division(id)) => {
            let id = id.to_string();
            rewrite_whole(r, cs, &id, false)
        }
        (_, Target::Part(p)) => !part_of(r.old, p).is_empty() && restate_part(r, cs, p),
        (_, Target::Title | Target::Everywhere) => false,
    }
}

/// Replaces every operation on a division (and, with `kids`, inside it) by
/// its rewriting: « L'article 3 est ainsi rédigé : », its heading quoted
/// when its title changes, its subdivisions with `kids`.
fn rewrite_whole(r: &mut Repair, cs: &mut ChangeSet, old_id: &str, kids: bool) -> bool {
    let (Some(od), Some(want)) =
        (division_in(r.old, old_id), r.pairs.get(old_id).and_then(|n| r.ix.new.get(n.as_str())).copied())
    else {
        return false;
    };
    let mut inside: Vec<&Division> = Vec::new();
    od.walk(&mut inside);
    let inner: HashSet<&str> = inside.iter().skip(1).map(|d| d.id.as_str()).collect();
    cs.operations.retain(|op| {
        let on_it = op.division() == Some(old_id)
            && !matches!(op, Operation::Renumber { .. } | Operation::InsertDivision { after: Some(_), .. });
        let first_child = matches!(op, Operation::InsertDivision { parent: Some(p), .. } if p == old_id);
        let within = op.division().is_some_and(|d| inner.contains(d));
        !(on_it || (kids && (first_child || within)))
    });
    // « est ainsi rédigé » with its heading restates a division whole: its
    // subdivisions are restated with it.
    let kids = kids || (od.title != want.title && !od.children.is_empty());
    let children = kids.then(|| want.children.iter().map(|c| new_division(c, r.taken, r.patterns)).collect());
    cs.operations.push(Operation::ReplaceDivision {
        division: old_id.to_string(),
        title: (od.title != want.title).then(|| want.title.clone()),
        text: want.alineas.clone(),
        children,
    });
    true
}

/// Restates a part of the convention (its visas, say) as the new text has
/// it: its first alinéa replaced by all the new ones, the others deleted.
fn restate_part(r: &mut Repair, cs: &mut ChangeSet, kind: PartKind) -> bool {
    let (old, new) = (part_of(r.old, kind), part_of(r.new, kind));
    if old.is_empty() {
        return false;
    }
    cs.operations.retain(|op| !matches!(op.target(), Target::Part(p) if p == kind));
    let rest = old.len() - 1;
    if new.is_empty() {
        cs.operations.push(Operation::DeleteAlineas {
            division: String::new(),
            part: Some(kind),
            alinea: 1,
            count: old.len(),
        });
        return true;
    }
    cs.operations.push(Operation::ReplaceAlinea {
        division: String::new(),
        part: Some(kind),
        alinea: 1,
        text: new.clone(),
    });
    if rest > 0 {
        cs.operations.push(Operation::DeleteAlineas {
            division: String::new(),
            part: Some(kind),
            alinea: 2,
            count: rest,
        });
    }
    true
}
