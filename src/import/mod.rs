//! `clausier import`: a convention written in Markdown (or exported from an
//! official source as plain lines, or read from Word) becomes a source
//! directory that `build` turns back into the same words, with the facts
//! the text states in its manifest.
//!
//! Two stages:
//! - a reader turns the text into `markdown::Block`s: `front` for Markdown
//!   (comments, raw HTML tables, export page headings); a DOCX reader gives
//!   the same blocks;
//! - `import_blocks` reads the blocks as a legal service does: the sommaire
//!   (`sommaire`), the parts around the divisions (`parts`: title page,
//!   parties, visas, closing, signatures), the divisions (`outline`), and
//!   the facts (`facts`: title, nature, parties, signatories, place, date,
//!   originals). The structure becomes a model `Document` (`structure_as_document`),
//!   which `source::from_model` writes as the source; the facts go into
//!   its manifest.

pub(crate) mod detect;
mod facts;
mod front;
pub(crate) mod outline;
mod parties;
mod parts;
mod pattern;
mod sommaire;

use crate::error::{Error, NotImported, Result};
use crate::markdown::{self, TextBlock as Block};
use crate::model::{
    inline_text, Alinea, AlineaKind, Division, Document, Inline, Mark, Meta, Part, PartKind, SignatureBlock, Style,
    TocSetting,
};
use crate::numbering::Pattern;
use crate::source::from_model;
use crate::source::{Node, Source};
use detect::{Class, Label};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

pub(crate) use facts::Facts;

/// A source made from a text, and what the text did not say.
#[derive(Debug, Clone)]
pub struct Imported {
    pub source: Source,
    /// The facts the text does not state, in words (« the date of
    /// signature »): left empty in the manifest, never guessed.
    pub missing: Vec<String>,
    /// What the reader could not take as text, or took one way of two
    /// (a DOCX's tracked changes, accepted), for the user to know.
    pub notes: Vec<String>,
}

/// Imports a Markdown or text file, or a Word document (known by its zip
/// signature, whatever its name). The file is read once, through a bounded
/// reader: a pipe, a FIFO or `/dev/stdin` is read as a file is.
pub fn import_file(path: &Path) -> Result<Imported> {
    let input = crate::input::Input::read(path, crate::input::TEXT)?;
    match input.kind() {
        crate::input::Kind::Zip | crate::input::Kind::FlatOdt => import_docx(path, &input.bytes),
        crate::input::Kind::Binary => Err(input.not_a("a text or a Word document")),
        _ => import(&input.text("a text or a Word document")?, path),
    }
}

/// Imports a DOCX: the reader's blocks (headings from styles, numbering
/// labels as Word shows them, tables, notes, every tracked change
/// accepted), read by the same rules as a text.
fn import_docx(path: &Path, bytes: &[u8]) -> Result<Imported> {
    let d = crate::read::docx::read_word_processor(path, bytes, &Default::default())?;
    if d.blocks.is_empty() {
        return Err(Error::Import { path: path.to_path_buf(), why: NotImported::NoWordText });
    }
    let blocks = d.blocks.into_iter().map(|b| numbered_heading(b.block)).collect();
    // A text exported from an official source and put in Word keeps the
    // export's page headings (« Article Convention du 19 février 2009 »).
    let mut imported = import_blocks(front::page_headings(blocks), path)?;
    if d.tracked.changes_text() {
        let t = d.tracked;
        imported.notes.push(format!(
            "{}: the document has tracked changes ({} insertions, {} deletions): imported with every change accepted",
            path.display(),
            t.insertions + t.inserted_marks + t.inserted_rows,
            t.deletions + t.deleted_marks + t.deleted_rows
        ));
    }
    imported.notes.extend(d.unread.iter().map(|u| format!("{}: {} (its words are not imported)", path.display(), u)));
    Ok(imported)
}

/// Imports Markdown text; `path` names it in errors and becomes the source's home.
pub fn import(text: &str, path: &Path) -> Result<Imported> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::Import { path: path.to_path_buf(), why: NotImported::Empty });
    }
    import_read(front::blocks(text), path, Some(text))
}

/// Imports Markdown text and keeps only the source.
pub fn import_text(text: &str, path: &Path) -> Result<Source> {
    import(text, path).map(|i| i.source)
}

/// Word numbers articles and sections with automatic numbering as often as
/// with heading styles: a numbered paragraph whose number is an article's
/// label (« Article 3 », « Chapitre II »), or a section's (« II. », « A. »,
/// « 1.2. ») before a title or nothing, reads as the line Word shows, label
/// and text, for the rules of labels to place it. An enumeration (« I.
/// Distributions publiques… ; ») and sub-points (« 1. », « a) », « 1° »)
/// stay list items, as in a Markdown text.
fn numbered_heading(b: Block) -> Block {
    let Block::Alinea { alinea: Alinea { kind: AlineaKind::Item { marker: Some(m) }, inlines, .. }, line } = b else {
        return b;
    };
    let heads = match detect::label(m.trim(), None) {
        Some(l) if !l.rest.is_empty() => false,
        Some(l) if l.class == Class::Keyword => true,
        Some(l) if l.class == Class::Structural => inlines.is_empty() || looks_like_title(&inlines),
        _ => false,
    };
    if !heads {
        return Block::Alinea {
            alinea: Alinea { kind: AlineaKind::Item { marker: Some(m) }, inlines, change: Default::default() },
            line,
        };
    }
    let mut v = vec![Inline::plain(format!("{} ", m.trim()))];
    v.extend(inlines);
    Block::Alinea { alinea: Alinea::paragraph(markdown::normalize(v)), line }
}

