//! `clausier import`: a convention written in Markdown (or exported from an
//! official source as plain lines) becomes a source directory that `build`
//! turns back into the same words.
//!
//! The divisions are inferred from their labels more than from Markdown
//! heading levels, which real texts use inconsistently: divisions with the
//! same kind of label (« II. » and « III. ») are siblings, a new kind of
//! label opens a level below, legal keywords keep their rank (a CHAPITRE
//! never sits inside an Article).

pub mod detect;
pub(crate) mod html;

use crate::error::{read_utf8, Error, Result};
use crate::markdown::{self, alinea_to_markdown, inlines_to_markdown, Block};
use crate::model::{inline_text, Alinea, AlineaKind, Inline, Style};
use crate::numbering::Pattern;
use crate::source::{Clause, Manifest, Node, Sommaire, Source};
use detect::Label;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Marks where a raw HTML table stood, so that Markdown parsing leaves it be.
const TABLE_MARK: char = '\u{E000}';

/// A heading found in the text, before it is placed in the outline.
struct Heading {
    label: Option<Label>,
    title: Vec<Inline>,
    md_level: Option<usize>,
    /// A label followed by a whole sentence (« I. – Le comité se réunit… »):
    /// the division has no title and this is its first alinéa.
    sentence: Option<Vec<Inline>>,
}

/// A division being built.
struct Div {
    heading: Heading,
    level: usize,
    alineas: Vec<Alinea>,
    children: Vec<usize>,
}

/// A sommaire entry as the text states it.
struct TocLine {
    text: Vec<Inline>,
    page: Option<String>,
}

pub fn import_file(path: &Path) -> Result<Source> {
    crate::error::check_size(path)?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::Import { path: path.to_path_buf(), msg: "this is a zip (DOCX?) file, not Markdown text; save it as Markdown or text first".into() });
    }
    if bytes.starts_with(b"%PDF") || bytes.iter().take(4096).any(|b| *b == 0) {
        return Err(Error::Import { path: path.to_path_buf(), msg: "binary file, not Markdown text".into() });
    }
    let text = read_utf8(path)?;
    import_text(&text, path)
}

/// Imports Markdown text; `path` names it in errors and becomes the source's home.
pub fn import_text(text: &str, path: &Path) -> Result<Source> {
    let err = |msg: &str| Error::Import { path: path.to_path_buf(), msg: msg.to_string() };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(err("empty text: nothing to import"));
    }
    let (text, tables) = html::extract_tables(&html::strip_comments(text));
    let (text, toc_title, toc_lines) = extract_sommaire(&text);
    let blocks = markdown::parse(&text);
    let blocks = restore_tables(blocks, &tables);
    if blocks.is_empty() && toc_lines.is_empty() {
        return Err(err("no text found (only markup or comments)"));
    }

    // Leading short lines form the title page; other text before the first
    // division is the opening (« Entre les soussignés… »).
    let mut title_lines: Vec<Vec<Inline>> = Vec::new();
    let mut opening: Vec<Alinea> = Vec::new();
    let mut divs: Vec<Div> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut in_title = true;

    let mut k = 0;
    while k < blocks.len() {
        let b = &blocks[k];
        k += 1;
        let heading = match b {
            Block::Rule { .. } => continue,
            Block::Heading { level, inlines, .. } => {
                let (label, title) = split_label(inlines, stack.last().and_then(|&i| last_lower(&divs, i)));
                Some(Heading { label, title, md_level: Some(*level), sentence: None })
            }
            Block::Alinea { alinea, .. } => paragraph_heading(alinea, stack.last().and_then(|&i| last_lower(&divs, i))),
        };
        match heading {
            Some(mut h) => {
                in_title = false;
                // « TITRE II » alone, its title on the next line.
                if h.title.is_empty() && h.label.as_ref().is_some_and(|l| l.rank.is_some()) {
                    if let Some(Block::Alinea { alinea, .. }) = blocks.get(k) {
                        if alinea.kind == AlineaKind::Paragraph && looks_like_title(&alinea.inlines) {
                            h.title = strip_wrapping_style(alinea.inlines.clone());
                            k += 1;
                        }
                    }
                }
                place(&mut divs, &mut stack, &mut roots, h);
            }
            None => {
                let Block::Alinea { alinea, .. } = b else { continue };
                if in_title && alinea.kind == AlineaKind::Paragraph && looks_like_title(&alinea.inlines) {
                    title_lines.push(alinea.inlines.clone());
                    continue;
                }
                in_title = false;
                match stack.last() {
                    Some(&i) => push_alinea(&mut divs[i].alineas, alinea.clone()),
                    None => push_alinea(&mut opening, alinea.clone()),
                }
            }
        }
    }
    if divs.is_empty() {
        // A text with no recognisable division is one untitled division:
        // no heading is invented for it.
        divs.push(Div { heading: Heading { label: None, title: vec![], md_level: Some(1), sentence: None }, level: 1, alineas: std::mem::take(&mut opening), children: vec![] });
        roots.push(0);
    }

    Ok(assemble_source(path, title_lines, opening, divs, roots, toc_title, toc_lines))
}

