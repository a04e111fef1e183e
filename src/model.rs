//! The document model every stage shares.
//!
//! Sources are rendered into it, writers read it, and the avenant and redline
//! machinery compare and edit it. It knows nothing of DOCX or HTML: a
//! `Document` is a title page, an optional sommaire, a tree of `Division`s
//! (each with a stable id and its computed label such as « A. » or « i) »),
//! and the closing matter. The text of a division is a list of `Alinea`s, as
//! the Guide de légistique counts them: every paragraph, every list item and
//! every table is one alinéa.

use serde::{Deserialize, Serialize};

/// The blank a frame prints for a fact the source does not state.
pub const BLANK: &str = "…………………";

/// A span of text with its character formatting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inline {
    Text {
        text: String,
        style: Style,
    },
    /// A hard line break inside an alinéa (« Paris : … (coordination) »).
    Break,
    /// Text a comparison inserted or deleted, as pandoc keeps tracked
    /// changes: a span around the inlines; `mark` is `Ins` or `Del`, never
    /// `Same`. A plain document has none.
    Change {
        mark: Mark,
        inlines: Vec<Inline>,
    },
}

/// What a comparison did to a piece of text: kept, inserted or deleted.
/// Everything in a plain document is `Same`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mark {
    #[default]
    Same,
    Ins,
    Del,
}

impl Mark {
    /// Whether a piece with this mark reads in the text on `side` (`Ins`:
    /// the new text, Accept All; `Del`: the old one, Reject All).
    pub(crate) fn on_side(self, side: Mark) -> bool {
        self == Mark::Same || self == side
    }
}

/// A run of inlines with one mark: a paragraph's text cut at its changes,
/// as writers walk it.
#[derive(Debug, Clone, PartialEq)]
pub struct Seg {
    pub mark: Mark,
    pub inlines: Vec<Inline>,
}

/// A paragraph as writers see it in a comparison: its whole mark (a
/// paragraph inserted or deleted whole) and its runs. A view computed
/// from the model (`Alinea::line`, `Division::heading_line`…), never stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub mark: Mark,
    pub segs: Vec<Seg>,
}

impl Line {
    /// A paragraph of `inlines` (which may hold change spans) marked `mark`.
    pub fn of(mark: Mark, inlines: &[Inline]) -> Line {
        Line { mark, segs: segments(inlines) }
    }

    /// A paragraph kept as it is.
    pub fn same(inlines: &[Inline]) -> Line {
        Line::whole(Mark::Same, inlines)
    }

    /// A whole paragraph kept, inserted or deleted.
    pub fn whole(mark: Mark, inlines: &[Inline]) -> Line {
        Line { mark, segs: vec![Seg { mark, inlines: inlines.to_vec() }] }
    }

    /// Whether anything in it changed.
    pub fn changed(&self) -> bool {
        self.mark != Mark::Same || self.segs.iter().any(|s| s.mark != Mark::Same)
    }

    /// The text on one side: `Mark::Del` gives the old text, `Mark::Ins` the new.
    pub fn side(&self, side: Mark) -> Vec<Inline> {
        let v = self.segs.iter().filter(|s| s.mark.on_side(side)).flat_map(|s| s.inlines.iter().cloned()).collect();
        normalize(v)
    }
}

/// Inlines cut at their change spans: runs kept, inserted, deleted, in order
/// (a plain run of inlines gives one kept run, an empty one when empty).
pub(crate) fn segments(inlines: &[Inline]) -> Vec<Seg> {
    // Each span is a run of its own, as the comparison cut it.
    let mut out: Vec<Seg> = Vec::new();
    for i in inlines {
        match (out.last_mut(), i) {
            (_, Inline::Change { mark, inlines }) => out.push(Seg { mark: *mark, inlines: inlines.clone() }),
            (Some(s), i) if s.mark == Mark::Same => s.inlines.push(i.clone()),
            (_, i) => out.push(Seg { mark: Mark::Same, inlines: vec![i.clone()] }),
        }
    }
    if out.is_empty() {
        out.push(Seg { mark: Mark::Same, inlines: Vec::new() });
    }
    out
}

