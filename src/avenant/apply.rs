//! Applying an avenant to a source gives the consolidated source.
//!
//! The operations cite the text as it stands before the avenant, so they are
//! all resolved against that text first (and refused if they overlap), then
//! carried out. An amended clause becomes a literal fragment of the
//! consolidated source; the clauses left untouched keep their variables and
//! shared inclusions. Each changed division records the avenant in its
//! history.

use super::ops::{ChangeSet, NewDivision, Operation};
use crate::error::{Error, Result};
use crate::markdown::{self, alinea_to_markdown, inlines_to_markdown, Block};
use crate::model::{inline_text, Alinea, Document, Inline};
use crate::numbering::Pattern;
use crate::render::{assemble, BuildOptions};
use crate::source::{AppliedAvenant, Clause, Node, Source};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct ApplyOptions {
    /// Apply even if the source is not the text the avenant was drafted on.
    pub force: bool,
}

fn refuse(path: &Path, k: usize, op: &Operation, msg: String) -> Error {
    let name = serde_json::to_value(op).ok().and_then(|v| v.get("op").and_then(|o| o.as_str()).map(str::to_string)).unwrap_or_default();
    Error::Manifest { path: path.to_path_buf(), msg: format!("operation {} ({}): {}", k + 1, name, msg) }
}

/// Parses the Markdown of new alinéas (headings are not alinéas).
pub fn parse_alineas(text: &[String]) -> std::result::Result<Vec<Alinea>, String> {
    let mut out = Vec::new();
    for t in text {
        for b in markdown::parse(t) {
            match b {
                Block::Alinea { alinea, .. } => out.push(alinea),
                Block::Rule { .. } => {}
                Block::Heading { .. } => return Err(format!("« {} » is a heading, not an alinéa: insert a division instead", t.trim())),
            }
        }
    }
    Ok(out)
}

/// Byte ranges where `words` stands in `text` as whole words.
pub fn find_words(text: &str, words: &str) -> Vec<(usize, usize)> {
    if words.is_empty() {
        return vec![];
    }
    let word_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let first_inner = word_char(words.chars().next());
    let last_inner = word_char(words.chars().last());
    text.match_indices(words)
        .filter(|(s, w)| {
            let before = text[..*s].chars().last();
            let after = text[s + w.len()..].chars().next();
            // Whole words: no word character glued on either side.
            (!first_inner || !word_char(before)) && (!last_inner || !word_char(after))
        })
        .map(|(s, w)| (s, s + w.len()))
        .collect()
}

