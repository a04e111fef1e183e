//! A reader of the amending formulas clausier writes, independent of its
//! change sets: it parses the avenant's *text* (the `.txt` an `avenant
//! build` writes), resolves each citation in the old text by its own rules
//! (labels read from the headings, alinéas counted as the circulaire of 20
//! October 2000 counts them), applies the formulas to the old text — all
//! at once, as they all cite the text before the avenant — and gives the
//! text as read. What the avenant's words say must be exactly what its
//! change set does: `reading(applied) == reading(new)`.
//!
//! The text as read is one line per heading (its words: labels and their
//! punctuation vary with the numbering) and one per alinéa (exactly, spaces
//! folded). A repealed division is gone from the text as read: « est
//! abrogé », « est supprimé » say the same, and what a consolidated text
//! prints in its place (« (Supprimé) », a title kept, « Art 23. à 26 - »)
//! is the consolidator's, not the avenant's.

use clausier::model::{inline_text, Alinea, AlineaKind, Division, Document, PartKind};
use std::collections::HashMap;

// ---------------------------------------------------------------- the text

/// A division as the reader holds it.
#[derive(Debug, Clone)]
struct Div {
    label: String,
    title: String,
    alineas: Vec<String>,
    children: Vec<Div>,
}

/// A text as the reader holds it: title, parts, divisions.
#[derive(Debug, Clone)]
struct Text {
    title: Vec<String>,
    front: Vec<(PartKind, Vec<String>)>,
    divisions: Vec<Div>,
    closing: Vec<(PartKind, Vec<String>)>,
}

/// Text as an avenant prints it and the reader reads it: the typographic
/// apostrophe the writer puts in (« l’alimentation » quotes « l'alimentation »),
/// non-breaking spaces as spaces.
fn typed(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ").replace('\'', "’")
}

fn alinea(a: &Alinea) -> String {
    typed(&alinea_as_is(a))
}

fn alinea_as_is(a: &Alinea) -> String {
    match &a.kind {
        AlineaKind::Paragraph => inline_text(&a.inlines),
        AlineaKind::Item { marker } => format!("{} {}", marker.as_deref().unwrap_or("-"), inline_text(&a.inlines)),
        AlineaKind::Table { rows, .. } => rows
            .iter()
            .map(|r| r.iter().map(|c| inline_text(c)).collect::<Vec<_>>().join(" | "))
            .collect::<Vec<_>>()
            .join(" / "),
    }
}

fn div(d: &Division) -> Div {
    Div {
        label: typed(d.label.as_deref().unwrap_or_default()),
        title: typed(&inline_text(&d.title)),
        alineas: d.alineas.iter().map(alinea).collect(),
        children: d.children.iter().map(div).collect(),
    }
}

fn text_of(doc: &Document) -> Text {
    let parts =
        |ps: &[clausier::model::Part]| ps.iter().map(|p| (p.kind, p.alineas.iter().map(alinea).collect())).collect();
    Text {
        title: doc.title_page.iter().map(|l| typed(&inline_text(l))).collect(),
        front: parts(&doc.front),
        divisions: doc.divisions.iter().map(div).collect(),
        closing: parts(&doc.closing),
    }
}

// ------------------------------------------------------------- the reading

/// One line of a text as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Title(String),
    Part(&'static str),
    Heading(String),
    Alinea(String),
}

/// Spaces folded, typographic apostrophes and dashes as typed.
fn canon(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' => '\'',
            '\u{2013}' | '\u{2014}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    mapped.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The words of a heading.
fn words(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric() && c != '°').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The mention a consolidated text prints for what was repealed.
fn is_mention(s: &str) -> bool {
    let t = s.trim().trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '.' | ' ')).to_lowercase();
    let t = t.strip_prefix("article ").or_else(|| t.strip_prefix("articles ")).unwrap_or(&t).to_string();
    let t = t.strip_prefix("annexe ").or_else(|| t.strip_prefix("alinéa ")).unwrap_or(&t).to_string();
    ["abrogé", "abrogée", "abrogés", "abrogées", "supprimé", "supprimée", "supprimés", "supprimées"]
        .contains(&t.as_str())
}

fn repealed(d: &Div) -> bool {
    d.children.is_empty()
        && match d.alineas.as_slice() {
            [one] => is_mention(one),
            [] => d.title.trim().is_empty() || is_mention(&d.title),
            _ => false,
        }
}

fn read_div(d: &Div, out: &mut Vec<Line>) {
    // Repealed: gone from the text as read, whether the consolidation
    // prints a mention in its place (« (Supprimé) ») or nothing.
    if repealed(d) {
        return;
    }
    // A heading with a keyword (« Article 3 bis – Registre ») reads as its
    // words. One that opens with a number or a letter reads as the line it
    // is — « 1° Données préliminaires : » is a division or a list item as
    // the text cites it, the same line either way —, with its first alinéa
    // when it has no title (« 9.4. Le concessionnaire… »).
    // (The dash between a label and its title is the heading's layout.)
    let keyword = label_key(&d.label).0.is_some() || (d.label.is_empty() && d.title.is_empty());
    let label = d.label.trim_end_matches([' ', '–', '—', '―', '-']);
    let mut alineas = d.alineas.iter();
    if keyword {
        out.push(Line::Heading(words(&format!("{} {}", d.label, d.title))));
    } else if d.title.trim().is_empty() && !d.alineas.is_empty() {
        let first = alineas.next().map(String::as_str).unwrap_or("");
        out.push(Line::Alinea(canon(&format!("{} {}", label, first))));
    } else {
        out.push(Line::Alinea(canon(&format!("{} {}", label, d.title))));
    }
    out.extend(alineas.map(|a| Line::Alinea(canon(a))));
    for c in &d.children {
        read_div(c, out);
    }
}

fn read(t: &Text) -> Vec<Line> {
    let mut out = vec![Line::Title(canon(&t.title.join(" ")))];
    let part = |out: &mut Vec<Line>, ps: &[(PartKind, Vec<String>)]| {
        for (k, v) in ps {
            out.push(Line::Part(match k {
                PartKind::Ouverture => "ouverture",
                PartKind::Parties => "parties",
                PartKind::Visas => "visas",
                PartKind::Cloture => "cloture",
            }));
            out.extend(v.iter().map(|a| Line::Alinea(canon(a))));
        }
    };
    part(&mut out, &t.front);
    for d in &t.divisions {
        read_div(d, &mut out);
    }
    part(&mut out, &t.closing);
    out
}

/// A document as read.
pub fn reading(doc: &Document) -> Vec<Line> {
    read(&text_of(doc))
}

/// The first line where two readings differ, for a message.
pub fn first_difference(a: &[Line], b: &[Line]) -> Option<(Option<Line>, Option<Line>)> {
    (0..a.len().max(b.len())).find(|&k| a.get(k) != b.get(k)).map(|k| (a.get(k).cloned(), b.get(k).cloned()))
}

// ---------------------------------------------------------- French numbers

/// « deuxième » → 2, « vingt et unième » → 21, « premier » → 1.
fn ordinal(w: &str) -> Option<usize> {
    let w = w.trim();
    match w {
        "premier" | "première" => return Some(1),
        "second" | "seconde" => return Some(2),
        _ => {}
    }
    let stem = w.strip_suffix("ième")?;
    let stem = match stem {
        s if s.ends_with("cinqu") => s[..s.len() - 1].to_string(),
        s if s.ends_with("neuv") => format!("{}f", &s[..s.len() - 1]),
        s if s.ends_with("quatr") || s.ends_with("ant") || s.ends_with("trent") => format!("{}e", s),
        s => s.to_string(),
    };
    let stem = stem.strip_suffix('z').map(|s| format!("{}ze", s)).unwrap_or(stem);
    cardinal(&stem)
}

/// « vingt et un » → 21, « deux » → 2, « quatre-vingt-dix » → 90.
fn cardinal(w: &str) -> Option<usize> {
    const UNITS: [(&str, usize); 22] = [
        ("un", 1),
        ("une", 1),
        ("deux", 2),
        ("trois", 3),
        ("quatre", 4),
        ("cinq", 5),
        ("six", 6),
        ("sept", 7),
        ("huit", 8),
        ("neuf", 9),
        ("dix", 10),
        ("onze", 11),
        ("douze", 12),
        ("treize", 13),
        ("quatorze", 14),
        ("quinze", 15),
        ("seize", 16),
        ("vingt", 20),
        ("trente", 30),
        ("quarante", 40),
        ("cinquante", 50),
        ("soixante", 60),
    ];
    let mut total = 0;
    let mut last = 0;
    for p in w.split(['-', ' ']).filter(|p| !p.is_empty() && *p != "et") {
        let p = p.strip_suffix('s').filter(|x| *x == "vingt" || *x == "cent").unwrap_or(p);
        let v = if p == "cent" {
            let v = last.max(1) * 100;
            total -= last;
            v
        } else {
            UNITS.iter().find(|(n, _)| *n == p)?.1
        };
        if p == "vingt" && last == 4 {
            total += 76; // quatre-vingt: 4 already counted
            last = 80;
            continue;
        }
        total += v;
        last = v;
    }
    (total > 0).then_some(total)
}

