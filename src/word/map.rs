//! A Word document read back onto the text it was built from.
//!
//! The DOCX clausier writes lays a `Document` out in a fixed order: the
//! title page (style `Title`), the sommaire (`TOC Heading`, `TOC 1…`), the
//! front matter, each division as a heading (`Heading 1…6`, marked with
//! its stable id: `model::id_bookmarks`) followed by its alinéas,
//! the closing, the signature blocks side by side in a table. Edited in
//! Word or LibreOffice, the styles and the id bookmarks stay; the parts
//! (parties, visas, closing) have no style of their own.
//!
//! So the document is read with OLD — the text it was made from — as the
//! guide: headings make the divisions (their id from the bookmark, their
//! label and title split as OLD wrote them); the alinéas between two
//! headings are aligned with the alinéas OLD has between the same
//! headings, which says where each belongs (a visa, the closing, an
//! untitled division) and lets each be given back in OLD's own characters
//! when it reads the same (`noise`). What OLD does not have — a new
//! heading, a new alinéa — is read as written. The sommaire, a copy mark,
//! the « Version consolidée » mentions and the document properties are
//! derived from the text, never part of it: they are dropped, and OLD's
//! are kept.
//!
//! A document with no heading at all (retyped as plain paragraphs) is not
//! mapped here: `word` imports it as any text is imported.

use super::noise::{alinea_key, key, plain, restore, restyled};
use crate::compare::{align_alineas, heading_inlines, AlineaStep};
use crate::markdown::TextBlock;
use crate::model::{
    inline_text, normalize, Alinea, AlineaKind, Division, Document, Inline, Part, PartKind, SignatureBlock,
};
use crate::read::docx::{DocxText, ReadBlock};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Where an alinéa of OLD stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Home {
    Part(PartKind),
    /// A division of OLD, by its rank in `Old::divs`.
    Division(usize),
}