/// Runs back into inlines: kept runs as they are, inserted and deleted ones
/// in a change span each.
pub fn spans(segs: Vec<Seg>) -> Vec<Inline> {
    let mut out = Vec::new();
    for s in segs {
        match s.mark {
            Mark::Same => out.extend(s.inlines),
            mark => out.push(Inline::Change { mark, inlines: s.inlines }),
        }
    }
    out
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Style {
    #[serde(default, skip_serializing_if = "is_false")]
    pub bold: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub italic: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub underline: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub superscript: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Style {
    pub const PLAIN: Style = Style { bold: false, italic: false, underline: false, superscript: false };
    pub(crate) fn is_plain(&self) -> bool {
        *self == Style::PLAIN
    }

    /// Opening and closing HTML-like tags for this style, given the tag
    /// names for bold, italic, underline and superscript, nested in that order.
    pub(crate) fn tags(&self, names: [&str; 4]) -> (String, String) {
        let mut open = String::new();
        let mut close = String::new();
        for (on, tag) in [self.bold, self.italic, self.underline, self.superscript].into_iter().zip(names) {
            if on {
                open.push_str(&format!("<{}>", tag));
                close.insert_str(0, &format!("</{}>", tag));
            }
        }
        (open, close)
    }
}

impl Inline {
    pub fn plain(text: impl Into<String>) -> Inline {
        Inline::Text { text: text.into(), style: Style::PLAIN }
    }
    pub fn styled(text: impl Into<String>, style: Style) -> Inline {
        Inline::Text { text: text.into(), style }
    }
}

/// What an alinéa is, which decides how writers lay it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AlineaKind {
    Paragraph,
    /// A list item; `marker` is `None` for a bullet, or the literal marker of
    /// an ordered item (« 1. », « a) ») so that no word is invented or lost.
    Item {
        marker: Option<String>,
    },
    /// A table counts as one alinéa. Rows of cells, each cell a run of inlines.
    Table {
        rows: Vec<Vec<Vec<Inline>>>,
        header: bool,
    },
}

/// One alinéa: the unit that avenants cite (« le deuxième alinéa du 1. »).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alinea {
    pub kind: AlineaKind,
    /// Empty for tables, whose text lives in their cells.
    pub inlines: Vec<Inline>,
    /// In a comparison, an alinéa inserted or deleted whole; `Same` otherwise
    /// (its changed words are change spans in `inlines`).
    #[serde(skip)]
    pub change: Mark,
}

impl Alinea {
    pub fn paragraph(inlines: Vec<Inline>) -> Alinea {
        Alinea { kind: AlineaKind::Paragraph, inlines, change: Mark::Same }
    }

    /// An alinéa of a kind and its text.
    pub fn new(kind: AlineaKind, inlines: Vec<Inline>) -> Alinea {
        Alinea { kind, inlines, change: Mark::Same }
    }

    /// The alinéa as a paragraph with its changes.
    pub fn line(&self) -> Line {
        line_marked(Some(self.change), &self.inlines)
    }

    /// The plain text of the alinéa (cells joined by tabs, rows by newlines).
    pub fn text(&self) -> String {
        match &self.kind {
            AlineaKind::Table { rows, .. } => rows
                .iter()
                .map(|r| r.iter().map(|c| inline_text(c)).collect::<Vec<_>>().join("\t"))
                .collect::<Vec<_>>()
                .join("\n"),
            AlineaKind::Item { marker: Some(m) } => format!("{} {}", m, inline_text(&self.inlines)),
            _ => inline_text(&self.inlines),
        }
    }
}

/// The rank (from 1) of each alinéa of a list in the old text and in the
/// new one, where it is there: a comparison's alinéas deleted whole are
/// only in the old text, those inserted whole only in the new.
pub(crate) fn alinea_ranks(alineas: &[Alinea]) -> Vec<(Option<usize>, Option<usize>)> {
    let (mut old, mut new) = (0, 0);
    alineas
        .iter()
        .map(|a| {
            let o = (a.change != Mark::Ins).then(|| {
                old += 1;
                old
            });
            let n = (a.change != Mark::Del).then(|| {
                new += 1;
                new
            });
            (o, n)
        })
        .collect()
}