/// « Les premier, deuxième et quatrième » → [1, 2, 4]; « deuxième à
/// quatrième » → [2, 3, 4]; « dernier » is `usize::MAX`.
fn ordinals(s: &str) -> Option<Vec<usize>> {
    // « vingt et unième » is one ordinal: its « et » joins no list.
    let s = s.replace(" et unième", "-et-unième").replace(" et onzième", "-et-onzième");
    let s = s.as_str();
    let one = |w: &str| if w.trim() == "dernier" { Some(usize::MAX) } else { ordinal(w.trim()) };
    if let Some((a, b)) = s.split_once(" à ") {
        let (a, b) = (one(a)?, one(b)?);
        return Some((a..=b.min(a + 500)).collect());
    }
    let mut v = Vec::new();
    for part in s.split(", ").flat_map(|p| p.split(" et ")) {
        v.push(one(part)?);
    }
    Some(v)
}

// --------------------------------------------------------------- citations

/// A division's label as a citation names it: (keyword, number).
fn label_key(label: &str) -> (Option<String>, String) {
    let l = label.trim().trim_end_matches(['.', ':', '–', '—', '―', '-', ' ']);
    let mut it = l.splitn(2, char::is_whitespace);
    let first = it.next().unwrap_or("");
    let rest = it.next().unwrap_or("").trim();
    let kw = first.trim_end_matches('.').to_lowercase();
    let kw = match kw.as_str() {
        "art" | "article" => Some("article"),
        "titre" | "chapitre" | "section" | "sous-section" | "partie" | "annexe" | "livre" | "paragraphe" => {
            Some(kw.as_str())
        }
        _ => None,
    };
    match kw {
        Some(k) => (Some(k.to_string()), number(rest)),
        None => (None, bare(l)),
    }
}

/// A keyword's number: « 1er », « Ier », « premier » are 1; « 20. » is 20.
fn number(n: &str) -> String {
    let n = n.trim().trim_end_matches(['.', ':', '–', '—', '―', '-', ' ']);
    let n = n.replace(". à", " à").replace(".-", "");
    match n.to_lowercase().as_str() {
        "1er" | "ier" | "premier" | "1re" | "première" => "1".into(),
        _ => n.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// A bare label: « II. » → « II », « b) » → « b », « 1. » → « 1 », « § 2. »
/// → « § 2 ».
fn bare(l: &str) -> String {
    let l = l.trim().trim_end_matches(['.', ':', ')', '–', '—', '―', '-', ' ']);
    l.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One link of a citation chain.
#[derive(Debug, Clone)]
struct Token {
    kw: Option<String>,
    num: String,
    /// « second article 20 »: which of the divisions so named.
    rank: Option<usize>,
    /// « la rubrique « … » », « le préambule »: an unlabelled division.
    title: Option<String>,
}

fn token(s: &str) -> Option<Token> {
    let s = s.trim();
    let s = ["le ", "la ", "les ", "l’", "l'"].iter().find_map(|a| s.strip_prefix(a)).unwrap_or(s);
    if s == "préambule" {
        return Some(Token { kw: None, num: String::new(), rank: None, title: Some("préambule".into()) });
    }
    if let Some(t) = s.strip_prefix("rubrique « ").and_then(|t| t.strip_suffix(" »")) {
        return Some(Token { kw: None, num: String::new(), rank: None, title: Some(t.to_string()) });
    }
    let (rank, s) = match s.split_once(' ') {
        Some((w, rest)) if ordinal(w).is_some() && !rest.is_empty() => (ordinal(w), rest),
        _ => (None, s),
    };
    let (kw, num) = match s.split_once(' ') {
        Some((k, n))
            if [
                "article",
                "titre",
                "chapitre",
                "section",
                "sous-section",
                "partie",
                "annexe",
                "livre",
                "paragraphe",
            ]
            .contains(&k) =>
        {
            (Some(k.to_string()), number(n))
        }
        _ => (None, bare(s)),
    };
    Some(Token { kw, num, rank, title: None })
}

/// Splits « le b du 7.3.5 », « le paragraphe 25.2.II de l’article 25 » into
/// its links, innermost first.
fn chain(s: &str) -> Option<Vec<Token>> {
    // Quoted words (« la rubrique « … » ») are never split.
    let mut parts: Vec<String> = vec![String::new()];
    let mut depth = 0;
    let mut k = 0;
    while k < s.len() {
        let rest = &s[k..];
        if rest.starts_with('«') {
            depth += 1;
        } else if rest.starts_with('»') {
            depth -= 1;
        }
        if depth == 0 {
            if let Some(sep) = [" du ", " de la ", " de l’", " de l'", " des "].iter().find(|p| rest.starts_with(**p))
            {
                parts.push(if sep.starts_with(" de l") && !sep.ends_with(' ') { "l’".into() } else { String::new() });
                k += sep.len();
                continue;
            }
        }
        let c = rest.chars().next()?;
        parts.last_mut()?.push(c);
        k += c.len_utf8();
    }
    let mut out = Vec::new();
    for p in parts {
        let t = token(&p)?;
        // « paragraphe 25.2.II »: the II of the paragraphe 25.2.
        if t.kw.as_deref() == Some("paragraphe") {
            if let Some((dec, point)) = t.num.rsplit_once('.') {
                if point.chars().all(|c| c.is_ascii_uppercase()) && !point.is_empty() {
                    out.push(Token { kw: None, num: point.to_string(), rank: t.rank, title: None });
                    out.push(Token { kw: Some("paragraphe".into()), num: dec.to_string(), rank: None, title: None });
                    continue;
                }
            }
        }
        out.push(t);
    }
    Some(out)
}

fn matches(d: &Div, t: &Token) -> bool {
    if let Some(title) = &t.title {
        return d.label.is_empty()
            && (canon(d.title.trim().trim_end_matches([':', ' ', '.'])) == canon(title)
                || (title == "préambule" && d.title.to_lowercase().starts_with("préambule")));
    }
    let (kw, num) = label_key(&d.label);
    match (&t.kw, kw) {
        // « le paragraphe 25.2 » is the decimal number 25.2.
        (Some(k), None) if k == "paragraphe" => bare(&d.label) == t.num,
        (Some(k), Some(dk)) => *k == dk && num == t.num,
        (None, None) => bare(&d.label) == t.num,
        _ => false,
    }
}

/// A path of indices from the top of the text to a division.
type Path = Vec<usize>;

/// Bytes of an alinéa's old text replaced by new text.
type Edit = (usize, usize, String);

/// Divisions added after a division (`true`) or first in it.
type Addition = (bool, Vec<Div>);

fn all_paths(ds: &[Div], prefix: &Path, out: &mut Vec<Path>) {
    for (k, d) in ds.iter().enumerate() {
        let mut p = prefix.clone();
        p.push(k);
        out.push(p.clone());
        all_paths(&d.children, &p, out);
    }
}

fn at<'a>(ds: &'a [Div], p: &[usize]) -> &'a Div {
    let d = &ds[p[0]];
    if p.len() == 1 {
        d
    } else {
        at(&d.children, &p[1..])
    }
}

fn at_mut<'a>(ds: &'a mut [Div], p: &[usize]) -> &'a mut Div {
    let d = &mut ds[p[0]];
    if p.len() == 1 {
        d
    } else {
        at_mut(&mut d.children, &p[1..])
    }
}

/// A citation without the name of the amended text itself, which an
/// avenant to an avenant adds so that its articles are not read as the new
/// avenant's own (« l’article 2 de l’avenant n° IV » → « l’article 2 »).
fn own_text_named(cite: &str) -> &str {
    match cite.find(" de l’avenant n° ") {
        Some(i) => &cite[..i],
        None => cite,
    }
}

/// The division a citation names: the outermost link anywhere in the text
/// (a citation stops at an article or a decimal number), each inner one
/// among the children of the last.
fn find(t: &Text, cite: &str) -> Result<Path, String> {
    let cite = own_text_named(cite);
    let links = chain(cite).ok_or_else(|| format!("unreadable citation « {} »", cite))?;
    let mut paths = Vec::new();
    all_paths(&t.divisions, &Vec::new(), &mut paths);
    let outer = links.last().ok_or("empty citation")?;
    let mut found: Vec<Path> = paths.into_iter().filter(|p| matches(at(&t.divisions, p), outer)).collect();
    found = pick(found, outer.rank, cite)?;
    for link in links.iter().rev().skip(1) {
        let mut next = Vec::new();
        for p in &found {
            for (k, c) in at(&t.divisions, p).children.iter().enumerate() {
                if matches(c, link) {
                    let mut q = p.clone();
                    q.push(k);
                    next.push(q);
                }
            }
        }
        found = pick(next, link.rank, cite)?;
    }
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("« {} » names no division", cite)),
        _ => Err(format!("« {} » names {} divisions", cite, found.len())),
    }
}