/// Replaces bytes `start..end` of the inlines' text by `new`, which takes
/// the formatting of the text where it lands (the run it replaces or ends).
pub fn splice(inlines: &[Inline], start: usize, end: usize, new: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut placed = false;
    let mut last_style = crate::model::Style::PLAIN;
    for i in inlines {
        match i {
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

/// What happens to one alinéa of the text before the avenant.
#[derive(Clone)]
enum Fate {
    Keep,
    Replace(Vec<Alinea>),
    Delete,
}

/// The plan for one division, all operations resolved against the old text.
#[derive(Default)]
struct Plan {
    /// Word edits per alinéa (1-based): (start, end, new text, operation).
    words: BTreeMap<usize, Vec<(usize, usize, String, usize)>>,
    fates: BTreeMap<usize, (Fate, usize)>,
    inserts: BTreeMap<usize, Vec<(Vec<Alinea>, usize)>>,
    replace_all: Option<(Vec<Alinea>, usize)>,
    title: Option<String>,
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

/// Applies `cs` to `src`; `path` names the change set in refusals.
pub fn apply(src: &Source, cs: &ChangeSet, path: &Path, opts: &ApplyOptions) -> Result<Source> {
    let doc = assemble(src, &BuildOptions::default())?;
    let fp = crate::fingerprint(&doc);
    if fp != cs.base.fingerprint && !opts.force {
        return Err(Error::Manifest {
            path: path.to_path_buf(),
            msg: format!(
                "avenant n° {} amends the text {} (source {}), but {} is {}: apply it to that text, or pass --force to apply it knowingly",
                cs.numero, cs.base.fingerprint, cs.base.source, src.dir.display(), fp
            ),
        });
    }
    let divisions: HashMap<&str, &crate::model::Division> = doc.all_divisions().into_iter().map(|d| (d.id.as_str(), d)).collect();
    let mut plans: BTreeMap<String, Plan> = BTreeMap::new();
    let mut deleted: HashMap<String, usize> = HashMap::new();
    let mut renumbered: HashMap<String, (String, usize)> = HashMap::new();
    let mut new_divisions: Vec<(usize, &Operation)> = Vec::new();

    for (k, op) in cs.operations.iter().enumerate() {
        let bad = |msg: String| refuse(path, k, op, msg);
        let target = op.division();
        if let Operation::InsertDivision { after, parent, id, .. } = op {
            match (after, parent) {
                (Some(_), Some(_)) | (None, None) => return Err(bad("give either `after` or `parent`".into())),
                _ => {}
            }
            if !divisions.contains_key(target) {
                return Err(bad(format!("no division « {} » in the convention", target)));
            }
            if divisions.contains_key(id.as_str()) || !crate::source::valid_id(id) || id.contains('/') {
                return Err(bad(format!("new division id « {} » is taken or not valid", id)));
            }
            new_divisions.push((k, op));
            continue;
        }
        let Some(div) = divisions.get(target) else {
            return Err(bad(format!("no division « {} » in the convention", target)));
        };
        let n = div.alineas.len();
        let check_alinea = |a: usize| if a == 0 || a > n { Err(bad(format!("division « {} » has no alinéa {} (it has {})", target, a, n))) } else { Ok(()) };
        match op {
            Operation::DeleteDivision { .. } => {
                if let Some(other) = deleted.insert(target.to_string(), k) {
                    return Err(bad(format!("operation {} already deletes « {} »", other + 1, target)));
                }
                continue;
            }
            Operation::Renumber { number, .. } => {
                if let Some((_, other)) = renumbered.insert(target.to_string(), (number.clone(), k)) {
                    return Err(bad(format!("operation {} already renumbers « {} »", other + 1, target)));
                }
                continue;
            }
            _ => {}
        }
        let plan = plans.entry(target.to_string()).or_default();
        let conflict = |other: usize| bad(format!("operation {} already changes the same text of « {} »", other + 1, target));
        if let (Some((_, other)), false) = (&plan.replace_all, matches!(op, Operation::RenameDivision { .. })) {
            return Err(conflict(*other));
        }
        match op {
            Operation::ReplaceWords { alinea, .. } | Operation::DeleteWords { alinea, .. } | Operation::InsertWords { alinea, .. } => {
                check_alinea(*alinea)?;
                let text = inline_text(&div.alineas[alinea - 1].inlines);
                let (s, e, new) = word_edit(&text, op).map_err(|m| bad(format!("{} in alinéa {} of « {} »", m, alinea, target)))?;
                add_word_edit(plan, *alinea, (s, e, new, k)).map_err(conflict)?;
            }
            Operation::ReplaceAlinea { alinea, text, .. } => {
                check_alinea(*alinea)?;
                let new = parse_alineas(text).map_err(&bad)?;
                set_fate(plan, *alinea, Fate::Replace(new), k).map_err(conflict)?;
            }
            Operation::DeleteAlineas { alinea, count, .. } => {
                check_alinea(*alinea)?;
                if *count == 0 || alinea + count - 1 > n {
                    return Err(bad(format!("division « {} » has no alinéas {} to {} (it has {})", target, alinea, alinea + count - 1, n)));
                }
                for a in *alinea..alinea + count {
                    set_fate(plan, a, Fate::Delete, k).map_err(conflict)?;
                }
            }
            Operation::InsertAlineas { after, text, .. } => {
                if *after > n {
                    return Err(bad(format!("division « {} » has no alinéa {} to insert after (it has {})", target, after, n)));
                }
                let new = parse_alineas(text).map_err(&bad)?;
                if new.is_empty() {
                    return Err(bad("no text to insert".into()));
                }
                if let Some(others) = plan.inserts.get(after) {
                    return Err(conflict(others[0].1));
                }
                plan.inserts.entry(*after).or_default().push((new, k));
            }
            Operation::ReplaceDivision { text, .. } => {
                if let Some(other) = first_op(plan) {
                    return Err(conflict(other));
                }
                plan.replace_all = Some((parse_alineas(text).map_err(&bad)?, k));
            }
            Operation::RenameDivision { title, .. } => {
                if plan.title.is_some() {
                    return Err(bad(format!("« {} » is renamed twice", target)));
                }
                // Literal text, as in every other operation: a `{{…}}` in a new
                // title is not a template (escaped, like insert_division's).
                plan.title = Some(inlines_to_markdown(&markdown::parse_inline(title)));
            }
            Operation::InsertDivision { .. } | Operation::DeleteDivision { .. } | Operation::Renumber { .. } => unreachable!("handled above"),
        }
    }

    // A deleted division cannot also be amended, nor anything inside it.
    for (id, k) in &deleted {
        let d = divisions[id.as_str()];
        let mut inside = Vec::new();
        d.walk(&mut inside);
        for x in inside {
            if plans.contains_key(&x.id) || renumbered.contains_key(&x.id) {
                let op = &cs.operations[*k];
                return Err(refuse(path, *k, op, format!("« {} » is deleted and also amended", x.id)));
            }
        }
    }

    // Carry out the plans.
    let mut m = src.manifest.clone();
    let mut clauses = src.clauses.clone();
    let numero = cs.numero.to_string();
    let patterns: Vec<Pattern> = m.numbering.iter().filter_map(|p| Pattern::parse(p).ok()).collect();
    let dir = src.dir.clone();
    let mut touched: HashSet<String> = HashSet::new();
    for (id, plan) in &plans {
        let div = divisions[id.as_str()];
        let new_alineas = carry_out(plan, &div.alineas);
        touched.insert(id.clone());
        let title = plan.title.as_ref().map(|t| t.to_string());
        with_node(&mut m.outline, id, &mut |node| {
            if plan.replace_all.is_some() || !plan.words.is_empty() || !plan.fates.is_empty() || !plan.inserts.is_empty() {
                if new_alineas.is_empty() {
                    node.clause = None;
                } else {
                    let cid = local_clause_id(id, &clauses, node.clause.as_deref());
                    clauses.insert(cid.clone(), Clause { path: dir.join(format!("{}.md", cid)), text: fragment(&new_alineas) });
                    node.clause = Some(cid);
                }
            }
            if let Some(t) = &title {
                node.title = t.clone();
            }
        });
    }
    for (id, (number, _)) in &renumbered {
        let level = divisions[id.as_str()].level;
        let label = label_for(&patterns, level, number);
        with_node(&mut m.outline, id, &mut |node| node.label = Some(label.clone()));
        touched.insert(id.clone());
    }
    // Inserted after the same division, the last one goes in first, so that
    // they stand in the order the avenant lists them.
    for (_, op) in new_divisions.iter().rev() {
        let Operation::InsertDivision { after, parent, id, number, title, text, children } = op else { unreachable!() };
        let (level, anchor) = match (after, parent) {
            (Some(a), _) => (divisions[a.as_str()].level, a.clone()),
            (None, Some(p)) => (divisions[p.as_str()].level + 1, p.clone()),
            _ => unreachable!("checked above"),
        };
        let spec = NewDivision { id: id.clone(), number: number.clone(), title: title.clone(), text: text.clone(), children: children.clone() };
        let node = new_node(&spec, level, &patterns, &numero, &dir, &mut clauses).map_err(|msg| refuse(path, 0, op, msg))?;
        if after.is_some() {
            insert_after(&mut m.outline, &anchor, node);
        } else {
            with_node(&mut m.outline, &anchor, &mut |p| p.children.insert(0, node.clone()));
        }
    }
    for id in deleted.keys() {
        remove_node(&mut m.outline, id);
        touched.remove(id);
    }
    for id in &touched {
        with_node(&mut m.outline, id, &mut |node| {
            if !node.history.contains(&numero) {
                node.history.push(numero.clone());
            }
        });
    }
    m.avenants.push(AppliedAvenant { numero: cs.numero, date: cs.date.clone(), base: fp });
    // Clauses no division uses any more are dropped from the consolidated source.
    let used: HashSet<String> = crate::source::clause_ids(&m).into_iter().collect();
    let included: HashSet<String> = clauses.values().flat_map(|c| crate::source::includes(&c.text).into_iter().map(|(i, _)| i)).collect();
    clauses.retain(|id, _| used.contains(id) || included.contains(id));
    Ok(Source { dir, manifest: m, clauses })
}

fn first_op(plan: &Plan) -> Option<usize> {
    plan.words.values().flatten().map(|w| w.3).chain(plan.fates.values().map(|f| f.1)).chain(plan.inserts.values().flatten().map(|i| i.1)).min()
}

/// Where quoted words stand in the text: the one occurrence, or the one
/// named by `occurrence`.
fn locate(text: &str, words: &str, occurrence: Option<usize>) -> std::result::Result<(usize, usize), String> {
    let found = find_words(text, words);
    match (found.len(), occurrence) {
        (0, _) => Err(format!("the words « {} » are not", words)),
        (1, None) | (1, Some(1)) => Ok(found[0]),
        (c, None) => Err(format!("the words « {} » appear {} times (say which with \"occurrence\")", words, c)),
        (c, Some(o)) if o == 0 || o > c => Err(format!("the words « {} » appear {} times, not {}", words, c, o)),
        (_, Some(o)) => Ok(found[o - 1]),
    }
}

/// A word operation on an alinéa's text, as the edit it makes: the bytes
/// it replaces and the new text. Deleted words go with one space beside
/// them; inserted words get a space before (after, at the start) unless they
/// open with a closing punctuation mark. Shared by `apply` and the draft's
/// own check, so that both read an operation the same way.
pub fn word_edit(text: &str, op: &Operation) -> std::result::Result<(usize, usize, String), String> {
    match op {
        Operation::ReplaceWords { words, by, occurrence, .. } => {
            let (s, e) = locate(text, words, *occurrence)?;
            Ok((s, e, by.clone()))
        }
        Operation::DeleteWords { words, occurrence, .. } => {
            let (s, e) = locate(text, words, *occurrence)?;
            let (s, e) = if text[..s].ends_with(' ') { (s - 1, e) } else if text[e..].starts_with(' ') { (s, e + 1) } else { (s, e) };
            Ok((s, e, String::new()))
        }
        Operation::InsertWords { after: Some(a), words, occurrence, .. } => {
            let (_, e) = locate(text, a, *occurrence)?;
            Ok((e, e, insertion(words, false)))
        }
        Operation::InsertWords { after: None, words, .. } => Ok((0, 0, insertion(words, true))),
        _ => Err("not an operation on words".into()),
    }
}

fn add_word_edit(plan: &mut Plan, alinea: usize, edit: (usize, usize, String, usize)) -> std::result::Result<(), usize> {
    if let Some((_, other)) = plan.fates.get(&alinea) {
        return Err(*other);
    }
    let list = plan.words.entry(alinea).or_default();
    for e in list.iter() {
        let overlap = if edit.0 == edit.1 || e.0 == e.1 { edit.0 >= e.0 && edit.0 <= e.1 || e.0 >= edit.0 && e.0 <= edit.1 } else { edit.0 < e.1 && e.0 < edit.1 };
        if overlap {
            return Err(e.3);
        }
    }
    list.push(edit);
    Ok(())
}

fn set_fate(plan: &mut Plan, alinea: usize, fate: Fate, k: usize) -> std::result::Result<(), usize> {
    if let Some(w) = plan.words.get(&alinea).and_then(|l| l.first()) {
        return Err(w.3);
    }
    if let Some((_, other)) = plan.fates.get(&alinea) {
        return Err(*other);
    }
    plan.fates.insert(alinea, (fate, k));
    Ok(())
}

fn carry_out(plan: &Plan, old: &[Alinea]) -> Vec<Alinea> {
    if let Some((new, _)) = &plan.replace_all {
        return new.clone();
    }
    let mut out = Vec::new();
    let push_inserts = |at: usize, out: &mut Vec<Alinea>| {
        for (v, _) in plan.inserts.get(&at).into_iter().flatten() {
            out.extend(v.iter().cloned());
        }
    };
    push_inserts(0, &mut out);
    for (i, a) in old.iter().enumerate() {
        let n = i + 1;
        match plan.fates.get(&n).map(|f| &f.0).unwrap_or(&Fate::Keep) {
            Fate::Delete => {}
            Fate::Replace(v) => out.extend(v.iter().cloned()),
            Fate::Keep => {
                let mut a = a.clone();
                if let Some(edits) = plan.words.get(&n) {
                    let mut edits = edits.clone();
                    // From the end, so that earlier offsets stay valid.
                    edits.sort_by(|x, y| y.0.cmp(&x.0).then(y.1.cmp(&x.1)));
                    for (s, e, new, _) in edits {
                        a.inlines = splice(&a.inlines, s, e, &new);
                    }
                }
                out.push(a);
            }
        }
        push_inserts(n, &mut out);
    }
    out
}

/// A fragment holding these alinéas literally.
pub fn fragment(alineas: &[Alinea]) -> String {
    alineas.iter().map(alinea_to_markdown).collect::<Vec<_>>().join("\n\n") + "\n"
}

/// The local clause id for an amended division: its own id, unless another
/// division's clause already has that name.
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

fn label_for(patterns: &[Pattern], level: usize, number: &str) -> String {
    match patterns.get(level - 1) {
        Some(p) => p.label(number),
        None => format!("{}.", number),
    }
}

fn new_node(spec: &NewDivision, level: usize, patterns: &[Pattern], numero: &str, dir: &Path, clauses: &mut BTreeMap<String, Clause>) -> std::result::Result<Node, String> {
    let alineas = parse_alineas(&spec.text)?;
    let clause = if alineas.is_empty() {
        None
    } else {
        if clauses.contains_key(&spec.id) {
            return Err(format!("a clause « {} » already exists", spec.id));
        }
        clauses.insert(spec.id.clone(), Clause { path: dir.join(format!("{}.md", spec.id)), text: fragment(&alineas) });
        Some(spec.id.clone())
    };
    let children = spec.children.iter().map(|c| new_node(c, level + 1, patterns, numero, dir, clauses)).collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(Node {
        id: spec.id.clone(),
        title: inlines_to_markdown(&markdown::parse_inline(&spec.title)),
        clause,
        numbered: spec.number.is_some(),
        label: spec.number.as_ref().map(|n| label_for(patterns, level, n)),
        toc: None,
        in_toc: None,
        page: None,
        history: vec![numero.to_string()],
        children,
    })
}

fn with_node(nodes: &mut [Node], id: &str, f: &mut dyn FnMut(&mut Node)) -> bool {
    for n in nodes.iter_mut() {
        if n.id == id {
            f(n);
            return true;
        }
        if with_node(&mut n.children, id, f) {
            return true;
        }
    }
    false
}

fn insert_after(nodes: &mut Vec<Node>, id: &str, node: Node) -> bool {
    if let Some(k) = nodes.iter().position(|n| n.id == id) {
        nodes.insert(k + 1, node);
        return true;
    }
    nodes.iter_mut().any(|n| insert_after(&mut n.children, id, node.clone()))
}

fn remove_node(nodes: &mut Vec<Node>, id: &str) -> bool {
    if let Some(k) = nodes.iter().position(|n| n.id == id) {
        nodes.remove(k);
        return true;
    }
    nodes.iter_mut().any(|n| remove_node(&mut n.children, id))
}

/// The division texts of a document, for comparing consolidated texts.
pub fn body_text(doc: &Document) -> String {
    let mut d = doc.clone();
    d.title_page.clear();
    d.front.clear();
    d.closing.clear();
    d.signatures.clear();
    d.toc.clear();
    d.toc_title = None;
    d.meta.copy_mark = None;
    crate::write::text::write(&d)
}