/// The characters of the text runs just before and after the `k`-th inline
/// of a paragraph (a break or a change span stops the word): what decides
/// whether an ordinal's suffix is set in superscript, for the writers that
/// set it and the readers that take it back.
pub(crate) fn chars_around(v: &[Inline], k: usize) -> (Option<char>, Option<char>) {
    let last = |i: &Inline| match i {
        Inline::Text { text, .. } => text.chars().next_back(),
        _ => None,
    };
    let first = |i: &Inline| match i {
        Inline::Text { text, .. } => text.chars().next(),
        _ => None,
    };
    (k.checked_sub(1).and_then(|j| last(&v[j])), v.get(k + 1).and_then(first))
}

/// Plain text of a run of inlines; a hard break reads as a newline.
pub fn inline_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text { text, .. } => s.push_str(text),
            Inline::Break => s.push('\n'),
            Inline::Change { inlines, .. } => s.push_str(&inline_text(inlines)),
        }
    }
    s
}

/// How a division shows in the sommaire, as its source says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocSetting {
    /// Listed or not; by default a numbered division (or a top-level one)
    /// down to the sommaire's depth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) listed: Option<bool>,
    /// The sommaire's own wording, when it differs from the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording: Option<Vec<Inline>>,
    /// The page number the source states (the writers lay out their own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

/// A division of the text: Préambule, I., A., 1., i)… Its `id` is stable:
/// it never changes when divisions are renumbered, so avenants and history
/// can point at it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Division {
    pub id: String,
    /// Computed label (« II. », « A. », « 3 bis. »), or `None` when unnumbered.
    pub label: Option<String>,
    pub title: Vec<Inline>,
    /// Depth in the outline, 1 for the top level.
    pub level: usize,
    pub alineas: Vec<Alinea>,
    pub children: Vec<Division>,
    /// Avenants that changed this division (« modifié par l'avenant n° 1 »).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<String>,
    #[serde(default)]
    pub toc: TocSetting,
    /// An annex the parties signed before it: printed after the closing
    /// (« Fait à … ») and the signature blocks, where the signed text has
    /// it. Only a top-level division at the end of the text is one.
    #[serde(default, skip_serializing_if = "is_false")]
    pub after_signatures: bool,
    /// In a comparison, what happened to the division; none in a plain document.
    #[serde(skip)]
    pub change: Option<Box<DivisionChange>>,
}

/// What a comparison did to a division.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DivisionChange {
    /// Kept (paired with an old division), or inserted or deleted whole.
    pub mark: Mark,
    /// The old division's id, for citations (none for an insertion).
    pub old_id: Option<String>,
    /// The heading (label, then title) compared, with its change spans.
    pub heading: Vec<Inline>,
    /// The old division's label and title (for Reject All); the new ones
    /// are the division's own.
    pub old_label: Option<String>,
    pub old_title: Vec<Inline>,
}

impl Division {
    /// The heading as read: « II. Axes de coopération ».
    pub fn heading_text(&self) -> String {
        let title = inline_text(&self.title);
        match (&self.label, title.is_empty()) {
            (Some(l), false) => format!("{} {}", l, title),
            (Some(l), true) => l.clone(),
            (None, _) => title,
        }
    }

    /// Kept, or in a comparison inserted or deleted whole.
    pub fn mark(&self) -> Mark {
        self.change.as_ref().map_or(Mark::Same, |c| c.mark)
    }

    /// The id the division had in the old text (its own in a plain
    /// document; none when a comparison inserted it).
    pub(crate) fn old_id(&self) -> Option<&str> {
        match &self.change {
            None => Some(&self.id),
            Some(c) => c.old_id.as_deref(),
        }
    }

    /// The heading as one paragraph, label then title, with its changes.
    pub(crate) fn heading_line(&self) -> Line {
        match &self.change {
            None => Line::of(Mark::Same, &heading_inlines(self)),
            Some(c) if c.mark == Mark::Same => Line::of(Mark::Same, &c.heading),
            Some(c) => Line::whole(c.mark, &c.heading),
        }
    }

    /// Depth-first walk over this division and its descendants.
    pub(crate) fn walk<'a>(&'a self, out: &mut Vec<&'a Division>) {
        out.push(self);
        for c in &self.children {
            c.walk(out);
        }
    }
}

