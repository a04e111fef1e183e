//! Facts and text in step: a fact the text prints (a duration, a notice, an
//! amount written in a clause through `{{duree.initiale}}`) has one home,
//! the variable it is printed from. When an avenant changes the words that
//! print it (avenant n° 1 turns « 2 ans » into « 3 ans »), the consolidated
//! source's variable takes the new words and the amended clause prints it
//! from the variable again — so `calendrier` counts the new term and a later
//! `facts --set` changes the text. When the new words cannot be told apart
//! (the sentence around them rewritten), or the avenant changes the fact in
//! one place and not in another, a fact the calendar counts is refused by
//! name; any other variable keeps its value and the changed words stay as
//! the avenant wrote them.
//!
//! Where a variable is printed is found by assembling the source once more
//! with each value between two private-use characters: the marks give the
//! place of every printing, helpers and shared clauses included.

use super::apply::{splice, Plan};
use super::ChangeSet;
use crate::calendar::{months_of, TERMS};
use crate::error::{Error, Result};
use crate::model::{inline_text, Alinea, AlineaKind, Division, Document, PartKind};
use crate::render::{assemble, BuildOptions};
use crate::sequence_diff::{diff, Tag};
use crate::source::from_model::fragment;
use crate::source::{Origine, Provenance, Source};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// The first mark opening a value (the k-th value opens with this plus k),
/// and the one closing every value: supplementary private use, never typed.
const OPEN: u32 = 0xF0000;
const CLOSE: char = '\u{10FFFD}';
/// The most variables followed (the marks' range).
const MAX_FACTS: usize = 0xFFF0;

/// A variable of the source: its path under `variables` and its value.
#[derive(Debug, Clone)]
struct Variable {
    path: Vec<String>,
    value: String,
}

impl Variable {
    fn name(&self) -> String {
        format!("variables.{}", self.path.join("."))
    }
    fn counted(&self) -> bool {
        TERMS.iter().any(|t| t.name == self.name())
    }
}