fn pick(found: Vec<Path>, rank: Option<usize>, cite: &str) -> Result<Vec<Path>, String> {
    match rank {
        None => Ok(found),
        Some(r) => found.get(r - 1).cloned().map(|p| vec![p]).ok_or_else(|| format!("no rank {} for « {} »", r, cite)),
    }
}

/// How many alinéas a division counts: its own and those of its
/// subdivisions (an item « 1° … » is an alinéa of the article).
fn alinea_count(d: &Div) -> usize {
    fn all(d: &Div) -> usize {
        d.alineas.len().max(1) + d.children.iter().map(all).sum::<usize>()
    }
    d.alineas.len() + d.children.iter().map(all).sum::<usize>()
}

/// What a formula amends.
#[derive(Debug, Clone, PartialEq)]
enum Place {
    Div(Path),
    Part(PartKind),
}

/// « le troisième visa », « le deuxième alinéa de la désignation des
/// parties », « les visas ».
fn part_place(t: &Text, s: &str) -> Option<(PartKind, Option<usize>)> {
    let s = s.trim();
    let s = ["le ", "la ", "les ", "l’"].iter().find_map(|a| s.strip_prefix(a)).unwrap_or(s);
    let named = [
        ("en-tête", PartKind::Ouverture),
        ("désignation des parties", PartKind::Parties),
        ("visas", PartKind::Visas),
        ("formule finale", PartKind::Cloture),
    ];
    if let Some((_, k)) = named.iter().find(|(n, _)| s == *n) {
        return Some((*k, None));
    }
    for (n, k) in named {
        for of in ["de l’", "de la ", "des "] {
            if let Some(o) = s.strip_suffix(&format!(" alinéa {}{}", of, n)) {
                let ord = ordinals(o)?;
                let count = part_alineas(t, k).len();
                return Some((k, Some(ord[0].min(count))));
            }
        }
    }
    // « le troisième visa », « le considérant ».
    for (kind, starts) in [("visa", ["Vu ", "VU "]), ("considérant", ["Considérant", "CONSIDÉRANT"])] {
        let (ord, rest) = match s.split_once(' ') {
            Some((o, r)) if r == kind => (Some(o), r),
            _ if s == kind => (None, s),
            _ => continue,
        };
        let _ = rest;
        let all = part_alineas(t, PartKind::Visas);
        let same: Vec<usize> =
            (0..all.len()).filter(|&i| starts.iter().any(|p| all[i].trim_start().starts_with(p))).collect();
        let rank = match ord {
            None => 1,
            Some(o) => {
                let r = ordinal(o).or_else(|| (o == "dernier").then_some(same.len()))?;
                r.min(same.len())
            }
        };
        return Some((PartKind::Visas, Some(same.get(rank - 1)? + 1)));
    }
    None
}

fn part_alineas(t: &Text, k: PartKind) -> Vec<String> {
    t.front.iter().chain(&t.closing).filter(|(x, _)| *x == k).flat_map(|(_, v)| v.iter().cloned()).collect()
}

/// The alinéas a place holds.
fn place_alineas(t: &Text, p: &Place) -> Vec<String> {
    match p {
        Place::Div(path) => at(&t.divisions, path).alineas.clone(),
        Place::Part(k) => part_alineas(t, *k),
    }
}

/// « le deuxième alinéa de l’article 2 » → (the article, [2]); « l’article
/// 2 » (its one alinéa) → (the article, [1]); « les deuxième et quatrième
/// alinéas de … ».
fn alinea_place(t: &Text, s: &str, within: Option<&Place>) -> Result<(Place, Vec<usize>), String> {
    let s = own_text_named(s.trim());
    if let Some((k, n)) = part_place(t, s) {
        return Ok((Place::Part(k), vec![n.unwrap_or(1)]));
    }
    let s2 = ["le ", "les "].iter().find_map(|a| s.strip_prefix(a)).unwrap_or(s);
    for marker in [" alinéas", " alinéa"] {
        if let Some(i) = s2.find(marker) {
            let ords = ordinals(&s2[..i]).ok_or_else(|| format!("unreadable alinéas « {} »", s))?;
            let after = s2[i + marker.len()..].trim();
            let place = if after.is_empty() {
                within.cloned().ok_or_else(|| format!("« {} » names no division", s))?
            } else {
                let of = ["du ", "de la ", "de l’", "des "]
                    .iter()
                    .find_map(|p| after.strip_prefix(p).map(|r| (*p, r)))
                    .ok_or_else(|| format!("unreadable alinéa place « {} »", s))?;
                let cite = if of.0 == "de l’" { format!("l’{}", of.1) } else { format!("le {}", of.1) };
                Place::Div(find(t, &cite)?)
            };
            let count = match &place {
                Place::Div(p) => alinea_count(at(&t.divisions, p)),
                Place::Part(k) => part_alineas(t, *k).len(),
            };
            return Ok((place, ords.into_iter().map(|n| n.min(count)).collect()));
        }
    }
    Ok((Place::Div(find(t, s)?), vec![1]))
}

// ------------------------------------------------------------ the formulas

/// What one formula does, resolved in the old text.
#[derive(Debug, Clone)]
enum Act {
    /// Word edits of one alinéa: (start, end, new text), on its old text.
    Words(Place, usize, Vec<(usize, usize, String)>),
    /// Alinéas replaced (by none: deleted), by their old numbers.
    Alineas(Place, Vec<usize>, Vec<String>),
    /// New alinéas after the old alinéa n (0: at the start).
    Insert(Place, usize, Vec<String>),
    Everywhere(String, String),
    TitlePage(String),
    Rename(Path, String),
    Relabel(Path, String),
    /// A division rewritten: its heading (label, title) when quoted, its
    /// alinéas, its subdivisions when its heading is quoted.
    Rewrite(Path, Option<(String, String)>, Vec<String>, Option<Vec<Div>>),
    Repeal(Path),
    Delete(Path),
    After(Path, Vec<Div>),
    FirstIn(Path, Vec<Div>),
}

/// A formula and the alinéas it quotes.
struct Formula {
    sentence: String,
    quoted: Vec<String>,
}