/// A division's heading as one line: label, then title.
pub(crate) fn heading_inlines(d: &Division) -> Vec<Inline> {
    let mut v = Vec::new();
    if let Some(l) = &d.label {
        // « Article 1er – » heads a title; alone, it is « Article 1er ».
        let l = if d.title.is_empty() { l.trim_end_matches(['–', '—', '-', ':', ' ']) } else { l.as_str() };
        v.push(Inline::plain(format!("{} ", l)));
    }
    v.extend(d.title.iter().cloned());
    normalize(v)
}

/// One column of the signature block: « Pour la Ville de Paris, / La Maire
/// de Paris / Anne HIDALGO ».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureBlock {
    pub lines: Vec<Vec<Inline>>,
    /// In a comparison that changes the signatories, the old blocks are
    /// deleted and the new ones inserted; `Same` otherwise.
    #[serde(skip)]
    pub change: Mark,
}

/// An entry of the sommaire (a real table of contents in DOCX).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    pub division: String,
    pub(crate) level: usize,
    pub(crate) text: Vec<Inline>,
    /// The page number the source states, if any (Word refreshes it).
    pub(crate) page: Option<String>,
    /// In a comparison, an entry inserted or deleted whole (its changed
    /// words are change spans in `text`).
    #[serde(skip)]
    pub(crate) change: Mark,
}

/// The parts of a convention around its divisions, each in its place: an
/// avenant cites them (« le troisième visa ») and a comparison aligns them
/// part by part, never a visa with a signature line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartKind {
    /// Front matter that is neither parties nor visas (an official export's
    /// opening lines).
    Ouverture,
    /// « Entre … d'une part, et … d'autre part ».
    Parties,
    /// « Vu … ; », recitals, « Il a été convenu ce qui suit : ».
    Visas,
    /// After the divisions: « Fait à …, le …, en N exemplaires originaux ».
    Cloture,
}

impl PartKind {
    /// How the part is named in a citation or a message.
    pub(crate) fn name(self) -> &'static str {
        match self {
            PartKind::Ouverture => "l’en-tête",
            PartKind::Parties => "la désignation des parties",
            PartKind::Visas => "les visas",
            PartKind::Cloture => "la formule finale",
        }
    }
}

/// One part of the front or closing matter, with its alinéas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub kind: PartKind,
    pub alineas: Vec<Alinea>,
}

/// Document-level facts writers put in properties and footers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub title: String,
    pub(crate) subject: String,
    pub(crate) author: String,
    pub(crate) kind: String,
    /// « Exemplaire original n° 2 sur 4 » on originals; empty otherwise.
    #[serde(default)]
    pub(crate) copy_mark: Option<String>,
    /// The numbering patterns of the text, one per outline level (« {I}. »,
    /// « Article {1er} – »): what citations and new labels read.
    #[serde(default)]
    pub(crate) numbering: Vec<String>,
}

/// A whole assembled document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub meta: Meta,
    /// Title page lines, each its own centred paragraph.
    pub title_page: Vec<Vec<Inline>>,
    pub toc_title: Option<String>,
    /// Deepest outline level the sommaire lists.
    pub toc_levels: usize,
    /// Matter before the divisions (opening, parties, visas), in order.
    pub front: Vec<Part>,
    pub divisions: Vec<Division>,
    /// Matter after them (« Fait à … », « Convention-cadre établie en … »).
    pub closing: Vec<Part>,
    pub signatures: Vec<SignatureBlock>,
    /// A comparison's marks that no part of the text carries; none in a
    /// plain document.
    #[serde(skip)]
    pub revision: Option<Box<Revision>>,
}

/// What a comparison adds to the document besides the marks of its
/// divisions, alinéas and signature blocks: the title page's lines
/// inserted or deleted whole, and the two sommaires compared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Revision {
    /// One mark per line of `Document::title_page`.
    pub title_page: Vec<Mark>,
    /// The sommaire's lines, old and new merged.
    pub sommaire: Vec<TocEntry>,
}

impl Document {
    /// Every division, depth first.
    pub fn all_divisions(&self) -> Vec<&Division> {
        let mut out = Vec::new();
        for d in &self.divisions {
            d.walk(&mut out);
        }
        out
    }

