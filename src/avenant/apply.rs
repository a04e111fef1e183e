//! Applying an avenant, in three steps:
//!
//! 1. [`resolve`]: every operation is checked against the text as it stands
//!    before the avenant (operations are simultaneous, so they all cite that
//!    text) and its effect computed — the new alinéas of each amended
//!    division, the new divisions. Overlapping operations are refused.
//! 2. [`apply_to_document`]: the plan carried out on the document model —
//!    what the draft's self-check, the redline and the avenant document read.
//! 3. [`write_back`]: the plan carried out on the source, only where a
//!    consolidated source is written: an amended division's text becomes a
//!    literal fragment (change-set texts are never templates), the untouched
//!    clauses keep their variables and shared inclusions.
//!
//! The two agree: building the written-back source gives the document
//! `apply_to_document` gives (property-tested). Nothing renumbers silently:
//! when a division is deleted or renumbered, the others keep the labels they
//! had, as the Guide de légistique wants every citation elsewhere to stay true.

use super::ops::{ChangeSet, NewDivision, Operation, Target};
use crate::error::{Error, Result};
use crate::markdown::{self, inlines_to_markdown};
use crate::model::{inline_text, Alinea, Division, Document, Inline, PartKind};
use crate::numbering::Pattern;
use crate::render::{assemble, BuildOptions};
use crate::source::from_model::{fragment, part_name};
use crate::source::{AppliedAvenant, Clause, Node, Source};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct ApplyOptions {
    /// Apply even if the source is not the text the avenant was drafted on.
    pub force: bool,
}

/// A refusal of one operation: its rank (from 0) and why.
/// An operation the text refuses: its index (from 0) and why.
type Refusal = (usize, Refused);

/// Why an operation cannot amend the text before the avenant. `place` is
/// the division (« « 3 » ») or part (« the visas ») it amends.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("no division « {id} » in the convention")]
    NoDivision { id: String },
    #[error("the convention has no {part}")]
    NoPart { part: &'static str },
    #[error("{place} has no alinéa {alinea} (it has {count})")]
    NoAlinea { place: String, alinea: usize, count: usize },
    #[error("{place} has no alinéas {from} to {to} (it has {count})")]
    NoAlineas { place: String, from: usize, to: usize, count: usize },
    #[error("{place} has no alinéa {after} to insert after (it has {count})")]
    NoAlineaToFollow { place: String, after: usize, count: usize },
    #[error("{why} in alinéa {alinea} of {place}")]
    InAlinea { why: Unapplicable, alinea: usize, place: String },
    #[error("{0}")]
    Unapplicable(#[from] Unapplicable),
    /// Another operation (numbered from 1) changes the same text.
    #[error("operation {other} already changes the same text of {place}")]
    SameText { other: usize, place: String },
    #[error("operation {other} already changes the words « {words} » of {place}")]
    SameWords { other: usize, words: String, place: String },
    #[error("{place} is renamed twice")]
    RenamedTwice { place: String },
    #[error("operation {other} already deletes « {id} »")]
    DeletedTwice { other: usize, id: String },
    #[error("operation {other} already renumbers « {id} »")]
    RenumberedTwice { other: usize, id: String },
    #[error("operation {other} already changes the title")]
    TitleTwice { other: usize },
    #[error("give either `after` or `parent`")]
    AfterOrParent,
    #[error("a convention keeps a title: give its new lines")]
    NoTitle,
    #[error("no words to replace")]
    NoWordsToReplace,
    #[error("no text to insert")]
    NoTextToInsert,
    #[error("« {id} » is rewritten whole, and « {inside} » inside it amended too")]
    InsideRewritten { id: String, inside: String },
    #[error("« {id} » is deleted and also amended")]
    DeletedAndAmended { id: String },
    #[error("the words « {words} » are nowhere in the text")]
    WordsNowhere { words: String },
}

/// Byte ranges where `words` stands in `text` as whole words.
pub fn find_words(text: &str, words: &str) -> Vec<(usize, usize)> {
    if words.is_empty() {
        return vec![];
    }
    let edges = WordEdges::of(words);
    text.match_indices(words)
        .filter(|(s, w)| edges.whole(text, *s, s + w.len()))
        .map(|(s, w)| (s, s + w.len()))
        .collect()
}

/// How many times each of `words` occurs in `texts`, counted exactly as
/// `find_words` counts (non-overlapping from the left, whole words), in one
/// pass over the texts whatever the number of words: a vocabulary search
/// over a long text looks for hundreds of quotings at once.
pub(crate) fn count_words(texts: &[String], words: &[&str]) -> Vec<usize> {
    let mut counts = vec![0; words.len()];
    let Ok(ac) = aho_corasick::AhoCorasick::new(words) else { return counts };
    let edges: Vec<WordEdges> = words.iter().map(|w| WordEdges::of(w)).collect();
    for text in texts {
        // Every occurrence, then per word the leftmost non-overlapping ones
        // (what `match_indices` keeps), then the whole-word rule.
        let mut found: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(text.as_str())
            .filter(|m| m.start() < m.end())
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        found.sort_unstable();
        let mut last: Option<(usize, usize)> = None;
        for (p, s, e) in found {
            if last.is_some_and(|(lp, le)| lp == p && s < le) {
                continue;
            }
            last = Some((p, e));
            if edges[p].whole(text, s, e) {
                counts[p] += 1;
            }
        }
    }
    counts
}

/// Whether a quoting begins and ends with a word character, which must then
/// not be glued to another where it is found.
struct WordEdges {
    first_inner: bool,
    last_inner: bool,
}

impl WordEdges {
    fn of(words: &str) -> WordEdges {
        WordEdges { first_inner: word_char(words.chars().next()), last_inner: word_char(words.chars().last()) }
    }

    fn whole(&self, text: &str, s: usize, e: usize) -> bool {
        (!self.first_inner || !word_char(text[..s].chars().last()))
            && (!self.last_inner || !word_char(text[e..].chars().next()))
    }
}

fn word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// Replaces bytes `start..end` of the inlines' text by `new`, which takes
/// the formatting of the text where it lands (the run it replaces or ends).
pub(super) fn splice(inlines: &[Inline], start: usize, end: usize, new: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut placed = false;
    let mut last_style = crate::model::Style::PLAIN;
    for i in inlines {
        match i {
            // The text an operation edits holds no tracked change (only comparisons make them).
            Inline::Change { .. } => {}
            Inline::Break => {
                if !placed && pos >= start {
                    out.push(Inline::styled(new, last_style));
                    placed = true;
                }
                if !(pos >= start && pos < end) {
                    out.push(Inline::Break);
                }
                pos += 1;
            }
            Inline::Text { text, style } => {
                let (a, b) = (pos, pos + text.len());
                if a < start {
                    out.push(Inline::styled(&text[..start.min(b) - a], *style));
                }
                if !placed && start >= a && start <= b {
                    out.push(Inline::styled(new, *style));
                    placed = true;
                }
                if b > end {
                    out.push(Inline::styled(&text[end.max(a) - a..], *style));
                }
                last_style = *style;
                pos = b;
            }
        }
    }
    if !placed {
        out.push(Inline::styled(new, last_style));
    }
    markdown::normalize(out)
}

/// The inserted text of `insert_words`: a space before, unless it opens
/// with a closing punctuation mark.
fn insertion(words: &str, at_start: bool) -> String {
    if at_start {
        format!("{} ", words)
    } else if words.starts_with([',', '.', ';', ':', ')', '»', '!', '?']) {
        words.to_string()
    } else {
        format!(" {}", words)
    }
}

/// Why an operation cannot be carried out on the text it names; the caller
/// adds where (« in alinéa 2 of article 3 »).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unapplicable {
    #[error("the words « {words} » are not")]
    WordsAbsent { words: String },
    #[error("the words « {words} » appear {count} times (say which with \"occurrence\")")]
    WordsSeveralTimes { words: String, count: usize },
    #[error("the words « {words} » appear {count} times, not {occurrence}")]
    NoSuchOccurrence { words: String, count: usize, occurrence: usize },
    #[error("not an operation on words")]
    NotOnWords,
    #[error("new division id « {id} » is already taken")]
    IdTaken { id: String },
}