/// What the guide knows of OLD.
struct Old<'a> {
    divs: Vec<&'a Division>,
    parent: Vec<Option<usize>>,
    headed: Vec<bool>,
    by_bookmark: HashMap<String, usize>,
    /// The alinéas before the first heading, then after each heading (by
    /// the rank of its division) up to the next one, then the closing.
    front: Vec<(Home, &'a Alinea)>,
    after: HashMap<usize, Vec<(Home, &'a Alinea)>>,
    closing: Vec<(Home, &'a Alinea)>,
    /// The numbering patterns of the text (« {I}. », « Article {1er} – »).
    numbering: &'a [String],
}

impl<'a> Old<'a> {
    /// The keys of every alinéa of OLD: text OLD has is never a new division.
    fn alinea_keys(&self) -> HashSet<String> {
        let after = self.after.values().flatten();
        self.front.iter().chain(after).chain(&self.closing).map(|(_, a)| alinea_key(a)).collect()
    }

    fn new(doc: &'a Document) -> Old<'a> {
        let mut o = Old {
            divs: vec![],
            parent: vec![],
            headed: vec![],
            by_bookmark: HashMap::new(),
            front: vec![],
            after: HashMap::new(),
            closing: vec![],
            numbering: &doc.meta.numbering,
        };
        for p in &doc.front {
            o.front.extend(p.alineas.iter().map(|a| (Home::Part(p.kind), a)));
        }
        let mut stretch: Option<usize> = None;
        for d in &doc.divisions {
            o.walk(d, None, &mut stretch);
        }
        for p in &doc.closing {
            o.closing.extend(p.alineas.iter().map(|a| (Home::Part(p.kind), a)));
        }
        let names = crate::model::id_bookmarks(o.divs.iter().map(|d| d.id.as_str()));
        o.by_bookmark = names.into_iter().enumerate().map(|(k, n)| (n, k)).collect();
        o
    }

    fn walk(&mut self, d: &'a Division, parent: Option<usize>, stretch: &mut Option<usize>) {
        let k = self.divs.len();
        self.divs.push(d);
        self.parent.push(parent);
        let headed = !heading_inlines(d).is_empty();
        self.headed.push(headed);
        if headed {
            *stretch = Some(k);
            self.after.insert(k, vec![]);
        }
        let into = match stretch {
            Some(s) => self.after.get_mut(s).expect("opened above"),
            None => &mut self.front,
        };
        into.extend(d.alineas.iter().map(|a| (Home::Division(k), a)));
        for c in &d.children {
            self.walk(c, Some(k), stretch);
        }
    }
}

/// Where an alinéa of the edited document goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Part(PartKind),
    /// The division of the heading this stretch follows (its node).
    Here,
    /// An untitled division of OLD, which has no heading to follow.
    Untitled(usize),
}

/// A division being built, its children attached at the end.
struct Node {
    div: Division,
    parent: Option<usize>,
}

fn style_is(b: &ReadBlock, prefixes: &[&str]) -> bool {
    let s = b.style.as_deref().unwrap_or("").to_lowercase();
    prefixes.iter().any(|p| s.starts_with(p))
}

fn text_of(b: &ReadBlock) -> Option<String> {
    match &b.block {
        TextBlock::Alinea { alinea, .. } => Some(alinea.text()),
        TextBlock::Heading { inlines, .. } => Some(inline_text(inlines)),
        TextBlock::Rule { .. } => None,
    }
}

/// An alinéa as read, with plain characters.
fn plain_alinea(a: &Alinea) -> Alinea {
    match &a.kind {
        AlineaKind::Table { rows, header } => Alinea {
            kind: AlineaKind::Table {
                rows: rows.iter().map(|r| r.iter().map(|c| plain(c)).collect()).collect(),
                header: *header,
            },
            inlines: vec![],
            change: Default::default(),
        },
        k => Alinea { kind: k.clone(), inlines: plain(&a.inlines), change: Default::default() },
    }
}

/// « Exemplaire original n° 2 sur 4 » on an original's title page.
fn is_copy_mark(b: &ReadBlock) -> bool {
    style_is(b, &["copymark", "copy mark"])
        || text_of(b).is_some_and(|t| t.len() < 80 && key(&t).starts_with("Exemplaire original n°"))
}

/// The line `consolidation::mark` adds under the title of a consolidated
/// version, and the mention that stands for its closing.
fn is_consolidation_heading(t: &str) -> bool {
    key(t).starts_with("Version consolidée au ")
}

fn is_consolidation_mention(t: &str) -> bool {
    key(t).starts_with("Version consolidée établie pour information")
}

/// A sommaire entry as printed, without its dot leader and page number,
/// for comparing with the entries of OLD (case aside: styles set them in
/// capitals).
fn entry_key(t: &str) -> String {
    let k = key(t);
    let k = k.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '.' || c == '\t');
    k.to_lowercase()
}

/// Ids for divisions OLD does not have: from their heading, as an import
/// names them, never one OLD uses for another division.
fn fresh_id(heading: &str, taken: &mut HashSet<String>) -> String {
    let mut words = Vec::new();
    for w in heading.split(|c: char| !c.is_alphanumeric()) {
        let w: String = w.to_lowercase().chars().filter_map(ascii_letter).collect();
        if !w.is_empty() {
            words.push(w);
        }
        if words.len() == 6 {
            break;
        }
    }
    let base = if words.is_empty() { "division".to_string() } else { words.join("-") };
    let mut id = base.clone();
    let mut k = 2;
    while taken.contains(&id) {
        id = format!("{}-{}", base, k);
        k += 1;
    }
    taken.insert(id.clone());
    id
}

fn ascii_letter(c: char) -> Option<char> {
    let b = crate::french::base_letter(c);
    (b.is_ascii_lowercase() || b.is_ascii_digit()).then_some(b)
}

/// The edited document as a `Document` comparable with OLD, or `None` when
/// it has no heading while OLD has some (a text to import instead).
pub(crate) fn document(docx: &DocxText, old: &Document) -> Option<Document> {
    mapped(docx, old).map(|m| m.doc)
}

/// The edited document mapped onto OLD, and what was typed into its
/// sommaire (entries no heading reads as: they are not text, and are lost).
pub(crate) struct Mapped {
    pub(crate) doc: Document,
    pub(crate) sommaire_edits: Vec<String>,
}

pub(crate) fn mapped(docx: &DocxText, old: &Document) -> Option<Mapped> {
    let guide = Old::new(old);
    let blocks = readable_blocks(docx);
    let first_heading = blocks.iter().position(|b| matches!(b.block, TextBlock::Heading { .. }));
    if first_heading.is_none() && guide.headed.iter().any(|h| *h) {
        return None;
    }
    let fh = first_heading.unwrap_or(blocks.len());
    let old_title = key(&old.title_page.iter().map(|l| inline_text(l)).collect::<Vec<_>>().join(" "));
    let (i, title_lines, mut consolidated) = title_page_read(&blocks[..fh], &old_title);
    let (skipped, sommaire_edits) = sommaire_read(&blocks[i..fh], old);
    // Divisions as the text types them: headings restyled, labels typed.
    let body = typed_structure(&guide, &blocks[i + skipped..]);
    let mut stretches = stretches_of(&body);
    // The closing and the signatures end the last stretch, or the one
    // before OLD's first annex that follows the signatures.
    let annex_stretch = stretches.iter().position(|(h, _)| h.is_some_and(|h| follows_signatures(&guide, &body[h])));
    let signed_end = annex_stretch.map_or(stretches.len() - 1, |k| k.saturating_sub(1));
    // The consolidated version's mention stands for its closing and
    // signatures, which it does not print.
    let last = &mut stretches[signed_end];
    if let Some(k) = last.1.iter().position(|a| is_consolidation_mention(&a.text())) {
        last.1.remove(k);
        consolidated = true;
    }
    let signatures = if consolidated { None } else { signatures_read(&mut last.1, old) };

    // Each stretch aligned with OLD's alinéas in the same place.
    let mut b = Builder::new(&guide);
    let mut first_annex = None;
    for (s, (heading, alineas)) in stretches.into_iter().enumerate() {
        let (matched, here) = match heading {
            Some(h) => {
                let (matched, n) = b.open_division(&body[h]);
                if Some(s) == annex_stretch {
                    first_annex = Some(b.nodes[n].div.id.clone());
                }
                (matched, Some(n))
            }
            None => (None, None),
        };
        b.place_stretch(heading.is_some(), matched, here, alineas, s == signed_end && !consolidated);
    }

    let title_page = if key(&title_lines.iter().map(|l| inline_text(l)).collect::<Vec<_>>().join(" ")) == old_title {
        old.title_page.clone()
    } else {
        restored_lines(&old.title_page, title_lines)
    };
    let (closing, signatures) = if consolidated {
        (old.closing.clone(), old.signatures.clone())
    } else {
        (b.closing, signatures.unwrap_or_default())
    };
    let mut doc = Document {
        meta: old.meta.clone(),
        title_page,
        toc_title: old.toc_title.clone(),
        toc_levels: old.toc_levels,
        front: b.front,
        divisions: tree(b.nodes),
        closing,
        signatures,
        revision: None,
    };
    // OLD's first annex after the signatures, and what follows it (an annex
    // added after it), follow them.
    if let Some(k) = doc.divisions.iter().position(|d| first_annex.as_ref() == Some(&d.id)) {
        doc.divisions.iter_mut().skip(k).for_each(|d| d.after_signatures = true);
    }
    // Headings that lost their mark: the aligner pairs them with OLD's
    // divisions, and their text is given OLD's characters as the rest was.
    if b.unmarked {
        snap_divisions(old, &mut doc);
    }
    Some(Mapped { doc, sommaire_edits })
}

/// The blocks that carry text: no copy mark, no rule, no empty paragraph.
fn readable_blocks(docx: &DocxText) -> Vec<&ReadBlock> {
    docx.blocks
        .iter()
        .filter(|b| !is_copy_mark(b))
        .filter(|b| match &b.block {
            TextBlock::Rule { .. } => false,
            TextBlock::Heading { inlines, .. } => !inline_text(inlines).trim().is_empty(),
            TextBlock::Alinea { alinea, .. } => !alinea.text().trim().is_empty(),
        })
        .collect()
}

/// The title page: the leading title lines, or lines that go on with
/// OLD's title words (a line whose style was changed is still one). How
/// many blocks it takes, its lines, and whether it says the document is a
/// consolidated version.
fn title_page_read(blocks: &[&ReadBlock], old_title: &str) -> (usize, Vec<Vec<Inline>>, bool) {
    let mut consolidated = false;
    let mut title_lines: Vec<Vec<Inline>> = Vec::new();
    let mut read_so_far = String::new();
    let mut i = 0;
    while i < blocks.len() {
        let b = blocks[i];
        let TextBlock::Alinea { alinea, .. } = &b.block else { break };
        if alinea.kind != AlineaKind::Paragraph || style_is(b, &["toc", "contents"]) {
            break;
        }
        let k = key(&inline_text(&alinea.inlines));
        let so_far = if read_so_far.is_empty() { k.clone() } else { format!("{} {}", read_so_far, k) };
        let goes_on = !old_title.is_empty() && (old_title == so_far || old_title.starts_with(&format!("{} ", so_far)));
        if !(style_is(b, &["title", "titre", "subtitle", "sous-titre"]) || goes_on) {
            break;
        }
        if is_consolidation_heading(&k) && !old_title.contains("Version consolidée") {
            consolidated = true;
        } else {
            title_lines.push(plain(&alinea.inlines));
            read_so_far = so_far;
        }
        i += 1;
    }
    (i, title_lines, consolidated)
}

/// The sommaire: derived from the headings, never text of its own. How
/// many blocks it takes, and the entries that no heading of OLD reads as
/// (typed into the sommaire).
fn sommaire_read(blocks: &[&ReadBlock], old: &Document) -> (usize, Vec<String>) {
    let entries: HashSet<String> =
        old.sommaire_printed().iter().chain(old.sommaire().iter()).map(|e| entry_key(&inline_text(&e.text))).collect();
    let toc_title = old.toc_title.as_deref().map(entry_key);
    let mut sommaire_edits = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let b = blocks[i];
        let t = text_of(b).unwrap_or_default();
        let k = entry_key(&t);
        let toc_style = style_is(b, &["toc", "contents", "table of contents", "table des matières"]);
        if !(toc_style || Some(&k) == toc_title.as_ref() || entries.contains(&k)) {
            break;
        }
        if toc_style && !k.is_empty() && !entries.contains(&k) && Some(&k) != toc_title.as_ref() {
            sommaire_edits.push(t.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace()).to_string());
        }
        i += 1;
    }
    (i, sommaire_edits)
}