    /// Every division by its id, for callers that look up many: one walk
    /// instead of one per lookup.
    pub(crate) fn index(&self) -> std::collections::HashMap<&str, &Division> {
        fn go<'a>(ds: &'a [Division], out: &mut std::collections::HashMap<&'a str, &'a Division>) {
            for d in ds {
                out.entry(d.id.as_str()).or_insert(d);
                go(&d.children, out);
            }
        }
        let mut out = std::collections::HashMap::new();
        go(&self.divisions, &mut out);
        out
    }

    pub fn find(&self, id: &str) -> Option<&Division> {
        // A walk that stops where it finds it, with no list of every
        // division made first: callers look up each division in turn.
        fn go<'a>(ds: &'a [Division], id: &str) -> Option<&'a Division> {
            ds.iter().find_map(|d| if d.id == id { Some(d) } else { go(&d.children, id) })
        }
        go(&self.divisions, id)
    }

    /// The sommaire's entries, derived from the divisions: it always lists
    /// the divisions as they stand (after an avenant too).
    pub fn sommaire(&self) -> Vec<TocEntry> {
        fn go(ds: &[Division], depth: usize, out: &mut Vec<TocEntry>) {
            for d in ds {
                let default_in = d.level <= depth && (d.label.is_some() || d.level == 1);
                if d.toc.listed.unwrap_or(default_in) {
                    let mut text = Vec::new();
                    if let Some(l) = &d.label {
                        text.push(Inline::plain(format!("{} ", l)));
                    }
                    text.extend(d.toc.wording.clone().unwrap_or_else(|| d.title.clone()));
                    out.push(TocEntry {
                        division: d.id.clone(),
                        level: d.level,
                        text: normalize(text),
                        page: d.toc.page.clone(),
                        change: Mark::Same,
                    });
                }
                go(&d.children, depth, out);
            }
        }
        let mut out = Vec::new();
        if self.toc_title.is_some() {
            go(&self.divisions, self.toc_levels, &mut out);
        }
        out
    }

    /// The sommaire as printed: an entry's own wording takes the accents of
    /// the heading it points to when they are the same words (the seed's
    /// sommaire in unaccented capitals: « COOPERATION » under a heading
    /// « coopération »). `sommaire()` keeps the source's wording, which the
    /// fingerprints of clausier 0.1 hash.
    pub(crate) fn sommaire_printed(&self) -> Vec<TocEntry> {
        let mut entries = self.sommaire();
        for e in &mut entries {
            let Some(d) = self.find(&e.division) else { continue };
            let Some(wording) = &d.toc.wording else { continue };
            let mut text = Vec::new();
            if let Some(l) = &d.label {
                text.push(Inline::plain(format!("{} ", l)));
            }
            text.extend(spelled_as(wording.clone(), &d.title));
            e.text = normalize(text);
        }
        entries
    }

    /// The title page's lines, each with its changes (none in a plain document).
    pub(crate) fn title_lines(&self) -> Vec<Line> {
        let marks = self.revision.as_ref().map(|r| r.title_page.as_slice()).unwrap_or_default();
        self.title_page.iter().enumerate().map(|(k, l)| line_marked(marks.get(k).copied(), l)).collect()
    }

    /// The sommaire as printed, with its changes in a comparison.
    pub(crate) fn sommaire_lines(&self) -> Vec<TocEntry> {
        match &self.revision {
            Some(r) => r.sommaire.clone(),
            None => self.sommaire_printed(),
        }
    }

    /// The signature blocks of the new text (Accept All).
    pub(crate) fn signatures_new(&self) -> impl Iterator<Item = &SignatureBlock> {
        self.signatures.iter().filter(|s| s.change != Mark::Del)
    }

    /// The text on one side of its changes: `Mark::Ins` gives the new text
    /// (Accept All), `Mark::Del` the old one (Reject All); a plain document
    /// gives itself. The result has no change left. What a comparison keeps
    /// of the old text is its words: an alinéa whose words changed keeps
    /// the new alinéa's kind, a table the new table, the document the new
    /// metadata.
    pub fn side(&self, side: Mark) -> Document {
        let title_lines = self.title_lines();
        let parts = |v: &[Part]| {
            v.iter()
                .filter_map(|p| {
                    let alineas = alineas_on(&p.alineas, side);
                    (p.alineas.is_empty() || !alineas.is_empty()).then_some(Part { kind: p.kind, alineas })
                })
                .collect::<Vec<_>>()
        };
        Document {
            meta: self.meta.clone(),
            title_page: title_lines.iter().filter(|l| l.mark.on_side(side)).map(|l| l.side(side)).collect(),
            toc_title: self.toc_title.clone(),
            toc_levels: self.toc_levels,
            front: parts(&self.front),
            divisions: divisions_on(&self.divisions, side),
            closing: parts(&self.closing),
            signatures: self
                .signatures
                .iter()
                .filter(|s| s.change.on_side(side))
                .map(|s| SignatureBlock { change: Mark::Same, ..s.clone() })
                .collect(),
            revision: None,
        }
    }

    /// The divisions printed before the closing and the signatures, then
    /// the annexes printed after them: the trailing run of top-level
    /// divisions marked `after_signatures` (an unmarked division after a
    /// marked one keeps them all before the signatures: the text is never
    /// reordered).
    pub fn divisions_around_signatures(&self) -> (&[Division], &[Division]) {
        let k = self.divisions.iter().rposition(|d| !d.after_signatures).map_or(0, |k| k + 1);
        self.divisions.split_at(k)
    }

    /// The divisions printed before the closing and the signatures.
    pub fn signed_divisions(&self) -> &[Division] {
        self.divisions_around_signatures().0
    }

    /// The annexes printed after the signatures (see `divisions_around_signatures`).
    pub fn annexes_after_signatures(&self) -> &[Division] {
        self.divisions_around_signatures().1
    }

    /// The alinéas of the front matter, in reading order.
    pub fn front_alineas(&self) -> impl Iterator<Item = &Alinea> {
        self.front.iter().flat_map(|p| p.alineas.iter())
    }

    /// The alinéas of the closing matter, in reading order.
    pub(crate) fn closing_alineas(&self) -> impl Iterator<Item = &Alinea> {
        self.closing.iter().flat_map(|p| p.alineas.iter())
    }
}