/// A heading found in the text, before it is placed in the outline.
#[derive(Debug, Clone)]
pub(crate) struct Heading {
    label: Option<Label>,
    title: Vec<Inline>,
    md_level: Option<usize>,
    /// A label followed by a whole sentence (« I. – Le comité se réunit… »):
    /// the division has no title and this is its first alinéa.
    sentence: Option<Vec<Inline>>,
    /// An annex: always at the top of the outline.
    annex: bool,
    /// The préambule: at the top, unnumbered.
    preamble: bool,
    /// In an annex that follows the closing and the signature blocks.
    after_signatures: bool,
    /// The line as written, for a heading that stays text.
    written: Vec<Inline>,
}

impl Heading {
    fn new(label: Option<Label>, title: Vec<Inline>, md_level: Option<usize>, written: Vec<Inline>) -> Heading {
        let annex =
            label.as_ref().is_some_and(Label::is_annex) || (label.is_none() && is_annex_title(&inline_text(&title)));
        Heading { label, title, md_level, sentence: None, annex, preamble: false, after_signatures: false, written }
    }

    fn untitled() -> Heading {
        Heading::new(None, vec![], None, vec![])
    }

    fn whole_line(&self) -> Vec<Inline> {
        if !self.written.is_empty() {
            return self.written.clone();
        }
        let mut v = Vec::new();
        if let Some(l) = &self.label {
            v.push(Inline::plain(format!("{} ", l.text)));
        }
        v.extend(self.title.iter().cloned());
        markdown::normalize(v)
    }
}

/// A block of the text, read: a heading, a sub-point line, other text.
#[derive(Debug, Clone)]
pub(crate) enum Piece {
    Head(Heading),
    /// « a) Si les quantités… », « 1° Canalisations »: a division or an
    /// alinéa, by the sub-point rule (`outline`).
    Sub {
        label: Label,
        alinea: Alinea,
    },
    Text(Alinea),
    Rule,
}

impl Piece {
    /// The piece as an alinéa, where the text has no divisions (front and
    /// end matter).
    fn into_alinea(self) -> Option<Alinea> {
        match self {
            Piece::Head(h) => {
                let mut line = h.whole_line();
                if let (true, Some(s)) = (h.written.is_empty(), h.sentence) {
                    line.push(Inline::plain(" "));
                    line.extend(s);
                }
                Some(Alinea::paragraph(markdown::normalize(line)))
            }
            Piece::Sub { alinea, .. } | Piece::Text(alinea) => Some(alinea),
            Piece::Rule => None,
        }
    }
}

/// « ANNEXE », « Annexe tarifaire », « Annexe : plan de situation ».
fn is_annex_title(t: &str) -> bool {
    let t = t.trim();
    t.len() <= 480 && t.chars().count() <= 120 && !t.ends_with(['.', ';', ',']) && {
        let f = facts::fold(t);
        f == "annexe" || f.starts_with("annexe ")
    }
}

/// « Préambule », « PRÉAMBULE », « Préambule : Ivry-Paris, … ».
fn is_preamble(t: &str) -> bool {
    if t.len() > 1200 || t.chars().count() > 300 {
        return false;
    }
    let f = facts::fold(t);
    f == "preambule" || f.starts_with("preambule ")
}

/// « (suite) » markers of an export: a line that is only that, or a heading
/// repeated with it (« Article 5 (suite) ») — the text goes on.
fn is_continuation(t: &str, seen: &HashSet<String>) -> bool {
    let t = t.trim();
    if t.eq_ignore_ascii_case("(suite)") || t.eq_ignore_ascii_case("suite") {
        return true;
    }
    match t.len().checked_sub(7).and_then(|k| t.get(k..).map(|end| (k, end))) {
        Some((k, end)) if end.eq_ignore_ascii_case("(suite)") => seen.contains(&facts::fold(&t[..k])),
        _ => false,
    }
}

/// Reads the blocks into pieces: headings (with their labels), sub-point
/// lines, text.
fn classify(blocks: Vec<Block>) -> Vec<Piece> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut seen: HashSet<String> = HashSet::new();
    let mut prev_lower: Option<usize> = None;
    for b in blocks {
        match b {
            Block::Rule { .. } => out.push(Piece::Rule),
            Block::Heading { level, inlines, .. } => {
                let text = inline_text(&inlines);
                if is_continuation(&text, &seen) {
                    continue;
                }
                seen.insert(facts::fold(&text));
                let (label, title) = split_label(&inlines, prev_lower);
                if let Some(l) = &label {
                    seen.insert(facts::fold(&l.text));
                    prev_lower = if l.key == "lower" { l.value } else { None };
                }
                let mut h = Heading::new(label, title, Some(level), inlines);
                h.preamble = h.label.is_none() && is_preamble(&text);
                out.push(Piece::Head(h));
            }
            Block::Alinea { alinea, .. } => {
                if alinea.kind != AlineaKind::Paragraph {
                    out.push(Piece::Text(alinea));
                    continue;
                }
                let text = inline_text(&alinea.inlines);
                if is_continuation(&text, &seen) {
                    continue;
                }
                if let Some(h) = paragraph_heading(&alinea, prev_lower) {
                    if let Some(l) = &h.label {
                        seen.insert(facts::fold(&l.text));
                        prev_lower = if l.key == "lower" { l.value } else { None };
                    }
                    out.push(Piece::Head(h));
                    continue;
                }
                let single_line = !alinea.inlines.iter().any(|i| matches!(i, Inline::Break));
                if single_line
                    && (is_preamble(&text) && looks_like_title(&alinea.inlines)
                        || is_annex_title(&text) && looks_like_title(&alinea.inlines))
                {
                    let title = strip_wrapping_style(alinea.inlines.clone());
                    let mut h = Heading::new(None, title, None, alinea.inlines.clone());
                    h.preamble = is_preamble(&text);
                    out.push(Piece::Head(h));
                    continue;
                }
                let stripped = inline_text(&strip_wrapping_style(alinea.inlines.clone()));
                match detect::label(stripped.trim(), prev_lower) {
                    Some(l)
                        if l.class == Class::SubPoint && l.rest.chars().any(char::is_alphanumeric) && single_line =>
                    {
                        if l.key == "lower" {
                            prev_lower = l.value;
                        }
                        out.push(Piece::Sub { label: l, alinea });
                    }
                    _ => out.push(Piece::Text(alinea)),
                }
            }
        }
    }
    out
}