/// The letter of the last « a) »-style child under `parent`, if any.
fn last_lower(divs: &[Div], parent: usize) -> Option<usize> {
    let d = &divs[parent];
    let candidates = std::iter::once(parent).chain(d.children.iter().copied());
    candidates.filter_map(|i| divs[i].heading.label.as_ref()).rfind(|l| l.key == "lower").and_then(|l| l.value)
}

/// Places a heading in the outline (see the module comment).
fn place(divs: &mut Vec<Div>, stack: &mut Vec<usize>, roots: &mut Vec<usize>, h: Heading) {
    let md_of = |divs: &Vec<Div>, i: usize| divs[i].heading.md_level;
    if let Some(hl) = h.md_level {
        // A Markdown heading closes the unnumbered headings of its level or deeper.
        while let Some(&top) = stack.last() {
            let unnumbered = divs[top].heading.label.is_none();
            if (unnumbered || h.label.is_none()) && md_of(divs, top).is_some_and(|l| l >= hl) {
                stack.pop();
            } else {
                break;
            }
        }
    }
    if let Some(l) = &h.label {
        if let Some(pos) = stack.iter().rposition(|&i| divs[i].heading.label.as_ref().is_some_and(|x| x.key == l.key)) {
            stack.truncate(pos);
        } else if let Some(r) = l.rank {
            // A keyword of higher rank than one open (a CHAPITRE after an
            // Article) closes it.
            if let Some(pos) = stack.iter().position(|&i| divs[i].heading.label.as_ref().and_then(|x| x.rank).is_some_and(|xr| xr >= r)) {
                stack.truncate(pos);
            }
        }
    }
    let parent = stack.last().copied();
    let md_level = h.md_level.or_else(|| parent.and_then(|p| divs[p].heading.md_level).map(|l| l + 1));
    let idx = divs.len();
    let alineas = h.sentence.clone().map(|v| vec![Alinea::paragraph(v)]).unwrap_or_default();
    divs.push(Div { heading: Heading { md_level, sentence: None, ..h }, level: stack.len() + 1, alineas, children: vec![] });
    match parent {
        Some(p) => divs[p].children.push(idx),
        None => roots.push(idx),
    }
    stack.push(idx);
}

/// A short line with no final punctuation: a title-page line or a title.
fn looks_like_title(v: &[Inline]) -> bool {
    let t = inline_text(v);
    let t = t.trim();
    !t.is_empty() && t.chars().count() <= 150 && !t.ends_with(['.', ';', ',', ':']) && !v.iter().any(|i| matches!(i, Inline::Break))
}

/// Splits « II. Axes de coopération » into its label and title.
fn split_label(inlines: &[Inline], prev_lower: Option<usize>) -> (Option<Label>, Vec<Inline>) {
    let inlines = strip_wrapping_style(inlines.to_vec());
    let text = inline_text(&inlines);
    match detect::label(&text, prev_lower) {
        Some(l) => {
            let cut = text.len() - l.rest.len();
            let title = drop_prefix(&inlines, cut);
            (Some(l), title)
        }
        None => (None, inlines),
    }
}

/// The inlines after the first `bytes` bytes of their text.
fn drop_prefix(inlines: &[Inline], bytes: usize) -> Vec<Inline> {
    let mut left = bytes;
    let mut out = Vec::new();
    for i in inlines {
        match i {
            Inline::Text { text, style } if left > 0 => {
                if text.len() <= left {
                    left -= text.len();
                } else {
                    let mut cut = left;
                    while !text.is_char_boundary(cut) {
                        cut += 1;
                    }
                    out.push(Inline::Text { text: text[cut..].to_string(), style: *style });
                    left = 0;
                }
            }
            Inline::Break if left > 0 => left = left.saturating_sub(1),
            other => out.push(other.clone()),
        }
    }
    markdown::normalize(out)
}