/// The alinéas on one side of their changes (see `Document::side`).
fn alineas_on(v: &[Alinea], side: Mark) -> Vec<Alinea> {
    v.iter().filter(|a| a.change.on_side(side)).map(|a| Alinea::new(a.kind.clone(), a.line().side(side))).collect()
}

/// The divisions on one side of their changes (see `Document::side`).
fn divisions_on(v: &[Division], side: Mark) -> Vec<Division> {
    v.iter()
        .filter(|d| d.mark().on_side(side))
        .map(|d| {
            let (id, label, title) = match (&d.change, side) {
                (Some(c), Mark::Del) => {
                    (c.old_id.clone().unwrap_or_else(|| d.id.clone()), c.old_label.clone(), c.old_title.clone())
                }
                _ => (d.id.clone(), d.label.clone(), d.title.clone()),
            };
            Division {
                id,
                label,
                title,
                level: d.level,
                alineas: alineas_on(&d.alineas, side),
                children: divisions_on(&d.children, side),
                history: d.history.clone(),
                toc: d.toc.clone(),
                after_signatures: d.after_signatures,
                change: None,
            }
        })
        .collect()
}

/// A line with the whole mark `mark` (`Same` when none).
fn line_marked(mark: Option<Mark>, inlines: &[Inline]) -> Line {
    match mark.unwrap_or_default() {
        Mark::Same => Line::of(Mark::Same, inlines),
        m => Line::whole(m, inlines),
    }
}

impl TocEntry {
    /// The entry's text as a paragraph with its changes.
    pub fn line(&self) -> Line {
        line_marked(Some(self.change), &self.text)
    }
}

/// `wording` with the accents of `title`, when they are the same letters
/// but for accents and case; else `wording` as it is.
fn spelled_as(wording: Vec<Inline>, title: &[Inline]) -> Vec<Inline> {
    let Some(fixed) = crate::french::accents_from(&inline_text(&wording), &inline_text(title)) else { return wording };
    let mut chars = fixed.chars();
    wording
        .into_iter()
        .map(|i| match i {
            Inline::Text { text, style } => {
                Inline::Text { text: chars.by_ref().take(text.chars().count()).collect(), style }
            }
            Inline::Break => {
                chars.next();
                Inline::Break
            }
            // A sommaire's own wording holds no change.
            i @ Inline::Change { .. } => i,
        })
        .collect()
}

