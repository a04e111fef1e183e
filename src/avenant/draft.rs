//! Drafting an avenant from two versions of a text: the legal service edits
//! the convention as it should read, clausier finds the natural, minimal
//! amendments.
//!
//! Divisions are aligned by their titles and their place in the tree, not by
//! ids (two independent imports of an old and a new text still align); the
//! alinéas of aligned divisions are aligned by their text; aligned alinéas
//! are compared word by word. Every proposal is checked by applying it: what
//! does not reproduce the new text exactly falls back to a replacement of
//! the alinéa, then of the division.

use super::apply::{apply, body_text, find_words, splice, word_edit, ApplyOptions};
use super::ops::{Base, ChangeSet, NewDivision, Operation, PartyDeliberation};
use crate::error::{Error, Result};
use crate::markdown::{alinea_to_markdown, inlines_to_markdown};
use crate::model::{inline_text, Alinea, AlineaKind, Division, Document};
use crate::render::{assemble, BuildOptions};
use crate::source::Source;
use crate::tokens::{tokenize, Kind, Token};
use crate::diff::{common, diff, Tag};
use similar::Algorithm;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Default)]
pub struct DraftOptions {
    /// The avenant's number; by default the next after those already applied.
    pub numero: Option<u32>,
    /// How the base is named in the change set (the OLD path as given).
    pub base_name: String,
}

/// A division with its place in the flattened outline.
pub struct Flat<'a> {
    pub div: &'a Division,
    pub parent: Option<usize>,
}

pub fn flatten(doc: &Document) -> Vec<Flat<'_>> {
    fn go<'a>(ds: &'a [Division], parent: Option<usize>, out: &mut Vec<Flat<'a>>) {
        for d in ds {
            let me = out.len();
            out.push(Flat { div: d, parent });
            go(&d.children, Some(me), out);
        }
    }
    let mut out = Vec::new();
    go(&doc.divisions, None, &mut out);
    out
}

/// Comparable form of a title: words only, lower case.
fn key(d: &Division) -> String {
    let t = inline_text(&d.title).to_lowercase();
    let words: Vec<&str> = t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    format!("{}|{}", d.level, words.join(" "))
}

fn word_set(d: &Division) -> HashSet<String> {
    d.alineas.iter().flat_map(|a| a.text().to_lowercase().split_whitespace().map(str::to_string).collect::<Vec<_>>()).collect()
}

/// Dice similarity of two word sets (1: the same words).
fn dice(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}

/// Pairs old and new divisions: `pairs[o] = Some(n)`.
pub fn align(old: &[Flat], new: &[Flat]) -> Vec<Option<usize>> {
    let ok: Vec<String> = old.iter().map(|f| key(f.div)).collect();
    let nk: Vec<String> = new.iter().map(|f| key(f.div)).collect();
    let mut pairs = vec![None; old.len()];
    for sp in diff(Algorithm::Patience, &ok, &nk, None) {
        let (old_index, old_len, new_index, new_len) = (sp.old.start, sp.old.len(), sp.new.start, sp.new.len());
        match sp.tag {
            Tag::Equal => {
                for k in 0..old_len {
                    pairs[old_index + k] = Some(new_index + k);
                }
            }
            Tag::Replace => {
                // A renamed division: same level, same label or close text.
                let mut used = HashSet::new();
                for o in old_index..old_index + old_len {
                    let ow = word_set(old[o].div);
                    let best = (new_index..new_index + new_len)
                        .filter(|n| !used.contains(n) && new[*n].div.level == old[o].div.level)
                        .map(|n| {
                            let same_label = old[o].div.label.is_some() && old[o].div.label == new[n].div.label;
                            (n, dice(&ow, &word_set(new[n].div)) + if same_label { 0.3 } else { 0.0 })
                        })
                        .filter(|(_, s)| *s >= 0.6)
                        .max_by(|a, b| a.1.total_cmp(&b.1));
                    if let Some((n, _)) = best {
                        used.insert(n);
                        pairs[o] = Some(n);
                    }
                }
            }
            _ => {}
        }
    }
    // A pair whose parents are not a pair is a move: delete and insert.
    for o in 0..old.len() {
        let Some(n) = pairs[o] else { continue };
        let parents_pair = match (old[o].parent, new[n].parent) {
            (None, None) => true,
            (Some(po), Some(pn)) => pairs[po] == Some(pn),
            _ => false,
        };
        if !parents_pair {
            pairs[o] = None;
        }
    }
    // Keep pairs in order (no crossing), so insert positions make sense.
    let mut last = None;
    for p in pairs.iter_mut() {
        if let Some(n) = *p {
            if last.is_some_and(|l| n <= l) {
                *p = None;
            } else {
                last = Some(n);
            }
        }
    }
    pairs
}