/// Heading formatting is the heading style's business: bold or italic
/// wrapping the whole heading is dropped; emphasis on part of it stays.
fn strip_wrapping_style(v: Vec<Inline>) -> Vec<Inline> {
    let texts: Vec<&Style> = v.iter().filter_map(|i| match i {
        Inline::Text { text, style } if !text.trim().is_empty() => Some(style),
        _ => None,
    }).collect();
    let all_bold = !texts.is_empty() && texts.iter().all(|s| s.bold);
    let all_italic = !texts.is_empty() && texts.iter().all(|s| s.italic);
    let v = v
        .into_iter()
        .map(|i| match i {
            Inline::Text { text, style } => Inline::Text { text, style: Style { bold: style.bold && !all_bold, italic: style.italic && !all_italic, ..style } },
            b => b,
        })
        .collect();
    markdown::normalize(v)
}

/// A paragraph that is a division heading: a bold paragraph starting with a
/// label (« **iii) Poursuivre …** »), or a line starting with a legal
/// keyword or a Roman or decimal number (« Article 3 », « I. – », « 1.5.1. »).
fn paragraph_heading(a: &Alinea, prev_lower: Option<usize>) -> Option<Heading> {
    if a.kind != AlineaKind::Paragraph || a.inlines.iter().any(|i| matches!(i, Inline::Break)) {
        return None;
    }
    let text = inline_text(&a.inlines);
    let all_bold = a.inlines.iter().all(|i| matches!(i, Inline::Text { style, text } if style.bold || text.trim().is_empty()));
    let label = detect::label(&text, prev_lower)?;
    let strong_kind = label.rank.is_some() || label.key == "roman" || label.key.starts_with("decimal");
    if !(all_bold || strong_kind) {
        return None;
    }
    // A label followed by a whole sentence is a division whose first alinéa
    // follows the label (« I. – Le comité se réunit… »).
    // A plain line whose words after the label end like a sentence is text.
    let long = label.rest.chars().count() > 150 || label.rest.ends_with(['.', ';', ',', ':']);
    if !all_bold && long && label.rank.is_none() && label.key == "roman" && label.rest.split_whitespace().count() < 3 {
        return None;
    }
    let (label, title) = split_label(&a.inlines, prev_lower);
    if long && !all_bold {
        return Some(Heading { label, title: vec![], md_level: None, sentence: Some(title) });
    }
    Some(Heading { label, title, md_level: None, sentence: None })
}

/// Adds an alinéa, mending paragraphs that a page break split in two
/// (« … une bonne » / « concertation sur … »): the second starts in lower
/// case, or the first ends on an article or a preposition.
fn push_alinea(v: &mut Vec<Alinea>, a: Alinea) {
    if let (Some(prev), AlineaKind::Paragraph) = (v.last_mut(), &a.kind) {
        if prev.kind == AlineaKind::Paragraph && split_by_page(&prev.inlines, &a.inlines) {
            prev.inlines.push(Inline::plain(" "));
            prev.inlines.extend(a.inlines);
            prev.inlines = markdown::normalize(std::mem::take(&mut prev.inlines));
            return;
        }
    }
    v.push(a);
}

fn split_by_page(prev: &[Inline], next: &[Inline]) -> bool {
    let p = inline_text(prev);
    let n = inline_text(next);
    let p = p.trim_end();
    let Some(last) = p.chars().last() else { return false };
    if !(last.is_alphabetic() || last == ',') || prev.iter().any(|i| matches!(i, Inline::Break)) {
        return false;
    }
    let first = n.trim_start().chars().next();
    let starts_lower = first.is_some_and(|c| c.is_lowercase());
    let last_word = p.rsplit(|c: char| c.is_whitespace() || c == '\'' || c == '’').next().unwrap_or("").to_lowercase();
    const GLUE: [&str; 22] = ["le", "la", "les", "de", "du", "des", "d", "à", "au", "aux", "et", "ou", "en", "sur", "par", "pour", "dans", "avec", "une", "un", "ces", "que"];
    // A short bold or title-like line is not a broken paragraph.
    p.split_whitespace().count() >= 4 && (starts_lower || GLUE.contains(&last_word.as_str()))
}

