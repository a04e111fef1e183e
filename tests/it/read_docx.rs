//! The DOCX reader (`clausier::read::docx`), tried on documents other
//! programs wrote (pandoc, LibreOffice, LibreOffice editing like a person
//! with and without Track Changes: `tests/fixtures/docx/README.md` says how
//! each was made), on DOCX clausier writes (random documents, proptest), on
//! small hand-written packages for each WordprocessingML feature, and on
//! hostile packages.

use crate::common::root;
use clausier::markdown::TextBlock;
use clausier::model::{inline_text, AlineaKind, Inline, Style};
use clausier::read::docx::{read_docx, DocxText, Options, ReadBlock, View};
use std::io::Write;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/docx").join(name)).unwrap()
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/docx").join(name)).unwrap()
}

fn read(bytes: &[u8], view: View) -> DocxText {
    read_docx(bytes, &Options { view }).unwrap_or_else(|e| panic!("read: {}", e))
}

fn refusal(bytes: &[u8]) -> String {
    match read_docx(bytes, &Options::default()) {
        Ok(d) => panic!("should be refused, read {} blocks", d.blocks.len()),
        Err(e) => {
            let m = e.to_string();
            assert_eq!(m.lines().count(), 1, "one line: {}", m);
            m
        }
    }
}

/// One line per block, as a reader sees it: `#… ` before headings, `- `
/// before bullets, the marker before numbered items, `| a | b |` rows.
fn show(b: &ReadBlock) -> String {
    match &b.block {
        TextBlock::Heading { level, inlines, .. } => format!("{} {}", "#".repeat(*level), inline_text(inlines)),
        TextBlock::Alinea { alinea, .. } => match &alinea.kind {
            AlineaKind::Item { marker: None } => format!("- {}", inline_text(&alinea.inlines)),
            AlineaKind::Table { rows, header } => {
                let rows: Vec<String> = rows
                    .iter()
                    .map(|r| {
                        format!(
                            "| {} |",
                            r.iter().map(|c| inline_text(c).replace('\n', " / ")).collect::<Vec<_>>().join(" | ")
                        )
                    })
                    .collect();
                format!("{}{}", if *header { "(en-tête) " } else { "" }, rows.join("\n"))
            }
            _ => alinea.text(),
        },
        TextBlock::Rule { .. } => "---".into(),
    }
}

/// The blocks without their line numbers (paragraph ranks, which a
/// deleted paragraph still takes).
fn blocks(d: &DocxText) -> Vec<TextBlock> {
    d.blocks
        .iter()
        .map(|b| match b.block.clone() {
            TextBlock::Heading { level, inlines, .. } => TextBlock::Heading { level, inlines, line: 0 },
            TextBlock::Alinea { alinea, .. } => TextBlock::Alinea { alinea, line: 0 },
            TextBlock::Rule { .. } => TextBlock::Rule { line: 0 },
        })
        .collect()
}

fn shown(d: &DocxText) -> Vec<String> {
    d.blocks.iter().map(show).collect()
}

/// Whitespace as a reader ignores it (tabs, non-breaking spaces, runs of
/// spaces), and the typographic apostrophe as the straight one.
fn norm(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}', '\t', '\u{feff}'], " ")
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lines of text of a document as clausier's text writer lays them out:
/// cells joined by tabs, rows on their own lines, bullets with « – ».
fn text_lines(d: &DocxText) -> Vec<String> {
    let mut out = Vec::new();
    for b in &d.blocks {
        let t = match &b.block {
            TextBlock::Heading { inlines, .. } => inline_text(inlines),
            TextBlock::Alinea { alinea, .. } => match &alinea.kind {
                AlineaKind::Item { marker: None } => format!("– {}", inline_text(&alinea.inlines)),
                _ => alinea.text(),
            },
            TextBlock::Rule { .. } => String::new(),
        };
        out.extend(t.lines().map(norm).filter(|l| !l.is_empty()));
    }
    out
}

fn plain_lines(text: &str) -> Vec<String> {
    text.lines().map(norm).filter(|l| !l.is_empty()).collect()
}

// ---------------------------------------------------------------------------
// Documents written by other programs.

#[test]
fn pandoc_corpus_text_keeps_every_word_and_its_heading() {
    let source = fixture_text("sources/2009-unedic-convention-19-fevrier-2009.md");
    let d = read(&fixture("unedic-pandoc.docx"), View::Accept);
    let text = shown(&d).join("\n");
    crate::common::assert_keeps_every_word(&source, &text);
    assert_eq!(show(&d.blocks[0]), "# Article Convention du 19 février 2009");
    assert_eq!(d.blocks[0].style.as_deref(), Some("Heading 1"));
    assert!(
        d.blocks[0].bookmarks.iter().any(|b| b.starts_with("article-convention")),
        "pandoc's heading bookmark: {:?}",
        d.blocks[0].bookmarks
    );
    assert!(!d.tracked.changes_text());
}

/// Labels of list items, in order: ours against what LibreOffice shows
/// (its text export writes each item indented, its label first).
fn labels_as_libreoffice_shows_them(docx: &str, lo_txt: &str) {
    let d = read(&fixture(docx), View::Accept);
    let ours: Vec<String> = d
        .blocks
        .iter()
        .filter_map(|b| match &b.block {
            TextBlock::Alinea { alinea: clausier::model::Alinea { kind: AlineaKind::Item { marker }, .. }, .. } => {
                Some(marker.clone().unwrap_or_else(|| "•".into()))
            }
            _ => None,
        })
        .collect();
    let lo: Vec<String> = fixture_text(lo_txt)
        .lines()
        .filter(|l| l.starts_with("    ") && !l.trim().is_empty())
        .map(|l| {
            let first = l.split_whitespace().next().unwrap();
            if ["•", "◦", "▪", "–"].contains(&first) {
                "•".to_string()
            } else {
                first.to_string()
            }
        })
        .collect();
    assert_eq!(ours, lo, "labels of {}", docx);
    // Every line LibreOffice shows is ours too (labels included).
    let ours_text = norm(&shown(&d).join(" "));
    let lo_text = norm(&fixture_text(lo_txt).replace(['•', '◦'], " "));
    crate::common::assert_keeps_every_word_but(&lo_text, &ours_text, "note calls", &crate::common::glued_note_call);
}

#[test]
fn pandoc_numbered_lists_read_with_their_labels() {
    labels_as_libreoffice_shows_them("annexe3-pandoc.docx", "annexe3-pandoc.lo.txt");
    labels_as_libreoffice_shows_them("listes-pandoc.docx", "listes-pandoc.lo.txt");
    let d = read(&fixture("annexe3-pandoc.docx"), View::Accept);
    let s = shown(&d);
    // Two lists, each counted from 1: 1.–13., then 1.–6.
    assert!(s.contains(&"13. Toute mention légale obligatoire.".to_string()), "{:#?}", s);
    assert!(
        s.contains(&"1. Sous-titre : Proposition de traitement et de convention d’honoraire.".to_string()),
        "{:#?}",
        s
    );
    let source = fixture_text("sources/2006-chirurgiens-dentistes-convention-annexe-III-v1-original.md");
    crate::common::assert_keeps_every_word(&source, &s.join("\n"));
}