/// The number inside a label, by the pattern of its level (« 3 bis. » → « 3 bis »).
fn number_of(label: &str, patterns: &[crate::numbering::Pattern], level: usize) -> String {
    if let Some(p) = patterns.get(level - 1) {
        if let Some(mid) = label.strip_prefix(p.prefix.as_str()).and_then(|r| r.strip_suffix(p.suffix.as_str())) {
            return mid.to_string();
        }
    }
    crate::numbering::label_number(label)
}

/// Draft the change set that turns OLD into NEW.
pub fn draft(old: &Source, new: &Source, opts: &DraftOptions) -> Result<ChangeSet> {
    let old_doc = assemble(old, &BuildOptions::default())?;
    let new_doc = assemble(new, &BuildOptions::default())?;
    let fo = flatten(&old_doc);
    let fnew = flatten(&new_doc);
    let pairs = align(&fo, &fnew);
    let patterns: Vec<crate::numbering::Pattern> = old.manifest.numbering.iter().filter_map(|p| crate::numbering::Pattern::parse(p).ok()).collect();
    let paired_new: HashMap<usize, usize> = pairs.iter().enumerate().filter_map(|(o, n)| n.map(|n| (n, o))).collect();
    let old_ids: HashSet<&str> = fo.iter().map(|f| f.div.id.as_str()).collect();

    let mut ops: Vec<Operation> = Vec::new();
    let numero = opts.numero.unwrap_or(old.manifest.avenants.len() as u32 + 1);

    // Walk the old divisions in order: amend the pairs, delete the others.
    let mut deleted_under: HashSet<usize> = HashSet::new();
    for (o, f) in fo.iter().enumerate() {
        if f.parent.is_some_and(|p| deleted_under.contains(&p)) {
            deleted_under.insert(o);
            continue;
        }
        match pairs[o] {
            None => {
                deleted_under.insert(o);
                ops.push(Operation::DeleteDivision { division: f.div.id.clone() });
            }
            Some(n) => {
                let nd = fnew[n].div;
                if f.div.label != nd.label {
                    if let Some(l) = &nd.label {
                        ops.push(Operation::Renumber { division: f.div.id.clone(), number: number_of(l, &patterns, nd.level) });
                    }
                }
                if f.div.title != nd.title {
                    ops.push(Operation::RenameDivision { division: f.div.id.clone(), title: inlines_to_markdown(&nd.title) });
                }
                ops.extend(alinea_ops(&f.div.id, &f.div.alineas, &nd.alineas));
            }
        }
    }
    // New divisions, at the place they take in NEW.
    let mut taken: HashSet<String> = old_ids.iter().map(|s| s.to_string()).collect();
    for (n, f) in fnew.iter().enumerate() {
        if paired_new.contains_key(&n) || f.parent.is_some_and(|p| !paired_new.contains_key(&p)) {
            continue; // paired, or inside an inserted division (carried as a child)
        }
        let siblings: Vec<usize> = (0..fnew.len()).filter(|&k| fnew[k].parent == f.parent).collect();
        let pos = siblings.iter().position(|&k| k == n).unwrap();
        let prev_paired = siblings[..pos].iter().rev().find_map(|k| paired_new.get(k)).map(|&o| fo[o].div.id.clone());
        let (after, parent) = match (prev_paired, f.parent) {
            (Some(a), _) => (Some(a), None),
            (None, Some(p)) => (None, Some(fo[paired_new[&p]].div.id.clone())),
            (None, None) => match fo.first() {
                // First of all: before the old first division has no formula;
                // it goes after nothing, as the first child of nothing — use
                // the division it precedes in NEW, inserted after, then renumbered.
                Some(_) => return Err(Error::Other("a division inserted before the first division of the text cannot be drafted; insert it after the first one".into())),
                None => unreachable!(),
            },
        };
        let spec = new_division(f.div, &mut taken, &patterns);
        ops.push(Operation::InsertDivision { after, parent, id: spec.id, number: spec.number, title: spec.title, text: spec.text, children: spec.children });
    }

    let mut cs = ChangeSet {
        numero,
        titre: None,
        signataires: vec![],
        objet: None,
        date: None,
        lieu: "Paris".into(),
        base: Base { source: opts.base_name.clone(), fingerprint: crate::fingerprint(&old_doc) },
        deliberations: old
            .manifest
            .parties
            .iter()
            .map(|p| PartyDeliberation { partie: p.id.clone(), organe: p.deliberation.as_ref().map(|d| d.organe.clone()).unwrap_or_else(|| "assemblée délibérante".into()), numero: None, date: None })
            .collect(),
        originaux: None,
        entree_en_vigueur: None,
        preambule: vec![],
        auteur: None,
        operations: ops,
    };
    verify_and_repair(old, &new_doc, &pairs, &fo, &fnew, &mut cs)?;
    Ok(cs)
}