/// Where quoted words stand in the text: the one occurrence, or the one
/// named by `occurrence`.
fn locate(text: &str, words: &str, occurrence: Option<usize>) -> std::result::Result<(usize, usize), Unapplicable> {
    let found = find_words(text, words);
    let words = words.to_string();
    match (found.len(), occurrence) {
        (0, _) => Err(Unapplicable::WordsAbsent { words }),
        (1, None) | (1, Some(1)) => Ok(found[0]),
        (count, None) => Err(Unapplicable::WordsSeveralTimes { words, count }),
        (count, Some(o)) if o == 0 || o > count => Err(Unapplicable::NoSuchOccurrence { words, count, occurrence: o }),
        (_, Some(o)) => Ok(found[o - 1]),
    }
}

/// A word operation on an alinéa's text, as the edit it makes: the bytes
/// it replaces and the new text. Deleted words go with one space beside
/// them; inserted words get a space before (after, at the start) unless they
/// open with a closing punctuation mark. Shared by `resolve` and the draft's
/// own check, so that both read an operation the same way.
pub(crate) fn word_edit(text: &str, op: &Operation) -> std::result::Result<(usize, usize, String), Unapplicable> {
    match op {
        Operation::ReplaceWords { words, by, occurrence, .. } => {
            let (s, e) = locate(text, words, *occurrence)?;
            Ok((s, e, by.clone()))
        }
        Operation::DeleteWords { words, occurrence, .. } => {
            let (s, e) = locate(text, words, *occurrence)?;
            let (s, e) = if text[..s].ends_with(' ') {
                (s - 1, e)
            } else if text[e..].starts_with(' ') {
                (s, e + 1)
            } else {
                (s, e)
            };
            Ok((s, e, String::new()))
        }
        Operation::InsertWords { after: Some(a), words, occurrence, .. } => {
            let (_, e) = locate(text, a, *occurrence)?;
            Ok((e, e, insertion(words, false)))
        }
        Operation::InsertWords { after: None, words, .. } => Ok((0, 0, insertion(words, true))),
        Operation::AppendWords { words, .. } => {
            // Before a final space, never inside the last word.
            let end = text.trim_end().len();
            Ok((end, end, insertion(words, false)))
        }
        _ => Err(Unapplicable::NotOnWords),
    }
}

/// Applies word edits (byte ranges of the alinéa's text) to its inlines.
pub(crate) fn apply_word_edits(inlines: &[Inline], mut edits: Vec<(usize, usize, String)>) -> Vec<Inline> {
    // From the end, so that earlier offsets stay valid.
    edits.sort_by(|x, y| y.0.cmp(&x.0).then(y.1.cmp(&x.1)));
    let mut out = inlines.to_vec();
    for (s, e, new) in edits {
        out = splice(&out, s, e, &new);
    }
    out
}

/// What happens to one alinéa of the text before the avenant.
#[derive(Clone)]
enum Fate {
    Replace(Vec<Alinea>),
    Delete,
}

/// The operations on one division, all resolved against the old text.
#[derive(Default)]
struct DivisionOps {
    /// Word edits per alinéa (1-based): (start, end, new text, operation).
    words: BTreeMap<usize, Vec<(usize, usize, String, usize)>>,
    fates: BTreeMap<usize, (Fate, usize)>,
    inserts: BTreeMap<usize, (Vec<Alinea>, usize)>,
    replace_all: Option<(Vec<Alinea>, usize)>,
    title: Option<Vec<Inline>>,
}

impl DivisionOps {
    fn first_op(&self) -> Option<usize> {
        self.words
            .values()
            .flatten()
            .map(|w| w.3)
            .chain(self.fates.values().map(|f| f.1))
            .chain(self.inserts.values().map(|i| i.1))
            .min()
    }

    fn changes_text(&self) -> bool {
        self.replace_all.is_some() || !self.words.is_empty() || !self.fates.is_empty() || !self.inserts.is_empty()
    }