/// Pulls the sommaire out of the raw text: a « SOMMAIRE » (or « Table des
/// matières ») line followed by entries with dot leaders and page numbers.
fn extract_sommaire(text: &str) -> (String, Option<String>, Vec<TocLine>) {
    let lines: Vec<&str> = text.lines().collect();
    let is_title = |l: &str| {
        let t = l.trim().trim_start_matches('#').trim().trim_matches(['*', '_']).trim();
        t.eq_ignore_ascii_case("sommaire") || t.eq_ignore_ascii_case("table des matières")
    };
    let entry_re = regex::Regex::new(r"^(.*?)\s*\.{3,}\s*(?:<[^>]+>|\*+|\s)*([0-9IVXLCivxlc]+)?(?:<[^>]+>|\*+|\s)*$").unwrap();
    let Some(start) = lines.iter().position(|l| is_title(l)) else { return (text.to_string(), None, vec![]) };
    let mut entries = Vec::new();
    let mut k = start + 1;
    let mut last_entry = start;
    while k < lines.len() {
        let l = lines[k].trim();
        if l.is_empty() {
            k += 1;
            continue;
        }
        match entry_re.captures(l) {
            Some(c) if !c.get(1).unwrap().as_str().trim().is_empty() => {
                let text = markdown::parse_inline(c.get(1).unwrap().as_str());
                entries.push(TocLine { text, page: c.get(2).map(|m| m.as_str().to_string()) });
                last_entry = k;
                k += 1;
            }
            _ => break,
        }
    }
    if entries.is_empty() {
        return (text.to_string(), None, vec![]);
    }
    let title = lines[start].trim().trim_start_matches('#').trim().trim_matches(['*', '_']).trim().to_string();
    let mut rest: Vec<&str> = lines[..start].to_vec();
    rest.extend_from_slice(&lines[last_entry + 1..]);
    (rest.join("\n"), Some(title), entries)
}

fn restore_tables(blocks: Vec<Block>, tables: &[Alinea]) -> Vec<Block> {
    blocks
        .into_iter()
        .flat_map(|b| match &b {
            Block::Alinea { alinea, line } if inline_text(&alinea.inlines).starts_with(TABLE_MARK) => {
                let t = inline_text(&alinea.inlines);
                // Several marks may share a paragraph when tables touch.
                t.split(TABLE_MARK)
                    .filter_map(|n| n.trim().parse::<usize>().ok())
                    .filter_map(|n| tables.get(n).cloned())
                    .map(|a| Block::Alinea { alinea: a, line: *line })
                    .collect::<Vec<_>>()
            }
            _ => vec![b],
        })
        .collect()
}

fn slug(s: &str, words: usize) -> String {
    let folded: String = s
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => 'e',
            'î' | 'ï' | 'Î' => 'i',
            'ô' | 'ö' | 'Ô' => 'o',
            'ù' | 'û' | 'ü' | 'Û' => 'u',
            'ç' | 'Ç' => 'c',
            'œ' | 'Œ' => 'o',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => ' ',
        })
        .collect();
    let s: Vec<&str> = folded.split_whitespace().filter(|w| w.len() > 2 || w.chars().all(|c| c.is_ascii_digit())).take(words).collect();
    if s.is_empty() { "division".into() } else { s.join("-") }
}

/// « 3 bis » → « 3-bis », « 1.5 » → « 1-5 », « Ier » → « ier ».
fn number_slug(num: &str) -> String {
    let s: String = num.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let s = s.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    if s.is_empty() { "division".into() } else { s }
}

/// Comparable form of a sommaire entry or a title: no accents, case or
/// punctuation.
fn comparable(s: &str) -> String {
    slug(s, 1000)
}