/// Stretches of alinéas: before the first heading, then after each (the
/// heading's index in `body`).
fn stretches_of(body: &[Cow<ReadBlock>]) -> Vec<(Option<usize>, Vec<Alinea>)> {
    let mut stretches: Vec<(Option<usize>, Vec<Alinea>)> = vec![(None, Vec::new())];
    for (k, b) in body.iter().enumerate() {
        match &b.block {
            TextBlock::Heading { .. } => stretches.push((Some(k), Vec::new())),
            TextBlock::Alinea { alinea, .. } => {
                stretches.last_mut().expect("one at least").1.push(plain_alinea(alinea))
            }
            TextBlock::Rule { .. } => {}
        }
    }
    stretches
}

/// Whether a heading is OLD's annex that follows the signatures: by the
/// mark of its id, or, the mark lost, by its heading's words.
fn follows_signatures(guide: &Old, heading: &ReadBlock) -> bool {
    let TextBlock::Heading { inlines, .. } = &heading.block else { return false };
    match heading.bookmarks.iter().find_map(|n| guide.by_bookmark.get(n)) {
        Some(&k) => guide.divs[k].after_signatures,
        None => {
            let words = key(&inline_text(inlines));
            guide.divs.iter().any(|d| d.after_signatures && key(&inline_text(&heading_inlines(d))) == words)
        }
    }
}