    fn add_word_edit(&mut self, alinea: usize, edit: (usize, usize, String, usize)) -> std::result::Result<(), usize> {
        if let Some((_, other)) = self.fates.get(&alinea) {
            return Err(*other);
        }
        let list = self.words.entry(alinea).or_default();
        for e in list.iter() {
            let overlap = if edit.0 == edit.1 || e.0 == e.1 {
                edit.0 >= e.0 && edit.0 <= e.1 || e.0 >= edit.0 && e.0 <= edit.1
            } else {
                edit.0 < e.1 && e.0 < edit.1
            };
            if overlap {
                return Err(e.3);
            }
        }
        list.push(edit);
        Ok(())
    }

    fn set_fate(&mut self, alinea: usize, fate: Fate, k: usize) -> std::result::Result<(), usize> {
        if let Some(w) = self.words.get(&alinea).and_then(|l| l.first()) {
            return Err(w.3);
        }
        if let Some((_, other)) = self.fates.get(&alinea) {
            return Err(*other);
        }
        self.fates.insert(alinea, (fate, k));
        Ok(())
    }

    /// The division's alinéas after the operations.
    fn carry_out(&self, old: &[Alinea]) -> Vec<Alinea> {
        if let Some((new, _)) = &self.replace_all {
            return new.clone();
        }
        let mut out = Vec::new();
        let push_inserts = |at: usize, out: &mut Vec<Alinea>| {
            if let Some((v, _)) = self.inserts.get(&at) {
                out.extend(v.iter().cloned());
            }
        };
        push_inserts(0, &mut out);
        for (i, a) in old.iter().enumerate() {
            let n = i + 1;
            match self.fates.get(&n).map(|f| &f.0) {
                Some(Fate::Delete) => {}
                Some(Fate::Replace(v)) => out.extend(v.iter().cloned()),
                None => {
                    let mut a = a.clone();
                    if let Some(edits) = self.words.get(&n) {
                        a.inlines = apply_word_edits(
                            &a.inlines,
                            edits.iter().map(|(s, e, w, _)| (*s, *e, w.clone())).collect(),
                        );
                    }
                    out.push(a);
                }
            }
            push_inserts(n, &mut out);
        }
        out
    }
}

/// A division the avenant inserts, ready for the model and for the source.
#[derive(Debug, Clone)]
pub(super) struct NewNode {
    division: Division,
    numbered: bool,
    label: Option<String>,
    children: Vec<NewNode>,
}

/// Where an inserted division goes.
#[derive(Debug, Clone)]
enum Anchor {
    After(String),
    FirstIn(String),
}

/// A division's new title.
type Title = Vec<Inline>;

/// What an avenant does to a text, every operation checked.
pub struct Plan {
    numero: String,
    /// Divisions rewritten whole: their new subdivisions.
    pub(super) rewritten: BTreeMap<String, Vec<NewNode>>,
    /// Amended divisions: their new alinéas (when the text changes) and title.
    pub(super) amended: BTreeMap<String, (Option<Vec<Alinea>>, Option<Title>)>,
    /// Amended parts (visas, parties…): their new alinéas.
    pub(super) parts: BTreeMap<PartKind, Vec<Alinea>>,
    /// The new title page, line by line.
    title: Option<Vec<Vec<Inline>>>,
    renumbered: BTreeMap<String, String>,
    pub(super) deleted: BTreeSet<String>,
    /// In the order they are carried out: see `resolve`.
    inserted: Vec<(Anchor, NewNode)>,
}

impl Plan {
    /// Ids of the divisions whose history records the avenant.
    fn touched(&self) -> BTreeSet<String> {
        self.amended.keys().chain(self.renumbered.keys()).filter(|id| !self.deleted.contains(*id)).cloned().collect()
    }
}

/// The numbering patterns of a source.
pub fn patterns_of(src: &Source) -> Vec<Pattern> {
    crate::numbering::patterns(&src.manifest.numbering)
}

/// The alinéas of a part of the document, in reading order.
fn part_alineas(doc: &Document, kind: PartKind) -> Vec<Alinea> {
    doc.front.iter().chain(&doc.closing).filter(|p| p.kind == kind).flat_map(|p| p.alineas.iter().cloned()).collect()
}

/// What an alinéa operation amends, as named in refusals.
fn target_name(t: Target) -> String {
    match t {
        Target::Division(d) => format!("« {} »", d),
        Target::Part(p) => p.name().to_string(),
        Target::Title => "the title".into(),
        Target::Everywhere => "the whole text".into(),
    }
}

/// Checks every operation of `cs` against `doc` (the text before the
/// avenant) and computes what it does.
pub fn resolve(doc: &Document, cs: &ChangeSet, patterns: &[Pattern]) -> std::result::Result<Plan, Refusal> {
    let part_texts: HashMap<PartKind, Vec<Alinea>> =
        [PartKind::Ouverture, PartKind::Parties, PartKind::Visas, PartKind::Cloture]
            .into_iter()
            .map(|k| (k, part_alineas(doc, k)))
            .collect();
    let mut r = Resolver::new(doc, &part_texts, patterns, cs.numero.to_string());
    for (k, op) in cs.operations.iter().enumerate() {
        r.operation(k, op)?;
    }
    r.nothing_amended_inside_what_is_rewritten()?;
    for (words, by, k) in std::mem::take(&mut r.everywhere) {
        r.replace_everywhere(words, by, k)?;
    }
    r.nothing_amended_inside_what_is_deleted()?;
    Ok(r.into_plan())
}

/// The operations of a change set read one by one against the text before
/// the avenant, each with its number `k` (from 0) for the refusals.
struct Resolver<'a> {
    doc: &'a Document,
    patterns: &'a [Pattern],
    numero: String,
    divisions: HashMap<&'a str, &'a Division>,
    /// The alinéas of the parts an operation may amend (visas, parties…).
    part_texts: &'a HashMap<PartKind, Vec<Alinea>>,
    plans: BTreeMap<String, DivisionOps>,
    part_plans: BTreeMap<PartKind, DivisionOps>,
    deleted: HashMap<String, usize>,
    renumbered: BTreeMap<String, (String, usize)>,
    new_ids: HashSet<String>,
    inserted: Vec<(usize, Anchor, NewNode)>,
    title: Option<(Vec<Vec<Inline>>, usize)>,
    /// Words replaced throughout, once every other operation is read.
    everywhere: Vec<(&'a str, &'a str, usize)>,
    /// Divisions rewritten whole: their new subdivisions.
    rewritten: BTreeMap<String, (Vec<NewNode>, usize)>,
}