#[test]
fn pandoc_nested_lists_footnote_and_table() {
    let d = read(&fixture("listes-pandoc.docx"), View::Accept);
    let s = shown(&d);
    let at = |t: &str| s.iter().position(|l| l.starts_with(t)).unwrap_or_else(|| panic!("no {:?} in {:#?}", t, s));
    // The note follows the paragraph calling it, both with its number.
    let call = at("1. Pour l’alimentation en tout ou partie");
    assert!(s[call].contains("suivantes(1) :"), "{}", s[call]);
    assert_eq!(
        s[call + 1],
        "(1) Énumérer les distributions publiques ; indiquer, le cas échéant, celles qui sont alimentées en partie."
    );
    assert!(at("a) les clients dont") > at("3. Pour l’alimentation de clients directs"));
    assert!(at("4. Pour la réception") > at("b) les clients raccordés"));
    at("I. Distributions publiques");
    at("III. Clients directs");
    at("- Le concessionnaire est tenu");
    let table = d.blocks.iter().find_map(|b| match &b.block {
        TextBlock::Alinea { alinea, .. } => match &alinea.kind {
            AlineaKind::Table { rows, header } => Some((rows.clone(), *header)),
            _ => None,
        },
        _ => None,
    });
    let (rows, header) = table.expect("a table");
    assert!(header);
    assert_eq!(
        rows.iter().map(|r| r.iter().map(|c| inline_text(c)).collect::<Vec<_>>()).collect::<Vec<_>>(),
        vec![
            vec!["Ouvrage", "Longueur approximative", "Pression maximum de service"],
            vec!["Canalisation principale", "42 km", "67 bars"],
            vec!["Antenne de Saint-Denis", "8 km", "40 bars"]
        ]
    );
    // Bold kept on the word the source set in bold.
    let bold = d.blocks.iter().any(|b| matches!(&b.block, TextBlock::Alinea { alinea, .. } if alinea.inlines.iter().any(|i| matches!(i, Inline::Text { text, style } if text == "équilibrage" && style.bold))));
    assert!(bold);
    assert_eq!(
        d.properties.title.as_deref(),
        Some("Cahier des charges type pour la concession de transport de gaz (extraits)")
    );
    assert_eq!(d.properties.subject.as_deref(), Some("Décret n° 52-77 du 15 janvier 1952"));
    assert_eq!(d.properties.creator.as_deref(), Some("Journal officiel"));
}

#[test]
fn libreoffice_outline_numbering_from_heading_styles() {
    labels_as_libreoffice_shows_them("cahier-numerote-libreoffice.docx", "cahier-numerote-libreoffice.lo.txt");
    let d = read(&fixture("cahier-numerote-libreoffice.docx"), View::Accept);
    let s = shown(&d);
    let headings: Vec<&String> = s.iter().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "# CHAPITRE I : OBJET DE LA CONCESSION",
            "## Art. 1. - Objet",
            "## Art. 2. - Utilisation des ouvrages",
            "## Art. 3. - Transports complémentaires",
            "# CHAPITRE II : ETABLISSEMENT DES RÉSEAUX DE TRANSPORT",
            "## Art. 1. - Travaux à la charge du concessionnaire",
            "## Art. 2. - Délais d'exécution",
        ]
    );
    // Every heading line as LibreOffice shows it.
    let lo = fixture_text("cahier-numerote-libreoffice.lo.txt");
    for h in &headings {
        let h = h.trim_start_matches('#').trim();
        assert!(lo.lines().any(|l| norm(l) == norm(h)), "{:?} not shown by LibreOffice", h);
    }
    // The second « 1° » list restarts (on its own w:num) and continues on the plain one.
    let markers: Vec<&str> =
        s.iter().filter_map(|l| l.split_whitespace().next()).filter(|m| m.ends_with('°')).collect();
    assert_eq!(markers, ["1°", "2°", "3°", "4°", "5°", "1°", "2°", "3°", "4°"]);
    // Bookmarks on the headings that had them; a line break kept.
    let art1 = d.blocks.iter().find(|b| show(b) == "## Art. 1. - Objet").unwrap();
    assert_eq!(art1.bookmarks, ["art-1"]);
    let brk = d
        .blocks
        .iter()
        .any(|b| matches!(&b.block, TextBlock::Alinea { alinea, .. } if alinea.inlines.contains(&Inline::Break)));
    assert!(brk, "the line break of item 4°");
    // Style formatting: « Titre article » is italic, the character style bold.
    let titre = d.blocks.iter().find(|b| show(b) == "Services concédé.").unwrap();
    assert_eq!(titre.style.as_deref(), Some("Titre article"));
    assert!(
        matches!(&titre.block, TextBlock::Alinea { alinea, .. } if alinea.inlines == vec![Inline::styled("Services concédé.", Style { italic: true, ..Style::PLAIN })])
    );
    let strong = d.blocks.iter().any(|b| matches!(&b.block, TextBlock::Alinea { alinea, .. } if alinea.inlines.iter().any(|i| matches!(i, Inline::Text { text, style } if text == "équilibrage" && style.bold))));
    assert!(strong);
    // The table's merged cells stay in their columns; its header row is one.
    let table = s.iter().find(|l| l.contains("| Ouvrage")).unwrap();
    assert_eq!(
        table,
        "(en-tête) | Ouvrage |  | Participation |\n| Canalisations | principales | 50 % |\n|  | de desserte | 25 % |"
    );
    // The footnote, after the item that calls it.
    let k = s.iter().position(|l| l.contains("publiques suivantes(1)")).unwrap();
    assert_eq!(
        s[k + 1],
        "(1) Énumérer les distributions publiques ; indiquer, le cas échéant, celles qui sont alimentées en partie."
    );
    assert_eq!(d.properties.title.as_deref(), Some("Cahier des charges type pour la concession de transport de gaz"));
}