/// Byte ranges where words stand in a text, as whole words.
fn find_words(text: &str, w: &str) -> Vec<(usize, usize)> {
    let inner = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let (first, last) = (inner(w.chars().next()), inner(w.chars().last()));
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(w) {
        let (s, e) = (from + i, from + i + w.len());
        let ok = (!first || !inner(text[..s].chars().last())) && (!last || !inner(text[e..].chars().next()));
        if ok {
            out.push((s, e));
            from = e;
        } else {
            from = s + text[s..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// « la seconde occurrence des mots : « X » » → (X, Some(2)); « les mots :
/// « X » » → (X, None).
fn quoted_words(s: &str) -> Option<(String, Option<usize>)> {
    let s = s.trim();
    let (occ, rest) = match s.strip_prefix("la ").and_then(|r| r.split_once(" occurrence ")) {
        Some((o, r)) => {
            let o = o.replace("première", "premier").replace("seconde", "second").replace("dernière", "dernier");
            (Some(if o == "dernier" { usize::MAX } else { ordinal(&o)? }), r)
        }
        None => (None, s),
    };
    let rest = ["les mots : « ", "le mot : « ", "des mots : « ", "du mot : « ", "le taux : « "]
        .iter()
        .find_map(|p| rest.strip_prefix(p))?;
    let w = rest.strip_suffix(" »")?;
    Some((w.to_string(), occ))
}

fn locate(text: &str, w: &str, occ: Option<usize>) -> Result<(usize, usize), String> {
    let found = find_words(text, w);
    match (found.len(), occ) {
        (0, _) => Err(format!("« {} » is not in « {} »", w, text)),
        (1, None) => Ok(found[0]),
        (_, Some(usize::MAX)) => Ok(*found.last().unwrap()),
        (n, Some(k)) if k >= 1 && k <= n => Ok(found[k - 1]),
        (n, o) => Err(format!("« {} » stands {} times in « {} » ({:?})", w, n, text, o)),
    }
}

/// « point » → « . », « point-virgule » → « ; » (with the space French
/// typography puts before it).
fn mark(name: &str) -> Option<&'static str> {
    Some(match name {
        "point" => ".",
        "point-virgule" => " ;",
        "deux-points" => " :",
        "virgule" => ",",
        "point d’exclamation" => " !",
        "point d’interrogation" => " ?",
        _ => return None,
    })
}

/// A pattern of the reader, compiled once.
fn re(p: &str) -> regex::Regex {
    thread_local! {
        static CACHE: std::cell::RefCell<HashMap<String, regex::Regex>> = Default::default();
    }
    CACHE.with(|c| c.borrow_mut().entry(p.to_string()).or_insert_with(|| regex::Regex::new(p).unwrap()).clone())
}

/// The reader: the old text and what it has read so far.
struct Reader<'t> {
    old: &'t Text,
    acts: Vec<Act>,
}

impl<'t> Reader<'t> {
    /// Reads one formula; `within` is the division of « … est ainsi modifié : ».
    fn formula(&mut self, f: &Formula, within: Option<&Place>) -> Result<(), String> {
        let s = f.sentence.trim().trim_end_matches(['.', ';']).trim().to_string();
        if self.words_formula(&s, within)?
            || self.alinea_formula(&s, f, within)?
            || self.division_formula(&s, f, within)?
        {
            return Ok(());
        }
        Err(format!("unread formula « {} »", s))
    }

    /// Formulas on words: replaced, inserted, deleted, completed.
    fn words_formula(&mut self, s: &str, within: Option<&Place>) -> Result<bool, String> {
        let t = self.old;
        // « Dans l’ensemble de la convention, … ».
        if let Some(c) = re(r"^Dans l’ensemble (?:de la |du |de l’|des )[^,]+, (?:les mots|le mot) : « (.*) » (?:sont remplacés|est remplacé) par (?:les mots|le mot) : « (.*) »$").captures(s) {
            self.acts.push(Act::Everywhere(c[1].to_string(), c[2].to_string()));
            return Ok(true);
        }
        // « … est complété par les mots : « … » ».
        if let Some(c) = re(r"^(.+?) est complétée? par (?:les mots|le mot) : « (.*) »$").captures(s) {
            let (place, ns) = self.subject_alinea(&c[1], within)?;
            let text = place_alineas(t, &place)[ns[0] - 1].clone();
            let end = text.trim_end().len();
            let w = &c[2];
            let ins = if w.starts_with([',', '.', ';', ')']) { w.to_string() } else { format!(" {}", w) };
            self.acts.push(Act::Words(place, ns[0], vec![(end, end, ins)]));
            return Ok(true);
        }
        // « Au début du …, sont insérés les mots : « … » ».
        if let Some(c) = re(r"^Au début(?: (?:du |de la |de l’|des )(.+?))?, (?:sont insérés|est inséré) (?:les mots|le mot) : « (.*) »$").captures(s) {
            let (place, ns) = match c.get(1) {
                Some(m) => alinea_place(t, &of_to_cite(&c[0], m.as_str()), within)?,
                None => (within.cloned().ok_or("« Au début » outside a division")?, vec![1]),
            };
            self.acts.push(Act::Words(place, ns[0], vec![(0, 0, format!("{} ", &c[2]))]));
            return Ok(true);
        }
        // « [Au …,] <what> … ».
        let (at, rest) = split_at_place(s);
        let places: Vec<(Place, usize)> = match at {
            Some(a) => self.places(a, within)?,
            None => match within {
                Some(w) => vec![(w.clone(), 1)],
                None => return Ok(false),
            },
        };
        let rest = decap(rest.trim());
        let mut edits = Vec::new();
        for (place, n) in &places {
            let Some(text) = place_alineas(t, place).get(n - 1).cloned() else { return Ok(false) };
            let edit = word_edit(&text, &rest)?;
            match edit {
                Some(e) => edits.push((place.clone(), *n, e)),
                None => return Ok(false),
            }
        }
        for (p, n, e) in edits {
            self.acts.push(Act::Words(p, n, vec![e]));
        }
        Ok(true)
    }

    /// « Au deuxième alinéa de l’article 2, à l’article 7 et au premier
    /// visa » → the alinéas.
    fn places(&self, at: &str, within: Option<&Place>) -> Result<Vec<(Place, usize)>, String> {
        let mut out = Vec::new();
        for one in split_places(at) {
            let one = one.trim();
            let cite = ["Au ", "au ", "Aux ", "aux ", "À ", "à "]
                .iter()
                .find_map(|p| one.strip_prefix(p).map(|r| (*p, r)))
                .map(|(p, r)| {
                    if p.to_lowercase().starts_with("aux") {
                        format!("les {}", r)
                    } else if p.to_lowercase().starts_with("au") {
                        format!("le {}", r)
                    } else {
                        r.to_string()
                    }
                })
                .ok_or_else(|| format!("unreadable place « {} »", one))?;
            let (place, ns) = alinea_place(self.old, &cite, within)?;
            out.extend(ns.into_iter().map(|n| (place.clone(), n)));
        }
        Ok(out)
    }

    /// « Le deuxième alinéa de l’article 2 » as a subject, or « Il » within.
    fn subject_alinea(&self, s: &str, within: Option<&Place>) -> Result<(Place, Vec<usize>), String> {
        let s = s.trim();
        if matches!(s, "Il" | "Elle") {
            return Ok((within.cloned().ok_or("« Il » outside a division")?, vec![1]));
        }
        alinea_place(self.old, &decap(s), within)
    }

    /// Formulas on alinéas: rewritten, replaced by several, inserted,
    /// deleted, completed by alinéas.
    fn alinea_formula(&mut self, s: &str, f: &Formula, within: Option<&Place>) -> Result<bool, String> {
        let t = self.old;
        let alinea_words = r"(?:alinéas?|visas?|considérants?)";
        // « Après le deuxième alinéa de …, il est inséré un alinéa ainsi rédigé : ».
        if let Some(c) = re(&format!(
            r"^(Après|Avant) (.+?), (?:il est inséré|sont insérés) (?:un|une|\S+) {} ainsi rédigés? :$",
            alinea_words
        ))
        .captures(s)
        {
            let (place, ns) = alinea_place(t, &decap(&c[2]), within)?;
            let after = if &c[1] == "Avant" { ns[0] - 1 } else { ns[0] };
            self.acts.push(Act::Insert(place, after, f.quoted.clone()));
            return Ok(true);
        }
        // « Au début de …, il est ajouté un alinéa ainsi rédigé : ».
        if let Some(c) = re(&format!(r"^Au début(?: (?:du |de la |de l’|des )(.+?))?, (?:il est ajouté|sont ajoutés) (?:un|une|\S+) {} ainsi rédigés? :$", alinea_words)).captures(s) {
            let place = match c.get(1) {
                Some(m) => Place::Div(find(t, &of_to_cite(&c[0], m.as_str()))?),
                None => within.cloned().ok_or("« Au début » outside a division")?,
            };
            self.acts.push(Act::Insert(place, 0, f.quoted.clone()));
            return Ok(true);
        }
        // « … est complété par un alinéa ainsi rédigé : » (at the end).
        if let Some(c) =
            re(&format!(r"^(.+?) est complétée? par (?:un|une|\S+) {} ainsi rédigés? :$", alinea_words)).captures(s)
        {
            let place = match &c[1] {
                "Il" | "Elle" => within.cloned().ok_or("« Il » outside a division")?,
                x => Place::Div(find(t, &decap(x))?),
            };
            let n = place_alineas(t, &place).len();
            self.acts.push(Act::Insert(place, n, f.quoted.clone()));
            return Ok(true);
        }
        // « … est complété par une phrase ainsi rédigée : ».
        if let Some(c) = re(r"^(.+?) est complétée? par (?:une|\S+) phrases? ainsi rédigées? :$").captures(s) {
            let (place, ns) = self.subject_alinea(&c[1], within)?;
            let text = place_alineas(t, &place)[ns[0] - 1].clone();
            let end = text.trim_end().len();
            self.acts.push(Act::Words(place, ns[0], vec![(end, end, format!(" {}", f.quoted.join(" ")))]));
            return Ok(true);
        }
        // « Les deuxième et troisième alinéas de … sont supprimés ».
        if let Some(c) =
            re(r"^(Les? .+? alinéas?(?: .+?)?|Le .+? (?:visa|considérant)) (?:est|sont) supprimés?$").captures(s)
        {
            if c[1].contains("alinéa") || part_place(t, &decap(&c[1])).is_some() {
                let (place, ns) = alinea_place(t, &decap(&c[1]), within)?;
                self.acts.push(Act::Alineas(place, ns, vec![]));
                return Ok(true);
            }
        }
        // « Les visas sont supprimés » (a part of one alinéa).
        if let Some(c) =
            re(r"^(Les visas|L’en-tête|La désignation des parties|La formule finale) (?:est|sont) supprimée?s?$")
                .captures(s)
        {
            let (place, ns) = alinea_place(t, &decap(&c[1]), within)?;
            self.acts.push(Act::Alineas(place, ns, vec![]));
            return Ok(true);
        }
        // « Le deuxième alinéa de … est ainsi rédigé : » / « est remplacé par deux alinéas ainsi rédigés : ».
        if let Some(c) = re(&format!(r"^(.+? (?:alinéas?|visa|considérant)(?: .+?)?|Il|Elle|.+?) (?:est ainsi rédigée?|(?:est|sont) remplacée?s? par (?:un|une|\S+) {} ainsi rédigés?) :$", alinea_words)).captures(s) {
            let subject = &c[1];
            let is_alinea = subject.contains("alinéa") || part_place(t, &decap(subject)).is_some();
            if is_alinea {
                let (place, ns) = self.subject_alinea(subject, within)?;
                self.acts.push(Act::Alineas(place, ns, f.quoted.clone()));
                return Ok(true);
            }
            // A division of one alinéa is cited for it (« L'article 17 est
            // remplacé par deux alinéas », « Il est ainsi rédigé » inside « Le
            // … est ainsi modifié »).
            let place = match (subject, within) {
                ("Il" | "Elle", Some(Place::Div(p))) => Some(p.clone()),
                _ => find(t, &decap(subject)).ok(),
            };
            if let Some(p) = place {
                let d = at(&t.divisions, &p);
                let several = !s.contains("est ainsi rédigé");
                if d.alineas.len() == 1 && d.children.is_empty() && (several || matches!(subject, "Il" | "Elle")) {
                    self.acts.push(Act::Alineas(Place::Div(p), vec![1], f.quoted.clone()));
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Formulas on divisions and the title.
    fn division_formula(&mut self, s: &str, f: &Formula, within: Option<&Place>) -> Result<bool, String> {
        let t = self.old;
        let here = |x: &str| -> Result<Path, String> {
            match (x, within) {
                ("Il" | "Elle", Some(Place::Div(p))) => Ok(p.clone()),
                _ => find(t, &decap(x)),
            }
        };
        // « L’intitulé de la convention est ainsi rédigé : » / « L’intitulé
        // de l’article 2 est ainsi rédigé : » / « L’intitulé est supprimé ».
        if let Some(c) =
            re(r"^L’intitulé(?: (?:de la |du |de l’|des )(.+?))? est (ainsi rédigé :|supprimé)$").captures(s)
        {
            let target = match c.get(1) {
                Some(m) => find(t, &of_to_cite(&c[0], m.as_str())).ok(),
                None => match within {
                    Some(Place::Div(p)) => Some(p.clone()),
                    _ => None,
                },
            };
            let new = if &c[2] == "supprimé" { String::new() } else { f.quoted.join(" ") };
            match target {
                Some(p) => self.acts.push(Act::Rename(p, new)),
                None if c.get(1).is_some() => self.acts.push(Act::TitlePage(new)),
                None => return Err(format!("« {} » names nothing", s)),
            }
            return Ok(true);
        }
        // « L’article 11 est abrogé », « Les articles 23 à 26 sont abrogés ».
        if let Some(c) = re(r"^(.+?) (?:est|sont) (abrogée?s?|supprimée?s?)$").captures(s) {
            for p in self.several(&c[1], within)? {
                self.acts.push(if c[2].starts_with("abrog") { Act::Repeal(p) } else { Act::Delete(p) });
            }
            return Ok(true);
        }
        // « L’annexe III est remplacée par l’annexe jointe au présent avenant ».
        if let Some(c) = re(r"^(.+?) est remplacée? par l’annexe jointe au présent avenant$").captures(s) {
            let p = here(&c[1])?;
            let joined = f.quoted.clone();
            let (heading, rest) = joined.split_first().ok_or("no annex joined")?;
            let kinds = child_kinds(at(&t.divisions, &p));
            let kids = divisions_of(rest, &kinds);
            let (label, title) = split_heading(heading, &at(&t.divisions, &p).label);
            self.acts.push(Act::Rewrite(p, Some((label, title)), kids.0, Some(kids.1)));
            return Ok(true);
        }
        // « Le 4. devient le 5. ».
        if let Some(c) = re(r"^(.+?) devient (.+)$").captures(s) {
            let p = here(&c[1])?;
            let old_label = at(&t.divisions, &p).label.clone();
            let from = chain(&decap(&c[1])).and_then(|v| v.first().cloned()).ok_or("unreadable renumbering")?;
            let to = chain(&c[2]).and_then(|v| v.first().cloned()).ok_or("unreadable renumbering")?;
            let label = match old_label.find(&from.num) {
                Some(i) if !from.num.is_empty() => {
                    format!("{}{}{}", &old_label[..i], to.num, &old_label[i + from.num.len()..])
                }
                _ => to.num.clone(),
            };
            self.acts.push(Act::Relabel(p, label));
            return Ok(true);
        }
        // « L’article 25 est ainsi rédigé : ».
        if let Some(c) = re(r"^(.+?) est ainsi rédigée? :$").captures(s) {
            let p = here(&c[1])?;
            let d = at(&t.divisions, &p);
            let kinds = child_kinds(d);
            match f.quoted.split_first() {
                Some((first, rest)) if starts_with_label(first, &d.label) => {
                    let (label, title, text0) = split_heading_text(first, &d.label);
                    let mut lines: Vec<String> = text0.into_iter().collect();
                    lines.extend(rest.iter().cloned());
                    let (own, kids) = divisions_of(&lines, &kinds);
                    self.acts.push(Act::Rewrite(p, Some((label, title)), own, Some(kids)));
                }
                _ => self.acts.push(Act::Rewrite(p, None, f.quoted.clone(), None)),
            }
            return Ok(true);
        }
        // « Les premier à troisième alinéas de … sont remplacés par … »: own alinéas.
        // « Après l’article 2, sont insérés deux articles … ainsi rédigés : ».
        if let Some(c) = re(r"^(Après |Au début (?:du |de la |de l’|des ))(.+?), (?:il est inséré|sont insérée?s) (.+?) ainsi rédigée?s? :$").captures(s) {
            let after = c[1].starts_with("Après");
            let cite = if after { decap(&c[2]) } else { of_to_cite(&format!("{}{}", &c[1], &c[2]), &c[2]) };
            let p = find(t, &cite)?;
            let (own, divs) = self.inserted(&p, after, &f.quoted)?;
            if !own.is_empty() {
                return Err(format!("text before the inserted divisions: {:?}", own));
            }
            self.acts.push(if after { Act::After(p, divs) } else { Act::FirstIn(p, divs) });
            return Ok(true);
        }
        Ok(false)
    }

    /// « Les articles 23 à 26 », « l’article 19, le premier article 20 et
    /// l’article 21 », « les 1° et 2° de l’article 9 ».
    fn several(&self, s: &str, within: Option<&Place>) -> Result<Vec<Path>, String> {
        let t = self.old;
        if matches!(s, "Il" | "Elle") {
            if let Some(Place::Div(p)) = within {
                return Ok(vec![p.clone()]);
            }
        }
        let s = decap(s);
        if let Ok(p) = find(t, &s) {
            return Ok(vec![p]);
        }
        // « les articles 23 à 26 », « les 1° et 2° de l’article 9 ».
        if let Some(rest) = s.strip_prefix("les ") {
            let cut = [" du ", " de la ", " de l’", " des "].iter().filter_map(|p| rest.find(p)).min();
            let (heads, tail) = match cut {
                Some(i) => (&rest[..i], &rest[i..]),
                None => (rest, ""),
            };
            let (kind, list) = match heads.split_once(' ') {
                Some((k, l)) if k.ends_with('s') && k.chars().all(char::is_alphabetic) => {
                    (Some(k.trim_end_matches('s')), l)
                }
                _ => (None, heads),
            };
            let names: Vec<String> = if let Some((a, b)) = list.split_once(" à ") {
                match (a.trim().parse::<u32>(), b.trim().parse::<u32>()) {
                    (Ok(a), Ok(b)) => (a..=b).map(|n| n.to_string()).collect(),
                    _ => return Err(format!("unreadable range « {} »", s)),
                }
            } else {
                list.split(", ").flat_map(|x| x.split(" et ")).map(str::to_string).collect()
            };
            let mut out = Vec::new();
            for n in names {
                let cite = match kind {
                    Some(k) => format!("{} {}{}", k, n, tail),
                    None => format!("le {}{}", n, tail),
                };
                out.push(find(t, &cite)?);
            }
            return Ok(out);
        }
        // « l’article 19, le premier article 20 et l’article 21 ».
        let mut out = Vec::new();
        for one in s.split(", ").flat_map(|x| x.split(" et ")) {
            out.push(find(t, one)?);
        }
        Ok(out)
    }

    /// The divisions an insertion quotes, at the level of `p` (after it)
    /// or below it (first in it).
    fn inserted(&self, p: &Path, after: bool, lines: &[String]) -> Result<(Vec<String>, Vec<Div>), String> {
        let t = self.old;
        let d = at(&t.divisions, p);
        // The kinds of heading at the inserted level: the sibling's, and
        // those of the children at that level.
        let mut kinds: Vec<String> = Vec::new();
        if after {
            kinds.push(kind_of(&d.label));
            let parent_kids: Vec<&Div> = if p.len() > 1 {
                at(&t.divisions, &p[..p.len() - 1]).children.iter().collect()
            } else {
                t.divisions.iter().collect()
            };
            for s in parent_kids {
                kinds.push(kind_of(&s.label));
                kinds.extend(child_kinds(s));
            }
        } else {
            kinds.extend(child_kinds(d));
            kinds.extend(d.children.iter().flat_map(child_kinds));
        }
        let first_kind = lines.first().map(|l| kind_of(&leading_label(l).unwrap_or_default())).unwrap_or_default();
        if !kinds.contains(&first_kind) {
            kinds.insert(0, first_kind);
        }
        // The first line heads the first division inserted, whatever its label.
        let (own, mut divs) = divisions_of(lines.get(1..).unwrap_or_default(), &kinds);
        let Some(first) = lines.first() else { return Ok((own, divs)) };
        let (label, title, text) = split_heading_text(first, "");
        let mut head = Div { label, title, alineas: text.into_iter().collect(), children: vec![] };
        head.alineas.extend(own);
        divs.insert(0, head);
        Ok((vec![], divs))
    }
}

/// « Au début du 1. du A du II, … » → « le 1. du A du II ».
fn of_to_cite(whole: &str, cite: &str) -> String {
    if whole.contains(&format!("de l’{}", cite)) {
        format!("l’{}", cite)
    } else if whole.contains(&format!("de la {}", cite)) {
        format!("la {}", cite)
    } else if whole.contains(&format!("des {}", cite)) {
        format!("les {}", cite)
    } else {
        format!("le {}", cite)
    }
}

/// « Le deuxième alinéa » → « le deuxième alinéa ».
fn decap(s: &str) -> String {
    let mut c = s.trim().chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Splits « Au deuxième alinéa de l’article 2, les mots : … » at the comma
/// before what the formula does.
fn split_at_place(s: &str) -> (Option<&str>, &str) {
    if !["Au ", "Aux ", "À "].iter().any(|p| s.starts_with(p)) {
        return (None, s);
    }
    let whats = [
        ", les mots : «",
        ", le mot : «",
        ", la date du ",
        ", le taux : «",
        ", après ",
        ", le point",
        ", la virgule",
        ", le deux-points",
        ", la première occurrence",
        ", la seconde occurrence",
        ", la dernière occurrence",
    ];
    let occurrence = re(r", la \S+ occurrence ").find(s).map(|m| m.start());
    let cut = whats.iter().filter_map(|w| s.find(w)).chain(occurrence).min();
    match cut {
        Some(i) => (Some(&s[..i]), &s[i + 2..]),
        None => (None, s),
    }
}

/// « Aux deuxième et quatrième alinéas de l’article 2, au premier alinéa
/// de l’article 6 et à l’article 7 » → each place.
fn split_places(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in s.split(", ") {
        // « et au … », « et à … » starts another place; « deuxième et
        // quatrième alinéas » does not.
        let mut rest = piece.to_string();
        loop {
            let cut = [" et au ", " et aux ", " et à "].iter().filter_map(|p| rest.find(p).map(|i| (i, p.len()))).min();
            match cut {
                Some((i, n)) => {
                    out.push(rest[..i].to_string());
                    rest = rest[i + 4..].to_string();
                    let _ = n;
                }
                None => break,
            }
        }
        if piece.starts_with(['A', 'a', 'À', 'à']) || out.is_empty() {
            out.push(rest);
        } else if let Some(last) = out.last_mut() {
            last.push_str(", ");
            last.push_str(&rest);
        }
    }
    out
}

/// The edit a formula on words makes in one alinéa.
fn word_edit(text: &str, rest: &str) -> Result<Option<(usize, usize, String)>, String> {
    // « le point final est remplacé par un point-virgule ».
    if let Some(c) = re(r"^(?:le|la) (point|point-virgule|deux-points|virgule|point d’exclamation|point d’interrogation) finale? est (?:remplacée? par (?:un|une) (.+)|supprimée?)$").captures(rest) {
        let old = mark(&c[1]).ok_or("unknown mark")?.trim();
        let trimmed = text.trim_end();
        if !trimmed.ends_with(old) {
            return Err(format!("« {} » does not end with « {} »", text, old));
        }
        let s = trimmed.len() - old.len();
        let new = match c.get(2) {
            Some(m) => mark(m.as_str()).ok_or("unknown mark")?.to_string(),
            None => String::new(),
        };
        return Ok(Some((s, trimmed.len(), new)));
    }
    // « la date du X est remplacée par la date du Y ».
    if let Some(c) = re(r"^la date du (.+) est remplacée par la date du (.+)$").captures(rest) {
        let (s, e) = locate(text, &c[1], None)?;
        return Ok(Some((s, e, c[2].to_string())));
    }
    // « … est remplacé par … ».
    if let Some(c) =
        re(r"^(.+?) (?:sont remplacés|est remplacée?) par (?:les mots|le mot|le taux) : « (.*) »$").captures(rest)
    {
        let (w, occ) = quoted_words(&c[1]).ok_or_else(|| format!("unreadable words « {} »", &c[1]))?;
        let (s, e) = locate(text, &w, occ)?;
        return Ok(Some((s, e, c[2].to_string())));
    }
    // « après les mots : « X », sont insérés les mots : « Y » ».
    if let Some(c) = re(r"^après (.+?), (?:sont insérés|est inséré) (?:les mots|le mot) : « (.*) »$").captures(rest)
    {
        let (w, occ) = quoted_words(&c[1]).ok_or_else(|| format!("unreadable words « {} »", &c[1]))?;
        let (_, e) = locate(text, &w, occ)?;
        let y = &c[2];
        let ins =
            if y.starts_with([',', '.', ';', ':', ')', '»', '!', '?']) { y.to_string() } else { format!(" {}", y) };
        return Ok(Some((e, e, ins)));
    }
    // « les mots : « X » sont supprimés ».
    if let Some(c) = re(r"^(.+?) (?:sont supprimés|est supprimée?)$").captures(rest) {
        let Some((w, occ)) = quoted_words(&c[1]) else { return Ok(None) };
        let (s, e) = locate(text, &w, occ)?;
        let (s, e) = if text[..s].ends_with(' ') {
            (s - 1, e)
        } else if text[e..].starts_with(' ') {
            (s, e + 1)
        } else {
            (s, e)
        };
        return Ok(Some((s, e, String::new())));
    }
    Ok(None)
}

// ------------------------------------------------------- quoted divisions

/// The kind of a label: its keyword, or the shape of its number.
fn kind_of(label: &str) -> String {
    let (kw, num) = label_key(label);
    if let Some(k) = kw {
        return k;
    }
    let l = label.trim();
    let shape: String = num
        .chars()
        .map(|c| match c {
            '0'..='9' => '1',
            'I' | 'V' | 'X' | 'L' | 'C' => 'I',
            c if c.is_ascii_uppercase() => 'A',
            'i' | 'v' | 'x' => 'i',
            c if c.is_ascii_lowercase() => 'a',
            c => c,
        })
        .collect::<String>();
    let shape = shape.replace("11", "1");
    let tail: String = l.chars().rev().take_while(|c| !c.is_alphanumeric()).collect::<String>().chars().rev().collect();
    let tail: String = tail.chars().filter(|c| matches!(c, ')' | '°')).collect();
    format!("{}{}", shape, tail)
}

/// The kinds of the subdivisions of a division.
fn child_kinds(d: &Div) -> Vec<String> {
    let mut v: Vec<String> = d.children.iter().filter(|c| !c.label.is_empty()).map(|c| kind_of(&c.label)).collect();
    v.dedup();
    v
}

/// The label a quoted line opens with, if any (« Article 3 bis », « 9.4. »,
/// « II. – », « 1° », « a) »).
fn leading_label(line: &str) -> Option<String> {
    let r = re(
        r"^(?:(?:Article|ARTICLE|Art\.?|TITRE|Titre|CHAPITRE|Chapitre|Section|SECTION|Annexe|ANNEXE|Partie|PARTIE)\s+(?:\d+(?:er|re)?|[IVXLC]+(?:er)?|premier|unique|[A-Z])(?:\s+(?:bis|ter|quater))?\.?(?:\s*[–—―:-])?|\d+(?:\.\d+)+\.?(?:\s*[–—―-])?|[IVXLC]+\.(?:\s*[–—―-])?|[A-Z]\.(?:\s*[–—―-])?|\d+(?:\s+(?:bis|ter))?\s*°|\d+(?:\s+(?:bis|ter))?\.|[a-z]\)|[ivx]+\)|§\s*\d+\.?)(?:\s|$)",
    );
    r.find(line).map(|m| m.as_str().trim().to_string())
}

/// Whether a quoted line opens with a division's own label (its heading).
fn starts_with_label(line: &str, label: &str) -> bool {
    let lw = words(label);
    !lw.is_empty()
        && leading_label(line)
            .is_some_and(|l| words(&l) == lw || label_key(&l).0 == label_key(label).0 && label_key(&l).0.is_some())
}

/// A quoted heading: its label and its title.
fn split_heading(line: &str, _old_label: &str) -> (String, String) {
    match leading_label(line) {
        Some(l) => {
            let rest = line[l.len().min(line.len())..].trim();
            let rest = rest.trim_start_matches(['–', '—', '―', '-', ':', ' ']);
            (l, rest.to_string())
        }
        None => (String::new(), line.to_string()),
    }
}

/// A quoted heading that may open on its first alinéa (« 9.4. Le
/// concessionnaire… »): label, title, and that alinéa.
fn split_heading_text(line: &str, old_label: &str) -> (String, String, Option<String>) {
    let (label, rest) = split_heading(line, old_label);
    let keyword = label_key(&label).0.is_some();
    let sentence = rest.ends_with(['.', ';', ':', '!', '?', '…']) || rest.chars().count() > 150;
    if !keyword && sentence && !rest.is_empty() {
        (label, String::new(), Some(rest))
    } else {
        (label, rest, None)
    }
}

/// Quoted lines read as alinéas and divisions: a line opening with a
/// label of one of `kinds` heads a division (the first kind at the top,
/// the others below it); the lines before the first heading are alinéas.
fn divisions_of(lines: &[String], kinds: &[String]) -> (Vec<String>, Vec<Div>) {
    let mut own = Vec::new();
    let mut divs: Vec<Div> = Vec::new();
    for line in lines {
        let label = leading_label(line).filter(|l| kinds.contains(&kind_of(l)));
        match label {
            Some(_) => {
                let (label, title, text) = split_heading_text(line, "");
                divs.push(Div { label, title, alineas: text.into_iter().collect(), children: vec![] });
            }
            None => match divs.last_mut() {
                Some(d) => d.alineas.push(line.clone()),
                None => own.push(line.clone()),
            },
        }
    }
    (own, divs)
}

// -------------------------------------------------------------- the avenant

/// Sentences of an avenant that amend nothing.
fn amends_nothing(s: &str) -> bool {
    s.starts_with("Le présent avenant a pour objet")
        || s.starts_with("Le présent avenant entre en vigueur")
        || s.starts_with("Les frais de publication")
        || (s.starts_with("Les autres stipulations") && s.ends_with("demeurent inchangées."))
        || s.contains("conformément aux dispositions figurant en annexe au présent avenant")
}

/// The paragraphs of the avenant that amend: between « Il a été convenu ce
/// qui suit : » and « Fait à », the annexes joined apart.
fn body(text: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let lines: Vec<String> = text.lines().map(|l| typed(l).trim().to_string()).filter(|l| !l.is_empty()).collect();
    let start = lines
        .iter()
        .position(|l| l.to_lowercase().ends_with("il a été convenu ce qui suit :"))
        .ok_or("no « Il a été convenu ce qui suit : »")?;
    let end = lines.iter().rposition(|l| l.starts_with("Fait à ")).unwrap_or(lines.len());
    let region = &lines[start + 1..end.max(start + 1)];
    let annex = region.iter().position(|l| l == "ANNEXE AU PRÉSENT AVENANT");
    match annex {
        Some(a) => Ok((region[..a].to_vec(), region[a + 1..].to_vec())),
        None => Ok((region.to_vec(), vec![])),
    }
}

/// A quotation from its first line: the alinéas it quotes (each opens with
/// « , the last closes with »), and where it ends. Guillemets inside an
/// alinéa (« l'association « La Grande 10 » ») are counted, so that only
/// the closing one ends the quotation.
fn quotation(lines: &[String], from: usize) -> Result<(Vec<String>, usize), String> {
    let mut out: Vec<String> = Vec::new();
    let (mut opened, mut closed) = (0usize, 0usize);
    let mut k = from;
    while k < lines.len() {
        let l = &lines[k];
        let (open, body) = match l.strip_prefix("« ") {
            Some(b) => (true, b),
            None => (false, l.as_str()),
        };
        opened += body.matches('«').count();
        closed += body.matches('»').count();
        let ends = closed > opened;
        let piece = if ends {
            let i = body.rfind('»').unwrap_or(body.len());
            body[..i].trim_end().to_string()
        } else {
            body.to_string()
        };
        if open || out.is_empty() {
            out.push(piece);
        } else if let Some(last) = out.last_mut() {
            // An alinéa with a line break goes on without « .
            last.push('\n');
            last.push_str(&piece);
        }
        k += 1;
        if ends {
            return Ok((out, k));
        }
    }
    Err(format!("unclosed quotation from « {} »", lines[from]))
}

/// Applies the avenant's formulas, read from its text, to the old text.
pub fn apply_prose(old: &Document, avenant: &str) -> Result<Vec<Line>, String> {
    let t = text_of(old);
    let (lines, joined) = body(avenant)?;
    let mut reader = Reader { old: &t, acts: Vec::new() };
    // The annexes joined to the avenant, by their headings.
    let annexes = joined_annexes(&joined);
    let mut k = 0;
    let verb = re(r" (?:est|sont) | devient ");
    while k < lines.len() {
        let line = &lines[k];
        k += 1;
        if line.starts_with("« ") {
            return Err(format!("a quotation no formula opens: « {} »", line));
        }
        if !verb.is_match(line) || amends_nothing(line) {
            continue;
        }
        // « Le … est ainsi modifié : 1° … ; 2° … . »
        if let Some(c) = re(r"^(.+?) (?:est|sont) ainsi modifiée?s? :$").captures(line) {
            let part = ["L’intitulé de", "La désignation", "Les visas", "L’en-tête", "La formule finale"];
            let within = if part.iter().any(|p| c[1].starts_with(p)) {
                None
            } else {
                Some(Place::Div(find(&t, &decap(&c[1]))?))
            };
            while k < lines.len() && re(r"^\d+° ").is_match(&lines[k]) {
                let item = re(r"^\d+° ").replace(&lines[k], "").to_string();
                k += 1;
                let (quoted, next) = if item.ends_with(':') { quotation(&lines, k)? } else { (vec![], k) };
                k = next;
                reader.formula(&Formula { sentence: item, quoted }, within.as_ref())?;
            }
            continue;
        }
        let (quoted, next) = if line.ends_with(':') { quotation(&lines, k)? } else { (vec![], k) };
        k = next;
        let quoted = if line.ends_with("par l’annexe jointe au présent avenant.") {
            let cite = line.split(" est remplacée").next().unwrap_or("");
            let p = find(&t, &decap(cite))?;
            let label = words(&at(&t.divisions, &p).label);
            annexes
                .iter()
                .find(|(h, _)| words(h).starts_with(&label))
                .map(|(h, v)| {
                    let mut all = vec![h.clone()];
                    all.extend(v.iter().cloned());
                    all
                })
                .ok_or_else(|| format!("no annex « {} » joined", label))?
        } else {
            quoted
        };
        reader.formula(&Formula { sentence: line.clone(), quoted }, None)?;
    }
    let acts = std::mem::take(&mut reader.acts);
    let applied = carry_out(&t, acts)?;
    Ok(read(&applied))
}

/// The annexes joined: each from its heading (« Annexe III … ») to the next.
fn joined_annexes(lines: &[String]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for l in lines {
        if l.to_lowercase().starts_with("annexe") && !l.starts_with("« ") {
            out.push((l.clone(), vec![]));
        } else if let Some(last) = out.last_mut() {
            last.1.push(l.clone());
        }
    }
    out
}

// ---------------------------------------------------------------- applying

/// Carries out every act at once on the old text (they all cite it).
fn carry_out(old: &Text, acts: Vec<Act>) -> Result<Text, String> {
    let mut t = old.clone();
    let sorted = sort_acts(acts)?;
    let mut on_alineas = sorted.on_alineas;
    let titles = if sorted.everywhere.is_empty() {
        HashMap::new()
    } else {
        vocabulary_throughout(&t, &mut on_alineas, &sorted.everywhere, &sorted.whole, &sorted.own)
    };
    let mut paths = Vec::new();
    all_paths(&t.divisions, &Vec::new(), &mut paths);
    for p in &paths {
        let k = format!("d{:?}", p);
        let d = at_mut(&mut t.divisions, p);
        d.alineas = on_alineas.new_alineas(&k, &d.alineas);
        if let Some(title) = titles.get(&k) {
            d.title = title.clone();
        }
    }
    for (kind, v) in t.front.iter_mut().chain(t.closing.iter_mut()) {
        let k = place_key(&Place::Part(*kind));
        *v = on_alineas.new_alineas(&k, v);
    }
    structure(&mut t, sorted.structural)?;
    Ok(t)
}

/// A place as the key of its alinéas' acts.
fn place_key(p: &Place) -> String {
    match p {
        Place::Div(path) => format!("d{:?}", path),
        Place::Part(k) => format!("p{:?}", k),
    }
}

/// Alinéas: per place, the fate of each old alinéa and the insertions.
#[derive(Default)]
struct AlineaActs {
    words: HashMap<(String, usize), Vec<Edit>>,
    fates: HashMap<(String, usize), Vec<String>>,
    inserts: HashMap<(String, usize), Vec<String>>,
}

impl AlineaActs {
    /// The alinéas of the place `k` once the acts are carried out.
    fn new_alineas(&self, k: &str, old: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        out.extend(self.inserts.get(&(k.to_string(), 0)).cloned().unwrap_or_default());
        for (i, a) in old.iter().enumerate() {
            let n = i + 1;
            match self.fates.get(&(k.to_string(), n)) {
                Some(v) => out.extend(v.iter().cloned()),
                None => out.push(match self.words.get(&(k.to_string(), n)) {
                    Some(e) if !e.is_empty() => edit(a, e.clone()),
                    _ => a.clone(),
                }),
            }
            out.extend(self.inserts.get(&(k.to_string(), n)).cloned().unwrap_or_default());
        }
        out
    }
}

/// The acts sorted by what they change.
struct SortedActs {
    on_alineas: AlineaActs,
    everywhere: Vec<(String, String)>,
    structural: Vec<Act>,
    /// Divisions rewritten with what is inside them (or repealed, deleted):
    /// no vocabulary change reaches them.
    whole: Vec<Path>,
    /// Divisions whose own alinéas are rewritten.
    own: Vec<Path>,
}

fn sort_acts(acts: Vec<Act>) -> Result<SortedActs, String> {
    let mut s = SortedActs {
        on_alineas: AlineaActs::default(),
        everywhere: Vec::new(),
        structural: Vec::new(),
        whole: Vec::new(),
        own: Vec::new(),
    };
    for a in acts {
        match a {
            Act::Words(p, n, e) => s.on_alineas.words.entry((place_key(&p), n)).or_default().extend(e),
            Act::Alineas(p, ns, new) => {
                for (k, n) in ns.iter().enumerate() {
                    let v = if k == 0 { new.clone() } else { vec![] };
                    if s.on_alineas.fates.insert((place_key(&p), *n), v).is_some() {
                        return Err(format!("alinéa {} of {} amended twice", n, place_key(&p)));
                    }
                }
            }
            Act::Insert(p, after, new) => s.on_alineas.inserts.entry((place_key(&p), after)).or_default().extend(new),
            Act::Everywhere(w, by) => s.everywhere.push((w, by)),
            Act::Rewrite(ref p, _, _, None) => {
                s.own.push(p.clone());
                s.structural.push(a);
            }
            Act::Rewrite(ref p, ..) | Act::Repeal(ref p) | Act::Delete(ref p) => {
                s.whole.push(p.clone());
                s.structural.push(a);
            }
            other => s.structural.push(other),
        }
    }
    Ok(s)
}

/// Words replaced throughout, where nothing else rewrites the text: their
/// edits added to each alinéa's, and the division titles they change.
fn vocabulary_throughout(
    t: &Text,
    acts: &mut AlineaActs,
    everywhere: &[(String, String)],
    whole: &[Path],
    own: &[Path],
) -> HashMap<String, String> {
    let mut titles: HashMap<String, String> = HashMap::new();
    let mut paths = Vec::new();
    all_paths(&t.divisions, &Vec::new(), &mut paths);
    for p in &paths {
        let k = format!("d{:?}", p);
        if whole.iter().any(|r| p.starts_with(r)) {
            continue;
        }
        let d = at(&t.divisions, p);
        for (i, a) in d.alineas.iter().enumerate().filter(|_| !own.contains(p)) {
            let rewritten = acts.fates.contains_key(&(k.clone(), i + 1));
            vocabulary(a, everywhere, acts.words.entry((k.clone(), i + 1)).or_default(), rewritten);
        }
        let mut title_edits = Vec::new();
        vocabulary(&d.title, everywhere, &mut title_edits, false);
        if !title_edits.is_empty() {
            titles.insert(k.clone(), edit(&d.title, title_edits));
        }
    }
    for kind in [PartKind::Ouverture, PartKind::Parties, PartKind::Visas] {
        let k = place_key(&Place::Part(kind));
        for (i, a) in part_alineas(t, kind).iter().enumerate() {
            let rewritten = acts.fates.contains_key(&(k.clone(), i + 1));
            vocabulary(a, everywhere, acts.words.entry((k.clone(), i + 1)).or_default(), rewritten);
        }
    }
    titles
}

/// Word edits of an alinéa for the words replaced throughout, where no
/// other edit stands.
fn vocabulary(text: &str, everywhere: &[(String, String)], edits: &mut Vec<(usize, usize, String)>, fated: bool) {
    if fated {
        return;
    }
    for (w, by) in everywhere {
        for (s, e) in find_words(text, w) {
            if !edits.iter().any(|(a, b, _)| s < *b && *a < e || (*a == *b && *a >= s && *a <= e)) {
                edits.push((s, e, by.clone()));
            }
        }
    }
}

fn edit(text: &str, mut edits: Vec<(usize, usize, String)>) -> String {
    edits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut t = text.to_string();
    for (s, e, new) in edits {
        t.replace_range(s..e, &new);
    }
    t
}

/// Renamings, rewritings, repeals, deletions and insertions, each on the
/// division the old text had there (the paths are the old text's: the
/// deletions and insertions last, from the end).
fn structure(t: &mut Text, acts: Vec<Act>) -> Result<(), String> {
    let mut removals: Vec<Path> = Vec::new();
    let mut additions: Vec<(Path, bool, Vec<Div>)> = Vec::new();
    for a in acts {
        match a {
            Act::TitlePage(line) => t.title = vec![line],
            Act::Rename(p, title) => at_mut(&mut t.divisions, &p).title = title,
            Act::Relabel(p, label) => at_mut(&mut t.divisions, &p).label = label,
            Act::Rewrite(p, heading, own, kids) => {
                let d = at_mut(&mut t.divisions, &p);
                if let Some((label, title)) = heading {
                    if !label.is_empty() {
                        d.label = label;
                    }
                    d.title = title;
                }
                d.alineas = own;
                if let Some(k) = kids {
                    d.children = k;
                }
            }
            Act::Repeal(p) => {
                let d = at_mut(&mut t.divisions, &p);
                d.alineas = vec!["(abrogé)".into()];
                d.children.clear();
            }
            Act::Delete(p) => removals.push(p),
            Act::After(p, divs) => additions.push((p, true, divs)),
            Act::FirstIn(p, divs) => additions.push((p, false, divs)),
            other => return Err(format!("unexpected act {:?}", other)),
        }
    }
    // From the end of the text, so that earlier paths stay true.
    let mut edits: Vec<(Path, u8, Option<Addition>)> = Vec::new();
    edits.extend(removals.into_iter().map(|p| (p, 1, None)));
    edits.extend(additions.into_iter().map(|(p, after, d)| (p, 0, Some((after, d)))));
    edits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (p, _, add) in edits {
        let (parent, k) = p.split_at(p.len() - 1);
        let k = k[0];
        match add {
            None => siblings(t, parent).remove(k),
            Some((true, divs)) => {
                let s = siblings(t, parent);
                for (j, d) in divs.into_iter().enumerate() {
                    s.insert(k + 1 + j, d);
                }
                continue;
            }
            Some((false, divs)) => {
                let d = at_mut(&mut t.divisions, &p);
                for (j, x) in divs.into_iter().enumerate() {
                    d.children.insert(j, x);
                }
                continue;
            }
        };
    }
    Ok(())
}

fn siblings<'a>(t: &'a mut Text, parent: &[usize]) -> &'a mut Vec<Div> {
    if parent.is_empty() {
        &mut t.divisions
    } else {
        &mut at_mut(&mut t.divisions, parent).children
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_ordinals() {
        assert_eq!(ordinal("premier"), Some(1));
        assert_eq!(ordinal("second"), Some(2));
        assert_eq!(ordinal("deuxième"), Some(2));
        assert_eq!(ordinal("cinquième"), Some(5));
        assert_eq!(ordinal("neuvième"), Some(9));
        assert_eq!(ordinal("onzième"), Some(11));
        assert_eq!(ordinal("seizième"), Some(16));
        assert_eq!(ordinal("dix-septième"), Some(17));
        assert_eq!(ordinal("vingt et unième"), Some(21));
        assert_eq!(ordinal("trente-deuxième"), Some(32));
        assert_eq!(ordinals("deuxième, quatrième et sixième"), Some(vec![2, 4, 6]));
        assert_eq!(ordinals("deuxième à quatrième"), Some(vec![2, 3, 4]));
        assert_eq!(ordinals("vingtième et vingt et unième"), Some(vec![20, 21]));
        assert_eq!(ordinal("soixante et onzième"), Some(71));
        assert_eq!(ordinal("quatre-vingt-unième"), Some(81));
        assert_eq!(ordinal("deux cent unième"), Some(201));
    }
}