/// A short line with no final punctuation: a title-page line or a title.
fn looks_like_title(v: &[Inline]) -> bool {
    let t = inline_text(v);
    let t = t.trim();
    !t.is_empty()
        && t.chars().count() <= 150
        && !t.ends_with(['.', ';', ',', ':'])
        && !v.iter().any(|i| matches!(i, Inline::Break))
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

/// The words after a label detected on the same alinéa.
fn after_label(inlines: &[Inline], l: &Label) -> Vec<Inline> {
    let inlines = strip_wrapping_style(inlines.to_vec());
    let text = inline_text(&inlines);
    drop_prefix(&inlines, text.len().saturating_sub(l.rest.len()))
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
    let texts: Vec<&Style> = v
        .iter()
        .filter_map(|i| match i {
            Inline::Text { text, style } if !text.trim().is_empty() => Some(style),
            _ => None,
        })
        .collect();
    let all_bold = !texts.is_empty() && texts.iter().all(|s| s.bold);
    let all_italic = !texts.is_empty() && texts.iter().all(|s| s.italic);
    let v = v
        .into_iter()
        .map(|i| match i {
            Inline::Text { text, style } => Inline::Text {
                text,
                style: Style { bold: style.bold && !all_bold, italic: style.italic && !all_italic, ..style },
            },
            b => b,
        })
        .collect();
    markdown::normalize(v)
}

/// A paragraph that is a division heading: a line starting with a legal
/// keyword or a Roman or decimal number (« Article 3 », « I. – »,
/// « 1.5.1. »), a bold paragraph starting with a label (« **iii) Poursuivre
/// …** »), or « 1. » followed by a title.
fn paragraph_heading(a: &Alinea, prev_lower: Option<usize>) -> Option<Heading> {
    if a.kind != AlineaKind::Paragraph || a.inlines.iter().any(|i| matches!(i, Inline::Break)) {
        return None;
    }
    let text = inline_text(&a.inlines);
    let all_bold =
        a.inlines.iter().all(|i| matches!(i, Inline::Text { style, text } if style.bold || text.trim().is_empty()));
    let label = detect::label(text.trim(), prev_lower)?;
    let delimited = label.text.trim_end().ends_with(['.', ':', ')', '–', '—', '―', '-']);
    let heads = match label.class {
        // « Article 3 du décret… » opens a sentence that cites an article.
        Class::Keyword => delimited || label.rest.is_empty() || !label.rest.starts_with(char::is_lowercase),
        Class::Structural => all_bold || label.key == "roman" || label.key.starts_with("decimal"),
        Class::SubPoint => {
            all_bold
                || (label.key == "arabic"
                    && looks_like_title(&markdown::parse_inline(&label.rest))
                    && label.rest.split_whitespace().count() <= 12)
        }
    };
    if !heads {
        return None;
    }
    // A label followed by a whole sentence is a division whose first alinéa
    // follows the label (« I. – Le comité se réunit… »); so is a label
    // followed by a parenthesis (« Art. 11. (article abrogé) »).
    let rest = label.rest.trim();
    let long = rest.chars().count() > 150 || rest.ends_with(['.', ';', ',', ':']) || rest.starts_with('(');
    if !all_bold && long && label.rank.is_none() && label.key == "roman" && rest.split_whitespace().count() < 3 {
        return None;
    }
    let (label, title) = split_label(&a.inlines, prev_lower);
    let mut h = Heading::new(label, vec![], None, a.inlines.clone());
    if long && !all_bold {
        h.sentence = Some(title);
    } else {
        h.title = title;
    }
    Some(h)
}

/// Adds an alinéa, mending paragraphs that a page break split in two
/// (« … une bonne » / « concertation sur … »): the second starts in lower
/// case, or the first ends on an article or a preposition, or the second
/// goes on with a code's article after a comma (« L. 5123-6, » / « L. 5312-1 »).
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
    // « d'une part, » is a line of its own, though it starts in lower case.
    if parts::is_part_marker(&n) {
        return false;
    }
    let p = p.trim_end();
    let Some(last) = p.chars().last() else { return false };
    if !(last.is_alphabetic() || last == ',') || prev.iter().any(|i| matches!(i, Inline::Break)) {
        return false;
    }
    let n = n.trim_start();
    let first = n.chars().next();
    let starts_lower = first.is_some_and(|c| c.is_lowercase());
    let last_word = p.rsplit(|c: char| c.is_whitespace() || c == '\'' || c == '’').next().unwrap_or("").to_lowercase();
    const GLUE: [&str; 22] = [
        "le", "la", "les", "de", "du", "des", "d", "à", "au", "aux", "et", "ou", "en", "sur", "par", "pour", "dans",
        "avec", "une", "un", "ces", "que",
    ];
    static CODE: std::sync::OnceLock<crate::import::pattern::Pattern> = std::sync::OnceLock::new();
    let code_article = last == ','
        && CODE.get_or_init(|| crate::import::pattern::Pattern::new(r"^[LRDA]\.\s?\*?[0-9]").unwrap()).is_match(n);
    // A short bold or title-like line is not a broken paragraph.
    p.split_whitespace().count() >= 4 && (starts_lower || GLUE.contains(&last_word.as_str()) || code_article)
}

