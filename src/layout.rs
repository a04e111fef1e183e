//! The legal page furniture of a document, decided once for every format:
//! the page (A4, its margins), the title page on a page of its own, the
//! sommaire and the page of each of its lines, the copy mark « Exemplaire
//! original n° k sur N », the signature blocks side by side with room to
//! sign, the paraphe boxes, the footers (« page X sur Y »), the signature
//! page of an original without paraphes, the « PROJET » mark, and the
//! properties a file carries (title, author, language).
//!
//! The writers of word-processing formats (DOCX, ODT, and PDF through
//! them) take a [`Layout`] and encode it; none of them decides what goes on
//! a page. Lengths are in twentieths of a point ([`Length`]), the unit
//! word processors lay pages out in; each writer converts them.

use crate::model::{Division, Document, Line, Mark, Part};
use crate::model::{Inline, Meta, SignatureBlock};
use std::collections::{BTreeMap, HashMap};

/// The page each line of the sommaire points to, as a layout engine laid
/// the document out: sommaire anchor name (`_Toc000003`) → page.
pub type Pages = BTreeMap<String, u32>;

/// A piece of the text in the order it is printed (see [`reading_order`]).
#[derive(Debug, Clone, Copy)]
pub enum Piece<'a> {
    /// A part before the divisions: the parties, the visas, the préambule.
    Front(&'a Part),
    /// A division of the text signed, before the closing and the signatures.
    Division(&'a Division),
    /// A part of the closing matter: « Fait à … », the number of originals.
    Closing(&'a Part),
    /// The signature blocks (once, even when there are none).
    Signatures,
    /// An annex printed after the signatures, with its rank among them.
    AnnexAfterSignatures(usize, &'a Division),
}

/// The order every writer prints a text in, decided here once: the front
/// matter, the divisions signed, the closing matter, the signature blocks,
/// then the annexes that follow the signatures in the signed text
/// ([`Document::divisions_around_signatures`]). The title page and the
/// sommaire come before, each writer setting them its own way.
pub fn reading_order(doc: &Document) -> impl Iterator<Item = Piece<'_>> {
    let (signed, after) = doc.divisions_around_signatures();
    doc.front
        .iter()
        .map(Piece::Front)
        .chain(signed.iter().map(Piece::Division))
        .chain(doc.closing.iter().map(Piece::Closing))
        .chain(std::iter::once(Piece::Signatures))
        .chain(after.iter().enumerate().map(|(k, d)| Piece::AnnexAfterSignatures(k, d)))
}

/// A length in twentieths of a point (1 440 to the inch, 567 to the centimetre).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Length(pub u32);

impl Length {
    /// In points, as CSS and ODF write them (« 70.85pt »).
    pub fn pt(self) -> String {
        let (whole, frac) = (self.0 / 20, self.0 % 20 * 5);
        match frac {
            0 => format!("{}pt", whole),
            f if f % 10 == 0 => format!("{}.{}pt", whole, f / 10),
            f => format!("{}.{:02}pt", whole, f),
        }
    }
}

/// A sheet of paper and where the text sits on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sheet {
    pub width: Length,
    pub height: Length,
    pub landscape: bool,
    pub top: Length,
    pub right: Length,
    pub bottom: Length,
    pub left: Length,
    /// From the page's top edge to the header, and from its bottom edge to the footer.
    pub header: Length,
    pub footer: Length,
    /// The width tables are drawn to.
    pub text_width: Length,
}

/// A4 portrait, margins 2.5 cm: the text is 16 cm wide.
pub const PORTRAIT: Sheet = Sheet {
    width: Length(11906),
    height: Length(16838),
    landscape: false,
    top: Length(1417),
    right: Length(1417),
    bottom: Length(1417),
    left: Length(1417),
    header: Length(708),
    footer: Length(567),
    text_width: Length(9072),
};

/// A4 landscape, margins 2 cm / 2.5 cm: the tableau comparatif.
pub const LANDSCAPE: Sheet = Sheet {
    width: Length(16838),
    height: Length(11906),
    landscape: true,
    top: Length(1134),
    right: Length(1417),
    bottom: Length(1134),
    left: Length(1417),
    header: Length(567),
    footer: Length(567),
    text_width: Length(13_990),
};

/// The font of every document: Arial, or a font of the same metrics
/// (Liberation Sans) where Arial is not installed.
pub const FONT: &str = "Arial";

/// The language of every document.
pub const LANGUAGE: (&str, &str) = ("fr", "FR");

/// The blank left to sign under each signatory's title: 3.2 cm, so that
/// at least 3 cm stay free between the lines around it.
pub const SIGNATURE_SPACE: Length = Length(1814);

/// The side of a paraphe box: 1.5 cm, room for initials.
pub const PARAPHE_BOX: Length = Length(851);

/// What a footer line reads: text, the page's number, the number of pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FooterPiece {
    Text(String),
    Page,
    Pages,
}