/// The signature blocks: a table of one column per party, last, taken out
/// of the last stretch.
fn signatures_read(last: &mut Vec<Alinea>, old: &Document) -> Option<Vec<SignatureBlock>> {
    if old.signatures.is_empty() {
        return None;
    }
    let Some(Alinea { kind: AlineaKind::Table { rows, .. }, .. }) = last.last() else { return None };
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    if columns != old.signatures.len() {
        return None;
    }
    let signatures = signature_blocks(rows, &old.signatures);
    last.pop();
    Some(signatures)
}

/// The divisions and parts of the edited document as they are built, and
/// which of OLD's divisions each one is.
struct Builder<'g, 'a> {
    guide: &'g Old<'a>,
    /// OLD's divisions already found in the edited document.
    used: HashSet<usize>,
    /// Ids in use: OLD's, and those given to new divisions.
    taken: HashSet<String>,
    nodes: Vec<Node>,
    node_of_old: HashMap<usize, usize>,
    /// The divisions open at this point: (node, level).
    stack: Vec<(usize, usize)>,
    front: Vec<Part>,
    closing: Vec<Part>,
    /// Some heading carried no mark of OLD's division.
    unmarked: bool,
}

impl<'g, 'a> Builder<'g, 'a> {
    fn new(guide: &'g Old<'a>) -> Self {
        Builder {
            guide,
            used: HashSet::new(),
            taken: guide.divs.iter().map(|d| d.id.clone()).collect(),
            nodes: Vec::new(),
            node_of_old: HashMap::new(),
            stack: Vec::new(),
            front: Vec::new(),
            closing: Vec::new(),
            unmarked: false,
        }
    }

    /// The node of OLD's untitled division `k`, made when first needed.
    fn untitled(&mut self, k: usize) -> usize {
        if let Some(n) = self.node_of_old.get(&k) {
            return *n;
        }
        let n = untitled_node(self.guide, k, &mut self.nodes, &mut self.stack, &self.node_of_old);
        self.node_of_old.insert(k, n);
        self.used.insert(k);
        n
    }

    /// A heading opens a division: OLD's division whose mark it carries,
    /// if any (and not yet used), and its node.
    fn open_division(&mut self, heading: &ReadBlock) -> (Option<usize>, usize) {
        let guide = self.guide;
        let TextBlock::Heading { level, inlines, .. } = &heading.block else {
            unreachable!("a heading opens a stretch")
        };
        let matched =
            heading.bookmarks.iter().find_map(|n| guide.by_bookmark.get(n).copied()).filter(|k| !self.used.contains(k));
        match matched {
            Some(k) => {
                self.used.insert(k);
            }
            None => self.unmarked = true,
        }
        let div = heading_division(guide, matched, &plain(inlines), *level, &mut self.taken);
        // An untitled division of OLD holding this one has no heading
        // of its own: it opens here.
        if let Some(p) =
            matched.and_then(|k| guide.parent[k]).filter(|p| !guide.headed[*p] && !self.node_of_old.contains_key(p))
        {
            self.untitled(p);
        }
        let n = push_node(&mut self.nodes, &mut self.stack, div);
        if let Some(k) = matched {
            self.node_of_old.insert(k, n);
        }
        (matched, n)
    }

    /// A stretch's alinéas placed where OLD's alinéas in the same place
    /// stood: in the division just opened (`here`), in an untitled
    /// division, or in a part (the closing ones after the last stretch).
    fn place_stretch(
        &mut self,
        headed: bool,
        matched: Option<usize>,
        here: Option<usize>,
        alineas: Vec<Alinea>,
        last: bool,
    ) {
        let guide = self.guide;
        // OLD's alinéas in this place.
        let mut slots: Vec<(Home, &Alinea)> = match (headed, matched) {
            (false, _) => guide.front.clone(),
            (true, Some(k)) => guide.after.get(&k).cloned().unwrap_or_default(),
            (true, None) => vec![],
        };
        if last {
            slots.extend(guide.closing.iter().cloned());
        }
        let default = match (here, slots.first()) {
            (Some(_), _) => Place::Here,
            (None, Some((home, _))) => place_of(*home, matched),
            (None, None) => Place::Part(PartKind::Ouverture),
        };
        for (place, alinea) in placed(&slots, alineas, matched, default, here.is_none()) {
            match place {
                Place::Here => self.nodes[here.expect("a heading's stretch")].div.alineas.push(alinea),
                Place::Untitled(k) => {
                    let n = self.untitled(k);
                    self.nodes[n].div.alineas.push(alinea);
                }
                Place::Part(kind) => {
                    let parts = if kind == PartKind::Cloture { &mut self.closing } else { &mut self.front };
                    match parts.last_mut() {
                        Some(p) if p.kind == kind => p.alineas.push(alinea),
                        _ => parts.push(Part { kind, alineas: vec![alinea] }),
                    }
                }
            }
        }
    }
}