impl<'a> Resolver<'a> {
    fn new(
        doc: &'a Document,
        part_texts: &'a HashMap<PartKind, Vec<Alinea>>,
        patterns: &'a [Pattern],
        numero: String,
    ) -> Self {
        Resolver {
            doc,
            patterns,
            numero,
            divisions: doc.all_divisions().into_iter().map(|d| (d.id.as_str(), d)).collect(),
            part_texts,
            plans: BTreeMap::new(),
            part_plans: BTreeMap::new(),
            deleted: HashMap::new(),
            renumbered: BTreeMap::new(),
            new_ids: HashSet::new(),
            inserted: Vec::new(),
            title: None,
            everywhere: Vec::new(),
            rewritten: BTreeMap::new(),
        }
    }

    fn division(&self, k: usize, id: &str) -> std::result::Result<&'a Division, Refusal> {
        self.divisions.get(id).copied().ok_or_else(|| (k, Refused::NoDivision { id: id.to_string() }))
    }

    /// The alinéas of the division or part an operation amends, and the
    /// plan of its changes.
    fn text_of(&mut self, k: usize, target: Target) -> std::result::Result<(&'a [Alinea], &mut DivisionOps), Refusal> {
        match target {
            Target::Division(id) => {
                let d = self.division(k, id)?;
                Ok((&d.alineas, self.plans.entry(id.to_string()).or_default()))
            }
            Target::Part(p) => {
                let texts: &'a HashMap<PartKind, Vec<Alinea>> = self.part_texts;
                let v = &texts[&p];
                if v.is_empty() {
                    return Err((k, Refused::NoPart { part: p.name() }));
                }
                Ok((v, self.part_plans.entry(p).or_default()))
            }
            Target::Title | Target::Everywhere => unreachable!("an operation on alinéas names a division or a part"),
        }
    }

    /// Reads operation `k`: checks it against the text and records it.
    fn operation(&mut self, k: usize, op: &'a Operation) -> std::result::Result<(), Refusal> {
        let bad = |why: Refused| (k, why);
        let target = op.target();
        let name = target_name(target);
        match op {
            _ if op.changes_alineas() => {
                let (alineas, plan) = self.text_of(k, target)?;
                amend_alineas(k, op, alineas, plan, &name)
            }
            Operation::ReplaceDivision { text, children, title, .. } => {
                self.rewrite_division(k, target, &name, text, children.as_deref(), title.as_ref())
            }
            Operation::RenameDivision { title, .. } => {
                let (_, plan) = self.text_of(k, target)?;
                if plan.title.is_some() {
                    return Err(bad(Refused::RenamedTwice { place: name }));
                }
                plan.title = Some(title.clone());
                Ok(())
            }
            Operation::InsertDivision { after, parent, id, number, label, title, text, children } => {
                let (anchor, level) = match (after, parent) {
                    (Some(a), None) => (Anchor::After(a.clone()), self.division(k, a)?.level),
                    (None, Some(p)) => (Anchor::FirstIn(p.clone()), self.division(k, p)?.level + 1),
                    _ => return Err(bad(Refused::AfterOrParent)),
                };
                let spec = NewDivision {
                    id: id.clone(),
                    number: number.clone(),
                    label: label.clone(),
                    title: title.clone(),
                    text: text.clone(),
                    children: children.clone(),
                };
                let divisions = &self.divisions;
                let node = new_node(
                    &spec,
                    level,
                    self.patterns,
                    &self.numero,
                    &|id| divisions.contains_key(id),
                    &mut self.new_ids,
                )
                .map_err(|e| bad(e.into()))?;
                self.inserted.push((k, anchor, node));
                Ok(())
            }
            Operation::DeleteDivision { division: id } => {
                self.division(k, id)?;
                if let Some(other) = self.deleted.insert(id.clone(), k) {
                    return Err(bad(Refused::DeletedTwice { other: other + 1, id: id.clone() }));
                }
                Ok(())
            }
            Operation::Renumber { division: id, number, label } => {
                let label = label.clone().unwrap_or_else(|| {
                    let level = self.division(k, id).map(|d| d.level).unwrap_or(1);
                    crate::numbering::label_at(self.patterns, level, number)
                });
                self.division(k, id)?;
                if let Some((_, other)) = self.renumbered.insert(id.clone(), (label, k)) {
                    return Err(bad(Refused::RenumberedTwice { other: other + 1, id: id.clone() }));
                }
                Ok(())
            }
            Operation::ReplaceTitle { lines } => {
                if let Some((_, other)) = &self.title {
                    return Err(bad(Refused::TitleTwice { other: other + 1 }));
                }
                if lines.iter().all(|l| inline_text(l).trim().is_empty()) {
                    return Err(bad(Refused::NoTitle));
                }
                self.title = Some((lines.clone(), k));
                Ok(())
            }
            Operation::ReplaceEverywhere { words, by } => {
                if words.trim().is_empty() {
                    return Err(bad(Refused::NoWordsToReplace));
                }
                self.everywhere.push((words, by, k));
                Ok(())
            }
            _ => unreachable!("every operation on alinéas is read above"),
        }
    }

    /// A division rewritten whole: its alinéas, its title if given, its new
    /// subdivisions; no other operation may amend its text.
    fn rewrite_division(
        &mut self,
        k: usize,
        target: Target,
        name: &str,
        text: &[Alinea],
        children: Option<&[NewDivision]>,
        title: Option<&Vec<Inline>>,
    ) -> std::result::Result<(), Refusal> {
        let bad = |why: Refused| (k, why);
        let place = || name.to_string();
        let (_, plan) = self.text_of(k, target)?;
        if let Some(other) = plan.first_op() {
            return Err(bad(Refused::SameText { other: other + 1, place: place() }));
        }
        plan.replace_all = Some((text.to_vec(), k));
        if let Some(t) = title {
            if plan.title.is_some() {
                return Err(bad(Refused::RenamedTwice { place: place() }));
            }
            plan.title = Some(t.clone());
        }
        let (Some(children), Target::Division(id)) = (children, target) else { return Ok(()) };
        let d = self.division(k, id)?;
        let divisions = &self.divisions;
        let outside = |x: &str| divisions.contains_key(x) && !is_inside(d, x);
        let kids = children
            .iter()
            .map(|c| new_node(c, d.level + 1, self.patterns, &self.numero, &outside, &mut self.new_ids))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| bad(e.into()))?;
        self.rewritten.insert(id.to_string(), (kids, k));
        Ok(())
    }

    /// Whether an inserted division is placed after, or first inside, `id`.
    fn anchored_at(&self, id: &str) -> bool {
        self.inserted.iter().any(|(_, a, _)| matches!(a, Anchor::After(t) | Anchor::FirstIn(t) if t == id))
    }

    /// The division `id` and all it contains, itself first.
    fn inside(&self, id: &str) -> Vec<&'a Division> {
        let mut inside = Vec::new();
        self.divisions[id].walk(&mut inside);
        inside
    }

    /// Nothing inside a division rewritten whole can be amended too.
    fn nothing_amended_inside_what_is_rewritten(&self) -> std::result::Result<(), Refusal> {
        for (id, (_, k)) in &self.rewritten {
            for x in self.inside(id).iter().skip(1) {
                if self.plans.contains_key(&x.id)
                    || self.renumbered.contains_key(&x.id)
                    || self.deleted.contains_key(&x.id)
                    || self.anchored_at(&x.id)
                {
                    return Err((*k, Refused::InsideRewritten { id: id.clone(), inside: x.id.clone() }));
                }
            }
        }
        Ok(())
    }

    /// A deleted division cannot also be amended, nor anything inside it,
    /// nor serve as the place of a new division.
    fn nothing_amended_inside_what_is_deleted(&self) -> std::result::Result<(), Refusal> {
        for (id, k) in &self.deleted {
            for x in self.inside(id) {
                if self.plans.contains_key(&x.id) || self.renumbered.contains_key(&x.id) || self.anchored_at(&x.id) {
                    return Err((*k, Refused::DeletedAndAmended { id: x.id.clone() }));
                }
            }
        }
        Ok(())
    }

    /// Words replaced throughout: every occurrence the other operations leave
    /// standing (an alinéa rewritten or deleted, a division rewritten,
    /// renamed or deleted, keeps its new text).
    fn replace_everywhere(&mut self, words: &str, by: &str, k: usize) -> std::result::Result<(), Refusal> {
        let mut gone: HashSet<&str> = HashSet::new();
        for id in self.deleted.keys() {
            gone.extend(self.inside(id).iter().map(|d| d.id.as_str()));
        }
        for id in self.rewritten.keys() {
            gone.extend(self.inside(id).iter().skip(1).map(|d| d.id.as_str()));
        }
        let mut found = 0;
        for d in self.doc.all_divisions() {
            if !gone.contains(d.id.as_str()) {
                found += self.replace_in_division(d, words, by, k)?;
            }
        }
        for (kind, alineas) in self.part_texts.iter().filter(|(k, _)| **k != PartKind::Cloture) {
            let plan = self.part_plans.entry(*kind).or_default();
            let hits = substitute(plan, alineas, words, by, k).map_err(|other| {
                (k, Refused::SameWords { other: other + 1, words: words.to_string(), place: kind.name().to_string() })
            })?;
            found += hits;
            if hits == 0 && !plan.changes_text() {
                self.part_plans.remove(kind);
            }
        }
        if found == 0 {
            return Err((k, Refused::WordsNowhere { words: words.to_string() }));
        }
        Ok(())
    }

    /// The words replaced in one division's alinéas and title (unless
    /// another operation renames it): how many occurrences.
    fn replace_in_division(
        &mut self,
        d: &Division,
        words: &str,
        by: &str,
        k: usize,
    ) -> std::result::Result<usize, Refusal> {
        let plan = self.plans.entry(d.id.clone()).or_default();
        let mut found = substitute(plan, &d.alineas, words, by, k).map_err(|other| {
            (k, Refused::SameWords { other: other + 1, words: words.to_string(), place: format!("« {} »", d.id) })
        })?;
        let title_hits = find_words(&inline_text(&d.title), words);
        if plan.title.is_none() && !title_hits.is_empty() {
            let new = apply_word_edits(&d.title, title_hits.iter().map(|(s, e)| (*s, *e, by.to_string())).collect());
            plan.title = Some(new);
            found += title_hits.len();
        }
        if found == 0 && !plan.changes_text() && plan.title.is_none() {
            self.plans.remove(&d.id);
        }
        Ok(found)
    }

    fn into_plan(self) -> Plan {
        let divisions = self.divisions;
        let amended = self
            .plans
            .into_iter()
            .map(|(id, p)| {
                let alineas = p.changes_text().then(|| p.carry_out(&divisions[id.as_str()].alineas));
                (id, (alineas, p.title))
            })
            .collect();
        let parts = self.part_plans.into_iter().map(|(kind, p)| (kind, p.carry_out(&self.part_texts[&kind]))).collect();
        // Inserted after the same division, the last one goes in first, so
        // that they stand in the order the avenant lists them.
        let mut inserted = self.inserted;
        inserted.reverse();
        Plan {
            numero: self.numero,
            rewritten: self.rewritten.into_iter().map(|(id, (kids, _))| (id, kids)).collect(),
            amended,
            parts,
            title: self.title.map(|(t, _)| t),
            renumbered: self.renumbered.into_iter().map(|(id, (l, _))| (id, l)).collect(),
            deleted: self.deleted.into_keys().collect(),
            inserted: inserted.into_iter().map(|(_, a, n)| (a, n)).collect(),
        }
    }
}