/// One paraphe box per party, centred under the text: each party's column
/// is a margin, the box, a margin, under its label (« Paraphe – Ville de Paris »).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paraphes {
    pub labels: Vec<String>,
    /// One party's column, the box centred in it.
    pub column: Length,
    /// The margin left of the box in its column.
    pub side: Length,
    pub square: Length,
}

impl Paraphes {
    fn of(parties: &[String], sheet: &Sheet) -> Paraphes {
        let n = parties.len().max(1) as u32;
        let column = 2835.min(sheet.text_width.0 / n).max(PARAPHE_BOX.0);
        Paraphes {
            labels: parties.iter().map(|p| format!("Paraphe – {}", p)).collect(),
            column: Length(column),
            side: Length((column - PARAPHE_BOX.0) / 2),
            square: PARAPHE_BOX,
        }
    }

    /// The three widths of a party's column: margin, box, margin.
    pub fn widths(&self) -> [Length; 3] {
        [self.side, self.square, Length(self.column.0 - self.square.0 - self.side.0)]
    }
}

/// A page footer: paraphe boxes, if any, above a line (« Exemplaire
/// original n° 2 sur 4 – page 3 sur 12 »).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Footer {
    pub paraphes: Option<Paraphes>,
    /// Empty for a bare footer (a title page outside the originals).
    pub line: Vec<FooterPiece>,
}

impl Footer {
    fn numbered(copy_mark: Option<&str>, paraphes: Option<Paraphes>) -> Footer {
        let mut line = Vec::new();
        if let Some(m) = copy_mark {
            line.push(FooterPiece::Text(format!("{} – ", m)));
        }
        line.extend([
            FooterPiece::Text("page ".into()),
            FooterPiece::Page,
            FooterPiece::Text(" sur ".into()),
            FooterPiece::Pages,
        ]);
        Footer { paraphes, line }
    }
}

/// The footers of a document's pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footers {
    /// Every page of the text.
    pub text: Footer,
    /// The title page's, when the document opens on one: bare, except on
    /// an original (its number and paraphes are on every page).
    pub title_page: Footer,
    /// An original's signature page, signed there: no paraphe box, the copy
    /// number and the page kept. None when the signatures follow the text.
    pub signature_page: Option<Footer>,
}

/// A line of the sommaire: where it points, how deep it sits, what it
/// reads (with its changes, in a redline) and the page it gives.
#[derive(Debug, Clone, PartialEq)]
pub struct SommaireLine {
    pub anchor: String,
    pub level: usize,
    pub line: Line,
    /// Known once the document has been laid out; otherwise left blank for
    /// the word processor to fill in.
    pub page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sommaire<'a> {
    pub title: &'a str,
    pub lines: Vec<SommaireLine>,
}

/// The names a division's heading carries: its stable id (read back by the
/// Word mapping: `model::id_bookmarks`) and the sommaire's target.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Anchors {
    ranks: HashMap<String, usize>,
    ids: Vec<String>,
}

impl Anchors {
    fn of(doc: &Document) -> Anchors {
        let all = doc.all_divisions();
        let mut ranks = HashMap::new();
        for (k, d) in all.iter().enumerate() {
            ranks.entry(d.id.clone()).or_insert(k);
        }
        Anchors { ranks, ids: crate::model::id_bookmarks(all.iter().map(|d| d.id.as_str())) }
    }

    /// The rank of a division, depth first (0 for an unknown id).
    fn rank(&self, id: &str) -> usize {
        self.ranks.get(id).copied().unwrap_or(0)
    }

    /// The bookmark carrying a division's stable id.
    pub fn id(&self, division: &str) -> &str {
        &self.ids[self.rank(division)]
    }

    /// The sommaire's target on a division's heading: `_Toc` and its rank,
    /// stable for one outline.
    pub fn sommaire(&self, division: &str) -> String {
        format!("_Toc{:06}", self.rank(division) + 1)
    }
}