fn slug(s: &str, words: usize) -> String {
    let folded = facts::fold(s);
    let s: Vec<&str> = folded
        .split_whitespace()
        .filter(|w| w.len() > 2 || w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| w.chars().all(|c| c.is_ascii_alphanumeric()))
        .take(words)
        .collect();
    if s.is_empty() {
        "division".into()
    } else {
        s.join("-")
    }
}

/// « 3 bis » → « 3-bis », « 1.5 » → « 1-5 », « Ier » → « ier ».
fn number_slug(num: &str) -> String {
    let s: String = num.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let s = s.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    if s.is_empty() {
        "division".into()
    } else {
        s
    }
}

/// Comparable form of a sommaire entry or a title: no accents, case or
/// punctuation.
fn comparable(s: &str) -> String {
    facts::fold(s)
}

/// The kinds of sub-point the text cites: « au 2° ci-dessus » (degree),
/// « le b du 7.3.5 » (lower), « le § 3 » (paragraph-sign), « le deuxième
/// tiret » (dash), « au 3 ci-dessus » (arabic).
fn cited_kinds(texts: &[String]) -> HashSet<&'static str> {
    use std::sync::OnceLock;
    static R: OnceLock<Vec<(&'static str, crate::import::pattern::Pattern)>> = OnceLock::new();
    let rules = R.get_or_init(|| {
        // Word edges are written out (`(?:^|\s)`, `(?:\s|$)`) rather than
        // `\b`: a Unicode `\b` makes the regex engine fall back to its slow
        // path on every alinéa of the text.
        [
            ("degree", r"(?i)(?:^|\s)(?:au|aux|du|des|le|les|et|ou|à|a)\s+[0-9]+\s?°(?:(?-i:[^C])|$)"),
            ("lower", r"(?:^|\s)(?:le|au|du|aux|des)\s+[a-z]\)?\s+(?:du|de|des|ci-dessus|ci-après|précédent)(?:\s|[,.;:]|$)"),
            ("roman-lower", r"(?:^|\s)(?:le|au|du|aux)\s+[ivx]{1,4}\)\s+(?:du|de|des|ci-dessus|ci-après)(?:\s|[,.;:]|$)"),
            ("paragraph-sign", r"\S.*?§\s*[0-9]"),
            ("dash", r"(?i)(?:^|\s)(?:premier|deuxième|second|troisième|quatrième|cinquième|sixième|dernier|avant-dernier)\s+tiret(?:\s|[,.;:]|$)"),
            ("arabic", r"(?i)(?:^|\s)(?:au|aux|du|le)\s+[0-9]+\)?\s+(?:ci-dessus|ci-après|(?:du|de)\s+(?:l['’]article|présent article|[IVX]+(?:\s|[,.;:]|$)))"),
        ]
        .into_iter()
        .map(|(k, p)| (k, detect::compile(p)))
        .collect()
    });
    let mut out = HashSet::new();
    for t in texts {
        for (k, r) in rules {
            if !out.contains(k) && r.is_match(t) {
                out.insert(*k);
            }
        }
    }
    if out.contains("arabic") {
        out.insert("arabic-paren");
    }
    out
}

/// Leading Markdown headings with no label that name the text
/// (« # CONVENTION DE PARTENARIAT ») are its title page.
/// « # Article Annexe », « ANNEXE I » opening an official export, above the
/// title and the parties of the text it wraps (a convention nationale
/// published as the annex of an arrêté), is not a division that would hold
/// the whole text: its words stay as a line of the title page.
fn wrapper_heading(pieces: &mut [Piece]) {
    front_headings(pieces);
    let Some(Piece::Head(h)) = pieces.first() else { return };
    if !h.annex {
        return;
    }
    let next = pieces.iter().skip(1).position(|p| matches!(p, Piece::Head(_))).map_or(pieces.len(), |k| k + 1);
    let opens_text = pieces[1..next].iter().any(|p| {
        let (Piece::Text(a) | Piece::Sub { alinea: a, .. }) = p else { return false };
        let t = inline_text(&a.inlines);
        let f = facts::fold(&t);
        parts::is_entre(&t)
            || parts::is_part_marker(&t)
            || ["convention", "avenant", "accord", "protocole", "contrat", "cahier des charges"]
                .iter()
                .any(|w| f.starts_with(w))
    });
    let articles_follow =
        pieces[next..].iter().any(|p| matches!(p, Piece::Head(x) if !x.annex && x.label.is_some() && !x.preamble));
    if opens_text && articles_follow {
        let line = h.whole_line();
        pieces[0] = Piece::Text(Alinea::paragraph(line));
    }
}

