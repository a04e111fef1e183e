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

use super::apply::{apply_to_document, find_words, patterns_of, resolve, word_edit, apply_word_edits};
use super::ops::{Base, ChangeSet, NewDivision, Operation, PartyDeliberation};
use crate::compare::{compare, Mark, RAlinea, RDivision, RLine, Revised};
use crate::error::{Error, Result};
use crate::markdown::{alinea_to_markdown, inlines_to_markdown};
use crate::model::{inline_text, Alinea, AlineaKind, Division, Document, Inline};
use crate::numbering::Pattern;
use crate::render::{assemble, BuildOptions};
use crate::source::Source;
use crate::tokens::{tokenize, Kind, Token};
use std::collections::HashSet;

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

/// What differs outside the divisions, which no operation can draft yet.
fn undraftable(rev: &Revised) -> Vec<String> {
    let mut out = Vec::new();
    if rev.title_page.iter().any(RLine::changed) {
        out.push("the title".to_string());
    }
    for p in rev.front.iter().chain(&rev.closing) {
        if p.alineas.iter().any(|a| a.line.changed()) {
            out.push(p.kind.name().to_string());
        }
    }
    if rev.signatures_old != rev.signatures_new {
        out.push("the signature blocks".to_string());
    }
    out
}

struct Cx<'a> {
    old: &'a Document,
    new: &'a Document,
    patterns: Vec<Pattern>,
    taken: HashSet<String>,
    ops: Vec<Operation>,
}

fn find<'a>(doc: &'a Document, id: &str) -> Result<&'a Division> {
    doc.find(id).ok_or_else(|| Error::Internal(format!("division « {} » of the comparison is not in the text", id)))
}

/// Draft the change set that turns `old_doc` (the assembled text of `old`)
/// into `new_doc`, whatever it was read from.
pub fn draft_from(old: &Source, old_doc: &Document, new_doc: &Document, opts: &DraftOptions) -> Result<ChangeSet> {
    let rev = compare(old_doc, new_doc);
    let outside = undraftable(&rev);
    if !outside.is_empty() {
        return Err(Error::Draft(format!("{} changed, and only the divisions can be amended yet; make that change by hand in the avenant", outside.join(", "))));
    }
    let mut cx = Cx { old: old_doc, new: new_doc, patterns: patterns_of(old), taken: old_doc.all_divisions().iter().map(|d| d.id.clone()).collect(), ops: Vec::new() };
    walk(&rev.divisions, None, &mut cx)?;
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
        lieu: "Paris".into(),
        base: Base { source: opts.base_name.clone(), fingerprint: crate::fingerprint::of(old_doc) },
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
        operations: cx.ops,
    };
    verify_and_repair(old_doc, new_doc, &rev, &cx.patterns, &mut cs)?;
    Ok(cs)
}

/// Operations for one list of sibling divisions (`parent` is the old id of
/// their parent).
fn walk(siblings: &[RDivision], parent: Option<&str>, cx: &mut Cx) -> Result<()> {
    let mut prev: Option<String> = None;
    for rd in siblings {
        match rd.mark {
            Mark::Del => cx.ops.push(Operation::DeleteDivision { division: rd.old_id.clone().unwrap_or_default() }),
            Mark::Ins => {
                let nd = find(cx.new, &rd.id)?;
                let (after, parent) = match (&prev, parent) {
                    (Some(p), _) => (Some(p.clone()), None),
                    (None, Some(p)) => (None, Some(p.to_string())),
                    (None, None) => return Err(Error::Draft(format!("« {} » is inserted before the first division of the text, which no formula drafts; insert it after the first one", inline_text(&crate::compare::heading_inlines(nd))))),
                };
                let spec = new_division(nd, &mut cx.taken, &cx.patterns);
                cx.ops.push(Operation::InsertDivision { after, parent, id: spec.id, number: spec.number, title: spec.title, text: spec.text, children: spec.children });
            }
            Mark::Same => {
                let old_id = rd.old_id.clone().unwrap_or_default();
                let (od, nd) = (find(cx.old, &old_id)?, find(cx.new, &rd.id)?);
                if renumbered(&od.label, &nd.label) {
                    if let Some(l) = &nd.label {
                        cx.ops.push(Operation::Renumber { division: old_id.clone(), number: crate::numbering::number_in(&cx.patterns, nd.level, l) });
                    }
                }
                if od.title != nd.title {
                    cx.ops.push(Operation::RenameDivision { division: old_id.clone(), title: inlines_to_markdown(&nd.title) });
                }
                cx.ops.extend(alinea_ops(&old_id, &rd.alineas, &od.alineas, &nd.alineas));
                walk(&rd.children, Some(&old_id), cx)?;
                prev = Some(old_id);
            }
        }
    }
    Ok(())
}