#[test]
fn libreoffice_html_tables_keep_merged_cells_in_their_columns() {
    let d = read(&fixture("gaz-libreoffice.docx"), View::Accept);
    let source = fixture_text("sources/1952-cahier-charges-type-transport-gaz-v1-original.md");
    let source = clausier::markdown::strip_tags(&crate::common::printed_words(&source));
    crate::common::assert_keeps_every_word(&source, &shown(&d).join("\n"));
    let tables: Vec<Vec<Vec<String>>> = d
        .blocks
        .iter()
        .filter_map(|b| match &b.block {
            TextBlock::Alinea { alinea, .. } => match &alinea.kind {
                AlineaKind::Table { rows, .. } => {
                    Some(rows.iter().map(|r| r.iter().map(|c| norm(&inline_text(c))).collect()).collect())
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 7, "the seven tables of the cahier des charges");
    // First table: a cell spanning two rows in column 1, then three headers.
    assert_eq!(
        tables[0],
        vec![
            vec!["", "USINE ou gisement", "EXPLOITATION ou propriétaire", "CONVENTION en date du : (1)"],
            vec!["", "", "", ""]
        ]
    );
    // Every row of a table has as many cells as the table has columns.
    for t in &tables {
        assert!(t.iter().all(|r| r.len() == t[0].len()), "{:?}", t);
    }
    // A note spanning the five columns: its text in the first, the others empty.
    let spanned = tables
        .iter()
        .flatten()
        .find(|r| r[0].starts_with("(1) Indiquer les deux extrémités"))
        .expect("the colspan=5 row");
    assert_eq!(spanned.len(), 5);
    assert!(spanned[1..].iter().all(String::is_empty));
}

// ---------------------------------------------------------------------------
// The convention built by clausier, edited in LibreOffice.

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}

fn convention_lines() -> Vec<String> {
    plain_lines(&fixture_text("convention.txt"))
}

#[test]
fn clausier_docx_reads_as_its_text() {
    let d = read(&fixture("convention.docx"), View::Accept);
    assert_eq!(text_lines(&d), convention_lines());
    // Division headings at their outline level, with clausier's bookmarks.
    let h = d
        .blocks
        .iter()
        .find(|b| norm(&show(b)).starts_with("#### ii) Mise en place d'un comité technique"))
        .expect("the heading");
    // The sommaire's bookmark, and the one naming the division's stable id.
    assert_eq!(h.bookmarks, ["_cl_ii_a_1_ii", "_Toc000007"]);
    assert_eq!(h.style.as_deref(), Some("heading 4"));
    assert_eq!(read(&fixture("convention.docx"), View::Reject), d, "no tracked change: both views read alike");
}

#[test]
fn tracked_changes_accepted_give_the_edited_text() {
    let edits: serde_json::Value = serde_json::from_str(&fixture_text("sources/edits.json")).unwrap();
    let expected = crate::common::apply_lo_edits(&convention_lines(), &edits, norm);
    let tracked = read(&fixture("convention-suivi.docx"), View::Accept);
    assert_eq!(text_lines(&tracked), expected);
    // The same edits made without Track Changes read the same.
    let untracked = read(&fixture("convention-modifiee.docx"), View::Accept);
    assert_eq!(text_lines(&untracked), expected);
    assert!(!untracked.tracked.changes_text());
    assert!(blocks(&tracked) == blocks(&untracked), "same blocks, headings and items included");
    // The renamed heading stays a heading with its bookmark.
    let h = tracked
        .blocks
        .iter()
        .find(|b| norm(&show(b)) == "#### ii) Création d'un comité technique")
        .expect("renamed heading");
    assert_eq!(sorted(&h.bookmarks), ["_Toc000007", "_cl_ii_a_1_ii"]);
    let t = tracked.tracked;
    assert_eq!((t.inserted_marks, t.deleted_marks), (1, 1), "{:?}", t);
    assert!(t.insertions >= 4 && t.deletions >= 3, "{:?}", t);
}

#[test]
fn tracked_changes_rejected_give_the_original_text() {
    let original = read(&fixture("convention.docx"), View::Accept);
    let rejected = read(&fixture("convention-suivi.docx"), View::Reject);
    assert_eq!(text_lines(&rejected), convention_lines());
    // Same structure: every heading at its level, every item its kind.
    assert!(blocks(&rejected) == blocks(&original), "same blocks, headings and items included");
    // (LibreOffice writes two bookmarks starting at one place in its own order.)
    let marks = |d: &DocxText| d.blocks.iter().map(|b| sorted(&b.bookmarks)).collect::<Vec<_>>();
    assert_eq!(marks(&rejected), marks(&original), "bookmarks where clausier put them");
}

// ---------------------------------------------------------------------------
// DOCX written by clausier from random documents read back (proptest).

mod random {
    use super::*;
    use clausier::model::{Alinea, Division, Document};
    use proptest::prelude::*;

    fn cases(default: u32) -> u32 {
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
    }

    fn text() -> impl Strategy<Value = String> {
        proptest::string::string_regex(r"[a-zA-Zéèàçô0-9 ,;:!?«»'’().\-%°]{1,24}").unwrap()
    }

    fn inlines() -> impl Strategy<Value = Vec<Inline>> {
        let style = (any::<bool>(), any::<bool>(), prop::bool::weighted(0.2), prop::bool::weighted(0.2))
            .prop_map(|(bold, italic, underline, superscript)| Style { bold, italic, underline, superscript });
        prop::collection::vec(
            prop_oneof![9 => (text(), style).prop_map(|(t, s)| Inline::styled(t, s)), 1 => Just(Inline::Break)],
            1..6,
        )
        .prop_map(clausier::markdown::normalize)
        .prop_filter("some text", |v| !v.is_empty())
    }

    fn alinea() -> impl Strategy<Value = Alinea> {
        prop_oneof![
            6 => inlines().prop_map(Alinea::paragraph),
            2 => inlines().prop_map(|i| Alinea { kind: AlineaKind::Item { marker: None }, inlines: i, change: Default::default() }),
            1 => (inlines(), prop::sample::select(vec!["a)", "1°", "2.", "iv)"])).prop_map(|(i, m)| Alinea { kind: AlineaKind::Item { marker: Some(m.to_string()) }, inlines: i, change: Default::default() }),
            1 => (prop::collection::vec(prop::collection::vec(inlines(), 2..4), 1..4), any::<bool>())
                .prop_map(|(rows, header)| {
                    let w = rows.iter().map(Vec::len).max().unwrap_or(0);
                    let rows = rows.into_iter().map(|mut r| { r.resize(w, Vec::new()); r }).collect();
                    Alinea { kind: AlineaKind::Table { rows, header }, inlines: vec![], change: Default::default() }
                }),
        ]
    }

    fn division(level: usize) -> impl Strategy<Value = Division> {
        let leaf = (
            inlines(),
            prop::collection::vec(alinea(), 0..4),
            prop::option::of(prop::sample::select(vec!["I.", "A.", "1.", "i)", "Article 1er"])),
        );
        leaf.prop_map(move |(title, alineas, label)| Division {
            id: String::new(),
            label: label.map(str::to_string),
            title,
            level,
            alineas,
            ..Default::default()
        })
    }

    fn document() -> impl Strategy<Value = Document> {
        prop::collection::vec((division(1), prop::collection::vec(division(2), 0..3)), 1..4).prop_map(|tops| {
            let mut n = 0;
            let mut id = || {
                n += 1;
                format!("d{}", n)
            };
            let divisions = tops
                .into_iter()
                .map(|(mut d, children)| {
                    d.id = id();
                    d.children = children
                        .into_iter()
                        .map(|mut c| {
                            c.id = id();
                            c
                        })
                        .collect();
                    d
                })
                .collect();
            Document { divisions, ..Default::default() }
        })
    }

    /// The blocks a division should read as: its heading (label and title,
    /// as typeset), then its alinéas, then its children.
    fn expected(d: &Division, out: &mut Vec<TextBlock>) {
        let mut title = Vec::new();
        if let Some(l) = &d.label {
            title.push(Inline::plain(format!("{} ", l)));
        }
        title.extend(d.title.iter().cloned());
        let title = clausier::markdown::normalize(clausier::write::typeset(&clausier::markdown::normalize(title)));
        out.push(TextBlock::Heading { level: d.level, inlines: title, line: 0 });
        for a in &d.alineas {
            let ty = |v: &[Inline]| clausier::markdown::normalize(clausier::write::typeset(v));
            let alinea = match &a.kind {
                AlineaKind::Table { rows, header } => Alinea {
                    kind: AlineaKind::Table {
                        rows: rows.iter().map(|r| r.iter().map(|c| ty(c)).collect()).collect(),
                        header: *header,
                    },
                    inlines: vec![],
                    change: Default::default(),
                },
                // Written as its marker, a tab, then the text.
                AlineaKind::Item { marker: Some(m) } => {
                    let mut v = vec![Inline::plain(format!("{} ", m))];
                    v.extend(ty(&a.inlines));
                    Alinea::paragraph(clausier::markdown::normalize(v))
                }
                k => Alinea { kind: k.clone(), inlines: ty(&a.inlines), change: Default::default() },
            };
            out.push(TextBlock::Alinea { alinea, line: 0 });
        }
        for c in &d.children {
            expected(c, out);
        }
    }

    /// An ordinal's suffix set in superscript (« 0<sup>e</sup> ») is
    /// typography, not formatting: the reader gives it back as plain « 0e »,
    /// which the writer sets in superscript again. Both sides of the
    /// comparison are read with the writers' one rule of what an ordinal is.
    fn ordinals_plain(v: Vec<Inline>) -> Vec<Inline> {
        let v = clausier::markdown::normalize(v);
        let text_of = |i: Option<&Inline>| match i {
            Some(Inline::Text { text, .. }) => Some(text.clone()),
            _ => None,
        };
        let mut out: Vec<Inline> = Vec::new();
        for (k, i) in v.iter().enumerate() {
            let mut i = i.clone();
            if let Inline::Text { text, style } = &mut i {
                let prev = text_of(out.last());
                if let (true, Some(prev)) = (style.superscript, prev) {
                    let before =
                        out.len().checked_sub(2).and_then(|j| text_of(out.get(j))).and_then(|t| t.chars().next_back());
                    let after = text_of(v.get(k + 1)).and_then(|t| t.chars().next());
                    let joined = format!("{prev}{text}");
                    let pieces = clausier::french::ordinal_pieces_between(&joined, before, after);
                    if pieces.last() == Some(&(text.as_str(), true)) {
                        style.superscript = false;
                    }
                }
            }
            out.push(i);
        }
        clausier::markdown::normalize(out)
    }

    fn without_lines(v: Vec<TextBlock>) -> Vec<TextBlock> {
        v.into_iter()
            .map(|b| match b {
                TextBlock::Heading { level, inlines, .. } => {
                    TextBlock::Heading { level, inlines: ordinals_plain(inlines), line: 0 }
                }
                TextBlock::Alinea { mut alinea, .. } => {
                    alinea.inlines = ordinals_plain(std::mem::take(&mut alinea.inlines));
                    if let AlineaKind::Table { rows, .. } = &mut alinea.kind {
                        for cell in rows.iter_mut().flatten() {
                            *cell = ordinals_plain(std::mem::take(cell));
                        }
                    }
                    TextBlock::Alinea { alinea, line: 0 }
                }
                TextBlock::Rule { .. } => TextBlock::Rule { line: 0 },
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases(64)))]

        #[test]
        fn clausier_docx_of_random_documents_reads_back_as_the_same_blocks(doc in document()) {
            let bytes = clausier::write::render(&doc, "docx");
            let d = read(&bytes, View::Accept);
            let mut want = Vec::new();
            for div in &doc.divisions {
                expected(div, &mut want);
            }
            let got = without_lines(d.blocks.into_iter().map(|b| b.block).collect());
            prop_assert_eq!(got, without_lines(want));
        }
    }
}

// ---------------------------------------------------------------------------
// Hand-written packages, one WordprocessingML feature at a time.

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A package: `document.xml` with this body, and other parts of
/// `word/` with the relationship kind naming them (`styles`, `numbering`,
/// `footnotes`…).
fn docx_parts(body: &str, parts: &[(&str, &str, &str)]) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {}><w:body>{}</w:body></w:document>"#,
        NS, body
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (k, (name, kind, _)) in parts.iter().enumerate() {
        rels.push_str(&format!(r#"<Relationship Id="rId{}" Type="{}/{}" Target="{}"/>"#, k + 1, REL, kind, name));
    }
    rels.push_str("</Relationships>");
    let root_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{}/officeDocument" Target="word/document.xml"/></Relationships>"#,
        REL
    );
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>"#;
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), types.as_bytes().to_vec()),
        ("_rels/.rels".into(), root_rels.into_bytes()),
        ("word/document.xml".into(), document.into_bytes()),
        ("word/_rels/document.xml.rels".into(), rels.into_bytes()),
    ];
    for (name, _, xml) in parts {
        entries.push((format!("word/{}", name), xml.as_bytes().to_vec()));
    }
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    zip(&refs)
}