/// An operation on words or alinéas of one division or part: checked
/// against its alinéas, recorded in its plan unless another operation
/// already changes the same text.
fn amend_alineas(
    k: usize,
    op: &Operation,
    alineas: &[Alinea],
    plan: &mut DivisionOps,
    name: &str,
) -> std::result::Result<(), Refusal> {
    let bad = |why: Refused| (k, why);
    let place = || name.to_string();
    let n = alineas.len();
    let check_alinea = |a: usize| {
        if a == 0 || a > n {
            Err(bad(Refused::NoAlinea { place: place(), alinea: a, count: n }))
        } else {
            Ok(())
        }
    };
    let conflict = |other: usize| bad(Refused::SameText { other: other + 1, place: place() });
    if let Some((_, other)) = &plan.replace_all {
        return Err(conflict(*other));
    }
    match op {
        Operation::ReplaceWords { alinea, .. }
        | Operation::DeleteWords { alinea, .. }
        | Operation::InsertWords { alinea, .. }
        | Operation::AppendWords { alinea, .. } => {
            check_alinea(*alinea)?;
            let text = inline_text(&alineas[alinea - 1].inlines);
            let (s, e, new) =
                word_edit(&text, op).map_err(|why| bad(Refused::InAlinea { why, alinea: *alinea, place: place() }))?;
            plan.add_word_edit(*alinea, (s, e, new, k)).map_err(conflict)
        }
        Operation::ReplaceAlinea { alinea, text, .. } => {
            check_alinea(*alinea)?;
            plan.set_fate(*alinea, Fate::Replace(text.clone()), k).map_err(conflict)
        }
        Operation::DeleteAlineas { alinea, count, .. } => {
            check_alinea(*alinea)?;
            if *count == 0 || alinea.saturating_add(*count) - 1 > n {
                return Err(bad(Refused::NoAlineas {
                    place: place(),
                    from: *alinea,
                    to: alinea.saturating_add(*count).saturating_sub(1),
                    count: n,
                }));
            }
            (*alinea..alinea + count).try_for_each(|a| plan.set_fate(a, Fate::Delete, k).map_err(conflict))
        }
        Operation::InsertAlineas { after, text, .. } => {
            if *after > n {
                return Err(bad(Refused::NoAlineaToFollow { place: place(), after: *after, count: n }));
            }
            let new = text.clone();
            if new.is_empty() {
                return Err(bad(Refused::NoTextToInsert));
            }
            if let Some((_, other)) = plan.inserts.get(after) {
                return Err(conflict(*other));
            }
            plan.inserts.insert(*after, (new, k));
            Ok(())
        }
        _ => unreachable!("only operations on alinéas are read here"),
    }
}