fn assemble_source(path: &Path, title_lines: Vec<Vec<Inline>>, opening: Vec<Alinea>, divs: Vec<Div>, roots: Vec<usize>, toc_title: Option<String>, toc_lines: Vec<TocLine>) -> Source {
    let dir = path.with_extension("");
    let mut clauses: BTreeMap<String, Clause> = BTreeMap::new();
    let mut add_clause = |id: &str, alineas: &[Alinea]| -> Option<String> {
        if alineas.is_empty() {
            return None;
        }
        let text = alineas.iter().map(alinea_to_markdown).collect::<Vec<_>>().join("\n\n") + "\n";
        clauses.insert(id.to_string(), Clause { path: dir.join(format!("{}.md", id)), text });
        Some(id.to_string())
    };

    // Numbering: per level, the most common pattern; other labels explicit.
    let mut by_level: HashMap<usize, Vec<(String, usize)>> = HashMap::new();
    for (i, d) in divs.iter().enumerate() {
        if let Some(l) = &d.heading.label {
            by_level.entry(d.level).or_default().push((pattern_of(l).to_string(), i));
        }
    }
    let depth = divs.iter().map(|d| d.level).max().unwrap_or(1);
    let mut numbering: Vec<String> = Vec::new();
    for level in 1..=depth {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for (p, _) in by_level.get(&level).map(Vec::as_slice).unwrap_or(&[]) {
            *counts.entry(p.clone()).or_default() += 1;
        }
        let best = counts.iter().max_by_key(|(p, n)| (**n, std::cmp::Reverse((*p).clone()))).map(|(p, _)| p.clone());
        numbering.push(best.unwrap_or_else(|| "{1}.".into()));
    }
    // Trailing levels nobody numbers are dropped; inner gaps keep a placeholder.
    while numbering.len() > 1 && !by_level.contains_key(&numbering.len()) {
        numbering.pop();
    }
    let patterns: Vec<Pattern> = numbering.iter().map(|p| Pattern::parse(p).expect("patterns built here parse")).collect();

    let mut used_ids: HashSet<String> = HashSet::new();
    let mut ctx = NodeCtx { divs: &divs, patterns: &patterns, used: &mut used_ids, add_clause: &mut add_clause };
    let mut outline = build_nodes(&mut ctx, &roots, None, None);

    // Sommaire: each entry names the next division whose heading reads the
    // same (accents, case and punctuation aside).
    let mut unmatched_toc: Vec<TocLine> = Vec::new();
    if toc_title.is_some() {
        let headings = heading_texts(&outline, &patterns);
        let mut matched: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
        let mut pos = 0;
        for e in toc_lines {
            let text = inline_text(&e.text);
            let target = comparable(&text);
            let found = headings[pos..].iter().position(|(_, label, title)| {
                let full = comparable(&format!("{} {}", label, title));
                full == target || (!target.is_empty() && comparable(title) == target)
            });
            let Some(off) = found else {
                unmatched_toc.push(e);
                continue;
            };
            let (id, label, title) = &headings[pos + off];
            // The entry's own wording, without the label, when it differs
            // from the heading (the seed's sommaire is in capitals).
            let own = if !label.is_empty() && text.trim_start().starts_with(label.as_str()) {
                drop_prefix(&e.text, text.len() - text.trim_start().len() + label.len())
            } else {
                e.text.clone()
            };
            let own = strip_wrapping_style(own);
            let toc = if inline_text(&own).trim() == title.trim() { None } else { Some(inlines_to_markdown(&own)) };
            matched.insert(id.clone(), (toc, e.page.clone()));
            pos += off + 1;
        }
        set_toc(&mut outline, &matched);
    }

    let mut parts = Map::new();
    let title_alineas: Vec<Alinea> = title_lines.iter().map(|l| Alinea::paragraph(l.clone())).collect();
    if let Some(id) = add_clause("titre", &title_alineas) {
        parts.insert("titre".into(), Value::String(id));
    }
    let mut opening = opening;
    for e in unmatched_toc {
        // A sommaire line that names no division is kept as text.
        let mut t = e.text;
        if let Some(p) = e.page {
            t.push(Inline::plain(format!(" {}", p)));
        }
        opening.push(Alinea::paragraph(t));
    }
    if let Some(id) = add_clause("ouverture", &opening) {
        parts.insert("ouverture".into(), Value::String(id));
    }

    let title = title_lines
        .iter()
        .map(|l| inline_text(l))
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_string();
    let title = if title.is_empty() {
        path.file_stem().and_then(|s| s.to_str()).unwrap_or("Convention").to_string()
    } else {
        crate::french::capitalize(&title.to_lowercase())
    };
    let manifest = Manifest {
        kind: "convention".into(),
        title,
        subject: None,
        author: None,
        template: None,
        library: None,
        parties: vec![],
        signature_order: vec![],
        nature: None,
        lieu: None,
        originaux: None,
        dates: Map::new(),
        variables: Map::new(),
        numbering,
        parts,
        sommaire: toc_title.map(|t| Sommaire { titre: t, niveaux: depth }),
        outline,
        avenants: vec![],
    };
    Source { dir, manifest, clauses }
}