/// Signature blocks side by side: one column per party, one row per line,
/// so that lines of equal rank align (« Pour … » / qualité), then the room
/// to sign, then each signatory's name (the block's last line) on one row.
/// The rows are kept whole and together, and names keep their hyphens
/// (« Ivry-sur-Seine » never breaks at its hyphen).
#[derive(Debug, Clone, PartialEq)]
pub struct Signatures<'a> {
    /// Kept, or (changed signatories in a redline) deleted or inserted whole.
    pub mark: Mark,
    /// Rows × columns: the lines above the room to sign, aligned from the top.
    pub heads: Vec<Vec<&'a [Inline]>>,
    pub room: Length,
    pub names: Vec<&'a [Inline]>,
    pub column: Length,
    /// An empty paragraph, kept with the table, before it (none before the
    /// new blocks that follow the deleted ones).
    pub blank_before: bool,
}

fn signatures_of<'a>(blocks: &[&'a SignatureBlock], mark: Mark, sheet: &Sheet) -> Option<Signatures<'a>> {
    if blocks.is_empty() {
        return None;
    }
    const EMPTY: &[Inline] = &[];
    // The name is the last line of a block; the lines above it align from the top.
    let heads: Vec<&[Vec<Inline>]> =
        blocks.iter().map(|s| if s.lines.len() > 1 { &s.lines[..s.lines.len() - 1] } else { &s.lines[..0] }).collect();
    let rows = heads.iter().map(|h| h.len()).max().unwrap_or(0);
    Some(Signatures {
        mark,
        heads: (0..rows).map(|r| heads.iter().map(|h| h.get(r).map_or(EMPTY, Vec::as_slice)).collect()).collect(),
        room: SIGNATURE_SPACE,
        names: blocks.iter().map(|s| s.lines.last().map_or(EMPTY, Vec::as_slice)).collect(),
        column: Length(sheet.text_width.0 / blocks.len() as u32),
        blank_before: mark != Mark::Ins,
    })
}

/// What the file says of itself (title, subject, author, keywords, language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Properties {
    pub title: String,
    pub subject: String,
    pub author: String,
    pub keywords: String,
    /// « fr-FR ».
    pub language: String,
}

impl Properties {
    pub fn of(meta: &Meta) -> Properties {
        Properties {
            title: meta.title.clone(),
            subject: meta.subject.clone(),
            author: meta.author.clone(),
            keywords: meta.kind.clone(),
            language: format!("{}-{}", LANGUAGE.0, LANGUAGE.1),
        }
    }
}

/// What the caller asks of the page furniture, besides the document.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ask<'a> {
    /// One paraphe box per party in every footer (originals): the parties' short names.
    pub paraphes: &'a [String],
    /// The page of each sommaire line, once laid out.
    pub pages: Option<&'a Pages>,
    /// A mark on every page (« PROJET ») for a text not yet adopted.
    pub projet: Option<&'a str>,
}

/// The page furniture of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout<'a> {
    pub sheet: Sheet,
    /// « Exemplaire original n° 2 sur 4 », above the title.
    pub copy_mark: Option<&'a str>,
    /// The title page's lines, each centred.
    pub title_lines: Vec<Line>,
    /// The title on a page of its own (conventions; an avenant, a few pages
    /// long, starts its text under its title).
    pub title_page: bool,
    pub sommaire: Option<Sommaire<'a>>,
    pub anchors: Anchors,
    /// The signature tables, in order: one, or the deleted and the inserted
    /// blocks when a redline changes the signatories.
    pub signatures: Vec<Signatures<'a>>,
    /// Whether the closing matter stays with the signatures (there are some).
    pub signed: bool,
    pub footers: Footers,
    /// A mark on every page, when the text is a draft (« PROJET »).
    pub projet: Option<&'a str>,
    pub properties: Properties,
}