fn docx(body: &str) -> Vec<u8> {
    docx_parts(body, &[])
}

fn part(root: &str, inner: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:{} {}>{}</w:{}>"#, root, NS, inner, root)
}

fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#, text)
}

fn lines(bytes: &[u8], view: View) -> Vec<String> {
    shown(&read(bytes, view))
}

#[test]
fn fields_give_their_result_never_their_code() {
    let body = [
        r#"<w:p><w:r><w:t xml:space="preserve">Voir page </w:t></w:r><w:fldSimple w:instr=" PAGEREF _Toc1 \h "><w:r><w:t>7</w:t></w:r></w:fldSimple><w:r><w:t>.</w:t></w:r></w:p>"#,
        // A complex field with a nested one in its instruction and in its result.
        r#"<w:p><w:r><w:t xml:space="preserve">Le </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>MERGEFIELD date</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>CACHÉ</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:instrText xml:space="preserve"> = "" "x" "y" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve">1er janvier </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DATE \@ yyyy</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2027</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> à Paris</w:t></w:r></w:p>"#,
        // A table of contents: one field over several paragraphs.
        r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>TOC \o "1-3"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:hyperlink w:anchor="_Toc1"><w:r><w:t>I. Objet</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>3</w:t></w:r></w:hyperlink></w:p>"#,
        r#"<w:p><w:hyperlink w:anchor="_Toc2"><w:r><w:t>II. Durée</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>4</w:t></w:r></w:hyperlink><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
        // A field with no result shows nothing; a stray end changes nothing.
        r#"<w:p><w:r><w:t xml:space="preserve">Fin</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r></w:p>"#,
    ]
    .concat();
    assert_eq!(
        lines(&docx(&body), View::Accept),
        ["Voir page 7.", "Le 1er janvier 2027 à Paris", "I. Objet 3", "II. Durée 4", "Fin."]
    );
}

#[test]
fn containers_are_read_through() {
    let body = [
        // Block-level content control, smart tag, custom XML, hyperlink, ruby.
        r#"<w:sdt><w:sdtPr><w:alias w:val="Nom"/><w:placeholder><w:docPart w:val="X"/></w:placeholder></w:sdtPr><w:sdtContent>"#,
        &p("Entre la Ville de Paris"),
        r#"</w:sdtContent></w:sdt>"#,
        r#"<w:customXml w:element="partie"><w:customXmlPr><w:attr w:name="id" w:val="ivry"/></w:customXmlPr><w:p><w:r><w:t xml:space="preserve">et la </w:t></w:r><w:smartTag w:element="City"><w:smartTagPr><w:attr w:name="x" w:val="y"/></w:smartTagPr><w:r><w:t>Ville</w:t></w:r></w:smartTag><w:r><w:t xml:space="preserve"> </w:t></w:r><w:sdt><w:sdtPr><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>d'Ivry-sur-Seine</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t xml:space="preserve"> (</w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:t>www.ivry94.fr</w:t></w:r></w:hyperlink><w:r><w:t>)</w:t></w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>GUIDE</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>.</w:t></w:r></w:rubyBase></w:ruby></w:p></w:customXml>"#,
        // One branch of an AlternateContent: the text box once, after its paragraph.
        r#"<w:p><w:r><w:t xml:space="preserve">Avant la zone</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Texte du cadre</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>Texte du cadre</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t xml:space="preserve">, après.</w:t></w:r></w:p>"#,
        // A Fallback alone is read.
        r#"<w:p><mc:AlternateContent><mc:Fallback><w:r><w:t>Repli</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>"#,
        // Office Math keeps its letters.
        r#"<w:p><w:r><w:t xml:space="preserve">Soit </w:t></w:r><m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath></w:p>"#,
    ]
    .concat();
    assert_eq!(
        lines(&docx(&body), View::Accept),
        [
            "Entre la Ville de Paris",
            "et la Ville d'Ivry-sur-Seine (www.ivry94.fr).",
            "Avant la zone, après.",
            "Texte du cadre",
            "Repli",
            "Soit x+1"
        ]
    );
}

#[test]
fn characters_breaks_and_hyphens() {
    let body = [
        r#"<w:p><w:r><w:t>Ivry</w:t><w:noBreakHyphen/><w:t>sur</w:t><w:noBreakHyphen/><w:t>Seine</w:t><w:tab/><w:t>con</w:t><w:softHyphen/><w:t>vention</w:t><w:br/><w:t>ligne</w:t><w:br w:type="page"/><w:t>page</w:t><w:cr/><w:t>fin </w:t><w:sym w:font="Symbol" w:char="F0B3"/><w:t xml:space="preserve"> 2 </w:t><w:sym w:font="Wingdings" w:char="F0FE"/><w:lastRenderedPageBreak/></w:r></w:p>"#,
        // Control characters and entities.
        "<w:p><w:r><w:t>A&amp;B &lt;c&gt; &#x2019; &#233;</w:t></w:r></w:p>",
        "<w:p><w:r><w:t><![CDATA[brut <b>]]></w:t></w:r></w:p>",
    ]
    .concat();
    let d = read(&docx(&body), View::Accept);
    let TextBlock::Alinea { alinea, .. } = &d.blocks[0].block else { panic!() };
    assert_eq!(
        alinea.inlines,
        vec![
            Inline::plain("Ivry-sur-Seine convention"),
            Inline::Break,
            Inline::plain("ligne page"),
            Inline::Break,
            Inline::plain("fin ≥ 2 ☑")
        ]
    );
    assert_eq!(shown(&d)[1..], ["A&B <c> ’ é", "brut <b>"]);
}