/// Adds to `plan` the replacement of every occurrence of `words` in the
/// alinéas no other operation rewrites; how many there were, or the
/// operation whose edit overlaps one.
fn substitute(
    plan: &mut DivisionOps,
    alineas: &[Alinea],
    words: &str,
    by: &str,
    k: usize,
) -> std::result::Result<usize, usize> {
    if plan.replace_all.is_some() {
        return Ok(0);
    }
    let mut found = 0;
    for (i, a) in alineas.iter().enumerate() {
        if plan.fates.contains_key(&(i + 1)) {
            continue;
        }
        for (s, e) in find_words(&inline_text(&a.inlines), words) {
            plan.add_word_edit(i + 1, (s, e, by.to_string(), k))?;
            found += 1;
        }
    }
    Ok(found)
}

/// Whether `id` is a subdivision of `d` (its old subdivisions' ids may be
/// given again to the ones that replace them).
fn is_inside(d: &Division, id: &str) -> bool {
    let mut all = Vec::new();
    d.walk(&mut all);
    all.iter().skip(1).any(|x| x.id == id)
}

fn new_node(
    spec: &NewDivision,
    level: usize,
    patterns: &[Pattern],
    numero: &str,
    exists: &dyn Fn(&str) -> bool,
    taken: &mut HashSet<String>,
) -> std::result::Result<NewNode, Unapplicable> {
    if exists(&spec.id) || !taken.insert(spec.id.clone()) {
        return Err(Unapplicable::IdTaken { id: spec.id.clone() });
    }
    let alineas = spec.text.clone();
    let title = spec.title.clone();
    let label =
        spec.label.clone().or_else(|| spec.number.as_ref().map(|n| crate::numbering::label_at(patterns, level, n)));
    let children = spec
        .children
        .iter()
        .map(|c| new_node(c, level + 1, patterns, numero, exists, taken))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let division = Division {
        id: spec.id.clone(),
        label: label.clone(),
        title,
        level,
        alineas,
        children: children.iter().map(|c| c.division.clone()).collect(),
        history: vec![numero.to_string()],
        toc: Default::default(),
        after_signatures: false,
        change: Default::default(),
    };
    Ok(NewNode { division, numbered: spec.number.is_some(), label, children })
}

/// A tree of divisions: the model's, or the manifest's outline. The
/// avenant's plan is carried out on both the same way.
trait Tree: Sized {
    fn key(&self) -> &str;
    fn kids(&mut self) -> &mut Vec<Self>;
}

impl Tree for Division {
    fn key(&self) -> &str {
        &self.id
    }
    fn kids(&mut self) -> &mut Vec<Self> {
        &mut self.children
    }
}

impl Tree for Node {
    fn key(&self) -> &str {
        &self.id
    }
    fn kids(&mut self) -> &mut Vec<Self> {
        &mut self.children
    }
}

/// Calls `f` on the list of siblings holding `id`, with its position.
fn with_siblings<T: Tree>(list: &mut Vec<T>, id: &str, f: &mut dyn FnMut(&mut Vec<T>, usize)) -> bool {
    if let Some(k) = list.iter().position(|x| x.key() == id) {
        f(list, k);
        return true;
    }
    list.iter_mut().any(|x| with_siblings(x.kids(), id, f))
}

/// The division (or outline node) of an id, anywhere in the tree.
fn find_mut<'a, T: Tree>(list: &'a mut [T], id: &str) -> Option<&'a mut T> {
    for d in list {
        if d.key() == id {
            return Some(d);
        }
        if let Some(x) = find_mut(d.kids(), id) {
            return Some(x);
        }
    }
    None
}