fn new_division(d: &Division, taken: &mut HashSet<String>, patterns: &[crate::numbering::Pattern]) -> NewDivision {
    let mut id = d.id.clone();
    let mut k = 2;
    while taken.contains(&id) {
        id = format!("{}-{}", d.id, k);
        k += 1;
    }
    taken.insert(id.clone());
    NewDivision {
        id,
        number: d.label.as_ref().map(|l| number_of(l, patterns, d.level)),
        title: inlines_to_markdown(&d.title),
        text: d.alineas.iter().map(alinea_to_markdown).collect(),
        children: d.children.iter().map(|c| new_division(c, taken, patterns)).collect(),
    }
}

fn alinea_key(a: &Alinea) -> String {
    match &a.kind {
        AlineaKind::Paragraph => format!("p|{}", a.text()),
        AlineaKind::Item { marker } => format!("i{:?}|{}", marker, a.text()),
        AlineaKind::Table { .. } => format!("t|{}", a.text()),
    }
}

fn similarity(a: &Alinea, b: &Alinea) -> f64 {
    if std::mem::discriminant(&a.kind) != std::mem::discriminant(&b.kind) {
        return 0.0;
    }
    let wa: Vec<String> = words(&a.text());
    let wb: Vec<String> = words(&b.text());
    let same = common(Algorithm::Myers, &wa, &wb, None);
    2.0 * same as f64 / (wa.len() + wb.len()).max(1) as f64
}

fn words(t: &str) -> Vec<String> {
    tokenize(t).into_iter().filter(|t| t.kind == Kind::Word).map(|t| t.text.to_string()).collect()
}