/// Canonical form of a run of inlines: white space folded, no empty runs,
/// adjacent runs of one style merged, spaces at the edge of a styled run
/// moved to the plain text around it, no space at either end or next to a
/// break. Parsing what `inlines_to_markdown` writes gives this form back.
pub fn normalize(inlines: Vec<Inline>) -> Vec<Inline> {
    // Runs of one style are one run before anything else is decided.
    let mut merged: Vec<Inline> = Vec::with_capacity(inlines.len());
    for i in inlines {
        match (merged.last_mut(), i) {
            (Some(Inline::Text { text: t, style: s }), Inline::Text { text, style }) if *s == style => {
                t.push_str(&text)
            }
            (_, i) => merged.push(i),
        }
    }
    let mut pieces: Vec<Inline> = Vec::with_capacity(merged.len());
    for i in merged {
        match i {
            Inline::Break => pieces.push(Inline::Break),
            // A change span is normalised where it is made (`compare`).
            i @ Inline::Change { .. } => pieces.push(i),
            Inline::Text { text, style } => {
                let text = fold_spaces(&text);
                let core = text.trim_matches(' ');
                if style.is_plain() || core.is_empty() {
                    pieces.push(Inline::plain(text));
                    continue;
                }
                if text.starts_with(' ') {
                    pieces.push(Inline::plain(" "));
                }
                pieces.push(Inline::styled(core, style));
                if text.ends_with(' ') {
                    pieces.push(Inline::plain(" "));
                }
            }
        }
    }
    let mut out: Vec<Inline> = Vec::with_capacity(pieces.len());
    for p in pieces {
        match p {
            Inline::Break => {
                trim_last(&mut out);
                out.push(Inline::Break);
            }
            p @ Inline::Change { .. } => out.push(p),
            Inline::Text { mut text, style } => {
                let prev_space = match out.last() {
                    None | Some(Inline::Break) => true,
                    Some(Inline::Text { text: t, .. }) => t.ends_with(' '),
                    Some(Inline::Change { .. }) => false,
                };
                if prev_space {
                    text = text.trim_start_matches(' ').to_string();
                }
                if text.is_empty() {
                    continue;
                }
                if let Some(Inline::Text { text: t, style: s }) = out.last_mut() {
                    if *s == style {
                        t.push_str(&text);
                        continue;
                    }
                }
                out.push(Inline::Text { text, style });
            }
        }
    }
    while matches!(out.first(), Some(Inline::Break)) {
        out.remove(0);
    }
    loop {
        trim_last(&mut out);
        if matches!(out.last(), Some(Inline::Break)) {
            out.pop();
        } else {
            break;
        }
    }
    out
}

fn trim_last(out: &mut Vec<Inline>) {
    while let Some(Inline::Text { text, .. }) = out.last_mut() {
        let n = text.trim_end_matches(' ').len();
        text.truncate(n);
        if text.is_empty() {
            out.pop();
        } else {
            break;
        }
    }
}

/// Folds every run of white space into one space and drops control
/// characters, which have no place in a legal text and would make an
/// invalid DOCX.
pub fn fold_spaces(text: &str) -> String {
    // Runs of plain ASCII (no control character, no space) are copied
    // whole: every alinéa of every document read goes through here.
    let mut out = String::with_capacity(text.len());
    let mut last_space = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i] > b' ' && bytes[i] < 0x7F {
            i += 1;
        }
        if i > start {
            out.push_str(&text[start..i]);
            last_space = false;
            continue;
        }
        let c = text[i..].chars().next().expect("i is on a char boundary");
        i += c.len_utf8();
        let c = if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c };
        if c.is_control() || is_xml_invalid(c) {
            continue;
        }
        if c == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        out.push(c);
    }
    out
}