impl<'a> Layout<'a> {
    /// The furniture of `doc` (a text, or a comparison), as `ask` asks.
    pub fn of(doc: &'a Document, ask: &Ask<'a>) -> Layout<'a> {
        let sheet = PORTRAIT;
        let anchors = Anchors::of(doc);
        let sommaire = doc.toc_title.as_deref().map(|title| Sommaire {
            title,
            lines: doc
                .sommaire_lines()
                .into_iter()
                .map(|e| {
                    let anchor = anchors.sommaire(&e.division);
                    // The page this document's layout gives, never the one
                    // the source's own sommaire stated (another layout).
                    let page = ask.pages.and_then(|p| p.get(&anchor)).copied();
                    SommaireLine { anchor, level: e.level, line: e.line(), page }
                })
                .collect(),
        });
        // Unchanged signatories, or the deleted blocks then the inserted ones.
        let signatures: Vec<Signatures> = [Mark::Same, Mark::Del, Mark::Ins]
            .into_iter()
            .filter_map(|mark| {
                let blocks: Vec<&SignatureBlock> = doc.signatures.iter().filter(|s| s.change == mark).collect();
                signatures_of(&blocks, mark, &sheet)
            })
            .collect();
        let copy_mark = doc.meta.copy_mark.as_deref();
        let paraphes = (!ask.paraphes.is_empty()).then(|| Paraphes::of(ask.paraphes, &sheet));
        // An avenant, a few pages long, and the councils' projet de
        // délibération and note start their text under their title.
        let title_page = !doc.title_page.is_empty()
            && !matches!(doc.meta.kind.as_str(), "avenant" | "deliberation" | "expose-des-motifs");
        let text = Footer::numbered(copy_mark, paraphes.clone());
        let footers = Footers {
            // Originals carry their number and paraphes on every page, the
            // title page included; other documents leave it bare.
            title_page: if paraphes.is_some() { text.clone() } else { Footer::default() },
            signature_page: (paraphes.is_some() && doc.signatures_new().next().is_some())
                .then(|| Footer::numbered(copy_mark, None)),
            text,
        };
        Layout {
            sheet,
            copy_mark,
            title_lines: doc.title_lines(),
            title_page,
            sommaire,
            anchors,
            signed: !signatures.is_empty(),
            signatures,
            footers,
            projet: ask.projet,
            properties: Properties::of(&doc.meta),
        }
    }

    /// The furniture of a table of its own on a landscape page (the
    /// tableau comparatif): page numbers, no title page.
    pub fn landscape(meta: &Meta) -> Layout<'static> {
        Layout {
            sheet: LANDSCAPE,
            copy_mark: None,
            title_lines: Vec::new(),
            title_page: false,
            sommaire: None,
            anchors: Anchors::default(),
            signatures: Vec::new(),
            signed: false,
            footers: Footers {
                text: Footer::numbered(None, None),
                title_page: Footer::default(),
                signature_page: None,
            },
            projet: None,
            properties: Properties::of(meta),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartKind;

    /// The front, the divisions signed, the closing, the signatures, then
    /// the trailing annexes marked to follow the signatures — and only a
    /// trailing run: an unmarked division after a marked one keeps the text
    /// in its order.
    #[test]
    fn the_reading_order() {
        let div = |id: &str, after: bool| Division { id: id.into(), after_signatures: after, ..Default::default() };
        let part = |kind| Part { kind, alineas: vec![] };
        let names = |doc: &Document| -> Vec<String> {
            reading_order(doc)
                .map(|p| match p {
                    Piece::Front(_) => "front".to_string(),
                    Piece::Division(d) => d.id.clone(),
                    Piece::Closing(_) => "closing".into(),
                    Piece::Signatures => "signatures".into(),
                    Piece::AnnexAfterSignatures(k, d) => format!("{k}:{}", d.id),
                })
                .collect()
        };
        let mut doc = Document {
            front: vec![part(PartKind::Parties)],
            divisions: vec![div("article-1", false), div("annexe-1", true), div("annexe-2", true)],
            closing: vec![part(PartKind::Cloture)],
            ..Default::default()
        };
        assert_eq!(names(&doc), ["front", "article-1", "closing", "signatures", "0:annexe-1", "1:annexe-2"]);
        doc.divisions.push(div("article-2", false));
        assert_eq!(names(&doc), ["front", "article-1", "annexe-1", "annexe-2", "article-2", "closing", "signatures"]);
    }

    #[test]
    fn lengths_in_points() {
        assert_eq!(Length(1417).pt(), "70.85pt");
        assert_eq!(Length(9072).pt(), "453.6pt");
        assert_eq!(Length(240).pt(), "12pt");
        assert_eq!(Length(851).pt(), "42.55pt");
    }

    #[test]
    fn paraphes_fit_the_text_width() {
        let p = Paraphes::of(&["Ville de Paris".into(), "Ville d’Ivry-sur-Seine".into()], &PORTRAIT);
        assert_eq!(p.column, Length(2835));
        let w = p.widths();
        assert_eq!(w.iter().map(|l| l.0).sum::<u32>(), p.column.0);
        assert_eq!(w[1], PARAPHE_BOX);
        // Ten parties still get a box each, inside the text.
        let many: Vec<String> = (0..10).map(|k| k.to_string()).collect();
        let p = Paraphes::of(&many, &PORTRAIT);
        assert!(p.column.0 * 10 <= PORTRAIT.text_width.0 && p.column >= PARAPHE_BOX);
    }
}