/// Operations on the alinéas of one pair of divisions.
fn alinea_ops(div: &str, old: &[Alinea], new: &[Alinea]) -> Vec<Operation> {
    let ok: Vec<String> = old.iter().map(alinea_key).collect();
    let nk: Vec<String> = new.iter().map(alinea_key).collect();
    let mut ops = Vec::new();
    let md = |v: &[Alinea]| v.iter().map(alinea_to_markdown).collect::<Vec<_>>();
    for sp in diff(Algorithm::Patience, &ok, &nk, None) {
        let (old_index, old_len, new_index, new_len) = (sp.old.start, sp.old.len(), sp.new.start, sp.new.len());
        match sp.tag {
            Tag::Equal => {}
            Tag::Delete => ops.push(Operation::DeleteAlineas { division: div.into(), alinea: old_index + 1, count: old_len }),
            Tag::Insert => ops.push(Operation::InsertAlineas { division: div.into(), after: old_index, text: md(&new[sp.new.clone()]) }),
            Tag::Replace => {
                let (mut i, mut j) = (0, 0);
                let mut pending: Vec<Alinea> = Vec::new();
                while i < old_len || j < new_len {
                    let (oa, na) = (old.get(old_index + i), new.get(new_index + j));
                    if i < old_len && j < new_len && similarity(oa.unwrap(), na.unwrap()) >= 0.5 {
                        flush(div, &mut pending, old_index + i, &mut ops);
                        ops.extend(word_ops(div, old_index + i + 1, oa.unwrap(), na.unwrap()));
                        i += 1;
                        j += 1;
                    } else if j < new_len && (i >= old_len || new_len - j > old_len - i) {
                        pending.push(na.unwrap().clone());
                        j += 1;
                    } else {
                        if pending.is_empty() && j < new_len {
                            // One for one, beyond recognition: a replacement.
                            pending.push(na.unwrap().clone());
                            j += 1;
                        }
                        if pending.is_empty() {
                            ops.push(Operation::DeleteAlineas { division: div.into(), alinea: old_index + i + 1, count: 1 });
                        } else {
                            ops.push(Operation::ReplaceAlinea { division: div.into(), alinea: old_index + i + 1, text: md(&pending) });
                            pending.clear();
                        }
                        i += 1;
                    }
                }
                flush(div, &mut pending, old_index + old_len, &mut ops);
            }
        }
    }
    merge_deletes(ops)
}

fn flush(div: &str, pending: &mut Vec<Alinea>, after: usize, ops: &mut Vec<Operation>) {
    if !pending.is_empty() {
        ops.push(Operation::InsertAlineas { division: div.into(), after, text: pending.iter().map(alinea_to_markdown).collect() });
        pending.clear();
    }
}

/// Consecutive deletions of single alinéas become one.
fn merge_deletes(ops: Vec<Operation>) -> Vec<Operation> {
    let mut out: Vec<Operation> = Vec::new();
    for op in ops {
        if let (Some(Operation::DeleteAlineas { division: d1, alinea: a1, count: c1 }), Operation::DeleteAlineas { division: d2, alinea: a2, count: c2 }) = (out.last_mut(), &op) {
            if d1 == d2 && *a1 + *c1 == *a2 {
                *c1 += c2;
                continue;
            }
        }
        out.push(op);
    }
    out
}

/// A change hunk in token indices: old[os..oe] becomes new[ns..ne].
#[derive(Clone, Copy, Debug)]
struct Hunk {
    os: usize,
    oe: usize,
    ns: usize,
    ne: usize,
}

fn word_count(toks: &[Token]) -> usize {
    toks.iter().filter(|t| t.kind == Kind::Word).count()
}