#[test]
fn formatting_from_runs_and_styles() {
    let styles = part(
        "styles",
        r#"<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>
           <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
           <w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>
           <w:style w:type="paragraph" w:styleId="Intitule"><w:name w:val="Intitulé"/><w:basedOn w:val="Normal"/><w:rPr><w:b/><w:u w:val="single"/></w:rPr></w:style>
           <w:style w:type="paragraph" w:styleId="Article"><w:name w:val="Article"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
           <w:style w:type="character" w:styleId="Exposant"><w:name w:val="Exposant"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
           <w:style w:type="character" w:styleId="Gras"><w:name w:val="Gras"/><w:rPr><w:b/></w:rPr></w:style>"#,
    );
    let body = [
        // The heading style's bold is its look, not the words'; direct italic is kept.
        r#"<w:p><w:pPr><w:pStyle w:val="Titre1"/></w:pPr><w:r><w:t xml:space="preserve">Titre </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>premier</w:t></w:r></w:p>"#,
        // A bold, underlined paragraph style makes its words bold and underlined;
        // a bold character style inside it toggles bold off (ECMA-376 17.7.3).
        r#"<w:p><w:pPr><w:pStyle w:val="Intitule"/></w:pPr><w:r><w:t xml:space="preserve">Article </w:t></w:r><w:r><w:rPr><w:rStyle w:val="Gras"/></w:rPr><w:t>1</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Exposant"/></w:rPr><w:t>er</w:t></w:r></w:p>"#,
        // Direct formatting, with its off values; rPrChange (the old formatting) ignored.
        r#"<w:p><w:r><w:rPr><w:b/><w:bCs/><w:rPrChange w:id="1" w:author="x"><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr><w:t>gras</w:t></w:r><w:r><w:rPr><w:b w:val="0"/><w:u w:val="none"/><w:vertAlign w:val="baseline"/></w:rPr><w:t xml:space="preserve"> simple</w:t></w:r></w:p>"#,
        // Headings from an outline level in the style, and on the paragraph.
        r#"<w:p><w:pPr><w:pStyle w:val="Article"/></w:pPr><w:r><w:t>Par le style</w:t></w:r></w:p>"#,
        r#"<w:p><w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:r><w:t>Par le paragraphe</w:t></w:r></w:p>"#,
        r#"<w:p><w:pPr><w:pStyle w:val="Article"/><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>Corps</w:t></w:r></w:p>"#,
    ]
    .concat();
    let d = read(&docx_parts(&body, &[("styles.xml", "styles", &styles)]), View::Accept);
    let bold = Style { bold: true, ..Style::PLAIN };
    let blocks: Vec<TextBlock> = d.blocks.iter().map(|b| b.block.clone()).collect();
    assert_eq!(
        blocks[0],
        TextBlock::Heading {
            level: 1,
            inlines: vec![Inline::plain("Titre "), Inline::styled("premier", Style { italic: true, ..Style::PLAIN })],
            line: 1
        }
    );
    let bu = Style { bold: true, underline: true, ..Style::PLAIN };
    assert_eq!(
        blocks[1],
        TextBlock::Alinea {
            alinea: clausier::model::Alinea::paragraph(vec![
                Inline::styled("Article", bu),
                Inline::plain(" "),
                Inline::styled("1", Style { underline: true, ..Style::PLAIN }),
                Inline::styled("er", Style { bold: true, underline: true, ..Style::PLAIN })
            ]),
            line: 2
        }
    );
    // (The superscript of an ordinal's « er » is typography, read as plain text.)
    assert_eq!(
        blocks[2],
        TextBlock::Alinea {
            alinea: clausier::model::Alinea::paragraph(vec![Inline::styled("gras", bold), Inline::plain(" simple")]),
            line: 3
        }
    );
    assert_eq!(shown(&d)[3..], ["## Par le style", "### Par le paragraphe", "Corps"]);
    assert_eq!(d.blocks[1].style.as_deref(), Some("Intitulé"));
    assert_eq!(d.blocks[0].style.as_deref(), Some("heading 1"));
}