/// (id, computed label, title text) of every node, depth first.
fn heading_texts(nodes: &[Node], patterns: &[Pattern]) -> Vec<(String, String, String)> {
    fn go(ns: &[Node], level: usize, parent: Option<&str>, pats: &[Pattern], out: &mut Vec<(String, String, String)>) {
        let numbers = crate::numbering::number_siblings(ns.iter().map(|n| (n.label.as_deref(), n.numbered)), pats.get(level - 1), parent);
        for (node, (num, label)) in ns.iter().zip(numbers) {
            out.push((node.id.clone(), label.unwrap_or_default(), inline_text(&markdown::parse_inline(&node.title))));
            go(&node.children, level + 1, num.as_deref(), pats, out);
        }
    }
    let mut out = Vec::new();
    go(nodes, 1, None, patterns, &mut out);
    out
}

fn set_toc(nodes: &mut [Node], matched: &HashMap<String, (Option<String>, Option<String>)>) {
    for n in nodes {
        match matched.get(&n.id) {
            Some((toc, page)) => {
                n.toc = toc.clone();
                n.page = page.clone();
                n.in_toc = Some(true);
            }
            None => n.in_toc = Some(false),
        }
        set_toc(&mut n.children, matched);
    }
}

struct NodeCtx<'a, F: FnMut(&str, &[Alinea]) -> Option<String>> {
    divs: &'a [Div],
    patterns: &'a [Pattern],
    used: &'a mut HashSet<String>,
    add_clause: &'a mut F,
}

/// The pattern a label follows (« Article {1} – » for « Article 3 – »).
fn pattern_of(l: &Label) -> Pattern {
    let counter = l.counter;
    Pattern { prefix: l.prefix().to_string(), counter, suffix: l.suffix().to_string() }
}

fn build_nodes<F: FnMut(&str, &[Alinea]) -> Option<String>>(ctx: &mut NodeCtx<F>, idxs: &[usize], parent_id: Option<&str>, parent_number: Option<&str>) -> Vec<Node> {
    let mut out = Vec::new();
    let mut n = 0;
    for &i in idxs {
        let d = &ctx.divs[i];
        let pattern = ctx.patterns.get(d.level - 1);
        let (numbered, label, number) = match &d.heading.label {
            None => (false, None, None),
            Some(l) => {
                let written = l.text.clone();
                let expected = pattern.map(|p| {
                    let num = p.number(n + 1, parent_number);
                    (p.label(&num), num)
                });
                match expected {
                    Some((lab, num)) if lab == written => {
                        n += 1;
                        (true, None, Some(num))
                    }
                    _ => (true, Some(written), Some(l.number().trim_end_matches('.').to_string())),
                }
            }
        };
        let title_text = inline_text(&d.heading.title);
        let base = match (&d.heading.label, &number) {
            (Some(l), Some(num)) if l.rank.is_some() => format!("{}-{}", l.key, number_slug(num)),
            (_, Some(num)) => match parent_id {
                Some(p) => format!("{}-{}", p, number_slug(num)),
                None => number_slug(num),
            },
            _ => match parent_id {
                Some(p) => format!("{}-{}", p, slug(&title_text, 3)),
                None => slug(&title_text, 3),
            },
        };
        let mut id = base.clone();
        let mut k = 2;
        while ctx.used.contains(&id) || id == "titre" || id == "ouverture" {
            id = format!("{}-{}", base, k);
            k += 1;
        }
        ctx.used.insert(id.clone());
        let clause = (ctx.add_clause)(&id, &d.alineas);
        let children = build_nodes(ctx, &d.children, Some(&id), number.as_deref());
        out.push(Node {
            id,
            title: inlines_to_markdown(&d.heading.title),
            clause,
            numbered,
            label,
            toc: None,
            in_toc: None,
            page: None,
            history: vec![],
            children,
        });
    }
    out
}