/// The body of the edited document with its divisions as the text types
/// them, whatever the styles say:
/// - a paragraph carrying the mark of a division of OLD and reading as its
///   heading is that heading (a word processor restyles a heading when the
///   paragraph before it is deleted with Track Changes; a user restyles
///   one by hand);
/// - a paragraph OLD does not have that opens with the label its place
///   calls for in the text's own numbering (« V. » after IV, « Article 2
///   bis » after Article 2, « c) » after b)) starts a division, split into
///   label, title and first sentence as the import splits a heading
///   (`import::outline::typed_heading`). A sub-point label (« 1. »,
///   « c) ») only goes on a run of its kind, as the import's sub-point
///   rule has it: the first of a level is a list item.
fn typed_structure<'a>(guide: &Old, blocks: &[&'a ReadBlock]) -> Vec<Cow<'a, ReadBlock>> {
    let patterns = crate::numbering::patterns(guide.numbering);
    let mut levels = Levels::default();
    let mut old_alineas: Option<HashSet<String>> = None;
    let mut out: Vec<Cow<ReadBlock>> = Vec::with_capacity(blocks.len());
    for b in blocks {
        let (alinea, line) = match &b.block {
            TextBlock::Heading { level, inlines, .. } => {
                let marked = b.bookmarks.iter().find_map(|n| guide.by_bookmark.get(n)).map(|k| guide.divs[*k]);
                match marked {
                    Some(od) => levels.open(od.level, od.label.as_deref().unwrap_or("")),
                    None => levels.open(*level, &inline_text(inlines)),
                }
                out.push(Cow::Borrowed(*b));
                continue;
            }
            TextBlock::Alinea { alinea, line } => (alinea, *line),
            TextBlock::Rule { .. } => {
                out.push(Cow::Borrowed(*b));
                continue;
            }
        };
        let text = match &alinea.kind {
            AlineaKind::Paragraph => alinea.text(),
            AlineaKind::Item { marker: Some(m) } => format!("{} {}", m, alinea.text()),
            _ => {
                out.push(Cow::Borrowed(*b));
                continue;
            }
        };
        let as_line = || {
            let mut v = match &alinea.kind {
                AlineaKind::Item { marker: Some(m) } => vec![Inline::plain(format!("{} ", m))],
                _ => vec![],
            };
            v.extend(alinea.inlines.iter().cloned());
            Alinea::paragraph(normalize(v))
        };
        let heading = |level: usize, inlines: Vec<Inline>| ReadBlock {
            block: TextBlock::Heading { level, inlines, line },
            bookmarks: b.bookmarks.clone(),
            style: b.style.clone(),
            comments: b.comments.clone(),
        };
        // A heading of OLD, restyled.
        let marked = b.bookmarks.iter().find_map(|n| guide.by_bookmark.get(n)).filter(|k| guide.headed[**k]);
        if let Some(od) = marked.map(|k| guide.divs[*k]).filter(|od| reads_as_heading(&text, od)) {
            levels.open(od.level, od.label.as_deref().unwrap_or(""));
            out.push(Cow::Owned(heading(od.level, as_line().inlines)));
            continue;
        }
        // A division typed as a paragraph (the label first: most paragraphs
        // have none, and few that have one are the label their place calls
        // for; then, text of OLD is no new division).
        let typed = (!alinea.inlines.iter().any(|i| matches!(i, Inline::Break))
            && crate::import::detect::label(text.trim(), None).is_some())
        .then(|| levels.typed(&patterns, &text, &as_line()))
        .flatten()
        .filter(|_| !old_alineas.get_or_insert_with(|| guide.alinea_keys()).contains(&alinea_key(alinea)));
        match typed {
            Some(Typed { level, label, title, sentence }) => {
                levels.open(level, &label);
                let mut inlines = vec![Inline::plain(format!("{} ", label))];
                inlines.extend(title);
                out.push(Cow::Owned(heading(level, normalize(inlines))));
                if let Some(s) = sentence {
                    out.push(Cow::Owned(ReadBlock {
                        block: TextBlock::Alinea { alinea: Alinea::paragraph(s), line },
                        bookmarks: vec![],
                        style: b.style.clone(),
                        comments: vec![],
                    }));
                }
            }
            None => out.push(Cow::Borrowed(*b)),
        }
    }
    out
}

/// Whether a paragraph reads as the heading of `od`: the same words, or
/// its label followed by a title (renamed as well as restyled).
fn reads_as_heading(text: &str, od: &Division) -> bool {
    let k = key(text);
    if k == key(&inline_text(&heading_inlines(od))) {
        return true;
    }
    let label = od.label.as_deref().map(|l| key(l.trim_end_matches(['–', '—', '-', ':', ' '])));
    label.is_some_and(|l| !l.is_empty() && (k == l || k.starts_with(&format!("{} ", l))))
}

/// A division typed as a paragraph: its level, its label as the text
/// numbers, its title, and the sentence that is its first alinéa.
struct Typed {
    level: usize,
    label: String,
    title: Vec<Inline>,
    sentence: Option<Vec<Inline>>,
}

/// Where the reading stands in the outline: for each level down to the
/// deepest open one, the number of the last numbered division of that
/// level under the open parent, and the number of the open division (a
/// decimal child's number starts with it).
#[derive(Default)]
struct Levels {
    last: Vec<Option<usize>>,
    open: Vec<Option<String>>,
}