/// A heading without a label before the first division, whose words are
/// followed by the parties (« Convention conclue entre l'ETAT, l'organisme
/// propriétaire … » styled as a heading in Word, then « Entre les soussignés
/// : »), is a line of the title page: the parties and visas after it are
/// the front matter, not the text of a division.
fn front_headings(pieces: &mut [Piece]) {
    let first_division = pieces
        .iter()
        .position(|p| matches!(p, Piece::Head(h) if h.label.is_some() || h.annex || h.preamble))
        .unwrap_or(pieces.len());
    for k in 0..first_division {
        let Piece::Head(h) = &pieces[k] else { continue };
        let next = pieces[k + 1..first_division]
            .iter()
            .position(|p| matches!(p, Piece::Head(_)))
            .map_or(first_division, |j| k + 1 + j);
        let parties_follow = pieces[k + 1..next].iter().any(|p| {
            let (Piece::Text(a) | Piece::Sub { alinea: a, .. }) = p else { return false };
            let t = inline_text(&a.inlines);
            parts::is_entre(&t) || parts::is_part_marker(&t)
        });
        if parties_follow {
            let line = h.whole_line();
            pieces[k] = Piece::Text(Alinea::paragraph(line));
        }
    }
}

/// « TITRE I – STIPULATIONS GENERALES » / « TITRE II – STIPULATIONS
/// PARTICULIERES » listed on the cover, then « ENTRE LES SOUSSIGNES »:
/// headings that each hold nothing (a site's page mark aside) before the
/// parties block are the cover's list of contents, lines of the title page —
/// not divisions, the last of which would hold the parties and the text.
fn contents_before_parties(pieces: &mut [Piece]) {
    let mut heads = Vec::new();
    for (k, p) in pieces.iter().enumerate() {
        match p {
            Piece::Head(h) if !h.annex && !h.preamble => heads.push(k),
            Piece::Text(a) | Piece::Sub { alinea: a, .. } => {
                let t = inline_text(&a.inlines);
                if !t.chars().any(char::is_alphabetic) || heads.is_empty() {
                    continue;
                }
                if heads.len() >= 2 && parts::is_entre(&t) {
                    for &h in &heads {
                        if let Piece::Head(x) = &pieces[h] {
                            pieces[h] = Piece::Text(Alinea::paragraph(x.whole_line()));
                        }
                    }
                }
                return;
            }
            _ => return,
        }
    }
}

fn title_headings(pieces: &mut [Piece]) {
    for p in pieces.iter_mut() {
        let Piece::Head(h) = p else { break };
        let t = facts::fold(&inline_text(&h.title));
        let names_text =
            ["convention", "avenant", "cahier des charges", "accord", "protocole", "statuts", "contrat", "charte"]
                .iter()
                .any(|w| t.starts_with(w));
        if h.label.is_some()
            || h.md_level.is_none()
            || h.preamble
            || h.annex
            || !names_text
            || !looks_like_title(&h.title)
        {
            break;
        }
        *p = Piece::Text(Alinea::paragraph(h.title.clone()));
    }
}

/// Reads blocks (from Markdown or Word) as a convention and writes its source.
pub(crate) fn import_blocks(blocks: Vec<Block>, origin: &Path) -> Result<Imported> {
    import_read(blocks, origin, None)
}

/// Reads blocks as a convention; `raw`, the text they were read from, gives
/// each fact the very line it was read at (a block gives its first line).
fn import_read(blocks: Vec<Block>, origin: &Path, raw: Option<&str>) -> Result<Imported> {
    let read = read_structure(blocks, origin, raw)?;
    let mut source = write_source(origin, &read.doc, read.facts);
    source.manifest.provenance = read.provenance;
    Ok(Imported { source, missing: read.missing, notes: vec![] })
}

/// A convention as the import reads it: its structure as the model (the
/// sommaire's entries matched to its divisions included), the facts it
/// states, those it does not, and where each was read.
struct Structure {
    doc: Document,
    facts: Facts,
    missing: Vec<String>,
    provenance: BTreeMap<String, crate::source::Provenance>,
}