/// The text after the avenant, on the model.
pub fn apply_to_document(doc: &Document, plan: &Plan) -> Document {
    let mut d = doc.clone();
    for (id, (alineas, title)) in &plan.amended {
        if let Some(div) = find_mut(&mut d.divisions, id) {
            if let Some(a) = alineas {
                div.alineas = a.clone();
            }
            if let Some(t) = title {
                div.title = t.clone();
            }
        }
    }
    for (id, label) in &plan.renumbered {
        if let Some(div) = find_mut(&mut d.divisions, id) {
            div.label = Some(label.clone());
        }
    }
    for (id, kids) in &plan.rewritten {
        if let Some(div) = find_mut(&mut d.divisions, id) {
            div.children = kids.iter().map(|k| k.division.clone()).collect();
        }
    }
    for (anchor, node) in &plan.inserted {
        let (id, first) = match anchor {
            Anchor::After(a) => (a, false),
            Anchor::FirstIn(p) => (p, true),
        };
        let new = node.division.clone();
        if first {
            if let Some(p) = find_mut(&mut d.divisions, id) {
                p.children.insert(0, new);
            }
        } else {
            with_siblings(&mut d.divisions, id, &mut |l, k| {
                l.insert(k + 1, Division { after_signatures: l[k].after_signatures, ..new.clone() })
            });
        }
    }
    for id in &plan.deleted {
        with_siblings(&mut d.divisions, id, &mut |l, k| {
            l.remove(k);
        });
    }
    for (kind, alineas) in &plan.parts {
        let mut first = true;
        for part in d.front.iter_mut().chain(d.closing.iter_mut()).filter(|p| p.kind == *kind) {
            part.alineas = if std::mem::take(&mut first) { alineas.clone() } else { Vec::new() };
        }
        d.front.retain(|p| !p.alineas.is_empty());
        d.closing.retain(|p| !p.alineas.is_empty());
    }
    if let Some(lines) = &plan.title {
        d.title_page = title_lines(lines);
        d.meta.title = title_text(&d.title_page);
    }
    for id in plan.touched() {
        if let Some(div) = find_mut(&mut d.divisions, &id) {
            if !div.history.contains(&plan.numero) {
                div.history.push(plan.numero.clone());
            }
        }
    }
    d
}

/// The title page's lines: an empty line is no line.
fn title_lines(lines: &[Vec<Inline>]) -> Vec<Vec<Inline>> {
    lines.iter().filter(|l| !l.is_empty()).cloned().collect()
}

/// The title as one line of text (document properties, citations).
fn title_text(page: &[Vec<Inline>]) -> String {
    page.iter().map(|l| inline_text(l)).collect::<Vec<_>>().join(" ")
}

/// The local clause id for an amended or new division: its own id, unless
/// another division's clause already has that name.
fn local_clause_id(id: &str, clauses: &BTreeMap<String, Clause>, current: Option<&str>) -> String {
    if current == Some(id) || !clauses.contains_key(id) {
        return id.to_string();
    }
    let mut k = 2;
    loop {
        let c = format!("{}-{}", id, k);
        if !clauses.contains_key(&c) {
            return c;
        }
        k += 1;
    }
}

/// Fixes the labels a node and its subdivisions have now, so that they do
/// not change when a sibling goes or a parent is renumbered.
fn freeze_labels(node: &mut Node, labels: &HashMap<&str, Option<&str>>) {
    if node.numbered && node.label.is_none() {
        if let Some(Some(l)) = labels.get(node.id.as_str()) {
            node.label = Some(l.to_string());
        }
    }
    for c in &mut node.children {
        freeze_labels(c, labels);
    }
}

fn source_node(n: &NewNode, dir: &Path, clauses: &mut BTreeMap<String, Clause>) -> Node {
    let clause = (!n.division.alineas.is_empty()).then(|| {
        let cid = local_clause_id(&n.division.id, clauses, None);
        clauses.insert(cid.clone(), Clause::written(dir, &cid, fragment(&n.division.alineas)));
        cid
    });
    Node {
        id: n.division.id.clone(),
        // Literal fragment Markdown: escaped for handlebars too.
        title: inlines_to_markdown(&n.division.title),
        clause,
        numbered: n.numbered,
        label: n.label.clone(),
        toc: None,
        in_toc: None,
        page: None,
        history: n.division.history.clone(),
        after_signatures: false,
        children: n.children.iter().map(|c| source_node(c, dir, clauses)).collect(),
    }
}