impl Levels {
    /// A division of `level` opens, labelled `label` (empty: unnumbered).
    fn open(&mut self, level: usize, label: &str) {
        let level = level.max(1);
        self.last.resize(level, None);
        self.open.resize(level, None);
        let l = crate::import::detect::label(label.trim(), None);
        if let Some(v) = l.as_ref().and_then(|l| l.value) {
            self.last[level - 1] = Some(v);
        }
        self.open[level - 1] = l.map(|l| crate::numbering::label_number(l.number()));
    }

    /// The division `text` starts, when it opens with the label a level
    /// calls for here, deepest level first: its level, label, title and
    /// first sentence.
    fn typed(&self, patterns: &[crate::numbering::Pattern], text: &str, line: &Alinea) -> Option<Typed> {
        for level in (1..=(self.last.len() + 1).min(patterns.len())).rev() {
            let next = self.last.get(level - 1).copied().flatten().map_or(1, |v| v + 1);
            let parent = level.checked_sub(2).and_then(|p| self.open.get(p)).cloned().flatten();
            let Some(l) = crate::import::detect::next_label(text, &patterns[level - 1], next, parent.as_deref()) else {
                continue;
            };
            if next == 1 && l.class == crate::import::detect::Class::SubPoint {
                continue;
            }
            // The label as the text's own numbering prints it (« Article 10 : »
            // typed is « Article 10 – » in a text numbered « Article {1er} – »).
            let label = patterns[level - 1].label(l.number());
            let (_, title, sentence) = crate::import::outline::typed_heading(line, l, next.checked_sub(1))?;
            return Some(Typed { level, label, title, sentence });
        }
        None
    }
}

fn place_of(home: Home, matched: Option<usize>) -> Place {
    match home {
        Home::Part(k) => Place::Part(k),
        Home::Division(k) if Some(k) == matched => Place::Here,
        Home::Division(k) => Place::Untitled(k),
    }
}

/// Each alinéa of a stretch with its place: that of the alinéa of OLD it
/// aligns with (given back in OLD's characters when it reads the same);
/// one OLD does not have goes where the one before it went — first in the
/// stretch, to the heading's division, or before the first heading
/// (`backwards`) where the one after it goes.
fn placed(
    slots: &[(Home, &Alinea)],
    alineas: Vec<Alinea>,
    matched: Option<usize>,
    default: Place,
    backwards: bool,
) -> Vec<(Place, Alinea)> {
    let old_keys: Vec<String> = slots.iter().map(|(_, a)| alinea_key(a)).collect();
    let new_keys: Vec<String> = alineas.iter().map(alinea_key).collect();
    let same = |o: usize, n: usize| old_keys[o] == new_keys[n];
    let mut pairs: Vec<Option<usize>> = vec![None; alineas.len()];
    if old_keys == new_keys {
        // Unchanged here (most places): no alignment to run.
        pairs = (0..alineas.len()).map(Some).collect();
    } else {
        let keyed = |k: &String| Alinea::paragraph(vec![Inline::plain(k.clone())]);
        for step in align_alineas(
            &old_keys.iter().map(keyed).collect::<Vec<_>>(),
            &new_keys.iter().map(keyed).collect::<Vec<_>>(),
        ) {
            if let AlineaStep::Same(o, n) | AlineaStep::Changed(o, n) = step {
                pairs[n] = Some(o);
            }
        }
    }
    let mut places: Vec<Option<Place>> = pairs.iter().map(|p| p.map(|o| place_of(slots[o].0, matched))).collect();
    let mut prev: Option<Place> = None;
    for p in places.iter_mut() {
        match p {
            Some(x) => prev = Some(*x),
            None => *p = prev,
        }
    }
    if backwards {
        let mut next: Option<Place> = None;
        for p in places.iter_mut().rev() {
            match p {
                Some(x) => next = Some(*x),
                None => *p = next,
            }
        }
    }
    alineas
        .into_iter()
        .enumerate()
        .zip(pairs)
        .zip(places)
        .map(|(((n, a), pair), place)| {
            let a = match pair {
                Some(o) if same(o, n) => slots[o].1.clone(),
                Some(o) => restyled(slots[o].1, &a),
                None => a,
            };
            (place.unwrap_or(default), a)
        })
        .collect()
}

/// A division from a heading: OLD's division when the bookmark names one
/// (its label and title as OLD wrote them when they read the same, its
/// level unless the label changed), else a new one labelled as the text
/// reads.
fn heading_division(
    guide: &Old,
    matched: Option<usize>,
    heading: &[Inline],
    level: usize,
    taken: &mut HashSet<String>,
) -> Division {
    let text = inline_text(heading);
    let Some(k) = matched else {
        let (label, title) = split_label(heading);
        return Division { id: fresh_id(&text, taken), label, title, level, ..Default::default() };
    };
    let od = guide.divs[k];
    let mut d = Division {
        id: od.id.clone(),
        label: od.label.clone(),
        title: od.title.clone(),
        level: od.level,
        alineas: vec![],
        children: vec![],
        history: od.history.clone(),
        toc: od.toc.clone(),
        after_signatures: od.after_signatures,
        change: Default::default(),
    };
    if key(&inline_text(&heading_inlines(od))) == key(&text) {
        return d;
    }
    // The label as the heading prints it (« Article 1er – » alone is « Article 1er »).
    let printed = od.label.as_deref().map(|l| {
        if od.title.is_empty() {
            l.trim_end_matches(['–', '—', '-', ':', ' '])
        } else {
            l
        }
    });
    let plain_label = printed.map(|l| l.chars().map(super::noise::plain_char).collect::<String>());
    match plain_label {
        Some(l) if text == l || text.starts_with(&format!("{} ", l)) => {
            let rest = normalize(crate::compare::slice_inlines(heading, l.len().min(text.len()), text.len()));
            d.title = restore(&od.title, &rest);
        }
        None => d.title = restore(&od.title, heading),
        Some(_) => {
            // Renumbered by hand: the label as the text now reads.
            let (label, title) = split_label(heading);
            let same_number = label.as_deref().map(crate::numbering::label_number)
                == od.label.as_deref().map(crate::numbering::label_number);
            d.title = restore(&od.title, &title);
            if !same_number {
                d.label = label;
                d.level = level;
            }
        }
    }
    d
}