/// The structure step of the import: blocks read as a convention, up to
/// the model; writing the source is `import_read`'s.
fn read_structure(blocks: Vec<Block>, origin: &Path, raw: Option<&str>) -> Result<Structure> {
    let only_markup = || Error::Import { path: origin.to_path_buf(), why: NotImported::OnlyMarkup };
    let all_text: Vec<String> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { inlines, .. } => Some(inline_text(inlines)),
            Block::Alinea { alinea, .. } => Some(alinea.text()),
            Block::Rule { .. } => None,
        })
        .collect();
    // Each line of the text (or each block's first line), for where each fact was read.
    let lines: Vec<(usize, String)> = match raw {
        Some(t) => t.lines().enumerate().map(|(k, l)| (k + 1, l.to_string())).collect(),
        None => blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { inlines, line, .. } => Some((*line, inline_text(inlines))),
                Block::Alinea { alinea, line } => Some((*line, alinea.text())),
                Block::Rule { .. } => None,
            })
            .collect(),
    };
    let (blocks, toc) = sommaire::extract(blocks);
    let mut pieces = classify(blocks);
    if pieces.iter().all(|p| matches!(p, Piece::Rule)) && toc.is_none() {
        return Err(only_markup());
    }
    wrapper_heading(&mut pieces);
    contents_before_parties(&mut pieces);
    title_headings(&mut pieces);
    let first = pieces.iter().position(|p| matches!(p, Piece::Head(_))).unwrap_or(pieces.len());
    // The words before the first division, for the facts read by shape.
    let front_text: Vec<String> = pieces[..first]
        .iter()
        .filter_map(|p| p.clone().into_alinea())
        .map(|a| match &a.kind {
            // A list item keeps its mark: « - La Ville de Brignais … » opens a party.
            AlineaKind::Item { marker } => format!("{} {}", marker.as_deref().unwrap_or("-"), inline_text(&a.inlines)),
            _ => inline_text(&a.inlines),
        })
        .collect();
    let mut body = pieces.split_off(first);
    let mut front = parts::front(pieces);
    let mut end: Vec<Piece> = Vec::new();
    if let Some((c, e)) = parts::end_zone(&body) {
        let mut after: Vec<Piece> = body.split_off(e);
        end = body.split_off(c);
        // The annexes after the signatures stay after them: their
        // divisions say so, and the build prints them there.
        for p in &mut after {
            if let Piece::Head(h) = p {
                h.after_signatures = true;
            }
        }
        body.extend(after);
    }
    let (closing, signatures) = parts::end_matter(end);
    if !front.preamble.is_empty() {
        let mut head = vec![Piece::Head(Heading { preamble: true, ..Heading::untitled() })];
        head.extend(std::mem::take(&mut front.preamble).into_iter().map(Piece::Text));
        head.extend(body);
        body = head;
    }
    let cited = cited_kinds(&all_text);
    let mut o = outline::build(body, &cited);
    if o.divs.is_empty() {
        // A text with no recognisable division is one untitled division:
        // no heading is invented for it.
        let mut alineas = std::mem::take(&mut front.ouverture);
        if alineas.is_empty() && front.parties.is_empty() && front.visas.is_empty() {
            alineas = std::mem::take(&mut front.title).into_iter().map(Alinea::paragraph).collect();
        }
        if alineas.is_empty()
            && toc.is_none()
            && front.parties.is_empty()
            && front.visas.is_empty()
            && closing.is_empty()
            && signatures.is_empty()
        {
            return Err(only_markup());
        }
        o.divs.push(outline::Div { heading: Heading::untitled(), level: 1, alineas, children: vec![] });
        o.roots.push(0);
    }
    let facts = facts::extract(&facts::Input {
        title: &front.title,
        parties: &front.parties,
        front: &front_text,
        visas: &front.visas,
        closing: &closing,
        signatures: &signatures,
        body: &all_text,
    });
    let missing = facts::missing(&facts);
    let provenance = facts::provenance(&facts, &lines, &origin.display().to_string());
    let mut doc = structure_as_document(front, closing, signatures, o, toc, facts.title.clone());
    // The document's properties as the build states them from the source
    // written (which keeps neither: the build derives them again).
    doc.meta.subject = crate::source::subject_of_kind(&doc.meta.kind);
    doc.meta.author = crate::source::author_of_parties(&facts.parties);
    Ok(Structure { doc, facts, missing, provenance })
}

/// Names of the source's parts, which no division id may take.
const PARTS: [&str; 6] = ["titre", "ouverture", "parties", "visas", "cloture", "signatures"];

/// The numbering patterns of the divisions, per level the most common
/// (other labels stay explicit), and the depth of the outline.
fn numbering_of(divs: &[outline::Div]) -> (Vec<String>, usize) {
    // Numbering: per level, the most common pattern; other labels explicit.
    let mut by_level: HashMap<usize, Vec<String>> = HashMap::new();
    for d in divs {
        if let Some(l) = d.heading.label.as_ref().filter(|l| l.counter.is_some()) {
            by_level.entry(d.level).or_default().push(pattern_of(l).to_string());
        }
    }
    // « Article 1er », « Article 2 »: one pattern, « Article {1er} » (and
    // « TITRE Ier », « TITRE II »: « TITRE {Ier} »).
    for pats in by_level.values_mut() {
        for (plain, premier) in [("{1}", "{1er}"), ("{I}", "{Ier}")] {
            let firsts: HashSet<String> =
                pats.iter().filter(|p| p.contains(premier)).map(|p| p.replace(premier, plain)).collect();
            for p in pats.iter_mut() {
                if firsts.contains(p.as_str()) {
                    *p = p.replace(plain, premier);
                }
            }
        }
    }
    let depth = divs.iter().map(|d| d.level).max().unwrap_or(1);
    let mut numbering: Vec<String> = Vec::new();
    for level in 1..=depth {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for p in by_level.get(&level).map(Vec::as_slice).unwrap_or(&[]) {
            *counts.entry(p.clone()).or_default() += 1;
        }
        let best = counts.iter().max_by_key(|(p, n)| (**n, std::cmp::Reverse((*p).clone()))).map(|(p, _)| p.clone());
        numbering.push(best.unwrap_or_else(|| "{1}.".into()));
    }
    // Trailing levels nobody numbers are dropped; inner gaps keep a placeholder.
    while numbering.len() > 1 && !by_level.contains_key(&numbering.len()) {
        numbering.pop();
    }
    (numbering, depth)
}