/// The consolidated source: the plan carried out on `src` (whose assembled
/// text is `doc`).
fn write_back(src: &Source, doc: &Document, plan: &Plan, applied: AppliedAvenant) -> Source {
    let mut m = src.manifest.clone();
    let mut clauses = src.clauses.clone();
    let dir = src.dir.clone();
    let labels: HashMap<&str, Option<&str>> =
        doc.all_divisions().into_iter().map(|d| (d.id.as_str(), d.label.as_deref())).collect();
    for (id, (alineas, title)) in &plan.amended {
        if let Some(node) = find_mut(&mut m.outline, id) {
            if let Some(a) = alineas {
                if a.is_empty() {
                    node.clause = None;
                } else {
                    let cid = local_clause_id(id, &clauses, node.clause.as_deref());
                    clauses.insert(cid.clone(), Clause::written(&dir, &cid, fragment(a)));
                    node.clause = Some(cid);
                }
            }
            if let Some(t) = title {
                node.title = inlines_to_markdown(t);
            }
        }
    }
    for (id, label) in &plan.renumbered {
        // The node and the siblings after it keep their labels: an explicit
        // label no longer counts in the sequence.
        with_siblings(&mut m.outline, id, &mut |l, k| {
            for n in l.iter_mut().skip(k) {
                freeze_labels(n, &labels);
            }
            l[k].label = Some(label.clone());
        });
    }
    for (id, kids) in &plan.rewritten {
        let nodes: Vec<Node> = kids.iter().map(|k| source_node(k, &dir, &mut clauses)).collect();
        if let Some(node) = find_mut(&mut m.outline, id) {
            node.children = nodes;
        }
    }
    for (anchor, new) in &plan.inserted {
        let node = source_node(new, &dir, &mut clauses);
        match anchor {
            Anchor::After(a) => {
                // A division inserted after an annex that follows the
                // signatures follows them too.
                with_siblings(&mut m.outline, a, &mut |l, k| {
                    l.insert(k + 1, Node { after_signatures: l[k].after_signatures, ..node.clone() })
                });
            }
            Anchor::FirstIn(p) => {
                if let Some(p) = find_mut(&mut m.outline, p) {
                    p.children.insert(0, node);
                }
            }
        }
    }
    for id in &plan.deleted {
        with_siblings(&mut m.outline, id, &mut |l, k| {
            for later in l.iter_mut().skip(k + 1) {
                freeze_labels(later, &labels);
            }
            l.remove(k);
        });
    }
    for id in plan.touched() {
        if let Some(node) = find_mut(&mut m.outline, &id) {
            if !node.history.contains(&plan.numero) {
                node.history.push(plan.numero.clone());
            }
        }
    }
    for (kind, alineas) in &plan.parts {
        let name = part_name(*kind);
        let cid = local_clause_id(&format!("partie-{}", name), &clauses, m.parts.get(name).and_then(|v| v.as_str()));
        clauses.insert(cid.clone(), Clause::written(&dir, &cid, fragment(alineas)));
        m.parts.insert(name.to_string(), serde_json::Value::String(cid));
    }
    if let Some(lines) = &plan.title {
        let page = title_lines(lines);
        let cid = local_clause_id("partie-titre", &clauses, m.parts.get("titre").and_then(|v| v.as_str()));
        clauses.insert(
            cid.clone(),
            Clause::written(
                &dir,
                &cid,
                fragment(&page.iter().map(|l| Alinea::paragraph(l.clone())).collect::<Vec<_>>()),
            ),
        );
        m.parts.insert("titre".into(), serde_json::Value::String(cid));
        m.title = title_text(&page);
    }
    m.avenants.push(applied);
    // Clauses no division uses any more are dropped from the consolidated source.
    let used: HashSet<String> = crate::source::clause_ids(&m).into_iter().collect();
    let included: HashSet<String> =
        clauses.values().flat_map(|c| crate::source::includes(&c.text).into_iter().map(|(i, _)| i)).collect();
    clauses.retain(|id, _| used.contains(id) || included.contains(id));
    Source { dir, manifest: m, clauses }
}

/// Refuses a change set drafted on another text (unless forced).
pub(crate) fn check_base(doc: &Document, cs: &ChangeSet, path: &Path, src: &Source, force: bool) -> Result<()> {
    match crate::fingerprint::matches(&cs.base.fingerprint, doc) {
        Some(true) => Ok(()),
        _ if force => Ok(()),
        None => Err(Error::ChangeSet { path: path.to_path_buf(), msg: format!("base.fingerprint « {} »: unknown fingerprint scheme (expected {}:…)", cs.base.fingerprint, crate::fingerprint::SCHEME) }),
        Some(false) => Err(Error::ChangeSet {
            path: path.to_path_buf(),
            msg: format!(
                "avenant n° {} amends the text {} (source {}), but {} is {}: apply it to that text, or pass --force to apply it knowingly",
                cs.numero,
                cs.base.fingerprint,
                cs.base.source,
                src.dir.display(),
                crate::fingerprint::of(doc)
            ),
        }),
    }
}

/// Names a refused operation in one line.
pub(crate) fn refusal(path: &Path, cs: &ChangeSet, (k, msg): Refusal) -> Error {
    let name = cs.operations.get(k).map(Operation::name).unwrap_or_default();
    Error::ChangeSet { path: path.to_path_buf(), msg: format!("operation {} ({}): {}", k + 1, name, msg) }
}

/// Applies `cs` to `src`: the consolidated source. `path` names the change
/// set in refusals.
pub fn apply(src: &Source, cs: &ChangeSet, path: &Path, opts: &ApplyOptions) -> Result<Source> {
    let doc = assemble(src, &BuildOptions::default())?;
    Ok(consolidate(src, &doc, cs, path, opts)?.0)
}

/// The consolidated source and its text, for `cs` applied to `src` whose
/// assembled text is `doc` (assembled once by the caller).
pub fn consolidate(
    src: &Source,
    doc: &Document,
    cs: &ChangeSet,
    path: &Path,
    opts: &ApplyOptions,
) -> Result<(Source, Document)> {
    check_base(doc, cs, path, src, opts.force)?;
    let plan = resolve(doc, cs, &patterns_of(src)).map_err(|r| refusal(path, cs, r))?;
    let applied = AppliedAvenant { numero: cs.numero, date: cs.date.clone(), base: crate::fingerprint::of(doc) };
    let out = write_back(src, doc, &plan, applied);
    // The facts the amended words print follow them (or the avenant is refused).
    let out = super::in_step::keep(src, doc, &plan, cs, path, out)?;
    // Never hand back a source that does not build.
    let text = assemble(&out, &BuildOptions::default()).map_err(|e| Error::Manifest {
        path: path.to_path_buf(),
        why: crate::error::BadManifest::WouldNotBuild { written: false, error: Box::new(e) },
    })?;
    Ok((out, text))
}

#[cfg(test)]
mod tests {
    use super::{count_words, find_words};
    use proptest::prelude::*;

    proptest! {
        /// The one-pass count is `find_words` counted, for words that
        /// overlap themselves (« la la »), share a prefix or sit inside
        /// other words.
        #[test]
        fn counting_all_quotings_at_once_is_counting_each(
            texts in proptest::collection::vec("(la|l’|a|é|, | |-|lala)*", 1..4),
            words in proptest::collection::vec("(la|a|é| |la la|l’a)+", 1..6),
        ) {
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            let each: Vec<usize> = refs.iter().map(|w| texts.iter().map(|t| find_words(t, w).len()).sum()).collect();
            prop_assert_eq!(count_words(&texts, &refs), each);
        }
    }
}