/// « II. Axes de coopération » → the label « II. » and the title.
fn split_label(heading: &[Inline]) -> (Option<String>, Vec<Inline>) {
    let text = inline_text(heading);
    match crate::import::detect::label(text.trim(), None) {
        Some(l) => {
            let cut = text.len() - l.rest.len();
            (Some(l.text.trim().to_string()), normalize(crate::compare::slice_inlines(heading, cut, text.len())))
        }
        None => (None, heading.to_vec()),
    }
}

fn push_node(nodes: &mut Vec<Node>, stack: &mut Vec<(usize, usize)>, div: Division) -> usize {
    while stack.last().is_some_and(|(_, l)| *l >= div.level) {
        stack.pop();
    }
    let parent = stack.last().map(|(n, _)| *n);
    let level = div.level;
    nodes.push(Node { div, parent });
    let n = nodes.len() - 1;
    stack.push((n, level));
    n
}

/// An untitled division of OLD, under its parent when the parent is open,
/// else where its level puts it.
fn untitled_node(
    guide: &Old,
    k: usize,
    nodes: &mut Vec<Node>,
    stack: &mut Vec<(usize, usize)>,
    node_of_old: &HashMap<usize, usize>,
) -> usize {
    let od = guide.divs[k];
    let div = Division {
        id: od.id.clone(),
        label: od.label.clone(),
        title: od.title.clone(),
        level: od.level,
        alineas: vec![],
        children: vec![],
        history: od.history.clone(),
        toc: od.toc.clone(),
        after_signatures: od.after_signatures,
        change: Default::default(),
    };
    if let Some(p) = guide.parent[k].and_then(|p| node_of_old.get(&p)) {
        if let Some(at) = stack.iter().position(|(n, _)| n == p) {
            stack.truncate(at + 1);
            nodes.push(Node { div, parent: Some(*p) });
            let n = nodes.len() - 1;
            stack.push((n, od.level));
            return n;
        }
    }
    push_node(nodes, stack, div)
}

/// The nodes as a tree, in their order.
fn tree(nodes: Vec<Node>) -> Vec<Division> {
    let mut slots: Vec<Option<Division>> = Vec::with_capacity(nodes.len());
    let mut parents = Vec::with_capacity(nodes.len());
    for n in nodes {
        slots.push(Some(n.div));
        parents.push(n.parent);
    }
    // Children come after their parent: attach from the last one back.
    for k in (0..slots.len()).rev() {
        if let Some(p) = parents[k] {
            let d = slots[k].take().expect("attached once");
            slots[p].as_mut().expect("a parent comes first").children.insert(0, d);
        }
    }
    slots.into_iter().flatten().collect()
}

/// Lines (the title page) with OLD's characters where they align with
/// OLD's lines.
fn restored_lines(old: &[Vec<Inline>], new: Vec<Vec<Inline>>) -> Vec<Vec<Inline>> {
    let keyed = |l: &Vec<Inline>| Alinea::paragraph(vec![Inline::plain(key(&inline_text(l)))]);
    let ok: Vec<Alinea> = old.iter().map(keyed).collect();
    let nk: Vec<Alinea> = new.iter().map(keyed).collect();
    let mut pairs: Vec<Option<usize>> = vec![None; new.len()];
    for step in align_alineas(&ok, &nk) {
        if let AlineaStep::Same(o, n) | AlineaStep::Changed(o, n) = step {
            pairs[n] = Some(o);
        }
    }
    new.into_iter().zip(pairs).map(|(l, p)| p.map_or_else(|| l.clone(), |o| restore(&old[o], &l))).collect()
}

/// The signature table read back as blocks: each column, its lines from
/// the top, the room to sign left out. OLD's blocks when they read the same.
fn signature_blocks(rows: &[Vec<Vec<Inline>>], old: &[SignatureBlock]) -> Vec<SignatureBlock> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let blocks: Vec<SignatureBlock> = (0..columns)
        .map(|c| SignatureBlock {
            lines: rows.iter().filter_map(|r| r.get(c)).map(|cell| plain(cell)).filter(|l| !l.is_empty()).collect(),
            change: Default::default(),
        })
        .collect();
    let keys = |v: &[SignatureBlock]| {
        v.iter().map(|b| b.lines.iter().map(|l| key(&inline_text(l))).collect::<Vec<_>>()).collect::<Vec<_>>()
    };
    if keys(&blocks) == keys(old) {
        return old.to_vec();
    }
    blocks
        .into_iter()
        .zip(old)
        .map(|(b, o)| SignatureBlock {
            lines: b
                .lines
                .iter()
                .enumerate()
                .map(|(k, l)| o.lines.get(k).map_or_else(|| l.clone(), |ol| restore(ol, l)))
                .collect(),
            change: Default::default(),
        })
        .collect()
}