fn new_division(d: &Division, taken: &mut HashSet<String>, patterns: &[Pattern]) -> NewDivision {
    let mut id = d.id.clone();
    let mut k = 2;
    while taken.contains(&id) {
        id = format!("{}-{}", d.id, k);
        k += 1;
    }
    taken.insert(id.clone());
    NewDivision {
        id,
        number: d.label.as_ref().map(|l| crate::numbering::number_in(patterns, d.level, l)),
        title: inlines_to_markdown(&d.title),
        text: d.alineas.iter().map(alinea_to_markdown).collect(),
        children: d.children.iter().map(|c| new_division(c, taken, patterns)).collect(),
    }
}

/// Operations on the alinéas of one pair of divisions, read off the
/// revised alinéas: a deletion followed by insertions is a replacement.
fn alinea_ops(div: &str, revised: &[RAlinea], old: &[Alinea], new: &[Alinea]) -> Vec<Operation> {
    let md = |ns: &[usize]| ns.iter().map(|n| alinea_to_markdown(&new[n - 1])).collect::<Vec<_>>();
    let mut ops = Vec::new();
    let mut cursor = 0;
    let mut k = 0;
    while k < revised.len() {
        let a = &revised[k];
        if let (Some(o), Some(n)) = (a.old_n, a.new_n) {
            if a.line.changed() {
                ops.extend(word_ops(div, o, &old[o - 1], &new[n - 1], &a.line));
            }
            cursor = o;
            k += 1;
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
                ops.push(Operation::ReplaceAlinea { division: div.into(), alinea: first, text: md(&inss) });
                if dels.len() > 1 {
                    ops.push(Operation::DeleteAlineas { division: div.into(), alinea: first + 1, count: dels.len() - 1 });
                }
            }
            (Some(&first), true) => ops.push(Operation::DeleteAlineas { division: div.into(), alinea: first, count: dels.len() }),
            (None, false) => ops.push(Operation::InsertAlineas { division: div.into(), after: cursor, text: md(&inss) }),
            (None, true) => k += 1,
        }
        if let Some(&last) = dels.last() {
            cursor = last;
        }
    }
    ops
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
    bytes.into_iter().map(|(os, oe, ns, ne)| Hunk { os: token_at(a, os), oe: token_at(a, oe), ns: token_at(b, ns), ne: token_at(b, ne) }).collect()
}

/// Word-level operations turning one alinéa into another, checked by
/// applying them; a replacement of the alinéa when that is simpler or safer.
fn word_ops(div: &str, n: usize, old: &Alinea, new: &Alinea, line: &RLine) -> Vec<Operation> {
    let otext = inline_text(&old.inlines);
    let ntext = inline_text(&new.inlines);
    if otext == ntext && old.kind == new.kind {
        return vec![];
    }
    let replace = || vec![Operation::ReplaceAlinea { division: div.into(), alinea: n, text: vec![alinea_to_markdown(new)] }];
    let has_break = |a: &Alinea| a.inlines.iter().any(|i| matches!(i, Inline::Break));
    if !matches!(old.kind, AlineaKind::Paragraph | AlineaKind::Item { .. }) || old.kind != new.kind || has_break(old) || has_break(new) {
        return replace();
    }
    let a = tokenize(&otext);
    let b = tokenize(&ntext);
    let mut hunks: Vec<Hunk> = Vec::new();
    for h in hunks_of(line, &a, &b) {
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
    let changed: usize = hunks.iter().map(|h| word_count(&a[h.os..h.oe]).max(word_count(&b[h.ns..h.ne]))).sum();
    if hunks.is_empty() || hunks.len() > 3 || changed * 2 > word_count(&a).max(1) {
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
fn verify_and_repair(old: &Document, new: &Document, rev: &Revised, patterns: &[Pattern], cs: &mut ChangeSet) -> Result<()> {
    let expected = crate::fingerprint::canonical_text(new);
    let pairs: Vec<(String, String)> = rev.all_divisions().into_iter().filter(|d| d.mark == Mark::Same).filter_map(|d| d.old_id.clone().map(|o| (o, d.id.clone()))).collect();
    for round in 0..2 {
        let plan = resolve(old, cs, patterns).map_err(|(k, m)| Error::Internal(format!("the drafted avenant does not apply to the old text (operation {}: {})", k + 1, m)))?;
        let got = apply_to_document(old, &plan);
        let text = crate::fingerprint::canonical_text(&got);
        if text == expected {
            return Ok(());
        }
        if round == 1 {
            let first = text.lines().zip(expected.lines()).find(|(a, b)| a != b).map(|(a, b)| format!("« {} » where the new text has « {} »", a, b)).unwrap_or_else(|| "the number of lines".into());
            return Err(Error::Internal(format!("the drafted avenant does not reproduce the new text exactly (first difference: {})", first)));
        }
        // Rewrite every paired division whose text differs.
        for (old_id, new_id) in &pairs {
            let (Some(g), Some(want)) = (got.find(old_id), new.find(new_id)) else { continue };
            if division_lines(g) != division_lines(want) {
                let id = old_id.clone();
                cs.operations.retain(|op| !(op.division() == id && op.changes_alineas()));
                cs.operations.push(Operation::ReplaceDivision { division: id, text: want.alineas.iter().map(alinea_to_markdown).collect() });
            }
        }
    }
    unreachable!("the loop returns on its second round")
}