/// The source of the text read: its structure, a model `Document`, written
/// by `source::from_model`; the facts read go into its manifest.
fn write_source(path: &Path, doc: &Document, facts: Facts) -> Source {
    let mut source = from_model::source(doc, path.with_extension(""));
    let m = &mut source.manifest;
    if let Some(d) = &facts.signature {
        m.dates.insert("signature".into(), Value::String(d.clone()));
    }
    m.parties = facts.parties;
    m.signature_order = facts.signature_order;
    m.originaux = facts.originaux;
    m.nature = facts.nature;
    m.intitule = facts.intitule;
    m.lieu = facts.lieu;
    m.visas = facts.visas;
    m.numero = facts.numero;
    m.modifie = facts.modifie;
    source
}

/// What a division's sommaire entry says, by division id: its own wording
/// when it is not the title, and its page.
type TocMatched = HashMap<String, (Option<Vec<Inline>>, Option<String>)>;

/// The structure the import recognised, as the model: title page, front
/// parts, divisions (ids, labels as written, titles, alinéas), closing,
/// signature blocks, the sommaire's title and depth, and each division's
/// sommaire setting as its entry gives it. A sommaire line that names no
/// division is kept as text of the opening.
fn structure_as_document(
    front: parts::Front,
    closing: Vec<Alinea>,
    signatures: Vec<Vec<Vec<Inline>>>,
    o: outline::Outline,
    toc: Option<sommaire::Toc>,
    title: String,
) -> Document {
    let (numbering, depth) = numbering_of(&o.divs);
    let patterns: Vec<Pattern> =
        numbering.iter().map(|p| Pattern::parse(p).expect("patterns built here parse")).collect();
    let mut used: HashMap<String, usize> = PARTS.iter().map(|p| (p.to_string(), 1)).collect();
    let mut naming = Naming { divs: &o.divs, patterns: &patterns, used: &mut used };
    let mut divisions = divisions_of(&mut naming, &o.roots, None, None);

    // Sommaire: each entry names the next division whose heading reads the
    // same (accents, case and punctuation aside), as the build labels it.
    let mut opening = front.ouverture;
    let mut toc_title = None;
    let matched = toc.map(|toc| {
        let headings = heading_texts(&from_model::outline(&divisions, &patterns), &patterns);
        let m = sommaire::match_entries(toc.entries, &headings);
        for e in m.unmatched {
            let mut t = e.text;
            if let Some(p) = e.page {
                t.push(Inline::plain(format!(" {}", p)));
            }
            // One run with its page, as the source written reads it back.
            opening.push(Alinea::paragraph(crate::model::normalize(t)));
        }
        toc_title = Some(toc.title);
        m.entries
    });
    if let Some(matched) = &matched {
        set_sommaire_settings(&mut divisions, matched);
    }
    let part = |kind, alineas: Vec<Alinea>| (!alineas.is_empty()).then_some(Part { kind, alineas });
    Document {
        meta: Meta { title, kind: "convention".into(), numbering, ..Meta::default() },
        title_page: front.title,
        toc_title,
        toc_levels: if matched.is_some() { depth } else { 0 },
        front: [
            part(PartKind::Ouverture, opening),
            part(PartKind::Parties, front.parties),
            part(PartKind::Visas, front.visas),
        ]
        .into_iter()
        .flatten()
        .collect(),
        divisions,
        closing: part(PartKind::Cloture, closing).into_iter().collect(),
        signatures: signatures.into_iter().map(|lines| SignatureBlock { lines, change: Mark::Same }).collect(),
        revision: None,
    }
}

/// (id, computed label, title text) of every node, depth first.
fn heading_texts(nodes: &[Node], patterns: &[Pattern]) -> Vec<(String, String, String)> {
    fn go(ns: &[Node], level: usize, parent: Option<&str>, pats: &[Pattern], out: &mut Vec<(String, String, String)>) {
        let numbers = crate::numbering::number_siblings(
            ns.iter().map(|n| (n.label.as_deref(), n.numbered)),
            pats.get(level - 1),
            parent,
        );
        for (node, (num, label)) in ns.iter().zip(numbers) {
            out.push((node.id.clone(), label.unwrap_or_default(), inline_text(&markdown::parse_inline(&node.title))));
            go(&node.children, level + 1, num.as_deref(), pats, out);
        }
    }
    let mut out = Vec::new();
    go(nodes, 1, None, patterns, &mut out);
    out
}

/// Each division's sommaire setting, as its entry gives it: listed, with
/// the sommaire's own wording and page, or not listed when no entry names
/// it (the sommaire the text prints is the one the build prints).
fn set_sommaire_settings(divisions: &mut [Division], matched: &TocMatched) {
    for d in divisions {
        d.toc = match matched.get(&d.id) {
            Some((wording, page)) => TocSetting { listed: Some(true), wording: wording.clone(), page: page.clone() },
            None => TocSetting { listed: Some(false), ..TocSetting::default() },
        };
        set_sommaire_settings(&mut d.children, matched);
    }
}

/// What naming the divisions needs: the outline read, the numbering
/// patterns, and the ids already taken.
struct Naming<'a> {
    divs: &'a [outline::Div],
    patterns: &'a [Pattern],
    /// Ids taken, with how many times each base was asked for (so that a
    /// thousand « Article 1 » cost no quadratic search for a free id).
    used: &'a mut HashMap<String, usize>,
}

/// The pattern a label follows (« Article {1} – » for « Article 3 – »).
fn pattern_of(l: &Label) -> Pattern {
    Pattern {
        prefix: l.prefix().to_string(),
        counter: l.counter.expect("only counting labels have a pattern"),
        suffix: l.suffix().to_string(),
    }
}