/// Alinéas aligned with OLD's, each given back in OLD's characters (or as
/// OLD's alinéa) where they read the same.
fn snapped(old: &[Alinea], new: Vec<Alinea>) -> Vec<Alinea> {
    let slots: Vec<(Home, &Alinea)> = old.iter().map(|a| (Home::Part(PartKind::Ouverture), a)).collect();
    placed(&slots, new, None, Place::Part(PartKind::Ouverture), false).into_iter().map(|(_, a)| a).collect()
}

fn plain_division(d: &mut Division) {
    d.title = plain(&d.title);
    d.alineas = d.alineas.iter().map(plain_alinea).collect();
    d.children.iter_mut().for_each(plain_division);
}

/// A document that lost OLD's marks — retyped, pasted, imported as a text
/// is — made comparable with OLD: its ids kept apart from OLD's (an id the
/// import happened to give is no evidence that a division is OLD's: the
/// aligner pairs them by label and content), its sommaire and properties
/// OLD's, its text in OLD's characters wherever it reads the same.
pub(crate) fn as_retyped(old: &Document, doc: &mut Document) {
    let mut taken: HashSet<String> = old.all_divisions().iter().map(|d| d.id.clone()).collect();
    taken.extend(doc.all_divisions().iter().map(|d| d.id.clone()));
    let old_ids: HashSet<String> = old.all_divisions().iter().map(|d| d.id.clone()).collect();
    fn apart(ds: &mut [Division], old_ids: &HashSet<String>, taken: &mut HashSet<String>) {
        for d in ds {
            if old_ids.contains(&d.id) {
                d.id = fresh_id(&format!("{} docx", d.id), taken);
            }
            apart(&mut d.children, old_ids, taken);
        }
    }
    apart(&mut doc.divisions, &old_ids, &mut taken);
    doc.divisions.iter_mut().for_each(plain_division);
    doc.title_page = doc.title_page.iter().map(|l| plain(l)).collect();
    for p in doc.front.iter_mut().chain(doc.closing.iter_mut()) {
        p.alineas = p.alineas.iter().map(plain_alinea).collect();
    }
    for s in doc.signatures.iter_mut() {
        s.lines = s.lines.iter().map(|l| plain(l)).collect();
    }
    doc.meta = old.meta.clone();
    doc.toc_title = old.toc_title.clone();
    doc.toc_levels = old.toc_levels;
    let title_key = |d: &Document| key(&d.title_page.iter().map(|l| inline_text(l)).collect::<Vec<_>>().join(" "));
    doc.title_page = if title_key(doc) == title_key(old) {
        old.title_page.clone()
    } else {
        restored_lines(&old.title_page, std::mem::take(&mut doc.title_page))
    };
    for p in doc.front.iter_mut().chain(doc.closing.iter_mut()) {
        let same_kind: Vec<Alinea> = old
            .front
            .iter()
            .chain(&old.closing)
            .filter(|o| o.kind == p.kind)
            .flat_map(|o| o.alineas.iter().cloned())
            .collect();
        p.alineas = snapped(&same_kind, std::mem::take(&mut p.alineas));
    }
    snap_divisions(old, doc);
    let lines = |s: &[SignatureBlock]| {
        s.iter().map(|b| b.lines.iter().map(|l| key(&inline_text(l))).collect::<Vec<_>>()).collect::<Vec<_>>()
    };
    if lines(&doc.signatures) == lines(&old.signatures) {
        doc.signatures = old.signatures.clone();
    }
}

/// The divisions the aligner pairs with OLD's (by label and content: they
/// carry no id of OLD's), their headings and alinéas given back in OLD's
/// characters where they read the same.
fn snap_divisions(old: &Document, doc: &mut Document) {
    let rev = crate::compare::compare(old, doc);
    let old_ix = old.index();
    // Each paired division of DOC → OLD's, then one walk over DOC.
    let pairs: HashMap<String, &Division> = rev
        .all_divisions()
        .into_iter()
        .filter(|rd| rd.mark() == crate::model::Mark::Same)
        .filter_map(|rd| Some((rd.id.clone(), *old_ix.get(rd.old_id()?)?)))
        .collect();
    fn walk(ds: &mut [Division], pairs: &HashMap<String, &Division>) {
        for nd in ds {
            if let Some(od) = pairs.get(&nd.id) {
                // What the sommaire says of it and the avenants that changed
                // it are OLD's: derived, never typed in the document.
                nd.toc = od.toc.clone();
                nd.history = od.history.clone();
                if key(&inline_text(&heading_inlines(od))) == key(&inline_text(&heading_inlines(nd))) {
                    nd.label = od.label.clone();
                    nd.title = od.title.clone();
                } else {
                    nd.title = restore(&od.title, &nd.title);
                }
                nd.alineas = snapped(&od.alineas, std::mem::take(&mut nd.alineas));
            }
            walk(&mut nd.children, pairs);
        }
    }
    walk(&mut doc.divisions, &pairs);
}