/// Characters XML 1.0 forbids even when escaped.
fn is_xml_invalid(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Collects inlines, merging runs of one style and folding white space the
/// way a reader sees it (double spaces, newlines inside a paragraph).
#[derive(Default)]
pub(crate) struct InlineBuf {
    out: Vec<Inline>,
}

impl InlineBuf {
    pub(crate) fn push_text(&mut self, text: &str, style: Style) {
        if !text.is_empty() {
            self.out.push(Inline::Text { text: text.to_string(), style });
        }
    }

    pub(crate) fn push_break(&mut self) {
        self.out.push(Inline::Break);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.out.iter().all(|i| matches!(i, Inline::Text { text, .. } if text.trim().is_empty()))
    }

    /// The inlines in canonical form.
    pub(crate) fn finish(self) -> Vec<Inline> {
        normalize(self.out)
    }
}

/// What starts the name of a bookmark carrying a division's stable id. The
/// leading `_` makes it a hidden bookmark in Word (like `_Toc…`): kept
/// when the document is saved, not offered in the bookmark list.
pub(crate) const ID_BOOKMARK: &str = "_cl_";

/// Word refuses bookmark names longer than 40 characters.
const BOOKMARK_MAX: usize = 40;

/// The bookmark names of divisions, one per id, in the order given: `_cl_`
/// and the id with every character outside `[A-Za-z0-9_]` written `_`
/// (Word's names are letters, digits and `_`). A name too long for Word, or
/// one an earlier id already took (`ii-a` and `ii_a` both give `_cl_ii_a`),
/// is cut and ends with a hash of the id, so every name is unique and the
/// same ids always give the same names: a reader recomputes them from the
/// text the document was built from (`word::map`). Every writer that writes a word-processing format puts them on the headings..
pub(crate) fn id_bookmarks<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    use sha2::{Digest, Sha256};
    let mut taken = std::collections::HashSet::new();
    let mut out = Vec::new();
    for id in ids {
        let clean: String = id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
        let mut name = format!("{}{}", ID_BOOKMARK, clean);
        let mut salt = 0u32;
        while name.len() > BOOKMARK_MAX || taken.contains(&name) {
            let digest = Sha256::digest(format!("{}\u{0}{}", id, salt).as_bytes());
            let hash: String = digest.iter().take(4).map(|b| format!("{:02x}", b)).collect();
            let room = BOOKMARK_MAX - ID_BOOKMARK.len() - 1 - hash.len();
            name = format!("{}{}_{}", ID_BOOKMARK, &clean[..clean.len().min(room)], hash);
            salt += 1;
        }
        taken.insert(name.clone());
        out.push(name);
    }
    out
}

#[cfg(test)]
mod fold_fast_path {
    use super::is_xml_invalid;
    use proptest::prelude::*;

    /// The definition, one character at a time: what the fast path must give.
    fn fold_spaces_one_char_at_a_time(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut last_space = false;
        for c in text.chars() {
            let c = if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c };
            if c.is_control() || is_xml_invalid(c) {
                continue;
            }
            if c == ' ' {
                if last_space {
                    continue;
                }
                last_space = true;
            } else {
                last_space = false;
            }
            out.push(c);
        }
        out
    }
    proptest! {
        #[test]
        fn ascii_runs_copied_whole_fold_the_same(s in "([a-z ,.\t\n\r\u{0}\u{7}\u{7f}\u{85}\u{9f}]|’|\u{a0}|é|\u{fffe}|\u{ffff}|\u{2028}){0,60}") {
            prop_assert_eq!(super::fold_spaces(&s), fold_spaces_one_char_at_a_time(&s));
        }
    }
}

#[cfg(test)]
mod id_bookmark_names {
    use super::*;

    #[test]
    fn id_bookmarks_are_word_names_unique_and_stable() {
        let long = "annexe-tarifaire-des-transporteurs-sanitaires-prives-2011";
        let ids = ["ii-a-1", "ii_a_1", "préambule", long, "x"];
        let names = id_bookmarks(ids);
        assert_eq!(names[0], "_cl_ii_a_1");
        // `ii_a_1` would read the same: it takes a hash of its id.
        assert!(names[1].starts_with("_cl_ii_a_1_") && names[1].len() == "_cl_ii_a_1_".len() + 8, "{}", names[1]);
        assert_eq!(names[2], "_cl_pr_ambule");
        assert!(names[3].starts_with("_cl_annexe_tarifaire") && names[3].len() == 40, "{}", names[3]);
        for n in &names {
            assert!(n.len() <= 40 && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{}", n);
        }
        let unique: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        // The same ids, the same names: a reader finds them again.
        assert_eq!(id_bookmarks(ids), names);
        // Ids that would collide after cutting keep distinct names.
        let near = [format!("{}-a", long), format!("{}-b", long)];
        let n = id_bookmarks(near.iter().map(String::as_str));
        assert_ne!(n[0], n[1]);
    }
}