/// Ids: a keyword division is « article-3 »; another takes its parent's id
/// and its number (« ii-a-1 »), a decimal one the id above its decimal
/// numbers (« article-4-1-5-1 », not a chain of every level), an unnumbered
/// one the first words of its title.
fn divisions_of(
    ctx: &mut Naming,
    idxs: &[usize],
    parent_id: Option<&str>,
    parent_number: Option<&str>,
) -> Vec<Division> {
    divisions_under(ctx, idxs, parent_id, parent_id, parent_number)
}

/// The model's divisions of the outline read, each with its id, its label
/// as written, its title and alinéas (see `source::from_model::outline`
/// for the labels the patterns give).
fn divisions_under(
    ctx: &mut Naming,
    idxs: &[usize],
    parent_id: Option<&str>,
    above_decimals: Option<&str>,
    parent_number: Option<&str>,
) -> Vec<Division> {
    let mut out = Vec::new();
    let mut n = 0;
    for &i in idxs {
        let d = &ctx.divs[i];
        let pattern = ctx.patterns.get(d.level - 1);
        let (label, number) = match &d.heading.label {
            None => (None, None),
            Some(l) => {
                let written = l.text.clone();
                let expected = pattern.filter(|_| l.counter.is_some()).map(|p| {
                    let num = p.number(n + 1, parent_number);
                    (p.label(&num), num)
                });
                match expected {
                    Some((lab, num)) if lab == written => {
                        n += 1;
                        (None, Some(num))
                    }
                    _ => (Some(written), Some(l.number().trim_end_matches('.').to_string())),
                }
            }
        };
        let title_text = inline_text(&d.heading.title);
        let base = match (&d.heading.label, &number) {
            (Some(l), Some(num)) if l.rank.is_some() => format!("{}-{}", l.key, number_slug(num)),
            (Some(l), Some(num)) if l.key == "dash" || num.is_empty() => match parent_id {
                Some(p) => format!("{}-tiret", p),
                None => "tiret".into(),
            },
            (Some(l), Some(num))
                if l.counter == Some(crate::numbering::Counter::Decimal) || l.key.starts_with("decimal-") =>
            {
                match above_decimals {
                    Some(p) => format!("{}-{}", p, number_slug(num)),
                    None => number_slug(num),
                }
            }
            (_, Some(num)) => match parent_id {
                Some(p) => format!("{}-{}", p, number_slug(num)),
                None => number_slug(num),
            },
            _ if d.heading.preamble && title_text.trim().is_empty() => "preambule".into(),
            _ => match parent_id {
                Some(p) => format!("{}-{}", p, slug(&title_text, 3)),
                None => slug(&title_text, 3),
            },
        };
        let id = free_id(ctx.used, short_id(base));
        let decimal =
            d.heading.label.as_ref().is_some_and(|l| {
                l.key.starts_with("decimal-") || l.counter == Some(crate::numbering::Counter::Decimal)
            });
        let above = if decimal { above_decimals } else { Some(id.as_str()) };
        // The number the build gives the children: an explicit label's is
        // the label less its final punctuation (« Article 3 »).
        let for_children = match &label {
            Some(l) => Some(crate::numbering::label_number(l)),
            None => number.clone(),
        };
        let children = divisions_under(ctx, &d.children, Some(&id), above, for_children.as_deref());
        out.push(Division {
            id,
            label: d.heading.label.as_ref().map(|l| l.text.clone()),
            title: d.heading.title.clone(),
            level: d.level,
            alineas: d.alineas.clone(),
            children,
            after_signatures: d.heading.after_signatures && parent_id.is_none(),
            ..Division::default()
        });
    }
    out
}

/// An id short enough to name a file (« …/id.md »): deep outlines of long
/// titles would make longer ones.
fn short_id(base: String) -> String {
    const MAX: usize = 100;
    if base.len() <= MAX {
        return base;
    }
    let mut cut = MAX;
    while !base.is_char_boundary(cut) {
        cut -= 1;
    }
    base[..cut].trim_end_matches('-').to_string()
}

/// `base`, or `base-2`, `base-3`… : the first id not taken.
fn free_id(used: &mut HashMap<String, usize>, base: String) -> String {
    let mut k = match used.get(&base) {
        None => {
            used.insert(base.clone(), 1);
            return base;
        }
        Some(n) => *n,
    };
    loop {
        k += 1;
        let id = format!("{}-{}", base, k);
        if !used.contains_key(&id) {
            used.insert(base, k);
            used.insert(id.clone(), 1);
            return id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The structure step already gives the document the build of the
    /// source written gives (its properties, its sommaire, a sommaire line
    /// that names no division kept in the opening): the Word mapping's
    /// fallback can take it without the round trip through a source.
    #[test]
    fn the_structure_read_is_the_document_its_source_builds() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for name in [
            "front-matters/43-eguilles-epf-paca-intervention-fonciere.md",
            "import/convention-plan-montreuil.md",
            "convention-paris-ivry.md",
        ] {
            let path = root.join(name);
            let text = std::fs::read_to_string(&path).unwrap();
            let read = read_structure(front::blocks(&text), &path, Some(&text)).unwrap();
            let imported = import(&text, &path).unwrap();
            let built = crate::render::assemble(&imported.source, &Default::default()).unwrap();
            assert!(!read.doc.meta.author.is_empty(), "{}: no author", name);
            assert_eq!(read.doc, built, "{}", name);
        }
    }
}