/// Word-level operations turning one alinéa into another, checked by
/// applying them; a replacement of the alinéa when that is simpler or safer.
fn word_ops(div: &str, n: usize, old: &Alinea, new: &Alinea) -> Vec<Operation> {
    let ot = old.text();
    let nt = new.text();
    if ot == nt {
        return vec![];
    }
    let replace = || vec![Operation::ReplaceAlinea { division: div.into(), alinea: n, text: vec![alinea_to_markdown(new)] }];
    if !matches!(old.kind, AlineaKind::Paragraph | AlineaKind::Item { .. }) || old.kind != new.kind || old.inlines.iter().any(|i| matches!(i, crate::model::Inline::Break)) || new.inlines.iter().any(|i| matches!(i, crate::model::Inline::Break)) {
        return replace();
    }
    let otext = inline_text(&old.inlines);
    let ntext = inline_text(&new.inlines);
    let a = tokenize(&otext);
    let b = tokenize(&ntext);
    let ak: Vec<&str> = a.iter().map(|t| t.text).collect();
    let bk: Vec<&str> = b.iter().map(|t| t.text).collect();
    let mut hunks: Vec<Hunk> = Vec::new();
    for sp in diff(Algorithm::Patience, &ak, &bk, None) {
        if sp.tag == Tag::Equal {
            continue;
        }
        let (os, oe, ns, ne) = (sp.old.start, sp.old.end, sp.new.start, sp.new.end);
        // Close changes read as one: merge when at most three words apart
        // (an insertion and a deletion at one place touch or overlap).
        if let Some(last) = hunks.last_mut() {
            let gap = if os > last.oe { word_count(&a[last.oe..os]) } else { 0 };
            if gap <= 3 {
                last.os = last.os.min(os);
                last.ns = last.ns.min(ns);
                last.oe = last.oe.max(oe);
                last.ne = last.ne.max(ne);
                continue;
            }
        }
        hunks.push(Hunk { os, oe, ns, ne });
    }
    let changed: usize = hunks.iter().map(|h| word_count(&a[h.os..h.oe]).max(word_count(&b[h.ns..h.ne]))).sum();
    if hunks.len() > 3 || changed * 2 > word_count(&a).max(1) {
        return replace();
    }
    let mut ops = Vec::new();
    for h in hunks {
        match hunk_op(div, n, &otext, &a, &b, h) {
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

fn hunk_op(div: &str, n: usize, otext: &str, a: &[Token], b: &[Token], mut h: Hunk) -> Option<Operation> {
    let is_space = |t: &Token| t.kind == Kind::Space;
    // Pure insertion after a word: « après les mots : « … », sont insérés … ».
    if h.os == h.oe {
        let ins = &b[h.ns..h.ne];
        let trimmed: Vec<Token> = ins.iter().skip_while(|t| is_space(t)).cloned().collect();
        let lead_space = ins.first().is_some_and(is_space);
        let mut trimmed = trimmed;
        while trimmed.last().is_some_and(is_space) {
            trimmed.pop();
        }
        if !trimmed.is_empty() && h.os > 0 {
            // Shift an insertion that the diff placed after a space to before it.
            let at = if lead_space { h.os } else if a[h.os - 1].kind == Kind::Space && ins.last().is_some_and(is_space) { h.os - 1 } else { h.os };
            if at > 0 && a[at - 1].kind != Kind::Space {
                let from = a[..at].iter().rposition(|t| t.kind == Kind::Word).map(|k| a[..k].iter().rposition(|t| t.kind == Kind::Word).map_or(k, |p| if at - p <= 4 { p } else { k })).unwrap_or(0);
                let after = join(&a[from..at]);
                let start = a[from].start;
                return Some(Operation::InsertWords {
                    division: div.into(),
                    alinea: n,
                    occurrence: occurrence(otext, &after, start),
                    after: Some(after),
                    words: join(&trimmed),
                });
            }
        }
        if h.os == 0 && !trimmed.is_empty() && !lead_space {
            return Some(Operation::InsertWords { division: div.into(), alinea: n, after: None, words: join(&trimmed), occurrence: None });
        }
        // Otherwise: a replacement with the word before as context (the
        // tokens before the hunk are the same on both sides).
        let k = a[..h.os].iter().rposition(|t| t.kind == Kind::Word)?;
        let back = h.os - k;
        if back > h.ns {
            return None;
        }
        h.ns -= back;
        h.os = k;
    }
    // Whole words at both ends: widen over shared context.
    while h.os < h.oe && is_space(&a[h.os]) && h.ns < h.ne && is_space(&b[h.ns]) {
        h.os += 1;
        h.ns += 1;
    }
    while h.oe > h.os && is_space(&a[h.oe - 1]) && h.ne > h.ns && is_space(&b[h.ne - 1]) {
        h.oe -= 1;
        h.ne -= 1;
    }
    while (h.os < h.oe && a[h.os].kind != Kind::Word || h.os == h.oe) && h.os > 0 && h.ns > 0 && a[h.os - 1].text == b[h.ns - 1].text {
        h.os -= 1;
        h.ns -= 1;
        if a[h.os].kind == Kind::Word {
            break;
        }
    }
    while (h.oe > h.os && a[h.oe - 1].kind == Kind::Space || h.os == h.oe) && h.oe < a.len() && h.ne < b.len() && a[h.oe].text == b[h.ne].text {
        h.oe += 1;
        h.ne += 1;
        if a[h.oe - 1].kind == Kind::Word {
            break;
        }
    }
    // A lone number is quoted with the word it counts (« 2 ans »), as a
    // reader would say it.
    let lone_number = |t: &[Token]| t.len() == 1 && t[0].text.chars().all(|c| c.is_ascii_digit() || c == ' ');
    if lone_number(&a[h.os..h.oe]) && lone_number(&b[h.ns..h.ne]) && h.oe + 1 < a.len() && h.ne + 1 < b.len() && a[h.oe].kind == Kind::Space && a[h.oe + 1].kind == Kind::Word && a[h.oe].text == b[h.ne].text && a[h.oe + 1].text == b[h.ne + 1].text {
        h.oe += 2;
        h.ne += 2;
    }
    let words = join(&a[h.os..h.oe]);
    let by = join(&b[h.ns..h.ne]);
    if words.trim().is_empty() || words.starts_with(' ') || words.ends_with(' ') {
        return None;
    }
    let start = a[h.os].start;
    if by.is_empty() {
        return Some(Operation::DeleteWords { division: div.into(), alinea: n, occurrence: occurrence(otext, &words, start), words });
    }
    if by.starts_with(' ') || by.ends_with(' ') {
        return None;
    }
    Some(Operation::ReplaceWords { division: div.into(), alinea: n, occurrence: occurrence(otext, &words, start), words, by })
}

/// The text of an alinéa after word operations, or `None` if one does not apply.
fn apply_word_ops(old: &Alinea, ops: &[Operation]) -> Option<String> {
    let text = inline_text(&old.inlines);
    let mut edits = ops.iter().map(|op| word_edit(&text, op).ok()).collect::<Option<Vec<_>>>()?;
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut inl = old.inlines.clone();
    for (s, e, w) in edits {
        inl = splice(&inl, s, e, &w);
    }
    Some(inline_text(&inl))
}

/// Applies the draft to OLD and compares with NEW; divisions that differ get
/// their operations replaced by one rewriting of the division.
fn verify_and_repair(old: &Source, new_doc: &Document, pairs: &[Option<usize>], fo: &[Flat], fnew: &[Flat], cs: &mut ChangeSet) -> Result<()> {
    let expected = body_text(new_doc);
    for round in 0..2 {
        let applied = apply(old, cs, std::path::Path::new("(draft)"), &ApplyOptions::default())?;
        let got = assemble(&applied, &BuildOptions::default())?;
        if body_text(&got) == expected {
            return Ok(());
        }
        if round == 1 {
            break;
        }
        // Rewrite every paired division whose text differs.
        let got_divs: HashMap<&str, &Division> = got.all_divisions().into_iter().map(|d| (d.id.as_str(), d)).collect();
        for (o, f) in fo.iter().enumerate() {
            let Some(n) = pairs[o] else { continue };
            let want = fnew[n].div;
            let differs = got_divs.get(f.div.id.as_str()).is_none_or(|g| g.alineas.iter().map(Alinea::text).collect::<Vec<_>>() != want.alineas.iter().map(Alinea::text).collect::<Vec<_>>());
            if differs {
                let id = f.div.id.clone();
                cs.operations.retain(|op| !(op.division() == id && matches!(op, Operation::ReplaceWords { .. } | Operation::InsertWords { .. } | Operation::DeleteWords { .. } | Operation::ReplaceAlinea { .. } | Operation::InsertAlineas { .. } | Operation::DeleteAlineas { .. })));
                cs.operations.push(Operation::ReplaceDivision { division: id, text: want.alineas.iter().map(alinea_to_markdown).collect() });
            }
        }
    }
    Err(Error::Other("the drafted avenant does not reproduce the new text exactly; please report this pair of texts".into()))
}