/// The text values of `variables`, objects walked in order (lists and the
/// older manifests' numbers of `calendrier` are not printed words).
fn variables(vars: &serde_json::Map<String, Value>) -> Vec<Variable> {
    fn go(v: &Value, path: &mut Vec<String>, out: &mut Vec<Variable>) {
        match v {
            Value::String(s) if !s.trim().is_empty() => out.push(Variable { path: path.clone(), value: s.clone() }),
            Value::Object(o) => {
                for (k, v) in o {
                    path.push(k.clone());
                    go(v, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (k, v) in vars.iter().filter(|(k, _)| k.as_str() != "calendrier") {
        go(v, &mut vec![k.clone()], &mut out);
    }
    out.truncate(MAX_FACTS);
    out
}

/// Where words stand: a division (by id) or a part of the text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Division(String),
    Part(PartKind),
}

/// One printing of a variable: where, in which alinéa, which bytes of its text.
#[derive(Debug, Clone)]
struct Printing {
    fact: usize,
    place: Place,
    alinea: usize,
    start: usize,
    end: usize,
}

/// The text of an alinéa as its words are spliced (tables are not followed).
fn text_of(a: &Alinea) -> Option<String> {
    (!matches!(a.kind, AlineaKind::Table { .. })).then(|| inline_text(&a.inlines))
}

/// The marks of `marked` read off: the text without them, and each value's
/// bytes in it.
fn read_marks(marked: &str) -> (String, Vec<(usize, usize, usize)>) {
    let mut plain = String::with_capacity(marked.len());
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut spans = Vec::new();
    for c in marked.chars() {
        let u = c as u32;
        if c == CLOSE {
            if let Some((k, s)) = open.pop() {
                spans.push((k, s, plain.len()));
            }
        } else if (OPEN..OPEN + MAX_FACTS as u32).contains(&u) {
            open.push(((u - OPEN) as usize, plain.len()));
        } else {
            plain.push(c);
        }
    }
    (plain, spans)
}

/// Every alinéa of the text by place, in order.
fn places(doc: &Document) -> Vec<(Place, &[Alinea])> {
    let mut out: Vec<(Place, &[Alinea])> =
        doc.all_divisions().into_iter().map(|d| (Place::Division(d.id.clone()), d.alineas.as_slice())).collect();
    for p in doc.front.iter().chain(&doc.closing) {
        out.push((Place::Part(p.kind), p.alineas.as_slice()));
    }
    out
}

/// Where each variable is printed in the text of `src` (whose assembled
/// text is `doc`): the text assembled once more with marked values. None
/// when that cannot be done (a helper refusing a marked value).
fn printings(src: &Source, doc: &Document, vars: &[Variable]) -> Option<Vec<Printing>> {
    let mut marked = src.clone();
    for (k, v) in vars.iter().enumerate() {
        let mut at = &mut marked.manifest.variables;
        for p in &v.path[..v.path.len() - 1] {
            at = at.get_mut(p)?.as_object_mut()?;
        }
        let mark = char::from_u32(OPEN + k as u32)?;
        at.insert(v.path.last()?.clone(), Value::String(format!("{}{}{}", mark, v.value, CLOSE)));
    }
    let marked_doc = assemble(&marked, &BuildOptions::default()).ok()?;
    let real: BTreeMap<Place, &[Alinea]> = places(doc).into_iter().collect();
    let mut out = Vec::new();
    for (place, alineas) in places(&marked_doc) {
        let Some(real) = real.get(&place) else { continue };
        for (j, (m, r)) in alineas.iter().zip(real.iter()).enumerate() {
            let (Some(m), Some(r)) = (text_of(m), text_of(r)) else { continue };
            let (plain, spans) = read_marks(&m);
            // A helper that changed the value (« capitalize ») shows as a
            // text that is not the real one: those printings are not followed.
            if plain != r {
                continue;
            }
            out.extend(spans.into_iter().map(|(fact, start, end)| Printing {
                fact,
                place: place.clone(),
                alinea: j,
                start,
                end,
            }));
        }
    }
    Some(out)
}

/// The printings of a counted term the text writes in its own words (an
/// imported text, whose fact was set beside it): its value found in the
/// text, when it stands there exactly once.
fn literal_printings(doc: &Document, vars: &[Variable], found: &[Printing]) -> Vec<Printing> {
    let mut out = Vec::new();
    for (k, v) in vars.iter().enumerate() {
        if !v.counted() || found.iter().any(|p| p.fact == k) {
            continue;
        }
        let mut hits = Vec::new();
        for (place, alineas) in places(doc) {
            for (j, a) in alineas.iter().enumerate() {
                if let Some(t) = text_of(a) {
                    for (s, e) in super::apply::find_words(&t, v.value.trim()) {
                        hits.push(Printing { fact: k, place: place.clone(), alinea: j, start: s, end: e });
                    }
                }
            }
        }
        if hits.len() == 1 {
            out.append(&mut hits);
        }
    }
    out
}

/// What became of one printing in the amended text.
#[derive(Debug, Clone)]
enum Fate {
    /// The place is not amended: it still prints the variable.
    Untouched,
    /// The same words, at these bytes of this new alinéa.
    Kept { alinea: usize, start: usize, end: usize },
    /// New words, at these bytes of this new alinéa.
    Changed { value: String, alinea: usize, start: usize, end: usize },
    /// Rewritten with the words around them (`deleted`: or deleted, with
    /// nothing in their place).
    Lost { deleted: bool },
}

/// The alinéas joined, with where each starts.
fn joined(alineas: &[Alinea]) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut starts = Vec::new();
    for (k, a) in alineas.iter().enumerate() {
        if k > 0 {
            text.push_str("\n\n");
        }
        starts.push(text.len());
        // A table stands as one mark: its cells are not followed.
        text.push_str(&text_of(a).unwrap_or_else(|| "\u{FFFC}".into()));
    }
    (text, starts)
}

/// The alinéa a byte of the joined text is in, and its offset there.
fn locate(starts: &[usize], at: usize) -> (usize, usize) {
    let k = starts.partition_point(|s| *s <= at).saturating_sub(1);
    (k, at - starts.get(k).copied().unwrap_or(0))
}

/// Follows the printings of one place from its old alinéas to its new ones
/// through a word diff: words that did not change keep their printing;
/// changed words between the same unchanged neighbours are the new value.
fn follow(old: &[Alinea], new: &[Alinea], printings: &[&Printing]) -> Vec<Fate> {
    let (a, a_starts) = joined(old);
    let (b, b_starts) = joined(new);
    let ta = crate::tokens::tokenize(&a);
    let tb = crate::tokens::tokenize(&b);
    let wa: Vec<&str> = ta.iter().map(|t| t.text).collect();
    let wb: Vec<&str> = tb.iter().map(|t| t.text).collect();
    let spans = diff(similar::Algorithm::Patience, &wa, &wb, None);
    // For each old token, its new token when unchanged.
    let mut same: Vec<Option<usize>> = vec![None; ta.len()];
    for s in spans.iter().filter(|s| s.tag == Tag::Equal) {
        for (i, j) in s.old.clone().zip(s.new.clone()) {
            same[i] = Some(j);
        }
    }
    let byte_a = |i: usize| ta.get(i).map_or(a.len(), |t| t.start);
    let byte_b = |j: usize| tb.get(j).map_or(b.len(), |t| t.start);
    printings
        .iter()
        .map(|p| {
            let (s, e) = (a_starts[p.alinea] + p.start, a_starts[p.alinea] + p.end);
            let first = ta.partition_point(|t| t.start + t.text.len() <= s);
            let last = ta.partition_point(|t| t.start < e);
            if first >= last {
                return Fate::Lost { deleted: false };
            }
            let contiguous =
                same[last - 1].zip(same[first]).is_some_and(|(l, f)| l.checked_sub(f) == Some(last - 1 - first));
            if (first..last).all(|i| same[i].is_some()) && contiguous {
                let ns = byte_b(same[first].unwrap_or(0)) + (s - byte_a(first));
                let (k, start) = locate(&b_starts, ns);
                return Fate::Kept { alinea: k, start, end: start + (e - s) };
            }
            // The nearest unchanged words on either side, and the text between.
            let before = (0..first).rev().find(|&i| same[i].is_some());
            let after = (last..ta.len()).find(|&i| same[i].is_some());
            let (old_from, new_from) = match before {
                Some(i) => (byte_a(i + 1), byte_b(same[i].unwrap_or(0) + 1)),
                None => (0, 0),
            };
            let (old_to, new_to) = match after {
                Some(i) => (byte_a(i), byte_b(same[i].unwrap_or(0))),
                None => (a.len(), b.len()),
            };
            if new_from > new_to {
                return Fate::Lost { deleted: true };
            }
            let (lead, trail) = (&a[old_from..s], &a[e..old_to]);
            let region = &b[new_from..new_to];
            match region.strip_prefix(lead).and_then(|r| r.strip_suffix(trail)) {
                Some(v) if !v.trim().is_empty() && !v.contains("\n\n") && v.trim() == v => {
                    let ns = new_from + lead.len();
                    let (k, start) = locate(&b_starts, ns);
                    Fate::Changed { value: v.to_string(), alinea: k, start, end: start + v.len() }
                }
                // Nothing new between the same neighbours: the words are gone.
                _ => {
                    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
                    Fate::Lost { deleted: words(region) == words(&format!("{} {}", lead, trail)) }
                }
            }
        })
        .collect()
}

/// The ids of the divisions under `d` (not `d` itself).
fn below(d: &Division, out: &mut HashSet<String>) {
    for c in &d.children {
        out.insert(c.id.clone());
        below(c, out);
    }
}

/// Where a place is named in a refusal: « division iv, alinéa 1 ».
fn where_(place: &Place, alinea: usize) -> String {
    match place {
        Place::Division(id) => format!("division « {} », alinéa {}", id, alinea + 1),
        Place::Part(k) => format!("{}, alinéa {}", k.name(), alinea + 1),
    }
}

/// What one variable becomes: its new value (if the avenant changed it
/// everywhere it is printed), whether it goes (the avenant deleted every
/// printing of it), and the printings to print from it again.
struct Outcome {
    value: Option<String>,
    removed: bool,
    templated: Vec<(Place, usize, usize, usize)>,
}

/// Decides what becomes of variable `k` from the fates of its printings;
/// refuses what would leave a counted term with two values, or none.
fn decide(v: &Variable, fates: &[(&Printing, Fate)], refuse: &dyn Fn(String) -> Error) -> Result<Outcome> {
    let mut values: Vec<&str> = Vec::new();
    let (mut unchanged, mut lost, mut rewritten) = (Vec::new(), Vec::new(), false);
    let mut templated = Vec::new();
    for (p, f) in fates {
        match f {
            Fate::Untouched => unchanged.push(where_(&p.place, p.alinea)),
            Fate::Kept { alinea, start, end } => {
                unchanged.push(where_(&p.place, p.alinea));
                templated.push((p.place.clone(), *alinea, *start, *end));
            }
            Fate::Changed { value, .. } => {
                if !values.contains(&value.as_str()) {
                    values.push(value);
                }
            }
            Fate::Lost { deleted } => {
                lost.push(where_(&p.place, p.alinea));
                rewritten |= !deleted;
            }
        }
    }
    let changed_at: Vec<String> = fates
        .iter()
        .filter(|(_, f)| matches!(f, Fate::Changed { .. }))
        .map(|(p, _)| where_(&p.place, p.alinea))
        .collect();
    match (values.as_slice(), unchanged.is_empty()) {
        // Deleted wherever it was printed: the text no longer states it.
        ([], true) if !lost.is_empty() && !rewritten => Ok(Outcome { value: None, removed: true, templated }),
        ([], _) if v.counted() && unchanged.is_empty() && !lost.is_empty() => Err(refuse(format!(
            "it rewrites the words that print {} (« {} », {}) with the words around them: the calendar could no longer count the term; amend the words « {} » themselves (replace_words)",
            v.name(),
            v.value,
            lost.join(", "),
            v.value
        ))),
        ([], _) => Ok(Outcome { value: None, removed: false, templated }),
        ([new], true) => {
            if v.counted() && months_of(new).is_none() {
                return Err(refuse(format!(
                    "it changes {} « {} » into « {} » ({}), which is not a term the calendar can count (« 3 ans », « trois ans », « 36 mois »)",
                    v.name(),
                    v.value,
                    new,
                    changed_at.join(", ")
                )));
            }
            for (p, f) in fates {
                if let Fate::Changed { alinea, start, end, .. } = f {
                    templated.push((p.place.clone(), *alinea, *start, *end));
                }
            }
            Ok(Outcome { value: Some(new.to_string()), removed: false, templated })
        }
        _ if v.counted() => Err(refuse(format!(
            "it changes {} « {} » into « {} » ({}) but leaves it {}: the fact would have two values; amend every place it is printed",
            v.name(),
            v.value,
            values.join(" », « "),
            changed_at.join(", "),
            if unchanged.is_empty() { "with other words elsewhere".to_string() } else { format!("as it is in {}", unchanged.join(", ")) }
        ))),
        // A variable no calendar counts, changed in one place only: that
        // place keeps the avenant's words, the others the variable.
        _ => Ok(Outcome { value: None, removed: false, templated }),
    }
}

/// The new alinéas of a place the avenant amends, if it amends its text.
fn amended<'p>(plan: &'p Plan, place: &Place) -> Option<&'p [Alinea]> {
    match place {
        Place::Division(id) => plan.amended.get(id).and_then(|(a, _)| a.as_deref()),
        Place::Part(k) => plan.parts.get(k).map(Vec::as_slice),
    }
}

/// The fragment of a place printed from its variables again: each printing
/// a `{{path}}`, kept only when it renders to the very words written.
fn retemplate(
    alineas: &[Alinea],
    marks: &[(usize, usize, usize, &Variable)],
    value_of: &dyn Fn(&Variable) -> String,
) -> Option<String> {
    let literal = fragment(alineas);
    let mut marked = alineas.to_vec();
    let mut sorted: Vec<&(usize, usize, usize, &Variable)> = marks.iter().collect();
    sorted.sort_by_key(|m| std::cmp::Reverse((m.0, m.1)));
    for (k, (alinea, start, end, _)) in sorted.iter().enumerate() {
        let a = marked.get_mut(*alinea)?;
        let placeholder = format!("{}{}", char::from_u32(OPEN + k as u32)?, CLOSE);
        a.inlines = splice(&a.inlines, *start, *end, &placeholder);
    }
    let mut template = fragment(&marked);
    let mut rendered = template.clone();
    for (k, (_, _, _, v)) in sorted.iter().enumerate() {
        let placeholder = format!("{}{}", char::from_u32(OPEN + k as u32)?, CLOSE);
        template = template.replacen(&placeholder, &format!("{{{{{}}}}}", v.path.join(".")), 1);
        rendered = rendered.replacen(&placeholder, &crate::markdown::escape(&value_of(v), false), 1);
    }
    (rendered == literal).then_some(template)
}

/// Keeps the facts of the consolidated source `out` in step with its text:
/// `src` is the source before the avenant, `doc` its text, `plan` the
/// avenant resolved on it, `path` the change set (named in refusals and in
/// the new facts' provenance).
pub(crate) fn keep(
    src: &Source,
    doc: &Document,
    plan: &Plan,
    cs: &ChangeSet,
    path: &Path,
    mut out: Source,
) -> Result<Source> {
    let vars = variables(&src.manifest.variables);
    if vars.is_empty() {
        return Ok(out);
    }
    let Some(mut found) = printings(src, doc, &vars) else { return Ok(out) };
    found.extend(literal_printings(doc, &vars, &found));
    let mut gone = HashSet::new();
    for d in doc.all_divisions() {
        if plan.deleted.contains(&d.id) {
            gone.insert(d.id.clone());
            below(d, &mut gone);
        } else if plan.rewritten.contains_key(&d.id) {
            below(d, &mut gone);
        }
    }
    // The fates of every printing, place by place.
    let mut by_place: BTreeMap<Place, Vec<&Printing>> = BTreeMap::new();
    for p in &found {
        by_place.entry(p.place.clone()).or_default().push(p);
    }
    let old_places: BTreeMap<Place, &[Alinea]> = places(doc).into_iter().collect();
    let mut fates: Vec<Vec<(&Printing, Fate)>> = vec![Vec::new(); vars.len()];
    for (place, ps) in &by_place {
        let followed = match (place, amended(plan, place)) {
            (Place::Division(id), _) if gone.contains(id) => ps.iter().map(|_| Fate::Lost { deleted: true }).collect(),
            (_, Some(new)) => follow(old_places.get(place).copied().unwrap_or(&[]), new, ps),
            (_, None) => ps.iter().map(|_| Fate::Untouched).collect(),
        };
        for (p, f) in ps.iter().zip(followed) {
            fates[p.fact].push((p, f));
        }
    }
    let refuse =
        |msg: String| Error::ChangeSet { path: path.to_path_buf(), msg: format!("avenant n° {}: {}", cs.numero, msg) };
    let mut marks: BTreeMap<Place, Vec<(usize, usize, usize, &Variable)>> = BTreeMap::new();
    let mut values: Vec<Option<String>> = vec![None; vars.len()];
    let mut removed = Vec::new();
    for (k, v) in vars.iter().enumerate() {
        let o = decide(v, &fates[k], &refuse)?;
        for (place, alinea, start, end) in o.templated {
            marks.entry(place).or_default().push((alinea, start, end, v));
        }
        values[k] = o.value;
        if o.removed && v.counted() {
            removed.push(v);
        }
    }
    let value_of = |v: &Variable| {
        let k = vars.iter().position(|x| std::ptr::eq(x, v)).unwrap_or(0);
        values[k].clone().unwrap_or_else(|| v.value.clone())
    };
    for (place, ms) in &marks {
        let Some(new) = amended(plan, place) else { continue };
        let Some(text) = retemplate(new, ms, &value_of) else { continue };
        let clause = match place {
            Place::Division(id) => find_node(&out.manifest.outline, id).and_then(|n| n.clause.clone()),
            Place::Part(k) => out.manifest.parts.get(part_key(*k)).and_then(|v| v.as_str()).map(str::to_string),
        };
        if let Some(c) = clause.and_then(|c| out.clauses.get_mut(&c)) {
            c.text = text;
        }
    }
    // A term the avenant deletes is no longer a fact of the text.
    for v in removed {
        if let Some(Value::Object(o)) = out.manifest.variables.get_mut(&v.path[0]) {
            o.remove(&v.path[1..].join("."));
        }
        forget_legacy(&mut out.manifest.variables, v);
        out.manifest.provenance.remove(&v.name());
    }
    for (v, new) in vars.iter().zip(&values) {
        let Some(new) = new else { continue };
        set_variable(&mut out.manifest.variables, &v.path, new);
        forget_legacy(&mut out.manifest.variables, v);
        out.manifest.provenance.insert(
            v.name(),
            Provenance { origine: Origine::Lu, fichier: Some(path.display().to_string()), ligne: None },
        );
    }
    // The new terms must still make a calendar (a notice no longer than the term).
    crate::calendar::Terms::of(&out.manifest).map_err(|e| refuse(e.to_string()))?;
    Ok(out)
}

/// The words are the fact: an older manifest's number for a term goes.
fn forget_legacy(vars: &mut serde_json::Map<String, Value>, v: &Variable) {
    let Some(key) = TERMS.iter().find(|t| t.name == v.name()).map(|t| t.legacy_key()) else { return };
    if let Some(Value::Object(cal)) = vars.get_mut("calendrier") {
        cal.remove(key);
        if cal.is_empty() {
            vars.remove("calendrier");
        }
    }
}

fn find_node<'a>(nodes: &'a [crate::source::Node], id: &str) -> Option<&'a crate::source::Node> {
    nodes.iter().find_map(|n| if n.id == id { Some(n) } else { find_node(&n.children, id) })
}

fn part_key(k: PartKind) -> &'static str {
    match k {
        PartKind::Ouverture => "ouverture",
        PartKind::Parties => "parties",
        PartKind::Visas => "visas",
        PartKind::Cloture => "cloture",
    }
}

fn set_variable(vars: &mut serde_json::Map<String, Value>, path: &[String], value: &str) {
    let Some((last, parents)) = path.split_last() else { return };
    let mut at = vars;
    for p in parents {
        let Some(Value::Object(o)) = at.get_mut(p) else { return };
        at = o;
    }
    at.insert(last.clone(), Value::String(value.to_string()));
}