fn numbering_xml() -> String {
    let lvl = |k: u8, fmt: &str, text: &str, extra: &str| {
        format!(
            r#"<w:lvl w:ilvl="{}"><w:start w:val="1"/><w:numFmt w:val="{}"/>{}<w:lvlText w:val="{}"/></w:lvl>"#,
            k, fmt, extra, text
        )
    };
    part(
        "numbering",
        &format!(
            r#"<w:abstractNum w:abstractNumId="10">{}{}</w:abstractNum>
               <w:abstractNum w:abstractNumId="11">{}{}{}</w:abstractNum>
               <w:abstractNum w:abstractNumId="12">{}</w:abstractNum>
               <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
               <w:num w:numId="2"><w:abstractNumId w:val="11"/></w:num>
               <w:num w:numId="3"><w:abstractNumId w:val="12"/></w:num>
               <w:num w:numId="4"><w:abstractNumId w:val="11"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#,
            lvl(0, "upperRoman", "%1.", r#"<w:pStyle w:val="Titre1"/>"#),
            lvl(1, "ordinal", "Article %2", r#"<w:pStyle w:val="Titre2"/><w:lvlRestart w:val="0"/>"#),
            lvl(0, "decimal", "%1.", ""),
            lvl(1, "decimal", "%1.%2.", ""),
            lvl(2, "lowerLetter", "%3)", ""),
            lvl(0, "bullet", "–", ""),
        ),
    )
}

#[test]
fn automatic_numbering_as_word_shows_it() {
    let styles = part(
        "styles",
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
           <w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
           <w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="heading 2"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
           <w:style w:type="paragraph" w:styleId="ListeTirets"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>"#,
    );
    let h = |style: &str, t: &str| {
        format!(r#"<w:p><w:pPr><w:pStyle w:val="{}"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#, style, t)
    };
    let n = |num: u32, ilvl: u8, t: &str| {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{}"/><w:numId w:val="{}"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
            ilvl, num, t
        )
    };
    let body = [
        h("Titre1", "Dispositions générales"),
        h("Titre2", "Objet"),
        n(2, 0, "Premier point"),
        n(2, 1, "Sous-point"),
        n(2, 2, "lettre"),
        n(2, 2, "lettre"),
        n(2, 1, "Sous-point"),
        n(2, 2, "lettre après un niveau supérieur"),
        n(4, 2, "liste recommencée"),
        h("ListeTirets", "tiret"),
        h("Titre2", "Durée"),
        h("Titre1", "Dispositions finales"),
        // Articles run on across titles (lvlRestart 0).
        h("Titre2", "Entrée en vigueur"),
        // numId 0 removes the style's numbering; an unknown numId has none.
        r#"<w:p><w:pPr><w:pStyle w:val="Titre2"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>Sans numéro</w:t></w:r></w:p>"#.to_string(),
        n(99, 0, "Numérotation absente"),
        // An empty numbered paragraph still shows (and counts) its number.
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr></w:p>"#.to_string(),
        n(2, 0, "Après"),
    ]
    .concat();
    let bytes =
        docx_parts(&body, &[("styles.xml", "styles", &styles), ("numbering.xml", "numbering", &numbering_xml())]);
    assert_eq!(
        lines(&bytes, View::Accept),
        [
            "# I. Dispositions générales",
            "## Article 1er Objet",
            "1. Premier point",
            "1.1. Sous-point",
            "a) lettre",
            "b) lettre",
            "1.2. Sous-point",
            "a) lettre après un niveau supérieur",
            "a) liste recommencée",
            "- tiret",
            "## Article 2e Durée",
            "# II. Dispositions finales",
            "## Article 3e Entrée en vigueur",
            "## Sans numéro",
            "Numérotation absente",
            "2. ",
            "3. Après",
        ]
    );
}

#[test]
fn tables_rows_cells_and_merges() {
    let tc = |props: &str, t: &str| format!(r#"<w:tc><w:tcPr>{}</w:tcPr>{}</w:tc>"#, props, p(t));
    let body = [
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>",
        &format!(r#"<w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}</w:tr>"#, tc(r#"<w:gridSpan w:val="2"/>"#, "Ouvrage"), tc("", "Taux")),
        &format!(r#"<w:tr>{}{}{}</w:tr>"#, tc(r#"<w:vMerge w:val="restart"/>"#, "Canalisations"), tc("", "principales"), tc("", "50 %")),
        &format!(r#"<w:tr>{}{}{}</w:tr>"#, tc("<w:vMerge/>", ""), tc("", "de desserte"), tc("", "25 %")),
        &format!(r#"<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>{}{}</w:tr>"#, tc("", "seul"), tc("", "fin")),
        // A nested table: flattened into its cell, one line per paragraph.
        &format!(
            r#"<w:tr>{}<w:tc><w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>{}</w:tc>{}</w:tr>"#,
            tc("", "imbriqué"),
            p("a"),
            p("b"),
            p("c"),
            tc("", "")
        ),
        "</w:tbl>",
        // An all-empty table is no alinéa.
        &format!("<w:tbl><w:tr>{}</w:tr></w:tbl>", tc("", "")),
        &p("Après"),
    ]
    .concat();
    let d = read(&docx(&body), View::Accept);
    assert_eq!(shown(&d), ["(en-tête) | Ouvrage |  | Taux |\n| Canalisations | principales | 50 % |\n|  | de desserte | 25 % |\n|  | seul | fin |\n| imbriqué | a / b / c |  |", "Après"]);
}

#[test]
fn tracked_runs_marks_and_rows_both_ways() {
    let ins = |t: &str| {
        format!(
            r#"<w:ins w:id="1" w:author="A" w:date="2027-01-01T00:00:00Z"><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:ins>"#,
            t
        )
    };
    let del = |t: &str| {
        format!(r#"<w:del w:id="2" w:author="A"><w:r><w:delText xml:space="preserve">{}</w:delText></w:r></w:del>"#, t)
    };
    let mark = |kind: &str| format!(r#"<w:pPr><w:rPr><w:{} w:id="3" w:author="A"/></w:rPr></w:pPr>"#, kind);
    let body = [
        // Words replaced.
        format!(r#"<w:p><w:r><w:t xml:space="preserve">Le comité se réunit </w:t></w:r>{}{}<w:r><w:t>.</w:t></w:r></w:p>"#, del("par trimestre"), ins("tous les deux mois")),
        // A paragraph inserted after a heading: its mark is the heading's, inserted.
        format!(r#"<w:p><w:pPr><w:pStyle w:val="Heading2"/><w:rPr><w:ins w:id="4" w:author="A"/></w:rPr></w:pPr><w:r><w:t>Durée</w:t></w:r></w:p><w:p>{}</w:p>"#, ins("Nouvel alinéa.")),
        // A paragraph deleted, mark included: it leaves no trace on accept.
        format!(r#"<w:p>{}{}</w:p>"#, mark("del"), del("Alinéa supprimé.")),
        p("Alinéa suivant."),
        // Two paragraphs joined by deleting the mark between them.
        format!(r#"<w:p>{}<w:r><w:t xml:space="preserve">Première moitié, </w:t></w:r></w:p>"#, mark("del")),
        p("seconde moitié."),
        // A paragraph split in two (Enter typed in its middle): one on reject.
        format!(r#"<w:p>{}<w:r><w:t xml:space="preserve">Première partie </w:t></w:r></w:p>"#, mark("ins")),
        p("et suite du même alinéa."),
        // Moved text: gone from its old place, present at the new one, on accept.
        r#"<w:p><w:moveFrom w:id="5" w:author="A"><w:r><w:t>Déplacé</w:t></w:r></w:moveFrom><w:r><w:t xml:space="preserve"> ici</w:t></w:r><w:moveTo w:id="6" w:author="A"><w:r><w:t xml:space="preserve"> et là</w:t></w:r></w:moveTo></w:p>"#.to_string(),
        // A paragraph restyled: accepting keeps its style, rejecting gives
        // the old one back (a text made a heading, a heading made text).
        r#"<w:p><w:pPr><w:pStyle w:val="Heading3"/><w:pPrChange w:id="7" w:author="A"><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:pPrChange></w:pPr><w:r><w:t>Titre restylé</w:t></w:r></w:p>"#.to_string(),
        r#"<w:p><w:pPr><w:pPrChange w:id="10" w:author="A"><w:pPr><w:pStyle w:val="Heading2"/></w:pPr></w:pPrChange></w:pPr><w:r><w:t>Titre devenu texte</w:t></w:r></w:p>"#.to_string(),
        // Rows inserted and deleted whole.
        format!(
            r#"<w:tbl><w:tr><w:tc>{}</w:tc></w:tr><w:tr><w:trPr><w:ins w:id="8" w:author="A"/></w:trPr><w:tc><w:p>{}{}</w:p></w:tc></w:tr><w:tr><w:trPr><w:del w:id="9" w:author="A"/></w:trPr><w:tc><w:p>{}{}</w:p></w:tc></w:tr></w:tbl>"#,
            p("gardée"),
            mark("ins"),
            ins("ajoutée"),
            mark("del"),
            del("retirée")
        ),
        // A comment is not text.
        r#"<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Commenté</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>"#.to_string(),
    ]
    .concat();
    let bytes = docx(&body);
    assert_eq!(
        lines(&bytes, View::Accept),
        [
            "Le comité se réunit tous les deux mois.",
            "## Durée",
            "Nouvel alinéa.",
            "Alinéa suivant.",
            "Première moitié, seconde moitié.",
            "Première partie",
            "et suite du même alinéa.",
            "ici et là",
            "### Titre restylé",
            "Titre devenu texte",
            "| gardée |\n| ajoutée |",
            "Commenté"
        ]
    );
    assert_eq!(
        lines(&bytes, View::Reject),
        [
            "Le comité se réunit par trimestre.",
            "## Durée",
            "Alinéa supprimé.",
            "Alinéa suivant.",
            "Première moitié,",
            "seconde moitié.",
            "Première partie et suite du même alinéa.",
            "Déplacé ici",
            "Titre restylé",
            "## Titre devenu texte",
            "| gardée |\n| retirée |",
            "Commenté"
        ]
    );
    let t = read(&bytes, View::Accept).tracked;
    assert_eq!((t.insertions, t.deletions, t.moves), (3, 3, 1), "{:?}", t);
    assert_eq!((t.inserted_marks, t.deleted_marks, t.inserted_rows, t.deleted_rows), (3, 3, 1, 1), "{:?}", t);
    assert_eq!((t.formatting, t.comments), (2, 1));
    assert!(t.changes_text());
}

#[test]
fn notes_follow_their_paragraph_and_endnotes_the_document() {
    let footnotes = part(
        "footnotes",
        r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
           <w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Journal officiel du 5 août 1999.</w:t></w:r></w:p></w:footnote>
           <w:footnote w:id="2"><w:p><w:r><w:t>* Note à appel libre.</w:t></w:r></w:p><w:p><w:r><w:t>Second alinéa de la note.</w:t></w:r></w:p></w:footnote>"#,
    );
    let endnotes = part(
        "endnotes",
        r#"<w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t xml:space="preserve"> Note de fin.</w:t></w:r></w:p></w:endnote>"#,
    );
    let settings =
        part("settings", r#"<w:footnotePr><w:numFmt w:val="decimal"/><w:numStart w:val="1"/></w:footnotePr>"#);
    let body = [
        r#"<w:p><w:r><w:t>Vu la convention</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve"> ;</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t>Vu l'avenant</w:t></w:r><w:r><w:footnoteReference w:customMarkFollows="1" w:id="2"/><w:t>*</w:t></w:r><w:r><w:t xml:space="preserve"> ;</w:t></w:r><w:r><w:endnoteReference w:id="1"/></w:r></w:p>"#,
        &p("Article unique."),
    ]
    .concat();
    let bytes = docx_parts(
        &body,
        &[
            ("footnotes.xml", "footnotes", &footnotes),
            ("endnotes.xml", "endnotes", &endnotes),
            ("settings.xml", "settings", &settings),
        ],
    );
    assert_eq!(
        lines(&bytes, View::Accept),
        [
            "Vu la convention(1) ;",
            "(1) Journal officiel du 5 août 1999.",
            "Vu l'avenant* ;(i)",
            "* Note à appel libre.",
            "Second alinéa de la note.",
            "Article unique.",
            "(i) Note de fin."
        ]
    );
}

#[test]
fn bookmarks_belong_to_the_block_they_start_in_or_before() {
    let body = [
        r#"<w:bookmarkStart w:id="0" w:name="division-objet"/>"#,
        &p("Objet"),
        r#"<w:bookmarkEnd w:id="0"/>"#,
        r#"<w:p><w:r><w:t xml:space="preserve">Dans </w:t></w:r><w:bookmarkStart w:id="1" w:name="_Toc1"/><w:r><w:t>le texte</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p>"#,
        // On an empty paragraph: carried to the next block.
        r#"<w:p><w:bookmarkStart w:id="2" w:name="vide"/><w:bookmarkEnd w:id="2"/></w:p>"#,
        r#"<w:tbl><w:tr><w:tc><w:p><w:bookmarkStart w:id="3" w:name="cellule"/><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        r#"<w:bookmarkStart w:id="4" w:name="fin"/>"#,
    ]
    .concat();
    let d = read(&docx(&body), View::Accept);
    let marks: Vec<Vec<String>> = d.blocks.iter().map(|b| b.bookmarks.clone()).collect();
    assert_eq!(marks, [vec!["division-objet"], vec!["_Toc1"], vec!["vide", "cellule", "fin"]]);
}

#[test]
fn relationships_outside_the_package_are_not_followed() {
    // Styles named by an external target and by a path climbing out of the
    // package: neither is read, the document is.
    let body = r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Titre</w:t></w:r></w:p>"#;
    let document = format!(r#"<w:document {}><w:body>{}</w:body></w:document>"#, NS, body);
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{0}/styles" Target="file:///etc/passwd" TargetMode="External"/><Relationship Id="rId2" Type="{0}/numbering" Target="../../../etc/passwd"/><Relationship Id="rId3" Type="{0}/footnotes" Target="http://example.com/f.xml"/></Relationships>"#,
        REL
    );
    let root_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{}/officeDocument" Target="/word/document.xml"/></Relationships>"#,
        REL
    );
    let bytes = zip(&[
        ("_rels/.rels", root_rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
    ]);
    // Heading1 read by its id though the styles part is out of reach.
    assert_eq!(lines(&bytes, View::Accept), ["# Titre"]);
}

// ---------------------------------------------------------------------------
// Hostile packages: one clear error, or a result; never a panic, a hang or
// a blow-up.

#[test]
fn not_a_docx() {
    assert!(refusal(b"").contains("not a DOCX"));
    assert!(refusal(b"Hello").contains("not a zip archive"));
    assert!(refusal(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").contains(".doc"));
    assert!(refusal(b"PK\x03\x04 truncated").contains("damaged zip"));
    let no_main = zip(&[("word/styles.xml", part("styles", "").as_bytes())]);
    assert!(refusal(&no_main).contains("no main part (word/document.xml)"), "{}", refusal(&no_main));
    let xlsx = zip(&[(
        "word/document.xml",
        br#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#,
    )]);
    assert!(refusal(&xlsx).contains("not a Word part"), "{}", refusal(&xlsx));
}

#[test]
fn a_damaged_zip_entry_is_named() {
    // docx-rs 0.4.22 panics on this one (read_zip.rs unwraps the inflation).
    let mut bytes = docx(&p(&"mot ".repeat(2000)));
    let name = b"word/document.xml";
    let local = bytes.windows(name.len()).position(|s| s == name).unwrap() + name.len();
    for b in &mut bytes[local + 4..local + 14] {
        *b ^= 0xA5;
    }
    let m = refusal(&bytes);
    assert!(m.starts_with("word/document.xml: cannot be inflated"), "{}", m);
}

#[test]
fn malformed_parts_are_named() {
    let bad = |xml: &str| zip(&[("word/document.xml", xml.as_bytes())]);
    let m = refusal(&bad(&format!("<w:document {}><w:body><w:p><w:r><w:t>x</w:r></w:p></w:body></w:document>", NS)));
    assert!(m.starts_with("word/document.xml: malformed XML at byte"), "{}", m);
    let m = refusal(&bad(&format!("<w:document {}><w:body><w:p><w:r><w:t>coupé", NS)));
    assert!(m.contains("word/document.xml") && m.contains("still open"), "{}", m);
    let m = refusal(&bad(r#"<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><w:document/>"#));
    assert!(m.contains("DTD"), "{}", m);
    let m = refusal(&bad(&format!(
        "<w:document {}><w:body><w:p><w:r><w:t>&lol;</w:t></w:r></w:p></w:body></w:document>",
        NS
    )));
    assert!(m.contains("malformed XML"), "{}", m);
    let mut latin1 = format!("<w:document {}><w:body><w:p><w:r><w:t>caf", NS).into_bytes();
    latin1.push(0xE9);
    latin1.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
    let m = refusal(&zip(&[("word/document.xml", &latin1)]));
    assert!(m.contains("word/document.xml"), "{}", m);
    let m = refusal(&bad("\u{feff}"));
    assert!(m.contains("empty part"), "{}", m);
    let m = refusal(&zip(&[("word/document.xml", b"\xFF\xFE<\x00")]));
    assert!(m.contains("UTF-16"), "{}", m);
    // A broken styles part is named too.
    let m = refusal(&docx_parts(&p("x"), &[("styles.xml", "styles", "<w:styles><w:style>")]));
    assert!(m.starts_with("word/styles.xml:"), "{}", m);
    let m = refusal(&docx_parts(&p("x"), &[("numbering.xml", "numbering", "<oops")]));
    assert!(m.starts_with("word/numbering.xml:"), "{}", m);
}

/// Raw zip bytes with declared sizes as given (a zip bomb declares its
/// real size; a lying one declares less than it inflates to).
fn raw_zip(name: &str, data: &[u8], declared: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let n = name.len() as u16;
    let le16 = |v: u16| v.to_le_bytes();
    let le32 = |v: u32| v.to_le_bytes();
    out.extend_from_slice(&le32(0x04034b50));
    out.extend_from_slice(&le16(20));
    out.extend_from_slice(&le16(0));
    out.extend_from_slice(&le16(8)); // deflate
    out.extend_from_slice(&[0; 4]); // time, date
    out.extend_from_slice(&le32(0)); // crc (never checked: refused before)
    out.extend_from_slice(&le32(data.len() as u32));
    out.extend_from_slice(&le32(declared));
    out.extend_from_slice(&le16(n));
    out.extend_from_slice(&le16(0));
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(data);
    let cd = out.len() as u32;
    out.extend_from_slice(&le32(0x02014b50));
    out.extend_from_slice(&le16(20));
    out.extend_from_slice(&le16(20));
    out.extend_from_slice(&le16(0));
    out.extend_from_slice(&le16(8));
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&le32(0));
    out.extend_from_slice(&le32(data.len() as u32));
    out.extend_from_slice(&le32(declared));
    out.extend_from_slice(&le16(n));
    out.extend_from_slice(&[0; 8]); // extra, comment, disk, internal attrs
    out.extend_from_slice(&le32(0)); // external attrs
    out.extend_from_slice(&le32(0)); // local header offset
    out.extend_from_slice(name.as_bytes());
    let cd_len = out.len() as u32 - cd;
    out.extend_from_slice(&le32(0x06054b50));
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&le16(1));
    out.extend_from_slice(&le16(1));
    out.extend_from_slice(&le32(cd_len));
    out.extend_from_slice(&le32(cd));
    out.extend_from_slice(&le16(0));
    out
}

/// A deflate stream inflating to `mib` MiB of spaces, built from one
/// compressed 64 KiB repeated (full flushes make the blocks independent).
fn deflate_bomb(mib: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let chunk = vec![b' '; 1 << 16];
    let mut c = Compress::new(Compression::best(), false);
    let mut block = Vec::with_capacity(1 << 12);
    c.compress_vec(&chunk, &mut block, FlushCompress::Full).unwrap();
    let mut out = Vec::with_capacity(block.len() * mib * 16 + 8);
    for _ in 0..mib * 16 {
        out.extend_from_slice(&block);
    }
    out.extend_from_slice(&[0x03, 0x00]); // an empty final block
    out
}

#[test]
fn zip_bombs_are_refused() {
    // 1 GiB declared, honestly: refused from the directory, before inflating.
    let bomb = deflate_bomb(1024);
    let m = refusal(&raw_zip("word/document.xml", &bomb, 1 << 30));
    assert!(m.contains("zip bomb"), "{}", m);
    // Declaring 1 KB but inflating to 200 MB: stopped past the 1 KB.
    let liar = deflate_bomb(200);
    let m = refusal(&raw_zip("word/document.xml", &liar, 1024));
    assert!(m.contains("word/document.xml: inflates to more than its zip entry declares"), "{}", m);
    // Too many entries.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for k in 0..10_001 {
        w.start_file(
            format!("{}", k),
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored),
        )
        .unwrap();
    }
    let m = refusal(&w.finish().unwrap().into_inner());
    assert!(m.contains("10001 entries"), "{}", m);
}

#[test]
fn large_and_deep_inputs_stay_linear() {
    // 100 000 empty paragraphs: no block, no time.
    let d = read(&docx(&"<w:p/>".repeat(100_000)), View::Accept);
    assert!(d.blocks.is_empty());
    // 20 000 paragraphs with words: as many blocks.
    let d = read(&docx(&p("Un alinéa.").repeat(20_000)), View::Accept);
    assert_eq!(d.blocks.len(), 20_000);
    // 30 000 nested containers inside a paragraph, and around one.
    let deep = format!(
        "<w:p>{}<w:r><w:t>profond</w:t></w:r>{}</w:p>",
        r#"<w:smartTag w:element="x">"#.repeat(30_000),
        "</w:smartTag>".repeat(30_000)
    );
    assert_eq!(lines(&docx(&deep), View::Accept), ["profond"]);
    let deep = format!(
        "{}{}{}",
        "<w:sdt><w:sdtContent>".repeat(20_000),
        p("encore"),
        "</w:sdtContent></w:sdt>".repeat(20_000)
    );
    assert_eq!(lines(&docx(&deep), View::Accept), ["encore"]);
    // 5 000 tables nested in one another: flattened into the first cell.
    let nested =
        format!("{}{}{}", "<w:tbl><w:tr><w:tc>".repeat(5_000), p("au fond"), "</w:tc></w:tr></w:tbl>".repeat(5_000));
    assert_eq!(lines(&docx(&nested), View::Accept), ["| au fond |"]);
    // 10 000 nested deletions and fields: counters, not stacks of scans.
    let dels = format!(
        "<w:p>{}<w:r><w:delText>x</w:delText></w:r>{}<w:r><w:t>y</w:t></w:r></w:p>",
        r#"<w:del w:id="1" w:author="a">"#.repeat(10_000),
        "</w:del>".repeat(10_000)
    );
    assert_eq!(lines(&docx(&dels), View::Accept), ["y"]);
    assert_eq!(lines(&docx(&dels), View::Reject), ["xy"]);
    let fields = format!(
        "<w:p>{}<w:r><w:t>z</w:t></w:r></w:p>",
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r>"#.repeat(10_000)
    );
    assert!(lines(&docx(&fields), View::Accept).is_empty());
}

#[test]
fn style_and_numbering_loops_end() {
    let styles = part(
        "styles",
        r#"<w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style><w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>"#,
    );
    let numbering = part(
        "numbering",
        r#"<w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="A"/></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
           <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="4294967295"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1%1%1%9"/></w:lvl></w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#,
    );
    let body = format!(
        r#"<w:p><w:pPr><w:pStyle w:val="A"/></w:pPr><w:r><w:t>boucle</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="99"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>grand</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>ensuite</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999999"/></w:tcPr>{}</w:tc></w:tr></w:tbl>"#,
        p("large")
    );
    let d = read(
        &docx_parts(&body, &[("styles.xml", "styles", &styles), ("numbering.xml", "numbering", &numbering)]),
        View::Accept,
    );
    let s = shown(&d);
    assert_eq!(s[0], "boucle");
    assert_eq!(s[1], "grand", "level 99 does not exist: no label");
    assert!(s[2].ends_with(" ensuite") && s[2].len() < 1000, "{}", s[2]);
    assert!(s[3].starts_with("| large |"), "{}", s[3]);
}

#[test]
fn amplifications_are_bounded() {
    // 20 000 paragraphs nested in paragraphs (text boxes in text boxes):
    // flattened past a few levels, every word kept, no square of the depth.
    let nested = format!("{}{}", r#"<w:p><w:r><w:t>mot</w:t></w:r>"#.repeat(20_000), "</w:p>".repeat(20_000));
    let d = read(&docx(&nested), View::Accept);
    let n: usize = d.blocks.iter().map(|b| show(b).matches("mot").count()).sum();
    assert_eq!(n, 20_000);
    // One footnote called 20 000 times is written out once.
    let footnotes =
        part("footnotes", r#"<w:footnote w:id="1"><w:p><w:r><w:t>Une longue note.</w:t></w:r></w:p></w:footnote>"#);
    let calls = format!("<w:p>{}</w:p>", r#"<w:r><w:footnoteReference w:id="1"/></w:r>"#.repeat(20_000));
    let d = read(&docx_parts(&calls, &[("footnotes.xml", "footnotes", &footnotes)]), View::Accept);
    assert_eq!(d.blocks.len(), 2);
    assert!(show(&d.blocks[0]).ends_with("(19999)(20000)"));
    // An element with 50 000 attributes.
    let attrs: String = (0..50_000).map(|k| format!(r#" w:a{}="x""#, k)).collect();
    let d = read(&docx(&format!(r#"<w:p><w:r><w:t{}>attributs</w:t></w:r></w:p>"#, attrs)), View::Accept);
    assert_eq!(shown(&d), ["attributs"]);
    // 20 000 namespace declarations: refused before each lookup costs them all.
    let decls: String = (0..20_000).map(|k| format!(r#" xmlns:n{}="urn:x{}""#, k, k)).collect();
    let doc = format!(r#"<w:document {}{}><w:body>{}</w:body></w:document>"#, NS, decls, p("x").repeat(1000));
    let m = refusal(&zip(&[("word/document.xml", doc.as_bytes())]));
    assert!(m.contains("namespace declarations"), "{}", m);
    // A row of 20 000 cells in a table of 500 rows: 64 columns at most,
    // the words past them in the last.
    let wide = format!("<w:tr>{}</w:tr>", "<w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc>".repeat(20_000));
    let tall = format!("<w:tr><w:tc>{}</w:tc></w:tr>", p("r")).repeat(500);
    let d = read(&docx(&format!("<w:tbl>{}{}</w:tbl>", wide, tall)), View::Accept);
    let TextBlock::Alinea { alinea: clausier::model::Alinea { kind: AlineaKind::Table { rows, .. }, .. }, .. } =
        &d.blocks[0].block
    else {
        panic!()
    };
    assert!(rows.iter().all(|r| r.len() == 64));
    assert_eq!(inline_text(&rows[0][63]).matches('c').count(), 20_000 - 63);
    // A label of 10 000 placeholders is cut.
    let numbering = part(
        "numbering",
        &format!(
            r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="{}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            "%1".repeat(10_000)
        ),
    );
    let items = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>point</w:t></w:r></w:p>"#.repeat(1_000);
    let d = read(&docx_parts(&items, &[("numbering.xml", "numbering", &numbering)]), View::Accept);
    assert!(d.blocks.iter().all(|b| show(b).len() <= 256 + " point".len()));
}

#[test]
fn embedded_documents_are_reported_not_dropped_silently() {
    let d = read(&docx(&format!(r#"{}<w:altChunk r:id="rId7"/>{}"#, p("Avant"), p("Après"))), View::Accept);
    assert_eq!(shown(&d), ["Avant", "Après"]);
    assert_eq!(d.unread.len(), 1);
    assert!(d.unread[0].contains("w:altChunk rId7") && d.unread[0].contains("after paragraph 1"), "{}", d.unread[0]);
}

#[test]
fn comments_are_read_apart_with_their_author_date_and_anchor() {
    let comments = part(
        "comments",
        r#"<w:comment w:id="0" w:author="Conseil municipal" w:date="2026-03-10T09:00:00Z" w:initials="CM"><w:p><w:r><w:annotationRef/></w:r><w:r><w:t>Prévoir</w:t></w:r></w:p><w:p><w:r><w:t>trois ans ?</w:t></w:r></w:p></w:comment>
           <w:comment w:id="1" w:author="Service"><w:p><w:r><w:t>Dans la table.</w:t></w:r></w:p></w:comment>
           <w:comment w:id="2" w:author="Direction"><w:p><w:r><w:t>Sans plage.</w:t></w:r></w:p></w:comment>
           <w:comment w:id="3" w:author="Perdu"><w:p><w:r><w:t>Nulle part.</w:t></w:r></w:p></w:comment>"#,
    );
    let body = [
        p("Premier alinéa."),
        r#"<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>La durée est de deux ans.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>"#.into(),
        format!(
            r#"<w:tbl><w:tr><w:tc><w:p><w:commentRangeStart w:id="1"/><w:r><w:t>cellule</w:t></w:r></w:p></w:tc></w:tr></w:tbl>{}"#,
            p("Après la table.")
        ),
        r#"<w:p><w:r><w:t>Fin.</w:t></w:r><w:r><w:commentReference w:id="2"/></w:r><w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r><w:r><w:commentReference w:id="9"/></w:r></w:p>"#.into(),
    ]
    .concat();
    let d = read(&docx_parts(&body, &[("comments.xml", "comments", &comments)]), View::Accept);
    assert_eq!(shown(&d), ["Premier alinéa.", "La durée est de deux ans.", "| cellule |", "Après la table.", "Fin."]);
    let c: Vec<(&str, Option<&str>, &str)> =
        d.comments.iter().map(|c| (c.author.as_str(), c.date.as_deref(), c.text.as_str())).collect();
    assert_eq!(
        c,
        [
            ("Conseil municipal", Some("2026-03-10T09:00:00Z"), "Prévoir\ntrois ans ?"),
            ("Service", None, "Dans la table."),
            ("Direction", None, "Sans plage."),
            ("Perdu", None, "Nulle part.")
        ]
    );
    let anchored: Vec<Vec<usize>> = d.blocks.iter().map(|b| b.comments.clone()).collect();
    assert_eq!(anchored, [vec![], vec![0], vec![1], vec![], vec![2]], "the last one has no anchor");
    assert!(d.blocks.iter().all(|b| b.bookmarks.is_empty()), "anchors are not bookmarks");
    assert_eq!(d.tracked.comments, 4, "references counted, an unknown one too");
}
